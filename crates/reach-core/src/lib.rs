//! The model of an AWS network, built from `describe-*` exports: resolved, typed resources
//! ([`Snapshot`]), what is missing from the input ([`Diagnostic`]s, each with the AWS CLI call
//! that exports it), and what could not be read.
//!
//! Guarantees: no I/O, no threads, no clock (the same code runs natively and in wasm); no
//! panics on input (partial or broken input still yields a model, with diagnostics).
//!
//! ```
//! use reach_aws::InputFile;
//! let files = [InputFile::new("describe-vpcs.json", r#"{"Vpcs": [{"VpcId": "vpc-0a1b", "CidrBlock": "10.0.0.0/16"}]}"#)];
//! let load = reach_core::load(&files);
//! assert_eq!(load.snapshot.vpcs.len(), 1);
//! // Only describe-vpcs was given: Reach says which outputs it did not see.
//! assert!(load.diagnostics.iter().any(|d| d.command.as_deref() == Some("aws ec2 describe-subnets")));
//! ```
#![deny(missing_docs)]
#![cfg_attr(not(test), warn(clippy::unwrap_used))]

mod collect;
mod command;
mod diagnostic;
mod inventory;
mod load;
mod lower;

pub mod analysis;
pub mod demo;
pub mod evaluate;
pub mod ids;
pub mod model;
pub use reach_space as space;

pub use analysis::{analyze, Answer, Question, Verdict};
pub use diagnostic::Diagnostic;
pub use inventory::{inventory, CountKey, Inventory, VpcSummary};
pub use load::{load, load_with_progress, FileSummary, Load};
pub use model::Snapshot;
