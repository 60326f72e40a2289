//! The web page's view-model: what the page shows, computed by plain Rust.
//!
//! [`PageState`] owns the files the user has given the page (uploaded, dropped, pasted or the
//! built-in demo) and the [`reach_core::Load`] made from them. Every change of the files reloads
//! them all, so what the page shows is always `reach_core::load` of exactly the listed files,
//! the same answer the CLI gives for the same files. Read access returns small plain structs
//! (rows) that a component renders as they are.
//!
//! Guarantees:
//! - No Leptos, no DOM, no I/O: the crate runs natively, and its tests are the page's logic tests.
//! - Nothing panics on input: bad bytes or broken JSON become errors listed by [`PageState::errors`].
//!
//! ```
//! use reach_view::PageState;
//! let mut state = PageState::new();
//! state.paste(r#"{"Vpcs": [{"VpcId": "vpc-0a1b", "CidrBlock": "10.0.0.0/16"}]}"#);
//! assert_eq!(state.files()[0].name, "pasted-1.json");
//! assert_eq!(state.count("vpcs"), Some(1));
//! ```
//!
//! Where things are: `state` holds [`PageState`] itself and is the only module that changes
//! its files; `files` lists them (with diagnostics, errors and ignored documents); `inventory`
//! counts what they hold; `demo` loads the built-in seed lab; `links` builds and opens share
//! links, in the format of [`link`]; [`analysis`] and [`diagram`] turn a question into the
//! answer the page draws; [`session`] is the message boundary to the page's Web Worker. Each
//! of `files`, `inventory`, `demo` and `links` adds its own `impl PageState` block; their rows
//! are re-exported here, so that users of the crate need not know the layout.
#![deny(missing_docs)]
#![cfg_attr(not(test), warn(clippy::unwrap_used))]

pub mod analysis;
pub mod diagram;
pub mod link;
pub mod minimal;
pub mod session;

mod demo;
mod files;
mod inventory;
mod links;
mod state;

#[cfg(test)]
mod fixtures;

pub use demo::{demo_variants, Opened, VariantRow};
pub use files::{wanted_in_folder, DiagnosticRow, DocumentRow, FileRow, IgnoredRow};
pub use inventory::{CountGroup, CountRow, VpcSummary};
pub use state::PageState;
