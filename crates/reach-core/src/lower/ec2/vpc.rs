//! VPCs (`describe-vpcs`): their CIDR blocks, primary and associated, IPv4 and IPv6.

use crate::collect::Entry;
use crate::ids::*;
use crate::lower::{association_live, owned, Lowering};
use crate::model::*;
use reach_aws::ec2::name_tag;
use std::collections::BTreeSet;

pub(crate) fn lower(lowering: &mut Lowering<'_>) {
    let Lowering {
        input,
        snapshot,
        sink,
    } = lowering;
    for (id, Entry { value: vpc, origin }) in input.vpcs.iter() {
        let mut cidrs = Vec::new();
        let mut seen = BTreeSet::new();
        let primary = vpc
            .cidr_block
            .iter()
            .map(|cidr| (cidr.as_str(), "CidrBlock".to_owned()));
        let associated = vpc
            .cidr_block_association_set
            .iter()
            .enumerate()
            .filter(|(_, association)| association_live(association.cidr_block_state.as_ref()))
            .map(|(index, association)| {
                (
                    association.cidr_block.as_str(),
                    format!("CidrBlockAssociationSet[{index}].CidrBlock"),
                )
            });
        let ipv6 = vpc
            .ipv6_cidr_block_association_set
            .iter()
            .enumerate()
            .filter(|(_, association)| association_live(association.ipv6_cidr_block_state.as_ref()))
            .filter_map(|(index, association)| {
                association.ipv6_cidr_block.as_deref().map(|cidr| {
                    (
                        cidr,
                        format!("Ipv6CidrBlockAssociationSet[{index}].Ipv6CidrBlock"),
                    )
                })
            });
        for (text, field) in primary.chain(associated).chain(ipv6) {
            if let Some(cidr) = sink.cidr(text, origin, id, &field) {
                if seen.insert(cidr) {
                    cidrs.push(cidr);
                }
            }
        }
        snapshot.vpcs.insert(
            VpcId::new(id),
            Vpc {
                id: VpcId::new(id),
                name: owned(name_tag(&vpc.tags)),
                owner_id: vpc.owner_id.clone(),
                cidrs,
                is_default: vpc.is_default.unwrap_or(false),
                main_route_table: None,
                default_network_acl: None,
                origin: origin.clone(),
            },
        );
    }
}
