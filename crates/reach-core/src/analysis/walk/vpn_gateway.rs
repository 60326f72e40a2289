use super::*;

impl<'a> Walker<'a> {
    /// A route to a virtual private gateway: out of the snapshot to the VPN's or Direct
    /// Connect's other side, which no export describes; the replies come back through it.
    pub(super) fn out_to_vpn_gateway(
        &mut self,
        subnet: &'a Subnet,
        gateway: &crate::ids::VpnGatewayId,
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
        if let Some(state) = found
            .and_then(|gateway| gateway.state.as_ref())
            .filter(|state| **state != VpnState::Available)
        {
            return Outcome::Blocked(self.stop_at(
                component,
                vpc,
                None,
                Code::BadState,
                format!("virtual private gateway {gateway} is {state}, not available"),
            ));
        }
        if self.target != Place::Internet || self.leg != Leg::Request {
            self.hop(component.clone(), vpc, None, None, &space);
            let stop = self.explain(
                Code::NotAnalysed,
                component,
                format!("{gateway}: the path leaves the snapshot here, which Reach follows only for a destination outside it"),
            );
            return Outcome::Unknown(Missing { note: stop.message });
        }
        self.hop(component, vpc, None, None, &space);
        self.notes.push(format!(
            "the path leaves the snapshot through virtual private gateway {gateway}: what lies beyond it (the VPN's or Direct Connect's other side) is in no export, so Reach takes the far side as answering"
        ));
        self.exit = Some(Exit::VpnGateway(gateway.clone()));
        Outcome::Arrived(space)
    }

    /// Replies from beyond a virtual private gateway come back in through it.
    pub(super) fn reenter_through_vpn_gateway(
        &mut self,
        gateway: crate::ids::VpnGatewayId,
        space: Space,
    ) -> Outcome {
        let found = self.snapshot.vpn_gateways.get(&gateway);
        let component = Component {
            id: gateway.to_string(),
            arn: None,
            name: found.and_then(|gateway| gateway.name.clone()),
            kind: ComponentKind::VpnGateway,
        };
        let vpc = found
            .and_then(|gateway| gateway.vpcs.first())
            .map(ToString::to_string);
        self.hop(component, vpc, None, None, &space);
        self.deliver_in_vpc(None, space)
    }
}
