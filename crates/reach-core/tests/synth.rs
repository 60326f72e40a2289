//! The generated snapshots are self-consistent: they load with no errors or diagnostics and
//! with the counts they were generated with.

use reach_synth::{generate, Size};

fn count(load: &reach_core::Load, key: &str) -> usize {
    reach_core::inventory(load)
        .counts
        .iter()
        .find(|(name, _)| name.key() == key)
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

/// The 100-VPC transit gateway hub loads cleanly, and an instance in the first VPC reaches
/// one in the last through the hub, both ways.
#[test]
fn the_transit_gateway_hub_joins_every_vpc() {
    let size = Size::hub();
    let load = reach_core::load(&generate(&size));
    assert!(load.errors.is_empty(), "{:#?}", load.errors.first());
    assert!(
        load.diagnostics.is_empty(),
        "{:#?}",
        load.diagnostics.first()
    );
    assert_eq!(count(&load, "vpcs"), 100);
    let snapshot = &load.snapshot;
    assert_eq!(snapshot.transit_gateway_attachments.len(), 100);
    let in_vpc = |vpc: usize| {
        let vpc = snapshot.vpcs.keys().nth(vpc).expect("vpc").clone();
        snapshot
            .instances
            .values()
            .find(|instance| {
                instance
                    .network_interfaces
                    .first()
                    .and_then(|id| snapshot.network_interfaces.get(id))
                    .is_some_and(|interface| interface.vpc.as_ref() == Some(&vpc))
            })
            .expect("an instance")
            .id
            .to_string()
    };
    let question = reach_core::Question {
        source: reach_core::analysis::Endpoint::parse(&in_vpc(0)),
        destination: reach_core::analysis::Endpoint::parse(&in_vpc(99)),
        protocol: 6,
        source_ports: None,
        destination_ports: Some((1000, 1000)),
        icmp: None,
        source_ip: None,
        destination_ip: None,
        application: Default::default(),
        compat: Default::default(),
    };
    let answer = reach_core::analyze(snapshot, &question).unwrap();
    assert_eq!(
        answer.verdict,
        reach_core::Verdict::Reachable,
        "{}",
        answer.summary
    );
    assert!(
        answer.forward.iter().any(|hop| hop.component.kind
            == reach_core::analysis::ComponentKind::TransitGatewayRouteTable),
        "{}",
        answer.summary
    );
}
