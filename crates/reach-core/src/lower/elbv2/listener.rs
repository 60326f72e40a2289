//! Listeners (`describe-listeners`) and their rules (`describe-rules`): the target groups each
//! forwards to.

use crate::collect::Entry;
use crate::command;
use crate::ids::*;
use crate::lower::parse::port;
use crate::lower::Lowering;
use crate::model::*;
use reach_aws::elbv2::listener::Action;
use std::collections::BTreeMap;

pub(crate) fn lower(lowering: &mut Lowering<'_>) {
    let Lowering {
        input: c,
        snapshot,
        sink,
    } = lowering;
    let mut rules_by_listener: BTreeMap<String, Vec<ListenerRule>> = BTreeMap::new();
    for (arn, Entry { value: rule, .. }) in c.listener_rules.iter() {
        // `…:listener-rule/app/<lb>/<lb-id>/<listener-id>/<rule-id>` → `…:listener/app/<lb>/<lb-id>/<listener-id>`.
        let listener = arn
            .replacen(":listener-rule/", ":listener/", 1)
            .rsplit_once('/')
            .map(|(head, _)| head.to_owned())
            .unwrap_or_default();
        rules_by_listener
            .entry(listener)
            .or_default()
            .push(ListenerRule {
                arn: ListenerRuleArn::new(arn),
                priority: rule.priority.clone(),
                target_groups: forwards(&rule.actions),
            });
    }
    for (
        arn,
        Entry {
            value: listener,
            origin,
        },
    ) in c.listeners.iter()
    {
        if let Some(balancer) = &listener.load_balancer_arn {
            if !c.load_balancers.contains(balancer) {
                sink.missing(
                    balancer.as_str(),
                    format!(
                        "listener {arn} belongs to load balancer {}, which is not in the input",
                        arn_name(balancer)
                    ),
                    command::load_balancer(balancer),
                );
            }
        }
        let rules = rules_by_listener.remove(arn.as_str());
        let protocol = listener
            .protocol
            .as_deref()
            .map(LoadBalancerProtocol::parse);
        let http = matches!(
            protocol,
            Some(LoadBalancerProtocol::Http | LoadBalancerProtocol::Https)
        );
        if rules.is_none() && http {
            sink.missing(
                format!("rules of {arn}"),
                format!("listener {arn}: its rules were not exported (only its default action is known)"),
                command::listener_rules(arn),
            );
        }
        let default_target_groups = forwards(&listener.default_actions);
        for group in &default_target_groups {
            if !c.target_groups.contains(group.as_str()) {
                sink.missing(
                    group.as_str(),
                    format!(
                        "listener {arn} forwards to target group {}, which is not in the input",
                        arn_name(group.as_str())
                    ),
                    command::target_group(group.as_str()),
                );
            }
        }
        snapshot.listeners.insert(
            ListenerArn::new(arn),
            Listener {
                arn: ListenerArn::new(arn),
                load_balancer: listener
                    .load_balancer_arn
                    .as_deref()
                    .map(LoadBalancerArn::new),
                port: port(listener.port),
                protocol,
                default_target_groups,
                rules,
                origin: origin.clone(),
            },
        );
    }
}

/// The target groups that `forward` actions send to, once each, in ARN order.
fn forwards(actions: &[Action]) -> Vec<TargetGroupArn> {
    let mut groups = Vec::new();
    for action in actions
        .iter()
        .filter(|action| action.action_type == "forward")
    {
        groups.extend(action.target_group_arn.iter().cloned());
        if let Some(config) = &action.forward_config {
            groups.extend(
                config
                    .target_groups
                    .iter()
                    .map(|tuple| tuple.target_group_arn.clone()),
            );
        }
    }
    groups.sort();
    groups.dedup();
    groups.into_iter().map(TargetGroupArn::new).collect()
}

#[cfg(test)]
mod tests {
    use crate::lower::problems;

    const LISTENER: &str =
        "arn:aws:elasticloadbalancing:us-east-1:111122223333:listener/app/web/1/l1";
    const GROUP: &str = "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web-tg/1";

    #[test]
    fn a_listener_forwards_to_each_target_group_once_and_they_must_be_in_the_input() {
        let listeners = format!(
            r#"{{"Listeners": [{{"ListenerArn": "{LISTENER}", "Port": 80, "Protocol": "TCP",
                "DefaultActions": [{{"Type": "forward", "TargetGroupArn": "{GROUP}",
                    "ForwardConfig": {{"TargetGroups": [{{"TargetGroupArn": "{GROUP}", "Weight": 1}}]}}}}]}}]}}"#
        );
        let (snapshot, problems) = problems(&[("describe-listeners.web.json", &listeners)]);
        assert_eq!(
            problems,
            [format!("missing {GROUP}: listener {LISTENER} forwards to target group web-tg, which is not in the input | aws elbv2 describe-target-groups --target-group-arns {GROUP}")]
        );
        let listener = &snapshot.listeners[LISTENER];
        assert_eq!(listener.default_target_groups.len(), 1);
        assert_eq!(listener.port, Some(80));
        // A TCP listener has no rules to export.
        assert!(listener.rules.is_none());
    }

    #[test]
    fn an_http_listeners_rules_are_grouped_under_it_or_said_to_be_missing() {
        let listeners = format!(
            r#"{{"Listeners": [{{"ListenerArn": "{LISTENER}", "Port": 80, "Protocol": "HTTP", "DefaultActions": []}}]}}"#
        );
        let (snapshot, without_rules) = problems(&[("describe-listeners.web.json", &listeners)]);
        assert_eq!(
            without_rules,
            [format!("missing rules of {LISTENER}: listener {LISTENER}: its rules were not exported (only its default action is known) | aws elbv2 describe-rules --listener-arn {LISTENER}")]
        );
        assert!(snapshot.listeners[LISTENER].rules.is_none());

        let rules = r#"{"Rules": [{"RuleArn": "arn:aws:elasticloadbalancing:us-east-1:111122223333:listener-rule/app/web/1/l1/r1",
            "Priority": "default", "Conditions": [], "Actions": []}]}"#;
        let (snapshot, with_rules) = problems(&[
            ("describe-listeners.web.json", listeners.as_str()),
            ("describe-rules.web.l1.json", rules),
        ]);
        assert_eq!(with_rules, Vec::<String>::new());
        assert_eq!(
            snapshot.listeners[LISTENER].rules.as_ref().map(Vec::len),
            Some(1)
        );
    }
}
