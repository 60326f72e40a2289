//! The inventory as the page shows it: the counts table (in parts) and the VPC list.

use crate::PageState;
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
                key: key.to_owned(),
                label: label(key),
                count,
            })
            .collect()
    }

    /// The counts table in three parts: the VPC's own resources, what connects it to other
    /// networks, and firewalls and load balancers. A key the page does not know yet (added to the
    /// inventory later) goes to a fourth part, `Other`, rather than being dropped.
    pub fn count_groups(&self) -> Vec<CountGroup> {
        let mut groups: Vec<CountGroup> = COUNT_GROUPS
            .iter()
            .map(|(title, _)| CountGroup {
                title: (*title).to_owned(),
                rows: Vec::new(),
            })
            .collect();
        let mut other = CountGroup {
            title: "Other".to_owned(),
            rows: Vec::new(),
        };
        for row in self.counts() {
            let index = COUNT_GROUPS
                .iter()
                .position(|(_, keys)| keys.contains(&row.key.as_str()));
            match index.and_then(|index| groups.get_mut(index)) {
                Some(group) => group.rows.push(row),
                None => other.rows.push(row),
            }
        }
        groups.push(other);
        groups.retain(|group| !group.rows.is_empty());
        groups
    }

    /// The count for one key of the counts table, `None` for a key the inventory does not have.
    pub fn count(&self, key: &str) -> Option<usize> {
        self.inventory()
            .counts
            .iter()
            .find(|(k, _)| *k == key)
            .map(|&(_, count)| count)
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

/// The parts of the counts table, by key.
const COUNT_GROUPS: &[(&str, &[&str])] = &[
    (
        "Network",
        &[
            "vpcs",
            "subnets",
            "route_tables",
            "security_groups",
            "network_acls",
            "network_interfaces",
            "instances",
        ],
    ),
    (
        "Gateways and connections",
        &[
            "internet_gateways",
            "egress_only_internet_gateways",
            "nat_gateways",
            "vpc_endpoints",
            "vpc_peering_connections",
            "transit_gateways",
            "transit_gateway_attachments",
            "transit_gateway_route_tables",
            "prefix_lists",
        ],
    ),
    (
        "Firewalls and load balancers",
        &[
            "firewalls",
            "firewall_policies",
            "rule_groups",
            "stateful_rules",
            "stateless_rules",
            "load_balancers",
            "target_groups",
        ],
    ),
];

/// A count key in words for people: `nat_gateways` → `NAT gateways`.
fn label(key: &str) -> String {
    if let Some(label) = written_label(key) {
        return label.to_owned();
    }
    // A key added to the inventory later: its words, capitalised.
    let mut text = key.replace('_', " ");
    if let Some(first) = text.get(..1) {
        let upper = first.to_ascii_uppercase();
        text.replace_range(..1, &upper);
    }
    text
}

fn written_label(key: &str) -> Option<&'static str> {
    let label = match key {
        "vpcs" => "VPCs",
        "subnets" => "Subnets",
        "route_tables" => "Route tables",
        "security_groups" => "Security groups",
        "network_acls" => "Network ACLs",
        "network_interfaces" => "Network interfaces",
        "instances" => "Instances",
        "internet_gateways" => "Internet gateways",
        "egress_only_internet_gateways" => "Egress-only internet gateways",
        "nat_gateways" => "NAT gateways",
        "vpc_endpoints" => "VPC endpoints",
        "vpc_peering_connections" => "VPC peering connections",
        "transit_gateways" => "Transit gateways",
        "transit_gateway_attachments" => "Transit gateway attachments",
        "transit_gateway_route_tables" => "Transit gateway route tables",
        "prefix_lists" => "Prefix lists",
        "firewalls" => "Network firewalls",
        "firewall_policies" => "Firewall policies",
        "rule_groups" => "Rule groups",
        "stateful_rules" => "Stateful rules",
        "stateless_rules" => "Stateless rules",
        "load_balancers" => "Load balancers",
        "target_groups" => "Target groups",
        _ => return None,
    };
    Some(label)
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
        let inventory = reach_core::inventory(&reach_core::load(&[]));
        let expected: Vec<&str> = inventory.counts.iter().map(|(key, _)| *key).collect();
        assert_eq!(keys, expected);
        assert!(counts.iter().all(|row| row.count == 0));
    }

    #[test]
    fn every_count_key_has_a_written_label() {
        let labels: Vec<(String, String)> = PageState::new()
            .counts()
            .into_iter()
            .map(|row| (row.key, row.label))
            .collect();
        for (key, _) in &labels {
            assert!(written_label(key).is_some(), "no written label for {key}");
        }
        assert!(labels.contains(&("nat_gateways".to_owned(), "NAT gateways".to_owned())));
        assert!(labels.contains(&("vpcs".to_owned(), "VPCs".to_owned())));
        assert_eq!(label("new_kind_of_thing"), "New kind of thing");
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
