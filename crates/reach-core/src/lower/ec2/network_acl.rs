//! Network ACLs (`describe-network-acls`): entries sorted the way AWS evaluates them, and the
//! subnets each is associated with.

use crate::collect::Entry;
use crate::ids::*;
use crate::lower::{dropped_element, owned, Lowering, Sink};
use crate::model::*;
use reach_aws::ec2::name_tag;
use reach_aws::ec2::network_acl::NetworkAclEntry as RawEntry;

pub(crate) fn lower(lowering: &mut Lowering<'_>) {
    let Lowering {
        input,
        snapshot,
        sink,
    } = lowering;
    for (id, Entry { value: acl, origin }) in input.network_acls.iter() {
        sink.check_vpc(input, &format!("network ACL {id}"), "is in", &acl.vpc_id);
        // Each direction's entries with their positions in `Entries`, for messages.
        let mut ingress: Vec<(usize, NetworkAclEntry)> = Vec::new();
        let mut egress: Vec<(usize, NetworkAclEntry)> = Vec::new();
        let mut dropped = Vec::new();
        for (index, entry) in acl.entries.iter() {
            let field = format!("Entries[{index}]");
            let entry = match entry {
                Ok(entry) => entry,
                Err(bad) => {
                    let mut element = sink.dropped(origin, id, "Entries", bad);
                    element.egress = bad.known.egress;
                    element.rule_number = bad
                        .known
                        .rule_number
                        .and_then(|number| u16::try_from(number).ok());
                    dropped.push(element);
                    continue;
                }
            };
            let mark = sink.mark();
            match lower_entry(entry, &field, id, origin, sink) {
                Some(parsed) if entry.egress => egress.push((index, parsed)),
                Some(parsed) => ingress.push((index, parsed)),
                None => dropped.push(DroppedElement {
                    egress: Some(entry.egress),
                    rule_number: u16::try_from(entry.rule_number).ok(),
                    ..dropped_element(field, sink.reasons_since(mark, origin))
                }),
            }
        }
        let ingress = in_rule_order(ingress, id, origin, false, sink, &mut dropped);
        let egress = in_rule_order(egress, id, origin, true, sink, &mut dropped);
        if acl.is_default {
            if let Some(vpc) = snapshot.vpcs.get_mut(acl.vpc_id.as_str()) {
                vpc.default_network_acl = Some(NetworkAclId::new(id));
            }
        }
        let mut subnets = Vec::new();
        for (_, association) in acl.associations.iter() {
            match association {
                Ok(association) => subnets.push(SubnetId::new(&association.subnet_id)),
                Err(bad) => dropped.push(DroppedElement {
                    association: true,
                    ..sink.dropped(origin, id, "Associations", bad)
                }),
            }
        }
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
                dropped,
                origin: origin.clone(),
            },
        );
    }
}

/// One entry in the model's terms; `None` (with the error reported) when a value does not read.
fn lower_entry(
    entry: &RawEntry,
    field: &str,
    id: &str,
    origin: &Origin,
    sink: &mut Sink<'_>,
) -> Option<NetworkAclEntry> {
    let Ok(rule_number) = u16::try_from(entry.rule_number) else {
        sink.error(
            origin,
            id,
            &format!("{field}.RuleNumber"),
            format!("invalid rule number {}", entry.rule_number),
        );
        return None;
    };
    let protocol = sink.protocol(&entry.protocol, origin, id, &format!("{field}.Protocol"))?;
    let (text, key) = match (&entry.cidr_block, &entry.ipv6_cidr_block) {
        (Some(text), _) => (text, "CidrBlock"),
        (None, Some(text)) => (text, "Ipv6CidrBlock"),
        (None, None) => {
            sink.error(origin, id, field, "entry without a CIDR block".to_owned());
            return None;
        }
    };
    let cidr = sink.cidr(text, origin, id, &format!("{field}.{key}"))?;
    let ports = match &entry.port_range {
        // Reported at the range, not at its From or To.
        Some(range) => sink
            .ports(
                range.from,
                range.to,
                origin,
                id,
                (&format!("{field}.PortRange"), &format!("{field}.PortRange")),
            )
            .ok()?,
        None => None,
    };
    let icmp = match &entry.icmp_type_code {
        Some(type_code) => Some(
            sink.icmp_type_code(
                type_code.icmp_type,
                type_code.code,
                origin,
                id,
                (
                    &format!("{field}.IcmpTypeCode.Type"),
                    &format!("{field}.IcmpTypeCode.Code"),
                ),
            )
            .ok()?,
        ),
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
            return None;
        }
    };
    Some(NetworkAclEntry {
        rule_number,
        protocol,
        ports,
        icmp,
        cidr,
        allow,
    })
}

/// One direction's entries by ascending rule number, the order AWS evaluates them in. AWS
/// keeps one entry per number and direction, so two that differ mean the export is
/// inconsistent (hand-edited, or merged from two moments): the first listed is kept, the other
/// is reported and set aside as dropped, so that an answer it could decide says so.
fn in_rule_order(
    mut entries: Vec<(usize, NetworkAclEntry)>,
    id: &str,
    origin: &Origin,
    egress: bool,
    sink: &mut Sink<'_>,
    dropped: &mut Vec<DroppedElement>,
) -> Vec<NetworkAclEntry> {
    // A stable sort: among equal numbers, the first listed comes first.
    entries.sort_by_key(|(_, entry)| entry.rule_number);
    let mut kept: Vec<(usize, NetworkAclEntry)> = Vec::with_capacity(entries.len());
    for (index, entry) in entries {
        match kept.last() {
            Some((_, previous)) if previous.rule_number == entry.rule_number => {
                // The same entry listed twice says nothing new.
                if *previous == entry {
                    continue;
                }
                let (first, _) = kept.last().expect("just matched");
                let direction = if egress { "outbound" } else { "inbound" };
                let action = |allow: bool| if allow { "allow" } else { "deny" };
                sink.conflict(format!(
                    "network ACL {id} ({}) has two {direction} entries numbered {}: Entries[{first}] ({}) and Entries[{index}] ({}); AWS keeps one entry per number and direction, so the export is inconsistent: Reach uses Entries[{first}], and an answer that either could decide is unknown",
                    origin.place(),
                    entry.rule_number,
                    action(previous.allow),
                    action(entry.allow),
                ));
                dropped.push(DroppedElement {
                    egress: Some(egress),
                    rule_number: Some(entry.rule_number),
                    ..dropped_element(
                        format!("Entries[{index}]"),
                        format!(
                            "rule number {} is also Entries[{first}]'s",
                            entry.rule_number
                        ),
                    )
                });
            }
            _ => kept.push((index, entry)),
        }
    }
    kept.into_iter().map(|(_, entry)| entry).collect()
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

    /// What the model keeps of the entries left out: `path egress rule_number: reason`.
    fn dropped(snapshot: &crate::model::Snapshot) -> Vec<String> {
        snapshot.network_acls["acl-1"]
            .dropped
            .iter()
            .map(|element| {
                format!(
                    "{} {:?} {:?}{}: {}",
                    element.path,
                    element.egress,
                    element.rule_number,
                    if element.association {
                        " association"
                    } else {
                        ""
                    },
                    element.reason
                )
            })
            .collect()
    }

    /// An entry of the wrong shape costs only itself: the ACL stays, with its other entries,
    /// and the entry is reported at its path and kept as dropped with what could be read.
    #[test]
    fn an_entry_that_does_not_read_is_dropped_and_the_acl_stays() {
        let (snapshot, problems) = acl(
            r#"{"RuleNumber": 100, "Protocol": "-1", "RuleAction": "deny", "Egress": false, "CidrBlock": "0.0.0.0/0"},
               {"RuleNumber": "x", "Protocol": "-1", "RuleAction": "allow", "Egress": false, "CidrBlock": "0.0.0.0/0"},
               null,
               {"RuleNumber": 90, "Protocol": "-1", "RuleAction": "allow", "Egress": true, "CidrBlock": "0.0.0.0/0", "PortRange": {"From": "80"}},
               {"RuleNumber": 80, "Protocol": "-1", "RuleAction": "allow", "Egress": true, "CidrBlock": "10.0.0.0/33"}"#,
        );
        assert_eq!(
            problems,
            [
                "error describe-network-acls.json: acl-1: NetworkAcls[0].Entries[1].RuleNumber: invalid type: string \"x\", expected i64",
                "error describe-network-acls.json: acl-1: NetworkAcls[0].Entries[2]: invalid type: null, expected struct NetworkAclEntry",
                "error describe-network-acls.json: acl-1: NetworkAcls[0].Entries[3].PortRange.From: invalid type: string \"80\", expected i64",
                "error describe-network-acls.json: acl-1: NetworkAcls[0].Entries[4].CidrBlock: invalid CIDR \"10.0.0.0/33\"",
            ]
        );
        let acl = &snapshot.network_acls["acl-1"];
        assert_eq!(acl.ingress.len(), 1);
        assert!(!acl.ingress[0].allow);
        assert_eq!(
            dropped(&snapshot),
            [
                "Entries[1] Some(false) None: Entries[1].RuleNumber: invalid type: string \"x\", expected i64",
                "Entries[2] None None: Entries[2]: invalid type: null, expected struct NetworkAclEntry",
                "Entries[3] Some(true) Some(90): Entries[3].PortRange.From: invalid type: string \"80\", expected i64",
                "Entries[4] Some(true) Some(80): Entries[4].CidrBlock: invalid CIDR \"10.0.0.0/33\"",
            ]
        );
    }

    /// AWS keeps one entry per number and direction. Two that differ are a diagnostic; the
    /// first listed is used, the other kept as dropped so that the walk can say an answer it
    /// could decide is unknown. An exact repeat, or the same number the other way, is fine.
    #[test]
    fn two_entries_with_one_number_and_direction_are_a_conflict() {
        let (snapshot, problems) = acl(
            r#"{"RuleNumber": 100, "Protocol": "-1", "RuleAction": "allow", "Egress": false, "CidrBlock": "0.0.0.0/0"},
               {"RuleNumber": 100, "Protocol": "-1", "RuleAction": "deny", "Egress": true, "CidrBlock": "0.0.0.0/0"},
               {"RuleNumber": 100, "Protocol": "-1", "RuleAction": "allow", "Egress": false, "CidrBlock": "0.0.0.0/0"},
               {"RuleNumber": 100, "Protocol": "-1", "RuleAction": "deny", "Egress": false, "CidrBlock": "0.0.0.0/0"},
               {"RuleNumber": 101, "Protocol": "-1", "RuleAction": "deny", "Egress": false, "CidrBlock": "0.0.0.0/0"}"#,
        );
        assert_eq!(
            problems,
            ["missing -: network ACL acl-1 (describe-network-acls.json NetworkAcls[0]) has two inbound entries numbered 100: Entries[0] (allow) and Entries[3] (deny); AWS keeps one entry per number and direction, so the export is inconsistent: Reach uses Entries[0], and an answer that either could decide is unknown | -"]
        );
        let acl = &snapshot.network_acls["acl-1"];
        let inbound: Vec<(u16, bool)> = acl
            .ingress
            .iter()
            .map(|entry| (entry.rule_number, entry.allow))
            .collect();
        assert_eq!(inbound, [(100, true), (101, false)]);
        assert_eq!(acl.egress.len(), 1);
        assert_eq!(
            dropped(&snapshot),
            ["Entries[3] Some(false) Some(100): rule number 100 is also Entries[0]'s"]
        );
    }

    #[test]
    fn an_association_that_does_not_read_is_dropped() {
        let vpcs = r#"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}"#;
        let subnets = r#"{"Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24"}]}"#;
        let acls = r#"{"NetworkAcls": [{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "IsDefault": true, "Entries": [],
            "Associations": [{"SubnetId": 1}, {"SubnetId": "subnet-1"}]}]}"#;
        let (snapshot, problems) = problems(&[
            ("describe-vpcs.json", vpcs),
            ("describe-subnets.json", subnets),
            ("describe-network-acls.json", acls),
        ]);
        assert_eq!(
            problems,
            [
                "error describe-network-acls.json: acl-1: NetworkAcls[0].Associations[0].SubnetId: invalid type: integer `1`, expected a string",
                "missing main route table of vpc-1: subnet subnet-1 has no explicit route table association, so the main route table of VPC vpc-1 applies, and it is not in the input | aws ec2 describe-route-tables --filters Name=vpc-id,Values=vpc-1",
            ]
        );
        assert_eq!(
            dropped(&snapshot),
            ["Associations[0] None None association: Associations[0].SubnetId: invalid type: integer `1`, expected a string"]
        );
        assert_eq!(snapshot.network_acls["acl-1"].subnets.len(), 1);
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
