//! Embeds the seed lab (`tests/scenarios/seed-lab/`), its variants
//! (`tests/scenarios/seed-lab-variants/`) and the overlays that hold a `demo` file
//! (`tests/scenarios/seed-lab-overlays/`) as the built-in demo, so that adding an export file
//! or a variant needs no code change.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

fn main() {
    let manifest =
        PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let lab = manifest.join("../../tests/scenarios/seed-lab");
    println!("cargo:rerun-if-changed={}", lab.display());
    let mut out = String::new();
    out.push_str(
        "type Files = &'static [(&'static str, &'static [u8])];\nstatic BASE: Files = &[\n",
    );
    for file in json_files(&lab) {
        writeln!(
            out,
            "    ({:?}, include_bytes!({:?})),",
            file_name(&file),
            file.display().to_string()
        )
        .expect("write to string");
    }
    out.push_str("];\n");
    let mut variants = String::from("static VARIANTS: &[Variant] = &[\n");
    let mut overlays = String::from("static OVERLAYS: &[(&str, Files)] = &[\n");
    // The seed lab's variants, then the overlays that opt into the demo with a `demo` file
    // (multi-VPC designs built on the lab).
    let mut folders = Vec::new();
    for (dir, opt_in) in [("seed-lab-variants", false), ("seed-lab-overlays", true)] {
        let dir = manifest.join("../../tests/scenarios").join(dir);
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut found: Vec<PathBuf> = fs::read_dir(&dir)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|entry| entry.path())
                    .filter(|path| path.is_dir() && (!opt_in || path.join("demo").is_file()))
                    .collect()
            })
            .unwrap_or_default();
        found.sort();
        folders.extend(found);
    }
    for folder in folders {
        println!("cargo:rerun-if-changed={}", folder.display());
        let id = file_name(&folder);
        let readme = fs::read_to_string(folder.join("README.md")).unwrap_or_default();
        // The first paragraph that is not a heading, on one line.
        let story = readme
            .split("\n\n")
            .map(str::trim)
            .find(|paragraph| !paragraph.is_empty() && !paragraph.starts_with('#'))
            .map(|paragraph| paragraph.split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_default();
        let title = readme
            .lines()
            .find_map(|line| line.strip_prefix("# "))
            .map(str::trim)
            .unwrap_or(&id)
            .to_owned();
        // The first question the folder asks, flags only (a `name:` prefix dropped).
        let question = fs::read_to_string(folder.join("question"))
            .unwrap_or_default()
            .lines()
            .find(|line| !line.trim().is_empty())
            .map(|line| match line.split_once(": ") {
                Some((name, rest)) if !name.starts_with('-') => rest.trim().to_owned(),
                _ => line.trim().to_owned(),
            })
            .unwrap_or_default();
        writeln!(
            variants,
            "    Variant {{ id: {id:?}, title: {title:?}, story: {story:?}, question: {question:?} }},"
        )
        .expect("write to string");
        write!(overlays, "    ({id:?}, &[").expect("write to string");
        for file in json_files(&folder) {
            write!(
                overlays,
                "({:?}, include_bytes!({:?})), ",
                file_name(&file),
                file.display().to_string()
            )
            .expect("write to string");
        }
        overlays.push_str("]),\n");
    }
    variants.push_str("];\n");
    overlays.push_str("];\n");
    out.push_str(&variants);
    out.push_str(&overlays);
    let target =
        PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("demo_files.rs");
    fs::write(target, out).expect("write demo_files.rs");
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| {
                    path.is_file()
                        && path
                            .extension()
                            .is_some_and(|extension| extension == "json")
                })
                // Golden outputs of Reach itself live beside the exports; they are not input.
                .filter(|path| !file_name(path).starts_with("expected"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
    }
    files
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}
