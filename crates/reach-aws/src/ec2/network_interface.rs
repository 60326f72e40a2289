use super::{GroupIdentifier, Tag};
use serde::Deserialize;

/// `aws ec2 describe-network-interfaces` → `NetworkInterfaces[]`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkInterface {
    pub network_interface_id: String,
    pub subnet_id: Option<String>,
    pub vpc_id: Option<String>,
    pub availability_zone: Option<String>,
    /// `interface`, `nat_gateway`, `gateway_load_balancer_endpoint`, `vpc_endpoint`, … kept as text.
    pub interface_type: Option<String>,
    pub description: Option<String>,
    pub owner_id: Option<String>,
    pub requester_id: Option<String>,
    pub requester_managed: Option<bool>,
    pub source_dest_check: Option<bool>,
    pub status: Option<String>,
    pub private_ip_address: Option<String>,
    #[serde(default)]
    pub private_ip_addresses: Vec<PrivateIpAddress>,
    #[serde(default)]
    pub ipv6_addresses: Vec<Ipv6Address>,
    #[serde(default)]
    pub groups: Vec<GroupIdentifier>,
    pub attachment: Option<NetworkInterfaceAttachment>,
    pub association: Option<IpAssociation>,
    #[serde(default)]
    pub tag_set: Vec<Tag>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PrivateIpAddress {
    pub private_ip_address: String,
    pub primary: Option<bool>,
    pub association: Option<IpAssociation>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Ipv6Address {
    pub ipv6_address: String,
}

/// The public address mapped to a private one (`Association`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IpAssociation {
    pub public_ip: Option<String>,
    pub ip_owner_id: Option<String>,
    pub allocation_id: Option<String>,
    pub association_id: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkInterfaceAttachment {
    pub attachment_id: Option<String>,
    pub instance_id: Option<String>,
    pub instance_owner_id: Option<String>,
    pub device_index: Option<i64>,
    pub status: Option<String>,
}
