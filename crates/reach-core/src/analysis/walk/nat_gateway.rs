use super::*;

impl<'a> Walker<'a> {
    pub(super) fn through_nat(
        &mut self,
        subnet: &'a Subnet,
        nat: &NatGatewayId,
        space: Space,
    ) -> Outcome {
        // Translated packets are new packets to the route tables: meeting a table again after
        // a NAT is no loop.
        self.tables_seen.clear();
        let Some(gateway) = self.snapshot.nat_gateways.get(nat) else {
            return self.missing(format!("NAT gateway {nat} is not in the input"));
        };
        let component = Component {
            id: nat.to_string(),
            arn: None,
            name: gateway.name.clone(),
            kind: "NAT gateway",
        };
        if self.leg == Leg::Reply {
            // A reply routed to a NAT gateway it did not come through: no translation state.
            return Outcome::Blocked(self.stop_at(component, vpc_string(&gateway.vpc), gateway.subnet.as_ref().map(ToString::to_string), Code::NoRouteToDestination, format!("the replies are routed to NAT gateway {nat}, which has no record of the request")));
        }
        // A NAT gateway being created, deleted or that failed translates nothing; AWS keeps a
        // deleted one in its answers for about an hour, and the route to it may still be
        // listed as active.
        if let Some(state) = gateway
            .state
            .as_deref()
            .filter(|state| *state != "available")
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
        let translated = Space::from_cubes(
            from_vpc
                .cubes()
                .iter()
                .map(|cube| Cube {
                    sources: IntervalSet::single(nat_number),
                    // The NAT gateway picks a new source port for each connection.
                    source_ports: IntervalSet::range(1024, 65535),
                    ..cube.clone()
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
        );
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
        self.tables_seen.clear();
        let Some(state) = self
            .nat_states
            .iter()
            .find(|state| Some(&state.nat) == self.nat_of(interface).as_ref())
            .cloned()
        else {
            let component = self.interface_component(interface);
            return Outcome::Blocked(self.explain(
                Code::NoRouteToDestination,
                component,
                format!(
                    "the replies reach {}, a NAT gateway the request did not pass",
                    interface.id
                ),
            ));
        };
        let nat = self.snapshot.nat_gateways.get(&state.nat);
        let component = Component {
            id: state.nat.to_string(),
            arn: None,
            name: nat.and_then(|nat| nat.name.clone()),
            kind: "NAT gateway",
        };
        // Replies go back to the original sources and source ports.
        let original = state.original.reversed();
        let untranslated = Space::from_cubes(
            space
                .cubes()
                .iter()
                .flat_map(|cube| {
                    original.cubes().iter().map(move |back| Cube {
                        destinations: back.destinations.clone(),
                        destination_ports: back.destination_ports.clone(),
                        ..cube.clone()
                    })
                })
                .collect(),
        );
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
        );
        self.middleboxes.push(state.nat.to_string());
        self.route_from(nat_subnet, untranslated)
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
