//! From the representation to the model: parse values (CIDRs, addresses, protocols), resolve
//! every reference, spell out AWS's defaults, and turn each dangling reference into a
//! diagnostic with the call that exports what is missing. The only module that knows both
//! `reach-aws` and the model.

use crate::collect::{Collected, Entry};
use crate::command;
use crate::diagnostic::Diagnostics;
use crate::ids::*;
use crate::model::*;
use ipnet::IpNet;
use reach_aws::ec2::{name_tag, security_group as raw_sg};
use reach_aws::Error;
use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;

/// Records value errors (a CIDR that does not parse) with their file, resource and field.
struct Values<'a> {
    errors: &'a mut Vec<Error>,
}

impl Values<'_> {
    fn error(&mut self, origin: &Origin, resource: &str, field: &str, message: String) {
        self.errors.push(
            Error::in_file(&origin.file, message)
                .of_resource(resource)
                .at(origin.field_path(field)),
        );
    }

    fn cidr(&mut self, text: &str, origin: &Origin, resource: &str, field: &str) -> Option<IpNet> {
        match text.parse::<IpNet>() {
            Ok(cidr) => Some(cidr),
            Err(_) => {
                self.error(origin, resource, field, format!("invalid CIDR {text:?}"));
                None
            }
        }
    }

    fn ip(&mut self, text: &str, origin: &Origin, resource: &str, field: &str) -> Option<IpAddr> {
        match text.parse::<IpAddr>() {
            Ok(ip) => Some(ip),
            Err(_) => {
                self.error(
                    origin,
                    resource,
                    field,
                    format!("invalid IP address {text:?}"),
                );
                None
            }
        }
    }

    fn protocol(
        &mut self,
        text: &str,
        origin: &Origin,
        resource: &str,
        field: &str,
    ) -> Option<Protocol> {
        let protocol = match text.to_ascii_lowercase().as_str() {
            "-1" | "all" => Some(Protocol::All),
            "tcp" => Some(Protocol::Number(6)),
            "udp" => Some(Protocol::Number(17)),
            "icmp" => Some(Protocol::Number(1)),
            "icmpv6" | "58" => Some(Protocol::Number(58)),
            number => number.parse::<u8>().ok().map(Protocol::Number),
        };
        if protocol.is_none() {
            self.error(
                origin,
                resource,
                field,
                format!("invalid protocol {text:?}: expected -1, a name or a number 0-255"),
            );
        }
        protocol
    }

    /// A port (or ICMP type/code) range; `-1`, or no bounds, means all.
    fn ports(
        &mut self,
        from: Option<i64>,
        to: Option<i64>,
        origin: &Origin,
        resource: &str,
        field: &str,
    ) -> Result<Option<(u16, u16)>, ()> {
        match (from, to) {
            (None, None) | (Some(-1), _) | (_, Some(-1)) => Ok(None),
            (Some(from), Some(to)) => match (u16::try_from(from), u16::try_from(to)) {
                (Ok(from), Ok(to)) if from <= to => Ok(Some((from, to))),
                _ => {
                    self.error(
                        origin,
                        resource,
                        field,
                        format!("invalid port range {from}-{to}"),
                    );
                    Err(())
                }
            },
            (Some(one), None) | (None, Some(one)) => match u16::try_from(one) {
                Ok(port) => Ok(Some((port, port))),
                Err(_) => {
                    self.error(origin, resource, field, format!("invalid port {one}"));
                    Err(())
                }
            },
        }
    }
}

fn owned(text: Option<&str>) -> Option<String> {
    text.map(str::to_owned)
}

/// Builds the model from everything collected.
pub(crate) fn lower(
    collected: &Collected,
    errors: &mut Vec<Error>,
    diagnostics: &mut Diagnostics,
) -> Snapshot {
    let mut values = Values { errors };
    let mut snapshot = Snapshot::default();
    let c = collected;

    // VPCs.
    for (id, Entry { value: vpc, origin }) in c.vpcs.iter() {
        let mut cidrs = Vec::new();
        let mut seen = BTreeSet::new();
        let primary = vpc
            .cidr_block
            .iter()
            .map(|cidr| (cidr.as_str(), "CidrBlock".to_owned()));
        let associated = vpc
            .cidr_block_association_set
            .iter()
            .enumerate()
            .filter(|(_, association)| association_live(association.cidr_block_state.as_ref()))
            .map(|(index, association)| {
                (
                    association.cidr_block.as_str(),
                    format!("CidrBlockAssociationSet[{index}].CidrBlock"),
                )
            });
        let ipv6 = vpc
            .ipv6_cidr_block_association_set
            .iter()
            .enumerate()
            .filter(|(_, association)| association_live(association.ipv6_cidr_block_state.as_ref()))
            .filter_map(|(index, association)| {
                association.ipv6_cidr_block.as_deref().map(|cidr| {
                    (
                        cidr,
                        format!("Ipv6CidrBlockAssociationSet[{index}].Ipv6CidrBlock"),
                    )
                })
            });
        for (text, field) in primary.chain(associated).chain(ipv6) {
            if let Some(cidr) = values.cidr(text, origin, id, &field) {
                if seen.insert(cidr) {
                    cidrs.push(cidr);
                }
            }
        }
        snapshot.vpcs.insert(
            VpcId::new(id),
            Vpc {
                id: VpcId::new(id),
                name: owned(name_tag(&vpc.tags)),
                owner_id: vpc.owner_id.clone(),
                cidrs,
                is_default: vpc.is_default.unwrap_or(false),
                main_route_table: None,
                default_network_acl: None,
                origin: origin.clone(),
            },
        );
    }
    let vpc_ref = |vpc: &str, referrer: String, diagnostics: &mut Diagnostics| {
        if !c.vpcs.contains(vpc) {
            diagnostics.missing(
                vpc,
                format!("{referrer} is in VPC {vpc}, which is not in the input"),
                command::vpc(vpc),
            );
        }
    };

    // Route tables.
    for (
        id,
        Entry {
            value: table,
            origin,
        },
    ) in c.route_tables.iter()
    {
        vpc_ref(&table.vpc_id, format!("route table {id}"), diagnostics);
        let mut routes = Vec::new();
        for (index, route) in table.routes.iter().enumerate() {
            let field = format!("Routes[{index}]");
            let destination = if let Some(text) = route
                .destination_cidr_block
                .as_deref()
                .or(route.destination_ipv6_cidr_block.as_deref())
            {
                match values.cidr(text, origin, id, &format!("{field}.DestinationCidrBlock")) {
                    Some(cidr) => RouteDestination::Cidr(cidr),
                    None => continue,
                }
            } else if let Some(prefix_list) = &route.destination_prefix_list_id {
                RouteDestination::PrefixList(PrefixListId::new(prefix_list))
            } else {
                values.error(origin, id, &field, "route without a destination".to_owned());
                continue;
            };
            let target = route_target(route);
            let state = match route.state.as_deref() {
                None | Some("active") => RouteState::Active,
                Some("blackhole") => RouteState::Blackhole,
                Some(other) => RouteState::Other(other.to_owned()),
            };
            routes.push(Route {
                destination,
                target,
                state,
                origin: route.origin.clone(),
            });
        }
        let live = |association: &&reach_aws::ec2::route_table::RouteTableAssociation| {
            association_live(association.association_state.as_ref())
        };
        let main = table
            .associations
            .iter()
            .filter(live)
            .any(|association| association.main);
        let subnets = table
            .associations
            .iter()
            .filter(live)
            .filter_map(|a| a.subnet_id.clone())
            .map(SubnetId::new)
            .collect();
        let gateways = table
            .associations
            .iter()
            .filter(live)
            .filter_map(|a| a.gateway_id.clone())
            .collect();
        if main {
            if let Some(vpc) = snapshot.vpcs.get_mut(table.vpc_id.as_str()) {
                vpc.main_route_table = Some(RouteTableId::new(id));
            }
        }
        snapshot.route_tables.insert(
            RouteTableId::new(id),
            RouteTable {
                id: RouteTableId::new(id),
                name: owned(name_tag(&table.tags)),
                vpc: VpcId::new(&table.vpc_id),
                main,
                subnets,
                gateways,
                routes,
                origin: origin.clone(),
            },
        );
    }

    // Network ACLs, sorted the way AWS evaluates them.
    for (id, Entry { value: acl, origin }) in c.network_acls.iter() {
        vpc_ref(&acl.vpc_id, format!("network ACL {id}"), diagnostics);
        let mut ingress = Vec::new();
        let mut egress = Vec::new();
        for (index, entry) in acl.entries.iter().enumerate() {
            let field = format!("Entries[{index}]");
            let Ok(rule_number) = u16::try_from(entry.rule_number) else {
                values.error(
                    origin,
                    id,
                    &format!("{field}.RuleNumber"),
                    format!("invalid rule number {}", entry.rule_number),
                );
                continue;
            };
            let Some(protocol) =
                values.protocol(&entry.protocol, origin, id, &format!("{field}.Protocol"))
            else {
                continue;
            };
            let Some(text) = entry
                .cidr_block
                .as_deref()
                .or(entry.ipv6_cidr_block.as_deref())
            else {
                values.error(origin, id, &field, "entry without a CIDR block".to_owned());
                continue;
            };
            let Some(cidr) = values.cidr(text, origin, id, &format!("{field}.CidrBlock")) else {
                continue;
            };
            let ports = match &entry.port_range {
                Some(range) => match values.ports(
                    range.from,
                    range.to,
                    origin,
                    id,
                    &format!("{field}.PortRange"),
                ) {
                    Ok(ports) => ports,
                    Err(()) => continue,
                },
                None => None,
            };
            let icmp = entry.icmp_type_code.as_ref().map(|code| {
                let part = |value: Option<i64>| value.and_then(|value| u8::try_from(value).ok());
                (part(code.icmp_type), part(code.code))
            });
            let allow = match entry.rule_action.as_str() {
                "allow" => true,
                "deny" => false,
                other => {
                    values.error(
                        origin,
                        id,
                        &format!("{field}.RuleAction"),
                        format!("invalid rule action {other:?}: expected allow or deny"),
                    );
                    continue;
                }
            };
            let parsed = NetworkAclEntry {
                rule_number,
                protocol,
                ports,
                icmp,
                cidr,
                allow,
            };
            if entry.egress {
                egress.push(parsed)
            } else {
                ingress.push(parsed)
            }
        }
        ingress.sort_by_key(|entry| entry.rule_number);
        egress.sort_by_key(|entry| entry.rule_number);
        if acl.is_default {
            if let Some(vpc) = snapshot.vpcs.get_mut(acl.vpc_id.as_str()) {
                vpc.default_network_acl = Some(NetworkAclId::new(id));
            }
        }
        snapshot.network_acls.insert(
            NetworkAclId::new(id),
            NetworkAcl {
                id: NetworkAclId::new(id),
                name: owned(name_tag(&acl.tags)),
                vpc: VpcId::new(&acl.vpc_id),
                is_default: acl.is_default,
                ingress,
                egress,
                subnets: acl
                    .associations
                    .iter()
                    .map(|a| SubnetId::new(&a.subnet_id))
                    .collect(),
                origin: origin.clone(),
            },
        );
    }

    // Subnets: their route table (explicit, else the VPC's main table) and network ACL.
    let explicit_route_table: BTreeMap<&str, &RouteTableId> = snapshot
        .route_tables
        .values()
        .flat_map(|table| {
            table
                .subnets
                .iter()
                .map(move |subnet| (subnet.as_str(), &table.id))
        })
        .collect();
    let subnet_network_acl: BTreeMap<&str, &NetworkAclId> = snapshot
        .network_acls
        .values()
        .flat_map(|acl| {
            acl.subnets
                .iter()
                .map(move |subnet| (subnet.as_str(), &acl.id))
        })
        .collect();
    let mut subnets = BTreeMap::new();
    for (
        id,
        Entry {
            value: subnet,
            origin,
        },
    ) in c.subnets.iter()
    {
        vpc_ref(&subnet.vpc_id, format!("subnet {id}"), diagnostics);
        let label = label("subnet", id, name_tag(&subnet.tags));
        let mut cidrs = Vec::new();
        if let Some(text) = &subnet.cidr_block {
            cidrs.extend(values.cidr(text, origin, id, "CidrBlock"));
        }
        for (index, association) in subnet.ipv6_cidr_block_association_set.iter().enumerate() {
            if let Some(text) = &association.ipv6_cidr_block {
                cidrs.extend(values.cidr(
                    text,
                    origin,
                    id,
                    &format!("Ipv6CidrBlockAssociationSet[{index}].Ipv6CidrBlock"),
                ));
            }
        }
        let route_table = match explicit_route_table.get(id.as_str()) {
            Some(table) => Some(((*table).clone(), RouteTableChoice::Explicit)),
            None => match snapshot
                .vpcs
                .get(subnet.vpc_id.as_str())
                .and_then(|vpc| vpc.main_route_table.clone())
            {
                Some(main) => Some((main, RouteTableChoice::Main)),
                None => {
                    diagnostics.missing(
                        format!("main route table of {}", subnet.vpc_id),
                        format!(
                            "{label} has no explicit route table association, so the main route table of VPC {} applies, and it is not in the input",
                            subnet.vpc_id
                        ),
                        format!("aws ec2 describe-route-tables --filters Name=vpc-id,Values={}", subnet.vpc_id),
                    );
                    None
                }
            },
        };
        let network_acl = subnet_network_acl
            .get(id.as_str())
            .map(|acl| (*acl).clone());
        if network_acl.is_none() {
            diagnostics.missing(
                format!("network ACL of {id}"),
                format!("{label}: no network ACL in the input is associated with it (every subnet has exactly one)"),
                format!("aws ec2 describe-network-acls --filters Name=association.subnet-id,Values={id}"),
            );
        }
        subnets.insert(
            SubnetId::new(id),
            Subnet {
                id: SubnetId::new(id),
                name: owned(name_tag(&subnet.tags)),
                vpc: VpcId::new(&subnet.vpc_id),
                cidrs,
                availability_zone: subnet.availability_zone.clone(),
                availability_zone_id: subnet.availability_zone_id.clone(),
                route_table,
                network_acl,
                owner_id: subnet.owner_id.clone(),
                origin: origin.clone(),
            },
        );
    }
    snapshot.subnets = subnets;
    let subnet_ref = |subnet: &str, referrer: String, diagnostics: &mut Diagnostics| {
        if !c.subnets.contains(subnet) {
            diagnostics.missing(
                subnet,
                format!("{referrer} is in subnet {subnet}, which is not in the input"),
                command::subnet(subnet),
            );
        }
    };
    for table in snapshot.route_tables.values() {
        for subnet in &table.subnets {
            subnet_ref(
                subnet.as_str(),
                format!("route table {} is associated with a subnet that", table.id)
                    .replace(" that is in", ""),
                diagnostics,
            );
        }
    }
    for acl in snapshot.network_acls.values() {
        for subnet in &acl.subnets {
            if !c.subnets.contains(subnet.as_str()) {
                diagnostics.missing(
                    subnet.as_str(),
                    format!("network ACL {} is associated with subnet {subnet}, which is not in the input", acl.id),
                    command::subnet(subnet.as_str()),
                );
            }
        }
    }

    // Security groups: from describe-security-groups; groups only seen through
    // describe-security-group-rules are built from their rules.
    let rule_ids = security_group_rule_ids(c);
    for (
        id,
        Entry {
            value: group,
            origin,
        },
    ) in c.security_groups.iter()
    {
        if let Some(vpc) = &group.vpc_id {
            vpc_ref(vpc, format!("security group {id}"), diagnostics);
        }
        let rules = |permissions: &[raw_sg::IpPermission],
                     field: &str,
                     egress: bool,
                     values: &mut Values<'_>| {
            let mut rules = Vec::new();
            for (index, permission) in permissions.iter().enumerate() {
                let field = format!("{field}[{index}]");
                rules.extend(permission_rules(
                    permission, id, egress, origin, &field, &rule_ids, values,
                ));
            }
            rules
        };
        let ingress = rules(&group.ip_permissions, "IpPermissions", false, &mut values);
        let egress = rules(
            &group.ip_permissions_egress,
            "IpPermissionsEgress",
            true,
            &mut values,
        );
        snapshot.security_groups.insert(
            SecurityGroupId::new(id),
            SecurityGroup {
                id: SecurityGroupId::new(id),
                group_name: group.group_name.clone(),
                vpc: group.vpc_id.as_deref().map(VpcId::new),
                owner_id: group.owner_id.clone(),
                ingress,
                egress,
                origin: origin.clone(),
            },
        );
    }
    for (
        rule_id,
        Entry {
            value: rule,
            origin,
        },
    ) in c.security_group_rules.iter()
    {
        if c.security_groups.contains(&rule.group_id) {
            continue;
        }
        let Some(protocol) = values.protocol(&rule.ip_protocol, origin, rule_id, "IpProtocol")
        else {
            continue;
        };
        let Ok(ports) = values.ports(rule.from_port, rule.to_port, origin, rule_id, "FromPort")
        else {
            continue;
        };
        let ports = if matches!(protocol, Protocol::All) {
            None
        } else {
            ports
        };
        let peer = if let Some(text) = rule.cidr_ipv4.as_deref().or(rule.cidr_ipv6.as_deref()) {
            match values.cidr(text, origin, rule_id, "CidrIpv4") {
                Some(cidr) => SecurityGroupPeer::Cidr(cidr),
                None => continue,
            }
        } else if let Some(prefix_list) = &rule.prefix_list_id {
            SecurityGroupPeer::PrefixList(PrefixListId::new(prefix_list))
        } else if let Some(group) = rule
            .referenced_group_info
            .as_ref()
            .and_then(|info| info.group_id.clone())
        {
            let info = rule.referenced_group_info.clone().unwrap_or_default();
            SecurityGroupPeer::SecurityGroup {
                group: SecurityGroupId::new(group),
                user_id: info.user_id,
                vpc_peering_connection: info
                    .vpc_peering_connection_id
                    .map(VpcPeeringConnectionId::new),
            }
        } else {
            values.error(
                origin,
                rule_id,
                "",
                "security group rule without a CIDR, prefix list or referenced group".to_owned(),
            );
            continue;
        };
        let group = snapshot
            .security_groups
            .entry(SecurityGroupId::new(&rule.group_id))
            .or_insert_with(|| SecurityGroup {
                id: SecurityGroupId::new(&rule.group_id),
                group_name: None,
                vpc: None,
                owner_id: rule.group_owner_id.clone(),
                ingress: Vec::new(),
                egress: Vec::new(),
                origin: origin.clone(),
            });
        let parsed = SecurityGroupRule {
            rule_id: Some(rule_id.clone()),
            protocol,
            ports,
            peer,
            description: rule.description.clone(),
        };
        if rule.is_egress {
            group.egress.push(parsed)
        } else {
            group.ingress.push(parsed)
        }
    }

    // Network interfaces: describe-network-interfaces, completed by the instances' own view
    // of their interfaces when that output is missing.
    for (
        id,
        Entry {
            value: interface,
            origin,
        },
    ) in c.network_interfaces.iter()
    {
        let private_addresses = interface_addresses(
            interface.private_ip_address.as_deref(),
            &interface.private_ip_addresses,
            interface.association.as_ref(),
            origin,
            id,
            &mut values,
        );
        let ipv6_addresses = interface
            .ipv6_addresses
            .iter()
            .enumerate()
            .filter_map(|(index, address)| {
                values.ip(
                    &address.ipv6_address,
                    origin,
                    id,
                    &format!("Ipv6Addresses[{index}]"),
                )
            })
            .collect();
        snapshot.network_interfaces.insert(
            NetworkInterfaceId::new(id),
            NetworkInterface {
                id: NetworkInterfaceId::new(id),
                description: interface
                    .description
                    .clone()
                    .filter(|text| !text.is_empty()),
                name: owned(name_tag(&interface.tag_set)),
                subnet: interface.subnet_id.as_deref().map(SubnetId::new),
                vpc: interface.vpc_id.as_deref().map(VpcId::new),
                availability_zone: interface.availability_zone.clone(),
                interface_type: interface
                    .interface_type
                    .clone()
                    .unwrap_or_else(|| "interface".to_owned()),
                private_addresses,
                ipv6_addresses,
                security_groups: interface
                    .groups
                    .iter()
                    .map(|group| SecurityGroupId::new(&group.group_id))
                    .collect(),
                source_dest_check: interface.source_dest_check.unwrap_or(true),
                instance: interface
                    .attachment
                    .as_ref()
                    .and_then(|a| a.instance_id.as_deref())
                    .map(InstanceId::new),
                requester_managed: interface.requester_managed.unwrap_or(false),
                owner_id: interface.owner_id.clone(),
                origin: origin.clone(),
            },
        );
    }

    // Instances.
    for (
        id,
        Entry {
            value: (instance, reservation_owner),
            origin,
        },
    ) in c.instances.iter()
    {
        let mut attached: Vec<(i64, NetworkInterfaceId)> = Vec::new();
        for (index, view) in instance.network_interfaces.iter().enumerate() {
            let device_index = view
                .attachment
                .as_ref()
                .and_then(|a| a.device_index)
                .unwrap_or(i64::MAX);
            attached.push((
                device_index,
                NetworkInterfaceId::new(&view.network_interface_id),
            ));
            if snapshot
                .network_interfaces
                .contains_key(view.network_interface_id.as_str())
            {
                continue;
            }
            let interface_origin = Origin {
                path: origin.field_path(&format!("NetworkInterfaces[{index}]")),
                ..origin.clone()
            };
            let private_addresses = interface_addresses(
                view.private_ip_address.as_deref(),
                &view.private_ip_addresses,
                view.association.as_ref(),
                &interface_origin,
                &view.network_interface_id,
                &mut values,
            );
            let interface_id = NetworkInterfaceId::new(&view.network_interface_id);
            snapshot.network_interfaces.insert(
                interface_id.clone(),
                NetworkInterface {
                    id: interface_id,
                    description: None,
                    name: None,
                    subnet: view.subnet_id.as_deref().map(SubnetId::new),
                    vpc: view.vpc_id.as_deref().map(VpcId::new),
                    availability_zone: instance
                        .placement
                        .as_ref()
                        .and_then(|p| p.availability_zone.clone()),
                    interface_type: view
                        .interface_type
                        .clone()
                        .unwrap_or_else(|| "interface".to_owned()),
                    private_addresses,
                    ipv6_addresses: view
                        .ipv6_addresses
                        .iter()
                        .filter_map(|a| a.ipv6_address.parse().ok())
                        .collect(),
                    security_groups: view
                        .groups
                        .iter()
                        .map(|group| SecurityGroupId::new(&group.group_id))
                        .collect(),
                    source_dest_check: view.source_dest_check.unwrap_or(true),
                    instance: Some(InstanceId::new(id)),
                    requester_managed: false,
                    owner_id: view.owner_id.clone(),
                    origin: interface_origin,
                },
            );
        }
        attached.sort();
        for group in &instance.security_groups {
            security_group_ref(c, &group.group_id, format!("instance {id}"), diagnostics);
        }
        snapshot.instances.insert(
            InstanceId::new(id),
            Instance {
                id: InstanceId::new(id),
                name: owned(name_tag(&instance.tags)),
                state: instance.state.as_ref().and_then(|state| state.name.clone()),
                subnet: instance.subnet_id.as_deref().map(SubnetId::new),
                vpc: instance.vpc_id.as_deref().map(VpcId::new),
                network_interfaces: attached
                    .into_iter()
                    .map(|(_, interface)| interface)
                    .collect(),
                owner_id: reservation_owner.clone(),
                origin: origin.clone(),
            },
        );
    }
    for interface in snapshot.network_interfaces.values() {
        let label = label(
            "network interface",
            interface.id.as_str(),
            interface.name.as_deref(),
        );
        if let Some(subnet) = &interface.subnet {
            subnet_ref(subnet.as_str(), label.clone(), diagnostics);
        }
        for group in &interface.security_groups {
            security_group_ref(c, group.as_str(), label.clone(), diagnostics);
        }
        if let Some(instance) = &interface.instance {
            if !c.instances.contains(instance.as_str()) {
                diagnostics.missing(
                    instance.as_str(),
                    format!(
                        "{label} is attached to instance {instance}, which is not in the input"
                    ),
                    command::instance(instance.as_str()),
                );
            }
        }
    }
    for group in snapshot.security_groups.values() {
        for rule in group.ingress.iter().chain(&group.egress) {
            match &rule.peer {
                SecurityGroupPeer::SecurityGroup {
                    group: referenced,
                    user_id,
                    ..
                } => {
                    if !snapshot.security_groups.contains_key(referenced) {
                        let account = match user_id {
                            Some(account) if Some(account) != group.owner_id.as_ref() => {
                                format!(" (account {account})")
                            }
                            _ => String::new(),
                        };
                        diagnostics.missing(
                            referenced.as_str(),
                            format!("security group {} has a rule that refers to security group {referenced}{account}, which is not in the input", group.id),
                            command::security_group(referenced.as_str()),
                        );
                    }
                }
                SecurityGroupPeer::PrefixList(prefix_list) => prefix_list_ref(
                    c,
                    prefix_list.as_str(),
                    format!("security group {} has a rule that refers to", group.id),
                    diagnostics,
                ),
                SecurityGroupPeer::Cidr(_) => {}
            }
        }
    }

    lower_gateways(c, &mut snapshot, &mut values, diagnostics);
    lower_prefix_lists(c, &mut snapshot, &mut values, diagnostics);
    crate::lower_more::lower_rest(c, &mut snapshot, values.errors, diagnostics);
    crate::lower_firewall::compile_firewalls(&mut snapshot, values.errors);
    check_routes(c, &snapshot, diagnostics);
    snapshot
}

fn label(kind: &str, id: &str, name: Option<&str>) -> String {
    match name {
        Some(name) if !name.is_empty() => format!("{kind} {id} ({name})"),
        _ => format!("{kind} {id}"),
    }
}

fn association_live(state: Option<&reach_aws::ec2::StateObject>) -> bool {
    // Associations being removed or that failed no longer apply.
    !matches!(
        state.and_then(|state| state.state.as_deref()),
        Some("disassociated" | "disassociating" | "failed" | "failing")
    )
}

fn route_target(route: &reach_aws::ec2::route_table::Route) -> RouteTarget {
    if let Some(gateway) = &route.gateway_id {
        return match gateway.as_str() {
            "local" => RouteTarget::Local,
            id if id.starts_with("igw-") => {
                RouteTarget::InternetGateway(InternetGatewayId::new(id))
            }
            id if id.starts_with("vgw-") => RouteTarget::VpnGateway(VpnGatewayId::new(id)),
            // The CLI prints Gateway Load Balancer, Network Firewall and gateway endpoints here.
            id if id.starts_with("vpce-") => RouteTarget::VpcEndpoint(VpcEndpointId::new(id)),
            id => RouteTarget::Other(id.to_owned()),
        };
    }
    if let Some(id) = &route.nat_gateway_id {
        return RouteTarget::NatGateway(NatGatewayId::new(id));
    }
    if let Some(id) = &route.transit_gateway_id {
        return RouteTarget::TransitGateway(TransitGatewayId::new(id));
    }
    if let Some(id) = &route.vpc_peering_connection_id {
        return RouteTarget::VpcPeeringConnection(VpcPeeringConnectionId::new(id));
    }
    if let Some(id) = &route.egress_only_internet_gateway_id {
        return RouteTarget::EgressOnlyInternetGateway(EgressOnlyInternetGatewayId::new(id));
    }
    if let Some(id) = &route.vpc_endpoint_id {
        return RouteTarget::VpcEndpoint(VpcEndpointId::new(id));
    }
    // A route to an instance also names the instance's interface; the interface is what
    // traffic goes to.
    if let Some(id) = &route.network_interface_id {
        return RouteTarget::NetworkInterface(NetworkInterfaceId::new(id));
    }
    if let Some(id) = &route.instance_id {
        return RouteTarget::Instance(InstanceId::new(id));
    }
    let other = [
        &route.local_gateway_id,
        &route.carrier_gateway_id,
        &route.core_network_arn,
    ]
    .into_iter()
    .flatten()
    .next();
    match other {
        Some(other) => RouteTarget::Other(other.clone()),
        None => RouteTarget::None,
    }
}

/// `sgr-` ids of rules, by what they say, so that rules read from `describe-security-groups`
/// can carry the id `describe-security-group-rules` gives them.
type RuleKey = (String, bool, String, Option<i64>, Option<i64>, String);

/// `describe-security-group-rules` prints `-1` where `IpPermissions` leaves the port out.
fn no_port(port: Option<i64>) -> Option<i64> {
    port.filter(|port| *port != -1)
}

fn security_group_rule_ids(c: &Collected) -> BTreeMap<RuleKey, String> {
    c.security_group_rules
        .iter()
        .map(|(id, Entry { value: rule, .. })| {
            let peer = rule
                .cidr_ipv4
                .clone()
                .or_else(|| rule.cidr_ipv6.clone())
                .or_else(|| rule.prefix_list_id.clone())
                .or_else(|| {
                    rule.referenced_group_info
                        .as_ref()
                        .and_then(|info| info.group_id.clone())
                })
                .unwrap_or_default();
            (
                (
                    rule.group_id.clone(),
                    rule.is_egress,
                    rule.ip_protocol.clone(),
                    no_port(rule.from_port),
                    no_port(rule.to_port),
                    peer,
                ),
                id.clone(),
            )
        })
        .collect()
}

/// One `IpPermission` holds several peers; the model has one rule per peer, as AWS's
/// `describe-security-group-rules` does.
fn permission_rules(
    permission: &raw_sg::IpPermission,
    group: &str,
    egress: bool,
    origin: &Origin,
    field: &str,
    rule_ids: &BTreeMap<RuleKey, String>,
    values: &mut Values<'_>,
) -> Vec<SecurityGroupRule> {
    let Some(protocol) = values.protocol(
        &permission.ip_protocol,
        origin,
        group,
        &format!("{field}.IpProtocol"),
    ) else {
        return Vec::new();
    };
    let Ok(ports) = values.ports(
        permission.from_port,
        permission.to_port,
        origin,
        group,
        &format!("{field}.FromPort"),
    ) else {
        return Vec::new();
    };
    let ports = if matches!(protocol, Protocol::All) {
        None
    } else {
        ports
    };
    let key = |peer: &str| {
        (
            group.to_owned(),
            egress,
            permission.ip_protocol.clone(),
            no_port(permission.from_port),
            no_port(permission.to_port),
            peer.to_owned(),
        )
    };
    let mut rules = Vec::new();
    let mut push = |peer: SecurityGroupPeer, peer_text: &str, description: &Option<String>| {
        rules.push(SecurityGroupRule {
            rule_id: rule_ids.get(&key(peer_text)).cloned(),
            protocol,
            ports,
            peer,
            description: description.clone(),
        });
    };
    for (index, range) in permission.ip_ranges.iter().enumerate() {
        if let Some(cidr) = values.cidr(
            &range.cidr_ip,
            origin,
            group,
            &format!("{field}.IpRanges[{index}].CidrIp"),
        ) {
            push(
                SecurityGroupPeer::Cidr(cidr),
                &range.cidr_ip,
                &range.description,
            );
        }
    }
    for (index, range) in permission.ipv6_ranges.iter().enumerate() {
        if let Some(cidr) = values.cidr(
            &range.cidr_ipv6,
            origin,
            group,
            &format!("{field}.Ipv6Ranges[{index}].CidrIpv6"),
        ) {
            push(
                SecurityGroupPeer::Cidr(cidr),
                &range.cidr_ipv6,
                &range.description,
            );
        }
    }
    for entry in &permission.prefix_list_ids {
        push(
            SecurityGroupPeer::PrefixList(PrefixListId::new(&entry.prefix_list_id)),
            &entry.prefix_list_id,
            &entry.description,
        );
    }
    for (index, pair) in permission.user_id_group_pairs.iter().enumerate() {
        let Some(referenced) = &pair.group_id else {
            values.error(
                origin,
                group,
                &format!("{field}.UserIdGroupPairs[{index}]"),
                "group pair without a GroupId".to_owned(),
            );
            continue;
        };
        push(
            SecurityGroupPeer::SecurityGroup {
                group: SecurityGroupId::new(referenced),
                user_id: pair.user_id.clone(),
                vpc_peering_connection: pair
                    .vpc_peering_connection_id
                    .as_deref()
                    .map(VpcPeeringConnectionId::new),
            },
            referenced,
            &pair.description,
        );
    }
    rules
}

fn interface_addresses(
    primary: Option<&str>,
    addresses: &[reach_aws::ec2::network_interface::PrivateIpAddress],
    association: Option<&reach_aws::ec2::network_interface::IpAssociation>,
    origin: &Origin,
    id: &str,
    values: &mut Values<'_>,
) -> Vec<(IpAddr, Option<IpAddr>)> {
    let mut out: Vec<(IpAddr, Option<IpAddr>)> = Vec::new();
    for (index, address) in addresses.iter().enumerate() {
        let field = format!("PrivateIpAddresses[{index}]");
        let Some(private) = values.ip(
            &address.private_ip_address,
            origin,
            id,
            &format!("{field}.PrivateIpAddress"),
        ) else {
            continue;
        };
        let public = address
            .association
            .as_ref()
            .and_then(|association| association.public_ip.as_deref())
            .and_then(|public| {
                values.ip(public, origin, id, &format!("{field}.Association.PublicIp"))
            });
        let entry = (private, public);
        if address.primary == Some(true) {
            out.insert(0, entry)
        } else {
            out.push(entry)
        }
    }
    if let Some(primary) = primary.and_then(|text| values.ip(text, origin, id, "PrivateIpAddress"))
    {
        if !out.iter().any(|(private, _)| *private == primary) {
            let public = association
                .and_then(|a| a.public_ip.as_deref())
                .and_then(|text| text.parse().ok());
            out.insert(0, (primary, public));
        }
    }
    out
}

pub(crate) fn security_group_ref(
    c: &Collected,
    group: &str,
    referrer: String,
    diagnostics: &mut Diagnostics,
) {
    if !c.security_groups.contains(group)
        && !c
            .security_group_rules
            .iter()
            .any(|(_, entry)| entry.value.group_id == group)
    {
        diagnostics.missing(
            group,
            format!("{referrer} uses security group {group}, which is not in the input"),
            command::security_group(group),
        );
    }
}

pub(crate) fn prefix_list_ref(
    c: &Collected,
    prefix_list: &str,
    referrer: String,
    diagnostics: &mut Diagnostics,
) {
    if !c.managed_prefix_lists.contains(prefix_list) && !c.aws_prefix_lists.contains(prefix_list) {
        diagnostics.missing(
            prefix_list,
            format!("{referrer} prefix list {prefix_list}, which is not in the input"),
            command::prefix_list(prefix_list),
        );
    }
}

fn lower_gateways(
    c: &Collected,
    snapshot: &mut Snapshot,
    values: &mut Values<'_>,
    diagnostics: &mut Diagnostics,
) {
    let attached_vpc = |attachments: &[reach_aws::ec2::internet_gateway::GatewayAttachment]| {
        attachments
            .iter()
            .find(|attachment| {
                matches!(
                    attachment.state.as_deref(),
                    None | Some("available" | "attached")
                )
            })
            .map(|attachment| VpcId::new(&attachment.vpc_id))
    };
    for (
        id,
        Entry {
            value: gateway,
            origin,
        },
    ) in c.internet_gateways.iter()
    {
        let vpc = attached_vpc(&gateway.attachments);
        if let Some(vpc) = &vpc {
            if !c.vpcs.contains(vpc.as_str()) {
                diagnostics.missing(
                    vpc.as_str(),
                    format!(
                        "internet gateway {id} is attached to VPC {vpc}, which is not in the input"
                    ),
                    command::vpc(vpc.as_str()),
                );
            }
        }
        snapshot.internet_gateways.insert(
            InternetGatewayId::new(id),
            InternetGateway {
                id: InternetGatewayId::new(id),
                name: owned(name_tag(&gateway.tags)),
                vpc,
                owner_id: gateway.owner_id.clone(),
                origin: origin.clone(),
            },
        );
    }
    for (
        id,
        Entry {
            value: gateway,
            origin,
        },
    ) in c.egress_only_internet_gateways.iter()
    {
        snapshot.egress_only_internet_gateways.insert(
            EgressOnlyInternetGatewayId::new(id),
            EgressOnlyInternetGateway {
                id: EgressOnlyInternetGatewayId::new(id),
                name: owned(name_tag(&gateway.tags)),
                vpc: attached_vpc(&gateway.attachments),
                origin: origin.clone(),
            },
        );
    }
    for (
        id,
        Entry {
            value: gateway,
            origin,
        },
    ) in c.vpn_gateways.iter()
    {
        snapshot.vpn_gateways.insert(
            VpnGatewayId::new(id),
            VpnGateway {
                id: VpnGatewayId::new(id),
                name: owned(name_tag(&gateway.tags)),
                vpcs: gateway
                    .vpc_attachments
                    .iter()
                    .filter(|attachment| {
                        matches!(attachment.state.as_deref(), None | Some("attached"))
                    })
                    .map(|attachment| VpcId::new(&attachment.vpc_id))
                    .collect(),
                state: gateway.state.clone(),
                origin: origin.clone(),
            },
        );
    }
    for (
        id,
        Entry {
            value: gateway,
            origin,
        },
    ) in c.nat_gateways.iter()
    {
        let label = label("NAT gateway", id, name_tag(&gateway.tags));
        if let Some(subnet) = &gateway.subnet_id {
            if !c.subnets.contains(subnet) {
                diagnostics.missing(
                    subnet,
                    format!("{label} is in subnet {subnet}, which is not in the input"),
                    command::subnet(subnet),
                );
            }
        }
        let mut addresses = Vec::new();
        for (index, address) in gateway.nat_gateway_addresses.iter().enumerate() {
            let field = format!("NatGatewayAddresses[{index}]");
            if let Some(interface) = &address.network_interface_id {
                if !c.network_interfaces.contains(interface) {
                    diagnostics.missing(
                        interface,
                        format!("{label} sends traffic from network interface {interface}, which is not in the input"),
                        command::network_interface(interface),
                    );
                }
            }
            addresses.push(NatGatewayAddress {
                network_interface: address
                    .network_interface_id
                    .as_deref()
                    .map(NetworkInterfaceId::new),
                private_ip: address
                    .private_ip
                    .as_deref()
                    .and_then(|ip| values.ip(ip, origin, id, &format!("{field}.PrivateIp"))),
                public_ip: address
                    .public_ip
                    .as_deref()
                    .and_then(|ip| values.ip(ip, origin, id, &format!("{field}.PublicIp"))),
                allocation: address.allocation_id.as_deref().map(AllocationId::new),
            });
        }
        snapshot.nat_gateways.insert(
            NatGatewayId::new(id),
            NatGateway {
                id: NatGatewayId::new(id),
                name: owned(name_tag(&gateway.tags)),
                subnet: gateway.subnet_id.as_deref().map(SubnetId::new),
                vpc: gateway.vpc_id.as_deref().map(VpcId::new),
                state: gateway.state.clone(),
                public: gateway.connectivity_type.as_deref() != Some("private"),
                addresses,
                origin: origin.clone(),
            },
        );
    }
    for (
        public_ip,
        Entry {
            value: address,
            origin,
        },
    ) in c.addresses.iter()
    {
        let Some(public) = values.ip(public_ip, origin, public_ip, "PublicIp") else {
            continue;
        };
        if let Some(interface) = &address.network_interface_id {
            if !c.network_interfaces.contains(interface)
                && !snapshot.network_interfaces.contains_key(interface.as_str())
            {
                diagnostics.missing(
                    interface,
                    format!("Elastic IP {public_ip} is associated with network interface {interface}, which is not in the input"),
                    command::network_interface(interface),
                );
            }
        }
        snapshot.elastic_ips.insert(
            public,
            ElasticIp {
                public_ip: public,
                allocation: address.allocation_id.as_deref().map(AllocationId::new),
                network_interface: address
                    .network_interface_id
                    .as_deref()
                    .map(NetworkInterfaceId::new),
                private_ip: address
                    .private_ip_address
                    .as_deref()
                    .and_then(|ip| values.ip(ip, origin, public_ip, "PrivateIpAddress")),
                origin: origin.clone(),
            },
        );
    }
}

fn lower_prefix_lists(
    c: &Collected,
    snapshot: &mut Snapshot,
    values: &mut Values<'_>,
    diagnostics: &mut Diagnostics,
) {
    let mut parse = |cidrs: &mut dyn Iterator<Item = (usize, &str)>,
                     origin: &Origin,
                     id: &str,
                     field: &str|
     -> Vec<IpNet> {
        cidrs
            .filter_map(|(index, text)| values.cidr(text, origin, id, &format!("{field}[{index}]")))
            .collect()
    };
    for (
        id,
        Entry {
            value: list,
            origin,
        },
    ) in c.aws_prefix_lists.iter()
    {
        let cidrs = parse(
            &mut list.cidrs.iter().map(String::as_str).enumerate(),
            origin,
            id,
            "Cidrs",
        );
        snapshot.prefix_lists.insert(
            PrefixListId::new(id),
            PrefixList {
                id: PrefixListId::new(id),
                name: list.prefix_list_name.clone(),
                owner_id: Some("AWS".to_owned()),
                cidrs: Some(cidrs),
                origin: origin.clone(),
            },
        );
    }
    for (
        id,
        Entry {
            value: list,
            origin,
        },
    ) in c.managed_prefix_lists.iter()
    {
        let entries = c.prefix_list_entries.get(id);
        let from_service_list = snapshot
            .prefix_lists
            .get(id.as_str())
            .and_then(|list| list.cidrs.clone());
        let cidrs = match entries {
            Some(Entry {
                value: entries,
                origin: entries_origin,
            }) => Some(parse(
                &mut entries.iter().map(|entry| entry.cidr.as_str()).enumerate(),
                entries_origin,
                id,
                "Entries",
            )),
            None => {
                let name = list.prefix_list_name.as_deref().unwrap_or("unnamed");
                let consequence = if from_service_list.is_some() {
                    "Reach uses the CIDRs describe-prefix-lists printed for it"
                } else {
                    "rules and routes that use it cannot be checked"
                };
                diagnostics.missing(
                    format!("entries of {id}"),
                    format!("prefix list {id} ({name}): its entries were not exported, so {consequence}"),
                    command::prefix_list_entries(id),
                );
                from_service_list
            }
        };
        snapshot.prefix_lists.insert(
            PrefixListId::new(id),
            PrefixList {
                id: PrefixListId::new(id),
                name: list.prefix_list_name.clone(),
                owner_id: list.owner_id.clone(),
                cidrs,
                origin: origin.clone(),
            },
        );
    }
    for (
        id,
        Entry {
            value: entries,
            origin,
        },
    ) in c.prefix_list_entries.iter()
    {
        if snapshot.prefix_lists.contains_key(id.as_str()) {
            continue;
        }
        // Entries without the list's description: keep them, and say what is missing.
        diagnostics.missing(
            id,
            format!(
                "entries of prefix list {id} were exported, but the prefix list itself was not"
            ),
            command::prefix_list(id),
        );
        let cidrs = parse(
            &mut entries.iter().map(|entry| entry.cidr.as_str()).enumerate(),
            origin,
            id,
            "Entries",
        );
        snapshot.prefix_lists.insert(
            PrefixListId::new(id),
            PrefixList {
                id: PrefixListId::new(id),
                name: None,
                owner_id: None,
                cidrs: Some(cidrs),
                origin: origin.clone(),
            },
        );
    }
}

/// Every route target must be in the input.
fn check_routes(c: &Collected, snapshot: &Snapshot, diagnostics: &mut Diagnostics) {
    let firewall_endpoints: BTreeSet<&str> = snapshot
        .firewalls
        .values()
        .flat_map(|firewall| {
            firewall
                .endpoints
                .iter()
                .filter_map(|endpoint| endpoint.endpoint.as_ref())
        })
        .map(VpcEndpointId::as_str)
        .collect();
    for table in snapshot.route_tables.values() {
        let table_label = label("route table", table.id.as_str(), table.name.as_deref());
        for route in &table.routes {
            let destination = match &route.destination {
                RouteDestination::Cidr(cidr) => cidr.to_string(),
                RouteDestination::PrefixList(prefix_list) => {
                    prefix_list_ref(
                        c,
                        prefix_list.as_str(),
                        format!("{table_label} has a route to"),
                        diagnostics,
                    );
                    prefix_list.to_string()
                }
            };
            let referrer = format!("{table_label} routes {destination} to");
            let mut missing = |id: &str, kind: &str, command: String| {
                diagnostics.missing(
                    id,
                    format!("{referrer} {kind} {id}, which is not in the input"),
                    command,
                );
            };
            match &route.target {
                RouteTarget::InternetGateway(id) if !c.internet_gateways.contains(id.as_str()) => {
                    missing(
                        id.as_str(),
                        "internet gateway",
                        command::ec2(
                            "describe-internet-gateways",
                            "internet-gateway-ids",
                            id.as_str(),
                        ),
                    )
                }
                RouteTarget::EgressOnlyInternetGateway(id)
                    if !c.egress_only_internet_gateways.contains(id.as_str()) =>
                {
                    missing(
                        id.as_str(),
                        "egress-only internet gateway",
                        command::ec2(
                            "describe-egress-only-internet-gateways",
                            "egress-only-internet-gateway-ids",
                            id.as_str(),
                        ),
                    )
                }
                RouteTarget::NatGateway(id) if !c.nat_gateways.contains(id.as_str()) => missing(
                    id.as_str(),
                    "NAT gateway",
                    command::ec2("describe-nat-gateways", "nat-gateway-ids", id.as_str()),
                ),
                RouteTarget::TransitGateway(id) if !c.transit_gateways.contains(id.as_str()) => {
                    missing(
                        id.as_str(),
                        "transit gateway",
                        command::transit_gateway(id.as_str()),
                    )
                }
                RouteTarget::VpcPeeringConnection(id)
                    if !c.vpc_peering_connections.contains(id.as_str()) =>
                {
                    missing(
                        id.as_str(),
                        "VPC peering connection",
                        command::ec2(
                            "describe-vpc-peering-connections",
                            "vpc-peering-connection-ids",
                            id.as_str(),
                        ),
                    )
                }
                RouteTarget::NetworkInterface(id)
                    if !snapshot.network_interfaces.contains_key(id) =>
                {
                    missing(
                        id.as_str(),
                        "network interface",
                        command::network_interface(id.as_str()),
                    )
                }
                RouteTarget::Instance(id) if !c.instances.contains(id.as_str()) => {
                    missing(id.as_str(), "instance", command::instance(id.as_str()))
                }
                RouteTarget::VpnGateway(id) if !c.vpn_gateways.contains(id.as_str()) => missing(
                    id.as_str(),
                    "virtual private gateway",
                    command::ec2("describe-vpn-gateways", "vpn-gateway-ids", id.as_str()),
                ),
                RouteTarget::VpcEndpoint(id)
                    if !c.vpc_endpoints.contains(id.as_str())
                        && !firewall_endpoints.contains(id.as_str()) =>
                {
                    diagnostics.missing(
                        id.as_str(),
                        format!(
                            "{referrer} endpoint {id}, which is neither a VPC endpoint nor a Network Firewall endpoint in the input (if it is a firewall endpoint, list-firewalls names the firewall; then export it with describe-firewall)"
                        ),
                        command::endpoint(id.as_str(), table.vpc.as_str()),
                    );
                }
                _ => {}
            }
        }
    }
}
