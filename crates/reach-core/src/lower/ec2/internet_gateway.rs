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

#[cfg(test)]
mod tests {
    use crate::lower::problems;

    #[test]
    fn only_an_attachment_in_place_gives_the_gateway_its_vpc() {
        let gateways = r#"{"InternetGateways": [
            {"InternetGatewayId": "igw-1", "Attachments": [{"VpcId": "vpc-1", "State": "available"}]},
            {"InternetGatewayId": "igw-2", "Attachments": [{"VpcId": "vpc-2", "State": "detaching"}]}]}"#;
        let vpcs = r#"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}"#;
        let (snapshot, problems) = problems(&[
            ("describe-vpcs.json", vpcs),
            ("describe-internet-gateways.json", gateways),
        ]);
        assert_eq!(problems, Vec::<String>::new());
        let vpc = |id: &str| snapshot.internet_gateways[id].vpc.clone();
        assert_eq!(vpc("igw-1").as_ref().map(|id| id.as_str()), Some("vpc-1"));
        assert_eq!(vpc("igw-2"), None);
    }
}
