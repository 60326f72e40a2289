//! `aws elbv2 …` outputs (Application, Network and Gateway Load Balancers).
//!
//! Field names mirror the AWS keys of the same name (see the Elastic Load Balancing v2 API
//! reference), so fields carry no docs of their own.
#![allow(missing_docs)]

pub mod listener;
pub mod load_balancer;
pub mod target_group;
