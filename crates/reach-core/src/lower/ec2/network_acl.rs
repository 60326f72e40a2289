//! Network ACLs (`describe-network-acls`): entries sorted the way AWS evaluates them, and the
//! subnets each is associated with.

use crate::collect::Entry;
use crate::ids::*;
use crate::lower::{owned, Lowering};
use crate::model::*;
use reach_aws::ec2::name_tag;

pub(crate) fn lower(lowering: &mut Lowering<'_>) {
    let Lowering {
        input,
        snapshot,
        sink,
    } = lowering;
    for (id, Entry { value: acl, origin }) in input.network_acls.iter() {
        sink.check_vpc(input, &format!("network ACL {id}"), "is in", &acl.vpc_id);
        let mut ingress = Vec::new();
        let mut egress = Vec::new();
        for (index, entry) in acl.entries.iter().enumerate() {
            let field = format!("Entries[{index}]");
            let Ok(rule_number) = u16::try_from(entry.rule_number) else {
                sink.error(
                    origin,
                    id,
                    &format!("{field}.RuleNumber"),
                    format!("invalid rule number {}", entry.rule_number),
                );
                continue;
            };
            let Some(protocol) =
                sink.protocol(&entry.protocol, origin, id, &format!("{field}.Protocol"))
            else {
                continue;
            };
            let Some(text) = entry
                .cidr_block
                .as_deref()
                .or(entry.ipv6_cidr_block.as_deref())
            else {
                sink.error(origin, id, &field, "entry without a CIDR block".to_owned());
                continue;
            };
            let Some(cidr) = sink.cidr(text, origin, id, &format!("{field}.CidrBlock")) else {
                continue;
            };
            let ports = match &entry.port_range {
                // Reported at the range, not at its From or To.
                Some(range) => match sink.ports(
                    range.from,
                    range.to,
                    origin,
                    id,
                    (&format!("{field}.PortRange"), &format!("{field}.PortRange")),
                ) {
                    Ok(ports) => ports,
                    Err(()) => continue,
                },
                None => None,
            };
            let icmp = entry.icmp_type_code.as_ref().map(|code| {
                let part = |value: Option<i64>| value.and_then(|value| u8::try_from(value).ok());
                (part(code.icmp_type), part(code.code))
            });
            let allow = match entry.rule_action.as_str() {
                "allow" => true,
                "deny" => false,
                other => {
                    sink.error(
                        origin,
                        id,
                        &format!("{field}.RuleAction"),
                        format!("invalid rule action {other:?}: expected allow or deny"),
                    );
                    continue;
                }
            };
            let parsed = NetworkAclEntry {
                rule_number,
                protocol,
                ports,
                icmp,
                cidr,
                allow,
            };
            if entry.egress {
                egress.push(parsed)
            } else {
                ingress.push(parsed)
            }
        }
        ingress.sort_by_key(|entry| entry.rule_number);
        egress.sort_by_key(|entry| entry.rule_number);
        if acl.is_default {
            if let Some(vpc) = snapshot.vpcs.get_mut(acl.vpc_id.as_str()) {
                vpc.default_network_acl = Some(NetworkAclId::new(id));
            }
        }
        let subnets: Vec<SubnetId> = acl
            .associations
            .iter()
            .map(|a| SubnetId::new(&a.subnet_id))
            .collect();
        for subnet in &subnets {
            sink.check_subnet(
                input,
                &format!("network ACL {id}"),
                "is associated with",
                subnet.as_str(),
            );
        }
        snapshot.network_acls.insert(
            NetworkAclId::new(id),
            NetworkAcl {
                id: NetworkAclId::new(id),
                name: owned(name_tag(&acl.tags)),
                vpc: VpcId::new(&acl.vpc_id),
                is_default: acl.is_default,
                ingress,
                egress,
                subnets,
                origin: origin.clone(),
            },
        );
    }
}
