//! Loading pasted text: one or several JSON documents copied from a terminal.

use leptos::prelude::*;
use reach_view::PageState;
use web_sys::HtmlTextAreaElement;

use crate::app::Notice;
use crate::upload::plural;

#[component]
pub fn Paste() -> impl IntoView {
    let state = expect_context::<RwSignal<PageState>>();
    let notice = expect_context::<Notice>();
    let text = RwSignal::new(String::new());

    let add = move |_| {
        let names = state
            .try_update(|state| text.with_untracked(|text| state.paste(text)))
            .unwrap_or_default();
        if names.is_empty() {
            notice.say("Nothing to add: the paste box is empty.");
        } else {
            notice.say(format!(
                "Added pasted {} as {}.",
                plural(names.len(), "text", "documents"),
                names.join(", ")
            ));
            text.set(String::new());
        }
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
