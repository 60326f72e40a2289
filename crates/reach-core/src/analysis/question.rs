//! The question: a source, a destination, a protocol and ports, resolved against the snapshot.

use crate::ids::NetworkInterfaceId;
use crate::model::{NetworkInterface, Snapshot};
use crate::space::{address_number, cidr_range, Cube, Family, IntervalSet, Space, MAX_PORT};
use ipnet::IpNet;
use std::fmt;
use std::net::IpAddr;

/// One end of the question, as the user named it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Endpoint {
    /// An instance, network interface or internet gateway id.
    Id(String),
    /// An IP address or CIDR block: inside the snapshot it is an interface, outside an
    /// internet host.
    Address(IpNet),
}

impl Endpoint {
    /// Reads an id, an address or a CIDR block.
    pub fn parse(text: &str) -> Endpoint {
        if let Ok(net) = text.parse::<IpNet>() {
            return Endpoint::Address(net);
        }
        match text.parse::<IpAddr>() {
            Ok(address) => Endpoint::Address(IpNet::from(address)),
            Err(_) => Endpoint::Id(text.to_owned()),
        }
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Endpoint::Id(id) => f.write_str(id),
            Endpoint::Address(net) if net.prefix_len() == net.max_prefix_len() => {
                write!(f, "{}", net.addr())
            }
            Endpoint::Address(net) => write!(f, "{net}"),
        }
    }
}

/// A port (`443`) or a range (`1024-2048`), as the CLI and the page take them; `None` when
/// the text is neither, or the range runs backwards.
pub fn parse_port_range(text: &str) -> Option<(u16, u16)> {
    let text = text.trim();
    let (from, to) = match text.split_once('-') {
        Some((from, to)) => (from.trim().parse().ok()?, to.trim().parse().ok()?),
        None => {
            let port = text.parse().ok()?;
            (port, port)
        }
    };
    (from <= to).then_some((from, to))
}

/// What to analyse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Question {
    /// Where traffic starts.
    pub source: Endpoint,
    /// Where it should arrive.
    pub destination: Endpoint,
    /// 6 (TCP) or 17 (UDP).
    pub protocol: u8,
    /// Source ports; `None` for all.
    pub source_ports: Option<(u16, u16)>,
    /// Destination ports; `None` for all (the answer then lists every reachable range).
    pub destination_ports: Option<(u16, u16)>,
    /// One address of a source with several.
    pub source_ip: Option<IpAddr>,
    /// One address of a destination with several, or the internet host to reach.
    pub destination_ip: Option<IpAddr>,
    /// What the flow carries (application protocol, server name, ClientHello size); what it
    /// leaves out, Reach tries every way that matters to the firewalls on the path.
    pub application: reach_nfw::AppQuestion,
    /// Faithful to real traffic, or reproducing AWS's analyzer.
    pub compat: Compat,
}

/// Whose answer to give.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Compat {
    /// What real traffic does.
    #[default]
    Faithful,
    /// What AWS's Reachability Analyzer reports, limits included.
    Aws,
}

/// A question Reach cannot ask of this snapshot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QuestionError {
    /// The id names nothing in the snapshot.
    UnknownResource(String),
    /// The resource exists but Reach cannot start or end a path there yet.
    UnsupportedEndpoint(String),
    /// An address that the resource does not have.
    AddressNotOnResource {
        /// The resource.
        resource: String,
        /// The address.
        address: IpAddr,
    },
    /// Only TCP (6) and UDP (17) are analysed.
    UnsupportedProtocol(u8),
    /// Source and destination have no address family in common.
    NoCommonFamily,
}

impl fmt::Display for QuestionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QuestionError::UnknownResource(id) => {
                write!(f, "{id} is not in the input (NO_SOURCE_OR_DESTINATION)")
            }
            QuestionError::UnsupportedEndpoint(text) => write!(f, "{text}"),
            QuestionError::AddressNotOnResource { resource, address } => {
                write!(
                    f,
                    "{resource} has no address {address} (ENI_ADDRESS_RESTRICTION)"
                )
            }
            QuestionError::UnsupportedProtocol(protocol) => {
                write!(f, "protocol {protocol}: only tcp and udp are analysed")
            }
            QuestionError::NoCommonFamily => write!(
                f,
                "the source and destination have no address family in common"
            ),
        }
    }
}

impl std::error::Error for QuestionError {}

/// Where a path starts or ends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Place {
    /// A network interface in the snapshot.
    Interface(NetworkInterfaceId),
    /// The internet, beyond an internet gateway.
    Internet,
}

/// The question, resolved: its two places and the request's header space.
#[derive(Clone, Debug)]
pub(crate) struct Resolved {
    pub source: Place,
    pub destination: Place,
    pub request: Space,
    pub question: Question,
    /// The source interface sends on behalf of others (a Network Load Balancer that keeps the
    /// client's address), so its source/destination check does not apply to what it sends.
    pub sends_for_others: bool,
}

/// The private ranges (RFC 1918) and the other non-internet IPv4 blocks an internet host is
/// never in, used when the question names "the internet" without an address.
const NOT_INTERNET_V4: [&str; 5] = [
    "10.0.0.0/8",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "100.64.0.0/10",
    "127.0.0.0/8",
];

/// The source ports assumed when the question gives none.
pub const EPHEMERAL_PORTS: (u128, u128) = (1024, 65535);

pub(crate) fn resolve(snapshot: &Snapshot, question: &Question) -> Result<Resolved, QuestionError> {
    if !matches!(question.protocol, 6 | 17) {
        return Err(QuestionError::UnsupportedProtocol(question.protocol));
    }
    let (source, source_addresses) =
        place(snapshot, &question.source, question.source_ip, Role::Source)?;
    let (destination, mut destination_addresses) = place(
        snapshot,
        &question.destination,
        question.destination_ip,
        Role::Destination,
    )?;
    // From the internet, an interface is addressed by its public addresses.
    if let (Place::Internet, Place::Interface(id), None) =
        (&source, &destination, question.destination_ip)
    {
        let public: Vec<IpAddr> = snapshot.network_interfaces[id]
            .private_addresses
            .iter()
            .filter_map(|(_, public)| *public)
            .collect();
        if !public.is_empty() {
            destination_addresses = Addresses::of(public);
        }
    }
    let ports = |range: Option<(u16, u16)>, default: (u128, u128)| match range {
        Some((from, to)) => IntervalSet::range(u128::from(from), u128::from(to)),
        None => IntervalSet::range(default.0, default.1),
    };
    let mut cubes = Vec::new();
    for family in [Family::V4, Family::V6] {
        let (Some(sources), Some(destinations)) = (
            source_addresses.get(family),
            destination_addresses.get(family),
        ) else {
            continue;
        };
        cubes.push(Cube {
            family,
            protocols: IntervalSet::single(u128::from(question.protocol)),
            sources: sources.clone(),
            destinations: destinations.clone(),
            // A client sends from an ephemeral port: AWS documents 1024-65535 as the range
            // network ACLs must let replies back to.
            source_ports: ports(question.source_ports, EPHEMERAL_PORTS),
            destination_ports: ports(question.destination_ports, (0, MAX_PORT)),
        });
    }
    let request = Space::from_cubes(cubes);
    if request.is_empty() {
        return Err(QuestionError::NoCommonFamily);
    }
    Ok(Resolved {
        source,
        destination,
        request,
        question: question.clone(),
        sends_for_others: false,
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Source,
    Destination,
}

/// Addresses per family.
#[derive(Default)]
struct Addresses {
    v4: Option<IntervalSet>,
    v6: Option<IntervalSet>,
}

impl Addresses {
    fn get(&self, family: Family) -> Option<&IntervalSet> {
        match family {
            Family::V4 => self.v4.as_ref(),
            Family::V6 => self.v6.as_ref(),
        }
        .filter(|set| !set.is_empty())
    }

    fn add(&mut self, family: Family, set: IntervalSet) {
        let slot = match family {
            Family::V4 => &mut self.v4,
            Family::V6 => &mut self.v6,
        };
        *slot = Some(slot.take().unwrap_or_default().union(&set));
    }

    fn of(addresses: impl IntoIterator<Item = IpAddr>) -> Addresses {
        let mut out = Addresses::default();
        for address in addresses {
            let (family, number) = address_number(address);
            out.add(family, IntervalSet::single(number));
        }
        out
    }
}

fn place(
    snapshot: &Snapshot,
    endpoint: &Endpoint,
    pick: Option<IpAddr>,
    role: Role,
) -> Result<(Place, Addresses), QuestionError> {
    let interface_id = match endpoint {
        Endpoint::Id(id) if id.starts_with("i-") => {
            let instance = snapshot
                .instances
                .get(id.as_str())
                .ok_or_else(|| QuestionError::UnknownResource(id.clone()))?;
            let primary = instance.network_interfaces.first().ok_or_else(|| {
                QuestionError::UnsupportedEndpoint(format!(
                    "instance {id} has no network interface in the input"
                ))
            })?;
            Some(primary.clone())
        }
        Endpoint::Id(id) if id.starts_with("eni-") => {
            let interface = NetworkInterfaceId::new(id);
            if !snapshot.network_interfaces.contains_key(&interface) {
                return Err(QuestionError::UnknownResource(id.clone()));
            }
            Some(interface)
        }
        Endpoint::Id(id) if id.starts_with("igw-") => {
            if !snapshot.internet_gateways.contains_key(id.as_str()) {
                return Err(QuestionError::UnknownResource(id.clone()));
            }
            None
        }
        Endpoint::Id(id) if id.starts_with("nat-") => {
            let nat = snapshot
                .nat_gateways
                .get(id.as_str())
                .ok_or_else(|| QuestionError::UnknownResource(id.clone()))?;
            let interface = nat
                .addresses
                .iter()
                .find_map(|address| address.network_interface.clone())
                .ok_or_else(|| {
                    QuestionError::UnsupportedEndpoint(format!(
                        "NAT gateway {id} has no network interface in the input"
                    ))
                })?;
            if !snapshot.network_interfaces.contains_key(&interface) {
                return Err(QuestionError::UnsupportedEndpoint(format!(
                    "the network interface {interface} of NAT gateway {id} is not in the input"
                )));
            }
            Some(interface)
        }
        Endpoint::Id(id) if id.starts_with("vpce-") => {
            let endpoint = snapshot
                .vpc_endpoints
                .get(id.as_str())
                .ok_or_else(|| QuestionError::UnknownResource(id.clone()))?;
            // An interface endpoint is reached at its interfaces; other endpoints have none.
            let interface = endpoint.network_interfaces.iter().find(|interface| snapshot.network_interfaces.contains_key(*interface)).cloned().ok_or_else(|| {
                QuestionError::UnsupportedEndpoint(format!(
                    "VPC endpoint {id} ({}) has no network interface in the input to start or end a path at",
                    endpoint.endpoint_type
                ))
            })?;
            Some(interface)
        }
        Endpoint::Id(id) => return Err(QuestionError::UnknownResource(id.clone())),
        Endpoint::Address(net) => owner_of(snapshot, net),
    };
    match interface_id {
        Some(id) => {
            let interface = &snapshot.network_interfaces[&id];
            let own: Vec<IpAddr> = interface
                .private_addresses
                .iter()
                .map(|(private, _)| *private)
                .chain(interface.ipv6_addresses.iter().copied())
                .collect();
            let chosen = match (pick, endpoint) {
                (Some(address), _) => {
                    // A source may send from an address that is not its own: AWS then drops it
                    // unless the source/destination check is off, which the walk decides. A
                    // destination is reached only at its own addresses.
                    if !own.contains(&address) && role == Role::Destination {
                        return Err(QuestionError::AddressNotOnResource {
                            resource: id.to_string(),
                            address,
                        });
                    }
                    vec![address]
                }
                (None, Endpoint::Address(net)) => own
                    .iter()
                    .copied()
                    .filter(|address| net.contains(address))
                    .collect(),
                // A source sends from its primary address; a destination is reached on any.
                (None, _) if role == Role::Source => {
                    // The primary address of each family.
                    let v4 = own.iter().copied().find(IpAddr::is_ipv4);
                    let v6 = own.iter().copied().find(IpAddr::is_ipv6);
                    v4.into_iter().chain(v6).collect()
                }
                (None, _) => own,
            };
            Ok((Place::Interface(id), Addresses::of(chosen)))
        }
        None => {
            let mut addresses = Addresses::default();
            match (pick, endpoint) {
                (Some(address), _) => addresses = Addresses::of([address]),
                (None, Endpoint::Address(net)) => {
                    let (family, range) = cidr_range(net);
                    addresses.add(family, range);
                }
                (None, _) => {
                    // "The internet": every public IPv4 address, and all IPv6.
                    let mut public = IntervalSet::range(0, Family::V4.max_address());
                    for block in NOT_INTERNET_V4 {
                        let (_, range) = cidr_range(&block.parse().expect("constant CIDR"));
                        public = public.difference(&range);
                    }
                    addresses.add(Family::V4, public);
                    addresses.add(Family::V6, IntervalSet::range(0, Family::V6.max_address()));
                }
            }
            Ok((Place::Internet, addresses))
        }
    }
}

/// The interface that owns an address (private, or public through an association), if any.
fn owner_of(snapshot: &Snapshot, net: &IpNet) -> Option<NetworkInterfaceId> {
    if net.prefix_len() != net.max_prefix_len() {
        return None;
    }
    snapshot
        .interface_holding(net.addr())
        .map(|interface| interface.id.clone())
}

/// The interface the question's source sends from, when it is one in the snapshot: the zone
/// a load balancer's or endpoint's DNS name answers for.
pub(crate) fn source_interface<'a>(
    snapshot: &'a Snapshot,
    question: &Question,
) -> Option<&'a NetworkInterface> {
    // Only the source: the destination is a load balancer or endpoint, which `resolve` does
    // not place.
    match place(snapshot, &question.source, question.source_ip, Role::Source)
        .ok()?
        .0
    {
        Place::Interface(id) => snapshot.network_interfaces.get(&id),
        Place::Internet => None,
    }
}
