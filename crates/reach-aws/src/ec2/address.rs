use super::Tag;
use serde::Deserialize;

/// `aws ec2 describe-addresses` → `Addresses[]`: Elastic IP addresses.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Address {
    pub public_ip: String,
    pub allocation_id: Option<String>,
    pub association_id: Option<String>,
    pub domain: Option<String>,
    pub instance_id: Option<String>,
    pub network_interface_id: Option<String>,
    pub network_interface_owner_id: Option<String>,
    pub private_ip_address: Option<String>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}
