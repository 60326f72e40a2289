//! A stateful rule, compiled: its header as header spaces (one per packet direction), and its
//! options sorted into what decides matching (flow state, application protocol, sticky-buffer
//! contents), what does not (`msg`, `sid`, `rev`, `metadata`…), and what Reach cannot
//! evaluate from a flow description (named in every answer the rule could affect).

use crate::error::{KeywordError, RuleErrorKind};
use crate::flow::{AppProtocol, PacketState, Scenario};
use crate::suricata::{self, Action, Direction};
use crate::variables::{header_space, AddressSet, Variables};
use reach_space::{IntervalSet, Space, MAX_PORT, MAX_PROTOCOL};

/// Options that never change whether a rule matches.
const NO_EFFECT: &[&str] = &[
    "msg",
    "sid",
    "rev",
    "gid",
    "classtype",
    "metadata",
    "reference",
    "priority",
    "target",
    "noalert",
    "fast_pattern",
    "tag",
    "threshold",
    "detection_filter",
];

/// Options AWS's analyzer evaluates; every other option on a rule is reported by it as
/// unsupported (`FIREWALL_UNSUPPORTED_RULE_OPTIONS`). Seed lab cases 1 and 6 show `msg` and
/// `rev` reported, and `sid` not.
pub const AWS_SUPPORTED_OPTIONS: &[&str] = &["sid"];

/// Where a buffer's content comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Buffer {
    /// `tls.sni` / `tls_sni`.
    TlsSni,
    /// `http.host` / `http_host` (Suricata normalises it to lower case).
    HttpHost,
    /// `dns.query` / `dns_query`.
    DnsQuery,
}

impl Buffer {
    fn from_keyword(keyword: &str) -> Option<Buffer> {
        match keyword {
            "tls.sni" | "tls_sni" => Some(Buffer::TlsSni),
            "http.host" | "http_host" | "http.host.raw" => Some(Buffer::HttpHost),
            "dns.query" | "dns_query" => Some(Buffer::DnsQuery),
            _ => None,
        }
    }

    /// The protocol whose messages carry the buffer.
    pub fn protocol(&self) -> &'static str {
        match self {
            Buffer::TlsSni => "tls",
            Buffer::HttpHost => "http",
            Buffer::DnsQuery => "dns",
        }
    }
}

/// One `content` match on a buffer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContentMatch {
    /// The bytes.
    pub bytes: Vec<u8>,
    /// `content:!"…"`.
    pub negated: bool,
    /// `nocase`.
    pub nocase: bool,
    /// `startswith`.
    pub startswith: bool,
    /// `endswith`.
    pub endswith: bool,
    /// `offset` (bytes from the buffer's start).
    pub offset: usize,
    /// `depth` (bytes from `offset` the match must lie within).
    pub depth: Option<usize>,
}

impl ContentMatch {
    fn matches(&self, buffer: &[u8]) -> bool {
        let fold = |byte: &u8| {
            if self.nocase {
                byte.to_ascii_lowercase()
            } else {
                *byte
            }
        };
        let needle: Vec<u8> = self.bytes.iter().map(fold).collect();
        let hay: Vec<u8> = buffer.iter().map(fold).collect();
        let found = if self.startswith && self.endswith {
            hay == needle
        } else if self.startswith {
            hay.starts_with(&needle)
        } else if self.endswith {
            hay.ends_with(&needle) && hay.len() >= needle.len() + self.offset
        } else {
            let start = self.offset.min(hay.len());
            let end = self
                .depth
                .map(|depth| (start + depth).min(hay.len()))
                .unwrap_or(hay.len());
            needle.is_empty() || hay[start..end].windows(needle.len()).any(|w| w == needle)
        };
        found != self.negated
    }
}

/// The contents a rule requires of one buffer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BufferMatch {
    /// The buffer.
    pub buffer: Buffer,
    /// `dotprefix`: a `.` is put in front of the buffer before matching, so
    /// `content:".example.com"; endswith;` matches `example.com` and its subdomains.
    pub dotprefix: bool,
    /// The contents, all of which must match.
    pub contents: Vec<ContentMatch>,
}

impl BufferMatch {
    /// Whether a server name satisfies every content; a missing name matches nothing.
    pub fn matches(&self, value: Option<&str>) -> bool {
        let Some(value) = value else {
            return false;
        };
        let mut text = if self.buffer == Buffer::HttpHost {
            value.to_ascii_lowercase()
        } else {
            value.to_owned()
        };
        if self.dotprefix {
            text.insert(0, '.');
        }
        self.contents
            .iter()
            .all(|content| content.matches(text.as_bytes()))
    }
}

/// What, besides its header, a rule needs of a packet.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Conditions {
    /// `flow:established` (true) or `flow:not_established` (false).
    pub established: Option<bool>,
    /// `flow:to_server`/`from_client` (true) or `to_client`/`from_server` (false).
    pub to_server: Option<bool>,
    /// The application protocol the flow must be detected as (from the protocol field or
    /// `app-layer-protocol`).
    pub app: Option<AppProtocol>,
    /// Buffer contents.
    pub buffers: Vec<BufferMatch>,
    /// Whether the rule has a `flow` keyword at all.
    pub flow_keyword: bool,
    /// Whether its `flow` keyword asks for a connection state (`established`,
    /// `not_established`, `stateless`), not only a direction.
    pub flow_state: bool,
}

/// How Suricata runs a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleKind {
    /// Header only, no negated address (`ip_only`): looked at on the first packet in each
    /// direction of a flow only; its action is the flow's.
    IpOnly,
    /// Header only, with a negated address such as `$EXTERNAL_NET` (`like_ip_only`): looked
    /// at on every packet; its action is the flow's.
    LikeIpOnly,
    /// With a `flow` keyword (or other packet conditions): looked at on every packet, and its
    /// action is that packet's only.
    Packet,
    /// An application protocol without buffers: matches once the protocol is detected; its
    /// action is the flow's.
    AppLayer,
    /// With an application-layer buffer (`tls.sni`, `http.host`…): matches once the message is
    /// parsed; its action is the flow's.
    AppTransaction,
}

/// A stateful rule, compiled.
#[derive(Clone, Debug)]
pub struct StatefulRule {
    /// The rule group it belongs to (index into the policy's groups).
    pub group: usize,
    /// Its position in the group.
    pub index: usize,
    /// The line of the group's `RulesString` it starts on, when it came from one.
    pub line: Option<usize>,
    /// The Suricata text.
    pub text: String,
    /// The parsed rule.
    pub parsed: suricata::Rule,
    /// What matching a packet does.
    pub action: Action,
    /// `sid`.
    pub sid: Option<u64>,
    /// `msg`.
    pub msg: Option<String>,
    /// `priority` (Suricata's default is 3); orders rules within an action under
    /// `DEFAULT_ACTION_ORDER`.
    pub priority: u64,
    /// Source addresses, resolved.
    pub sources: AddressSet,
    /// Destination addresses, resolved.
    pub destinations: AddressSet,
    /// Source ports, resolved.
    pub source_ports: IntervalSet,
    /// Destination ports, resolved.
    pub destination_ports: IntervalSet,
    /// The IP protocols the protocol field covers.
    pub protocols: IntervalSet,
    /// The requests (client-to-server 5-tuples) whose client packets the header matches.
    pub client_packets: Space,
    /// The requests whose server packets the header matches.
    pub server_packets: Space,
    /// What else it needs.
    pub conditions: Conditions,
    /// Whether an address is negated (`!…`, or `$EXTERNAL_NET`, which is `!$HOME_NET`).
    pub negated_address: bool,
    /// Options Reach cannot evaluate from a flow description, as written (`ja3.hash`…):
    /// Reach assumes such a rule does not match, and says so wherever that matters.
    pub unevaluated: Vec<String>,
    /// The options AWS's analyzer reports as unsupported, with their settings.
    pub aws_unsupported_options: Vec<(String, Option<String>)>,
}

/// Whether a protocol field names an application protocol (matched only once detected).
pub fn is_app_protocol(protocol: &str) -> bool {
    !matches!(
        protocol,
        "ip" | "tcp" | "udp" | "icmp" | "icmpv4" | "icmpv6" | "tcp-pkt" | "tcp-stream" | "sctp"
    )
}

fn protocol_numbers(protocol: &str) -> IntervalSet {
    match protocol {
        "ip" => IntervalSet::range(0, MAX_PROTOCOL),
        "tcp" | "tcp-pkt" | "tcp-stream" => IntervalSet::single(6),
        "udp" => IntervalSet::single(17),
        "icmp" => IntervalSet::from_ranges([(1, 1), (58, 58)]),
        "icmpv4" => IntervalSet::single(1),
        "icmpv6" => IntervalSet::single(58),
        "sctp" => IntervalSet::single(132),
        app => {
            let transport = AppProtocol::Named(app.to_owned()).transport();
            // DNS runs over both.
            if app == "dns" {
                IntervalSet::from_ranges([(6, 6), (17, 17)])
            } else {
                IntervalSet::single(u128::from(transport))
            }
        }
    }
}

impl StatefulRule {
    /// Compiles a parsed rule with the variables of its group.
    pub fn compile(
        parsed: suricata::Rule,
        text: String,
        group: usize,
        index: usize,
        line: Option<usize>,
        variables: &Variables,
    ) -> Result<StatefulRule, RuleErrorKind> {
        let sources = variables.addresses(&parsed.source)?;
        let destinations = variables.addresses(&parsed.destination)?;
        let source_ports = variables.ports(&parsed.source_port)?;
        let destination_ports = variables.ports(&parsed.destination_port)?;
        let protocol = parsed.protocol.as_str();
        let protocols = protocol_numbers(protocol);
        let mut conditions = Conditions::default();
        if is_app_protocol(protocol) {
            conditions.app = Some(AppProtocol::Named(match protocol {
                "http1" => "http".to_owned(),
                other => other.to_owned(),
            }));
        }
        let mut unevaluated = Vec::new();
        let mut aws_unsupported_options = Vec::new();
        let mut current: Option<BufferMatch> = None;
        let mut last_content: Option<ContentMatch> = None;
        let mut sid = None;
        let mut msg = None;
        let mut priority = 3;
        // A content before any sticky buffer inspects the raw payload (or, with a legacy
        // modifier such as `http_host` after it, that buffer).
        let mut raw_contents: Vec<ContentMatch> = Vec::new();
        // Contents after a buffer Reach does not model belong to it (already unevaluated).
        let mut in_unknown_buffer = false;
        let flush_content = |current: &mut Option<BufferMatch>,
                             raw: &mut Vec<ContentMatch>,
                             content: Option<ContentMatch>| {
            if let Some(content) = content {
                match current {
                    Some(buffer) => buffer.contents.push(content),
                    None => raw.push(content),
                }
            }
        };
        for option in &parsed.options {
            let keyword = option.keyword.as_str();
            let value = option.value.as_deref().unwrap_or("");
            if !AWS_SUPPORTED_OPTIONS.contains(&keyword) {
                aws_unsupported_options.push((keyword.to_owned(), option.value.clone()));
            }
            match keyword {
                "sid" => sid = value.trim().parse().ok(),
                "msg" => msg = option.value.clone(),
                "priority" => priority = value.trim().parse().unwrap_or(3),
                _ if NO_EFFECT.contains(&keyword) => {}
                "flow" => {
                    conditions.flow_keyword = true;
                    for part in value
                        .split(',')
                        .map(|part| part.trim().to_ascii_lowercase())
                    {
                        match part.as_str() {
                            "established" => {
                                conditions.flow_state = true;
                                conditions.established = Some(true)
                            }
                            "not_established" => {
                                conditions.flow_state = true;
                                conditions.established = Some(false)
                            }
                            "to_server" | "from_client" => conditions.to_server = Some(true),
                            "to_client" | "from_server" => conditions.to_server = Some(false),
                            "stateless" => conditions.flow_state = true,
                            "" => {}
                            other => unevaluated.push(format!("flow:{other}")),
                        }
                    }
                }
                "app-layer-protocol" => {
                    let name = value.trim().to_ascii_lowercase();
                    if let Some(name) = name.strip_prefix('!') {
                        unevaluated.push(format!("app-layer-protocol:!{name}"));
                    } else {
                        conditions.app = Some(AppProtocol::Named(name));
                    }
                }
                "dotprefix" => {
                    if let Some(buffer) = current.as_mut() {
                        buffer.dotprefix = true;
                    } else {
                        unevaluated.push("dotprefix".to_owned());
                    }
                }
                "content" if in_unknown_buffer => {}
                "nocase" | "startswith" | "endswith" | "offset" | "depth" | "fast_pattern"
                    if in_unknown_buffer => {}
                "content" => {
                    flush_content(&mut current, &mut raw_contents, last_content.take());
                    let (negated, body) = match value.trim_start().strip_prefix('!') {
                        Some(rest) => (true, rest.trim().trim_matches('"')),
                        None => (false, value),
                    };
                    match suricata::decode_content(body) {
                        Ok(bytes) => {
                            last_content = Some(ContentMatch {
                                bytes,
                                negated,
                                nocase: false,
                                startswith: false,
                                endswith: false,
                                offset: 0,
                                depth: None,
                            })
                        }
                        Err(error) => {
                            return Err(KeywordError::new(
                                "content",
                                format!("content \"{value}\": {error}"),
                            )
                            .into())
                        }
                    }
                }
                "nocase" | "startswith" | "endswith" | "offset" | "depth" => {
                    let Some(content) = last_content.as_mut() else {
                        return Err(KeywordError::new(
                            keyword,
                            format!("\"{keyword}\" needs a content before it"),
                        )
                        .into());
                    };
                    match keyword {
                        "nocase" => content.nocase = true,
                        "startswith" => content.startswith = true,
                        "endswith" => content.endswith = true,
                        "offset" => content.offset = value.trim().parse().unwrap_or(0),
                        _ => content.depth = value.trim().parse().ok(),
                    }
                }
                legacy @ ("http_host" | "tls_sni" | "dns_query")
                    if option.value.is_none() && last_content.is_some() =>
                {
                    // A legacy content modifier: the content just before belongs to it.
                    let buffer = Buffer::from_keyword(legacy).expect("known buffer");
                    if let Some(content) = last_content.take() {
                        attach(&mut conditions, buffer, content);
                    }
                }
                sticky if Buffer::from_keyword(sticky).is_some() => {
                    flush_content(&mut current, &mut raw_contents, last_content.take());
                    if let Some(done) = current.take() {
                        push_buffer(&mut conditions, done);
                    }
                    in_unknown_buffer = false;
                    let buffer = Buffer::from_keyword(sticky).expect("known buffer");
                    if conditions.app.is_none() {
                        conditions.app = Some(AppProtocol::Named(buffer.protocol().to_owned()));
                    }
                    current = Some(BufferMatch {
                        buffer,
                        dotprefix: false,
                        contents: Vec::new(),
                    });
                }
                other => {
                    // Another sticky buffer or keyword: its contents go with it, unevaluated.
                    flush_content(&mut current, &mut raw_contents, last_content.take());
                    if let Some(done) = current.take() {
                        push_buffer(&mut conditions, done);
                    }
                    in_unknown_buffer = option.value.is_none();
                    unevaluated.push(match &option.value {
                        Some(value) => format!("{other}:{value}"),
                        None => other.to_owned(),
                    });
                }
            }
        }
        flush_content(&mut current, &mut raw_contents, last_content.take());
        if let Some(done) = current.take() {
            push_buffer(&mut conditions, done);
        }
        if !raw_contents.is_empty() {
            unevaluated.push("content (raw payload)".to_owned());
        }
        // Suricata refuses these rules outright; so does AWS when the group is created.
        for buffer in &conditions.buffers {
            if buffer.buffer == Buffer::HttpHost {
                if buffer.contents.iter().any(|content| content.nocase) {
                    return Err(KeywordError::new(
                        "nocase",
                        "http.host is lower-cased by Suricata, which refuses `nocase` on it",
                    )
                    .into());
                }
                if buffer
                    .contents
                    .iter()
                    .any(|content| content.bytes.iter().any(u8::is_ascii_uppercase))
                {
                    return Err(KeywordError::new(
                        "content",
                        "http.host is lower-cased by Suricata, which refuses a content with upper-case letters on it",
                    )
                    .into());
                }
            }
        }
        if conditions.to_server == Some(false) && !conditions.buffers.is_empty() {
            return Err(KeywordError::new(
                "flow",
                "flow:to_client conflicts with tls.sni, http.host and dns.query, which the client sends; Suricata refuses the rule",
            )
            .into());
        }
        let as_written = header_space(
            &protocols,
            &sources,
            &destinations,
            &source_ports,
            &destination_ports,
        );
        // A server packet matches `->` when the server is the rule's source: in request
        // terms, the header reversed.
        let reversed = as_written.reversed();
        let (client_packets, server_packets) = match parsed.direction {
            Direction::ToServer => (as_written, reversed),
            Direction::Both => {
                let both = as_written.union(&reversed);
                (both.clone(), both)
            }
        };
        let negated_address = has_negation(&parsed.source) || has_negation(&parsed.destination);
        Ok(StatefulRule {
            negated_address,
            group,
            index,
            line,
            text,
            action: parsed.action,
            sid,
            msg,
            priority,
            sources,
            destinations,
            source_ports,
            destination_ports,
            protocols,
            client_packets,
            server_packets,
            conditions,
            unevaluated,
            aws_unsupported_options,
            parsed,
        })
    }

    /// How Suricata 7 runs the rule, which decides when it is looked at and whether its action
    /// is the flow's or one packet's (checked with `suricata --simulate-ips` and its engine
    /// analysis, see tests/suricata/FINDINGS.md).
    pub fn kind(&self) -> RuleKind {
        let conditions = &self.conditions;
        // An application-protocol rule with only a direction (`flow:to_server`) stays an
        // application-layer rule; a connection state makes it a packet rule. A header rule
        // with any `flow` keyword is a packet rule.
        if !conditions.buffers.is_empty() {
            RuleKind::AppTransaction
        } else if conditions.app.is_some() {
            if conditions.flow_state {
                RuleKind::Packet
            } else {
                RuleKind::AppLayer
            }
        } else if conditions.flow_keyword {
            RuleKind::Packet
        } else if self.negated_address {
            RuleKind::LikeIpOnly
        } else {
            RuleKind::IpOnly
        }
    }

    /// Whether the rule's pass, drop or reject is the whole flow's (else the packet's).
    pub fn decides_flow(&self) -> bool {
        self.kind() != RuleKind::Packet
    }

    /// Whether the rule's protocol field is an application protocol.
    pub fn is_app_layer(&self) -> bool {
        is_app_protocol(&self.parsed.protocol)
    }

    /// Whether the rule's options (not its header) let it match this packet of a flow with
    /// this scenario. Unevaluable rules never match (and are reported by the caller).
    pub fn options_match(&self, state: &PacketState, scenario: &Scenario) -> bool {
        if !self.unevaluated.is_empty() {
            return false;
        }
        if self.kind() == RuleKind::IpOnly && !state.first_in_direction {
            return false;
        }
        let conditions = &self.conditions;
        if let Some(established) = conditions.established {
            if established != state.established {
                return false;
            }
        }
        if let Some(to_server) = conditions.to_server {
            if to_server != state.packet.to_server() {
                return false;
            }
        }
        if let Some(app) = &conditions.app {
            if state.detected.as_ref() != Some(app) {
                return false;
            }
            // The protocol alone matches as soon as it is detected (Suricata 7 passes a
            // `pass tls` rule on the first segment of a two-segment ClientHello); a buffer
            // such as tls.sni only once the parser has the whole first message.
            if !conditions.buffers.is_empty() && !state.message_complete {
                return false;
            }
        }
        // tls.sni, http.host and dns.query are read from what the client sends: Suricata
        // inspects them on the client's packets only, even for a `<>` rule.
        if !conditions.buffers.is_empty() && !state.packet.to_server() {
            return false;
        }
        conditions
            .buffers
            .iter()
            .all(|buffer| buffer.matches(scenario.server_name.as_deref()))
    }

    /// The rule's `sid` in words, or its position.
    pub fn label(&self) -> String {
        match self.sid {
            Some(sid) => format!("sid {sid}"),
            None => format!("rule {}", self.index + 1),
        }
    }

    /// The whole header as AWS lists it: every port when a side is `any`.
    pub fn port_ranges(set: &IntervalSet) -> Vec<(u16, u16)> {
        set.ranges()
            .iter()
            .map(|(low, high)| {
                (
                    u16::try_from(*low).unwrap_or(0),
                    u16::try_from((*high).min(MAX_PORT)).unwrap_or(u16::MAX),
                )
            })
            .collect()
    }
}

fn has_negation(address: &suricata::Address) -> bool {
    match address {
        suricata::Address::Not(_) => true,
        suricata::Address::List(items) => items.iter().any(has_negation),
        suricata::Address::Variable(name) => name == "EXTERNAL_NET",
        _ => false,
    }
}

fn push_buffer(conditions: &mut Conditions, buffer: BufferMatch) {
    conditions.buffers.push(buffer);
}

fn attach(conditions: &mut Conditions, buffer: Buffer, content: ContentMatch) {
    if conditions.app.is_none() {
        conditions.app = Some(AppProtocol::Named(buffer.protocol().to_owned()));
    }
    match conditions
        .buffers
        .iter_mut()
        .find(|existing| existing.buffer == buffer)
    {
        Some(existing) => existing.contents.push(content),
        None => conditions.buffers.push(BufferMatch {
            buffer,
            dotprefix: false,
            contents: vec![content],
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow::packets;
    use reach_space::{Cube, Family};

    fn compile(text: &str) -> StatefulRule {
        let variables =
            Variables::for_policy(AddressSet::from_net(&"10.1.1.0/24".parse().unwrap()));
        let parsed = suricata::parse_rule(text).unwrap();
        StatefulRule::compile(parsed, text.to_owned(), 0, 0, None, &variables).unwrap()
    }

    fn tls(name: Option<&str>) -> Scenario {
        Scenario {
            app: AppProtocol::parse("tls").unwrap(),
            server_name: name.map(str::to_owned),
            ..Scenario::plain()
        }
    }

    #[test]
    fn sni_rules_match_once_the_hello_is_complete() {
        let rule = compile(
            r#"pass tls $HOME_NET any -> $EXTERNAL_NET 443 (tls.sni; dotprefix; content:".example.com"; nocase; endswith; sid:1;)"#,
        );
        assert_eq!(rule.conditions.buffers.len(), 1);
        let scenario = tls(Some("WWW.Example.com"));
        let states = packets(6, &scenario);
        let matched: Vec<bool> = states
            .iter()
            .map(|state| rule.options_match(state, &scenario))
            .collect();
        // SYN, SYN-ACK, ACK: no TLS yet; the hello: yes (SNI read); the server's data: no
        // (the SNI is inspected on the client's packets).
        assert_eq!(matched, vec![false, false, false, true, false]);
        let other = tls(Some("example.org"));
        assert!(!rule.options_match(&packets(6, &other)[3], &other));
        let bare = tls(Some("example.com"));
        assert!(rule.options_match(&packets(6, &bare)[3], &bare));
        let none = tls(None);
        assert!(!rule.options_match(&packets(6, &none)[3], &none));
    }

    #[test]
    fn flow_keywords_restrict_packets() {
        let rule = compile("drop tcp any any -> any any (flow:established,to_server; sid:9;)");
        let scenario = Scenario::plain();
        let states = packets(6, &scenario);
        let matched: Vec<bool> = states
            .iter()
            .map(|state| rule.options_match(state, &scenario))
            .collect();
        let ack = crate::flow::HANDSHAKE_ACK_IS_ESTABLISHED;
        assert_eq!(matched, vec![false, false, ack, true, false]);
    }

    #[test]
    fn directions_give_client_and_server_packet_spaces() {
        let one_way = compile("pass tcp $HOME_NET any -> $EXTERNAL_NET 443 (sid:1;)");
        let request = Space::from_cube(Cube {
            family: Family::V4,
            protocols: IntervalSet::single(6),
            sources: IntervalSet::single(0x0a01_0128),
            destinations: IntervalSet::single(0x5db8_d822),
            source_ports: IntervalSet::single(40000),
            destination_ports: IntervalSet::single(443),
        });
        assert_eq!(one_way.client_packets.intersection(&request), request);
        assert_eq!(
            one_way.server_packets.intersection(&request),
            Space::empty()
        );
        let both = compile("pass tcp $HOME_NET any <> $EXTERNAL_NET 443 (sid:1;)");
        assert_eq!(both.server_packets.intersection(&request), request);
    }

    #[test]
    fn options_sort_into_effect_no_effect_and_unevaluated() {
        let rule = compile(
            r#"alert tls any any -> any any (msg:"x"; ja3.hash; content:"abc"; rev:2; sid:5; metadata:k v;)"#,
        );
        assert_eq!(rule.sid, Some(5));
        assert_eq!(rule.msg.as_deref(), Some("x"));
        assert_eq!(rule.unevaluated, vec!["ja3.hash".to_owned()]);
        let names: Vec<&str> = rule
            .aws_unsupported_options
            .iter()
            .map(|(name, _)| name.as_str())
            .collect();
        assert_eq!(names, vec!["msg", "ja3.hash", "content", "rev", "metadata"]);
        let variables = Variables::for_policy(AddressSet::empty());
        for refused in [
            r#"drop http any any -> any any (http.host; content:"a.example"; nocase; sid:1;)"#,
            r#"drop http any any -> any any (http.host; content:"A.example"; sid:1;)"#,
            r#"drop tls any any -> any any (flow:to_client; tls.sni; content:"a"; sid:1;)"#,
        ] {
            let parsed = suricata::parse_rule(refused).unwrap();
            let compiled =
                StatefulRule::compile(parsed, refused.to_owned(), 0, 0, None, &variables);
            assert!(compiled.is_err(), "{refused}");
        }
        let legacy =
            compile(r#"drop http any any -> any any (content:"bad.example"; http_host; sid:6;)"#);
        assert!(legacy.unevaluated.is_empty());
        assert_eq!(legacy.conditions.buffers[0].buffer, Buffer::HttpHost);
        let raw = compile(r#"drop tcp any any -> any any (content:"GET"; sid:7;)"#);
        assert_eq!(raw.unevaluated, vec!["content (raw payload)".to_owned()]);
    }

    #[test]
    fn content_modifiers() {
        let content = |text: &str, f: fn(&mut ContentMatch)| {
            let mut content = ContentMatch {
                bytes: text.as_bytes().to_vec(),
                negated: false,
                nocase: false,
                startswith: false,
                endswith: false,
                offset: 0,
                depth: None,
            };
            f(&mut content);
            content
        };
        assert!(content("ample", |_| {}).matches(b"example.com"));
        assert!(!content("ample", |c| c.startswith = true).matches(b"example.com"));
        assert!(content("EXAMPLE", |c| c.nocase = true).matches(b"example.com"));
        assert!(!content("EXAMPLE", |_| {}).matches(b"example.com"));
        assert!(content("example.com", |c| {
            c.startswith = true;
            c.endswith = true;
        })
        .matches(b"example.com"));
        assert!(!content("ample", |c| c.depth = Some(4)).matches(b"example.com"));
        assert!(content("bad", |c| c.negated = true).matches(b"example.com"));
    }
}
