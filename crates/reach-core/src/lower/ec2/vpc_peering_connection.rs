//! VPC peering connections (`describe-vpc-peering-connections`): both sides with their CIDRs,
//! which may be in another account or region.

use crate::collect::Entry;
use crate::command;
use crate::ids::*;
use crate::lower::Lowering;
use crate::model::*;
use ipnet::IpNet;
use reach_aws::ec2::name_tag;
use reach_aws::ec2::vpc_peering_connection::PeeringVpcInfo;

pub(crate) fn lower(lowering: &mut Lowering<'_>) {
    let Lowering {
        input: c,
        snapshot,
        sink,
    } = lowering;
    for (
        id,
        Entry {
            value: peering,
            origin,
        },
    ) in c.vpc_peering_connections.iter()
    {
        let status = peering
            .status
            .as_ref()
            .and_then(|status| status.code.clone());
        let mut side = |info: &Option<PeeringVpcInfo>, field: &str| {
            let info = info.clone().unwrap_or_default();
            let mut cidrs: Vec<IpNet> = Vec::new();
            let texts = info.cidr_block.iter().cloned().chain(
                info.cidr_block_set
                    .iter()
                    .map(|entry| entry.cidr_block.clone()),
            );
            for text in texts.chain(
                info.ipv6_cidr_block_set
                    .iter()
                    .map(|entry| entry.ipv6_cidr_block.clone()),
            ) {
                if let Some(parsed) = sink.cidr(&text, origin, id, &format!("{field}.CidrBlockSet"))
                {
                    if !cidrs.contains(&parsed) {
                        cidrs.push(parsed);
                    }
                }
            }
            PeeringSide {
                vpc: info.vpc_id.as_deref().map(VpcId::new),
                owner_id: info.owner_id,
                region: info.region,
                cidrs,
            }
        };
        let requester = side(&peering.requester_vpc_info, "RequesterVpcInfo");
        let accepter = side(&peering.accepter_vpc_info, "AccepterVpcInfo");
        if matches!(status.as_deref(), Some("active") | None) {
            for side in [&requester, &accepter] {
                let Some(vpc) = &side.vpc else { continue };
                if !c.vpcs.contains(vpc.as_str()) {
                    let account = side
                        .owner_id
                        .as_deref()
                        .map(|account| format!(" in account {account}"))
                        .unwrap_or_default();
                    sink.missing(
                        vpc.as_str(),
                        format!("VPC peering connection {id} connects to VPC {vpc}{account}, which is not in the input (export that account and region too)"),
                        command::vpc_in_region(vpc.as_str(), side.region.as_deref()),
                    );
                }
            }
        }
        snapshot.vpc_peering_connections.insert(
            VpcPeeringConnectionId::new(id),
            VpcPeeringConnection {
                id: VpcPeeringConnectionId::new(id),
                name: name_tag(&peering.tags).map(str::to_owned),
                requester,
                accepter,
                status,
                origin: origin.clone(),
            },
        );
    }
}
