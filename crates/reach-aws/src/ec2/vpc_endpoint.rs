use super::{GroupIdentifier, Tag};
use serde::Deserialize;

/// `aws ec2 describe-vpc-endpoints` → `VpcEndpoints[]`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VpcEndpoint {
    pub vpc_endpoint_id: String,
    /// `Gateway`, `Interface`, `GatewayLoadBalancer`, … kept as text.
    pub vpc_endpoint_type: Option<String>,
    pub vpc_id: Option<String>,
    pub service_name: Option<String>,
    pub state: Option<String>,
    #[serde(default)]
    pub route_table_ids: Vec<String>,
    #[serde(default)]
    pub subnet_ids: Vec<String>,
    #[serde(default)]
    pub groups: Vec<GroupIdentifier>,
    #[serde(default)]
    pub network_interface_ids: Vec<String>,
    pub owner_id: Option<String>,
    pub private_dns_enabled: Option<bool>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

/// `aws ec2 describe-vpc-endpoint-services` → `ServiceDetails[]`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ServiceDetail {
    pub service_name: String,
    pub service_id: Option<String>,
    #[serde(default)]
    pub service_type: Vec<ServiceTypeDetail>,
    #[serde(default)]
    pub availability_zones: Vec<String>,
    pub owner: Option<String>,
    pub acceptance_required: Option<bool>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ServiceTypeDetail {
    pub service_type: String,
}

/// `aws ec2 describe-vpc-endpoint-service-configurations` → `ServiceConfigurations[]`: the
/// provider's side of an endpoint service, the only output that names its load balancers.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ServiceConfiguration {
    pub service_id: String,
    pub service_name: Option<String>,
    #[serde(default)]
    pub service_type: Vec<ServiceTypeDetail>,
    /// `Available`, `Pending`, `Deleting`, `Failed`, … kept as text.
    pub service_state: Option<String>,
    #[serde(default)]
    pub availability_zones: Vec<String>,
    pub acceptance_required: Option<bool>,
    #[serde(default)]
    pub network_load_balancer_arns: Vec<String>,
    #[serde(default)]
    pub gateway_load_balancer_arns: Vec<String>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

/// `aws ec2 describe-vpc-endpoint-connections` → `VpcEndpointConnections[]`: the provider's
/// view of each consumer endpoint, with the acceptance state.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VpcEndpointConnection {
    pub service_id: Option<String>,
    pub vpc_endpoint_id: String,
    pub vpc_endpoint_owner: Option<String>,
    /// `pendingAcceptance`, `available`, `rejected`, … kept as text.
    pub vpc_endpoint_state: Option<String>,
    #[serde(default)]
    pub network_load_balancer_arns: Vec<String>,
    #[serde(default)]
    pub gateway_load_balancer_arns: Vec<String>,
}
