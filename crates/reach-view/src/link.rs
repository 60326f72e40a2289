//! Shareable links: the scenario (the loaded exports, or which built-in demo) and the question,
//! in the URL fragment, which browsers never send to a server.
//!
//! Format 2, what [`link`] writes: `s=<scenario>&q=<question>`. The scenario is JSON (the
//! format version, and the demo's name or the files), deflated, in base64url; the question is
//! the JSON of a [`SharedQuestion`] in base64url. They are apart so that the scenario, which can
//! be megabytes, is compressed once per loaded snapshot ([`EncodedScenario`]) while each
//! question only adds its own short part.
//! Format 1 (`s=<data>`: one deflated JSON [`Shared`] holding both) is still read, so that links
//! shared before keep opening.
//!
//! A file travels as text wherever that loses nothing: UTF-8 as it is, UTF-16 with a byte-order
//! mark (what Windows PowerShell's `>` writes) decoded, with its encoding named so that the
//! exact bytes come back; anything else as base64 of its bytes. So an opened link loads the same
//! bytes, and gives the same answer and the same errors.
//!
//! The decoder takes hostile input: sizes are capped before and after decompression, the
//! version is checked, and every failure is a message, never a panic. Nesting is bounded by
//! serde_json's recursion limit wherever a type is expected, and skipped without recursion where
//! it is not. What a link carries is then checked like any other input: its files by reach-aws
//! (wrapper depth), its question by `Question::validate`.

use crate::analysis::QuestionForm;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde::{Deserialize, Serialize};

/// The link format's version, as [`link`] writes it.
pub const VERSION: u32 = 2;
/// The longest fragment the decoder reads (characters).
pub const MAX_LINK: usize = 8 * 1024 * 1024;
/// The most the decoder decompresses (bytes).
pub const MAX_DECOMPRESSED: usize = 64 * 1024 * 1024;
/// Links longer than this are too long to share comfortably.
pub const COMFORTABLE_LINK: usize = 32 * 1024;

/// The deflate level: miniz's default. On a 42 MB synthetic export, level 9 takes twice as
/// long for a result only 3% smaller.
const DEFLATE_LEVEL: u8 = 6;

/// One file of a shared scenario.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedFile {
    /// Its name.
    pub name: String,
    /// Its content: as text, or base64 of its bytes, as `encoding` says.
    pub text: String,
    /// How `text` turns back into the file's bytes; UTF-8 when absent (as in every format-1 link).
    #[serde(default, skip_serializing_if = "FileEncoding::is_utf8")]
    pub encoding: FileEncoding,
}

/// How a [`SharedFile`]'s text turns back into the bytes that were loaded.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileEncoding {
    /// The text is the file.
    #[default]
    #[serde(rename = "utf-8")]
    Utf8,
    /// The file is the text in UTF-16, little-endian, after the byte-order mark `FF FE`.
    #[serde(rename = "utf-16le")]
    Utf16Le,
    /// The file is the text in UTF-16, big-endian, after the byte-order mark `FE FF`.
    #[serde(rename = "utf-16be")]
    Utf16Be,
    /// The text is the file's bytes in base64url: they are not text in any encoding above.
    #[serde(rename = "base64")]
    Base64,
}

impl FileEncoding {
    fn is_utf8(&self) -> bool {
        *self == FileEncoding::Utf8
    }
}

impl SharedFile {
    /// A loaded file for a link, as text wherever that gives back exactly these bytes.
    pub fn from_bytes(name: impl Into<String>, bytes: &[u8]) -> SharedFile {
        let (text, encoding) = match std::str::from_utf8(bytes) {
            Ok(text) => (text.to_owned(), FileEncoding::Utf8),
            Err(_) => utf16_text(bytes)
                .unwrap_or_else(|| (URL_SAFE_NO_PAD.encode(bytes), FileEncoding::Base64)),
        };
        SharedFile {
            name: name.into(),
            text,
            encoding,
        }
    }

    /// The file's bytes, exactly as they were loaded.
    pub fn bytes(&self) -> Result<Vec<u8>, LinkError> {
        let utf16 = |mark: [u8; 2], unit: fn(u16) -> [u8; 2]| -> Vec<u8> {
            mark.into_iter()
                .chain(self.text.encode_utf16().flat_map(unit))
                .collect()
        };
        match self.encoding {
            FileEncoding::Utf8 => Ok(self.text.as_bytes().to_vec()),
            FileEncoding::Utf16Le => Ok(utf16([0xFF, 0xFE], u16::to_le_bytes)),
            FileEncoding::Utf16Be => Ok(utf16([0xFE, 0xFF], u16::to_be_bytes)),
            FileEncoding::Base64 => URL_SAFE_NO_PAD.decode(&self.text).map_err(|_| {
                LinkError::NotAScenario(format!("the content of {} is not base64url", self.name))
            }),
        }
    }
}

/// UTF-16 with a byte-order mark, decoded without the mark; `None` unless encoding the text
/// again gives back the same bytes (an odd length or an unpaired surrogate would not).
fn utf16_text(bytes: &[u8]) -> Option<(String, FileEncoding)> {
    let (encoding, body) = match bytes {
        [0xFF, 0xFE, body @ ..] => (FileEncoding::Utf16Le, body),
        [0xFE, 0xFF, body @ ..] => (FileEncoding::Utf16Be, body),
        _ => return None,
    };
    if !body.len().is_multiple_of(2) {
        return None;
    }
    let units = body.chunks_exact(2).map(|pair| match encoding {
        FileEncoding::Utf16Be => u16::from_be_bytes([pair[0], pair[1]]),
        _ => u16::from_le_bytes([pair[0], pair[1]]),
    });
    let text = char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .ok()?;
    Some((text, encoding))
}

/// What a link holds, whatever its format.
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

/// The scenario part of a format-2 link: what is loaded, without the question.
#[derive(Serialize, Deserialize)]
struct Scenario {
    /// The format version.
    pub v: u32,
    /// A built-in demo instead of files: `""` for the seed lab, else a variant id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub demo: Option<String>,
    /// The exports.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<SharedFile>,
}

/// The scenario part of a link, deflated and in base64url: the costly part of a link, made once and reused
/// for every question asked of the same files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncodedScenario(String);

impl EncodedScenario {
    /// Encodes a scenario: a built-in demo (`""` for the seed lab, else a variant id), or files.
    pub fn new(demo: Option<String>, files: Vec<SharedFile>) -> EncodedScenario {
        let scenario = Scenario {
            v: VERSION,
            demo,
            files,
        };
        let json = serde_json::to_vec(&scenario).expect("a scenario is always JSON");
        let compressed = miniz_oxide::deflate::compress_to_vec(&json, DEFLATE_LEVEL);
        EncodedScenario(URL_SAFE_NO_PAD.encode(compressed))
    }
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
    /// ICMP type.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub icmp_type: String,
    /// ICMP code.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub icmp_code: String,
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
            icmp_type: form.icmp_type.clone(),
            icmp_code: form.icmp_code.clone(),
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
            icmp_type: shared.icmp_type.clone(),
            icmp_code: shared.icmp_code.clone(),
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

/// The fragment (without `#`) for a scenario and a question: `s=<scenario>&q=<question>`.
pub fn link(scenario: &EncodedScenario, question: &SharedQuestion) -> String {
    let question = serde_json::to_vec(question).expect("a question is always JSON");
    format!("s={}&q={}", scenario.0, URL_SAFE_NO_PAD.encode(question))
}

/// The fragment for everything a link holds, encoded from scratch (see [`link`] to reuse the
/// scenario's encoding).
pub fn encode(shared: &Shared) -> String {
    let scenario = EncodedScenario::new(shared.demo.clone(), shared.files.clone());
    link(&scenario, &shared.q)
}

/// Whether a fragment is a shared scenario (`#s=…`).
pub fn is_link(fragment: &str) -> bool {
    fragment.trim_start_matches('#').starts_with("s=")
}

/// Reads a fragment made by [`link`] or [`encode`], or a format-1 link (with or without `#`
/// and `s=`).
pub fn decode(fragment: &str) -> Result<Shared, LinkError> {
    let data = fragment.trim_start_matches('#');
    let data = data.strip_prefix("s=").unwrap_or(data).trim();
    if data.len() > MAX_LINK {
        return Err(LinkError::TooLong(data.len()));
    }
    let (scenario, question) = match data.split_once("&q=") {
        Some((scenario, question)) => (scenario, Some(question)),
        None => (data, None),
    };
    let compressed = base64url(scenario)?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&compressed, MAX_DECOMPRESSED)
        .map_err(|_| LinkError::NotDeflate)?;
    // The version first, so a newer format is named as such rather than as broken JSON.
    #[derive(Deserialize)]
    struct Versioned {
        v: u32,
    }
    let versioned: Versioned = serde_json::from_slice(&json).map_err(not_a_scenario)?;
    match versioned.v {
        // Format 1 holds the question inside; a question part beside it was not written by Reach.
        1 => serde_json::from_slice(&json).map_err(not_a_scenario),
        VERSION => {
            let scenario: Scenario = serde_json::from_slice(&json).map_err(not_a_scenario)?;
            let Some(question) = question else {
                return Err(LinkError::NotAScenario(
                    "it has no question (was it cut off?)".to_owned(),
                ));
            };
            let q = serde_json::from_slice(&base64url(question)?).map_err(not_a_scenario)?;
            Ok(Shared {
                v: scenario.v,
                demo: scenario.demo,
                files: scenario.files,
                q,
            })
        }
        newer => Err(LinkError::Version(newer)),
    }
}

fn base64url(data: &str) -> Result<Vec<u8>, LinkError> {
    URL_SAFE_NO_PAD
        .decode(data.trim_end_matches('='))
        .map_err(|_| LinkError::NotBase64)
}

fn not_a_scenario(error: serde_json::Error) -> LinkError {
    LinkError::NotAScenario(error.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::utf16;
    use proptest::prelude::*;

    fn sample() -> Shared {
        Shared {
            v: VERSION,
            demo: None,
            files: vec![SharedFile::from_bytes(
                "describe-vpcs.json",
                b"{\"Vpcs\": []}",
            )],
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
            URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(br#"{"v": 3}"#, 6));
        assert_eq!(decode(&newer), Err(LinkError::Version(3)));
        // A format-2 scenario needs its question part, and that part must be base64url JSON.
        let fragment = encode(&sample());
        let (scenario, _) = fragment.split_once("&q=").unwrap();
        assert!(
            matches!(decode(scenario), Err(LinkError::NotAScenario(why)) if why.contains("no question"))
        );
        assert_eq!(
            decode(&format!("{scenario}&q=!!!")),
            Err(LinkError::NotBase64)
        );
        assert!(matches!(
            decode(&format!("{scenario}&q={}", URL_SAFE_NO_PAD.encode("[1]"))),
            Err(LinkError::NotAScenario(_))
        ));
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
            files: vec![SharedFile::from_bytes("nested.json", text.as_bytes())],
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

    #[test]
    fn format_1_links_still_open() {
        let json = br#"{"v":1,"files":[{"name":"describe-vpcs.json","text":"{\"Vpcs\": []}"}],
            "q":{"source":"i-0454c90477e2bf220","destination":"93.184.216.34","protocol":"tcp",
            "destination_port":"443","compat_aws":true}}"#;
        let fragment = format!(
            "s={}",
            URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(json, 9))
        );
        assert_eq!(decode(&fragment).unwrap(), Shared { v: 1, ..sample() });
    }

    #[test]
    fn the_scenario_part_does_not_depend_on_the_question() {
        let scenario = EncodedScenario::new(None, sample().files);
        let first = link(&scenario, &sample().q);
        let other_question = SharedQuestion {
            destination_port: "80".to_owned(),
            ..sample().q
        };
        let second = link(&scenario, &other_question);
        let part = |fragment: &str| fragment.split_once("&q=").unwrap().0.to_owned();
        assert_eq!(part(&first), part(&second));
        assert_eq!(decode(&second).unwrap().q, other_question);
    }

    /// Checks that `bytes` travel as `encoding` and come back unchanged.
    fn check_bytes(bytes: &[u8], encoding: FileEncoding) {
        let file = SharedFile::from_bytes("f.json", bytes);
        assert_eq!(file.encoding, encoding, "{bytes:02x?}");
        assert_eq!(file.bytes().unwrap(), bytes, "{bytes:02x?}");
    }

    #[test]
    fn files_keep_their_bytes() {
        let text = r#"{"Vpcs": [{"Tags": [{"Key": "Name", "Value": "café 🚀"}]}]}"#;
        check_bytes(text.as_bytes(), FileEncoding::Utf8);
        check_bytes(b"", FileEncoding::Utf8);
        check_bytes(b"\xEF\xBB\xBF{}", FileEncoding::Utf8);
        check_bytes(&utf16(text, false), FileEncoding::Utf16Le);
        check_bytes(&utf16(text, true), FileEncoding::Utf16Be);
        check_bytes(&[0xFF, 0xFE], FileEncoding::Utf16Le);
        // Not text in any encoding a link names: the bytes themselves.
        let mut odd = utf16(text, false);
        odd.pop();
        check_bytes(&odd, FileEncoding::Base64);
        check_bytes(&[0xFF, 0xFE, 0x00, 0xD8, b'{', 0x00], FileEncoding::Base64);
        check_bytes(&[0x80, 0x00, 0xFF], FileEncoding::Base64);
        // UTF-8 files are written as before: no `encoding` key.
        let json = serde_json::to_string(&SharedFile::from_bytes("f.json", b"{}")).unwrap();
        assert_eq!(json, r#"{"name":"f.json","text":"{}"}"#);
        let broken = SharedFile {
            encoding: FileEncoding::Base64,
            ..SharedFile::from_bytes("f.json", b"{}")
        };
        assert!(
            matches!(broken.bytes(), Err(LinkError::NotAScenario(why)) if why.contains("f.json"))
        );
    }

    proptest! {
        #[test]
        fn any_bytes_survive_a_link(mark in 0usize..3, body in proptest::collection::vec(any::<u8>(), 0..64)) {
            let marks: [&[u8]; 3] = [b"", &[0xFF, 0xFE], &[0xFE, 0xFF]];
            let bytes = [marks[mark], &body].concat();
            let file = SharedFile::from_bytes("f.json", &bytes);
            prop_assert_eq!(file.bytes().unwrap(), bytes);
        }

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
