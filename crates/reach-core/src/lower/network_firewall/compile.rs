//! Each firewall's policy compiled for the rule engine, with the firewall VPC's CIDRs as
//! `HOME_NET`. A rule that does not parse, or names a variable nobody defines, is an error
//! naming the file, the rule group, and the line and column of the rule.

use crate::model::Snapshot;
use reach_aws::Error;
use reach_nfw::{GroupSource, Policy};

pub(crate) fn compile_firewalls(snapshot: &mut Snapshot, errors: &mut Vec<Error>) {
    let mut compiled = std::collections::BTreeMap::new();
    let rule_groups = crate::lower::rule_group_specs(snapshot);
    for firewall in snapshot.firewalls.values() {
        let Some(policy) = firewall
            .policy
            .as_ref()
            .and_then(|arn| snapshot.firewall_policies.get(arn))
        else {
            continue;
        };
        let Some(body) = &policy.policy else { continue };
        let home_net: Vec<ipnet::IpNet> = firewall
            .vpc
            .as_ref()
            .and_then(|vpc| snapshot.vpcs.get(vpc))
            .map(|vpc| vpc.cidrs.clone())
            .unwrap_or_default();
        let engine = Policy::compile(
            policy.arn.as_str(),
            &policy.name,
            &crate::lower::policy_spec(body),
            &home_net,
            |arn| {
                snapshot.rule_groups.get(arn).map(|group| GroupSource {
                    name: &group.name,
                    rule_group: rule_groups.get(arn),
                })
            },
            |arn| {
                let id = arn.rsplit('/').next().unwrap_or(arn);
                snapshot
                    .prefix_lists
                    .get(id)
                    .and_then(|list| list.cidrs.clone())
            },
        );
        compiled.insert(firewall.arn.clone(), engine);
    }
    // Problems are reported once per policy, however many firewalls share it.
    let mut reported = std::collections::BTreeSet::new();
    for engine in compiled.values() {
        for problem in &engine.problems {
            if !reported.insert((
                engine.arn.clone(),
                problem.group_arn.clone(),
                problem.to_string(),
            )) {
                continue;
            }
            // By ARN: two accounts may each have a rule group of the same name.
            let group = problem
                .group_arn
                .as_deref()
                .and_then(|arn| snapshot.rule_groups.get(arn));
            let (file, resource, location) = match group {
                Some(group) => {
                    let base = match group.origin.path.as_str() {
                        "" => "RuleGroup".to_owned(),
                        path if path.ends_with("RuleGroup") => path.to_owned(),
                        path => format!("{path}.RuleGroup"),
                    };
                    let field = match problem.line {
                        Some(line) => {
                            let column = problem
                                .column
                                .map(|column| format!(", column {column}"))
                                .unwrap_or_default();
                            format!("{base}.RulesSource: rule at line {line}{column}")
                        }
                        None => base,
                    };
                    (group.origin.file.clone(), group.name.clone(), field)
                }
                None => {
                    let policy = snapshot.firewall_policies.get(engine.arn.as_str());
                    (
                        policy.map(|p| p.origin.file.clone()).unwrap_or_default(),
                        engine.name.clone(),
                        "FirewallPolicy".to_owned(),
                    )
                }
            };
            errors.push(Error {
                file,
                resource: Some(resource),
                location: Some(location),
                message: problem.message.clone(),
            });
        }
    }
    snapshot.firewall_engines = compiled;
}
