use serde::Deserialize;

/// `aws elbv2 describe-load-balancers` → `LoadBalancers[]`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LoadBalancer {
    pub load_balancer_arn: String,
    pub load_balancer_name: Option<String>,
    #[serde(rename = "DNSName")]
    pub dns_name: Option<String>,
    /// `internet-facing` or `internal`.
    pub scheme: Option<String>,
    pub vpc_id: Option<String>,
    pub state: Option<LoadBalancerState>,
    /// `application`, `network` or `gateway`.
    #[serde(rename = "Type")]
    pub load_balancer_type: Option<String>,
    #[serde(default)]
    pub availability_zones: Vec<LoadBalancerAvailabilityZone>,
    #[serde(default)]
    pub security_groups: Vec<String>,
    pub ip_address_type: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LoadBalancerState {
    pub code: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LoadBalancerAvailabilityZone {
    pub zone_name: Option<String>,
    pub subnet_id: Option<String>,
    #[serde(default)]
    pub load_balancer_addresses: Vec<LoadBalancerAddress>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LoadBalancerAddress {
    pub ip_address: Option<String>,
    pub allocation_id: Option<String>,
    #[serde(rename = "PrivateIPv4Address")]
    pub private_ipv4_address: Option<String>,
}

/// `aws elbv2 describe-load-balancer-attributes` → `Attributes[]` (the load balancer comes
/// from context), and Batfish's `LoadBalancerAttributes[].Attributes[]`. Values are text
/// (`"true"`, `"60"`), as AWS prints them.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LoadBalancerAttribute {
    /// `load_balancing.cross_zone.enabled`, `deletion_protection.enabled`, …
    pub key: String,
    pub value: Option<String>,
}
