//! The AWS CLI calls that export a missing resource: what a diagnostic or an answer's note
//! tells the user to run. Every call lowering and the walk name is spelled here, so that the
//! flags stay consistent and can be checked against the CLI in one place.

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
/// Every network interface: a load balancer's are found by their description, not an id.
pub(crate) fn network_interfaces() -> String {
    "aws ec2 describe-network-interfaces".to_owned()
}
/// An interface endpoint's interfaces.
pub(crate) fn network_interfaces_of_endpoint(endpoint: &str) -> String {
    format!("aws ec2 describe-network-interfaces --filters Name=vpc-endpoint-id,Values={endpoint}")
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
/// The provider's side of an endpoint service (run in the provider's account), by id when
/// the service name gives it.
pub(crate) fn endpoint_service_configurations(service_id: Option<&str>) -> String {
    match service_id {
        Some(id) => {
            format!("aws ec2 describe-vpc-endpoint-service-configurations --service-ids {id}")
        }
        None => "aws ec2 describe-vpc-endpoint-service-configurations".to_owned(),
    }
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
/// A peering attachment's two sides, which name the transit gateway on the other one.
pub(crate) fn transit_gateway_peering_attachment(id: &str) -> String {
    ec2(
        "describe-transit-gateway-peering-attachments",
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
/// A firewall known only by what it is attached to: list them, then describe each.
pub(crate) fn firewalls() -> String {
    "aws network-firewall list-firewalls, then describe-firewall".to_owned()
}
pub(crate) fn load_balancer(arn: &str) -> String {
    format!("aws elbv2 describe-load-balancers --load-balancer-arns {arn}")
}
/// Every load balancer, when the one wanted is not named.
pub(crate) fn load_balancers() -> String {
    "aws elbv2 describe-load-balancers".to_owned()
}
/// Named after the load balancer, so that Reach knows whose listeners the file holds.
pub(crate) fn listeners(load_balancer_arn: &str, load_balancer_name: &str) -> String {
    format!(
        "{} > describe-listeners.{load_balancer_name}.json",
        listeners_of(load_balancer_arn)
    )
}
/// A load balancer's listeners, as an answer's note names the call.
pub(crate) fn listeners_of(load_balancer_arn: &str) -> String {
    format!("aws elbv2 describe-listeners --load-balancer-arn {load_balancer_arn}")
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
    format!(
        "{} > describe-target-health.{target_group_name}.json",
        target_health_of(target_group_arn)
    )
}
/// A target group's targets and their health, as an answer's note names the call.
pub(crate) fn target_health_of(target_group_arn: &str) -> String {
    format!("aws elbv2 describe-target-health --target-group-arn {target_group_arn}")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_read_as_the_cli_takes_them() {
        let check = |call: String, expected: &str| assert_eq!(call, expected);
        check(
            listeners("arn:lb", "web"),
            "aws elbv2 describe-listeners --load-balancer-arn arn:lb > describe-listeners.web.json",
        );
        check(
            target_health("arn:tg", "web-tg"),
            "aws elbv2 describe-target-health --target-group-arn arn:tg > describe-target-health.web-tg.json",
        );
        check(
            endpoint_service_configurations(Some("vpce-svc-1")),
            "aws ec2 describe-vpc-endpoint-service-configurations --service-ids vpce-svc-1",
        );
        check(
            endpoint_service_configurations(None),
            "aws ec2 describe-vpc-endpoint-service-configurations",
        );
        check(
            transit_gateway_peering_attachment("tgw-attach-1"),
            "aws ec2 describe-transit-gateway-peering-attachments --transit-gateway-attachment-ids tgw-attach-1",
        );
        check(
            network_interfaces_of_endpoint("vpce-1"),
            "aws ec2 describe-network-interfaces --filters Name=vpc-endpoint-id,Values=vpce-1",
        );
    }
}
