//! A resolved question's answer: the walk in the question's mode and in the other one (the
//! line where they differ), and, when a firewall on the path decides by application, one walk
//! per application case, combined into `depends_on_application` when the cases disagree.

use super::firewall_rule::Case;
use super::question::{Compat, Resolved};
use super::walk::{walk, Mode};
use super::{Answer, Verdict};
use crate::model::Snapshot;
use crate::space::{Family, IntervalSet};
use reach_nfw::flow::{AppProtocol, Scenario, DEFAULT_MSS_V4, DEFAULT_MSS_V6, SMALL_CLIENT_HELLO};
use reach_nfw::Policy;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The scenario the question describes, completed with defaults.
fn asked_scenario(resolved: &Resolved) -> Scenario {
    let application = &resolved.question.application;
    let v6 = resolved
        .request
        .cubes()
        .first()
        .is_some_and(|cube| cube.family == Family::V6);
    Scenario {
        app: application.app.clone().unwrap_or(AppProtocol::None),
        server_name: application.server_name.clone(),
        client_hello_size: application.client_hello_size.unwrap_or(SMALL_CLIENT_HELLO),
        mss: application
            .mss
            .unwrap_or(if v6 { DEFAULT_MSS_V6 } else { DEFAULT_MSS_V4 }),
    }
}

/// Answers the question in its mode, and says in one line where the other mode differs.
pub(crate) fn answer_resolved(snapshot: &Snapshot, resolved: &Resolved) -> Answer {
    let compat = resolved.question.compat;
    let mut primary = answer_in(snapshot, resolved, compat);
    if resolved.question.icmp_message().is_some() {
        // `Question::validate` keeps ICMP out of AWS mode: AWS's analyzer has no answer.
        primary.other_mode = Some(format!(
            "AWS's analyzer (--compat aws) does not analyse {}: its paths are tcp or udp",
            super::question::protocol_name(resolved.question.protocol)
        ));
        return primary;
    }
    let other_compat = match compat {
        Compat::Faithful => Compat::Aws,
        Compat::Aws => Compat::Faithful,
    };
    let other = answer_in(snapshot, resolved, other_compat);
    let differs = other.verdict != primary.verdict
        || other.reachable_ports != primary.reachable_ports
        || firewall_decisions(&other) != firewall_decisions(&primary);
    if differs {
        let who = match other_compat {
            Compat::Aws => "AWS's analyzer (--compat aws) reports",
            Compat::Faithful => "Real traffic (without --compat aws):",
        };
        let decisions = firewall_decisions(&other);
        let decision = if decisions.is_empty() {
            String::new()
        } else {
            format!("; firewall: {}", decisions.join("; "))
        };
        primary.other_mode = Some(format!(
            "{who} {}{decision}",
            other.verdict.as_str().replace('_', " ")
        ));
    }
    primary
}

fn firewall_decisions(answer: &Answer) -> Vec<String> {
    let mut decisions: Vec<String> = answer
        .forward
        .iter()
        .filter_map(|hop| match &hop.rule {
            Some(super::Rule::Firewall(rule)) => Some(rule.short.clone()),
            _ => None,
        })
        .collect();
    decisions.extend(answer.explanations.iter().filter_map(|explanation| {
        explanation
            .firewall_rule
            .as_ref()
            .map(|rule| rule.short.clone())
    }));
    decisions.sort();
    decisions.dedup();
    decisions
}

fn answer_in(snapshot: &Snapshot, resolved: &Resolved, compat: Compat) -> Answer {
    let asked = asked_scenario(resolved);
    let (first, visits) = walk(
        snapshot,
        resolved,
        &Mode {
            compat,
            scenario: asked.clone(),
        },
    );
    if compat == Compat::Aws || visits.is_empty() {
        return first;
    }
    let policies: Vec<&Policy> = visits
        .iter()
        .filter_map(|firewall| snapshot.firewall_engines.get(firewall))
        .collect();
    let protocols = resolved
        .request
        .cubes()
        .iter()
        .fold(IntervalSet::empty(), |all, cube| all.union(&cube.protocols));
    let mut application = resolved.question.application.clone();
    application.mss = Some(asked.mss);
    let scenarios = reach_nfw::scenarios(&policies, &protocols, &application);
    if scenarios.len() <= 1 {
        let mut first = first;
        if resolved.question.application.app.is_some() {
            first
                .notes
                .push(format!("the flow is taken to be {}", asked.describe()));
        }
        return first;
    }
    // One walk per class of scenarios no rule tells apart (server names that meet the same
    // rules), not per server name: a domain list of 2,000 names would otherwise walk 2,000
    // times through 4,000 rules. Classes are told apart by every firewall of the snapshot,
    // not only those this walk met, since another scenario may get further.
    let every_policy: Vec<&Policy> = snapshot.firewall_engines.values().collect();
    let answers: Vec<(Vec<Scenario>, Answer)> =
        reach_nfw::scenarios::classes(&scenarios, &every_policy)
            .into_iter()
            .map(|class| {
                let (answer, _) = walk(
                    snapshot,
                    resolved,
                    &Mode {
                        compat,
                        scenario: class[0].clone(),
                    },
                );
                (class, answer)
            })
            .collect();
    combine(answers, &scenarios)
}

/// One answer from the answers of each class of scenarios: the common one when they agree,
/// else `depends_on_application` with a case per group of scenarios that agree.
fn combine(answers: Vec<(Vec<Scenario>, Answer)>, all: &[Scenario]) -> Answer {
    let mut groups: Vec<(Verdict, String, IntervalSet, Vec<Scenario>)> = Vec::new();
    // Groups found by their key, not by a scan of the groups so far: a domain list makes
    // thousands of them.
    let mut group_of: HashMap<(&str, String, IntervalSet), usize> = HashMap::new();
    for (class, answer) in &answers {
        let decision = firewall_decisions(answer).join("; ");
        let key = (
            answer.verdict.as_str(),
            decision.clone(),
            answer.reachable_ports.clone(),
        );
        match group_of.get(&key) {
            Some(&group) => groups[group].3.extend(class.iter().cloned()),
            None => {
                group_of.insert(key, groups.len());
                groups.push((
                    answer.verdict,
                    decision,
                    answer.reachable_ports.clone(),
                    class.clone(),
                ));
            }
        }
    }
    let tried = Tried::new(all);
    let tried_apps = tried
        .by_app
        .keys()
        .map(|app| app.to_string())
        .collect::<BTreeSet<_>>();
    let tried_apps = tried_apps.into_iter().collect::<Vec<_>>().join(", ");
    let verdicts: std::collections::BTreeSet<&str> =
        groups.iter().map(|group| group.0.as_str()).collect();
    // The same verdict with different reachable ports (an all-ports question where one
    // protocol's rule closes a port) still depends on the application.
    let same_ports = groups.windows(2).all(|pair| pair[0].2 == pair[1].2);
    if verdicts.len() == 1 && same_ports {
        let mut answer = answers
            .into_iter()
            .next()
            .map(|(_, answer)| answer)
            .expect("one scenario at least");
        if groups.len() > 1 {
            for (_, decision, _, scenarios) in &groups {
                answer
                    .notes
                    .push(format!("{}: {decision}", describe(scenarios, &tried)));
            }
        }
        answer.notes.push(format!(
            "the firewall gives the same verdict for every application tried ({tried_apps})"
        ));
        return answer;
    }
    // Show the path of a case that gets furthest: a reachable one if any.
    let base_index = answers
        .iter()
        .position(|(_, answer)| answer.verdict == Verdict::Reachable)
        .unwrap_or(0);
    let mut base = answers[base_index].1.clone();
    base.cases = groups
        .iter()
        .map(|(verdict, decision, ports, scenarios)| Case {
            application: describe(scenarios, &tried),
            verdict: *verdict,
            decision: decision.clone(),
            reachable_ports: ports.clone(),
        })
        .collect();
    base.verdict = Verdict::DependsOnApplication;
    base.summary = format!(
        "{} depends on the application: {}.",
        base.flow,
        base.cases
            .iter()
            .map(|case| format!(
                "{}: {} ({})",
                case.application,
                case.verdict.as_str().replace('_', " "),
                case.decision
            ))
            .collect::<Vec<_>>()
            .join("; ")
    );
    base.reachable_ports = groups
        .iter()
        .filter(|group| group.0 == Verdict::Reachable)
        .fold(IntervalSet::empty(), |all, group| all.union(&group.2));
    base.notes.push(format!(
        "the path shown is the one for {}; pass --app-protocol, --server-name and --client-hello-size to ask about one application",
        base.cases
            .iter()
            .find(|case| case.verdict == answers[base_index].1.verdict)
            .map(|case| case.application.clone())
            .unwrap_or_default()
    ));
    base
}

/// The server names (in words) and ClientHello sizes tried for each application protocol.
struct Tried<'a> {
    by_app: BTreeMap<&'a AppProtocol, (BTreeSet<String>, BTreeSet<u32>)>,
}

impl<'a> Tried<'a> {
    fn new(all: &'a [Scenario]) -> Tried<'a> {
        let mut by_app: BTreeMap<&AppProtocol, (BTreeSet<String>, BTreeSet<u32>)> = BTreeMap::new();
        for scenario in all {
            let (names, sizes) = by_app.entry(&scenario.app).or_default();
            names.insert(name_in_words(scenario));
            sizes.insert(scenario.client_hello_size);
        }
        Tried { by_app }
    }
}

fn name_in_words(scenario: &Scenario) -> String {
    match scenario.server_name.as_deref() {
        Some(reach_nfw::scenarios::UNLISTED_NAME) => "an unlisted name".to_owned(),
        Some(name) => name.to_owned(),
        None => "none".to_owned(),
    }
}

/// Scenarios in words, as compact as the set allows: `TLS (any SNI), ClientHello 517 bytes
/// (1 segment)`.
fn describe(group: &[Scenario], tried: &Tried) -> String {
    let mut by_app: BTreeMap<&AppProtocol, Vec<&Scenario>> = BTreeMap::new();
    for scenario in group {
        by_app.entry(&scenario.app).or_default().push(scenario);
    }
    let mut parts = Vec::new();
    let nothing = (BTreeSet::new(), BTreeSet::new());
    for (app, in_group) in by_app {
        let (app_names, app_sizes) = tried.by_app.get(app).unwrap_or(&nothing);
        let label = match app {
            AppProtocol::None => {
                "plain payload (no application protocol Suricata recognises)".to_owned()
            }
            other => other.to_string(),
        };
        let what = match app.name() {
            "tls" | "quic" => "SNI",
            "dns" => "query",
            _ => "Host",
        };
        let names: BTreeSet<String> = in_group.iter().map(|s| name_in_words(s)).collect();
        let sizes: BTreeSet<u32> = in_group.iter().map(|s| s.client_hello_size).collect();
        let all_names = app_names.len() == names.len();
        let all_sizes = app_sizes.len() == sizes.len();
        let mut text = label;
        let only_unlisted = app_names.len() == 1 && app_names.contains("an unlisted name");
        if app.has_server_name() {
            if only_unlisted {
                text.push_str(&format!(" (any {what})"));
            } else if all_names && app_names.len() > 1 {
                text.push_str(&format!(" with any {what}"));
            } else if !all_names || app_names.len() == 1 {
                let names: Vec<&str> = names.iter().map(String::as_str).collect();
                text.push_str(&format!(" with {what} {}", names.join(" or ")));
            }
        }
        if app.name() == "tls" && !(all_sizes && app_sizes.len() > 1) {
            let mss = in_group[0].mss;
            let sizes = sizes
                .iter()
                .map(|size| {
                    let segments = size.div_ceil(mss.max(1));
                    format!(
                        "{size} bytes ({segments} segment{})",
                        if segments == 1 { "" } else { "s" }
                    )
                })
                .collect::<Vec<_>>()
                .join(" or ");
            text.push_str(&format!(", ClientHello {sizes}"));
        }
        parts.push(text);
    }
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::question::resolve;
    use crate::analysis::{Endpoint, Question};

    const RULE_GROUP_FILE: &str = "describe-rule-group.network-firewall-rule-group-5-tuple.json";
    const POLICY_FILE: &str = "describe-firewall-policy.network-firewall-policy.json";

    /// The seed lab, its firewall's rules replaced by `rules` and its policy given a
    /// `drop_established` default.
    fn lab_with_rules(rules: &str) -> Snapshot {
        let mut files = crate::demo::seed_lab();
        for file in &mut files {
            let text = String::from_utf8(file.bytes.clone()).unwrap();
            if file.name == RULE_GROUP_FILE {
                file.bytes = serde_json::json!({
                    "RuleGroup": {
                        "RulesSource": { "RulesString": rules },
                        "StatefulRuleOptions": { "RuleOrder": "STRICT_ORDER" }
                    },
                    "RuleGroupResponse": {
                        "RuleGroupArn": "arn:aws:network-firewall:us-east-1:111122223333:stateful-rulegroup/network-firewall-rule-group-5-tuple",
                        "RuleGroupName": "network-firewall-rule-group-5-tuple",
                        "Type": "STATEFUL"
                    }
                })
                .to_string()
                .into_bytes();
            } else if file.name == POLICY_FILE {
                file.bytes = text
                    .replacen(
                        "\"StatefulRuleGroupReferences\"",
                        "\"StatefulDefaultActions\": [\"aws:drop_established\"], \"StatefulRuleGroupReferences\"",
                        1,
                    )
                    .into_bytes();
            }
        }
        let load = crate::load(&files);
        assert!(load.errors.is_empty(), "{:?}", load.errors);
        load.snapshot
    }

    #[test]
    fn a_walk_per_class_answers_as_a_walk_per_server_name() {
        // Names the rules single out: example.com and www.example.com meet the same rules
        // (1 and 5), "example" and the unlisted name rule 5 only, bad.example.com rules 1, 2
        // and 5, api.example.org rules 3 and 5.
        let snapshot = lab_with_rules(concat!(
            "pass tls $HOME_NET any -> $EXTERNAL_NET 443 (tls.sni; dotprefix; content:\".example.com\"; nocase; endswith; sid:1;)\n",
            "drop tls $HOME_NET any -> $EXTERNAL_NET 443 (tls.sni; content:\"bad.example.com\"; startswith; endswith; sid:2;)\n",
            "pass tls $HOME_NET any -> $EXTERNAL_NET 443 (tls.sni; content:\"api.example.org\"; startswith; endswith; sid:3;)\n",
            "pass http $HOME_NET any -> $EXTERNAL_NET any (http.host; content:\".example.com\"; endswith; sid:4;)\n",
            "reject tls $HOME_NET any -> $EXTERNAL_NET any (tls.sni; content:\"example\"; sid:5;)\n",
        ));
        let question = Question {
            source: Endpoint::parse("i-0454c90477e2bf220"),
            destination: Endpoint::parse("93.184.216.34"),
            protocol: 6,
            source_ports: None,
            destination_ports: Some((443, 443)),
            source_ip: None,
            destination_ip: None,
            application: Default::default(),
            compat: Compat::Faithful,
            icmp: None,
        };
        let resolved = resolve(&snapshot, &question).unwrap();
        let by_class = answer_in(&snapshot, &resolved, Compat::Faithful);

        // The same, one walk per scenario.
        let asked = asked_scenario(&resolved);
        let (_, visits) = walk(
            &snapshot,
            &resolved,
            &Mode {
                compat: Compat::Faithful,
                scenario: asked.clone(),
            },
        );
        let policies: Vec<&Policy> = visits
            .iter()
            .filter_map(|firewall| snapshot.firewall_engines.get(firewall))
            .collect();
        let mut application = resolved.question.application.clone();
        application.mss = Some(asked.mss);
        let scenarios = reach_nfw::scenarios(&policies, &IntervalSet::single(6), &application);
        let every_policy: Vec<&Policy> = snapshot.firewall_engines.values().collect();
        let classes = reach_nfw::scenarios::classes(&scenarios, &every_policy);
        assert!(classes.len() < scenarios.len(), "{classes:?}");
        let one_by_one = scenarios
            .iter()
            .map(|scenario| {
                let mode = Mode {
                    compat: Compat::Faithful,
                    scenario: scenario.clone(),
                };
                (vec![scenario.clone()], walk(&snapshot, &resolved, &mode).0)
            })
            .collect();
        let by_name = combine(one_by_one, &scenarios);

        assert_eq!(by_class.verdict, Verdict::DependsOnApplication);
        assert_eq!(by_class.cases, by_name.cases);
        assert_eq!(by_class.summary, by_name.summary);
        assert_eq!(by_class.notes, by_name.notes);
        assert_eq!(by_class.reachable_ports, by_name.reachable_ports);
        assert_eq!(by_class.explanations, by_name.explanations);
        // A class's case names each of its names.
        assert!(
            by_class.cases.iter().any(|case| case
                .application
                .contains("TLS with SNI an unlisted name or example, ClientHello 517 bytes")),
            "{:#?}",
            by_class.cases
        );
    }

    fn answer(verdict: Verdict, summary: &str) -> Answer {
        let mut answer = Answer::new(
            verdict,
            "tcp from i-1 to 10.0.2.5 port 443".to_owned(),
            Compat::Faithful,
        );
        answer.summary = summary.to_owned();
        answer
    }

    #[test]
    fn a_summary_that_depends_on_the_application_opens_with_the_flow_asked_about() {
        let plain = Scenario::plain();
        let tls = Scenario {
            app: AppProtocol::Named("tls".to_owned()),
            ..Scenario::plain()
        };
        // The summaries say nothing of the flow: the combined one takes it from `flow`.
        let combined = combine(
            vec![
                (
                    vec![plain.clone()],
                    answer(Verdict::Unknown, "reaches eni-9"),
                ),
                (vec![tls.clone()], answer(Verdict::NotReachable, "blocked")),
            ],
            &[plain, tls],
        );
        assert_eq!(combined.verdict, Verdict::DependsOnApplication);
        assert!(
            combined
                .summary
                .starts_with("tcp from i-1 to 10.0.2.5 port 443 depends on the application: "),
            "{}",
            combined.summary
        );
    }
}
