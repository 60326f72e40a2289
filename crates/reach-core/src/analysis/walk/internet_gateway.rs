use super::*;

impl<'a> Walker<'a> {
    pub(super) fn out_to_internet(
        &mut self,
        subnet: &'a Subnet,
        gateway: &InternetGatewayId,
        space: Space,
    ) -> Outcome {
        let space = passed!(self.network_acl(subnet, Direction::Outbound, &space));
        let name = self
            .snapshot
            .internet_gateways
            .get(gateway)
            .and_then(|igw| igw.name.clone());
        let component = Component {
            id: gateway.to_string(),
            arn: None,
            name,
            kind: ComponentKind::InternetGateway,
        };
        // A destination that is the public address of an interface in the snapshot: the internet
        // gateway sends the packets out and takes them straight back in to that address.
        let hairpin = first_destination(&space)
            .and_then(|destination| self.snapshot.interface_with_public(destination))
            .map(|interface| interface.id.clone());
        if self.target != Place::Internet && hairpin.is_none() {
            return Outcome::Blocked(self.out_but_destination_inside(
                component,
                Some(subnet.vpc.to_string()),
                &space,
                "the internet",
            ));
        }
        // The internet gateway does not send private (RFC 1918) or shared (RFC 6598, carrier-
        // grade NAT) destinations to the internet ("Internet gateways reject outbound traffic
        // with destination addresses in the private IP address range", and likewise "in the
        // shared IP address range", Reachability Analyzer explanation codes).
        let blocks = |blocks: &[&str]| {
            Space::from_cubes(
                blocks
                    .iter()
                    .map(|block| {
                        let (family, destinations) =
                            crate::space::cidr_range(&block.parse().expect("constant CIDR"));
                        Cube {
                            destinations,
                            ..Cube::everything(family)
                        }
                    })
                    .collect(),
            )
        };
        let private = blocks(&["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]);
        let shared = blocks(&["100.64.0.0/10"]);
        let public_destinations = space.difference(&private).difference(&shared);
        if public_destinations.is_empty() && self.leg == Leg::Request {
            let (code, message) = if space.intersection(&private).is_empty() {
                (
                    Code::IgwDestinationAddressNotInRfc6598Egress,
                    "the internet gateway does not send packets to shared (RFC 6598, 100.64.0.0/10) addresses",
                )
            } else {
                (
                    Code::IgwDestinationAddressNotInRfc1918Egress,
                    "the internet gateway does not send packets to private (RFC 1918) addresses",
                )
            };
            return Outcome::Blocked(self.stop_at(
                component,
                Some(subnet.vpc.to_string()),
                None,
                code,
                message.to_owned(),
            ));
        }
        let space = if self.leg == Leg::Request {
            public_destinations
        } else {
            space
        };
        // Egress needs a public address for every private source (an interface's public IP or
        // Elastic IP; a NAT gateway's Elastic IP).
        let mut translated = Vec::new();
        let mut missing = Vec::new();
        for cube in space.cubes() {
            for address in addresses_of(cube) {
                match self.public_address_of(address) {
                    Some(public) => translated.push((cube.clone(), address, public)),
                    None => missing.push(address),
                }
            }
        }
        if translated.is_empty() {
            let sources: Vec<String> = missing.iter().map(ToString::to_string).collect();
            return Outcome::Blocked(self.stop_at(component, Some(subnet.vpc.to_string()), None, Code::IgwPublicIpAssociationForEgress, format!("{} has no public IP address or Elastic IP, which the internet gateway needs to send it to the internet", sources.join(", "))));
        }
        let mut out = Space::empty();
        let mut words = Vec::new();
        for (cube, private, public) in translated {
            let (_, private_number) = address_number(private);
            let (_, public_number) = address_number(public);
            // Requests and replies alike leave with the public address in place of the
            // private one: the internet only ever sees the public one.
            let mut cube = cube;
            cube.sources = cube
                .sources
                .intersection(&IntervalSet::single(private_number));
            if cube.sources.is_empty() {
                continue;
            }
            cube.sources = IntervalSet::single(public_number);
            words.push(format!("source {private} -> {public}"));
            out = out.union(&Space::from_cube(cube));
        }
        let rule = (!words.is_empty()).then(|| Rule::Translation {
            text: words.join(", "),
        });
        let translated = rule.is_some();
        self.hop(
            component.clone(),
            Some(subnet.vpc.to_string()),
            None,
            rule,
            &out,
        )
        .inbound = translated.then(|| space.clone());
        if let (Some(interface), false) = (hairpin, self.target == Place::Internet) {
            // AWS's analyzer takes no internet gateway as an intermediate component
            // (`IGW_NAT_REFLECTION`: "analyze the path from the source to the internet gateway
            // and then analyze the path from the internet gateway to the destination"); the
            // faithful answer follows the packets back in.
            if self.mode.compat == Compat::Aws {
                return Outcome::Blocked(self.explain(
                    Code::IgwNatReflection,
                    component,
                    format!(
                        "the packets leave through internet gateway {gateway} and come back in to the public address of {interface}, and AWS's analyzer does not follow a path through an internet gateway: ask to the gateway and from it"
                    ),
                ));
            }
            self.notes.push(format!(
                "the packets leave through internet gateway {gateway} and come back in to the public address of {interface}"
            ));
            return self.enter_from_internet(out);
        }
        if self.leg == Leg::Request {
            for address in missing {
                self.notes.push(format!(
                    "{address} has no public address: its packets stop at the internet gateway"
                ));
            }
        }
        self.exit = Some(Exit::InternetGateway);
        Outcome::Arrived(out)
    }

    /// The public address the internet gateway maps a private one to.
    pub(super) fn public_address_of(&self, private: IpAddr) -> Option<IpAddr> {
        if private.is_ipv6() {
            // IPv6 addresses are public as they are.
            return Some(private);
        }
        self.snapshot
            .network_interfaces
            .values()
            .find_map(|interface| {
                interface
                    .private_addresses
                    .iter()
                    .find(|(address, _)| *address == private)
                    .and_then(|(_, public)| *public)
            })
            .or_else(|| {
                self.snapshot
                    .elastic_ips
                    .values()
                    .find(|eip| eip.private_ip == Some(private))
                    .map(|eip| eip.public_ip)
            })
            .or_else(|| {
                self.snapshot
                    .nat_gateways
                    .values()
                    .flat_map(|nat| nat.addresses.iter())
                    .find(|address| address.private_ip == Some(private))
                    .and_then(|address| address.public_ip)
            })
    }

    /// Replies from the internet: the internet gateway maps each public destination to its
    /// private address, then the VPC delivers it (ingress routing through an edge-associated
    /// route table is not analysed yet).
    pub(super) fn enter_from_internet(&mut self, space: Space) -> Outcome {
        let Some(destination) = first_destination(&space) else {
            return nothing_left();
        };
        // Find the private address behind the public destination.
        let mapping = self
            .snapshot
            .network_interfaces
            .values()
            .find_map(|interface| {
                interface
                    .private_addresses
                    .iter()
                    .find(|(_, public)| *public == Some(destination))
                    .map(|(private, _)| (interface, *private))
            });
        let private = match mapping {
            Some((_, private)) => Some(private),
            None => self
                .snapshot
                .nat_gateways
                .values()
                .flat_map(|nat| nat.addresses.iter())
                .find(|address| address.public_ip == Some(destination))
                .and_then(|address| address.private_ip),
        };
        let private = private.or_else(|| destination.is_ipv6().then_some(destination));
        if let (None, Some(interface)) = (private, self.snapshot.interface_holding(destination)) {
            // AWS routes nothing from the internet to a private address: only a public IP or
            // Elastic IP associated with it is reachable from there.
            let component = self.interface_component(interface);
            return Outcome::Blocked(self.explain(
                Code::IgwPrivateIpAssociationForIngress,
                component,
                format!(
                    "{destination} is a private address of {} with no public IP or Elastic IP associated: the internet gateway routes nothing from the internet to it",
                    interface.id
                ),
            ));
        }
        let Some(private) = private else {
            let component = Component {
                id: destination.to_string(),
                arn: None,
                name: None,
                kind: ComponentKind::Address,
            };
            let stop = self.explain(
                Code::IgwExpectsPublicAddress,
                component,
                format!("{destination} is not a public address of any interface in the input"),
            );
            self.annotate(|members| members.address = Some(destination));
            return Outcome::Blocked(stop);
        };
        let Some(interface) = self.snapshot.network_interfaces.values().find(|interface| {
            interface
                .private_addresses
                .iter()
                .any(|(address, _)| *address == private)
                || interface.ipv6_addresses.contains(&private)
        }) else {
            return self.missing(format!(
                "the interface holding {private} is not in the input"
            ));
        };
        let vpc = interface.vpc.clone();
        let gateway = self
            .snapshot
            .internet_gateways
            .values()
            .find(|gateway| gateway.vpc.is_some() && gateway.vpc == vpc);
        let Some(gateway) = gateway else {
            let component = Component {
                id: vpc.map(|vpc| vpc.to_string()).unwrap_or_default(),
                arn: None,
                name: None,
                kind: ComponentKind::Vpc,
            };
            return Outcome::Blocked(self.explain(
                Code::NoRouteToDestination,
                component,
                "the VPC has no internet gateway attached".to_owned(),
            ));
        };
        let (_, public_number) = address_number(destination);
        let (_, private_number) = address_number(private);
        let mut cubes = Vec::new();
        for cube in space.cubes() {
            let mut cube = cube.clone();
            cube.destinations = cube
                .destinations
                .intersection(&IntervalSet::single(public_number));
            if cube.destinations.is_empty() {
                continue;
            }
            cube.destinations = IntervalSet::single(private_number);
            cubes.push(cube);
        }
        let arrived = space;
        let space = Space::from_cubes(cubes);
        let component = Component {
            id: gateway.id.to_string(),
            arn: None,
            name: gateway.name.clone(),
            kind: ComponentKind::InternetGateway,
        };
        let rule = (destination != private).then(|| Rule::Translation {
            text: format!("destination {destination} -> {private}"),
        });
        let translated = rule.is_some();
        self.hop(component, vpc_string(&gateway.vpc), None, rule, &space)
            .inbound = translated.then_some(arrived);
        let edge = self.snapshot.route_tables.values().find(|table| {
            table
                .gateways
                .iter()
                .any(|edge| edge == gateway.id.as_str())
        });
        match edge {
            Some(table) => self.route_ingress(table, space),
            None => self.deliver_in_vpc(None, space),
        }
    }

    /// Ingress routing: an internet gateway's edge-associated route table decides where
    /// traffic from the internet goes first (an appliance or a firewall endpoint that inspects
    /// it), instead of the local route.
    pub(super) fn route_ingress(
        &mut self,
        table: &'a crate::model::RouteTable,
        space: Space,
    ) -> Outcome {
        let component = Component {
            id: table.id.to_string(),
            arn: None,
            name: table.name.clone(),
            kind: ComponentKind::RouteTable,
        };
        let (route, space) = match self.select_route(table, None, &space) {
            Ok(selected) => selected,
            Err(outcome) => return outcome,
        };
        // From the gateway, only the network ACL of the subnet entered applies.
        let enter = |walker: &mut Self, subnet: &'a Subnet, space: Space| {
            walker.network_acl(subnet, Direction::Inbound, &space)
        };
        match &route.target {
            RouteTarget::Local => self.deliver_in_vpc(None, space),
            RouteTarget::VpcEndpoint(endpoint) => {
                let subnet = self
                    .snapshot
                    .firewalls
                    .values()
                    .flat_map(|firewall| firewall.endpoints.iter())
                    .find(|attachment| attachment.endpoint.as_ref() == Some(endpoint))
                    .and_then(|attachment| attachment.subnet.as_ref())
                    .or_else(|| {
                        // A Gateway Load Balancer endpoint's one subnet.
                        self.snapshot
                            .vpc_endpoints
                            .get(endpoint)
                            .and_then(|found| found.subnets.first())
                    })
                    .and_then(|id| self.snapshot.subnets.get(id));
                let Some(subnet) = subnet else {
                    let stop = self.explain(
                        Code::NotAnalysed,
                        component,
                        format!("{endpoint}: ingress routing to this endpoint is not analysed yet"),
                    );
                    return Outcome::Unknown(Missing { note: stop.message });
                };
                let space = passed!(enter(self, subnet, space));
                self.hand_off_at_endpoint(subnet, endpoint, space)
            }
            RouteTarget::NetworkInterface(id) => {
                let Some(subnet) = self
                    .snapshot
                    .network_interfaces
                    .get(id)
                    .and_then(|interface| self.subnet_of(interface))
                else {
                    return self.missing(format!(
                        "appliance {id} of the ingress route or its subnet is not in the input"
                    ));
                };
                let space = passed!(enter(self, subnet, space));
                self.through_appliance(subnet, id, space)
            }
            other => {
                let (_, id) = target_name(other);
                self.explain(
                    Code::NotAnalysed,
                    component,
                    format!("{id}: ingress routing to this kind of target is not analysed yet"),
                );
                self.missing(format!(
                    "the path continues through {id}, which Reach does not analyse yet"
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use crate::analysis::Rule;
    use crate::space::{address_number, IntervalSet};

    /// `subnet-b` routes everything else to `igw-1`; `eni-b` has `public` mapped to it, when given.
    fn public_subnet(public: Option<&str>) -> Vec<(&'static str, String)> {
        let routes = format!(
            r#"{LOCAL}, {{"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "igw-1", "State": "active"}}"#
        );
        let association = public
            .map(|address| format!(r#", "Association": {{"PublicIp": "{address}"}}"#))
            .unwrap_or_default();
        let files = with(
            lab(),
            "describe-route-tables.json",
            route_tables(&[("rtb-1", "vpc-1", MAIN, &routes)]),
        );
        with(
            files,
            "describe-network-interfaces.json",
            format!(
                r#"{{"NetworkInterfaces": [{{"NetworkInterfaceId": "eni-b", "SubnetId": "subnet-b", "VpcId": "vpc-1",
                    "InterfaceType": "interface", "PrivateIpAddress": "10.0.2.20", "Groups": [{{"GroupId": "sg-b"}}]{association}}}]}}"#
            ),
        )
    }

    #[test]
    fn a_public_address_takes_the_request_out_and_the_replies_back() {
        check(
            &public_subnet(Some("198.51.100.20")),
            "eni-b 93.184.216.34 443",
            "reachable
             -> eni-b sg-b acl-1 rtb-1 igw-1
             <- igw-1 acl-1 sg-b eni-b",
        );
    }

    #[test]
    fn replies_to_the_internet_leave_from_the_public_address() {
        // The internet asks eni-b's public address; its replies leave the gateway with that
        // address as their source, as the request arrived at it, never the private one.
        let open = r#"[{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]"#;
        let files = with(
            public_subnet(Some("198.51.100.20")),
            "describe-security-groups.json",
            format!(
                r#"{{"SecurityGroups": [{}, {}]}}"#,
                security_group("sg-a", "vpc-1", "[]"),
                security_group("sg-b", "vpc-1", open)
            ),
        );
        let question = "93.184.216.34 198.51.100.20 443";
        check(
            &files,
            question,
            "reachable
             -> igw-1 acl-1 sg-b eni-b
             <- eni-b sg-b acl-1 rtb-1 igw-1",
        );
        let answer = ask(&files, question);
        let gateway = answer.reverse.last().expect("a return path");
        assert_eq!(gateway.component.id, "igw-1");
        assert_eq!(
            gateway.rule,
            Some(Rule::Translation {
                text: "source 10.0.2.20 -> 198.51.100.20".to_owned()
            })
        );
        let (_, public) = address_number("198.51.100.20".parse().unwrap());
        assert!(gateway
            .outbound
            .cubes()
            .iter()
            .all(|cube| cube.sources == IntervalSet::single(public)));
    }

    #[test]
    fn without_a_public_address_the_gateway_sends_nothing() {
        check(
            &public_subnet(None),
            "eni-b 93.184.216.34 443",
            "not_reachable IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS
             -> eni-b sg-b acl-1 rtb-1 igw-1",
        );
    }

    #[test]
    fn private_destinations_do_not_go_to_the_internet() {
        check(
            &public_subnet(Some("198.51.100.20")),
            "eni-b 192.168.7.7 443",
            "not_reachable IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS
             -> eni-b sg-b acl-1 rtb-1 igw-1",
        );
        check(
            &public_subnet(Some("198.51.100.20")),
            "eni-b 100.127.0.9 443",
            "not_reachable IGW_DESTINATION_ADDRESS_NOT_IN_RFC6598_EGRESS
             -> eni-b sg-b acl-1 rtb-1 igw-1",
        );
        // Just outside the shared range, either side: the internet.
        for outside in ["100.128.0.9", "100.63.255.255"] {
            let answer = ask(
                &public_subnet(Some("198.51.100.20")),
                &format!("eni-b {outside} 443"),
            );
            assert_eq!(
                answer.verdict,
                crate::analysis::Verdict::Reachable,
                "{outside}: {}",
                answer.summary
            );
        }
    }

    #[test]
    fn a_destination_inside_the_network_is_not_on_the_internet() {
        // vpc-1 sends vpc-2's addresses to its internet gateway: they are private and in the
        // snapshot, so the gateway is a dead end for them.
        let files = two_vpcs(
            r#", {"DestinationCidrBlock": "10.1.0.0/16", "GatewayId": "igw-1", "State": "active"}"#,
            "",
        );
        check(
            &files,
            "eni-a eni-c 443",
            "not_reachable DISCONNECTED_VPCS NO_ROUTE_TO_DESTINATION
             -> eni-a sg-a acl-1 rtb-1 igw-1",
        );
    }
}
