#!/usr/bin/env bash
# `npm start`: make sure the Python side and the kernel are set up, then open JupyterLab on the
# lessons. Extra arguments go to JupyterLab: npm start -- --no-browser --port 8899
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/setup.sh" --quiet
extra=()
# JupyterLab refuses to run as root unless told; as root (containers, CI) that is what is wanted.
[ "$(id -u)" = 0 ] && extra+=(--allow-root)
cd "$root/notebooks"
exec "$root/.venv/bin/jupyter" lab --ServerApp.root_dir="$root/notebooks" "${extra[@]}" "$@"
