#!/usr/bin/env bash
# Installs the Debian packages Storyline needs, only those that are missing.
# Add a package to PACKAGES when a feature needs one.
set -euo pipefail
# chromium: the web page tests drive it headless through Playwright.
# postgresql: the store contract tests start a private PostgreSQL server (tests/pg_server.py).
PACKAGES=(chromium postgresql)
missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "Installing Debian packages: ${missing[*]}"
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
