//! Reach in the browser. Components only: what the page shows is computed by `reach-view`'s
//! `PageState`, which is tested natively and runs in a Web Worker (`worker.rs`, the second
//! binary); this crate renders the rows the worker sends and forwards events to it.
//!
//! Everything runs in the tab. Files are read with the File API and handed to the same
//! `reach_core::load` the CLI uses; the page makes no network requests after it has loaded.

mod analysis;
mod app;
mod browser;
mod context;
mod demo;
mod engine;
mod inventory;
mod paste;
mod upload;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
