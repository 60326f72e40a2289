use super::Tag;
use serde::Deserialize;

/// `aws ec2 describe-transit-gateways` → `TransitGateways[]`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TransitGateway {
    pub transit_gateway_id: String,
    pub transit_gateway_arn: Option<String>,
    pub state: Option<String>,
    pub owner_id: Option<String>,
    pub options: Option<TransitGatewayOptions>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TransitGatewayOptions {
    pub amazon_side_asn: Option<i64>,
    pub default_route_table_association: Option<String>,
    pub default_route_table_propagation: Option<String>,
    pub association_default_route_table_id: Option<String>,
    pub propagation_default_route_table_id: Option<String>,
    pub vpn_ecmp_support: Option<String>,
    pub dns_support: Option<String>,
    pub security_group_referencing_support: Option<String>,
}

/// `aws ec2 describe-transit-gateway-attachments` → `TransitGatewayAttachments[]`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TransitGatewayAttachment {
    pub transit_gateway_attachment_id: String,
    pub transit_gateway_id: Option<String>,
    pub transit_gateway_owner_id: Option<String>,
    pub resource_owner_id: Option<String>,
    /// `vpc`, `vpn`, `direct-connect-gateway`, `peering`, `network-function`, … kept as text.
    pub resource_type: Option<String>,
    pub resource_id: Option<String>,
    pub state: Option<String>,
    pub association: Option<TransitGatewayAttachmentAssociation>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TransitGatewayAttachmentAssociation {
    pub transit_gateway_route_table_id: Option<String>,
    pub state: Option<String>,
}

/// `aws ec2 describe-transit-gateway-vpc-attachments` → `TransitGatewayVpcAttachments[]`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TransitGatewayVpcAttachment {
    pub transit_gateway_attachment_id: String,
    pub transit_gateway_id: Option<String>,
    pub vpc_id: Option<String>,
    pub vpc_owner_id: Option<String>,
    pub state: Option<String>,
    #[serde(default)]
    pub subnet_ids: Vec<String>,
    pub options: Option<TransitGatewayVpcAttachmentOptions>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TransitGatewayVpcAttachmentOptions {
    pub dns_support: Option<String>,
    pub ipv6_support: Option<String>,
    pub appliance_mode_support: Option<String>,
    pub security_group_referencing_support: Option<String>,
}

/// `aws ec2 describe-transit-gateway-peering-attachments` → `TransitGatewayPeeringAttachments[]`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TransitGatewayPeeringAttachment {
    pub transit_gateway_attachment_id: String,
    pub requester_tgw_info: Option<PeeringTgwInfo>,
    pub accepter_tgw_info: Option<PeeringTgwInfo>,
    pub state: Option<String>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PeeringTgwInfo {
    pub transit_gateway_id: Option<String>,
    pub owner_id: Option<String>,
    pub region: Option<String>,
}

/// `aws ec2 describe-transit-gateway-route-tables` → `TransitGatewayRouteTables[]`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TransitGatewayRouteTable {
    pub transit_gateway_route_table_id: String,
    pub transit_gateway_id: Option<String>,
    pub state: Option<String>,
    pub default_association_route_table: Option<bool>,
    pub default_propagation_route_table: Option<bool>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

/// `aws ec2 search-transit-gateway-routes` → `Routes[]` (the route table comes from context).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TransitGatewayRoute {
    pub destination_cidr_block: Option<String>,
    pub prefix_list_id: Option<String>,
    #[serde(default)]
    pub transit_gateway_attachments: Vec<TransitGatewayRouteAttachment>,
    /// `static` or `propagated`.
    #[serde(rename = "Type")]
    pub route_type: Option<String>,
    /// `active`, `blackhole`, … kept as text.
    pub state: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TransitGatewayRouteAttachment {
    pub transit_gateway_attachment_id: Option<String>,
    pub resource_id: Option<String>,
    pub resource_type: Option<String>,
}

/// `aws ec2 get-transit-gateway-route-table-associations` → `Associations[]` and
/// `get-transit-gateway-route-table-propagations` → `TransitGatewayRouteTablePropagations[]`
/// (the route table comes from context).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TransitGatewayRouteTableAttachmentLink {
    pub transit_gateway_attachment_id: String,
    pub resource_id: Option<String>,
    pub resource_type: Option<String>,
    pub state: Option<String>,
}
