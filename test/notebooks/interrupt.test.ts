// Kernel → Interrupt stops a long training run within a second, and the kernel keeps the variables
// of earlier cells — through the Jupyter protocol, as JupyterLab's menu sends it (interrupt.py).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, it } from "node:test";
import { ROOT } from "../helpers";
import { PYTHON } from "./run";

describe("Kernel → Interrupt", { timeout: 180_000 }, () => {
  it("stops a train() of 2e8 steps within 1 s; the next cell still sees the earlier cells' variables", () => {
    const run = spawnSync(PYTHON, [path.join(__dirname, "interrupt.py"), path.join(ROOT, "notebooks")], {
      encoding: "utf8",
      timeout: 150_000,
    });
    assert.equal(run.status, 0, run.stderr);
    const r = JSON.parse(run.stdout.trim().split("\n").pop()!) as Record<string, string | number>;
    assert.equal(r.first_status, "ok", String(r.first_stderr));
    assert.equal(r.first, "kept 42\n");
    assert.equal(r.reply_status, "error", "the interrupted cell ends with an error reply");
    assert.ok((r.stopped_after_s as number) < 1, `the cell stopped ${r.stopped_after_s} s after the interrupt`);
    assert.equal(r.after_status, "ok", String(r.after_stderr));
    assert.equal(r.after_stdout, "still here 42\n");
  });
});
