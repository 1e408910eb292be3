#!/usr/bin/env bash
# Installs Debian's Neovim (0.7.2 on Debian 12) for test/e2e/nvim/run.mjs; idempotent, prints nvim's path.
set -euo pipefail
if ! command -v nvim >/dev/null; then
  [ "$(id -u)" = 0 ] || { echo "[install-neovim] ERROR: nvim missing; run as root or: sudo apt-get install -y neovim" >&2; exit 1; }
  export DEBIAN_FRONTEND=noninteractive
  { apt-get -o DPkg::Lock::Timeout=300 update -qq && apt-get -o DPkg::Lock::Timeout=300 install -y -qq neovim </dev/null; } >&2 \
    || { echo "[install-neovim] ERROR: apt-get install neovim failed" >&2; exit 1; }
fi
command -v nvim
