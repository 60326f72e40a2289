//! The walk: the request from its source hop by hop, then the replies from the destination
//! back, the way each really goes. Security groups are stateful (replies pass them), network
//! ACLs are not (replies are checked on their own), a NAT gateway translates the request and
//! untranslates the replies it saw, and a reply that avoids a stateful middlebox the request
//! crossed is an asymmetric path.

use super::firewall_rule::{firewall_rule, flows_in_words, unsupported_options, FirewallRule};
use super::question::{Compat, Place, Resolved};
use super::{Answer, Code, Component, ComponentKind, Explanation, Hop, Rule, Verdict};
use crate::evaluate::{self, security_group, Direction};
use crate::ids::{InternetGatewayId, NatGatewayId, NetworkInterfaceId, VpcEndpointId};
use crate::model::{
    FirewallAttachmentStatus, FirewallTransitGatewayAttachmentStatus, InstanceState, InterfaceType,
    NatGatewayState, NetworkInterface, RouteDestination, RouteState, RouteTarget,
    SecurityGroupPeer, Snapshot, Subnet, TransitGatewayAttachmentResourceType,
    TransitGatewayAttachmentState, VpcEndpointType, VpcPeeringConnectionState, VpnState,
};
use crate::space::{address_number, Cube, IntervalSet, Space};
use reach_nfw::Decider;
use std::net::IpAddr;

/// The space that got through a check returning `Result<Space, Stop>`; on a stop, the
/// enclosing walk function returns `Outcome::Blocked` with it.
macro_rules! passed {
    ($check:expr) => {
        match $check {
            Ok(space) => space,
            Err(stop) => return Outcome::Blocked(stop),
        }
    };
}

mod appliance;
mod dropped;
mod egress_only_internet_gateway;
#[cfg(test)]
mod fixture;
mod gateway_load_balancer;
mod internet_gateway;
mod legs;
mod nat_gateway;
mod network_acl;
mod network_firewall;
mod network_interface;
mod route_table;
mod security_group_referencing;
mod transit_gateway;
mod vpc;
mod vpc_endpoint;
mod vpc_peering_connection;
mod vpn_gateway;

use legs::{family_of, firewall_restriction, walk_legs};
use route_table::target_name;
use transit_gateway::tgw_attachment_component;

/// The most route tables one leg consults. Real paths consult a handful (source subnet,
/// firewall or NAT subnet, a transit gateway's far side, an inspection VPC's two tables); the
/// walk recurses per hop, and without a bound a loop the other checks miss (through many NAT
/// gateways or transit gateways) would exhaust the stack, which in wasm is 1 MiB.
const MAX_ROUTE_TABLES: usize = 48;

/// How a leg of the walk ended.
#[derive(Clone, Debug)]
enum Outcome {
    /// Packets arrived; the space is what arrived.
    Arrived(Space),
    /// Nothing gets through, for the reason the stop gives.
    Blocked(Stop),
    /// The verdict depends on something the input does not hold or Reach does not analyse.
    Unknown(Missing),
}

/// Why nothing gets through: the code, the component and the words. Only `Walker::explain`
/// and `Walker::stop_at` make one, and both record it, so no leg is blocked without a reason.
#[derive(Clone, Debug)]
struct Stop {
    code: Code,
    component: Component,
    message: String,
}

impl Stop {
    /// Whether a rule decided the stop (a group, an ACL, a firewall): that is why the traffic
    /// stops, wherever the route led. A route that leads nowhere, or to a component that
    /// carries nothing, is worth comparing with the routes it beat.
    fn decided_by_a_rule(&self) -> bool {
        matches!(
            self.code,
            Code::EniSgRulesMismatch
                | Code::SgHasNoRules
                | Code::SubnetAclRestriction
                | Code::FirewallRulesRestriction
                | Code::SgReferencingSupport
        )
    }
}

/// What a leg could not go past, in the words of the answer's note.
#[derive(Clone, Debug)]
struct Missing {
    note: String,
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
    /// NAT gateways that translated this leg: each does so once (see `through_nat`).
    nats_crossed: Vec<NatGatewayId>,
    /// Route tables consulted on this leg in all, loops or not: the walk recurses per hop, so
    /// this bounds its depth whatever the input (see `MAX_ROUTE_TABLES`).
    tables_consulted: usize,
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
    /// Elements left out of the input that could have decided what this leg found.
    doubts: Vec<dropped::Doubt>,
    /// A walk that only tries whether a route not taken would have delivered (see
    /// `explain_beaten_routes`): it tries no other routes itself.
    exploring: bool,
    /// The component that forwarded the request for its first source, whose security group
    /// identity it dropped (see `Resolved::forwarded`).
    forwarded: Option<super::question::Forwarded>,
    /// On the GENEVE legs from a Gateway Load Balancer's node to an appliance (a walk inside
    /// the walk): the endpoint whose load balancer sends them. Such a leg never goes through
    /// a Gateway Load Balancer endpoint itself, or routes that send it back would nest walks
    /// without end (see `through_gwlb_endpoint`).
    geneve_for: Option<VpcEndpointId>,
    /// The route table hop just recorded for packets leaving a subnet, and that subnet: the
    /// subnet's outbound network ACL is shown before it, as AWS orders them (see
    /// `network_acl::record_acl`).
    route_hop: Option<(usize, crate::ids::SubnetId)>,
    /// The security group that allowed the request at each interface, each way, which the
    /// replies' hops name (on the reply leg: the request's).
    groups_met: Vec<(NetworkInterfaceId, Direction, Component)>,
    /// Where this leg goes, as the question names it (the destination; on the replies' leg,
    /// the source), when it is a resource: the `Destination` of the explanations that say the
    /// leg does not get there (`ABOUT_THE_DESTINATION`).
    destination_named: Option<Component>,
    /// The transit gateways the request crossed into a VPC, and whether each carried the
    /// source's security group identity (see `security_group_referencing`).
    crossings: Vec<security_group_referencing::Crossing>,
    /// What of the request only an egress rule referencing a group let out of the last
    /// interface it left, which no transit gateway carries.
    egress_by_reference: Option<security_group_referencing::EgressByReference>,
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
    /// Out of the snapshot through a VPC's virtual private gateway, over the VPN connection
    /// or Direct Connect virtual interface that routes the destination.
    VpnGateway(crate::ids::VpnGatewayId, Option<Component>),
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
    request.forwarded = resolved.forwarded.clone();
    request.destination_named = super::end_component(snapshot, &resolved.question.destination);
    // AWS's analyzer "supports only resources with an IPv4 address" and "includes only the
    // IPv4 addresses" of a resource that has both (How Reachability Analyzer works).
    let ipv6 = resolved
        .request
        .cubes()
        .iter()
        .any(|cube| cube.family == crate::space::Family::V6);
    let mut answer = match (mode.compat, ipv6) {
        (Compat::Aws, true) => {
            let ipv4 = Resolved {
                request: Space::from_cubes(
                    resolved
                        .request
                        .cubes()
                        .iter()
                        .filter(|cube| cube.family == crate::space::Family::V4)
                        .cloned()
                        .collect(),
                ),
                ..resolved.clone()
            };
            if ipv4.request.is_empty() {
                legs::no_ipv4_path(&mut request, resolved)
            } else {
                let mut answer = walk_legs(snapshot, &ipv4, mode, &mut request);
                answer.notes.push(
                    "AWS's analyzer takes IPv4 only: it leaves out the IPv6 addresses of this question"
                        .to_owned(),
                );
                answer
            }
        }
        (Compat::Faithful, true) => {
            let mut answer = walk_legs(snapshot, resolved, mode, &mut request);
            answer.notes.push(
                "AWS's analyzer (--compat aws) takes IPv4 only: it leaves out the IPv6 addresses of this question"
                    .to_owned(),
            );
            answer
        }
        (_, false) => walk_legs(snapshot, resolved, mode, &mut request),
    };
    dropped::settle(&request.doubts, &mut answer);
    // A path may meet a firewall, another, then the first again (through a transit gateway
    // and back): each once, in the order first met.
    let firewalls = first_seen(request.visits.iter().map(|visit| visit.firewall.clone()));
    (answer, firewalls)
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
            nats_crossed: Vec::new(),
            tables_consulted: 0,
            mode: mode.clone(),
            visits: Vec::new(),
            details: Vec::new(),
            request_endpoints: Vec::new(),
            zones: Vec::new(),
            sends_for_others: false,
            replies_to_source: false,
            doubts: Vec::new(),
            exploring: false,
            forwarded: None,
            geneve_for: None,
            route_hop: None,
            groups_met: Vec::new(),
            destination_named: None,
            crossings: Vec::new(),
            egress_by_reference: None,
        }
    }

    /// A walk that goes on from where this one is, to try another way: it knows what this one
    /// crossed (route tables, NAT gateways and their translations, zones), and whatever it
    /// records is its own.
    fn exploration(&self) -> Walker<'a> {
        let mut other = Walker::new(self.snapshot, self.leg, self.target.clone(), &self.mode);
        other.nat_states = self.nat_states.clone();
        other.tables_seen = self.tables_seen.clone();
        other.nats_crossed = self.nats_crossed.clone();
        other.tables_consulted = self.tables_consulted;
        other.zones = self.zones.clone();
        other.sends_for_others = self.sends_for_others;
        other.replies_to_source = self.replies_to_source;
        other.request_endpoints = self.request_endpoints.clone();
        other.exit = self.exit.clone();
        other.exploring = true;
        other.forwarded = self.forwarded.clone();
        other.geneve_for = self.geneve_for.clone();
        other.crossings = self.crossings.clone();
        other.egress_by_reference = self.egress_by_reference.clone();
        other
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
            Place::Internet => self.enter_from_outside(space),
            Place::VpnGateway(gateway) => self.enter_from_vpn_gateway(gateway, space),
        }
    }

    /// Packets from outside the VPCs: replies come back in the way their request left (each
    /// gateway's re-entry lives with the gateway); anything else comes from the internet.
    fn enter_from_outside(&mut self, space: Space) -> Outcome {
        match self.exit.clone() {
            Some(Exit::EgressOnlyInternetGateway(gateway)) => {
                self.reenter_through_egress_only(gateway, space)
            }
            Some(Exit::GatewayEndpoint(endpoint)) => {
                self.reenter_through_gateway_endpoint(endpoint, space)
            }
            Some(Exit::TransitGatewayEdge {
                gateway,
                attachment,
                subnet,
            }) => self.reenter_through_transit_gateway_edge(gateway, attachment, subnet, space),
            Some(Exit::VpnGateway(gateway, link)) => {
                self.reenter_through_vpn_gateway(gateway, link, space)
            }
            Some(Exit::InternetGateway) | None => self.enter_from_internet(space),
        }
    }

    // ----------------------------------------------------------------- components and hops

    /// Records a hop; returns it, for the members only some hops have (`attached_to`, …).
    fn hop(
        &mut self,
        component: Component,
        vpc: Option<String>,
        subnet: Option<String>,
        rule: Option<Rule>,
        outbound: &Space,
    ) -> &mut Hop {
        let mut hop = Hop::new(component, vpc, subnet, rule, outbound.clone());
        // AWS's `TransitGateway` member on transit gateway attachments and route tables; a
        // transit gateway route table is in no VPC, so it gets no `Vpc`. (No AWS output with
        // these hops was found: the members are an inference from the model's `PathComponent`.)
        match hop.component.kind {
            ComponentKind::TransitGatewayAttachment => {
                hop.transit_gateway = self
                    .snapshot
                    .transit_gateway_attachments
                    .get(hop.component.id.as_str())
                    .and_then(|attachment| attachment.transit_gateway.as_ref())
                    .map(|gateway| self.transit_gateway_component(gateway));
            }
            ComponentKind::TransitGatewayRouteTable => {
                hop.vpc = None;
                hop.transit_gateway = self
                    .snapshot
                    .transit_gateway_route_tables
                    .get(hop.component.id.as_str())
                    .and_then(|table| table.transit_gateway.as_ref())
                    .map(|gateway| self.transit_gateway_component(gateway));
            }
            _ => {}
        }
        self.hops.push(hop);
        self.hops.last_mut().expect("a hop was just pushed")
    }

    fn transit_gateway_component(&self, gateway: &crate::ids::TransitGatewayId) -> Component {
        Component {
            id: gateway.to_string(),
            arn: None,
            name: self
                .snapshot
                .transit_gateways
                .get(gateway)
                .and_then(|found| found.name.clone()),
            kind: ComponentKind::TransitGateway,
        }
    }

    /// Records that the path stops at `component`: a hop nothing leaves, and why.
    fn stop_at(
        &mut self,
        component: Component,
        vpc: Option<String>,
        subnet: Option<String>,
        code: Code,
        message: String,
    ) -> Stop {
        self.hop(
            component.clone(),
            vpc.clone(),
            subnet.clone(),
            None,
            &Space::empty(),
        );
        let stop = self.explain(code, component, message);
        self.annotate(|members| {
            members.vpc = vpc;
            members.subnet = subnet;
        });
        stop
    }

    /// The route leads out of the network (`out_to`: the internet, an AWS service) to
    /// `component`, but the destination is inside it: the packets reach the gateway and go no
    /// further (`NO_ROUTE_TO_DESTINATION`).
    fn out_but_destination_inside(
        &mut self,
        component: Component,
        vpc: Option<String>,
        space: &Space,
        out_to: &str,
    ) -> Stop {
        self.hop(component.clone(), vpc, None, None, space);
        self.explain(
            Code::NoRouteToDestination,
            component,
            format!("the route leads to {out_to}, but the destination is inside the network"),
        )
    }

    /// Fills AWS's code-specific members of the explanation just recorded.
    fn annotate(&mut self, edit: impl FnOnce(&mut super::Members)) {
        if let Some(explanation) = self.explanations.last_mut() {
            edit(&mut explanation.members);
        }
    }

    /// Records why traffic stops here (an explanation of the answer) and returns it.
    fn explain(&mut self, code: Code, component: Component, message: String) -> Stop {
        let destination = super::ABOUT_THE_DESTINATION
            .contains(&code)
            .then(|| self.destination_named.clone())
            .flatten();
        self.explanations.push(Explanation {
            members: super::Members {
                destination,
                ..Default::default()
            },
            code,
            component: component.clone(),
            message: message.clone(),
            firewall_rule: None,
            rule_options: Vec::new(),
        });
        Stop {
            code,
            component,
            message,
        }
    }

    /// Records a complete explanation (a firewall rule's, say) and returns its stop.
    fn explain_with(&mut self, explanation: Explanation) -> Stop {
        let stop = Stop {
            code: explanation.code,
            component: explanation.component.clone(),
            message: explanation.message.clone(),
        };
        self.explanations.push(explanation);
        stop
    }

    /// Records why the verdict cannot be decided here (an explanation with Reach's own code)
    /// and ends the leg unknown.
    fn unknown(&mut self, code: Code, component: Component, message: String) -> Outcome {
        let stop = self.explain(code, component, message);
        Outcome::Unknown(Missing { note: stop.message })
    }

    /// Records what the walk could not go past (a note of the answer); the leg's verdict is
    /// unknown.
    fn missing(&mut self, note: String) -> Outcome {
        self.notes.push(note.clone());
        Outcome::Unknown(Missing { note })
    }

    fn subnet_of(&self, interface: &NetworkInterface) -> Option<&'a Subnet> {
        interface
            .subnet
            .as_ref()
            .and_then(|id| self.snapshot.subnets.get(id))
    }
}

/// `items` without repeats, each where it first appears.
fn first_seen<T: PartialEq>(items: impl IntoIterator<Item = T>) -> Vec<T> {
    let mut seen = Vec::new();
    for item in items {
        if !seen.contains(&item) {
            seen.push(item);
        }
    }
    seen
}

fn vpc_string(vpc: &Option<crate::ids::VpcId>) -> Option<String> {
    vpc.as_ref().map(ToString::to_string)
}

/// An empty space reached a hop: an earlier one stopped everything and said why, so this leg
/// has nothing to deliver; say so rather than block without a reason.
fn nothing_left() -> Outcome {
    Outcome::Unknown(Missing {
        note: "nothing is left of the flow to deliver".to_owned(),
    })
}

/// `space` with some of its header fields as they were before a translation: each cube
/// paired with each cube of `original` of its family, `restore` copying the fields back.
fn with_original(space: &Space, original: &Space, restore: impl Fn(&mut Cube, &Cube)) -> Space {
    Space::from_cubes(
        space
            .cubes()
            .iter()
            .flat_map(|cube| {
                original
                    .cubes()
                    .iter()
                    .filter(|before| before.family == cube.family)
                    .map(|before| {
                        let mut cube = cube.clone();
                        restore(&mut cube, before);
                        cube
                    })
                    .collect::<Vec<_>>()
            })
            .collect(),
    )
}

/// Every packet from the sources of `space`.
fn sources_of(space: &Space) -> Space {
    Space::from_cubes(
        space
            .cubes()
            .iter()
            .map(|cube| Cube {
                sources: cube.sources.clone(),
                ..Cube::everything(cube.family)
            })
            .collect(),
    )
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

#[cfg(test)]
mod tests {
    use super::first_seen;

    #[test]
    fn repeats_are_dropped_wherever_they_are_and_the_first_order_kept() {
        let check = |items: &[&str], expected: &[&str]| {
            assert_eq!(first_seen(items.iter().copied()), expected, "{items:?}");
        };
        check(&[], &[]);
        check(&["a", "a", "b"], &["a", "b"]);
        // Not adjacent: `Vec::dedup` would keep both.
        check(&["a", "b", "a"], &["a", "b"]);
        check(&["b", "a", "c", "a", "b"], &["b", "a", "c"]);
    }
}
