//! Rule keywords, one module per family. Each keyword's value is parsed (`FromStr`) into a
//! small typed value, refusing what Suricata 7 refuses, and matching is a pure function over
//! that value; `rule.rs` puts them together into a compiled rule.
//!
//! - [`sid`] and [`priority`]: a rule's id and its rank within an action.
//! - [`flow`]: the flow's direction and state.
//! - [`app_layer_protocol`]: the application protocol the flow must be detected as.
//! - [`content`]: `content` and its modifiers (`nocase`, `startswith`, `endswith`, `offset`,
//!   `depth`, `distance`, `within`).
//! - [`buffer`]: the sticky buffers Reach evaluates (`tls.sni`, `http.host`, `dns.query`)
//!   and the `dotprefix` transform.
//!
//! What Suricata refuses was read from its 7.0 sources (`src/detect-*.c`, and
//! `SigParseOptions` in `src/detect-parse.c` for values and quotes); each refusal carries a
//! one-line reason.

pub mod app_layer_protocol;
pub mod buffer;
pub mod content;
pub mod flow;
pub mod priority;
pub mod sid;

pub use crate::error::KeywordError;

use crate::suricata::RuleOption;

/// The value of a keyword that needs one and takes it unquoted (`depth`, `flow`, `sid`…).
pub fn value(option: &RuleOption) -> Result<&str, KeywordError> {
    let keyword = option.keyword.as_str();
    match option.value.as_deref() {
        // Suricata refuses a keyword that needs a value without one.
        None | Some("") => Err(KeywordError::new(
            keyword,
            format!("{keyword} needs a value"),
        )),
        // Only keywords registered as taking quotes may have them.
        Some(value) if option.quoted => Err(KeywordError::new(
            keyword,
            format!("{keyword} does not take a quoted value, found \"{value}\""),
        )),
        Some(value) => Ok(value),
    }
}

/// Checks that a keyword that takes no value (`nocase`, `tls.sni`…) has none.
pub fn no_value(option: &RuleOption) -> Result<(), KeywordError> {
    match option.value.as_deref() {
        // `nocase;` and `nocase:;` are the same to Suricata.
        None | Some("") => Ok(()),
        Some(value) => Err(KeywordError::new(
            &option.keyword,
            format!("{} takes no value, found \"{value}\"", option.keyword),
        )),
    }
}

/// A number as C's `strtoull` reads it with nothing after it, which is how Suricata reads
/// unsigned values: an optional sign, then decimal digits. A minus wraps around (`-0` is
/// 0, anything else is out of every range Suricata checks), which `None` stands for here.
fn unsigned(text: &str) -> Option<u64> {
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    // Digits only: `strtoull` stops at anything else, and Suricata refuses what is left.
    if digits.is_empty() || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    let number: u64 = digits.parse().ok()?;
    match (negative, number) {
        (true, 0) => Some(0),
        (true, _) => None,
        (false, number) => Some(number),
    }
}

/// A number as C's `strtoll` reads it with nothing after it: an optional sign, then decimal
/// digits.
fn signed(text: &str) -> Option<i64> {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    // Digits only, as for `unsigned`.
    if digits.is_empty() || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    text.strip_prefix('+').unwrap_or(text).parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn option(text: &str) -> RuleOption {
        let rule = crate::suricata::parse_rule(&format!("alert tcp any any -> any any ({text})"))
            .expect("a rule");
        rule.options.into_iter().next().expect("one option")
    }

    #[test]
    fn values_and_quotes() {
        assert_eq!(value(&option("depth:4;")), Ok("4"));
        assert!(value(&option("depth;")).is_err());
        assert!(value(&option("depth:;")).is_err());
        assert!(value(&option("depth:\"4\";")).is_err());
        assert_eq!(no_value(&option("nocase;")), Ok(()));
        assert_eq!(no_value(&option("nocase:;")), Ok(()));
        assert!(no_value(&option("nocase:yes;")).is_err());
    }

    #[test]
    fn numbers_read_as_c_reads_them() {
        assert_eq!(unsigned("42"), Some(42));
        assert_eq!(unsigned("+42"), Some(42));
        assert_eq!(unsigned("007"), Some(7));
        assert_eq!(unsigned("-0"), Some(0));
        assert_eq!(unsigned("-1"), None);
        assert_eq!(unsigned("4x"), None);
        assert_eq!(unsigned("0x10"), None);
        assert_eq!(unsigned(""), None);
        assert_eq!(unsigned("+"), None);
        assert_eq!(signed("-12"), Some(-12));
        assert_eq!(signed("+12"), Some(12));
        assert_eq!(signed("--1"), None);
        assert_eq!(signed("1.5"), None);
    }
}
