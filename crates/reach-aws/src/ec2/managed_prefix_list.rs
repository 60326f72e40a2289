use super::Tag;
use serde::Deserialize;

/// `aws ec2 describe-managed-prefix-lists` → `PrefixLists[]` (recognised by `AddressFamily`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ManagedPrefixList {
    pub prefix_list_id: String,
    pub prefix_list_name: Option<String>,
    pub address_family: Option<String>,
    pub state: Option<String>,
    pub prefix_list_arn: Option<String>,
    pub max_entries: Option<i64>,
    pub version: Option<i64>,
    pub owner_id: Option<String>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

/// `aws ec2 get-managed-prefix-list-entries` → `Entries[]` (the list's id comes from context).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PrefixListEntry {
    pub cidr: String,
    pub description: Option<String>,
}

/// `aws ec2 describe-prefix-lists` → `PrefixLists[]` (recognised by `Cidrs`): the AWS
/// service prefix lists used by gateway endpoints, with their CIDRs inline.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PrefixList {
    pub prefix_list_id: String,
    pub prefix_list_name: Option<String>,
    #[serde(default)]
    pub cidrs: Vec<String>,
}
