//! The provider's side of a VPC endpoint: the endpoint service configuration naming the load
//! balancer behind it (`describe-vpc-endpoint-service-configurations`, the only export that
//! does), the provider's view of the connection (`describe-vpc-endpoint-connections`), and
//! that load balancer. A leaf shared by PrivateLink (interface endpoints, Network Load
//! Balancers) and Gateway Load Balancer endpoints, which differ only in what they do next.

use super::{Component, ComponentKind};
use crate::ids::LoadBalancerArn;
use crate::model::{
    EndpointServiceConfiguration, LoadBalancer, ServiceState, Snapshot, VpcEndpoint,
    VpcEndpointState,
};

/// What the input says about the provider's side of an endpoint, checked in the order traffic
/// meets it: the service exists, the provider accepted the endpoint, the service is
/// available, its load balancer is known.
pub(crate) enum ProviderSide<'a> {
    /// The service's configuration is not in the input (it is in the provider's account).
    NoConfiguration {
        /// The endpoint's `ServiceName`.
        service_name: String,
    },
    /// The provider sees the endpoint in another state than `available` (pending
    /// acceptance, rejected, …): it carries nothing.
    NotAccepted {
        /// The provider's `VpcEndpointState`.
        state: VpcEndpointState,
    },
    /// The service itself is not `Available`.
    ServiceNotAvailable {
        /// The configuration.
        configuration: &'a EndpointServiceConfiguration,
        /// Its `ServiceState`.
        state: ServiceState,
    },
    /// The load balancer the service names is not in the input.
    NoLoadBalancer {
        /// The configuration.
        configuration: &'a EndpointServiceConfiguration,
        /// The load balancer it names, when it names one.
        wanted: Option<&'a LoadBalancerArn>,
    },
    /// Everything is there.
    Found {
        /// The configuration.
        configuration: &'a EndpointServiceConfiguration,
        /// The provider's view of the connection, when exported.
        connection_state: Option<VpcEndpointState>,
        /// The load balancer behind the service.
        load_balancer: &'a LoadBalancer,
    },
}

/// The provider's side of `endpoint`.
pub(crate) fn provider_side<'a>(
    snapshot: &'a Snapshot,
    endpoint: &VpcEndpoint,
) -> ProviderSide<'a> {
    let service_name = endpoint.service_name.clone().unwrap_or_default();
    let Some(configuration) = snapshot
        .endpoint_service_configurations
        .values()
        .find(|configuration| configuration.service_name.as_deref() == Some(&service_name))
    else {
        return ProviderSide::NoConfiguration { service_name };
    };
    let connection_state = snapshot
        .endpoint_connections
        .get(&endpoint.id)
        .and_then(|connection| connection.state.clone());
    if let Some(state) = connection_state
        .clone()
        .filter(|state| *state != VpcEndpointState::Available)
    {
        return ProviderSide::NotAccepted { state };
    }
    if let Some(state) = configuration
        .state
        .clone()
        .filter(|state| *state != ServiceState::Available)
    {
        return ProviderSide::ServiceNotAvailable {
            configuration,
            state,
        };
    }
    // An interface endpoint's service names Network Load Balancers, a Gateway Load Balancer
    // endpoint's service Gateway Load Balancers; a configuration has only one of the lists.
    let mut named = configuration
        .network_load_balancers
        .iter()
        .chain(&configuration.gateway_load_balancers);
    match named
        .clone()
        .find_map(|arn| snapshot.load_balancers.get(arn))
    {
        Some(load_balancer) => ProviderSide::Found {
            configuration,
            connection_state,
            load_balancer,
        },
        None => ProviderSide::NoLoadBalancer {
            configuration,
            wanted: named.next(),
        },
    }
}

/// The endpoint service on a path, named by its id as AWS's analyzer does.
pub(crate) fn service_component(configuration: &EndpointServiceConfiguration) -> Component {
    Component {
        id: configuration.service_id.clone(),
        arn: service_arn(configuration),
        name: None,
        kind: ComponentKind::EndpointService,
    }
}

/// An endpoint service's ARN: in its export's account and region, else in its load
/// balancer's (whose ARN names both), as the service is the load balancer owner's.
fn service_arn(configuration: &EndpointServiceConfiguration) -> Option<String> {
    let from_load_balancer = configuration
        .network_load_balancers
        .iter()
        .chain(&configuration.gateway_load_balancers)
        .find_map(|arn| crate::ids::arn_region_and_account(arn.as_str()))
        .map(|(region, account)| (region.to_owned(), account.to_owned()));
    let origin = &configuration.origin;
    let region = origin.region.clone().or_else(|| {
        from_load_balancer
            .as_ref()
            .map(|(region, _)| region.clone())
    })?;
    let account = origin
        .account_id
        .clone()
        .or_else(|| from_load_balancer.map(|(_, account)| account))?;
    Some(format!(
        "arn:aws:ec2:{region}:{account}:vpc-endpoint-service/{}",
        configuration.service_id
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reach_aws::InputFile;

    fn configuration(load_balancer: &str) -> EndpointServiceConfiguration {
        let text = format!(
            r#"{{"ServiceConfigurations": [{{"ServiceId": "vpce-svc-1", "ServiceType": [{{"ServiceType": "Interface"}}],
                "NetworkLoadBalancerArns": ["{load_balancer}"]}}]}}"#
        );
        let snapshot = crate::load(&[InputFile::new(
            "describe-vpc-endpoint-service-configurations.json",
            text,
        )])
        .snapshot;
        snapshot.endpoint_service_configurations["vpce-svc-1"].clone()
    }

    // The export names no account: the load balancer's ARN does.
    #[test]
    fn an_endpoint_service_is_in_its_load_balancers_account() {
        let service = configuration(
            "arn:aws:elasticloadbalancing:eu-west-1:444455556666:loadbalancer/net/api/0123456789abcdef",
        );
        assert_eq!(
            service_component(&service).arn.as_deref(),
            Some("arn:aws:ec2:eu-west-1:444455556666:vpc-endpoint-service/vpce-svc-1")
        );
        // Nothing names them: no ARN rather than a guessed one.
        assert_eq!(service_component(&configuration("api")).arn, None);
    }
}
