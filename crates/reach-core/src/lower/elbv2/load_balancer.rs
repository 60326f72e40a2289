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
                    .as_deref()
                    .map_or(LoadBalancerType::Application, LoadBalancerType::parse),
                scheme: balancer.scheme.clone(),
                vpc: balancer.vpc_id.as_deref().map(VpcId::new),
                subnets,
                security_groups: balancer
                    .security_groups
                    .iter()
                    .map(SecurityGroupId::new)
                    .collect(),
                state: balancer
                    .state
                    .as_ref()
                    .and_then(|state| state.code.as_deref())
                    .map(LoadBalancerState::parse),
                origin: origin.clone(),
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::lower::problems;

    #[test]
    fn what_a_load_balancer_refers_to_and_its_listeners_must_be_in_the_input() {
        let balancers = r#"{"LoadBalancers": [{"LoadBalancerArn": "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/1",
            "LoadBalancerName": "web", "Scheme": "internet-facing", "VpcId": "vpc-1", "State": {"Code": "active"},
            "AvailabilityZones": [{"ZoneName": "us-east-1a", "SubnetId": "subnet-9"}], "SecurityGroups": ["sg-9"]}]}"#;
        let (snapshot, problems) = problems(&[("describe-load-balancers.json", balancers)]);
        assert_eq!(
            problems,
            [
                "missing listeners of arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/1: load balancer web: its listeners were not exported | aws elbv2 describe-listeners --load-balancer-arn arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/1 > describe-listeners.web.json",
                "missing sg-9: load balancer web uses security group sg-9, which is not in the input | aws ec2 describe-security-groups --group-ids sg-9",
                "missing subnet-9: load balancer web is in subnet subnet-9, which is not in the input | aws ec2 describe-subnets --subnet-ids subnet-9",
            ]
        );
        let balancer = snapshot.load_balancers.values().next().unwrap();
        // No type printed: an Application Load Balancer.
        assert_eq!(
            balancer.load_balancer_type,
            crate::model::LoadBalancerType::Application
        );
    }
}
