//! NAT gateways (`describe-nat-gateways`): their subnet, and the addresses they translate to
//! with the interfaces that hold them.

use crate::collect::Entry;
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
            value: gateway,
            origin,
        },
    ) in input.nat_gateways.iter()
    {
        let label = label("NAT gateway", id, name_tag(&gateway.tags));
        if let Some(subnet) = &gateway.subnet_id {
            sink.check_subnet(input, &label, "is in", subnet);
        }
        let mut addresses = Vec::new();
        for (index, address) in gateway.nat_gateway_addresses.iter().enumerate() {
            let field = format!("NatGatewayAddresses[{index}]");
            if let Some(interface) = &address.network_interface_id {
                sink.check_network_interface(input, &label, "sends traffic from", interface);
            }
            addresses.push(NatGatewayAddress {
                network_interface: address
                    .network_interface_id
                    .as_deref()
                    .map(NetworkInterfaceId::new),
                private_ip: address
                    .private_ip
                    .as_deref()
                    .and_then(|ip| sink.ip(ip, origin, id, &format!("{field}.PrivateIp"))),
                public_ip: address
                    .public_ip
                    .as_deref()
                    .and_then(|ip| sink.ip(ip, origin, id, &format!("{field}.PublicIp"))),
                allocation: address.allocation_id.as_deref().map(AllocationId::new),
            });
        }
        snapshot.nat_gateways.insert(
            NatGatewayId::new(id),
            NatGateway {
                id: NatGatewayId::new(id),
                name: owned(name_tag(&gateway.tags)),
                subnet: gateway.subnet_id.as_deref().map(SubnetId::new),
                vpc: gateway.vpc_id.as_deref().map(VpcId::new),
                state: gateway.state.clone(),
                public: gateway.connectivity_type.as_deref() != Some("private"),
                addresses,
                origin: origin.clone(),
            },
        );
    }
}
