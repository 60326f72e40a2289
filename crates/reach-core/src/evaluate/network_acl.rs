//! Network ACLs: entries in ascending rule number, the first that matches a packet decides,
//! and what no entry matches is denied (the `*` entry). Stateless: replies are checked on
//! their own, in the other direction, with the ports swapped.

use super::{rule_cubes, Direction};
use crate::model::{NetworkAcl, NetworkAclEntry};
use crate::space::Space;

/// The part of a space one entry decided.
#[derive(Clone, Debug)]
pub struct Decision<'a> {
    /// The deciding entry; `None` for packets no entry matches (denied by default).
    pub entry: Option<&'a NetworkAclEntry>,
    /// Whether those packets pass.
    pub allowed: bool,
    /// The packets it decided.
    pub space: Space,
}

/// What a network ACL does to a space.
#[derive(Clone, Debug)]
pub struct Evaluation<'a> {
    /// The packets that pass.
    pub allowed: Space,
    /// The packets that do not.
    pub denied: Space,
    /// Each entry that decided some packets, in evaluation order.
    pub decisions: Vec<Decision<'a>>,
}

/// Applies `acl` in `direction` to `space`.
pub fn evaluate<'a>(acl: &'a NetworkAcl, direction: Direction, space: &Space) -> Evaluation<'a> {
    let entries = match direction {
        Direction::Inbound => &acl.ingress,
        Direction::Outbound => &acl.egress,
    };
    let mut rest = space.clone();
    let mut allowed = Space::empty();
    let mut denied = Space::empty();
    let mut decisions = Vec::new();
    for entry in entries {
        if rest.is_empty() {
            break;
        }
        let matches = Space::from_cubes(rule_cubes(
            entry.protocol,
            entry.ports,
            entry.icmp,
            &[entry.cidr],
            direction,
        ));
        let decided = rest.intersection(&matches);
        if decided.is_empty() {
            continue;
        }
        rest = rest.difference(&matches);
        if entry.allow {
            allowed = allowed.union(&decided);
        } else {
            denied = denied.union(&decided);
        }
        decisions.push(Decision {
            entry: Some(entry),
            allowed: entry.allow,
            space: decided,
        });
    }
    if !rest.is_empty() {
        // AWS's `*` entry: whatever no numbered entry matched is denied.
        denied = denied.union(&rest);
        decisions.push(Decision {
            entry: None,
            allowed: false,
            space: rest,
        });
    }
    Evaluation {
        allowed,
        denied,
        decisions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::space::{Cube, Family, IntervalSet, Packet};
    use reach_aws::InputFile;
    use std::net::IpAddr;

    /// Requests out to 80 and 443, replies back on ephemeral ports only, and a deny of one
    /// host ahead of the allows.
    const ACL: &str = r#"{"NetworkAcls": [{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "Entries": [
        {"RuleNumber": 100, "Protocol": "6", "RuleAction": "allow", "Egress": true, "CidrBlock": "0.0.0.0/0", "PortRange": {"From": 80, "To": 80}},
        {"RuleNumber": 110, "Protocol": "6", "RuleAction": "allow", "Egress": true, "CidrBlock": "0.0.0.0/0", "PortRange": {"From": 443, "To": 443}},
        {"RuleNumber": 50, "Protocol": "-1", "RuleAction": "deny", "Egress": false, "CidrBlock": "203.0.113.66/32"},
        {"RuleNumber": 100, "Protocol": "6", "RuleAction": "allow", "Egress": false, "CidrBlock": "0.0.0.0/0", "PortRange": {"From": 1024, "To": 65535}},
        {"RuleNumber": 32767, "Protocol": "-1", "RuleAction": "deny", "Egress": false, "CidrBlock": "0.0.0.0/0"},
        {"RuleNumber": 32767, "Protocol": "-1", "RuleAction": "deny", "Egress": true, "CidrBlock": "0.0.0.0/0"}]}]}"#;

    fn acl() -> NetworkAcl {
        let load = crate::load(&[InputFile::new("acl.json", ACL)]);
        assert!(load.errors.is_empty(), "{:?}", load.errors);
        load.snapshot.network_acls["acl-1"].clone()
    }

    fn tcp(
        source: [u8; 4],
        destination: [u8; 4],
        source_port: u16,
        destination_port: u16,
    ) -> Packet {
        Packet {
            protocol: 6,
            source: IpAddr::from(source),
            destination: IpAddr::from(destination),
            source_port,
            destination_port,
        }
    }

    fn tcp_space() -> Space {
        Space::from_cube(Cube {
            protocols: IntervalSet::single(6),
            ..Cube::everything(Family::V4)
        })
    }

    #[test]
    fn outbound_allows_only_the_listed_ports() {
        let acl = acl();
        let evaluation = evaluate(&acl, Direction::Outbound, &tcp_space());
        assert_eq!(
            evaluation.allowed.destination_ports().ranges(),
            &[(80, 80), (443, 443)]
        );
        let last = evaluation.decisions.last().unwrap();
        assert_eq!(last.entry.map(|entry| entry.rule_number), Some(32767));
        assert!(!last.allowed);
    }

    #[test]
    fn inbound_replies_need_ephemeral_ports_and_the_first_match_wins() {
        let acl = acl();
        let evaluation = evaluate(&acl, Direction::Inbound, &tcp_space());
        for (packet, allowed) in [
            (tcp([198, 51, 100, 9], [10, 0, 0, 5], 443, 1023), false),
            (tcp([198, 51, 100, 9], [10, 0, 0, 5], 443, 1024), true),
            (tcp([198, 51, 100, 9], [10, 0, 0, 5], 443, 65535), true),
            // Rule 50 denies this host before rule 100 could allow it.
            (tcp([203, 0, 113, 66], [10, 0, 0, 5], 443, 50000), false),
            (tcp([203, 0, 113, 67], [10, 0, 0, 5], 443, 50000), true),
        ] {
            assert_eq!(evaluation.allowed.contains(&packet), allowed, "{packet:?}");
        }
        let first = &evaluation.decisions[0];
        assert_eq!(
            (first.entry.map(|entry| entry.rule_number), first.allowed),
            (Some(50), false)
        );
    }

    /// An ICMP message to `10.0.0.5` with this type and code, in the header space's terms.
    fn icmp(icmp_type: u8, code: u8) -> Packet {
        Packet {
            protocol: 1,
            source: IpAddr::from([198, 51, 100, 9]),
            destination: IpAddr::from([10, 0, 0, 5]),
            source_port: 0,
            destination_port: u16::from(icmp_type) * 256 + u16::from(code),
        }
    }

    /// Echo requests in and echo replies out only, ahead of a deny of all ICMP, then all
    /// traffic allowed: the first match decides, by type and code.
    #[test]
    fn icmp_entries_match_by_type_and_code() {
        let acl = r#"{"NetworkAcls": [{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "Entries": [
            {"RuleNumber": 100, "Protocol": "1", "RuleAction": "allow", "Egress": false, "CidrBlock": "0.0.0.0/0", "IcmpTypeCode": {"Type": 8, "Code": 0}},
            {"RuleNumber": 110, "Protocol": "1", "RuleAction": "allow", "Egress": false, "CidrBlock": "0.0.0.0/0", "IcmpTypeCode": {"Type": 0, "Code": -1}},
            {"RuleNumber": 120, "Protocol": "1", "RuleAction": "deny", "Egress": false, "CidrBlock": "0.0.0.0/0", "IcmpTypeCode": {"Type": -1, "Code": -1}},
            {"RuleNumber": 200, "Protocol": "-1", "RuleAction": "allow", "Egress": false, "CidrBlock": "0.0.0.0/0"}]}]}"#;
        let load = crate::load(&[InputFile::new("acl.json", acl)]);
        assert!(load.errors.is_empty(), "{:?}", load.errors);
        let acl = &load.snapshot.network_acls["acl-1"];
        let evaluation = evaluate(acl, Direction::Inbound, &Space::everything());
        for (packet, allowed) in [
            (icmp(8, 0), true),
            (icmp(8, 1), false),
            (icmp(0, 0), true),
            (icmp(0, 255), true),
            (icmp(3, 3), false),
            (icmp(255, 255), false),
            // Not ICMP: rule 200.
            (tcp([198, 51, 100, 9], [10, 0, 0, 5], 0, 2048), true),
        ] {
            assert_eq!(evaluation.allowed.contains(&packet), allowed, "{packet:?}");
        }
    }

    #[test]
    fn an_acl_without_entries_denies_everything_by_default() {
        let empty = NetworkAcl {
            ingress: Vec::new(),
            egress: Vec::new(),
            ..acl()
        };
        let evaluation = evaluate(&empty, Direction::Inbound, &Space::everything());
        assert!(evaluation.allowed.is_empty());
        assert_eq!(evaluation.decisions.len(), 1);
        assert!(evaluation.decisions[0].entry.is_none());
    }
}
