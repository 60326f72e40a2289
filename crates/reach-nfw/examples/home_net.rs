//! Compiles a policy whose `HOME_NET` holds 50,000 addresses, used by 400 rules (issue 12),
//! and inspects one flow through it: run under `/usr/bin/time -v` to read its peak memory.
//! `cargo run --profile bench -p reach-nfw --example home_net [ENTRIES RULES]`

#[path = "../benches/inputs/mod.rs"]
mod inputs;

use reach_nfw::{Scenario, Sides};
use reach_space::{address_number, Cube, IntervalSet, Space};

fn main() {
    let mut args = std::env::args().skip(1);
    let entries = args.next().and_then(|n| n.parse().ok()).unwrap_or(50_000);
    let rules = args.next().and_then(|n| n.parse().ok()).unwrap_or(400);
    let policy = inputs::home_net_policy(entries, rules);
    let (family, client) = address_number(inputs::address(7).parse().expect("generated"));
    let (_, server) = address_number("198.51.100.9".parse().expect("constant"));
    let flow = Space::from_cube(Cube {
        family,
        protocols: IntervalSet::single(6),
        sources: IntervalSet::single(client),
        destinations: IntervalSet::single(server),
        source_ports: IntervalSet::range(1024, 65_535),
        destination_ports: IntervalSet::range(0, 65_535),
    });
    let outcomes = reach_nfw::inspect(&policy, &flow, &Scenario::plain(), Sides::Both);
    println!(
        "HOME_NET of {entries} addresses, {} rules: {} outcomes",
        policy.stateful.len(),
        outcomes.len()
    );
}
