//! Importing the generated large snapshot (issue 3 target: under 1 s natively).

use criterion::{criterion_group, criterion_main, Criterion};

fn import(criterion: &mut Criterion) {
    let files = reach_synth::generate(&reach_synth::Size::large());
    let bytes: usize = files.iter().map(|file| file.bytes.len()).sum();
    eprintln!(
        "large snapshot: {} files, {:.1} MB",
        files.len(),
        bytes as f64 / 1e6
    );
    let mut group = criterion.benchmark_group("import");
    group.sample_size(10);
    group.bench_function(
        "large snapshot (50 VPCs, 5,000 interfaces, 2,000 security groups)",
        |bencher| bencher.iter(|| reach_core::load(&files)),
    );
    group.finish();
}

criterion_group!(benches, import);
criterion_main!(benches);
