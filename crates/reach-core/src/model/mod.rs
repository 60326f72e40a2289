//! The model: resolved, typed resources. Every reference between them has been checked (a
//! dangling one became a [`crate::Diagnostic`] instead), every CIDR is an `ipnet` value, and
//! every AWS default is spelled out (the main route table, the default network ACL).
//!
//! Model types do not derive `Serialize` on purpose: the JSON Reach prints is built by
//! `reach-report`, so renaming a field here never changes the output.

/// An enum for a value AWS names with a string (a type, a state): one variant per value
/// Reach knows, read ignoring case, and `Other` for any other, kept as AWS printed it (AWS
/// adds values often, and one Reach does not know must not fail the import). `as_str` and
/// `Display` give AWS's spelling. `Variant = "spelling" | "alias"` reads an alias as well.
macro_rules! aws_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $(
                $(#[$variant_meta:meta])*
                $variant:ident = $text:literal $(| $alias:literal)*,
            )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub enum $name {
            $($(#[$variant_meta])* $variant,)+
            /// A value Reach does not know, as AWS printed it.
            Other(String),
        }

        impl $name {
            /// Reads AWS's value, ignoring case.
            pub fn parse(text: &str) -> $name {
                $(
                    if text.eq_ignore_ascii_case($text)
                        $(|| text.eq_ignore_ascii_case($alias))*
                    {
                        return $name::$variant;
                    }
                )+
                $name::Other(text.to_owned())
            }

            /// AWS's spelling.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $text,)+
                    $name::Other(text) => text,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

mod direct_connect;
mod ec2;
mod elbv2;
mod network_firewall;
mod transit_gateway;

pub use direct_connect::*;
pub use ec2::*;
pub use elbv2::*;
pub use network_firewall::*;
pub use transit_gateway::*;

use crate::ids::*;
use std::collections::BTreeMap;

/// Where a resource came from: its file and its JSON path there, for messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    /// The input file.
    pub file: String,
    /// The JSON path inside it (`RouteTables[2]`).
    pub path: String,
    /// The account the export came from, when known.
    pub account_id: Option<String>,
    /// The region the export came from, when known.
    pub region: Option<String>,
}

impl Origin {
    /// The file and the resource's path in it (`describe-network-acls.json NetworkAcls[0]`),
    /// for messages about the resource as a whole.
    pub fn place(&self) -> String {
        match self.path.is_empty() {
            true => self.file.clone(),
            false => format!("{} {}", self.file, self.path),
        }
    }

    /// The JSON path of a field of this resource (`RouteTables[2].Routes[0]`, or just
    /// `Routes[0]` when the resource is its file's top level).
    pub fn field_path(&self, field: &str) -> String {
        match (self.path.is_empty(), field.is_empty()) {
            (true, _) => field.to_owned(),
            (false, true) => self.path.clone(),
            (false, false) => format!("{}.{field}", self.path),
        }
    }
}

/// Everything Reach knows about the network, keyed by id (ordered, so output is stable).
#[derive(Clone, Debug, Default)]
pub struct Snapshot {
    /// VPCs.
    pub vpcs: BTreeMap<VpcId, Vpc>,
    /// Subnets.
    pub subnets: BTreeMap<SubnetId, Subnet>,
    /// VPC route tables.
    pub route_tables: BTreeMap<RouteTableId, RouteTable>,
    /// Security groups.
    pub security_groups: BTreeMap<SecurityGroupId, SecurityGroup>,
    /// Network ACLs.
    pub network_acls: BTreeMap<NetworkAclId, NetworkAcl>,
    /// Network interfaces.
    pub network_interfaces: BTreeMap<NetworkInterfaceId, NetworkInterface>,
    /// EC2 instances.
    pub instances: BTreeMap<InstanceId, Instance>,
    /// Internet gateways.
    pub internet_gateways: BTreeMap<InternetGatewayId, InternetGateway>,
    /// Egress-only internet gateways (IPv6).
    pub egress_only_internet_gateways:
        BTreeMap<EgressOnlyInternetGatewayId, EgressOnlyInternetGateway>,
    /// NAT gateways.
    pub nat_gateways: BTreeMap<NatGatewayId, NatGateway>,
    /// Elastic IP addresses, by public address.
    pub elastic_ips: BTreeMap<std::net::IpAddr, ElasticIp>,
    /// VPC endpoints (gateway, interface, Gateway Load Balancer).
    pub vpc_endpoints: BTreeMap<VpcEndpointId, VpcEndpoint>,
    /// Endpoint services, by service name.
    pub vpc_endpoint_services: BTreeMap<String, VpcEndpointService>,
    /// Endpoint services as their provider configured them, by service id.
    pub endpoint_service_configurations: BTreeMap<String, EndpointServiceConfiguration>,
    /// Consumers' endpoints as their services' providers see them.
    pub endpoint_connections: BTreeMap<VpcEndpointId, EndpointConnection>,
    /// VPC peering connections.
    pub vpc_peering_connections: BTreeMap<VpcPeeringConnectionId, VpcPeeringConnection>,
    /// Managed prefix lists and AWS service prefix lists.
    pub prefix_lists: BTreeMap<PrefixListId, PrefixList>,
    /// Transit gateways.
    pub transit_gateways: BTreeMap<TransitGatewayId, TransitGateway>,
    /// Transit gateway attachments of every type.
    pub transit_gateway_attachments: BTreeMap<TransitGatewayAttachmentId, TransitGatewayAttachment>,
    /// Transit gateway route tables, with their routes, associations and propagations.
    pub transit_gateway_route_tables:
        BTreeMap<TransitGatewayRouteTableId, TransitGatewayRouteTable>,
    /// Virtual private gateways.
    pub vpn_gateways: BTreeMap<VpnGatewayId, VpnGateway>,
    /// Site-to-Site VPN connections.
    pub vpn_connections: BTreeMap<VpnConnectionId, VpnConnection>,
    /// Direct Connect virtual interfaces.
    pub virtual_interfaces: BTreeMap<VirtualInterfaceId, VirtualInterface>,
    /// Network Firewall firewalls.
    pub firewalls: BTreeMap<FirewallArn, Firewall>,
    /// Network Firewall policies.
    pub firewall_policies: BTreeMap<FirewallPolicyArn, FirewallPolicy>,
    /// Network Firewall rule groups.
    pub rule_groups: BTreeMap<RuleGroupArn, RuleGroup>,
    /// Each firewall's policy, compiled for the rule engine with the firewall's `HOME_NET`.
    pub firewall_engines: BTreeMap<FirewallArn, reach_nfw::Policy>,
    /// Network Firewall TLS inspection configurations.
    pub tls_inspection_configurations:
        BTreeMap<TlsInspectionConfigurationArn, TlsInspectionConfiguration>,
    /// Elastic Load Balancing v2 load balancers.
    pub load_balancers: BTreeMap<LoadBalancerArn, LoadBalancer>,
    /// Target groups, with their targets' health.
    pub target_groups: BTreeMap<TargetGroupArn, TargetGroup>,
    /// Listeners, with their rules.
    pub listeners: BTreeMap<ListenerArn, Listener>,
}

impl Snapshot {
    /// The interface that holds an address as one of its private or IPv6 addresses.
    /// The interface whose public IP or Elastic IP is `address`, if any.
    pub fn interface_with_public(&self, address: std::net::IpAddr) -> Option<&NetworkInterface> {
        self.network_interfaces.values().find(|interface| {
            interface
                .private_addresses
                .iter()
                .any(|(_, public)| *public == Some(address))
        })
    }

    /// The interface holding `address` as a private (or IPv6) address, if any.
    pub fn interface_holding(&self, address: std::net::IpAddr) -> Option<&NetworkInterface> {
        self.network_interfaces.values().find(|interface| {
            interface
                .private_addresses
                .iter()
                .any(|(private, _)| *private == address)
                || interface.ipv6_addresses.contains(&address)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aws_enums_read_any_case_and_keep_unknown_values_as_printed() {
        let check = |text: &str, expected: InterfaceType, printed: &str| {
            let parsed = InterfaceType::parse(text);
            assert_eq!(parsed, expected, "{text}");
            assert_eq!(parsed.to_string(), printed, "{text}");
        };
        check("nat_gateway", InterfaceType::NatGateway, "nat_gateway");
        check("NAT_GATEWAY", InterfaceType::NatGateway, "nat_gateway");
        // The API reference's spelling reads as the CLI's.
        check("natGateway", InterfaceType::NatGateway, "nat_gateway");
        check(
            "efa-express",
            InterfaceType::Other("efa-express".to_owned()),
            "efa-express",
        );
        check("", InterfaceType::Other(String::new()), "");
        assert_eq!(FirewallAttachmentStatus::parse("ready").as_str(), "READY");
        assert_eq!(
            TransitGatewayAttachmentResourceType::parse("Direct-Connect-Gateway"),
            TransitGatewayAttachmentResourceType::DirectConnectGateway
        );
        assert_eq!(
            VpcEndpointState::parse("PENDINGACCEPTANCE").as_str(),
            "pendingAcceptance"
        );
    }
}
