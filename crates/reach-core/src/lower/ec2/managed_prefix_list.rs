//! Prefix lists: managed ones (`describe-managed-prefix-lists`) with their entries
//! (`get-managed-prefix-list-entries`), and AWS service lists (`describe-prefix-lists`), whose
//! CIDRs stand in when a managed list's entries were not exported.

use crate::collect::Entry;
use crate::command;
use crate::ids::*;
use crate::lower::{Lowering, Sink};
use crate::model::*;
use ipnet::IpNet;

pub(crate) fn lower(lowering: &mut Lowering<'_>) {
    let Lowering {
        input: c,
        snapshot,
        sink,
    } = lowering;
    for (
        id,
        Entry {
            value: list,
            origin,
        },
    ) in c.aws_prefix_lists.iter()
    {
        let cidrs = parse(
            sink,
            &mut list.cidrs.iter().map(String::as_str).enumerate(),
            origin,
            id,
            "Cidrs",
        );
        snapshot.prefix_lists.insert(
            PrefixListId::new(id),
            PrefixList {
                id: PrefixListId::new(id),
                name: list.prefix_list_name.clone(),
                owner_id: Some("AWS".to_owned()),
                cidrs: Some(cidrs),
                origin: origin.clone(),
            },
        );
    }
    for (
        id,
        Entry {
            value: list,
            origin,
        },
    ) in c.managed_prefix_lists.iter()
    {
        let entries = c.prefix_list_entries.get(id);
        let from_service_list = snapshot
            .prefix_lists
            .get(id.as_str())
            .and_then(|list| list.cidrs.clone());
        let cidrs = match entries {
            Some(Entry {
                value: entries,
                origin: entries_origin,
            }) => Some(parse(
                sink,
                &mut entries.iter().map(|entry| entry.cidr.as_str()).enumerate(),
                entries_origin,
                id,
                "Entries",
            )),
            None => {
                let name = list.prefix_list_name.as_deref().unwrap_or("unnamed");
                let consequence = if from_service_list.is_some() {
                    "Reach uses the CIDRs describe-prefix-lists printed for it"
                } else {
                    "rules and routes that use it cannot be checked"
                };
                sink.missing(
                    format!("entries of {id}"),
                    format!("prefix list {id} ({name}): its entries were not exported, so {consequence}"),
                    command::prefix_list_entries(id),
                );
                from_service_list
            }
        };
        snapshot.prefix_lists.insert(
            PrefixListId::new(id),
            PrefixList {
                id: PrefixListId::new(id),
                name: list.prefix_list_name.clone(),
                owner_id: list.owner_id.clone(),
                cidrs,
                origin: origin.clone(),
            },
        );
    }
    for (
        id,
        Entry {
            value: entries,
            origin,
        },
    ) in c.prefix_list_entries.iter()
    {
        if snapshot.prefix_lists.contains_key(id.as_str()) {
            continue;
        }
        // Entries without the list's description: keep them, and say what is missing.
        sink.missing(
            id,
            format!(
                "entries of prefix list {id} were exported, but the prefix list itself was not"
            ),
            command::prefix_list(id),
        );
        let cidrs = parse(
            sink,
            &mut entries.iter().map(|entry| entry.cidr.as_str()).enumerate(),
            origin,
            id,
            "Entries",
        );
        snapshot.prefix_lists.insert(
            PrefixListId::new(id),
            PrefixList {
                id: PrefixListId::new(id),
                name: None,
                owner_id: None,
                cidrs: Some(cidrs),
                origin: origin.clone(),
            },
        );
    }
}

/// A list's CIDRs (`field[index]`), leaving out those that do not parse.
fn parse(
    sink: &mut Sink<'_>,
    cidrs: &mut dyn Iterator<Item = (usize, &str)>,
    origin: &Origin,
    id: &str,
    field: &str,
) -> Vec<IpNet> {
    cidrs
        .filter_map(|(index, text)| sink.cidr(text, origin, id, &format!("{field}[{index}]")))
        .collect()
}
