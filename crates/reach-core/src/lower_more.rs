//! Lowering, continued: endpoints, peering, transit gateways, Network Firewall, load balancers.

use crate::collect::{Collected, Entry};
use crate::command;
use crate::diagnostic::Diagnostics;
use crate::ids::*;
use crate::model::*;
use ipnet::IpNet;
use reach_aws::ec2::name_tag;
use reach_aws::Error;

fn error(errors: &mut Vec<Error>, origin: &Origin, resource: &str, field: &str, message: String) {
    errors.push(
        Error::in_file(&origin.file, message)
            .of_resource(resource)
            .at(origin.field_path(field)),
    );
}

fn cidr(
    errors: &mut Vec<Error>,
    text: &str,
    origin: &Origin,
    resource: &str,
    field: &str,
) -> Option<IpNet> {
    match text.parse() {
        Ok(cidr) => Some(cidr),
        Err(_) => {
            error(
                errors,
                origin,
                resource,
                field,
                format!("invalid CIDR {text:?}"),
            );
            None
        }
    }
}

fn port(value: Option<i64>) -> Option<u16> {
    value.and_then(|value| u16::try_from(value).ok())
}

/// Finds what a context key names: an ARN as is, or a name matched against known ARNs.
fn resolve<'a>(key: &str, arns: impl Iterator<Item = &'a String>) -> Option<String> {
    if key.starts_with("arn:") {
        return Some(key.to_owned());
    }
    let matches: Vec<&String> = arns.filter(|arn| arn_name(arn) == key).collect();
    match matches.as_slice() {
        [only] => Some((*only).clone()),
        _ => None,
    }
}

pub(crate) fn lower_rest(
    c: &Collected,
    snapshot: &mut Snapshot,
    errors: &mut Vec<Error>,
    diagnostics: &mut Diagnostics,
) {
    endpoints(c, snapshot, diagnostics);
    endpoint_services(c, snapshot, diagnostics);
    peering(c, snapshot, errors, diagnostics);
    transit_gateways(c, snapshot, errors, diagnostics);
    network_firewall(c, snapshot, errors, diagnostics);
    elbv2(c, snapshot, errors, diagnostics);
}

fn endpoints(c: &Collected, snapshot: &mut Snapshot, diagnostics: &mut Diagnostics) {
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
            .clone()
            .unwrap_or_else(|| "Gateway".to_owned());
        for subnet in &endpoint.subnet_ids {
            if !c.subnets.contains(subnet) {
                diagnostics.missing(
                    subnet,
                    format!("VPC endpoint {id} is in subnet {subnet}, which is not in the input"),
                    command::subnet(subnet),
                );
            }
        }
        for group in &endpoint.groups {
            crate::lower::security_group_ref(
                c,
                &group.group_id,
                format!("VPC endpoint {id}"),
                diagnostics,
            );
        }
        for table in &endpoint.route_table_ids {
            if !c.route_tables.contains(table) {
                diagnostics.missing(table, format!("VPC endpoint {id} adds a route to route table {table}, which is not in the input"), command::route_table(table));
            }
        }
        if let Some(service) = &endpoint.service_name {
            let needs_service =
                matches!(endpoint_type.as_str(), "Interface" | "GatewayLoadBalancer");
            let known = c
                .vpc_endpoint_services
                .iter()
                .any(|(_, entry)| &entry.value.service_name == service);
            if needs_service && !known {
                diagnostics.missing(
                    service,
                    format!("VPC endpoint {id} connects to endpoint service {service}, which is not in the input"),
                    format!("aws ec2 describe-vpc-endpoint-services --service-names {service}"),
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
                state: endpoint.state.clone(),
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
fn endpoint_services(c: &Collected, snapshot: &mut Snapshot, diagnostics: &mut Diagnostics) {
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
            state: service.service_state.clone(),
            availability_zones: service.availability_zones.clone(),
            acceptance_required: service.acceptance_required,
            network_load_balancers: arns(&service.network_load_balancer_arns),
            gateway_load_balancers: arns(&service.gateway_load_balancer_arns),
            origin: origin.clone(),
        };
        for arn in configuration
            .network_load_balancers
            .iter()
            .chain(&configuration.gateway_load_balancers)
        {
            if !c.load_balancers.contains(arn.as_str()) {
                diagnostics.missing(
                    arn.as_str(),
                    format!("endpoint service {id} is served by load balancer {arn}, which is not in the input"),
                    format!("aws elbv2 describe-load-balancers --load-balancer-arns {arn}"),
                );
            }
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
                state: connection.vpc_endpoint_state.clone(),
                origin: origin.clone(),
            },
        );
    }
}

fn peering(
    c: &Collected,
    snapshot: &mut Snapshot,
    errors: &mut Vec<Error>,
    diagnostics: &mut Diagnostics,
) {
    for (
        id,
        Entry {
            value: peering,
            origin,
        },
    ) in c.vpc_peering_connections.iter()
    {
        let status = peering
            .status
            .as_ref()
            .and_then(|status| status.code.clone());
        let mut side = |info: &Option<reach_aws::ec2::vpc_peering_connection::PeeringVpcInfo>,
                        field: &str| {
            let info = info.clone().unwrap_or_default();
            let mut cidrs: Vec<IpNet> = Vec::new();
            let texts = info.cidr_block.iter().cloned().chain(
                info.cidr_block_set
                    .iter()
                    .map(|entry| entry.cidr_block.clone()),
            );
            for text in texts.chain(
                info.ipv6_cidr_block_set
                    .iter()
                    .map(|entry| entry.ipv6_cidr_block.clone()),
            ) {
                if let Some(parsed) =
                    cidr(errors, &text, origin, id, &format!("{field}.CidrBlockSet"))
                {
                    if !cidrs.contains(&parsed) {
                        cidrs.push(parsed);
                    }
                }
            }
            PeeringSide {
                vpc: info.vpc_id.as_deref().map(VpcId::new),
                owner_id: info.owner_id,
                region: info.region,
                cidrs,
            }
        };
        let requester = side(&peering.requester_vpc_info, "RequesterVpcInfo");
        let accepter = side(&peering.accepter_vpc_info, "AccepterVpcInfo");
        if matches!(status.as_deref(), Some("active") | None) {
            for side in [&requester, &accepter] {
                let Some(vpc) = &side.vpc else { continue };
                if !c.vpcs.contains(vpc.as_str()) {
                    let mut command = command::vpc(vpc.as_str());
                    if let Some(region) = &side.region {
                        command.push_str(&format!(" --region {region}"));
                    }
                    let account = side
                        .owner_id
                        .as_deref()
                        .map(|account| format!(" in account {account}"))
                        .unwrap_or_default();
                    diagnostics.missing(
                        vpc.as_str(),
                        format!("VPC peering connection {id} connects to VPC {vpc}{account}, which is not in the input (export that account and region too)"),
                        command,
                    );
                }
            }
        }
        snapshot.vpc_peering_connections.insert(
            VpcPeeringConnectionId::new(id),
            VpcPeeringConnection {
                id: VpcPeeringConnectionId::new(id),
                name: name_tag(&peering.tags).map(str::to_owned),
                requester,
                accepter,
                status,
                origin: origin.clone(),
            },
        );
    }
}

fn transit_gateways(
    c: &Collected,
    snapshot: &mut Snapshot,
    errors: &mut Vec<Error>,
    diagnostics: &mut Diagnostics,
) {
    for (
        id,
        Entry {
            value: gateway,
            origin,
        },
    ) in c.transit_gateways.iter()
    {
        let options = gateway.options.clone().unwrap_or_default();
        let enabled = |setting: &Option<String>| setting.as_deref() == Some("enable");
        snapshot.transit_gateways.insert(
            TransitGatewayId::new(id),
            TransitGateway {
                id: TransitGatewayId::new(id),
                name: name_tag(&gateway.tags).map(str::to_owned),
                owner_id: gateway.owner_id.clone(),
                state: gateway.state.clone(),
                association_default_route_table: options
                    .association_default_route_table_id
                    .filter(|_| enabled(&options.default_route_table_association))
                    .map(TransitGatewayRouteTableId::new),
                propagation_default_route_table: options
                    .propagation_default_route_table_id
                    .filter(|_| enabled(&options.default_route_table_propagation))
                    .map(TransitGatewayRouteTableId::new),
                origin: origin.clone(),
            },
        );
    }
    let gateway_ref = |gateway: &Option<String>,
                       referrer: String,
                       diagnostics: &mut Diagnostics| {
        if let Some(gateway) = gateway {
            if !c.transit_gateways.contains(gateway) {
                diagnostics.missing(gateway, format!("{referrer} belongs to transit gateway {gateway}, which is not in the input"), command::transit_gateway(gateway));
            }
        }
    };
    // Attachments: describe-transit-gateway-attachments for every type, completed by the VPC
    // and peering calls (subnets, appliance mode).
    let base = |key: &str| key.split('@').next().unwrap_or(key).to_owned();
    let ids: std::collections::BTreeSet<String> = c
        .transit_gateway_attachments
        .entries
        .keys()
        .chain(c.transit_gateway_vpc_attachments.entries.keys())
        .chain(c.transit_gateway_peering_attachments.entries.keys())
        .map(|key| base(key))
        .collect();
    for id in &ids {
        // Every side of the attachment (one, unless it is a peering attachment).
        // Keys starting with the id sort together: a range, not a scan of every attachment.
        let sides: Vec<&Entry<reach_aws::ec2::transit_gateway::TransitGatewayAttachment>> = c
            .transit_gateway_attachments
            .entries
            .range::<String, _>(id..)
            .take_while(|(key, _)| key.starts_with(id.as_str()))
            .filter(|(key, _)| base(key) == *id)
            .map(|(_, entry)| entry)
            .collect();
        let generic = sides.first().copied();
        let vpc = c.transit_gateway_vpc_attachments.get(id);
        let peering = c.transit_gateway_peering_attachments.get(id);
        let origin = generic
            .map(|e| &e.origin)
            .or(vpc.map(|e| &e.origin))
            .or(peering.map(|e| &e.origin));
        let Some(origin) = origin else { continue };
        let transit_gateway = generic
            .and_then(|e| e.value.transit_gateway_id.clone())
            .or_else(|| vpc.and_then(|e| e.value.transit_gateway_id.clone()))
            .or_else(|| {
                peering.and_then(|e| {
                    e.value
                        .requester_tgw_info
                        .as_ref()
                        .and_then(|info| info.transit_gateway_id.clone())
                })
            });
        gateway_ref(
            &transit_gateway,
            format!("transit gateway attachment {id}"),
            diagnostics,
        );
        let resource_type = generic
            .and_then(|e| e.value.resource_type.clone())
            .or_else(|| vpc.map(|_| "vpc".to_owned()))
            .or_else(|| peering.map(|_| "peering".to_owned()));
        let resource_id = generic
            .and_then(|e| e.value.resource_id.clone())
            .or_else(|| vpc.and_then(|e| e.value.vpc_id.clone()));
        let subnets: Vec<SubnetId> = vpc
            .map(|e| e.value.subnet_ids.iter().map(SubnetId::new).collect())
            .unwrap_or_default();
        if resource_type.as_deref() == Some("vpc") {
            if vpc.is_none() {
                diagnostics.missing(
                    id,
                    format!("transit gateway attachment {id} attaches a VPC, but its subnets and appliance mode were not exported"),
                    format!("aws ec2 describe-transit-gateway-vpc-attachments --transit-gateway-attachment-ids {id}"),
                );
            }
            if let Some(vpc_id) = &resource_id {
                if !c.vpcs.contains(vpc_id) {
                    diagnostics.missing(vpc_id, format!("transit gateway attachment {id} attaches VPC {vpc_id}, which is not in the input"), command::vpc(vpc_id));
                }
            }
            for subnet in &subnets {
                if !c.subnets.contains(subnet.as_str()) {
                    diagnostics.missing(subnet.as_str(), format!("transit gateway attachment {id} uses subnet {subnet}, which is not in the input"), command::subnet(subnet.as_str()));
                }
            }
        }
        let entry = generic.map(|e| &e.value);
        snapshot.transit_gateway_attachments.insert(
            TransitGatewayAttachmentId::new(id),
            TransitGatewayAttachment {
                id: TransitGatewayAttachmentId::new(id),
                name: entry
                    .and_then(|a| name_tag(&a.tags))
                    .or_else(|| vpc.and_then(|e| name_tag(&e.value.tags)))
                    .map(str::to_owned),
                transit_gateway: transit_gateway.map(TransitGatewayId::new),
                resource_type,
                resource_id,
                state: entry
                    .and_then(|a| a.state.clone())
                    .or_else(|| vpc.and_then(|e| e.value.state.clone())),
                association: entry
                    .and_then(|a| a.association.as_ref())
                    .filter(|association| association.state.as_deref() != Some("disassociated"))
                    .and_then(|association| association.transit_gateway_route_table_id.clone())
                    .map(TransitGatewayRouteTableId::new),
                subnets,
                appliance_mode: vpc
                    .and_then(|e| e.value.options.as_ref())
                    .and_then(|options| options.appliance_mode_support.as_deref())
                    .map(|mode| mode == "enable"),
                peers: peering
                    .map(|e| {
                        [&e.value.requester_tgw_info, &e.value.accepter_tgw_info]
                            .into_iter()
                            .flatten()
                            .filter_map(|info| info.transit_gateway_id.as_deref())
                            .map(TransitGatewayId::new)
                            .collect()
                    })
                    .unwrap_or_else(|| {
                        sides
                            .iter()
                            .filter(|side| side.value.resource_type.as_deref() == Some("peering"))
                            .filter_map(|side| side.value.transit_gateway_id.as_deref())
                            .map(TransitGatewayId::new)
                            .collect()
                    }),
                side_associations: sides
                    .iter()
                    .filter(|side| side.value.resource_type.as_deref() == Some("peering"))
                    .filter_map(|side| {
                        let gateway = side.value.transit_gateway_id.as_deref()?;
                        let table = side
                            .value
                            .association
                            .as_ref()
                            .filter(|association| {
                                association.state.as_deref() != Some("disassociated")
                            })?
                            .transit_gateway_route_table_id
                            .as_deref()?;
                        Some((
                            TransitGatewayId::new(gateway),
                            TransitGatewayRouteTableId::new(table),
                        ))
                    })
                    .collect(),
                origin: origin.clone(),
            },
        );
    }
    for (
        id,
        Entry {
            value: table,
            origin,
        },
    ) in c.transit_gateway_route_tables.iter()
    {
        gateway_ref(
            &table.transit_gateway_id,
            format!("transit gateway route table {id}"),
            diagnostics,
        );
        let routes = c.transit_gateway_routes.get(id).map(|Entry { value: routes, origin: routes_origin }| {
            let mut parsed = Vec::new();
            for (index, route) in routes.iter().enumerate() {
                let destination = if let Some(text) = &route.destination_cidr_block {
                    match cidr(errors, text, routes_origin, id, &format!("[{index}].DestinationCidrBlock")) {
                        Some(cidr) => TransitGatewayRouteDestination::Cidr(cidr),
                        None => continue,
                    }
                } else if let Some(prefix_list) = &route.prefix_list_id {
                    TransitGatewayRouteDestination::PrefixList(PrefixListId::new(prefix_list))
                } else {
                    error(errors, routes_origin, id, &format!("[{index}]"), "route without a destination".to_owned());
                    continue;
                };
                let attachments: Vec<TransitGatewayAttachmentId> = route
                    .transit_gateway_attachments
                    .iter()
                    .filter_map(|attachment| attachment.transit_gateway_attachment_id.clone())
                    .map(TransitGatewayAttachmentId::new)
                    .collect();
                for attachment in &attachments {
                    if !snapshot.transit_gateway_attachments.contains_key(attachment) {
                        diagnostics.missing(
                            attachment.as_str(),
                            format!("transit gateway route table {id} routes to attachment {attachment}, which is not in the input"),
                            command::transit_gateway_attachment(attachment.as_str()),
                        );
                    }
                }
                parsed.push(TransitGatewayRoute {
                    destination,
                    attachments,
                    propagated: route.route_type.as_deref() == Some("propagated"),
                    blackhole: route.state.as_deref() == Some("blackhole"),
                });
            }
            parsed
        });
        let links = |table_of: &crate::collect::Table<
            Vec<reach_aws::ec2::transit_gateway::TransitGatewayRouteTableAttachmentLink>,
        >| {
            table_of.get(id).map(|entry| {
                entry
                    .value
                    .iter()
                    .filter(|link| {
                        !matches!(link.state.as_deref(), Some("disassociated" | "disabled"))
                    })
                    .map(|link| {
                        TransitGatewayAttachmentId::new(&link.transit_gateway_attachment_id)
                    })
                    .collect::<Vec<_>>()
            })
        };
        let associations = links(&c.transit_gateway_associations);
        let propagations = links(&c.transit_gateway_propagations);
        let routes = match (routes, &propagations) {
            (Some(routes), Some(propagations)) if c.static_only_routes.contains(id) => Some(
                with_propagated_routes(id, routes, propagations, snapshot, diagnostics),
            ),
            (routes, _) => routes,
        };
        let routes_call = format!(
            "aws ec2 search-transit-gateway-routes --transit-gateway-route-table-id {id} --filters Name=state,Values=active,blackhole > search-transit-gateway-routes.{id}.json"
        );
        if routes.is_none() {
            diagnostics.missing(
                format!("routes of {id}"),
                format!("transit gateway route table {id}: its routes were not exported"),
                routes_call,
            );
        }
        if associations.is_none() {
            diagnostics.missing(
                format!("associations of {id}"),
                format!("transit gateway route table {id}: its associations were not exported"),
                format!("aws ec2 get-transit-gateway-route-table-associations --transit-gateway-route-table-id {id} > get-transit-gateway-route-table-associations.{id}.json"),
            );
        }
        if propagations.is_none() {
            diagnostics.missing(
                format!("propagations of {id}"),
                format!("transit gateway route table {id}: its propagations were not exported"),
                format!("aws ec2 get-transit-gateway-route-table-propagations --transit-gateway-route-table-id {id} > get-transit-gateway-route-table-propagations.{id}.json"),
            );
        }
        snapshot.transit_gateway_route_tables.insert(
            TransitGatewayRouteTableId::new(id),
            TransitGatewayRouteTable {
                id: TransitGatewayRouteTableId::new(id),
                name: name_tag(&table.tags).map(str::to_owned),
                transit_gateway: table
                    .transit_gateway_id
                    .as_deref()
                    .map(TransitGatewayId::new),
                routes,
                associations,
                propagations,
                origin: origin.clone(),
            },
        );
    }
    let described = c
        .transit_gateway_routes
        .iter()
        .map(|(key, entry)| (key, &entry.origin))
        .chain(
            c.transit_gateway_associations
                .iter()
                .map(|(key, entry)| (key, &entry.origin)),
        )
        .chain(
            c.transit_gateway_propagations
                .iter()
                .map(|(key, entry)| (key, &entry.origin)),
        );
    for (key, origin) in described {
        if !c.transit_gateway_route_tables.contains(key) {
            diagnostics.missing(
                key,
                format!(
                    "{} describes transit gateway route table {key}, which is not in the input",
                    origin.file
                ),
                command::transit_gateway_route_table(key),
            );
        }
    }
    for attachment in snapshot.transit_gateway_attachments.values() {
        if let Some(table) = &attachment.association {
            if !c.transit_gateway_route_tables.contains(table.as_str()) {
                diagnostics.missing(
                    table.as_str(),
                    format!("transit gateway attachment {} is associated with route table {table}, which is not in the input", attachment.id),
                    command::transit_gateway_route_table(table.as_str()),
                );
            }
        }
    }
}

/// Batfish exports only a route table's static routes; the propagated ones follow from its
/// propagations: a VPC attachment propagates its VPC's CIDRs. A static route to the same
/// destination takes precedence over a propagated one (Transit Gateway guide, "Route
/// evaluation order"). What VPN, Direct Connect or peering attachments propagate cannot be
/// known from the export, and a diagnostic says so.
fn with_propagated_routes(
    id: &str,
    mut routes: Vec<TransitGatewayRoute>,
    propagations: &[TransitGatewayAttachmentId],
    snapshot: &Snapshot,
    diagnostics: &mut Diagnostics,
) -> Vec<TransitGatewayRoute> {
    for attachment_id in propagations {
        let Some(attachment) = snapshot.transit_gateway_attachments.get(attachment_id) else {
            continue;
        };
        let vpc = attachment
            .resource_id
            .as_deref()
            .and_then(|vpc| snapshot.vpcs.get(vpc));
        match (attachment.resource_type.as_deref(), vpc) {
            (Some("vpc"), Some(vpc)) => {
                for cidr in &vpc.cidrs {
                    let destination = TransitGatewayRouteDestination::Cidr(*cidr);
                    if routes.iter().any(|route| route.destination == destination) {
                        continue;
                    }
                    routes.push(TransitGatewayRoute {
                        destination,
                        attachments: vec![attachment_id.clone()],
                        propagated: true,
                        blackhole: false,
                    });
                }
            }
            _ => diagnostics.missing(
                format!("routes of {id}"),
                format!(
                    "transit gateway route table {id}: only its static routes were exported (Batfish's TransitGatewayStaticRoutes), and what attachment {attachment_id} propagates cannot be derived"
                ),
                format!(
                    "aws ec2 search-transit-gateway-routes --transit-gateway-route-table-id {id} --filters Name=state,Values=active,blackhole > search-transit-gateway-routes.{id}.json"
                ),
            ),
        }
    }
    routes
}

/// The number of rules of a rule group, as `reach inventory` counts them.
fn rule_count(rule_group: &reach_aws::network_firewall::rule_group::RuleGroup) -> (usize, bool) {
    let Some(source) = &rule_group.rules_source else {
        return (0, true);
    };
    if let Some(rules) = &source.stateful_rules {
        return (rules.len(), true);
    }
    if let Some(rules) = &source.rules_string {
        return (reach_nfw::suricata::rule_lines(rules).len(), true);
    }
    if let Some(list) = &source.rules_source_list {
        // AWS generates one rule per domain and target type (TLS_SNI, HTTP_HOST).
        return (list.targets.len() * list.target_types.len().max(1), true);
    }
    if let Some(stateless) = &source.stateless_rules_and_custom_actions {
        return (stateless.stateless_rules.len(), false);
    }
    (0, true)
}

fn network_firewall(
    c: &Collected,
    snapshot: &mut Snapshot,
    _errors: &mut Vec<Error>,
    diagnostics: &mut Diagnostics,
) {
    // Rule groups: whole describe-rule-group outputs, and `--query` fragments whose context
    // names them (by ARN, or by a name the policies' references resolve).
    let referenced: Vec<String> = c
        .firewall_policies
        .iter()
        .filter_map(|(_, entry)| entry.value.firewall_policy.as_ref())
        .chain(
            c.firewall_policy_fragments
                .iter()
                .map(|(_, entry)| &entry.value),
        )
        .flat_map(|policy| {
            policy
                .stateful_rule_group_references
                .iter()
                .map(|reference| reference.resource_arn.clone())
                .chain(
                    policy
                        .stateless_rule_group_references
                        .iter()
                        .map(|reference| reference.resource_arn.clone()),
                )
        })
        .collect();
    for (
        arn,
        Entry {
            value: described,
            origin,
        },
    ) in c.rule_groups.iter()
    {
        let response = &described.rule_group_response;
        let (rule_count, stateful_by_source) = described
            .rule_group
            .as_ref()
            .map(rule_count)
            .unwrap_or((0, true));
        let stateful = match response.rule_group_type.as_deref() {
            Some("STATELESS") => false,
            Some(_) => true,
            None => stateful_by_source,
        };
        snapshot.rule_groups.insert(
            RuleGroupArn::new(arn),
            RuleGroup {
                arn: RuleGroupArn::new(arn),
                name: response
                    .rule_group_name
                    .clone()
                    .unwrap_or_else(|| arn_name(arn).to_owned()),
                stateful,
                rule_group: described.rule_group.clone(),
                rule_count,
                origin: origin.clone(),
            },
        );
    }
    for (
        key,
        Entry {
            value: body,
            origin,
        },
    ) in c.rule_group_fragments.iter()
    {
        let Some(arn) = resolve(key, referenced.iter()) else {
            diagnostics.missing(
                key,
                format!("{} holds a rule group named {key:?}, but no firewall policy in the input references a rule group by that name", origin.file),
                format!("aws network-firewall describe-rule-group --rule-group-name {key} --type STATEFUL"),
            );
            continue;
        };
        if snapshot.rule_groups.contains_key(arn.as_str()) {
            continue;
        }
        let (rule_count, stateful) = rule_count(body);
        snapshot.rule_groups.insert(
            RuleGroupArn::new(&arn),
            RuleGroup {
                arn: RuleGroupArn::new(&arn),
                name: arn_name(&arn).to_owned(),
                stateful,
                rule_group: Some(body.clone()),
                rule_count,
                origin: origin.clone(),
            },
        );
    }
    // Policies.
    for (
        arn,
        Entry {
            value: described,
            origin,
        },
    ) in c.firewall_policies.iter()
    {
        let response = &described.firewall_policy_response;
        snapshot.firewall_policies.insert(
            FirewallPolicyArn::new(arn),
            FirewallPolicy {
                arn: FirewallPolicyArn::new(arn),
                name: response
                    .firewall_policy_name
                    .clone()
                    .unwrap_or_else(|| arn_name(arn).to_owned()),
                policy: described.firewall_policy.clone(),
                origin: origin.clone(),
            },
        );
    }
    let firewall_policy_arns: Vec<String> = c
        .firewalls
        .iter()
        .filter_map(|(_, entry)| entry.value.firewall.firewall_policy_arn.clone())
        .collect();
    for (
        key,
        Entry {
            value: policy,
            origin,
        },
    ) in c.firewall_policy_fragments.iter()
    {
        let Some(arn) = resolve(key, firewall_policy_arns.iter()) else {
            diagnostics.missing(
                key,
                format!("{} holds a firewall policy named {key:?}, but no firewall in the input uses a policy by that name", origin.file),
                format!("aws network-firewall describe-firewall-policy --firewall-policy-name {key}"),
            );
            continue;
        };
        snapshot
            .firewall_policies
            .entry(FirewallPolicyArn::new(&arn))
            .or_insert_with(|| FirewallPolicy {
                arn: FirewallPolicyArn::new(&arn),
                name: arn_name(&arn).to_owned(),
                policy: Some(policy.clone()),
                origin: origin.clone(),
            });
    }
    for policy in snapshot.firewall_policies.values() {
        let Some(body) = &policy.policy else { continue };
        let references = body
            .stateful_rule_group_references
            .iter()
            .map(|reference| &reference.resource_arn)
            .chain(
                body.stateless_rule_group_references
                    .iter()
                    .map(|reference| &reference.resource_arn),
            );
        for arn in references {
            if !snapshot.rule_groups.contains_key(arn.as_str()) {
                diagnostics.missing(
                    arn.as_str(),
                    format!(
                        "firewall policy {} references rule group {}, which is not in the input",
                        policy.name,
                        arn_name(arn)
                    ),
                    command::rule_group(arn),
                );
            }
        }
        if let Some(arn) = &body.tls_inspection_configuration_arn {
            if !c.tls_inspection_configurations.contains(arn) {
                diagnostics.missing(
                    arn.as_str(),
                    format!("firewall policy {} uses TLS inspection configuration {}, which is not in the input", policy.name, arn_name(arn)),
                    format!("aws network-firewall describe-tls-inspection-configuration --tls-inspection-configuration-arn {arn}"),
                );
            }
        }
    }
    for (
        arn,
        Entry {
            value: described,
            origin,
        },
    ) in c.tls_inspection_configurations.iter()
    {
        snapshot.tls_inspection_configurations.insert(
            TlsInspectionConfigurationArn::new(arn),
            TlsInspectionConfiguration {
                arn: TlsInspectionConfigurationArn::new(arn),
                name: described
                    .tls_inspection_configuration_response
                    .tls_inspection_configuration_name
                    .clone(),
                scopes: described
                    .tls_inspection_configuration
                    .iter()
                    .flat_map(|configuration| &configuration.server_certificate_configurations)
                    .flat_map(|certificate| {
                        certificate
                            .scopes
                            .iter()
                            .map(crate::lower_rule_group::match_attributes)
                    })
                    .collect(),
                origin: origin.clone(),
            },
        );
    }
    // Firewalls.
    for (
        arn,
        Entry {
            value: described,
            origin,
        },
    ) in c.firewalls.iter()
    {
        let firewall = &described.firewall;
        let name = firewall
            .firewall_name
            .clone()
            .unwrap_or_else(|| arn_name(arn).to_owned());
        let status = described.firewall_status.clone().unwrap_or_default();
        let endpoints: Vec<FirewallEndpoint> = status
            .sync_states
            .iter()
            .map(|(zone, state)| {
                let attachment = state.attachment.clone().unwrap_or_default();
                FirewallEndpoint {
                    availability_zone: zone.clone(),
                    endpoint: attachment.endpoint_id.map(VpcEndpointId::new),
                    subnet: attachment.subnet_id.map(SubnetId::new),
                    status: attachment.status,
                }
            })
            .collect();
        if let Some(policy) = &firewall.firewall_policy_arn {
            if !snapshot.firewall_policies.contains_key(policy.as_str()) {
                diagnostics.missing(
                    policy.as_str(),
                    format!(
                        "firewall {name} uses firewall policy {}, which is not in the input",
                        arn_name(policy)
                    ),
                    command::firewall_policy(policy),
                );
            }
        }
        if let Some(vpc) = &firewall.vpc_id {
            if !c.vpcs.contains(vpc) {
                diagnostics.missing(
                    vpc,
                    format!("firewall {name} is in VPC {vpc}, which is not in the input"),
                    command::vpc(vpc),
                );
            }
        }
        for mapping in &firewall.subnet_mappings {
            if !c.subnets.contains(&mapping.subnet_id) {
                diagnostics.missing(
                    &mapping.subnet_id,
                    format!(
                        "firewall {name} has an endpoint in subnet {}, which is not in the input",
                        mapping.subnet_id
                    ),
                    command::subnet(&mapping.subnet_id),
                );
            }
        }
        snapshot.firewalls.insert(
            FirewallArn::new(arn),
            Firewall {
                arn: FirewallArn::new(arn),
                name,
                policy: firewall
                    .firewall_policy_arn
                    .as_deref()
                    .map(FirewallPolicyArn::new),
                vpc: firewall.vpc_id.as_deref().map(VpcId::new),
                subnets: firewall
                    .subnet_mappings
                    .iter()
                    .map(|mapping| SubnetId::new(&mapping.subnet_id))
                    .collect(),
                endpoints,
                transit_gateway: firewall
                    .transit_gateway_id
                    .as_deref()
                    .map(TransitGatewayId::new),
                transit_gateway_attachment: status
                    .transit_gateway_attachment_sync_state
                    .as_ref()
                    .and_then(|sync| sync.attachment_id.clone())
                    .or_else(|| {
                        c.listed_firewalls
                            .get(arn)
                            .and_then(|listed| listed.value.transit_gateway_attachment_id.clone())
                    })
                    .map(TransitGatewayAttachmentId::new),
                transit_gateway_attachment_status: status
                    .transit_gateway_attachment_sync_state
                    .as_ref()
                    .and_then(|sync| sync.transit_gateway_attachment_status.clone()),
                status: status.status,
                origin: origin.clone(),
            },
        );
    }
    // Endpoints a firewall placed in other VPCs (VPC endpoint associations) inspect like its
    // own: routes to them lead to the firewall.
    for (
        arn,
        Entry {
            value: described, ..
        },
    ) in c.vpc_endpoint_associations.iter()
    {
        let association = &described.vpc_endpoint_association;
        let status = described
            .vpc_endpoint_association_status
            .clone()
            .unwrap_or_default();
        let Some(firewall) = snapshot
            .firewalls
            .get_mut(association.firewall_arn.as_str())
        else {
            diagnostics.missing(
                association.firewall_arn.as_str(),
                format!(
                    "VPC endpoint association {arn} places an endpoint of firewall {}, which is not in the input",
                    arn_name(&association.firewall_arn)
                ),
                command::firewall(&association.firewall_arn),
            );
            continue;
        };
        for (zone, state) in &status.association_sync_state {
            let attachment = state.attachment.clone().unwrap_or_default();
            // The association's own status stands for its endpoints until they report theirs.
            let endpoint_status = attachment.status.or_else(|| status.status.clone());
            firewall.endpoints.push(FirewallEndpoint {
                availability_zone: zone.clone(),
                endpoint: attachment.endpoint_id.map(VpcEndpointId::new),
                subnet: attachment
                    .subnet_id
                    .or_else(|| {
                        association
                            .subnet_mapping
                            .as_ref()
                            .map(|mapping| mapping.subnet_id.clone())
                    })
                    .map(SubnetId::new),
                status: endpoint_status,
            });
        }
    }
    for (arn, Entry { value: listed, .. }) in c.listed_firewalls.iter() {
        if !c.firewalls.contains(arn) {
            let name = listed
                .firewall_name
                .clone()
                .unwrap_or_else(|| arn_name(arn).to_owned());
            diagnostics.missing(
                arn.as_str(),
                format!("list-firewalls names firewall {name}, but its describe-firewall output (policy, endpoints) is not in the input"),
                command::firewall(arn),
            );
        }
    }
}

fn elbv2(
    c: &Collected,
    snapshot: &mut Snapshot,
    errors: &mut Vec<Error>,
    diagnostics: &mut Diagnostics,
) {
    let _ = errors;
    for (
        arn,
        Entry {
            value: balancer,
            origin,
        },
    ) in c.load_balancers.iter()
    {
        let name = balancer
            .load_balancer_name
            .clone()
            .unwrap_or_else(|| arn_name(arn).to_owned());
        let subnets: Vec<SubnetId> = balancer
            .availability_zones
            .iter()
            .filter_map(|zone| zone.subnet_id.as_deref())
            .map(SubnetId::new)
            .collect();
        for subnet in &subnets {
            if !c.subnets.contains(subnet.as_str()) {
                diagnostics.missing(
                    subnet.as_str(),
                    format!(
                        "load balancer {name} is in subnet {subnet}, which is not in the input"
                    ),
                    command::subnet(subnet.as_str()),
                );
            }
        }
        for group in &balancer.security_groups {
            crate::lower::security_group_ref(
                c,
                group,
                format!("load balancer {name}"),
                diagnostics,
            );
        }
        if !c.listeners_exported_for.contains(arn) && !c.listeners_exported_for.contains(&name) {
            diagnostics.missing(
                format!("listeners of {arn}"),
                format!("load balancer {name}: its listeners were not exported"),
                format!("aws elbv2 describe-listeners --load-balancer-arn {arn} > describe-listeners.{name}.json"),
            );
        }
        snapshot.load_balancers.insert(
            LoadBalancerArn::new(arn),
            LoadBalancer {
                arn: LoadBalancerArn::new(arn),
                name,
                load_balancer_type: balancer
                    .load_balancer_type
                    .clone()
                    .unwrap_or_else(|| "application".to_owned()),
                scheme: balancer.scheme.clone(),
                vpc: balancer.vpc_id.as_deref().map(VpcId::new),
                subnets,
                security_groups: balancer
                    .security_groups
                    .iter()
                    .map(SecurityGroupId::new)
                    .collect(),
                state: balancer.state.as_ref().and_then(|state| state.code.clone()),
                origin: origin.clone(),
            },
        );
    }
    let forwards = |actions: &[reach_aws::elbv2::listener::Action]| -> Vec<TargetGroupArn> {
        let mut groups = Vec::new();
        for action in actions
            .iter()
            .filter(|action| action.action_type == "forward")
        {
            groups.extend(action.target_group_arn.iter().cloned());
            if let Some(config) = &action.forward_config {
                groups.extend(
                    config
                        .target_groups
                        .iter()
                        .map(|tuple| tuple.target_group_arn.clone()),
                );
            }
        }
        groups.sort();
        groups.dedup();
        groups.into_iter().map(TargetGroupArn::new).collect()
    };
    let mut rules_by_listener: std::collections::BTreeMap<String, Vec<ListenerRule>> =
        Default::default();
    for (arn, Entry { value: rule, .. }) in c.listener_rules.iter() {
        // `…:listener-rule/app/<lb>/<lb-id>/<listener-id>/<rule-id>` → `…:listener/app/<lb>/<lb-id>/<listener-id>`.
        let listener = arn
            .replacen(":listener-rule/", ":listener/", 1)
            .rsplit_once('/')
            .map(|(head, _)| head.to_owned())
            .unwrap_or_default();
        rules_by_listener
            .entry(listener)
            .or_default()
            .push(ListenerRule {
                arn: ListenerRuleArn::new(arn),
                priority: rule.priority.clone(),
                target_groups: forwards(&rule.actions),
            });
    }
    for (
        arn,
        Entry {
            value: listener,
            origin,
        },
    ) in c.listeners.iter()
    {
        if let Some(balancer) = &listener.load_balancer_arn {
            if !c.load_balancers.contains(balancer) {
                diagnostics.missing(
                    balancer.as_str(),
                    format!(
                        "listener {arn} belongs to load balancer {}, which is not in the input",
                        arn_name(balancer)
                    ),
                    command::load_balancer(balancer),
                );
            }
        }
        let rules = rules_by_listener.remove(arn.as_str());
        let http = matches!(listener.protocol.as_deref(), Some("HTTP" | "HTTPS"));
        if rules.is_none() && http {
            diagnostics.missing(
                format!("rules of {arn}"),
                format!("listener {arn}: its rules were not exported (only its default action is known)"),
                format!("aws elbv2 describe-rules --listener-arn {arn}"),
            );
        }
        let default_target_groups = forwards(&listener.default_actions);
        for group in &default_target_groups {
            if !c.target_groups.contains(group.as_str()) {
                diagnostics.missing(
                    group.as_str(),
                    format!(
                        "listener {arn} forwards to target group {}, which is not in the input",
                        arn_name(group.as_str())
                    ),
                    command::target_group(group.as_str()),
                );
            }
        }
        snapshot.listeners.insert(
            ListenerArn::new(arn),
            Listener {
                arn: ListenerArn::new(arn),
                load_balancer: listener
                    .load_balancer_arn
                    .as_deref()
                    .map(LoadBalancerArn::new),
                port: port(listener.port),
                protocol: listener.protocol.clone(),
                default_target_groups,
                rules,
                origin: origin.clone(),
            },
        );
    }
    let target_group_arns: Vec<String> = c.target_groups.entries.keys().cloned().collect();
    let mut health: std::collections::BTreeMap<
        String,
        &Vec<reach_aws::elbv2::target_group::TargetHealthDescription>,
    > = Default::default();
    for (
        key,
        Entry {
            value: descriptions,
            origin,
        },
    ) in c.target_health.iter()
    {
        match resolve(key, target_group_arns.iter()) {
            Some(arn) => {
                health.insert(arn, descriptions);
            }
            None => diagnostics.missing(
                key,
                format!(
                    "{} holds the target health of target group {key:?}, which is not in the input",
                    origin.file
                ),
                format!("aws elbv2 describe-target-groups --names {}", arn_name(key)),
            ),
        }
    }
    for (
        arn,
        Entry {
            value: group,
            origin,
        },
    ) in c.target_groups.iter()
    {
        let name = group
            .target_group_name
            .clone()
            .unwrap_or_else(|| arn_name(arn).to_owned());
        let targets = health.get(arn).map(|descriptions| {
            descriptions
                .iter()
                .map(|description| TargetHealth {
                    id: description.target.id.clone(),
                    port: port(description.target.port),
                    availability_zone: description.target.availability_zone.clone(),
                    state: description
                        .target_health
                        .as_ref()
                        .and_then(|health| health.state.clone()),
                    reason: description
                        .target_health
                        .as_ref()
                        .and_then(|health| health.reason.clone()),
                })
                .collect::<Vec<_>>()
        });
        match &targets {
            None => diagnostics.missing(
                format!("target health of {arn}"),
                format!("target group {name}: the health of its targets was not exported"),
                format!("aws elbv2 describe-target-health --target-group-arn {arn} > describe-target-health.{name}.json"),
            ),
            Some(targets) if group.target_type.as_deref().unwrap_or("instance") == "instance" => {
                for target in targets {
                    if !c.instances.contains(&target.id) {
                        diagnostics.missing(
                            target.id.as_str(),
                            format!("target group {name} has instance {} as a target, which is not in the input", target.id),
                            command::instance(&target.id),
                        );
                    }
                }
            }
            Some(_) => {}
        }
        for balancer in &group.load_balancer_arns {
            if !c.load_balancers.contains(balancer) {
                diagnostics.missing(balancer.as_str(), format!("target group {name} is used by load balancer {}, which is not in the input", arn_name(balancer)), command::load_balancer(balancer));
            }
        }
        snapshot.target_groups.insert(
            TargetGroupArn::new(arn),
            TargetGroup {
                arn: TargetGroupArn::new(arn),
                name,
                target_type: group.target_type.clone(),
                protocol: group.protocol.clone(),
                port: port(group.port),
                vpc: group.vpc_id.as_deref().map(VpcId::new),
                load_balancers: group
                    .load_balancer_arns
                    .iter()
                    .map(LoadBalancerArn::new)
                    .collect(),
                targets,
                origin: origin.clone(),
            },
        );
    }
}
