//! The question form and the answer, as the page shows them: the form's fields as typed text
//! with a message per bad field, the endpoints the pickers offer, and the answer's verdict,
//! summary, cases and path diagram.

use crate::diagram::{self, Diagram};
use crate::PageState;
use reach_core::analysis::{Compat, Endpoint, Question};
use reach_core::model::LoadBalancerType;
use reach_core::Verdict;
use serde::{Deserialize, Serialize};
use std::net::IpAddr;

/// The form, field by field, as typed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionForm {
    /// Source: an id from the snapshot, or an IP address.
    pub source: String,
    /// Destination: an id, an IP address or a CIDR block.
    pub destination: String,
    /// `tcp`, `udp`, `icmp` or `icmpv6`.
    pub protocol: String,
    /// Empty for every port, else a port or a range (`1024-2048`). TCP and UDP only.
    pub destination_port: String,
    /// Empty for ephemeral ports, else a port or a range. TCP and UDP only.
    pub source_port: String,
    /// ICMP only: empty for an echo request, else a type (0-255).
    #[serde(default)]
    pub icmp_type: String,
    /// ICMP only: empty for code 0, else a code (0-255).
    #[serde(default)]
    pub icmp_code: String,
    /// Empty to try every application protocol the firewalls' rules name.
    pub app_protocol: String,
    /// TLS SNI, HTTP Host or DNS query name; empty to try every one that matters.
    pub server_name: String,
    /// ClientHello size in bytes; empty to try one and two segments.
    pub client_hello_size: String,
    /// Answer as AWS's Reachability Analyzer would.
    pub compat_aws: bool,
}

impl Default for QuestionForm {
    fn default() -> QuestionForm {
        QuestionForm {
            source: String::new(),
            destination: String::new(),
            protocol: "tcp".to_owned(),
            destination_port: String::new(),
            source_port: String::new(),
            icmp_type: String::new(),
            icmp_code: String::new(),
            app_protocol: String::new(),
            server_name: String::new(),
            client_hello_size: String::new(),
            compat_aws: false,
        }
    }
}

/// A message for one field of the form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The field (`source`, `destination`, `protocol`, `destination_port`, …).
    pub field: String,
    /// What is wrong, in words.
    pub message: String,
}

fn ports(field: &'static str, text: &str) -> Result<Option<(u16, u16)>, FieldError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    match reach_core::analysis::parse_port_range(text) {
        Some(range) => Ok(Some(range)),
        _ => Err(FieldError {
            field: field.to_owned(),
            message: format!("\"{text}\" is not a port (0-65535) or a range such as 1024-2048"),
        }),
    }
}

/// An ICMP type or code field: empty for the default, else 0-255.
fn icmp_number(field: &'static str, what: &str, text: &str) -> Result<Option<u8>, FieldError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<u8>().map(Some).map_err(|_| FieldError {
        field: field.to_owned(),
        message: format!("\"{text}\" is not an ICMP {what} (0-255)"),
    })
}

impl QuestionForm {
    /// The form for `reach analyze` flags (`--source … --destination-ip … --protocol tcp …`).
    pub fn from_flags(flags: &str) -> QuestionForm {
        let words: Vec<&str> = flags.split_whitespace().collect();
        let flag = |name: &str| {
            words
                .iter()
                .position(|word| *word == name)
                .and_then(|index| words.get(index + 1))
                .map(|value| (*value).to_owned())
        };
        QuestionForm {
            source: flag("--source").unwrap_or_default(),
            destination: flag("--destination")
                .or_else(|| flag("--destination-ip"))
                .unwrap_or_default(),
            protocol: flag("--protocol").unwrap_or_else(|| "tcp".to_owned()),
            destination_port: flag("--destination-port").unwrap_or_default(),
            source_port: flag("--source-port").unwrap_or_default(),
            icmp_type: flag("--icmp-type").unwrap_or_default(),
            icmp_code: flag("--icmp-code").unwrap_or_default(),
            app_protocol: flag("--app-protocol").unwrap_or_default(),
            server_name: flag("--server-name").unwrap_or_default(),
            client_hello_size: flag("--client-hello-size").unwrap_or_default(),
            compat_aws: flag("--compat").as_deref() == Some("aws"),
        }
    }

    /// The question the form asks, or a message per bad field.
    pub fn question(&self) -> Result<Question, Vec<FieldError>> {
        let mut errors = Vec::new();
        let source = self.source.trim();
        let destination = self.destination.trim();
        if source.is_empty() {
            errors.push(FieldError {
                field: "source".to_owned(),
                message: "give an instance, interface or gateway id, or an IP address".to_owned(),
            });
        }
        if destination.is_empty() {
            errors.push(FieldError {
                field: "destination".to_owned(),
                message: "give an id, an IP address or a CIDR block".to_owned(),
            });
        }
        let protocol = match reach_core::analysis::parse_protocol(&self.protocol) {
            Some(protocol) => protocol,
            None => {
                errors.push(FieldError {
                    field: "protocol".to_owned(),
                    message: format!(
                        "\"{}\": only TCP, UDP, ICMP and ICMPv6 are analysed",
                        self.protocol.trim()
                    ),
                });
                6
            }
        };
        let icmp_type = icmp_number("icmp_type", "type", &self.icmp_type)
            .map_err(|error| errors.push(error))
            .unwrap_or(None);
        let icmp_code = icmp_number("icmp_code", "code", &self.icmp_code)
            .map_err(|error| errors.push(error))
            .unwrap_or(None);
        // Either given means an ICMP message: echo request's type, code 0 for the other.
        let icmp = (icmp_type.is_some() || icmp_code.is_some()).then(|| {
            let echo = reach_core::analysis::IcmpMessage::echo_request(protocol);
            reach_core::analysis::IcmpMessage {
                icmp_type: icmp_type.unwrap_or(echo.icmp_type),
                code: icmp_code.unwrap_or(0),
            }
        });
        let destination_ports = ports("destination_port", &self.destination_port)
            .map_err(|error| errors.push(error))
            .unwrap_or(None);
        let source_ports = ports("source_port", &self.source_port)
            .map_err(|error| errors.push(error))
            .unwrap_or(None);
        let app = match self.app_protocol.trim() {
            "" | "any" => None,
            text => match reach_nfw::AppProtocol::parse(text) {
                Some(app) => Some(app),
                None => {
                    errors.push(FieldError {
                        field: "app_protocol".to_owned(),
                        message: format!("\"{text}\" is not an application protocol Reach knows"),
                    });
                    None
                }
            },
        };
        let client_hello_size = match self.client_hello_size.trim() {
            "" => None,
            text => match text.parse::<u32>() {
                Ok(size) if size > 0 => Some(size),
                _ => {
                    errors.push(FieldError {
                        field: "client_hello_size".to_owned(),
                        message: format!("\"{text}\" is not a size in bytes"),
                    });
                    None
                }
            },
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        // An address as the destination is also the address to reach.
        let destination_ip = destination.parse::<IpAddr>().ok();
        let server_name = Some(self.server_name.trim().to_owned()).filter(|name| !name.is_empty());
        Ok(Question {
            source: Endpoint::parse(source),
            destination: Endpoint::parse(destination),
            protocol,
            source_ports,
            destination_ports,
            icmp,
            source_ip: None,
            destination_ip,
            application: reach_nfw::AppQuestion {
                app,
                server_name,
                client_hello_size,
                mss: None,
            },
            compat: if self.compat_aws {
                Compat::Aws
            } else {
                Compat::Faithful
            },
        })
    }
}

/// Something a picker offers: an instance, interface, gateway or endpoint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndpointOption {
    /// Its id.
    pub id: String,
    /// What the list shows: `i-0454… (lab-client-1) — instance`.
    pub label: String,
}

/// The snapshot's instances, interfaces, gateways and endpoints, for the pickers.
pub fn endpoint_options(state: &PageState) -> Vec<EndpointOption> {
    let snapshot = &state.load().snapshot;
    let mut options = Vec::new();
    let mut push = |id: String, name: Option<&str>, kind: &str| {
        let label = match name {
            Some(name) => format!("{id} ({name}) — {kind}"),
            None => format!("{id} — {kind}"),
        };
        options.push(EndpointOption { id, label });
    };
    for instance in snapshot.instances.values() {
        push(
            instance.id.to_string(),
            instance.name.as_deref(),
            "instance",
        );
    }
    for interface in snapshot.network_interfaces.values() {
        push(interface.id.to_string(), None, "network interface");
    }
    for gateway in snapshot.internet_gateways.values() {
        push(
            gateway.id.to_string(),
            gateway.name.as_deref(),
            "internet gateway",
        );
    }
    for gateway in snapshot.nat_gateways.values() {
        push(
            gateway.id.to_string(),
            gateway.name.as_deref(),
            "NAT gateway",
        );
    }
    for endpoint in snapshot.vpc_endpoints.values() {
        push(endpoint.id.to_string(), None, "VPC endpoint");
    }
    // By name, as the question takes it (the ARN also works, but no one types it).
    for lb in snapshot.load_balancers.values() {
        let kind = match lb.load_balancer_type {
            LoadBalancerType::Application => "Application Load Balancer",
            LoadBalancerType::Network => "Network Load Balancer",
            _ => continue,
        };
        let kind = match lb.scheme.as_deref() {
            Some(scheme) => format!("{scheme} {kind}"),
            None => kind.to_owned(),
        };
        push(lb.name.clone(), None, &kind);
    }
    options
}

/// One application case of an answer that depends on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseRow {
    /// The application behaviours it covers.
    pub application: String,
    /// The verdict, as `Reach.Verdict` prints it.
    pub verdict: String,
    /// What the firewall does.
    pub decision: String,
}

/// An answer, ready to show.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AnswerView {
    /// `Reach.Verdict`: `reachable`, `not_reachable`, …
    pub verdict: String,
    /// The verdict in words, for the banner.
    pub verdict_text: String,
    /// One sentence.
    pub summary: String,
    /// The reachable destination port ranges, when the question gave no port.
    pub ports: Option<String>,
    /// What the other mode answers, when it differs.
    pub other_mode: Option<String>,
    /// The cases of an answer that depends on the application.
    pub cases: Vec<CaseRow>,
    /// Notes.
    pub notes: Vec<String>,
    /// The path diagram.
    pub diagram: Diagram,
    /// The answer as JSON, exactly as `reach analyze --format json` prints it.
    pub json: String,
}

/// The verdict in words.
pub fn verdict_text(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Reachable => "Reachable",
        Verdict::NotReachable => "Not reachable",
        Verdict::ReachableOneWay => "Reachable one way",
        Verdict::DependsOnApplication => "Depends on the application",
        Verdict::Unknown => "Not analysed",
    }
}

/// Answers the form's question on what is loaded.
pub fn analyze(state: &PageState, form: &QuestionForm) -> Result<AnswerView, Vec<FieldError>> {
    let question = form.question()?;
    let answer = reach_core::analyze(&state.load().snapshot, &question).map_err(|error| {
        let field = match &error {
            reach_core::analysis::QuestionError::UnknownResource(id)
                if Endpoint::parse(form.destination.trim()) == Endpoint::Id(id.clone()) =>
            {
                "destination"
            }
            reach_core::analysis::QuestionError::AddressNotOnResource { .. } => "destination",
            reach_core::analysis::QuestionError::UnsupportedProtocol(_)
            | reach_core::analysis::QuestionError::NotInAwsAnalyzer(_)
            | reach_core::analysis::QuestionError::NoAddressForProtocol(_) => "protocol",
            reach_core::analysis::QuestionError::NotForIcmp("ports", _) => {
                if form.destination_port.trim().is_empty() {
                    "source_port"
                } else {
                    "destination_port"
                }
            }
            reach_core::analysis::QuestionError::NotForIcmp(..) => "app_protocol",
            reach_core::analysis::QuestionError::IcmpWithoutIcmp(_) => "icmp_type",
            // The core's limits, checked there for every front end, shown at their field.
            reach_core::analysis::QuestionError::EmptyClientHello
            | reach_core::analysis::QuestionError::ClientHelloTooLarge(_) => "client_hello_size",
            reach_core::analysis::QuestionError::ServerNameTooLong(_) => "server_name",
            reach_core::analysis::QuestionError::BackwardPortRange(..) => "destination_port",
            reach_core::analysis::QuestionError::NotAHost { end, .. } => end,
            _ => "source",
        };
        vec![FieldError {
            field: field.to_owned(),
            message: error.to_string(),
        }]
    })?;
    let json =
        serde_json::to_string_pretty(&reach_report::analysis_json(&answer)).unwrap_or_default();
    Ok(AnswerView {
        verdict: answer.verdict.as_str().to_owned(),
        verdict_text: verdict_text(answer.verdict).to_owned(),
        summary: answer.summary.clone(),
        ports: (question.destination_ports.is_none() && !answer.reachable_ports.is_empty())
            .then(|| answer.reachable_ports.to_range_list()),
        other_mode: answer.other_mode.clone(),
        cases: answer
            .cases
            .iter()
            .map(|case| CaseRow {
                application: case.application.clone(),
                verdict: case.verdict.as_str().to_owned(),
                decision: case.decision.clone(),
            })
            .collect(),
        notes: answer.notes.clone(),
        diagram: diagram::layout(&answer, &state.load().snapshot),
        json,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(source: &str, destination: &str, port: &str) -> QuestionForm {
        QuestionForm {
            source: source.to_owned(),
            destination: destination.to_owned(),
            destination_port: port.to_owned(),
            ..QuestionForm::default()
        }
    }

    #[test]
    fn flags_fill_the_form() {
        let form = QuestionForm::from_flags(
            "--source i-1 --destination-ip 93.184.216.34 --protocol tcp --destination-port 443 --compat aws",
        );
        assert_eq!(form.destination, "93.184.216.34");
        assert_eq!(form.destination_port, "443");
        assert!(form.compat_aws);
        assert!(crate::demo_variants()
            .iter()
            .all(|variant| !variant.question.source.is_empty()));
    }

    #[test]
    fn bad_fields_get_a_message_each() {
        let mut bad = form("", "93.184.216.34", "70000");
        bad.protocol = "gre".to_owned();
        bad.client_hello_size = "big".to_owned();
        bad.app_protocol = "gopher".to_owned();
        let errors = bad.question().unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "source",
                "protocol",
                "destination_port",
                "app_protocol",
                "client_hello_size"
            ]
        );
        let good = form("i-0454c90477e2bf220", "93.184.216.34", "1024-2048")
            .question()
            .unwrap();
        assert_eq!(good.destination_ports, Some((1024, 2048)));
        assert_eq!(good.destination_ip, Some("93.184.216.34".parse().unwrap()));
    }

    #[test]
    fn icmp_takes_a_type_and_code_and_no_ports() {
        let mut ping = form("i-0454c90477e2bf220", "93.184.216.34", "");
        ping.protocol = "ICMP".to_owned();
        let question = ping.question().unwrap();
        assert_eq!((question.protocol, question.icmp), (1, None));
        assert_eq!(
            question.icmp_message(),
            Some(reach_core::analysis::IcmpMessage {
                icmp_type: 8,
                code: 0
            })
        );
        let mut unreachable = ping.clone();
        unreachable.icmp_type = "3".to_owned();
        unreachable.icmp_code = "256".to_owned();
        let errors = unreachable.question().unwrap_err();
        assert_eq!(errors[0].field, "icmp_code");
        unreachable.icmp_code = "1".to_owned();
        assert_eq!(
            unreachable.question().unwrap().icmp,
            Some(reach_core::analysis::IcmpMessage {
                icmp_type: 3,
                code: 1
            })
        );
        // The core refuses ports with ICMP, and the page shows it at the port.
        let mut state = PageState::new();
        assert!(state.load_demo_variant("05-tcp-rules-tcp-443"));
        let mut with_port = ping.clone();
        with_port.destination_port = "443".to_owned();
        let errors = analyze(&state, &with_port).unwrap_err();
        assert_eq!(errors[0].field, "destination_port");
        let mut aws = ping.clone();
        aws.compat_aws = true;
        assert_eq!(analyze(&state, &aws).unwrap_err()[0].field, "protocol");
        let flags =
            QuestionForm::from_flags("--source a --destination b --protocol icmp --icmp-type 0");
        assert_eq!(
            (flags.protocol.as_str(), flags.icmp_type.as_str()),
            ("icmp", "0")
        );
    }

    #[test]
    fn the_page_answers_like_the_cli() {
        let mut state = PageState::new();
        assert!(state.load_demo_variant("04-tcp-rules-tcp-80"));
        let view = analyze(&state, &form("i-0454c90477e2bf220", "93.184.216.34", "80")).unwrap();
        assert_eq!(view.verdict, "not_reachable");
        let json: serde_json::Value = serde_json::from_str(&view.json).unwrap();
        assert_eq!(json["Reach"]["Verdict"], "not_reachable");
        assert!(view
            .diagram
            .forward
            .nodes
            .iter()
            .any(|node| node.id == "network-firewall" && node.deciding));
        // A name that is not in the snapshot is a message on its field.
        let missing =
            analyze(&state, &form("i-0000000000000000f", "93.184.216.34", "80")).unwrap_err();
        assert_eq!(missing[0].field, "source");
        assert!(endpoint_options(&state)
            .iter()
            .any(|option| option.label.contains("lab-client-1")));
    }

    #[test]
    fn a_load_balancer_is_offered_by_name_and_answers_by_name() {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/scenarios/alb-internet-facing-unhealthy-target");
        let mut files = Vec::new();
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.ends_with(".json") && !name.starts_with("expected") {
                files.push(reach_aws::InputFile {
                    name,
                    bytes: std::fs::read(&path).unwrap(),
                });
            }
        }
        let mut state = PageState::new();
        state.add_files(files);
        let option = endpoint_options(&state)
            .into_iter()
            .find(|option| option.id == "web-alb")
            .expect("the load balancer is offered");
        assert_eq!(
            option.label,
            "web-alb — internet-facing Application Load Balancer"
        );
        let view = analyze(&state, &form("198.51.100.7", "web-alb", "80")).unwrap();
        assert_eq!(view.verdict, "reachable");
        assert!(view.diagram.forward.nodes.iter().any(|node| node
            .id
            .ends_with("loadbalancer/app/web-alb/50dc6c495c0c9188")));
    }

    #[test]
    fn vpc_boxes_name_their_account_when_the_snapshot_spans_several() {
        let mut state = PageState::new();
        assert!(state.load_demo_variant("peering-second-vpc"));
        let view = analyze(
            &state,
            &form("i-0454c90477e2bf220", "i-0b2b2b2b2b2b2b2b7", "443"),
        )
        .unwrap();
        let labels: Vec<&str> = view
            .diagram
            .forward
            .groups
            .iter()
            .map(|group| group.label.as_str())
            .collect();
        assert!(
            labels
                .iter()
                .any(|label| label.ends_with("· account 444455556666")),
            "{labels:?}"
        );
        let mut state = PageState::new();
        assert!(state.load_demo_variant("05-tcp-rules-tcp-443"));
        let view = analyze(&state, &form("i-0454c90477e2bf220", "93.184.216.34", "443")).unwrap();
        assert!(view
            .diagram
            .forward
            .groups
            .iter()
            .all(|group| !group.label.contains("account")));
    }
}
