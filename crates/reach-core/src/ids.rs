//! Newtype ids: one per AWS resource kind, so that a function that needs a subnet cannot be
//! handed a route table. `Display` prints the AWS string.

use std::fmt;

macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(String);

        impl $name {
            /// Wraps an id as AWS prints it.
            pub fn new(id: impl Into<String>) -> $name {
                $name(id.into())
            }

            /// The id as AWS prints it.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        // Maps keyed by id can be searched with the AWS string; `Ord` agrees with `str`'s.
        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    )*};
}

ids! {
    /// `vpc-…`
    VpcId;
    /// `subnet-…`
    SubnetId;
    /// `rtb-…`
    RouteTableId;
    /// `sg-…`
    SecurityGroupId;
    /// `acl-…`
    NetworkAclId;
    /// `eni-…`
    NetworkInterfaceId;
    /// `i-…`
    InstanceId;
    /// `igw-…`
    InternetGatewayId;
    /// `eigw-…`
    EgressOnlyInternetGatewayId;
    /// `nat-…`
    NatGatewayId;
    /// `eipalloc-…`
    AllocationId;
    /// `vpce-…`
    VpcEndpointId;
    /// `pcx-…`
    VpcPeeringConnectionId;
    /// `pl-…`
    PrefixListId;
    /// `tgw-…`
    TransitGatewayId;
    /// `tgw-attach-…`
    TransitGatewayAttachmentId;
    /// `tgw-rtb-…`
    TransitGatewayRouteTableId;
    /// `vgw-…`
    VpnGatewayId;
    /// `arn:aws:network-firewall:…:firewall/…`
    FirewallArn;
    /// `arn:aws:network-firewall:…:firewall-policy/…`
    FirewallPolicyArn;
    /// `arn:aws:network-firewall:…:stateful-rulegroup/…` or `…:stateless-rulegroup/…`
    RuleGroupArn;
    /// `arn:aws:network-firewall:…:tls-configuration/…`
    TlsInspectionConfigurationArn;
    /// `arn:aws:elasticloadbalancing:…:loadbalancer/…`
    LoadBalancerArn;
    /// `arn:aws:elasticloadbalancing:…:targetgroup/…`
    TargetGroupArn;
    /// `arn:aws:elasticloadbalancing:…:listener/…`
    ListenerArn;
    /// `arn:aws:elasticloadbalancing:…:listener-rule/…`
    ListenerRuleArn;
}

/// The resource name at the end of an ARN (`…:firewall/network-firewall` → `network-firewall`).
pub fn arn_name(arn: &str) -> &str {
    let resource = arn.splitn(6, ':').nth(5).unwrap_or(arn);
    match resource.split('/').nth(1) {
        Some(name) => name,
        None => resource,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arn_names() {
        assert_eq!(
            arn_name("arn:aws:network-firewall:us-east-1:111122223333:firewall/network-firewall"),
            "network-firewall"
        );
        assert_eq!(
            arn_name("arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web/0123456789abcdef"),
            "web"
        );
        assert_eq!(arn_name("not-an-arn"), "not-an-arn");
    }
}
