// The model sigmoid(w·x + b) as plain functions of (w, b): for drawing curves, scoring a model and
// mapping the loss surface. Nothing here touches the state that backward() relies on — the blog's
// `sigmoid(linear_function(function_x))` overwrote self.x; these functions never do.
import { sigmoid } from "./layers";
import { MAX_POINTS } from "./limits";
import { atMost, checkSamples, finite, finiteArray, integer } from "./validate";

/** n evenly spaced numbers from start to stop, both included (numpy's linspace). */
export function linspace(start: number, stop: number, n: number): number[] {
  finite("linspace", "start", start);
  finite("linspace", "stop", stop);
  integer("linspace", "n", n, 2);
  atMost("linspace", "n", n, MAX_POINTS, "a chart needs a few hundred points");
  const step = (stop - start) / (n - 1);
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? stop : start + i * step));
}

/** The x-range matplotlib picks for a scatter: the data's span plus a 5 % margin each side. */
export function paddedRange(values: readonly number[], margin = 0.05): [number, number] {
  finiteArray("paddedRange", "values", values);
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const pad = (hi - lo) * margin || 0.5;
  return [lo - pad, hi + pad];
}

/** sigmoid(w·x + b) at every x: the model's curve, computed without touching any layer. */
export function modelCurve(w: number, b: number, xs: readonly number[]): number[] {
  finite("modelCurve", "w", w);
  finite("modelCurve", "b", b);
  finiteArray("modelCurve", "xs", xs);
  return xs.map((x) => sigmoid(w * x + b));
}

/** The fraction of samples the model (w, b) labels correctly, predicting 1 when pred > 0.5. */
export function accuracy(w: number, b: number, X: readonly number[], Y: readonly (0 | 1)[]): number {
  checkModel("accuracy", w, b, X, Y);
  let correct = 0;
  for (let i = 0; i < X.length; i++) {
    // pred > 0.5 exactly when z > 0.
    const predicted = w * X[i] + b > 0 ? 1 : 0;
    if (predicted === Y[i]) correct++;
  }
  return correct / X.length;
}

/** The mean binary cross-entropy of the model (w, b) over a dataset, in the stable form from z. */
export function meanLoss(w: number, b: number, X: readonly number[], Y: readonly (0 | 1)[]): number {
  checkModel("meanLoss", w, b, X, Y);
  let total = 0;
  for (let i = 0; i < X.length; i++) {
    const z = w * X[i] + b;
    // −log σ(z) for y = 1 and −log(1 − σ(z)) = −log σ(−z) for y = 0, each as log(1 + e^(∓z)).
    const s = Y[i] === 1 ? -z : z;
    total += Math.max(s, 0) + Math.log1p(Math.exp(-Math.abs(s)));
  }
  return total / X.length;
}

/** The full-batch gradient (dL/dw, dL/db) of meanLoss: the mean of (pred − y)·x and of (pred − y). */
export function meanLossGradient(w: number, b: number, X: readonly number[], Y: readonly (0 | 1)[]): [number, number] {
  checkModel("meanLossGradient", w, b, X, Y);
  let dw = 0;
  let db = 0;
  for (let i = 0; i < X.length; i++) {
    const error = sigmoid(w * X[i] + b) - Y[i];
    dw += error * X[i];
    db += error;
  }
  return [dw / X.length, db / X.length];
}

function checkModel(fn: string, w: number, b: number, X: readonly number[], Y: readonly (0 | 1)[]): void {
  finite(fn, "w", w);
  finite(fn, "b", b);
  checkSamples(fn, X, Y);
}
