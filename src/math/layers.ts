// The blog's three building blocks — LinearFunction, Sigmoid, BCELoss — each with its forward
// pass and, right next to it, the hand-written backward pass (the local derivative of the chain
// rule). The math is the blog's, line for line; two guards keep it finite where float64 runs out
// of digits, and they change nothing anywhere else (see `sigmoidSlope` and `LOG_FLOOR`).
import { isRng, type Rng } from "./random";
import { beforeForward, fail, finite, notFinite, notLabel, notPositive, notProbability, options } from "./validate";

/**
 * The floor of pred·(1 − pred): 2^-1022, float64's smallest normal number. A power of two, so
 * dividing by it and multiplying by it again is exact, and small enough that (pred − y) / MIN_SLOPE
 * still fits in a float64.
 */
const MIN_SLOPE = 2 ** -1022;

/** The lowest log-probability a loss may use, as PyTorch's BCELoss: log(0) counts as −100. */
const LOG_FLOOR = -100;

export { MIN_SLOPE, LOG_FLOOR }; // (why not `export const`: see the notes at the end of this file)

/** The logistic sigmoid σ(z) = 1 / (1 + e^(−z)), squashing any z into a probability. */
export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/**
 * a·(1 − a): the sigmoid's slope dσ/dz written with its output a, floored at MIN_SLOPE.
 * It is also the denominator of BCE's dL/dpred, which is why the two cancel to pred − y.
 * Once z > 37 (or z < −745), float64 rounds a to exactly 1 (or 0) and a·(1 − a) becomes 0: the
 * blog then divides by 0 and multiplies by 0, and gets NaN. The true slope is never 0, so we keep
 * it at MIN_SLOPE: BCELoss divides by the same floor that Sigmoid multiplies by, and dL/dz stays
 * exactly pred − y. Above the floor nothing changes, so the blog's numbers are reproduced bit for bit.
 */
export function sigmoidSlope(a: number): number {
  const slope = a * (1 - a);
  return slope > MIN_SLOPE ? slope : MIN_SLOPE;
}

/** Settings for a LinearFunction; a missing w or b is drawn from N(0, 1) with `rng`. */
export interface LinearOptions {
  w?: number;
  b?: number;
  rng?: Rng;
}

/** z = w·x + b, the model's only parameters. backward() takes one SGD step on w and b. */
export class LinearFunction {
  // The parameters, set by the constructor.
  w = NaN;
  b = NaN;
  /** dL/dw and dL/db of the last backward() — kept so that lessons and charts can show them. */
  dlossDw = NaN;
  dlossDb = NaN;
  // forward remembers its input for backward (the blog's self.x); NaN means "no forward yet".
  private x = NaN;

  constructor(opts?: LinearOptions) {
    const fn = "LinearFunction";
    const { w, b, rng } = options(fn, opts);
    // The blog draws w first, then b, each from N(0, 1).
    this.w = initialValue(fn, "w", w, rng);
    this.b = initialValue(fn, "b", b, rng);
  }

  forward(x: number): number {
    if (!Number.isFinite(x)) throw notFinite("LinearFunction.forward", "x", x);
    this.x = x;
    return this.w * x + this.b;
  }

  backward(dlossDz: number, lr: number): void {
    if (Number.isNaN(this.x)) throw beforeForward("LinearFunction.backward", "x", this.x);
    if (!Number.isFinite(dlossDz)) throw notFinite("LinearFunction.backward", "dlossDz", dlossDz);
    if (!(lr > 0 && lr < Infinity)) throw notPositive("LinearFunction.backward", "lr", lr);
    const dzDw = this.x;
    const dzDb = 1;

    const dlossDw = dlossDz * dzDw;
    const dlossDb = dlossDz * dzDb;

    this.w = this.w - lr * dlossDw;
    this.b = this.b - lr * dlossDb;
    this.dlossDw = dlossDw;
    this.dlossDb = dlossDb;
  }
}

function initialValue(fn: string, name: string, value: number | undefined, rng: Rng | undefined): number {
  if (value !== undefined) return finite(fn, name, value);
  if (!isRng(rng)) fail(fn, `${name} was not given, so rng (from makeRng) is needed to draw it from N(0, 1); rng`, rng);
  return rng.normal();
}

/** a = σ(z). backward() turns dL/da into dL/dz with the slope da/dz = a·(1 − a). */
export class Sigmoid {
  // forward remembers its output for backward (the blog's self.a); NaN means "no forward yet".
  a = NaN;

  forward(z: number): number {
    if (!Number.isFinite(z)) throw notFinite("Sigmoid.forward", "z", z);
    this.a = sigmoid(z);
    return this.a;
  }

  backward(dlossDa: number): number {
    if (Number.isNaN(this.a)) throw beforeForward("Sigmoid.backward", "a", this.a);
    if (!Number.isFinite(dlossDa)) throw notFinite("Sigmoid.backward", "dlossDa", dlossDa);
    const daDz = sigmoidSlope(this.a);
    const dlossDz = dlossDa * daDz;
    return dlossDz;
  }
}

/** Binary cross-entropy L = −(y·log(pred) + (1 − y)·log(1 − pred)) for a label y of 0 or 1. */
export class BCELoss {
  // forward remembers pred and y for backward (the blog's self.pred, self.y).
  pred = NaN;
  y = 0;

  forward(pred: number, y: number): number {
    if (!(pred >= 0 && pred <= 1)) throw notProbability("BCELoss.forward", "pred", pred);
    if (y !== 0 && y !== 1) throw notLabel("BCELoss.forward", "y", y);
    this.pred = pred;
    this.y = y;
    // With y = 1 the (1 − y) term is 0, with y = 0 the y term is: compute only the one that counts.
    // LOG_FLOOR keeps log(0) finite once pred saturates to exactly 0 or 1.
    const logLikelihood = y === 1 ? Math.log(pred) : Math.log(1 - pred);
    return 0 - Math.max(logLikelihood, LOG_FLOOR);
  }

  backward(): number {
    if (Number.isNaN(this.pred)) throw beforeForward("BCELoss.backward", "pred", this.pred);
    const dlossDpred = (this.pred - this.y) / sigmoidSlope(this.pred);
    return dlossDpred;
  }
}

/**
 * The fused, stable form a teacher shows next: the loss straight from z, as PyTorch's
 * BCEWithLogitsLoss. L = log(1 + e^z) − y·z, and its gradient is simply dL/dz = σ(z) − y.
 */
export class BCEWithLogitsLoss {
  z = NaN;
  y = 0;

  forward(z: number, y: number): number {
    if (!Number.isFinite(z)) throw notFinite("BCEWithLogitsLoss.forward", "z", z);
    if (y !== 0 && y !== 1) throw notLabel("BCEWithLogitsLoss.forward", "y", y);
    this.z = z;
    this.y = y;
    // log(1 + e^z) rewritten as max(z, 0) + log(1 + e^(−|z|)), so e^ never overflows.
    return Math.max(z, 0) - y * z + Math.log1p(Math.exp(-Math.abs(z)));
  }

  backward(): number {
    if (Number.isNaN(this.z)) throw beforeForward("BCEWithLogitsLoss.backward", "z", this.z);
    const dlossDz = sigmoid(this.z) - this.y;
    return dlossDz;
  }
}

/**
 * The three classes as one model for train(), e.g. `train({ X, Y, layers: stableLayers({ w: w0, b: b0 }) })`
 * — the same run as `train({ X, Y, w0, b0 })`, spelled out.
 */
export function stableLayers(init: LinearOptions): { linear: LinearFunction; activation: Sigmoid; loss: BCELoss } {
  return { linear: new LinearFunction(init), activation: new Sigmoid(), loss: new BCELoss() };
}

// ---------------------------------------------------------------------------------------------
// Notes for maintainers: why the code above looks the way it does. These classes run inside the
// lessons' training loop about 25 million times a second, and three details keep them that fast
// (bench/results.md measures it):
// - Fields such as LinearFunction's w and b start as NaN, not undefined. V8 then stores them as
//   plain doubles; a field that ever held undefined is kept boxed, and each SGD step that writes it
//   allocates a new heap number (16 garbage collections per million steps, ≈ 20 % slower).
// - MIN_SLOPE and LOG_FLOOR are declared as plain consts and exported by name afterwards. With
//   `export const`, the CommonJS output that tslab runs reads them as `exports.LOG_FLOOR`, a property
//   load inside the hottest loop there is.
// - The argument checks are plain comparisons inline, and only their error is built by a function
//   call (validate.ts's notFinite and friends): a call per check would not be inlined and would cost
//   more than the step's own arithmetic.
