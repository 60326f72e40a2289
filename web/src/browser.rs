//! The few browser APIs the page needs, wrapped as plain async functions: reading files and
//! walking dropped folders, the clipboard, and saving a download. Errors come back as text for
//! the status line; nothing here panics on what the user gives it.

use js_sys::{Array, Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, BlobPropertyBag, File, FileSystemDirectoryEntry, FileSystemEntry, FileSystemFileEntry,
    HtmlAnchorElement, Url,
};

/// Files picked for loading, each with the name it will be listed under.
#[derive(Default)]
pub struct Picked {
    pub files: Vec<(String, File)>,
    /// Files inside folders that were left out (not `.json`, or hidden).
    pub skipped: usize,
}

impl Picked {
    /// Adds a file picked one by one: always kept.
    pub fn file(&mut self, name: String, file: File) {
        self.files.push((name, file));
    }

    /// Adds a file met inside a folder: kept only when `reach_view::wanted_in_folder` says so.
    pub fn in_folder(&mut self, path: String, file: File) {
        if reach_view::wanted_in_folder(&path) {
            self.files.push((path, file));
        } else {
            self.skipped += 1;
        }
    }
}

/// Reads each picked file's bytes (as an `ArrayBuffer`: bytes, not text, so that an encoding
/// problem is reported by Reach like any other). The bytes stay on the JavaScript side, to be
/// handed to the worker without a copy. Files that cannot be read are named in the second list.
pub async fn read_all(picked: Vec<(String, File)>) -> (Vec<(String, Uint8Array)>, Vec<String>) {
    let mut files = Vec::new();
    let mut failed = Vec::new();
    for (name, file) in picked {
        match JsFuture::from(file.array_buffer()).await {
            Ok(buffer) => files.push((name, Uint8Array::new(&buffer))),
            Err(error) => failed.push(format!("{name}: {}", js_message(error))),
        }
    }
    (files, failed)
}

/// The path of a file chosen through a folder picker (`<input webkitdirectory>`), relative to
/// the chosen folder's parent (`seed-lab/describe-vpcs.json`); the bare name when there is none.
pub fn relative_path(file: &File) -> String {
    Reflect::get(file, &JsValue::from_str("webkitRelativePath"))
        .ok()
        .and_then(|path| path.as_string())
        .filter(|path| !path.is_empty())
        .unwrap_or_else(|| file.name())
}

/// Walks dropped entries: files dropped directly are kept whatever their name, folders are
/// walked to the bottom and their files filtered by `reach_view::wanted_in_folder`. Names are
/// paths from the dropped item down (`seed-lab/variants/case-4.json`).
pub async fn walk_entries(
    entries: Vec<FileSystemEntry>,
    picked: &mut Picked,
) -> Result<(), String> {
    // An explicit stack instead of recursion: async recursion would need boxed futures.
    let mut stack: Vec<(FileSystemEntry, bool)> =
        entries.into_iter().map(|entry| (entry, true)).collect();
    while let Some((entry, dropped_directly)) = stack.pop() {
        if entry.is_directory() {
            let reader = entry
                .unchecked_into::<FileSystemDirectoryEntry>()
                .create_reader();
            // `readEntries` hands out a directory in batches (100 at a time in Chromium) and
            // an empty batch at the end.
            loop {
                let batch: Array = callback_promise(|resolve, reject| {
                    reader.read_entries_with_callback_and_callback(resolve, reject)
                })
                .await?
                .unchecked_into();
                if batch.length() == 0 {
                    break;
                }
                stack.extend(
                    batch
                        .iter()
                        .map(|child| (child.unchecked_into::<FileSystemEntry>(), false)),
                );
            }
        } else if entry.is_file() {
            let path = entry.full_path().trim_start_matches('/').to_owned();
            let file_entry = entry.unchecked_into::<FileSystemFileEntry>();
            let file: File = callback_promise(|resolve, reject| {
                file_entry.file_with_callback_and_callback(resolve, reject);
                Ok(())
            })
            .await?
            .unchecked_into();
            if dropped_directly {
                picked.file(path, file);
            } else {
                picked.in_folder(path, file);
            }
        }
    }
    Ok(())
}

/// Turns a callback-style browser API (success and error callbacks) into a future.
async fn callback_promise(
    call: impl FnOnce(&js_sys::Function, &js_sys::Function) -> Result<(), JsValue>,
) -> Result<JsValue, String> {
    let mut call = Some(call);
    let promise = Promise::new(&mut |resolve, reject| {
        if let Some(call) = call.take() {
            if let Err(error) = call(&resolve, &reject) {
                let _ = reject.call1(&JsValue::NULL, &error);
            }
        }
    });
    JsFuture::from(promise).await.map_err(js_message)
}

/// Puts text on the clipboard.
pub async fn copy_text(text: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let promise = window.navigator().clipboard().write_text(text);
    JsFuture::from(promise)
        .await
        .map(|_| ())
        .map_err(js_message)
}

/// Saves text as a file through the browser's download, from a `blob:` URL made here (no
/// request leaves the tab).
pub fn download(file_name: &str, text: &str, mime: &str) -> Result<(), String> {
    let parts = Array::of1(&JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options).map_err(js_message)?;
    let url = Url::create_object_url_with_blob(&blob).map_err(js_message)?;
    let document = web_sys::window()
        .and_then(|window| window.document())
        .ok_or("no document")?;
    let anchor: HtmlAnchorElement = document
        .create_element("a")
        .map_err(js_message)?
        .unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    // The download starts after this returns; give it time before freeing the blob.
    leptos::prelude::set_timeout(
        move || {
            let _ = Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(30),
    );
    Ok(())
}

/// A JavaScript error as text: its `message` when it has one.
pub fn js_message(value: JsValue) -> String {
    Reflect::get(&value, &JsValue::from_str("message"))
        .ok()
        .and_then(|message| message.as_string())
        .or_else(|| value.as_string())
        .unwrap_or_else(|| format!("{value:?}"))
}

/// Puts `fragment` (without `#`) in the address bar without a navigation or a history entry.
pub fn replace_fragment(fragment: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&format!("#{fragment}")));
    }
}

/// The page's address, fragment included.
pub fn location_href() -> String {
    web_sys::window()
        .and_then(|window| window.location().href().ok())
        .unwrap_or_default()
}

/// The markup of the element with this id (the browser serialises it, escaping text).
pub fn element_markup(id: &str) -> Option<String> {
    web_sys::window()?
        .document()?
        .get_element_by_id(id)
        .map(|element| element.outer_html())
}
