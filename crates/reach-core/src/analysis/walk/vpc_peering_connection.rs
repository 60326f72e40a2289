use super::*;

impl<'a> Walker<'a> {
    /// A VPC peering connection: to an interface in the peer VPC (no transitive routing: only
    /// addresses of the peer VPC's CIDRs cross), through the source subnet's network ACL
    /// outbound and the destination subnet's inbound.
    pub(super) fn through_peering(
        &mut self,
        subnet: &'a Subnet,
        peering: &crate::ids::VpcPeeringConnectionId,
        space: Space,
    ) -> Outcome {
        let space = passed!(self.network_acl(subnet, Direction::Outbound, &space));
        let Some(connection) = self.snapshot.vpc_peering_connections.get(peering) else {
            // The loader already reported it, with the call that exports it.
            let component = Component {
                id: peering.to_string(),
                arn: None,
                name: None,
                kind: ComponentKind::VpcPeeringConnection,
            };
            self.hop(
                component.clone(),
                Some(subnet.vpc.to_string()),
                None,
                None,
                &space,
            );
            let stop = self.explain(
                Code::UnknownResource,
                component,
                format!(
                    "peering connection {peering} is not in the input: where it leads is unknown"
                ),
            );
            return Outcome::Unknown(Missing { note: stop.message });
        };
        let component = Component {
            id: peering.to_string(),
            arn: None,
            name: connection.name.clone(),
            kind: ComponentKind::VpcPeeringConnection,
        };
        let vpc = Some(subnet.vpc.to_string());
        if connection.status != Some(VpcPeeringConnectionState::Active) {
            let status = connection
                .status
                .as_ref()
                .map(VpcPeeringConnectionState::as_str)
                .unwrap_or_default();
            return Outcome::Blocked(self.stop_at(
                component,
                vpc,
                None,
                Code::BadState,
                format!(
                    "peering connection {peering} is {status}, not active: it carries no traffic"
                ),
            ));
        }
        let peer = if connection.requester.vpc.as_ref() == Some(&subnet.vpc) {
            &connection.accepter
        } else {
            &connection.requester
        };
        let peer_cidrs: Vec<ipnet::IpNet> = match peer
            .vpc
            .as_ref()
            .and_then(|vpc| self.snapshot.vpcs.get(vpc))
        {
            Some(peer_vpc) => peer_vpc.cidrs.clone(),
            None => peer.cidrs.clone(),
        };
        let within = peer_cidrs.iter().fold(Space::empty(), |all, cidr| {
            let (family, range) = crate::space::cidr_range(cidr);
            all.union(&Space::from_cube(Cube {
                destinations: range,
                ..Cube::everything(family)
            }))
        });
        let crossing = space.intersection(&within);
        if crossing.is_empty() {
            return Outcome::Blocked(self.stop_at(
                component,
                vpc,
                None,
                Code::PcxRequiresAddressInVpcCidr,
                format!(
                    "peering connection {peering} only carries traffic for the peer VPC's CIDRs ({}): peering is not transitive",
                    peer_cidrs.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
                ),
            ));
        }
        let peer_vpc = peer.vpc.as_ref().map(ToString::to_string);
        let account = match (&peer.owner_id, &peer.region) {
            (Some(owner), Some(region)) => format!(" (account {owner}, {region})"),
            (Some(owner), None) => format!(" (account {owner})"),
            _ => String::new(),
        };
        let rule = Rule::Translation {
            text: format!(
                "to {}{account}",
                peer_vpc
                    .clone()
                    .unwrap_or_else(|| "the peer VPC".to_owned())
            ),
        };
        // AWS's `SourceVpc` and `DestinationVpc`, in the direction of travel (so swapped on
        // the replies). The API reference says only "the source VPC" and "the destination
        // VPC", and no AWS output with them was found: an inference.
        let hop = self.hop(component, vpc, None, Some(rule), &crossing);
        hop.source_vpc = Some(subnet.vpc.to_string());
        hop.destination_vpc = peer_vpc;
        self.deliver_in_vpc(None, crossing)
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;

    /// `vpc-1` and `vpc-2` peered by `pcx-1` in `status`; `vpc-1` sends `destination` over it.
    fn peered(status: &str, destination: &str) -> Vec<(&'static str, String)> {
        let files = two_vpcs(
            &format!(
                r#", {{"DestinationCidrBlock": "{destination}", "VpcPeeringConnectionId": "pcx-1", "State": "active"}}"#
            ),
            r#", {"DestinationCidrBlock": "10.0.0.0/16", "VpcPeeringConnectionId": "pcx-1", "State": "active"}"#,
        );
        with(
            files,
            "describe-vpc-peering-connections.json",
            format!(
                r#"{{"VpcPeeringConnections": [{{"VpcPeeringConnectionId": "pcx-1", "Status": {{"Code": "{status}"}},
                    "RequesterVpcInfo": {{"VpcId": "vpc-1", "OwnerId": "111122223333", "CidrBlock": "10.0.0.0/16"}},
                    "AccepterVpcInfo": {{"VpcId": "vpc-2", "OwnerId": "111122223333", "CidrBlock": "10.1.0.0/16"}}}}]}}"#
            ),
        )
    }

    #[test]
    fn an_active_connection_carries_traffic_to_the_peer_vpc() {
        check(
            &peered("active", "10.1.0.0/16"),
            "eni-a eni-c 443",
            "reachable
             -> eni-a sg-a acl-1 rtb-1 pcx-1 acl-2 sg-c eni-c
             <- eni-c sg-c acl-2 rtb-2 pcx-1 acl-1 sg-a eni-a",
        );
    }

    #[test]
    fn a_connection_not_yet_accepted_carries_nothing() {
        check(
            &peered("pending-acceptance", "10.1.0.0/16"),
            "eni-a eni-c 443",
            "not_reachable BAD_STATE
             -> eni-a sg-a acl-1 rtb-1 pcx-1",
        );
    }

    #[test]
    fn only_the_peer_vpcs_addresses_cross() {
        check(
            &peered("active", "10.0.0.0/8"),
            "eni-a 10.5.0.5 443",
            "not_reachable PCX_REQUIRES_ADDRESS_IN_VPC_CIDR
             -> eni-a sg-a acl-1 rtb-1 pcx-1",
        );
    }
}
