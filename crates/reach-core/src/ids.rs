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

        // Lets code generic over the kind of resource (`lower::lower_each`) key its models.
        impl From<&str> for $name {
            fn from(id: &str) -> $name {
                $name::new(id)
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
    /// `vpn-…`
    VpnConnectionId;
    /// `dxvif-…`
    VirtualInterfaceId;
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

/// The region and account an ARN names (`arn:aws:SERVICE:REGION:ACCOUNT:…`), when it names
/// both; `None` for text that is not such an ARN.
pub fn arn_region_and_account(arn: &str) -> Option<(&str, &str)> {
    let mut fields = arn.splitn(6, ':');
    if fields.next() != Some("arn") {
        return None;
    }
    let region = fields.nth(2).filter(|region| !region.is_empty())?;
    let account = fields.next().filter(|account| !account.is_empty())?;
    fields.next()?;
    Some((region, account))
}

/// The resource's name in an ARN: `…:firewall/network-firewall` → `network-firewall`.
///
/// Elastic Load Balancing puts the load balancer's type before the name in the ARNs of load
/// balancers, listeners and listener rules (`loadbalancer/app/NAME/ID`,
/// `listener/net/NAME/LB-ID/LISTENER-ID`), so for those the name is the third part, not the
/// type; a target group has no type part (`targetgroup/NAME/ID`), nor has a Classic Load
/// Balancer (`loadbalancer/NAME`). See "Resource types defined by Elastic Load Balancing V2"
/// in the Service Authorization Reference. Text that is not an ARN is returned as it is.
pub fn arn_name(arn: &str) -> &str {
    let mut fields = arn.splitn(6, ':');
    let service = fields.nth(2);
    let Some(resource) = fields.nth(2) else {
        return arn;
    };
    let mut parts = resource.split('/');
    let kind = parts.next();
    let (Some(second), third) = (parts.next(), parts.next()) else {
        return resource;
    };
    let typed = matches!(kind, Some("loadbalancer" | "listener" | "listener-rule"))
        && matches!(second, "app" | "net" | "gwy");
    match third {
        Some(name) if service == Some("elasticloadbalancing") && typed => name,
        _ => second,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(arn: &str, expected: &str) {
        assert_eq!(arn_name(arn), expected, "{arn}");
    }

    #[test]
    fn an_arn_names_its_region_and_account() {
        assert_eq!(
            arn_region_and_account(
                "arn:aws:elasticloadbalancing:eu-west-1:444455556666:loadbalancer/net/api/0123"
            ),
            Some(("eu-west-1", "444455556666"))
        );
        // Global resources name no region; a name is no ARN.
        assert_eq!(
            arn_region_and_account("arn:aws:iam::111122223333:role/x"),
            None
        );
        assert_eq!(arn_region_and_account("api"), None);
    }

    #[test]
    fn arn_names() {
        check(
            "arn:aws:network-firewall:us-east-1:111122223333:firewall/network-firewall",
            "network-firewall",
        );
        check(
            "arn:aws:network-firewall:us-east-1:111122223333:stateful-rulegroup/five-tuple",
            "five-tuple",
        );
        check("not-an-arn", "not-an-arn");
        check(
            "arn:aws:ec2:us-east-1:111122223333",
            "arn:aws:ec2:us-east-1:111122223333",
        );
        check("arn:aws:iam::111122223333:root", "root");
    }

    #[test]
    fn load_balancing_arns_give_the_name_not_the_type() {
        let prefix = "arn:aws:elasticloadbalancing:us-east-1:111122223333:";
        let check =
            |resource: &str, expected: &str| check(&format!("{prefix}{resource}"), expected);
        check("loadbalancer/app/web-alb/50dc6c495c0c9188", "web-alb");
        check("loadbalancer/net/db-nlb/50dc6c495c0c9188", "db-nlb");
        check("loadbalancer/gwy/inspect/50dc6c495c0c9188", "inspect");
        check(
            "listener/app/web-alb/50dc6c495c0c9188/f2f7dc8efc522ab2",
            "web-alb",
        );
        check(
            "listener/net/db-nlb/50dc6c495c0c9188/f2f7dc8efc522ab2",
            "db-nlb",
        );
        check(
            "listener-rule/app/web-alb/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee",
            "web-alb",
        );
        check("targetgroup/web/0123456789abcdef", "web");
        // A target group may be called `app`: it has no type part, so that is its name.
        check("targetgroup/app/0123456789abcdef", "app");
        // A Classic Load Balancer has no type part either, whatever it is called.
        check("loadbalancer/app", "app");
        check("loadbalancer/classic-web", "classic-web");
    }

    #[test]
    fn only_load_balancing_arns_have_a_type_part() {
        check(
            "arn:aws:network-firewall:us-east-1:111122223333:firewall/app/x",
            "app",
        );
    }
}
