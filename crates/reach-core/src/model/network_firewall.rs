//! AWS Network Firewall: firewalls, their policies and rule groups, kept close to AWS's
//! shape. `lower::network_firewall::spec` reads policies and rule groups into `reach-nfw`'s
//! input, which compiles them into its own rule sets.

use super::Origin;
use crate::ids::*;
use reach_aws::network_firewall::{firewall_policy, rule_group};

/// A firewall (`describe-firewall`).
#[derive(Clone, Debug)]
pub struct Firewall {
    /// Its ARN.
    pub arn: FirewallArn,
    /// Its name.
    pub name: String,
    /// Its policy.
    pub policy: Option<FirewallPolicyArn>,
    /// Its VPC (absent for a firewall attached to a transit gateway).
    pub vpc: Option<VpcId>,
    /// Subnets it has endpoints in.
    pub subnets: Vec<SubnetId>,
    /// Its endpoints, one per Availability Zone.
    pub endpoints: Vec<FirewallEndpoint>,
    /// The transit gateway it is attached to, when it is.
    pub transit_gateway: Option<TransitGatewayId>,
    /// Its attachment to that transit gateway (`network-function`), which takes the place of
    /// endpoints in a VPC.
    pub transit_gateway_attachment: Option<TransitGatewayAttachmentId>,
    /// That attachment's status (`READY`, `CREATING`, …), as AWS says.
    pub transit_gateway_attachment_status: Option<FirewallTransitGatewayAttachmentStatus>,
    /// `READY`, `PROVISIONING`, `DELETING`, as AWS says.
    pub status: Option<FirewallStatus>,
    /// Where it came from (`list-firewalls` only, until `describe-firewall` is read).
    pub origin: Origin,
}

/// A firewall endpoint: what routes point at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FirewallEndpoint {
    /// The Availability Zone.
    pub availability_zone: String,
    /// The endpoint (`vpce-…`).
    pub endpoint: Option<VpcEndpointId>,
    /// The subnet it is in.
    pub subnet: Option<SubnetId>,
    /// `READY`, `CREATING`, `FAILED`, … as AWS says.
    pub status: Option<FirewallAttachmentStatus>,
}

/// A firewall policy (`describe-firewall-policy`), as AWS describes it.
#[derive(Clone, Debug)]
pub struct FirewallPolicy {
    /// Its ARN.
    pub arn: FirewallPolicyArn,
    /// Its name.
    pub name: String,
    /// The policy; `None` when only the response metadata was exported.
    pub policy: Option<firewall_policy::FirewallPolicy>,
    /// Where it came from.
    pub origin: Origin,
}

/// A rule group (`describe-rule-group`), as AWS describes it.
#[derive(Clone, Debug)]
pub struct RuleGroup {
    /// Its ARN.
    pub arn: RuleGroupArn,
    /// Its name.
    pub name: String,
    /// Stateful or stateless.
    pub stateful: bool,
    /// The rule group; `None` when only the response metadata was exported.
    pub rule_group: Option<rule_group::RuleGroup>,
    /// How many rules it holds: 5-tuple rules, rule lines of a `RulesString` (split as the
    /// engine splits them, `reach_nfw::suricata::rule_lines`), generated domain rules, or
    /// stateless rules.
    pub rule_count: usize,
    /// Where it came from.
    pub origin: Origin,
}

/// A TLS inspection configuration (`describe-tls-inspection-configuration`).
#[derive(Clone, Debug)]
pub struct TlsInspectionConfiguration {
    /// Its ARN.
    pub arn: TlsInspectionConfigurationArn,
    /// Its name.
    pub name: Option<String>,
    /// The scopes of its server certificate configurations: the flows it decrypts.
    pub scopes: Vec<reach_nfw::spec::MatchAttributes>,
    /// Where it came from.
    pub origin: Origin,
}

aws_enum! {
    /// A firewall's `FirewallStatus.Status`.
    #[allow(missing_docs)]
    pub enum FirewallStatus {
        Provisioning = "PROVISIONING",
        Deleting = "DELETING",
        Ready = "READY",
    }
}

aws_enum! {
    /// A firewall endpoint's `Attachment.Status` (AWS's `AttachmentStatus`).
    #[allow(missing_docs)]
    pub enum FirewallAttachmentStatus {
        Creating = "CREATING",
        Deleting = "DELETING",
        Failed = "FAILED",
        Error = "ERROR",
        Scaling = "SCALING",
        Ready = "READY",
    }
}

aws_enum! {
    /// A firewall's `TransitGatewayAttachmentSyncState.TransitGatewayAttachmentStatus`.
    #[allow(missing_docs)]
    pub enum FirewallTransitGatewayAttachmentStatus {
        Creating = "CREATING",
        Deleting = "DELETING",
        Deleted = "DELETED",
        Failed = "FAILED",
        Error = "ERROR",
        Ready = "READY",
        PendingAcceptance = "PENDING_ACCEPTANCE",
        Rejecting = "REJECTING",
        Rejected = "REJECTED",
    }
}
