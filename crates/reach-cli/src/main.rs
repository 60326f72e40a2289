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
        /// tcp, udp, icmp or icmpv6.
        #[arg(long)]
        protocol: String,
        /// A port (443) or range (1024-2048); omit to analyse every port. TCP and UDP only.
        #[arg(long)]
        destination_port: Option<String>,
        /// A port or range the source sends from; omit for all. TCP and UDP only.
        #[arg(long)]
        source_port: Option<String>,
        /// ICMP and ICMPv6: the request's type; omit for an echo request (8, or 128 for
        /// ICMPv6), whose replies are echo replies.
        #[arg(long)]
        icmp_type: Option<u8>,
        /// ICMP and ICMPv6: the request's code; omit for 0.
        #[arg(long)]
        icmp_code: Option<u8>,
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
            icmp_type,
            icmp_code,
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
            let Some(protocol) = reach_core::analysis::parse_protocol(&protocol) else {
                eprintln!(
                    "reach: --protocol {protocol}: only tcp, udp, icmp and icmpv6 are analysed"
                );
                return ExitCode::from(2);
            };
            // Either flag asks about one ICMP message; the core refuses it with tcp or udp.
            let icmp = (icmp_type.is_some() || icmp_code.is_some()).then(|| {
                let echo = reach_core::analysis::IcmpMessage::echo_request(protocol);
                reach_core::analysis::IcmpMessage {
                    icmp_type: icmp_type.unwrap_or(echo.icmp_type),
                    code: icmp_code.unwrap_or(0),
                }
            });
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
                eprintln!("reach: {}", reach_report::printable(&error.to_string()));
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
                icmp,
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
                    eprintln!("reach: {}", reach_report::printable(&error.to_string()));
                    // An end that is not in the input, or an address the destination does not
                    // have: AWS's analyzer answers these with an analysis that finds no path,
                    // and so does the JSON; the text keeps the error alone.
                    let Some(answer) =
                        reach_core::analysis::refused(&load.snapshot, &question, &error)
                    else {
                        return ExitCode::from(2);
                    };
                    if let Format::Json = format {
                        if !print(format, String::new(), || {
                            reach_report::analysis_json(&answer)
                        }) {
                            return ExitCode::from(2);
                        }
                    }
                    return ExitCode::from(1);
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
    let mut walk = Walk::new(Limits {
        file: MAX_FILE_BYTES,
        total: MAX_TOTAL_BYTES,
    });
    for path in &inputs.paths {
        walk.collect(path);
    }
    for note in &walk.notes {
        eprintln!("reach: note: {}", reach_report::printable(note));
    }
    files.extend(walk.files);
    let mut load = reach_core::load(&files);
    // Files the operating system would not give us are input errors like any other.
    load.errors.splice(0..0, walk.unreadable);
    Ok(load)
}

/// The most Reach reads of one file. Real exports of a large account are tens of megabytes;
/// this is generous for them and still refuses a runaway log or a disk image given by mistake.
const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// The most Reach reads in one run, all files together: every file is held in memory while
/// it is parsed, so without a total many large files would exhaust it.
const MAX_TOTAL_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// How much a walk reads: of one file, and of all together (bytes).
#[derive(Clone, Copy)]
struct Limits {
    file: u64,
    total: u64,
}

/// What walking the paths given on the command line found. Paths are untrusted: a folder may
/// hold a link back to itself, a FIFO that blocks the reader forever or a device that never
/// ends, so only regular files are read, each real path once, and sizes are bounded.
struct Walk {
    limits: Limits,
    files: Vec<InputFile>,
    /// Paths that could not be read, as input errors (the exit status is then 2).
    unreadable: Vec<reach_aws::Error>,
    /// What was skipped on purpose, said on stderr.
    notes: Vec<String>,
    /// Canonical paths already visited, with the name they were first reached by.
    visited: std::collections::HashMap<PathBuf, String>,
    /// Bytes read so far.
    total: u64,
    /// Whether the total has been reached, after which nothing more is read.
    full: bool,
}

impl Walk {
    fn new(limits: Limits) -> Walk {
        Walk {
            limits,
            files: Vec::new(),
            unreadable: Vec::new(),
            notes: Vec::new(),
            visited: std::collections::HashMap::new(),
            total: 0,
            full: false,
        }
    }

    /// A file, or every `.json` file below a folder, in a stable (sorted, depth-first) order.
    /// Iterative, so that a deep tree cannot exhaust the stack.
    fn collect(&mut self, path: &Path) {
        let mut pending = vec![path.to_path_buf()];
        while let Some(path) = pending.pop() {
            if self.full {
                return;
            }
            let name = path.display().to_string();
            // `metadata` follows links: a link is judged by what it points to.
            let metadata = match std::fs::metadata(&path) {
                Ok(metadata) => metadata,
                Err(error) => {
                    self.unreadable.push(reach_aws::Error::in_file(
                        &name,
                        format!("cannot read file: {error}"),
                    ));
                    continue;
                }
            };
            if !metadata.is_dir() && !metadata.is_file() {
                self.unreadable.push(reach_aws::Error::in_file(
                    &name,
                    format!(
                        "not a regular file ({}): not read",
                        file_kind(&metadata.file_type())
                    ),
                ));
                continue;
            }
            // Links can make a folder its own descendant, and the number of paths through
            // them grows exponentially with depth: each real path is visited once.
            match std::fs::canonicalize(&path) {
                Ok(real) => {
                    if let Some(first) = self.visited.get(&real) {
                        self.notes.push(format!(
                            "{name}: skipped: the same as {first}, already read"
                        ));
                        continue;
                    }
                    self.visited.insert(real, name.clone());
                }
                Err(error) => {
                    self.unreadable.push(reach_aws::Error::in_file(
                        &name,
                        format!("cannot read file: {error}"),
                    ));
                    continue;
                }
            }
            if metadata.is_dir() {
                let mut entries: Vec<PathBuf> = match std::fs::read_dir(&path) {
                    Ok(entries) => entries
                        .filter_map(Result::ok)
                        .map(|entry| entry.path())
                        .filter(|entry| {
                            entry.is_dir()
                                || entry
                                    .extension()
                                    .is_some_and(|extension| extension.eq_ignore_ascii_case("json"))
                        })
                        .collect(),
                    Err(error) => {
                        self.unreadable.push(reach_aws::Error::in_file(
                            &name,
                            format!("cannot read folder: {error}"),
                        ));
                        continue;
                    }
                };
                entries.sort();
                // Last first, so that the stack gives them back in order.
                pending.extend(entries.into_iter().rev());
                continue;
            }
            self.read_file(&path, &name, metadata.len());
        }
    }

    /// Reads a regular file measured at `size` bytes, within the limits.
    fn read_file(&mut self, path: &Path, name: &str, size: u64) {
        use std::io::Read;
        let limits = self.limits;
        if size > limits.file {
            return self.unreadable.push(too_large(name, limits, Some(size)));
        }
        if self.total.saturating_add(size) > limits.total {
            self.full = true;
            return self.unreadable.push(reach_aws::Error::in_file(
                name,
                format!(
                    "not read, nor anything after it: the inputs would exceed the {} Reach reads in one run",
                    in_words(limits.total)
                ),
            ));
        }
        let cannot = |error: std::io::Error| {
            reach_aws::Error::in_file(name, format!("cannot read file: {error}"))
        };
        let file = match std::fs::File::open(path) {
            Ok(file) => file,
            Err(error) => return self.unreadable.push(cannot(error)),
        };
        // The path was a regular file when looked at; check what was opened, in case it was
        // replaced since (a FIFO would still block the open itself, a race we accept).
        match file.metadata() {
            Ok(opened) if opened.is_file() => {}
            Ok(opened) => {
                return self.unreadable.push(reach_aws::Error::in_file(
                    name,
                    format!(
                        "not a regular file ({}): not read",
                        file_kind(&opened.file_type())
                    ),
                ))
            }
            Err(error) => return self.unreadable.push(cannot(error)),
        }
        // Read one byte past the cap, so that a file that grew since it was measured is
        // still refused rather than read without end.
        let mut bytes = Vec::new();
        if let Err(error) = file.take(limits.file + 1).read_to_end(&mut bytes) {
            return self.unreadable.push(cannot(error));
        }
        let length = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
        if length > limits.file {
            return self.unreadable.push(too_large(name, limits, None));
        }
        self.total += length;
        self.files.push(InputFile::new(name, bytes));
    }
}

/// The error for a file over the limit, with its size when it was measured.
fn too_large(name: &str, limits: Limits, size: Option<u64>) -> reach_aws::Error {
    let size = size
        .map(|size| format!(" ({size} bytes)"))
        .unwrap_or_default();
    reach_aws::Error::in_file(
        name,
        format!(
            "larger than the {} Reach reads of one file{size}: not read",
            in_words(limits.file)
        ),
    )
}

/// A byte count for a message: `512 MiB`, `2 GiB`, or bytes when not a round number.
fn in_words(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= 1024 * MIB && bytes.is_multiple_of(1024 * MIB) {
        format!("{} GiB", bytes / (1024 * MIB))
    } else if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{bytes} bytes")
    }
}

/// What a file that is neither a regular file nor a folder is, in words.
fn file_kind(file_type: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    let _ = file_type;
    "neither a file nor a folder"
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh folder under the system's temporary one.
    fn folder(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("reach-walk-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// Walks `dir` with the limits and renders what it found, one line each.
    fn check(dir: &Path, limits: Limits, expected: &[&str]) {
        let mut walk = Walk::new(limits);
        walk.collect(dir);
        let prefix = format!("{}/", dir.display());
        let mut lines: Vec<String> = walk
            .files
            .iter()
            .map(|file| format!("read {} ({} bytes)", file.name, file.bytes.len()))
            .collect();
        lines.extend(walk.unreadable.iter().map(|error| format!("error {error}")));
        let lines: Vec<String> = lines
            .into_iter()
            .map(|line| line.replace(&prefix, ""))
            .collect();
        assert_eq!(lines, expected);
    }

    #[test]
    fn one_file_and_all_files_are_bounded() {
        let dir = folder("limits");
        for (name, size) in [
            ("a.json", 10),
            ("b.json", 11),
            ("c.json", 10),
            ("d.json", 1),
        ] {
            std::fs::write(dir.join(name), vec![b' '; size]).unwrap();
        }
        // Each file at most 10 bytes; 20 in all, and nothing after the file that passes it.
        check(&dir, Limits { file: 10, total: 20 }, &[
            "read a.json (10 bytes)",
            "read c.json (10 bytes)",
            "error b.json: larger than the 10 bytes Reach reads of one file (11 bytes): not read",
            "error d.json: not read, nor anything after it: the inputs would exceed the 20 bytes Reach reads in one run",
        ]);
        check(
            &dir,
            Limits {
                file: 11,
                total: 100,
            },
            &[
                "read a.json (10 bytes)",
                "read b.json (11 bytes)",
                "read c.json (10 bytes)",
                "read d.json (1 bytes)",
            ],
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn limits_in_words() {
        assert_eq!(in_words(MAX_FILE_BYTES), "512 MiB");
        assert_eq!(in_words(MAX_TOTAL_BYTES), "2 GiB");
        assert_eq!(in_words(1_000), "1000 bytes");
    }
}
