//! `aws ec2 describe-*` outputs. One module per AWS concept; each type's doc names the call
//! and the JSON key it is read from.
//!
//! Field names mirror the AWS keys of the same name (PascalCase in the JSON); the AWS CLI
//! reference documents each one, so fields carry no docs of their own.
#![allow(missing_docs)]

pub mod address;
pub mod egress_only_internet_gateway;
pub mod instance;
pub mod internet_gateway;
pub mod managed_prefix_list;
pub mod nat_gateway;
pub mod network_acl;
pub mod network_interface;
pub mod route_table;
pub mod security_group;
pub mod subnet;
pub mod transit_gateway;
pub mod vpc;
pub mod vpc_endpoint;
pub mod vpc_peering_connection;
pub mod vpn_connection;
pub mod vpn_gateway;

use serde::Deserialize;

/// A resource tag (`Tags` or, on network interfaces, `TagSet`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Tag {
    pub key: String,
    #[serde(default)]
    pub value: String,
}

/// The value of the `Name` tag, if any.
pub fn name_tag(tags: &[Tag]) -> Option<&str> {
    tags.iter()
        .find(|tag| tag.key == "Name")
        .map(|tag| tag.value.as_str())
}

/// A `{ "State": … }` object, as several resources nest their state.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StateObject {
    pub state: Option<String>,
}

/// A `{ "GroupId": …, "GroupName": … }` security group reference.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GroupIdentifier {
    pub group_id: String,
    pub group_name: Option<String>,
}
