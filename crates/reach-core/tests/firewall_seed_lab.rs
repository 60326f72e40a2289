//! The seed lab's 11 cases (../shared/SEED_LAB.md), both ways: `--compat aws` must report what
//! AWS's Reachability Analyzer reported (the table), and the faithful answer what real traffic
//! does. The goldens under `tests/scenarios/seed-lab-variants/` show the whole answers; these
//! tests pin the facts the table states, so a golden cannot drift away from them unnoticed.

use reach_core::analysis::{Compat, Endpoint, FirewallRule, Rule};
use reach_core::{Answer, Question, Verdict};

const CLIENT: &str = "i-0454c90477e2bf220";
const POLICY_DEFAULT: &str =
    "arn:aws:network-firewall:us-east-1:111122223333:firewall-policy/network-firewall-policy-default";
const RULE_GROUP: &str =
    "arn:aws:network-firewall:us-east-1:111122223333:stateful-rulegroup/network-firewall-rule-group-5-tuple";

fn ask(variant: &str, port: Option<u16>, compat: Compat) -> Answer {
    let files = reach_core::demo::seed_lab_variant(variant).expect("variant exists");
    let load = reach_core::load(&files);
    let question = Question {
        source: Endpoint::parse(CLIENT),
        destination: Endpoint::parse("93.184.216.34"),
        protocol: 6,
        source_ports: None,
        destination_ports: port.map(|port| (port, port)),
        icmp: None,
        source_ip: None,
        destination_ip: Some("93.184.216.34".parse().unwrap()),
        application: Default::default(),
        compat,
    };
    reach_core::analyze(&load.snapshot, &question).expect("a question the lab can answer")
}

/// The firewall rule AWS would print for the firewall hop (or the blocking explanation).
fn firewall_rule(answer: &Answer) -> FirewallRule {
    answer
        .forward
        .iter()
        .find_map(|hop| match &hop.rule {
            Some(Rule::Firewall(rule)) => Some((**rule).clone()),
            _ => None,
        })
        .or_else(|| {
            answer
                .explanations
                .iter()
                .find_map(|explanation| explanation.firewall_rule.as_deref().cloned())
        })
        .expect("a firewall decision")
}

fn details(answer: &Answer) -> Vec<&'static str> {
    answer
        .additional_details
        .iter()
        .map(|detail| detail.code.as_str())
        .collect()
}

#[test]
fn aws_mode_reproduces_the_table() {
    // 1: reachable, decided by the policy default; the TLS and HTTP rules' msg and rev are
    // reported as unsupported options of higher-priority rules.
    let one = ask("01-base-tls-443", Some(443), Compat::Aws);
    assert_eq!(one.verdict, Verdict::Reachable);
    assert_eq!(firewall_rule(&one).rule_group_arn, POLICY_DEFAULT);
    assert_eq!(
        details(&one),
        ["FIREWALL_UNSUPPORTED_HIGHER_PRIORITY_RULES"]
    );
    let pairs = &one.additional_details[0].rule_options;
    assert_eq!(pairs.len(), 2);
    for pair in pairs {
        let keywords: Vec<&str> = pair
            .options
            .iter()
            .map(|(keyword, _)| keyword.as_str())
            .collect();
        assert_eq!(keywords, ["msg", "rev"]);
    }
    // 2 and 3: without msg and rev, still the default, and no detail; HTTP reject not applied.
    for (variant, port) in [("02-no-msg-rev-tcp-443", 443), ("03-no-msg-rev-tcp-80", 80)] {
        let answer = ask(variant, Some(port), Compat::Aws);
        assert_eq!(answer.verdict, Verdict::Reachable, "{variant}");
        assert_eq!(
            firewall_rule(&answer).rule_group_arn,
            POLICY_DEFAULT,
            "{variant}"
        );
        assert!(details(&answer).is_empty(), "{variant}");
    }
    // 4: the TCP reject rule blocks, with the expanded 5-tuple.
    let four = ask("04-tcp-rules-tcp-80", Some(80), Compat::Aws);
    assert_eq!(four.verdict, Verdict::NotReachable);
    assert_eq!(four.explanations[0].code, "FIREWALL_RULES_RESTRICTION");
    let rule = firewall_rule(&four);
    assert_eq!(rule.rule_group_arn, RULE_GROUP);
    assert_eq!(rule.action, "reject");
    assert_eq!(rule.direction.as_deref(), Some("FORWARD"));
    assert_eq!(rule.protocol.as_deref(), Some("TCP"));
    assert_eq!(rule.destination_ports, [(80, 80)]);
    assert_eq!(rule.source_ports, [(0, 65535)]);
    assert_eq!(rule.sources, ["10.1.1.0/24"]);
    assert_eq!(rule.destinations.len(), 24);
    // 5: the pass rule decides.
    let five = ask("05-tcp-rules-tcp-443", Some(443), Compat::Aws);
    assert_eq!(five.verdict, Verdict::Reachable);
    assert_eq!(firewall_rule(&five).rule_group_arn, RULE_GROUP);
    assert_eq!(firewall_rule(&five).action, "pass");
    // 6: the pass rule decides and its rev is an unsupported option.
    let six = ask("06-rev-options-tcp-443", Some(443), Compat::Aws);
    assert_eq!(six.verdict, Verdict::Reachable);
    assert_eq!(firewall_rule(&six).rule_group_arn, RULE_GROUP);
    assert_eq!(details(&six), ["FIREWALL_UNSUPPORTED_RULE_OPTIONS"]);
    assert_eq!(
        six.additional_details[0].rule_options[0].options,
        [("rev".to_owned(), vec!["1".to_owned()])]
    );
    // 7: no rule matches port 587 and there is no default action.
    let seven = ask("07-rev-options-tcp-587", Some(587), Compat::Aws);
    assert_eq!(seven.verdict, Verdict::Reachable);
    assert_eq!(firewall_rule(&seven).rule_group_arn, POLICY_DEFAULT);
    // 8: every port but 80 (AWS showed the first range, 0-79).
    let eight = ask("08-rev-options-tcp-any-port", None, Compat::Aws);
    assert_eq!(eight.verdict, Verdict::Reachable);
    assert_eq!(eight.reachable_ports.to_range_list(), "0-79, 81-65535");
    // 9: drop_established, attributed to the policy default, with no 5-tuple.
    let nine = ask("09-drop-established-tcp-587", Some(587), Compat::Aws);
    assert_eq!(nine.verdict, Verdict::NotReachable);
    let rule = firewall_rule(&nine);
    assert_eq!(rule.rule_group_arn, POLICY_DEFAULT);
    assert_eq!(rule.action, "drop");
    assert!(
        rule.sources.is_empty()
            && rule.destinations.is_empty()
            && rule.destination_ports.is_empty()
    );
    // 10: the TLS pass rule is ignored, so drop_established "drops" HTTPS.
    let ten = ask(
        "10-tls-pass-drop-established-tcp-443",
        Some(443),
        Compat::Aws,
    );
    assert_eq!(ten.verdict, Verdict::NotReachable);
    assert_eq!(firewall_rule(&ten).rule_group_arn, POLICY_DEFAULT);
    // 11: reachable, checked one way only.
    let eleven = ask("11-asymmetric-return-tcp-443", Some(443), Compat::Aws);
    assert_eq!(eleven.verdict, Verdict::Reachable);
    assert!(details(&eleven).contains(&"UNIDIRECTIONAL_PATH_ANALYSIS_ONLY"));
}

#[test]
fn faithful_mode_gives_what_real_traffic_does() {
    // 1: TLS to 443 passes by the TLS rule; plain TCP passes with no rule deciding: reachable
    // either way.
    let one = ask("01-base-tls-443", Some(443), Compat::Faithful);
    assert_eq!(one.verdict, Verdict::Reachable);
    // Every port, the lab as it is: reachable whatever the application, but HTTP not on 80,
    // so the reachable ports depend on it.
    let all = ask("01-base-tls-443", None, Compat::Faithful);
    assert_eq!(
        all.verdict,
        Verdict::DependsOnApplication,
        "{}",
        all.summary
    );
    assert!(all
        .cases
        .iter()
        .any(|case| case.application.starts_with("HTTP")
            && case.reachable_ports.to_range_list() == "0-79, 81-65535"));
    // 3: HTTP to port 80 is rejected, anything else on port 80 passes.
    let three = ask("03-no-msg-rev-tcp-80", Some(80), Compat::Faithful);
    assert_eq!(three.verdict, Verdict::DependsOnApplication);
    let verdicts: Vec<(String, Verdict)> = three
        .cases
        .iter()
        .map(|case| (case.application.clone(), case.verdict))
        .collect();
    assert!(
        verdicts
            .iter()
            .any(|(app, verdict)| app.starts_with("HTTP") && *verdict == Verdict::NotReachable),
        "{verdicts:?}"
    );
    assert!(
        verdicts
            .iter()
            .any(|(app, verdict)| app.starts_with("plain") && *verdict == Verdict::Reachable),
        "{verdicts:?}"
    );
    // 4: the TCP reject rule rejects at the SYN.
    let four = ask("04-tcp-rules-tcp-80", Some(80), Compat::Faithful);
    assert_eq!(four.verdict, Verdict::NotReachable);
    assert_eq!(firewall_rule(&four).packet.as_deref(), Some("the SYN"));
    // 8: every port but 80.
    let eight = ask("08-rev-options-tcp-any-port", None, Compat::Faithful);
    assert_eq!(eight.verdict, Verdict::Reachable);
    assert_eq!(eight.reachable_ports.to_range_list(), "0-79, 81-65535");
    // 9: the handshake passes drop_established, the data does not.
    let nine = ask("09-drop-established-tcp-587", Some(587), Compat::Faithful);
    assert_eq!(nine.verdict, Verdict::NotReachable);
    let rule = firewall_rule(&nine);
    assert_eq!(rule.rule_group_arn, POLICY_DEFAULT);
    assert!(rule.plain.contains("handshake completes"), "{}", rule.plain);
    // 10: TLS passes by the TLS rule once Suricata detects TLS, which it does on the first
    // segment even of a two-segment ClientHello (the rule has no SNI to wait for); anything
    // else is dropped by drop_established once established.
    let ten = ask(
        "10-tls-pass-drop-established-tcp-443",
        Some(443),
        Compat::Faithful,
    );
    assert_eq!(
        ten.verdict,
        Verdict::DependsOnApplication,
        "{}",
        ten.summary
    );
    let cases: Vec<(&str, Verdict)> = ten
        .cases
        .iter()
        .map(|case| (case.application.as_str(), case.verdict))
        .collect();
    assert_eq!(cases.len(), 2, "{cases:?}");
    assert!(
        cases.contains(&("TLS (any SNI)", Verdict::Reachable)),
        "{cases:?}"
    );
    // 11: the replies bypass the firewall. It sees only the requests, so the connection never
    // counts as established there: the pass rule lets it through, and real traffic works.
    let eleven = ask("11-asymmetric-return-tcp-443", Some(443), Compat::Faithful);
    assert_eq!(eleven.verdict, Verdict::ReachableOneWay);
    assert!(eleven
        .additional_details
        .iter()
        .any(|detail| detail.code == "UNIDIRECTIONAL_PATH_ANALYSIS_ONLY"));
    assert!(
        eleven
            .notes
            .iter()
            .any(|note| note.starts_with("real traffic still gets through")),
        "{:?}",
        eleven.notes
    );
    assert!(ten
        .other_mode
        .as_deref()
        .is_some_and(|line| line.contains("not reachable")));
}
