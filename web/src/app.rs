//! The page: header, the three ways to load data, and what Reach made of it.

use leptos::prelude::*;
use reach_view::{Opened, PageState};

use crate::analysis::{Analysis, AnalysisPanel};
use crate::demo::Demo;
use crate::inventory::{Files, Ignored, Inventory, Problems};
use crate::paste::Paste;
use crate::upload::Upload;

/// A one-line status message ("Added 12 files"), announced to screen readers.
#[derive(Clone, Copy)]
pub struct Notice(pub RwSignal<Option<String>>);

impl Notice {
    pub fn say(&self, message: impl Into<String>) {
        self.0.set(Some(message.into()));
    }
}

#[component]
pub fn App() -> impl IntoView {
    // The whole page state is one signal, handed to every area through context, so there is one
    // source of truth: always `reach_core::load` of the listed files. Each area reads its rows
    // through a `Memo`, so it re-renders only when its own rows change; every memo recomputes on
    // each change, which with a few dozen files costs microseconds.
    let state = RwSignal::new(PageState::new());
    provide_context(state);
    let notice = Notice(RwSignal::new(None));
    provide_context(notice);
    let analysis = Analysis::new();
    provide_context(analysis);
    open_fragment(state, notice, analysis);

    view! {
        <header class="site-header">
            <div class="wrap">
                <h1>"Reach" <span class="tagline">"offline AWS reachability"</span></h1>
                <p class="privacy">
                    <span class="dot" aria-hidden="true"></span>
                    "Nothing leaves your browser: files are read and analysed here, and the page makes no network requests."
                </p>
            </div>
        </header>
        <main class="wrap">
            <section class="panel" aria-labelledby="load-heading">
                <h2 id="load-heading">"Load AWS CLI exports"</h2>
                <p class="hint">
                    "Give Reach the JSON that " <code>"aws ec2 describe-…"</code>
                    " and friends print: drop files or whole folders, paste output, or try the built-in lab."
                </p>
                <div class="sources">
                    <Upload/>
                    <Paste/>
                    <Demo/>
                </div>
                <p class="notice" role="status" aria-live="polite" data-testid="notice">
                    {move || notice.0.get().unwrap_or_default()}
                </p>
            </section>
            <Problems/>
            <AnalysisPanel/>
            <Inventory/>
            <Files/>
            <Ignored/>
        </main>
        <footer class="site-footer wrap">
            <p>"Reach reads " <code>"describe-*"</code> " exports only; it never calls AWS."</p>
        </footer>
    }
}

/// Opens what the URL fragment names, once, at start: a shared answer (`#s=…`: its scenario,
/// its question, and the answer), or the demo (`#demo`, `#demo=<variant>`).
fn open_fragment(state: RwSignal<PageState>, notice: Notice, analysis: Analysis) {
    let fragment = web_sys::window()
        .and_then(|window| window.location().hash().ok())
        .unwrap_or_default();
    if reach_view::link::is_link(&fragment) {
        match state.try_update(|state| state.open_link(&fragment)) {
            Some(Ok(form)) => {
                analysis.form.set(form);
                analysis.run(state);
                notice.say("Opened a shared answer.");
            }
            Some(Err(error)) => notice.say(format!("Could not open the link: {error}.")),
            None => {}
        }
        return;
    }
    let opened = state
        .try_update(|state| state.open_fragment(&fragment))
        .unwrap_or(Opened::Nothing);
    match opened {
        Opened::Nothing => {}
        Opened::Demo => notice.say("Loaded the seed-lab demo."),
        Opened::Variant(id) => {
            if let Some(variant) = reach_view::demo_variants().into_iter().find(|v| v.id == id) {
                analysis.form.set(variant.question);
            }
            notice.say(format!("Loaded demo variant {id}."))
        }
        Opened::UnknownVariant(id) => notice.say(format!("There is no demo variant {id}.")),
    }
}
