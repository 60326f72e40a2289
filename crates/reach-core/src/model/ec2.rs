//! VPCs, subnets, routing, filtering and the things that own addresses.

use super::Origin;
use crate::ids::*;
use ipnet::IpNet;
use std::net::IpAddr;

/// A VPC (`describe-vpcs`).
#[derive(Clone, Debug)]
pub struct Vpc {
    /// Its id.
    pub id: VpcId,
    /// Its `Name` tag.
    pub name: Option<String>,
    /// The owning account.
    pub owner_id: Option<String>,
    /// Its associated IPv4 and IPv6 CIDR blocks (primary first).
    pub cidrs: Vec<IpNet>,
    /// Whether this is the region's default VPC.
    pub is_default: bool,
    /// The main route table: the one subnets without an explicit association use.
    pub main_route_table: Option<RouteTableId>,
    /// The default network ACL: the one new subnets are associated with.
    pub default_network_acl: Option<NetworkAclId>,
    /// Where it came from.
    pub origin: Origin,
}

/// A subnet (`describe-subnets`).
#[derive(Clone, Debug)]
pub struct Subnet {
    /// Its id.
    pub id: SubnetId,
    /// Its `Name` tag.
    pub name: Option<String>,
    /// The VPC it is in.
    pub vpc: VpcId,
    /// Its IPv4 and IPv6 CIDR blocks.
    pub cidrs: Vec<IpNet>,
    /// Its Availability Zone.
    pub availability_zone: Option<String>,
    /// Its zone's id (`use1-az1`), the same in every account, unlike the zone's name.
    pub availability_zone_id: Option<String>,
    /// The route table it uses: its explicit association, else the VPC's main table
    /// ([`RouteTableChoice`] says which).
    pub route_table: Option<(RouteTableId, RouteTableChoice)>,
    /// The network ACL associated with it.
    pub network_acl: Option<NetworkAclId>,
    /// The owning account.
    pub owner_id: Option<String>,
    /// Where it came from.
    pub origin: Origin,
}

/// Why a subnet uses its route table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RouteTableChoice {
    /// An explicit subnet association.
    Explicit,
    /// No explicit association: the VPC's main route table applies.
    Main,
}

/// A VPC route table (`describe-route-tables`).
#[derive(Clone, Debug)]
pub struct RouteTable {
    /// Its id.
    pub id: RouteTableId,
    /// Its `Name` tag.
    pub name: Option<String>,
    /// The VPC it belongs to.
    pub vpc: VpcId,
    /// Whether it is the VPC's main route table.
    pub main: bool,
    /// Subnets explicitly associated with it.
    pub subnets: Vec<SubnetId>,
    /// Gateways (internet or virtual private) edge-associated with it: ingress routing.
    pub gateways: Vec<String>,
    /// Its routes, as listed.
    pub routes: Vec<Route>,
    /// Routes and associations that could not be read, left out of the above.
    pub dropped: Vec<DroppedElement>,
    /// Where it came from.
    pub origin: Origin,
}

/// One route.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    /// What it matches.
    pub destination: RouteDestination,
    /// Where it sends traffic.
    pub target: RouteTarget,
    /// `active` or `blackhole`.
    pub state: RouteState,
    /// `CreateRouteTable`, `CreateRoute` or `EnableVgwRoutePropagation`, as AWS says.
    pub origin: Option<String>,
}

/// A route's destination.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RouteDestination {
    /// An IPv4 or IPv6 CIDR block.
    Cidr(IpNet),
    /// The CIDRs of a prefix list.
    PrefixList(PrefixListId),
}

/// A route's target, by the key AWS prints it under.
#[derive(Clone, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum RouteTarget {
    /// The VPC's own CIDRs.
    Local,
    InternetGateway(InternetGatewayId),
    EgressOnlyInternetGateway(EgressOnlyInternetGatewayId),
    NatGateway(NatGatewayId),
    TransitGateway(TransitGatewayId),
    VpcPeeringConnection(VpcPeeringConnectionId),
    NetworkInterface(NetworkInterfaceId),
    Instance(InstanceId),
    /// A gateway VPC endpoint, a Gateway Load Balancer endpoint or a Network Firewall endpoint.
    VpcEndpoint(VpcEndpointId),
    VpnGateway(VpnGatewayId),
    /// A local gateway, carrier gateway or core network: outside what Reach models.
    Other(String),
    /// AWS printed no target (a route whose target was deleted shows only `blackhole`).
    None,
}

/// A route's state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RouteState {
    /// Traffic follows it.
    Active,
    /// Its target is gone: traffic is dropped.
    Blackhole,
    /// A state Reach does not know, kept as AWS printed it.
    Other(String),
}

/// A security group (`describe-security-groups`, or built from `describe-security-group-rules`).
#[derive(Clone, Debug)]
pub struct SecurityGroup {
    /// Its id.
    pub id: SecurityGroupId,
    /// Its `GroupName`.
    pub group_name: Option<String>,
    /// The VPC it belongs to.
    pub vpc: Option<VpcId>,
    /// The owning account.
    pub owner_id: Option<String>,
    /// Inbound rules.
    pub ingress: Vec<SecurityGroupRule>,
    /// Outbound rules.
    pub egress: Vec<SecurityGroupRule>,
    /// Permissions (or their peers) that could not be read, left out of the rules above.
    pub dropped: Vec<DroppedElement>,
    /// Where it came from.
    pub origin: Origin,
}

/// One security group rule: a protocol and port range, and one peer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecurityGroupRule {
    /// The `sgr-` id, when `describe-security-group-rules` was exported.
    pub rule_id: Option<String>,
    /// The protocol.
    pub protocol: Protocol,
    /// The port range (TCP, UDP), inclusive; `None` for all, and for protocols without ports.
    pub ports: Option<(u16, u16)>,
    /// The ICMP or ICMPv6 type and code (`FromPort` and `ToPort` of such a rule); `None` for
    /// other protocols.
    pub icmp: Option<IcmpTypeCode>,
    /// Who the rule admits.
    pub peer: SecurityGroupPeer,
    /// The rule's description.
    pub description: Option<String>,
}

/// What a security group rule names as the other side.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SecurityGroupPeer {
    /// An IPv4 or IPv6 CIDR block.
    Cidr(IpNet),
    /// A prefix list's CIDRs.
    PrefixList(PrefixListId),
    /// Members of a security group (possibly in a peered VPC or another account).
    SecurityGroup {
        /// The referenced group.
        group: SecurityGroupId,
        /// Its account, when another.
        user_id: Option<String>,
        /// The peering connection it is reached through, for a peered VPC's group.
        vpc_peering_connection: Option<VpcPeeringConnectionId>,
    },
}

/// An IP protocol as security groups and network ACLs name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Protocol {
    /// `-1`: every protocol.
    All,
    /// One IP protocol number (6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6).
    Number(u8),
}

/// The ICMP type and code a rule matches. AWS writes `-1` for any; any type means any code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IcmpTypeCode {
    /// The type; `None` for any.
    pub icmp_type: Option<u8>,
    /// The code; `None` for any.
    pub code: Option<u8>,
}

impl IcmpTypeCode {
    /// Any type, any code.
    pub const ANY: IcmpTypeCode = IcmpTypeCode {
        icmp_type: None,
        code: None,
    };

    /// In words: `type 8 code 0`, `type 8 any code`, `any type`.
    pub fn describe(&self) -> String {
        crate::space::icmp::describe(&crate::space::icmp::type_codes(self.icmp_type, self.code))
    }
}

/// A network ACL (`describe-network-acls`).
#[derive(Clone, Debug)]
pub struct NetworkAcl {
    /// Its id.
    pub id: NetworkAclId,
    /// Its `Name` tag.
    pub name: Option<String>,
    /// The VPC it belongs to.
    pub vpc: VpcId,
    /// Whether it is the VPC's default network ACL.
    pub is_default: bool,
    /// Inbound entries, by ascending rule number (the order AWS evaluates them in).
    pub ingress: Vec<NetworkAclEntry>,
    /// Outbound entries, by ascending rule number.
    pub egress: Vec<NetworkAclEntry>,
    /// Subnets associated with it.
    pub subnets: Vec<SubnetId>,
    /// Entries and associations that could not be read (or contradict another entry), left
    /// out of the above.
    pub dropped: Vec<DroppedElement>,
    /// Where it came from.
    pub origin: Origin,
}

/// An element of a resource's list (a network ACL entry, a route, a security group
/// permission, an association) that Reach left out because it could not be read: the
/// lowering reported it as an error, and the walk says when an answer could depend on it.
/// What could still be read of it narrows when that is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DroppedElement {
    /// Its JSON path inside the resource (`Entries[3]`, `IpPermissions[0].IpRanges[1]`).
    pub path: String,
    /// Why it was left out, in the error's words.
    pub reason: String,
    /// An association (it says which subnets use the resource, not what the resource does).
    pub association: bool,
    /// Whether it applies outbound (network ACL entries, security group rules), when known.
    pub egress: Option<bool>,
    /// A network ACL entry's rule number, when known.
    pub rule_number: Option<u16>,
    /// A route's destination, when known.
    pub destination: Option<IpNet>,
}

/// One network ACL entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetworkAclEntry {
    /// Its rule number; 32767 is the `*` entry.
    pub rule_number: u16,
    /// The protocol.
    pub protocol: Protocol,
    /// The port range (TCP, UDP), inclusive; `None` for all.
    pub ports: Option<(u16, u16)>,
    /// The ICMP or ICMPv6 type and code (`IcmpTypeCode`); `None` when the entry has none,
    /// which for ICMP is any.
    pub icmp: Option<IcmpTypeCode>,
    /// The IPv4 or IPv6 CIDR block the entry matches.
    pub cidr: IpNet,
    /// Allow or deny.
    pub allow: bool,
}

/// A network interface (`describe-network-interfaces`, or an instance's view of it).
#[derive(Clone, Debug)]
pub struct NetworkInterface {
    /// Its id.
    pub id: NetworkInterfaceId,
    /// Its description (AWS-managed interfaces say what owns them).
    pub description: Option<String>,
    /// Its `Name` tag.
    pub name: Option<String>,
    /// The subnet it is in.
    pub subnet: Option<SubnetId>,
    /// The VPC it is in.
    pub vpc: Option<VpcId>,
    /// Its Availability Zone.
    pub availability_zone: Option<String>,
    /// What it belongs to (`interface`, `nat_gateway`, `gateway_load_balancer_endpoint`, …).
    pub interface_type: InterfaceType,
    /// Its private IPv4 addresses, primary first, each with the public address mapped to it.
    pub private_addresses: Vec<(IpAddr, Option<IpAddr>)>,
    /// Its IPv6 addresses.
    pub ipv6_addresses: Vec<IpAddr>,
    /// Its security groups.
    pub security_groups: Vec<SecurityGroupId>,
    /// Whether AWS drops traffic not addressed to or from it (on unless turned off).
    pub source_dest_check: bool,
    /// The instance it is attached to.
    pub instance: Option<InstanceId>,
    /// Whether an AWS service created it on the account's behalf.
    pub requester_managed: bool,
    /// The owning account.
    pub owner_id: Option<String>,
    /// Where it came from.
    pub origin: Origin,
}

/// An EC2 instance (`describe-instances`).
#[derive(Clone, Debug)]
pub struct Instance {
    /// Its id.
    pub id: InstanceId,
    /// Its `Name` tag.
    pub name: Option<String>,
    /// `running`, `stopped`, … as AWS says.
    pub state: Option<InstanceState>,
    /// The subnet of its primary interface.
    pub subnet: Option<SubnetId>,
    /// Its VPC.
    pub vpc: Option<VpcId>,
    /// Its interfaces, primary (device index 0) first.
    pub network_interfaces: Vec<NetworkInterfaceId>,
    /// The owning account.
    pub owner_id: Option<String>,
    /// Where it came from.
    pub origin: Origin,
}

/// An internet gateway (`describe-internet-gateways`).
#[derive(Clone, Debug)]
pub struct InternetGateway {
    /// Its id.
    pub id: InternetGatewayId,
    /// Its `Name` tag.
    pub name: Option<String>,
    /// The VPC it is attached to, if any.
    pub vpc: Option<VpcId>,
    /// The owning account.
    pub owner_id: Option<String>,
    /// Where it came from.
    pub origin: Origin,
}

/// An egress-only internet gateway (`describe-egress-only-internet-gateways`).
#[derive(Clone, Debug)]
pub struct EgressOnlyInternetGateway {
    /// Its id.
    pub id: EgressOnlyInternetGatewayId,
    /// Its `Name` tag.
    pub name: Option<String>,
    /// The VPC it is attached to, if any.
    pub vpc: Option<VpcId>,
    /// Where it came from.
    pub origin: Origin,
}

/// A NAT gateway (`describe-nat-gateways`).
#[derive(Clone, Debug)]
pub struct NatGateway {
    /// Its id.
    pub id: NatGatewayId,
    /// Its `Name` tag.
    pub name: Option<String>,
    /// Its subnet.
    pub subnet: Option<SubnetId>,
    /// Its VPC.
    pub vpc: Option<VpcId>,
    /// `available`, `pending`, `failed`, `deleted`, … as AWS says.
    pub state: Option<NatGatewayState>,
    /// Public (through an internet gateway, with an Elastic IP) or private.
    pub public: bool,
    /// Its addresses: network interface, private address, public address.
    pub addresses: Vec<NatGatewayAddress>,
    /// Where it came from.
    pub origin: Origin,
}

/// One address of a NAT gateway.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NatGatewayAddress {
    /// The interface holding it.
    pub network_interface: Option<NetworkInterfaceId>,
    /// The private address traffic is translated to.
    pub private_ip: Option<IpAddr>,
    /// The Elastic IP, for a public NAT gateway.
    pub public_ip: Option<IpAddr>,
    /// The Elastic IP's allocation.
    pub allocation: Option<AllocationId>,
}

/// An Elastic IP address (`describe-addresses`).
#[derive(Clone, Debug)]
pub struct ElasticIp {
    /// The public address.
    pub public_ip: IpAddr,
    /// Its allocation id.
    pub allocation: Option<AllocationId>,
    /// The interface it is associated with.
    pub network_interface: Option<NetworkInterfaceId>,
    /// The private address it maps to.
    pub private_ip: Option<IpAddr>,
    /// Where it came from.
    pub origin: Origin,
}

/// A VPC endpoint (`describe-vpc-endpoints`).
#[derive(Clone, Debug)]
pub struct VpcEndpoint {
    /// Its id.
    pub id: VpcEndpointId,
    /// Its `Name` tag.
    pub name: Option<String>,
    /// `Gateway`, `Interface`, `GatewayLoadBalancer`, … as AWS says.
    pub endpoint_type: VpcEndpointType,
    /// Its VPC.
    pub vpc: Option<VpcId>,
    /// The service it connects to.
    pub service_name: Option<String>,
    /// `available`, `pendingAcceptance`, … as AWS says.
    pub state: Option<VpcEndpointState>,
    /// Route tables a gateway endpoint adds its prefix-list route to.
    pub route_tables: Vec<RouteTableId>,
    /// Subnets of an interface or Gateway Load Balancer endpoint.
    pub subnets: Vec<SubnetId>,
    /// Security groups of an interface endpoint.
    pub security_groups: Vec<SecurityGroupId>,
    /// Its interfaces.
    pub network_interfaces: Vec<NetworkInterfaceId>,
    /// Where it came from.
    pub origin: Origin,
}

/// An endpoint service (`describe-vpc-endpoint-services`).
#[derive(Clone, Debug)]
pub struct VpcEndpointService {
    /// The service name (`com.amazonaws.vpce.us-east-1.vpce-svc-…`).
    pub service_name: String,
    /// Its id (`vpce-svc-…`).
    pub service_id: Option<String>,
    /// `Interface`, `Gateway`, `GatewayLoadBalancer`.
    pub service_types: Vec<String>,
    /// Availability Zones it is offered in.
    pub availability_zones: Vec<String>,
    /// Whether connections must be accepted by the provider.
    pub acceptance_required: Option<bool>,
    /// Where it came from.
    pub origin: Origin,
}

/// The provider's side of an endpoint service (`describe-vpc-endpoint-service-configurations`):
/// the load balancers behind it.
#[derive(Clone, Debug)]
pub struct EndpointServiceConfiguration {
    /// Its id (`vpce-svc-…`).
    pub service_id: String,
    /// Its name (`com.amazonaws.vpce.us-east-1.vpce-svc-…`).
    pub service_name: Option<String>,
    /// `Interface` or `GatewayLoadBalancer`.
    pub service_types: Vec<String>,
    /// `Available`, `Pending`, … as AWS says.
    pub state: Option<ServiceState>,
    /// Availability Zones it is offered in.
    pub availability_zones: Vec<String>,
    /// Whether connections must be accepted.
    pub acceptance_required: Option<bool>,
    /// The Network Load Balancers of an interface endpoint service.
    pub network_load_balancers: Vec<LoadBalancerArn>,
    /// The Gateway Load Balancers of a Gateway Load Balancer endpoint service.
    pub gateway_load_balancers: Vec<LoadBalancerArn>,
    /// Where it came from.
    pub origin: Origin,
}

/// A consumer's endpoint as its service's provider sees it (`describe-vpc-endpoint-connections`).
#[derive(Clone, Debug)]
pub struct EndpointConnection {
    /// The endpoint service.
    pub service_id: Option<String>,
    /// The account that owns the endpoint.
    pub owner: Option<String>,
    /// `pendingAcceptance`, `available`, `rejected`, … as AWS says.
    pub state: Option<VpcEndpointState>,
    /// Where it came from.
    pub origin: Origin,
}

/// A VPC peering connection (`describe-vpc-peering-connections`).
#[derive(Clone, Debug)]
pub struct VpcPeeringConnection {
    /// Its id.
    pub id: VpcPeeringConnectionId,
    /// Its `Name` tag.
    pub name: Option<String>,
    /// The requester side.
    pub requester: PeeringSide,
    /// The accepter side.
    pub accepter: PeeringSide,
    /// `active`, `pending-acceptance`, `deleted`, … as AWS says.
    pub status: Option<VpcPeeringConnectionState>,
    /// Where it came from.
    pub origin: Origin,
}

/// One side of a peering connection.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PeeringSide {
    /// The VPC.
    pub vpc: Option<VpcId>,
    /// Its account.
    pub owner_id: Option<String>,
    /// Its region.
    pub region: Option<String>,
    /// The CIDRs it offers over the peering.
    pub cidrs: Vec<IpNet>,
}

/// A managed prefix list or an AWS service prefix list.
#[derive(Clone, Debug)]
pub struct PrefixList {
    /// Its id.
    pub id: PrefixListId,
    /// Its name (`com.amazonaws.us-east-1.s3`, or the customer's).
    pub name: Option<String>,
    /// The owning account, or `AWS`.
    pub owner_id: Option<String>,
    /// Its CIDRs; `None` while its entries were not exported.
    pub cidrs: Option<Vec<IpNet>>,
    /// Where it came from.
    pub origin: Origin,
}

/// A virtual private gateway (`describe-vpn-gateways`).
#[derive(Clone, Debug)]
pub struct VpnGateway {
    /// Its id.
    pub id: VpnGatewayId,
    /// Its `Name` tag.
    pub name: Option<String>,
    /// The VPCs it is attached to.
    pub vpcs: Vec<VpcId>,
    /// `available`, … as AWS says.
    pub state: Option<VpnState>,
    /// Where it came from.
    pub origin: Origin,
}

aws_enum! {
    /// A network interface's `InterfaceType`: what it belongs to.
    #[allow(missing_docs)]
    pub enum InterfaceType {
        Interface = "interface",
        /// The API reference spells it `natGateway`; the CLI prints `nat_gateway`.
        NatGateway = "nat_gateway" | "natGateway",
        Efa = "efa",
        EfaOnly = "efa-only",
        Trunk = "trunk",
        Branch = "branch",
        /// A Classic or Application Load Balancer's node.
        LoadBalancer = "load_balancer",
        NetworkLoadBalancer = "network_load_balancer",
        GatewayLoadBalancer = "gateway_load_balancer",
        GatewayLoadBalancerEndpoint = "gateway_load_balancer_endpoint",
        /// An interface VPC endpoint's.
        VpcEndpoint = "vpc_endpoint",
        TransitGateway = "transit_gateway",
        Lambda = "lambda",
    }
}

aws_enum! {
    /// An instance's `State.Name`.
    #[allow(missing_docs)]
    pub enum InstanceState {
        Pending = "pending",
        Running = "running",
        ShuttingDown = "shutting-down",
        Terminated = "terminated",
        Stopping = "stopping",
        Stopped = "stopped",
    }
}

aws_enum! {
    /// A NAT gateway's `State`.
    #[allow(missing_docs)]
    pub enum NatGatewayState {
        Pending = "pending",
        Failed = "failed",
        Available = "available",
        Deleting = "deleting",
        Deleted = "deleted",
    }
}

aws_enum! {
    /// A VPC endpoint's `VpcEndpointType`.
    #[allow(missing_docs)]
    pub enum VpcEndpointType {
        /// S3 or DynamoDB, by a prefix-list route.
        Gateway = "Gateway",
        /// PrivateLink: interfaces in the consumer's subnets.
        Interface = "Interface",
        GatewayLoadBalancer = "GatewayLoadBalancer",
        Resource = "Resource",
        ServiceNetwork = "ServiceNetwork",
    }
}

aws_enum! {
    /// A VPC endpoint's `State`, as its consumer (`describe-vpc-endpoints`) or its service's
    /// provider (`describe-vpc-endpoint-connections`, `VpcEndpointState`) sees it.
    #[allow(missing_docs)]
    pub enum VpcEndpointState {
        PendingAcceptance = "pendingAcceptance",
        Pending = "pending",
        Available = "available",
        Deleting = "deleting",
        Deleted = "deleted",
        Rejected = "rejected",
        Failed = "failed",
        Expired = "expired",
        Partial = "partial",
    }
}

aws_enum! {
    /// An endpoint service configuration's `ServiceState`.
    #[allow(missing_docs)]
    pub enum ServiceState {
        Pending = "Pending",
        Available = "Available",
        Deleting = "Deleting",
        Deleted = "Deleted",
        Failed = "Failed",
    }
}

aws_enum! {
    /// A VPC peering connection's `Status.Code`.
    #[allow(missing_docs)]
    pub enum VpcPeeringConnectionState {
        InitiatingRequest = "initiating-request",
        PendingAcceptance = "pending-acceptance",
        Active = "active",
        Deleted = "deleted",
        Rejected = "rejected",
        Failed = "failed",
        Expired = "expired",
        Provisioning = "provisioning",
        Deleting = "deleting",
    }
}

aws_enum! {
    /// A virtual private gateway's `State`.
    #[allow(missing_docs)]
    pub enum VpnState {
        Pending = "pending",
        Available = "available",
        Deleting = "deleting",
        Deleted = "deleted",
    }
}

/// A Site-to-Site VPN connection (`describe-vpn-connections`): the way between a virtual
/// private gateway or a transit gateway and a customer gateway on the other side.
#[derive(Clone, Debug)]
pub struct VpnConnection {
    /// Its id.
    pub id: VpnConnectionId,
    /// Its `Name` tag.
    pub name: Option<String>,
    /// Its `State`.
    pub state: Option<VpnState>,
    /// The virtual private gateway it ends at, if it ends at one.
    pub vpn_gateway: Option<VpnGatewayId>,
    /// The transit gateway it ends at, if it ends at one.
    pub transit_gateway: Option<TransitGatewayId>,
    /// The customer gateway on the other side.
    pub customer_gateway: Option<String>,
    /// Static routing only; otherwise the customer gateway advertises its networks over BGP,
    /// and those routes are in no export.
    pub static_routes_only: bool,
    /// Its static routes that carry traffic (state `available`): the networks on the other
    /// side.
    pub routes: Vec<IpNet>,
    /// Its tunnels, as `VgwTelemetry` reports them.
    pub tunnels: Vec<VpnTunnel>,
    /// Where it came from.
    pub origin: Origin,
}

/// One tunnel of a VPN connection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VpnTunnel {
    /// The tunnel's outside address on AWS's side.
    pub outside_ip: Option<String>,
    /// Whether AWS last saw it `UP`.
    pub up: bool,
    /// AWS's status message, if any.
    pub status_message: Option<String>,
}

impl VpnConnection {
    /// Whether traffic can cross it now: `available`, with at least one tunnel up.
    pub fn carries_traffic(&self) -> bool {
        self.state == Some(VpnState::Available) && self.tunnels.iter().any(|tunnel| tunnel.up)
    }
}
