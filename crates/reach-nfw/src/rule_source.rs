//! A stateful rule group's rules as Suricata rule text, the way AWS hands every stateful rule
//! group to its engine: `RulesString` as written, `StatefulRules` (5-tuple rules, written as
//! text by `reach-core`, which reads AWS's JSON) rule by rule, and `RulesSourceList` (domain
//! lists) expanded here into the TLS SNI and HTTP Host rules AWS documents for them.

use crate::spec::DomainList;

/// One rule's text, and where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleText {
    /// The line of the `RulesString` it starts on; `None` for generated rules.
    pub line: Option<usize>,
    /// Suricata text.
    pub text: String,
}

/// The rules AWS generates for a domain list. Targets starting with `.` match the domain and
/// every subdomain; others match exactly. An allow list passes matching TLS SNIs and HTTP
/// Hosts and drops other TLS and HTTP flows from `HOME_NET`; a deny list drops (a reject
/// list rejects, an alert list alerts on) the matching ones. Generated `sid`s count from 1,
/// as AWS's do within the group.
pub fn domain_list(list: &DomainList) -> Result<Vec<RuleText>, String> {
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

    #[test]
    fn allow_lists_pass_matches_and_drop_the_rest() {
        let list = DomainList {
            targets: vec![".example.com".into(), "api.example.org".into()],
            target_types: vec!["TLS_SNI".into(), "HTTP_HOST".into()],
            generated_rules_type: Some("ALLOWLIST".into()),
        };
        let rules = domain_list(&list).unwrap();
        assert_eq!(rules.len(), 6);
        assert!(rules[0].text.starts_with("pass tls $HOME_NET any -> $EXTERNAL_NET any (tls.sni; dotprefix; content:\".example.com\""));
        assert!(rules[5].text.starts_with("drop http"));
        let bad = DomainList {
            generated_rules_type: Some("MAYBE".into()),
            ..list
        };
        assert!(domain_list(&bad).is_err());
    }
}
