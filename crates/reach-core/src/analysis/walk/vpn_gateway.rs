use super::*;
use crate::ids::VpnGatewayId;
use ipnet::IpNet;

/// What joins a virtual private gateway to the network on its other side: a Site-to-Site VPN
/// connection or a Direct Connect virtual interface, as one hop of the path.
#[derive(Clone, Debug)]
struct Link {
    component: Component,
    /// Whether it carries traffic now; if not, why, in words.
    down: Option<String>,
    /// A VPN connection (`BAD_STATE_VPN` when down) rather than a virtual interface.
    vpn: bool,
    /// Whether its routes cover the address asked about.
    coverage: Coverage,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Coverage {
    /// A static route or advertised prefix covers it (the most specific one, when known), or
    /// the gateway propagated a route for it into the VPC's route table.
    Covers(Option<IpNet>),
    /// Its routes are learned over BGP and are in no export.
    Learned,
    /// None of its routes covers it.
    No,
}

/// Which link takes traffic for an address, or why none does.
enum Choice {
    /// This link covers the address and carries traffic.
    Through(Link),
    /// Links that may cover it carry traffic, but their routes are learned over BGP.
    Learned(Vec<Link>),
    /// The links that would take it carry no traffic.
    Down(Link),
    /// No link's routes cover it.
    NoRoute,
    /// The input has no link of the gateway at all.
    NoLinks,
}

impl<'a> Walker<'a> {
    /// A route to a virtual private gateway: out of the snapshot to the VPN's or Direct
    /// Connect's other side, which no export describes. The gateway delivers only what one of
    /// its VPN connections or virtual interfaces routes (a static route, an advertised prefix,
    /// or a route it `propagated` into the route table that chose it), over one that carries
    /// traffic; the replies come back in through it.
    pub(super) fn out_to_vpn_gateway(
        &mut self,
        subnet: &'a Subnet,
        gateway: &VpnGatewayId,
        propagated: bool,
        space: Space,
    ) -> Outcome {
        let found = self.snapshot.vpn_gateways.get(gateway);
        let component = Component {
            id: gateway.to_string(),
            arn: None,
            name: found.and_then(|gateway| gateway.name.clone()),
            kind: ComponentKind::VpnGateway,
        };
        let vpc = Some(subnet.vpc.to_string());
        let space = passed!(self.network_acl(subnet, Direction::Outbound, &space));
        if found.is_none() {
            self.hop(component, vpc, None, None, &space);
            return self.missing(format!(
                "the route leads to virtual private gateway {gateway}, which is not in the input: {}",
                crate::command::vpn_gateway(gateway.as_str())
            ));
        }
        if let Some(stop) = self.vpn_gateway_unavailable(gateway, component.clone(), vpc.clone()) {
            return Outcome::Blocked(stop);
        }
        // Out to the other side: the request to a destination outside the snapshot, or the
        // replies to a source that came in through this gateway.
        let outside = match self.leg {
            Leg::Request => self.target == Place::Internet,
            Leg::Reply => self.target == Place::VpnGateway(gateway.clone()),
        };
        if !outside {
            self.hop(component.clone(), vpc, None, None, &space);
            let stop = self.explain(
                Code::NotAnalysed,
                component,
                format!("{gateway}: the path leaves the snapshot here, which Reach follows only for a destination outside it"),
            );
            return Outcome::Unknown(Missing { note: stop.message });
        }
        let Some(destination) = first_destination(&space) else {
            return nothing_left();
        };
        match self.choose_link(gateway, destination, propagated) {
            Choice::Through(link) => {
                let space = match link.coverage {
                    Coverage::Covers(Some(cidr)) => {
                        let (family, range) = crate::space::cidr_range(&cidr);
                        space.intersection(&Space::from_cube(Cube {
                            destinations: range,
                            ..Cube::everything(family)
                        }))
                    }
                    _ => space,
                };
                self.hop(component, vpc, None, None, &space);
                self.hop(link.component.clone(), None, None, None, &space);
                if self.leg == Leg::Request {
                    self.notes.push(format!(
                        "the path leaves the snapshot through virtual private gateway {gateway} and {} {}: what lies beyond them (the data centre's routers, firewalls and the host) is in no export, so Reach takes the far side as answering",
                        link.component.kind, link.component.id
                    ));
                    self.exit = Some(Exit::VpnGateway(gateway.clone(), Some(link.component)));
                }
                Outcome::Arrived(space)
            }
            Choice::Learned(links) => {
                self.hop(component, vpc, None, None, &space);
                let names: Vec<String> = links
                    .iter()
                    .map(|link| format!("{} {}", link.component.kind, link.component.id))
                    .collect();
                self.missing(format!(
                    "whether virtual private gateway {gateway} has a route to {destination} depends on what {} learns over BGP, which no export holds: propagate {gateway}'s routes into a route table (aws ec2 enable-vgw-route-propagation) and export it again (aws ec2 describe-route-tables)",
                    names.join(" and ")
                ))
            }
            Choice::Down(link) => {
                self.hop(component, vpc, None, None, &space);
                Outcome::Blocked(self.link_down(link))
            }
            Choice::NoRoute => Outcome::Blocked(self.stop_at(
                component,
                vpc,
                None,
                Code::NoRouteToDestination,
                format!(
                    "no VPN connection or Direct Connect virtual interface of virtual private gateway {gateway} routes to {destination}"
                ),
            )),
            Choice::NoLinks => {
                self.hop(component, vpc, None, None, &space);
                self.missing(no_links_note(gateway))
            }
        }
    }

    /// Packets from the network behind a virtual private gateway (the question's source is
    /// there) come in over the VPN connection or virtual interface that routes to their
    /// source, through the gateway, into its VPC: by the gateway's edge-associated route table
    /// if it has one, else by the local route.
    pub(super) fn enter_from_vpn_gateway(
        &mut self,
        gateway: &VpnGatewayId,
        space: Space,
    ) -> Outcome {
        let Some(found) = self.snapshot.vpn_gateways.get(gateway) else {
            return self.missing(format!(
                "virtual private gateway {gateway} is not in the input: aws ec2 describe-vpn-gateways --vpn-gateway-ids {gateway}"
            ));
        };
        let component = Component {
            id: gateway.to_string(),
            arn: None,
            name: found.name.clone(),
            kind: ComponentKind::VpnGateway,
        };
        let vpc = found.vpcs.first().map(ToString::to_string);
        let Some(source) = space
            .cubes()
            .first()
            .and_then(|cube| addresses_of(cube).first().copied())
        else {
            return nothing_left();
        };
        // Packets come in over any link that carries traffic; the one routing to their source
        // is the one the replies take, so it is the one shown.
        let links = match self.choose_link(gateway, source, false) {
            Choice::Through(link) => vec![link],
            Choice::Learned(links) => links,
            Choice::Down(link) => return Outcome::Blocked(self.link_down(link)),
            // No route back to the source: the packets still come in over a link that is up
            // (the replies are the ones without a way out).
            Choice::NoRoute => {
                let mut links = self.links(gateway, source, false);
                links.sort_by_key(|link| link.down.is_some());
                links
            }
            Choice::NoLinks => Vec::new(),
        };
        let Some(link) = links.into_iter().next() else {
            return self.missing(no_links_note(gateway));
        };
        if link.down.is_some() {
            return Outcome::Blocked(self.link_down(link));
        }
        self.notes.push(format!(
            "the source is on the network behind virtual private gateway {gateway} and {} {}, which no export describes: Reach takes it as sending",
            link.component.kind, link.component.id
        ));
        self.hop(link.component, None, None, None, &space);
        if let Some(stop) = self.vpn_gateway_unavailable(gateway, component, vpc) {
            return Outcome::Blocked(stop);
        }
        self.enter_vpc_through(gateway, space)
    }

    /// Replies from beyond a virtual private gateway come back in through it, over the link
    /// their request left by.
    pub(super) fn reenter_through_vpn_gateway(
        &mut self,
        gateway: VpnGatewayId,
        link: Option<Component>,
        space: Space,
    ) -> Outcome {
        if let Some(link) = &link {
            self.hop(link.clone(), None, None, None, &space);
        }
        self.enter_vpc_through(&gateway, space)
    }

    /// From a virtual private gateway into its VPC: its edge-associated route table decides
    /// if it has one (ingress routing), else the local route, which reaches only the VPC's own
    /// addresses.
    fn enter_vpc_through(&mut self, gateway: &VpnGatewayId, space: Space) -> Outcome {
        let snapshot = self.snapshot;
        let found = snapshot.vpn_gateways.get(gateway);
        let component = Component {
            id: gateway.to_string(),
            arn: None,
            name: found.and_then(|gateway| gateway.name.clone()),
            kind: ComponentKind::VpnGateway,
        };
        let vpc_id = found.and_then(|gateway| gateway.vpcs.first());
        let vpc = vpc_id.map(ToString::to_string);
        let Some(vpc_id) = vpc_id else {
            return Outcome::Blocked(self.stop_at(
                component,
                vpc,
                None,
                Code::BadState,
                format!("virtual private gateway {gateway} is attached to no VPC"),
            ));
        };
        let Some(attached) = snapshot.vpcs.get(vpc_id) else {
            // Attached, but the VPC's own export is missing: what it routes is unknown.
            return self.unknown(
                Code::MissingInput,
                component,
                format!(
                    "virtual private gateway {gateway} is attached to {vpc_id}, which is not in the input: {}",
                    crate::command::vpc(vpc_id.as_str())
                ),
            );
        };
        self.hop(component.clone(), vpc, None, None, &space);
        let edge = snapshot
            .route_tables
            .values()
            .find(|table| table.gateways.iter().any(|edge| edge == gateway.as_str()));
        if let Some(table) = edge {
            return self.route_ingress(table, space);
        }
        let Some(destination) = first_destination(&space) else {
            return nothing_left();
        };
        if !attached
            .cidrs
            .iter()
            .any(|cidr| cidr.contains(&destination))
        {
            return Outcome::Blocked(self.explain(
                Code::NoRouteToDestination,
                component,
                format!(
                    "virtual private gateway {gateway} delivers into {} only its own addresses, and {destination} is not one",
                    attached.id
                ),
            ));
        }
        self.deliver_in_vpc(None, space)
    }

    /// Stops the walk at a virtual private gateway that is not `available` (`BAD_STATE`).
    fn vpn_gateway_unavailable(
        &mut self,
        gateway: &VpnGatewayId,
        component: Component,
        vpc: Option<String>,
    ) -> Option<Stop> {
        let state = self
            .snapshot
            .vpn_gateways
            .get(gateway)
            .and_then(|gateway| gateway.state.as_ref())
            .filter(|state| **state != VpnState::Available)?;
        Some(self.stop_at(
            component,
            vpc,
            None,
            Code::BadState,
            format!("virtual private gateway {gateway} is {state}, not available"),
        ))
    }

    /// The link that takes traffic for `address`: one whose routes cover it and that carries
    /// traffic; else one that may cover it by BGP; else why none does.
    fn choose_link(&self, gateway: &VpnGatewayId, address: IpAddr, propagated: bool) -> Choice {
        let links = self.links(gateway, address, propagated);
        if links.is_empty() {
            return Choice::NoLinks;
        }
        let up = |link: &&Link| link.down.is_none();
        // The most specific covering route wins, as in any route table.
        let covering = links
            .iter()
            .filter(|link| matches!(link.coverage, Coverage::Covers(_)))
            .max_by_key(|link| match link.coverage {
                Coverage::Covers(Some(cidr)) => (link.down.is_none(), cidr.prefix_len()),
                _ => (link.down.is_none(), 0),
            });
        if let Some(link) = covering.filter(up) {
            return Choice::Through(link.clone());
        }
        let learned: Vec<Link> = links
            .iter()
            .filter(|link| link.coverage == Coverage::Learned)
            .filter(up)
            .cloned()
            .collect();
        if !learned.is_empty() {
            return Choice::Learned(learned);
        }
        let down =
            covering.or_else(|| links.iter().find(|link| link.coverage == Coverage::Learned));
        match down {
            Some(link) => Choice::Down(link.clone()),
            None => Choice::NoRoute,
        }
    }

    /// Every VPN connection and Direct Connect virtual interface of the gateway that still
    /// exists, with whether it carries traffic and whether its routes cover `address`.
    fn links(&self, gateway: &VpnGatewayId, address: IpAddr, propagated: bool) -> Vec<Link> {
        let snapshot = self.snapshot;
        let most_specific = |routes: &[IpNet]| {
            routes
                .iter()
                .filter(|route| route.contains(&address))
                .max_by_key(|route| route.prefix_len())
                .copied()
        };
        let coverage = |routes: &[IpNet], dynamic: bool| match most_specific(routes) {
            Some(cidr) => Coverage::Covers(Some(cidr)),
            // The gateway put a route for it into the VPC's table: it learned one.
            None if dynamic && propagated => Coverage::Covers(None),
            None if dynamic => Coverage::Learned,
            None => Coverage::No,
        };
        let vpn = snapshot
            .vpn_connections
            .values()
            .filter(|connection| connection.vpn_gateway.as_ref() == Some(gateway))
            .filter(|connection| connection.state != Some(VpnState::Deleted))
            .map(|connection| Link {
                component: Component {
                    id: connection.id.to_string(),
                    arn: None,
                    name: connection.name.clone(),
                    kind: ComponentKind::VpnConnection,
                },
                down: vpn_down(connection),
                vpn: true,
                coverage: coverage(&connection.routes, !connection.static_routes_only),
            });
        let direct_connect = snapshot
            .virtual_interfaces
            .values()
            .filter(|interface| interface.vpn_gateway.as_ref() == Some(gateway))
            .filter(|interface| !matches!(interface.state.as_deref(), Some("deleted" | "rejected")))
            .map(|interface| Link {
                component: Component {
                    id: interface.id.to_string(),
                    arn: None,
                    name: interface.name.clone(),
                    kind: ComponentKind::DirectConnectVirtualInterface,
                },
                down: virtual_interface_down(interface),
                vpn: false,
                // A private virtual interface learns its routes over BGP.
                coverage: coverage(&interface.route_filter_prefixes, true),
            });
        vpn.chain(direct_connect).collect()
    }

    /// The stop at a link that carries no traffic.
    fn link_down(&mut self, link: Link) -> Stop {
        let code = if link.vpn {
            Code::BadStateVpn
        } else {
            Code::BadState
        };
        self.stop_at(
            link.component,
            None,
            None,
            code,
            link.down.unwrap_or_default(),
        )
    }
}

/// Why a VPN connection carries no traffic, if it does not: not `available`, or no tunnel up.
pub(super) fn vpn_down(connection: &crate::model::VpnConnection) -> Option<String> {
    if connection.carries_traffic() {
        return None;
    }
    let id = &connection.id;
    if let Some(state) = connection
        .state
        .as_ref()
        .filter(|state| **state != VpnState::Available)
    {
        return Some(format!("VPN connection {id} is {state}, not available"));
    }
    if connection.tunnels.is_empty() {
        return Some(format!(
            "VPN connection {id} reports no tunnel status (VgwTelemetry), so no tunnel is known to be up"
        ));
    }
    let tunnels: Vec<String> = connection
        .tunnels
        .iter()
        .map(|tunnel| {
            let address = tunnel.outside_ip.as_deref().unwrap_or("a tunnel");
            match &tunnel.status_message {
                Some(message) => format!("{address} DOWN ({message})"),
                None => format!("{address} DOWN"),
            }
        })
        .collect();
    Some(format!(
        "every tunnel of VPN connection {id} is down: {}",
        tunnels.join(", ")
    ))
}

/// Why a Direct Connect virtual interface carries no traffic, if it does not.
pub(super) fn virtual_interface_down(interface: &crate::model::VirtualInterface) -> Option<String> {
    if interface.carries_traffic() {
        return None;
    }
    let id = &interface.id;
    Some(match interface.state.as_deref() {
        Some("available") => {
            format!(
                "Direct Connect virtual interface {id} is available, but its BGP sessions are down"
            )
        }
        Some(state) => format!("Direct Connect virtual interface {id} is {state}, not available"),
        None => format!("Direct Connect virtual interface {id} reports no state"),
    })
}

fn no_links_note(gateway: &VpnGatewayId) -> String {
    format!(
        "virtual private gateway {gateway} has no VPN connection or Direct Connect virtual interface in the input, so what it routes where is unknown: aws ec2 describe-vpn-connections --filters Name=vpn-gateway-id,Values={gateway}; aws directconnect describe-virtual-interfaces"
    )
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use crate::analysis::ComponentKind;

    #[test]
    fn a_static_route_of_a_connection_that_is_up_leads_out_and_back() {
        let files = with_vpn_gateway(&vpn_connection("vpn-1", &["192.168.10.0/24"], "UP"));
        check(
            &files,
            "eni-a 192.168.10.5 443",
            "reachable
             -> eni-a sg-a acl-1 rtb-1 vgw-1 vpn-1
             <- vpn-1 vgw-1 acl-1 sg-a eni-a",
        );
        let kind = |id: &str| hop_kind(&files, "eni-a 192.168.10.5 443", id);
        assert_eq!(kind("vgw-1"), Some(ComponentKind::VpnGateway));
        assert_eq!(kind("vpn-1"), Some(ComponentKind::VpnConnection));
    }

    #[test]
    fn the_data_centre_reaches_in_over_the_connection_that_routes_to_it() {
        check(
            &with_vpn_gateway(&vpn_connection("vpn-1", &["192.168.10.0/24"], "UP")),
            "192.168.10.5 eni-b 443",
            "reachable
             -> vpn-1 vgw-1 acl-1 sg-b eni-b
             <- eni-b sg-b acl-1 rtb-1 vgw-1 vpn-1",
        );
    }

    #[test]
    fn a_connection_with_every_tunnel_down_carries_nothing() {
        check(
            &with_vpn_gateway(&vpn_connection("vpn-1", &["192.168.10.0/24"], "DOWN")),
            "eni-a 192.168.10.5 443",
            "not_reachable BAD_STATE_VPN
             -> eni-a sg-a acl-1 rtb-1 vgw-1 vpn-1",
        );
    }

    #[test]
    fn the_table_route_alone_does_not_reach_what_no_connection_routes() {
        check(
            &with_vpn_gateway(&vpn_connection("vpn-1", &["192.168.10.0/24"], "UP")),
            "eni-a 192.168.30.5 443",
            "not_reachable NO_ROUTE_TO_DESTINATION
             -> eni-a sg-a acl-1 rtb-1 vgw-1",
        );
    }

    #[test]
    fn routes_learned_over_bgp_leave_the_verdict_unknown() {
        let files = with_vpn_gateway(&vpn_connection("vpn-1", &[], "UP"));
        check(
            &files,
            "eni-a 192.168.10.5 443",
            "unknown
             -> eni-a sg-a acl-1 rtb-1 vgw-1",
        );
        assert!(summary(&files, "eni-a 192.168.10.5 443").contains("learns over BGP"));
    }
}
