//! AWS's explanation and additional-detail codes, as a closed set: a code Reach emits is one
//! of these, spelled once, and `Code::ALL` lets a test check that each is exercised. A few
//! codes are Reach's own, for what AWS's codes do not mean (a routing loop, input that is
//! missing, a component Reach does not analyse); `is_aws` tells them apart, and the JSON
//! answer puts them under `Reach`, never in `ExplanationCode`.

use std::fmt;

/// An explanation code (`ExplanationCode`) or additional detail type (`AdditionalDetailType`)
/// of AWS's Reachability Analyzer, or one of Reach's own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    /// Reach's `MISSING_INPUT`: the path needs a resource the input does not hold; the verdict
    /// is unknown.
    MissingInput,
    /// Reach's `NAT_HAS_NO_STATE`: replies reach a NAT gateway that did not translate their
    /// request, which has no connection to untranslate them with.
    NatHasNoState,
    /// Reach's `NOT_ANALYSED`: the path meets a component Reach does not analyse; the verdict
    /// is unknown.
    NotAnalysed,
    /// Reach's `ROUTING_LOOP`: the packets come back to a route table, NAT gateway, firewall or
    /// transit gateway they already passed (AWS's `CANNOT_ROUTE` means a route whose
    /// destination does not match).
    RoutingLoop,
    /// `ASSUMPTION_PRESERVE_CLIENT_IP_IS_DISABLED`: additional detail: a target group's client IP preservation is not in the input and is taken at its default, off.
    AssumptionPreserveClientIpIsDisabled,
    /// `ASSUMPTION_PRESERVE_CLIENT_IP_IS_ENABLED`: additional detail: a target group's client IP preservation is not in the input and is taken at its default, on.
    AssumptionPreserveClientIpIsEnabled,
    /// `AVAILABILITY_ZONE_CROSSED`: additional detail: the request's path enters a subnet in another Availability Zone than the one before it.
    AvailabilityZoneCrossed,
    /// `BAD_STATE`: Explanation: a component is not in a state that carries traffic (not available, not active).
    BadState,
    /// `BAD_STATE_ATTACHMENT`: Explanation: a transit gateway attachment is not available.
    BadStateAttachment,
    /// `BAD_STATE_ROUTE`: Explanation: the matching route is a blackhole.
    BadStateRoute,
    /// `BAD_STATE_VPN`: Explanation: a VPN connection is not in a state that carries traffic (not available, or every tunnel down).
    BadStateVpn,
    /// `DISCONNECTED_VPCS`: Explanation: the source and destination are in two VPCs no peering connection or transit gateway connects.
    DisconnectedVpcs,
    /// `ELBV2_LISTENERS_MISMATCH`: Explanation: no listener of the load balancer takes the flow's protocol and port.
    Elbv2ListenersMismatch,
    /// `ELBV2_LISTENER_HAS_NO_TG`: Explanation: the listener forwards to no target that gets traffic.
    Elbv2ListenerHasNoTg,
    /// `ELBV2_LISTENER_REQUIRES_TG_ACCEPT`: Explanation: the listener forwards to no target group (its actions answer or redirect themselves).
    Elbv2ListenerRequiresTgAccept,
    /// `ELBV2_NO_TARGETS_IN_AZ`: Explanation: the load balancer's node has no target in its zone.
    Elbv2NoTargetsInAz,
    /// `ELBV2_SOURCE_ADDRESS_PRESERVATION`: Explanation: a Network Load Balancer keeps the client's address towards its target, which does not admit it (it would admit the node's).
    Elbv2SourceAddressPreservation,
    /// `ENI_ADDRESS_RESTRICTION`: Explanation: the question names an address the network interface does not have.
    EniAddressRestriction,
    /// `ENI_SG_RULES_MISMATCH`: Explanation: the interface's security groups do not allow the flow.
    EniSgRulesMismatch,
    /// `ENI_SOURCE_DEST_CHECK_RESTRICTION`: Explanation: the interface's source/destination check drops packets not its own.
    EniSourceDestCheckRestriction,
    /// `FIREWALL_RULES_RESTRICTION`: Explanation: a Network Firewall rule (or the policy default) blocks the flow.
    FirewallRulesRestriction,
    /// `FIREWALL_UNSUPPORTED_HIGHER_PRIORITY_RULES`: additional detail: higher-priority firewall rules AWS's analyzer does not evaluate.
    FirewallUnsupportedHigherPriorityRules,
    /// `FIREWALL_UNSUPPORTED_HIGHER_PRIORITY_RULE_GROUP_TYPE`: additional detail: a higher-priority rule group type AWS's analyzer does not evaluate.
    FirewallUnsupportedHigherPriorityRuleGroupType,
    /// `FIREWALL_UNSUPPORTED_RULE_OPTIONS`: additional detail: rule options AWS's analyzer does not support.
    FirewallUnsupportedRuleOptions,
    /// `HIGHER_PRIORITY_ROUTE`: Explanation: a route that would have carried the traffic lost to a route with the same prefix and a higher priority.
    HigherPriorityRoute,
    /// `IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS`: Explanation: an internet gateway does not send to private addresses.
    IgwDestinationAddressNotInRfc1918Egress,
    /// `IGW_DESTINATION_ADDRESS_NOT_IN_RFC6598_EGRESS`: Explanation: the internet gateway does not send packets to shared (RFC 6598) addresses.
    IgwDestinationAddressNotInRfc6598Egress,
    /// `IGW_EXPECTS_PUBLIC_ADDRESS`: Explanation: the address is no public address of the network.
    IgwExpectsPublicAddress,
    /// `IGW_NAT_REFLECTION`: Explanation: the path goes out through an internet gateway and back in, which AWS's analyzer does not follow.
    IgwNatReflection,
    /// `IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS`: Explanation: from the internet, only a public or Elastic IP associated with a private address reaches it.
    IgwPrivateIpAssociationForIngress,
    /// `IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS`: Explanation: a source without a public address cannot leave through the internet gateway.
    IgwPublicIpAssociationForEgress,
    /// `MISSING_TARGET_GROUP_ATTRIBUTES`: additional detail: a target group's attributes are not in the input.
    MissingTargetGroupAttributes,
    /// `MORE_SPECIFIC_ROUTE`: Explanation: a route that would have carried the traffic lost to a more specific route.
    MoreSpecificRoute,
    /// `NGW_SOURCE_ADDRESS_REASSIGN`: Explanation: a NAT gateway replaced the source address, and the untranslated source would have been let through.
    NgwSourceAddressReassign,
    /// `NO_PATH`: Explanation: no path can be analysed (`--compat aws`: AWS's analyzer takes IPv4 only).
    NoPath,
    /// `NO_POSSIBLE_DESTINATION`: Explanation: the packets reach no interface that is the destination.
    NoPossibleDestination,
    /// `NO_ROUTE_TO_DESTINATION`: Explanation: no route matches the destination.
    NoRouteToDestination,
    /// `NO_SOURCE_OR_DESTINATION`: Explanation: the source or destination is not in the input.
    NoSourceOrDestination,
    /// `PATH_THROUGH_GWLB_NOT_CHECKED`: an additional detail: the path through a Gateway Load Balancer's appliances is not checked (`--compat aws`).
    PathThroughGwlbNotChecked,
    /// `PCX_REQUIRES_ADDRESS_IN_VPC_CIDR`: Explanation: a peering connection carries only the peer VPC's addresses.
    PcxRequiresAddressInVpcCidr,
    /// `REMAP_EPHEMERAL_PORT`: Explanation: a NAT gateway remapped the source port, and the original port would have been let through.
    RemapEphemeralPort,
    /// `RESPONSE_RTB_HAS_NO_ROUTE_TO_TRANSIT_GATEWAY`: additional detail: a transit gateway routes the request to a VPC endpoint whose subnet has no route back to a transit gateway.
    ResponseRtbHasNoRouteToTransitGateway,
    /// `SG_HAS_NO_RULES`: Explanation: a security group without rules in that direction.
    SgHasNoRules,
    /// `SG_REFERENCES_NOT_PRESERVED`: Explanation: a component on the path drops the source's security group identity, which a rule referencing a group needs.
    SgReferencesNotPreserved,
    /// `SG_REFERENCING_SUPPORT`: Explanation: a transit gateway carries no security group identity for this request (referencing support off on the gateway or an attachment of the crossing, a peering or firewall attachment on the way, or an egress rule, which referencing over a transit gateway never covers).
    SgReferencingSupport,
    /// `SUBNET_ACL_RESTRICTION`: Explanation: the subnet's network ACL denies the flow.
    SubnetAclRestriction,
    /// `TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION`: Explanation: the transit gateway attachment is associated with no route table.
    TgwAttachMissingTgwRtbAssociation,
    /// `TGW_BAD_STATE_VPN`: Explanation: a transit gateway's VPN connection is not in a state that carries traffic (not available, or every tunnel down).
    TgwBadStateVpn,
    /// `TGW_ROUTE_AZ_RESTRICTION`: Explanation: the transit gateway's VPC attachment has no subnet in the Availability Zone the traffic comes from.
    TgwRouteAzRestriction,
    /// `TGW_RTB_BAD_STATE_ROUTE`: Explanation: the transit gateway route is a blackhole.
    TgwRtbBadStateRoute,
    /// `TGW_RTB_HIGHER_PRIORITY_ROUTE`: Explanation: a transit gateway route to the destination that would have delivered lost to a route of higher priority for the same CIDR.
    TgwRtbHigherPriorityRoute,
    /// `TGW_RTB_MORE_SPECIFIC_ROUTE`: Explanation: a transit gateway route to the destination that would have delivered lost to a more specific route.
    TgwRtbMoreSpecificRoute,
    /// `TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT`: Explanation: the transit gateway route table has no route to the attachment the destination is behind.
    TgwRtbNoRouteToTgwAttachment,
    /// `TGW_RTB_ROUTES_ARE_UNKNOWN`: Explanation: the transit gateway route table's routes are not in the input.
    TgwRtbRoutesAreUnknown,
    /// `TRANSIT_GATEWAY_APPLIANCE_MODE_RECOMMENDED`: additional detail: replies cross zones differently without appliance mode.
    TransitGatewayApplianceModeRecommended,
    /// `UNIDIRECTIONAL_PATH_ANALYSIS_ONLY`: additional detail: the replies take another path than the requests.
    UnidirectionalPathAnalysisOnly,
    /// `UNKNOWN_RESOURCE`: Explanation: a resource the path needs is not in the input.
    UnknownResource,
    /// `VPCE_GATEWAY_PROTOCOL_RESTRICTION`: Explanation: a gateway endpoint carries TCP and ICMP only.
    VpceGatewayProtocolRestriction,
    /// `VPCE_INTRA_VPC_TRAFFIC`: Explanation: a VPC endpoint does not start connections to resources of its own VPC.
    VpceIntraVpcTraffic,
    /// `VPCE_SERVICE_NOT_INSTALLED_IN_AZ`: Explanation: the endpoint service has no node in the endpoint's zone.
    VpceServiceNotInstalledInAz,
}

impl Code {
    /// Every code: Reach's own first, then AWS's, each in alphabetical order.
    pub const ALL: &'static [Code] = &[
        Code::MissingInput,
        Code::NatHasNoState,
        Code::NotAnalysed,
        Code::RoutingLoop,
        Code::AssumptionPreserveClientIpIsDisabled,
        Code::AssumptionPreserveClientIpIsEnabled,
        Code::AvailabilityZoneCrossed,
        Code::BadState,
        Code::BadStateAttachment,
        Code::BadStateRoute,
        Code::BadStateVpn,
        Code::DisconnectedVpcs,
        Code::Elbv2ListenersMismatch,
        Code::Elbv2ListenerHasNoTg,
        Code::Elbv2ListenerRequiresTgAccept,
        Code::Elbv2NoTargetsInAz,
        Code::Elbv2SourceAddressPreservation,
        Code::EniAddressRestriction,
        Code::EniSgRulesMismatch,
        Code::EniSourceDestCheckRestriction,
        Code::FirewallRulesRestriction,
        Code::FirewallUnsupportedHigherPriorityRules,
        Code::FirewallUnsupportedHigherPriorityRuleGroupType,
        Code::FirewallUnsupportedRuleOptions,
        Code::HigherPriorityRoute,
        Code::IgwDestinationAddressNotInRfc1918Egress,
        Code::IgwDestinationAddressNotInRfc6598Egress,
        Code::IgwExpectsPublicAddress,
        Code::IgwNatReflection,
        Code::IgwPrivateIpAssociationForIngress,
        Code::IgwPublicIpAssociationForEgress,
        Code::MissingTargetGroupAttributes,
        Code::MoreSpecificRoute,
        Code::NgwSourceAddressReassign,
        Code::NoPath,
        Code::NoPossibleDestination,
        Code::NoRouteToDestination,
        Code::NoSourceOrDestination,
        Code::PathThroughGwlbNotChecked,
        Code::PcxRequiresAddressInVpcCidr,
        Code::RemapEphemeralPort,
        Code::ResponseRtbHasNoRouteToTransitGateway,
        Code::SgHasNoRules,
        Code::SgReferencesNotPreserved,
        Code::SgReferencingSupport,
        Code::SubnetAclRestriction,
        Code::TgwAttachMissingTgwRtbAssociation,
        Code::TgwBadStateVpn,
        Code::TgwRouteAzRestriction,
        Code::TgwRtbBadStateRoute,
        Code::TgwRtbHigherPriorityRoute,
        Code::TgwRtbMoreSpecificRoute,
        Code::TgwRtbNoRouteToTgwAttachment,
        Code::TgwRtbRoutesAreUnknown,
        Code::TransitGatewayApplianceModeRecommended,
        Code::UnidirectionalPathAnalysisOnly,
        Code::UnknownResource,
        Code::VpceGatewayProtocolRestriction,
        Code::VpceIntraVpcTraffic,
        Code::VpceServiceNotInstalledInAz,
    ];

    /// As AWS spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::MissingInput => "MISSING_INPUT",
            Code::NatHasNoState => "NAT_HAS_NO_STATE",
            Code::NotAnalysed => "NOT_ANALYSED",
            Code::RoutingLoop => "ROUTING_LOOP",
            Code::AssumptionPreserveClientIpIsDisabled => {
                "ASSUMPTION_PRESERVE_CLIENT_IP_IS_DISABLED"
            }
            Code::AssumptionPreserveClientIpIsEnabled => "ASSUMPTION_PRESERVE_CLIENT_IP_IS_ENABLED",
            Code::AvailabilityZoneCrossed => "AVAILABILITY_ZONE_CROSSED",
            Code::BadState => "BAD_STATE",
            Code::BadStateAttachment => "BAD_STATE_ATTACHMENT",
            Code::BadStateRoute => "BAD_STATE_ROUTE",
            Code::BadStateVpn => "BAD_STATE_VPN",
            Code::DisconnectedVpcs => "DISCONNECTED_VPCS",
            Code::Elbv2ListenersMismatch => "ELBV2_LISTENERS_MISMATCH",
            Code::Elbv2ListenerHasNoTg => "ELBV2_LISTENER_HAS_NO_TG",
            Code::Elbv2ListenerRequiresTgAccept => "ELBV2_LISTENER_REQUIRES_TG_ACCEPT",
            Code::Elbv2NoTargetsInAz => "ELBV2_NO_TARGETS_IN_AZ",
            Code::Elbv2SourceAddressPreservation => "ELBV2_SOURCE_ADDRESS_PRESERVATION",
            Code::EniAddressRestriction => "ENI_ADDRESS_RESTRICTION",
            Code::EniSgRulesMismatch => "ENI_SG_RULES_MISMATCH",
            Code::EniSourceDestCheckRestriction => "ENI_SOURCE_DEST_CHECK_RESTRICTION",
            Code::FirewallRulesRestriction => "FIREWALL_RULES_RESTRICTION",
            Code::FirewallUnsupportedHigherPriorityRules => {
                "FIREWALL_UNSUPPORTED_HIGHER_PRIORITY_RULES"
            }
            Code::FirewallUnsupportedHigherPriorityRuleGroupType => {
                "FIREWALL_UNSUPPORTED_HIGHER_PRIORITY_RULE_GROUP_TYPE"
            }
            Code::FirewallUnsupportedRuleOptions => "FIREWALL_UNSUPPORTED_RULE_OPTIONS",
            Code::HigherPriorityRoute => "HIGHER_PRIORITY_ROUTE",
            Code::IgwDestinationAddressNotInRfc1918Egress => {
                "IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS"
            }
            Code::IgwDestinationAddressNotInRfc6598Egress => {
                "IGW_DESTINATION_ADDRESS_NOT_IN_RFC6598_EGRESS"
            }
            Code::IgwExpectsPublicAddress => "IGW_EXPECTS_PUBLIC_ADDRESS",
            Code::IgwNatReflection => "IGW_NAT_REFLECTION",
            Code::IgwPrivateIpAssociationForIngress => "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS",
            Code::IgwPublicIpAssociationForEgress => "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS",
            Code::MissingTargetGroupAttributes => "MISSING_TARGET_GROUP_ATTRIBUTES",
            Code::MoreSpecificRoute => "MORE_SPECIFIC_ROUTE",
            Code::NgwSourceAddressReassign => "NGW_SOURCE_ADDRESS_REASSIGN",
            Code::NoPath => "NO_PATH",
            Code::NoPossibleDestination => "NO_POSSIBLE_DESTINATION",
            Code::NoRouteToDestination => "NO_ROUTE_TO_DESTINATION",
            Code::NoSourceOrDestination => "NO_SOURCE_OR_DESTINATION",
            Code::PathThroughGwlbNotChecked => "PATH_THROUGH_GWLB_NOT_CHECKED",
            Code::PcxRequiresAddressInVpcCidr => "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR",
            Code::RemapEphemeralPort => "REMAP_EPHEMERAL_PORT",
            Code::ResponseRtbHasNoRouteToTransitGateway => {
                "RESPONSE_RTB_HAS_NO_ROUTE_TO_TRANSIT_GATEWAY"
            }
            Code::SgHasNoRules => "SG_HAS_NO_RULES",
            Code::SgReferencesNotPreserved => "SG_REFERENCES_NOT_PRESERVED",
            Code::SgReferencingSupport => "SG_REFERENCING_SUPPORT",
            Code::SubnetAclRestriction => "SUBNET_ACL_RESTRICTION",
            Code::TgwAttachMissingTgwRtbAssociation => "TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION",
            Code::TgwBadStateVpn => "TGW_BAD_STATE_VPN",
            Code::TgwRouteAzRestriction => "TGW_ROUTE_AZ_RESTRICTION",
            Code::TgwRtbBadStateRoute => "TGW_RTB_BAD_STATE_ROUTE",
            Code::TgwRtbHigherPriorityRoute => "TGW_RTB_HIGHER_PRIORITY_ROUTE",
            Code::TgwRtbMoreSpecificRoute => "TGW_RTB_MORE_SPECIFIC_ROUTE",
            Code::TgwRtbNoRouteToTgwAttachment => "TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT",
            Code::TgwRtbRoutesAreUnknown => "TGW_RTB_ROUTES_ARE_UNKNOWN",
            Code::TransitGatewayApplianceModeRecommended => {
                "TRANSIT_GATEWAY_APPLIANCE_MODE_RECOMMENDED"
            }
            Code::UnidirectionalPathAnalysisOnly => "UNIDIRECTIONAL_PATH_ANALYSIS_ONLY",
            Code::UnknownResource => "UNKNOWN_RESOURCE",
            Code::VpceGatewayProtocolRestriction => "VPCE_GATEWAY_PROTOCOL_RESTRICTION",
            Code::VpceIntraVpcTraffic => "VPCE_INTRA_VPC_TRAFFIC",
            Code::VpceServiceNotInstalledInAz => "VPCE_SERVICE_NOT_INSTALLED_IN_AZ",
        }
    }
}

impl Code {
    /// Whether AWS's analyzer has this code (else it is Reach's own).
    pub fn is_aws(self) -> bool {
        !matches!(
            self,
            Code::MissingInput | Code::NatHasNoState | Code::NotAnalysed | Code::RoutingLoop
        )
    }
}

impl Code {
    /// The header field a code is about, as an explanation's `PacketField` names it: AWS's
    /// published example spells these `destination-port` and `source-address` (the
    /// Reachability Analyzer guide's CLI walkthrough); the others follow that pattern.
    pub fn packet_field(self) -> Option<&'static str> {
        match self {
            Code::Elbv2ListenersMismatch => Some("destination-port"),
            Code::IgwPrivateIpAssociationForIngress
            | Code::IgwDestinationAddressNotInRfc1918Egress
            | Code::IgwDestinationAddressNotInRfc6598Egress
            | Code::PcxRequiresAddressInVpcCidr
            | Code::EniAddressRestriction => Some("destination-address"),
            Code::IgwPublicIpAssociationForEgress | Code::NgwSourceAddressReassign => {
                Some("source-address")
            }
            Code::RemapEphemeralPort => Some("source-port"),
            Code::VpceGatewayProtocolRestriction => Some("protocol"),
            _ => None,
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Lets tests and front ends compare with AWS's spelling.
impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_is_sorted_complete_and_unique() {
        let spelled: Vec<&str> = Code::ALL
            .iter()
            .filter(|code| code.is_aws())
            .map(|code| code.as_str())
            .collect();
        let mut sorted = spelled.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(spelled, sorted);
        assert_eq!(spelled.len(), 56);
        assert_eq!(Code::ALL.iter().filter(|code| !code.is_aws()).count(), 4);
    }

    #[test]
    fn packet_fields_name_a_header_field_of_aws_codes_only() {
        let fields: Vec<(&str, &str)> = Code::ALL
            .iter()
            .filter_map(|code| Some((code.as_str(), code.packet_field()?)))
            .collect();
        assert_eq!(fields.len(), 10);
        for (code, field) in fields {
            assert!(Code::ALL.iter().any(|c| c.as_str() == code && c.is_aws()));
            assert!(
                [
                    "source-address",
                    "destination-address",
                    "source-port",
                    "destination-port",
                    "protocol"
                ]
                .contains(&field),
                "{code}: {field}"
            );
        }
        assert_eq!(
            Code::Elbv2ListenersMismatch.packet_field(),
            Some("destination-port")
        );
        assert_eq!(Code::SubnetAclRestriction.packet_field(), None);
    }
}
