use super::*;

impl<'a> Walker<'a> {
    /// A Network Firewall endpoint: the request's flows go through the firewall's policy
    /// (replies of the flows it passed were inspected with them), then on by the route table
    /// of the endpoint's subnet.
    pub(super) fn through_firewall(
        &mut self,
        from: &'a Subnet,
        firewall: &'a crate::model::Firewall,
        endpoint: &VpcEndpointId,
        endpoint_subnet: &'a Subnet,
        space: Space,
    ) -> Outcome {
        let component = firewall_component(firewall);
        let vpc = Some(from.vpc.to_string());
        let subnet_id = Some(endpoint_subnet.id.to_string());
        let status = firewall
            .endpoints
            .iter()
            .find(|attachment| attachment.endpoint.as_ref() == Some(endpoint))
            .and_then(|attachment| attachment.status.clone());
        if let Some(status) = status.filter(|status| *status != FirewallAttachmentStatus::Ready) {
            let stop = self.stop_at(
                component,
                vpc,
                subnet_id,
                Code::BadState,
                format!("endpoint {endpoint} of firewall {} is {status}, not READY: it forwards no traffic", firewall.name),
            );
            self.through_endpoint(endpoint.as_str());
            return Outcome::Blocked(stop);
        }
        match self.inspect(component, vpc, subnet_id, firewall, endpoint, space) {
            Ok(passed) => self.route_from(endpoint_subnet, passed),
            Err(outcome) => outcome,
        }
    }

    /// The firewall's policy applied to what reaches it (at an endpoint in a VPC, or at its
    /// transit gateway attachment, whose id then stands for `endpoint`): what passes, or how
    /// the walk ends there. Records the hop.
    pub(super) fn inspect(
        &mut self,
        component: Component,
        vpc: Option<String>,
        subnet_id: Option<String>,
        firewall: &'a crate::model::Firewall,
        endpoint: &VpcEndpointId,
        space: Space,
    ) -> Result<Space, Outcome> {
        let Some(engine) = self.snapshot.firewall_engines.get(&firewall.arn) else {
            self.hop(component, vpc, subnet_id, None, &space);
            self.through_endpoint(endpoint.as_str());
            return Err(self.missing(format!(
                "the path reaches endpoint {endpoint} of Network Firewall {}, whose policy is not in the input: the verdict depends on it",
                firewall.name
            )));
        };
        // The engine plays TCP and UDP conversations; what Suricata does with ICMP (rules on
        // `icmp` or `ip` with ports, `itype`/`icode`, echo replies as established) is not
        // modelled, so an ICMP flow's fate here is unknown rather than guessed.
        let icmp = space.intersection(&Space::of_protocols(&crate::space::icmp::icmp_protocols()));
        if !icmp.is_empty() {
            self.hop(component, vpc, subnet_id, None, &space);
            self.through_endpoint(endpoint.as_str());
            return Err(self.missing(format!(
                "the path crosses endpoint {endpoint} of Network Firewall {}, and Reach does not evaluate ICMP against firewall rules yet: whether ICMP {} passes depends on its policy",
                firewall.name,
                crate::space::icmp::describe(&icmp.destination_ports())
            )));
        }
        self.middleboxes.push(endpoint.to_string());
        if self.leg == Leg::Reply {
            if !self.request_endpoints.contains(endpoint) && self.mode.compat == Compat::Faithful {
                // Replies of a connection the firewall never saw open: it inspects them on
                // their own (never established, no application protocol detected).
                let request = space.reversed();
                let outcomes = reach_nfw::inspect(
                    engine,
                    &request,
                    &self.mode.scenario,
                    reach_nfw::Sides::RepliesOnly,
                );
                let passed = reach_nfw::engine::passed(&outcomes).reversed();
                let family = family_of(&space);
                if passed.is_empty() {
                    let Some(blocking) = outcomes.first() else {
                        return Err(self.missing(format!(
                            "firewall endpoint {endpoint} decided nothing for the replies"
                        )));
                    };
                    let rule = firewall_rule(engine, blocking, family, Compat::Faithful);
                    self.hop(component.clone(), vpc, subnet_id, None, &Space::empty());
                    self.through_endpoint(endpoint.as_str());
                    let stop = self.explain_with(firewall_restriction(
                        component,
                        format!(
                            "the replies reach firewall endpoint {endpoint}, which the requests did not cross; the firewall inspects them on their own: {}",
                            rule.plain
                        ),
                        &rule,
                    ));
                    return Err(Outcome::Blocked(stop));
                }
                self.notes.push(format!(
                    "the replies cross firewall endpoint {endpoint}, which the requests did not: the firewall sees only the replies, never an established connection, and its rules let them through"
                ));
                self.hop(component, vpc, subnet_id, None, &passed);
                self.through_endpoint(endpoint.as_str());
                return Ok(passed);
            }
            // The replies of flows the firewall passed: the engine saw them with the requests.
            self.hop(component, vpc, subnet_id, None, &space);
            self.through_endpoint(endpoint.as_str());
            return Ok(space);
        }
        let compat = self.mode.compat;
        let outcomes = match compat {
            Compat::Faithful => {
                reach_nfw::inspect(engine, &space, &self.mode.scenario, reach_nfw::Sides::Both)
            }
            Compat::Aws => reach_nfw::inspect_aws(engine, &space),
        };
        self.visits.push(Visit {
            firewall: firewall.arn.clone(),
            endpoint: endpoint.clone(),
            request: space.clone(),
        });
        let family = family_of(&space);
        let passed = reach_nfw::engine::passed(&outcomes);
        let deciding = outcomes
            .iter()
            .find(|outcome| outcome.verdict == reach_nfw::Verdict::Pass)
            .or_else(|| outcomes.first());
        let rule = deciding.map(|outcome| firewall_rule(engine, outcome, family, compat));
        self.hop(
            component.clone(),
            vpc,
            subnet_id,
            rule.clone().map(|rule| Rule::Firewall(Box::new(rule))),
            &passed,
        );
        self.through_endpoint(endpoint.as_str());
        let mut stop = None;
        for outcome in &outcomes {
            let rule = firewall_rule(engine, outcome, family, compat);
            if outcome.verdict != reach_nfw::Verdict::Pass {
                if passed.is_empty() {
                    let this = self.explain_with(firewall_restriction(
                        component.clone(),
                        rule.plain.clone(),
                        &rule,
                    ));
                    stop.get_or_insert(this);
                } else {
                    self.notes.push(format!(
                        "{}: {}",
                        flows_in_words(&outcome.space),
                        rule.plain
                    ));
                }
            }
            if compat == Compat::Aws {
                if let Decider::StatefulRule(index) = outcome.decider {
                    let options = unsupported_options(engine, &[index]);
                    if !options.is_empty() {
                        self.details.push(Explanation {
                            members: Default::default(),
                            code: Code::FirewallUnsupportedRuleOptions,
                            component: component.clone(),
                            message: format!("the deciding rule {} carries options AWS's analyzer does not evaluate: {}", engine.stateful[index].label(), option_list(&options)),
                            firewall_rule: None,
                            rule_options: options,
                        });
                    }
                }
                if !outcome.aws_unsupported_groups.is_empty() {
                    let pairs: Vec<crate::analysis::firewall_rule::RuleOptions> = outcome
                        .aws_unsupported_groups
                        .iter()
                        .map(|group| crate::analysis::firewall_rule::RuleOptions {
                            rule_group_arn: engine.groups[*group].arn.clone(),
                            rule: engine.groups[*group].source.to_owned(),
                            options: Vec::new(),
                        })
                        .collect();
                    self.details.push(Explanation {
                        members: Default::default(),
                        code: Code::FirewallUnsupportedHigherPriorityRuleGroupType,
                        component: component.clone(),
                        message: format!(
                            "rule groups ranked before the decision are of a kind AWS's analyzer does not evaluate (Suricata rule strings, domain lists), so it skipped them: {}",
                            pairs
                                .iter()
                                .map(|pair| format!("{} ({})", pair.rule_group_arn, pair.rule))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                        firewall_rule: None,
                        rule_options: pairs,
                    });
                }
                let before = unsupported_options(engine, &outcome.aws_unsupported_before);
                if !before.is_empty() {
                    self.details.push(Explanation {
                        members: Default::default(),
                        code: Code::FirewallUnsupportedHigherPriorityRules,
                        component: component.clone(),
                        message: format!("rules ranked before the deciding one carry options AWS's analyzer does not evaluate: {}", option_list(&before)),
                        firewall_rule: None,
                        rule_options: before,
                    });
                }
            } else {
                for index in &outcome.unevaluated {
                    let unevaluated = &engine.stateful[*index];
                    self.notes.push(format!(
                        "{} of rule group {} uses {}, which Reach cannot evaluate from a flow description; the verdict assumes it does not match",
                        unevaluated.label(),
                        engine.groups[unevaluated.group].name,
                        unevaluated.unevaluated.join(", ")
                    ));
                }
                for index in &outcome.alerts {
                    let alert = &engine.stateful[*index];
                    self.notes.push(format!(
                        "{} of rule group {} alerts on this flow (alert rules log, they decide nothing)",
                        alert.label(),
                        engine.groups[alert.group].name
                    ));
                }
            }
        }
        if compat == Compat::Faithful {
            if engine.stateless_fragment_default != engine.stateless_default {
                self.notes.push(format!(
                    "fragmented packets meet the policy's fragment default `{}` instead of `{}`",
                    engine.stateless_fragment_default.as_str(),
                    engine.stateless_default.as_str()
                ));
            }
            for group in engine.opaque_groups() {
                self.notes.push(format!(
                    "rule group {} of policy {} is not in the input (or is managed by AWS, which does not export its rules): the verdict may depend on it",
                    group.name, engine.name
                ));
            }
            for skipped in &engine.skipped {
                self.notes.push(format!(
                    "not evaluated, so the verdict may depend on it: {skipped}"
                ));
            }
            if let Some(tls) = &engine.tls_inspection {
                self.notes
                    .push(self.tls_inspection_note(engine, tls, &space));
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        self.notes.retain(|note| seen.insert(note.clone()));
        if passed.is_empty() {
            return Err(match stop {
                Some(stop) => Outcome::Blocked(stop),
                None => self.missing(format!(
                    "firewall endpoint {endpoint} decided nothing for these flows"
                )),
            });
        }
        Ok(passed)
    }

    /// Which of the flows a TLS inspection configuration decrypts (its scopes), in words.
    pub(super) fn tls_inspection_note(
        &self,
        engine: &reach_nfw::Policy,
        arn: &str,
        space: &Space,
    ) -> String {
        let Some(configuration) = self.snapshot.tls_inspection_configurations.get(arn) else {
            return format!(
                "policy {} decrypts TLS flows with TLS inspection configuration {arn}, which is not in the input: which flows it decrypts is unknown, and the rules see those in plaintext",
                engine.name
            );
        };
        let scopes = configuration
            .scopes
            .iter()
            .filter_map(|scope| reach_nfw::stateless::match_space(scope).ok())
            .fold(Space::empty(), |all, scope| all.union(&scope));
        let name = configuration.name.clone().unwrap_or_else(|| arn.to_owned());
        let decrypted = space.intersection(&scopes);
        if decrypted.is_empty() {
            format!("TLS inspection configuration {name} of policy {} does not decrypt these flows (none of its scopes covers them)", engine.name)
        } else if decrypted == *space {
            format!("TLS inspection configuration {name} of policy {} decrypts these flows: its rules see them in plaintext (TLS keywords still see the original handshake)", engine.name)
        } else {
            format!(
                "TLS inspection configuration {name} of policy {} decrypts part of these flows ({}): the rules see those in plaintext",
                engine.name,
                crate::analysis::firewall_rule::flows_in_words(&decrypted)
            )
        }
    }

    /// A Network Firewall attached to the transit gateway (a `network-function` attachment):
    /// its policy applies as at an endpoint, then the transit gateway routes what passed by the
    /// route table associated with the firewall's attachment.
    pub(super) fn through_attached_firewall(
        &mut self,
        component: &Component,
        subnet: &'a Subnet,
        attachment: &'a crate::model::TransitGatewayAttachment,
        vpc: Option<String>,
        space: Space,
        rounds: usize,
    ) -> Outcome {
        let firewall = self.snapshot.firewalls.values().find(|firewall| {
            firewall.transit_gateway_attachment.as_ref() == Some(&attachment.id)
                || attachment.resource_id.as_deref() == Some(firewall.arn.as_str())
        });
        let Some(firewall) = firewall else {
            self.hop(
                tgw_attachment_component(attachment),
                vpc,
                None,
                None,
                &space,
            );
            return self.missing(format!(
                "the path reaches transit gateway attachment {} (a network function: a firewall attached to the transit gateway), but no firewall in the input has it: {}",
                attachment.id,
                crate::command::firewalls()
            ));
        };
        let firewall_component = firewall_component(firewall);
        if let Some(stop) = self.unavailable(
            attachment,
            firewall_component.clone(),
            vpc.clone(),
            format!("attachment {} of firewall {}", attachment.id, firewall.name),
        ) {
            self.through_endpoint(attachment.id.as_str());
            return Outcome::Blocked(stop);
        }
        if let Some(status) = firewall
            .transit_gateway_attachment_status
            .as_ref()
            .filter(|status| **status != FirewallTransitGatewayAttachmentStatus::Ready)
        {
            let stop = self.stop_at(
                firewall_component,
                vpc,
                None,
                Code::BadState,
                format!("the transit gateway attachment of firewall {} is {status}, not READY: it forwards no traffic", firewall.name),
            );
            self.through_endpoint(attachment.id.as_str());
            return Outcome::Blocked(stop);
        }
        // A route table that sends the firewall's output back to the firewall would loop.
        if rounds >= 4 {
            return Outcome::Blocked(self.stop_at(
                component.clone(),
                vpc,
                None,
                Code::RoutingLoop,
                format!("transit gateway {} routes the traffic through firewall {} again and again: a routing loop", component.id, firewall.name),
            ));
        }
        // The attachment's id stands for the endpoint: a firewall attached to a transit
        // gateway has no endpoint in any VPC of the snapshot.
        let key = VpcEndpointId::new(attachment.id.as_str());
        match self.inspect(firewall_component, vpc.clone(), None, firewall, &key, space) {
            Ok(passed) => {
                self.transit_gateway_route(component, subnet, attachment, vpc, passed, rounds + 1)
            }
            Err(outcome) => outcome,
        }
    }
}

/// A Network Firewall as its hop's component: the firewall itself, by name and ARN (AWS's
/// guide lists the "Network Firewall firewall" among path components, not its endpoint; no
/// AWS output with a firewall hop was found, so the `Id` is an inference: a firewall has no
/// id but its name, unique in its account and region). The endpoint the packets went through
/// is the hop's `firewall_endpoint`.
pub(super) fn firewall_component(firewall: &crate::model::Firewall) -> Component {
    Component {
        id: firewall.name.clone(),
        arn: Some(firewall.arn.to_string()),
        name: Some(firewall.name.clone()),
        kind: ComponentKind::NetworkFirewall,
    }
}

impl Walker<'_> {
    /// Names the endpoint (or transit gateway attachment) of the firewall hop just recorded.
    pub(super) fn through_endpoint(&mut self, endpoint: &str) {
        if let Some(hop) = self.hops.last_mut() {
            hop.firewall_endpoint = Some(endpoint.to_owned());
        }
    }
}

pub(super) fn option_list(options: &[crate::analysis::firewall_rule::RuleOptions]) -> String {
    options
        .iter()
        .map(|rule| {
            format!(
                "{} ({})",
                rule.rule,
                rule.options
                    .iter()
                    .map(|(keyword, settings)| if settings.is_empty() {
                        keyword.clone()
                    } else {
                        format!("{keyword}:{}", settings.join(","))
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;

    /// Firewall `fw` with its endpoint `vpce-fw` (in `status`) in `subnet-fw` (10.0.3.0/24)
    /// between `subnet-a` and `subnet-b`: each one's table sends the other's CIDR to it. Its
    /// policy, strict order with `aws:drop_strict`, has one rule group with one 5-tuple rule:
    /// `action` TCP from `subnet-a` to `subnet-b` port 443.
    fn inspected(status: &str, action: &str) -> Vec<(&'static str, String)> {
        let via_firewall = r#""GatewayId": "vpce-fw""#;
        let files = with_middle_subnet(
            "subnet-fw",
            "10.0.3.0/24",
            &route("10.0.2.0/24", via_firewall),
            &route("10.0.1.0/24", via_firewall),
        );
        let arn = "arn:aws:network-firewall:us-east-1:111122223333";
        let files = with(
            files,
            "describe-firewall.fw.json",
            format!(
                r#"{{"Firewall": {{"FirewallName": "fw", "FirewallArn": "{arn}:firewall/fw",
                    "FirewallPolicyArn": "{arn}:firewall-policy/policy", "VpcId": "vpc-1",
                    "SubnetMappings": [{{"SubnetId": "subnet-fw"}}]}},
                  "FirewallStatus": {{"Status": "READY", "SyncStates": {{"us-east-1a": {{"Attachment":
                    {{"SubnetId": "subnet-fw", "EndpointId": "vpce-fw", "Status": "{status}"}}}}}}}}}}"#
            ),
        );
        let files = with(
            files,
            "describe-firewall-policy.policy.json",
            format!(
                r#"{{"FirewallPolicyResponse": {{"FirewallPolicyName": "policy", "FirewallPolicyArn": "{arn}:firewall-policy/policy"}},
                  "FirewallPolicy": {{"StatelessDefaultActions": ["aws:forward_to_sfe"],
                    "StatelessFragmentDefaultActions": ["aws:forward_to_sfe"],
                    "StatefulRuleGroupReferences": [{{"ResourceArn": "{arn}:stateful-rulegroup/rules", "Priority": 1}}],
                    "StatefulDefaultActions": ["aws:drop_strict"],
                    "StatefulEngineOptions": {{"RuleOrder": "STRICT_ORDER"}}}}}}"#
            ),
        );
        with(
            files,
            "describe-rule-group.rules.json",
            format!(
                r#"{{"RuleGroup": {{"RulesSource": {{"StatefulRules": [{{"Action": "{action}",
                    "Header": {{"Protocol": "TCP", "Source": "10.0.1.0/24", "SourcePort": "ANY", "Direction": "FORWARD",
                      "Destination": "10.0.2.0/24", "DestinationPort": "443"}},
                    "RuleOptions": [{{"Keyword": "sid", "Settings": ["1"]}}]}}]}},
                    "StatefulRuleOptions": {{"RuleOrder": "STRICT_ORDER"}}}},
                  "RuleGroupResponse": {{"RuleGroupArn": "{arn}:stateful-rulegroup/rules", "RuleGroupName": "rules", "Type": "STATEFUL"}}}}"#
            ),
        )
    }

    #[test]
    fn a_flow_the_policy_passes_crosses_the_endpoint_both_ways() {
        check(
            &inspected("READY", "PASS"),
            "eni-a eni-b 443",
            "reachable
             -> eni-a sg-a acl-1 rtb-a acl-1 fw acl-1 rtb-1 acl-1 sg-b eni-b
             <- eni-b sg-b acl-1 rtb-b acl-1 fw acl-1 rtb-1 acl-1 sg-a eni-a",
        );
    }

    #[test]
    fn a_rule_that_drops_the_flow_stops_it_at_the_endpoint() {
        check(
            &inspected("READY", "DROP"),
            "eni-a eni-b 443",
            "not_reachable FIREWALL_RULES_RESTRICTION
             -> eni-a sg-a acl-1 rtb-a acl-1 fw",
        );
    }

    #[test]
    fn an_endpoint_that_is_not_ready_forwards_nothing() {
        check(
            &inspected("CREATING", "PASS"),
            "eni-a eni-b 443",
            // The local route the route to the endpoint beat would have delivered.
            "not_reachable BAD_STATE MORE_SPECIFIC_ROUTE
             -> eni-a sg-a acl-1 rtb-a acl-1 fw",
        );
        // Statuses are read ignoring case.
        check(
            &inspected("ready", "PASS"),
            "eni-a eni-b 443",
            "reachable
             -> eni-a sg-a acl-1 rtb-a acl-1 fw acl-1 rtb-1 acl-1 sg-b eni-b
             <- eni-b sg-b acl-1 rtb-b acl-1 fw acl-1 rtb-1 acl-1 sg-a eni-a",
        );
    }
}
