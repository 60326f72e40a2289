//! Route tables: each packet follows the route with the longest prefix containing its
//! destination. A prefix-list route stands for each of the list's CIDRs. Routes in a state
//! other than active (`blackhole`) still win the match — and then drop the packet, which is
//! what AWS does with a blackhole route.

use super::prefix_list_cidrs;
use crate::model::{Route, RouteDestination, RouteTable, Snapshot};
use crate::space::{cidr_range, Cube, Space};
use ipnet::IpNet;

/// The packets one route carries.
#[derive(Clone, Debug)]
pub struct Selected<'a> {
    /// The route.
    pub route: &'a Route,
    /// The packets whose longest match it is.
    pub space: Space,
}

/// What a route table does to a space.
#[derive(Clone, Debug)]
pub struct Lookup<'a> {
    /// The routes that carry some packets, each with those packets.
    pub selected: Vec<Selected<'a>>,
    /// The packets no route matches.
    pub unrouted: Space,
    /// Prefix-list routes whose lists' entries are unknown, so their CIDRs could not be
    /// matched.
    pub unresolved: Vec<&'a Route>,
}

/// Looks up every destination of `space` in `table`.
pub fn lookup<'a>(snapshot: &Snapshot, table: &'a RouteTable, space: &Space) -> Lookup<'a> {
    let mut candidates: Vec<(u8, usize, IpNet)> = Vec::new();
    let mut unresolved = Vec::new();
    for (index, route) in table.routes.iter().enumerate() {
        match &route.destination {
            RouteDestination::Cidr(cidr) => candidates.push((cidr.prefix_len(), index, *cidr)),
            RouteDestination::PrefixList(id) => match prefix_list_cidrs(snapshot, id) {
                Some(cidrs) => candidates.extend(
                    cidrs
                        .into_iter()
                        .map(|cidr| (cidr.prefix_len(), index, cidr)),
                ),
                None => unresolved.push(route),
            },
        }
    }
    // Longest prefix first; among equal prefixes the table's own order (AWS refuses
    // duplicate destinations, so ties only arise between a CIDR route and a prefix list).
    candidates.sort_by(|left, right| right.0.cmp(&left.0).then(left.1.cmp(&right.1)));
    let mut rest = space.clone();
    let mut carried: Vec<(usize, Space)> = Vec::new();
    for (_, index, cidr) in candidates {
        if rest.is_empty() {
            break;
        }
        let (family, destinations) = cidr_range(&cidr);
        let matches = Space::from_cube(Cube {
            destinations,
            ..Cube::everything(family)
        });
        let part = rest.intersection(&matches);
        if part.is_empty() {
            continue;
        }
        rest = rest.difference(&matches);
        match carried.iter_mut().find(|(existing, _)| *existing == index) {
            Some((_, space)) => *space = space.union(&part),
            None => carried.push((index, part)),
        }
    }
    carried.sort_by_key(|(index, _)| *index);
    let selected = carried
        .into_iter()
        .map(|(index, space)| Selected {
            route: &table.routes[index],
            space,
        })
        .collect();
    Lookup {
        selected,
        unrouted: rest,
        unresolved,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{RouteState, RouteTarget};
    use crate::space::Packet;
    use reach_aws::InputFile;
    use std::net::IpAddr;

    const TABLE: &str = r#"{"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Routes": [
        {"DestinationCidrBlock": "10.1.1.0/24", "GatewayId": "local", "State": "active"},
        {"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": "nat-1", "State": "active"},
        {"DestinationCidrBlock": "10.1.1.64/26", "NetworkInterfaceId": "eni-appliance", "State": "active"},
        {"DestinationCidrBlock": "192.0.2.0/24", "NatGatewayId": "nat-gone", "State": "blackhole"},
        {"DestinationPrefixListId": "pl-s3", "GatewayId": "vpce-s3", "State": "active"}]}]}"#;
    const PREFIX_LISTS: &str = r#"{"PrefixLists": [{"PrefixListId": "pl-s3", "PrefixListName": "com.amazonaws.us-east-1.s3", "Cidrs": ["52.216.0.0/15"]}]}"#;

    fn setup() -> Snapshot {
        let files = [
            InputFile::new("rtb.json", TABLE),
            InputFile::new("pl.json", PREFIX_LISTS),
        ];
        crate::load(&files).snapshot
    }

    fn to(destination: [u8; 4]) -> Packet {
        Packet {
            protocol: 6,
            source: IpAddr::from([10, 1, 1, 40]),
            destination: IpAddr::from(destination),
            source_port: 40000,
            destination_port: 443,
        }
    }

    fn route_for(lookup: &Lookup<'_>, packet: &Packet) -> Option<RouteTarget> {
        let routes: Vec<&Route> = lookup
            .selected
            .iter()
            .filter(|selected| selected.space.contains(packet))
            .map(|selected| selected.route)
            .collect();
        assert!(routes.len() <= 1, "a packet follows one route: {routes:?}");
        routes.first().map(|route| route.target.clone())
    }

    #[test]
    fn longest_prefix_wins_on_both_sides_of_each_edge() {
        let snapshot = setup();
        let table = &snapshot.route_tables["rtb-1"];
        let lookup = lookup(&snapshot, table, &Space::everything());
        let appliance =
            RouteTarget::NetworkInterface(crate::ids::NetworkInterfaceId::new("eni-appliance"));
        let nat = RouteTarget::NatGateway(crate::ids::NatGatewayId::new("nat-1"));
        assert_eq!(
            route_for(&lookup, &to([10, 1, 1, 63])),
            Some(RouteTarget::Local)
        );
        assert_eq!(
            route_for(&lookup, &to([10, 1, 1, 64])),
            Some(appliance.clone())
        );
        assert_eq!(route_for(&lookup, &to([10, 1, 1, 127])), Some(appliance));
        assert_eq!(
            route_for(&lookup, &to([10, 1, 1, 128])),
            Some(RouteTarget::Local)
        );
        assert_eq!(route_for(&lookup, &to([10, 1, 2, 0])), Some(nat.clone()));
        assert_eq!(
            route_for(&lookup, &to([52, 216, 0, 1])),
            Some(RouteTarget::VpcEndpoint(crate::ids::VpcEndpointId::new(
                "vpce-s3"
            )))
        );
        assert_eq!(route_for(&lookup, &to([52, 218, 0, 1])), Some(nat));
        // IPv6 has no route at all in this table.
        assert!(!lookup.unrouted.is_empty());
        assert!(lookup.unresolved.is_empty());
    }

    #[test]
    fn a_blackhole_route_still_wins_the_match() {
        let snapshot = setup();
        let lookup = lookup(
            &snapshot,
            &snapshot.route_tables["rtb-1"],
            &Space::everything(),
        );
        let selected = lookup
            .selected
            .iter()
            .find(|selected| selected.space.contains(&to([192, 0, 2, 9])))
            .unwrap();
        assert_eq!(selected.route.state, RouteState::Blackhole);
    }
}
