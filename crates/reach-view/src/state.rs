//! [`PageState`]: the files the page holds and the load made from them. This module alone
//! changes the files; the other modules read them (`files`, `inventory`, `links`) or replace them
//! all at once through [`PageState::replace_all`] (`demo`, `links`).

use crate::link::EncodedScenario;
use reach_aws::InputFile;
use reach_core::{Inventory, Load};
use std::cell::OnceCell;

/// Everything the page shows: the loaded files and what Reach made of them.
pub struct PageState {
    /// In the order they were first added; a file added again under the same name keeps its place.
    files: Vec<InputFile>,
    load: Load,
    /// Computed with `load`, so that each render does not recount.
    inventory: Inventory,
    /// The number of the last `pasted-N.json`, so that a later paste never reuses a name
    /// (reusing it would silently replace the earlier paste).
    last_paste: usize,
    /// The demo variant last loaded, until something else replaces the files.
    variant: Option<&'static str>,
    /// The scenario part of share links, made by `links` on first use after the files change:
    /// deflating a large export takes long, and every question asked of the same files would
    /// otherwise do it again.
    link_scenario: OnceCell<EncodedScenario>,
}

impl PageState {
    /// A page with nothing loaded.
    pub fn new() -> PageState {
        let load = reach_core::load(&[]);
        let inventory = reach_core::inventory(&load);
        PageState {
            files: Vec::new(),
            load,
            inventory,
            last_paste: 0,
            variant: None,
            link_scenario: OnceCell::new(),
        }
    }

    /// Adds files; a file with the same name as a loaded one replaces it.
    pub fn add_files(&mut self, files: Vec<InputFile>) {
        self.add_files_with_progress(files, &mut |_, _| {});
    }

    /// [`PageState::add_files`], calling `read_so_far(read, of)` as files are read: every
    /// loaded file is read again, so `of` counts them all, not only the new ones.
    pub fn add_files_with_progress(
        &mut self,
        files: Vec<InputFile>,
        read_so_far: &mut dyn FnMut(usize, usize),
    ) {
        for file in files {
            self.insert(file);
        }
        let of = self.files.len();
        let load = reach_core::load_with_progress(&self.files, &mut |read| read_so_far(read, of));
        self.loaded(load);
    }

    /// Adds pasted text and returns the names it was added under.
    ///
    /// The text may hold several JSON documents one after another (as copying a few terminal
    /// outputs gives); each becomes its own file, `pasted-1.json`, `pasted-2.json`, … Text that
    /// is not JSON is still added, as one file, so that the error about it is listed like any
    /// other. Blank text adds nothing.
    pub fn paste(&mut self, text: &str) -> Vec<String> {
        let mut names = Vec::new();
        for document in split_documents(text) {
            let name = self.next_paste_name();
            self.insert(InputFile::new(name.clone(), document.as_bytes()));
            names.push(name);
        }
        if !names.is_empty() {
            self.reload();
        }
        names
    }

    /// Removes the file with this name; returns whether there was one.
    pub fn remove_file(&mut self, name: &str) -> bool {
        let before = self.files.len();
        self.files.retain(|file| file.name != name);
        let removed = self.files.len() != before;
        if removed {
            self.reload();
        }
        removed
    }

    /// Unloads everything.
    pub fn clear(&mut self) {
        self.replace_all(Vec::new(), None);
    }

    /// Whether no file is loaded.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The current load, for components that need more than the rows other methods return.
    pub fn load(&self) -> &Load {
        &self.load
    }

    /// The id of the demo variant the files came from, when the last thing that replaced all
    /// files was [`PageState::load_demo_variant`] (files added or removed since do not change it).
    pub fn variant(&self) -> Option<&'static str> {
        self.variant
    }

    /// The loaded files themselves, bytes and all.
    pub(crate) fn input_files(&self) -> &[InputFile] {
        &self.files
    }

    /// The inventory of the current load.
    pub(crate) fn inventory(&self) -> &Inventory {
        &self.inventory
    }

    /// Replaces every file, remembering which demo variant they are (if any).
    pub(crate) fn replace_all(&mut self, files: Vec<InputFile>, variant: Option<&'static str>) {
        self.files = files;
        self.last_paste = 0;
        self.variant = variant;
        self.reload();
    }

    /// The scenario part of share links for the files as they are, made by `make` only when
    /// the files changed since it was last made.
    pub(crate) fn link_scenario(&self, make: impl FnOnce() -> EncodedScenario) -> &EncodedScenario {
        self.link_scenario.get_or_init(make)
    }

    /// Whether the scenario part of share links is made for the files as they are.
    #[cfg(test)]
    pub(crate) fn has_link_scenario(&self) -> bool {
        self.link_scenario.get().is_some()
    }

    fn insert(&mut self, file: InputFile) {
        match self
            .files
            .iter_mut()
            .find(|loaded| loaded.name == file.name)
        {
            Some(loaded) => *loaded = file,
            None => self.files.push(file),
        }
    }

    fn next_paste_name(&mut self) -> String {
        loop {
            self.last_paste += 1;
            let name = format!("pasted-{}.json", self.last_paste);
            // An uploaded file may already carry this name; skip it rather than replace it.
            if !self.files.iter().any(|file| file.name == name) {
                return name;
            }
        }
    }

    fn reload(&mut self) {
        self.loaded(reach_core::load(&self.files));
    }

    /// Everything computed from the files, renewed: every change of the files ends here.
    fn loaded(&mut self, load: Load) {
        self.inventory = reach_core::inventory(&load);
        self.load = load;
        self.link_scenario = OnceCell::new();
    }
}

impl Default for PageState {
    fn default() -> PageState {
        PageState::new()
    }
}

/// Splits text into its top-level JSON values, as slices of the text itself (so that the
/// original layout, and with it the line numbers in messages, is kept). When the text stops
/// being JSON, the rest from there on is one more piece, for the core to report.
fn split_documents(text: &str) -> Vec<&str> {
    let mut documents = Vec::new();
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<serde_json::Value>();
    let mut start = 0;
    loop {
        match stream.next() {
            Some(Ok(_)) => {
                let end = stream.byte_offset();
                documents.push(text[start..end].trim());
                start = end;
            }
            Some(Err(_)) => {
                let rest = text[start..].trim();
                if !rest.is_empty() {
                    documents.push(rest);
                }
                break;
            }
            None => break,
        }
    }
    documents
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{commands, file, names, page, SUBNETS, VPCS};
    use crate::DocumentRow;

    #[test]
    fn a_file_with_a_loaded_name_replaces_it_in_place() {
        let mut state = page(&[("a.json", VPCS), ("b.json", SUBNETS)]);
        assert_eq!(state.count("subnets"), Some(2));
        state.add_files(vec![file("b.json", r#"{"Subnets": []}"#)]);
        assert_eq!(names(&state), ["a.json", "b.json"]);
        assert_eq!(state.count("subnets"), Some(0));
        assert_eq!(state.count("vpcs"), Some(1));
    }

    #[test]
    fn removing_a_file_changes_counts_and_diagnostics() {
        let mut state = page(&[
            ("describe-vpcs.json", VPCS),
            ("describe-subnets.json", SUBNETS),
        ]);
        assert_eq!(state.count("vpcs"), Some(1));
        assert_eq!(state.vpcs()[0].subnets, 2);
        assert!(!commands(&state)
            .iter()
            .any(|command| command.contains("describe-vpcs")));

        assert!(state.remove_file("describe-vpcs.json"));
        assert_eq!(names(&state), ["describe-subnets.json"]);
        assert_eq!(state.count("vpcs"), Some(0));
        assert_eq!(state.count("subnets"), Some(2));
        // The subnets now name a VPC nobody described: Reach says which call exports it.
        assert!(
            commands(&state)
                .iter()
                .any(|command| command.contains("describe-vpcs")),
            "{:?}",
            state.diagnostics()
        );

        assert!(!state.remove_file("describe-vpcs.json"));
        assert!(state.remove_file("describe-subnets.json"));
        assert!(state.is_empty());
        assert!(state.counts().iter().all(|row| row.count == 0));
    }

    #[test]
    fn a_paste_of_two_documents_becomes_two_files() {
        let mut state = PageState::new();
        let added = state.paste(&format!("{VPCS}\n{SUBNETS}\n"));
        assert_eq!(added, ["pasted-1.json", "pasted-2.json"]);
        assert_eq!(names(&state), added);
        assert_eq!(state.count("vpcs"), Some(1));
        assert_eq!(state.count("subnets"), Some(2));
        assert_eq!(state.errors(), Vec::<String>::new());
        // Each file holds its own document, as pasted.
        let files = state.files();
        assert_eq!(
            files[0].documents,
            [DocumentRow {
                kind: "describe-vpcs".to_owned(),
                items: 1
            }]
        );
        assert_eq!(
            files[1].documents,
            [DocumentRow {
                kind: "describe-subnets".to_owned(),
                items: 2
            }]
        );
    }

    #[test]
    fn documents_pasted_back_to_back_are_split_too() {
        assert_eq!(
            split_documents(r#"{"a": 1}{"b": [2]}  [3]"#),
            [r#"{"a": 1}"#, r#"{"b": [2]}"#, "[3]"]
        );
    }

    #[test]
    fn a_paste_that_is_not_json_is_one_file_with_an_error() {
        let mut state = PageState::new();
        assert_eq!(state.paste("this is not json"), ["pasted-1.json"]);
        let errors = state.errors();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].starts_with("pasted-1.json: "), "{}", errors[0]);
        assert_eq!(state.files()[0].errors, 1);
    }

    #[test]
    fn a_paste_that_breaks_off_keeps_the_good_documents() {
        let mut state = PageState::new();
        assert_eq!(
            state.paste(&format!("{VPCS}\n{{\"Subnets\": [")),
            ["pasted-1.json", "pasted-2.json"]
        );
        assert_eq!(state.count("vpcs"), Some(1));
        let errors = state.errors();
        assert!(
            errors.len() == 1 && errors[0].starts_with("pasted-2.json: "),
            "{errors:?}"
        );
    }

    #[test]
    fn pasted_names_are_never_reused() {
        let mut state = page(&[("pasted-2.json", VPCS)]);
        assert_eq!(state.paste(SUBNETS), ["pasted-1.json"]);
        assert_eq!(state.paste(SUBNETS), ["pasted-3.json"]);
        assert!(state.remove_file("pasted-3.json"));
        assert_eq!(state.paste(SUBNETS), ["pasted-4.json"]);
        assert_eq!(state.paste("  \n\t "), Vec::<String>::new());
        assert_eq!(
            names(&state),
            ["pasted-2.json", "pasted-1.json", "pasted-4.json"]
        );
        state.clear();
        assert!(state.is_empty());
        assert_eq!(state.paste(VPCS), ["pasted-1.json"]);
    }
}
