//! AWS Network Firewall's JSON, read into what the rule engine is given
//! (`reach_nfw::spec`): a firewall policy, its rule groups, and TLS inspection scopes. This is
//! the one module that knows both `reach_aws::network_firewall` and `reach-nfw`'s input;
//! the engine itself never sees AWS's JSON types.
//!
//! Settings AWS writes as strings stay strings: the engine reads them when it compiles the
//! policy and reports the ones it does not know, each once, in the policy's problems.

use crate::model::Snapshot;
use reach_aws::network_firewall::firewall_policy::FirewallPolicy;
use reach_aws::network_firewall::rule_group::{self, RuleGroup, StatefulRule};
use reach_nfw::spec::{
    AddressDefinition, DomainList, GroupReference, MatchAttributes, PolicySpec, PortRange,
    RuleGroupSpec, StatefulRules, StatelessRuleSpec, TcpFlags,
};
use std::collections::BTreeMap;

/// A firewall policy as the engine reads it.
pub(crate) fn policy_spec(policy: &FirewallPolicy) -> PolicySpec {
    let engine_options = policy.stateful_engine_options.as_ref();
    PolicySpec {
        stateless_groups: policy
            .stateless_rule_group_references
            .iter()
            .map(|reference| GroupReference {
                arn: reference.resource_arn.clone(),
                priority: reference.priority,
                drop_to_alert: false,
            })
            .collect(),
        stateless_default_actions: policy.stateless_default_actions.clone(),
        stateless_fragment_default_actions: policy.stateless_fragment_default_actions.clone(),
        stateful_groups: policy
            .stateful_rule_group_references
            .iter()
            .map(|reference| GroupReference {
                arn: reference.resource_arn.clone(),
                priority: reference.priority,
                // `DROP_TO_ALERT` is the only override AWS offers; anything else changes
                // nothing.
                drop_to_alert: reference
                    .override_action
                    .as_ref()
                    .and_then(|action| action.action.as_deref())
                    == Some("DROP_TO_ALERT"),
            })
            .collect(),
        stateful_default_actions: policy.stateful_default_actions.clone(),
        rule_order: engine_options.and_then(|options| options.rule_order.clone()),
        stream_exception_policy: engine_options
            .and_then(|options| options.stream_exception_policy.clone()),
        tls_inspection_configuration: policy.tls_inspection_configuration_arn.clone(),
        rule_variables: policy
            .policy_variables
            .iter()
            .flat_map(|variables| &variables.rule_variables)
            .map(|(name, definition)| (name.clone(), definition.definition.clone()))
            .collect(),
    }
}

/// Every rule group whose body was exported, as the engine reads it, by ARN. Done once per
/// load: firewalls that share rule groups share these.
pub(crate) fn rule_group_specs(snapshot: &Snapshot) -> BTreeMap<String, RuleGroupSpec> {
    snapshot
        .rule_groups
        .iter()
        .filter_map(|(arn, group)| {
            let body = group.rule_group.as_ref()?;
            Some((arn.as_str().to_owned(), rule_group_spec(body)))
        })
        .collect()
}

/// A rule group's body as the engine reads it.
pub(crate) fn rule_group_spec(body: &RuleGroup) -> RuleGroupSpec {
    let variables = body.rule_variables.as_ref();
    let definitions = |sets: Option<&BTreeMap<String, reach_aws::network_firewall::Definition>>| {
        sets.into_iter()
            .flatten()
            .map(|(name, definition)| (name.clone(), definition.definition.clone()))
            .collect()
    };
    let source = body.rules_source.as_ref();
    // A stateful group holds one kind of rules; should an export hold several, AWS's own
    // precedence is unknown, and Reach reads the rules string first, then 5-tuple rules,
    // then a domain list.
    let stateful = source.and_then(|source| {
        if let Some(rules) = &source.rules_string {
            Some(StatefulRules::RulesString(rules.clone()))
        } else if let Some(rules) = &source.stateful_rules {
            Some(StatefulRules::FiveTuple(
                rules.iter().map(five_tuple).collect(),
            ))
        } else {
            source.rules_source_list.as_ref().map(|list| {
                StatefulRules::DomainList(DomainList {
                    targets: list.targets.clone(),
                    target_types: list.target_types.clone(),
                    generated_rules_type: list.generated_rules_type.clone(),
                })
            })
        }
    });
    let stateless = source
        .and_then(|source| source.stateless_rules_and_custom_actions.as_ref())
        .map(|rules| {
            rules
                .stateless_rules
                .iter()
                .map(|rule| StatelessRuleSpec {
                    priority: rule.priority,
                    actions: rule.rule_definition.actions.clone(),
                    match_attributes: match_attributes(&rule.rule_definition.match_attributes),
                })
                .collect()
        });
    RuleGroupSpec {
        ip_sets: definitions(variables.map(|variables| &variables.ip_sets)),
        port_sets: definitions(variables.map(|variables| &variables.port_sets)),
        ip_set_references: body
            .reference_sets
            .iter()
            .flat_map(|sets| &sets.ip_set_references)
            .map(|(name, reference)| (name.clone(), reference.reference_arn.clone()))
            .collect(),
        rule_order: body
            .stateful_rule_options
            .as_ref()
            .and_then(|options| options.rule_order.clone()),
        stateful,
        stateless,
    }
}

/// Match attributes (of a stateless rule, or of a TLS inspection scope) as the engine reads
/// them.
pub(crate) fn match_attributes(attributes: &rule_group::MatchAttributes) -> MatchAttributes {
    let addresses = |definitions: &[rule_group::AddressDefinition]| {
        definitions
            .iter()
            .map(|definition| AddressDefinition {
                address_definition: definition.address_definition.clone(),
            })
            .collect()
    };
    let ports = |ranges: &[rule_group::FirewallPortRange]| {
        ranges
            .iter()
            .map(|range| PortRange {
                from_port: range.from_port,
                to_port: range.to_port,
            })
            .collect()
    };
    MatchAttributes {
        sources: addresses(&attributes.sources),
        destinations: addresses(&attributes.destinations),
        source_ports: ports(&attributes.source_ports),
        destination_ports: ports(&attributes.destination_ports),
        protocols: attributes.protocols.clone(),
        tcp_flags: attributes
            .tcp_flags
            .iter()
            .map(|field| TcpFlags {
                flags: field.flags.clone(),
                masks: field.masks.clone(),
            })
            .collect(),
    }
}

/// A 5-tuple rule as Suricata text, as AWS renders it for its engine: `Direction: FORWARD`
/// is `->`, `ANY` is `<>`; `ANY` addresses and ports are `any`; options are
/// `keyword:settings;` with the settings joined by commas.
pub(crate) fn five_tuple(rule: &StatefulRule) -> String {
    let header = &rule.header;
    let field = |value: &str| {
        if value.eq_ignore_ascii_case("any") {
            "any".to_owned()
        } else {
            value.trim().to_owned()
        }
    };
    let direction = if header.direction.eq_ignore_ascii_case("any") {
        "<>"
    } else {
        "->"
    };
    let options: Vec<String> = rule
        .rule_options
        .iter()
        .map(|option| {
            if option.settings.is_empty() {
                format!("{};", option.keyword)
            } else {
                format!("{}:{};", option.keyword, option.settings.join(","))
            }
        })
        .collect();
    format!(
        "{} {} {} {} {} {} {} ({})",
        rule.action.to_ascii_lowercase(),
        header.protocol.to_ascii_lowercase(),
        field(&header.source),
        field(&header.source_port),
        direction,
        field(&header.destination),
        field(&header.destination_port),
        options.join(" ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use reach_aws::network_firewall::rule_group::{RuleOption, StatefulRuleHeader};
    use reach_nfw::{GroupSource, Policy};

    const GROUP_ARN: &str = "arn:aws:network-firewall:us-east-1:111122223333:stateful-rulegroup/g";

    /// The inventory's count of a `RulesString` and the number of rules the engine reads
    /// from it.
    fn check_rule_count(rules: &str, expected: usize) {
        let export = serde_json::json!({
            "RuleGroup": { "RulesSource": { "RulesString": rules } },
            "RuleGroupResponse": {
                "RuleGroupArn": GROUP_ARN, "RuleGroupName": "g", "Type": "STATEFUL"
            }
        });
        let load = crate::load(&[reach_aws::InputFile::new(
            "describe-rule-group.g.json",
            export.to_string(),
        )]);
        let group = &load.snapshot.rule_groups[GROUP_ARN];
        let body = rule_group_spec(group.rule_group.as_ref().expect("exported"));
        let policy = PolicySpec {
            stateful_groups: vec![GroupReference {
                arn: GROUP_ARN.to_owned(),
                priority: Some(1),
                drop_to_alert: false,
            }],
            ..PolicySpec::default()
        };
        let engine = Policy::compile(
            "arn:aws:network-firewall:us-east-1:111122223333:firewall-policy/p",
            "p",
            &policy,
            &[],
            |_| {
                Some(GroupSource {
                    name: "g",
                    rule_group: Some(&body),
                })
            },
            |_| None,
        );
        assert_eq!(
            (group.rule_count, engine.stateful.len()),
            (expected, expected),
            "{rules:?}"
        );
    }

    #[test]
    fn the_inventory_counts_the_rules_the_engine_reads() {
        check_rule_count("pass tcp any any -> any 443 (sid:1;)\n\n# a comment\n", 1);
        check_rule_count("drop tcp any any -> any 80 \\\n  (sid:2;)", 1);
        // A commented rule ending in `\` is dropped alone (Suricata's loader checks for a
        // comment before it looks for a continuation); the next line is a rule. The two
        // counts used to disagree here: 1 in the inventory, 0 in the engine.
        check_rule_count(
            "# pass tcp any any -> any 443 (sid:1;) \\\ndrop tcp any any -> any 80 (sid:2;)",
            1,
        );
    }

    #[test]
    fn five_tuple_rules_render_as_aws_renders_them() {
        let rule = StatefulRule {
            action: "PASS".into(),
            header: StatefulRuleHeader {
                protocol: "TLS".into(),
                source: "$HOME_NET".into(),
                source_port: "ANY".into(),
                direction: "FORWARD".into(),
                destination: "$EXTERNAL_NET".into(),
                destination_port: "443".into(),
            },
            rule_options: vec![
                RuleOption {
                    keyword: "msg".into(),
                    settings: vec!["\"TLS/443 pass\"".into()],
                },
                RuleOption {
                    keyword: "sid".into(),
                    settings: vec!["1000001".into()],
                },
            ],
        };
        assert_eq!(
            five_tuple(&rule),
            "pass tls $HOME_NET any -> $EXTERNAL_NET 443 (msg:\"TLS/443 pass\"; sid:1000001;)"
        );
    }
}
