#!/usr/bin/python3
"""Differential test of Reach's Network Firewall verdicts against real Suricata.

    python3 tests/suricata/harness.py CASES.json [--allow tests/suricata/allow-list.json]
        [--out RESULTS.json] [--jobs 2] [--keep DIR] [--verbose]

For every rule set of the cases file: write a suricata.yaml and a rule file, render its
flows as one pcap of complete conversations, run `suricata --simulate-ips` on it, and read
from eve.json which packet of which flow Suricata dropped (and by which rule). Compare with
the verdict Reach expected; disagreements not explained by the allow-list fail the run.
See README.md in this directory.
"""

import argparse
import concurrent.futures
import ipaddress
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, str(Path(__file__).resolve().parent))

import conversation  # noqa: E402

PROTOCOLS = {"tcp", "udp", "icmp"}
APPS = {"none", "tls", "http", "dns", "ssh"}
VERDICTS = {"pass", "drop", "reject", "delayed"}
START_TIME = 1_700_000_000.0
EXCEPTION_POLICY_VALUES = {
    "drop": "drop-flow",
    "drop-flow": "drop-flow",
    "drop-packet": "drop-packet",
    "pass-flow": "pass-flow",
    "pass-packet": "pass-packet",
    "reject": "reject",
    "bypass": "bypass",
    "ignore": "ignore",
    "auto": "auto",
}
# Keys an allow-list entry may match on, besides the flow's own fields.
DERIVED_KEYS = {"actual", "blocked_packet", "blocked_step", "blocked_sid", "drop_reason", "app_proto", "ruleset_tag"}
FLOW_KEYS = {
    "id", "ruleset", "protocol", "client", "server", "client_port", "server_port", "app",
    "server_name", "client_hello_size", "mss", "one_sided", "expected", "note",
    "retransmit",  # harness extension, see README
}


def fail(message):
    """Stop on a usage problem (bad arguments, unreadable files): exit status 2."""
    print(f"harness: {message}", file=sys.stderr)
    sys.exit(2)


class HarnessError(Exception):
    """A problem with the cases, the rendering or the Suricata run (not a disagreement)."""


# ---------------------------------------------------------------------------------------
# Rules and configuration


def rule_lines(text):
    """The rules of a rule file, one string each (continuation lines joined, comments and
    blank lines dropped)."""
    rules, pending = [], ""
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.endswith("\\"):
            pending += stripped[:-1]
            continue
        stripped = pending + stripped
        pending = ""
        if stripped and not stripped.startswith("#"):
            rules.append(stripped)
    if pending.strip():
        rules.append(pending.strip())
    return rules


def sid_actions(rules):
    """sid -> the rule's action, from the rule text."""
    actions = {}
    for rule in rules:
        match = re.search(r"[(;]\s*sid\s*:\s*(\d+)\s*;", rule)
        if match:
            actions[int(match.group(1))] = rule.split(None, 1)[0].lower()
    return actions


def yaml_str(value):
    # A JSON string is a valid YAML double-quoted scalar.
    return json.dumps(str(value))


def group_value(value):
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(str(v) for v in value) + "]"
    return str(value)


def suricata_yaml(ruleset, workdir):
    home = group_value(ruleset.get("home_net", "any"))
    external = group_value(ruleset.get("external_net", "!$HOME_NET"))
    addresses = {"HOME_NET": home, "EXTERNAL_NET": external}
    addresses.update({k: group_value(v) for k, v in (ruleset.get("address_groups") or {}).items()})
    ports = {k: group_value(v) for k, v in (ruleset.get("port_groups") or {}).items()}
    order = ruleset.get("action_order") or ["pass", "drop", "reject", "alert"]

    lines = ["%YAML 1.1", "---", "vars:", "  address-groups:"]
    lines += [f"    {name}: {yaml_str(value)}" for name, value in addresses.items()]
    if ports:
        lines.append("  port-groups:")
        lines += [f"    {name}: {yaml_str(value)}" for name, value in ports.items()]
    lines += [
        f"default-log-dir: {yaml_str(workdir)}",
        f"classification-file: {yaml_str('/etc/suricata/classification.config')}",
        f"reference-config-file: {yaml_str('/etc/suricata/reference.config')}",
        f"threshold-file: {yaml_str(workdir / 'threshold.config')}",
        "action-order:",
    ]
    lines += [f"  - {action}" for action in order]
    lines += [
        "host-mode: auto",
        "max-pending-packets: 1024",
        "stats:",
        "  enabled: no",
        "unix-command:",
        "  enabled: no",
        "pcap-file:",
        "  checksum-checks: no",
        "outputs:",
        "  - eve-log:",
        "      enabled: yes",
        "      filetype: regular",
        "      filename: eve.json",
        "      pcap-file: false",
        "      types:",
        "        - alert:",
        "            tagged-packets: no",
        "        - drop:",
        "            alerts: yes",
        "            flows: all",
        "            verdict: yes",
        "        - anomaly:",
        "            enabled: yes",
        "            types:",
        "              decode: yes",
        "              stream: yes",
        "              applayer: yes",
        "        - flow",
        "logging:",
        "  default-log-level: info",
        "  outputs:",
        "    - console:",
        "        enabled: yes",
        "        level: warning",
        "    - file:",
        "        enabled: yes",
        "        level: info",
        f"        filename: {yaml_str(workdir / 'suricata.log')}",
    ]
    # AWS's stream exception policy: what the stream engine does with traffic it cannot
    # track (midstream pickups, memcaps). Unset: Suricata's default (`exception-policy:
    # auto`, which is drop-flow in IPS mode).
    policy = ruleset.get("stream_exception_policy")
    value = None
    if policy is not None:
        value = EXCEPTION_POLICY_VALUES.get(str(policy).lower())
        if value is None:
            raise HarnessError(f"unknown stream_exception_policy {policy!r}")
    lines += ["stream:", "  memcap: 64mb"]
    if value:
        lines += [f"  memcap-policy: {value}", f"  midstream-policy: {value}"]
    lines += [
        "  checksum-validation: no",
        "  inline: yes",
        "  reassembly:",
        "    memcap: 256mb",
    ]
    if value:
        lines.append(f"    memcap-policy: {value}")
    lines += [
        "    depth: 1mb",
        "    toserver-chunk-size: 2560",
        "    toclient-chunk-size: 2560",
        "    randomize-chunk-size: no",
    ]
    lines += [
        "app-layer:",
        "  protocols:",
        "    tls:",
        "      enabled: yes",
        "      detection-ports:",
        "        dp: 443",
        "    http:",
        "      enabled: yes",
        "    ssh:",
        "      enabled: yes",
        "    dns:",
        "      tcp:",
        "        enabled: yes",
        "        detection-ports:",
        "          dp: 53",
        "      udp:",
        "        enabled: yes",
        "        detection-ports:",
        "          dp: 53",
    ]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------
# Pcap


def render_pcap(flows, path):
    """Write the flows' conversations to one pcap. Returns a list indexed by pcap_cnt - 1 of
    (flow id, Step), and {flow id: why it could not be rendered}."""
    from scapy.utils import PcapWriter

    index, packets, errors = [], [], {}
    start = START_TIME
    for icmp_id, flow in enumerate(flows, 1):
        try:
            steps = conversation.conversation(flow, start, icmp_id=icmp_id)
        except ValueError as error:
            errors[flow["id"]] = f"cannot render the flow: {error}"
            continue
        for step in steps:
            index.append((flow["id"], step))
            packets.append(step.packet)
        start = (steps[-1].packet.time if steps else start) + conversation.FLOW_GAP
    writer = PcapWriter(str(path), linktype=1, sync=False)
    for packet in packets:
        writer.write(packet)
    writer.close()
    return index, errors


# ---------------------------------------------------------------------------------------
# Running Suricata


def network_isolation():
    """`unshare -n` when it works: a reject rule makes Suricata send a real TCP reset or ICMP
    unreachable through libnet, which must not leave this machine."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-n", "true"], capture_output=True).returncode == 0:
        return [unshare, "-n"]
    return []


def parse_log(text):
    """(rules loaded, rules failed, error lines, warning lines) from suricata.log."""
    loaded = failed = None
    match = re.search(r"(\d+) rules successfully loaded, (\d+) rules failed", text)
    if match:
        loaded, failed = int(match.group(1)), int(match.group(2))
    elif "no rules were loaded" in text:
        loaded, failed = 0, 0
    errors, warnings = [], []
    for line in text.splitlines():
        match = re.search(r"\s(Error|Critical|Alert|Emergency|Warning): (.*)", line)
        if match:
            (warnings if match.group(1) == "Warning" else errors).append(match.group(2).strip())
    return loaded, failed, errors, warnings


def run_suricata(workdir, isolation, overrides):
    command = isolation + [
        "suricata",
        "-c", str(workdir / "suricata.yaml"),
        "-r", str(workdir / "flows.pcap"),
        "-S", str(workdir / "rules.rules"),
        "-l", str(workdir),
        "--simulate-ips",
        "-k", "none",
        "--runmode", "single",
        "--init-errors-fatal",
        "--strict-rule-keywords=all",
    ]
    for key, value in (overrides or {}).items():
        command += ["--set", f"{key}={value}"]
    (workdir / "command.txt").write_text(" ".join(command) + "\n")
    return subprocess.run(command, capture_output=True, text=True, cwd=workdir)


# ---------------------------------------------------------------------------------------
# Reading eve.json


def flow_key(proto, a, a_port, b, b_port):
    """Direction-independent key of a flow."""
    proto = str(proto).lower().replace("ipv6-icmp", "icmp")
    ends = sorted([(str(ipaddress.ip_address(a)), a_port), (str(ipaddress.ip_address(b)), b_port)])
    return (proto, ends[0], ends[1])


def case_flow_key(flow):
    if flow["protocol"] == "icmp":
        return flow_key("icmp", flow["client"], None, flow["server"], None)
    return flow_key(flow["protocol"], flow["client"], flow["client_port"], flow["server"], flow["server_port"])


def event_flow_key(event):
    proto = str(event.get("proto", "")).lower()
    if "icmp" in proto:
        return flow_key("icmp", event["src_ip"], None, event["dest_ip"], None)
    return flow_key(proto, event["src_ip"], event.get("src_port"), event["dest_ip"], event.get("dest_port"))


def read_eve(path):
    events = []
    if path.exists():
        with open(path) as handle:
            for line in handle:
                line = line.strip()
                if line:
                    events.append(json.loads(line))
    return events


def verdicts(flows, index, events, actions):
    """Per flow id: what Suricata did (a dict of result fields)."""
    by_key = {}
    for flow in flows:
        by_key.setdefault(case_flow_key(flow), []).append(flow["id"])
    results = {
        flow["id"]: {"actual": "pass", "blocked_packet": None, "blocked_by": None, "alerts": [],
                     "app_proto": None, "flow_action": None, "anomalies": [], "dropped": [],
                     "passed_after_block": []}
        for flow in flows
    }

    def owner(event):
        count = event.get("pcap_cnt")
        if count and 0 < count <= len(index):
            return index[count - 1][0], index[count - 1][1]
        ids = by_key.get(event_flow_key(event), []) if "src_ip" in event else []
        return (ids[0], None) if len(ids) == 1 else (None, None)

    packets_of = {flow["id"]: [] for flow in flows}
    for number, (owner_id, step) in enumerate(index, 1):
        packets_of[owner_id].append((number, step))
    first_drop, dropped_counts = {}, set()
    for event in events:
        kind = event.get("event_type")
        flow_id, step = owner(event)
        if flow_id is None:
            continue
        result = results[flow_id]
        if kind == "drop":
            result["dropped"].append(step.label if step else None)
            if "reject" in (event.get("verdict") or {}):
                result["reset_sent"] = True
            count = event.get("pcap_cnt", 0)
            dropped_counts.add(count)
            if flow_id not in first_drop or count < first_drop[flow_id][0]:
                first_drop[flow_id] = (count, step, event)
        elif kind == "alert":
            alert = event["alert"]
            result["alerts"].append({
                "sid": alert.get("signature_id"),
                "action": alert.get("action"),
                "packet": step.label if step else None,
            })
        elif kind == "flow":
            result["app_proto"] = event.get("app_proto")
            result["flow_action"] = event.get("flow", {}).get("action")
        elif kind == "anomaly":
            anomaly = event.get("anomaly", {})
            result["anomalies"].append({
                "event": anomaly.get("event"),
                "type": anomaly.get("type"),
                "packet": step.label if step else None,
            })

    for flow_id, (count, step, event) in first_drop.items():
        result = results[flow_id]
        alert = event.get("alert")
        verdict = event.get("verdict") or {}
        reason = event.get("drop", {}).get("reason")
        if alert:
            sid = alert.get("signature_id")
            action = actions.get(sid, "reject" if "reject" in verdict else "drop")
            result["blocked_by"] = {"kind": "rule", "sid": sid, "action": action,
                                    "msg": alert.get("signature"), "reason": reason}
            rejected = action.startswith("reject")
        else:
            result["blocked_by"] = {"kind": "engine", "reason": reason}
            rejected = "reject" in verdict
        if "reject" in verdict:
            result["blocked_by"]["sent"] = verdict["reject"]  # e.g. ["tcp-reset"], ["icmp-prohib"]
        result["actual"] = "reject" if rejected else "drop"
        result["blocked_packet"] = {
            "label": step.label if step else None,
            "step": step.step if step else None,
            "pcap_cnt": count,
            "direction": event.get("direction"),
        }
        # Packets of the flow after the first blocked one that Suricata let through: a drop
        # by a packet rule drops that packet only, and a later pass can pass the flow.
        result["passed_after_block"] = [
            later.label for number, later in packets_of[flow_id]
            if number > count and number not in dropped_counts
        ]
    # A packet-level drop (a segment of the client's first message) followed by a rule that
    # passes the flow: the client retransmits the segment and the flow gets through, late.
    # Only drops real TCP recovers from count: a segment of the client's first message with
    # more to come, or the server's ACK of one. A dropped SYN, say, is retransmitted into the
    # same rule, and the later packets of the pcap would never have been sent.
    recoverable = re.compile(r"^(ACK of )?client data (\d+)/(\d+)$")

    def recovers(label):
        match = recoverable.match(label or "")
        return bool(match) and int(match.group(2)) < int(match.group(3))

    for result in results.values():
        dropped = result.get("dropped") or []
        labels = [d.get("label") if isinstance(d, dict) else d for d in dropped]
        # A reject after drops TCP recovers from (a segment of the first message) ends the
        # connection with a reset: that is what the client sees. After any other drop the
        # rest of the pcap would never have been sent.
        first = (result.get("blocked_packet") or {}).get("label")
        if result["actual"] == "drop" and result.get("reset_sent") and recovers(first):
            result["actual"] = "reject"
        if (result["actual"] == "drop" and result.get("flow_action") == "pass"
                and labels and all(recovers(label) for label in labels)):
            result["actual"] = "delayed"
    return results


# ---------------------------------------------------------------------------------------
# One rule set


def run_ruleset(ruleset, flows, workdir, isolation):
    """Render, run and read one rule set. Returns (ruleset report, {flow id: result})."""
    started = time.monotonic()
    report = {"id": ruleset["id"], "tags": ruleset.get("tags", []), "workdir": str(workdir),
              "error": None, "warnings": [], "rules": 0, "rules_loaded": None, "seconds": None}
    try:
        rules = rule_lines(ruleset.get("rules", ""))
        report["rules"] = len(rules)
        actions = sid_actions(rules)
        workdir.mkdir(parents=True, exist_ok=True)
        (workdir / "rules.rules").write_text("\n".join(rules) + "\n")
        (workdir / "threshold.config").write_text("")
        (workdir / "suricata.yaml").write_text(suricata_yaml(ruleset, workdir))
        for stale in ("eve.json", "suricata.log"):
            (workdir / stale).unlink(missing_ok=True)
        index, render_errors = render_pcap(flows, workdir / "flows.pcap")
        flows = [flow for flow in flows if flow["id"] not in render_errors]
        (workdir / "packets.json").write_text(json.dumps(
            [{"pcap_cnt": i + 1, "flow": fid, "packet": s.label, "to_server": s.to_server}
             for i, (fid, s) in enumerate(index)], indent=1))

        process = run_suricata(workdir, isolation, ruleset.get("suricata_set"))
        log = (workdir / "suricata.log").read_text() if (workdir / "suricata.log").exists() else ""
        loaded, failed, errors, warnings = parse_log(log)
        report["rules_loaded"] = loaded
        report["warnings"] = warnings
        console = (process.stdout + process.stderr).strip()
        if process.returncode != 0:
            detail = "\n".join(errors) or console[-2000:]
            raise HarnessError(f"suricata failed (exit {process.returncode}): {detail}")
        if failed:
            raise HarnessError(f"{failed} rule(s) failed to load: " + "\n".join(errors))
        if loaded is None:
            raise HarnessError("could not find the rule load summary in suricata.log")
        if loaded != len(rules):
            raise HarnessError(f"{len(rules)} rules written, {loaded} loaded: " + "\n".join(errors))
        if errors:
            raise HarnessError("suricata reported errors: " + "\n".join(errors))
        results = verdicts(flows, index, read_eve(workdir / "eve.json"), actions)
        results.update({fid: {"error": why} for fid, why in render_errors.items()})
    except HarnessError as error:
        report["error"] = str(error)
        results = {}
    except (ValueError, KeyError, OSError) as error:
        report["error"] = f"{type(error).__name__}: {error}"
        results = {}
    report["seconds"] = round(time.monotonic() - started, 2)
    return report, results


# ---------------------------------------------------------------------------------------
# Cases, allow-list, comparison


def load_json(path, what):
    try:
        with open(path) as handle:
            return json.load(handle)
    except (OSError, json.JSONDecodeError) as error:
        fail(f"cannot read {what} {path}: {error}")


def check_flow(flow, rulesets):
    """A reason the flow cannot be rendered, or None."""
    for key in ("id", "ruleset", "protocol", "client", "server", "expected"):
        if key not in flow:
            return f"missing {key!r}"
    if flow["ruleset"] not in rulesets:
        return f"unknown ruleset {flow['ruleset']!r}"
    if flow["protocol"] not in PROTOCOLS:
        return f"unknown protocol {flow['protocol']!r}"
    if (flow.get("app") or "none") not in APPS:
        return f"unknown app {flow.get('app')!r}"
    if flow["expected"] not in VERDICTS:
        return f"unknown expected verdict {flow['expected']!r}"
    if flow["protocol"] != "icmp":
        for key in ("client_port", "server_port"):
            if not isinstance(flow.get(key), int) or not 0 < flow[key] < 65536:
                return f"bad {key} {flow.get(key)!r}"
    try:
        ipaddress.ip_address(flow["client"])
        ipaddress.ip_address(flow["server"])
    except ValueError as error:
        return str(error)
    return None


def load_allow_list(path):
    entries = load_json(path, "allow-list")
    if not isinstance(entries, list):
        fail(f"{path}: the allow-list must be a JSON list")
    for number, entry in enumerate(entries):
        if not isinstance(entry, dict) or not isinstance(entry.get("match"), dict) or not entry.get("reason"):
            fail(f"{path}: entry {number} needs a 'match' object and a 'reason'")
        unknown = set(entry["match"]) - FLOW_KEYS - DERIVED_KEYS
        if unknown:
            fail(f"{path}: entry {number} matches unknown keys {sorted(unknown)}")
    return entries


def matches(entry, record, tags):
    """Whether every key of the entry's match equals the record's value (a list in the entry
    means any of its values); `ruleset_tag` matches any of the rule set's tags."""
    for key, wanted in entry["match"].items():
        options = wanted if isinstance(wanted, list) else [wanted]
        if key == "ruleset_tag":
            if not any(tag in tags for tag in options):
                return False
        elif record.get(key) not in options:
            return False
    return True


def describe_block(result):
    packet = result.get("blocked_packet")
    by = result.get("blocked_by")
    if not packet:
        return "nothing blocked"
    text = f"blocked at {packet['label']} (pcap #{packet['pcap_cnt']}, {packet['direction']})"
    if by and by["kind"] == "rule":
        text += f" by sid {by['sid']} ({by['action']})"
    elif by:
        text += f" by the engine ({by['reason']}, no rule)"
    later = result.get("passed_after_block") or []
    if later:
        text += f"; {len(later)} later packet(s) passed, from {later[0]}"
    if result.get("flow_action"):
        text += f"; flow action {result['flow_action']}"
    return text


def main(argv=None):
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # quiet when piped into head
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("cases", help="cases file (JSON) from Reach's generator")
    parser.add_argument("--allow", help="allow-list of explained disagreements (JSON)")
    parser.add_argument("--out", help="write per-flow results here (JSON)")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="rule sets run in parallel")
    parser.add_argument("--keep", help="keep each rule set's files in DIR/<ruleset id>/")
    parser.add_argument("--verbose", "-v", action="store_true", help="also list allowed disagreements")
    args = parser.parse_args(argv)

    if shutil.which("suricata") is None:
        fail("suricata is not installed")
    cases = load_json(args.cases, "cases file")
    allow = load_allow_list(args.allow) if args.allow else []
    if not isinstance(cases, dict):
        fail(f"{args.cases}: expected an object with 'rulesets' and 'flows'")
    rulesets, directories = {}, {}
    for ruleset in cases.get("rulesets", []):
        rid = ruleset.get("id")
        if not isinstance(rid, str) or rid in rulesets or not isinstance(ruleset.get("rules", ""), str):
            fail(f"{args.cases}: every rule set needs a unique string 'id' and string 'rules' ({rid!r})")
        rulesets[rid] = ruleset
        name = re.sub(r"[^A-Za-z0-9_.-]", "_", rid)
        while name in directories.values():
            name += "_"
        directories[rid] = name
    flows = cases.get("flows", [])
    ids = [flow.get("id") for flow in flows]
    if len(set(ids)) != len(ids):
        fail(f"{args.cases}: flow ids must be unique")

    # Flows that cannot be rendered are errors; the others are grouped by rule set.
    flow_errors, grouped, seen = {}, {rid: [] for rid in rulesets}, set()
    for flow in flows:
        problem = check_flow(flow, rulesets)
        if problem is None:
            if flow["protocol"] != "icmp":
                key = (flow["ruleset"], case_flow_key(flow))
                if key in seen:
                    problem = "same 5-tuple as an earlier flow of its rule set"
                seen.add(key)
        if problem:
            flow_errors[flow.get("id")] = problem
        else:
            grouped[flow["ruleset"]].append(flow)

    isolation = network_isolation()
    if not isolation:
        print("harness: warning: cannot isolate suricata's network (unshare -n); reject rules may "
              "send real packets", file=sys.stderr)
    root = Path(args.keep).resolve() if args.keep else Path(tempfile.mkdtemp(prefix="reach-suricata-"))
    started = time.monotonic()
    reports, results = {}, {}
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            futures = {
                pool.submit(run_ruleset, rulesets[rid], rid_flows, root / directories[rid], isolation): rid
                for rid, rid_flows in grouped.items() if rid_flows
            }
            for future in concurrent.futures.as_completed(futures):
                report, flow_results = future.result()
                reports[futures[future]] = report
                results.update(flow_results)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    elapsed = time.monotonic() - started

    records, agree, disagree, allowed, used = [], 0, 0, 0, set()
    for flow in flows:
        fid = flow.get("id")
        ruleset = rulesets.get(flow.get("ruleset"), {})
        report = reports.get(flow.get("ruleset"), {})
        record = {k: flow.get(k) for k in FLOW_KEYS if k in flow}
        result = results.get(fid)
        error = flow_errors.get(fid) or report.get("error") or (result or {}).get("error")
        if error or result is None:
            record.update({"actual": "error", "error": error or "no result", "agree": False, "allowed": None})
            disagree += 1
            if not report.get("error"):
                print(f"ERROR {fid} [{flow.get('ruleset')}]: {error}")
            records.append(record)
            continue
        record.update(result)
        by = result["blocked_by"] or {}
        record.update({
            "blocked_step": (result["blocked_packet"] or {}).get("step"),
            "blocked_sid": by.get("sid"),
            "drop_reason": by.get("reason"),
        })
        record["agree"] = record["actual"] == flow["expected"]
        record["allowed"] = None
        if record["agree"]:
            agree += 1
        else:
            disagree += 1
            facts = dict(record, blocked_packet=(result["blocked_packet"] or {}).get("label"))
            match = next((n for n, e in enumerate(allow) if matches(e, facts, ruleset.get("tags", []))), None)
            if match is not None:
                allowed += 1
                used.add(match)
                record["allowed"] = allow[match]["reason"]
            if match is None or args.verbose:
                print(f"{'ALLOWED' if match is not None else 'DISAGREE'} {fid} [{flow['ruleset']}] "
                      f"expected={flow['expected']} actual={record['actual']}: {describe_block(result)}"
                      f"; app_proto={result['app_proto']}")
        records.append(record)

    for rid, report in sorted(reports.items()):
        if report["error"]:
            print(f"ERROR ruleset {rid} ({len(grouped[rid])} flows): {report['error']}")
    for number in sorted(set(range(len(allow))) - used):
        if args.verbose:
            print(f"note: allow-list entry {number} matched nothing: {allow[number]['match']}")
    if args.out:
        with open(args.out, "w") as handle:
            json.dump({"seconds": round(elapsed, 2), "rulesets": [reports[r] for r in sorted(reports)],
                       "flows": records}, handle, indent=2)
            handle.write("\n")
    if args.keep:
        print(f"files kept in {root}")
    unexplained = disagree - allowed
    print(f"{len(flows)} flows, {agree} agree, {disagree} disagree ({allowed} allowed)")
    return 0 if unexplained == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
