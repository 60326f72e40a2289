//! Route tables: each packet follows the route with the longest prefix containing its
//! destination. A prefix-list route stands for each of the list's CIDRs. Routes in a state
//! other than active (`blackhole`) still win the match — and then drop the packet, which is
//! what AWS does with a blackhole route.
//!
//! Where two routes have the same prefix, AWS's route priority decides ("How route priority
//! works", Amazon VPC User Guide): a static route with a CIDR destination, then a prefix-list
//! route, then a propagated one; and a propagated route never takes packets the local route
//! matches, however specific it is. `beaten` says which routes lost packets the chosen route
//! carries, and to which rule, for AWS's `MORE_SPECIFIC_ROUTE` and `HIGHER_PRIORITY_ROUTE`.

use super::prefix_list_cidrs;
use crate::model::{Route, RouteDestination, RouteState, RouteTable, RouteTarget, Snapshot};
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

/// Why a route lost packets to another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Beaten {
    /// The winner's prefix is longer.
    MoreSpecific,
    /// The same prefix, and the winner ranks first (static over prefix list over propagated),
    /// or the local route over a more specific propagated one.
    HigherPriority,
}

/// A route that matches packets another route carries.
#[derive(Clone, Debug)]
pub struct Loser<'a> {
    /// The route.
    pub route: &'a Route,
    /// Why it lost.
    pub why: Beaten,
    /// The packets it would have carried.
    pub space: Space,
}

/// Where a route stands at equal prefix length: lower first.
fn rank(route: &Route) -> u8 {
    match (&route.destination, route.origin.as_deref()) {
        (_, Some(origin)) if origin == PROPAGATED => 2,
        (RouteDestination::PrefixList(_), _) => 1,
        (RouteDestination::Cidr(_), _) => 0,
    }
}

/// The `Origin` of a route a virtual private gateway propagated.
const PROPAGATED: &str = "EnableVgwRoutePropagation";

/// One CIDR of a route, as the lookup weighs it.
struct Candidate {
    prefix: u8,
    rank: u8,
    /// The route's index in its table.
    index: usize,
    cidr: IpNet,
    /// A propagated CIDR inside a local route's: the local route always wins there.
    under_local: bool,
}

/// Each route's CIDRs in the order routes win: the longest prefix first, then the rank, then
/// the table's order. Also the prefix-list routes whose entries are unknown.
fn candidates<'a>(snapshot: &Snapshot, table: &'a RouteTable) -> (Vec<Candidate>, Vec<&'a Route>) {
    let local: Vec<IpNet> = table
        .routes
        .iter()
        .filter(|route| route.target == RouteTarget::Local)
        .filter_map(|route| match route.destination {
            RouteDestination::Cidr(cidr) => Some(cidr),
            RouteDestination::PrefixList(_) => None,
        })
        .collect();
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut unresolved = Vec::new();
    for (index, route) in table.routes.iter().enumerate() {
        let rank = rank(route);
        let cidrs = match &route.destination {
            RouteDestination::Cidr(cidr) => vec![*cidr],
            RouteDestination::PrefixList(id) => match prefix_list_cidrs(snapshot, id) {
                Some(cidrs) => cidrs,
                None => {
                    unresolved.push(route);
                    continue;
                }
            },
        };
        candidates.extend(cidrs.into_iter().map(|cidr| Candidate {
            prefix: cidr.prefix_len(),
            rank,
            index,
            cidr,
            under_local: rank == 2 && local.iter().any(|local| local.contains(&cidr)),
        }));
    }
    candidates.sort_by(|left, right| {
        right
            .prefix
            .cmp(&left.prefix)
            .then(left.rank.cmp(&right.rank))
            .then(left.index.cmp(&right.index))
    });
    (candidates, unresolved)
}

fn matching(cidr: &IpNet) -> Space {
    let (family, destinations) = cidr_range(cidr);
    Space::from_cube(Cube {
        destinations,
        ..Cube::everything(family)
    })
}

/// Looks up every destination of `space` in `table`.
pub fn lookup<'a>(snapshot: &Snapshot, table: &'a RouteTable, space: &Space) -> Lookup<'a> {
    let (candidates, unresolved) = candidates(snapshot, table);
    let mut rest = space.clone();
    let mut carried: Vec<(usize, Space)> = Vec::new();
    for Candidate {
        index,
        cidr,
        under_local,
        ..
    } in candidates
    {
        if rest.is_empty() {
            break;
        }
        if under_local {
            continue;
        }
        let matches = matching(&cidr);
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

/// The routes of `table` other than `winner` that match some of `space`, the packets
/// `winner` carries, with why each lost them. Only active routes to another target: a route to
/// the same target would lead the same way, and a blackhole carries nothing.
pub fn beaten<'a>(
    snapshot: &Snapshot,
    table: &'a RouteTable,
    winner: &Route,
    space: &Space,
) -> Vec<Loser<'a>> {
    let (candidates, _) = candidates(snapshot, table);
    let is_winner = |index: usize| std::ptr::eq(&table.routes[index], winner);
    // The longest prefix of the winner's among the packets: a prefix list may have several.
    let winner_prefix = candidates
        .iter()
        .filter(|candidate| {
            is_winner(candidate.index) && !space.intersection(&matching(&candidate.cidr)).is_empty()
        })
        .map(|candidate| candidate.prefix)
        .max();
    let Some(winner_prefix) = winner_prefix else {
        return Vec::new();
    };
    let mut losers: Vec<Loser<'a>> = Vec::new();
    for candidate in &candidates {
        let route = &table.routes[candidate.index];
        if is_winner(candidate.index)
            || route.target == winner.target
            || route.state != RouteState::Active
        {
            continue;
        }
        let part = space.intersection(&matching(&candidate.cidr));
        if part.is_empty() {
            continue;
        }
        let why = if winner_prefix > candidate.prefix {
            Beaten::MoreSpecific
        } else {
            Beaten::HigherPriority
        };
        match losers
            .iter_mut()
            .find(|loser| std::ptr::eq(loser.route, route))
        {
            Some(loser) => loser.space = loser.space.union(&part),
            None => losers.push(Loser {
                route,
                why,
                space: part,
            }),
        }
    }
    losers
}

#[cfg(test)]
mod tests {
    use super::*;
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

    /// Routes to the same prefix: static, then prefix list, then propagated; and a propagated
    /// route never takes what the local route matches (How route priority works).
    const PRIORITY: &str = r#"{"RouteTables": [{"RouteTableId": "rtb-2", "VpcId": "vpc-1", "Routes": [
        {"DestinationCidrBlock": "10.1.0.0/16", "GatewayId": "local", "Origin": "CreateRouteTable", "State": "active"},
        {"DestinationCidrBlock": "10.1.5.0/24", "GatewayId": "vgw-1", "Origin": "EnableVgwRoutePropagation", "State": "active"},
        {"DestinationCidrBlock": "172.16.0.0/24", "GatewayId": "vgw-1", "Origin": "EnableVgwRoutePropagation", "State": "active"},
        {"DestinationPrefixListId": "pl-partners", "NatGatewayId": "nat-1", "Origin": "CreateRoute", "State": "active"},
        {"DestinationCidrBlock": "172.16.0.0/24", "GatewayId": "igw-1", "Origin": "CreateRoute", "State": "active"},
        {"DestinationCidrBlock": "172.16.1.0/24", "GatewayId": "vgw-1", "Origin": "EnableVgwRoutePropagation", "State": "active"}]}]}"#;
    const PARTNERS: &str = r#"{"PrefixLists": [{"PrefixListId": "pl-partners", "PrefixListName": "partners", "Cidrs": ["172.16.0.0/24", "172.16.1.0/24"]}]}"#;

    #[test]
    fn equal_prefixes_follow_awss_route_priority() {
        let files = [
            InputFile::new("rtb.json", PRIORITY),
            InputFile::new("pl.json", PARTNERS),
        ];
        let snapshot = crate::load(&files).snapshot;
        let table = &snapshot.route_tables["rtb-2"];
        let lookup = lookup(&snapshot, table, &Space::everything());
        let gateway =
            |id: &str| RouteTarget::InternetGateway(crate::ids::InternetGatewayId::new(id));
        let nat = RouteTarget::NatGateway(crate::ids::NatGatewayId::new("nat-1"));
        // Static over propagated and over the prefix list, though listed after both.
        assert_eq!(
            route_for(&lookup, &to([172, 16, 0, 9])),
            Some(gateway("igw-1"))
        );
        // The prefix list over a propagated route.
        assert_eq!(route_for(&lookup, &to([172, 16, 1, 9])), Some(nat.clone()));
        // The local route over a more specific propagated one.
        assert_eq!(
            route_for(&lookup, &to([10, 1, 5, 9])),
            Some(RouteTarget::Local)
        );
        // Who lost to whom, and why.
        let winner = |target: &RouteTarget| {
            table
                .routes
                .iter()
                .find(|route| {
                    &route.target == target
                        && route.destination
                            != RouteDestination::Cidr("172.16.1.0/24".parse().unwrap())
                })
                .unwrap()
        };
        let space_of = |address: [u8; 4]| {
            let (family, number) = crate::space::address_number(IpAddr::from(address));
            Space::from_cube(Cube {
                destinations: crate::space::IntervalSet::single(number),
                ..Cube::everything(family)
            })
        };
        let losers = |target: &RouteTarget, address: [u8; 4]| -> Vec<(RouteTarget, Beaten)> {
            beaten(&snapshot, table, winner(target), &space_of(address))
                .into_iter()
                .map(|loser| (loser.route.target.clone(), loser.why))
                .collect()
        };
        let vgw = RouteTarget::VpnGateway(crate::ids::VpnGatewayId::new("vgw-1"));
        assert_eq!(
            losers(&gateway("igw-1"), [172, 16, 0, 9]),
            [
                (nat.clone(), Beaten::HigherPriority),
                (vgw.clone(), Beaten::HigherPriority)
            ]
        );
        assert_eq!(
            losers(&RouteTarget::Local, [10, 1, 5, 9]),
            [(vgw, Beaten::HigherPriority)]
        );
        // Nothing else matches 10.1.6.9: nothing lost.
        assert!(losers(&RouteTarget::Local, [10, 1, 6, 9]).is_empty());
    }
}
