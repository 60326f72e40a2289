//! The inventory as the page shows it: the counts table (in parts) and the VPC list.

use crate::PageState;
use reach_core::CountKey;
use serde::{Deserialize, Serialize};

/// One row of the counts table, in the fixed order of [`reach_core::Inventory::counts`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountRow {
    /// The key the CLI's JSON uses (`subnets`); the page publishes it as `data-testid="count-<key>"`.
    pub key: String,
    /// The key in words for people (`Subnets`, `NAT gateways`).
    pub label: String,
    /// How many were loaded.
    pub count: usize,
}

/// Rows of the counts table under a heading, so that the page can lay the table out in parts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountGroup {
    /// The heading (`Network`, `Gateways and connections`, …).
    pub title: String,
    /// The rows, in the inventory's order.
    pub rows: Vec<CountRow>,
}

/// A VPC with what it contains, as the inventory counts it; re-exported so that the page's
/// components need only this crate.
pub use reach_core::VpcSummary;

impl PageState {
    /// The counts table, in the fixed order of [`reach_core::Inventory::counts`].
    pub fn counts(&self) -> Vec<CountRow> {
        self.inventory()
            .counts
            .iter()
            .map(|&(key, count)| CountRow {
                key: key.key().to_owned(),
                label: key.label().to_owned(),
                count,
            })
            .collect()
    }

    /// The counts table in parts (the VPC's own resources, what connects it to other networks,
    /// firewalls and load balancers), each in the inventory's order.
    pub fn count_groups(&self) -> Vec<CountGroup> {
        Part::ALL
            .iter()
            .map(|&part| CountGroup {
                title: part.title().to_owned(),
                rows: self
                    .inventory()
                    .counts
                    .iter()
                    .filter(|&&(key, _)| Part::of(key) == part)
                    .map(|&(key, count)| CountRow {
                        key: key.key().to_owned(),
                        label: key.label().to_owned(),
                        count,
                    })
                    .collect(),
            })
            .filter(|group| !group.rows.is_empty())
            .collect()
    }

    /// The count for one key of the counts table (`nat_gateways`), `None` for a key the
    /// inventory does not have.
    pub fn count(&self, key: &str) -> Option<usize> {
        CountKey::from_key(key).map(|key| self.inventory().count(key))
    }

    /// The VPCs, in the inventory's order.
    pub fn vpcs(&self) -> Vec<VpcSummary> {
        self.inventory().vpcs.clone()
    }

    /// The inventory as `reach inventory --format json` prints it, pretty-printed, for the
    /// page's Download and Copy buttons.
    pub fn inventory_json_pretty(&self) -> String {
        let value = reach_report::inventory_json(self.load());
        let mut text = serde_json::to_string_pretty(&value)
            .expect("a serde_json::Value always serializes: its map keys are strings");
        text.push('\n');
        text
    }
}

/// The parts the page lays the counts table out in: the VPC's own resources, what connects it
/// to other networks, and firewalls and load balancers. The page's grouping, not the CLI's, so
/// it lives here; the keys and labels come from [`CountKey`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    Network,
    Connections,
    FirewallsAndLoadBalancers,
}

impl Part {
    const ALL: [Part; 3] = [
        Part::Network,
        Part::Connections,
        Part::FirewallsAndLoadBalancers,
    ];

    fn title(self) -> &'static str {
        match self {
            Part::Network => "Network",
            Part::Connections => "Gateways and connections",
            Part::FirewallsAndLoadBalancers => "Firewalls and load balancers",
        }
    }

    /// An exhaustive match, so that a kind added to the inventory must be given a part.
    fn of(key: CountKey) -> Part {
        use CountKey::*;
        match key {
            Vpcs | Subnets | RouteTables | SecurityGroups | NetworkAcls | NetworkInterfaces
            | Instances => Part::Network,
            InternetGateways
            | EgressOnlyInternetGateways
            | NatGateways
            | VpcEndpoints
            | VpcPeeringConnections
            | TransitGateways
            | TransitGatewayAttachments
            | TransitGatewayRouteTables
            | PrefixLists => Part::Connections,
            Firewalls | FirewallPolicies | RuleGroups | StatefulRules | StatelessRules
            | LoadBalancers | TargetGroups => Part::FirewallsAndLoadBalancers,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{page, SUBNETS, VPCS};

    #[test]
    fn a_new_page_is_empty_but_lists_every_count() {
        let state = PageState::new();
        assert!(state.is_empty());
        assert!(state.files().is_empty() && state.errors().is_empty() && state.vpcs().is_empty());
        let counts = state.counts();
        let keys: Vec<&str> = counts.iter().map(|row| row.key.as_str()).collect();
        let expected: Vec<&str> = CountKey::ALL.iter().map(|key| key.key()).collect();
        assert_eq!(keys, expected);
        assert!(counts.iter().all(|row| row.count == 0));
        assert_eq!(state.count("vpcs"), Some(0));
        assert_eq!(state.count("VPCs"), None);
    }

    #[test]
    fn rows_carry_the_cores_keys_and_labels() {
        let labels: Vec<(String, String)> = PageState::new()
            .counts()
            .into_iter()
            .map(|row| (row.key, row.label))
            .collect();
        assert!(labels.contains(&("nat_gateways".to_owned(), "NAT gateways".to_owned())));
        assert!(labels.contains(&("vpcs".to_owned(), "VPCs".to_owned())));
    }

    #[test]
    fn count_groups_hold_every_count_once_in_order() {
        let state = page(&[("describe-vpcs.json", VPCS)]);
        let groups = state.count_groups();
        let titles: Vec<&str> = groups.iter().map(|group| group.title.as_str()).collect();
        // Every key of today's inventory has a part: no `Other`.
        assert_eq!(
            titles,
            [
                "Network",
                "Gateways and connections",
                "Firewalls and load balancers"
            ]
        );
        // The parts follow the inventory's order, so read one after another they are the table.
        let rows: Vec<CountRow> = groups.into_iter().flat_map(|group| group.rows).collect();
        assert_eq!(rows, state.counts());
        assert_eq!(
            rows[0],
            CountRow {
                key: "vpcs".to_owned(),
                label: "VPCs".to_owned(),
                count: 1
            }
        );
    }

    #[test]
    fn the_vpc_list_carries_names_owners_and_cidrs() {
        let state = page(&[
            ("describe-vpcs.json", VPCS),
            ("describe-subnets.json", SUBNETS),
        ]);
        let vpc = &state.vpcs()[0];
        assert_eq!(vpc.id, "vpc-0a1b");
        assert_eq!(vpc.name.as_deref(), Some("lab"));
        assert_eq!(vpc.owner_id.as_deref(), Some("111122223333"));
        assert_eq!(vpc.cidrs, ["10.0.0.0/16"]);
        assert_eq!(
            (vpc.subnets, vpc.network_interfaces, vpc.instances),
            (2, 0, 0)
        );
    }

    #[test]
    fn the_inventory_json_is_the_cli_json() {
        let mut state = PageState::new();
        state.load_demo();
        let text = state.inventory_json_pretty();
        assert!(text.ends_with("}\n"));
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value, reach_report::inventory_json(state.load()));
        for row in state.counts() {
            assert_eq!(value["counts"][&row.key], row.count, "{}", row.key);
        }
    }
}
