use super::*;

impl<'a> Walker<'a> {
    /// A NAT gateway as a path component, named when the input has it.
    pub(super) fn nat_component(&self, nat: &NatGatewayId) -> Component {
        Component {
            id: nat.to_string(),
            arn: None,
            name: self
                .snapshot
                .nat_gateways
                .get(nat)
                .and_then(|gateway| gateway.name.clone()),
            kind: ComponentKind::NatGateway,
        }
    }

    pub(super) fn through_nat(
        &mut self,
        subnet: &'a Subnet,
        nat: &NatGatewayId,
        space: Space,
    ) -> Outcome {
        let Some(gateway) = self.snapshot.nat_gateways.get(nat) else {
            return self.missing(format!("NAT gateway {nat} is not in the input"));
        };
        let component = self.nat_component(nat);
        // Translated packets are new packets to the route tables: meeting a table again after
        // a NAT is no loop. Meeting the same NAT gateway again is: it would translate its own
        // output forever. So each NAT gateway translates a leg at most once, which bounds the
        // walk by the number of NAT gateways times the number of route tables.
        if self.nats_crossed.contains(nat) {
            return Outcome::Blocked(self.explain(
                Code::RoutingLoop,
                component,
                format!("routing loop: the packets come back to NAT gateway {nat}"),
            ));
        }
        self.nats_crossed.push(nat.clone());
        self.tables_seen.clear();
        if self.leg == Leg::Reply {
            // A reply routed to a NAT gateway it did not come through: no translation state.
            return Outcome::Blocked(self.stop_at(component, vpc_string(&gateway.vpc), gateway.subnet.as_ref().map(ToString::to_string), Code::NatHasNoState, format!("the replies are routed to NAT gateway {nat}, which has no record of the request")));
        }
        // A NAT gateway being created, deleted or that failed translates nothing; AWS keeps a
        // deleted one in its answers for about an hour, and the route to it may still be
        // listed as active.
        if let Some(state) = gateway
            .state
            .as_ref()
            .filter(|state| **state != NatGatewayState::Available)
        {
            return Outcome::Blocked(self.stop_at(
                component,
                vpc_string(&gateway.vpc),
                gateway.subnet.as_ref().map(ToString::to_string),
                Code::BadState,
                format!("NAT gateway {nat} is {state}, not available"),
            ));
        }
        let Some(nat_subnet) = gateway
            .subnet
            .as_ref()
            .and_then(|id| self.snapshot.subnets.get(id))
        else {
            return self.missing(format!(
                "the subnet of NAT gateway {nat} is not in the input"
            ));
        };
        let space = passed!(self.cross_subnets(subnet, nat_subnet, space));
        // Only same-VPC traffic reaches a NAT gateway while peering and transit gateways stop
        // the walk; NGW_REQUIRES_SOURCE_IN_VPC comes with them.
        let from_vpc = space;
        let Some(private_ip) = gateway
            .addresses
            .first()
            .and_then(|address| address.private_ip)
        else {
            return self.missing(format!(
                "the private address of NAT gateway {nat} is not in the input"
            ));
        };
        let (_, nat_number) = address_number(private_ip);
        let icmp = crate::space::icmp::icmp_protocols();
        let translated = Space::from_cubes(
            from_vpc
                .cubes()
                .iter()
                .flat_map(|cube| {
                    // The NAT gateway picks a new source port for each connection. For ICMP
                    // it picks a new query identifier, which the header space does not carry:
                    // there the source-port dimension is the reply's type and stays.
                    let ported = Cube {
                        protocols: cube.protocols.difference(&icmp),
                        sources: IntervalSet::single(nat_number),
                        source_ports: IntervalSet::range(1024, 65535),
                        ..cube.clone()
                    };
                    let icmp = Cube {
                        protocols: cube.protocols.intersection(&icmp),
                        sources: IntervalSet::single(nat_number),
                        ..cube.clone()
                    };
                    [ported, icmp]
                })
                .collect(),
        );
        let rule = Rule::Translation { text: format!("source -> {private_ip} (NGW_SOURCE_ADDRESS_REASSIGN), source port remapped (REMAP_EPHEMERAL_PORT)") };
        self.hop(
            component,
            vpc_string(&gateway.vpc),
            Some(nat_subnet.id.to_string()),
            Some(rule),
            &translated,
        )
        .inbound = Some(from_vpc.clone());
        self.middleboxes.push(nat.to_string());
        self.nat_states.push(NatState {
            nat: nat.clone(),
            private_ip,
            original: from_vpc,
        });
        self.route_from(nat_subnet, translated)
    }

    /// A reply reaches the NAT gateway's interface: it is untranslated back to the request's
    /// original source and routed on from the NAT gateway's subnet.
    pub(super) fn untranslate_at_nat(
        &mut self,
        interface: &NetworkInterface,
        space: Space,
    ) -> Outcome {
        // Untranslated replies are new packets to the route tables, as on the request; a reply
        // reaches each NAT gateway's interface once, since its state is used up here.
        self.tables_seen.clear();
        let nat = self.nat_of(interface);
        let Some(state) = self
            .nat_states
            .iter()
            .position(|state| Some(&state.nat) == nat.as_ref())
            .map(|index| self.nat_states.remove(index))
        else {
            let component = self.interface_component(interface);
            return Outcome::Blocked(self.explain(
                Code::NatHasNoState,
                component,
                format!(
                    "the replies reach {}, a NAT gateway the request did not pass",
                    interface.id
                ),
            ));
        };
        let nat = self.snapshot.nat_gateways.get(&state.nat);
        let component = self.nat_component(&state.nat);
        // Replies go back to the original sources and source ports.
        let untranslated = with_original(&space, &state.original.reversed(), |cube, back| {
            cube.destinations = back.destinations.clone();
            cube.destination_ports = back.destination_ports.clone();
        });
        let rule = Rule::Translation {
            text: format!("destination {} -> the request's source", state.private_ip),
        };
        let Some(nat_subnet) = nat
            .and_then(|nat| nat.subnet.as_ref())
            .and_then(|id| self.snapshot.subnets.get(id))
        else {
            return self.missing(format!(
                "the subnet of the NAT gateway at {} is not in the input",
                state.private_ip
            ));
        };
        self.hop(
            component,
            nat.and_then(|nat| vpc_string(&nat.vpc)),
            Some(nat_subnet.id.to_string()),
            Some(rule),
            &untranslated,
        )
        .inbound = Some(space);
        self.middleboxes.push(state.nat.to_string());
        self.route_from(nat_subnet, untranslated)
    }

    /// The NAT gateway translation that gave `space` its addresses: on the request, the last
    /// NAT gateway it crossed (its sources are the gateway's); on the replies, the one whose
    /// address they go back to, before it untranslates them.
    pub(super) fn translation_of(&self, space: &Space) -> Option<&NatState> {
        match self.leg {
            Leg::Request => self.nat_states.last(),
            Leg::Reply => {
                let destination = first_destination(space)?;
                self.nat_states
                    .iter()
                    .find(|state| state.private_ip == destination)
            }
        }
    }

    /// `space` as it would be without the NAT gateway's translation of its address (the
    /// request's source, the replies' destination), without that of its port, and without
    /// either.
    pub(super) fn untranslated(&self, space: &Space) -> Option<[Space; 3]> {
        let state = self.translation_of(space)?;
        let original = match self.leg {
            Leg::Request => state.original.clone(),
            Leg::Reply => state.original.reversed(),
        };
        let leg = self.leg;
        let with = |restore: &dyn Fn(&mut Cube, &Cube)| with_original(space, &original, restore);
        let address = with(&|cube, before| match leg {
            Leg::Request => cube.sources = before.sources.clone(),
            Leg::Reply => cube.destinations = before.destinations.clone(),
        });
        let port = with(&|cube, before| match leg {
            Leg::Request => cube.source_ports = before.source_ports.clone(),
            Leg::Reply => cube.destination_ports = before.destination_ports.clone(),
        });
        let both = with(&|cube, before| match leg {
            Leg::Request => {
                cube.sources = before.sources.clone();
                cube.source_ports = before.source_ports.clone();
            }
            Leg::Reply => {
                cube.destinations = before.destinations.clone();
                cube.destination_ports = before.destination_ports.clone();
            }
        });
        Some([address, port, both])
    }

    /// On a check that let nothing of `space` through, whether the NAT gateway's translation
    /// is why: `passes` tells whether the check lets a space through, and each rewrite without
    /// which it would have (the address: `NGW_SOURCE_ADDRESS_REASSIGN`; the port:
    /// `REMAP_EPHEMERAL_PORT`) is explained on the NAT gateway ("NAT gateways transform the
    /// source's addresses in outbound traffic to match its private IP address"; "Outbound
    /// traffic from a NAT gateway or load balancer has the source port remapped to an
    /// ephemeral port", Reachability Analyzer explanation codes). Pinned by
    /// `a_nat_gateways_translation_explains_what_it_blocks` (analyze.rs).
    pub(super) fn blame_translation(&mut self, space: &Space, passes: impl Fn(&Space) -> bool) {
        let Some([address, port, both]) = self.untranslated(space) else {
            return;
        };
        let Some(state) = self.translation_of(space).cloned() else {
            return;
        };
        let by_address = passes(&address);
        let by_port = passes(&port);
        let both = !by_address && !by_port && passes(&both);
        let component = self.nat_component(&state.nat);
        let whose = match self.leg {
            Leg::Request => "the untranslated request",
            Leg::Reply => "replies to the untranslated request",
        };
        if by_address || both {
            self.explain(
                Code::NgwSourceAddressReassign,
                component.clone(),
                format!(
                    "NAT gateway {} replaced the source address with its own, {}: {whose} would have got through",
                    state.nat, state.private_ip
                ),
            );
            self.annotate(|members| members.address = Some(state.private_ip));
        }
        if by_port || both {
            self.explain(
                Code::RemapEphemeralPort,
                component,
                format!(
                    "NAT gateway {} remapped the source port to one of 1024-65535: {whose}, with its own source port, would have got through",
                    state.nat
                ),
            );
            self.annotate(|members| members.port_ranges = vec![(1024, 65535)]);
        }
    }

    pub(super) fn nat_of(&self, interface: &NetworkInterface) -> Option<NatGatewayId> {
        self.snapshot
            .nat_gateways
            .values()
            .find(|nat| {
                nat.addresses
                    .iter()
                    .any(|address| address.network_interface.as_ref() == Some(&interface.id))
            })
            .map(|nat| nat.id.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;

    /// `subnet-a` private, out through NAT gateway `nat-1` (interface `eni-nat`, 10.0.2.99,
    /// Elastic IP 203.0.113.9) in `subnet-b`, whose table holds `public_routes`.
    fn behind_nat(public_routes: &str) -> Vec<(&'static str, String)> {
        let private_routes = format!(
            r#"{LOCAL}, {{"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": "nat-1", "State": "active"}}"#
        );
        let files = with(
            lab(),
            "describe-route-tables.json",
            route_tables(&[
                ("rtb-a", "vpc-1", &["subnet-a"], &private_routes),
                ("rtb-b", "vpc-1", &["subnet-b"], public_routes),
            ]),
        );
        let files = with(
            files,
            "describe-network-interfaces.json",
            format!(
                r#"{{"NetworkInterfaces": [{}, {{"NetworkInterfaceId": "eni-nat", "SubnetId": "subnet-b", "VpcId": "vpc-1",
                    "InterfaceType": "nat_gateway", "PrivateIpAddress": "10.0.2.99", "Groups": [],
                    "Association": {{"PublicIp": "203.0.113.9"}}}}]}}"#,
                interface("eni-a", "vpc-1", "subnet-a", "10.0.1.10", "sg-a")
            ),
        );
        with(
            files,
            "describe-nat-gateways.json",
            r#"{"NatGateways": [{"NatGatewayId": "nat-1", "SubnetId": "subnet-b", "VpcId": "vpc-1", "State": "available",
                "ConnectivityType": "public", "NatGatewayAddresses": [{"NetworkInterfaceId": "eni-nat",
                "PrivateIp": "10.0.2.99", "PublicIp": "203.0.113.9", "AllocationId": "eipalloc-1"}]}]}"#,
        )
    }

    #[test]
    fn the_request_is_translated_and_its_replies_untranslated() {
        let to_internet = format!(
            r#"{LOCAL}, {{"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "igw-1", "State": "active"}}"#
        );
        check(
            &behind_nat(&to_internet),
            "eni-a 93.184.216.34 443",
            "reachable
             -> eni-a sg-a acl-1 rtb-a acl-1 nat-1 acl-1 rtb-b igw-1
             <- igw-1 acl-1 nat-1 acl-1 rtb-b acl-1 sg-a eni-a",
        );
    }

    /// `eni-a` reaches `eni-c` (10.0.3.30, `subnet-c`, group `sg-c` admitting TCP 443 from
    /// `admitted`, a JSON permission's peer) through NAT gateway `nat-1`: `subnet-a`'s route to
    /// `subnet-c` is more specific than the local route.
    fn through_nat_to(admitted: &str) -> Vec<(&'static str, String)> {
        let files = behind_nat(LOCAL);
        let private_routes = format!(
            r#"{LOCAL}, {{"DestinationCidrBlock": "10.0.3.0/24", "NatGatewayId": "nat-1", "State": "active"}}"#
        );
        let files = with(
            files,
            "describe-route-tables.json",
            route_tables(&[
                ("rtb-a", "vpc-1", &["subnet-a"], &private_routes),
                ("rtb-b", "vpc-1", &["subnet-b", "subnet-c"], LOCAL),
            ]),
        );
        let files = with(
            files,
            "describe-subnets.json",
            format!(
                r#"{{"Subnets": [{}, {}, {}]}}"#,
                subnet("subnet-a", "vpc-1", "10.0.1.0/24"),
                subnet("subnet-b", "vpc-1", "10.0.2.0/24"),
                subnet("subnet-c", "vpc-1", "10.0.3.0/24")
            ),
        );
        let files = with(
            files,
            "describe-network-acls.json",
            network_acls(&[(
                "acl-1",
                "vpc-1",
                &["subnet-a", "subnet-b", "subnet-c"],
                ALLOW_ALL,
            )]),
        );
        let interfaces = files
            .iter()
            .find(|(name, _)| *name == "describe-network-interfaces.json")
            .map(|(_, text)| text.clone())
            .unwrap_or_default()
            .replacen(
                "[",
                &format!(
                    "[{}, ",
                    interface("eni-c", "vpc-1", "subnet-c", "10.0.3.30", "sg-c")
                ),
                1,
            );
        let files = with(files, "describe-network-interfaces.json", interfaces);
        with(
            files,
            "describe-security-groups.json",
            format!(
                r#"{{"SecurityGroups": [{}, {}]}}"#,
                security_group("sg-a", "vpc-1", "[]"),
                security_group(
                    "sg-c",
                    "vpc-1",
                    &format!(
                        r#"[{{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, {admitted}}}]"#
                    )
                )
            ),
        )
    }

    #[test]
    fn a_group_admitting_the_untranslated_source_explains_the_nat_gateway() {
        // By address: the request would have got in from 10.0.1.10, not from the NAT gateway.
        check(
            &through_nat_to(r#""IpRanges": [{"CidrIp": "10.0.1.0/24"}]"#),
            "eni-a eni-c 443",
            "not_reachable ENI_SG_RULES_MISMATCH NGW_SOURCE_ADDRESS_REASSIGN
             -> eni-a sg-a acl-1 rtb-a acl-1 nat-1 acl-1 rtb-b acl-1 sg-c",
        );
        // By group: the NAT gateway does not carry the source's membership of sg-a either.
        check(
            &through_nat_to(r#""UserIdGroupPairs": [{"GroupId": "sg-a"}]"#),
            "eni-a eni-c 443",
            "not_reachable ENI_SG_RULES_MISMATCH NGW_SOURCE_ADDRESS_REASSIGN SG_REFERENCES_NOT_PRESERVED
             -> eni-a sg-a acl-1 rtb-a acl-1 nat-1 acl-1 rtb-b acl-1 sg-c",
        );
        // The summary says why after the group's refusal.
        let said = summary(
            &through_nat_to(r#""UserIdGroupPairs": [{"GroupId": "sg-a"}]"#),
            "eni-a eni-c 443",
        );
        assert!(
            said.contains(
                "allows it; eni-c would admit the request's original source by its security group"
            ),
            "{said}"
        );
        // Admitting the NAT gateway's address: through, and nothing to explain.
        check(
            &through_nat_to(r#""IpRanges": [{"CidrIp": "10.0.2.99/32"}]"#),
            "eni-a eni-c 443",
            "reachable
             -> eni-a sg-a acl-1 rtb-a acl-1 nat-1 acl-1 rtb-b acl-1 sg-c eni-c
             <- eni-c sg-c acl-1 rtb-b acl-1 nat-1 acl-1 rtb-b acl-1 sg-a eni-a",
        );
    }

    #[test]
    fn the_nat_gateways_own_subnet_must_route_out() {
        check(
            &behind_nat(LOCAL),
            "eni-a 93.184.216.34 443",
            "not_reachable NO_ROUTE_TO_DESTINATION
             -> eni-a sg-a acl-1 rtb-a acl-1 nat-1 rtb-b",
        );
    }
}
