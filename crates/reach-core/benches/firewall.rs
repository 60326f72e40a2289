//! A firewall with a large domain allow-list on the path (issue 12): the seed lab with its
//! rule group replaced by an allow-list of 2,000 names (half of them `.domain` targets that
//! take subdomains), for TLS SNI and HTTP Host. Without `--app-protocol`/`--server-name` the
//! answer tries every application and every name the rules single out. The input is also
//! analysed once before measuring, and that run's time printed, so a slow baseline can be
//! read without waiting for criterion's samples.

use criterion::{criterion_group, criterion_main, Criterion};
use reach_aws::InputFile;
use reach_core::analysis::Endpoint;
use reach_core::Question;
use std::time::Instant;

const NAMES: usize = 2_000;
const RULE_GROUP_FILE: &str = "describe-rule-group.network-firewall-rule-group-5-tuple.json";

/// The seed lab's rule group, its rules replaced by a domain allow-list.
fn allow_list(names: usize) -> Vec<InputFile> {
    let targets: Vec<String> = (0..names)
        .map(|index| {
            if index % 2 == 0 {
                format!("\".site{index}.example.com\"")
            } else {
                format!("\"host{index}.example.org\"")
            }
        })
        .collect();
    let group = format!(
        r#"{{"RuleGroup": {{"RulesSource": {{"RulesSourceList": {{"Targets": [{}], "TargetTypes": ["TLS_SNI", "HTTP_HOST"], "GeneratedRulesType": "ALLOWLIST"}}}}, "StatefulRuleOptions": {{"RuleOrder": "STRICT_ORDER"}}}},
  "RuleGroupResponse": {{"RuleGroupArn": "arn:aws:network-firewall:us-east-1:111122223333:stateful-rulegroup/network-firewall-rule-group-5-tuple", "RuleGroupName": "network-firewall-rule-group-5-tuple", "RuleGroupId": "cfb1085b-cf0b-4997-ac14-7a97f6adbba9", "Type": "STATEFUL"}}}}"#,
        targets.join(", ")
    );
    let mut files = reach_core::demo::seed_lab();
    let file = files
        .iter_mut()
        .find(|file| file.name == RULE_GROUP_FILE)
        .expect("the seed lab's rule group");
    file.bytes = group.into_bytes();
    files
}

fn analyze(criterion: &mut Criterion) {
    let load = reach_core::load(&allow_list(NAMES));
    assert!(load.errors.is_empty(), "{:?}", load.errors.first());
    let snapshot = load.snapshot;
    let question = Question {
        source: Endpoint::parse("i-0454c90477e2bf220"),
        destination: Endpoint::parse("93.184.216.34"),
        protocol: 6,
        source_ports: None,
        destination_ports: Some((443, 443)),
        source_ip: None,
        destination_ip: None,
        application: Default::default(),
        compat: Default::default(),
        icmp: None,
    };
    let start = Instant::now();
    let answer = reach_core::analyze(&snapshot, &question).expect("answer");
    eprintln!(
        "allow-list of {NAMES} names, tcp 443: {}, {} cases; one run {:.3} s",
        answer.verdict.as_str(),
        answer.cases.len(),
        start.elapsed().as_secs_f64()
    );
    let mut group = criterion.benchmark_group("firewall");
    group.sample_size(10);
    group.bench_function("seed lab, allow-list of 2,000 names, tcp 443", |bencher| {
        bencher.iter(|| reach_core::analyze(&snapshot, &question))
    });
    group.finish();
}

criterion_group!(benches, analyze);
criterion_main!(benches);
