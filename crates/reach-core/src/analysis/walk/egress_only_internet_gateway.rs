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
        let vpc = vpc_string(&found.and_then(|gateway| gateway.vpc.clone()));
        if self.target != Place::Internet {
            return Outcome::Blocked(self.out_but_destination_inside(
                component,
                vpc,
                &space,
                "the internet",
            ));
        }
        self.hop(component, vpc, None, None, &space);
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

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use crate::analysis::ComponentKind;

    const OUT: &str = r#", {"DestinationIpv6CidrBlock": "::/0", "EgressOnlyInternetGatewayId": "eigw-1", "State": "active"}"#;

    #[test]
    fn ipv6_leaves_through_the_gateway_and_the_replies_come_back_through_it() {
        let files = ipv6(OUT);
        check(
            &files,
            "eni-a 2001:db8::10 443",
            "reachable
             -> eni-a sg-a acl-1 rtb-1 eigw-1
             <- eigw-1 acl-1 sg-a eni-a",
        );
        assert_eq!(
            hop_kind(&files, "eni-a 2001:db8::10 443", "eigw-1"),
            Some(ComponentKind::EgressOnlyInternetGateway)
        );
    }

    #[test]
    fn ipv4_does_not_take_the_ipv6_route() {
        check(
            &ipv6(OUT),
            "eni-a 93.184.216.34 443",
            "not_reachable NO_ROUTE_TO_DESTINATION
             -> eni-a sg-a rtb-1",
        );
    }

    #[test]
    fn a_destination_inside_the_network_is_not_out_there() {
        // vpc-1 is not connected to vpc-2: its ::/0 route sends eni-c's address to the
        // gateway, which leads only to the internet.
        check(
            &ipv6(OUT),
            "eni-a 2600:1f18:2:201::30 443",
            "not_reachable DISCONNECTED_VPCS NO_ROUTE_TO_DESTINATION
             -> eni-a sg-a acl-1 rtb-1 eigw-1",
        );
    }

    #[test]
    fn the_internet_cannot_open_a_connection_through_it() {
        // Without the lab's internet gateway, nothing comes in to eni-a's IPv6 address.
        let files = with(
            ipv6(OUT),
            "describe-internet-gateways.json",
            r#"{"InternetGateways": []}"#,
        );
        check(
            &files,
            "2001:db8::10 2600:1f18:1:101::10 443",
            "not_reachable NO_ROUTE_TO_DESTINATION",
        );
    }
}
