use super::Tag;
use serde::Deserialize;

/// `aws ec2 describe-internet-gateways` → `InternetGateways[]`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InternetGateway {
    pub internet_gateway_id: String,
    pub owner_id: Option<String>,
    #[serde(default)]
    pub attachments: Vec<GatewayAttachment>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

/// A gateway's `Attachments[]` entry (internet, egress-only internet and virtual private gateways).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GatewayAttachment {
    pub vpc_id: String,
    /// `available` / `attached` when attached.
    pub state: Option<String>,
}
