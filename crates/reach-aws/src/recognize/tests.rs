use super::*;
use crate::DocumentKind;

/// Reads `text` as a file called `name` and renders what came out, one line per finding.
fn check(name: &str, bytes: &[u8], expected: &[&str]) {
    let read = read(&InputFile::new(name, bytes));
    let mut lines: Vec<String> = Vec::new();
    for located in &read.documents {
        let fragment = if located.fragment { " (fragment)" } else { "" };
        lines.push(format!(
            "document {} x{}{fragment}",
            located.document.kind(),
            located.document.len()
        ));
    }
    for error in &read.errors {
        lines.push(format!("error {error}"));
    }
    for ignored in &read.ignored {
        lines.push(format!("ignored {}: {}", ignored.file, ignored.kind));
    }
    assert_eq!(lines, expected, "\nactual:\n{}", lines.join("\n"));
}

const VPCS: &str =
    r#"{"Vpcs": [{"VpcId": "vpc-0a1b", "CidrBlock": "10.0.0.0/16", "OwnerId": "111122223333"}]}"#;

#[test]
fn whole_outputs_are_recognised_by_content_not_name() {
    check(
        "anything.txt",
        VPCS.as_bytes(),
        &["document describe-vpcs x1"],
    );
    check(
        "x.json",
        br#"{"PrefixLists": [{"PrefixListId": "pl-63a5400a", "PrefixListName": "com.amazonaws.us-east-1.s3", "Cidrs": ["52.216.0.0/15"]}]}"#,
        &["document describe-prefix-lists x1"],
    );
    check(
        "x.json",
        br#"{"PrefixLists": [{"PrefixListId": "pl-0a", "AddressFamily": "IPv4", "MaxEntries": 5}]}"#,
        &["document describe-managed-prefix-lists x1"],
    );
    check(
        "x.json",
        br#"{"Reservations": [{"Instances": [{"InstanceId": "i-1"}, {"InstanceId": "i-2"}]}]}"#,
        &["document describe-instances x2"],
    );
}

#[test]
fn several_documents_in_one_file() {
    let text = format!("{VPCS}\n{VPCS}\n");
    check(
        "two.json",
        text.as_bytes(),
        &["document describe-vpcs x1", "document describe-vpcs x1"],
    );
}

#[test]
fn outputs_without_an_id_need_context() {
    let routes = br#"{"Routes": [{"DestinationCidrBlock": "10.0.0.0/8", "Type": "static", "State": "active"}], "AdditionalRoutesAvailable": false}"#;
    check(
        "search-transit-gateway-routes.tgw-rtb-0a1b.json",
        routes,
        &["document search-transit-gateway-routes x1"],
    );
    check(
        "routes.json",
        routes,
        &["error routes.json: this is search-transit-gateway-routes output, which does not say which transit gateway route table it belongs to: export it with scripts/export-aws.sh (which records that), or name the file search-transit-gateway-routes.<tgw-rtb-id>.json"],
    );
    let wrapped = format!(
        r#"{{"ReachExport": {{"Version": 1, "TransitGatewayRouteTableId": "tgw-rtb-0a1b"}}, "Output": {}}}"#,
        std::str::from_utf8(routes).unwrap()
    );
    let read = read(&InputFile::new("routes.json", wrapped));
    assert!(read.errors.is_empty(), "{:?}", read.errors);
    assert!(
        matches!(&read.documents[0].document, Document::TransitGatewayRoutes { route_table, .. } if route_table == "tgw-rtb-0a1b")
    );

    check(
        "get-managed-prefix-list-entries.pl-0a.json",
        br#"{"Entries": [{"Cidr": "10.0.0.0/8"}]}"#,
        &["document get-managed-prefix-list-entries x1"],
    );
    check(
        "describe-target-health.web.json",
        br#"{"TargetHealthDescriptions": []}"#,
        &["document describe-target-health x0"],
    );
}

/// What an attributes document is and whose, as `read` found it: `kind owner xN`.
fn attributes_of(name: &str, text: &str) -> Vec<String> {
    let found = read(&InputFile::new(name, text));
    let mut lines: Vec<String> = found
        .documents
        .iter()
        .map(|located| match &located.document {
            Document::LoadBalancerAttributes {
                load_balancer,
                attributes,
            } => format!(
                "load balancer {load_balancer} x{} at {}",
                attributes.len(),
                attributes
                    .first()
                    .map(|item| item.path.as_str())
                    .unwrap_or("-")
            ),
            Document::TargetGroupAttributes {
                target_group,
                attributes,
            } => format!(
                "target group {target_group} x{} at {}",
                attributes.len(),
                attributes
                    .first()
                    .map(|item| item.path.as_str())
                    .unwrap_or("-")
            ),
            other => format!("{}", other.kind()),
        })
        .collect();
    lines.extend(found.errors.iter().map(|error| format!("error {error}")));
    lines.extend(
        found
            .ignored
            .iter()
            .map(|ignored| format!("ignored {}", ignored.kind)),
    );
    lines
}

const LOAD_BALANCER_ATTRIBUTES: &str = r#"{"Attributes": [
    {"Key": "deletion_protection.enabled", "Value": "false"},
    {"Key": "load_balancing.cross_zone.enabled", "Value": "true"}]}"#;
const TARGET_GROUP_ATTRIBUTES: &str = r#"{"Attributes": [
    {"Key": "load_balancing.cross_zone.enabled", "Value": "use_load_balancer_configuration"},
    {"Key": "preserve_client_ip.enabled", "Value": "false"},
    {"Key": "deregistration_delay.timeout_seconds", "Value": "300"}]}"#;
/// Only the key both calls print: the keys cannot tell whose it is.
const CROSS_ZONE_ONLY: &str =
    r#"{"Attributes": [{"Key": "load_balancing.cross_zone.enabled", "Value": "true"}]}"#;

#[test]
fn attributes_by_file_name_command_owner_or_keys() {
    // The file name's call and key.
    assert_eq!(
        attributes_of(
            "describe-load-balancer-attributes.web-nlb.json",
            CROSS_ZONE_ONLY
        ),
        ["load balancer web-nlb x1 at Attributes[0]"]
    );
    assert_eq!(
        attributes_of(
            "describe-target-group-attributes.web-tg.json",
            CROSS_ZONE_ONLY
        ),
        ["target group web-tg x1 at Attributes[0]"]
    );
    // The keys, when the file name has a key but no known call.
    assert_eq!(
        attributes_of("attributes.web-nlb.json", LOAD_BALANCER_ATTRIBUTES),
        ["load balancer web-nlb x2 at Attributes[0]"]
    );
    assert_eq!(
        attributes_of("attributes.web-tg.json", TARGET_GROUP_ATTRIBUTES),
        ["target group web-tg x3 at Attributes[0]"]
    );
    // Reach's wrapper: the call it records, or the owner it names.
    let wrapped = |context: &str, output: &str| {
        format!(r#"{{"ReachExport": {{"Version": 1, {context}}}, "Output": {output}}}"#)
    };
    let lb = "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/net/web-nlb/1";
    let tg = "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web-tg/2";
    assert_eq!(
        attributes_of(
            "a.json",
            &wrapped(
                &format!(
                    r#""Command": "aws elbv2 describe-load-balancer-attributes --load-balancer-arn {lb}", "LoadBalancerArn": "{lb}""#
                ),
                CROSS_ZONE_ONLY
            )
        ),
        [format!("load balancer {lb} x1 at Attributes[0]")]
    );
    assert_eq!(
        attributes_of(
            "a.json",
            &wrapped(&format!(r#""TargetGroupArn": "{tg}""#), CROSS_ZONE_ONLY)
        ),
        [format!("target group {tg} x1 at Attributes[0]")]
    );
    // The wrapper's call wins over keys that say otherwise, and an empty list is read too.
    assert_eq!(
        attributes_of(
            "a.json",
            &wrapped(
                &format!(
                    r#""Command": "aws elbv2 describe-target-group-attributes", "TargetGroupArn": "{tg}""#
                ),
                r#"{"Attributes": []}"#
            )
        ),
        [format!("target group {tg} x0 at -")]
    );
}

#[test]
fn attributes_without_an_owner_or_a_kind_are_errors() {
    assert_eq!(
        attributes_of("attributes.json", LOAD_BALANCER_ATTRIBUTES),
        ["error attributes.json: this is describe-load-balancer-attributes output, which does not say which load balancer it belongs to: export it with scripts/export-aws.sh (which records that), or name the file describe-load-balancer-attributes.<load-balancer-name>.json"]
    );
    assert_eq!(
        attributes_of("describe-target-group-attributes.json", CROSS_ZONE_ONLY),
        ["error describe-target-group-attributes.json: this is describe-target-group-attributes output, which does not say which target group it belongs to: export it with scripts/export-aws.sh (which records that), or name the file describe-target-group-attributes.<target-group-name>.json"]
    );
    assert_eq!(
        attributes_of("attributes.web.json", CROSS_ZONE_ONLY),
        ["error attributes.web.json: this is describe-load-balancer-attributes or describe-target-group-attributes output, and neither its keys nor its context say which, nor whose attributes they are: export it with scripts/export-aws.sh (which records that), or name the file describe-load-balancer-attributes.<load-balancer-name>.json or describe-target-group-attributes.<target-group-name>.json"]
    );
    // A bad element costs only itself.
    assert_eq!(
        attributes_of(
            "describe-target-group-attributes.web-tg.json",
            r#"{"Attributes": [{"Value": "true"}, {"Key": "preserve_client_ip.enabled", "Value": "true"}]}"#
        ),
        [
            "target group web-tg x1 at Attributes[1]",
            "error describe-target-group-attributes.web-tg.json: Attributes[0]: missing field `Key`"
        ]
    );
}

#[test]
fn batfish_load_balancer_attributes_and_the_classic_load_balancers_output() {
    let lb = "arn:aws:elasticloadbalancing:eu-west-1:444455556666:loadbalancer/net/web-nlb/1";
    assert_eq!(
        attributes_of(
            "aws_configs/eu-west-1/LoadBalancerAttributes.json",
            &format!(
                r#"{{"LoadBalancerAttributes": [{{"LoadBalancerArn": "{lb}", "Attributes": [{{"Key": "load_balancing.cross_zone.enabled", "Value": "true"}}]}}]}}"#
            )
        ),
        [format!(
            "load balancer {lb} x1 at LoadBalancerAttributes[0].Attributes[0]"
        )]
    );
    // `aws elb describe-load-balancer-attributes` prints an object under the same key.
    assert_eq!(
        attributes_of(
            "elb.json",
            r#"{"LoadBalancerAttributes": {"CrossZoneLoadBalancing": {"Enabled": true}}}"#
        ),
        ["ignored elb describe-load-balancer-attributes (Classic Load Balancers)"]
    );
}

#[test]
fn fragments_are_recognised_by_shape() {
    check(
        "rtb.json",
        br#"{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Routes": [{"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local"}]}"#,
        &["document describe-route-tables x1 (fragment)"],
    );
    check(
        "sgs.json",
        br#"[{"GroupId": "sg-1", "IpPermissions": []}, {"GroupId": "sg-2", "IpPermissionsEgress": []}]"#,
        &["document describe-security-groups x2 (fragment)"],
    );
    check(
        "describe-rule-group.my-rules.json",
        br#"{"RulesString": "pass tcp any any -> any 443 (sid:1;)"}"#,
        &["document describe-rule-group x1 (fragment)"],
    );
    check(
        "policy.json",
        br#"{"StatelessDefaultActions": ["aws:forward_to_sfe"]}"#,
        &["error policy.json: this is a firewall policy (`--query FirewallPolicy`) output, which does not say which firewall policy it belongs to: export it with scripts/export-aws.sh (which records that), or name the file describe-firewall-policy.<policy-name>.json"],
    );
}

#[test]
fn scenario_bundles_carry_their_documents_and_context() {
    let bundle = format!(
        r#"{{"ReachScenario": {{"Version": 1, "Name": "t"}}, "Documents": [
            {{"File": "describe-vpcs.json", "Output": {VPCS}}},
            {{"File": "r.json", "Context": {{"TransitGatewayRouteTableId": "tgw-rtb-9"}}, "Output": {{"Routes": []}}}}
        ]}}"#
    );
    let read = read(&InputFile::new("s.json", bundle));
    assert!(read.errors.is_empty(), "{:?}", read.errors);
    assert_eq!(read.documents.len(), 2);
    assert_eq!(read.documents[0].file, "s.json#describe-vpcs.json");
    assert_eq!(
        read.documents[1].document.kind(),
        DocumentKind::SearchTransitGatewayRoutes
    );
    check("s.json", br#"{"ReachScenario": {"Version": 7}, "Documents": []}"#, &[
        "error s.json: ReachScenario.Version: unsupported scenario version: this Reach reads `ReachScenario.Version` 1",
    ]);
}

#[test]
fn other_services_are_ignored_not_errors() {
    check(
        "rds.json",
        br#"{"DBInstances": []}"#,
        &["ignored rds.json: rds describe-db-instances"],
    );
    check(
        "odd.json",
        br#"{"Foo": 1, "Bar": 2}"#,
        &["ignored odd.json: unrecognised document (top-level keys: Bar, Foo)"],
    );
    check(
        "empty-list.json",
        b"[]",
        &["ignored empty-list.json: empty list"],
    );
}

#[test]
fn malformed_json_names_line_and_column() {
    check(
        "bad.json",
        b"{\n  \"Vpcs\": [\n    {\"VpcId\": \"vpc-1\",}\n  ]\n}",
        &["error bad.json: line 3, column 23: malformed JSON: key must be a string"],
    );
    check("cut.json", b"{\"Vpcs\": [", &["error cut.json: line 1, column 10: malformed JSON: EOF while parsing a list (the file is cut short)"]);
}

#[test]
fn empty_and_whitespace_files() {
    check(
        "empty.json",
        b"",
        &["error empty.json: empty file: expected the JSON output of an AWS CLI call"],
    );
    check(
        "blank.json",
        b" \n\t\n",
        &["error blank.json: empty file: expected the JSON output of an AWS CLI call"],
    );
}

#[test]
fn byte_order_marks() {
    let mut utf8 = vec![0xEF, 0xBB, 0xBF];
    utf8.extend_from_slice(VPCS.as_bytes());
    check("bom.json", &utf8, &["document describe-vpcs x1"]);
    // What Windows PowerShell 5 writes for `aws ec2 describe-vpcs > vpcs.json`.
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(VPCS.encode_utf16().flat_map(u16::to_le_bytes));
    check("ps.json", &utf16, &["document describe-vpcs x1"]);
    let mut utf16be = vec![0xFE, 0xFF];
    utf16be.extend(VPCS.encode_utf16().flat_map(u16::to_be_bytes));
    check("be.json", &utf16be, &["document describe-vpcs x1"]);
    check(
        "odd.json",
        &[0xFF, 0xFE, 0x7B],
        &["error odd.json: UTF-16 text with an odd number of bytes: the file is cut short"],
    );
}

#[test]
fn random_bytes() {
    check("random.bin", &[0x7B, 0x22, 0xC3, 0x28, 0x00, 0xFF], &[
        "error random.bin: not UTF-8 text: byte 0xc3 at offset 2 (expected the JSON output of an AWS CLI call)",
    ]);
}

#[test]
fn wrong_types_name_the_path_and_resource_and_keep_the_rest() {
    check(
        "sg.json",
        br#"{"SecurityGroups": [
            {"GroupId": "sg-good", "IpPermissions": []},
            {"GroupId": "sg-bad", "VpcId": 7, "IpPermissions": []}
        ]}"#,
        &[
            "document describe-security-groups x1",
            "error sg.json: sg-bad: SecurityGroups[1].VpcId: invalid type: integer `7`, expected a string",
        ],
    );
    check(
        "vpc.json",
        br#"{"Vpcs": [{"CidrBlock": "10.0.0.0/16"}]}"#,
        &[
            "document describe-vpcs x0",
            "error vpc.json: Vpcs[0]: missing field `VpcId`",
        ],
    );
    check(
        "vpcs.json",
        br#"{"Vpcs": {"VpcId": "vpc-1"}}"#,
        &[
            "document describe-vpcs x0",
            "error vpcs.json: Vpcs: invalid type: an object, expected an array",
        ],
    );
    check(
        "n.json",
        b"42",
        &["error n.json: expected a JSON object or array printed by the AWS CLI, found a number"],
    );
}

/// A bad element of a list inside a resource costs only itself: the resource is kept, and the
/// element is set aside with where and why, for the model to report (see `Elements`).
#[test]
fn a_bad_element_inside_a_resource_keeps_the_resource() {
    let read = read(&InputFile::new(
        "acl.json",
        br#"{"NetworkAcls": [{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "Entries": [
            {"RuleNumber": 100, "Protocol": "-1", "RuleAction": "deny", "Egress": false, "CidrBlock": "0.0.0.0/0"},
            {"RuleNumber": "x", "Protocol": "-1", "RuleAction": "allow", "Egress": false, "CidrBlock": "0.0.0.0/0"},
            null]}]}"#
            .to_vec(),
    ));
    assert_eq!(read.errors, []);
    let Document::NetworkAcls(items) = &read.documents[0].document else {
        panic!("not network ACLs")
    };
    let entries = &items[0].value.entries;
    assert_eq!(
        entries.read().map(|(index, _)| index).collect::<Vec<_>>(),
        [0]
    );
    let dropped: Vec<String> = entries
        .dropped()
        .map(|dropped| {
            format!(
                "[{}] {}: {}",
                dropped.index, dropped.location, dropped.message
            )
        })
        .collect();
    assert_eq!(
        dropped,
        [
            "[1] RuleNumber: invalid type: string \"x\", expected i64",
            "[2] : invalid type: null, expected struct NetworkAclEntry",
        ]
    );
    let known: Vec<_> = entries
        .dropped()
        .map(|dropped| dropped.known.clone())
        .collect();
    assert_eq!(known[0].egress, Some(false));
    assert_eq!(known[0].rule_number, None);
    assert_eq!(known[1], Default::default());
}

/// serde_json keeps the last of a repeated key; Reach says so instead of losing the first
/// value silently. Wrapped outputs are checked too, each at its own top level.
#[test]
fn a_repeated_top_level_key_is_an_error() {
    check(
        "merged.json",
        br#"{"Vpcs": [{"VpcId": "vpc-1"}], "Vpcs": [{"VpcId": "vpc-2"}, {"VpcId": "vpc-3"}], "Vpcs": []}"#,
        &[
            "document describe-vpcs x0",
            "error merged.json: Vpcs: the key `Vpcs` appears more than once: only its last value is read",
        ],
    );
    check(
        "wrapped.json",
        br#"{"ReachExport": {"Version": 1}, "Output": {"Subnets": [], "Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1"}]}}"#,
        &[
            "document describe-subnets x1",
            "error wrapped.json: Subnets: the key `Subnets` appears more than once: only its last value is read",
        ],
    );
    // Keys repeated inside a resource are serde's to refuse (`duplicate field`).
    check(
        "vpc.json",
        br#"{"Vpcs": [{"VpcId": "vpc-1", "VpcId": "vpc-2"}]}"#,
        &[
            "document describe-vpcs x0",
            "error vpc.json: vpc-2: Vpcs[0]: duplicate field `VpcId`",
        ],
    );
}

#[test]
fn unknown_enum_values_stay_text() {
    let read = read(&InputFile::new(
        "eni.json",
        br#"{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "InterfaceType": "quantum_tunnel", "Status": "teleporting"}]}"#.to_vec(),
    ));
    assert!(read.errors.is_empty());
    let Document::NetworkInterfaces(items) = &read.documents[0].document else {
        panic!("not interfaces")
    };
    assert_eq!(
        items[0].value.interface_type.as_deref(),
        Some("quantum_tunnel")
    );
}

/// An empty describe-vpcs output inside `depth` wrappers, each `open` … `close`.
fn nested(depth: usize, open: &str, close: &str) -> String {
    let mut text = String::with_capacity(depth * (open.len() + close.len()) + 16);
    for _ in 0..depth {
        text.push_str(open);
    }
    text.push_str(r#"{"Vpcs": []}"#);
    for _ in 0..depth {
        text.push_str(close);
    }
    text
}

const EXPORT_OPEN: &str = r#"{"ReachExport": {"Version": 1}, "Output": "#;
const EXPORT_CLOSE: &str = "}";
const SCENARIO_OPEN: &str =
    r#"{"ReachScenario": {"Version": 1}, "Documents": [{"File": "d.json", "Output": "#;
const SCENARIO_CLOSE: &str = "}]}";

#[test]
fn wrappers_nest_up_to_the_cap() {
    let deepest = nested(MAX_WRAPPER_DEPTH, EXPORT_OPEN, EXPORT_CLOSE);
    check(
        "deep.json",
        deepest.as_bytes(),
        &["document describe-vpcs x0"],
    );
    let one_more = nested(MAX_WRAPPER_DEPTH + 1, EXPORT_OPEN, EXPORT_CLOSE);
    check("deep.json", one_more.as_bytes(), &[
        "error deep.json: Output.Output.Output.Output.Output.Output.Output.Output: `ReachExport` inside 8 wrappers: Reach reads them at most 8 deep (a scenario bundle of exports is 2)",
    ]);
    // A bundle of exports, the usual two levels; and a bundle nested too deep names its path
    // from the top of the file, not from the bundle entry's own label.
    let bundle =
        format!("{SCENARIO_OPEN}{EXPORT_OPEN}{{\"Vpcs\": []}}{EXPORT_CLOSE}{SCENARIO_CLOSE}");
    check("b.json", bundle.as_bytes(), &["document describe-vpcs x0"]);
    let bundles = nested(MAX_WRAPPER_DEPTH + 1, SCENARIO_OPEN, SCENARIO_CLOSE);
    let found = read(&InputFile::new("b.json", bundles));
    assert!(found.documents.is_empty());
    assert_eq!(found.errors.len(), 1, "{:?}", found.errors);
    let error = &found.errors[0];
    assert_eq!(error.file, "b.json");
    assert_eq!(
        error.location.as_deref(),
        Some(&*["Documents[0].Output"; MAX_WRAPPER_DEPTH].join("."))
    );
    assert!(error
        .message
        .starts_with("`ReachScenario` inside 8 wrappers"));
}

/// A file built to overflow the stack or take quadratic time: each level used to be parsed
/// again by a recursive call. It is refused after `MAX_WRAPPER_DEPTH` levels, in linear work.
#[test]
fn wrappers_nested_a_hundred_thousand_deep_are_refused() {
    for (open, close) in [(EXPORT_OPEN, EXPORT_CLOSE), (SCENARIO_OPEN, SCENARIO_CLOSE)] {
        let text = nested(100_000, open, close);
        let found = read(&InputFile::new("bomb.json", text));
        assert!(found.documents.is_empty());
        assert_eq!(found.errors.len(), 1, "{:?}", found.errors);
        assert!(
            found.errors[0]
                .message
                .contains("Reach reads them at most 8 deep"),
            "{}",
            found.errors[0]
        );
    }
}

/// Deeply nested arrays elsewhere meet serde_json's recursion limit (128) or are never
/// descended into: an error or an ignored document, never a crash.
#[test]
fn deeply_nested_arrays_are_errors_not_crashes() {
    let deep = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let arrays = deep(100_000);
    check(
        "a.json",
        arrays.as_bytes(),
        &["ignored a.json: unrecognised list"],
    );
    // In a typed position the type stops the descent at the first level.
    let in_vpcs = format!(r#"{{"Vpcs": [{arrays}]}}"#);
    let found = read(&InputFile::new("v.json", in_vpcs));
    assert_eq!(found.errors.len(), 1, "{:?}", found.errors);
    // A listener rule's conditions are kept as JSON values: the recursion limit applies.
    let in_conditions = format!(
        r#"{{"Rules": [{{"RuleArn": "arn:aws:elasticloadbalancing:rule/1", "Conditions": [{arrays}]}}]}}"#
    );
    let found = read(&InputFile::new("r.json", in_conditions));
    assert_eq!(found.errors.len(), 1, "{:?}", found.errors);
    assert!(
        found.errors[0].message.contains("recursion limit exceeded"),
        "{}",
        found.errors[0]
    );
    // Unclosed, too: the rest of the file is not waited for.
    let cut = "[".repeat(100_000);
    let found = read(&InputFile::new("c.json", cut));
    assert_eq!(found.errors.len(), 1, "{:?}", found.errors);
}

/// VPN connections and Direct Connect virtual interfaces, whole and as `--query` fragments.
/// A VPN connection names its gateway and carries `Options`, which must not make it a virtual
/// private gateway or a transit gateway; Direct Connect's keys are camelCase.
#[test]
fn vpn_connections_and_virtual_interfaces() {
    let connection = r#"{"VpnConnectionId": "vpn-1", "State": "available", "VpnGatewayId": "vgw-1",
        "CustomerGatewayId": "cgw-1", "Type": "ipsec.1", "Options": {"StaticRoutesOnly": true},
        "Routes": [{"DestinationCidrBlock": "192.168.10.0/24", "Source": "Static", "State": "available"}],
        "VgwTelemetry": [{"OutsideIpAddress": "198.51.100.1", "Status": "UP"}, {"OutsideIpAddress": "198.51.100.2", "Status": "DOWN"}]}"#;
    check(
        "describe-vpn-connections.json",
        format!(r#"{{"VpnConnections": [{connection}]}}"#).as_bytes(),
        &["document describe-vpn-connections x1"],
    );
    check(
        "vpn.json",
        connection.as_bytes(),
        &["document describe-vpn-connections x1 (fragment)"],
    );
    check(
        "tgw-vpn.json",
        br#"{"VpnConnectionId": "vpn-2", "TransitGatewayId": "tgw-1", "Options": {"StaticRoutesOnly": false}}"#,
        &["document describe-vpn-connections x1 (fragment)"],
    );
    let interface = r#"{"virtualInterfaceId": "dxvif-1", "virtualInterfaceType": "private",
        "virtualInterfaceState": "available", "virtualGatewayId": "vgw-1",
        "customerAddress": "169.254.0.2/30", "amazonAddress": "169.254.0.1/30",
        "routeFilterPrefixes": [{"cidr": "10.50.0.0/16"}], "bgpPeers": [{"bgpStatus": "up"}],
        "tags": [{"key": "Name", "value": "dc-link"}]}"#;
    check(
        "describe-virtual-interfaces.json",
        format!(r#"{{"virtualInterfaces": [{interface}]}}"#).as_bytes(),
        &["document describe-virtual-interfaces x1"],
    );
    check(
        "vif.json",
        format!("[{interface}]").as_bytes(),
        &["document describe-virtual-interfaces x1 (fragment)"],
    );
    assert_eq!(
        DocumentKind::DescribeVirtualInterfaces.command(),
        "aws directconnect describe-virtual-interfaces"
    );
    // One bad connection costs only itself.
    check(
        "describe-vpn-connections.json",
        br#"{"VpnConnections": [{"VpnConnectionId": "vpn-1", "Routes": {}}, {"VpnConnectionId": "vpn-2"}]}"#,
        &[
            "document describe-vpn-connections x1",
            "error describe-vpn-connections.json: vpn-1: VpnConnections[0].Routes: invalid type: map, expected a sequence",
        ],
    );
}
