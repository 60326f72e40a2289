//! Network interfaces (`describe-network-interfaces`): addresses, security groups, the
//! instance they are attached to.

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
            value: interface,
            origin,
        },
    ) in input.network_interfaces.iter()
    {
        let private_addresses = sink.interface_addresses(
            interface.private_ip_address.as_deref(),
            &interface.private_ip_addresses,
            interface.association.as_ref(),
            origin,
            id,
        );
        let ipv6_addresses = interface
            .ipv6_addresses
            .iter()
            .enumerate()
            .filter_map(|(index, address)| {
                sink.ip(
                    &address.ipv6_address,
                    origin,
                    id,
                    &format!("Ipv6Addresses[{index}]"),
                )
            })
            .collect();
        snapshot.network_interfaces.insert(
            NetworkInterfaceId::new(id),
            NetworkInterface {
                id: NetworkInterfaceId::new(id),
                description: interface
                    .description
                    .clone()
                    .filter(|text| !text.is_empty()),
                name: owned(name_tag(&interface.tag_set)),
                subnet: interface.subnet_id.as_deref().map(SubnetId::new),
                vpc: interface.vpc_id.as_deref().map(VpcId::new),
                availability_zone: interface.availability_zone.clone(),
                interface_type: interface
                    .interface_type
                    .as_deref()
                    .map_or(InterfaceType::Interface, InterfaceType::parse),
                private_addresses,
                ipv6_addresses,
                security_groups: interface
                    .groups
                    .iter()
                    .map(|group| SecurityGroupId::new(&group.group_id))
                    .collect(),
                source_dest_check: interface.source_dest_check.unwrap_or(true),
                instance: interface
                    .attachment
                    .as_ref()
                    .and_then(|a| a.instance_id.as_deref())
                    .map(InstanceId::new),
                requester_managed: interface.requester_managed.unwrap_or(false),
                owner_id: interface.owner_id.clone(),
                origin: origin.clone(),
            },
        );
    }
}

/// An interface's subnet, security groups and instance must be in the input. Checked once the
/// instances have added the interfaces only they describe.
pub(crate) fn check_references(lowering: &mut Lowering<'_>) {
    let Lowering {
        input,
        snapshot,
        sink,
    } = lowering;
    for interface in snapshot.network_interfaces.values() {
        let label = label(
            "network interface",
            interface.id.as_str(),
            interface.name.as_deref(),
        );
        if let Some(subnet) = &interface.subnet {
            sink.check_subnet(input, &label, "is in", subnet.as_str());
        }
        for group in &interface.security_groups {
            sink.check_security_group(input, &label, group.as_str());
        }
        if let Some(instance) = &interface.instance {
            sink.check_instance(input, &label, "is attached to", instance.as_str());
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lower::problems;
    use crate::model::InterfaceType;

    #[test]
    fn addresses_primary_first_and_a_bad_one_names_its_field() {
        let interfaces = r#"{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "SubnetId": "subnet-9", "VpcId": "vpc-1",
            "PrivateIpAddress": "10.0.1.5",
            "PrivateIpAddresses": [
                {"PrivateIpAddress": "10.0.1.6", "Primary": false},
                {"PrivateIpAddress": "10.0.1.5", "Primary": true, "Association": {"PublicIp": "203.0.113.5"}},
                {"PrivateIpAddress": "10.0.1.999", "Primary": false}],
            "Ipv6Addresses": [{"Ipv6Address": "2001:db8::g"}],
            "Groups": [{"GroupId": "sg-9"}]}]}"#;
        let (snapshot, problems) = problems(&[("describe-network-interfaces.json", interfaces)]);
        assert_eq!(
            problems,
            [
                "error describe-network-interfaces.json: eni-1: NetworkInterfaces[0].PrivateIpAddresses[2].PrivateIpAddress: invalid IP address \"10.0.1.999\"",
                "error describe-network-interfaces.json: eni-1: NetworkInterfaces[0].Ipv6Addresses[0]: invalid IP address \"2001:db8::g\"",
                "missing sg-9: network interface eni-1 uses security group sg-9, which is not in the input | aws ec2 describe-security-groups --group-ids sg-9",
                "missing subnet-9: network interface eni-1 is in subnet subnet-9, which is not in the input | aws ec2 describe-subnets --subnet-ids subnet-9",
            ]
        );
        let addresses = &snapshot.network_interfaces["eni-1"].private_addresses;
        let expected = [
            (
                "10.0.1.5".parse().unwrap(),
                Some("203.0.113.5".parse().unwrap()),
            ),
            ("10.0.1.6".parse().unwrap(), None),
        ];
        assert_eq!(addresses.as_slice(), expected.as_slice());
    }

    #[test]
    fn the_interface_type_is_read_once_ignoring_case_and_defaults_to_interface() {
        let interfaces = r#"{"NetworkInterfaces": [
            {"NetworkInterfaceId": "eni-1", "InterfaceType": "NAT_Gateway"},
            {"NetworkInterfaceId": "eni-2"},
            {"NetworkInterfaceId": "eni-3", "InterfaceType": "efa-express"}]}"#;
        let (snapshot, _) = problems(&[("describe-network-interfaces.json", interfaces)]);
        let interface_type = |id: &str| snapshot.network_interfaces[id].interface_type.clone();
        assert_eq!(interface_type("eni-1"), InterfaceType::NatGateway);
        assert_eq!(interface_type("eni-2"), InterfaceType::Interface);
        assert_eq!(
            interface_type("eni-3"),
            InterfaceType::Other("efa-express".to_owned())
        );
    }
}
