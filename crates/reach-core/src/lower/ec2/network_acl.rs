//! Network ACLs (`describe-network-acls`): entries sorted the way AWS evaluates them, and the
//! subnets each is associated with.

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
    for (id, Entry { value: acl, origin }) in input.network_acls.iter() {
        sink.check_vpc(input, &format!("network ACL {id}"), "is in", &acl.vpc_id);
        let mut ingress = Vec::new();
        let mut egress = Vec::new();
        for (index, entry) in acl.entries.iter().enumerate() {
            let field = format!("Entries[{index}]");
            let Ok(rule_number) = u16::try_from(entry.rule_number) else {
                sink.error(
                    origin,
                    id,
                    &format!("{field}.RuleNumber"),
                    format!("invalid rule number {}", entry.rule_number),
                );
                continue;
            };
            let Some(protocol) =
                sink.protocol(&entry.protocol, origin, id, &format!("{field}.Protocol"))
            else {
                continue;
            };
            let (text, key) = match (&entry.cidr_block, &entry.ipv6_cidr_block) {
                (Some(text), _) => (text, "CidrBlock"),
                (None, Some(text)) => (text, "Ipv6CidrBlock"),
                (None, None) => {
                    sink.error(origin, id, &field, "entry without a CIDR block".to_owned());
                    continue;
                }
            };
            let Some(cidr) = sink.cidr(text, origin, id, &format!("{field}.{key}")) else {
                continue;
            };
            let ports = match &entry.port_range {
                // Reported at the range, not at its From or To.
                Some(range) => match sink.ports(
                    range.from,
                    range.to,
                    origin,
                    id,
                    (&format!("{field}.PortRange"), &format!("{field}.PortRange")),
                ) {
                    Ok(ports) => ports,
                    Err(()) => continue,
                },
                None => None,
            };
            let icmp = match &entry.icmp_type_code {
                Some(type_code) => match sink.icmp_type_code(
                    type_code.icmp_type,
                    type_code.code,
                    origin,
                    id,
                    (
                        &format!("{field}.IcmpTypeCode.Type"),
                        &format!("{field}.IcmpTypeCode.Code"),
                    ),
                ) {
                    Ok(icmp) => Some(icmp),
                    Err(()) => continue,
                },
                None => None,
            };
            let allow = match entry.rule_action.as_str() {
                "allow" => true,
                "deny" => false,
                other => {
                    sink.error(
                        origin,
                        id,
                        &format!("{field}.RuleAction"),
                        format!("invalid rule action {other:?}: expected allow or deny"),
                    );
                    continue;
                }
            };
            let parsed = NetworkAclEntry {
                rule_number,
                protocol,
                ports,
                icmp,
                cidr,
                allow,
            };
            if entry.egress {
                egress.push(parsed)
            } else {
                ingress.push(parsed)
            }
        }
        ingress.sort_by_key(|entry| entry.rule_number);
        egress.sort_by_key(|entry| entry.rule_number);
        if acl.is_default {
            if let Some(vpc) = snapshot.vpcs.get_mut(acl.vpc_id.as_str()) {
                vpc.default_network_acl = Some(NetworkAclId::new(id));
            }
        }
        let subnets: Vec<SubnetId> = acl
            .associations
            .iter()
            .map(|a| SubnetId::new(&a.subnet_id))
            .collect();
        for subnet in &subnets {
            sink.check_subnet(
                input,
                &format!("network ACL {id}"),
                "is associated with",
                subnet.as_str(),
            );
        }
        snapshot.network_acls.insert(
            NetworkAclId::new(id),
            NetworkAcl {
                id: NetworkAclId::new(id),
                name: owned(name_tag(&acl.tags)),
                vpc: VpcId::new(&acl.vpc_id),
                is_default: acl.is_default,
                ingress,
                egress,
                subnets,
                origin: origin.clone(),
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::lower::problems;

    /// A network ACL in `vpc-1` with these entries, loaded with its VPC.
    fn acl(entries: &str) -> (crate::model::Snapshot, Vec<String>) {
        let vpcs = r#"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}"#;
        let acls = format!(
            r#"{{"NetworkAcls": [{{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "IsDefault": true, "Associations": [], "Entries": [{entries}]}}]}}"#
        );
        problems(&[
            ("describe-vpcs.json", vpcs),
            ("describe-network-acls.json", &acls),
        ])
    }

    #[test]
    fn entries_are_sorted_by_rule_number_per_direction() {
        let (snapshot, problems) = acl(
            r#"{"RuleNumber": 32767, "Protocol": "-1", "RuleAction": "deny", "Egress": false, "CidrBlock": "0.0.0.0/0"},
               {"RuleNumber": 100, "Protocol": "6", "RuleAction": "allow", "Egress": false, "CidrBlock": "0.0.0.0/0", "PortRange": {"From": 443, "To": 443}},
               {"RuleNumber": 100, "Protocol": "-1", "RuleAction": "allow", "Egress": true, "Ipv6CidrBlock": "::/0"}"#,
        );
        assert_eq!(problems, Vec::<String>::new());
        let acl = &snapshot.network_acls["acl-1"];
        let numbers: Vec<u16> = acl.ingress.iter().map(|entry| entry.rule_number).collect();
        assert_eq!(numbers, [100, 32767]);
        assert_eq!(acl.ingress[0].ports, Some((443, 443)));
        assert_eq!(acl.egress.len(), 1);
        assert_eq!(
            snapshot.vpcs["vpc-1"]
                .default_network_acl
                .as_ref()
                .map(|id| id.as_str()),
            Some("acl-1")
        );
    }

    #[test]
    fn a_bad_entry_names_file_resource_and_field_and_the_others_stay() {
        let (snapshot, problems) = acl(
            r#"{"RuleNumber": 100, "Protocol": "-1", "RuleAction": "allow", "Egress": false, "CidrBlock": "0.0.0.0/0"},
               {"RuleNumber": 70000, "Protocol": "-1", "RuleAction": "allow", "Egress": false, "CidrBlock": "0.0.0.0/0"},
               {"RuleNumber": 110, "Protocol": "-1", "RuleAction": "allow", "Egress": false, "Ipv6CidrBlock": "::/200"},
               {"RuleNumber": 120, "Protocol": "-1", "RuleAction": "allow", "Egress": false},
               {"RuleNumber": 130, "Protocol": "6", "RuleAction": "allow", "Egress": false, "CidrBlock": "0.0.0.0/0", "PortRange": {"From": 80, "To": 65536}}"#,
        );
        assert_eq!(
            problems,
            [
                "error describe-network-acls.json: acl-1: NetworkAcls[0].Entries[1].RuleNumber: invalid rule number 70000",
                "error describe-network-acls.json: acl-1: NetworkAcls[0].Entries[2].Ipv6CidrBlock: invalid CIDR \"::/200\"",
                "error describe-network-acls.json: acl-1: NetworkAcls[0].Entries[3]: entry without a CIDR block",
                "error describe-network-acls.json: acl-1: NetworkAcls[0].Entries[4].PortRange: invalid port range 80-65536",
            ]
        );
        assert_eq!(snapshot.network_acls["acl-1"].ingress.len(), 1);
    }

    #[test]
    fn icmp_entries_keep_their_type_and_code() {
        let (snapshot, problems) = acl(
            r#"{"RuleNumber": 100, "Protocol": "1", "RuleAction": "allow", "Egress": false, "CidrBlock": "10.0.0.0/16", "IcmpTypeCode": {"Type": 8, "Code": 0}},
               {"RuleNumber": 110, "Protocol": "1", "RuleAction": "allow", "Egress": false, "CidrBlock": "10.0.0.0/16", "IcmpTypeCode": {"Type": 0, "Code": -1}},
               {"RuleNumber": 120, "Protocol": "58", "RuleAction": "allow", "Egress": false, "Ipv6CidrBlock": "::/0", "IcmpTypeCode": {"Type": -1, "Code": -1}},
               {"RuleNumber": 130, "Protocol": "1", "RuleAction": "deny", "Egress": false, "CidrBlock": "0.0.0.0/0", "IcmpTypeCode": {"Type": 300, "Code": 0}}"#,
        );
        assert_eq!(
            problems,
            ["error describe-network-acls.json: acl-1: NetworkAcls[0].Entries[3].IcmpTypeCode.Type: invalid ICMP type 300: expected -1 (any) or 0-255"]
        );
        let icmp: Vec<String> = snapshot.network_acls["acl-1"]
            .ingress
            .iter()
            .map(|entry| format!("{:?}", entry.icmp.map(|icmp| (icmp.icmp_type, icmp.code))))
            .collect();
        assert_eq!(
            icmp,
            [
                "Some((Some(8), Some(0)))",
                "Some((Some(0), None))",
                "Some((None, None))"
            ]
        );
    }

    #[test]
    fn an_association_with_a_missing_subnet_is_a_diagnostic() {
        let vpcs = r#"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}"#;
        let acls = r#"{"NetworkAcls": [{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "IsDefault": true, "Entries": [],
            "Associations": [{"SubnetId": "subnet-9"}]}]}"#;
        assert_eq!(
            problems(&[("describe-vpcs.json", vpcs), ("describe-network-acls.json", acls)]).1,
            ["missing subnet-9: network ACL acl-1 is associated with subnet subnet-9, which is not in the input | aws ec2 describe-subnets --subnet-ids subnet-9"]
        );
    }
}
