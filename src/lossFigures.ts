// Charts that go beyond the blog: how the loss falls, the loss surface the parameters move on,
// where the blog's code breaks, and what the settings change. Pure functions from runs to specs.
import { AXIS_STYLE, COLORS, chartLayout, round, type Figure, type Trace } from "./figures";
import { checkSamples, linspace, totalLoss } from "./model";
import { finalParams, type DescentPath, type TrainingHistory } from "./train";
import { fail, finite, integer } from "./validate";

const axis = (title: string, extra: Record<string, unknown> = {}) => ({
  ...AXIS_STYLE,
  title: { text: title },
  ...extra,
});

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

/** Every step's loss (grey) and its running mean over one epoch's worth of steps (blue), by step. */
export function stepLossTraces(history: TrainingHistory): [Trace, Trace] {
  const steps = Array.from({ length: history.nSteps }, (_, k) => k + 1);
  const loss = Array.from(history.steps.loss);
  return [
    {
      type: "scatter",
      mode: "lines",
      name: "loss of each step",
      x: steps,
      y: loss.map((v) => round(v)),
      line: { color: "#bbb", width: 1 },
      hovertemplate: "step %{x}<br>loss %{y:.4f}<extra></extra>",
    },
    {
      type: "scatter",
      mode: "lines",
      name: `mean of the last ${history.nSamples} steps`,
      x: steps,
      y: runningMean(loss, history.nSamples).map((v) => round(v)),
      line: { color: COLORS.positive, width: 2 },
      hovertemplate: "step %{x}<br>running mean %{y:.4f}<extra></extra>",
    },
  ];
}

/**
 * Loss curves: every step's loss (light), its running mean over one epoch, and the per-epoch mean
 * loss on the left; per-epoch accuracy on the right.
 */
export function lossCurvesFigure(history: TrainingHistory, title?: string): Figure {
  checkHistory("lossCurvesFigure", history);
  const epochEnds = history.epochs.map((e) => (e.epoch + 1) * history.nSamples);
  return {
    data: [
      ...stepLossTraces(history),
      {
        type: "scatter",
        mode: "markers",
        name: "epoch mean loss",
        x: epochEnds,
        y: history.epochs.map((e) => round(e.meanLoss)),
        marker: { color: COLORS.final, size: 8 },
        hovertemplate: "epoch %{customdata}<br>mean loss %{y:.4f}<extra></extra>",
        customdata: history.epochs.map((e) => e.epoch + 1),
      },
      {
        type: "scatter",
        mode: "lines+markers",
        name: "accuracy after each epoch",
        x: history.epochs.map((e) => e.epoch + 1),
        y: history.epochs.map((e) => round(e.accuracy)),
        xaxis: "x2",
        yaxis: "y2",
        line: { color: COLORS.initial },
        hovertemplate: "epoch %{x}<br>accuracy %{y:.0%}<extra></extra>",
      },
    ],
    layout: chartLayout(title, {
      xaxis: axis("SGD step", { domain: [0, 0.6] }),
      yaxis: axis("loss", { rangemode: "tozero" }),
      xaxis2: axis("epoch", { domain: [0.72, 1], anchor: "y2", dtick: Math.max(1, Math.ceil(history.nEpochs / 10)) }),
      yaxis2: axis("accuracy", { anchor: "x2", range: [0, 1.02], tickformat: ".0%" }),
    }),
  };
}

/** The paths the parameters took, for the loss surface: SGD step by step, and optionally full-batch GD. */
export interface SurfacePaths {
  sgd: TrainingHistory;
  gd?: DescentPath;
}

/**
 * The loss surface: the mean BCE over the data for every (w, b) on a grid, as contours, with the
 * SGD path (every step) and the full-batch gradient-descent path on top, start and end marked.
 */
export function lossSurfaceFigure(
  points: { X: readonly number[]; Y: readonly (0 | 1)[] },
  paths: SurfacePaths,
  title?: string,
  resolution = 60,
): Figure {
  const fn = "lossSurfaceFigure";
  checkSamples(fn, points.X, points.Y);
  checkHistory(fn, paths.sgd);
  integer(fn, "resolution", resolution, 2);
  const { sgd, gd } = paths;
  const ws = [sgd.w0, ...Array.from(sgd.steps.w), ...(gd?.w ?? [])];
  const bs = [sgd.b0, ...Array.from(sgd.steps.b), ...(gd?.b ?? [])];
  const [wLo, wHi] = padded(ws);
  const [bLo, bHi] = padded(bs);
  const gridW = linspace(wLo, wHi, resolution);
  const gridB = linspace(bLo, bHi, resolution);
  // z[i][j] is the loss at b = gridB[i], w = gridW[j] (rows follow the y axis).
  // The data were checked above: meanLoss's own check would run once per grid point.
  const n = points.X.length;
  const z = gridB.map((b) => gridW.map((w) => round(totalLoss(w, b, points.X, points.Y) / n, 3)));
  const data: Trace[] = [
    {
      type: "contour",
      name: "mean loss",
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
      colorbar: { title: { text: "mean loss" }, thickness: 12 },
      hovertemplate: "w %{x:.3f}<br>b %{y:.3f}<br>mean loss %{z:.3f}<extra></extra>",
      showlegend: false,
    },
    {
      type: "scatter",
      mode: "lines",
      name: `SGD, one sample per step (${sgd.nSteps} steps)`,
      x: [sgd.w0, ...Array.from(sgd.steps.w)].map((v) => round(v)),
      y: [sgd.b0, ...Array.from(sgd.steps.b)].map((v) => round(v)),
      line: { color: COLORS.final, width: 1.5 },
      hovertemplate: "SGD<br>w %{x:.3f}, b %{y:.3f}<extra></extra>",
    },
  ];
  if (gd) {
    data.push({
      type: "scatter",
      mode: "lines+markers",
      name: `full-batch gradient descent (${gd.w.length - 1} steps)`,
      x: gd.w.map((v) => round(v)),
      y: gd.b.map((v) => round(v)),
      line: { color: "orange", width: 2 },
      marker: { size: 6, color: "orange" },
      hovertemplate: "gradient descent<br>w %{x:.3f}, b %{y:.3f}<extra></extra>",
    });
  }
  const end = finalParams(sgd);
  data.push(
    {
      type: "scatter",
      mode: "markers",
      name: "start",
      x: [round(sgd.w0)],
      y: [round(sgd.b0)],
      marker: { symbol: "circle", size: 12, color: COLORS.initial, line: { color: "white", width: 2 } },
      hovertemplate: "start<br>w %{x:.3f}, b %{y:.3f}<extra></extra>",
    },
    {
      type: "scatter",
      mode: "markers",
      name: "end of SGD",
      x: [round(end.w)],
      y: [round(end.b)],
      marker: { symbol: "star", size: 15, color: COLORS.final, line: { color: "white", width: 1 } },
      hovertemplate: "end of SGD<br>w %{x:.3f}, b %{y:.3f}<extra></extra>",
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
export function parameterPathFigure(runs: readonly NamedRun[], title?: string): Figure {
  nonEmpty("parameterPathFigure", "runs", runs);
  const data: Trace[] = [];
  const shapes: Record<string, unknown>[] = [];
  const annotations: Record<string, unknown>[] = [];
  for (const run of runs) {
    checkHistory("parameterPathFigure", run.history);
    const w = Array.from(run.history.steps.w);
    const firstBad = w.findIndex((v) => !Number.isFinite(v));
    const kept = firstBad < 0 ? w : w.slice(0, firstBad);
    data.push({
      type: "scatter",
      mode: "lines",
      name: firstBad < 0 ? run.name : `${run.name} — NaN from step ${firstBad + 1}`,
      x: kept.map((_, k) => k + 1),
      y: kept.map((v) => round(v)),
      line: { color: run.color, width: 2, ...(run.dash ? { dash: run.dash } : {}) },
      hovertemplate: `${run.name}<br>step %{x}<br>w %{y:.4f}<extra></extra>`,
    });
    if (firstBad >= 0) {
      shapes.push({
        type: "line",
        xref: "x",
        yref: "paper",
        x0: firstBad + 1,
        x1: firstBad + 1,
        y0: 0,
        y1: 1,
        line: { color: run.color, dash: "dot" },
      });
      annotations.push({
        x: firstBad + 1,
        y: 1,
        xref: "x",
        yref: "paper",
        yanchor: "bottom",
        text: `NaN at step ${firstBad + 1}`,
        showarrow: false,
        font: { color: run.color },
      });
    }
  }
  return {
    data,
    layout: chartLayout(title, { xaxis: axis("SGD step"), yaxis: axis("w"), shapes, annotations }),
  };
}

/** Per-epoch mean loss (left) and accuracy (right) of several runs, for comparing settings. */
export function epochComparisonFigure(runs: readonly NamedRun[], title?: string): Figure {
  nonEmpty("epochComparisonFigure", "runs", runs);
  const data: Trace[] = [];
  for (const run of runs) {
    checkHistory("epochComparisonFigure", run.history);
    const epochs = run.history.epochs.map((e) => e.epoch + 1);
    const style = { color: run.color, width: 2, ...(run.dash ? { dash: run.dash } : {}) };
    data.push(
      {
        type: "scatter",
        mode: "lines",
        name: run.name,
        legendgroup: run.name,
        x: epochs,
        y: run.history.epochs.map((e) => (Number.isFinite(e.meanLoss) ? round(e.meanLoss) : null)),
        line: style,
        hovertemplate: `${run.name}<br>epoch %{x}<br>mean loss %{y:.4f}<extra></extra>`,
      },
      {
        type: "scatter",
        mode: "lines",
        name: run.name,
        legendgroup: run.name,
        showlegend: false,
        x: epochs,
        y: run.history.epochs.map((e) => (Number.isFinite(e.accuracy) ? round(e.accuracy) : null)),
        xaxis: "x2",
        yaxis: "y2",
        line: style,
        hovertemplate: `${run.name}<br>epoch %{x}<br>accuracy %{y:.0%}<extra></extra>`,
      },
    );
  }
  return {
    data,
    layout: chartLayout(title, {
      xaxis: axis("epoch", { domain: [0, 0.45] }),
      yaxis: axis("mean loss", { rangemode: "tozero" }),
      xaxis2: axis("epoch", { domain: [0.55, 1], anchor: "y2" }),
      yaxis2: axis("accuracy", { anchor: "x2", range: [0, 1.02], tickformat: ".0%" }),
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
  title?: string,
): Figure {
  nonEmpty("learningRateSweepFigure", "series", series);
  const finiteLosses = series.flatMap((s) => s.points.map((p) => p.finalLoss)).filter(Number.isFinite);
  const top = Math.max(...finiteLosses, 0.1) * 1.15;
  const data: Trace[] = [];
  for (const s of series) {
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
      hovertemplate: `${s.name}<br>lr %{x}<br>final mean loss %{y:.4f}<br>accuracy %{customdata:.0%}<extra></extra>`,
    });
    if (broken.length > 0) {
      data.push({
        type: "scatter",
        mode: "markers",
        name: `${s.name}: NaN`,
        x: broken.map((p) => p.lr),
        y: broken.map(() => round(top * 0.97)),
        marker: { symbol: "x", size: 12, color: s.color },
        hovertemplate: `${s.name}<br>lr %{x}: the loss became NaN<extra></extra>`,
      });
    }
  }
  return {
    data,
    layout: chartLayout(title, {
      xaxis: axis("learning rate", { type: "log" }),
      yaxis: axis("mean loss in the last epoch", { range: [0, round(top, 3)] }),
    }),
  };
}

function nonEmpty(fn: string, name: string, list: readonly unknown[]): void {
  if (!Array.isArray(list) || list.length === 0) fail(fn, `${name} must be a non-empty array`, list);
}

function padded(values: number[]): [number, number] {
  const ok = values.filter(Number.isFinite);
  const lo = Math.min(...ok);
  const hi = Math.max(...ok);
  const pad = Math.max((hi - lo) * 0.15, 0.5);
  return [lo - pad, hi + pad];
}

function checkHistory(fn: string, history: TrainingHistory): void {
  if (
    typeof history !== "object" ||
    history === null ||
    typeof history.steps !== "object" ||
    !Array.isArray(history.epochs)
  ) {
    fail(fn, "history must be what train() returns", history);
  }
}
