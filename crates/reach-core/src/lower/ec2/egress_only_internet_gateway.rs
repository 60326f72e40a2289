//! Egress-only internet gateways (`describe-egress-only-internet-gateways`) and the VPC each
//! is attached to.

use crate::ids::*;
use crate::lower::{attached_vpc, lower_each, owned, Lowering};
use crate::model::*;
use reach_aws::ec2::name_tag;

pub(crate) fn lower(lowering: &mut Lowering<'_>) {
    lower_each(
        &lowering.input.egress_only_internet_gateways,
        &mut lowering.snapshot.egress_only_internet_gateways,
        |id, gateway, origin| EgressOnlyInternetGateway {
            id: EgressOnlyInternetGatewayId::new(id),
            name: owned(name_tag(&gateway.tags)),
            vpc: attached_vpc(&gateway.attachments),
            origin: origin.clone(),
        },
    );
}

#[cfg(test)]
mod tests {
    use crate::lower::problems;

    #[test]
    fn an_attached_gateway_has_its_vpc() {
        let gateways = r#"{"EgressOnlyInternetGateways": [{"EgressOnlyInternetGatewayId": "eigw-1",
            "Attachments": [{"VpcId": "vpc-1", "State": "attached"}]}]}"#;
        let (snapshot, problems) =
            problems(&[("describe-egress-only-internet-gateways.json", gateways)]);
        assert_eq!(problems, Vec::<String>::new());
        let vpc = &snapshot.egress_only_internet_gateways["eigw-1"].vpc;
        assert_eq!(vpc.as_ref().map(|id| id.as_str()), Some("vpc-1"));
    }
}
