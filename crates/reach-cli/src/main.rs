//! `reach`: the command-line front end. Reads files and folders, hands their bytes to the
//! core, and prints what `reach-report` renders.

use clap::{Parser, Subcommand, ValueEnum};
use reach_aws::InputFile;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "reach",
    version,
    about = "Offline reachability analysis of AWS networks from describe-* exports"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Count what the exports hold, and say what is missing or could not be read.
    Inventory {
        /// Export files and folders (read recursively).
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Use the built-in demo (the seed lab) instead of, or in addition to, PATHs.
        #[arg(long)]
        demo: bool,
        /// With --demo: one of the seed lab's variants (`reach inventory --demo --variant list`).
        #[arg(long, requires = "demo")]
        variant: Option<String>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Inventory {
            paths,
            format,
            demo,
            variant,
        } => {
            let mut files = Vec::new();
            let mut unreadable = Vec::new();
            if demo {
                match variant.as_deref() {
                    None => files.extend(reach_core::demo::seed_lab()),
                    Some(id) => match reach_core::demo::seed_lab_variant(id) {
                        Some(variant_files) => files.extend(variant_files),
                        None => {
                            eprintln!("reach: unknown variant {id:?}; the variants are:");
                            for variant in reach_core::demo::variants() {
                                eprintln!("  {}  {}", variant.id, variant.story);
                            }
                            return ExitCode::from(2);
                        }
                    },
                }
            }
            if paths.is_empty() && !demo {
                eprintln!("reach: give export files or folders, or --demo");
                return ExitCode::from(2);
            }
            for path in &paths {
                collect(path, &mut files, &mut unreadable);
            }
            let mut load = reach_core::load(&files);
            // Files the operating system would not give us are input errors like any other.
            load.errors.splice(0..0, unreadable);
            match format {
                Format::Text => print!("{}", reach_report::inventory_text(&load)),
                Format::Json => {
                    match serde_json::to_string_pretty(&reach_report::inventory_json(&load)) {
                        Ok(text) => println!("{text}"),
                        Err(error) => {
                            eprintln!("reach: {error}");
                            return ExitCode::from(2);
                        }
                    }
                }
            }
            if load.errors.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            }
        }
    }
}

/// A file, or every `.json` file below a folder, in a stable order.
fn collect(path: &Path, files: &mut Vec<InputFile>, unreadable: &mut Vec<reach_aws::Error>) {
    let name = path.display().to_string();
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = match std::fs::read_dir(path) {
            Ok(entries) => entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .collect(),
            Err(error) => {
                return unreadable.push(reach_aws::Error::in_file(
                    &name,
                    format!("cannot read folder: {error}"),
                ))
            }
        };
        entries.sort();
        for entry in entries {
            let is_json = entry
                .extension()
                .is_some_and(|extension| extension.eq_ignore_ascii_case("json"));
            if entry.is_dir() || is_json {
                collect(&entry, files, unreadable);
            }
        }
        return;
    }
    match std::fs::read(path) {
        Ok(bytes) => files.push(InputFile::new(name, bytes)),
        Err(error) => unreadable.push(reach_aws::Error::in_file(
            &name,
            format!("cannot read file: {error}"),
        )),
    }
}
