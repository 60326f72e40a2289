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
            .and_then(|status| status.code.as_deref())
            .map(VpcPeeringConnectionState::parse);
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
        if matches!(status, Some(VpcPeeringConnectionState::Active) | None) {
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

#[cfg(test)]
mod tests {
    use crate::lower::problems;

    #[test]
    fn a_peer_vpc_not_in_the_input_names_its_account_and_region() {
        let vpcs = r#"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}"#;
        let peerings = r#"{"VpcPeeringConnections": [{"VpcPeeringConnectionId": "pcx-1", "Status": {"Code": "active"},
            "RequesterVpcInfo": {"VpcId": "vpc-1", "OwnerId": "111122223333", "Region": "us-east-1", "CidrBlock": "10.0.0.0/16"},
            "AccepterVpcInfo": {"VpcId": "vpc-2", "OwnerId": "444455556666", "Region": "eu-west-1",
                "CidrBlockSet": [{"CidrBlock": "10.1.0.0/16"}, {"CidrBlock": "10.2.0.0/33"}]}}]}"#;
        let (snapshot, problems) = problems(&[
            ("describe-vpcs.json", vpcs),
            ("describe-vpc-peering-connections.json", peerings),
        ]);
        assert_eq!(
            problems,
            [
                "error describe-vpc-peering-connections.json: pcx-1: VpcPeeringConnections[0].AccepterVpcInfo.CidrBlockSet: invalid CIDR \"10.2.0.0/33\"",
                "missing vpc-2: VPC peering connection pcx-1 connects to VPC vpc-2 in account 444455556666, which is not in the input (export that account and region too) | aws ec2 describe-vpcs --vpc-ids vpc-2 --region eu-west-1",
            ]
        );
        assert_eq!(
            snapshot.vpc_peering_connections["pcx-1"]
                .accepter
                .cidrs
                .len(),
            1
        );
    }
}
