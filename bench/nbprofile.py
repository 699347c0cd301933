"""Executes one notebook in a fresh kernel with nbclient, as `npm test` and the export do, and says
where the wall time goes: kernel start until its kernel_info reply, each code cell, shutdown, the
size of what each cell sent back, and the kernel process's CPU time and resident memory after the last
cell.

Usage: python bench/nbprofile.py --kernel NAME --cwd DIR (NOTEBOOK.ipynb | --blog REFERENCE.py)
--blog builds the blog's complete program from the project's numpy reference (reference/blog_numpy.py:
data, classes, training, the training figure) as a one-cell notebook with `%matplotlib inline`.
Prints one JSON line.
"""

import argparse
import asyncio
import json
import os
import sys
import time

import nbformat
from jupyter_core.utils import ensure_async
from nbclient import NotebookClient

# Import the sibling helper without leaving a __pycache__ folder in bench/.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from blog_source import notebook_source  # noqa: E402


def blog_notebook(reference):
    """The blog's complete program as a reader would paste it into one Jupyter cell."""
    cell = nbformat.v4.new_code_cell("%matplotlib inline\n" + notebook_source(reference))
    return nbformat.v4.new_notebook(
        cells=[cell],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}},
    )


def payload_bytes(outputs):
    """Bytes per MIME type (JSON-encoded as on the wire) of a cell's outputs; streams as 'stream'."""
    sizes = {}
    for out in outputs:
        if out.get("output_type") == "stream":
            sizes["stream"] = sizes.get("stream", 0) + len(out.get("text", "").encode())
        for mime, value in out.get("data", {}).items():
            text = value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))
            sizes[mime] = sizes.get(mime, 0) + len(text.encode())
    return sizes


def stdout_text(outputs):
    """What a cell printed to stdout."""
    return "".join(out.get("text", "") for out in outputs if out.get("name") == "stdout")


def kernel_usage(km):
    """The kernel process's CPU time so far (s) and resident memory now and at its peak (bytes), from /proc;
    None where there is none."""
    pid = getattr(km.provisioner, "pid", None)
    memory = {"rssBytes": None, "peakRssBytes": None, "cpuSeconds": None}
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as f:
            # utime and stime (all the process's threads), after the command name in parentheses
            fields = f.read().rsplit(")", 1)[1].split()
        memory["cpuSeconds"] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        with open(f"/proc/{pid}/status", encoding="utf-8") as f:
            fields = dict(line.split(":", 1) for line in f if ":" in line)
        memory["rssBytes"] = int(fields["VmRSS"].split()[0]) * 1024
        memory["peakRssBytes"] = int(fields["VmHWM"].split()[0]) * 1024
    except (OSError, KeyError, ValueError, TypeError):
        pass  # not Linux, or the kernel is gone
    return memory


async def execute(nb, kernel, cwd):
    """Runs every code cell of nb in a fresh `kernel` started in cwd, timing each phase (seconds)."""
    client = NotebookClient(nb, kernel_name=kernel, timeout=600, resources={"metadata": {"path": cwd}})
    t0 = time.perf_counter()
    client.km = client.create_kernel_manager()
    await client.async_start_new_kernel()
    launched = time.perf_counter()
    # Channels up, then kernel_info requests until the kernel answers: the kernel is ready.
    await client.async_start_new_kernel_client()
    ready = time.perf_counter()
    cells = []
    try:
        # nbclient's execute() asks kernel_info once more before the first cell; so do we.
        info = await client.async_wait_for_reply(await ensure_async(client.kc.kernel_info()))
        kernel_info = time.perf_counter()
        language = (info or {}).get("content", {}).get("language_info", {}).get("name", "?")
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            c0 = time.perf_counter()
            await client.async_execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
            first = next((line for line in cell.source.splitlines() if line.strip()), "")
            cells.append(
                {
                    "index": index,
                    "seconds": time.perf_counter() - c0,
                    "first": first[:80],
                    "payload": payload_bytes(cell.get("outputs", [])),
                    "stdout": stdout_text(cell.get("outputs", []))[:4000],
                }
            )
        done = time.perf_counter()
        memory = kernel_usage(client.km)
    finally:
        await client._async_cleanup_kernel()
    end = time.perf_counter()
    return {
        "kernel": kernel,
        "language": language,
        "total": end - t0,
        "launch": launched - t0,
        "ready": ready - launched,
        "kernelInfo": kernel_info - ready,
        "cells": cells,
        "cellsTotal": done - kernel_info,
        "shutdown": end - done,
        **memory,
    }


def main():
    """Command line: run one notebook (or the blog's program) and print its timings as JSON."""
    parser = argparse.ArgumentParser()
    parser.add_argument("notebook", nargs="?")
    parser.add_argument("--blog", metavar="REFERENCE.py")
    parser.add_argument("--kernel", required=True)
    parser.add_argument("--cwd", required=True)
    args = parser.parse_args()
    if bool(args.notebook) == bool(args.blog):
        parser.error("give a notebook or --blog REFERENCE.py, not both")
    nb = blog_notebook(args.blog) if args.blog else nbformat.read(args.notebook, as_version=4)
    result = asyncio.run(execute(nb, args.kernel, os.path.abspath(args.cwd)))
    result["notebook"] = args.notebook or "blog"
    print(json.dumps(result))


if __name__ == "__main__":
    main()
