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
                // AWS's path components print `all` for an entry's `-1`.
                protocol: match entry.protocol {
                    crate::model::Protocol::All => "all".to_owned(),
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
                protocol: "all".to_owned(),
                ports: None,
                icmp: None,
                cidr: "0.0.0.0/0".to_owned(),
            },
        });
        self.record_acl(
            subnet,
            Hop::new(
                component.clone(),
                Some(subnet.vpc.to_string()),
                Some(subnet.id.to_string()),
                rule.clone(),
                evaluation.allowed.clone(),
            ),
            egress,
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

    /// Records a network ACL's hop. AWS lists a subnet's outbound ACL before its route table:
    /// the ACL applies to whatever leaves the subnet, whichever route carries it. The walk asks
    /// the route table first, since only the route tells whether the packets leave the subnet
    /// at all (a destination in the same subnet, or a NAT gateway, firewall endpoint or
    /// transit gateway attachment there, meets no ACL); so an outbound ACL met right after
    /// its subnet's route table hop is put before it, the route table then letting out what
    /// the ACL let through. When the ACL lets nothing through, the route table hop goes: the
    /// path ends at the ACL, where AWS's would. Verdicts, blocked hops and codes stay as the
    /// walk found them; only the order shown changes.
    fn record_acl(&mut self, subnet: &Subnet, hop: Hop, egress: bool) {
        let before_route = match &self.route_hop {
            Some((index, id)) if egress && *id == subnet.id && index + 1 == self.hops.len() => {
                Some(*index)
            }
            _ => None,
        };
        self.route_hop = None;
        let Some(index) = before_route else {
            self.hops.push(hop);
            return;
        };
        let allowed = hop.outbound.clone();
        self.hops.insert(index, hop);
        if allowed.is_empty() {
            self.hops.truncate(index + 1);
        } else if let Some(route) = self.hops.get_mut(index + 1) {
            route.outbound = allowed;
        }
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
             -> eni-a sg-a acl-1 rtb-1 acl-b",
        );
        // Port 444 is not the denied one: the same ACL lets it in (the group then stops it).
        check(
            &subnet_b_behind(entries),
            "eni-a eni-b 444",
            "not_reachable ENI_SG_RULES_MISMATCH
             -> eni-a sg-a acl-1 rtb-1 acl-b sg-b",
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
             -> eni-a sg-a acl-1 rtb-1 acl-b sg-b eni-b
             <- eni-b sg-b acl-b",
        );
    }

    #[test]
    fn the_left_subnets_acl_comes_before_its_route_table_and_a_denial_ends_there() {
        // `subnet-a` behind `acl-a`, which lets out TCP 443 only.
        let files = |outbound: &str| {
            let entries = format!(
                r#"[{{"RuleNumber": 100, "Protocol": "-1", "RuleAction": "allow", "Egress": false, "CidrBlock": "0.0.0.0/0"}},
                    {{"RuleNumber": 100, "Protocol": "6", "PortRange": {{"From": {outbound}, "To": {outbound}}}, "RuleAction": "allow", "Egress": true, "CidrBlock": "0.0.0.0/0"}}]"#
            );
            with(
                lab(),
                "describe-network-acls.json",
                network_acls(&[
                    ("acl-a", "vpc-1", &["subnet-a"], &entries),
                    ("acl-1", "vpc-1", &["subnet-b"], ALLOW_ALL),
                ]),
            )
        };
        check(
            &files("443"),
            "eni-a eni-b 443",
            "reachable
             -> eni-a sg-a acl-a rtb-1 acl-1 sg-b eni-b
             <- eni-b sg-b acl-1 rtb-1 acl-a sg-a eni-a",
        );
        // The route table was asked (the destination leaves the subnet), but AWS's path ends
        // at the ACL that stops the packets.
        check(
            &files("444"),
            "eni-a eni-b 443",
            "not_reachable SUBNET_ACL_RESTRICTION
             -> eni-a sg-a acl-a",
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
             <- eni-a2 sg-b rtb-1 sg-a eni-a",
        );
    }
}
