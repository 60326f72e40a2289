//! From the representation to the model: parse values (CIDRs, addresses, protocols), resolve
//! every reference, spell out AWS's defaults, and turn each dangling reference into a
//! diagnostic with the call that exports what is missing. The only module that knows both
//! `reach-aws` and the model.
//!
//! One module per `reach-aws` module, named the same: `ec2/route_table.rs` lowers
//! `reach_aws::ec2::route_table`. Siblings never import each other; what two of them need lives
//! here (the [`Lowering`] context, the reference checks, small helpers) or in `parse.rs` (values).
//! [`lower`] fixes the order, because later resources read earlier ones from the snapshot (a
//! subnet falls back to its VPC's main route table) and because a diagnostic describes the first
//! reference to what is missing.

mod direct_connect;
mod ec2;
mod elbv2;
mod network_firewall;
mod parse;

// AWS Network Firewall's JSON read into the rule engine's input: the policy compiler and the
// TLS inspection configurations both use it.
use network_firewall::spec::{match_attributes, policy_spec, rule_group_specs};

use crate::collect::Collected;
use crate::command;
use crate::diagnostic::Diagnostics;
use crate::ids::*;
use crate::model::*;
use reach_aws::Error;

/// What lowering works with: the input, the model being built, and where problems go.
pub(crate) struct Lowering<'a> {
    /// Everything read, merged by id.
    input: &'a Collected,
    /// The model under construction.
    snapshot: Snapshot,
    /// Errors (values that cannot be read) and diagnostics (references to what is missing).
    sink: Sink<'a>,
}

/// The one place lowering reports problems. Errors name the file, the resource and the JSON
/// path of the field; diagnostics name what is missing and the call that exports it.
pub(crate) struct Sink<'a> {
    errors: &'a mut Vec<Error>,
    diagnostics: &'a mut Diagnostics,
}

/// Builds the model from everything collected.
pub(crate) fn lower(
    collected: &Collected,
    errors: &mut Vec<Error>,
    diagnostics: &mut Diagnostics,
) -> Snapshot {
    let mut lowering = Lowering {
        input: collected,
        snapshot: Snapshot::default(),
        sink: Sink {
            errors,
            diagnostics,
        },
    };
    run(&mut lowering);
    lowering.snapshot
}

/// Lowers every kind of resource, in an order that lets each find what it refers to.
fn run(lowering: &mut Lowering<'_>) {
    // A VPC's main route table and default network ACL come from the tables and ACLs, and a
    // subnet falls back to them, so VPCs, route tables and ACLs come before subnets.
    ec2::vpc::lower(lowering);
    ec2::route_table::lower(lowering);
    ec2::network_acl::lower(lowering);
    ec2::subnet::lower(lowering);
    ec2::security_group::lower(lowering);
    // Instances complete the interfaces `describe-network-interfaces` did not export with
    // their own view of them; only then are the interfaces' references checked.
    ec2::network_interface::lower(lowering);
    ec2::instance::lower(lowering);
    ec2::network_interface::check_references(lowering);
    // A rule may refer to any group, so rules are checked once every group is in.
    ec2::security_group::check_references(lowering);
    ec2::internet_gateway::lower(lowering);
    ec2::egress_only_internet_gateway::lower(lowering);
    ec2::vpn_gateway::lower(lowering);
    ec2::vpn_connection::lower(lowering);
    direct_connect::virtual_interface::lower(lowering);
    ec2::nat_gateway::lower(lowering);
    ec2::address::lower(lowering);
    ec2::managed_prefix_list::lower(lowering);
    ec2::vpc_endpoint::lower(lowering);
    ec2::vpc_peering_connection::lower(lowering);
    // A transit gateway route table's propagated routes come from its VPC attachments'
    // VPCs.
    ec2::transit_gateway::lower(lowering);
    // Rule groups, then the policies that reference them, then the firewalls that use them.
    network_firewall::rule_group::lower(lowering);
    network_firewall::firewall_policy::lower(lowering);
    network_firewall::tls_inspection_configuration::lower(lowering);
    network_firewall::firewall::lower(lowering);
    elbv2::load_balancer::lower(lowering);
    elbv2::listener::lower(lowering);
    elbv2::target_group::lower(lowering);
    // Each firewall's policy and rule groups rendered for the reach-nfw engine.
    network_firewall::compile::compile_firewalls(&mut lowering.snapshot, lowering.sink.errors);
    // A route may lead to any gateway, interface or firewall endpoint: checked last.
    ec2::route_table::check_targets(lowering);
}

impl Sink<'_> {
    /// A value of `resource` that cannot be read: `field` is its path inside the resource, or
    /// inside the list the resource is (`[2].DestinationCidrBlock` in the `Routes` of
    /// `search-transit-gateway-routes`).
    fn error(&mut self, origin: &Origin, resource: &str, field: &str, message: String) {
        let location = match field.starts_with('[') {
            // An index follows the list's path without a dot: `Routes[2]`, not `Routes.[2]`.
            true => format!("{}{field}", origin.path),
            false => origin.field_path(field),
        };
        self.errors.push(
            Error::in_file(&origin.file, message)
                .of_resource(resource)
                .at(location),
        );
    }

    /// Reports an element of `list` that did not read (see [`reach_aws::Elements`]) and
    /// returns it as the model keeps it; what could still be read of it is the caller's to add.
    fn dropped<K>(
        &mut self,
        origin: &Origin,
        resource: &str,
        list: &str,
        dropped: &reach_aws::Dropped<K>,
    ) -> DroppedElement {
        let path = format!("{list}[{}]", dropped.index);
        let field = match dropped.location.as_str() {
            "" => path.clone(),
            location => format!("{path}.{location}"),
        };
        self.error(origin, resource, &field, dropped.message.clone());
        dropped_element(path, format!("{field}: {}", dropped.message))
    }

    /// How many errors were reported so far: a mark for [`Sink::reasons_since`].
    fn mark(&self) -> usize {
        self.errors.len()
    }

    /// The errors reported since `mark`, each as `field: message` inside the resource at
    /// `origin`: why the element being lowered was left out.
    fn reasons_since(&self, mark: usize, origin: &Origin) -> String {
        let prefix = format!("{}.", origin.path);
        self.errors
            .get(mark..)
            .unwrap_or_default()
            .iter()
            .map(|error| {
                let location = error.location.as_deref().unwrap_or_default();
                let location = location.strip_prefix(&prefix).unwrap_or(location);
                format!("{location}: {}", error.message)
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// Two resources (or two parts of one) that AWS would never hold together: the export is
    /// inconsistent, and `message` says which Reach uses.
    fn conflict(&mut self, message: String) {
        self.diagnostics.other(crate::Diagnostic {
            message,
            missing: None,
            command: None,
        });
    }

    /// `missing` is referred to (`message`) and `command` exports it.
    fn missing(
        &mut self,
        missing: impl Into<String>,
        message: impl Into<String>,
        command: impl Into<String>,
    ) {
        self.diagnostics.missing(missing, message, command);
    }
}

/// The reference checks: each reports `{referrer} {relation} {kind} {id}, which is not in the
/// input` ("route table rtb-1 is in VPC vpc-1, …"), with the call that exports it, unless the
/// input has the resource. `relation` is a verb phrase such as "is in" or "uses".
impl Sink<'_> {
    fn reference(
        &mut self,
        found: bool,
        (referrer, relation): (&str, &str),
        kind: &str,
        id: &str,
        export: fn(&str) -> String,
    ) {
        if !found {
            self.missing(
                id,
                format!("{referrer} {relation} {kind} {id}, which is not in the input"),
                export(id),
            );
        }
    }

    fn check_vpc(&mut self, input: &Collected, referrer: &str, relation: &str, vpc: &str) {
        let found = input.vpcs.contains(vpc);
        self.reference(found, (referrer, relation), "VPC", vpc, command::vpc);
    }

    fn check_subnet(&mut self, input: &Collected, referrer: &str, relation: &str, subnet: &str) {
        let found = input.subnets.contains(subnet);
        self.reference(
            found,
            (referrer, relation),
            "subnet",
            subnet,
            command::subnet,
        );
    }

    fn check_route_table(&mut self, input: &Collected, referrer: &str, relation: &str, id: &str) {
        let found = input.route_tables.contains(id);
        self.reference(
            found,
            (referrer, relation),
            "route table",
            id,
            command::route_table,
        );
    }

    /// A group is in the input when `describe-security-groups` or
    /// `describe-security-group-rules` has it.
    fn check_security_group(&mut self, input: &Collected, referrer: &str, group: &str) {
        let found = input.security_groups.contains(group)
            || input
                .security_group_rules
                .iter()
                .any(|(_, entry)| entry.value.group_id == group);
        self.reference(
            found,
            (referrer, "uses"),
            "security group",
            group,
            command::security_group,
        );
    }

    /// A prefix list is in the input when `describe-managed-prefix-lists` or
    /// `describe-prefix-lists` has it.
    fn check_prefix_list(&mut self, input: &Collected, referrer: &str, relation: &str, id: &str) {
        let found = input.managed_prefix_lists.contains(id) || input.aws_prefix_lists.contains(id);
        self.reference(
            found,
            (referrer, relation),
            "prefix list",
            id,
            command::prefix_list,
        );
    }

    fn check_network_interface(
        &mut self,
        input: &Collected,
        referrer: &str,
        relation: &str,
        id: &str,
    ) {
        let found = input.network_interfaces.contains(id);
        self.reference(
            found,
            (referrer, relation),
            "network interface",
            id,
            command::network_interface,
        );
    }

    fn check_instance(&mut self, input: &Collected, referrer: &str, relation: &str, id: &str) {
        let found = input.instances.contains(id);
        self.reference(
            found,
            (referrer, relation),
            "instance",
            id,
            command::instance,
        );
    }

    fn check_transit_gateway(&mut self, input: &Collected, referrer: &str, id: &str) {
        let found = input.transit_gateways.contains(id);
        self.reference(
            found,
            (referrer, "belongs to"),
            "transit gateway",
            id,
            command::transit_gateway,
        );
    }
}

/// `kind id (name)`, or `kind id` when the resource has no name: how messages name a resource.
fn label(kind: &str, id: &str, name: Option<&str>) -> String {
    match name {
        Some(name) if !name.is_empty() => format!("{kind} {id} ({name})"),
        _ => format!("{kind} {id}"),
    }
}

/// An element left out at `path` for `reason`, nothing else known of it yet.
fn dropped_element(path: String, reason: String) -> DroppedElement {
    DroppedElement {
        path,
        reason,
        association: false,
        egress: None,
        rule_number: None,
        destination: None,
    }
}

/// Lowers each resource of `table` into `models`, keyed by its id: `lower_one` builds the
/// model from the id, the value as read and where it was read, checking on the way what the
/// resource refers to. For the kinds whose lowering is one model per entry; a kind that
/// lowers into other kinds' models, or skips entries, keeps its own loop.
fn lower_each<T: PartialEq, K: for<'s> From<&'s str> + Ord, M>(
    table: &crate::collect::Table<T>,
    models: &mut std::collections::BTreeMap<K, M>,
    mut lower_one: impl FnMut(&str, &T, &Origin) -> M,
) {
    for (id, entry) in table.iter() {
        let model = lower_one(id, &entry.value, &entry.origin);
        models.insert(K::from(id.as_str()), model);
    }
}

fn owned(text: Option<&str>) -> Option<String> {
    text.map(str::to_owned)
}

/// Whether an association (of a CIDR block, a route table) still applies.
fn association_live(state: Option<&reach_aws::ec2::StateObject>) -> bool {
    // Associations being removed or that failed no longer apply.
    !matches!(
        state.and_then(|state| state.state.as_deref()),
        Some("disassociated" | "disassociating" | "failed" | "failing")
    )
}

/// The VPC a gateway is attached to (internet and egress-only internet gateways).
fn attached_vpc(
    attachments: &[reach_aws::ec2::internet_gateway::GatewayAttachment],
) -> Option<VpcId> {
    attachments
        .iter()
        .find(|attachment| {
            matches!(
                attachment.state.as_deref(),
                None | Some("available" | "attached")
            )
        })
        .map(|attachment| VpcId::new(&attachment.vpc_id))
}

/// Finds what a context key names: an ARN as is, or a name matched against known ARNs.
fn resolve<'a>(key: &str, arns: impl Iterator<Item = &'a String>) -> Option<String> {
    if key.starts_with("arn:") {
        return Some(key.to_owned());
    }
    let matches: Vec<&String> = arns.filter(|arn| arn_name(arn) == key).collect();
    match matches.as_slice() {
        [only] => Some((*only).clone()),
        _ => None,
    }
}

/// What the tests of every lowering module check: the errors and diagnostics `load` reports
/// for a few inline files, one line each, leaving out the "no … output in the input" notes
/// that any whole output triggers.
#[cfg(test)]
fn problems(files: &[(&str, &str)]) -> (Snapshot, Vec<String>) {
    let files: Vec<reach_aws::InputFile> = files
        .iter()
        .map(|(name, text)| reach_aws::InputFile::new(*name, *text))
        .collect();
    let load = crate::load(&files);
    let mut lines: Vec<String> = load
        .errors
        .iter()
        .map(|error| format!("error {error}"))
        .collect();
    lines.extend(
        load.diagnostics
            .iter()
            .filter(|diagnostic| {
                !(diagnostic.message.starts_with("no ")
                    && diagnostic.message.contains(" output in the input"))
            })
            .map(|diagnostic| {
                format!(
                    "missing {}: {} | {}",
                    diagnostic.missing.as_deref().unwrap_or("-"),
                    diagnostic.message,
                    diagnostic.command.as_deref().unwrap_or("-")
                )
            }),
    );
    (load.snapshot, lines)
}

/// Asserts that `files` load with exactly the `expected` problems (see [`problems`]).
#[cfg(test)]
#[track_caller]
fn check(files: &[(&str, &str)], expected: &[&str]) {
    let (_, actual) = problems(files);
    assert_eq!(actual, expected, "\nactual:\n{}", actual.join("\n"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_leaves_out_an_empty_name() {
        assert_eq!(label("subnet", "subnet-1", None), "subnet subnet-1");
        assert_eq!(label("subnet", "subnet-1", Some("")), "subnet subnet-1");
        assert_eq!(
            label("subnet", "subnet-1", Some("app")),
            "subnet subnet-1 (app)"
        );
    }

    #[test]
    fn resolve_takes_an_arn_as_is_and_a_name_only_when_one_arn_has_it() {
        let arns = [
            "arn:aws:network-firewall:us-east-1:111122223333:stateful-rulegroup/web".to_owned(),
            "arn:aws:network-firewall:us-east-1:111122223333:stateful-rulegroup/dns".to_owned(),
            "arn:aws:network-firewall:us-east-2:111122223333:stateful-rulegroup/dns".to_owned(),
        ];
        assert_eq!(
            resolve("arn:aws:x", arns.iter()).as_deref(),
            Some("arn:aws:x")
        );
        assert_eq!(resolve("web", arns.iter()), Some(arns[0].clone()));
        // Two rule groups are named dns: the name alone does not say which.
        assert_eq!(resolve("dns", arns.iter()), None);
        assert_eq!(resolve("nope", arns.iter()), None);
    }

    #[test]
    fn association_states_that_no_longer_apply() {
        let state = |text: &str| reach_aws::ec2::StateObject {
            state: Some(text.to_owned()),
        };
        assert!(association_live(None));
        assert!(association_live(Some(&state("associated"))));
        assert!(!association_live(Some(&state("disassociating"))));
        assert!(!association_live(Some(&state("failed"))));
    }

    #[test]
    fn a_dangling_reference_names_referrer_relation_and_the_export_call() {
        check(
            &[(
                "describe-internet-gateways.json",
                r#"{"InternetGateways": [{"InternetGatewayId": "igw-1", "Attachments": [{"VpcId": "vpc-9", "State": "available"}]}]}"#,
            )],
            &["missing vpc-9: internet gateway igw-1 is attached to VPC vpc-9, which is not in the input | aws ec2 describe-vpcs --vpc-ids vpc-9"],
        );
    }
}
