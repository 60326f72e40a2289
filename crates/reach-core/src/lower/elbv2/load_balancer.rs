//! Load balancers (`describe-load-balancers`): their subnets and security groups, whether
//! their listeners were exported, and their attributes (`describe-load-balancer-attributes`,
//! named by its context).

use crate::collect::Entry;
use crate::command;
use crate::ids::*;
use crate::lower::{resolve, Lowering};
use crate::model::*;
use reach_aws::elbv2::load_balancer::LoadBalancerAttribute;
use std::collections::BTreeMap;

/// The attribute that says whether a node uses the targets of every enabled zone.
const CROSS_ZONE: &str = "load_balancing.cross_zone.enabled";

pub(crate) fn lower(lowering: &mut Lowering<'_>) {
    let Lowering {
        input: c,
        snapshot,
        sink,
    } = lowering;
    // Each attributes document by the ARN of the load balancer its context names.
    let mut attributes: BTreeMap<String, &Entry<Vec<LoadBalancerAttribute>>> = BTreeMap::new();
    for (key, entry) in c.load_balancer_attributes.iter() {
        match resolve(key, c.load_balancers.entries.keys())
            .filter(|arn| c.load_balancers.contains(arn))
        {
            Some(arn) => {
                attributes.insert(arn, entry);
            }
            None => sink.missing(
                key,
                format!(
                    "{} holds the attributes of load balancer {key:?}, which is not in the input",
                    entry.origin.file
                ),
                match key.starts_with("arn:") {
                    true => command::load_balancer(key),
                    false => command::load_balancer_by_name(key),
                },
            ),
        }
    }
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
        let cross_zone = attributes.get(arn).and_then(|entry| {
            let (index, attribute) = entry
                .value
                .iter()
                .enumerate()
                .find(|(_, attribute)| attribute.key == CROSS_ZONE)?;
            sink.boolean(
                attribute.value.as_deref(),
                &entry.origin,
                arn,
                &format!("[{index}].Value"),
            )
        });
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
                cross_zone,
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
        // No attributes exported: cross-zone load balancing is not known.
        assert_eq!(balancer.cross_zone, None);
    }

    const NLB: &str =
        "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/net/web-nlb/1";

    fn check(attributes: (&str, &str), cross_zone: Option<bool>, expected: &[&str]) {
        let balancers = format!(
            r#"{{"LoadBalancers": [{{"LoadBalancerArn": "{NLB}", "LoadBalancerName": "web-nlb", "Type": "network"}}]}}"#
        );
        let listeners = format!(r#"{{"Listeners": [], "LoadBalancerArn": "{NLB}"}}"#);
        let (snapshot, problems) = problems(&[
            ("describe-load-balancers.json", &balancers),
            ("describe-listeners.web-nlb.json", &listeners),
            attributes,
        ]);
        assert_eq!(problems, expected);
        let balancer = snapshot.load_balancers.values().next().unwrap();
        assert_eq!(balancer.cross_zone, cross_zone);
    }

    #[test]
    fn attributes_named_by_name_or_arn_give_cross_zone_load_balancing() {
        let on = r#"{"Attributes": [{"Key": "deletion_protection.enabled", "Value": "false"},
            {"Key": "load_balancing.cross_zone.enabled", "Value": "true"}]}"#;
        check(
            ("describe-load-balancer-attributes.web-nlb.json", on),
            Some(true),
            &[],
        );
        let off = format!(
            r#"{{"ReachExport": {{"Version": 1, "LoadBalancerArn": "{NLB}"}},
            "Output": {{"Attributes": [{{"Key": "load_balancing.cross_zone.enabled", "Value": "false"}}]}}}}"#
        );
        check(("attributes.json", &off), Some(false), &[]);
        // Exported, but without the attribute: not known.
        check(
            (
                "describe-load-balancer-attributes.web-nlb.json",
                r#"{"Attributes": []}"#,
            ),
            None,
            &[],
        );
    }

    #[test]
    fn attributes_of_another_load_balancer_or_unreadable_are_reported() {
        let on =
            r#"{"Attributes": [{"Key": "load_balancing.cross_zone.enabled", "Value": "true"}]}"#;
        check(
            ("describe-load-balancer-attributes.api-nlb.json", on),
            None,
            &["missing api-nlb: describe-load-balancer-attributes.api-nlb.json holds the attributes of load balancer \"api-nlb\", which is not in the input | aws elbv2 describe-load-balancers --names api-nlb"],
        );
        let other =
            "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/net/api-nlb/2";
        let wrapped = format!(
            r#"{{"ReachExport": {{"Version": 1, "LoadBalancerArn": "{other}"}}, "Output": {on}}}"#
        );
        check(
            ("attributes.json", &wrapped),
            None,
            &[&format!("missing {other}: attributes.json holds the attributes of load balancer \"{other}\", which is not in the input | aws elbv2 describe-load-balancers --load-balancer-arns {other}")],
        );
        let bad = r#"{"Attributes": [{"Key": "deletion_protection.enabled", "Value": "false"},
            {"Key": "load_balancing.cross_zone.enabled", "Value": "yes"}]}"#;
        check(
            ("describe-load-balancer-attributes.web-nlb.json", bad),
            None,
            &[&format!("error describe-load-balancer-attributes.web-nlb.json: {NLB}: Attributes[1].Value: expected \"true\" or \"false\", found \"yes\"")],
        );
    }
}
