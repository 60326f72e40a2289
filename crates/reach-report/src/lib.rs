//! Presentation shared by the CLI and the web app: the same text and the same JSON from the
//! same [`reach_core::Load`], so both front ends always agree.
#![deny(missing_docs)]

mod analysis;

pub use analysis::{analysis_json, analysis_text};

use reach_core::{inventory, Load};
use serde_json::{json, Map, Value};
use std::borrow::Cow;
use std::fmt::Write as _;

/// Text from the input (a tag, an id, a file name, a message quoting them) made safe to print
/// on a terminal. Control characters (C0 and C1, `DEL`) would move the cursor, recolour or
/// clear the screen, or with a carriage return or line break overwrite and forge lines of the
/// answer; bidirectional formatting characters would reorder what is shown. Each is written
/// as a Rust escape (`\u{1b}`, `\r`, `\n`, `\t`), the way error messages quote values;
/// everything else, other scripts included, is kept. JSON output needs none of this: its
/// strings are escaped already.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(unprintable) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for character in text.chars() {
        match character {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            character if unprintable(character) => {
                let _ = write!(out, "{}", character.escape_unicode());
            }
            character => out.push(character),
        }
    }
    Cow::Owned(out)
}

/// A character a terminal acts on or reorders text by rather than shows.
fn unprintable(character: char) -> bool {
    character.is_control()
        || matches!(
            character,
            // Arabic letter mark, left-to-right and right-to-left marks, the embeddings and
            // overrides, and the isolates (Unicode's bidirectional formatting characters).
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

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
                .map(|name| format!(" ({})", printable(name)))
                .unwrap_or_default();
            let owner = vpc.owner_id.as_deref().map(printable);
            let region = vpc.region.as_deref().map(printable);
            let place = match (owner, region) {
                (Some(owner), Some(region)) => format!("  account {owner}, {region}"),
                (Some(owner), None) => format!("  account {owner}"),
                (None, Some(region)) => format!("  {region}"),
                (None, None) => String::new(),
            };
            let _ = writeln!(
                out,
                "  {}{name}  {}  {} subnets, {} interfaces, {} instances{place}",
                printable(&vpc.id),
                printable(&vpc.cidrs.join(", ")),
                vpc.subnets,
                vpc.network_interfaces,
                vpc.instances
            );
        }
    }
    section(
        &mut out,
        "errors",
        load.errors
            .iter()
            .map(|error| printable(&error.to_string()).into_owned()),
    );
    section(
        &mut out,
        "diagnostics",
        load.diagnostics
            .iter()
            .map(|diagnostic| match &diagnostic.command {
                Some(command) => format!(
                    "{}\n      export with: {}",
                    printable(&diagnostic.message),
                    printable(command)
                ),
                None => printable(&diagnostic.message).into_owned(),
            }),
    );
    section(
        &mut out,
        "ignored",
        load.ignored.iter().map(|ignored| {
            format!(
                "{}: {} ({})",
                printable(&ignored.file),
                printable(&ignored.kind),
                printable(&ignored.reason)
            )
        }),
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

#[cfg(test)]
mod tests {
    use super::printable;

    fn check(text: &str, expected: &str) {
        assert_eq!(printable(text), expected, "{text:?}");
    }

    #[test]
    fn control_and_bidirectional_characters_are_escaped_and_the_rest_kept() {
        // Nothing to escape: the text itself, not a copy.
        assert!(matches!(
            printable("web-1 (prod)"),
            std::borrow::Cow::Borrowed(_)
        ));
        check("", "");
        check("café, 東京, ✓", "café, 東京, ✓");
        // A backslash is not a control character: kept as it is.
        check(r"C:\temp", r"C:\temp");
        // Escape sequences, a carriage return that would overwrite the line, a line break
        // that would forge one, a bell, a tab.
        check("\u{1b}[31mred\u{1b}[0m", r"\u{1b}[31mred\u{1b}[0m");
        check("ok\rverdict: reachable", r"ok\rverdict: reachable");
        check("a\nverdict: reachable", r"a\nverdict: reachable");
        check("\u{7}\t\0", r"\u{7}\t\u{0}");
        // DEL and the C1 controls (CSI is 0x9b); the first character past them is kept.
        check(
            "\u{7f}\u{80}\u{9b}2J\u{9f}\u{a0}",
            "\\u{7f}\\u{80}\\u{9b}2J\\u{9f}\u{a0}",
        );
        // Bidirectional overrides and isolates, which reorder what a terminal shows; the
        // characters just outside their ranges are kept.
        check(
            "\u{202a}\u{202e}abc\u{2066}\u{2069}\u{200e}\u{200f}\u{61c}",
            r"\u{202a}\u{202e}abc\u{2066}\u{2069}\u{200e}\u{200f}\u{61c}",
        );
        check(
            "\u{2029}\u{202f}\u{2065}\u{206a}",
            "\u{2029}\u{202f}\u{2065}\u{206a}",
        );
    }
}
