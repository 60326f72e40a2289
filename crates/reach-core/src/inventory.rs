//! `reach inventory`: what the input holds, counted.

use crate::load::Load;
use crate::model::RuleGroup;

/// Counts per resource kind, in a fixed order, plus a summary per VPC.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inventory {
    /// `(key, count)`, keys as `reach inventory --format json` prints them, every key present.
    pub counts: Vec<(&'static str, usize)>,
    /// One line per VPC.
    pub vpcs: Vec<VpcSummary>,
}

/// A VPC and what is in it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct VpcSummary {
    /// Its id.
    pub id: String,
    /// Its `Name` tag.
    pub name: Option<String>,
    /// Its CIDR blocks.
    pub cidrs: Vec<String>,
    /// The owning account.
    pub owner_id: Option<String>,
    /// The region, when the input says.
    pub region: Option<String>,
    /// Its subnets.
    pub subnets: usize,
    /// Its network interfaces.
    pub network_interfaces: usize,
    /// Its instances.
    pub instances: usize,
}

/// Counts what `load` produced.
pub fn inventory(load: &Load) -> Inventory {
    let snapshot = &load.snapshot;
    let rules = |stateful: bool| -> usize {
        snapshot
            .rule_groups
            .values()
            .filter(|group: &&RuleGroup| group.stateful == stateful)
            .map(|group| group.rule_count)
            .sum()
    };
    let counts = vec![
        ("vpcs", snapshot.vpcs.len()),
        ("subnets", snapshot.subnets.len()),
        ("route_tables", snapshot.route_tables.len()),
        ("security_groups", snapshot.security_groups.len()),
        ("network_acls", snapshot.network_acls.len()),
        ("network_interfaces", snapshot.network_interfaces.len()),
        ("instances", snapshot.instances.len()),
        ("internet_gateways", snapshot.internet_gateways.len()),
        (
            "egress_only_internet_gateways",
            snapshot.egress_only_internet_gateways.len(),
        ),
        ("nat_gateways", snapshot.nat_gateways.len()),
        ("vpc_endpoints", snapshot.vpc_endpoints.len()),
        (
            "vpc_peering_connections",
            snapshot.vpc_peering_connections.len(),
        ),
        ("transit_gateways", snapshot.transit_gateways.len()),
        (
            "transit_gateway_attachments",
            snapshot.transit_gateway_attachments.len(),
        ),
        (
            "transit_gateway_route_tables",
            snapshot.transit_gateway_route_tables.len(),
        ),
        ("prefix_lists", snapshot.prefix_lists.len()),
        ("firewalls", snapshot.firewalls.len()),
        ("firewall_policies", snapshot.firewall_policies.len()),
        ("rule_groups", snapshot.rule_groups.len()),
        ("stateful_rules", rules(true)),
        ("stateless_rules", rules(false)),
        ("load_balancers", snapshot.load_balancers.len()),
        ("target_groups", snapshot.target_groups.len()),
    ];
    let vpcs = snapshot
        .vpcs
        .values()
        .map(|vpc| VpcSummary {
            id: vpc.id.to_string(),
            name: vpc.name.clone(),
            cidrs: vpc.cidrs.iter().map(ToString::to_string).collect(),
            owner_id: vpc.owner_id.clone(),
            region: vpc.origin.region.clone(),
            subnets: snapshot
                .subnets
                .values()
                .filter(|subnet| subnet.vpc == vpc.id)
                .count(),
            network_interfaces: snapshot
                .network_interfaces
                .values()
                .filter(|interface| interface.vpc.as_ref() == Some(&vpc.id))
                .count(),
            instances: snapshot
                .instances
                .values()
                .filter(|instance| instance.vpc.as_ref() == Some(&vpc.id))
                .count(),
        })
        .collect();
    Inventory { counts, vpcs }
}
