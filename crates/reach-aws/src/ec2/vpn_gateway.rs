use super::internet_gateway::GatewayAttachment;
use super::Tag;
use serde::Deserialize;

/// `aws ec2 describe-vpn-gateways` → `VpnGateways[]`: virtual private gateways.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VpnGateway {
    pub vpn_gateway_id: String,
    pub state: Option<String>,
    #[serde(rename = "Type")]
    pub gateway_type: Option<String>,
    #[serde(default)]
    pub vpc_attachments: Vec<GatewayAttachment>,
    pub amazon_side_asn: Option<i64>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}
