use super::*;

impl<'a> Walker<'a> {
    /// A subnet's network ACL in one direction: what it allows, or why it allows nothing.
    pub(super) fn network_acl(
        &mut self,
        subnet: &Subnet,
        direction: Direction,
        space: &Space,
    ) -> Result<Space, Stop> {
        let Some(acl) = subnet
            .network_acl
            .as_ref()
            .and_then(|id| self.snapshot.network_acls.get(id))
        else {
            self.notes.push(format!(
                "the network ACL of {} is not in the input: it was not checked",
                subnet.id
            ));
            return Ok(space.clone());
        };
        let evaluation = evaluate::network_acl::evaluate(acl, direction, space);
        self.doubt_network_acl(acl, direction, &evaluation);
        let egress = direction == Direction::Outbound;
        let component = Component {
            id: acl.id.to_string(),
            arn: None,
            name: acl.name.clone(),
            kind: ComponentKind::NetworkAcl,
        };
        // The hop shows the entry that let packets through, else the one that stopped them.
        let deciding = evaluation
            .decisions
            .iter()
            .find(|decision| decision.allowed)
            .or(evaluation.decisions.first());
        let rule = deciding.map(|decision| match decision.entry {
            Some(entry) => Rule::NetworkAcl {
                acl: acl.id.to_string(),
                egress,
                rule_number: Some(entry.rule_number),
                action: if entry.allow { "allow" } else { "deny" },
                protocol: match entry.protocol {
                    crate::model::Protocol::All => "-1".to_owned(),
                    crate::model::Protocol::Number(number) => number.to_string(),
                },
                ports: entry.ports,
                // An ICMP entry without a type and code matches them all.
                icmp: match entry.protocol {
                    crate::model::Protocol::Number(number)
                        if crate::space::icmp::is_icmp(number) =>
                    {
                        Some(entry.icmp.unwrap_or(crate::model::IcmpTypeCode::ANY))
                    }
                    _ => None,
                },
                cidr: entry.cidr.to_string(),
            },
            None => Rule::NetworkAcl {
                acl: acl.id.to_string(),
                egress,
                rule_number: None,
                action: "deny",
                protocol: "-1".to_owned(),
                ports: None,
                icmp: None,
                cidr: "0.0.0.0/0".to_owned(),
            },
        });
        self.hop(
            component.clone(),
            Some(subnet.vpc.to_string()),
            Some(subnet.id.to_string()),
            rule.clone(),
            &evaluation.allowed,
        );
        if evaluation.allowed.is_empty() {
            let which = if egress { "outbound" } else { "inbound" };
            let deciding_rule = rule.clone();
            let entry = rule.map(|rule| rule.text()).unwrap_or_default();
            let leg = if self.leg == Leg::Reply {
                "the replies"
            } else {
                "it"
            };
            let stop = self.explain(
                Code::SubnetAclRestriction,
                component,
                format!(
                    "network ACL {} of {} denies {leg} {which} ({entry})",
                    acl.id, subnet.id
                ),
            );
            self.annotate(|members| {
                members.direction = Some(if egress { "egress" } else { "ingress" });
                members.vpc = Some(subnet.vpc.to_string());
                members.subnet = Some(subnet.id.to_string());
                members.rule = deciding_rule;
            });
            self.blame_translation(space, |space| {
                !evaluate::network_acl::evaluate(acl, direction, space)
                    .allowed
                    .is_empty()
            });
            return Err(stop);
        }
        Ok(evaluation.allowed)
    }

    /// Network ACLs apply where traffic crosses a subnet boundary: outbound of the subnet left,
    /// inbound of the subnet entered; the stop of either that allows nothing.
    pub(super) fn cross_subnets(
        &mut self,
        from: &Subnet,
        to: &Subnet,
        space: Space,
    ) -> Result<Space, Stop> {
        if from.id == to.id {
            return Ok(space);
        }
        let space = self.network_acl(from, Direction::Outbound, &space)?;
        self.network_acl(to, Direction::Inbound, &space)
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;

    /// The lab with `subnet-b` behind its own network ACL with these entries.
    fn subnet_b_behind(entries: &str) -> Vec<(&'static str, String)> {
        with(
            lab(),
            "describe-network-acls.json",
            network_acls(&[
                ("acl-1", "vpc-1", &["subnet-a"], ALLOW_ALL),
                ("acl-b", "vpc-1", &["subnet-b"], entries),
            ]),
        )
    }

    #[test]
    fn the_entered_subnets_acl_denies_the_request_inbound() {
        let entries = r#"[
            {"RuleNumber": 90, "Protocol": "6", "PortRange": {"From": 443, "To": 443}, "RuleAction": "deny", "Egress": false, "CidrBlock": "0.0.0.0/0"},
            {"RuleNumber": 100, "Protocol": "-1", "RuleAction": "allow", "Egress": false, "CidrBlock": "0.0.0.0/0"},
            {"RuleNumber": 100, "Protocol": "-1", "RuleAction": "allow", "Egress": true, "CidrBlock": "0.0.0.0/0"}]"#;
        check(
            &subnet_b_behind(entries),
            "eni-a eni-b 443",
            "not_reachable SUBNET_ACL_RESTRICTION
             -> eni-a sg-a rtb-1 acl-1 acl-b",
        );
        // Port 444 is not the denied one: the same ACL lets it in (the group then stops it).
        check(
            &subnet_b_behind(entries),
            "eni-a eni-b 444",
            "not_reachable ENI_SG_RULES_MISMATCH
             -> eni-a sg-a rtb-1 acl-1 acl-b sg-b",
        );
    }

    #[test]
    fn acls_are_stateless_so_replies_to_ephemeral_ports_need_an_outbound_entry() {
        let entries = r#"[
            {"RuleNumber": 100, "Protocol": "-1", "RuleAction": "allow", "Egress": false, "CidrBlock": "0.0.0.0/0"},
            {"RuleNumber": 100, "Protocol": "6", "PortRange": {"From": 0, "To": 1023}, "RuleAction": "allow", "Egress": true, "CidrBlock": "0.0.0.0/0"}]"#;
        check(
            &subnet_b_behind(entries),
            "eni-a eni-b 443",
            "reachable_one_way SUBNET_ACL_RESTRICTION
             -> eni-a sg-a rtb-1 acl-1 acl-b sg-b eni-b
             <- eni-b rtb-1 acl-b",
        );
    }

    #[test]
    fn traffic_within_a_subnet_meets_no_acl() {
        let interfaces = format!(
            r#"{{"NetworkInterfaces": [{}, {}]}}"#,
            interface("eni-a", "vpc-1", "subnet-a", "10.0.1.10", "sg-a"),
            interface("eni-a2", "vpc-1", "subnet-a", "10.0.1.11", "sg-b")
        );
        let deny_all = "[]";
        let files = with(lab(), "describe-network-interfaces.json", interfaces);
        let files = with(
            files,
            "describe-network-acls.json",
            network_acls(&[("acl-1", "vpc-1", &["subnet-a", "subnet-b"], deny_all)]),
        );
        check(
            &files,
            "eni-a eni-a2 443",
            "reachable
             -> eni-a sg-a rtb-1 sg-b eni-a2
             <- eni-a2 rtb-1 eni-a",
        );
    }
}
