// Part 3, chart drawing: the training figure as src/figures/blog.ts builds it (the step curves in one
// trace per epoch) against the naive port (one trace per step, as the blog's ax.plot per step), drawn
// by the project's plotly.js in headless Chromium, alternately in one page, median of several draws;
// then lesson 5's step-through figure: its first draw, and how long each slider move takes.
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { stepThroughFigure, trainingFigure } from "../src/figures";
import { curveTrace, CURVE_POINTS, dataTraces, type Points } from "../src/figures/curves";
import { baseLayout, COLORS, type Figure } from "../src/figures/style";
import { textFor } from "../src/figures/text";
import { linspace, paddedRange } from "../src/math/model";
import { finalParams, train, type TrainingHistory } from "../src/math/train";
import { browserVersion, withBrowser } from "./browser";
import { BLOG_FIXTURE, requireFile, ROOT, type BenchOptions } from "./context";
import { fmtBytes, fmtMs, fmtRatio, median, row, verdict, type PartResult } from "./report";

const PART = "charts";
const TARGET_MS = 400;
const TARGET_SPEEDUP = 5;
const TARGET_SLIDER_MS = 100;
/** Slider positions visited per round, spread over the run and jumping back and forth. */
const SLIDER_MOVES = 25;

/** The plotly.js bundle the project ships (browser-only). */
export const PLOTLY_JS = path.join(ROOT, "node_modules", "plotly.js-dist-min", "plotly.min.js");

interface Fixture {
  case: { epochs: number; lr: number };
  X: number[];
  Y: (0 | 1)[];
  w0: number;
  b0: number;
}

/** The blog's run from the committed fixture (reference/blog_numpy.py's), trained with src/train.ts. */
export function fixtureTraining(): { points: Points; history: TrainingHistory } {
  const file = requireFile("fixtureTraining", "the blog fixture", BLOG_FIXTURE);
  const f = JSON.parse(fs.readFileSync(file, "utf8")) as Fixture;
  const history = train({ X: f.X, Y: f.Y, epochs: f.case.epochs, lr: f.case.lr, w0: f.w0, b0: f.b0 });
  return { points: { X: f.X, Y: f.Y }, history };
}

/**
 * The straightforward port of the blog's figure: one line trace per SGD step (the blog calls
 * ax.plot once per step), 100 points each, in one legend entry — same data, colours and layout.
 * With `oneLegendEntry` false every step keeps Plotly's default legend entry, as a first port would.
 */
export function naiveTrainingFigure(points: Points, history: TrainingHistory, oneLegendEntry = true): Figure {
  const range = paddedRange(points.X);
  const xs = linspace(range[0], range[1], CURVE_POINTS);
  const steps = [];
  for (let k = 0; k < history.nSteps; k++) {
    const trace = curveTrace(history.steps.w[k], history.steps.b[k], xs, "after each step", COLORS.step);
    const legend = oneLegendEntry ? { legendgroup: "steps", showlegend: k === 0 } : {};
    steps.push({ ...trace, line: { color: COLORS.step, width: 1 }, ...legend });
  }
  const { w, b } = finalParams(history);
  const t = textFor("en");
  return {
    data: [
      ...dataTraces(points, t),
      ...steps,
      curveTrace(history.w0, history.b0, xs, "initial model", COLORS.initial),
      curveTrace(w, b, xs, "trained model", COLORS.final),
    ],
    layout: baseLayout(range, undefined, t),
  };
}

// Page scripts are plain JavaScript strings: functions compiled by tsx could carry helpers the page lacks.
const DRAW = `async (name) => {
  const host = document.getElementById("host");
  if (window.__gd) { window.Plotly.purge(window.__gd); window.__gd.remove(); }
  const fig = structuredClone(window.__figures[name]);
  const gd = document.createElement("div");
  host.appendChild(gd);
  window.__gd = gd;
  const t0 = performance.now();
  await window.Plotly.newPlot(gd, fig.data, fig.layout, { responsive: false });
  await new Promise((resolve) => requestAnimationFrame(() => resolve()));
  const ms = performance.now() - t0;
  return { ms, paths: gd.querySelectorAll(".scatterlayer .trace").length };
}`;

async function draw(page: Page, name: string): Promise<{ ms: number; paths: number }> {
  return page.evaluate(`(${DRAW})(${JSON.stringify(name)})`) as Promise<{ ms: number; paths: number }>;
}

// The step-through figure: newPlot with its frames, then slider moves as the slider makes them
// (Plotly.animate to a frame, immediately, no transition), each timed until the next frame is painted.
const SCRUB = `async ({ figure, frames }) => {
  const host = document.getElementById("host");
  if (window.__gd) { window.Plotly.purge(window.__gd); window.__gd.remove(); }
  const gd = document.createElement("div");
  host.appendChild(gd);
  window.__gd = gd;
  const paint = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
  let t0 = performance.now();
  await window.Plotly.newPlot(gd, structuredClone(figure));
  await paint();
  const first = performance.now() - t0;
  const moves = [];
  for (const name of frames) {
    t0 = performance.now();
    await window.Plotly.animate(gd, [name], { mode: "immediate", frame: { duration: 0, redraw: false }, transition: { duration: 0 } });
    await paint();
    moves.push(performance.now() - t0);
  }
  const text = gd.querySelector(".textpoint text");
  return { first, moves, shown: text ? text.textContent : "" };
}`;

/** Runs the charts part. */
export async function chartsPart(opts: BenchOptions): Promise<PartResult> {
  requireFile("chartsPart", "plotly.js (npm install)", PLOTLY_JS);
  const { points, history } = fixtureTraining();
  const figures = {
    optimized: trainingFigure(points, history),
    naive: naiveTrainingFigure(points, history),
    naiveLegend: naiveTrainingFigure(points, history, false),
  };
  const sizes = { optimized: JSON.stringify(figures.optimized).length, naive: JSON.stringify(figures.naive).length };

  const stepThrough = stepThroughFigure(points, history);
  const nFrames = stepThrough.frames!.length;
  // Frames to visit: spread over all steps and in no order, so no move is a neighbour's redraw.
  const visits = Array.from({ length: SLIDER_MOVES }, (_, i) => String(((i * 389) % nFrames) + 1));

  const { times, traces, version, scrub } = await withBrowser("chartsPart", async (browser) => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.setContent(
      '<!doctype html><html><head><meta charset="utf-8"></head><body><div id="host"></div></body></html>',
    );
    await page.addScriptTag({ path: PLOTLY_JS });
    await page.evaluate(`window.__figures = ${JSON.stringify(figures)}`);
    const times = { optimized: [] as number[], naive: [] as number[], naiveLegend: [] as number[] };
    const traces = { optimized: 0, naive: 0, naiveLegend: 0 };
    for (let round = -1; round < opts.reps; round++) {
      for (const name of ["optimized", "naive", "naiveLegend"] as const) {
        const { ms, paths } = await draw(page, name);
        traces[name] = paths;
        if (round >= 0) times[name].push(ms); // round −1 warms plotly.js up
      }
    }
    const scrub = { first: [] as number[], moves: [] as number[], shown: "" };
    for (let round = -1; round < opts.reps; round++) {
      const r = (await page.evaluate(`(${SCRUB})(${JSON.stringify({ figure: stepThrough, frames: visits })})`)) as {
        first: number;
        moves: number[];
        shown: string;
      };
      if (round < 0) continue; // warm-up
      scrub.first.push(r.first);
      scrub.moves.push(...r.moves);
      scrub.shown = r.shown;
    }
    const last = visits[visits.length - 1];
    if (!scrub.shown.startsWith(`step ${last} of ${nFrames}`)) {
      throw new Error(`chartsPart: after moving the slider to step ${last} the chart shows "${scrub.shown}"`);
    }
    if (errors.length) throw new Error(`chartsPart: the page reported errors: ${errors.join("; ")}`);
    return { times, traces, version: browserVersion(browser), scrub };
  });

  const opt = median(times.optimized);
  const naive = median(times.naive);
  const speedup = median(times.naive.map((n, i) => n / times.optimized[i]));
  return {
    rows: [
      row(PART, `trainingFigure (${figures.optimized.data.length} traces) Plotly.newPlot → next frame`, {
        value: fmtMs(opt),
        target: `≤ ${TARGET_MS} ms`,
        status: verdict(opt <= TARGET_MS),
      }),
      row(PART, `speed-up vs the naive figure (${figures.naive.data.length} traces, one per step)`, {
        value: fmtMs(opt),
        baseline: fmtMs(naive),
        ratio: `${fmtRatio(speedup)} faster`,
        target: `≥ ${TARGET_SPEEDUP}× faster`,
        status: verdict(speedup >= TARGET_SPEEDUP),
      }),
      row(PART, "naive figure with a legend entry per step (Plotly's default) — vs trainingFigure", {
        value: fmtMs(median(times.naiveLegend)),
        baseline: fmtMs(opt),
        ratio: fmtRatio(median(times.naiveLegend.map((n, i) => n / times.optimized[i]))),
      }),
      row(
        PART,
        `step-through (lesson 5): one slider move to another of its ${nFrames} steps, median of ${scrub.moves.length}`,
        {
          value: fmtMs(median(scrub.moves)),
          target: `≤ ${TARGET_SLIDER_MS} ms`,
          status: verdict(median(scrub.moves) <= TARGET_SLIDER_MS),
        },
      ),
      row(PART, "step-through: the slowest slider move", {
        value: fmtMs(Math.max(...scrub.moves)),
        target: `≤ ${TARGET_SLIDER_MS} ms`,
        status: verdict(Math.max(...scrub.moves) <= TARGET_SLIDER_MS),
      }),
      row(PART, `step-through: first draw with its ${nFrames} frames and slider`, {
        value: fmtMs(median(scrub.first)),
      }),
      row(PART, "figure JSON size: trainingFigure vs naive", {
        value: fmtBytes(sizes.optimized),
        baseline: fmtBytes(sizes.naive),
        ratio: fmtRatio(sizes.optimized / sizes.naive),
      }),
    ],
    notes: [
      `Charts: the fixture run (${history.nSteps} steps, test/fixtures/blog-numpy-run.json) trained with src/train.ts; ` +
        `headless Chromium ${version}, plotly.js from node_modules, one page, draws alternated (trainingFigure, naive, naive with full legend) ` +
        `after one warm-up draw each, ${opts.reps} rounds, medians; speed-up is the median of per-round ratios. ` +
        `Drawn traces: ${traces.optimized} vs ${traces.naive}. The naive figure shows one legend entry for all steps, ` +
        `like trainingFigure, so both draw the same picture; the full-legend variant is what a first port draws.`,
    ],
  };
}
