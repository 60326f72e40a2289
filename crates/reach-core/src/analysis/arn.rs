//! ARNs for the components of an answer, as AWS's path components carry them
//! (`arn:aws:ec2:<region>:<account>:<resource-type>/<id>`). The walk names components by id;
//! this pass adds the ARN once the answer is complete, from the account and region the input
//! gives for each resource. Where the input does not say (a plain CLI export of a snapshot
//! spanning several accounts or regions), the ARN is left out rather than invented.

use super::{Answer, Component};
use crate::model::{Origin, Snapshot};
use std::collections::BTreeSet;

/// Fills the ARN of every component of `answer` that has none and whose account and region
/// the snapshot tells.
pub(crate) fn fill(answer: &mut Answer, snapshot: &Snapshot) {
    let defaults = Defaults::of(snapshot);
    let fill_one = |component: &mut Component| {
        if component.arn.is_none() {
            component.arn = arn_of(snapshot, &defaults, &component.id);
        }
    };
    for hop in answer.forward.iter_mut().chain(answer.reverse.iter_mut()) {
        fill_one(&mut hop.component);
        for other in hop
            .attached_to
            .iter_mut()
            .chain(hop.transit_gateway.iter_mut())
        {
            fill_one(other);
        }
    }
    for explanation in answer
        .explanations
        .iter_mut()
        .chain(answer.additional_details.iter_mut())
    {
        fill_one(&mut explanation.component);
        if let Some(destination) = &mut explanation.members.destination {
            fill_one(destination);
        }
    }
}

/// The account and region a resource is in when it does not say: the snapshot's only ones.
struct Defaults {
    account: Option<String>,
    region: Option<String>,
}

impl Defaults {
    fn of(snapshot: &Snapshot) -> Defaults {
        let mut accounts = BTreeSet::new();
        let mut regions = BTreeSet::new();
        for vpc in snapshot.vpcs.values() {
            accounts.extend(vpc.owner_id.clone().or(vpc.origin.account_id.clone()));
            regions.extend(vpc.origin.region.clone());
        }
        for subnet in snapshot.subnets.values() {
            regions.extend(subnet.availability_zone.as_deref().and_then(region_of_zone));
        }
        let only =
            |set: BTreeSet<String>| (set.len() == 1).then(|| set.into_iter().next()).flatten();
        Defaults {
            account: only(accounts),
            region: only(regions),
        }
    }
}

/// The region of an Availability Zone name (`us-east-1a` → `us-east-1`).
fn region_of_zone(zone: &str) -> Option<String> {
    let region = zone.trim_end_matches(|c: char| c.is_ascii_lowercase());
    (region.len() < zone.len() && region.ends_with(|c: char| c.is_ascii_digit()))
        .then(|| region.to_owned())
}

/// The resource type ARNs use for an id's prefix; longer prefixes first.
const TYPES: &[(&str, &str)] = &[
    ("tgw-attach-", "transit-gateway-attachment"),
    ("tgw-rtb-", "transit-gateway-route-table"),
    ("tgw-", "transit-gateway"),
    ("vpce-svc-", "vpc-endpoint-service"),
    ("vpce-", "vpc-endpoint"),
    ("vpc-", "vpc"),
    ("subnet-", "subnet"),
    ("rtb-", "route-table"),
    ("acl-", "network-acl"),
    ("sg-", "security-group"),
    ("eni-", "network-interface"),
    ("i-", "instance"),
    ("igw-", "internet-gateway"),
    ("eigw-", "egress-only-internet-gateway"),
    ("nat-", "natgateway"),
    ("pcx-", "vpc-peering-connection"),
    ("vgw-", "vpn-gateway"),
    ("vpn-", "vpn-connection"),
];

fn arn_of(snapshot: &Snapshot, defaults: &Defaults, id: &str) -> Option<String> {
    let (_, kind) = TYPES.iter().find(|(prefix, _)| id.starts_with(prefix))?;
    // A resource whose export names no account (a route table, a network ACL: their files
    // often come without one) is in its parent's (its VPC's, its transit gateway's). The
    // chain is short by kind (route table → VPC); the bound keeps it so whatever the input.
    let mut account = None;
    let mut region = None;
    let mut current = id.to_owned();
    for _ in 0..4 {
        let (owner, origin) = owner_of(snapshot, &current);
        account = account
            .or(owner)
            .or_else(|| origin.and_then(|origin| origin.account_id.clone()));
        region = region.or_else(|| origin.and_then(|origin| origin.region.clone()));
        if account.is_some() && region.is_some() {
            break;
        }
        match parent_of(snapshot, &current) {
            Some(parent) => current = parent,
            None => break,
        }
    }
    let account = account.or_else(|| defaults.account.clone())?;
    let region = region.or_else(|| defaults.region.clone())?;
    Some(format!("arn:aws:ec2:{region}:{account}:{kind}/{id}"))
}

/// The resource whose account a resource is in when its own export does not say: a route
/// table's, network ACL's, NAT gateway's or endpoint's VPC, a transit gateway route table's
/// transit gateway (only its owner makes them), a VPN connection's gateway, a virtual private
/// gateway's VPC. Not a transit gateway attachment: one to a shared transit gateway is made
/// from the VPC owner's account, and which account its ARN names is not documented.
fn parent_of(snapshot: &Snapshot, id: &str) -> Option<String> {
    let parent = if let Some(table) = snapshot.route_tables.get(id) {
        Some(table.vpc.to_string())
    } else if let Some(acl) = snapshot.network_acls.get(id) {
        Some(acl.vpc.to_string())
    } else if let Some(nat) = snapshot.nat_gateways.get(id) {
        nat.vpc.as_ref().map(ToString::to_string)
    } else if let Some(endpoint) = snapshot.vpc_endpoints.get(id) {
        endpoint.vpc.as_ref().map(ToString::to_string)
    } else if let Some(table) = snapshot.transit_gateway_route_tables.get(id) {
        table.transit_gateway.as_ref().map(ToString::to_string)
    } else if let Some(connection) = snapshot.vpn_connections.get(id) {
        (connection.vpn_gateway.as_ref().map(ToString::to_string))
            .or_else(|| connection.transit_gateway.as_ref().map(ToString::to_string))
    } else if let Some(gateway) = snapshot.vpn_gateways.get(id) {
        gateway.vpcs.first().map(ToString::to_string)
    } else {
        None
    };
    parent.filter(|parent| parent != id)
}

/// The owner and origin of the resource with this id, when the snapshot holds it.
fn owner_of<'a>(snapshot: &'a Snapshot, id: &str) -> (Option<String>, Option<&'a Origin>) {
    macro_rules! look {
        ($map:ident, owner) => {
            if let Some(found) = snapshot.$map.get(id) {
                return (found.owner_id.clone(), Some(&found.origin));
            }
        };
        ($map:ident) => {
            if let Some(found) = snapshot.$map.get(id) {
                return (None, Some(&found.origin));
            }
        };
    }
    look!(vpcs, owner);
    look!(subnets, owner);
    look!(security_groups, owner);
    look!(network_interfaces, owner);
    look!(instances, owner);
    look!(internet_gateways, owner);
    look!(transit_gateways, owner);
    look!(route_tables);
    look!(network_acls);
    look!(nat_gateways);
    look!(vpc_endpoints);
    look!(egress_only_internet_gateways);
    // A peering connection is the requester's.
    if let Some(found) = snapshot.vpc_peering_connections.get(id) {
        return (found.requester.owner_id.clone(), Some(&found.origin));
    }
    look!(transit_gateway_attachments);
    look!(vpn_gateways);
    look!(transit_gateway_route_tables);
    look!(vpn_connections);
    (None, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_come_from_zone_names() {
        assert_eq!(region_of_zone("us-east-1a").as_deref(), Some("us-east-1"));
        assert_eq!(region_of_zone("eu-west-2c").as_deref(), Some("eu-west-2"));
        assert_eq!(region_of_zone("us-east-1"), None);
        assert_eq!(region_of_zone("local"), None);
    }

    #[test]
    fn arns_need_an_account_and_a_region() {
        let snapshot = Snapshot::default();
        let known = Defaults {
            account: Some("111122223333".to_owned()),
            region: Some("us-east-1".to_owned()),
        };
        assert_eq!(
            arn_of(&snapshot, &known, "tgw-attach-0abc").as_deref(),
            Some("arn:aws:ec2:us-east-1:111122223333:transit-gateway-attachment/tgw-attach-0abc")
        );
        assert_eq!(
            arn_of(&snapshot, &known, "nat-0abc").as_deref(),
            Some("arn:aws:ec2:us-east-1:111122223333:natgateway/nat-0abc")
        );
        let unknown = Defaults {
            account: None,
            region: Some("us-east-1".to_owned()),
        };
        assert_eq!(arn_of(&snapshot, &unknown, "sg-0abc"), None);
        assert_eq!(arn_of(&snapshot, &known, "198.51.100.7"), None);
    }

    // Two accounts, so no default: a route table or network ACL whose file names none is in
    // its VPC's account, a transit gateway route table in its transit gateway's.
    #[test]
    fn a_resource_without_an_account_is_in_its_parents() {
        let files = [
            reach_aws::InputFile::new(
                "describe-vpcs.json",
                r#"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16", "OwnerId": "111122223333"},
                    {"VpcId": "vpc-2", "CidrBlock": "10.1.0.0/16", "OwnerId": "444455556666"}]}"#,
            ),
            reach_aws::InputFile::new(
                "describe-route-tables.json",
                r#"{"RouteTables": [{"RouteTableId": "rtb-2", "VpcId": "vpc-2", "Routes": []}]}"#,
            ),
            reach_aws::InputFile::new(
                "describe-network-acls.json",
                r#"{"NetworkAcls": [{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "Entries": []}]}"#,
            ),
            reach_aws::InputFile::new(
                "describe-transit-gateways.json",
                r#"{"TransitGateways": [{"TransitGatewayId": "tgw-1", "OwnerId": "444455556666", "State": "available"}]}"#,
            ),
            reach_aws::InputFile::new(
                "describe-transit-gateway-route-tables.json",
                r#"{"TransitGatewayRouteTables": [{"TransitGatewayRouteTableId": "tgw-rtb-1", "TransitGatewayId": "tgw-1"}]}"#,
            ),
        ];
        let snapshot = crate::load(&files).snapshot;
        let defaults = Defaults {
            account: None,
            region: Some("us-east-1".to_owned()),
        };
        let arn = |id: &str| arn_of(&snapshot, &defaults, id);
        assert_eq!(
            arn("rtb-2").as_deref(),
            Some("arn:aws:ec2:us-east-1:444455556666:route-table/rtb-2")
        );
        assert_eq!(
            arn("acl-1").as_deref(),
            Some("arn:aws:ec2:us-east-1:111122223333:network-acl/acl-1")
        );
        assert_eq!(
            arn("tgw-rtb-1").as_deref(),
            Some("arn:aws:ec2:us-east-1:444455556666:transit-gateway-route-table/tgw-rtb-1")
        );
        // Nothing to go by: no ARN rather than a guessed one.
        assert_eq!(arn("rtb-9"), None);
    }
}
