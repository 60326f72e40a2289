//! The AWS CLI calls that export a missing resource: what a diagnostic tells the user to run.
//! Every call lowering names is spelled here, so that the flags stay consistent and can be
//! checked against the CLI in one place.

/// `aws ec2 describe-<what> --<flag> <id>`.
fn ec2(operation: &str, flag: &str, id: &str) -> String {
    format!("aws ec2 {operation} --{flag} {id}")
}

pub(crate) fn vpc(id: &str) -> String {
    ec2("describe-vpcs", "vpc-ids", id)
}
/// A VPC in another region (the other side of a peering connection), when the region is known.
pub(crate) fn vpc_in_region(id: &str, region: Option<&str>) -> String {
    match region {
        Some(region) => format!("{} --region {region}", vpc(id)),
        None => vpc(id),
    }
}
pub(crate) fn subnet(id: &str) -> String {
    ec2("describe-subnets", "subnet-ids", id)
}
pub(crate) fn route_table(id: &str) -> String {
    ec2("describe-route-tables", "route-table-ids", id)
}
/// The main route table of a VPC: its id is not known, so the call filters by VPC.
pub(crate) fn main_route_table(vpc: &str) -> String {
    format!("aws ec2 describe-route-tables --filters Name=vpc-id,Values={vpc}")
}
/// The network ACL of a subnet: its id is not known, so the call filters by association.
pub(crate) fn network_acl_of_subnet(subnet: &str) -> String {
    format!("aws ec2 describe-network-acls --filters Name=association.subnet-id,Values={subnet}")
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
pub(crate) fn internet_gateway(id: &str) -> String {
    ec2("describe-internet-gateways", "internet-gateway-ids", id)
}
pub(crate) fn egress_only_internet_gateway(id: &str) -> String {
    ec2(
        "describe-egress-only-internet-gateways",
        "egress-only-internet-gateway-ids",
        id,
    )
}
pub(crate) fn nat_gateway(id: &str) -> String {
    ec2("describe-nat-gateways", "nat-gateway-ids", id)
}
pub(crate) fn vpn_gateway(id: &str) -> String {
    ec2("describe-vpn-gateways", "vpn-gateway-ids", id)
}
pub(crate) fn vpc_peering_connection(id: &str) -> String {
    ec2(
        "describe-vpc-peering-connections",
        "vpc-peering-connection-ids",
        id,
    )
}
pub(crate) fn endpoint_service(service_name: &str) -> String {
    format!("aws ec2 describe-vpc-endpoint-services --service-names {service_name}")
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
/// A VPC attachment's subnets and appliance mode, which the generic attachment call leaves out.
pub(crate) fn transit_gateway_vpc_attachment(id: &str) -> String {
    ec2(
        "describe-transit-gateway-vpc-attachments",
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
/// The outputs of a transit gateway route table that carry no id of their own go to files
/// named after the table, which is how Reach tells which table they belong to.
pub(crate) fn transit_gateway_routes(id: &str) -> String {
    format!("aws ec2 search-transit-gateway-routes --transit-gateway-route-table-id {id} --filters Name=state,Values=active,blackhole > search-transit-gateway-routes.{id}.json")
}
pub(crate) fn transit_gateway_route_table_associations(id: &str) -> String {
    format!("aws ec2 get-transit-gateway-route-table-associations --transit-gateway-route-table-id {id} > get-transit-gateway-route-table-associations.{id}.json")
}
pub(crate) fn transit_gateway_route_table_propagations(id: &str) -> String {
    format!("aws ec2 get-transit-gateway-route-table-propagations --transit-gateway-route-table-id {id} > get-transit-gateway-route-table-propagations.{id}.json")
}
pub(crate) fn firewall_policy(arn: &str) -> String {
    format!("aws network-firewall describe-firewall-policy --firewall-policy-arn {arn}")
}
pub(crate) fn firewall_policy_by_name(name: &str) -> String {
    format!("aws network-firewall describe-firewall-policy --firewall-policy-name {name}")
}
pub(crate) fn rule_group(arn: &str) -> String {
    format!("aws network-firewall describe-rule-group --rule-group-arn {arn}")
}
/// By name, `describe-rule-group` needs the group's type as well; the call assumes stateful.
pub(crate) fn rule_group_by_name(name: &str) -> String {
    format!("aws network-firewall describe-rule-group --rule-group-name {name} --type STATEFUL")
}
pub(crate) fn tls_inspection_configuration(arn: &str) -> String {
    format!("aws network-firewall describe-tls-inspection-configuration --tls-inspection-configuration-arn {arn}")
}
pub(crate) fn firewall(arn: &str) -> String {
    format!("aws network-firewall describe-firewall --firewall-arn {arn}")
}
pub(crate) fn load_balancer(arn: &str) -> String {
    format!("aws elbv2 describe-load-balancers --load-balancer-arns {arn}")
}
/// Named after the load balancer, so that Reach knows whose listeners the file holds.
pub(crate) fn listeners(load_balancer_arn: &str, load_balancer_name: &str) -> String {
    format!("aws elbv2 describe-listeners --load-balancer-arn {load_balancer_arn} > describe-listeners.{load_balancer_name}.json")
}
pub(crate) fn listener_rules(listener_arn: &str) -> String {
    format!("aws elbv2 describe-rules --listener-arn {listener_arn}")
}
pub(crate) fn target_group(arn: &str) -> String {
    format!("aws elbv2 describe-target-groups --target-group-arns {arn}")
}
pub(crate) fn target_group_by_name(name: &str) -> String {
    format!("aws elbv2 describe-target-groups --names {name}")
}
/// Named after the target group, so that Reach knows whose targets the file holds.
pub(crate) fn target_health(target_group_arn: &str, target_group_name: &str) -> String {
    format!("aws elbv2 describe-target-health --target-group-arn {target_group_arn} > describe-target-health.{target_group_name}.json")
}
pub(crate) fn load_balancer_by_name(name: &str) -> String {
    format!("aws elbv2 describe-load-balancers --names {name}")
}
/// Named after the load balancer, so that Reach knows whose attributes the file holds.
pub(crate) fn load_balancer_attributes(
    load_balancer_arn: &str,
    load_balancer_name: &str,
) -> String {
    format!("aws elbv2 describe-load-balancer-attributes --load-balancer-arn {load_balancer_arn} > describe-load-balancer-attributes.{load_balancer_name}.json")
}
/// Named after the target group, so that Reach knows whose attributes the file holds.
pub(crate) fn target_group_attributes(target_group_arn: &str, target_group_name: &str) -> String {
    format!("aws elbv2 describe-target-group-attributes --target-group-arn {target_group_arn} > describe-target-group-attributes.{target_group_name}.json")
}

/// A route to `vpce-…` that is neither a known VPC endpoint nor a known firewall endpoint may
/// be either: the first call finds a VPC endpoint, the second the Network Firewall whose
/// endpoint it is (then `describe-firewall` exports the firewall with its endpoints).
pub(crate) fn endpoint(id: &str, vpc: &str) -> String {
    format!(
        "aws ec2 describe-vpc-endpoints --vpc-endpoint-ids {id}; aws network-firewall list-firewalls --vpc-ids {vpc}"
    )
}
