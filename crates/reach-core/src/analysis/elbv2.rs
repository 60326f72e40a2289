//! What the Elastic Load Balancing exports say about a load balancer: its nodes, listeners,
//! target groups, targets and their zones, and which targets get traffic. A leaf: the load
//! balancer, PrivateLink and Gateway Load Balancer walks ask it; it asks none of them.

use super::{Component, ComponentKind, Endpoint};
use crate::model::{
    LoadBalancer, LoadBalancerProtocol, NetworkInterface, Snapshot, TargetGroup, TargetHealth,
    TargetHealthState, TargetType,
};
use std::net::IpAddr;

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
    let mut arns: Vec<&crate::ids::TargetGroupArn> =
        listener.default_target_groups.iter().collect();
    for rule in listener.rules.iter().flatten() {
        arns.extend(rule.target_groups.iter());
    }
    arns.sort();
    arns.dedup();
    arns.into_iter()
        .filter_map(|arn| snapshot.target_groups.get(arn))
        .collect()
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
