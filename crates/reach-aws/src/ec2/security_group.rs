use super::Tag;
use crate::elements::{Element, Elements};
use serde::Deserialize;

/// `aws ec2 describe-security-groups` → `SecurityGroups[]`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SecurityGroup {
    pub group_id: String,
    pub group_name: Option<String>,
    pub description: Option<String>,
    pub vpc_id: Option<String>,
    pub owner_id: Option<String>,
    #[serde(default)]
    pub ip_permissions: Elements<IpPermission>,
    #[serde(default)]
    pub ip_permissions_egress: Elements<IpPermission>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

/// One entry of `IpPermissions[]` / `IpPermissionsEgress[]`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IpPermission {
    /// `-1` (all), a protocol name (`tcp`, `udp`, `icmp`, `icmpv6`) or a number.
    pub ip_protocol: String,
    pub from_port: Option<i64>,
    pub to_port: Option<i64>,
    #[serde(default)]
    pub ip_ranges: Vec<IpRange>,
    #[serde(default)]
    pub ipv6_ranges: Vec<Ipv6Range>,
    #[serde(default)]
    pub prefix_list_ids: Vec<PrefixListIdEntry>,
    #[serde(default)]
    pub user_id_group_pairs: Vec<UserIdGroupPair>,
}

/// Its direction is the list it is in: nothing else is needed of one that does not read.
impl Element for IpPermission {
    type Known = ();
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IpRange {
    pub cidr_ip: String,
    pub description: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Ipv6Range {
    pub cidr_ipv6: String,
    pub description: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PrefixListIdEntry {
    pub prefix_list_id: String,
    pub description: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserIdGroupPair {
    pub group_id: Option<String>,
    pub group_name: Option<String>,
    pub user_id: Option<String>,
    pub vpc_id: Option<String>,
    pub vpc_peering_connection_id: Option<String>,
    pub peering_status: Option<String>,
    pub description: Option<String>,
}

/// `aws ec2 describe-security-group-rules` → `SecurityGroupRules[]`: the same rules as
/// `IpPermissions`, one per entry, with ids.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SecurityGroupRule {
    pub security_group_rule_id: String,
    pub group_id: String,
    pub group_owner_id: Option<String>,
    #[serde(default)]
    pub is_egress: bool,
    pub ip_protocol: String,
    pub from_port: Option<i64>,
    pub to_port: Option<i64>,
    pub cidr_ipv4: Option<String>,
    pub cidr_ipv6: Option<String>,
    pub prefix_list_id: Option<String>,
    pub referenced_group_info: Option<ReferencedSecurityGroup>,
    pub description: Option<String>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReferencedSecurityGroup {
    pub group_id: Option<String>,
    pub user_id: Option<String>,
    pub vpc_id: Option<String>,
    pub vpc_peering_connection_id: Option<String>,
    pub peering_status: Option<String>,
}
