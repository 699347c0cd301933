"""Run notebooks the way a learner does: top to bottom in a fresh backprop-lab kernel.

    python scripts/nbrun.py [--rerun] [--out DIR] [--timeout SECONDS] NOTEBOOK...

Each notebook runs with the kernel's working directory set to the notebook's folder (so that
`./src/...` resolves). tslab reports a failing cell as a stderr stream and an "error" execute
reply, not as an error output, so both are checked here. With --rerun, every code cell is run a
second time in the same kernel afterwards, as a teacher re-running a cell in class would.

Prints one JSON line per notebook: {"notebook", "seconds", "kernel_seconds", "cells": [...],
"errors": [...]}; exits 1 if any cell failed, after printing each failure with the notebook, the
cell number, the start of its code and the TypeScript error text. --out writes the executed
notebooks (with outputs and execution counts) to DIR.
"""

import argparse
import json
import os
import sys
import time

import nbformat
from jupyter_client.kernelspec import NoSuchKernel
from nbclient import NotebookClient

KERNEL = "backprop-lab"


def run(path, timeout=180, rerun=False, cwd=None, kernel=KERNEL):
    """Runs one notebook in a fresh kernel and returns (the executed notebook, its report).

    Stops at the first failing cell, as Run All does. The kernel's working directory is `cwd`,
    by default the notebook's own folder.
    """
    nb = nbformat.read(path, as_version=4)
    folder = os.path.abspath(cwd) if cwd else os.path.dirname(os.path.abspath(path))
    replies = {}

    def on_cell_executed(cell, cell_index, execute_reply, **_):
        replies.setdefault(cell_index, []).append(execute_reply["content"].get("status"))

    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name=kernel,
        allow_errors=True,
        resources={"metadata": {"path": folder}},
        on_cell_executed=on_cell_executed,
    )
    started = time.monotonic()
    errors = []
    kernel_seconds = None
    with client.setup_kernel():
        kernel_seconds = time.monotonic() - started
        # Number the cells ourselves: the count comes from the kernel's reply, and a learner's
        # "In [n]" is simply the n-th cell run.
        count = 0
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            client.execute_cell(cell, index)
            count += 1
            cell.execution_count = count
            errors += failures(path, index, cell, replies.get(index, [])[-1:], "run")
            if errors:
                break
        first_outputs = [c.get("outputs", []) for c in nb.cells]
        if rerun and not errors:
            for index, cell in enumerate(nb.cells):
                if cell.cell_type != "code":
                    continue
                client.execute_cell(cell, index)
                errors += failures(path, index, cell, replies.get(index, [])[-1:], "re-run")
            # Keep the first run's outputs: the notebook as a learner sees it after Run All.
            for cell, outputs in zip(nb.cells, first_outputs):
                if cell.cell_type == "code":
                    cell.outputs = outputs
    seconds = time.monotonic() - started
    return nb, {
        "notebook": path,
        "seconds": round(seconds, 3),
        "kernel_seconds": round(kernel_seconds, 3),
        "cells": [
            {"index": i, "status": replies.get(i, ["not run"])[0], "outputs": len(c.get("outputs", []))}
            for i, c in enumerate(nb.cells)
            if c.cell_type == "code"
        ],
        "errors": errors,
    }


def failures(path, index, cell, statuses, when):
    """The failures of one executed cell: an error reply, an error output, or stderr text."""
    found = []
    stderr = "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("name") == "stderr")
    error_outputs = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    if "error" in statuses or error_outputs or stderr.strip():
        detail = stderr.strip() or "\n".join(f"{o.get('ename')}: {o.get('evalue')}" for o in error_outputs)
        head = "\n".join(cell.source.splitlines()[:3])
        found.append(
            {
                "notebook": path,
                "cell": index,
                "when": when,
                "code": head,
                "error": detail or "the kernel reported an error without a message",
            }
        )
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="+")
    parser.add_argument("--rerun", action="store_true", help="run every code cell a second time afterwards")
    parser.add_argument("--out", help="folder for the executed notebooks")
    parser.add_argument("--timeout", type=int, default=180, help="seconds a single cell may take")
    args = parser.parse_args()
    failed = False
    for path in args.notebooks:
        try:
            nb, report = run(path, args.timeout, args.rerun)
        except NoSuchKernel:
            sys.exit(f"nbrun: there is no Jupyter kernel '{KERNEL}': run 'bash scripts/setup.sh' to register it.")
        if args.out:
            os.makedirs(args.out, exist_ok=True)
            nbformat.write(nb, os.path.join(args.out, os.path.basename(path)))
        print(json.dumps(report), flush=True)
        for e in report["errors"]:
            failed = True
            print(
                f"\n{e['notebook']}, cell {e['cell']} ({e['when']}) failed:\n  {e['code'].replace(chr(10), chr(10) + '  ')}\n"
                f"{e['error']}\n",
                file=sys.stderr,
            )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
