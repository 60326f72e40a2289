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
        arn: None,
        name: None,
        kind: ComponentKind::EndpointService,
    }
}
