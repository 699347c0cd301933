// Gradient checking: compare each hand-written backward() with a numerical derivative of its own
// forward(), (f(v + h) − f(v − h)) / 2h. If they disagree, the backward is wrong.
import { BCELoss, LinearFunction, Sigmoid } from "./layers";
import { pickRng, type Rng, type Seed } from "./random";
import { fail, finite, integer, label, options, positive } from "./validate";

/** Relative error below which an analytic and a numerical derivative count as equal. */
export const GRADCHECK_TOLERANCE = 1e-6;

/**
 * The learning rate checkLinear and checkChain hand to backward(): 0.5, not 1, so that a backward
 * which forgets to scale its step by lr is caught as well.
 */
export const CHECK_LR = 0.5;

/** The step h of the central differences; about the cube root of float64's epsilon. */
export const DEFAULT_STEP = 1e-5;

/** Which derivative a check compares, as a stable key (the `derivative` text is for people). */
export type DerivativeId = "linear.w" | "linear.b" | "sigmoid.z" | "loss.pred" | "chain.w" | "chain.b";

/** One comparison: which derivative, where, both values, and their relative error. */
export interface GradCheckRow {
  id: DerivativeId;
  layer: string;
  derivative: string;
  at: string;
  analytic: number;
  numeric: number;
  relError: number;
  ok: boolean;
}

/** Anything built like the blog's LinearFunction: new (w, b) → forward(x) → backward(dlossDz, lr). */
export type LinearClass = new (opts: { w: number; b: number }) => {
  w: number;
  b: number;
  forward(x: number): number;
  backward(dlossDz: number, lr: number): void;
};
/** Anything built like the blog's Sigmoid. */
export type SigmoidClass = new () => { forward(z: number): number; backward(dlossDa: number): number };
/** Anything built like the blog's BCELoss. */
export type LossClass = new () => { forward(pred: number, y: number): number; backward(): number };

/** The central-difference estimate of f′(v): (f(v + h) − f(v − h)) / 2h. */
export function centralDifference(f: (v: number) => number, v: number, h = DEFAULT_STEP): number {
  if (typeof f !== "function") fail("centralDifference", "f must be a function", f);
  finite("centralDifference", "v", v);
  positive("centralDifference", "h", h);
  return (f(v + h) - f(v - h)) / (2 * h);
}

/** |a − b| / max(|a|, |b|): 0 when equal, 1e-6 when they agree to about six digits. */
export function relativeError(a: number, b: number): number {
  if (a === b) return 0;
  const scale = Math.max(Math.abs(a), Math.abs(b));
  // Near zero an absolute error is the only meaningful one.
  return Math.abs(a - b) / Math.max(scale, 1e-12);
}

/** The formula each check compares, as the lessons write it. */
export const DERIVATIVES: Record<DerivativeId, string> = {
  "linear.w": "dL/dw = dL/dz · dz/dw",
  "linear.b": "dL/db = dL/dz · dz/db",
  "sigmoid.z": "dL/dz = dL/da · da/dz",
  "loss.pred": "dL/dpred",
  "chain.w": "dL/dw",
  "chain.b": "dL/db",
};

function row(id: DerivativeId, layer: string, at: string, analytic: number, numeric: number): GradCheckRow {
  const relError = Number.isFinite(analytic) && Number.isFinite(numeric) ? relativeError(analytic, numeric) : Infinity;
  return {
    id,
    layer,
    derivative: DERIVATIVES[id],
    at,
    analytic,
    numeric,
    relError,
    ok: relError < GRADCHECK_TOLERANCE,
  };
}

function numbers(fn: string, values: Record<string, number>): void {
  for (const [name, value] of Object.entries(values)) finite(fn, name, value);
}

const fmt = (v: number) => String(Number(v.toPrecision(4)));

/**
 * Checks a linear layer's backward at (w, b, x) with an upstream gradient g = dL/dz:
 * its update must move w by −lr·g·x and b by −lr·g (dz/dw = x, dz/db = 1).
 */
export function checkLinear(Linear: LinearClass, w: number, b: number, x: number, g = 1): GradCheckRow[] {
  numbers("checkLinear", { w, b, x, g });
  const lr = CHECK_LR;
  const layer = new Linear({ w, b });
  layer.forward(x);
  layer.backward(g, lr);
  // backward hides dL/dw inside its SGD update w ← w − lr·dL/dw; undo the update to read it.
  const analyticW = (w - layer.w) / lr;
  const analyticB = (b - layer.b) / lr;
  const lossOfW = (v: number) => g * new Linear({ w: v, b }).forward(x);
  const lossOfB = (v: number) => g * new Linear({ w, b: v }).forward(x);
  const at = `w=${fmt(w)}, b=${fmt(b)}, x=${fmt(x)}`;
  return [
    row("linear.w", Linear.name, at, analyticW, centralDifference(lossOfW, w)),
    row("linear.b", Linear.name, at, analyticB, centralDifference(lossOfB, b)),
  ];
}

/** Checks a sigmoid's backward at z with an upstream gradient g = dL/da: it must return g·da/dz. */
export function checkSigmoid(Sig: SigmoidClass, z: number, g = 1): GradCheckRow {
  numbers("checkSigmoid", { z, g });
  const layer = new Sig();
  layer.forward(z);
  const analytic = layer.backward(g);
  const numeric = centralDifference((v) => g * new Sig().forward(v), z);
  return row("sigmoid.z", Sig.name, `z=${fmt(z)}`, analytic, numeric);
}

/** Checks a loss's backward at (pred, y): it must return dL/dpred. */
export function checkLoss(Loss: LossClass, pred: number, y: 0 | 1): GradCheckRow {
  numbers("checkLoss", { pred });
  label("checkLoss", "y", y);
  const layer = new Loss();
  layer.forward(pred, y);
  const analytic = layer.backward();
  const numeric = centralDifference((v) => new Loss().forward(v, y), pred);
  return row("loss.pred", Loss.name, `pred=${fmt(pred)}, y=${y}`, analytic, numeric);
}

/** Checks the whole chain x → z → pred → loss: backprop's dL/dw and dL/db against L(w, b) itself. */
export function checkChain(
  Linear: LinearClass,
  Sig: SigmoidClass,
  Loss: LossClass,
  w: number,
  b: number,
  x: number,
  y: 0 | 1,
): GradCheckRow[] {
  numbers("checkChain", { w, b, x });
  label("checkChain", "y", y);
  const lossAt = (wv: number, bv: number) =>
    new Loss().forward(new Sig().forward(new Linear({ w: wv, b: bv }).forward(x)), y);
  const linear = new Linear({ w, b });
  const sigmoid = new Sig();
  const lossFn = new Loss();
  lossFn.forward(sigmoid.forward(linear.forward(x)), y);
  const lr = CHECK_LR;
  linear.backward(sigmoid.backward(lossFn.backward()), lr);
  const at = `w=${fmt(w)}, b=${fmt(b)}, x=${fmt(x)}, y=${y}`;
  const dlossDw = (w - linear.w) / lr;
  const dlossDb = (b - linear.b) / lr;
  return [
    row(
      "chain.w",
      "chain",
      at,
      dlossDw,
      centralDifference((v) => lossAt(v, b), w),
    ),
    row(
      "chain.b",
      "chain",
      at,
      dlossDb,
      centralDifference((v) => lossAt(w, v), b),
    ),
  ];
}

/** Settings for gradCheck: how many random points, from which seed, and which classes to check. */
export interface GradCheckOptions {
  nPoints?: number;
  seed?: Seed;
  rng?: Rng;
  LinearFunction?: LinearClass;
  Sigmoid?: SigmoidClass;
  BCELoss?: LossClass;
}

/**
 * Checks every backward — LinearFunction, Sigmoid, BCELoss and the chain through all three — at
 * nPoints random points away from saturation (|z| ≤ 4, pred in [0.05, 0.95]).
 */
export function gradCheck(opts?: GradCheckOptions): GradCheckRow[] {
  const fn = "gradCheck";
  const o = options(fn, opts);
  const nPoints = integer(fn, "nPoints", o.nPoints ?? 5);
  const rng = pickRng(fn, o.rng === undefined ? (o.seed ?? 0) : undefined, o.rng);
  const Linear = o.LinearFunction ?? LinearFunction;
  const Sig = o.Sigmoid ?? Sigmoid;
  const Loss = o.BCELoss ?? BCELoss;
  const between = (lo: number, hi: number) => lo + (hi - lo) * rng.uniform();
  const rows: GradCheckRow[] = [];
  for (let p = 0; p < nPoints; p++) {
    const y: 0 | 1 = rng.uniform() < 0.5 ? 0 : 1;
    const upstream = between(-2, 2);
    rows.push(...checkLinear(Linear, rng.normal(), rng.normal(), rng.normal(0, 2), upstream));
    rows.push(checkSigmoid(Sig, between(-4, 4), upstream));
    rows.push(checkLoss(Loss, between(0.05, 0.95), y));
    // Draw w, b, x until |z| ≤ 4, so that pred stays away from 0 and 1.
    let w, b, x;
    do {
      [w, b, x] = [rng.normal(), rng.normal(), rng.normal(0, 2)];
    } while (Math.abs(w * x + b) > 4);
    rows.push(...checkChain(Linear, Sig, Loss, w, b, x, y));
  }
  return rows;
}
