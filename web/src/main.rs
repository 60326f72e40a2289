//! Reach in the browser. Components only: what the page shows is computed by `reach-view`'s
//! `PageState`, which is tested natively; this crate renders it and forwards events.
//!
//! Everything runs in the tab. Files are read with the File API and handed to the same
//! `reach_core::load` the CLI uses; the page makes no network requests after it has loaded.

mod analysis;
mod app;
mod browser;
mod demo;
mod inventory;
mod paste;
mod upload;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
