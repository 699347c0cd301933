// Part 2, notebook execution: every notebooks/*.ipynb in a fresh backprop-lab (tslab) kernel against
// the blog's complete program (reference/blog_numpy.py: data, classes, training, and the training
// figure with a curve per step, as 전체 코드 draws it) run as a one-cell Python notebook, both
// executed by nbclient the same way (bench/nbprofile.py), in interleaved rounds.
// bench/fixtures/probe.ipynb breaks tslab's time down: kernel start, first compile, a trivial cell
// before and after importing src/, the imports, a chart.
import path from "node:path";
import { lessonNotebooks } from "../scripts/lessons";
import { lastJsonLine, PYTHON, REFERENCE, requireFile, ROOT, runCommand, type BenchOptions } from "./context";
import { fmtBytes, fmtMs, fmtRatio, median, row, verdict, type PartResult, type Row } from "./report";

const PART = "notebooks";
const TARGET = 1.0;
const PROBE = path.join("bench", "fixtures", "probe.ipynb");

/** What bench/nbprofile.py reports for one executed notebook (seconds). */
interface NotebookRun {
  notebook: string;
  kernel: string;
  total: number;
  launch: number;
  ready: number;
  kernelInfo: number;
  cells: { index: number; seconds: number; first: string; payload: Record<string, number> }[];
  cellsTotal: number;
  shutdown: number;
}

function execute(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<NotebookRun> {
  const cwd = path.join(ROOT, "notebooks");
  return runCommand("notebooksPart", PYTHON, ["bench/nbprofile.py", ...args, "--cwd", cwd], {
    timeoutMs: 15 * 60_000,
    env,
  }).then((out) => lastJsonLine<NotebookRun>("notebooksPart", out));
}

/** The kernel as plain tslab starts it, without scripts/kernel.js's speed-ups (see that file). */
const PLAIN_TSLAB = { ...process.env, BACKPROP_LAB_PLAIN_KERNEL: "1" };

const payloadOf = (run: NotebookRun) => {
  const sizes: Record<string, number> = {};
  for (const cell of run.cells)
    for (const [mime, n] of Object.entries(cell.payload)) sizes[mime] = (sizes[mime] ?? 0) + n;
  return sizes;
};

const describePayload = (sizes: Record<string, number>) =>
  Object.entries(sizes)
    .sort((a, b) => b[1] - a[1])
    .map(([mime, n]) => `${mime} ${fmtBytes(n)}`)
    .join(", ") || "none";

/** One notebook's time, split: kernel start, first code cell, the other cells (slowest named), shutdown. */
function breakdown(runs: NotebookRun[]): string {
  const m = (f: (r: NotebookRun) => number) => fmtMs(1000 * median(runs.map(f)));
  const cells = runs[0].cells;
  const slowest = cells
    .map((c, i) => ({ first: c.first, seconds: median(runs.map((r) => r.cells[i]?.seconds ?? NaN)) }))
    .sort((a, b) => b.seconds - a.seconds)
    .slice(0, 3)
    .map((c) => `\`${c.first}\` ${fmtMs(1000 * c.seconds)}`)
    .join(", ");
  return (
    `kernel start → kernel_info ${m((r) => r.launch + r.ready)}, first code cell ${m((r) => r.cells[0]?.seconds ?? 0)}, ` +
    `all ${cells.length} code cells ${m((r) => r.cellsTotal)} (slowest: ${slowest}), shutdown ${m((r) => r.shutdown)}; ` +
    `outputs ${describePayload(payloadOf(runs[0]))}`
  );
}

/** Runs the notebooks part. */
export async function notebooksPart(opts: BenchOptions): Promise<PartResult> {
  requireFile("notebooksPart", "the project's Python (run npm run setup)", PYTHON);
  requireFile("notebooksPart", "the blog's program (the numpy reference)", REFERENCE);
  requireFile("notebooksPart", "the probe notebook", path.join(ROOT, PROBE));
  // Relative to the project (as the table names them); the runner's cwd is the project.
  const targets = lessonNotebooks().map((f) => ({ file: path.relative(ROOT, f) }));
  if (targets.length === 0) throw new Error("notebooksPart: there are no lessons (notebooks/NN-name.ipynb)");
  const blogRuns: NotebookRun[] = [];
  const probeRuns: NotebookRun[] = [];
  const plainRuns: NotebookRun[] = [];
  const lessonRuns = new Map<string, NotebookRun[]>(targets.map((t) => [t.file, []]));
  const errors: string[] = [];
  for (let round = 0; round < opts.reps; round++) {
    blogRuns.push(await execute(["--blog", REFERENCE, "--kernel", "python3"]));
    for (const { file } of targets) {
      try {
        lessonRuns.get(file)!.push(await execute([file, "--kernel", "backprop-lab"]));
      } catch (error) {
        if (round === 0) errors.push(`${file}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    probeRuns.push(await execute([PROBE, "--kernel", "backprop-lab"]));
    plainRuns.push(await execute([PROBE, "--kernel", "backprop-lab"], PLAIN_TSLAB));
  }

  const blog = median(blogRuns.map((r) => r.total));
  const rows: Row[] = [
    row(PART, "blog's program (reference/blog_numpy.py) as one Python cell, python3 kernel, %matplotlib inline", {
      value: fmtMs(1000 * blog),
    }),
  ];
  for (const { file } of targets) {
    const runs = lessonRuns.get(file)!;
    const label = `${file} in a fresh backprop-lab kernel`;
    if (runs.length === 0) {
      rows.push(row(PART, label, { value: "failed to execute", target: `≤ ${TARGET}×`, status: "error" }));
      continue;
    }
    // Paired with the blog run of the same round.
    const ratio = median(runs.map((r, i) => r.total / blogRuns[i].total));
    rows.push(
      row(PART, label, {
        value: fmtMs(1000 * median(runs.map((r) => r.total))),
        baseline: fmtMs(1000 * blog),
        ratio: fmtRatio(ratio),
        target: `≤ ${TARGET.toFixed(1)}×`,
        status: verdict(ratio <= TARGET),
      }),
    );
  }
  rows.push(...probeRows(probeRuns, blogRuns, plainRuns));

  const notes = [
    `Notebooks: each executed by nbclient 0.11 (bench/nbprofile.py) in a fresh kernel with cwd notebooks/; wall time from ` +
      `kernel launch to kernel shutdown; ${opts.reps} interleaved rounds (blog, lessons, probe, probe under plain tslab), medians; ratios paired by round. ` +
      `The backprop-lab kernel is tslab started by scripts/kernel.js: sockets bound before TypeScript starts (its converter is then created while ` +
      `jupyter_client settles, so kernel_info comes sooner and the first cell pays the rest), TypeScript loaded from a V8 code cache, and src/ run ` +
      `from the build setup made (checked against src/ at every start).`,
    `Blog notebook: ${breakdown(blogRuns)}.`,
    ...targets
      .filter((t) => lessonRuns.get(t.file)!.length > 0)
      .map((t) => `${t.file}: ${breakdown(lessonRuns.get(t.file)!)}.`),
    ...errors.map((e) => `Execution error: ${e}`),
  ];
  return { rows, notes, errors };
}

/** The probe's cells, each isolating one cost, as info rows. */
function probeRows(runs: NotebookRun[], blogRuns: NotebookRun[], plainRuns: NotebookRun[]): Row[] {
  if (runs.length === 0) return [];
  const cellOf = (set: NotebookRun[], needle: string) => {
    const i = set[0].cells.findIndex((c) => c.first.includes(needle));
    if (i < 0) throw new Error(`notebooksPart: the probe notebook has no cell containing ${JSON.stringify(needle)}`);
    return median(set.map((r) => r.cells[i].seconds));
  };
  const cell = (needle: string) => cellOf(runs, needle);
  const plain = (needle: string) => cellOf(plainRuns, needle);
  const plainImports = plain('from "./src/index') + plain('from "./src/figures') + plain('from "./src/display');
  const plainStart = median(plainRuns.map((r) => r.launch + r.ready));
  const start = median(runs.map((r) => r.launch + r.ready));
  const pyStart = median(blogRuns.map((r) => r.launch + r.ready));
  const imports = cell('from "./src/index') + cell('from "./src/figures') + cell('from "./src/display');
  const showIndex = runs[0].cells.findIndex((c) => c.first.startsWith("show("));
  const chart = showIndex >= 0 ? runs[0].cells[showIndex].payload : {};
  const r = (what: string, seconds: number, extra: Partial<Row> = {}) =>
    row(PART, `probe: ${what}`, { value: fmtMs(1000 * seconds), ...extra });
  const total = median(runs.map((x) => x.total));
  const plainTotal = median(plainRuns.map((x) => x.total));
  return [
    r("kernel start (scripts/kernel.js) → kernel_info reply (vs python3 kernel)", start, {
      baseline: fmtMs(1000 * pyStart),
      ratio: fmtRatio(start / pyStart),
    }),
    r("first cell `const probeFirst = 1;` (TypeScript compiler warm-up)", cell("probeFirst")),
    r("trivial cell before any import (tslab's per-cell cost)", cell("probeTrivial")),
    r("import ./src/index + ./src/figures + ./src/display (3 cells)", imports),
    r("  of which ./src/display (pulls in tslab/dist/jupyter)", cell('from "./src/display')),
    r("trivial cell after the imports (per-cell cost once src/ is in the program)", cell("probeAfterImports")),
    r("makeDataset + train (1000 steps)", cell("const data")),
    r(`show(trainingFigure(...)) — payload ${describePayload(chart)}`, cell("show(")),
    r("plain tslab (BACKPROP_LAB_PLAIN_KERNEL=1): kernel start → kernel_info (vs the probe's)", plainStart, {
      baseline: fmtMs(1000 * start),
      ratio: fmtRatio(plainStart / start),
    }),
    r("plain tslab: the 3 import cells, type-checking src/ in the kernel (vs the probe's)", plainImports, {
      baseline: fmtMs(1000 * imports),
      ratio: fmtRatio(plainImports / imports),
    }),
    r("plain tslab: whole probe notebook (vs the probe's)", plainTotal, {
      baseline: fmtMs(1000 * total),
      ratio: fmtRatio(plainTotal / total),
    }),
  ];
}
