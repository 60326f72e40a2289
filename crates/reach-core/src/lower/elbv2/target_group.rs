//! Target groups (`describe-target-groups`) with the health of their targets
//! (`describe-target-health`, named by its context).

use crate::collect::Entry;
use crate::command;
use crate::ids::*;
use crate::lower::parse::port;
use crate::lower::{resolve, Lowering};
use crate::model::*;
use reach_aws::elbv2::target_group::TargetHealthDescription;
use std::collections::BTreeMap;

pub(crate) fn lower(lowering: &mut Lowering<'_>) {
    let Lowering {
        input: c,
        snapshot,
        sink,
    } = lowering;
    let target_group_arns: Vec<String> = c.target_groups.entries.keys().cloned().collect();
    let mut health: BTreeMap<String, &Vec<TargetHealthDescription>> = BTreeMap::new();
    for (
        key,
        Entry {
            value: descriptions,
            origin,
        },
    ) in c.target_health.iter()
    {
        match resolve(key, target_group_arns.iter()) {
            Some(arn) => {
                health.insert(arn, descriptions);
            }
            None => sink.missing(
                key,
                format!(
                    "{} holds the target health of target group {key:?}, which is not in the input",
                    origin.file
                ),
                command::target_group_by_name(arn_name(key)),
            ),
        }
    }
    for (
        arn,
        Entry {
            value: group,
            origin,
        },
    ) in c.target_groups.iter()
    {
        let name = group
            .target_group_name
            .clone()
            .unwrap_or_else(|| arn_name(arn).to_owned());
        let target_type = group.target_type.as_deref().map(TargetType::parse);
        let targets = health.get(arn).map(|descriptions| {
            descriptions
                .iter()
                .map(|description| TargetHealth {
                    id: description.target.id.clone(),
                    port: port(description.target.port),
                    availability_zone: description.target.availability_zone.clone(),
                    state: description
                        .target_health
                        .as_ref()
                        .and_then(|health| health.state.as_deref())
                        .map(TargetHealthState::parse),
                    reason: description
                        .target_health
                        .as_ref()
                        .and_then(|health| health.reason.clone()),
                })
                .collect::<Vec<_>>()
        });
        match &targets {
            None => sink.missing(
                format!("target health of {arn}"),
                format!("target group {name}: the health of its targets was not exported"),
                command::target_health(arn, &name),
            ),
            Some(targets) if matches!(target_type, None | Some(TargetType::Instance)) => {
                for target in targets {
                    if !c.instances.contains(&target.id) {
                        sink.missing(
                            target.id.as_str(),
                            format!("target group {name} has instance {} as a target, which is not in the input", target.id),
                            command::instance(&target.id),
                        );
                    }
                }
            }
            Some(_) => {}
        }
        for balancer in &group.load_balancer_arns {
            if !c.load_balancers.contains(balancer) {
                sink.missing(balancer.as_str(), format!("target group {name} is used by load balancer {}, which is not in the input", arn_name(balancer)), command::load_balancer(balancer));
            }
        }
        snapshot.target_groups.insert(
            TargetGroupArn::new(arn),
            TargetGroup {
                arn: TargetGroupArn::new(arn),
                name,
                target_type,
                protocol: group.protocol.as_deref().map(LoadBalancerProtocol::parse),
                port: port(group.port),
                vpc: group.vpc_id.as_deref().map(VpcId::new),
                load_balancers: group
                    .load_balancer_arns
                    .iter()
                    .map(LoadBalancerArn::new)
                    .collect(),
                targets,
                origin: origin.clone(),
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::lower::problems;

    const GROUPS: (&str, &str) = (
        "describe-target-groups.json",
        r#"{"TargetGroups": [{"TargetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web-tg/1",
            "TargetGroupName": "web-tg", "Protocol": "HTTP", "Port": 8080, "VpcId": "vpc-1", "TargetType": "instance"}]}"#,
    );

    #[test]
    fn health_named_by_the_group_name_finds_the_group_and_its_instances_must_be_in_the_input() {
        let health = r#"{"TargetHealthDescriptions": [{"Target": {"Id": "i-9", "Port": 8080}, "TargetHealth": {"State": "healthy"}}]}"#;
        let (snapshot, problems) =
            problems(&[GROUPS, ("describe-target-health.web-tg.json", health)]);
        assert_eq!(
            problems,
            ["missing i-9: target group web-tg has instance i-9 as a target, which is not in the input | aws ec2 describe-instances --instance-ids i-9"]
        );
        let group = snapshot.target_groups.values().next().unwrap();
        assert_eq!(group.targets.as_ref().map(Vec::len), Some(1));
    }

    #[test]
    fn health_of_an_unknown_group_or_no_health_is_a_diagnostic() {
        let health = r#"{"TargetHealthDescriptions": []}"#;
        let (snapshot, problems) =
            problems(&[GROUPS, ("describe-target-health.api-tg.json", health)]);
        assert_eq!(
            problems,
            [
                "missing api-tg: describe-target-health.api-tg.json holds the target health of target group \"api-tg\", which is not in the input | aws elbv2 describe-target-groups --names api-tg",
                "missing target health of arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web-tg/1: target group web-tg: the health of its targets was not exported | aws elbv2 describe-target-health --target-group-arn arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web-tg/1 > describe-target-health.web-tg.json",
            ]
        );
        assert!(snapshot
            .target_groups
            .values()
            .next()
            .unwrap()
            .targets
            .is_none());
    }
}
