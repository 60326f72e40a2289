//! VPC route tables (`describe-route-tables`): routes with their targets, and associations
//! (subnets, gateways, whether the table is its VPC's main one).

use crate::collect::Entry;
use crate::command;
use crate::ids::*;
use crate::lower::{association_live, dropped_element, label, owned, Lowering};
use crate::model::*;
use reach_aws::ec2::name_tag;
use reach_aws::ec2::route_table::{Route as RawRoute, RouteTableAssociation};
use std::collections::BTreeSet;

pub(crate) fn lower(lowering: &mut Lowering<'_>) {
    let Lowering {
        input,
        snapshot,
        sink,
    } = lowering;
    for (
        id,
        Entry {
            value: table,
            origin,
        },
    ) in input.route_tables.iter()
    {
        sink.check_vpc(input, &format!("route table {id}"), "is in", &table.vpc_id);
        let mut routes = Vec::new();
        let mut dropped = Vec::new();
        for (index, route) in table.routes.iter() {
            let field = format!("Routes[{index}]");
            let route = match route {
                Ok(route) => route,
                Err(bad) => {
                    let mut element = sink.dropped(origin, id, "Routes", bad);
                    // A destination that reads says which packets the route could carry.
                    element.destination = [
                        &bad.known.destination_cidr_block,
                        &bad.known.destination_ipv6_cidr_block,
                    ]
                    .into_iter()
                    .flatten()
                    .find_map(|text| text.parse().ok());
                    dropped.push(element);
                    continue;
                }
            };
            let mark = sink.mark();
            let cidr = match (
                &route.destination_cidr_block,
                &route.destination_ipv6_cidr_block,
            ) {
                (Some(text), _) => Some((text, "DestinationCidrBlock")),
                (None, Some(text)) => Some((text, "DestinationIpv6CidrBlock")),
                (None, None) => None,
            };
            let destination = if let Some((text, key)) = cidr {
                sink.cidr(text, origin, id, &format!("{field}.{key}"))
                    .map(RouteDestination::Cidr)
            } else if let Some(prefix_list) = &route.destination_prefix_list_id {
                Some(RouteDestination::PrefixList(PrefixListId::new(prefix_list)))
            } else {
                sink.error(origin, id, &field, "route without a destination".to_owned());
                None
            };
            let Some(destination) = destination else {
                dropped.push(dropped_element(field, sink.reasons_since(mark, origin)));
                continue;
            };
            let target = route_target(route);
            let state = match route.state.as_deref() {
                None | Some("active") => RouteState::Active,
                Some("blackhole") => RouteState::Blackhole,
                Some(other) => RouteState::Other(other.to_owned()),
            };
            routes.push(Route {
                destination,
                target,
                state,
                origin: route.origin.clone(),
            });
        }
        let mut associations = Vec::new();
        for (_, association) in table.associations.iter() {
            match association {
                Ok(association) => associations.push(association),
                Err(bad) => dropped.push(DroppedElement {
                    association: true,
                    ..sink.dropped(origin, id, "Associations", bad)
                }),
            }
        }
        let live = |association: &&&RouteTableAssociation| {
            association_live(association.association_state.as_ref())
        };
        let main = associations
            .iter()
            .filter(live)
            .any(|association| association.main);
        let subnets: Vec<SubnetId> = associations
            .iter()
            .filter(live)
            .filter_map(|a| a.subnet_id.clone())
            .map(SubnetId::new)
            .collect();
        for subnet in &subnets {
            sink.check_subnet(
                input,
                &format!("route table {id}"),
                "is associated with",
                subnet.as_str(),
            );
        }
        let gateways = associations
            .iter()
            .filter(live)
            .filter_map(|a| a.gateway_id.clone())
            .collect();
        if main {
            if let Some(vpc) = snapshot.vpcs.get_mut(table.vpc_id.as_str()) {
                match &vpc.main_route_table {
                    // A VPC has exactly one main route table: two mean the export is
                    // inconsistent (one table exported before the main association moved).
                    Some(first) => sink.conflict(format!(
                        "VPC {} has two main route tables, {first} and {id} ({}): a VPC has exactly one, so the export is inconsistent; Reach uses {first} for the subnets without an explicit association",
                        table.vpc_id,
                        origin.place()
                    )),
                    None => vpc.main_route_table = Some(RouteTableId::new(id)),
                }
            }
        }
        snapshot.route_tables.insert(
            RouteTableId::new(id),
            RouteTable {
                id: RouteTableId::new(id),
                name: owned(name_tag(&table.tags)),
                vpc: VpcId::new(&table.vpc_id),
                main,
                subnets,
                gateways,
                routes,
                dropped,
                origin: origin.clone(),
            },
        );
    }
}

/// What a route leads to. The CLI prints most gateways under `GatewayId`, told apart by the
/// id's prefix.
fn route_target(route: &RawRoute) -> RouteTarget {
    if let Some(gateway) = &route.gateway_id {
        return match gateway.as_str() {
            "local" => RouteTarget::Local,
            id if id.starts_with("igw-") => {
                RouteTarget::InternetGateway(InternetGatewayId::new(id))
            }
            id if id.starts_with("vgw-") => RouteTarget::VpnGateway(VpnGatewayId::new(id)),
            // The CLI prints Gateway Load Balancer, Network Firewall and gateway endpoints here.
            id if id.starts_with("vpce-") => RouteTarget::VpcEndpoint(VpcEndpointId::new(id)),
            id => RouteTarget::Other(id.to_owned()),
        };
    }
    if let Some(id) = &route.nat_gateway_id {
        return RouteTarget::NatGateway(NatGatewayId::new(id));
    }
    if let Some(id) = &route.transit_gateway_id {
        return RouteTarget::TransitGateway(TransitGatewayId::new(id));
    }
    if let Some(id) = &route.vpc_peering_connection_id {
        return RouteTarget::VpcPeeringConnection(VpcPeeringConnectionId::new(id));
    }
    if let Some(id) = &route.egress_only_internet_gateway_id {
        return RouteTarget::EgressOnlyInternetGateway(EgressOnlyInternetGatewayId::new(id));
    }
    if let Some(id) = &route.vpc_endpoint_id {
        return RouteTarget::VpcEndpoint(VpcEndpointId::new(id));
    }
    // A route to an instance also names the instance's interface; the interface is what
    // traffic goes to.
    if let Some(id) = &route.network_interface_id {
        return RouteTarget::NetworkInterface(NetworkInterfaceId::new(id));
    }
    if let Some(id) = &route.instance_id {
        return RouteTarget::Instance(InstanceId::new(id));
    }
    let other = [
        &route.local_gateway_id,
        &route.carrier_gateway_id,
        &route.core_network_arn,
    ]
    .into_iter()
    .flatten()
    .next();
    match other {
        Some(other) => RouteTarget::Other(other.clone()),
        None => RouteTarget::None,
    }
}

/// Every route target must be in the input. Checked once everything is lowered: a route may
/// lead to an interface an instance described, or to a firewall's endpoint.
pub(crate) fn check_targets(lowering: &mut Lowering<'_>) {
    let Lowering {
        input: c,
        snapshot,
        sink,
    } = lowering;
    let firewall_endpoints: BTreeSet<&str> = snapshot
        .firewalls
        .values()
        .flat_map(|firewall| {
            firewall
                .endpoints
                .iter()
                .filter_map(|endpoint| endpoint.endpoint.as_ref())
        })
        .map(VpcEndpointId::as_str)
        .collect();
    for table in snapshot.route_tables.values() {
        let table_label = label("route table", table.id.as_str(), table.name.as_deref());
        for route in &table.routes {
            let destination = match &route.destination {
                RouteDestination::Cidr(cidr) => cidr.to_string(),
                RouteDestination::PrefixList(prefix_list) => {
                    sink.check_prefix_list(c, &table_label, "has a route to", prefix_list.as_str());
                    prefix_list.to_string()
                }
            };
            let relation = format!("routes {destination} to");
            let referrer = (table_label.as_str(), relation.as_str());
            match &route.target {
                RouteTarget::InternetGateway(id) => sink.reference(
                    c.internet_gateways.contains(id.as_str()),
                    referrer,
                    "internet gateway",
                    id.as_str(),
                    command::internet_gateway,
                ),
                RouteTarget::EgressOnlyInternetGateway(id) => sink.reference(
                    c.egress_only_internet_gateways.contains(id.as_str()),
                    referrer,
                    "egress-only internet gateway",
                    id.as_str(),
                    command::egress_only_internet_gateway,
                ),
                RouteTarget::NatGateway(id) => sink.reference(
                    c.nat_gateways.contains(id.as_str()),
                    referrer,
                    "NAT gateway",
                    id.as_str(),
                    command::nat_gateway,
                ),
                RouteTarget::TransitGateway(id) => sink.reference(
                    c.transit_gateways.contains(id.as_str()),
                    referrer,
                    "transit gateway",
                    id.as_str(),
                    command::transit_gateway,
                ),
                RouteTarget::VpcPeeringConnection(id) => sink.reference(
                    c.vpc_peering_connections.contains(id.as_str()),
                    referrer,
                    "VPC peering connection",
                    id.as_str(),
                    command::vpc_peering_connection,
                ),
                // An instance's view of its interfaces counts too.
                RouteTarget::NetworkInterface(id) => sink.reference(
                    snapshot.network_interfaces.contains_key(id),
                    referrer,
                    "network interface",
                    id.as_str(),
                    command::network_interface,
                ),
                RouteTarget::Instance(id) => sink.reference(
                    c.instances.contains(id.as_str()),
                    referrer,
                    "instance",
                    id.as_str(),
                    command::instance,
                ),
                RouteTarget::VpnGateway(id) => sink.reference(
                    c.vpn_gateways.contains(id.as_str()),
                    referrer,
                    "virtual private gateway",
                    id.as_str(),
                    command::vpn_gateway,
                ),
                RouteTarget::VpcEndpoint(id)
                    if !c.vpc_endpoints.contains(id.as_str())
                        && !firewall_endpoints.contains(id.as_str()) =>
                {
                    sink.missing(
                        id.as_str(),
                        format!(
                            "{table_label} {relation} endpoint {id}, which is neither a VPC endpoint nor a Network Firewall endpoint in the input (if it is a firewall endpoint, list-firewalls names the firewall; then export it with describe-firewall)"
                        ),
                        command::endpoint(id.as_str(), table.vpc.as_str()),
                    );
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{route_target, RawRoute};
    use crate::lower::{check, problems};
    use crate::model::RouteTarget;

    const VPC: (&str, &str) = (
        "describe-vpcs.json",
        r#"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}"#,
    );

    #[test]
    fn a_bad_destination_names_its_own_field_and_the_other_routes_stay() {
        let tables = r#"{"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Routes": [
            {"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local"},
            {"DestinationIpv6CidrBlock": "2001:db8::/129", "GatewayId": "local"},
            {"DestinationCidrBlock": "10.0.0.0/33", "GatewayId": "local"},
            {"GatewayId": "local"}]}]}"#;
        let (snapshot, problems) = problems(&[VPC, ("describe-route-tables.json", tables)]);
        assert_eq!(
            problems,
            [
                "error describe-route-tables.json: rtb-1: RouteTables[0].Routes[1].DestinationIpv6CidrBlock: invalid CIDR \"2001:db8::/129\"",
                "error describe-route-tables.json: rtb-1: RouteTables[0].Routes[2].DestinationCidrBlock: invalid CIDR \"10.0.0.0/33\"",
                "error describe-route-tables.json: rtb-1: RouteTables[0].Routes[3]: route without a destination",
            ]
        );
        assert_eq!(snapshot.route_tables["rtb-1"].routes.len(), 1);
    }

    /// A route of the wrong shape costs only itself; the model keeps it as dropped, with its
    /// destination when that reads. So do routes whose values do not parse, and associations.
    #[test]
    fn a_route_that_does_not_read_is_dropped_and_the_table_stays() {
        let tables = r#"{"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1",
            "Associations": [{"Main": true}, {"Main": "yes"}],
            "Routes": [
            {"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local"},
            {"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": ["igw-1"]},
            null,
            {"DestinationCidrBlock": "10.1.0.0/33", "GatewayId": "local"}]}]}"#;
        let (snapshot, problems) = problems(&[VPC, ("describe-route-tables.json", tables)]);
        assert_eq!(
            problems,
            [
                "error describe-route-tables.json: rtb-1: RouteTables[0].Routes[1].GatewayId: invalid type: sequence, expected a string",
                "error describe-route-tables.json: rtb-1: RouteTables[0].Routes[2]: invalid type: null, expected struct Route",
                "error describe-route-tables.json: rtb-1: RouteTables[0].Routes[3].DestinationCidrBlock: invalid CIDR \"10.1.0.0/33\"",
                "error describe-route-tables.json: rtb-1: RouteTables[0].Associations[1].Main: invalid type: string \"yes\", expected a boolean",
            ]
        );
        let table = &snapshot.route_tables["rtb-1"];
        assert_eq!(table.routes.len(), 1);
        assert!(table.main);
        let dropped: Vec<String> = table
            .dropped
            .iter()
            .map(|element| {
                format!(
                    "{} {:?} {}",
                    element.path,
                    element.destination.map(|cidr| cidr.to_string()),
                    element.association
                )
            })
            .collect();
        assert_eq!(
            dropped,
            [
                "Routes[1] Some(\"0.0.0.0/0\") false",
                "Routes[2] None false",
                "Routes[3] None false",
                "Associations[1] None true",
            ]
        );
    }

    /// A VPC has exactly one main route table: a second is a diagnostic, and the first (in id
    /// order) stays the one subnets fall back to.
    #[test]
    fn two_main_route_tables_in_one_vpc_are_a_conflict() {
        let tables = r#"{"RouteTables": [
            {"RouteTableId": "rtb-2", "VpcId": "vpc-1", "Associations": [{"Main": true}], "Routes": []},
            {"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Associations": [{"Main": true}], "Routes": []}]}"#;
        let (snapshot, problems) = problems(&[VPC, ("describe-route-tables.json", tables)]);
        assert_eq!(
            problems,
            ["missing -: VPC vpc-1 has two main route tables, rtb-1 and rtb-2 (describe-route-tables.json RouteTables[0]): a VPC has exactly one, so the export is inconsistent; Reach uses rtb-1 for the subnets without an explicit association | -"]
        );
        assert_eq!(
            snapshot.vpcs["vpc-1"]
                .main_route_table
                .as_ref()
                .map(|id| id.as_str()),
            Some("rtb-1")
        );
    }

    #[test]
    fn a_routes_target_by_the_key_and_id_prefix_the_cli_prints() {
        let target = |route: &str| {
            let route: RawRoute = serde_json::from_str(route).unwrap();
            format!("{:?}", route_target(&route))
        };
        assert_eq!(
            target(r#"{"GatewayId": "local"}"#),
            format!("{:?}", RouteTarget::Local)
        );
        assert!(target(r#"{"GatewayId": "igw-1"}"#).starts_with("InternetGateway"));
        assert!(target(r#"{"GatewayId": "vgw-1"}"#).starts_with("VpnGateway"));
        // Gateway Load Balancer, Network Firewall and gateway endpoints come as GatewayId.
        assert!(target(r#"{"GatewayId": "vpce-1"}"#).starts_with("VpcEndpoint"));
        assert!(target(r#"{"GatewayId": "lgw-1"}"#).starts_with("Other"));
        // The interface, not the instance, is where traffic goes.
        assert!(
            target(r#"{"InstanceId": "i-1", "NetworkInterfaceId": "eni-1"}"#)
                .starts_with("NetworkInterface")
        );
        assert_eq!(target("{}"), format!("{:?}", RouteTarget::None));
    }

    #[test]
    fn an_association_with_a_missing_subnet_names_the_subnet() {
        let tables = r#"{"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1",
            "Associations": [{"SubnetId": "subnet-9", "AssociationState": {"State": "associated"}}],
            "Routes": [{"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local"}]}]}"#;
        check(
            &[VPC, ("describe-route-tables.json", tables)],
            &["missing subnet-9: route table rtb-1 is associated with subnet subnet-9, which is not in the input | aws ec2 describe-subnets --subnet-ids subnet-9"],
        );
    }
}
