//! `flow`: which way a packet goes and what state its flow is in.

use super::KeywordError;
use std::str::FromStr;

/// A `flow` value: up to three options, at most one of each pair.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Flow {
    /// `established` (true) or `not_established` (false).
    pub established: Option<bool>,
    /// `stateless`: packets of any state, looked at on every packet.
    pub stateless: bool,
    /// `to_server`/`from_client` (true) or `to_client`/`from_server` (false).
    pub to_server: Option<bool>,
    /// `only_stream` (true) or `no_stream` (false): reassembled data or single packets,
    /// which a flow description does not tell apart.
    pub stream: Option<bool>,
    /// `only_frag` (true) or `no_frag` (false): fragmented packets, which a flow description
    /// does not have.
    pub fragments: Option<bool>,
}

impl Flow {
    /// Whether a packet matches: its flow's state and its direction.
    pub fn matches(&self, established: bool, to_server: bool) -> bool {
        self.established.is_none_or(|wanted| wanted == established)
            && self.to_server.is_none_or(|wanted| wanted == to_server)
    }

    /// Whether it asks for a connection state (`established`, `not_established`,
    /// `stateless`), not only a direction: that makes a rule a packet rule.
    pub fn asks_state(&self) -> bool {
        self.established.is_some() || self.stateless
    }

    /// The options a flow description cannot decide, as written (`flow:only_stream`).
    pub fn unevaluated(&self) -> Vec<String> {
        let stream = self
            .stream
            .map(|only| if only { "only_stream" } else { "no_stream" });
        let fragments = self
            .fragments
            .map(|only| if only { "only_frag" } else { "no_frag" });
        stream
            .into_iter()
            .chain(fragments)
            .map(|option| format!("flow:{option}"))
            .collect()
    }
}

impl FromStr for Flow {
    type Err = KeywordError;

    /// Parses a value the way Suricata's `DetectFlowParse` (`src/detect-flow.c`) does.
    fn from_str(text: &str) -> Result<Flow, KeywordError> {
        let refuse = |message: String| Err(KeywordError::new("flow", message));
        let options: Vec<&str> = text.split(',').map(str::trim).collect();
        // Its pattern takes one to three comma-separated words of letters and `_`.
        if options.len() > 3 {
            return refuse(format!("flow \"{text}\" has more than three options"));
        }
        let mut flow = Flow::default();
        for option in options {
            let word = |byte: u8| (b'A'..=b'z').contains(&byte) || byte == b'_';
            if option.is_empty() || !option.bytes().all(word) {
                return refuse(format!("invalid flow \"{text}\""));
            }
            // Options are matched regardless of case, and each may be given once; the two
            // of a pair exclude each other.
            let set = |slot: &mut Option<bool>, value: bool| {
                if slot.is_some() {
                    return Err(KeywordError::new(
                        "flow",
                        format!("flow \"{text}\" sets {option} when it is already set"),
                    ));
                }
                *slot = Some(value);
                Ok(())
            };
            match option.to_ascii_lowercase().as_str() {
                "established" => {
                    // `stateless` covers every state, so it excludes `established`.
                    if flow.stateless {
                        return refuse(format!(
                            "flow \"{text}\" is both stateless and established"
                        ));
                    }
                    set(&mut flow.established, true)?;
                }
                // Unlike `established`, Suricata lets `not_established` go with `stateless`.
                "not_established" => set(&mut flow.established, false)?,
                "stateless" => {
                    if flow.stateless || flow.established == Some(true) {
                        return refuse(format!(
                            "flow \"{text}\" sets stateless when it is already set or established"
                        ));
                    }
                    flow.stateless = true;
                }
                "to_server" | "from_client" => set(&mut flow.to_server, true)?,
                "to_client" | "from_server" => set(&mut flow.to_server, false)?,
                "only_stream" => set(&mut flow.stream, true)?,
                "no_stream" => set(&mut flow.stream, false)?,
                "only_frag" => set(&mut flow.fragments, true)?,
                "no_frag" => set(&mut flow.fragments, false)?,
                _ => return refuse(format!("invalid flow option \"{option}\"")),
            }
        }
        Ok(flow)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) -> Result<Flow, String> {
        text.parse::<Flow>().map_err(|error| error.message)
    }

    #[test]
    fn options_and_their_pairs() {
        let flow = check("established, to_server").unwrap();
        assert_eq!((flow.established, flow.to_server), (Some(true), Some(true)));
        assert!(flow.asks_state());
        let flow = check("From_Server").unwrap();
        assert_eq!(flow.to_server, Some(false));
        assert!(!flow.asks_state());
        assert!(check("not_established,stateless").is_ok());
        assert!(check("established,to_server,no_stream").is_ok());
        assert_eq!(
            check("only_stream,only_frag").unwrap().unevaluated(),
            ["flow:only_stream", "flow:only_frag"]
        );
        // Refused as Suricata refuses them.
        assert!(check("established,to_server,no_stream,no_frag").is_err());
        assert!(check("established,not_established").is_err());
        assert!(check("to_server,to_client").is_err());
        assert!(check("to_server,from_client").is_err());
        assert!(check("stateless,established").is_err());
        assert!(check("established,stateless").is_err());
        assert!(check("only_stream,no_stream").is_err());
        assert_eq!(
            check("establish").unwrap_err(),
            "invalid flow option \"establish\""
        );
        assert!(check("established,").is_err());
        assert!(check("").is_err());
        assert!(check("to-server").is_err());
    }

    #[test]
    fn matching_by_state_and_direction() {
        let flow = check("established,to_server").unwrap();
        assert!(flow.matches(true, true));
        assert!(!flow.matches(false, true));
        assert!(!flow.matches(true, false));
        assert!(check("stateless").unwrap().matches(false, false));
    }
}
