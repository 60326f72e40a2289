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

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use crate::analysis::ComponentKind;

    /// `subnet-a` and `subnet-b` send each other's addresses through appliance `eni-f`.
    fn inspected_both_ways(source_dest_check: bool) -> Vec<(&'static str, String)> {
        let via_appliance = r#""NetworkInterfaceId": "eni-f""#;
        with_appliance(
            source_dest_check,
            &route("10.0.2.0/24", via_appliance),
            &route("10.0.1.0/24", via_appliance),
        )
    }

    #[test]
    fn an_appliance_with_its_check_off_forwards_both_ways() {
        let files = inspected_both_ways(false);
        check(
            &files,
            "eni-a eni-b 443",
            "reachable
             -> eni-a sg-a acl-1 rtb-a acl-1 sg-f eni-f sg-f acl-1 rtb-1 acl-1 sg-b eni-b
             <- eni-b sg-b acl-1 rtb-b acl-1 sg-f eni-f sg-f acl-1 rtb-1 acl-1 sg-a eni-a",
        );
        assert_eq!(
            // The appliance is its interface's hop, attached to its instance.
            hop_kind(&files, "eni-a eni-b 443", "eni-f"),
            Some(ComponentKind::NetworkInterface)
        );
        assert!(notes(&files, "eni-a eni-b 443").contains(
            &"appliance eni-f is assumed to forward packets unchanged; its software is not analysed"
                .to_owned()
        ));
    }

    #[test]
    fn an_appliance_with_its_check_on_drops_what_is_not_addressed_to_it() {
        check(
            &inspected_both_ways(true),
            "eni-a eni-b 443",
            "not_reachable ENI_SOURCE_DEST_CHECK_RESTRICTION MORE_SPECIFIC_ROUTE
             -> eni-a sg-a acl-1 rtb-a acl-1 i-f",
        );
    }

    #[test]
    fn a_stopped_appliance_forwards_nothing() {
        let files = with(
            inspected_both_ways(false),
            "describe-instances.json",
            appliance_instance("stopped"),
        );
        check(
            &files,
            "eni-a eni-b 443",
            "not_reachable BAD_STATE MORE_SPECIFIC_ROUTE
             -> eni-a sg-a rtb-a i-f",
        );
    }

    #[test]
    fn the_appliances_groups_filter_what_it_forwards() {
        // The request passes the appliance's groups as any packet entering an interface
        // does: sg-f admitting only SSH stops HTTPS on its way through.
        let files = with(
            inspected_both_ways(false),
            "describe-security-groups.json",
            lab_groups(&[security_group(
                "sg-f",
                "vpc-1",
                r#"[{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "10.0.0.0/16"}]}]"#,
            )]),
        );
        check(
            &files,
            "eni-a eni-b 443",
            "not_reachable ENI_SG_RULES_MISMATCH
             -> eni-a sg-a acl-1 rtb-a acl-1 sg-f",
        );
    }
}
