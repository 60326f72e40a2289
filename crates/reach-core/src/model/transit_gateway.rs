//! Transit gateways, their attachments and route tables.

use super::Origin;
use crate::ids::*;
use ipnet::IpNet;

/// A transit gateway (`describe-transit-gateways`).
#[derive(Clone, Debug)]
pub struct TransitGateway {
    /// Its id.
    pub id: TransitGatewayId,
    /// Its `Name` tag.
    pub name: Option<String>,
    /// The owning account (another one's, when shared through RAM).
    pub owner_id: Option<String>,
    /// `available`, … as AWS says.
    pub state: Option<TransitGatewayState>,
    /// The route table new attachments are associated with, when that default is on.
    pub association_default_route_table: Option<TransitGatewayRouteTableId>,
    /// The route table new attachments propagate to, when that default is on.
    pub propagation_default_route_table: Option<TransitGatewayRouteTableId>,
    /// `Options.SecurityGroupReferencingSupport`: whether a security group rule in one
    /// attached VPC may reference a group of another VPC attached to it. `None` when the
    /// export does not say; AWS's default at this level is off ("This option is disabled by
    /// default", EC2 API `TransitGatewayOptions`).
    pub security_group_referencing: Option<bool>,
    /// Where it came from.
    pub origin: Origin,
}

/// A transit gateway attachment of any type.
#[derive(Clone, Debug)]
pub struct TransitGatewayAttachment {
    /// Its id.
    pub id: TransitGatewayAttachmentId,
    /// Its `Name` tag.
    pub name: Option<String>,
    /// The transit gateway.
    pub transit_gateway: Option<TransitGatewayId>,
    /// `vpc`, `vpn`, `direct-connect-gateway`, `peering`, `network-function`, … as AWS says.
    pub resource_type: Option<TransitGatewayAttachmentResourceType>,
    /// The attached resource (a VPC id, a VPN connection, a peer transit gateway, …).
    pub resource_id: Option<String>,
    /// `available`, `pendingAcceptance`, … as AWS says.
    pub state: Option<TransitGatewayAttachmentState>,
    /// The route table it is associated with.
    pub association: Option<TransitGatewayRouteTableId>,
    /// For a VPC attachment: its subnet in each Availability Zone.
    pub subnets: Vec<SubnetId>,
    /// For a VPC attachment: whether appliance mode keeps both directions in one zone.
    pub appliance_mode: Option<bool>,
    /// For a VPC attachment: `Options.SecurityGroupReferencingSupport`, the attachment's half
    /// of the referencing switch (the transit gateway has the other). `None` when the export
    /// does not say; new attachments have it on ("set to enable by default", EC2 API
    /// `TransitGatewayVpcAttachmentOptions`).
    pub security_group_referencing: Option<bool>,
    /// A peering attachment's two transit gateways (requester first).
    pub peers: Vec<TransitGatewayId>,
    /// A peering attachment's association on each side that was exported.
    pub side_associations: Vec<(TransitGatewayId, TransitGatewayRouteTableId)>,
    /// Where it came from.
    pub origin: Origin,
}

/// A transit gateway route table with its routes, associations and propagations.
#[derive(Clone, Debug)]
pub struct TransitGatewayRouteTable {
    /// Its id.
    pub id: TransitGatewayRouteTableId,
    /// Its `Name` tag.
    pub name: Option<String>,
    /// The transit gateway.
    pub transit_gateway: Option<TransitGatewayId>,
    /// `None` while `search-transit-gateway-routes` was not exported for it.
    pub routes: Option<Vec<TransitGatewayRoute>>,
    /// `None` while its associations were not exported.
    pub associations: Option<Vec<TransitGatewayAttachmentId>>,
    /// `None` while its propagations were not exported.
    pub propagations: Option<Vec<TransitGatewayAttachmentId>>,
    /// VPN, Direct Connect and Connect attachments that propagate to the table but none of
    /// whose routes is in the input (only static routes were exported, or the routes they
    /// learn over BGP are missing): where no route matches, one of theirs may.
    pub routes_unknown_from: Vec<TransitGatewayAttachmentId>,
    /// Where it came from.
    pub origin: Origin,
}

/// One transit gateway route.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransitGatewayRoute {
    /// A CIDR block, or a prefix list's CIDRs.
    pub destination: TransitGatewayRouteDestination,
    /// Where it sends traffic (several attachments: ECMP).
    pub attachments: Vec<TransitGatewayAttachmentId>,
    /// Static or propagated.
    pub propagated: bool,
    /// Whether it drops traffic.
    pub blackhole: bool,
}

/// A transit gateway route's destination.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TransitGatewayRouteDestination {
    /// A CIDR block.
    Cidr(IpNet),
    /// A prefix list reference.
    PrefixList(PrefixListId),
}

aws_enum! {
    /// A transit gateway's `State`.
    #[allow(missing_docs)]
    pub enum TransitGatewayState {
        Pending = "pending",
        Available = "available",
        Modifying = "modifying",
        Deleting = "deleting",
        Deleted = "deleted",
    }
}

aws_enum! {
    /// A transit gateway attachment's `ResourceType`: what it attaches.
    #[allow(missing_docs)]
    pub enum TransitGatewayAttachmentResourceType {
        Vpc = "vpc",
        Vpn = "vpn",
        VpnConcentrator = "vpn-concentrator",
        DirectConnectGateway = "direct-connect-gateway",
        /// A Connect attachment (GRE tunnels over a transport attachment).
        Connect = "connect",
        /// Another transit gateway, over a peering attachment.
        Peering = "peering",
        TgwPeering = "tgw-peering",
        /// A Network Firewall attached to the transit gateway.
        NetworkFunction = "network-function",
    }
}

aws_enum! {
    /// A transit gateway attachment's `State`.
    #[allow(missing_docs)]
    pub enum TransitGatewayAttachmentState {
        Initiating = "initiating",
        InitiatingRequest = "initiatingRequest",
        PendingAcceptance = "pendingAcceptance",
        RollingBack = "rollingBack",
        Pending = "pending",
        Available = "available",
        Modifying = "modifying",
        Deleting = "deleting",
        Deleted = "deleted",
        Failed = "failed",
        Rejected = "rejected",
        Rejecting = "rejecting",
        Failing = "failing",
    }
}
