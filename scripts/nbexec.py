"""Runs and renders backprop-lab's notebooks for `npm run export` (scripts/export.ts calls this).

    python scripts/nbexec.py execute JOBS.json   run each notebook in a fresh "backprop-lab" kernel
    python scripts/nbexec.py convert JOBS.json   render notebooks to HTML with a template in export/

JOBS.json for execute: {"cwd": DIR, "kernel": NAME, "timeout": SECONDS, "jobs": [{"input", "output"}]}
JOBS.json for convert: {"template_dir": DIR, "jobs": [{"input", "output", "template", "slides", "title"}]}

A cell that fails stops everything with exit status 1 and a message naming the notebook, the cell
and the kernel's own error text. tslab reports TypeScript errors on the stderr stream, not as an
"error" output, so that stream is what the message quotes.
"""

import json
import os
import re
import sys
import time


def fail(message):
    print(message, file=sys.stderr, flush=True)
    sys.exit(1)


def say(message):
    print(message, file=sys.stderr, flush=True)


def output_text(value):
    return "".join(value) if isinstance(value, list) else (value or "")


def cell_error_text(cell):
    """What the kernel said when the cell failed: its stderr stream, then any error outputs."""
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream" and out.get("name") == "stderr":
            parts.append(output_text(out.get("text")))
        elif out.get("output_type") == "error":
            parts.append(f"{out.get('ename', 'Error')}: {out.get('evalue', '')}")
            parts.extend(strip_ansi(line) for line in out.get("traceback", [])[-5:])
    return "\n".join(p.rstrip("\n") for p in parts if p.strip())


def strip_ansi(text):
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def describe_cell(nb, index):
    cell = nb.cells[index]
    count = cell.get("execution_count")
    prompt = f"In [{count}]" if count is not None else "not numbered"
    source = cell.get("source", "")
    lines = source.splitlines()
    shown = "\n".join(f"    | {line}" for line in lines[:8])
    more = f"\n    | … ({len(lines) - 8} more lines)" if len(lines) > 8 else ""
    return f"cell {index + 1} of {len(nb.cells)} ({cell.cell_type}, {prompt}):\n{shown}{more}"


def execute(spec):
    import nbformat
    from jupyter_client.kernelspec import NoSuchKernel
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    cwd = os.path.abspath(spec["cwd"])
    kernel = spec["kernel"]
    timeout = spec.get("timeout", 600)
    for job in spec["jobs"]:
        name = os.path.relpath(job["input"])
        nb = nbformat.read(job["input"], as_version=4)
        current = {"index": None}

        def on_cell_execute(cell, cell_index, **_):
            current["index"] = cell_index

        started = time.time()
        client = NotebookClient(
            nb,
            kernel_name=kernel,
            timeout=timeout,
            startup_timeout=120,
            resources={"metadata": {"path": cwd}},
            on_cell_execute=on_cell_execute,
        )
        try:
            client.execute()  # a new kernel for this notebook, shut down when it is done
        except NoSuchKernel:
            fail(
                f'export: there is no Jupyter kernel "{kernel}" for {name}: '
                "run 'bash scripts/setup.sh' to register it."
            )
        except CellExecutionError as error:
            index = current["index"]
            where = describe_cell(nb, index) if index is not None else "a cell"
            said = cell_error_text(nb.cells[index]) if index is not None else ""
            said = said or (f"{error.ename}: {error.evalue}" if error.ename else str(error))
            fail(f"export: {name} failed at {where}\n  the kernel said:\n{indent(said)}")
        except CellTimeoutError:
            index = current["index"]
            fail(f"export: {name} timed out after {timeout} s at {describe_cell(nb, index)}")
        except DeadKernelError as error:
            index = current["index"]
            where = describe_cell(nb, index) if index is not None else "start-up"
            fail(f"export: the kernel died while running {name}, at {where}: {error}")
        nbformat.write(nb, job["output"])
        say(f"export: ran {name} in {time.time() - started:.1f} s")


def indent(text):
    return "\n".join(f"    {line}" for line in text.splitlines())


def convert(spec):
    import nbformat
    from nbconvert import HTMLExporter, SlidesExporter

    template_dir = os.path.abspath(spec["template_dir"])
    for job in spec["jobs"]:
        nb = nbformat.read(job["input"], as_version=4)
        exporter_class = SlidesExporter if job.get("slides") else HTMLExporter
        exporter = exporter_class(template_name=job["template"], extra_template_basedirs=[template_dir])
        resources = {"metadata": {"name": job["title"]}}
        body, _ = exporter.from_notebook_node(nb, resources=resources)
        with open(job["output"], "w", encoding="utf-8") as f:
            f.write(body)


def main(argv):
    if len(argv) != 3 or argv[1] not in ("execute", "convert"):
        fail("usage: python scripts/nbexec.py execute|convert JOBS.json")
    with open(argv[2], encoding="utf-8") as f:
        spec = json.load(f)
    (execute if argv[1] == "execute" else convert)(spec)


if __name__ == "__main__":
    main(sys.argv)
