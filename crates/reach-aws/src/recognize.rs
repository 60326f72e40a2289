//! Recognising what a file holds by its content, never by its name.

use crate::document::{Document, Item, Located};
use crate::{Context, Error, InputFile};
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;
use std::collections::BTreeMap;

/// A JSON object whose member values are left unparsed: recognising a document needs only its
/// keys, and each resource is then deserialized straight from its own text. Building a
/// `serde_json::Value` tree first cost more than the typed parse itself on large exports.
type Object<'a> = BTreeMap<String, &'a RawValue>;

fn object_of(raw: &RawValue) -> Option<Object<'_>> {
    serde_json::from_str(raw.get()).ok()
}

/// A document's top-level object, and the keys it repeats. serde_json keeps the last value
/// of a repeated key without a word (RFC 8259 §4 leaves the meaning of repeated names open),
/// so `{"RouteTables": […], "RouteTables": […]}`, as hand-merged files have, would lose the
/// first list silently; the caller reports each repeat.
fn top_level_object_of(raw: &RawValue) -> Option<(Object<'_>, Vec<String>)> {
    struct TopLevel<'a>(Object<'a>, Vec<String>);
    impl<'de> serde::Deserialize<'de> for TopLevel<'de> {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct Keys;
            impl<'de> serde::de::Visitor<'de> for Keys {
                type Value = TopLevel<'de>;
                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("a JSON object")
                }
                fn visit_map<A: serde::de::MapAccess<'de>>(
                    self,
                    mut access: A,
                ) -> Result<Self::Value, A::Error> {
                    let mut map = Object::new();
                    let mut repeated = Vec::new();
                    while let Some((key, value)) = access.next_entry::<String, &RawValue>()? {
                        if map.insert(key.clone(), value).is_some() && !repeated.contains(&key) {
                            repeated.push(key);
                        }
                    }
                    Ok(TopLevel(map, repeated))
                }
            }
            deserializer.deserialize_map(Keys)
        }
    }
    let TopLevel(map, repeated) = serde_json::from_str(raw.get()).ok()?;
    Some((map, repeated))
}

fn array_of(raw: &RawValue) -> Option<Vec<&RawValue>> {
    serde_json::from_str(raw.get()).ok()
}

fn string_of(raw: &RawValue) -> Option<String> {
    serde_json::from_str(raw.get()).ok()
}

/// The string member `key` of an object, if it has one.
fn string_field(raw: &RawValue, key: &str) -> Option<String> {
    object_of(raw)?.get(key).and_then(|value| string_of(value))
}

/// How many of Reach's own wrappers (`ReachExport`, `ReachScenario`) may enclose one another.
/// A scenario bundle holding `ReachExport` files is two deep; eight leaves room for bundles
/// of bundles. Each level reparses its contents once, so the cap also bounds the work, and
/// deeper input (a file built to overflow the stack) is refused before it is parsed further.
pub const MAX_WRAPPER_DEPTH: usize = 8;

/// Where a value sits among the wrappers around it: how many enclose it, and its JSON path
/// from the top of the file, which names it when they nest too deep.
struct Nesting<'a> {
    /// The file as the user named it (not a bundle entry's label), for that message.
    file: &'a str,
    depth: usize,
    path: String,
}

impl Nesting<'_> {
    /// A value inside one more wrapper, at `step` below this one.
    fn inside(&self, step: &str) -> Self {
        Nesting {
            file: self.file,
            depth: self.depth + 1,
            path: if self.path.is_empty() {
                step.to_owned()
            } else {
                format!("{}.{step}", self.path)
            },
        }
    }

    /// The error for a wrapper found at this depth, when that is one too many.
    fn too_deep(&self, wrapper: &str) -> Option<Error> {
        (self.depth >= MAX_WRAPPER_DEPTH).then(|| {
            let location = if self.path.is_empty() {
                "(top level)".to_owned()
            } else {
                self.path.clone()
            };
            Error::in_file(
                self.file,
                format!(
                    "`{wrapper}` inside {} wrappers: Reach reads them at most {MAX_WRAPPER_DEPTH} deep (a scenario bundle of exports is 2)",
                    self.depth
                ),
            )
            .at(location)
        })
    }
}

/// What reading one file produced.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FileRead {
    /// The documents recognised, in file order.
    pub documents: Vec<Located>,
    /// What could not be read. The rest of the file is still read where possible.
    pub errors: Vec<Error>,
    /// Documents read but not modelled by Reach (another AWS service, an unknown shape).
    pub ignored: Vec<Ignored>,
}

/// A document Reach read but does not model, so that nothing is dropped silently.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ignored {
    /// The file it is in.
    pub file: String,
    /// What it is, as far as Reach can tell (`rds describe-db-instances`).
    pub kind: String,
    /// Why it is not used.
    pub reason: String,
}

/// Reads one file: decodes it, splits it into JSON documents (a file may hold several, one
/// after another, as `aws … >> file` makes), and recognises each by its shape.
pub fn read(file: &InputFile) -> FileRead {
    let mut out = FileRead::default();
    let text = match decode(&file.name, &file.bytes) {
        Ok(text) => text,
        Err(error) => {
            out.errors.push(error);
            return out;
        }
    };
    let context = Context::from_path(&file.name);
    let mut values = Vec::new();
    for next in serde_json::Deserializer::from_str(&text).into_iter::<&RawValue>() {
        match next {
            Ok(value) => values.push(value),
            Err(error) => {
                // After a syntax error the rest of the text cannot be split reliably.
                out.errors.push(json_error(&file.name, &error));
                break;
            }
        }
    }
    if values.is_empty() && out.errors.is_empty() {
        out.errors.push(Error::in_file(
            &file.name,
            "empty file: expected the JSON output of an AWS CLI call",
        ));
    }
    for value in values {
        let top = Nesting {
            file: &file.name,
            depth: 0,
            path: String::new(),
        };
        recognize(&file.name, value, &context, &top, &mut out);
    }
    out
}

fn json_error(file: &str, error: &serde_json::Error) -> Error {
    let message = error.to_string();
    // serde_json appends " at line L column C"; we report the position as the location.
    let message = match message.rsplit_once(" at line ") {
        Some((head, _)) => head.to_owned(),
        None => message,
    };
    let message = match error.classify() {
        serde_json::error::Category::Eof => {
            format!("malformed JSON: {message} (the file is cut short)")
        }
        _ => format!("malformed JSON: {message}"),
    };
    Error::in_file(file, message).at(format!("line {}, column {}", error.line(), error.column()))
}

/// Bytes to text. UTF-8 with or without a byte-order mark is read as is; UTF-16 with a
/// byte-order mark (what Windows PowerShell 5 writes for `aws … > file.json`) is decoded;
/// anything else is refused with the offset of the first bad byte.
fn decode(file: &str, bytes: &[u8]) -> Result<String, Error> {
    if bytes.is_empty() {
        return Err(Error::in_file(
            file,
            "empty file: expected the JSON output of an AWS CLI call",
        ));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return utf8(file, rest, 3);
    }
    let utf16 = |big_endian: bool| -> Result<String, Error> {
        let body = &bytes[2..];
        if !body.len().is_multiple_of(2) {
            return Err(Error::in_file(
                file,
                "UTF-16 text with an odd number of bytes: the file is cut short",
            ));
        }
        let units = body.chunks_exact(2).map(|pair| {
            if big_endian {
                u16::from_be_bytes([pair[0], pair[1]])
            } else {
                u16::from_le_bytes([pair[0], pair[1]])
            }
        });
        char::decode_utf16(units)
            .collect::<Result<String, _>>()
            .map_err(|error| {
                Error::in_file(
                    file,
                    format!(
                        "invalid UTF-16 text: unpaired surrogate 0x{:04x}",
                        error.unpaired_surrogate()
                    ),
                )
            })
    };
    match bytes {
        [0xFF, 0xFE, ..] => utf16(false),
        [0xFE, 0xFF, ..] => utf16(true),
        _ => utf8(file, bytes, 0),
    }
}

fn utf8(file: &str, bytes: &[u8], offset: usize) -> Result<String, Error> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(error) => {
            let at = error.valid_up_to();
            let byte = bytes.get(at).copied().unwrap_or_default();
            Err(Error::in_file(
                file,
                format!("not UTF-8 text: byte 0x{byte:02x} at offset {} (expected the JSON output of an AWS CLI call)", at + offset),
            ))
        }
    }
}

/// One JSON value, with the context around it.
fn recognize(
    file: &str,
    raw: &RawValue,
    context: &Context,
    nesting: &Nesting<'_>,
    out: &mut FileRead,
) {
    match raw.get().as_bytes().first() {
        Some(b'{') => {
            // Only this object's own keys are parsed here; its members stay unparsed text.
            let Some((mut map, repeated)) = top_level_object_of(raw) else {
                return out
                    .errors
                    .push(Error::in_file(file, "malformed JSON object"));
            };
            // Located like the document's resources: from the top of what the CLI printed.
            for key in repeated {
                out.errors.push(
                    Error::in_file(
                        file,
                        format!(
                            "the key `{key}` appears more than once: only its last value is read"
                        ),
                    )
                    .at(key),
                );
            }
            for wrapper in ["ReachScenario", "ReachExport"] {
                if map.contains_key(wrapper) {
                    if let Some(error) = nesting.too_deep(wrapper) {
                        return out.errors.push(error);
                    }
                }
            }
            if map.contains_key("ReachScenario") {
                return scenario(file, map, nesting, out);
            }
            if let Some(header) = map.remove("ReachExport") {
                let inner: Context = match parse(header, file, "ReachExport") {
                    Ok(inner) => inner,
                    Err(error) => return out.errors.push(error),
                };
                return match map.remove("Output") {
                    Some(output) => recognize(
                        file,
                        output,
                        &inner.or(context),
                        &nesting.inside("Output"),
                        out,
                    ),
                    None => out
                        .errors
                        .push(Error::in_file(file, "missing field `Output`").at("ReachExport")),
                };
            }
            object(file, raw, map, context, out)
        }
        Some(b'[') => match array_of(raw) {
            Some(elements) => fragment_list(file, elements, context, out),
            None => out
                .errors
                .push(Error::in_file(file, "malformed JSON array")),
        },
        _ => out.errors.push(Error::in_file(
            file,
            format!(
                "expected a JSON object or array printed by the AWS CLI, found {}",
                type_name(raw)
            ),
        )),
    }
}

/// Reach's scenario bundle: `{"ReachScenario": {"Version": 1, …}, "Documents": [{"File", "Context", "Output"}]}`.
fn scenario(file: &str, mut map: Object<'_>, nesting: &Nesting<'_>, out: &mut FileRead) {
    let version = map
        .get("ReachScenario")
        .and_then(|header| object_of(header))
        .and_then(|header| {
            header
                .get("Version")
                .and_then(|version| serde_json::from_str::<u64>(version.get()).ok())
        });
    if version != Some(1) {
        return out.errors.push(
            Error::in_file(
                file,
                "unsupported scenario version: this Reach reads `ReachScenario.Version` 1",
            )
            .at("ReachScenario.Version"),
        );
    }
    let Some(documents) = map.remove("Documents").and_then(array_of) else {
        return out
            .errors
            .push(Error::in_file(file, "expected an array of documents").at("Documents"));
    };
    for (index, entry) in documents.into_iter().enumerate() {
        let path = format!("Documents[{index}]");
        let Some(mut entry) = object_of(entry) else {
            out.errors
                .push(Error::in_file(file, "expected an object with `File` and `Output`").at(path));
            continue;
        };
        let name = entry
            .get("File")
            .and_then(|name| string_of(name))
            .unwrap_or_else(|| format!("document {index}"));
        let label = format!("{file}#{name}");
        let mut context = Context::from_path(&name);
        if let Some(inner) = entry.remove("Context") {
            match parse::<Context>(inner, file, &format!("{path}.Context")) {
                Ok(inner) => context = inner.or(&context),
                Err(error) => {
                    out.errors.push(error);
                    continue;
                }
            }
        }
        match entry.remove("Output") {
            Some(output) => recognize(
                &label,
                output,
                &context,
                &nesting.inside(&format!("{path}.Output")),
                out,
            ),
            None => out
                .errors
                .push(Error::in_file(file, "missing field `Output`").at(path)),
        }
    }
}

/// Deserializes `value` as `T`, turning a failure into an error with its JSON path.
fn parse<T: DeserializeOwned>(raw: &RawValue, file: &str, path: &str) -> Result<T, Error> {
    let mut deserializer = serde_json::Deserializer::from_str(raw.get());
    serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let inner = error.path().to_string();
        let location = match (path.is_empty(), inner.as_str()) {
            (true, ".") => "(top level)".to_owned(),
            (true, _) => inner,
            (false, ".") => path.to_owned(),
            (false, _) if inner.starts_with('[') => format!("{path}{inner}"),
            (false, _) => format!("{path}.{inner}"),
        };
        // The position serde_json appends is within the resource's own text, not the file's:
        // the JSON path says where the value is.
        let message = error.into_inner().to_string();
        let message = match message.rsplit_once(" at line ") {
            Some((head, _)) => head.to_owned(),
            None => message,
        };
        Error::in_file(file, message).at(location)
    })
}

/// Each element of a list on its own, so that one bad resource does not lose the others.
fn items<T: DeserializeOwned>(
    file: &str,
    list: &RawValue,
    key: &str,
    id_key: &str,
    out: &mut FileRead,
) -> Vec<Item<T>> {
    match array_of(list) {
        Some(elements) => items_of(file, elements, key, id_key, out),
        None => {
            out.errors.push(
                Error::in_file(
                    file,
                    format!("invalid type: {}, expected an array", type_name(list)),
                )
                .at(key),
            );
            Vec::new()
        }
    }
}

fn items_of<T: DeserializeOwned>(
    file: &str,
    elements: Vec<&RawValue>,
    key: &str,
    id_key: &str,
    out: &mut FileRead,
) -> Vec<Item<T>> {
    let mut items = Vec::with_capacity(elements.len());
    for (index, element) in elements.into_iter().enumerate() {
        let path = if key.is_empty() {
            format!("[{index}]")
        } else {
            format!("{key}[{index}]")
        };
        match parse::<T>(element, file, &path) {
            Ok(value) => items.push(Item { path, value }),
            // The resource's id, for the message, is only looked up when something is wrong.
            Err(error) => out.errors.push(match string_field(element, id_key) {
                Some(id) => error.of_resource(id),
                None => error,
            }),
        }
    }
    items
}

fn type_name(raw: &RawValue) -> &'static str {
    match raw.get().as_bytes().first() {
        Some(b'{') => "an object",
        Some(b'[') => "an array",
        Some(b'"') => "a string",
        Some(b't' | b'f') => "a boolean",
        Some(b'n') => "null",
        _ => "a number",
    }
}

/// The owner of an output that carries no id of its own: from the wrapper's context key, else
/// from the file name (when it has the expected prefix). Never guessed.
fn owner(context_value: &Option<String>, context: &Context, prefix: &str) -> Option<String> {
    context_value.clone().or_else(|| {
        context
            .file_key
            .clone()
            .filter(|key| key.starts_with(prefix))
    })
}

fn missing_owner(file: &str, kind: &str, what: &str, example: &str) -> Error {
    Error::in_file(
        file,
        format!(
            "this is {kind} output, which does not say which {what} it belongs to: export it with scripts/export-aws.sh (which records that), or name the file {example}"
        ),
    )
}

/// A top-level object: a whole CLI output, or a single resource (`--query 'RouteTables[0]'`).
fn object(file: &str, raw: &RawValue, mut map: Object<'_>, context: &Context, out: &mut FileRead) {
    // A single resource first: a route table's `Routes` or a network ACL's `Entries` must not be
    // mistaken for the outputs of other calls with the same top-level key. Whole outputs
    // never carry a resource's identifying keys at the top level.
    if let Some(shape) = fragment_shape(&map) {
        return fragment(file, shape, vec![raw], true, context, out);
    }
    // Batfish's snapshots may combine several outputs in one object: read each on its own,
    // and list what is left (other services' keys) as ignored.
    let keys: Vec<String> = map
        .keys()
        .filter(|key| LIST_KEYS.contains(&key.as_str()))
        .cloned()
        .collect();
    if keys.len() > 1 {
        for key in keys {
            if let Some(value) = map.remove(&key) {
                let text = format!(
                    "{{{}:{}}}",
                    serde_json::Value::String(key.clone()),
                    value.get()
                );
                let Ok(single_raw) = RawValue::from_string(text) else {
                    continue;
                };
                let mut single = Object::new();
                single.insert(key, value);
                object(file, &single_raw, single, context, out);
            }
        }
        let leftover: Object<'_> = map
            .into_iter()
            .filter(|(key, value)| {
                !QUIET_KEYS.contains(&key.as_str())
                    && array_of(value).is_some_and(|items| !items.is_empty())
            })
            .collect();
        if !leftover.is_empty() {
            ignore(file, &leftover, out);
        }
        return;
    }
    if batfish_wrapper(file, &mut map, context, out) {
        return;
    }
    macro_rules! list {
        ($key:literal, $id:literal, $variant:ident) => {
            if let Some(list) = map.remove($key) {
                let document = Document::$variant(items(file, list, $key, $id, out));
                return push(file, context, document, out);
            }
        };
    }
    list!("Vpcs", "VpcId", Vpcs);
    list!("Subnets", "SubnetId", Subnets);
    list!("RouteTables", "RouteTableId", RouteTables);
    list!("SecurityGroups", "GroupId", SecurityGroups);
    list!(
        "SecurityGroupRules",
        "SecurityGroupRuleId",
        SecurityGroupRules
    );
    list!("NetworkAcls", "NetworkAclId", NetworkAcls);
    list!("NetworkInterfaces", "NetworkInterfaceId", NetworkInterfaces);
    list!("Reservations", "ReservationId", Reservations);
    list!("InternetGateways", "InternetGatewayId", InternetGateways);
    list!(
        "EgressOnlyInternetGateways",
        "EgressOnlyInternetGatewayId",
        EgressOnlyInternetGateways
    );
    list!("NatGateways", "NatGatewayId", NatGateways);
    list!("Addresses", "AllocationId", Addresses);
    list!("VpcEndpoints", "VpcEndpointId", VpcEndpoints);
    list!("ServiceDetails", "ServiceName", VpcEndpointServices);
    list!(
        "ServiceConfigurations",
        "ServiceId",
        VpcEndpointServiceConfigurations
    );
    list!(
        "VpcEndpointConnections",
        "VpcEndpointId",
        VpcEndpointConnections
    );
    list!(
        "VpcPeeringConnections",
        "VpcPeeringConnectionId",
        VpcPeeringConnections
    );
    if let Some(list) = map.remove("PrefixLists") {
        // Two calls print `PrefixLists`: describe-managed-prefix-lists (with `AddressFamily`,
        // `MaxEntries`, …) and describe-prefix-lists (with `Cidrs`).
        let aws_service_lists = match array_of(list) {
            Some(elements) => match elements.first() {
                Some(first) => object_of(first).is_some_and(|first| first.contains_key("Cidrs")),
                None => context.file_key.is_none() && file.contains("describe-prefix-lists"),
            },
            None => false,
        };
        let document = if aws_service_lists {
            Document::PrefixLists(items(file, list, "PrefixLists", "PrefixListId", out))
        } else {
            Document::ManagedPrefixLists(items(file, list, "PrefixLists", "PrefixListId", out))
        };
        return push(file, context, document, out);
    }
    if let Some(list) = map.remove("Entries") {
        let Some(prefix_list) = owner(&context.prefix_list_id, context, "pl-") else {
            return out.errors.push(missing_owner(
                file,
                "get-managed-prefix-list-entries",
                "prefix list",
                "get-managed-prefix-list-entries.<pl-id>.json",
            ));
        };
        let entries = items(file, list, "Entries", "Cidr", out);
        return push(
            file,
            context,
            Document::ManagedPrefixListEntries {
                prefix_list,
                entries,
            },
            out,
        );
    }
    list!("TransitGateways", "TransitGatewayId", TransitGateways);
    list!(
        "TransitGatewayAttachments",
        "TransitGatewayAttachmentId",
        TransitGatewayAttachments
    );
    list!(
        "TransitGatewayVpcAttachments",
        "TransitGatewayAttachmentId",
        TransitGatewayVpcAttachments
    );
    list!(
        "TransitGatewayPeeringAttachments",
        "TransitGatewayAttachmentId",
        TransitGatewayPeeringAttachments
    );
    list!(
        "TransitGatewayRouteTables",
        "TransitGatewayRouteTableId",
        TransitGatewayRouteTables
    );
    for (key, call) in [
        ("Routes", "search-transit-gateway-routes"),
        (
            "Associations",
            "get-transit-gateway-route-table-associations",
        ),
        (
            "TransitGatewayRouteTablePropagations",
            "get-transit-gateway-route-table-propagations",
        ),
    ] {
        let Some(list) = map.remove(key) else {
            continue;
        };
        let Some(route_table) = owner(&context.transit_gateway_route_table_id, context, "tgw-rtb-")
        else {
            return out.errors.push(missing_owner(
                file,
                call,
                "transit gateway route table",
                &format!("{call}.<tgw-rtb-id>.json"),
            ));
        };
        let document = match key {
            "Routes" => Document::TransitGatewayRoutes {
                route_table,
                routes: items(file, list, key, "DestinationCidrBlock", out),
                static_only: false,
            },
            "Associations" => Document::TransitGatewayRouteTableAssociations {
                route_table,
                links: items(file, list, key, "TransitGatewayAttachmentId", out),
            },
            _ => Document::TransitGatewayRouteTablePropagations {
                route_table,
                links: items(file, list, key, "TransitGatewayAttachmentId", out),
            },
        };
        return push(file, context, document, out);
    }
    list!("VpnGateways", "VpnGatewayId", VpnGateways);
    list!("VpnConnections", "VpnConnectionId", VpnConnections);
    list!("virtualInterfaces", "virtualInterfaceId", VirtualInterfaces);
    list!("Firewalls", "FirewallArn", Firewalls);
    if map.contains_key("Firewall") {
        let id = map
            .get("Firewall")
            .and_then(|member| string_field(member, "FirewallArn"));
        return whole(file, context, raw, id, out, |document| {
            Document::Firewall(Box::new(document))
        });
    }
    if map.contains_key("VpcEndpointAssociation") {
        let id = map
            .get("VpcEndpointAssociation")
            .and_then(|member| string_field(member, "VpcEndpointAssociationArn"));
        return whole(file, context, raw, id, out, |document| {
            Document::VpcEndpointAssociation(Box::new(document))
        });
    }
    if map.contains_key("FirewallPolicyResponse") {
        let id = map
            .get("FirewallPolicyResponse")
            .and_then(|member| string_field(member, "FirewallPolicyArn"));
        return whole(file, context, raw, id, out, |document| {
            Document::FirewallPolicy(Box::new(document))
        });
    }
    if map.contains_key("RuleGroupResponse") {
        let id = map
            .get("RuleGroupResponse")
            .and_then(|member| string_field(member, "RuleGroupArn"));
        return whole(file, context, raw, id, out, |document| {
            Document::RuleGroup(Box::new(document))
        });
    }
    if map.contains_key("TLSInspectionConfigurationResponse") {
        let id = map
            .get("TLSInspectionConfigurationResponse")
            .and_then(|member| string_field(member, "TLSInspectionConfigurationArn"));
        return whole(file, context, raw, id, out, |document| {
            Document::TlsInspectionConfiguration(Box::new(document))
        });
    }
    list!("LoadBalancers", "LoadBalancerArn", LoadBalancers);
    list!("TargetGroups", "TargetGroupArn", TargetGroups);
    if let Some(list) = map.remove("TargetHealthDescriptions") {
        let Some(target_group) = owner(&context.target_group_arn, context, "") else {
            return out.errors.push(missing_owner(
                file,
                "describe-target-health",
                "target group",
                "describe-target-health.<target-group-name>.json",
            ));
        };
        let descriptions = items(file, list, "TargetHealthDescriptions", "Id", out);
        return push(
            file,
            context,
            Document::TargetHealth {
                target_group,
                descriptions,
            },
            out,
        );
    }
    if let Some(list) = map.remove("Attributes") {
        return attributes(file, list, context, out);
    }
    list!("Listeners", "ListenerArn", Listeners);
    list!("Rules", "RuleArn", ListenerRules);
    if let Some(list) = map.remove("Instances") {
        // Batfish's bare instance list: each instance in a reservation of its own.
        let reservations = in_own_reservations(items(file, list, "Instances", "InstanceId", out));
        return push(file, context, Document::Reservations(reservations), out);
    }
    // `{"FirewallPolicy": …}` or `{"RuleGroup": …}` without the response: a `--query` fragment.
    if let Some(policy) = map.remove("FirewallPolicy") {
        return firewall_policy_fragment(file, policy, context, out);
    }
    if let Some(rule_group) = map.remove("RuleGroup") {
        return rule_group_fragment(file, rule_group, "RuleGroup", context, out);
    }
    ignore(file, &map, out);
}

/// Whose attributes an `{"Attributes": [{"Key", "Value"}]}` output holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AttributesOf {
    LoadBalancer,
    TargetGroup,
}

/// Keys only a target group's attributes have (`describe-target-group-attributes`).
const TARGET_GROUP_ATTRIBUTE_PREFIXES: &[&str] = &[
    "deregistration_delay.",
    "stickiness.",
    "preserve_client_ip.",
    "proxy_protocol_v2.",
    "slow_start.",
    "load_balancing.algorithm.",
    "lambda.",
    "target_group_health.",
    "target_failover.",
    "target_health_state.",
];

/// Keys only a load balancer's attributes have (`describe-load-balancer-attributes`).
const LOAD_BALANCER_ATTRIBUTE_PREFIXES: &[&str] = &[
    "deletion_protection.",
    "access_logs.s3.",
    "connection_logs.s3.",
    "health_check_logs.s3.",
    "idle_timeout.",
    "client_keep_alive.",
    "routing.http",
    "waf.fail_open.",
    "dns_record.",
    "zonal_shift.",
    "ipv6.",
    "secondary_ips.",
];

/// `describe-load-balancer-attributes` and `describe-target-group-attributes` print the same
/// shape and neither names its owner. Which call printed it is told, in this order, by the
/// call the wrapper records (`Command`), the file name's `<call>.` prefix, the owner the
/// wrapper names (`LoadBalancerArn` or `TargetGroupArn`), and last by the keys: only a target
/// group has `deregistration_delay.*`, `stickiness.*`, `preserve_client_ip.*`…, only a load
/// balancer `deletion_protection.*`, `access_logs.s3.*`, `idle_timeout.*`… (both have
/// `load_balancing.cross_zone.enabled`). The owner then comes from the wrapper or the file
/// name's key, as for `describe-target-health`; without one the output is an error.
fn attributes(file: &str, list: &RawValue, context: &Context, out: &mut FileRead) {
    const LOAD_BALANCER_CALL: &str = "describe-load-balancer-attributes";
    const TARGET_GROUP_CALL: &str = "describe-target-group-attributes";
    let by_call = |call: &str| {
        if call.contains(LOAD_BALANCER_CALL) {
            Some(AttributesOf::LoadBalancer)
        } else if call.contains(TARGET_GROUP_CALL) {
            Some(AttributesOf::TargetGroup)
        } else {
            None
        }
    };
    let by_keys = || {
        let keys: Vec<String> = array_of(list)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|element| string_field(element, "Key"))
            .collect();
        let has = |prefixes: &[&str]| {
            keys.iter()
                .any(|key| prefixes.iter().any(|prefix| key.starts_with(prefix)))
        };
        match (
            has(LOAD_BALANCER_ATTRIBUTE_PREFIXES),
            has(TARGET_GROUP_ATTRIBUTE_PREFIXES),
        ) {
            (true, false) => Some(AttributesOf::LoadBalancer),
            (false, true) => Some(AttributesOf::TargetGroup),
            _ => None,
        }
    };
    let by_owner = match (&context.load_balancer_arn, &context.target_group_arn) {
        (Some(_), None) => Some(AttributesOf::LoadBalancer),
        (None, Some(_)) => Some(AttributesOf::TargetGroup),
        _ => None,
    };
    let of = context
        .command
        .as_deref()
        .and_then(by_call)
        .or_else(|| context.file_call.as_deref().and_then(by_call))
        .or(by_owner)
        .or_else(by_keys);
    let document = match of {
        Some(AttributesOf::LoadBalancer) => {
            let Some(load_balancer) = owner(&context.load_balancer_arn, context, "") else {
                return out.errors.push(missing_owner(
                    file,
                    LOAD_BALANCER_CALL,
                    "load balancer",
                    &format!("{LOAD_BALANCER_CALL}.<load-balancer-name>.json"),
                ));
            };
            Document::LoadBalancerAttributes {
                load_balancer,
                attributes: items(file, list, "Attributes", "Key", out),
            }
        }
        Some(AttributesOf::TargetGroup) => {
            let Some(target_group) = owner(&context.target_group_arn, context, "") else {
                return out.errors.push(missing_owner(
                    file,
                    TARGET_GROUP_CALL,
                    "target group",
                    &format!("{TARGET_GROUP_CALL}.<target-group-name>.json"),
                ));
            };
            Document::TargetGroupAttributes {
                target_group,
                attributes: items(file, list, "Attributes", "Key", out),
            }
        }
        None => {
            return out.errors.push(Error::in_file(
                file,
                format!(
                    "this is {LOAD_BALANCER_CALL} or {TARGET_GROUP_CALL} output, and neither its keys nor its context say which, nor whose attributes they are: export it with scripts/export-aws.sh (which records that), or name the file {LOAD_BALANCER_CALL}.<load-balancer-name>.json or {TARGET_GROUP_CALL}.<target-group-name>.json"
                ),
            ))
        }
    };
    push(file, context, document, out);
}

fn whole<T: DeserializeOwned>(
    file: &str,
    context: &Context,
    value: &RawValue,
    id: Option<String>,
    out: &mut FileRead,
    wrap: impl FnOnce(T) -> Document,
) {
    match parse::<T>(value, file, "") {
        Ok(document) => push(file, context, wrap(document), out),
        Err(error) => out.errors.push(match id {
            Some(id) => error.of_resource(id),
            None => error,
        }),
    }
}

fn push(file: &str, context: &Context, document: Document, out: &mut FileRead) {
    out.documents.push(Located {
        file: file.to_owned(),
        context: context.clone(),
        document,
        fragment: false,
    });
}

fn push_fragment(file: &str, context: &Context, document: Document, out: &mut FileRead) {
    out.documents.push(Located {
        file: file.to_owned(),
        context: context.clone(),
        document,
        fragment: true,
    });
}

fn firewall_policy_fragment(file: &str, value: &RawValue, context: &Context, out: &mut FileRead) {
    let Some(policy) = owner(&context.firewall_policy_arn, context, "") else {
        return out.errors.push(missing_owner(
            file,
            "a firewall policy (`--query FirewallPolicy`)",
            "firewall policy",
            "describe-firewall-policy.<policy-name>.json",
        ));
    };
    match parse(value, file, "") {
        Ok(firewall_policy) => push_fragment(
            file,
            context,
            Document::FirewallPolicyFragment {
                policy,
                firewall_policy: Box::new(firewall_policy),
            },
            out,
        ),
        Err(error) => out.errors.push(error),
    }
}

/// A `RuleGroup` object, or a bare `RulesSource` (then wrapped as the rule group's only member).
fn rule_group_fragment(
    file: &str,
    value: &RawValue,
    what: &str,
    context: &Context,
    out: &mut FileRead,
) {
    let Some(rule_group) = owner(&context.rule_group_arn, context, "") else {
        return out.errors.push(missing_owner(
            file,
            &format!("a rule group's `{what}`"),
            "rule group",
            "describe-rule-group.<rule-group-name>.json",
        ));
    };
    let wrapped;
    let body = if what == "RulesSource" {
        match RawValue::from_string(format!("{{\"RulesSource\":{}}}", value.get())) {
            Ok(raw) => {
                wrapped = raw;
                &*wrapped
            }
            Err(error) => return out.errors.push(Error::in_file(file, error.to_string())),
        }
    } else {
        value
    };
    match parse::<crate::network_firewall::rule_group::RuleGroup>(body, file, "") {
        Ok(rule_group_body) => push_fragment(
            file,
            context,
            Document::RuleGroupFragment {
                rule_group,
                rule_group_body: Box::new(rule_group_body),
            },
            out,
        ),
        Err(error) => out.errors.push(error),
    }
}

/// The resource a `--query` fragment holds, told by its identifying keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    Vpc,
    Subnet,
    RouteTable,
    SecurityGroup,
    SecurityGroupRule,
    NetworkAcl,
    NetworkInterface,
    Instance,
    InternetGateway,
    EgressOnlyInternetGateway,
    NatGateway,
    Address,
    VpcEndpoint,
    VpcPeeringConnection,
    ManagedPrefixList,
    TransitGateway,
    TransitGatewayVpcAttachment,
    TransitGatewayPeeringAttachment,
    TransitGatewayAttachment,
    TransitGatewayRouteTable,
    VpnGateway,
    VpnConnection,
    VirtualInterface,
    LoadBalancer,
    TargetGroup,
    Listener,
    ListenerRule,
    FirewallPolicy,
    RulesSource,
}

fn fragment_shape(map: &Object<'_>) -> Option<Shape> {
    let has = |key: &str| map.contains_key(key);
    let shape = if has("RouteTableId") && has("Routes") {
        Shape::RouteTable
    } else if has("SecurityGroupRuleId") {
        Shape::SecurityGroupRule
    } else if has("GroupId") && (has("IpPermissions") || has("IpPermissionsEgress")) {
        Shape::SecurityGroup
    } else if has("NetworkAclId") && has("Entries") {
        Shape::NetworkAcl
    } else if has("InstanceId") && (has("ImageId") || has("InstanceType")) {
        Shape::Instance
    } else if has("NetworkInterfaceId")
        && (has("InterfaceType") || has("PrivateIpAddresses"))
        && !has("DeviceIndex")
    {
        Shape::NetworkInterface
    } else if has("SubnetId") && has("CidrBlock") && has("VpcId") {
        Shape::Subnet
    } else if has("VpcId")
        && (has("CidrBlockAssociationSet") || has("DhcpOptionsId") || has("InstanceTenancy"))
    {
        Shape::Vpc
    } else if has("InternetGatewayId") {
        Shape::InternetGateway
    } else if has("EgressOnlyInternetGatewayId") {
        Shape::EgressOnlyInternetGateway
    } else if has("NatGatewayId") {
        Shape::NatGateway
    } else if has("PublicIp") && (has("AllocationId") || has("Domain")) {
        Shape::Address
    } else if has("VpcEndpointId") {
        Shape::VpcEndpoint
    } else if has("VpcPeeringConnectionId") && (has("AccepterVpcInfo") || has("RequesterVpcInfo")) {
        Shape::VpcPeeringConnection
    } else if has("PrefixListId")
        && (has("AddressFamily") || has("MaxEntries") || has("PrefixListArn"))
    {
        Shape::ManagedPrefixList
    } else if has("VpnConnectionId") {
        // Before the gateways: a VPN connection names its virtual private gateway or transit
        // gateway, and carries `Options` as a transit gateway does.
        Shape::VpnConnection
    } else if has("virtualInterfaceId") {
        Shape::VirtualInterface
    } else if has("TransitGatewayRouteTableId")
        && has("TransitGatewayId")
        && !has("TransitGatewayAttachmentId")
    {
        Shape::TransitGatewayRouteTable
    } else if has("TransitGatewayAttachmentId") && has("SubnetIds") {
        Shape::TransitGatewayVpcAttachment
    } else if has("TransitGatewayAttachmentId") && has("RequesterTgwInfo") {
        Shape::TransitGatewayPeeringAttachment
    } else if has("TransitGatewayAttachmentId") && has("ResourceType") {
        Shape::TransitGatewayAttachment
    } else if has("TransitGatewayId") && (has("TransitGatewayArn") || has("Options")) {
        Shape::TransitGateway
    } else if has("VpnGatewayId") {
        Shape::VpnGateway
    } else if has("LoadBalancerArn") && has("Type") {
        Shape::LoadBalancer
    } else if has("TargetGroupArn") && (has("TargetType") || has("TargetGroupName")) {
        Shape::TargetGroup
    } else if has("ListenerArn") {
        Shape::Listener
    } else if has("RuleArn") {
        Shape::ListenerRule
    } else if has("StatelessDefaultActions") || has("StatefulRuleGroupReferences") {
        Shape::FirewallPolicy
    } else if has("RulesString")
        || has("StatefulRules")
        || has("RulesSourceList")
        || has("StatelessRulesAndCustomActions")
    {
        Shape::RulesSource
    } else {
        return None;
    };
    Some(shape)
}

/// A `--query` list of resources (`--query 'RouteTables[?VpcId==…]'`).
fn fragment_list(file: &str, elements: Vec<&RawValue>, context: &Context, out: &mut FileRead) {
    let shape = match elements.first() {
        Some(first) => object_of(first).and_then(|first| fragment_shape(&first)),
        None => {
            return out.ignored.push(Ignored {
                file: file.to_owned(),
                kind: "empty list".to_owned(),
                reason: "an empty JSON array holds nothing to read".to_owned(),
            })
        }
    };
    match shape {
        Some(shape) => fragment(file, shape, elements, false, context, out),
        None => out.ignored.push(Ignored {
            file: file.to_owned(),
            kind: "unrecognised list".to_owned(),
            reason: "a JSON array whose first element is not a resource Reach models".to_owned(),
        }),
    }
}

fn fragment(
    file: &str,
    shape: Shape,
    elements: Vec<&RawValue>,
    single: bool,
    context: &Context,
    out: &mut FileRead,
) {
    if matches!(shape, Shape::FirewallPolicy | Shape::RulesSource) {
        for element in elements {
            match shape {
                Shape::FirewallPolicy => firewall_policy_fragment(file, element, context, out),
                _ => rule_group_fragment(file, element, "RulesSource", context, out),
            }
        }
        return;
    }
    // A single object's errors are located from its own top (`Routes[0]…`), a list's from `[i]`.
    let fix_paths = |mut found: FileRead| -> FileRead {
        if single {
            for error in &mut found.errors {
                if let Some(location) = &mut error.location {
                    if let Some(rest) = location.strip_prefix("[0]") {
                        *location = rest.trim_start_matches('.').to_owned();
                        if location.is_empty() {
                            *location = "(top level)".to_owned();
                        }
                    }
                }
            }
        }
        found
    };
    let mut found = FileRead::default();
    macro_rules! as_list {
        ($id:literal, $variant:ident) => {{
            let items = items_of(file, elements, "", $id, &mut found);
            Document::$variant(top_level_if(single, items))
        }};
    }
    let document = match shape {
        Shape::Vpc => as_list!("VpcId", Vpcs),
        Shape::Subnet => as_list!("SubnetId", Subnets),
        Shape::RouteTable => as_list!("RouteTableId", RouteTables),
        Shape::SecurityGroup => as_list!("GroupId", SecurityGroups),
        Shape::SecurityGroupRule => as_list!("SecurityGroupRuleId", SecurityGroupRules),
        Shape::NetworkAcl => as_list!("NetworkAclId", NetworkAcls),
        Shape::NetworkInterface => as_list!("NetworkInterfaceId", NetworkInterfaces),
        Shape::Instance => {
            // Instances arrive outside their reservation: give each one of its own.
            let instances: Vec<Item<crate::ec2::instance::Instance>> = top_level_if(
                single,
                items_of(file, elements, "", "InstanceId", &mut found),
            );
            Document::Reservations(in_own_reservations(instances))
        }
        Shape::InternetGateway => as_list!("InternetGatewayId", InternetGateways),
        Shape::EgressOnlyInternetGateway => {
            as_list!("EgressOnlyInternetGatewayId", EgressOnlyInternetGateways)
        }
        Shape::NatGateway => as_list!("NatGatewayId", NatGateways),
        Shape::Address => as_list!("AllocationId", Addresses),
        Shape::VpcEndpoint => as_list!("VpcEndpointId", VpcEndpoints),
        Shape::VpcPeeringConnection => as_list!("VpcPeeringConnectionId", VpcPeeringConnections),
        Shape::ManagedPrefixList => as_list!("PrefixListId", ManagedPrefixLists),
        Shape::TransitGateway => as_list!("TransitGatewayId", TransitGateways),
        Shape::TransitGatewayVpcAttachment => {
            as_list!("TransitGatewayAttachmentId", TransitGatewayVpcAttachments)
        }
        Shape::TransitGatewayPeeringAttachment => {
            as_list!(
                "TransitGatewayAttachmentId",
                TransitGatewayPeeringAttachments
            )
        }
        Shape::TransitGatewayAttachment => {
            as_list!("TransitGatewayAttachmentId", TransitGatewayAttachments)
        }
        Shape::TransitGatewayRouteTable => {
            as_list!("TransitGatewayRouteTableId", TransitGatewayRouteTables)
        }
        Shape::VpnGateway => as_list!("VpnGatewayId", VpnGateways),
        Shape::VpnConnection => as_list!("VpnConnectionId", VpnConnections),
        Shape::VirtualInterface => as_list!("virtualInterfaceId", VirtualInterfaces),
        Shape::LoadBalancer => as_list!("LoadBalancerArn", LoadBalancers),
        Shape::TargetGroup => as_list!("TargetGroupArn", TargetGroups),
        Shape::Listener => as_list!("ListenerArn", Listeners),
        Shape::ListenerRule => as_list!("RuleArn", ListenerRules),
        Shape::FirewallPolicy | Shape::RulesSource => return,
    };
    let found = fix_paths(found);
    out.errors.extend(found.errors);
    push_fragment(file, context, document, out);
}

/// Instances listed outside their reservation (a `--query` fragment, Batfish's `Instances`),
/// each put in a reservation of its own, as describe-instances would print them.
fn in_own_reservations(
    instances: Vec<Item<crate::ec2::instance::Instance>>,
) -> Vec<Item<crate::ec2::instance::Reservation>> {
    instances
        .into_iter()
        .map(|item| Item {
            path: item.path,
            value: crate::ec2::instance::Reservation {
                reservation_id: None,
                owner_id: None,
                instances: vec![item.value],
            },
        })
        .collect()
}

/// A single-object fragment is its file's top level: its paths start there (`Routes[1]`),
/// not at a list index the file does not have.
fn top_level_if<T>(single: bool, items: Vec<Item<T>>) -> Vec<Item<T>> {
    if !single {
        return items;
    }
    items
        .into_iter()
        .map(|item| Item {
            path: String::new(),
            value: item.value,
        })
        .collect()
}

/// The top-level keys of whole outputs whose value is a list of resources.
const LIST_KEYS: &[&str] = &[
    "Vpcs",
    "Subnets",
    "RouteTables",
    "SecurityGroups",
    "SecurityGroupRules",
    "NetworkAcls",
    "NetworkInterfaces",
    "Reservations",
    "Instances",
    "InternetGateways",
    "EgressOnlyInternetGateways",
    "NatGateways",
    "Addresses",
    "VpcEndpoints",
    "ServiceDetails",
    "VpcPeeringConnections",
    "PrefixLists",
    "TransitGateways",
    "TransitGatewayAttachments",
    "TransitGatewayVpcAttachments",
    "TransitGatewayPeeringAttachments",
    "TransitGatewayRouteTables",
    "VpnGateways",
    "VpnConnections",
    "virtualInterfaces",
    "Firewalls",
    "LoadBalancers",
    "TargetGroups",
    "Listeners",
    "TransitGatewayStaticRoutes",
    "TransitGatewayPropagations",
    "LoadBalancerListeners",
    "LoadBalancerTargetHealth",
    "LoadBalancerAttributes",
];

/// Keys Batfish snapshots carry that hold nothing Reach needs to mention.
const QUIET_KEYS: &[&str] = &["ServiceNames", "Tags", "Regions", "AvailabilityZones"];

/// Batfish's wrapper documents: a list of `{<owner id>, <CLI output>}` objects. Returns whether
/// `map` was one.
fn batfish_wrapper(
    file: &str,
    map: &mut Object<'_>,
    context: &Context,
    out: &mut FileRead,
) -> bool {
    const WRAPPERS: &[(&str, &str, &str)] = &[
        (
            "TransitGatewayStaticRoutes",
            "TransitGatewayRouteTableId",
            "Routes",
        ),
        (
            "TransitGatewayPropagations",
            "TransitGatewayRouteTableId",
            "TransitGatewayRouteTablePropagations",
        ),
        ("LoadBalancerListeners", "LoadBalancerArn", "Listeners"),
        (
            "LoadBalancerTargetHealth",
            "TargetGroupArn",
            "TargetHealthDescriptions",
        ),
        ("LoadBalancerAttributes", "LoadBalancerArn", "Attributes"),
    ];
    let Some((key, owner_key, inner_key)) =
        WRAPPERS.iter().find(|(key, _, _)| map.contains_key(*key))
    else {
        return false;
    };
    // The Classic Load Balancer's `elb describe-load-balancer-attributes` prints an object
    // under the same key as Batfish's list: that is another service, listed as ignored.
    if *key == "LoadBalancerAttributes"
        && map
            .get(*key)
            .is_some_and(|value| value.get().starts_with('{'))
    {
        return false;
    }
    let Some(elements) = map.remove(*key).and_then(array_of) else {
        out.errors
            .push(Error::in_file(file, "invalid type: expected an array").at(*key));
        return true;
    };
    for (index, element) in elements.into_iter().enumerate() {
        let path = format!("{key}[{index}]");
        let Some(mut element) = object_of(element) else {
            out.errors
                .push(Error::in_file(file, "invalid type: expected an object").at(path));
            continue;
        };
        let Some(owner) = element.get(*owner_key).and_then(|owner| string_of(owner)) else {
            out.errors
                .push(Error::in_file(file, format!("missing field `{owner_key}`")).at(path));
            continue;
        };
        let elements = element
            .remove(*inner_key)
            .and_then(array_of)
            .unwrap_or_default();
        let inner_path = format!("{path}.{inner_key}");
        let document = match *key {
            "TransitGatewayStaticRoutes" => Document::TransitGatewayRoutes {
                route_table: owner.clone(),
                routes: items_of(file, elements, &inner_path, "DestinationCidrBlock", out),
                static_only: true,
            },
            "TransitGatewayPropagations" => Document::TransitGatewayRouteTablePropagations {
                route_table: owner.clone(),
                links: items_of(
                    file,
                    elements,
                    &inner_path,
                    "TransitGatewayAttachmentId",
                    out,
                ),
            },
            "LoadBalancerListeners" => {
                Document::Listeners(items_of(file, elements, &inner_path, "ListenerArn", out))
            }
            "LoadBalancerAttributes" => Document::LoadBalancerAttributes {
                load_balancer: owner.clone(),
                attributes: items_of(file, elements, &inner_path, "Key", out),
            },
            _ => Document::TargetHealth {
                target_group: owner.clone(),
                descriptions: items_of(file, elements, &inner_path, "Id", out),
            },
        };
        // The owner travels in the context too: it is how an empty listener list still says
        // that the load balancer's listeners were exported.
        let context = Context {
            file_key: Some(owner),
            ..context.clone()
        };
        push(file, &context, document, out);
    }
    true
}

/// Documents of services Reach does not model, by the key their output starts with.
const OTHER_SERVICES: &[(&str, &str)] = &[
    ("DBInstances", "rds describe-db-instances"),
    ("DBClusters", "rds describe-db-clusters"),
    ("DomainStatusList", "es describe-elasticsearch-domains"),
    ("DomainStatus", "es describe-elasticsearch-domain"),
    ("CacheClusters", "elasticache describe-cache-clusters"),
    (
        "LoadBalancerDescriptions",
        "elb describe-load-balancers (Classic Load Balancers)",
    ),
    ("Volumes", "ec2 describe-volumes"),
    ("Images", "ec2 describe-images"),
    ("KeyPairs", "ec2 describe-key-pairs"),
    ("DhcpOptions", "ec2 describe-dhcp-options"),
    ("FlowLogs", "ec2 describe-flow-logs"),
    ("CustomerGateways", "ec2 describe-customer-gateways"),
    ("AvailabilityZones", "ec2 describe-availability-zones"),
    ("Regions", "ec2 describe-regions"),
    (
        "NetworkInsightsPaths",
        "ec2 describe-network-insights-paths",
    ),
    (
        "NetworkInsightsAnalyses",
        "ec2 describe-network-insights-analyses",
    ),
    (
        "FirewallPolicies",
        "network-firewall list-firewall-policies",
    ),
    ("RuleGroups", "network-firewall list-rule-groups"),
    (
        "LoggingConfiguration",
        "network-firewall describe-logging-configuration",
    ),
    ("Account", "sts get-caller-identity"),
    (
        "LoadBalancerAttributes",
        "elb describe-load-balancer-attributes (Classic Load Balancers)",
    ),
    (
        "DirectConnectGateways",
        "directconnect describe-direct-connect-gateways",
    ),
    (
        "DirectConnectGatewayAssociations",
        "directconnect describe-direct-connect-gateway-associations",
    ),
    ("InstanceStatuses", "ec2 describe-instance-status"),
    ("PlacementGroups", "ec2 describe-placement-groups"),
];

fn ignore(file: &str, map: &Object<'_>, out: &mut FileRead) {
    if map.contains_key("NetworkPathFound") && map.contains_key("Reach") {
        return out.ignored.push(Ignored {
            file: file.to_owned(),
            kind: "reach analyze output".to_owned(),
            reason: "Reach's own output, not an AWS export".to_owned(),
        });
    }
    if map.contains_key("counts") && map.contains_key("diagnostics") {
        return out.ignored.push(Ignored {
            file: file.to_owned(),
            kind: "reach inventory output".to_owned(),
            reason: "Reach's own output, not an AWS export".to_owned(),
        });
    }
    let known = OTHER_SERVICES
        .iter()
        .find(|(key, _)| map.contains_key(*key));
    let ignored = match known {
        Some((_, call)) => Ignored {
            file: file.to_owned(),
            kind: (*call).to_owned(),
            reason: "Reach does not model this service or call".to_owned(),
        },
        None => {
            let keys: Vec<&str> = map.keys().map(String::as_str).take(5).collect();
            Ignored {
                file: file.to_owned(),
                kind: if keys.is_empty() {
                    "empty object".to_owned()
                } else {
                    format!(
                        "unrecognised document (top-level keys: {})",
                        keys.join(", ")
                    )
                },
                reason: "not the output of an AWS CLI call Reach reads".to_owned(),
            }
        }
    };
    out.ignored.push(ignored);
}

#[cfg(test)]
mod tests;
