use serde::Deserialize;

/// `aws elbv2 describe-listeners` → `Listeners[]`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Listener {
    pub listener_arn: String,
    pub load_balancer_arn: Option<String>,
    pub port: Option<i64>,
    pub protocol: Option<String>,
    #[serde(default)]
    pub default_actions: Vec<Action>,
}

/// A listener's or a rule's action.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Action {
    /// `forward`, `redirect`, `fixed-response`, `authenticate-oidc`, … kept as text.
    #[serde(rename = "Type")]
    pub action_type: String,
    pub target_group_arn: Option<String>,
    pub forward_config: Option<ForwardConfig>,
    pub order: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ForwardConfig {
    #[serde(default)]
    pub target_groups: Vec<TargetGroupTuple>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetGroupTuple {
    pub target_group_arn: String,
    pub weight: Option<i64>,
}

/// `aws elbv2 describe-rules` → `Rules[]`. The listener is part of the rule's ARN.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Rule {
    pub rule_arn: String,
    /// A number as text, or `default`.
    pub priority: Option<String>,
    #[serde(default)]
    pub conditions: Vec<serde_json::Value>,
    #[serde(default)]
    pub actions: Vec<Action>,
    pub is_default: Option<bool>,
}
