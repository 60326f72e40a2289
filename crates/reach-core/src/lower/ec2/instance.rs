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
                        .clone()
                        .unwrap_or_else(|| "interface".to_owned()),
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
                state: instance.state.as_ref().and_then(|state| state.name.clone()),
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
