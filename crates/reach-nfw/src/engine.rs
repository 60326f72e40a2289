//! Inspection: what a firewall policy does to every flow of a header space.
//!
//! Faithful mode plays the conversation packet by packet (handshake, the client's first
//! message segment by segment, the server's answer) through the stateless engine and then
//! the stateful one, with what Suricata knows at each packet: whether the flow is
//! established, which application protocol it has detected, whether the first message has
//! been read. A pass decides the rest of the flow; a drop or reject ends it. The space is
//! split as rules decide, so one inspection answers for every port and address at once.
//!
//! AWS mode reproduces AWS's analyzer: one 5-tuple decision per flow, rules for application
//! protocols skipped, any drop default dropping the flow, options it does not model listed.

use crate::flow::{one_side, packets, Packet, PacketState, Scenario};
use crate::policy::{DefaultScope, Policy, RuleOrder};
use crate::stateless::StatelessAction;
use crate::suricata::Action;
use reach_space::{IntervalSet, Space};

/// Which of the conversation's packets reach the firewall.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sides {
    /// Requests and replies (a symmetric path).
    Both,
    /// Only what the client sends: the replies go around the firewall.
    RequestsOnly,
    /// Only what the server sends: the requests went around the firewall.
    RepliesOnly,
}

/// What decided a flow.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Decider {
    /// A stateless rule (index into the policy's stateless rules).
    StatelessRule(usize),
    /// The stateless default action.
    StatelessDefault,
    /// A stateful rule (index into the policy's stateful rules).
    StatefulRule(usize),
    /// A stateful default action (index into the policy's defaults).
    StatefulDefault(usize),
    /// No rule decided and no default action drops: the flow passes.
    NoRuleMatched,
}

/// What happens to a flow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verdict {
    /// Every packet gets through.
    Pass,
    /// A packet is dropped silently, and the flow with it.
    Drop,
    /// A packet is dropped and a TCP reset (or ICMP unreachable) is sent.
    Reject,
}

impl Verdict {
    /// Lower case, as AWS's `RuleAction` prints it.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Drop => "drop",
            Verdict::Reject => "reject",
        }
    }
}

/// The fate of part of the inspected space.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// The flows (as requests: client to server).
    pub space: Space,
    /// What happens to them.
    pub verdict: Verdict,
    /// What decided it.
    pub decider: Decider,
    /// The packet at which it was decided (`None` when nothing decided).
    pub packet: Option<Packet>,
    /// The packets that got through before the decision.
    pub passed_before: Vec<Packet>,
    /// Stateful rules (indices) that alert on these flows.
    pub alerts: Vec<usize>,
    /// Stateful rules that could concern these flows but use options Reach cannot evaluate;
    /// the verdict assumes they do not match.
    pub unevaluated: Vec<usize>,
    /// AWS mode: rules ranked before the decision that carry options AWS does not support
    /// (`FIREWALL_UNSUPPORTED_HIGHER_PRIORITY_RULES`).
    pub aws_unsupported_before: Vec<usize>,
    /// AWS mode: rule groups ranked before the decision whose kind AWS's analyzer skips
    /// (Suricata rule strings, domain lists): `FIREWALL_UNSUPPORTED_HIGHER_PRIORITY_RULE_GROUP_TYPE`.
    pub aws_unsupported_groups: Vec<usize>,
    /// A passed flow whose packet was dropped once on the way (a segment of the client's
    /// first message, dropped before the rule that passes the flow could read it): the client
    /// retransmits it, so the flow gets through late. The packet, and what dropped it.
    pub delayed: Option<(Packet, Decider)>,
}

#[derive(Clone, Debug)]
enum State {
    Open,
    FlowPassed(Decider, Packet),
    Blocked(Verdict, Decider, Packet),
}

#[derive(Clone, Debug)]
struct Region {
    space: Space,
    state: State,
    /// The first rule that passed a packet without deciding the flow (a stateless pass, or a
    /// stateful pass with a `flow:` keyword): what gets the credit if nothing decides.
    packet_pass: Option<Decider>,
    passed: Vec<Packet>,
    alerts: Vec<usize>,
    unevaluated: Vec<usize>,
    /// A segment dropped by a packet-level drop while more of the message was still to come.
    pending_drop: Option<(Verdict, Decider, Packet)>,
}

impl Region {
    fn with_space(&self, space: Space) -> Region {
        Region {
            space,
            ..self.clone()
        }
    }
}

/// A packet-level drop. A segment of the client's first message with more to come is not the
/// end: the client sends the rest anyway and retransmits the dropped one, which gets through if
/// a rule has passed the flow by then. Any other dropped packet stops the conversation (its
/// retransmissions meet the same rule).
fn packet_dropped(
    mut region: Region,
    verdict: Verdict,
    decider: Decider,
    packet: Packet,
) -> Region {
    match packet {
        Packet::ClientData { index, of } | Packet::ServerAck { index, of }
            if index < of && verdict == Verdict::Drop =>
        {
            region
                .pending_drop
                .get_or_insert((verdict, decider, packet));
        }
        _ => region.state = State::Blocked(verdict, decider, packet),
    }
    region
}

fn add(list: &mut Vec<usize>, index: usize) {
    if !list.contains(&index) {
        list.push(index);
    }
}

/// The space split by transport protocol: TCP, UDP, and the rest (played as request and
/// reply).
fn by_transport(space: &Space) -> Vec<(u8, Space)> {
    let mut out = Vec::new();
    let mut rest = space.clone();
    for transport in [6u8, 17u8] {
        let only = Space::of_protocols(&IntervalSet::single(u128::from(transport)));
        let part = rest.intersection(&only);
        if !part.is_empty() {
            rest = rest.difference(&part);
            out.push((transport, part));
        }
    }
    if !rest.is_empty() {
        out.push((0, rest));
    }
    out
}

/// The stateless engine on one packet: the space split by what it does.
fn stateless(
    policy: &Policy,
    space: &Space,
    transport: u8,
    packet: Packet,
) -> Vec<(Space, StatelessAction, Decider)> {
    let mut out = Vec::new();
    let mut remaining = space.clone();
    for (index, rule) in policy.stateless.iter().enumerate() {
        if remaining.is_empty() {
            break;
        }
        if !rule.flags_match(transport == 6, packet.tcp_flags()) {
            continue;
        }
        let region = if packet.to_server() {
            rule.region.clone()
        } else {
            rule.region.reversed()
        };
        let matched = remaining.intersection(&region);
        if matched.is_empty() {
            continue;
        }
        remaining = remaining.difference(&matched);
        out.push((matched, rule.action, Decider::StatelessRule(index)));
    }
    if !remaining.is_empty() {
        out.push((
            remaining,
            policy.stateless_default,
            Decider::StatelessDefault,
        ));
    }
    out
}

fn default_applies(scope: DefaultScope, to_server_only: bool, state: &PacketState) -> bool {
    if to_server_only && !state.packet.to_server() {
        return false;
    }
    match scope {
        DefaultScope::Strict => true,
        DefaultScope::Established => state.established,
        DefaultScope::EstablishedAppLayer => {
            state.established
                && matches!(
                    state.packet,
                    Packet::ClientData { .. }
                        | Packet::ServerAck { .. }
                        | Packet::ServerData
                        | Packet::Reply
                )
                && (state.message_complete || state.detected.is_none())
        }
    }
}

/// Part of a region, with the alerts and unevaluated rules met so far on this packet.
fn piece(region: &Region, space: Space, alerts: &[usize], unevaluated: &[usize]) -> Region {
    Region {
        space,
        alerts: alerts.to_vec(),
        unevaluated: unevaluated.to_vec(),
        ..region.clone()
    }
}

/// The stateful engine on one packet of flows not yet decided.
/// `rules` are the stateful rules the scenario's flows can meet ([`Policy::rules_for`]).
fn stateful(
    policy: &Policy,
    rules: &[usize],
    region: &Region,
    state: &PacketState,
    scenario: &Scenario,
) -> Vec<Region> {
    let mut out = Vec::new();
    let mut remaining = region.space.clone();
    let mut alerts = region.alerts.clone();
    let mut unevaluated = region.unevaluated.clone();
    for &index in rules {
        let Some(rule) = policy.stateful.get(index) else {
            continue;
        };
        if remaining.is_empty() {
            break;
        }
        // Options first: they are cheap, and a rule they rule out for this packet does
        // nothing to it (one with options Reach cannot evaluate is reported below instead).
        if rule.unevaluated.is_empty() && !rule.options_match(state, scenario) {
            continue;
        }
        let header = if state.packet.to_server() {
            &rule.client_packets
        } else {
            &rule.server_packets
        };
        let matched = remaining.intersection(header);
        if matched.is_empty() {
            continue;
        }
        if !rule.unevaluated.is_empty() {
            add(&mut unevaluated, index);
            continue;
        }
        let decided = match rule.action {
            Action::Alert => {
                add(&mut alerts, index);
                continue;
            }
            Action::Pass if rule.decides_flow() => {
                State::FlowPassed(Decider::StatefulRule(index), state.packet)
            }
            Action::Pass => {
                // This packet passes; the flow goes on being inspected.
                remaining = remaining.difference(&matched);
                let mut passed = piece(region, matched, &alerts, &unevaluated);
                passed
                    .packet_pass
                    .get_or_insert(Decider::StatefulRule(index));
                out.push(passed);
                continue;
            }
            Action::Drop if !rule.decides_flow() => {
                remaining = remaining.difference(&matched);
                out.push(packet_dropped(
                    piece(region, matched, &alerts, &unevaluated),
                    Verdict::Drop,
                    Decider::StatefulRule(index),
                    state.packet,
                ));
                continue;
            }
            Action::Drop => {
                State::Blocked(Verdict::Drop, Decider::StatefulRule(index), state.packet)
            }
            // A reset ends the connection, whichever way the rule runs.
            Action::Reject | Action::RejectSrc | Action::RejectDst | Action::RejectBoth => {
                State::Blocked(Verdict::Reject, Decider::StatefulRule(index), state.packet)
            }
        };
        remaining = remaining.difference(&matched);
        let mut decided_piece = piece(region, matched, &alerts, &unevaluated);
        decided_piece.state = decided;
        out.push(decided_piece);
    }
    if !remaining.is_empty() && policy.order == RuleOrder::Strict {
        for (index, default) in policy.defaults.iter().enumerate() {
            if !default_applies(default.scope, default.to_server_only, state) {
                continue;
            }
            if default.drop {
                // Default actions act on packets, not flows.
                out.push(packet_dropped(
                    piece(
                        region,
                        std::mem::take(&mut remaining),
                        &alerts,
                        &unevaluated,
                    ),
                    Verdict::Drop,
                    Decider::StatefulDefault(index),
                    state.packet,
                ));
                break;
            }
        }
    }
    if !remaining.is_empty() {
        out.push(piece(region, remaining, &alerts, &unevaluated));
    }
    out
}

/// Faithful inspection of `request` (client-to-server 5-tuples) under one scenario.
pub fn inspect(
    policy: &Policy,
    request: &Space,
    scenario: &Scenario,
    sides: Sides,
) -> Vec<Outcome> {
    inspect_rules(
        policy,
        &policy.rules_for(scenario),
        request,
        scenario,
        sides,
    )
}

/// [`inspect`] through some of the stateful rules only (indices, in evaluation order):
/// `inspect` passes those the scenario can meet; the tests pass every rule, to check the
/// others never mattered.
fn inspect_rules(
    policy: &Policy,
    rules: &[usize],
    request: &Space,
    scenario: &Scenario,
    sides: Sides,
) -> Vec<Outcome> {
    let mut outcomes = Vec::new();
    for (transport, part) in by_transport(request) {
        let states = match sides {
            Sides::Both => packets(transport, scenario),
            Sides::RequestsOnly => one_side(transport, scenario, true),
            Sides::RepliesOnly => one_side(transport, scenario, false),
        };
        let mut regions = vec![Region {
            space: part,
            state: State::Open,
            packet_pass: None,
            passed: Vec::new(),
            alerts: Vec::new(),
            unevaluated: Vec::new(),
            pending_drop: None,
        }];
        for state in &states {
            let mut next = Vec::new();
            for region in regions {
                if matches!(region.state, State::Blocked(..)) {
                    next.push(region);
                    continue;
                }
                for (space, action, decider) in
                    stateless(policy, &region.space, transport, state.packet)
                {
                    let mut piece = region.with_space(space);
                    match action {
                        StatelessAction::Drop => {
                            next.push(packet_dropped(piece, Verdict::Drop, decider, state.packet));
                        }
                        StatelessAction::Pass => {
                            piece.packet_pass.get_or_insert(decider);
                            piece.passed.push(state.packet);
                            next.push(piece);
                        }
                        StatelessAction::Forward => {
                            if let State::FlowPassed(..) = piece.state {
                                piece.passed.push(state.packet);
                                next.push(piece);
                                continue;
                            }
                            for mut decided in stateful(policy, rules, &piece, state, scenario) {
                                if !matches!(decided.state, State::Blocked(..)) {
                                    decided.passed.push(state.packet);
                                }
                                next.push(decided);
                            }
                        }
                    }
                }
            }
            // The whole first message is out: a segment dropped on the way is retransmitted
            // into the same rules, so unless the flow was passed meanwhile, it stays dropped.
            if matches!(state.packet, Packet::ClientData { index, of } if index == of) {
                for region in &mut next {
                    if let (State::Open, Some((verdict, decider, packet))) =
                        (&region.state, region.pending_drop.clone())
                    {
                        region.state = State::Blocked(verdict, decider, packet);
                    }
                }
            }
            regions = next;
        }
        for region in regions {
            let (verdict, decider, packet) = match region.state {
                State::Blocked(verdict, decider, packet) => (verdict, decider, Some(packet)),
                State::FlowPassed(decider, packet) => (Verdict::Pass, decider, Some(packet)),
                State::Open => (
                    Verdict::Pass,
                    region.packet_pass.clone().unwrap_or(Decider::NoRuleMatched),
                    None,
                ),
            };
            let delayed = match (&verdict, &region.pending_drop) {
                (Verdict::Pass, Some((_, decider, packet))) => Some((*packet, decider.clone())),
                _ => None,
            };
            outcomes.push(Outcome {
                space: region.space,
                verdict,
                decider,
                packet,
                passed_before: region.passed,
                alerts: region.alerts,
                unevaluated: region.unevaluated,
                aws_unsupported_before: Vec::new(),
                aws_unsupported_groups: Vec::new(),
                delayed,
            });
        }
    }
    merge(outcomes)
}

/// AWS's analyzer: the request's first packet through the stateless engine, then one 5-tuple
/// decision by the first stateful rule (in evaluation order) whose protocol is not an
/// application protocol; any drop default drops what no rule decides.
pub fn inspect_aws(policy: &Policy, request: &Space) -> Vec<Outcome> {
    let mut outcomes = Vec::new();
    for (transport, part) in by_transport(request) {
        let first = if transport == 6 {
            Packet::Syn
        } else {
            Packet::Request
        };
        for (space, action, decider) in stateless(policy, &part, transport, first) {
            match action {
                StatelessAction::Drop | StatelessAction::Pass => outcomes.push(Outcome {
                    space,
                    verdict: if action == StatelessAction::Drop {
                        Verdict::Drop
                    } else {
                        Verdict::Pass
                    },
                    decider,
                    packet: Some(first),
                    passed_before: Vec::new(),
                    alerts: Vec::new(),
                    unevaluated: Vec::new(),
                    aws_unsupported_before: Vec::new(),
                    aws_unsupported_groups: Vec::new(),
                    delayed: None,
                }),
                StatelessAction::Forward => {
                    let mut remaining = space;
                    for (index, rule) in policy.stateful.iter().enumerate() {
                        if remaining.is_empty() {
                            break;
                        }
                        if rule.is_app_layer()
                            || rule.action == Action::Alert
                            || policy.groups[rule.group].source != "StatefulRules"
                        {
                            continue;
                        }
                        let matched = remaining.intersection(&rule.client_packets);
                        if matched.is_empty() {
                            continue;
                        }
                        remaining = remaining.difference(&matched);
                        let verdict = match rule.action {
                            Action::Pass => Verdict::Pass,
                            Action::Drop => Verdict::Drop,
                            _ => Verdict::Reject,
                        };
                        outcomes.push(Outcome {
                            space: matched,
                            verdict,
                            decider: Decider::StatefulRule(index),
                            packet: Some(first),
                            passed_before: Vec::new(),
                            alerts: Vec::new(),
                            unevaluated: Vec::new(),
                            aws_unsupported_before: unsupported_before(policy, index),
                            aws_unsupported_groups: unsupported_groups(policy, index),
                            delayed: None,
                        });
                    }
                    if !remaining.is_empty() {
                        let drop_default = if policy.order == RuleOrder::Strict {
                            policy.defaults.iter().position(|default| default.drop)
                        } else {
                            None
                        };
                        outcomes.push(Outcome {
                            space: remaining,
                            verdict: if drop_default.is_some() {
                                Verdict::Drop
                            } else {
                                Verdict::Pass
                            },
                            decider: drop_default
                                .map(Decider::StatefulDefault)
                                .unwrap_or(Decider::NoRuleMatched),
                            packet: Some(first),
                            passed_before: Vec::new(),
                            alerts: Vec::new(),
                            unevaluated: Vec::new(),
                            aws_unsupported_before: unsupported_before(
                                policy,
                                policy.stateful.len(),
                            ),
                            aws_unsupported_groups: unsupported_groups(
                                policy,
                                policy.stateful.len(),
                            ),
                            delayed: None,
                        });
                    }
                }
            }
        }
    }
    merge(outcomes)
}

/// Rules AWS's analyzer evaluates, ranked before `index`, that carry options it does not
/// support.
fn unsupported_before(policy: &Policy, index: usize) -> Vec<usize> {
    policy.stateful[..index.min(policy.stateful.len())]
        .iter()
        .enumerate()
        .filter(|(_, rule)| {
            !rule.aws_unsupported_options.is_empty()
                && policy.groups[rule.group].source == "StatefulRules"
        })
        .map(|(index, _)| index)
        .collect()
}

/// Stateful groups AWS's analyzer skips (rule strings, domain lists) with a rule ranked
/// before `index`.
fn unsupported_groups(policy: &Policy, index: usize) -> Vec<usize> {
    let mut groups: Vec<usize> = policy.stateful[..index.min(policy.stateful.len())]
        .iter()
        .map(|rule| rule.group)
        .filter(|group| {
            let source = policy.groups[*group].source;
            source == "RulesString" || source == "RulesSourceList"
        })
        .collect();
    groups.dedup();
    groups
}

/// The flows of these outcomes that get through.
pub fn passed(outcomes: &[Outcome]) -> Space {
    outcomes
        .iter()
        .filter(|outcome| outcome.verdict == Verdict::Pass)
        .fold(Space::empty(), |all, outcome| all.union(&outcome.space))
}

/// Joins outcomes that differ only in their space.
fn merge(outcomes: Vec<Outcome>) -> Vec<Outcome> {
    let mut merged: Vec<Outcome> = Vec::new();
    for outcome in outcomes {
        if outcome.space.is_empty() {
            continue;
        }
        match merged.iter_mut().find(|existing| {
            existing.verdict == outcome.verdict
                && existing.decider == outcome.decider
                && existing.packet == outcome.packet
                && existing.passed_before == outcome.passed_before
                && existing.alerts == outcome.alerts
                && existing.unevaluated == outcome.unevaluated
                && existing.aws_unsupported_before == outcome.aws_unsupported_before
                && existing.delayed == outcome.delayed
                && existing.aws_unsupported_groups == outcome.aws_unsupported_groups
        }) {
            Some(existing) => existing.space = existing.space.union(&outcome.space),
            None => merged.push(outcome),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow::{AppProtocol, LARGE_CLIENT_HELLO};
    use crate::policy::GroupSource;
    use crate::spec::{
        GroupReference, MatchAttributes, PolicySpec, RuleGroupSpec, StatefulRules,
        StatelessRuleSpec, TcpFlags,
    };
    use proptest::prelude::*;
    use reach_space::{address_number, Cube};

    const STATEFUL: &str = "arn:aws:network-firewall:us-east-1:1:stateful-rulegroup/g";
    const STATELESS: &str = "arn:aws:network-firewall:us-east-1:1:stateless-rulegroup/s";

    fn policy_with(
        rules: &str,
        strict: bool,
        defaults: &[&str],
        stateless: Vec<StatelessRuleSpec>,
        stateless_default: &str,
    ) -> Policy {
        let group = RuleGroupSpec {
            stateful: Some(StatefulRules::RulesString(rules.to_owned())),
            ..RuleGroupSpec::default()
        };
        let stateless_group = RuleGroupSpec {
            stateless: Some(stateless),
            ..RuleGroupSpec::default()
        };
        let policy = PolicySpec {
            stateless_groups: vec![GroupReference {
                arn: STATELESS.to_owned(),
                priority: Some(1),
                drop_to_alert: false,
            }],
            stateful_groups: vec![GroupReference {
                arn: STATEFUL.to_owned(),
                priority: Some(1),
                drop_to_alert: false,
            }],
            stateless_default_actions: vec![stateless_default.to_owned()],
            stateful_default_actions: defaults.iter().map(|d| (*d).to_owned()).collect(),
            rule_order: Some(
                if strict {
                    "STRICT_ORDER"
                } else {
                    "DEFAULT_ACTION_ORDER"
                }
                .to_owned(),
            ),
            ..PolicySpec::default()
        };
        let compiled = Policy::compile(
            "arn:aws:network-firewall:us-east-1:1:firewall-policy/p",
            "p",
            &policy,
            &["10.1.1.0/24".parse().unwrap()],
            |arn| match arn {
                STATEFUL => Some(GroupSource {
                    name: "g",
                    rule_group: Some(&group),
                }),
                STATELESS => Some(GroupSource {
                    name: "s",
                    rule_group: Some(&stateless_group),
                }),
                _ => None,
            },
            |_| None,
        );
        assert!(compiled.problems.is_empty(), "{:?}", compiled.problems);
        compiled
    }

    fn policy(rules: &str, defaults: &[&str]) -> Policy {
        policy_with(rules, true, defaults, Vec::new(), "aws:forward_to_sfe")
    }

    fn flow(protocol: u8, port: u16) -> Space {
        let (family, client) = address_number("10.1.1.40".parse().unwrap());
        let (_, server) = address_number("93.184.216.34".parse().unwrap());
        Space::from_cube(Cube {
            family,
            protocols: IntervalSet::single(u128::from(protocol)),
            sources: IntervalSet::single(client),
            destinations: IntervalSet::single(server),
            source_ports: IntervalSet::single(40_000),
            destination_ports: IntervalSet::single(u128::from(port)),
        })
    }

    fn app(name: &str, server_name: Option<&str>, hello: u32) -> Scenario {
        Scenario {
            app: AppProtocol::parse(name).unwrap(),
            server_name: server_name.map(str::to_owned),
            client_hello_size: hello,
            ..Scenario::plain()
        }
    }

    /// The one outcome of one flow: verdict, what decided, and where.
    fn verdict(
        policy: &Policy,
        space: &Space,
        scenario: &Scenario,
        sides: Sides,
    ) -> (Verdict, Decider, Option<Packet>, bool) {
        let outcomes = inspect(policy, space, scenario, sides);
        assert_eq!(outcomes.len(), 1, "{outcomes:?}");
        let outcome = &outcomes[0];
        (
            outcome.verdict,
            outcome.decider.clone(),
            outcome.packet,
            outcome.delayed.is_some(),
        )
    }

    #[test]
    fn default_actions() {
        let tcp = flow(6, 587);
        let plain = Scenario::plain();
        // None: unmatched traffic passes.
        let none = policy("alert tcp any any -> any 1 (sid:1;)", &[]);
        assert_eq!(verdict(&none, &tcp, &plain, Sides::Both).0, Verdict::Pass);
        // drop_strict: the SYN.
        let strict = policy("alert tcp any any -> any 1 (sid:1;)", &["aws:drop_strict"]);
        assert_eq!(
            verdict(&strict, &tcp, &plain, Sides::Both).2,
            Some(Packet::Syn)
        );
        // drop_established: the handshake passes, the first data packet does not.
        let established = policy(
            "alert tcp any any -> any 1 (sid:1;)",
            &["aws:drop_established"],
        );
        let (result, decider, packet, _) = verdict(&established, &tcp, &plain, Sides::Both);
        assert_eq!(
            (result, decider),
            (Verdict::Drop, Decider::StatefulDefault(0))
        );
        assert_eq!(packet, Some(Packet::ClientData { index: 1, of: 1 }));
        // UDP: the request passes, the reply (established) does not.
        let udp = flow(17, 53);
        assert_eq!(
            verdict(&established, &udp, &plain, Sides::Both).2,
            Some(Packet::Reply)
        );
        // drop_established_app_layer waits for a ClientHello over two segments, so an SNI rule
        // can pass it; drop_established drops its first segment (the flow then gets through
        // late, when the segment is retransmitted after the SNI rule passed the flow).
        let sni = r#"pass tls $HOME_NET any -> $EXTERNAL_NET 443 (tls.sni; content:"www.example.com"; sid:1;)"#;
        let large = app("tls", Some("www.example.com"), LARGE_CLIENT_HELLO);
        let https = flow(6, 443);
        let app_layer = policy(sni, &["aws:drop_established_app_layer"]);
        assert_eq!(
            verdict(&app_layer, &https, &large, Sides::Both),
            (
                Verdict::Pass,
                Decider::StatefulRule(0),
                Some(Packet::ClientData { index: 2, of: 2 }),
                false
            )
        );
        let plain_established = policy(sni, &["aws:drop_established"]);
        assert!(verdict(&plain_established, &https, &large, Sides::Both).3);
        // The _to_server form leaves the server's packets alone.
        let to_server = policy(
            "alert tcp any any -> any 1 (sid:1;)",
            &["aws:drop_established_app_layer_to_server"],
        );
        assert_eq!(
            verdict(&to_server, &udp, &plain, Sides::Both).0,
            Verdict::Pass
        );
        // Alert defaults decide nothing.
        for alert in [
            "aws:alert_strict",
            "aws:alert_established",
            "aws:alert_established_app_layer",
        ] {
            let alerting = policy("alert tcp any any -> any 1 (sid:1;)", &[alert]);
            assert_eq!(
                verdict(&alerting, &tcp, &plain, Sides::Both).0,
                Verdict::Pass,
                "{alert}"
            );
        }
    }

    #[test]
    fn rule_order_strict_and_by_action() {
        let rules = "drop tcp $HOME_NET any -> $EXTERNAL_NET 443 (sid:1;)\npass tcp $HOME_NET any -> $EXTERNAL_NET 443 (sid:2;)";
        let https = flow(6, 443);
        let plain = Scenario::plain();
        let strict = policy_with(rules, true, &[], Vec::new(), "aws:forward_to_sfe");
        assert_eq!(
            verdict(&strict, &https, &plain, Sides::Both).1,
            Decider::StatefulRule(0)
        );
        // By action: pass rules first, whatever the listing.
        let by_action = policy_with(rules, false, &[], Vec::new(), "aws:forward_to_sfe");
        let (result, decider, _, _) = verdict(&by_action, &https, &plain, Sides::Both);
        assert_eq!(result, Verdict::Pass);
        assert_eq!(by_action.stateful[decider_index(&decider)].sid, Some(2));
    }

    fn decider_index(decider: &Decider) -> usize {
        match decider {
            Decider::StatefulRule(index) => *index,
            other => panic!("not a stateful rule: {other:?}"),
        }
    }

    #[test]
    fn keywords_decide_when_and_what_a_rule_matches() {
        let https = flow(6, 443);
        let web = flow(6, 80);
        let plain = Scenario::plain();
        // An application protocol matches once detected; plain payload never.
        let tls_only = policy("drop tls any any -> any any (sid:1;)", &[]);
        assert_eq!(
            verdict(&tls_only, &https, &plain, Sides::Both).0,
            Verdict::Pass
        );
        assert_eq!(
            verdict(&tls_only, &https, &app("tls", None, 517), Sides::Both).2,
            Some(Packet::ClientData { index: 1, of: 1 })
        );
        // reject vs drop.
        let reject = policy("reject http any any -> any 80 (sid:1;)", &[]);
        assert_eq!(
            verdict(
                &reject,
                &web,
                &app("http", Some("a.example"), 517),
                Sides::Both
            )
            .0,
            Verdict::Reject
        );
        // http.host is matched lower-cased; dotprefix + endswith takes the domain and its
        // subdomains.
        let host = policy(
            r#"drop http any any -> any any (http.host; dotprefix; content:".example.com"; endswith; sid:1;)"#,
            &[],
        );
        for (name, blocked) in [
            ("WWW.Example.com", true),
            ("example.com", true),
            ("badexample.com", false),
        ] {
            let result = verdict(&host, &web, &app("http", Some(name), 517), Sides::Both).0;
            assert_eq!(result == Verdict::Drop, blocked, "{name}");
        }
        // A packet rule's pass lets through only the packets it matches: with flow:to_server,
        // the server's first packet meets drop_strict.
        let packet_pass = policy(
            "pass tcp $HOME_NET any -> $EXTERNAL_NET 443 (flow:to_server; sid:1;)",
            &["aws:drop_strict"],
        );
        assert_eq!(
            verdict(&packet_pass, &https, &plain, Sides::Both).2,
            Some(Packet::SynAck)
        );
        // Without a flow keyword, the same pass is the flow's.
        let flow_pass = policy(
            "pass tcp $HOME_NET any -> $EXTERNAL_NET 443 (sid:1;)",
            &["aws:drop_strict"],
        );
        assert_eq!(
            verdict(&flow_pass, &https, &plain, Sides::Both).0,
            Verdict::Pass
        );
        // An IP-only rule is looked at on the first packet only: a packet rule that passed the
        // SYN keeps it from ever dropping.
        let ip_only = policy_with("pass tcp any any -> any any (flow:not_established; sid:1;)\ndrop tcp any any -> 93.184.216.34 443 (sid:2;)", false, &[], Vec::new(), "aws:forward_to_sfe");
        assert_eq!(
            verdict(&ip_only, &https, &plain, Sides::Both).0,
            Verdict::Pass
        );
        // With a negated address it is looked at on every packet, and drops the data.
        let like_ip_only = policy_with("pass tcp any any -> any any (flow:not_established; sid:1;)\ndrop tcp any any -> $EXTERNAL_NET 443 (sid:2;)", false, &[], Vec::new(), "aws:forward_to_sfe");
        assert_eq!(
            verdict(&like_ip_only, &https, &plain, Sides::Both).2,
            Some(Packet::ClientData { index: 1, of: 1 })
        );
        // Rules that Reach cannot evaluate are assumed not to match, and reported.
        let unknown = policy(
            r#"drop tls any any -> any any (ja3.hash; content:"abc"; sid:1;)"#,
            &[],
        );
        let outcome = &inspect(&unknown, &https, &app("tls", None, 517), Sides::Both)[0];
        assert_eq!(
            (outcome.verdict, outcome.unevaluated.clone()),
            (Verdict::Pass, vec![0])
        );
    }

    #[test]
    fn one_sided_flows_never_establish() {
        let https = flow(6, 443);
        let established = policy(
            "alert tcp any any -> any 1 (sid:1;)",
            &["aws:drop_established"],
        );
        assert_eq!(
            verdict(
                &established,
                &https,
                &Scenario::plain(),
                Sides::RequestsOnly
            )
            .0,
            Verdict::Pass
        );
        let strict = policy("alert tcp any any -> any 1 (sid:1;)", &["aws:drop_strict"]);
        assert_eq!(
            verdict(&strict, &https, &Scenario::plain(), Sides::RepliesOnly).2,
            Some(Packet::SynAck)
        );
    }

    #[test]
    fn stateless_rules_see_each_packet() {
        let rule = |priority: i64, action: &str, flags: Vec<TcpFlags>| StatelessRuleSpec {
            priority,
            actions: vec![action.to_owned()],
            match_attributes: MatchAttributes {
                protocols: vec![6],
                tcp_flags: flags,
                ..MatchAttributes::default()
            },
        };
        let https = flow(6, 443);
        let plain = Scenario::plain();
        // aws:drop on SYN-ACKs only: the server's first packet is dropped.
        let syn_ack = vec![TcpFlags {
            flags: vec!["SYN".into(), "ACK".into()],
            masks: vec!["SYN".into(), "ACK".into()],
        }];
        let drops = policy_with(
            "",
            true,
            &[],
            vec![rule(1, "aws:drop", syn_ack)],
            "aws:pass",
        );
        let (result, decider, packet, _) = verdict(&drops, &https, &plain, Sides::Both);
        assert_eq!(
            (result, decider, packet),
            (
                Verdict::Drop,
                Decider::StatelessRule(0),
                Some(Packet::SynAck)
            )
        );
        // aws:pass skips the stateful engine; the default aws:drop drops what no rule passes.
        let passes = policy_with(
            "drop tcp any any -> any any (sid:1;)",
            true,
            &[],
            vec![rule(1, "aws:pass", Vec::new())],
            "aws:drop",
        );
        assert_eq!(
            verdict(&passes, &https, &plain, Sides::Both).1,
            Decider::StatelessRule(0)
        );
        assert_eq!(
            verdict(&passes, &flow(17, 53), &plain, Sides::Both).1,
            Decider::StatelessDefault
        );
    }

    #[test]
    fn aws_mode_skips_what_its_analyzer_does_not_model() {
        // A Suricata rule string: AWS's analyzer skips the whole group and says so.
        let rules = r#"reject tcp $HOME_NET any -> $EXTERNAL_NET 80 (sid:2;)"#;
        let aws = policy(rules, &["aws:drop_established"]);
        let outcome = &inspect_aws(&aws, &flow(6, 80))[0];
        assert_eq!(
            (outcome.verdict, outcome.decider.clone()),
            (Verdict::Drop, Decider::StatefulDefault(0))
        );
        assert_eq!(outcome.aws_unsupported_groups, vec![1]);
        assert!(outcome.aws_unsupported_before.is_empty());
        // Faithful mode evaluates it: the SYN is rejected.
        assert_eq!(
            verdict(&aws, &flow(6, 80), &Scenario::plain(), Sides::Both).0,
            Verdict::Reject
        );
    }

    /// A random small policy: rules for TLS SNI, HTTP Host or plain TCP, with contents that
    /// overlap (a domain, its subdomains, a word inside them, another case), every anchoring,
    /// negated contents, `flow` keywords, options Reach does not evaluate, and every default.
    fn random_policy() -> impl Strategy<Value = Policy> {
        const CONTENTS: &[&str] = &[
            "example.com",
            ".example.com",
            "www.example.com",
            "example",
            "api.example.org",
            "Example.COM",
            ".org",
        ];
        const ANCHORS: &[&str] = &[
            "startswith; endswith;",
            "endswith;",
            "startswith;",
            "",
            "nocase; endswith;",
        ];
        let rule = (
            0..4usize,
            0..3usize,
            0..CONTENTS.len(),
            0..ANCHORS.len(),
            any::<bool>(),
            0..4usize,
            0..3usize,
        );
        (
            proptest::collection::vec(rule, 1..8),
            0..3usize,
            any::<bool>(),
        )
            .prop_map(|(rules, default, strict)| {
                let text = rules
                    .iter()
                    .enumerate()
                    .map(|(index, &(action, kind, content, anchor, dotprefix, extra, port))| {
                        let action = ["pass", "drop", "reject", "alert"][action];
                        let port = ["443", "80", "any"][port];
                        let extra = [
                            "",
                            "flow:to_server, established; ",
                            "content:!\"api.example.org\"; ",
                            "ja3.hash; content:\"abc\"; ",
                        ][extra];
                        let dotprefix = if dotprefix { "dotprefix; " } else { "" };
                        let content = CONTENTS[content];
                        let anchor = ANCHORS[anchor];
                        let options = match kind {
                            0 => format!("tls.sni; {dotprefix}content:\"{content}\"; {anchor} {extra}"),
                            1 => format!("http.host; {dotprefix}content:\"{content}\"; {anchor} {extra}"),
                            _ => extra.to_owned(),
                        };
                        let protocol = ["tls", "http", "tcp"][kind];
                        format!(
                            "{action} {protocol} $HOME_NET any -> $EXTERNAL_NET {port} ({options}sid:{};)",
                            index + 1
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n");
                let defaults: &[&str] = [
                    &[][..],
                    &["aws:drop_established"][..],
                    &["aws:drop_strict"][..],
                ][default];
                let group = RuleGroupSpec {
                    stateful: Some(StatefulRules::RulesString(text)),
                    ..RuleGroupSpec::default()
                };
                let spec = PolicySpec {
                    stateful_groups: vec![GroupReference {
                        arn: STATEFUL.to_owned(),
                        priority: Some(1),
                        drop_to_alert: false,
                    }],
                    stateless_default_actions: vec!["aws:forward_to_sfe".to_owned()],
                    stateful_default_actions: defaults.iter().map(|d| (*d).to_owned()).collect(),
                    rule_order: Some(
                        if strict { "STRICT_ORDER" } else { "DEFAULT_ACTION_ORDER" }.to_owned(),
                    ),
                    ..PolicySpec::default()
                };
                // Rules Suricata refuses (nocase on http.host…) are left out, as they would
                // be from any policy.
                Policy::compile(
                    "arn:aws:network-firewall:us-east-1:1:firewall-policy/p",
                    "p",
                    &spec,
                    &["10.1.1.0/24".parse().unwrap()],
                    |_| {
                        Some(GroupSource {
                            name: "g",
                            rule_group: Some(&group),
                        })
                    },
                    |_| None,
                )
            })
    }

    /// Names no rule above was written for, in other cases and depths.
    const PROBES: &[&str] = &[
        "EXAMPLE.com",
        "a.b.example.com",
        "org",
        "api.example.org",
        "example.org",
        "com",
        "",
    ];

    /// Every scenario the policy makes matter, and the same with the probe names.
    fn every_scenario(policy: &Policy) -> Vec<Scenario> {
        let tried = crate::scenarios(&[policy], &IntervalSet::single(6), &Default::default());
        let mut all = tried.clone();
        for scenario in tried
            .iter()
            .filter(|scenario| scenario.server_name.is_some())
        {
            for probe in PROBES {
                all.push(Scenario {
                    server_name: Some((*probe).to_owned()),
                    ..scenario.clone()
                });
            }
        }
        all
    }

    fn three_ports() -> Space {
        let (family, client) = address_number("10.1.1.40".parse().unwrap());
        let (_, server) = address_number("93.184.216.34".parse().unwrap());
        Space::from_cube(Cube {
            family,
            protocols: IntervalSet::single(6),
            sources: IntervalSet::single(client),
            destinations: IntervalSet::single(server),
            source_ports: IntervalSet::single(40_000),
            destination_ports: IntervalSet::from_ranges([(80, 80), (443, 443), (8080, 8080)]),
        })
    }

    proptest! {
        /// A class of scenarios plays out as each of its members does: trying one name per
        /// class gives the verdicts of trying every name.
        #[test]
        fn scenario_classes_give_every_members_outcomes(policy in random_policy()) {
            let flows = three_ports();
            let all = every_scenario(&policy);
            let classes = crate::scenarios::classes(&all, &[&policy]);
            prop_assert_eq!(classes.iter().map(Vec::len).sum::<usize>(), all.len());
            for class in &classes {
                let played = inspect(&policy, &flows, &class[0], Sides::Both);
                for member in &class[1..] {
                    prop_assert_eq!(
                        &inspect(&policy, &flows, member, Sides::Both),
                        &played,
                        "{:?} stands for {:?}",
                        &class[0],
                        member
                    );
                }
            }
        }

        /// The rules a scenario cannot meet never change its outcome: inspecting through all
        /// of them gives the same, on both sides and one; and the name index finds exactly
        /// the rules whose buffers a name satisfies.
        #[test]
        fn rules_a_scenario_cannot_meet_never_matter(policy in random_policy()) {
            let flows = three_ports();
            let every_rule: Vec<usize> = (0..policy.stateful.len()).collect();
            for scenario in every_scenario(&policy) {
                for sides in [Sides::Both, Sides::RequestsOnly, Sides::RepliesOnly] {
                    prop_assert_eq!(
                        inspect(&policy, &flows, &scenario, sides),
                        inspect_rules(&policy, &every_rule, &flows, &scenario, sides),
                        "{:?}", &scenario
                    );
                }
                if let Some(name) = &scenario.server_name {
                    let expected: Vec<usize> = every_rule
                        .iter()
                        .copied()
                        .filter(|index| {
                            let rule = &policy.stateful[*index];
                            crate::server_name::depends_on_name(rule)
                                && rule.conditions.buffers.iter().all(|buffer| buffer.matches(Some(name)))
                        })
                        .collect();
                    prop_assert_eq!(policy.server_names.matching(&policy.stateful, name), expected);
                }
            }
        }
    }
}
