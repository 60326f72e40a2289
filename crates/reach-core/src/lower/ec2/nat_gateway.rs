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
                state: gateway.state.as_deref().map(NatGatewayState::parse),
                public: gateway.connectivity_type.as_deref() != Some("private"),
                addresses,
                origin: origin.clone(),
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::lower::problems;

    #[test]
    fn a_bad_address_names_its_field_and_the_gateway_stays() {
        let gateways = r#"{"NatGateways": [{"NatGatewayId": "nat-1", "SubnetId": "subnet-9", "VpcId": "vpc-1",
            "State": "available", "ConnectivityType": "public",
            "NatGatewayAddresses": [{"NetworkInterfaceId": "eni-9", "PrivateIp": "10.0.1.5", "PublicIp": "203.0.113.300"}],
            "Tags": [{"Key": "Name", "Value": "egress"}]}]}"#;
        let (snapshot, problems) = problems(&[("describe-nat-gateways.json", gateways)]);
        assert_eq!(
            problems,
            [
                "error describe-nat-gateways.json: nat-1: NatGateways[0].NatGatewayAddresses[0].PublicIp: invalid IP address \"203.0.113.300\"",
                "missing eni-9: NAT gateway nat-1 (egress) sends traffic from network interface eni-9, which is not in the input | aws ec2 describe-network-interfaces --network-interface-ids eni-9",
                "missing subnet-9: NAT gateway nat-1 (egress) is in subnet subnet-9, which is not in the input | aws ec2 describe-subnets --subnet-ids subnet-9",
            ]
        );
        let gateway = &snapshot.nat_gateways["nat-1"];
        assert!(gateway.public);
        assert_eq!(
            gateway.addresses[0].private_ip,
            Some("10.0.1.5".parse().unwrap())
        );
        assert_eq!(gateway.addresses[0].public_ip, None);
    }

    #[test]
    fn a_private_gateway_is_not_public() {
        let gateways =
            r#"{"NatGateways": [{"NatGatewayId": "nat-1", "ConnectivityType": "private"}]}"#;
        let (snapshot, problems) = problems(&[("describe-nat-gateways.json", gateways)]);
        assert_eq!(problems, Vec::<String>::new());
        assert!(!snapshot.nat_gateways["nat-1"].public);
    }
}
