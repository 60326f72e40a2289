use super::*;

impl<'a> Walker<'a> {
    /// A transit gateway: into it through the source VPC's attachment (its subnet in the
    /// source's Availability Zone), the attachment's associated route table (longest prefix
    /// match over static and propagated routes), out through the next attachment into its VPC,
    /// routed on by the route table of that attachment's subnet.
    pub(super) fn through_transit_gateway(
        &mut self,
        subnet: &'a Subnet,
        gateway: &crate::ids::TransitGatewayId,
        space: Space,
    ) -> Outcome {
        let snapshot = self.snapshot;
        let component = Component {
            id: gateway.to_string(),
            arn: None,
            name: snapshot
                .transit_gateways
                .get(gateway)
                .and_then(|tgw| tgw.name.clone()),
            kind: ComponentKind::TransitGateway,
        };
        let vpc = Some(subnet.vpc.to_string());
        let attached = |vpc: &str| {
            snapshot
                .transit_gateway_attachments
                .values()
                .find(|attachment| {
                    attachment.transit_gateway.as_ref() == Some(gateway)
                        && attachment.resource_type
                            == Some(TransitGatewayAttachmentResourceType::Vpc)
                        && attachment.resource_id.as_deref() == Some(vpc)
                })
        };
        let Some(attachment) = attached(subnet.vpc.as_str()) else {
            return Outcome::Blocked(self.stop_at(
                component,
                vpc,
                None,
                Code::NoRouteToDestination,
                format!(
                    "transit gateway {gateway} has no attachment for VPC {}",
                    subnet.vpc
                ),
            ));
        };
        if let Some(stop) = self.unavailable(
            attachment,
            tgw_attachment_component(attachment),
            vpc.clone(),
            format!("attachment {}", attachment.id),
        ) {
            return Outcome::Blocked(stop);
        }
        // The attachment's subnet in the source's zone: a zone without one cannot reach it
        // ("any resources in Availability Zones where there is no transit gateway attachment
        // cannot reach the transit gateway", Amazon VPC attachments in AWS Transit Gateway;
        // AWS's TGW_ROUTE_AZ_RESTRICTION). Pinned by `transit_gateway_failures` (analyze.rs).
        let Some(entry_subnet) = self.zone_subnet(attachment, subnet.availability_zone.as_ref())
        else {
            if let Some(missing) = self.attachment_subnets_missing(attachment) {
                return missing;
            }
            let zone = subnet.availability_zone.clone().unwrap_or_default();
            let route = self.hops.iter().rev().find_map(|hop| match &hop.rule {
                Some(rule @ Rule::Route { .. }) => Some(rule.clone()),
                _ => None,
            });
            let stop = self.stop_at(
                component,
                vpc,
                Some(subnet.id.to_string()),
                Code::TgwRouteAzRestriction,
                format!(
                    "transit gateway {gateway} is not reachable from {zone}, the zone of {}: its attachment {} has no subnet there",
                    subnet.id, attachment.id,
                ),
            );
            self.annotate(|members| {
                members.transit_gateway = Some(gateway.to_string());
                members.transit_gateway_attachment = Some(attachment.id.to_string());
                members.availability_zones = vec![zone];
                members.rule = route;
            });
            return Outcome::Blocked(stop);
        };
        let space = passed!(self.cross_subnets(subnet, entry_subnet, space));
        self.hop(
            tgw_attachment_component(attachment),
            vpc.clone(),
            Some(entry_subnet.id.to_string()),
            None,
            &space,
        );
        self.transit_gateway_route(&component, subnet, attachment, vpc, space, 0)
    }

    /// The transit gateway routes what came in through `attachment` by the route table
    /// associated with it, out through the next attachment: a VPC, or a firewall attached to
    /// the transit gateway, after which it routes again. `subnet` is where the path entered
    /// the transit gateway, whose zone the exit keeps.
    pub(super) fn transit_gateway_route(
        &mut self,
        component: &Component,
        subnet: &'a Subnet,
        attachment: &'a crate::model::TransitGatewayAttachment,
        vpc: Option<String>,
        space: Space,
        rounds: usize,
    ) -> Outcome {
        let snapshot = self.snapshot;
        let component = component.clone();
        // The table associated with the attachment on this transit gateway's side (a peering
        // attachment has one on each).
        let here = crate::ids::TransitGatewayId::new(component.id.as_str());
        let on_this_side = |table: &crate::model::TransitGatewayRouteTable| {
            table.transit_gateway.is_none() || table.transit_gateway.as_ref() == Some(&here)
        };
        let association = match attachment.side_associations.is_empty() {
            true => attachment.association.as_ref(),
            false => attachment
                .side_associations
                .iter()
                .find(|(gateway, _)| *gateway == here)
                .map(|(_, table)| table),
        };
        let table = association
            .and_then(|id| snapshot.transit_gateway_route_tables.get(id))
            .or_else(|| {
                snapshot
                    .transit_gateway_route_tables
                    .values()
                    .filter(|table| on_this_side(table))
                    .find(|table| {
                        table
                            .associations
                            .as_ref()
                            .is_some_and(|list| list.contains(&attachment.id))
                    })
            });
        let Some(table) = table else {
            return Outcome::Blocked(self.stop_at(
                component,
                vpc,
                None,
                Code::TgwAttachMissingTgwRtbAssociation,
                format!(
                    "attachment {} is associated with no transit gateway route table in the input",
                    attachment.id
                ),
            ));
        };
        let Some(routes) = &table.routes else {
            self.hop(component.clone(), vpc.clone(), None, None, &space);
            let stop = self.explain(Code::TgwRtbRoutesAreUnknown, component, format!("the routes of transit gateway route table {} are not in the input (search-transit-gateway-routes)", table.id));
            return Outcome::Unknown(Missing { note: stop.message });
        };
        let Some(destination) = first_destination(&space) else {
            return nothing_left();
        };
        // Longest prefix match for the destination (prefix-list routes by their CIDRs), then
        // AWS's order among routes to the same prefix (`transit_gateway_route_rank`), then
        // the first listed.
        let best = routes
            .iter()
            .enumerate()
            .flat_map(|(index, route)| {
                transit_gateway_route_cidrs(snapshot, route)
                    .into_iter()
                    .map(move |cidr| (cidr, index, route))
            })
            .filter(|(cidr, _, _)| cidr.contains(&destination))
            .min_by_key(|(cidr, index, route)| {
                (
                    std::cmp::Reverse(cidr.prefix_len()),
                    transit_gateway_route_rank(snapshot, route),
                    *index,
                )
            })
            .map(|(cidr, _, route)| (cidr, route));
        let table_component = Component {
            id: table.id.to_string(),
            arn: None,
            name: table.name.clone(),
            kind: ComponentKind::TransitGatewayRouteTable,
        };
        let unknown_from: Vec<String> = table
            .routes_unknown_from
            .iter()
            .map(|id| {
                let resource = snapshot
                    .transit_gateway_attachments
                    .get(id)
                    .and_then(|attachment| attachment.resource_id.as_deref())
                    .map(|resource| format!(" ({resource})"))
                    .unwrap_or_default();
                format!("{id}{resource}")
            })
            .collect();
        if best.is_none() && !unknown_from.is_empty() {
            // A VPN or Direct Connect attachment's routes come from the other side over BGP and
            // are not in the input: no listed route is no proof that none exists.
            self.hop(table_component.clone(), vpc, None, None, &space);
            let stop = self.explain(
                Code::TgwRtbRoutesAreUnknown,
                table_component,
                format!(
                    "no route of transit gateway route table {} in the input matches {destination}, but the routes {} propagates to it are not in the input either (its BGP sessions may be down, or only static routes were exported): {}",
                    table.id,
                    unknown_from.join(", "),
                    crate::command::transit_gateway_routes(table.id.as_str())
                ),
            );
            return self.missing(stop.message);
        }
        let Some((cidr, route)) = best else {
            return Outcome::Blocked(self.no_transit_gateway_route(
                &component,
                table,
                table_component,
                vpc,
                destination,
            ));
        };
        let rule = transit_gateway_route_rule(snapshot, table, cidr, route);
        let (family, range) = crate::space::cidr_range(&cidr);
        let space = space.intersection(&Space::from_cube(Cube {
            destinations: range,
            ..Cube::everything(family)
        }));
        // The routes the chosen one beat are tried from where the walk is now, before the
        // chosen one changes what the walk has crossed; only where it beat one.
        let losers = match self.leg == Leg::Request && !self.exploring {
            true => beaten_transit_gateway_routes(snapshot, routes, (cidr, route), &space),
            false => Vec::new(),
        };
        let trial = (!losers.is_empty()).then(|| self.exploration());
        let outcome = if route.blackhole {
            self.hop(
                table_component.clone(),
                vpc.clone(),
                None,
                Some(rule.clone()),
                &Space::empty(),
            );
            let stop = self.explain(
                Code::TgwRtbBadStateRoute,
                table_component.clone(),
                format!(
                    "transit gateway route table {} drops traffic to {cidr} (blackhole route)",
                    table.id
                ),
            );
            self.annotate(|members| {
                members.transit_gateway = Some(component.id.clone());
                members.rule = Some(rule);
            });
            Outcome::Blocked(stop)
        } else {
            if !unknown_from.is_empty() {
                self.notes.push(format!(
                    "transit gateway route table {} routes {destination} by {cidr}, but the routes {} propagates to it are not in the input: a more specific one of theirs would win",
                    table.id,
                    unknown_from.join(", ")
                ));
            }
            self.hop(
                table_component.clone(),
                vpc.clone(),
                None,
                Some(rule),
                &space,
            );
            self.follow_transit_gateway_route(
                &component,
                subnet,
                attachment,
                route,
                cidr,
                vpc,
                space.clone(),
                rounds,
            )
        };
        if let (Outcome::Blocked(stop), Some(trial)) = (&outcome, &trial) {
            if !stop.decided_by_a_rule() {
                self.explain_beaten_transit_gateway_routes(
                    trial,
                    (&component, subnet, attachment),
                    (table, table_component),
                    (cidr, route),
                    losers,
                    rounds,
                );
            }
        }
        outcome
    }

    /// `table` has no route for `destination`. When the destination is in a VPC attached to
    /// this transit gateway, the table lacks a route to that attachment (AWS's
    /// `TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT`: "This transit gateway route table has no route to
    /// this transit gateway attachment"); otherwise it has none to the destination
    /// (`NO_ROUTE_TO_DESTINATION`: "The route table does not have an applicable route to the
    /// destination resource"). AWS's `TGW_RTB_CANNOT_ROUTE` means a route that is there but
    /// does not match the packet, which the lookup never picks (as `CANNOT_ROUTE`).
    fn no_transit_gateway_route(
        &mut self,
        component: &Component,
        table: &crate::model::TransitGatewayRouteTable,
        table_component: Component,
        vpc: Option<String>,
        destination: IpAddr,
    ) -> Stop {
        let snapshot = self.snapshot;
        // A deleted attachment of the destination's VPC may linger in the export: the
        // available one is the one to name.
        let behind = snapshot
            .transit_gateway_attachments
            .values()
            .filter(|attachment| {
                attachment.transit_gateway.as_ref().map(ToString::to_string)
                    == Some(component.id.clone())
                    && attachment.resource_type == Some(TransitGatewayAttachmentResourceType::Vpc)
                    && attachment
                        .resource_id
                        .as_deref()
                        .and_then(|id| snapshot.vpcs.get(&crate::ids::VpcId::new(id)))
                        .is_some_and(|attached| {
                            attached
                                .cidrs
                                .iter()
                                .any(|cidr| cidr.contains(&destination))
                        })
            })
            .min_by_key(|attachment| {
                attachment.state.as_ref() != Some(&TransitGatewayAttachmentState::Available)
            });
        let stop = match behind {
            Some(attachment) => {
                let stop = self.stop_at(
                    table_component,
                    vpc,
                    None,
                    Code::TgwRtbNoRouteToTgwAttachment,
                    format!(
                        "transit gateway route table {} has no route to {destination}, which is in {} behind attachment {}",
                        table.id,
                        attachment.resource_id.clone().unwrap_or_default(),
                        attachment.id
                    ),
                );
                let attachment = attachment.id.to_string();
                self.annotate(|members| members.transit_gateway_attachment = Some(attachment));
                stop
            }
            None => self.stop_at(
                table_component,
                vpc,
                None,
                Code::NoRouteToDestination,
                format!(
                    "transit gateway route table {} has no route to {destination}",
                    table.id
                ),
            ),
        };
        let gateway = component.id.clone();
        self.annotate(|members| members.transit_gateway = Some(gateway));
        stop
    }

    /// On a request blocked where its transit gateway route led, each route the chosen one beat
    /// (`losers`: `beaten_transit_gateway_routes`) that would have delivered: AWS's
    /// `TGW_RTB_MORE_SPECIFIC_ROUTE` or `TGW_RTB_HIGHER_PRIORITY_ROUTE`, naming the route not
    /// taken, as `explain_beaten_routes` does for a subnet's route table. Each is tried on a
    /// walk of its own whose hops and explanations are dropped, from `trial`: the walk as it
    /// was before the chosen route was followed. Pinned by
    /// `a_route_the_chosen_one_beat_is_named_when_it_would_have_delivered` (below).
    fn explain_beaten_transit_gateway_routes(
        &mut self,
        trial: &Walker<'a>,
        (component, subnet, attachment): (
            &Component,
            &'a Subnet,
            &'a crate::model::TransitGatewayAttachment,
        ),
        (table, table_component): (&crate::model::TransitGatewayRouteTable, Component),
        (cidr, winner): (ipnet::IpNet, &crate::model::TransitGatewayRoute),
        losers: Vec<BeatenRoute<'_>>,
        rounds: usize,
    ) {
        for loser in losers {
            let mut other = trial.exploration();
            let Outcome::Arrived(_) = other.follow_transit_gateway_route(
                component,
                subnet,
                attachment,
                loser.route,
                loser.cidr,
                None,
                loser.space,
                rounds,
            ) else {
                continue;
            };
            let rule = transit_gateway_route_rule(self.snapshot, table, loser.cidr, loser.route);
            let message = format!(
                "transit gateway route table {}: the route to {} ({}) would have carried the traffic, but {} to {cidr} ({}) takes it",
                table.id,
                loser.cidr,
                first_attachment(loser.route),
                loser.why,
                first_attachment(winner),
            );
            self.explain(loser.code, table_component.clone(), message);
            self.annotate(|members| {
                members.transit_gateway = Some(component.id.clone());
                members.rule = Some(rule);
            });
        }
    }

    /// Where a transit gateway `route` (chosen for `cidr`) takes the packets: out through its
    /// attachment, into a VPC, to a firewall or a peer transit gateway, or out of the snapshot.
    #[allow(clippy::too_many_arguments)]
    fn follow_transit_gateway_route(
        &mut self,
        component: &Component,
        subnet: &'a Subnet,
        attachment: &'a crate::model::TransitGatewayAttachment,
        route: &crate::model::TransitGatewayRoute,
        cidr: ipnet::IpNet,
        vpc: Option<String>,
        space: Space,
        rounds: usize,
    ) -> Outcome {
        let snapshot = self.snapshot;
        let component = component.clone();
        let target = first_attachment(route);
        let Some(next) = route
            .attachments
            .first()
            .and_then(|id| snapshot.transit_gateway_attachments.get(id))
        else {
            return self.unknown(
                Code::MissingInput,
                component,
                format!(
                    "the route to {cidr} leads to attachment {target}, which is not in the input"
                ),
            );
        };
        use TransitGatewayAttachmentResourceType as ResourceType;
        match next.resource_type {
            Some(ResourceType::Peering) => {
                return self
                    .through_transit_gateway_peering(&component, subnet, next, vpc, space, rounds)
            }
            Some(ResourceType::NetworkFunction) => {
                return self.through_attached_firewall(&component, subnet, next, vpc, space, rounds)
            }
            _ => {}
        }
        let edge = matches!(
            next.resource_type,
            Some(ResourceType::Vpn | ResourceType::DirectConnectGateway | ResourceType::Connect)
        );
        if edge && self.target == Place::Internet && self.leg == Leg::Request {
            if let Some(stop) = self.unavailable(
                next,
                tgw_attachment_component(next),
                None,
                format!("attachment {}", next.id),
            ) {
                return Outcome::Blocked(stop);
            }
            self.hop(tgw_attachment_component(next), None, None, None, &space);
            match self.edge_link(next) {
                EdgeLink::Up(link) => {
                    self.hop(link, None, None, None, &space);
                }
                EdgeLink::Unchecked(note) => self.notes.extend(note),
                EdgeLink::Down(link, code, why) => {
                    return Outcome::Blocked(self.stop_at(link, None, None, code, why))
                }
            }
            self.notes.push(format!(
                "the path leaves the snapshot through {} attachment {} ({}): what lies beyond it (the other side's routes, firewalls and the host) is in no export, so Reach takes the far side as answering",
                next.resource_type
                    .as_ref()
                    .map(ResourceType::as_str)
                    .unwrap_or_default(),
                next.id,
                next.resource_id.clone().unwrap_or_default()
            ));
            self.exit = Some(Exit::TransitGatewayEdge {
                gateway: crate::ids::TransitGatewayId::new(component.id.as_str()),
                attachment: next.id.clone(),
                subnet: subnet.id.clone(),
            });
            return Outcome::Arrived(space);
        }
        if next.resource_type != Some(ResourceType::Vpc) {
            let what = next
                .resource_type
                .as_ref()
                .map_or("unknown", ResourceType::as_str);
            self.hop(tgw_attachment_component(next), None, None, None, &space);
            self.explain(Code::NotAnalysed, tgw_attachment_component(next), format!("attachment {} leads to a {what} attachment ({}): paths beyond it are not analysed yet", next.id, next.resource_id.clone().unwrap_or_default()));
            return self.missing(format!("the path leaves through transit gateway attachment {} ({what}), which Reach does not analyse yet", next.id));
        }
        if let Some(stop) = self.unavailable(
            next,
            tgw_attachment_component(next),
            next.resource_id.clone(),
            format!("attachment {}", next.id),
        ) {
            return Outcome::Blocked(stop);
        }
        // Into the next VPC in the same zone when it has a subnet there, else in its first;
        // with appliance mode on, the replies keep the zone the request went through.
        let request_zone = self
            .zones
            .iter()
            .find(|(attachment, _)| attachment == &next.id)
            .map(|(_, zone)| zone.clone());
        let zone = match (&request_zone, self.leg, next.appliance_mode) {
            (Some(zone), Leg::Reply, Some(true)) => zone.clone(),
            _ => subnet.availability_zone.clone(),
        };
        // Another zone's subnet only when the attachment has none in this one: one missing from
        // the input might be there.
        let exit_subnet = match self.zone_subnet(next, zone.as_ref()) {
            Some(exit_subnet) => exit_subnet,
            None => match self.attachment_subnets_missing(next) {
                Some(missing) => return missing,
                None => match self.zone_subnet(next, None) {
                    Some(exit_subnet) => exit_subnet,
                    None => return nothing_left(),
                },
            },
        };
        match self.leg {
            Leg::Request => self
                .zones
                .push((next.id.clone(), exit_subnet.availability_zone.clone())),
            Leg::Reply => {
                if let Some(request_zone) = request_zone {
                    if request_zone != exit_subnet.availability_zone
                        && next.appliance_mode != Some(true)
                    {
                        self.details.push(Explanation {
                            members: Default::default(),
                            code: Code::TransitGatewayApplianceModeRecommended,
                            component: tgw_attachment_component(next),
                            message: format!(
                                "the transit gateway delivers the replies into {} through {} in {}, the requests through {}: appliance mode is off on attachment {}, so each direction stays in its own zone; turn it on to keep both directions on one path",
                                next.resource_id.clone().unwrap_or_default(),
                                exit_subnet.id,
                                exit_subnet.availability_zone.clone().unwrap_or_default(),
                                request_zone.unwrap_or_default(),
                                next.id
                            ),
                            firewall_rule: None,
                            rule_options: Vec::new(),
                        });
                    }
                }
            }
        }
        // Zones are only comparable within a region (a peering attachment crosses regions).
        let same_region = exit_subnet.origin.region == subnet.origin.region;
        if same_region && exit_subnet.availability_zone != subnet.availability_zone {
            self.notes.push(format!(
                "attachment {} has no subnet in {}: the transit gateway delivers through {} in {} (the path crosses Availability Zones{})",
                next.id,
                subnet.availability_zone.clone().unwrap_or_default(),
                exit_subnet.id,
                exit_subnet.availability_zone.clone().unwrap_or_default(),
                if next.appliance_mode == Some(true) { "; appliance mode is on" } else { "" }
            ));
        }
        let space = passed!(self.cross_with_group_identity(&component, attachment, next, space));
        self.hop(
            tgw_attachment_component(next),
            Some(exit_subnet.vpc.to_string()),
            Some(exit_subnet.id.to_string()),
            None,
            &space,
        );
        self.route_from(exit_subnet, space)
    }

    /// A VPC attachment some of whose subnets the input does not hold (or holds without their
    /// zone): which Availability Zones it serves is unknown, so the verdict is too.
    fn attachment_subnets_missing(
        &mut self,
        attachment: &crate::model::TransitGatewayAttachment,
    ) -> Option<Outcome> {
        let snapshot = self.snapshot;
        let known = |id: &crate::ids::SubnetId| {
            snapshot
                .subnets
                .get(id)
                .is_some_and(|subnet| subnet.availability_zone.is_some())
        };
        if !attachment.subnets.is_empty() && attachment.subnets.iter().all(known) {
            return None;
        }
        Some(self.unknown(
            Code::MissingInput,
            tgw_attachment_component(attachment),
            format!(
                "the subnets of transit gateway attachment {} are not all in the input, so which Availability Zones it serves is unknown: {}",
                attachment.id,
                crate::command::transit_gateway_vpc_attachment(attachment.id.as_str())
            ),
        ))
    }

    /// Stops the walk at a transit gateway attachment that is not `available`
    /// (`BAD_STATE_ATTACHMENT`), `what` naming it; whether it did.
    pub(super) fn unavailable(
        &mut self,
        attachment: &crate::model::TransitGatewayAttachment,
        component: Component,
        vpc: Option<String>,
        what: String,
    ) -> Option<Stop> {
        let state = attachment
            .state
            .as_ref()
            .filter(|state| **state != TransitGatewayAttachmentState::Available)?;
        Some(self.stop_at(
            component,
            vpc,
            None,
            Code::BadStateAttachment,
            format!("{what} is {state}, not available"),
        ))
    }

    /// What carries a VPN or Direct Connect attachment's traffic to the other side: its VPN
    /// connection, or the first of its Direct Connect gateway's virtual interfaces that is up.
    fn edge_link(&self, attachment: &crate::model::TransitGatewayAttachment) -> EdgeLink {
        let snapshot = self.snapshot;
        let Some(resource) = attachment.resource_id.as_deref() else {
            return EdgeLink::Unchecked(None);
        };
        match attachment.resource_type {
            Some(TransitGatewayAttachmentResourceType::Vpn) => {
                let Some(connection) = snapshot.vpn_connections.get(resource) else {
                    return EdgeLink::Unchecked(Some(format!(
                        "VPN connection {resource} of attachment {} is not in the input, so whether its tunnels are up is not checked: aws ec2 describe-vpn-connections --vpn-connection-ids {resource}",
                        attachment.id
                    )));
                };
                let component = Component {
                    id: connection.id.to_string(),
                    arn: None,
                    name: connection.name.clone(),
                    kind: ComponentKind::VpnConnection,
                };
                // A transit gateway's VPN connection has its own code (`TGW_BAD_STATE_VPN`:
                // "This VPN connection is in a non-functional state"); `BAD_STATE_VPN` is a
                // virtual private gateway's.
                match super::vpn_gateway::vpn_down(connection) {
                    None => EdgeLink::Up(component),
                    Some(why) => EdgeLink::Down(component, Code::TgwBadStateVpn, why),
                }
            }
            Some(TransitGatewayAttachmentResourceType::DirectConnectGateway) => {
                let interfaces: Vec<&crate::model::VirtualInterface> = snapshot
                    .virtual_interfaces
                    .values()
                    .filter(|interface| {
                        interface.direct_connect_gateway.as_deref() == Some(resource)
                    })
                    .filter(|interface| {
                        !matches!(interface.state.as_deref(), Some("deleted" | "rejected"))
                    })
                    .collect();
                let component = |interface: &crate::model::VirtualInterface| Component {
                    id: interface.id.to_string(),
                    arn: None,
                    name: interface.name.clone(),
                    kind: ComponentKind::DirectConnectVirtualInterface,
                };
                if let Some(up) = interfaces
                    .iter()
                    .find(|interface| interface.carries_traffic())
                {
                    return EdgeLink::Up(component(up));
                }
                match interfaces.first() {
                    Some(down) => EdgeLink::Down(
                        component(down),
                        Code::BadState,
                        super::vpn_gateway::virtual_interface_down(down).unwrap_or_default(),
                    ),
                    None => EdgeLink::Unchecked(Some(format!(
                        "Direct Connect gateway {resource} of attachment {} has no virtual interface in the input, so whether one is up is not checked: aws directconnect describe-virtual-interfaces",
                        attachment.id
                    ))),
                }
            }
            _ => EdgeLink::Unchecked(None),
        }
    }

    /// The attachment's subnet in a zone (any zone when `None`).
    pub(super) fn zone_subnet(
        &self,
        attachment: &crate::model::TransitGatewayAttachment,
        zone: Option<&String>,
    ) -> Option<&'a Subnet> {
        let snapshot = self.snapshot;
        attachment
            .subnets
            .iter()
            .filter_map(|id| snapshot.subnets.get(id))
            .find(|candidate| zone.is_none() || candidate.availability_zone.as_ref() == zone)
    }

    /// A peering attachment: over to the transit gateway on the other side (often in another
    /// region), which routes by the table associated with its side of the attachment.
    pub(super) fn through_transit_gateway_peering(
        &mut self,
        component: &Component,
        subnet: &'a Subnet,
        attachment: &'a crate::model::TransitGatewayAttachment,
        vpc: Option<String>,
        space: Space,
        rounds: usize,
    ) -> Outcome {
        if let Some(stop) = self.unavailable(
            attachment,
            tgw_attachment_component(attachment),
            vpc.clone(),
            format!("peering attachment {}", attachment.id),
        ) {
            return Outcome::Blocked(stop);
        }
        let other = attachment
            .peers
            .iter()
            .find(|gateway| gateway.as_str() != component.id);
        // AWS's analyzer keeps to one Region ("The source and destination resources must be
        // in the same Region", How Reachability Analyzer works): a peering attachment into
        // another Region is a destination it cannot follow, NO_POSSIBLE_DESTINATION ("the
        // network component sent traffic to a destination in another account or Region").
        // Pinned by the tgw-peering-two-regions scenario's `expected-aws*` answers.
        let regions = other.and_then(|other| self.regions_apart(&component.id, other));
        if let (Some(regions), Compat::Faithful, Leg::Request) =
            (&regions, self.mode.compat, self.leg)
        {
            self.notes.push(format!(
                "AWS's analyzer (--compat aws) does not follow peering attachment {} from {} into {}: it analyses paths within one Region",
                attachment.id, regions.0, regions.1
            ));
        }
        if let (Some(regions), Compat::Aws) = (regions, self.mode.compat) {
            return Outcome::Blocked(self.stop_at(
                tgw_attachment_component(attachment),
                vpc,
                None,
                Code::NoPossibleDestination,
                format!(
                    "peering attachment {} leads from {} into {}, and AWS's analyzer analyses paths within one Region",
                    attachment.id, regions.0, regions.1
                ),
            ));
        }
        self.hop(
            tgw_attachment_component(attachment),
            vpc.clone(),
            None,
            None,
            &space,
        );
        let Some(other) = other else {
            return self.missing(format!(
                "peering attachment {} leads to a transit gateway the input does not name: {}",
                attachment.id,
                crate::command::transit_gateway_peering_attachment(attachment.id.as_str())
            ));
        };
        let known_side = attachment
            .side_associations
            .iter()
            .any(|(gateway, _)| gateway == other)
            || self
                .snapshot
                .transit_gateway_route_tables
                .values()
                .any(|table| {
                    table.transit_gateway.as_ref() == Some(other)
                        && table
                            .associations
                            .as_ref()
                            .is_some_and(|list| list.contains(&attachment.id))
                });
        if !known_side {
            return self.missing(format!(
                "the other side of peering attachment {} (transit gateway {other}) is not in the input: export its account and region too",
                attachment.id
            ));
        }
        // Peering routes are static on both sides; a pair of tables sending each other's
        // traffic back would loop.
        if rounds >= 4 {
            return Outcome::Blocked(self.stop_at(
                tgw_attachment_component(attachment),
                vpc,
                None,
                Code::RoutingLoop,
                format!("the transit gateways send the traffic back and forth over peering attachment {}: a routing loop", attachment.id),
            ));
        }
        let other_component = Component {
            id: other.to_string(),
            arn: None,
            name: self
                .snapshot
                .transit_gateways
                .get(other)
                .and_then(|gateway| gateway.name.clone()),
            kind: ComponentKind::TransitGateway,
        };
        self.transit_gateway_route(&other_component, subnet, attachment, vpc, space, rounds + 1)
    }

    /// The Regions of two transit gateways, when the input tells both and they differ.
    fn regions_apart(
        &self,
        one: &str,
        other: &crate::ids::TransitGatewayId,
    ) -> Option<(String, String)> {
        let region = |id: &str| {
            self.snapshot
                .transit_gateways
                .get(id)
                .and_then(|gateway| gateway.origin.region.clone())
        };
        let (one, other) = (region(one)?, region(other.as_str())?);
        (one != other).then_some((one, other))
    }

    /// Replies from beyond a VPN, Direct Connect or Connect attachment come back in through it,
    /// routed by the table associated with that attachment.
    pub(super) fn reenter_through_transit_gateway_edge(
        &mut self,
        gateway: crate::ids::TransitGatewayId,
        attachment: crate::ids::TransitGatewayAttachmentId,
        subnet: crate::ids::SubnetId,
        space: Space,
    ) -> Outcome {
        let snapshot = self.snapshot;
        let (Some(attachment), Some(subnet)) = (
            snapshot.transit_gateway_attachments.get(&attachment),
            snapshot.subnets.get(&subnet),
        ) else {
            return self.missing(format!(
                "attachment {attachment} or subnet {subnet} the request left by is not in the input"
            ));
        };
        if let EdgeLink::Up(link) = self.edge_link(attachment) {
            self.hop(link, None, None, None, &space);
        }
        self.hop(
            tgw_attachment_component(attachment),
            None,
            None,
            None,
            &space,
        );
        let component = Component {
            id: gateway.to_string(),
            arn: None,
            name: snapshot
                .transit_gateways
                .get(&gateway)
                .and_then(|tgw| tgw.name.clone()),
            kind: ComponentKind::TransitGateway,
        };
        self.transit_gateway_route(&component, subnet, attachment, None, space, 0)
    }
}

/// The VPN connection or Direct Connect virtual interface behind an edge attachment.
enum EdgeLink {
    /// It carries traffic.
    Up(Component),
    /// It carries none: the code and why.
    Down(Component, Code, String),
    /// The input does not have it; the note says how to export it, when there is one.
    Unchecked(Option<String>),
}

/// A transit gateway route that lost the packets `space` to the chosen one, and by which of
/// AWS's rules.
struct BeatenRoute<'r> {
    route: &'r crate::model::TransitGatewayRoute,
    /// Its CIDR that matched (a prefix list's longest holding the destination).
    cidr: ipnet::IpNet,
    /// The packets it would have carried.
    space: Space,
    /// `TGW_RTB_MORE_SPECIFIC_ROUTE` (a longer prefix took the packets) or
    /// `TGW_RTB_HIGHER_PRIORITY_ROUTE` (the same prefix, a route of higher rank:
    /// `transit_gateway_route_rank`), and the words for the winner.
    code: Code,
    why: &'static str,
}

/// The active routes of `routes` to another attachment than `winner` (chosen for `cidr`) that
/// match some of `space` and lost it by prefix or rank; a route that lost a plain tie (the same
/// prefix and rank, listed later) lost to no rule AWS names.
fn beaten_transit_gateway_routes<'r>(
    snapshot: &Snapshot,
    routes: &'r [crate::model::TransitGatewayRoute],
    (cidr, winner): (ipnet::IpNet, &crate::model::TransitGatewayRoute),
    space: &Space,
) -> Vec<BeatenRoute<'r>> {
    let Some(destination) = first_destination(space) else {
        return Vec::new();
    };
    let mut beaten = Vec::new();
    for route in routes {
        if std::ptr::eq(route, winner)
            || route.blackhole
            || route.attachments.first() == winner.attachments.first()
        {
            continue;
        }
        let Some(route_cidr) = transit_gateway_route_cidrs(snapshot, route)
            .into_iter()
            .filter(|candidate| candidate.contains(&destination))
            .max_by_key(ipnet::IpNet::prefix_len)
        else {
            continue;
        };
        let (code, why) = if cidr.prefix_len() > route_cidr.prefix_len() {
            (Code::TgwRtbMoreSpecificRoute, "the more specific route")
        } else if transit_gateway_route_rank(snapshot, route)
            > transit_gateway_route_rank(snapshot, winner)
        {
            (Code::TgwRtbHigherPriorityRoute, "the higher-priority route")
        } else {
            continue;
        };
        let (family, range) = crate::space::cidr_range(&route_cidr);
        let part = space.intersection(&Space::from_cube(Cube {
            destinations: range,
            ..Cube::everything(family)
        }));
        if part.is_empty() {
            continue;
        }
        beaten.push(BeatenRoute {
            route,
            cidr: route_cidr,
            space: part,
            code,
            why,
        });
    }
    beaten
}

/// The CIDRs a transit gateway route matches: its block, or its prefix list's entries.
fn transit_gateway_route_cidrs(
    snapshot: &Snapshot,
    route: &crate::model::TransitGatewayRoute,
) -> Vec<ipnet::IpNet> {
    match &route.destination {
        crate::model::TransitGatewayRouteDestination::Cidr(cidr) => vec![*cidr],
        crate::model::TransitGatewayRouteDestination::PrefixList(id) => snapshot
            .prefix_lists
            .get(id)
            .and_then(|list| list.cidrs.clone())
            .unwrap_or_default(),
    }
}

/// Where a route stands among routes to the same prefix, lower first (Transit Gateway guide,
/// "Route evaluation order"): static routes, then prefix-list references, then propagated
/// routes by where they come from: a VPC, a Direct Connect gateway, a Connect attachment, a
/// VPN, a peering.
fn transit_gateway_route_rank(
    snapshot: &Snapshot,
    route: &crate::model::TransitGatewayRoute,
) -> u8 {
    use TransitGatewayAttachmentResourceType as ResourceType;
    if !route.propagated {
        return match route.destination {
            crate::model::TransitGatewayRouteDestination::Cidr(_) => 0,
            crate::model::TransitGatewayRouteDestination::PrefixList(_) => 1,
        };
    }
    let source = route
        .attachments
        .first()
        .and_then(|id| snapshot.transit_gateway_attachments.get(id))
        .and_then(|attachment| attachment.resource_type.as_ref());
    match source {
        Some(ResourceType::Vpc) => 2,
        Some(ResourceType::DirectConnectGateway) => 3,
        Some(ResourceType::Connect) => 4,
        Some(ResourceType::Vpn) => 5,
        Some(ResourceType::Peering) => 6,
        _ => 7,
    }
}

/// The attachment a transit gateway route sends to (the first, for ECMP), as its id.
fn first_attachment(route: &crate::model::TransitGatewayRoute) -> String {
    route
        .attachments
        .first()
        .map(ToString::to_string)
        .unwrap_or_default()
}

/// A transit gateway route as AWS's `TransitGatewayRouteTableRoute` describes it, for the CIDR
/// of it that matched.
fn transit_gateway_route_rule(
    snapshot: &Snapshot,
    table: &crate::model::TransitGatewayRouteTable,
    cidr: ipnet::IpNet,
    route: &crate::model::TransitGatewayRoute,
) -> Rule {
    let resource = route
        .attachments
        .first()
        .and_then(|id| snapshot.transit_gateway_attachments.get(id))
        .and_then(|attachment| {
            Some((
                attachment.resource_id.clone()?,
                attachment.resource_type.as_ref()?.to_string(),
            ))
        });
    Rule::TransitGatewayRoute {
        table: table.id.to_string(),
        destination: cidr.to_string(),
        attachment: first_attachment(route),
        resource,
        origin: if route.propagated {
            "propagated"
        } else {
            "static"
        },
        state: if route.blackhole {
            "blackhole".to_owned()
        } else {
            "active".to_owned()
        },
    }
}

pub(super) fn tgw_attachment_component(
    attachment: &crate::model::TransitGatewayAttachment,
) -> Component {
    Component {
        id: attachment.id.to_string(),
        arn: None,
        name: attachment.name.clone(),
        kind: ComponentKind::TransitGatewayAttachment,
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;

    /// `vpc-1` and `vpc-2` attached to `tgw-1` (`tgw-attach-1` in `subnet-a`, `tgw-attach-2`
    /// in `subnet-c`, the second in `second_state`), both associated with `tgw-rtb-1`, which
    /// holds `routes` (JSON route objects); `extra` are more generic attachments.
    fn attached(second_state: &str, routes: &str, extra: &str) -> Vec<(&'static str, String)> {
        let files = two_vpcs(
            r#", {"DestinationCidrBlock": "0.0.0.0/0", "TransitGatewayId": "tgw-1", "State": "active"}"#,
            r#", {"DestinationCidrBlock": "10.0.0.0/16", "TransitGatewayId": "tgw-1", "State": "active"}"#,
        );
        let attachment = |id: &str, vpc: &str, state: &str| {
            format!(
                r#"{{"TransitGatewayAttachmentId": "{id}", "TransitGatewayId": "tgw-1", "ResourceType": "vpc",
                    "ResourceId": "{vpc}", "State": "{state}",
                    "Association": {{"TransitGatewayRouteTableId": "tgw-rtb-1", "State": "associated"}}}}"#
            )
        };
        let vpc_attachment = |id: &str, vpc: &str, subnet: &str, state: &str| {
            format!(
                r#"{{"TransitGatewayAttachmentId": "{id}", "TransitGatewayId": "tgw-1", "VpcId": "{vpc}",
                    "SubnetIds": ["{subnet}"], "State": "{state}"}}"#
            )
        };
        let files = with(
            files,
            "describe-transit-gateways.json",
            r#"{"TransitGateways": [{"TransitGatewayId": "tgw-1", "OwnerId": "111122223333", "State": "available"}]}"#,
        );
        let files = with(
            files,
            "describe-transit-gateway-attachments.json",
            format!(
                r#"{{"TransitGatewayAttachments": [{}, {}{extra}]}}"#,
                attachment("tgw-attach-1", "vpc-1", "available"),
                attachment("tgw-attach-2", "vpc-2", second_state)
            ),
        );
        let files = with(
            files,
            "describe-transit-gateway-vpc-attachments.json",
            format!(
                r#"{{"TransitGatewayVpcAttachments": [{}, {}]}}"#,
                vpc_attachment("tgw-attach-1", "vpc-1", "subnet-a", "available"),
                vpc_attachment("tgw-attach-2", "vpc-2", "subnet-c", second_state)
            ),
        );
        let files = with(
            files,
            "describe-transit-gateway-route-tables.json",
            r#"{"TransitGatewayRouteTables": [{"TransitGatewayRouteTableId": "tgw-rtb-1", "TransitGatewayId": "tgw-1"}]}"#,
        );
        with(
            files,
            "search-transit-gateway-routes.tgw-rtb-1.json",
            format!(r#"{{"Routes": [{routes}]}}"#),
        )
    }

    fn route(cidr: &str, attachment: &str) -> String {
        format!(
            r#"{{"DestinationCidrBlock": "{cidr}", "Type": "static", "State": "active",
                "TransitGatewayAttachments": [{{"TransitGatewayAttachmentId": "{attachment}"}}]}}"#
        )
    }

    fn both_ways() -> String {
        format!(
            "{}, {}",
            route("10.0.0.0/16", "tgw-attach-1"),
            route("10.1.0.0/16", "tgw-attach-2")
        )
    }

    // Each attachment's subnet is its VPC's only one: no network ACL is crossed on the way.
    #[test]
    fn the_attachments_table_routes_from_one_vpc_into_the_other() {
        check(
            &attached("available", &both_ways(), ""),
            "eni-a eni-c 443",
            "reachable
             -> eni-a sg-a rtb-1 tgw-attach-1 tgw-rtb-1 tgw-attach-2 rtb-2 sg-c eni-c
             <- eni-c sg-c rtb-2 tgw-attach-2 tgw-rtb-1 tgw-attach-1 rtb-1 sg-a eni-a",
        );
    }

    #[test]
    fn an_attachment_that_is_not_available_carries_nothing() {
        check(
            &attached("pendingAcceptance", &both_ways(), ""),
            "eni-a eni-c 443",
            "not_reachable BAD_STATE_ATTACHMENT
             -> eni-a sg-a rtb-1 tgw-attach-1 tgw-rtb-1 tgw-attach-2",
        );
        // States are read ignoring case.
        check(
            &attached("AVAILABLE", &both_ways(), ""),
            "eni-a eni-c 443",
            "reachable
             -> eni-a sg-a rtb-1 tgw-attach-1 tgw-rtb-1 tgw-attach-2 rtb-2 sg-c eni-c
             <- eni-c sg-c rtb-2 tgw-attach-2 tgw-rtb-1 tgw-attach-1 rtb-1 sg-a eni-a",
        );
    }

    #[test]
    fn a_destination_the_table_has_no_route_for_stops_there() {
        check(
            &attached("available", &route("10.0.0.0/16", "tgw-attach-1"), ""),
            "eni-a eni-c 443",
            "not_reachable TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT
             -> eni-a sg-a rtb-1 tgw-attach-1 tgw-rtb-1",
        );
        let answer = ask(
            &attached("available", &route("10.0.0.0/16", "tgw-attach-1"), ""),
            "eni-a eni-c 443",
        );
        assert_eq!(
            answer.explanations[0]
                .members
                .transit_gateway_attachment
                .as_deref(),
            Some("tgw-attach-2")
        );
        // An address behind no attachment: no route to the destination.
        check(
            &attached("available", &both_ways(), ""),
            "eni-a 10.7.0.9 443",
            "not_reachable NO_ROUTE_TO_DESTINATION
             -> eni-a sg-a rtb-1 tgw-attach-1 tgw-rtb-1",
        );
    }

    fn blackhole(cidr: &str) -> String {
        format!(r#"{{"DestinationCidrBlock": "{cidr}", "Type": "static", "State": "blackhole"}}"#)
    }

    fn propagated(cidr: &str, attachment: &str) -> String {
        format!(
            r#"{{"DestinationCidrBlock": "{cidr}", "Type": "propagated", "State": "active",
                "TransitGatewayAttachments": [{{"TransitGatewayAttachmentId": "{attachment}"}}]}}"#
        )
    }

    // The blackhole takes the traffic; the route it beat names itself, by why it lost: a
    // shorter prefix, or the same one propagated (a static route wins).
    #[test]
    fn a_route_the_chosen_one_beat_is_named_when_it_would_have_delivered() {
        let back = route("10.0.0.0/16", "tgw-attach-1");
        let shorter = format!(
            "{back}, {}, {}",
            route("10.1.0.0/16", "tgw-attach-2"),
            blackhole("10.1.1.0/24")
        );
        check(
            &attached("available", &shorter, ""),
            "eni-a eni-c 443",
            "not_reachable TGW_RTB_BAD_STATE_ROUTE TGW_RTB_MORE_SPECIFIC_ROUTE
             -> eni-a sg-a rtb-1 tgw-attach-1 tgw-rtb-1",
        );
        let same = format!(
            "{back}, {}, {}",
            propagated("10.1.0.0/16", "tgw-attach-2"),
            blackhole("10.1.0.0/16")
        );
        check(
            &attached("available", &same, ""),
            "eni-a eni-c 443",
            "not_reachable TGW_RTB_BAD_STATE_ROUTE TGW_RTB_HIGHER_PRIORITY_ROUTE
             -> eni-a sg-a rtb-1 tgw-attach-1 tgw-rtb-1",
        );
        // A route that would not have delivered either (back into the source's VPC, which has
        // no route on) is not named.
        let nowhere = format!("{back}, {}", blackhole("10.1.1.0/24"));
        check(
            &attached("available", &nowhere, ""),
            "eni-a eni-c 443",
            "not_reachable TGW_RTB_BAD_STATE_ROUTE
             -> eni-a sg-a rtb-1 tgw-attach-1 tgw-rtb-1",
        );
        // A more specific route back into the source's VPC loops; the route it beat names
        // itself.
        let back_again = format!(
            "{back}, {}, {}",
            route("10.1.0.0/16", "tgw-attach-2"),
            route("10.1.1.0/24", "tgw-attach-1")
        );
        check(
            &attached("available", &back_again, ""),
            "eni-a eni-c 443",
            "not_reachable ROUTING_LOOP TGW_RTB_MORE_SPECIFIC_ROUTE
             -> eni-a sg-a rtb-1 tgw-attach-1 tgw-rtb-1 tgw-attach-1",
        );
    }

    #[test]
    fn a_vpn_attachment_leaves_the_snapshot_and_its_replies_come_back_through_it() {
        let vpn = r#", {"TransitGatewayAttachmentId": "tgw-attach-vpn", "TransitGatewayId": "tgw-1",
            "ResourceType": "VPN", "ResourceId": "vpn-1", "State": "available",
            "Association": {"TransitGatewayRouteTableId": "tgw-rtb-1", "State": "associated"}}"#;
        let routes = format!("{}, {}", both_ways(), route("0.0.0.0/0", "tgw-attach-vpn"));
        check(
            &attached("available", &routes, vpn),
            "eni-a 198.51.100.7 443",
            "reachable
             -> eni-a sg-a rtb-1 tgw-attach-1 tgw-rtb-1 tgw-attach-vpn
             <- tgw-attach-vpn tgw-rtb-1 tgw-attach-1 rtb-1 sg-a eni-a",
        );
    }
}
