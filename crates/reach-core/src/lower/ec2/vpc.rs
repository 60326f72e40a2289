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

#[cfg(test)]
mod tests {
    use crate::lower::problems;

    #[test]
    fn cidrs_primary_then_associated_once_each_without_those_removed() {
        let vpcs = r#"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16",
            "CidrBlockAssociationSet": [
                {"CidrBlock": "10.0.0.0/16", "CidrBlockState": {"State": "associated"}},
                {"CidrBlock": "10.1.0.0/16", "CidrBlockState": {"State": "disassociated"}},
                {"CidrBlock": "10.2.0.0/33", "CidrBlockState": {"State": "associated"}}],
            "Ipv6CidrBlockAssociationSet": [{"Ipv6CidrBlock": "2001:db8::/56", "Ipv6CidrBlockState": {"State": "associated"}}]}]}"#;
        let (snapshot, problems) = problems(&[("describe-vpcs.json", vpcs)]);
        assert_eq!(
            problems,
            ["error describe-vpcs.json: vpc-1: Vpcs[0].CidrBlockAssociationSet[2].CidrBlock: invalid CIDR \"10.2.0.0/33\""]
        );
        let cidrs: Vec<String> = snapshot.vpcs["vpc-1"]
            .cidrs
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(cidrs, ["10.0.0.0/16", "2001:db8::/56"]);
    }
}
