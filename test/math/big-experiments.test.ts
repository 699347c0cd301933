// "Try a bigger one": the experiments a curious learner types, each run in its own process with a
// capped heap (1.5 GB, as a small hub kernel) and a time limit. Each must finish inside the caps —
// small figures, bounded memory — or refuse at once with an error that names the function, the
// argument and the value and says what to do instead. None may crash the process.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, it } from "node:test";
import { ROOT } from "../helpers";

const HEAP_MB = 1536;
/** Every figure stays under this, whatever the run (src/math/limits.ts's FIGURE_BUDGET_BYTES). */
const FIGURE_BUDGET = 2_000_000;

interface Outcome {
  /** What the snippet printed as its last line, parsed: its result, or { error } when it threw. */
  result: Record<string, unknown> & { error?: string };
  ms: number;
}

/** Runs `body` (TypeScript; `src`, `figures` and `display` are imported) in a capped child process. */
function capped(body: string, timeoutMs: number): Outcome {
  const script = `
    const src = require(${JSON.stringify(path.join(ROOT, "src"))});
    const figures = require(${JSON.stringify(path.join(ROOT, "src", "figures"))});
    const size = (fig) => JSON.stringify(fig).length;
    const data = (n, seed = 2023) => src.makeDataset({ nSamples: n, decisionBoundary: 0, direction: "pos", seed });
    let out;
    try { out = (() => { ${body} })(); } catch (e) { out = { error: String(e && e.message) }; }
    console.log(JSON.stringify(out));`;
  const started = Date.now();
  const run = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, "--import", "tsx", "-e", script], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: timeoutMs,
    maxBuffer: 16 * 1024 * 1024,
  });
  const ms = Date.now() - started;
  assert.equal(run.signal, null, `killed by ${run.signal} after ${ms} ms (time limit ${timeoutMs} ms)\n${run.stderr}`);
  assert.equal(run.status, 0, `the process died (status ${run.status}):\n${run.stderr.slice(-2000)}`);
  const last = run.stdout.trim().split("\n").pop()!;
  return { result: JSON.parse(last), ms };
}

/** Asserts a refusal: a message naming the function and the argument, that says what to do, fast. */
function refuses(outcome: Outcome, message: RegExp): void {
  assert.ok(outcome.result.error, `expected a clear error, got ${JSON.stringify(outcome.result)}`);
  assert.match(outcome.result.error!, message);
  assert.ok(outcome.ms < 20_000, `refusing took ${outcome.ms} ms`);
}

describe("big experiments finish inside the caps or refuse up front", { concurrency: 2 }, () => {
  it("train, 100 samples × 1e7 epochs (1e9 steps): refused at once, saying how long and how much memory", () => {
    refuses(
      capped("return src.train({ ...data(100), seed: 1, epochs: 1e7 });", 60_000),
      /^train: epochs × samples must be at most 2e8 \(100 samples × 1e7 epochs = 1e9 steps would take minutes, and recorded step by step ≈ \d+ GB; train fewer epochs\), got 1e9$/,
    );
  });

  it("train, 100 samples × 1e5 epochs (1e7 steps) recording every step: refused, naming the record options", () => {
    refuses(
      capped("return src.train({ ...data(100), seed: 1, epochs: 1e5 });", 60_000),
      /^train: 100 samples × 100 000 epochs = 1e7 steps would record ≈ \d+ MB of history; record at most 1 000 000 steps: pass record: \{ every: 10 \}, or record: "epochs" to keep only each epoch's last step; record, got "steps"$/,
    );
  });

  it("train, 1e8 steps with record: 'epochs' (1000 samples × 1e5 epochs): finishes in bounded memory", () => {
    const { result } = capped(
      `const h = src.train({ ...data(1000), seed: 1, epochs: 1e5, record: "epochs" });
       return { nSteps: h.nSteps, recorded: h.steps.w.length, epochs: h.epochs.length, acc: h.epochs[h.epochs.length - 1].accuracy,
                rss: process.memoryUsage().rss };`,
      240_000,
    );
    assert.deepEqual([result.nSteps, result.recorded, result.epochs], [1e8, 1e5, 1e5]);
    assert.ok((result.acc as number) > 0.95);
    assert.ok((result.rss as number) < 600e6, `resident memory ${result.rss}`);
  });

  it("makeDataset with nSamples 1e10 and linspace with 1e9 points: refused at once", () => {
    refuses(capped("return data(1e10);", 30_000), /^makeDataset: nSamples must be at most 1 000 000 \(.+\), got 1e10$/);
    refuses(
      capped("return src.linspace(0, 1, 1e9);", 30_000),
      /^linspace: n must be at most 1 000 000 \(.+\), got 1e9$/,
    );
    refuses(
      capped("return src.gradientDescent({ ...data(100), w0: 0, b0: 0, lr: 1, steps: 1e9 });", 30_000),
      /^gradientDescent: steps must be at most 1 000 000 \(.+\), got 1e9$/,
    );
  });

  it("the 1-D figures of a 1000-epoch run (1e5 steps) and of a 1e6-step run stay under 2 MB each", () => {
    const { result } = capped(
      `const d = data(100);
       const out = {};
       for (const epochs of [1000, 10000]) {
         const h = src.train({ ...d, seed: 1, epochs });
         const gd = src.gradientDescent({ ...d, w0: h.w0, b0: h.b0, lr: 1, steps: 100000 });
         out[epochs] = {
           training: size(figures.trainingFigure(d, h)),
           stepThrough: size(figures.stepThroughFigure(d, h)),
           lossCurves: size(figures.lossCurvesFigure(h)),
           lossSurface: size(figures.lossSurfaceFigure(d, { sgd: h, gd })),
           parameterPath: size(figures.parameterPathFigure([{ name: "a", color: "red", history: h }])),
           epochComparison: size(figures.epochComparisonFigure([{ name: "a", color: "red", history: h }])),
         };
       }
       out.dataset = size(figures.datasetFigure(data(1000000)));
       return out;`,
      240_000,
    );
    for (const [run, sizes] of Object.entries(result)) {
      const all = typeof sizes === "number" ? { [run]: sizes } : (sizes as Record<string, number>);
      for (const [name, bytes] of Object.entries(all))
        assert.ok(bytes < FIGURE_BUDGET, `${run} ${name}: ${bytes} bytes`);
    }
  });

  it("the network: too many epochs refused; a 1e6-step run's charts stay under 2 MB", () => {
    refuses(
      capped(
        "const d = src.makeXorDataset({ nSamples: 200, seed: 1 }); return src.trainNetwork({ ...d, params: src.initNetwork({ hidden: 4, seed: 1 }), lr: 0.5, epochs: 1e7 });",
        30_000,
      ),
      /^trainNetwork: epochs × samples must be at most 2e8 \(.+\), got 2e9$/,
    );
    const { result } = capped(
      `const d = src.makeXorDataset({ nSamples: 200, seed: 1 });
       const run = src.trainNetwork({ ...d, params: src.initNetwork({ hidden: 8, seed: 1 }), lr: 0.5, epochs: 5000, record: "epochs" });
       return { steps: run.nSteps, surface: size(figures.decisionSurfaceFigure(d, run.params)),
                over: size(figures.surfaceStepThroughFigure(d, run)), units: size(figures.hiddenUnitsFigure(d, run.params)),
                epochs: size(figures.epochComparisonFigure([{ name: "a", color: "red", history: run }])) };`,
      240_000,
    );
    assert.equal(result.steps, 1e6);
    for (const name of ["surface", "over", "units", "epochs"]) {
      assert.ok((result[name] as number) < FIGURE_BUDGET, `${name}: ${result[name]} bytes`);
    }
  });

  it("show refuses a hand-made 20 MB figure before sending it, and says how to make it small", () => {
    refuses(
      capped(
        `const { show } = require(${JSON.stringify(path.join(ROOT, "src", "display"))});
         const x = Array.from({ length: 2e6 }, (_, i) => i / 7);
         return show({ data: [{ type: "scatter", x, y: x }], layout: {} });`,
        60_000,
      ),
      /^show: figure must be at most 5 000 000 bytes of JSON \(thin its data .+\); its size, got \d+$/,
    );
  });
});
