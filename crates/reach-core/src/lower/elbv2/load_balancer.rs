//! Load balancers (`describe-load-balancers`): their subnets and security groups, and whether
//! their listeners were exported.

use crate::collect::Entry;
use crate::command;
use crate::ids::*;
use crate::lower::Lowering;
use crate::model::*;

pub(crate) fn lower(lowering: &mut Lowering<'_>) {
    let Lowering {
        input: c,
        snapshot,
        sink,
    } = lowering;
    for (
        arn,
        Entry {
            value: balancer,
            origin,
        },
    ) in c.load_balancers.iter()
    {
        let name = balancer
            .load_balancer_name
            .clone()
            .unwrap_or_else(|| arn_name(arn).to_owned());
        let subnets: Vec<SubnetId> = balancer
            .availability_zones
            .iter()
            .filter_map(|zone| zone.subnet_id.as_deref())
            .map(SubnetId::new)
            .collect();
        let referrer = format!("load balancer {name}");
        for subnet in &subnets {
            sink.check_subnet(c, &referrer, "is in", subnet.as_str());
        }
        for group in &balancer.security_groups {
            sink.check_security_group(c, &referrer, group);
        }
        if !c.listeners_exported_for.contains(arn) && !c.listeners_exported_for.contains(&name) {
            sink.missing(
                format!("listeners of {arn}"),
                format!("load balancer {name}: its listeners were not exported"),
                command::listeners(arn, &name),
            );
        }
        snapshot.load_balancers.insert(
            LoadBalancerArn::new(arn),
            LoadBalancer {
                arn: LoadBalancerArn::new(arn),
                name,
                load_balancer_type: balancer
                    .load_balancer_type
                    .clone()
                    .unwrap_or_else(|| "application".to_owned()),
                scheme: balancer.scheme.clone(),
                vpc: balancer.vpc_id.as_deref().map(VpcId::new),
                subnets,
                security_groups: balancer
                    .security_groups
                    .iter()
                    .map(SecurityGroupId::new)
                    .collect(),
                state: balancer.state.as_ref().and_then(|state| state.code.clone()),
                origin: origin.clone(),
            },
        );
    }
}
