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
