//! A rule the engine cannot use: what is wrong with it ([`RuleErrorKind`]) and where it is
//! (its rule group's ARN, its line, its `sid` when known, and its text as written).

use crate::variables::VariableError;
use std::fmt;

/// A rule that does not parse or that Suricata would refuse; the policy is compiled without
/// it, and every answer through the policy says the verdict may depend on it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleError {
    /// What is wrong.
    pub kind: RuleErrorKind,
    /// The rule group's ARN: rule group names are only unique within an account.
    pub group_arn: String,
    /// The line of the group's `RulesString` the rule starts on, or the rule's position among
    /// 5-tuple rules (1-based); `None` for the rules AWS generates from a domain list.
    pub line: Option<usize>,
    /// The 1-based column in [`RuleError::text`] the parser stopped at, for syntax errors.
    pub column: Option<usize>,
    /// The rule's `sid`, when the rule parsed far enough to have a valid one.
    pub sid: Option<u64>,
    /// The rule's text, as written (continuation lines joined).
    pub text: String,
}

/// What is wrong with a rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RuleErrorKind {
    /// Not a Suricata rule: the parser's complaint.
    Syntax(String),
    /// A rule of the hook-based language of AWS's newer policies (`accept:hook tcp:all …`).
    HookBased,
    /// A variable or IP set reference that does not resolve.
    Variable(VariableError),
    /// A keyword's value, or its place in the rule, that Suricata refuses.
    Keyword(KeywordError),
}

/// A keyword Suricata refuses: a bad value (`depth:x`), a modifier with nothing to modify, or
/// a combination it does not allow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeywordError {
    /// The keyword, as Suricata names it (`depth`, `flow`, `http.host`…).
    pub keyword: String,
    /// Why, in words that quote the value.
    pub message: String,
}

impl KeywordError {
    /// An error of `keyword`.
    pub fn new(keyword: &str, message: impl Into<String>) -> KeywordError {
        KeywordError {
            keyword: keyword.to_owned(),
            message: message.into(),
        }
    }
}

impl fmt::Display for KeywordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for KeywordError {}

impl From<KeywordError> for RuleErrorKind {
    fn from(error: KeywordError) -> RuleErrorKind {
        RuleErrorKind::Keyword(error)
    }
}

impl From<VariableError> for RuleErrorKind {
    fn from(error: VariableError) -> RuleErrorKind {
        RuleErrorKind::Variable(error)
    }
}

impl fmt::Display for RuleErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RuleErrorKind::Syntax(message) => f.write_str(message),
            RuleErrorKind::HookBased => {
                f.write_str("a hook-based rule, which Reach does not evaluate yet")
            }
            RuleErrorKind::Variable(error) => write!(f, "{} {}", error.name, error.message),
            RuleErrorKind::Keyword(error) => write!(f, "{error}"),
        }
    }
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "rule group {}", self.group_arn)?;
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
        }
        if let Some(column) = self.column {
            write!(f, ", column {column}")?;
        }
        if let Some(sid) = self.sid {
            write!(f, ", sid {sid}")?;
        }
        write!(f, ": {}: `{}`", self.kind, self.text)
    }
}

impl std::error::Error for RuleError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(error: RuleError, expected: &str) {
        assert_eq!(error.to_string(), expected);
    }

    #[test]
    fn messages_name_the_group_line_sid_and_text() {
        let group_arn = "arn:aws:network-firewall:us-east-1:111122223333:stateful-rulegroup/g";
        check(
            RuleError {
                kind: RuleErrorKind::Keyword(KeywordError::new(
                    "depth",
                    "invalid value for depth: \"x\"",
                )),
                group_arn: group_arn.to_owned(),
                line: Some(3),
                column: None,
                sid: Some(7),
                text: "alert tls any any -> any any (tls.sni; content:\"a\"; depth:x; sid:7;)"
                    .to_owned(),
            },
            "rule group arn:aws:network-firewall:us-east-1:111122223333:stateful-rulegroup/g, line 3, sid 7: invalid value for depth: \"x\": `alert tls any any -> any any (tls.sni; content:\"a\"; depth:x; sid:7;)`",
        );
        check(
            RuleError {
                kind: RuleErrorKind::Syntax("unknown action \"permit\"".to_owned()),
                group_arn: group_arn.to_owned(),
                line: None,
                column: Some(1),
                sid: None,
                text: "permit tcp any any -> any any (sid:1;)".to_owned(),
            },
            "rule group arn:aws:network-firewall:us-east-1:111122223333:stateful-rulegroup/g, column 1: unknown action \"permit\": `permit tcp any any -> any any (sid:1;)`",
        );
    }
}
