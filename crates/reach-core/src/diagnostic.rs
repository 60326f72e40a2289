//! Diagnostics: what the input refers to but does not contain, and how to export it.

use std::collections::BTreeMap;

/// Something the input refers to but does not hold, or holds twice in conflicting versions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Plain words: which resource refers to what, through which field.
    pub message: String,
    /// The id or ARN that is missing (or the call whose output is missing).
    pub missing: Option<String>,
    /// The AWS CLI call that exports it.
    pub command: Option<String>,
}

/// Collects diagnostics, one per missing thing: the first reference is described, later ones
/// are counted, so a missing security group used by 500 interfaces is one line, not 500.
#[derive(Default)]
pub(crate) struct Diagnostics {
    by_missing: BTreeMap<String, (Diagnostic, usize)>,
    other: Vec<Diagnostic>,
}

impl Diagnostics {
    /// `missing` is referred to (`message`) and `command` exports it.
    pub(crate) fn missing(
        &mut self,
        missing: impl Into<String>,
        message: impl Into<String>,
        command: impl Into<String>,
    ) {
        let missing = missing.into();
        let entry = self.by_missing.entry(missing.clone()).or_insert_with(|| {
            (
                Diagnostic {
                    message: message.into(),
                    missing: Some(missing),
                    command: Some(command.into()),
                },
                0,
            )
        });
        entry.1 += 1;
    }

    /// A diagnostic that is not about one missing thing (a conflict between two files).
    pub(crate) fn other(&mut self, diagnostic: Diagnostic) {
        self.other.push(diagnostic);
    }

    pub(crate) fn finish(self) -> Vec<Diagnostic> {
        let mut all: Vec<Diagnostic> = self
            .by_missing
            .into_values()
            .map(|(mut diagnostic, count)| {
                if count > 1 {
                    let others = count - 1;
                    let plural = if others == 1 { "" } else { "s" };
                    diagnostic.message = format!(
                        "{} (and {others} other reference{plural})",
                        diagnostic.message
                    );
                }
                diagnostic
            })
            .collect();
        all.extend(self.other);
        all
    }
}
