#!/usr/bin/env bash
# Installs what building, serving and testing Reach needs, skipping whatever is already there
# at the right version. Nothing is downloaded from outside the package registries: cargo, apt
# and npm only (see ARCHITECTURE.md, "Toolchain").
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
# Trunk refuses a wasm-bindgen CLI that differs from the crate in Cargo.lock.
WASM_BINDGEN_VERSION=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')

say() { printf 'setup: %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (takes about 8 minutes on 2 cores)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Not --locked: its lockfile pins a crate version the registry no longer serves.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi
if ! command -v chromium >/dev/null; then
  say "installing Chromium (for the browser tests)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi
# Suricata 7, the reference engine for firewall verdicts, from Debian's bookworm-backports
# (the suite is added by reusing the URI of the machine's own Debian source); scapy writes
# the pcaps the differential test replays.
if ! suricata -V 2>/dev/null | grep -q 'version 7\.'; then
  say "installing Suricata 7 (bookworm-backports) and python3-scapy"
  export DEBIAN_FRONTEND=noninteractive
  if [ ! -f /etc/apt/sources.list.d/backports.sources ]; then
    uri=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources)
    printf 'Types: deb\nURIs: %s\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$uri" \
      > /etc/apt/sources.list.d/backports.sources
  fi
  apt-get update -qq
  apt-get install -y -qq -t bookworm-backports suricata >/dev/null
fi
if ! /usr/bin/python3 -c 'import scapy' 2>/dev/null; then
  say "installing python3-scapy"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq python3-scapy >/dev/null
fi
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ]; then
  say "installing npm packages (binaryen's wasm-opt, playwright-core)"
  npm ci --no-audit --no-fund
fi
say "ready"
