//! Virtual private gateways (`describe-vpn-gateways`) and the VPCs attached to each.

use crate::ids::*;
use crate::lower::{lower_each, owned, Lowering};
use crate::model::*;
use reach_aws::ec2::name_tag;

pub(crate) fn lower(lowering: &mut Lowering<'_>) {
    lower_each(
        &lowering.input.vpn_gateways,
        &mut lowering.snapshot.vpn_gateways,
        |id, gateway, origin| VpnGateway {
            id: VpnGatewayId::new(id),
            name: owned(name_tag(&gateway.tags)),
            vpcs: gateway
                .vpc_attachments
                .iter()
                .filter(|attachment| matches!(attachment.state.as_deref(), None | Some("attached")))
                .map(|attachment| VpcId::new(&attachment.vpc_id))
                .collect(),
            state: gateway.state.as_deref().map(VpnState::parse),
            origin: origin.clone(),
        },
    );
}

#[cfg(test)]
mod tests {
    use crate::lower::problems;

    #[test]
    fn only_attached_vpcs_count() {
        let gateways = r#"{"VpnGateways": [{"VpnGatewayId": "vgw-1", "State": "available",
            "VpcAttachments": [{"VpcId": "vpc-1", "State": "attached"}, {"VpcId": "vpc-2", "State": "detached"}]}]}"#;
        let (snapshot, problems) = problems(&[("describe-vpn-gateways.json", gateways)]);
        assert_eq!(problems, Vec::<String>::new());
        let vpcs: Vec<&str> = snapshot.vpn_gateways["vgw-1"]
            .vpcs
            .iter()
            .map(|id| id.as_str())
            .collect();
        assert_eq!(vpcs, ["vpc-1"]);
    }
}
