// Step-through: one Plotly figure with a slider and a play button over the SGD steps. Each animation
// frame shows the model after that step, the sample that moved it, and where the step sits on the
// loss curve. Frames update only the traces that change, so a slider move redraws four small traces
// instead of the whole figure. A run of more than MAX_FIGURE_CURVES steps gets a frame every k steps.
import { linspace, modelCurve, paddedRange } from "../math/model";
import { stepAt, stepOfRecord, type TrainingHistory } from "../math/train";
import { fail } from "../math/validate";
import { CURVE_POINTS, checkPoints, dataTraces, thin, thinnedCurve, type Points } from "./curves";
import {
  animationControls,
  AXIS_STYLE,
  chartLayout,
  COLORS,
  figureOptions,
  round,
  type Figure,
  type FigureOptions,
  type Trace,
} from "./style";
import { stepLossTraces } from "./training";

/** Where the step text sits: above the data, inside the top panel. */
const TEXT_Y = 1.22;

/**
 * The step-through figure: scrub or play through the SGD steps of a training run. Top: the data,
 * the initial model (green, dashed) and the model after the current step, with the step's sample
 * ringed. Bottom: every step's loss, its running mean, and the current step.
 */
export function stepThroughFigure(points: Points, history: TrainingHistory, opts?: FigureOptions | string): Figure {
  const { title, t } = figureOptions("stepThroughFigure", opts);
  checkPoints("stepThroughFigure", points);
  if (typeof history !== "object" || history === null || !(history.nSteps > 0) || !history.steps) {
    fail("stepThroughFigure", "history must be a training run with at least one step", history);
  }
  const range = paddedRange(points.X);
  const xs = linspace(range[0], range[1], CURVE_POINTS);
  const [eachStep, runningMeanTrace] = stepLossTraces(history, t);
  const { indices } = thin(history.steps.w.length);
  const shown = indices.map((j) => stepOfRecord(history, j));

  // What changes from frame to frame: the curve, the ringed sample, the caption, the loss cursor.
  const moving = (k: number) => {
    const s = stepAt(history, k);
    const caption = t.stepCaption({ ...s, step: k + 1, nSteps: history.nSteps, epoch: s.epoch + 1 });
    return {
      current: thinnedCurve(s.w, s.b, xs),
      sample: { x: [round(s.x)], y: [s.y] },
      caption: { x: [round(range[0] + (range[1] - range[0]) * 0.01)], y: [TEXT_Y], text: [caption] },
      cursor: { x: [k + 1], y: [round(s.loss)] },
    };
  };
  const first = moving(shown[0]);
  const [data0, data1] = dataTraces(points, t);
  // The traces in drawing order; frames name theirs by key, so their indices follow this order.
  const traces: Record<string, Trace> = {
    data0,
    data1,
    initial: {
      type: "scatter",
      mode: "lines",
      name: t.initialModel,
      x: xs.map((x) => round(x, 2)),
      y: modelCurve(history.w0, history.b0, xs).map((v) => round(v, 3)),
      line: { color: COLORS.initial, width: 1.5, dash: "dash" },
      hoverinfo: "skip",
    },
    current: {
      type: "scatter",
      mode: "lines",
      name: t.modelAfterStep,
      line: { color: "black", width: 2.5 },
      hoverinfo: "skip",
      ...first.current,
    },
    sample: {
      type: "scatter",
      mode: "markers",
      name: t.sampleOfStep,
      marker: { size: 18, color: "rgba(255,215,0,0.5)", line: { color: "black", width: 2 } },
      hovertemplate: `${t.thisStepsSample}<br>x = %{x:.3f}, y = %{y}<extra></extra>`,
      ...first.sample,
    },
    caption: {
      type: "scatter",
      mode: "text",
      textposition: "middle right",
      showlegend: false,
      hoverinfo: "skip",
      textfont: { size: 12 },
      ...first.caption,
    },
    lossEach: { ...eachStep, showlegend: false, xaxis: "x2", yaxis: "y2" },
    lossMean: { ...runningMeanTrace, name: t.runningMeanLoss(history.nSamples), xaxis: "x2", yaxis: "y2" },
    cursor: {
      type: "scatter",
      mode: "markers",
      name: t.thisStep,
      showlegend: false,
      xaxis: "x2",
      yaxis: "y2",
      marker: { size: 10, color: "black" },
      hovertemplate: `${t.step} %{x}<br>${t.loss} %{y:.4f}<extra></extra>`,
      ...first.cursor,
    },
  };
  const order = Object.keys(traces);
  const frameKeys = ["current", "sample", "caption", "cursor"] as const;
  const frameTraces = frameKeys.map((key) => order.indexOf(key));
  const frames = shown.map((k) => {
    const m = moving(k);
    return { name: String(k + 1), data: frameKeys.map((key) => m[key]), traces: frameTraces };
  });

  let maxLoss = 0;
  for (const l of history.steps.loss) maxLoss = Math.max(maxLoss, l);
  return {
    data: Object.values(traces),
    frames,
    layout: chartLayout(title, {
      height: 620,
      margin: { l: 60, r: 20, t: title ? 100 : 70, b: 110 },
      xaxis: { ...AXIS_STYLE, title: { text: t.x }, range: range.map((v) => round(v)), anchor: "y" },
      yaxis: {
        ...AXIS_STYLE,
        title: { text: t.yPred },
        range: [-0.05, 1.32],
        tickvals: [0, 0.2, 0.4, 0.6, 0.8, 1],
        domain: [0.36, 1],
      },
      xaxis2: { ...AXIS_STYLE, title: { text: t.sgdStep }, anchor: "y2", range: [0, history.nSteps + 1] },
      yaxis2: {
        ...AXIS_STYLE,
        title: { text: t.loss },
        anchor: "x2",
        domain: [0, 0.22],
        range: [0, round(maxLoss * 1.05, 2)],
      },
      ...animationControls({
        frames: shown.map((k) => String(k + 1)),
        prefix: t.sliderPrefix,
        t,
        y: -0.1,
        sliderX: 0.2,
        frameMs: 30,
        redraw: false,
        hideTicks: true,
      }),
    }),
  };
}
