#!/usr/bin/env bash
# Install what the JupyterHub class load test (benchmarks/jupyterhub_class.py) needs, if missing:
#   - the Python jupyterhub package (>=5), into the current Python environment, beside nnlessons
#     and JupyterLab (each student's server runs `python -m jupyterhub.singleuser` from it);
#   - configurable-http-proxy from the npm registry, into .hub/ in this folder (no root needed;
#     set NNLESSONS_HUB_DIR to put it elsewhere). Version 5 needs Node >= 20; with an older Node
#     (Debian 12 ships 18) version 4.6 is installed instead.
# Idempotent, needs no input, prints what it does.
#
#     bash scripts/install_hub.sh
set -euo pipefail
cd "$(dirname "$0")/.."
HUB_DIR=${NNLESSONS_HUB_DIR:-$PWD/.hub}
PYTHON=${PYTHON:-python}

if "$PYTHON" -c "import jupyterhub, sys; sys.exit(int(jupyterhub.__version__.split('.')[0]) < 5)" 2>/dev/null; then
    echo "install_hub: jupyterhub $("$PYTHON" -c 'import jupyterhub; print(jupyterhub.__version__)') is installed"
else
    echo "install_hub: installing jupyterhub (pip install 'jupyterhub>=5')"
    "$PYTHON" -m pip install -q "jupyterhub>=5"
fi

CHP="$HUB_DIR/node_modules/.bin/configurable-http-proxy"
if [ -x "$CHP" ]; then
    echo "install_hub: $CHP is there ($("$CHP" --version)), nothing to install"
    exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
    echo "install_hub: npm is missing; install Node.js and npm first (apt-get install -y nodejs npm)" >&2
    exit 1
fi
NODE_MAJOR=$(node -p 'process.versions.node.split(".")[0]')
if [ "$NODE_MAJOR" -ge 20 ]; then SPEC="configurable-http-proxy@^5"; else SPEC="configurable-http-proxy@^4.6"; fi
echo "install_hub: node $(node --version): npm install $SPEC into $HUB_DIR"
mkdir -p "$HUB_DIR"
printf '# made by scripts/install_hub.sh: nothing here is committed\n*\n' > "$HUB_DIR/.gitignore"
npm install --prefix "$HUB_DIR" --no-audit --no-fund --loglevel=error "$SPEC"
echo "install_hub: installed $("$CHP" --version) at $CHP"
