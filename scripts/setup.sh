#!/usr/bin/env bash
# Installs what cspr needs on a Debian/Ubuntu machine; quick when everything is there.
#   scripts/setup.sh run   - what `make run` needs
#   scripts/setup.sh test  - that, plus PostgreSQL server and Chromium for the test tiers
set -euo pipefail
mode="${1:-run}"
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

apt_packages=(libreoffice-writer-nogui python3-uno python3-venv python3-pip redis-server
              fonts-liberation2 fonts-dejavu-core ca-certificates)
if [ "$mode" = "test" ]; then
  # poppler-utils: pdftoppm draws the README's pictures of PDF pages in the e2e run
  apt_packages+=(chromium postgresql poppler-utils)
fi
command -v node >/dev/null 2>&1 || apt_packages+=(nodejs npm)

missing=()
for pkg in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "Installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  say "Creating the project virtualenv .venv"
  "$PY" -m venv .venv
fi
stamp=.venv/.cspr-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  say "Installing Python packages into .venv"
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q -e '.[dev]'
  touch "$stamp"
fi

if [ ! -f node_modules/.cspr-installed ] || [ package-lock.json -nt node_modules/.cspr-installed ]; then
  say "Installing npm packages (GOV.UK Frontend, axe-core, sass)"
  npm ci --no-audit --no-fund --loglevel=error
  touch node_modules/.cspr-installed
fi
if [ ! -f var/static/cspr.css ] || [ -n "$(find assets -newer var/static/cspr.css -print -quit 2>/dev/null)" ]; then
  say "Building the stylesheet"
  npm run --silent build
fi

say "Checking the LibreOffice conversion environment (.venv-uno)"
.venv/bin/python -c "from devstack.unoserver import ensure_uno_venv; ensure_uno_venv()"
