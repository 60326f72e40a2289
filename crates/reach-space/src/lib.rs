//! Header spaces: sets of packets, described by protocol, source and destination address, and
//! source and destination port. A walk narrows a space hop by hop and remembers which rule did
//! it, so one walk answers for every port and address at once instead of for one sample
//! packet.
//!
//! A [`Space`] is a union of [`Cube`]s; a cube is one address family and one
//! [`IntervalSet`] per dimension. Ports only mean something for TCP and UDP: rules that name
//! ports always name one of those protocols too, so other protocols keep full port sets. ICMP
//! and ICMPv6 are the exception: their cubes carry the message's type and code in the port
//! dimensions ([`icmp`] says how), so that a reply's type follows from its request's by the
//! same swap as a reply's ports.

pub mod icmp;
mod interval_set;

pub use interval_set::IntervalSet;

use ipnet::IpNet;
use std::net::IpAddr;

/// The highest TCP/UDP port.
pub const MAX_PORT: u128 = 65_535;
/// The highest IP protocol number.
pub const MAX_PROTOCOL: u128 = 255;

/// IPv4 or IPv6: a cube's addresses are all of one family.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    /// IPv4: addresses are the low 32 bits.
    V4,
    /// IPv6.
    V6,
}

impl Family {
    /// The highest address of the family, as a number.
    pub fn max_address(self) -> u128 {
        match self {
            Family::V4 => u128::from(u32::MAX),
            Family::V6 => u128::MAX,
        }
    }
}

/// An address as a number, with its family.
pub fn address_number(address: IpAddr) -> (Family, u128) {
    match address {
        IpAddr::V4(v4) => (Family::V4, u128::from(u32::from(v4))),
        IpAddr::V6(v6) => (Family::V6, u128::from(v6)),
    }
}

/// The addresses of a CIDR block, as a range of numbers, with their family.
pub fn cidr_range(cidr: &IpNet) -> (Family, IntervalSet) {
    let (family, low) = address_number(cidr.network());
    let (_, high) = address_number(cidr.broadcast());
    (family, IntervalSet::range(low, high))
}

/// The smallest list of CIDR blocks covering exactly the addresses of `set`.
pub fn cidrs(family: Family, set: &IntervalSet) -> Vec<IpNet> {
    let bits: u32 = match family {
        Family::V4 => 32,
        Family::V6 => 128,
    };
    let mut out = Vec::new();
    for &(low, high) in set.ranges() {
        let mut start = low;
        loop {
            // The largest block that starts at `start` (aligned) and ends at or before `high`.
            let mut size_bits = if start == 0 {
                bits
            } else {
                start.trailing_zeros().min(bits)
            };
            while size_bits > 0
                && (size_bits >= 128
                    || start
                        .checked_add((1u128 << size_bits) - 1)
                        .is_none_or(|end| end > high))
            {
                if size_bits == 128 && start == 0 && high == u128::MAX {
                    break;
                }
                size_bits -= 1;
            }
            let prefix = u8::try_from(bits - size_bits).unwrap_or(0);
            let net = match family {
                Family::V4 => IpNet::V4(
                    ipnet::Ipv4Net::new(std::net::Ipv4Addr::from(start as u32), prefix)
                        .expect("prefix within 32"),
                ),
                Family::V6 => IpNet::V6(
                    ipnet::Ipv6Net::new(std::net::Ipv6Addr::from(start), prefix)
                        .expect("prefix within 128"),
                ),
            };
            out.push(net);
            let end = if size_bits >= 128 {
                u128::MAX
            } else {
                start + ((1u128 << size_bits) - 1)
            };
            if end >= high {
                break;
            }
            start = end + 1;
        }
    }
    out
}

/// One packet, as a point of the header space.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Packet {
    /// The IP protocol number.
    pub protocol: u8,
    /// The source address.
    pub source: IpAddr,
    /// The destination address.
    pub destination: IpAddr,
    /// The source port.
    pub source_port: u16,
    /// The destination port.
    pub destination_port: u16,
}

/// A box of the header space: one family, and a set of values per dimension.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Cube {
    /// The address family of both addresses.
    pub family: Family,
    /// IP protocol numbers.
    pub protocols: IntervalSet,
    /// Source addresses.
    pub sources: IntervalSet,
    /// Destination addresses.
    pub destinations: IntervalSet,
    /// Source ports (ICMP: the counterpart's type and code, see [`icmp`]).
    pub source_ports: IntervalSet,
    /// Destination ports (ICMP: the message's type and code, see [`icmp`]).
    pub destination_ports: IntervalSet,
}

impl Cube {
    /// Every packet of a family.
    pub fn everything(family: Family) -> Cube {
        Cube {
            family,
            protocols: IntervalSet::range(0, MAX_PROTOCOL),
            sources: IntervalSet::range(0, family.max_address()),
            destinations: IntervalSet::range(0, family.max_address()),
            source_ports: IntervalSet::range(0, MAX_PORT),
            destination_ports: IntervalSet::range(0, MAX_PORT),
        }
    }

    fn dimensions(&self) -> [&IntervalSet; 5] {
        [
            &self.protocols,
            &self.sources,
            &self.destinations,
            &self.source_ports,
            &self.destination_ports,
        ]
    }

    fn dimensions_mut(&mut self) -> [&mut IntervalSet; 5] {
        [
            &mut self.protocols,
            &mut self.sources,
            &mut self.destinations,
            &mut self.source_ports,
            &mut self.destination_ports,
        ]
    }

    /// Whether the cube holds no packet.
    pub fn is_empty(&self) -> bool {
        self.dimensions()
            .iter()
            .any(|dimension| dimension.is_empty())
    }

    /// Whether the cube holds `packet`.
    pub fn contains(&self, packet: &Packet) -> bool {
        let (family, source) = address_number(packet.source);
        let (destination_family, destination) = address_number(packet.destination);
        family == self.family
            && destination_family == family
            && self.protocols.contains(u128::from(packet.protocol))
            && self.sources.contains(source)
            && self.destinations.contains(destination)
            && self.source_ports.contains(u128::from(packet.source_port))
            && self
                .destination_ports
                .contains(u128::from(packet.destination_port))
    }

    /// `self ∩ other`, or `None` when they share no packet.
    pub fn intersection(&self, other: &Cube) -> Option<Cube> {
        if self.family != other.family {
            return None;
        }
        // Dimension by dimension, stopping at the first that is empty: most rules miss most
        // flows in their first dimensions, and a large dimension is not worth computing then.
        let nonempty = |set: IntervalSet| (!set.is_empty()).then_some(set);
        Some(Cube {
            family: self.family,
            protocols: nonempty(self.protocols.intersection(&other.protocols))?,
            sources: nonempty(self.sources.intersection(&other.sources))?,
            destinations: nonempty(self.destinations.intersection(&other.destinations))?,
            source_ports: nonempty(self.source_ports.intersection(&other.source_ports))?,
            destination_ports: nonempty(
                self.destination_ports
                    .intersection(&other.destination_ports),
            )?,
        })
    }

    /// `self ∖ other` as disjoint cubes: peel off, one dimension at a time, the part of
    /// `self` outside `other` in that dimension, then keep only the inside part and go on.
    pub fn difference(&self, other: &Cube) -> Vec<Cube> {
        if self.intersection(other).is_none() {
            return vec![self.clone()];
        }
        let mut pieces = Vec::new();
        let mut rest = self.clone();
        for (index, cut) in other.dimensions().into_iter().enumerate() {
            let outside = rest.dimensions()[index].difference(cut);
            if !outside.is_empty() {
                let mut piece = rest.clone();
                *piece.dimensions_mut()[index] = outside;
                pieces.push(piece);
            }
            let inside = rest.dimensions()[index].intersection(cut);
            *rest.dimensions_mut()[index] = inside;
        }
        pieces
    }

    /// The reply's cube: addresses and ports swapped (for ICMP, the message's type and code
    /// with its counterpart's: see [`icmp`]).
    pub fn reversed(&self) -> Cube {
        Cube {
            family: self.family,
            protocols: self.protocols.clone(),
            sources: self.destinations.clone(),
            destinations: self.sources.clone(),
            source_ports: self.destination_ports.clone(),
            destination_ports: self.source_ports.clone(),
        }
    }
}

/// A space summed up per dimension ([`Space::header`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Header {
    /// IP protocol numbers.
    pub protocols: IntervalSet,
    /// Source addresses as CIDR blocks, sorted as text.
    pub sources: Vec<String>,
    /// Destination addresses as CIDR blocks, sorted as text.
    pub destinations: Vec<String>,
    /// Source ports.
    pub source_ports: IntervalSet,
    /// Destination ports.
    pub destination_ports: IntervalSet,
}

/// A set of packets: a union of cubes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Space {
    cubes: Vec<Cube>,
}

impl Space {
    /// No packet.
    pub fn empty() -> Space {
        Space { cubes: Vec::new() }
    }

    /// Every IPv4 and IPv6 packet.
    pub fn everything() -> Space {
        Space {
            cubes: vec![Cube::everything(Family::V4), Cube::everything(Family::V6)],
        }
    }

    /// Every packet, of both families, whose protocol is in `protocols`.
    pub fn of_protocols(protocols: &IntervalSet) -> Space {
        Space::from_cubes(
            [Family::V4, Family::V6]
                .into_iter()
                .map(|family| Cube {
                    protocols: protocols.clone(),
                    ..Cube::everything(family)
                })
                .collect(),
        )
    }

    /// The packets of one cube.
    pub fn from_cube(cube: Cube) -> Space {
        Space::from_cubes(vec![cube])
    }

    /// The packets of several cubes.
    pub fn from_cubes(cubes: Vec<Cube>) -> Space {
        let mut space = Space {
            cubes: cubes.into_iter().filter(|cube| !cube.is_empty()).collect(),
        };
        space.simplify();
        space
    }

    /// The cubes.
    pub fn cubes(&self) -> &[Cube] {
        &self.cubes
    }

    /// Whether the space holds no packet.
    pub fn is_empty(&self) -> bool {
        self.cubes.is_empty()
    }

    /// Whether the space holds `packet`.
    pub fn contains(&self, packet: &Packet) -> bool {
        self.cubes.iter().any(|cube| cube.contains(packet))
    }

    /// `self ∪ other`.
    pub fn union(&self, other: &Space) -> Space {
        let mut cubes = self.cubes.clone();
        for cube in &other.cubes {
            // Keep cubes disjoint, so that later differences stay small.
            let mut pieces = vec![cube.clone()];
            for existing in &self.cubes {
                pieces = pieces
                    .iter()
                    .flat_map(|piece| piece.difference(existing))
                    .collect();
            }
            cubes.extend(pieces);
        }
        Space::from_cubes(cubes)
    }

    /// `self ∩ other`.
    pub fn intersection(&self, other: &Space) -> Space {
        let cubes = self
            .cubes
            .iter()
            .flat_map(|left| {
                other
                    .cubes
                    .iter()
                    .filter_map(move |right| left.intersection(right))
            })
            .collect();
        Space::from_cubes(cubes)
    }

    /// `self ∖ other`.
    pub fn difference(&self, other: &Space) -> Space {
        let mut cubes = self.cubes.clone();
        for cut in &other.cubes {
            cubes = cubes.iter().flat_map(|cube| cube.difference(cut)).collect();
        }
        Space::from_cubes(cubes)
    }

    /// The replies to the packets of this space: addresses and ports swapped.
    pub fn reversed(&self) -> Space {
        Space {
            cubes: self.cubes.iter().map(Cube::reversed).collect(),
        }
    }

    /// What the space's packets carry, dimension by dimension, as AWS prints a header:
    /// protocols, sources and destinations as CIDR blocks (sorted, no repeats), and ports.
    pub fn header(&self) -> Header {
        let mut header = Header::default();
        for cube in &self.cubes {
            header.protocols = header.protocols.union(&cube.protocols);
            header.sources.extend(
                cidrs(cube.family, &cube.sources)
                    .iter()
                    .map(ToString::to_string),
            );
            header.destinations.extend(
                cidrs(cube.family, &cube.destinations)
                    .iter()
                    .map(ToString::to_string),
            );
            header.source_ports = header.source_ports.union(&cube.source_ports);
            header.destination_ports = header.destination_ports.union(&cube.destination_ports);
        }
        for list in [&mut header.sources, &mut header.destinations] {
            list.sort();
            list.dedup();
        }
        header
    }

    /// Every destination port some packet of the space can have.
    pub fn destination_ports(&self) -> IntervalSet {
        self.cubes.iter().fold(IntervalSet::empty(), |ports, cube| {
            ports.union(&cube.destination_ports)
        })
    }

    /// Merges cubes that differ in one dimension only, until none do: the same set in fewer
    /// cubes (a walk over 20 rules otherwise leaves hundreds of slivers).
    fn simplify(&mut self) {
        let mut merged = true;
        while merged {
            merged = false;
            'search: for first in 0..self.cubes.len() {
                for second in first + 1..self.cubes.len() {
                    if let Some(joined) = join(&self.cubes[first], &self.cubes[second]) {
                        self.cubes[first] = joined;
                        self.cubes.swap_remove(second);
                        merged = true;
                        break 'search;
                    }
                }
            }
        }
    }
}

/// The union of two cubes, when it is itself a cube: same family, and equal in all but at
/// most one dimension.
fn join(left: &Cube, right: &Cube) -> Option<Cube> {
    if left.family != right.family {
        return None;
    }
    let (a, b) = (left.dimensions(), right.dimensions());
    let differing: Vec<usize> = (0..5).filter(|index| a[*index] != b[*index]).collect();
    match differing.as_slice() {
        [] => Some(left.clone()),
        [index] => {
            let mut joined = left.clone();
            *joined.dimensions_mut()[*index] = a[*index].union(b[*index]);
            Some(joined)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::net::Ipv4Addr;

    fn packet(
        protocol: u8,
        source: u32,
        destination: u32,
        source_port: u16,
        destination_port: u16,
    ) -> Packet {
        Packet {
            protocol,
            source: IpAddr::V4(Ipv4Addr::from(source)),
            destination: IpAddr::V4(Ipv4Addr::from(destination)),
            source_port,
            destination_port,
        }
    }

    fn tcp_to(cidr: &str, ports: (u128, u128)) -> Cube {
        let (family, destinations) = cidr_range(&cidr.parse().unwrap());
        Cube {
            protocols: IntervalSet::single(6),
            destinations,
            destination_ports: IntervalSet::range(ports.0, ports.1),
            ..Cube::everything(family)
        }
    }

    #[test]
    fn cidr_ranges_are_inclusive_of_both_ends() {
        let (family, range) = cidr_range(&"10.1.1.0/24".parse().unwrap());
        assert_eq!(family, Family::V4);
        assert_eq!(range.ranges(), &[(0x0A01_0100, 0x0A01_01FF)]);
        let (family, range) = cidr_range(&"::/0".parse().unwrap());
        assert_eq!(
            (family, range.ranges()),
            (Family::V6, &[(0, u128::MAX)][..])
        );
    }

    #[test]
    fn all_ports_minus_https_leaves_both_sides() {
        let all = Space::from_cube(tcp_to("0.0.0.0/0", (0, MAX_PORT)));
        let https = Space::from_cube(tcp_to("0.0.0.0/0", (443, 443)));
        let rest = all.difference(&https);
        assert_eq!(rest.destination_ports().ranges(), &[(0, 442), (444, 65535)]);
        assert!(!rest.contains(&packet(6, 1, 2, 50000, 443)));
        assert!(
            rest.contains(&packet(6, 1, 2, 50000, 442))
                && rest.contains(&packet(6, 1, 2, 50000, 444))
        );
        // Slivers merge back: the union is one cube again.
        assert_eq!(rest.union(&https).cubes().len(), 1);
    }

    #[test]
    fn ranges_become_the_fewest_cidrs() {
        let show = |family, low, high| -> Vec<String> {
            cidrs(family, &IntervalSet::range(low, high))
                .iter()
                .map(ToString::to_string)
                .collect()
        };
        assert_eq!(show(Family::V4, 0, u128::from(u32::MAX)), ["0.0.0.0/0"]);
        assert_eq!(show(Family::V4, 0x0A01_0128, 0x0A01_0128), ["10.1.1.40/32"]);
        assert_eq!(show(Family::V4, 0x0A01_0100, 0x0A01_01FF), ["10.1.1.0/24"]);
        assert_eq!(
            show(Family::V4, 0x0A01_0101, 0x0A01_0104),
            ["10.1.1.1/32", "10.1.1.2/31", "10.1.1.4/32"]
        );
        assert_eq!(show(Family::V6, 0, u128::MAX), ["::/0"]);
        // Everything outside 10.1.1.0/24 takes 24 blocks, as AWS lists it for $EXTERNAL_NET.
        let outside = IntervalSet::range(0, u128::from(u32::MAX))
            .difference(&IntervalSet::range(0x0A01_0100, 0x0A01_01FF));
        assert_eq!(cidrs(Family::V4, &outside).len(), 24);
    }

    #[test]
    fn families_never_mix() {
        let v4 = Space::from_cube(Cube::everything(Family::V4));
        let v6 = Space::from_cube(Cube::everything(Family::V6));
        assert!(v4.intersection(&v6).is_empty());
        assert_eq!(v4.difference(&v6), v4);
    }

    #[test]
    fn reversed_swaps_addresses_and_ports() {
        let request = Space::from_cube(tcp_to("203.0.113.0/24", (443, 443)));
        let reply = request.reversed();
        assert!(reply.contains(&packet(6, 0xCB00_7105, 0x0A01_0128, 443, 50000)));
        assert!(!reply.contains(&packet(6, 0x0A01_0128, 0xCB00_7105, 50000, 443)));
    }

    #[test]
    fn the_replies_to_echo_requests_are_echo_replies_and_back() {
        let echo = |request: (u8, u8), reply: (u8, u8)| Cube {
            protocols: IntervalSet::single(u128::from(icmp::ICMP)),
            source_ports: IntervalSet::single(icmp::type_code(reply.0, reply.1)),
            destination_ports: IntervalSet::single(icmp::type_code(request.0, request.1)),
            ..Cube::everything(Family::V4)
        };
        let requests = Space::from_cube(echo((8, 0), (0, 0)));
        let replies = requests.reversed();
        // Type 0 code 0 (the port dimension 0), answering type 8 code 0 (2048).
        assert!(replies.contains(&packet(1, 2, 1, 2048, 0)));
        assert_eq!(replies, Space::from_cube(echo((0, 0), (8, 0))));
        assert_eq!(replies.reversed(), requests);
    }

    /// Small cubes in a 4-value corner of every dimension, so that random cubes overlap often.
    fn small_cube() -> impl Strategy<Value = Cube> {
        let dimension =
            || (0u128..4, 0u128..4).prop_map(|(a, b)| IntervalSet::range(a.min(b), a.max(b)));
        (
            dimension(),
            dimension(),
            dimension(),
            dimension(),
            dimension(),
        )
            .prop_map(
                |(protocols, sources, destinations, source_ports, destination_ports)| Cube {
                    family: Family::V4,
                    protocols,
                    sources,
                    destinations,
                    source_ports,
                    destination_ports,
                },
            )
    }

    fn small_space() -> impl Strategy<Value = Space> {
        proptest::collection::vec(small_cube(), 0..4).prop_map(Space::from_cubes)
    }

    proptest! {
        /// Union, intersection, difference and reversal agree with the boolean logic of
        /// membership, checked on every packet of the small corner.
        #[test]
        fn operations_match_membership(a in small_space(), b in small_space()) {
            let union = a.union(&b);
            let intersection = a.intersection(&b);
            let difference = a.difference(&b);
            let reversed = a.reversed();
            for protocol in 0..4u8 { for source in 0..4u32 { for destination in 0..4u32 {
                for source_port in 0..4u16 { for destination_port in 0..4u16 {
                    let p = packet(protocol, source, destination, source_port, destination_port);
                    let (in_a, in_b) = (a.contains(&p), b.contains(&p));
                    prop_assert_eq!(union.contains(&p), in_a || in_b);
                    prop_assert_eq!(intersection.contains(&p), in_a && in_b);
                    prop_assert_eq!(difference.contains(&p), in_a && !in_b);
                    let swapped = packet(protocol, destination, source, destination_port, source_port);
                    prop_assert_eq!(reversed.contains(&swapped), in_a);
                }}
            }}}
        }
    }
}
