//! Firewall policies (`describe-firewall-policy`, or a `--query FirewallPolicy` fragment named
//! by its context), kept as AWS describes them; the rule groups and TLS inspection
//! configuration each references must be in the input.

use crate::collect::Entry;
use crate::command;
use crate::ids::*;
use crate::lower::{lower_each, resolve, Lowering};
use crate::model::*;

pub(crate) fn lower(lowering: &mut Lowering<'_>) {
    let Lowering {
        input: c,
        snapshot,
        sink,
    } = lowering;
    lower_each(
        &c.firewall_policies,
        &mut snapshot.firewall_policies,
        |arn, described, origin| FirewallPolicy {
            arn: FirewallPolicyArn::new(arn),
            name: described
                .firewall_policy_response
                .firewall_policy_name
                .clone()
                .unwrap_or_else(|| arn_name(arn).to_owned()),
            policy: described.firewall_policy.clone(),
            origin: origin.clone(),
        },
    );
    // A policy read from a `--query FirewallPolicy` fragment is named only by its file's
    // context, and it is not one model per entry: it joins the policy a firewall names.
    let firewall_policy_arns: Vec<String> = c
        .firewalls
        .iter()
        .filter_map(|(_, entry)| entry.value.firewall.firewall_policy_arn.clone())
        .collect();
    for (
        key,
        Entry {
            value: policy,
            origin,
        },
    ) in c.firewall_policy_fragments.iter()
    {
        let Some(arn) = resolve(key, firewall_policy_arns.iter()) else {
            sink.missing(
                key,
                format!("{} holds a firewall policy named {key:?}, but no firewall in the input uses a policy by that name", origin.file),
                command::firewall_policy_by_name(key),
            );
            continue;
        };
        snapshot
            .firewall_policies
            .entry(FirewallPolicyArn::new(&arn))
            .or_insert_with(|| FirewallPolicy {
                arn: FirewallPolicyArn::new(&arn),
                name: arn_name(&arn).to_owned(),
                policy: Some(policy.clone()),
                origin: origin.clone(),
            });
    }
    for policy in snapshot.firewall_policies.values() {
        let Some(body) = &policy.policy else { continue };
        let references = body
            .stateful_rule_group_references
            .iter()
            .map(|reference| &reference.resource_arn)
            .chain(
                body.stateless_rule_group_references
                    .iter()
                    .map(|reference| &reference.resource_arn),
            );
        for arn in references {
            if !snapshot.rule_groups.contains_key(arn.as_str()) {
                sink.missing(
                    arn.as_str(),
                    format!(
                        "firewall policy {} references rule group {}, which is not in the input",
                        policy.name,
                        arn_name(arn)
                    ),
                    command::rule_group(arn),
                );
            }
        }
        if let Some(arn) = &body.tls_inspection_configuration_arn {
            if !c.tls_inspection_configurations.contains(arn) {
                sink.missing(
                    arn.as_str(),
                    format!("firewall policy {} uses TLS inspection configuration {}, which is not in the input", policy.name, arn_name(arn)),
                    command::tls_inspection_configuration(arn),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lower::problems;

    #[test]
    fn a_policys_rule_groups_and_tls_configuration_must_be_in_the_input() {
        let policy = r#"{"FirewallPolicyResponse": {"FirewallPolicyName": "central",
                "FirewallPolicyArn": "arn:aws:network-firewall:us-east-1:111122223333:firewall-policy/central"},
            "FirewallPolicy": {"StatelessDefaultActions": ["aws:forward_to_sfe"], "StatelessFragmentDefaultActions": ["aws:forward_to_sfe"],
                "StatefulRuleGroupReferences": [{"ResourceArn": "arn:aws:network-firewall:us-east-1:111122223333:stateful-rulegroup/web"}],
                "TLSInspectionConfigurationArn": "arn:aws:network-firewall:us-east-1:111122223333:tls-configuration/tls"}}"#;
        let (snapshot, problems) = problems(&[("describe-firewall-policy.central.json", policy)]);
        assert_eq!(
            problems,
            [
                "missing arn:aws:network-firewall:us-east-1:111122223333:stateful-rulegroup/web: firewall policy central references rule group web, which is not in the input | aws network-firewall describe-rule-group --rule-group-arn arn:aws:network-firewall:us-east-1:111122223333:stateful-rulegroup/web",
                "missing arn:aws:network-firewall:us-east-1:111122223333:tls-configuration/tls: firewall policy central uses TLS inspection configuration tls, which is not in the input | aws network-firewall describe-tls-inspection-configuration --tls-inspection-configuration-arn arn:aws:network-firewall:us-east-1:111122223333:tls-configuration/tls",
            ]
        );
        assert_eq!(snapshot.firewall_policies.len(), 1);
    }
}
