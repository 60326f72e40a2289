//! Values as AWS prints them (CIDRs, addresses, protocols, port ranges), parsed into the
//! model's types. A value that does not parse is an error naming its file, resource and field,
//! and the caller leaves out what holds it (a route, a rule) but keeps the rest.

use super::Sink;
use crate::model::{Origin, Protocol};
use ipnet::IpNet;
use reach_aws::ec2::network_interface::{IpAssociation, PrivateIpAddress};
use std::net::IpAddr;

impl Sink<'_> {
    pub(super) fn cidr(
        &mut self,
        text: &str,
        origin: &Origin,
        resource: &str,
        field: &str,
    ) -> Option<IpNet> {
        match text.parse::<IpNet>() {
            Ok(cidr) => Some(cidr),
            Err(_) => {
                self.error(origin, resource, field, format!("invalid CIDR {text:?}"));
                None
            }
        }
    }

    pub(super) fn ip(
        &mut self,
        text: &str,
        origin: &Origin,
        resource: &str,
        field: &str,
    ) -> Option<IpAddr> {
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

    /// An IP protocol: `-1` (all), a name AWS prints, or a number.
    pub(super) fn protocol(
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
    pub(super) fn ports(
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

    /// An interface's private addresses, the primary first, each with the public address
    /// associated with it. `describe-network-interfaces` and an instance's view of its
    /// interfaces print them alike.
    pub(super) fn interface_addresses(
        &mut self,
        primary: Option<&str>,
        addresses: &[PrivateIpAddress],
        association: Option<&IpAssociation>,
        origin: &Origin,
        id: &str,
    ) -> Vec<(IpAddr, Option<IpAddr>)> {
        let mut out: Vec<(IpAddr, Option<IpAddr>)> = Vec::new();
        for (index, address) in addresses.iter().enumerate() {
            let field = format!("PrivateIpAddresses[{index}]");
            let Some(private) = self.ip(
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
                    self.ip(public, origin, id, &format!("{field}.Association.PublicIp"))
                });
            let entry = (private, public);
            if address.primary == Some(true) {
                out.insert(0, entry)
            } else {
                out.push(entry)
            }
        }
        if let Some(primary) =
            primary.and_then(|text| self.ip(text, origin, id, "PrivateIpAddress"))
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
}

/// A port as a load balancer or target group prints it; out of range is no port.
pub(super) fn port(value: Option<i64>) -> Option<u16> {
    value.and_then(|value| u16::try_from(value).ok())
}
