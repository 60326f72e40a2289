//! The sticky buffers Reach evaluates (`tls.sni`, `http.host`, `dns.query`, and their legacy
//! content-modifier forms) and the `dotprefix` transform: the contents a rule requires of
//! the server name a flow's client sends.

use super::content::ContentMatch;
use super::KeywordError;
use std::str::FromStr;

/// Where a buffer's content comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Buffer {
    /// `tls.sni` / `tls_sni`.
    TlsSni,
    /// `http.host` / `http_host` (Suricata normalises it to lower case).
    HttpHost,
    /// `dns.query` / `dns_query`.
    DnsQuery,
}

impl Buffer {
    /// The protocol whose messages carry the buffer.
    pub fn protocol(self) -> &'static str {
        match self {
            Buffer::TlsSni => "tls",
            Buffer::HttpHost => "http",
            Buffer::DnsQuery => "dns",
        }
    }

    /// Whether the keyword is the legacy content-modifier form (`content:"…"; http_host;`),
    /// which applies to the content before it rather than to the ones after.
    pub fn is_legacy_modifier(keyword: &str) -> bool {
        matches!(keyword, "http_host" | "tls_sni" | "dns_query")
    }
}

impl FromStr for Buffer {
    type Err = KeywordError;

    /// The buffer a keyword names.
    fn from_str(keyword: &str) -> Result<Buffer, KeywordError> {
        match keyword {
            "tls.sni" | "tls_sni" => Ok(Buffer::TlsSni),
            "http.host" | "http_host" | "http.host.raw" => Ok(Buffer::HttpHost),
            "dns.query" | "dns_query" => Ok(Buffer::DnsQuery),
            other => Err(KeywordError::new(
                other,
                format!("{other} is not a buffer Reach evaluates"),
            )),
        }
    }
}

/// The contents a rule requires of one buffer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BufferMatch {
    /// The buffer.
    pub buffer: Buffer,
    /// `dotprefix`: a `.` is put in front of the buffer before matching, so
    /// `content:".example.com"; endswith;` matches `example.com` and its subdomains.
    pub dotprefix: bool,
    /// The contents, all of which must match.
    pub contents: Vec<ContentMatch>,
}

impl BufferMatch {
    /// Whether a server name satisfies every content; a missing name matches nothing.
    pub fn matches(&self, value: Option<&str>) -> bool {
        let Some(value) = value else {
            return false;
        };
        let mut text = if self.buffer == Buffer::HttpHost {
            value.to_ascii_lowercase()
        } else {
            value.to_owned()
        };
        if self.dotprefix {
            text.insert(0, '.');
        }
        self.contents
            .iter()
            .all(|content| content.matches(text.as_bytes()))
    }

    /// Refuses what Suricata refuses on the buffer, as AWS does when the group is created:
    /// `http.host` is lower-cased, so `nocase` and upper-case contents on it are errors.
    pub fn check(&self) -> Result<(), KeywordError> {
        if self.buffer != Buffer::HttpHost {
            return Ok(());
        }
        if self.contents.iter().any(|content| content.nocase) {
            return Err(KeywordError::new(
                "nocase",
                "http.host is lower-cased by Suricata, which refuses `nocase` on it",
            ));
        }
        if self
            .contents
            .iter()
            .any(|content| content.bytes.iter().any(u8::is_ascii_uppercase))
        {
            return Err(KeywordError::new(
                "content",
                "http.host is lower-cased by Suricata, which refuses a content with upper-case letters on it",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keyword::content::Content;

    fn buffer(buffer: Buffer, dotprefix: bool, contents: &[(&str, bool, bool)]) -> BufferMatch {
        BufferMatch {
            buffer,
            dotprefix,
            contents: contents
                .iter()
                .map(|(text, startswith, endswith)| {
                    let mut content =
                        ContentMatch::new(Content::parse(text, true).expect("content"));
                    content.startswith = *startswith;
                    content.endswith = *endswith;
                    content
                })
                .collect(),
        }
    }

    #[test]
    fn dotprefix_takes_the_domain_and_its_subdomains() {
        let domain = buffer(Buffer::TlsSni, true, &[(".example.com", false, true)]);
        assert!(domain.matches(Some("example.com")));
        assert!(domain.matches(Some("www.example.com")));
        assert!(!domain.matches(Some("badexample.com")));
        assert!(!domain.matches(None));
        // http.host is matched lower-cased; tls.sni as sent.
        let exact = |kind| buffer(kind, false, &[("www.example.com", true, true)]);
        assert!(exact(Buffer::HttpHost).matches(Some("WWW.Example.com")));
        assert!(!exact(Buffer::TlsSni).matches(Some("WWW.Example.com")));
    }

    #[test]
    fn keywords_and_refusals() {
        assert_eq!("tls.sni".parse(), Ok(Buffer::TlsSni));
        assert_eq!("http_host".parse(), Ok(Buffer::HttpHost));
        assert!("http.uri".parse::<Buffer>().is_err());
        assert!(Buffer::is_legacy_modifier("dns_query"));
        assert!(!Buffer::is_legacy_modifier("dns.query"));
        let mut host = buffer(Buffer::HttpHost, false, &[("a.example", false, false)]);
        assert_eq!(host.check(), Ok(()));
        host.contents[0].nocase = true;
        assert!(host.check().is_err());
        assert!(
            buffer(Buffer::HttpHost, false, &[("A.example", false, false)])
                .check()
                .is_err()
        );
        assert_eq!(
            buffer(Buffer::TlsSni, false, &[("A.example", false, false)]).check(),
            Ok(())
        );
    }
}
