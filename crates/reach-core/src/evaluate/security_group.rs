//! Security groups: the union of every rule of every group of an interface allows; nothing
//! else passes. Stateful: a reply to an allowed request is always allowed, so the walk checks
//! them in the request's direction only.

use super::{prefix_list_cidrs, rule_cubes, Direction};
use crate::ids::SecurityGroupId;
use crate::model::{SecurityGroupPeer, SecurityGroupRule, Snapshot};
use crate::space::Space;
use ipnet::IpNet;
use std::net::IpAddr;

/// What a set of security groups does to a space.
#[derive(Clone, Debug)]
pub struct Evaluation<'a> {
    /// The packets some rule allows.
    pub allowed: Space,
    /// The packets no rule allows.
    pub denied: Space,
    /// Each rule that matched some packet, with its group and the packets it matched.
    pub matches: Vec<(&'a SecurityGroupId, &'a SecurityGroupRule, Space)>,
    /// Rules Reach could not evaluate fully (a prefix list whose entries are unknown, a
    /// referenced group that is not in the input), with the reason.
    pub unresolved: Vec<(&'a SecurityGroupId, &'a SecurityGroupRule, String)>,
}

/// Applies the rules of `groups` in `direction` to `space`.
pub fn evaluate<'a>(
    snapshot: &'a Snapshot,
    groups: &[SecurityGroupId],
    direction: Direction,
    space: &Space,
) -> Evaluation<'a> {
    let mut allowed = Space::empty();
    let mut matches = Vec::new();
    let mut unresolved = Vec::new();
    for id in groups {
        let Some((id, group)) = snapshot.security_groups.get_key_value(id) else {
            continue;
        };
        let rules = match direction {
            Direction::Inbound => &group.ingress,
            Direction::Outbound => &group.egress,
        };
        for rule in rules {
            let peers = match peer_cidrs(snapshot, &rule.peer) {
                Ok(peers) => peers,
                Err(reason) => {
                    unresolved.push((id, rule, reason));
                    continue;
                }
            };
            let matched = space.intersection(&Space::from_cubes(rule_cubes(
                rule.protocol,
                rule.ports,
                rule.icmp,
                &peers,
                direction,
            )));
            if !matched.is_empty() {
                allowed = allowed.union(&matched);
                matches.push((id, rule, matched));
            }
        }
    }
    let denied = space.difference(&allowed);
    Evaluation {
        allowed,
        denied,
        matches,
        unresolved,
    }
}

/// The addresses a rule's peer stands for. A referenced group stands for the private
/// addresses of the interfaces that are its members.
fn peer_cidrs(snapshot: &Snapshot, peer: &SecurityGroupPeer) -> Result<Vec<IpNet>, String> {
    match peer {
        SecurityGroupPeer::Cidr(cidr) => Ok(vec![*cidr]),
        SecurityGroupPeer::PrefixList(id) => prefix_list_cidrs(snapshot, id)
            .ok_or_else(|| format!("the entries of prefix list {id} are not in the input")),
        SecurityGroupPeer::SecurityGroup { group, .. } => {
            if !snapshot.security_groups.contains_key(group) {
                return Err(format!(
                    "referenced security group {group} is not in the input"
                ));
            }
            let members = snapshot
                .network_interfaces
                .values()
                .filter(|interface| interface.security_groups.contains(group))
                .flat_map(|interface| {
                    interface
                        .private_addresses
                        .iter()
                        .map(|(address, _)| *address)
                        .chain(interface.ipv6_addresses.iter().copied())
                })
                .map(|address: IpAddr| IpNet::from(address))
                .collect();
            Ok(members)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::space::{Cube, Family, IntervalSet, Packet};
    use reach_aws::InputFile;

    const GROUPS: &str = r#"{"SecurityGroups": [
        {"GroupId": "sg-web", "VpcId": "vpc-1", "IpPermissions": [
            {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
            {"IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8081, "UserIdGroupPairs": [{"GroupId": "sg-lb"}]},
            {"IpProtocol": "udp", "FromPort": 53, "ToPort": 53, "PrefixListIds": [{"PrefixListId": "pl-unknown"}]}],
         "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]},
        {"GroupId": "sg-lb", "VpcId": "vpc-1", "IpPermissions": [], "IpPermissionsEgress": []}]}"#;
    const INTERFACES: &str = r#"{"NetworkInterfaces": [
        {"NetworkInterfaceId": "eni-lb", "SubnetId": "subnet-1", "VpcId": "vpc-1", "PrivateIpAddress": "10.0.0.7",
         "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.0.7", "Primary": true}], "Groups": [{"GroupId": "sg-lb"}]}]}"#;

    fn snapshot() -> Snapshot {
        reach_core_load(&[("sg.json", GROUPS), ("eni.json", INTERFACES)])
    }

    fn reach_core_load(files: &[(&str, &str)]) -> Snapshot {
        let files: Vec<InputFile> = files
            .iter()
            .map(|(name, text)| InputFile::new(*name, *text))
            .collect();
        crate::load(&files).snapshot
    }

    fn tcp(source: [u8; 4], port: u16) -> Packet {
        Packet {
            protocol: 6,
            source: IpAddr::from(source),
            destination: IpAddr::from([10, 0, 0, 9]),
            source_port: 40000,
            destination_port: port,
        }
    }

    #[test]
    fn ingress_allows_the_union_of_rules_and_names_the_rule() {
        let snapshot = snapshot();
        let evaluation = evaluate(
            &snapshot,
            &[SecurityGroupId::new("sg-web")],
            Direction::Inbound,
            &Space::everything(),
        );
        for (packet, allowed) in [
            (tcp([198, 51, 100, 1], 443), true),
            (tcp([198, 51, 100, 1], 442), false),
            (tcp([198, 51, 100, 1], 444), false),
            // Only members of sg-lb reach 8080-8081.
            (tcp([10, 0, 0, 7], 8080), true),
            (tcp([10, 0, 0, 7], 8081), true),
            (tcp([10, 0, 0, 7], 8082), false),
            (tcp([10, 0, 0, 8], 8080), false),
        ] {
            assert_eq!(evaluation.allowed.contains(&packet), allowed, "{packet:?}");
            assert_eq!(evaluation.denied.contains(&packet), !allowed, "{packet:?}");
        }
        let deciding: Vec<Option<(u16, u16)>> = evaluation
            .matches
            .iter()
            .filter(|(_, _, space)| space.contains(&tcp([10, 0, 0, 7], 8080)))
            .map(|(_, rule, _)| rule.ports)
            .collect();
        assert_eq!(deciding, [Some((8080, 8081))]);
        assert_eq!(evaluation.unresolved.len(), 1);
        assert!(evaluation.unresolved[0].2.contains("pl-unknown"));
    }

    #[test]
    fn all_ports_question_yields_exactly_the_allowed_port_set() {
        let snapshot = snapshot();
        let question = Space::from_cube(Cube {
            protocols: IntervalSet::single(6),
            ..Cube::everything(Family::V4)
        });
        let evaluation = evaluate(
            &snapshot,
            &[SecurityGroupId::new("sg-web")],
            Direction::Inbound,
            &question,
        );
        assert_eq!(
            evaluation.allowed.destination_ports().ranges(),
            &[(443, 443), (8080, 8081)]
        );
    }

    /// An ICMP message from `source` with this type and code, in the header space's terms.
    fn icmp(protocol: u8, source: [u8; 4], icmp_type: u8, code: u8) -> Packet {
        Packet {
            protocol,
            source: IpAddr::from(source),
            destination: IpAddr::from([10, 0, 0, 9]),
            source_port: 0,
            destination_port: u16::from(icmp_type) * 256 + u16::from(code),
        }
    }

    /// Which ICMP messages `rules` (inbound rules of one group) let in, for each probe.
    fn check_icmp(rules: &str, probes: &[(Packet, bool)]) {
        let groups = format!(
            r#"{{"SecurityGroups": [{{"GroupId": "sg-ping", "VpcId": "vpc-1", "IpPermissions": [{rules}], "IpPermissionsEgress": []}}]}}"#
        );
        let snapshot = reach_core_load(&[("sg.json", &groups)]);
        let evaluation = evaluate(
            &snapshot,
            &[SecurityGroupId::new("sg-ping")],
            Direction::Inbound,
            &Space::everything(),
        );
        for (packet, allowed) in probes {
            assert_eq!(
                evaluation.allowed.contains(packet),
                *allowed,
                "{rules}: {packet:?}"
            );
        }
    }

    #[test]
    fn the_ping_rule_allows_echo_requests_only() {
        let vpc = [10, 0, 3, 4];
        check_icmp(
            r#"{"IpProtocol": "icmp", "FromPort": 8, "ToPort": 0, "IpRanges": [{"CidrIp": "10.0.0.0/16"}]}"#,
            &[
                (icmp(1, vpc, 8, 0), true),
                (icmp(1, vpc, 8, 1), false),
                (icmp(1, vpc, 7, 0), false),
                (icmp(1, vpc, 9, 0), false),
                (icmp(1, vpc, 3, 0), false),
                (icmp(1, [10, 1, 0, 1], 8, 0), false),
                // ICMPv4's rule says nothing of ICMPv6, nor of TCP to the port 2048 stands for.
                (icmp(58, vpc, 8, 0), false),
                (icmp(6, vpc, 8, 0), false),
            ],
        );
        // Type 8, any code.
        check_icmp(
            r#"{"IpProtocol": "icmp", "FromPort": 8, "ToPort": -1, "IpRanges": [{"CidrIp": "10.0.0.0/16"}]}"#,
            &[
                (icmp(1, vpc, 8, 0), true),
                (icmp(1, vpc, 8, 255), true),
                (icmp(1, vpc, 7, 255), false),
                (icmp(1, vpc, 9, 0), false),
            ],
        );
        // Any type: every ICMP message, nothing else.
        check_icmp(
            r#"{"IpProtocol": "icmp", "FromPort": -1, "ToPort": -1, "IpRanges": [{"CidrIp": "10.0.0.0/16"}]}"#,
            &[
                (icmp(1, vpc, 3, 4), true),
                (icmp(1, vpc, 0, 0), true),
                (icmp(1, vpc, 255, 255), true),
                (icmp(17, vpc, 3, 4), false),
            ],
        );
        // A TCP rule on port 2048 is not the echo request.
        check_icmp(
            r#"{"IpProtocol": "tcp", "FromPort": 2048, "ToPort": 2048, "IpRanges": [{"CidrIp": "10.0.0.0/16"}]}"#,
            &[(icmp(1, vpc, 8, 0), false), (icmp(6, vpc, 8, 0), true)],
        );
        // All traffic includes every ICMP message.
        check_icmp(
            r#"{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "10.0.0.0/16"}]}"#,
            &[(icmp(1, vpc, 8, 0), true), (icmp(58, vpc, 128, 0), true)],
        );
    }

    #[test]
    fn a_group_with_no_rules_allows_nothing() {
        let snapshot = snapshot();
        let evaluation = evaluate(
            &snapshot,
            &[SecurityGroupId::new("sg-lb")],
            Direction::Outbound,
            &Space::everything(),
        );
        assert!(evaluation.allowed.is_empty() && evaluation.matches.is_empty());
        assert_eq!(evaluation.denied, Space::everything());
    }
}
