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

use crate::flow::{packets, Packet, PacketState, Scenario};
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
    /// The stream engine: the firewall sees only one side of a TCP connection, which its
    /// stream exception policy handles.
    StreamException,
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
    stateless_pass: Option<Decider>,
    passed: Vec<Packet>,
    alerts: Vec<usize>,
    unevaluated: Vec<usize>,
}

impl Region {
    fn with_space(&self, space: Space) -> Region {
        Region {
            space,
            ..self.clone()
        }
    }
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
                    Packet::ClientData { .. } | Packet::ServerData | Packet::Reply
                )
                && (state.message_complete || state.detected.is_none())
        }
    }
}

/// The stateful engine on one packet of flows not yet decided.
fn stateful(
    policy: &Policy,
    region: &Region,
    state: &PacketState,
    scenario: &Scenario,
) -> Vec<Region> {
    let mut out = Vec::new();
    let mut remaining = region.space.clone();
    let mut alerts = region.alerts.clone();
    let mut unevaluated = region.unevaluated.clone();
    for (index, rule) in policy.stateful.iter().enumerate() {
        if remaining.is_empty() {
            break;
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
        if !rule.options_match(state, scenario) {
            continue;
        }
        let decided = match rule.action {
            Action::Alert => {
                add(&mut alerts, index);
                continue;
            }
            Action::Pass => State::FlowPassed(Decider::StatefulRule(index), state.packet),
            Action::Drop => {
                State::Blocked(Verdict::Drop, Decider::StatefulRule(index), state.packet)
            }
            Action::Reject | Action::RejectSrc | Action::RejectDst | Action::RejectBoth => {
                State::Blocked(Verdict::Reject, Decider::StatefulRule(index), state.packet)
            }
        };
        remaining = remaining.difference(&matched);
        out.push(Region {
            space: matched,
            state: decided,
            alerts: alerts.clone(),
            unevaluated: unevaluated.clone(),
            ..region.clone()
        });
    }
    if !remaining.is_empty() && policy.order == RuleOrder::Strict {
        for (index, default) in policy.defaults.iter().enumerate() {
            if !default_applies(default.scope, default.to_server_only, state) {
                continue;
            }
            if default.drop {
                out.push(Region {
                    space: std::mem::take(&mut remaining),
                    state: State::Blocked(
                        Verdict::Drop,
                        Decider::StatefulDefault(index),
                        state.packet,
                    ),
                    alerts: alerts.clone(),
                    unevaluated: unevaluated.clone(),
                    ..region.clone()
                });
                break;
            }
        }
    }
    if !remaining.is_empty() {
        let mut open = region.with_space(remaining);
        open.alerts = alerts;
        open.unevaluated = unevaluated;
        out.push(open);
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
    let mut outcomes = Vec::new();
    for (transport, part) in by_transport(request) {
        let mut states = packets(transport, scenario);
        if sides == Sides::RequestsOnly {
            states.retain(|state| state.packet.to_server());
        }
        let mut regions = vec![Region {
            space: part,
            state: State::Open,
            stateless_pass: None,
            passed: Vec::new(),
            alerts: Vec::new(),
            unevaluated: Vec::new(),
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
                            piece.state = State::Blocked(Verdict::Drop, decider, state.packet);
                            next.push(piece);
                        }
                        StatelessAction::Pass => {
                            piece.stateless_pass.get_or_insert(decider);
                            piece.passed.push(state.packet);
                            next.push(piece);
                        }
                        StatelessAction::Forward => {
                            if let State::FlowPassed(..) = piece.state {
                                piece.passed.push(state.packet);
                                next.push(piece);
                                continue;
                            }
                            if sides == Sides::RequestsOnly
                                && transport == 6
                                && state.packet == Packet::HandshakeAck
                                && policy.stream_exception_policy.eq_ignore_ascii_case("DROP")
                            {
                                // The engine never saw the SYN-ACK: the final ACK does not fit the
                                // connection it knows, and the stream engine drops it.
                                piece.state = State::Blocked(
                                    Verdict::Drop,
                                    Decider::StreamException,
                                    state.packet,
                                );
                                next.push(piece);
                                continue;
                            }
                            for mut decided in stateful(policy, &piece, state, scenario) {
                                if !matches!(decided.state, State::Blocked(..)) {
                                    decided.passed.push(state.packet);
                                }
                                next.push(decided);
                            }
                        }
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
                    region
                        .stateless_pass
                        .clone()
                        .unwrap_or(Decider::NoRuleMatched),
                    None,
                ),
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
                }),
                StatelessAction::Forward => {
                    let mut remaining = space;
                    for (index, rule) in policy.stateful.iter().enumerate() {
                        if remaining.is_empty() {
                            break;
                        }
                        if rule.is_app_layer() || rule.action == Action::Alert {
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
                        });
                    }
                }
            }
        }
    }
    merge(outcomes)
}

fn unsupported_before(policy: &Policy, index: usize) -> Vec<usize> {
    policy.stateful[..index.min(policy.stateful.len())]
        .iter()
        .enumerate()
        .filter(|(_, rule)| !rule.aws_unsupported_options.is_empty())
        .map(|(index, _)| index)
        .collect()
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
        }) {
            Some(existing) => existing.space = existing.space.union(&outcome.space),
            None => merged.push(outcome),
        }
    }
    merged
}
