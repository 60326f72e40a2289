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
            kind: "network ACL",
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
                cidr: entry.cidr.to_string(),
            },
            None => Rule::NetworkAcl {
                acl: acl.id.to_string(),
                egress,
                rule_number: None,
                action: "deny",
                protocol: "-1".to_owned(),
                ports: None,
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
            let entry = rule.map(|rule| rule.text()).unwrap_or_default();
            let leg = if self.leg == Leg::Reply {
                "the replies"
            } else {
                "it"
            };
            return Err(self.explain(
                Code::SubnetAclRestriction,
                component,
                format!(
                    "network ACL {} of {} denies {leg} {which} ({entry})",
                    acl.id, subnet.id
                ),
            ));
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
