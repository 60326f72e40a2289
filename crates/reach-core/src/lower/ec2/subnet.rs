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
        // AWS creates a subnet only inside one of its VPC's blocks: one outside means the
        // export is inconsistent (the VPC's block associations cut short, or files of two
        // moments), and answers about its addresses may follow the wrong routes.
        if let Some(vpc) = snapshot.vpcs.get(subnet.vpc_id.as_str()) {
            for cidr in &cidrs {
                if !vpc.cidrs.is_empty() && !vpc.cidrs.iter().any(|block| block.contains(cidr)) {
                    let blocks: Vec<String> = vpc.cidrs.iter().map(ToString::to_string).collect();
                    sink.conflict(format!(
                        "{label} ({cidr}) is outside every CIDR block of VPC {} ({}): AWS creates a subnet only inside its VPC's blocks, so the export is inconsistent ({})",
                        vpc.id,
                        blocks.join(", "),
                        origin.place()
                    ));
                }
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

#[cfg(test)]
mod tests {
    use crate::lower::problems;
    use crate::model::RouteTableChoice;

    const VPC: (&str, &str) = (
        "describe-vpcs.json",
        r#"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}"#,
    );
    const SUBNETS: (&str, &str) = (
        "describe-subnets.json",
        r#"{"Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24"},
            {"SubnetId": "subnet-2", "VpcId": "vpc-1", "CidrBlock": "10.0.2.0/24"}]}"#,
    );
    const ACLS: (&str, &str) = (
        "describe-network-acls.json",
        r#"{"NetworkAcls": [{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "IsDefault": true, "Entries": [],
            "Associations": [{"SubnetId": "subnet-1"}, {"SubnetId": "subnet-2"}]}]}"#,
    );

    #[test]
    fn a_subnet_without_an_explicit_table_uses_its_vpcs_main_table() {
        let tables = r#"{"RouteTables": [
            {"RouteTableId": "rtb-main", "VpcId": "vpc-1", "Associations": [{"Main": true}], "Routes": []},
            {"RouteTableId": "rtb-2", "VpcId": "vpc-1", "Associations": [{"SubnetId": "subnet-2"}], "Routes": []}]}"#;
        let (snapshot, problems) =
            problems(&[VPC, SUBNETS, ACLS, ("describe-route-tables.json", tables)]);
        assert_eq!(problems, Vec::<String>::new());
        let choice = |subnet: &str| {
            let (table, choice) = snapshot.subnets[subnet].route_table.clone().unwrap();
            (table.as_str().to_owned(), choice)
        };
        assert_eq!(
            choice("subnet-1"),
            ("rtb-main".to_owned(), RouteTableChoice::Main)
        );
        assert_eq!(
            choice("subnet-2"),
            ("rtb-2".to_owned(), RouteTableChoice::Explicit)
        );
    }

    #[test]
    fn a_missing_main_table_or_network_acl_is_a_diagnostic_with_a_filtered_call() {
        let subnets = r#"{"Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/33"}]}"#;
        let (snapshot, problems) = problems(&[VPC, ("describe-subnets.json", subnets)]);
        assert_eq!(
            problems,
            [
                "error describe-subnets.json: subnet-1: Subnets[0].CidrBlock: invalid CIDR \"10.0.1.0/33\"",
                "missing main route table of vpc-1: subnet subnet-1 has no explicit route table association, so the main route table of VPC vpc-1 applies, and it is not in the input | aws ec2 describe-route-tables --filters Name=vpc-id,Values=vpc-1",
                "missing network ACL of subnet-1: subnet subnet-1: no network ACL in the input is associated with it (every subnet has exactly one) | aws ec2 describe-network-acls --filters Name=association.subnet-id,Values=subnet-1",
            ]
        );
        assert!(snapshot.subnets["subnet-1"].cidrs.is_empty());
    }

    #[test]
    fn a_subnet_outside_its_vpcs_blocks_is_a_diagnostic() {
        let vpcs = r#"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16",
            "CidrBlockAssociationSet": [{"CidrBlock": "10.0.0.0/16"}, {"CidrBlock": "10.9.0.0/16", "CidrBlockState": {"State": "disassociated"}}],
            "Ipv6CidrBlockAssociationSet": [{"Ipv6CidrBlock": "2001:db8:1::/56"}]}]}"#;
        let subnets = r#"{"Subnets": [
            {"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24",
             "Ipv6CidrBlockAssociationSet": [{"Ipv6CidrBlock": "2001:db8:1:1::/64"}]},
            {"SubnetId": "subnet-2", "VpcId": "vpc-1", "CidrBlock": "10.9.1.0/24",
             "Ipv6CidrBlockAssociationSet": [{"Ipv6CidrBlock": "2001:db8:2:1::/64"}]},
            {"SubnetId": "subnet-3", "VpcId": "vpc-1", "CidrBlock": "10.0.0.0/15"}]}"#;
        let acls = r#"{"NetworkAcls": [{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "IsDefault": true, "Entries": [],
            "Associations": [{"SubnetId": "subnet-1"}, {"SubnetId": "subnet-2"}, {"SubnetId": "subnet-3"}]}]}"#;
        let tables = r#"{"RouteTables": [{"RouteTableId": "rtb-main", "VpcId": "vpc-1", "Associations": [{"Main": true}], "Routes": []}]}"#;
        let (_, problems) = problems(&[
            ("describe-vpcs.json", vpcs),
            ("describe-subnets.json", subnets),
            ("describe-network-acls.json", acls),
            ("describe-route-tables.json", tables),
        ]);
        // The edges: inside (subnet-1), in a block no longer associated and in another IPv6
        // block (subnet-2), and larger than the block it starts in (subnet-3).
        assert_eq!(
            problems,
            [
                "missing -: subnet subnet-2 (10.9.1.0/24) is outside every CIDR block of VPC vpc-1 (10.0.0.0/16, 2001:db8:1::/56): AWS creates a subnet only inside its VPC's blocks, so the export is inconsistent (describe-subnets.json Subnets[1]) | -",
                "missing -: subnet subnet-2 (2001:db8:2:1::/64) is outside every CIDR block of VPC vpc-1 (10.0.0.0/16, 2001:db8:1::/56): AWS creates a subnet only inside its VPC's blocks, so the export is inconsistent (describe-subnets.json Subnets[1]) | -",
                "missing -: subnet subnet-3 (10.0.0.0/15) is outside every CIDR block of VPC vpc-1 (10.0.0.0/16, 2001:db8:1::/56): AWS creates a subnet only inside its VPC's blocks, so the export is inconsistent (describe-subnets.json Subnets[2]) | -",
            ]
        );
    }
}
