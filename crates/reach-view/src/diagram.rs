//! The path diagram, laid out: the forward path as one lane, the return path as a second,
//! each hop a node (shape by kind, id, Name tag) placed left to right and grouped by VPC; the
//! deciding hop marked; firewall hops with a verdict chip; an asymmetric return lane labelled.
//! The page draws it as SVG; everything here is plain data, so the layout is tested natively.

use reach_core::analysis::{Answer, ComponentKind, Hop, Rule};
use reach_core::model::Snapshot;
use reach_core::space::Space;
use serde::{Deserialize, Serialize};

/// Width of a node.
pub const NODE_WIDTH: u32 = 164;
/// Height of a node.
pub const NODE_HEIGHT: u32 = 64;
/// Gap between two nodes of a lane.
pub const GAP: u32 = 34;
/// Left and right margin.
pub const MARGIN: u32 = 24;
/// Height of a lane, from its title to the bottom of its VPC boxes.
pub const LANE_HEIGHT: u32 = 170;

/// The whole diagram.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagram {
    /// Its width.
    pub width: u32,
    /// Its height.
    pub height: u32,
    /// The request's path.
    pub forward: Lane,
    /// The replies' path (no nodes when the request did not arrive).
    pub reverse: Lane,
}

/// One lane.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lane {
    /// `Forward path` or `Return path`.
    pub title: String,
    /// Its top.
    pub y: u32,
    /// Its hops, in order.
    pub nodes: Vec<Node>,
    /// Boxes around consecutive hops in the same VPC.
    pub groups: Vec<GroupBox>,
    /// Set when the replies take a different path around a stateful middlebox: what it says.
    pub asymmetric: Option<String>,
}

/// A VPC box.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupBox {
    /// Left.
    pub x: u32,
    /// Top.
    pub y: u32,
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
    /// `VPC vpc-… (Name)`.
    pub label: String,
}

/// The shape a hop is drawn with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Shape {
    /// An instance or a network interface.
    Host,
    /// A security group, network ACL or route table: a rule list.
    Rules,
    /// An internet, NAT or egress-only gateway, or a VPC endpoint.
    Gateway,
    /// A Network Firewall.
    Firewall,
    /// Anything else.
    Other,
}

impl Shape {
    /// The CSS class suffix.
    pub fn class(self) -> &'static str {
        match self {
            Shape::Host => "host",
            Shape::Rules => "rules",
            Shape::Gateway => "gateway",
            Shape::Firewall => "firewall",
            Shape::Other => "other",
        }
    }
}

/// A firewall hop's verdict chip.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chip {
    /// `pass`, `drop`, `reject`.
    pub action: String,
    /// What decided, in a few words (`sid 1000001`, `policy default aws:drop_established`).
    pub label: String,
}

/// One hop.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Node {
    /// Left.
    pub x: u32,
    /// Top.
    pub y: u32,
    /// The component id (`data-component-id`).
    pub id: String,
    /// What it is (`security group`, …).
    pub kind: String,
    /// The kind short enough for the node's top line (`kind_label`).
    pub label: String,
    /// Its `Name` tag.
    pub name: Option<String>,
    /// Its shape.
    pub shape: Shape,
    /// Whether it decided the answer (blocked here, or a firewall's decision).
    pub deciding: bool,
    /// Whether nothing leaves it.
    pub stops: bool,
    /// The firewall verdict chip.
    pub chip: Option<Chip>,
    /// Everything the details panel shows.
    pub details: Details,
}

/// A hop's details.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Details {
    /// Its VPC and subnet (and, for a firewall, the endpoint the packets went through).
    pub place: Option<String>,
    /// The instance a network interface belongs to: `i-… (Name)`.
    pub attached_to: Option<String>,
    /// The rule that decided it, in words.
    pub rule: Option<String>,
    /// The firewall rule as Suricata text.
    pub rule_text: Option<String>,
    /// The packets arriving, in words.
    pub inbound: Option<String>,
    /// The packets leaving, in words.
    pub outbound: String,
    /// AWS's codes on it, with their words.
    pub codes: Vec<(String, String)>,
    /// Where the other mode differs, on a firewall hop.
    pub other_mode: Option<String>,
}

/// A kind short enough for a node's top line (the details panel shows it whole).
pub fn kind_label(kind: ComponentKind) -> &'static str {
    match kind {
        ComponentKind::NetworkFirewall => "firewall",
        ComponentKind::GatewayLoadBalancerEndpoint => "GWLB endpoint",
        ComponentKind::TransitGatewayRouteTable => "TGW route table",
        ComponentKind::TransitGatewayAttachment => "TGW attachment",
        ComponentKind::EgressOnlyInternetGateway => "egress-only gateway",
        ComponentKind::DirectConnectVirtualInterface => "DX virtual interface",
        other => other.as_str(),
    }
}

fn shape(kind: ComponentKind) -> Shape {
    match kind {
        ComponentKind::Instance | ComponentKind::NetworkInterface => Shape::Host,
        ComponentKind::SecurityGroup | ComponentKind::NetworkAcl | ComponentKind::RouteTable => {
            Shape::Rules
        }
        ComponentKind::NetworkFirewall => Shape::Firewall,
        // Gateways, endpoints and what load-balances: where traffic is handed on.
        ComponentKind::LoadBalancer
        | ComponentKind::TargetGroup
        | ComponentKind::InternetGateway
        | ComponentKind::EgressOnlyInternetGateway
        | ComponentKind::NatGateway
        | ComponentKind::VpnGateway
        | ComponentKind::VpnConnection
        | ComponentKind::DirectConnectVirtualInterface
        | ComponentKind::TransitGateway
        | ComponentKind::TransitGatewayAttachment
        | ComponentKind::TransitGatewayRouteTable
        | ComponentKind::GatewayLoadBalancerEndpoint
        | ComponentKind::GatewayVpcEndpoint
        | ComponentKind::VpcEndpoint
        | ComponentKind::EndpointService => Shape::Gateway,
        ComponentKind::Address
        | ComponentKind::Middlebox
        | ComponentKind::RouteTarget
        | ComponentKind::Subnet
        | ComponentKind::Vpc
        | ComponentKind::VpcPeeringConnection => Shape::Other,
    }
}

/// A header space in a line: `tcp 10.1.1.40 → 93.184.216.34 ports 443`.
pub fn header_text(space: &Space) -> String {
    if space.is_empty() {
        return "nothing".to_owned();
    }
    let header = space.header();
    let short = |mut list: Vec<String>| {
        let more = list.len().saturating_sub(3);
        list.truncate(3);
        let mut text = list.join(", ");
        if more > 0 {
            text.push_str(&format!(" and {more} more"));
        }
        text
    };
    let protocol = match header.protocols.ranges() {
        [(6, 6)] => "tcp".to_owned(),
        [(17, 17)] => "udp".to_owned(),
        [(1, 1)] => "icmp".to_owned(),
        [(58, 58)] => "icmpv6".to_owned(),
        _ => format!("protocols {}", header.protocols.to_range_list()),
    };
    // ICMP has no ports: the destination-port dimension is its type and code.
    if reach_core::space::icmp::icmp_protocols().is_superset(&header.protocols) {
        return format!(
            "{protocol} {} → {} {}",
            short(header.sources),
            short(header.destinations),
            reach_core::space::icmp::describe(&header.destination_ports)
        );
    }
    let ports = &header.destination_ports;
    format!(
        "{protocol} {} → {} port{} {}",
        short(header.sources),
        short(header.destinations),
        if ports.count() == 1 { "" } else { "s" },
        ports.to_range_list()
    )
}

fn lane(
    title: &str,
    hops: &[Hop],
    y: u32,
    answer: &Answer,
    snapshot: &Snapshot,
    first_inbound: Option<&Space>,
) -> Lane {
    let explained: Vec<&str> = answer
        .explanations
        .iter()
        .map(|explanation| explanation.component.id.as_str())
        .collect();
    let node_y = y + 46;
    let nodes: Vec<Node> = hops
        .iter()
        .enumerate()
        .map(|(index, hop)| {
            let inbound = if index == 0 {
                first_inbound
            } else {
                hops.get(index - 1).map(|previous| &previous.outbound)
            };
            let firewall = match &hop.rule {
                Some(Rule::Firewall(rule)) => Some(rule.as_ref()),
                _ => None,
            };
            let stops = hop.outbound.is_empty();
            let codes: Vec<(String, String)> = answer
                .explanations
                .iter()
                .chain(answer.additional_details.iter())
                .filter(|explanation| explanation.component.id == hop.component.id)
                .map(|explanation| {
                    (
                        explanation.code.as_str().to_owned(),
                        explanation.message.clone(),
                    )
                })
                .collect();
            // The firewall rule a blocked hop's explanation carries, else the hop's own.
            let blocking = answer
                .explanations
                .iter()
                .find(|explanation| explanation.component.id == hop.component.id)
                .and_then(|explanation| explanation.firewall_rule.as_deref());
            let rule = blocking.or(firewall);
            let chip = rule.map(|rule| Chip {
                action: rule.action.clone(),
                label: match (rule.sid, rule.rule_group_name.ends_with("-default")) {
                    (Some(sid), _) => format!("sid {sid}"),
                    (None, true) => "policy default".to_owned(),
                    (None, false) => rule.rule_group_name.clone(),
                },
            });
            let place = [
                hop.vpc.clone(),
                hop.subnet.clone(),
                hop.firewall_endpoint
                    .as_ref()
                    .map(|endpoint| format!("endpoint {endpoint}")),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ");
            let place = (!place.is_empty()).then_some(place);
            let attached_to = hop
                .attached_to
                .as_ref()
                .map(|instance| match &instance.name {
                    Some(name) => format!("{} ({name})", instance.id),
                    None => instance.id.clone(),
                });
            Node {
                x: MARGIN + index as u32 * (NODE_WIDTH + GAP),
                y: node_y,
                id: hop.component.id.clone(),
                kind: hop.component.kind.as_str().to_owned(),
                label: kind_label(hop.component.kind).to_owned(),
                name: hop.component.name.clone(),
                shape: shape(hop.component.kind),
                deciding: explained.contains(&hop.component.id.as_str())
                    || (firewall.is_some() && stops)
                    || (firewall.is_some() && answer.explanations.is_empty()),
                stops,
                chip,
                details: Details {
                    place,
                    attached_to,
                    rule: hop
                        .rule
                        .as_ref()
                        .map(Rule::text)
                        .or_else(|| blocking.map(|rule| rule.plain.clone())),
                    rule_text: rule.and_then(|rule| rule.text.clone()),
                    inbound: inbound.map(header_text),
                    outbound: header_text(&hop.outbound),
                    codes,
                    other_mode: rule.and(answer.other_mode.clone()),
                },
            }
        })
        .collect();
    // VPC boxes around runs of hops in one VPC.
    let accounts: std::collections::BTreeSet<&String> = snapshot
        .vpcs
        .values()
        .filter_map(|vpc| vpc.owner_id.as_ref().or(vpc.origin.account_id.as_ref()))
        .collect();
    let several_accounts = accounts.len() > 1;
    let mut groups = Vec::new();
    let mut start = 0;
    while start < hops.len() {
        let vpc = hops[start].vpc.clone();
        let mut end = start;
        while end + 1 < hops.len() && hops[end + 1].vpc == vpc {
            end += 1;
        }
        if let Some(vpc) = vpc {
            let found = snapshot.vpcs.get(vpc.as_str());
            let name = found
                .and_then(|found| found.name.clone())
                .map(|name| format!(" ({name})"))
                .unwrap_or_default();
            // The owner, when the snapshot spans several accounts.
            let account = found
                .and_then(|found| found.owner_id.clone().or(found.origin.account_id.clone()))
                .filter(|_| several_accounts)
                .map(|account| format!(" · account {account}"))
                .unwrap_or_default();
            let name = format!("{name}{account}");
            let x = MARGIN + start as u32 * (NODE_WIDTH + GAP);
            groups.push(GroupBox {
                x: x.saturating_sub(10),
                y: node_y - 24,
                width: (end - start + 1) as u32 * (NODE_WIDTH + GAP) - GAP + 20,
                height: NODE_HEIGHT + 58,
                label: format!("VPC {vpc}{name}"),
            });
        }
        start = end + 1;
    }
    Lane {
        title: title.to_owned(),
        y,
        nodes,
        groups,
        asymmetric: None,
    }
}

/// Lays out an answer.
pub fn layout(answer: &Answer, snapshot: &Snapshot) -> Diagram {
    let forward = lane("Forward path", &answer.forward, 0, answer, snapshot, None);
    let mut reverse = lane(
        "Return path",
        &answer.reverse,
        LANE_HEIGHT,
        answer,
        snapshot,
        answer.forward.last().map(|hop| &hop.outbound),
    );
    reverse.asymmetric = answer
        .additional_details
        .iter()
        .find(|detail| detail.code == "UNIDIRECTIONAL_PATH_ANALYSIS_ONLY")
        .map(|detail| format!("Asymmetric return path: {}", detail.message));
    let longest = forward.nodes.len().max(reverse.nodes.len()).max(1) as u32;
    Diagram {
        width: 2 * MARGIN + longest * (NODE_WIDTH + GAP) - GAP,
        height: if reverse.nodes.is_empty() {
            LANE_HEIGHT
        } else {
            2 * LANE_HEIGHT
        },
        forward,
        reverse,
    }
}

/// An id short enough for a node's label: an ARN by its resource path without the type
/// (`app/web-alb/50dc…` for a load balancer), anything longer than 22 characters cut, by
/// characters, never inside one.
pub fn short_id(id: &str) -> String {
    let id = match id.strip_prefix("arn:") {
        Some(rest) => {
            let resource = rest.splitn(5, ':').nth(4).unwrap_or(rest);
            resource.split_once('/').map_or(resource, |(_, path)| path)
        }
        None => id,
    };
    if id.chars().count() > 22 {
        format!("{}…", id.chars().take(21).collect::<String>())
    } else {
        id.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{analyze, QuestionForm};
    use crate::PageState;

    fn diagram(variant: &str, port: &str) -> Diagram {
        let mut state = PageState::new();
        assert!(state.load_demo_variant(variant));
        let form = QuestionForm {
            source: "i-0454c90477e2bf220".to_owned(),
            destination: "93.184.216.34".to_owned(),
            destination_port: port.to_owned(),
            ..QuestionForm::default()
        };
        analyze(&state, &form).unwrap().diagram
    }

    /// ICMP has no ports: a header shows its type and code.
    #[test]
    fn an_icmp_header_shows_type_and_code() {
        use reach_core::space::{icmp, Cube, Family, IntervalSet};
        let ping = |icmp_type: u8, expects: u8| {
            Space::from_cube(Cube {
                protocols: IntervalSet::single(1),
                sources: IntervalSet::single(0x0A1E_010A),
                destinations: IntervalSet::single(0x0A1E_0214),
                source_ports: IntervalSet::single(icmp::type_code(expects, 0)),
                destination_ports: IntervalSet::single(icmp::type_code(icmp_type, 0)),
                ..Cube::everything(Family::V4)
            })
        };
        assert_eq!(
            header_text(&ping(8, 0)),
            "icmp 10.30.1.10/32 → 10.30.2.20/32 type 8 code 0"
        );
        assert_eq!(
            header_text(&ping(8, 0).reversed()),
            "icmp 10.30.2.20/32 → 10.30.1.10/32 type 0 code 0"
        );
    }

    #[test]
    fn a_reachable_path_has_two_lanes_and_a_firewall_chip() {
        let diagram = diagram("05-tcp-rules-tcp-443", "443");
        assert!(!diagram.forward.nodes.is_empty() && !diagram.reverse.nodes.is_empty());
        let firewall = diagram
            .forward
            .nodes
            .iter()
            .find(|node| node.shape == Shape::Firewall)
            .expect("a firewall hop");
        let chip = firewall.chip.as_ref().expect("a chip");
        assert_eq!(
            (chip.action.as_str(), chip.label.as_str()),
            ("pass", "sid 1000001")
        );
        assert!(firewall
            .details
            .rule_text
            .as_deref()
            .unwrap()
            .starts_with("pass tcp"));
        // Nodes do not overlap and the diagram holds them all.
        for pair in diagram.forward.nodes.windows(2) {
            assert!(pair[0].x + NODE_WIDTH < pair[1].x);
        }
        let last = diagram.forward.nodes.last().unwrap();
        assert!(last.x + NODE_WIDTH <= diagram.width);
        assert_eq!(diagram.forward.groups.len(), 1);
        assert!(diagram.forward.groups[0]
            .label
            .starts_with("VPC vpc-078224e9e811f485c"));
    }

    #[test]
    fn a_blocked_path_marks_the_deciding_hop_and_an_asymmetric_one_is_labelled() {
        let blocked = diagram("04-tcp-rules-tcp-80", "80");
        let last = blocked.forward.nodes.last().unwrap();
        assert!(last.deciding && last.stops);
        assert_eq!(last.chip.as_ref().unwrap().action, "reject");
        assert!(last
            .details
            .codes
            .iter()
            .any(|(code, _)| code == "FIREWALL_RULES_RESTRICTION"));
        assert!(blocked.reverse.nodes.is_empty());
        let asymmetric = diagram("11-asymmetric-return-tcp-443", "443");
        assert!(asymmetric
            .reverse
            .asymmetric
            .as_deref()
            .unwrap()
            .starts_with("Asymmetric return path"));
    }

    #[test]
    fn headers_in_words() {
        let diagram = diagram("05-tcp-rules-tcp-443", "443");
        assert_eq!(
            diagram.forward.nodes[0].details.outbound,
            "tcp 10.1.1.40/32 → 93.184.216.34/32 port 443"
        );
    }

    #[test]
    fn labels_show_an_arn_by_its_resource_path_and_cut_long_ids() {
        assert_eq!(
            short_id("arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web-alb/50dc6c495c0c9188"),
            "app/web-alb/50dc6c495…"
        );
        assert_eq!(
            short_id("arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web-tg/73e2"),
            "web-tg/73e2"
        );
        assert_eq!(short_id("i-0a00000000000c0a1"), "i-0a00000000000c0a1");
        assert_eq!(
            short_id("ééééééééééééééééééééééééé"),
            format!("{}…", "é".repeat(21))
        );
    }

    #[test]
    fn every_kind_label_fits_a_node() {
        for kind in ComponentKind::ALL {
            assert!(kind_label(kind).chars().count() <= 24, "{kind}");
        }
        assert_eq!(kind_label(ComponentKind::Instance), "instance");
        assert_eq!(kind_label(ComponentKind::NetworkFirewall), "firewall");
    }

    #[test]
    fn each_kind_has_the_shape_of_what_it_does() {
        let check = |kind, expected| assert_eq!(shape(kind), expected, "{kind}");
        check(ComponentKind::Instance, Shape::Host);
        check(ComponentKind::NetworkAcl, Shape::Rules);
        check(ComponentKind::NetworkFirewall, Shape::Firewall);
        check(ComponentKind::NetworkInterface, Shape::Host);
        check(ComponentKind::TransitGatewayRouteTable, Shape::Gateway);
        check(ComponentKind::EndpointService, Shape::Gateway);
        check(ComponentKind::VpcPeeringConnection, Shape::Other);
    }
}
