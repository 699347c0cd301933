// The pieces the blog's figures are drawn with: the data as dots, the model as a curve, a curve
// thinned to the points that matter, and how a long run is thinned to what a screen can show.
import type { Dataset } from "../math/dataset";
import { MAX_FIGURE_CURVES, MAX_FIGURE_POINTS } from "../math/limits";
import { modelCurve } from "../math/model";
import { checkSamples, fail } from "../math/validate";
import { COLORS, round, type Trace } from "./style";
import type { Text } from "./text";

/** The points a figure needs: the data, as makeDataset returns it (or just X and Y). */
export type Points = Pick<Dataset, "X" | "Y">;

/** How many points each model curve is sampled at, as the blog's np.linspace(…, 100). */
export const CURVE_POINTS = 100;

/** Checks a figure's points argument: { X, Y } with finite X and 0/1 labels. */
export function checkPoints(fn: string, points: Points): Points {
  if (typeof points !== "object" || points === null) fail(fn, "points must be { X, Y } (e.g. a dataset)", points);
  checkSamples(fn, points.X, points.Y);
  return points;
}

/**
 * The samples a chart draws: all of them up to MAX_FIGURE_POINTS, else every k-th (evenly spread),
 * with " — every 250th of 1 000 000 samples" for the legend.
 */
export function shownSamples(n: number, t: Text): { indices: number[]; note: string } {
  const { indices, every } = thin(n, MAX_FIGURE_POINTS);
  return { indices, note: every === 1 ? "" : ` — ${t.thinnedSamples(every, n)}` };
}

/** The blog's scatter: samples with Y = 0 in red at height 0, Y = 1 in blue at height 1. */
export function dataTraces(points: Points, t: Text): Trace[] {
  const { X, Y } = checkPoints("dataTraces", points);
  const { indices, note } = shownSamples(X.length, t);
  const side = (label: 0 | 1) => {
    const xs = indices.filter((i) => Y[i] === label).map((i) => round(X[i]));
    return {
      type: "scatter",
      mode: "markers",
      name: t.labelIs(label) + note,
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

/** A thinning of n items: the kept indices (every `every`-th, the first and the last always). */
export interface Thinning {
  indices: number[];
  every: number;
}

/**
 * Which of n items a chart shows: all of them up to `max`, else every k-th with k as small as keeps
 * the count at most `max` — the first and the last item always among them.
 */
export function thin(n: number, max = MAX_FIGURE_CURVES): Thinning {
  if (n <= max) return { indices: Array.from({ length: n }, (_, i) => i), every: 1 };
  const every = Math.ceil((n - 1) / (max - 1));
  const indices: number[] = [];
  for (let i = 0; i < n; i += every) indices.push(i);
  if (indices[indices.length - 1] !== n - 1) indices.push(n - 1);
  return { indices, every };
}
