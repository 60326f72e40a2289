//! The stateless engine: rule groups by priority, rules by priority, each packet on its own
//! (a reply needs its own rule), first match decides: `aws:pass` lets the packet through
//! without stateful inspection, `aws:drop` drops it, `aws:forward_to_sfe` hands it to the
//! stateful engine. Custom actions only publish metrics.

use crate::spec::{AddressDefinition, MatchAttributes, PortRange, StatelessRuleSpec};
use crate::variables::{header_space, parse_net, AddressSet};
use reach_space::{IntervalSet, Space, MAX_PORT, MAX_PROTOCOL};

/// What the stateless engine does with a packet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatelessAction {
    /// `aws:pass`.
    Pass,
    /// `aws:drop`.
    Drop,
    /// `aws:forward_to_sfe`.
    Forward,
}

impl StatelessAction {
    /// From a rule's or a default's action list: the standard action among them (custom
    /// actions publish metrics and decide nothing).
    pub fn from_actions(actions: &[String]) -> Option<StatelessAction> {
        actions.iter().find_map(|action| match action.as_str() {
            "aws:pass" => Some(StatelessAction::Pass),
            "aws:drop" => Some(StatelessAction::Drop),
            "aws:forward_to_sfe" => Some(StatelessAction::Forward),
            _ => None,
        })
    }

    /// As AWS writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            StatelessAction::Pass => "aws:pass",
            StatelessAction::Drop => "aws:drop",
            StatelessAction::Forward => "aws:forward_to_sfe",
        }
    }
}

/// A stateless rule, compiled.
#[derive(Clone, Debug)]
pub struct StatelessRule {
    /// The rule group (index into the policy's groups).
    pub group: usize,
    /// Its `Priority` in the group.
    pub priority: i64,
    /// What it does.
    pub action: StatelessAction,
    /// Its actions as written (custom actions included).
    pub actions: Vec<String>,
    /// The packets its match attributes cover, as written (source to destination).
    pub region: Space,
    /// `TCPFlags`: (flags that must be set, mask of flags inspected); any one must hold.
    pub tcp_flags: Vec<(u8, u8)>,
    /// The match attributes, as AWS reports them.
    pub attributes: MatchAttributes,
}

fn flag_bits(names: &[String]) -> u8 {
    names.iter().fold(0, |bits, name| {
        bits | match name.to_ascii_uppercase().as_str() {
            "FIN" => 0x01,
            "SYN" => 0x02,
            "RST" => 0x04,
            "PSH" => 0x08,
            "ACK" => 0x10,
            "URG" => 0x20,
            "ECE" => 0x40,
            "CWR" => 0x80,
            _ => 0,
        }
    })
}

fn addresses(definitions: &[AddressDefinition]) -> Result<AddressSet, String> {
    if definitions.is_empty() {
        return Ok(AddressSet::any());
    }
    let nets = definitions
        .iter()
        .map(|definition| {
            parse_net(definition.address_definition.trim()).ok_or_else(|| {
                format!(
                    "AddressDefinition \"{}\" is not a CIDR block",
                    definition.address_definition
                )
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(AddressSet::from_nets(&nets))
}

fn ports(ranges: &[PortRange]) -> IntervalSet {
    if ranges.is_empty() {
        return IntervalSet::range(0, MAX_PORT);
    }
    IntervalSet::from_ranges(ranges.iter().map(|range| {
        (
            u128::try_from(range.from_port.max(0)).unwrap_or(0),
            u128::try_from(range.to_port.max(0))
                .unwrap_or(0)
                .min(MAX_PORT),
        )
    }))
}

/// The packets match attributes cover (also the shape of a TLS inspection scope).
pub fn match_space(attributes: &MatchAttributes) -> Result<Space, String> {
    let sources = addresses(&attributes.sources)?;
    let destinations = addresses(&attributes.destinations)?;
    let protocols = if attributes.protocols.is_empty() {
        IntervalSet::range(0, MAX_PROTOCOL)
    } else {
        IntervalSet::from_ranges(attributes.protocols.iter().map(|protocol| {
            let protocol = u128::try_from((*protocol).clamp(0, 255)).unwrap_or(0);
            (protocol, protocol)
        }))
    };
    Ok(header_space(
        &protocols,
        &sources,
        &destinations,
        &ports(&attributes.source_ports),
        &ports(&attributes.destination_ports),
    ))
}

impl StatelessRule {
    /// Compiles one rule of a stateless group.
    pub fn compile(rule: &StatelessRuleSpec, group: usize) -> Result<StatelessRule, String> {
        let attributes = &rule.match_attributes;
        let action = StatelessAction::from_actions(&rule.actions).ok_or_else(|| {
            "Actions holds none of aws:pass, aws:drop, aws:forward_to_sfe".to_owned()
        })?;
        let region = match_space(attributes)?;
        let tcp_flags = attributes
            .tcp_flags
            .iter()
            .map(|field| {
                let flags = flag_bits(&field.flags);
                // No masks: every flag is inspected.
                let mask = if field.masks.is_empty() {
                    0xff
                } else {
                    flag_bits(&field.masks)
                };
                (flags, mask)
            })
            .collect();
        Ok(StatelessRule {
            group,
            priority: rule.priority,
            action,
            actions: rule.actions.clone(),
            region,
            tcp_flags,
            attributes: attributes.clone(),
        })
    }

    /// Whether the rule's TCP flag conditions hold for a packet with these flags. A rule with
    /// flag conditions matches only TCP packets.
    pub fn flags_match(&self, protocol_is_tcp: bool, flags: u8) -> bool {
        if self.tcp_flags.is_empty() {
            return true;
        }
        protocol_is_tcp
            && self
                .tcp_flags
                .iter()
                .any(|(wanted, mask)| flags & mask == wanted & mask)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::TcpFlags;

    #[test]
    fn compiles_match_attributes_and_flags() {
        let rule = StatelessRuleSpec {
            priority: 10,
            actions: vec!["MyMetric".into(), "aws:drop".into()],
            match_attributes: MatchAttributes {
                sources: vec![AddressDefinition {
                    address_definition: "10.0.0.0/8".into(),
                }],
                destinations: vec![],
                source_ports: vec![],
                destination_ports: vec![PortRange {
                    from_port: 22,
                    to_port: 22,
                }],
                protocols: vec![6],
                tcp_flags: vec![TcpFlags {
                    flags: vec!["SYN".into()],
                    masks: vec!["SYN".into(), "ACK".into()],
                }],
            },
        };
        let compiled = StatelessRule::compile(&rule, 0).unwrap();
        assert_eq!(compiled.action, StatelessAction::Drop);
        assert_eq!(compiled.region.cubes().len(), 1);
        assert!(compiled.flags_match(true, 0x02));
        assert!(!compiled.flags_match(true, 0x12));
        assert!(!compiled.flags_match(false, 0x02));
    }
}
