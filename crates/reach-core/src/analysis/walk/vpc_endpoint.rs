use super::*;

impl<'a> Walker<'a> {
    /// A route to a `vpce-`: a Network Firewall endpoint or a VPC endpoint. Both are hand-off
    /// points that later work fills; until then the walk stops there and says so.
    pub(super) fn hand_off_at_endpoint(
        &mut self,
        subnet: &'a Subnet,
        endpoint: &VpcEndpointId,
        space: Space,
    ) -> Outcome {
        if let Some(gateway_endpoint) = self
            .snapshot
            .vpc_endpoints
            .get(endpoint)
            .filter(|found| found.endpoint_type == VpcEndpointType::Gateway)
        {
            return self.through_gateway_endpoint(subnet, gateway_endpoint, space);
        }
        if let Some(gwlb_endpoint) = self
            .snapshot
            .vpc_endpoints
            .get(endpoint)
            .filter(|found| gateway_load_balancer::is_gwlb_endpoint(found))
        {
            return self.through_gwlb_endpoint(subnet, gwlb_endpoint, space);
        }
        let firewall = self.snapshot.firewalls.values().find(|firewall| {
            firewall
                .endpoints
                .iter()
                .any(|attachment| attachment.endpoint.as_ref() == Some(endpoint))
        });
        let endpoint_subnet = firewall
            .and_then(|firewall| {
                firewall
                    .endpoints
                    .iter()
                    .find(|attachment| attachment.endpoint.as_ref() == Some(endpoint))
            })
            .and_then(|attachment| attachment.subnet.as_ref())
            .and_then(|id| self.snapshot.subnets.get(id));
        let mut space = space;
        if let Some(endpoint_subnet) = endpoint_subnet {
            space = passed!(self.cross_subnets(subnet, endpoint_subnet, space));
        }
        if let (Some(firewall), Some(endpoint_subnet)) = (firewall, endpoint_subnet) {
            return self.through_firewall(subnet, firewall, endpoint, endpoint_subnet, space);
        }
        let is_firewall = firewall.is_some();
        let (component, note) = match firewall {
            Some(firewall) => (
                super::network_firewall::firewall_component(firewall),
                format!("the path reaches endpoint {endpoint} of Network Firewall {}: firewall inspection is not analysed yet, so the verdict depends on the firewall's rules", firewall.name),
            ),
            None => (
                Component { id: endpoint.to_string(), arn: None, name: None, kind: ComponentKind::VpcEndpoint },
                format!("the path reaches VPC endpoint {endpoint}: endpoints are not analysed yet"),
            ),
        };
        self.hop(
            component,
            Some(subnet.vpc.to_string()),
            endpoint_subnet.map(|subnet| subnet.id.to_string()),
            None,
            &space,
        );
        if is_firewall {
            self.through_endpoint(endpoint.as_str());
        }
        self.middleboxes.push(endpoint.to_string());
        self.missing(note)
    }

    /// A gateway endpoint (S3, DynamoDB): the route is the service's prefix list, so what
    /// reaches the endpoint is addressed to the service, and arrives there.
    pub(super) fn through_gateway_endpoint(
        &mut self,
        subnet: &'a Subnet,
        endpoint: &crate::model::VpcEndpoint,
        space: Space,
    ) -> Outcome {
        let space = passed!(self.network_acl(subnet, Direction::Outbound, &space));
        let component = Component {
            id: endpoint.id.to_string(),
            arn: None,
            name: endpoint
                .name
                .clone()
                .or_else(|| endpoint.service_name.clone()),
            kind: ComponentKind::GatewayVpcEndpoint,
        };
        // A gateway endpoint carries TCP and ICMP only: S3 and DynamoDB answer nothing else.
        let carried = space.intersection(&Space::of_protocols(&IntervalSet::from_ranges([
            (1, 1),
            (6, 6),
            (58, 58),
        ])));
        if carried.is_empty() {
            return Outcome::Blocked(self.stop_at(
                component,
                vpc_string(&endpoint.vpc),
                None,
                Code::VpceGatewayProtocolRestriction,
                format!("gateway endpoint {} carries TCP and ICMP only", endpoint.id),
            ));
        }
        let space = carried;
        if self.target != Place::Internet {
            return Outcome::Blocked(self.out_but_destination_inside(
                component,
                vpc_string(&endpoint.vpc),
                &space,
                "an AWS service",
            ));
        }
        self.hop(component, vpc_string(&endpoint.vpc), None, None, &space);
        self.notes.push(format!(
            "{} is reached through gateway endpoint {}; its endpoint policy is not evaluated",
            endpoint
                .service_name
                .as_deref()
                .unwrap_or("the AWS service"),
            endpoint.id
        ));
        self.exit = Some(Exit::GatewayEndpoint(endpoint.id.clone()));
        Outcome::Arrived(space)
    }

    /// Replies from an AWS service come back in through the gateway endpoint the request left by.
    pub(super) fn reenter_through_gateway_endpoint(
        &mut self,
        endpoint: VpcEndpointId,
        space: Space,
    ) -> Outcome {
        let vpc = self
            .snapshot
            .vpc_endpoints
            .get(&endpoint)
            .and_then(|endpoint| vpc_string(&endpoint.vpc));
        let component = Component {
            id: endpoint.to_string(),
            arn: None,
            name: None,
            kind: ComponentKind::GatewayVpcEndpoint,
        };
        self.hop(component, vpc, None, None, &space);
        self.deliver_in_vpc(None, space)
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use crate::analysis::ComponentKind;

    /// The lab whose table sends S3's addresses (52.216.0.0/15) to `vpce-s3`.
    fn to_s3() -> Vec<(&'static str, String)> {
        let files = with(
            lab(),
            "describe-route-tables.json",
            route_tables(&[(
                "rtb-1",
                "vpc-1",
                MAIN,
                &format!("{LOCAL}{TO_GATEWAY_ENDPOINT}"),
            )]),
        );
        with_gateway_endpoint(files, &["52.216.0.0/15"])
    }

    #[test]
    fn the_prefix_list_route_takes_the_service_through_the_endpoint_and_back() {
        let files = to_s3();
        check(
            &files,
            "eni-a 52.216.8.1 443",
            "reachable
             -> eni-a sg-a acl-1 rtb-1 vpce-s3
             <- vpce-s3 acl-1 sg-a eni-a",
        );
        assert_eq!(
            hop_kind(&files, "eni-a 52.216.8.1 443", "vpce-s3"),
            Some(ComponentKind::GatewayVpcEndpoint)
        );
    }

    #[test]
    fn addresses_outside_the_prefix_list_do_not_take_the_route() {
        check(
            &to_s3(),
            "eni-a 52.218.0.1 443",
            "not_reachable NO_ROUTE_TO_DESTINATION
             -> eni-a sg-a rtb-1",
        );
    }

    #[test]
    fn the_endpoint_carries_tcp_and_icmp_only() {
        check(
            &to_s3(),
            "eni-a 52.216.8.1 53/udp",
            "not_reachable VPCE_GATEWAY_PROTOCOL_RESTRICTION
             -> eni-a sg-a acl-1 rtb-1 vpce-s3",
        );
    }

    #[test]
    fn a_destination_inside_the_network_is_not_the_service() {
        // A prefix list that (wrongly) holds vpc-2's subnet sends eni-c's address to the
        // endpoint, which leads only to the AWS service.
        let files = with_gateway_endpoint(two_vpcs(TO_GATEWAY_ENDPOINT, ""), &["10.1.1.0/24"]);
        check(
            &files,
            "eni-a eni-c 443",
            "not_reachable DISCONNECTED_VPCS NO_ROUTE_TO_DESTINATION
             -> eni-a sg-a acl-1 rtb-1 vpce-s3",
        );
    }

    #[test]
    fn a_route_to_an_endpoint_not_in_the_input_cannot_be_decided() {
        let files = with(
            to_s3(),
            "describe-vpc-endpoints.json",
            r#"{"VpcEndpoints": []}"#,
        );
        check(
            &files,
            "eni-a 52.216.8.1 443",
            "unknown
             -> eni-a sg-a rtb-1 vpce-s3",
        );
    }
}
