//! Site-to-Site VPN connections (`describe-vpn-connections`): the gateway each ends at, its
//! static routes and its tunnels' status.

use crate::collect::Entry;
use crate::command;
use crate::ids::*;
use crate::lower::{label, owned, Lowering};
use crate::model::*;
use reach_aws::ec2::name_tag;

pub(crate) fn lower(lowering: &mut Lowering<'_>) {
    let Lowering {
        input,
        snapshot,
        sink,
    } = lowering;
    for (
        id,
        Entry {
            value: connection,
            origin,
        },
    ) in input.vpn_connections.iter()
    {
        let label = label("VPN connection", id, name_tag(&connection.tags));
        // AWS keeps a deleted connection in its answers for a while; its gateway may be gone
        // too, which is no news.
        if connection.state.as_deref() != Some("deleted") {
            if let Some(gateway) = &connection.vpn_gateway_id {
                sink.reference(
                    input.vpn_gateways.contains(gateway),
                    (&label, "ends at"),
                    "virtual private gateway",
                    gateway,
                    command::vpn_gateway,
                );
            }
            if let Some(gateway) = &connection.transit_gateway_id {
                sink.check_transit_gateway(input, &label, gateway);
            }
        }
        let mut routes = Vec::new();
        for (index, route) in connection.routes.iter().enumerate() {
            // Only an available static route carries traffic; one being added or removed
            // does not (yet, or any more).
            if !matches!(route.state.as_deref(), None | Some("available")) {
                continue;
            }
            let Some(text) = &route.destination_cidr_block else {
                continue;
            };
            let field = format!("Routes[{index}].DestinationCidrBlock");
            if let Some(cidr) = sink.cidr(text, origin, id, &field) {
                routes.push(cidr);
            }
        }
        let tunnels = connection
            .vgw_telemetry
            .iter()
            .map(|tunnel| VpnTunnel {
                outside_ip: tunnel.outside_ip_address.clone(),
                up: tunnel.status.as_deref() == Some("UP"),
                status_message: tunnel
                    .status_message
                    .clone()
                    .filter(|message| !message.is_empty()),
            })
            .collect();
        snapshot.vpn_connections.insert(
            VpnConnectionId::new(id),
            VpnConnection {
                id: VpnConnectionId::new(id),
                name: owned(name_tag(&connection.tags)),
                state: connection.state.as_deref().map(VpnState::parse),
                vpn_gateway: connection.vpn_gateway_id.as_deref().map(VpnGatewayId::new),
                transit_gateway: connection
                    .transit_gateway_id
                    .as_deref()
                    .map(TransitGatewayId::new),
                customer_gateway: connection.customer_gateway_id.clone(),
                // AWS's default is dynamic (BGP) routing.
                static_routes_only: connection
                    .options
                    .as_ref()
                    .and_then(|options| options.static_routes_only)
                    .unwrap_or(false),
                routes,
                tunnels,
                origin: origin.clone(),
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::lower::problems;
    use crate::model::Snapshot;

    const GATEWAYS: (&str, &str) = (
        "describe-vpn-gateways.json",
        r#"{"VpnGateways": [{"VpnGatewayId": "vgw-1", "State": "available",
            "VpcAttachments": [{"VpcId": "vpc-1", "State": "attached"}]}]}"#,
    );

    fn check(connections: &str) -> (Snapshot, Vec<String>) {
        problems(&[GATEWAYS, ("describe-vpn-connections.json", connections)])
    }

    #[test]
    fn routes_tunnels_and_routing() {
        let (snapshot, problems) = check(
            r#"{"VpnConnections": [{"VpnConnectionId": "vpn-1", "State": "available",
                "VpnGatewayId": "vgw-1", "CustomerGatewayId": "cgw-1", "Type": "ipsec.1",
                "Options": {"StaticRoutesOnly": true},
                "Routes": [{"DestinationCidrBlock": "192.168.10.0/24", "Source": "Static", "State": "available"},
                           {"DestinationCidrBlock": "192.168.20.0/24", "Source": "Static", "State": "deleting"},
                           {"DestinationCidrBlock": "192.168.30.0/33", "Source": "Static", "State": "available"}],
                "VgwTelemetry": [{"OutsideIpAddress": "198.51.100.1", "Status": "DOWN", "StatusMessage": ""},
                                 {"OutsideIpAddress": "198.51.100.2", "Status": "UP"}],
                "Tags": [{"Key": "Name", "Value": "dc"}]},
               {"VpnConnectionId": "vpn-2", "State": "available", "VpnGatewayId": "vgw-1",
                "VgwTelemetry": [{"Status": "DOWN", "StatusMessage": "IPSEC IS DOWN"}]}]}"#,
        );
        assert_eq!(
            problems,
            ["error describe-vpn-connections.json: vpn-1: VpnConnections[0].Routes[2].DestinationCidrBlock: invalid CIDR \"192.168.30.0/33\""]
        );
        let static_vpn = &snapshot.vpn_connections["vpn-1"];
        // The route being deleted carries nothing; the bad one is reported and skipped.
        assert_eq!(static_vpn.routes, ["192.168.10.0/24".parse().unwrap()]);
        assert!(static_vpn.static_routes_only);
        assert_eq!(static_vpn.name.as_deref(), Some("dc"));
        // One tunnel up is enough.
        assert!(static_vpn.carries_traffic());
        assert_eq!(static_vpn.tunnels[0].status_message, None);
        let dynamic = &snapshot.vpn_connections["vpn-2"];
        // Without `StaticRoutesOnly`, AWS routes over BGP.
        assert!(!dynamic.static_routes_only);
        assert!(!dynamic.carries_traffic());
        assert_eq!(
            dynamic.tunnels[0].status_message.as_deref(),
            Some("IPSEC IS DOWN")
        );
    }

    #[test]
    fn gateways_not_in_the_input_are_named_unless_the_connection_is_deleted() {
        let (snapshot, problems) = check(
            r#"{"VpnConnections": [
                {"VpnConnectionId": "vpn-1", "State": "available", "VpnGatewayId": "vgw-9"},
                {"VpnConnectionId": "vpn-2", "State": "available", "TransitGatewayId": "tgw-9"},
                {"VpnConnectionId": "vpn-3", "State": "deleted", "VpnGatewayId": "vgw-8"},
                {"VpnConnectionId": "vpn-4", "State": "pending", "VpnGatewayId": "vgw-1",
                 "VgwTelemetry": [{"Status": "UP"}]}]}"#,
        );
        assert_eq!(
            problems,
            [
                "missing tgw-9: VPN connection vpn-2 belongs to transit gateway tgw-9, which is not in the input | aws ec2 describe-transit-gateways --transit-gateway-ids tgw-9",
                "missing vgw-9: VPN connection vpn-1 ends at virtual private gateway vgw-9, which is not in the input | aws ec2 describe-vpn-gateways --vpn-gateway-ids vgw-9",
            ]
        );
        // Not available yet: a tunnel up does not make it carry traffic.
        assert!(!snapshot.vpn_connections["vpn-4"].carries_traffic());
    }
}
