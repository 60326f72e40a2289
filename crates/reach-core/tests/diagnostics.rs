//! Diagnostics for partial input, one case per kind of dangling reference, and value errors
//! with their file, resource and field. Each case is a handful of fragments; `check` renders
//! what `load` says as `missing | command` lines (whole outputs also trigger the "output
//! missing" checks, which `check` leaves out to keep the cases small).

use reach_aws::InputFile;

fn check(files: &[(&str, &str)], expected: &[&str]) {
    let files: Vec<InputFile> = files
        .iter()
        .map(|(name, text)| InputFile::new(*name, *text))
        .collect();
    let load = reach_core::load(&files);
    let mut lines: Vec<String> = load
        .errors
        .iter()
        .map(|error| format!("error {error}"))
        .collect();
    for diagnostic in &load.diagnostics {
        if diagnostic.message.starts_with("no ")
            && diagnostic.message.contains(" output in the input")
        {
            continue;
        }
        lines.push(format!(
            "{} | {}",
            diagnostic.missing.as_deref().unwrap_or("-"),
            diagnostic.command.as_deref().unwrap_or("-")
        ));
    }
    assert_eq!(
        lines,
        expected,
        "\nactual:\n{}\nall: {:#?}",
        lines.join("\n"),
        load.diagnostics
    );
}

const VPC: &str = r#"{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16", "InstanceTenancy": "default"}"#;
const SUBNET: &str = r#"{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24", "AvailabilityZone": "us-east-1a"}"#;
const ACL: &str = r#"{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "IsDefault": true, "Entries": [], "Associations": [{"SubnetId": "subnet-1"}]}"#;

fn route_table(routes: &str) -> String {
    format!(
        r#"{{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Associations": [{{"Main": true, "RouteTableId": "rtb-1"}}], "Routes": [{{"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local"}}, {routes}]}}"#
    )
}

#[test]
fn routes_to_missing_targets() {
    for (target, expected) in [
        (r#""NatGatewayId": "nat-9""#, "nat-9 | aws ec2 describe-nat-gateways --nat-gateway-ids nat-9"),
        (r#""VpcPeeringConnectionId": "pcx-9""#, "pcx-9 | aws ec2 describe-vpc-peering-connections --vpc-peering-connection-ids pcx-9"),
        (r#""TransitGatewayId": "tgw-9""#, "tgw-9 | aws ec2 describe-transit-gateways --transit-gateway-ids tgw-9"),
        (r#""NetworkInterfaceId": "eni-9""#, "eni-9 | aws ec2 describe-network-interfaces --network-interface-ids eni-9"),
        (r#""GatewayId": "igw-9""#, "igw-9 | aws ec2 describe-internet-gateways --internet-gateway-ids igw-9"),
        (
            r#""GatewayId": "vpce-9""#,
            "vpce-9 | aws ec2 describe-vpc-endpoint-ids vpce-9; aws network-firewall list-firewalls --vpc-ids vpc-1",
        ),
    ] {
        let table = route_table(&format!(r#"{{"DestinationCidrBlock": "0.0.0.0/0", {target}, "State": "active"}}"#));
        let expected = expected.replace("describe-vpc-endpoint-ids", "describe-vpc-endpoints --vpc-endpoint-ids");
        check(&[("vpc.json", VPC), ("subnet.json", SUBNET), ("acl.json", ACL), ("rtb.json", &table)], &[&expected]);
    }
}

#[test]
fn subnet_without_route_table_or_network_acl() {
    check(
        &[("vpc.json", VPC), ("subnet.json", SUBNET)],
        &[
            "main route table of vpc-1 | aws ec2 describe-route-tables --filters Name=vpc-id,Values=vpc-1",
            "network ACL of subnet-1 | aws ec2 describe-network-acls --filters Name=association.subnet-id,Values=subnet-1",
        ],
    );
}

#[test]
fn instance_security_group_not_exported() {
    let instance = r#"{"InstanceId": "i-1", "ImageId": "ami-1", "SubnetId": "subnet-1", "VpcId": "vpc-1",
        "SecurityGroups": [{"GroupId": "sg-9", "GroupName": "web"}],
        "NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "SubnetId": "subnet-1", "VpcId": "vpc-1", "PrivateIpAddress": "10.0.1.5",
                               "Groups": [{"GroupId": "sg-9"}], "Attachment": {"DeviceIndex": 0}}]}"#;
    check(
        &[
            ("vpc.json", VPC),
            ("subnet.json", SUBNET),
            ("acl.json", ACL),
            (
                "rtb.json",
                &route_table(r#"{"DestinationCidrBlock": "10.9.0.0/16", "GatewayId": "local"}"#),
            ),
            ("i.json", instance),
        ],
        &["sg-9 | aws ec2 describe-security-groups --group-ids sg-9"],
    );
}

#[test]
fn firewall_without_policy_and_policy_without_rule_groups() {
    let firewall = r#"{"Firewall": {"FirewallName": "fw", "FirewallArn": "arn:aws:network-firewall:us-east-1:1:firewall/fw",
        "FirewallPolicyArn": "arn:aws:network-firewall:us-east-1:1:firewall-policy/p", "VpcId": "vpc-1", "SubnetMappings": [{"SubnetId": "subnet-1"}]},
        "FirewallStatus": {"Status": "READY", "SyncStates": {"us-east-1a": {"Attachment": {"SubnetId": "subnet-1", "EndpointId": "vpce-1", "Status": "READY"}}}}}"#;
    check(
        &[("vpc.json", VPC), ("subnet.json", SUBNET), ("acl.json", ACL), ("rtb.json", &route_table(r#"{"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "vpce-1"}"#)), ("fw.json", firewall)],
        &["arn:aws:network-firewall:us-east-1:1:firewall-policy/p | aws network-firewall describe-firewall-policy --firewall-policy-arn arn:aws:network-firewall:us-east-1:1:firewall-policy/p"],
    );
    let policy = r#"{"FirewallPolicyResponse": {"FirewallPolicyName": "p", "FirewallPolicyArn": "arn:aws:network-firewall:us-east-1:1:firewall-policy/p"},
        "FirewallPolicy": {"StatelessDefaultActions": ["aws:forward_to_sfe"], "StatefulRuleGroupReferences": [{"ResourceArn": "arn:aws:network-firewall:us-east-1:1:stateful-rulegroup/g", "Priority": 1}]}}"#;
    check(
        &[("vpc.json", VPC), ("subnet.json", SUBNET), ("acl.json", ACL), ("rtb.json", &route_table(r#"{"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "vpce-1"}"#)), ("fw.json", firewall), ("p.json", policy)],
        &["arn:aws:network-firewall:us-east-1:1:stateful-rulegroup/g | aws network-firewall describe-rule-group --rule-group-arn arn:aws:network-firewall:us-east-1:1:stateful-rulegroup/g"],
    );
}

#[test]
fn target_group_without_health() {
    let group = r#"{"TargetGroups": [{"TargetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/web/abc", "TargetGroupName": "web", "TargetType": "instance", "VpcId": "vpc-1"}]}"#;
    check(
        &[("tg.json", group)],
        &["target health of arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/web/abc | aws elbv2 describe-target-health --target-group-arn arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/web/abc > describe-target-health.web.json"],
    );
    // With the health named by the file, the group is complete.
    check(
        &[
            ("tg.json", group),
            (
                "describe-target-health.web.json",
                r#"{"TargetHealthDescriptions": []}"#,
            ),
        ],
        &[],
    );
}

#[test]
fn identical_copies_merge_and_conflicting_ones_name_both_files() {
    let vpcs = format!(r#"{{"Vpcs": [{VPC}]}}"#);
    let files = [
        InputFile::new("a/describe-vpcs.json", vpcs.clone()),
        InputFile::new("b/describe-vpcs.json", vpcs),
    ];
    let load = reach_core::load(&files);
    assert_eq!(load.snapshot.vpcs.len(), 1);
    assert!(!load
        .diagnostics
        .iter()
        .any(|d| d.message.contains("described differently")));

    let other = r#"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.9.0.0/16"}]}"#;
    let files = [
        InputFile::new("a/describe-vpcs.json", format!(r#"{{"Vpcs": [{VPC}]}}"#)),
        InputFile::new("b/describe-vpcs.json", other),
    ];
    let load = reach_core::load(&files);
    let conflict = load
        .diagnostics
        .iter()
        .find(|d| d.message.contains("described differently"))
        .expect("a conflict");
    assert_eq!(
        conflict.message,
        "VPC vpc-1 is described differently in a/describe-vpcs.json (Vpcs[0]) and in b/describe-vpcs.json (Vpcs[0]): Reach uses the first; export both from the same moment, or remove the stale file"
    );
    assert_eq!(
        load.snapshot.vpcs["vpc-1"].cidrs[0].to_string(),
        "10.0.0.0/16"
    );
}

#[test]
fn bad_values_name_file_resource_and_field_and_keep_the_rest() {
    let tables = r#"{"RouteTables": [{"RouteTableId": "rtb-0d4e", "VpcId": "vpc-1", "Routes": [
        {"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local"},
        {"DestinationCidrBlock": "10.0.0.0/8", "GatewayId": "local"},
        {"DestinationCidrBlock": "10.0.0.0/33", "GatewayId": "local"}]}]}"#;
    let files = [InputFile::new("describe-route-tables.json", tables)];
    let load = reach_core::load(&files);
    let errors: Vec<String> = load.errors.iter().map(ToString::to_string).collect();
    assert_eq!(errors, ["describe-route-tables.json: rtb-0d4e: RouteTables[0].Routes[2].DestinationCidrBlock: invalid CIDR \"10.0.0.0/33\""]);
    assert_eq!(load.snapshot.route_tables["rtb-0d4e"].routes.len(), 2);

    let acl = r#"{"NetworkAcls": [{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "Entries": [
        {"RuleNumber": 100, "Protocol": "tcp-ish", "RuleAction": "allow", "Egress": false, "CidrBlock": "0.0.0.0/0"},
        {"RuleNumber": 110, "Protocol": "6", "RuleAction": "maybe", "Egress": false, "CidrBlock": "0.0.0.0/0"},
        {"RuleNumber": 120, "Protocol": "6", "RuleAction": "allow", "Egress": false, "CidrBlock": "0.0.0.0/0", "PortRange": {"From": 90, "To": 80}}]}]}"#;
    let load = reach_core::load(&[InputFile::new("acl.json", acl)]);
    let errors: Vec<String> = load.errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        errors,
        [
            "acl.json: acl-1: NetworkAcls[0].Entries[0].Protocol: invalid protocol \"tcp-ish\": expected -1, a name or a number 0-255",
            "acl.json: acl-1: NetworkAcls[0].Entries[1].RuleAction: invalid rule action \"maybe\": expected allow or deny",
            "acl.json: acl-1: NetworkAcls[0].Entries[2].PortRange: invalid port range 90-80",
        ]
    );
}

#[test]
fn a_single_object_fragment_is_its_files_top_level_in_error_paths() {
    let table = r#"{"RouteTableId": "rtb-0abc", "VpcId": "vpc-1", "Routes": [{"DestinationCidrBlock": "10.0.0.0/33", "GatewayId": "local"}]}"#;
    let load = reach_core::load(&[InputFile::new("pasted-1.json", table)]);
    let errors: Vec<String> = load.errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        errors,
        ["pasted-1.json: rtb-0abc: Routes[0].DestinationCidrBlock: invalid CIDR \"10.0.0.0/33\""]
    );
}

/// A rule that does not parse is an error naming the file, the rule group, the line and the
/// column; a hook-based rule is named as not evaluated.
#[test]
fn firewall_rules_that_do_not_parse() {
    let vpc = r#"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}"#;
    let firewall = r#"{"Firewall": {"FirewallName": "fw", "FirewallArn": "arn:aws:network-firewall:us-east-1:1:firewall/fw", "FirewallPolicyArn": "arn:aws:network-firewall:us-east-1:1:firewall-policy/p", "VpcId": "vpc-1", "SubnetMappings": []}, "FirewallStatus": {"Status": "READY", "SyncStates": {}}}"#;
    let policy = r#"{"FirewallPolicyResponse": {"FirewallPolicyName": "p", "FirewallPolicyArn": "arn:aws:network-firewall:us-east-1:1:firewall-policy/p"}, "FirewallPolicy": {"StatelessDefaultActions": ["aws:forward_to_sfe"], "StatelessFragmentDefaultActions": ["aws:forward_to_sfe"], "StatefulRuleGroupReferences": [{"ResourceArn": "arn:aws:network-firewall:us-east-1:1:stateful-rulegroup/g"}]}}"#;
    let group = r#"{"RuleGroupResponse": {"RuleGroupName": "g", "RuleGroupArn": "arn:aws:network-firewall:us-east-1:1:stateful-rulegroup/g", "Type": "STATEFUL"}, "RuleGroup": {"RulesSource": {"RulesString": "pass tcp any any -> any 443 (sid:1;)\ndrop tcp any any -> any 70000 (sid:2;)\naccept:hook tcp:all any any -> any any (sid:3;)\n"}}}"#;
    let files: Vec<InputFile> = [
        ("describe-vpcs.json", vpc),
        ("describe-firewall.fw.json", firewall),
        ("describe-firewall-policy.p.json", policy),
        ("describe-rule-group.g.json", group),
    ]
    .iter()
    .map(|(name, text)| InputFile::new(*name, *text))
    .collect();
    let load = reach_core::load(&files);
    let errors: Vec<String> = load.errors.iter().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(
        errors[0].starts_with(
            "describe-rule-group.g.json: g: RuleGroup.RulesSource: rule at line 2, column 25:"
        ),
        "{}",
        errors[0]
    );
    assert!(
        errors[0].contains("\"70000\" is not a port"),
        "{}",
        errors[0]
    );
    assert!(
        errors[1].contains("line 3") && errors[1].contains("hook-based rule"),
        "{}",
        errors[1]
    );
    let engine = load
        .snapshot
        .firewall_engines
        .values()
        .next()
        .expect("compiled");
    assert_eq!(engine.stateful.len(), 1);
    assert_eq!(engine.skipped.len(), 2);
}

/// A rule error names the file of the rule group it is in, found by ARN: two accounts may
/// each have a rule group of the same name (here the policy uses both, shared through AWS
/// RAM), and only the second one's rule is broken.
#[test]
fn firewall_rule_errors_name_the_file_of_their_rule_group_by_arn() {
    let vpc = r#"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}"#;
    let firewall = r#"{"Firewall": {"FirewallName": "fw", "FirewallArn": "arn:aws:network-firewall:us-east-1:111111111111:firewall/fw", "FirewallPolicyArn": "arn:aws:network-firewall:us-east-1:111111111111:firewall-policy/p", "VpcId": "vpc-1", "SubnetMappings": []}, "FirewallStatus": {"Status": "READY", "SyncStates": {}}}"#;
    let policy = r#"{"FirewallPolicyResponse": {"FirewallPolicyName": "p", "FirewallPolicyArn": "arn:aws:network-firewall:us-east-1:111111111111:firewall-policy/p"}, "FirewallPolicy": {"StatelessDefaultActions": ["aws:forward_to_sfe"], "StatelessFragmentDefaultActions": ["aws:forward_to_sfe"], "StatefulRuleGroupReferences": [{"ResourceArn": "arn:aws:network-firewall:us-east-1:111111111111:stateful-rulegroup/g"}, {"ResourceArn": "arn:aws:network-firewall:us-east-1:222222222222:stateful-rulegroup/g"}]}}"#;
    let group = |account: &str, rules: &str| {
        format!(
            r#"{{"RuleGroupResponse": {{"RuleGroupName": "g", "RuleGroupArn": "arn:aws:network-firewall:us-east-1:{account}:stateful-rulegroup/g", "Type": "STATEFUL"}}, "RuleGroup": {{"RulesSource": {{"RulesString": "{rules}"}}}}}}"#
        )
    };
    let good = group("111111111111", "pass tcp any any -> any 443 (sid:1;)");
    let bad = group("222222222222", "drop tcp any any -> any 70000 (sid:2;)");
    let files = [
        InputFile::new("describe-vpcs.json", vpc),
        InputFile::new("describe-firewall.fw.json", firewall),
        InputFile::new("describe-firewall-policy.p.json", policy),
        InputFile::new("111111111111/describe-rule-group.g.json", good.as_str()),
        InputFile::new("222222222222/describe-rule-group.g.json", bad.as_str()),
    ];
    let load = reach_core::load(&files);
    let errors: Vec<String> = load.errors.iter().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].starts_with(
            "222222222222/describe-rule-group.g.json: g: RuleGroup.RulesSource: rule at line 1, column 25:"
        ),
        "{}",
        errors[0]
    );
    let engine = load
        .snapshot
        .firewall_engines
        .values()
        .next()
        .expect("compiled");
    assert_eq!(
        engine.skipped[0].group_arn,
        "arn:aws:network-firewall:us-east-1:222222222222:stateful-rulegroup/g"
    );
}

/// What lies behind a virtual private gateway is in `describe-vpn-connections` and
/// Direct Connect's `describe-virtual-interfaces`: once the input has a gateway, their outputs
/// are expected, and not before.
#[test]
fn a_virtual_private_gateway_expects_its_connections() {
    let expected_calls = |files: &[(&str, &str)]| -> Vec<String> {
        let files: Vec<InputFile> = files
            .iter()
            .map(|(name, text)| InputFile::new(*name, *text))
            .collect();
        reach_core::load(&files)
            .diagnostics
            .iter()
            .filter_map(|diagnostic| diagnostic.command.clone())
            .filter(|command| {
                command.contains("vpn-connections") || command.contains("directconnect")
            })
            .collect()
    };
    let gateways = r#"{"VpnGateways": [{"VpnGatewayId": "vgw-1", "State": "available"}]}"#;
    assert_eq!(
        expected_calls(&[("describe-vpn-gateways.json", gateways)]),
        [
            "aws directconnect describe-virtual-interfaces",
            "aws ec2 describe-vpn-connections"
        ]
    );
    assert_eq!(
        expected_calls(&[
            ("describe-vpn-gateways.json", gateways),
            ("describe-vpn-connections.json", r#"{"VpnConnections": []}"#),
            (
                "describe-virtual-interfaces.json",
                r#"{"virtualInterfaces": []}"#
            ),
        ]),
        Vec::<String>::new()
    );
    assert_eq!(
        expected_calls(&[("describe-vpn-gateways.json", r#"{"VpnGateways": []}"#)]),
        Vec::<String>::new()
    );
}
