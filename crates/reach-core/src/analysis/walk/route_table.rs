use super::*;

impl<'a> Walker<'a> {
    /// Packets leave `subnet` by its route table.
    /// Looks up `table` for the space and records the route hop: the route and the packets it
    /// carries, or how the walk ends here (routing loop, no route, blackhole). `subnet` is the
    /// subnet packets leave, none for a gateway route table.
    pub(super) fn select_route(
        &mut self,
        table: &'a crate::model::RouteTable,
        subnet: Option<&Subnet>,
        space: &Space,
    ) -> Result<(&'a crate::model::Route, Space), Outcome> {
        let component = Component {
            id: table.id.to_string(),
            arn: None,
            name: table.name.clone(),
            kind: ComponentKind::RouteTable,
        };
        self.tables_consulted += 1;
        if self.tables_consulted > MAX_ROUTE_TABLES {
            return Err(Outcome::Blocked(self.explain(
                Code::RoutingLoop,
                component,
                format!(
                    "routing loop: the packets have been routed by {MAX_ROUTE_TABLES} route tables and still not arrived"
                ),
            )));
        }
        if self.tables_seen.contains(&table.id) {
            return Err(Outcome::Blocked(self.explain(
                Code::RoutingLoop,
                component,
                format!(
                    "routing loop: the packets come back to route table {}",
                    table.id
                ),
            )));
        }
        self.tables_seen.push(table.id.clone());
        let lookup = evaluate::route_table::lookup(self.snapshot, table, space);
        self.doubt_route_table(table, subnet, space);
        for route in &lookup.unresolved {
            self.notes.push(format!(
                "route table {}: the prefix list of route {} has no entries in the input",
                table.id,
                describe_destination(&route.destination)
            ));
        }
        let subnet_id = subnet.map(|subnet| subnet.id.to_string());
        let Some(selected) = lookup.selected.first() else {
            return Err(Outcome::Blocked(self.stop_at(
                component,
                Some(table.vpc.to_string()),
                subnet_id,
                Code::NoRouteToDestination,
                format!("route table {} has no route to the destination", table.id),
            )));
        };
        if lookup.selected.len() > 1 {
            self.notes.push(format!(
                "route table {}: the destinations follow {} different routes; the path shown follows the first",
                table.id,
                lookup.selected.len()
            ));
        }
        let route = selected.route;
        let (target_key, target) = target_name(&route.target);
        let rule = Rule::Route {
            table: table.id.to_string(),
            destination: describe_destination(&route.destination),
            target_key,
            target,
            state: match &route.state {
                RouteState::Active => "active".to_owned(),
                RouteState::Blackhole => "blackhole".to_owned(),
                RouteState::Other(other) => other.clone(),
            },
            origin: route.origin.clone(),
        };
        self.hop(
            component.clone(),
            Some(table.vpc.to_string()),
            subnet_id,
            Some(rule),
            &selected.space,
        );
        self.route_hop = subnet.map(|subnet| (self.hops.len() - 1, subnet.id.clone()));
        if route.state != RouteState::Active {
            return Err(Outcome::Blocked(self.explain(
                Code::BadStateRoute,
                component,
                format!(
                    "the route of {} to {} is a blackhole: its target no longer exists",
                    table.id,
                    describe_destination(&route.destination)
                ),
            )));
        }
        Ok((route, selected.space.clone()))
    }

    pub(super) fn route_from(&mut self, subnet: &'a Subnet, space: Space) -> Outcome {
        let Some((table_id, _)) = &subnet.route_table else {
            let component = Component {
                id: subnet.id.to_string(),
                arn: None,
                name: subnet.name.clone(),
                kind: ComponentKind::Subnet,
            };
            return self.unknown(
                Code::MissingInput,
                component,
                format!("{} has no route table in the input", subnet.id),
            );
        };
        let Some(table) = self.snapshot.route_tables.get(table_id) else {
            return self.missing(format!("route table {table_id} is not in the input"));
        };
        let (route, space) = match self.select_route(table, Some(subnet), &space) {
            Ok(selected) => selected,
            Err(outcome) => return outcome,
        };
        match &route.target {
            RouteTarget::Local => self.deliver_in_vpc(Some(subnet), space),
            RouteTarget::InternetGateway(gateway) => self.out_to_internet(subnet, gateway, space),
            RouteTarget::NatGateway(nat) => self.through_nat(subnet, nat, space),
            RouteTarget::VpcEndpoint(endpoint) => {
                self.hand_off_at_endpoint(subnet, endpoint, space)
            }
            RouteTarget::VpcPeeringConnection(peering) => {
                self.through_peering(subnet, peering, space)
            }
            RouteTarget::TransitGateway(gateway) => {
                self.through_transit_gateway(subnet, gateway, space)
            }
            RouteTarget::EgressOnlyInternetGateway(gateway) => {
                self.out_egress_only(subnet, gateway, space)
            }
            RouteTarget::NetworkInterface(interface) => {
                self.through_appliance(subnet, interface, space)
            }
            RouteTarget::VpnGateway(gateway) => {
                let propagated = route.origin.as_deref()
                    == Some(crate::analysis::question::PROPAGATED_FROM_VPN_GATEWAY);
                self.out_to_vpn_gateway(subnet, gateway, propagated, space)
            }
            RouteTarget::Instance(instance) => {
                match self
                    .snapshot
                    .instances
                    .get(instance)
                    .and_then(|instance| instance.network_interfaces.first())
                {
                    Some(interface) => {
                        let interface = interface.clone();
                        self.through_appliance(subnet, &interface, space)
                    }
                    // A terminated instance has no interface any more.
                    None => match self.snapshot.instances.get(instance).and_then(|found| {
                        found.state.clone().filter(|state| *state != InstanceState::Running).map(|state| (found, state))
                    }) {
                        Some((found, state)) => Outcome::Blocked(self.stop_at(
                            Component {
                                id: instance.to_string(),
                                arn: None,
                                name: found.name.clone(),
                                kind: ComponentKind::Instance,
                            },
                            Some(table.vpc.to_string()),
                            None,
                            Code::BadState,
                            format!("instance {instance} is {state}, not running"),
                        )),
                        None => self.missing(format!(
                            "the route's instance {instance} or its network interface is not in the input"
                        )),
                    },
                }
            }
            other => {
                let (_, id) = target_name(other);
                let component = Component {
                    id: id.clone(),
                    arn: None,
                    name: None,
                    kind: ComponentKind::RouteTarget,
                };
                self.hop(
                    component.clone(),
                    Some(table.vpc.to_string()),
                    None,
                    None,
                    &space,
                );
                self.explain(
                    Code::NotAnalysed,
                    component,
                    format!("{id}: paths through this kind of target are not analysed yet"),
                );
                self.missing(format!(
                    "the path continues through {id}, which Reach does not analyse yet"
                ))
            }
        }
    }

    /// The local route: to the interface that holds the destination address in the VPC.
    /// `from` is the subnet packets leave (none when they come from the internet gateway).
    pub(super) fn deliver_in_vpc(&mut self, from: Option<&'a Subnet>, space: Space) -> Outcome {
        let Some(destination) = first_destination(&space) else {
            return nothing_left();
        };
        let Some(interface) = self.snapshot.interface_holding(destination) else {
            let component = Component {
                id: destination.to_string(),
                arn: None,
                name: None,
                kind: ComponentKind::Address,
            };
            return Outcome::Blocked(self.explain(
                Code::NoPossibleDestination,
                component,
                format!("no network interface in the input holds {destination}"),
            ));
        };
        let Some(to_subnet) = self.subnet_of(interface) else {
            return self.missing(format!(
                "the subnet of {} is not in the input",
                interface.id
            ));
        };
        let mut space = space;
        space = match from {
            Some(from) => passed!(self.cross_subnets(from, to_subnet, space)),
            // From a gateway: only the entered subnet's network ACL applies.
            None => passed!(self.network_acl(to_subnet, Direction::Inbound, &space)),
        };
        self.arrive_at_interface(interface, space)
    }
}

pub(super) fn describe_destination(destination: &RouteDestination) -> String {
    match destination {
        RouteDestination::Cidr(cidr) => cidr.to_string(),
        RouteDestination::PrefixList(id) => id.to_string(),
    }
}

/// The key AWS prints a route's target under, and the target's id.
pub(super) fn target_name(target: &RouteTarget) -> (&'static str, String) {
    match target {
        RouteTarget::Local => ("GatewayId", "local".to_owned()),
        RouteTarget::InternetGateway(id) => ("GatewayId", id.to_string()),
        RouteTarget::EgressOnlyInternetGateway(id) => {
            ("EgressOnlyInternetGatewayId", id.to_string())
        }
        RouteTarget::NatGateway(id) => ("NatGatewayId", id.to_string()),
        RouteTarget::TransitGateway(id) => ("TransitGatewayId", id.to_string()),
        RouteTarget::VpcPeeringConnection(id) => ("VpcPeeringConnectionId", id.to_string()),
        RouteTarget::NetworkInterface(id) => ("NetworkInterfaceId", id.to_string()),
        RouteTarget::Instance(id) => ("InstanceId", id.to_string()),
        RouteTarget::VpcEndpoint(id) => ("GatewayId", id.to_string()),
        RouteTarget::VpnGateway(id) => ("GatewayId", id.to_string()),
        RouteTarget::Other(id) => ("GatewayId", id.clone()),
        RouteTarget::None => ("GatewayId", String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;

    #[test]
    fn the_local_route_delivers_to_the_interface_holding_the_address() {
        check(
            &lab(),
            "eni-a eni-b 443",
            "reachable
             -> eni-a sg-a acl-1 rtb-1 acl-1 sg-b eni-b
             <- eni-b sg-b acl-1 rtb-1 acl-1 sg-a eni-a",
        );
    }

    #[test]
    fn no_route_to_an_outside_address_stops_at_the_table() {
        check(
            &lab(),
            "eni-a 93.184.216.34 443",
            "not_reachable NO_ROUTE_TO_DESTINATION
             -> eni-a sg-a rtb-1",
        );
    }

    #[test]
    fn a_blackhole_route_wins_its_match_and_drops() {
        let routes = format!(
            r#"{LOCAL}, {{"DestinationCidrBlock": "10.0.2.0/24", "NatGatewayId": "nat-9", "State": "blackhole"}}"#
        );
        let files = with(
            lab(),
            "describe-route-tables.json",
            route_tables(&[("rtb-1", "vpc-1", MAIN, &routes)]),
        );
        check(
            &files,
            "eni-a eni-b 443",
            "not_reachable BAD_STATE_ROUTE
             -> eni-a sg-a rtb-1",
        );
    }
}
