//! What Reach made of the loaded files: the files themselves, the problems (shown before the
//! results, so that a partial answer never looks complete), the inventory, and exports.

use leptos::prelude::*;
use leptos::task::spawn_local;
use reach_view::session::{Outcome, PageView, Request};

use crate::browser;
use crate::context::{plural, Notice};
use crate::engine;

#[component]
pub fn Files() -> impl IntoView {
    let state = expect_context::<RwSignal<PageView>>();
    let notice = expect_context::<Notice>();
    let files = Memo::new(move |_| state.with(|page| page.files.clone()));
    let count = move || files.with(Vec::len);

    view! {
        <section class="panel" aria-labelledby="files-heading">
            <div class="panel-head">
                <h2 id="files-heading">
                    "Loaded files " <span class="badge" data-testid="loaded-file-count">{count}</span>
                </h2>
                <Show when=move || { count() > 0 }>
                    <button
                        type="button"
                        class="button subtle"
                        on:click=move |_| {
                            spawn_local(async move {
                                engine::send(state, Request::Clear, Vec::new()).await;
                                notice.say("Removed all files.");
                            });
                        }
                    >
                        "Remove all"
                    </button>
                </Show>
            </div>
            <Show
                when=move || { count() > 0 }
                fallback=|| view! { <p class="empty">"No files loaded yet."</p> }
            >
                <table class="files">
                    <caption class="visually-hidden">"Loaded files"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"File"</th>
                            <th scope="col">"Recognised as"</th>
                            <th scope="col" class="num">"Size"</th>
                            <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            files
                                .get()
                                .into_iter()
                                .map(|file| {
                                    let name = file.name.clone();
                                    let remove_label = format!("Remove {}", file.name);
                                    let recognised = if file.documents.is_empty() {
                                        "nothing recognised".to_owned()
                                    } else {
                                        file.documents
                                            .iter()
                                            .map(|doc| format!("{} ({})", doc.kind, doc.items))
                                            .collect::<Vec<_>>()
                                            .join(", ")
                                    };
                                    let errors = file.errors;
                                    view! {
                                        <tr class:has-errors={errors > 0}>
                                            <td class="file-name"><code>{file.name}</code></td>
                                            <td>
                                                {recognised}
                                                {(errors > 0)
                                                    .then(|| {
                                                        view! {
                                                            <span class="tag error">
                                                                {format!("{errors} {}", plural(errors, "error", "errors"))}
                                                            </span>
                                                        }
                                                    })}
                                            </td>
                                            <td class="num">{size(file.size)}</td>
                                            <td class="num">
                                                <button
                                                    type="button"
                                                    class="button subtle small"
                                                    aria-label=remove_label
                                                    on:click=move |_| {
                                                        let name = name.clone();
                                                        spawn_local(async move {
                                                            let request = Request::RemoveFile { name: name.clone() };
                                                            engine::send(state, request, Vec::new()).await;
                                                            notice.say(format!("Removed {name}."));
                                                        });
                                                    }
                                                >
                                                    "Remove"
                                                </button>
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </Show>
        </section>
    }
}

/// How many diagnostics are shown before "Show all": a first export usually lacks many outputs,
/// and a long list would push the inventory off the screen.
const DIAGNOSTICS_SHOWN: usize = 5;

#[component]
pub fn Problems() -> impl IntoView {
    let state = expect_context::<RwSignal<PageView>>();
    let notice = expect_context::<Notice>();
    let errors = Memo::new(move |_| state.with(|page| page.errors.clone()));
    let diagnostics = Memo::new(move |_| state.with(|page| page.diagnostics.clone()));
    let total = move || errors.with(Vec::len) + diagnostics.with(Vec::len);
    let show_all = RwSignal::new(false);
    let hidden = move || {
        if show_all.get() {
            0
        } else {
            diagnostics.with(Vec::len).saturating_sub(DIAGNOSTICS_SHOWN)
        }
    };

    view! {
        <section class="panel" aria-labelledby="problems-heading">
            <h2 id="problems-heading">
                "Problems " <span class="badge" class:warn=move || { total() > 0 }>{total}</span>
            </h2>
            <Show when=move || { total() == 0 }>
                <p class="empty">
                    "No problems: every file was read and nothing the model needs is missing."
                </p>
            </Show>
            <Show when=move || errors.with(|errors| !errors.is_empty())>
                <h3>"Errors " <span class="count">{move || errors.with(Vec::len)}</span></h3>
                <p class="fine">"These inputs, or parts of them, could not be read."</p>
                <ul class="errors" data-testid="errors">
                    {move || {
                        errors
                            .get()
                            .into_iter()
                            .map(|error| view! { <li><code>{error}</code></li> })
                            .collect_view()
                    }}
                </ul>
            </Show>
            <Show when=move || diagnostics.with(|diagnostics| !diagnostics.is_empty())>
                <h3>
                    "Missing or incomplete data "
                    <span class="count">{move || diagnostics.with(Vec::len)}</span>
                </h3>
                <p class="fine">"Run the command shown to export what is missing, then add its output."</p>
                <ul class="diagnostics" data-testid="diagnostics">
                    {move || {
                        let limit = if show_all.get() { usize::MAX } else { DIAGNOSTICS_SHOWN };
                        diagnostics
                            .get()
                            .into_iter()
                            .take(limit)
                            .map(|diagnostic| {
                                view! {
                                    <li>
                                        <p class="message">
                                            {diagnostic.message.clone()}
                                            {diagnostic
                                                .missing
                                                .filter(|missing| !diagnostic.message.contains(missing.as_str()))
                                                .map(|missing| {
                                                    view! { <span class="tag missing">"missing: " {missing}</span> }
                                                })}
                                        </p>
                                        {diagnostic.command.map(|command| view! { <Command command notice/> })}
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
                <Show when=move || { diagnostics.with(Vec::len) > DIAGNOSTICS_SHOWN }>
                    <button
                        type="button"
                        class="button subtle more"
                        aria-expanded=move || show_all.get().to_string()
                        on:click=move |_| show_all.update(|all| *all = !*all)
                    >
                        {move || match hidden() {
                            0 => "Show fewer".to_owned(),
                            n => format!("Show {n} more"),
                        }}
                    </button>
                </Show>
            </Show>
        </section>
    }
}

/// A command to run, with a button that copies it.
#[component]
fn Command(command: String, notice: Notice) -> impl IntoView {
    let text = StoredValue::new(command.clone());
    view! {
        <div class="command">
            <code>{command}</code>
            <button
                type="button"
                class="button small"
                on:click=move |_| {
                    let command = text.get_value();
                    spawn_local(async move {
                        match browser::copy_text(&command).await {
                            Ok(()) => notice.say("Copied the command."),
                            Err(message) => notice.say(format!("Could not copy: {message}")),
                        }
                    });
                }
            >
                "Copy"
            </button>
        </div>
    }
}

#[component]
pub fn Inventory() -> impl IntoView {
    let state = expect_context::<RwSignal<PageView>>();
    let groups = Memo::new(move |_| state.with(|page| page.count_groups.clone()));
    let vpcs = Memo::new(move |_| state.with(|page| page.vpcs.clone()));

    view! {
        <section class="panel" aria-labelledby="inventory-heading">
            <div class="panel-head">
                <h2 id="inventory-heading">"Inventory"</h2>
                <Export/>
            </div>
            <div class="count-groups" data-testid="counts">
                {move || {
                    groups.get().into_iter().map(|group| view! { <CountTable group/> }).collect_view()
                }}
            </div>
            <h3>"VPCs " <span class="count">{move || vpcs.with(Vec::len)}</span></h3>
            <Show
                when=move || vpcs.with(|vpcs| !vpcs.is_empty())
                fallback=|| view! { <p class="empty">"No VPCs loaded."</p> }
            >
                <ul class="vpc-list" data-testid="vpcs">
                    {move || {
                        vpcs.get().into_iter().map(|vpc| view! { <VpcItem vpc/> }).collect_view()
                    }}
                </ul>
            </Show>
        </section>
    }
}

/// One part of the counts table. Each count cell carries `data-testid="count-<key>"`, the key
/// `reach inventory --format json` uses, so tests can compare the page with the CLI.
#[component]
fn CountTable(group: reach_view::CountGroup) -> impl IntoView {
    view! {
        <table class="counts">
            <caption>{group.title}</caption>
            <thead class="visually-hidden">
                <tr>
                    <th scope="col">"Resource"</th>
                    <th scope="col">"Count"</th>
                </tr>
            </thead>
            <tbody>
                {group
                    .rows
                    .into_iter()
                    .map(|row| {
                        view! {
                            <tr class:zero={row.count == 0}>
                                <th scope="row">{row.label}</th>
                                <td class="num" data-testid=format!("count-{}", row.key)>
                                    {row.count}
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn VpcItem(vpc: reach_view::VpcSummary) -> impl IntoView {
    let place = [vpc.owner_id.clone(), vpc.region.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    view! {
        <li class="vpc">
            <div class="vpc-title">
                <code>{vpc.id}</code>
                {vpc.name.map(|name| view! { <span class="vpc-name">{name}</span> })}
            </div>
            <div class="vpc-cidrs">{vpc.cidrs.join(", ")}</div>
            {(!place.is_empty()).then(|| view! { <div class="fine">{place}</div> })}
            <div class="vpc-stats">
                <span>{vpc.subnets} " " {plural(vpc.subnets, "subnet", "subnets")}</span>
                <span>
                    {vpc.network_interfaces} " "
                    {plural(vpc.network_interfaces, "network interface", "network interfaces")}
                </span>
                <span>{vpc.instances} " " {plural(vpc.instances, "instance", "instances")}</span>
            </div>
        </li>
    }
}

/// The inventory as `reach inventory --format json` prints it, to save or copy.
#[component]
fn Export() -> impl IntoView {
    let notice = expect_context::<Notice>();
    let copy = move |_| {
        spawn_local(async move {
            let Some(json) = inventory_json(notice).await else {
                return;
            };
            match browser::copy_text(&json).await {
                Ok(()) => notice.say("Copied the inventory JSON."),
                Err(message) => notice.say(format!("Could not copy: {message}")),
            }
        });
    };
    let save = move |_| {
        spawn_local(async move {
            let Some(json) = inventory_json(notice).await else {
                return;
            };
            match browser::download("inventory.json", &json, "application/json") {
                Ok(()) => notice.say("Saved inventory.json."),
                Err(message) => notice.say(format!("Could not save: {message}")),
            }
        });
    };
    view! {
        <div class="actions" title="The same JSON as reach inventory --format json">
            <button type="button" class="button small" on:click=save>
                "Download inventory.json"
            </button>
            <button type="button" class="button small" on:click=copy>
                "Copy JSON"
            </button>
        </div>
    }
}

#[component]
pub fn Ignored() -> impl IntoView {
    let state = expect_context::<RwSignal<PageView>>();
    let ignored = Memo::new(move |_| state.with(|page| page.ignored.clone()));
    view! {
        <Show when=move || ignored.with(|ignored| !ignored.is_empty())>
            <section class="panel" aria-labelledby="ignored-heading">
                <h2 id="ignored-heading">"Read but not used"</h2>
                <ul class="ignored" data-testid="ignored">
                    {move || {
                        ignored
                            .get()
                            .into_iter()
                            .map(|row| {
                                view! {
                                    <li>
                                        <code>{row.file}</code> " — " <strong>{row.kind}</strong> ": " {row.reason}
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </section>
        </Show>
    }
}

async fn inventory_json(notice: Notice) -> Option<String> {
    match engine::ask(Request::InventoryJson, Vec::new())
        .await
        .outcome
    {
        Outcome::InventoryJson(json) => Some(json),
        Outcome::Refused(why) => {
            notice.say(format!("Could not write the inventory: {why}."));
            None
        }
        _ => None,
    }
}

/// A byte count for people: `812 B`, `14.2 kB`, `3.1 MB`.
fn size(bytes: usize) -> String {
    match bytes {
        0..=999 => format!("{bytes} B"),
        1_000..=999_999 => format!("{:.1} kB", bytes as f64 / 1e3),
        _ => format!("{:.1} MB", bytes as f64 / 1e6),
    }
}
