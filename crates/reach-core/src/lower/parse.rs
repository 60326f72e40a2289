//! Values as AWS prints them (CIDRs, addresses, protocols, port ranges), parsed into the
//! model's types. A value that does not parse is an error naming its file, resource and field,
//! and the caller leaves out what holds it (a route, a rule) but keeps the rest.

use super::Sink;
use crate::model::{IcmpTypeCode, Origin, Protocol};
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

    /// A port (or ICMP type/code) range; `-1`, or no bounds, means all. `fields` are the paths
    /// of the two bounds: a bound that is not a port is reported at its own field, a range
    /// that runs backwards at the first.
    pub(super) fn ports(
        &mut self,
        from: Option<i64>,
        to: Option<i64>,
        origin: &Origin,
        resource: &str,
        (from_field, to_field): (&str, &str),
    ) -> Result<Option<(u16, u16)>, ()> {
        match (from, to) {
            (None, None) | (Some(-1), _) | (_, Some(-1)) => Ok(None),
            (Some(from), Some(to)) => match (u16::try_from(from), u16::try_from(to)) {
                (Ok(from), Ok(to)) if from <= to => Ok(Some((from, to))),
                (from_port, _) => {
                    let field = match from_port {
                        Ok(_) if u16::try_from(to).is_err() => to_field,
                        _ => from_field,
                    };
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
                    let field = if from.is_some() { from_field } else { to_field };
                    self.error(origin, resource, field, format!("invalid port {one}"));
                    Err(())
                }
            },
        }
    }

    /// An ICMP or ICMPv6 type and code, as a security group rule's `FromPort` and `ToPort` or a
    /// network ACL entry's `IcmpTypeCode` give them: each 0-255, or `-1` (or absent) for any.
    /// A value outside is reported at its own field.
    pub(super) fn icmp_type_code(
        &mut self,
        icmp_type: Option<i64>,
        code: Option<i64>,
        origin: &Origin,
        resource: &str,
        (type_field, code_field): (&str, &str),
    ) -> Result<IcmpTypeCode, ()> {
        let mut part = |value: Option<i64>, what: &str, field: &str| match value {
            None | Some(-1) => Ok(None),
            Some(value) => match u8::try_from(value) {
                Ok(value) => Ok(Some(value)),
                Err(_) => {
                    self.error(
                        origin,
                        resource,
                        field,
                        format!("invalid ICMP {what} {value}: expected -1 (any) or 0-255"),
                    );
                    Err(())
                }
            },
        };
        let icmp_type = part(icmp_type, "type", type_field);
        let code = part(code, "code", code_field);
        Ok(IcmpTypeCode {
            icmp_type: icmp_type?,
            code: code?,
        })
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

impl Sink<'_> {
    /// A load balancer or target group attribute that is `true` or `false` (AWS prints every
    /// attribute value as text).
    pub(super) fn boolean(
        &mut self,
        text: Option<&str>,
        origin: &Origin,
        resource: &str,
        field: &str,
    ) -> Option<bool> {
        match text {
            Some("true") => Some(true),
            Some("false") => Some(false),
            Some(other) => {
                self.error(
                    origin,
                    resource,
                    field,
                    format!("expected \"true\" or \"false\", found {other:?}"),
                );
                None
            }
            None => {
                self.error(origin, resource, field, "missing value".to_owned());
                None
            }
        }
    }
}

/// A port as a load balancer or target group prints it; out of range is no port.
pub(super) fn port(value: Option<i64>) -> Option<u16> {
    value.and_then(|value| u16::try_from(value).ok())
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Diagnostics;
    use crate::lower::Sink;
    use crate::model::{Origin, Protocol};

    /// Runs `parse` with a fresh sink over a resource at `Things[0]` of `things.json`, and
    /// returns its result with the errors it reported.
    fn parse<T>(parse: impl FnOnce(&mut Sink<'_>, &Origin) -> T) -> (T, Vec<String>) {
        let mut errors = Vec::new();
        let mut diagnostics = Diagnostics::default();
        let mut sink = Sink {
            errors: &mut errors,
            diagnostics: &mut diagnostics,
        };
        let origin = Origin {
            file: "things.json".to_owned(),
            path: "Things[0]".to_owned(),
            account_id: None,
            region: None,
        };
        let value = parse(&mut sink, &origin);
        (value, errors.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn attribute_booleans_are_true_or_false() {
        let boolean = |text: Option<&str>| {
            parse(|sink, origin| sink.boolean(text, origin, "lb-1", "[0].Value"))
        };
        assert_eq!(boolean(Some("true")), (Some(true), vec![]));
        assert_eq!(boolean(Some("false")), (Some(false), vec![]));
        assert_eq!(
            boolean(Some("TRUE")),
            (
                None,
                vec![
                    "things.json: lb-1: Things[0][0].Value: expected \"true\" or \"false\", found \"TRUE\""
                        .to_owned()
                ]
            )
        );
        assert_eq!(
            boolean(None),
            (
                None,
                vec!["things.json: lb-1: Things[0][0].Value: missing value".to_owned()]
            )
        );
    }

    /// The range `ports` reads, or the error it reports.
    fn ports(from: Option<i64>, to: Option<i64>) -> String {
        let (range, errors) =
            parse(|sink, origin| sink.ports(from, to, origin, "x-1", ("FromPort", "ToPort")));
        match range {
            Ok(range) if errors.is_empty() => format!("{range:?}"),
            _ => errors.join("\n"),
        }
    }

    #[test]
    fn port_ranges_and_where_a_bad_bound_is_reported() {
        assert_eq!(ports(Some(80), Some(80)), "Some((80, 80))");
        assert_eq!(ports(Some(0), Some(65535)), "Some((0, 65535))");
        // -1 or no bounds at all: every port.
        assert_eq!(ports(None, None), "None");
        assert_eq!(ports(Some(-1), Some(-1)), "None");
        assert_eq!(ports(Some(443), None), "Some((443, 443))");
        assert_eq!(
            ports(Some(80), Some(65536)),
            "things.json: x-1: Things[0].ToPort: invalid port range 80-65536"
        );
        assert_eq!(
            ports(Some(65536), Some(80)),
            "things.json: x-1: Things[0].FromPort: invalid port range 65536-80"
        );
        assert_eq!(
            ports(Some(81), Some(80)),
            "things.json: x-1: Things[0].FromPort: invalid port range 81-80"
        );
        assert_eq!(
            ports(None, Some(-2)),
            "things.json: x-1: Things[0].ToPort: invalid port -2"
        );
    }

    /// The type and code `icmp_type_code` reads, or the errors it reports.
    fn icmp(icmp_type: Option<i64>, code: Option<i64>) -> String {
        let (read, errors) = parse(|sink, origin| {
            sink.icmp_type_code(icmp_type, code, origin, "x-1", ("FromPort", "ToPort"))
        });
        match read {
            Ok(read) if errors.is_empty() => format!("{:?} {:?}", read.icmp_type, read.code),
            _ => errors.join("\n"),
        }
    }

    #[test]
    fn icmp_types_and_codes_where_minus_one_is_any() {
        // The ping rule AWS prints: type 8, code 0; or type 8, any code.
        assert_eq!(icmp(Some(8), Some(0)), "Some(8) Some(0)");
        assert_eq!(icmp(Some(8), Some(-1)), "Some(8) None");
        assert_eq!(icmp(Some(-1), Some(-1)), "None None");
        assert_eq!(icmp(None, None), "None None");
        assert_eq!(icmp(Some(255), Some(255)), "Some(255) Some(255)");
        assert_eq!(
            icmp(Some(256), Some(0)),
            "things.json: x-1: Things[0].FromPort: invalid ICMP type 256: expected -1 (any) or 0-255"
        );
        assert_eq!(
            icmp(Some(-2), Some(300)),
            "things.json: x-1: Things[0].FromPort: invalid ICMP type -2: expected -1 (any) or 0-255\nthings.json: x-1: Things[0].ToPort: invalid ICMP code 300: expected -1 (any) or 0-255"
        );
    }

    #[test]
    fn protocols_by_name_and_number() {
        let protocol = |text: &str| parse(|sink, origin| sink.protocol(text, origin, "x-1", "P"));
        assert_eq!(protocol("-1").0, Some(Protocol::All));
        assert_eq!(protocol("TCP").0, Some(Protocol::Number(6)));
        assert_eq!(protocol("icmpv6").0, Some(Protocol::Number(58)));
        assert_eq!(protocol("255").0, Some(Protocol::Number(255)));
        assert_eq!(
            protocol("256"),
            (
                None,
                vec!["things.json: x-1: Things[0].P: invalid protocol \"256\": expected -1, a name or a number 0-255".to_owned()]
            )
        );
    }

    #[test]
    fn cidrs_and_addresses_name_their_field_when_they_do_not_parse() {
        let cidr = |text: &str| parse(|sink, origin| sink.cidr(text, origin, "x-1", "Cidr"));
        assert_eq!(cidr("10.0.0.0/32").0, Some("10.0.0.0/32".parse().unwrap()));
        assert_eq!(
            cidr("2001:db8::/128").0,
            Some("2001:db8::/128".parse().unwrap())
        );
        assert_eq!(
            cidr("10.0.0.0/33").1,
            ["things.json: x-1: Things[0].Cidr: invalid CIDR \"10.0.0.0/33\""]
        );
        let ip = |text: &str| parse(|sink, origin| sink.ip(text, origin, "x-1", "Ip"));
        assert_eq!(ip("10.0.0.1").0, Some("10.0.0.1".parse().unwrap()));
        assert_eq!(
            ip("10.0.0.256").1,
            ["things.json: x-1: Things[0].Ip: invalid IP address \"10.0.0.256\""]
        );
    }
}
