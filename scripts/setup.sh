#!/usr/bin/env bash
# Sets up the Python side of backprop-lab and registers the TypeScript kernel — all inside the
# project: a virtual environment in .venv/ and a kernelspec in .venv/share/jupyter/kernels/.
# Nothing is written to the user's global Jupyter folders.
#
#   bash scripts/setup.sh                  create/refresh .venv and register the kernel
#   bash scripts/setup.sh --python PY      use an existing environment's python instead of .venv
#                                          (Binder, JupyterHub images); registers into its sys.prefix
#   bash scripts/setup.sh --quiet          print only problems
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
python_arg=""
quiet=0
while [ $# -gt 0 ]; do
  case "$1" in
    --python) python_arg="${2:?--python needs a path}"; shift 2 ;;
    --quiet) quiet=1; shift ;;
    *) echo "setup: unknown option '$1' (use --python PATH or --quiet)" >&2; exit 2 ;;
  esac
done
say() { [ "$quiet" = 1 ] || echo "setup: $*"; }
die() { echo "setup: $*" >&2; exit 1; }

# The pip mirror of some machines answers only for what it holds; do not wait on retries.
export PIP_RETRIES="${PIP_RETRIES:-0}" PIP_DISABLE_PIP_VERSION_CHECK=1

node_bin="$(command -v node || true)"
[ -n "$node_bin" ] || die "Node.js 20 or newer is needed: install it from https://nodejs.org, then run 'npm install'."
node -e 'process.exit(+process.versions.node.split(".")[0] >= 20 ? 0 : 1)' \
  || die "Node.js 20 or newer is needed, this is $(node --version): upgrade Node.js."
tslab_main="$root/node_modules/tslab/bin/tslab"
[ -f "$tslab_main" ] || die "the npm packages are missing: run 'npm install' first."

if [ -n "$python_arg" ]; then
  py="$python_arg"
  command -v "$py" >/dev/null 2>&1 || [ -x "$py" ] || die "no python at '$py'."
else
  command -v python3 >/dev/null 2>&1 \
    || die "Python 3.9 or newer is needed: install python3 (Debian/Ubuntu: sudo apt-get install python3 python3-venv)."
  python3 -c 'import sys; sys.exit(0 if sys.version_info >= (3, 9) else 1)' \
    || die "Python 3.9 or newer is needed, this is $(python3 --version 2>&1): upgrade python3."
  py="$root/.venv/bin/python"
  if [ ! -x "$py" ]; then
    say "creating the Python environment in .venv/"
    python3 -m venv "$root/.venv" >/dev/null 2>&1 || {
      rm -rf "$root/.venv"
      die "python3 cannot create a virtual environment: install venv (Debian/Ubuntu: sudo apt-get install python3-venv)."
    }
  fi
fi

# Install the Python packages, unless this exact requirements.txt is already installed there.
prefix="$("$py" -c 'import sys; print(sys.prefix)')"
stamp="$prefix/.backprop-lab-requirements"
want="$(cat requirements.txt)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  say "installing JupyterLab, nbconvert and plotly into $prefix (about half a minute)"
  "$py" -m pip install --quiet -r requirements.txt 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2) \
    || die "pip could not install requirements.txt into $prefix (see the messages above)."
  printf '%s' "$want" > "$stamp"
fi

# Register tslab as the kernel "backprop-lab", started through scripts/kernel.js (this project's own
# tslab, started faster: see that file) with absolute paths, so that it works however Jupyter is launched.
spec_dir="$(mktemp -d)"
trap 'rm -rf "$spec_dir"' EXIT
"$py" - "$spec_dir" "$node_bin" "$root/scripts/kernel.js" <<'PY'
import json, sys
spec_dir, node, kernel = sys.argv[1:4]
spec = {
    "argv": [node, kernel, "kernel", "--config-path", "{connection_file}"],
    "display_name": "TypeScript (backprop-lab)",
    "language": "typescript",
    "metadata": {"backprop-lab": True},
}
json.dump(spec, open(f"{spec_dir}/kernel.json", "w"), indent=1)
PY
# Through jupyter_client of that very Python: `python -m jupyter kernelspec` would run whichever
# jupyter-kernelspec comes first on PATH (a conda base, say) and register the kernel there instead.
"$py" - "$spec_dir" <<'PY' >/dev/null 2>&1 || die "could not register the kernel with '$py' (is jupyter_client installed there?)."
import sys
from jupyter_client.kernelspec import KernelSpecManager
KernelSpecManager().install_kernel_spec(sys.argv[1], kernel_name="backprop-lab", prefix=sys.prefix)
PY
say "kernel 'backprop-lab' registered in $prefix/share/jupyter/kernels/backprop-lab"

# The same environment, made ready for a class, in its own sys.prefix like the kernel:
# - JupyterLab's File → Save and Export Notebook As → HTML and Reveal.js Slides, and `jupyter
#   nbconvert --to html|slides`, give the offline pages of `npm run export`. export/python (put on
#   this Python's path by a .pth file) says how: nbconvert's own HTMLExporter and SlidesExporter
#   take the templates in export/, whose preprocessor runs scripts/export/ with this Node. The
#   server builds its exporters from the server's config, the command line from nbconvert's.
# - JupyterLab asks nothing about news and checks for no updates (a class sees the notebook, not a
#   prompt), and its debugger is off: tslab has none, and JupyterLab 4.6's debugger still asks the
#   kernel after every cell and logs "No active debugger session" errors.
"$py" - "$root" "$node_bin" <<'PY' || die "could not set up JupyterLab's exports and settings in $prefix (see the messages above)."
import json, os, sys, sysconfig

root, node = sys.argv[1:3]
etc = os.path.join(sys.prefix, "etc", "jupyter")
sys.path.insert(0, os.path.join(root, "export", "python"))
from backprop_lab_export import jupyter_config


def write_json(file, data):
    os.makedirs(os.path.dirname(file), exist_ok=True)
    with open(file, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=2)
        f.write("\n")


def merge_json(file, sections):
    """Sets these sections' keys in a Jupyter config file and keeps everything else it holds."""
    data = {}
    if os.path.exists(file):
        with open(file, encoding="utf-8") as f:
            data = json.load(f)
    for section, values in sections.items():
        data.setdefault(section, {}).update(values)
    write_json(file, data)


with open(os.path.join(sysconfig.get_paths()["purelib"], "backprop-lab.pth"), "w", encoding="utf-8") as f:
    f.write(os.path.join(root, "export", "python") + "\n")
for name in ("jupyter_nbconvert_config.json", "jupyter_server_config.json"):
    merge_json(os.path.join(etc, name), jupyter_config(node))
write_json(
    os.path.join(sys.prefix, "share", "jupyter", "lab", "settings", "overrides.d", "backprop-lab.json"),
    {"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False}},
)
write_json(
    os.path.join(etc, "labconfig", "page_config.d", "backprop-lab.json"),
    {"disabledExtensions": {"@jupyterlab/debugger-extension": True}},
)
PY
say "exports (File → Save and Export Notebook As → HTML, Reveal.js Slides) and JupyterLab's settings set up in $prefix"
# Compile src/ and TypeScript's code cache for fast kernel starts (a second or two, only when src/
# changed). Not fatal: a kernel without them type-checks src/ itself, as plain tslab does.
if out="$("$node_bin" "$root/scripts/kernel.js" --build 2>&1)"; then
  say "${out#backprop-lab kernel: }"
else
  echo "setup: could not prepare the fast kernel start (lessons still work, more slowly): ${out##*$'\n'}" >&2
fi
say "ready: 'npm start' opens the lessons in JupyterLab."
