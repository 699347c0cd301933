// The blog's three matplotlib figures, and its forward-only losses, as Plotly figure specs. Pure
// functions from data to plain JSON: no DOM, no kernel, so they are tested in plain Node and drawn
// by whichever front end shows them.
import { linspace, paddedRange } from "../math/model";
import { recordedSteps, stepOfRecord, type ParamPath } from "../math/train";
import { fail, finite, finiteArray, integer } from "../math/validate";
import {
  CURVE_POINTS,
  checkPoints,
  curveTrace,
  dataTraces,
  shownSamples,
  thin,
  thinnedCurve,
  type Points,
} from "./curves";
import { baseLayout, COLORS, figureOptions, round, type Figure, type FigureOptions, type Trace } from "./style";
import type { Text } from "./text";

/** Figure 1 of the blog ("Dataset 만들기"): the dataset as a scatter. */
export function datasetFigure(points: Points, opts?: FigureOptions | string): Figure {
  const { title, t } = figureOptions("datasetFigure", opts);
  checkPoints("datasetFigure", points);
  return { data: dataTraces(points, t), layout: baseLayout(paddedRange(points.X), title, t, t.yLabel) };
}

/** Figure 2 ("학습 세팅하기"): the dataset plus the untrained model's curve in green. */
export function initialModelFigure(points: Points, w: number, b: number, opts?: FigureOptions | string): Figure {
  const { title, t } = figureOptions("initialModelFigure", opts);
  checkPoints("initialModelFigure", points);
  finite("initialModelFigure", "w", w);
  finite("initialModelFigure", "b", b);
  const range = paddedRange(points.X);
  const xs = linspace(range[0], range[1], CURVE_POINTS);
  return {
    data: [...dataTraces(points, t), curveTrace(w, b, xs, t.initialModel, COLORS.initial)],
    layout: baseLayout(range, title, t),
  };
}

/** The forward-only pass ("forward만 실행"): each sample's loss under the untrained model, against x. */
export function forwardLossFigure(points: Points, losses: readonly number[], opts?: FigureOptions | string): Figure {
  const { title, t } = figureOptions("forwardLossFigure", opts);
  const { X, Y } = checkPoints("forwardLossFigure", points);
  finiteArray("forwardLossFigure", "losses", losses);
  if (losses.length !== X.length) {
    fail("forwardLossFigure", `losses must have one value per sample (${X.length})`, losses.length);
  }
  const { indices, note } = shownSamples(X.length, t);
  const side = (label: 0 | 1): Trace => {
    const idx = indices.filter((i) => Y[i] === label);
    return {
      type: "scatter",
      mode: "markers",
      name: t.sampleLoss(label) + note,
      x: idx.map((i) => round(X[i])),
      y: idx.map((i) => round(losses[i])),
      marker: { color: label === 1 ? COLORS.positive : COLORS.negative, size: 7 },
      hovertemplate: `x = %{x:.3f}<br>Y = ${label}<br>${t.loss} = %{y:.4f}<extra></extra>`,
    };
  };
  const layout = baseLayout(paddedRange(X), title, t, t.loss);
  let maxLoss = 0;
  for (const l of losses) maxLoss = Math.max(maxLoss, l);
  layout.yaxis = { ...(layout.yaxis as object), range: [0, round(maxLoss * 1.05, 2)], dtick: undefined };
  return { data: [side(0), side(1)], layout };
}

/**
 * Figure 3 ("학습 loop 만들기"): the curve after every SGD step in skyblue, then the initial
 * (green) and final (red) curves on top. `run` is a training history, or `{ w0, b0, steps: { w, b } }`
 * from a hand-written loop. The step curves are one trace per epoch, split by null gaps, which draws
 * ten times faster than one trace per step; hovering a curve tells its epoch and step. A run of more
 * than MAX_FIGURE_CURVES steps shows every k-th step's curve, and the legend says so.
 */
export function trainingFigure(points: Points, run: ParamPath, opts?: FigureOptions | string): Figure {
  const { title, t } = figureOptions("trainingFigure", opts);
  checkPoints("trainingFigure", points);
  checkPath("trainingFigure", run);
  const range = paddedRange(points.X);
  const xs = linspace(range[0], range[1], CURVE_POINTS);
  const n = recordedSteps(run);
  const last = n === 0 ? { w: run.w0, b: run.b0 } : { w: run.steps.w[n - 1], b: run.steps.b[n - 1] };
  return {
    data: [
      ...dataTraces(points, t),
      ...stepCurvesTraces(run, xs, points.X.length, t),
      curveTrace(run.w0, run.b0, xs, t.initialModel, COLORS.initial),
      curveTrace(last.w, last.b, xs, t.trainedModel, COLORS.final),
    ],
    layout: baseLayout(range, title, t),
  };
}

/**
 * The step curves, as one line trace per epoch with the curves separated by null gaps (ten traces
 * draw as fast as one; a thousand would take seconds). Each curve is thinned to the points needed to
 * draw it within about a pixel. The epoch is in each trace's hover text and the step number in each
 * point's customdata, so hovering a curve says "epoch 3 of 10, step 257 of 1000".
 */
function stepCurvesTraces(run: ParamPath, xs: readonly number[], stepsPerEpoch: number, t: Text): Trace[] {
  integer("trainingFigure", "stepsPerEpoch", stepsPerEpoch);
  const n = recordedSteps(run);
  const { indices } = thin(n);
  const nSteps = n === 0 ? 0 : stepOfRecord(run, n - 1) + 1;
  const nEpochs = Math.ceil(nSteps / stepsPerEpoch);
  const stride = indices.length > 1 ? stepOfRecord(run, indices[1]) - stepOfRecord(run, indices[0]) : 1;
  const shown = indices.length === nSteps ? "" : ` — ${t.thinned(stride, nSteps)}`;
  const byEpoch = new Map<number, { x: (number | null)[]; y: (number | null)[]; step: (number | null)[] }>();
  for (const j of indices) {
    const k = stepOfRecord(run, j);
    const epoch = Math.floor(k / stepsPerEpoch);
    let trace = byEpoch.get(epoch);
    if (!trace) byEpoch.set(epoch, (trace = { x: [], y: [], step: [] }));
    const curve = thinnedCurve(run.steps.w[j], run.steps.b[j], xs);
    trace.x.push(...curve.x, null);
    trace.y.push(...curve.y, null);
    for (let i = 0; i < curve.x.length; i++) trace.step.push(k + 1);
    trace.step.push(null);
  }
  return [...byEpoch.entries()].map(([epoch, trace], i) => ({
    type: "scatter",
    mode: "lines",
    name: t.afterEachStep(nSteps) + shown,
    legendgroup: "steps",
    showlegend: i === 0,
    x: trace.x,
    y: trace.y,
    customdata: trace.step,
    connectgaps: false,
    line: { color: COLORS.step, width: 1 },
    // Shown 1-based: "epoch 1 of 10", "step 1 of 1000".
    hovertemplate: `${t.epochOfStep(epoch + 1, nEpochs, nSteps)}<extra></extra>`,
  }));
}

/** Checks a path of parameters: finite start, w and b of equal length, all finite. */
export function checkPath(fn: string, run: ParamPath): number {
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
