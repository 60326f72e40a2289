//! Security group referencing over a transit gateway (AWS's `SG_REFERENCING_SUPPORT`).
//!
//! A rule referencing a group matches by the member interfaces' addresses everywhere else in
//! the walk. Over a transit gateway AWS only honours it in inbound rules, between "VPCs
//! attached to a transit gateway within the same AWS Region", and only where the option is
//! enabled "on the transit gateway and on each transit gateway VPC attachment"
//! ("Introducing security group referencing for AWS Transit Gateway", AWS Networking blog).
//! Unlike a NAT gateway the transit gateway keeps the source address, so the address match
//! alone would still admit the request: the walk records each crossing (`Crossing`), and the
//! destination's inbound evaluation drops what referencing rules matched for the sources of a
//! crossing that carried no identity.

use super::*;
use crate::ids::TransitGatewayAttachmentId;
use crate::model::TransitGatewayAttachment;
use network_interface::security_group_rule;

/// A transit gateway delivering the request from one attachment into a VPC: whether a rule
/// referencing a group can still match what it delivers.
#[derive(Clone, Debug)]
pub(super) struct Crossing {
    /// The transit gateway that delivered the request (after a peering attachment, the far
    /// one).
    gateway: Component,
    /// The attachment an explanation names: the first whose setting is off, else the one
    /// the request left through.
    attachment: TransitGatewayAttachmentId,
    /// Why the crossing carries no security group identity, in words; `None` when it does.
    lost: Option<String>,
    /// The defaults taken for settings the export does not hold, in words.
    assumed: Vec<String>,
    /// The request as it crossed: its sources are those whose identity `lost` concerns.
    request: Space,
}

/// The part of a request that only a rule referencing a group let out of an interface: AWS
/// never honours such an egress rule over a transit gateway.
#[derive(Clone, Debug)]
pub(super) struct EgressByReference {
    interface: NetworkInterfaceId,
    group: String,
    rule: Rule,
    space: Space,
}

impl Walker<'_> {
    /// The request leaves transit gateway `gateway` through VPC attachment `exit`, the last
    /// round having routed what came in through `entry` (a VPC, peering or firewall
    /// attachment): what an egress rule referencing a group let out cannot cross
    /// (`SG_REFERENCING_SUPPORT`, egress), and the crossing is recorded for the destination's
    /// inbound rules. Replies pass groups statefully, so only the request is concerned.
    pub(super) fn cross_with_group_identity(
        &mut self,
        gateway: &Component,
        entry: &TransitGatewayAttachment,
        exit: &TransitGatewayAttachment,
        space: Space,
    ) -> Result<Space, Stop> {
        if self.leg != Leg::Request {
            return Ok(space);
        }
        let space = self.refuse_egress_references(gateway, exit, space)?;
        let crossing = self.crossing(gateway, entry, exit, &space);
        self.crossings.push(crossing);
        Ok(space)
    }

    /// Whether `gateway` carries security group identity from `entry` to `exit`, and why not.
    fn crossing(
        &self,
        gateway: &Component,
        entry: &TransitGatewayAttachment,
        exit: &TransitGatewayAttachment,
        space: &Space,
    ) -> Crossing {
        use TransitGatewayAttachmentResourceType as ResourceType;
        let mut off = Vec::new();
        let mut assumed = Vec::new();
        let mut attachment = None;
        match &entry.resource_type {
            Some(ResourceType::Vpc) => {
                let setting = self
                    .snapshot
                    .transit_gateways
                    .get(gateway.id.as_str())
                    .and_then(|found| found.security_group_referencing);
                match setting {
                    Some(true) => {}
                    Some(false) => off.push(format!(
                        "security group referencing support is off on transit gateway {}",
                        gateway.id
                    )),
                    None => {
                        off.push(format!(
                            "security group referencing support is off on transit gateway {} (AWS's default: the export does not set it)",
                            gateway.id
                        ));
                        assumed.push(format!(
                            "transit gateway {} is taken to have security group referencing support off, AWS's default: its export has no Options.SecurityGroupReferencingSupport",
                            gateway.id
                        ));
                    }
                }
                for side in [entry, exit] {
                    match side.security_group_referencing {
                        Some(true) => {}
                        Some(false) => {
                            off.push(format!(
                                "security group referencing support is off on attachment {} ({})",
                                side.id,
                                side.resource_id.clone().unwrap_or_default()
                            ));
                            attachment.get_or_insert_with(|| side.id.clone());
                        }
                        // New VPC attachments have it on ("set to enable by default", EC2 API
                        // `TransitGatewayVpcAttachmentOptions`); an export without the key
                        // predates the option.
                        None => assumed.push(format!(
                            "attachment {} is taken to have security group referencing support on, AWS's default for VPC attachments: its export has no Options.SecurityGroupReferencingSupport",
                            side.id
                        )),
                    }
                }
            }
            // The feature is between VPCs attached to one transit gateway in one Region.
            Some(ResourceType::Peering) => {
                off.push(format!(
                    "the request came over peering attachment {}, and security group references never cross a transit gateway peering (they are honoured only between VPCs attached to the same transit gateway, in one Region)",
                    entry.id
                ));
                attachment = Some(entry.id.clone());
            }
            // A firewall attached to the transit gateway re-sends what it passes from its own
            // endpoints, as a load balancer or appliance would, and the feature is defined for
            // VPC attachments only: nothing says the source's group travels through it, so
            // Reach takes it as lost, and says so.
            Some(ResourceType::NetworkFunction) => {
                off.push(format!(
                    "the request came through firewall attachment {}, and security group referencing over a transit gateway is defined between VPC attachments only",
                    entry.id
                ));
                attachment = Some(entry.id.clone());
            }
            other => {
                off.push(format!(
                    "the request came in through {} attachment {}, and security group referencing over a transit gateway is defined between VPC attachments only",
                    other.as_ref().map_or("an unknown", ResourceType::as_str),
                    entry.id
                ));
                attachment = Some(entry.id.clone());
            }
        }
        Crossing {
            gateway: gateway.clone(),
            attachment: attachment.unwrap_or_else(|| exit.id.clone()),
            lost: (!off.is_empty()).then(|| off.join("; ")),
            assumed,
            request: space.clone(),
        }
    }

    /// What of `space` only an egress rule referencing a group let out of the last interface
    /// it left: that rule does not match across a transit gateway ("Outbound security rules
    /// referencing over Transit Gateway aren't supported", Introducing security group
    /// referencing for AWS Transit Gateway).
    fn refuse_egress_references(
        &mut self,
        gateway: &Component,
        exit: &TransitGatewayAttachment,
        space: Space,
    ) -> Result<Space, Stop> {
        let Some(egress) = self.egress_by_reference.take() else {
            return Ok(space);
        };
        // A NAT gateway on the way rewrote the source and its port, not where the request
        // goes: the rule's destinations decide.
        let towards = Space::from_cubes(
            egress
                .space
                .cubes()
                .iter()
                .map(|cube| Cube {
                    sources: Cube::everything(cube.family).sources,
                    source_ports: Cube::everything(cube.family).source_ports,
                    ..cube.clone()
                })
                .collect(),
        );
        let refused = space.intersection(&towards);
        if refused.is_empty() {
            return Ok(space);
        }
        let left = space.difference(&refused);
        let message = format!(
            "{} let {} out only by a rule referencing a group ({}), and transit gateway {} never honours a reference in an egress rule",
            egress.group,
            if left.is_empty() {
                "the request"
            } else {
                "part of the request"
            },
            egress.rule.text(),
            gateway.id
        );
        if !left.is_empty() {
            self.notes.push(message);
            return Ok(left);
        }
        let stop = self.stop_at(
            tgw_attachment_component(exit),
            exit.resource_id.clone(),
            None,
            Code::SgReferencingSupport,
            message,
        );
        self.annotate(|members| {
            members.direction = Some("egress");
            members.transit_gateway = Some(gateway.id.clone());
            members.transit_gateway_attachment = Some(exit.id.to_string());
            members.network_interface = Some(egress.interface.to_string());
            members.rule = Some(egress.rule.clone());
        });
        Err(stop)
    }

    /// After an interface's outbound rules let the request out: the part of it only rules
    /// referencing a group allowed, which a transit gateway on the way will refuse.
    pub(super) fn record_egress_references(
        &mut self,
        interface: &NetworkInterface,
        evaluation: &security_group::Evaluation<'_>,
    ) {
        let is_reference = |rule: &&crate::model::SecurityGroupRule| {
            matches!(rule.peer, SecurityGroupPeer::SecurityGroup { .. })
        };
        let union = |references: bool| {
            evaluation
                .matches
                .iter()
                .filter(|(_, rule, _)| is_reference(rule) == references)
                .fold(Space::empty(), |allowed, (_, _, matched)| {
                    allowed.union(matched)
                })
        };
        let only = union(true).difference(&union(false));
        self.egress_by_reference = evaluation
            .matches
            .iter()
            .filter(|(_, rule, _)| is_reference(rule))
            .find(|(_, _, matched)| !matched.intersection(&only).is_empty())
            .map(|(group, rule, _)| EgressByReference {
                interface: interface.id.clone(),
                group: group.to_string(),
                rule: security_group_rule(group, rule, "egress"),
                space: only.clone(),
            });
    }

    /// The sources whose security group identity a transit gateway crossing dropped, for a
    /// destination's inbound rules on the request (empty otherwise). Identity lost at one
    /// crossing stays lost after a later one that would carry it: what carries it on is the
    /// source's group membership, which the first crossing already dropped.
    pub(super) fn sources_without_group_identity(&self, direction: Direction) -> Space {
        if direction != Direction::Inbound || self.leg != Leg::Request {
            return Space::empty();
        }
        self.crossings
            .iter()
            .filter(|crossing| crossing.lost.is_some())
            .fold(Space::empty(), |lost, crossing| {
                lost.union(&sources_of(&crossing.request))
            })
    }

    /// After `interface`'s inbound rules were applied to the request (`evaluation`, which
    /// still matched referencing rules by address) and let `allowed` in: what a transit
    /// gateway crossing changed. Nothing let in, where a referencing rule would have admitted
    /// the request: the explanation (`SG_REFERENCING_SUPPORT`). Part refused: a note. And the
    /// defaults taken for settings the export lacks, whenever a referencing rule was in play.
    pub(super) fn explain_referencing_support(
        &mut self,
        interface: &NetworkInterface,
        evaluation: &security_group::Evaluation<'_>,
        allowed: &Space,
    ) {
        let references: Vec<_> = evaluation
            .matches
            .iter()
            .filter(|(_, rule, _)| matches!(rule.peer, SecurityGroupPeer::SecurityGroup { .. }))
            .collect();
        if references.is_empty() {
            return;
        }
        let assumed: Vec<String> = self
            .crossings
            .iter()
            .flat_map(|crossing| crossing.assumed.iter().cloned())
            .collect();
        for note in assumed {
            if !self.notes.contains(&note) {
                self.notes.push(note);
            }
        }
        let refused = evaluation.allowed.difference(allowed);
        let blame = self
            .crossings
            .iter()
            .filter_map(|crossing| Some((crossing, crossing.lost.as_ref()?)))
            .find_map(|(crossing, lost)| {
                let lost_sources = sources_of(&crossing.request);
                let (group, rule, _) = references.iter().find(|(_, _, matched)| {
                    !matched
                        .intersection(&refused)
                        .intersection(&lost_sources)
                        .is_empty()
                })?;
                Some((
                    crossing.clone(),
                    lost.clone(),
                    security_group_rule(group, rule, "ingress"),
                ))
            });
        let Some((crossing, lost, rule)) = blame else {
            return;
        };
        if !allowed.is_empty() {
            self.notes.push(format!(
                "{} would also admit part of the request by a rule referencing a group ({}), but transit gateway {} carries no security group identity for it: {lost}",
                interface.id,
                rule.text(),
                crossing.gateway.id
            ));
            return;
        }
        let message = format!(
            "{} would admit the request by a rule referencing a group ({}), but transit gateway {} carries no security group identity for it: {lost}",
            interface.id,
            rule.text(),
            crossing.gateway.id
        );
        // AWS's words put it on the attachment ("The transit gateway VPC attachment does not
        // have security group referencing support enabled", explanation codes).
        let component = self
            .snapshot
            .transit_gateway_attachments
            .get(&crossing.attachment)
            .map_or_else(|| crossing.gateway.clone(), tgw_attachment_component);
        self.explain(Code::SgReferencingSupport, component, message);
        self.annotate(|members| {
            members.direction = Some("ingress");
            members.transit_gateway = Some(crossing.gateway.id.clone());
            members.transit_gateway_attachment = Some(crossing.attachment.to_string());
            members.network_interface = Some(interface.id.to_string());
            members.rule = Some(rule);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use crate::analysis::Code;

    /// Admits TCP 443 from members of `sg-a` (`eni-a`, in `vpc-1`) only.
    const FROM_SG_A: &str = r#"[{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "UserIdGroupPairs": [{"GroupId": "sg-a"}]}]"#;

    /// `vpc-1` and `vpc-2` over `tgw-1` (`tgw-attach-1` in `subnet-a`, `tgw-attach-2` in
    /// `subnet-c`, both associated with `tgw-rtb-1`, which routes each VPC to its attachment),
    /// with `SecurityGroupReferencingSupport` of the gateway and of each attachment as given
    /// (`None`: the export has no such key); `sg-c` admits `ingress`.
    fn over_tgw(
        gateway: Option<&str>,
        attachment_1: Option<&str>,
        attachment_2: Option<&str>,
        ingress: &str,
    ) -> Vec<(&'static str, String)> {
        let options = |setting: Option<&str>| match setting {
            Some(setting) => format!(r#"{{"SecurityGroupReferencingSupport": "{setting}"}}"#),
            None => "{}".to_owned(),
        };
        let files = two_vpcs(
            r#", {"DestinationCidrBlock": "10.1.0.0/16", "TransitGatewayId": "tgw-1", "State": "active"}"#,
            r#", {"DestinationCidrBlock": "10.0.0.0/16", "TransitGatewayId": "tgw-1", "State": "active"}"#,
        );
        let files = with(
            files,
            "describe-security-groups.json",
            lab_groups(&[security_group("sg-c", "vpc-2", ingress)]),
        );
        let files = with(
            files,
            "describe-transit-gateways.json",
            format!(
                r#"{{"TransitGateways": [{{"TransitGatewayId": "tgw-1", "OwnerId": "111122223333", "State": "available", "Options": {}}}]}}"#,
                options(gateway)
            ),
        );
        let attachment = |id: &str, vpc: &str| {
            format!(
                r#"{{"TransitGatewayAttachmentId": "{id}", "TransitGatewayId": "tgw-1", "ResourceType": "vpc",
                    "ResourceId": "{vpc}", "State": "available",
                    "Association": {{"TransitGatewayRouteTableId": "tgw-rtb-1", "State": "associated"}}}}"#
            )
        };
        let files = with(
            files,
            "describe-transit-gateway-attachments.json",
            format!(
                r#"{{"TransitGatewayAttachments": [{}, {}]}}"#,
                attachment("tgw-attach-1", "vpc-1"),
                attachment("tgw-attach-2", "vpc-2")
            ),
        );
        let vpc_attachment = |id: &str, vpc: &str, subnet: &str, setting: Option<&str>| {
            format!(
                r#"{{"TransitGatewayAttachmentId": "{id}", "TransitGatewayId": "tgw-1", "VpcId": "{vpc}",
                    "SubnetIds": ["{subnet}"], "State": "available", "Options": {}}}"#,
                options(setting)
            )
        };
        let files = with(
            files,
            "describe-transit-gateway-vpc-attachments.json",
            format!(
                r#"{{"TransitGatewayVpcAttachments": [{}, {}]}}"#,
                vpc_attachment("tgw-attach-1", "vpc-1", "subnet-a", attachment_1),
                vpc_attachment("tgw-attach-2", "vpc-2", "subnet-c", attachment_2)
            ),
        );
        let files = with(
            files,
            "describe-transit-gateway-route-tables.json",
            r#"{"TransitGatewayRouteTables": [{"TransitGatewayRouteTableId": "tgw-rtb-1", "TransitGatewayId": "tgw-1"}]}"#,
        );
        let route = |cidr: &str, attachment: &str| {
            format!(
                r#"{{"DestinationCidrBlock": "{cidr}", "Type": "static", "State": "active",
                    "TransitGatewayAttachments": [{{"TransitGatewayAttachmentId": "{attachment}"}}]}}"#
            )
        };
        with(
            files,
            "search-transit-gateway-routes.tgw-rtb-1.json",
            format!(
                r#"{{"Routes": [{}, {}]}}"#,
                route("10.0.0.0/16", "tgw-attach-1"),
                route("10.1.0.0/16", "tgw-attach-2")
            ),
        )
    }

    const REACHABLE: &str = "reachable
        -> eni-a sg-a rtb-1 tgw-attach-1 tgw-rtb-1 tgw-attach-2 rtb-2 sg-c eni-c
        <- eni-c sg-c rtb-2 tgw-attach-2 tgw-rtb-1 tgw-attach-1 rtb-1 sg-a eni-a";

    const REFUSED: &str = "not_reachable ENI_SG_RULES_MISMATCH SG_REFERENCING_SUPPORT
        -> eni-a sg-a rtb-1 tgw-attach-1 tgw-rtb-1 tgw-attach-2 rtb-2 sg-c";

    /// The `SG_REFERENCING_SUPPORT` explanation of the answer: its message, attachment and
    /// direction.
    fn referencing(
        files: &[(&'static str, String)],
    ) -> (String, Option<String>, Option<&'static str>) {
        let answer = ask(files, "eni-a eni-c 443");
        let explanation = answer
            .explanations
            .iter()
            .find(|explanation| explanation.code == Code::SgReferencingSupport)
            .expect("an SG_REFERENCING_SUPPORT explanation");
        // On the attachment it names, as AWS's words for the code put it.
        assert_eq!(
            Some(&explanation.component.id),
            explanation.members.transit_gateway_attachment.as_ref()
        );
        assert_eq!(
            explanation.members.transit_gateway.as_deref(),
            Some("tgw-1")
        );
        (
            explanation.message.clone(),
            explanation.members.transit_gateway_attachment.clone(),
            explanation.members.direction,
        )
    }

    #[test]
    fn a_reference_matches_over_a_transit_gateway_with_support_on_everywhere() {
        let files = over_tgw(Some("enable"), Some("enable"), Some("enable"), FROM_SG_A);
        check(&files, "eni-a eni-c 443", REACHABLE);
        assert!(notes(&files, "eni-a eni-c 443")
            .iter()
            .all(|note| !note.contains("referencing")));
    }

    #[test]
    fn support_off_on_the_transit_gateway_drops_the_reference() {
        let files = over_tgw(Some("disable"), Some("enable"), Some("enable"), FROM_SG_A);
        check(&files, "eni-a eni-c 443", REFUSED);
        let (message, attachment, direction) = referencing(&files);
        assert!(
            message.contains("off on transit gateway tgw-1"),
            "{message}"
        );
        assert!(!message.contains("attachment tgw-attach"), "{message}");
        // The attachment it left through, none of them being off.
        assert_eq!(attachment.as_deref(), Some("tgw-attach-2"));
        assert_eq!(direction, Some("ingress"));
    }

    /// The gateway's default is off: an export without the option refuses, and says why.
    #[test]
    fn a_transit_gateway_that_does_not_say_is_taken_as_off() {
        let files = over_tgw(None, Some("enable"), Some("enable"), FROM_SG_A);
        check(&files, "eni-a eni-c 443", REFUSED);
        assert!(notes(&files, "eni-a eni-c 443")
            .iter()
            .any(|note| note
                .contains("tgw-1 is taken to have security group referencing support off")));
    }

    #[test]
    fn support_off_on_either_attachment_drops_the_reference() {
        for (entry, exit, off) in [
            (Some("disable"), Some("enable"), "tgw-attach-1"),
            (Some("enable"), Some("disable"), "tgw-attach-2"),
        ] {
            let files = over_tgw(Some("enable"), entry, exit, FROM_SG_A);
            check(&files, "eni-a eni-c 443", REFUSED);
            let (message, attachment, _) = referencing(&files);
            assert!(
                message.contains(&format!("off on attachment {off}")),
                "{message}"
            );
            assert!(!message.contains("transit gateway tgw-1 ("), "{message}");
            assert_eq!(attachment.as_deref(), Some(off));
        }
    }

    /// An attachment's default is on: an export without the option admits, and says so.
    #[test]
    fn an_attachment_that_does_not_say_is_taken_as_on() {
        let files = over_tgw(Some("enable"), None, Some("enable"), FROM_SG_A);
        check(&files, "eni-a eni-c 443", REACHABLE);
        assert!(notes(&files, "eni-a eni-c 443")
            .iter()
            .any(|note| note.contains(
                "attachment tgw-attach-1 is taken to have security group referencing support on"
            )));
    }

    /// Only referencing rules lose their match: a CIDR rule admits as before, and the answer
    /// notes nothing about the reference it did not need.
    #[test]
    fn a_rule_by_address_still_admits_without_support() {
        let both = r#"[{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "UserIdGroupPairs": [{"GroupId": "sg-a"}]},
            {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}]"#;
        let files = over_tgw(Some("disable"), Some("enable"), Some("enable"), both);
        check(&files, "eni-a eni-c 443", REACHABLE);
    }

    /// Whatever the switches say, a request that came over a peering attachment (another
    /// Region) or through a firewall attachment carries no group identity; the attachment
    /// named is the one on the way.
    #[test]
    fn peering_and_firewall_attachments_never_carry_group_identity() {
        use super::super::{Leg, Mode, Walker};
        use crate::analysis::question::{Compat, Place};
        use crate::model::TransitGatewayAttachmentResourceType as ResourceType;
        let files = over_tgw(Some("enable"), Some("enable"), Some("enable"), FROM_SG_A);
        let inputs: Vec<reach_aws::InputFile> = files
            .iter()
            .map(|(name, text)| reach_aws::InputFile::new(*name, text.as_str()))
            .collect();
        let snapshot = crate::load(&inputs).snapshot;
        let mode = Mode {
            compat: Compat::Faithful,
            scenario: reach_nfw::Scenario::plain(),
        };
        let walker = Walker::new(&snapshot, Leg::Request, Place::Internet, &mode);
        let gateway = walker.transit_gateway_component(&crate::ids::TransitGatewayId::new("tgw-1"));
        let exit = &snapshot.transit_gateway_attachments["tgw-attach-2"];
        let entry = &snapshot.transit_gateway_attachments["tgw-attach-1"];
        let kept = walker.crossing(&gateway, entry, exit, &crate::space::Space::everything());
        assert_eq!(kept.lost, None);
        for (kind, words) in [
            (ResourceType::Peering, "peering attachment tgw-attach-1"),
            (
                ResourceType::NetworkFunction,
                "firewall attachment tgw-attach-1",
            ),
        ] {
            let mut entry = entry.clone();
            entry.resource_type = Some(kind);
            let crossing =
                walker.crossing(&gateway, &entry, exit, &crate::space::Space::everything());
            let lost = crossing.lost.unwrap_or_default();
            assert!(lost.contains(words), "{lost}");
            assert_eq!(crossing.attachment.as_str(), "tgw-attach-1");
        }
    }

    /// AWS honours references over a transit gateway in inbound rules only: what only an
    /// egress rule referencing the destination's group let out stops at the transit gateway,
    /// with support on everywhere.
    #[test]
    fn an_egress_reference_never_crosses_a_transit_gateway() {
        let files = over_tgw(
            Some("enable"),
            Some("enable"),
            Some("enable"),
            r#"[{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}]"#,
        );
        let egress_by_reference = r#"{"GroupId": "sg-a", "GroupName": "sg-a", "VpcId": "vpc-1", "IpPermissions": [],
            "IpPermissionsEgress": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "UserIdGroupPairs": [{"GroupId": "sg-c"}]}]}"#;
        let groups = format!(
            r#"{{"SecurityGroups": [{egress_by_reference}, {}]}}"#,
            security_group(
                "sg-c",
                "vpc-2",
                r#"[{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}]"#
            )
        );
        let files = with(files, "describe-security-groups.json", groups);
        check(
            &files,
            "eni-a eni-c 443",
            "not_reachable SG_REFERENCING_SUPPORT
             -> eni-a sg-a rtb-1 tgw-attach-1 tgw-rtb-1 tgw-attach-2",
        );
        let (message, attachment, direction) = referencing(&files);
        assert!(message.contains("egress"), "{message}");
        assert_eq!(attachment.as_deref(), Some("tgw-attach-2"));
        assert_eq!(direction, Some("egress"));
    }
}
