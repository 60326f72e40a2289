//! Gathering the documents of every file into one table per resource kind, merged by id.
//! Identical copies of a resource are fine (two exports of the same account); conflicting
//! copies produce a diagnostic naming both files, and the first one read is kept.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::Origin;
use reach_aws::direct_connect::virtual_interface::VirtualInterface;
use reach_aws::ec2::{
    address::Address,
    egress_only_internet_gateway::EgressOnlyInternetGateway,
    instance::Instance,
    internet_gateway::InternetGateway,
    managed_prefix_list::{ManagedPrefixList, PrefixList, PrefixListEntry},
    nat_gateway::NatGateway,
    network_acl::NetworkAcl,
    network_interface::NetworkInterface,
    route_table::RouteTable,
    security_group::{SecurityGroup, SecurityGroupRule},
    subnet::Subnet,
    transit_gateway::{
        TransitGateway, TransitGatewayAttachment, TransitGatewayPeeringAttachment,
        TransitGatewayRoute, TransitGatewayRouteTable, TransitGatewayRouteTableAttachmentLink,
        TransitGatewayVpcAttachment,
    },
    vpc::Vpc,
    vpc_endpoint::{ServiceConfiguration, ServiceDetail, VpcEndpoint, VpcEndpointConnection},
    vpc_peering_connection::VpcPeeringConnection,
    vpn_connection::VpnConnection,
    vpn_gateway::VpnGateway,
    Tag,
};
use reach_aws::elbv2::{
    listener::{Listener, Rule},
    load_balancer::{LoadBalancer, LoadBalancerAttribute},
    target_group::{TargetGroup, TargetGroupAttribute, TargetHealthDescription},
};
use reach_aws::network_firewall::{
    firewall::{DescribeFirewall, DescribeVpcEndpointAssociation, FirewallMetadata},
    firewall_policy::{DescribeFirewallPolicy, FirewallPolicy},
    rule_group::{DescribeRuleGroup, RuleGroup},
    tls_inspection_configuration::DescribeTlsInspectionConfiguration,
};
use reach_aws::{Document, DocumentKind, Item, Located};
use std::collections::{BTreeMap, BTreeSet};

pub(crate) struct Entry<T> {
    pub value: T,
    pub origin: Origin,
}

pub(crate) struct Table<T> {
    pub entries: BTreeMap<String, Entry<T>>,
    what: &'static str,
    /// For resources AWS RAM shares between accounts: how to merge two accounts' copies.
    shared: Option<Merge<T>>,
}

/// Merges an existing copy with a new one read from `Origin`: the merged value and whether the
/// new copy's origin describes it; `None` when the copies conflict.
type Merge<T> = fn(&Entry<T>, &T, &Origin) -> Option<(T, bool)>;

/// A resource that can appear in several accounts' exports (shared through AWS RAM, or with
/// one side in each account): each account sees its own tags, and only the owner sees some
/// fields (a transit gateway attachment's association).
pub(crate) trait Shareable: Clone + PartialEq {
    /// The account whose copy describes the resource.
    fn owner(&self) -> Option<&str>;
    /// What every account sees alike.
    fn common(&self) -> Self;
    fn tags(&self) -> &[Tag];
    fn set_tags(&mut self, tags: Vec<Tag>);
}

/// Two accounts' copies of one resource, merged: the owner's copy (or, without account
/// folders, the one carrying tags), with the other's tags when it has none, and whether that is
/// the new copy. `None` when the copies differ in more than what accounts see differently.
fn merge_shared<T: Shareable>(
    existing: &Entry<T>,
    value: &T,
    origin: &Origin,
) -> Option<(T, bool)> {
    if existing.value.common() != value.common() {
        return None;
    }
    let owner = value.owner().or(existing.value.owner());
    let by_owner = |origin: &Origin| owner.is_some() && origin.account_id.as_deref() == owner;
    let new_wins = if by_owner(origin) != by_owner(&existing.origin) {
        by_owner(origin)
    } else {
        !value.tags().is_empty() && existing.value.tags().is_empty()
    };
    let (mut kept, other) = match new_wins {
        true => (value.clone(), &existing.value),
        false => (existing.value.clone(), value),
    };
    if kept.tags().is_empty() && !other.tags().is_empty() {
        kept.set_tags(other.tags().to_vec());
    }
    Some((kept, new_wins))
}

impl<T: Shareable> Table<T> {
    /// A table of resources that several accounts list.
    fn shared(what: &'static str) -> Table<T> {
        Table {
            shared: Some(merge_shared::<T>),
            ..Table::new(what)
        }
    }
}

impl<T: PartialEq> Table<T> {
    fn new(what: &'static str) -> Table<T> {
        Table {
            entries: BTreeMap::new(),
            what,
            shared: None,
        }
    }

    fn insert(&mut self, id: String, value: T, origin: Origin, diagnostics: &mut Diagnostics) {
        let merged = match (self.entries.get(&id), self.shared) {
            (Some(existing), Some(merge)) if existing.value != value => {
                merge(existing, &value, &origin)
            }
            _ => None,
        };
        if let Some((merged, new_wins)) = merged {
            // Messages about the resource point into the file its kept copy came from.
            let origin = match new_wins {
                true => origin,
                false => self.entries[&id].origin.clone(),
            };
            self.entries.insert(
                id,
                Entry {
                    value: merged,
                    origin,
                },
            );
            return;
        }
        match self.entries.get(&id) {
            None => {
                self.entries.insert(id, Entry { value, origin });
            }
            Some(existing) if existing.value == value => {}
            Some(existing) => diagnostics.other(Diagnostic {
                message: format!(
                    "{} {id} is described differently in {} ({}) and in {} ({}): Reach uses the first; export both from the same moment, or remove the stale file",
                    self.what, existing.origin.file, existing.origin.path, origin.file, origin.path
                ),
                missing: None,
                command: None,
            }),
        }
    }

    pub fn get(&self, id: &str) -> Option<&Entry<T>> {
        self.entries.get(id)
    }

    pub fn contains(&self, id: &str) -> bool {
        self.entries.contains_key(id)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &Entry<T>)> {
        self.entries.iter()
    }
}

/// Implements `Shareable` for a type whose accounts differ in tags (and in `$hidden`, fields
/// only the owner sees), owned by the account `$owner` names.
macro_rules! shareable {
    ($type:ty, |$value:ident| $owner:expr $(, hidden: $($hidden:ident),*)?) => {
        impl Shareable for $type {
            fn owner(&self) -> Option<&str> {
                let $value = self;
                $owner
            }
            fn common(&self) -> Self {
                Self {
                    tags: Vec::new(),
                    $($($hidden: Default::default(),)*)?
                    ..self.clone()
                }
            }
            fn tags(&self) -> &[Tag] {
                &self.tags
            }
            fn set_tags(&mut self, tags: Vec<Tag>) {
                self.tags = tags;
            }
        }
    };
}

// Shared through AWS RAM (a VPC's subnets, with their VPC; a transit gateway), described to
// participants with their own tags; a participant also describes the route tables, network
// ACLs and security groups of a shared VPC.
shareable!(Vpc, |vpc| vpc.owner_id.as_deref());
shareable!(Subnet, |subnet| subnet.owner_id.as_deref());
shareable!(RouteTable, |table| table.owner_id.as_deref());
shareable!(NetworkAcl, |acl| acl.owner_id.as_deref());
shareable!(SecurityGroup, |group| group.owner_id.as_deref());
shareable!(TransitGateway, |gateway| gateway.owner_id.as_deref());
// An attachment to a shared transit gateway: only the transit gateway's owner sees its
// association.
shareable!(TransitGatewayAttachment, |attachment| attachment
    .transit_gateway_owner_id
    .as_deref(), hidden: association);
shareable!(TransitGatewayVpcAttachment, |attachment| attachment
    .vpc_owner_id
    .as_deref());
// Both sides of a peering connection list it; the requester created it.
shareable!(VpcPeeringConnection, |peering| peering
    .requester_vpc_info
    .as_ref()
    .and_then(|info| info.owner_id.as_deref()));

/// Every resource of the input, as AWS printed it, merged by id.
pub(crate) struct Collected {
    pub vpcs: Table<Vpc>,
    pub subnets: Table<Subnet>,
    pub route_tables: Table<RouteTable>,
    pub security_groups: Table<SecurityGroup>,
    pub security_group_rules: Table<SecurityGroupRule>,
    pub network_acls: Table<NetworkAcl>,
    pub network_interfaces: Table<NetworkInterface>,
    /// Instances with the account of their reservation.
    pub instances: Table<(Instance, Option<String>)>,
    pub internet_gateways: Table<InternetGateway>,
    pub egress_only_internet_gateways: Table<EgressOnlyInternetGateway>,
    pub nat_gateways: Table<NatGateway>,
    pub addresses: Table<Address>,
    pub vpc_endpoints: Table<VpcEndpoint>,
    /// Keyed by service id: AWS lists one service name once per type (S3 as `Gateway` and
    /// as `Interface`).
    pub vpc_endpoint_services: Table<ServiceDetail>,
    pub endpoint_service_configurations: Table<ServiceConfiguration>,
    /// Keyed by endpoint and service: one endpoint connects to one service.
    pub endpoint_connections: Table<VpcEndpointConnection>,
    pub vpc_peering_connections: Table<VpcPeeringConnection>,
    pub managed_prefix_lists: Table<ManagedPrefixList>,
    pub prefix_list_entries: Table<Vec<PrefixListEntry>>,
    pub aws_prefix_lists: Table<PrefixList>,
    pub transit_gateways: Table<TransitGateway>,
    pub transit_gateway_attachments: Table<TransitGatewayAttachment>,
    pub transit_gateway_vpc_attachments: Table<TransitGatewayVpcAttachment>,
    pub transit_gateway_peering_attachments: Table<TransitGatewayPeeringAttachment>,
    pub transit_gateway_route_tables: Table<TransitGatewayRouteTable>,
    pub transit_gateway_routes: Table<Vec<TransitGatewayRoute>>,
    pub transit_gateway_associations: Table<Vec<TransitGatewayRouteTableAttachmentLink>>,
    pub transit_gateway_propagations: Table<Vec<TransitGatewayRouteTableAttachmentLink>>,
    pub vpn_gateways: Table<VpnGateway>,
    pub vpn_connections: Table<VpnConnection>,
    pub virtual_interfaces: Table<VirtualInterface>,
    pub listed_firewalls: Table<FirewallMetadata>,
    pub firewalls: Table<DescribeFirewall>,
    /// Firewall endpoints placed in other VPCs, by association ARN.
    pub vpc_endpoint_associations: Table<DescribeVpcEndpointAssociation>,
    pub firewall_policies: Table<DescribeFirewallPolicy>,
    /// `--query FirewallPolicy` fragments, keyed by the ARN or name their context gave.
    pub firewall_policy_fragments: Table<FirewallPolicy>,
    pub rule_groups: Table<DescribeRuleGroup>,
    /// `--query RuleGroup` / `RulesSource` fragments, keyed by the ARN or name their context gave.
    pub rule_group_fragments: Table<RuleGroup>,
    pub tls_inspection_configurations: Table<DescribeTlsInspectionConfiguration>,
    pub load_balancers: Table<LoadBalancer>,
    /// Keyed by the load balancer ARN or name their context gave.
    pub load_balancer_attributes: Table<Vec<LoadBalancerAttribute>>,
    pub target_groups: Table<TargetGroup>,
    /// Keyed by the target group ARN or name their context gave.
    pub target_health: Table<Vec<TargetHealthDescription>>,
    /// Keyed by the target group ARN or name their context gave.
    pub target_group_attributes: Table<Vec<TargetGroupAttribute>>,
    pub listeners: Table<Listener>,
    pub listener_rules: Table<Rule>,
    /// Load balancers (ARN or name) whose `describe-listeners` output was read, even if empty.
    pub listeners_exported_for: BTreeSet<String>,
    /// Transit gateway route tables whose routes came from Batfish's static-routes wrapper.
    pub static_only_routes: BTreeSet<String>,
    /// Calls whose whole output (not a fragment) was read.
    pub whole_outputs: BTreeSet<DocumentKind>,
}

impl Collected {
    pub fn new() -> Collected {
        Collected {
            vpcs: Table::shared("VPC"),
            subnets: Table::shared("subnet"),
            route_tables: Table::shared("route table"),
            security_groups: Table::shared("security group"),
            security_group_rules: Table::new("security group rule"),
            network_acls: Table::shared("network ACL"),
            network_interfaces: Table::new("network interface"),
            instances: Table::new("instance"),
            internet_gateways: Table::new("internet gateway"),
            egress_only_internet_gateways: Table::new("egress-only internet gateway"),
            nat_gateways: Table::new("NAT gateway"),
            addresses: Table::new("Elastic IP address"),
            vpc_endpoints: Table::new("VPC endpoint"),
            vpc_endpoint_services: Table::new("endpoint service"),
            endpoint_service_configurations: Table::new("endpoint service configuration"),
            endpoint_connections: Table::new("endpoint connection"),
            vpc_peering_connections: Table::shared("VPC peering connection"),
            managed_prefix_lists: Table::new("prefix list"),
            prefix_list_entries: Table::new("entries of prefix list"),
            aws_prefix_lists: Table::new("AWS prefix list"),
            transit_gateways: Table::shared("transit gateway"),
            transit_gateway_attachments: Table::shared("transit gateway attachment"),
            transit_gateway_vpc_attachments: Table::shared("transit gateway VPC attachment"),
            transit_gateway_peering_attachments: Table::new("transit gateway peering attachment"),
            transit_gateway_route_tables: Table::new("transit gateway route table"),
            transit_gateway_routes: Table::new("routes of transit gateway route table"),
            transit_gateway_associations: Table::new("associations of transit gateway route table"),
            transit_gateway_propagations: Table::new("propagations of transit gateway route table"),
            vpn_gateways: Table::new("virtual private gateway"),
            vpn_connections: Table::new("VPN connection"),
            virtual_interfaces: Table::new("Direct Connect virtual interface"),
            listed_firewalls: Table::new("firewall (list-firewalls)"),
            firewalls: Table::new("firewall"),
            vpc_endpoint_associations: Table::new("VPC endpoint association"),
            firewall_policies: Table::new("firewall policy"),
            firewall_policy_fragments: Table::new("firewall policy"),
            rule_groups: Table::new("rule group"),
            rule_group_fragments: Table::new("rule group"),
            tls_inspection_configurations: Table::new("TLS inspection configuration"),
            load_balancers: Table::new("load balancer"),
            load_balancer_attributes: Table::new("attributes of load balancer"),
            target_groups: Table::new("target group"),
            target_health: Table::new("target health of target group"),
            target_group_attributes: Table::new("attributes of target group"),
            listeners: Table::new("listener"),
            listener_rules: Table::new("listener rule"),
            listeners_exported_for: BTreeSet::new(),
            static_only_routes: BTreeSet::new(),
            whole_outputs: BTreeSet::new(),
        }
    }

    pub fn add(&mut self, located: Located, diagnostics: &mut Diagnostics) {
        let Located {
            file,
            context,
            document,
            fragment,
        } = located;
        if !fragment {
            self.whole_outputs.insert(document.kind());
        }
        let origin = |path: &str| Origin {
            file: file.clone(),
            path: path.to_owned(),
            account_id: context.account_id.clone(),
            region: context.region.clone(),
        };
        macro_rules! each {
            ($items:expr, $table:ident, |$value:ident| $id:expr) => {
                for Item { path, value } in $items {
                    let $value = &value;
                    let id: String = $id;
                    self.$table.insert(id, value, origin(&path), diagnostics);
                }
            };
        }
        match document {
            Document::Vpcs(items) => each!(items, vpcs, |v| v.vpc_id.clone()),
            Document::Subnets(items) => each!(items, subnets, |v| v.subnet_id.clone()),
            Document::RouteTables(items) => {
                each!(items, route_tables, |v| v.route_table_id.clone())
            }
            Document::SecurityGroups(items) => {
                each!(items, security_groups, |v| v.group_id.clone())
            }
            Document::SecurityGroupRules(items) => {
                each!(items, security_group_rules, |v| v
                    .security_group_rule_id
                    .clone())
            }
            Document::NetworkAcls(items) => {
                each!(items, network_acls, |v| v.network_acl_id.clone())
            }
            Document::NetworkInterfaces(items) => {
                each!(items, network_interfaces, |v| v
                    .network_interface_id
                    .clone())
            }
            Document::Reservations(items) => {
                for Item {
                    path,
                    value: reservation,
                } in items
                {
                    for (index, instance) in reservation.instances.into_iter().enumerate() {
                        let id = instance.instance_id.clone();
                        let path = format!("{path}.Instances[{index}]");
                        self.instances.insert(
                            id,
                            (instance, reservation.owner_id.clone()),
                            origin(&path),
                            diagnostics,
                        );
                    }
                }
            }
            Document::InternetGateways(items) => {
                each!(items, internet_gateways, |v| v.internet_gateway_id.clone())
            }
            Document::EgressOnlyInternetGateways(items) => {
                each!(items, egress_only_internet_gateways, |v| v
                    .egress_only_internet_gateway_id
                    .clone())
            }
            Document::NatGateways(items) => {
                each!(items, nat_gateways, |v| v.nat_gateway_id.clone())
            }
            Document::Addresses(items) => each!(items, addresses, |v| v.public_ip.clone()),
            Document::VpcEndpoints(items) => {
                each!(items, vpc_endpoints, |v| v.vpc_endpoint_id.clone())
            }
            Document::VpcEndpointServices(items) => {
                each!(items, vpc_endpoint_services, |v| v
                    .service_id
                    .clone()
                    .unwrap_or_else(|| format!(
                        "{} ({:?})",
                        v.service_name, v.service_type
                    )))
            }
            Document::VpcEndpointServiceConfigurations(items) => {
                each!(items, endpoint_service_configurations, |v| v
                    .service_id
                    .clone())
            }
            Document::VpcEndpointConnections(items) => {
                each!(items, endpoint_connections, |v| v.vpc_endpoint_id.clone())
            }
            Document::VpcPeeringConnections(items) => {
                each!(items, vpc_peering_connections, |v| v
                    .vpc_peering_connection_id
                    .clone())
            }
            Document::ManagedPrefixLists(items) => {
                each!(items, managed_prefix_lists, |v| v.prefix_list_id.clone())
            }
            Document::ManagedPrefixListEntries {
                prefix_list,
                entries,
            } => {
                let entries = entries.into_iter().map(|item| item.value).collect();
                self.prefix_list_entries.insert(
                    prefix_list,
                    entries,
                    origin("Entries"),
                    diagnostics,
                );
            }
            Document::PrefixLists(items) => {
                each!(items, aws_prefix_lists, |v| v.prefix_list_id.clone())
            }
            Document::TransitGateways(items) => {
                each!(items, transit_gateways, |v| v.transit_gateway_id.clone())
            }
            // A peering attachment has one id and two sides, one per transit gateway, each
            // exported in its own region with its own association: kept apart as `id@tgw`.
            Document::TransitGatewayAttachments(items) => {
                each!(items, transit_gateway_attachments, |v| match (
                    v.resource_type.as_deref(),
                    &v.transit_gateway_id
                ) {
                    (Some("peering"), Some(gateway)) => {
                        format!("{}@{gateway}", v.transit_gateway_attachment_id)
                    }
                    _ => v.transit_gateway_attachment_id.clone(),
                })
            }
            Document::TransitGatewayVpcAttachments(items) => {
                each!(items, transit_gateway_vpc_attachments, |v| v
                    .transit_gateway_attachment_id
                    .clone())
            }
            // Both regions print the same peering attachment, each side with its own tags;
            // names come from describe-transit-gateway-attachments, so the tags are dropped
            // here rather than reported as a conflict.
            Document::TransitGatewayPeeringAttachments(items) => {
                let items = items.into_iter().map(|mut item| {
                    item.value.tags.clear();
                    item
                });
                each!(items, transit_gateway_peering_attachments, |v| v
                    .transit_gateway_attachment_id
                    .clone())
            }
            Document::TransitGatewayRouteTables(items) => {
                each!(items, transit_gateway_route_tables, |v| v
                    .transit_gateway_route_table_id
                    .clone())
            }
            Document::TransitGatewayRoutes {
                route_table,
                routes,
                static_only,
            } => {
                if static_only {
                    self.static_only_routes.insert(route_table.clone());
                }
                let routes = routes.into_iter().map(|item| item.value).collect();
                self.transit_gateway_routes.insert(
                    route_table,
                    routes,
                    origin("Routes"),
                    diagnostics,
                );
            }
            Document::TransitGatewayRouteTableAssociations { route_table, links } => {
                let links = links.into_iter().map(|item| item.value).collect();
                self.transit_gateway_associations.insert(
                    route_table,
                    links,
                    origin("Associations"),
                    diagnostics,
                );
            }
            Document::TransitGatewayRouteTablePropagations { route_table, links } => {
                let links = links.into_iter().map(|item| item.value).collect();
                self.transit_gateway_propagations.insert(
                    route_table,
                    links,
                    origin("TransitGatewayRouteTablePropagations"),
                    diagnostics,
                );
            }
            Document::VpnGateways(items) => {
                each!(items, vpn_gateways, |v| v.vpn_gateway_id.clone())
            }
            Document::VpnConnections(items) => {
                each!(items, vpn_connections, |v| v.vpn_connection_id.clone())
            }
            Document::VirtualInterfaces(items) => {
                each!(items, virtual_interfaces, |v| v
                    .virtual_interface_id
                    .clone())
            }
            Document::Firewalls(items) => {
                each!(items, listed_firewalls, |v| v.firewall_arn.clone())
            }
            Document::Firewall(firewall) => {
                let id = firewall.firewall.firewall_arn.clone();
                self.firewalls
                    .insert(id, *firewall, origin("Firewall"), diagnostics);
            }
            Document::VpcEndpointAssociation(association) => {
                let id = association
                    .vpc_endpoint_association
                    .vpc_endpoint_association_arn
                    .clone();
                self.vpc_endpoint_associations.insert(
                    id,
                    *association,
                    origin("VpcEndpointAssociation"),
                    diagnostics,
                );
            }
            Document::FirewallPolicy(policy) => {
                let id = policy.firewall_policy_response.firewall_policy_arn.clone();
                self.firewall_policies
                    .insert(id, *policy, origin("FirewallPolicy"), diagnostics);
            }
            Document::FirewallPolicyFragment {
                policy,
                firewall_policy,
            } => {
                self.firewall_policy_fragments.insert(
                    policy,
                    *firewall_policy,
                    origin("(top level)"),
                    diagnostics,
                );
            }
            Document::RuleGroup(rule_group) => {
                let id = rule_group.rule_group_response.rule_group_arn.clone();
                self.rule_groups
                    .insert(id, *rule_group, origin("RuleGroup"), diagnostics);
            }
            Document::RuleGroupFragment {
                rule_group,
                rule_group_body,
            } => {
                self.rule_group_fragments.insert(
                    rule_group,
                    *rule_group_body,
                    origin("(top level)"),
                    diagnostics,
                );
            }
            Document::TlsInspectionConfiguration(configuration) => {
                let id = configuration
                    .tls_inspection_configuration_response
                    .tls_inspection_configuration_arn
                    .clone();
                self.tls_inspection_configurations.insert(
                    id,
                    *configuration,
                    origin("TLSInspectionConfiguration"),
                    diagnostics,
                );
            }
            Document::LoadBalancers(items) => {
                each!(items, load_balancers, |v| v.load_balancer_arn.clone())
            }
            Document::TargetGroups(items) => {
                each!(items, target_groups, |v| v.target_group_arn.clone())
            }
            Document::TargetHealth {
                target_group,
                descriptions,
            } => {
                let descriptions = descriptions.into_iter().map(|item| item.value).collect();
                self.target_health.insert(
                    target_group,
                    descriptions,
                    origin("TargetHealthDescriptions"),
                    diagnostics,
                );
            }
            Document::LoadBalancerAttributes {
                load_balancer,
                attributes,
            } => {
                let path = list_path(&attributes);
                let attributes = attributes.into_iter().map(|item| item.value).collect();
                self.load_balancer_attributes.insert(
                    load_balancer,
                    attributes,
                    origin(&path),
                    diagnostics,
                );
            }
            Document::TargetGroupAttributes {
                target_group,
                attributes,
            } => {
                let path = list_path(&attributes);
                let attributes = attributes.into_iter().map(|item| item.value).collect();
                self.target_group_attributes.insert(
                    target_group,
                    attributes,
                    origin(&path),
                    diagnostics,
                );
            }
            Document::Listeners(items) => {
                if let Some(key) = context.file_key.clone() {
                    self.listeners_exported_for.insert(key);
                }
                for item in &items {
                    if let Some(load_balancer) = &item.value.load_balancer_arn {
                        self.listeners_exported_for.insert(load_balancer.clone());
                    }
                }
                each!(items, listeners, |v| v.listener_arn.clone())
            }
            Document::ListenerRules(items) => each!(items, listener_rules, |v| v.rule_arn.clone()),
        }
    }
}

/// The JSON path of the list `items` came from (`Attributes`, or Batfish's
/// `LoadBalancerAttributes[0].Attributes`), so that a value's error can say `…[2].Value`.
fn list_path<T>(items: &[Item<T>]) -> String {
    items
        .first()
        .and_then(|item| item.path.rsplit_once('['))
        .map(|(list, _)| list.to_owned())
        .unwrap_or_else(|| "Attributes".to_owned())
}
