//! Analysis speed (issue 4 targets): one question on the seed lab (< 1 ms), the all-ports
//! question (≤ 3× a single port), one question on the generated large snapshot (< 20 ms).

use criterion::{criterion_group, criterion_main, Criterion};
use reach_core::analysis::Endpoint;
use reach_core::Question;

fn question(source: &str, destination: &str, ports: Option<(u16, u16)>) -> Question {
    Question {
        source: Endpoint::parse(source),
        destination: Endpoint::parse(destination),
        protocol: 6,
        source_ports: None,
        destination_ports: ports,
        icmp: None,
        source_ip: None,
        destination_ip: None,
        application: Default::default(),
        compat: Default::default(),
    }
}

fn analyze(criterion: &mut Criterion) {
    let lab = reach_core::load(&reach_core::demo::seed_lab()).snapshot;
    let one_port = question("i-0454c90477e2bf220", "93.184.216.34", Some((443, 443)));
    let all_ports = question("i-0454c90477e2bf220", "93.184.216.34", None);
    criterion.bench_function("analyze/seed lab, tcp 443", |bencher| {
        bencher.iter(|| reach_core::analyze(&lab, &one_port))
    });
    criterion.bench_function("analyze/seed lab, all ports", |bencher| {
        bencher.iter(|| reach_core::analyze(&lab, &all_ports))
    });
    // The firewall deciding by application: every protocol, server name and ClientHello size
    // its rules make matter, in both modes.
    let tls_variant = reach_core::load(
        &reach_core::demo::seed_lab_variant("10-tls-pass-drop-established-tcp-443")
            .expect("variant"),
    )
    .snapshot;
    criterion.bench_function(
        "analyze/seed lab variant 10 (TLS rule, drop_established), tcp 443",
        |bencher| bencher.iter(|| reach_core::analyze(&tls_variant, &one_port)),
    );
    let mut aws = one_port.clone();
    aws.compat = reach_core::analysis::Compat::Aws;
    criterion.bench_function(
        "analyze/seed lab variant 10, tcp 443, --compat aws",
        |bencher| bencher.iter(|| reach_core::analyze(&tls_variant, &aws)),
    );

    // The 100-VPC transit gateway hub: from the first VPC to the last.
    let hub = reach_core::load(&reach_synth::generate(&reach_synth::Size::hub())).snapshot;
    let in_vpc = |vpc: usize| {
        let vpc = hub.vpcs.keys().nth(vpc).expect("vpc").clone();
        hub.instances
            .values()
            .find(|instance| {
                instance
                    .network_interfaces
                    .first()
                    .and_then(|id| hub.network_interfaces.get(id))
                    .is_some_and(|interface| interface.vpc.as_ref() == Some(&vpc))
            })
            .expect("an instance")
            .id
            .to_string()
    };
    let across = question(&in_vpc(0), &in_vpc(99), Some((1000, 1000)));
    let verdict = reach_core::analyze(&hub, &across).expect("answer").verdict;
    eprintln!("hub: first VPC to last, tcp 1000: {}", verdict.as_str());
    criterion.bench_function("analyze/100-VPC transit gateway hub, tcp 1000", |bencher| {
        bencher.iter(|| reach_core::analyze(&hub, &across))
    });
    let across_all = question(&in_vpc(0), &in_vpc(99), None);
    criterion.bench_function(
        "analyze/100-VPC transit gateway hub, all ports",
        |bencher| bencher.iter(|| reach_core::analyze(&hub, &across_all)),
    );

    let large = reach_core::load(&reach_synth::generate(&reach_synth::Size::large())).snapshot;
    let (source, target) = {
        let mut instances = large.instances.keys();
        let source = instances.next().expect("instances").to_string();
        let target = instances.nth(40).expect("instances").to_string();
        (source, target)
    };
    let east_west = question(&source, &target, Some((1000, 1000)));
    criterion.bench_function("analyze/large snapshot, instance to instance", |bencher| {
        bencher.iter(|| reach_core::analyze(&large, &east_west))
    });
    let to_internet = question(&source, "198.51.100.10", None);
    criterion.bench_function(
        "analyze/large snapshot, to the internet, all ports",
        |bencher| bencher.iter(|| reach_core::analyze(&large, &to_internet)),
    );
}

criterion_group!(benches, analyze);
criterion_main!(benches);
