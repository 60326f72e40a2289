//! Firewalls (`describe-firewall`): their policy, subnets and endpoints, including endpoints
//! placed in other VPCs (`describe-vpc-endpoint-association`); a firewall `list-firewalls`
//! names without its `describe-firewall` output is a diagnostic.

use crate::collect::Entry;
use crate::command;
use crate::ids::*;
use crate::lower::{lower_each, Lowering};
use crate::model::*;

pub(crate) fn lower(lowering: &mut Lowering<'_>) {
    let Lowering {
        input: c,
        snapshot,
        sink,
    } = lowering;
    lower_each(
        &c.firewalls,
        &mut snapshot.firewalls,
        |arn, described, origin| {
            let firewall = &described.firewall;
            let name = firewall
                .firewall_name
                .clone()
                .unwrap_or_else(|| arn_name(arn).to_owned());
            let status = described.firewall_status.clone().unwrap_or_default();
            let endpoints: Vec<FirewallEndpoint> = status
                .sync_states
                .iter()
                .map(|(zone, state)| {
                    let attachment = state.attachment.clone().unwrap_or_default();
                    FirewallEndpoint {
                        availability_zone: zone.clone(),
                        endpoint: attachment.endpoint_id.map(VpcEndpointId::new),
                        subnet: attachment.subnet_id.map(SubnetId::new),
                        status: attachment
                            .status
                            .as_deref()
                            .map(FirewallAttachmentStatus::parse),
                    }
                })
                .collect();
            if let Some(policy) = &firewall.firewall_policy_arn {
                if !snapshot.firewall_policies.contains_key(policy.as_str()) {
                    sink.missing(
                        policy.as_str(),
                        format!(
                            "firewall {name} uses firewall policy {}, which is not in the input",
                            arn_name(policy)
                        ),
                        command::firewall_policy(policy),
                    );
                }
            }
            let referrer = format!("firewall {name}");
            if let Some(vpc) = &firewall.vpc_id {
                sink.check_vpc(c, &referrer, "is in", vpc);
            }
            for mapping in &firewall.subnet_mappings {
                sink.check_subnet(c, &referrer, "has an endpoint in", &mapping.subnet_id);
            }
            Firewall {
                arn: FirewallArn::new(arn),
                name,
                policy: firewall
                    .firewall_policy_arn
                    .as_deref()
                    .map(FirewallPolicyArn::new),
                vpc: firewall.vpc_id.as_deref().map(VpcId::new),
                subnets: firewall
                    .subnet_mappings
                    .iter()
                    .map(|mapping| SubnetId::new(&mapping.subnet_id))
                    .collect(),
                endpoints,
                transit_gateway: firewall
                    .transit_gateway_id
                    .as_deref()
                    .map(TransitGatewayId::new),
                transit_gateway_attachment: status
                    .transit_gateway_attachment_sync_state
                    .as_ref()
                    .and_then(|sync| sync.attachment_id.clone())
                    .or_else(|| {
                        c.listed_firewalls
                            .get(arn)
                            .and_then(|listed| listed.value.transit_gateway_attachment_id.clone())
                    })
                    .map(TransitGatewayAttachmentId::new),
                transit_gateway_attachment_status: status
                    .transit_gateway_attachment_sync_state
                    .as_ref()
                    .and_then(|sync| sync.transit_gateway_attachment_status.as_deref())
                    .map(FirewallTransitGatewayAttachmentStatus::parse),
                status: status.status.as_deref().map(FirewallStatus::parse),
                origin: origin.clone(),
            }
        },
    );
    // Endpoints a firewall placed in other VPCs (VPC endpoint associations) inspect like its
    // own: routes to them lead to the firewall.
    for (
        arn,
        Entry {
            value: described, ..
        },
    ) in c.vpc_endpoint_associations.iter()
    {
        let association = &described.vpc_endpoint_association;
        let status = described
            .vpc_endpoint_association_status
            .clone()
            .unwrap_or_default();
        let Some(firewall) = snapshot
            .firewalls
            .get_mut(association.firewall_arn.as_str())
        else {
            sink.missing(
                association.firewall_arn.as_str(),
                format!(
                    "VPC endpoint association {arn} places an endpoint of firewall {}, which is not in the input",
                    arn_name(&association.firewall_arn)
                ),
                command::firewall(&association.firewall_arn),
            );
            continue;
        };
        for (zone, state) in &status.association_sync_state {
            let attachment = state.attachment.clone().unwrap_or_default();
            // The association's own status stands for its endpoints until they report theirs.
            let endpoint_status = attachment.status.or_else(|| status.status.clone());
            firewall.endpoints.push(FirewallEndpoint {
                availability_zone: zone.clone(),
                endpoint: attachment.endpoint_id.map(VpcEndpointId::new),
                subnet: attachment
                    .subnet_id
                    .or_else(|| {
                        association
                            .subnet_mapping
                            .as_ref()
                            .map(|mapping| mapping.subnet_id.clone())
                    })
                    .map(SubnetId::new),
                status: endpoint_status
                    .as_deref()
                    .map(FirewallAttachmentStatus::parse),
            });
        }
    }
    for (arn, Entry { value: listed, .. }) in c.listed_firewalls.iter() {
        if !c.firewalls.contains(arn) {
            let name = listed
                .firewall_name
                .clone()
                .unwrap_or_else(|| arn_name(arn).to_owned());
            sink.missing(
                arn.as_str(),
                format!("list-firewalls names firewall {name}, but its describe-firewall output (policy, endpoints) is not in the input"),
                command::firewall(arn),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lower::problems;

    const ARN: &str = "arn:aws:network-firewall:us-east-1:111122223333:firewall/edge";

    #[test]
    fn what_a_firewall_refers_to_must_be_in_the_input() {
        let firewall = format!(
            r#"{{"Firewall": {{"FirewallName": "edge", "FirewallArn": "{ARN}",
                "FirewallPolicyArn": "arn:aws:network-firewall:us-east-1:111122223333:firewall-policy/central",
                "VpcId": "vpc-9", "SubnetMappings": [{{"SubnetId": "subnet-9"}}]}},
            "FirewallStatus": {{"Status": "READY", "SyncStates": {{"us-east-1a":
                {{"Attachment": {{"SubnetId": "subnet-9", "EndpointId": "vpce-1", "Status": "READY"}}}}}}}}}}"#
        );
        let (snapshot, problems) = problems(&[("describe-firewall.edge.json", &firewall)]);
        assert_eq!(
            problems,
            [
                "missing arn:aws:network-firewall:us-east-1:111122223333:firewall-policy/central: firewall edge uses firewall policy central, which is not in the input | aws network-firewall describe-firewall-policy --firewall-policy-arn arn:aws:network-firewall:us-east-1:111122223333:firewall-policy/central",
                "missing subnet-9: firewall edge has an endpoint in subnet subnet-9, which is not in the input | aws ec2 describe-subnets --subnet-ids subnet-9",
                "missing vpc-9: firewall edge is in VPC vpc-9, which is not in the input | aws ec2 describe-vpcs --vpc-ids vpc-9",
            ]
        );
        let endpoints = &snapshot.firewalls[ARN].endpoints;
        assert_eq!(endpoints.len(), 1);
        assert_eq!(
            endpoints[0].endpoint.as_ref().map(|id| id.as_str()),
            Some("vpce-1")
        );
    }

    #[test]
    fn a_listed_firewall_without_its_description_is_a_diagnostic() {
        let listed =
            format!(r#"{{"Firewalls": [{{"FirewallName": "edge", "FirewallArn": "{ARN}"}}]}}"#);
        let (snapshot, problems) = problems(&[("list-firewalls.json", &listed)]);
        assert_eq!(
            problems,
            [format!("missing {ARN}: list-firewalls names firewall edge, but its describe-firewall output (policy, endpoints) is not in the input | aws network-firewall describe-firewall --firewall-arn {ARN}")]
        );
        assert!(snapshot.firewalls.is_empty());
    }
}
