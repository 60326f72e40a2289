//! Share links for what the page holds: building them from the loaded files and the question
//! (naming the built-in demo instead of copying it), and opening them. The link format itself
//! is [`crate::link`].

use crate::analysis::QuestionForm;
use crate::link::{self, EncodedScenario, LinkError, SharedFile, SharedQuestion};
use crate::{minimal, PageState};
use reach_aws::InputFile;

impl PageState {
    /// A link to what is loaded and the question (the fragment, without `#`). The built-in demo
    /// and its variants are named, not copied. The scenario part is encoded once per change of
    /// the files, so asking another question only encodes the question.
    pub fn share_link(&self, form: &QuestionForm) -> String {
        let scenario = self.link_scenario(|| match self.demo_source() {
            Some(demo) => EncodedScenario::new(Some(demo), Vec::new()),
            None => EncodedScenario::new(None, shared_files(self.input_files())),
        });
        link::link(scenario, &SharedQuestion::from(form))
    }

    /// A link to the minimal scenario behind the answer to `form`: the loaded exports cut down
    /// to what the answer depends on (see [`minimal`]); the same answer, a shorter link.
    pub fn minimal_share_link(&self, form: &QuestionForm) -> Option<String> {
        let question = form.question().ok()?;
        let files = minimal::minimal_files(self.input_files(), &question, 20_000);
        let scenario = EncodedScenario::new(None, shared_files(&files));
        Some(link::link(&scenario, &SharedQuestion::from(form)))
    }

    /// Whether the link to what is loaded names a built-in demo (short) or carries files.
    pub fn is_demo(&self) -> bool {
        self.demo_source().is_some()
    }

    /// Opens a shared link: loads its scenario and returns its question.
    ///
    /// Nothing changes when the link cannot be read.
    pub fn open_link(&mut self, fragment: &str) -> Result<QuestionForm, LinkError> {
        let shared = link::decode(fragment)?;
        match shared.demo.as_deref() {
            Some("") => self.load_demo(),
            Some(id) => {
                if !self.load_demo_variant(id) {
                    return Err(LinkError::NotAScenario(format!(
                        "it names demo variant {id}, which this page does not have"
                    )));
                }
            }
            None => {
                let files = shared
                    .files
                    .iter()
                    .map(|file| Ok(InputFile::new(file.name.clone(), file.bytes()?)))
                    .collect::<Result<_, LinkError>>()?;
                self.replace_all(files, None);
            }
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

fn shared_files(files: &[InputFile]) -> Vec<SharedFile> {
    files
        .iter()
        .map(|file| SharedFile::from_bytes(file.name.clone(), &file.bytes))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis;
    use crate::fixtures::{page, utf16, SUBNETS, VPCS};

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

    /// The part of a link that holds the scenario.
    fn scenario_part(fragment: &str) -> &str {
        fragment
            .split_once("&q=")
            .map_or(fragment, |(scenario, _)| scenario)
    }

    #[test]
    fn the_scenario_is_encoded_once_per_change_of_the_files() {
        let ask = |port: &str| QuestionForm {
            source: "10.0.1.10".to_owned(),
            destination: "10.0.2.10".to_owned(),
            destination_port: port.to_owned(),
            ..QuestionForm::default()
        };
        let mut state = page(&[("describe-vpcs.json", VPCS)]);
        assert!(!state.has_link_scenario());
        let first = state.share_link(&ask("443"));
        assert!(state.has_link_scenario());
        let second = state.share_link(&ask("80"));
        assert_eq!(scenario_part(&first), scenario_part(&second));
        assert_ne!(first, second);

        // Every kind of change makes it again, for the files as they now are.
        let changes: [&dyn Fn(&mut PageState); 5] = [
            &|state| state.add_files(vec![InputFile::new("describe-subnets.json", SUBNETS)]),
            &|state| assert_eq!(state.paste(SUBNETS).len(), 1),
            &|state| assert!(state.remove_file("describe-vpcs.json")),
            &|state| state.load_demo(),
            &|state| state.clear(),
        ];
        for change in changes {
            let before = state.share_link(&ask("443"));
            change(&mut state);
            assert!(!state.has_link_scenario());
            let after = state.share_link(&ask("443"));
            assert_ne!(scenario_part(&before), scenario_part(&after));
            let mut opened = PageState::new();
            opened.open_link(&after).unwrap();
            assert_eq!(opened.input_files(), state.input_files());
        }
    }

    #[test]
    fn utf16_exports_survive_a_link() {
        let mut state = PageState::new();
        state.add_files(vec![
            InputFile::new("describe-vpcs.json", utf16(VPCS, false)),
            InputFile::new("describe-subnets.json", utf16(SUBNETS, true)),
        ]);
        assert_eq!(state.errors(), Vec::<String>::new());
        assert_eq!(
            (state.count("vpcs"), state.count("subnets")),
            (Some(1), Some(2))
        );
        let form = QuestionForm {
            source: "10.0.1.10".to_owned(),
            destination: "10.0.2.10".to_owned(),
            ..QuestionForm::default()
        };
        let fragment = state.share_link(&form);
        let mut opened = PageState::new();
        assert_eq!(opened.open_link(&fragment).unwrap(), form);
        assert_eq!(opened.input_files(), state.input_files());
        assert_eq!(opened.files(), state.files());
        assert_eq!(opened.errors(), Vec::<String>::new());
        assert_eq!(
            (opened.count("vpcs"), opened.count("subnets")),
            (Some(1), Some(2))
        );

        // Bytes that are no text at all travel too, and give the same error once opened.
        state.add_files(vec![InputFile::new("broken.json", vec![0xFF, 0x00, 0x80])]);
        let mut opened = PageState::new();
        opened.open_link(&state.share_link(&form)).unwrap();
        assert_eq!(opened.input_files(), state.input_files());
        assert_eq!(opened.errors().len(), 1);
        assert_eq!(opened.errors(), state.errors());
    }
}
