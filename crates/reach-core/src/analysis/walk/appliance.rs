use super::*;

impl<'a> Walker<'a> {
    /// A route to an interface or instance: an appliance that forwards packets not addressed
    /// to it, which AWS allows only with its source/destination check off. Its security groups
    /// apply on the way in and out; what its software does is not analysed.
    pub(super) fn through_appliance(
        &mut self,
        subnet: &'a Subnet,
        id: &NetworkInterfaceId,
        space: Space,
    ) -> Outcome {
        let Some(interface) = self.snapshot.network_interfaces.get(id) else {
            return self.missing(format!("appliance interface {id} is not in the input"));
        };
        if let Some(stop) = self.instance_not_running(interface) {
            return Outcome::Blocked(stop);
        }
        let Some(appliance_subnet) = self.subnet_of(interface) else {
            return self.missing(format!("the subnet of appliance {id} is not in the input"));
        };
        let mut space = passed!(self.cross_subnets(subnet, appliance_subnet, space));
        let component = self.interface_component(interface);
        if interface.source_dest_check {
            return Outcome::Blocked(self.stop_at(component, vpc_string(&interface.vpc), interface.subnet.as_ref().map(ToString::to_string), Code::EniSourceDestCheckRestriction, format!("{} has its source/destination check on, so it drops packets that are not addressed to it", interface.id)));
        }
        // In through its groups, the interface (attached to the appliance's instance), out
        // through its groups again.
        space = passed!(self.groups_of(interface, Direction::Inbound, space));
        self.interface_hop(interface, &space);
        space = passed!(self.groups_of(interface, Direction::Outbound, space));
        self.notes.push(format!(
            "appliance {} is assumed to forward packets unchanged; its software is not analysed",
            interface.id
        ));
        // Recorded as the hop shows it (the interface), so that an asymmetric path's detail
        // lands on that hop.
        self.middleboxes.push(interface.id.to_string());
        self.route_from(appliance_subnet, space)
    }
}
