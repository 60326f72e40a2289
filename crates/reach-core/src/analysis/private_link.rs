//! PrivateLink: an interface VPC endpoint as the destination. The client reaches one of the
//! endpoint's interfaces (its security groups, its subnet's ACL); the endpoint service hands
//! the connection to the provider's Network Load Balancer, at the node in the same
//! Availability Zone; from there it is the load balancer's walk to its targets, except that a
//! target always sees the node's address, never the client's.
//!
//! Zones are compared by id (`use1-az1`) where the subnets say it: the consumer's `us-east-1a`
//! need not be the provider's.

use super::answer::answer_resolved;
use super::elbv2::{self, same_zone};
use super::endpoint_service::{provider_side, service_component, ProviderSide};
use super::load_balancer::{self, stop_there, Entry};
use super::question::resolve;
use super::question::source_interface;
use super::Verdict;
use super::{Answer, Component, ComponentKind, Endpoint, Hop, Question, QuestionError, Rule};
use crate::analysis::Code;
use crate::command;
use crate::model::{NetworkInterface, Snapshot, VpcEndpoint, VpcEndpointState, VpcEndpointType};
use crate::space::{IntervalSet, Space};

/// The interface endpoint a destination names: by id, or by one of its interfaces' addresses.
/// Endpoints to AWS's own services are left out: what is behind them is not in any export.
pub(crate) fn interface_endpoint<'a>(
    snapshot: &'a Snapshot,
    destination: &Endpoint,
) -> Option<&'a VpcEndpoint> {
    let endpoint = match destination {
        Endpoint::Id(id) => snapshot.vpc_endpoints.get(id.as_str())?,
        Endpoint::Address(net) if net.prefix_len() == net.max_prefix_len() => {
            snapshot.vpc_endpoints.values().find(|endpoint| {
                endpoint.network_interfaces.iter().any(|interface| {
                    snapshot
                        .network_interfaces
                        .get(interface)
                        .is_some_and(|interface| {
                            interface
                                .private_addresses
                                .iter()
                                .any(|(address, _)| *address == net.addr())
                        })
                })
            })?
        }
        Endpoint::Address(_) => return None,
    };
    let provider_service = endpoint
        .service_name
        .as_deref()
        .is_some_and(|name| !name.starts_with("com.amazonaws.") || name.contains(".vpce."));
    (endpoint.endpoint_type == VpcEndpointType::Interface && provider_service).then_some(endpoint)
}

fn endpoint_component(endpoint: &VpcEndpoint) -> Component {
    Component {
        id: endpoint.id.to_string(),
        arn: None,
        name: endpoint.name.clone(),
        kind: ComponentKind::VpcEndpoint,
    }
}

/// A VPC endpoint asked to start a connection to a resource of its own VPC: it never does
/// (AWS's `VPCE_INTRA_VPC_TRAFFIC`: "A VPC endpoint can't initiate connections to resources in
/// the same VPC where it is deployed. Instead, analyze the path in the reverse direction").
/// `None` when the question is anything else.
pub(crate) fn initiated_in_its_own_vpc(
    snapshot: &Snapshot,
    question: &Question,
    resolved: &super::question::Resolved,
) -> Option<Answer> {
    let Endpoint::Id(id) = &question.source else {
        return None;
    };
    let endpoint = snapshot.vpc_endpoints.get(id.as_str())?;
    let super::question::Place::Interface(destination) = &resolved.destination else {
        return None;
    };
    let vpc = endpoint.vpc.as_ref()?;
    if snapshot.network_interfaces.get(destination)?.vpc.as_ref() != Some(vpc) {
        return None;
    }
    let component = endpoint_component(endpoint);
    let message = format!(
        "VPC endpoint {} cannot start a connection to a resource of its own VPC {vpc}: ask the other way round",
        endpoint.id
    );
    let what = question.flow_words();
    let mut answer = Answer::new(Verdict::NotReachable, what.clone(), question.compat);
    answer.summary = format!("{what} does not get through: {message}.");
    answer.forward.push(Hop::new(
        component.clone(),
        Some(vpc.to_string()),
        None,
        None,
        crate::space::Space::empty(),
    ));
    answer.explanations.push(super::Explanation {
        code: Code::VpceIntraVpcTraffic,
        component: component.clone(),
        message,
        firewall_rule: None,
        rule_options: Vec::new(),
        members: super::Members {
            vpc: Some(vpc.to_string()),
            ..Default::default()
        },
    });
    answer.stopped_at = Some((Code::VpceIntraVpcTraffic, component));
    Some(answer)
}

/// Answers a question whose destination is an interface endpoint of a provider's service.
pub(crate) fn answer(
    snapshot: &Snapshot,
    question: &Question,
    endpoint: &VpcEndpoint,
) -> Result<Answer, QuestionError> {
    let service_name = endpoint.service_name.clone().unwrap_or_default();
    let interfaces: Vec<&NetworkInterface> = endpoint
        .network_interfaces
        .iter()
        .filter_map(|id| snapshot.network_interfaces.get(id))
        .collect();
    if interfaces.is_empty() {
        return Err(QuestionError::UnsupportedEndpoint(format!(
            "the network interfaces of VPC endpoint {} are not in the input: export them with {}",
            endpoint.id,
            command::network_interfaces_of_endpoint(endpoint.id.as_str())
        )));
    }
    // The interface the client uses: the one the question names by address, else the one in
    // the client's zone (what the endpoint's zonal DNS names give), else the first.
    let source_interface = source_interface(snapshot, question);
    let named = match &question.destination {
        Endpoint::Address(net) => interfaces.iter().copied().find(|interface| {
            interface
                .private_addresses
                .iter()
                .any(|(address, _)| *address == net.addr())
        }),
        Endpoint::Id(_) => None,
    };
    let interface = named
        .or_else(|| {
            source_interface.and_then(|source| {
                interfaces
                    .iter()
                    .copied()
                    .find(|interface| same_zone(snapshot, source, interface))
            })
        })
        .unwrap_or(interfaces[0]);

    let front_question = Question {
        destination: Endpoint::Id(interface.id.to_string()),
        destination_ip: match &question.destination {
            Endpoint::Address(net) => Some(net.addr()),
            Endpoint::Id(_) => question.destination_ip,
        },
        ..question.clone()
    };
    let front_resolved = resolve(snapshot, &front_question)?;
    let mut front = answer_resolved(snapshot, &front_resolved);
    let what = format!(
        "{} to endpoint {} of {service_name}",
        question.source, endpoint.id
    );
    front.flow = what.clone();
    front.notes.insert(
        0,
        format!(
            "the client reaches the endpoint's interface {} in {}",
            interface.id,
            interface.availability_zone.as_deref().unwrap_or("its zone")
        ),
    );
    if front.reachable_ports.is_empty() {
        front.summary = format!("{what}: the endpoint is not reached. {}", front.summary);
        return Ok(front);
    }
    let arrived = front
        .forward
        .last()
        .map(|hop| hop.outbound.clone())
        .unwrap_or_default();
    let endpoint_hop = Hop::new(
        endpoint_component(endpoint),
        endpoint.vpc.as_ref().map(ToString::to_string),
        interface.subnet.as_ref().map(ToString::to_string),
        None,
        arrived.clone(),
    );

    // The endpoint's own state, as the consumer sees it.
    let state = endpoint
        .state
        .clone()
        .unwrap_or(VpcEndpointState::Available);
    if state != VpcEndpointState::Available {
        let message = match state {
            VpcEndpointState::PendingAcceptance | VpcEndpointState::Pending => format!(
                "endpoint {} is {state}: the service's provider has not accepted the connection",
                endpoint.id
            ),
            VpcEndpointState::Rejected => format!(
                "endpoint {} was rejected by the service's provider",
                endpoint.id
            ),
            _ => format!("endpoint {} is {state}, not available", endpoint.id),
        };
        return Ok(stop_there(
            front,
            endpoint_hop,
            Some((Code::BadState, Default::default())),
            &what,
            message,
        ));
    }

    // The provider's side: only its export names the load balancer.
    let (configuration, connection_state, lb) = match provider_side(snapshot, endpoint) {
        ProviderSide::NoConfiguration { service_name } => {
            let service_id = service_name
                .rsplit('.')
                .next()
                .filter(|id| id.starts_with("vpce-svc-"));
            front.forward.push(endpoint_hop);
            front.reverse.clear();
            front.verdict = Verdict::Unknown;
            front.reachable_ports = IntervalSet::empty();
            front.summary = format!(
                "{what}: the endpoint is reached, but what its service leads to is not in the input."
            );
            front.notes.push(format!(
                "the provider's side of {service_name} (its load balancer) is not in the input: {} in the provider's account",
                command::endpoint_service_configurations(service_id)
            ));
            return Ok(front);
        }
        ProviderSide::NotAccepted { state } => {
            let message = format!(
                "the provider of {service_name} sees endpoint {} as {state}",
                endpoint.id
            );
            return Ok(stop_there(
                front,
                endpoint_hop,
                Some((Code::BadState, Default::default())),
                &what,
                message,
            ));
        }
        ProviderSide::ServiceNotAvailable {
            configuration,
            state,
        } => {
            front.forward.push(endpoint_hop);
            let hop = Hop::new(
                service_component(configuration),
                None,
                None,
                None,
                Space::empty(),
            );
            let message = format!("endpoint service {} is {state}", configuration.service_id);
            return Ok(stop_there(
                front,
                hop,
                Some((Code::BadState, Default::default())),
                &what,
                message,
            ));
        }
        ProviderSide::NoLoadBalancer {
            configuration,
            wanted,
        } => {
            let wanted = wanted
                .map(|arn| command::load_balancer(arn.as_str()))
                .unwrap_or_else(command::load_balancers);
            front.forward.push(endpoint_hop);
            front.reverse.clear();
            front.verdict = Verdict::Unknown;
            front.reachable_ports = IntervalSet::empty();
            front.summary = format!(
                "{what}: the endpoint is reached, but the Network Load Balancer behind {} is not in the input.",
                configuration.service_id
            );
            front.notes.push(format!(
                "export the provider's load balancer, listeners, target groups and target health: {wanted}"
            ));
            return Ok(front);
        }
        ProviderSide::Found {
            configuration,
            connection_state,
            load_balancer,
        } => (configuration, connection_state, load_balancer),
    };
    let service_component = service_component(configuration);
    let service_hop = Hop::new(
        service_component,
        None,
        None,
        Some(Rule::EndpointService {
            service_name: service_name.clone(),
            endpoint: endpoint.id.to_string(),
            state: connection_state.unwrap_or(state).to_string(),
            load_balancer: lb.arn.to_string(),
        }),
        arrived,
    );
    let node = elbv2::nodes(snapshot, lb)
        .into_iter()
        .find(|node| same_zone(snapshot, interface, node));
    let Some(node) = node else {
        front.forward.push(endpoint_hop);
        let message = format!(
            "{} has no node in the zone of the endpoint's interface {} ({})",
            lb.name,
            interface.id,
            interface
                .availability_zone
                .as_deref()
                .unwrap_or("unknown zone")
        );
        return Ok(stop_there(
            front,
            service_hop,
            Some((Code::VpceServiceNotInstalledInAz, Default::default())),
            &what,
            message,
        ));
    };
    if !lb.security_groups.is_empty() {
        front.notes.push(format!(
            "{} has security groups; whether they filter PrivateLink traffic (EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic) is not in the exports, so they are not checked on this leg",
            lb.name
        ));
    }
    front.notes.push(format!(
        "endpoint service {} hands the connection to {}'s node {} in {}",
        configuration.service_id,
        lb.name,
        node.id,
        node.availability_zone.as_deref().unwrap_or("its zone")
    ));
    Ok(load_balancer::onward(
        snapshot,
        question,
        lb,
        Entry {
            front,
            client: front_resolved.request,
            node,
            lead: vec![endpoint_hop, service_hop],
            may_preserve_client: false,
            what,
        },
    ))
}
