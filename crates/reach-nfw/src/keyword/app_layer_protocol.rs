//! `app-layer-protocol`: the application protocol the flow must (or must not) be detected as.

use super::KeywordError;
use crate::flow::AppProtocol;
use std::str::FromStr;

/// An `app-layer-protocol` value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppLayerProtocol {
    /// The protocol, lower case, as Suricata names it.
    pub name: String,
    /// `!name`: any protocol but this one.
    pub negated: bool,
}

impl AppLayerProtocol {
    /// The protocol a flow must be detected as, for a positive match; a negated one is not
    /// evaluated (a flow description names one protocol, not the ones it is not).
    pub fn required(&self) -> Option<AppProtocol> {
        (!self.negated).then(|| AppProtocol::Named(self.name.clone()))
    }
}

impl FromStr for AppLayerProtocol {
    type Err = KeywordError;

    /// Parses a value the way Suricata's `DetectAppLayerProtocolSetup`
    /// (`src/detect-app-layer-protocol.c`) reads it, the quotes and `!` already handled by
    /// the option parser there.
    fn from_str(text: &str) -> Result<AppLayerProtocol, KeywordError> {
        let (negated, name) = match text.strip_prefix('!') {
            Some(rest) => (true, rest.trim()),
            None => (false, text.trim()),
        };
        // The value may be quoted, after the `!` of a negation too.
        let name = name
            .strip_prefix('"')
            .and_then(|rest| rest.strip_suffix('"'))
            .unwrap_or(name);
        // A protocol name is a word; Suricata refuses names it does not know, and Reach
        // does not know Suricata's whole list, so only what cannot be a name is refused here.
        let word = |byte: u8| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_';
        if name.is_empty() || !name.bytes().all(word) {
            return Err(KeywordError::new(
                "app-layer-protocol",
                format!("app-layer-protocol \"{text}\" is not a protocol name"),
            ));
        }
        Ok(AppLayerProtocol {
            name: name.to_ascii_lowercase(),
            negated,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) -> Result<(String, bool), String> {
        text.parse::<AppLayerProtocol>()
            .map(|protocol| (protocol.name, protocol.negated))
            .map_err(|error| error.message)
    }

    #[test]
    fn names_and_negation() {
        assert_eq!(check("TLS"), Ok(("tls".to_owned(), false)));
        assert_eq!(check("! http"), Ok(("http".to_owned(), true)));
        assert_eq!(check("http2"), Ok(("http2".to_owned(), false)));
        assert!(check("").is_err());
        assert!(check("!").is_err());
        assert!(check("tls http").is_err());
        assert!(check("tls;").is_err());
        assert_eq!(check("!\"dns\""), Ok(("dns".to_owned(), true)));
        assert_eq!(
            "smb".parse::<AppLayerProtocol>().unwrap().required(),
            Some(AppProtocol::Named("smb".to_owned()))
        );
        assert_eq!("!smb".parse::<AppLayerProtocol>().unwrap().required(), None);
    }
}
