//! Which stateful rules a server name can match, found without trying every rule. A domain
//! allow-list of 2,000 names is 4,000 rules, each singling out one name: trying each name
//! the rules single out against each rule is quadratic. Almost every such rule anchors its
//! content at the end of the name (`endswith`, which AWS's domain lists and `dotprefix`
//! rules use), so the rules are indexed by that ending: a name finds its candidates by
//! looking up its own endings, and only those are tried in full.

use crate::flow::Scenario;
use crate::rule::StatefulRule;
use std::collections::{BTreeSet, HashMap};

/// A policy's stateful rules sorted by whether the server name matters to them, those it
/// matters to indexed by it.
#[derive(Clone, Debug, Default)]
pub struct NameIndex {
    /// Rules (indices, ascending) whose matching does not depend on the name.
    independent: Vec<usize>,
    /// Rules (indices into the policy's stateful rules) by the ending, lower-cased, that a
    /// name must have, with a `.` in front of it, to match them.
    by_ending: HashMap<Vec<u8>, Vec<usize>>,
    /// The lengths of those endings, each once.
    ending_lengths: BTreeSet<usize>,
    /// Rules that depend on the name but pin down no ending: tried one by one.
    others: Vec<usize>,
}

impl NameIndex {
    /// Indexes the rules whose matching depends on the server name: those with a `tls.sni`,
    /// `http.host` or `dns.query` buffer and no option Reach cannot evaluate (such a rule
    /// never matches, whatever the name).
    pub fn new(rules: &[StatefulRule]) -> NameIndex {
        let mut index = NameIndex::default();
        for (position, rule) in rules.iter().enumerate() {
            if !depends_on_name(rule) {
                index.independent.push(position);
                continue;
            }
            match ending(rule) {
                Some(ending) => {
                    index.ending_lengths.insert(ending.len());
                    index.by_ending.entry(ending).or_default().push(position);
                }
                None => index.others.push(position),
            }
        }
        index
    }

    /// The rules (indices, ascending) a flow of this scenario can match, or must report as
    /// unevaluated; the others never match it: rules for another application protocol, and
    /// rules with a buffer the scenario's server name does not satisfy.
    pub fn rules_for(&self, rules: &[StatefulRule], scenario: &Scenario) -> Vec<usize> {
        let mut out: Vec<usize> = self
            .independent
            .iter()
            .copied()
            .filter(|position| fits(rules, scenario, *position))
            .chain(self.named_rules_for(rules, scenario))
            .collect();
        out.sort_unstable();
        out
    }

    /// The rules of [`NameIndex::rules_for`] that depend on the server name: two scenarios
    /// that differ only in their server names, and meet the same such rules in every policy,
    /// play out the same.
    pub fn named_rules_for(&self, rules: &[StatefulRule], scenario: &Scenario) -> Vec<usize> {
        let mut named = match &scenario.server_name {
            Some(name) => self.matching(rules, name),
            None => Vec::new(),
        };
        named.retain(|position| fits(rules, scenario, *position));
        named
    }

    /// The rules (indices, ascending) that depend on the server name and whose every buffer
    /// `name` satisfies.
    pub fn matching(&self, rules: &[StatefulRule], name: &str) -> Vec<usize> {
        // Endings are compared lower-cased and dot-prefixed: a rule whose buffer has no
        // `dotprefix` still finds its ending at the end of `.name`. Candidates are then
        // checked in full (case, offsets, every buffer and content).
        let dotted: Vec<u8> = std::iter::once(b'.')
            .chain(name.bytes().map(|byte| byte.to_ascii_lowercase()))
            .collect();
        let mut candidates: Vec<usize> = self.others.clone();
        for length in self.ending_lengths.range(..=dotted.len()) {
            let tail = &dotted[dotted.len() - length..];
            if let Some(found) = self.by_ending.get(tail) {
                candidates.extend(found);
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        candidates.retain(|position| {
            rules.get(*position).is_some_and(|rule| {
                rule.conditions
                    .buffers
                    .iter()
                    .all(|buffer| buffer.matches(Some(name)))
            })
        });
        candidates
    }
}

/// Whether a flow of the scenario can meet the rule: a rule for another application protocol
/// never matches (the flow is detected as the scenario's protocol, or as none), unless it
/// has options Reach cannot evaluate, which are reported whatever the flow.
fn fits(rules: &[StatefulRule], scenario: &Scenario, position: usize) -> bool {
    rules.get(position).is_some_and(|rule| {
        !rule.unevaluated.is_empty()
            || rule
                .conditions
                .app
                .as_ref()
                .is_none_or(|app| *app == scenario.app)
    })
}

/// Whether a rule's matching depends on the server name.
pub fn depends_on_name(rule: &StatefulRule) -> bool {
    !rule.conditions.buffers.is_empty() && rule.unevaluated.is_empty()
}

/// An ending, lower-cased, that `.name` has for every name the rule matches: the longest of
/// its buffers' positive `endswith` contents. With `dotprefix` the buffer is `.name` and
/// ends with the content; without it the buffer is `name`, and `.name` ends with what `name`
/// ends with.
fn ending(rule: &StatefulRule) -> Option<Vec<u8>> {
    rule.conditions
        .buffers
        .iter()
        .flat_map(|buffer| &buffer.contents)
        .filter(|content| content.endswith && !content.negated)
        .map(|content| content.bytes.to_ascii_lowercase())
        .max_by_key(Vec::len)
}
