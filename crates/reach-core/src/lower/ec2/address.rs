//! Elastic IP addresses (`describe-addresses`) and the interface each is associated with.

use crate::collect::Entry;
use crate::ids::*;
use crate::lower::Lowering;
use crate::model::*;

pub(crate) fn lower(lowering: &mut Lowering<'_>) {
    let Lowering {
        input,
        snapshot,
        sink,
    } = lowering;
    for (
        public_ip,
        Entry {
            value: address,
            origin,
        },
    ) in input.addresses.iter()
    {
        let Some(public) = sink.ip(public_ip, origin, public_ip, "PublicIp") else {
            continue;
        };
        if let Some(interface) = &address.network_interface_id {
            // An instance's view of an interface counts too.
            if !snapshot.network_interfaces.contains_key(interface.as_str()) {
                sink.check_network_interface(
                    input,
                    &format!("Elastic IP {public_ip}"),
                    "is associated with",
                    interface,
                );
            }
        }
        snapshot.elastic_ips.insert(
            public,
            ElasticIp {
                public_ip: public,
                allocation: address.allocation_id.as_deref().map(AllocationId::new),
                network_interface: address
                    .network_interface_id
                    .as_deref()
                    .map(NetworkInterfaceId::new),
                private_ip: address
                    .private_ip_address
                    .as_deref()
                    .and_then(|ip| sink.ip(ip, origin, public_ip, "PrivateIpAddress")),
                origin: origin.clone(),
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::lower::problems;

    #[test]
    fn a_bad_address_names_its_field_and_a_missing_interface_is_a_diagnostic() {
        let addresses = r#"{"Addresses": [
            {"PublicIp": "203.0.113.10", "AllocationId": "eipalloc-1", "NetworkInterfaceId": "eni-9", "PrivateIpAddress": "10.0.1.5"},
            {"PublicIp": "203.0.113.999", "AllocationId": "eipalloc-2"}]}"#;
        let (snapshot, problems) = problems(&[("describe-addresses.json", addresses)]);
        assert_eq!(
            problems,
            [
                "error describe-addresses.json: 203.0.113.999: Addresses[1].PublicIp: invalid IP address \"203.0.113.999\"",
                "missing eni-9: Elastic IP 203.0.113.10 is associated with network interface eni-9, which is not in the input | aws ec2 describe-network-interfaces --network-interface-ids eni-9",
            ]
        );
        assert_eq!(snapshot.elastic_ips.len(), 1);
    }
}
