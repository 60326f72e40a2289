//! The `reach` binary as users run it: golden inventory output for the demo, folders read
//! recursively, exit statuses, and the export script run against a stub `aws`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repository root")
}

fn reach(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_reach"))
        .args(args)
        .current_dir(repo())
        .output()
        .expect("run reach")
}

/// Compares with a golden file; `UPDATE_EXPECT=1` rewrites it instead.
fn expect_file(path: &Path, actual: &str) {
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(path, actual).expect("write golden file");
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_default();
    if expected != actual {
        panic!(
            "{} differs (rerun with UPDATE_EXPECT=1 to accept):\n--- expected\n{expected}\n--- actual\n{actual}",
            path.display()
        );
    }
}

#[test]
fn demo_inventory_golden() {
    let json = reach(&["inventory", "--demo", "--format", "json"]);
    assert_eq!(
        json.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&json.stderr)
    );
    let text = reach(&["inventory", "--demo"]);
    assert_eq!(text.status.code(), Some(0));
    let lab = repo().join("tests/scenarios/seed-lab");
    expect_file(
        &lab.join("expected-inventory.json"),
        &String::from_utf8(json.stdout).unwrap(),
    );
    expect_file(
        &lab.join("expected-inventory.txt"),
        &String::from_utf8(text.stdout).unwrap(),
    );
}

#[test]
fn folder_gives_the_same_counts_as_the_demo() {
    let demo: serde_json::Value =
        serde_json::from_slice(&reach(&["inventory", "--demo", "--format", "json"]).stdout)
            .unwrap();
    let output = reach(&["inventory", "tests/scenarios/seed-lab", "--format", "json"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    let folder: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(folder["counts"], demo["counts"]);
    assert_eq!(folder["diagnostics"], serde_json::json!([]));
    // The golden inventory beside the exports is Reach's own output, listed as ignored.
    let ignored: Vec<&str> = folder["ignored"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        ignored,
        ["tests/scenarios/seed-lab/expected-inventory.json"]
    );
}

#[test]
fn unreadable_input_exits_2_and_still_reports_the_rest() {
    let dir = tempdir("bad-input");
    std::fs::write(
        dir.join("describe-vpcs.json"),
        br#"{"Vpcs": [{"VpcId": "vpc-0a1b", "CidrBlock": "10.0.0.0/16"}]}"#,
    )
    .unwrap();
    std::fs::write(dir.join("broken.json"), b"{\"Subnets\": [").unwrap();
    let output = reach(&["inventory", dir.to_str().unwrap(), "--format", "json"]);
    assert_eq!(output.status.code(), Some(2));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["counts"]["vpcs"], 1);
    let error = report["errors"][0]["text"].as_str().unwrap();
    assert!(error.ends_with("broken.json: line 1, column 13: malformed JSON: EOF while parsing a list (the file is cut short)"), "{error}");
    let missing = reach(&["inventory", "no/such/path.json"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&missing.stdout).contains("no/such/path.json: cannot read file")
    );
}

#[test]
fn variants_are_listed_for_an_unknown_one() {
    let output = reach(&["inventory", "--demo", "--variant", "nope"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("unknown variant"));
    let first = reach_core::demo::variants()
        .first()
        .map(|variant| variant.id)
        .unwrap_or("01");
    assert_eq!(
        reach(&["inventory", "--demo", "--variant", first])
            .status
            .code(),
        Some(0)
    );
}

/// The export script, run against a stub `aws` that answers with a fixture account, writes a
/// folder that imports completely: no errors, no diagnostics.
#[test]
fn export_script_output_imports_completely() {
    let out = tempdir("export");
    let driver = repo().join("tests/export/run-export-test.sh");
    let status = Command::new("bash")
        .arg(&driver)
        .arg(&out)
        .current_dir(repo())
        .output()
        .expect("run the export driver");
    assert!(
        status.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&status.stdout),
        String::from_utf8_lossy(&status.stderr)
    );
    let output = reach(&["inventory", out.to_str().unwrap(), "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(0), "{report:#}");
    assert_eq!(report["errors"], serde_json::json!([]));
    assert_eq!(report["diagnostics"], serde_json::json!([]), "{report:#}");
    assert_eq!(report["ignored"], serde_json::json!([]), "{report:#}");
    for key in [
        "vpcs",
        "subnets",
        "route_tables",
        "security_groups",
        "network_interfaces",
        "instances",
        "transit_gateways",
        "transit_gateway_route_tables",
        "prefix_lists",
        "firewalls",
        "rule_groups",
        "stateful_rules",
        "load_balancers",
        "target_groups",
    ] {
        assert!(
            report["counts"][key].as_u64().unwrap_or(0) > 0,
            "{key} is 0: {report:#}"
        );
    }
}

fn tempdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("reach-cli-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A ClientHello of 4 GiB took the walk hours (a packet per segment); it is refused at once,
/// as is anything above the most TLS allows.
#[test]
fn an_impossible_client_hello_size_is_refused() {
    let ask = |size: &str| {
        reach(&[
            "analyze",
            "--demo",
            "--source",
            "i-0454c90477e2bf220",
            "--destination-ip",
            "93.184.216.34",
            "--protocol",
            "tcp",
            "--destination-port",
            "443",
            "--app-protocol",
            "tls",
            "--client-hello-size",
            size,
        ])
    };
    for size in ["4294967295", "131446", "0"] {
        let output = ask(size);
        assert_eq!(output.status.code(), Some(2), "{size}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains(&format!("{size} is not in 1..=131445")),
            "{stderr}"
        );
    }
    let largest = ask("131445");
    assert!(
        String::from_utf8_lossy(&largest.stdout).contains("ClientHello 131445 bytes"),
        "{}",
        String::from_utf8_lossy(&largest.stderr)
    );
    // What clap does not see, the core checks: a server name no host can have.
    let long_name = "a".repeat(2_000);
    let output = reach(&[
        "analyze",
        "--demo",
        "--source",
        "i-0454c90477e2bf220",
        "--destination-ip",
        "93.184.216.34",
        "--protocol",
        "tcp",
        "--server-name",
        &long_name,
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr)
        .contains("reach: a server name of 2000 bytes is longer than any host name"));
}

/// `--protocol icmp`: an echo request by default, another type and code on request; what ICMP
/// cannot carry, and `--compat aws` (AWS's analyzer takes tcp and udp only), exit 2.
#[test]
fn icmp_questions_and_their_exit_statuses() {
    let exports: Vec<String> = std::fs::read_dir(repo().join("tests/scenarios/icmp-ping"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            let name = path.file_name().unwrap().to_string_lossy();
            name.ends_with(".json") && !name.starts_with("expected")
        })
        .map(|path| path.display().to_string())
        .collect();
    let ask = |extra: &[&str]| {
        let mut args: Vec<&str> = vec!["analyze"];
        args.extend(exports.iter().map(String::as_str));
        args.extend([
            "--source",
            "i-0897fd6708aa17e79",
            "--destination",
            "i-030bf90b6c1b1496f",
        ]);
        args.extend(extra);
        reach(&args)
    };
    let stdout = |output: &Output| String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = |output: &Output| String::from_utf8_lossy(&output.stderr).into_owned();

    let ping = ask(&["--protocol", "icmp"]);
    assert_eq!(ping.status.code(), Some(0), "{}", stderr(&ping));
    assert!(stdout(&ping)
        .contains("type 8 code 0 (echo request) gets through, and the replies come back"));
    assert!(!stdout(&ping).contains("reachable destination ports"));
    // Only echo requests are allowed in: another type is stopped at the server's group.
    let timestamp = ask(&["--protocol", "ICMP", "--icmp-type", "13"]);
    assert_eq!(timestamp.status.code(), Some(1));
    assert!(stdout(&timestamp).contains("ENI_SG_RULES_MISMATCH"));
    for (extra, message) in [
        (
            &["--protocol", "icmp", "--compat", "aws"][..],
            "reach: AWS's Reachability Analyzer does not analyse icmp",
        ),
        (
            &["--protocol", "icmp", "--destination-port", "80"][..],
            "reach: icmp has no ports",
        ),
        (
            &["--protocol", "tcp", "--icmp-type", "8"][..],
            "reach: an ICMP type and code go with protocol icmp or icmpv6, not tcp",
        ),
        (
            &["--protocol", "icmpv6"][..],
            "reach: icmpv6 runs over IPv6",
        ),
        (
            &["--protocol", "gre"][..],
            "reach: --protocol gre: only tcp, udp, icmp and icmpv6 are analysed",
        ),
        (&["--protocol", "icmp", "--icmp-type", "256"][..], "256"),
    ] {
        let output = ask(extra);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{extra:?}: {}",
            stdout(&output)
        );
        assert!(
            stderr(&output).contains(message),
            "{extra:?}: {}",
            stderr(&output)
        );
    }

    // Through a firewall, ICMP is not evaluated: the answer says so instead of guessing.
    let through_firewall = reach(&[
        "analyze",
        "--demo",
        "--source",
        "i-0454c90477e2bf220",
        "--destination-ip",
        "93.184.216.34",
        "--protocol",
        "icmp",
    ]);
    assert_eq!(through_firewall.status.code(), Some(1));
    let text = stdout(&through_firewall);
    assert!(text.starts_with("verdict: unknown"), "{text}");
    assert!(
        text.contains("Reach does not evaluate ICMP against firewall rules yet"),
        "{text}"
    );
}

/// Tags are the account's words, not Reach's: escape sequences, a carriage return, a line
/// break or a bidirectional override in a Name tag (or a file name) used to reach the terminal
/// raw, recolouring or forging lines of the answer. Both outputs print them escaped.
#[test]
fn control_characters_from_the_input_are_printed_escaped() {
    let dir = tempdir("control-characters");
    let hostile = "\u{1b}[31mred\u{1b}[0m\rverdict: reachable\n\u{202e}";
    let escaped = r"\u{1b}[31mred\u{1b}[0m\rverdict: reachable\n\u{202e}";
    fn tag_names(value: &mut serde_json::Value, hostile: &str) {
        match value {
            serde_json::Value::Object(map) => {
                if map.get("Key").and_then(|key| key.as_str()) == Some("Name") {
                    if let Some(serde_json::Value::String(name)) = map.get_mut("Value") {
                        *name = format!("{hostile}{name}");
                    }
                }
                map.values_mut().for_each(|value| tag_names(value, hostile));
            }
            serde_json::Value::Array(items) => {
                items.iter_mut().for_each(|value| tag_names(value, hostile))
            }
            _ => {}
        }
    }
    let scenario = repo().join("tests/scenarios/icmp-ping");
    for entry in std::fs::read_dir(scenario).unwrap().filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".json") || name.starts_with("expected") {
            continue;
        }
        let mut value: serde_json::Value =
            serde_json::from_slice(&std::fs::read(entry.path()).unwrap()).unwrap();
        tag_names(&mut value, hostile);
        std::fs::write(dir.join(name), value.to_string()).unwrap();
    }
    // A file name is the user's, yet it is printed in errors: a broken file named with an
    // escape sequence.
    let broken = if cfg!(unix) {
        "broken\u{1b}[2J.json"
    } else {
        "broken.json"
    };
    std::fs::write(dir.join(broken), "{").unwrap();
    let folder = dir.to_str().unwrap();
    let inventory = reach(&["inventory", folder]);
    let analyze = reach(&[
        "analyze",
        folder,
        "--source",
        "i-0897fd6708aa17e79",
        "--destination",
        "i-030bf90b6c1b1496f",
        "--protocol",
        "icmp",
    ]);
    for output in [&inventory, &analyze] {
        for bytes in [&output.stdout, &output.stderr] {
            let text = String::from_utf8_lossy(bytes);
            assert!(
                !text
                    .chars()
                    .any(|c| (c.is_control() && c != '\n') || c == '\u{202e}'),
                "{text:?}"
            );
        }
    }
    let stdout = |output: &Output| String::from_utf8_lossy(&output.stdout).into_owned();
    // The VPC's name in the inventory, the instances' on the path.
    assert!(
        stdout(&inventory).contains(&format!("({escaped}db-lab)")),
        "{}",
        stdout(&inventory)
    );
    assert!(
        stdout(&analyze).contains(&format!("i-0897fd6708aa17e79 ({escaped}db-lab-client)")),
        "{}",
        stdout(&analyze)
    );
    if cfg!(unix) {
        let file = r"broken\u{1b}[2J.json";
        assert!(stdout(&inventory).contains(file), "{}", stdout(&inventory));
        let stderr = String::from_utf8_lossy(&analyze.stderr);
        assert!(stderr.contains(file), "{stderr}");
    }
}

/// Runs `reach`, killing it if it has not finished after a minute: a regression to blocking
/// on a FIFO or reading a device without end then fails the test instead of hanging it.
fn reach_or_hang(args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_reach"))
        .args(args)
        .current_dir(repo())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run reach");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while child.try_wait().expect("wait for reach").is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("reach {args:?} did not finish");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().expect("reach's output")
}

fn error_texts(output: &Output) -> Vec<String> {
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|_| {
        panic!(
            "not JSON: {}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|error| error["text"].as_str().unwrap().to_owned())
        .collect()
}

/// Links back into the folders given used to be followed again and again (exponentially many
/// paths); each real folder and file is now read once.
#[cfg(unix)]
#[test]
fn folder_link_loops_are_read_once() {
    use std::os::unix::fs::symlink;
    let dir = tempdir("link-loop");
    std::fs::write(
        dir.join("describe-vpcs.json"),
        br#"{"Vpcs": [{"VpcId": "vpc-0a1b", "CidrBlock": "10.0.0.0/16"}]}"#,
    )
    .unwrap();
    std::fs::create_dir(dir.join("sub")).unwrap();
    for name in ["a", "b", "c"] {
        symlink(".", dir.join(name)).unwrap();
        symlink("..", dir.join("sub").join(name)).unwrap();
    }
    let output = reach_or_hang(&["inventory", dir.to_str().unwrap(), "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{:?}", error_texts(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["counts"]["vpcs"], 1);
    assert_eq!(
        report["files"].as_array().map(Vec::len),
        Some(1),
        "{report:#}"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!(
            "reach: note: {}/a: skipped: the same as {}, already read",
            dir.display(),
            dir.display()
        )),
        "{stderr}"
    );
}

/// A FIFO blocked the reader until something wrote to it, and /dev/zero never ended: only
/// regular files are read, and anything else is an error that names it.
#[cfg(unix)]
#[test]
fn fifos_and_devices_are_not_read() {
    let dir = tempdir("special");
    let fifo = dir.join("pipe.json");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("run mkfifo");
    assert!(made.success());
    std::os::unix::fs::symlink("/dev/zero", dir.join("zero.json")).unwrap();
    let fifo_name = fifo.to_str().unwrap();
    let output = reach_or_hang(&["inventory", fifo_name, "/dev/zero", "--format", "json"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        error_texts(&output),
        [
            format!("{fifo_name}: not a regular file (a FIFO): not read"),
            "/dev/zero: not a regular file (a character device): not read".to_owned(),
        ]
    );
    // The same met inside a folder.
    let output = reach_or_hang(&["inventory", dir.to_str().unwrap(), "--format", "json"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        error_texts(&output),
        [
            format!("{fifo_name}: not a regular file (a FIFO): not read"),
            format!(
                "{}: not a regular file (a character device): not read",
                dir.join("zero.json").display()
            ),
        ]
    );
}

/// A file larger than Reach reads is refused from its size, without reading it (the file
/// here is sparse: it takes no disk space).
#[test]
fn a_file_too_large_is_refused_unread() {
    let dir = tempdir("large");
    let large = dir.join("describe-vpcs.json");
    let file = std::fs::File::create(&large).unwrap();
    file.set_len(512 * 1024 * 1024 + 1).unwrap();
    drop(file);
    let output = reach_or_hang(&["inventory", large.to_str().unwrap(), "--format", "json"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        error_texts(&output),
        [format!(
            "{}: larger than the 512 MiB Reach reads of one file (536870913 bytes): not read",
            large.display()
        )]
    );
    std::fs::remove_file(&large).unwrap();
}

/// `--compat aws` writes the VPC and subnet where AWS's outputs do: on the network interface,
/// never on a security group, network ACL or route table; faithful answers keep them on
/// every hop they belong to.
#[test]
fn compat_aws_places_vpc_and_subnet_on_the_interface_only() {
    let folder = repo().join("tests/scenarios/instance-to-instance-across-subnets");
    let folder = folder.to_string_lossy();
    let hops = |extra: &[&str]| -> Vec<serde_json::Value> {
        let mut args = vec![
            "analyze",
            &*folder,
            "--source",
            "i-0897fd6708aa17e79",
            "--destination",
            "i-030bf90b6c1b1496f",
            "--protocol",
            "tcp",
            "--destination-port",
            "5432",
            "--format",
            "json",
        ];
        args.extend(extra);
        let output = reach(&args);
        let answer: serde_json::Value =
            serde_json::from_slice(&output.stdout).expect("a JSON answer");
        answer["ForwardPathComponents"]
            .as_array()
            .expect("a forward path")
            .clone()
    };
    let placed = |hops: &[serde_json::Value], prefix: &str| -> Vec<bool> {
        hops.iter()
            .filter(|hop| hop["Component"]["Id"].as_str().unwrap().starts_with(prefix))
            .map(|hop| hop.get("Vpc").is_some() && hop.get("Subnet").is_some())
            .collect()
    };
    let aws = hops(&["--compat", "aws"]);
    assert_eq!(placed(&aws, "eni-"), [true, true]);
    for prefix in ["sg-", "acl-", "rtb-"] {
        let on_rules = placed(&aws, prefix);
        assert!(
            !on_rules.is_empty() && on_rules.iter().all(|placed| !placed),
            "{prefix}"
        );
    }
    let faithful = hops(&[]);
    assert!(placed(&faithful, "acl-").iter().all(|placed| *placed));
}
