use super::*;

impl<'a> Walker<'a> {
    /// An egress-only internet gateway: IPv6 out, and only the replies back in.
    pub(super) fn out_egress_only(
        &mut self,
        subnet: &'a Subnet,
        gateway: &crate::ids::EgressOnlyInternetGatewayId,
        space: Space,
    ) -> Outcome {
        let space = passed!(self.network_acl(subnet, Direction::Outbound, &space));
        let found = self.snapshot.egress_only_internet_gateways.get(gateway);
        let component = Component {
            id: gateway.to_string(),
            arn: None,
            name: found.and_then(|gateway| gateway.name.clone()),
            kind: ComponentKind::EgressOnlyInternetGateway,
        };
        self.hop(
            component.clone(),
            vpc_string(&found.and_then(|gateway| gateway.vpc.clone())),
            None,
            None,
            &space,
        );
        if self.target != Place::Internet {
            return Outcome::Blocked(
                self.explain(
                    Code::NoRouteToDestination,
                    component,
                    "the route leads to the internet, but the destination is inside the network"
                        .to_owned(),
                ),
            );
        }
        self.exit = Some(Exit::EgressOnlyInternetGateway(gateway.clone()));
        Outcome::Arrived(space)
    }

    /// Replies to a request that left through an egress-only internet gateway come back in through it.
    pub(super) fn reenter_through_egress_only(
        &mut self,
        gateway: crate::ids::EgressOnlyInternetGatewayId,
        space: Space,
    ) -> Outcome {
        // Replies to what left through an egress-only gateway come back through it;
        // IPv6 addresses need no translation.
        let name = self
            .snapshot
            .egress_only_internet_gateways
            .get(&gateway)
            .and_then(|gateway| gateway.name.clone());
        let vpc = self
            .snapshot
            .egress_only_internet_gateways
            .get(&gateway)
            .and_then(|gateway| vpc_string(&gateway.vpc));
        let component = Component {
            id: gateway.to_string(),
            arn: None,
            name,
            kind: ComponentKind::EgressOnlyInternetGateway,
        };
        self.hop(component, vpc, None, None, &space);
        self.deliver_in_vpc(None, space)
    }
}
