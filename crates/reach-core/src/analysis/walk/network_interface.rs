use super::*;

impl<'a> Walker<'a> {
    pub(super) fn interface_component(&self, interface: &NetworkInterface) -> Component {
        match &interface.instance {
            Some(instance) if self.snapshot.instances.contains_key(instance) => {
                let name = self.snapshot.instances[instance].name.clone();
                Component {
                    id: instance.to_string(),
                    arn: None,
                    name,
                    kind: "instance",
                }
            }
            _ => Component {
                id: interface.id.to_string(),
                arn: None,
                name: interface.name.clone(),
                kind: "network interface",
            },
        }
    }

    /// Packets leave an interface: its security groups (requests only: replies pass a
    /// stateful group), then its subnet's route table.
    pub(super) fn leave_interface(&mut self, id: &NetworkInterfaceId, space: Space) -> Outcome {
        // Question resolution only names interfaces of the snapshot.
        let Some(interface) = self.snapshot.network_interfaces.get(id) else {
            return self.missing(format!("network interface {id} is not in the input"));
        };
        if let Some(stop) = self.instance_not_running(interface) {
            return Outcome::Blocked(stop);
        }
        let component = self.interface_component(interface);
        if self.leg == Leg::Request && interface.source_dest_check && !self.sends_for_others {
            let own = Space::from_cubes(
                interface
                    .private_addresses
                    .iter()
                    .map(|(address, _)| *address)
                    .chain(interface.ipv6_addresses.iter().copied())
                    .map(|address| {
                        let (family, number) = address_number(address);
                        Cube {
                            sources: IntervalSet::single(number),
                            ..Cube::everything(family)
                        }
                    })
                    .collect(),
            );
            if space.intersection(&own).is_empty() {
                return Outcome::Blocked(self.stop_at(component, vpc_string(&interface.vpc), interface.subnet.as_ref().map(ToString::to_string), Code::EniSourceDestCheckRestriction, format!("{} sends from an address that is not its own, which AWS drops while its source/destination check is on", interface.id)));
            }
        }
        let vpc = interface.vpc.as_ref().map(ToString::to_string);
        let subnet_id = interface.subnet.as_ref().map(ToString::to_string);
        self.hop(
            component.clone(),
            vpc.clone(),
            subnet_id.clone(),
            None,
            &space,
        );
        let space = if self.leg == Leg::Request && has_security_groups(interface) {
            passed!(self.security_groups(interface, Direction::Outbound, &space))
        } else {
            space
        };
        let Some(subnet) = self.subnet_of(interface) else {
            return Outcome::Blocked(self.explain(
                Code::UnassociatedComponent,
                component,
                format!("the subnet of {} is not in the input", interface.id),
            ));
        };
        if self.leg == Leg::Reply && self.replies_to_source {
            if let Place::Interface(source) = self.target.clone() {
                if let Some(node) = self.snapshot.network_interfaces.get(&source) {
                    let Some(to_subnet) = self.subnet_of(node) else {
                        return self
                            .missing(format!("the subnet of {} is not in the input", node.id));
                    };
                    let space = passed!(self.cross_subnets(subnet, to_subnet, space));
                    return self.arrive_at_interface(node, space);
                }
            }
        }
        self.route_from(subnet, space)
    }

    /// Security groups of an interface in one direction: what they allow, or why they allow
    /// nothing.
    pub(super) fn security_groups(
        &mut self,
        interface: &NetworkInterface,
        direction: Direction,
        space: &Space,
    ) -> Result<Space, Stop> {
        let evaluation =
            security_group::evaluate(self.snapshot, &interface.security_groups, direction, space);
        for (group, rule, reason) in &evaluation.unresolved {
            self.notes.push(format!(
                "security group {group} rule {} was not evaluated: {reason}",
                describe_peer(&rule.peer)
            ));
        }
        let direction_name = if direction == Direction::Outbound {
            "egress"
        } else {
            "ingress"
        };
        let vpc = interface.vpc.as_ref().map(ToString::to_string);
        let subnet = interface.subnet.as_ref().map(ToString::to_string);
        if evaluation.allowed.is_empty() {
            let no_rules = interface.security_groups.iter().all(|group| {
                self.snapshot
                    .security_groups
                    .get(group)
                    .is_none_or(|group| match direction {
                        Direction::Outbound => group.egress.is_empty(),
                        Direction::Inbound => group.ingress.is_empty(),
                    })
            });
            let groups: Vec<String> = interface
                .security_groups
                .iter()
                .map(ToString::to_string)
                .collect();
            let component = Component {
                id: groups.first().cloned().unwrap_or_default(),
                arn: None,
                name: interface
                    .security_groups
                    .first()
                    .and_then(|group| self.snapshot.security_groups.get(group))
                    .and_then(|group| group.group_name.clone()),
                kind: "security group",
            };
            let (code, message) = if no_rules {
                (
                    Code::SgHasNoRules,
                    format!(
                        "security group {} has no {direction_name} rules",
                        groups.join(", ")
                    ),
                )
            } else {
                (
                    Code::EniSgRulesMismatch,
                    format!(
                        "no {direction_name} rule of {} allows it",
                        groups.join(", ")
                    ),
                )
            };
            return Err(self.stop_at(component, vpc, subnet, code, message));
        }
        let (group, rule, _) = &evaluation.matches[0];
        let component = Component {
            id: group.to_string(),
            arn: None,
            name: self
                .snapshot
                .security_groups
                .get(*group)
                .and_then(|g| g.group_name.clone()),
            kind: "security group",
        };
        let rule = Rule::SecurityGroup {
            group: group.to_string(),
            direction: direction_name,
            protocol: protocol_name(rule.protocol),
            ports: rule.ports,
            peer: describe_peer(&rule.peer),
            rule_id: rule.rule_id.clone(),
        };
        self.hop(component, vpc, subnet, Some(rule), &evaluation.allowed);
        Ok(evaluation.allowed)
    }

    /// Packets reach an interface: the destination itself, or a NAT gateway on the replies'
    /// way back.
    pub(super) fn arrive_at_interface(
        &mut self,
        interface: &NetworkInterface,
        space: Space,
    ) -> Outcome {
        if self.target == Place::Interface(interface.id.clone()) {
            if let Some(stop) = self.instance_not_running(interface) {
                return Outcome::Blocked(stop);
            }
            let space = if self.leg == Leg::Request && has_security_groups(interface) {
                passed!(self.security_groups(interface, Direction::Inbound, &space))
            } else {
                space
            };
            let component = self.interface_component(interface);
            self.hop(
                component,
                interface.vpc.as_ref().map(ToString::to_string),
                interface.subnet.as_ref().map(ToString::to_string),
                None,
                &space,
            );
            return Outcome::Arrived(space);
        }
        if interface.interface_type == "nat_gateway" && self.leg == Leg::Reply {
            return self.untranslate_at_nat(interface, space);
        }
        let component = self.interface_component(interface);
        Outcome::Blocked(self.explain(
            Code::NoPossibleDestination,
            component,
            format!(
                "the packets are delivered to {}, which is not the destination",
                interface.id
            ),
        ))
    }
}

impl Walker<'_> {
    /// Stops the walk at an interface whose instance is not running (`BAD_STATE`): a stopped,
    /// stopping, pending or terminated instance neither sends nor answers, and routes to it
    /// carry nothing.
    pub(super) fn instance_not_running(&mut self, interface: &NetworkInterface) -> Option<Stop> {
        let instance = interface
            .instance
            .as_ref()
            .and_then(|id| self.snapshot.instances.get(id))?;
        let state = instance
            .state
            .as_deref()
            .filter(|state| *state != "running")?;
        let component = self.interface_component(interface);
        Some(self.stop_at(
            component,
            vpc_string(&interface.vpc),
            interface.subnet.as_ref().map(ToString::to_string),
            Code::BadState,
            format!("instance {} is {state}, not running", instance.id),
        ))
    }
}

pub(super) fn has_security_groups(interface: &NetworkInterface) -> bool {
    // NAT gateways, Gateway Load Balancers and their (and Network Firewall's) endpoints have
    // none; a Network Load Balancer created without groups never has any.
    let none = matches!(
        interface.interface_type.as_str(),
        "nat_gateway" | "gateway_load_balancer_endpoint" | "gateway_load_balancer"
    );
    let network_load_balancer_without =
        interface.interface_type == "network_load_balancer" && interface.security_groups.is_empty();
    !none && !network_load_balancer_without
}

pub(super) fn describe_peer(peer: &SecurityGroupPeer) -> String {
    match peer {
        SecurityGroupPeer::Cidr(cidr) => cidr.to_string(),
        SecurityGroupPeer::PrefixList(id) => id.to_string(),
        SecurityGroupPeer::SecurityGroup { group, .. } => group.to_string(),
    }
}

pub(super) fn protocol_name(protocol: crate::model::Protocol) -> String {
    match protocol {
        crate::model::Protocol::All => "-1".to_owned(),
        crate::model::Protocol::Number(6) => "tcp".to_owned(),
        crate::model::Protocol::Number(17) => "udp".to_owned(),
        crate::model::Protocol::Number(1) => "icmp".to_owned(),
        crate::model::Protocol::Number(number) => number.to_string(),
    }
}
