//! The representation: serde types for the JSON that `aws … --output json` prints for every
//! call Reach reads, field names as AWS spells them, and nothing else.
//!
//! Guarantees:
//! - Unknown fields are ignored (AWS adds fields often); an enum value we do not know is kept
//!   as text ([`Text`] fields stay strings until the model interprets them).
//! - Nothing here resolves a reference or interprets a value: that is `reach-core`'s job.
//! - Reading never panics and never does I/O: [`read`] takes the bytes of one file and returns
//!   the documents it recognised, the errors it met, and what it read but does not model.
//!
//! ```
//! use reach_aws::{read, InputFile, Document};
//! let file = InputFile::new("vpcs.json", r#"{"Vpcs": [{"VpcId": "vpc-0a1b", "CidrBlock": "10.0.0.0/16"}]}"#);
//! let read = read(&file);
//! assert!(read.errors.is_empty());
//! assert!(matches!(&read.documents[0].document, Document::Vpcs(vpcs) if vpcs.len() == 1));
//! ```
#![deny(missing_docs)]
#![cfg_attr(not(test), warn(clippy::unwrap_used))]

mod context;
mod document;
mod elements;
mod error;
mod input;
mod recognize;

pub mod direct_connect;
pub mod ec2;
pub mod elbv2;
pub mod network_firewall;

pub use context::Context;
pub use document::{Document, DocumentKind, Item, Located};
pub use elements::{Dropped, Element, Elements};
pub use error::Error;
pub use input::InputFile;
pub use recognize::{read, FileRead, Ignored, MAX_WRAPPER_DEPTH};
