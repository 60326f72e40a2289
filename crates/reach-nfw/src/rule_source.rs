//! A rule group's `RulesSource` as Suricata rule text, the way AWS hands every stateful rule
//! group to its engine: `StatefulRules` (5-tuple) rendered rule by rule, `RulesString` as
//! written, and `RulesSourceList` (domain lists) expanded into the TLS SNI and HTTP Host rules
//! AWS documents for them.

use reach_aws::network_firewall::rule_group::{RulesSourceList, StatefulRule};

/// One rule's text, and where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleText {
    /// The line of the `RulesString` it starts on; `None` for generated rules.
    pub line: Option<usize>,
    /// Suricata text.
    pub text: String,
}

/// A 5-tuple rule as Suricata text: `Direction: FORWARD` is `->`, `ANY` is `<>`; `ANY`
/// addresses and ports are `any`; options are `keyword:settings;` with the settings joined
/// by commas, as AWS renders them.
pub fn five_tuple(rule: &StatefulRule) -> String {
    let header = &rule.header;
    let field = |value: &str| {
        if value.eq_ignore_ascii_case("any") {
            "any".to_owned()
        } else {
            value.trim().to_owned()
        }
    };
    let direction = if header.direction.eq_ignore_ascii_case("any") {
        "<>"
    } else {
        "->"
    };
    let options: Vec<String> = rule
        .rule_options
        .iter()
        .map(|option| {
            if option.settings.is_empty() {
                format!("{};", option.keyword)
            } else {
                format!("{}:{};", option.keyword, option.settings.join(","))
            }
        })
        .collect();
    format!(
        "{} {} {} {} {} {} {} ({})",
        rule.action.to_ascii_lowercase(),
        header.protocol.to_ascii_lowercase(),
        field(&header.source),
        field(&header.source_port),
        direction,
        field(&header.destination),
        field(&header.destination_port),
        options.join(" ")
    )
}

/// The rules AWS generates for a domain list. Targets starting with `.` match the domain and
/// every subdomain; others match exactly. An allow list passes matching TLS SNIs and HTTP
/// Hosts and drops other TLS and HTTP flows from `HOME_NET`; a deny list drops (a reject
/// list rejects, an alert list alerts on) the matching ones. Generated `sid`s count from 1,
/// as AWS's do within the group.
pub fn domain_list(list: &RulesSourceList) -> Result<Vec<RuleText>, String> {
    let kind = list
        .generated_rules_type
        .as_deref()
        .unwrap_or("")
        .to_ascii_uppercase();
    let action = match kind.as_str() {
        "ALLOWLIST" => "pass",
        "DENYLIST" => "drop",
        "REJECTLIST" => "reject",
        "ALERTLIST" => "alert",
        other => {
            return Err(format!(
                "GeneratedRulesType \"{other}\" is not one Reach knows"
            ))
        }
    };
    let mut rules = Vec::new();
    let mut sid = 0;
    let mut protocols = Vec::new();
    for target_type in &list.target_types {
        let (protocol, buffer) = match target_type.to_ascii_uppercase().as_str() {
            "TLS_SNI" => ("tls", "tls.sni"),
            "HTTP_HOST" => ("http", "http.host"),
            other => return Err(format!("TargetTypes \"{other}\" is not one Reach knows")),
        };
        protocols.push(protocol);
        for target in &list.targets {
            sid += 1;
            let target = target.trim();
            // Suricata lower-cases http.host and refuses `nocase` on it; SNIs keep their case.
            let nocase = if protocol == "tls" { " nocase;" } else { "" };
            let target_lower = target.to_ascii_lowercase();
            let matcher = if target.starts_with('.') {
                format!("dotprefix; content:\"{target_lower}\";{nocase} endswith;")
            } else {
                format!("content:\"{target_lower}\";{nocase} startswith; endswith;")
            };
            rules.push(RuleText {
                line: None,
                text: format!(
                    "{action} {protocol} $HOME_NET any -> $EXTERNAL_NET any ({buffer}; {matcher} flow:to_server, established; msg:\"{} {target}\"; sid:{sid};)",
                    match action {
                        "pass" => "matching allowlisted FQDN",
                        "drop" => "matching denylisted FQDN",
                        "reject" => "matching rejectlisted FQDN",
                        _ => "matching alertlisted FQDN",
                    }
                ),
            });
        }
    }
    if action == "pass" {
        for protocol in protocols {
            sid += 1;
            rules.push(RuleText {
                line: None,
                text: format!(
                    "drop {protocol} $HOME_NET any -> $EXTERNAL_NET any (flow:to_server, established; msg:\"not matching any {} allowlisted FQDN\"; sid:{sid};)",
                    protocol.to_ascii_uppercase()
                ),
            });
        }
    }
    Ok(rules)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reach_aws::network_firewall::rule_group::{RuleOption, StatefulRuleHeader};

    #[test]
    fn five_tuple_rules_render_as_aws_renders_them() {
        let rule = StatefulRule {
            action: "PASS".into(),
            header: StatefulRuleHeader {
                protocol: "TLS".into(),
                source: "$HOME_NET".into(),
                source_port: "ANY".into(),
                direction: "FORWARD".into(),
                destination: "$EXTERNAL_NET".into(),
                destination_port: "443".into(),
            },
            rule_options: vec![
                RuleOption {
                    keyword: "msg".into(),
                    settings: vec!["\"TLS/443 pass\"".into()],
                },
                RuleOption {
                    keyword: "sid".into(),
                    settings: vec!["1000001".into()],
                },
            ],
        };
        assert_eq!(
            five_tuple(&rule),
            "pass tls $HOME_NET any -> $EXTERNAL_NET 443 (msg:\"TLS/443 pass\"; sid:1000001;)"
        );
    }

    #[test]
    fn allow_lists_pass_matches_and_drop_the_rest() {
        let list = RulesSourceList {
            targets: vec![".example.com".into(), "api.example.org".into()],
            target_types: vec!["TLS_SNI".into(), "HTTP_HOST".into()],
            generated_rules_type: Some("ALLOWLIST".into()),
        };
        let rules = domain_list(&list).unwrap();
        assert_eq!(rules.len(), 6);
        assert!(rules[0].text.starts_with("pass tls $HOME_NET any -> $EXTERNAL_NET any (tls.sni; dotprefix; content:\".example.com\""));
        assert!(rules[5].text.starts_with("drop http"));
        let bad = RulesSourceList {
            generated_rules_type: Some("MAYBE".into()),
            ..list
        };
        assert!(domain_list(&bad).is_err());
    }
}
