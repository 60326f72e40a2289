//! The page: header, the three ways to load data, and what Reach made of it.

use leptos::prelude::*;
use leptos::task::spawn_local;
use reach_view::session::{Outcome, PageView, Request};
use reach_view::Opened;

use crate::analysis::AnalysisPanel;
use crate::context::{Analysis, Notice};
use crate::demo::Demo;
use crate::engine::{self, Status};
use crate::inventory::{Files, Ignored, Inventory, Problems};
use crate::paste::Paste;
use crate::upload::Upload;

#[component]
pub fn App() -> impl IntoView {
    // What is loaded lives in a Web Worker (`engine`), so that a large import never freezes the
    // page; what the page shows of it is one signal, replaced whenever the worker says it
    // changed, and handed to every area through context. Each area reads its rows through a
    // `Memo`, so it re-renders only when its own rows change.
    let state = RwSignal::new(PageView::default());
    provide_context(state);
    let notice = Notice::new();
    provide_context(notice);
    let status = Status::new();
    let progress = status.progress;
    let analysis = Analysis::new();
    provide_context(analysis);
    engine::start(status);
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
        <main
            class="wrap"
            aria-busy=move || (status.waiting.get() > 0).to_string()
            data-engine=move || status.engine.get()
        >
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
                <Show when=move || progress.with(Option::is_some)>
                    <progress
                        data-testid="import-progress"
                        aria-label="Files read"
                        max=move || progress.get().map(|(_, of)| of).unwrap_or(1)
                        value=move || progress.get().map(|(read, _)| read).unwrap_or(0)
                    ></progress>
                </Show>
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
fn open_fragment(state: RwSignal<PageView>, notice: Notice, analysis: Analysis) {
    let fragment = web_sys::window()
        .and_then(|window| window.location().hash().ok())
        .unwrap_or_default();
    if fragment.is_empty() {
        return;
    }
    spawn_local(async move {
        if reach_view::link::is_link(&fragment) {
            let request = Request::OpenLink { fragment };
            match engine::send(state, request, Vec::new()).await {
                Outcome::Link(Ok(form)) => {
                    analysis.form.set(*form);
                    analysis.run().await;
                    notice.say("Opened a shared answer.");
                }
                Outcome::Link(Err(error)) => {
                    notice.say(format!("Could not open the link: {error}."))
                }
                Outcome::Refused(why) => notice.say(format!("Could not open the link: {why}.")),
                _ => {}
            }
            return;
        }
        match engine::send(state, Request::OpenFragment { fragment }, Vec::new()).await {
            Outcome::Opened(Opened::Demo) => notice.say("Loaded the seed-lab demo."),
            Outcome::Opened(Opened::Variant(id)) => {
                if let Some(variant) = reach_view::demo_variants().into_iter().find(|v| v.id == id)
                {
                    analysis.form.set(variant.question);
                }
                notice.say(format!("Loaded demo variant {id}."))
            }
            Outcome::Opened(Opened::UnknownVariant(id)) => {
                notice.say(format!("There is no demo variant {id}."))
            }
            Outcome::Refused(why) => notice.say(format!("Could not open the demo: {why}.")),
            _ => {}
        }
    });
}
