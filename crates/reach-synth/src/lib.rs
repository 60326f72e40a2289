//! Generates large, self-consistent AWS snapshots (the JSON the AWS CLI would print) for
//! benchmarks and stress tests, so the repository keeps a generator instead of megabytes of
//! fixtures. Every reference resolves: loading a generated snapshot gives no diagnostics.
//!
//! ```
//! let files = reach_synth::generate(&reach_synth::Size::small());
//! assert!(files.iter().any(|file| file.name == "describe-vpcs.json"));
//! ```
#![deny(missing_docs)]

use reach_aws::InputFile;
use serde_json::{json, Value};

/// How big a snapshot to generate.
#[derive(Clone, Debug)]
pub struct Size {
    /// VPCs.
    pub vpcs: usize,
    /// Network interfaces, each attached to its own instance, spread over the VPCs.
    pub network_interfaces: usize,
    /// Security groups, spread over the VPCs.
    pub security_groups: usize,
    /// Rules per security group (half ingress, half egress).
    pub rules_per_security_group: usize,
    /// Route tables (one subnet each, the first of each VPC being the main table).
    pub route_tables: usize,
    /// Network Firewalls, one per VPC for the first VPCs.
    pub firewalls: usize,
    /// Whether a transit gateway joins every VPC (a hub with one route table, every VPC
    /// attached through its first subnet and propagating its CIDR; every route table sends
    /// `10.0.0.0/8` to the hub).
    pub transit_gateway: bool,
}

impl Size {
    /// The benchmark size of issue 3: 50 VPCs, 5,000 interfaces, 2,000 security groups with
    /// 20 rules each, 1,000 route tables, 10 firewalls.
    pub fn large() -> Size {
        Size {
            vpcs: 50,
            network_interfaces: 5_000,
            security_groups: 2_000,
            rules_per_security_group: 20,
            route_tables: 1_000,
            firewalls: 10,
            transit_gateway: false,
        }
    }

    /// The transit gateway benchmark of issue 7: 100 VPCs joined by one hub, 2 route tables
    /// and 10 interfaces each.
    pub fn hub() -> Size {
        Size {
            vpcs: 100,
            network_interfaces: 1_000,
            security_groups: 200,
            rules_per_security_group: 10,
            route_tables: 200,
            firewalls: 0,
            transit_gateway: true,
        }
    }

    /// A small snapshot for tests.
    pub fn small() -> Size {
        Size {
            vpcs: 3,
            network_interfaces: 12,
            security_groups: 6,
            rules_per_security_group: 4,
            route_tables: 9,
            firewalls: 1,
            transit_gateway: false,
        }
    }
}

const ACCOUNT: &str = "111122223333";
const TRANSIT_GATEWAY: &str = "tgw-0aaa00000000000001";
const TRANSIT_GATEWAY_ROUTE_TABLE: &str = "tgw-rtb-0aaa00000000000002";
const REGION: &str = "us-east-1";

fn id(prefix: &str, kind: u32, n: usize) -> String {
    // 17 hex digits, like AWS ids: a kind tag and a serial number.
    format!("{prefix}-{kind:03x}{n:014x}")
}

fn tags(name: String) -> Value {
    json!([{ "Key": "Name", "Value": name }])
}

fn file(name: &str, value: &Value) -> InputFile {
    InputFile::new(
        name,
        serde_json::to_vec_pretty(value).expect("generated JSON serializes"),
    )
}

/// Generates the snapshot: one file per AWS CLI call, as `scripts/export-aws.sh` writes them.
pub fn generate(size: &Size) -> Vec<InputFile> {
    let vpcs = size.vpcs.max(1);
    let per_vpc = |total: usize, vpc: usize| -> std::ops::Range<usize> {
        let start = total * vpc / vpcs;
        let end = total * (vpc + 1) / vpcs;
        start..end
    };
    let mut out_vpcs = Vec::new();
    let mut subnets = Vec::new();
    let mut route_tables = Vec::new();
    let mut network_acls = Vec::new();
    let mut security_groups = Vec::new();
    let mut security_group_rules = Vec::new();
    let mut interfaces = Vec::new();
    let mut reservations = Vec::new();
    let mut internet_gateways = Vec::new();
    let mut nat_gateways = Vec::new();
    let mut addresses = Vec::new();
    let mut firewalls = Vec::new();
    let mut extra_files = Vec::new();
    let mut hub_vpcs: Vec<(String, String, String)> = Vec::new();
    for vpc in 0..vpcs {
        let vpc_id = id("vpc", 1, vpc);
        let vpc_cidr = format!("10.{}.0.0/16", vpc % 256);
        out_vpcs.push(json!({
            "VpcId": vpc_id, "CidrBlock": vpc_cidr, "OwnerId": ACCOUNT, "State": "available", "IsDefault": false,
            "InstanceTenancy": "default", "DhcpOptionsId": "dopt-0123456789abcdef0",
            "CidrBlockAssociationSet": [{ "AssociationId": id("vpc-cidr-assoc", 1, vpc), "CidrBlock": vpc_cidr, "CidrBlockState": { "State": "associated" } }],
            "Tags": tags(format!("vpc-{vpc}")),
        }));
        let igw = id("igw", 2, vpc);
        internet_gateways.push(json!({
            "InternetGatewayId": igw, "OwnerId": ACCOUNT, "Attachments": [{ "VpcId": vpc_id, "State": "available" }], "Tags": tags(format!("igw-{vpc}")),
        }));
        let tables = per_vpc(size.route_tables, vpc);
        let subnet_ids: Vec<String> = tables.clone().map(|table| id("subnet", 3, table)).collect();
        let nat_subnet = subnet_ids.first().cloned();
        if let (true, Some(first)) = (size.transit_gateway, subnet_ids.first()) {
            hub_vpcs.push((vpc_id.clone(), vpc_cidr.clone(), first.clone()));
        }
        let nat_id = id("nat", 4, vpc);
        let nat_interface = id("eni", 5, size.network_interfaces + vpc);
        let nat_ip = format!("10.{}.0.5", vpc % 256);
        let nat_public = format!("198.51.{}.{}", vpc / 250, vpc % 250 + 1);
        for (index, table) in tables.clone().enumerate() {
            let subnet_id = &subnet_ids[index];
            let subnet_cidr = format!("10.{}.{}.0/24", vpc % 256, index % 256);
            subnets.push(json!({
                "SubnetId": subnet_id, "VpcId": vpc_id, "CidrBlock": subnet_cidr, "AvailabilityZone": format!("{REGION}{}", ["a", "b", "c"][index % 3]),
                "OwnerId": ACCOUNT, "State": "available", "MapPublicIpOnLaunch": false, "Tags": tags(format!("subnet-{vpc}-{index}")),
            }));
            let main = index == 0;
            let mut routes = vec![
                json!({ "DestinationCidrBlock": vpc_cidr, "GatewayId": "local", "Origin": "CreateRouteTable", "State": "active" }),
            ];
            if size.transit_gateway {
                routes.push(json!({ "DestinationCidrBlock": "10.0.0.0/8", "TransitGatewayId": TRANSIT_GATEWAY, "Origin": "CreateRoute", "State": "active" }));
            }
            if main {
                routes.push(json!({ "DestinationCidrBlock": "0.0.0.0/0", "GatewayId": igw, "Origin": "CreateRoute", "State": "active" }));
            } else {
                routes.push(json!({ "DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": nat_id, "Origin": "CreateRoute", "State": "active" }));
                routes.push(json!({ "DestinationCidrBlock": "192.168.0.0/16", "NatGatewayId": nat_id, "Origin": "CreateRoute", "State": "blackhole" }));
            }
            let mut associations = vec![json!({
                "Main": false, "RouteTableAssociationId": id("rtbassoc", 6, table), "RouteTableId": id("rtb", 7, table),
                "SubnetId": subnet_id, "AssociationState": { "State": "associated" },
            })];
            if main {
                associations.push(json!({ "Main": true, "RouteTableAssociationId": id("rtbassoc", 8, table), "RouteTableId": id("rtb", 7, table), "AssociationState": { "State": "associated" } }));
            }
            route_tables.push(json!({
                "RouteTableId": id("rtb", 7, table), "VpcId": vpc_id, "OwnerId": ACCOUNT, "Routes": routes, "Associations": associations,
                "PropagatingVgws": [], "Tags": tags(format!("rtb-{vpc}-{index}")),
            }));
        }
        network_acls.push(json!({
            "NetworkAclId": id("acl", 9, vpc), "VpcId": vpc_id, "IsDefault": true, "OwnerId": ACCOUNT,
            "Entries": [
                { "CidrBlock": "0.0.0.0/0", "Egress": true, "Protocol": "-1", "RuleAction": "allow", "RuleNumber": 100 },
                { "CidrBlock": "0.0.0.0/0", "Egress": true, "Protocol": "-1", "RuleAction": "deny", "RuleNumber": 32767 },
                { "CidrBlock": "0.0.0.0/0", "Egress": false, "Protocol": "6", "PortRange": { "From": 1024, "To": 65535 }, "RuleAction": "allow", "RuleNumber": 100 },
                { "CidrBlock": if size.transit_gateway { "10.0.0.0/8".to_owned() } else { vpc_cidr.clone() }, "Egress": false, "Protocol": "-1", "RuleAction": "allow", "RuleNumber": 110 },
                { "CidrBlock": "0.0.0.0/0", "Egress": false, "Protocol": "-1", "RuleAction": "deny", "RuleNumber": 32767 },
            ],
            "Associations": subnet_ids.iter().enumerate().map(|(index, subnet)| json!({
                "NetworkAclAssociationId": id("aclassoc", 10, vpc * 1000 + index), "NetworkAclId": id("acl", 9, vpc), "SubnetId": subnet,
            })).collect::<Vec<_>>(),
            "Tags": [],
        }));
        let groups: Vec<String> = per_vpc(size.security_groups, vpc)
            .map(|group| id("sg", 11, group))
            .collect();
        for (index, group_id) in groups.iter().enumerate() {
            let mut ingress = Vec::new();
            let mut egress = Vec::new();
            for rule in 0..size.rules_per_security_group {
                let port = 1000 + rule as u64;
                // The first egress rule is the usual "all traffic out", as in most real groups.
                let (permission, peer) = if rule == 1 {
                    (
                        json!({ "IpProtocol": "-1", "IpRanges": [{ "CidrIp": "0.0.0.0/0" }], "Ipv6Ranges": [], "PrefixListIds": [], "UserIdGroupPairs": [] }),
                        json!({ "CidrIpv4": "0.0.0.0/0" }),
                    )
                } else if rule % 3 == 0 && groups.len() > 1 {
                    let other = &groups[(index + rule) % groups.len()];
                    (
                        json!({ "IpProtocol": "tcp", "FromPort": port, "ToPort": port, "UserIdGroupPairs": [{ "GroupId": other, "UserId": ACCOUNT }], "IpRanges": [], "Ipv6Ranges": [], "PrefixListIds": [] }),
                        json!({ "ReferencedGroupInfo": { "GroupId": other, "UserId": ACCOUNT } }),
                    )
                } else {
                    let cidr = format!("10.{}.{}.0/24", rule % 256, index % 256);
                    (
                        json!({ "IpProtocol": "tcp", "FromPort": port, "ToPort": port + 10, "IpRanges": [{ "CidrIp": cidr }], "Ipv6Ranges": [], "PrefixListIds": [], "UserIdGroupPairs": [] }),
                        json!({ "CidrIpv4": cidr }),
                    )
                };
                let is_egress = rule % 2 == 1;
                let mut flat = json!({
                    "SecurityGroupRuleId": id("sgr", 12, (vpc * 100_000) + index * 100 + rule), "GroupId": group_id, "GroupOwnerId": ACCOUNT,
                    "IsEgress": is_egress, "IpProtocol": permission["IpProtocol"],
                    // describe-security-group-rules prints -1 where IpPermissions has no port.
                    "FromPort": permission.get("FromPort").cloned().unwrap_or(json!(-1)),
                    "ToPort": permission.get("ToPort").cloned().unwrap_or(json!(-1)), "Tags": [],
                });
                if let (Value::Object(flat), Value::Object(peer)) = (&mut flat, peer) {
                    flat.extend(peer);
                }
                security_group_rules.push(flat);
                if is_egress {
                    egress.push(permission)
                } else {
                    ingress.push(permission)
                }
            }
            if size.transit_gateway {
                // Behind the hub, every VPC serves ports 1000-1010 to every other.
                ingress.push(json!({ "IpProtocol": "tcp", "FromPort": 1000, "ToPort": 1010, "IpRanges": [{ "CidrIp": "10.0.0.0/8" }], "Ipv6Ranges": [], "PrefixListIds": [], "UserIdGroupPairs": [] }));
                security_group_rules.push(json!({
                    "SecurityGroupRuleId": id("sgr", 14, vpc * 1000 + index), "GroupId": group_id, "GroupOwnerId": ACCOUNT,
                    "IsEgress": false, "IpProtocol": "tcp", "FromPort": 1000, "ToPort": 1010, "CidrIpv4": "10.0.0.0/8", "Tags": [],
                }));
            }
            security_groups.push(json!({
                "GroupId": group_id, "GroupName": format!("sg-{vpc}-{index}"), "Description": "generated", "VpcId": vpc_id, "OwnerId": ACCOUNT,
                "IpPermissions": ingress, "IpPermissionsEgress": egress, "Tags": [],
            }));
        }
        for (number, interface) in per_vpc(size.network_interfaces, vpc).enumerate() {
            let interface_id = id("eni", 5, interface);
            let instance_id = id("i", 13, interface);
            let table_index = number % subnet_ids.len().max(1);
            let Some(subnet_id) = subnet_ids.get(table_index) else {
                continue;
            };
            let ip = format!(
                "10.{}.{}.{}",
                vpc % 256,
                table_index % 256,
                10 + number / subnet_ids.len().max(1) % 240
            );
            let interface_groups: Vec<Value> = groups
                .iter()
                .skip(number % groups.len().max(1))
                .take(2)
                .map(|group| json!({ "GroupId": group, "GroupName": group }))
                .collect();
            interfaces.push(json!({
                "NetworkInterfaceId": interface_id, "SubnetId": subnet_id, "VpcId": vpc_id, "AvailabilityZone": format!("{REGION}{}", ["a", "b", "c"][table_index % 3]),
                "InterfaceType": "interface", "OwnerId": ACCOUNT, "RequesterManaged": false, "SourceDestCheck": true, "Status": "in-use",
                "PrivateIpAddress": ip, "PrivateIpAddresses": [{ "Primary": true, "PrivateIpAddress": ip }], "Ipv6Addresses": [],
                "Groups": interface_groups, "Attachment": { "AttachmentId": id("eni-attach", 14, interface), "DeviceIndex": 0, "InstanceId": instance_id, "InstanceOwnerId": ACCOUNT, "Status": "attached" },
                "TagSet": [],
            }));
            reservations.push(json!({
                "ReservationId": id("r", 15, interface), "OwnerId": ACCOUNT,
                "Instances": [{
                    "InstanceId": instance_id, "InstanceType": "t3.micro", "ImageId": "ami-0123456789abcdef0", "State": { "Code": 16, "Name": "running" },
                    "SubnetId": subnet_id, "VpcId": vpc_id, "PrivateIpAddress": ip, "SourceDestCheck": true,
                    "SecurityGroups": interface_groups, "Placement": { "AvailabilityZone": format!("{REGION}a") },
                    "NetworkInterfaces": [{ "NetworkInterfaceId": interface_id, "SubnetId": subnet_id, "VpcId": vpc_id, "PrivateIpAddress": ip, "Groups": interface_groups, "Attachment": { "DeviceIndex": 0, "Status": "attached" } }],
                    "Tags": tags(format!("instance-{interface}")),
                }],
            }));
        }
        if let Some(nat_subnet) = nat_subnet {
            interfaces.push(json!({
                "NetworkInterfaceId": nat_interface, "SubnetId": nat_subnet, "VpcId": vpc_id, "InterfaceType": "nat_gateway", "OwnerId": ACCOUNT,
                "RequesterManaged": true, "SourceDestCheck": false, "Status": "in-use", "PrivateIpAddress": nat_ip,
                "PrivateIpAddresses": [{ "Primary": true, "PrivateIpAddress": nat_ip, "Association": { "PublicIp": nat_public, "IpOwnerId": ACCOUNT } }],
                "Groups": [], "TagSet": [],
            }));
            nat_gateways.push(json!({
                "NatGatewayId": nat_id, "SubnetId": nat_subnet, "VpcId": vpc_id, "State": "available", "ConnectivityType": "public",
                "NatGatewayAddresses": [{ "AllocationId": id("eipalloc", 16, vpc), "NetworkInterfaceId": nat_interface, "PrivateIp": nat_ip, "PublicIp": nat_public, "IsPrimary": true, "Status": "succeeded" }],
                "Tags": tags(format!("nat-{vpc}")),
            }));
            addresses.push(json!({
                "AllocationId": id("eipalloc", 16, vpc), "AssociationId": id("eipassoc", 17, vpc), "Domain": "vpc", "PublicIp": nat_public,
                "NetworkInterfaceId": nat_interface, "NetworkInterfaceOwnerId": ACCOUNT, "PrivateIpAddress": nat_ip, "Tags": [],
            }));
        }
        if vpc < size.firewalls {
            let name = format!("firewall-{vpc}");
            let policy_arn =
                format!("arn:aws:network-firewall:{REGION}:{ACCOUNT}:firewall-policy/policy-{vpc}");
            let stateful_arn = format!(
                "arn:aws:network-firewall:{REGION}:{ACCOUNT}:stateful-rulegroup/stateful-{vpc}"
            );
            let stateless_arn = format!(
                "arn:aws:network-firewall:{REGION}:{ACCOUNT}:stateless-rulegroup/stateless-{vpc}"
            );
            let arn = format!("arn:aws:network-firewall:{REGION}:{ACCOUNT}:firewall/{name}");
            let Some(subnet) = subnet_ids.last() else {
                continue;
            };
            firewalls.push(json!({ "FirewallName": name, "FirewallArn": arn }));
            extra_files.push(file(&format!("describe-firewall.{name}.json"), &json!({
                "UpdateToken": "00000000-0000-0000-0000-000000000000",
                "Firewall": { "FirewallName": name, "FirewallArn": arn, "FirewallPolicyArn": policy_arn, "VpcId": vpc_id, "SubnetMappings": [{ "SubnetId": subnet, "IPAddressType": "IPV4" }], "DeleteProtection": false, "FirewallId": id("fw", 18, vpc), "Tags": [] },
                "FirewallStatus": { "Status": "READY", "ConfigurationSyncStateSummary": "IN_SYNC", "SyncStates": { format!("{REGION}a"): { "Attachment": { "SubnetId": subnet, "EndpointId": id("vpce", 19, vpc), "Status": "READY" } } } },
            })));
            extra_files.push(file(&format!("describe-firewall-policy.policy-{vpc}.json"), &json!({
                "UpdateToken": "00000000-0000-0000-0000-000000000000",
                "FirewallPolicyResponse": { "FirewallPolicyName": format!("policy-{vpc}"), "FirewallPolicyArn": policy_arn, "FirewallPolicyId": id("fwp", 20, vpc), "FirewallPolicyStatus": "ACTIVE" },
                "FirewallPolicy": {
                    "StatelessRuleGroupReferences": [{ "ResourceArn": stateless_arn, "Priority": 10 }],
                    "StatelessDefaultActions": ["aws:forward_to_sfe"], "StatelessFragmentDefaultActions": ["aws:forward_to_sfe"],
                    "StatefulRuleGroupReferences": [{ "ResourceArn": stateful_arn, "Priority": 1 }],
                    "StatefulDefaultActions": ["aws:drop_established"],
                    "StatefulEngineOptions": { "RuleOrder": "STRICT_ORDER", "StreamExceptionPolicy": "DROP" },
                },
            })));
            let rules: String = (0..50).map(|rule| format!("pass tls $HOME_NET any -> $EXTERNAL_NET 443 (tls.sni; content:\"site{rule}.example.com\"; endswith; msg:\"site {rule}\"; sid:{};)\n", 1_000_000 + rule)).collect();
            extra_files.push(file(&format!("describe-rule-group.stateful-{vpc}.json"), &json!({
                "UpdateToken": "00000000-0000-0000-0000-000000000000",
                "RuleGroup": { "RulesSource": { "RulesString": rules }, "StatefulRuleOptions": { "RuleOrder": "STRICT_ORDER" } },
                "RuleGroupResponse": { "RuleGroupArn": stateful_arn, "RuleGroupName": format!("stateful-{vpc}"), "Type": "STATEFUL", "Capacity": 100, "RuleGroupStatus": "ACTIVE" },
            })));
            extra_files.push(file(&format!("describe-rule-group.stateless-{vpc}.json"), &json!({
                "UpdateToken": "00000000-0000-0000-0000-000000000000",
                "RuleGroup": { "RulesSource": { "StatelessRulesAndCustomActions": { "StatelessRules": [
                    { "Priority": 1, "RuleDefinition": { "Actions": ["aws:drop"], "MatchAttributes": { "Protocols": [17], "DestinationPorts": [{ "FromPort": 53, "ToPort": 53 }], "Sources": [{ "AddressDefinition": "0.0.0.0/0" }], "Destinations": [{ "AddressDefinition": "0.0.0.0/0" }] } } },
                    { "Priority": 2, "RuleDefinition": { "Actions": ["aws:forward_to_sfe"], "MatchAttributes": { "Sources": [{ "AddressDefinition": "0.0.0.0/0" }], "Destinations": [{ "AddressDefinition": "0.0.0.0/0" }] } } },
                ], "CustomActions": [] } } },
                "RuleGroupResponse": { "RuleGroupArn": stateless_arn, "RuleGroupName": format!("stateless-{vpc}"), "Type": "STATELESS", "Capacity": 100, "RuleGroupStatus": "ACTIVE" },
            })));
        }
    }
    let hub = hub(&hub_vpcs);
    let mut files = vec![
        file("describe-vpcs.json", &json!({ "Vpcs": out_vpcs })),
        file("describe-subnets.json", &json!({ "Subnets": subnets })),
        file(
            "describe-route-tables.json",
            &json!({ "RouteTables": route_tables }),
        ),
        file(
            "describe-network-acls.json",
            &json!({ "NetworkAcls": network_acls }),
        ),
        file(
            "describe-security-groups.json",
            &json!({ "SecurityGroups": security_groups }),
        ),
        file(
            "describe-security-group-rules.json",
            &json!({ "SecurityGroupRules": security_group_rules }),
        ),
        file(
            "describe-network-interfaces.json",
            &json!({ "NetworkInterfaces": interfaces }),
        ),
        file(
            "describe-instances.json",
            &json!({ "Reservations": reservations }),
        ),
        file(
            "describe-internet-gateways.json",
            &json!({ "InternetGateways": internet_gateways }),
        ),
        file(
            "describe-egress-only-internet-gateways.json",
            &json!({ "EgressOnlyInternetGateways": [] }),
        ),
        file(
            "describe-nat-gateways.json",
            &json!({ "NatGateways": nat_gateways }),
        ),
        file(
            "describe-addresses.json",
            &json!({ "Addresses": addresses }),
        ),
        file(
            "describe-vpc-endpoints.json",
            &json!({ "VpcEndpoints": [] }),
        ),
        file(
            "describe-vpc-peering-connections.json",
            &json!({ "VpcPeeringConnections": [] }),
        ),
        file(
            "describe-managed-prefix-lists.json",
            &json!({ "PrefixLists": [] }),
        ),
        file("describe-prefix-lists.json", &json!({ "PrefixLists": [] })),
        file(
            "describe-transit-gateways.json",
            &json!({ "TransitGateways": hub.transit_gateways }),
        ),
        file("describe-vpn-gateways.json", &json!({ "VpnGateways": [] })),
        file(
            "describe-transit-gateway-attachments.json",
            &json!({ "TransitGatewayAttachments": hub.attachments }),
        ),
        file(
            "describe-transit-gateway-vpc-attachments.json",
            &json!({ "TransitGatewayVpcAttachments": hub.vpc_attachments }),
        ),
        file(
            "describe-transit-gateway-peering-attachments.json",
            &json!({ "TransitGatewayPeeringAttachments": [] }),
        ),
        file(
            "describe-transit-gateway-route-tables.json",
            &json!({ "TransitGatewayRouteTables": hub.route_tables }),
        ),
        file(
            "describe-vpc-endpoint-services.json",
            &json!({ "ServiceDetails": [], "ServiceNames": [] }),
        ),
        file("list-firewalls.json", &json!({ "Firewalls": firewalls })),
        file(
            "describe-load-balancers.json",
            &json!({ "LoadBalancers": [] }),
        ),
        file(
            "describe-target-groups.json",
            &json!({ "TargetGroups": [] }),
        ),
    ];
    files.extend(extra_files);
    files.extend(hub.files);
    files
}

/// The transit gateway hub's outputs.
#[derive(Default)]
struct Hub {
    transit_gateways: Vec<Value>,
    attachments: Vec<Value>,
    vpc_attachments: Vec<Value>,
    route_tables: Vec<Value>,
    files: Vec<InputFile>,
}

/// One hub joining `vpcs` (VPC id, CIDR, attachment subnet).
fn hub(vpcs: &[(String, String, String)]) -> Hub {
    if vpcs.is_empty() {
        return Hub::default();
    }
    let attachment = |index: usize| id("tgw-attach", 13, index);
    let reference = |index: usize, vpc: &str| json!({ "ResourceId": vpc, "TransitGatewayAttachmentId": attachment(index), "ResourceType": "vpc" });
    let wrapped = |call: &str, output: Value| {
        file(
            &format!("{call}.{TRANSIT_GATEWAY_ROUTE_TABLE}.json"),
            &json!({
                "ReachExport": { "Version": 1, "Command": format!("aws ec2 {call} --transit-gateway-route-table-id {TRANSIT_GATEWAY_ROUTE_TABLE}"),
                                 "Region": REGION, "AccountId": ACCOUNT, "TransitGatewayRouteTableId": TRANSIT_GATEWAY_ROUTE_TABLE },
                "Output": output,
            }),
        )
    };
    Hub {
        transit_gateways: vec![json!({
            "TransitGatewayId": TRANSIT_GATEWAY, "State": "available", "OwnerId": ACCOUNT,
            "Options": { "DefaultRouteTableAssociation": "enable", "AssociationDefaultRouteTableId": TRANSIT_GATEWAY_ROUTE_TABLE,
                         "DefaultRouteTablePropagation": "enable", "PropagationDefaultRouteTableId": TRANSIT_GATEWAY_ROUTE_TABLE },
            "Tags": tags("hub".to_owned()),
        })],
        attachments: vpcs.iter().enumerate().map(|(index, (vpc, _, _))| json!({
            "TransitGatewayAttachmentId": attachment(index), "TransitGatewayId": TRANSIT_GATEWAY, "TransitGatewayOwnerId": ACCOUNT,
            "ResourceOwnerId": ACCOUNT, "ResourceType": "vpc", "ResourceId": vpc, "State": "available",
            "Association": { "TransitGatewayRouteTableId": TRANSIT_GATEWAY_ROUTE_TABLE, "State": "associated" },
            "Tags": tags(format!("attachment-{index}")),
        })).collect(),
        vpc_attachments: vpcs.iter().enumerate().map(|(index, (vpc, _, subnet))| json!({
            "TransitGatewayAttachmentId": attachment(index), "TransitGatewayId": TRANSIT_GATEWAY, "VpcId": vpc, "VpcOwnerId": ACCOUNT,
            "State": "available", "SubnetIds": [subnet], "Options": { "ApplianceModeSupport": "disable" },
        })).collect(),
        route_tables: vec![json!({
            "TransitGatewayRouteTableId": TRANSIT_GATEWAY_ROUTE_TABLE, "TransitGatewayId": TRANSIT_GATEWAY, "State": "available",
            "DefaultAssociationRouteTable": true, "DefaultPropagationRouteTable": true, "Tags": tags("hub-default".to_owned()),
        })],
        files: vec![
            wrapped("search-transit-gateway-routes", json!({
                "Routes": vpcs.iter().enumerate().map(|(index, (vpc, cidr, _))| json!({
                    "DestinationCidrBlock": cidr, "TransitGatewayAttachments": [reference(index, vpc)], "Type": "propagated", "State": "active",
                })).collect::<Vec<_>>(),
                "AdditionalRoutesAvailable": false,
            })),
            wrapped("get-transit-gateway-route-table-associations", json!({
                "Associations": vpcs.iter().enumerate().map(|(index, (vpc, _, _))| {
                    let mut association = reference(index, vpc);
                    association["State"] = json!("associated");
                    association
                }).collect::<Vec<_>>(),
            })),
            wrapped("get-transit-gateway-route-table-propagations", json!({
                "TransitGatewayRouteTablePropagations": vpcs.iter().enumerate().map(|(index, (vpc, _, _))| {
                    let mut propagation = reference(index, vpc);
                    propagation["State"] = json!("enabled");
                    propagation
                }).collect::<Vec<_>>(),
            })),
        ],
    }
}
