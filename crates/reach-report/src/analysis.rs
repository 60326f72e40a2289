//! `reach analyze` output: JSON in the vocabulary of AWS's `describe-network-insights-analyses`
//! (plus one `Reach` key of our own), and text for a terminal.

use reach_core::analysis::{Answer, Hop, Rule};
use reach_core::space::{cidrs, IntervalSet, Space};
use serde_json::{json, Map, Value};
use std::fmt::Write as _;

/// The answer as JSON, with AWS's field names.
pub fn analysis_json(answer: &Answer) -> Value {
    json!({
        "NetworkPathFound": answer.network_path_found(),
        "ForwardPathComponents": components(&answer.forward, &answer.additional_details),
        "ReturnPathComponents": components(&answer.reverse, &[]),
        "Explanations": answer.explanations.iter().map(|explanation| json!({
            "ExplanationCode": explanation.code,
            "Component": component(&explanation.component),
            "Reach": { "Message": explanation.message },
        })).collect::<Vec<_>>(),
        "Reach": {
            "Verdict": answer.verdict.as_str(),
            "Summary": answer.summary,
            "DestinationPortRanges": port_ranges(&answer.reachable_ports),
            "Notes": answer.notes,
        },
    })
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

fn header(space: &Space) -> Value {
    let mut protocols = IntervalSet::empty();
    let (mut sources, mut destinations) = (Vec::new(), Vec::new());
    let (mut source_ports, mut destination_ports) = (IntervalSet::empty(), IntervalSet::empty());
    for cube in space.cubes() {
        protocols = protocols.union(&cube.protocols);
        sources.extend(
            cidrs(cube.family, &cube.sources)
                .iter()
                .map(ToString::to_string),
        );
        destinations.extend(
            cidrs(cube.family, &cube.destinations)
                .iter()
                .map(ToString::to_string),
        );
        source_ports = source_ports.union(&cube.source_ports);
        destination_ports = destination_ports.union(&cube.destination_ports);
    }
    for list in [&mut sources, &mut destinations] {
        list.sort();
        list.dedup();
    }
    let protocol = protocols
        .first()
        .map(|number| number.to_string())
        .unwrap_or_default();
    json!({
        "Protocol": protocol,
        "SourceAddresses": sources,
        "DestinationAddresses": destinations,
        "SourcePortRanges": port_ranges(&source_ports),
        "DestinationPortRanges": port_ranges(&destination_ports),
    })
}

fn components(hops: &[Hop], details: &[reach_core::analysis::Explanation]) -> Vec<Value> {
    hops.iter()
        .enumerate()
        .map(|(index, hop)| {
            // What arrives at a hop is what left the one before (the first: the request).
            let inbound = index.checked_sub(1).and_then(|previous| hops.get(previous)).map(|previous| &previous.outbound);
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
                    peer,
                    rule_id,
                }) => {
                    let mut rule = Map::new();
                    rule.insert("SecurityGroupId".to_owned(), json!(group));
                    rule.insert("Direction".to_owned(), json!(direction));
                    rule.insert("Protocol".to_owned(), json!(protocol));
                    rule.insert("PortRange".to_owned(), range(*ports));
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
                    out.insert("SecurityGroupRule".to_owned(), Value::Object(rule));
                }
                Some(Rule::NetworkAcl {
                    egress,
                    rule_number,
                    action,
                    protocol,
                    ports,
                    cidr,
                    ..
                }) => {
                    out.insert(
                        "AclRule".to_owned(),
                        json!({
                            "Cidr": cidr,
                            "Egress": egress,
                            "PortRange": range(*ports),
                            "Protocol": protocol,
                            "RuleAction": action,
                            "RuleNumber": rule_number.unwrap_or(32767),
                        }),
                    );
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
                None => {}
            }
            if let Some(inbound) = inbound {
                out.insert("InboundHeader".to_owned(), header(inbound));
            }
            out.insert("OutboundHeader".to_owned(), header(&hop.outbound));
            let here: Vec<Value> = details
                .iter()
                .filter(|detail| detail.component.id == hop.component.id)
                .map(|detail| json!({"AdditionalDetailType": detail.code, "Component": component(&detail.component), "Reach": {"Message": detail.message}}))
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
