//! A route to a Gateway Load Balancer endpoint: the endpoint's service hands the packets to
//! its Gateway Load Balancer, which wraps them in GENEVE (UDP 6081) to one of its target
//! group's appliances; what the appliance sends back comes out of the same endpoint, and the
//! walk goes on by the route table of the endpoint's subnet.
//!
//! The appliance is opaque (its own rules are in no export): Reach assumes it forwards what
//! it gets. What Reach can check is that the load balancer has an appliance to send to and
//! that GENEVE reaches it: the walk from the load balancer's node to the appliance, with the
//! appliance's security groups and the network ACLs between them.

use super::{dropped, walk_legs, Leg, Mode, Outcome, Walker};
use crate::analysis::elbv2::{
    cross_zone, first_address, gets_traffic, group_component, load_balancer_target, nodes,
    same_zone, target_endpoint, target_groups, target_zone,
};
use crate::analysis::endpoint_service::{provider_side, service_component, ProviderSide};
use crate::analysis::question::{Place, Resolved, EPHEMERAL_PORTS};
use crate::analysis::Code;
use crate::analysis::{Component, ComponentKind, Endpoint, Hop, Members, Question, Rule, Verdict};
use crate::command;
use crate::model::{
    LoadBalancer, Subnet, TargetHealth, TargetHealthState, TargetType, VpcEndpoint,
    VpcEndpointState, VpcEndpointType,
};
use crate::space::{address_number, Cube, IntervalSet, Space};

/// GENEVE's UDP port, the only one a Gateway Load Balancer speaks to its appliances.
const GENEVE_PORT: u16 = 6081;

impl<'a> Walker<'a> {
    /// Packets routed to a Gateway Load Balancer endpoint.
    pub(super) fn through_gwlb_endpoint(
        &mut self,
        from: &'a Subnet,
        endpoint: &'a VpcEndpoint,
        space: Space,
    ) -> Outcome {
        let component = Component {
            id: endpoint.id.to_string(),
            arn: None,
            name: endpoint.name.clone(),
            kind: ComponentKind::GatewayLoadBalancerEndpoint,
        };
        let vpc = Some(from.vpc.to_string());
        if let Some(sender) = self.geneve_for.clone() {
            // The load balancer's own GENEVE packets, on their way to an appliance, are routed
            // to a Gateway Load Balancer endpoint. Following them would start another GENEVE
            // walk inside this one, and routes that lead back would nest walks without end.
            if sender == endpoint.id {
                return Outcome::Blocked(self.stop_at(
                    component,
                    vpc,
                    None,
                    Code::RoutingLoop,
                    format!("routing loop: the GENEVE packets of the load balancer behind {} are routed back to it", endpoint.id),
                ));
            }
            self.hop(component.clone(), vpc, None, None, &space);
            return self.unknown(
                Code::NotAnalysed,
                component,
                format!("the GENEVE packets of the load balancer behind {sender} are routed to Gateway Load Balancer endpoint {}: Reach does not follow a load balancer's traffic to its appliances through another one", endpoint.id),
            );
        }
        let Some(endpoint_subnet) = endpoint
            .subnets
            .first()
            .and_then(|id| self.snapshot.subnets.get(id))
        else {
            self.hop(component, vpc, None, None, &space);
            return self.missing(format!(
                "the subnet of Gateway Load Balancer endpoint {} is not in the input",
                endpoint.id
            ));
        };
        let subnet_id = Some(endpoint_subnet.id.to_string());
        let space = passed!(self.cross_subnets(from, endpoint_subnet, space));
        if let Some(state) = endpoint
            .state
            .as_ref()
            .filter(|state| **state != VpcEndpointState::Available)
        {
            return Outcome::Blocked(self.stop_at(
                component,
                vpc,
                subnet_id,
                Code::BadState,
                format!("Gateway Load Balancer endpoint {} is {state}, not available: it forwards no traffic", endpoint.id),
            ));
        }
        self.middleboxes.push(endpoint.id.to_string());
        let service_name = endpoint.service_name.clone().unwrap_or_default();
        let (configuration, connection_state, gwlb) = match provider_side(self.snapshot, endpoint) {
            ProviderSide::NoConfiguration { service_name } => {
                self.hop(component, vpc, subnet_id, None, &space);
                return self.missing(format!(
                        "the path reaches Gateway Load Balancer endpoint {}; the provider's side of {service_name} (its Gateway Load Balancer and appliances) is not in the input: {} in the provider's account",
                        endpoint.id,
                        command::endpoint_service_configurations(None)
                    ));
            }
            ProviderSide::NotAccepted { state } => {
                return Outcome::Blocked(self.stop_at(
                    component,
                    vpc,
                    subnet_id,
                    Code::BadState,
                    format!(
                        "the provider of {service_name} sees endpoint {} as {state}",
                        endpoint.id
                    ),
                ));
            }
            ProviderSide::ServiceNotAvailable {
                configuration,
                state,
            } => {
                self.hop(component, vpc, subnet_id, None, &space);
                return Outcome::Blocked(self.stop_at(
                    service_component(configuration),
                    None,
                    None,
                    Code::BadState,
                    format!("endpoint service {} is {state}", configuration.service_id),
                ));
            }
            ProviderSide::NoLoadBalancer {
                configuration,
                wanted,
            } => {
                self.hop(component, vpc, subnet_id, None, &space);
                return self.missing(format!(
                    "the Gateway Load Balancer behind endpoint service {} is not in the input: {}",
                    configuration.service_id,
                    wanted
                        .map(|arn| command::load_balancer(arn.as_str()))
                        .unwrap_or_else(command::load_balancers)
                ));
            }
            ProviderSide::Found {
                configuration,
                connection_state,
                load_balancer,
            } => (configuration, connection_state, load_balancer),
        };
        self.hop(
            component.clone(),
            vpc.clone(),
            subnet_id.clone(),
            None,
            &space,
        );
        self.hop(
            service_component(configuration),
            None,
            None,
            Some(Rule::EndpointService {
                service_name: service_name.clone(),
                endpoint: endpoint.id.to_string(),
                state: connection_state
                    .or_else(|| endpoint.state.clone())
                    .unwrap_or(VpcEndpointState::Available)
                    .to_string(),
                load_balancer: gwlb.arn.to_string(),
            }),
            &space,
        );
        if self.mode.compat == crate::analysis::Compat::Aws {
            // AWS's analyzer does not follow the detour to the appliances: it passes the
            // packets through the endpoint and says so.
            if self.leg == Leg::Request {
                self.details.push(crate::analysis::Explanation {
                    code: Code::PathThroughGwlbNotChecked,
                    component: component.clone(),
                    message: format!(
                        "the path through {}'s appliances is not checked (AWS's analyzer does not follow it)",
                        gwlb.name
                    ),
                    firewall_rule: None,
                    rule_options: Vec::new(),
                    members: Default::default(),
                });
            }
        } else {
            match self.appliance_for(endpoint, endpoint_subnet, gwlb, &space) {
                Ok(()) => {}
                Err(outcome) => return outcome,
            }
        }
        // What the appliance sends back leaves the same endpoint.
        self.hop(component, vpc, subnet_id, None, &space);
        if self.leg == Leg::Request {
            self.notes.push(format!(
                "the appliance behind {} is opaque: Reach checks that GENEVE reaches it and assumes it sends back what it gets; its own rules are not in any export",
                gwlb.name
            ));
        }
        self.route_from(endpoint_subnet, space)
    }

    /// The load balancer's side: its node in the endpoint's zone, its target group, an
    /// appliance that gets traffic, and GENEVE from the node to it. Records the hops.
    fn appliance_for(
        &mut self,
        endpoint: &VpcEndpoint,
        endpoint_subnet: &'a Subnet,
        gwlb: &'a LoadBalancer,
        space: &Space,
    ) -> Result<(), Outcome> {
        let lb_component = Component {
            id: gwlb.arn.to_string(),
            arn: Some(gwlb.arn.to_string()),
            name: Some(gwlb.name.clone()),
            kind: ComponentKind::LoadBalancer,
        };
        let lb_vpc = gwlb.vpc.as_ref().map(ToString::to_string);
        let endpoint_interface = endpoint
            .network_interfaces
            .iter()
            .find_map(|id| self.snapshot.network_interfaces.get(id));
        let all_nodes = nodes(self.snapshot, gwlb);
        let node = all_nodes
            .iter()
            .copied()
            .find(|node| match endpoint_interface {
                Some(interface) => same_zone(self.snapshot, interface, node),
                None => node.availability_zone == endpoint_subnet.availability_zone,
            });
        let Some(node) = node else {
            return Err(Outcome::Blocked(self.stop_at(
                lb_component,
                lb_vpc,
                None,
                Code::VpceServiceNotInstalledInAz,
                format!(
                    "{} has no node in {}, the zone of endpoint {}",
                    gwlb.name,
                    endpoint_subnet
                        .availability_zone
                        .as_deref()
                        .unwrap_or("the zone"),
                    endpoint.id
                ),
            )));
        };
        let listener = self
            .snapshot
            .listeners
            .values()
            .find(|listener| listener.load_balancer.as_ref() == Some(&gwlb.arn));
        let groups = listener
            .map(|listener| target_groups(self.snapshot, listener))
            .unwrap_or_default();
        let Some(group) = groups.first().copied() else {
            // A listener or target group the input lacks may forward: the verdict depends on
            // it. A listener that forwards to none sends nothing to an appliance.
            let missing = match listener {
                None => Some(format!(
                    "{} has no listener in the input: {}",
                    gwlb.name,
                    command::listeners_of(gwlb.arn.as_str())
                )),
                Some(listener) => super::super::elbv2::target_group_arns(listener)
                    .first()
                    .map(|arn| {
                        format!(
                            "{}'s listener forwards to target group {arn}, which is not in the input: {}",
                            gwlb.name,
                            command::target_group(arn.as_str())
                        )
                    }),
            };
            if let Some(message) = missing {
                self.hop(lb_component.clone(), lb_vpc, None, None, space);
                return Err(self.unknown(Code::MissingInput, lb_component, message));
            }
            let stop = self.stop_at(
                lb_component,
                lb_vpc,
                None,
                Code::Elbv2ListenerRequiresTgAccept,
                format!("{}'s listener forwards to no target group", gwlb.name),
            );
            self.annotate(|members| {
                members.load_balancer_arn = Some(gwlb.arn.to_string());
                members.listener = listener.map(|listener| listener.arn.to_string());
                members.listener_port = listener.and_then(|listener| listener.port);
            });
            return Err(Outcome::Blocked(stop));
        };
        let Some(targets) = &group.targets else {
            self.hop(lb_component, lb_vpc, None, None, space);
            return Err(self.missing(format!(
                "the health of target group {}'s appliances was not exported: {}",
                group.name,
                command::target_health_of(group.arn.as_str())
            )));
        };
        // Cross-zone load balancing is off unless an attribute turns it on: the node uses its
        // own zone's targets.
        let setting = cross_zone(gwlb, group);
        let in_zone = |target: &&TargetHealth| {
            let zone = target_zone(self.snapshot, target);
            setting.on
                || zone.as_deref() == Some("all")
                || zone.is_none()
                || zone == node.availability_zone
        };
        let zonal: Vec<&TargetHealth> = targets.iter().filter(in_zone).collect();
        // Unlike Application and Network Load Balancers, a Gateway Load Balancer does not fail
        // open: with no healthy appliance it keeps flows on an unhealthy one, which drops them
        // (Gateway Load Balancer guide, "Health checks", target failure scenarios).
        let chosen: Vec<&TargetHealth> = zonal
            .iter()
            .copied()
            .filter(|target| gets_traffic(target, false))
            .collect();
        if chosen.is_empty() {
            let (code, message) = if targets.is_empty() {
                (
                    Code::Elbv2ListenerHasNoTg,
                    format!(
                        "target group {} of {} has no registered appliance",
                        group.name, gwlb.name
                    ),
                )
            } else if zonal.is_empty() {
                (
                    Code::Elbv2NoTargetsInAz,
                    format!(
                        "target group {} has no appliance in {}, and cross-zone load balancing is off{}",
                        group.name,
                        node.availability_zone.as_deref().unwrap_or("the node's zone"),
                        if setting.assumed() { " by default" } else { "" }
                    ),
                )
            } else {
                (
                    Code::Elbv2ListenerHasNoTg,
                    format!(
                        "no appliance of target group {} is healthy, and a Gateway Load Balancer does not fail open ({})",
                        group.name,
                        zonal
                            .iter()
                            .map(|target| format!(
                                "{}: {}",
                                target.id,
                                target
                                    .state
                                    .as_ref()
                                    .map_or("unknown", TargetHealthState::as_str)
                            ))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            };
            let stop = self.stop_at(
                lb_component,
                lb_vpc,
                node.subnet.as_ref().map(ToString::to_string),
                code,
                message,
            );
            // The appliance it is about, when there is one (registered, but unhealthy).
            let only = match zonal.as_slice() {
                [only] => Some(load_balancer_target(only, group.port)),
                _ => None,
            };
            self.annotate(|members| {
                *members = Members {
                    load_balancer_arn: Some(gwlb.arn.to_string()),
                    listener: listener.map(|listener| listener.arn.to_string()),
                    listener_port: listener.and_then(|listener| listener.port),
                    target_groups: vec![group_component(group)],
                    target: only,
                    availability_zones: match code {
                        Code::Elbv2NoTargetsInAz => {
                            node.availability_zone.iter().cloned().collect()
                        }
                        _ => Vec::new(),
                    },
                    ..std::mem::take(members)
                };
            });
            return Err(Outcome::Blocked(stop));
        }
        // GENEVE from the node to each appliance that gets traffic: the first that it reaches
        // carries the flow.
        let mut failures = Vec::new();
        for target in &chosen {
            let port = target.port.or(group.port).unwrap_or(GENEVE_PORT);
            match self.geneve_to(endpoint, node, group.target_type.as_ref(), target, port) {
                Ok((hops, tables_consulted)) => {
                    // The GENEVE leg's route tables are on this leg's path: they count
                    // against its bound (`MAX_ROUTE_TABLES`).
                    self.tables_consulted = tables_consulted;
                    self.hop(
                        lb_component,
                        lb_vpc,
                        node.subnet.as_ref().map(ToString::to_string),
                        Some(Rule::LoadBalancer {
                            listener: listener.map(|l| l.arn.to_string()).unwrap_or_default(),
                            protocol: "GENEVE".to_owned(),
                            port: GENEVE_PORT,
                            target_group: group.arn.to_string(),
                            target_group_name: group.name.clone(),
                            target: target.id.clone(),
                            target_port: port,
                            target_zone: target.availability_zone.clone(),
                            health: target
                                .state
                                .as_ref()
                                .map(ToString::to_string)
                                .unwrap_or_default(),
                        }),
                        space,
                    );
                    // The GENEVE leg's own hops (the appliance's groups, the ACLs between),
                    // carrying the packets of the flow inside.
                    for hop in hops {
                        self.hops.push(Hop {
                            outbound: space.clone(),
                            ..hop
                        });
                    }
                    for failure in failures {
                        self.notes.push(failure);
                    }
                    return Ok(());
                }
                Err(why) => failures.push(format!(
                    "GENEVE from {}'s node {} to appliance {} on UDP {port} does not get through: {why}",
                    gwlb.name, node.id, target.id
                )),
            }
        }
        let message = failures.join("; ");
        let stop = self.stop_at(
            lb_component,
            lb_vpc,
            node.subnet.as_ref().map(ToString::to_string),
            Code::Elbv2ListenerHasNoTg,
            message,
        );
        let only = match chosen.as_slice() {
            [only] => Some(load_balancer_target(only, group.port)),
            _ => None,
        };
        self.annotate(|members| {
            members.load_balancer_arn = Some(gwlb.arn.to_string());
            members.listener = listener.map(|listener| listener.arn.to_string());
            members.listener_port = listener.and_then(|listener| listener.port);
            members.target_groups = vec![group_component(group)];
            members.target = only;
        });
        Err(Outcome::Blocked(stop))
    }

    /// The walk of GENEVE from the node to an appliance, both ways: its hops after the node
    /// and the route tables this leg has consulted with them, or why it does not get through.
    fn geneve_to(
        &self,
        endpoint: &VpcEndpoint,
        node: &crate::model::NetworkInterface,
        target_type: Option<&TargetType>,
        target: &TargetHealth,
        port: u16,
    ) -> Result<(Vec<Hop>, usize), String> {
        let snapshot = self.snapshot;
        let (interface, address) = target_endpoint(snapshot, target_type, target)?;
        let interface =
            interface.ok_or_else(|| format!("no interface in the input holds {address}"))?;
        let node_address = first_address(node)
            .ok_or_else(|| format!("the node {} has no private address in the input", node.id))?;
        let (family, destination) = address_number(address);
        let (node_family, source) = address_number(node_address);
        if family != node_family {
            return Err("the appliance and the node have no address family in common".to_owned());
        }
        let request = Space::from_cubes(vec![Cube {
            family,
            protocols: IntervalSet::single(17),
            sources: IntervalSet::single(source),
            destinations: IntervalSet::single(destination),
            source_ports: IntervalSet::range(EPHEMERAL_PORTS.0, EPHEMERAL_PORTS.1),
            destination_ports: IntervalSet::single(u128::from(port)),
        }]);
        let resolved = Resolved {
            source: Place::Interface(node.id.clone()),
            destination: Place::Interface(interface.id.clone()),
            request,
            question: Question {
                source: Endpoint::Id(node.id.to_string()),
                destination: Endpoint::Id(interface.id.to_string()),
                protocol: 17,
                source_ports: None,
                destination_ports: Some((port, port)),
                icmp: None,
                source_ip: Some(node_address),
                destination_ip: Some(address),
                application: reach_nfw::AppQuestion::default(),
                compat: self.mode.compat,
            },
            sends_for_others: false,
            forwarded: None,
        };
        let mode = Mode {
            compat: self.mode.compat,
            scenario: reach_nfw::Scenario::plain(),
        };
        let mut geneve = Walker::new(snapshot, Leg::Request, resolved.destination.clone(), &mode);
        geneve.geneve_for = Some(endpoint.id.clone());
        geneve.tables_consulted = self.tables_consulted;
        let mut answer = walk_legs(snapshot, &resolved, &mode, &mut geneve);
        dropped::settle(&geneve.doubts, &mut answer);
        if answer.verdict != Verdict::Reachable {
            let why = answer
                .explanations
                .first()
                .map(|explanation| format!("{} ({})", explanation.message, explanation.code))
                .unwrap_or(answer.summary);
            return Err(why);
        }
        Ok((
            answer.forward.into_iter().skip(1).collect(),
            geneve.tables_consulted,
        ))
    }
}

/// Whether a `vpce-` is a Gateway Load Balancer endpoint.
pub(super) fn is_gwlb_endpoint(endpoint: &VpcEndpoint) -> bool {
    endpoint.endpoint_type == VpcEndpointType::GatewayLoadBalancer
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use crate::analysis::ComponentKind;

    /// `sg-g` admitting GENEVE from the provider VPC, as a Gateway Load Balancer needs.
    const GENEVE_IN: &str = r#"[{"IpProtocol": "udp", "FromPort": 6081, "ToPort": 6081, "IpRanges": [{"CidrIp": "10.1.0.0/16"}]}]"#;

    #[test]
    fn a_healthy_appliance_inspects_the_flow_both_ways() {
        let files = with_gwlb(
            &gwlb_target("10.1.1.50", "us-east-1a", "healthy"),
            GENEVE_IN,
        );
        check(
            &files,
            "eni-a eni-b 443",
            &format!(
                "reachable
                 -> eni-a sg-a acl-1 rtb-a acl-1 vpce-gwlb vpce-svc-1 {GWLB} rtb-2 sg-g eni-g vpce-gwlb acl-1 rtb-1 acl-1 sg-b eni-b
                 <- eni-b sg-b acl-1 rtb-b acl-1 vpce-gwlb vpce-svc-1 {GWLB} rtb-2 sg-g eni-g vpce-gwlb acl-1 rtb-1 acl-1 sg-a eni-a"
            ),
        );
        let kind = |id: &str| hop_kind(&files, "eni-a eni-b 443", id);
        assert_eq!(
            kind("vpce-gwlb"),
            Some(ComponentKind::GatewayLoadBalancerEndpoint)
        );
        assert_eq!(kind("vpce-svc-1"), Some(ComponentKind::EndpointService));
        assert_eq!(kind(GWLB), Some(ComponentKind::LoadBalancer));
    }

    /// The flow stops at the load balancer with `code`, for the reason `why` words; the local
    /// route the endpoint's more specific route beat would have delivered it.
    fn stops_at_the_load_balancer(files: &[(&'static str, String)], code: &str, why: &str) {
        check(
            files,
            "eni-a eni-b 443",
            &format!(
                "not_reachable {code} MORE_SPECIFIC_ROUTE
                 -> eni-a sg-a acl-1 rtb-a acl-1 vpce-gwlb vpce-svc-1 {GWLB}"
            ),
        );
        let summary = summary(files, "eni-a eni-b 443");
        assert!(summary.contains(why), "{summary}");
    }

    #[test]
    fn geneve_the_appliances_group_refuses_stops_the_flow() {
        let tcp_only = r#"[{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "10.1.0.0/16"}]}]"#;
        stops_at_the_load_balancer(
            &with_gwlb(&gwlb_target("10.1.1.50", "us-east-1a", "healthy"), tcp_only),
            "ELBV2_LISTENER_HAS_NO_TG",
            "GENEVE from gwlb-1's node eni-node to appliance 10.1.1.50 on UDP 6081 does not get through",
        );
    }

    #[test]
    fn without_a_registered_appliance_nothing_is_forwarded() {
        stops_at_the_load_balancer(
            &with_gwlb("", GENEVE_IN),
            "ELBV2_LISTENER_HAS_NO_TG",
            "target group tg-1 of gwlb-1 has no registered appliance",
        );
    }

    #[test]
    fn an_unhealthy_appliance_is_not_failed_open_to() {
        stops_at_the_load_balancer(
            &with_gwlb(
                &gwlb_target("10.1.1.50", "us-east-1a", "unhealthy"),
                GENEVE_IN,
            ),
            "ELBV2_LISTENER_HAS_NO_TG",
            "a Gateway Load Balancer does not fail open (10.1.1.50: unhealthy)",
        );
    }

    #[test]
    fn an_appliance_in_another_zone_is_unused_without_cross_zone() {
        stops_at_the_load_balancer(
            &with_gwlb(&gwlb_target("10.1.1.50", "us-east-1b", "healthy"), GENEVE_IN),
            "ELBV2_NO_TARGETS_IN_AZ",
            "target group tg-1 has no appliance in us-east-1a, and cross-zone load balancing is off by default",
        );
    }

    #[test]
    fn without_the_providers_side_the_verdict_is_unknown() {
        let files = with(
            with_gwlb(
                &gwlb_target("10.1.1.50", "us-east-1a", "healthy"),
                GENEVE_IN,
            ),
            "describe-vpc-endpoint-service-configurations.json",
            r#"{"ServiceConfigurations": []}"#,
        );
        check(
            &files,
            "eni-a eni-b 443",
            "unknown
             -> eni-a sg-a acl-1 rtb-a acl-1 vpce-gwlb",
        );
    }
}
