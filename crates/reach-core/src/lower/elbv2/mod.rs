//! Lowering of `reach_aws::elbv2`, one module per module there.

pub(super) mod listener;
pub(super) mod load_balancer;
pub(super) mod target_group;
