//! Embeds the seed lab (`tests/scenarios/seed-lab/`) and its variants
//! (`tests/scenarios/seed-lab-variants/`) as the built-in demo, so that adding an
//! export file or a variant needs no code change.

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
    let variants_dir = manifest.join("../../tests/scenarios/seed-lab-variants");
    println!("cargo:rerun-if-changed={}", variants_dir.display());
    let mut folders: Vec<PathBuf> = fs::read_dir(&variants_dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| path.is_dir())
                .collect()
        })
        .unwrap_or_default();
    folders.sort();
    for folder in folders {
        println!("cargo:rerun-if-changed={}", folder.display());
        let id = file_name(&folder);
        let readme = fs::read_to_string(folder.join("README.md")).unwrap_or_default();
        let story = readme
            .lines()
            .map(str::trim)
            .find(|line| !line.is_empty() && !line.starts_with('#'))
            .unwrap_or("");
        let title = readme
            .lines()
            .find_map(|line| line.strip_prefix("# "))
            .map(str::trim)
            .unwrap_or(&id)
            .to_owned();
        writeln!(
            variants,
            "    Variant {{ id: {id:?}, title: {title:?}, story: {story:?} }},"
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
