#!/usr/bin/env bash
# Serves the web app on http://127.0.0.1:8080/ with the built-in demo loaded. Installs what is
# missing first. Stop with Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
cargo fetch --locked
echo "serve: open http://127.0.0.1:${PORT:-8080}/#demo (the demo is loaded from the #demo fragment)"
exec trunk serve --release --address 127.0.0.1 --port "${PORT:-8080}"
