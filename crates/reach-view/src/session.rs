//! The page's state behind a message boundary. In the browser, [`PageState`] lives in a Web
//! Worker, so that importing a large snapshot (about a second for 40 MB) or analysing never
//! blocks the page: the page sends a [`Request`], the worker applies it and sends back a
//! [`Reply`] holding the rows to render. Both are plain data, serialised as JSON between the two
//! threads; the loaded model never crosses, since only the worker needs it. File contents travel
//! beside the JSON, as transferred buffers.

use reach_aws::InputFile;
use serde::{Deserialize, Serialize};

use crate::analysis::{self, AnswerView, EndpointOption, FieldError, QuestionForm};
use crate::{CountGroup, DiagnosticRow, FileRow, IgnoredRow, Opened, PageState, VpcSummary};

/// What the page asks of the state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Request {
    /// Add files (a file with a loaded name replaces it); their bytes come beside the request,
    /// in the same order as the names.
    AddFiles {
        /// The names to list them under.
        names: Vec<String>,
    },
    /// Add pasted text (see [`PageState::paste`]).
    Paste {
        /// The text as pasted.
        text: String,
    },
    /// Remove one file.
    RemoveFile {
        /// Its name.
        name: String,
    },
    /// Remove every file.
    Clear,
    /// Load the seed-lab demo.
    LoadDemo,
    /// Load one variant of the demo.
    LoadVariant {
        /// Its id.
        id: String,
    },
    /// Open what a `#demo…` fragment names.
    OpenFragment {
        /// The fragment.
        fragment: String,
    },
    /// Open a shared link (`#s=…`).
    OpenLink {
        /// The fragment.
        fragment: String,
    },
    /// Answer the form's question.
    Analyze {
        /// The form as typed.
        form: QuestionForm,
    },
    /// A link to the minimal scenario behind the form's answer.
    MinimalLink {
        /// The form as typed.
        form: QuestionForm,
    },
    /// The inventory as pretty JSON, identical to `reach inventory --format json`.
    InventoryJson,
}

/// The state's answer to one request.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Reply {
    /// The rows to render, when the request changed what is loaded.
    pub page: Option<PageView>,
    /// What came of the request.
    pub outcome: Outcome,
}

/// What came of a request.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Outcome {
    /// Files were added, removed, cleared or replaced by the demo.
    Changed,
    /// The request could not be carried out, and nothing changed: why.
    Refused(String),
    /// Pasted text was added under these names (none when the text was blank).
    Pasted(Vec<String>),
    /// A file was removed (`false`: there was no file by that name).
    Removed(bool),
    /// A demo variant was loaded (`false`: there is no such variant, nothing changed).
    Variant(bool),
    /// What a `#demo…` fragment opened.
    Opened(Opened),
    /// A shared link was opened: its question, or why it could not be. Boxed: the form is
    /// larger than every other outcome.
    Link(Result<Box<QuestionForm>, String>),
    /// The answer to the form's question, with the link to it (the fragment, without `#`).
    Answer(Result<(Box<AnswerView>, String), Vec<FieldError>>),
    /// The minimal scenario's link; `None` when the form does not hold a question.
    MinimalLink(Option<String>),
    /// The inventory as JSON.
    InventoryJson(String),
}

/// Everything the page renders about what is loaded.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageView {
    /// The loaded files.
    pub files: Vec<FileRow>,
    /// The counts table, in parts.
    pub count_groups: Vec<CountGroup>,
    /// The VPCs.
    pub vpcs: Vec<VpcSummary>,
    /// What the data leaves open.
    pub diagnostics: Vec<DiagnosticRow>,
    /// Errors, as lines.
    pub errors: Vec<String>,
    /// What was read but not used.
    pub ignored: Vec<IgnoredRow>,
    /// What the source and destination pickers offer.
    pub endpoints: Vec<EndpointOption>,
    /// The demo variant the files came from.
    pub variant: Option<String>,
    /// Whether a link to what is loaded names a built-in demo.
    pub is_demo: bool,
}

impl PageState {
    /// The rows the page renders.
    pub fn view(&self) -> PageView {
        PageView {
            files: self.files(),
            count_groups: self.count_groups(),
            vpcs: self.vpcs(),
            diagnostics: self.diagnostics(),
            errors: self.errors(),
            ignored: self.ignored(),
            endpoints: analysis::endpoint_options(self),
            variant: self.variant().map(str::to_owned),
            is_demo: self.is_demo(),
        }
    }

    /// Carries out one request. `bytes` are the contents of the files an
    /// [`Request::AddFiles`] names, in its order; `read_so_far(read, of)` is called as files
    /// are read, for a progress bar.
    pub fn handle(
        &mut self,
        request: Request,
        bytes: Vec<Vec<u8>>,
        read_so_far: &mut dyn FnMut(usize, usize),
    ) -> Reply {
        let outcome = match request {
            Request::AddFiles { names } => {
                if names.len() != bytes.len() {
                    return unchanged(Outcome::Refused(format!(
                        "{} file names came with {} file contents",
                        names.len(),
                        bytes.len()
                    )));
                }
                let files = names
                    .into_iter()
                    .zip(bytes)
                    .map(|(name, bytes)| InputFile { name, bytes })
                    .collect();
                self.add_files_with_progress(files, read_so_far);
                Outcome::Changed
            }
            Request::Paste { text } => {
                let names = self.paste(&text);
                if names.is_empty() {
                    return unchanged(Outcome::Pasted(names));
                }
                Outcome::Pasted(names)
            }
            Request::RemoveFile { name } => {
                if !self.remove_file(&name) {
                    return unchanged(Outcome::Removed(false));
                }
                Outcome::Removed(true)
            }
            Request::Clear => {
                self.clear();
                Outcome::Changed
            }
            Request::LoadDemo => {
                self.load_demo();
                Outcome::Changed
            }
            Request::LoadVariant { id } => {
                if !self.load_demo_variant(&id) {
                    return unchanged(Outcome::Variant(false));
                }
                Outcome::Variant(true)
            }
            Request::OpenFragment { fragment } => match self.open_fragment(&fragment) {
                opened @ (Opened::Demo | Opened::Variant(_)) => Outcome::Opened(opened),
                opened => return unchanged(Outcome::Opened(opened)),
            },
            Request::OpenLink { fragment } => match self.open_link(&fragment) {
                Ok(form) => Outcome::Link(Ok(Box::new(form))),
                Err(error) => return unchanged(Outcome::Link(Err(error.to_string()))),
            },
            Request::Analyze { form } => {
                let answer = analysis::analyze(self, &form)
                    .map(|view| (Box::new(view), self.share_link(&form)));
                return unchanged(Outcome::Answer(answer));
            }
            Request::MinimalLink { form } => {
                return unchanged(Outcome::MinimalLink(self.minimal_share_link(&form)))
            }
            Request::InventoryJson => {
                return unchanged(Outcome::InventoryJson(self.inventory_json_pretty()))
            }
        };
        Reply {
            page: Some(self.view()),
            outcome,
        }
    }
}

fn unchanged(outcome: Outcome) -> Reply {
    Reply {
        page: None,
        outcome,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every request and reply goes through JSON, as between the page and its worker.
    fn send(state: &mut PageState, request: Request, bytes: Vec<Vec<u8>>) -> Reply {
        let request: Request =
            serde_json::from_str(&serde_json::to_string(&request).unwrap()).unwrap();
        let reply = state.handle(request, bytes, &mut |_, _| {});
        serde_json::from_str(&serde_json::to_string(&reply).unwrap()).unwrap()
    }

    #[test]
    fn changes_come_back_with_the_rows_to_render() {
        let mut state = PageState::new();
        let reply = send(&mut state, Request::LoadDemo, Vec::new());
        let page = reply.page.expect("the demo changes what is loaded");
        assert_eq!(page, state.view());
        assert!(page.is_demo);
        assert!(page.files.len() > 5);
        assert!(page
            .endpoints
            .iter()
            .any(|option| option.label.contains("lab-client-1")));

        // Asking changes nothing, so no rows come back.
        let form = QuestionForm::from_flags(
            "--source i-0454c90477e2bf220 --destination-ip 93.184.216.34 --destination-port 80",
        );
        let reply = send(
            &mut state,
            Request::Analyze { form: form.clone() },
            Vec::new(),
        );
        assert!(reply.page.is_none());
        let Outcome::Answer(Ok((answer, link))) = reply.outcome else {
            panic!("an answer: {:?}", reply.outcome);
        };
        assert_eq!(
            answer.json,
            analysis::analyze(&state, &form).unwrap().json,
            "the answer survives the trip through JSON"
        );
        assert_eq!(link, state.share_link(&form));

        // The link opens in another state to the same question.
        let mut other = PageState::new();
        let reply = send(&mut other, Request::OpenLink { fragment: link }, Vec::new());
        assert!(matches!(reply.outcome, Outcome::Link(Ok(ref opened)) if **opened == form));
        assert_eq!(reply.page.unwrap(), page);
    }

    #[test]
    fn added_files_pair_names_with_contents_and_report_progress() {
        let mut state = PageState::new();
        let names = vec!["a.json".to_owned(), "b.json".to_owned()];
        let bytes = vec![br#"{"Vpcs": []}"#.to_vec(), b"not json".to_vec()];
        let mut seen = Vec::new();
        let reply = state.handle(Request::AddFiles { names }, bytes, &mut |read, of| {
            seen.push((read, of))
        });
        assert_eq!(seen, [(1, 2), (2, 2)]);
        let page = reply.page.unwrap();
        assert_eq!(page.files.len(), 2);
        assert_eq!(page.errors.len(), 1, "{:?}", page.errors);
        assert!(page.errors[0].contains("b.json"), "{:?}", page.errors);

        // Names without their contents change nothing and say so.
        let reply = send(
            &mut state,
            Request::AddFiles {
                names: vec!["c.json".to_owned()],
            },
            Vec::new(),
        );
        assert!(reply.page.is_none());
        assert!(matches!(reply.outcome, Outcome::Refused(ref why) if why.contains("1 file names")));
        assert_eq!(state.view().files.len(), 2);
    }

    #[test]
    fn what_cannot_be_done_changes_nothing() {
        let mut state = PageState::new();
        for (request, expected) in [
            (
                Request::LoadVariant {
                    id: "no-such".to_owned(),
                },
                "Variant(false)",
            ),
            (
                Request::RemoveFile {
                    name: "x.json".to_owned(),
                },
                "Removed(false)",
            ),
            (
                Request::Paste {
                    text: "  ".to_owned(),
                },
                "Pasted([])",
            ),
            (
                Request::OpenFragment {
                    fragment: "#demo=no-such".to_owned(),
                },
                "Opened(UnknownVariant(\"no-such\"))",
            ),
        ] {
            let reply = send(&mut state, request, Vec::new());
            assert!(reply.page.is_none());
            assert_eq!(format!("{:?}", reply.outcome), expected);
        }
        let reply = send(
            &mut state,
            Request::OpenLink {
                fragment: "#s=not-a-link".to_owned(),
            },
            Vec::new(),
        );
        assert!(matches!(reply.outcome, Outcome::Link(Err(_))));
        assert!(reply.page.is_none());
    }
}
