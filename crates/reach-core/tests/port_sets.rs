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

/// An ICMP rule or entry: a type and a code, each `-1` (any) or a value; or TCP, or all.
#[derive(Clone, Debug)]
struct IcmpRule {
    protocol: &'static str,
    icmp_type: i64,
    code: i64,
    allow: bool,
}

fn icmp_rule() -> impl Strategy<Value = IcmpRule> {
    // Few values, so that rules overlap often; -1 is any.
    let value = || prop::sample::select(vec![-1i64, 0, 3, 8, 255]);
    (
        prop::sample::select(vec!["icmp", "icmp", "tcp", "-1"]),
        value(),
        value(),
        any::<bool>(),
    )
        .prop_map(|(protocol, icmp_type, code, allow)| IcmpRule {
            protocol,
            icmp_type,
            code,
            allow,
        })
}

/// AWS's reading, spelled out: any type means any code.
fn icmp_matches(rule: &IcmpRule, icmp_type: u8, code: u8) -> bool {
    match rule.protocol {
        "-1" => true,
        "icmp" => {
            rule.icmp_type == -1
                || (rule.icmp_type == i64::from(icmp_type)
                    && (rule.code == -1 || rule.code == i64::from(code)))
        }
        _ => false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    /// Every ICMP type and code at once through a group's egress and an ACL's outbound entries
    /// equals one check per type and code.
    #[test]
    fn icmp_type_code_set_equals_brute_force(
        group in proptest::collection::vec(icmp_rule(), 0..4),
        acl in proptest::collection::vec(icmp_rule(), 0..5),
    ) {
        let permission = |rule: &IcmpRule| match rule.protocol {
            "tcp" => r#"{"IpProtocol": "tcp", "FromPort": 0, "ToPort": 65535, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}"#.to_owned(),
            "-1" => r#"{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}"#.to_owned(),
            protocol => format!(
                r#"{{"IpProtocol": "{protocol}", "FromPort": {}, "ToPort": {}, "IpRanges": [{{"CidrIp": "0.0.0.0/0"}}]}}"#,
                rule.icmp_type, rule.code
            ),
        };
        let entry = |(index, rule): (usize, &IcmpRule)| {
            let (protocol, extra) = match rule.protocol {
                "icmp" => ("1", format!(r#""IcmpTypeCode": {{"Type": {}, "Code": {}}},"#, rule.icmp_type, rule.code)),
                "tcp" => ("6", r#""PortRange": {"From": 0, "To": 65535},"#.to_owned()),
                _ => ("-1", String::new()),
            };
            format!(
                r#"{{"RuleNumber": {}, "Protocol": "{protocol}", {extra} "RuleAction": "{}", "Egress": true, "CidrBlock": "0.0.0.0/0"}}"#,
                index + 1,
                if rule.allow { "allow" } else { "deny" }
            )
        };
        let groups = format!(
            r#"{{"SecurityGroups": [{{"GroupId": "sg-1", "VpcId": "vpc-1", "IpPermissions": [], "IpPermissionsEgress": [{}]}}]}}"#,
            group.iter().map(permission).collect::<Vec<_>>().join(",")
        );
        let acls = format!(
            r#"{{"NetworkAcls": [{{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "Entries": [{}]}}]}}"#,
            acl.iter().enumerate().map(entry).collect::<Vec<_>>().join(",")
        );
        let load = reach_core::load(&[InputFile::new("sg.json", groups), InputFile::new("acl.json", acls)]);
        prop_assert!(load.errors.is_empty(), "{:?}", load.errors);

        // Every ICMP message from SOURCE to DESTINATION.
        let question = Space::from_cube(Cube {
            protocols: IntervalSet::single(1),
            sources: IntervalSet::single(u128::from(u32::from(SOURCE))),
            destinations: IntervalSet::single(u128::from(u32::from(DESTINATION))),
            ..Cube::everything(Family::V4)
        });
        let after_group = security_group::evaluate(&load.snapshot, &[SecurityGroupId::new("sg-1")], Direction::Outbound, &question);
        let after_acl = network_acl::evaluate(&load.snapshot.network_acls["acl-1"], Direction::Outbound, &after_group.allowed);
        let expected = (0..=u8::MAX).flat_map(|icmp_type| (0..=u8::MAX).map(move |code| (icmp_type, code))).filter(|&(icmp_type, code)| {
            group.iter().any(|rule| icmp_matches(rule, icmp_type, code))
                && acl.iter().find(|rule| icmp_matches(rule, icmp_type, code)).is_some_and(|rule| rule.allow)
        });
        let expected = IntervalSet::from_ranges(expected.map(|(icmp_type, code)| {
            let value = reach_core::space::icmp::type_code(icmp_type, code);
            (value, value)
        }));
        prop_assert_eq!(after_acl.allowed.destination_ports(), expected);
    }
}

/// Peers' addresses: both inside 10.0.0.0/16, so a CIDR matches either peer alike.
const WALK_CIDRS: [&str; 3] = ["0.0.0.0/0", "10.0.0.0/16", "203.0.113.0/24"];

fn walk_rule() -> impl Strategy<Value = Rule> {
    (
        prop::sample::select(vec!["tcp", "udp", "-1"]),
        any::<u16>(),
        any::<u16>(),
        prop::sample::select(WALK_CIDRS.to_vec()),
    )
        .prop_map(|(protocol, a, b, cidr)| Rule {
            protocol,
            ports: (a.min(b), a.max(b)),
            cidr,
        })
}

fn walk_entries(egress: bool) -> impl Strategy<Value = Vec<(Entry, bool)>> {
    // Half the time a last entry allows everything, as most real ACLs do, so that the earlier
    // entries' denies shape a non-empty result instead of the default deny hiding them.
    (
        proptest::collection::vec((1u16..200, walk_rule(), any::<bool>()), 0..4),
        any::<bool>(),
    )
        .prop_map(move |(entries, allow_rest)| {
            let mut seen = std::collections::BTreeSet::new();
            let mut out: Vec<(Entry, bool)> = entries
                .into_iter()
                .filter(|(number, _, _)| seen.insert(*number))
                .map(|(number, rule, allow)| {
                    (
                        Entry {
                            number,
                            rule,
                            allow,
                        },
                        egress,
                    )
                })
                .collect();
            if allow_rest {
                out.push((
                    Entry {
                        number: 300,
                        rule: Rule {
                            protocol: "-1",
                            ports: (0, u16::MAX),
                            cidr: "0.0.0.0/0",
                        },
                        allow: true,
                    },
                    egress,
                ));
            }
            out
        })
}

/// The plain per-packet check: does the first matching entry allow TCP to `port`?
fn acl_allows(entries: &[(Entry, bool)], egress: bool, port: u16) -> bool {
    let mut sorted: Vec<&Entry> = entries
        .iter()
        .filter(|(_, out)| *out == egress)
        .map(|(entry, _)| entry)
        .collect();
    sorted.sort_by_key(|entry| entry.number);
    let hit = |rule: &Rule| {
        matches!(rule.protocol, "tcp" | "-1")
            && (rule.protocol == "-1" || (rule.ports.0 <= port && port <= rule.ports.1))
            && rule.cidr != "203.0.113.0/24"
    };
    sorted
        .into_iter()
        .find(|entry| hit(&entry.rule))
        .is_some_and(|entry| entry.allow)
}

fn group_allows(rules: &[Rule], port: u16) -> bool {
    rules.iter().any(|rule| {
        matches!(rule.protocol, "tcp" | "-1")
            && (rule.protocol == "-1" || (rule.ports.0 <= port && port <= rule.ports.1))
            && rule.cidr != "203.0.113.0/24"
    })
}

fn acl_json(id: &str, subnet: &str, entries: &[(Entry, bool)]) -> String {
    let listed: Vec<String> = entries
        .iter()
        .map(|(entry, egress)| {
            acl_entry(entry).replace(r#""Egress": true"#, &format!(r#""Egress": {egress}"#))
        })
        .collect();
    format!(
        r#"{{"NetworkAclId": "{id}", "VpcId": "vpc-1", "Entries": [{}], "Associations": [{{"SubnetId": "{subnet}"}}]}}"#,
        listed.join(",")
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    /// Instance to instance across two subnets, through the whole walk: the client's egress
    /// rules, both network ACLs both ways (replies to ephemeral ports), the server's ingress
    /// rules. A port is reachable when the request passes and some ephemeral source port gets
    /// its reply back.
    #[test]
    fn walk_port_set_equals_brute_force(
        client_rules in proptest::collection::vec(walk_rule(), 0..4),
        server_rules in proptest::collection::vec(walk_rule(), 0..4),
        client_acl in (walk_entries(true), walk_entries(false)).prop_map(|(mut out, into)| { out.extend(into); out }),
        server_acl in (walk_entries(true), walk_entries(false)).prop_map(|(mut out, into)| { out.extend(into); out }),
    ) {
        let permissions = |rules: &[Rule]| rules.iter().map(permission).collect::<Vec<_>>().join(",");
        let files = [
            InputFile::new("vpc.json", r#"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}"#),
            InputFile::new("subnets.json", r#"{"Subnets": [
                {"SubnetId": "subnet-client", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24"},
                {"SubnetId": "subnet-server", "VpcId": "vpc-1", "CidrBlock": "10.0.2.0/24"}]}"#),
            InputFile::new("rtb.json", r#"{"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1",
                "Associations": [{"Main": true, "RouteTableId": "rtb-1"}],
                "Routes": [{"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local", "State": "active"}]}]}"#),
            InputFile::new("sg.json", format!(r#"{{"SecurityGroups": [
                {{"GroupId": "sg-client", "VpcId": "vpc-1", "IpPermissions": [], "IpPermissionsEgress": [{}]}},
                {{"GroupId": "sg-server", "VpcId": "vpc-1", "IpPermissions": [{}], "IpPermissionsEgress": []}}]}}"#,
                permissions(&client_rules), permissions(&server_rules))),
            InputFile::new("acl.json", format!(r#"{{"NetworkAcls": [{}, {}]}}"#,
                acl_json("acl-client", "subnet-client", &client_acl), acl_json("acl-server", "subnet-server", &server_acl))),
            InputFile::new("eni.json", r#"{"NetworkInterfaces": [
                {"NetworkInterfaceId": "eni-client", "SubnetId": "subnet-client", "VpcId": "vpc-1", "PrivateIpAddress": "10.0.1.5",
                 "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.1.5", "Primary": true}], "Groups": [{"GroupId": "sg-client"}]},
                {"NetworkInterfaceId": "eni-server", "SubnetId": "subnet-server", "VpcId": "vpc-1", "PrivateIpAddress": "10.0.2.7",
                 "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.2.7", "Primary": true}], "Groups": [{"GroupId": "sg-server"}]}]}"#),
        ];
        let load = reach_core::load(&files);
        prop_assert!(load.errors.is_empty(), "{:?}", load.errors);
        let question = reach_core::Question {
            source: reach_core::analysis::Endpoint::parse("eni-client"),
            destination: reach_core::analysis::Endpoint::parse("eni-server"),
            protocol: 6,
            source_ports: None,
            destination_ports: None,
            icmp: None,
            source_ip: None,
            destination_ip: None,
            application: Default::default(),
            compat: Default::default(),
        };
        let answer = reach_core::analyze(&load.snapshot, &question).unwrap();

        // Replies come back when some ephemeral source port passes both ACLs on the way back;
        // ACL entries look at destination ports only, so that does not depend on the request's.
        let replies = (1024..=u16::MAX).any(|port| acl_allows(&server_acl, true, port) && acl_allows(&client_acl, false, port));
        let expected = IntervalSet::from_ranges((0..=u16::MAX).filter(|port| {
            replies
                && group_allows(&client_rules, *port)
                && acl_allows(&client_acl, true, *port)
                && acl_allows(&server_acl, false, *port)
                && group_allows(&server_rules, *port)
        }).map(|port| (u128::from(port), u128::from(port))));
        prop_assert_eq!(answer.reachable_ports, expected);
    }
}

/// The walk test above is only as good as its cases: check that the generator produces
/// reachable ports, not only empty sets, reasonably often.
#[test]
fn the_walk_generator_is_not_trivial() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = (
        walk_entries(true),
        walk_entries(false),
        proptest::collection::vec(walk_rule(), 0..4),
    );
    let mut open = 0;
    for _ in 0..200 {
        let (out, into, rules) = strategy.new_tree(&mut runner).unwrap().current();
        if (0..=u16::MAX).step_by(97).any(|port| {
            acl_allows(&out, true, port)
                && acl_allows(&into, false, port)
                && group_allows(&rules, port)
        }) {
            open += 1;
        }
    }
    assert!(
        open >= 20,
        "only {open} of 200 generated cases let anything through"
    );
}
