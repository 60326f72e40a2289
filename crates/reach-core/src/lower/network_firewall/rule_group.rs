//! Rule groups (`describe-rule-group`, or a `--query RuleGroup` fragment named by its context),
//! kept as AWS describes them, with their rule counts. They are rendered for the reach-nfw
//! engine later, with the policy that uses them (`compile.rs`).

use crate::collect::Entry;
use crate::command;
use crate::ids::*;
use crate::lower::{resolve, Lowering};
use crate::model::*;
use reach_aws::network_firewall::rule_group::RuleGroup as RawRuleGroup;

pub(crate) fn lower(lowering: &mut Lowering<'_>) {
    let Lowering {
        input: c,
        snapshot,
        sink,
    } = lowering;
    // Rule groups: whole describe-rule-group outputs, and `--query` fragments whose context
    // names them (by ARN, or by a name the policies' references resolve).
    let referenced: Vec<String> = c
        .firewall_policies
        .iter()
        .filter_map(|(_, entry)| entry.value.firewall_policy.as_ref())
        .chain(
            c.firewall_policy_fragments
                .iter()
                .map(|(_, entry)| &entry.value),
        )
        .flat_map(|policy| {
            policy
                .stateful_rule_group_references
                .iter()
                .map(|reference| reference.resource_arn.clone())
                .chain(
                    policy
                        .stateless_rule_group_references
                        .iter()
                        .map(|reference| reference.resource_arn.clone()),
                )
        })
        .collect();
    for (
        arn,
        Entry {
            value: described,
            origin,
        },
    ) in c.rule_groups.iter()
    {
        let response = &described.rule_group_response;
        let (rule_count, stateful_by_source) = described
            .rule_group
            .as_ref()
            .map(rule_count)
            .unwrap_or((0, true));
        let stateful = match response.rule_group_type.as_deref() {
            Some("STATELESS") => false,
            Some(_) => true,
            None => stateful_by_source,
        };
        snapshot.rule_groups.insert(
            RuleGroupArn::new(arn),
            RuleGroup {
                arn: RuleGroupArn::new(arn),
                name: response
                    .rule_group_name
                    .clone()
                    .unwrap_or_else(|| arn_name(arn).to_owned()),
                stateful,
                rule_group: described.rule_group.clone(),
                rule_count,
                origin: origin.clone(),
            },
        );
    }
    for (
        key,
        Entry {
            value: body,
            origin,
        },
    ) in c.rule_group_fragments.iter()
    {
        let Some(arn) = resolve(key, referenced.iter()) else {
            sink.missing(
                key,
                format!("{} holds a rule group named {key:?}, but no firewall policy in the input references a rule group by that name", origin.file),
                command::rule_group_by_name(key),
            );
            continue;
        };
        if snapshot.rule_groups.contains_key(arn.as_str()) {
            continue;
        }
        let (rule_count, stateful) = rule_count(body);
        snapshot.rule_groups.insert(
            RuleGroupArn::new(&arn),
            RuleGroup {
                arn: RuleGroupArn::new(&arn),
                name: arn_name(&arn).to_owned(),
                stateful,
                rule_group: Some(body.clone()),
                rule_count,
                origin: origin.clone(),
            },
        );
    }
}

/// The number of rules of a rule group, as `reach inventory` counts them.
fn rule_count(rule_group: &RawRuleGroup) -> (usize, bool) {
    let Some(source) = &rule_group.rules_source else {
        return (0, true);
    };
    if let Some(rules) = &source.stateful_rules {
        return (rules.len(), true);
    }
    if let Some(rules) = &source.rules_string {
        return (reach_nfw::suricata::rule_lines(rules).len(), true);
    }
    if let Some(list) = &source.rules_source_list {
        // AWS generates one rule per domain and target type (TLS_SNI, HTTP_HOST).
        return (list.targets.len() * list.target_types.len().max(1), true);
    }
    if let Some(stateless) = &source.stateless_rules_and_custom_actions {
        return (stateless.stateless_rules.len(), false);
    }
    (0, true)
}

#[cfg(test)]
mod tests {
    use super::{rule_count, RawRuleGroup};
    use crate::lower::problems;

    fn count(rule_group: &str) -> (usize, bool) {
        let rule_group: RawRuleGroup = serde_json::from_str(rule_group).unwrap();
        rule_count(&rule_group)
    }

    #[test]
    fn rules_are_counted_the_way_each_source_defines_them() {
        let rules_string = r##"{"RulesSource": {"RulesString": "# a comment\npass tcp any any -> any 443 (sid:1;)\ndrop ip any any -> any any (sid:2;)\n"}}"##;
        assert_eq!(count(rules_string), (2, true));
        // One rule per domain and target type.
        let domains = r#"{"RulesSource": {"RulesSourceList": {"Targets": [".example.com", "example.org"],
            "TargetTypes": ["TLS_SNI", "HTTP_HOST"], "GeneratedRulesType": "ALLOWLIST"}}}"#;
        assert_eq!(count(domains), (4, true));
        let stateless = r#"{"RulesSource": {"StatelessRulesAndCustomActions": {"StatelessRules": [
            {"Priority": 1, "RuleDefinition": {"MatchAttributes": {}, "Actions": ["aws:pass"]}}]}}}"#;
        assert_eq!(count(stateless), (1, false));
        assert_eq!(count("{}"), (0, true));
    }

    #[test]
    fn a_fragment_named_by_nothing_a_policy_references_is_a_diagnostic() {
        // A rule group without its response: the file's name says which rule group it is.
        let fragment = r#"{"RuleGroup": {"RulesSource": {"RulesString": "pass tcp any any -> any 443 (sid:1;)"}}}"#;
        let (snapshot, problems) = problems(&[("describe-rule-group.web.json", fragment)]);
        assert_eq!(
            problems,
            ["missing web: describe-rule-group.web.json holds a rule group named \"web\", but no firewall policy in the input references a rule group by that name | aws network-firewall describe-rule-group --rule-group-name web --type STATEFUL"]
        );
        assert!(snapshot.rule_groups.is_empty());
    }
}
