use super::*;

impl<'a> Walker<'a> {
    /// What an interface stands for in answers: its instance when it has one in the input,
    /// else itself.
    pub(super) fn interface_component(&self, interface: &NetworkInterface) -> Component {
        self.instance_of(interface).unwrap_or_else(|| Component {
            id: interface.id.to_string(),
            arn: None,
            name: interface.name.clone(),
            kind: ComponentKind::NetworkInterface,
        })
    }

    /// The instance an interface belongs to, when the input has it.
    fn instance_of(&self, interface: &NetworkInterface) -> Option<Component> {
        let instance = interface.instance.as_ref()?;
        let found = self.snapshot.instances.get(instance)?;
        Some(Component {
            id: instance.to_string(),
            arn: None,
            name: found.name.clone(),
            kind: ComponentKind::Instance,
        })
    }

    /// The instance's hop, when the interface belongs to one: where a path starts or ends.
    fn instance_hop(&mut self, interface: &NetworkInterface, space: &Space) {
        if let Some(instance) = self.instance_of(interface) {
            self.hop(
                instance,
                vpc_string(&interface.vpc),
                interface.subnet.as_ref().map(ToString::to_string),
                None,
                space,
            );
        }
    }

    /// The interface's own hop, as AWS lists it between an instance and its security group:
    /// `AttachedTo` the instance it belongs to.
    pub(super) fn interface_hop(&mut self, interface: &NetworkInterface, space: &Space) {
        let attached_to = self.instance_of(interface);
        let component = Component {
            id: interface.id.to_string(),
            arn: None,
            name: interface.name.clone(),
            kind: ComponentKind::NetworkInterface,
        };
        self.hop(
            component,
            vpc_string(&interface.vpc),
            interface.subnet.as_ref().map(ToString::to_string),
            None,
            space,
        )
        .attached_to = attached_to;
    }

    /// An interface's security groups one way: on the request, what their rules allow (or
    /// the stop); on the replies, the group that allowed the request, which lets them by
    /// without a rule (groups are stateful). Interfaces without groups pass everything.
    pub(super) fn groups_of(
        &mut self,
        interface: &NetworkInterface,
        direction: Direction,
        space: Space,
    ) -> Result<Space, Stop> {
        if !has_security_groups(interface) {
            return Ok(space);
        }
        if self.leg == Leg::Request {
            return self.security_groups(interface, direction, &space);
        }
        // The replies cross the interface the other way from the request.
        let request_direction = match direction {
            Direction::Inbound => Direction::Outbound,
            Direction::Outbound => Direction::Inbound,
        };
        let group = self
            .groups_met
            .iter()
            .find(|(id, way, _)| *id == interface.id && *way == request_direction)
            .map(|(_, _, group)| group.clone())
            .or_else(|| {
                let group = interface.security_groups.first()?;
                Some(Component {
                    id: group.to_string(),
                    arn: None,
                    name: self
                        .snapshot
                        .security_groups
                        .get(group)
                        .and_then(|found| found.group_name.clone()),
                    kind: ComponentKind::SecurityGroup,
                })
            });
        if let Some(group) = group {
            let rule = Rule::RepliesAllowed {
                group: group.id.clone(),
            };
            self.hop(
                group,
                vpc_string(&interface.vpc),
                interface.subnet.as_ref().map(ToString::to_string),
                Some(rule),
                &space,
            );
        }
        Ok(space)
    }

    /// Packets leave an interface: the instance, the interface, its security groups (rules on
    /// requests only: replies pass a stateful group), then its subnet's route table.
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
        self.instance_hop(interface, &space);
        self.interface_hop(interface, &space);
        let space = passed!(self.groups_of(interface, Direction::Outbound, space));
        let Some(subnet) = self.subnet_of(interface) else {
            return self.unknown(
                Code::MissingInput,
                component,
                format!("the subnet of {} is not in the input", interface.id),
            );
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
        self.doubt_security_groups(interface, direction, &evaluation);
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
        // What each rule lets through once rules referencing a group no longer match the
        // sources whose identity a forwarding component dropped.
        let lost = match (&self.forwarded, direction, self.leg) {
            (Some(forwarded), Direction::Inbound, Leg::Request) => sources_of(&forwarded.original),
            _ => Space::empty(),
        };
        let lost = lost.union(&self.sources_without_group_identity(direction));
        let matches: Vec<(
            &crate::ids::SecurityGroupId,
            &crate::model::SecurityGroupRule,
            Space,
        )> = evaluation
            .matches
            .iter()
            .map(|(group, rule, matched)| match rule.peer {
                SecurityGroupPeer::SecurityGroup { .. } => {
                    (*group, *rule, matched.difference(&lost))
                }
                _ => (*group, *rule, matched.clone()),
            })
            .filter(|(_, _, matched)| !matched.is_empty())
            .collect();
        let allowed = matches
            .iter()
            .fold(Space::empty(), |allowed, (_, _, matched)| {
                allowed.union(matched)
            });
        if allowed.is_empty() {
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
                kind: ComponentKind::SecurityGroup,
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
            let stop = self.stop_at(component, vpc, subnet, code, message);
            self.annotate(|members| {
                members.direction = Some(direction_name);
                members.security_groups = groups;
                members.network_interface = Some(interface.id.to_string());
            });
            if direction == Direction::Inbound && self.leg == Leg::Request {
                self.explain_lost_identity(interface, space);
                self.explain_referencing_support(interface, &evaluation, &allowed);
            }
            return Err(stop);
        }
        if direction == Direction::Inbound && self.leg == Leg::Request {
            self.explain_referencing_support(interface, &evaluation, &allowed);
        }
        let (group, rule, _) = &matches[0];
        let component = Component {
            id: group.to_string(),
            arn: None,
            name: self
                .snapshot
                .security_groups
                .get(*group)
                .and_then(|g| g.group_name.clone()),
            kind: ComponentKind::SecurityGroup,
        };
        if direction == Direction::Outbound && self.leg == Leg::Request {
            self.record_egress_references(interface, &evaluation);
        }
        self.groups_met
            .push((interface.id.clone(), direction, component.clone()));
        let rule = security_group_rule(group, rule, direction_name);
        self.hop(component, vpc, subnet, Some(rule), &allowed);
        Ok(allowed)
    }

    /// The request reached `interface` and its groups let none of it in: whether a
    /// translation or a forwarding component on the way is why. A NAT gateway's rewritten
    /// source (`blame_translation`), and a rule referencing a group that would have admitted
    /// the request's original source, had the NAT gateway or load balancer kept its security
    /// group identity (`SG_REFERENCES_NOT_PRESERVED`: "The network component discards
    /// security group information about forwarded traffic", Reachability Analyzer explanation
    /// codes). Pinned by `security_group_references_do_not_survive_a_nat_gateway_or_load_balancer`
    /// (analyze.rs).
    fn explain_lost_identity(&mut self, interface: &NetworkInterface, space: &Space) {
        let snapshot = self.snapshot;
        let groups = &interface.security_groups;
        let admits = |space: &Space| {
            !security_group::evaluate(snapshot, groups, Direction::Inbound, space)
                .allowed
                .is_empty()
        };
        self.blame_translation(space, admits);
        let translated = self
            .translation_of(space)
            .map(|state| (self.nat_component(&state.nat), state.original.clone()));
        let Some((by, original)) = translated.or_else(|| {
            self.forwarded
                .as_ref()
                .map(|forwarded| (forwarded.by.clone(), forwarded.original.clone()))
        }) else {
            return;
        };
        let as_sent = with_original(space, &original, |cube, before| {
            cube.sources = before.sources.clone();
        });
        let evaluation = security_group::evaluate(snapshot, groups, Direction::Inbound, &as_sent);
        let Some((group, rule, _)) = evaluation
            .matches
            .iter()
            .find(|(_, rule, _)| matches!(rule.peer, SecurityGroupPeer::SecurityGroup { .. }))
        else {
            return;
        };
        let rule = security_group_rule(group, rule, "ingress");
        let message = format!(
            "{} would admit the request's original source by its security group ({}), but {} {} does not carry the source's group membership",
            interface.id,
            rule.text(),
            by.kind,
            by.id
        );
        self.explain(Code::SgReferencesNotPreserved, by, message);
        self.annotate(|members| {
            members.direction = Some("ingress");
            members.network_interface = Some(interface.id.to_string());
            members.rule = Some(rule);
        });
    }

    /// Packets reach an interface: the destination itself, or a NAT gateway on the replies'
    /// way back.
    pub(super) fn arrive_at_interface(
        &mut self,
        interface: &NetworkInterface,
        space: Space,
    ) -> Outcome {
        if self.target == Place::Interface(interface.id.clone()) {
            if interface.interface_type == InterfaceType::NatGateway && self.leg == Leg::Request {
                // A NAT gateway only forwards: it translates what is routed through it and
                // answers nothing addressed to itself.
                let component = self.interface_component(interface);
                return Outcome::Blocked(self.explain(
                    Code::NoPossibleDestination,
                    component,
                    format!(
                        "{} belongs to a NAT gateway, which accepts no connections: it only translates traffic routed through it",
                        interface.id
                    ),
                ));
            }
            if let Some(stop) = self.instance_not_running(interface) {
                return Outcome::Blocked(stop);
            }
            let space = passed!(self.groups_of(interface, Direction::Inbound, space));
            self.interface_hop(interface, &space);
            self.instance_hop(interface, &space);
            return Outcome::Arrived(space);
        }
        if interface.interface_type == InterfaceType::NatGateway && self.leg == Leg::Reply {
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
            .as_ref()
            .filter(|state| **state != InstanceState::Running)?;
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
    match interface.interface_type {
        InterfaceType::NatGateway
        | InterfaceType::GatewayLoadBalancerEndpoint
        | InterfaceType::GatewayLoadBalancer => false,
        InterfaceType::NetworkLoadBalancer => !interface.security_groups.is_empty(),
        _ => true,
    }
}

/// A security group rule as the answer shows it, `direction` spelled as AWS spells it.
pub(super) fn security_group_rule(
    group: &crate::ids::SecurityGroupId,
    rule: &crate::model::SecurityGroupRule,
    direction: &'static str,
) -> Rule {
    Rule::SecurityGroup {
        group: group.to_string(),
        direction,
        protocol: protocol_name(rule.protocol),
        ports: rule.ports,
        icmp: rule.icmp,
        peer: describe_peer(&rule.peer),
        rule_id: rule.rule_id.clone(),
    }
}

pub(super) fn describe_peer(peer: &SecurityGroupPeer) -> String {
    match peer {
        SecurityGroupPeer::Cidr(cidr) => cidr.to_string(),
        SecurityGroupPeer::PrefixList(id) => id.to_string(),
        SecurityGroupPeer::SecurityGroup { group, .. } => group.to_string(),
    }
}

/// A security group rule's protocol as AWS's path components name it (`SecurityGroupRule`'s
/// `Protocol`: "tcp" observed in AWS's examples; "all" for `-1` is not observed, taken by
/// analogy with `AclRule`, which prints "all").
pub(super) fn protocol_name(protocol: crate::model::Protocol) -> String {
    match protocol {
        crate::model::Protocol::All => "all".to_owned(),
        crate::model::Protocol::Number(6) => "tcp".to_owned(),
        crate::model::Protocol::Number(17) => "udp".to_owned(),
        crate::model::Protocol::Number(1) => "icmp".to_owned(),
        crate::model::Protocol::Number(58) => "icmpv6".to_owned(),
        crate::model::Protocol::Number(number) => number.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;

    #[test]
    fn the_destinations_groups_admit_only_their_ports() {
        check(
            &lab(),
            "eni-a eni-b 22",
            "not_reachable ENI_SG_RULES_MISMATCH
             -> eni-a sg-a acl-1 rtb-1 acl-1 sg-b",
        );
    }

    #[test]
    fn a_group_without_egress_rules_sends_nothing() {
        let groups = r#"{"SecurityGroups": [
            {"GroupId": "sg-a", "GroupName": "sg-a", "VpcId": "vpc-1", "IpPermissions": [], "IpPermissionsEgress": []}]}"#;
        check(
            &with(lab(), "describe-security-groups.json", groups),
            "eni-a eni-b 443",
            "not_reachable SG_HAS_NO_RULES
             -> eni-a sg-a",
        );
    }

    #[test]
    fn a_network_load_balancer_created_without_groups_filters_nothing() {
        // Its type is read ignoring case; the `interface` type with no group admits nothing.
        let interfaces = |interface_type: &str| {
            format!(
                r#"{{"NetworkInterfaces": [{}, {{"NetworkInterfaceId": "eni-b", "SubnetId": "subnet-b", "VpcId": "vpc-1",
                    "InterfaceType": "{interface_type}", "PrivateIpAddress": "10.0.2.20", "Groups": []}}]}}"#,
                interface("eni-a", "vpc-1", "subnet-a", "10.0.1.10", "sg-a")
            )
        };
        check(
            &with(
                lab(),
                "describe-network-interfaces.json",
                interfaces("NETWORK_LOAD_BALANCER"),
            ),
            "eni-a eni-b 443",
            "reachable
             -> eni-a sg-a acl-1 rtb-1 acl-1 eni-b
             <- eni-b acl-1 rtb-1 acl-1 sg-a eni-a",
        );
        check(
            &with(
                lab(),
                "describe-network-interfaces.json",
                interfaces("interface"),
            ),
            "eni-a eni-b 443",
            // The stop is on a group hop without an id: the interface has no group.
            r#"not_reachable SG_HAS_NO_RULES
             -> eni-a sg-a acl-1 rtb-1 acl-1 """#,
        );
    }
}
