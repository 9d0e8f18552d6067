#!/usr/bin/env bash
# Install what the browser tests (tests/browser/) need, if it is missing:
#   - Debian's Chromium at /usr/bin/chromium (Playwright's own browser download does not work here;
#     the tests drive this one through Python Playwright);
#   - the Python playwright package (normally already installed by `pip install -e ".[test]"`);
#   - axe-core from the npm registry (the accessibility checker the site and slide tests inject),
#     into $NNLESSONS_NODE_DIR (default ~/.cache/nnlessons/node), pinned to AXE_VERSION below.
# Idempotent, needs no input, prints what it does. Run as root (or with sudo available).
#
#     bash scripts/install_browser.sh
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

CHROMIUM=${NNLESSONS_CHROMIUM:-/usr/bin/chromium}
if [ -x "$CHROMIUM" ]; then
    echo "install_browser: $CHROMIUM is there ($("$CHROMIUM" --version 2>/dev/null | head -n 1)), nothing to install"
else
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "install_browser: $CHROMIUM is missing and apt-get is not available;" \
             "install Chromium yourself and set NNLESSONS_CHROMIUM to its path" >&2
        exit 1
    fi
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
            echo "install_browser: not root and no sudo: cannot apt-get install chromium" >&2
            exit 1
        fi
    fi
    echo "install_browser: $CHROMIUM is missing: apt-get update && apt-get install -y chromium"
    $SUDO apt-get update -q
    $SUDO apt-get install -y -q chromium
    if [ ! -x "$CHROMIUM" ]; then
        echo "install_browser: apt-get installed chromium, but there is still nothing at $CHROMIUM" >&2
        exit 1
    fi
    echo "install_browser: installed $("$CHROMIUM" --version 2>/dev/null | head -n 1)"
fi

if python -c "import playwright" >/dev/null 2>&1; then
    echo "install_browser: Python playwright is installed"
else
    echo "install_browser: installing the Python playwright package (pip install playwright)"
    python -m pip install -q playwright
fi
# Playwright's own browser download (playwright install) is deliberately not run: it cannot
# reach its download host; the tests launch Debian's Chromium with executable_path instead.

AXE_VERSION=4.14.1
NODE_DIR=${NNLESSONS_NODE_DIR:-$HOME/.cache/nnlessons/node}
AXE_JS="$NODE_DIR/node_modules/axe-core/axe.min.js"
if [ -f "$AXE_JS" ] && grep -q "axe v$AXE_VERSION" "$AXE_JS"; then
    echo "install_browser: axe-core $AXE_VERSION is in $NODE_DIR"
else
    if ! command -v npm >/dev/null 2>&1; then
        echo "install_browser: npm is missing: apt-get install -y npm (needed for axe-core)"
        SUDO=""
        if [ "$(id -u)" -ne 0 ]; then SUDO="sudo -n"; fi
        $SUDO apt-get update -q
        $SUDO apt-get install -y -q npm
    fi
    echo "install_browser: npm install axe-core@$AXE_VERSION into $NODE_DIR"
    mkdir -p "$NODE_DIR"
    npm install --prefix "$NODE_DIR" --no-audit --no-fund --no-save --silent "axe-core@$AXE_VERSION"
    if [ ! -f "$AXE_JS" ]; then
        echo "install_browser: npm ran, but there is no $AXE_JS" >&2
        exit 1
    fi
fi
