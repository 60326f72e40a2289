//! The web page's view-model: what the page shows, computed by plain Rust.
//!
//! [`PageState`] owns the files the user has given the page (uploaded, dropped, pasted or the
//! built-in demo) and the [`reach_core::Load`] made from them. Every change of the files reloads
//! them all, so what the page shows is always `reach_core::load` of exactly the listed files,
//! the same answer the CLI gives for the same files. Read access returns small plain structs
//! (rows) that a component renders as they are.
//!
//! Guarantees:
//! - No Leptos, no DOM, no I/O: the crate runs natively, and its tests are the page's logic tests.
//! - Nothing panics on input: bad bytes or broken JSON become errors listed by [`PageState::errors`].
//!
//! ```
//! use reach_view::PageState;
//! let mut state = PageState::new();
//! state.paste(r#"{"Vpcs": [{"VpcId": "vpc-0a1b", "CidrBlock": "10.0.0.0/16"}]}"#);
//! assert_eq!(state.files()[0].name, "pasted-1.json");
//! assert_eq!(state.count("vpcs"), Some(1));
//! ```
#![deny(missing_docs)]
#![cfg_attr(not(test), warn(clippy::unwrap_used))]

pub mod analysis;
pub mod diagram;
pub mod link;
pub mod minimal;
pub mod session;

use reach_aws::InputFile;
use reach_core::{Inventory, Load};
use serde::{Deserialize, Serialize};

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
}

/// One row of the counts table, in the fixed order of [`reach_core::Inventory::counts`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountRow {
    /// The key the CLI's JSON uses (`subnets`); the page publishes it as `data-testid="count-<key>"`.
    pub key: String,
    /// The key in words for people (`Subnets`, `NAT gateways`).
    pub label: String,
    /// How many were loaded.
    pub count: usize,
}

/// Rows of the counts table under a heading, so that the page can lay the table out in parts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountGroup {
    /// The heading (`Network`, `Gateways and connections`, …).
    pub title: String,
    /// The rows, in the inventory's order.
    pub rows: Vec<CountRow>,
}

/// A VPC with what it contains, as the inventory counts it; re-exported so that the page's
/// components need only this crate.
pub use reach_core::VpcSummary;

/// What a URL fragment asked the page to open (see [`PageState::open_fragment`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Opened {
    /// The fragment asks for nothing this page knows; nothing changed.
    Nothing,
    /// `#demo`: the seed-lab demo.
    Demo,
    /// `#demo=<variant id>`: that variant of the demo.
    Variant(String),
    /// `#demo=<id>` with an id that is not a variant; nothing changed.
    UnknownVariant(String),
}

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

/// One variant of the built-in seed-lab demo.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VariantRow {
    /// The id to pass to [`PageState::load_demo_variant`].
    pub id: &'static str,
    /// A short title.
    pub title: &'static str,
    /// What a picker shows: the id, and the title when it says more than the id.
    pub label: String,
    /// One line on what the variant changes and shows.
    pub story: &'static str,
    /// The question it asks, for the form.
    pub question: analysis::QuestionForm,
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
        self.load = reach_core::load_with_progress(&self.files, &mut |read| read_so_far(read, of));
        self.inventory = reach_core::inventory(&self.load);
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

    /// Replaces everything loaded with the built-in seed-lab demo.
    pub fn load_demo(&mut self) {
        self.replace_all(reach_core::demo::seed_lab());
    }

    /// Replaces everything loaded with one variant of the demo; returns `false`, changing
    /// nothing, when there is no variant with this id.
    pub fn load_demo_variant(&mut self, id: &str) -> bool {
        let known = reach_core::demo::variants()
            .iter()
            .find(|variant| variant.id == id);
        match (known, reach_core::demo::seed_lab_variant(id)) {
            (Some(variant), Some(files)) => {
                self.replace_all(files);
                self.variant = Some(variant.id);
                true
            }
            _ => false,
        }
    }

    /// The id of the demo variant the files came from, when the last thing that replaced all
    /// files was [`PageState::load_demo_variant`] (files added or removed since do not change it).
    pub fn variant(&self) -> Option<&'static str> {
        self.variant
    }

    /// Opens what the page's URL fragment names, so that a link can open the demo:
    /// `#demo` loads the seed lab, `#demo=04-tcp-rules-tcp-80` one of its variants. The leading
    /// `#` is optional; anything else leaves the page as it is.
    pub fn open_fragment(&mut self, fragment: &str) -> Opened {
        let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
        match fragment.split_once('=') {
            None if fragment == "demo" => {
                self.load_demo();
                Opened::Demo
            }
            Some(("demo", id)) if self.load_demo_variant(id) => Opened::Variant(id.to_owned()),
            Some(("demo", id)) => Opened::UnknownVariant(id.to_owned()),
            _ => Opened::Nothing,
        }
    }

    /// A link to what is loaded and the question (the fragment, without `#`). The built-in demo
    /// and its variants are named, not copied.
    pub fn share_link(&self, form: &analysis::QuestionForm) -> String {
        let demo = self.demo_source();
        let files = if demo.is_some() {
            Vec::new()
        } else {
            self.files
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
    pub fn minimal_share_link(&self, form: &analysis::QuestionForm) -> Option<String> {
        let question = form.question().ok()?;
        let files = minimal::minimal_files(&self.files, &question, 20_000);
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
    pub fn open_link(&mut self, fragment: &str) -> Result<analysis::QuestionForm, link::LinkError> {
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
            ),
        }
        Ok(analysis::QuestionForm::from(&shared.q))
    }

    /// Which built-in demo the files are, unchanged: `""` for the seed lab, else the variant.
    fn demo_source(&self) -> Option<String> {
        let same = |files: Vec<InputFile>| {
            files.len() == self.files.len()
                && files
                    .iter()
                    .all(|file| self.files.iter().any(|loaded| loaded == file))
        };
        if let Some(variant) = self.variant {
            if reach_core::demo::seed_lab_variant(variant).is_some_and(same) {
                return Some(variant.to_owned());
            }
        }
        same(reach_core::demo::seed_lab()).then(String::new)
    }

    /// Unloads everything.
    pub fn clear(&mut self) {
        self.replace_all(Vec::new());
    }

    /// Whether no file is loaded.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The current load, for components that need more than the rows below.
    pub fn load(&self) -> &Load {
        &self.load
    }

    /// The counts table, in the fixed order of [`reach_core::Inventory::counts`].
    pub fn counts(&self) -> Vec<CountRow> {
        self.inventory
            .counts
            .iter()
            .map(|&(key, count)| CountRow {
                key: key.to_owned(),
                label: label(key),
                count,
            })
            .collect()
    }

    /// The counts table in three parts: the VPC's own resources, what connects it to other
    /// networks, and firewalls and load balancers. A key the page does not know yet (added to the
    /// inventory later) goes to a fourth part, `Other`, rather than being dropped.
    pub fn count_groups(&self) -> Vec<CountGroup> {
        let mut groups: Vec<CountGroup> = COUNT_GROUPS
            .iter()
            .map(|(title, _)| CountGroup {
                title: (*title).to_owned(),
                rows: Vec::new(),
            })
            .collect();
        let mut other = CountGroup {
            title: "Other".to_owned(),
            rows: Vec::new(),
        };
        for row in self.counts() {
            let index = COUNT_GROUPS
                .iter()
                .position(|(_, keys)| keys.contains(&row.key.as_str()));
            match index.and_then(|index| groups.get_mut(index)) {
                Some(group) => group.rows.push(row),
                None => other.rows.push(row),
            }
        }
        groups.push(other);
        groups.retain(|group| !group.rows.is_empty());
        groups
    }

    /// The count for one key of the counts table, `None` for a key the inventory does not have.
    pub fn count(&self, key: &str) -> Option<usize> {
        self.inventory
            .counts
            .iter()
            .find(|(k, _)| *k == key)
            .map(|&(_, count)| count)
    }

    /// The VPCs, in the inventory's order.
    pub fn vpcs(&self) -> Vec<VpcSummary> {
        self.inventory.vpcs.clone()
    }

    /// The loaded files, in the order they were added.
    pub fn files(&self) -> Vec<FileRow> {
        self.files
            .iter()
            .map(|file| {
                let summary = self
                    .load
                    .files
                    .iter()
                    .find(|summary| summary.name == file.name);
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
        self.load
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
        self.load.errors.iter().map(ToString::to_string).collect()
    }

    /// What was read but not used.
    pub fn ignored(&self) -> Vec<IgnoredRow> {
        self.load
            .ignored
            .iter()
            .map(|ignored| IgnoredRow {
                file: ignored.file.clone(),
                kind: ignored.kind.clone(),
                reason: ignored.reason.clone(),
            })
            .collect()
    }

    /// The inventory as `reach inventory --format json` prints it, pretty-printed, for the
    /// page's Download and Copy buttons.
    pub fn inventory_json_pretty(&self) -> String {
        let value = reach_report::inventory_json(&self.load);
        let mut text = serde_json::to_string_pretty(&value)
            .expect("a serde_json::Value always serializes: its map keys are strings");
        text.push('\n');
        text
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

    fn replace_all(&mut self, files: Vec<InputFile>) {
        self.files = files;
        self.last_paste = 0;
        self.variant = None;
        self.reload();
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
        self.load = reach_core::load(&self.files);
        self.inventory = reach_core::inventory(&self.load);
    }
}

impl Default for PageState {
    fn default() -> PageState {
        PageState::new()
    }
}

/// The variants of the built-in demo, for the demo picker.
pub fn demo_variants() -> Vec<VariantRow> {
    reach_core::demo::variants()
        .iter()
        .map(|variant| VariantRow {
            id: variant.id,
            title: variant.title,
            label: if variant.title == variant.id {
                variant.id.to_owned()
            } else {
                format!("{}: {}", variant.id, variant.title)
            },
            story: variant.story,
            question: analysis::QuestionForm::from_flags(variant.question),
        })
        .collect()
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

/// The parts of the counts table, by key.
const COUNT_GROUPS: &[(&str, &[&str])] = &[
    (
        "Network",
        &[
            "vpcs",
            "subnets",
            "route_tables",
            "security_groups",
            "network_acls",
            "network_interfaces",
            "instances",
        ],
    ),
    (
        "Gateways and connections",
        &[
            "internet_gateways",
            "egress_only_internet_gateways",
            "nat_gateways",
            "vpc_endpoints",
            "vpc_peering_connections",
            "transit_gateways",
            "transit_gateway_attachments",
            "transit_gateway_route_tables",
            "prefix_lists",
        ],
    ),
    (
        "Firewalls and load balancers",
        &[
            "firewalls",
            "firewall_policies",
            "rule_groups",
            "stateful_rules",
            "stateless_rules",
            "load_balancers",
            "target_groups",
        ],
    ),
];

/// A count key in words for people: `nat_gateways` → `NAT gateways`.
fn label(key: &str) -> String {
    if let Some(label) = written_label(key) {
        return label.to_owned();
    }
    // A key added to the inventory later: its words, capitalised.
    let mut text = key.replace('_', " ");
    if let Some(first) = text.get(..1) {
        let upper = first.to_ascii_uppercase();
        text.replace_range(..1, &upper);
    }
    text
}

fn written_label(key: &str) -> Option<&'static str> {
    let label = match key {
        "vpcs" => "VPCs",
        "subnets" => "Subnets",
        "route_tables" => "Route tables",
        "security_groups" => "Security groups",
        "network_acls" => "Network ACLs",
        "network_interfaces" => "Network interfaces",
        "instances" => "Instances",
        "internet_gateways" => "Internet gateways",
        "egress_only_internet_gateways" => "Egress-only internet gateways",
        "nat_gateways" => "NAT gateways",
        "vpc_endpoints" => "VPC endpoints",
        "vpc_peering_connections" => "VPC peering connections",
        "transit_gateways" => "Transit gateways",
        "transit_gateway_attachments" => "Transit gateway attachments",
        "transit_gateway_route_tables" => "Transit gateway route tables",
        "prefix_lists" => "Prefix lists",
        "firewalls" => "Network firewalls",
        "firewall_policies" => "Firewall policies",
        "rule_groups" => "Rule groups",
        "stateful_rules" => "Stateful rules",
        "stateless_rules" => "Stateless rules",
        "load_balancers" => "Load balancers",
        "target_groups" => "Target groups",
        _ => return None,
    };
    Some(label)
}

#[cfg(test)]
mod tests {
    use super::*;

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

    const VPCS: &str = r#"{"Vpcs": [{"VpcId": "vpc-0a1b", "CidrBlock": "10.0.0.0/16", "OwnerId": "111122223333",
        "Tags": [{"Key": "Name", "Value": "lab"}]}]}"#;
    const SUBNETS: &str = r#"{"Subnets": [{"SubnetId": "subnet-0c1d", "VpcId": "vpc-0a1b", "CidrBlock": "10.0.1.0/24"},
        {"SubnetId": "subnet-0e1f", "VpcId": "vpc-0a1b", "CidrBlock": "10.0.2.0/24"}]}"#;

    fn file(name: &str, text: &str) -> InputFile {
        InputFile::new(name, text.as_bytes())
    }

    fn page(files: &[(&str, &str)]) -> PageState {
        let mut state = PageState::new();
        state.add_files(files.iter().map(|(name, text)| file(name, text)).collect());
        state
    }

    fn names(state: &PageState) -> Vec<String> {
        state.files().into_iter().map(|row| row.name).collect()
    }

    fn commands(state: &PageState) -> Vec<String> {
        state
            .diagnostics()
            .into_iter()
            .filter_map(|row| row.command)
            .collect()
    }

    #[test]
    fn a_new_page_is_empty_but_lists_every_count() {
        let state = PageState::new();
        assert!(state.is_empty());
        assert!(state.files().is_empty() && state.errors().is_empty() && state.vpcs().is_empty());
        let counts = state.counts();
        let keys: Vec<&str> = counts.iter().map(|row| row.key.as_str()).collect();
        let inventory = reach_core::inventory(&reach_core::load(&[]));
        let expected: Vec<&str> = inventory.counts.iter().map(|(key, _)| *key).collect();
        assert_eq!(keys, expected);
        assert!(counts.iter().all(|row| row.count == 0));
    }

    #[test]
    fn every_count_key_has_a_written_label() {
        let labels: Vec<(String, String)> = PageState::new()
            .counts()
            .into_iter()
            .map(|row| (row.key, row.label))
            .collect();
        for (key, _) in &labels {
            assert!(written_label(key).is_some(), "no written label for {key}");
        }
        assert!(labels.contains(&("nat_gateways".to_owned(), "NAT gateways".to_owned())));
        assert!(labels.contains(&("vpcs".to_owned(), "VPCs".to_owned())));
        assert_eq!(label("new_kind_of_thing"), "New kind of thing");
    }

    #[test]
    fn count_groups_hold_every_count_once_in_order() {
        let state = page(&[("describe-vpcs.json", VPCS)]);
        let groups = state.count_groups();
        let titles: Vec<&str> = groups.iter().map(|group| group.title.as_str()).collect();
        // Every key of today's inventory has a part: no `Other`.
        assert_eq!(
            titles,
            [
                "Network",
                "Gateways and connections",
                "Firewalls and load balancers"
            ]
        );
        // The parts follow the inventory's order, so read one after another they are the table.
        let rows: Vec<CountRow> = groups.into_iter().flat_map(|group| group.rows).collect();
        assert_eq!(rows, state.counts());
        assert_eq!(
            rows[0],
            CountRow {
                key: "vpcs".to_owned(),
                label: "VPCs".to_owned(),
                count: 1
            }
        );
    }

    #[test]
    fn the_demo_has_resources_and_no_errors() {
        let mut state = PageState::new();
        state.load_demo();
        assert!(!state.is_empty());
        assert_eq!(state.errors(), Vec::<String>::new());
        for key in [
            "vpcs",
            "subnets",
            "route_tables",
            "security_groups",
            "network_acls",
            "network_interfaces",
            "instances",
            "internet_gateways",
            "nat_gateways",
            "prefix_lists",
            "firewalls",
            "firewall_policies",
            "rule_groups",
            "stateful_rules",
        ] {
            assert!(
                state.count(key).is_some_and(|count| count > 0),
                "{key}: {:?}",
                state.count(key)
            );
        }
        // SEED_LAB.md: one VPC 10.1.1.0/24 with four subnets (Public, Egress, Isolated, Firewall).
        let vpcs = state.vpcs();
        assert_eq!(vpcs.len(), 1);
        assert_eq!(vpcs[0].cidrs, ["10.1.1.0/24"]);
        assert_eq!(vpcs[0].subnets, 4);
        assert_eq!(state.count("subnets"), Some(4));
        let files = state.files();
        assert_eq!(files.len(), reach_core::demo::seed_lab().len());
        assert!(files.iter().all(|row| row.errors == 0 && row.size > 0));
        assert!(files.iter().any(|row| row
            .documents
            .iter()
            .any(|doc| doc.kind == "describe-subnets" && doc.items == 4)));
    }

    #[test]
    fn every_demo_variant_loads_and_an_unknown_one_changes_nothing() {
        // The seed lab's 11 cases (one VPC), then the designs built on it (more VPCs).
        let variants = demo_variants();
        assert!(variants.len() > 11);
        let mut state = PageState::new();
        for (index, variant) in variants.iter().enumerate() {
            assert!(!variant.story.is_empty(), "{} has no story", variant.id);
            assert!(variant.label.starts_with(variant.id), "{}", variant.label);
            assert!(state.load_demo_variant(variant.id), "{}", variant.id);
            assert_eq!(state.errors(), Vec::<String>::new(), "{}", variant.id);
            if index < 11 {
                assert_eq!(state.count("vpcs"), Some(1), "{}", variant.id);
            }
        }
        let before = names(&state);
        assert!(!state.load_demo_variant("no-such-variant"));
        assert_eq!(names(&state), before);
    }

    #[test]
    fn a_url_fragment_opens_the_demo_or_a_variant() {
        let mut state = PageState::new();
        assert_eq!(state.open_fragment(""), Opened::Nothing);
        assert_eq!(state.open_fragment("#results"), Opened::Nothing);
        assert_eq!(state.open_fragment("#demonstration"), Opened::Nothing);
        assert!(state.is_empty());

        assert_eq!(state.open_fragment("#demo"), Opened::Demo);
        assert_eq!(names(&state).len(), reach_core::demo::seed_lab().len());

        let id = demo_variants()[3].id;
        assert_eq!(
            state.open_fragment(&format!("demo={id}")),
            Opened::Variant(id.to_owned())
        );
        let expected = reach_core::demo::seed_lab_variant(id).unwrap();
        assert_eq!(
            names(&state),
            expected
                .iter()
                .map(|file| file.name.clone())
                .collect::<Vec<_>>()
        );

        let before = names(&state);
        assert_eq!(
            state.open_fragment("#demo=nope"),
            Opened::UnknownVariant("nope".to_owned())
        );
        assert_eq!(names(&state), before);
    }

    #[test]
    fn the_demo_replaces_what_was_loaded() {
        let mut state = page(&[("mine.json", VPCS)]);
        state.load_demo();
        assert!(!names(&state).contains(&"mine.json".to_owned()));
    }

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

    #[test]
    fn ignored_documents_are_listed() {
        let state = page(&[("empty.json", "[]"), ("describe-vpcs.json", VPCS)]);
        let ignored = state.ignored();
        assert_eq!(ignored.len(), 1, "{ignored:?}");
        assert_eq!(ignored[0].file, "empty.json");
        assert_eq!(state.files()[0].ignored, 1);
    }

    #[test]
    fn the_vpc_list_carries_names_owners_and_cidrs() {
        let state = page(&[
            ("describe-vpcs.json", VPCS),
            ("describe-subnets.json", SUBNETS),
        ]);
        let vpc = &state.vpcs()[0];
        assert_eq!(vpc.id, "vpc-0a1b");
        assert_eq!(vpc.name.as_deref(), Some("lab"));
        assert_eq!(vpc.owner_id.as_deref(), Some("111122223333"));
        assert_eq!(vpc.cidrs, ["10.0.0.0/16"]);
        assert_eq!(
            (vpc.subnets, vpc.network_interfaces, vpc.instances),
            (2, 0, 0)
        );
    }

    #[test]
    fn the_inventory_json_is_the_cli_json() {
        let mut state = PageState::new();
        state.load_demo();
        let text = state.inventory_json_pretty();
        assert!(text.ends_with("}\n"));
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value, reach_report::inventory_json(state.load()));
        for row in state.counts() {
            assert_eq!(value["counts"][&row.key], row.count, "{}", row.key);
        }
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
