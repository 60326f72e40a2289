//! `reach analyze` output: JSON in the vocabulary of AWS's `describe-network-insights-analyses`
//! (plus one `Reach` key of our own), and text for a terminal.

use crate::printable;
use reach_core::analysis::{Answer, Compat, ComponentKind, FirewallRule, Hop, Rule};
use reach_core::space::{icmp, IntervalSet, Space};
use serde_json::{json, Map, Value};
use std::fmt::Write as _;

/// The answer as JSON, with AWS's field names.
pub fn analysis_json(answer: &Answer) -> Value {
    let mut out = json!({
        "NetworkPathFound": answer.network_path_found(),
        "ForwardPathComponents": components(&answer.forward, &answer.additional_details, answer.compat),
        "ReturnPathComponents": components(&answer.reverse, &[], answer.compat),
        "Explanations": answer.explanations.iter().map(|explanation| {
            let mut out = Map::new();
            // Reach's own codes (a routing loop, missing input) are not AWS's: they go under
            // `Reach`, and `ExplanationCode` is left out rather than misused.
            let mut reach = Map::new();
            if explanation.code.is_aws() {
                out.insert("ExplanationCode".to_owned(), json!(explanation.code.as_str()));
                if let Some(field) = explanation.code.packet_field() {
                    out.insert("PacketField".to_owned(), json!(field));
                }
            } else {
                reach.insert("Code".to_owned(), json!(explanation.code.as_str()));
            }
            // An address is AWS's `Address`, never a component's id; a resource the input
            // does not hold is AWS's `MissingComponent` ("The missing component"), by its id.
            match explanation.component.id.parse::<std::net::IpAddr>() {
                Ok(address) => {
                    out.insert("Address".to_owned(), json!(address.to_string()));
                }
                Err(_) if explanation.code == reach_core::analysis::Code::NoSourceOrDestination => {
                    out.insert("MissingComponent".to_owned(), json!(explanation.component.id));
                }
                Err(_) => {
                    out.insert("Component".to_owned(), component(&explanation.component));
                }
            }
            explanation_members(&explanation.members, &mut out);
            if let Some(rule) = &explanation.firewall_rule {
                match firewall_rule(rule) {
                    Some((key, value)) => {
                        out.insert(key.to_owned(), value);
                    }
                    None => {
                        reach.insert("FirewallPolicyDefault".to_owned(), policy_default(rule));
                    }
                }
            }
            reach.insert("Message".to_owned(), json!(explanation.message));
            out.insert("Reach".to_owned(), Value::Object(reach));
            Value::Object(out)
        }).collect::<Vec<_>>(),
        "Reach": reach_extras(answer),
    });
    // AWS's answers leave out a return path they have none of (an unreachable path; a TCP
    // path through a transit gateway route table, which AWS analyses one way only).
    if answer.compat == Compat::Aws && answer.reverse.is_empty() {
        if let Value::Object(out) = &mut out {
            out.remove("ReturnPathComponents");
        }
    }
    out
}

fn reach_extras(answer: &Answer) -> Value {
    let mut out = Map::new();
    out.insert("Verdict".to_owned(), json!(answer.verdict.as_str()));
    out.insert("Summary".to_owned(), json!(answer.summary));
    out.insert(
        "DestinationPortRanges".to_owned(),
        json!(port_ranges(&answer.reachable_ports)),
    );
    if !answer.cases.is_empty() {
        out.insert(
            "Cases".to_owned(),
            json!(answer
                .cases
                .iter()
                .map(|case| json!({
                    "Application": case.application,
                    "Verdict": case.verdict.as_str(),
                    "Firewall": case.decision,
                    "DestinationPortRanges": port_ranges(&case.reachable_ports),
                }))
                .collect::<Vec<_>>()),
        );
    }
    if let Some(other) = &answer.other_mode {
        out.insert("OtherMode".to_owned(), json!(other));
    }
    out.insert("Notes".to_owned(), json!(answer.notes));
    Value::Object(out)
}

/// A policy default that decided, under `Reach` (AWS's rule members name a rule group, which
/// a policy default is not).
fn policy_default(rule: &FirewallRule) -> Value {
    let mut out = Map::new();
    if let Some(default) = &rule.policy_default {
        out.insert("FirewallPolicyArn".to_owned(), json!(default.policy_arn));
        if let Some(action) = &default.action {
            out.insert("DefaultAction".to_owned(), json!(action));
        }
    }
    out.insert("RuleAction".to_owned(), json!(rule.action));
    out.insert(
        "Engine".to_owned(),
        json!(if rule.stateful {
            "stateful"
        } else {
            "stateless"
        }),
    );
    if let Some(packet) = &rule.packet {
        out.insert("DecidedAt".to_owned(), json!(packet));
    }
    out.insert("Decision".to_owned(), json!(rule.plain));
    Value::Object(out)
}

/// `FirewallStatefulRule` or `FirewallStatelessRule`, as AWS's path components carry it; none
/// when a policy default decided (see `policy_default`).
fn firewall_rule(rule: &FirewallRule) -> Option<(&'static str, Value)> {
    if rule.policy_default.is_some() {
        return None;
    }
    let ranges = |ranges: &[(u16, u16)]| -> Vec<Value> {
        ranges
            .iter()
            .map(|(from, to)| json!({"From": from, "To": to}))
            .collect()
    };
    let mut out = Map::new();
    // Which engine decided is the member's name (`FirewallStatefulRule` or
    // `FirewallStatelessRule`); AWS's model has no `RuleGroupType` inside either.
    out.insert("RuleGroupArn".to_owned(), json!(rule.rule_group_arn));
    out.insert("RuleAction".to_owned(), json!(rule.action));
    if let Some(protocol) = &rule.protocol {
        if rule.stateful {
            out.insert("Protocol".to_owned(), json!(protocol));
        } else {
            // A stateless rule's `Protocols` is a list of protocol numbers.
            let numbers: Vec<u64> = protocol
                .split([',', ' '])
                .filter_map(|part| part.trim().parse().ok())
                .collect();
            out.insert("Protocols".to_owned(), json!(numbers));
        }
    }
    if !rule.sources.is_empty() {
        out.insert("Sources".to_owned(), json!(rule.sources));
    }
    if !rule.destinations.is_empty() {
        out.insert("Destinations".to_owned(), json!(rule.destinations));
    }
    if !rule.source_ports.is_empty() {
        out.insert("SourcePorts".to_owned(), json!(ranges(&rule.source_ports)));
    }
    if !rule.destination_ports.is_empty() {
        out.insert(
            "DestinationPorts".to_owned(),
            json!(ranges(&rule.destination_ports)),
        );
    }
    if let Some(direction) = &rule.direction {
        out.insert("Direction".to_owned(), json!(direction));
    }
    if let Some(priority) = rule.priority {
        out.insert("Priority".to_owned(), json!(priority));
    }
    let mut reach = Map::new();
    reach.insert("RuleGroupName".to_owned(), json!(rule.rule_group_name));
    if let Some(sid) = rule.sid {
        reach.insert("Sid".to_owned(), json!(sid));
    }
    if let Some(text) = &rule.text {
        reach.insert("RuleText".to_owned(), json!(text));
    }
    if let Some(line) = rule.line {
        reach.insert("Line".to_owned(), json!(line));
    }
    if let Some(packet) = &rule.packet {
        reach.insert("DecidedAt".to_owned(), json!(packet));
    }
    reach.insert("Decision".to_owned(), json!(rule.plain));
    out.insert("Reach".to_owned(), Value::Object(reach));
    let key = if rule.stateful {
        "FirewallStatefulRule"
    } else {
        "FirewallStatelessRule"
    };
    Some((key, Value::Object(out)))
}

fn rule_options(options: &[(String, Vec<String>)]) -> Vec<Value> {
    options
        .iter()
        .map(|(keyword, settings)| json!({"Keyword": keyword, "Settings": settings}))
        .collect()
}

/// AWS's code-specific `Explanation` members.
fn explanation_members(members: &reach_core::analysis::Members, out: &mut Map<String, Value>) {
    if let Some(direction) = members.direction {
        out.insert("Direction".to_owned(), json!(direction));
    }
    if let Some(vpc) = &members.vpc {
        out.insert("Vpc".to_owned(), json!({"Id": vpc}));
    }
    if let Some(subnet) = &members.subnet {
        out.insert("Subnet".to_owned(), json!({"Id": subnet}));
    }
    if let Some(interface) = &members.network_interface {
        out.insert("NetworkInterface".to_owned(), json!({"Id": interface}));
    }
    if !members.security_groups.is_empty() {
        let groups: Vec<Value> = members
            .security_groups
            .iter()
            .map(|group| json!({"Id": group}))
            .collect();
        out.insert("SecurityGroups".to_owned(), json!(groups));
    }
    if let Some(address) = members.address {
        out.insert("Address".to_owned(), json!(address.to_string()));
    }
    if let Some(destination) = &members.destination {
        out.insert("Destination".to_owned(), component(destination));
    }
    match &members.rule {
        Some(rule @ Rule::NetworkAcl { acl, .. }) => {
            out.insert("Acl".to_owned(), json!({"Id": acl}));
            if let Some(rule) = acl_rule_json(rule) {
                out.insert("AclRule".to_owned(), rule);
            }
        }
        Some(rule @ Rule::Route { table, .. }) => {
            out.insert("RouteTable".to_owned(), json!({"Id": table}));
            if let Some(route) = route_json(rule) {
                out.insert("RouteTableRoute".to_owned(), route);
            }
        }
        Some(rule @ Rule::TransitGatewayRoute { table, .. }) => {
            out.insert("TransitGatewayRouteTable".to_owned(), json!({"Id": table}));
            if let Some(route) = transit_gateway_route_json(rule) {
                out.insert("TransitGatewayRouteTableRoute".to_owned(), route);
            }
        }
        Some(rule @ Rule::SecurityGroup { group, .. }) => {
            out.insert("SecurityGroup".to_owned(), json!({"Id": group}));
            if let Some(rule) = security_group_rule_json(rule) {
                out.insert("SecurityGroupRule".to_owned(), rule);
            }
        }
        _ => {}
    }
    if let Some(gateway) = &members.transit_gateway {
        out.insert("TransitGateway".to_owned(), json!({"Id": gateway}));
    }
    if let Some(attachment) = &members.transit_gateway_attachment {
        out.insert(
            "TransitGatewayAttachment".to_owned(),
            json!({"Id": attachment}),
        );
    }
    if !members.availability_zones.is_empty() {
        out.insert(
            "AvailabilityZones".to_owned(),
            json!(members.availability_zones),
        );
    }
    if let Some((source, destination)) = &members.vpcs {
        out.insert("SourceVpc".to_owned(), json!({"Id": source}));
        out.insert("DestinationVpc".to_owned(), json!({"Id": destination}));
    }
    if !members.port_ranges.is_empty() {
        let ranges: Vec<Value> = members
            .port_ranges
            .iter()
            .map(|(from, to)| json!({"From": from, "To": to}))
            .collect();
        out.insert("PortRanges".to_owned(), json!(ranges));
    }
    if let Some(port) = members.port {
        out.insert("Port".to_owned(), json!(port));
    }
    if !members.protocols.is_empty() {
        out.insert("Protocols".to_owned(), json!(members.protocols));
    }
    if let Some(arn) = &members.load_balancer_arn {
        out.insert("LoadBalancerArn".to_owned(), json!(arn));
    }
    if let Some(listener) = &members.listener {
        out.insert(
            "ElasticLoadBalancerListener".to_owned(),
            json!({"Arn": listener, "Id": listener}),
        );
    }
    if let Some(port) = members.listener_port {
        out.insert("LoadBalancerListenerPort".to_owned(), json!(port));
    }
    match members.target_groups.as_slice() {
        [] => {}
        [group] => {
            out.insert("LoadBalancerTargetGroup".to_owned(), component(group));
        }
        groups => {
            out.insert(
                "LoadBalancerTargetGroups".to_owned(),
                json!(groups.iter().map(component).collect::<Vec<_>>()),
            );
        }
    }
    if let Some(target) = &members.target {
        out.insert(
            "LoadBalancerTarget".to_owned(),
            load_balancer_target(&target.id, target.availability_zone.as_deref(), target.port),
        );
        if let Some(port) = target.port {
            out.insert("LoadBalancerTargetPort".to_owned(), json!(port));
        }
    }
}

/// AWS's `AnalysisLoadBalancerTarget`: an IP address target as `Address`, else `Instance`.
fn load_balancer_target(id: &str, zone: Option<&str>, port: Option<u16>) -> Value {
    let mut out = Map::new();
    if id.parse::<std::net::IpAddr>().is_ok() {
        out.insert("Address".to_owned(), json!(id));
    } else {
        out.insert("Instance".to_owned(), json!({"Id": id}));
    }
    if let Some(zone) = zone {
        out.insert("AvailabilityZone".to_owned(), json!(zone));
    }
    if let Some(port) = port {
        out.insert("Port".to_owned(), json!(port));
    }
    Value::Object(out)
}

/// AWS's `TransitGatewayRouteTableRoute` for a transit gateway route.
fn transit_gateway_route_json(rule: &Rule) -> Option<Value> {
    let Rule::TransitGatewayRoute {
        destination,
        attachment,
        resource,
        origin,
        state,
        ..
    } = rule
    else {
        return None;
    };
    let mut route = Map::new();
    let key = if destination.starts_with("pl-") {
        "PrefixListId"
    } else {
        "DestinationCidr"
    };
    route.insert(key.to_owned(), json!(destination));
    route.insert("State".to_owned(), json!(state));
    route.insert("RouteOrigin".to_owned(), json!(origin));
    if !attachment.is_empty() {
        route.insert("AttachmentId".to_owned(), json!(attachment));
    }
    if let Some((id, kind)) = resource {
        route.insert("ResourceId".to_owned(), json!(id));
        route.insert("ResourceType".to_owned(), json!(kind));
    }
    Some(Value::Object(route))
}

/// AWS's `AnalysisAclRule` for a network ACL entry (ICMP's type and code under `Reach`, as AWS
/// has no member for them).
fn acl_rule_json(rule: &Rule) -> Option<Value> {
    let Rule::NetworkAcl {
        egress,
        rule_number,
        action,
        protocol,
        ports,
        icmp,
        cidr,
        ..
    } = rule
    else {
        return None;
    };
    let mut out = Map::new();
    out.insert("Cidr".to_owned(), json!(cidr));
    out.insert("Egress".to_owned(), json!(egress));
    // AWS prints an all-traffic entry (`all`) with no `PortRange`.
    if icmp.is_none() && protocol != "all" {
        out.insert("PortRange".to_owned(), range(*ports));
    }
    out.insert("Protocol".to_owned(), json!(protocol));
    out.insert("RuleAction".to_owned(), json!(action));
    out.insert("RuleNumber".to_owned(), json!(rule_number.unwrap_or(32767)));
    if let Some(icmp) = icmp {
        add_reach(
            &mut out,
            "IcmpTypeCode",
            icmp_type_code(icmp.icmp_type, icmp.code),
        );
    }
    Some(Value::Object(out))
}

/// AWS's `AnalysisSecurityGroupRule` for a security group rule. AWS's model has no member for
/// a referenced group: it goes under `Reach`, next to the rule's id (one map, so neither is
/// lost), with ICMP's type and code.
fn security_group_rule_json(rule: &Rule) -> Option<Value> {
    let Rule::SecurityGroup {
        group,
        direction,
        protocol,
        ports,
        icmp,
        peer,
        rule_id,
    } = rule
    else {
        return None;
    };
    let mut out = Map::new();
    out.insert("SecurityGroupId".to_owned(), json!(group));
    out.insert("Direction".to_owned(), json!(direction));
    out.insert("Protocol".to_owned(), json!(protocol));
    // An all-traffic rule has no ports, as AWS prints an ACL's (not observed for a group's
    // rule).
    if icmp.is_none() && protocol != "all" {
        out.insert("PortRange".to_owned(), range(*ports));
    }
    let mut reach = Map::new();
    if peer.starts_with("sg-") {
        reach.insert("ReferencedSecurityGroupId".to_owned(), json!(peer));
    } else if peer.starts_with("pl-") {
        out.insert("PrefixListId".to_owned(), json!(peer));
    } else {
        out.insert("Cidr".to_owned(), json!(peer));
    }
    if let Some(rule_id) = rule_id {
        reach.insert("SecurityGroupRuleId".to_owned(), json!(rule_id));
    }
    if !reach.is_empty() {
        out.insert("Reach".to_owned(), Value::Object(reach));
    }
    if let Some(icmp) = icmp {
        add_reach(
            &mut out,
            "IcmpTypeCode",
            icmp_type_code(icmp.icmp_type, icmp.code),
        );
    }
    Some(Value::Object(out))
}

/// AWS's `AnalysisRouteTableRoute` for a route.
fn route_json(rule: &Rule) -> Option<Value> {
    let Rule::Route {
        destination,
        target_key,
        target,
        state,
        origin,
        ..
    } = rule
    else {
        return None;
    };
    let mut out = Map::new();
    let key = if destination.starts_with("pl-") {
        "DestinationPrefixListId"
    } else {
        "DestinationCidr"
    };
    out.insert(key.to_owned(), json!(destination));
    // A route without a target (AWS's model allows it) names none.
    if !target.is_empty() {
        out.insert((*target_key).to_owned(), json!(target));
    }
    out.insert("State".to_owned(), json!(state));
    if let Some(origin) = origin {
        out.insert("Origin".to_owned(), json!(origin));
    }
    Some(Value::Object(out))
}

fn component(component: &reach_core::analysis::Component) -> Value {
    let mut out = Map::new();
    out.insert("Id".to_owned(), json!(component.id));
    if let Some(arn) = &component.arn {
        out.insert("Arn".to_owned(), json!(arn));
    }
    if let Some(name) = &component.name {
        out.insert("Name".to_owned(), json!(name));
    }
    Value::Object(out)
}

fn port_ranges(ports: &IntervalSet) -> Vec<Value> {
    ports
        .ranges()
        .iter()
        .map(|(from, to)| json!({"From": from, "To": to}))
        .collect()
}

fn range(ports: Option<(u16, u16)>) -> Value {
    match ports {
        Some((from, to)) => json!({"From": from, "To": to}),
        None => json!({"From": 0, "To": 65535}),
    }
}

/// AWS's `IcmpTypeCode` pairs (`-1`: any), under `Reach` where AWS has no such field.
fn icmp_pairs(set: &IntervalSet) -> Vec<Value> {
    icmp::pairs(set)
        .into_iter()
        .map(|(icmp_type, code)| icmp_type_code(icmp_type, code))
        .collect()
}

fn icmp_type_code(icmp_type: Option<u8>, code: Option<u8>) -> Value {
    let or_any = |value: Option<u8>| value.map_or(-1, i16::from);
    json!({"Type": or_any(icmp_type), "Code": or_any(code)})
}

/// Adds `key` to the object's `Reach` extras, making them when there are none yet.
fn add_reach(object: &mut Map<String, Value>, key: &str, value: Value) {
    match object.get_mut("Reach") {
        Some(Value::Object(reach)) => {
            reach.insert(key.to_owned(), value);
        }
        _ => {
            object.insert("Reach".to_owned(), json!({ key: value }));
        }
    }
}

fn header(space: &Space) -> Value {
    let header = space.header();
    let protocol = header
        .protocols
        .first()
        .map(|number| number.to_string())
        .unwrap_or_default();
    // ICMP has no ports: its type and code take the port dimensions (`space::icmp`).
    if !header.protocols.is_empty() && icmp::icmp_protocols().is_superset(&header.protocols) {
        return json!({
            "Protocol": protocol,
            "SourceAddresses": header.sources,
            "DestinationAddresses": header.destinations,
            "Reach": {"IcmpTypeCodes": icmp_pairs(&header.destination_ports)},
        });
    }
    json!({
        "Protocol": protocol,
        "SourceAddresses": header.sources,
        "DestinationAddresses": header.destinations,
        "SourcePortRanges": port_ranges(&header.source_ports),
        "DestinationPortRanges": port_ranges(&header.destination_ports),
    })
}

fn components(
    hops: &[Hop],
    details: &[reach_core::analysis::Explanation],
    compat: Compat,
) -> Vec<Value> {
    hops.iter()
        .enumerate()
        .map(|(index, hop)| {
            // What arrives at a hop is what the hop records, where it rewrites the packets, else
            // what left the one before (the first hop's own arrival is not recorded).
            let inbound = hop.inbound.as_ref().or_else(|| {
                index
                    .checked_sub(1)
                    .and_then(|previous| hops.get(previous))
                    .map(|previous| &previous.outbound)
            });
            let mut out = Map::new();
            out.insert("SequenceNumber".to_owned(), json!(index + 1));
            out.insert("Component".to_owned(), component(&hop.component));
            if let Some(instance) = &hop.attached_to {
                out.insert("AttachedTo".to_owned(), component(instance));
            }
            if let Some(gateway) = &hop.transit_gateway {
                out.insert("TransitGateway".to_owned(), component(gateway));
            }
            // AWS's outputs name the VPC and subnet on the network interface (and the VPC on
            // gateways), never on a security group, network ACL or route table, whose rule
            // says where it is: `--compat aws` copies that; faithful answers keep them.
            let placed_by_its_rule = compat == Compat::Aws
                && matches!(
                    hop.component.kind,
                    ComponentKind::SecurityGroup
                        | ComponentKind::NetworkAcl
                        | ComponentKind::RouteTable
                );
            if let Some(vpc) = hop.vpc.as_ref().filter(|_| !placed_by_its_rule) {
                out.insert("Vpc".to_owned(), json!({"Id": vpc}));
            }
            if let Some(subnet) = hop.subnet.as_ref().filter(|_| !placed_by_its_rule) {
                out.insert("Subnet".to_owned(), json!({"Id": subnet}));
            }
            if let Some(vpc) = &hop.source_vpc {
                out.insert("SourceVpc".to_owned(), json!({"Id": vpc}));
            }
            if let Some(vpc) = &hop.destination_vpc {
                out.insert("DestinationVpc".to_owned(), json!({"Id": vpc}));
            }
            match &hop.rule {
                Some(sg_rule @ Rule::SecurityGroup { .. }) => {
                    if let Some(rule) = security_group_rule_json(sg_rule) {
                        out.insert("SecurityGroupRule".to_owned(), rule);
                    }
                }
                Some(acl_rule @ Rule::NetworkAcl { .. }) => {
                    if let Some(rule) = acl_rule_json(acl_rule) {
                        out.insert("AclRule".to_owned(), rule);
                    }
                }
                Some(route @ Rule::TransitGatewayRoute { .. }) => {
                    if let Some(route) = transit_gateway_route_json(route) {
                        out.insert("TransitGatewayRouteTableRoute".to_owned(), route);
                    }
                }
                Some(route @ Rule::Route { .. }) => {
                    if let Some(route) = route_json(route) {
                        out.insert("RouteTableRoute".to_owned(), route);
                    }
                }
                Some(rule @ Rule::RepliesAllowed { .. }) => {
                    // AWS lists the group on the return path with no rule.
                    add_reach(&mut out, "Note", json!(rule.text()));
                }
                Some(Rule::Translation { text }) => {
                    add_reach(&mut out, "Translation", json!(text));
                }
                Some(Rule::Firewall(rule)) => match firewall_rule(rule) {
                    Some((key, value)) => {
                        out.insert(key.to_owned(), value);
                    }
                    None => add_reach(&mut out, "FirewallPolicyDefault", policy_default(rule)),
                },
                Some(Rule::LoadBalancer {
                    listener,
                    protocol,
                    port,
                    target_group,
                    target_group_name,
                    target,
                    target_port,
                    target_zone,
                    health,
                }) => {
                    out.insert(
                        "ElasticLoadBalancerListener".to_owned(),
                        json!({"Arn": listener, "Id": listener}),
                    );
                    // AWS gives these in explanations; here they say where the connection went.
                    let mut chosen = Map::new();
                    chosen.insert("LoadBalancerListenerPort".to_owned(), json!(port));
                    chosen.insert("LoadBalancerListenerProtocol".to_owned(), json!(protocol));
                    chosen.insert(
                        "LoadBalancerTargetGroup".to_owned(),
                        json!({"Arn": target_group, "Id": target_group, "Name": target_group_name}),
                    );
                    chosen.insert(
                        "LoadBalancerTarget".to_owned(),
                        load_balancer_target(target, target_zone.as_deref(), Some(*target_port)),
                    );
                    chosen.insert("LoadBalancerTargetPort".to_owned(), json!(target_port));
                    chosen.insert("TargetHealth".to_owned(), json!(health));
                    for (key, value) in chosen {
                        add_reach(&mut out, &key, value);
                    }
                }
                Some(Rule::EndpointService {
                    service_name,
                    endpoint,
                    state,
                    load_balancer,
                }) => {
                    out.insert("ServiceName".to_owned(), json!(service_name));
                    add_reach(&mut out, "VpcEndpoint", json!({"Id": endpoint}));
                    add_reach(&mut out, "VpcEndpointState", json!(state));
                    add_reach(
                        &mut out,
                        "LoadBalancer",
                        json!({"Arn": load_balancer, "Id": load_balancer}),
                    );
                }
                None => {}
            }
            if let Some(endpoint) = &hop.firewall_endpoint {
                add_reach(&mut out, "FirewallEndpoint", json!({"Id": endpoint}));
            }
            // Faithful answers give each hop what arrives and what leaves. AWS prints the
            // headers only where they say something: what leaves the first component, what
            // arrives at the last, and both at a component that rewrites the packets.
            let (show_inbound, show_outbound) = match compat {
                Compat::Faithful => (true, true),
                Compat::Aws => (
                    index + 1 == hops.len() || hop.translates(),
                    index == 0 || hop.translates(),
                ),
            };
            // A header describes packets: where none arrive or leave, AWS prints none.
            if let Some(inbound) = inbound.filter(|inbound| show_inbound && !inbound.is_empty()) {
                out.insert("InboundHeader".to_owned(), header(inbound));
            }
            if show_outbound && !hop.outbound.is_empty() {
                out.insert("OutboundHeader".to_owned(), header(&hop.outbound));
            }
            let here: Vec<Value> = details
                .iter()
                .filter(|detail| detail.component.id == hop.component.id)
                .map(|detail| {
                    let mut out = Map::new();
                    out.insert(
                        "AdditionalDetailType".to_owned(),
                        json!(detail.code.as_str()),
                    );
                    out.insert("Component".to_owned(), component(&detail.component));
                    match detail.rule_options.as_slice() {
                        [] => {}
                        pairs
                            if detail.code
                                == "FIREWALL_UNSUPPORTED_HIGHER_PRIORITY_RULE_GROUP_TYPE" =>
                        {
                            out.insert(
                                "RuleGroupTypePairs".to_owned(),
                                json!(pairs
                                    .iter()
                                    .map(|pair| json!({
                                        "RuleGroupArn": pair.rule_group_arn,
                                        "RuleGroupType": "STATEFUL",
                                        "Reach": {"RulesSource": pair.rule},
                                    }))
                                    .collect::<Vec<_>>()),
                            );
                        }
                        [only] if detail.code == "FIREWALL_UNSUPPORTED_RULE_OPTIONS" => {
                            out.insert(
                                "RuleOptions".to_owned(),
                                json!(rule_options(&only.options)),
                            );
                        }
                        pairs => {
                            out.insert(
                                "RuleGroupRuleOptionsPairs".to_owned(),
                                json!(pairs
                                    .iter()
                                    .map(|pair| json!({
                                        "RuleGroupArn": pair.rule_group_arn,
                                        "RuleOptions": rule_options(&pair.options),
                                        "Reach": {"Rule": pair.rule},
                                    }))
                                    .collect::<Vec<_>>()),
                            );
                        }
                    }
                    // AWS's `AdditionalDetail` has no member for zones: the zones an
                    // `AVAILABILITY_ZONE_CROSSED` path passes go under `Reach`.
                    let mut reach = Map::new();
                    if !detail.members.availability_zones.is_empty() {
                        reach.insert(
                            "AvailabilityZones".to_owned(),
                            json!(detail.members.availability_zones),
                        );
                    }
                    reach.insert("Message".to_owned(), json!(detail.message));
                    out.insert("Reach".to_owned(), Value::Object(reach));
                    Value::Object(out)
                })
                .collect();
            if !here.is_empty() {
                out.insert("AdditionalDetails".to_owned(), Value::Array(here));
            }
            Value::Object(out)
        })
        .collect()
}

/// The answer for a terminal: the hops in order, each with what decided it, then the verdict.
pub fn analysis_text(answer: &Answer) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "verdict: {}",
        answer.verdict.as_str().replace('_', " ")
    );
    let _ = writeln!(out, "{}", printable(&answer.summary));
    if !answer.reachable_ports.is_empty() {
        let _ = writeln!(
            out,
            "reachable destination ports: {}",
            answer.reachable_ports.to_range_list()
        );
    }
    if let Some(other) = &answer.other_mode {
        let _ = writeln!(out, "other mode: {}", printable(other));
    }
    if !answer.cases.is_empty() {
        let _ = writeln!(out, "\ncases:");
        for case in &answer.cases {
            let _ = writeln!(
                out,
                "  - {}: {} ({})",
                printable(&case.application),
                case.verdict.as_str().replace('_', " "),
                printable(&case.decision)
            );
        }
    }
    for (title, hops) in [
        ("forward path", &answer.forward),
        ("return path", &answer.reverse),
    ] {
        if hops.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{title}:");
        for (index, hop) in hops.iter().enumerate() {
            // A name that is the id (a firewall's) is not repeated.
            let name = hop
                .component
                .name
                .as_deref()
                .filter(|name| *name != hop.component.id)
                .map(|name| format!(" ({})", printable(name)))
                .unwrap_or_default();
            let attached = hop
                .attached_to
                .as_ref()
                .map(|instance| format!(" of {}", instance.id))
                .unwrap_or_default();
            let endpoint = hop
                .firewall_endpoint
                .as_deref()
                .map(|endpoint| format!(" at {endpoint}"))
                .unwrap_or_default();
            let rule = hop
                .rule
                .as_ref()
                .map(|rule| format!("  {}", printable(&rule.text())))
                .unwrap_or_default();
            let stopped = if hop.outbound.is_empty() {
                "  [stops here]"
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "  {:>2} {} {}{name}{attached}{endpoint}{rule}{stopped}",
                index + 1,
                hop.component.kind,
                printable(&hop.component.id)
            );
        }
    }
    detail_lines(&mut out, "explanations", &answer.explanations);
    detail_lines(&mut out, "additional details", &answer.additional_details);
    if !answer.notes.is_empty() {
        let _ = writeln!(out, "\nnotes:");
        for note in &answer.notes {
            let _ = writeln!(out, "  - {}", printable(note));
        }
    }
    out
}

/// A titled list of codes, each with its component and message.
fn detail_lines(out: &mut String, title: &str, details: &[reach_core::analysis::Explanation]) {
    if details.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{title}:");
    for detail in details {
        let _ = writeln!(
            out,
            "  {} ({}): {}",
            detail.code,
            printable(&detail.component.id),
            printable(&detail.message)
        );
    }
}
