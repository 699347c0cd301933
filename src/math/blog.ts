// The blog's own classes, formulas unchanged and deliberately unguarded: they are here so that a
// lesson can run them side by side with ours and show exactly where they break (the NaN that
// appears once pred saturates to 0 or 1). Use LinearFunction, Sigmoid, BCELoss from ./layers for
// anything else. Arguments a person passes in are still checked; values the math produces are not.
import { isRng, type Rng } from "./random";
import { fail, finite, label, options, positive } from "./validate";

/** The blog's LinearFunction: z = w·x + b, backward takes an SGD step. */
export class BlogLinearFunction {
  w: number;
  b: number;
  dlossDw = NaN;
  dlossDb = NaN;
  private x = NaN;
  private seen = false;

  constructor(opts?: { w?: number; b?: number; rng?: Rng }) {
    const fn = "BlogLinearFunction";
    const { w, b, rng } = options(fn, opts);
    if ((w === undefined || b === undefined) && !isRng(rng)) {
      fail(fn, "w or b was not given, so rng (from makeRng) is needed to draw it from N(0, 1); rng", rng);
    }
    this.w = w === undefined ? (rng as Rng).normal() : finite(fn, "w", w);
    this.b = b === undefined ? (rng as Rng).normal() : finite(fn, "b", b);
  }

  forward(x: number): number {
    this.x = x;
    this.seen = true;
    return this.w * x + this.b;
  }

  backward(dlossDz: number, lr: number): void {
    if (!this.seen) fail("BlogLinearFunction.backward", "call forward(x) first; the remembered x is", this.x);
    if (!(lr > 0 && lr < Infinity)) positive("BlogLinearFunction.backward", "lr", lr);
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

/** The blog's Sigmoid: a = 1 / (1 + e^(−z)), backward multiplies by a·(1 − a) even when it is 0. */
export class BlogSigmoid {
  a = NaN;
  private seen = false;

  forward(z: number): number {
    this.a = 1 / (1 + Math.exp(-z));
    this.seen = true;
    return this.a;
  }

  backward(dlossDa: number): number {
    if (!this.seen) fail("BlogSigmoid.backward", "call forward(z) first; the remembered a is", this.a);
    const daDz = this.a * (1 - this.a);
    return dlossDa * daDz;
  }
}

/** The blog's BCELoss: both log terms always computed, division by pred·(1 − pred) unguarded. */
export class BlogBCELoss {
  pred = NaN;
  y = 0;
  private seen = false;

  forward(pred: number, y: number): number {
    if (y !== 0 && y !== 1) label("BlogBCELoss.forward", "y", y);
    this.pred = pred;
    this.y = y;
    this.seen = true;
    return -(y * Math.log(pred) + (1 - y) * Math.log(1 - pred));
  }

  backward(): number {
    if (!this.seen) fail("BlogBCELoss.backward", "call forward(pred, y) first; the remembered pred is", this.pred);
    return (this.pred - this.y) / (this.pred * (1 - this.pred));
  }
}

/**
 * The blog's three classes as one model for train(), e.g.
 * `train({ X, Y, lr: 0.5, layers: blogLayers({ w: w0, b: b0 }) })` — to watch where they break.
 */
export function blogLayers(init: { w?: number; b?: number; rng?: Rng }): {
  linear: BlogLinearFunction;
  activation: BlogSigmoid;
  loss: BlogBCELoss;
} {
  return { linear: new BlogLinearFunction(init), activation: new BlogSigmoid(), loss: new BlogBCELoss() };
}
