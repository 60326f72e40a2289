//! `analyze`: can traffic from a source reach a destination, and if not, what stops it?
//!
//! The question becomes a header space (every packet it covers); the walk carries that space
//! hop by hop through security groups, network ACLs, route tables and gateways, narrowing it
//! and recording the rule that decided each part; then it walks the replies back the way they
//! really go. One walk answers for every port at once.

mod answer;
mod arn;
mod availability_zone;
mod code;
mod elbv2;
mod endpoint_service;
mod firewall_rule;
mod load_balancer;
mod private_link;
mod question;
mod walk;

pub use code::Code;
pub use firewall_rule::{Case, FirewallRule, PolicyDefault};
pub use question::{
    parse_port_range, parse_protocol, protocol_name, Compat, Endpoint, IcmpMessage, Question,
    QuestionError, MAX_CLIENT_HELLO_SIZE, MAX_MSS, MAX_SERVER_NAME, MIN_MSS,
};

use crate::ids::{InstanceId, InternetGatewayId, NetworkInterfaceId};
use crate::model::IcmpTypeCode;
use crate::space::{IntervalSet, Space};

/// The answer's verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Requests arrive and replies come back.
    Reachable,
    /// Requests do not arrive.
    NotReachable,
    /// Requests arrive but replies cannot come back, or come back around a stateful middlebox.
    ReachableOneWay,
    /// The path meets a component Reach does not analyse yet (peering, transit gateways):
    /// Reach says so rather than guess.
    Unknown,
    /// A firewall decides differently by application protocol, server name or ClientHello
    /// size; the answer's cases say which way for each.
    DependsOnApplication,
}

impl Verdict {
    /// As `Reach.Verdict` prints it.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Reachable => "reachable",
            Verdict::NotReachable => "not_reachable",
            Verdict::ReachableOneWay => "reachable_one_way",
            Verdict::Unknown => "unknown",
            Verdict::DependsOnApplication => "depends_on_application",
        }
    }
}

/// A resource on the path, as AWS names it in a path component.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Component {
    /// Its id (or ARN when it has no id).
    pub id: String,
    /// Its ARN, when known.
    pub arn: Option<String>,
    /// Its `Name` tag.
    pub name: Option<String>,
    /// What it is.
    pub kind: ComponentKind,
}

/// What a path component is. `as_str` gives the words answers print (`instance`, `network
/// interface`, …); front ends match on the variant, never on the words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ComponentKind {
    /// An address no interface in the input holds.
    Address,
    /// A Direct Connect virtual interface.
    DirectConnectVirtualInterface,
    /// An egress-only internet gateway.
    EgressOnlyInternetGateway,
    /// An endpoint service (PrivateLink, Gateway Load Balancer).
    EndpointService,
    /// A Gateway Load Balancer endpoint.
    GatewayLoadBalancerEndpoint,
    /// A gateway VPC endpoint (S3, DynamoDB).
    GatewayVpcEndpoint,
    /// An EC2 instance.
    Instance,
    /// An internet gateway.
    InternetGateway,
    /// An Elastic Load Balancing v2 load balancer.
    LoadBalancer,
    /// A stateful middlebox an asymmetric path bypasses (a NAT gateway, a firewall endpoint,
    /// an appliance), named by its id only.
    Middlebox,
    /// A NAT gateway.
    NatGateway,
    /// A network ACL.
    NetworkAcl,
    /// An AWS Network Firewall firewall (the hop names the endpoint or transit gateway
    /// attachment the packets went through beside it).
    NetworkFirewall,
    /// A network interface.
    NetworkInterface,
    /// A VPC route table.
    RouteTable,
    /// A route's target Reach does not model (a local gateway, a carrier gateway, …).
    RouteTarget,
    /// A security group.
    SecurityGroup,
    /// A subnet.
    Subnet,
    /// A load balancer's target group.
    TargetGroup,
    /// A transit gateway.
    TransitGateway,
    /// A transit gateway attachment.
    TransitGatewayAttachment,
    /// A transit gateway route table.
    TransitGatewayRouteTable,
    /// A VPC.
    Vpc,
    /// A VPC endpoint (interface, or one Reach could not tell).
    VpcEndpoint,
    /// A VPC peering connection.
    VpcPeeringConnection,
    /// A Site-to-Site VPN connection.
    VpnConnection,
    /// A virtual private gateway.
    VpnGateway,
}

impl ComponentKind {
    /// The words answers print for it.
    pub fn as_str(self) -> &'static str {
        match self {
            ComponentKind::Address => "address",
            ComponentKind::DirectConnectVirtualInterface => "Direct Connect virtual interface",
            ComponentKind::EgressOnlyInternetGateway => "egress-only internet gateway",
            ComponentKind::EndpointService => "endpoint service",
            ComponentKind::GatewayLoadBalancerEndpoint => "Gateway Load Balancer endpoint",
            ComponentKind::GatewayVpcEndpoint => "gateway VPC endpoint",
            ComponentKind::Instance => "instance",
            ComponentKind::InternetGateway => "internet gateway",
            ComponentKind::LoadBalancer => "load balancer",
            ComponentKind::Middlebox => "middlebox",
            ComponentKind::NatGateway => "NAT gateway",
            ComponentKind::NetworkAcl => "network ACL",
            ComponentKind::NetworkFirewall => "Network Firewall",
            ComponentKind::NetworkInterface => "network interface",
            ComponentKind::RouteTable => "route table",
            ComponentKind::RouteTarget => "route target",
            ComponentKind::SecurityGroup => "security group",
            ComponentKind::Subnet => "subnet",
            ComponentKind::TargetGroup => "target group",
            ComponentKind::TransitGateway => "transit gateway",
            ComponentKind::TransitGatewayAttachment => "transit gateway attachment",
            ComponentKind::TransitGatewayRouteTable => "transit gateway route table",
            ComponentKind::Vpc => "VPC",
            ComponentKind::VpcEndpoint => "VPC endpoint",
            ComponentKind::VpcPeeringConnection => "VPC peering connection",
            ComponentKind::VpnConnection => "VPN connection",
            ComponentKind::VpnGateway => "virtual private gateway",
        }
    }

    /// Every kind, for front ends' tests.
    pub const ALL: [ComponentKind; 27] = [
        ComponentKind::Address,
        ComponentKind::DirectConnectVirtualInterface,
        ComponentKind::EgressOnlyInternetGateway,
        ComponentKind::EndpointService,
        ComponentKind::GatewayLoadBalancerEndpoint,
        ComponentKind::GatewayVpcEndpoint,
        ComponentKind::Instance,
        ComponentKind::InternetGateway,
        ComponentKind::LoadBalancer,
        ComponentKind::Middlebox,
        ComponentKind::NatGateway,
        ComponentKind::NetworkAcl,
        ComponentKind::NetworkFirewall,
        ComponentKind::NetworkInterface,
        ComponentKind::RouteTable,
        ComponentKind::RouteTarget,
        ComponentKind::SecurityGroup,
        ComponentKind::Subnet,
        ComponentKind::TargetGroup,
        ComponentKind::TransitGateway,
        ComponentKind::TransitGatewayAttachment,
        ComponentKind::TransitGatewayRouteTable,
        ComponentKind::Vpc,
        ComponentKind::VpcEndpoint,
        ComponentKind::VpcPeeringConnection,
        ComponentKind::VpnConnection,
        ComponentKind::VpnGateway,
    ];
}

impl std::fmt::Display for ComponentKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The rule that decided a hop, with the fields AWS's path components give it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rule {
    /// `SecurityGroupRule`.
    SecurityGroup {
        /// The group.
        group: String,
        /// `ingress` or `egress`.
        direction: &'static str,
        /// As AWS's path components name it: `tcp`, `udp`, `icmp`, `icmpv6`, `all` (AWS's
        /// `-1`), else the protocol number.
        protocol: String,
        /// The port range, when the rule has one.
        ports: Option<(u16, u16)>,
        /// The ICMP type and code, for an ICMP or ICMPv6 rule.
        icmp: Option<IcmpTypeCode>,
        /// A CIDR, a prefix list or a referenced group, as text.
        peer: String,
        /// Its `sgr-` id, when known.
        rule_id: Option<String>,
    },
    /// `AclRule`.
    NetworkAcl {
        /// The network ACL.
        acl: String,
        /// Whether the entry is an outbound one.
        egress: bool,
        /// The rule number; `None` for the default `*` entry.
        rule_number: Option<u16>,
        /// `allow` or `deny`.
        action: &'static str,
        /// `all` (AWS's `-1`, as its path components print it) or a protocol number.
        protocol: String,
        /// The port range, when the entry has one.
        ports: Option<(u16, u16)>,
        /// The ICMP type and code, for an ICMP or ICMPv6 entry (any when it gives none).
        icmp: Option<IcmpTypeCode>,
        /// The CIDR block.
        cidr: String,
    },
    /// `RouteTableRoute`.
    Route {
        /// The route table.
        table: String,
        /// A CIDR block, or a prefix list id.
        destination: String,
        /// The AWS key the target is printed under (`GatewayId`, `NatGatewayId`, …).
        target_key: &'static str,
        /// The target id.
        target: String,
        /// `active` or `blackhole`.
        state: String,
        /// `Origin`: `CreateRoute`, `CreateRouteTable`, `EnableVgwRoutePropagation`, when the
        /// export says.
        origin: Option<String>,
    },
    /// `TransitGatewayRouteTableRoute`: the transit gateway route that carried the packets.
    TransitGatewayRoute {
        /// The transit gateway route table.
        table: String,
        /// `DestinationCidr` (or a prefix list id).
        destination: String,
        /// `AttachmentId`: where it sends traffic (empty for a blackhole route, which sends
        /// nowhere).
        attachment: String,
        /// `ResourceId` and `ResourceType` of that attachment, when known.
        resource: Option<(String, String)>,
        /// `RouteOrigin`: `static` or `propagated`.
        origin: &'static str,
        /// `State`: `active` or `blackhole`.
        state: String,
    },
    /// Replies of a connection a security group allowed: groups are stateful, so no rule
    /// decides them (AWS lists the group on the return path with no `SecurityGroupRule`).
    RepliesAllowed {
        /// The security group.
        group: String,
    },
    /// An address translation (NAT gateway, internet gateway).
    Translation {
        /// What was rewritten, in words.
        text: String,
    },
    /// A Network Firewall rule, or the policy's default.
    Firewall(Box<FirewallRule>),
    /// A load balancer's listener, and the target it forwards the connection to.
    LoadBalancer {
        /// The listener's ARN (`ElasticLoadBalancerListener`).
        listener: String,
        /// The listener's protocol (`HTTP`, `TCP`, …).
        protocol: String,
        /// Its port (`LoadBalancerListenerPort`).
        port: u16,
        /// The target group's ARN (`LoadBalancerTargetGroup`).
        target_group: String,
        /// The target group's name.
        target_group_name: String,
        /// The target: an instance id or an IP address (`LoadBalancerTarget`).
        target: String,
        /// The port it is reached on (`LoadBalancerTargetPort`).
        target_port: u16,
        /// Its Availability Zone, when AWS says.
        target_zone: Option<String>,
        /// Its health (`healthy`, `unhealthy`, …).
        health: String,
    },
    /// An endpoint service carrying an endpoint's traffic to its provider's load balancer.
    EndpointService {
        /// The service name (`ServiceName`).
        service_name: String,
        /// The consumer's endpoint.
        endpoint: String,
        /// The endpoint's state as its provider sees it (`available`, `pendingAcceptance`, …).
        state: String,
        /// The load balancer's ARN.
        load_balancer: String,
    },
}

impl Rule {
    /// The rule in plain words.
    pub fn text(&self) -> String {
        let ports = |ports: &Option<(u16, u16)>, icmp: &Option<IcmpTypeCode>| match (ports, icmp) {
            (_, Some(icmp)) => format!(" {}", icmp.describe()),
            (Some((from, to)), None) if from == to => format!(" port {from}"),
            (Some((from, to)), None) => format!(" ports {from}-{to}"),
            (None, None) => String::new(),
        };
        match self {
            Rule::SecurityGroup {
                group,
                direction,
                protocol,
                ports: range,
                icmp,
                peer,
                rule_id,
            } => {
                let protocol = match protocol.as_str() {
                    "all" => "all traffic".to_owned(),
                    named @ ("tcp" | "udp" | "icmp" | "icmpv6") => named.to_owned(),
                    other => format!("protocol {other}"),
                };
                let towards = if *direction == "egress" { "to" } else { "from" };
                let id = rule_id
                    .as_deref()
                    .map(|id| format!(" ({id})"))
                    .unwrap_or_default();
                format!(
                    "{group} {direction}: {protocol}{} {towards} {peer}{id}",
                    ports(range, icmp)
                )
            }
            Rule::NetworkAcl {
                acl,
                egress,
                rule_number,
                action,
                protocol,
                ports: range,
                icmp,
                cidr,
            } => {
                let number = rule_number
                    .map(|number| number.to_string())
                    .unwrap_or_else(|| "*".to_owned());
                let direction = if *egress { "outbound" } else { "inbound" };
                let protocol = match protocol.as_str() {
                    "all" => "all traffic".to_owned(),
                    "6" => "tcp".to_owned(),
                    "17" => "udp".to_owned(),
                    "1" => "icmp".to_owned(),
                    "58" => "icmpv6".to_owned(),
                    other => format!("protocol {other}"),
                };
                let towards = if *egress { "to" } else { "from" };
                format!(
                    "{acl} {direction} rule {number}: {action} {protocol}{} {towards} {cidr}",
                    ports(range, icmp)
                )
            }
            Rule::Route {
                table,
                destination,
                target,
                state,
                ..
            } => format!("{table}: {destination} -> {target}{}", unless_active(state)),
            Rule::TransitGatewayRoute {
                table,
                destination,
                attachment,
                state,
                ..
            } => match attachment.as_str() {
                // A blackhole route sends nowhere.
                "" => format!("{table}: {destination}{}", unless_active(state)),
                _ => format!(
                    "{table}: {destination} -> {attachment}{}",
                    unless_active(state)
                ),
            },
            Rule::RepliesAllowed { group } => {
                format!("{group}: replies of an allowed connection (security groups are stateful)")
            }
            Rule::Translation { text } => text.clone(),
            Rule::Firewall(rule) => rule.plain.clone(),
            Rule::LoadBalancer {
                protocol,
                port,
                target_group_name,
                target,
                target_port,
                health,
                ..
            } => format!(
                "listener {protocol}:{port} forwards to target group {target_group_name}: {target} port {target_port} ({health})"
            ),
            Rule::EndpointService {
                service_name,
                endpoint,
                state,
                load_balancer,
            } => {
                let name = load_balancer.rsplit('/').nth(1).unwrap_or(load_balancer);
                format!("{service_name}: endpoint {endpoint} {state}, served by {name}")
            }
        }
    }
}

/// One hop of a path: one of AWS's path components.
#[derive(Clone, Debug)]
pub struct Hop {
    /// The resource.
    pub component: Component,
    /// `AttachedTo`: the instance a network interface belongs to.
    pub attached_to: Option<Component>,
    /// Its VPC.
    pub vpc: Option<String>,
    /// Its subnet.
    pub subnet: Option<String>,
    /// `SourceVpc`: the VPC the packets leave through a VPC peering connection.
    pub source_vpc: Option<String>,
    /// `DestinationVpc`: the VPC they enter through it.
    pub destination_vpc: Option<String>,
    /// `TransitGateway`: the transit gateway of an attachment or transit gateway route table.
    pub transit_gateway: Option<Component>,
    /// On a Network Firewall hop, what the packets went through: the firewall's endpoint
    /// (`vpce-…`), or its transit gateway attachment.
    pub firewall_endpoint: Option<String>,
    /// What decided the hop.
    pub rule: Option<Rule>,
    /// The packets that arrived, on a hop that rewrites them (a NAT gateway, an internet
    /// gateway, a load balancer); `None` elsewhere, where what arrives is what the hop before
    /// let out.
    pub inbound: Option<Space>,
    /// The packets that leave the hop (all packets that arrived, narrowed by it, or rewritten).
    pub outbound: Space,
}

impl Hop {
    /// A hop at `component` in `vpc` and `subnet`, decided by `rule`, letting out `outbound`;
    /// the other members empty.
    pub fn new(
        component: Component,
        vpc: Option<String>,
        subnet: Option<String>,
        rule: Option<Rule>,
        outbound: Space,
    ) -> Hop {
        Hop {
            component,
            attached_to: None,
            vpc,
            subnet,
            source_vpc: None,
            destination_vpc: None,
            transit_gateway: None,
            firewall_endpoint: None,
            rule,
            inbound: None,
            outbound,
        }
    }

    /// Whether the hop rewrites packets (AWS prints both headers on such a component).
    pub fn translates(&self) -> bool {
        self.inbound.is_some()
    }
}

/// Why a path is blocked, or what the user must know about it, with AWS's code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    /// AWS's explanation (or additional detail) code.
    pub code: Code,
    /// The component involved.
    pub component: Component,
    /// Plain words.
    pub message: String,
    /// The firewall rule it concerns (`FIREWALL_RULES_RESTRICTION`).
    pub firewall_rule: Option<Box<FirewallRule>>,
    /// Rule options AWS's analyzer does not support, per rule group
    /// (`FIREWALL_UNSUPPORTED_RULE_OPTIONS`, `FIREWALL_UNSUPPORTED_HIGHER_PRIORITY_RULES`).
    pub rule_options: Vec<firewall_rule::RuleOptions>,
    /// The members AWS's `Explanation` gives its code: where, which direction, which rule.
    pub members: Members,
}

/// The code-specific members of AWS's `Explanation` that Reach fills.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Members {
    /// `Direction`: `ingress` or `egress`.
    pub direction: Option<&'static str>,
    /// `Vpc`.
    pub vpc: Option<String>,
    /// `Subnet`.
    pub subnet: Option<String>,
    /// `NetworkInterface`.
    pub network_interface: Option<String>,
    /// `SecurityGroups`.
    pub security_groups: Vec<String>,
    /// `Acl` and `AclRule` (a `Rule::NetworkAcl`), `RouteTable` and `RouteTableRoute` (a
    /// `Rule::Route`), or `SecurityGroup` and `SecurityGroupRule` (a `Rule::SecurityGroup`).
    pub rule: Option<Rule>,
    /// `Address`: the address the code is about.
    pub address: Option<std::net::IpAddr>,
    /// `TransitGateway`.
    pub transit_gateway: Option<String>,
    /// `TransitGatewayAttachment`.
    pub transit_gateway_attachment: Option<String>,
    /// `AvailabilityZones`.
    pub availability_zones: Vec<String>,
    /// `SourceVpc` and `DestinationVpc`.
    pub vpcs: Option<(String, String)>,
    /// `PortRanges`.
    pub port_ranges: Vec<(u16, u16)>,
    /// `Port`: the port the code is about (the port a load balancer has no listener on).
    pub port: Option<u16>,
    /// `Protocols`: the protocols the code is about, spelled as AWS's headers spell them.
    pub protocols: Vec<String>,
    /// `LoadBalancerArn`.
    pub load_balancer_arn: Option<String>,
    /// `ElasticLoadBalancerListener`: the listener's ARN.
    pub listener: Option<String>,
    /// `LoadBalancerListenerPort`.
    pub listener_port: Option<u16>,
    /// `LoadBalancerTargetGroup` when there is one, `LoadBalancerTargetGroups` when several.
    pub target_groups: Vec<Component>,
    /// `LoadBalancerTarget`, and its port as `LoadBalancerTargetPort`.
    pub target: Option<LoadBalancerTarget>,
    /// `Destination`: the analysis's destination resource, on an explanation of why the path
    /// does not get to it (see `ABOUT_THE_DESTINATION` and `end_component`).
    pub destination: Option<Component>,
}

/// AWS's `AnalysisLoadBalancerTarget`: a registered target, an instance or an IP address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadBalancerTarget {
    /// `Instance` (its id) or `Address`, as the target group registered it.
    pub id: String,
    /// `AvailabilityZone`, when known.
    pub availability_zone: Option<String>,
    /// `Port`: the port it is reached on, when the target or its group says.
    pub port: Option<u16>,
}

/// Everything `analyze` found.
#[derive(Clone, Debug)]
pub struct Answer {
    /// The verdict.
    pub verdict: Verdict,
    /// The flow asked about, in words (`tcp from i-0a12 to 93.184.216.34 port 443`; for a load
    /// balancer or an endpoint, the client and what it reaches), as the summary opens with it.
    pub flow: String,
    /// One plain sentence.
    pub summary: String,
    /// The request's path, as far as it went.
    pub forward: Vec<Hop>,
    /// The replies' path, as far as it went.
    pub reverse: Vec<Hop>,
    /// Why traffic stops (AWS's explanation codes).
    pub explanations: Vec<Explanation>,
    /// What the user must know although it stops nothing (AWS's additional detail codes,
    /// such as `UNIDIRECTIONAL_PATH_ANALYSIS_ONLY`), each on the component it concerns.
    pub additional_details: Vec<Explanation>,
    /// The destination ports for which requests arrive and replies come back.
    pub reachable_ports: IntervalSet,
    /// What was assumed, and what was not analysed.
    pub notes: Vec<String>,
    /// When a firewall's decision depends on the application: each case and its verdict.
    pub cases: Vec<Case>,
    /// What the other mode (AWS-compatible or faithful) answers, in one line, when it differs.
    pub other_mode: Option<String>,
    /// Where the walk stopped, with the code that says why: the request's stop, or the
    /// replies' when only they are blocked; `None` when nothing stopped the walk.
    pub stopped_at: Option<(Code, Component)>,
    /// The mode it answers in: faithful, or as AWS's analyzer (`--compat aws`), whose path
    /// components the JSON then copies more closely (headers where AWS prints them).
    pub compat: Compat,
}

impl Answer {
    /// An answer with `verdict` about `flow` in `compat`, with nothing else found yet: no
    /// summary, hops, explanations, ports or notes.
    pub fn new(verdict: Verdict, flow: String, compat: Compat) -> Answer {
        Answer {
            verdict,
            flow,
            summary: String::new(),
            forward: Vec::new(),
            reverse: Vec::new(),
            explanations: Vec::new(),
            additional_details: Vec::new(),
            reachable_ports: IntervalSet::empty(),
            notes: Vec::new(),
            cases: Vec::new(),
            other_mode: None,
            stopped_at: None,
            compat,
        }
    }

    /// AWS's `NetworkPathFound`: true exactly when the verdict is reachable.
    pub fn network_path_found(&self) -> bool {
        self.verdict == Verdict::Reachable
    }
}

/// Answers `question` on `snapshot`. A question that names something the snapshot does not
/// hold is an error; everything else is an answer.
pub fn analyze(snapshot: &crate::Snapshot, question: &Question) -> Result<Answer, QuestionError> {
    let mut answer = answer_without_arns(snapshot, question)?;
    answer
        .additional_details
        .extend(availability_zone::crossed(snapshot, &answer));
    arn::fill(&mut answer, snapshot);
    Ok(answer)
}

/// The codes that say the path does not get to its destination, rather than what stopped it
/// on the way: AWS's `Explanation` has a `Destination` member ("The destination") and
/// documents no code that uses it, so Reach gives it to these, whose descriptions speak of
/// the destination (an inference, like the other per-code member choices). On the replies'
/// leg, their destination is the question's source.
pub(crate) const ABOUT_THE_DESTINATION: [Code; 5] = [
    Code::NoRouteToDestination,
    Code::TgwRtbNoRouteToTgwAttachment,
    Code::NoPossibleDestination,
    Code::DisconnectedVpcs,
    Code::EniAddressRestriction,
];

/// An end of the question as a component, for `Destination` (see `ABOUT_THE_DESTINATION`),
/// when it names a resource of the input: an address has no component to name (the
/// explanations that concern one carry it as `Address`).
pub(crate) fn end_component(snapshot: &crate::Snapshot, end: &Endpoint) -> Option<Component> {
    let Endpoint::Id(id) = end else {
        return None;
    };
    let (name, kind) = if let Some(instance) = snapshot.instances.get(&InstanceId::new(id)) {
        (instance.name.clone(), ComponentKind::Instance)
    } else if let Some(interface) = snapshot
        .network_interfaces
        .get(&NetworkInterfaceId::new(id))
    {
        (interface.name.clone(), ComponentKind::NetworkInterface)
    } else if let Some(gateway) = snapshot.internet_gateways.get(&InternetGatewayId::new(id)) {
        (gateway.name.clone(), ComponentKind::InternetGateway)
    } else {
        return elbv2::named(snapshot, id).map(elbv2::lb_component);
    };
    Some(Component {
        id: id.clone(),
        arn: None,
        name,
        kind,
    })
}

/// The answer AWS's analyzer gives where Reach refuses the question as asked: an analysis
/// that finds no path, with `NO_SOURCE_OR_DESTINATION` ("The source or destination resource
/// does not exist") for an end the input does not hold, or `ENI_ADDRESS_RESTRICTION` ("This
/// network interface does not allow inbound or outbound traffic unless the source or
/// destination address matches its private IP address") for an address the destination does
/// not have. `None` for the other question errors, which AWS's analyzer refuses too.
pub fn refused(
    snapshot: &crate::Snapshot,
    question: &Question,
    error: &QuestionError,
) -> Option<Answer> {
    let (code, component, members, message) = match error {
        QuestionError::UnknownResource(id) => (
            Code::NoSourceOrDestination,
            Component {
                id: id.clone(),
                arn: None,
                name: None,
                kind: kind_of_id(id),
            },
            Members::default(),
            format!("{id} is not in the input"),
        ),
        QuestionError::AddressNotOnResource { resource, address } => (
            Code::EniAddressRestriction,
            Component {
                id: resource.clone(),
                arn: None,
                name: None,
                kind: ComponentKind::NetworkInterface,
            },
            Members {
                direction: Some("ingress"),
                network_interface: Some(resource.clone()),
                address: Some(*address),
                destination: end_component(snapshot, &question.destination),
                ..Members::default()
            },
            format!("{resource} has no address {address}"),
        ),
        _ => return None,
    };
    let what = question.flow_words();
    let mut answer = Answer::new(Verdict::NotReachable, what.clone(), question.compat);
    answer.summary = format!("{what} has no path: {message}.");
    answer.explanations = vec![Explanation {
        code,
        component: component.clone(),
        message,
        firewall_rule: None,
        rule_options: Vec::new(),
        members,
    }];
    answer.stopped_at = Some((code, component));
    arn::fill(&mut answer, snapshot);
    Some(answer)
}

/// What an id names, by its prefix, for a component the input does not hold.
fn kind_of_id(id: &str) -> ComponentKind {
    const KINDS: &[(&str, ComponentKind)] = &[
        ("eni-", ComponentKind::NetworkInterface),
        ("igw-", ComponentKind::InternetGateway),
        ("nat-", ComponentKind::NatGateway),
        ("vgw-", ComponentKind::VpnGateway),
        ("vpce-", ComponentKind::VpcEndpoint),
        ("i-", ComponentKind::Instance),
    ];
    KINDS
        .iter()
        .find(|(prefix, _)| id.starts_with(prefix))
        .map_or(ComponentKind::Address, |(_, kind)| *kind)
}

fn answer_without_arns(
    snapshot: &crate::Snapshot,
    question: &Question,
) -> Result<Answer, QuestionError> {
    question.validate()?;
    // A load balancer and an endpoint service forward what their listeners take; what they do
    // with ICMP sent to them is not in any export.
    let icmp = question
        .icmp_message()
        .map(|_| protocol_name(question.protocol));
    if let Endpoint::Id(id) = &question.destination {
        if let Some(lb) = elbv2::named(snapshot, id) {
            if let Some(protocol) = icmp {
                return Err(QuestionError::UnsupportedEndpoint(format!(
                    "load balancer {} forwards what its listeners take (TCP, UDP and what runs over them): Reach does not analyse {protocol} to it",
                    lb.name
                )));
            }
            return load_balancer::answer(snapshot, question, lb);
        }
    }
    // A load balancer asked by one of its nodes (the node's interface or address) is the load
    // balancer: the connection goes through a listener to a target, never to the node itself.
    if let Some(lb) = elbv2::of_node(snapshot, &question.destination) {
        let by_name = Question {
            destination: Endpoint::Id(lb.arn.to_string()),
            destination_ip: None,
            ..question.clone()
        };
        return load_balancer::answer(snapshot, &by_name, lb);
    }
    if let Some(endpoint) = private_link::interface_endpoint(snapshot, &question.destination) {
        if let Some(protocol) = icmp {
            return Err(QuestionError::UnsupportedEndpoint(format!(
                "VPC endpoint {} carries its service's TCP and UDP listeners: Reach does not analyse {protocol} to it",
                endpoint.id
            )));
        }
        return private_link::answer(snapshot, question, endpoint);
    }
    let resolved = question::resolve(snapshot, question)?;
    if let Some(answer) = private_link::initiated_in_its_own_vpc(snapshot, question, &resolved) {
        return Ok(answer);
    }
    Ok(answer::answer_resolved(snapshot, &resolved))
}

/// A route's state, in parentheses, when it is not `active` (a route that works says nothing).
fn unless_active(state: &str) -> String {
    if state == "active" {
        String::new()
    } else {
        format!(" ({state})")
    }
}
