//! `AVAILABILITY_ZONE_CROSSED` ("The network path crosses Availability Zones", AWS's
//! additional-detail-code page): whether the request's path enters a subnet in another zone
//! than the subnet before it. One check over the finished path, rather than one per place that
//! can cross (a transit gateway delivering into another zone's attachment subnet, a load
//! balancer node sending to a target in another zone, a NAT gateway or appliance elsewhere):
//! every hop in a subnet names it, so the path itself says where it changes zone.

use super::{Answer, Code, ComponentKind, Explanation, Hop, Members};
use crate::ids::SubnetId;
use crate::model::{Snapshot, Subnet};

/// The detail for `answer`'s request path, once, naming every zone it passes in order; `None`
/// when the path stays in one zone (or its subnets' zones are not in the input).
pub(super) fn crossed(snapshot: &Snapshot, answer: &Answer) -> Option<Explanation> {
    let mut zones: Vec<String> = Vec::new();
    let mut first_crossing = None;
    let mut previous: Option<&Subnet> = None;
    // The load balancer or transit gateway attachment last passed: the component that sends
    // the packets across, where there is one.
    let mut sender: Option<&Hop> = None;
    for hop in &answer.forward {
        if matches!(
            hop.component.kind,
            ComponentKind::LoadBalancer | ComponentKind::TransitGatewayAttachment
        ) {
            sender = Some(hop);
        }
        let Some(subnet) = hop
            .subnet
            .as_deref()
            .and_then(|id| snapshot.subnets.get(&SubnetId::new(id)))
        else {
            continue;
        };
        let Some(zone) = &subnet.availability_zone else {
            continue;
        };
        if previous.is_some_and(|before| !same_zone(before, subnet)) {
            // Where nothing sends across (a route to a NAT gateway in another zone), the hop
            // that enters the other zone says where.
            first_crossing.get_or_insert(sender.unwrap_or(hop).component.clone());
        }
        if !zones.contains(zone) {
            zones.push(zone.clone());
        }
        previous = Some(subnet);
    }
    let component = first_crossing?;
    Some(Explanation {
        code: Code::AvailabilityZoneCrossed,
        message: format!("the path crosses Availability Zones ({})", zones.join(", ")),
        component,
        firewall_rule: None,
        rule_options: Vec::new(),
        members: Members {
            availability_zones: zones,
            ..Members::default()
        },
    })
}

/// Whether two subnets are in one zone: by zone id when both give one (zone names are mapped
/// per account, so a PrivateLink consumer's `us-east-1a` may be its provider's `us-east-1b`),
/// else by name. Subnets of two regions count as one zone here: such a path crosses regions,
/// which this detail does not speak of (the transit gateway's walk compares zones only within
/// a region too).
fn same_zone(one: &Subnet, other: &Subnet) -> bool {
    if region(one) != region(other) {
        return true;
    }
    match (&one.availability_zone_id, &other.availability_zone_id) {
        (Some(one_id), Some(other_id)) => one_id == other_id,
        _ => one.availability_zone == other.availability_zone,
    }
}

/// A subnet's region: its export's, else its zone's name without the zone letter.
fn region(subnet: &Subnet) -> Option<String> {
    subnet.origin.region.clone().or_else(|| {
        let zone = subnet.availability_zone.as_deref()?;
        Some(
            zone.trim_end_matches(|c: char| c.is_ascii_lowercase())
                .to_owned(),
        )
    })
}
