//! Rule variables: `$HOME_NET`, `$EXTERNAL_NET`, a rule group's `IPSets` and `PortSets`, IP set
//! references (`@NAME`, resolved from managed prefix lists) and the policy's
//! `PolicyVariables`, resolved into address and port sets.

use crate::suricata::{Address, Port};
use ipnet::IpNet;
use reach_space::{cidr_range, cidrs, Cube, Family, IntervalSet, Space, MAX_PORT};
use std::collections::BTreeMap;
use std::net::IpAddr;

/// A set of IPv4 and IPv6 addresses.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AddressSet {
    /// IPv4 addresses, as numbers.
    pub v4: IntervalSet,
    /// IPv6 addresses, as numbers.
    pub v6: IntervalSet,
}

impl AddressSet {
    /// Every address.
    pub fn any() -> AddressSet {
        AddressSet {
            v4: IntervalSet::range(0, Family::V4.max_address()),
            v6: IntervalSet::range(0, Family::V6.max_address()),
        }
    }

    /// No address.
    pub fn empty() -> AddressSet {
        AddressSet::default()
    }

    /// The addresses of one CIDR block.
    pub fn from_net(net: &IpNet) -> AddressSet {
        let (family, range) = cidr_range(net);
        let mut set = AddressSet::empty();
        *set.family_mut(family) = range;
        set
    }

    /// The addresses of CIDR blocks, in one pass (sorted and joined once, however many).
    pub fn from_nets<'a>(nets: impl IntoIterator<Item = &'a IpNet>) -> AddressSet {
        let mut v4 = Vec::new();
        let mut v6 = Vec::new();
        for net in nets {
            let (family, range) = cidr_range(net);
            let list = match family {
                Family::V4 => &mut v4,
                Family::V6 => &mut v6,
            };
            list.extend_from_slice(range.ranges());
        }
        AddressSet {
            v4: IntervalSet::from_ranges(v4),
            v6: IntervalSet::from_ranges(v6),
        }
    }

    /// The union of many sets, in one pass.
    pub fn union_all<'a>(sets: impl IntoIterator<Item = &'a AddressSet> + Clone) -> AddressSet {
        AddressSet {
            v4: IntervalSet::union_all(sets.clone().into_iter().map(|set| &set.v4)),
            v6: IntervalSet::union_all(sets.into_iter().map(|set| &set.v6)),
        }
    }

    /// The addresses of one family.
    pub fn family(&self, family: Family) -> &IntervalSet {
        match family {
            Family::V4 => &self.v4,
            Family::V6 => &self.v6,
        }
    }

    fn family_mut(&mut self, family: Family) -> &mut IntervalSet {
        match family {
            Family::V4 => &mut self.v4,
            Family::V6 => &mut self.v6,
        }
    }

    /// `self ∪ other`.
    pub fn union(&self, other: &AddressSet) -> AddressSet {
        AddressSet {
            v4: self.v4.union(&other.v4),
            v6: self.v6.union(&other.v6),
        }
    }

    /// `self ∩ other`.
    pub fn intersection(&self, other: &AddressSet) -> AddressSet {
        AddressSet {
            v4: self.v4.intersection(&other.v4),
            v6: self.v6.intersection(&other.v6),
        }
    }

    /// Every address not in `self`.
    pub fn complement(&self) -> AddressSet {
        let any = AddressSet::any();
        AddressSet {
            v4: any.v4.difference(&self.v4),
            v6: any.v6.difference(&self.v6),
        }
    }

    /// Whether it holds no address.
    pub fn is_empty(&self) -> bool {
        self.v4.is_empty() && self.v6.is_empty()
    }

    /// Whether it holds every address.
    pub fn is_any(&self) -> bool {
        *self == AddressSet::any()
    }

    /// The smallest CIDR list covering exactly the set, IPv4 first: how AWS lists a rule's
    /// `Sources` and `Destinations` (`$EXTERNAL_NET` of `10.1.1.0/24` is 24 IPv4 blocks, plus
    /// `::/0` for IPv6).
    pub fn to_cidrs(&self) -> Vec<IpNet> {
        let mut out = cidrs(Family::V4, &self.v4);
        out.extend(cidrs(Family::V6, &self.v6));
        out
    }
}

/// The packets of a rule's header: its protocols, addresses (both families) and ports.
pub fn header_space(
    protocols: &IntervalSet,
    sources: &AddressSet,
    destinations: &AddressSet,
    source_ports: &IntervalSet,
    destination_ports: &IntervalSet,
) -> Space {
    Space::from_cubes(
        [Family::V4, Family::V6]
            .into_iter()
            .map(|family| Cube {
                family,
                protocols: protocols.clone(),
                sources: sources.family(family).clone(),
                destinations: destinations.family(family).clone(),
                source_ports: source_ports.clone(),
                destination_ports: destination_ports.clone(),
            })
            .collect(),
    )
}

/// What a variable could not be resolved into.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VariableError {
    /// The variable, as written.
    pub name: String,
    /// Why.
    pub message: String,
}

/// The variables a rule group's rules see.
#[derive(Clone, Debug, Default)]
pub struct Variables {
    addresses: BTreeMap<String, AddressSet>,
    ports: BTreeMap<String, IntervalSet>,
    /// IP set references (`@NAME`): the prefix list's CIDRs, or `None` when the prefix list is
    /// not in the input.
    references: BTreeMap<String, Option<AddressSet>>,
}

impl Variables {
    /// The variables every rule group starts from: `HOME_NET` (the firewall's VPC CIDRs, or the
    /// policy's override) and `EXTERNAL_NET` (its complement).
    pub fn for_policy(home_net: AddressSet) -> Variables {
        let mut variables = Variables::default();
        variables.set_home_net(home_net);
        variables
    }

    fn set_home_net(&mut self, home_net: AddressSet) {
        self.addresses
            .insert("EXTERNAL_NET".to_owned(), home_net.complement());
        self.addresses.insert("HOME_NET".to_owned(), home_net);
    }

    /// Defines an IP set from its `Definition` strings. Redefining `HOME_NET` without
    /// redefining `EXTERNAL_NET` moves `EXTERNAL_NET` with it, as AWS documents.
    pub fn define_addresses(
        &mut self,
        name: &str,
        definition: &[String],
    ) -> Result<(), VariableError> {
        let nets = definition
            .iter()
            .map(|item| {
                parse_net(item.trim()).ok_or_else(|| VariableError {
                    name: name.to_owned(),
                    message: format!("\"{item}\" is not a CIDR block or an address"),
                })
            })
            .collect::<Result<Vec<IpNet>, VariableError>>()?;
        let set = AddressSet::from_nets(&nets);
        if name == "HOME_NET" {
            self.set_home_net(set);
        } else {
            self.addresses.insert(name.to_owned(), set);
        }
        Ok(())
    }

    /// Defines a port set from its `Definition` strings (`80`, `8000:8080`).
    pub fn define_ports(&mut self, name: &str, definition: &[String]) -> Result<(), VariableError> {
        let ranges = definition
            .iter()
            .map(|item| {
                let text = item.trim();
                let range = match text.split_once(':') {
                    Some((low, high)) => parse_port(low).zip(parse_port(high)),
                    None => parse_port(text).map(|port| (port, port)),
                };
                range.ok_or_else(|| VariableError {
                    name: name.to_owned(),
                    message: format!("\"{item}\" is not a port or a port range"),
                })
            })
            .collect::<Result<Vec<(u128, u128)>, VariableError>>()?;
        self.ports
            .insert(name.to_owned(), IntervalSet::from_ranges(ranges));
        Ok(())
    }

    /// Defines an IP set reference; `None` when the prefix list it names is not in the input.
    pub fn define_reference(&mut self, name: &str, set: Option<AddressSet>) {
        self.references.insert(name.to_owned(), set);
    }

    /// Whether `@name` is a defined reference.
    pub fn is_reference(&self, name: &str) -> bool {
        self.references.contains_key(name)
    }

    /// The address set `HOME_NET` stands for.
    pub fn home_net(&self) -> AddressSet {
        self.addresses.get("HOME_NET").cloned().unwrap_or_default()
    }

    /// Resolves a rule's address expression.
    pub fn addresses(&self, address: &Address) -> Result<AddressSet, VariableError> {
        Ok(match address {
            Address::Any => AddressSet::any(),
            Address::Variable(name) => {
                if let Some(set) = self.addresses.get(name) {
                    set.clone()
                } else if let Some(reference) = self.references.get(name) {
                    reference.clone().ok_or_else(|| VariableError {
                        name: format!("@{name}"),
                        message: "its prefix list is not in the input".to_owned(),
                    })?
                } else {
                    return Err(VariableError {
                        name: format!("${name}"),
                        message: "is not defined in the rule group or the policy".to_owned(),
                    });
                }
            }
            Address::Net(net) => AddressSet::from_net(net),
            Address::Range(low, high) => {
                let (family, low) = reach_space::address_number(*low);
                let (high_family, high) = reach_space::address_number(*high);
                let mut set = AddressSet::empty();
                if family == high_family {
                    *set.family_mut(family) = IntervalSet::range(low, high);
                }
                set
            }
            Address::Not(inner) => self.addresses(inner)?.complement(),
            Address::List(items) => {
                // Suricata: the positive items (or everything, when there are none) minus
                // the negated ones. Each side is unioned in one pass: a list may hold
                // tens of thousands of addresses.
                let mut positive = Vec::new();
                let mut negative = Vec::new();
                for item in items {
                    match item {
                        Address::Not(inner) => negative.push(self.addresses(inner)?),
                        other => positive.push(self.addresses(other)?),
                    }
                }
                let positive = if positive.is_empty() {
                    AddressSet::any()
                } else {
                    AddressSet::union_all(&positive)
                };
                positive.intersection(&AddressSet::union_all(&negative).complement())
            }
        })
    }

    /// Resolves a rule's port expression.
    pub fn ports(&self, port: &Port) -> Result<IntervalSet, VariableError> {
        Ok(match port {
            Port::Any => IntervalSet::range(0, MAX_PORT),
            Port::Variable(name) => self.ports.get(name).cloned().ok_or_else(|| VariableError {
                name: format!("${name}"),
                message: "is not a port set of the rule group".to_owned(),
            })?,
            Port::Range(low, high) => IntervalSet::range(u128::from(*low), u128::from(*high)),
            Port::Not(inner) => IntervalSet::range(0, MAX_PORT).difference(&self.ports(inner)?),
            Port::List(items) => {
                let mut positive = Vec::new();
                let mut negative = Vec::new();
                for item in items {
                    match item {
                        Port::Not(inner) => negative.push(self.ports(inner)?),
                        other => positive.push(self.ports(other)?),
                    }
                }
                let positive = if positive.is_empty() {
                    IntervalSet::range(0, MAX_PORT)
                } else {
                    IntervalSet::union_all(&positive)
                };
                positive.difference(&IntervalSet::union_all(&negative))
            }
        })
    }
}

fn parse_port(text: &str) -> Option<u128> {
    text.trim().parse::<u16>().ok().map(u128::from)
}

/// A CIDR block, or a single address as a /32 or /128.
pub fn parse_net(text: &str) -> Option<IpNet> {
    text.parse::<IpNet>()
        .ok()
        .or_else(|| text.parse::<IpAddr>().ok().map(IpNet::from))
        .map(|net| net.trunc())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net(text: &str) -> IpNet {
        text.parse().unwrap()
    }

    #[test]
    fn external_net_is_the_complement_of_home_net_and_follows_it() {
        let mut variables = Variables::for_policy(AddressSet::from_net(&net("10.1.1.0/24")));
        let external = variables
            .addresses(&Address::Variable("EXTERNAL_NET".into()))
            .unwrap();
        // AWS lists 24 IPv4 blocks for the complement of a /24 (plus all of IPv6).
        assert_eq!(external.to_cidrs().len(), 25);
        variables
            .define_addresses("HOME_NET", &["10.0.0.0/8".into()])
            .unwrap();
        let external = variables
            .addresses(&Address::Variable("EXTERNAL_NET".into()))
            .unwrap();
        assert!(!external.v4.contains(u128::from(u32::from(
            "10.200.0.1".parse::<std::net::Ipv4Addr>().unwrap()
        ))));
    }

    #[test]
    fn lists_subtract_negated_items() {
        let variables = Variables::for_policy(AddressSet::empty());
        let list = Address::List(vec![
            Address::Net(net("10.0.0.0/8")),
            Address::Not(Box::new(Address::Net(net("10.1.0.0/16")))),
        ]);
        let set = variables.addresses(&list).unwrap();
        assert_eq!(set.to_cidrs().len(), 8);
        let ports = variables
            .ports(&Port::List(vec![
                Port::Range(80, 90),
                Port::Not(Box::new(Port::Range(85, 85))),
            ]))
            .unwrap();
        assert_eq!(ports.to_range_list(), "80-84, 86-90");
        let only_negated = variables
            .ports(&Port::List(vec![Port::Not(Box::new(Port::Range(80, 80)))]))
            .unwrap();
        assert_eq!(only_negated.to_range_list(), "0-79, 81-65535");
    }

    #[test]
    fn undefined_variables_and_missing_references_are_errors() {
        let mut variables = Variables::for_policy(AddressSet::empty());
        assert!(variables
            .addresses(&Address::Variable("WEB".into()))
            .is_err());
        variables.define_reference("PL", None);
        let error = variables
            .addresses(&Address::Variable("PL".into()))
            .unwrap_err();
        assert_eq!(error.name, "@PL");
        assert!(variables
            .define_ports("P", &["80".into(), "x".into()])
            .is_err());
        variables
            .define_ports("P", &["80".into(), "8000:8080".into()])
            .unwrap();
        assert_eq!(
            variables
                .ports(&Port::Variable("P".into()))
                .unwrap()
                .to_range_list(),
            "80, 8000-8080"
        );
    }
}
