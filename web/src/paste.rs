//! Loading pasted text: one or several JSON documents copied from a terminal.

use leptos::prelude::*;
use leptos::task::spawn_local;
use reach_view::session::{Outcome, PageView, Request};
use web_sys::HtmlTextAreaElement;

use crate::context::{plural, Notice};
use crate::engine;

#[component]
pub fn Paste() -> impl IntoView {
    let state = expect_context::<RwSignal<PageView>>();
    let notice = expect_context::<Notice>();
    let text = RwSignal::new(String::new());

    let add = move |_| {
        let pasted = text.get_untracked();
        spawn_local(async move {
            match engine::send(state, Request::Paste { text: pasted }, Vec::new()).await {
                Outcome::Pasted(names) if names.is_empty() => {
                    notice.say("Nothing to add: the paste box is empty.")
                }
                Outcome::Pasted(names) => {
                    notice.say(format!(
                        "Added pasted {} as {}.",
                        plural(names.len(), "text", "documents"),
                        names.join(", ")
                    ));
                    text.set(String::new());
                }
                Outcome::Refused(why) => notice.say(format!("Could not add the paste: {why}.")),
                _ => {}
            }
        });
    };

    view! {
        <div class="card paste">
            <h3><label for="paste-json">"Paste JSON"</label></h3>
            <textarea
                id="paste-json"
                rows="5"
                spellcheck="false"
                placeholder="{ \"Vpcs\": [ … ] }"
                prop:value=move || text.get()
                on:input=move |event| text.set(event_target::<HtmlTextAreaElement>(&event).value())
            ></textarea>
            <div class="actions">
                <button type="button" class="button" on:click=add>"Add pasted JSON"</button>
            </div>
            <p class="fine">"Several documents one after another become separate files."</p>
        </div>
    }
}
