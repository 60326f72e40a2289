//! Whether the two VPCs a question joins are connected at all: by a peering connection
//! between them, or by transit gateways attached to both (directly, or joined by peering
//! attachments). AWS's analyzer answers `DISCONNECTED_VPCS` for ends "in separate VPCs that are
//! not connected by a supported resource" (Reachability Analyzer explanation codes).

use super::*;
use crate::ids::{TransitGatewayId, VpcId};

/// `DISCONNECTED_VPCS`, when the request goes from an interface in one VPC to the private
/// address of an interface in another, and nothing in the input connects the two.
pub(super) fn disconnected_vpcs(snapshot: &Snapshot, resolved: &Resolved) -> Option<Explanation> {
    let vpc_of = |place: &Place| match place {
        Place::Interface(id) => snapshot.network_interfaces.get(id)?.vpc.clone(),
        _ => None,
    };
    let (source, destination) = (vpc_of(&resolved.source)?, vpc_of(&resolved.destination)?);
    if source == destination || connected(snapshot, &source, &destination) {
        return None;
    }
    // Named by a public address, the destination is reached over the internet, which needs no
    // connection between the VPCs.
    if let (Place::Interface(id), Some(address)) =
        (&resolved.destination, resolved.question.destination_ip)
    {
        let interface = snapshot.network_interfaces.get(id)?;
        let private = interface
            .private_addresses
            .iter()
            .map(|(private, _)| *private)
            .chain(interface.ipv6_addresses.iter().copied());
        if !private.clone().any(|own| own == address) {
            return None;
        }
    }
    let name = |vpc: &VpcId| snapshot.vpcs.get(vpc).and_then(|vpc| vpc.name.clone());
    Some(Explanation {
        code: Code::DisconnectedVpcs,
        component: Component {
            id: destination.to_string(),
            arn: None,
            name: name(&destination),
            kind: ComponentKind::Vpc,
        },
        message: format!(
            "VPCs {source} and {destination} are not connected: no VPC peering connection or transit gateway in the input joins them"
        ),
        firewall_rule: None,
        rule_options: Vec::new(),
        members: crate::analysis::Members {
            vpcs: Some((source.to_string(), destination.to_string())),
            ..Default::default()
        },
    })
}

/// A peering connection between the two VPCs, or transit gateways joining them, neither
/// deleted nor refused.
fn connected(snapshot: &Snapshot, one: &VpcId, other: &VpcId) -> bool {
    use TransitGatewayAttachmentState as Attachment;
    use VpcPeeringConnectionState as Peering;
    let peered = snapshot.vpc_peering_connections.values().any(|peering| {
        let ends = (&peering.requester.vpc, &peering.accepter.vpc);
        let joins = ends == (&Some(one.clone()), &Some(other.clone()))
            || ends == (&Some(other.clone()), &Some(one.clone()));
        joins
            && !matches!(
                peering.status,
                Some(
                    Peering::Deleted
                        | Peering::Deleting
                        | Peering::Rejected
                        | Peering::Failed
                        | Peering::Expired
                )
            )
    });
    if peered {
        return true;
    }
    let live = |attachment: &&crate::model::TransitGatewayAttachment| {
        !matches!(
            attachment.state,
            Some(
                Attachment::Deleted
                    | Attachment::Deleting
                    | Attachment::Failed
                    | Attachment::Failing
                    | Attachment::Rejected
                    | Attachment::Rejecting
            )
        )
    };
    let attached = |vpc: &VpcId| -> Vec<TransitGatewayId> {
        snapshot
            .transit_gateway_attachments
            .values()
            .filter(live)
            .filter(|attachment| {
                attachment.resource_type == Some(TransitGatewayAttachmentResourceType::Vpc)
                    && attachment.resource_id.as_deref() == Some(vpc.as_str())
            })
            .filter_map(|attachment| attachment.transit_gateway.clone())
            .collect()
    };
    // Every transit gateway the first VPC's reach, over peering attachments.
    let mut reached = attached(one);
    let mut index = 0;
    while let Some(gateway) = reached.get(index).cloned() {
        index += 1;
        for attachment in snapshot.transit_gateway_attachments.values().filter(live) {
            if attachment.peers.contains(&gateway) {
                for peer in &attachment.peers {
                    if !reached.contains(peer) {
                        reached.push(peer.clone());
                    }
                }
            }
        }
    }
    attached(other)
        .iter()
        .any(|gateway| reached.contains(gateway))
}
