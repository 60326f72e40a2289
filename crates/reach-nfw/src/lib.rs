//! AWS Network Firewall, evaluated: a firewall policy's stateless and stateful rule groups
//! compiled into rules over header spaces, and an engine that plays a flow through them the
//! way the firewall's Suricata engine sees it, packet by packet. The crate knows nothing of
//! routes or paths: the walk hands it the flows that reach a firewall endpoint and gets back
//! what happens to each.
//!
//! - [`spec`]: what the engine is given: a policy and its rule groups, as plain data.
//! - [`suricata`]: the Suricata rule parser.
//! - [`error`]: a rule the engine cannot use, and where it is.
//! - [`rule_source`]: domain lists as Suricata text, as AWS generates it.
//! - [`variables`]: `$HOME_NET`, `$EXTERNAL_NET`, IP and port sets, IP set references.
//! - [`keyword`]: rule keywords, each value parsed into a typed value (refusing what
//!   Suricata refuses) and matched by a pure function.
//! - [`rule`]: a stateful rule compiled into header spaces and conditions.
//! - [`stateless`]: stateless rules and actions.
//! - [`policy`]: a firewall policy compiled, rule order and default actions.
//! - [`flow`]: the flow description (application protocol, server name, ClientHello size)
//!   and its packets.
//! - [`scenarios`]: the application behaviours to try when the question does not say, and
//!   the classes of server names no rule tells apart.
//! - [`server_name`]: the rules a server name can match, indexed by the name's ending.
//! - [`engine`]: inspection, faithful and AWS-compatible.

pub mod engine;
pub mod error;
pub mod flow;
pub mod keyword;
pub mod policy;
pub mod rule;
pub mod rule_source;
pub mod scenarios;
pub mod server_name;
pub mod spec;
pub mod stateless;
pub mod suricata;
pub mod variables;

pub use engine::{inspect, inspect_aws, Decider, Outcome, Sides, Verdict};
pub use error::{KeywordError, RuleError, RuleErrorKind};
pub use flow::{AppProtocol, Packet, Scenario};
pub use policy::{GroupSource, Policy, Problem, RuleOrder};
pub use scenarios::{scenarios, AppQuestion};
pub use spec::{PolicySpec, RuleGroupSpec};
