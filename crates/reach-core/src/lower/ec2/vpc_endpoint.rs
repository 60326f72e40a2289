//! VPC endpoints (`describe-vpc-endpoints`) and the services they connect to: the consumer's
//! view (`describe-vpc-endpoint-services`) and the provider's (`describe-vpc-endpoint-service-
//! configurations`, `describe-vpc-endpoint-connections`).

use crate::collect::Entry;
use crate::command;
use crate::ids::*;
use crate::lower::Lowering;
use crate::model::*;
use reach_aws::ec2::name_tag;

pub(crate) fn lower(lowering: &mut Lowering<'_>) {
    endpoints(lowering);
    endpoint_services(lowering);
}

fn endpoints(lowering: &mut Lowering<'_>) {
    let Lowering {
        input: c,
        snapshot,
        sink,
    } = lowering;
    for (
        id,
        Entry {
            value: endpoint,
            origin,
        },
    ) in c.vpc_endpoints.iter()
    {
        let endpoint_type = endpoint
            .vpc_endpoint_type
            .as_deref()
            .map_or(VpcEndpointType::Gateway, VpcEndpointType::parse);
        let referrer = format!("VPC endpoint {id}");
        for subnet in &endpoint.subnet_ids {
            sink.check_subnet(c, &referrer, "is in", subnet);
        }
        for group in &endpoint.groups {
            sink.check_security_group(c, &referrer, &group.group_id);
        }
        for table in &endpoint.route_table_ids {
            sink.check_route_table(c, &referrer, "adds a route to", table);
        }
        if let Some(service) = &endpoint.service_name {
            let needs_service = matches!(
                endpoint_type,
                VpcEndpointType::Interface | VpcEndpointType::GatewayLoadBalancer
            );
            let known = c
                .vpc_endpoint_services
                .iter()
                .any(|(_, entry)| &entry.value.service_name == service);
            if needs_service && !known {
                sink.missing(
                    service,
                    format!("VPC endpoint {id} connects to endpoint service {service}, which is not in the input"),
                    command::endpoint_service(service),
                );
            }
        }
        snapshot.vpc_endpoints.insert(
            VpcEndpointId::new(id),
            VpcEndpoint {
                id: VpcEndpointId::new(id),
                name: name_tag(&endpoint.tags).map(str::to_owned),
                endpoint_type,
                vpc: endpoint.vpc_id.as_deref().map(VpcId::new),
                service_name: endpoint.service_name.clone(),
                state: endpoint.state.as_deref().map(VpcEndpointState::parse),
                route_tables: endpoint
                    .route_table_ids
                    .iter()
                    .map(RouteTableId::new)
                    .collect(),
                subnets: endpoint.subnet_ids.iter().map(SubnetId::new).collect(),
                security_groups: endpoint
                    .groups
                    .iter()
                    .map(|group| SecurityGroupId::new(&group.group_id))
                    .collect(),
                network_interfaces: endpoint
                    .network_interface_ids
                    .iter()
                    .map(NetworkInterfaceId::new)
                    .collect(),
                origin: origin.clone(),
            },
        );
    }
    // One model entry per service name, with every type it is offered as.
    for (
        _,
        Entry {
            value: service,
            origin,
        },
    ) in c.vpc_endpoint_services.iter()
    {
        let entry = snapshot
            .vpc_endpoint_services
            .entry(service.service_name.clone())
            .or_insert_with(|| VpcEndpointService {
                service_name: service.service_name.clone(),
                service_id: service.service_id.clone(),
                service_types: Vec::new(),
                availability_zones: service.availability_zones.clone(),
                acceptance_required: service.acceptance_required,
                origin: origin.clone(),
            });
        for kind in &service.service_type {
            if !entry.service_types.contains(&kind.service_type) {
                entry.service_types.push(kind.service_type.clone());
            }
        }
    }
}

/// The provider's side of endpoint services: the load balancers behind each, and each
/// consumer endpoint's acceptance state.
fn endpoint_services(lowering: &mut Lowering<'_>) {
    let Lowering {
        input: c,
        snapshot,
        sink,
    } = lowering;
    for (
        id,
        Entry {
            value: service,
            origin,
        },
    ) in c.endpoint_service_configurations.iter()
    {
        let arns = |list: &[String]| -> Vec<LoadBalancerArn> {
            list.iter().map(LoadBalancerArn::new).collect()
        };
        let configuration = EndpointServiceConfiguration {
            service_id: id.to_owned(),
            service_name: service.service_name.clone(),
            service_types: service
                .service_type
                .iter()
                .map(|kind| kind.service_type.clone())
                .collect(),
            state: service.service_state.as_deref().map(ServiceState::parse),
            availability_zones: service.availability_zones.clone(),
            acceptance_required: service.acceptance_required,
            network_load_balancers: arns(&service.network_load_balancer_arns),
            gateway_load_balancers: arns(&service.gateway_load_balancer_arns),
            origin: origin.clone(),
        };
        let referrer = format!("endpoint service {id}");
        for arn in configuration
            .network_load_balancers
            .iter()
            .chain(&configuration.gateway_load_balancers)
        {
            sink.reference(
                c.load_balancers.contains(arn.as_str()),
                (&referrer, "is served by"),
                "load balancer",
                arn.as_str(),
                command::load_balancer,
            );
        }
        snapshot
            .endpoint_service_configurations
            .insert(id.to_owned(), configuration);
    }
    for (
        _,
        Entry {
            value: connection,
            origin,
        },
    ) in c.endpoint_connections.iter()
    {
        snapshot.endpoint_connections.insert(
            VpcEndpointId::new(&connection.vpc_endpoint_id),
            EndpointConnection {
                service_id: connection.service_id.clone(),
                owner: connection.vpc_endpoint_owner.clone(),
                state: connection
                    .vpc_endpoint_state
                    .as_deref()
                    .map(VpcEndpointState::parse),
                origin: origin.clone(),
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::lower::problems;

    #[test]
    fn what_an_interface_endpoint_refers_to_must_be_in_the_input() {
        let endpoints = r#"{"VpcEndpoints": [{"VpcEndpointId": "vpce-1", "VpcEndpointType": "Interface", "VpcId": "vpc-1",
            "ServiceName": "com.amazonaws.vpce.us-east-1.vpce-svc-1", "SubnetIds": ["subnet-9"],
            "Groups": [{"GroupId": "sg-9"}]}]}"#;
        let (snapshot, problems) = problems(&[("describe-vpc-endpoints.json", endpoints)]);
        assert_eq!(
            problems,
            [
                "missing com.amazonaws.vpce.us-east-1.vpce-svc-1: VPC endpoint vpce-1 connects to endpoint service com.amazonaws.vpce.us-east-1.vpce-svc-1, which is not in the input | aws ec2 describe-vpc-endpoint-services --service-names com.amazonaws.vpce.us-east-1.vpce-svc-1",
                "missing sg-9: VPC endpoint vpce-1 uses security group sg-9, which is not in the input | aws ec2 describe-security-groups --group-ids sg-9",
                "missing subnet-9: VPC endpoint vpce-1 is in subnet subnet-9, which is not in the input | aws ec2 describe-subnets --subnet-ids subnet-9",
            ]
        );
        assert_eq!(
            snapshot.vpc_endpoints["vpce-1"].endpoint_type,
            crate::model::VpcEndpointType::Interface
        );
    }

    #[test]
    fn a_gateway_endpoint_needs_no_service_description_but_its_route_tables() {
        let endpoints = r#"{"VpcEndpoints": [{"VpcEndpointId": "vpce-1", "VpcId": "vpc-1",
            "ServiceName": "com.amazonaws.us-east-1.s3", "RouteTableIds": ["rtb-9"]}]}"#;
        let (snapshot, problems) = problems(&[("describe-vpc-endpoints.json", endpoints)]);
        assert_eq!(
            problems,
            ["missing rtb-9: VPC endpoint vpce-1 adds a route to route table rtb-9, which is not in the input | aws ec2 describe-route-tables --route-table-ids rtb-9"]
        );
        // No type printed: Reach takes it for a gateway endpoint.
        assert_eq!(
            snapshot.vpc_endpoints["vpce-1"].endpoint_type,
            crate::model::VpcEndpointType::Gateway
        );
    }
}
