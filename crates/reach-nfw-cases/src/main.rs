//! `reach-nfw-cases --seed N --flows N --out CASES.json`: the Reach side of the differential
//! test against Suricata. It generates rule sets (Suricata rules, 5-tuple protocols and
//! application protocols, flow keywords, SNI/Host/query matches, domain lists, both rule
//! orders, stateful default actions) and flows (TCP with plain, TLS, HTTP or SSH payloads and
//! TLS ClientHellos of one or several segments, UDP with DNS or plain payloads, ICMP; some seen
//! from one side only), and writes each flow with the verdict Reach's engine predicts.
//! `tests/suricata/harness.py` replays them through `suricata --simulate-ips` and compares.
//!
//! Strict order is emulated in Suricata with its `action-order` setting, so generated strict
//! rule sets list their rules in blocks by action (in a random block order) with the default
//! action last; default actions are rendered as the Suricata rules they stand for.

use clap::Parser;
use reach_nfw::flow::{AppProtocol, Scenario};
use reach_nfw::spec::{DomainList, GroupReference, PolicySpec, RuleGroupSpec, StatefulRules};
use reach_nfw::{GroupSource, Policy, Sides};
use reach_space::{address_number, Cube, IntervalSet, Space};
use serde_json::{json, Value};
use std::net::IpAddr;

const HOME_NET: &str = "10.1.1.0/24";
const GROUP_ARN: &str =
    "arn:aws:network-firewall:us-east-1:111122223333:stateful-rulegroup/generated";
const POLICY_ARN: &str =
    "arn:aws:network-firewall:us-east-1:111122223333:firewall-policy/generated";
const NAMES: &[&str] = &[
    "www.example.com",
    "example.com",
    "api.example.org",
    "Mixed.Example.COM",
    "other.test",
];
const CLIENTS: &[&str] = &["10.1.1.40", "10.1.1.200"];
const SERVERS: &[&str] = &["93.184.216.34", "198.51.100.7"];
const FLOWS_PER_SET: usize = 12;

fn pick<'a, T>(rng: &mut fastrand::Rng, items: &'a [T]) -> &'a T {
    &items[rng.usize(..items.len())]
}

/// One generated rule: its action and text (without `sid`).
struct Generated {
    action: &'static str,
    text: String,
}

fn content_match(rng: &mut fastrand::Rng, buffer: &str) -> String {
    let name = pick(rng, NAMES).to_ascii_lowercase();
    // Suricata refuses `nocase` on http.host (it is lower-cased already).
    let nocase = if rng.bool() && buffer != "http.host" {
        " nocase;"
    } else {
        ""
    };
    match rng.u8(..4) {
        0 => format!("{buffer}; content:\"{name}\";{nocase} startswith; endswith;"),
        1 => {
            let domain = name
                .split_once('.')
                .map(|(_, rest)| rest)
                .unwrap_or(&name)
                .to_owned();
            format!("{buffer}; dotprefix; content:\".{domain}\";{nocase} endswith;")
        }
        2 => format!("{buffer}; content:\"example\";{nocase}"),
        _ => format!("{buffer}; content:\"{name}\";{nocase} endswith;"),
    }
}

fn rule(rng: &mut fastrand::Rng) -> Generated {
    let action = *pick(rng, &["pass", "pass", "drop", "drop", "reject", "alert"]);
    let protocol = *pick(
        rng,
        &[
            "tcp", "tcp", "udp", "ip", "tls", "tls", "http", "http", "dns", "ssh", "icmp",
        ],
    );
    let source = *pick(
        rng,
        &[
            "$HOME_NET",
            "$HOME_NET",
            "any",
            "10.1.1.0/25",
            "[10.1.1.0/26, 10.1.1.128/25]",
        ],
    );
    let destination = *pick(
        rng,
        &[
            "$EXTERNAL_NET",
            "$EXTERNAL_NET",
            "$EXTERNAL_NET",
            "any",
            "93.184.216.34",
            "198.51.100.0/24",
            "!93.184.216.34",
        ],
    );
    let port = if matches!(protocol, "ip" | "icmp") {
        "any"
    } else {
        *pick(
            rng,
            &[
                "any",
                "any",
                "any",
                "443",
                "443",
                "80",
                "53",
                "22",
                "[80,443]",
                "1024:65535",
                "!443",
            ],
        )
    };
    let direction = if rng.u8(..7) == 0 { "<>" } else { "->" };
    let mut options = Vec::new();
    if rng.u8(..3) == 0 {
        options.push("msg:\"generated\";".to_owned());
    }
    if protocol != "ip" || rng.bool() {
        match rng.u8(..10) {
            0 | 1 => options.push("flow:established;".to_owned()),
            2 => options.push("flow:to_server;".to_owned()),
            3 | 4 => options.push("flow:established,to_server;".to_owned()),
            5 => options.push("flow:not_established;".to_owned()),
            6 => options.push("flow:to_client;".to_owned()),
            _ => {}
        }
    }
    let to_client = options.iter().any(|option| option.contains("to_client"));
    if rng.u8(..5) < 2 && !to_client {
        match protocol {
            "tls" => options.push(content_match(rng, "tls.sni")),
            "http" => options.push(content_match(rng, "http.host")),
            "dns" => options.push(content_match(rng, "dns.query")),
            _ => {}
        }
    }
    Generated {
        action,
        text: format!(
            "{action} {protocol} {source} any {direction} {destination} {port} ({}",
            options.join(" ")
        ),
    }
}

fn default_rule(name: &str) -> Option<String> {
    Some(match name {
        // `flow:stateless` makes it a packet rule, looked at on every packet like the default
        // action (a bare `ip any any` rule would be IP-only: first packets only).
        "aws:drop_strict" => {
            "drop ip any any -> any any (msg:\"default aws:drop_strict\"; flow:stateless;"
                .to_owned()
        }
        "aws:drop_established" => {
            "drop ip any any -> any any (msg:\"default aws:drop_established\"; flow:established;"
                .to_owned()
        }
        "aws:alert_strict" => {
            "alert ip any any -> any any (msg:\"default aws:alert_strict\"; flow:stateless;"
                .to_owned()
        }
        "aws:alert_established" => {
            "alert ip any any -> any any (msg:\"default aws:alert_established\"; flow:established;"
                .to_owned()
        }
        _ => return None,
    })
}

struct RuleSet {
    id: String,
    tags: Vec<String>,
    strict: bool,
    defaults: Vec<String>,
    action_order: Vec<&'static str>,
    /// Rule texts in evaluation order, with their sids.
    rules: Vec<String>,
    /// What Reach is given: the same rules, without the default-action rules.
    group: RuleGroupSpec,
}

fn rule_set(rng: &mut fastrand::Rng, index: usize) -> RuleSet {
    let strict = rng.u8(..10) < 7;
    let mut tags = vec![if strict { "strict" } else { "action_order" }.to_owned()];
    let default = if strict {
        *pick(
            rng,
            &[
                "",
                "",
                "aws:drop_strict",
                "aws:drop_established",
                "aws:drop_established",
                "aws:alert_established",
                "aws:alert_strict",
            ],
        )
    } else {
        ""
    };
    let defaults: Vec<String> = if default.is_empty() {
        Vec::new()
    } else {
        vec![default.to_owned()]
    };
    if !default.is_empty() {
        tags.push(default.trim_start_matches("aws:").to_owned());
    }
    // Either a domain list (rendered the way AWS documents it) or Suricata rules.
    let (mut generated, list): (Vec<Generated>, Option<DomainList>) = if rng.u8(..7) == 0 {
        tags.push("domain_list".to_owned());
        let mut targets: Vec<String> = Vec::new();
        for _ in 0..rng.usize(1..3) {
            let name = pick(rng, NAMES).to_ascii_lowercase();
            targets.push(if rng.bool() {
                format!(
                    ".{}",
                    name.split_once('.').map(|(_, rest)| rest).unwrap_or(&name)
                )
            } else {
                name
            });
        }
        let list = DomainList {
            targets,
            target_types: if rng.bool() {
                vec!["TLS_SNI".into(), "HTTP_HOST".into()]
            } else {
                vec!["TLS_SNI".into()]
            },
            generated_rules_type: Some(if rng.bool() { "ALLOWLIST" } else { "DENYLIST" }.into()),
        };
        let rules = reach_nfw::rule_source::domain_list(&list).expect("generated list is valid");
        let generated = rules
            .into_iter()
            .map(|rule| {
                let text = rule.text;
                let action = if text.starts_with("pass") {
                    "pass"
                } else {
                    "drop"
                };
                // Strip the trailing `sid:N;)`: sids are given below.
                let cut = text.rfind("sid:").unwrap_or(text.len());
                Generated {
                    action,
                    text: text[..cut].trim_end().to_owned(),
                }
            })
            .collect();
        (generated, Some(list))
    } else {
        ((0..rng.usize(2..9)).map(|_| rule(rng)).collect(), None)
    };
    let mut action_order = vec!["pass", "drop", "reject", "alert"];
    if strict {
        // Blocks by action: pass and reject in a random order, then drop (where a drop default
        // belongs), alerts anywhere (they decide nothing).
        let mut blocks = vec!["pass", "reject"];
        rng.shuffle(&mut blocks);
        blocks.push("drop");
        if rng.bool() {
            blocks.swap(0, 1);
        }
        if default.starts_with("aws:drop") && blocks[2] != "drop" {
            blocks.retain(|block| *block != "drop");
            blocks.push("drop");
        }
        action_order = blocks.clone();
        action_order.push("alert");
        let rank = |action: &str| action_order.iter().position(|a| *a == action).unwrap_or(9);
        generated.sort_by_key(|rule| rank(rule.action));
        tags.push(format!("order:{}", action_order.join(",")));
    }
    let mut rules = Vec::new();
    for (number, rule) in generated.iter().enumerate() {
        let sep = if rule.text.ends_with('(') { "" } else { " " };
        rules.push(format!("{}{sep}sid:{};)", rule.text, 1000 + number));
    }
    let rules_string = rules.join("\n");
    let group = RuleGroupSpec {
        stateful: Some(match &list {
            Some(list) => StatefulRules::DomainList(list.clone()),
            None => StatefulRules::RulesString(rules_string),
        }),
        rule_order: Some(
            if strict {
                "STRICT_ORDER"
            } else {
                "DEFAULT_ACTION_ORDER"
            }
            .to_owned(),
        ),
        ..RuleGroupSpec::default()
    };
    if let Some(list) = &list {
        // The domain list's own sids, as Reach generates them.
        rules = reach_nfw::rule_source::domain_list(list)
            .expect("valid")
            .into_iter()
            .map(|rule| rule.text)
            .collect();
        let rank = |text: &str| {
            let action = text.split_whitespace().next().unwrap_or("");
            action_order.iter().position(|a| *a == action).unwrap_or(9)
        };
        if strict {
            rules.sort_by_key(|text| rank(text));
        }
    }
    for (number, name) in defaults.iter().enumerate() {
        if let Some(text) = default_rule(name) {
            rules.push(format!("{text} sid:{};)", 999_000 + number));
        }
    }
    RuleSet {
        id: format!("rs{index}"),
        tags,
        strict,
        defaults,
        action_order,
        rules,
        group,
    }
}

fn compile(set: &RuleSet) -> Policy {
    let policy = PolicySpec {
        stateful_groups: vec![GroupReference {
            arn: GROUP_ARN.to_owned(),
            priority: Some(1),
            drop_to_alert: false,
        }],
        stateful_default_actions: set.defaults.clone(),
        stateless_default_actions: vec!["aws:forward_to_sfe".to_owned()],
        stateless_fragment_default_actions: vec!["aws:forward_to_sfe".to_owned()],
        rule_order: Some(
            if set.strict {
                "STRICT_ORDER"
            } else {
                "DEFAULT_ACTION_ORDER"
            }
            .to_owned(),
        ),
        stream_exception_policy: Some("DROP".to_owned()),
        ..PolicySpec::default()
    };
    let home: Vec<ipnet::IpNet> = vec![HOME_NET.parse().expect("constant")];
    let compiled = Policy::compile(
        POLICY_ARN,
        "generated",
        &policy,
        &home,
        |arn| {
            (arn == GROUP_ARN).then_some(GroupSource {
                name: "generated",
                rule_group: Some(&set.group),
            })
        },
        |_| None,
    );
    assert!(
        compiled.problems.is_empty(),
        "{}: {:?}\n{}",
        set.id,
        compiled.problems,
        set.rules.join("\n")
    );
    compiled
}

fn flow(
    rng: &mut fastrand::Rng,
    set: &RuleSet,
    policy: &Policy,
    port: u16,
    number: usize,
) -> Value {
    // TCP and UDP: the flows Reach's questions ask about (ICMP rules are still generated).
    let (protocol, app, server_port) = match rng.u8(..11) {
        0 | 1 => ("tcp", "none", *pick(rng, &[443u16, 80, 22, 53, 5000])),
        2..=4 => ("tcp", "tls", *pick(rng, &[443u16, 443, 8443])),
        5 | 6 => ("tcp", "http", *pick(rng, &[80u16, 80, 8080])),
        7 => ("tcp", "ssh", 22),
        8 => ("udp", "none", *pick(rng, &[53u16, 123, 5000])),
        _ => ("udp", "dns", 53),
    };
    let client = *pick(rng, CLIENTS);
    let server = *pick(rng, SERVERS);
    let server_name = match app {
        "tls" | "http" | "dns" => (rng.u8(..6) != 0).then(|| pick(rng, NAMES).to_string()),
        _ => None,
    };
    let hello = *pick(rng, &[517u32, 517, 1800, 4000]);
    let one_sided = protocol == "tcp" && rng.u8(..10) == 0;
    let scenario = Scenario {
        app: AppProtocol::parse(app).expect("known"),
        server_name: server_name.clone(),
        client_hello_size: hello,
        mss: 1460,
    };
    let number_of = |text: &str| address_number(text.parse::<IpAddr>().expect("constant"));
    let (family, client_number) = number_of(client);
    let (_, server_number) = number_of(server);
    let protocol_number = match protocol {
        "tcp" => 6,
        "udp" => 17,
        _ => 1,
    };
    let (client_port, server_port_in_space) = if protocol == "icmp" {
        (0, 0)
    } else {
        (port, server_port)
    };
    let space = Space::from_cube(Cube {
        family,
        protocols: IntervalSet::single(protocol_number),
        sources: IntervalSet::single(client_number),
        destinations: IntervalSet::single(server_number),
        source_ports: IntervalSet::single(u128::from(client_port)),
        destination_ports: IntervalSet::single(u128::from(server_port_in_space)),
    });
    let sides = if one_sided {
        Sides::RequestsOnly
    } else {
        Sides::Both
    };
    let outcomes = reach_nfw::inspect(policy, &space, &scenario, sides);
    assert_eq!(outcomes.len(), 1, "one flow, one outcome");
    let outcome = &outcomes[0];
    let decided = match &outcome.decider {
        reach_nfw::Decider::StatefulRule(index) => policy.stateful[*index].label(),
        other => format!("{other:?}"),
    };
    let packet = outcome
        .packet
        .map(|packet| packet.to_string())
        .unwrap_or_default();
    json!({
        "id": format!("{}/f{number}", set.id),
        "ruleset": set.id,
        "protocol": protocol,
        "client": client,
        "server": server,
        "client_port": port,
        "server_port": server_port,
        "app": app,
        "server_name": server_name,
        "client_hello_size": hello,
        "mss": 1460,
        "one_sided": one_sided,
        "expected": if outcome.delayed.is_some() { "delayed" } else { outcome.verdict.as_str() },
        "note": format!("{}; {} by {decided} {packet}", scenario.describe(), outcome.verdict.as_str()),
    })
}

/// Writes differential-test cases: random rule sets and flows, each flow with the verdict
/// Reach's engine predicts, for `tests/suricata/harness.py` to replay through Suricata.
#[derive(Parser)]
#[command(name = "reach-nfw-cases", version)]
struct Args {
    /// The random seed: the same seed writes the same cases.
    #[arg(long, value_name = "N", default_value_t = 1)]
    seed: u64,
    /// How many flows to write.
    #[arg(long = "flows", value_name = "N", default_value_t = 300)]
    count: usize,
    /// The cases file to write.
    #[arg(long, value_name = "FILE", default_value = "cases.json")]
    out: String,
}

fn main() {
    let Args { seed, count, out } = Args::parse();
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut rulesets = Vec::new();
    let mut flows = Vec::new();
    let mut port = 20_000u16;
    let mut index = 0;
    while flows.len() < count {
        let set = rule_set(&mut rng, index);
        index += 1;
        let policy = compile(&set);
        for number in 0..FLOWS_PER_SET.min(count - flows.len()) {
            flows.push(flow(&mut rng, &set, &policy, port, number));
            port = if port >= 60_000 { 20_000 } else { port + 1 };
        }
        rulesets.push(json!({
            "id": set.id,
            "tags": set.tags,
            "home_net": [HOME_NET],
            "external_net": "!$HOME_NET",
            "action_order": set.action_order,
            "stream_exception_policy": "drop",
            "rules": set.rules.join("\n"),
        }));
    }
    let document = json!({"seed": seed, "rulesets": rulesets, "flows": flows});
    std::fs::write(&out, serde_json::to_string_pretty(&document).expect("JSON"))
        .expect("write the cases file");
    eprintln!(
        "reach-nfw-cases: {} flows over {} rule sets (seed {seed}) in {out}",
        flows.len(),
        index
    );
}
