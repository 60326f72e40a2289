//! Lowering of `reach_aws::direct_connect`, one module per module there.

pub(super) mod virtual_interface;
