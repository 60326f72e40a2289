//! Questions on the seed lab, edited where a case needs it, for the explanation codes and
//! question errors the scenario folders do not reach; and a check that every code the walk
//! can emit is exercised somewhere.

use reach_aws::InputFile;
use reach_core::analysis::{ComponentKind, Endpoint, QuestionError};
use reach_core::{Question, Verdict};
use serde_json::Value;

const CLIENT: &str = "i-0454c90477e2bf220";
const INTERNET_GATEWAY: &str = "igw-0323d72f1a3e748dd";

/// An edit of one file: its name, and what to do to its JSON.
type Edit<'e> = (&'e str, &'e dyn Fn(&mut Value));

/// `files` with each edit applied to the file it names, which must be there.
fn edited(mut files: Vec<InputFile>, edits: &[Edit<'_>]) -> Vec<InputFile> {
    for (name, edit) in edits {
        let target = files
            .iter_mut()
            .find(|candidate| candidate.name == *name)
            .expect("file of the lab");
        let mut value: Value = serde_json::from_slice(&target.bytes).unwrap();
        edit(&mut value);
        target.bytes = serde_json::to_vec(&value).unwrap();
    }
    files
}

/// The seed lab with each edit applied.
fn lab_edited(edits: &[Edit<'_>]) -> Vec<InputFile> {
    edited(reach_core::demo::seed_lab(), edits)
}

/// The seed lab with one file edited.
fn lab_with(file: &str, edit: impl Fn(&mut Value)) -> Vec<InputFile> {
    lab_edited(&[(file, &edit)])
}

fn ask(
    files: &[InputFile],
    source: &str,
    destination: &str,
    port: Option<u16>,
) -> Result<reach_core::Answer, QuestionError> {
    let snapshot = reach_core::load(files).snapshot;
    let question = Question {
        source: Endpoint::parse(source),
        destination: Endpoint::parse(destination),
        protocol: 6,
        source_ports: None,
        destination_ports: port.map(|port| (port, port)),
        icmp: None,
        source_ip: None,
        destination_ip: None,
        application: Default::default(),
        compat: Default::default(),
    };
    reach_core::analyze(&snapshot, &question)
}

fn codes(answer: &reach_core::Answer) -> Vec<&'static str> {
    answer
        .explanations
        .iter()
        .map(|explanation| explanation.code.as_str())
        .collect()
}

#[test]
fn internet_to_an_instance_without_public_address() {
    let answer = ask(
        &reach_core::demo::seed_lab(),
        INTERNET_GATEWAY,
        CLIENT,
        Some(22),
    )
    .unwrap();
    assert_eq!(answer.verdict, Verdict::NotReachable);
    assert_eq!(codes(&answer), ["IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS"]);
}

/// An address no interface holds, asked from the internet: nothing to translate it to.
#[test]
fn internet_to_an_address_nothing_holds() {
    let answer = ask(
        &reach_core::demo::seed_lab(),
        INTERNET_GATEWAY,
        "10.1.1.50",
        Some(22),
    )
    .unwrap();
    assert_eq!(answer.verdict, Verdict::NotReachable);
    assert_eq!(codes(&answer), ["IGW_EXPECTS_PUBLIC_ADDRESS"]);
}

/// The most common question: from the internet to an instance's public IP. The internet
/// gateway's translation makes the instance the destination, and its security group decides;
/// from the instance itself, the packets go out and come back in (and so do the replies).
#[test]
fn internet_and_the_instance_itself_to_its_public_ip() {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/scenarios/public-instance-with-public-ip");
    let mut files = Vec::new();
    for entry in std::fs::read_dir(folder).unwrap().filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".json") || name.starts_with("expected") {
            continue;
        }
        let mut text = std::fs::read_to_string(entry.path()).unwrap();
        if name == "describe-security-groups.json" {
            let mut value: Value = serde_json::from_str(&text).unwrap();
            for group in value["SecurityGroups"].as_array_mut().unwrap() {
                group["IpPermissions"] = serde_json::json!([{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]);
            }
            text = value.to_string();
        }
        if name == "describe-security-group-rules.json" {
            continue;
        }
        files.push(InputFile::new(name, text.into_bytes()));
    }
    for source in ["198.51.100.7", "i-0cc1c9b4e3c5a0595"] {
        let answer = ask(&files, source, "203.0.113.20", Some(443)).unwrap();
        assert_eq!(answer.verdict, Verdict::Reachable, "{}", answer.summary);
        assert_eq!(answer.reachable_ports.to_range_list(), "443");
    }
    let answer = ask(&files, "198.51.100.7", "203.0.113.20", Some(22)).unwrap();
    assert_eq!(codes(&answer), ["ENI_SG_RULES_MISMATCH"]);
    // AWS's analyzer does not follow a path out through the internet gateway and back in:
    // as AWS it ends there; the faithful answer says AWS's differs.
    use reach_core::analysis::Compat;
    let as_aws = ask_in(
        &files,
        "i-0cc1c9b4e3c5a0595",
        "203.0.113.20",
        443,
        Compat::Aws,
    );
    assert_eq!(as_aws.verdict, Verdict::NotReachable, "{}", as_aws.summary);
    assert_eq!(codes(&as_aws), ["IGW_NAT_REFLECTION"]);
    let faithful = ask_in(
        &files,
        "i-0cc1c9b4e3c5a0595",
        "203.0.113.20",
        443,
        Compat::Faithful,
    );
    assert_eq!(faithful.verdict, Verdict::Reachable, "{}", faithful.summary);
    assert!(
        faithful
            .other_mode
            .as_deref()
            .is_some_and(|other| other.contains("not reachable")),
        "{:?}",
        faithful.other_mode
    );
    // From the internet the gateway is where the path starts, not a hop in the middle.
    let as_aws = ask_in(&files, "198.51.100.7", "203.0.113.20", 443, Compat::Aws);
    assert_eq!(as_aws.verdict, Verdict::Reachable, "{}", as_aws.summary);
}

#[test]
fn local_route_to_an_address_no_interface_holds() {
    let answer = ask(&reach_core::demo::seed_lab(), CLIENT, "10.1.1.50", Some(22)).unwrap();
    assert_eq!(answer.verdict, Verdict::NotReachable);
    assert_eq!(codes(&answer), ["NO_POSSIBLE_DESTINATION"]);
}

#[test]
fn instance_to_instance_in_one_subnet_skips_the_network_acl() {
    let answer = ask(
        &reach_core::demo::seed_lab(),
        CLIENT,
        "i-0451212ab63537796",
        Some(22),
    )
    .unwrap();
    assert_eq!(answer.verdict, Verdict::Reachable, "{}", answer.summary);
    assert!(!answer
        .forward
        .iter()
        .any(|hop| hop.component.kind == ComponentKind::NetworkAcl));
    assert_eq!(answer.reachable_ports.ranges(), &[(22, 22)]);
    // Port 23 is not allowed by the instance security group's ingress rule (tcp 22).
    let blocked = ask(
        &reach_core::demo::seed_lab(),
        CLIENT,
        "i-0451212ab63537796",
        Some(23),
    )
    .unwrap();
    assert_eq!(codes(&blocked), ["ENI_SG_RULES_MISMATCH"]);
}

#[test]
fn a_security_group_without_egress_rules() {
    let files = lab_with("describe-security-groups.json", |value| {
        for group in value["SecurityGroups"].as_array_mut().unwrap() {
            group["IpPermissionsEgress"] = Value::Array(Vec::new());
        }
    });
    let answer = ask(&files, CLIENT, "93.184.216.34", Some(443)).unwrap();
    assert_eq!(codes(&answer), ["SG_HAS_NO_RULES"]);
}

/// Replaces the Egress table's default route to the firewall endpoint with another target.
fn default_route_to(key: &'static str, target: &'static str) -> Vec<InputFile> {
    lab_with("describe-route-tables.json", move |value| {
        for table in value["RouteTables"].as_array_mut().unwrap() {
            for route in table["Routes"].as_array_mut().unwrap() {
                if route["DestinationCidrBlock"] == "0.0.0.0/0"
                    && route["GatewayId"]
                        .as_str()
                        .is_some_and(|id| id.starts_with("vpce-"))
                {
                    let object = route.as_object_mut().unwrap();
                    object.remove("GatewayId");
                    object.insert(key.to_owned(), Value::from(target));
                }
            }
        }
    })
}

#[test]
fn a_route_to_a_carrier_gateway_is_not_analysed_yet() {
    let files = default_route_to("CarrierGatewayId", "cagw-0123456789abcdef0");
    let answer = ask(&files, CLIENT, "93.184.216.34", Some(443)).unwrap();
    assert_eq!(answer.verdict, Verdict::Unknown);
    assert_eq!(codes(&answer), ["NOT_ANALYSED"]);
    assert!(!answer.network_path_found());
}

/// `files` with `name` replaced by (or added as) `value`.
fn with_file(files: &[InputFile], name: &str, value: &Value) -> Vec<InputFile> {
    let mut files: Vec<InputFile> = files
        .iter()
        .filter(|file| file.name != name)
        .cloned()
        .collect();
    files.push(InputFile::new(name, value.to_string().into_bytes()));
    files
}

const VPN_GATEWAY: &str = "vgw-0123456789abcdef0";

/// A VPN connection of the lab's virtual private gateway: static routes, and tunnels each
/// `UP` or `DOWN`.
fn vpn_connection(state: &str, routes: &[&str], tunnels: &[&str]) -> Value {
    serde_json::json!({
        "VpnConnectionId": "vpn-0123456789abcdef0", "State": state, "Type": "ipsec.1",
        "VpnGatewayId": VPN_GATEWAY, "CustomerGatewayId": "cgw-0123456789abcdef0",
        "Options": {"StaticRoutesOnly": !routes.is_empty()},
        "Routes": routes.iter().map(|cidr| serde_json::json!(
            {"DestinationCidrBlock": cidr, "Source": "Static", "State": "available"})).collect::<Vec<_>>(),
        "VgwTelemetry": tunnels.iter().enumerate().map(|(index, status)| serde_json::json!(
            {"OutsideIpAddress": format!("198.51.100.{}", index + 1), "Status": status,
             "StatusMessage": if *status == "UP" { "" } else { "IPSEC IS DOWN" }})).collect::<Vec<_>>(),
    })
}

#[test]
fn a_virtual_private_gateway_is_an_edge_of_the_snapshot() {
    // Not in the input: the walk cannot tell where the route leads.
    let files = default_route_to("GatewayId", VPN_GATEWAY);
    let answer = ask(&files, CLIENT, "93.184.216.34", Some(443)).unwrap();
    assert_eq!(answer.verdict, Verdict::Unknown);
    assert!(!answer.network_path_found());
    // In the input and available, but nothing says what it connects to.
    let gateways = serde_json::json!({"VpnGateways": [{
        "VpnGatewayId": VPN_GATEWAY, "State": "available", "Type": "ipsec.1",
        "VpcAttachments": [{"VpcId": "vpc-078224e9e811f485c", "State": "attached"}]}]});
    let files = with_file(&files, "describe-vpn-gateways.json", &gateways);
    let answer = ask(&files, CLIENT, "93.184.216.34", Some(443)).unwrap();
    assert_eq!(answer.verdict, Verdict::Unknown);
    assert!(
        answer.notes.iter().any(|note| note.contains("aws ec2 describe-vpn-connections --filters Name=vpn-gateway-id,Values=vgw-0123456789abcdef0")),
        "{:?}",
        answer.notes
    );
    let connections = |connection: Value| {
        with_file(
            &files,
            "describe-vpn-connections.json",
            &serde_json::json!({"VpnConnections": [connection]}),
        )
    };
    // A static route covers the destination and a tunnel is up: out there, and the replies
    // come back in over the same connection.
    let up = connections(vpn_connection(
        "available",
        &["93.184.216.0/24"],
        &["DOWN", "UP"],
    ));
    let answer = ask(&up, CLIENT, "93.184.216.34", Some(443)).unwrap();
    assert_eq!(answer.verdict, Verdict::Reachable, "{}", answer.summary);
    let reverse: Vec<&str> = answer
        .reverse
        .iter()
        .take(2)
        .map(|hop| hop.component.id.as_str())
        .collect();
    assert_eq!(reverse, ["vpn-0123456789abcdef0", VPN_GATEWAY]);
    // Both tunnels down, or the connection not available: BAD_STATE_VPN at the connection.
    for connection in [
        vpn_connection("available", &["93.184.216.0/24"], &["DOWN", "DOWN"]),
        vpn_connection("pending", &["93.184.216.0/24"], &["UP", "UP"]),
    ] {
        let answer = ask(&connections(connection), CLIENT, "93.184.216.34", Some(443)).unwrap();
        assert_eq!(codes(&answer), ["BAD_STATE_VPN"]);
        assert_eq!(answer.verdict, Verdict::NotReachable);
        assert!(
            answer.summary.contains("vpn-0123456789abcdef0"),
            "{}",
            answer.summary
        );
    }
    // The connection routes elsewhere: the gateway has no route to the destination.
    let elsewhere = connections(vpn_connection("available", &["93.184.217.0/24"], &["UP"]));
    let answer = ask(&elsewhere, CLIENT, "93.184.216.34", Some(443)).unwrap();
    assert_eq!(codes(&answer), ["NO_ROUTE_TO_DESTINATION"]);
    assert_eq!(
        answer.forward.last().map(|hop| hop.component.id.as_str()),
        Some(VPN_GATEWAY)
    );
    // Dynamic routing: the routes come over BGP and are in no export.
    let dynamic = connections(vpn_connection("available", &[], &["UP", "UP"]));
    let answer = ask(&dynamic, CLIENT, "93.184.216.34", Some(443)).unwrap();
    assert_eq!(answer.verdict, Verdict::Unknown);
    assert!(answer
        .notes
        .iter()
        .any(|note| note.contains("learns over BGP")));
    // A Direct Connect virtual interface that advertises the destination, and one that is down.
    let direct_connect = |state: &str, bgp: &str| {
        with_file(
            &files,
            "describe-virtual-interfaces.json",
            &serde_json::json!({"virtualInterfaces": [{
                "virtualInterfaceId": "dxvif-ffabc123", "virtualInterfaceType": "private",
                "virtualInterfaceState": state, "virtualGatewayId": VPN_GATEWAY,
                "routeFilterPrefixes": [{"cidr": "93.184.216.0/24"}], "bgpPeers": [{"bgpStatus": bgp}]}]}),
        )
    };
    let answer = ask(
        &direct_connect("available", "up"),
        CLIENT,
        "93.184.216.34",
        Some(443),
    )
    .unwrap();
    assert_eq!(answer.verdict, Verdict::Reachable, "{}", answer.summary);
    let answer = ask(
        &direct_connect("down", "down"),
        CLIENT,
        "93.184.216.34",
        Some(443),
    )
    .unwrap();
    assert_eq!(codes(&answer), ["BAD_STATE"]);
    // Detached (or being deleted): nothing leaves.
    let detached = gateways.to_string().replace("\"available\"", "\"deleted\"");
    let files = with_file(
        &up,
        "describe-vpn-gateways.json",
        &serde_json::from_str(&detached).unwrap(),
    );
    let answer = ask(&files, CLIENT, "93.184.216.34", Some(443)).unwrap();
    assert_eq!(codes(&answer), ["BAD_STATE"]);
}

/// The seed lab with the files of one of `tests/scenarios/seed-lab-overlays/` in place of
/// those of the same name, each then edited by `edit` (file name, JSON).
fn overlay(name: &str, edit: impl Fn(&str, &mut Value)) -> Vec<InputFile> {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/scenarios/seed-lab-overlays")
        .join(name);
    let mut files: Vec<InputFile> = reach_core::demo::seed_lab();
    for entry in std::fs::read_dir(folder).unwrap().filter_map(Result::ok) {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if !file_name.ends_with(".json") || file_name.starts_with("expected") {
            continue;
        }
        files.retain(|file| file.name != file_name);
        files.push(InputFile::new(
            file_name,
            std::fs::read(entry.path()).unwrap(),
        ));
    }
    files
        .into_iter()
        .map(|file| {
            let mut value: Value = serde_json::from_slice(&file.bytes).unwrap();
            edit(&file.name, &mut value);
            InputFile::new(file.name, value.to_string())
        })
        .collect()
}

const PARTNER: &str = "i-0b2b2b2b2b2b2b2b7";

/// What goes wrong at a transit gateway, one code each.
#[test]
fn transit_gateway_failures() {
    let hub = |edit: &dyn Fn(&str, &mut Value)| {
        let files = overlay("transit-gateway-spoke", edit);
        ask(&files, CLIENT, PARTNER, Some(443)).unwrap()
    };
    let answer = hub(&|_, _| {});
    assert_eq!(answer.verdict, Verdict::Reachable, "{}", answer.summary);
    // Routes not exported: the verdict depends on them.
    let files: Vec<InputFile> = overlay("transit-gateway-spoke", |_, _| {})
        .into_iter()
        .filter(|file| !file.name.starts_with("search-transit-gateway-routes"))
        .collect();
    let answer = ask(&files, CLIENT, PARTNER, Some(443)).unwrap();
    assert_eq!(codes(&answer), ["TGW_RTB_ROUTES_ARE_UNKNOWN"]);
    assert_eq!(answer.verdict, Verdict::Unknown);
    // An attachment that is not available.
    let answer = hub(&|name, value| {
        if name == "describe-transit-gateway-attachments.json" {
            value["TransitGatewayAttachments"][0]["State"] = Value::from("pendingAcceptance");
        }
    });
    assert_eq!(codes(&answer), ["BAD_STATE_ATTACHMENT"]);
    // No association.
    let answer = hub(&|name, value| {
        if name == "describe-transit-gateway-attachments.json" {
            value["TransitGatewayAttachments"][0]
                .as_object_mut()
                .unwrap()
                .remove("Association");
        }
        if name.starts_with("get-transit-gateway-route-table-associations") {
            value["Output"]["Associations"] = serde_json::json!([]);
        }
    });
    assert_eq!(codes(&answer), ["TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION"]);
    // The lab's attachment subnet moved to another zone: the Egress subnet's zone has none.
    let answer = hub(&|name, value| {
        if name == "describe-subnets.json" {
            for subnet in value["Subnets"].as_array_mut().unwrap() {
                if subnet["SubnetId"] == "subnet-010a43cda0ccc3809" {
                    subnet["AvailabilityZone"] = Value::from("us-east-1b");
                }
            }
        }
    });
    assert_eq!(codes(&answer), ["TGW_ROUTE_AZ_RESTRICTION"]);
    let explanation = &answer.explanations[0];
    assert_eq!(explanation.members.availability_zones, ["us-east-1a"]);
    assert!(explanation.members.transit_gateway_attachment.is_some());
    assert!(matches!(
        explanation.members.rule,
        Some(reach_core::analysis::Rule::Route { .. })
    ));
    // The attachments' subnets not exported: which zones they serve is unknown.
    let answer = hub(&|name, value| {
        if name == "describe-transit-gateway-vpc-attachments.json" {
            value["TransitGatewayVpcAttachments"] = serde_json::json!([]);
        }
    });
    assert_eq!(codes(&answer), ["MISSING_INPUT"]);
    assert_eq!(answer.verdict, Verdict::Unknown);
    // A route to an attachment that is not in the input.
    let answer = hub(&|name, value| {
        if name.starts_with("search-transit-gateway-routes") {
            value["Output"]["Routes"][1]["TransitGatewayAttachments"][0]
                ["TransitGatewayAttachmentId"] = Value::from("tgw-attach-0000000000000000f");
        }
    });
    assert_eq!(codes(&answer), ["MISSING_INPUT"]);
    assert_eq!(answer.verdict, Verdict::Unknown);
    // No route to the partner's VPC: the table has none to its attachment.
    let answer = hub(&|name, value| {
        if name.starts_with("search-transit-gateway-routes") {
            value["Output"]["Routes"]
                .as_array_mut()
                .unwrap()
                .retain(|route| route["DestinationCidrBlock"] != "10.2.0.0/16");
        }
    });
    assert_eq!(codes(&answer), ["TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT"]);
    assert_eq!(
        answer.explanations[0]
            .members
            .transit_gateway_attachment
            .as_deref(),
        Some("tgw-attach-0a7a7a7a7a7a7a7a7")
    );
    // A blackhole route takes the partner's traffic from the route to its VPC, which names
    // itself by why it lost: a shorter prefix, or the same one propagated.
    for (blackhole, lost) in [
        ("10.2.1.10/32", "TGW_RTB_MORE_SPECIFIC_ROUTE"),
        ("10.2.0.0/16", "TGW_RTB_HIGHER_PRIORITY_ROUTE"),
    ] {
        let answer = hub(&|name, value| {
            if name.starts_with("search-transit-gateway-routes") {
                value["Output"]["Routes"]
                    .as_array_mut()
                    .unwrap()
                    .push(serde_json::json!({
                        "DestinationCidrBlock": blackhole, "Type": "static", "State": "blackhole"
                    }));
            }
        });
        assert_eq!(
            codes(&answer),
            ["TGW_RTB_BAD_STATE_ROUTE", lost],
            "{blackhole}"
        );
        let chosen = &answer.explanations[0].members;
        let beaten = &answer.explanations[1].members;
        assert!(matches!(
            &chosen.rule,
            Some(reach_core::analysis::Rule::TransitGatewayRoute { destination, state, .. })
                if destination == blackhole && state == "blackhole"
        ));
        assert!(matches!(
            &beaten.rule,
            Some(reach_core::analysis::Rule::TransitGatewayRoute { destination, attachment, origin: "propagated", .. })
                if destination == "10.2.0.0/16" && attachment == "tgw-attach-0a7a7a7a7a7a7a7a7"
        ));
        assert_eq!(
            beaten.transit_gateway.as_deref(),
            Some("tgw-0d4d4d4d4d4d4d4d4")
        );
    }
}

/// The data centre behind the hub's VPN attachment: its VPN connection must carry traffic, and
/// a route table whose VPN routes are not in the input cannot say "no route".
#[test]
fn transit_gateway_vpn_attachments() {
    const DATA_CENTRE: &str = "192.168.10.5";
    let hub = |edit: &dyn Fn(&str, &mut Value)| {
        let files = overlay("transit-gateway-spoke", edit);
        ask(&files, CLIENT, DATA_CENTRE, Some(443)).unwrap()
    };
    let answer = hub(&|_, _| {});
    assert_eq!(answer.verdict, Verdict::Reachable, "{}", answer.summary);
    assert!(answer
        .forward
        .iter()
        .any(|hop| hop.component.id == "vpn-0c9c9c9c9c9c9c9c9"));
    // Both tunnels down.
    let answer = hub(&|name, value| {
        if name == "describe-vpn-connections.json" {
            for tunnel in value["VpnConnections"][0]["VgwTelemetry"]
                .as_array_mut()
                .unwrap()
            {
                tunnel["Status"] = Value::from("DOWN");
            }
        }
    });
    // A transit gateway's VPN connection has its own code.
    assert_eq!(codes(&answer), ["TGW_BAD_STATE_VPN"]);
    assert_eq!(answer.verdict, Verdict::NotReachable);
    // The routes the VPN attachment propagates are missing from the export (its BGP session
    // was down, or only static routes were exported): no route matches, but one may exist.
    let without_vpn_routes = |name: &str, value: &mut Value| {
        if name.starts_with("search-transit-gateway-routes") {
            value["Output"]["Routes"]
                .as_array_mut()
                .unwrap()
                .retain(|route| route["DestinationCidrBlock"] != "192.168.0.0/16");
        }
    };
    let answer = hub(&without_vpn_routes);
    assert_eq!(codes(&answer), ["TGW_RTB_ROUTES_ARE_UNKNOWN"]);
    assert_eq!(answer.verdict, Verdict::Unknown);
    assert!(
        answer.notes.iter().any(|note| note
            .contains("tgw-attach-0b8b8b8b8b8b8b8b8 (vpn-0c9c9c9c9c9c9c9c9)")
            && note.contains("aws ec2 search-transit-gateway-routes")),
        "{:?}",
        answer.notes
    );
    // A VPN connection that routes statically propagates nothing: no route is no route.
    let answer = hub(&|name, value| {
        without_vpn_routes(name, value);
        if name == "describe-vpn-connections.json" {
            value["VpnConnections"][0]["Options"]["StaticRoutesOnly"] = Value::from(true);
        }
    });
    assert_eq!(codes(&answer), ["NO_ROUTE_TO_DESTINATION"]);
}

#[test]
fn a_route_to_a_peering_connection_missing_from_the_input() {
    let files = default_route_to("VpcPeeringConnectionId", "pcx-0123456789abcdef0");
    let answer = ask(&files, CLIENT, "93.184.216.34", Some(443)).unwrap();
    assert_eq!(answer.verdict, Verdict::Unknown);
    assert_eq!(codes(&answer), ["UNKNOWN_RESOURCE"]);
}

/// A peering connection that is not active carries nothing.
#[test]
fn a_pending_peering_connection_blocks() {
    let files = with_file(
        &default_route_to("VpcPeeringConnectionId", "pcx-0123456789abcdef0"),
        "describe-vpc-peering-connections.json",
        &serde_json::json!({"VpcPeeringConnections": [{
            "VpcPeeringConnectionId": "pcx-0123456789abcdef0",
            "RequesterVpcInfo": {"VpcId": "vpc-078224e9e811f485c", "OwnerId": "111122223333", "CidrBlock": "10.1.1.0/24"},
            "AccepterVpcInfo": {"VpcId": "vpc-0fffffffffffffff0", "OwnerId": "444455556666", "CidrBlock": "93.184.216.0/24"},
            "Status": {"Code": "pending-acceptance"}
        }]}),
    );
    let answer = ask(&files, CLIENT, "93.184.216.34", Some(443)).unwrap();
    assert_eq!(codes(&answer), ["BAD_STATE"]);
    assert_eq!(answer.verdict, Verdict::NotReachable);
}

#[test]
fn an_interface_whose_subnet_is_missing() {
    let files = lab_with("describe-subnets.json", |value| {
        value["Subnets"]
            .as_array_mut()
            .unwrap()
            .retain(|subnet| subnet["CidrBlock"] != "10.1.1.32/27");
    });
    let answer = ask(&files, CLIENT, "93.184.216.34", Some(443)).unwrap();
    // Missing input, not a blocking component: the verdict cannot be decided.
    assert_eq!(codes(&answer), ["MISSING_INPUT"]);
    assert_eq!(answer.verdict, Verdict::Unknown);
}

#[test]
fn questions_that_cannot_be_asked() {
    let lab = reach_core::demo::seed_lab();
    assert_eq!(
        ask(&lab, "i-0000000000000000f", "93.184.216.34", None).unwrap_err(),
        QuestionError::UnknownResource("i-0000000000000000f".to_owned())
    );
    let snapshot = reach_core::load(&lab).snapshot;
    let question = Question {
        source: Endpoint::parse(CLIENT),
        destination: Endpoint::parse("93.184.216.34"),
        protocol: 6,
        source_ports: None,
        destination_ports: None,
        icmp: None,
        source_ip: Some("10.1.1.99".parse().unwrap()),
        destination_ip: None,
        application: Default::default(),
        compat: Default::default(),
    };
    // Sending from another address: dropped while the source/destination check is on.
    let spoofed = reach_core::analyze(&snapshot, &question).unwrap();
    assert_eq!(codes(&spoofed), ["ENI_SOURCE_DEST_CHECK_RESTRICTION"]);
    let destination_address = Question {
        source: Endpoint::parse(CLIENT),
        destination: Endpoint::parse("i-0451212ab63537796"),
        source_ip: None,
        destination_ip: Some("10.1.1.99".parse().unwrap()),
        ..question.clone()
    };
    assert!(matches!(
        reach_core::analyze(&snapshot, &destination_address),
        Err(QuestionError::AddressNotOnResource { .. })
    ));
    let gre = Question {
        protocol: 47,
        source_ip: None,
        ..question.clone()
    };
    assert_eq!(
        reach_core::analyze(&snapshot, &gre).unwrap_err(),
        QuestionError::UnsupportedProtocol(47)
    );
    // ICMP has a type and code, not ports.
    let icmp_with_port = Question {
        protocol: 1,
        source_ip: None,
        destination_ports: Some((80, 80)),
        ..question
    };
    assert_eq!(
        reach_core::analyze(&snapshot, &icmp_with_port).unwrap_err(),
        QuestionError::NotForIcmp("ports", 1)
    );
}

/// Replaces the target of the Egress subnet's default route.
fn egress_default_route(
    target: Option<(&'static str, &'static str)>,
    state: &'static str,
) -> Vec<InputFile> {
    lab_with("describe-route-tables.json", move |value| {
        for table in value["RouteTables"].as_array_mut().unwrap() {
            let egress = table["Tags"]
                .as_array()
                .unwrap()
                .iter()
                .any(|tag| tag["Value"] == "Egress");
            if !egress {
                continue;
            }
            let routes = table["Routes"].as_array_mut().unwrap();
            routes.retain(|route| route["DestinationCidrBlock"] != "0.0.0.0/0");
            if let Some((key, id)) = target {
                routes.push(serde_json::json!({"DestinationCidrBlock": "0.0.0.0/0", key: id, "Origin": "CreateRoute", "State": state}));
            }
        }
    })
}

#[test]
fn a_blackhole_route() {
    let answer = ask(
        &egress_default_route(Some(("NatGatewayId", "nat-0deadbeefdeadbeef")), "blackhole"),
        CLIENT,
        "93.184.216.34",
        Some(443),
    )
    .unwrap();
    assert_eq!(codes(&answer), ["BAD_STATE_ROUTE"]);
}

#[test]
fn no_route_out_of_the_subnet() {
    let answer = ask(
        &egress_default_route(None, "active"),
        CLIENT,
        "93.184.216.34",
        Some(443),
    )
    .unwrap();
    assert_eq!(codes(&answer), ["NO_ROUTE_TO_DESTINATION"]);
}

#[test]
fn straight_to_the_internet_gateway_without_a_public_address() {
    let answer = ask(
        &egress_default_route(Some(("GatewayId", INTERNET_GATEWAY)), "active"),
        CLIENT,
        "93.184.216.34",
        Some(443),
    )
    .unwrap();
    assert_eq!(codes(&answer), ["IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS"]);
}

#[test]
fn through_the_nat_gateway_and_back_and_a_network_acl_that_stops_it() {
    let files = egress_default_route(Some(("NatGatewayId", "nat-024a6133bb429deaa")), "active");
    // The lab's Public route table sends replies for the Egress subnet to the firewall: drop
    // that route (as variant 11 does) so that replies come straight back through the NAT.
    let files = edited(
        files,
        &[("describe-route-tables.json", &|value| {
            for table in value["RouteTables"].as_array_mut().unwrap() {
                table["Routes"]
                    .as_array_mut()
                    .unwrap()
                    .retain(|route| route["DestinationCidrBlock"] != "10.1.1.32/27");
            }
        })],
    );
    let answer = ask(&files, CLIENT, "93.184.216.34", None).unwrap();
    assert_eq!(answer.verdict, Verdict::Reachable, "{}", answer.summary);
    assert_eq!(answer.reachable_ports.ranges(), &[(0, 65535)]);
    let kinds: Vec<ComponentKind> = answer
        .reverse
        .iter()
        .map(|hop| hop.component.kind)
        .collect();
    assert_eq!(kinds.first(), Some(&ComponentKind::InternetGateway));
    assert!(kinds.contains(&ComponentKind::NatGateway));

    // The lab's one network ACL, now allowing only ssh in: the request dies entering the NAT
    // gateway's subnet.
    let files = edited(
        files,
        &[("describe-network-acls.json", &|value| {
            for acl in value["NetworkAcls"].as_array_mut().unwrap() {
                for entry in acl["Entries"].as_array_mut().unwrap() {
                    if entry["Egress"] == false && entry["RuleNumber"] == 100 {
                        entry["Protocol"] = Value::from("6");
                        entry["PortRange"] = serde_json::json!({"From": 22, "To": 22});
                    }
                }
            }
        })],
    );
    let answer = ask(&files, CLIENT, "93.184.216.34", Some(443)).unwrap();
    assert_eq!(answer.verdict, Verdict::NotReachable);
    assert_eq!(codes(&answer), ["SUBNET_ACL_RESTRICTION"]);
}

fn table_named<'v>(value: &'v mut Value, name: &str) -> &'v mut Value {
    value["RouteTables"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|table| {
            table["Tags"]
                .as_array()
                .unwrap()
                .iter()
                .any(|tag| tag["Value"] == name)
        })
        .unwrap()
}

const CLIENT_2_INTERFACE: &str = "eni-07fb72506340c0a03";

/// The Egress subnet's default route to lab-client-2's interface, an appliance.
fn via_appliance(value: &mut Value) {
    let routes = table_named(value, "Egress")["Routes"]
        .as_array_mut()
        .unwrap();
    routes.retain(|route| route["DestinationCidrBlock"] != "0.0.0.0/0");
    routes.push(serde_json::json!({"DestinationCidrBlock": "0.0.0.0/0", "NetworkInterfaceId": CLIENT_2_INTERFACE, "Origin": "CreateRoute", "State": "active"}));
}

fn appliance_interface(value: &mut Value, move_to_firewall_subnet: bool) {
    for interface in value["NetworkInterfaces"].as_array_mut().unwrap() {
        if interface["NetworkInterfaceId"] == CLIENT_2_INTERFACE {
            interface["SourceDestCheck"] = Value::Bool(false);
            if move_to_firewall_subnet {
                interface["SubnetId"] = Value::from("subnet-075a1e678f75b1c66");
            }
        }
    }
}

#[test]
fn an_appliance_with_its_source_destination_check_on() {
    let files = lab_edited(&[("describe-route-tables.json", &via_appliance)]);
    let answer = ask(&files, CLIENT, "93.184.216.34", Some(22)).unwrap();
    assert_eq!(codes(&answer), ["ENI_SOURCE_DEST_CHECK_RESTRICTION"]);
}

#[test]
fn an_appliance_that_routes_back_to_its_own_table_is_a_loop() {
    let files = lab_edited(&[
        ("describe-route-tables.json", &via_appliance),
        ("describe-network-interfaces.json", &|value| {
            appliance_interface(value, false)
        }),
    ]);
    let answer = ask(&files, CLIENT, "93.184.216.34", Some(22)).unwrap();
    assert_eq!(codes(&answer), ["ROUTING_LOOP"]);
}

/// Requests go client → appliance (in the Firewall subnet) → NAT → internet; replies come
/// back NAT → client directly: an asymmetric path around the appliance.
#[test]
fn replies_that_bypass_an_appliance_are_one_way() {
    let files = lab_edited(&[
        ("describe-route-tables.json", &|value| {
            via_appliance(value);
            table_named(value, "Public")["Routes"]
                .as_array_mut()
                .unwrap()
                .retain(|route| route["DestinationCidrBlock"] != "10.1.1.32/27");
        }),
        ("describe-network-interfaces.json", &|value| {
            appliance_interface(value, true)
        }),
    ]);
    let answer = ask(&files, CLIENT, "93.184.216.34", Some(22)).unwrap();
    assert_eq!(
        answer.verdict,
        Verdict::ReachableOneWay,
        "{}",
        answer.summary
    );
    assert!(answer.explanations.is_empty());
    let details: Vec<&str> = answer
        .additional_details
        .iter()
        .map(|detail| detail.code.as_str())
        .collect();
    assert_eq!(details, ["UNIDIRECTIONAL_PATH_ANALYSIS_ONLY"]);
    // The appliance is named by its interface, as its hop shows it (attached to the instance).
    assert!(
        answer.summary.contains("eni-07fb72506340c0a03"),
        "{}",
        answer.summary
    );
    assert!(!answer.network_path_found());
}

#[test]
fn a_gateway_endpoint_to_s3() {
    let files = lab_edited(&[
        ("describe-vpc-endpoints.json", &|value| {
            value["VpcEndpoints"] = serde_json::json!([{
                "VpcEndpointId": "vpce-0a1b2c3d4e5f60718", "VpcEndpointType": "Gateway", "VpcId": "vpc-078224e9e811f485c",
                "ServiceName": "com.amazonaws.us-east-1.s3", "State": "available", "RouteTableIds": ["rtb-0b30083d82088cf0c"],
                "SubnetIds": [], "Groups": [], "NetworkInterfaceIds": [], "OwnerId": "111122223333"
            }]);
        }),
        ("describe-route-tables.json", &|value| {
            table_named(value, "Egress")["Routes"].as_array_mut().unwrap().push(serde_json::json!(
                {"DestinationPrefixListId": "pl-63a5400a", "GatewayId": "vpce-0a1b2c3d4e5f60718", "Origin": "CreateRoute", "State": "active"}
            ));
        }),
    ]);
    let answer = ask(&files, CLIENT, "16.182.0.10", Some(443)).unwrap();
    assert_eq!(answer.verdict, Verdict::Reachable, "{}", answer.summary);
    assert!(answer
        .forward
        .iter()
        .any(|hop| hop.component.kind == ComponentKind::GatewayVpcEndpoint));
    assert!(answer
        .reverse
        .iter()
        .any(|hop| hop.component.kind == ComponentKind::GatewayVpcEndpoint));
    // S3 over UDP: a gateway endpoint carries TCP and ICMP only.
    let snapshot = reach_core::load(&files).snapshot;
    let udp = Question {
        source: Endpoint::parse(CLIENT),
        destination: Endpoint::parse("16.182.0.10"),
        protocol: 17,
        source_ports: None,
        destination_ports: Some((443, 443)),
        source_ip: None,
        destination_ip: None,
        application: Default::default(),
        compat: Default::default(),
        icmp: None,
    };
    let answer = reach_core::analyze(&snapshot, &udp).unwrap();
    // The default route the prefix list's beat would have taken it out through the NAT gateway.
    assert_eq!(
        codes(&answer),
        ["VPCE_GATEWAY_PROTOCOL_RESTRICTION", "MORE_SPECIFIC_ROUTE"]
    );
    assert_eq!(answer.verdict, Verdict::NotReachable);
    assert_eq!(
        answer.forward.last().map(|hop| hop.component.id.as_str()),
        Some("vpce-0a1b2c3d4e5f60718")
    );
}

#[test]
fn ipv6_through_an_egress_only_internet_gateway() {
    let files = lab_edited(&[
        ("describe-vpcs.json", &|value| {
            value["Vpcs"][0]["Ipv6CidrBlockAssociationSet"] = serde_json::json!([{"Ipv6CidrBlock": "2600:1f18:1234:5600::/56", "Ipv6CidrBlockState": {"State": "associated"}}]);
        }),
        ("describe-network-interfaces.json", &|value| {
            for interface in value["NetworkInterfaces"].as_array_mut().unwrap() {
                if interface["PrivateIpAddress"] == "10.1.1.40" {
                    interface["Ipv6Addresses"] =
                        serde_json::json!([{"Ipv6Address": "2600:1f18:1234:5601::40"}]);
                }
            }
        }),
        ("describe-security-groups.json", &|value| {
            for group in value["SecurityGroups"].as_array_mut().unwrap() {
                for rule in group["IpPermissionsEgress"].as_array_mut().unwrap() {
                    rule["Ipv6Ranges"] = serde_json::json!([{"CidrIpv6": "::/0"}]);
                }
            }
        }),
        ("describe-network-acls.json", &|value| {
            for acl in value["NetworkAcls"].as_array_mut().unwrap() {
                let entries = acl["Entries"].as_array_mut().unwrap();
                for egress in [true, false] {
                    entries.push(serde_json::json!({"RuleNumber": 101, "Protocol": "-1", "RuleAction": "allow", "Egress": egress, "Ipv6CidrBlock": "::/0"}));
                }
            }
        }),
        ("describe-egress-only-internet-gateways.json", &|value| {
            value["EgressOnlyInternetGateways"] = serde_json::json!([{"EgressOnlyInternetGatewayId": "eigw-0a1b2c3d4e5f60718", "Attachments": [{"VpcId": "vpc-078224e9e811f485c", "State": "attached"}]}]);
        }),
        ("describe-route-tables.json", &|value| {
            table_named(value, "Egress")["Routes"].as_array_mut().unwrap().push(serde_json::json!(
                {"DestinationIpv6CidrBlock": "::/0", "EgressOnlyInternetGatewayId": "eigw-0a1b2c3d4e5f60718", "Origin": "CreateRoute", "State": "active"}
            ));
        }),
    ]);
    let answer = ask(&files, CLIENT, "2001:db8::10", Some(443)).unwrap();
    assert_eq!(answer.verdict, Verdict::Reachable, "{}", answer.summary);
    assert!(answer
        .forward
        .iter()
        .any(|hop| hop.component.kind == ComponentKind::EgressOnlyInternetGateway));
    assert!(answer
        .reverse
        .iter()
        .any(|hop| hop.component.kind == ComponentKind::EgressOnlyInternetGateway));
}

#[test]
fn a_source_with_its_check_off_may_send_from_another_address() {
    let files = lab_with("describe-network-interfaces.json", |value| {
        for interface in value["NetworkInterfaces"].as_array_mut().unwrap() {
            if interface["PrivateIpAddress"] == "10.1.1.40" {
                interface["SourceDestCheck"] = Value::Bool(false);
            }
        }
    });
    let snapshot = reach_core::load(&files).snapshot;
    let question = Question {
        source: Endpoint::parse(CLIENT),
        destination: Endpoint::parse("93.184.216.34"),
        protocol: 6,
        source_ports: None,
        destination_ports: Some((443, 443)),
        icmp: None,
        source_ip: Some("10.1.1.99".parse().unwrap()),
        destination_ip: None,
        application: Default::default(),
        compat: Default::default(),
    };
    let answer = reach_core::analyze(&snapshot, &question).unwrap();
    // The request goes out like the lab's own traffic (through the firewall and the NAT
    // gateway); the replies come back for 10.1.1.99, which no interface holds.
    assert_eq!(codes(&answer), ["NO_POSSIBLE_DESTINATION"]);
    assert_eq!(answer.verdict, Verdict::ReachableOneWay);
    assert!(answer
        .forward
        .iter()
        .any(|hop| hop.component.id == INTERNET_GATEWAY));
}

#[test]
fn the_internet_gateway_refuses_private_destinations() {
    let files = egress_default_route(Some(("GatewayId", INTERNET_GATEWAY)), "active");
    let answer = ask(&files, CLIENT, "192.168.10.10", Some(443)).unwrap();
    assert_eq!(
        codes(&answer),
        ["IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS"]
    );
    // Nor shared (carrier-grade NAT) ones.
    let answer = ask(&files, CLIENT, "100.64.10.10", Some(443)).unwrap();
    assert_eq!(
        codes(&answer),
        ["IGW_DESTINATION_ADDRESS_NOT_IN_RFC6598_EGRESS"]
    );
}

/// The seed lab's NAT path, plus an edge-associated route table on the internet gateway that
/// sends traffic for the Public subnet to the firewall endpoint: the replies are inspected on
/// their way in.
#[test]
fn ingress_routing_through_a_gateway_route_table() {
    let files = lab_edited(&[("describe-route-tables.json", &|value| {
        let egress = table_named(value, "Egress")["Routes"]
            .as_array_mut()
            .unwrap();
        egress.retain(|route| route["DestinationCidrBlock"] != "0.0.0.0/0");
        egress.push(serde_json::json!({"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": "nat-024a6133bb429deaa", "State": "active"}));
        value["RouteTables"].as_array_mut().unwrap().push(serde_json::json!({
            "RouteTableId": "rtb-0e1e2e3e4e5e6e7e8", "VpcId": "vpc-078224e9e811f485c", "OwnerId": "111122223333",
            "Associations": [{"Main": false, "RouteTableAssociationId": "rtbassoc-0e1e2e3e4e5e6e7e8", "RouteTableId": "rtb-0e1e2e3e4e5e6e7e8",
                              "GatewayId": INTERNET_GATEWAY, "AssociationState": {"State": "associated"}}],
            "Routes": [
                {"DestinationCidrBlock": "10.1.1.0/24", "GatewayId": "local", "Origin": "CreateRouteTable", "State": "active"},
                {"DestinationCidrBlock": "10.1.1.0/27", "GatewayId": "vpce-07d9072edc5c5bf93", "Origin": "CreateRoute", "State": "active"}
            ],
            "Tags": [{"Key": "Name", "Value": "Ingress"}]
        }));
    })]);
    let answer = ask(&files, CLIENT, "93.184.216.34", Some(443)).unwrap();
    // The requests skip the firewall, the replies meet it: a connection it never saw open.
    assert_eq!(
        answer.verdict,
        Verdict::ReachableOneWay,
        "{}",
        answer.summary
    );
    let reverse: Vec<&str> = answer
        .reverse
        .iter()
        .map(|hop| hop.component.id.as_str())
        .collect();
    // In by the edge table to the firewall, to the NAT gateway, back through the firewall
    // (the Public table sends the Egress subnet's replies there), to the instance: each
    // subnet's outbound ACL before its route table, as AWS lists them; the instance's group
    // (no rule: replies) and interface before it.
    assert_eq!(
        reverse,
        [
            INTERNET_GATEWAY,
            "rtb-0e1e2e3e4e5e6e7e8",
            "acl-0b4a26683969c8663",
            "network-firewall",
            "acl-0b4a26683969c8663",
            "rtb-00bc6dee29bb1edd3",
            "acl-0b4a26683969c8663",
            "nat-024a6133bb429deaa",
            "acl-0b4a26683969c8663",
            "rtb-000c037d5c976c794",
            "acl-0b4a26683969c8663",
            "network-firewall",
            "acl-0b4a26683969c8663",
            "rtb-00bc6dee29bb1edd3",
            "acl-0b4a26683969c8663",
            "sg-09be65d948693ca23",
            "eni-01517e720d2c3ba45",
            CLIENT,
        ]
    );
    let firewall_endpoints: Vec<Option<&str>> = answer
        .reverse
        .iter()
        .filter(|hop| hop.component.id == "network-firewall")
        .map(|hop| hop.firewall_endpoint.as_deref())
        .collect();
    assert_eq!(
        firewall_endpoints,
        [
            Some("vpce-07d9072edc5c5bf93"),
            Some("vpce-07d9072edc5c5bf93")
        ]
    );
    // With a policy that drops whatever no rule passes, replies alone do not get through.
    let strict = lab_edited(&[
        ("describe-route-tables.json", &|value| {
            let egress = table_named(value, "Egress")["Routes"]
                .as_array_mut()
                .unwrap();
            egress.retain(|route| route["DestinationCidrBlock"] != "0.0.0.0/0");
            egress.push(serde_json::json!({"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": "nat-024a6133bb429deaa", "State": "active"}));
        }),
        (
            "describe-firewall-policy.network-firewall-policy.json",
            &|value| {
                value["FirewallPolicy"]["StatefulDefaultActions"] =
                    serde_json::json!(["aws:drop_strict"]);
            },
        ),
        ("describe-network-interfaces.json", &|value| {
            for interface in value["NetworkInterfaces"].as_array_mut().unwrap() {
                if interface["NetworkInterfaceId"] == "eni-07fb72506340c0a03" {
                    interface["SubnetId"] = Value::from("subnet-003a473f3a2c3af54");
                    interface["PrivateIpAddress"] = Value::from("10.1.1.5");
                    interface["PrivateIpAddresses"] =
                        serde_json::json!([{"Primary": true, "PrivateIpAddress": "10.1.1.5"}]);
                }
            }
        }),
    ]);
    // A host in the Public subnet: the requests reach it by the local route, its replies to
    // the Egress subnet go through the firewall, which sees them alone and drops them.
    let answer = ask(&strict, CLIENT, "i-0451212ab63537796", Some(22)).unwrap();
    assert_eq!(
        codes(&answer),
        ["FIREWALL_RULES_RESTRICTION"],
        "{}",
        answer.summary
    );
    assert_eq!(answer.verdict, Verdict::ReachableOneWay);
}

/// Every code Reach can emit (`Code::ALL`) appears in a test of reach-core or in a
/// scenario's expected answer.
#[test]
fn every_code_is_exercised() {
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut tests = String::new();
    for entry in std::fs::read_dir(manifest.join("tests"))
        .unwrap()
        .filter_map(Result::ok)
    {
        if entry
            .path()
            .extension()
            .is_some_and(|extension| extension == "rs")
        {
            tests.push_str(&std::fs::read_to_string(entry.path()).unwrap());
        }
    }
    let mut goldens = String::new();
    let mut pending = vec![manifest.join("../../tests/scenarios")];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).unwrap().filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.file_name().is_some_and(|name| {
                let name = name.to_string_lossy();
                name.starts_with("expected") && name.ends_with(".json")
            }) {
                goldens.push_str(&std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    let unexercised: Vec<&str> = reach_core::analysis::Code::ALL
        .iter()
        .map(|code| code.as_str())
        .filter(|code| {
            !goldens.contains(&format!("\"{code}\"")) && !tests.contains(&format!("\"{code}\""))
        })
        .collect();
    assert!(
        unexercised.is_empty(),
        "codes Reach can emit that no test exercises: {unexercised:?}"
    );
}

/// A firewall endpoint that is not ready forwards nothing.
#[test]
fn a_firewall_endpoint_not_ready_blocks() {
    let files = lab_with("describe-firewall.network-firewall.json", |value| {
        for state in value["FirewallStatus"]["SyncStates"]
            .as_object_mut()
            .unwrap()
            .values_mut()
        {
            state["Attachment"]["Status"] = Value::String("CREATING".to_owned());
        }
    });
    let answer = ask(&files, CLIENT, "93.184.216.34", Some(443)).unwrap();
    assert_eq!(codes(&answer), ["BAD_STATE"]);
    assert_eq!(answer.verdict, Verdict::NotReachable);
}

/// A TLS inspection configuration: the answer says whether its scopes cover the flows.
#[test]
fn tls_inspection_scopes_are_named() {
    const TLS: &str =
        "arn:aws:network-firewall:us-east-1:111122223333:tls-configuration/decrypt-web";
    let mut files = lab_with(
        "describe-firewall-policy.network-firewall-policy.json",
        |value| {
            value["FirewallPolicy"]["TLSInspectionConfigurationArn"] =
                Value::String(TLS.to_owned());
        },
    );
    files.push(InputFile::new(
        "describe-tls-inspection-configuration.decrypt-web.json",
        serde_json::json!({
            "TLSInspectionConfigurationResponse": {"TLSInspectionConfigurationArn": TLS, "TLSInspectionConfigurationName": "decrypt-web"},
            "TLSInspectionConfiguration": {"ServerCertificateConfigurations": [{"Scopes": [{
                "Sources": [{"AddressDefinition": "10.1.1.0/24"}],
                "Destinations": [{"AddressDefinition": "0.0.0.0/0"}],
                "DestinationPorts": [{"FromPort": 443, "ToPort": 443}],
                "Protocols": [6]
            }]}]}
        })
        .to_string(),
    ));
    let decrypted = ask(&files, CLIENT, "93.184.216.34", Some(443)).unwrap();
    assert!(
        decrypted
            .notes
            .iter()
            .any(|note| note.contains("decrypt-web") && note.contains("decrypts these flows")),
        "{:?}",
        decrypted.notes
    );
    let other = ask(&files, CLIENT, "93.184.216.34", Some(8443)).unwrap();
    assert!(
        other
            .notes
            .iter()
            .any(|note| note.contains("does not decrypt these flows")),
        "{:?}",
        other.notes
    );
}

/// Two zones, appliance mode off: each direction meets the firewall endpoint of its own zone,
/// and the replies die at the one that never saw the connection open. Appliance mode on keeps
/// both directions in the request's zone.
#[test]
fn appliance_mode_keeps_both_directions_on_one_firewall_endpoint() {
    const SHARED: &str = "i-0c2c2c2c2c2c2c2c7";
    let off = overlay("inspection-vpc-two-zones", |_, _| {});
    let answer = ask(&off, PARTNER, SHARED, Some(443)).unwrap();
    assert_eq!(
        answer.verdict,
        Verdict::ReachableOneWay,
        "{}",
        answer.summary
    );
    assert_eq!(codes(&answer), ["FIREWALL_RULES_RESTRICTION"]);
    assert!(answer
        .additional_details
        .iter()
        .any(|detail| detail.code == "TRANSIT_GATEWAY_APPLIANCE_MODE_RECOMMENDED"));
    let on = overlay("inspection-vpc-two-zones", |name, value| {
        if name == "describe-transit-gateway-vpc-attachments.json" {
            for attachment in value["TransitGatewayVpcAttachments"]
                .as_array_mut()
                .unwrap()
            {
                attachment["Options"]["ApplianceModeSupport"] = Value::from("enable");
            }
        }
    });
    let answer = ask(&on, PARTNER, SHARED, Some(443)).unwrap();
    assert_eq!(answer.verdict, Verdict::Reachable, "{}", answer.summary);
    assert_eq!(details_but_zone_crossing(&answer), [] as [&str; 0]);
}

/// The ALB scenario's files, each passed through `edit` (file name, text).
fn alb_scenario(edit: impl Fn(&str, String) -> String) -> Vec<InputFile> {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/scenarios/alb-internet-facing-unhealthy-target");
    let mut files = Vec::new();
    for entry in std::fs::read_dir(folder).unwrap().filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".json") || name.starts_with("expected") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        files.push(InputFile::new(name.clone(), edit(&name, text)));
    }
    files
}

/// The same design as a Network Load Balancer (TCP listener and target group).
fn as_network_load_balancer(_: &str, text: String) -> String {
    text.replace("app/web-alb", "net/web-alb")
        .replace("\"Type\": \"application\"", "\"Type\": \"network\"")
        .replace("\"Protocol\": \"HTTP\"", "\"Protocol\": \"TCP\"")
}

#[test]
fn a_network_load_balancer_keeps_the_client_address_for_instance_targets() {
    // web-sg admits 8080 from the load balancer's group only: right for an ALB, which
    // connects from its node; wrong for an NLB, whose instance targets see the client.
    let files = alb_scenario(as_network_load_balancer);
    let answer = ask(&files, "198.51.100.7", "web-alb", Some(80)).unwrap();
    assert_eq!(answer.verdict, Verdict::NotReachable, "{}", answer.summary);
    assert_eq!(
        codes(&answer),
        ["ENI_SG_RULES_MISMATCH", "ELBV2_SOURCE_ADDRESS_PRESERVATION"]
    );
    assert!(answer.explanations[0]
        .message
        .contains("sg-0a00000000000a1b1"));
    assert!(answer
        .notes
        .iter()
        .any(|note| note.contains("client IP preservation")));
    // The target group's attributes are not in the input: AWS's analyzer says what it assumed.
    assert_eq!(
        detail_codes(&answer),
        [
            "MISSING_TARGET_GROUP_ATTRIBUTES",
            "ASSUMPTION_PRESERVE_CLIENT_IP_IS_ENABLED"
        ]
    );
    // Cross-zone load balancing is off: the node in us-east-1a uses web-1 only.
    assert!(answer
        .notes
        .iter()
        .any(|note| note.contains("i-0a00000000000c0b1") && note.contains("another zone")));

    // Admit the clients (as NLB guides say to) and the path is found.
    let files = alb_scenario(|name, text| {
        let text = as_network_load_balancer(name, text);
        let mut value: Value = serde_json::from_str(&text).unwrap();
        match name {
            "describe-security-group-rules.json" => {
                for rule in value["SecurityGroupRules"].as_array_mut().unwrap() {
                    if rule["SecurityGroupRuleId"] == "sgr-0a000000000000b01" {
                        let rule = rule.as_object_mut().unwrap();
                        rule.remove("ReferencedGroupInfo");
                        rule.insert("CidrIpv4".to_owned(), Value::from("0.0.0.0/0"));
                    }
                }
            }
            "describe-security-groups.json" => {
                for group in value["SecurityGroups"].as_array_mut().unwrap() {
                    if group["GroupId"] == "sg-0a00000000000a1b1" {
                        for permission in group["IpPermissions"].as_array_mut().unwrap() {
                            permission["UserIdGroupPairs"] = Value::Array(Vec::new());
                            permission["IpRanges"] = serde_json::json!([{"CidrIp": "0.0.0.0/0"}]);
                        }
                    }
                }
            }
            _ => {}
        }
        value.to_string()
    });
    let answer = ask(&files, "198.51.100.7", "web-alb", Some(80)).unwrap();
    assert_eq!(answer.verdict, Verdict::Reachable, "{}", answer.summary);
    assert_eq!(answer.reachable_ports.to_range_list(), "80");
}

fn detail_codes(answer: &reach_core::Answer) -> Vec<&'static str> {
    answer
        .additional_details
        .iter()
        .map(|detail| detail.code.as_str())
        .collect()
}

/// The ALB scenario with `edit` applied, plus more files (name, text).
fn alb_scenario_with(
    edit: impl Fn(&str, String) -> String,
    more: &[(&str, &str)],
) -> Vec<InputFile> {
    let mut files = alb_scenario(edit);
    for (name, text) in more {
        files.push(InputFile::new(*name, *text));
    }
    files
}

const CROSS_ZONE_ON: (&str, &str) = (
    "describe-load-balancer-attributes.web-alb.json",
    r#"{"Attributes": [{"Key": "deletion_protection.enabled", "Value": "false"},
        {"Key": "load_balancing.cross_zone.enabled", "Value": "true"}]}"#,
);

/// `describe-target-group-attributes` for web-tg with these attributes.
fn target_group_attributes(attributes: &[(&str, &str)]) -> (&'static str, String) {
    let listed: Vec<String> = attributes
        .iter()
        .map(|(key, value)| format!(r#"{{"Key": "{key}", "Value": "{value}"}}"#))
        .collect();
    (
        "describe-target-group-attributes.web-tg.json",
        format!(r#"{{"Attributes": [{}]}}"#, listed.join(", ")),
    )
}

/// The NLB design with web-2 no longer a target: a client in us-east-1b, where no target is.
fn nlb_without_web_2(name: &str, text: String) -> String {
    let text = as_network_load_balancer(name, text);
    if name != "describe-target-health.web-tg.json" {
        return text;
    }
    let mut value: Value = serde_json::from_str(&text).unwrap();
    value["TargetHealthDescriptions"]
        .as_array_mut()
        .unwrap()
        .retain(|target| target["Target"]["Id"] != "i-0a00000000000c0b1");
    value.to_string()
}

/// Cross-zone load balancing turned on by the load balancer's attribute: the node in
/// us-east-1b sends to web-1 in us-east-1a, which `a_network_load_balancer_with_targets_only_in_another_zone_drops`
/// shows it does not at the default. web-1 then sees the client's address (client IP
/// preservation, on by default for instance targets), which web-sg does not admit; with
/// preservation turned off by the target group's attribute it sees the node's, and admits it.
#[test]
fn a_network_load_balancer_with_cross_zone_on_uses_the_other_zones_target() {
    let files = alb_scenario_with(nlb_without_web_2, &[CROSS_ZONE_ON]);
    let answer = ask(&files, "i-0a00000000000c0b1", "web-alb", Some(80)).unwrap();
    assert_eq!(answer.verdict, Verdict::NotReachable, "{}", answer.summary);
    // The group does not admit the client, and would admit the node: keeping the client's
    // address is the cause (AWS's `ELBV2_SOURCE_ADDRESS_PRESERVATION`, on the load balancer,
    // naming the target).
    assert_eq!(
        codes(&answer),
        ["ENI_SG_RULES_MISMATCH", "ELBV2_SOURCE_ADDRESS_PRESERVATION"],
        "{:#?}",
        answer.notes
    );
    assert!(answer.explanations[0]
        .message
        .contains("sg-0a00000000000a1b1"));
    let preservation = &answer.explanations[1];
    assert_eq!(preservation.component.kind, ComponentKind::LoadBalancer);
    let target = preservation.members.target.as_ref().expect("the target");
    assert_eq!(target.port, Some(8080));
    assert_eq!(preservation.members.listener_port, Some(80));
    // The load balancer's attribute is known; only the target group's is taken at its default.
    assert!(
        answer.notes.iter().any(|note| note.contains(
            "cross-zone load balancing of target group web-tg is taken at its default, on, as its attributes are not in the input"
        )),
        "{:#?}",
        answer.notes
    );

    let (name, text) = target_group_attributes(&[
        (
            "load_balancing.cross_zone.enabled",
            "use_load_balancer_configuration",
        ),
        ("preserve_client_ip.enabled", "false"),
    ]);
    let files = alb_scenario_with(nlb_without_web_2, &[CROSS_ZONE_ON, (name, &text)]);
    let answer = ask(&files, "i-0a00000000000c0b1", "web-alb", Some(80)).unwrap();
    assert_eq!(answer.verdict, Verdict::Reachable, "{}", answer.summary);
    // Every attribute known: no default is named.
    assert_eq!(details_but_zone_crossing(&answer), [] as [&str; 0]);
    assert!(
        !answer.notes.iter().any(|note| note.contains("default")),
        "{:#?}",
        answer.notes
    );

    // The target group's own setting wins: on without the load balancer's attribute, and
    // off although the load balancer's is on.
    let (name, text) = target_group_attributes(&[
        ("load_balancing.cross_zone.enabled", "true"),
        ("preserve_client_ip.enabled", "false"),
    ]);
    let files = alb_scenario_with(nlb_without_web_2, &[(name, &text)]);
    let answer = ask(&files, "i-0a00000000000c0b1", "web-alb", Some(80)).unwrap();
    assert_eq!(answer.verdict, Verdict::Reachable, "{}", answer.summary);
    // The node sends to a target in another zone: AWS's `AVAILABILITY_ZONE_CROSSED`, once,
    // on the load balancer, with both zones.
    let crossed: Vec<_> = answer
        .additional_details
        .iter()
        .filter(|detail| detail.code == "AVAILABILITY_ZONE_CROSSED")
        .collect();
    assert_eq!(crossed.len(), 1, "{:#?}", answer.additional_details);
    assert_eq!(crossed[0].component.kind, ComponentKind::LoadBalancer);
    assert_eq!(crossed[0].members.availability_zones.len(), 2);
    let (name, text) = target_group_attributes(&[("load_balancing.cross_zone.enabled", "false")]);
    let files = alb_scenario_with(nlb_without_web_2, &[CROSS_ZONE_ON, (name, &text)]);
    let answer = ask(&files, "i-0a00000000000c0b1", "web-alb", Some(80)).unwrap();
    assert_eq!(
        codes(&answer),
        ["ELBV2_NO_TARGETS_IN_AZ"],
        "{:#?}",
        answer.notes
    );
    // AWS's members: the load balancer, the listener and its port, the target group, and
    // the node's zone that has no target.
    let members = &answer.explanations[0].members;
    assert!(members
        .load_balancer_arn
        .as_deref()
        .is_some_and(|arn| arn.contains("/web-alb/")));
    assert!(members
        .listener
        .as_deref()
        .is_some_and(|arn| arn.contains(":listener/")));
    assert_eq!(members.listener_port, Some(80));
    assert_eq!(members.target_groups.len(), 1, "{members:#?}");
    assert_eq!(members.availability_zones.len(), 1, "{members:#?}");
    assert!(
        answer.notes.iter().any(|note| note.contains("another zone")
            && note.contains("cross-zone load balancing is off")
            && !note.contains("by default")),
        "{:#?}",
        answer.notes
    );
}

/// Client IP preservation turned off by the target group's attribute: the target sees the
/// node's address, so web-sg, which admits the load balancer's group only, lets it in (the
/// flip of `a_network_load_balancer_keeps_the_client_address_for_instance_targets`).
#[test]
fn a_network_load_balancer_without_client_ip_preservation_shows_the_node_address() {
    let (name, text) = target_group_attributes(&[
        ("deregistration_delay.timeout_seconds", "300"),
        ("preserve_client_ip.enabled", "false"),
    ]);
    let files = alb_scenario_with(as_network_load_balancer, &[(name, &text)]);
    let answer = ask(&files, "198.51.100.7", "web-alb", Some(80)).unwrap();
    assert_eq!(answer.verdict, Verdict::Reachable, "{}", answer.summary);
    assert!(answer.additional_details.is_empty());
    // The target's security group admits the node's address, as a member of alb-sg.
    let to_target = answer
        .forward
        .iter()
        .find(|hop| hop.component.id == "sg-0a00000000000a1b1")
        .expect("web-sg on the way");
    assert!(
        matches!(&to_target.rule, Some(reach_core::analysis::Rule::SecurityGroup { peer, .. }) if peer == "sg-0a00000000000a1b0"),
        "{:?}",
        to_target.rule
    );
}

/// IP targets over TCP: client IP preservation is off by default, and without the target
/// group's attributes AWS's analyzer says it assumed so.
#[test]
fn ip_targets_of_a_network_load_balancer_assume_client_ip_preservation_off() {
    let files = alb_scenario(|name, text| {
        let text = as_network_load_balancer(name, text);
        match name {
            "describe-target-groups.json" => {
                text.replace("\"TargetType\": \"instance\"", "\"TargetType\": \"ip\"")
            }
            "describe-target-health.web-tg.json" => text
                .replace("i-0a00000000000c0a1", "10.30.10.10")
                .replace("i-0a00000000000c0b1", "10.30.11.10"),
            _ => text,
        }
    });
    let answer = ask(&files, "198.51.100.7", "web-alb", Some(80)).unwrap();
    assert_eq!(answer.verdict, Verdict::Reachable, "{}", answer.summary);
    assert_eq!(
        detail_codes(&answer),
        [
            "MISSING_TARGET_GROUP_ATTRIBUTES",
            "ASSUMPTION_PRESERVE_CLIENT_IP_IS_DISABLED"
        ]
    );
    assert!(
        answer.notes.iter().any(|note| note.contains(
            "client IP preservation of target group web-tg is taken at its default, off"
        )),
        "{:#?}",
        answer.notes
    );
}

/// An Application Load Balancer always balances across zones, unless its target group turns
/// that off: then a node uses its own zone's targets only.
#[test]
fn an_application_load_balancer_target_group_may_turn_cross_zone_off() {
    let without_web_2 = |name: &str, text: String| {
        if name != "describe-target-health.web-tg.json" {
            return text;
        }
        let mut value: Value = serde_json::from_str(&text).unwrap();
        value["TargetHealthDescriptions"]
            .as_array_mut()
            .unwrap()
            .retain(|target| target["Target"]["Id"] != "i-0a00000000000c0b1");
        value.to_string()
    };
    let files = alb_scenario(without_web_2);
    let answer = ask(&files, "i-0a00000000000c0b1", "web-alb", Some(80)).unwrap();
    assert_eq!(answer.verdict, Verdict::Reachable, "{}", answer.summary);
    assert_eq!(details_but_zone_crossing(&answer), [] as [&str; 0]);

    let (name, text) = target_group_attributes(&[("load_balancing.cross_zone.enabled", "false")]);
    let files = alb_scenario_with(without_web_2, &[(name, &text)]);
    let answer = ask(&files, "i-0a00000000000c0b1", "web-alb", Some(80)).unwrap();
    assert_eq!(answer.verdict, Verdict::NotReachable, "{}", answer.summary);
    assert_eq!(
        codes(&answer),
        ["ELBV2_NO_TARGETS_IN_AZ"],
        "{:#?}",
        answer.notes
    );
}

#[test]
fn an_application_load_balancer_fails_open_when_no_target_is_healthy() {
    let files = alb_scenario(|name, text| match name {
        "describe-target-health.web-tg.json" => text.replace("\"healthy\"", "\"unhealthy\""),
        _ => text,
    });
    let answer = ask(&files, "198.51.100.7", "web-alb", Some(80)).unwrap();
    assert_eq!(answer.verdict, Verdict::Reachable, "{}", answer.summary);
    assert!(answer.notes.iter().any(|note| note.contains("fails open")));
}

/// A Gateway Load Balancer does not fail open: with its only appliance unhealthy, the flow is
/// dropped, and the answer says which appliance and why.
/// The Gateway Load Balancer ingress scenario, each file passed through `edit`.
fn gwlb_scenario(edit: impl Fn(&str, String) -> String) -> Vec<InputFile> {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/scenarios/gwlb-ingress-inspection");
    let mut files = Vec::new();
    for entry in std::fs::read_dir(folder).unwrap().filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".json") || name.starts_with("expected") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let text = edit(&name, text);
        files.push(InputFile::new(name, text.into_bytes()));
    }
    files
}

#[test]
fn a_gateway_load_balancer_with_no_healthy_appliance_drops() {
    let files = gwlb_scenario(|name, text| match name {
        "describe-target-health.appliances-tg.json" => text.replace("\"healthy\"", "\"unhealthy\""),
        _ => text,
    });
    let answer = ask(&files, "198.51.100.7", "i-0c600000000000b10", Some(443)).unwrap();
    assert_eq!(answer.verdict, Verdict::NotReachable, "{}", answer.summary);
    assert_eq!(codes(&answer), ["ELBV2_LISTENER_HAS_NO_TG"]);
    // The one appliance it is about is AWS's `LoadBalancerTarget`.
    let members = &answer.explanations[0].members;
    assert!(members.load_balancer_arn.is_some(), "{members:#?}");
    assert_eq!(members.target_groups.len(), 1, "{members:#?}");
    let target = members.target.as_ref().expect("the appliance");
    assert_eq!(target.id, "i-0c700000000000b10");
    assert_eq!(target.port, Some(6081));
    assert!(members.availability_zones.is_empty(), "{members:#?}");
    assert!(
        answer.summary.contains("does not fail open"),
        "{}",
        answer.summary
    );
    assert!(
        answer.summary.contains("i-0c700000000000b10"),
        "{}",
        answer.summary
    );
}

/// A Gateway Load Balancer without a node in the endpoint's zone cannot take the endpoint's
/// traffic: AWS's analyzer says the service is not installed in that zone.
#[test]
fn a_gateway_load_balancer_without_a_node_in_the_endpoints_zone_drops() {
    let files = gwlb_scenario(|name, text| match name {
        "describe-network-interfaces.json" => {
            text.replace("ELB gwy/inspection-gwlb/", "ELB gwy/elsewhere-gwlb/")
        }
        _ => text,
    });
    let answer = ask(&files, "198.51.100.7", "i-0c600000000000b10", Some(443)).unwrap();
    assert_eq!(answer.verdict, Verdict::NotReachable, "{}", answer.summary);
    assert_eq!(codes(&answer), ["VPCE_SERVICE_NOT_INSTALLED_IN_AZ"]);
}

/// A Gateway Load Balancer's node uses its own zone's appliances unless cross-zone load
/// balancing is on: with the appliance reported in another zone, the default drops the flow
/// and the load balancer's attribute lets it through.
#[test]
fn a_gateway_load_balancer_uses_other_zones_appliances_only_with_cross_zone_on() {
    let elsewhere = |name: &str, text: String| match name {
        "describe-target-health.appliances-tg.json" => text.replace(
            "\"Port\": 6081",
            "\"Port\": 6081, \"AvailabilityZone\": \"us-east-1b\"",
        ),
        _ => text,
    };
    let files = gwlb_scenario(elsewhere);
    let answer = ask(&files, "198.51.100.7", "i-0c600000000000b10", Some(443)).unwrap();
    assert_eq!(codes(&answer), ["ELBV2_NO_TARGETS_IN_AZ"]);
    // The zone of the node that has no appliance, as AWS's `AvailabilityZones`.
    assert_eq!(
        answer.explanations[0].members.availability_zones,
        ["us-east-1a"]
    );
    assert!(
        answer.explanations[0].message.contains("off by default"),
        "{}",
        answer.explanations[0].message
    );

    let mut files = gwlb_scenario(elsewhere);
    files.push(InputFile::new(
        "describe-load-balancer-attributes.inspection-gwlb.json",
        r#"{"Attributes": [{"Key": "deletion_protection.enabled", "Value": "false"},
            {"Key": "load_balancing.cross_zone.enabled", "Value": "true"}]}"#,
    ));
    let answer = ask(&files, "198.51.100.7", "i-0c600000000000b10", Some(443)).unwrap();
    assert_eq!(answer.verdict, Verdict::Reachable, "{}", answer.summary);
}

/// GENEVE from a Gateway Load Balancer's node to its appliance is a walk inside the walk; a
/// route that sends it to the load balancer's own endpoint used to start that walk again
/// inside itself until the stack overflowed (found by `random_topologies`). Such a leg never
/// goes through a Gateway Load Balancer endpoint: back to its own is a routing loop, another
/// one is not followed.
#[test]
fn geneve_routed_back_to_its_gateway_load_balancer_endpoint_is_a_loop() {
    // The provider VPC's only table sends the appliances' subnet to an endpoint.
    let back_to = |endpoint: &'static str| {
        let route = format!(
            r#""DestinationCidrBlock": "10.70.1.0/24", "GatewayId": "{endpoint}", "State": "active"}}, {{"#
        );
        move |name: &str, text: String| match name {
            "describe-route-tables.json" => text.replace(
                r#""DestinationCidrBlock": "10.70.0.0/16","#,
                &format!(r#"{route}"DestinationCidrBlock": "10.70.0.0/16","#),
            ),
            _ => text,
        }
    };
    let files = gwlb_scenario(back_to("vpce-0c600000000000e10"));
    let answer = ask(&files, "198.51.100.7", "i-0c600000000000b10", Some(443)).unwrap();
    assert_eq!(answer.verdict, Verdict::NotReachable, "{}", answer.summary);
    assert_eq!(codes(&answer), ["ELBV2_LISTENER_HAS_NO_TG"]);
    assert!(
        answer.summary.contains("routed back to it (ROUTING_LOOP)"),
        "{}",
        answer.summary
    );
    // The other endpoint's load balancer is not followed from inside this one's GENEVE leg.
    let files = gwlb_scenario(back_to("vpce-0c600000000000e20"));
    let answer = ask(&files, "198.51.100.7", "i-0c600000000000b10", Some(443)).unwrap();
    assert_eq!(answer.verdict, Verdict::NotReachable, "{}", answer.summary);
    assert!(
        answer.summary.contains("Reach does not follow"),
        "{}",
        answer.summary
    );
}

/// A Network Load Balancer keeps cross-zone load balancing off: with its only target in
/// another zone than the node the client reaches (a client inside the VPC uses its own zone's
/// node), nothing gets through.
#[test]
fn a_network_load_balancer_with_targets_only_in_another_zone_drops() {
    let files = alb_scenario(|name, text| {
        let text = as_network_load_balancer(name, text);
        if name != "describe-target-health.web-tg.json" {
            return text;
        }
        let mut value: Value = serde_json::from_str(&text).unwrap();
        value["TargetHealthDescriptions"]
            .as_array_mut()
            .unwrap()
            .retain(|target| target["Target"]["Id"] != "i-0a00000000000c0b1");
        value.to_string()
    });
    // web-2, deregistered, is now a client in us-east-1b, where no target is left.
    let answer = ask(&files, "i-0a00000000000c0b1", "web-alb", Some(80)).unwrap();
    assert_eq!(answer.verdict, Verdict::NotReachable, "{}", answer.summary);
    assert_eq!(
        codes(&answer),
        ["ELBV2_NO_TARGETS_IN_AZ"],
        "{:#?}",
        answer.notes
    );
}

/// A NAT gateway whose own subnet routes everything back to it: each pass translates the
/// packets again, which used to reset loop detection and overflow the stack. The loop ends
/// with an explanation instead.
#[test]
fn a_route_loop_through_a_nat_gateway_ends() {
    let files = lab_with("describe-route-tables.json", |value| {
        let public = table_named(value, "Public")["Routes"]
            .as_array_mut()
            .unwrap();
        public.retain(|route| route["DestinationCidrBlock"] != "0.0.0.0/0");
        public.push(serde_json::json!({"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": "nat-024a6133bb429deaa", "State": "active"}));
    });
    let answer = ask(&files, CLIENT, "93.184.216.34", Some(443)).unwrap();
    assert_eq!(answer.verdict, Verdict::NotReachable, "{}", answer.summary);
    assert_eq!(codes(&answer), ["ROUTING_LOOP"]);
    assert!(
        answer.summary.contains("routing loop"),
        "{}",
        answer.summary
    );
}

/// A chain of NAT gateways, each in a subnet whose table routes everything to the next, the
/// last back to the first: every gateway translates once, so only the bound on route tables
/// per leg ends the walk, which recurses per hop and would otherwise exhaust the stack.
#[test]
fn a_long_chain_of_nat_gateways_ends() {
    const N: usize = 200;
    let vpc = "vpc-0000000000000c0a1";
    let subnet = |i: usize| format!("subnet-{i:017x}");
    let nat = |i: usize| format!("nat-{i:017x}");
    let subnets: Vec<Value> = (0..=N)
        .map(|i| {
            serde_json::json!({"SubnetId": subnet(i), "VpcId": vpc, "CidrBlock": format!("10.{}.{}.0/24", i / 256, i % 256), "AvailabilityZone": "us-east-1a"})
        })
        .collect();
    let tables: Vec<Value> = (0..=N)
        .map(|i| {
            serde_json::json!({"RouteTableId": format!("rtb-{i:017x}"), "VpcId": vpc,
                "Associations": [{"SubnetId": subnet(i), "Main": false}],
                "Routes": [
                    {"DestinationCidrBlock": "10.0.0.0/8", "GatewayId": "local", "State": "active"},
                    {"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": nat((i % N) + 1), "State": "active"}
                ]})
        })
        .collect();
    let nats: Vec<Value> = (1..=N)
        .map(|i| {
            serde_json::json!({"NatGatewayId": nat(i), "VpcId": vpc, "SubnetId": subnet(i), "State": "available",
                "ConnectivityType": "private",
                "NatGatewayAddresses": [{"PrivateIp": format!("10.{}.{}.5", i / 256, i % 256)}]})
        })
        .collect();
    let files = vec![
        InputFile::new("describe-vpcs.json", serde_json::json!({"Vpcs": [{"VpcId": vpc, "CidrBlock": "10.0.0.0/8"}]}).to_string().into_bytes()),
        InputFile::new("describe-subnets.json", serde_json::json!({"Subnets": subnets}).to_string().into_bytes()),
        InputFile::new("describe-route-tables.json", serde_json::json!({"RouteTables": tables}).to_string().into_bytes()),
        InputFile::new("describe-nat-gateways.json", serde_json::json!({"NatGateways": nats}).to_string().into_bytes()),
        InputFile::new("describe-security-groups.json", serde_json::json!({"SecurityGroups": [{"GroupId": "sg-00000000000000001", "VpcId": vpc, "IpPermissions": [],
            "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}]}).to_string().into_bytes()),
        InputFile::new("describe-network-interfaces.json", serde_json::json!({"NetworkInterfaces": [{"NetworkInterfaceId": "eni-00000000000000001",
            "SubnetId": subnet(0), "VpcId": vpc, "InterfaceType": "interface", "PrivateIpAddress": "10.0.0.10",
            "PrivateIpAddresses": [{"Primary": true, "PrivateIpAddress": "10.0.0.10"}], "Groups": [{"GroupId": "sg-00000000000000001"}],
            "SourceDestCheck": true}]}).to_string().into_bytes()),
    ];
    let answer = ask(&files, "eni-00000000000000001", "203.0.113.5", Some(443)).unwrap();
    assert_eq!(answer.verdict, Verdict::NotReachable, "{}", answer.summary);
    assert_eq!(codes(&answer), ["ROUTING_LOOP"]);
    assert!(
        answer
            .summary
            .contains("route tables and still not arrived"),
        "{}",
        answer.summary
    );
}

/// A NAT gateway answers nothing addressed to itself: asked as a destination (by its private
/// address, from an instance whose route leads there locally), it is not reachable.
#[test]
fn a_nat_gateway_accepts_no_connections() {
    for destination in ["10.1.1.4", "nat-024a6133bb429deaa"] {
        let answer = ask(
            &reach_core::demo::seed_lab(),
            CLIENT,
            destination,
            Some(443),
        )
        .unwrap();
        assert_eq!(answer.verdict, Verdict::NotReachable, "{}", answer.summary);
        assert_eq!(
            codes(&answer),
            ["NO_POSSIBLE_DESTINATION"],
            "{}",
            answer.summary
        );
        assert!(
            answer.summary.contains("accepts no connections"),
            "{}",
            answer.summary
        );
    }
}

/// A load balancer asked by a node's address or interface is the load balancer: the answer
/// goes through its listener to its targets, as when it is asked by name.
#[test]
fn a_load_balancer_asked_by_its_node_is_the_load_balancer() {
    let files = alb_scenario(|_, text| text);
    let by_name = ask(&files, "198.51.100.7", "web-alb", Some(80)).unwrap();
    for node in ["10.30.0.50", "eni-0a00000000000e1a1"] {
        let answer = ask(&files, "198.51.100.7", node, Some(80)).unwrap();
        assert_eq!(answer.verdict, by_name.verdict, "{}", answer.summary);
        assert!(
            answer.forward.iter().any(|hop| matches!(
                hop.rule,
                Some(reach_core::analysis::Rule::LoadBalancer { .. })
            )),
            "{}",
            answer.summary
        );
    }
}

/// Replies routed to a NAT gateway that never saw the request: it has no connection to
/// untranslate them with, so they die there (Reach's NAT_HAS_NO_STATE; AWS has no code for
/// it). Here the client gets a public IP and its subnet's default route leads to the NAT.
#[test]
fn replies_through_a_nat_gateway_that_did_not_translate_the_request() {
    let files = lab_edited(&[
        ("describe-network-interfaces.json", &|value| {
            for interface in value["NetworkInterfaces"].as_array_mut().unwrap() {
                if interface["NetworkInterfaceId"] == "eni-01517e720d2c3ba45" {
                    let public =
                        serde_json::json!({"PublicIp": "198.51.100.50", "IpOwnerId": "amazon"});
                    interface["Association"] = public.clone();
                    interface["PrivateIpAddresses"][0]["Association"] = public;
                }
            }
        }),
        ("describe-route-tables.json", &|value| {
            let egress = table_named(value, "Egress")["Routes"]
                .as_array_mut()
                .unwrap();
            egress.retain(|route| route["DestinationCidrBlock"] != "0.0.0.0/0");
            egress.push(serde_json::json!({"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": "nat-024a6133bb429deaa", "State": "active"}));
        }),
        ("describe-security-groups.json", &|value| {
            for group in value["SecurityGroups"].as_array_mut().unwrap() {
                group["IpPermissions"] = serde_json::json!([{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]);
            }
        }),
    ]);
    let answer = ask(&files, "198.51.100.7", "198.51.100.50", Some(22)).unwrap();
    assert_eq!(
        answer.verdict,
        Verdict::ReachableOneWay,
        "{}",
        answer.summary
    );
    assert_eq!(codes(&answer), ["NAT_HAS_NO_STATE"], "{}", answer.summary);
}

/// The additional details' codes, but `AVAILABILITY_ZONE_CROSSED` (which says only that the
/// path changes zone, not what was assumed).
fn details_but_zone_crossing(answer: &reach_core::Answer) -> Vec<&'static str> {
    answer
        .additional_details
        .iter()
        .map(|detail| detail.code.as_str())
        .filter(|code| *code != "AVAILABILITY_ZONE_CROSSED")
        .collect()
}

/// docs/aws-codes.md lists every AWS code and says whether Reach emits it: the ones it marks
/// emitted are exactly the AWS codes of `Code::ALL`, and Reach's own codes are listed too.
#[test]
fn aws_code_table_matches_the_code_enum() {
    let table = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/aws-codes.md"),
    )
    .unwrap();
    let mut emitted: Vec<&str> = table
        .lines()
        .filter(|line| line.contains("| emitted |"))
        .filter_map(|line| line.split('`').nth(1))
        .collect();
    emitted.sort();
    let mut aws: Vec<&str> = reach_core::analysis::Code::ALL
        .iter()
        .filter(|code| code.is_aws())
        .map(|code| code.as_str())
        .collect();
    aws.sort();
    assert_eq!(emitted, aws);
    for code in reach_core::analysis::Code::ALL
        .iter()
        .filter(|code| !code.is_aws())
    {
        assert!(
            table.contains(&format!("| `{}` |", code.as_str())),
            "{code} is missing from docs/aws-codes.md"
        );
    }
}

/// AWS's analyzer does not follow the detour through a Gateway Load Balancer's appliances:
/// with no healthy appliance, `--compat aws` still finds the path (and says the detour was
/// not checked), while the faithful answer drops the flow and names the difference.
#[test]
fn compat_aws_does_not_check_the_path_through_a_gateway_load_balancer() {
    let files = gwlb_scenario(|name, text| match name {
        "describe-target-health.appliances-tg.json" => text.replace("\"healthy\"", "\"unhealthy\""),
        _ => text,
    });
    let snapshot = reach_core::load(&files).snapshot;
    let question = |compat| Question {
        source: Endpoint::parse("198.51.100.7"),
        destination: Endpoint::parse("i-0c600000000000b10"),
        protocol: 6,
        source_ports: None,
        destination_ports: Some((443, 443)),
        icmp: None,
        source_ip: None,
        destination_ip: None,
        application: Default::default(),
        compat,
    };
    let aws = reach_core::analyze(&snapshot, &question(reach_core::analysis::Compat::Aws)).unwrap();
    assert_eq!(aws.verdict, Verdict::Reachable, "{}", aws.summary);
    assert!(aws
        .additional_details
        .iter()
        .any(|detail| detail.code == "PATH_THROUGH_GWLB_NOT_CHECKED"));
    let faithful = reach_core::analyze(&snapshot, &question(Default::default())).unwrap();
    assert_eq!(
        faithful.verdict,
        Verdict::NotReachable,
        "{}",
        faithful.summary
    );
    assert!(
        faithful
            .other_mode
            .as_deref()
            .is_some_and(|line| line.contains("reachable")),
        "{:?}",
        faithful.other_mode
    );
}

const PING_CLIENT: &str = "i-0897fd6708aa17e79";
const PING_SERVER: &str = "i-030bf90b6c1b1496f";

/// The icmp-ping scenario's exports, each passed through `edit` (its name, its text).
fn icmp_ping_scenario(edit: impl Fn(&str, String) -> String) -> Vec<InputFile> {
    let folder =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/scenarios/icmp-ping");
    let mut files = Vec::new();
    for entry in std::fs::read_dir(folder).unwrap().filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".json") || name.starts_with("expected") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        files.push(InputFile::new(name.clone(), edit(&name, text)));
    }
    files
}

/// An ICMP question: `icmp` `None` is an echo request.
fn ping(
    files: &[InputFile],
    source: &str,
    destination: &str,
    icmp: Option<(u8, u8)>,
) -> Result<reach_core::Answer, QuestionError> {
    let snapshot = reach_core::load(files).snapshot;
    let question = Question {
        source: Endpoint::parse(source),
        destination: Endpoint::parse(destination),
        protocol: 1,
        source_ports: None,
        destination_ports: None,
        icmp: icmp.map(|(icmp_type, code)| reach_core::analysis::IcmpMessage { icmp_type, code }),
        source_ip: None,
        destination_ip: None,
        application: Default::default(),
        compat: Default::default(),
    };
    reach_core::analyze(&snapshot, &question)
}

/// The scenario's network ACL (both subnets') with these entries instead of allow-all.
fn with_acl_entries(entries: &'static str) -> Vec<InputFile> {
    icmp_ping_scenario(move |name, text| {
        if name != "describe-network-acls.json" {
            return text;
        }
        let mut value: Value = serde_json::from_str(&text).unwrap();
        value["NetworkAcls"][0]["Entries"] = serde_json::from_str(entries).unwrap();
        value.to_string()
    })
}

/// Network ACLs are stateless: an echo request let out and in still needs its echo reply
/// (type 0) let out of the server's subnet and into the client's.
#[test]
fn network_acls_must_let_the_echo_reply_back() {
    let requests_only = with_acl_entries(
        r#"[{"RuleNumber": 100, "Protocol": "1", "RuleAction": "allow", "Egress": true, "CidrBlock": "0.0.0.0/0", "IcmpTypeCode": {"Type": 8, "Code": -1}},
            {"RuleNumber": 100, "Protocol": "1", "RuleAction": "allow", "Egress": false, "CidrBlock": "0.0.0.0/0", "IcmpTypeCode": {"Type": 8, "Code": -1}}]"#,
    );
    let answer = ping(&requests_only, PING_CLIENT, PING_SERVER, None).unwrap();
    assert_eq!(
        answer.verdict,
        Verdict::ReachableOneWay,
        "{}",
        answer.summary
    );
    assert_eq!(codes(&answer), ["SUBNET_ACL_RESTRICTION"]);
    assert!(
        answer.summary.contains("the replies do not come back"),
        "{}",
        answer.summary
    );
    let both = with_acl_entries(
        r#"[{"RuleNumber": 100, "Protocol": "1", "RuleAction": "allow", "Egress": true, "CidrBlock": "0.0.0.0/0", "IcmpTypeCode": {"Type": 8, "Code": -1}},
            {"RuleNumber": 100, "Protocol": "1", "RuleAction": "allow", "Egress": false, "CidrBlock": "0.0.0.0/0", "IcmpTypeCode": {"Type": 8, "Code": -1}},
            {"RuleNumber": 110, "Protocol": "1", "RuleAction": "allow", "Egress": true, "CidrBlock": "0.0.0.0/0", "IcmpTypeCode": {"Type": 0, "Code": 0}},
            {"RuleNumber": 110, "Protocol": "1", "RuleAction": "allow", "Egress": false, "CidrBlock": "0.0.0.0/0", "IcmpTypeCode": {"Type": 0, "Code": 0}}]"#,
    );
    let answer = ping(&both, PING_CLIENT, PING_SERVER, None).unwrap();
    assert_eq!(answer.verdict, Verdict::Reachable, "{}", answer.summary);
    let reply_entry = answer
        .reverse
        .iter()
        .filter_map(|hop| hop.rule.as_ref())
        .map(|rule| rule.text())
        .find(|text| text.contains("outbound"));
    assert_eq!(
        reply_entry.as_deref(),
        Some("acl-09a444fcab2f76014 outbound rule 110: allow icmp type 0 code 0 to 0.0.0.0/0")
    );
}

/// A message nothing answers (destination unreachable) arrives or not; there are no replies.
#[test]
fn an_icmp_error_has_no_replies_to_walk() {
    let any_icmp = icmp_ping_scenario(|name, text| match name {
        "describe-security-groups.json" => text.replace(
            "\"FromPort\": 8,\n                    \"IpProtocol\": \"icmp\"",
            "\"FromPort\": -1,\n                    \"IpProtocol\": \"icmp\"",
        ),
        // The group is read from describe-security-groups; its rules' ids are not needed here.
        "describe-security-group-rules.json" => r#"{"SecurityGroupRules": []}"#.to_owned(),
        _ => text,
    });
    let answer = ping(&any_icmp, PING_CLIENT, PING_SERVER, Some((3, 1))).unwrap();
    assert_eq!(answer.verdict, Verdict::Reachable, "{}", answer.summary);
    assert!(answer.reverse.is_empty());
    assert!(
        answer
            .notes
            .iter()
            .any(|note| note.contains("nothing answers an ICMP message of type 3")),
        "{:?}",
        answer.notes
    );
    // With the scenario's own rule (type 8 code 0 only), the same message is refused.
    let answer = ping(
        &icmp_ping_scenario(|_, text| text),
        PING_CLIENT,
        PING_SERVER,
        Some((3, 1)),
    )
    .unwrap();
    assert_eq!(codes(&answer), ["ENI_SG_RULES_MISMATCH"]);
}

/// A load balancer forwards what its listeners take: an ICMP question cannot name one.
#[test]
fn icmp_to_a_load_balancer_is_refused() {
    let files = alb_scenario(|_, text| text);
    assert!(matches!(
        ping(&files, "198.51.100.7", "web-alb", None),
        Err(QuestionError::UnsupportedEndpoint(message)) if message.contains("does not analyse icmp")
    ));
}

/// A terminated instance has no interface left: it cannot be asked about, and a route to it
/// carries nothing (`BAD_STATE`), rather than leaving the answer to what is missing.
#[test]
fn a_terminated_instance() {
    const TERMINATED: &str = "i-0feedfacecafe0001";
    let with_terminated = |files: Vec<InputFile>| {
        edited(
            files,
            &[("describe-instances.json", &|value| {
                value["Reservations"].as_array_mut().unwrap().push(
                    serde_json::json!({"ReservationId": "r-0feedfacecafe0001", "Instances": [{
                        "InstanceId": TERMINATED, "InstanceType": "t3.micro",
                        "State": {"Code": 48, "Name": "terminated"}, "NetworkInterfaces": [],
                        "Tags": [{"Key": "Name", "Value": "old-router"}]}]}),
                );
            })],
        )
    };
    let lab = with_terminated(reach_core::demo::seed_lab());
    let error = ask(&lab, TERMINATED, "93.184.216.34", Some(443)).unwrap_err();
    assert!(
        error.to_string().contains("is terminated (BAD_STATE)"),
        "{error}"
    );
    let routed = with_terminated(default_route_to("InstanceId", TERMINATED));
    let answer = ask(&routed, CLIENT, "93.184.216.34", Some(443)).unwrap();
    assert_eq!(codes(&answer), ["BAD_STATE"]);
    assert_eq!(
        answer.forward.last().map(|hop| hop.component.id.as_str()),
        Some(TERMINATED)
    );
}

const NAT_GATEWAY: &str = "nat-024a6133bb429deaa";

/// The seed lab with the Egress table's default route straight to the NAT gateway (no
/// firewall on the way), its routes extended by `routes`, and more files.
fn straight_to_the_nat_gateway(routes: Value, more: &[(&str, Value)]) -> Vec<InputFile> {
    let mut files = lab_edited(&[("describe-route-tables.json", &|value| {
        let table = table_named(value, "Egress");
        for route in table["Routes"].as_array_mut().unwrap() {
            if route["DestinationCidrBlock"] == "0.0.0.0/0" {
                let route = route.as_object_mut().unwrap();
                route.remove("GatewayId");
                route.insert("NatGatewayId".to_owned(), Value::from(NAT_GATEWAY));
            }
        }
        let list = table["Routes"].as_array_mut().unwrap();
        list.extend(routes.as_array().unwrap().iter().cloned());
    })]);
    for (name, value) in more {
        files = with_file(&files, name, value);
    }
    files
}

/// AWS's MORE_SPECIFIC_ROUTE and HIGHER_PRIORITY_ROUTE name a route the traffic did not take
/// because another won, when that one would have delivered and the one taken did not.
#[test]
fn routes_not_taken_are_named_when_they_would_have_delivered() {
    // The client has no public address: straight to the internet gateway it cannot leave, and
    // the default route through the NAT gateway, which the more specific route beat, would
    // have taken it out.
    let direct = serde_json::json!([{"DestinationCidrBlock": "93.184.216.0/24",
        "GatewayId": INTERNET_GATEWAY, "Origin": "CreateRoute", "State": "active"}]);
    let files = straight_to_the_nat_gateway(direct.clone(), &[]);
    let answer = ask(&files, CLIENT, "93.184.216.34", Some(443)).unwrap();
    assert_eq!(
        codes(&answer),
        [
            "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS",
            "MORE_SPECIFIC_ROUTE"
        ]
    );
    let beaten = &answer.explanations[1];
    assert_eq!(beaten.component.id, "rtb-0b30083d82088cf0c");
    match &beaten.members.rule {
        Some(reach_core::analysis::Rule::Route {
            destination,
            target,
            ..
        }) => assert_eq!(
            (destination.as_str(), target.as_str()),
            ("0.0.0.0/0", NAT_GATEWAY)
        ),
        other => panic!("{other:?}"),
    }
    // Elsewhere the default route is not beaten for the destination: nothing more to say.
    let answer = ask(&files, CLIENT, "93.184.217.34", Some(443)).unwrap();
    assert!(answer
        .forward
        .iter()
        .any(|hop| hop.component.id == NAT_GATEWAY));
    assert!(answer.explanations.is_empty(), "{:?}", codes(&answer));
    // The same prefix in a prefix list: the static route ranks first (How route priority
    // works), and the prefix list's route, to the NAT gateway, loses on priority alone.
    let mut routes = direct.as_array().unwrap().clone();
    routes.push(
        serde_json::json!({"DestinationPrefixListId": "pl-0e1e1e1e1e1e1e1e1",
        "NatGatewayId": NAT_GATEWAY, "Origin": "CreateRoute", "State": "active"}),
    );
    let lists = serde_json::json!({"PrefixLists": [{"PrefixListId": "pl-0e1e1e1e1e1e1e1e1",
        "AddressFamily": "IPv4", "State": "create-complete", "PrefixListName": "partners",
        "OwnerId": "111122223333"}]});
    let entries = serde_json::json!({"ReachExport": {"Version": 1,
        "Command": "aws ec2 get-managed-prefix-list-entries --prefix-list-id pl-0e1e1e1e1e1e1e1e1",
        "Region": "us-east-1", "AccountId": "111122223333", "PrefixListId": "pl-0e1e1e1e1e1e1e1e1"},
        "Output": {"Entries": [{"Cidr": "93.184.216.0/24"}]}});
    let files = straight_to_the_nat_gateway(
        Value::Array(routes),
        &[
            ("describe-managed-prefix-lists.json", lists),
            (
                "get-managed-prefix-list-entries.pl-0e1e1e1e1e1e1e1e1.json",
                entries,
            ),
        ],
    );
    let answer = ask(&files, CLIENT, "93.184.216.34", Some(443)).unwrap();
    assert_eq!(
        codes(&answer),
        [
            "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS",
            "HIGHER_PRIORITY_ROUTE",
            "MORE_SPECIFIC_ROUTE"
        ],
        "{}",
        answer.summary
    );
}

/// A NAT gateway picks the source port: replies the network ACL admits only to the client's
/// own (low) port are turned away, which REMAP_EPHEMERAL_PORT explains.
#[test]
fn a_nat_gateways_translation_explains_what_it_blocks() {
    let files = straight_to_the_nat_gateway(serde_json::json!([]), &[]);
    let files = lab_edited_from(&files, "describe-network-acls.json", &|value| {
        value["NetworkAcls"][0]["Entries"] = serde_json::json!([
            {"CidrBlock": "0.0.0.0/0", "Egress": true, "Protocol": "-1", "RuleAction": "allow", "RuleNumber": 100},
            {"CidrBlock": "10.1.1.0/24", "Egress": false, "Protocol": "6", "PortRange": {"From": 443, "To": 443}, "RuleAction": "allow", "RuleNumber": 100},
            {"CidrBlock": "0.0.0.0/0", "Egress": false, "Protocol": "6", "PortRange": {"From": 500, "To": 500}, "RuleAction": "allow", "RuleNumber": 110}
        ]);
    });
    let snapshot = reach_core::load(&files).snapshot;
    let question = |source_port: u16| Question {
        source: Endpoint::parse(CLIENT),
        destination: Endpoint::parse("93.184.216.34"),
        protocol: 6,
        source_ports: Some((source_port, source_port)),
        destination_ports: Some((443, 443)),
        icmp: None,
        source_ip: None,
        destination_ip: None,
        application: Default::default(),
        compat: Default::default(),
    };
    let answer = reach_core::analyze(&snapshot, &question(500)).unwrap();
    assert_eq!(
        answer.verdict,
        Verdict::ReachableOneWay,
        "{}",
        answer.summary
    );
    assert_eq!(
        codes(&answer),
        ["SUBNET_ACL_RESTRICTION", "REMAP_EPHEMERAL_PORT"]
    );
    let remap = &answer.explanations[1];
    assert_eq!(remap.component.id, NAT_GATEWAY);
    assert_eq!(remap.members.port_ranges, [(1024, 65535)]);

    // Through the NAT gateway to a host in the Isolated subnet, whose network ACL admits the
    // Egress subnet only: the NAT gateway's own address is turned away.
    let to_isolated = serde_json::json!([{"DestinationCidrBlock": "10.1.1.64/27",
        "NatGatewayId": NAT_GATEWAY, "Origin": "CreateRoute", "State": "active"}]);
    let files = straight_to_the_nat_gateway(to_isolated, &[]);
    let files = lab_edited_from(&files, "describe-network-acls.json", &|value| {
        value["NetworkAcls"][0]["Entries"] = serde_json::json!([
            {"CidrBlock": "0.0.0.0/0", "Egress": true, "Protocol": "-1", "RuleAction": "allow", "RuleNumber": 100},
            {"CidrBlock": "10.1.1.32/27", "Egress": false, "Protocol": "-1", "RuleAction": "allow", "RuleNumber": 100}
        ]);
    });
    let files = lab_edited_from(&files, "describe-network-interfaces.json", &|value| {
        let interfaces = value["NetworkInterfaces"].as_array_mut().unwrap();
        let mut isolated = interfaces[0].clone();
        isolated["NetworkInterfaceId"] = Value::from("eni-0150000000000a070");
        isolated["SubnetId"] = Value::from("subnet-010a43cda0ccc3809");
        isolated["PrivateIpAddress"] = Value::from("10.1.1.70");
        isolated["PrivateIpAddresses"] =
            serde_json::json!([{"PrivateIpAddress": "10.1.1.70", "Primary": true}]);
        isolated.as_object_mut().unwrap().remove("Attachment");
        interfaces.push(isolated);
    });
    let answer = ask(&files, CLIENT, "10.1.1.70", Some(22)).unwrap();
    assert_eq!(answer.verdict, Verdict::NotReachable, "{}", answer.summary);
    assert_eq!(
        codes(&answer),
        ["SUBNET_ACL_RESTRICTION", "NGW_SOURCE_ADDRESS_REASSIGN"]
    );
    assert_eq!(
        answer.explanations[1].members.address,
        Some("10.1.1.4".parse().unwrap())
    );
}

/// `files` with `name` edited.
fn lab_edited_from(files: &[InputFile], name: &str, edit: &dyn Fn(&mut Value)) -> Vec<InputFile> {
    let file = files
        .iter()
        .find(|file| file.name == name)
        .expect("file of the lab");
    let mut value: Value = serde_json::from_slice(&file.bytes).unwrap();
    edit(&mut value);
    with_file(files, name, &value)
}

/// The files of a scenario folder and the folders below it, by their path in it, each passed
/// through `edit` (file name, JSON).
fn scenario_files(folder: &str, edit: impl Fn(&str, &mut Value)) -> Vec<InputFile> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/scenarios")
        .join(folder);
    let mut files = Vec::new();
    let mut pending = vec![root.clone()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).unwrap().filter_map(Result::ok) {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if path.is_dir() {
                pending.push(path);
            } else if name.ends_with(".json") && !name.starts_with("expected") {
                let mut value: Value =
                    serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
                edit(&name, &mut value);
                let relative = path.strip_prefix(&root).unwrap().display().to_string();
                files.push(InputFile::new(relative, value.to_string()));
            }
        }
    }
    files.sort_by(|one, other| one.name.cmp(&other.name));
    files
}

/// A load balancer opens its own connection: a target's rule admitting the client's group
/// never matches it (SG_REFERENCES_NOT_PRESERVED), whichever address the target sees.
#[test]
fn security_group_references_do_not_survive_a_load_balancer() {
    let client_group =
        serde_json::json!({"GroupId": "sg-0d400000000000c01", "UserId": "111122223333"});
    let files = scenario_files("privatelink-cross-account", |name, value| match name {
        "describe-security-groups.json" => {
            for group in value["SecurityGroups"].as_array_mut().unwrap() {
                if group["GroupId"] == "sg-0d500000000000c01" {
                    group["IpPermissions"][0]["IpRanges"] = serde_json::json!([]);
                    group["IpPermissions"][0]["UserIdGroupPairs"] =
                        serde_json::json!([client_group.clone()]);
                }
            }
        }
        "describe-security-group-rules.json" => {
            for rule in value["SecurityGroupRules"].as_array_mut().unwrap() {
                if rule["SecurityGroupRuleId"] == "sgr-0d5000000000000c1" {
                    let rule = rule.as_object_mut().unwrap();
                    rule.remove("CidrIpv4");
                    rule.insert("ReferencedGroupInfo".to_owned(), client_group.clone());
                }
            }
        }
        _ => {}
    });
    let answer = ask(
        &files,
        "i-0d400000000000c10",
        "vpce-0d400000000000e10",
        Some(443),
    )
    .unwrap();
    assert_eq!(answer.verdict, Verdict::NotReachable, "{}", answer.summary);
    assert!(
        codes(&answer).contains(&"SG_REFERENCES_NOT_PRESERVED"),
        "{:?}",
        codes(&answer)
    );
    let lost = answer
        .explanations
        .iter()
        .find(|explanation| explanation.code == "SG_REFERENCES_NOT_PRESERVED")
        .unwrap();
    assert_eq!(lost.component.kind, ComponentKind::LoadBalancer);
}

/// With client IP preservation a Network Load Balancer's target sees the client's address,
/// but not its security group: a rule admitting the client's group does not match (a verdict
/// that was reachable when Reach matched groups by their members' addresses).
#[test]
fn a_network_load_balancer_keeps_the_address_but_not_the_group() {
    const WEB_SG: &str = "sg-0a00000000000a1b1";
    // web-sg admits 8080 from web-sg itself instead of the load balancer's group.
    let files = alb_scenario(|name, text| {
        let text = as_network_load_balancer(name, text);
        let mut value: Value = serde_json::from_str(&text).unwrap();
        match name {
            "describe-security-group-rules.json" => {
                for rule in value["SecurityGroupRules"].as_array_mut().unwrap() {
                    if rule["SecurityGroupRuleId"] == "sgr-0a000000000000b01" {
                        rule["ReferencedGroupInfo"]["GroupId"] = Value::from(WEB_SG);
                    }
                }
            }
            "describe-security-groups.json" => {
                for group in value["SecurityGroups"].as_array_mut().unwrap() {
                    if group["GroupId"] == WEB_SG {
                        for permission in group["IpPermissions"].as_array_mut().unwrap() {
                            for pair in permission["UserIdGroupPairs"].as_array_mut().unwrap() {
                                pair["GroupId"] = Value::from(WEB_SG);
                            }
                        }
                    }
                }
            }
            _ => {}
        }
        value.to_string()
    });
    let answer = ask(&files, "i-0a00000000000c0b1", "web-alb", Some(80)).unwrap();
    assert_eq!(answer.verdict, Verdict::NotReachable, "{}", answer.summary);
    assert!(
        codes(&answer).contains(&"SG_REFERENCES_NOT_PRESERVED"),
        "{:?} {}",
        codes(&answer),
        answer.summary
    );
}

fn ask_in(
    files: &[InputFile],
    source: &str,
    destination: &str,
    port: u16,
    compat: reach_core::analysis::Compat,
) -> reach_core::Answer {
    let snapshot = reach_core::load(files).snapshot;
    let question = Question {
        source: Endpoint::parse(source),
        destination: Endpoint::parse(destination),
        protocol: 6,
        source_ports: None,
        destination_ports: Some((port, port)),
        icmp: None,
        source_ip: None,
        destination_ip: None,
        application: Default::default(),
        compat,
    };
    reach_core::analyze(&snapshot, &question).unwrap()
}

/// The path as AWS's analyzer lists it: the instance, its network interface (attached to
/// it), its security group, the subnet's network ACL, then the route table; on the way back,
/// the network ACL, the group with no rule (the replies of an allowed connection), the
/// interface and the instance. The firewall is one resource: the hop names the endpoint.
#[test]
fn components_in_the_order_aws_lists_them() {
    use reach_core::analysis::Rule;
    let answer = reach_core::analyze(
        &reach_core::load(&reach_core::demo::seed_lab()).snapshot,
        &Question {
            source: Endpoint::parse(CLIENT),
            destination: Endpoint::parse("93.184.216.34"),
            protocol: 6,
            source_ports: None,
            destination_ports: Some((443, 443)),
            icmp: None,
            source_ip: None,
            destination_ip: None,
            application: Default::default(),
            compat: Default::default(),
        },
    )
    .unwrap();
    let kinds = |hops: &[reach_core::analysis::Hop]| -> Vec<ComponentKind> {
        hops.iter().map(|hop| hop.component.kind).collect()
    };
    let forward = kinds(&answer.forward);
    assert_eq!(
        forward[..5],
        [
            ComponentKind::Instance,
            ComponentKind::NetworkInterface,
            ComponentKind::SecurityGroup,
            ComponentKind::NetworkAcl,
            ComponentKind::RouteTable,
        ],
        "{forward:?}"
    );
    let interface = &answer.forward[1];
    let attached = interface
        .attached_to
        .as_ref()
        .expect("attached to the instance");
    assert_eq!(attached.id, CLIENT);
    assert_eq!(
        attached.arn.as_deref(),
        Some("arn:aws:ec2:us-east-1:111122223333:instance/i-0454c90477e2bf220")
    );
    assert!(interface.subnet.is_some() && interface.vpc.is_some());
    let reverse = kinds(&answer.reverse);
    assert_eq!(
        reverse[reverse.len() - 4..],
        [
            ComponentKind::NetworkAcl,
            ComponentKind::SecurityGroup,
            ComponentKind::NetworkInterface,
            ComponentKind::Instance,
        ],
        "{reverse:?}"
    );
    let group = &answer.reverse[answer.reverse.len() - 3];
    assert!(
        matches!(&group.rule, Some(Rule::RepliesAllowed { group: id }) if *id == group.component.id),
        "{:?}",
        group.rule
    );
    let firewall = answer
        .forward
        .iter()
        .find(|hop| hop.component.kind == ComponentKind::NetworkFirewall)
        .expect("a firewall hop");
    assert_eq!(firewall.component.id, "network-firewall");
    assert!(firewall
        .component
        .arn
        .as_deref()
        .is_some_and(|arn| arn.ends_with(":firewall/network-firewall")));
    assert!(firewall
        .firewall_endpoint
        .as_deref()
        .is_some_and(|endpoint| endpoint.starts_with("vpce-")));
}

/// AWS's analyzer checks only the forward path of a TCP flow through a transit gateway route
/// table: `--compat aws` gives no return path and says so; the faithful answer walks it and
/// notes the difference.
#[test]
fn tcp_through_a_transit_gateway_route_table_is_one_way_for_aws() {
    use reach_core::analysis::Compat;
    let files = overlay("transit-gateway-spoke", |_, _| {});
    let aws = ask_in(&files, CLIENT, PARTNER, 443, Compat::Aws);
    assert_eq!(aws.verdict, Verdict::Reachable, "{}", aws.summary);
    assert!(aws.reverse.is_empty());
    let details: Vec<(&str, ComponentKind)> = aws
        .additional_details
        .iter()
        .map(|detail| (detail.code.as_str(), detail.component.kind))
        .collect();
    assert_eq!(
        details,
        [(
            "UNIDIRECTIONAL_PATH_ANALYSIS_ONLY",
            ComponentKind::TransitGatewayRouteTable
        )]
    );
    assert_eq!(aws.reachable_ports.to_range_list(), "443");
    // The route table hop is on the transit gateway, in no VPC.
    let table = aws
        .forward
        .iter()
        .find(|hop| hop.component.kind == ComponentKind::TransitGatewayRouteTable)
        .unwrap();
    assert_eq!(table.vpc, None);
    assert!(table
        .transit_gateway
        .as_ref()
        .is_some_and(|gateway| gateway.id.starts_with("tgw-")));

    let faithful = ask_in(&files, CLIENT, PARTNER, 443, Compat::Faithful);
    assert_eq!(faithful.verdict, Verdict::Reachable);
    assert!(!faithful.reverse.is_empty());
    assert!(
        faithful
            .notes
            .iter()
            .any(|note| note.contains("UNIDIRECTIONAL_PATH_ANALYSIS_ONLY")),
        "{:?}",
        faithful.notes
    );
}

/// An explanation that says a leg does not get to where it goes names that end as the
/// question does (`Destination`): the destination for the request, the source for the
/// replies; other explanations do not.
#[test]
fn explanations_about_not_getting_there_name_where_there_is() {
    let files = overlay("peering-second-vpc", |_, _| {});
    let named = |answer: &reach_core::Answer| -> Vec<(&str, Option<String>)> {
        answer
            .explanations
            .iter()
            .map(|explanation| {
                let destination = explanation.members.destination.as_ref();
                (
                    explanation.code.as_str(),
                    destination.map(|end| end.id.clone()),
                )
            })
            .collect()
    };
    // The replies have no route back to the isolated instance.
    let answer = ask(&files, "i-0a1a1a1a1a1a1a1a8", PARTNER, Some(443)).unwrap();
    assert_eq!(
        named(&answer),
        [(
            "NO_ROUTE_TO_DESTINATION",
            Some("i-0a1a1a1a1a1a1a1a8".to_owned())
        )]
    );
    // A port the partner's group refuses: not about getting there.
    let answer = ask(&files, CLIENT, PARTNER, Some(3306)).unwrap();
    assert_eq!(named(&answer), [("ENI_SG_RULES_MISMATCH", None)]);
    // Named as the question names it: here by its network interface.
    let answer = ask(&files, "eni-0a1a1a1a1a1a1a1a9", PARTNER, Some(443)).unwrap();
    assert_eq!(
        named(&answer),
        [(
            "NO_ROUTE_TO_DESTINATION",
            Some("eni-0a1a1a1a1a1a1a1a9".to_owned())
        )]
    );
}

/// A listener whose actions answer themselves sends nothing to a target
/// (`ELBV2_LISTENER_REQUIRES_TG_ACCEPT`); one that forwards to a target group the input lacks
/// cannot be decided.
#[test]
fn a_listener_without_a_target_group_and_one_with_a_missing_one() {
    let fixed = r#"[{"Type": "fixed-response", "Order": 1,
        "FixedResponseConfig": {"StatusCode": "503", "ContentType": "text/plain"}}]"#;
    let files = alb_scenario(|name, text| {
        let key = match name {
            "describe-listeners.json" => "Listeners",
            name if name.starts_with("describe-rules") => "Rules",
            _ => return text,
        };
        let mut value: Value = serde_json::from_str(&text).unwrap();
        for item in value[key].as_array_mut().unwrap() {
            let actions = if key == "Listeners" {
                "DefaultActions"
            } else {
                "Actions"
            };
            item[actions] = serde_json::from_str(fixed).unwrap();
        }
        value.to_string()
    });
    let answer = ask(&files, "198.51.100.7", "web-alb", Some(80)).unwrap();
    assert_eq!(answer.verdict, Verdict::NotReachable, "{}", answer.summary);
    assert_eq!(codes(&answer), ["ELBV2_LISTENER_REQUIRES_TG_ACCEPT"]);
    assert_eq!(answer.explanations[0].members.listener_port, Some(80));

    let files: Vec<InputFile> = alb_scenario(|_, text| text)
        .into_iter()
        .filter(|file| file.name != "describe-target-groups.json")
        .collect();
    let answer = ask(&files, "198.51.100.7", "web-alb", Some(80)).unwrap();
    assert_eq!(answer.verdict, Verdict::Unknown, "{}", answer.summary);
    assert_eq!(codes(&answer), [] as [&str; 0]);
    assert!(
        answer
            .notes
            .iter()
            .any(|note| note.contains("web-tg") && note.contains("not in the input")),
        "{:?}",
        answer.notes
    );
}

/// A Gateway Load Balancer whose listener or target group the input lacks cannot be decided:
/// either may forward to an appliance that passes the flow.
#[test]
fn a_gateway_load_balancer_missing_its_listener_or_target_group_is_unknown() {
    for left_out in ["describe-listeners.json", "describe-target-groups.json"] {
        let files: Vec<InputFile> = gwlb_scenario(|_, text| text)
            .into_iter()
            .filter(|file| file.name != left_out)
            .collect();
        let answer = ask(&files, "198.51.100.7", "i-0c600000000000b10", Some(443)).unwrap();
        assert_eq!(
            answer.verdict,
            Verdict::Unknown,
            "{left_out}: {}",
            answer.summary
        );
        assert_eq!(codes(&answer), ["MISSING_INPUT"], "{left_out}");
    }
}

/// Checked one way as AWS's analyzer does (TCP through a transit gateway route table), a path
/// through an inspection VPC's firewall endpoint whose subnet has no route back to the transit
/// gateway for the client gets `RESPONSE_RTB_HAS_NO_ROUTE_TO_TRANSIT_GATEWAY`; the faithful
/// answer walks the replies and finds them stopped there.
#[test]
fn an_endpoint_with_no_route_back_to_the_transit_gateway() {
    use reach_core::analysis::Compat;
    const FIREWALL_TABLE: &str = "rtb-00bc6dee29bb1edd3";
    let files = |route_back: bool| {
        overlay("inspection-vpc-east-west", |name, value| {
            if name == "describe-route-tables.json" && !route_back {
                for table in value["RouteTables"].as_array_mut().unwrap() {
                    if table["RouteTableId"] == FIREWALL_TABLE {
                        table["Routes"]
                            .as_array_mut()
                            .unwrap()
                            .retain(|route| route["DestinationCidrBlock"] != "10.2.0.0/16");
                    }
                }
            }
            // A policy AWS's analyzer passes the flow through: no default drop.
            if name.starts_with("describe-firewall-policy") {
                value["FirewallPolicy"]["StatefulDefaultActions"] = serde_json::json!([]);
            }
        })
    };
    let details = |answer: &reach_core::Answer| -> Vec<&'static str> {
        answer
            .additional_details
            .iter()
            .map(|detail| detail.code.as_str())
            .filter(|code| *code == "RESPONSE_RTB_HAS_NO_ROUTE_TO_TRANSIT_GATEWAY")
            .collect()
    };
    let as_aws = ask_in(
        &files(false),
        PARTNER,
        "i-0c2c2c2c2c2c2c2c7",
        443,
        Compat::Aws,
    );
    assert_eq!(as_aws.verdict, Verdict::Reachable, "{}", as_aws.summary);
    assert_eq!(
        details(&as_aws),
        ["RESPONSE_RTB_HAS_NO_ROUTE_TO_TRANSIT_GATEWAY"]
    );
    let detail = as_aws
        .additional_details
        .iter()
        .find(|detail| detail.code.as_str() == "RESPONSE_RTB_HAS_NO_ROUTE_TO_TRANSIT_GATEWAY")
        .unwrap();
    assert_eq!(detail.component.id, "vpce-07d9072edc5c5bf93");
    assert!(
        detail.message.contains(FIREWALL_TABLE),
        "{}",
        detail.message
    );
    // With the route back: nothing to say.
    let as_aws = ask_in(
        &files(true),
        PARTNER,
        "i-0c2c2c2c2c2c2c2c7",
        443,
        Compat::Aws,
    );
    assert_eq!(as_aws.verdict, Verdict::Reachable, "{}", as_aws.summary);
    assert!(details(&as_aws).is_empty());
    // Faithful: the replies stop at the firewall's subnet.
    let faithful = ask_in(
        &files(false),
        PARTNER,
        "i-0c2c2c2c2c2c2c2c7",
        443,
        Compat::Faithful,
    );
    assert_eq!(
        faithful.verdict,
        Verdict::ReachableOneWay,
        "{}",
        faithful.summary
    );
}

/// What one listener leaves undecided (a target group the input lacks) does not hide what
/// another listener's target group lacks (targets).
#[test]
fn a_listener_with_a_missing_target_group_does_not_hide_another_without_targets() {
    // Port 80 forwards to a target group the input lacks; a new listener on 443 forwards to
    // web-tg, which has no targets.
    let files = alb_scenario(|name, text| match name {
        "describe-listeners.json" => {
            let mut value: Value = serde_json::from_str(&text).unwrap();
            let listeners = value["Listeners"].as_array_mut().unwrap();
            let mut other = listeners[0].clone();
            other["ListenerArn"] = Value::from(
                "arn:aws:elasticloadbalancing:us-east-1:111122223333:listener/app/web-alb/50dc6c495c0c9188/0000000000000443",
            );
            other["Port"] = Value::from(443);
            listeners.push(other);
            listeners[0]["DefaultActions"] = serde_json::json!([{"Type": "forward", "Order": 1,
                "TargetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/gone-tg/0000000000000000"}]);
            value.to_string()
        }
        // The rules exported are port 80's, which now forwards elsewhere.
        name if name.starts_with("describe-rules") => r#"{"Rules": []}"#.to_owned(),
        "describe-target-health.web-tg.json" => r#"{"TargetHealthDescriptions": []}"#.to_owned(),
        _ => text,
    });
    let answer = ask(&files, "198.51.100.7", "web-alb", None).unwrap();
    assert_eq!(answer.verdict, Verdict::Unknown, "{}", answer.summary);
    assert!(
        codes(&answer).contains(&"ELBV2_LISTENER_HAS_NO_TG"),
        "{:?} {:?}",
        codes(&answer),
        answer.notes
    );
    assert!(
        answer.notes.iter().any(|note| note.contains("gone-tg")),
        "{:?}",
        answer.notes
    );
}
