"""Runs and renders backprop-lab's notebooks for `npm run export` (scripts/export.ts calls this).

    python scripts/nbexec.py execute JOBS.json   run each notebook in a fresh "backprop-lab" kernel
    python scripts/nbexec.py convert JOBS.json   render notebooks to finished offline pages

JOBS.json for execute: {"cwd": DIR, "kernel": NAME, "timeout": SECONDS, "jobs": [{"input", "output", "cwd"?}]}
JOBS.json for convert: {"template_dir": DIR, "jobs": [{"input", "output", "name", "slides", "title", "nav",
                        "lang", "links"}]}

Each notebook runs in its own folder (a job's "cwd", else the spec's), as JupyterLab runs it.

convert renders through nbconvert's own HTMLExporter and SlidesExporter with the templates in
export/, exactly as JupyterLab's export menu and `jupyter nbconvert` do in the project's
environment (export/python/backprop_lab_export.py runs the steps in TypeScript), but strictly: a
formula KaTeX cannot read or a page that would fetch a file stops the export.

A cell that fails stops everything with exit status 1 and a message naming the notebook, the cell
and the kernel's own error text. tslab reports TypeScript errors on the stderr stream, not as an
"error" output, so that stream is what the message quotes.
"""

import json
import os
import sys
import time


def fail(message):
    print(message, file=sys.stderr, flush=True)
    sys.exit(1)


def say(message):
    print(message, file=sys.stderr, flush=True)


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
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    # The same runner the tests use, so the export runs a notebook exactly as they do.
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from nbrun import run

    cwd = os.path.abspath(spec["cwd"])
    kernel = spec["kernel"]
    timeout = spec.get("timeout", 600)
    for job in spec["jobs"]:
        name = os.path.relpath(job["input"])
        started = time.time()
        try:
            nb, report = run(job["input"], timeout=timeout, cwd=os.path.abspath(job.get("cwd", cwd)), kernel=kernel)
        except NoSuchKernel:
            fail(
                f'export: there is no Jupyter kernel "{kernel}" for {name}: '
                "run 'bash scripts/setup.sh' to register it."
            )
        except CellTimeoutError as error:
            fail(f"export: {name} timed out after {timeout} s: {error}")
        except DeadKernelError as error:
            fail(f"export: the kernel died while running {name}: {error}")
        if report["errors"]:
            error = report["errors"][0]
            fail(f"export: {name} failed at {describe_cell(nb, error['cell'])}\n  the kernel said:\n{indent(error['error'])}")
        nbformat.write(nb, job["output"])
        say(f"export: ran {name} in {time.time() - started:.1f} s")


def indent(text):
    return "\n".join(f"    {line}" for line in text.splitlines())


def convert(spec):
    import nbformat
    from nbconvert import HTMLExporter, SlidesExporter
    from traitlets.config import Config

    template_dir = os.path.abspath(spec["template_dir"])
    # The templates' module, importable here even where setup has not put it on sys.path.
    sys.path.insert(0, os.path.join(template_dir, "python"))
    from backprop_lab_export import ExportError, jupyter_config

    # The config setup writes for JupyterLab and `jupyter nbconvert`: one way to a page.
    config = Config(jupyter_config())
    config.HTMLExporter.extra_template_basedirs = [template_dir]
    for job in spec["jobs"]:
        nb = nbformat.read(job["input"], as_version=4)
        exporter = (SlidesExporter if job.get("slides") else HTMLExporter)(config=config)
        resources = {
            "metadata": {"name": job["name"]},
            "backprop_lab": {
                "strict": True,
                "nav": job.get("nav", ""),
                "links": job.get("links", {}),
                "lang": job.get("lang", ""),
            },
        }
        nb.metadata.setdefault("title", job["title"])
        try:
            body, _ = exporter.from_notebook_node(nb, resources=resources)
        except ExportError as error:
            fail(str(error))
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
