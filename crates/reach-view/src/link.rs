//! Shareable links: the scenario (the loaded exports, or which built-in demo) and the question,
//! in the URL fragment, which browsers never send to a server. JSON, deflated, base64url:
//! `#s=<data>`. The decoder takes hostile input: sizes are capped before and after
//! decompression, the version is checked, and every failure is a message, never a panic.
//! Nesting is bounded by serde_json's recursion limit wherever a type is expected, and skipped
//! without recursion where it is not. What a link carries is then checked like any other
//! input: its files by reach-aws (wrapper depth), its question by `Question::validate`.

use crate::analysis::QuestionForm;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde::{Deserialize, Serialize};

/// The link format's version.
pub const VERSION: u32 = 1;
/// The longest fragment the decoder reads (characters).
pub const MAX_LINK: usize = 8 * 1024 * 1024;
/// The most the decoder decompresses (bytes).
pub const MAX_DECOMPRESSED: usize = 64 * 1024 * 1024;
/// Links longer than this are too long to share comfortably.
pub const COMFORTABLE_LINK: usize = 32 * 1024;

/// One file of a shared scenario.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedFile {
    /// Its name.
    pub name: String,
    /// Its text.
    pub text: String,
}

/// What a link holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shared {
    /// The format version.
    pub v: u32,
    /// A built-in demo instead of files: `""` for the seed lab, else a variant id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub demo: Option<String>,
    /// The exports.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<SharedFile>,
    /// The question.
    pub q: SharedQuestion,
}

/// The question's fields, as typed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct SharedQuestion {
    /// Source.
    pub source: String,
    /// Destination.
    pub destination: String,
    /// Protocol.
    pub protocol: String,
    /// Destination port.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub destination_port: String,
    /// Source port.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source_port: String,
    /// Application protocol.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub app_protocol: String,
    /// Server name.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub server_name: String,
    /// ClientHello size.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub client_hello_size: String,
    /// AWS-compatibility mode.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub compat_aws: bool,
}

impl From<&QuestionForm> for SharedQuestion {
    fn from(form: &QuestionForm) -> SharedQuestion {
        SharedQuestion {
            source: form.source.clone(),
            destination: form.destination.clone(),
            protocol: form.protocol.clone(),
            destination_port: form.destination_port.clone(),
            source_port: form.source_port.clone(),
            app_protocol: form.app_protocol.clone(),
            server_name: form.server_name.clone(),
            client_hello_size: form.client_hello_size.clone(),
            compat_aws: form.compat_aws,
        }
    }
}

impl From<&SharedQuestion> for QuestionForm {
    fn from(shared: &SharedQuestion) -> QuestionForm {
        QuestionForm {
            source: shared.source.clone(),
            destination: shared.destination.clone(),
            protocol: if shared.protocol.is_empty() {
                "tcp".to_owned()
            } else {
                shared.protocol.clone()
            },
            destination_port: shared.destination_port.clone(),
            source_port: shared.source_port.clone(),
            app_protocol: shared.app_protocol.clone(),
            server_name: shared.server_name.clone(),
            client_hello_size: shared.client_hello_size.clone(),
            compat_aws: shared.compat_aws,
        }
    }
}

/// Why a link cannot be opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkError {
    /// Longer than the decoder reads.
    TooLong(usize),
    /// Not base64url.
    NotBase64,
    /// Not deflate data, or larger than allowed once decompressed.
    NotDeflate,
    /// Not the JSON of a shared scenario.
    NotAScenario(String),
    /// A version this page does not read.
    Version(u32),
}

impl std::fmt::Display for LinkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LinkError::TooLong(length) => write!(f, "the link is too long ({length} characters; at most {MAX_LINK})"),
            LinkError::NotBase64 => f.write_str("the link is damaged: its data is not base64url (was it cut off or edited?)"),
            LinkError::NotDeflate => write!(f, "the link is damaged: its data does not decompress (or decompresses to more than {} MB)", MAX_DECOMPRESSED / (1024 * 1024)),
            LinkError::NotAScenario(detail) => write!(f, "the link holds no Reach scenario: {detail}"),
            LinkError::Version(version) => write!(f, "the link was made by a newer Reach (format {version}; this page reads {VERSION})"),
        }
    }
}

/// The fragment (without `#`) for a scenario: `s=<data>`.
pub fn encode(shared: &Shared) -> String {
    let json = serde_json::to_vec(shared).expect("a scenario is always JSON");
    let compressed = miniz_oxide::deflate::compress_to_vec(&json, 9);
    format!("s={}", URL_SAFE_NO_PAD.encode(compressed))
}

/// Whether a fragment is a shared scenario (`#s=…`).
pub fn is_link(fragment: &str) -> bool {
    fragment.trim_start_matches('#').starts_with("s=")
}

/// Reads a fragment made by [`encode`] (with or without `#` and `s=`).
pub fn decode(fragment: &str) -> Result<Shared, LinkError> {
    let data = fragment.trim_start_matches('#');
    let data = data.strip_prefix("s=").unwrap_or(data).trim();
    if data.len() > MAX_LINK {
        return Err(LinkError::TooLong(data.len()));
    }
    let compressed = URL_SAFE_NO_PAD
        .decode(data.trim_end_matches('='))
        .map_err(|_| LinkError::NotBase64)?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&compressed, MAX_DECOMPRESSED)
        .map_err(|_| LinkError::NotDeflate)?;
    // The version first, so a newer format is named as such rather than as broken JSON.
    #[derive(Deserialize)]
    struct Versioned {
        v: u32,
    }
    let versioned: Versioned = serde_json::from_slice(&json)
        .map_err(|error| LinkError::NotAScenario(error.to_string()))?;
    if versioned.v != VERSION {
        return Err(LinkError::Version(versioned.v));
    }
    serde_json::from_slice(&json).map_err(|error| LinkError::NotAScenario(error.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sample() -> Shared {
        Shared {
            v: VERSION,
            demo: None,
            files: vec![SharedFile {
                name: "describe-vpcs.json".to_owned(),
                text: "{\"Vpcs\": []}".to_owned(),
            }],
            q: SharedQuestion {
                source: "i-0454c90477e2bf220".to_owned(),
                destination: "93.184.216.34".to_owned(),
                protocol: "tcp".to_owned(),
                destination_port: "443".to_owned(),
                compat_aws: true,
                ..SharedQuestion::default()
            },
        }
    }

    #[test]
    fn round_trip() {
        let shared = sample();
        let fragment = encode(&shared);
        assert!(is_link(&format!("#{fragment}")));
        assert_eq!(decode(&format!("#{fragment}")).unwrap(), shared);
    }

    #[test]
    fn broken_and_foreign_links_say_why() {
        assert_eq!(decode("s=!!!"), Err(LinkError::NotBase64));
        assert_eq!(decode("s=AAAA"), Err(LinkError::NotDeflate));
        let not_json = URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(b"hello", 6));
        assert!(matches!(decode(&not_json), Err(LinkError::NotAScenario(_))));
        let newer =
            URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(br#"{"v": 2}"#, 6));
        assert_eq!(decode(&newer), Err(LinkError::Version(2)));
        // A deflate bomb: small link, huge output, refused.
        let bomb = URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(
            &vec![b' '; MAX_DECOMPRESSED + 1],
            9,
        ));
        assert!(bomb.len() < 200_000);
        assert_eq!(decode(&bomb), Err(LinkError::NotDeflate));
        let long = "A".repeat(MAX_LINK + 1);
        assert_eq!(decode(&long), Err(LinkError::TooLong(MAX_LINK + 1)));
    }

    fn link_of_json(json: &str) -> String {
        URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9))
    }

    /// Nesting where a type is expected stops at serde_json's recursion limit (128); nesting
    /// in a member the page ignores is skipped without recursion. Neither overflows the stack.
    #[test]
    fn deeply_nested_link_json_is_refused_or_skipped() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let in_question = link_of_json(&format!(r#"{{"v": 1, "q": {deep}}}"#));
        assert!(matches!(
            decode(&in_question),
            Err(LinkError::NotAScenario(_))
        ));
        let in_files = link_of_json(&format!(r#"{{"v": 1, "files": [{deep}], "q": {{}}}}"#));
        assert!(matches!(decode(&in_files), Err(LinkError::NotAScenario(_))));
        let ignored = link_of_json(&format!(
            r#"{{"v": 1, "extra": {deep}, "q": {{"source": "a", "destination": "b", "protocol": "tcp"}}}}"#
        ));
        assert_eq!(decode(&ignored).unwrap().q.source, "a");
    }

    /// A link's files are read like any other: Reach's wrappers nested too deep are an error.
    #[test]
    fn a_links_files_meet_the_same_limits() {
        let mut text = String::new();
        for _ in 0..10_000 {
            text.push_str(r#"{"ReachExport": {"Version": 1}, "Output": "#);
        }
        text.push_str(r#"{"Vpcs": []}"#);
        text.push_str(&"}".repeat(10_000));
        let fragment = encode(&Shared {
            files: vec![SharedFile {
                name: "nested.json".to_owned(),
                text,
            }],
            ..sample()
        });
        let mut state = crate::PageState::new();
        state.open_link(&fragment).unwrap();
        let errors = &state.load().errors;
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].to_string().contains("at most 8 deep"),
            "{}",
            errors[0]
        );
    }

    /// A link's question is checked by the core like the CLI's: a ClientHello of 4 GiB, which
    /// would take the walk hours, is a message on its field.
    #[test]
    fn a_links_question_meets_the_same_limits() {
        let asking = |q: SharedQuestion| {
            let fragment = encode(&Shared {
                v: VERSION,
                demo: Some(String::new()),
                files: Vec::new(),
                q: SharedQuestion {
                    source: "i-0454c90477e2bf220".to_owned(),
                    destination: "93.184.216.34".to_owned(),
                    protocol: "tcp".to_owned(),
                    destination_port: "443".to_owned(),
                    app_protocol: "tls".to_owned(),
                    ..q
                },
            });
            let mut state = crate::PageState::new();
            let form = state.open_link(&fragment).unwrap();
            crate::analysis::analyze(&state, &form)
        };
        let errors = asking(SharedQuestion {
            client_hello_size: "4294967295".to_owned(),
            ..SharedQuestion::default()
        })
        .unwrap_err();
        assert_eq!(errors[0].field, "client_hello_size");
        assert!(
            errors[0].message.contains("larger than TLS allows"),
            "{}",
            errors[0].message
        );
        let errors = asking(SharedQuestion {
            server_name: "a".repeat(reach_core::analysis::MAX_SERVER_NAME + 1),
            ..SharedQuestion::default()
        })
        .unwrap_err();
        assert_eq!(errors[0].field, "server_name");
        assert!(asking(SharedQuestion {
            client_hello_size: reach_core::analysis::MAX_CLIENT_HELLO_SIZE.to_string(),
            ..SharedQuestion::default()
        })
        .is_ok());
    }

    proptest! {
        #[test]
        fn decoding_never_panics(text in ".{0,400}") {
            let _ = decode(&text);
        }

        #[test]
        fn decoding_damaged_links_never_panics(cut in 0usize..200, flip in 0usize..200, byte in any::<u8>()) {
            let fragment = encode(&sample());
            let mut bytes = fragment.into_bytes();
            if !bytes.is_empty() {
                let index = flip % bytes.len();
                bytes[index] = byte;
                bytes.truncate(bytes.len().saturating_sub(cut % 8));
            }
            let _ = decode(&String::from_utf8_lossy(&bytes));
        }
    }
}
