use serde::Deserialize;

/// `aws elbv2 describe-target-groups` → `TargetGroups[]`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetGroup {
    pub target_group_arn: String,
    pub target_group_name: Option<String>,
    pub protocol: Option<String>,
    pub port: Option<i64>,
    pub vpc_id: Option<String>,
    /// `instance`, `ip`, `lambda` or `alb`.
    pub target_type: Option<String>,
    #[serde(default)]
    pub load_balancer_arns: Vec<String>,
    pub health_check_protocol: Option<String>,
    pub health_check_port: Option<String>,
    pub ip_address_type: Option<String>,
}

/// `aws elbv2 describe-target-health` → `TargetHealthDescriptions[]` (the target group comes
/// from context).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetHealthDescription {
    pub target: Target,
    pub health_check_port: Option<String>,
    pub target_health: Option<TargetHealth>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Target {
    pub id: String,
    pub port: Option<i64>,
    pub availability_zone: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetHealth {
    /// `healthy`, `unhealthy`, `initial`, `unused`, `draining`, `unavailable`, … kept as text.
    pub state: Option<String>,
    pub reason: Option<String>,
    pub description: Option<String>,
}

/// `aws elbv2 describe-target-group-attributes` → `Attributes[]` (the target group comes from
/// context). Values are text (`"true"`, `"use_load_balancer_configuration"`), as AWS prints them.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetGroupAttribute {
    /// `preserve_client_ip.enabled`, `load_balancing.cross_zone.enabled`, …
    pub key: String,
    pub value: Option<String>,
}
