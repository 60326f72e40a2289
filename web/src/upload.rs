//! Loading files: a drop zone for files and folders, a file picker and a folder picker.

use leptos::ev::{DragEvent, Event};
use leptos::prelude::*;
use leptos::task::spawn_local;
use reach_view::session::{Outcome, PageView, Request};
use web_sys::{File, FileList, HtmlInputElement};

use crate::browser::{self, Picked};
use crate::context::{plural, Notice};
use crate::engine;

#[component]
pub fn Upload() -> impl IntoView {
    let state = expect_context::<RwSignal<PageView>>();
    let notice = expect_context::<Notice>();
    let dragging = RwSignal::new(false);
    // `webkitdirectory` (pick a folder, get every file in it) is not an attribute the view macro
    // knows, so it is set on the element once it exists.
    let folder_input = NodeRef::<leptos::html::Input>::new();
    folder_input.on_load(|input| {
        let _ = input.set_attribute("webkitdirectory", "");
    });

    let on_choose_files = move |event: Event| {
        let input = event_target::<HtmlInputElement>(&event);
        let mut picked = Picked::default();
        for file in list(input.files()) {
            picked.file(file.name(), file);
        }
        // Cleared so that choosing the same file again (after editing it) fires `change` again.
        input.set_value("");
        spawn_local(add(picked, state, notice));
    };

    let on_choose_folder = move |event: Event| {
        let input = event_target::<HtmlInputElement>(&event);
        let mut picked = Picked::default();
        for file in list(input.files()) {
            picked.in_folder(browser::relative_path(&file), file);
        }
        input.set_value("");
        spawn_local(add(picked, state, notice));
    };

    let on_drop = move |event: DragEvent| {
        event.prevent_default();
        dragging.set(false);
        let Some(transfer) = event.data_transfer() else {
            return;
        };
        // The entries must be taken now: the browser empties the item list once this handler
        // returns, so only the walk of folders below may wait.
        let items = transfer.items();
        let mut entries = Vec::new();
        let mut picked = Picked::default();
        for index in 0..items.length() {
            let Some(item) = items.get(index) else {
                continue;
            };
            if item.kind() != "file" {
                continue;
            }
            match item.webkit_get_as_entry() {
                Ok(Some(entry)) => entries.push(entry),
                // No entry API: take the file itself (a folder cannot be read this way).
                _ => {
                    if let Ok(Some(file)) = item.get_as_file() {
                        picked.file(file.name(), file);
                    }
                }
            }
        }
        if entries.is_empty() && picked.files.is_empty() {
            for file in list(transfer.files()) {
                picked.file(file.name(), file);
            }
        }
        spawn_local(async move {
            if let Err(message) = browser::walk_entries(entries, &mut picked).await {
                notice.say(format!("Could not read a dropped folder: {message}"));
                return;
            }
            add(picked, state, notice).await;
        });
    };

    view! {
        <div
            class="card drop-zone"
            class:dragging=move || dragging.get()
            data-testid="drop-zone"
            on:dragenter=move |event: DragEvent| {
                event.prevent_default();
                dragging.set(true);
            }
            on:dragover=move |event: DragEvent| {
                // Without this the browser opens the dropped file instead of handing it to us.
                event.prevent_default();
                dragging.set(true);
            }
            on:dragleave=move |_| dragging.set(false)
            on:drop=on_drop
        >
            <h3>"Files and folders"</h3>
            <p class="drop-text">"Drop JSON files or whole folders here"</p>
            <div class="pickers">
                <input
                    id="choose-files"
                    class="visually-hidden"
                    type="file"
                    multiple
                    accept=".json,application/json"
                    on:change=on_choose_files
                />
                <label for="choose-files" class="button primary">"Choose files"</label>
                <input
                    id="choose-folder"
                    class="visually-hidden"
                    type="file"
                    multiple
                    node_ref=folder_input
                    on:change=on_choose_folder
                />
                <label for="choose-folder" class="button">"Choose a folder"</label>
            </div>
            <p class="fine">"In folders, only " <code>".json"</code> " files are read."</p>
        </div>
    }
}

/// Reads the picked files and adds them to the page, saying what happened.
async fn add(picked: Picked, state: RwSignal<PageView>, notice: Notice) {
    let _busy = engine::busy();
    let skipped = picked.skipped;
    if picked.files.is_empty() {
        notice.say(match skipped {
            0 => "No files to add.".to_owned(),
            n => format!(
                "No JSON files found ({n} other {} skipped).",
                plural(n, "file", "files")
            ),
        });
        return;
    }
    let mut picked = picked.files;
    picked.sort_by(|left, right| left.0.cmp(&right.0));
    let count = picked.len();
    notice.say(format!(
        "Reading {count} {}…",
        plural(count, "file", "files")
    ));
    let (files, failed) = browser::read_all(picked).await;
    let added = files.len();
    let bytes: usize = files.iter().map(|(_, bytes)| bytes.length() as usize).sum();
    // The worker reads and lowers them; the page stays responsive and shows its progress.
    notice.say(format!(
        "Importing {added} {} ({:.1} MB)…",
        plural(added, "file", "files"),
        bytes as f64 / 1_000_000.0
    ));
    let started = js_sys::Date::now();
    let (names, contents) = files.into_iter().unzip();
    let outcome = engine::send(state, Request::AddFiles { names }, contents).await;
    let took = js_sys::Date::now() - started;
    if let Outcome::Refused(why) = outcome {
        notice.say(format!("Could not import the files: {why}."));
        return;
    }
    let mut message = format!("Added {added} {}.", plural(added, "file", "files"));
    if took >= 200.0 {
        message.push_str(&format!(" Imported in {:.1} s.", took / 1000.0));
    }
    if skipped > 0 {
        message.push_str(&format!(
            " Skipped {skipped} non-JSON {}.",
            plural(skipped, "file", "files")
        ));
    }
    if !failed.is_empty() {
        message.push_str(&format!(" Could not read: {}.", failed.join("; ")));
    }
    notice.say(message);
}

fn list(files: Option<FileList>) -> Vec<File> {
    let Some(files) = files else {
        return Vec::new();
    };
    (0..files.length())
        .filter_map(|index| files.get(index))
        .collect()
}
