"""Kernel → Interrupt, through the Jupyter protocol: a long train() stops, the kernel keeps its variables.

Starts the backprop-lab kernel with jupyter_client (as JupyterLab does), defines a variable, starts
a training run that would take tens of seconds, sends the interrupt JupyterLab's menu sends (SIGINT)
after a moment, and prints one JSON line: how long the interrupt took to stop the cell, the cell's
reply, and what a cell after it printed. Usage: python interrupt.py NOTEBOOK_DIR
"""
import json
import sys
import time

from jupyter_client.manager import start_new_kernel


def run(kc, code, timeout=120):
    """Executes code; returns (reply content, stdout text, stderr text, error output)."""
    msg_id = kc.execute(code)
    out, err, error = [], [], None
    while True:
        msg = kc.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind == "stream":
            (out if content["name"] == "stdout" else err).append(content["text"])
        elif kind == "error":
            error = content
        elif kind == "status" and content["execution_state"] == "idle":
            break
    reply = kc.get_shell_msg(timeout=timeout)["content"]
    return reply, "".join(out), "".join(err), error


def main():
    cwd = sys.argv[1]
    km, kc = start_new_kernel(kernel_name="backprop-lab", cwd=cwd)
    try:
        first = run(kc, 'import { makeDataset, train } from "./src";\nconst kept = 42;\nconsole.log("kept", kept);')
        long_cell = (
            'const d = makeDataset({ nSamples: 200, decisionBoundary: 0, direction: "pos", seed: 1 });\n'
            'const started = Date.now();\n'
            'const h = train({ X: d.X, Y: d.Y, seed: 1, epochs: 1000000, record: "epochs" });\n'
            'console.log("finished after", Date.now() - started, "ms");'
        )
        msg_id = kc.execute(long_cell)
        time.sleep(2.0)
        sent = time.monotonic()
        km.interrupt_kernel()
        reply = None
        while reply is None:
            msg = kc.get_shell_msg(timeout=60)
            if msg["parent_header"].get("msg_id") == msg_id:
                reply = msg["content"]
        stopped_after = time.monotonic() - sent
        # tslab drops requests that arrive within 200 ms of an error reply.
        time.sleep(0.5)
        after = run(kc, 'console.log("still here", kept);')
        print(
            json.dumps(
                {
                    "first": first[1],
                    "first_status": first[0]["status"],
                    "first_stderr": first[2],
                    "reply_status": reply["status"],
                    "stopped_after_s": round(stopped_after, 3),
                    "after_status": after[0]["status"],
                    "after_stdout": after[1],
                    "after_stderr": after[2],
                }
            )
        )
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


if __name__ == "__main__":
    main()
