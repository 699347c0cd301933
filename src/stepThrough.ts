// Step-through: one Plotly figure with a slider and a play button over every SGD step. Each
// animation frame shows the model after that step, the sample that moved it, and where the step
// sits on the loss curve. Frames update only the traces that change, so a slider move redraws
// four small traces instead of the whole figure.
import {
  AXIS_STYLE,
  COLORS,
  CURVE_POINTS,
  chartLayout,
  dataTraces,
  round,
  thinnedCurve,
  type Figure,
  type Points,
  type Trace,
} from "./figures";
import { stepLossTraces } from "./lossFigures";
import { linspace, modelCurve, paddedRange } from "./model";
import { stepAt, type TrainingHistory } from "./train";
import { fail } from "./validate";

/** The traces a frame replaces: current curve, highlighted sample, step text, loss cursor. */
const FRAME_TRACES = [3, 4, 5, 8];

/** Where the step text sits: above the data, inside the top panel. */
const TEXT_Y = 1.22;

/** The slider's own step: jump straight to frame `name`, with no transition. */
function jumpTo(name: string | null): unknown[] {
  return [[name], { mode: "immediate", frame: { duration: 0, redraw: false }, transition: { duration: 0 } }];
}

/**
 * The step-through figure: scrub or play through all SGD steps of a training run. Top: the data,
 * the initial model (green, dashed) and the model after the current step, with the step's sample
 * ringed. Bottom: every step's loss, its running mean, and the current step.
 */
export function stepThroughFigure(points: Points, history: TrainingHistory, title?: string): Figure {
  if (typeof history !== "object" || history === null || !(history.nSteps > 0)) {
    fail("stepThroughFigure", "history must be a training run with at least one step", history);
  }
  const range = paddedRange(points.X);
  const xs = linspace(range[0], range[1], CURVE_POINTS);
  const loss = Array.from(history.steps.loss);
  const [eachStep, runningMeanTrace] = stepLossTraces(history);

  const frameData = (k: number): Trace[] => {
    const s = stepAt(history, k);
    const text =
      `step ${k + 1} of ${history.nSteps} (epoch ${s.epoch + 1}) · sample x = ${s.x.toFixed(2)}, y = ${s.y}` +
      ` · pred ${s.pred.toFixed(3)} · loss ${s.loss.toFixed(3)} · w → ${s.w.toFixed(3)}, b → ${s.b.toFixed(3)}`;
    return [
      thinnedCurve(s.w, s.b, xs),
      { x: [round(s.x)], y: [s.y] },
      { x: [round(range[0] + (range[1] - range[0]) * 0.01)], y: [TEXT_Y], text: [text] },
      { x: [k + 1], y: [round(s.loss)] },
    ];
  };

  const first = frameData(0);
  const steps = Array.from({ length: history.nSteps }, (_, k) => k + 1);
  const data: Trace[] = [
    ...dataTraces(points),
    {
      type: "scatter",
      mode: "lines",
      name: "initial model",
      x: xs.map((x) => round(x, 2)),
      y: modelCurve(history.w0, history.b0, xs).map((v) => round(v, 3)),
      line: { color: COLORS.initial, width: 1.5, dash: "dash" },
      hoverinfo: "skip",
    },
    {
      type: "scatter",
      mode: "lines",
      name: "model after this step",
      line: { color: "black", width: 2.5 },
      hoverinfo: "skip",
      ...first[0],
    },
    {
      type: "scatter",
      mode: "markers",
      name: "the sample of this step",
      marker: { size: 18, color: "rgba(255,215,0,0.5)", line: { color: "black", width: 2 } },
      hovertemplate: "this step's sample<br>x = %{x:.3f}, y = %{y}<extra></extra>",
      ...first[1],
    },
    {
      type: "scatter",
      mode: "text",
      textposition: "middle right",
      showlegend: false,
      hoverinfo: "skip",
      textfont: { size: 12 },
      ...first[2],
    },
    { ...eachStep, showlegend: false, xaxis: "x2", yaxis: "y2" },
    { ...runningMeanTrace, name: `running mean loss (last ${history.nSamples} steps)`, xaxis: "x2", yaxis: "y2" },
    {
      type: "scatter",
      mode: "markers",
      name: "this step",
      showlegend: false,
      xaxis: "x2",
      yaxis: "y2",
      marker: { size: 10, color: "black" },
      hovertemplate: "step %{x}<br>loss %{y:.4f}<extra></extra>",
      ...first[3],
    },
  ];

  const frames = steps.map((_, k) => ({ name: String(k + 1), data: frameData(k), traces: FRAME_TRACES }));
  const maxLoss = Math.max(...loss);
  const invisible = "rgba(0,0,0,0)";
  return {
    data,
    frames,
    layout: chartLayout(title, {
      height: 620,
      margin: { l: 60, r: 20, t: title ? 100 : 70, b: 110 },
      xaxis: { ...AXIS_STYLE, title: { text: "x" }, range: range.map((v) => round(v)), anchor: "y" },
      yaxis: {
        ...AXIS_STYLE,
        title: { text: "y / pred" },
        range: [-0.05, 1.32],
        tickvals: [0, 0.2, 0.4, 0.6, 0.8, 1],
        domain: [0.36, 1],
      },
      xaxis2: { ...AXIS_STYLE, title: { text: "SGD step" }, anchor: "y2", range: [0, history.nSteps + 1] },
      yaxis2: {
        ...AXIS_STYLE,
        title: { text: "loss" },
        anchor: "x2",
        domain: [0, 0.22],
        range: [0, round(maxLoss * 1.05, 2)],
      },
      updatemenus: [
        {
          type: "buttons",
          direction: "left",
          showactive: false,
          x: 0,
          xanchor: "left",
          y: -0.1,
          yanchor: "top",
          pad: { t: 0, r: 10 },
          buttons: [
            {
              label: "▶ play",
              method: "animate",
              args: [
                null,
                {
                  frame: { duration: 30, redraw: false },
                  transition: { duration: 0 },
                  fromcurrent: true,
                  mode: "immediate",
                },
              ],
            },
            { label: "❚❚ pause", method: "animate", args: jumpTo(null) },
          ],
        },
      ],
      sliders: [
        {
          active: 0,
          x: 0.2,
          len: 0.8,
          y: -0.1,
          yanchor: "top",
          pad: { t: 0 },
          currentvalue: { prefix: "step ", font: { size: 13, color: "black" } },
          // 1000 tick labels would be unreadable: the current value above the slider names the step.
          font: { color: invisible },
          tickcolor: invisible,
          ticklen: 0,
          minorticklen: 0,
          steps: steps.map((k) => ({ method: "animate", label: String(k), args: jumpTo(String(k)) })),
        },
      ],
    }),
  };
}
