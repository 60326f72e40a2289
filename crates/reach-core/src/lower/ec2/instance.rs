//! EC2 instances (`describe-instances`), with their interfaces in device order. An interface
//! `describe-network-interfaces` did not export is built from the instance's view of it.

use crate::collect::Entry;
use crate::ids::*;
use crate::lower::{owned, Lowering};
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
            value: (instance, reservation_owner),
            origin,
        },
    ) in input.instances.iter()
    {
        let mut attached: Vec<(i64, NetworkInterfaceId)> = Vec::new();
        for (index, view) in instance.network_interfaces.iter().enumerate() {
            let device_index = view
                .attachment
                .as_ref()
                .and_then(|a| a.device_index)
                .unwrap_or(i64::MAX);
            attached.push((
                device_index,
                NetworkInterfaceId::new(&view.network_interface_id),
            ));
            if snapshot
                .network_interfaces
                .contains_key(view.network_interface_id.as_str())
            {
                continue;
            }
            let interface_origin = Origin {
                path: origin.field_path(&format!("NetworkInterfaces[{index}]")),
                ..origin.clone()
            };
            let private_addresses = sink.interface_addresses(
                view.private_ip_address.as_deref(),
                &view.private_ip_addresses,
                view.association.as_ref(),
                &interface_origin,
                &view.network_interface_id,
            );
            let interface_id = NetworkInterfaceId::new(&view.network_interface_id);
            snapshot.network_interfaces.insert(
                interface_id.clone(),
                NetworkInterface {
                    id: interface_id,
                    description: None,
                    name: None,
                    subnet: view.subnet_id.as_deref().map(SubnetId::new),
                    vpc: view.vpc_id.as_deref().map(VpcId::new),
                    availability_zone: instance
                        .placement
                        .as_ref()
                        .and_then(|p| p.availability_zone.clone()),
                    interface_type: view
                        .interface_type
                        .as_deref()
                        .map_or(InterfaceType::Interface, InterfaceType::parse),
                    private_addresses,
                    ipv6_addresses: view
                        .ipv6_addresses
                        .iter()
                        .filter_map(|a| a.ipv6_address.parse().ok())
                        .collect(),
                    security_groups: view
                        .groups
                        .iter()
                        .map(|group| SecurityGroupId::new(&group.group_id))
                        .collect(),
                    source_dest_check: view.source_dest_check.unwrap_or(true),
                    instance: Some(InstanceId::new(id)),
                    requester_managed: false,
                    owner_id: view.owner_id.clone(),
                    origin: interface_origin,
                },
            );
        }
        attached.sort();
        for group in &instance.security_groups {
            sink.check_security_group(input, &format!("instance {id}"), &group.group_id);
        }
        snapshot.instances.insert(
            InstanceId::new(id),
            Instance {
                id: InstanceId::new(id),
                name: owned(name_tag(&instance.tags)),
                state: instance
                    .state
                    .as_ref()
                    .and_then(|state| state.name.as_deref())
                    .map(InstanceState::parse),
                subnet: instance.subnet_id.as_deref().map(SubnetId::new),
                vpc: instance.vpc_id.as_deref().map(VpcId::new),
                network_interfaces: attached
                    .into_iter()
                    .map(|(_, interface)| interface)
                    .collect(),
                owner_id: reservation_owner.clone(),
                origin: origin.clone(),
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::lower::problems;

    #[test]
    fn an_interface_only_the_instance_describes_is_built_from_its_view() {
        let reservations = r#"{"Reservations": [{"OwnerId": "111122223333", "Instances": [{"InstanceId": "i-1",
            "SubnetId": "subnet-1", "VpcId": "vpc-1", "Placement": {"AvailabilityZone": "us-east-1a"},
            "SecurityGroups": [{"GroupId": "sg-1"}],
            "NetworkInterfaces": [
                {"NetworkInterfaceId": "eni-2", "SubnetId": "subnet-1", "Attachment": {"DeviceIndex": 1},
                 "PrivateIpAddress": "10.0.1.7", "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.1.7", "Primary": true}]},
                {"NetworkInterfaceId": "eni-1", "SubnetId": "subnet-1", "Attachment": {"DeviceIndex": 0},
                 "PrivateIpAddress": "10.0.1.5", "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.1.x", "Primary": true}]}]}]}]}"#;
        let (snapshot, problems) = problems(&[("describe-instances.json", reservations)]);
        assert_eq!(
            problems,
            [
                "error describe-instances.json: eni-1: Reservations[0].Instances[0].NetworkInterfaces[1].PrivateIpAddresses[0].PrivateIpAddress: invalid IP address \"10.0.1.x\"",
                "missing sg-1: instance i-1 uses security group sg-1, which is not in the input | aws ec2 describe-security-groups --group-ids sg-1",
                "missing subnet-1: network interface eni-1 is in subnet subnet-1, which is not in the input (and 1 other reference) | aws ec2 describe-subnets --subnet-ids subnet-1",
            ]
        );
        let instance = &snapshot.instances["i-1"];
        let interfaces: Vec<&str> = instance
            .network_interfaces
            .iter()
            .map(|id| id.as_str())
            .collect();
        // In device order, whatever order the instance lists them in.
        assert_eq!(interfaces, ["eni-1", "eni-2"]);
        assert_eq!(instance.owner_id.as_deref(), Some("111122223333"));
        let interface = &snapshot.network_interfaces["eni-1"];
        assert_eq!(interface.availability_zone.as_deref(), Some("us-east-1a"));
        assert_eq!(
            interface.instance.as_ref().map(|id| id.as_str()),
            Some("i-1")
        );
    }
}
