//! What the Elastic Load Balancing exports say about a load balancer: its nodes, listeners,
//! target groups, targets and their zones, which targets get traffic, and the attributes that
//! decide which zones' targets a node uses and which address a target sees (AWS's defaults
//! where the exports do not hold them). A leaf: the load balancer, PrivateLink and Gateway
//! Load Balancer walks ask it; it asks none of them.

use super::{Component, ComponentKind, Endpoint};
use crate::model::{
    CrossZone, LoadBalancer, LoadBalancerProtocol, LoadBalancerType, NetworkInterface, Snapshot,
    TargetGroup, TargetHealth, TargetHealthState, TargetType,
};
use std::net::IpAddr;

/// Whether a node sends a target group's connections to the targets of every enabled zone,
/// and which attributes that was taken from AWS's defaults for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct CrossZoneSetting {
    /// Cross-zone load balancing is on: zones do not limit which targets a node uses.
    pub on: bool,
    /// The target group's attribute is not in the input (its default: the load balancer's).
    pub target_group_assumed: bool,
    /// The load balancer's attribute is needed and not in the input (its default: off).
    pub load_balancer_assumed: bool,
}

impl CrossZoneSetting {
    /// Whether any default was assumed.
    pub(crate) fn assumed(self) -> bool {
        self.target_group_assumed || self.load_balancer_assumed
    }
}

/// A target group's cross-zone load balancing. The group's attribute decides (`true`,
/// `false`), or defers to the load balancer (`use_load_balancer_configuration`, also its
/// default). An Application Load Balancer has it always on; a Network or Gateway Load
/// Balancer off unless its attribute says otherwise ("Cross-zone load balancing for target
/// groups" in the Application and Network Load Balancer guides; pinned by
/// `a_network_load_balancer_with_cross_zone_on_uses_the_other_zones_target` in
/// tests/analyze.rs).
pub(crate) fn cross_zone(lb: &LoadBalancer, group: &TargetGroup) -> CrossZoneSetting {
    let from_load_balancer = |target_group_assumed: bool| {
        let (on, load_balancer_assumed) = match (&lb.load_balancer_type, lb.cross_zone) {
            (LoadBalancerType::Application, _) => (true, false),
            (_, Some(on)) => (on, false),
            (_, None) => (false, true),
        };
        CrossZoneSetting {
            on,
            target_group_assumed,
            load_balancer_assumed,
        }
    };
    let known = |on: bool| CrossZoneSetting {
        on,
        target_group_assumed: false,
        load_balancer_assumed: false,
    };
    match group.cross_zone {
        Some(CrossZone::Enabled) => known(true),
        Some(CrossZone::Disabled) => known(false),
        Some(CrossZone::UseLoadBalancer) => from_load_balancer(false),
        None => from_load_balancer(true),
    }
}

/// Whether a Network Load Balancer's targets in a group see the client's address, and whether
/// that is the default taken because the group's attribute is not in the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ClientIpPreservation {
    /// The target sees the client's address (else the node's).
    pub preserved: bool,
    /// `preserve_client_ip.enabled` is not in the input: AWS's default was taken.
    pub assumed: bool,
}

/// A Network Load Balancer target group's client IP preservation: always on for UDP,
/// TCP_UDP, QUIC and TCP_QUIC groups; else the `preserve_client_ip.enabled` attribute, whose
/// default is on for instance targets and off for IP targets ("Client IP preservation" in the
/// Network Load Balancer guide).
pub(crate) fn client_ip_preservation(group: &TargetGroup) -> ClientIpPreservation {
    if matches!(
        group.protocol,
        Some(
            LoadBalancerProtocol::Udp
                | LoadBalancerProtocol::TcpUdp
                | LoadBalancerProtocol::Quic
                | LoadBalancerProtocol::TcpQuic
        )
    ) {
        return ClientIpPreservation {
            preserved: true,
            assumed: false,
        };
    }
    match group.preserve_client_ip {
        Some(preserved) => ClientIpPreservation {
            preserved,
            assumed: false,
        },
        None => ClientIpPreservation {
            preserved: group.target_type != Some(TargetType::Ip),
            assumed: true,
        },
    }
}

/// The load balancer a destination names: its ARN or its name.
pub(crate) fn named<'a>(snapshot: &'a Snapshot, text: &str) -> Option<&'a LoadBalancer> {
    snapshot
        .load_balancers
        .values()
        .find(|lb| lb.arn.as_str() == text || lb.name == text)
}

/// The Application or Network Load Balancer one of whose nodes `destination` names (an
/// interface id or one of its addresses).
pub(crate) fn of_node<'a>(
    snapshot: &'a Snapshot,
    destination: &Endpoint,
) -> Option<&'a LoadBalancer> {
    let interface = match destination {
        Endpoint::Id(id) if id.starts_with("eni-") => snapshot
            .network_interfaces
            .get(&crate::ids::NetworkInterfaceId::new(id))?,
        Endpoint::Address(net) if net.prefix_len() == net.max_prefix_len() => snapshot
            .interface_holding(net.addr())
            .or_else(|| snapshot.interface_with_public(net.addr()))?,
        _ => return None,
    };
    snapshot
        .load_balancers
        .values()
        .filter(|lb| {
            lb.arn.as_str().contains(":loadbalancer/app/")
                || lb.arn.as_str().contains(":loadbalancer/net/")
        })
        .find(|lb| {
            nodes(snapshot, lb)
                .iter()
                .any(|node| node.id == interface.id)
        })
}

/// The load balancer's nodes: its interfaces, which AWS describes as `ELB app/<name>/<id>`
/// (`net/` for a Network Load Balancer), ordered by zone.
pub(crate) fn nodes<'a>(snapshot: &'a Snapshot, lb: &LoadBalancer) -> Vec<&'a NetworkInterface> {
    let Some((_, suffix)) = lb.arn.as_str().split_once(":loadbalancer/") else {
        return Vec::new();
    };
    let description = format!("ELB {suffix}");
    let mut nodes: Vec<&NetworkInterface> = snapshot
        .network_interfaces
        .values()
        .filter(|interface| interface.description.as_deref() == Some(description.as_str()))
        .collect();
    nodes.sort_by(|a, b| a.availability_zone.cmp(&b.availability_zone));
    nodes
}

pub(crate) fn lb_component(lb: &LoadBalancer) -> Component {
    Component {
        id: lb.arn.to_string(),
        arn: Some(lb.arn.to_string()),
        name: Some(lb.name.clone()),
        kind: ComponentKind::LoadBalancer,
    }
}

pub(crate) fn group_component(group: &TargetGroup) -> Component {
    Component {
        id: group.arn.to_string(),
        arn: Some(group.arn.to_string()),
        name: Some(group.name.clone()),
        kind: ComponentKind::TargetGroup,
    }
}

/// A registered target as AWS's `AnalysisLoadBalancerTarget` gives it: its id, its zone (not
/// `all`, which is no zone) and the port it is reached on (its own, else its group's).
pub(crate) fn load_balancer_target(
    target: &TargetHealth,
    group_port: Option<u16>,
) -> crate::analysis::LoadBalancerTarget {
    crate::analysis::LoadBalancerTarget {
        id: target.id.clone(),
        availability_zone: target
            .availability_zone
            .clone()
            .filter(|zone| zone != "all"),
        port: target.port.or(group_port),
    }
}

/// Whether two interfaces are in the same Availability Zone: by zone id when both subnets
/// give one (zone names differ between accounts), else by zone name.
pub(crate) fn same_zone(snapshot: &Snapshot, a: &NetworkInterface, b: &NetworkInterface) -> bool {
    let zone_id = |interface: &NetworkInterface| {
        interface
            .subnet
            .as_ref()
            .and_then(|subnet| snapshot.subnets.get(subnet))
            .and_then(|subnet| subnet.availability_zone_id.clone())
    };
    match (zone_id(a), zone_id(b)) {
        (Some(a), Some(b)) => a == b,
        _ => a.availability_zone.is_some() && a.availability_zone == b.availability_zone,
    }
}

/// A target's Availability Zone: as `describe-target-health` gives it (IP targets, `all` for
/// one outside the VPC), else the zone of the instance's or address's interface, which is what
/// AWS prints for instance targets: nothing.
pub(crate) fn target_zone(snapshot: &Snapshot, target: &TargetHealth) -> Option<String> {
    if target.availability_zone.is_some() {
        return target.availability_zone.clone();
    }
    let kind = target
        .id
        .parse::<IpAddr>()
        .is_ok()
        .then_some(&TargetType::Ip);
    target_interface(snapshot, kind, target)
        .ok()
        .flatten()
        .and_then(|interface| interface.availability_zone.clone())
}

/// A registered target's interface: an instance's primary one, or the one holding an IP
/// target's address (none for an address outside the snapshot).
pub(crate) fn target_interface<'a>(
    snapshot: &'a Snapshot,
    target_type: Option<&TargetType>,
    target: &TargetHealth,
) -> Result<Option<&'a NetworkInterface>, String> {
    match target_type {
        Some(TargetType::Instance) | None => {
            let instance = snapshot
                .instances
                .get(target.id.as_str())
                .ok_or_else(|| format!("instance {} is not in the input", target.id))?;
            let id = instance.network_interfaces.first().ok_or_else(|| {
                format!(
                    "instance {} has no network interface in the input",
                    target.id
                )
            })?;
            let interface = snapshot.network_interfaces.get(id).ok_or_else(|| {
                format!(
                    "the interface of instance {} is not in the input",
                    target.id
                )
            })?;
            Ok(Some(interface))
        }
        Some(TargetType::Ip) => Ok(snapshot.interface_holding(target_address(target)?)),
        Some(other) => Err(format!("{other} targets are not analysed")),
    }
}

/// Where a target is reached: its interface (as `target_interface`) and address.
pub(crate) fn target_endpoint<'a>(
    snapshot: &'a Snapshot,
    target_type: Option<&TargetType>,
    target: &TargetHealth,
) -> Result<(Option<&'a NetworkInterface>, IpAddr), String> {
    let interface = target_interface(snapshot, target_type, target)?;
    let address = match interface {
        Some(interface) if target_type != Some(&TargetType::Ip) => first_address(interface)
            .ok_or_else(|| {
                format!(
                    "the interface of instance {} is not in the input",
                    target.id
                )
            })?,
        _ => target_address(target)?,
    };
    Ok((interface, address))
}

pub(crate) fn target_address(target: &TargetHealth) -> Result<IpAddr, String> {
    target
        .id
        .parse()
        .map_err(|_| format!("{} is not an IP address", target.id))
}

/// An interface's first private address: what a load balancer node sends from, and where an
/// instance target is reached.
pub(crate) fn first_address(interface: &NetworkInterface) -> Option<IpAddr> {
    interface
        .private_addresses
        .first()
        .map(|(address, _)| *address)
}

/// The load balancer's listeners that take this IP protocol.
pub(crate) fn listeners_for<'a>(
    snapshot: &'a Snapshot,
    lb: &LoadBalancer,
    protocol: u8,
) -> Vec<&'a crate::model::Listener> {
    snapshot
        .listeners
        .values()
        .filter(|listener| listener.load_balancer.as_ref() == Some(&lb.arn))
        .filter(|listener| accepts(listener.protocol.as_ref(), protocol))
        .collect()
}

/// Whether a listener protocol takes this IP protocol.
pub(crate) fn accepts(listener: Option<&LoadBalancerProtocol>, protocol: u8) -> bool {
    match listener {
        Some(LoadBalancerProtocol::Udp) => protocol == 17,
        Some(LoadBalancerProtocol::TcpUdp) => matches!(protocol, 6 | 17),
        Some(_) => protocol == 6,
        None => false,
    }
}

pub(crate) fn protocol_word(protocol: u8) -> &'static str {
    match protocol {
        17 => "UDP",
        _ => "TCP",
    }
}

/// The target groups a listener forwards to: its default action's and its rules'.
pub(crate) fn target_groups<'a>(
    snapshot: &'a Snapshot,
    listener: &crate::model::Listener,
) -> Vec<&'a TargetGroup> {
    target_group_arns(listener)
        .into_iter()
        .filter_map(|arn| snapshot.target_groups.get(arn))
        .collect()
}

/// The target groups a listener forwards to, by its default action and its rules, each once,
/// whether or not the input holds them.
pub(crate) fn target_group_arns(
    listener: &crate::model::Listener,
) -> Vec<&crate::ids::TargetGroupArn> {
    let mut arns: Vec<&crate::ids::TargetGroupArn> =
        listener.default_target_groups.iter().collect();
    for rule in listener.rules.iter().flatten() {
        arns.extend(rule.target_groups.iter());
    }
    arns.sort();
    arns.dedup();
    arns
}

/// Whether the load balancer sends new connections to a target: healthy ones, and ones whose
/// health is not checked; with `fail_open` (no target is healthy), every registered one.
pub(crate) fn gets_traffic(target: &TargetHealth, fail_open: bool) -> bool {
    match target.state {
        Some(TargetHealthState::Healthy | TargetHealthState::Unavailable) => true,
        Some(TargetHealthState::Unhealthy | TargetHealthState::Initial) => fail_open,
        // `unused` (not in an enabled zone, or the group is not used), `draining`.
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(state: &str) -> TargetHealth {
        TargetHealth {
            id: "i-1".to_owned(),
            port: Some(80),
            availability_zone: None,
            state: Some(TargetHealthState::parse(state)),
            reason: None,
        }
    }

    #[test]
    fn healthy_targets_get_traffic_and_the_rest_only_when_none_is_healthy() {
        for (state, normally, failing_open) in [
            ("healthy", true, true),
            ("unavailable", true, true),
            ("unhealthy", false, true),
            ("initial", false, true),
            ("unused", false, false),
            ("draining", false, false),
        ] {
            assert_eq!(gets_traffic(&target(state), false), normally, "{state}");
            assert_eq!(gets_traffic(&target(state), true), failing_open, "{state}");
        }
    }

    fn origin() -> crate::model::Origin {
        crate::model::Origin {
            file: "t.json".to_owned(),
            path: String::new(),
            account_id: None,
            region: None,
        }
    }

    fn load_balancer(load_balancer_type: &str, cross_zone: Option<bool>) -> LoadBalancer {
        LoadBalancer {
            arn: crate::ids::LoadBalancerArn::new("arn:lb"),
            name: "lb".to_owned(),
            load_balancer_type: LoadBalancerType::parse(load_balancer_type),
            scheme: None,
            vpc: None,
            subnets: Vec::new(),
            security_groups: Vec::new(),
            state: None,
            cross_zone,
            origin: origin(),
        }
    }

    fn group(
        target_type: &str,
        protocol: &str,
        cross_zone: Option<CrossZone>,
        preserve_client_ip: Option<bool>,
    ) -> TargetGroup {
        TargetGroup {
            arn: crate::ids::TargetGroupArn::new("arn:tg"),
            name: "tg".to_owned(),
            target_type: Some(TargetType::parse(target_type)),
            protocol: Some(LoadBalancerProtocol::parse(protocol)),
            port: Some(80),
            vpc: None,
            load_balancers: Vec::new(),
            targets: None,
            cross_zone,
            preserve_client_ip,
            origin: origin(),
        }
    }

    /// `on`, then `tg` and `lb` for each attribute taken at its default.
    fn check_cross_zone(lb: &LoadBalancer, group: &TargetGroup, expected: &str) {
        let setting = cross_zone(lb, group);
        let mut words = vec![if setting.on { "on" } else { "off" }];
        if setting.target_group_assumed {
            words.push("tg");
        }
        if setting.load_balancer_assumed {
            words.push("lb");
        }
        assert_eq!(
            words.join(" "),
            expected,
            "{} {:?} / {:?}",
            lb.load_balancer_type,
            lb.cross_zone,
            group.cross_zone
        );
    }

    #[test]
    fn cross_zone_from_the_target_group_else_the_load_balancer_else_the_default() {
        use CrossZone::*;
        let tcp = |cross_zone| group("instance", "TCP", cross_zone, None);
        for (lb, group, expected) in [
            // A Network Load Balancer: off unless an attribute turns it on.
            (load_balancer("network", None), tcp(None), "off tg lb"),
            (load_balancer("network", Some(true)), tcp(None), "on tg"),
            (load_balancer("network", Some(false)), tcp(None), "off tg"),
            (
                load_balancer("network", None),
                tcp(Some(UseLoadBalancer)),
                "off lb",
            ),
            (
                load_balancer("network", Some(true)),
                tcp(Some(UseLoadBalancer)),
                "on",
            ),
            // The target group's own setting wins over the load balancer's.
            (
                load_balancer("network", Some(true)),
                tcp(Some(Disabled)),
                "off",
            ),
            (load_balancer("network", None), tcp(Some(Enabled)), "on"),
            // An Application Load Balancer is always on; only its target group turns it off.
            (load_balancer("application", None), tcp(None), "on tg"),
            (
                load_balancer("application", None),
                tcp(Some(UseLoadBalancer)),
                "on",
            ),
            (
                load_balancer("application", None),
                tcp(Some(Disabled)),
                "off",
            ),
            (
                load_balancer("gateway", Some(true)),
                tcp(Some(UseLoadBalancer)),
                "on",
            ),
        ] {
            check_cross_zone(&lb, &group, expected);
        }
    }

    #[test]
    fn client_ip_preservation_from_the_attribute_else_the_default() {
        for (target_type, protocol, attribute, preserved, assumed) in [
            ("instance", "TCP", None, true, true),
            ("ip", "TCP", None, false, true),
            ("ip", "TLS", None, false, true),
            ("instance", "TCP", Some(false), false, false),
            ("ip", "TCP", Some(true), true, false),
            // UDP and TCP_UDP groups keep it whatever the attribute says.
            ("ip", "UDP", None, true, false),
            ("ip", "TCP_UDP", Some(false), true, false),
        ] {
            assert_eq!(
                client_ip_preservation(&group(target_type, protocol, None, attribute)),
                ClientIpPreservation { preserved, assumed },
                "{target_type} {protocol} {attribute:?}"
            );
        }
    }

    #[test]
    fn listeners_take_the_protocols_they_speak() {
        let check = |listener: Option<&str>, protocol: u8, expected: bool| {
            let listener = listener.map(LoadBalancerProtocol::parse);
            assert_eq!(
                accepts(listener.as_ref(), protocol),
                expected,
                "{listener:?}"
            );
        };
        check(Some("HTTP"), 6, true);
        check(Some("TLS"), 6, true);
        check(Some("TCP"), 17, false);
        check(Some("UDP"), 17, true);
        check(Some("udp"), 17, true);
        check(Some("TCP_UDP"), 17, true);
        check(Some("TCP_UDP"), 6, true);
        check(None, 6, false);
    }
}
