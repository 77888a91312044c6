#!/usr/bin/env bash
# `npm run test:e2e`: install the harness (once), build the extension bundle, run the suite in code-server, then
# the UI checks: the packaged .vsix installed into a fresh code-server, driven by Playwright through the user
# guide's scenes (screenshots/take-screenshots.mjs). Each scene asserts what it shows; any failure fails the run.
# The pictures go to a temporary folder here (docs/images is refreshed by hand: screenshots/run-screenshots.sh).
# SKIP_UI=1 runs the extension-host suite only.
set -euo pipefail
cd "$(dirname "$0")/../.."
t0=$(date +%s)
bash test/e2e/setup.sh
npx webpack --mode production --stats errors-warnings
rc=0
bash test/e2e/run.sh || rc=$?
t1=$(date +%s)
echo "e2e: extension-host suite $(( t1 - t0 )) s"
if [ "${SKIP_UI:-0}" != 1 ]; then
  UI=$(mktemp -d /tmp/fiasco-ui-check.XXXXXX)
  test/e2e/node_modules/.bin/vsce package --no-dependencies -o "$UI/fiasco.vsix" > "$UI/vsce.log" 2>&1 || { cat "$UI/vsce.log"; exit 1; }
  echo "e2e: packaged $(du -k "$UI/fiasco.vsix" | cut -f1) KB .vsix ($(unzip -l "$UI/fiasco.vsix" | tail -1 | awk '{print $2}') files)"
  SKIP_BUILD=1 VSIX="$UI/fiasco.vsix" OUT="$UI/images" FAIL_DIR="$UI" bash test/e2e/screenshots/run-screenshots.sh || rc=$?
  echo "e2e: UI checks $(( $(date +%s) - t1 )) s (pictures in $UI/images)"
fi
echo "e2e: total $(( $(date +%s) - t0 )) s"
exit $rc
