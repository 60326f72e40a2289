//! The built-in seed lab and its variants, for trying Reach without an AWS account.

use leptos::prelude::*;
use reach_view::PageState;
use web_sys::HtmlSelectElement;

use crate::app::Notice;

#[component]
pub fn Demo() -> impl IntoView {
    let state = expect_context::<RwSignal<PageState>>();
    let notice = expect_context::<Notice>();
    let analysis = expect_context::<crate::analysis::Analysis>();
    // The variant list is static data: read once, shared by the options and the story line.
    let variants = StoredValue::new(reach_view::demo_variants());
    // Starts at the variant a `#demo=<id>` link opened, if any, else at the first one.
    let first = variants.with_value(|variants| variants.first().map(|v| v.id).unwrap_or_default());
    let selected = RwSignal::new(state.with_untracked(PageState::variant).unwrap_or(first));

    let load_demo = move |_| {
        state.update(PageState::load_demo);
        notice.say("Loaded the seed-lab demo.");
    };
    let load_variant = move |_| {
        let id = selected.get_untracked();
        if state
            .try_update(|state| state.load_demo_variant(id))
            .unwrap_or(false)
        {
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
        } else {
            notice.say(format!("There is no demo variant {id}."));
        }
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
                        let chosen = variant.id == selected.get_untracked();
                        view! {
                            <option value=variant.id selected=chosen>
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
