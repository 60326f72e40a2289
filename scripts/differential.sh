#!/usr/bin/env bash
# The differential test of Reach's firewall engine against Suricata 7: generate FLOWS flows over
# random rule sets (seeded, so a failure reproduces), replay them through
# `suricata --simulate-ips`, and compare each flow's fate with Reach's verdict. CI runs a few
# hundred flows; run `bash scripts/differential.sh 10000` for the long run. Needs Suricata and
# python3-scapy (scripts/setup.sh installs both).
#   usage: scripts/differential.sh [FLOWS] [SEED]
set -euo pipefail
cd "$(dirname "$0")/.."
flows=${1:-300}
seed=${2:-20261125}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo run --quiet --locked --release -p reach-nfw-cases -- \
  --seed "$seed" --flows "$flows" --out "$work/cases.json"
/usr/bin/python3 tests/suricata/harness.py "$work/cases.json" \
  --allow tests/suricata/allow-list.json --out "$work/results.json"
