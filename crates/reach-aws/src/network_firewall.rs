//! `aws network-firewall …` outputs.
//!
//! Field names mirror the AWS keys of the same name (see the Network Firewall API
//! reference), so fields carry no docs of their own.
#![allow(missing_docs)]

pub mod firewall;
pub mod firewall_policy;
pub mod rule_group;
pub mod tls_inspection_configuration;

use serde::Deserialize;

/// A Network Firewall tag (`Key`/`Value`, as in EC2).
pub type Tag = crate::ec2::Tag;

/// `{ "Definition": [ … ] }`, the value of an IP set or port set variable.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Definition {
    #[serde(default)]
    pub definition: Vec<String>,
}
