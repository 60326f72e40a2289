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
                        .and_then(|health| health.state.clone()),
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
            Some(targets) if group.target_type.as_deref().unwrap_or("instance") == "instance" => {
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
                target_type: group.target_type.clone(),
                protocol: group.protocol.clone(),
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
