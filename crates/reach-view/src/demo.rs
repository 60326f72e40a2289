//! The built-in seed-lab demo and its variants: loading them, the `#demo` URL fragment, and the
//! rows of the demo picker.

use crate::analysis::QuestionForm;
use crate::PageState;
use serde::{Deserialize, Serialize};

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
    pub question: QuestionForm,
}

impl PageState {
    /// Replaces everything loaded with the built-in seed-lab demo.
    pub fn load_demo(&mut self) {
        self.replace_all(reach_core::demo::seed_lab(), None);
    }

    /// Replaces everything loaded with one variant of the demo; returns `false`, changing
    /// nothing, when there is no variant with this id.
    pub fn load_demo_variant(&mut self, id: &str) -> bool {
        let known = reach_core::demo::variants()
            .iter()
            .find(|variant| variant.id == id);
        match (known, reach_core::demo::seed_lab_variant(id)) {
            (Some(variant), Some(files)) => {
                self.replace_all(files, Some(variant.id));
                true
            }
            _ => false,
        }
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
            question: QuestionForm::from_flags(variant.question),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{names, page, VPCS};

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
}
