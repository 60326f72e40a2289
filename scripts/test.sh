#!/usr/bin/env bash
# Every test Reach has: format, clippy (warnings denied, native and wasm), unit, scenario and
# property tests, the differential test against Suricata 7, and the browser tests in headless
# Chromium. Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
stage() { printf '\n== %s (%ds elapsed)\n' "$1" "$(( $(date +%s) - start ))"; }
log=$(mktemp)
trap 'rm -f "$log"' EXIT

stage "setup"
bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true

stage "format"
cargo fmt --all --check

stage "clippy (native)"
cargo clippy --all-targets --locked -- -D warnings
stage "clippy (wasm: web app and view-model)"
cargo clippy -p web -p reach-view --target wasm32-unknown-unknown --locked -- -D warnings

stage "unit, scenario and property tests"
cargo test --locked 2>&1 | tee -a "$log"

stage "shell check of the scripts"
bash -n scripts/export-aws.sh
bash -n scripts/differential.sh

stage "differential test of the firewall engine against Suricata 7"
bash scripts/differential.sh 400 2>&1 | tee -a "$log"

stage "browser tests"
bash tests/browser/run.sh 2>&1 | tee -a "$log"

stage "all tests passed"
# One closing line for the whole suite: cargo's per-binary results plus the browser tests.
# The differential test counts as one test.
passed=$(sed -n 's/^test result: ok\. \([0-9]*\) passed.*/\1/p; s/^# pass \([0-9]*\)$/\1/p; s/^[0-9]* flows, [0-9]* agree, 0 disagree.*/1/p' "$log" | awk '{ total += $1 } END { print total + 0 }')
printf '%s passed, 0 failed\n' "$passed"
