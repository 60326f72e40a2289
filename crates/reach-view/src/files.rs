//! The loaded files as the page lists them, and what loading them left open: per-file rows,
//! diagnostics, errors and what was read but not used.

use crate::PageState;
use serde::{Deserialize, Serialize};

/// One loaded file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRow {
    /// The name it was loaded under (a path for files from a folder, `pasted-N.json` for a paste).
    pub name: String,
    /// Its size in bytes.
    pub size: usize,
    /// The documents recognised in it (`describe-vpcs`, 3 items); empty when none were.
    pub documents: Vec<DocumentRow>,
    /// How many errors it produced.
    pub errors: usize,
    /// How many of its documents were read but not used.
    pub ignored: usize,
}

/// One document recognised in a file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentRow {
    /// The AWS call whose output it is (`describe-route-tables`).
    pub kind: String,
    /// How many items (route tables, subnets, …) it holds.
    pub items: usize,
}

/// Something the loaded data leaves open, and the AWS CLI command that would settle it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiagnosticRow {
    /// What is wrong or missing, in words.
    pub message: String,
    /// The kind of data that is missing, when that is the problem.
    pub missing: Option<String>,
    /// A command to run to export what is missing, ready to copy.
    pub command: Option<String>,
}

/// Something read but not used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IgnoredRow {
    /// The file it is in.
    pub file: String,
    /// What it is, as far as Reach can tell.
    pub kind: String,
    /// Why it is not used.
    pub reason: String,
}

impl PageState {
    /// The loaded files, in the order they were added.
    pub fn files(&self) -> Vec<FileRow> {
        let load = self.load();
        self.input_files()
            .iter()
            .map(|file| {
                let summary = load.files.iter().find(|summary| summary.name == file.name);
                let documents = summary
                    .into_iter()
                    .flat_map(|summary| &summary.documents)
                    .map(|(kind, items)| DocumentRow {
                        kind: kind.to_string(),
                        items: *items,
                    })
                    .collect();
                let errors = summary.map_or(0, |summary| summary.errors);
                let ignored = summary.map_or(0, |summary| summary.ignored);
                FileRow {
                    name: file.name.clone(),
                    size: file.bytes.len(),
                    documents,
                    errors,
                    ignored,
                }
            })
            .collect()
    }

    /// What the loaded data leaves open.
    pub fn diagnostics(&self) -> Vec<DiagnosticRow> {
        self.load()
            .diagnostics
            .iter()
            .map(|diagnostic| DiagnosticRow {
                message: diagnostic.message.clone(),
                missing: diagnostic.missing.clone(),
                command: diagnostic.command.clone(),
            })
            .collect()
    }

    /// Each input error as the CLI prints it (`file: resource: location: message`).
    pub fn errors(&self) -> Vec<String> {
        self.load().errors.iter().map(ToString::to_string).collect()
    }

    /// What was read but not used.
    pub fn ignored(&self) -> Vec<IgnoredRow> {
        self.load()
            .ignored
            .iter()
            .map(|ignored| IgnoredRow {
                file: ignored.file.clone(),
                kind: ignored.kind.clone(),
                reason: ignored.reason.clone(),
            })
            .collect()
    }
}

/// Whether a file met while walking a dropped or chosen folder should be loaded: JSON files
/// only (`.json`, any case), and nothing hidden (a name or folder starting with `.`), so that
/// a scenario folder's README, expected output and `.git` stay out. Files the user picks one by
/// one are always loaded.
pub fn wanted_in_folder(path: &str) -> bool {
    let hidden = path.split('/').any(|part| part.starts_with('.'));
    let json = path
        .rsplit('/')
        .next()
        .is_some_and(|name| name.to_ascii_lowercase().ends_with(".json"));
    json && !hidden
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{page, VPCS};

    #[test]
    fn ignored_documents_are_listed() {
        let state = page(&[("empty.json", "[]"), ("describe-vpcs.json", VPCS)]);
        let ignored = state.ignored();
        assert_eq!(ignored.len(), 1, "{ignored:?}");
        assert_eq!(ignored[0].file, "empty.json");
        assert_eq!(state.files()[0].ignored, 1);
    }

    #[test]
    fn folders_contribute_their_json_files_only() {
        let check = |path: &str, wanted: bool| assert_eq!(wanted_in_folder(path), wanted, "{path}");
        check("seed-lab/describe-vpcs.json", true);
        check("seed-lab/variants/04/describe-firewall.JSON", true);
        check("describe-vpcs.json", true);
        check("seed-lab/README.md", false);
        check("seed-lab/expected.txt", false);
        check("seed-lab/describe-vpcs.json.bak", false);
        check("seed-lab/.hidden.json", false);
        check("lab/.git/config.json", false);
        check("seed-lab/json", false);
    }
}
