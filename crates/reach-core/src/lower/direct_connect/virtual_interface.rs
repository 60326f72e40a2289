//! Direct Connect virtual interfaces (`aws directconnect describe-virtual-interfaces`): the
//! gateway each is attached to, the prefixes it advertises, and its BGP sessions' status.

use crate::collect::Entry;
use crate::command;
use crate::ids::*;
use crate::lower::{label, Lowering};
use crate::model::*;
use reach_aws::direct_connect::virtual_interface::name_tag;

pub(crate) fn lower(lowering: &mut Lowering<'_>) {
    let Lowering {
        input,
        snapshot,
        sink,
    } = lowering;
    for (
        id,
        Entry {
            value: interface,
            origin,
        },
    ) in input.virtual_interfaces.iter()
    {
        let name = interface
            .virtual_interface_name
            .clone()
            .filter(|name| !name.is_empty())
            .or_else(|| name_tag(&interface.tags).map(str::to_owned));
        let label = label("Direct Connect virtual interface", id, name.as_deref());
        let gone = matches!(
            interface.virtual_interface_state.as_deref(),
            Some("deleted" | "rejected")
        );
        if let (false, Some(gateway)) = (gone, &interface.virtual_gateway_id) {
            sink.reference(
                input.vpn_gateways.contains(gateway),
                (&label, "is attached to"),
                "virtual private gateway",
                gateway,
                command::vpn_gateway,
            );
        }
        let mut prefixes = Vec::new();
        for (index, prefix) in interface.route_filter_prefixes.iter().enumerate() {
            let Some(text) = &prefix.cidr else { continue };
            let field = format!("routeFilterPrefixes[{index}].cidr");
            if let Some(cidr) = sink.cidr(text, origin, id, &field) {
                prefixes.push(cidr);
            }
        }
        let statuses: Vec<&str> = interface
            .bgp_peers
            .iter()
            .filter_map(|peer| peer.bgp_status.as_deref())
            .collect();
        let bgp_up = match (statuses.contains(&"up"), statuses.contains(&"down")) {
            (true, _) => Some(true),
            (false, true) => Some(false),
            (false, false) => None,
        };
        snapshot.virtual_interfaces.insert(
            VirtualInterfaceId::new(id),
            VirtualInterface {
                id: VirtualInterfaceId::new(id),
                name,
                interface_type: interface.virtual_interface_type.clone(),
                state: interface.virtual_interface_state.clone(),
                vpn_gateway: interface
                    .virtual_gateway_id
                    .as_deref()
                    .map(VpnGatewayId::new),
                direct_connect_gateway: interface.direct_connect_gateway_id.clone(),
                route_filter_prefixes: prefixes,
                bgp_up,
                origin: origin.clone(),
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::lower::problems;

    #[test]
    fn gateways_prefixes_and_bgp_sessions() {
        let gateways = r#"{"VpnGateways": [{"VpnGatewayId": "vgw-1", "State": "available"}]}"#;
        let interfaces = r#"{"virtualInterfaces": [
            {"virtualInterfaceId": "dxvif-1", "virtualInterfaceName": "dc-link",
             "virtualInterfaceType": "private", "virtualInterfaceState": "available",
             "virtualGatewayId": "vgw-1", "customerAddress": "169.254.0.2/30",
             "routeFilterPrefixes": [{"cidr": "10.50.0.0/16"}, {"cidr": "10.60.0.0/99"}],
             "bgpPeers": [{"bgpStatus": "down"}, {"bgpStatus": "up"}]},
            {"virtualInterfaceId": "dxvif-2", "virtualInterfaceState": "available",
             "virtualGatewayId": "vgw-9", "bgpPeers": [{"bgpStatus": "down"}],
             "tags": [{"key": "Name", "value": "backup"}]},
            {"virtualInterfaceId": "dxvif-3", "virtualInterfaceState": "deleted",
             "virtualGatewayId": "vgw-8"},
            {"virtualInterfaceId": "dxvif-4", "virtualInterfaceState": "available",
             "directConnectGatewayId": "dxgw-1"}]}"#;
        let (snapshot, problems) = problems(&[
            ("describe-vpn-gateways.json", gateways),
            ("describe-virtual-interfaces.json", interfaces),
        ]);
        assert_eq!(
            problems,
            [
                "error describe-virtual-interfaces.json: dxvif-1: virtualInterfaces[0].routeFilterPrefixes[1].cidr: invalid CIDR \"10.60.0.0/99\"",
                "missing vgw-9: Direct Connect virtual interface dxvif-2 (backup) is attached to virtual private gateway vgw-9, which is not in the input | aws ec2 describe-vpn-gateways --vpn-gateway-ids vgw-9",
            ]
        );
        let link = &snapshot.virtual_interfaces["dxvif-1"];
        assert_eq!(link.name.as_deref(), Some("dc-link"));
        assert_eq!(
            link.route_filter_prefixes,
            ["10.50.0.0/16".parse().unwrap()]
        );
        // One session up carries traffic; all down does not; none known is taken as up.
        assert!(link.carries_traffic());
        assert!(!snapshot.virtual_interfaces["dxvif-2"].carries_traffic());
        assert!(snapshot.virtual_interfaces["dxvif-4"].carries_traffic());
        assert!(!snapshot.virtual_interfaces["dxvif-3"].carries_traffic());
        assert_eq!(
            snapshot.virtual_interfaces["dxvif-4"]
                .direct_connect_gateway
                .as_deref(),
            Some("dxgw-1")
        );
    }
}
