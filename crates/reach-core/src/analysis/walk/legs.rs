use super::*;

pub(super) fn walk_legs(
    snapshot: &Snapshot,
    resolved: &Resolved,
    mode: &Mode,
    request: &mut Walker,
) -> Answer {
    let forward = request.start(&resolved.source, resolved.request.clone());
    let question = &resolved.question;
    let icmp = question.icmp_message();
    if question.source_ports.is_none() && icmp.is_none() {
        request.notes.push("no source port given: the client is assumed to send from an ephemeral port, 1024-65535".to_owned());
    }
    let what = question.flow_words();
    let mut answer = Answer::new(Verdict::NotReachable, what.clone(), mode.compat);
    let arrived = match forward {
        Outcome::Arrived(arrived) => arrived,
        Outcome::Blocked(stop) => {
            answer.stopped_at = Some((stop.code, stop.component));
            let mut answer = request.finish_into(answer);
            // A group that refuses what a component on the way stripped of its group identity:
            // that component is why, and the summary says so after the group's refusal.
            let why = answer
                .explanations
                .iter()
                .find(|explanation| {
                    matches!(
                        explanation.code,
                        Code::SgReferencingSupport | Code::SgReferencesNotPreserved
                    ) && explanation.code != stop.code
                })
                .map(|explanation| format!("; {}", explanation.message))
                .unwrap_or_default();
            answer.summary = format!("{what} does not get through: {}{why}.", stop.message);
            // Two VPCs nothing connects: AWS's analyzer finds no path to begin with, and says
            // so first; where the walk stopped follows.
            if let Some(mut disconnected) = super::vpc::disconnected_vpcs(snapshot, resolved) {
                disconnected.members.destination = request.destination_named.clone();
                answer.summary = format!(
                    "{what} does not get through: {}; {}.",
                    disconnected.message, stop.message
                );
                answer.explanations.insert(0, disconnected);
            }
            return answer;
        }
        Outcome::Unknown(missing) => {
            answer.verdict = Verdict::Unknown;
            answer.summary = format!("{what} cannot be decided: {}.", missing.note);
            return request.finish_into(answer);
        }
    };

    // An ICMP message nothing answers (an error, a reply) has no replies to walk: it arrives,
    // and that is the whole answer.
    if let Some(message) = icmp.filter(|message| {
        crate::space::icmp::reply_type(question.protocol, message.icmp_type).is_none()
    }) {
        let mut answer = request.finish_into(answer);
        answer.verdict = Verdict::Reachable;
        answer.summary = format!("{what} gets through.");
        answer.notes.push(format!(
            "nothing answers an ICMP message of type {}: there are no replies to check",
            message.icmp_type
        ));
        return answer;
    }

    // AWS's analyzer checks only the forward path of a TCP flow that crosses a transit gateway
    // route table (Reachability Analyzer guide, "How Reachability Analyzer works",
    // considerations): it gives no return path and says so with
    // `UNIDIRECTIONAL_PATH_ANALYSIS_ONLY`. Reach walks the replies all the same, except as AWS.
    let transit_gateway_table = (question.protocol == 6)
        .then(|| {
            request
                .hops
                .iter()
                .find(|hop| hop.component.kind == ComponentKind::TransitGatewayRouteTable)
                .map(|hop| hop.component.clone())
        })
        .flatten();
    if let Some(table) = transit_gateway_table {
        if mode.compat == Compat::Aws {
            let mut answer = request.finish_into(answer);
            answer.verdict = Verdict::Reachable;
            answer.reachable_ports = arrived.destination_ports();
            answer.additional_details.push(Explanation {
                members: Default::default(),
                firewall_rule: None,
                rule_options: Vec::new(),
                code: Code::UnidirectionalPathAnalysisOnly,
                message: format!(
                    "the path crosses transit gateway route table {}: AWS's analyzer checks only the forward path of a TCP flow through one, so a block on the way back goes unnoticed",
                    table.id
                ),
                component: table,
            });
            answer
                .additional_details
                .extend(endpoints_without_route_back(snapshot, &answer.forward));
            answer.summary = format!(
                "{what} gets through (AWS's analyzer checks only the forward path of a TCP flow through a transit gateway route table)."
            );
            return answer;
        }
        request.notes.push(format!(
            "AWS's analyzer (--compat aws) checks only the forward path of this flow, as it crosses transit gateway route table {} (UNIDIRECTIONAL_PATH_ANALYSIS_ONLY): it shows no return path",
            table.id
        ));
    }

    // The replies: from what arrived, addresses and ports swapped (for ICMP, the reply's type
    // for the request's: `space::icmp`), back towards the source.
    let mut reply = Walker::new(snapshot, Leg::Reply, resolved.source.clone(), mode);
    reply.nat_states = request.nat_states.clone();
    reply.groups_met = request.groups_met.clone();
    reply.zones = request.zones.clone();
    reply.exit = request.exit.clone();
    reply.replies_to_source = resolved.sends_for_others;
    reply.geneve_for = request.geneve_for.clone();
    reply.destination_named = super::super::end_component(snapshot, &resolved.question.source);
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
    request.doubts.append(&mut reply.doubts);
    match backward {
        Outcome::Arrived(back) => {
            // ICMP has no ports to list: its single type and code got through, or not.
            if icmp.is_none() {
                let request_ports = arrived.destination_ports();
                // A reply's source port is the request's destination port (NAT only rewrites
                // the request's source side).
                let reply_ports = back.reversed().destination_ports();
                answer.reachable_ports = request_ports.intersection(&reply_ports);
            }
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
            if icmp.is_none() && !answered_source_ports.is_superset(&asked_source_ports) {
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
                    members: Default::default(),
                    firewall_rule: None,
                    rule_options: Vec::new(),
                    code: Code::UnidirectionalPathAnalysisOnly,
                    component: middlebox_component(
                        snapshot,
                        bypassed.first().map(|id| id.as_str()).unwrap_or_default(),
                    ),
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
        Outcome::Blocked(stop) => {
            answer.verdict = Verdict::ReachableOneWay;
            answer.summary = format!(
                "{what} arrives, but the replies do not come back: {}.",
                stop.message
            );
            answer.stopped_at = Some((stop.code, stop.component));
        }
        Outcome::Unknown(missing) => {
            answer.verdict = Verdict::Unknown;
            answer.summary = format!(
                "{what} arrives; whether the replies come back cannot be decided: {}.",
                missing.note
            );
        }
    }
    answer
}

/// `--compat aws` on a question with IPv6 addresses only: AWS's analyzer finds no path it can
/// analyse (`NO_PATH`: "The path requires the ability to analyze an unsupported feature (for
/// example, IPv6)", Reachability Analyzer explanation codes). Pinned by the
/// ipv6-egress-only-internet-gateway overlay's `expected-aws` answer.
pub(super) fn no_ipv4_path(request: &mut Walker, resolved: &Resolved) -> Answer {
    let what = resolved.question.flow_words();
    let component = match &resolved.source {
        Place::Interface(id) => match request.snapshot.network_interfaces.get(id) {
            Some(interface) => request.interface_component(interface),
            None => Component {
                id: id.to_string(),
                arn: None,
                name: None,
                kind: ComponentKind::NetworkInterface,
            },
        },
        _ => Component {
            id: resolved.question.source.to_string(),
            arn: None,
            name: None,
            kind: ComponentKind::Address,
        },
    };
    let stop = request.explain(
        Code::NoPath,
        component,
        "AWS's analyzer takes IPv4 only, and this question has IPv6 addresses only".to_owned(),
    );
    let mut answer = Answer::new(Verdict::NotReachable, what.clone(), request.mode.compat);
    answer.summary = format!(
        "{what} has no path AWS's analyzer can analyse: {}.",
        stop.message
    );
    answer.stopped_at = Some((stop.code, stop.component));
    request.finish_into(answer)
}

/// On a path AWS's analyzer checks one way: each VPC endpoint (a firewall's, a Gateway Load
/// Balancer's) that a transit gateway routed the request to and whose subnet has no route
/// back to a transit gateway for the request's sources, AWS's
/// `RESPONSE_RTB_HAS_NO_ROUTE_TO_TRANSIT_GATEWAY` ("there is no route from the VPC endpoint to
/// the transit gateway, so the network might drop the response traffic"). The faithful walk
/// walks the replies instead, and says where they stop.
fn endpoints_without_route_back(snapshot: &Snapshot, forward: &[Hop]) -> Vec<Explanation> {
    let mut details = Vec::new();
    let mut after_transit_gateway = false;
    for hop in forward {
        let endpoint = match hop.component.kind {
            ComponentKind::TransitGatewayAttachment => {
                after_transit_gateway = true;
                continue;
            }
            ComponentKind::VpcEndpoint | ComponentKind::GatewayLoadBalancerEndpoint => {
                Some(hop.component.clone())
            }
            ComponentKind::NetworkFirewall => hop
                .firewall_endpoint
                .as_ref()
                .filter(|endpoint| endpoint.starts_with("vpce-"))
                .map(|endpoint| Component {
                    id: endpoint.clone(),
                    arn: None,
                    name: None,
                    kind: ComponentKind::VpcEndpoint,
                }),
            _ => None,
        };
        let Some(endpoint) = endpoint.filter(|_| after_transit_gateway) else {
            continue;
        };
        let Some(table) = hop
            .subnet
            .as_deref()
            .and_then(|subnet| snapshot.subnets.get(&crate::ids::SubnetId::new(subnet)))
            .and_then(|subnet| subnet.route_table.as_ref())
            .and_then(|(table, _)| snapshot.route_tables.get(table))
        else {
            continue;
        };
        let replies = hop.outbound.reversed();
        let lookup = evaluate::route_table::lookup(snapshot, table, &replies);
        let back = lookup
            .selected
            .iter()
            .any(|selected| matches!(selected.route.target, RouteTarget::TransitGateway(_)));
        if back || replies.is_empty() || !lookup.unresolved.is_empty() {
            continue;
        }
        if details
            .iter()
            .any(|detail: &Explanation| detail.component.id == endpoint.id)
        {
            continue;
        }
        details.push(Explanation {
            members: Default::default(),
            code: Code::ResponseRtbHasNoRouteToTransitGateway,
            message: format!(
                "a transit gateway routes the request to {}, but its subnet's route table {} has no route back to a transit gateway for the request's sources: the replies may be dropped there",
                endpoint.id, table.id
            ),
            component: endpoint,
            firewall_rule: None,
            rule_options: Vec::new(),
        });
    }
    details
}

/// A stateful middlebox by the id the walk recorded: a firewall endpoint stands for its
/// firewall, as the firewall's hop shows it; anything else is named by its id.
fn middlebox_component(snapshot: &Snapshot, id: &str) -> Component {
    let firewall = snapshot.firewalls.values().find(|firewall| {
        firewall
            .endpoints
            .iter()
            .any(|attachment| attachment.endpoint.as_ref().map(|e| e.as_str()) == Some(id))
            || firewall
                .transit_gateway_attachment
                .as_ref()
                .map(|a| a.as_str())
                == Some(id)
    });
    match firewall {
        Some(firewall) => super::network_firewall::firewall_component(firewall),
        None => Component {
            id: id.to_owned(),
            arn: None,
            name: None,
            kind: ComponentKind::Middlebox,
        },
    }
}

/// A firewall the replies bypass sees only the requests: what it then does to them.
pub(super) fn one_sided(
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
        let Some(firewall) = snapshot.firewalls.get(&visit.firewall) else {
            continue;
        };
        let component = super::network_firewall::firewall_component(firewall);
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
pub(super) fn firewall_restriction(
    component: Component,
    message: String,
    rule: &FirewallRule,
) -> Explanation {
    Explanation {
        members: Default::default(),
        code: Code::FirewallRulesRestriction,
        component,
        message,
        firewall_rule: Some(Box::new(rule.clone())),
        rule_options: Vec::new(),
    }
}

pub(super) fn family_of(space: &Space) -> crate::space::Family {
    space
        .cubes()
        .first()
        .map(|cube| cube.family)
        .unwrap_or(crate::space::Family::V4)
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use crate::analysis::ComponentKind;

    const APPLIANCE: &str = r#""NetworkInterfaceId": "eni-f""#;

    #[test]
    fn replies_that_bypass_a_middlebox_the_request_crossed_are_one_way() {
        let files = with_appliance(false, &route("10.0.2.0/24", APPLIANCE), "");
        check(
            &files,
            "eni-a eni-b 443",
            "reachable_one_way UNIDIRECTIONAL_PATH_ANALYSIS_ONLY
             -> eni-a sg-a acl-1 rtb-a acl-1 sg-f eni-f sg-f acl-1 rtb-1 acl-1 sg-b eni-b
             <- eni-b sg-b acl-1 rtb-b acl-1 sg-a eni-a",
        );
        assert_eq!(
            // The appliance is its interface's hop, attached to its instance.
            hop_kind(&files, "eni-a eni-b 443", "eni-f"),
            Some(ComponentKind::NetworkInterface)
        );
    }

    #[test]
    fn replies_through_a_middlebox_the_request_avoided_are_one_way_too() {
        check(
            &with_appliance(false, "", &route("10.0.1.0/24", APPLIANCE)),
            "eni-a eni-b 443",
            "reachable_one_way UNIDIRECTIONAL_PATH_ANALYSIS_ONLY
             -> eni-a sg-a acl-1 rtb-a acl-1 sg-b eni-b
             <- eni-b sg-b acl-1 rtb-b acl-1 sg-f eni-f sg-f acl-1 rtb-1 acl-1 sg-a eni-a",
        );
    }

    #[test]
    fn the_same_middlebox_both_ways_is_symmetric() {
        check(
            &with_appliance(
                false,
                &route("10.0.2.0/24", APPLIANCE),
                &route("10.0.1.0/24", APPLIANCE),
            ),
            "eni-a eni-b 443",
            "reachable
             -> eni-a sg-a acl-1 rtb-a acl-1 sg-f eni-f sg-f acl-1 rtb-1 acl-1 sg-b eni-b
             <- eni-b sg-b acl-1 rtb-b acl-1 sg-f eni-f sg-f acl-1 rtb-1 acl-1 sg-a eni-a",
        );
    }

    #[test]
    fn replies_to_part_of_the_ephemeral_range_get_through_with_a_note() {
        // `subnet-a` lets replies in only to 1024-32767 (Linux's default ephemeral range
        // starts at 32768, so this would be a real outage for it).
        let entries = r#"[
            {"RuleNumber": 100, "Protocol": "6", "PortRange": {"From": 1024, "To": 32767}, "RuleAction": "allow", "Egress": false, "CidrBlock": "0.0.0.0/0"},
            {"RuleNumber": 100, "Protocol": "-1", "RuleAction": "allow", "Egress": true, "CidrBlock": "0.0.0.0/0"}]"#;
        let files = with(
            lab(),
            "describe-network-acls.json",
            network_acls(&[
                ("acl-a", "vpc-1", &["subnet-a"], entries),
                ("acl-1", "vpc-1", &["subnet-b"], ALLOW_ALL),
            ]),
        );
        check(
            &files,
            "eni-a eni-b 443",
            "reachable
             -> eni-a sg-a acl-a rtb-1 acl-1 sg-b eni-b
             <- eni-b sg-b acl-1 rtb-1 acl-a sg-a eni-a",
        );
        let partial = notes(&files, "eni-a eni-b 443");
        assert!(
            partial.contains(&"replies come back only to source ports 1024-32767; a client using another source port gets no reply".to_owned()),
            "{partial:?}"
        );
        // With every ephemeral port let back in, there is no such note.
        let full = notes(&lab(), "eni-a eni-b 443");
        assert!(
            !full
                .iter()
                .any(|note| note.starts_with("replies come back only")),
            "{full:?}"
        );
    }

    // A Gateway Load Balancer endpoint in subnet-c that a transit gateway sent the request
    // to (from 10.0.1.10): its subnet's table routes the replies back to the transit gateway,
    // or does not.
    #[test]
    fn an_endpoint_a_transit_gateway_sends_to_needs_a_route_back_to_it() {
        use crate::analysis::{Component, Hop};
        use crate::space::{Cube, IntervalSet, Space};
        let hop = |id: &str, kind: ComponentKind, subnet: Option<&str>| {
            let request = Space::from_cube(Cube {
                sources: IntervalSet::single(u128::from(u32::from(std::net::Ipv4Addr::new(
                    10, 0, 1, 10,
                )))),
                ..Cube::everything(crate::space::Family::V4)
            });
            let component = Component {
                id: id.to_owned(),
                arn: None,
                name: None,
                kind,
            };
            Hop::new(component, None, subnet.map(str::to_owned), None, request)
        };
        let path = [
            hop(
                "tgw-attach-1",
                ComponentKind::TransitGatewayAttachment,
                None,
            ),
            hop(
                "vpce-g",
                ComponentKind::GatewayLoadBalancerEndpoint,
                Some("subnet-c"),
            ),
        ];
        let codes = |routes_2: &str| {
            let files = two_vpcs("", routes_2);
            let inputs: Vec<reach_aws::InputFile> = files
                .iter()
                .map(|(name, text)| reach_aws::InputFile::new(*name, text.as_str()))
                .collect();
            let snapshot = crate::load(&inputs).snapshot;
            super::endpoints_without_route_back(&snapshot, &path)
                .into_iter()
                .map(|detail| (detail.code.as_str(), detail.component.id))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            codes(""),
            [(
                "RESPONSE_RTB_HAS_NO_ROUTE_TO_TRANSIT_GATEWAY",
                "vpce-g".to_owned()
            )]
        );
        let back = r#", {"DestinationCidrBlock": "10.0.0.0/16", "TransitGatewayId": "tgw-1", "State": "active"}"#;
        assert!(codes(back).is_empty());
        // Not after a transit gateway: nothing to say.
        let files = two_vpcs("", "");
        let inputs: Vec<reach_aws::InputFile> = files
            .iter()
            .map(|(name, text)| reach_aws::InputFile::new(*name, text.as_str()))
            .collect();
        let snapshot = crate::load(&inputs).snapshot;
        assert!(super::endpoints_without_route_back(&snapshot, &path[1..]).is_empty());
    }
}
