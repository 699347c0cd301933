// Charts that go beyond the blog: how the loss falls, the loss surface the parameters move on,
// where the blog's code breaks, and what the settings change. Pure functions from runs to specs.
// Long runs are thinned to at most MAX_FIGURE_POINTS points per line, and the legend says so.
import { MAX_FIGURE_POINTS } from "../math/limits";
import { linspace, meanLoss } from "../math/model";
import {
  finalParams,
  recordedSteps,
  stepOfRecord,
  type DescentPath,
  type ParamPath,
  type TrainingHistory,
} from "../math/train";
import { checkSamples, fail, finite, integer } from "../math/validate";
import { thin } from "./curves";
import { axis, chartLayout, COLORS, figureOptions, round, type Figure, type FigureOptions, type Trace } from "./style";
import type { Text } from "./text";

/** The mean of the last `window` values at each position (fewer at the start). */
export function runningMean(values: ArrayLike<number>, window: number): number[] {
  integer("runningMean", "window", window);
  const out: number[] = [];
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i];
    if (i >= window) sum -= values[i - window];
    out.push(sum / Math.min(i + 1, window));
  }
  return out;
}

/**
 * Every recorded step's loss (grey) and its running mean over one epoch's worth of steps (blue), by
 * step — at most MAX_FIGURE_POINTS of each, evenly spaced (the running mean is taken over all of them).
 */
export function stepLossTraces(history: TrainingHistory, t: Text): [Trace, Trace] {
  const n = recordedSteps(history);
  const { indices } = thin(n, MAX_FIGURE_POINTS);
  const steps = indices.map((j) => stepOfRecord(history, j) + 1);
  const loss = history.steps.loss;
  // The window covers one epoch of steps, whatever share of them was recorded.
  const window = Math.max(1, Math.round(history.nSamples / history.every));
  const mean = runningMean(loss, window);
  const note = thinnedNote(history, indices, history.nSteps, t);
  return [
    {
      type: "scatter",
      mode: "lines",
      name: t.stepLoss + note,
      x: steps,
      y: indices.map((j) => round(loss[j])),
      line: { color: "#bbb", width: 1 },
      hovertemplate: `${t.step} %{x}<br>${t.loss} %{y:.4f}<extra></extra>`,
    },
    {
      type: "scatter",
      mode: "lines",
      name: t.runningMean(history.nSamples),
      x: steps,
      y: indices.map((j) => round(mean[j])),
      line: { color: COLORS.positive, width: 2 },
      hovertemplate: `${t.step} %{x}<br>${t.runningMeanHover} %{y:.4f}<extra></extra>`,
    },
  ];
}

/**
 * " — every 100th of 100 000 steps" when a line shows only some of the `total` steps it spans (the
 * records at `indices`), else "".
 */
function thinnedNote(history: ParamPath, indices: readonly number[], total: number, t: Text): string {
  if (indices.length >= total || indices.length < 2) return "";
  const stride = stepOfRecord(history, indices[1]) - stepOfRecord(history, indices[0]);
  return ` — ${t.thinned(stride, total)}`;
}

/**
 * Loss curves: every step's loss (light), its running mean over one epoch, and the per-epoch mean
 * loss on the left; per-epoch accuracy on the right.
 */
export function lossCurvesFigure(history: TrainingHistory, opts?: FigureOptions | string): Figure {
  const { title, t } = figureOptions("lossCurvesFigure", opts);
  checkHistory("lossCurvesFigure", history);
  const { indices } = thin(history.epochs.length, MAX_FIGURE_POINTS);
  const epochs = indices.map((e) => history.epochs[e]);
  return {
    data: [
      ...stepLossTraces(history, t),
      {
        type: "scatter",
        mode: "markers",
        name: t.epochMeanLoss,
        x: epochs.map((e) => (e.epoch + 1) * history.nSamples),
        y: epochs.map((e) => round(e.meanLoss)),
        marker: { color: COLORS.final, size: epochs.length > 100 ? 4 : 8 },
        hovertemplate: `${t.epoch} %{customdata}<br>${t.meanLoss} %{y:.4f}<extra></extra>`,
        customdata: epochs.map((e) => e.epoch + 1),
      },
      {
        type: "scatter",
        mode: epochs.length > 100 ? "lines" : "lines+markers",
        name: t.accuracyPerEpoch,
        x: epochs.map((e) => e.epoch + 1),
        y: epochs.map((e) => round(e.accuracy)),
        xaxis: "x2",
        yaxis: "y2",
        line: { color: COLORS.initial },
        hovertemplate: `${t.epoch} %{x}<br>${t.accuracy} %{y:.0%}<extra></extra>`,
      },
    ],
    layout: chartLayout(title, {
      xaxis: axis(t.sgdStep, { domain: [0, 0.6] }),
      yaxis: axis(t.loss, { rangemode: "tozero" }),
      xaxis2: axis(t.epoch, { domain: [0.72, 1], anchor: "y2", dtick: Math.max(1, Math.ceil(history.nEpochs / 10)) }),
      yaxis2: axis(t.accuracy, { anchor: "x2", range: [0, 1.02], tickformat: ".0%" }),
    }),
  };
}

/** The paths the parameters took, for the loss surface: SGD step by step, and optionally full-batch GD. */
export interface SurfacePaths {
  sgd: TrainingHistory;
  gd?: DescentPath;
}

/** Options of the loss surface: a title, a language, and how many grid points per axis. */
export interface SurfaceOptions extends FigureOptions {
  resolution?: number;
}

/**
 * The loss surface: the mean BCE over the data for every (w, b) on a grid, as contours, with the
 * SGD path and the full-batch gradient-descent path on top, start and end marked.
 */
export function lossSurfaceFigure(
  points: { X: readonly number[]; Y: readonly (0 | 1)[] },
  paths: SurfacePaths,
  opts?: SurfaceOptions | string,
): Figure {
  const fn = "lossSurfaceFigure";
  const { title, t } = figureOptions(fn, opts);
  const resolution = typeof opts === "object" && opts.resolution !== undefined ? opts.resolution : 60;
  checkSamples(fn, points.X, points.Y);
  if (typeof paths !== "object" || paths === null) fail(fn, "paths must be { sgd, gd }", paths);
  checkHistory(fn, paths.sgd);
  integer(fn, "resolution", resolution, 2);
  if (resolution > 200)
    fail(fn, "resolution must be at most 200 (a 200 × 200 grid is finer than the chart)", resolution);
  const { sgd, gd } = paths;
  const sgdPath = pathPoints(sgd);
  const gdPath = gd ? pathPoints(gd) : { w: [], b: [], indices: [] };
  const [wLo, wHi] = padded([...sgdPath.w, ...gdPath.w]);
  const [bLo, bHi] = padded([...sgdPath.b, ...gdPath.b]);
  const gridW = linspace(wLo, wHi, resolution);
  const gridB = linspace(bLo, bHi, resolution);
  // z[i][j] is the loss at b = gridB[i], w = gridW[j] (rows follow the y axis).
  const z = gridB.map((b) => gridW.map((w) => round(meanLoss(w, b, points.X, points.Y), 3)));
  const data: Trace[] = [
    {
      type: "contour",
      name: t.meanLoss,
      x: gridW.map((v) => round(v)),
      y: gridB.map((v) => round(v)),
      z,
      // Light where the loss is low, so the valley the parameters head for stands out.
      colorscale: [
        [0, "#f7fbff"],
        [0.5, "#9ecae1"],
        [1, "#4292c6"],
      ],
      ncontours: 25,
      contours: { coloring: "heatmap", showlabels: true, labelfont: { size: 10, color: "#333" } },
      colorbar: { title: { text: t.meanLoss }, thickness: 12 },
      hovertemplate: `w %{x:.3f}<br>b %{y:.3f}<br>${t.meanLoss} %{z:.3f}<extra></extra>`,
      showlegend: false,
    },
    {
      type: "scatter",
      mode: "lines",
      name: t.sgdPath(sgd.nSteps) + thinnedNote(sgd, sgdPath.indices, sgd.nSteps, t),
      x: sgdPath.w.map((v) => round(v)),
      y: sgdPath.b.map((v) => round(v)),
      line: { color: COLORS.final, width: 1.5 },
      hovertemplate: "SGD<br>w %{x:.3f}, b %{y:.3f}<extra></extra>",
    },
  ];
  if (gd) {
    data.push({
      type: "scatter",
      mode: "lines+markers",
      name: t.gdPath(gd.nSteps),
      x: gdPath.w.map((v) => round(v)),
      y: gdPath.b.map((v) => round(v)),
      line: { color: "orange", width: 2 },
      marker: { size: gdPath.w.length > 100 ? 3 : 6, color: "orange" },
      hovertemplate: `${t.gd}<br>w %{x:.3f}, b %{y:.3f}<extra></extra>`,
    });
  }
  const end = finalParams(sgd);
  data.push(
    {
      type: "scatter",
      mode: "markers",
      name: t.start,
      x: [round(sgd.w0)],
      y: [round(sgd.b0)],
      marker: { symbol: "circle", size: 12, color: COLORS.initial, line: { color: "white", width: 2 } },
      hovertemplate: `${t.start}<br>w %{x:.3f}, b %{y:.3f}<extra></extra>`,
    },
    {
      type: "scatter",
      mode: "markers",
      name: t.endOfSgd,
      x: [round(end.w)],
      y: [round(end.b)],
      marker: { symbol: "star", size: 15, color: COLORS.final, line: { color: "white", width: 1 } },
      hovertemplate: `${t.endOfSgd}<br>w %{x:.3f}, b %{y:.3f}<extra></extra>`,
    },
  );
  return {
    data,
    layout: chartLayout(title, {
      height: 500,
      xaxis: axis("w", { range: [round(wLo), round(wHi)] }),
      yaxis: axis("b", { range: [round(bLo), round(bHi)] }),
    }),
  };
}

/** A run's start and its recorded parameters, at most MAX_FIGURE_POINTS of them (first and last kept). */
function pathPoints(path: TrainingHistory | DescentPath): { w: number[]; b: number[]; indices: number[] } {
  const { indices } = thin(recordedSteps(path), MAX_FIGURE_POINTS - 1);
  return {
    indices,
    w: [path.w0, ...indices.map((j) => path.steps.w[j])],
    b: [path.b0, ...indices.map((j) => path.steps.b[j])],
  };
}

/** One run for a comparison chart: a name, a colour and its history. */
export interface NamedRun {
  name: string;
  color: string;
  history: TrainingHistory;
  dash?: string;
}

/**
 * Where the blog's code breaks: w after each step for several runs. A run that turns into NaN
 * stops there (JSON has no NaN, so the line simply ends), and the step is marked.
 */
export function parameterPathFigure(runs: readonly NamedRun[], opts?: FigureOptions | string): Figure {
  const { title, t } = figureOptions("parameterPathFigure", opts);
  nonEmpty("parameterPathFigure", "runs", runs);
  const data: Trace[] = [];
  const shapes: Record<string, unknown>[] = [];
  const annotations: Record<string, unknown>[] = [];
  for (const run of runs) {
    checkHistory("parameterPathFigure", run.history);
    const h = run.history;
    const w = h.steps.w;
    let firstBad = -1;
    for (let j = 0; j < w.length && firstBad < 0; j++) if (!Number.isFinite(w[j])) firstBad = j;
    const kept = firstBad < 0 ? w.length : firstBad;
    const { indices } = thin(kept, MAX_FIGURE_POINTS);
    const badStep = firstBad < 0 ? 0 : stepOfRecord(h, firstBad) + 1;
    data.push({
      type: "scatter",
      mode: "lines",
      name:
        (firstBad < 0 ? run.name : t.nanFrom(run.name, badStep)) +
        thinnedNote(h, indices, kept === 0 ? 0 : stepOfRecord(h, kept - 1) + 1, t),
      x: indices.map((j) => stepOfRecord(h, j) + 1),
      y: indices.map((j) => round(w[j])),
      line: { color: run.color, width: 2, ...(run.dash ? { dash: run.dash } : {}) },
      hovertemplate: `${run.name}<br>${t.step} %{x}<br>w %{y:.4f}<extra></extra>`,
    });
    if (firstBad >= 0) {
      shapes.push({
        type: "line",
        xref: "x",
        yref: "paper",
        x0: badStep,
        x1: badStep,
        y0: 0,
        y1: 1,
        line: { color: run.color, dash: "dot" },
      });
      // Inside the plot, right of the dotted line, where the legend above cannot cover it.
      annotations.push({
        x: badStep,
        y: 0.98,
        xref: "x",
        yref: "paper",
        xanchor: "left",
        yanchor: "top",
        xshift: 4,
        text: t.nanAt(badStep),
        showarrow: false,
        font: { color: run.color },
      });
    }
  }
  return {
    data,
    layout: chartLayout(title, { xaxis: axis(t.sgdStep), yaxis: axis("w"), shapes, annotations }),
  };
}

/** A run the epoch chart can draw: anything with per-epoch summaries (train(), trainNetwork(), trainNeuron()). */
export interface EpochRun {
  name: string;
  color: string;
  history: { epochs: readonly { epoch: number; meanLoss: number; accuracy: number }[] };
  dash?: string;
}

/** Per-epoch mean loss (left) and accuracy (right) of several runs, for comparing settings or models. */
export function epochComparisonFigure(runs: readonly EpochRun[], opts?: FigureOptions | string): Figure {
  const { title, t } = figureOptions("epochComparisonFigure", opts);
  nonEmpty("epochComparisonFigure", "runs", runs);
  const data: Trace[] = [];
  for (const run of runs) {
    if (typeof run?.history !== "object" || run.history === null || !Array.isArray(run.history.epochs)) {
      fail(
        "epochComparisonFigure",
        "each run's history must have epochs (what train or trainNetwork returns)",
        run?.history,
      );
    }
    const { indices } = thin(run.history.epochs.length, MAX_FIGURE_POINTS);
    const epochs = indices.map((e) => run.history.epochs[e]);
    const x = epochs.map((e) => e.epoch + 1);
    const style = { color: run.color, width: 2, ...(run.dash ? { dash: run.dash } : {}) };
    data.push(
      {
        type: "scatter",
        mode: "lines",
        name: run.name,
        legendgroup: run.name,
        x,
        y: epochs.map((e) => (Number.isFinite(e.meanLoss) ? round(e.meanLoss) : null)),
        line: style,
        hovertemplate: `${run.name}<br>${t.epoch} %{x}<br>${t.meanLoss} %{y:.4f}<extra></extra>`,
      },
      {
        type: "scatter",
        mode: "lines",
        name: run.name,
        legendgroup: run.name,
        showlegend: false,
        x,
        y: epochs.map((e) => (Number.isFinite(e.accuracy) ? round(e.accuracy) : null)),
        xaxis: "x2",
        yaxis: "y2",
        line: style,
        hovertemplate: `${run.name}<br>${t.epoch} %{x}<br>${t.accuracy} %{y:.0%}<extra></extra>`,
      },
    );
  }
  return {
    data,
    layout: chartLayout(title, {
      xaxis: axis(t.epoch, { domain: [0, 0.45] }),
      yaxis: axis(t.meanLoss, { rangemode: "tozero" }),
      xaxis2: axis(t.epoch, { domain: [0.55, 1], anchor: "y2" }),
      yaxis2: axis(t.accuracy, { anchor: "x2", range: [0, 1.02], tickformat: ".0%" }),
    }),
  };
}

/** One learning rate's outcome for the sweep chart; NaN when the run broke down. */
export interface SweepPoint {
  lr: number;
  finalLoss: number;
  accuracy: number;
}

/**
 * The learning-rate sweep: final mean loss against the learning rate (log axis), one line per set
 * of classes. Runs that ended in NaN are drawn as ✕ at the top edge.
 */
export function learningRateSweepFigure(
  series: readonly { name: string; color: string; points: readonly SweepPoint[] }[],
  opts?: FigureOptions | string,
): Figure {
  const { title, t } = figureOptions("learningRateSweepFigure", opts);
  nonEmpty("learningRateSweepFigure", "series", series);
  const finiteLosses = series.flatMap((s) => s.points.map((p) => p.finalLoss)).filter(Number.isFinite);
  const top = Math.max(...finiteLosses, 0.1) * 1.15;
  const data: Trace[] = [];
  for (const s of series) {
    nonEmpty("learningRateSweepFigure", `points of "${s.name}"`, s.points);
    if (s.points.length > MAX_FIGURE_POINTS)
      fail(
        "learningRateSweepFigure",
        `a series may have at most ${MAX_FIGURE_POINTS} points; "${s.name}" has`,
        s.points.length,
      );
    s.points.forEach((p) => finite("learningRateSweepFigure", "lr", p.lr));
    const ok = s.points.filter((p) => Number.isFinite(p.finalLoss));
    const broken = s.points.filter((p) => !Number.isFinite(p.finalLoss));
    data.push({
      type: "scatter",
      mode: "lines+markers",
      name: s.name,
      x: ok.map((p) => p.lr),
      y: ok.map((p) => round(p.finalLoss)),
      customdata: ok.map((p) => round(p.accuracy)),
      line: { color: s.color, width: 2 },
      hovertemplate: `${s.name}<br>lr %{x}<br>${t.finalMeanLoss} %{y:.4f}<br>${t.accuracy} %{customdata:.0%}<extra></extra>`,
    });
    if (broken.length > 0) {
      data.push({
        type: "scatter",
        mode: "markers",
        name: t.nanRun(s.name),
        x: broken.map((p) => p.lr),
        y: broken.map(() => round(top * 0.97)),
        marker: { symbol: "x", size: 12, color: s.color },
        hovertemplate: `${s.name}<br>lr %{x}: ${t.becameNaN}<extra></extra>`,
      });
    }
  }
  return {
    data,
    layout: chartLayout(title, {
      xaxis: axis(t.learningRate, { type: "log" }),
      yaxis: axis(t.lastEpochLoss, { range: [0, round(top, 3)] }),
    }),
  };
}

function nonEmpty(fn: string, name: string, list: readonly unknown[]): void {
  if (!Array.isArray(list) || list.length === 0) fail(fn, `${name} must be a non-empty array`, list);
}

function padded(values: number[]): [number, number] {
  const ok = values.filter(Number.isFinite);
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of ok) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const pad = Math.max((hi - lo) * 0.15, 0.5);
  return [lo - pad, hi + pad];
}

/** Checks that `history` is what train() returns. */
export function checkHistory(fn: string, history: TrainingHistory): void {
  if (
    typeof history !== "object" ||
    history === null ||
    typeof history.steps !== "object" ||
    !Array.isArray(history.epochs)
  ) {
    fail(fn, "history must be what train() returns", history);
  }
}
