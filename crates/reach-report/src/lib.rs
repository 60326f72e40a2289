//! Presentation shared by the CLI and the web app: the same text and the same JSON from the
//! same [`reach_core::Load`], so both front ends always agree.
#![deny(missing_docs)]

mod analysis;

pub use analysis::{analysis_json, analysis_text};

use reach_core::{inventory, Load};
use serde_json::{json, Map, Value};
use std::fmt::Write as _;

/// `reach inventory --format json`: `counts` (every key, 0 when none), `diagnostics`
/// (`message`, `missing`, `command`), `errors`, `ignored`, and per-VPC and per-file detail.
pub fn inventory_json(load: &Load) -> Value {
    let inventory = inventory(load);
    let mut counts = Map::new();
    for (key, count) in &inventory.counts {
        counts.insert(key.key().to_owned(), json!(count));
    }
    json!({
        "counts": counts,
        "diagnostics": load.diagnostics.iter().map(|diagnostic| json!({
            "message": diagnostic.message,
            "missing": diagnostic.missing,
            "command": diagnostic.command,
        })).collect::<Vec<_>>(),
        "errors": load.errors.iter().map(|error| json!({
            "file": error.file,
            "resource": error.resource,
            "location": error.location,
            "message": error.message,
            "text": error.to_string(),
        })).collect::<Vec<_>>(),
        "ignored": load.ignored.iter().map(|ignored| json!({
            "file": ignored.file,
            "kind": ignored.kind,
            "reason": ignored.reason,
        })).collect::<Vec<_>>(),
        "vpcs": inventory.vpcs.iter().map(|vpc| json!({
            "id": vpc.id,
            "name": vpc.name,
            "cidrs": vpc.cidrs,
            "owner_id": vpc.owner_id,
            "region": vpc.region,
            "subnets": vpc.subnets,
            "network_interfaces": vpc.network_interfaces,
            "instances": vpc.instances,
        })).collect::<Vec<_>>(),
        "files": load.files.iter().map(|file| json!({
            "name": file.name,
            "documents": file.documents.iter().map(|(kind, count)| json!({"kind": kind.operation(), "items": count})).collect::<Vec<_>>(),
            "errors": file.errors,
            "ignored": file.ignored,
        })).collect::<Vec<_>>(),
    })
}

/// `reach inventory`: a summary for a terminal.
pub fn inventory_text(load: &Load) -> String {
    let inventory = inventory(load);
    let mut out = String::new();
    let documents: usize = load.files.iter().map(|file| file.documents.len()).sum();
    let _ = writeln!(
        out,
        "read {} file(s), {documents} document(s)",
        load.files.len()
    );
    out.push('\n');
    let width = inventory
        .counts
        .iter()
        .map(|(key, _)| key.key().len())
        .max()
        .unwrap_or(0);
    for (key, count) in &inventory.counts {
        let _ = writeln!(out, "  {:<width$}  {count}", key.key());
    }
    if !inventory.vpcs.is_empty() {
        out.push_str("\nvpcs:\n");
        for vpc in &inventory.vpcs {
            let name = vpc
                .name
                .as_deref()
                .map(|name| format!(" ({name})"))
                .unwrap_or_default();
            let place = match (&vpc.owner_id, &vpc.region) {
                (Some(owner), Some(region)) => format!("  account {owner}, {region}"),
                (Some(owner), None) => format!("  account {owner}"),
                (None, Some(region)) => format!("  {region}"),
                (None, None) => String::new(),
            };
            let _ = writeln!(
                out,
                "  {}{name}  {}  {} subnets, {} interfaces, {} instances{place}",
                vpc.id,
                vpc.cidrs.join(", "),
                vpc.subnets,
                vpc.network_interfaces,
                vpc.instances
            );
        }
    }
    section(
        &mut out,
        "errors",
        load.errors.iter().map(|error| error.to_string()),
    );
    section(
        &mut out,
        "diagnostics",
        load.diagnostics
            .iter()
            .map(|diagnostic| match &diagnostic.command {
                Some(command) => format!("{}\n      export with: {command}", diagnostic.message),
                None => diagnostic.message.clone(),
            }),
    );
    section(
        &mut out,
        "ignored",
        load.ignored
            .iter()
            .map(|ignored| format!("{}: {} ({})", ignored.file, ignored.kind, ignored.reason)),
    );
    if load.errors.is_empty() && load.diagnostics.is_empty() {
        out.push_str("\nno diagnostics: every reference resolves\n");
    }
    out
}

fn section(out: &mut String, title: &str, lines: impl Iterator<Item = String>) {
    let lines: Vec<String> = lines.collect();
    if lines.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{title} ({}):", lines.len());
    for line in lines {
        let _ = writeln!(out, "  - {line}");
    }
}
