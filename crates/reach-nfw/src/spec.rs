//! What the engine is given: a firewall policy and its rule groups as plain data, with the
//! nouns AWS Network Firewall uses. `reach-core` fills these in from the exports; the
//! differential tests build them directly.
//!
//! Settings AWS names with a string (rule order, default actions, domain list kinds) stay
//! strings here, as written: AWS adds values, and [`Policy::compile`](crate::Policy::compile)
//! is the one place that reads them and reports the ones it does not know.

use std::collections::BTreeMap;

/// A firewall policy (`FirewallPolicy` of `describe-firewall-policy`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PolicySpec {
    /// The stateless rule groups it references, as listed.
    pub stateless_groups: Vec<GroupReference>,
    /// `StatelessDefaultActions`, as written (custom actions included).
    pub stateless_default_actions: Vec<String>,
    /// `StatelessFragmentDefaultActions`, as written.
    pub stateless_fragment_default_actions: Vec<String>,
    /// The stateful rule groups it references, as listed.
    pub stateful_groups: Vec<GroupReference>,
    /// `StatefulDefaultActions`, as written (`aws:drop_established`…).
    pub stateful_default_actions: Vec<String>,
    /// `StatefulEngineOptions.RuleOrder`, as written; `None` when not given.
    pub rule_order: Option<String>,
    /// `StatefulEngineOptions.StreamExceptionPolicy`, as written; `None` when not given.
    pub stream_exception_policy: Option<String>,
    /// `TLSInspectionConfigurationArn`.
    pub tls_inspection_configuration: Option<String>,
    /// `PolicyVariables.RuleVariables`: each variable's `Definition` strings.
    pub rule_variables: BTreeMap<String, Vec<String>>,
}

/// A policy's reference to a rule group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupReference {
    /// `ResourceArn`.
    pub arn: String,
    /// `Priority`.
    pub priority: Option<i64>,
    /// `Override: { Action: DROP_TO_ALERT }`: the group's drop rules only alert.
    pub drop_to_alert: bool,
}

/// A rule group's body (`RuleGroup` of `describe-rule-group`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RuleGroupSpec {
    /// `RuleVariables.IPSets`: each variable's `Definition` strings.
    pub ip_sets: BTreeMap<String, Vec<String>>,
    /// `RuleVariables.PortSets`: each variable's `Definition` strings.
    pub port_sets: BTreeMap<String, Vec<String>>,
    /// `ReferenceSets.IPSetReferences`: each `@NAME`'s `ReferenceArn`.
    pub ip_set_references: BTreeMap<String, String>,
    /// `StatefulRuleOptions.RuleOrder`, as written.
    pub rule_order: Option<String>,
    /// Its stateful rules, when it has any.
    pub stateful: Option<StatefulRules>,
    /// Its stateless rules (`StatelessRulesAndCustomActions`), when it has any. A malformed
    /// export may hold both kinds: the reference's kind picks which one is read.
    pub stateless: Option<Vec<StatelessRuleSpec>>,
}

/// Where a stateful group's rules come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StatefulRules {
    /// `RulesString`: Suricata rules as written.
    RulesString(String),
    /// `StatefulRules`: each 5-tuple rule already written as Suricata text, the way AWS
    /// hands it to its engine.
    FiveTuple(Vec<String>),
    /// `RulesSourceList`: a domain list.
    DomainList(DomainList),
}

impl StatefulRules {
    /// The `RulesSource` key, as AWS names it.
    pub fn source_name(&self) -> &'static str {
        match self {
            StatefulRules::RulesString(_) => "RulesString",
            StatefulRules::FiveTuple(_) => "StatefulRules",
            StatefulRules::DomainList(_) => "RulesSourceList",
        }
    }
}

/// A domain list (`RulesSourceList`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DomainList {
    /// `Targets`: domains; a leading `.` takes every subdomain too.
    pub targets: Vec<String>,
    /// `TargetTypes`, as written (`TLS_SNI`, `HTTP_HOST`).
    pub target_types: Vec<String>,
    /// `GeneratedRulesType`, as written (`ALLOWLIST`, `DENYLIST`, `REJECTLIST`,
    /// `ALERTLIST`).
    pub generated_rules_type: Option<String>,
}

/// A stateless rule (`StatelessRules[]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatelessRuleSpec {
    /// `Priority` within the group.
    pub priority: i64,
    /// `RuleDefinition.Actions`, as written (custom actions included).
    pub actions: Vec<String>,
    /// `RuleDefinition.MatchAttributes`.
    pub match_attributes: MatchAttributes,
}

/// The packets a stateless rule (or a TLS inspection scope) covers, as AWS lists them. Empty
/// lists mean "any".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MatchAttributes {
    /// `Sources`.
    pub sources: Vec<AddressDefinition>,
    /// `Destinations`.
    pub destinations: Vec<AddressDefinition>,
    /// `SourcePorts`.
    pub source_ports: Vec<PortRange>,
    /// `DestinationPorts`.
    pub destination_ports: Vec<PortRange>,
    /// `Protocols`: IP protocol numbers, as written.
    pub protocols: Vec<i64>,
    /// `TCPFlags`: any one must hold.
    pub tcp_flags: Vec<TcpFlags>,
}

/// One `AddressDefinition`: a CIDR block, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddressDefinition {
    /// The CIDR block.
    pub address_definition: String,
}

/// A port range (`FromPort`, `ToPort`), as written: the engine clamps it to 0-65535.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PortRange {
    /// `FromPort`.
    pub from_port: i64,
    /// `ToPort`.
    pub to_port: i64,
}

/// One `TCPFlags` entry: the flags that must be set among those inspected.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TcpFlags {
    /// `Flags` (`SYN`, `ACK`…).
    pub flags: Vec<String>,
    /// `Masks`: the flags inspected; none listed means all.
    pub masks: Vec<String>,
}
