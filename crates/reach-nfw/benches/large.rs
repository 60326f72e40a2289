//! Hostile inputs (issue 12): 40,000 stateful rules inspected on every port of one host; an
//! IP set, and a rule's address list, of 40,000 entries compiled; a 50,000-entry `HOME_NET`
//! used by 400 rules compiled (its memory is measured by the `home_net` example, under
//! `/usr/bin/time -v`). Each input is also run once before measuring, and that run's time
//! printed, so a slow baseline can be read without waiting for criterion's samples.

mod inputs;

use criterion::{criterion_group, criterion_main, Criterion};
use reach_nfw::{Scenario, Sides};
use reach_space::{address_number, Cube, IntervalSet, Space};
use std::collections::BTreeMap;
use std::time::Instant;

const RULES: usize = 40_000;
const SET_ENTRIES: usize = 40_000;
const HOME_NET_ENTRIES: usize = 50_000;
const HOME_NET_RULES: usize = 400;

fn once<T>(label: &str, run: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = run();
    eprintln!("{label}: one run {:.3} s", start.elapsed().as_secs_f64());
    out
}

fn bench(criterion: &mut Criterion) {
    let mut group = criterion.benchmark_group("nfw-large");
    group.sample_size(10);

    let home: Vec<ipnet::IpNet> = vec!["10.0.0.0/16".parse().expect("constant")];
    let body = inputs::rules_group(inputs::stateful_rules(RULES));
    let compiled = once("compile 40,000 rules", || {
        inputs::policy(&body, BTreeMap::new(), &home)
    });
    assert!(
        compiled.problems.is_empty(),
        "{:?}",
        compiled.problems.first()
    );
    assert_eq!(compiled.stateful.len(), RULES);
    let (family, client) = address_number("10.0.1.10".parse().expect("constant"));
    let (_, server) = address_number("198.51.100.9".parse().expect("constant"));
    let all_ports = Space::from_cube(Cube {
        family,
        protocols: IntervalSet::single(6),
        sources: IntervalSet::single(client),
        destinations: IntervalSet::single(server),
        source_ports: IntervalSet::range(1024, 65_535),
        destination_ports: IntervalSet::range(0, 65_535),
    });
    let outcomes = once("inspect every port, 40,000 rules", || {
        reach_nfw::inspect(&compiled, &all_ports, &Scenario::plain(), Sides::Both)
    });
    eprintln!("  {} outcomes", outcomes.len());
    group.bench_function("inspect every port of one host, 40,000 rules", |bencher| {
        bencher.iter(|| reach_nfw::inspect(&compiled, &all_ports, &Scenario::plain(), Sides::Both))
    });

    let ip_set = inputs::ip_set_group(SET_ENTRIES);
    let compiled = once("compile an IP set of 40,000 addresses", || {
        inputs::policy(&ip_set, BTreeMap::new(), &home)
    });
    assert_eq!(compiled.stateful[0].sources.v4.ranges().len(), SET_ENTRIES);
    group.bench_function("compile an IP set of 40,000 addresses", |bencher| {
        bencher.iter(|| inputs::policy(&ip_set, BTreeMap::new(), &home))
    });
    let list = inputs::address_list_group(SET_ENTRIES);
    let compiled = once("compile a rule listing 40,000 addresses", || {
        inputs::policy(&list, BTreeMap::new(), &home)
    });
    assert_eq!(compiled.stateful[0].sources.v4.ranges().len(), SET_ENTRIES);
    group.bench_function("compile a rule listing 40,000 addresses", |bencher| {
        bencher.iter(|| inputs::policy(&list, BTreeMap::new(), &home))
    });

    let compiled = once("compile HOME_NET of 50,000 addresses, 400 rules", || {
        inputs::home_net_policy(HOME_NET_ENTRIES, HOME_NET_RULES)
    });
    assert_eq!(compiled.stateful.len(), HOME_NET_RULES);
    drop(compiled);
    group.bench_function(
        "compile HOME_NET of 50,000 addresses, 400 rules",
        |bencher| bencher.iter(|| inputs::home_net_policy(HOME_NET_ENTRIES, HOME_NET_RULES)),
    );
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
