// The fast kernel start (scripts/kernel.js) as a teacher meets it: with src/ compiled ahead of time a
// kernel runs the build; after an edit to src/ the next kernel runs the edit (and the build catches
// up in the background); a type error in src/ shows as plain tslab shows it and is never built around;
// and a tslab the launcher was not written for gets plain tslab, with one line on stderr saying why.
// Everything happens in throw-away copies of the project, each with its own kernelspec and build folder.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { ROOT } from "../helpers";
import { PYTHON } from "./run";

/** Runs cells (a JSON list) in one fresh kernel of the copy; per cell, what it printed and its error with traceback. */
const RUN_CELLS = `
import json, sys
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in json.loads(sys.argv[1])])
client = NotebookClient(nb, kernel_name="bpl-copy", timeout=120, resources={"metadata": {"path": sys.argv[2]}})
try:
    client.execute()
except CellExecutionError:
    pass
print(json.dumps([{
    "stdout": "".join(o.get("text", "") for o in cell.outputs if o.get("name") == "stdout"),
    "stderr": "".join(o.get("text", "") for o in cell.outputs if o.get("name") == "stderr"),
    "error": " ".join(o.get("ename", "") + ": " + o.get("evalue", "") + "\\n" + "\\n".join(o.get("traceback", []))
                      for o in cell.outputs if o.output_type == "error"),
} for cell in nb.cells]))
`;

interface CellResult {
  stdout: string;
  stderr: string;
  /** The error output (name, value, traceback), then what tslab printed to stderr (its type errors). */
  error: string;
}

/** A cell that imports src/dataset and says which files Node loaded from src/ (the build runs them as src/*.ts). */
const WHICH_SRC = (extra = "") =>
  `import { makeDataset } from "./src/math/dataset";${extra}
console.log(JSON.stringify({ X: makeDataset({ nSamples: 3, decisionBoundary: 0, direction: "pos", seed: 7 }).X,
  loaded: Object.keys(require.cache).filter((k) => /[\\/]src[\\/](math|figures|display|lessons)[\\/][^\\/]+\\.ts$/.test(k)) }));`;

/** A throw-away copy of the project (src/, scripts/kernel.js, notebooks/src, node_modules linked) with a kernelspec. */
interface ProjectCopy {
  dir: string;
  env: NodeJS.ProcessEnv;
  /** Runs cells in one fresh kernel; per cell its outputs, and what the kernel process wrote to stderr. */
  run(sources: string[], extraEnv?: NodeJS.ProcessEnv): { cells: CellResult[]; kernelStderr: string };
}

/** Copies the project; `tslabVersion` makes node_modules/tslab a folder whose package.json says that version. */
function copyProject(tslabVersion?: string): ProjectCopy {
  const dir = mkdtempSync(path.join(tmpdir(), "bpl-kernel-"));
  cpSync(path.join(ROOT, "src"), path.join(dir, "src"), { recursive: true });
  mkdirSync(path.join(dir, "scripts"));
  cpSync(path.join(ROOT, "scripts", "kernel.js"), path.join(dir, "scripts", "kernel.js"));
  cpSync(path.join(ROOT, "package-lock.json"), path.join(dir, "package-lock.json"));
  mkdirSync(path.join(dir, "notebooks"));
  symlinkSync("../src", path.join(dir, "notebooks", "src"));
  // The packages, one link each, so the copy's build cache (node_modules/.cache) is its own.
  mkdirSync(path.join(dir, "node_modules"));
  for (const entry of readdirSync(path.join(ROOT, "node_modules"))) {
    if (entry !== ".cache") symlinkSync(path.join(ROOT, "node_modules", entry), path.join(dir, "node_modules", entry));
  }
  if (tslabVersion) {
    // tslab's own files, linked, under a package.json that names another version: what an upgrade looks like.
    const real = realpathSync(path.join(ROOT, "node_modules", "tslab"));
    const tslab = path.join(dir, "node_modules", "tslab");
    rmSync(tslab);
    mkdirSync(tslab);
    for (const entry of readdirSync(real)) {
      if (entry !== "package.json") symlinkSync(path.join(real, entry), path.join(tslab, entry));
    }
    const pkg = JSON.parse(readFileSync(path.join(real, "package.json"), "utf8")) as { version: string };
    writeFileSync(path.join(tslab, "package.json"), JSON.stringify({ ...pkg, version: tslabVersion }, null, 2));
  }
  const specDir = path.join(dir, "jupyter", "kernels", "bpl-copy");
  mkdirSync(specDir, { recursive: true });
  writeFileSync(
    path.join(specDir, "kernel.json"),
    JSON.stringify({
      argv: [process.execPath, path.join(dir, "scripts", "kernel.js"), "kernel", "--config-path", "{connection_file}"],
      display_name: "backprop-lab (test copy)",
      language: "typescript",
    }),
  );
  const env = {
    ...process.env,
    JUPYTER_PATH: path.join(dir, "jupyter"),
    BACKPROP_LAB_PLAIN_KERNEL: "",
    BACKPROP_LAB_KERNEL_OFF: "",
  };
  const run = (sources: string[], extraEnv: NodeJS.ProcessEnv = {}) => {
    const r = spawnSync(PYTHON, ["-c", RUN_CELLS, JSON.stringify(sources), path.join(dir, "notebooks")], {
      encoding: "utf8",
      env: { ...env, ...extraEnv },
    });
    assert.equal(r.status, 0, `the cell runner failed:\n${r.stderr}`);
    const cells = JSON.parse(r.stdout.trim().split("\n").pop()!) as CellResult[];
    // The kernel's own stderr (outside any cell) reaches the runner's stderr.
    return { cells: cells.map((c) => ({ ...c, error: c.error + c.stderr })), kernelStderr: r.stderr };
  };
  return { dir, env, run };
}

describe("the fast kernel start (scripts/kernel.js)", { timeout: 600_000 }, () => {
  let copy: ProjectCopy;
  let dir = "";
  let copySrc = "";
  let manifestFile = "";
  let env: NodeJS.ProcessEnv = {};

  const runCells = (sources: string[], extraEnv: NodeJS.ProcessEnv = {}): CellResult[] =>
    copy.run(sources, extraEnv).cells;
  const runCell = (source: string, extraEnv: NodeJS.ProcessEnv = {}) => runCells([source], extraEnv)[0];
  const parsed = (out: { stdout: string; error: string }) => {
    assert.equal(out.error, "", "the cell should run without error");
    return JSON.parse(out.stdout) as { X: number[]; loaded: string[] };
  };
  const build = () => {
    // From another folder than the project's: the build must still find the project's @types.
    const r = spawnSync(process.execPath, [path.join(dir, "scripts", "kernel.js"), "--build"], {
      encoding: "utf8",
      env,
      cwd: tmpdir(),
    });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.trim();
  };
  const manifest = () =>
    existsSync(manifestFile)
      ? (JSON.parse(readFileSync(manifestFile, "utf8")) as { ok: boolean; files: Record<string, string> })
      : null;
  /** Waits for the kernel's background build to record src/math/dataset.ts as it is now (nothing else builds). */
  const waitForBuildOfDataset = async () => {
    const want = createHash("sha1")
      .update(readFileSync(path.join(copySrc, "math", "dataset.ts")))
      .digest("hex");
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      const m = manifest();
      if (m?.files["math/dataset.ts"] === want) return m;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error("the kernel's background build never recorded the edited src/math/dataset.ts");
  };

  before(() => {
    copy = copyProject();
    ({ dir, env } = copy);
    copySrc = realpathSync(path.join(dir, "src"));
    manifestFile = path.join(dir, "node_modules", ".cache", "backprop-lab", "src", "manifest.json");
  });

  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("--build compiles src/ and TypeScript's code cache once, then says it is up to date", () => {
    const first = build();
    assert.match(first, /src\/ compiled \(\d+ files\)/);
    assert.match(first, /TypeScript code cache written/);
    assert.equal(manifest()?.ok, true);
    assert.equal(build(), "backprop-lab kernel: src/ build up to date");
  });

  it("a kernel with an up-to-date build runs src/ from it, silently, with the same results as plain tslab", () => {
    const { cells, kernelStderr } = copy.run([WHICH_SRC()]);
    assert.doesNotMatch(kernelStderr, /backprop-lab kernel:/, "the version gate passes without a word");
    const fast = parsed(cells[0]);
    assert.ok(fast.loaded.includes(path.join(copySrc, "math", "dataset.ts")), `loaded: ${fast.loaded.join(", ")}`);
    const plain = parsed(runCell(WHICH_SRC(), { BACKPROP_LAB_PLAIN_KERNEL: "1" }));
    assert.deepEqual(plain.loaded, [], "plain tslab compiles src/ itself");
    assert.deepEqual(fast.X, plain.X);
  });

  it("a running kernel keeps working when another kernel's build replaces or removes the build folder", () => {
    const buildDir = path.dirname(manifestFile);
    const [first, removing, later] = runCells([
      'import { makeRng } from "./src/math/random";\nconsole.log(makeRng(1).uniform() < 1);',
      `require("fs").rmSync(${JSON.stringify(buildDir)}, { recursive: true });`,
      WHICH_SRC(),
    ]);
    assert.equal(first.stdout, "true\n");
    assert.equal(removing.error, "");
    assert.equal(later.error, "", "the kernel read its build when it started");
    assert.ok(parsed(later).loaded.includes(path.join(copySrc, "math", "dataset.ts")));
    assert.match(build(), /src\/ compiled/);
  });

  it("a build with a file missing is not used, and the kernel rebuilds it in the background", async () => {
    const layers = path.join(path.dirname(manifestFile), "math", "layers.js");
    rmSync(layers);
    assert.deepEqual(parsed(runCell(WHICH_SRC())).loaded, [], "tslab compiles src/ itself meanwhile");
    const deadline = Date.now() + 120_000;
    while (!(existsSync(layers) && manifest()?.ok) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    assert.ok(existsSync(layers), "the background build put the missing file back");
    assert.ok(parsed(runCell(WHICH_SRC())).loaded.includes(path.join(copySrc, "math", "dataset.ts")));
  });

  it("an error thrown inside src/ points at the line of src/*.ts that threw (the build has source maps)", () => {
    const out = runCell(
      'import { makeDataset } from "./src/math/dataset";\n' +
        'makeDataset({ nSamples: -3, decisionBoundary: 0, direction: "pos" });',
    );
    assert.match(out.error, /nSamples must be a positive integer, got -3/);
    const at = /src[\\/]math[\\/]validate\.ts:(\d+):\d+/.exec(out.error);
    assert.ok(at, `the traceback should name src/math/validate.ts with a line: ${out.error}`);
    const line = readFileSync(path.join(copySrc, "math", "validate.ts"), "utf8").split("\n")[Number(at[1]) - 1];
    assert.match(line, /throw|new \w*Error/, `line ${at[1]} of src/math/validate.ts is ${JSON.stringify(line)}`);
  });

  it("a cell run after src/ changed under a running kernel says so, once, and how to run the edit", () => {
    const file = path.join(copySrc, "math", "dataset.ts");
    const [before, editing, after, again] = runCells([
      WHICH_SRC(),
      `require("fs").appendFileSync(${JSON.stringify(file)}, "\\n// edited while the kernel runs\\n");`,
      'console.log("next cell");',
      'console.log("and the one after");',
    ]);
    assert.equal(before.stderr, "");
    assert.equal(editing.stderr, "", "the check runs before a cell, not after");
    assert.match(
      after.stderr,
      /^backprop-lab: src\/math\/dataset\.ts changed after this kernel started; cells may still run the old code\. Restart the kernel/,
    );
    assert.equal(after.stdout, "next cell\n");
    assert.equal(again.stderr, "", "told once per change");
  });

  it("after an edit to src/, the next kernel runs the edit, and the build catches up in the background", async () => {
    appendFileSync(path.join(copySrc, "math", "dataset.ts"), "\nexport const EDITED_BY_TEACHER = 42;\n");
    const cell = WHICH_SRC(
      '\nimport { EDITED_BY_TEACHER } from "./src/math/dataset";\nconsole.log(EDITED_BY_TEACHER);',
    );
    const stale = runCell(cell);
    assert.equal(stale.error, "");
    assert.match(stale.stdout, /^42$/m, "the edit is there without any build step");
    assert.ok(!stale.stdout.includes(path.join(copySrc, "math", "dataset.ts")), "the stale build is not used");
    assert.equal((await waitForBuildOfDataset()).ok, true);
    const rebuilt = runCell(cell);
    assert.match(rebuilt.stdout, /^42$/m);
    assert.ok(rebuilt.stdout.includes(path.join(copySrc, "math", "dataset.ts")), "the new build is used");
  });

  it("a type error in src/ shows in the cell as plain tslab shows it, and a broken build is never used", async () => {
    appendFileSync(path.join(copySrc, "math", "dataset.ts"), '\nexport const BROKEN: number = "not a number";\n');
    const first = runCell(WHICH_SRC());
    assert.match(first.error, /dataset\.ts.*Type 'string' is not assignable to type 'number'/s);
    assert.equal((await waitForBuildOfDataset()).ok, false);
    const again = runCell(WHICH_SRC());
    assert.match(again.error, /Type 'string' is not assignable to type 'number'/);
    const plain = runCell(WHICH_SRC(), { BACKPROP_LAB_PLAIN_KERNEL: "1" });
    assert.match(plain.error, /Type 'string' is not assignable to type 'number'/);
  });
});

describe("a tslab the launcher was not written for (scripts/kernel.js's version gate)", { timeout: 300_000 }, () => {
  let copy: ProjectCopy;
  before(() => {
    copy = copyProject("1.0.23");
  });
  after(() => {
    if (copy) rmSync(copy.dir, { recursive: true, force: true });
  });

  /** The launcher's lines on the kernel's stderr. */
  const launcherLines = (stderr: string) => stderr.split("\n").filter((l) => l.startsWith("backprop-lab kernel:"));

  it("starts plain tslab, says why in one line on stderr, and runs cells", () => {
    const { cells, kernelStderr } = copy.run([WHICH_SRC()]);
    assert.deepEqual(launcherLines(kernelStderr), [
      "backprop-lab kernel: starting plain tslab: tslab 1.0.23 is installed, this launcher knows 1.0.22",
    ]);
    const out = JSON.parse(cells[0].stdout) as { X: number[]; loaded: string[] };
    assert.equal(cells[0].error, "");
    assert.equal(out.X.length, 3);
    assert.deepEqual(out.loaded, [], "plain tslab compiles src/ itself");
  });

  it("--build builds nothing and says why, with a failing exit code setup reports", () => {
    const r = spawnSync(process.execPath, [path.join(copy.dir, "scripts", "kernel.js"), "--build"], {
      encoding: "utf8",
      env: copy.env,
    });
    assert.equal(r.status, 1);
    assert.equal(r.stdout, "");
    assert.equal(r.stderr, "backprop-lab kernel: no build: tslab 1.0.23 is installed, this launcher knows 1.0.22\n");
    assert.ok(!existsSync(path.join(copy.dir, "node_modules", ".cache", "backprop-lab", "src")));
  });

  it("an error while checking (a speed-up misspelt in BACKPROP_LAB_KERNEL_OFF) also starts plain tslab, in one line", () => {
    const tslab = path.join(copy.dir, "node_modules", "tslab");
    rmSync(tslab, { recursive: true });
    symlinkSync(path.join(ROOT, "node_modules", "tslab"), tslab);
    const { cells, kernelStderr } = copy.run(['console.log("still a kernel");'], {
      BACKPROP_LAB_KERNEL_OFF: "bind-frist",
    });
    assert.deepEqual(launcherLines(kernelStderr), [
      "backprop-lab kernel: starting plain tslab: BACKPROP_LAB_KERNEL_OFF names no speed-up: bind-frist",
    ]);
    assert.equal(cells[0].stdout, "still a kernel\n");
  });
});
