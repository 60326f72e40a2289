use super::{Definition, Tag};
use serde::Deserialize;
use std::collections::BTreeMap;

/// `aws network-firewall describe-firewall-policy`: the whole output.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeFirewallPolicy {
    pub update_token: Option<String>,
    pub firewall_policy_response: FirewallPolicyResponse,
    pub firewall_policy: Option<FirewallPolicy>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct FirewallPolicyResponse {
    pub firewall_policy_name: Option<String>,
    pub firewall_policy_arn: String,
    pub firewall_policy_id: Option<String>,
    pub description: Option<String>,
    pub firewall_policy_status: Option<String>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

/// `FirewallPolicy`: also accepted on its own (a `--query FirewallPolicy` fragment).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct FirewallPolicy {
    #[serde(default)]
    pub stateless_rule_group_references: Vec<StatelessRuleGroupReference>,
    #[serde(default)]
    pub stateless_default_actions: Vec<String>,
    #[serde(default)]
    pub stateless_fragment_default_actions: Vec<String>,
    #[serde(default)]
    pub stateless_custom_actions: Vec<CustomActionRef>,
    #[serde(default)]
    pub stateful_rule_group_references: Vec<StatefulRuleGroupReference>,
    #[serde(default)]
    pub stateful_default_actions: Vec<String>,
    pub stateful_engine_options: Option<StatefulEngineOptions>,
    #[serde(rename = "TLSInspectionConfigurationArn")]
    pub tls_inspection_configuration_arn: Option<String>,
    pub policy_variables: Option<PolicyVariables>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StatelessRuleGroupReference {
    pub resource_arn: String,
    pub priority: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CustomActionRef {
    pub action_name: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StatefulRuleGroupReference {
    pub resource_arn: String,
    pub priority: Option<i64>,
    #[serde(rename = "Override")]
    pub override_action: Option<StatefulRuleGroupOverride>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StatefulRuleGroupOverride {
    pub action: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StatefulEngineOptions {
    /// `DEFAULT_ACTION_ORDER` or `STRICT_ORDER`.
    pub rule_order: Option<String>,
    pub stream_exception_policy: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PolicyVariables {
    #[serde(default)]
    pub rule_variables: BTreeMap<String, Definition>,
}
