use super::{StateObject, Tag};
use serde::Deserialize;

/// `aws ec2 describe-vpcs` → `Vpcs[]`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Vpc {
    pub vpc_id: String,
    pub owner_id: Option<String>,
    pub cidr_block: Option<String>,
    #[serde(default)]
    pub cidr_block_association_set: Vec<VpcCidrBlockAssociation>,
    #[serde(default)]
    pub ipv6_cidr_block_association_set: Vec<VpcIpv6CidrBlockAssociation>,
    pub is_default: Option<bool>,
    pub state: Option<String>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VpcCidrBlockAssociation {
    pub cidr_block: String,
    pub association_id: Option<String>,
    pub cidr_block_state: Option<StateObject>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VpcIpv6CidrBlockAssociation {
    pub ipv6_cidr_block: Option<String>,
    pub association_id: Option<String>,
    pub ipv6_cidr_block_state: Option<StateObject>,
}
