use super::{StateObject, Tag};
use crate::elements::{lenient, Element, Elements};
use serde::Deserialize;

/// `aws ec2 describe-route-tables` → `RouteTables[]`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RouteTable {
    pub route_table_id: String,
    pub vpc_id: String,
    pub owner_id: Option<String>,
    #[serde(default)]
    pub routes: Elements<Route>,
    #[serde(default)]
    pub associations: Elements<RouteTableAssociation>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

/// One entry of `Routes[]`. Exactly one destination and (usually) one target key is set.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Route {
    pub destination_cidr_block: Option<String>,
    pub destination_ipv6_cidr_block: Option<String>,
    pub destination_prefix_list_id: Option<String>,
    /// `local`, an internet gateway, a virtual private gateway, or — as the CLI prints it for
    /// Gateway Load Balancer and Network Firewall endpoints — a `vpce-` id.
    pub gateway_id: Option<String>,
    pub nat_gateway_id: Option<String>,
    pub transit_gateway_id: Option<String>,
    pub vpc_peering_connection_id: Option<String>,
    pub network_interface_id: Option<String>,
    pub instance_id: Option<String>,
    pub instance_owner_id: Option<String>,
    pub egress_only_internet_gateway_id: Option<String>,
    pub local_gateway_id: Option<String>,
    pub carrier_gateway_id: Option<String>,
    pub core_network_arn: Option<String>,
    pub vpc_endpoint_id: Option<String>,
    pub origin: Option<String>,
    pub state: Option<String>,
}

impl Element for Route {
    type Known = RouteKnown;
}

/// What says which packets a route that does not read could carry: its destination.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RouteKnown {
    #[serde(default, deserialize_with = "lenient")]
    pub destination_cidr_block: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    pub destination_ipv6_cidr_block: Option<String>,
}

/// One entry of `Associations[]`: a subnet, an edge (gateway) association, or the main flag.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RouteTableAssociation {
    pub route_table_association_id: Option<String>,
    pub route_table_id: Option<String>,
    pub subnet_id: Option<String>,
    pub gateway_id: Option<String>,
    #[serde(default)]
    pub main: bool,
    pub association_state: Option<StateObject>,
}

impl Element for RouteTableAssociation {
    type Known = ();
}
