//! Lowering of `reach_aws::network_firewall`, one module per module there, and two more for
//! the rule engine: `spec.rs` reads policies, rule groups and TLS inspection scopes into
//! `reach_nfw::spec`, and `compile.rs`, once everything is lowered, compiles each firewall's
//! policy with it.

pub(super) mod compile;
pub(super) mod firewall;
pub(super) mod firewall_policy;
pub(super) mod rule_group;
pub(super) mod spec;
pub(super) mod tls_inspection_configuration;
