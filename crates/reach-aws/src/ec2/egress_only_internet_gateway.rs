use super::internet_gateway::GatewayAttachment;
use super::Tag;
use serde::Deserialize;

/// `aws ec2 describe-egress-only-internet-gateways` → `EgressOnlyInternetGateways[]`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EgressOnlyInternetGateway {
    pub egress_only_internet_gateway_id: String,
    pub owner_id: Option<String>,
    #[serde(default)]
    pub attachments: Vec<GatewayAttachment>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}
