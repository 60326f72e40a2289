//! Elastic Load Balancing v2: load balancers, listeners, target groups.

use super::Origin;
use crate::ids::*;

/// A load balancer (`describe-load-balancers`).
#[derive(Clone, Debug)]
pub struct LoadBalancer {
    /// Its ARN.
    pub arn: LoadBalancerArn,
    /// Its name.
    pub name: String,
    /// `application`, `network` or `gateway`.
    pub load_balancer_type: LoadBalancerType,
    /// `internet-facing` or `internal`.
    pub scheme: Option<String>,
    /// Its VPC.
    pub vpc: Option<VpcId>,
    /// Its subnets, one per enabled Availability Zone.
    pub subnets: Vec<SubnetId>,
    /// Its security groups.
    pub security_groups: Vec<SecurityGroupId>,
    /// `active`, `provisioning`, … as AWS says.
    pub state: Option<LoadBalancerState>,
    /// Its `load_balancing.cross_zone.enabled` attribute; `None` while
    /// `describe-load-balancer-attributes` was not exported for it (or does not print it).
    pub cross_zone: Option<bool>,
    /// Where it came from.
    pub origin: Origin,
}

/// A target group's `load_balancing.cross_zone.enabled` attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CrossZone {
    /// `true`: every node uses the targets of every enabled zone.
    Enabled,
    /// `false`: a node uses its own zone's targets only.
    Disabled,
    /// `use_load_balancer_configuration`: as the load balancer's own attribute says.
    UseLoadBalancer,
}

/// A listener (`describe-listeners`), with its rules (`describe-rules`).
#[derive(Clone, Debug)]
pub struct Listener {
    /// Its ARN.
    pub arn: ListenerArn,
    /// Its load balancer.
    pub load_balancer: Option<LoadBalancerArn>,
    /// The port it listens on.
    pub port: Option<u16>,
    /// `HTTP`, `HTTPS`, `TCP`, `UDP`, `TLS`, `TCP_UDP`, `GENEVE`.
    pub protocol: Option<LoadBalancerProtocol>,
    /// Target groups its default actions forward to.
    pub default_target_groups: Vec<TargetGroupArn>,
    /// Its rules; `None` while `describe-rules` was not exported for it.
    pub rules: Option<Vec<ListenerRule>>,
    /// Where it came from.
    pub origin: Origin,
}

/// A listener rule.
#[derive(Clone, Debug)]
pub struct ListenerRule {
    /// Its ARN.
    pub arn: ListenerRuleArn,
    /// Its priority, or `default`.
    pub priority: Option<String>,
    /// Target groups it forwards to.
    pub target_groups: Vec<TargetGroupArn>,
}

/// A target group (`describe-target-groups`), with its targets' health (`describe-target-health`).
#[derive(Clone, Debug)]
pub struct TargetGroup {
    /// Its ARN.
    pub arn: TargetGroupArn,
    /// Its name.
    pub name: String,
    /// `instance`, `ip`, `lambda` or `alb`.
    pub target_type: Option<TargetType>,
    /// The protocol targets are reached with.
    pub protocol: Option<LoadBalancerProtocol>,
    /// The port targets are reached on, unless a target names its own.
    pub port: Option<u16>,
    /// Its VPC.
    pub vpc: Option<VpcId>,
    /// Load balancers that route to it.
    pub load_balancers: Vec<LoadBalancerArn>,
    /// Its targets; `None` while `describe-target-health` was not exported for it.
    pub targets: Option<Vec<TargetHealth>>,
    /// Its `load_balancing.cross_zone.enabled` attribute; `None` while
    /// `describe-target-group-attributes` was not exported for it (or does not print it).
    pub cross_zone: Option<CrossZone>,
    /// Its `preserve_client_ip.enabled` attribute (Network Load Balancer target groups);
    /// `None` while `describe-target-group-attributes` was not exported for it (or does not
    /// print it).
    pub preserve_client_ip: Option<bool>,
    /// Where it came from.
    pub origin: Origin,
}

/// One registered target and its health.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetHealth {
    /// An instance id, an IP address, a Lambda function or an ALB ARN.
    pub id: String,
    /// Its port.
    pub port: Option<u16>,
    /// Its Availability Zone (`all` for IP targets outside the VPC).
    pub availability_zone: Option<String>,
    /// `healthy`, `unhealthy`, `initial`, `unused`, `draining`, `unavailable`.
    pub state: Option<TargetHealthState>,
    /// The reason AWS gives for a state other than healthy.
    pub reason: Option<String>,
}

aws_enum! {
    /// A load balancer's `Type`.
    #[allow(missing_docs)]
    pub enum LoadBalancerType {
        Application = "application",
        Network = "network",
        Gateway = "gateway",
    }
}

aws_enum! {
    /// A load balancer's `State.Code`.
    #[allow(missing_docs)]
    pub enum LoadBalancerState {
        Active = "active",
        Provisioning = "provisioning",
        ActiveImpaired = "active_impaired",
        Failed = "failed",
    }
}

aws_enum! {
    /// A listener's or target group's `Protocol` (AWS's `ProtocolEnum`).
    #[allow(missing_docs)]
    pub enum LoadBalancerProtocol {
        Http = "HTTP",
        Https = "HTTPS",
        Tcp = "TCP",
        Tls = "TLS",
        Udp = "UDP",
        TcpUdp = "TCP_UDP",
        Geneve = "GENEVE",
        Quic = "QUIC",
        TcpQuic = "TCP_QUIC",
    }
}

aws_enum! {
    /// A target group's `TargetType`.
    #[allow(missing_docs)]
    pub enum TargetType {
        Instance = "instance",
        Ip = "ip",
        Lambda = "lambda",
        Alb = "alb",
    }
}

aws_enum! {
    /// A target's `TargetHealth.State`.
    #[allow(missing_docs)]
    pub enum TargetHealthState {
        Initial = "initial",
        Healthy = "healthy",
        Unhealthy = "unhealthy",
        UnhealthyDraining = "unhealthy.draining",
        Unused = "unused",
        Draining = "draining",
        Unavailable = "unavailable",
    }
}
