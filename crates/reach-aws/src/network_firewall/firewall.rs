use super::Tag;
use serde::Deserialize;
use std::collections::BTreeMap;

/// `aws network-firewall list-firewalls` → `Firewalls[]`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct FirewallMetadata {
    pub firewall_name: Option<String>,
    pub firewall_arn: String,
    pub transit_gateway_attachment_id: Option<String>,
}

/// `aws network-firewall describe-firewall`: the whole output.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeFirewall {
    pub update_token: Option<String>,
    pub firewall: Firewall,
    pub firewall_status: Option<FirewallStatus>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Firewall {
    pub firewall_name: Option<String>,
    pub firewall_arn: String,
    pub firewall_policy_arn: Option<String>,
    pub vpc_id: Option<String>,
    #[serde(default)]
    pub subnet_mappings: Vec<SubnetMapping>,
    pub delete_protection: Option<bool>,
    pub subnet_change_protection: Option<bool>,
    pub firewall_policy_change_protection: Option<bool>,
    pub description: Option<String>,
    pub firewall_id: Option<String>,
    pub transit_gateway_id: Option<String>,
    pub transit_gateway_owner_account_id: Option<String>,
    #[serde(default)]
    pub availability_zone_mappings: Vec<AvailabilityZoneMapping>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SubnetMapping {
    pub subnet_id: String,
    #[serde(rename = "IPAddressType")]
    pub ip_address_type: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AvailabilityZoneMapping {
    pub availability_zone: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct FirewallStatus {
    pub status: Option<String>,
    pub configuration_sync_state_summary: Option<String>,
    /// Keyed by Availability Zone.
    #[serde(default)]
    pub sync_states: BTreeMap<String, SyncState>,
    pub transit_gateway_attachment_sync_state: Option<TransitGatewayAttachmentSyncState>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SyncState {
    pub attachment: Option<Attachment>,
}

/// The firewall endpoint in one Availability Zone.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Attachment {
    pub subnet_id: Option<String>,
    pub endpoint_id: Option<String>,
    /// `CREATING`, `READY`, `DELETING`, `FAILED`, `ERROR`, `SCALING`, … kept as text.
    pub status: Option<String>,
    pub status_message: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TransitGatewayAttachmentSyncState {
    pub attachment_id: Option<String>,
    pub transit_gateway_attachment_status: Option<String>,
    pub status_message: Option<String>,
}

/// `aws network-firewall describe-vpc-endpoint-association`: a firewall endpoint the firewall
/// placed in another VPC (a VPC endpoint association), with its status.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeVpcEndpointAssociation {
    pub vpc_endpoint_association: VpcEndpointAssociation,
    pub vpc_endpoint_association_status: Option<VpcEndpointAssociationStatus>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VpcEndpointAssociation {
    pub vpc_endpoint_association_arn: String,
    pub vpc_endpoint_association_id: Option<String>,
    pub firewall_arn: String,
    pub vpc_id: Option<String>,
    pub subnet_mapping: Option<SubnetMapping>,
    pub description: Option<String>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VpcEndpointAssociationStatus {
    /// `PROVISIONING`, `DELETING`, `READY`, … kept as text.
    pub status: Option<String>,
    /// Keyed by Availability Zone, as the firewall's own sync states.
    #[serde(default)]
    pub association_sync_state: BTreeMap<String, SyncState>,
}
