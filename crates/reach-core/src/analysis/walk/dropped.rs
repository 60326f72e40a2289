//! Elements the lowering left out because they could not be read (a network ACL entry, a
//! route, a security group permission, an association: `DroppedElement`). Every component the
//! walk evaluates that has some says so in a note; where one could have decided the packets,
//! the walk records a [`Doubt`], and [`settle`] makes the verdict unknown rather than give an
//! answer the input does not support.
//!
//! What a left-out element could have been, and so when it matters:
//! - a network ACL entry could allow or deny, with any number unless its number was read: it
//!   matters when it could come before an entry that decided some packets (or the `*` entry),
//!   in the direction evaluated, whatever the verdict;
//! - a security group rule only ever allows: it matters only when some packets were denied,
//!   and only to a verdict that says they do not get through;
//! - a route could be the longest match for any destination unless its destination was read:
//!   it matters when it could match the packets, whatever the verdict;
//! - a route table association could be the one of a subnet that now falls back to its VPC's
//!   main table.

use super::*;
use crate::evaluate::network_acl;
use crate::model::{DroppedElement, NetworkAcl, RouteTable, RouteTableChoice};
use crate::space::cidr_range;

/// An element left out that could have decided what the walk found, in the words the
/// answer's summary gives it.
#[derive(Clone, Debug)]
pub(super) enum Doubt {
    /// It could have changed any verdict (a network ACL entry or a route: it could allow or
    /// deny, or send the packets elsewhere).
    Any(String),
    /// It could only have allowed more (a security group rule): it changes a verdict that
    /// something does not get through, never one that it does.
    IfBlocked(String),
}

impl Walker<'_> {
    /// After `acl` was evaluated in `direction`: a note for each entry left out that applies
    /// in this direction, and a doubt when it could have come before an entry that decided.
    pub(super) fn doubt_network_acl(
        &mut self,
        acl: &NetworkAcl,
        direction: Direction,
        evaluation: &network_acl::Evaluation<'_>,
    ) {
        let egress = direction == Direction::Outbound;
        // The last entry that decided some packets; the `*` entry comes after every number.
        let last = evaluation
            .decisions
            .iter()
            .map(|decision| {
                decision
                    .entry
                    .map_or(u32::MAX, |entry| u32::from(entry.rule_number))
            })
            .max();
        let which = if egress { "outbound" } else { "inbound" };
        for element in other_way(&acl.dropped, egress) {
            let other = if egress { "inbound" } else { "outbound" };
            self.note_dropped(
                format!("network ACL {}", acl.id),
                element,
                &format!("it applies {other}, so it changes nothing here"),
            );
        }
        for element in applying(&acl.dropped, egress) {
            let could_decide = match (element.rule_number, last) {
                (_, None) => false,
                (None, Some(_)) => true,
                (Some(number), Some(last)) => u32::from(number) <= last,
            };
            let consequence = match (could_decide, element.rule_number) {
                (true, _) => {
                    self.doubts.push(Doubt::Any(format!(
                        "network ACL {} has an {which} entry that could not be read ({}), which could come before the entry that decided",
                        acl.id, element.path
                    )));
                    "it could come before the entry that decided, so the verdict is unknown"
                        .to_owned()
                }
                (false, Some(number)) => format!(
                    "its number, {number}, comes after every entry that decided, so it changes nothing here"
                ),
                (false, None) => "no packets were left to decide".to_owned(),
            };
            self.note_dropped(format!("network ACL {}", acl.id), element, &consequence);
        }
    }

    /// After the security groups of `interface` were evaluated in `direction`: a note for each
    /// rule left out, and a doubt when some packets were denied, which it could have allowed.
    pub(super) fn doubt_security_groups(
        &mut self,
        interface: &NetworkInterface,
        direction: Direction,
        evaluation: &security_group::Evaluation<'_>,
    ) {
        let egress = direction == Direction::Outbound;
        let which = if egress { "egress" } else { "ingress" };
        for id in &interface.security_groups {
            let Some(group) = self.snapshot.security_groups.get(id) else {
                continue;
            };
            for element in other_way(&group.dropped, egress) {
                let other = if egress { "ingress" } else { "egress" };
                self.note_dropped(
                    format!("security group {id}"),
                    element,
                    &format!("it is an {other} rule, so it changes nothing here"),
                );
            }
            for element in applying(&group.dropped, egress) {
                let consequence = if evaluation.denied.is_empty() {
                    "a rule only allows, and every packet here is allowed already, so it changes nothing"
                } else {
                    self.doubts.push(Doubt::IfBlocked(format!(
                        "security group {id} has an {which} rule that could not be read ({}), which could allow what no other rule does",
                        element.path
                    )));
                    "it could allow the packets no other rule allows, so a verdict that they do not get through is unknown"
                };
                self.note_dropped(format!("security group {id}"), element, consequence);
            }
        }
    }

    /// After `table` was looked up: a note for each route left out, and a doubt when it could
    /// match the packets; and, for a subnet that falls back to the main table, a doubt for
    /// each association left out in the VPC (it may have been the subnet's).
    pub(super) fn doubt_route_table(
        &mut self,
        table: &RouteTable,
        subnet: Option<&Subnet>,
        space: &Space,
    ) {
        for element in table.dropped.iter().filter(|element| !element.association) {
            let could_match = match element.destination {
                None => true,
                Some(destination) => {
                    let (family, destinations) = cidr_range(&destination);
                    !space
                        .intersection(&Space::from_cube(Cube {
                            destinations,
                            ..Cube::everything(family)
                        }))
                        .is_empty()
                }
            };
            let consequence = if could_match {
                self.doubts.push(Doubt::Any(format!(
                    "route table {} has a route that could not be read ({}), which could be the longest match",
                    table.id, element.path
                )));
                "it could be the longest match for these packets, so the verdict is unknown"
            } else {
                "its destination does not hold these packets, so it changes nothing here"
            };
            self.note_dropped(format!("route table {}", table.id), element, consequence);
        }
        let Some(subnet) = subnet else {
            return;
        };
        if !matches!(subnet.route_table, Some((_, RouteTableChoice::Main))) {
            return;
        }
        let snapshot = self.snapshot;
        for other in snapshot
            .route_tables
            .values()
            .filter(|other| other.vpc == subnet.vpc)
        {
            for element in other.dropped.iter().filter(|element| element.association) {
                self.doubts.push(Doubt::Any(format!(
                    "{} uses the main route table for want of an association, and route table {} has one that could not be read ({})",
                    subnet.id, other.id, element.path
                )));
                self.note_dropped(
                    format!("route table {}", other.id),
                    element,
                    &format!("it may be the association of {}, which uses its VPC's main route table {} instead, so the verdict is unknown", subnet.id, table.id),
                );
            }
        }
    }

    fn note_dropped(&mut self, component: String, element: &DroppedElement, consequence: &str) {
        let note = format!(
            "{component}: {} was left out because it could not be read ({}); {consequence}",
            element.path, element.reason
        );
        if !self.notes.contains(&note) {
            self.notes.push(note);
        }
    }
}

/// The entries or rules left out that may apply in a direction (those whose direction was
/// not read may apply in either).
fn applying(dropped: &[DroppedElement], egress: bool) -> impl Iterator<Item = &DroppedElement> {
    dropped.iter().filter(move |element| {
        !element.association && element.egress.is_none_or(|applies| applies == egress)
    })
}

/// The entries or rules left out that are known to apply in the other direction.
fn other_way(dropped: &[DroppedElement], egress: bool) -> impl Iterator<Item = &DroppedElement> {
    dropped
        .iter()
        .filter(move |element| !element.association && element.egress == Some(!egress))
}

/// Makes the verdict unknown when an element left out could have decided it, and says why.
/// The request's and the replies' legs each note an element they meet, so a note may come
/// twice: it is said once.
pub(super) fn settle(doubts: &[Doubt], answer: &mut Answer) {
    let mut seen = std::collections::BTreeSet::new();
    answer.notes.retain(|note| seen.insert(note.clone()));
    if answer.verdict == Verdict::Unknown {
        return;
    }
    let mut reasons: Vec<&str> = Vec::new();
    for doubt in doubts {
        let reason = match doubt {
            Doubt::Any(reason) => reason,
            Doubt::IfBlocked(reason) if answer.verdict != Verdict::Reachable => reason,
            Doubt::IfBlocked(_) => continue,
        };
        if !reasons.contains(&reason.as_str()) {
            reasons.push(reason);
        }
    }
    if reasons.is_empty() {
        return;
    }
    answer.verdict = Verdict::Unknown;
    answer.summary = format!(
        "{} Reach cannot be sure: {}.",
        answer.summary,
        reasons.join("; ")
    );
}

#[cfg(test)]
mod tests {
    use crate::analysis::{Endpoint, Question, Verdict};
    use reach_aws::InputFile;

    /// The parts of the network the cases vary, as JSON list members.
    struct Network<'a> {
        /// The server subnet's network ACL entries (its outbound allows all unless given).
        server_acl: &'a str,
        /// The server's security group's `IpPermissions`.
        server_ingress: &'a str,
        /// The main route table's routes after the local one, and its other tables.
        routes: &'a str,
        other_tables: &'a str,
    }

    const OPEN: Network<'static> = Network {
        server_acl: r#"{"RuleNumber": 100, "Protocol": "-1", "RuleAction": "allow", "Egress": false, "CidrBlock": "0.0.0.0/0"},
                       {"RuleNumber": 100, "Protocol": "-1", "RuleAction": "allow", "Egress": true, "CidrBlock": "0.0.0.0/0"}"#,
        server_ingress: r#"{"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "IpRanges": [{"CidrIp": "10.0.1.0/24"}]}"#,
        routes: "",
        other_tables: "",
    };

    /// eni-1 (10.0.1.10, subnet-1) asks eni-2 (10.0.2.20, subnet-2) for TCP 5432 in one VPC
    /// whose main table routes locally; subnet-1's ACL and eni-1's group let everything out.
    /// Returns the verdict, the summary and the notes about elements left out.
    fn check(network: Network<'_>) -> (Verdict, String, Vec<String>) {
        let files = [
            ("describe-vpcs.json", r#"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}"#.to_owned()),
            ("describe-subnets.json", r#"{"Subnets": [
                {"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24"},
                {"SubnetId": "subnet-2", "VpcId": "vpc-1", "CidrBlock": "10.0.2.0/24"}]}"#.to_owned()),
            ("describe-route-tables.json", format!(
                r#"{{"RouteTables": [{{"RouteTableId": "rtb-main", "VpcId": "vpc-1", "Associations": [{{"Main": true}}],
                    "Routes": [{{"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local"}}{}]}}{}]}}"#,
                network.routes, network.other_tables
            )),
            ("describe-network-acls.json", format!(
                r#"{{"NetworkAcls": [
                    {{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "IsDefault": true, "Associations": [{{"SubnetId": "subnet-1"}}],
                      "Entries": [{{"RuleNumber": 100, "Protocol": "-1", "RuleAction": "allow", "Egress": false, "CidrBlock": "0.0.0.0/0"}},
                                  {{"RuleNumber": 100, "Protocol": "-1", "RuleAction": "allow", "Egress": true, "CidrBlock": "0.0.0.0/0"}}]}},
                    {{"NetworkAclId": "acl-2", "VpcId": "vpc-1", "Associations": [{{"SubnetId": "subnet-2"}}], "Entries": [{}]}}]}}"#,
                network.server_acl
            )),
            ("describe-security-groups.json", format!(
                r#"{{"SecurityGroups": [
                    {{"GroupId": "sg-1", "VpcId": "vpc-1", "IpPermissionsEgress": [{{"IpProtocol": "-1", "IpRanges": [{{"CidrIp": "0.0.0.0/0"}}]}}]}},
                    {{"GroupId": "sg-2", "VpcId": "vpc-1", "IpPermissions": [{}]}}]}}"#,
                network.server_ingress
            )),
            ("describe-network-interfaces.json", r#"{"NetworkInterfaces": [
                {"NetworkInterfaceId": "eni-1", "SubnetId": "subnet-1", "VpcId": "vpc-1", "PrivateIpAddress": "10.0.1.10", "Groups": [{"GroupId": "sg-1"}]},
                {"NetworkInterfaceId": "eni-2", "SubnetId": "subnet-2", "VpcId": "vpc-1", "PrivateIpAddress": "10.0.2.20", "Groups": [{"GroupId": "sg-2"}]}]}"#.to_owned()),
        ];
        let files: Vec<InputFile> = files
            .iter()
            .map(|(name, text)| InputFile::new(*name, text.as_bytes()))
            .collect();
        let snapshot = crate::load(&files).snapshot;
        let question = Question {
            source: Endpoint::parse("eni-1"),
            destination: Endpoint::parse("eni-2"),
            protocol: 6,
            source_ports: None,
            destination_ports: Some((5432, 5432)),
            source_ip: None,
            destination_ip: None,
            application: Default::default(),
            compat: Default::default(),
            icmp: None,
        };
        let answer = crate::analyze(&snapshot, &question).unwrap();
        let notes = answer
            .notes
            .iter()
            .filter(|note| note.contains("left out"))
            .cloned()
            .collect();
        (answer.verdict, answer.summary, notes)
    }

    const DENY_90: &str = r#"{"RuleNumber": 90, "Protocol": "6", "PortRange": {"From": 5432, "To": 5432}, "RuleAction": "deny", "Egress": false, "CidrBlock": "10.0.1.0/24"},
        {"RuleNumber": 100, "Protocol": "-1", "RuleAction": "allow", "Egress": false, "CidrBlock": "0.0.0.0/0"},
        {"RuleNumber": 100, "Protocol": "-1", "RuleAction": "allow", "Egress": true, "CidrBlock": "0.0.0.0/0"}"#;

    #[test]
    fn everything_read_gives_definite_answers() {
        assert_eq!(check(OPEN).0, Verdict::Reachable);
        let denied = check(Network {
            server_acl: DENY_90,
            ..OPEN
        });
        assert_eq!(denied.0, Verdict::NotReachable);
        assert!(denied.2.is_empty());
    }

    /// An entry of unknown number could come before rule 90, which denies: allow or deny,
    /// Reach cannot tell. Before, the whole ACL vanished and the answer was `reachable`.
    #[test]
    fn an_entry_left_out_that_could_come_first_makes_a_denial_unknown() {
        let acl = format!(
            r#"{DENY_90}, {{"RuleNumber": "x", "Protocol": "6", "RuleAction": "allow", "Egress": false, "CidrBlock": "10.0.1.0/24"}}"#
        );
        let (verdict, summary, notes) = check(Network {
            server_acl: &acl,
            ..OPEN
        });
        assert_eq!(verdict, Verdict::Unknown);
        assert!(
            summary.ends_with("does not get through: network ACL acl-2 of subnet-2 denies it inbound (acl-2 inbound rule 90: deny tcp port 5432 from 10.0.1.0/24). Reach cannot be sure: network ACL acl-2 has an inbound entry that could not be read (Entries[3]), which could come before the entry that decided."),
            "{summary}"
        );
        assert_eq!(
            notes,
            ["network ACL acl-2: Entries[3] was left out because it could not be read (Entries[3].RuleNumber: invalid type: string \"x\", expected i64); it could come before the entry that decided, so the verdict is unknown"]
        );
    }

    /// The same for an allowance: a deny could come first. A null entry tells nothing.
    #[test]
    fn an_entry_left_out_that_could_come_first_makes_an_allowance_unknown() {
        let acl = format!("{}, null", OPEN.server_acl);
        let (verdict, _, notes) = check(Network {
            server_acl: &acl,
            ..OPEN
        });
        assert_eq!(verdict, Verdict::Unknown);
        // Checked inbound on the request and outbound on the replies.
        assert_eq!(notes.len(), 1, "{notes:?}");
    }

    /// An entry whose number was read and comes after the deciding entry, or whose direction
    /// is the other one, changes nothing: the verdict stands, with a note.
    #[test]
    fn an_entry_left_out_that_comes_later_or_the_other_way_changes_nothing() {
        let later = format!(
            r#"{DENY_90}, {{"RuleNumber": 95, "Protocol": "6", "RuleAction": "allow", "Egress": false, "CidrBlock": "10.0.1.0/33"}}"#
        );
        let (verdict, _, notes) = check(Network {
            server_acl: &later,
            ..OPEN
        });
        assert_eq!(verdict, Verdict::NotReachable);
        assert_eq!(
            notes,
            ["network ACL acl-2: Entries[3] was left out because it could not be read (Entries[3].CidrBlock: invalid CIDR \"10.0.1.0/33\"); its number, 95, comes after every entry that decided, so it changes nothing here"]
        );
        // Numbered 90 too: it could have been the one at 90 (AWS keeps one per number).
        let same = later.replace(r#""RuleNumber": 95"#, r#""RuleNumber": 90"#);
        assert_eq!(
            check(Network {
                server_acl: &same,
                ..OPEN
            })
            .0,
            Verdict::Unknown
        );
        let outbound = format!(
            r#"{DENY_90}, {{"RuleNumber": "x", "Protocol": "6", "RuleAction": "allow", "Egress": true, "CidrBlock": "10.0.1.0/24"}}"#
        );
        let (verdict, _, notes) = check(Network {
            server_acl: &outbound,
            ..OPEN
        });
        assert_eq!(verdict, Verdict::NotReachable);
        assert!(notes[0].ends_with("it applies outbound, so it changes nothing here"));
    }

    /// On the replies' way: an outbound entry of the server's ACL left out, which could deny
    /// the replies.
    #[test]
    fn an_entry_left_out_on_the_replies_way_makes_the_answer_unknown() {
        let acl = format!(
            r#"{}, {{"RuleNumber": "x", "Protocol": "-1", "RuleAction": "deny", "Egress": true, "CidrBlock": "0.0.0.0/0"}}"#,
            OPEN.server_acl
        );
        let (verdict, summary, _) = check(Network {
            server_acl: &acl,
            ..OPEN
        });
        assert_eq!(verdict, Verdict::Unknown);
        assert!(
            summary.contains("outbound entry that could not be read"),
            "{summary}"
        );
    }

    /// A security group rule only allows: left out, it makes a denial unknown, and leaves an
    /// allowance as it is.
    #[test]
    fn a_security_group_rule_left_out_matters_only_to_a_denial() {
        let (verdict, summary, notes) = check(Network {
            server_ingress: r#"{"IpProtocol": "tcp", "FromPort": "5432", "ToPort": 5432}"#,
            ..OPEN
        });
        assert_eq!(verdict, Verdict::Unknown);
        assert!(
            summary.ends_with("Reach cannot be sure: security group sg-2 has an ingress rule that could not be read (IpPermissions[0]), which could allow what no other rule does."),
            "{summary}"
        );
        assert_eq!(notes.len(), 1);
        let allowed = format!("{}, null", OPEN.server_ingress);
        let (verdict, _, notes) = check(Network {
            server_ingress: &allowed,
            ..OPEN
        });
        assert_eq!(verdict, Verdict::Reachable);
        assert!(notes[0].ends_with("every packet here is allowed already, so it changes nothing"));
    }

    /// A route left out could be the longest match, unless its destination was read and
    /// does not hold the packets.
    #[test]
    fn a_route_left_out_matters_when_it_could_match() {
        let (verdict, summary, _) = check(Network {
            routes: r#", {"DestinationCidrBlock": "10.0.2.0/24", "GatewayId": 7}"#,
            ..OPEN
        });
        assert_eq!(verdict, Verdict::Unknown);
        assert!(summary.contains("route table rtb-main has a route that could not be read (Routes[1]), which could be the longest match"), "{summary}");
        assert_eq!(
            check(Network {
                routes: ", null",
                ..OPEN
            })
            .0,
            Verdict::Unknown
        );
        let (verdict, _, notes) = check(Network {
            routes: r#", {"DestinationCidrBlock": "192.168.0.0/16", "GatewayId": 7}"#,
            ..OPEN
        });
        assert_eq!(verdict, Verdict::Reachable);
        assert!(notes[0]
            .ends_with("its destination does not hold these packets, so it changes nothing here"));
    }

    /// subnet-1 uses the main table for want of an association; another table's association
    /// left out may have been subnet-1's.
    #[test]
    fn an_association_left_out_makes_a_main_table_fallback_unknown() {
        let (verdict, summary, _) = check(Network {
            other_tables: r#", {"RouteTableId": "rtb-2", "VpcId": "vpc-1", "Associations": [{"SubnetId": ["subnet-1"]}], "Routes": []}"#,
            ..OPEN
        });
        assert_eq!(verdict, Verdict::Unknown);
        assert!(summary.contains("subnet-1 uses the main route table for want of an association, and route table rtb-2 has one that could not be read (Associations[0])"), "{summary}");
    }
}
