//! Network interfaces (`describe-network-interfaces`): addresses, security groups, the
//! instance they are attached to.

use crate::collect::Entry;
use crate::ids::*;
use crate::lower::{label, owned, Lowering};
use crate::model::*;
use reach_aws::ec2::name_tag;
use std::collections::BTreeMap;
use std::net::IpAddr;

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
    // AWS gives a private address to one interface of a VPC at a time; two holding one mean
    // the export is inconsistent (an interface deleted and its address reused between two
    // exports). VPCs may overlap, so only holders in one VPC are compared.
    let mut holders: BTreeMap<(&VpcId, IpAddr), Vec<&NetworkInterfaceId>> = BTreeMap::new();
    for interface in snapshot.network_interfaces.values() {
        let vpc = interface.vpc.as_ref().or_else(|| {
            let subnet = interface.subnet.as_ref()?;
            snapshot.subnets.get(subnet).map(|subnet| &subnet.vpc)
        });
        let Some(vpc) = vpc else { continue };
        let addresses = interface
            .private_addresses
            .iter()
            .map(|(private, _)| *private);
        for address in addresses.chain(interface.ipv6_addresses.iter().copied()) {
            let ids = holders.entry((vpc, address)).or_default();
            if !ids.contains(&&interface.id) {
                ids.push(&interface.id);
            }
        }
    }
    for ((vpc, address), ids) in holders {
        if ids.len() < 2 {
            continue;
        }
        let names: Vec<&str> = ids.iter().map(|id| id.as_str()).collect();
        let taken = snapshot
            .interface_holding(address)
            .map(|interface| interface.id.to_string())
            .unwrap_or_default();
        sink.conflict(format!(
            "network interfaces {} in VPC {vpc} all have the address {address}: AWS gives an address to one interface at a time, so the export is inconsistent; Reach takes {address} for {taken}",
            names.join(", ")
        ));
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

    #[test]
    fn two_interfaces_of_one_vpc_with_one_address_is_a_diagnostic() {
        let interfaces = r#"{"NetworkInterfaces": [
            {"NetworkInterfaceId": "eni-1", "VpcId": "vpc-1", "PrivateIpAddress": "10.0.1.5", "Ipv6Addresses": [{"Ipv6Address": "2001:db8::5"}]},
            {"NetworkInterfaceId": "eni-2", "VpcId": "vpc-1", "PrivateIpAddress": "10.0.1.5", "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.1.5"}]},
            {"NetworkInterfaceId": "eni-3", "VpcId": "vpc-1", "PrivateIpAddress": "10.0.1.6", "Ipv6Addresses": [{"Ipv6Address": "2001:db8::5"}]},
            {"NetworkInterfaceId": "eni-4", "VpcId": "vpc-2", "PrivateIpAddress": "10.0.1.6"}]}"#;
        let (_, problems) = problems(&[("describe-network-interfaces.json", interfaces)]);
        // eni-4 is in another VPC, which may use the same range.
        assert_eq!(
            problems,
            [
                "missing -: network interfaces eni-1, eni-2 in VPC vpc-1 all have the address 10.0.1.5: AWS gives an address to one interface at a time, so the export is inconsistent; Reach takes 10.0.1.5 for eni-1 | -",
                "missing -: network interfaces eni-1, eni-3 in VPC vpc-1 all have the address 2001:db8::5: AWS gives an address to one interface at a time, so the export is inconsistent; Reach takes 2001:db8::5 for eni-1 | -",
            ]
        );
    }
}
