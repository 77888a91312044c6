#!/usr/bin/env bash
# `npm run test:e2e`: install the harness (once), build the extension bundle, run the suite in code-server.
set -euo pipefail
cd "$(dirname "$0")/../.."
t0=$(date +%s)
bash test/e2e/setup.sh
npx webpack --mode production --stats errors-warnings
bash test/e2e/run.sh
echo "e2e: total $(( $(date +%s) - t0 )) s"
