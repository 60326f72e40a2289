//! Lowering of `reach_aws::ec2`, one module per module there.

pub(super) mod address;
pub(super) mod egress_only_internet_gateway;
pub(super) mod instance;
pub(super) mod internet_gateway;
pub(super) mod managed_prefix_list;
pub(super) mod nat_gateway;
pub(super) mod network_acl;
pub(super) mod network_interface;
pub(super) mod route_table;
pub(super) mod security_group;
pub(super) mod subnet;
pub(super) mod transit_gateway;
pub(super) mod vpc;
pub(super) mod vpc_endpoint;
pub(super) mod vpc_peering_connection;
pub(super) mod vpn_connection;
pub(super) mod vpn_gateway;
