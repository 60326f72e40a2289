use super::*;

impl<'a> Walker<'a> {
    /// Looks up `table` for the space and records the route hop: the route and the packets it
    /// carries, or how the walk ends here (routing loop, no route, blackhole). `subnet` is the
    /// subnet packets leave, none for a gateway route table.
    pub(super) fn select_route(
        &mut self,
        table: &'a crate::model::RouteTable,
        subnet: Option<&Subnet>,
        space: &Space,
    ) -> Result<(&'a crate::model::Route, Space), Outcome> {
        let (route, space) = self.pick_route(table, subnet, space)?;
        match self.blackhole(table, route) {
            Some(stop) => Err(Outcome::Blocked(stop)),
            None => Ok((route, space)),
        }
    }

    /// `select_route` but for the route's state: the route may be a blackhole.
    fn pick_route(
        &mut self,
        table: &'a crate::model::RouteTable,
        subnet: Option<&Subnet>,
        space: &Space,
    ) -> Result<(&'a crate::model::Route, Space), Outcome> {
        let component = route_table_component(table);
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
        let rule = route_rule(table, route);
        self.hop(
            component,
            Some(table.vpc.to_string()),
            subnet_id,
            Some(rule),
            &selected.space,
        );
        self.route_hop = subnet.map(|subnet| (self.hops.len() - 1, subnet.id.clone()));
        Ok((route, selected.space.clone()))
    }

    /// Stops the walk at a blackhole route (`BAD_STATE_ROUTE`); whether it did.
    fn blackhole(
        &mut self,
        table: &crate::model::RouteTable,
        route: &crate::model::Route,
    ) -> Option<Stop> {
        if route.state == RouteState::Active {
            return None;
        }
        let stop = self.explain(
            Code::BadStateRoute,
            route_table_component(table),
            format!(
                "the route of {} to {} is a blackhole: its target no longer exists",
                table.id,
                describe_destination(&route.destination)
            ),
        );
        self.annotate(|members| {
            members.vpc = Some(table.vpc.to_string());
            members.rule = Some(route_rule(table, route));
        });
        Some(stop)
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
        let (route, space) = match self.pick_route(table, Some(subnet), &space) {
            Ok(selected) => selected,
            Err(outcome) => return outcome,
        };
        // Routes not taken are tried from where the walk is now, before the chosen one
        // changes what the walk has crossed.
        // Only where the chosen route beat another: most tables have one route per target.
        let losers = match self.leg == Leg::Request && !self.exploring {
            true => evaluate::route_table::beaten(self.snapshot, table, route, &space),
            false => Vec::new(),
        };
        let trial = (!losers.is_empty()).then(|| self.exploration());
        let outcome = match self.blackhole(table, route) {
            Some(stop) => Outcome::Blocked(stop),
            None => self.follow_route(subnet, table, route, space.clone()),
        };
        if let (Outcome::Blocked(stop), Some(trial)) = (&outcome, &trial) {
            if !stop.decided_by_a_rule() {
                self.explain_beaten_routes(trial, subnet, table, route, losers);
            }
        }
        outcome
    }

    /// On a request blocked where its route led, each route of `table` the chosen `route` beat
    /// for some of its packets and that would have delivered them: AWS's `MORE_SPECIFIC_ROUTE`
    /// ("The specified route can't be used to transmit traffic because there is a more
    /// specific route that matches") or `HIGHER_PRIORITY_ROUTE` ("a higher priority route
    /// with the same destination CIDR"), naming the route that was not taken. Each is tried on
    /// a walk of its own whose hops, notes and explanations are dropped (and which tries no
    /// other routes itself), from `trial`: the walk as it was before the chosen route was
    /// followed. Pinned by `a_blackhole_route_wins_its_match_and_drops` (below)
    /// and `routes_not_taken_are_named_when_they_would_have_delivered` (analyze.rs).
    fn explain_beaten_routes(
        &mut self,
        trial: &Walker<'a>,
        subnet: &'a Subnet,
        table: &'a crate::model::RouteTable,
        route: &crate::model::Route,
        losers: Vec<evaluate::route_table::Loser<'a>>,
    ) {
        for loser in losers {
            let mut other = trial.exploration();
            let Outcome::Arrived(_) =
                other.follow_route(subnet, table, loser.route, loser.space.clone())
            else {
                continue;
            };
            let (code, why) = match loser.why {
                evaluate::route_table::Beaten::MoreSpecific => {
                    (Code::MoreSpecificRoute, "the more specific route")
                }
                evaluate::route_table::Beaten::HigherPriority => {
                    (Code::HigherPriorityRoute, "the higher-priority route")
                }
            };
            let message = format!(
                "route table {}: the route to {} ({}) would have carried the traffic, but {why} to {} ({}) takes it",
                table.id,
                describe_destination(&loser.route.destination),
                target_name(&loser.route.target).1,
                describe_destination(&route.destination),
                target_name(&route.target).1,
            );
            self.explain(code, route_table_component(table), message);
            self.annotate(|members| {
                members.vpc = Some(table.vpc.to_string());
                members.subnet = Some(subnet.id.to_string());
                members.rule = Some(route_rule(table, loser.route));
            });
        }
    }

    /// Where `route` (of `table`, chosen for `subnet`'s packets) takes them.
    fn follow_route(
        &mut self,
        subnet: &'a Subnet,
        table: &'a crate::model::RouteTable,
        route: &crate::model::Route,
        space: Space,
    ) -> Outcome {
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

fn route_table_component(table: &crate::model::RouteTable) -> Component {
    Component {
        id: table.id.to_string(),
        arn: None,
        name: table.name.clone(),
        kind: ComponentKind::RouteTable,
    }
}

/// A route as AWS's `RouteTableRoute` gives it.
fn route_rule(table: &crate::model::RouteTable, route: &crate::model::Route) -> Rule {
    let (target_key, target) = target_name(&route.target);
    Rule::Route {
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
        // The local route it beat would have delivered.
        check(
            &files,
            "eni-a eni-b 443",
            "not_reachable BAD_STATE_ROUTE MORE_SPECIFIC_ROUTE
             -> eni-a sg-a rtb-1",
        );
    }
}
