//! The generated snapshots are self-consistent: they load with no errors or diagnostics and
//! with the counts they were generated with.

use reach_synth::{generate, Size};

fn count(load: &reach_core::Load, key: &str) -> usize {
    reach_core::inventory(load)
        .counts
        .iter()
        .find(|(name, _)| *name == key)
        .map(|(_, count)| *count)
        .unwrap_or(usize::MAX)
}

#[test]
fn small_synthetic_snapshot_is_complete() {
    let size = Size::small();
    let load = reach_core::load(&generate(&size));
    assert!(load.errors.is_empty(), "{:#?}", load.errors);
    assert!(load.diagnostics.is_empty(), "{:#?}", load.diagnostics);
    assert_eq!(count(&load, "vpcs"), size.vpcs);
    assert_eq!(count(&load, "route_tables"), size.route_tables);
    assert_eq!(count(&load, "security_groups"), size.security_groups);
    assert_eq!(count(&load, "instances"), size.network_interfaces);
    // Each instance's interface, plus one NAT gateway interface per VPC.
    assert_eq!(
        count(&load, "network_interfaces"),
        size.network_interfaces + size.vpcs
    );
    assert_eq!(count(&load, "firewalls"), size.firewalls);
    assert_eq!(count(&load, "stateful_rules"), 50 * size.firewalls);
    assert_eq!(count(&load, "stateless_rules"), 2 * size.firewalls);
}

#[test]
fn large_synthetic_snapshot_has_the_benchmark_size() {
    let size = Size::large();
    let load = reach_core::load(&generate(&size));
    assert!(load.errors.is_empty(), "{:#?}", load.errors.first());
    assert!(
        load.diagnostics.is_empty(),
        "{:#?}",
        load.diagnostics.first()
    );
    assert_eq!(count(&load, "vpcs"), 50);
    assert_eq!(count(&load, "network_interfaces"), 5_000 + 50);
    assert_eq!(count(&load, "security_groups"), 2_000);
    assert_eq!(count(&load, "route_tables"), 1_000);
    assert_eq!(count(&load, "firewalls"), 10);
    let rules: usize = load
        .snapshot
        .security_groups
        .values()
        .map(|group| group.ingress.len() + group.egress.len())
        .sum();
    assert_eq!(rules, 2_000 * 20);
}
