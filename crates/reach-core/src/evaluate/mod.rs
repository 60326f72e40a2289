//! What one component does to a header space: the security groups of an interface, the
//! network ACL of a subnet, a route table. Each evaluator splits the space it is given into
//! the parts each rule decides, so that the walk can say, for every packet, which rule let it
//! through or stopped it.

pub mod network_acl;
pub mod route_table;
pub mod security_group;

use crate::model::{IcmpTypeCode, Protocol, Snapshot};
use crate::space::{self, cidr_range, Cube, IntervalSet, MAX_PORT, MAX_PROTOCOL};
use ipnet::IpNet;

/// Which way traffic crosses a security group or network ACL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Into the interface or subnet: rules name the packet's source.
    Inbound,
    /// Out of the interface or subnet: rules name the packet's destination.
    Outbound,
}

/// The cubes of packets a rule with this protocol, port range or ICMP type and code, and peer
/// CIDRs matches. The port range is the destination port in both directions, as AWS defines
/// it; it only narrows TCP and UDP. An ICMP or ICMPv6 rule narrows the message's type and code,
/// which the header space keeps in the destination-port dimension (`space::icmp`); a rule of
/// either protocol without one matches every type.
pub(crate) fn rule_cubes(
    protocol: Protocol,
    ports: Option<(u16, u16)>,
    icmp: Option<IcmpTypeCode>,
    peers: &[IpNet],
    direction: Direction,
) -> Vec<Cube> {
    let protocols = match protocol {
        Protocol::All => IntervalSet::range(0, MAX_PROTOCOL),
        Protocol::Number(number) => IntervalSet::single(u128::from(number)),
    };
    let destination_ports = match (protocol, ports, icmp) {
        (Protocol::Number(6 | 17), Some((from, to)), _) => {
            IntervalSet::range(u128::from(from), u128::from(to))
        }
        (Protocol::Number(number), _, Some(icmp)) if space::icmp::is_icmp(number) => {
            space::icmp::type_codes(icmp.icmp_type, icmp.code)
        }
        _ => IntervalSet::range(0, MAX_PORT),
    };
    peers
        .iter()
        .map(|peer| {
            let (family, addresses) = cidr_range(peer);
            let mut cube = Cube {
                protocols: protocols.clone(),
                destination_ports: destination_ports.clone(),
                ..Cube::everything(family)
            };
            match direction {
                Direction::Inbound => cube.sources = addresses,
                Direction::Outbound => cube.destinations = addresses,
            }
            cube
        })
        .collect()
}

/// The CIDRs of a prefix list, or `None` when its entries are unknown.
pub(crate) fn prefix_list_cidrs(
    snapshot: &Snapshot,
    id: &crate::ids::PrefixListId,
) -> Option<Vec<IpNet>> {
    snapshot
        .prefix_lists
        .get(id)
        .and_then(|list| list.cidrs.clone())
}
