use super::Tag;
use serde::Deserialize;

/// `aws ec2 describe-vpn-connections` → `VpnConnections[]`: Site-to-Site VPN connections, to a
/// virtual private gateway (`VpnGatewayId`) or a transit gateway (`TransitGatewayId`).
///
/// Only what decides where traffic goes is read: the connection's state, its static routes, and
/// each tunnel's status. The tunnels' pre-shared keys and the customer gateway configuration
/// are secrets Reach never needs (`scripts/export-aws.sh` removes them), so they are not fields.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VpnConnection {
    pub vpn_connection_id: String,
    /// `pending`, `available`, `deleting`, `deleted`.
    pub state: Option<String>,
    pub vpn_gateway_id: Option<String>,
    pub transit_gateway_id: Option<String>,
    pub customer_gateway_id: Option<String>,
    #[serde(rename = "Type")]
    pub connection_type: Option<String>,
    pub options: Option<VpnConnectionOptions>,
    #[serde(default)]
    pub routes: Vec<VpnStaticRoute>,
    #[serde(default)]
    pub vgw_telemetry: Vec<VgwTelemetry>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

/// `VpnConnections[].Options`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VpnConnectionOptions {
    /// `true`: static routes only; `false` or absent: BGP (dynamic routing).
    pub static_routes_only: Option<bool>,
    pub local_ipv4_network_cidr: Option<String>,
    pub remote_ipv4_network_cidr: Option<String>,
    pub local_ipv6_network_cidr: Option<String>,
    pub remote_ipv6_network_cidr: Option<String>,
    /// `ipv4` or `ipv6`.
    pub tunnel_inside_ip_version: Option<String>,
}

/// `VpnConnections[].Routes[]`: a static route of the connection (towards the customer side).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VpnStaticRoute {
    pub destination_cidr_block: Option<String>,
    /// `Static`.
    pub source: Option<String>,
    /// `pending`, `available`, `deleting`, `deleted`.
    pub state: Option<String>,
}

/// `VpnConnections[].VgwTelemetry[]`: one tunnel's status as AWS last saw it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VgwTelemetry {
    pub outside_ip_address: Option<String>,
    /// `UP` or `DOWN`.
    pub status: Option<String>,
    pub status_message: Option<String>,
    pub accepted_route_count: Option<i64>,
    pub last_status_change: Option<String>,
}
