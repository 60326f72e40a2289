use super::Tag;
use serde::Deserialize;

/// `aws ec2 describe-vpc-peering-connections` → `VpcPeeringConnections[]`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VpcPeeringConnection {
    pub vpc_peering_connection_id: String,
    pub accepter_vpc_info: Option<PeeringVpcInfo>,
    pub requester_vpc_info: Option<PeeringVpcInfo>,
    pub status: Option<PeeringStatus>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PeeringVpcInfo {
    pub vpc_id: Option<String>,
    pub owner_id: Option<String>,
    pub region: Option<String>,
    pub cidr_block: Option<String>,
    #[serde(default)]
    pub cidr_block_set: Vec<CidrBlockEntry>,
    #[serde(default)]
    pub ipv6_cidr_block_set: Vec<Ipv6CidrBlockEntry>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CidrBlockEntry {
    pub cidr_block: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Ipv6CidrBlockEntry {
    pub ipv6_cidr_block: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PeeringStatus {
    /// `active`, `pending-acceptance`, `deleted`, … kept as text.
    pub code: Option<String>,
    pub message: Option<String>,
}
