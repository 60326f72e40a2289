//! The firewall's vocabulary: what the rule engine decided, said the way AWS's analyzer says
//! it (`FirewallStatefulRule`, `FirewallStatelessRule`, the `<policy>-default` pseudo rule
//! group) and in plain words. A leaf: the walk and the answer both use it, it uses neither.

use super::question::Compat;
use super::Verdict;
use crate::space::{Family, IntervalSet, Space};
use reach_nfw::engine::{Decider, Outcome};
use reach_nfw::suricata::Direction;
use reach_nfw::Policy;

/// The firewall rule (or policy default) that decided a hop, with the fields of AWS's
/// `FirewallStatefulRule` / `FirewallStatelessRule`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FirewallRule {
    /// Whether the stateful engine decided (else the stateless one).
    pub stateful: bool,
    /// `RuleGroupArn`: the rule group, or the policy ARN with `-default` appended when the
    /// policy's default decided.
    pub rule_group_arn: String,
    /// The rule group's name (or `<policy>-default`).
    pub rule_group_name: String,
    /// `RuleAction`: `pass`, `drop`, `reject`, `forward_to_sfe`.
    pub action: String,
    /// `Protocol` (`TCP`, `TLS`, … for stateful rules; protocol numbers for stateless ones).
    pub protocol: Option<String>,
    /// `Sources`, expanded to CIDRs.
    pub sources: Vec<String>,
    /// `Destinations`, expanded to CIDRs.
    pub destinations: Vec<String>,
    /// `SourcePortRanges`.
    pub source_ports: Vec<(u16, u16)>,
    /// `DestinationPortRanges`.
    pub destination_ports: Vec<(u16, u16)>,
    /// `Direction` (`FORWARD` or `ANY`).
    pub direction: Option<String>,
    /// `Priority` of a stateless rule.
    pub priority: Option<i64>,
    /// The rule's `sid`.
    pub sid: Option<u64>,
    /// The rule as Suricata text.
    pub text: Option<String>,
    /// Its line in the rule group.
    pub line: Option<usize>,
    /// The packet of the conversation at which it decided.
    pub packet: Option<String>,
    /// What happened, in a sentence.
    pub plain: String,
    /// What happened, in a few words (`passed by sid 1000001`).
    pub short: String,
    /// Set when a policy default decided rather than a rule. AWS's `RuleGroupArn` names a rule
    /// group, which a default is not: answers then leave AWS's rule members out.
    pub policy_default: Option<PolicyDefault>,
}

/// A firewall policy's default, where it decided a flow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyDefault {
    /// The firewall policy's ARN.
    pub policy_arn: String,
    /// The default action as the policy writes it (`aws:drop_established`, `aws:pass`, …);
    /// `None` when no stateful default action drops, so the flow passes.
    pub action: Option<String>,
}

/// Rule options AWS's analyzer does not support, for one rule group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleOptions {
    /// The rule group.
    pub rule_group_arn: String,
    /// The rule (sid, or position), as text.
    pub rule: String,
    /// `Keyword` and `Settings`.
    pub options: Vec<(String, Vec<String>)>,
}

/// One application case of a faithful answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Case {
    /// The application behaviours it covers, in words.
    pub application: String,
    /// The verdict for them.
    pub verdict: Verdict,
    /// What the firewall does, in a few words.
    pub decision: String,
    /// The reachable destination ports.
    pub reachable_ports: IntervalSet,
}

/// The firewall rule behind an engine outcome.
pub(crate) fn firewall_rule(
    policy: &Policy,
    outcome: &Outcome,
    family: Family,
    compat: Compat,
) -> FirewallRule {
    let verdict = outcome.verdict.as_str();
    let past = match outcome.verdict {
        reach_nfw::Verdict::Pass => "passed",
        reach_nfw::Verdict::Drop => "dropped",
        reach_nfw::Verdict::Reject => "rejected",
    };
    let at = outcome
        .packet
        .filter(|_| compat == Compat::Faithful && outcome.verdict != reach_nfw::Verdict::Pass)
        .map(|packet| format!(" at {packet}"))
        .unwrap_or_default();
    let handshake = if compat == Compat::Faithful
        && outcome.verdict != reach_nfw::Verdict::Pass
        && outcome.passed_before.contains(&reach_nfw::Packet::SynAck)
    {
        " (the TCP handshake completes first)"
    } else {
        ""
    };
    let family_cidrs = |set: &reach_nfw::variables::AddressSet| -> Vec<String> {
        crate::space::cidrs(family, set.family(family))
            .iter()
            .map(ToString::to_string)
            .collect()
    };
    let mut rule = FirewallRule {
        stateful: true,
        rule_group_arn: policy.default_arn(),
        rule_group_name: format!("{}-default", policy.name),
        action: verdict.to_owned(),
        protocol: None,
        sources: Vec::new(),
        destinations: Vec::new(),
        source_ports: Vec::new(),
        destination_ports: Vec::new(),
        direction: None,
        priority: None,
        sid: None,
        text: None,
        line: None,
        packet: outcome.packet.map(|packet| packet.to_string()),
        plain: String::new(),
        short: String::new(),
        policy_default: None,
    };
    match &outcome.decider {
        Decider::StatefulRule(index) => {
            let stateful = &policy.stateful[*index];
            let group = &policy.groups[stateful.group];
            rule.rule_group_arn = group.arn.clone();
            rule.rule_group_name = group.name.clone();
            rule.protocol = Some(stateful.parsed.protocol.to_ascii_uppercase());
            rule.sources = family_cidrs(&stateful.sources);
            rule.destinations = family_cidrs(&stateful.destinations);
            rule.source_ports = reach_nfw::rule::StatefulRule::port_ranges(&stateful.source_ports);
            rule.destination_ports =
                reach_nfw::rule::StatefulRule::port_ranges(&stateful.destination_ports);
            rule.direction = Some(
                match stateful.parsed.direction {
                    Direction::ToServer => "FORWARD",
                    Direction::Both => "ANY",
                }
                .to_owned(),
            );
            rule.sid = stateful.sid;
            rule.text = Some(stateful.text.clone());
            rule.line = stateful.line;
            rule.short = format!("{past} by {}{at}", stateful.label());
            rule.plain = format!(
                "{past}{at} by {} of rule group {}{handshake}: `{}`",
                stateful.label(),
                group.name,
                stateful.text
            );
        }
        Decider::StatefulDefault(index) => {
            let default = &policy.defaults[*index];
            rule.action = "drop".to_owned();
            rule.policy_default = Some(PolicyDefault {
                policy_arn: policy.arn.clone(),
                action: Some(default.name.clone()),
            });
            rule.short = format!("{past} by the policy default `{}`{at}", default.name);
            rule.plain = if compat == Compat::Faithful {
                format!(
                    "no rule decided; the policy default {}, so the flow is {past}{at}{handshake}",
                    default.describe()
                )
            } else {
                format!("no 5-tuple rule matched; AWS's analyzer takes the policy default `{}` to drop the flow", default.name)
            };
        }
        Decider::NoRuleMatched => {
            rule.action = "pass".to_owned();
            rule.policy_default = Some(PolicyDefault {
                policy_arn: policy.arn.clone(),
                action: None,
            });
            rule.short = "passed: no rule decided and the policy has no drop default".to_owned();
            rule.plain = format!(
                "no rule decided; the policy {} has no stateful default action that drops, so the flow passes",
                policy.name
            );
        }
        Decider::StatelessRule(index) => {
            let stateless = &policy.stateless[*index];
            let group = &policy.groups[stateless.group];
            rule.stateful = false;
            rule.rule_group_arn = group.arn.clone();
            rule.rule_group_name = group.name.clone();
            rule.action = stateless
                .action
                .as_str()
                .trim_start_matches("aws:")
                .to_owned();
            rule.priority = Some(stateless.priority);
            let attributes = &stateless.attributes;
            rule.sources = attributes
                .sources
                .iter()
                .map(|a| a.address_definition.clone())
                .collect();
            rule.destinations = attributes
                .destinations
                .iter()
                .map(|a| a.address_definition.clone())
                .collect();
            // Ports as AWS prints them for a stateless rule: its ranges, clamped to 0-65535.
            let ranges = |ranges: &[reach_nfw::spec::PortRange]| {
                ranges
                    .iter()
                    .map(|range| {
                        (
                            range.from_port.clamp(0, 65535) as u16,
                            range.to_port.clamp(0, 65535) as u16,
                        )
                    })
                    .collect()
            };
            rule.source_ports = ranges(&attributes.source_ports);
            rule.destination_ports = ranges(&attributes.destination_ports);
            rule.protocol = (!attributes.protocols.is_empty()).then(|| {
                attributes
                    .protocols
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(",")
            });
            rule.short = format!(
                "{past} by stateless rule priority {} of {}",
                stateless.priority, group.name
            );
            rule.plain = format!(
                "{past}{at} by the stateless rule with priority {} of rule group {} ({})",
                stateless.priority,
                group.name,
                stateless.actions.join(", ")
            );
        }
        Decider::StatelessDefault => {
            rule.stateful = false;
            rule.policy_default = Some(PolicyDefault {
                policy_arn: policy.arn.clone(),
                action: Some(policy.stateless_default.as_str().to_owned()),
            });
            rule.action = policy
                .stateless_default
                .as_str()
                .trim_start_matches("aws:")
                .to_owned();
            rule.short = format!(
                "{past} by the stateless default `{}`",
                policy.stateless_default.as_str()
            );
            rule.plain = format!(
                "no stateless rule matched; the policy's stateless default `{}` {past} it{at}",
                policy.stateless_default.as_str()
            );
        }
    }
    if let (Some((packet, decider)), Compat::Faithful) = (&outcome.delayed, compat) {
        let by = match decider {
            Decider::StatefulDefault(index) => {
                format!("the policy default `{}`", policy.defaults[*index].name)
            }
            Decider::StatefulRule(index) => policy.stateful[*index].label(),
            Decider::StatelessRule(index) => format!(
                "stateless rule priority {}",
                policy.stateless[*index].priority
            ),
            _ => "the policy".to_owned(),
        };
        rule.short.push_str(&format!(
            ", one retransmission late ({packet} is dropped first, by {by})"
        ));
        rule.plain.push_str(&format!(
            "; {packet} is dropped first, by {by}, before the rule could read the message: the client retransmits it and the connection works one retransmission timeout late"
        ));
    }
    rule
}

/// The options AWS's analyzer reports as unsupported for these rules.
pub(crate) fn unsupported_options(policy: &Policy, rules: &[usize]) -> Vec<RuleOptions> {
    rules
        .iter()
        .filter_map(|index| {
            let rule = policy.stateful.get(*index)?;
            if rule.aws_unsupported_options.is_empty() {
                return None;
            }
            Some(RuleOptions {
                rule_group_arn: policy.groups[rule.group].arn.clone(),
                rule: rule.label(),
                options: rule
                    .aws_unsupported_options
                    .iter()
                    .map(|(keyword, value)| (keyword.clone(), value.iter().cloned().collect()))
                    .collect(),
            })
        })
        .collect()
}

/// Flows of a space, for a note: `destination port 80`, `destination ports 0-79, 81-65535`.
pub(crate) fn flows_in_words(space: &Space) -> String {
    let ports = space.destination_ports();
    if ports.count() == 65_536 {
        return "these flows".to_owned();
    }
    let list = ports.to_range_list();
    if ports.ranges().len() == 1 && ports.count() == 1 {
        format!("destination port {list}")
    } else {
        format!("destination ports {list}")
    }
}
