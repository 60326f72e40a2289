use super::network_interface::{
    IpAssociation, Ipv6Address, NetworkInterfaceAttachment, PrivateIpAddress,
};
use super::{GroupIdentifier, Tag};
use serde::Deserialize;

/// `aws ec2 describe-instances` → `Reservations[]`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Reservation {
    pub reservation_id: Option<String>,
    pub owner_id: Option<String>,
    #[serde(default)]
    pub instances: Vec<Instance>,
}

/// `Reservations[].Instances[]`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Instance {
    pub instance_id: String,
    pub instance_type: Option<String>,
    pub image_id: Option<String>,
    pub state: Option<InstanceState>,
    pub subnet_id: Option<String>,
    pub vpc_id: Option<String>,
    pub private_ip_address: Option<String>,
    pub public_ip_address: Option<String>,
    pub source_dest_check: Option<bool>,
    #[serde(default)]
    pub security_groups: Vec<GroupIdentifier>,
    #[serde(default)]
    pub network_interfaces: Vec<InstanceNetworkInterface>,
    pub placement: Option<Placement>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceState {
    pub name: Option<String>,
    pub code: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Placement {
    pub availability_zone: Option<String>,
}

/// `Instances[].NetworkInterfaces[]`: the instance's view of its interfaces.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceNetworkInterface {
    pub network_interface_id: String,
    pub subnet_id: Option<String>,
    pub vpc_id: Option<String>,
    pub owner_id: Option<String>,
    pub private_ip_address: Option<String>,
    #[serde(default)]
    pub private_ip_addresses: Vec<PrivateIpAddress>,
    #[serde(default)]
    pub ipv6_addresses: Vec<Ipv6Address>,
    #[serde(default)]
    pub groups: Vec<GroupIdentifier>,
    pub source_dest_check: Option<bool>,
    pub attachment: Option<NetworkInterfaceAttachment>,
    pub association: Option<IpAssociation>,
    pub interface_type: Option<String>,
}
