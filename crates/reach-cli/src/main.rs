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
// Parsed once per run: the size of the larger variant does not matter.
#[allow(clippy::large_enum_variant)]
enum Command {
    /// Count what the exports hold, and say what is missing or could not be read.
    Inventory {
        #[command(flatten)]
        inputs: Inputs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Can traffic from a source reach a destination? Hop by hop, both directions, every port.
    Analyze {
        #[command(flatten)]
        inputs: Inputs,
        /// An instance, network interface or internet gateway id, or an IP address.
        #[arg(long)]
        source: String,
        /// An instance, network interface or internet gateway id, or an IP address or CIDR.
        #[arg(long)]
        destination: Option<String>,
        /// tcp or udp.
        #[arg(long)]
        protocol: String,
        /// A port (443) or range (1024-2048); omit to analyse every port.
        #[arg(long)]
        destination_port: Option<String>,
        /// A port or range the source sends from; omit for all.
        #[arg(long)]
        source_port: Option<String>,
        /// One address of a source with several.
        #[arg(long)]
        source_ip: Option<std::net::IpAddr>,
        /// One address of a destination with several, or the internet host to reach.
        #[arg(long)]
        destination_ip: Option<std::net::IpAddr>,
        /// What the flow speaks, for firewall rules on application protocols: tls, http, dns,
        /// ssh, smtp, ftp, quic… or none (plain payload). Omit to try every protocol the
        /// firewall's rules name.
        #[arg(long)]
        app_protocol: Option<String>,
        /// The TLS SNI, HTTP Host or DNS query name. Omit to try every name the rules single
        /// out, and one they do not.
        #[arg(long)]
        server_name: Option<String>,
        /// The size of the TLS ClientHello in bytes (about 1800 with post-quantum key
        /// shares, which takes two segments). Omit to try one that fits a segment and one
        /// that does not. At most 131445, the most TLS allows.
        // The core checks the same limit for every front end; clap's range only makes the
        // message name the flag.
        #[arg(long, value_parser = clap::value_parser!(u32)
            .range(1..=i64::from(reach_core::analysis::MAX_CLIENT_HELLO_SIZE)))]
        client_hello_size: Option<u32>,
        /// `aws`: reproduce what AWS's Reachability Analyzer reports, limits included.
        #[arg(long, value_enum)]
        compat: Option<CompatArg>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

/// `--compat`.
#[derive(Clone, Copy, clap::ValueEnum)]
enum CompatArg {
    /// AWS's Reachability Analyzer.
    Aws,
}

/// The inputs both commands take.
#[derive(clap::Args)]
struct Inputs {
    /// Export files and folders (read recursively).
    paths: Vec<PathBuf>,
    /// Use the built-in demo (the seed lab) instead of, or in addition to, PATHs.
    #[arg(long)]
    demo: bool,
    /// With --demo: one of the seed lab's variants (`--variant list` lists them).
    #[arg(long, requires = "demo")]
    variant: Option<String>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Inventory { inputs, format } => {
            let load = match read_inputs(&inputs) {
                Ok(load) => load,
                Err(code) => return code,
            };
            if !print(format, reach_report::inventory_text(&load), || {
                reach_report::inventory_json(&load)
            }) {
                return ExitCode::from(2);
            }
            if load.errors.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            }
        }
        Command::Analyze {
            inputs,
            source,
            destination,
            protocol,
            destination_port,
            source_port,
            source_ip,
            destination_ip,
            app_protocol,
            server_name,
            client_hello_size,
            compat,
            format,
        } => {
            let app = match app_protocol
                .as_deref()
                .map(|text| (text, reach_nfw::AppProtocol::parse(text)))
            {
                None => None,
                Some((_, Some(app))) => Some(app),
                Some((text, None)) => {
                    let known: Vec<&str> = reach_nfw::flow::KNOWN_APP_PROTOCOLS
                        .iter()
                        .map(|(name, _)| *name)
                        .collect();
                    eprintln!(
                        "reach: --app-protocol {text}: expected none or one of {}",
                        known.join(", ")
                    );
                    return ExitCode::from(2);
                }
            };
            let protocol = match protocol.to_ascii_lowercase().as_str() {
                "tcp" | "6" => 6,
                "udp" | "17" => 17,
                other => {
                    eprintln!("reach: --protocol {other}: only tcp and udp are analysed");
                    return ExitCode::from(2);
                }
            };
            let ports = |flag: &str,
                         text: &Option<String>|
             -> Result<Option<(u16, u16)>, ExitCode> {
                let Some(text) = text else { return Ok(None) };
                let parsed = reach_core::analysis::parse_port_range(text);
                match parsed {
                    Some(range) => Ok(Some(range)),
                    None => {
                        eprintln!("reach: {flag} {text}: expected a port (0-65535) or a range such as 1024-2048");
                        Err(ExitCode::from(2))
                    }
                }
            };
            let destination_ports = match ports("--destination-port", &destination_port) {
                Ok(ports) => ports,
                Err(code) => return code,
            };
            let source_ports = match ports("--source-port", &source_port) {
                Ok(ports) => ports,
                Err(code) => return code,
            };
            let destination = match (destination, destination_ip) {
                (Some(destination), _) => reach_core::analysis::Endpoint::parse(&destination),
                (None, Some(ip)) => reach_core::analysis::Endpoint::Address(ip.into()),
                (None, None) => {
                    eprintln!("reach: give --destination or --destination-ip");
                    return ExitCode::from(2);
                }
            };
            let load = match read_inputs(&inputs) {
                Ok(load) => load,
                Err(code) => return code,
            };
            for error in &load.errors {
                eprintln!("reach: {error}");
            }
            if !load.diagnostics.is_empty() {
                // The answer can only be as complete as the input: say what is missing.
                eprintln!(
                    "reach: the input is incomplete ({} diagnostic(s); `reach inventory` lists them with the commands that export what is missing)",
                    load.diagnostics.len()
                );
            }
            let question = reach_core::Question {
                source: reach_core::analysis::Endpoint::parse(&source),
                destination,
                protocol,
                source_ports,
                destination_ports,
                source_ip,
                destination_ip,
                application: reach_nfw::AppQuestion {
                    app,
                    server_name,
                    client_hello_size,
                    mss: None,
                },
                compat: match compat {
                    Some(CompatArg::Aws) => reach_core::analysis::Compat::Aws,
                    None => reach_core::analysis::Compat::Faithful,
                },
            };
            let answer = match reach_core::analyze(&load.snapshot, &question) {
                Ok(answer) => answer,
                Err(error) => {
                    eprintln!("reach: {error}");
                    return ExitCode::from(2);
                }
            };
            if !print(format, reach_report::analysis_text(&answer), || {
                reach_report::analysis_json(&answer)
            }) {
                return ExitCode::from(2);
            }
            if answer.network_path_found() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
    }
}

/// Prints text or JSON; false when JSON could not be written.
fn print(format: Format, text: String, json: impl FnOnce() -> serde_json::Value) -> bool {
    match format {
        Format::Text => {
            print!("{text}");
            true
        }
        Format::Json => match serde_json::to_string_pretty(&json()) {
            Ok(text) => {
                println!("{text}");
                true
            }
            Err(error) => {
                eprintln!("reach: {error}");
                false
            }
        },
    }
}

/// Reads the demo and the paths; the exit code to return when the inputs make no sense.
fn read_inputs(inputs: &Inputs) -> Result<reach_core::Load, ExitCode> {
    let mut files = Vec::new();
    let mut unreadable = Vec::new();
    if inputs.demo {
        match inputs.variant.as_deref() {
            None => files.extend(reach_core::demo::seed_lab()),
            Some(id) => match reach_core::demo::seed_lab_variant(id) {
                Some(variant_files) => files.extend(variant_files),
                None => {
                    eprintln!("reach: unknown variant {id:?}; the variants are:");
                    for variant in reach_core::demo::variants() {
                        eprintln!("  {}  {}", variant.id, variant.story);
                    }
                    return Err(ExitCode::from(2));
                }
            },
        }
    }
    if inputs.paths.is_empty() && !inputs.demo {
        eprintln!("reach: give export files or folders, or --demo");
        return Err(ExitCode::from(2));
    }
    for path in &inputs.paths {
        collect(path, &mut files, &mut unreadable);
    }
    let mut load = reach_core::load(&files);
    // Files the operating system would not give us are input errors like any other.
    load.errors.splice(0..0, unreadable);
    Ok(load)
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
