//! `content` and the modifiers that say where in a buffer it must be: `nocase`,
//! `startswith`, `endswith`, `offset` and `depth` (which Reach evaluates), `distance` and
//! `within` (relative to the previous match, which Reach does not).

use super::{no_value, signed, unsigned, value, KeywordError};
use crate::suricata::RuleOption;
use std::str::FromStr;

/// Suricata's bound on `distance` and `within` (`DETECT_CONTENT_VALUE_MAX`, 1 MiB).
pub const RELATIVE_MAX: i32 = 1024 * 1024;

/// A `content` value: the bytes to look for, and whether their absence is what matches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Content {
    /// The bytes, `|41 42|` hex blocks decoded.
    pub bytes: Vec<u8>,
    /// `content:!"…"`.
    pub negated: bool,
}

impl Content {
    /// Parses a `content` option. The option parser hands over a fully quoted value without
    /// its quotes (`quoted`), and a negated one as written (`!"GET"`).
    pub fn parse(value: &str, quoted: bool) -> Result<Content, KeywordError> {
        let (negated, body) = if quoted {
            (false, value)
        } else {
            // Suricata requires the quotes (`SIGMATCH_QUOTES_MANDATORY`), after a `!` too.
            let inner = value
                .trim_start()
                .strip_prefix('!')
                .map(str::trim)
                .and_then(|rest| rest.strip_prefix('"'))
                .and_then(|rest| rest.strip_suffix('"'))
                .ok_or_else(|| {
                    KeywordError::new(
                        "content",
                        format!("content must be in double quotes, found {value}"),
                    )
                })?;
            (true, inner)
        };
        // An empty pattern would match everywhere; Suricata refuses it.
        if body.is_empty() {
            return Err(KeywordError::new("content", "content \"\" is empty"));
        }
        let bytes = decode(body).map_err(|error| {
            KeywordError::new("content", format!("content \"{value}\": {error}"))
        })?;
        Ok(Content { bytes, negated })
    }
}

/// Decodes a `content` body: literal text mixed with `|41 42|` hex blocks.
pub fn decode(value: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut chars = value.chars();
    let mut buf = [0u8; 4];
    while let Some(c) = chars.next() {
        if c != '|' {
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            continue;
        }
        let mut digits = Vec::new();
        loop {
            match chars.next() {
                None => return Err("unclosed \"|\" hex block in content".to_string()),
                Some('|') => break,
                Some(d) if d.is_whitespace() => {}
                Some(d) => match d.to_digit(16).and_then(|v| u8::try_from(v).ok()) {
                    Some(v) => digits.push(v),
                    None => return Err(format!("invalid hex digit {d:?} in content")),
                },
            }
        }
        if digits.len() % 2 != 0 {
            return Err(format!(
                "odd number of hex digits ({}) in a \"|\" block of content",
                digits.len()
            ));
        }
        out.extend(digits.chunks(2).map(|pair| pair[0] << 4 | pair[1]));
    }
    Ok(out)
}

/// Where `offset` and `depth` put a match: a number of bytes, or a variable an earlier
/// `byte_extract` or `byte_math` of the rule sets (which Reach does not evaluate).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Position {
    /// Bytes: 0 to 65,535.
    Bytes(u16),
    /// A variable's name.
    Variable(String),
}

/// How far `distance` and `within` reach from the previous match: bytes (`distance` may be
/// negative), or a variable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Relative {
    /// Bytes: -1 MiB to 1 MiB.
    Bytes(i32),
    /// A variable's name.
    Variable(String),
}

/// Suricata reads a value that starts with a letter as a variable's name.
fn variable(text: &str) -> Option<String> {
    text.starts_with(|c: char| c.is_ascii_alphabetic())
        .then(|| text.to_owned())
}

fn position(keyword: &str, text: &str) -> Result<Position, KeywordError> {
    if let Some(name) = variable(text) {
        return Ok(Position::Variable(name));
    }
    // Read as Suricata's `StringParseUint16`: digits only, 0 to 65,535.
    unsigned(text)
        .and_then(|number| u16::try_from(number).ok())
        .map(Position::Bytes)
        .ok_or_else(|| {
            KeywordError::new(keyword, format!("invalid value for {keyword}: \"{text}\""))
        })
}

fn relative(keyword: &str, text: &str) -> Result<Relative, KeywordError> {
    if let Some(name) = variable(text) {
        return Ok(Relative::Variable(name));
    }
    // Read as Suricata's `StringParseI32RangeCheck`, bounded by 1 MiB either way.
    signed(text)
        .and_then(|number| i32::try_from(number).ok())
        .filter(|number| (-RELATIVE_MAX..=RELATIVE_MAX).contains(number))
        .map(Relative::Bytes)
        .ok_or_else(|| {
            KeywordError::new(keyword, format!("invalid value for {keyword}: \"{text}\""))
        })
}

/// An `offset` value: where in the buffer the match may start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Offset(pub Position);

/// A `depth` value: how many bytes from the offset the match must lie within.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Depth(pub Position);

/// A `distance` value: how far after the previous match this one may start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Distance(pub Relative);

/// A `within` value: how many bytes after the previous match this one must end within.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Within(pub Relative);

impl FromStr for Offset {
    type Err = KeywordError;
    fn from_str(text: &str) -> Result<Offset, KeywordError> {
        position("offset", text).map(Offset)
    }
}

impl FromStr for Depth {
    type Err = KeywordError;
    fn from_str(text: &str) -> Result<Depth, KeywordError> {
        position("depth", text).map(Depth)
    }
}

impl FromStr for Distance {
    type Err = KeywordError;
    fn from_str(text: &str) -> Result<Distance, KeywordError> {
        relative("distance", text).map(Distance)
    }
}

impl FromStr for Within {
    type Err = KeywordError;
    fn from_str(text: &str) -> Result<Within, KeywordError> {
        relative("within", text).map(Within)
    }
}

/// A keyword that modifies the content before it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Modifier {
    /// `nocase`.
    Nocase,
    /// `startswith`: the match starts the buffer.
    StartsWith,
    /// `endswith`: the match ends the buffer.
    EndsWith,
    /// `offset`.
    Offset(Offset),
    /// `depth`.
    Depth(Depth),
    /// `distance`.
    Distance(Distance),
    /// `within`.
    Within(Within),
}

impl Modifier {
    /// The modifier an option is, its value parsed; `Ok(None)` for another keyword.
    pub fn parse(option: &RuleOption) -> Result<Option<Modifier>, KeywordError> {
        let keyword = option.keyword.as_str();
        Ok(Some(match keyword {
            "nocase" | "startswith" | "endswith" => {
                no_value(option)?;
                match keyword {
                    "nocase" => Modifier::Nocase,
                    "startswith" => Modifier::StartsWith,
                    _ => Modifier::EndsWith,
                }
            }
            "offset" => Modifier::Offset(value(option)?.parse()?),
            "depth" => Modifier::Depth(value(option)?.parse()?),
            "distance" => Modifier::Distance(value(option)?.parse()?),
            "within" => Modifier::Within(value(option)?.parse()?),
            _ => return Ok(None),
        }))
    }

    /// The variable it names, if it names one.
    pub fn variable(&self) -> Option<&str> {
        match self {
            Modifier::Offset(Offset(Position::Variable(name)))
            | Modifier::Depth(Depth(Position::Variable(name)))
            | Modifier::Distance(Distance(Relative::Variable(name)))
            | Modifier::Within(Within(Relative::Variable(name))) => Some(name),
            _ => None,
        }
    }

    /// Whether it places the match relative to the previous one, which Reach does not
    /// evaluate.
    pub fn is_relative(&self) -> bool {
        matches!(self, Modifier::Distance(_) | Modifier::Within(_))
    }
}

/// One `content` match on a buffer, with its modifiers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContentMatch {
    /// The bytes.
    pub bytes: Vec<u8>,
    /// `content:!"…"`.
    pub negated: bool,
    /// `nocase`.
    pub nocase: bool,
    /// `startswith`.
    pub startswith: bool,
    /// `endswith`.
    pub endswith: bool,
    /// `offset`.
    pub offset: Option<Position>,
    /// `depth`.
    pub depth: Option<Position>,
    /// `distance`.
    pub distance: Option<Relative>,
    /// `within`.
    pub within: Option<Relative>,
}

impl ContentMatch {
    /// A content with no modifiers yet.
    pub fn new(content: Content) -> ContentMatch {
        ContentMatch {
            bytes: content.bytes,
            negated: content.negated,
            nocase: false,
            startswith: false,
            endswith: false,
            offset: None,
            depth: None,
            distance: None,
            within: None,
        }
    }

    /// Applies a modifier, refusing the combinations Suricata refuses
    /// (`src/detect-depth.c`, `detect-offset.c`, `detect-distance.c`, `detect-within.c`,
    /// `detect-nocase.c`).
    pub fn apply(&mut self, modifier: Modifier) -> Result<(), KeywordError> {
        let refuse = |keyword: &str, message: &str| Err(KeywordError::new(keyword, message));
        let absolute = self.offset.is_some() || self.depth.is_some() || self.startswith;
        let relative = self.distance.is_some() || self.within.is_some();
        let mixed = "can't mix a relative keyword (distance, within) with an absolute one (offset, depth, startswith) on the same content";
        // What a byte count shorter than the content can never match.
        let shorter = |bytes: i64| bytes < i64::try_from(self.bytes.len()).unwrap_or(i64::MAX);
        match modifier {
            Modifier::Nocase => {
                // Once is enough; Suricata refuses a second.
                if self.nocase {
                    return refuse("nocase", "can't use nocase twice on the same content");
                }
                self.nocase = true;
            }
            Modifier::StartsWith => {
                // `startswith` is a depth of the content's length: one depth only.
                if self.depth.is_some() || self.startswith {
                    return refuse(
                        "startswith",
                        "can't use startswith with depth or another startswith on the same content",
                    );
                }
                // It anchors the match at the start, which an offset contradicts.
                if self.offset.is_some() {
                    return refuse("startswith", "can't mix offset with startswith");
                }
                if relative {
                    return refuse("startswith", mixed);
                }
                self.startswith = true;
            }
            // Suricata accepts `endswith` with any other modifier.
            Modifier::EndsWith => self.endswith = true,
            Modifier::Offset(Offset(position)) => {
                if self.startswith {
                    return refuse("offset", "can't use offset with startswith");
                }
                if self.offset.is_some() {
                    return refuse("offset", "can't use offset twice on the same content");
                }
                if relative {
                    return refuse("offset", mixed);
                }
                self.offset = Some(position);
            }
            Modifier::Depth(Depth(position)) => {
                if self.depth.is_some() || self.startswith {
                    return refuse(
                        "depth",
                        "can't use depth twice (or with startswith) on the same content",
                    );
                }
                if relative {
                    return refuse("depth", mixed);
                }
                // A depth shorter than the content can never hold it.
                if let Position::Bytes(bytes) = position {
                    if shorter(i64::from(bytes)) {
                        return Err(KeywordError::new(
                            "depth",
                            format!(
                                "depth:{bytes} is smaller than the content's {} bytes",
                                self.bytes.len()
                            ),
                        ));
                    }
                }
                self.depth = Some(position);
            }
            Modifier::Distance(Distance(distance)) => {
                if self.distance.is_some() {
                    return refuse("distance", "can't use distance twice on the same content");
                }
                if absolute {
                    return refuse("distance", mixed);
                }
                self.distance = Some(distance);
            }
            Modifier::Within(Within(within)) => {
                if self.within.is_some() {
                    return refuse("within", "can't use within twice on the same content");
                }
                if absolute {
                    return refuse("within", mixed);
                }
                // A window shorter than the content can never hold it.
                if let Relative::Bytes(bytes) = within {
                    if shorter(i64::from(bytes)) {
                        return Err(KeywordError::new(
                            "within",
                            format!(
                                "within:{bytes} is smaller than the content's {} bytes",
                                self.bytes.len()
                            ),
                        ));
                    }
                }
                self.within = Some(within);
            }
        }
        Ok(())
    }

    /// Whether a buffer satisfies the content (offset and depth in bytes; a variable, which
    /// Reach does not evaluate, constrains nothing here).
    pub fn matches(&self, buffer: &[u8]) -> bool {
        let bytes = |position: &Option<Position>| match position {
            Some(Position::Bytes(bytes)) => Some(usize::from(*bytes)),
            _ => None,
        };
        let offset = bytes(&self.offset).unwrap_or(0);
        let depth = bytes(&self.depth);
        // Compared in place, without folded copies: a name is tried against every rule the
        // name index cannot narrow down.
        let equal = |hay: &[u8]| {
            if self.nocase {
                hay.eq_ignore_ascii_case(&self.bytes)
            } else {
                hay == self.bytes.as_slice()
            }
        };
        let needle = self.bytes.len();
        let found = if self.startswith && self.endswith {
            equal(buffer)
        } else if self.startswith {
            buffer.get(..needle).is_some_and(equal)
        } else if self.endswith {
            buffer.len() >= needle + offset && equal(&buffer[buffer.len() - needle..])
        } else {
            let start = offset.min(buffer.len());
            let end = depth
                .map(|depth| (start + depth).min(buffer.len()))
                .unwrap_or(buffer.len());
            needle == 0 || buffer[start..end].windows(needle).any(equal)
        };
        found != self.negated
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A content with modifiers applied, as a rule writes them (`"ample"`, `depth:4`…).
    fn content(text: &str, modifiers: &[&str]) -> Result<ContentMatch, String> {
        let mut content = ContentMatch::new(Content::parse(text, true).map_err(|e| e.message)?);
        for modifier in modifiers {
            let rule = crate::suricata::parse_rule(&format!(
                "alert tcp any any -> any any (content:\"x\"; {modifier};)"
            ))
            .map_err(|e| e.to_string())?;
            let parsed = Modifier::parse(&rule.options[1])
                .map_err(|e| e.message)?
                .expect("a modifier");
            content.apply(parsed).map_err(|e| e.message)?;
        }
        Ok(content)
    }

    fn check(text: &str, modifiers: &[&str], buffer: &str) -> bool {
        content(text, modifiers)
            .expect("valid")
            .matches(buffer.as_bytes())
    }

    #[test]
    fn modifiers_decide_where_the_content_matches() {
        assert!(check("ample", &[], "example.com"));
        assert!(!check("ample", &["startswith"], "example.com"));
        assert!(check("EXAMPLE", &["nocase"], "example.com"));
        assert!(!check("EXAMPLE", &[], "example.com"));
        assert!(check(
            "example.com",
            &["startswith", "endswith"],
            "example.com"
        ));
        assert!(check(".com", &["endswith"], "example.com"));
        // depth counts from the offset: "ample" is at bytes 2-6.
        assert!(!check("ample", &["depth:6"], "example.com"));
        assert!(check("ample", &["depth:7"], "example.com"));
        assert!(check("ample", &["offset:2", "depth:5"], "example.com"));
        assert!(!check("ample", &["offset:3"], "example.com"));
        assert!(check("bad", &[], "bad.example") && !check("bad", &[], "good.example"));
        let negated = Content::parse("!\"bad\"", false).unwrap();
        assert!(ContentMatch::new(negated).matches(b"example.com"));
    }

    #[test]
    fn content_values() {
        assert_eq!(Content::parse("AB|43 44|E", true).unwrap().bytes, b"ABCDE");
        assert!(Content::parse("!\"GET\"", false).unwrap().negated);
        assert!(Content::parse("! \"GET\"", false).unwrap().negated);
        // Suricata requires quotes, and refuses an empty pattern.
        assert!(Content::parse("GET", false).is_err());
        assert!(Content::parse("!GET", false).is_err());
        assert!(Content::parse("", true).is_err());
        assert!(Content::parse("|4|", true).is_err());
    }

    #[test]
    fn decoding() {
        assert_eq!(decode("AB|43 44|E").unwrap(), b"ABCDE");
        assert_eq!(decode("|4142||0d0A|").unwrap(), b"AB\r\n");
        assert_eq!(decode("é").unwrap(), "é".as_bytes());
        assert_eq!(decode("").unwrap(), b"");
        assert!(decode("|414|").unwrap_err().contains("odd number"));
        assert!(decode("x|41").unwrap_err().contains("unclosed"));
        assert!(decode("|4g|")
            .unwrap_err()
            .contains("invalid hex digit 'g'"));
    }

    #[test]
    fn offset_and_depth_values() {
        assert_eq!("0".parse::<Offset>(), Ok(Offset(Position::Bytes(0))));
        assert_eq!("65535".parse::<Depth>(), Ok(Depth(Position::Bytes(65_535))));
        assert!("65536".parse::<Depth>().is_err());
        assert!("-1".parse::<Offset>().is_err());
        assert!("1x".parse::<Offset>().is_err());
        assert!("\"4\"".parse::<Depth>().is_err());
        assert_eq!(
            "x".parse::<Depth>(),
            Ok(Depth(Position::Variable("x".to_owned())))
        );
        assert_eq!(
            "-x".parse::<Depth>().unwrap_err().message,
            "invalid value for depth: \"-x\""
        );
    }

    #[test]
    fn distance_and_within_values() {
        assert_eq!("-4".parse::<Distance>(), Ok(Distance(Relative::Bytes(-4))));
        assert_eq!(
            "1048576".parse::<Within>(),
            Ok(Within(Relative::Bytes(RELATIVE_MAX)))
        );
        assert!("1048577".parse::<Within>().is_err());
        assert_eq!(
            "-1048576".parse::<Distance>(),
            Ok(Distance(Relative::Bytes(-RELATIVE_MAX)))
        );
        assert!("-1048577".parse::<Distance>().is_err());
        assert!("1.5".parse::<Distance>().is_err());
    }

    /// Matching as first written: both sides folded into copies, then compared.
    fn folded_matches(content: &ContentMatch, buffer: &[u8]) -> bool {
        let fold = |byte: &u8| {
            if content.nocase {
                byte.to_ascii_lowercase()
            } else {
                *byte
            }
        };
        let position = |position: &Option<Position>| match position {
            Some(Position::Bytes(bytes)) => Some(usize::from(*bytes)),
            _ => None,
        };
        let offset = position(&content.offset).unwrap_or(0);
        let needle: Vec<u8> = content.bytes.iter().map(fold).collect();
        let hay: Vec<u8> = buffer.iter().map(fold).collect();
        let found = if content.startswith && content.endswith {
            hay == needle
        } else if content.startswith {
            hay.starts_with(&needle)
        } else if content.endswith {
            hay.ends_with(&needle) && hay.len() >= needle.len() + offset
        } else {
            let start = offset.min(hay.len());
            let end = position(&content.depth)
                .map(|depth| (start + depth).min(hay.len()))
                .unwrap_or(hay.len());
            hay[start..end].windows(needle.len()).any(|w| w == needle)
        };
        found != content.negated
    }

    proptest::proptest! {
        /// In-place matching agrees with matching folded copies, for every modifier.
        #[test]
        fn matching_in_place_agrees_with_folded_copies(
            needle in "[aAbB.]{1,3}",
            hay in "[aAbB.]{0,6}",
            negated: bool,
            nocase: bool,
            startswith: bool,
            endswith: bool,
            offset in proptest::option::of(0u16..4),
            depth in proptest::option::of(3u16..6),
        ) {
            let mut content = ContentMatch::new(Content { bytes: needle.into_bytes(), negated });
            content.nocase = nocase;
            content.startswith = startswith;
            content.endswith = endswith;
            if !startswith {
                content.offset = offset.map(Position::Bytes);
                content.depth = depth.map(Position::Bytes);
            }
            proptest::prop_assert_eq!(
                content.matches(hay.as_bytes()),
                folded_matches(&content, hay.as_bytes())
            );
        }
    }

    #[test]
    fn combinations_suricata_refuses() {
        // A depth just long enough for the content is fine; one byte less never matches.
        assert!(content("abcd", &["depth:4"]).is_ok());
        assert_eq!(
            content("abcd", &["depth:3"]).unwrap_err(),
            "depth:3 is smaller than the content's 4 bytes"
        );
        assert!(content("abcd", &["within:4"]).is_ok());
        assert!(content("abcd", &["within:3"]).is_err());
        assert!(content("abcd", &["depth:4", "depth:5"]).is_err());
        assert!(content("abcd", &["startswith", "depth:5"]).is_err());
        assert!(content("abcd", &["offset:1", "startswith"]).is_err());
        assert!(content("abcd", &["startswith", "offset:1"]).is_err());
        assert!(content("abcd", &["offset:1", "offset:2"]).is_err());
        assert!(content("abcd", &["offset:1", "distance:2"]).is_err());
        assert!(content("abcd", &["within:8", "depth:8"]).is_err());
        assert!(content("abcd", &["nocase", "nocase"]).is_err());
        assert!(content("abcd", &["nocase", "startswith", "endswith", "endswith"]).is_ok());
        assert!(content("abcd", &["nocase:yes"]).is_err());
        assert!(content("abcd", &["depth"]).is_err());
    }
}
