//! Security groups (`describe-security-groups`), one model rule per peer, each with the `sgr-`
//! id `describe-security-group-rules` gives it; groups seen only through
//! `describe-security-group-rules` are built from their rules.

use crate::collect::{Collected, Entry};
use crate::command;
use crate::ids::*;
use crate::lower::{dropped_element, Lowering, Sink};
use crate::model::*;
use reach_aws::ec2::security_group::IpPermission;
use reach_aws::Elements;
use std::collections::BTreeMap;

pub(crate) fn lower(lowering: &mut Lowering<'_>) {
    let Lowering {
        input,
        snapshot,
        sink,
    } = lowering;
    let rule_ids = security_group_rule_ids(input);
    for (
        id,
        Entry {
            value: group,
            origin,
        },
    ) in input.security_groups.iter()
    {
        if let Some(vpc) = &group.vpc_id {
            sink.check_vpc(input, &format!("security group {id}"), "is in", vpc);
        }
        let mut dropped = Vec::new();
        let mut rules = |permissions: &Elements<IpPermission>, list: &str, egress: bool| {
            let mut rules = Vec::new();
            for (index, permission) in permissions.iter() {
                let permission = match permission {
                    Ok(permission) => permission,
                    Err(bad) => {
                        dropped.push(DroppedElement {
                            egress: Some(egress),
                            ..sink.dropped(origin, id, list, bad)
                        });
                        continue;
                    }
                };
                let field = format!("{list}[{index}]");
                let place = Place {
                    group: id,
                    egress,
                    origin,
                    field: &field,
                };
                rules.extend(permission_rules(
                    permission,
                    &place,
                    &rule_ids,
                    sink,
                    &mut dropped,
                ));
            }
            rules
        };
        let ingress = rules(&group.ip_permissions, "IpPermissions", false);
        let egress = rules(&group.ip_permissions_egress, "IpPermissionsEgress", true);
        snapshot.security_groups.insert(
            SecurityGroupId::new(id),
            SecurityGroup {
                id: SecurityGroupId::new(id),
                group_name: group.group_name.clone(),
                vpc: group.vpc_id.as_deref().map(VpcId::new),
                owner_id: group.owner_id.clone(),
                ingress,
                egress,
                dropped,
                origin: origin.clone(),
            },
        );
    }
    for (
        rule_id,
        Entry {
            value: rule,
            origin,
        },
    ) in input.security_group_rules.iter()
    {
        if input.security_groups.contains(&rule.group_id) {
            continue;
        }
        let Some(protocol) = sink.protocol(&rule.ip_protocol, origin, rule_id, "IpProtocol") else {
            continue;
        };
        let Ok((ports, icmp)) = rule_match(
            sink,
            protocol,
            (rule.from_port, rule.to_port),
            origin,
            rule_id,
            ("FromPort", "ToPort"),
        ) else {
            continue;
        };
        let cidr = match (&rule.cidr_ipv4, &rule.cidr_ipv6) {
            (Some(text), _) => Some((text, "CidrIpv4")),
            (None, Some(text)) => Some((text, "CidrIpv6")),
            (None, None) => None,
        };
        let peer = if let Some((text, field)) = cidr {
            match sink.cidr(text, origin, rule_id, field) {
                Some(cidr) => SecurityGroupPeer::Cidr(cidr),
                None => continue,
            }
        } else if let Some(prefix_list) = &rule.prefix_list_id {
            SecurityGroupPeer::PrefixList(PrefixListId::new(prefix_list))
        } else if let Some(group) = rule
            .referenced_group_info
            .as_ref()
            .and_then(|info| info.group_id.clone())
        {
            let info = rule.referenced_group_info.clone().unwrap_or_default();
            SecurityGroupPeer::SecurityGroup {
                group: SecurityGroupId::new(group),
                user_id: info.user_id,
                vpc_peering_connection: info
                    .vpc_peering_connection_id
                    .map(VpcPeeringConnectionId::new),
            }
        } else {
            sink.error(
                origin,
                rule_id,
                "",
                "security group rule without a CIDR, prefix list or referenced group".to_owned(),
            );
            continue;
        };
        let group = snapshot
            .security_groups
            .entry(SecurityGroupId::new(&rule.group_id))
            .or_insert_with(|| SecurityGroup {
                id: SecurityGroupId::new(&rule.group_id),
                group_name: None,
                vpc: None,
                owner_id: rule.group_owner_id.clone(),
                ingress: Vec::new(),
                egress: Vec::new(),
                dropped: Vec::new(),
                origin: origin.clone(),
            });
        let parsed = SecurityGroupRule {
            rule_id: Some(rule_id.clone()),
            protocol,
            ports,
            icmp,
            peer,
            description: rule.description.clone(),
        };
        if rule.is_egress {
            group.egress.push(parsed)
        } else {
            group.ingress.push(parsed)
        }
    }
}

/// The groups and prefix lists rules refer to must be in the input. Checked once every group
/// is lowered, since a rule may refer to any of them.
pub(crate) fn check_references(lowering: &mut Lowering<'_>) {
    let Lowering {
        input,
        snapshot,
        sink,
    } = lowering;
    for group in snapshot.security_groups.values() {
        for rule in group.ingress.iter().chain(&group.egress) {
            match &rule.peer {
                SecurityGroupPeer::SecurityGroup {
                    group: referenced,
                    user_id,
                    ..
                } => {
                    if !snapshot.security_groups.contains_key(referenced) {
                        let account = match user_id {
                            Some(account) if Some(account) != group.owner_id.as_ref() => {
                                format!(" (account {account})")
                            }
                            _ => String::new(),
                        };
                        sink.missing(
                            referenced.as_str(),
                            format!("security group {} has a rule that refers to security group {referenced}{account}, which is not in the input", group.id),
                            command::security_group(referenced.as_str()),
                        );
                    }
                }
                SecurityGroupPeer::PrefixList(prefix_list) => sink.check_prefix_list(
                    input,
                    &format!("security group {}", group.id),
                    "has a rule that refers to",
                    prefix_list.as_str(),
                ),
                SecurityGroupPeer::Cidr(_) => {}
            }
        }
    }
}

/// `sgr-` ids of rules, by what they say, so that rules read from `describe-security-groups`
/// can carry the id `describe-security-group-rules` gives them.
type RuleKey = (String, bool, String, Option<i64>, Option<i64>, String);

/// `describe-security-group-rules` prints `-1` where `IpPermissions` leaves the port out.
fn no_port(port: Option<i64>) -> Option<i64> {
    port.filter(|port| *port != -1)
}

fn security_group_rule_ids(c: &Collected) -> BTreeMap<RuleKey, String> {
    c.security_group_rules
        .iter()
        .map(|(id, Entry { value: rule, .. })| {
            let peer = rule
                .cidr_ipv4
                .clone()
                .or_else(|| rule.cidr_ipv6.clone())
                .or_else(|| rule.prefix_list_id.clone())
                .or_else(|| {
                    rule.referenced_group_info
                        .as_ref()
                        .and_then(|info| info.group_id.clone())
                })
                .unwrap_or_default();
            (
                (
                    rule.group_id.clone(),
                    rule.is_egress,
                    rule.ip_protocol.clone(),
                    no_port(rule.from_port),
                    no_port(rule.to_port),
                    peer,
                ),
                id.clone(),
            )
        })
        .collect()
}

/// A rule's port range and ICMP type and code, as [`rule_match`] reads them.
type RuleMatch = (Option<(u16, u16)>, Option<IcmpTypeCode>);

/// What a rule's `FromPort` and `ToPort` mean for its protocol: a port range for TCP and UDP
/// (and other protocols with ports); for ICMP and ICMPv6 the type and the code, each `-1` for
/// any, so the ping rule `FromPort: 8, ToPort: 0` is type 8 code 0, not a backward range
/// (Amazon EC2 API Reference, `IpPermission`); nothing for all protocols.
fn rule_match(
    sink: &mut Sink<'_>,
    protocol: Protocol,
    (from, to): (Option<i64>, Option<i64>),
    origin: &Origin,
    resource: &str,
    fields: (&str, &str),
) -> Result<RuleMatch, ()> {
    match protocol {
        Protocol::Number(number) if crate::space::icmp::is_icmp(number) => {
            let icmp = sink.icmp_type_code(from, to, origin, resource, fields)?;
            Ok((None, Some(icmp)))
        }
        Protocol::Number(_) => Ok((sink.ports(from, to, origin, resource, fields)?, None)),
        // Still read, so that a bad value is reported, but all protocols have no port range.
        Protocol::All => sink
            .ports(from, to, origin, resource, fields)
            .map(|_| (None, None)),
    }
}

/// Where a permission is: its group, direction, resource and JSON path.
struct Place<'a> {
    group: &'a str,
    egress: bool,
    origin: &'a Origin,
    field: &'a str,
}

/// One `IpPermission` holds several peers; the model has one rule per peer, as AWS's
/// `describe-security-group-rules` does. What does not read is reported and added to `dropped`:
/// the whole permission when its protocol or ports do not read, else the one peer.
fn permission_rules(
    permission: &IpPermission,
    place: &Place<'_>,
    rule_ids: &BTreeMap<RuleKey, String>,
    sink: &mut Sink<'_>,
    dropped: &mut Vec<DroppedElement>,
) -> Vec<SecurityGroupRule> {
    let Place {
        group,
        egress,
        origin,
        field,
    } = *place;
    let mut set_aside = |sink: &Sink<'_>, path: String, mark: usize| {
        dropped.push(DroppedElement {
            egress: Some(egress),
            ..dropped_element(path, sink.reasons_since(mark, origin))
        })
    };
    let mark = sink.mark();
    let Some(protocol) = sink.protocol(
        &permission.ip_protocol,
        origin,
        group,
        &format!("{field}.IpProtocol"),
    ) else {
        set_aside(sink, field.to_owned(), mark);
        return Vec::new();
    };
    let Ok((ports, icmp)) = rule_match(
        sink,
        protocol,
        (permission.from_port, permission.to_port),
        origin,
        group,
        (&format!("{field}.FromPort"), &format!("{field}.ToPort")),
    ) else {
        set_aside(sink, field.to_owned(), mark);
        return Vec::new();
    };
    let key = |peer: &str| {
        (
            group.to_owned(),
            egress,
            permission.ip_protocol.clone(),
            no_port(permission.from_port),
            no_port(permission.to_port),
            peer.to_owned(),
        )
    };
    let mut rules = Vec::new();
    let mut push = |peer: SecurityGroupPeer, peer_text: &str, description: &Option<String>| {
        rules.push(SecurityGroupRule {
            rule_id: rule_ids.get(&key(peer_text)).cloned(),
            protocol,
            ports,
            icmp,
            peer,
            description: description.clone(),
        });
    };
    for (index, range) in permission.ip_ranges.iter().enumerate() {
        let mark = sink.mark();
        let path = format!("{field}.IpRanges[{index}]");
        match sink.cidr(&range.cidr_ip, origin, group, &format!("{path}.CidrIp")) {
            Some(cidr) => push(
                SecurityGroupPeer::Cidr(cidr),
                &range.cidr_ip,
                &range.description,
            ),
            None => set_aside(sink, path, mark),
        }
    }
    for (index, range) in permission.ipv6_ranges.iter().enumerate() {
        let mark = sink.mark();
        let path = format!("{field}.Ipv6Ranges[{index}]");
        match sink.cidr(&range.cidr_ipv6, origin, group, &format!("{path}.CidrIpv6")) {
            Some(cidr) => push(
                SecurityGroupPeer::Cidr(cidr),
                &range.cidr_ipv6,
                &range.description,
            ),
            None => set_aside(sink, path, mark),
        }
    }
    for entry in &permission.prefix_list_ids {
        push(
            SecurityGroupPeer::PrefixList(PrefixListId::new(&entry.prefix_list_id)),
            &entry.prefix_list_id,
            &entry.description,
        );
    }
    for (index, pair) in permission.user_id_group_pairs.iter().enumerate() {
        let path = format!("{field}.UserIdGroupPairs[{index}]");
        let Some(referenced) = &pair.group_id else {
            let mark = sink.mark();
            sink.error(
                origin,
                group,
                &path,
                "group pair without a GroupId".to_owned(),
            );
            set_aside(sink, path, mark);
            continue;
        };
        push(
            SecurityGroupPeer::SecurityGroup {
                group: SecurityGroupId::new(referenced),
                user_id: pair.user_id.clone(),
                vpc_peering_connection: pair
                    .vpc_peering_connection_id
                    .as_deref()
                    .map(VpcPeeringConnectionId::new),
            },
            referenced,
            &pair.description,
        );
    }
    rules
}

#[cfg(test)]
mod tests {
    use crate::lower::{check, problems};
    use crate::model::{IcmpTypeCode, Protocol};

    /// Each inbound rule of `sg-1` as (protocol, ports, ICMP type and code), with the problems.
    fn ingress(files: &[(&str, &str)]) -> (Vec<String>, Vec<String>) {
        let (snapshot, problems) = problems(files);
        let rules = snapshot
            .security_groups
            .get("sg-1")
            .map(|group| {
                group
                    .ingress
                    .iter()
                    .map(|rule| format!("{:?} {:?} {:?}", rule.protocol, rule.ports, rule.icmp))
                    .collect()
            })
            .unwrap_or_default();
        (rules, problems)
    }

    /// `FromPort` and `ToPort` of ICMP rules are a type and a code, not a range: the ping rule
    /// (type 8, code 0) lowers from both exports, with `-1` for any.
    #[test]
    fn the_ping_rule_is_a_type_and_a_code() {
        let groups = r#"{"SecurityGroups": [{"GroupId": "sg-1", "VpcId": "vpc-1",
            "IpPermissions": [
                {"IpProtocol": "icmp", "FromPort": 8, "ToPort": 0, "IpRanges": [{"CidrIp": "10.0.0.0/16"}]},
                {"IpProtocol": "icmp", "FromPort": 8, "ToPort": -1, "IpRanges": [{"CidrIp": "10.0.0.0/16"}]},
                {"IpProtocol": "icmp", "FromPort": -1, "ToPort": -1, "IpRanges": [{"CidrIp": "10.0.0.0/16"}]},
                {"IpProtocol": "icmpv6", "FromPort": 128, "ToPort": 0, "Ipv6Ranges": [{"CidrIpv6": "::/0"}]},
                {"IpProtocol": "icmp", "FromPort": 8, "ToPort": 256, "IpRanges": [{"CidrIp": "10.0.0.0/16"}]}
            ],
            "IpPermissionsEgress": []}]}"#;
        let vpcs = r#"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}"#;
        let (rules, problems) = ingress(&[
            ("describe-vpcs.json", vpcs),
            ("describe-security-groups.json", groups),
        ]);
        let icmp = |icmp_type, code| {
            format!(
                "{:?} None {:?}",
                Protocol::Number(1),
                Some(IcmpTypeCode { icmp_type, code })
            )
        };
        assert_eq!(
            rules,
            [
                icmp(Some(8), Some(0)),
                icmp(Some(8), None),
                icmp(None, None),
                format!(
                    "{:?} None {:?}",
                    Protocol::Number(58),
                    Some(IcmpTypeCode {
                        icmp_type: Some(128),
                        code: Some(0)
                    })
                ),
            ]
        );
        assert_eq!(
            problems,
            ["error describe-security-groups.json: sg-1: SecurityGroups[0].IpPermissions[4].ToPort: invalid ICMP code 256: expected -1 (any) or 0-255"]
        );

        let rules_export = r#"{"SecurityGroupRules": [
            {"SecurityGroupRuleId": "sgr-0", "GroupId": "sg-1", "IsEgress": false, "IpProtocol": "icmp", "FromPort": 8, "ToPort": 0, "CidrIpv4": "10.0.0.0/16"},
            {"SecurityGroupRuleId": "sgr-1", "GroupId": "sg-1", "IsEgress": false, "IpProtocol": "icmp", "FromPort": -1, "ToPort": -1, "CidrIpv4": "10.0.0.0/16"},
            {"SecurityGroupRuleId": "sgr-2", "GroupId": "sg-1", "IsEgress": false, "IpProtocol": "icmp", "FromPort": 300, "ToPort": 0, "CidrIpv4": "10.0.0.0/16"}
        ]}"#;
        let (rules, problems) = ingress(&[("describe-security-group-rules.json", rules_export)]);
        assert_eq!(rules, [icmp(Some(8), Some(0)), icmp(None, None)]);
        assert_eq!(
            problems,
            ["error describe-security-group-rules.json: sgr-2: SecurityGroupRules[2].FromPort: invalid ICMP type 300: expected -1 (any) or 0-255"]
        );
    }

    /// Both exports of the same ping rule: the group's rule carries the `sgr-` id.
    #[test]
    fn the_ping_rule_finds_its_rule_id() {
        let groups = r#"{"SecurityGroups": [{"GroupId": "sg-1", "VpcId": "vpc-1",
            "IpPermissions": [{"IpProtocol": "icmp", "FromPort": 8, "ToPort": 0, "IpRanges": [{"CidrIp": "10.0.0.0/16"}]}],
            "IpPermissionsEgress": []}]}"#;
        let rules = r#"{"SecurityGroupRules": [
            {"SecurityGroupRuleId": "sgr-ping", "GroupId": "sg-1", "IsEgress": false, "IpProtocol": "icmp", "FromPort": 8, "ToPort": 0, "CidrIpv4": "10.0.0.0/16"}]}"#;
        let vpcs = r#"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}"#;
        let (snapshot, problems) = problems(&[
            ("describe-vpcs.json", vpcs),
            ("describe-security-groups.json", groups),
            ("describe-security-group-rules.json", rules),
        ]);
        assert_eq!(problems, Vec::<String>::new());
        let ids: Vec<Option<&str>> = snapshot.security_groups["sg-1"]
            .ingress
            .iter()
            .map(|rule| rule.rule_id.as_deref())
            .collect();
        assert_eq!(ids, [Some("sgr-ping")]);
    }

    #[test]
    fn bad_values_in_security_group_rules_name_their_own_field() {
        let rules = r#"{"SecurityGroupRules": [
            {"SecurityGroupRuleId": "sgr-0", "GroupId": "sg-1", "IsEgress": false, "IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "CidrIpv4": "10.0.0.0/33"},
            {"SecurityGroupRuleId": "sgr-1", "GroupId": "sg-1", "IsEgress": false, "IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "CidrIpv6": "2001:db8::/129"},
            {"SecurityGroupRuleId": "sgr-2", "GroupId": "sg-1", "IsEgress": false, "IpProtocol": "tcp", "FromPort": 80, "ToPort": 70000, "CidrIpv4": "10.0.0.0/8"},
            {"SecurityGroupRuleId": "sgr-3", "GroupId": "sg-1", "IsEgress": false, "IpProtocol": "tcp", "FromPort": 70000, "ToPort": 80, "CidrIpv4": "10.0.0.0/8"},
            {"SecurityGroupRuleId": "sgr-4", "GroupId": "sg-1", "IsEgress": false, "IpProtocol": "tcp", "FromPort": 90, "ToPort": 80, "CidrIpv4": "10.0.0.0/8"},
            {"SecurityGroupRuleId": "sgr-5", "GroupId": "sg-1", "IsEgress": false, "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIpv6": "2001:db8::/64"}
        ]}"#;
        check(
            &[("describe-security-group-rules.json", rules)],
            &[
                "error describe-security-group-rules.json: sgr-0: SecurityGroupRules[0].CidrIpv4: invalid CIDR \"10.0.0.0/33\"",
                "error describe-security-group-rules.json: sgr-1: SecurityGroupRules[1].CidrIpv6: invalid CIDR \"2001:db8::/129\"",
                "error describe-security-group-rules.json: sgr-2: SecurityGroupRules[2].ToPort: invalid port range 80-70000",
                "error describe-security-group-rules.json: sgr-3: SecurityGroupRules[3].FromPort: invalid port range 70000-80",
                "error describe-security-group-rules.json: sgr-4: SecurityGroupRules[4].FromPort: invalid port range 90-80",
            ],
        );
    }

    #[test]
    fn bad_values_in_ip_permissions_name_their_own_field() {
        let groups = r#"{"SecurityGroups": [{"GroupId": "sg-1", "VpcId": "vpc-1",
            "IpPermissions": [
                {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 65536, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]},
                {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "Ipv6Ranges": [{"CidrIpv6": "::/0"}, {"CidrIpv6": "2001:db8::/200"}]}
            ],
            "IpPermissionsEgress": [{"IpProtocol": "-1", "UserIdGroupPairs": [{"UserId": "111122223333"}]}]}]}"#;
        let vpcs = r#"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}"#;
        check(
            &[("describe-vpcs.json", vpcs), ("describe-security-groups.json", groups)],
            &[
                "error describe-security-groups.json: sg-1: SecurityGroups[0].IpPermissions[0].ToPort: invalid port range 22-65536",
                "error describe-security-groups.json: sg-1: SecurityGroups[0].IpPermissions[1].Ipv6Ranges[1].CidrIpv6: invalid CIDR \"2001:db8::/200\"",
                "error describe-security-groups.json: sg-1: SecurityGroups[0].IpPermissionsEgress[0].UserIdGroupPairs[0]: group pair without a GroupId",
            ],
        );
    }

    /// A permission of the wrong shape costs only itself, and the model keeps what was left
    /// out (whole permissions or single peers) with its direction.
    #[test]
    fn a_permission_that_does_not_read_is_dropped_and_the_group_stays() {
        let groups = r#"{"SecurityGroups": [{"GroupId": "sg-1", "VpcId": "vpc-1",
            "IpPermissions": [
                {"IpProtocol": "tcp", "FromPort": "80", "ToPort": 80},
                {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "10.0.0.0/8"}, {"CidrIp": "10.0.0.0/99"}]}
            ],
            "IpPermissionsEgress": [null, {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}]}"#;
        let vpcs = r#"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}"#;
        let (snapshot, problems) = crate::lower::problems(&[
            ("describe-vpcs.json", vpcs),
            ("describe-security-groups.json", groups),
        ]);
        assert_eq!(
            problems,
            [
                "error describe-security-groups.json: sg-1: SecurityGroups[0].IpPermissions[0].FromPort: invalid type: string \"80\", expected i64",
                "error describe-security-groups.json: sg-1: SecurityGroups[0].IpPermissions[1].IpRanges[1].CidrIp: invalid CIDR \"10.0.0.0/99\"",
                "error describe-security-groups.json: sg-1: SecurityGroups[0].IpPermissionsEgress[0]: invalid type: null, expected struct IpPermission",
            ]
        );
        let group = &snapshot.security_groups["sg-1"];
        assert_eq!((group.ingress.len(), group.egress.len()), (1, 1));
        let dropped: Vec<String> = group
            .dropped
            .iter()
            .map(|element| format!("{} {:?}", element.path, element.egress))
            .collect();
        assert_eq!(
            dropped,
            [
                "IpPermissions[0] Some(false)",
                "IpPermissions[1].IpRanges[1] Some(false)",
                "IpPermissionsEgress[0] Some(true)",
            ]
        );
    }
}
