//! `priority`: orders rules within an action under `DEFAULT_ACTION_ORDER` (lower first).

use super::KeywordError;
use std::str::FromStr;

/// Suricata's priority when a rule gives none.
pub const DEFAULT_PRIORITY: u64 = 3;

/// A `priority` value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Priority(pub u64);

impl FromStr for Priority {
    type Err = KeywordError;

    /// Parses a value the way Suricata's `DetectPrioritySetup` (`src/detect-priority.c`)
    /// does: decimal digits only.
    fn from_str(text: &str) -> Result<Priority, KeywordError> {
        // Its pattern is `^\s*(\d+)\s*$`: no sign, no quotes, nothing else.
        if text.is_empty() || !text.bytes().all(|byte| byte.is_ascii_digit()) {
            return Err(KeywordError::new(
                "priority",
                format!("invalid priority \"{text}\": it must be a number"),
            ));
        }
        // `strtol` saturates a number too large for it rather than failing, and so does this.
        Ok(Priority(text.parse().unwrap_or(u64::MAX)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: Option<u64>) {
        assert_eq!(
            text.parse::<Priority>().ok().map(|p| p.0),
            expected,
            "{text}"
        );
    }

    #[test]
    fn digits_only() {
        check("0", Some(0));
        check("1", Some(1));
        check("255", Some(255));
        check("99999999999999999999", Some(u64::MAX));
        check("", None);
        check("x", None);
        check("-1", None);
        check("+1", None);
        check("1.5", None);
        assert_eq!(
            "x".parse::<Priority>().unwrap_err().message,
            "invalid priority \"x\": it must be a number"
        );
    }
}
