//! A load balancer as the destination (Application and Network Load Balancers): the client
//! reaches one of its nodes, a listener on the port takes the connection, and the load balancer
//! opens its own towards a target of the listener's target groups. Reach walks both legs with
//! the same walk as any other question: the client to the node (the load balancer's interface
//! in a subnet, with its security groups), then the node to each target that gets traffic (the
//! target's registered port, its network ACL and security groups), and joins them.
//!
//! Which targets get traffic: healthy ones, in the zones the load balancer is enabled in;
//! when none is healthy the load balancer fails open and uses them all. With cross-zone load
//! balancing off (a Network Load Balancer's default; an Application Load Balancer's target
//! group may turn it off) a node only uses its own zone's targets. A Network Load Balancer
//! keeps the client's address for instance targets by default (the target's security group
//! must admit the client, not the load balancer). Both come from the attributes
//! (`describe-load-balancer-attributes`, `describe-target-group-attributes`) where the input
//! has them; where it does not, AWS's defaults are taken and the answer says so, in a note and,
//! for client IP preservation, in AWS's additional details.

use super::answer::answer_resolved;
use super::elbv2::{
    client_ip_preservation, cross_zone, first_address, gets_traffic, group_component, lb_component,
    listeners_for, load_balancer_target, nodes, protocol_word, same_zone, target_endpoint,
    target_groups, target_zone, CrossZoneSetting,
};
use super::question::source_interface;
use super::question::{Forwarded, Place, Resolved, EPHEMERAL_PORTS};
use super::{
    Answer, Component, Endpoint, Explanation, Hop, Members, Question, QuestionError, Rule, Verdict,
};
use crate::analysis::Code;
use crate::command;
use crate::model::{
    Listener, LoadBalancer, LoadBalancerProtocol, LoadBalancerState, LoadBalancerType,
    NetworkInterface, Snapshot, TargetGroup, TargetHealth, TargetHealthState, TargetType,
};
use crate::space::{address_number, Cube, IntervalSet, Space};

/// What became of one registered target.
struct TargetOutcome<'a> {
    group: &'a TargetGroup,
    target: &'a TargetHealth,
    port: u16,
    /// Whether the load balancer keeps the client's address towards it.
    preserves: bool,
    /// The walk from the node to it, when it gets traffic and Reach could walk there.
    answer: Option<Answer>,
    /// In words, for the notes.
    line: String,
    /// Why it got no walk, when it got none.
    fate: TargetFate,
}

/// Whether the load balancer sends a target traffic, and if not, why.
#[derive(Clone, Copy, PartialEq, Eq)]
enum TargetFate {
    /// It gets traffic: the answer is the walk to it.
    GetsTraffic,
    /// It is in another zone than the node, and cross-zone load balancing is off.
    OtherZone,
    /// Its health (or its zone not being enabled) keeps traffic away.
    NoTraffic,
}

/// Answers a question whose destination is a load balancer.
pub(crate) fn answer(
    snapshot: &Snapshot,
    question: &Question,
    lb: &LoadBalancer,
) -> Result<Answer, QuestionError> {
    let kind = match &lb.load_balancer_type {
        LoadBalancerType::Application => "Application Load Balancer",
        LoadBalancerType::Network => "Network Load Balancer",
        other => {
            return Err(QuestionError::UnsupportedEndpoint(format!(
                "{} is a {other} load balancer: only application and network load balancers can be a destination",
                lb.name
            )))
        }
    };
    if let Some(state) = lb.state.as_ref().filter(|state| {
        !matches!(
            state,
            LoadBalancerState::Active | LoadBalancerState::ActiveImpaired
        )
    }) {
        return Err(QuestionError::UnsupportedEndpoint(format!(
            "load balancer {} is {state}, not active: it takes no connections",
            lb.name
        )));
    }
    let network = lb.load_balancer_type == LoadBalancerType::Network;
    let all_nodes = nodes(snapshot, lb);
    if all_nodes.is_empty() {
        return Err(QuestionError::UnsupportedEndpoint(format!(
            "the network interfaces of load balancer {} (description \"ELB …/{}/…\") are not in the input: export them with {}",
            lb.name,
            lb.name,
            crate::command::network_interfaces()
        )));
    }
    let listeners = listeners_for(snapshot, lb, question.protocol);

    // The node in the client's zone, when the client is in the snapshot.
    let source = source_interface(snapshot, question);
    let node = all_nodes
        .iter()
        .copied()
        .find(|node| source.is_some_and(|source| same_zone(snapshot, source, node)))
        .or_else(|| {
            // A Network Load Balancer's DNS name only gives out nodes whose zone has a target.
            network
                .then(|| {
                    all_nodes.iter().copied().find(|node| {
                        listeners.iter().any(|listener| {
                            target_groups(snapshot, listener).iter().any(|group| {
                                group.targets.iter().flatten().any(|target| {
                                    target_zone(snapshot, target) == node.availability_zone
                                        && gets_traffic(target, true)
                                })
                            })
                        })
                    })
                })
                .flatten()
        })
        .unwrap_or(all_nodes[0]);

    // The front leg: the client to the node, as to any interface.
    let front_question = Question {
        destination: Endpoint::Id(node.id.to_string()),
        destination_ip: None,
        ..question.clone()
    };
    let front_resolved = super::question::resolve(snapshot, &front_question)?;
    let mut front = answer_resolved(snapshot, &front_resolved);
    let what = format!("{} to {kind} {}", question.source, lb.name);
    front.flow = what.clone();
    let place = |answer: &mut Answer| {
        let text = format!(
            "the client reaches the load balancer's node {} in {}",
            node.id,
            node.availability_zone.as_deref().unwrap_or("its zone")
        );
        answer.notes.insert(0, text);
    };
    place(&mut front);
    if front.reachable_ports.is_empty() {
        front.summary = format!(
            "{what}: the load balancer is not reached. {}",
            front.summary
        );
        return Ok(front);
    }
    Ok(onward(
        snapshot,
        question,
        lb,
        Entry {
            front,
            client: front_resolved.request,
            node,
            lead: Vec::new(),
            may_preserve_client: true,
            what,
        },
    ))
}

/// How the client's connection came to a load balancer's node.
pub(super) struct Entry<'a> {
    /// The client's walk to where it enters: the node itself, or an interface endpoint.
    pub front: Answer,
    /// The client's request, for a target that sees the client's address.
    pub client: Space,
    /// The node that takes the connection.
    pub node: &'a NetworkInterface,
    /// The hops between the front leg's end and the node (an endpoint and its service).
    pub lead: Vec<Hop>,
    /// Whether a target may see the client's address (never through PrivateLink).
    pub may_preserve_client: bool,
    /// The question in words, for the summary: `198.51.100.7 to Application Load Balancer web-alb`.
    pub what: String,
}

/// From the node on: the listeners, their target groups, a walk to each target that gets
/// traffic, and the answer joining the legs.
pub(super) fn onward(
    snapshot: &Snapshot,
    question: &Question,
    lb: &LoadBalancer,
    entry: Entry,
) -> Answer {
    let Entry {
        mut front,
        client,
        node,
        lead,
        may_preserve_client,
        what,
    } = entry;
    front.flow = what.clone();
    let network = lb.load_balancer_type == LoadBalancerType::Network;
    let listeners = listeners_for(snapshot, lb, question.protocol);
    // The listeners on the ports that reach the node.
    let listening = IntervalSet::from_ranges(
        listeners
            .iter()
            .filter_map(|l| l.port)
            .map(|port| (u128::from(port), u128::from(port))),
    );
    let ports = front.reachable_ports.intersection(&listening);
    let component = lb_component(lb);
    if ports.is_empty() {
        let listed: Vec<String> = listeners
            .iter()
            .filter_map(|listener| {
                Some(format!(
                    "{}:{}",
                    listener.protocol.as_ref()?,
                    listener.port?
                ))
            })
            .collect();
        let message = if listed.is_empty() {
            format!(
                "{} has no listener for {}",
                lb.name,
                protocol_word(question.protocol)
            )
        } else {
            let asked = match question.destination_ports {
                Some((from, to)) if from == to => format!("port {from}"),
                Some((from, to)) => format!("ports {from}-{to}"),
                None => "the ports that reach it".to_owned(),
            };
            format!(
                "{} has no {} listener on {asked} (its listeners: {})",
                lb.name,
                protocol_word(question.protocol),
                listed.join(", ")
            )
        };
        front.forward.extend(lead);
        let hop = stop_hop(lb, node, component.clone());
        // AWS's members: the load balancer, and the port and protocol no listener takes.
        let members = Members {
            load_balancer_arn: Some(lb.arn.to_string()),
            port: question
                .destination_ports
                .filter(|(from, to)| from == to)
                .map(|(port, _)| port),
            protocols: vec![question.protocol.to_string()],
            ..Members::default()
        };
        return stop_there(
            front,
            hop,
            Some((Code::Elbv2ListenersMismatch, members)),
            &what,
            message,
        );
    }

    // Each listener port: its target groups, their targets, and a walk to each.
    let mut reachable = IntervalSet::empty();
    let mut lines = Vec::new();
    let mut shown: Option<(u16, TargetOutcome)> = None;
    let mut unknown = Vec::new();
    let mut blocked: Vec<Explanation> = Vec::new();
    // The defaults taken for attributes the input does not hold, said once each.
    let mut assumptions: Vec<String> = Vec::new();
    let mut details: Vec<Explanation> = Vec::new();
    for &(from, to) in ports.ranges() {
        for port in from..=to {
            let port = port as u16;
            let Some(listener) = listeners.iter().find(|l| l.port == Some(port)) else {
                continue;
            };
            let groups = target_groups(snapshot, listener);
            // What this listener leaves undecided, apart from the other listeners'.
            let unknown_before = unknown.len();
            let forwards_to = super::elbv2::target_group_arns(listener);
            // A target group the input lacks may hold a target that answers.
            for arn in &forwards_to {
                if !snapshot.target_groups.contains_key(*arn) {
                    unknown.push(format!(
                        "the listener on port {port} forwards to target group {arn}, which is not in the input ({})",
                        crate::command::target_group(arn.as_str())
                    ));
                }
            }
            let mut outcomes = Vec::new();
            for group in &groups {
                let Some(targets) = &group.targets else {
                    unknown.push(format!(
                        "the health of target group {}'s targets was not exported ({})",
                        group.name,
                        crate::command::target_health_of(group.arn.as_str())
                    ));
                    continue;
                };
                let setting = cross_zone(lb, group);
                let own_zone = |target: &TargetHealth| {
                    let zone = target_zone(snapshot, target);
                    zone.as_deref() == Some("all") || zone == node.availability_zone
                };
                let in_zone = |target: &TargetHealth| setting.on || own_zone(target);
                // The default only matters when a target is in another zone than the node.
                if setting.assumed() && !targets.iter().all(own_zone) {
                    let note = cross_zone_note(lb, group, setting);
                    if !assumptions.contains(&note) {
                        assumptions.push(note);
                    }
                }
                let any_healthy = targets
                    .iter()
                    .any(|target| in_zone(target) && gets_traffic(target, false));
                for target in targets {
                    let target_port = target.port.or(group.port).unwrap_or(port);
                    let state = target
                        .state
                        .as_ref()
                        .map_or("unknown", TargetHealthState::as_str);
                    let reason = target
                        .reason
                        .as_deref()
                        .map(|reason| format!(": {reason}"))
                        .unwrap_or_default();
                    let label =
                        format!("target {} port {target_port} ({state}{reason})", target.id);
                    if !in_zone(target) {
                        let why = match setting.assumed() {
                            true => "cross-zone load balancing is off by default",
                            false => "cross-zone load balancing is off",
                        };
                        outcomes.push(TargetOutcome {
                            group,
                            target,
                            port: target_port,
                            preserves: false,
                            answer: None,
                            line: format!("{label}: in another zone than the node, and {why}"),
                            fate: TargetFate::OtherZone,
                        });
                        continue;
                    }
                    if !gets_traffic(target, !any_healthy) {
                        outcomes.push(TargetOutcome {
                            group,
                            target,
                            port: target_port,
                            preserves: false,
                            answer: None,
                            line: format!("{label}: the load balancer sends it no traffic"),
                            fate: TargetFate::NoTraffic,
                        });
                        continue;
                    }
                    let label = match own_zone(target) {
                        true => label,
                        false => format!("{label}, in another zone than the node (cross-zone load balancing is on)"),
                    };
                    // Through PrivateLink a target always sees the node's address.
                    let preservation = client_ip_preservation(group);
                    let preserves = network && may_preserve_client && preservation.preserved;
                    if network && may_preserve_client && preservation.assumed {
                        let note = preservation_note(group, preservation.preserved);
                        if !assumptions.contains(&note) {
                            assumptions.push(note);
                            details.extend(preservation_details(group, preservation.preserved));
                        }
                    }
                    let back = walk_to_target(
                        snapshot,
                        question,
                        &client,
                        &component,
                        node,
                        group,
                        target,
                        target_port,
                        preserves,
                    );
                    let line = match &back {
                        Ok(back) if back.verdict == Verdict::Reachable => {
                            if any_healthy {
                                format!("{label}: reachable")
                            } else {
                                format!("{label}: reachable (no target is healthy, so the load balancer fails open and uses them all)")
                            }
                        }
                        Ok(back) => format!("{label}: {}", back.summary),
                        Err(why) => format!("{label}: not analysed ({why})"),
                    };
                    outcomes.push(TargetOutcome {
                        group,
                        target,
                        port: target_port,
                        preserves,
                        answer: back.ok(),
                        line,
                        fate: TargetFate::GetsTraffic,
                    });
                }
            }
            if forwards_to.is_empty() {
                // Its actions answer or redirect themselves: nothing reaches a target
                // ("This listener does not have a target group that accepts the traffic").
                blocked.push(Explanation {
                    members: listener_members(lb, listener, port),
                    code: Code::Elbv2ListenerRequiresTgAccept,
                    component: component.clone(),
                    message: format!(
                        "the listener on port {port} forwards to no target group: its actions answer or redirect the traffic themselves"
                    ),
                    firewall_rule: None,
                    rule_options: Vec::new(),
                });
            } else if outcomes.is_empty() && unknown.len() == unknown_before {
                blocked.push(Explanation {
                    members: listener_members(lb, listener, port),
                    code: Code::Elbv2ListenerHasNoTg,
                    component: component.clone(),
                    message: format!(
                        "the listener on port {port} forwards to no target group with targets"
                    ),
                    firewall_rule: None,
                    rule_options: Vec::new(),
                });
            }
            if !outcomes.is_empty()
                && outcomes
                    .iter()
                    .all(|outcome| outcome.fate == TargetFate::OtherZone)
            {
                let mut members = listener_members(lb, listener, port);
                for outcome in &outcomes {
                    let group = group_component(outcome.group);
                    if !members.target_groups.contains(&group) {
                        members.target_groups.push(group);
                    }
                }
                members.availability_zones = node.availability_zone.iter().cloned().collect();
                blocked.push(Explanation {
                    members,
                    code: Code::Elbv2NoTargetsInAz,
                    component: component.clone(),
                    message: format!(
                        "{} has no target in {}, the zone of the node the client reaches",
                        lb.name,
                        node.availability_zone.as_deref().unwrap_or("its zone")
                    ),
                    firewall_rule: None,
                    rule_options: Vec::new(),
                });
            }
            let listener_word = format!(
                "listener {}:{port}",
                listener
                    .protocol
                    .as_ref()
                    .map_or("?", LoadBalancerProtocol::as_str)
            );
            for outcome in outcomes {
                let ok = outcome
                    .answer
                    .as_ref()
                    .is_some_and(|answer| answer.verdict == Verdict::Reachable);
                if ok {
                    reachable = reachable.union(&IntervalSet::single(u128::from(port)));
                }
                lines.push(format!(
                    "{listener_word} → {} {}",
                    outcome.group.name, outcome.line
                ));
                let better = match &shown {
                    None => outcome.answer.is_some(),
                    Some((_, current)) => {
                        ok && !current
                            .answer
                            .as_ref()
                            .is_some_and(|answer| answer.verdict == Verdict::Reachable)
                    }
                };
                if better {
                    shown = Some((port, outcome));
                }
            }
        }
    }

    let mut answer = front;
    answer.notes.extend(lines);
    answer.notes.extend(unknown.iter().cloned());
    if network && !may_preserve_client {
        answer.notes.push(
            "through PrivateLink, targets see the load balancer node's address, never the client's"
                .to_owned(),
        );
    }
    answer.notes.extend(assumptions);
    answer.additional_details.extend(details);
    answer.forward.extend(lead.iter().cloned());
    let Some((port, outcome)) = shown else {
        if !unknown.is_empty() {
            // What the other listeners do is known all the same: say it.
            answer.explanations.extend(blocked.clone());
            answer.verdict = Verdict::Unknown;
            answer.reachable_ports = IntervalSet::empty();
            answer.summary = format!("{what}: the listener is reached, but which targets get the traffic is not in the input.");
            return answer;
        }
        answer.explanations.extend(blocked.clone());
        let message = blocked
            .first()
            .map(|explanation| explanation.message.clone())
            .unwrap_or_else(|| "no target gets the traffic".to_owned());
        let hop = stop_hop(lb, node, component.clone());
        return stop_there(answer, hop, None, &what, message);
    };
    let back = outcome.answer.expect("a shown target was walked");
    let listener = listeners
        .iter()
        .find(|l| l.port == Some(port))
        .expect("the shown port has a listener");
    let rule = Rule::LoadBalancer {
        listener: listener.arn.to_string(),
        protocol: listener
            .protocol
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
        port,
        target_group: outcome.group.arn.to_string(),
        target_group_name: outcome.group.name.clone(),
        target: outcome.target.id.clone(),
        target_port: outcome.port,
        target_zone: outcome.target.availability_zone.clone(),
        health: outcome
            .target
            .state
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
    };
    // The load balancer rewrites the packets (to its target, and from its node unless it
    // keeps the client's address): what arrived is the hop's own `inbound`.
    let lb_hop = |before: Option<&Hop>, outbound: &Space| Hop {
        inbound: before.map(|hop| hop.outbound.clone()),
        ..Hop::new(
            component.clone(),
            lb.vpc.as_ref().map(ToString::to_string),
            node.subnet.as_ref().map(ToString::to_string),
            Some(rule.clone()),
            outbound.clone(),
        )
    };
    let group_hop = |outbound: &Space| {
        Hop::new(
            group_component(outcome.group),
            outcome.group.vpc.as_ref().map(ToString::to_string),
            None,
            None,
            outbound.clone(),
        )
    };
    let towards_target = back
        .forward
        .first()
        .map(|hop| hop.outbound.clone())
        .unwrap_or_default();
    let towards_client = answer
        .reverse
        .first()
        .map(|hop| hop.outbound.clone())
        .unwrap_or_default();
    // Both legs pass the node's interface: shown once, before the load balancer.
    let mut forward = std::mem::take(&mut answer.forward);
    // Through an endpoint, the node's interface is first met here, as the back leg's start.
    if let Some(first) = back.forward.first() {
        let at_node = first.component.id == node.id.as_str();
        let shown = forward
            .iter()
            .any(|hop| hop.component.id == node.id.as_str());
        if at_node && !shown {
            forward.push(first.clone());
        }
    }
    forward.push(lb_hop(forward.last(), &towards_target));
    forward.push(group_hop(&towards_target));
    forward.extend(past_node(&back.forward, node).iter().cloned());
    let mut reverse = back.reverse.clone();
    reverse.push(lb_hop(reverse.last(), &towards_client));
    for hop in lead.iter().rev() {
        reverse.push(Hop {
            outbound: towards_client.clone(),
            ..hop.clone()
        });
    }
    reverse.extend(past_node(&answer.reverse, node).iter().cloned());
    answer.forward = forward;
    answer.reverse = reverse;
    answer
        .explanations
        .extend(back.explanations.iter().cloned());
    answer
        .additional_details
        .extend(back.additional_details.iter().cloned());
    for note in &back.notes {
        if !answer.notes.contains(note) {
            answer.notes.push(note.clone());
        }
    }
    answer.reachable_ports = answer.reachable_ports.intersection(&reachable);
    // AWS's `ELBV2_SOURCE_ADDRESS_PRESERVATION` ("the outgoing source address is unaltered
    // while traversing the Network Load Balancer"): the target is not reached with the
    // client's address but would be with the node's, so keeping the address is the cause.
    if answer.reachable_ports.is_empty() && back.verdict != Verdict::Reachable && outcome.preserves
    {
        let with_node_address = walk_to_target(
            snapshot,
            question,
            &client,
            &component,
            node,
            outcome.group,
            outcome.target,
            outcome.port,
            false,
        );
        if with_node_address.is_ok_and(|answer| answer.verdict == Verdict::Reachable) {
            let mut members = listener_members(lb, listener, port);
            members.target_groups = vec![group_component(outcome.group)];
            let mut target = load_balancer_target(outcome.target, outcome.group.port);
            target.port = Some(outcome.port);
            members.target = Some(target);
            answer.explanations.push(Explanation {
                code: Code::Elbv2SourceAddressPreservation,
                component: component.clone(),
                message: format!(
                    "{} keeps the client's address towards {} (client IP preservation of target group {}), and the target does not admit it; it would admit the load balancer node's address",
                    lb.name, outcome.target.id, outcome.group.name
                ),
                firewall_rule: None,
                rule_options: Vec::new(),
                members,
            });
        }
    }
    if answer.reachable_ports.is_empty() {
        answer.verdict = if back.verdict == Verdict::Reachable {
            Verdict::NotReachable
        } else {
            back.verdict
        };
        answer.summary = format!(
            "{what} reaches listener {}:{port}, but not a target: {}",
            listener
                .protocol
                .as_ref()
                .map_or("?", LoadBalancerProtocol::as_str),
            back.summary
        );
    } else {
        answer.summary = format!(
            "{what} gets through: listener {}:{port} forwards to {} in target group {} on port {}, and the replies come back.",
            listener
                .protocol
                .as_ref()
                .map_or("?", LoadBalancerProtocol::as_str),
            outcome.target.id,
            outcome.group.name,
            outcome.port
        );
    }
    answer
}

/// AWS's members for an explanation about one listener: the load balancer, the listener and
/// its port.
fn listener_members(lb: &LoadBalancer, listener: &Listener, port: u16) -> Members {
    Members {
        load_balancer_arn: Some(lb.arn.to_string()),
        listener: Some(listener.arn.to_string()),
        listener_port: Some(port),
        ..Members::default()
    }
}

/// The note for a cross-zone setting taken from AWS's defaults: which, and how to export the
/// attributes that would say.
fn cross_zone_note(lb: &LoadBalancer, group: &TargetGroup, setting: CrossZoneSetting) -> String {
    let state = if setting.on { "on" } else { "off" };
    let group_call = command::target_group_attributes(group.arn.as_str(), &group.name);
    let lb_call = command::load_balancer_attributes(lb.arn.as_str(), &lb.name);
    let (what, calls) = match (setting.target_group_assumed, setting.load_balancer_assumed) {
        (true, true) => (
            format!(
                "neither its attributes nor load balancer {}'s are in the input",
                lb.name
            ),
            format!("{group_call}; {lb_call}"),
        ),
        (true, false) => ("its attributes are not in the input".to_owned(), group_call),
        _ => (
            format!(
                "load balancer {}'s attributes are not in the input",
                lb.name
            ),
            lb_call,
        ),
    };
    format!(
        "cross-zone load balancing of target group {} is taken at its default, {state}, as {what}: {calls}",
        group.name
    )
}

/// The note for client IP preservation taken at its default.
fn preservation_note(group: &TargetGroup, preserved: bool) -> String {
    let (state, sees) = match preserved {
        true => ("on", "the client's address"),
        false => ("off", "the load balancer node's address"),
    };
    format!(
        "client IP preservation of target group {} is taken at its default, {state} (its targets see {sees}), as its attributes are not in the input: {}",
        group.name,
        command::target_group_attributes(group.arn.as_str(), &group.name)
    )
}

/// What AWS's analyzer adds when it cannot read a target group's attributes: that they are
/// missing, and which client IP preservation it assumed.
fn preservation_details(group: &TargetGroup, preserved: bool) -> [Explanation; 2] {
    let detail = |code: Code, message: String| Explanation {
        code,
        component: group_component(group),
        message,
        firewall_rule: None,
        rule_options: Vec::new(),
        members: Default::default(),
    };
    let (code, default_for) = match preserved {
        true => (Code::AssumptionPreserveClientIpIsEnabled, "on"),
        false => (Code::AssumptionPreserveClientIpIsDisabled, "off"),
    };
    [
        detail(
            Code::MissingTargetGroupAttributes,
            format!(
                "the attributes of target group {} are not in the input",
                group.name
            ),
        ),
        detail(
            code,
            format!(
                "client IP preservation of target group {} is assumed {default_for}, its default for {} targets",
                group.name,
                group.target_type.as_ref().map_or("instance", TargetType::as_str)
            ),
        ),
    ]
}

/// The load balancer's own connection, from the node to the target on its registered port.
#[allow(clippy::too_many_arguments)]
fn walk_to_target(
    snapshot: &Snapshot,
    question: &Question,
    client: &Space,
    lb: &Component,
    node: &NetworkInterface,
    group: &TargetGroup,
    target: &TargetHealth,
    port: u16,
    preserves: bool,
) -> Result<Answer, String> {
    let (interface, address) = target_endpoint(snapshot, group.target_type.as_ref(), target)?;
    let destination = match interface {
        Some(interface) => Place::Interface(interface.id.clone()),
        None => Place::Internet,
    };
    let node_address = first_address(node)
        .ok_or_else(|| format!("the node {} has no private address in the input", node.id))?;
    let (family, destination_number) = address_number(address);
    let sources = if preserves {
        let family_sources: Vec<Cube> = client
            .cubes()
            .iter()
            .filter(|cube| cube.family == family)
            .cloned()
            .collect();
        family_sources
            .iter()
            .fold(IntervalSet::empty(), |all, cube| all.union(&cube.sources))
    } else {
        let (node_family, number) = address_number(node_address);
        if node_family != family {
            return Err("the target and the node have no address family in common".to_owned());
        }
        IntervalSet::single(number)
    };
    let request = Space::from_cubes(vec![Cube {
        family,
        protocols: IntervalSet::single(u128::from(question.protocol)),
        sources,
        destinations: IntervalSet::single(destination_number),
        source_ports: IntervalSet::range(EPHEMERAL_PORTS.0, EPHEMERAL_PORTS.1),
        destination_ports: IntervalSet::single(u128::from(port)),
    }]);
    let back_question = Question {
        // The target sees the client when the load balancer keeps its address.
        source: if preserves {
            question.source.clone()
        } else {
            Endpoint::Id(node.id.to_string())
        },
        destination: Endpoint::Id(target.id.clone()),
        source_ports: None,
        destination_ports: Some((port, port)),
        source_ip: (!preserves).then_some(node_address),
        destination_ip: Some(address),
        ..question.clone()
    };
    let resolved = Resolved {
        source: Place::Interface(node.id.clone()),
        destination,
        request,
        question: back_question,
        sends_for_others: preserves,
        // The load balancer opens its own connection: a target's group rules referencing the
        // client's group never match it, whether or not it sees the client's address.
        forwarded: Some(Forwarded {
            by: lb.clone(),
            original: client.clone(),
        }),
    };
    Ok(answer_resolved(snapshot, &resolved))
}

/// A leg's hops after the node's interface, when the leg starts there.
fn past_node<'a>(hops: &'a [Hop], node: &NetworkInterface) -> &'a [Hop] {
    match hops.split_first() {
        Some((first, rest)) if first.component.id == node.id.as_str() => rest,
        _ => hops,
    }
}

/// The load balancer as the hop where traffic stops.
fn stop_hop(lb: &LoadBalancer, node: &NetworkInterface, component: Component) -> Hop {
    Hop::new(
        component,
        lb.vpc.as_ref().map(ToString::to_string),
        node.subnet.as_ref().map(ToString::to_string),
        None,
        Space::empty(),
    )
}

/// The answer when the path stops at `hop` (the load balancer, or an endpoint or endpoint
/// service in front of it): the client's packets reach it and nothing leaves it, so there are
/// no replies either. `code` is AWS's explanation code, when one applies.
pub(super) fn stop_there(
    mut answer: Answer,
    hop: Hop,
    code: Option<(Code, Members)>,
    what: &str,
    message: String,
) -> Answer {
    if let Some((code, members)) = code {
        answer.explanations.push(Explanation {
            members,
            code,
            component: hop.component.clone(),
            message: message.clone(),
            firewall_rule: None,
            rule_options: Vec::new(),
        });
    }
    answer.forward.push(Hop {
        outbound: Space::empty(),
        ..hop
    });
    answer.reverse.clear();
    answer.verdict = Verdict::NotReachable;
    answer.reachable_ports = IntervalSet::empty();
    answer.summary = format!("{what} does not get through: {message}.");
    answer
}
