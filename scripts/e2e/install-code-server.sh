#!/usr/bin/env bash
# Installs a pinned code-server (the real VS Code workbench, served to a browser) into a
# cache OUTSIDE the project, because desktop VS Code / Electron cannot be downloaded here.
# Also installs the Debian packages it needs (native-module build deps, ripgrep, chromium).
#
#   scripts/e2e/install-code-server.sh        # prints the code-server executable path on stdout
#
# Idempotent: a second run only checks a stamp file and dpkg (well under a second).
# Logs go to stderr so that `CS=$(scripts/e2e/install-code-server.sh)` works.
# Env: KLR_CACHE_DIR (default ~/.cache/kube-lb-reach), KLR_SKIP_APT=1 (never call apt-get).
set -euo pipefail

CS_VERSION=4.100.3          # last code-server on node 20 (4.103+ needs node 22)
RG_NPM_VERSION=1.15.11      # @vscode/ripgrep pinned by code-server 4.100.3's npm-shrinkwrap
RG_ASSET_VERSION=v13.0.0-10 # release tag that @vscode/ripgrep 1.15.11 downloads
CACHE_DIR="${KLR_CACHE_DIR:-$HOME/.cache/kube-lb-reach}"
DEST="$CACHE_DIR/code-server-$CS_VERSION"
EXE="$DEST/node_modules/.bin/code-server"
STAMP="$DEST/.klr-install-ok"
# libkrb5-dev: kerberos native module; ripgrep: stands in for the rg download;
# build-essential/python3/pkg-config: node-gyp; chromium: the browser the tests drive.
APT_PACKAGES=(libkrb5-dev ripgrep chromium build-essential python3 pkg-config ca-certificates)

log() { echo "[install-code-server] $*" >&2; }
die() { echo "[install-code-server] ERROR: $*" >&2; exit 1; }

missing_packages() {
  local p
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"
  done
}

ensure_apt_packages() {
  local missing
  missing=$(missing_packages | tr '\n' ' ')
  [ -z "${missing// /}" ] && return 0
  [ "${KLR_SKIP_APT:-}" = 1 ] && die "missing Debian packages: $missing (KLR_SKIP_APT=1 set)"
  local SUDO=()
  if [ "$(id -u)" != 0 ]; then
    if ! { command -v sudo >/dev/null && sudo -n true 2>/dev/null; }; then
      die "missing Debian packages: $missing; run as root or: sudo apt-get install -y $missing"
    fi
    SUDO=(sudo -n)
  fi
  log "apt-get install $missing"
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=300 update -qq >&2 \
    || die "apt-get update failed"
  # shellcheck disable=SC2086
  "${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=300 install -y -qq $missing >&2 </dev/null \
    || die "apt-get install $missing failed"
}

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null) || die "node not found on PATH"
[ "$node_major" = 20 ] || die "code-server $CS_VERSION needs node 20, found $(node -v)"

# Fast path (cache hit).
if [ -f "$STAMP" ] && [ -x "$EXE" ] && [ -z "$(missing_packages)" ]; then
  echo "$EXE"
  exit 0
fi

ensure_apt_packages
mkdir -p "$CACHE_DIR"
# Serialise concurrent installs into the same cache.
exec 9>"$CACHE_DIR/.install.lock"
flock 9
if [ -f "$STAMP" ] && [ -x "$EXE" ]; then echo "$EXE"; exit 0; fi

case "$(uname -m)" in
  x86_64) RG_TARGET=x86_64-unknown-linux-musl ;;
  aarch64) RG_TARGET=aarch64-unknown-linux-musl ;;
  *) die "unsupported architecture $(uname -m)" ;;
esac

rm -rf "$DEST" "$CACHE_DIR"/.partial-*
WORK=$(mktemp -d "$CACHE_DIR/.partial-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
start=$(date +%s)

# @vscode/ripgrep's postinstall downloads rg from GitHub (unreachable); it first looks in
# $TMPDIR/vscode-ripgrep-cache-<version>/, so put Debian's rg there in the expected tarball.
NPM_TMP="$WORK/.tmp"
RG_CACHE="$NPM_TMP/vscode-ripgrep-cache-$RG_NPM_VERSION"
mkdir -p "$RG_CACHE" "$WORK/.rg"
cp /usr/bin/rg "$WORK/.rg/rg"
tar -czf "$RG_CACHE/ripgrep-$RG_ASSET_VERSION-$RG_TARGET.tar.gz" -C "$WORK/.rg" rg

# allowScripts: npm 11.19+ warns about (and a later npm will block) unreviewed install scripts;
# code-server's postinstall and argon2's build are required.
echo '{"name":"klr-code-server-cache","private":true,"allowScripts":{"code-server":true,"argon2":true}}' >"$WORK/package.json"
log "npm install code-server@$CS_VERSION into $DEST (about a minute: native modules build from source)"
# code-server's postinstall refuses to run as root without unsafe_perm; it runs nested
# `npm install`s in lib/vscode and lib/vscode/extensions.
( cd "$WORK" && export TMPDIR="$NPM_TMP" && \
  npm_config_unsafe_perm=true npm_config_yes=true npm_config_audit=false npm_config_fund=false \
  npm_config_update_notifier=false \
  npm install --omit=dev --no-save --loglevel=warn "code-server@$CS_VERSION" </dev/null >"$WORK/.npm.log" 2>&1 ) || {
  tail -n 60 "$WORK/.npm.log" >&2
  die "npm install code-server@$CS_VERSION failed (full log above, last 60 lines)"
}

RG_BIN="$WORK/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg"
[ -x "$RG_BIN" ] || die "ripgrep was not installed at $RG_BIN"
rm -rf "$NPM_TMP" "$WORK/.rg"
chmod 755 "$WORK"
mv "$WORK" "$DEST"
trap - EXIT
# Smoke test; scratch XDG dirs so that it does not write ~/.config/code-server/config.yaml.
XDG_TMP=$(mktemp -d)
ver=$(XDG_CONFIG_HOME="$XDG_TMP" XDG_DATA_HOME="$XDG_TMP" "$EXE" --version 2>&1 | grep -m1 -E '^[0-9]+\.[0-9]+\.[0-9]+ ' || true)
rm -rf "$XDG_TMP"
case "$ver" in "$CS_VERSION "*) ;; *) rm -rf "$DEST"; die "installed code-server does not report $CS_VERSION: '$ver'" ;; esac
echo "$ver" >"$STAMP"
log "installed code-server $ver in $(( $(date +%s) - start ))s"
echo "$EXE"
