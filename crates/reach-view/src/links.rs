//! Share links for what the page holds: building them from the loaded files and the question
//! (naming the built-in demo instead of copying it), and opening them. The link format itself
//! is [`crate::link`].

use crate::analysis::QuestionForm;
use crate::{link, minimal, PageState};
use reach_aws::InputFile;

impl PageState {
    /// A link to what is loaded and the question (the fragment, without `#`). The built-in demo
    /// and its variants are named, not copied.
    pub fn share_link(&self, form: &QuestionForm) -> String {
        let demo = self.demo_source();
        let files = if demo.is_some() {
            Vec::new()
        } else {
            self.input_files()
                .iter()
                .map(|file| link::SharedFile {
                    name: file.name.clone(),
                    text: String::from_utf8_lossy(&file.bytes).into_owned(),
                })
                .collect()
        };
        link::encode(&link::Shared {
            v: link::VERSION,
            demo,
            files,
            q: link::SharedQuestion::from(form),
        })
    }

    /// A link to the minimal scenario behind the answer to `form`: the loaded exports cut down
    /// to what the answer depends on (see [`minimal`]); the same answer, a shorter link.
    pub fn minimal_share_link(&self, form: &QuestionForm) -> Option<String> {
        let question = form.question().ok()?;
        let files = minimal::minimal_files(self.input_files(), &question, 20_000);
        Some(link::encode(&link::Shared {
            v: link::VERSION,
            demo: None,
            files: files
                .iter()
                .map(|file| link::SharedFile {
                    name: file.name.clone(),
                    text: String::from_utf8_lossy(&file.bytes).into_owned(),
                })
                .collect(),
            q: link::SharedQuestion::from(form),
        }))
    }

    /// Whether the link to what is loaded names a built-in demo (short) or carries files.
    pub fn is_demo(&self) -> bool {
        self.demo_source().is_some()
    }

    /// Opens a shared link: loads its scenario and returns its question.
    pub fn open_link(&mut self, fragment: &str) -> Result<QuestionForm, link::LinkError> {
        let shared = link::decode(fragment)?;
        match shared.demo.as_deref() {
            Some("") => self.load_demo(),
            Some(id) => {
                if !self.load_demo_variant(id) {
                    return Err(link::LinkError::NotAScenario(format!(
                        "it names demo variant {id}, which this page does not have"
                    )));
                }
            }
            None => self.replace_all(
                shared
                    .files
                    .iter()
                    .map(|file| InputFile::new(file.name.clone(), file.text.as_bytes()))
                    .collect(),
                None,
            ),
        }
        Ok(QuestionForm::from(&shared.q))
    }

    /// Which built-in demo the files are, unchanged: `""` for the seed lab, else the variant.
    fn demo_source(&self) -> Option<String> {
        let same = |files: Vec<InputFile>| {
            files.len() == self.input_files().len()
                && files
                    .iter()
                    .all(|file| self.input_files().iter().any(|loaded| loaded == file))
        };
        if let Some(variant) = self.variant() {
            if reach_core::demo::seed_lab_variant(variant).is_some_and(same) {
                return Some(variant.to_owned());
            }
        }
        same(reach_core::demo::seed_lab()).then(String::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis;

    #[test]
    fn share_links_name_the_demo_and_carry_files() {
        let form = analysis::QuestionForm {
            source: "i-0454c90477e2bf220".to_owned(),
            destination: "93.184.216.34".to_owned(),
            destination_port: "443".to_owned(),
            ..analysis::QuestionForm::default()
        };
        let mut state = PageState::new();
        assert!(state.load_demo_variant("10-tls-pass-drop-established-tcp-443"));
        let fragment = state.share_link(&form);
        assert!(fragment.len() <= 6 * 1024, "{} characters", fragment.len());
        let mut opened = PageState::new();
        assert_eq!(opened.open_link(&fragment).unwrap(), form);
        assert_eq!(
            opened.variant(),
            Some("10-tls-pass-drop-established-tcp-443")
        );
        let answer = |state: &PageState| analysis::analyze(state, &form).unwrap().json;
        assert_eq!(answer(&opened), answer(&state));
        // Edited files travel in the link, and give the same answer.
        state.remove_file("describe-vpn-gateways.json");
        let fragment = state.share_link(&form);
        let mut opened = PageState::new();
        opened.open_link(&fragment).unwrap();
        assert_eq!(opened.files().len(), state.files().len());
        assert_eq!(answer(&opened), answer(&state));
        assert!(PageState::new().open_link("s=garbage").is_err());
        // The minimal scenario: a much shorter link, the identical answer.
        let minimal = state.minimal_share_link(&form).unwrap();
        assert!(
            minimal.len() * 2 < fragment.len(),
            "{} vs {}",
            minimal.len(),
            fragment.len()
        );
        let mut opened = PageState::new();
        opened.open_link(&minimal).unwrap();
        assert_eq!(answer(&opened), answer(&state));
    }
}
