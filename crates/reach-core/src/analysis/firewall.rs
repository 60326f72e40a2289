//! The firewall's part of an answer: what the rule engine decided, said the way AWS's
//! analyzer says it (`FirewallStatefulRule`, the `<policy>-default` pseudo rule group) and in
//! plain words; the application cases a faithful answer tries; and the one line where the
//! other mode answers differently.

use super::question::{Compat, Resolved};
use super::walk::{walk, Mode};
use super::{Answer, Verdict};
use crate::model::Snapshot;
use crate::space::{Family, IntervalSet, Space};
use reach_nfw::engine::{Decider, Outcome};
use reach_nfw::flow::{AppProtocol, Scenario, DEFAULT_MSS_V4, DEFAULT_MSS_V6, SMALL_CLIENT_HELLO};
use reach_nfw::suricata::Direction;
use reach_nfw::Policy;
use std::collections::BTreeMap;

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

/// The scenario the question describes, completed with defaults.
fn asked_scenario(resolved: &Resolved) -> Scenario {
    let application = &resolved.question.application;
    let v6 = resolved
        .request
        .cubes()
        .first()
        .is_some_and(|cube| cube.family == Family::V6);
    Scenario {
        app: application.app.clone().unwrap_or(AppProtocol::None),
        server_name: application.server_name.clone(),
        client_hello_size: application.client_hello_size.unwrap_or(SMALL_CLIENT_HELLO),
        mss: application
            .mss
            .unwrap_or(if v6 { DEFAULT_MSS_V6 } else { DEFAULT_MSS_V4 }),
    }
}

/// Answers the question in its mode, and says in one line where the other mode differs.
pub(crate) fn answer(snapshot: &Snapshot, resolved: &Resolved) -> Answer {
    let compat = resolved.question.compat;
    let mut primary = answer_in(snapshot, resolved, compat);
    let other_compat = match compat {
        Compat::Faithful => Compat::Aws,
        Compat::Aws => Compat::Faithful,
    };
    let other = answer_in(snapshot, resolved, other_compat);
    let differs = other.verdict != primary.verdict
        || other.reachable_ports != primary.reachable_ports
        || firewall_decisions(&other) != firewall_decisions(&primary);
    if differs {
        let who = match other_compat {
            Compat::Aws => "AWS's analyzer (--compat aws) reports",
            Compat::Faithful => "Real traffic (without --compat aws):",
        };
        let decisions = firewall_decisions(&other);
        let decision = if decisions.is_empty() {
            String::new()
        } else {
            format!("; firewall: {}", decisions.join("; "))
        };
        primary.other_mode = Some(format!(
            "{who} {}{decision}",
            other.verdict.as_str().replace('_', " ")
        ));
    }
    primary
}

fn firewall_decisions(answer: &Answer) -> Vec<String> {
    let mut decisions: Vec<String> = answer
        .forward
        .iter()
        .filter_map(|hop| match &hop.rule {
            Some(super::Rule::Firewall(rule)) => Some(rule.short.clone()),
            _ => None,
        })
        .collect();
    decisions.extend(answer.explanations.iter().filter_map(|explanation| {
        explanation
            .firewall_rule
            .as_ref()
            .map(|rule| rule.short.clone())
    }));
    decisions.sort();
    decisions.dedup();
    decisions
}

fn answer_in(snapshot: &Snapshot, resolved: &Resolved, compat: Compat) -> Answer {
    let asked = asked_scenario(resolved);
    let (first, visits) = walk(
        snapshot,
        resolved,
        &Mode {
            compat,
            scenario: asked.clone(),
        },
    );
    if compat == Compat::Aws || visits.is_empty() {
        return first;
    }
    let policies: Vec<&Policy> = visits
        .iter()
        .filter_map(|firewall| snapshot.firewall_engines.get(firewall))
        .collect();
    let protocols = resolved
        .request
        .cubes()
        .iter()
        .fold(IntervalSet::empty(), |all, cube| all.union(&cube.protocols));
    let mut application = resolved.question.application.clone();
    application.mss = Some(asked.mss);
    let scenarios = reach_nfw::scenarios(&policies, &protocols, &application);
    if scenarios.len() <= 1 {
        let mut first = first;
        if resolved.question.application.app.is_some() {
            first
                .notes
                .push(format!("the flow is taken to be {}", asked.describe()));
        }
        return first;
    }
    let answers: Vec<(Scenario, Answer)> = scenarios
        .iter()
        .map(|scenario| {
            let (answer, _) = walk(
                snapshot,
                resolved,
                &Mode {
                    compat,
                    scenario: scenario.clone(),
                },
            );
            (scenario.clone(), answer)
        })
        .collect();
    combine(answers, &scenarios)
}

/// One answer from the answers of each scenario: the common one when they agree, else
/// `depends_on_application` with a case per group of scenarios that agree.
fn combine(answers: Vec<(Scenario, Answer)>, all: &[Scenario]) -> Answer {
    let mut groups: Vec<(Verdict, String, IntervalSet, Vec<Scenario>)> = Vec::new();
    for (scenario, answer) in &answers {
        let decision = firewall_decisions(answer).join("; ");
        match groups.iter_mut().find(|(verdict, existing, ports, _)| {
            *verdict == answer.verdict && *existing == decision && *ports == answer.reachable_ports
        }) {
            Some(group) => group.3.push(scenario.clone()),
            None => groups.push((
                answer.verdict,
                decision,
                answer.reachable_ports.clone(),
                vec![scenario.clone()],
            )),
        }
    }
    let tried = all
        .iter()
        .map(|scenario| scenario.app.to_string())
        .collect::<std::collections::BTreeSet<_>>();
    let tried = tried.into_iter().collect::<Vec<_>>().join(", ");
    let verdicts: std::collections::BTreeSet<&str> =
        groups.iter().map(|group| group.0.as_str()).collect();
    // The same verdict with different reachable ports (an all-ports question where one
    // protocol's rule closes a port) still depends on the application.
    let same_ports = groups.windows(2).all(|pair| pair[0].2 == pair[1].2);
    if verdicts.len() == 1 && same_ports {
        let mut answer = answers
            .into_iter()
            .next()
            .map(|(_, answer)| answer)
            .expect("one scenario at least");
        if groups.len() > 1 {
            for (_, decision, _, scenarios) in &groups {
                answer
                    .notes
                    .push(format!("{}: {decision}", describe(scenarios, all)));
            }
        }
        answer.notes.push(format!(
            "the firewall gives the same verdict for every application tried ({tried})"
        ));
        return answer;
    }
    // Show the path of a case that gets furthest: a reachable one if any.
    let base_index = answers
        .iter()
        .position(|(_, answer)| answer.verdict == Verdict::Reachable)
        .unwrap_or(0);
    let mut base = answers[base_index].1.clone();
    let what = base
        .summary
        .split(" gets through")
        .next()
        .and_then(|text| text.split(" does not get through").next())
        .and_then(|text| text.split(" arrives").next())
        .unwrap_or("the flow")
        .to_owned();
    base.cases = groups
        .iter()
        .map(|(verdict, decision, ports, scenarios)| Case {
            application: describe(scenarios, all),
            verdict: *verdict,
            decision: decision.clone(),
            reachable_ports: ports.clone(),
        })
        .collect();
    base.verdict = Verdict::DependsOnApplication;
    base.summary = format!(
        "{what} depends on the application: {}.",
        base.cases
            .iter()
            .map(|case| format!(
                "{}: {} ({})",
                case.application,
                case.verdict.as_str().replace('_', " "),
                case.decision
            ))
            .collect::<Vec<_>>()
            .join("; ")
    );
    base.reachable_ports = groups
        .iter()
        .filter(|group| group.0 == Verdict::Reachable)
        .fold(IntervalSet::empty(), |all, group| all.union(&group.2));
    base.notes.push(format!(
        "the path shown is the one for {}; pass --app-protocol, --server-name and --client-hello-size to ask about one application",
        base.cases
            .iter()
            .find(|case| case.verdict == answers[base_index].1.verdict)
            .map(|case| case.application.clone())
            .unwrap_or_default()
    ));
    base
}

/// Scenarios in words, as compact as the set allows: `TLS (any SNI), ClientHello 517 bytes
/// (1 segment)`.
fn describe(group: &[Scenario], all: &[Scenario]) -> String {
    let mut by_app: BTreeMap<&AppProtocol, Vec<&Scenario>> = BTreeMap::new();
    for scenario in group {
        by_app.entry(&scenario.app).or_default().push(scenario);
    }
    let name = |scenario: &Scenario| match scenario.server_name.as_deref() {
        Some(reach_nfw::scenarios::UNLISTED_NAME) => "an unlisted name".to_owned(),
        Some(name) => name.to_owned(),
        None => "none".to_owned(),
    };
    let mut parts = Vec::new();
    for (app, in_group) in by_app {
        let for_app: Vec<&Scenario> = all.iter().filter(|scenario| &scenario.app == app).collect();
        let label = match app {
            AppProtocol::None => {
                "plain payload (no application protocol Suricata recognises)".to_owned()
            }
            other => other.to_string(),
        };
        let what = match app.name() {
            "tls" | "quic" => "SNI",
            "dns" => "query",
            _ => "Host",
        };
        let sizes = |list: &[&Scenario]| {
            let mut sizes: Vec<u32> = list.iter().map(|s| s.client_hello_size).collect();
            sizes.sort();
            sizes.dedup();
            sizes
        };
        let names = |list: &[&Scenario]| {
            let mut names: Vec<String> = list.iter().map(|s| name(s)).collect();
            names.sort();
            names.dedup();
            names
        };
        let all_names = names(&for_app).len() == names(&in_group).len();
        let all_sizes = sizes(&for_app).len() == sizes(&in_group).len();
        let mut text = label;
        let only_unlisted = names(&for_app) == ["an unlisted name".to_owned()];
        if app.has_server_name() {
            if only_unlisted {
                text.push_str(&format!(" (any {what})"));
            } else if all_names && names(&for_app).len() > 1 {
                text.push_str(&format!(" with any {what}"));
            } else if !all_names || names(&for_app).len() == 1 {
                text.push_str(&format!(" with {what} {}", names(&in_group).join(" or ")));
            }
        }
        if app.name() == "tls" && !(all_sizes && sizes(&for_app).len() > 1) {
            let mss = in_group[0].mss;
            let sizes = sizes(&in_group)
                .iter()
                .map(|size| {
                    let segments = size.div_ceil(mss.max(1));
                    format!(
                        "{size} bytes ({segments} segment{})",
                        if segments == 1 { "" } else { "s" }
                    )
                })
                .collect::<Vec<_>>()
                .join(" or ");
            text.push_str(&format!(", ClientHello {sizes}"));
        }
        parts.push(text);
    }
    parts.join("; ")
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
