//! `aws directconnect …` outputs.
//!
//! Unlike EC2's, Direct Connect's JSON keys are camelCase (`virtualInterfaceId`). Field names
//! mirror them (see the AWS Direct Connect API reference), so fields carry no docs of their
//! own.
#![allow(missing_docs)]

pub mod virtual_interface;
