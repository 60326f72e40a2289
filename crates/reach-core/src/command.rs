//! The AWS CLI calls that export a missing resource: what a diagnostic tells the user to run.

/// `aws ec2 describe-<what> --<flag> <id>`.
pub(crate) fn ec2(operation: &str, flag: &str, id: &str) -> String {
    format!("aws ec2 {operation} --{flag} {id}")
}

pub(crate) fn vpc(id: &str) -> String {
    ec2("describe-vpcs", "vpc-ids", id)
}
pub(crate) fn subnet(id: &str) -> String {
    ec2("describe-subnets", "subnet-ids", id)
}
pub(crate) fn route_table(id: &str) -> String {
    ec2("describe-route-tables", "route-table-ids", id)
}
pub(crate) fn security_group(id: &str) -> String {
    ec2("describe-security-groups", "group-ids", id)
}
pub(crate) fn network_interface(id: &str) -> String {
    ec2("describe-network-interfaces", "network-interface-ids", id)
}
pub(crate) fn instance(id: &str) -> String {
    ec2("describe-instances", "instance-ids", id)
}
pub(crate) fn prefix_list(id: &str) -> String {
    ec2("describe-managed-prefix-lists", "prefix-list-ids", id)
}
pub(crate) fn prefix_list_entries(id: &str) -> String {
    format!("aws ec2 get-managed-prefix-list-entries --prefix-list-id {id} > get-managed-prefix-list-entries.{id}.json")
}
pub(crate) fn transit_gateway(id: &str) -> String {
    ec2("describe-transit-gateways", "transit-gateway-ids", id)
}
pub(crate) fn transit_gateway_attachment(id: &str) -> String {
    ec2(
        "describe-transit-gateway-attachments",
        "transit-gateway-attachment-ids",
        id,
    )
}
pub(crate) fn transit_gateway_route_table(id: &str) -> String {
    ec2(
        "describe-transit-gateway-route-tables",
        "transit-gateway-route-table-ids",
        id,
    )
}
pub(crate) fn firewall_policy(arn: &str) -> String {
    format!("aws network-firewall describe-firewall-policy --firewall-policy-arn {arn}")
}
pub(crate) fn rule_group(arn: &str) -> String {
    format!("aws network-firewall describe-rule-group --rule-group-arn {arn}")
}
pub(crate) fn firewall(arn: &str) -> String {
    format!("aws network-firewall describe-firewall --firewall-arn {arn}")
}
pub(crate) fn load_balancer(arn: &str) -> String {
    format!("aws elbv2 describe-load-balancers --load-balancer-arns {arn}")
}
pub(crate) fn target_group(arn: &str) -> String {
    format!("aws elbv2 describe-target-groups --target-group-arns {arn}")
}

/// A route to `vpce-…` that is neither a known VPC endpoint nor a known firewall endpoint may
/// be either: the first call finds a VPC endpoint, the second the Network Firewall whose
/// endpoint it is (then `describe-firewall` exports the firewall with its endpoints).
pub(crate) fn endpoint(id: &str, vpc: &str) -> String {
    format!(
        "aws ec2 describe-vpc-endpoints --vpc-endpoint-ids {id}; aws network-firewall list-firewalls --vpc-ids {vpc}"
    )
}
