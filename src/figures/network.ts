// Lessons 8–9's charts: what a model with two inputs decides everywhere in the plane (a heatmap
// of P(y = 1) with the data on top), what each hidden unit learned (its own straight line), how the
// decision surface changes over training (a slider), and one SGD step of the network as a graph.
import { MAX_FIGURE_CURVES } from "../math/limits";
import {
  shareRight,
  checkModel2D,
  checkParams,
  output,
  type Model2D,
  type NetworkRun,
  type NetworkStep,
} from "../math/network";
import { fail, integer, labelArray, matrix } from "../math/validate";
import { shownSamples, thin } from "./curves";
import { escapeHtml } from "./escape";
import {
  animationControls,
  axis,
  chartLayout,
  COLORS,
  figureOptions,
  round,
  type Figure,
  type FigureOptions,
  type Trace,
} from "./style";
import type { Text } from "./text";

/** Data with two inputs, as makeXorDataset and xorPoints return it. */
export interface Points2D {
  X: readonly (readonly number[])[];
  Y: readonly (0 | 1)[];
}

/** Options of the surface charts: a title, a language, and the grid's points per axis. */
export interface SurfaceFigureOptions extends FigureOptions {
  resolution?: number;
}

/** P(y = 1) from red (0) through white (0.5) to blue (1): the colours of the data's two labels, lighter. */
const PROBABILITY_COLORS = [
  [0, "#f3a5a5"],
  [0.5, "#ffffff"],
  [1, "#a5c3f3"],
];

/** Distinct colours for the hidden units' lines (Plotly's default cycle, without red and blue). */
const UNIT_COLORS = ["#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"];

function checkPoints2D(fn: string, points: Points2D): Points2D {
  if (typeof points !== "object" || points === null)
    fail(fn, "points must be { X, Y } with two inputs per sample", points);
  matrix(fn, "X", points.X, undefined, 2, " (one row [x1, x2] per sample)");
  labelArray(fn, "Y", points.Y);
  if (points.X.length !== points.Y.length) {
    fail(fn, `X and Y must have the same length; X has ${points.X.length}, Y has`, points.Y.length);
  }
  return points;
}

/** The square the charts show: the data's extent, padded by a quarter of its size (at least 0.25). */
function plotRange(points: Points2D): { lo: number; hi: number } {
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of points.X) for (const v of x) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  const pad = Math.max((hi - lo) * 0.25, 0.25);
  return { lo: lo - pad, hi: hi + pad };
}

function gridOf(fn: string, opts: SurfaceFigureOptions | string | undefined, fallback: number): number {
  const resolution = typeof opts === "object" && opts.resolution !== undefined ? opts.resolution : fallback;
  integer(fn, "resolution", resolution, 2);
  if (resolution > 200) fail(fn, "resolution must be at most 200 (finer than the chart can show)", resolution);
  return resolution;
}

/** The model's P(y = 1) on an n × n grid over the range, to 2 decimals (finer than any colour step): z[i][j] at x2 = axis[i], x1 = axis[j]. */
function surface(model: Model2D, lo: number, hi: number, n: number): { axis: number[]; z: number[][] } {
  const values = Array.from({ length: n }, (_, k) => lo + ((hi - lo) * k) / (n - 1));
  return {
    axis: values.map((v) => round(v, 3)),
    z: values.map((x2) => values.map((x1) => round(output(model, [x1, x2]), 2))),
  };
}

function probabilityTrace(grid: { axis: number[]; z: number[][] }, t: Text): Trace {
  return {
    type: "heatmap",
    name: t.probability,
    x: grid.axis,
    y: grid.axis,
    z: grid.z,
    zmin: 0,
    zmax: 1,
    colorscale: PROBABILITY_COLORS,
    colorbar: { title: { text: t.probability, side: "right" }, thickness: 12, len: 0.8 },
    hovertemplate: `x₁ %{x:.2f}<br>x₂ %{y:.2f}<br>${t.probability} %{z:.2f}<extra></extra>`,
  };
}

function boundaryTrace(grid: { axis: number[]; z: number[][] }, t: Text): Trace {
  return {
    type: "contour",
    name: t.boundary,
    x: grid.axis,
    y: grid.axis,
    z: grid.z,
    autocontour: false,
    contours: { start: 0.5, end: 0.5, size: 1, coloring: "none" },
    line: { color: "black", width: 2 },
    showscale: false,
    showlegend: true,
    hoverinfo: "skip",
  };
}

function pointTraces(points: Points2D, t: Text): Trace[] {
  const { indices, note } = shownSamples(points.X.length, t);
  return ([0, 1] as const).map((label) => {
    const idx = indices.filter((i) => points.Y[i] === label);
    return {
      type: "scatter",
      mode: "markers",
      name: t.labelIs(label) + note,
      x: idx.map((i) => round(points.X[i][0])),
      y: idx.map((i) => round(points.X[i][1])),
      marker: {
        color: label === 1 ? COLORS.positive : COLORS.negative,
        size: points.X.length > 50 ? 7 : 14,
        line: { color: "white", width: 1 },
      },
      hovertemplate: `x₁ %{x:.3f}<br>x₂ %{y:.3f}<br>Y = ${label}<extra></extra>`,
    };
  });
}

/** A square plane with x₁ across and x₂ up. */
function planeLayout(title: string | undefined, lo: number, hi: number, t: Text, extra: Record<string, unknown> = {}) {
  const range = [round(lo, 3), round(hi, 3)];
  return chartLayout(title, {
    width: 620,
    height: 560,
    margin: { l: 60, r: 20, t: title ? 90 : 60, b: 50 },
    xaxis: axis(t.x1, { range, constrain: "domain" }),
    yaxis: axis(t.x2, { range, scaleanchor: "x", constrain: "domain" }),
    ...extra,
  });
}

/**
 * The decision surface: the model's P(y = 1) at every point of the plane as a heatmap (red → white
 * → blue), the line where it crosses 0.5, and the data on top. A single neuron's line is straight;
 * a network's can bend around the XOR quadrants.
 */
export function decisionSurfaceFigure(points: Points2D, model: Model2D, opts?: SurfaceFigureOptions | string): Figure {
  const fn = "decisionSurfaceFigure";
  const { title, t } = figureOptions(fn, opts);
  checkPoints2D(fn, points);
  checkModel2D(fn, model);
  const { lo, hi } = plotRange(points);
  const grid = surface(model, lo, hi, gridOf(fn, opts, 60));
  return {
    data: [probabilityTrace(grid, t), boundaryTrace(grid, t), ...pointTraces(points, t)],
    layout: planeLayout(title, lo, hi, t),
  };
}

/** "3.21·x₁ − 2.05·x₂ + 0.40" for a unit's weights and bias. */
function equation(w: readonly number[], b: number): string {
  const term = (c: number, name: string, first: boolean) =>
    `${c < 0 ? (first ? "−" : " − ") : first ? "" : " + "}${Math.abs(c).toFixed(2)}${name}`;
  return term(w[0], "·x₁", true) + term(w[1], "·x₂", false) + term(b, "", false);
}

/**
 * What each hidden unit learned: unit h's own line W1[h]·x + b1[h] = 0, where its output crosses
 * 0.5 — a straight cut of the plane, like the single neuron's. The network's decision boundary (the
 * black curve) is built from these cuts.
 */
export function hiddenUnitsFigure(
  points: Points2D,
  params: NetworkRun["params"],
  opts?: SurfaceFigureOptions | string,
): Figure {
  const fn = "hiddenUnitsFigure";
  const { title, t } = figureOptions(fn, opts);
  checkPoints2D(fn, points);
  checkParams(fn, params, "params", 2);
  const { lo, hi } = plotRange(points);
  const grid = surface(params, lo, hi, gridOf(fn, opts, 60));
  const units: Trace[] = params.W1.map((w, h) => {
    const line = cutLine(w, params.b1[h], lo, hi);
    const color = UNIT_COLORS[h % UNIT_COLORS.length];
    return {
      type: "scatter",
      mode: "lines",
      name: t.hiddenUnit(h + 1, equation(w, params.b1[h])),
      x: line.x,
      y: line.y,
      line: { color, width: 2.5, dash: h >= UNIT_COLORS.length ? "dash" : "solid" },
      hoverinfo: "name",
    };
  });
  return {
    data: [
      { ...boundaryTrace(grid, t), line: { color: "black", width: 1.5, dash: "dot" } },
      ...units,
      ...pointTraces(points, t),
    ],
    layout: planeLayout(title, lo, hi, t, {
      height: 560 + 20 * Math.ceil(params.W1.length / 2),
      legend: { orientation: "h", x: 0, y: -0.12, xanchor: "left", yanchor: "top" },
      margin: { l: 60, r: 20, t: title ? 60 : 30, b: 60 + 22 * Math.ceil(params.W1.length / 2) },
    }),
  };
}

/** The part of the line w·x + b = 0 inside the square [lo, hi]² (two points, or none). */
function cutLine(w: readonly number[], b: number, lo: number, hi: number): { x: number[]; y: number[] } {
  const hits: [number, number][] = [];
  const inside = (v: number) => v >= lo - 1e-9 && v <= hi + 1e-9;
  if (w[1] !== 0) for (const x of [lo, hi]) hits.push([x, -(w[0] * x + b) / w[1]]);
  if (w[0] !== 0) for (const y of [lo, hi]) hits.push([-(w[1] * y + b) / w[0], y]);
  const kept = hits.filter(([x, y]) => inside(x) && inside(y));
  kept.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  if (kept.length < 2) return { x: [], y: [] };
  const [a, c] = [kept[0], kept[kept.length - 1]];
  return { x: [round(a[0]), round(c[0])], y: [round(a[1]), round(c[1])] };
}

/**
 * The decision surface over training: one frame per snapshot of the run (at most MAX_SNAPSHOTS,
 * evenly spaced from the start to the end), with a slider and a play button. Each frame redraws the
 * heatmap and the 0.5 line; the caption says the step and the accuracy there.
 */
export function surfaceStepThroughFigure(
  points: Points2D,
  run: NetworkRun,
  opts?: SurfaceFigureOptions | string,
): Figure {
  const fn = "surfaceStepThroughFigure";
  const { title, t } = figureOptions(fn, opts);
  checkPoints2D(fn, points);
  if (typeof run !== "object" || run === null || !Array.isArray(run.snapshots) || run.snapshots.length === 0) {
    fail(fn, "run must be what trainNetwork returns", run);
  }
  const { lo, hi } = plotRange(points);
  const n = gridOf(fn, opts, 40);
  const { indices } = thin(run.snapshots.length, Math.min(MAX_FIGURE_CURVES, 100));
  const shots = indices.map((i) => run.snapshots[i]);
  const frameOf = (s: (typeof shots)[number]) => {
    const grid = surface(s.params, lo, hi, n);
    const caption = t.surfaceCaption(s.step, run.nSteps, shareRight(s.params, points.X, points.Y));
    return { grid, caption };
  };
  const first = frameOf(shots[0]);
  const data: Trace[] = [probabilityTrace(first.grid, t), boundaryTrace(first.grid, t), ...pointTraces(points, t)];
  const frames = shots.map((s) => {
    const f = frameOf(s);
    return {
      name: String(s.step),
      data: [{ z: f.grid.z }, { z: f.grid.z }],
      traces: [0, 1],
      layout: { annotations: [caption(f.caption)] },
    };
  });
  return {
    data,
    frames,
    layout: planeLayout(title, lo, hi, t, {
      height: 660,
      margin: { l: 60, r: 20, t: title ? 110 : 80, b: 130 },
      // The legend goes one line above the caption, which sits just above the plane.
      legend: { orientation: "h", x: 0, y: 1.07, xanchor: "left", yanchor: "bottom" },
      annotations: [caption(first.caption)],
      // The slider starts past the play and pause buttons (≈ 145 px of the 540 px plane).
      ...animationControls({
        frames: shots.map((s) => String(s.step)),
        prefix: t.afterSteps,
        t,
        y: -0.14,
        sliderX: 0.34,
        frameMs: 120,
        redraw: true,
      }),
    }),
  };
}

/** The caption above the plane: the step and the accuracy of the frame shown. */
function caption(text: string): Record<string, unknown> {
  return {
    text,
    xref: "paper",
    yref: "paper",
    x: 0,
    y: 1.01,
    xanchor: "left",
    yanchor: "bottom",
    showarrow: false,
    font: { size: 13 },
  };
}

const fmt = (v: number) => (Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(2) : v.toFixed(3));

/**
 * One SGD step of the network as a computational graph (SVG): inputs, hidden units, output and loss,
 * each with its forward value in black and, in red, the gradient the backward pass brings to it.
 * The edges into the output carry their weights. Up to 6 hidden units are drawn; more are summarised.
 */
export function networkGraphSvg(step: NetworkStep, opts?: Omit<FigureOptions, "title">): string {
  const { t } = figureOptions("networkGraphSvg", opts);
  if (typeof step !== "object" || step === null || !Array.isArray(step.z1)) {
    fail("networkGraphSvg", "step must be what networkStep returns", step);
  }
  const H = step.z1.length;
  const shown = Math.min(H, 6);
  const rowH = 74;
  const height = Math.max(2, shown) * rowH + 90;
  const midY = (k: number, count: number) => 40 + ((height - 90) * (k + 0.5)) / count;
  const box = (x: number, y: number, w: number, lines: string[], fill: string) =>
    [
      `<rect x="${x}" y="${y - 30}" width="${w}" height="60" rx="9" fill="${fill}" stroke="#333" stroke-width="1.3"/>`,
      ...lines.map(
        (l, i) =>
          `<text x="${x + w / 2}" y="${y - 12 + i * 17}" text-anchor="middle"${i === lines.length - 1 ? ' fill="#b00"' : ""}${i === 0 ? ' font-weight="bold"' : ""}>${escapeHtml(l)}</text>`,
      ),
    ].join("");
  const edge = (x1: number, y1: number, x2: number, y2: number, labels: string[] = []) =>
    `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="#888" stroke-width="1"/>` +
    labels
      .map(
        (label, i) =>
          `<text x="${x1 + (x2 - x1) * 0.3}" y="${y1 + (y2 - y1) * 0.3 - 4 + i * 13}" font-size="10.5"${i > 0 ? ' fill="#b00"' : ' fill="#333"'} text-anchor="middle">${escapeHtml(label)}</text>`,
      )
      .join("");
  const parts: string[] = [];
  const inX = 20;
  const hidX = 250;
  const outX = 540;
  const lossX = 760;
  const W = { in: 130, hid: 190, out: 170, loss: 150 };
  const inputsY = step.x.map((_, j) => midY(j, step.x.length));
  const hiddenY = Array.from({ length: shown }, (_, h) => midY(h, shown));
  const outY = height / 2 - 20;
  // The edges first, under the boxes: input j → unit h, then unit h → output.
  for (let h = 0; h < shown; h++) {
    step.x.forEach((_, j) => parts.push(edge(inX + W.in, inputsY[j], hidX, hiddenY[h])));
    const w = step.before.W2[0][h];
    parts.push(edge(hidX + W.hid, hiddenY[h], outX, outY, [`w = ${fmt(w)}`, `∂L/∂w = ${fmt(step.dlossDW2[0][h])}`]));
  }
  parts.push(`<line x1="${outX + W.out}" y1="${outY}" x2="${lossX}" y2="${outY}" stroke="#888" stroke-width="1"/>`);
  step.x.forEach((v, j) => parts.push(box(inX, inputsY[j], W.in, [t.graphInput(j + 1), fmt(v)], "#eef")));
  for (let h = 0; h < shown; h++) {
    parts.push(
      box(
        hidX,
        hiddenY[h],
        W.hid,
        [
          `${t.graphHidden(h + 1)}: z = ${fmt(step.z1[h])}`,
          `a = σ(z) = ${fmt(step.a1[h])}`,
          `∂L/∂a = ${fmt(step.dlossDa1[h])}, ∂L/∂z = ${fmt(step.dlossDz1[h])}`,
        ],
        "#fff",
      ),
    );
  }
  parts.push(
    box(
      outX,
      outY,
      W.out,
      [
        `${t.graphOutput}: z = ${fmt(step.z2[0])}`,
        `pred = σ(z) = ${fmt(step.pred)}`,
        `∂L/∂z = pred − y = ${fmt(step.dlossDz2[0])}`,
      ],
      "#fff",
    ),
  );
  parts.push(
    box(
      lossX,
      outY,
      W.loss,
      [`${t.graphLoss} (y = ${step.y})`, `L = ${fmt(step.loss)}`, `∂L/∂pred = ${fmt(step.dlossDpred)}`],
      "#fee",
    ),
  );
  if (H > shown)
    parts.push(
      `<text x="${hidX}" y="${height - 42}" font-size="12" fill="#555">${escapeHtml(t.moreUnits(H - shown))}</text>`,
    );
  parts.push(
    `<text x="20" y="${height - 18}" font-size="12" fill="#555">${escapeHtml(t.netGraphCaption(step.y, step.lr))}</text>`,
  );
  const width = 930;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    ...parts,
    `</svg>`,
  ].join("\n");
}
