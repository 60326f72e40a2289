//! A small network for the walk's unit tests, written as the exports AWS prints, and one
//! `check` that walks a question on it and compares the verdict, the codes and the hops.
//!
//! The lab: VPC `vpc-1` (10.0.0.0/16) with `subnet-a` (10.0.1.0/24) holding `eni-a`
//! (10.0.1.10, group `sg-a`: everything out, nothing in) and `subnet-b` (10.0.2.0/24) holding
//! `eni-b` (10.0.2.20, group `sg-b`: TCP 443 in from the VPC, everything out); network ACL
//! `acl-1` allowing everything both ways; main route table `rtb-1` with the local route only;
//! internet gateway `igw-1` attached. A test replaces or adds the files its case needs; the
//! builders below add the usual ones: a second VPC (`two_vpcs`), an appliance
//! (`with_appliance`), IPv6 and an egress-only internet gateway (`ipv6`), a gateway endpoint
//! (`with_gateway_endpoint`), a Gateway Load Balancer and its endpoint (`with_gwlb`), and a
//! virtual private gateway with VPN connections (`with_vpn_gateway`).

use super::{walk, Mode};
use crate::analysis::question::{resolve, Compat};
use crate::analysis::{Answer, ComponentKind, Endpoint, Hop, Question};
use reach_aws::InputFile;

/// The lab's exports, by file name.
pub(super) fn lab() -> Vec<(&'static str, String)> {
    vec![
        (
            "describe-vpcs.json",
            r#"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16", "OwnerId": "111122223333"}]}"#
                .to_owned(),
        ),
        ("describe-subnets.json", lab_subnets(&[])),
        ("describe-network-interfaces.json", lab_interfaces(&[])),
        ("describe-security-groups.json", lab_groups(&[])),
        (
            "describe-network-acls.json",
            network_acls(&[("acl-1", "vpc-1", &["subnet-a", "subnet-b"], ALLOW_ALL)]),
        ),
        (
            "describe-route-tables.json",
            route_tables(&[("rtb-1", "vpc-1", MAIN, LOCAL)]),
        ),
        (
            "describe-internet-gateways.json",
            r#"{"InternetGateways": [{"InternetGatewayId": "igw-1", "Attachments": [{"VpcId": "vpc-1", "State": "available"}]}]}"#
                .to_owned(),
        ),
    ]
}

/// `describe-subnets` of the lab's subnets and `more` (`subnet`s).
pub(super) fn lab_subnets(more: &[String]) -> String {
    let mut subnets = vec![
        subnet("subnet-a", "vpc-1", "10.0.1.0/24"),
        subnet("subnet-b", "vpc-1", "10.0.2.0/24"),
    ];
    subnets.extend_from_slice(more);
    format!(r#"{{"Subnets": [{}]}}"#, subnets.join(", "))
}

/// `describe-network-interfaces` of the lab's interfaces and `more` (JSON objects).
pub(super) fn lab_interfaces(more: &[String]) -> String {
    let mut interfaces = vec![
        interface("eni-a", "vpc-1", "subnet-a", "10.0.1.10", "sg-a"),
        interface("eni-b", "vpc-1", "subnet-b", "10.0.2.20", "sg-b"),
    ];
    interfaces.extend_from_slice(more);
    format!(r#"{{"NetworkInterfaces": [{}]}}"#, interfaces.join(", "))
}

/// `describe-security-groups` of the lab's groups and `more` (`security_group`s).
pub(super) fn lab_groups(more: &[String]) -> String {
    let mut groups = vec![
        security_group("sg-a", "vpc-1", "[]"),
        security_group(
            "sg-b",
            "vpc-1",
            r#"[{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "10.0.0.0/16"}]}]"#,
        ),
    ];
    groups.extend_from_slice(more);
    format!(r#"{{"SecurityGroups": [{}]}}"#, groups.join(", "))
}

/// A route to `cidr` through `target` (`"NatGatewayId": "nat-1"`), after a comma, as the
/// builders take routes.
pub(super) fn route(cidr: &str, target: &str) -> String {
    format!(r#", {{"DestinationCidrBlock": "{cidr}", {target}, "State": "active"}}"#)
}

/// The lab and a second VPC, `vpc-2` (10.1.0.0/16), with `subnet-c` (10.1.1.0/24) holding
/// `eni-c` (10.1.1.30, group `sg-c`: TCP 443 in from 10.0.0.0/8) behind `acl-2` (allowing
/// everything). The main tables `rtb-1` and `rtb-2` hold the local route and `routes_1` or
/// `routes_2` (JSON route objects, comma-separated, after a comma).
pub(super) fn two_vpcs(routes_1: &str, routes_2: &str) -> Vec<(&'static str, String)> {
    let files = with(
        lab(),
        "describe-vpcs.json",
        r#"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16", "OwnerId": "111122223333"},
            {"VpcId": "vpc-2", "CidrBlock": "10.1.0.0/16", "OwnerId": "111122223333"}]}"#,
    );
    let files = with(
        files,
        "describe-subnets.json",
        lab_subnets(&[subnet("subnet-c", "vpc-2", "10.1.1.0/24")]),
    );
    let files = with(
        files,
        "describe-network-interfaces.json",
        lab_interfaces(&[interface("eni-c", "vpc-2", "subnet-c", "10.1.1.30", "sg-c")]),
    );
    let files = with(
        files,
        "describe-security-groups.json",
        lab_groups(&[security_group(
            "sg-c",
            "vpc-2",
            r#"[{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}]"#,
        )]),
    );
    let files = with(
        files,
        "describe-network-acls.json",
        network_acls(&[
            ("acl-1", "vpc-1", &["subnet-a", "subnet-b"], ALLOW_ALL),
            ("acl-2", "vpc-2", &["subnet-c"], ALLOW_ALL),
        ]),
    );
    with(
        files,
        "describe-route-tables.json",
        route_tables(&[
            ("rtb-1", "vpc-1", MAIN, &format!("{LOCAL}{routes_1}")),
            (
                "rtb-2",
                "vpc-2",
                MAIN,
                &format!(
                    r#"{{"DestinationCidrBlock": "10.1.0.0/16", "GatewayId": "local", "State": "active"}}{routes_2}"#
                ),
            ),
        ]),
    )
}

/// The lab with a middlebox's subnet `id` (`cidr`, in `vpc-1`, behind `acl-1`, on the main
/// table `rtb-1`) between `subnet-a` and `subnet-b`, which get their own tables, `rtb-a` and
/// `rtb-b`, holding the local route and `routes_a` or `routes_b` (JSON route objects,
/// comma-separated, after a comma).
pub(super) fn with_middle_subnet(
    id: &str,
    cidr: &str,
    routes_a: &str,
    routes_b: &str,
) -> Vec<(&'static str, String)> {
    let files = with(
        lab(),
        "describe-subnets.json",
        lab_subnets(&[subnet(id, "vpc-1", cidr)]),
    );
    let files = with(
        files,
        "describe-network-acls.json",
        network_acls(&[("acl-1", "vpc-1", &["subnet-a", "subnet-b", id], ALLOW_ALL)]),
    );
    with(
        files,
        "describe-route-tables.json",
        route_tables(&[
            ("rtb-1", "vpc-1", MAIN, LOCAL),
            (
                "rtb-a",
                "vpc-1",
                &["subnet-a"],
                &format!("{LOCAL}{routes_a}"),
            ),
            (
                "rtb-b",
                "vpc-1",
                &["subnet-b"],
                &format!("{LOCAL}{routes_b}"),
            ),
        ]),
    )
}

/// `with_middle_subnet` with an appliance: `subnet-f` (10.0.3.0/24) holding `eni-f`
/// (10.0.3.30, group `sg-f`: everything in from the VPC) of running instance `i-f`, with its
/// source/destination check as given.
pub(super) fn with_appliance(
    source_dest_check: bool,
    routes_a: &str,
    routes_b: &str,
) -> Vec<(&'static str, String)> {
    let files = with_middle_subnet("subnet-f", "10.0.3.0/24", routes_a, routes_b);
    let appliance = interface("eni-f", "vpc-1", "subnet-f", "10.0.3.30", "sg-f").replacen(
        '{',
        &format!(
            r#"{{"SourceDestCheck": {source_dest_check},
                "Attachment": {{"InstanceId": "i-f", "DeviceIndex": 0, "Status": "attached"}}, "#
        ),
        1,
    );
    let files = with(
        files,
        "describe-instances.json",
        appliance_instance("running"),
    );
    let files = with(
        files,
        "describe-network-interfaces.json",
        lab_interfaces(&[appliance]),
    );
    with(
        files,
        "describe-security-groups.json",
        lab_groups(&[security_group(
            "sg-f",
            "vpc-1",
            r#"[{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "10.0.0.0/16"}]}]"#,
        )]),
    )
}

/// `two_vpcs` with IPv6: `vpc-1` 2600:1f18:1:100::/56 (`subnet-a` 2600:1f18:1:101::/64,
/// `eni-a` 2600:1f18:1:101::10) and `vpc-2` 2600:1f18:2:200::/56 (`subnet-c`
/// 2600:1f18:2:201::/64, `eni-c` 2600:1f18:2:201::30); egress-only internet gateway
/// `eigw-1` on `vpc-1`, whose table holds both local routes and `routes_1` (after a comma).
pub(super) fn ipv6(routes_1: &str) -> Vec<(&'static str, String)> {
    let files = two_vpcs(
        &format!(
            r#", {{"DestinationIpv6CidrBlock": "2600:1f18:1:100::/56", "GatewayId": "local", "State": "active"}}{routes_1}"#
        ),
        r#", {"DestinationIpv6CidrBlock": "2600:1f18:2:200::/56", "GatewayId": "local", "State": "active"}"#,
    );
    let vpc = |id: &str, ipv4: &str, ipv6: &str| {
        format!(
            r#"{{"VpcId": "{id}", "CidrBlock": "{ipv4}", "OwnerId": "111122223333",
                "Ipv6CidrBlockAssociationSet": [{{"Ipv6CidrBlock": "{ipv6}", "Ipv6CidrBlockState": {{"State": "associated"}}}}]}}"#
        )
    };
    let files = with(
        files,
        "describe-vpcs.json",
        format!(
            r#"{{"Vpcs": [{}, {}]}}"#,
            vpc("vpc-1", "10.0.0.0/16", "2600:1f18:1:100::/56"),
            vpc("vpc-2", "10.1.0.0/16", "2600:1f18:2:200::/56")
        ),
    );
    let ipv6_block = |subnet: String, block: &str| {
        subnet.replacen(
            '{',
            &format!(
                r#"{{"Ipv6CidrBlockAssociationSet": [{{"Ipv6CidrBlock": "{block}", "Ipv6CidrBlockState": {{"State": "associated"}}}}], "#
            ),
            1,
        )
    };
    let files = with(
        files,
        "describe-subnets.json",
        format!(
            r#"{{"Subnets": [{}, {}, {}]}}"#,
            ipv6_block(
                subnet("subnet-a", "vpc-1", "10.0.1.0/24"),
                "2600:1f18:1:101::/64"
            ),
            subnet("subnet-b", "vpc-1", "10.0.2.0/24"),
            ipv6_block(
                subnet("subnet-c", "vpc-2", "10.1.1.0/24"),
                "2600:1f18:2:201::/64"
            )
        ),
    );
    let ipv6_address = |interface: String, address: &str| {
        interface.replacen(
            '{',
            &format!(r#"{{"Ipv6Addresses": [{{"Ipv6Address": "{address}"}}], "#),
            1,
        )
    };
    let files = with(
        files,
        "describe-network-interfaces.json",
        format!(
            r#"{{"NetworkInterfaces": [{}, {}, {}]}}"#,
            ipv6_address(
                interface("eni-a", "vpc-1", "subnet-a", "10.0.1.10", "sg-a"),
                "2600:1f18:1:101::10"
            ),
            interface("eni-b", "vpc-1", "subnet-b", "10.0.2.20", "sg-b"),
            ipv6_address(
                interface("eni-c", "vpc-2", "subnet-c", "10.1.1.30", "sg-c"),
                "2600:1f18:2:201::30"
            )
        ),
    );
    with(
        files,
        "describe-egress-only-internet-gateways.json",
        r#"{"EgressOnlyInternetGateways": [{"EgressOnlyInternetGatewayId": "eigw-1",
            "Attachments": [{"State": "attached", "VpcId": "vpc-1"}]}]}"#,
    )
}

/// The route of a table in `vpc-1` to gateway endpoint `vpce-s3`, by its prefix list.
pub(super) const TO_GATEWAY_ENDPOINT: &str =
    r#", {"DestinationPrefixListId": "pl-s3", "GatewayId": "vpce-s3", "State": "active"}"#;

/// `files` and gateway endpoint `vpce-s3` for S3 in `vpc-1` on `rtb-1` (whose routes must
/// hold `TO_GATEWAY_ENDPOINT`), with prefix list `pl-s3` of `cidrs` (`"a", "b"`).
pub(super) fn with_gateway_endpoint(
    files: Vec<(&'static str, String)>,
    cidrs: &[&str],
) -> Vec<(&'static str, String)> {
    let files = with(
        files,
        "describe-vpc-endpoints.json",
        r#"{"VpcEndpoints": [{"VpcEndpointId": "vpce-s3", "VpcEndpointType": "Gateway", "VpcId": "vpc-1",
            "ServiceName": "com.amazonaws.us-east-1.s3", "State": "available", "RouteTableIds": ["rtb-1"]}]}"#,
    );
    let files = with(
        files,
        "describe-managed-prefix-lists.json",
        r#"{"PrefixLists": [{"PrefixListId": "pl-s3", "AddressFamily": "IPv4", "State": "create-complete",
            "PrefixListName": "com.amazonaws.us-east-1.s3", "OwnerId": "AWS"}]}"#,
    );
    let entries: Vec<String> = cidrs
        .iter()
        .map(|cidr| format!(r#"{{"Cidr": "{cidr}"}}"#))
        .collect();
    with(
        files,
        "get-managed-prefix-list-entries.pl-s3.json",
        format!(r#"{{"Entries": [{}]}}"#, entries.join(", ")),
    )
}

/// The ARN of Gateway Load Balancer `gwlb-1`.
pub(super) const GWLB: &str =
    "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/gwy/gwlb-1/1";

/// The ARN of its target group `tg-1`.
const GWLB_TARGET_GROUP: &str =
    "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/tg-1/1";

/// `two_vpcs` with east-west inspection in `vpc-1` through a Gateway Load Balancer whose
/// appliances are in `vpc-2`. Consumer: `subnet-e` (10.0.3.0/24, behind `acl-1`, main table
/// `rtb-1`) holds endpoint `vpce-gwlb` (interface `eni-e`, 10.0.3.5) of service `vpce-svc-1`;
/// `subnet-a`'s table `rtb-a` sends 10.0.2.0/24 to it and `subnet-b`'s `rtb-b` 10.0.1.0/24.
/// Provider: `gwlb-1` (node `eni-node`, 10.1.1.40 in `subnet-c`) listens and forwards to
/// target group `tg-1` (GENEVE 6081, IP targets) holding `targets` (`TargetHealthDescriptions`
/// elements, comma-separated); appliance `eni-g` (10.1.1.50 in `subnet-c`, group `sg-g` with
/// `appliance_ingress`) holds the address a target would name.
pub(super) fn with_gwlb(targets: &str, appliance_ingress: &str) -> Vec<(&'static str, String)> {
    let files = two_vpcs("", "");
    let files = with(
        files,
        "describe-subnets.json",
        lab_subnets(&[
            subnet("subnet-e", "vpc-1", "10.0.3.0/24"),
            subnet("subnet-c", "vpc-2", "10.1.1.0/24"),
        ]),
    );
    let files = with(
        files,
        "describe-network-interfaces.json",
        lab_interfaces(&[
            r#"{"NetworkInterfaceId": "eni-e", "SubnetId": "subnet-e", "VpcId": "vpc-1", "AvailabilityZone": "us-east-1a",
                "InterfaceType": "gateway_load_balancer_endpoint", "PrivateIpAddress": "10.0.3.5",
                "Description": "VPC Endpoint Interface vpce-gwlb", "SourceDestCheck": false, "Groups": []}"#
                .to_owned(),
            r#"{"NetworkInterfaceId": "eni-node", "SubnetId": "subnet-c", "VpcId": "vpc-2", "AvailabilityZone": "us-east-1a",
                "InterfaceType": "gateway_load_balancer", "PrivateIpAddress": "10.1.1.40",
                "Description": "ELB gwy/gwlb-1/1", "SourceDestCheck": false, "Groups": []}"#
                .to_owned(),
            interface("eni-g", "vpc-2", "subnet-c", "10.1.1.50", "sg-g"),
        ]),
    );
    let files = with(
        files,
        "describe-security-groups.json",
        lab_groups(&[security_group("sg-g", "vpc-2", appliance_ingress)]),
    );
    let files = with(
        files,
        "describe-network-acls.json",
        network_acls(&[
            (
                "acl-1",
                "vpc-1",
                &["subnet-a", "subnet-b", "subnet-e"],
                ALLOW_ALL,
            ),
            ("acl-2", "vpc-2", &["subnet-c"], ALLOW_ALL),
        ]),
    );
    let to_endpoint =
        |cidr: &str| format!("{LOCAL}{}", route(cidr, r#""VpcEndpointId": "vpce-gwlb""#));
    let files = with(
        files,
        "describe-route-tables.json",
        route_tables(&[
            ("rtb-1", "vpc-1", MAIN, LOCAL),
            ("rtb-a", "vpc-1", &["subnet-a"], &to_endpoint("10.0.2.0/24")),
            ("rtb-b", "vpc-1", &["subnet-b"], &to_endpoint("10.0.1.0/24")),
            (
                "rtb-2",
                "vpc-2",
                MAIN,
                r#"{"DestinationCidrBlock": "10.1.0.0/16", "GatewayId": "local", "State": "active"}"#,
            ),
        ]),
    );
    let files = with(
        files,
        "describe-vpc-endpoints.json",
        r#"{"VpcEndpoints": [{"VpcEndpointId": "vpce-gwlb", "VpcEndpointType": "GatewayLoadBalancer", "VpcId": "vpc-1",
            "ServiceName": "com.amazonaws.vpce.us-east-1.vpce-svc-1", "State": "available",
            "SubnetIds": ["subnet-e"], "NetworkInterfaceIds": ["eni-e"]}]}"#,
    );
    let files = with(
        files,
        "describe-vpc-endpoint-service-configurations.json",
        format!(
            r#"{{"ServiceConfigurations": [{{"ServiceType": [{{"ServiceType": "GatewayLoadBalancer"}}],
                "ServiceId": "vpce-svc-1", "ServiceName": "com.amazonaws.vpce.us-east-1.vpce-svc-1",
                "ServiceState": "Available", "AvailabilityZones": ["us-east-1a"], "AcceptanceRequired": false,
                "GatewayLoadBalancerArns": ["{GWLB}"]}}]}}"#
        ),
    );
    let files = with(
        files,
        "describe-load-balancers.json",
        format!(
            r#"{{"LoadBalancers": [{{"LoadBalancerArn": "{GWLB}", "LoadBalancerName": "gwlb-1", "VpcId": "vpc-2",
                "State": {{"Code": "active"}}, "Type": "gateway",
                "AvailabilityZones": [{{"ZoneName": "us-east-1a", "SubnetId": "subnet-c"}}]}}]}}"#
        ),
    );
    let files = with(
        files,
        "describe-listeners.json",
        format!(
            r#"{{"Listeners": [{{"ListenerArn": "arn:aws:elasticloadbalancing:us-east-1:111122223333:listener/gwy/gwlb-1/1/1",
                "LoadBalancerArn": "{GWLB}",
                "DefaultActions": [{{"Type": "forward", "TargetGroupArn": "{GWLB_TARGET_GROUP}"}}]}}]}}"#
        ),
    );
    let files = with(
        files,
        "describe-target-groups.json",
        format!(
            r#"{{"TargetGroups": [{{"TargetGroupArn": "{GWLB_TARGET_GROUP}", "TargetGroupName": "tg-1",
                "Protocol": "GENEVE", "Port": 6081, "VpcId": "vpc-2", "TargetType": "ip",
                "LoadBalancerArns": ["{GWLB}"]}}]}}"#
        ),
    );
    with(
        files,
        "describe-target-health.tg-1.json",
        format!(r#"{{"TargetHealthDescriptions": [{targets}]}}"#),
    )
}

/// A target of `tg-1` at `address` in `zone`, in health `state`.
pub(super) fn gwlb_target(address: &str, zone: &str, state: &str) -> String {
    format!(
        r#"{{"Target": {{"Id": "{address}", "Port": 6081, "AvailabilityZone": "{zone}"}},
            "TargetHealth": {{"State": "{state}"}}}}"#
    )
}

/// The route of a table in `vpc-1` sending the data centre, 192.168.0.0/16, to `vgw-1`.
pub(super) const TO_VPN_GATEWAY: &str =
    r#", {"DestinationCidrBlock": "192.168.0.0/16", "GatewayId": "vgw-1", "State": "active"}"#;

/// The lab with virtual private gateway `vgw-1` attached to `vpc-1` and its VPN
/// `connections` (`vpn_connection`s, comma-separated); `rtb-1` holds `TO_VPN_GATEWAY`, and
/// `sg-b` admits TCP 443 from the data centre too.
pub(super) fn with_vpn_gateway(connections: &str) -> Vec<(&'static str, String)> {
    let files = with(
        lab(),
        "describe-route-tables.json",
        route_tables(&[("rtb-1", "vpc-1", MAIN, &format!("{LOCAL}{TO_VPN_GATEWAY}"))]),
    );
    let files = with(
        files,
        "describe-security-groups.json",
        format!(
            r#"{{"SecurityGroups": [{}, {}]}}"#,
            security_group("sg-a", "vpc-1", "[]"),
            security_group(
                "sg-b",
                "vpc-1",
                r#"[{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
                    "IpRanges": [{"CidrIp": "10.0.0.0/16"}, {"CidrIp": "192.168.0.0/16"}]}]"#
            )
        ),
    );
    let files = with(
        files,
        "describe-vpn-gateways.json",
        r#"{"VpnGateways": [{"VpnGatewayId": "vgw-1", "State": "available", "Type": "ipsec.1",
            "VpcAttachments": [{"State": "attached", "VpcId": "vpc-1"}]}]}"#,
    );
    with(
        files,
        "describe-vpn-connections.json",
        format!(r#"{{"VpnConnections": [{connections}]}}"#),
    )
}

/// A VPN connection of `vgw-1` with `routes` as its static routes (none: its routes are
/// learned over BGP), its two tunnels `UP` or `DOWN`.
pub(super) fn vpn_connection(id: &str, routes: &[&str], tunnels: &str) -> String {
    let static_routes: Vec<String> = routes
        .iter()
        .map(|cidr| {
            format!(
                r#"{{"DestinationCidrBlock": "{cidr}", "Source": "Static", "State": "available"}}"#
            )
        })
        .collect();
    format!(
        r#"{{"VpnConnectionId": "{id}", "VpnGatewayId": "vgw-1", "State": "available", "Type": "ipsec.1",
            "Options": {{"StaticRoutesOnly": {}}}, "Routes": [{}],
            "VgwTelemetry": [{{"OutsideIpAddress": "198.51.100.1", "Status": "{tunnels}"}},
                             {{"OutsideIpAddress": "198.51.100.2", "Status": "{tunnels}"}}]}}"#,
        !routes.is_empty(),
        static_routes.join(", ")
    )
}

/// `describe-instances` of the appliance `i-f` in `state`, with its interface `eni-f`.
pub(super) fn appliance_instance(state: &str) -> String {
    format!(
        r#"{{"Reservations": [{{"OwnerId": "111122223333", "Instances": [{{"InstanceId": "i-f",
            "State": {{"Name": "{state}"}}, "SubnetId": "subnet-f", "VpcId": "vpc-1",
            "NetworkInterfaces": [{{"NetworkInterfaceId": "eni-f", "Attachment": {{"DeviceIndex": 0}}}}]}}]}}]}}"#
    )
}

/// The lab with `name` replaced by `text`, or added.
pub(super) fn with(
    mut files: Vec<(&'static str, String)>,
    name: &'static str,
    text: impl Into<String>,
) -> Vec<(&'static str, String)> {
    let text = text.into();
    match files.iter_mut().find(|(existing, _)| *existing == name) {
        Some(file) => file.1 = text,
        None => files.push((name, text)),
    }
    files
}

/// Walks `question` (`<source> <destination> <port>`, TCP unless the port reads `53/udp`,
/// faithful) on `files`, and compares `<verdict> <codes>`, then `->` the request's hops and
/// `<-` the replies' (when there are any), by id.
pub(super) fn check(files: &[(&'static str, String)], question: &str, expect: &str) {
    let answer = ask(files, question);
    let actual = render(&answer);
    let expect: Vec<&str> = expect
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect();
    assert_eq!(
        actual,
        expect.join("\n"),
        "{question}\n{}\nnotes: {:?}",
        answer.summary,
        answer.notes
    );
}

/// The summary of the answer to `question` on `files`: where several causes share a code,
/// its words tell them apart.
pub(super) fn summary(files: &[(&'static str, String)], question: &str) -> String {
    ask(files, question).summary
}

/// The notes of the answer to `question` on `files`.
pub(super) fn notes(files: &[(&'static str, String)], question: &str) -> Vec<String> {
    ask(files, question).notes
}

/// The kind of the first hop with `id` on either leg of the answer to `question`: hop ids
/// alone do not show that, say, an appliance is shown as its instance.
pub(super) fn hop_kind(
    files: &[(&'static str, String)],
    question: &str,
    id: &str,
) -> Option<ComponentKind> {
    let answer = ask(files, question);
    answer
        .forward
        .iter()
        .chain(&answer.reverse)
        .find(|hop| hop.component.id == id)
        .map(|hop| hop.component.kind)
}

pub(super) fn ask(files: &[(&'static str, String)], question: &str) -> Answer {
    let inputs: Vec<InputFile> = files
        .iter()
        .map(|(name, text)| InputFile::new(*name, text.as_str()))
        .collect();
    let load = crate::load(&inputs);
    assert!(load.errors.is_empty(), "{:?}", load.errors);
    let words: Vec<&str> = question.split_whitespace().collect();
    let [source, destination, port] = words[..] else {
        panic!("a question is <source> <destination> <port>: {question}");
    };
    let (port, protocol) = match port.split_once('/') {
        Some((port, "udp")) => (port, 17),
        Some((_, other)) => panic!("a protocol the fixture knows: {other}"),
        None => (port, 6),
    };
    let port: u16 = port.parse().expect("a port");
    let question = Question {
        source: Endpoint::parse(source),
        destination: Endpoint::parse(destination),
        protocol,
        source_ports: None,
        destination_ports: Some((port, port)),
        source_ip: None,
        destination_ip: None,
        application: Default::default(),
        compat: Compat::Faithful,
        icmp: None,
    };
    let resolved = resolve(&load.snapshot, &question).expect("a question the lab can answer");
    let mode = Mode {
        compat: Compat::Faithful,
        scenario: reach_nfw::Scenario::plain(),
    };
    walk(&load.snapshot, &resolved, &mode).0
}

fn render(answer: &Answer) -> String {
    let hops = |hops: &[Hop]| {
        hops.iter()
            .map(|hop| match hop.component.id.as_str() {
                "" => "\"\"",
                id => id,
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut head = answer.verdict.as_str().to_owned();
    for explanation in answer.explanations.iter().chain(&answer.additional_details) {
        head.push(' ');
        head.push_str(explanation.code.as_str());
    }
    // No line for a leg with no hops: a blocked request has no replies.
    let mut lines = vec![head];
    for (arrow, leg) in [("->", &answer.forward), ("<-", &answer.reverse)] {
        if !leg.is_empty() {
            lines.push(format!("{arrow} {}", hops(leg)));
        }
    }
    lines.join("\n")
}

/// Entries allowing everything in and out, IPv4 and IPv6.
pub(super) const ALLOW_ALL: &str = r#"[
    {"RuleNumber": 100, "Protocol": "-1", "RuleAction": "allow", "Egress": false, "CidrBlock": "0.0.0.0/0"},
    {"RuleNumber": 100, "Protocol": "-1", "RuleAction": "allow", "Egress": true, "CidrBlock": "0.0.0.0/0"},
    {"RuleNumber": 101, "Protocol": "-1", "RuleAction": "allow", "Egress": false, "Ipv6CidrBlock": "::/0"},
    {"RuleNumber": 101, "Protocol": "-1", "RuleAction": "allow", "Egress": true, "Ipv6CidrBlock": "::/0"}]"#;

/// A route table that is its VPC's main one.
pub(super) const MAIN: &[&str] = &[];

/// The local route of `vpc-1`.
pub(super) const LOCAL: &str =
    r#"{"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local", "State": "active"}"#;

pub(super) fn subnet(id: &str, vpc: &str, cidr: &str) -> String {
    format!(
        r#"{{"SubnetId": "{id}", "VpcId": "{vpc}", "CidrBlock": "{cidr}", "AvailabilityZone": "us-east-1a", "AvailabilityZoneId": "use1-az1"}}"#
    )
}

pub(super) fn interface(id: &str, vpc: &str, subnet: &str, address: &str, group: &str) -> String {
    format!(
        r#"{{"NetworkInterfaceId": "{id}", "SubnetId": "{subnet}", "VpcId": "{vpc}", "AvailabilityZone": "us-east-1a",
            "InterfaceType": "interface", "PrivateIpAddress": "{address}",
            "PrivateIpAddresses": [{{"PrivateIpAddress": "{address}", "Primary": true}}],
            "Groups": [{{"GroupId": "{group}"}}]}}"#
    )
}

/// A security group with `ingress` (a JSON list of permissions) that sends everything out,
/// IPv4 and IPv6.
pub(super) fn security_group(id: &str, vpc: &str, ingress: &str) -> String {
    format!(
        r#"{{"GroupId": "{id}", "GroupName": "{id}", "VpcId": "{vpc}", "IpPermissions": {ingress},
            "IpPermissionsEgress": [{{"IpProtocol": "-1", "IpRanges": [{{"CidrIp": "0.0.0.0/0"}}],
                "Ipv6Ranges": [{{"CidrIpv6": "::/0"}}]}}]}}"#
    )
}

/// `describe-network-acls` of (id, VPC, subnets, entries).
pub(super) fn network_acls(acls: &[(&str, &str, &[&str], &str)]) -> String {
    let acls: Vec<String> = acls
        .iter()
        .map(|(id, vpc, subnets, entries)| {
            let associations: Vec<String> = subnets
                .iter()
                .map(|subnet| format!(r#"{{"NetworkAclId": "{id}", "SubnetId": "{subnet}"}}"#))
                .collect();
            format!(
                r#"{{"NetworkAclId": "{id}", "VpcId": "{vpc}", "IsDefault": true, "Associations": [{}], "Entries": {entries}}}"#,
                associations.join(", ")
            )
        })
        .collect();
    format!(r#"{{"NetworkAcls": [{}]}}"#, acls.join(", "))
}

/// `describe-route-tables` of (id, VPC, subnets explicitly associated, or none for the main
/// table, routes as JSON objects separated by commas).
pub(super) fn route_tables(tables: &[(&str, &str, &[&str], &str)]) -> String {
    let tables: Vec<String> = tables
        .iter()
        .map(|(id, vpc, subnets, routes)| {
            let associations: Vec<String> = match subnets.is_empty() {
                true => vec![format!(r#"{{"Main": true, "RouteTableId": "{id}"}}"#)],
                false => subnets
                    .iter()
                    .map(|subnet| {
                        format!(
                            r#"{{"Main": false, "RouteTableId": "{id}", "SubnetId": "{subnet}"}}"#
                        )
                    })
                    .collect(),
            };
            format!(
                r#"{{"RouteTableId": "{id}", "VpcId": "{vpc}", "Associations": [{}], "Routes": [{routes}]}}"#,
                associations.join(", ")
            )
        })
        .collect();
    format!(r#"{{"RouteTables": [{}]}}"#, tables.join(", "))
}
