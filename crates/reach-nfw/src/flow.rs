//! The flow description: what a connection looks like to the stateful engine, packet by
//! packet. A 5-tuple alone cannot decide rules written for TLS or HTTP, nor default actions
//! that only drop established traffic: those depend on the application protocol, the server
//! name, and how many segments the client's first message takes.

use std::fmt;

/// An application-layer protocol, as Suricata names it in a rule's protocol field.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AppProtocol {
    /// No protocol Suricata recognises: plain TCP or UDP payload.
    None,
    /// A protocol by its Suricata name (`tls`, `http`, `dns`, `ssh`, `smtp`, `ftp`, `quic`…).
    Named(String),
}

/// Application protocols whose payload a flow description can describe, and the transport
/// each runs over. Others parse in rules, but a flow cannot be described as one of them.
pub const KNOWN_APP_PROTOCOLS: &[(&str, u8)] = &[
    ("tls", 6),
    ("http", 6),
    ("http2", 6),
    ("ssh", 6),
    ("smtp", 6),
    ("ftp", 6),
    ("imap", 6),
    ("smb", 6),
    ("rdp", 6),
    ("dns", 17),
    ("quic", 17),
    ("ntp", 17),
    ("dhcp", 17),
    ("snmp", 17),
    ("sip", 17),
    ("tftp", 17),
    ("krb5", 6),
];

impl AppProtocol {
    /// From a name as the CLI or a rule writes it (`none` for plain payload).
    pub fn parse(text: &str) -> Option<AppProtocol> {
        let lower = text.trim().to_ascii_lowercase();
        match lower.as_str() {
            "none" | "plain" | "" => Some(AppProtocol::None),
            "http1" => Some(AppProtocol::Named("http".to_owned())),
            name if KNOWN_APP_PROTOCOLS.iter().any(|(known, _)| *known == name) => {
                Some(AppProtocol::Named(name.to_owned()))
            }
            _ => None,
        }
    }

    /// The name.
    pub fn name(&self) -> &str {
        match self {
            AppProtocol::None => "none",
            AppProtocol::Named(name) => name,
        }
    }

    /// The transport protocol number it normally runs over (TCP for unknown names).
    pub fn transport(&self) -> u8 {
        KNOWN_APP_PROTOCOLS
            .iter()
            .find(|(name, _)| *name == self.name())
            .map(|(_, transport)| *transport)
            .unwrap_or(6)
    }

    /// Whether it carries a server name (TLS SNI, HTTP Host, DNS query name).
    pub fn has_server_name(&self) -> bool {
        matches!(self.name(), "tls" | "http" | "http2" | "dns" | "quic")
    }
}

impl fmt::Display for AppProtocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AppProtocol::None => f.write_str("plain payload"),
            AppProtocol::Named(name) => f.write_str(&name.to_ascii_uppercase()),
        }
    }
}

/// A typical ClientHello without post-quantum key shares: fits one segment.
pub const SMALL_CLIENT_HELLO: u32 = 517;
/// A ClientHello with a post-quantum hybrid key share (X25519MLKEM768), as current browsers
/// and TLS libraries send it: about 1.8 KB, two segments on a 1,460-byte MSS path.
pub const LARGE_CLIENT_HELLO: u32 = 1_800;
/// The MSS of a 1,500-byte MTU IPv4 path.
pub const DEFAULT_MSS_V4: u32 = 1_460;
/// The MSS of a 1,500-byte MTU IPv6 path.
pub const DEFAULT_MSS_V6: u32 = 1_440;

/// One possible application behaviour of a flow: what the client speaks, the name it asks
/// for, and how many TCP segments its first message takes.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Scenario {
    /// The application protocol.
    pub app: AppProtocol,
    /// The server name (TLS SNI, HTTP Host, DNS query); `None` when the client sends none.
    pub server_name: Option<String>,
    /// The size of the ClientHello in bytes (TLS only).
    pub client_hello_size: u32,
    /// The MSS the client's segments are cut to.
    pub mss: u32,
}

impl Scenario {
    /// Plain payload: no application protocol Suricata recognises.
    pub fn plain() -> Scenario {
        Scenario {
            app: AppProtocol::None,
            server_name: None,
            client_hello_size: SMALL_CLIENT_HELLO,
            mss: DEFAULT_MSS_V4,
        }
    }

    /// How many segments the client's first message takes.
    pub fn first_message_segments(&self) -> u32 {
        if self.app.name() == "tls" && self.mss > 0 {
            self.client_hello_size.div_ceil(self.mss).max(1)
        } else {
            1
        }
    }

    /// The scenario in words: `TLS with SNI www.example.com, ClientHello 1800 bytes (2 segments)`.
    pub fn describe(&self) -> String {
        let mut text = self.app.to_string();
        if self.app.has_server_name() {
            let what = match self.app.name() {
                "tls" | "quic" => "SNI",
                "dns" => "query",
                _ => "Host",
            };
            match &self.server_name {
                Some(name) => text.push_str(&format!(" with {what} {name}")),
                None => text.push_str(&format!(" without {what}")),
            }
        }
        if self.app.name() == "tls" {
            let segments = self.first_message_segments();
            text.push_str(&format!(
                ", ClientHello {} bytes ({} segment{})",
                self.client_hello_size,
                segments,
                if segments == 1 { "" } else { "s" }
            ));
        }
        text
    }
}

/// A packet of a conversation, in the order it is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Packet {
    /// TCP SYN, client to server.
    Syn,
    /// TCP SYN-ACK, server to client.
    SynAck,
    /// The ACK that completes the handshake.
    HandshakeAck,
    /// The client's data: segment `index` (1-based) of `of` of its first message.
    ClientData {
        /// Which segment.
        index: u32,
        /// Of how many.
        of: u32,
    },
    /// The server's acknowledgement of segment `index` of `of` of the client's first message,
    /// before the last (the last one's comes with the answer).
    ServerAck {
        /// Which segment.
        index: u32,
        /// Of how many.
        of: u32,
    },
    /// The server's answer.
    ServerData,
    /// The first packet of a connectionless flow (UDP, ICMP, others), client to server.
    Request,
    /// Its reply.
    Reply,
}

impl Packet {
    /// Whether the client sends it.
    pub fn to_server(self) -> bool {
        matches!(
            self,
            Packet::Syn | Packet::HandshakeAck | Packet::ClientData { .. } | Packet::Request
        )
    }

    /// TCP flags it carries (`FIN`=1, `SYN`=2, `RST`=4, `PSH`=8, `ACK`=16); 0 for others.
    pub fn tcp_flags(self) -> u8 {
        match self {
            Packet::Syn => 0x02,
            Packet::SynAck => 0x12,
            Packet::HandshakeAck => 0x10,
            Packet::ClientData { .. } | Packet::ServerData => 0x18,
            Packet::ServerAck { .. } => 0x10,
            Packet::Request | Packet::Reply => 0,
        }
    }
}

impl fmt::Display for Packet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Packet::Syn => f.write_str("the SYN"),
            Packet::SynAck => f.write_str("the SYN-ACK"),
            Packet::HandshakeAck => f.write_str("the handshake's final ACK"),
            Packet::ClientData { index: 1, of: 1 } => f.write_str("the client's first data packet"),
            Packet::ClientData { index, of } => {
                write!(f, "segment {index} of {of} of the client's first message")
            }
            Packet::ServerAck { index, of } => write!(
                f,
                "the server's acknowledgement of segment {index} of {of} of the client's first message"
            ),
            Packet::ServerData => f.write_str("the server's first data packet"),
            Packet::Request => f.write_str("the request"),
            Packet::Reply => f.write_str("the reply"),
        }
    }
}

/// What the stateful engine knows when a packet arrives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PacketState {
    /// The packet.
    pub packet: Packet,
    /// Whether Suricata counts the flow as established for this packet.
    pub established: bool,
    /// The application protocol detected so far (`None` before detection).
    pub detected: Option<AppProtocol>,
    /// Whether the client's first message has been parsed completely, so its fields (SNI,
    /// Host, query) are known.
    pub message_complete: bool,
    /// Whether it is the first packet the firewall sees in its direction (where header-only
    /// rules are looked at).
    pub first_in_direction: bool,
}

/// The packets of a conversation, and what the engine knows at each.
pub fn packets(transport: u8, scenario: &Scenario) -> Vec<PacketState> {
    let app = scenario.app.clone();
    let app_detected = (app != AppProtocol::None).then(|| app.clone());
    if transport == 6 {
        let segments = scenario.first_message_segments();
        let mut states = vec![
            PacketState {
                packet: Packet::Syn,
                established: false,
                detected: None,
                message_complete: false,
                first_in_direction: true,
            },
            PacketState {
                packet: Packet::SynAck,
                established: false,
                detected: None,
                message_complete: false,
                first_in_direction: true,
            },
            PacketState {
                packet: Packet::HandshakeAck,
                established: HANDSHAKE_ACK_IS_ESTABLISHED,
                detected: None,
                message_complete: false,
                first_in_direction: false,
            },
        ];
        for index in 1..=segments {
            states.push(PacketState {
                packet: Packet::ClientData {
                    index,
                    of: segments,
                },
                established: true,
                detected: app_detected.clone(),
                message_complete: index == segments,
                first_in_direction: false,
            });
            if index < segments {
                states.push(PacketState {
                    packet: Packet::ServerAck {
                        index,
                        of: segments,
                    },
                    established: true,
                    detected: app_detected.clone(),
                    message_complete: false,
                    first_in_direction: false,
                });
            }
        }
        states.push(PacketState {
            packet: Packet::ServerData,
            established: true,
            detected: app_detected,
            message_complete: true,
            first_in_direction: false,
        });
        states
    } else {
        vec![
            PacketState {
                packet: Packet::Request,
                established: false,
                detected: app_detected.clone(),
                message_complete: true,
                first_in_direction: true,
            },
            PacketState {
                packet: Packet::Reply,
                established: true,
                detected: app_detected,
                message_complete: true,
                first_in_direction: true,
            },
        ]
    }
}

/// Whether Suricata 7 counts the ACK that completes the handshake as established traffic: it
/// does not (a `flow:established` drop rule first drops the client's first data packet).
pub const HANDSHAKE_ACK_IS_ESTABLISHED: bool = false;

/// The packets the firewall sees when only one side of the conversation passes it. Suricata 7
/// never counts such a flow as established and detects no application protocol on it (its
/// stream engine hands data to the application layer only after a full handshake).
pub fn one_side(transport: u8, scenario: &Scenario, client_side: bool) -> Vec<PacketState> {
    packets(transport, scenario)
        .into_iter()
        .filter(|state| state.packet.to_server() == client_side)
        .map(|state| PacketState {
            established: false,
            detected: None,
            message_complete: false,
            ..state
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_client_hello_spans_two_segments() {
        let mut scenario = Scenario {
            app: AppProtocol::parse("tls").unwrap(),
            server_name: Some("www.example.com".into()),
            client_hello_size: LARGE_CLIENT_HELLO,
            mss: DEFAULT_MSS_V4,
        };
        assert_eq!(scenario.first_message_segments(), 2);
        let states = packets(6, &scenario);
        // SYN, SYN-ACK, ACK, segment 1, the server's ACK of it, segment 2, the answer.
        assert_eq!(states.len(), 7);
        assert!(!states[3].message_complete);
        assert_eq!(states[4].packet, Packet::ServerAck { index: 1, of: 2 });
        assert!(states[5].message_complete);
        scenario.client_hello_size = SMALL_CLIENT_HELLO;
        assert_eq!(scenario.first_message_segments(), 1);
        assert_eq!(
            scenario.describe(),
            "TLS with SNI www.example.com, ClientHello 517 bytes (1 segment)"
        );
    }

    #[test]
    fn connectionless_flows_are_a_request_and_a_reply() {
        let states = packets(17, &Scenario::plain());
        assert_eq!(states.len(), 2);
        assert!(!states[0].established && states[1].established);
        assert_eq!(AppProtocol::parse("HTTP1").unwrap().name(), "http");
        assert!(AppProtocol::parse("gopher").is_none());
    }
}
