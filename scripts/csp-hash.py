"""Trunk post-build hook: the page's Content-Security-Policy allows scripts from its own origin
only, but Trunk starts the wasm from an inline module script. This adds that script's SHA-256
to `script-src`, so exactly that inline script runs and no other."""
import base64
import hashlib
import os
import re
import sys

path = os.path.join(os.environ.get("TRUNK_STAGING_DIR", "dist"), "index.html")
with open(path, encoding="utf-8") as handle:
    html = handle.read()
scripts = re.findall(r"<script type=\"module\">(.*?)</script>", html, flags=re.S)
if len(scripts) != 1:
    sys.exit(f"csp-hash: expected one inline module script in {path}, found {len(scripts)}")
digest = base64.b64encode(hashlib.sha256(scripts[0].encode("utf-8")).digest()).decode()
marker = "script-src 'self'"
if marker not in html:
    sys.exit(f"csp-hash: no \"{marker}\" in the Content-Security-Policy of {path}")
html = html.replace(marker, f"{marker} 'sha256-{digest}'", 1)
with open(path, "w", encoding="utf-8") as handle:
    handle.write(html)
