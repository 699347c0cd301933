"""Runs notebooks as a learner's "Run All" would, each in a fresh kernel, and reports as JSON.

    python run_notebooks.py KERNEL NOTEBOOK...

Run with the python of the environment under test: its nbclient starts the kernel that this
environment's Jupyter finds. The kernel's working directory is the notebook's folder, so that
`./src/...` resolves as in JupyterLab. tslab reports a failing cell as a stderr stream and an
"error" execute reply (not an error output), so a cell fails on any of: an "error" reply, an
error output, or stderr text that contains "Error". Every cell is run even after a failure, so
the report lists all of them.

Prints one JSON object: {"notebooks": [{"notebook", "seconds", "code_cells", "executed",
"failures": [{"cell", "status", "code", "error"}]}]}.
"""

import json
import os
import sys
import time

import nbformat
from nbclient import NotebookClient


def run(path, kernel):
    nb = nbformat.read(path, as_version=4)
    statuses = {}

    def on_cell_executed(cell, cell_index, execute_reply, **_):
        statuses[cell_index] = execute_reply["content"].get("status")

    client = NotebookClient(
        nb,
        kernel_name=kernel,
        timeout=300,
        allow_errors=True,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}},
        on_cell_executed=on_cell_executed,
    )
    started = time.monotonic()
    failures = []
    try:
        client.execute()
    except Exception as error:  # a kernel that dies or never starts fails the whole notebook
        failures.append({"cell": None, "status": "kernel", "code": "", "error": f"{type(error).__name__}: {error}"})
    code_cells = [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.source.strip()]
    for index, cell in code_cells:
        outputs = cell.get("outputs", [])
        stderr = "".join(o.get("text", "") for o in outputs if o.get("name") == "stderr")
        errors = [f"{o.get('ename')}: {o.get('evalue')}" for o in outputs if o.get("output_type") == "error"]
        status = statuses.get(index, "not run")
        if status != "ok" or errors or "Error" in stderr:
            failures.append(
                {
                    "cell": index,
                    "status": status,
                    "code": "\n".join(cell.source.splitlines()[:3]),
                    "error": (stderr.strip() or "\n".join(errors))[:1500],
                }
            )
    return {
        "notebook": path,
        "seconds": round(time.monotonic() - started, 2),
        "code_cells": len(code_cells),
        "executed": sum(1 for i, _ in code_cells if i in statuses),
        "failures": failures,
    }


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: run_notebooks.py KERNEL NOTEBOOK...")
    kernel, paths = sys.argv[1], sys.argv[2:]
    print(json.dumps({"notebooks": [run(p, kernel) for p in paths]}))


if __name__ == "__main__":
    main()
