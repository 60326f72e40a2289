//! A firewall policy, compiled: its stateless rules in evaluation order, its stateful rules
//! in evaluation order (`STRICT_ORDER` or `DEFAULT_ACTION_ORDER`), its default actions, and
//! every problem met on the way (a rule that does not parse, a variable that is not defined, a
//! rule group that is not in the input or is managed by AWS and not exported).

use crate::error::{RuleError, RuleErrorKind};
use crate::keyword::sid::Sid;
use crate::rule::StatefulRule;
use crate::rule_source::{self, RuleText};
use crate::server_name::NameIndex;
use crate::spec::{PolicySpec, RuleGroupSpec, StatefulRules};
use crate::stateless::{StatelessAction, StatelessRule};
use crate::suricata::{self, Action};
use crate::variables::{AddressSet, Variables};
use ipnet::IpNet;

/// How the stateful engine orders rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleOrder {
    /// Groups by priority, rules as listed; the first rule that passes, drops or rejects
    /// decides.
    Strict,
    /// Pass rules first, then drop, reject, alert, across all groups.
    DefaultAction,
}

impl RuleOrder {
    /// As AWS writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleOrder::Strict => "STRICT_ORDER",
            RuleOrder::DefaultAction => "DEFAULT_ACTION_ORDER",
        }
    }
}

/// Which packets a stateful default action applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DefaultScope {
    /// Every packet no rule decided, the TCP handshake included.
    Strict,
    /// Packets of established flows: the handshake passes.
    Established,
    /// Packets of established flows once the application layer has been identified and its
    /// first message read: a ClientHello over several segments is waited for.
    EstablishedAppLayer,
}

/// A stateful default action (`aws:drop_established`…).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DefaultAction {
    /// As written.
    pub name: String,
    /// Drop (true) or alert only (false).
    pub drop: bool,
    /// Which packets.
    pub scope: DefaultScope,
    /// The `_to_server` forms: only packets the client sends.
    pub to_server_only: bool,
}

impl DefaultAction {
    /// Parses a name AWS accepts.
    pub fn parse(name: &str) -> Option<DefaultAction> {
        let rest = name.strip_prefix("aws:")?;
        let (drop, rest) = if let Some(rest) = rest.strip_prefix("drop_") {
            (true, rest)
        } else {
            (false, rest.strip_prefix("alert_")?)
        };
        let (rest, to_server_only) = match rest.strip_suffix("_to_server") {
            Some(rest) => (rest, true),
            None => (rest, false),
        };
        let scope = match rest {
            "strict" => DefaultScope::Strict,
            "established" => DefaultScope::Established,
            "established_app_layer" => DefaultScope::EstablishedAppLayer,
            _ => return None,
        };
        // AWS offers the `_to_server` form for the application-layer defaults only.
        if to_server_only && scope != DefaultScope::EstablishedAppLayer {
            return None;
        }
        Some(DefaultAction {
            name: name.to_owned(),
            drop,
            scope,
            to_server_only,
        })
    }

    /// What it does, in plain words.
    pub fn describe(&self) -> String {
        let what = if self.drop { "drops" } else { "alerts on" };
        let which = match self.scope {
            DefaultScope::Strict => "every packet no rule passed",
            DefaultScope::Established => {
                "packets of established connections no rule passed (the handshake goes through)"
            }
            DefaultScope::EstablishedAppLayer => {
                "packets of established connections no rule passed, once the application protocol has been read"
            }
        };
        let direction = if self.to_server_only {
            " sent by the client"
        } else {
            ""
        };
        format!("`{}` {what} {which}{direction}", self.name)
    }
}

/// A rule group the policy references.
#[derive(Clone, Debug)]
pub struct Group {
    /// Its ARN.
    pub arn: String,
    /// Its name.
    pub name: String,
    /// Stateful or stateless.
    pub stateful: bool,
    /// Its priority in the policy.
    pub priority: Option<i64>,
    /// `Override: DROP_TO_ALERT`: its drop rules only alert.
    pub drop_to_alert: bool,
    /// Whether its rules are unknown (managed by AWS and not exported, or missing).
    pub opaque: bool,
    /// Where its rules come from: `StatefulRules`, `RulesString`, `RulesSourceList`,
    /// `StatelessRulesAndCustomActions` (empty when unknown).
    pub source: &'static str,
}

/// Something wrong in a policy or its rule groups.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The rule group's name, when the problem is in one.
    pub group: Option<String>,
    /// That rule group's ARN: what identifies it (names are unique within an account only).
    pub group_arn: Option<String>,
    /// The line of its `RulesString`, or the position of the rule.
    pub line: Option<usize>,
    /// The column in that line.
    pub column: Option<usize>,
    /// In words.
    pub message: String,
}

impl Problem {
    /// A problem with the policy itself.
    fn policy(message: String) -> Problem {
        Problem {
            group: None,
            group_arn: None,
            line: None,
            column: None,
            message,
        }
    }

    /// A problem with a rule group as a whole, or with a rule that is not a Suricata rule.
    fn group(group: &Group, message: String) -> Problem {
        Problem {
            group: Some(group.name.clone()),
            group_arn: Some(group.arn.clone()),
            line: None,
            column: None,
            message,
        }
    }

    /// A rule of `group` that cannot be used, in the words load errors have always used.
    fn rule(group: &Group, error: &RuleError) -> Problem {
        let message = match &error.kind {
            RuleErrorKind::Syntax(message) => format!("{message} in `{}`", error.text),
            RuleErrorKind::HookBased => format!("{}: `{}`", error.kind, error.text),
            RuleErrorKind::Variable(_) | RuleErrorKind::Keyword(_) => {
                format!("{}; the rule is not evaluated", error.kind)
            }
        };
        Problem {
            line: error.line,
            column: error.column,
            ..Problem::group(group, message)
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(group) = &self.group {
            write!(f, "rule group {group}")?;
            if let Some(line) = self.line {
                write!(f, ", line {line}")?;
            }
            if let Some(column) = self.column {
                write!(f, ", column {column}")?;
            }
            write!(f, ": ")?;
        }
        f.write_str(&self.message)
    }
}

/// A rule group as the input holds it.
#[derive(Clone, Copy, Debug)]
pub struct GroupSource<'a> {
    /// Its name.
    pub name: &'a str,
    /// Its body; `None` when only its metadata was exported.
    pub rule_group: Option<&'a RuleGroupSpec>,
}

/// A compiled policy.
#[derive(Clone, Debug)]
pub struct Policy {
    /// The policy's ARN.
    pub arn: String,
    /// Its name.
    pub name: String,
    /// The rule groups, stateless ones first, each in policy priority order.
    pub groups: Vec<Group>,
    /// Stateless rules in evaluation order.
    pub stateless: Vec<StatelessRule>,
    /// The stateless default for full packets.
    pub stateless_default: StatelessAction,
    /// The stateless default for fragmented packets.
    pub stateless_fragment_default: StatelessAction,
    /// The stateless default actions as written (custom actions included).
    pub stateless_default_names: Vec<String>,
    /// Stateful rules in evaluation order.
    pub stateful: Vec<StatefulRule>,
    /// The stateful rules by whether the server name matters to them, and by name.
    pub server_names: NameIndex,
    /// The rule order.
    pub order: RuleOrder,
    /// Stateful default actions (strict order only).
    pub defaults: Vec<DefaultAction>,
    /// `StreamExceptionPolicy` (`DROP` when not given, as AWS defaults it).
    pub stream_exception_policy: String,
    /// The TLS inspection configuration, when the policy has one.
    pub tls_inspection: Option<String>,
    /// `HOME_NET` as the rules see it.
    pub home_net: AddressSet,
    /// Problems met while compiling.
    pub problems: Vec<Problem>,
    /// Rules that could not be used (they do not parse, Suricata would refuse them, or they
    /// are hook-based): every answer through the policy says the verdict may depend on them.
    pub skipped: Vec<RuleError>,
}

/// AWS-managed rule groups live under the `aws-managed` account in their ARN.
pub fn is_managed(arn: &str) -> bool {
    arn.split(':').nth(4) == Some("aws-managed")
}

impl Policy {
    /// The pseudo rule group AWS's analyzer blames when no rule decides: the policy ARN with
    /// `-default` appended.
    pub fn default_arn(&self) -> String {
        format!("{}-default", self.arn)
    }

    /// Compiles a policy. `home_net` is the firewall VPC's CIDRs; `groups` finds a rule group by
    /// ARN; `prefix_list` finds a managed prefix list's CIDRs by ARN.
    pub fn compile<'a>(
        arn: &str,
        name: &str,
        policy: &PolicySpec,
        home_net: &[IpNet],
        groups: impl Fn(&str) -> Option<GroupSource<'a>>,
        prefix_list: impl Fn(&str) -> Option<Vec<IpNet>>,
    ) -> Policy {
        let mut problems = Vec::new();
        let order = match policy.rule_order.as_deref() {
            Some("STRICT_ORDER") => RuleOrder::Strict,
            Some("DEFAULT_ACTION_ORDER") | None => RuleOrder::DefaultAction,
            Some(other) => {
                problems.push(Problem::policy(format!("StatefulEngineOptions.RuleOrder \"{other}\" is not one AWS accepts; Reach used DEFAULT_ACTION_ORDER")));
                RuleOrder::DefaultAction
            }
        };
        let mut base = Variables::for_policy(AddressSet::from_nets(home_net));
        for (variable, definition) in &policy.rule_variables {
            if let Err(error) = base.define_addresses(variable, definition) {
                problems.push(Problem::policy(format!(
                    "PolicyVariables.RuleVariables.{variable}: {}",
                    error.message
                )));
            }
        }
        let mut defaults = Vec::new();
        for name in &policy.stateful_default_actions {
            match DefaultAction::parse(name) {
                Some(action) => defaults.push(action),
                None => problems.push(Problem::policy(format!(
                    "StatefulDefaultActions \"{name}\" is not one Reach knows; it was ignored"
                ))),
            }
        }
        if order == RuleOrder::DefaultAction && !defaults.is_empty() {
            problems.push(Problem::policy(
                "StatefulDefaultActions only apply under STRICT_ORDER; AWS ignores them here"
                    .to_owned(),
            ));
            defaults.clear();
        }
        let stateless_default = StatelessAction::from_actions(&policy.stateless_default_actions)
            .unwrap_or(StatelessAction::Forward);
        let stateless_fragment_default =
            StatelessAction::from_actions(&policy.stateless_fragment_default_actions)
                .unwrap_or(stateless_default);

        let mut compiled = Policy {
            arn: arn.to_owned(),
            name: name.to_owned(),
            groups: Vec::new(),
            stateless: Vec::new(),
            stateless_default,
            stateless_fragment_default,
            stateless_default_names: policy.stateless_default_actions.clone(),
            stateful: Vec::new(),
            server_names: NameIndex::default(),
            order,
            defaults,
            stream_exception_policy: policy
                .stream_exception_policy
                .clone()
                .unwrap_or_else(|| "DROP".to_owned()),
            tls_inspection: policy.tls_inspection_configuration.clone(),
            home_net: base.home_net(),
            problems,
            skipped: Vec::new(),
        };

        // Stateless groups by priority.
        let mut stateless_refs: Vec<_> = policy.stateless_groups.iter().collect();
        stateless_refs.sort_by_key(|reference| reference.priority.unwrap_or(i64::MAX));
        for reference in stateless_refs {
            let group_index = compiled.groups.len();
            let source = groups(&reference.arn);
            let (group, body) =
                compiled.group(&reference.arn, false, reference.priority, false, source);
            compiled.groups.push(group);
            let Some(body) = body else { continue };
            let Some(rules) = &body.stateless else {
                continue;
            };
            compiled.groups[group_index].source = "StatelessRulesAndCustomActions";
            let mut sorted: Vec<_> = rules.iter().collect();
            sorted.sort_by_key(|rule| rule.priority);
            for rule in sorted {
                match StatelessRule::compile(rule, group_index) {
                    Ok(rule) => compiled.stateless.push(rule),
                    Err(message) => compiled.problems.push(Problem::group(
                        &compiled.groups[group_index],
                        format!("stateless rule with priority {}: {message}", rule.priority),
                    )),
                }
            }
        }

        // Stateful groups: by priority under strict order, as listed otherwise.
        let mut stateful_refs: Vec<_> = policy.stateful_groups.iter().collect();
        if order == RuleOrder::Strict {
            stateful_refs.sort_by_key(|reference| reference.priority.unwrap_or(i64::MAX));
        }
        for reference in stateful_refs {
            let group_index = compiled.groups.len();
            let drop_to_alert = reference.drop_to_alert;
            let source = groups(&reference.arn);
            let (group, body) = compiled.group(
                &reference.arn,
                true,
                reference.priority,
                drop_to_alert,
                source,
            );
            compiled.groups.push(group);
            let Some(body) = body else { continue };
            if let Some(group_order) = body.rule_order.as_deref() {
                if group_order != order.as_str() {
                    compiled.problems.push(Problem::group(&compiled.groups[group_index], format!("its RuleOrder {group_order} differs from the policy's {}; AWS refuses such a policy, Reach used the policy's", order.as_str())));
                }
            }
            let mut variables = base.clone();
            for (variable, definition) in &body.ip_sets {
                if let Err(error) = variables.define_addresses(variable, definition) {
                    compiled.problems.push(Problem::group(
                        &compiled.groups[group_index],
                        format!("RuleVariables.IPSets.{variable}: {}", error.message),
                    ));
                }
            }
            for (variable, definition) in &body.port_sets {
                if let Err(error) = variables.define_ports(variable, definition) {
                    compiled.problems.push(Problem::group(
                        &compiled.groups[group_index],
                        format!("RuleVariables.PortSets.{variable}: {}", error.message),
                    ));
                }
            }
            for (variable, reference_arn) in &body.ip_set_references {
                let set = prefix_list(reference_arn).map(|nets| AddressSet::from_nets(&nets));
                if set.is_none() {
                    compiled.problems.push(Problem::group(&compiled.groups[group_index], format!("ReferenceSets.IPSetReferences.{variable}: prefix list {reference_arn} is not in the input; rules using @{variable} are not evaluated")));
                }
                variables.define_reference(variable, set);
            }
            compiled.groups[group_index].source = body
                .stateful
                .as_ref()
                .map_or("", StatefulRules::source_name);
            let texts: Vec<RuleText> = match &body.stateful {
                Some(StatefulRules::RulesString(rules)) => suricata::rule_lines(rules)
                    .into_iter()
                    .map(|line| RuleText {
                        line: Some(line.line),
                        text: line.text,
                    })
                    .collect(),
                Some(StatefulRules::FiveTuple(rules)) => rules
                    .iter()
                    .enumerate()
                    .map(|(index, text)| RuleText {
                        line: Some(index + 1),
                        text: text.clone(),
                    })
                    .collect(),
                Some(StatefulRules::DomainList(list)) => match rule_source::domain_list(list) {
                    Ok(rules) => rules,
                    Err(message) => {
                        compiled.problems.push(Problem::group(
                            &compiled.groups[group_index],
                            format!("RulesSourceList: {message}"),
                        ));
                        Vec::new()
                    }
                },
                None => Vec::new(),
            };
            for (index, rule) in texts.into_iter().enumerate() {
                // IP set references are written `@NAME`; they resolve like variables.
                let text = substitute_references(&rule.text, &variables);
                let rule_error =
                    |kind: RuleErrorKind, column: Option<usize>, sid: Option<u64>| RuleError {
                        kind,
                        group_arn: reference.arn.clone(),
                        line: rule.line,
                        column,
                        sid,
                        text: rule.text.clone(),
                    };
                let compiled_rule = match suricata::parse_rule(&text) {
                    Ok(parsed) => {
                        // The sid, when the rule has one Suricata accepts.
                        let sid = parsed
                            .option("sid")
                            .and_then(|option| option.value.as_deref()?.parse::<Sid>().ok())
                            .map(|sid| u64::from(sid.0));
                        StatefulRule::compile(
                            parsed,
                            rule.text.clone(),
                            group_index,
                            index,
                            rule.line,
                            &variables,
                        )
                        .map_err(|kind| rule_error(kind, None, sid))
                    }
                    Err(error) => {
                        // `accept:hook tcp:all …`: the hook-based language of AWS's newer
                        // policies, which Reach does not evaluate yet.
                        let hook = text
                            .split_whitespace()
                            .next()
                            .is_some_and(|action| action.contains(':'));
                        let kind = if hook {
                            RuleErrorKind::HookBased
                        } else {
                            RuleErrorKind::Syntax(error.message)
                        };
                        Err(rule_error(kind, Some(error.column), None))
                    }
                };
                match compiled_rule {
                    Ok(mut compiled_rule) => {
                        if drop_to_alert && matches!(compiled_rule.action, Action::Drop) {
                            compiled_rule.action = Action::Alert;
                        }
                        compiled.stateful.push(compiled_rule)
                    }
                    Err(error) => {
                        compiled
                            .problems
                            .push(Problem::rule(&compiled.groups[group_index], &error));
                        compiled.skipped.push(error);
                    }
                }
            }
        }
        if order == RuleOrder::DefaultAction {
            compiled
                .stateful
                .sort_by_key(|rule| (action_rank(rule.action), rule.priority));
        }
        compiled.server_names = NameIndex::new(&compiled.stateful);
        compiled
    }

    /// The stateful rules (indices, in evaluation order) a flow of this scenario can meet:
    /// see [`NameIndex::rules_for`].
    pub fn rules_for(&self, scenario: &crate::flow::Scenario) -> Vec<usize> {
        self.server_names.rules_for(&self.stateful, scenario)
    }

    fn group<'a>(
        &self,
        arn: &str,
        stateful: bool,
        priority: Option<i64>,
        drop_to_alert: bool,
        source: Option<GroupSource<'a>>,
    ) -> (Group, Option<&'a RuleGroupSpec>) {
        let fallback_name = arn.rsplit('/').next().unwrap_or(arn).to_owned();
        let name = source
            .map(|source| source.name.to_owned())
            .unwrap_or(fallback_name);
        let body = source.and_then(|source| source.rule_group);
        // A group without rules is not an error here: the loader already reports a missing
        // group with its export command, and every answer through the policy says the verdict
        // may depend on it.
        let opaque = body.is_none();
        (
            Group {
                arn: arn.to_owned(),
                name,
                stateful,
                priority,
                drop_to_alert,
                opaque,
                source: "",
            },
            body,
        )
    }

    /// The stateful rule groups whose rules are unknown.
    pub fn opaque_groups(&self) -> impl Iterator<Item = &Group> {
        self.groups.iter().filter(|group| group.opaque)
    }
}

/// Suricata's default action order.
fn action_rank(action: Action) -> u8 {
    match action {
        Action::Pass => 0,
        Action::Drop => 1,
        Action::Reject | Action::RejectSrc | Action::RejectDst | Action::RejectBoth => 2,
        Action::Alert => 3,
    }
}

/// Rewrites `@NAME` references in a rule's header into `$NAME`, which the variables resolve.
fn substitute_references(text: &str, variables: &Variables) -> String {
    let header_end = text.find('(').unwrap_or(text.len());
    let (header, options) = text.split_at(header_end);
    let mut out = String::with_capacity(text.len());
    let mut chars = header.char_indices().peekable();
    while let Some((_, character)) = chars.next() {
        if character == '@' {
            let mut name = String::new();
            while let Some((_, next)) = chars.peek() {
                if next.is_ascii_alphanumeric() || *next == '_' {
                    name.push(*next);
                    chars.next();
                } else {
                    break;
                }
            }
            if variables.is_reference(&name) {
                out.push('$');
            } else {
                out.push('@');
            }
            out.push_str(&name);
        } else {
            out.push(character);
        }
    }
    out.push_str(options);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::GroupReference;

    const GROUP_ARN: &str = "arn:aws:network-firewall:us-east-1:111122223333:stateful-rulegroup/g";

    /// The rules of a one-group policy that the engine cannot use, as their errors read.
    fn check_rule_errors(rules: &str, expected: &[&str]) {
        let body = RuleGroupSpec {
            stateful: Some(StatefulRules::RulesString(rules.to_owned())),
            ..RuleGroupSpec::default()
        };
        let policy = PolicySpec {
            stateful_groups: vec![GroupReference {
                arn: GROUP_ARN.to_owned(),
                priority: Some(1),
                drop_to_alert: false,
            }],
            ..PolicySpec::default()
        };
        let compiled = Policy::compile(
            "arn:aws:network-firewall:us-east-1:111122223333:firewall-policy/p",
            "p",
            &policy,
            &[],
            |_| {
                Some(GroupSource {
                    name: "g",
                    rule_group: Some(&body),
                })
            },
            |_| None,
        );
        let actual: Vec<String> = compiled.skipped.iter().map(ToString::to_string).collect();
        assert_eq!(actual, expected);
        // Each is also a problem of the policy, attributed to the group by its ARN.
        assert!(compiled
            .problems
            .iter()
            .all(|problem| problem.group_arn.as_deref() == Some(GROUP_ARN)));
        assert_eq!(compiled.problems.len(), expected.len());
    }

    #[test]
    fn rules_that_cannot_be_used_are_typed_errors_naming_where_they_are() {
        check_rule_errors(
            "pass tcp any any -> any 443 (sid:1;)\n\
             drop tcp any any -> $NOPE 80 (sid:2;)\n\
             permit tcp any any -> any any (sid:3;)\n\
             accept:hook tcp:all any any -> any any (sid:4;)",
            &[
                "rule group arn:aws:network-firewall:us-east-1:111122223333:stateful-rulegroup/g, line 2, sid 2: $NOPE is not defined in the rule group or the policy: `drop tcp any any -> $NOPE 80 (sid:2;)`",
                "rule group arn:aws:network-firewall:us-east-1:111122223333:stateful-rulegroup/g, line 3, column 1: unknown action \"permit\": `permit tcp any any -> any any (sid:3;)`",
                "rule group arn:aws:network-firewall:us-east-1:111122223333:stateful-rulegroup/g, line 4, column 1: a hook-based rule, which Reach does not evaluate yet: `accept:hook tcp:all any any -> any any (sid:4;)`",
            ],
        );
    }

    #[test]
    fn default_actions_parse_every_form() {
        let established = DefaultAction::parse("aws:drop_established").unwrap();
        assert!(established.drop && established.scope == DefaultScope::Established);
        let app = DefaultAction::parse("aws:alert_established_app_layer").unwrap();
        assert!(!app.drop && app.scope == DefaultScope::EstablishedAppLayer);
        let to_server = DefaultAction::parse("aws:drop_established_app_layer_to_server").unwrap();
        assert!(to_server.to_server_only);
        assert!(DefaultAction::parse("aws:drop_established_to_server").is_none());
        assert!(DefaultAction::parse("aws:drop_everything").is_none());
        assert!(DefaultAction::parse("drop_strict").is_none());
    }

    #[test]
    fn managed_groups_are_recognised_by_their_account() {
        assert!(is_managed("arn:aws:network-firewall:us-east-1:aws-managed:stateful-rulegroup/ThreatSignaturesBotnetStrictOrder"));
        assert!(!is_managed(
            "arn:aws:network-firewall:us-east-1:111122223333:stateful-rulegroup/x"
        ));
    }
}
