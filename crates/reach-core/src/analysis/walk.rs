//! The walk: the request from its source hop by hop, then the replies from the destination
//! back, the way each really goes. Security groups are stateful (replies pass them), network
//! ACLs are not (replies are checked on their own), a NAT gateway translates the request and
//! untranslates the replies it saw, and a reply that avoids a stateful middlebox the request
//! crossed is an asymmetric path.

use super::firewall::{firewall_rule, flows_in_words, unsupported_options, FirewallRule};
use super::question::{Compat, Place, Resolved};
use super::{Answer, Component, Explanation, Hop, Rule, Verdict};
use crate::evaluate::{network_acl, route_table, security_group, Direction};
use crate::ids::{InternetGatewayId, NatGatewayId, NetworkInterfaceId, VpcEndpointId};
use crate::model::{
    NetworkInterface, RouteDestination, RouteState, RouteTarget, SecurityGroupPeer, Snapshot,
    Subnet,
};
use crate::space::{address_number, Cube, IntervalSet, Space};
use reach_nfw::Decider;
use std::net::IpAddr;

#[path = "gateway_load_balancer.rs"]
mod gateway_load_balancer;

/// How a leg of the walk ended.
#[derive(Clone, Debug)]
enum Outcome {
    /// Packets arrived; the space is what arrived.
    Arrived(Space),
    /// Nothing gets through; the explanations say why.
    Blocked,
    /// The path meets something Reach does not analyse yet.
    Stopped,
}

/// A NAT gateway's translation of the request, which its replies are untranslated with.
#[derive(Clone, Debug)]
struct NatState {
    nat: NatGatewayId,
    private_ip: IpAddr,
    /// The request before translation: replies go back to these sources and ports.
    original: Space,
}

/// How firewalls are evaluated on this walk.
#[derive(Clone, Debug)]
pub(crate) struct Mode {
    /// Faithful or AWS-compatible.
    pub compat: Compat,
    /// The application behaviour of the flow.
    pub scenario: reach_nfw::Scenario,
}

/// A firewall the request met, with what reached it.
#[derive(Clone, Debug)]
struct Visit {
    firewall: crate::ids::FirewallArn,
    endpoint: VpcEndpointId,
    request: Space,
}

/// Which way the walk goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Leg {
    Request,
    Reply,
}

struct Walker<'a> {
    snapshot: &'a Snapshot,
    leg: Leg,
    /// Where this leg should arrive.
    target: Place,
    hops: Vec<Hop>,
    explanations: Vec<Explanation>,
    notes: Vec<String>,
    /// Stateful middleboxes crossed, in order (`nat-…`, `vpce-…`).
    middleboxes: Vec<String>,
    nat_states: Vec<NatState>,
    /// How the request left for the internet, which is how its replies come in.
    exit: Option<Exit>,
    /// Route tables consulted so far: meeting one twice is a routing loop.
    tables_seen: Vec<crate::ids::RouteTableId>,
    /// How firewalls are evaluated.
    mode: Mode,
    /// Firewalls the request met.
    visits: Vec<Visit>,
    /// Additional details found on the way (AWS's `AdditionalDetails`).
    details: Vec<Explanation>,
    /// On the reply leg: the firewall endpoints the request crossed.
    request_endpoints: Vec<VpcEndpointId>,
    /// The Availability Zone the transit gateway delivered the request through, per
    /// attachment: with appliance mode on, the replies go through the same one.
    zones: Vec<(crate::ids::TransitGatewayAttachmentId, Option<String>)>,
    /// The source interface forwards other hosts' packets (see `Resolved::sends_for_others`).
    sends_for_others: bool,
    /// On the reply leg: the replies go straight back to the source interface whatever the
    /// route tables say (a Network Load Balancer that keeps the client's address takes its
    /// targets' replies back itself).
    replies_to_source: bool,
}

/// The way out to the internet (or an AWS service) a request took.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Exit {
    InternetGateway,
    /// Out of the snapshot through a transit gateway's VPN or Direct Connect attachment; the
    /// replies come back in through it. `subnet` is where the request entered the transit
    /// gateway, whose zone the replies' way into the VPC keeps.
    TransitGatewayEdge {
        gateway: crate::ids::TransitGatewayId,
        attachment: crate::ids::TransitGatewayAttachmentId,
        subnet: crate::ids::SubnetId,
    },
    /// Out of the snapshot through a VPC's virtual private gateway.
    VpnGateway(crate::ids::VpnGatewayId),
    EgressOnlyInternetGateway(crate::ids::EgressOnlyInternetGatewayId),
    GatewayEndpoint(VpcEndpointId),
}

/// Walks the request and its replies; also returns the firewalls the request met.
pub(crate) fn walk(
    snapshot: &Snapshot,
    resolved: &Resolved,
    mode: &Mode,
) -> (Answer, Vec<crate::ids::FirewallArn>) {
    let mut request = Walker::new(snapshot, Leg::Request, resolved.destination.clone(), mode);
    request.sends_for_others = resolved.sends_for_others;
    let answer = walk_legs(snapshot, resolved, mode, &mut request);
    let mut firewalls: Vec<crate::ids::FirewallArn> = request
        .visits
        .iter()
        .map(|visit| visit.firewall.clone())
        .collect();
    firewalls.dedup();
    (answer, firewalls)
}

fn walk_legs(
    snapshot: &Snapshot,
    resolved: &Resolved,
    mode: &Mode,
    request: &mut Walker,
) -> Answer {
    let forward = request.start(&resolved.source, resolved.request.clone());
    let mut answer = Answer {
        verdict: Verdict::NotReachable,
        summary: String::new(),
        forward: Vec::new(),
        reverse: Vec::new(),
        explanations: Vec::new(),
        additional_details: Vec::new(),
        reachable_ports: IntervalSet::empty(),
        notes: Vec::new(),
        cases: Vec::new(),
        other_mode: None,
    };
    let question = &resolved.question;
    if question.source_ports.is_none() {
        request.notes.push("no source port given: the client is assumed to send from an ephemeral port, 1024-65535".to_owned());
    }
    let what = format!(
        "{} from {} to {}{}",
        if question.protocol == 6 { "tcp" } else { "udp" },
        question.source,
        question
            .destination_ip
            .map(|ip| ip.to_string())
            .unwrap_or_else(|| question.destination.to_string()),
        match question.destination_ports {
            Some((from, to)) if from == to => format!(" port {from}"),
            Some((from, to)) => format!(" ports {from}-{to}"),
            None => String::new(),
        }
    );
    let arrived = match forward {
        Outcome::Arrived(arrived) => arrived,
        Outcome::Blocked => {
            answer.summary = match request.explanations.first() {
                Some(explanation) => {
                    format!("{what} does not get through: {}.", explanation.message)
                }
                None => format!("{what} does not get through."),
            };
            return request.finish_into(answer);
        }
        Outcome::Stopped => {
            answer.verdict = Verdict::Unknown;
            answer.summary =
                format!(
                "{what} reaches {}, which Reach does not analyse yet; the verdict depends on it.",
                request.hops.last().map(|hop| hop.component.id.clone()).unwrap_or_default()
            );
            return request.finish_into(answer);
        }
    };

    // The replies: from what arrived, addresses and ports swapped, back towards the source.
    let mut reply = Walker::new(snapshot, Leg::Reply, resolved.source.clone(), mode);
    reply.nat_states = request.nat_states.clone();
    reply.zones = request.zones.clone();
    reply.exit = request.exit.clone();
    reply.replies_to_source = resolved.sends_for_others;
    reply.request_endpoints = request
        .visits
        .iter()
        .map(|visit| visit.endpoint.clone())
        .collect();
    let backward = reply.start(&resolved.destination, arrived.reversed());
    let forward_middleboxes = request.middleboxes.clone();
    let reply_middleboxes = reply.middleboxes.clone();
    let mut answer = request.finish_into(answer);
    answer.reverse = std::mem::take(&mut reply.hops);
    answer.explanations.append(&mut reply.explanations);
    answer.notes.append(&mut reply.notes);
    answer.additional_details.append(&mut reply.details);
    match backward {
        Outcome::Arrived(back) => {
            let request_ports = arrived.destination_ports();
            // A reply's source port is the request's destination port (NAT only rewrites the
            // request's source side).
            let reply_ports = back.reversed().destination_ports();
            answer.reachable_ports = request_ports.intersection(&reply_ports);
            // Replies go back to the request's source ports; say so when only some of them get
            // replies (a network ACL that lets back only part of the ephemeral range).
            let asked_source_ports = resolved
                .request
                .cubes()
                .iter()
                .fold(IntervalSet::empty(), |ports, cube| {
                    ports.union(&cube.source_ports)
                });
            let answered_source_ports = back.destination_ports();
            if !answered_source_ports.is_superset(&asked_source_ports) {
                answer.notes.push(format!(
                    "replies come back only to source ports {}; a client using another source port gets no reply",
                    answered_source_ports.intersection(&asked_source_ports).to_range_list()
                ));
            }
            let mut forward_set = forward_middleboxes.clone();
            let mut reply_set = reply_middleboxes.clone();
            forward_set.sort();
            reply_set.sort();
            if forward_set != reply_set {
                let bypassed: Vec<&String> = forward_middleboxes
                    .iter()
                    .filter(|middlebox| !reply_middleboxes.contains(middlebox))
                    .collect();
                let extra: Vec<&String> = reply_middleboxes
                    .iter()
                    .filter(|middlebox| !forward_middleboxes.contains(middlebox))
                    .collect();
                answer.verdict = Verdict::ReachableOneWay;
                let list = |ids: &[&String]| {
                    ids.iter()
                        .map(|id| id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                let message = if bypassed.is_empty() {
                    format!(
                        "the replies take a different path from the requests and cross {}, which the requests did not: an asymmetric path through a stateful middlebox",
                        list(&extra)
                    )
                } else {
                    format!(
                        "the replies take a different path from the requests and bypass {}: an asymmetric path through a stateful middlebox",
                        list(&bypassed)
                    )
                };
                let bypassed: Vec<&String> = if bypassed.is_empty() { extra } else { bypassed };
                answer.additional_details.push(Explanation {
                    firewall_rule: None,
                    rule_options: Vec::new(),
                    code: "UNIDIRECTIONAL_PATH_ANALYSIS_ONLY",
                    component: Component {
                        id: bypassed
                            .first()
                            .map(|id| id.to_string())
                            .unwrap_or_default(),
                        arn: None,
                        name: None,
                        kind: "middlebox",
                    },
                    message: message.clone(),
                });
                answer.summary = format!("{what} arrives, but {message}.");
                if mode.compat == Compat::Aws {
                    // AWS's analyzer checks the forward direction and calls the path found.
                    answer.verdict = Verdict::Reachable;
                    answer.summary = format!("{what} gets through (AWS's analyzer checks the forward direction only; {message}).");
                } else {
                    one_sided(
                        snapshot,
                        mode,
                        &request.visits,
                        &bypassed,
                        &mut answer,
                        &what,
                    );
                }
            } else {
                answer.verdict = Verdict::Reachable;
                answer.summary = format!("{what} gets through, and the replies come back.");
            }
        }
        Outcome::Blocked => {
            answer.verdict = Verdict::ReachableOneWay;
            answer.summary = match answer.explanations.last() {
                Some(explanation) => format!(
                    "{what} arrives, but the replies do not come back: {}.",
                    explanation.message
                ),
                None => format!("{what} arrives, but the replies do not come back."),
            };
        }
        Outcome::Stopped => {
            answer.verdict = Verdict::Unknown;
            answer.summary =
                format!("{what} arrives; the replies meet a component Reach does not analyse yet.");
        }
    }
    answer
}

/// A firewall the replies bypass sees only the requests: what it then does to them.
fn one_sided(
    snapshot: &Snapshot,
    mode: &Mode,
    visits: &[Visit],
    bypassed: &[&String],
    answer: &mut Answer,
    what: &str,
) {
    for visit in visits.iter().filter(|visit| {
        bypassed
            .iter()
            .any(|id| id.as_str() == visit.endpoint.as_str())
    }) {
        let Some(engine) = snapshot.firewall_engines.get(&visit.firewall) else {
            continue;
        };
        let outcomes = reach_nfw::inspect(
            engine,
            &visit.request,
            &mode.scenario,
            reach_nfw::Sides::RequestsOnly,
        );
        if let Some(passing) = outcomes
            .iter()
            .find(|outcome| outcome.verdict == reach_nfw::Verdict::Pass)
        {
            let rule = firewall_rule(engine, passing, family_of(&visit.request), Compat::Faithful);
            answer.notes.push(format!(
                "real traffic still gets through: firewall endpoint {} sees only the requests, so the connection never counts as established there and no application protocol is detected; {}",
                visit.endpoint, rule.plain
            ));
            continue;
        }
        let Some(blocking) = outcomes.first() else {
            continue;
        };
        let family = family_of(&visit.request);
        let rule = firewall_rule(engine, blocking, family, Compat::Faithful);
        let component = Component {
            id: visit.endpoint.to_string(),
            arn: Some(visit.firewall.to_string()),
            name: snapshot
                .firewalls
                .get(&visit.firewall)
                .map(|firewall| firewall.name.clone()),
            kind: "Network Firewall endpoint",
        };
        answer
            .explanations
            .push(firewall_restriction(component, rule.plain.clone(), &rule));
        answer.verdict = Verdict::NotReachable;
        answer.reachable_ports = IntervalSet::empty();
        answer.summary = format!(
            "{what} does not get through: the replies bypass firewall endpoint {}, and {}.",
            visit.endpoint, rule.plain
        );
        return;
    }
}

/// `FIREWALL_RULES_RESTRICTION` on a firewall component, with the rule AWS would print.
fn firewall_restriction(component: Component, message: String, rule: &FirewallRule) -> Explanation {
    Explanation {
        code: "FIREWALL_RULES_RESTRICTION",
        component,
        message,
        firewall_rule: Some(Box::new(rule.clone())),
        rule_options: Vec::new(),
    }
}

fn family_of(space: &Space) -> crate::space::Family {
    space
        .cubes()
        .first()
        .map(|cube| cube.family)
        .unwrap_or(crate::space::Family::V4)
}

impl<'a> Walker<'a> {
    fn new(snapshot: &'a Snapshot, leg: Leg, target: Place, mode: &Mode) -> Walker<'a> {
        Walker {
            snapshot,
            leg,
            target,
            hops: Vec::new(),
            explanations: Vec::new(),
            notes: Vec::new(),
            middleboxes: Vec::new(),
            nat_states: Vec::new(),
            exit: None,
            tables_seen: Vec::new(),
            mode: mode.clone(),
            visits: Vec::new(),
            details: Vec::new(),
            request_endpoints: Vec::new(),
            zones: Vec::new(),
            sends_for_others: false,
            replies_to_source: false,
        }
    }

    fn finish_into(&mut self, mut answer: Answer) -> Answer {
        answer.forward = std::mem::take(&mut self.hops);
        answer.explanations = std::mem::take(&mut self.explanations);
        answer.notes = std::mem::take(&mut self.notes);
        answer.additional_details = std::mem::take(&mut self.details);
        answer
    }

    fn start(&mut self, from: &Place, space: Space) -> Outcome {
        match from {
            Place::Interface(id) => self.leave_interface(id, space),
            Place::Internet => self.enter_from_internet(space),
        }
    }

    // ----------------------------------------------------------------- components and hops

    fn interface_component(&self, interface: &NetworkInterface) -> Component {
        match &interface.instance {
            Some(instance) if self.snapshot.instances.contains_key(instance) => {
                let name = self.snapshot.instances[instance].name.clone();
                Component {
                    id: instance.to_string(),
                    arn: None,
                    name,
                    kind: "instance",
                }
            }
            _ => Component {
                id: interface.id.to_string(),
                arn: None,
                name: interface.name.clone(),
                kind: "network interface",
            },
        }
    }

    fn hop(
        &mut self,
        component: Component,
        vpc: Option<String>,
        subnet: Option<String>,
        rule: Option<Rule>,
        outbound: &Space,
    ) {
        self.hops.push(Hop {
            component,
            vpc,
            subnet,
            rule,
            outbound: outbound.clone(),
        });
    }

    /// Records that the path stops at `component`: a hop nothing leaves, and why.
    fn stop_at(
        &mut self,
        component: Component,
        vpc: Option<String>,
        subnet: Option<String>,
        code: &'static str,
        message: String,
    ) {
        self.hop(component.clone(), vpc, subnet, None, &Space::empty());
        self.explain(code, component, message);
    }

    fn explain(&mut self, code: &'static str, component: Component, message: String) {
        self.explanations.push(Explanation {
            code,
            component,
            message,
            firewall_rule: None,
            rule_options: Vec::new(),
        });
    }

    fn subnet_of(&self, interface: &NetworkInterface) -> Option<&'a Subnet> {
        interface
            .subnet
            .as_ref()
            .and_then(|id| self.snapshot.subnets.get(id))
    }

    // ----------------------------------------------------------------- interfaces

    /// Packets leave an interface: its security groups (requests only: replies pass a
    /// stateful group), then its subnet's route table.
    fn leave_interface(&mut self, id: &NetworkInterfaceId, space: Space) -> Outcome {
        // Question resolution only names interfaces of the snapshot.
        let Some(interface) = self.snapshot.network_interfaces.get(id) else {
            return Outcome::Blocked;
        };
        let component = self.interface_component(interface);
        if self.leg == Leg::Request && interface.source_dest_check && !self.sends_for_others {
            let own = Space::from_cubes(
                interface
                    .private_addresses
                    .iter()
                    .map(|(address, _)| *address)
                    .chain(interface.ipv6_addresses.iter().copied())
                    .map(|address| {
                        let (family, number) = address_number(address);
                        Cube {
                            sources: IntervalSet::single(number),
                            ..Cube::everything(family)
                        }
                    })
                    .collect(),
            );
            if space.intersection(&own).is_empty() {
                self.stop_at(component, vpc_string(&interface.vpc), interface.subnet.as_ref().map(ToString::to_string), "ENI_SOURCE_DEST_CHECK_RESTRICTION", format!("{} sends from an address that is not its own, which AWS drops while its source/destination check is on", interface.id));
                return Outcome::Blocked;
            }
        }
        let vpc = interface.vpc.as_ref().map(ToString::to_string);
        let subnet_id = interface.subnet.as_ref().map(ToString::to_string);
        self.hop(
            component.clone(),
            vpc.clone(),
            subnet_id.clone(),
            None,
            &space,
        );
        let space = if self.leg == Leg::Request && has_security_groups(interface) {
            match self.security_groups(interface, Direction::Outbound, &space) {
                Some(allowed) => allowed,
                None => return Outcome::Blocked,
            }
        } else {
            space
        };
        let Some(subnet) = self.subnet_of(interface) else {
            self.explain(
                "UNASSOCIATED_COMPONENT",
                component,
                format!("the subnet of {} is not in the input", interface.id),
            );
            return Outcome::Blocked;
        };
        if self.leg == Leg::Reply && self.replies_to_source {
            if let Place::Interface(source) = self.target.clone() {
                if let Some(node) = self.snapshot.network_interfaces.get(&source) {
                    let Some(to_subnet) = self.subnet_of(node) else {
                        return Outcome::Blocked;
                    };
                    let Some(space) = self.cross_subnets(subnet, to_subnet, space) else {
                        return Outcome::Blocked;
                    };
                    return self.arrive_at_interface(node, space);
                }
            }
        }
        self.route_from(subnet, space)
    }

    /// Security groups of an interface in one direction. `None` when they allow nothing.
    fn security_groups(
        &mut self,
        interface: &NetworkInterface,
        direction: Direction,
        space: &Space,
    ) -> Option<Space> {
        let evaluation =
            security_group::evaluate(self.snapshot, &interface.security_groups, direction, space);
        for (group, rule, reason) in &evaluation.unresolved {
            self.notes.push(format!(
                "security group {group} rule {} was not evaluated: {reason}",
                describe_peer(&rule.peer)
            ));
        }
        let direction_name = if direction == Direction::Outbound {
            "egress"
        } else {
            "ingress"
        };
        let vpc = interface.vpc.as_ref().map(ToString::to_string);
        let subnet = interface.subnet.as_ref().map(ToString::to_string);
        if evaluation.allowed.is_empty() {
            let no_rules = interface.security_groups.iter().all(|group| {
                self.snapshot
                    .security_groups
                    .get(group)
                    .is_none_or(|group| match direction {
                        Direction::Outbound => group.egress.is_empty(),
                        Direction::Inbound => group.ingress.is_empty(),
                    })
            });
            let groups: Vec<String> = interface
                .security_groups
                .iter()
                .map(ToString::to_string)
                .collect();
            let component = Component {
                id: groups.first().cloned().unwrap_or_default(),
                arn: None,
                name: interface
                    .security_groups
                    .first()
                    .and_then(|group| self.snapshot.security_groups.get(group))
                    .and_then(|group| group.group_name.clone()),
                kind: "security group",
            };
            let (code, message) = if no_rules {
                (
                    "SG_HAS_NO_RULES",
                    format!(
                        "security group {} has no {direction_name} rules",
                        groups.join(", ")
                    ),
                )
            } else {
                (
                    "ENI_SG_RULES_MISMATCH",
                    format!(
                        "no {direction_name} rule of {} allows it",
                        groups.join(", ")
                    ),
                )
            };
            self.hop(component.clone(), vpc, subnet, None, &Space::empty());
            self.explain(code, component, message);
            return None;
        }
        let (group, rule, _) = &evaluation.matches[0];
        let component = Component {
            id: group.to_string(),
            arn: None,
            name: self
                .snapshot
                .security_groups
                .get(*group)
                .and_then(|g| g.group_name.clone()),
            kind: "security group",
        };
        let rule = Rule::SecurityGroup {
            group: group.to_string(),
            direction: direction_name,
            protocol: protocol_name(rule.protocol),
            ports: rule.ports,
            peer: describe_peer(&rule.peer),
            rule_id: rule.rule_id.clone(),
        };
        self.hop(component, vpc, subnet, Some(rule), &evaluation.allowed);
        Some(evaluation.allowed)
    }

    // ----------------------------------------------------------------- network ACLs

    /// A subnet's network ACL in one direction. `None` when it allows nothing.
    fn network_acl(
        &mut self,
        subnet: &Subnet,
        direction: Direction,
        space: &Space,
    ) -> Option<Space> {
        let Some(acl) = subnet
            .network_acl
            .as_ref()
            .and_then(|id| self.snapshot.network_acls.get(id))
        else {
            self.notes.push(format!(
                "the network ACL of {} is not in the input: it was not checked",
                subnet.id
            ));
            return Some(space.clone());
        };
        let evaluation = network_acl::evaluate(acl, direction, space);
        let egress = direction == Direction::Outbound;
        let component = Component {
            id: acl.id.to_string(),
            arn: None,
            name: acl.name.clone(),
            kind: "network ACL",
        };
        // The hop shows the entry that let packets through, else the one that stopped them.
        let deciding = evaluation
            .decisions
            .iter()
            .find(|decision| decision.allowed)
            .or(evaluation.decisions.first());
        let rule = deciding.map(|decision| match decision.entry {
            Some(entry) => Rule::NetworkAcl {
                acl: acl.id.to_string(),
                egress,
                rule_number: Some(entry.rule_number),
                action: if entry.allow { "allow" } else { "deny" },
                protocol: match entry.protocol {
                    crate::model::Protocol::All => "-1".to_owned(),
                    crate::model::Protocol::Number(number) => number.to_string(),
                },
                ports: entry.ports,
                cidr: entry.cidr.to_string(),
            },
            None => Rule::NetworkAcl {
                acl: acl.id.to_string(),
                egress,
                rule_number: None,
                action: "deny",
                protocol: "-1".to_owned(),
                ports: None,
                cidr: "0.0.0.0/0".to_owned(),
            },
        });
        self.hop(
            component.clone(),
            Some(subnet.vpc.to_string()),
            Some(subnet.id.to_string()),
            rule.clone(),
            &evaluation.allowed,
        );
        if evaluation.allowed.is_empty() {
            let which = if egress { "outbound" } else { "inbound" };
            let entry = rule.map(|rule| rule.text()).unwrap_or_default();
            let leg = if self.leg == Leg::Reply {
                "the replies"
            } else {
                "it"
            };
            self.explain(
                "SUBNET_ACL_RESTRICTION",
                component,
                format!(
                    "network ACL {} of {} denies {leg} {which} ({entry})",
                    acl.id, subnet.id
                ),
            );
            return None;
        }
        Some(evaluation.allowed)
    }

    /// Network ACLs apply where traffic crosses a subnet boundary: outbound of the subnet left,
    /// inbound of the subnet entered. `None` when either stops everything.
    fn cross_subnets(&mut self, from: &Subnet, to: &Subnet, space: Space) -> Option<Space> {
        if from.id == to.id {
            return Some(space);
        }
        let space = self.network_acl(from, Direction::Outbound, &space)?;
        self.network_acl(to, Direction::Inbound, &space)
    }

    // ----------------------------------------------------------------- routing

    /// Packets leave `subnet` by its route table.
    /// Looks up `table` for the space and records the route hop: the route and the packets it
    /// carries, or how the walk ends here (routing loop, no route, blackhole). `subnet` is the
    /// subnet packets leave, none for a gateway route table.
    fn select_route(
        &mut self,
        table: &'a crate::model::RouteTable,
        subnet: Option<&Subnet>,
        space: &Space,
    ) -> Result<(&'a crate::model::Route, Space), Outcome> {
        let component = Component {
            id: table.id.to_string(),
            arn: None,
            name: table.name.clone(),
            kind: "route table",
        };
        if self.tables_seen.contains(&table.id) {
            self.explain(
                "CANNOT_ROUTE",
                component,
                format!(
                    "routing loop: the packets come back to route table {}",
                    table.id
                ),
            );
            return Err(Outcome::Blocked);
        }
        self.tables_seen.push(table.id.clone());
        let lookup = route_table::lookup(self.snapshot, table, space);
        for route in &lookup.unresolved {
            self.notes.push(format!(
                "route table {}: the prefix list of route {} has no entries in the input",
                table.id,
                describe_destination(&route.destination)
            ));
        }
        let subnet_id = subnet.map(|subnet| subnet.id.to_string());
        let Some(selected) = lookup.selected.first() else {
            self.stop_at(
                component,
                Some(table.vpc.to_string()),
                subnet_id,
                "NO_ROUTE_TO_DESTINATION",
                format!("route table {} has no route to the destination", table.id),
            );
            return Err(Outcome::Blocked);
        };
        if lookup.selected.len() > 1 {
            self.notes.push(format!(
                "route table {}: the destinations follow {} different routes; the path shown follows the first",
                table.id,
                lookup.selected.len()
            ));
        }
        let route = selected.route;
        let (target_key, target) = target_name(&route.target);
        let rule = Rule::Route {
            table: table.id.to_string(),
            destination: describe_destination(&route.destination),
            target_key,
            target,
            state: match &route.state {
                RouteState::Active => "active".to_owned(),
                RouteState::Blackhole => "blackhole".to_owned(),
                RouteState::Other(other) => other.clone(),
            },
        };
        self.hop(
            component.clone(),
            Some(table.vpc.to_string()),
            subnet_id,
            Some(rule),
            &selected.space,
        );
        if route.state != RouteState::Active {
            self.explain(
                "BAD_STATE_ROUTE",
                component,
                format!(
                    "the route of {} to {} is a blackhole: its target no longer exists",
                    table.id,
                    describe_destination(&route.destination)
                ),
            );
            return Err(Outcome::Blocked);
        }
        Ok((route, selected.space.clone()))
    }

    fn route_from(&mut self, subnet: &'a Subnet, space: Space) -> Outcome {
        let Some((table_id, _)) = &subnet.route_table else {
            let component = Component {
                id: subnet.id.to_string(),
                arn: None,
                name: subnet.name.clone(),
                kind: "subnet",
            };
            self.explain(
                "NO_ROUTE_TO_DESTINATION",
                component,
                format!("{} has no route table in the input", subnet.id),
            );
            return Outcome::Blocked;
        };
        let Some(table) = self.snapshot.route_tables.get(table_id) else {
            return Outcome::Blocked;
        };
        let (route, space) = match self.select_route(table, Some(subnet), &space) {
            Ok(selected) => selected,
            Err(outcome) => return outcome,
        };
        match &route.target {
            RouteTarget::Local => self.deliver_in_vpc(Some(subnet), space),
            RouteTarget::InternetGateway(gateway) => self.out_to_internet(subnet, gateway, space),
            RouteTarget::NatGateway(nat) => self.through_nat(subnet, nat, space),
            RouteTarget::VpcEndpoint(endpoint) => {
                self.hand_off_at_endpoint(subnet, endpoint, space)
            }
            RouteTarget::VpcPeeringConnection(peering) => {
                self.through_peering(subnet, peering, space)
            }
            RouteTarget::TransitGateway(gateway) => {
                self.through_transit_gateway(subnet, gateway, space)
            }
            RouteTarget::EgressOnlyInternetGateway(gateway) => {
                self.out_egress_only(subnet, gateway, space)
            }
            RouteTarget::NetworkInterface(interface) => {
                self.through_appliance(subnet, interface, space)
            }
            RouteTarget::VpnGateway(gateway) => self.out_to_vpn_gateway(subnet, gateway, space),
            RouteTarget::Instance(instance) => {
                match self
                    .snapshot
                    .instances
                    .get(instance)
                    .and_then(|instance| instance.network_interfaces.first())
                {
                    Some(interface) => {
                        let interface = interface.clone();
                        self.through_appliance(subnet, &interface, space)
                    }
                    None => Outcome::Blocked,
                }
            }
            other => {
                let (_, id) = target_name(other);
                let component = Component {
                    id: id.clone(),
                    arn: None,
                    name: None,
                    kind: "route target",
                };
                self.hop(
                    component.clone(),
                    Some(table.vpc.to_string()),
                    None,
                    None,
                    &space,
                );
                self.explain(
                    "UNSUPPORTED_COMPONENT",
                    component,
                    format!("{id}: paths through this kind of target are not analysed yet"),
                );
                self.notes.push(format!(
                    "the path continues through {id}, which Reach does not analyse yet"
                ));
                Outcome::Stopped
            }
        }
    }

    /// The local route: to the interface that holds the destination address in the VPC.
    /// `from` is the subnet packets leave (none when they come from the internet gateway).
    fn deliver_in_vpc(&mut self, from: Option<&'a Subnet>, space: Space) -> Outcome {
        let Some(destination) = first_destination(&space) else {
            return Outcome::Blocked;
        };
        let Some(interface) = self.snapshot.interface_holding(destination) else {
            let component = Component {
                id: destination.to_string(),
                arn: None,
                name: None,
                kind: "address",
            };
            self.explain(
                "NO_POSSIBLE_DESTINATION",
                component,
                format!("no network interface in the input holds {destination}"),
            );
            return Outcome::Blocked;
        };
        let Some(to_subnet) = self.subnet_of(interface) else {
            return Outcome::Blocked;
        };
        let mut space = space;
        space = match from {
            Some(from) => match self.cross_subnets(from, to_subnet, space) {
                Some(space) => space,
                None => return Outcome::Blocked,
            },
            // From a gateway: only the entered subnet's network ACL applies.
            None => match self.network_acl(to_subnet, Direction::Inbound, &space) {
                Some(space) => space,
                None => return Outcome::Blocked,
            },
        };
        self.arrive_at_interface(interface, space)
    }

    /// Packets reach an interface: the destination itself, or a NAT gateway on the replies'
    /// way back.
    fn arrive_at_interface(&mut self, interface: &NetworkInterface, space: Space) -> Outcome {
        if self.target == Place::Interface(interface.id.clone()) {
            let space = if self.leg == Leg::Request && has_security_groups(interface) {
                match self.security_groups(interface, Direction::Inbound, &space) {
                    Some(space) => space,
                    None => return Outcome::Blocked,
                }
            } else {
                space
            };
            let component = self.interface_component(interface);
            self.hop(
                component,
                interface.vpc.as_ref().map(ToString::to_string),
                interface.subnet.as_ref().map(ToString::to_string),
                None,
                &space,
            );
            return Outcome::Arrived(space);
        }
        if interface.interface_type == "nat_gateway" && self.leg == Leg::Reply {
            return self.untranslate_at_nat(interface, space);
        }
        let component = self.interface_component(interface);
        self.explain(
            "NO_POSSIBLE_DESTINATION",
            component,
            format!(
                "the packets are delivered to {}, which is not the destination",
                interface.id
            ),
        );
        Outcome::Blocked
    }

    // ----------------------------------------------------------------- gateways

    fn out_to_internet(
        &mut self,
        subnet: &'a Subnet,
        gateway: &InternetGatewayId,
        space: Space,
    ) -> Outcome {
        let Some(space) = self.network_acl(subnet, Direction::Outbound, &space) else {
            return Outcome::Blocked;
        };
        let name = self
            .snapshot
            .internet_gateways
            .get(gateway)
            .and_then(|igw| igw.name.clone());
        let component = Component {
            id: gateway.to_string(),
            arn: None,
            name,
            kind: "internet gateway",
        };
        if self.target != Place::Internet {
            self.hop(
                component.clone(),
                Some(subnet.vpc.to_string()),
                None,
                None,
                &space,
            );
            self.explain(
                "NO_ROUTE_TO_DESTINATION",
                component,
                "the route leads to the internet, but the destination is inside the network"
                    .to_owned(),
            );
            return Outcome::Blocked;
        }
        // The internet gateway does not send private (RFC 1918) destinations to the internet.
        let private = Space::from_cubes(
            ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]
                .iter()
                .map(|block| {
                    let (family, destinations) =
                        crate::space::cidr_range(&block.parse().expect("constant CIDR"));
                    Cube {
                        destinations,
                        ..Cube::everything(family)
                    }
                })
                .collect(),
        );
        let public_destinations = space.difference(&private);
        if public_destinations.is_empty() && self.leg == Leg::Request {
            self.stop_at(
                component,
                Some(subnet.vpc.to_string()),
                None,
                "IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS",
                "the internet gateway does not send packets to private (RFC 1918) addresses"
                    .to_owned(),
            );
            return Outcome::Blocked;
        }
        let space = if self.leg == Leg::Request {
            public_destinations
        } else {
            space
        };
        // Egress needs a public address for every private source (an interface's public IP or
        // Elastic IP; a NAT gateway's Elastic IP).
        let mut translated = Vec::new();
        let mut missing = Vec::new();
        for cube in space.cubes() {
            for address in addresses_of(cube) {
                match self.public_address_of(address) {
                    Some(public) => translated.push((cube.clone(), address, public)),
                    None => missing.push(address),
                }
            }
        }
        if translated.is_empty() {
            let sources: Vec<String> = missing.iter().map(ToString::to_string).collect();
            self.stop_at(component, Some(subnet.vpc.to_string()), None, "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS", format!("{} has no public IP address or Elastic IP, which the internet gateway needs to send it to the internet", sources.join(", ")));
            return Outcome::Blocked;
        }
        let mut out = Space::empty();
        let mut words = Vec::new();
        for (cube, private, public) in translated {
            let (_, private_number) = address_number(private);
            let (_, public_number) = address_number(public);
            let mut cube = cube;
            if self.leg == Leg::Request {
                cube.sources = cube
                    .sources
                    .intersection(&IntervalSet::single(private_number));
                if cube.sources.is_empty() {
                    continue;
                }
                cube.sources = IntervalSet::single(public_number);
                words.push(format!("source {private} -> {public}"));
            }
            out = out.union(&Space::from_cube(cube));
        }
        let rule = (!words.is_empty()).then(|| Rule::Translation {
            text: words.join(", "),
        });
        self.hop(component, Some(subnet.vpc.to_string()), None, rule, &out);
        if self.leg == Leg::Request {
            for address in missing {
                self.notes.push(format!(
                    "{address} has no public address: its packets stop at the internet gateway"
                ));
            }
        }
        self.exit = Some(Exit::InternetGateway);
        Outcome::Arrived(out)
    }

    /// The public address the internet gateway maps a private one to.
    fn public_address_of(&self, private: IpAddr) -> Option<IpAddr> {
        if private.is_ipv6() {
            // IPv6 addresses are public as they are.
            return Some(private);
        }
        self.snapshot
            .network_interfaces
            .values()
            .find_map(|interface| {
                interface
                    .private_addresses
                    .iter()
                    .find(|(address, _)| *address == private)
                    .and_then(|(_, public)| *public)
            })
            .or_else(|| {
                self.snapshot
                    .elastic_ips
                    .values()
                    .find(|eip| eip.private_ip == Some(private))
                    .map(|eip| eip.public_ip)
            })
            .or_else(|| {
                self.snapshot
                    .nat_gateways
                    .values()
                    .flat_map(|nat| nat.addresses.iter())
                    .find(|address| address.private_ip == Some(private))
                    .and_then(|address| address.public_ip)
            })
    }

    /// Replies from the internet: the internet gateway maps each public destination to its
    /// private address, then the VPC delivers it (ingress routing through an edge-associated
    /// route table is not analysed yet).
    fn enter_from_internet(&mut self, space: Space) -> Outcome {
        match self.exit.clone() {
            Some(Exit::EgressOnlyInternetGateway(gateway)) => {
                // Replies to what left through an egress-only gateway come back through it;
                // IPv6 addresses need no translation.
                let name = self
                    .snapshot
                    .egress_only_internet_gateways
                    .get(&gateway)
                    .and_then(|gateway| gateway.name.clone());
                let vpc = self
                    .snapshot
                    .egress_only_internet_gateways
                    .get(&gateway)
                    .and_then(|gateway| vpc_string(&gateway.vpc));
                let component = Component {
                    id: gateway.to_string(),
                    arn: None,
                    name,
                    kind: "egress-only internet gateway",
                };
                self.hop(component, vpc, None, None, &space);
                return self.deliver_in_vpc(None, space);
            }
            Some(Exit::GatewayEndpoint(endpoint)) => {
                let vpc = self
                    .snapshot
                    .vpc_endpoints
                    .get(&endpoint)
                    .and_then(|endpoint| vpc_string(&endpoint.vpc));
                let component = Component {
                    id: endpoint.to_string(),
                    arn: None,
                    name: None,
                    kind: "gateway VPC endpoint",
                };
                self.hop(component, vpc, None, None, &space);
                return self.deliver_in_vpc(None, space);
            }
            Some(Exit::TransitGatewayEdge {
                gateway,
                attachment,
                subnet,
            }) => {
                let snapshot = self.snapshot;
                let (Some(attachment), Some(subnet)) = (
                    snapshot.transit_gateway_attachments.get(&attachment),
                    snapshot.subnets.get(&subnet),
                ) else {
                    return Outcome::Blocked;
                };
                self.hop(
                    tgw_attachment_component(attachment),
                    None,
                    None,
                    None,
                    &space,
                );
                let component = Component {
                    id: gateway.to_string(),
                    arn: None,
                    name: snapshot
                        .transit_gateways
                        .get(&gateway)
                        .and_then(|tgw| tgw.name.clone()),
                    kind: "transit gateway",
                };
                return self.transit_gateway_route(&component, subnet, attachment, None, space, 0);
            }
            Some(Exit::VpnGateway(gateway)) => {
                let found = self.snapshot.vpn_gateways.get(&gateway);
                let component = Component {
                    id: gateway.to_string(),
                    arn: None,
                    name: found.and_then(|gateway| gateway.name.clone()),
                    kind: "virtual private gateway",
                };
                let vpc = found
                    .and_then(|gateway| gateway.vpcs.first())
                    .map(ToString::to_string);
                self.hop(component, vpc, None, None, &space);
                return self.deliver_in_vpc(None, space);
            }
            Some(Exit::InternetGateway) | None => {}
        }
        let Some(destination) = first_destination(&space) else {
            return Outcome::Blocked;
        };
        // Find the private address behind the public destination.
        let mapping = self
            .snapshot
            .network_interfaces
            .values()
            .find_map(|interface| {
                interface
                    .private_addresses
                    .iter()
                    .find(|(_, public)| *public == Some(destination))
                    .map(|(private, _)| (interface, *private))
            });
        let private = match mapping {
            Some((_, private)) => Some(private),
            None => self
                .snapshot
                .nat_gateways
                .values()
                .flat_map(|nat| nat.addresses.iter())
                .find(|address| address.public_ip == Some(destination))
                .and_then(|address| address.private_ip),
        };
        let private = private.or_else(|| destination.is_ipv6().then_some(destination));
        let Some(private) = private else {
            let component = Component {
                id: destination.to_string(),
                arn: None,
                name: None,
                kind: "address",
            };
            self.explain(
                "IGW_EXPECTS_PUBLIC_ADDRESS",
                component,
                format!("{destination} is not a public address of any interface in the input"),
            );
            return Outcome::Blocked;
        };
        let Some(interface) = self.snapshot.network_interfaces.values().find(|interface| {
            interface
                .private_addresses
                .iter()
                .any(|(address, _)| *address == private)
                || interface.ipv6_addresses.contains(&private)
        }) else {
            return Outcome::Blocked;
        };
        let vpc = interface.vpc.clone();
        let gateway = self
            .snapshot
            .internet_gateways
            .values()
            .find(|gateway| gateway.vpc.is_some() && gateway.vpc == vpc);
        let Some(gateway) = gateway else {
            let component = Component {
                id: vpc.map(|vpc| vpc.to_string()).unwrap_or_default(),
                arn: None,
                name: None,
                kind: "VPC",
            };
            self.explain(
                "NO_ROUTE_TO_DESTINATION",
                component,
                "the VPC has no internet gateway attached".to_owned(),
            );
            return Outcome::Blocked;
        };
        let (_, public_number) = address_number(destination);
        let (_, private_number) = address_number(private);
        let mut cubes = Vec::new();
        for cube in space.cubes() {
            let mut cube = cube.clone();
            cube.destinations = cube
                .destinations
                .intersection(&IntervalSet::single(public_number));
            if cube.destinations.is_empty() {
                continue;
            }
            cube.destinations = IntervalSet::single(private_number);
            cubes.push(cube);
        }
        let space = Space::from_cubes(cubes);
        let component = Component {
            id: gateway.id.to_string(),
            arn: None,
            name: gateway.name.clone(),
            kind: "internet gateway",
        };
        let rule = (destination != private).then(|| Rule::Translation {
            text: format!("destination {destination} -> {private}"),
        });
        self.hop(component, vpc_string(&gateway.vpc), None, rule, &space);
        let edge = self.snapshot.route_tables.values().find(|table| {
            table
                .gateways
                .iter()
                .any(|edge| edge == gateway.id.as_str())
        });
        match edge {
            Some(table) => self.route_ingress(table, space),
            None => self.deliver_in_vpc(None, space),
        }
    }

    /// Ingress routing: an internet gateway's edge-associated route table decides where
    /// traffic from the internet goes first (an appliance or a firewall endpoint that inspects
    /// it), instead of the local route.
    fn route_ingress(&mut self, table: &'a crate::model::RouteTable, space: Space) -> Outcome {
        let component = Component {
            id: table.id.to_string(),
            arn: None,
            name: table.name.clone(),
            kind: "route table",
        };
        let (route, space) = match self.select_route(table, None, &space) {
            Ok(selected) => selected,
            Err(outcome) => return outcome,
        };
        // From the gateway, only the network ACL of the subnet entered applies.
        let enter = |walker: &mut Self, subnet: &'a Subnet, space: Space| {
            walker.network_acl(subnet, Direction::Inbound, &space)
        };
        match &route.target {
            RouteTarget::Local => self.deliver_in_vpc(None, space),
            RouteTarget::VpcEndpoint(endpoint) => {
                let subnet = self
                    .snapshot
                    .firewalls
                    .values()
                    .flat_map(|firewall| firewall.endpoints.iter())
                    .find(|attachment| attachment.endpoint.as_ref() == Some(endpoint))
                    .and_then(|attachment| attachment.subnet.as_ref())
                    .or_else(|| {
                        // A Gateway Load Balancer endpoint's one subnet.
                        self.snapshot
                            .vpc_endpoints
                            .get(endpoint)
                            .and_then(|found| found.subnets.first())
                    })
                    .and_then(|id| self.snapshot.subnets.get(id));
                let Some(subnet) = subnet else {
                    self.explain(
                        "UNSUPPORTED_COMPONENT",
                        component,
                        format!("{endpoint}: ingress routing to this endpoint is not analysed yet"),
                    );
                    return Outcome::Stopped;
                };
                let Some(space) = enter(self, subnet, space) else {
                    return Outcome::Blocked;
                };
                self.hand_off_at_endpoint(subnet, endpoint, space)
            }
            RouteTarget::NetworkInterface(id) => {
                let Some(subnet) = self
                    .snapshot
                    .network_interfaces
                    .get(id)
                    .and_then(|interface| self.subnet_of(interface))
                else {
                    return Outcome::Blocked;
                };
                let Some(space) = enter(self, subnet, space) else {
                    return Outcome::Blocked;
                };
                self.through_appliance(subnet, id, space)
            }
            other => {
                let (_, id) = target_name(other);
                self.explain(
                    "UNSUPPORTED_COMPONENT",
                    component,
                    format!("{id}: ingress routing to this kind of target is not analysed yet"),
                );
                self.notes.push(format!(
                    "the path continues through {id}, which Reach does not analyse yet"
                ));
                Outcome::Stopped
            }
        }
    }

    fn through_nat(&mut self, subnet: &'a Subnet, nat: &NatGatewayId, space: Space) -> Outcome {
        // Translated packets are new packets to the route tables: meeting a table again after
        // a NAT is no loop.
        self.tables_seen.clear();
        let Some(gateway) = self.snapshot.nat_gateways.get(nat) else {
            return Outcome::Blocked;
        };
        let component = Component {
            id: nat.to_string(),
            arn: None,
            name: gateway.name.clone(),
            kind: "NAT gateway",
        };
        if self.leg == Leg::Reply {
            // A reply routed to a NAT gateway it did not come through: no translation state.
            self.stop_at(component, vpc_string(&gateway.vpc), gateway.subnet.as_ref().map(ToString::to_string), "NO_ROUTE_TO_DESTINATION", format!("the replies are routed to NAT gateway {nat}, which has no record of the request"));
            return Outcome::Blocked;
        }
        let Some(nat_subnet) = gateway
            .subnet
            .as_ref()
            .and_then(|id| self.snapshot.subnets.get(id))
        else {
            return Outcome::Blocked;
        };
        let Some(space) = self.cross_subnets(subnet, nat_subnet, space) else {
            return Outcome::Blocked;
        };
        // Only same-VPC traffic reaches a NAT gateway while peering and transit gateways stop
        // the walk; NGW_REQUIRES_SOURCE_IN_VPC comes with them.
        let from_vpc = space;
        let Some(private_ip) = gateway
            .addresses
            .first()
            .and_then(|address| address.private_ip)
        else {
            return Outcome::Blocked;
        };
        let (_, nat_number) = address_number(private_ip);
        let translated = Space::from_cubes(
            from_vpc
                .cubes()
                .iter()
                .map(|cube| Cube {
                    sources: IntervalSet::single(nat_number),
                    // The NAT gateway picks a new source port for each connection.
                    source_ports: IntervalSet::range(1024, 65535),
                    ..cube.clone()
                })
                .collect(),
        );
        let rule = Rule::Translation { text: format!("source -> {private_ip} (NGW_SOURCE_ADDRESS_REASSIGN), source port remapped (REMAP_EPHEMERAL_PORT)") };
        self.hop(
            component,
            vpc_string(&gateway.vpc),
            Some(nat_subnet.id.to_string()),
            Some(rule),
            &translated,
        );
        self.middleboxes.push(nat.to_string());
        self.nat_states.push(NatState {
            nat: nat.clone(),
            private_ip,
            original: from_vpc,
        });
        self.route_from(nat_subnet, translated)
    }

    /// A reply reaches the NAT gateway's interface: it is untranslated back to the request's
    /// original source and routed on from the NAT gateway's subnet.
    fn untranslate_at_nat(&mut self, interface: &NetworkInterface, space: Space) -> Outcome {
        self.tables_seen.clear();
        let Some(state) = self
            .nat_states
            .iter()
            .find(|state| Some(&state.nat) == self.nat_of(interface).as_ref())
            .cloned()
        else {
            let component = self.interface_component(interface);
            self.explain(
                "NO_ROUTE_TO_DESTINATION",
                component,
                format!(
                    "the replies reach {}, a NAT gateway the request did not pass",
                    interface.id
                ),
            );
            return Outcome::Blocked;
        };
        let nat = self.snapshot.nat_gateways.get(&state.nat);
        let component = Component {
            id: state.nat.to_string(),
            arn: None,
            name: nat.and_then(|nat| nat.name.clone()),
            kind: "NAT gateway",
        };
        // Replies go back to the original sources and source ports.
        let original = state.original.reversed();
        let untranslated = Space::from_cubes(
            space
                .cubes()
                .iter()
                .flat_map(|cube| {
                    original.cubes().iter().map(move |back| Cube {
                        destinations: back.destinations.clone(),
                        destination_ports: back.destination_ports.clone(),
                        ..cube.clone()
                    })
                })
                .collect(),
        );
        let rule = Rule::Translation {
            text: format!("destination {} -> the request's source", state.private_ip),
        };
        let Some(nat_subnet) = nat
            .and_then(|nat| nat.subnet.as_ref())
            .and_then(|id| self.snapshot.subnets.get(id))
        else {
            return Outcome::Blocked;
        };
        self.hop(
            component,
            nat.and_then(|nat| vpc_string(&nat.vpc)),
            Some(nat_subnet.id.to_string()),
            Some(rule),
            &untranslated,
        );
        self.middleboxes.push(state.nat.to_string());
        self.route_from(nat_subnet, untranslated)
    }

    fn nat_of(&self, interface: &NetworkInterface) -> Option<NatGatewayId> {
        self.snapshot
            .nat_gateways
            .values()
            .find(|nat| {
                nat.addresses
                    .iter()
                    .any(|address| address.network_interface.as_ref() == Some(&interface.id))
            })
            .map(|nat| nat.id.clone())
    }

    /// A route to a `vpce-`: a Network Firewall endpoint or a VPC endpoint. Both are hand-off
    /// points that later work fills; until then the walk stops there and says so.
    fn hand_off_at_endpoint(
        &mut self,
        subnet: &'a Subnet,
        endpoint: &VpcEndpointId,
        space: Space,
    ) -> Outcome {
        if let Some(gateway_endpoint) = self
            .snapshot
            .vpc_endpoints
            .get(endpoint)
            .filter(|found| found.endpoint_type == "Gateway")
        {
            return self.through_gateway_endpoint(subnet, gateway_endpoint, space);
        }
        if let Some(gwlb_endpoint) = self
            .snapshot
            .vpc_endpoints
            .get(endpoint)
            .filter(|found| gateway_load_balancer::is_gwlb_endpoint(found))
        {
            return self.through_gwlb_endpoint(subnet, gwlb_endpoint, space);
        }
        let firewall = self.snapshot.firewalls.values().find(|firewall| {
            firewall
                .endpoints
                .iter()
                .any(|attachment| attachment.endpoint.as_ref() == Some(endpoint))
        });
        let endpoint_subnet = firewall
            .and_then(|firewall| {
                firewall
                    .endpoints
                    .iter()
                    .find(|attachment| attachment.endpoint.as_ref() == Some(endpoint))
            })
            .and_then(|attachment| attachment.subnet.as_ref())
            .and_then(|id| self.snapshot.subnets.get(id));
        let mut space = space;
        if let Some(endpoint_subnet) = endpoint_subnet {
            space = match self.cross_subnets(subnet, endpoint_subnet, space) {
                Some(space) => space,
                None => return Outcome::Blocked,
            };
        }
        if let (Some(firewall), Some(endpoint_subnet)) = (firewall, endpoint_subnet) {
            return self.through_firewall(subnet, firewall, endpoint, endpoint_subnet, space);
        }
        let (component, note) = match firewall {
            Some(firewall) => (
                Component { id: endpoint.to_string(), arn: Some(firewall.arn.to_string()), name: Some(firewall.name.clone()), kind: "Network Firewall endpoint" },
                format!("the path reaches endpoint {endpoint} of Network Firewall {}: firewall inspection is not analysed yet, so the verdict depends on the firewall's rules", firewall.name),
            ),
            None => (
                Component { id: endpoint.to_string(), arn: None, name: None, kind: "VPC endpoint" },
                format!("the path reaches VPC endpoint {endpoint}: endpoints are not analysed yet"),
            ),
        };
        self.hop(
            component,
            Some(subnet.vpc.to_string()),
            endpoint_subnet.map(|subnet| subnet.id.to_string()),
            None,
            &space,
        );
        self.middleboxes.push(endpoint.to_string());
        self.notes.push(note);
        Outcome::Stopped
    }
}

impl<'a> Walker<'a> {
    /// A Network Firewall endpoint: the request's flows go through the firewall's policy
    /// (replies of the flows it passed were inspected with them), then on by the route table
    /// of the endpoint's subnet.
    fn through_firewall(
        &mut self,
        from: &'a Subnet,
        firewall: &'a crate::model::Firewall,
        endpoint: &VpcEndpointId,
        endpoint_subnet: &'a Subnet,
        space: Space,
    ) -> Outcome {
        let component = Component {
            id: endpoint.to_string(),
            arn: Some(firewall.arn.to_string()),
            name: Some(firewall.name.clone()),
            kind: "Network Firewall endpoint",
        };
        let vpc = Some(from.vpc.to_string());
        let subnet_id = Some(endpoint_subnet.id.to_string());
        let status = firewall
            .endpoints
            .iter()
            .find(|attachment| attachment.endpoint.as_ref() == Some(endpoint))
            .and_then(|attachment| attachment.status.clone());
        if let Some(status) = status.filter(|status| status != "READY") {
            self.stop_at(
                component,
                vpc,
                subnet_id,
                "BAD_STATE",
                format!("endpoint {endpoint} of firewall {} is {status}, not READY: it forwards no traffic", firewall.name),
            );
            return Outcome::Blocked;
        }
        match self.inspect(component, vpc, subnet_id, firewall, endpoint, space) {
            Ok(passed) => self.route_from(endpoint_subnet, passed),
            Err(outcome) => outcome,
        }
    }

    /// The firewall's policy applied to what reaches it (at an endpoint in a VPC, or at its
    /// transit gateway attachment, whose id then stands for `endpoint`): what passes, or how
    /// the walk ends there. Records the hop.
    fn inspect(
        &mut self,
        component: Component,
        vpc: Option<String>,
        subnet_id: Option<String>,
        firewall: &'a crate::model::Firewall,
        endpoint: &VpcEndpointId,
        space: Space,
    ) -> Result<Space, Outcome> {
        let Some(engine) = self.snapshot.firewall_engines.get(&firewall.arn) else {
            self.hop(component, vpc, subnet_id, None, &space);
            self.notes.push(format!(
                "the path reaches endpoint {endpoint} of Network Firewall {}, whose policy is not in the input: the verdict depends on it",
                firewall.name
            ));
            return Err(Outcome::Stopped);
        };
        self.middleboxes.push(endpoint.to_string());
        if self.leg == Leg::Reply {
            if !self.request_endpoints.contains(endpoint) && self.mode.compat == Compat::Faithful {
                // Replies of a connection the firewall never saw open: it inspects them on
                // their own (never established, no application protocol detected).
                let request = space.reversed();
                let outcomes = reach_nfw::inspect(
                    engine,
                    &request,
                    &self.mode.scenario,
                    reach_nfw::Sides::RepliesOnly,
                );
                let passed = reach_nfw::engine::passed(&outcomes).reversed();
                let family = family_of(&space);
                if passed.is_empty() {
                    let Some(blocking) = outcomes.first() else {
                        return Err(Outcome::Blocked);
                    };
                    let rule = firewall_rule(engine, blocking, family, Compat::Faithful);
                    self.hop(component.clone(), vpc, subnet_id, None, &Space::empty());
                    self.explanations.push(firewall_restriction(
                        component,
                        format!(
                            "the replies reach firewall endpoint {endpoint}, which the requests did not cross; the firewall inspects them on their own: {}",
                            rule.plain
                        ),
                        &rule,
                    ));
                    return Err(Outcome::Blocked);
                }
                self.notes.push(format!(
                    "the replies cross firewall endpoint {endpoint}, which the requests did not: the firewall sees only the replies, never an established connection, and its rules let them through"
                ));
                self.hop(component, vpc, subnet_id, None, &passed);
                return Ok(passed);
            }
            // The replies of flows the firewall passed: the engine saw them with the requests.
            self.hop(component, vpc, subnet_id, None, &space);
            return Ok(space);
        }
        let compat = self.mode.compat;
        let outcomes = match compat {
            Compat::Faithful => {
                reach_nfw::inspect(engine, &space, &self.mode.scenario, reach_nfw::Sides::Both)
            }
            Compat::Aws => reach_nfw::inspect_aws(engine, &space),
        };
        self.visits.push(Visit {
            firewall: firewall.arn.clone(),
            endpoint: endpoint.clone(),
            request: space.clone(),
        });
        let family = family_of(&space);
        let passed = reach_nfw::engine::passed(&outcomes);
        let deciding = outcomes
            .iter()
            .find(|outcome| outcome.verdict == reach_nfw::Verdict::Pass)
            .or_else(|| outcomes.first());
        let rule = deciding.map(|outcome| firewall_rule(engine, outcome, family, compat));
        self.hop(
            component.clone(),
            vpc,
            subnet_id,
            rule.clone().map(|rule| Rule::Firewall(Box::new(rule))),
            &passed,
        );
        for outcome in &outcomes {
            let rule = firewall_rule(engine, outcome, family, compat);
            if outcome.verdict != reach_nfw::Verdict::Pass {
                if passed.is_empty() {
                    self.explanations.push(firewall_restriction(
                        component.clone(),
                        rule.plain.clone(),
                        &rule,
                    ));
                } else {
                    self.notes.push(format!(
                        "{}: {}",
                        flows_in_words(&outcome.space),
                        rule.plain
                    ));
                }
            }
            if compat == Compat::Aws {
                if let Decider::StatefulRule(index) = outcome.decider {
                    let options = unsupported_options(engine, &[index]);
                    if !options.is_empty() {
                        self.details.push(Explanation {
                            code: "FIREWALL_UNSUPPORTED_RULE_OPTIONS",
                            component: component.clone(),
                            message: format!("the deciding rule {} carries options AWS's analyzer does not evaluate: {}", engine.stateful[index].label(), option_list(&options)),
                            firewall_rule: None,
                            rule_options: options,
                        });
                    }
                }
                if !outcome.aws_unsupported_groups.is_empty() {
                    let pairs: Vec<super::firewall::RuleOptions> = outcome
                        .aws_unsupported_groups
                        .iter()
                        .map(|group| super::firewall::RuleOptions {
                            rule_group_arn: engine.groups[*group].arn.clone(),
                            rule: engine.groups[*group].source.to_owned(),
                            options: Vec::new(),
                        })
                        .collect();
                    self.details.push(Explanation {
                        code: "FIREWALL_UNSUPPORTED_HIGHER_PRIORITY_RULE_GROUP_TYPE",
                        component: component.clone(),
                        message: format!(
                            "rule groups ranked before the decision are of a kind AWS's analyzer does not evaluate (Suricata rule strings, domain lists), so it skipped them: {}",
                            pairs
                                .iter()
                                .map(|pair| format!("{} ({})", pair.rule_group_arn, pair.rule))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                        firewall_rule: None,
                        rule_options: pairs,
                    });
                }
                let before = unsupported_options(engine, &outcome.aws_unsupported_before);
                if !before.is_empty() {
                    self.details.push(Explanation {
                        code: "FIREWALL_UNSUPPORTED_HIGHER_PRIORITY_RULES",
                        component: component.clone(),
                        message: format!("rules ranked before the deciding one carry options AWS's analyzer does not evaluate: {}", option_list(&before)),
                        firewall_rule: None,
                        rule_options: before,
                    });
                }
            } else {
                for index in &outcome.unevaluated {
                    let unevaluated = &engine.stateful[*index];
                    self.notes.push(format!(
                        "{} of rule group {} uses {}, which Reach cannot evaluate from a flow description; the verdict assumes it does not match",
                        unevaluated.label(),
                        engine.groups[unevaluated.group].name,
                        unevaluated.unevaluated.join(", ")
                    ));
                }
                for index in &outcome.alerts {
                    let alert = &engine.stateful[*index];
                    self.notes.push(format!(
                        "{} of rule group {} alerts on this flow (alert rules log, they decide nothing)",
                        alert.label(),
                        engine.groups[alert.group].name
                    ));
                }
            }
        }
        if compat == Compat::Faithful {
            if engine.stateless_fragment_default != engine.stateless_default {
                self.notes.push(format!(
                    "fragmented packets meet the policy's fragment default `{}` instead of `{}`",
                    engine.stateless_fragment_default.as_str(),
                    engine.stateless_default.as_str()
                ));
            }
            for group in engine.opaque_groups() {
                self.notes.push(format!(
                    "rule group {} of policy {} is not in the input (or is managed by AWS, which does not export its rules): the verdict may depend on it",
                    group.name, engine.name
                ));
            }
            for skipped in &engine.skipped {
                self.notes.push(format!(
                    "not evaluated, so the verdict may depend on it: {skipped}"
                ));
            }
            if let Some(tls) = &engine.tls_inspection {
                self.notes
                    .push(self.tls_inspection_note(engine, tls, &space));
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        self.notes.retain(|note| seen.insert(note.clone()));
        if passed.is_empty() {
            return Err(Outcome::Blocked);
        }
        Ok(passed)
    }

    /// Which of the flows a TLS inspection configuration decrypts (its scopes), in words.
    fn tls_inspection_note(&self, engine: &reach_nfw::Policy, arn: &str, space: &Space) -> String {
        let Some(configuration) = self.snapshot.tls_inspection_configurations.get(arn) else {
            return format!(
                "policy {} decrypts TLS flows with TLS inspection configuration {arn}, which is not in the input: which flows it decrypts is unknown, and the rules see those in plaintext",
                engine.name
            );
        };
        let scopes = configuration
            .scopes
            .iter()
            .filter_map(|scope| reach_nfw::stateless::match_space(scope).ok())
            .fold(Space::empty(), |all, scope| all.union(&scope));
        let name = configuration.name.clone().unwrap_or_else(|| arn.to_owned());
        let decrypted = space.intersection(&scopes);
        if decrypted.is_empty() {
            format!("TLS inspection configuration {name} of policy {} does not decrypt these flows (none of its scopes covers them)", engine.name)
        } else if decrypted == *space {
            format!("TLS inspection configuration {name} of policy {} decrypts these flows: its rules see them in plaintext (TLS keywords still see the original handshake)", engine.name)
        } else {
            format!(
                "TLS inspection configuration {name} of policy {} decrypts part of these flows ({}): the rules see those in plaintext",
                engine.name,
                super::firewall::flows_in_words(&decrypted)
            )
        }
    }

    /// A VPC peering connection: to an interface in the peer VPC (no transitive routing: only
    /// addresses of the peer VPC's CIDRs cross), through the source subnet's network ACL
    /// outbound and the destination subnet's inbound.
    fn through_peering(
        &mut self,
        subnet: &'a Subnet,
        peering: &crate::ids::VpcPeeringConnectionId,
        space: Space,
    ) -> Outcome {
        let Some(space) = self.network_acl(subnet, Direction::Outbound, &space) else {
            return Outcome::Blocked;
        };
        let Some(connection) = self.snapshot.vpc_peering_connections.get(peering) else {
            // The loader already reported it, with the call that exports it.
            let component = Component {
                id: peering.to_string(),
                arn: None,
                name: None,
                kind: "VPC peering connection",
            };
            self.hop(
                component.clone(),
                Some(subnet.vpc.to_string()),
                None,
                None,
                &space,
            );
            self.explain(
                "UNKNOWN_RESOURCE",
                component,
                format!(
                    "peering connection {peering} is not in the input: where it leads is unknown"
                ),
            );
            return Outcome::Stopped;
        };
        let component = Component {
            id: peering.to_string(),
            arn: None,
            name: connection.name.clone(),
            kind: "VPC peering connection",
        };
        let vpc = Some(subnet.vpc.to_string());
        let status = connection.status.clone().unwrap_or_default();
        if status != "active" {
            self.stop_at(
                component,
                vpc,
                None,
                "BAD_STATE",
                format!(
                    "peering connection {peering} is {status}, not active: it carries no traffic"
                ),
            );
            return Outcome::Blocked;
        }
        let peer = if connection.requester.vpc.as_ref() == Some(&subnet.vpc) {
            &connection.accepter
        } else {
            &connection.requester
        };
        let peer_cidrs: Vec<ipnet::IpNet> = match peer
            .vpc
            .as_ref()
            .and_then(|vpc| self.snapshot.vpcs.get(vpc))
        {
            Some(peer_vpc) => peer_vpc.cidrs.clone(),
            None => peer.cidrs.clone(),
        };
        let within = peer_cidrs.iter().fold(Space::empty(), |all, cidr| {
            let (family, range) = crate::space::cidr_range(cidr);
            all.union(&Space::from_cube(Cube {
                destinations: range,
                ..Cube::everything(family)
            }))
        });
        let crossing = space.intersection(&within);
        if crossing.is_empty() {
            self.stop_at(
                component,
                vpc,
                None,
                "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR",
                format!(
                    "peering connection {peering} only carries traffic for the peer VPC's CIDRs ({}): peering is not transitive",
                    peer_cidrs.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
                ),
            );
            return Outcome::Blocked;
        }
        let peer_vpc = peer.vpc.as_ref().map(ToString::to_string);
        let account = match (&peer.owner_id, &peer.region) {
            (Some(owner), Some(region)) => format!(" (account {owner}, {region})"),
            (Some(owner), None) => format!(" (account {owner})"),
            _ => String::new(),
        };
        let rule = Rule::Translation {
            text: format!(
                "to {}{account}",
                peer_vpc
                    .clone()
                    .unwrap_or_else(|| "the peer VPC".to_owned())
            ),
        };
        self.hop(component, vpc, None, Some(rule), &crossing);
        self.deliver_in_vpc(None, crossing)
    }

    /// A transit gateway: into it through the source VPC's attachment (its subnet in the
    /// source's Availability Zone), the attachment's associated route table (longest prefix
    /// match over static and propagated routes), out through the next attachment into its VPC,
    /// routed on by the route table of that attachment's subnet.
    fn through_transit_gateway(
        &mut self,
        subnet: &'a Subnet,
        gateway: &crate::ids::TransitGatewayId,
        space: Space,
    ) -> Outcome {
        let snapshot = self.snapshot;
        let component = Component {
            id: gateway.to_string(),
            arn: None,
            name: snapshot
                .transit_gateways
                .get(gateway)
                .and_then(|tgw| tgw.name.clone()),
            kind: "transit gateway",
        };
        let vpc = Some(subnet.vpc.to_string());
        let attached = |vpc: &str| {
            snapshot
                .transit_gateway_attachments
                .values()
                .find(|attachment| {
                    attachment.transit_gateway.as_ref() == Some(gateway)
                        && attachment.resource_type.as_deref() == Some("vpc")
                        && attachment.resource_id.as_deref() == Some(vpc)
                })
        };
        let Some(attachment) = attached(subnet.vpc.as_str()) else {
            self.stop_at(
                component,
                vpc,
                None,
                "NO_ROUTE_TO_DESTINATION",
                format!(
                    "transit gateway {gateway} has no attachment for VPC {}",
                    subnet.vpc
                ),
            );
            return Outcome::Blocked;
        };
        if self.unavailable(
            attachment,
            tgw_attachment_component(attachment),
            vpc.clone(),
            format!("attachment {}", attachment.id),
        ) {
            return Outcome::Blocked;
        }
        // The attachment's subnet in the source's zone: a zone without one cannot reach it.
        let Some(entry_subnet) = self.zone_subnet(attachment, subnet.availability_zone.as_ref())
        else {
            self.stop_at(
                tgw_attachment_component(attachment),
                vpc,
                None,
                "TGW_ATTACH_VPC_AZ_RESTRICTION",
                format!(
                    "attachment {} has no subnet in {}, the zone of {}",
                    attachment.id,
                    subnet.availability_zone.clone().unwrap_or_default(),
                    subnet.id
                ),
            );
            return Outcome::Blocked;
        };
        let Some(space) = self.cross_subnets(subnet, entry_subnet, space) else {
            return Outcome::Blocked;
        };
        self.hop(
            tgw_attachment_component(attachment),
            vpc.clone(),
            Some(entry_subnet.id.to_string()),
            None,
            &space,
        );
        self.transit_gateway_route(&component, subnet, attachment, vpc, space, 0)
    }

    /// The transit gateway routes what came in through `attachment` by the route table
    /// associated with it, out through the next attachment: a VPC, or a firewall attached to
    /// the transit gateway, after which it routes again. `subnet` is where the path entered
    /// the transit gateway, whose zone the exit keeps.
    fn transit_gateway_route(
        &mut self,
        component: &Component,
        subnet: &'a Subnet,
        attachment: &'a crate::model::TransitGatewayAttachment,
        vpc: Option<String>,
        space: Space,
        rounds: usize,
    ) -> Outcome {
        let snapshot = self.snapshot;
        let component = component.clone();
        // The table associated with the attachment on this transit gateway's side (a peering
        // attachment has one on each).
        let here = crate::ids::TransitGatewayId::new(component.id.as_str());
        let on_this_side = |table: &crate::model::TransitGatewayRouteTable| {
            table.transit_gateway.is_none() || table.transit_gateway.as_ref() == Some(&here)
        };
        let association = match attachment.side_associations.is_empty() {
            true => attachment.association.as_ref(),
            false => attachment
                .side_associations
                .iter()
                .find(|(gateway, _)| *gateway == here)
                .map(|(_, table)| table),
        };
        let table = association
            .and_then(|id| snapshot.transit_gateway_route_tables.get(id))
            .or_else(|| {
                snapshot
                    .transit_gateway_route_tables
                    .values()
                    .filter(|table| on_this_side(table))
                    .find(|table| {
                        table
                            .associations
                            .as_ref()
                            .is_some_and(|list| list.contains(&attachment.id))
                    })
            });
        let Some(table) = table else {
            self.stop_at(
                component,
                vpc,
                None,
                "TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION",
                format!(
                    "attachment {} is associated with no transit gateway route table in the input",
                    attachment.id
                ),
            );
            return Outcome::Blocked;
        };
        let Some(routes) = &table.routes else {
            self.hop(component.clone(), vpc.clone(), None, None, &space);
            self.explain("TGW_RTB_ROUTES_ARE_UNKNOWN", component, format!("the routes of transit gateway route table {} are not in the input (search-transit-gateway-routes)", table.id));
            return Outcome::Stopped;
        };
        let Some(destination) = first_destination(&space) else {
            return Outcome::Blocked;
        };
        // Longest prefix match for the destination (prefix-list routes by their CIDRs).
        let cidrs_of = |route: &crate::model::TransitGatewayRoute| -> Vec<ipnet::IpNet> {
            match &route.destination {
                crate::model::TransitGatewayRouteDestination::Cidr(cidr) => vec![*cidr],
                crate::model::TransitGatewayRouteDestination::PrefixList(id) => snapshot
                    .prefix_lists
                    .get(id)
                    .and_then(|list| list.cidrs.clone())
                    .unwrap_or_default(),
            }
        };
        let best = routes
            .iter()
            .flat_map(|route| cidrs_of(route).into_iter().map(move |cidr| (cidr, route)))
            .filter(|(cidr, _)| cidr.contains(&destination))
            .max_by_key(|(cidr, route)| (cidr.prefix_len(), !route.propagated));
        let table_component = Component {
            id: table.id.to_string(),
            arn: None,
            name: table.name.clone(),
            kind: "transit gateway route table",
        };
        let Some((cidr, route)) = best else {
            self.stop_at(
                table_component,
                vpc,
                None,
                "TGW_RTB_CANNOT_ROUTE",
                format!(
                    "transit gateway route table {} has no route to {destination}",
                    table.id
                ),
            );
            return Outcome::Blocked;
        };
        let target = route
            .attachments
            .first()
            .map(ToString::to_string)
            .unwrap_or_default();
        let rule = Rule::Route {
            table: table.id.to_string(),
            destination: cidr.to_string(),
            target_key: "TransitGatewayAttachmentId",
            target: target.clone(),
            state: if route.blackhole {
                "blackhole".to_owned()
            } else {
                "active".to_owned()
            },
        };
        let (family, range) = crate::space::cidr_range(&cidr);
        let space = space.intersection(&Space::from_cube(Cube {
            destinations: range,
            ..Cube::everything(family)
        }));
        if route.blackhole {
            self.hop(
                table_component.clone(),
                vpc,
                None,
                Some(rule),
                &Space::empty(),
            );
            self.explain(
                "TGW_RTB_BAD_STATE_ROUTE",
                table_component,
                format!(
                    "transit gateway route table {} drops traffic to {cidr} (blackhole route)",
                    table.id
                ),
            );
            return Outcome::Blocked;
        }
        self.hop(table_component, vpc.clone(), None, Some(rule), &space);
        let Some(next) = route
            .attachments
            .first()
            .and_then(|id| snapshot.transit_gateway_attachments.get(id))
        else {
            self.explain(
                "TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT",
                component,
                format!(
                    "the route to {cidr} leads to attachment {target}, which is not in the input"
                ),
            );
            return Outcome::Blocked;
        };
        if next.resource_type.as_deref() == Some("peering") {
            return self
                .through_transit_gateway_peering(&component, subnet, next, vpc, space, rounds);
        }
        if next.resource_type.as_deref() == Some("network-function") {
            return self.through_attached_firewall(&component, subnet, next, vpc, space, rounds);
        }
        let edge = matches!(
            next.resource_type.as_deref(),
            Some("vpn" | "direct-connect-gateway" | "connect")
        );
        if edge && self.target == Place::Internet && self.leg == Leg::Request {
            if self.unavailable(
                next,
                tgw_attachment_component(next),
                None,
                format!("attachment {}", next.id),
            ) {
                return Outcome::Blocked;
            }
            self.hop(tgw_attachment_component(next), None, None, None, &space);
            self.notes.push(format!(
                "the path leaves the snapshot through {} attachment {} ({}): what lies beyond it (the other side's routes, firewalls and the host) is in no export, so Reach takes the far side as answering",
                next.resource_type.as_deref().unwrap_or_default(),
                next.id,
                next.resource_id.clone().unwrap_or_default()
            ));
            self.exit = Some(Exit::TransitGatewayEdge {
                gateway: crate::ids::TransitGatewayId::new(component.id.as_str()),
                attachment: next.id.clone(),
                subnet: subnet.id.clone(),
            });
            return Outcome::Arrived(space);
        }
        if next.resource_type.as_deref() != Some("vpc") {
            let what = next
                .resource_type
                .clone()
                .unwrap_or_else(|| "unknown".to_owned());
            self.hop(tgw_attachment_component(next), None, None, None, &space);
            self.explain("UNSUPPORTED_COMPONENT", tgw_attachment_component(next), format!("attachment {} leads to a {what} attachment ({}): paths beyond it are not analysed yet", next.id, next.resource_id.clone().unwrap_or_default()));
            self.notes.push(format!("the path leaves through transit gateway attachment {} ({what}), which Reach does not analyse yet", next.id));
            return Outcome::Stopped;
        }
        if self.unavailable(
            next,
            tgw_attachment_component(next),
            next.resource_id.clone(),
            format!("attachment {}", next.id),
        ) {
            return Outcome::Blocked;
        }
        // Into the next VPC in the same zone when it has a subnet there, else in its first;
        // with appliance mode on, the replies keep the zone the request went through.
        let request_zone = self
            .zones
            .iter()
            .find(|(attachment, _)| attachment == &next.id)
            .map(|(_, zone)| zone.clone());
        let zone = match (&request_zone, self.leg, next.appliance_mode) {
            (Some(zone), Leg::Reply, Some(true)) => zone.clone(),
            _ => subnet.availability_zone.clone(),
        };
        let Some(exit_subnet) = self
            .zone_subnet(next, zone.as_ref())
            .or_else(|| self.zone_subnet(next, None))
        else {
            self.stop_at(
                tgw_attachment_component(next),
                next.resource_id.clone(),
                None,
                "TGW_ATTACH_VPC_AZ_RESTRICTION",
                format!("attachment {} has no subnet in the input", next.id),
            );
            return Outcome::Blocked;
        };
        match self.leg {
            Leg::Request => self
                .zones
                .push((next.id.clone(), exit_subnet.availability_zone.clone())),
            Leg::Reply => {
                if let Some(request_zone) = request_zone {
                    if request_zone != exit_subnet.availability_zone
                        && next.appliance_mode != Some(true)
                    {
                        self.details.push(Explanation {
                            code: "TRANSIT_GATEWAY_APPLIANCE_MODE_RECOMMENDED",
                            component: tgw_attachment_component(next),
                            message: format!(
                                "the transit gateway delivers the replies into {} through {} in {}, the requests through {}: appliance mode is off on attachment {}, so each direction stays in its own zone; turn it on to keep both directions on one path",
                                next.resource_id.clone().unwrap_or_default(),
                                exit_subnet.id,
                                exit_subnet.availability_zone.clone().unwrap_or_default(),
                                request_zone.unwrap_or_default(),
                                next.id
                            ),
                            firewall_rule: None,
                            rule_options: Vec::new(),
                        });
                    }
                }
            }
        }
        // Zones are only comparable within a region (a peering attachment crosses regions).
        let same_region = exit_subnet.origin.region == subnet.origin.region;
        if same_region && exit_subnet.availability_zone != subnet.availability_zone {
            self.notes.push(format!(
                "attachment {} has no subnet in {}: the transit gateway delivers through {} in {} (the path crosses Availability Zones{})",
                next.id,
                subnet.availability_zone.clone().unwrap_or_default(),
                exit_subnet.id,
                exit_subnet.availability_zone.clone().unwrap_or_default(),
                if next.appliance_mode == Some(true) { "; appliance mode is on" } else { "" }
            ));
        }
        self.hop(
            tgw_attachment_component(next),
            Some(exit_subnet.vpc.to_string()),
            Some(exit_subnet.id.to_string()),
            None,
            &space,
        );
        self.route_from(exit_subnet, space)
    }

    /// Stops the walk at a transit gateway attachment that is not `available`
    /// (`BAD_STATE_ATTACHMENT`), `what` naming it; whether it did.
    fn unavailable(
        &mut self,
        attachment: &crate::model::TransitGatewayAttachment,
        component: Component,
        vpc: Option<String>,
        what: String,
    ) -> bool {
        let Some(state) = attachment
            .state
            .as_deref()
            .filter(|state| *state != "available")
        else {
            return false;
        };
        self.stop_at(
            component,
            vpc,
            None,
            "BAD_STATE_ATTACHMENT",
            format!("{what} is {state}, not available"),
        );
        true
    }

    /// The attachment's subnet in a zone (any zone when `None`).
    fn zone_subnet(
        &self,
        attachment: &crate::model::TransitGatewayAttachment,
        zone: Option<&String>,
    ) -> Option<&'a Subnet> {
        let snapshot = self.snapshot;
        attachment
            .subnets
            .iter()
            .filter_map(|id| snapshot.subnets.get(id))
            .find(|candidate| zone.is_none() || candidate.availability_zone.as_ref() == zone)
    }

    /// A peering attachment: over to the transit gateway on the other side (often in another
    /// region), which routes by the table associated with its side of the attachment.
    fn through_transit_gateway_peering(
        &mut self,
        component: &Component,
        subnet: &'a Subnet,
        attachment: &'a crate::model::TransitGatewayAttachment,
        vpc: Option<String>,
        space: Space,
        rounds: usize,
    ) -> Outcome {
        if self.unavailable(
            attachment,
            tgw_attachment_component(attachment),
            vpc.clone(),
            format!("peering attachment {}", attachment.id),
        ) {
            return Outcome::Blocked;
        }
        self.hop(
            tgw_attachment_component(attachment),
            vpc.clone(),
            None,
            None,
            &space,
        );
        let other = attachment
            .peers
            .iter()
            .find(|gateway| gateway.as_str() != component.id);
        let Some(other) = other else {
            self.notes.push(format!(
                "peering attachment {} leads to a transit gateway the input does not name: aws ec2 describe-transit-gateway-peering-attachments --transit-gateway-attachment-ids {}",
                attachment.id, attachment.id
            ));
            return Outcome::Stopped;
        };
        let known_side = attachment
            .side_associations
            .iter()
            .any(|(gateway, _)| gateway == other)
            || self
                .snapshot
                .transit_gateway_route_tables
                .values()
                .any(|table| {
                    table.transit_gateway.as_ref() == Some(other)
                        && table
                            .associations
                            .as_ref()
                            .is_some_and(|list| list.contains(&attachment.id))
                });
        if !known_side {
            self.notes.push(format!(
                "the other side of peering attachment {} (transit gateway {other}) is not in the input: export its account and region too",
                attachment.id
            ));
            return Outcome::Stopped;
        }
        // Peering routes are static on both sides; a pair of tables sending each other's
        // traffic back would loop.
        if rounds >= 4 {
            self.stop_at(
                tgw_attachment_component(attachment),
                vpc,
                None,
                "CANNOT_ROUTE",
                format!("the transit gateways send the traffic back and forth over peering attachment {}: a routing loop", attachment.id),
            );
            return Outcome::Blocked;
        }
        let other_component = Component {
            id: other.to_string(),
            arn: None,
            name: self
                .snapshot
                .transit_gateways
                .get(other)
                .and_then(|gateway| gateway.name.clone()),
            kind: "transit gateway",
        };
        self.transit_gateway_route(&other_component, subnet, attachment, vpc, space, rounds + 1)
    }

    /// A Network Firewall attached to the transit gateway (a `network-function` attachment):
    /// its policy applies as at an endpoint, then the transit gateway routes what passed by the
    /// route table associated with the firewall's attachment.
    fn through_attached_firewall(
        &mut self,
        component: &Component,
        subnet: &'a Subnet,
        attachment: &'a crate::model::TransitGatewayAttachment,
        vpc: Option<String>,
        space: Space,
        rounds: usize,
    ) -> Outcome {
        let firewall = self.snapshot.firewalls.values().find(|firewall| {
            firewall.transit_gateway_attachment.as_ref() == Some(&attachment.id)
                || attachment.resource_id.as_deref() == Some(firewall.arn.as_str())
        });
        let Some(firewall) = firewall else {
            self.hop(
                tgw_attachment_component(attachment),
                vpc,
                None,
                None,
                &space,
            );
            self.notes.push(format!(
                "the path reaches transit gateway attachment {} (a network function: a firewall attached to the transit gateway), but no firewall in the input has it: aws network-firewall list-firewalls, then describe-firewall",
                attachment.id
            ));
            return Outcome::Stopped;
        };
        let firewall_component = Component {
            id: attachment.id.to_string(),
            arn: Some(firewall.arn.to_string()),
            name: Some(firewall.name.clone()),
            kind: "Network Firewall endpoint",
        };
        if self.unavailable(
            attachment,
            firewall_component.clone(),
            vpc.clone(),
            format!("attachment {} of firewall {}", attachment.id, firewall.name),
        ) {
            return Outcome::Blocked;
        }
        if let Some(status) = firewall
            .transit_gateway_attachment_status
            .as_deref()
            .filter(|status| !status.eq_ignore_ascii_case("READY"))
        {
            self.stop_at(
                firewall_component,
                vpc,
                None,
                "BAD_STATE",
                format!("the transit gateway attachment of firewall {} is {status}, not READY: it forwards no traffic", firewall.name),
            );
            return Outcome::Blocked;
        }
        // A route table that sends the firewall's output back to the firewall would loop.
        if rounds >= 4 {
            self.stop_at(
                component.clone(),
                vpc,
                None,
                "CANNOT_ROUTE",
                format!("transit gateway {} routes the traffic through firewall {} again and again: a routing loop", component.id, firewall.name),
            );
            return Outcome::Blocked;
        }
        // The attachment's id stands for the endpoint: a firewall attached to a transit
        // gateway has no endpoint in any VPC of the snapshot.
        let key = VpcEndpointId::new(attachment.id.as_str());
        match self.inspect(firewall_component, vpc.clone(), None, firewall, &key, space) {
            Ok(passed) => {
                self.transit_gateway_route(component, subnet, attachment, vpc, passed, rounds + 1)
            }
            Err(outcome) => outcome,
        }
    }

    /// A route to a virtual private gateway: out of the snapshot to the VPN's or Direct
    /// Connect's other side, which no export describes; the replies come back through it.
    fn out_to_vpn_gateway(
        &mut self,
        subnet: &'a Subnet,
        gateway: &crate::ids::VpnGatewayId,
        space: Space,
    ) -> Outcome {
        let found = self.snapshot.vpn_gateways.get(gateway);
        let component = Component {
            id: gateway.to_string(),
            arn: None,
            name: found.and_then(|gateway| gateway.name.clone()),
            kind: "virtual private gateway",
        };
        let vpc = Some(subnet.vpc.to_string());
        let Some(space) = self.network_acl(subnet, Direction::Outbound, &space) else {
            return Outcome::Blocked;
        };
        if found.is_none() {
            self.hop(component, vpc, None, None, &space);
            self.notes.push(format!(
                "the route leads to virtual private gateway {gateway}, which is not in the input: aws ec2 describe-vpn-gateways --vpn-gateway-ids {gateway}"
            ));
            return Outcome::Stopped;
        }
        if let Some(state) = found
            .and_then(|gateway| gateway.state.as_deref())
            .filter(|state| *state != "available")
        {
            self.stop_at(
                component,
                vpc,
                None,
                "BAD_STATE",
                format!("virtual private gateway {gateway} is {state}, not available"),
            );
            return Outcome::Blocked;
        }
        if self.target != Place::Internet || self.leg != Leg::Request {
            self.hop(component.clone(), vpc, None, None, &space);
            self.explain(
                "UNSUPPORTED_COMPONENT",
                component,
                format!("{gateway}: the path leaves the snapshot here, which Reach follows only for a destination outside it"),
            );
            return Outcome::Stopped;
        }
        self.hop(component, vpc, None, None, &space);
        self.notes.push(format!(
            "the path leaves the snapshot through virtual private gateway {gateway}: what lies beyond it (the VPN's or Direct Connect's other side) is in no export, so Reach takes the far side as answering"
        ));
        self.exit = Some(Exit::VpnGateway(gateway.clone()));
        Outcome::Arrived(space)
    }

    /// A gateway endpoint (S3, DynamoDB): the route is the service's prefix list, so what
    /// reaches the endpoint is addressed to the service, and arrives there.
    fn through_gateway_endpoint(
        &mut self,
        subnet: &'a Subnet,
        endpoint: &crate::model::VpcEndpoint,
        space: Space,
    ) -> Outcome {
        let Some(space) = self.network_acl(subnet, Direction::Outbound, &space) else {
            return Outcome::Blocked;
        };
        let component = Component {
            id: endpoint.id.to_string(),
            arn: None,
            name: endpoint
                .name
                .clone()
                .or_else(|| endpoint.service_name.clone()),
            kind: "gateway VPC endpoint",
        };
        self.hop(
            component.clone(),
            vpc_string(&endpoint.vpc),
            None,
            None,
            &space,
        );
        if self.target != Place::Internet {
            self.explain(
                "NO_ROUTE_TO_DESTINATION",
                component,
                "the route leads to an AWS service, but the destination is inside the network"
                    .to_owned(),
            );
            return Outcome::Blocked;
        }
        self.notes.push(format!(
            "{} is reached through gateway endpoint {}; its endpoint policy is not evaluated",
            endpoint
                .service_name
                .as_deref()
                .unwrap_or("the AWS service"),
            endpoint.id
        ));
        self.exit = Some(Exit::GatewayEndpoint(endpoint.id.clone()));
        Outcome::Arrived(space)
    }

    /// An egress-only internet gateway: IPv6 out, and only the replies back in.
    fn out_egress_only(
        &mut self,
        subnet: &'a Subnet,
        gateway: &crate::ids::EgressOnlyInternetGatewayId,
        space: Space,
    ) -> Outcome {
        let Some(space) = self.network_acl(subnet, Direction::Outbound, &space) else {
            return Outcome::Blocked;
        };
        let found = self.snapshot.egress_only_internet_gateways.get(gateway);
        let component = Component {
            id: gateway.to_string(),
            arn: None,
            name: found.and_then(|gateway| gateway.name.clone()),
            kind: "egress-only internet gateway",
        };
        self.hop(
            component.clone(),
            vpc_string(&found.and_then(|gateway| gateway.vpc.clone())),
            None,
            None,
            &space,
        );
        if self.target != Place::Internet {
            self.explain(
                "NO_ROUTE_TO_DESTINATION",
                component,
                "the route leads to the internet, but the destination is inside the network"
                    .to_owned(),
            );
            return Outcome::Blocked;
        }
        self.exit = Some(Exit::EgressOnlyInternetGateway(gateway.clone()));
        Outcome::Arrived(space)
    }

    /// A route to an interface or instance: an appliance that forwards packets not addressed
    /// to it, which AWS allows only with its source/destination check off. Its security groups
    /// apply on the way in and out; what its software does is not analysed.
    fn through_appliance(
        &mut self,
        subnet: &'a Subnet,
        id: &NetworkInterfaceId,
        space: Space,
    ) -> Outcome {
        let Some(interface) = self.snapshot.network_interfaces.get(id) else {
            return Outcome::Blocked;
        };
        let Some(appliance_subnet) = self.subnet_of(interface) else {
            return Outcome::Blocked;
        };
        let Some(mut space) = self.cross_subnets(subnet, appliance_subnet, space) else {
            return Outcome::Blocked;
        };
        let component = self.interface_component(interface);
        if interface.source_dest_check {
            self.stop_at(component, vpc_string(&interface.vpc), interface.subnet.as_ref().map(ToString::to_string), "ENI_SOURCE_DEST_CHECK_RESTRICTION", format!("{} has its source/destination check on, so it drops packets that are not addressed to it", interface.id));
            return Outcome::Blocked;
        }
        if self.leg == Leg::Request && has_security_groups(interface) {
            space = match self.security_groups(interface, Direction::Inbound, &space) {
                Some(space) => space,
                None => return Outcome::Blocked,
            };
            space = match self.security_groups(interface, Direction::Outbound, &space) {
                Some(space) => space,
                None => return Outcome::Blocked,
            };
        }
        self.hop(
            component,
            vpc_string(&interface.vpc),
            interface.subnet.as_ref().map(ToString::to_string),
            None,
            &space,
        );
        self.notes.push(format!(
            "appliance {} is assumed to forward packets unchanged; its software is not analysed",
            interface.id
        ));
        // Recorded as the hop shows it (the instance, when there is one), so that an asymmetric
        // path's detail lands on that hop.
        self.middleboxes
            .push(self.interface_component(interface).id);
        self.route_from(appliance_subnet, space)
    }
}

fn option_list(options: &[super::firewall::RuleOptions]) -> String {
    options
        .iter()
        .map(|rule| {
            format!(
                "{} ({})",
                rule.rule,
                rule.options
                    .iter()
                    .map(|(keyword, settings)| if settings.is_empty() {
                        keyword.clone()
                    } else {
                        format!("{keyword}:{}", settings.join(","))
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn has_security_groups(interface: &NetworkInterface) -> bool {
    // NAT gateways, Gateway Load Balancers and their (and Network Firewall's) endpoints have
    // none; a Network Load Balancer created without groups never has any.
    let none = matches!(
        interface.interface_type.as_str(),
        "nat_gateway" | "gateway_load_balancer_endpoint" | "gateway_load_balancer"
    );
    let network_load_balancer_without =
        interface.interface_type == "network_load_balancer" && interface.security_groups.is_empty();
    !none && !network_load_balancer_without
}

fn tgw_attachment_component(attachment: &crate::model::TransitGatewayAttachment) -> Component {
    Component {
        id: attachment.id.to_string(),
        arn: None,
        name: attachment.name.clone(),
        kind: "transit gateway attachment",
    }
}

fn vpc_string(vpc: &Option<crate::ids::VpcId>) -> Option<String> {
    vpc.as_ref().map(ToString::to_string)
}

/// The first destination address of a space (walks follow one destination at a time).
fn first_destination(space: &Space) -> Option<IpAddr> {
    let cube = space.cubes().first()?;
    let number = cube.destinations.first()?;
    Some(number_to_address(cube.family, number))
}

fn number_to_address(family: crate::space::Family, number: u128) -> IpAddr {
    match family {
        crate::space::Family::V4 => IpAddr::from(std::net::Ipv4Addr::from(
            u32::try_from(number).unwrap_or(u32::MAX),
        )),
        crate::space::Family::V6 => IpAddr::from(std::net::Ipv6Addr::from(number)),
    }
}

/// The source addresses of a cube, one by one (sources are single interfaces' addresses).
fn addresses_of(cube: &Cube) -> Vec<IpAddr> {
    cube.sources
        .ranges()
        .iter()
        .take(16)
        .flat_map(|(low, high)| {
            (*low..=(*high).min(low.saturating_add(15)))
                .map(|number| number_to_address(cube.family, number))
        })
        .collect()
}

fn protocol_name(protocol: crate::model::Protocol) -> String {
    match protocol {
        crate::model::Protocol::All => "-1".to_owned(),
        crate::model::Protocol::Number(6) => "tcp".to_owned(),
        crate::model::Protocol::Number(17) => "udp".to_owned(),
        crate::model::Protocol::Number(1) => "icmp".to_owned(),
        crate::model::Protocol::Number(number) => number.to_string(),
    }
}

fn describe_peer(peer: &SecurityGroupPeer) -> String {
    match peer {
        SecurityGroupPeer::Cidr(cidr) => cidr.to_string(),
        SecurityGroupPeer::PrefixList(id) => id.to_string(),
        SecurityGroupPeer::SecurityGroup { group, .. } => group.to_string(),
    }
}

fn describe_destination(destination: &RouteDestination) -> String {
    match destination {
        RouteDestination::Cidr(cidr) => cidr.to_string(),
        RouteDestination::PrefixList(id) => id.to_string(),
    }
}

/// The key AWS prints a route's target under, and the target's id.
fn target_name(target: &RouteTarget) -> (&'static str, String) {
    match target {
        RouteTarget::Local => ("GatewayId", "local".to_owned()),
        RouteTarget::InternetGateway(id) => ("GatewayId", id.to_string()),
        RouteTarget::EgressOnlyInternetGateway(id) => {
            ("EgressOnlyInternetGatewayId", id.to_string())
        }
        RouteTarget::NatGateway(id) => ("NatGatewayId", id.to_string()),
        RouteTarget::TransitGateway(id) => ("TransitGatewayId", id.to_string()),
        RouteTarget::VpcPeeringConnection(id) => ("VpcPeeringConnectionId", id.to_string()),
        RouteTarget::NetworkInterface(id) => ("NetworkInterfaceId", id.to_string()),
        RouteTarget::Instance(id) => ("InstanceId", id.to_string()),
        RouteTarget::VpcEndpoint(id) => ("GatewayId", id.to_string()),
        RouteTarget::VpnGateway(id) => ("GatewayId", id.to_string()),
        RouteTarget::Other(id) => ("GatewayId", id.clone()),
        RouteTarget::None => ("GatewayId", "(none)".to_owned()),
    }
}
