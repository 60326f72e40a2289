use super::Tag;
use serde::Deserialize;

/// `aws ec2 describe-nat-gateways` → `NatGateways[]`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NatGateway {
    pub nat_gateway_id: String,
    pub subnet_id: Option<String>,
    pub vpc_id: Option<String>,
    pub state: Option<String>,
    /// `public` or `private`.
    pub connectivity_type: Option<String>,
    #[serde(default)]
    pub nat_gateway_addresses: Vec<NatGatewayAddress>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NatGatewayAddress {
    pub allocation_id: Option<String>,
    pub network_interface_id: Option<String>,
    pub private_ip: Option<String>,
    pub public_ip: Option<String>,
    pub association_id: Option<String>,
    pub is_primary: Option<bool>,
    pub status: Option<String>,
}
