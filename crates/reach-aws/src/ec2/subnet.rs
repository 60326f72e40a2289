use super::vpc::VpcIpv6CidrBlockAssociation;
use super::Tag;
use serde::Deserialize;

/// `aws ec2 describe-subnets` → `Subnets[]`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Subnet {
    pub subnet_id: String,
    pub vpc_id: String,
    pub cidr_block: Option<String>,
    #[serde(default)]
    pub ipv6_cidr_block_association_set: Vec<VpcIpv6CidrBlockAssociation>,
    pub availability_zone: Option<String>,
    pub availability_zone_id: Option<String>,
    pub owner_id: Option<String>,
    pub subnet_arn: Option<String>,
    pub map_public_ip_on_launch: Option<bool>,
    pub state: Option<String>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}
