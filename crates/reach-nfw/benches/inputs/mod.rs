//! Hostile inputs (issue 12), generated: tens of thousands of stateful rules, IP sets of
//! tens of thousands of entries, a huge `HOME_NET` many rules use. Shared by the `large`
//! benchmark and the `home_net` example (which measures memory).

#![allow(dead_code)]

use reach_nfw::spec::{GroupReference, StatefulRules};
use reach_nfw::{GroupSource, Policy, PolicySpec, RuleGroupSpec};
use std::collections::BTreeMap;

/// The rule group every generated policy references.
pub const GROUP_ARN: &str = "arn:aws:network-firewall:us-east-1:1:stateful-rulegroup/large";

/// The `n`th distinct IPv4 /32, spread so that no two are adjacent (each stays its own range).
pub fn address(n: usize) -> String {
    let value = 0x0b00_0000u32 + 2 * n as u32;
    std::net::Ipv4Addr::from(value).to_string()
}

/// `count` Suricata rules of every kind that matters for a destination's ports: drops of
/// one port to everything outside `HOME_NET`, packet-level passes of two ports to a /24,
/// SNI passes on 443, and UDP alerts. The ports are spread over the whole range, so an
/// all-ports inspection is cut at every rule.
pub fn stateful_rules(count: usize) -> String {
    (0..count)
        .map(|index| {
            let sid = index + 1;
            let port = 1 + (sid * 7_919) % 65_534;
            let net = format!("198.51.{}.0/24", index % 256);
            match index % 4 {
                0 => format!("drop tcp $HOME_NET any -> $EXTERNAL_NET {port} (msg:\"block {sid}\"; sid:{sid};)"),
                1 => format!("pass tcp $HOME_NET any -> {net} [{port},{}] (flow:established,to_server; sid:{sid};)", port + 1),
                2 => format!("pass tls $HOME_NET any -> $EXTERNAL_NET 443 (tls.sni; content:\"host{sid}.example\"; startswith; endswith; sid:{sid};)"),
                _ => format!("alert udp any any -> {net} {port} (msg:\"udp {sid}\"; sid:{sid};)"),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A policy of one strict-order group with a `drop_established` default.
pub fn policy(
    body: &RuleGroupSpec,
    rule_variables: BTreeMap<String, Vec<String>>,
    home_net: &[ipnet::IpNet],
) -> Policy {
    let definition = PolicySpec {
        stateful_groups: vec![GroupReference {
            arn: GROUP_ARN.to_owned(),
            priority: Some(1),
            drop_to_alert: false,
        }],
        stateless_default_actions: vec!["aws:forward_to_sfe".to_owned()],
        stateful_default_actions: vec!["aws:drop_established".to_owned()],
        rule_order: Some("STRICT_ORDER".to_owned()),
        rule_variables,
        ..PolicySpec::default()
    };
    Policy::compile(
        "arn:aws:network-firewall:us-east-1:1:firewall-policy/large",
        "large",
        &definition,
        home_net,
        |_| {
            Some(GroupSource {
                name: "large",
                rule_group: Some(body),
            })
        },
        |_| None,
    )
}

/// A group of Suricata rules.
pub fn rules_group(rules: String) -> RuleGroupSpec {
    RuleGroupSpec {
        stateful: Some(StatefulRules::RulesString(rules)),
        ..RuleGroupSpec::default()
    }
}

/// A group whose IP set `BIG` holds `entries` addresses, used by one rule.
pub fn ip_set_group(entries: usize) -> RuleGroupSpec {
    let mut body = rules_group("drop tcp $BIG any -> $EXTERNAL_NET any (sid:1;)".to_owned());
    body.ip_sets
        .insert("BIG".to_owned(), (0..entries).map(address).collect());
    body
}

/// A group with one rule listing `entries` addresses inline.
pub fn address_list_group(entries: usize) -> RuleGroupSpec {
    let list = (0..entries).map(address).collect::<Vec<_>>().join(",");
    rules_group(format!(
        "drop tcp [{list}] any -> $EXTERNAL_NET any (sid:1;)"
    ))
}

/// `HOME_NET` of `entries` addresses (a policy variable), and `rules` rules that use it and
/// `EXTERNAL_NET`.
pub fn home_net_policy(entries: usize, rules: usize) -> Policy {
    let body = rules_group(
        (0..rules)
            .map(|index| {
                let sid = index + 1;
                format!(
                    "pass tcp $HOME_NET any -> $EXTERNAL_NET {} (sid:{sid};)",
                    1 + index
                )
            })
            .collect::<Vec<_>>()
            .join("\n"),
    );
    let mut variables = BTreeMap::new();
    variables.insert(
        "HOME_NET".to_owned(),
        (0..entries).map(address).collect::<Vec<_>>(),
    );
    policy(&body, variables, &[])
}
