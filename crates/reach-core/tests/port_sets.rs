//! The set of destination ports that security groups and a network ACL let through, computed
//! once over header spaces, equals what a brute-force check of each of the 65,536 ports finds,
//! for random rules.

use proptest::prelude::*;
use reach_aws::InputFile;
use reach_core::evaluate::{network_acl, security_group, Direction};
use reach_core::ids::SecurityGroupId;
use reach_core::space::{Cube, Family, IntervalSet, Space};
use std::net::Ipv4Addr;

const SOURCE: Ipv4Addr = Ipv4Addr::new(10, 0, 0, 5);
const DESTINATION: Ipv4Addr = Ipv4Addr::new(198, 51, 100, 7);
const CIDRS: [&str; 4] = [
    "0.0.0.0/0",
    "198.51.100.0/24",
    "198.51.100.7/32",
    "203.0.113.0/24",
];

#[derive(Clone, Debug)]
struct Rule {
    protocol: &'static str,
    ports: (u16, u16),
    cidr: &'static str,
}

#[derive(Clone, Debug)]
struct Entry {
    number: u16,
    rule: Rule,
    allow: bool,
}

fn rule() -> impl Strategy<Value = Rule> {
    (
        prop::sample::select(vec!["tcp", "udp", "-1"]),
        any::<u16>(),
        any::<u16>(),
        prop::sample::select(CIDRS.to_vec()),
    )
        .prop_map(|(protocol, a, b, cidr)| Rule {
            protocol,
            ports: (a.min(b), a.max(b)),
            cidr,
        })
}

fn entries() -> impl Strategy<Value = Vec<Entry>> {
    proptest::collection::vec((1u16..200, rule(), any::<bool>()), 0..6).prop_map(|entries| {
        let mut seen = std::collections::BTreeSet::new();
        // Rule numbers are unique within a direction.
        entries
            .into_iter()
            .filter(|(number, _, _)| seen.insert(*number))
            .map(|(number, rule, allow)| Entry {
                number,
                rule,
                allow,
            })
            .collect()
    })
}

fn matches(rule: &Rule, port: u16) -> bool {
    let cidr: ipnet::Ipv4Net = rule.cidr.parse().unwrap();
    let protocol = matches!(rule.protocol, "tcp" | "-1");
    let ports = rule.protocol == "-1" || (rule.ports.0 <= port && port <= rule.ports.1);
    protocol && ports && cidr.contains(&DESTINATION)
}

/// The brute force: one TCP packet per destination port, rules applied the plain way.
fn brute_force(group: &[Rule], acl: &[Entry]) -> IntervalSet {
    let mut sorted = acl.to_vec();
    sorted.sort_by_key(|entry| entry.number);
    let ports = (0..=u16::MAX).filter(|port| {
        let group_allows = group.iter().any(|rule| matches(rule, *port));
        let acl_allows = sorted
            .iter()
            .find(|entry| matches(&entry.rule, *port))
            .is_some_and(|entry| entry.allow);
        group_allows && acl_allows
    });
    IntervalSet::from_ranges(ports.map(|port| (u128::from(port), u128::from(port))))
}

fn permission(rule: &Rule) -> String {
    let ports = if rule.protocol == "-1" {
        String::new()
    } else {
        format!(
            r#""FromPort": {}, "ToPort": {},"#,
            rule.ports.0, rule.ports.1
        )
    };
    format!(
        r#"{{"IpProtocol": "{}", {ports} "IpRanges": [{{"CidrIp": "{}"}}]}}"#,
        rule.protocol, rule.cidr
    )
}

fn acl_entry(entry: &Entry) -> String {
    let protocol = match entry.rule.protocol {
        "tcp" => "6",
        "udp" => "17",
        other => other,
    };
    let ports = if protocol == "-1" {
        String::new()
    } else {
        format!(
            r#""PortRange": {{"From": {}, "To": {}}},"#,
            entry.rule.ports.0, entry.rule.ports.1
        )
    };
    format!(
        r#"{{"RuleNumber": {}, "Protocol": "{protocol}", {ports} "RuleAction": "{}", "Egress": true, "CidrBlock": "{}"}}"#,
        entry.number,
        if entry.allow { "allow" } else { "deny" },
        entry.rule.cidr
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    #[test]
    fn port_set_equals_brute_force(group in proptest::collection::vec(rule(), 0..5), acl in entries()) {
        let groups = format!(
            r#"{{"SecurityGroups": [{{"GroupId": "sg-1", "VpcId": "vpc-1", "IpPermissions": [], "IpPermissionsEgress": [{}]}}]}}"#,
            group.iter().map(permission).collect::<Vec<_>>().join(",")
        );
        let acls = format!(
            r#"{{"NetworkAcls": [{{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "Entries": [{}]}}]}}"#,
            acl.iter().map(acl_entry).collect::<Vec<_>>().join(",")
        );
        let load = reach_core::load(&[InputFile::new("sg.json", groups), InputFile::new("acl.json", acls)]);
        prop_assert!(load.errors.is_empty(), "{:?}", load.errors);

        let question = Space::from_cube(Cube {
            protocols: IntervalSet::single(6),
            sources: IntervalSet::single(u128::from(u32::from(SOURCE))),
            destinations: IntervalSet::single(u128::from(u32::from(DESTINATION))),
            source_ports: IntervalSet::single(40_000),
            ..Cube::everything(Family::V4)
        });
        let after_group = security_group::evaluate(&load.snapshot, &[SecurityGroupId::new("sg-1")], Direction::Outbound, &question);
        let after_acl = network_acl::evaluate(&load.snapshot.network_acls["acl-1"], Direction::Outbound, &after_group.allowed);
        prop_assert_eq!(after_acl.allowed.destination_ports(), brute_force(&group, &acl));
    }
}
