#!/usr/bin/env bash
# Builds the web page with Trunk (release), serves dist/ on a free local port and runs the
# browser tests against it. Usage: bash tests/browser/run.sh
# Set REACH_BIN=target/debug/reach to compare the page with the CLI instead of the golden JSON.
set -euo pipefail
cd "$(dirname "$0")/../.."

export PATH="$PWD/node_modules/.bin:$PATH"   # npm's wasm-opt (binaryen 132) ahead of any other
export TRUNK_SKIP_VERSION_CHECK=true         # otherwise trunk asks the network for newer releases

[ -x node_modules/.bin/wasm-opt ] && [ -d node_modules/playwright-core ] && [ -d node_modules/axe-core ] || npm ci --no-audit --no-fund
cargo fetch --locked                         # trunk runs cargo --offline (Trunk.toml: offline = true)
trunk build --release

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
log=$(mktemp)
python3 -m http.server "$port" --bind 127.0.0.1 --directory dist >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -f "$log"' EXIT

for _ in $(seq 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done

export APP_URL="http://127.0.0.1:$port/"
node --test tests/browser/
