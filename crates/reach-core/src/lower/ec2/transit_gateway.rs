//! Transit gateways (`describe-transit-gateways`), their attachments (the generic call,
//! completed by the VPC and peering calls) and route tables with their routes, associations
//! and propagations.

use crate::collect::{Entry, Table};
use crate::command;
use crate::ids::*;
use crate::lower::{Lowering, Sink};
use crate::model::*;
use reach_aws::ec2::name_tag;
use reach_aws::ec2::transit_gateway::{
    TransitGatewayAttachment as RawAttachment, TransitGatewayRouteTableAttachmentLink,
};
use std::collections::BTreeSet;

pub(crate) fn lower(lowering: &mut Lowering<'_>) {
    let Lowering {
        input: c,
        snapshot,
        sink,
    } = lowering;
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
                state: gateway.state.as_deref().map(TransitGatewayState::parse),
                association_default_route_table: options
                    .association_default_route_table_id
                    .filter(|_| enabled(&options.default_route_table_association))
                    .map(TransitGatewayRouteTableId::new),
                propagation_default_route_table: options
                    .propagation_default_route_table_id
                    .filter(|_| enabled(&options.default_route_table_propagation))
                    .map(TransitGatewayRouteTableId::new),
                security_group_referencing: switch(
                    options.security_group_referencing_support.as_deref(),
                ),
                origin: origin.clone(),
            },
        );
    }
    // Attachments: describe-transit-gateway-attachments for every type, completed by the VPC
    // and peering calls (subnets, appliance mode).
    let base = |key: &str| key.split('@').next().unwrap_or(key).to_owned();
    let ids: BTreeSet<String> = c
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
        let sides: Vec<&Entry<RawAttachment>> = c
            .transit_gateway_attachments
            .entries
            .range::<String, _>(id..)
            .take_while(|(key, _)| key.starts_with(id.as_str()))
            .filter(|(key, _)| base(key) == *id)
            .map(|(_, entry)| entry)
            .collect();
        let generic = sides.first().copied();
        let vpc = c.transit_gateway_vpc_attachments.get(id);
        let vpc_options = vpc.and_then(|e| e.value.options.as_ref());
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
        if let Some(gateway) = &transit_gateway {
            sink.check_transit_gateway(c, &format!("transit gateway attachment {id}"), gateway);
        }
        let resource_type = generic
            .and_then(|e| e.value.resource_type.as_deref())
            .map(TransitGatewayAttachmentResourceType::parse)
            .or_else(|| vpc.map(|_| TransitGatewayAttachmentResourceType::Vpc))
            .or_else(|| peering.map(|_| TransitGatewayAttachmentResourceType::Peering));
        let resource_id = generic
            .and_then(|e| e.value.resource_id.clone())
            .or_else(|| vpc.and_then(|e| e.value.vpc_id.clone()));
        let subnets: Vec<SubnetId> = vpc
            .map(|e| e.value.subnet_ids.iter().map(SubnetId::new).collect())
            .unwrap_or_default();
        if resource_type == Some(TransitGatewayAttachmentResourceType::Vpc) {
            if vpc.is_none() {
                sink.missing(
                    id,
                    format!("transit gateway attachment {id} attaches a VPC, but its subnets and appliance mode were not exported"),
                    command::transit_gateway_vpc_attachment(id),
                );
            }
            if let Some(vpc_id) = &resource_id {
                if !c.vpcs.contains(vpc_id) {
                    sink.missing(vpc_id, format!("transit gateway attachment {id} attaches VPC {vpc_id}, which is not in the input"), command::vpc(vpc_id));
                }
            }
            for subnet in &subnets {
                if !c.subnets.contains(subnet.as_str()) {
                    sink.missing(subnet.as_str(), format!("transit gateway attachment {id} uses subnet {subnet}, which is not in the input"), command::subnet(subnet.as_str()));
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
                    .and_then(|a| a.state.as_deref())
                    .or_else(|| vpc.and_then(|e| e.value.state.as_deref()))
                    .map(TransitGatewayAttachmentState::parse),
                association: entry
                    .and_then(|a| a.association.as_ref())
                    .filter(|association| association.state.as_deref() != Some("disassociated"))
                    .and_then(|association| association.transit_gateway_route_table_id.clone())
                    .map(TransitGatewayRouteTableId::new),
                subnets,
                appliance_mode: vpc_options
                    .and_then(|options| switch(options.appliance_mode_support.as_deref())),
                security_group_referencing: vpc_options.and_then(|options| {
                    switch(options.security_group_referencing_support.as_deref())
                }),
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
        if let Some(gateway) = &table.transit_gateway_id {
            sink.check_transit_gateway(c, &format!("transit gateway route table {id}"), gateway);
        }
        let routes = c.transit_gateway_routes.get(id).map(|Entry { value: routes, origin: routes_origin }| {
            let mut parsed = Vec::new();
            for (index, route) in routes.iter().enumerate() {
                let destination = if let Some(text) = &route.destination_cidr_block {
                    match sink.cidr(text, routes_origin, id, &format!("[{index}].DestinationCidrBlock")) {
                        Some(cidr) => TransitGatewayRouteDestination::Cidr(cidr),
                        None => continue,
                    }
                } else if let Some(prefix_list) = &route.prefix_list_id {
                    TransitGatewayRouteDestination::PrefixList(PrefixListId::new(prefix_list))
                } else {
                    sink.error(routes_origin, id, &format!("[{index}]"), "route without a destination".to_owned());
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
                        sink.missing(
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
        let links = |table_of: &Table<Vec<TransitGatewayRouteTableAttachmentLink>>| {
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
        let static_only = c.static_only_routes.contains(id);
        let routes = match (routes, &propagations) {
            (Some(routes), Some(propagations)) if static_only => Some(with_propagated_routes(
                id,
                routes,
                propagations,
                snapshot,
                sink,
            )),
            (routes, _) => routes,
        };
        let routes_unknown_from = edge_routes_unknown(
            table.transit_gateway_id.as_deref(),
            routes.as_deref(),
            propagations.as_deref(),
            static_only,
            snapshot,
        );
        if routes.is_none() {
            sink.missing(
                format!("routes of {id}"),
                format!("transit gateway route table {id}: its routes were not exported"),
                command::transit_gateway_routes(id),
            );
        }
        if associations.is_none() {
            sink.missing(
                format!("associations of {id}"),
                format!("transit gateway route table {id}: its associations were not exported"),
                command::transit_gateway_route_table_associations(id),
            );
        }
        if propagations.is_none() {
            sink.missing(
                format!("propagations of {id}"),
                format!("transit gateway route table {id}: its propagations were not exported"),
                command::transit_gateway_route_table_propagations(id),
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
                routes_unknown_from,
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
            sink.missing(
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
                sink.missing(
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
    sink: &mut Sink<'_>,
) -> Vec<TransitGatewayRoute> {
    for attachment_id in propagations {
        let Some(attachment) = snapshot.transit_gateway_attachments.get(attachment_id) else {
            continue;
        };
        let vpc = attachment
            .resource_id
            .as_deref()
            .and_then(|vpc| snapshot.vpcs.get(vpc));
        match (&attachment.resource_type, vpc) {
            (Some(TransitGatewayAttachmentResourceType::Vpc), Some(vpc)) => {
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
            _ => sink.missing(
                format!("routes of {id}"),
                format!(
                    "transit gateway route table {id}: only its static routes were exported (Batfish's TransitGatewayStaticRoutes), and what attachment {attachment_id} propagates cannot be derived"
                ),
                command::transit_gateway_routes(id),
            ),
        }
    }
    routes
}

/// The VPN, Direct Connect and Connect attachments propagating to a table whose routes are not
/// in the input. Their routes come from the other side over BGP: Batfish's static-routes export
/// leaves them out altogether, and a complete export lists them only while the sessions are up.
/// A VPN connection known to route statically propagates nothing, so it has none to miss.
fn edge_routes_unknown(
    gateway: Option<&str>,
    routes: Option<&[TransitGatewayRoute]>,
    propagations: Option<&[TransitGatewayAttachmentId]>,
    static_only: bool,
    snapshot: &Snapshot,
) -> Vec<TransitGatewayAttachmentId> {
    let Some(routes) = routes else {
        // No routes at all: the walk says so for every destination.
        return Vec::new();
    };
    let edge = |attachment: &&TransitGatewayAttachment| {
        matches!(
            attachment.resource_type,
            Some(
                TransitGatewayAttachmentResourceType::Vpn
                    | TransitGatewayAttachmentResourceType::DirectConnectGateway
                    | TransitGatewayAttachmentResourceType::Connect
            )
        )
    };
    let propagating: Vec<&TransitGatewayAttachment> = match propagations {
        Some(list) => list
            .iter()
            .filter_map(|id| snapshot.transit_gateway_attachments.get(id))
            .filter(edge)
            .collect(),
        // Which attachments propagate is unknown: with only static routes, any may.
        None if static_only => snapshot
            .transit_gateway_attachments
            .values()
            .filter(|attachment| {
                attachment.transit_gateway.as_ref().map(|id| id.as_str()) == gateway
            })
            .filter(edge)
            .collect(),
        None => Vec::new(),
    };
    propagating
        .into_iter()
        .filter(|attachment| {
            if static_only {
                return true;
            }
            let listed = routes
                .iter()
                .any(|route| route.propagated && route.attachments.contains(&attachment.id));
            let static_vpn = attachment.resource_type
                == Some(TransitGatewayAttachmentResourceType::Vpn)
                && attachment
                    .resource_id
                    .as_deref()
                    .and_then(|id| snapshot.vpn_connections.get(id))
                    .is_some_and(|connection| connection.static_routes_only);
            !listed && !static_vpn
        })
        .map(|attachment| attachment.id.clone())
        .collect()
}

/// An `enable`/`disable` option as the export spells it; `None` when the export does not say
/// (the walk then takes AWS's default for that option).
fn switch(setting: Option<&str>) -> Option<bool> {
    setting.map(|setting| setting == "enable")
}

#[cfg(test)]
mod tests {
    use crate::lower::problems;

    const GATEWAYS: (&str, &str) = (
        "describe-transit-gateways.json",
        r#"{"TransitGateways": [{"TransitGatewayId": "tgw-1", "OwnerId": "111122223333", "State": "available"}]}"#,
    );
    const TABLES: (&str, &str) = (
        "describe-transit-gateway-route-tables.json",
        r#"{"TransitGatewayRouteTables": [{"TransitGatewayRouteTableId": "tgw-rtb-1", "TransitGatewayId": "tgw-1"}]}"#,
    );
    const ATTACHMENTS: (&str, &str) = (
        "describe-transit-gateway-attachments.json",
        r#"{"TransitGatewayAttachments": [{"TransitGatewayAttachmentId": "tgw-attach-1", "TransitGatewayId": "tgw-1",
            "ResourceType": "vpn", "ResourceId": "vpn-1", "State": "available",
            "Association": {"TransitGatewayRouteTableId": "tgw-rtb-1", "State": "associated"}}]}"#,
    );
    const LINKS: [(&str, &str); 2] = [
        (
            "get-transit-gateway-route-table-associations.tgw-rtb-1.json",
            r#"{"Associations": [{"TransitGatewayAttachmentId": "tgw-attach-1", "State": "associated"}]}"#,
        ),
        (
            "get-transit-gateway-route-table-propagations.tgw-rtb-1.json",
            r#"{"TransitGatewayRouteTablePropagations": []}"#,
        ),
    ];

    #[test]
    fn a_bad_route_names_its_path_in_the_routes_file_and_the_others_stay() {
        let routes = r#"{"Routes": [
            {"DestinationCidrBlock": "10.1.0.0/16", "Type": "static", "State": "active",
             "TransitGatewayAttachments": [{"TransitGatewayAttachmentId": "tgw-attach-1"}]},
            {"DestinationCidrBlock": "10.2.0.0/33", "Type": "static", "State": "active"},
            {"Type": "static", "State": "blackhole"}]}"#;
        let (snapshot, problems) = problems(&[
            GATEWAYS,
            TABLES,
            ATTACHMENTS,
            LINKS[0],
            LINKS[1],
            ("search-transit-gateway-routes.tgw-rtb-1.json", routes),
        ]);
        assert_eq!(
            problems,
            [
                "error search-transit-gateway-routes.tgw-rtb-1.json: tgw-rtb-1: Routes[1].DestinationCidrBlock: invalid CIDR \"10.2.0.0/33\"",
                "error search-transit-gateway-routes.tgw-rtb-1.json: tgw-rtb-1: Routes[2]: route without a destination",
            ]
        );
        let table = &snapshot.transit_gateway_route_tables["tgw-rtb-1"];
        assert_eq!(table.routes.as_ref().map(Vec::len), Some(1));
    }

    #[test]
    fn what_a_route_table_refers_to_must_be_in_the_input() {
        let routes = r#"{"Routes": [{"DestinationCidrBlock": "10.1.0.0/16", "Type": "static", "State": "active",
            "TransitGatewayAttachments": [{"TransitGatewayAttachmentId": "tgw-attach-9"}]}]}"#;
        let (_, problems) = problems(&[
            TABLES,
            ATTACHMENTS,
            ("search-transit-gateway-routes.tgw-rtb-1.json", routes),
        ]);
        assert_eq!(
            problems,
            [
                "missing associations of tgw-rtb-1: transit gateway route table tgw-rtb-1: its associations were not exported | aws ec2 get-transit-gateway-route-table-associations --transit-gateway-route-table-id tgw-rtb-1 > get-transit-gateway-route-table-associations.tgw-rtb-1.json",
                "missing propagations of tgw-rtb-1: transit gateway route table tgw-rtb-1: its propagations were not exported | aws ec2 get-transit-gateway-route-table-propagations --transit-gateway-route-table-id tgw-rtb-1 > get-transit-gateway-route-table-propagations.tgw-rtb-1.json",
                "missing tgw-1: transit gateway attachment tgw-attach-1 belongs to transit gateway tgw-1, which is not in the input (and 1 other reference) | aws ec2 describe-transit-gateways --transit-gateway-ids tgw-1",
                "missing tgw-attach-9: transit gateway route table tgw-rtb-1 routes to attachment tgw-attach-9, which is not in the input | aws ec2 describe-transit-gateway-attachments --transit-gateway-attachment-ids tgw-attach-9",
            ]
        );
    }

    /// Security group referencing is read from both switches as the exports spell it, and an
    /// export that predates the option leaves it unknown (the walk picks each level's default).
    #[test]
    fn security_group_referencing_is_read_from_the_gateway_and_each_vpc_attachment() {
        let gateways = (
            "describe-transit-gateways.json",
            r#"{"TransitGateways": [
                {"TransitGatewayId": "tgw-1", "State": "available", "Options": {"SecurityGroupReferencingSupport": "enable"}},
                {"TransitGatewayId": "tgw-2", "State": "available", "Options": {"SecurityGroupReferencingSupport": "disable"}},
                {"TransitGatewayId": "tgw-3", "State": "available", "Options": {}}]}"#,
        );
        let attachments = (
            "describe-transit-gateway-vpc-attachments.json",
            r#"{"TransitGatewayVpcAttachments": [
                {"TransitGatewayAttachmentId": "tgw-attach-a", "TransitGatewayId": "tgw-1", "VpcId": "vpc-a", "State": "available",
                 "SubnetIds": [], "Options": {"SecurityGroupReferencingSupport": "enable"}},
                {"TransitGatewayAttachmentId": "tgw-attach-b", "TransitGatewayId": "tgw-1", "VpcId": "vpc-b", "State": "available",
                 "SubnetIds": [], "Options": {"SecurityGroupReferencingSupport": "disable"}},
                {"TransitGatewayAttachmentId": "tgw-attach-c", "TransitGatewayId": "tgw-1", "VpcId": "vpc-c", "State": "available",
                 "SubnetIds": [], "Options": {"ApplianceModeSupport": "enable"}}]}"#,
        );
        let (snapshot, _) = problems(&[gateways, attachments]);
        let gateway = |id: &str| snapshot.transit_gateways[id].security_group_referencing;
        assert_eq!(
            [gateway("tgw-1"), gateway("tgw-2"), gateway("tgw-3")],
            [Some(true), Some(false), None]
        );
        let attachment =
            |id: &str| snapshot.transit_gateway_attachments[id].security_group_referencing;
        assert_eq!(
            [
                attachment("tgw-attach-a"),
                attachment("tgw-attach-b"),
                attachment("tgw-attach-c")
            ],
            [Some(true), Some(false), None]
        );
    }

    /// A VPN attachment's routes come over BGP: when none of them is in the input, a
    /// destination no listed route matches may still be routed by one of them.
    #[test]
    fn routes_a_vpn_attachment_propagates_may_be_missing() {
        let propagating = (
            "get-transit-gateway-route-table-propagations.tgw-rtb-1.json",
            r#"{"TransitGatewayRouteTablePropagations": [{"TransitGatewayAttachmentId": "tgw-attach-1",
                "ResourceType": "vpn", "ResourceId": "vpn-1", "State": "enabled"}]}"#,
        );
        let unknown = |routes: (&str, &str), extra: &[(&str, &str)]| -> Vec<String> {
            let mut files = vec![GATEWAYS, TABLES, ATTACHMENTS, LINKS[0], propagating, routes];
            files.extend_from_slice(extra);
            let (snapshot, _) = problems(&files);
            snapshot.transit_gateway_route_tables["tgw-rtb-1"]
                .routes_unknown_from
                .iter()
                .map(ToString::to_string)
                .collect()
        };
        let search =
            |routes: &'static str| ("search-transit-gateway-routes.tgw-rtb-1.json", routes);
        let none_from_it = search(
            r#"{"Routes": [{"DestinationCidrBlock": "10.9.0.0/16", "Type": "static", "State": "blackhole"}]}"#,
        );
        assert_eq!(unknown(none_from_it, &[]), ["tgw-attach-1"]);
        let listed = search(
            r#"{"Routes": [{"DestinationCidrBlock": "192.168.0.0/16", "Type": "propagated", "State": "active",
                "TransitGatewayAttachments": [{"TransitGatewayAttachmentId": "tgw-attach-1", "ResourceType": "vpn"}]}]}"#,
        );
        assert_eq!(unknown(listed, &[]), Vec::<String>::new());
        // A VPN connection that routes statically propagates nothing to miss.
        let static_vpn = (
            "describe-vpn-connections.json",
            r#"{"VpnConnections": [{"VpnConnectionId": "vpn-1", "State": "available",
                "TransitGatewayId": "tgw-1", "Options": {"StaticRoutesOnly": true}}]}"#,
        );
        assert_eq!(unknown(none_from_it, &[static_vpn]), Vec::<String>::new());
        // Batfish's static routes leave every propagated route out.
        let static_only = (
            "tgw-static-routes.json",
            r#"{"TransitGatewayStaticRoutes": [{"TransitGatewayRouteTableId": "tgw-rtb-1", "Routes": [
                {"DestinationCidrBlock": "10.9.0.0/16", "Type": "static", "State": "blackhole"}]}]}"#,
        );
        assert_eq!(unknown(static_only, &[static_vpn]), ["tgw-attach-1"]);
    }
}
