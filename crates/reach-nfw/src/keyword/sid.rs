//! `sid`: the rule's id, what every answer names a rule by.

use super::{unsigned, KeywordError};
use std::str::FromStr;

/// A `sid` value: 1 to 4,294,967,294.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Sid(pub u32);

impl FromStr for Sid {
    type Err = KeywordError;

    /// Parses a value the way Suricata's `DetectSidSetup` (`src/detect-sid.c`) does.
    fn from_str(text: &str) -> Result<Sid, KeywordError> {
        // Read as `strtoul`: decimal digits with an optional sign; anything else is refused.
        let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
        if digits.is_empty() || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
            return Err(KeywordError::new("sid", format!("invalid sid \"{text}\"")));
        }
        match unsigned(text) {
            // 0 is refused as invalid.
            Some(0) => Err(KeywordError::new("sid", "sid 0 is invalid")),
            // Suricata keeps sids in 32 bits and refuses the top value itself.
            Some(number) if number < u64::from(u32::MAX) => {
                Ok(Sid(u32::try_from(number).unwrap_or(u32::MAX)))
            }
            // Too large, or negative (which wraps around to a huge number).
            _ => Err(KeywordError::new(
                "sid",
                format!("sid {text} is too high (at most {})", u32::MAX - 1),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: Result<u32, &str>) {
        let actual = text
            .parse::<Sid>()
            .map(|sid| sid.0)
            .map_err(|error| error.message);
        assert_eq!(actual, expected.map_err(str::to_owned), "{text}");
    }

    #[test]
    fn sids_in_range_and_out() {
        check("1", Ok(1));
        check("+7", Ok(7));
        check("4294967294", Ok(4_294_967_294));
        check("0", Err("sid 0 is invalid"));
        check(
            "4294967295",
            Err("sid 4294967295 is too high (at most 4294967294)"),
        );
        check(
            "99999999999999999999",
            Err("sid 99999999999999999999 is too high (at most 4294967294)"),
        );
        check("-1", Err("sid -1 is too high (at most 4294967294)"));
        check("-0", Err("sid 0 is invalid"));
        check("", Err("invalid sid \"\""));
        check("x", Err("invalid sid \"x\""));
        check("1x", Err("invalid sid \"1x\""));
    }
}
