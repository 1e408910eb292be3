#!/usr/bin/env bash
# Regenerates the documentation screenshots in docs/images/ from the real thing: builds the
# packaged extension (npm run package -> kube-lb-reach.vsix), installs it in code-server's VS Code
# workbench and drives the UI in headless chromium (test/e2e/userView.mjs), saving
#   docs/images/reused-clb-warning.png   svc-http.yaml: warning squiggle on the CLB id, its hover, Problems panel
#   docs/images/local-policy-hover.png   svc-https.yaml: hover on `externalTrafficPolicy: Local`, its lead and "Explain reachability"
#
#   scripts/e2e/screenshots.sh                      # ~15 s warm (code-server/chromium cached)
#   KLR_SCREENSHOTS_DIR=/tmp/shots scripts/e2e/screenshots.sh
#
# Needs what the e2e tests need: scripts/e2e/install-code-server.sh (run on first use by
# test/e2e/codeServer.mjs) and devDependencies. Exit code: userView.mjs's (0 ok, 1 a UI step
# failed, 2 harness error); its JSON report goes to stdout.
set -euo pipefail
cd "$(dirname "$0")/../.."
export KLR_SCREENSHOTS_DIR="${KLR_SCREENSHOTS_DIR:-$PWD/docs/images}"
npm run package >&2
node test/e2e/userView.mjs --vsix "$PWD/kube-lb-reach.vsix" "$@"
echo "[screenshots] wrote $KLR_SCREENSHOTS_DIR/reused-clb-warning.png and $KLR_SCREENSHOTS_DIR/local-policy-hover.png" >&2
