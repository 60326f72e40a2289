//! `reach analyze` output: JSON in the vocabulary of AWS's `describe-network-insights-analyses`
//! (plus one `Reach` key of our own), and text for a terminal.

use reach_core::analysis::{Answer, FirewallRule, Hop, Rule};
use reach_core::space::{icmp, IntervalSet, Space};
use serde_json::{json, Map, Value};
use std::fmt::Write as _;

/// The answer as JSON, with AWS's field names.
pub fn analysis_json(answer: &Answer) -> Value {
    json!({
        "NetworkPathFound": answer.network_path_found(),
        "ForwardPathComponents": components(&answer.forward, &answer.additional_details),
        "ReturnPathComponents": components(&answer.reverse, &[]),
        "Explanations": answer.explanations.iter().map(|explanation| {
            let mut out = Map::new();
            out.insert("ExplanationCode".to_owned(), json!(explanation.code.as_str()));
            out.insert("Component".to_owned(), component(&explanation.component));
            if let Some(rule) = &explanation.firewall_rule {
                let (key, value) = firewall_rule(rule);
                out.insert(key.to_owned(), value);
            }
            out.insert("Reach".to_owned(), json!({ "Message": explanation.message }));
            Value::Object(out)
        }).collect::<Vec<_>>(),
        "Reach": reach_extras(answer),
    })
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

/// `FirewallStatefulRule` or `FirewallStatelessRule`, as AWS's path components carry it.
fn firewall_rule(rule: &FirewallRule) -> (&'static str, Value) {
    let ranges = |ranges: &[(u16, u16)]| -> Vec<Value> {
        ranges
            .iter()
            .map(|(from, to)| json!({"From": from, "To": to}))
            .collect()
    };
    let mut out = Map::new();
    out.insert("RuleGroupArn".to_owned(), json!(rule.rule_group_arn));
    out.insert(
        "RuleGroupType".to_owned(),
        json!(if rule.stateful {
            "STATEFUL"
        } else {
            "STATELESS"
        }),
    );
    out.insert("RuleAction".to_owned(), json!(rule.action));
    if let Some(protocol) = &rule.protocol {
        let key = if rule.stateful {
            "Protocol"
        } else {
            "Protocols"
        };
        out.insert(key.to_owned(), json!(protocol));
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
    (key, Value::Object(out))
}

fn rule_options(options: &[(String, Vec<String>)]) -> Vec<Value> {
    options
        .iter()
        .map(|(keyword, settings)| json!({"Keyword": keyword, "Settings": settings}))
        .collect()
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

fn components(hops: &[Hop], details: &[reach_core::analysis::Explanation]) -> Vec<Value> {
    hops.iter()
        .enumerate()
        .map(|(index, hop)| {
            // What arrives at a hop is what left the one before (the first: the request).
            let inbound = index
                .checked_sub(1)
                .and_then(|previous| hops.get(previous))
                .map(|previous| &previous.outbound);
            let mut out = Map::new();
            out.insert("SequenceNumber".to_owned(), json!(index + 1));
            out.insert("Component".to_owned(), component(&hop.component));
            if let Some(vpc) = &hop.vpc {
                out.insert("Vpc".to_owned(), json!({"Id": vpc}));
            }
            if let Some(subnet) = &hop.subnet {
                out.insert("Subnet".to_owned(), json!({"Id": subnet}));
            }
            match &hop.rule {
                Some(Rule::SecurityGroup {
                    group,
                    direction,
                    protocol,
                    ports,
                    icmp,
                    peer,
                    rule_id,
                }) => {
                    let mut rule = Map::new();
                    rule.insert("SecurityGroupId".to_owned(), json!(group));
                    rule.insert("Direction".to_owned(), json!(direction));
                    rule.insert("Protocol".to_owned(), json!(protocol));
                    if icmp.is_none() {
                        rule.insert("PortRange".to_owned(), range(*ports));
                    }
                    let key = if peer.starts_with("pl-") {
                        "PrefixListId"
                    } else if peer.starts_with("sg-") {
                        "SecurityGroupId"
                    } else {
                        "Cidr"
                    };
                    if key == "SecurityGroupId" {
                        rule.insert(
                            "Reach".to_owned(),
                            json!({"ReferencedSecurityGroupId": peer}),
                        );
                    } else {
                        rule.insert(key.to_owned(), json!(peer));
                    }
                    if let Some(rule_id) = rule_id {
                        rule.insert("Reach".to_owned(), json!({"SecurityGroupRuleId": rule_id}));
                    }
                    if let Some(icmp) = icmp {
                        add_reach(
                            &mut rule,
                            "IcmpTypeCode",
                            icmp_type_code(icmp.icmp_type, icmp.code),
                        );
                    }
                    out.insert("SecurityGroupRule".to_owned(), Value::Object(rule));
                }
                Some(Rule::NetworkAcl {
                    egress,
                    rule_number,
                    action,
                    protocol,
                    ports,
                    icmp,
                    cidr,
                    ..
                }) => {
                    let mut rule = Map::new();
                    rule.insert("Cidr".to_owned(), json!(cidr));
                    rule.insert("Egress".to_owned(), json!(egress));
                    if icmp.is_none() {
                        rule.insert("PortRange".to_owned(), range(*ports));
                    }
                    rule.insert("Protocol".to_owned(), json!(protocol));
                    rule.insert("RuleAction".to_owned(), json!(action));
                    rule.insert("RuleNumber".to_owned(), json!(rule_number.unwrap_or(32767)));
                    if let Some(icmp) = icmp {
                        add_reach(
                            &mut rule,
                            "IcmpTypeCode",
                            icmp_type_code(icmp.icmp_type, icmp.code),
                        );
                    }
                    out.insert("AclRule".to_owned(), Value::Object(rule));
                }
                Some(Rule::Route {
                    destination,
                    target_key,
                    target,
                    state,
                    ..
                }) => {
                    let mut route = Map::new();
                    let key = if destination.starts_with("pl-") {
                        "DestinationPrefixListId"
                    } else {
                        "DestinationCidr"
                    };
                    route.insert(key.to_owned(), json!(destination));
                    route.insert((*target_key).to_owned(), json!(target));
                    route.insert("State".to_owned(), json!(state));
                    out.insert("RouteTableRoute".to_owned(), Value::Object(route));
                }
                Some(Rule::Translation { text }) => {
                    out.insert("Reach".to_owned(), json!({"Translation": text}));
                }
                Some(Rule::Firewall(rule)) => {
                    let (key, value) = firewall_rule(rule);
                    out.insert(key.to_owned(), value);
                }
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
                    let mut target_json = Map::new();
                    if target.parse::<std::net::IpAddr>().is_ok() {
                        target_json.insert("Address".to_owned(), json!(target));
                    } else {
                        target_json.insert("Instance".to_owned(), json!({"Id": target}));
                    }
                    if let Some(zone) = target_zone {
                        target_json.insert("AvailabilityZone".to_owned(), json!(zone));
                    }
                    target_json.insert("Port".to_owned(), json!(target_port));
                    chosen.insert("LoadBalancerTarget".to_owned(), Value::Object(target_json));
                    chosen.insert("LoadBalancerTargetPort".to_owned(), json!(target_port));
                    chosen.insert("TargetHealth".to_owned(), json!(health));
                    out.insert("Reach".to_owned(), Value::Object(chosen));
                }
                Some(Rule::EndpointService {
                    service_name,
                    endpoint,
                    state,
                    load_balancer,
                }) => {
                    out.insert("ServiceName".to_owned(), json!(service_name));
                    out.insert(
                        "Reach".to_owned(),
                        json!({
                            "VpcEndpoint": {"Id": endpoint},
                            "VpcEndpointState": state,
                            "LoadBalancer": {"Arn": load_balancer, "Id": load_balancer},
                        }),
                    );
                }
                None => {}
            }
            if let Some(inbound) = inbound {
                out.insert("InboundHeader".to_owned(), header(inbound));
            }
            out.insert("OutboundHeader".to_owned(), header(&hop.outbound));
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
                    out.insert("Reach".to_owned(), json!({"Message": detail.message}));
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
    let _ = writeln!(out, "{}", answer.summary);
    if !answer.reachable_ports.is_empty() {
        let _ = writeln!(
            out,
            "reachable destination ports: {}",
            answer.reachable_ports.to_range_list()
        );
    }
    if let Some(other) = &answer.other_mode {
        let _ = writeln!(out, "other mode: {other}");
    }
    if !answer.cases.is_empty() {
        let _ = writeln!(out, "\ncases:");
        for case in &answer.cases {
            let _ = writeln!(
                out,
                "  - {}: {} ({})",
                case.application,
                case.verdict.as_str().replace('_', " "),
                case.decision
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
            let name = hop
                .component
                .name
                .as_deref()
                .map(|name| format!(" ({name})"))
                .unwrap_or_default();
            let rule = hop
                .rule
                .as_ref()
                .map(|rule| format!("  {}", rule.text()))
                .unwrap_or_default();
            let stopped = if hop.outbound.is_empty() {
                "  [stops here]"
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "  {:>2} {} {}{name}{rule}{stopped}",
                index + 1,
                hop.component.kind,
                hop.component.id
            );
        }
    }
    detail_lines(&mut out, "explanations", &answer.explanations);
    detail_lines(&mut out, "additional details", &answer.additional_details);
    if !answer.notes.is_empty() {
        let _ = writeln!(out, "\nnotes:");
        for note in &answer.notes {
            let _ = writeln!(out, "  - {note}");
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
            detail.code, detail.component.id, detail.message
        );
    }
}
