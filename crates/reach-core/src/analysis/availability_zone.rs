//! `AVAILABILITY_ZONE_CROSSED` ("The network path crosses Availability Zones", AWS's
//! additional-detail-code page): whether the request's path, or else the replies' path, enters
//! a subnet in another zone than the subnet before it. One check over the finished path,
//! rather than one per place that can cross (a transit gateway delivering into another zone's
//! attachment subnet, a load balancer node sending to a target in another zone, a NAT gateway
//! or appliance elsewhere): every hop in a subnet names it, so the path itself says where it
//! changes zone.

use super::{Answer, Code, Component, ComponentKind, Explanation, Hop, Members};
use crate::ids::SubnetId;
use crate::model::{Snapshot, Subnet};

/// The detail for `answer`, once, naming every zone its request path passes in order; or, when
/// the requests stay in one zone and their replies do not (routed back another way), every
/// zone the replies pass. `None` when both stay in one zone (or their subnets' zones are not
/// in the input).
pub(super) fn crossed(snapshot: &Snapshot, answer: &Answer) -> Option<Explanation> {
    let (component, zones, message) = match crossing(snapshot, &answer.forward) {
        Some((component, zones)) => {
            let message = format!("the path crosses Availability Zones ({})", zones.join(", "));
            (component, zones, message)
        }
        None => {
            let (component, zones) = crossing(snapshot, &answer.reverse)?;
            let message = format!(
                "the return path crosses Availability Zones ({})",
                zones.join(", ")
            );
            (component, zones, message)
        }
    };
    Some(Explanation {
        code: Code::AvailabilityZoneCrossed,
        message,
        component,
        firewall_rule: None,
        rule_options: Vec::new(),
        members: Members {
            availability_zones: zones,
            ..Members::default()
        },
    })
}

/// Where `hops` first enter a subnet in another zone than the subnet before them (the
/// component that sends them across), and every zone they pass, in order.
fn crossing(snapshot: &Snapshot, hops: &[Hop]) -> Option<(Component, Vec<String>)> {
    let mut zones: Vec<String> = Vec::new();
    let mut first_crossing = None;
    let mut previous: Option<&Subnet> = None;
    // The load balancer or transit gateway attachment last passed: the component that sends
    // the packets across, where there is one.
    let mut sender: Option<&Hop> = None;
    for hop in hops {
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
    Some((first_crossing?, zones))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::question::Compat;
    use crate::analysis::Verdict;
    use crate::space::Space;
    use reach_aws::InputFile;

    /// `subnet-a` and `subnet-b` in us-east-1a, `subnet-c` in us-east-1b.
    fn snapshot() -> Snapshot {
        let subnets = r#"{"Subnets": [
            {"SubnetId": "subnet-a", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24", "AvailabilityZone": "us-east-1a"},
            {"SubnetId": "subnet-b", "VpcId": "vpc-1", "CidrBlock": "10.0.2.0/24", "AvailabilityZone": "us-east-1a"},
            {"SubnetId": "subnet-c", "VpcId": "vpc-1", "CidrBlock": "10.0.3.0/24", "AvailabilityZone": "us-east-1b"}]}"#;
        crate::load(&[InputFile::new("describe-subnets.json", subnets)]).snapshot
    }

    /// Hops through the subnets named, one interface each (`eni-<subnet letter>`).
    fn hops(subnets: &[&str]) -> Vec<Hop> {
        subnets
            .iter()
            .map(|subnet| {
                let component = Component {
                    id: subnet.replace("subnet", "eni"),
                    arn: None,
                    name: None,
                    kind: ComponentKind::NetworkInterface,
                };
                Hop::new(
                    component,
                    None,
                    Some((*subnet).to_owned()),
                    None,
                    Space::empty(),
                )
            })
            .collect()
    }

    fn detail(forward: &[&str], reverse: &[&str]) -> Option<(String, Vec<String>)> {
        let mut answer = Answer::new(Verdict::Reachable, String::new(), Compat::Faithful);
        answer.forward = hops(forward);
        answer.reverse = hops(reverse);
        crossed(&snapshot(), &answer)
            .map(|detail| (detail.component.id, detail.members.availability_zones))
    }

    #[test]
    fn a_crossing_is_named_once_on_the_request_path_else_on_the_return_path() {
        let zones = |list: &[&str]| list.iter().map(|zone| (*zone).to_owned()).collect();
        // One zone each way: nothing to say.
        assert_eq!(
            detail(&["subnet-a", "subnet-b"], &["subnet-b", "subnet-a"]),
            None
        );
        // The requests cross: named where they enter the other zone.
        assert_eq!(
            detail(&["subnet-a", "subnet-c"], &["subnet-c", "subnet-a"]),
            Some(("eni-c".to_owned(), zones(&["us-east-1a", "us-east-1b"])))
        );
        // Only the replies cross (routed back through another zone's subnet).
        assert_eq!(
            detail(
                &["subnet-a", "subnet-b"],
                &["subnet-b", "subnet-c", "subnet-a"]
            ),
            Some(("eni-c".to_owned(), zones(&["us-east-1a", "us-east-1b"])))
        );
    }
}
