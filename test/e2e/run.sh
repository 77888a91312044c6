#!/usr/bin/env bash
# Starts a fresh code-server (real VS Code workbench + extension host) and runs the extension-host
# test suite (test/e2e/suite/index.js) against a copy of examples/hello. Exit status = the suite's.
# Usage: test/e2e/run.sh            (after test/e2e/setup.sh and a webpack build of dist/)
set -euo pipefail
H=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$H/../.." && pwd)
E2E=$H RUN_PREFIX=fiasco-e2e-run
# shellcheck source=code-server-env.sh
. "$H/code-server-env.sh"
cat > $R/ud/User/settings.json <<'JSON'
{
  "workbench.startupEditor": "none",
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "update.mode": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "chat.disableAIFeatures": true,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "window.commandCenter": false,
  "debug.console.closeOnEnd": false,
  "files.autoSave": "off"
}
JSON
# The workspace: the hello example as a user would open it (without build products).
mkdir -p $R/ws && (cd "$ROOT/examples/hello" && tar --exclude=./obj -cf - .) | (cd $R/ws && tar -xf -)
ARGS=(--config $R/config.yaml --user-data-dir $R/ud --extensions-dir $R/exts
      --vscode-option enable-smoke-test-driver)   # without it the workbench ignores extensionDevelopmentPath
t=$(date +%s%N)
setsid $CS "${ARGS[@]}" $R/ws > $R/cs.log 2>&1 &
CS_PID=$!
cleanup() {
  kill -- -$CS_PID 2>/dev/null || kill $CS_PID 2>/dev/null || true   # the whole group: extension hosts linger otherwise
  for _ in $(seq 50); do kill -0 $CS_PID 2>/dev/null || break; sleep 0.1; done
}
trap cleanup EXIT
until curl -fsS http://127.0.0.1:$PORT/healthz > /dev/null 2>&1; do
  kill -0 $CS_PID 2>/dev/null || { cat $R/cs.log; exit 1; }; sleep 0.05; done
echo "code-server up after $(( ($(date +%s%N) - t) / 1000000 )) ms on 127.0.0.1:$PORT (run dir $R)"
export CS_URL=http://127.0.0.1:$PORT WS=$R/ws EXT_DEV=${EXT_DEV:-$ROOT} EXT_TESTS=${EXT_TESTS:-$H/suite/index.js}
rc=0
node $H/ext-tests.mjs || rc=$?
[ $rc = 0 ] || { echo "--- code-server log:"; tail -20 $R/cs.log; }
exit $rc
