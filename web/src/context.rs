//! What the page's areas share. `App` provides three values through Leptos context, and each
//! component takes the ones it needs with `expect_context`:
//!
//! - `RwSignal<PageView>`: the rows of what is loaded, replaced whenever the worker says it changed;
//! - [`Notice`]: the one-line status message;
//! - [`Analysis`]: the question form and its answer, shared by the form, the demo picker (which
//!   fills the form in) and the opening of a shared link.
//!
//! This module is a leaf among the components: it imports none of them, and they import shared
//! types and helpers from here, never from one another, so that an area can be moved or
//! rewritten without touching its siblings. It does use the worker and browser glue (`engine`,
//! `browser`), which import no component either.

use leptos::prelude::*;
use reach_view::analysis::{AnswerView, FieldError, QuestionForm};
use reach_view::session::{Outcome, Request};

use crate::browser;
use crate::engine;

/// A one-line status message ("Added 12 files"), announced to screen readers.
#[derive(Clone, Copy)]
pub struct Notice(pub RwSignal<Option<String>>);

impl Notice {
    pub fn new() -> Notice {
        Notice(RwSignal::new(None))
    }

    pub fn say(&self, message: impl Into<String>) {
        self.0.set(Some(message.into()));
    }
}

/// The question form and the answer to it.
#[derive(Clone, Copy)]
pub struct Analysis {
    pub form: RwSignal<QuestionForm>,
    pub answer: RwSignal<Option<AnswerView>>,
    pub errors: RwSignal<Vec<FieldError>>,
    /// The hop whose details are shown, as (lane title, component id).
    pub focus: RwSignal<Option<(String, String)>>,
}

impl Analysis {
    pub fn new() -> Analysis {
        Analysis {
            form: RwSignal::new(QuestionForm::default()),
            answer: RwSignal::new(None),
            errors: RwSignal::new(Vec::new()),
            focus: RwSignal::new(None),
        }
    }

    /// Answers the form's question and puts the scenario and question in the address bar.
    pub async fn run(self) {
        let form = self.form.get_untracked();
        match engine::ask(Request::Analyze { form }, Vec::new())
            .await
            .outcome
        {
            Outcome::Answer(Ok((view, link))) => {
                self.errors.set(Vec::new());
                self.answer.set(Some(*view));
                self.focus.set(None);
                browser::replace_fragment(&link);
            }
            Outcome::Answer(Err(errors)) => {
                self.answer.set(None);
                self.errors.set(errors);
            }
            Outcome::Refused(why) => {
                self.answer.set(None);
                self.errors.set(vec![FieldError {
                    field: "source".to_owned(),
                    message: format!("Could not analyse: {why}."),
                }]);
            }
            _ => {}
        }
    }
}

/// The word for `n` things: `one` for exactly one, else `many`.
pub fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}
