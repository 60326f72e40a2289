use super::{Definition, Tag};
use serde::Deserialize;
use std::collections::BTreeMap;

/// `aws network-firewall describe-rule-group`: the whole output.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeRuleGroup {
    pub update_token: Option<String>,
    pub rule_group: Option<RuleGroup>,
    pub rule_group_response: RuleGroupResponse,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RuleGroupResponse {
    pub rule_group_arn: String,
    pub rule_group_name: Option<String>,
    pub rule_group_id: Option<String>,
    pub description: Option<String>,
    /// `STATEFUL` or `STATELESS`.
    #[serde(rename = "Type")]
    pub rule_group_type: Option<String>,
    pub capacity: Option<i64>,
    pub rule_group_status: Option<String>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

/// `RuleGroup`: also accepted on its own (a `--query RuleGroup` fragment).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RuleGroup {
    pub rule_variables: Option<RuleVariables>,
    pub reference_sets: Option<ReferenceSets>,
    pub rules_source: Option<RulesSource>,
    pub stateful_rule_options: Option<StatefulRuleOptions>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RuleVariables {
    #[serde(default, rename = "IPSets")]
    pub ip_sets: BTreeMap<String, Definition>,
    #[serde(default)]
    pub port_sets: BTreeMap<String, Definition>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReferenceSets {
    #[serde(default, rename = "IPSetReferences")]
    pub ip_set_references: BTreeMap<String, IpSetReference>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IpSetReference {
    pub reference_arn: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StatefulRuleOptions {
    pub rule_order: Option<String>,
}

/// `RulesSource`: exactly one of its members is set. Also accepted on its own.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RulesSource {
    pub rules_string: Option<String>,
    pub rules_source_list: Option<RulesSourceList>,
    pub stateful_rules: Option<Vec<StatefulRule>>,
    pub stateless_rules_and_custom_actions: Option<StatelessRulesAndCustomActions>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RulesSourceList {
    #[serde(default)]
    pub targets: Vec<String>,
    #[serde(default)]
    pub target_types: Vec<String>,
    pub generated_rules_type: Option<String>,
}

/// A 5-tuple rule of `StatefulRules[]`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StatefulRule {
    pub action: String,
    pub header: StatefulRuleHeader,
    #[serde(default)]
    pub rule_options: Vec<RuleOption>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StatefulRuleHeader {
    pub protocol: String,
    pub source: String,
    pub source_port: String,
    pub direction: String,
    pub destination: String,
    pub destination_port: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RuleOption {
    pub keyword: String,
    #[serde(default)]
    pub settings: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StatelessRulesAndCustomActions {
    #[serde(default)]
    pub stateless_rules: Vec<StatelessRule>,
    #[serde(default)]
    pub custom_actions: Vec<CustomAction>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StatelessRule {
    pub rule_definition: RuleDefinition,
    pub priority: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RuleDefinition {
    pub match_attributes: MatchAttributes,
    #[serde(default)]
    pub actions: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MatchAttributes {
    #[serde(default)]
    pub sources: Vec<AddressDefinition>,
    #[serde(default)]
    pub destinations: Vec<AddressDefinition>,
    #[serde(default)]
    pub source_ports: Vec<FirewallPortRange>,
    #[serde(default)]
    pub destination_ports: Vec<FirewallPortRange>,
    #[serde(default)]
    pub protocols: Vec<i64>,
    #[serde(default, rename = "TCPFlags")]
    pub tcp_flags: Vec<TcpFlagField>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AddressDefinition {
    pub address_definition: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct FirewallPortRange {
    pub from_port: i64,
    pub to_port: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TcpFlagField {
    #[serde(default)]
    pub flags: Vec<String>,
    #[serde(default)]
    pub masks: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CustomAction {
    pub action_name: String,
}
