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
            |index| format!("Cidrs[{index}]"),
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
                entry_field,
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
            entry_field,
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

/// A list's CIDRs, leaving out those that do not parse; `field` gives the path of each.
fn parse(
    sink: &mut Sink<'_>,
    cidrs: &mut dyn Iterator<Item = (usize, &str)>,
    origin: &Origin,
    id: &str,
    field: impl Fn(usize) -> String,
) -> Vec<IpNet> {
    cidrs
        .filter_map(|(index, text)| sink.cidr(text, origin, id, &field(index)))
        .collect()
}

/// The path of an entry's CIDR inside `get-managed-prefix-list-entries`' `Entries`, which the
/// entries' origin already names.
fn entry_field(index: usize) -> String {
    format!("[{index}].Cidr")
}

#[cfg(test)]
mod tests {
    use crate::lower::problems;

    const LISTS: (&str, &str) = (
        "describe-managed-prefix-lists.json",
        r#"{"PrefixLists": [{"PrefixListId": "pl-1", "PrefixListName": "corp", "OwnerId": "111122223333"}]}"#,
    );

    #[test]
    fn a_bad_entry_names_its_path_in_the_entries_file_and_the_others_stay() {
        let entries = r#"{"Entries": [{"Cidr": "10.0.0.0/8"}, {"Cidr": "10.0.0.0/33"}]}"#;
        let (snapshot, problems) = problems(&[
            LISTS,
            ("get-managed-prefix-list-entries.pl-1.json", entries),
        ]);
        assert_eq!(
            problems,
            ["error get-managed-prefix-list-entries.pl-1.json: pl-1: Entries[1].Cidr: invalid CIDR \"10.0.0.0/33\""]
        );
        assert_eq!(
            snapshot.prefix_lists["pl-1"].cidrs.as_ref().map(Vec::len),
            Some(1)
        );
    }

    #[test]
    fn entries_not_exported_leave_the_list_unknown() {
        let (snapshot, problems) = problems(&[LISTS]);
        assert_eq!(
            problems,
            ["missing entries of pl-1: prefix list pl-1 (corp): its entries were not exported, so rules and routes that use it cannot be checked | aws ec2 get-managed-prefix-list-entries --prefix-list-id pl-1 > get-managed-prefix-list-entries.pl-1.json"]
        );
        assert_eq!(snapshot.prefix_lists["pl-1"].cidrs, None);
    }
}
