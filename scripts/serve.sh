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
# No live-reload script: the page's Content-Security-Policy forbids inline scripts.
exec trunk serve --release --no-autoreload --address 127.0.0.1 --port "${PORT:-8080}"
