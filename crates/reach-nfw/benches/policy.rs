//! A large policy: 5 stateful rule groups of 1,000 Suricata rules each (a mix of header
//! rules, flow keywords, application protocols and SNI/Host matches). Compiling it (parsing
//! included), then inspecting one flow and every port of one destination.

use criterion::{criterion_group, criterion_main, Criterion};
use reach_nfw::spec::{GroupReference, StatefulRules};
use reach_nfw::{GroupSource, Policy, PolicySpec, RuleGroupSpec, Scenario, Sides};
use reach_space::{address_number, Cube, IntervalSet, Space};

const GROUPS: usize = 5;
const RULES: usize = 1_000;

fn rules(group: usize) -> String {
    (0..RULES)
        .map(|index| {
            let sid = group * RULES + index + 1;
            let port = 1024 + (sid % 60_000);
            let net = format!("198.{}.{}.0/24", 18 + group, index % 250);
            match index % 5 {
                0 => format!("drop tcp $HOME_NET any -> {net} {port} (msg:\"block {sid}\"; sid:{sid};)"),
                1 => format!("pass tcp $HOME_NET any -> {net} [{port},{}] (flow:established,to_server; sid:{sid};)", port + 1),
                2 => format!("pass tls $HOME_NET any -> $EXTERNAL_NET 443 (tls.sni; dotprefix; content:\".host{sid}.example\"; nocase; endswith; sid:{sid};)"),
                3 => format!("reject http $HOME_NET any -> $EXTERNAL_NET 80 (http.host; content:\"host{sid}.example\"; startswith; endswith; sid:{sid};)"),
                _ => format!("alert udp any any -> {net} 53 (msg:\"dns {sid}\"; sid:{sid};)"),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn policy(bodies: &[RuleGroupSpec]) -> Policy {
    let arns: Vec<String> = (0..GROUPS)
        .map(|group| format!("arn:aws:network-firewall:us-east-1:1:stateful-rulegroup/g{group}"))
        .collect();
    let definition = PolicySpec {
        stateful_groups: arns
            .iter()
            .enumerate()
            .map(|(index, arn)| GroupReference {
                arn: arn.clone(),
                priority: Some(index as i64 + 1),
                drop_to_alert: false,
            })
            .collect(),
        stateless_default_actions: vec!["aws:forward_to_sfe".to_owned()],
        stateful_default_actions: vec!["aws:drop_established".to_owned()],
        rule_order: Some("STRICT_ORDER".to_owned()),
        ..PolicySpec::default()
    };
    Policy::compile(
        "arn:aws:network-firewall:us-east-1:1:firewall-policy/large",
        "large",
        &definition,
        &["10.0.0.0/16".parse().expect("constant")],
        |arn| {
            let index = arns.iter().position(|known| known == arn)?;
            Some(GroupSource {
                name: "group",
                rule_group: Some(&bodies[index]),
            })
        },
        |_| None,
    )
}

fn bench(criterion: &mut Criterion) {
    let bodies: Vec<RuleGroupSpec> = (0..GROUPS)
        .map(|group| RuleGroupSpec {
            stateful: Some(StatefulRules::RulesString(rules(group))),
            ..RuleGroupSpec::default()
        })
        .collect();
    let compiled = policy(&bodies);
    assert!(
        compiled.problems.is_empty(),
        "{:?}",
        compiled.problems.first()
    );
    assert_eq!(compiled.stateful.len(), GROUPS * RULES);
    criterion.bench_function("nfw/compile 5 groups x 1000 Suricata rules", |bencher| {
        bencher.iter(|| policy(&bodies))
    });
    let (family, client) = address_number("10.0.1.10".parse().expect("constant"));
    let (_, server) = address_number("198.20.7.9".parse().expect("constant"));
    let flow = |ports: IntervalSet| {
        Space::from_cube(Cube {
            family,
            protocols: IntervalSet::single(6),
            sources: IntervalSet::single(client),
            destinations: IntervalSet::single(server),
            source_ports: IntervalSet::range(1024, 65_535),
            destination_ports: ports,
        })
    };
    let one = flow(IntervalSet::single(443));
    let tls = Scenario {
        app: reach_nfw::AppProtocol::parse("tls").expect("known"),
        server_name: Some("www.host3.example".to_owned()),
        ..Scenario::plain()
    };
    criterion.bench_function("nfw/inspect one TLS flow, 5000 rules", |bencher| {
        bencher.iter(|| reach_nfw::inspect(&compiled, &one, &tls, Sides::Both))
    });
    let all = flow(IntervalSet::range(0, 65_535));
    criterion.bench_function(
        "nfw/inspect every port of one host, 5000 rules",
        |bencher| {
            bencher.iter(|| reach_nfw::inspect(&compiled, &all, &Scenario::plain(), Sides::Both))
        },
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
