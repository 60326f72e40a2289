//! A snapshot in Batfish's AWS layout imports: folders give account and region, one file may
//! hold several outputs, Batfish's wrappers (listeners, target health, load balancer
//! attributes) are read, and other services are listed as ignored.

use reach_aws::InputFile;
use reach_core::model::TransitGatewayRouteDestination;
use std::path::Path;

fn read_tree(dir: &Path, root: &Path, files: &mut Vec<InputFile>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            read_tree(&path, root, files);
        } else if path
            .extension()
            .is_some_and(|extension| extension == "json")
        {
            let name = path.strip_prefix(root).unwrap().display().to_string();
            files.push(InputFile::new(name, std::fs::read(&path).unwrap()));
        }
    }
}

#[test]
fn batfish_layout_imports() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/scenarios/batfish-layout");
    let mut files = Vec::new();
    read_tree(&root, &root, &mut files);
    let load = reach_core::load(&files);
    assert!(load.errors.is_empty(), "{:#?}", load.errors);
    let snapshot = &load.snapshot;

    let vpc = snapshot.vpcs.values().next().expect("one VPC");
    assert_eq!(vpc.origin.account_id.as_deref(), Some("444455556666"));
    assert_eq!(vpc.origin.region.as_deref(), Some("eu-west-1"));
    let counts = reach_core::inventory(&load).counts;
    let count = |key: &str| {
        counts
            .iter()
            .find(|(name, _)| name.key() == key)
            .map(|(_, count)| *count)
    };
    for (key, expected) in [
        ("vpcs", 1),
        ("subnets", 1),
        ("instances", 1),
        ("network_interfaces", 1),
        ("transit_gateways", 1),
        ("transit_gateway_attachments", 1),
        ("load_balancers", 1),
        ("target_groups", 1),
    ] {
        assert_eq!(count(key), Some(expected), "{key}");
    }

    // Static routes from the wrapper, plus the VPC's CIDR propagated by its attachment.
    let table = snapshot
        .transit_gateway_route_tables
        .values()
        .next()
        .expect("one TGW route table");
    let routes = table.routes.as_ref().expect("routes known");
    let described: Vec<(String, bool, bool)> = routes
        .iter()
        .map(|route| match &route.destination {
            TransitGatewayRouteDestination::Cidr(cidr) => {
                (cidr.to_string(), route.propagated, route.blackhole)
            }
            TransitGatewayRouteDestination::PrefixList(list) => {
                (list.to_string(), route.propagated, route.blackhole)
            }
        })
        .collect();
    assert_eq!(
        described,
        [
            ("192.168.0.0/16".to_owned(), false, true),
            ("10.30.0.0/16".to_owned(), true, false)
        ]
    );

    // Listeners and target health came through their wrappers.
    let target_group = snapshot.target_groups.values().next().unwrap();
    assert_eq!(target_group.targets.as_ref().map(Vec::len), Some(1));
    assert!(
        !load
            .diagnostics
            .iter()
            .any(|d| d.missing.as_deref().is_some_and(
                |m| m.starts_with("listeners of") || m.starts_with("target health of")
            )),
        "{:#?}",
        load.diagnostics
    );

    // The load balancer's attributes came through Batfish's `LoadBalancerAttributes`.
    let load_balancer = snapshot.load_balancers.values().next().unwrap();
    assert_eq!(load_balancer.cross_zone, Some(false));

    let ignored: Vec<(&str, &str)> = load
        .ignored
        .iter()
        .map(|ignored| (ignored.file.as_str(), ignored.kind.as_str()))
        .collect();
    assert_eq!(
        ignored,
        [
            (
                "aws_configs/accounts/444455556666/eu-west-1/network.json",
                "ec2 describe-dhcp-options"
            ),
            (
                "aws_configs/accounts/444455556666/eu-west-1/rds.json",
                "rds describe-db-instances"
            ),
        ]
    );
}

/// Transit gateway peering between two regions: both regions' exports are needed; with one
/// missing, the walk stops at the peering attachment and says which side is not in the input.
#[test]
fn a_peering_attachment_needs_the_other_region() {
    let root =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/scenarios/tgw-peering-two-regions");
    let mut files = Vec::new();
    read_tree(&root, &root, &mut files);
    let question = reach_core::Question {
        source: reach_core::analysis::Endpoint::Id("i-0e800000000000c10".to_owned()),
        destination: reach_core::analysis::Endpoint::Address("10.90.1.20/32".parse().unwrap()),
        protocol: 6,
        source_ports: None,
        destination_ports: Some((5432, 5432)),
        icmp: None,
        source_ip: None,
        destination_ip: None,
        application: Default::default(),
        compat: Default::default(),
    };
    let load = reach_core::load(&files);
    assert!(load.diagnostics.is_empty(), "{:#?}", load.diagnostics);
    let peering = &load.snapshot.transit_gateway_attachments
        [&reach_core::ids::TransitGatewayAttachmentId::new("tgw-attach-0e80000000000e301")];
    assert_eq!(peering.side_associations.len(), 2);
    let answer = reach_core::analyze(&load.snapshot, &question).unwrap();
    assert_eq!(answer.verdict, reach_core::Verdict::Reachable);

    files.retain(|file| !file.name.contains("eu-west-1"));
    let load = reach_core::load(&files);
    let answer = reach_core::analyze(&load.snapshot, &question).unwrap();
    assert_eq!(answer.verdict, reach_core::Verdict::Unknown);
    assert!(
        answer
            .notes
            .iter()
            .any(|note| note.contains("tgw-0e90000000000e001") && note.contains("not in the input")),
        "{:#?}",
        answer.notes
    );
}

/// No two files describe one resource differently.
fn assert_no_conflict(load: &reach_core::Load) {
    assert!(
        !load
            .diagnostics
            .iter()
            .any(|diagnostic| diagnostic.message.contains("described differently")),
        "{:#?}",
        load.diagnostics
    );
}

/// A subnet shared through AWS RAM is listed by its owner (with the owner's tags) and by the
/// participant (without them): one subnet, named, and no conflict reported, in either order.
#[test]
fn a_shared_subnet_seen_from_two_accounts_is_one_subnet() {
    let subnet = |tags: &str| {
        format!(
            r#"{{"Subnets": [{{"SubnetId": "subnet-0ab00000000000a01", "VpcId": "vpc-0ab0000000000a001",
            "CidrBlock": "10.120.1.0/24", "AvailabilityZone": "us-east-1a", "OwnerId": "111122223333",
            "State": "available", "Tags": [{tags}]}}]}}"#
        )
    };
    let owner = InputFile::new(
        "aws_configs/accounts/111122223333/us-east-1/describe-subnets.json",
        subnet(r#"{"Key": "Name", "Value": "shared-app-a"}"#),
    );
    let participant = InputFile::new(
        "aws_configs/accounts/555566667777/us-east-1/describe-subnets.json",
        subnet(""),
    );
    for files in [
        vec![owner.clone(), participant.clone()],
        vec![participant, owner],
    ] {
        let load = reach_core::load(&files);
        assert_no_conflict(&load);
        let found =
            &load.snapshot.subnets[&reach_core::ids::SubnetId::new("subnet-0ab00000000000a01")];
        assert_eq!(found.name.as_deref(), Some("shared-app-a"));
        // Messages about it point at the owner's file, whose copy is kept.
        assert!(
            found.origin.file.contains("111122223333"),
            "{}",
            found.origin.file
        );
    }
}

/// Both accounts of a cross-account (and cross-region) peering connection list it, each with
/// its own tags: one connection, no conflict.
#[test]
fn a_peering_connection_listed_by_both_sides_is_one_connection() {
    let peering = |tags: &str| {
        format!(
            r#"{{"VpcPeeringConnections": [{{"VpcPeeringConnectionId": "pcx-0ab00000000000c01",
            "RequesterVpcInfo": {{"VpcId": "vpc-0ab0000000000a001", "OwnerId": "111122223333", "Region": "us-east-1", "CidrBlock": "10.120.0.0/16"}},
            "AccepterVpcInfo": {{"VpcId": "vpc-0ac0000000000a001", "OwnerId": "555566667777", "Region": "eu-west-1", "CidrBlock": "10.130.0.0/16"}},
            "Status": {{"Code": "active", "Message": "Active"}}, "Tags": [{tags}]}}]}}"#
        )
    };
    let files = vec![
        InputFile::new(
            "aws_configs/accounts/555566667777/eu-west-1/describe-vpc-peering-connections.json",
            peering(r#"{"Key": "Name", "Value": "from-billing"}"#),
        ),
        InputFile::new(
            "aws_configs/accounts/111122223333/us-east-1/describe-vpc-peering-connections.json",
            peering(r#"{"Key": "Name", "Value": "to-ledger"}"#),
        ),
    ];
    let load = reach_core::load(&files);
    assert_no_conflict(&load);
    assert_eq!(load.snapshot.vpc_peering_connections.len(), 1);
}

fn privatelink_question() -> reach_core::Question {
    reach_core::Question {
        source: reach_core::analysis::Endpoint::Id("i-0d400000000000c10".to_owned()),
        destination: reach_core::analysis::Endpoint::Id("vpce-0d400000000000e10".to_owned()),
        protocol: 6,
        source_ports: None,
        destination_ports: Some((443, 443)),
        icmp: None,
        source_ip: None,
        destination_ip: None,
        application: Default::default(),
        compat: Default::default(),
    }
}

fn privatelink_files() -> Vec<InputFile> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/scenarios/privatelink-cross-account");
    let mut files = Vec::new();
    read_tree(&root, &root, &mut files);
    files
}

/// PrivateLink needs the provider's side; an endpoint the provider has not accepted carries
/// nothing.
#[test]
fn privatelink_without_the_provider_or_before_acceptance() {
    let mut files = privatelink_files();
    files.retain(|file| !file.name.contains("444455556666"));
    let load = reach_core::load(&files);
    let answer = reach_core::analyze(&load.snapshot, &privatelink_question()).unwrap();
    assert_eq!(
        answer.verdict,
        reach_core::Verdict::Unknown,
        "{}",
        answer.summary
    );
    assert!(answer
        .notes
        .iter()
        .any(|note| note.contains("describe-vpc-endpoint-service-configurations")));

    let mut files = privatelink_files();
    for file in &mut files {
        if file
            .name
            .ends_with("111122223333/us-east-1/describe-vpc-endpoints.json")
        {
            let text = String::from_utf8(file.bytes.clone()).unwrap();
            file.bytes = text
                .replace(
                    "\"State\": \"available\"",
                    "\"State\": \"pendingAcceptance\"",
                )
                .into_bytes();
        }
    }
    let load = reach_core::load(&files);
    let answer = reach_core::analyze(&load.snapshot, &privatelink_question()).unwrap();
    assert_eq!(answer.verdict, reach_core::Verdict::NotReachable);
    assert_eq!(answer.explanations[0].code, "BAD_STATE");
    assert!(
        answer.summary.contains("has not accepted"),
        "{}",
        answer.summary
    );
}
