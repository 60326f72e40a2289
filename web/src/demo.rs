//! The built-in seed lab and its variants, for trying Reach without an AWS account.

use leptos::prelude::*;
use leptos::task::spawn_local;
use reach_view::session::{Outcome, PageView, Request};
use web_sys::HtmlSelectElement;

use crate::context::{Analysis, Notice};
use crate::engine;

#[component]
pub fn Demo() -> impl IntoView {
    let state = expect_context::<RwSignal<PageView>>();
    let notice = expect_context::<Notice>();
    let analysis = expect_context::<Analysis>();
    // The variant list is static data: read once, shared by the options and the story line.
    let variants = StoredValue::new(reach_view::demo_variants());
    // Starts at the variant a `#demo=<id>` link opened, if any, else at the first one.
    let first = variants.with_value(|variants| variants.first().map(|v| v.id).unwrap_or_default());
    let selected = RwSignal::new(first);
    // Follows the variant a `#demo=<id>` or shared link opened, once the worker has loaded it.
    Effect::new(move |_| {
        let loaded = state.with(|page| page.variant.clone());
        let known = loaded.and_then(|id| {
            variants.with_value(|variants| variants.iter().find(|v| v.id == id).map(|v| v.id))
        });
        if let Some(id) = known {
            selected.set(id);
        }
    });

    let load_demo = move |_| {
        spawn_local(async move {
            match engine::send(state, Request::LoadDemo, Vec::new()).await {
                Outcome::Refused(why) => notice.say(format!("Could not load the demo: {why}.")),
                _ => notice.say("Loaded the seed-lab demo."),
            }
        });
    };
    let load_variant = move |_| {
        let id = selected.get_untracked();
        spawn_local(async move {
            let request = Request::LoadVariant { id: id.to_owned() };
            match engine::send(state, request, Vec::new()).await {
                Outcome::Variant(true) => {
                    notice.say(format!("Loaded demo variant {id}."));
                    // Ask its question: the form is filled in, ready for Analyze.
                    if let Some(form) = variants.with_value(|variants| {
                        variants
                            .iter()
                            .find(|v| v.id == id)
                            .map(|v| v.question.clone())
                    }) {
                        analysis.form.set(form);
                    }
                }
                Outcome::Refused(why) => notice.say(format!("Could not load variant {id}: {why}.")),
                _ => notice.say(format!("There is no demo variant {id}.")),
            }
        });
    };
    let story = move || {
        let id = selected.get();
        variants.with_value(|variants| {
            variants
                .iter()
                .find(|v| v.id == id)
                .map(|v| v.story)
                .unwrap_or_default()
        })
    };

    view! {
        <div class="card demo">
            <h3>"Demo"</h3>
            <p class="fine">
                "The lab behind Reach: one VPC with a NAT gateway and an AWS Network Firewall."
            </p>
            <div class="actions">
                <button type="button" class="button primary" on:click=load_demo>"Load demo"</button>
            </div>
            <label for="demo-variant" class="field-label">
                {format!("Or one of {} variants and designs built on it", variants.with_value(Vec::len))}
            </label>
            <select
                id="demo-variant"
                on:change=move |event| {
                    let id = event_target::<HtmlSelectElement>(&event).value();
                    let known = variants.with_value(|variants| variants.iter().find(|v| v.id == id).map(|v| v.id));
                    if let Some(id) = known {
                        selected.set(id);
                    }
                }
            >
                {variants
                    .get_value()
                    .into_iter()
                    .map(|variant| {
                        let id = variant.id;
                        view! {
                            <option value=id prop:selected=move || selected.get() == id>
                                {variant.label}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <p class="story" data-testid="variant-story">{story}</p>
            <div class="actions">
                <button type="button" class="button" on:click=load_variant>"Load variant"</button>
            </div>
        </div>
    }
}
