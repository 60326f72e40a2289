//! Subnets (`describe-subnets`), with the route table that applies to each (its explicit
//! association, else its VPC's main table) and its network ACL.

use crate::collect::Entry;
use crate::command;
use crate::ids::*;
use crate::lower::{label, owned, Lowering};
use crate::model::*;
use reach_aws::ec2::name_tag;
use std::collections::BTreeMap;

pub(crate) fn lower(lowering: &mut Lowering<'_>) {
    let Lowering {
        input,
        snapshot,
        sink,
    } = lowering;
    let explicit_route_table: BTreeMap<&str, &RouteTableId> = snapshot
        .route_tables
        .values()
        .flat_map(|table| {
            table
                .subnets
                .iter()
                .map(move |subnet| (subnet.as_str(), &table.id))
        })
        .collect();
    let subnet_network_acl: BTreeMap<&str, &NetworkAclId> = snapshot
        .network_acls
        .values()
        .flat_map(|acl| {
            acl.subnets
                .iter()
                .map(move |subnet| (subnet.as_str(), &acl.id))
        })
        .collect();
    let mut subnets = BTreeMap::new();
    for (
        id,
        Entry {
            value: subnet,
            origin,
        },
    ) in input.subnets.iter()
    {
        sink.check_vpc(input, &format!("subnet {id}"), "is in", &subnet.vpc_id);
        let label = label("subnet", id, name_tag(&subnet.tags));
        let mut cidrs = Vec::new();
        if let Some(text) = &subnet.cidr_block {
            cidrs.extend(sink.cidr(text, origin, id, "CidrBlock"));
        }
        for (index, association) in subnet.ipv6_cidr_block_association_set.iter().enumerate() {
            if let Some(text) = &association.ipv6_cidr_block {
                cidrs.extend(sink.cidr(
                    text,
                    origin,
                    id,
                    &format!("Ipv6CidrBlockAssociationSet[{index}].Ipv6CidrBlock"),
                ));
            }
        }
        let route_table = match explicit_route_table.get(id.as_str()) {
            Some(table) => Some(((*table).clone(), RouteTableChoice::Explicit)),
            None => match snapshot
                .vpcs
                .get(subnet.vpc_id.as_str())
                .and_then(|vpc| vpc.main_route_table.clone())
            {
                Some(main) => Some((main, RouteTableChoice::Main)),
                None => {
                    sink.missing(
                        format!("main route table of {}", subnet.vpc_id),
                        format!(
                            "{label} has no explicit route table association, so the main route table of VPC {} applies, and it is not in the input",
                            subnet.vpc_id
                        ),
                        command::main_route_table(&subnet.vpc_id),
                    );
                    None
                }
            },
        };
        let network_acl = subnet_network_acl
            .get(id.as_str())
            .map(|acl| (*acl).clone());
        if network_acl.is_none() {
            sink.missing(
                format!("network ACL of {id}"),
                format!("{label}: no network ACL in the input is associated with it (every subnet has exactly one)"),
                command::network_acl_of_subnet(id),
            );
        }
        subnets.insert(
            SubnetId::new(id),
            Subnet {
                id: SubnetId::new(id),
                name: owned(name_tag(&subnet.tags)),
                vpc: VpcId::new(&subnet.vpc_id),
                cidrs,
                availability_zone: subnet.availability_zone.clone(),
                availability_zone_id: subnet.availability_zone_id.clone(),
                route_table,
                network_acl,
                owner_id: subnet.owner_id.clone(),
                origin: origin.clone(),
            },
        );
    }
    snapshot.subnets = subnets;
}
