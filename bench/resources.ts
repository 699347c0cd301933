// Part: bounded resources (issue 12), reported, never asserted. train()'s speed per recording mode on
// lesson 4's data; the JSON size of the figures that grow with a run, at 1e3…1e6 steps; and the
// kernel's resident memory after each lesson and after the big experiments a learner may try
// (bench/fixtures/big-runs.ipynb: 1e7 steps recorded per epoch, 1e6-step figures sent with show()).
import path from "node:path";
import { gradientDescent, train } from "../src";
import { lossCurvesFigure, lossSurfaceFigure, stepThroughFigure, trainingFigure, type Figure } from "../src/figures";
import { lessonStart } from "../src/lessons";
import { FIGURE_BUDGET_BYTES } from "../src/math/limits";
import { lessonNotebooks } from "../scripts/lessons";
import { lastJsonLine, PYTHON, requireFile, ROOT, runCommand, type BenchOptions } from "./context";
import { fmtBytes, fmtCount, fmtMs, median, row, verdict, type PartResult, type Row } from "./report";
import type { Recording } from "../src/math/train";
import { Workers } from "./worker";

const PART = "resources";
/** Steps per timed train() run, whatever it records. */
const STEPS = 1_000_000;
const WARM_UPS = 3;
const RUN_LENGTHS = [1e3, 1e4, 1e5, 1e6];
const TARGET_RSS = 400e6;
const BIG_RUNS = path.join("bench", "fixtures", "big-runs.ipynb");

/** The recording modes of train(), as a learner writes them. */
const MODES: { label: string; record: Recording }[] = [
  { label: "every step (the default)", record: "steps" },
  { label: "record: { every: 100 }", record: { every: 100 } },
  { label: 'record: "epochs"', record: "epochs" },
];

/** What bench/nbprofile.py reports that this part reads. */
interface ProfiledRun {
  total: number;
  rssBytes: number | null;
  peakRssBytes: number | null;
  cells: { stdout: string }[];
}

async function profile(notebook: string): Promise<ProfiledRun> {
  const out = await runCommand(
    "resourcesPart",
    PYTHON,
    ["bench/nbprofile.py", notebook, "--kernel", "backprop-lab", "--cwd", path.join(ROOT, "notebooks")],
    { timeoutMs: 15 * 60_000 },
  );
  return lastJsonLine<ProfiledRun>("resourcesPart", out);
}

/** Runs the resources part. */
export async function resourcesPart(opts: BenchOptions): Promise<PartResult> {
  requireFile("resourcesPart", "the project's Python (run npm run setup)", PYTHON);
  requireFile("resourcesPart", "the big-runs notebook", path.join(ROOT, BIG_RUNS));
  const rows: Row[] = [];
  const notes: string[] = [];
  const start = lessonStart();

  // train() per recording mode, each in fresh compiled workers, interleaved rounds.
  const work = { ...start, lr: 0.01, epochs: STEPS / start.X.length };
  const rates = new Map<string, number[]>(MODES.map((m) => [m.label, []]));
  const pool = new Workers();
  try {
    for (let round = 0; round < opts.reps; round++) {
      for (const m of MODES) {
        const t = await pool.timeFresh(m.label, "train", { ...work, record: m.record }, WARM_UPS);
        rates.get(m.label)!.push(STEPS / (t.ms / 1000));
      }
    }
  } finally {
    await pool.close();
  }
  const everyStep = rates.get(MODES[0].label)!;
  for (const m of MODES) {
    const r = rates.get(m.label)!;
    rows.push(
      row(PART, `train() on lesson 4's data, ${fmtCount(STEPS)} steps, ${m.label}`, {
        value: `${fmtCount(median(r))} steps/s`,
        ...(m === MODES[0]
          ? {}
          : {
              baseline: `${fmtCount(median(everyStep))} steps/s`,
              ratio: `${median(r.map((v, i) => v / everyStep[i])).toFixed(2)}×`,
            }),
      }),
    );
  }

  // Figure sizes: the figures that grow with the run, built from runs of 1e3…1e6 steps.
  const points = { X: start.X, Y: start.Y };
  const builders: Record<string, (h: ReturnType<typeof train>) => Figure> = {
    trainingFigure: (h) => trainingFigure(points, h),
    stepThroughFigure: (h) => stepThroughFigure(points, h),
    lossCurvesFigure: (h) => lossCurvesFigure(h),
    lossSurfaceFigure: (h) =>
      lossSurfaceFigure(points, {
        sgd: h,
        gd: gradientDescent({ X: start.X, Y: start.Y, w0: start.w0, b0: start.b0, lr: 1, steps: 10 }),
      }),
  };
  const sizes = new Map<string, number[]>(Object.keys(builders).map((n) => [n, []]));
  const buildMs = new Map<string, number>();
  for (const steps of RUN_LENGTHS) {
    const history = train({ ...start, lr: 0.01, epochs: steps / start.X.length });
    for (const [name, build] of Object.entries(builders)) {
      const t0 = performance.now();
      const json = JSON.stringify(build(history));
      if (steps === RUN_LENGTHS[RUN_LENGTHS.length - 1]) buildMs.set(name, performance.now() - t0);
      sizes.get(name)!.push(json.length);
    }
  }
  for (const [name, s] of sizes) {
    const largest = Math.max(...s);
    rows.push(
      row(PART, `${name} JSON at ${RUN_LENGTHS.map((n) => fmtCount(n)).join(" / ")} steps`, {
        value: s.map(fmtBytes).join(" / "),
        target: `≤ ${fmtBytes(FIGURE_BUDGET_BYTES)}`,
        status: verdict(largest <= FIGURE_BUDGET_BYTES),
      }),
    );
  }
  notes.push(
    `Resources: train() timed as the training part times it (compiled as the kernel compiles src/, a fresh worker per ` +
      `run, ${WARM_UPS} warm-ups, ${opts.reps} rounds, medians; ratios paired by round) on lesson 4's data (lessonStart(): ` +
      `100 samples, seed 2023, lr 0.01). Figures built in the benchmark's process from runs recording every step; ` +
      `building and serialising each at 1e6 steps took ${[...buildMs].map(([n, ms]) => `${n} ${fmtMs(ms)}`).join(", ")}.`,
  );

  // Kernel memory: each lesson, then the big runs, each in a fresh kernel.
  for (const lesson of lessonNotebooks()) {
    const file = path.relative(ROOT, lesson);
    const run = await profile(file);
    rows.push(rssRow(`kernel RSS after running ${file}`, run));
  }
  const big = await profile(BIG_RUNS);
  rows.push(rssRow(`kernel RSS after the big runs (${BIG_RUNS})`, big));
  const marks = JSON.parse(big.cells[big.cells.length - 1].stdout) as [string, number][];
  notes.push(
    `Kernel memory: resident set size of the kernel process (/proc/<pid>/status, VmRSS; its peak is VmHWM) after the ` +
      `last cell, each notebook in a fresh kernel. In the big-runs notebook, after each cell: ` +
      marks.map(([what, rss]) => `${what} ${fmtBytes(rss)}`).join("; ") +
      ".",
  );
  return { rows, notes };
}

function rssRow(measurement: string, run: ProfiledRun): Row {
  if (run.rssBytes === null)
    return row(PART, measurement, { value: "not measured: no /proc on this system", status: "not measured" });
  return row(PART, measurement, {
    value: `${fmtBytes(run.rssBytes)} (peak ${fmtBytes(run.peakRssBytes ?? run.rssBytes)})`,
    target: `≤ ${fmtBytes(TARGET_RSS)}`,
    status: verdict(run.rssBytes <= TARGET_RSS),
  });
}
