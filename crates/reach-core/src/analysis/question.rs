//! The question: a source, a destination, a protocol and ports, resolved against the snapshot.

use crate::ids::NetworkInterfaceId;
use crate::model::{InstanceState, NetworkInterface, Snapshot, VpnState};
use crate::space::{address_number, cidr_range, icmp, Cube, Family, IntervalSet, Space, MAX_PORT};
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

/// An ICMP or ICMPv6 message's type and code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IcmpMessage {
    /// The type (8: echo request).
    pub icmp_type: u8,
    /// The code.
    pub code: u8,
}

impl IcmpMessage {
    /// The echo request of a protocol (what `ping` sends): type 8 code 0 for ICMP, type 128
    /// code 0 for ICMPv6 (RFC 792, RFC 4443).
    pub fn echo_request(protocol: u8) -> IcmpMessage {
        IcmpMessage {
            icmp_type: if protocol == icmp::ICMPV6 { 128 } else { 8 },
            code: 0,
        }
    }
}

/// An IP protocol as the question names it: `tcp`, `udp`, `icmp`, `icmpv6`, else its number.
pub fn protocol_name(protocol: u8) -> String {
    match protocol {
        6 => "tcp".to_owned(),
        17 => "udp".to_owned(),
        icmp::ICMP => "icmp".to_owned(),
        icmp::ICMPV6 => "icmpv6".to_owned(),
        other => format!("protocol {other}"),
    }
}

/// A protocol as the CLI and the page take it: a name or its number; `None` for one Reach
/// does not analyse.
pub fn parse_protocol(text: &str) -> Option<u8> {
    match text.trim().to_ascii_lowercase().as_str() {
        "tcp" | "6" => Some(6),
        "udp" | "17" => Some(17),
        "icmp" | "1" => Some(icmp::ICMP),
        "icmpv6" | "58" => Some(icmp::ICMPV6),
        _ => None,
    }
}

/// What to analyse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Question {
    /// Where traffic starts.
    pub source: Endpoint,
    /// Where it should arrive.
    pub destination: Endpoint,
    /// 6 (TCP), 17 (UDP), 1 (ICMP) or 58 (ICMPv6).
    pub protocol: u8,
    /// Source ports; `None` for all. TCP and UDP only.
    pub source_ports: Option<(u16, u16)>,
    /// Destination ports; `None` for all (the answer then lists every reachable range). TCP
    /// and UDP only.
    pub destination_ports: Option<(u16, u16)>,
    /// ICMP and ICMPv6 only: the request's type and code; `None` for an echo request
    /// ([`IcmpMessage::echo_request`]).
    pub icmp: Option<IcmpMessage>,
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

/// The largest ClientHello a question may name, in bytes as sent (TLS records included).
/// RFC 8446 §4.1.2 bounds every field of a ClientHello: the version (2), the random (32),
/// a session id of at most 32 bytes, at most 2^16-2 bytes of cipher suites, 2^8-1 of
/// compression methods and 2^16-1 of extensions, each after its length prefix; §4 adds the
/// 4-byte handshake header. §5.1 cuts the message into records of at most 2^14 bytes, each
/// behind a 5-byte header. No TLS client can send more, and every byte beyond what one segment
/// holds costs the walk another packet, so a larger size is refused rather than played.
pub const MAX_CLIENT_HELLO_SIZE: u32 = {
    let message: u32 = 4 + 2 + 32 + (1 + 32) + (2 + 65_534) + (1 + 255) + (2 + 65_535);
    message + 5 * message.div_ceil(16_384)
};

/// The smallest MSS a question may give. Linux refuses to send smaller segments
/// (`net.ipv4.tcp_min_snd_mss`, 48 by default since the SACK fixes of CVE-2019-11479); with it
/// the largest ClientHello is a few thousand segments, not billions.
pub const MIN_MSS: u32 = 48;

/// The largest MSS a question may give: the TCP MSS option is 16 bits (RFC 9293 §3.2).
pub const MAX_MSS: u32 = 65_535;

/// The longest server name a question may give, in bytes. A DNS name is at most 253
/// characters as text (RFC 1035 §2.3.4 allows 255 octets on the wire), and SNI carries DNS
/// names (RFC 6066 §3); an HTTP Host may add a port. This leaves room for all of them while
/// keeping every rule's match against the name cheap.
pub const MAX_SERVER_NAME: usize = 1_024;

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
    /// Only TCP (6), UDP (17), ICMP (1) and ICMPv6 (58) are analysed.
    UnsupportedProtocol(u8),
    /// Source and destination have no address family in common.
    NoCommonFamily,
    /// ICMP (IPv4 only) or ICMPv6 (IPv6 only) between ends without an address of its family.
    NoAddressForProtocol(u8),
    /// Ports, an application or a ClientHello asked of ICMP (what, and the protocol).
    NotForIcmp(&'static str, u8),
    /// An ICMP type and code asked of a protocol other than ICMP (the protocol).
    IcmpWithoutIcmp(u8),
    /// `--compat aws` with a protocol AWS's Reachability Analyzer does not take: its paths
    /// are TCP or UDP (`CreateNetworkInsightsPath`, `Protocol`).
    NotInAwsAnalyzer(u8),
    /// A port range whose start is above its end.
    BackwardPortRange(u16, u16),
    /// A ClientHello of no bytes.
    EmptyClientHello,
    /// A ClientHello larger than TLS allows ([`MAX_CLIENT_HELLO_SIZE`]).
    ClientHelloTooLarge(u32),
    /// An MSS outside [`MIN_MSS`]..=[`MAX_MSS`].
    MssOutOfRange(u32),
    /// A server name longer than [`MAX_SERVER_NAME`] bytes (its length).
    ServerNameTooLong(usize),
    /// An address no path can start or end at: unspecified, loopback, link-local, multicast,
    /// broadcast or reserved.
    NotAHost {
        /// `source` or `destination`.
        end: &'static str,
        /// The address (or a block inside one such range).
        address: IpNet,
        /// What kind of address it is, and why no path leads there.
        reason: &'static str,
    },
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
                write!(
                    f,
                    "protocol {protocol}: only tcp, udp, icmp and icmpv6 are analysed"
                )
            }
            QuestionError::NoCommonFamily => write!(
                f,
                "the source and destination have no address family in common"
            ),
            QuestionError::NoAddressForProtocol(protocol) => {
                let (family, other) = if *protocol == icmp::ICMPV6 {
                    ("IPv6", "icmp")
                } else {
                    ("IPv4", "icmpv6")
                };
                write!(
                    f,
                    "{} runs over {family}, and the source and destination have no {family} address in common (ask {other} for the other family)",
                    protocol_name(*protocol)
                )
            }
            QuestionError::NotForIcmp(what, protocol) => write!(
                f,
                "{} has no {what}: give an ICMP type and code instead (default: echo request)",
                protocol_name(*protocol)
            ),
            QuestionError::IcmpWithoutIcmp(protocol) => write!(
                f,
                "an ICMP type and code go with protocol icmp or icmpv6, not {}",
                protocol_name(*protocol)
            ),
            QuestionError::NotInAwsAnalyzer(protocol) => write!(
                f,
                "AWS's Reachability Analyzer does not analyse {}: its paths are tcp or udp (CreateNetworkInsightsPath, Protocol); ask without --compat aws for what real traffic does",
                protocol_name(*protocol)
            ),
            QuestionError::BackwardPortRange(from, to) => {
                write!(f, "port range {from}-{to} runs backwards")
            }
            QuestionError::EmptyClientHello => f.write_str("a ClientHello has at least one byte"),
            QuestionError::ClientHelloTooLarge(size) => write!(
                f,
                "a ClientHello of {size} bytes is larger than TLS allows (at most {MAX_CLIENT_HELLO_SIZE})"
            ),
            QuestionError::MssOutOfRange(mss) => {
                write!(f, "MSS {mss}: expected {MIN_MSS} to {MAX_MSS} bytes")
            }
            QuestionError::ServerNameTooLong(length) => write!(
                f,
                "a server name of {length} bytes is longer than any host name (at most {MAX_SERVER_NAME})"
            ),
            QuestionError::NotAHost {
                end,
                address,
                reason,
            } => {
                let address = Endpoint::Address(*address);
                write!(f, "{end} {address} is {reason}")
            }
        }
    }
}

impl std::error::Error for QuestionError {}

impl Question {
    /// Checks what the question says on its own, before the snapshot is looked at. Every front
    /// end (the CLI, the page, a share link) reaches the walk through here, so each limit is
    /// stated once: a number that no real flow has would otherwise cost work in proportion to it.
    pub fn validate(&self) -> Result<(), QuestionError> {
        if !matches!(self.protocol, 6 | 17) && !icmp::is_icmp(self.protocol) {
            return Err(QuestionError::UnsupportedProtocol(self.protocol));
        }
        if icmp::is_icmp(self.protocol) {
            // AWS's analyzer refuses the path rather than answer it: an answer here would be
            // Reach's, presented as AWS's.
            if self.compat == Compat::Aws {
                return Err(QuestionError::NotInAwsAnalyzer(self.protocol));
            }
            let application = &self.application;
            let refused = if self.source_ports.is_some() || self.destination_ports.is_some() {
                Some("ports")
            } else if application.app.is_some() || application.server_name.is_some() {
                Some("application protocol or server name")
            } else if application.client_hello_size.is_some() || application.mss.is_some() {
                Some("TLS ClientHello or MSS")
            } else {
                None
            };
            if let Some(what) = refused {
                return Err(QuestionError::NotForIcmp(what, self.protocol));
            }
        } else if self.icmp.is_some() {
            return Err(QuestionError::IcmpWithoutIcmp(self.protocol));
        }
        for (from, to) in [self.source_ports, self.destination_ports]
            .into_iter()
            .flatten()
        {
            if from > to {
                return Err(QuestionError::BackwardPortRange(from, to));
            }
        }
        let application = &self.application;
        match application.client_hello_size {
            Some(0) => return Err(QuestionError::EmptyClientHello),
            Some(size) if size > MAX_CLIENT_HELLO_SIZE => {
                return Err(QuestionError::ClientHelloTooLarge(size))
            }
            _ => {}
        }
        if let Some(mss) = application.mss {
            if !(MIN_MSS..=MAX_MSS).contains(&mss) {
                return Err(QuestionError::MssOutOfRange(mss));
            }
        }
        if let Some(name) = &application.server_name {
            if name.len() > MAX_SERVER_NAME {
                return Err(QuestionError::ServerNameTooLong(name.len()));
            }
        }
        let ends = [
            ("source", &self.source, self.source_ip),
            ("destination", &self.destination, self.destination_ip),
        ];
        for (end, endpoint, pick) in ends {
            let named = match endpoint {
                Endpoint::Address(net) => Some(*net),
                Endpoint::Id(_) => None,
            };
            for address in named.into_iter().chain(pick.map(IpNet::from)) {
                if let Some(reason) = not_a_host(&address) {
                    return Err(QuestionError::NotAHost {
                        end,
                        address,
                        reason,
                    });
                }
            }
        }
        Ok(())
    }

    /// The ICMP or ICMPv6 message asked, echo request by default; `None` for TCP and UDP.
    pub fn icmp_message(&self) -> Option<IcmpMessage> {
        icmp::is_icmp(self.protocol).then(|| {
            self.icmp
                .unwrap_or(IcmpMessage::echo_request(self.protocol))
        })
    }

    /// The flow asked about in words, as summaries open with it: `tcp from i-0a12 to
    /// 93.184.216.34 port 443`.
    pub fn flow_words(&self) -> String {
        format!(
            "{} from {} to {}{}",
            protocol_name(self.protocol),
            self.source,
            self.destination_ip
                .map(|ip| ip.to_string())
                .unwrap_or_else(|| self.destination.to_string()),
            self.flow_detail()
                .map(|detail| format!(" {detail}"))
                .unwrap_or_default()
        )
    }

    /// What is asked beyond the protocol, in words: `port 443`, `ports 80-81`,
    /// `type 8 code 0 (echo request)`; `None` for every port.
    pub fn flow_detail(&self) -> Option<String> {
        if let Some(message) = self.icmp_message() {
            let name = icmp::type_name(self.protocol, message.icmp_type)
                .map(|name| format!(" ({name})"))
                .unwrap_or_default();
            return Some(format!(
                "type {} code {}{name}",
                message.icmp_type, message.code
            ));
        }
        match self.destination_ports {
            Some((from, to)) if from == to => Some(format!("port {from}")),
            Some((from, to)) => Some(format!("ports {from}-{to}")),
            None => None,
        }
    }
}

/// Address ranges no host on the internet or in a VPC has, each with why no path leads there.
/// Outside the snapshot an address is otherwise taken for an internet host, which these never
/// are, so the question is refused rather than answered for a host that cannot exist (RFC 6890
/// lists them; `0.0.0.0/8` and `::` mean "this host" or "any", RFC 1122 §3.2.1.3). Interfaces
/// never hold them either, so the check needs no snapshot.
const NOT_A_HOST: [(&str, &str); 10] = [
    (
        "255.255.255.255/32",
        "the broadcast address: VPCs do not carry broadcast",
    ),
    (
        "0.0.0.0/8",
        "an unspecified address: it means \"this host\" or \"any\", and no host is reached at it",
    ),
    (
        "::/128",
        "the unspecified address: it means \"any\", and no host is reached at it",
    ),
    (
        "127.0.0.0/8",
        "a loopback address: it never leaves the host that sends it",
    ),
    (
        "::1/128",
        "the loopback address: it never leaves the host that sends it",
    ),
    (
        "169.254.0.0/16",
        "a link-local address: it never leaves its subnet (the instance metadata service and the other AWS services at 169.254.169.x are answered by the instance's host, which Reach does not model)",
    ),
    (
        "fe80::/10",
        "a link-local address: it never leaves its subnet",
    ),
    (
        "224.0.0.0/4",
        "a multicast address: it names a group, not a host (VPCs carry multicast only in a transit gateway multicast domain, which Reach does not model)",
    ),
    (
        "ff00::/8",
        "a multicast address: it names a group, not a host (VPCs carry multicast only in a transit gateway multicast domain, which Reach does not model)",
    ),
    (
        "240.0.0.0/4",
        "a reserved address (240.0.0.0/4): it is never routed",
    ),
];

/// Why `address` (or every address of a block) is no host, if it is none.
fn not_a_host(address: &IpNet) -> Option<&'static str> {
    NOT_A_HOST.iter().find_map(|(block, reason)| {
        let block: IpNet = block.parse().expect("constant CIDR");
        block.contains(address).then_some(*reason)
    })
}

/// Where a path starts or ends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Place {
    /// A network interface in the snapshot.
    Interface(NetworkInterfaceId),
    /// The internet, beyond an internet gateway.
    Internet,
    /// The other side of a virtual private gateway's VPN connections or Direct Connect
    /// virtual interfaces (a data centre): traffic from there enters the VPC at the gateway.
    VpnGateway(crate::ids::VpnGatewayId),
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
    /// The request comes from a component that forwards others' connections (a load
    /// balancer's node), which drops their security group identity.
    pub forwarded: Option<Forwarded>,
}

/// A component that forwarded the request and dropped the security group identity of the
/// request's first source: a security group rule referencing a group cannot match what it
/// sends for that source ("The network component discards security group information about
/// forwarded traffic", AWS's `SG_REFERENCES_NOT_PRESERVED`).
#[derive(Clone, Debug)]
pub(crate) struct Forwarded {
    /// The component (a load balancer).
    pub by: super::Component,
    /// The request as it was before: its sources are those whose identity is lost.
    pub original: Space,
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
    question.validate()?;
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
    // ICMP's type and code take the port dimensions (`space::icmp`): its own in the
    // destination's, the reply's it expects in the source's (every value when nothing
    // answers it: the walk then sends no replies).
    let (source_ports, destination_ports) = match question.icmp_message() {
        Some(message) => (
            match icmp::reply_type(question.protocol, message.icmp_type) {
                Some(reply) => IntervalSet::single(icmp::type_code(reply, message.code)),
                None => IntervalSet::range(0, MAX_PORT),
            },
            IntervalSet::single(icmp::type_code(message.icmp_type, message.code)),
        ),
        // A client sends from an ephemeral port: AWS documents 1024-65535 as the range
        // network ACLs must let replies back to.
        None => (
            ports(question.source_ports, EPHEMERAL_PORTS),
            ports(question.destination_ports, (0, MAX_PORT)),
        ),
    };
    let mut cubes = Vec::new();
    for family in [Family::V4, Family::V6] {
        let (Some(sources), Some(destinations)) = (
            source_addresses.get(family),
            destination_addresses.get(family),
        ) else {
            continue;
        };
        // ICMP is IPv4's, ICMPv6 IPv6's.
        let of_family = match question.protocol {
            icmp::ICMP => family == Family::V4,
            icmp::ICMPV6 => family == Family::V6,
            _ => true,
        };
        if !of_family {
            continue;
        }
        cubes.push(Cube {
            family,
            protocols: IntervalSet::single(u128::from(question.protocol)),
            sources: sources.clone(),
            destinations: destinations.clone(),
            source_ports: source_ports.clone(),
            destination_ports: destination_ports.clone(),
        });
    }
    let request = Space::from_cubes(cubes);
    if request.is_empty() {
        return Err(if icmp::is_icmp(question.protocol) {
            QuestionError::NoAddressForProtocol(question.protocol)
        } else {
            QuestionError::NoCommonFamily
        });
    }
    Ok(Resolved {
        source,
        destination,
        request,
        question: question.clone(),
        sends_for_others: false,
        forwarded: None,
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
                QuestionError::UnsupportedEndpoint(match &instance.state {
                    // Termination deletes the instance's interfaces.
                    Some(state @ (InstanceState::Terminated | InstanceState::ShuttingDown)) => format!(
                        "instance {id} is {state} (BAD_STATE): it has no network interface to send or receive on"
                    ),
                    _ => format!("instance {id} has no network interface in the input"),
                })
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
        Endpoint::Id(id) if id.starts_with("vgw-") => {
            let gateway = crate::ids::VpnGatewayId::new(id);
            if !snapshot.vpn_gateways.contains_key(&gateway) {
                return Err(QuestionError::UnknownResource(id.clone()));
            }
            if role == Role::Destination {
                return Err(QuestionError::UnsupportedEndpoint(format!(
                    "virtual private gateway {id} can be a source (the network behind it); as the destination, give the address on the other side with --destination-ip"
                )));
            }
            let addresses = match (pick, on_premises_networks(snapshot, &gateway)) {
                (Some(address), _) => Addresses::of([address]),
                (None, networks) if !networks.is_empty() => {
                    let mut addresses = Addresses::default();
                    for net in networks {
                        let (family, range) = cidr_range(&net);
                        addresses.add(family, range);
                    }
                    addresses
                }
                // No route says what is on the other side (BGP): any address may come in.
                (None, _) => every_address(),
            };
            return Ok((Place::VpnGateway(gateway), addresses));
        }
        Endpoint::Id(id) => return Err(QuestionError::UnknownResource(id.clone())),
        Endpoint::Address(net) => {
            let owner = owner_of(snapshot, net);
            // An address outside every VPC that a VPN connection or Direct Connect virtual
            // interface of a virtual private gateway routes to is on the network behind that
            // gateway: its packets come in there, not from the internet.
            if let (None, Role::Source) = (&owner, role) {
                if let Some(gateway) = gateway_behind(snapshot, net) {
                    let address = pick.map(IpNet::from).unwrap_or(*net);
                    let (family, range) = cidr_range(&address);
                    let mut addresses = Addresses::default();
                    addresses.add(family, range);
                    return Ok((Place::VpnGateway(gateway), addresses));
                }
            }
            owner
        }
    };
    match interface_id {
        Some(id) => {
            let interface = &snapshot.network_interfaces[&id];
            // Its public addresses (public IP or Elastic IP) count as its own: a destination
            // named by one is reached through the internet gateway's translation.
            let own: Vec<IpAddr> = interface
                .private_addresses
                .iter()
                .map(|(private, _)| *private)
                .chain(interface.ipv6_addresses.iter().copied())
                .collect();
            let public: Vec<IpAddr> = interface
                .private_addresses
                .iter()
                .filter_map(|(_, public)| *public)
                .collect();
            let chosen = match (pick, endpoint) {
                (Some(address), _) => {
                    // A source may send from an address that is not its own: AWS then drops it
                    // unless the source/destination check is off, which the walk decides. A
                    // destination is reached only at its own addresses.
                    if !own.contains(&address)
                        && !public.contains(&address)
                        && role == Role::Destination
                    {
                        return Err(QuestionError::AddressNotOnResource {
                            resource: id.to_string(),
                            address,
                        });
                    }
                    vec![address]
                }
                (None, Endpoint::Address(net)) => own
                    .iter()
                    .chain(&public)
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

/// Every IPv4 and IPv6 address.
fn every_address() -> Addresses {
    let mut addresses = Addresses::default();
    addresses.add(Family::V4, IntervalSet::range(0, Family::V4.max_address()));
    addresses.add(Family::V6, IntervalSet::range(0, Family::V6.max_address()));
    addresses
}

/// The networks a virtual private gateway's VPN connections and Direct Connect virtual
/// interfaces route to: their static routes and advertised prefixes, and the routes it
/// propagates into route tables (what it learned over BGP, which no other export holds).
/// Deleted connections route nowhere.
pub(crate) fn on_premises_networks(
    snapshot: &Snapshot,
    gateway: &crate::ids::VpnGatewayId,
) -> Vec<IpNet> {
    let vpn = snapshot
        .vpn_connections
        .values()
        .filter(|connection| connection.vpn_gateway.as_ref() == Some(gateway))
        .filter(|connection| connection.state != Some(VpnState::Deleted))
        .flat_map(|connection| connection.routes.iter().copied());
    let direct_connect = snapshot
        .virtual_interfaces
        .values()
        .filter(|interface| interface.vpn_gateway.as_ref() == Some(gateway))
        .filter(|interface| !matches!(interface.state.as_deref(), Some("deleted" | "rejected")))
        .flat_map(|interface| interface.route_filter_prefixes.iter().copied());
    let propagated = snapshot
        .route_tables
        .values()
        .flat_map(|table| table.routes.iter())
        .filter(|route| {
            route.target == crate::model::RouteTarget::VpnGateway(gateway.clone())
                && route.origin.as_deref() == Some(PROPAGATED_FROM_VPN_GATEWAY)
        })
        .filter_map(|route| match route.destination {
            crate::model::RouteDestination::Cidr(cidr) => Some(cidr),
            crate::model::RouteDestination::PrefixList(_) => None,
        });
    let mut networks: Vec<IpNet> = vpn.chain(direct_connect).chain(propagated).collect();
    networks.sort();
    networks.dedup();
    networks
}

/// A route's `Origin` when a virtual private gateway propagated it into the table.
pub(crate) const PROPAGATED_FROM_VPN_GATEWAY: &str = "EnableVgwRoutePropagation";

/// The virtual private gateway whose connections route to all of `net`, if any (the most
/// specific route decides between gateways).
fn gateway_behind(snapshot: &Snapshot, net: &IpNet) -> Option<crate::ids::VpnGatewayId> {
    snapshot
        .vpn_gateways
        .keys()
        .flat_map(|gateway| {
            on_premises_networks(snapshot, gateway)
                .into_iter()
                .filter(|route| route.contains(net))
                .map(move |route| (route.prefix_len(), gateway))
        })
        .max_by_key(|(prefix_len, _)| *prefix_len)
        .map(|(_, gateway)| gateway.clone())
}

/// The interface that owns an address (private, or public through an association), if any.
fn owner_of(snapshot: &Snapshot, net: &IpNet) -> Option<NetworkInterfaceId> {
    if net.prefix_len() != net.max_prefix_len() {
        return None;
    }
    snapshot
        .interface_holding(net.addr())
        .or_else(|| snapshot.interface_with_public(net.addr()))
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
        Place::Internet | Place::VpnGateway(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(application: reach_nfw::AppQuestion) -> Question {
        Question {
            source: Endpoint::parse("10.0.0.1"),
            destination: Endpoint::parse("10.0.0.2"),
            protocol: 6,
            source_ports: None,
            destination_ports: None,
            icmp: None,
            source_ip: None,
            destination_ip: None,
            application,
            compat: Compat::Faithful,
        }
    }

    fn check_hello(size: u32) -> Result<(), QuestionError> {
        question(reach_nfw::AppQuestion {
            client_hello_size: Some(size),
            ..Default::default()
        })
        .validate()
    }

    fn check_mss(mss: u32) -> Result<(), QuestionError> {
        question(reach_nfw::AppQuestion {
            mss: Some(mss),
            ..Default::default()
        })
        .validate()
    }

    #[test]
    fn the_largest_client_hello_is_what_rfc_8446_allows() {
        // 131,400 bytes of handshake message in 9 records of at most 16,384 bytes.
        assert_eq!(MAX_CLIENT_HELLO_SIZE, 131_400 + 9 * 5);
        assert_eq!(check_hello(0), Err(QuestionError::EmptyClientHello));
        assert_eq!(check_hello(1), Ok(()));
        assert_eq!(check_hello(MAX_CLIENT_HELLO_SIZE), Ok(()));
        assert_eq!(
            check_hello(MAX_CLIENT_HELLO_SIZE + 1),
            Err(QuestionError::ClientHelloTooLarge(
                MAX_CLIENT_HELLO_SIZE + 1
            ))
        );
        assert_eq!(
            check_hello(u32::MAX).unwrap_err().to_string(),
            "a ClientHello of 4294967295 bytes is larger than TLS allows (at most 131445)"
        );
    }

    #[test]
    fn the_mss_is_between_linuxs_floor_and_the_option_size() {
        assert_eq!(
            check_mss(MIN_MSS - 1),
            Err(QuestionError::MssOutOfRange(47))
        );
        assert_eq!(check_mss(MIN_MSS), Ok(()));
        assert_eq!(check_mss(MAX_MSS), Ok(()));
        assert_eq!(
            check_mss(MAX_MSS + 1),
            Err(QuestionError::MssOutOfRange(65_536))
        );
        assert_eq!(check_mss(0), Err(QuestionError::MssOutOfRange(0)));
    }

    #[test]
    fn server_names_ports_and_protocols() {
        let named = |length: usize| {
            question(reach_nfw::AppQuestion {
                server_name: Some("a".repeat(length)),
                ..Default::default()
            })
            .validate()
        };
        assert_eq!(named(MAX_SERVER_NAME), Ok(()));
        assert_eq!(
            named(MAX_SERVER_NAME + 1),
            Err(QuestionError::ServerNameTooLong(MAX_SERVER_NAME + 1))
        );
        let ports = |range: (u16, u16)| {
            Question {
                destination_ports: Some(range),
                ..question(Default::default())
            }
            .validate()
        };
        assert_eq!(ports((80, 80)), Ok(()));
        assert_eq!(
            ports((81, 80)),
            Err(QuestionError::BackwardPortRange(81, 80))
        );
        let gre = Question {
            protocol: 47,
            ..question(Default::default())
        };
        assert_eq!(gre.validate(), Err(QuestionError::UnsupportedProtocol(47)));
    }

    /// ICMP takes a type and code, not ports nor an application; AWS's analyzer takes no ICMP.
    #[test]
    fn icmp_questions_and_what_they_refuse() {
        let ping = Question {
            protocol: 1,
            ..question(Default::default())
        };
        assert_eq!(ping.validate(), Ok(()));
        assert_eq!(
            ping.icmp_message(),
            Some(IcmpMessage {
                icmp_type: 8,
                code: 0
            })
        );
        assert_eq!(
            ping.flow_detail().as_deref(),
            Some("type 8 code 0 (echo request)")
        );
        let ping6 = Question {
            protocol: 58,
            ..ping.clone()
        };
        assert_eq!(
            ping6.flow_detail().as_deref(),
            Some("type 128 code 0 (echo request)")
        );
        let unreachable = Question {
            icmp: Some(IcmpMessage {
                icmp_type: 3,
                code: 4,
            }),
            ..ping.clone()
        };
        assert_eq!(
            unreachable.flow_detail().as_deref(),
            Some("type 3 code 4 (destination unreachable)")
        );
        assert_eq!(
            Question {
                destination_ports: Some((80, 80)),
                ..ping.clone()
            }
            .validate(),
            Err(QuestionError::NotForIcmp("ports", 1))
        );
        assert_eq!(
            Question {
                application: reach_nfw::AppQuestion {
                    server_name: Some("example.com".to_owned()),
                    ..Default::default()
                },
                ..ping.clone()
            }
            .validate(),
            Err(QuestionError::NotForIcmp(
                "application protocol or server name",
                1
            ))
        );
        assert_eq!(
            Question {
                icmp: unreachable.icmp,
                ..question(Default::default())
            }
            .validate(),
            Err(QuestionError::IcmpWithoutIcmp(6))
        );
        let aws = Question {
            compat: Compat::Aws,
            ..ping
        };
        assert_eq!(aws.validate(), Err(QuestionError::NotInAwsAnalyzer(1)));
        assert!(aws
            .validate()
            .unwrap_err()
            .to_string()
            .starts_with("AWS's Reachability Analyzer does not analyse icmp"));
    }

    #[test]
    fn protocols_by_name_or_number() {
        assert_eq!(parse_protocol("ICMP"), Some(1));
        assert_eq!(parse_protocol("icmpv6"), Some(58));
        assert_eq!(parse_protocol("58"), Some(58));
        assert_eq!(parse_protocol(" tcp "), Some(6));
        assert_eq!(parse_protocol("gre"), None);
        assert_eq!(parse_protocol("icmp6"), None);
    }

    #[test]
    fn addresses_that_are_no_host_are_refused_at_either_end() {
        let ask = |source: &str, destination: &str| {
            Question {
                source: Endpoint::parse(source),
                destination: Endpoint::parse(destination),
                ..question(Default::default())
            }
            .validate()
            .map_err(|error| error.to_string())
        };
        let refused = |destination: &str| ask("10.0.0.1", destination).unwrap_err();
        assert_eq!(
            refused("0.0.0.0"),
            "destination 0.0.0.0 is an unspecified address: it means \"this host\" or \"any\", and no host is reached at it"
        );
        assert_eq!(
            refused("255.255.255.255"),
            "destination 255.255.255.255 is the broadcast address: VPCs do not carry broadcast"
        );
        assert!(refused("::1").contains("loopback"));
        assert!(refused("127.0.0.1").contains("loopback"));
        assert!(refused("::").contains("unspecified"));
        assert!(refused("ff02::1").contains("multicast"));
        assert!(refused("224.0.0.251").contains("multicast"));
        assert!(refused("239.255.255.255").contains("multicast"));
        assert!(refused("169.254.169.254").contains("instance metadata"));
        assert!(refused("fe80::1").contains("link-local"));
        assert!(refused("240.0.0.1").contains("reserved"));
        // A block inside one such range is refused too.
        assert!(refused("224.0.0.0/24").contains("multicast"));
        assert!(ask("0.0.0.0", "10.0.0.2")
            .unwrap_err()
            .starts_with("source 0.0.0.0 "));
        // Just outside each range, and the whole internet as a block, are hosts.
        for host in [
            "1.0.0.0",
            "126.255.255.255",
            "128.0.0.0",
            "169.253.255.255",
            "169.255.0.0",
            "223.255.255.255",
            "::2",
            "fec0::1",
            "feff::1",
            "2001:db8::1",
            "0.0.0.0/0",
            "::/0",
        ] {
            assert_eq!(ask("10.0.0.1", host), Ok(()), "{host}");
        }
        // An address picked on a resource is checked as well.
        let picked = Question {
            destination: Endpoint::parse("igw-1"),
            destination_ip: Some("255.255.255.255".parse().unwrap()),
            ..question(Default::default())
        };
        assert!(matches!(
            picked.validate(),
            Err(QuestionError::NotAHost {
                end: "destination",
                ..
            })
        ));
    }

    /// The limits are checked before the snapshot is looked at: an empty snapshot would
    /// otherwise say that the source is not in the input.
    #[test]
    fn analyze_checks_the_question_first() {
        let oversized = Question {
            source: Endpoint::parse("i-0123456789abcdef0"),
            ..question(reach_nfw::AppQuestion {
                client_hello_size: Some(u32::MAX),
                ..Default::default()
            })
        };
        assert_eq!(
            crate::analyze(&Snapshot::default(), &oversized).unwrap_err(),
            QuestionError::ClientHelloTooLarge(u32::MAX)
        );
    }

    /// An address outside the VPCs that a virtual private gateway's VPN connection routes to
    /// is on the network behind that gateway, the most specific route deciding between two;
    /// any other is on the internet. A gateway is a source, never a destination.
    #[test]
    fn addresses_behind_a_virtual_private_gateway() {
        let files = [
            reach_aws::InputFile::new(
                "describe-vpn-gateways.json",
                r#"{"VpnGateways": [{"VpnGatewayId": "vgw-1", "State": "available"},
                                    {"VpnGatewayId": "vgw-2", "State": "available"}]}"#,
            ),
            reach_aws::InputFile::new(
                "describe-vpn-connections.json",
                r#"{"VpnConnections": [
                    {"VpnConnectionId": "vpn-1", "State": "available", "VpnGatewayId": "vgw-1",
                     "Routes": [{"DestinationCidrBlock": "192.168.0.0/16", "State": "available"}]},
                    {"VpnConnectionId": "vpn-2", "State": "available", "VpnGatewayId": "vgw-2",
                     "Routes": [{"DestinationCidrBlock": "192.168.20.0/24", "State": "available"}]},
                    {"VpnConnectionId": "vpn-3", "State": "deleted", "VpnGatewayId": "vgw-2",
                     "Routes": [{"DestinationCidrBlock": "172.16.0.0/12", "State": "available"}]}]}"#,
            ),
        ];
        let snapshot = crate::load(&files).snapshot;
        let source = |text: &str| {
            place(&snapshot, &Endpoint::parse(text), None, Role::Source).map(|(place, _)| place)
        };
        let gateway = |id: &str| Ok(Place::VpnGateway(crate::ids::VpnGatewayId::new(id)));
        assert_eq!(source("192.168.10.5"), gateway("vgw-1"));
        assert_eq!(source("192.168.20.5"), gateway("vgw-2"));
        assert_eq!(source("192.168.20.0/25"), gateway("vgw-2"));
        // Wider than any route, or routed only by a deleted connection: the internet.
        assert_eq!(source("192.0.0.0/8"), Ok(Place::Internet));
        assert_eq!(source("172.16.1.1"), Ok(Place::Internet));
        assert_eq!(source("vgw-2"), gateway("vgw-2"));
        assert_eq!(
            source("vgw-9"),
            Err(QuestionError::UnknownResource("vgw-9".to_owned()))
        );
        assert!(matches!(
            place(
                &snapshot,
                &Endpoint::parse("vgw-1"),
                None,
                Role::Destination
            ),
            Err(QuestionError::UnsupportedEndpoint(_))
        ));
        // As a destination, an address behind a gateway is outside the snapshot, as before.
        assert!(matches!(
            place(
                &snapshot,
                &Endpoint::parse("192.168.10.5"),
                None,
                Role::Destination
            ),
            Ok((Place::Internet, _))
        ));
    }
}
