//! Parser for Suricata 7 rules as AWS Network Firewall accepts them in
//! stateful rule groups.
//!
//! A rule is `action protocol src_addr src_port direction dst_addr dst_port (options)`.
//! This module only turns text into a syntax tree; it does not resolve
//! `$VARIABLES` or give options any meaning beyond `sid`, so later stages can
//! decide what a rule matches.
//!
//! Errors carry a 1-based *character* column so they can point into the text a
//! user typed, and option spans are *byte* ranges into the rule text so callers
//! can slice it directly for highlighting.
//!
//! Deliberately not accepted: the `<-` direction (Suricata rejects it too),
//! rules without an option block, IPv6 netmasks written as addresses
//! (`::/ffff::`), and IPv6 zone ids (`fe80::1%eth0`). A last option without
//! its `;` before `)` is an error, not silently accepted.

use std::fmt;
use std::net::IpAddr;

use ipnet::IpNet;

/// One parsed rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub action: Action,
    /// Lowercased, e.g. `tcp`, `tls`, `http2`.
    pub protocol: String,
    pub source: Address,
    pub source_port: Port,
    pub direction: Direction,
    pub destination: Address,
    pub destination_port: Port,
    pub options: Vec<RuleOption>,
}

impl Rule {
    /// The first option with this keyword (case-insensitive).
    pub fn option(&self, keyword: &str) -> Option<&RuleOption> {
        self.options
            .iter()
            .find(|o| o.keyword.eq_ignore_ascii_case(keyword))
    }

    /// The rule's `sid`, if present and numeric.
    pub fn sid(&self) -> Option<u64> {
        self.option("sid")?.value.as_deref()?.trim().parse().ok()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Alert,
    Pass,
    Drop,
    Reject,
    RejectSrc,
    RejectDst,
    RejectBoth,
}

impl Action {
    pub fn as_str(&self) -> &'static str {
        match self {
            Action::Alert => "alert",
            Action::Pass => "pass",
            Action::Drop => "drop",
            Action::Reject => "reject",
            Action::RejectSrc => "rejectsrc",
            Action::RejectDst => "rejectdst",
            Action::RejectBoth => "rejectboth",
        }
    }

    fn from_word(word: &str) -> Option<Action> {
        const ALL: [Action; 7] = [
            Action::Alert,
            Action::Pass,
            Action::Drop,
            Action::Reject,
            Action::RejectSrc,
            Action::RejectDst,
            Action::RejectBoth,
        ];
        ALL.into_iter()
            .find(|a| a.as_str().eq_ignore_ascii_case(word))
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// `->`
    ToServer,
    /// `<>`
    Both,
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Direction::ToServer => "->",
            Direction::Both => "<>",
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Address {
    Any,
    /// Variable name without the `$`.
    Variable(String),
    /// Kept as written: `10.0.0.1/8` keeps its host bits (use `trunc()` for the network).
    Net(IpNet),
    /// Inclusive range of the same address family, `start <= end`.
    Range(IpAddr, IpAddr),
    Not(Box<Address>),
    List(Vec<Address>),
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Address::Any => f.write_str("any"),
            Address::Variable(name) => write!(f, "${name}"),
            // A bare address reads better than `/32` and parses back to the same value.
            Address::Net(net) if net.prefix_len() == net.max_prefix_len() => {
                write!(f, "{}", net.addr())
            }
            Address::Net(net) => write!(f, "{net}"),
            Address::Range(start, end) => write!(f, "{start}-{end}"),
            Address::Not(inner) => write!(f, "!{inner}"),
            Address::List(items) => write_list(f, items),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Port {
    Any,
    /// Variable name without the `$`.
    Variable(String),
    /// Inclusive; a single port is `Range(p, p)`, open ends become 0 / 65535.
    Range(u16, u16),
    Not(Box<Port>),
    List(Vec<Port>),
}

impl fmt::Display for Port {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Port::Any => f.write_str("any"),
            Port::Variable(name) => write!(f, "${name}"),
            Port::Range(lo, hi) if lo == hi => write!(f, "{lo}"),
            Port::Range(lo, hi) => write!(f, "{lo}:{hi}"),
            Port::Not(inner) => write!(f, "!{inner}"),
            Port::List(items) => write_list(f, items),
        }
    }
}

fn write_list<T: fmt::Display>(f: &mut fmt::Formatter<'_>, items: &[T]) -> fmt::Result {
    f.write_str("[")?;
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(",")?;
        }
        write!(f, "{item}")?;
    }
    f.write_str("]")
}

/// One `keyword;` or `keyword:value;` from the option block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleOption {
    /// Trimmed and lowercased.
    pub keyword: String,
    /// Trimmed. A fully quoted value (`"..."`) is stored without its quotes and
    /// with `\"`, `\\`, `\;` unescaped; other backslashes stay (PCRE needs them).
    /// A partly quoted value such as `!"GET"` keeps its quoted part as written,
    /// and only `\;` outside quotes is unescaped.
    pub value: Option<String>,
    /// True when the whole value was one quoted string.
    pub quoted: bool,
    /// Byte range in the rule text from the keyword through its `;`.
    pub span: (usize, usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based character column in the rule text.
    pub column: usize,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "column {}: {}", self.column, self.message)
    }
}

impl std::error::Error for ParseError {}

/// A logical rule from a rules file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleLine {
    /// 1-based line where the rule starts.
    pub line: usize,
    /// The rule with continuation lines joined, trimmed.
    pub text: String,
}

/// Splits a rules file (a `RulesString`) into rules, joining `\`-continued
/// lines and dropping blank lines and `#` comments. The one splitter Reach
/// has: the engine reads these rules, and the inventory counts them.
///
/// As in Suricata 7's loader (`DetectLoadSigFile` in
/// `src/detect-engine-loader.c`), a line that starts a rule with `#` is
/// dropped whole before any continuation is looked for, so a commented-out
/// rule ending in `\` does not swallow the next line; a `#` line inside a
/// continuation is part of the rule. Suricata also skips lines that start
/// with a space or a tab; Reach trims them and reads the rule, since whether
/// AWS hands a `RulesString` to Suricata line for line is not known.
pub fn rule_lines(rules: &str) -> Vec<RuleLine> {
    let mut out = Vec::new();
    let mut pending: Option<(usize, String)> = None;
    for (index, line) in rules.lines().enumerate() {
        let (start, mut text) = match pending.take() {
            Some(so_far) => so_far,
            None => {
                let trimmed = line.trim();
                // Blank lines and comments between rules are skipped, continuation or not.
                if trimmed.is_empty() || trimmed.starts_with('#') {
                    continue;
                }
                (index + 1, String::new())
            }
        };
        let trimmed_end = line.trim_end();
        if let Some(body) = trimmed_end.strip_suffix('\\') {
            text.push_str(body);
            pending = Some((start, text));
            continue;
        }
        text.push_str(line);
        push_rule_line(&mut out, start, &text);
    }
    if let Some((start, text)) = pending {
        push_rule_line(&mut out, start, &text);
    }
    out
}

fn push_rule_line(out: &mut Vec<RuleLine>, line: usize, text: &str) {
    let text = text.trim();
    if !text.is_empty() && !text.starts_with('#') {
        out.push(RuleLine {
            line,
            text: text.to_string(),
        });
    }
}

/// Parses every rule of a rules file; errors are per rule, so one bad rule
/// does not hide the others. Error columns and option spans refer to
/// [`RuleLine::text`], not to the file.
pub fn parse_rules(rules: &str) -> Vec<(RuleLine, Result<Rule, ParseError>)> {
    rule_lines(rules)
        .into_iter()
        .map(|line| {
            let parsed = parse_rule(&line.text);
            (line, parsed)
        })
        .collect()
}

/// Parses one rule (continuations already joined).
pub fn parse_rule(text: &str) -> Result<Rule, ParseError> {
    let mut p = Parser { text, pos: 0 };
    p.skip_ws();
    if p.at_end() {
        return Err(p.error(p.pos, "empty rule".to_string()));
    }

    let (at, word) = p.word();
    let action =
        Action::from_word(word).ok_or_else(|| p.error(at, format!("unknown action {word:?}")))?;

    p.skip_ws();
    let (at, word) = p.word();
    if word.is_empty() {
        return Err(p.error(at, format!("expected a protocol, found {}", p.found(at))));
    }
    if !word
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(p.error(at, format!("invalid protocol {word:?}")));
    }
    let protocol = word.to_ascii_lowercase();

    let source = p.field(&ADDRESS, "source address")?;
    let source_port = p.field(&PORT, "source port")?;

    p.skip_ws();
    let (at, word) = p.word();
    let direction = match word {
        "->" => Direction::ToServer,
        "<>" => Direction::Both,
        "<-" => {
            let msg = "\"<-\" is not a direction; Suricata accepts only \"->\" or \"<>\"";
            return Err(p.error(at, msg.to_string()));
        }
        _ => {
            let msg = format!(
                "expected a direction (\"->\" or \"<>\"), found {}",
                p.found(at)
            );
            return Err(p.error(at, msg));
        }
    };

    let destination = p.field(&ADDRESS, "destination address")?;
    let destination_port = p.field(&PORT, "destination port")?;
    let options = p.options()?;

    Ok(Rule {
        action,
        protocol,
        source,
        source_port,
        direction,
        destination,
        destination_port,
        options,
    })
}

/// Deep enough for any real rule; bounds recursion on hostile input.
const MAX_NESTING: usize = 32;

/// What differs between address and port groups; the `!`/`[...]` grammar is shared.
struct GroupKind<T> {
    noun: &'static str,
    article: &'static str,
    atom: fn(&str) -> Result<T, String>,
    not: fn(T) -> T,
    list: fn(Vec<T>) -> T,
}

const ADDRESS: GroupKind<Address> = GroupKind {
    noun: "address",
    article: "an",
    atom: address_atom,
    not: |a| Address::Not(Box::new(a)),
    list: Address::List,
};

const PORT: GroupKind<Port> = GroupKind {
    noun: "port",
    article: "a",
    atom: port_atom,
    not: |p| Port::Not(Box::new(p)),
    list: Port::List,
};

/// Byte cursor over the rule. It only ever stops on ASCII bytes or the end, so
/// every position it slices at is a char boundary even in non-ASCII text.
struct Parser<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn at_end(&self) -> bool {
        self.pos >= self.text.len()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
            self.pos += 1;
        }
    }

    fn scan_until(&self, from: usize, stop: impl Fn(u8) -> bool) -> usize {
        let bytes = self.text.as_bytes();
        let mut end = from;
        while end < bytes.len() && !stop(bytes[end]) {
            end += 1;
        }
        end
    }

    /// The whitespace-delimited word at the cursor, and where it started.
    fn word(&mut self) -> (usize, &'a str) {
        let start = self.pos;
        self.pos = self.scan_until(start, |b| b.is_ascii_whitespace());
        (start, &self.text[start..self.pos])
    }

    fn column(&self, pos: usize) -> usize {
        self.text
            .char_indices()
            .take_while(|(i, _)| *i < pos)
            .count()
            + 1
    }

    fn error(&self, pos: usize, message: String) -> ParseError {
        ParseError {
            column: self.column(pos),
            message,
        }
    }

    /// Describes what is at `pos` for "found ..." messages.
    fn found(&self, pos: usize) -> String {
        let rest = self.text.get(pos..).unwrap_or("");
        match rest.chars().next() {
            None => "end of rule".to_string(),
            Some(c) if c.is_ascii_whitespace() => "whitespace".to_string(),
            Some(_) => {
                let word = rest.split(|c: char| c.is_ascii_whitespace()).next();
                let word = word.unwrap_or("");
                if word.chars().count() > 40 {
                    let short: String = word.chars().take(40).collect();
                    format!("{short:?}...")
                } else {
                    format!("{word:?}")
                }
            }
        }
    }

    /// A header field: an address or port group followed by whitespace.
    fn field<T>(&mut self, kind: &GroupKind<T>, name: &str) -> Result<T, ParseError> {
        self.skip_ws();
        let value = self.group(kind, 0)?;
        // The options may follow the destination port without a space.
        let ok_next = |b: u8| b.is_ascii_whitespace() || (b == b'(' && name.ends_with("port"));
        match self.peek() {
            Some(b) if !ok_next(b) => Err(self.error(
                self.pos,
                format!("unexpected {} after the {name}", self.found(self.pos)),
            )),
            _ => Ok(value),
        }
    }

    fn group<T>(&mut self, kind: &GroupKind<T>, depth: usize) -> Result<T, ParseError> {
        if depth > MAX_NESTING {
            return Err(self.error(self.pos, format!("{} list nested too deeply", kind.noun)));
        }
        match self.peek() {
            Some(b'!') => {
                self.pos += 1;
                Ok((kind.not)(self.group(kind, depth + 1)?))
            }
            Some(b'[') => self.list(kind, depth),
            _ => {
                let start = self.pos;
                self.pos = self.scan_until(start, |b| {
                    b.is_ascii_whitespace() || matches!(b, b',' | b'[' | b']' | b'(' | b')')
                });
                let atom = &self.text[start..self.pos];
                if atom.is_empty() {
                    let what = format!("expected {} {}", kind.article, kind.noun);
                    return Err(self.error(start, format!("{what}, found {}", self.found(start))));
                }
                (kind.atom)(atom).map_err(|message| self.error(start, message))
            }
        }
    }

    fn list<T>(&mut self, kind: &GroupKind<T>, depth: usize) -> Result<T, ParseError> {
        let open = self.pos;
        self.pos += 1;
        let mut items = Vec::new();
        loop {
            self.skip_ws();
            if items.is_empty() && self.peek() == Some(b']') {
                return Err(self.error(open, format!("empty {} list", kind.noun)));
            }
            items.push(self.group(kind, depth + 1)?);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok((kind.list)(items));
                }
                None => {
                    return Err(self.error(open, format!("unterminated {} list", kind.noun)));
                }
                Some(_) => {
                    return Err(self.error(
                        self.pos,
                        format!(
                            "expected \",\" or \"]\" in the {} list opened at column {}, found {}",
                            kind.noun,
                            self.column(open),
                            self.found(self.pos)
                        ),
                    ))
                }
            }
        }
    }

    fn options(&mut self) -> Result<Vec<RuleOption>, ParseError> {
        self.skip_ws();
        if self.peek() != Some(b'(') {
            return Err(self.error(
                self.pos,
                format!(
                    "expected \"(\" to start the options, found {}",
                    self.found(self.pos)
                ),
            ));
        }
        self.pos += 1;
        let mut options = Vec::new();
        loop {
            self.skip_ws();
            match self.peek() {
                None => {
                    let msg = "expected \")\" to close the options".to_string();
                    return Err(self.error(self.pos, msg));
                }
                Some(b')') => break,
                Some(_) => options.push(self.option()?),
            }
        }
        self.pos += 1;
        self.skip_ws();
        if !self.at_end() {
            return Err(self.error(
                self.pos,
                format!(
                    "unexpected text after the closing \")\": {}",
                    self.found(self.pos)
                ),
            ));
        }
        Ok(options)
    }

    fn option(&mut self) -> Result<RuleOption, ParseError> {
        let start = self.pos;
        let kw_end = self.scan_until(start, |b| matches!(b, b':' | b';' | b')'));
        let keyword = self.text[start..kw_end].trim();
        let sep = self.text.as_bytes().get(kw_end).copied();
        if keyword.is_empty() {
            let message = match sep {
                Some(b';') => "empty option (stray \";\")",
                _ => "missing option keyword before \":\"",
            };
            return Err(self.error(start, message.to_string()));
        }
        if !keyword
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
        {
            return Err(self.error(start, format!("invalid option keyword {keyword:?}")));
        }
        let keyword = keyword.to_ascii_lowercase();
        let unterminated =
            |at: usize| self.error(at, format!("expected \";\" after option {keyword:?}"));
        match sep {
            Some(b';') => {
                self.pos = kw_end + 1;
                return Ok(RuleOption {
                    keyword,
                    value: None,
                    quoted: false,
                    span: (start, self.pos),
                });
            }
            Some(b':') => {}
            _ => return Err(unterminated(kw_end)),
        }

        let bytes = self.text.as_bytes();
        let value_start = kw_end + 1;
        let mut i = value_start;
        let mut open_quote = None;
        loop {
            match bytes.get(i) {
                None => {
                    if let Some(q) = open_quote {
                        let msg = format!("unterminated quoted value of option {keyword:?}");
                        return Err(self.error(q, msg));
                    }
                    // Most often the last option just lacks its ";" before ")".
                    let close = self.text[value_start..].rfind(')');
                    return Err(unterminated(close.map_or(i, |c| value_start + c)));
                }
                // Only step over ASCII so `i` never lands inside a multi-byte char.
                Some(b'\\') if bytes.get(i + 1).is_some_and(u8::is_ascii) => i += 2,
                Some(b'"') => {
                    open_quote = if open_quote.is_some() { None } else { Some(i) };
                    i += 1;
                }
                Some(b';') if open_quote.is_none() => break,
                Some(_) => i += 1,
            }
        }
        let (value, quoted) = decode_value(&self.text[value_start..i]);
        self.pos = i + 1;
        Ok(RuleOption {
            keyword,
            value: Some(value),
            quoted,
            span: (start, self.pos),
        })
    }
}

/// Index of the first unescaped `"` at or after `from`.
fn closing_quote(s: &str, from: usize) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(i),
            _ => i += 1,
        }
    }
    None
}

fn decode_value(raw: &str) -> (String, bool) {
    let value = raw.trim();
    let fully_quoted = value.len() >= 2
        && value.starts_with('"')
        && closing_quote(value, 1) == Some(value.len() - 1);
    let mut out = String::with_capacity(value.len());
    let mut in_quote = false;
    let inner = if fully_quoted {
        &value[1..value.len() - 1]
    } else {
        value
    };
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.peek().copied() {
                Some(n @ ('"' | '\\' | ';')) if fully_quoted => {
                    out.push(n);
                    chars.next();
                }
                Some(';') if !in_quote => {
                    out.push(';');
                    chars.next();
                }
                Some(n) => {
                    // Kept as written, but consumed as a pair so `\"` never toggles quoting.
                    out.push('\\');
                    out.push(n);
                    chars.next();
                }
                None => out.push('\\'),
            },
            '"' if !fully_quoted => {
                in_quote = !in_quote;
                out.push('"');
            }
            _ => out.push(c),
        }
    }
    (out, fully_quoted)
}

fn variable_name(s: &str) -> Option<&str> {
    let name = s.strip_prefix('$')?;
    let valid = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    valid.then_some(name)
}

fn address_atom(s: &str) -> Result<Address, String> {
    if s.eq_ignore_ascii_case("any") {
        return Ok(Address::Any);
    }
    if s.starts_with('$') {
        return variable_name(s)
            .map(|name| Address::Variable(name.to_string()))
            .ok_or_else(|| format!("invalid variable name {s:?}"));
    }
    let looks_like_ip = s.starts_with(|c: char| c.is_ascii_digit()) || s.contains(':');
    if !looks_like_ip {
        return Err(format!("expected an address, found {s:?}"));
    }
    let invalid = || format!("invalid address {s:?}");
    if let Some((a, b)) = s.split_once('-') {
        let start: IpAddr = a.parse().map_err(|_| invalid())?;
        let end: IpAddr = b.parse().map_err(|_| invalid())?;
        if start.is_ipv4() != end.is_ipv4() {
            return Err(format!("address range {s:?} mixes IPv4 and IPv6"));
        }
        if start > end {
            return Err(format!("address range {s:?} ends before it starts"));
        }
        return Ok(Address::Range(start, end));
    }
    let Some((a, mask)) = s.split_once('/') else {
        let ip: IpAddr = s.parse().map_err(|_| invalid())?;
        return Ok(Address::Net(IpNet::from(ip)));
    };
    let ip: IpAddr = a.parse().map_err(|_| invalid())?;
    let max = if ip.is_ipv4() { 32 } else { 128 };
    let prefix = if !mask.is_empty() && mask.bytes().all(|b| b.is_ascii_digit()) {
        mask.parse::<u8>().ok().filter(|p| *p <= max)
    } else {
        match (ip, mask.parse::<IpAddr>()) {
            (IpAddr::V4(_), Ok(IpAddr::V4(m))) => {
                let bits = u32::from(m);
                if bits.leading_ones() + bits.trailing_zeros() != 32 {
                    return Err(format!("netmask {mask} in {s:?} is not contiguous"));
                }
                Some(bits.leading_ones() as u8)
            }
            _ => None,
        }
    };
    let prefix = prefix
        .ok_or_else(|| format!("invalid prefix length \"/{mask}\" in {s:?} (allowed: 0-{max})"))?;
    IpNet::new(ip, prefix)
        .map(Address::Net)
        .map_err(|_| invalid())
}

fn port_atom(s: &str) -> Result<Port, String> {
    if s.eq_ignore_ascii_case("any") {
        return Ok(Port::Any);
    }
    if s.starts_with('$') {
        return variable_name(s)
            .map(|name| Port::Variable(name.to_string()))
            .ok_or_else(|| format!("invalid variable name {s:?}"));
    }
    if !s.starts_with(|c: char| c.is_ascii_digit() || c == ':') {
        return Err(format!("expected a port, found {s:?}"));
    }
    let number = |n: &str| -> Result<u16, String> {
        if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("invalid port {s:?}"));
        }
        n.parse()
            .map_err(|_| format!("{n:?} is not a port (0-65535)"))
    };
    let Some((lo, hi)) = s.split_once(':') else {
        let p = number(s)?;
        return Ok(Port::Range(p, p));
    };
    if lo.is_empty() && hi.is_empty() {
        return Err(format!("invalid port range {s:?}"));
    }
    let lo = if lo.is_empty() { 0 } else { number(lo)? };
    let hi = if hi.is_empty() { u16::MAX } else { number(hi)? };
    if lo > hi {
        return Err(format!("port range {s:?} ends before it starts"));
    }
    Ok(Port::Range(lo, hi))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn rule(text: &str) -> Rule {
        parse_rule(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    fn err(text: &str) -> String {
        match parse_rule(text) {
            Ok(r) => panic!("{text} parsed: {r:?}"),
            Err(e) => e.to_string(),
        }
    }

    fn addr(text: &str) -> Address {
        rule(&format!("alert ip {text} any -> any any ()")).source
    }

    fn port(text: &str) -> Port {
        rule(&format!("alert ip any any -> any {text} ()")).destination_port
    }

    fn net(s: &str) -> Address {
        Address::Net(s.parse().unwrap())
    }

    fn not<T>(x: T) -> Box<T> {
        Box::new(x)
    }

    #[test]
    fn header_fields() {
        let r = rule("Drop TCP $HOME_NET any <> 10.0.0.0/8 443 (sid:5;)");
        assert_eq!(r.action, Action::Drop);
        assert_eq!(r.protocol, "tcp");
        assert_eq!(r.source, Address::Variable("HOME_NET".into()));
        assert_eq!(r.source_port, Port::Any);
        assert_eq!(r.direction, Direction::Both);
        assert_eq!(r.destination, net("10.0.0.0/8"));
        assert_eq!(r.destination_port, Port::Range(443, 443));
        assert_eq!(
            rule("pass tls any any -> any any ()").direction,
            Direction::ToServer
        );
        for a in "alert pass drop reject rejectsrc rejectdst rejectboth".split(' ') {
            let r = rule(&format!("{a} tcp-pkt any any -> any any ()"));
            assert_eq!(r.action.as_str(), a);
            assert_eq!(r.protocol, "tcp-pkt");
        }
    }

    #[test]
    fn address_forms() {
        assert_eq!(addr("ANY"), Address::Any);
        assert_eq!(addr("10.0.0.1"), net("10.0.0.1/32"));
        assert_eq!(addr("2001:db8::1"), net("2001:db8::1/128"));
        assert_eq!(addr("2001:db8::/32"), net("2001:db8::/32"));
        assert_eq!(addr("10.1.0.0/255.255.0.0"), net("10.1.0.0/16"));
        let range = Address::Range("10.0.0.1".parse().unwrap(), "10.0.0.9".parse().unwrap());
        assert_eq!(addr("10.0.0.1-10.0.0.9"), range);
        assert_eq!(
            addr("!$EXTERNAL"),
            Address::Not(not(Address::Variable("EXTERNAL".into())))
        );
        let list = addr("![ 10.0.0.0/8 , !10.1.0.0/16,[192.168.0.1, $X] ]");
        let expected = Address::Not(not(Address::List(vec![
            net("10.0.0.0/8"),
            Address::Not(not(net("10.1.0.0/16"))),
            Address::List(vec![net("192.168.0.1/32"), Address::Variable("X".into())]),
        ])));
        assert_eq!(list, expected);
        assert_eq!(
            expected.to_string(),
            "![10.0.0.0/8,!10.1.0.0/16,[192.168.0.1,$X]]"
        );
        assert_eq!(range.to_string(), "10.0.0.1-10.0.0.9");
    }

    #[test]
    fn port_forms() {
        assert_eq!(port("any"), Port::Any);
        assert_eq!(port("$HTTP_PORTS"), Port::Variable("HTTP_PORTS".into()));
        assert_eq!(port("1024:65535"), Port::Range(1024, 65535));
        assert_eq!(port("1024:"), Port::Range(1024, 65535));
        assert_eq!(port(":1023"), Port::Range(0, 1023));
        assert_eq!(port("!80"), Port::Not(not(Port::Range(80, 80))));
        let list = port("![80, 443,8000:8080, !8005, [1,2]]");
        let expected = Port::Not(not(Port::List(vec![
            Port::Range(80, 80),
            Port::Range(443, 443),
            Port::Range(8000, 8080),
            Port::Not(not(Port::Range(8005, 8005))),
            Port::List(vec![Port::Range(1, 1), Port::Range(2, 2)]),
        ])));
        assert_eq!(list, expected);
        assert_eq!(expected.to_string(), "![80,443,8000:8080,!8005,[1,2]]");
        // The options may follow the last port directly.
        assert_eq!(rule("alert tcp any any -> any 80(sid:1;)").sid(), Some(1));
    }

    #[test]
    fn options_quotes_escapes_and_spans() {
        let text = r#"alert http any any -> any any ( MSG: "a \"b\" c;d\\e\;" ; Content:!"GET"; pcre:"/x\d+/i"; flow:to_server,established; nocase; sid: 42 ;)"#;
        let r = rule(text);
        let kws: Vec<&str> = r.options.iter().map(|o| o.keyword.as_str()).collect();
        assert_eq!(kws, ["msg", "content", "pcre", "flow", "nocase", "sid"]);
        let msg = r.option("Msg").unwrap();
        assert_eq!(msg.value.as_deref(), Some(r#"a "b" c;d\e;"#));
        assert!(msg.quoted);
        assert_eq!(
            &text[msg.span.0..msg.span.1],
            r#"MSG: "a \"b\" c;d\\e\;" ;"#
        );
        let content = r.option("content").unwrap();
        assert_eq!(
            (content.value.as_deref(), content.quoted),
            (Some(r#"!"GET""#), false)
        );
        assert_eq!(r.option("pcre").unwrap().value.as_deref(), Some(r"/x\d+/i"));
        let flow = r.option("flow").unwrap();
        assert_eq!(
            (flow.value.as_deref(), flow.quoted),
            (Some("to_server,established"), false)
        );
        let nocase = r.option("nocase").unwrap();
        assert_eq!(
            (nocase.value.as_ref(), &text[nocase.span.0..nocase.span.1]),
            (None, "nocase;")
        );
        assert_eq!(r.sid(), Some(42));
        // Unquoted `\;` is an escaped semicolon; a ")" inside a value is just text.
        let r = rule(r"alert tcp any any -> any any (metadata: a\;b (c); sid:x;)");
        assert_eq!(r.options[0].value.as_deref(), Some("a;b (c)"));
        assert_eq!(r.sid(), None);
        assert!(rule("alert tcp any any -> any any ()").options.is_empty());
        assert_eq!(
            rule("alert tcp any any -> any any (msg:\"\";)").options[0]
                .value
                .as_deref(),
            Some("")
        );
    }

    #[test]
    fn display_renders_suricata_syntax() {
        let r = rule("alert udp [2001:db8::/32,::1] [:1023,1024:] <> 10.0.0.1/8 !$P (sid:1;)");
        assert_eq!(r.source.to_string(), "[2001:db8::/32,::1]");
        assert_eq!(r.source_port.to_string(), "[0:1023,1024:65535]");
        assert_eq!(r.direction.to_string(), "<>");
        // Host bits are kept as written.
        assert_eq!(r.destination.to_string(), "10.0.0.1/8");
        assert_eq!(r.destination_port.to_string(), "!$P");
        assert_eq!(Action::RejectBoth.to_string(), "rejectboth");
        assert_eq!(
            rule("alert tcp-stream any any -> any any ()").protocol,
            "tcp-stream"
        );
    }

    #[test]
    fn non_ascii_columns_and_values() {
        let r = rule("alert tcp any any -> any any (msg:\"héllo ✓\"; sid:1;)");
        assert_eq!(r.options[0].value.as_deref(), Some("héllo ✓"));
        assert_eq!(r.options[1].span, (48, 54));
        // "é" is two bytes but one column.
        assert_eq!(
            err("alert tcp any any -> any any (msg:\"é\"; sid:1) x"),
            "column 45: expected \";\" after option \"sid\""
        );
        assert_eq!(
            err("alert tcp ∀ any -> any any ()"),
            "column 11: expected an address, found \"∀\""
        );
    }

    #[test]
    fn malformed_rules() {
        let cases = [
            ("", "column 1: empty rule"),
            ("   ", "column 4: empty rule"),
            ("permit tcp any any -> any any ()", "column 1: unknown action \"permit\""),
            ("alert tcp any any any any ()", "column 19: expected a direction (\"->\" or \"<>\"), found \"any\""),
            ("alert tcp any any <- any any ()", "column 19: \"<-\" is not a direction; Suricata accepts only \"->\" or \"<>\""),
            ("alert tcp any -> any 80 ()", "column 15: expected a port, found \"->\""),
            ("alert tcp any 70000 -> any any ()", "column 15: \"70000\" is not a port (0-65535)"),
            ("alert tcp any [80,443 -> any any ()", "column 23: expected \",\" or \"]\" in the port list opened at column 15, found \"->\""),
            ("alert tcp any any -> any [80,443", "column 26: unterminated port list"),
            ("alert tcp any any -> any [] ()", "column 26: empty port list"),
            ("alert tcp any any -> any [80,] ()", "column 30: expected a port, found \"]\""),
            ("alert tcp any any -> any 9:8 ()", "column 26: port range \"9:8\" ends before it starts"),
            ("alert tcp 10.0.0.999 any -> any any ()", "column 11: invalid address \"10.0.0.999\""),
            ("alert tcp 10.0.0.0/33 any -> any any ()", "column 11: invalid prefix length \"/33\" in \"10.0.0.0/33\" (allowed: 0-32)"),
            ("alert tcp 10.0.0.0/255.0.255.0 any -> any any ()", "column 11: netmask 255.0.255.0 in \"10.0.0.0/255.0.255.0\" is not contiguous"),
            ("alert tcp 10.0.0.9-10.0.0.1 any -> any any ()", "column 11: address range \"10.0.0.9-10.0.0.1\" ends before it starts"),
            ("alert tcp $ any -> any any ()", "column 11: invalid variable name \"$\""),
            ("alert tcp 10.0.0.1-::1 any -> any any ()", "column 11: address range \"10.0.0.1-::1\" mixes IPv4 and IPv6"),
            ("alert tcp ::/129 any -> any any ()", "column 11: invalid prefix length \"/129\" in \"::/129\" (allowed: 0-128)"),
            ("alert tcp ::/ffff:: any -> any any ()", "column 11: invalid prefix length \"/ffff::\" in \"::/ffff::\" (allowed: 0-128)"),
            ("alert tcp home any -> any any ()", "column 11: expected an address, found \"home\""),
            ("alert tcp any 8o -> any any ()", "column 15: invalid port \"8o\""),
            ("alert tcp any 80:: -> any any ()", "column 15: invalid port \"80::\""),
            ("alert tcp any : -> any any ()", "column 15: invalid port range \":\""),
            ("alert tcp any !! -> any any ()", "column 17: expected a port, found whitespace"),
            ("alert tcp any,any any -> any any ()", "column 14: unexpected \",any\" after the source address"),
            ("alert t(p any any -> any any ()", "column 7: invalid protocol \"t(p\""),
            ("alert tcp any any -> any any", "column 29: expected \"(\" to start the options, found end of rule"),
            ("alert tcp any any -> any any msg:\"x\";", "column 30: expected \"(\" to start the options, found \"msg:\\\"x\\\";\""),
            ("alert tcp any any -> any any (msg:\"x\"; sid:1;", "column 46: expected \")\" to close the options"),
            ("alert tcp any any -> any any (msg:\"oops; sid:1;)", "column 35: unterminated quoted value of option \"msg\""),
            ("alert tcp any any -> any any (sid:1;) trailing", "column 39: unexpected text after the closing \")\": \"trailing\""),
            ("alert tcp any any -> any any (msg:\"x\"; sid:1)", "column 45: expected \";\" after option \"sid\""),
            ("alert tcp any any -> any any (noalert)", "column 38: expected \";\" after option \"noalert\""),
            ("alert tcp any any -> any any (sid:1;;)", "column 37: empty option (stray \";\")"),
            ("alert tcp any any -> any any (bad kw:1;)", "column 31: invalid option keyword \"bad kw\""),
            ("alert tcp any any -> any any (:1;)", "column 31: missing option keyword before \":\""),
        ];
        for (text, expected) in cases {
            assert_eq!(err(text), expected, "{text}");
        }
        let deep = format!("alert tcp {}1.2.3.4 any -> any any ()", "[".repeat(100));
        assert!(err(&deep).contains("nested too deeply"));
    }

    #[test]
    fn rule_lines_and_parse_rules() {
        let file =
            "# header comment\n\n  alert tcp any any -> any 80 (msg:\"a\"; \\\n    sid:1;)\r\n\
                    \t# drop tcp any any -> any any (sid:9;)\n\
                    bogus rule\n\
                    pass udp any any -> any 53 (sid:3;) \\";
        let lines = rule_lines(file);
        let summary: Vec<(usize, &str)> = lines.iter().map(|l| (l.line, l.text.as_str())).collect();
        assert_eq!(
            summary,
            [
                (3, "alert tcp any any -> any 80 (msg:\"a\";     sid:1;)"),
                (6, "bogus rule"),
                (7, "pass udp any any -> any 53 (sid:3;)"),
            ]
        );
        let parsed = parse_rules(file);
        assert_eq!(parsed[0].1.as_ref().unwrap().sid(), Some(1));
        assert_eq!(
            parsed[1].1.as_ref().unwrap_err().message,
            "unknown action \"bogus\""
        );
        assert_eq!(parsed[2].1.as_ref().unwrap().sid(), Some(3));
        // A commented rule ending in `\` is dropped alone, as in Suricata: the next line is a
        // rule of its own.
        let commented = rule_lines(
            "# alert tcp any any -> any any (\\\nalert ip any any -> any any (sid:2;)\n",
        );
        let summary: Vec<(usize, &str)> = commented
            .iter()
            .map(|l| (l.line, l.text.as_str()))
            .collect();
        assert_eq!(summary, [(2, "alert ip any any -> any any (sid:2;)")]);
        // A `#` line inside a continuation belongs to the rule.
        assert_eq!(
            rule_lines("alert ip any any -> any any \\\n#(sid:3;)")[0].text,
            "alert ip any any -> any any #(sid:3;)"
        );
    }

    fn arb_address() -> impl Strategy<Value = Address> {
        let v4 = (any::<u32>(), 0u8..=32)
            .prop_map(|(a, p)| Address::Net(IpNet::new(IpAddr::from(a.to_be_bytes()), p).unwrap()));
        let v6 = (any::<u128>(), 0u8..=128)
            .prop_map(|(a, p)| Address::Net(IpNet::new(IpAddr::from(a.to_be_bytes()), p).unwrap()));
        let range = (any::<u32>(), any::<u32>()).prop_map(|(a, b)| {
            let (a, b) = (a.min(b), a.max(b));
            Address::Range(IpAddr::from(a.to_be_bytes()), IpAddr::from(b.to_be_bytes()))
        });
        let leaf = prop_oneof![
            Just(Address::Any),
            "[A-Za-z_][A-Za-z0-9_]{0,8}".prop_map(Address::Variable),
            v4,
            v6,
            range,
        ];
        leaf.prop_recursive(4, 24, 4, |inner| {
            prop_oneof![
                inner.clone().prop_map(|a| Address::Not(Box::new(a))),
                prop::collection::vec(inner, 1..4).prop_map(Address::List),
            ]
        })
    }

    fn arb_port() -> impl Strategy<Value = Port> {
        let leaf = prop_oneof![
            Just(Port::Any),
            "[A-Za-z_][A-Za-z0-9_]{0,8}".prop_map(Port::Variable),
            (any::<u16>(), any::<u16>()).prop_map(|(a, b)| Port::Range(a.min(b), a.max(b))),
        ];
        leaf.prop_recursive(4, 24, 4, |inner| {
            prop_oneof![
                inner.clone().prop_map(|p| Port::Not(Box::new(p))),
                prop::collection::vec(inner, 1..4).prop_map(Port::List),
            ]
        })
    }

    /// Rule-ish tokens, so generated text gets deep into the parser.
    fn tokens() -> Vec<&'static str> {
        let words = "alert pass tcp any $HOME 10.0.0.0/8 ::1 80 1: :2 [ ] ! : $ \" \\ ; ( ) -> <> , - / msg sid 7 é";
        words.split(' ').chain(["\n", "\\\n"]).collect()
    }

    proptest! {
        #[test]
        fn never_panics_on_any_text(text in any::<String>()) {
            let _ = parse_rule(&text);
            let _ = parse_rules(&text);
        }

        #[test]
        fn never_panics_on_rule_tokens(
            parts in prop::collection::vec((prop::sample::select(tokens()), prop::bool::ANY), 0..40)
        ) {
            let text: String = parts
                .iter()
                .map(|(t, space)| if *space { format!("{t} ") } else { t.to_string() })
                .collect();
            let _ = parse_rule(&text);
            let _ = parse_rule(&format!("alert tcp {text}"));
            let _ = parse_rule(&format!("alert tcp any any -> any any ({text}"));
            let _ = parse_rules(&text);
        }

        #[test]
        fn display_round_trips(a in arb_address(), p in arb_port(), both in prop::bool::ANY) {
            let d = if both { Direction::Both } else { Direction::ToServer };
            let r = parse_rule(&format!("alert ip {a} {p} {d} {a} {p} ()")).unwrap();
            prop_assert_eq!(&r.source, &a);
            prop_assert_eq!(&r.destination_port, &p);
            prop_assert_eq!(r.direction, d);
        }
    }
}
