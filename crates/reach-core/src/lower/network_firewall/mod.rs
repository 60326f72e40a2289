//! Lowering of `reach_aws::network_firewall`, one module per module there. Rendering a
//! firewall's policy for the reach-nfw engine is a later step (`lower_firewall.rs`).

pub(super) mod firewall;
pub(super) mod firewall_policy;
pub(super) mod rule_group;
pub(super) mod tls_inspection_configuration;
