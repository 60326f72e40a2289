//! Internet gateways (`describe-internet-gateways`) and the VPC each is attached to.

use crate::collect::Entry;
use crate::ids::*;
use crate::lower::{attached_vpc, owned, Lowering};
use crate::model::*;
use reach_aws::ec2::name_tag;

pub(crate) fn lower(lowering: &mut Lowering<'_>) {
    let Lowering {
        input,
        snapshot,
        sink,
    } = lowering;
    for (
        id,
        Entry {
            value: gateway,
            origin,
        },
    ) in input.internet_gateways.iter()
    {
        let vpc = attached_vpc(&gateway.attachments);
        if let Some(vpc) = &vpc {
            sink.check_vpc(
                input,
                &format!("internet gateway {id}"),
                "is attached to",
                vpc.as_str(),
            );
        }
        snapshot.internet_gateways.insert(
            InternetGatewayId::new(id),
            InternetGateway {
                id: InternetGatewayId::new(id),
                name: owned(name_tag(&gateway.tags)),
                vpc,
                owner_id: gateway.owner_id.clone(),
                origin: origin.clone(),
            },
        );
    }
}
