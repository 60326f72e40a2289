use crate::direct_connect::virtual_interface::VirtualInterface;
use crate::ec2::{
    address::Address,
    egress_only_internet_gateway::EgressOnlyInternetGateway,
    instance::Reservation,
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
};
use crate::elbv2::{
    listener::{Listener, Rule},
    load_balancer::{LoadBalancer, LoadBalancerAttribute},
    target_group::{TargetGroup, TargetGroupAttribute, TargetHealthDescription},
};
use crate::network_firewall::{
    firewall::{DescribeFirewall, DescribeVpcEndpointAssociation, FirewallMetadata},
    firewall_policy::{DescribeFirewallPolicy, FirewallPolicy},
    rule_group::{DescribeRuleGroup, RuleGroup},
    tls_inspection_configuration::DescribeTlsInspectionConfiguration,
};
use crate::Context;
use std::fmt;

/// One resource of a document, with where it stands in its file (`RouteTables[2]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item<T> {
    /// The JSON path of the resource inside its file.
    pub path: String,
    /// The resource as AWS printed it.
    pub value: T,
}

/// A recognised document with the file it came from and its context.
#[derive(Clone, Debug, PartialEq)]
pub struct Located {
    /// The file (for a scenario bundle: `bundle.json#describe-vpcs.json`).
    pub file: String,
    /// Account, region, call, and the owning resource for outputs that carry no id.
    pub context: Context,
    /// What the document is.
    pub document: Document,
    /// Whether this is a `--query` fragment rather than a whole CLI output. Only whole outputs
    /// prove that a kind of resource was exported at all.
    pub fragment: bool,
}

/// A recognised AWS CLI output. Outputs that carry no id of their own name the resource they
/// belong to (`route_table`, `prefix_list`, …), taken from their context; a name that is not
/// an ARN (`target_group`, `rule_group`, `policy`) is resolved by the model.
#[derive(Clone, Debug, PartialEq)]
#[allow(missing_docs)]
pub enum Document {
    Vpcs(Vec<Item<Vpc>>),
    Subnets(Vec<Item<Subnet>>),
    RouteTables(Vec<Item<RouteTable>>),
    SecurityGroups(Vec<Item<SecurityGroup>>),
    SecurityGroupRules(Vec<Item<SecurityGroupRule>>),
    NetworkAcls(Vec<Item<NetworkAcl>>),
    NetworkInterfaces(Vec<Item<NetworkInterface>>),
    Reservations(Vec<Item<Reservation>>),
    InternetGateways(Vec<Item<InternetGateway>>),
    EgressOnlyInternetGateways(Vec<Item<EgressOnlyInternetGateway>>),
    NatGateways(Vec<Item<NatGateway>>),
    Addresses(Vec<Item<Address>>),
    VpcEndpoints(Vec<Item<VpcEndpoint>>),
    VpcEndpointServices(Vec<Item<ServiceDetail>>),
    VpcEndpointServiceConfigurations(Vec<Item<ServiceConfiguration>>),
    VpcEndpointConnections(Vec<Item<VpcEndpointConnection>>),
    VpcPeeringConnections(Vec<Item<VpcPeeringConnection>>),
    ManagedPrefixLists(Vec<Item<ManagedPrefixList>>),
    ManagedPrefixListEntries {
        prefix_list: String,
        entries: Vec<Item<PrefixListEntry>>,
    },
    PrefixLists(Vec<Item<PrefixList>>),
    TransitGateways(Vec<Item<TransitGateway>>),
    TransitGatewayAttachments(Vec<Item<TransitGatewayAttachment>>),
    TransitGatewayVpcAttachments(Vec<Item<TransitGatewayVpcAttachment>>),
    TransitGatewayPeeringAttachments(Vec<Item<TransitGatewayPeeringAttachment>>),
    TransitGatewayRouteTables(Vec<Item<TransitGatewayRouteTable>>),
    /// `static_only`: Batfish's `TransitGatewayStaticRoutes`, which leaves propagated routes out.
    TransitGatewayRoutes {
        route_table: String,
        routes: Vec<Item<TransitGatewayRoute>>,
        static_only: bool,
    },
    TransitGatewayRouteTableAssociations {
        route_table: String,
        links: Vec<Item<TransitGatewayRouteTableAttachmentLink>>,
    },
    TransitGatewayRouteTablePropagations {
        route_table: String,
        links: Vec<Item<TransitGatewayRouteTableAttachmentLink>>,
    },
    VpnGateways(Vec<Item<VpnGateway>>),
    VpnConnections(Vec<Item<VpnConnection>>),
    VirtualInterfaces(Vec<Item<VirtualInterface>>),
    Firewalls(Vec<Item<FirewallMetadata>>),
    Firewall(Box<DescribeFirewall>),
    VpcEndpointAssociation(Box<DescribeVpcEndpointAssociation>),
    FirewallPolicy(Box<DescribeFirewallPolicy>),
    FirewallPolicyFragment {
        policy: String,
        firewall_policy: Box<FirewallPolicy>,
    },
    RuleGroup(Box<DescribeRuleGroup>),
    RuleGroupFragment {
        rule_group: String,
        rule_group_body: Box<RuleGroup>,
    },
    TlsInspectionConfiguration(Box<DescribeTlsInspectionConfiguration>),
    LoadBalancers(Vec<Item<LoadBalancer>>),
    /// `load_balancer`: its ARN or name, from context (Batfish's wrapper: its ARN).
    LoadBalancerAttributes {
        load_balancer: String,
        attributes: Vec<Item<LoadBalancerAttribute>>,
    },
    TargetGroups(Vec<Item<TargetGroup>>),
    TargetHealth {
        target_group: String,
        descriptions: Vec<Item<TargetHealthDescription>>,
    },
    TargetGroupAttributes {
        target_group: String,
        attributes: Vec<Item<TargetGroupAttribute>>,
    },
    Listeners(Vec<Item<Listener>>),
    ListenerRules(Vec<Item<Rule>>),
}

/// The AWS CLI call a document is the output of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[allow(missing_docs)]
pub enum DocumentKind {
    DescribeVpcs,
    DescribeSubnets,
    DescribeRouteTables,
    DescribeSecurityGroups,
    DescribeSecurityGroupRules,
    DescribeNetworkAcls,
    DescribeNetworkInterfaces,
    DescribeInstances,
    DescribeInternetGateways,
    DescribeEgressOnlyInternetGateways,
    DescribeNatGateways,
    DescribeAddresses,
    DescribeVpcEndpoints,
    DescribeVpcEndpointServices,
    DescribeVpcEndpointServiceConfigurations,
    DescribeVpcEndpointConnections,
    DescribeVpcPeeringConnections,
    DescribeManagedPrefixLists,
    GetManagedPrefixListEntries,
    DescribePrefixLists,
    DescribeTransitGateways,
    DescribeTransitGatewayAttachments,
    DescribeTransitGatewayVpcAttachments,
    DescribeTransitGatewayPeeringAttachments,
    DescribeTransitGatewayRouteTables,
    SearchTransitGatewayRoutes,
    GetTransitGatewayRouteTableAssociations,
    GetTransitGatewayRouteTablePropagations,
    DescribeVpnGateways,
    DescribeVpnConnections,
    DescribeVirtualInterfaces,
    ListFirewalls,
    DescribeFirewall,
    DescribeVpcEndpointAssociation,
    DescribeFirewallPolicy,
    DescribeRuleGroup,
    DescribeTlsInspectionConfiguration,
    DescribeLoadBalancers,
    DescribeLoadBalancerAttributes,
    DescribeTargetGroups,
    DescribeTargetHealth,
    DescribeTargetGroupAttributes,
    DescribeListeners,
    DescribeRules,
}

impl DocumentKind {
    /// The CLI service (`ec2`, `network-firewall`, `elbv2`, `directconnect`).
    pub fn service(self) -> &'static str {
        use DocumentKind::*;
        match self {
            ListFirewalls
            | DescribeFirewall
            | DescribeVpcEndpointAssociation
            | DescribeFirewallPolicy
            | DescribeRuleGroup
            | DescribeTlsInspectionConfiguration => "network-firewall",
            DescribeLoadBalancers
            | DescribeLoadBalancerAttributes
            | DescribeTargetGroups
            | DescribeTargetHealth
            | DescribeTargetGroupAttributes
            | DescribeListeners
            | DescribeRules => "elbv2",
            DescribeVirtualInterfaces => "directconnect",
            _ => "ec2",
        }
    }

    /// The operation as the CLI spells it (`describe-vpcs`).
    pub fn operation(self) -> &'static str {
        use DocumentKind::*;
        match self {
            DescribeVpcs => "describe-vpcs",
            DescribeSubnets => "describe-subnets",
            DescribeRouteTables => "describe-route-tables",
            DescribeSecurityGroups => "describe-security-groups",
            DescribeSecurityGroupRules => "describe-security-group-rules",
            DescribeNetworkAcls => "describe-network-acls",
            DescribeNetworkInterfaces => "describe-network-interfaces",
            DescribeInstances => "describe-instances",
            DescribeInternetGateways => "describe-internet-gateways",
            DescribeEgressOnlyInternetGateways => "describe-egress-only-internet-gateways",
            DescribeNatGateways => "describe-nat-gateways",
            DescribeAddresses => "describe-addresses",
            DescribeVpcEndpoints => "describe-vpc-endpoints",
            DescribeVpcEndpointServices => "describe-vpc-endpoint-services",
            DescribeVpcEndpointServiceConfigurations => {
                "describe-vpc-endpoint-service-configurations"
            }
            DescribeVpcEndpointConnections => "describe-vpc-endpoint-connections",
            DescribeVpcPeeringConnections => "describe-vpc-peering-connections",
            DescribeManagedPrefixLists => "describe-managed-prefix-lists",
            GetManagedPrefixListEntries => "get-managed-prefix-list-entries",
            DescribePrefixLists => "describe-prefix-lists",
            DescribeTransitGateways => "describe-transit-gateways",
            DescribeTransitGatewayAttachments => "describe-transit-gateway-attachments",
            DescribeTransitGatewayVpcAttachments => "describe-transit-gateway-vpc-attachments",
            DescribeTransitGatewayPeeringAttachments => {
                "describe-transit-gateway-peering-attachments"
            }
            DescribeTransitGatewayRouteTables => "describe-transit-gateway-route-tables",
            SearchTransitGatewayRoutes => "search-transit-gateway-routes",
            GetTransitGatewayRouteTableAssociations => {
                "get-transit-gateway-route-table-associations"
            }
            GetTransitGatewayRouteTablePropagations => {
                "get-transit-gateway-route-table-propagations"
            }
            DescribeVpnGateways => "describe-vpn-gateways",
            DescribeVpnConnections => "describe-vpn-connections",
            DescribeVirtualInterfaces => "describe-virtual-interfaces",
            ListFirewalls => "list-firewalls",
            DescribeFirewall => "describe-firewall",
            DescribeVpcEndpointAssociation => "describe-vpc-endpoint-association",
            DescribeFirewallPolicy => "describe-firewall-policy",
            DescribeRuleGroup => "describe-rule-group",
            DescribeTlsInspectionConfiguration => "describe-tls-inspection-configuration",
            DescribeLoadBalancers => "describe-load-balancers",
            DescribeLoadBalancerAttributes => "describe-load-balancer-attributes",
            DescribeTargetGroups => "describe-target-groups",
            DescribeTargetHealth => "describe-target-health",
            DescribeTargetGroupAttributes => "describe-target-group-attributes",
            DescribeListeners => "describe-listeners",
            DescribeRules => "describe-rules",
        }
    }

    /// `aws <service> <operation>`, without arguments.
    pub fn command(self) -> String {
        format!("aws {} {}", self.service(), self.operation())
    }
}

impl fmt::Display for DocumentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.operation())
    }
}

impl Document {
    /// The call this document is the output of.
    pub fn kind(&self) -> DocumentKind {
        use DocumentKind as K;
        match self {
            Document::Vpcs(_) => K::DescribeVpcs,
            Document::Subnets(_) => K::DescribeSubnets,
            Document::RouteTables(_) => K::DescribeRouteTables,
            Document::SecurityGroups(_) => K::DescribeSecurityGroups,
            Document::SecurityGroupRules(_) => K::DescribeSecurityGroupRules,
            Document::NetworkAcls(_) => K::DescribeNetworkAcls,
            Document::NetworkInterfaces(_) => K::DescribeNetworkInterfaces,
            Document::Reservations(_) => K::DescribeInstances,
            Document::InternetGateways(_) => K::DescribeInternetGateways,
            Document::EgressOnlyInternetGateways(_) => K::DescribeEgressOnlyInternetGateways,
            Document::NatGateways(_) => K::DescribeNatGateways,
            Document::Addresses(_) => K::DescribeAddresses,
            Document::VpcEndpoints(_) => K::DescribeVpcEndpoints,
            Document::VpcEndpointServices(_) => K::DescribeVpcEndpointServices,
            Document::VpcEndpointServiceConfigurations(_) => {
                K::DescribeVpcEndpointServiceConfigurations
            }
            Document::VpcEndpointConnections(_) => K::DescribeVpcEndpointConnections,
            Document::VpcPeeringConnections(_) => K::DescribeVpcPeeringConnections,
            Document::ManagedPrefixLists(_) => K::DescribeManagedPrefixLists,
            Document::ManagedPrefixListEntries { .. } => K::GetManagedPrefixListEntries,
            Document::PrefixLists(_) => K::DescribePrefixLists,
            Document::TransitGateways(_) => K::DescribeTransitGateways,
            Document::TransitGatewayAttachments(_) => K::DescribeTransitGatewayAttachments,
            Document::TransitGatewayVpcAttachments(_) => K::DescribeTransitGatewayVpcAttachments,
            Document::TransitGatewayPeeringAttachments(_) => {
                K::DescribeTransitGatewayPeeringAttachments
            }
            Document::TransitGatewayRouteTables(_) => K::DescribeTransitGatewayRouteTables,
            Document::TransitGatewayRoutes { .. } => K::SearchTransitGatewayRoutes,
            Document::TransitGatewayRouteTableAssociations { .. } => {
                K::GetTransitGatewayRouteTableAssociations
            }
            Document::TransitGatewayRouteTablePropagations { .. } => {
                K::GetTransitGatewayRouteTablePropagations
            }
            Document::VpnGateways(_) => K::DescribeVpnGateways,
            Document::VpnConnections(_) => K::DescribeVpnConnections,
            Document::VirtualInterfaces(_) => K::DescribeVirtualInterfaces,
            Document::Firewalls(_) => K::ListFirewalls,
            Document::Firewall(_) => K::DescribeFirewall,
            Document::VpcEndpointAssociation(_) => K::DescribeVpcEndpointAssociation,
            Document::FirewallPolicy(_) | Document::FirewallPolicyFragment { .. } => {
                K::DescribeFirewallPolicy
            }
            Document::RuleGroup(_) | Document::RuleGroupFragment { .. } => K::DescribeRuleGroup,
            Document::TlsInspectionConfiguration(_) => K::DescribeTlsInspectionConfiguration,
            Document::LoadBalancers(_) => K::DescribeLoadBalancers,
            Document::LoadBalancerAttributes { .. } => K::DescribeLoadBalancerAttributes,
            Document::TargetGroups(_) => K::DescribeTargetGroups,
            Document::TargetHealth { .. } => K::DescribeTargetHealth,
            Document::TargetGroupAttributes { .. } => K::DescribeTargetGroupAttributes,
            Document::Listeners(_) => K::DescribeListeners,
            Document::ListenerRules(_) => K::DescribeRules,
        }
    }

    /// How many resources (or entries) the document holds.
    pub fn len(&self) -> usize {
        match self {
            Document::Vpcs(items) => items.len(),
            Document::Subnets(items) => items.len(),
            Document::RouteTables(items) => items.len(),
            Document::SecurityGroups(items) => items.len(),
            Document::SecurityGroupRules(items) => items.len(),
            Document::NetworkAcls(items) => items.len(),
            Document::NetworkInterfaces(items) => items.len(),
            Document::Reservations(items) => {
                items.iter().map(|item| item.value.instances.len()).sum()
            }
            Document::InternetGateways(items) => items.len(),
            Document::EgressOnlyInternetGateways(items) => items.len(),
            Document::NatGateways(items) => items.len(),
            Document::Addresses(items) => items.len(),
            Document::VpcEndpoints(items) => items.len(),
            Document::VpcEndpointServices(items) => items.len(),
            Document::VpcEndpointServiceConfigurations(items) => items.len(),
            Document::VpcEndpointConnections(items) => items.len(),
            Document::VpcPeeringConnections(items) => items.len(),
            Document::ManagedPrefixLists(items) => items.len(),
            Document::ManagedPrefixListEntries { entries, .. } => entries.len(),
            Document::PrefixLists(items) => items.len(),
            Document::TransitGateways(items) => items.len(),
            Document::TransitGatewayAttachments(items) => items.len(),
            Document::TransitGatewayVpcAttachments(items) => items.len(),
            Document::TransitGatewayPeeringAttachments(items) => items.len(),
            Document::TransitGatewayRouteTables(items) => items.len(),
            Document::TransitGatewayRoutes { routes, .. } => routes.len(),
            Document::TransitGatewayRouteTableAssociations { links, .. }
            | Document::TransitGatewayRouteTablePropagations { links, .. } => links.len(),
            Document::VpnGateways(items) => items.len(),
            Document::VpnConnections(items) => items.len(),
            Document::VirtualInterfaces(items) => items.len(),
            Document::Firewalls(items) => items.len(),
            Document::Firewall(_)
            | Document::VpcEndpointAssociation(_)
            | Document::FirewallPolicy(_)
            | Document::FirewallPolicyFragment { .. }
            | Document::RuleGroup(_)
            | Document::RuleGroupFragment { .. }
            | Document::TlsInspectionConfiguration(_) => 1,
            Document::LoadBalancers(items) => items.len(),
            Document::LoadBalancerAttributes { attributes, .. } => attributes.len(),
            Document::TargetGroups(items) => items.len(),
            Document::TargetHealth { descriptions, .. } => descriptions.len(),
            Document::TargetGroupAttributes { attributes, .. } => attributes.len(),
            Document::Listeners(items) => items.len(),
            Document::ListenerRules(items) => items.len(),
        }
    }

    /// Whether the document holds nothing (an empty `describe-*` result).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
