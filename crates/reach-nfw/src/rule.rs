//! A stateful rule, compiled: its header as header spaces (one per packet direction), and its
//! options sorted into what decides matching (flow state, application protocol, sticky-buffer
//! contents), what does not (`msg`, `sid`, `rev`, `metadata`…), and what Reach cannot
//! evaluate from a flow description (named in every answer the rule could affect). Each
//! keyword's value is parsed by its `keyword` module, which refuses what Suricata refuses:
//! such a rule is an error, never a silently defaulted value.

use crate::error::{KeywordError, RuleErrorKind};
use crate::flow::{AppProtocol, PacketState, Scenario};
use crate::keyword::app_layer_protocol::AppLayerProtocol;
use crate::keyword::buffer::{Buffer, BufferMatch};
use crate::keyword::content::{Content, ContentMatch, Modifier};
use crate::keyword::flow::Flow;
use crate::keyword::priority::{Priority, DEFAULT_PRIORITY};
use crate::keyword::sid::Sid;
use crate::keyword::{self, no_value};
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

/// What, besides its header, a rule needs of a packet.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Conditions {
    /// Its `flow` keyword, if it has one.
    pub flow: Option<Flow>,
    /// The application protocol the flow must be detected as (from the protocol field or
    /// `app-layer-protocol`).
    pub app: Option<AppProtocol>,
    /// Buffer contents.
    pub buffers: Vec<BufferMatch>,
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
        let mut priority = DEFAULT_PRIORITY;
        // A content before any sticky buffer inspects the raw payload (or, with a legacy
        // modifier such as `http_host` after it, that buffer).
        let mut raw_contents: Vec<ContentMatch> = Vec::new();
        // Contents after a buffer Reach does not model belong to it (already unevaluated):
        // their values are still checked, then they are dropped.
        let mut in_unknown_buffer = false;
        let mut last_content_dropped = false;
        let mut any_content = false;
        // Variables `byte_extract` and `byte_math` set, which `offset`, `depth`, `distance`
        // and `within` may name.
        let mut byte_variables: Vec<String> = Vec::new();
        let mut negated_app_layer = false;
        let flush_content = |current: &mut Option<BufferMatch>,
                             raw: &mut Vec<ContentMatch>,
                             content: Option<ContentMatch>,
                             dropped: bool| {
            if let Some(content) = content.filter(|_| !dropped) {
                match current {
                    Some(buffer) => buffer.contents.push(content),
                    None => raw.push(content),
                }
            }
        };
        for option in &parsed.options {
            let keyword = option.keyword.as_str();
            if !AWS_SUPPORTED_OPTIONS.contains(&keyword) {
                aws_unsupported_options.push((keyword.to_owned(), option.value.clone()));
            }
            match keyword {
                "sid" => {
                    let value: Sid = keyword::value(option)?.parse()?;
                    // One id per rule.
                    if sid.is_some() {
                        return Err(KeywordError::new("sid", "the rule has two sids").into());
                    }
                    sid = Some(u64::from(value.0));
                }
                "msg" => msg = option.value.clone(),
                // FIXME: Suricata keeps the lowest of several priorities (with a warning);
                // Reach keeps the last.
                "priority" => priority = keyword::value(option)?.parse::<Priority>()?.0,
                _ if NO_EFFECT.contains(&keyword) => {}
                "flow" => {
                    // One `flow` per rule.
                    if conditions.flow.is_some() {
                        return Err(KeywordError::new(
                            "flow",
                            "the rule has two flow keywords; Suricata allows one",
                        )
                        .into());
                    }
                    let flow: Flow = keyword::value(option)?.parse()?;
                    unevaluated.extend(flow.unevaluated());
                    conditions.flow = Some(flow);
                }
                "app-layer-protocol" => {
                    // Quotes are optional here, so the option's value is read as it is.
                    let protocol: AppLayerProtocol = match option.value.as_deref() {
                        None | Some("") => keyword::value(option)?.parse()?,
                        Some(value) => value.parse()?,
                    };
                    // Suricata refuses it once the rule's protocol is set (by its protocol
                    // field, a sticky buffer, or an earlier positive app-layer-protocol), and
                    // a positive one after a negated one.
                    if conditions.app.is_some() || (negated_app_layer && !protocol.negated) {
                        return Err(KeywordError::new(
                            "app-layer-protocol",
                            format!("app-layer-protocol:{} on a rule whose application protocol is already set; Suricata refuses it", option.value.as_deref().unwrap_or("")),
                        )
                        .into());
                    }
                    match protocol.required() {
                        Some(app) => conditions.app = Some(app),
                        None => {
                            negated_app_layer = true;
                            unevaluated.push(format!("app-layer-protocol:!{}", protocol.name));
                        }
                    }
                }
                "dotprefix" => {
                    no_value(option)?;
                    if let Some(buffer) = current.as_mut() {
                        buffer.dotprefix = true;
                    } else {
                        unevaluated.push("dotprefix".to_owned());
                    }
                }
                "content" => {
                    let content =
                        Content::parse(option.value.as_deref().unwrap_or(""), option.quoted)?;
                    flush_content(
                        &mut current,
                        &mut raw_contents,
                        last_content.take(),
                        last_content_dropped,
                    );
                    last_content = Some(ContentMatch::new(content));
                    any_content = true;
                    last_content_dropped = in_unknown_buffer;
                }
                "nocase" | "startswith" | "endswith" | "offset" | "depth" | "distance"
                | "within" => {
                    let Some(modifier) = Modifier::parse(option)? else {
                        continue;
                    };
                    let Some(content) = last_content.as_mut() else {
                        // After a buffer Reach does not model, the content it would modify
                        // went with that buffer (and the rule is not evaluated).
                        if in_unknown_buffer && any_content {
                            continue;
                        }
                        return Err(KeywordError::new(
                            keyword,
                            format!("\"{keyword}\" needs a content before it"),
                        )
                        .into());
                    };
                    // A variable must have been set earlier in the rule.
                    if let Some(name) = modifier.variable() {
                        if !byte_variables.iter().any(|known| known == name) {
                            return Err(KeywordError::new(
                                keyword,
                                format!("{keyword}:{name} names no byte_extract or byte_math variable set before it"),
                            )
                            .into());
                        }
                    }
                    // Relative positions and variables are not evaluated: the rule is not,
                    // unless its content already went with an unevaluated buffer.
                    let unevaluable = modifier.is_relative() || modifier.variable().is_some();
                    content.apply(modifier)?;
                    if unevaluable && !last_content_dropped {
                        unevaluated.push(format!(
                            "{keyword}:{}",
                            option.value.as_deref().unwrap_or("")
                        ));
                    }
                }
                legacy
                    if Buffer::is_legacy_modifier(legacy)
                        && option.value.is_none()
                        && last_content.is_some()
                        && !last_content_dropped =>
                {
                    // A legacy content modifier: the content just before belongs to it.
                    let buffer: Buffer = legacy.parse()?;
                    if let Some(content) = last_content.take() {
                        attach(&mut conditions, buffer, content);
                    }
                }
                sticky if sticky.parse::<Buffer>().is_ok() => {
                    no_value(option)?;
                    flush_content(
                        &mut current,
                        &mut raw_contents,
                        last_content.take(),
                        last_content_dropped,
                    );
                    if let Some(done) = current.take() {
                        push_buffer(&mut conditions, done);
                    }
                    in_unknown_buffer = false;
                    let buffer: Buffer = sticky.parse()?;
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
                    flush_content(
                        &mut current,
                        &mut raw_contents,
                        last_content.take(),
                        last_content_dropped,
                    );
                    if let Some(done) = current.take() {
                        push_buffer(&mut conditions, done);
                    }
                    if let Some(name) = byte_variable(other, option.value.as_deref()) {
                        byte_variables.push(name);
                    }
                    in_unknown_buffer = option.value.is_none();
                    unevaluated.push(match &option.value {
                        Some(value) => format!("{other}:{value}"),
                        None => other.to_owned(),
                    });
                }
            }
        }
        flush_content(
            &mut current,
            &mut raw_contents,
            last_content.take(),
            last_content_dropped,
        );
        if let Some(done) = current.take() {
            push_buffer(&mut conditions, done);
        }
        if !raw_contents.is_empty() {
            unevaluated.push("content (raw payload)".to_owned());
        }
        // Suricata refuses these rules outright; so does AWS when the group is created.
        for buffer in &conditions.buffers {
            buffer.check()?;
        }
        let to_client = conditions
            .flow
            .is_some_and(|flow| flow.to_server == Some(false));
        if to_client && !conditions.buffers.is_empty() {
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
            if conditions.flow.is_some_and(|flow| flow.asks_state()) {
                RuleKind::Packet
            } else {
                RuleKind::AppLayer
            }
        } else if conditions.flow.is_some() {
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
        if let Some(flow) = &conditions.flow {
            if !flow.matches(state.established, state.packet.to_server()) {
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

/// The variable a `byte_extract` (`<bytes>,<offset>,<name>…`) or `byte_math` (`…, result
/// <name>…`) option sets.
fn byte_variable(keyword: &str, value: Option<&str>) -> Option<String> {
    let mut parts = value?.split(',').map(str::trim);
    let name = match keyword {
        "byte_extract" => parts.nth(2)?,
        "byte_math" => parts.find_map(|part| part.strip_prefix("result"))?.trim(),
        _ => return None,
    };
    (!name.is_empty()).then(|| name.to_owned())
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

    /// What compiling a rule says: `Ok` with its unevaluated options, or the refusal.
    fn check(text: &str) -> Result<Vec<String>, String> {
        let variables =
            Variables::for_policy(AddressSet::from_net(&"10.1.1.0/24".parse().unwrap()));
        let parsed = suricata::parse_rule(text).map_err(|error| error.to_string())?;
        StatefulRule::compile(parsed, text.to_owned(), 0, 0, None, &variables)
            .map(|rule| rule.unevaluated)
            .map_err(|error| error.to_string())
    }

    #[test]
    fn keyword_values_suricata_refuses_are_rule_errors() {
        let ok = |text: &str| assert_eq!(check(text), Ok(Vec::new()), "{text}");
        ok(r#"drop tls any any -> any any (tls.sni; content:"abcd"; depth:4; sid:1;)"#);
        ok(r#"drop tls any any -> any any (tls.sni; content:"abcd"; offset:0; sid:1;)"#);
        ok("drop tcp any any -> any any (priority:0; sid:4294967294;)");
        for (text, expected) in [
            (
                r#"drop tls any any -> any any (tls.sni; content:"a"; depth:x; sid:1;)"#,
                "depth:x names no byte_extract or byte_math variable set before it",
            ),
            (
                r#"drop tls any any -> any any (tls.sni; content:"a"; offset:-1; sid:1;)"#,
                "invalid value for offset: \"-1\"",
            ),
            (
                r#"drop tls any any -> any any (tls.sni; content:"abcd"; depth:3; sid:1;)"#,
                "depth:3 is smaller than the content's 4 bytes",
            ),
            (
                "drop tcp any any -> any any (priority:x; sid:1;)",
                "invalid priority \"x\": it must be a number",
            ),
            ("drop tcp any any -> any any (sid:0;)", "sid 0 is invalid"),
            (
                "drop tcp any any -> any any (sid:1; sid:2;)",
                "the rule has two sids",
            ),
            (
                "drop tcp any any -> any any (flow:establish; sid:1;)",
                "invalid flow option \"establish\"",
            ),
            (
                "drop tcp any any -> any any (flow:to_server; flow:established; sid:1;)",
                "the rule has two flow keywords; Suricata allows one",
            ),
            (
                r#"drop tls any any -> any any (tls.sni:x; content:"a"; sid:1;)"#,
                "tls.sni takes no value, found \"x\"",
            ),
            (
                "drop tls any any -> any any (app-layer-protocol:tls; sid:1;)",
                "app-layer-protocol:tls on a rule whose application protocol is already set; Suricata refuses it",
            ),
            (
                r#"drop tls any any -> any any (tls.sni; content:abc; sid:1;)"#,
                "content must be in double quotes, found abc",
            ),
            (
                "drop tcp any any -> any any (nocase; sid:1;)",
                "\"nocase\" needs a content before it",
            ),
        ] {
            assert_eq!(check(text), Err(expected.to_owned()), "{text}");
        }
    }

    #[test]
    fn relative_positions_and_variables_are_not_evaluated() {
        assert_eq!(
            check(
                r#"drop tls any any -> any any (tls.sni; content:"a"; content:"b"; distance:0; within:4; sid:1;)"#
            ),
            Ok(vec!["distance:0".to_owned(), "within:4".to_owned()])
        );
        assert_eq!(
            check("drop tcp any any -> any any (byte_extract:1,0,size; content:\"a\"; depth:size; sid:1;)"),
            Ok(vec![
                "byte_extract:1,0,size".to_owned(),
                "depth:size".to_owned(),
                "content (raw payload)".to_owned()
            ])
        );
        // A modifier after a buffer Reach does not model goes with that buffer.
        assert_eq!(
            check(
                r#"drop tls any any -> any any (tls.sni; content:"a"; ja3.hash; nocase; sid:1;)"#
            ),
            Ok(vec!["ja3.hash".to_owned()])
        );
        assert_eq!(
            check("drop tcp any any -> any any (flow:established,only_stream; sid:1;)"),
            Ok(vec!["flow:only_stream".to_owned()])
        );
        assert_eq!(
            check("drop tcp any any -> any any (app-layer-protocol:!tls; sid:1;)"),
            Ok(vec!["app-layer-protocol:!tls".to_owned()])
        );
    }
}
