//! `reach inventory`: what the input holds, counted.

use crate::load::Load;
use crate::model::RuleGroup;

/// Counts per resource kind, in a fixed order, plus a summary per VPC.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inventory {
    /// Every kind, in the order of [`CountKey::ALL`], with how many were loaded (0 when none).
    pub counts: Vec<(CountKey, usize)>,
    /// One line per VPC.
    pub vpcs: Vec<VpcSummary>,
}

/// Declares [`CountKey`] from one table, so that a kind's variant, key and label are written
/// once, side by side, and [`CountKey::ALL`] cannot miss a kind.
macro_rules! count_keys {
    ($($(#[$doc:meta])* $variant:ident => $key:literal, $label:literal;)*) => {
        /// A kind of thing the inventory counts. Its [`key`](CountKey::key) is what
        /// `reach inventory` prints (and the web page publishes as `data-testid="count-<key>"`),
        /// its [`label`](CountKey::label) the same in words for people. Front ends take both
        /// from here rather than spelling them again.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum CountKey {
            $($(#[$doc])* $variant,)*
        }

        impl CountKey {
            /// Every kind, in the order `reach inventory` lists them.
            pub const ALL: &'static [CountKey] = &[$(CountKey::$variant,)*];

            /// The key in `reach inventory --format json` (`nat_gateways`).
            pub fn key(self) -> &'static str {
                match self {
                    $(CountKey::$variant => $key,)*
                }
            }

            /// The kind in words for people (`NAT gateways`).
            pub fn label(self) -> &'static str {
                match self {
                    $(CountKey::$variant => $label,)*
                }
            }
        }
    };
}

count_keys! {
    /// VPCs.
    Vpcs => "vpcs", "VPCs";
    /// Subnets.
    Subnets => "subnets", "Subnets";
    /// Route tables.
    RouteTables => "route_tables", "Route tables";
    /// Security groups.
    SecurityGroups => "security_groups", "Security groups";
    /// Network ACLs.
    NetworkAcls => "network_acls", "Network ACLs";
    /// Network interfaces.
    NetworkInterfaces => "network_interfaces", "Network interfaces";
    /// EC2 instances.
    Instances => "instances", "Instances";
    /// Internet gateways.
    InternetGateways => "internet_gateways", "Internet gateways";
    /// Egress-only internet gateways.
    EgressOnlyInternetGateways => "egress_only_internet_gateways", "Egress-only internet gateways";
    /// NAT gateways.
    NatGateways => "nat_gateways", "NAT gateways";
    /// VPC endpoints.
    VpcEndpoints => "vpc_endpoints", "VPC endpoints";
    /// VPC peering connections.
    VpcPeeringConnections => "vpc_peering_connections", "VPC peering connections";
    /// Transit gateways.
    TransitGateways => "transit_gateways", "Transit gateways";
    /// Transit gateway attachments.
    TransitGatewayAttachments => "transit_gateway_attachments", "Transit gateway attachments";
    /// Transit gateway route tables.
    TransitGatewayRouteTables => "transit_gateway_route_tables", "Transit gateway route tables";
    /// Prefix lists, managed and AWS's.
    PrefixLists => "prefix_lists", "Prefix lists";
    /// AWS Network Firewall firewalls.
    Firewalls => "firewalls", "Network firewalls";
    /// Firewall policies.
    FirewallPolicies => "firewall_policies", "Firewall policies";
    /// Rule groups, stateful and stateless.
    RuleGroups => "rule_groups", "Rule groups";
    /// The rules of all stateful rule groups.
    StatefulRules => "stateful_rules", "Stateful rules";
    /// The rules of all stateless rule groups.
    StatelessRules => "stateless_rules", "Stateless rules";
    /// Elastic load balancers.
    LoadBalancers => "load_balancers", "Load balancers";
    /// Target groups.
    TargetGroups => "target_groups", "Target groups";
}

impl CountKey {
    /// The kind whose [`key`](CountKey::key) this is.
    pub fn from_key(key: &str) -> Option<CountKey> {
        CountKey::ALL.iter().copied().find(|kind| kind.key() == key)
    }
}

impl Inventory {
    /// How many of this kind were loaded.
    pub fn count(&self, key: CountKey) -> usize {
        self.counts
            .iter()
            .find(|(counted, _)| *counted == key)
            .map_or(0, |&(_, count)| count)
    }
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
    // An exhaustive match, so that a new kind does not compile until it is counted.
    let count = |key: CountKey| match key {
        CountKey::Vpcs => snapshot.vpcs.len(),
        CountKey::Subnets => snapshot.subnets.len(),
        CountKey::RouteTables => snapshot.route_tables.len(),
        CountKey::SecurityGroups => snapshot.security_groups.len(),
        CountKey::NetworkAcls => snapshot.network_acls.len(),
        CountKey::NetworkInterfaces => snapshot.network_interfaces.len(),
        CountKey::Instances => snapshot.instances.len(),
        CountKey::InternetGateways => snapshot.internet_gateways.len(),
        CountKey::EgressOnlyInternetGateways => snapshot.egress_only_internet_gateways.len(),
        CountKey::NatGateways => snapshot.nat_gateways.len(),
        CountKey::VpcEndpoints => snapshot.vpc_endpoints.len(),
        CountKey::VpcPeeringConnections => snapshot.vpc_peering_connections.len(),
        CountKey::TransitGateways => snapshot.transit_gateways.len(),
        CountKey::TransitGatewayAttachments => snapshot.transit_gateway_attachments.len(),
        CountKey::TransitGatewayRouteTables => snapshot.transit_gateway_route_tables.len(),
        CountKey::PrefixLists => snapshot.prefix_lists.len(),
        CountKey::Firewalls => snapshot.firewalls.len(),
        CountKey::FirewallPolicies => snapshot.firewall_policies.len(),
        CountKey::RuleGroups => snapshot.rule_groups.len(),
        CountKey::StatefulRules => rules(true),
        CountKey::StatelessRules => rules(false),
        CountKey::LoadBalancers => snapshot.load_balancers.len(),
        CountKey::TargetGroups => snapshot.target_groups.len(),
    };
    let counts = CountKey::ALL.iter().map(|&key| (key, count(key))).collect();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_own_key_and_label() {
        let keys: std::collections::BTreeSet<&str> =
            CountKey::ALL.iter().map(|kind| kind.key()).collect();
        let labels: std::collections::BTreeSet<&str> =
            CountKey::ALL.iter().map(|kind| kind.label()).collect();
        assert_eq!((keys.len(), labels.len()), (23, 23));
        for &kind in CountKey::ALL {
            assert_eq!(CountKey::from_key(kind.key()), Some(kind));
        }
        assert_eq!(CountKey::from_key("NAT gateways"), None);
        assert_eq!(CountKey::NatGateways.label(), "NAT gateways");
    }

    #[test]
    fn an_empty_load_lists_every_kind_at_zero() {
        let inventory = inventory(&crate::load(&[]));
        let kinds: Vec<CountKey> = inventory.counts.iter().map(|&(kind, _)| kind).collect();
        assert_eq!(kinds, CountKey::ALL);
        assert_eq!(inventory.count(CountKey::Vpcs), 0);
    }
}
