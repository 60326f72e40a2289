//! Random networks, written as the exports AWS prints, with routes that point anywhere: the
//! local route, internet gateways, NAT gateways, instances and interfaces as appliances,
//! peering connections, transit gateways (their route tables, VPC, peering and VPN
//! attachments), a Network Firewall endpoint, a Gateway Load Balancer endpoint, a virtual
//! private gateway, egress-only internet gateways, blackholes and targets that are not in the
//! input. Few destinations and many routes, so most networks hold routing loops, through every
//! kind of hop. Random questions between random ends (instances, interfaces, addresses inside
//! and outside, gateways, the load balancer), TCP, UDP, ICMP and ICMPv6, any ports, both modes.
//!
//! Whatever the network, `load` and `analyze` return (no panic, no recursion without end: the
//! first bug this found was a Gateway Load Balancer's GENEVE leg routed back to its endpoint,
//! which nested walks until the stack overflowed), each leg of a walk consults a bounded number
//! of route tables and so has a bounded number of hops, and no verdict other than reachable
//! comes without its reason.

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};
use reach_aws::InputFile;
use reach_core::analysis::{Code, Compat, ComponentKind, Endpoint, IcmpMessage};
use reach_core::{Answer, Question, Verdict};
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// The most route tables one leg of a walk consults (`MAX_ROUTE_TABLES` in
/// `analysis/walk/mod.rs`), a Gateway Load Balancer's GENEVE leg counted with the leg it is
/// on: past it the leg ends as a routing loop.
const MAX_ROUTE_TABLES: usize = 48;

/// The most hops a leg can add per route table it consults: the table itself, the network
/// ACLs out and in, the target (up to a transit gateway's attachment, table, four peering
/// rounds of attachment and table each, and the next attachment; or a Gateway Load Balancer
/// endpoint, its service, node, target group, the appliance and its groups), and the
/// security groups and interfaces at either end. Generous: what matters is that the hops grow
/// with the route tables, which are bounded.
const HOPS_PER_ROUTE_TABLE: usize = 24;

/// An answer joins at most three walks (a client to an interface endpoint, the endpoint's
/// service to its load balancer's node, the node to a target).
const WALKS_PER_ANSWER: usize = 3;

const ACCOUNT: &str = "111122223333";
const ZONES: [(&str, &str); 2] = [("us-east-1a", "use1-az1"), ("us-east-1b", "use1-az2")];
const FIREWALL_ARN: &str = "arn:aws:network-firewall:us-east-1:111122223333";
const GWLB_ARN: &str =
    "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/gwy/gwlb/0123456789abcdef";
const GWLB_TARGET_GROUP_ARN: &str =
    "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/gwlb-tg/0123456789abcdef";

// ------------------------------------------------------------------------------ the network

/// A generated network. Routes name resources by index (`vpc`, `subnet`, `nat`, …); once
/// `settled`, index 3 is past the end of every list: such a route names a resource the input
/// does not hold.
#[derive(Clone, Debug)]
struct Network {
    vpcs: Vec<VpcSpec>,
    nats: Vec<NatSpec>,
    peerings: Vec<PeeringSpec>,
    transit: Option<TransitSpec>,
    firewall: Option<FirewallSpec>,
    gwlb: Option<GwlbSpec>,
    vgw: Option<VgwSpec>,
}

#[derive(Clone, Debug)]
struct VpcSpec {
    subnets: Vec<SubnetSpec>,
    main_routes: Vec<RouteSpec>,
    internet_gateway: bool,
    egress_only_gateway: bool,
    /// A gateway route table (ingress routing): associated with the internet gateway (true)
    /// or the virtual private gateway (false), and its routes.
    edge: Option<(bool, Vec<RouteSpec>)>,
    /// The network ACL denies inbound TCP 22 before allowing everything.
    acl_denies_ssh: bool,
}

#[derive(Clone, Debug)]
struct SubnetSpec {
    zone: usize,
    /// Its own route table (else the VPC's main one), and its routes.
    own_table: Option<Vec<RouteSpec>>,
    instance: InstanceSpec,
}

#[derive(Clone, Debug)]
struct InstanceSpec {
    running: bool,
    source_dest_check: bool,
    group: GroupKind,
    public_ip: bool,
}

#[derive(Clone, Copy, Debug)]
enum GroupKind {
    AllowAll,
    Https,
    NoIngress,
}

#[derive(Clone, Debug)]
struct RouteSpec {
    destination: Destination,
    target: Target,
    blackhole: bool,
}

#[derive(Clone, Copy, Debug)]
enum Destination {
    Default4,
    Supernet,
    Vpc(usize),
    Subnet(usize, usize),
    Outside,
    OnPremises,
    Default6,
    Vpc6(usize),
}

#[derive(Clone, Copy, Debug)]
enum Target {
    Local,
    InternetGateway(usize),
    Nat(usize),
    Instance(usize, usize),
    Interface(usize, usize),
    Peering(usize),
    TransitGateway(usize),
    FirewallEndpoint,
    GwlbEndpoint,
    Vgw,
    EgressOnly(usize),
    Missing,
}

#[derive(Clone, Debug)]
struct NatSpec {
    vpc: usize,
    subnet: usize,
    state: &'static str,
    public: bool,
}

#[derive(Clone, Debug)]
struct PeeringSpec {
    requester: usize,
    accepter: usize,
    active: bool,
}

#[derive(Clone, Debug)]
struct TransitSpec {
    /// Two gateways are joined by a peering attachment.
    gateways: usize,
    /// Route tables per gateway.
    tables: usize,
    /// Per VPC: its attachment, if any.
    attachments: Vec<Option<AttachmentSpec>>,
    /// A VPN attachment on the first gateway, its tunnel up or down.
    vpn: Option<bool>,
    /// (gateway, table, destination, target attachment, blackhole).
    routes: Vec<(usize, usize, Destination, usize, bool)>,
    /// A hub: every attached VPC's route tables send 10.0.0.0/8 to its transit gateway, and
    /// each transit gateway route table sends each attached VPC's block to its attachment;
    /// the random routes stay, and the more specific ones win.
    hub: bool,
}

#[derive(Clone, Copy, Debug)]
struct AttachmentSpec {
    gateway: usize,
    subnet: usize,
    /// The transit gateway route table it is associated with.
    table: usize,
    appliance_mode: bool,
    available: bool,
}

#[derive(Clone, Debug)]
struct FirewallSpec {
    vpc: usize,
    subnet: usize,
    ready: bool,
    /// 0: pass everything; 1: drop TCP 443 and pass the rest (drop established by default);
    /// 2: Suricata rules, one on a TLS server name (answers with cases).
    rules: usize,
}

#[derive(Clone, Debug)]
struct GwlbSpec {
    endpoint: (usize, usize),
    node: (usize, usize),
    appliance: (usize, usize),
    healthy: bool,
}

#[derive(Clone, Debug)]
struct VgwSpec {
    vpc: usize,
    tunnel_up: bool,
    static_routes: bool,
}

// -------------------------------------------------------------------------------- strategies

fn destination() -> impl Strategy<Value = Destination> {
    prop_oneof![
        3 => Just(Destination::Default4),
        1 => Just(Destination::Supernet),
        3 => (0..4usize).prop_map(Destination::Vpc),
        2 => (0..4usize, 0..4usize).prop_map(|(vpc, subnet)| Destination::Subnet(vpc, subnet)),
        1 => Just(Destination::Outside),
        1 => Just(Destination::OnPremises),
        1 => Just(Destination::Default6),
        1 => (0..4usize).prop_map(Destination::Vpc6),
    ]
}

fn target() -> impl Strategy<Value = Target> {
    prop_oneof![
        Just(Target::Local),
        (0..4usize).prop_map(Target::InternetGateway),
        (0..4usize).prop_map(Target::Nat),
        (0..4usize, 0..4usize).prop_map(|(vpc, subnet)| Target::Instance(vpc, subnet)),
        (0..4usize, 0..4usize).prop_map(|(vpc, subnet)| Target::Interface(vpc, subnet)),
        (0..4usize).prop_map(Target::Peering),
        (0..3usize).prop_map(Target::TransitGateway),
        Just(Target::FirewallEndpoint),
        Just(Target::GwlbEndpoint),
        Just(Target::Vgw),
        (0..4usize).prop_map(Target::EgressOnly),
        Just(Target::Missing),
    ]
}

fn route() -> impl Strategy<Value = RouteSpec> {
    (destination(), target(), prop::bool::weighted(0.1)).prop_map(
        |(destination, target, blackhole)| RouteSpec {
            destination,
            target,
            blackhole,
        },
    )
}

fn routes() -> impl Strategy<Value = Vec<RouteSpec>> {
    prop::collection::vec(route(), 0..5)
}

fn instance() -> impl Strategy<Value = InstanceSpec> {
    (
        prop::bool::weighted(0.9),
        any::<bool>(),
        prop_oneof![
            Just(GroupKind::AllowAll),
            Just(GroupKind::Https),
            Just(GroupKind::NoIngress)
        ],
        any::<bool>(),
    )
        .prop_map(
            |(running, source_dest_check, group, public_ip)| InstanceSpec {
                running,
                source_dest_check,
                group,
                public_ip,
            },
        )
}

fn subnet() -> impl Strategy<Value = SubnetSpec> {
    (0..2usize, prop::option::weighted(0.7, routes()), instance()).prop_map(
        |(zone, own_table, instance)| SubnetSpec {
            zone,
            own_table,
            instance,
        },
    )
}

fn vpc() -> impl Strategy<Value = VpcSpec> {
    (
        prop::collection::vec(subnet(), 1..4),
        routes(),
        prop::bool::weighted(0.8),
        any::<bool>(),
        prop::option::weighted(0.3, (any::<bool>(), routes())),
        prop::bool::weighted(0.2),
    )
        .prop_map(
            |(
                subnets,
                main_routes,
                internet_gateway,
                egress_only_gateway,
                edge,
                acl_denies_ssh,
            )| {
                VpcSpec {
                    subnets,
                    main_routes,
                    internet_gateway,
                    egress_only_gateway,
                    edge,
                    acl_denies_ssh,
                }
            },
        )
}

fn transit() -> impl Strategy<Value = TransitSpec> {
    (
        1..3usize,
        1..3usize,
        prop::collection::vec(
            prop::option::weighted(
                0.8,
                (
                    0..2usize,
                    0..3usize,
                    0..2usize,
                    any::<bool>(),
                    prop::bool::weighted(0.9),
                )
                    .prop_map(
                        |(gateway, subnet, table, appliance_mode, available)| AttachmentSpec {
                            gateway,
                            subnet,
                            table,
                            appliance_mode,
                            available,
                        },
                    ),
            ),
            3,
        ),
        prop::option::of(any::<bool>()),
        prop::collection::vec(
            (
                0..2usize,
                0..2usize,
                destination(),
                0..7usize,
                prop::bool::weighted(0.1),
            ),
            0..8,
        ),
        prop::bool::weighted(0.7),
    )
        .prop_map(
            |(gateways, tables, attachments, vpn, routes, hub)| TransitSpec {
                gateways,
                tables,
                attachments,
                vpn,
                routes,
                hub,
            },
        )
}

fn network() -> impl Strategy<Value = Network> {
    (
        prop::collection::vec(vpc(), 1..4),
        prop::collection::vec(
            (
                0..3usize,
                0..3usize,
                prop_oneof![
                    4 => Just("available"),
                    1 => Just("failed"),
                    1 => Just("deleting")
                ],
                prop::bool::weighted(0.8),
            )
                .prop_map(|(vpc, subnet, state, public)| NatSpec {
                    vpc,
                    subnet,
                    state,
                    public,
                }),
            0..4,
        ),
        prop::collection::vec(
            (0..3usize, 0..3usize, prop::bool::weighted(0.8)).prop_map(
                |(requester, accepter, active)| PeeringSpec {
                    requester,
                    accepter,
                    active,
                },
            ),
            0..3,
        ),
        prop::option::weighted(0.7, transit()),
        prop::option::weighted(
            0.5,
            (0..3usize, 0..3usize, prop::bool::weighted(0.9), 0..3usize).prop_map(
                |(vpc, subnet, ready, rules)| FirewallSpec {
                    vpc,
                    subnet,
                    ready,
                    rules,
                },
            ),
        ),
        prop::option::weighted(
            0.5,
            (
                (0..3usize, 0..3usize),
                (0..3usize, 0..3usize),
                (0..3usize, 0..3usize),
                prop::bool::weighted(0.8),
            )
                .prop_map(|(endpoint, node, appliance, healthy)| GwlbSpec {
                    endpoint,
                    node,
                    appliance,
                    healthy,
                }),
        ),
        prop::option::weighted(
            0.5,
            (0..3usize, any::<bool>(), prop::bool::weighted(0.8)).prop_map(
                |(vpc, tunnel_up, static_routes)| VgwSpec {
                    vpc,
                    tunnel_up,
                    static_routes,
                },
            ),
        ),
    )
        .prop_map(|(vpcs, nats, peerings, transit, firewall, gwlb, vgw)| {
            Network {
                vpcs,
                nats,
                peerings,
                transit,
                firewall,
                gwlb,
                vgw,
            }
            .settled()
        })
}

/// One end of a question.
#[derive(Clone, Copy, Debug)]
enum End {
    Instance(usize, usize),
    Interface(usize, usize),
    Address(usize, usize),
    Address6(usize, usize),
    PublicIp(usize, usize),
    NatPrivate(usize),
    NatPublic(usize),
    Internet,
    Internet6,
    OnPremises,
    InternetGateway(usize),
    Vgw,
    GwlbEndpoint,
    LoadBalancer,
}

fn end() -> impl Strategy<Value = End> {
    prop_oneof![
        4 => (0..3usize, 0..3usize).prop_map(|(vpc, subnet)| End::Instance(vpc, subnet)),
        1 => (0..3usize, 0..3usize).prop_map(|(vpc, subnet)| End::Interface(vpc, subnet)),
        2 => (0..3usize, 0..3usize).prop_map(|(vpc, subnet)| End::Address(vpc, subnet)),
        1 => (0..3usize, 0..3usize).prop_map(|(vpc, subnet)| End::Address6(vpc, subnet)),
        1 => (0..3usize, 0..3usize).prop_map(|(vpc, subnet)| End::PublicIp(vpc, subnet)),
        1 => (0..3usize).prop_map(End::NatPrivate),
        1 => (0..3usize).prop_map(End::NatPublic),
        2 => Just(End::Internet),
        1 => Just(End::Internet6),
        1 => Just(End::OnPremises),
        1 => (0..3usize).prop_map(End::InternetGateway),
        1 => Just(End::Vgw),
        1 => Just(End::GwlbEndpoint),
        1 => Just(End::LoadBalancer),
    ]
}

#[derive(Clone, Debug)]
struct Ask {
    source: End,
    destination: End,
    protocol: u8,
    ports: Option<(u16, u16)>,
    icmp: Option<(u8, u8)>,
    compat: Compat,
}

fn ask() -> impl Strategy<Value = Ask> {
    (
        end(),
        end(),
        prop_oneof![4 => Just(6u8), 2 => Just(17u8), 1 => Just(1u8), 1 => Just(58u8)],
        prop::option::of(prop_oneof![
            Just((443u16, 443u16)),
            Just((22, 22)),
            Just((6081, 6081)),
            (any::<u16>(), any::<u16>()).prop_map(|(a, b)| (a.min(b), a.max(b))),
        ]),
        prop::option::weighted(0.3, (any::<u8>(), 0..3u8)),
        prop::bool::weighted(0.2),
    )
        .prop_map(|(source, destination, protocol, ports, icmp, aws)| {
            let icmp_protocol = protocol == 1 || protocol == 58;
            Ask {
                source,
                destination,
                protocol,
                // Ports are for TCP and UDP, a type and code for ICMP; mixing them is a
                // question error, which the other generated questions already reach.
                ports: ports.filter(|_| !icmp_protocol),
                icmp: icmp.filter(|_| icmp_protocol),
                compat: if aws { Compat::Aws } else { Compat::Faithful },
            }
        })
}

// ------------------------------------------------------------------------- names and addresses

fn vpc_id(vpc: usize) -> String {
    format!("vpc-{vpc}")
}
fn subnet_id(vpc: usize, subnet: usize) -> String {
    format!("subnet-{vpc}{subnet}")
}
fn interface_id(vpc: usize, subnet: usize) -> String {
    format!("eni-{vpc}{subnet}")
}
fn instance_id(vpc: usize, subnet: usize) -> String {
    format!("i-{vpc}{subnet}")
}
fn private_ip(vpc: usize, subnet: usize) -> String {
    format!("10.{vpc}.{subnet}.10")
}
fn ipv6_address(vpc: usize, subnet: usize) -> String {
    format!("2600:1f18:0:{vpc}0{subnet}::10")
}
fn public_ip(vpc: usize, subnet: usize) -> String {
    format!("3.1.{vpc}.{}", subnet + 10)
}
fn nat_private_ip(nat: &NatSpec, index: usize) -> String {
    format!("10.{}.{}.{}", nat.vpc, nat.subnet, 100 + index)
}
fn nat_public_ip(index: usize) -> String {
    format!("3.0.0.{}", index + 1)
}
fn transit_gateway_id(gateway: usize) -> String {
    format!("tgw-{gateway}")
}
fn transit_table_id(gateway: usize, table: usize) -> String {
    format!("tgw-rtb-{gateway}{table}")
}

impl Destination {
    fn key_and_cidr(self) -> (&'static str, String) {
        match self {
            Destination::Default4 => ("DestinationCidrBlock", "0.0.0.0/0".to_owned()),
            Destination::Supernet => ("DestinationCidrBlock", "10.0.0.0/8".to_owned()),
            Destination::Vpc(vpc) => ("DestinationCidrBlock", format!("10.{vpc}.0.0/16")),
            Destination::Subnet(vpc, subnet) => {
                ("DestinationCidrBlock", format!("10.{vpc}.{subnet}.0/24"))
            }
            Destination::Outside => ("DestinationCidrBlock", "198.51.100.0/24".to_owned()),
            Destination::OnPremises => ("DestinationCidrBlock", "192.168.0.0/16".to_owned()),
            Destination::Default6 => ("DestinationIpv6CidrBlock", "::/0".to_owned()),
            Destination::Vpc6(vpc) => (
                "DestinationIpv6CidrBlock",
                format!("2600:1f18:0:{vpc}00::/56"),
            ),
        }
    }
}

fn route_json(route: &RouteSpec) -> Value {
    let (key, cidr) = route.destination.key_and_cidr();
    let (target_key, target) = match route.target {
        Target::Local => ("GatewayId", "local".to_owned()),
        Target::InternetGateway(vpc) => ("GatewayId", format!("igw-{vpc}")),
        Target::Nat(nat) => ("NatGatewayId", format!("nat-{nat}")),
        Target::Instance(vpc, subnet) => ("InstanceId", instance_id(vpc, subnet)),
        Target::Interface(vpc, subnet) => ("NetworkInterfaceId", interface_id(vpc, subnet)),
        Target::Peering(peering) => ("VpcPeeringConnectionId", format!("pcx-{peering}")),
        Target::TransitGateway(gateway) => ("TransitGatewayId", transit_gateway_id(gateway)),
        Target::FirewallEndpoint => ("GatewayId", "vpce-fw".to_owned()),
        Target::GwlbEndpoint => ("GatewayId", "vpce-gwlb".to_owned()),
        Target::Vgw => ("GatewayId", "vgw-1".to_owned()),
        Target::EgressOnly(vpc) => ("EgressOnlyInternetGatewayId", format!("eigw-{vpc}")),
        Target::Missing => ("NatGatewayId", "nat-gone".to_owned()),
    };
    let state = if route.blackhole {
        "blackhole"
    } else {
        "active"
    };
    json!({key: cidr, target_key: target, "Origin": "CreateRoute", "State": state})
}

fn local_routes(vpc: usize) -> Vec<Value> {
    vec![
        json!({"DestinationCidrBlock": format!("10.{vpc}.0.0/16"), "GatewayId": "local", "Origin": "CreateRouteTable", "State": "active"}),
        json!({"DestinationIpv6CidrBlock": format!("2600:1f18:0:{vpc}00::/56"), "GatewayId": "local", "Origin": "CreateRouteTable", "State": "active"}),
    ]
}

fn table_json(id: String, vpc: usize, associations: Vec<Value>, routes: &[RouteSpec]) -> Value {
    let mut all = local_routes(vpc);
    all.extend(routes.iter().map(route_json));
    json!({"RouteTableId": id, "VpcId": vpc_id(vpc), "OwnerId": ACCOUNT, "Associations": associations, "Routes": all})
}

fn interface_json(
    id: &str,
    (vpc, subnet): (usize, usize),
    zone: usize,
    address: &str,
    extra: Value,
) -> Value {
    let mut interface = json!({
        "NetworkInterfaceId": id, "SubnetId": subnet_id(vpc, subnet), "VpcId": vpc_id(vpc),
        "AvailabilityZone": ZONES[zone].0, "OwnerId": ACCOUNT, "PrivateIpAddress": address,
        "PrivateIpAddresses": [{"PrivateIpAddress": address, "Primary": true}], "Groups": [],
    });
    if let (Value::Object(interface), Value::Object(extra)) = (&mut interface, extra) {
        interface.extend(extra);
    }
    interface
}

// ------------------------------------------------------------------------------- the exports

impl Network {
    /// Points the indices the generator drew at resources that exist: resources are placed
    /// in existing subnets, and routes and questions name existing ones except for index 3,
    /// which never exists (at most three VPCs, subnets, NAT gateways, peering connections),
    /// so a quarter of those names dangle.
    fn settled(mut self) -> Network {
        let vpcs = self.vpcs.len();
        let subnets: Vec<usize> = self.vpcs.iter().map(|vpc| vpc.subnets.len()).collect();
        let place = |(vpc, subnet): (usize, usize)| {
            let vpc = vpc % vpcs;
            (vpc, subnet % subnets[vpc])
        };
        let nats = self.nats.len();
        let peerings = self.peerings.len();
        let existing = |index: usize, count: usize| match (index, count) {
            (3, _) | (_, 0) => index,
            _ => index % count,
        };
        // A route to a transit gateway goes to the one its VPC is attached to, if any.
        let attached_to: Vec<Option<usize>> = (0..vpcs)
            .map(|vpc| {
                let transit = self.transit.as_ref()?;
                let attachment = (*transit.attachments.get(vpc)?)?;
                Some(attachment.gateway % transit.gateways)
            })
            .collect();
        let settle_route = |vpc: usize, route: &mut RouteSpec| {
            route.target = match route.target {
                Target::TransitGateway(gateway) if gateway < 2 => {
                    Target::TransitGateway(attached_to[vpc].unwrap_or(gateway))
                }
                Target::Instance(vpc, subnet) if vpc < 3 => {
                    let (vpc, subnet) = place((vpc, subnet));
                    Target::Instance(vpc, subnet)
                }
                Target::Interface(vpc, subnet) if vpc < 3 => {
                    let (vpc, subnet) = place((vpc, subnet));
                    Target::Interface(vpc, subnet)
                }
                Target::InternetGateway(vpc) => Target::InternetGateway(existing(vpc, vpcs)),
                Target::EgressOnly(vpc) => Target::EgressOnly(existing(vpc, vpcs)),
                Target::Nat(nat) => Target::Nat(existing(nat, nats)),
                Target::Peering(peering) => Target::Peering(existing(peering, peerings)),
                other => other,
            };
            route.destination = match route.destination {
                Destination::Vpc(vpc) => Destination::Vpc(existing(vpc, vpcs)),
                Destination::Vpc6(vpc) => Destination::Vpc6(existing(vpc, vpcs)),
                Destination::Subnet(vpc, subnet) if vpc < 3 => {
                    let (vpc, subnet) = place((vpc, subnet));
                    Destination::Subnet(vpc, subnet)
                }
                other => other,
            };
        };
        for (index, vpc) in self.vpcs.iter_mut().enumerate() {
            let settle = |route: &mut RouteSpec| settle_route(index, route);
            vpc.main_routes.iter_mut().for_each(settle);
            if let Some((_, routes)) = &mut vpc.edge {
                routes.iter_mut().for_each(settle);
            }
            for subnet in &mut vpc.subnets {
                if let Some(routes) = &mut subnet.own_table {
                    routes.iter_mut().for_each(settle);
                }
            }
        }
        for nat in &mut self.nats {
            (nat.vpc, nat.subnet) = place((nat.vpc, nat.subnet));
        }
        for peering in &mut self.peerings {
            peering.requester %= vpcs;
            peering.accepter %= vpcs;
        }
        if let Some(transit) = &mut self.transit {
            transit.attachments.truncate(vpcs);
            for (vpc, attachment) in transit.attachments.iter_mut().enumerate() {
                if let Some(attachment) = attachment {
                    attachment.subnet %= subnets[vpc];
                }
            }
            if transit.hub {
                let mut hub_routes = Vec::new();
                // Attachment ids are listed in the order of their VPCs (see `files`).
                let attached =
                    transit
                        .attachments
                        .iter()
                        .enumerate()
                        .filter_map(|(vpc, attachment)| {
                            attachment.map(|attachment| (vpc, attachment.gateway))
                        });
                for (position, (vpc, gateway)) in attached.enumerate() {
                    let gateway = gateway % transit.gateways;
                    for table in 0..transit.tables {
                        hub_routes.push((gateway, table, Destination::Vpc(vpc), position, false));
                    }
                    let to_hub = RouteSpec {
                        destination: Destination::Supernet,
                        target: Target::TransitGateway(gateway),
                        blackhole: false,
                    };
                    let spec = &mut self.vpcs[vpc];
                    spec.main_routes.insert(0, to_hub.clone());
                    for subnet in &mut spec.subnets {
                        if let Some(routes) = &mut subnet.own_table {
                            routes.insert(0, to_hub.clone());
                        }
                    }
                }
                hub_routes.append(&mut transit.routes);
                transit.routes = hub_routes;
            }
        }
        if let Some(firewall) = &mut self.firewall {
            (firewall.vpc, firewall.subnet) = place((firewall.vpc, firewall.subnet));
        }
        if let Some(gwlb) = &mut self.gwlb {
            gwlb.endpoint = place(gwlb.endpoint);
            gwlb.node = place(gwlb.node);
            gwlb.appliance = place(gwlb.appliance);
        }
        if let Some(vgw) = &mut self.vgw {
            vgw.vpc %= vpcs;
        }
        self
    }

    fn zone_of(&self, vpc: usize, subnet: usize) -> usize {
        self.vpcs
            .get(vpc)
            .and_then(|spec| spec.subnets.get(subnet))
            .map_or(0, |spec| spec.zone)
    }

    fn files(&self) -> Vec<InputFile> {
        let mut files: Vec<(String, Value)> = Vec::new();
        let mut add = |name: &str, value: Value| files.push((name.to_owned(), value));

        let mut vpcs = Vec::new();
        let mut subnets = Vec::new();
        let mut interfaces = Vec::new();
        let mut reservations = Vec::new();
        let mut groups = Vec::new();
        let mut acls = Vec::new();
        let mut tables = Vec::new();
        let mut internet_gateways = Vec::new();
        let mut egress_only = Vec::new();
        for (v, vpc) in self.vpcs.iter().enumerate() {
            vpcs.push(json!({
                "VpcId": vpc_id(v), "OwnerId": ACCOUNT, "CidrBlock": format!("10.{v}.0.0/16"), "State": "available",
                "Ipv6CidrBlockAssociationSet": [{"Ipv6CidrBlock": format!("2600:1f18:0:{v}00::/56"), "Ipv6CidrBlockState": {"State": "associated"}}],
            }));
            let mut acl_subnets = Vec::new();
            for (s, subnet) in vpc.subnets.iter().enumerate() {
                let (zone, zone_id) = ZONES[subnet.zone];
                subnets.push(json!({
                    "SubnetId": subnet_id(v, s), "VpcId": vpc_id(v), "OwnerId": ACCOUNT,
                    "CidrBlock": format!("10.{v}.{s}.0/24"), "AvailabilityZone": zone, "AvailabilityZoneId": zone_id,
                    "Ipv6CidrBlockAssociationSet": [{"Ipv6CidrBlock": format!("2600:1f18:0:{v}0{s}::/64"), "Ipv6CidrBlockState": {"State": "associated"}}],
                }));
                acl_subnets
                    .push(json!({"NetworkAclId": format!("acl-{v}"), "SubnetId": subnet_id(v, s)}));
                let instance = &subnet.instance;
                let group = format!("sg-{v}{s}");
                let association = if instance.public_ip {
                    json!({"PublicIp": public_ip(v, s), "IpOwnerId": "amazon"})
                } else {
                    Value::Null
                };
                let mut extra = json!({
                    "InterfaceType": "interface", "SourceDestCheck": instance.source_dest_check,
                    "Groups": [{"GroupId": group}], "Ipv6Addresses": [{"Ipv6Address": ipv6_address(v, s)}],
                    "Attachment": {"InstanceId": instance_id(v, s), "DeviceIndex": 0, "Status": "attached", "InstanceOwnerId": ACCOUNT},
                });
                if instance.public_ip {
                    extra["Association"] = association.clone();
                }
                interfaces.push(interface_json(
                    &interface_id(v, s),
                    (v, s),
                    subnet.zone,
                    &private_ip(v, s),
                    extra,
                ));
                let (state, code) = if instance.running {
                    ("running", 16)
                } else {
                    ("stopped", 80)
                };
                reservations.push(json!({"ReservationId": format!("r-{v}{s}"), "OwnerId": ACCOUNT, "Instances": [{
                    "InstanceId": instance_id(v, s), "State": {"Name": state, "Code": code},
                    "SubnetId": subnet_id(v, s), "VpcId": vpc_id(v), "PrivateIpAddress": private_ip(v, s),
                    "SourceDestCheck": instance.source_dest_check, "Placement": {"AvailabilityZone": zone},
                    "SecurityGroups": [{"GroupId": group}],
                    "NetworkInterfaces": [{"NetworkInterfaceId": interface_id(v, s), "SubnetId": subnet_id(v, s),
                        "VpcId": vpc_id(v), "PrivateIpAddress": private_ip(v, s), "SourceDestCheck": instance.source_dest_check,
                        "Groups": [{"GroupId": group}], "Attachment": {"DeviceIndex": 0, "Status": "attached"}}],
                }]}));
                let everything = json!({"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "Ipv6Ranges": [{"CidrIpv6": "::/0"}]});
                let ingress = match instance.group {
                    GroupKind::AllowAll => json!([everything]),
                    GroupKind::Https => {
                        json!([{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "10.0.0.0/8"}, {"CidrIp": "198.51.100.0/24"}]}])
                    }
                    GroupKind::NoIngress => json!([]),
                };
                groups.push(json!({"GroupId": group, "GroupName": group, "VpcId": vpc_id(v), "OwnerId": ACCOUNT,
                    "IpPermissions": ingress, "IpPermissionsEgress": [everything]}));
                if let Some(routes) = &subnet.own_table {
                    tables.push(table_json(
                        format!("rtb-{v}{s}"),
                        v,
                        vec![json!({"Main": false, "RouteTableId": format!("rtb-{v}{s}"), "SubnetId": subnet_id(v, s), "AssociationState": {"State": "associated"}})],
                        routes,
                    ));
                }
            }
            tables.push(table_json(
                format!("rtb-{v}m"),
                v,
                vec![json!({"Main": true, "RouteTableId": format!("rtb-{v}m"), "AssociationState": {"State": "associated"}})],
                &vpc.main_routes,
            ));
            if let Some((on_internet_gateway, routes)) = &vpc.edge {
                let gateway = if *on_internet_gateway {
                    format!("igw-{v}")
                } else {
                    "vgw-1".to_owned()
                };
                tables.push(table_json(
                    format!("rtb-{v}e"),
                    v,
                    vec![json!({"Main": false, "RouteTableId": format!("rtb-{v}e"), "GatewayId": gateway, "AssociationState": {"State": "associated"}})],
                    routes,
                ));
            }
            let mut entries = vec![
                json!({"RuleNumber": 100, "Protocol": "-1", "RuleAction": "allow", "Egress": false, "CidrBlock": "0.0.0.0/0"}),
                json!({"RuleNumber": 100, "Protocol": "-1", "RuleAction": "allow", "Egress": true, "CidrBlock": "0.0.0.0/0"}),
                json!({"RuleNumber": 101, "Protocol": "-1", "RuleAction": "allow", "Egress": false, "Ipv6CidrBlock": "::/0"}),
                json!({"RuleNumber": 101, "Protocol": "-1", "RuleAction": "allow", "Egress": true, "Ipv6CidrBlock": "::/0"}),
            ];
            if vpc.acl_denies_ssh {
                entries.push(json!({"RuleNumber": 50, "Protocol": "6", "RuleAction": "deny", "Egress": false, "CidrBlock": "0.0.0.0/0", "PortRange": {"From": 22, "To": 22}}));
            }
            acls.push(
                json!({"NetworkAclId": format!("acl-{v}"), "VpcId": vpc_id(v), "IsDefault": true,
                "Associations": acl_subnets, "Entries": entries, "OwnerId": ACCOUNT}),
            );
            if vpc.internet_gateway {
                internet_gateways.push(
                    json!({"InternetGatewayId": format!("igw-{v}"), "OwnerId": ACCOUNT,
                    "Attachments": [{"VpcId": vpc_id(v), "State": "available"}]}),
                );
            }
            if vpc.egress_only_gateway {
                egress_only.push(json!({"EgressOnlyInternetGatewayId": format!("eigw-{v}"),
                    "Attachments": [{"VpcId": vpc_id(v), "State": "attached"}]}));
            }
        }

        let mut nat_gateways = Vec::new();
        for (index, nat) in self.nats.iter().enumerate() {
            let interface = format!("eni-nat{index}");
            let zone = self.zone_of(nat.vpc, nat.subnet);
            let mut address = json!({"NetworkInterfaceId": interface, "PrivateIp": nat_private_ip(nat, index), "IsPrimary": true, "Status": "succeeded"});
            let mut extra = json!({"InterfaceType": "nat_gateway", "SourceDestCheck": false,
                "Description": format!("Interface for NAT Gateway nat-{index}")});
            if nat.public {
                address["PublicIp"] = json!(nat_public_ip(index));
                address["AllocationId"] = json!(format!("eipalloc-{index}"));
                extra["Association"] =
                    json!({"PublicIp": nat_public_ip(index), "IpOwnerId": "amazon"});
            }
            interfaces.push(interface_json(
                &interface,
                (nat.vpc, nat.subnet),
                zone,
                &nat_private_ip(nat, index),
                extra,
            ));
            nat_gateways.push(json!({"NatGatewayId": format!("nat-{index}"), "SubnetId": subnet_id(nat.vpc, nat.subnet),
                "VpcId": vpc_id(nat.vpc), "State": nat.state,
                "ConnectivityType": if nat.public { "public" } else { "private" },
                "NatGatewayAddresses": [address]}));
        }

        let peerings: Vec<Value> = self
            .peerings
            .iter()
            .enumerate()
            .map(|(index, peering)| {
                let side = |vpc: usize| json!({"VpcId": vpc_id(vpc), "OwnerId": ACCOUNT, "Region": "us-east-1", "CidrBlock": format!("10.{vpc}.0.0/16")});
                json!({"VpcPeeringConnectionId": format!("pcx-{index}"),
                    "Status": {"Code": if peering.active { "active" } else { "pending-acceptance" }},
                    "RequesterVpcInfo": side(peering.requester), "AccepterVpcInfo": side(peering.accepter)})
            })
            .collect();

        let mut vpn_connections = Vec::new();
        let tunnel = |up: bool| json!([{"OutsideIpAddress": "198.51.100.201", "Status": if up { "UP" } else { "DOWN" }}]);
        if let Some(vgw) = &self.vgw {
            add(
                "describe-vpn-gateways.json",
                json!({"VpnGateways": [{"VpnGatewayId": "vgw-1", "State": "available", "Type": "ipsec.1",
                    "VpcAttachments": [{"VpcId": vpc_id(vgw.vpc), "State": "attached"}]}]}),
            );
            let routes = if vgw.static_routes {
                json!([{"DestinationCidrBlock": "192.168.10.0/24", "Source": "Static", "State": "available"}])
            } else {
                json!([])
            };
            vpn_connections.push(
                json!({"VpnConnectionId": "vpn-1", "State": "available", "Type": "ipsec.1",
                "VpnGatewayId": "vgw-1", "CustomerGatewayId": "cgw-1",
                "Options": {"StaticRoutesOnly": vgw.static_routes}, "Routes": routes,
                "VgwTelemetry": tunnel(vgw.tunnel_up)}),
            );
        }

        if let Some(transit) = &self.transit {
            let mut attachments = Vec::new();
            let mut vpc_attachments = Vec::new();
            let mut attachment_ids = Vec::new();
            for (v, attachment) in transit.attachments.iter().enumerate() {
                let Some(AttachmentSpec {
                    gateway,
                    subnet,
                    table,
                    appliance_mode,
                    available,
                }) = *attachment
                else {
                    continue;
                };
                let gateway = gateway % transit.gateways;
                let id = format!("tgw-attach-{v}");
                let state = if available {
                    "available"
                } else {
                    "pendingAcceptance"
                };
                attachments.push(json!({"TransitGatewayAttachmentId": id, "TransitGatewayId": transit_gateway_id(gateway),
                    "ResourceType": "vpc", "ResourceId": vpc_id(v), "State": state, "ResourceOwnerId": ACCOUNT,
                    "Association": {"TransitGatewayRouteTableId": transit_table_id(gateway, table % transit.tables), "State": "associated"}}));
                vpc_attachments.push(json!({"TransitGatewayAttachmentId": id, "TransitGatewayId": transit_gateway_id(gateway),
                    "VpcId": vpc_id(v), "VpcOwnerId": ACCOUNT, "SubnetIds": [subnet_id(v, subnet)], "State": state,
                    "Options": {"ApplianceModeSupport": if appliance_mode { "enable" } else { "disable" }}}));
                attachment_ids.push(id);
            }
            let mut peering_attachments = Vec::new();
            if transit.gateways == 2 {
                for (gateway, other) in [(0, 1), (1, 0)] {
                    attachments.push(json!({"TransitGatewayAttachmentId": "tgw-attach-peer",
                        "TransitGatewayId": transit_gateway_id(gateway), "ResourceType": "peering",
                        "ResourceId": transit_gateway_id(other), "State": "available", "ResourceOwnerId": ACCOUNT,
                        "Association": {"TransitGatewayRouteTableId": transit_table_id(gateway, 0), "State": "associated"}}));
                }
                peering_attachments.push(json!({"TransitGatewayAttachmentId": "tgw-attach-peer",
                    "RequesterTgwInfo": {"TransitGatewayId": transit_gateway_id(0), "OwnerId": ACCOUNT, "Region": "us-east-1"},
                    "AccepterTgwInfo": {"TransitGatewayId": transit_gateway_id(1), "OwnerId": ACCOUNT, "Region": "us-east-1"},
                    "Status": {"Code": "available"}, "State": "available"}));
                attachment_ids.push("tgw-attach-peer".to_owned());
            }
            if let Some(up) = transit.vpn {
                attachments.push(json!({"TransitGatewayAttachmentId": "tgw-attach-vpn",
                    "TransitGatewayId": transit_gateway_id(0), "ResourceType": "vpn", "ResourceId": "vpn-2",
                    "State": "available", "ResourceOwnerId": ACCOUNT,
                    "Association": {"TransitGatewayRouteTableId": transit_table_id(0, 0), "State": "associated"}}));
                vpn_connections.push(json!({"VpnConnectionId": "vpn-2", "State": "available", "Type": "ipsec.1",
                    "TransitGatewayId": transit_gateway_id(0), "CustomerGatewayId": "cgw-2",
                    "Options": {"StaticRoutesOnly": true},
                    "Routes": [{"DestinationCidrBlock": "192.168.0.0/16", "Source": "Static", "State": "available"}],
                    "VgwTelemetry": tunnel(up)}));
                attachment_ids.push("tgw-attach-vpn".to_owned());
            }
            attachment_ids.push("tgw-attach-gone".to_owned());
            let gateways: Vec<Value> = (0..transit.gateways)
                .map(|gateway| json!({"TransitGatewayId": transit_gateway_id(gateway), "OwnerId": ACCOUNT, "State": "available"}))
                .collect();
            let mut route_tables = Vec::new();
            for gateway in 0..transit.gateways {
                for table in 0..transit.tables {
                    route_tables.push(
                        json!({"TransitGatewayRouteTableId": transit_table_id(gateway, table),
                        "TransitGatewayId": transit_gateway_id(gateway), "State": "available"}),
                    );
                    let routes: Vec<Value> = transit
                        .routes
                        .iter()
                        .filter(|route| route.0 % transit.gateways == gateway && route.1 % transit.tables == table)
                        .filter(|route| !matches!(route.2, Destination::Default6 | Destination::Vpc6(_)))
                        .map(|(_, _, destination, target, blackhole)| {
                            let (_, cidr) = destination.key_and_cidr();
                            let attachment = &attachment_ids[target % attachment_ids.len()];
                            if *blackhole {
                                json!({"DestinationCidrBlock": cidr, "Type": "static", "State": "blackhole"})
                            } else {
                                json!({"DestinationCidrBlock": cidr, "Type": "static", "State": "active",
                                    "TransitGatewayAttachments": [{"TransitGatewayAttachmentId": attachment}]})
                            }
                        })
                        .collect();
                    add(
                        &format!(
                            "search-transit-gateway-routes.{}.json",
                            transit_table_id(gateway, table)
                        ),
                        json!({"Routes": routes}),
                    );
                }
            }
            add(
                "describe-transit-gateways.json",
                json!({"TransitGateways": gateways}),
            );
            add(
                "describe-transit-gateway-attachments.json",
                json!({"TransitGatewayAttachments": attachments}),
            );
            add(
                "describe-transit-gateway-vpc-attachments.json",
                json!({"TransitGatewayVpcAttachments": vpc_attachments}),
            );
            add(
                "describe-transit-gateway-peering-attachments.json",
                json!({"TransitGatewayPeeringAttachments": peering_attachments}),
            );
            add(
                "describe-transit-gateway-route-tables.json",
                json!({"TransitGatewayRouteTables": route_tables}),
            );
        }

        if let Some(firewall) = &self.firewall {
            let zone = ZONES[self.zone_of(firewall.vpc, firewall.subnet)].0;
            let status = if firewall.ready { "READY" } else { "CREATING" };
            add(
                "describe-firewall.fw.json",
                json!({"Firewall": {"FirewallName": "fw", "FirewallArn": format!("{FIREWALL_ARN}:firewall/fw"),
                    "FirewallPolicyArn": format!("{FIREWALL_ARN}:firewall-policy/policy"), "VpcId": vpc_id(firewall.vpc),
                    "SubnetMappings": [{"SubnetId": subnet_id(firewall.vpc, firewall.subnet)}]},
                  "FirewallStatus": {"Status": status, "SyncStates": {zone: {"Attachment":
                    {"SubnetId": subnet_id(firewall.vpc, firewall.subnet), "EndpointId": "vpce-fw", "Status": status}}}}}),
            );
            add(
                "describe-firewall-policy.policy.json",
                json!({"FirewallPolicyResponse": {"FirewallPolicyName": "policy", "FirewallPolicyArn": format!("{FIREWALL_ARN}:firewall-policy/policy")},
                  "FirewallPolicy": {"StatelessDefaultActions": ["aws:forward_to_sfe"],
                    "StatelessFragmentDefaultActions": ["aws:forward_to_sfe"],
                    "StatefulRuleGroupReferences": [{"ResourceArn": format!("{FIREWALL_ARN}:stateful-rulegroup/rules"), "Priority": 1}],
                    "StatefulDefaultActions": if firewall.rules == 0 { json!([]) } else { json!(["aws:drop_established"]) },
                    "StatefulEngineOptions": {"RuleOrder": "STRICT_ORDER"}}}),
            );
            let source = match firewall.rules {
                0 => {
                    json!({"StatefulRules": [{"Action": "PASS", "Header": {"Protocol": "IP", "Source": "ANY",
                    "SourcePort": "ANY", "Direction": "FORWARD", "Destination": "ANY", "DestinationPort": "ANY"},
                    "RuleOptions": [{"Keyword": "sid", "Settings": ["1"]}]}]})
                }
                1 => {
                    json!({"StatefulRules": [{"Action": "DROP", "Header": {"Protocol": "TCP", "Source": "ANY",
                    "SourcePort": "ANY", "Direction": "ANY", "Destination": "ANY", "DestinationPort": "443"},
                    "RuleOptions": [{"Keyword": "sid", "Settings": ["1"]}]},
                    {"Action": "PASS", "Header": {"Protocol": "IP", "Source": "ANY",
                    "SourcePort": "ANY", "Direction": "ANY", "Destination": "ANY", "DestinationPort": "ANY"},
                    "RuleOptions": [{"Keyword": "sid", "Settings": ["2"]}]}]})
                }
                _ => {
                    json!({"RulesString": "pass tls $HOME_NET any -> any 443 (tls.sni; content:\"example.com\"; endswith; sid:1;)\npass udp any any -> any any (sid:2;)\npass tcp any any <> any any (flow:not_established; sid:3;)"})
                }
            };
            add(
                "describe-rule-group.rules.json",
                json!({"RuleGroup": {"RulesSource": source, "StatefulRuleOptions": {"RuleOrder": "STRICT_ORDER"}},
                  "RuleGroupResponse": {"RuleGroupArn": format!("{FIREWALL_ARN}:stateful-rulegroup/rules"), "RuleGroupName": "rules", "Type": "STATEFUL"}}),
            );
        }

        if let Some(gwlb) = &self.gwlb {
            let endpoint_zone = self.zone_of(gwlb.endpoint.0, gwlb.endpoint.1);
            let node_zone = self.zone_of(gwlb.node.0, gwlb.node.1);
            interfaces.push(interface_json(
                "eni-gwlbe",
                gwlb.endpoint,
                endpoint_zone,
                &format!("10.{}.{}.50", gwlb.endpoint.0, gwlb.endpoint.1),
                json!({"InterfaceType": "gateway_load_balancer_endpoint", "Description": "VPC Endpoint Interface vpce-gwlb"}),
            ));
            interfaces.push(interface_json(
                "eni-gwlbnode",
                gwlb.node,
                node_zone,
                &format!("10.{}.{}.60", gwlb.node.0, gwlb.node.1),
                json!({"InterfaceType": "gateway_load_balancer", "Description": "ELB gwy/gwlb/0123456789abcdef"}),
            ));
            add(
                "describe-vpc-endpoints.json",
                json!({"VpcEndpoints": [{"VpcEndpointId": "vpce-gwlb", "VpcEndpointType": "GatewayLoadBalancer",
                    "VpcId": vpc_id(gwlb.endpoint.0), "ServiceName": "com.amazonaws.vpce.us-east-1.vpce-svc-1",
                    "State": "available", "SubnetIds": [subnet_id(gwlb.endpoint.0, gwlb.endpoint.1)],
                    "NetworkInterfaceIds": ["eni-gwlbe"], "OwnerId": ACCOUNT}]}),
            );
            add(
                "describe-vpc-endpoint-service-configurations.json",
                json!({"ServiceConfigurations": [{"ServiceType": [{"ServiceType": "GatewayLoadBalancer"}],
                    "ServiceId": "vpce-svc-1", "ServiceName": "com.amazonaws.vpce.us-east-1.vpce-svc-1",
                    "ServiceState": "Available", "AvailabilityZones": [ZONES[node_zone].0], "AcceptanceRequired": false,
                    "GatewayLoadBalancerArns": [GWLB_ARN]}]}),
            );
            add(
                "describe-vpc-endpoint-connections.json",
                json!({"VpcEndpointConnections": [{"ServiceId": "vpce-svc-1", "VpcEndpointId": "vpce-gwlb",
                    "VpcEndpointOwner": ACCOUNT, "VpcEndpointState": "available", "GatewayLoadBalancerArns": [GWLB_ARN]}]}),
            );
            add(
                "describe-load-balancers.json",
                json!({"LoadBalancers": [{"LoadBalancerArn": GWLB_ARN, "LoadBalancerName": "gwlb",
                    "VpcId": vpc_id(gwlb.node.0), "State": {"Code": "active"}, "Type": "gateway",
                    "AvailabilityZones": [{"ZoneName": ZONES[node_zone].0, "SubnetId": subnet_id(gwlb.node.0, gwlb.node.1), "LoadBalancerAddresses": []}],
                    "IpAddressType": "ipv4"}]}),
            );
            add(
                "describe-target-groups.json",
                json!({"TargetGroups": [{"TargetGroupArn": GWLB_TARGET_GROUP_ARN, "TargetGroupName": "gwlb-tg",
                    "Protocol": "GENEVE", "Port": 6081, "VpcId": vpc_id(gwlb.node.0), "HealthCheckProtocol": "TCP",
                    "HealthCheckPort": "80", "LoadBalancerArns": [GWLB_ARN], "TargetType": "instance"}]}),
            );
            add(
                "describe-listeners.json",
                json!({"Listeners": [{"ListenerArn": format!("{GWLB_ARN}/listener"), "LoadBalancerArn": GWLB_ARN,
                    "DefaultActions": [{"Type": "forward", "TargetGroupArn": GWLB_TARGET_GROUP_ARN}]}]}),
            );
            add(
                "describe-target-health.gwlb-tg.json",
                json!({"TargetHealthDescriptions": [{"Target": {"Id": instance_id(gwlb.appliance.0, gwlb.appliance.1), "Port": 6081},
                    "HealthCheckPort": "80", "TargetHealth": {"State": if gwlb.healthy { "healthy" } else { "unhealthy" }}}]}),
            );
        }

        add("describe-vpcs.json", json!({"Vpcs": vpcs}));
        add("describe-subnets.json", json!({"Subnets": subnets}));
        add(
            "describe-network-interfaces.json",
            json!({"NetworkInterfaces": interfaces}),
        );
        add(
            "describe-instances.json",
            json!({"Reservations": reservations}),
        );
        add(
            "describe-security-groups.json",
            json!({"SecurityGroups": groups}),
        );
        add("describe-network-acls.json", json!({"NetworkAcls": acls}));
        add("describe-route-tables.json", json!({"RouteTables": tables}));
        add(
            "describe-internet-gateways.json",
            json!({"InternetGateways": internet_gateways}),
        );
        add(
            "describe-egress-only-internet-gateways.json",
            json!({"EgressOnlyInternetGateways": egress_only}),
        );
        add(
            "describe-nat-gateways.json",
            json!({"NatGateways": nat_gateways}),
        );
        add(
            "describe-vpc-peering-connections.json",
            json!({"VpcPeeringConnections": peerings}),
        );
        add(
            "describe-vpn-connections.json",
            json!({"VpnConnections": vpn_connections}),
        );
        files
            .into_iter()
            .map(|(name, value)| InputFile::new(name, value.to_string().into_bytes()))
            .collect()
    }

    fn endpoint(&self, end: End) -> (Endpoint, Option<std::net::IpAddr>) {
        let address = |text: String| Endpoint::parse(&text);
        // Ends name existing instances and addresses (the routes' targets dangle enough).
        let vpcs = self.vpcs.len();
        let place = |vpc: usize, subnet: usize| {
            let vpc = vpc % vpcs;
            (vpc, subnet % self.vpcs[vpc].subnets.len())
        };
        let end = match end {
            End::Instance(vpc, subnet) => {
                let (vpc, subnet) = place(vpc, subnet);
                End::Instance(vpc, subnet)
            }
            End::Interface(vpc, subnet) => {
                let (vpc, subnet) = place(vpc, subnet);
                End::Interface(vpc, subnet)
            }
            End::Address(vpc, subnet) => {
                let (vpc, subnet) = place(vpc, subnet);
                End::Address(vpc, subnet)
            }
            End::Address6(vpc, subnet) => {
                let (vpc, subnet) = place(vpc, subnet);
                End::Address6(vpc, subnet)
            }
            End::PublicIp(vpc, subnet) => {
                let (vpc, subnet) = place(vpc, subnet);
                End::PublicIp(vpc, subnet)
            }
            End::InternetGateway(vpc) => End::InternetGateway(vpc % vpcs),
            other => other,
        };
        let endpoint = match end {
            End::Instance(vpc, subnet) => Endpoint::Id(instance_id(vpc, subnet)),
            End::Interface(vpc, subnet) => Endpoint::Id(interface_id(vpc, subnet)),
            End::Address(vpc, subnet) => address(private_ip(vpc, subnet)),
            End::Address6(vpc, subnet) => address(ipv6_address(vpc, subnet)),
            End::PublicIp(vpc, subnet) => address(public_ip(vpc, subnet)),
            End::NatPrivate(index) => match self.nats.get(index) {
                Some(nat) => address(nat_private_ip(nat, index)),
                None => address(format!("10.0.0.{}", 100 + index)),
            },
            End::NatPublic(index) => address(nat_public_ip(index)),
            End::Internet => address("198.51.100.7".to_owned()),
            End::Internet6 => address("2600:1f18:ffff::1".to_owned()),
            End::OnPremises => address("192.168.10.5".to_owned()),
            End::InternetGateway(vpc) => Endpoint::Id(format!("igw-{vpc}")),
            End::Vgw => Endpoint::Id("vgw-1".to_owned()),
            End::GwlbEndpoint => Endpoint::Id("vpce-gwlb".to_owned()),
            End::LoadBalancer => Endpoint::Id("gwlb".to_owned()),
        };
        // An outside address as the destination is also given as the address to reach, as
        // the CLI's `--destination-ip` does.
        let ip = match &endpoint {
            Endpoint::Address(net) => Some(net.addr()),
            Endpoint::Id(_) => None,
        };
        (endpoint, ip)
    }

    fn question(&self, ask: &Ask) -> Question {
        let (source, _) = self.endpoint(ask.source);
        let (destination, destination_ip) = self.endpoint(ask.destination);
        Question {
            source,
            destination,
            protocol: ask.protocol,
            source_ports: None,
            destination_ports: ask.ports,
            icmp: ask
                .icmp
                .map(|(icmp_type, code)| IcmpMessage { icmp_type, code }),
            source_ip: None,
            destination_ip,
            application: Default::default(),
            compat: ask.compat,
        }
    }
}

// -------------------------------------------------------------------------------- the checks

/// What the answers to one network's questions met, for the coverage check.
#[derive(Default)]
struct Seen {
    kinds: BTreeSet<&'static str>,
    codes: BTreeSet<&'static str>,
    verdicts: BTreeSet<&'static str>,
    answers: usize,
}

/// Loads the network, asks every question, and checks each answer; returns what they met.
fn check(network: &Network, asks: &[Ask]) -> Result<Seen, TestCaseError> {
    let load = reach_core::load(&network.files());
    // Every value reads: what is hostile is in the references and routes (dangling ones are
    // diagnostics), not in the values.
    prop_assert!(load.errors.is_empty(), "{:?}", load.errors);
    let mut seen = Seen::default();
    for ask in asks {
        let question = network.question(ask);
        let Ok(answer) = reach_core::analyze(&load.snapshot, &question) else {
            continue;
        };
        check_answer(&answer, &question)?;
        seen.answers += 1;
        seen.verdicts.insert(answer.verdict.as_str());
        for hop in answer.forward.iter().chain(&answer.reverse) {
            seen.kinds.insert(hop.component.kind.as_str());
        }
        for explanation in answer.explanations.iter().chain(&answer.additional_details) {
            seen.codes.insert(explanation.code.as_str());
        }
    }
    Ok(seen)
}

fn check_answer(answer: &Answer, question: &Question) -> Result<(), TestCaseError> {
    let context = || {
        format!(
            "{question:?}\n{}\nnotes: {:?}",
            answer.summary, answer.notes
        )
    };
    for (leg, hops) in [("forward", &answer.forward), ("return", &answer.reverse)] {
        let tables = hops
            .iter()
            .filter(|hop| hop.component.kind == ComponentKind::RouteTable)
            .count();
        prop_assert!(
            tables <= MAX_ROUTE_TABLES * WALKS_PER_ANSWER,
            "{leg} path consults {tables} route tables\n{}",
            context()
        );
        prop_assert!(
            hops.len() <= (MAX_ROUTE_TABLES + 1) * HOPS_PER_ROUTE_TABLE * WALKS_PER_ANSWER,
            "{leg} path has {} hops\n{}",
            hops.len(),
            context()
        );
    }
    prop_assert!(!answer.summary.is_empty(), "no summary\n{}", context());
    // No verdict but reachable without its reason.
    match answer.verdict {
        Verdict::Reachable => {}
        Verdict::NotReachable => prop_assert!(
            !answer.explanations.is_empty(),
            "not reachable without an explanation\n{}",
            context()
        ),
        Verdict::Unknown => prop_assert!(
            !answer.explanations.is_empty() || !answer.notes.is_empty(),
            "unknown without an explanation or a note\n{}",
            context()
        ),
        Verdict::ReachableOneWay => prop_assert!(
            !answer.explanations.is_empty() || !answer.additional_details.is_empty(),
            "reachable one way without saying why\n{}",
            context()
        ),
        Verdict::DependsOnApplication => prop_assert!(
            !answer.cases.is_empty(),
            "depends on the application without its cases\n{}",
            context()
        ),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn every_walk_ends_bounded_and_explained(network in network(), asks in prop::collection::vec(ask(), 1..8)) {
        check(&network, &asks)?;
    }
}

/// The generator is worth its cases: over a fixed run it builds networks whose answers cross
/// every kind of hop the property is about, and end in routing loops.
#[test]
fn generated_networks_reach_every_kind_of_hop() {
    let mut runner = TestRunner::new_with_rng(
        Config {
            cases: 160,
            ..Config::default()
        },
        proptest::test_runner::TestRng::deterministic_rng(
            proptest::test_runner::RngAlgorithm::ChaCha,
        ),
    );
    let mut seen = Seen::default();
    for _ in 0..160 {
        let network = network()
            .new_tree(&mut runner)
            .expect("a network")
            .current();
        let asks = prop::collection::vec(ask(), 6..10)
            .new_tree(&mut runner)
            .expect("questions")
            .current();
        let found = check(&network, &asks).unwrap_or_else(|error| panic!("{error}"));
        seen.kinds.extend(found.kinds);
        seen.codes.extend(found.codes);
        seen.verdicts.extend(found.verdicts);
        seen.answers += found.answers;
    }
    for kind in [
        ComponentKind::RouteTable,
        ComponentKind::InternetGateway,
        ComponentKind::EgressOnlyInternetGateway,
        ComponentKind::NatGateway,
        ComponentKind::VpcPeeringConnection,
        ComponentKind::TransitGateway,
        ComponentKind::TransitGatewayAttachment,
        ComponentKind::TransitGatewayRouteTable,
        ComponentKind::NetworkFirewall,
        ComponentKind::GatewayLoadBalancerEndpoint,
        ComponentKind::VpnGateway,
        ComponentKind::VpnConnection,
        ComponentKind::Instance,
        ComponentKind::NetworkAcl,
        ComponentKind::SecurityGroup,
    ] {
        assert!(
            seen.kinds.contains(kind.as_str()),
            "no answer crossed a {kind}: {:?}",
            seen.kinds
        );
    }
    for code in [
        Code::RoutingLoop,
        Code::BadStateRoute,
        Code::NoRouteToDestination,
    ] {
        assert!(
            seen.codes.contains(code.as_str()),
            "no answer ended with {}: {:?}",
            code.as_str(),
            seen.codes
        );
    }
    for verdict in [Verdict::Reachable, Verdict::NotReachable, Verdict::Unknown] {
        assert!(
            seen.verdicts.contains(verdict.as_str()),
            "no answer was {}: {:?}",
            verdict.as_str(),
            seen.verdicts
        );
    }
}
