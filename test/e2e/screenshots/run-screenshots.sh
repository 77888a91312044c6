#!/usr/bin/env bash
# Regenerates the user guide's screenshots (docs/images/*.png) from the real extension:
# builds the .vsix, installs it into a fresh code-server, opens a copy of examples/lecture and lets
# take-screenshots.mjs drive the workbench with Playwright + Debian chromium.
# Usage (from anywhere):  bash test/e2e/screenshots/run-screenshots.sh
#   SKIP_BUILD=1   reuse an existing $VSIX instead of running webpack + vsce
#   VSIX=path      the package to install (default /tmp/fiasco.vsix)
#   OUT=dir        where the PNGs go (default docs/images)
set -euo pipefail
H=$(cd "$(dirname "$0")" && pwd)
E2E=$(cd "$H/.." && pwd)
ROOT=$(cd "$E2E/../.." && pwd)
VSIX=${VSIX:-/tmp/fiasco.vsix}
OUT=${OUT:-$ROOT/docs/images}
bash "$E2E/setup.sh"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  (cd "$ROOT" && npx webpack --mode production --stats errors-warnings \
     && npx vsce package --no-dependencies -o "$VSIX")
fi
[ -f "$VSIX" ] || { echo "no $VSIX: build it or unset SKIP_BUILD"; exit 1; }
RUN_PREFIX=fiasco-shots-run
# shellcheck source=../code-server-env.sh
. "$E2E/code-server-env.sh"
# A quiet, stable workbench: no welcome page, tips, chat, minimap or breadcrumbs competing for pixels.
cat > $R/ud/User/settings.json <<'JSON'
{
  "workbench.startupEditor": "none",
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "update.mode": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "workbench.colorTheme": "Default Dark Modern",
  "chat.disableAIFeatures": true,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "window.commandCenter": false,
  "editor.minimap.enabled": false,
  "breadcrumbs.enabled": false,
  "editor.fontSize": 14,
  "debug.console.fontSize": 14,
  "debug.console.closeOnEnd": false,
  "debug.console.acceptSuggestionOnEnter": "off",
  "debug.openDebug": "openOnSessionStart",
  "debug.toolBarLocation": "docked",
  "debug.internalConsoleOptions": "openOnSessionStart"
}
JSON
# The workspace: the lecture examples (hello among them) as a user would open them (without build products).
# At a fixed, short path: the language server's messages and hovers show it in the pictures.
WS=${WS_ROOT:-/tmp/fiasco-screenshots}/lecture
rm -rf "$WS"
mkdir -p $WS && (cd "$ROOT/examples/lecture" && tar --exclude=./obj -cf - .) | (cd $WS && tar -xf -)
ARGS=(--config $R/config.yaml --user-data-dir $R/ud --extensions-dir $R/exts)
$CS "${ARGS[@]}" --install-extension "$VSIX" > $R/install-ext.log 2>&1 || { cat $R/install-ext.log; exit 1; }
setsid $CS "${ARGS[@]}" $WS > $R/cs.log 2>&1 &
CS_PID=$!
cleanup() {
  kill -- -$CS_PID 2>/dev/null || kill $CS_PID 2>/dev/null || true   # the whole group: extension hosts linger otherwise
  for _ in $(seq 50); do kill -0 $CS_PID 2>/dev/null || break; sleep 0.1; done
  rm -rf "$WS"
}
trap cleanup EXIT
until curl -fsS http://127.0.0.1:$PORT/healthz > /dev/null 2>&1; do
  kill -0 $CS_PID 2>/dev/null || { cat $R/cs.log; exit 1; }; sleep 0.05; done
echo "code-server up on 127.0.0.1:$PORT (run dir $R)"
mkdir -p "$OUT"
rc=0
CS_URL=http://127.0.0.1:$PORT WS=$WS OUT=$OUT node "$H/take-screenshots.mjs" || rc=$?
[ $rc = 0 ] || { echo "--- code-server log:"; tail -20 $R/cs.log; }
exit $rc
