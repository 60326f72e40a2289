//! Scenario tests: every folder under `tests/scenarios/` that holds a `question` file is
//! analysed by the `reach` binary, and its text and JSON answers are compared with
//! `expected.txt` and `expected.json` beside it (and AWS-compatible answers with
//! `expected-aws.*`). `UPDATE_EXPECT=1` rewrites them; review the
//! diff like code. Folders under `seed-lab-variants/` are overlays on the built-in demo, and
//! folders under `seed-lab-overlays/` overlays on the seed lab's files.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repository root")
}

fn scenario_folders() -> Vec<PathBuf> {
    let root = repo().join("tests/scenarios");
    let mut folders = Vec::new();
    let mut pending = vec![root];
    while let Some(folder) = pending.pop() {
        if folder.join("question").is_file() {
            folders.push(folder.clone());
        }
        if let Ok(entries) = std::fs::read_dir(&folder) {
            pending.extend(
                entries
                    .filter_map(Result::ok)
                    .map(|entry| entry.path())
                    .filter(|path| path.is_dir()),
            );
        }
    }
    folders.sort();
    folders
}

/// The answer as printed: stdout, stderr (shown after stdout in the text golden only, since
/// the JSON golden must stay JSON), and the exit status.
fn run(inputs: &[String], question: &[String], json: bool) -> (String, String, Option<i32>) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_reach"));
    command
        .arg("analyze")
        .args(inputs)
        .args(question)
        .current_dir(repo());
    if json {
        command.args(["--format", "json"]);
    }
    let output = command.output().expect("run reach");
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        output.status.code(),
    )
}

/// A path inside the repository, as the CLI is given it (run from the repository's root).
fn in_repository(path: &Path) -> String {
    path.strip_prefix(repo())
        .expect("inside the repository")
        .display()
        .to_string()
}

/// A folder's export files, relative to the repository: its `.json` files but the goldens.
fn exports(folder: &Path) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(folder)
        .expect("scenario folder")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "json")
        })
        .filter(|path| {
            !path
                .file_name()
                .is_some_and(|name| name.to_string_lossy().starts_with("expected"))
        })
        .map(|path| in_repository(&path))
        .collect();
    files.sort();
    files
}

#[test]
fn every_scenario_gives_its_expected_answer() {
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let folders = scenario_folders();
    assert!(
        folders.len() >= 11,
        "the seed lab's variants at least: {folders:?}"
    );
    let mut failures = Vec::new();
    for folder in &folders {
        // One question per line; a line may start with `name:`, whose answers are
        // `expected-<name>.*` (the first unnamed line's are `expected.*`).
        let questions: Vec<(String, Vec<String>)> =
            std::fs::read_to_string(folder.join("question"))
                .expect("question file")
                .lines()
                .filter(|line| !line.trim().is_empty())
                .map(|line| {
                    let (name, rest) = match line.split_once(": ") {
                        Some((name, rest)) if !name.starts_with('-') => {
                            (format!("expected-{name}"), rest)
                        }
                        _ => ("expected".to_owned(), line),
                    };
                    (name, rest.split_whitespace().map(str::to_owned).collect())
                })
                .collect();
        let relative = in_repository(folder);
        let inputs: Vec<String> = match folder.parent().and_then(|parent| parent.file_name()) {
            Some(parent) if parent == "seed-lab-variants" => {
                let id = folder
                    .file_name()
                    .expect("folder name")
                    .to_string_lossy()
                    .into_owned();
                vec!["--demo".to_owned(), "--variant".to_owned(), id]
            }
            // An overlay: the seed lab's exports, with the folder's files replacing those of the
            // same name.
            Some(parent) if parent == "seed-lab-overlays" => {
                let overlay = exports(folder);
                let names: Vec<String> = overlay
                    .iter()
                    .filter_map(|path| path.rsplit('/').next().map(str::to_owned))
                    .collect();
                let mut files: Vec<String> = exports(&repo().join("tests/scenarios/seed-lab"))
                    .into_iter()
                    .filter(|path| {
                        !path
                            .rsplit('/')
                            .next()
                            .is_some_and(|name| names.iter().any(|replaced| replaced == name))
                    })
                    .collect();
                files.extend(overlay);
                files
            }
            // Several accounts' exports come as folders (`aws_configs/accounts/<account>/…`),
            // which the CLI reads whole.
            _ => {
                let mut inputs = exports(folder);
                let mut folders: Vec<String> = std::fs::read_dir(folder)
                    .expect("scenario folder")
                    .filter_map(Result::ok)
                    .map(|entry| entry.path())
                    .filter(|path| path.is_dir() && !path.join("question").exists())
                    .map(|path| in_repository(&path))
                    .collect();
                folders.sort();
                inputs.extend(folders);
                inputs
            }
        };
        // Faithful answers in `expected.*`; AWS-compatible ones in `expected-aws.*` for the
        // seed lab's variants (the table of ../shared/SEED_LAB.md) and folders holding a
        // `compat-aws` file.
        let mut modes = Vec::new();
        for (stem, question) in &questions {
            modes.push((stem.clone(), question.clone()));
            if relative.contains("seed-lab-variants") || folder.join("compat-aws").is_file() {
                let mut aws = question.clone();
                aws.extend(["--compat".to_owned(), "aws".to_owned()]);
                modes.push((stem.replacen("expected", "expected-aws", 1), aws));
            }
        }
        for (stem, question) in modes {
            let (mut text, stderr, text_status) = run(&inputs, &question, false);
            if !stderr.is_empty() {
                text.push_str(&format!("\nstderr:\n{stderr}"));
            }
            let (json, _, json_status) = run(&inputs, &question, true);
            // Exit status 0 exactly when AWS would say NetworkPathFound.
            let found = serde_json::from_str::<serde_json::Value>(&json)
                .ok()
                .and_then(|value| value["NetworkPathFound"].as_bool());
            match (found, text_status) {
                (Some(true), Some(0)) | (Some(false), Some(1)) => {}
                other => failures.push(format!(
                    "{relative}: NetworkPathFound and exit status disagree: {other:?}"
                )),
            }
            if text_status != json_status {
                failures.push(format!("{relative}: text and JSON exit statuses differ"));
            }
            for (name, actual) in [
                (format!("{stem}.txt"), text),
                (format!("{stem}.json"), json),
            ] {
                let path = folder.join(&name);
                if update {
                    std::fs::write(&path, &actual).expect("write golden file");
                    continue;
                }
                let expected = std::fs::read_to_string(&path).unwrap_or_default();
                if expected != actual {
                    failures.push(format!("{relative}/{name} differs (UPDATE_EXPECT=1 accepts):\n--- expected\n{expected}\n--- actual\n{actual}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
