use super::Tag;
use crate::elements::{lenient, Element, Elements};
use serde::Deserialize;

/// `aws ec2 describe-network-acls` → `NetworkAcls[]`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkAcl {
    pub network_acl_id: String,
    pub vpc_id: String,
    pub owner_id: Option<String>,
    #[serde(default)]
    pub is_default: bool,
    #[serde(default)]
    pub entries: Elements<NetworkAclEntry>,
    #[serde(default)]
    pub associations: Elements<NetworkAclAssociation>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkAclEntry {
    pub rule_number: i64,
    /// `-1` (all) or a protocol number as text.
    pub protocol: String,
    /// `allow` or `deny`.
    pub rule_action: String,
    pub egress: bool,
    pub cidr_block: Option<String>,
    pub ipv6_cidr_block: Option<String>,
    pub port_range: Option<PortRange>,
    pub icmp_type_code: Option<IcmpTypeCode>,
}

impl Element for NetworkAclEntry {
    type Known = NetworkAclEntryKnown;
}

/// What says where an entry that does not read applies: its direction and number.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkAclEntryKnown {
    #[serde(default, deserialize_with = "lenient")]
    pub rule_number: Option<i64>,
    #[serde(default, deserialize_with = "lenient")]
    pub egress: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PortRange {
    pub from: Option<i64>,
    pub to: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IcmpTypeCode {
    pub code: Option<i64>,
    #[serde(rename = "Type")]
    pub icmp_type: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkAclAssociation {
    pub network_acl_association_id: Option<String>,
    pub network_acl_id: Option<String>,
    pub subnet_id: String,
}

impl Element for NetworkAclAssociation {
    type Known = ();
}
