// The blog's matplotlib figures as Plotly figure specs. Pure functions from data to plain JSON:
// no DOM, no kernel, so they are tested in plain Node and drawn by whichever front end shows them.
import type { Dataset } from "./dataset";
import { checkSamples, linspace, modelCurve, paddedRange } from "./model";
import { paramsAfter, type ParamPath } from "./train";
import { fail, finite, finiteArray, integer } from "./validate";

/** A Plotly trace: type, data arrays and styling, as plotly.js takes it. */
export type Trace = Record<string, unknown>;

/** A complete Plotly figure; `layout` is always present (JupyterLab's renderer needs it). */
export interface Figure {
  data: Trace[];
  layout: Record<string, unknown>;
  /** Animation frames, for figures with a slider or a play button. */
  frames?: Record<string, unknown>[];
  config?: Record<string, unknown>;
}

/** The blog's colours: matplotlib's named colours as it drew them. */
export const COLORS = {
  negative: "red",
  positive: "blue",
  initial: "green",
  step: "skyblue",
  final: "red",
} as const;

/** The points a figure needs: the data, as makeDataset returns it (or just X and Y). */
export type Points = Pick<Dataset, "X" | "Y">;

/** How many points each model curve is sampled at, as the blog's np.linspace(…, 100). */
export const CURVE_POINTS = 100;

/** Rounds for plotting: 4 significant decimals are far below a pixel and keep files small. */
export function round(v: number, decimals = 4): number {
  const f = 10 ** decimals;
  return Math.round(v * f) / f;
}

/** matplotlib's look for an axis: a black box around the plot, outside ticks, no grid. */
export const AXIS_STYLE = {
  showgrid: false,
  zeroline: false,
  showline: true,
  mirror: true,
  linecolor: "black",
  ticks: "outside",
  tickcolor: "black",
} as const;

/** A white 800 × 400 canvas with a title and a one-row legend above the plot, where it hides nothing. */
export function chartLayout(title: string | undefined, rest: Record<string, unknown>): Record<string, unknown> {
  return {
    width: 800,
    height: 400,
    margin: { l: 60, r: 20, t: title ? 75 : 40, b: 45 },
    ...(title ? { title: { text: title, x: 0.5, y: 0.97, yanchor: "top" } } : {}),
    paper_bgcolor: "white",
    plot_bgcolor: "white",
    showlegend: true,
    legend: { orientation: "h", x: 0, y: 1.01, xanchor: "left", yanchor: "bottom" },
    hovermode: "closest",
    ...rest,
  };
}

/** The blog's canvas: 800 × 400 px (its figsize 10 × 5), x over the data, y from −0.05 to 1.05. */
export function baseLayout(xRange: [number, number], title?: string, yTitle = "y / pred"): Record<string, unknown> {
  return chartLayout(title, {
    xaxis: { ...AXIS_STYLE, title: { text: "x" }, range: xRange.map((v) => round(v)) },
    yaxis: { ...AXIS_STYLE, title: { text: yTitle }, range: [-0.05, 1.05], dtick: 0.2 },
  });
}

/** The blog's scatter: samples with Y = 0 in red at height 0, Y = 1 in blue at height 1. */
export function dataTraces(points: Points): Trace[] {
  const { X, Y } = checkPoints("dataTraces", points);
  const side = (label: 0 | 1) => {
    const xs = X.filter((_, i) => Y[i] === label).map((x) => round(x));
    return {
      type: "scatter",
      mode: "markers",
      name: `Y = ${label}`,
      x: xs,
      y: xs.map(() => label),
      marker: { color: label === 1 ? COLORS.positive : COLORS.negative, size: 8 },
      hovertemplate: `x = %{x:.3f}<br>Y = ${label}<extra></extra>`,
    };
  };
  return [side(0), side(1)];
}

/** One model curve σ(w·x + b) as a line trace over xs. */
export function curveTrace(w: number, b: number, xs: readonly number[], name: string, color: string): Trace {
  return {
    type: "scatter",
    mode: "lines",
    name,
    x: xs.map((x) => round(x)),
    y: modelCurve(w, b, xs).map((v) => round(v)),
    line: { color, width: 2 },
    hovertemplate: `${name}<br>x = %{x:.2f}<br>pred = %{y:.3f}<extra></extra>`,
  };
}

/** Figure 1 of the blog ("Dataset 만들기"): the dataset as a scatter. */
export function datasetFigure(points: Points, title?: string): Figure {
  return { data: dataTraces(points), layout: baseLayout(paddedRange(points.X), title, "y (label)") };
}

/** Figure 2 ("학습 세팅하기"): the dataset plus the untrained model's curve in green. */
export function initialModelFigure(points: Points, w: number, b: number, title?: string): Figure {
  finite("initialModelFigure", "w", w);
  finite("initialModelFigure", "b", b);
  const range = paddedRange(points.X);
  const xs = linspace(range[0], range[1], CURVE_POINTS);
  return {
    data: [...dataTraces(points), curveTrace(w, b, xs, "initial model", COLORS.initial)],
    layout: baseLayout(range, title),
  };
}

/** The forward-only pass ("forward만 실행"): each sample's loss under the untrained model, against x. */
export function forwardLossFigure(points: Points, losses: readonly number[], title?: string): Figure {
  const { X, Y } = checkPoints("forwardLossFigure", points);
  finiteArray("forwardLossFigure", "losses", losses);
  if (losses.length !== X.length) {
    fail("forwardLossFigure", `losses must have one value per sample (${X.length})`, losses.length);
  }
  const side = (label: 0 | 1): Trace => {
    const idx = X.map((_, i) => i).filter((i) => Y[i] === label);
    return {
      type: "scatter",
      mode: "markers",
      name: `loss of a Y = ${label} sample`,
      x: idx.map((i) => round(X[i])),
      y: idx.map((i) => round(losses[i])),
      marker: { color: label === 1 ? COLORS.positive : COLORS.negative, size: 7 },
      hovertemplate: `x = %{x:.3f}<br>Y = ${label}<br>loss = %{y:.4f}<extra></extra>`,
    };
  };
  const layout = baseLayout(paddedRange(X), title, "loss");
  const maxLoss = Math.max(...losses);
  layout.yaxis = { ...(layout.yaxis as object), range: [0, round(maxLoss * 1.05, 2)], dtick: undefined };
  return { data: [side(0), side(1)], layout };
}

/**
 * The parameters a training run went through: where it started, and w, b after each SGD step.
 * A TrainingHistory from train() is one; so is `{ w0, b0, steps: { w: ws, b: bs } }` from a hand-written loop.
 */
export type Trajectory = ParamPath;

/**
 * Figure 3 ("학습 loop 만들기"): the curve after every SGD step in skyblue, then the initial
 * (green) and final (red) curves on top. The step curves are one trace per epoch, split by null
 * gaps, which draws ten times faster than one trace per step; hovering a curve tells its epoch and step.
 */
export function trainingFigure(points: Points, run: Trajectory, title?: string): Figure {
  checkPoints("trainingFigure", points);
  const nSteps = checkTrajectory("trainingFigure", run);
  const range = paddedRange(points.X);
  const xs = linspace(range[0], range[1], CURVE_POINTS);
  const { w, b } = paramsAfter(run, nSteps - 1);
  return {
    data: [
      ...dataTraces(points),
      ...stepCurvesTraces(run, xs, points.X.length),
      curveTrace(run.w0, run.b0, xs, "initial model", COLORS.initial),
      curveTrace(w, b, xs, "trained model", COLORS.final),
    ],
    layout: baseLayout(range, title),
  };
}

/**
 * Every step's curve, as one line trace per epoch with the curves separated by null gaps (ten traces
 * draw as fast as one; a thousand would take seconds). Each curve is thinned to the points needed to
 * draw it within about a pixel. The epoch is in each trace's hover text and the step number in each
 * point's customdata, so hovering a curve says "epoch 3 of 10, step 257 of 1000".
 */
function stepCurvesTraces(run: Trajectory, xs: readonly number[], stepsPerEpoch: number): Trace[] {
  const nSteps = checkTrajectory("stepCurvesTraces", run);
  finiteArray("stepCurvesTraces", "xs", xs);
  integer("stepCurvesTraces", "stepsPerEpoch", stepsPerEpoch);
  const nEpochs = Math.ceil(nSteps / stepsPerEpoch);
  const traces: Trace[] = [];
  for (let epoch = 0; epoch < nEpochs; epoch++) {
    const x: (number | null)[] = [];
    const y: (number | null)[] = [];
    const step: (number | null)[] = [];
    for (let k = epoch * stepsPerEpoch; k < Math.min(nSteps, (epoch + 1) * stepsPerEpoch); k++) {
      const curve = thinnedCurve(run.steps.w[k], run.steps.b[k], xs);
      x.push(...curve.x);
      y.push(...curve.y);
      for (let i = 0; i < curve.x.length; i++) step.push(k + 1);
      x.push(null);
      y.push(null);
      step.push(null);
    }
    traces.push({
      type: "scatter",
      mode: "lines",
      name: `after each step (${nSteps})`,
      legendgroup: "steps",
      showlegend: epoch === 0,
      x,
      y,
      customdata: step,
      connectgaps: false,
      line: { color: COLORS.step, width: 1 },
      // Shown 1-based: "epoch 1 of 10", "step 1 of 1000".
      hovertemplate: `epoch ${epoch + 1} of ${nEpochs}, step %{customdata} of ${nSteps}<extra></extra>`,
    });
  }
  return traces;
}

/**
 * The model's curve for (w, b) over xs, thinned to the points that change what is drawn: the rest
 * lie within 0.002 (in y, and the same share of the x-range) of the line through their neighbours.
 */
export function thinnedCurve(w: number, b: number, xs: readonly number[]): { x: number[]; y: number[] } {
  const yTolerance = 0.002;
  const xTolerance = ((xs[xs.length - 1] - xs[0]) * yTolerance) / 1.1;
  const ys = modelCurve(w, b, xs);
  const keep = simplifyPolyline(xs, ys, xTolerance, yTolerance);
  return { x: keep.map((i) => round(xs[i], 2)), y: keep.map((i) => round(ys[i], 3)) };
}

/**
 * The indices of the points of a polyline that keep it within (xTol, yTol) of the original —
 * Ramer–Douglas–Peucker, with distances measured in units of the tolerances.
 */
export function simplifyPolyline(xs: readonly number[], ys: readonly number[], xTol: number, yTol: number): number[] {
  if (xs.length !== ys.length)
    fail("simplifyPolyline", `xs and ys must have the same length; xs has ${xs.length}, ys has`, ys.length);
  const n = xs.length;
  if (n <= 2) return Array.from({ length: n }, (_, i) => i);
  const keep = new Uint8Array(n);
  keep[0] = keep[n - 1] = 1;
  const stack: [number, number][] = [[0, n - 1]];
  while (stack.length > 0) {
    const [a, c] = stack.pop()!;
    const ax = xs[a] / xTol;
    const ay = ys[a] / yTol;
    const dx = xs[c] / xTol - ax;
    const dy = ys[c] / yTol - ay;
    const length = Math.hypot(dx, dy);
    let worst = -1;
    let worstDistance = 1;
    for (let i = a + 1; i < c; i++) {
      const px = xs[i] / xTol - ax;
      const py = ys[i] / yTol - ay;
      const distance = length === 0 ? Math.hypot(px, py) : Math.abs(px * dy - py * dx) / length;
      if (distance > worstDistance) {
        worst = i;
        worstDistance = distance;
      }
    }
    if (worst >= 0) {
      keep[worst] = 1;
      stack.push([a, worst], [worst, c]);
    }
  }
  const out: number[] = [];
  keep.forEach((k, i) => k && out.push(i));
  return out;
}

function checkTrajectory(fn: string, run: Trajectory): number {
  if (typeof run !== "object" || run === null || typeof run.steps !== "object" || run.steps === null) {
    fail(fn, "run must be { w0, b0, steps: { w, b } } (e.g. what train() returns)", run);
  }
  finite(fn, "w0", run.w0);
  finite(fn, "b0", run.b0);
  const { w, b } = run.steps;
  if (w?.length !== b?.length) fail(fn, "steps.w and steps.b must have the same length; steps.b has", b?.length);
  for (let k = 0; k < w.length; k++) {
    finite(fn, `steps.w[${k}]`, w[k]);
    finite(fn, `steps.b[${k}]`, b[k]);
  }
  return w.length;
}

function checkPoints(fn: string, points: Points): Points {
  if (typeof points !== "object" || points === null) fail(fn, "points must be { X, Y } (e.g. a dataset)", points);
  checkSamples(fn, points.X, points.Y);
  return points;
}
