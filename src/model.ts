// The model sigmoid(w·x + b) as plain functions of (w, b): for drawing curves, scoring a model and
// mapping the loss surface. Nothing here touches the state that backward() relies on — the blog's
// `sigmoid(linear_function(function_x))` overwrote self.x; these functions never do.
import { sigmoid } from "./layers";
import { fail, finite, finiteArray, integer, labelArray } from "./validate";

/** n evenly spaced numbers from start to stop, both included (numpy's linspace). */
export function linspace(start: number, stop: number, n: number): number[] {
  finite("linspace", "start", start);
  finite("linspace", "stop", stop);
  integer("linspace", "n", n, 2);
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
  checkData("accuracy", w, b, X, Y);
  return countCorrect(w, b, X, Y) / X.length;
}

/** How many samples (w, b) labels correctly; for callers that have checked X and Y already. */
export function countCorrect(w: number, b: number, X: readonly number[], Y: readonly (0 | 1)[]): number {
  let correct = 0;
  for (let i = 0; i < X.length; i++) {
    // pred > 0.5 exactly when z > 0.
    const predicted = w * X[i] + b > 0 ? 1 : 0;
    if (predicted === Y[i]) correct++;
  }
  return correct;
}

/** The mean binary cross-entropy of the model (w, b) over a dataset, in the stable form from z. */
export function meanLoss(w: number, b: number, X: readonly number[], Y: readonly (0 | 1)[]): number {
  checkData("meanLoss", w, b, X, Y);
  return totalLoss(w, b, X, Y) / X.length;
}

/** The sum of the BCE losses over the data, unchecked: for callers that checked the data once. */
export function totalLoss(w: number, b: number, X: readonly number[], Y: readonly (0 | 1)[]): number {
  let total = 0;
  for (let i = 0; i < X.length; i++) {
    const z = w * X[i] + b;
    // −log σ(z) for y = 1 and −log(1 − σ(z)) = −log σ(−z) for y = 0, each as log(1 + e^(∓z)).
    const s = Y[i] === 1 ? -z : z;
    total += Math.max(s, 0) + Math.log1p(Math.exp(-Math.abs(s)));
  }
  return total;
}

/** The full-batch gradient (dL/dw, dL/db) of meanLoss: the mean of (pred − y)·x and of (pred − y). */
export function meanLossGradient(w: number, b: number, X: readonly number[], Y: readonly (0 | 1)[]): [number, number] {
  checkData("meanLossGradient", w, b, X, Y);
  const [dw, db] = totalLossGradient(w, b, X, Y);
  return [dw / X.length, db / X.length];
}

/** The sums of (pred − y)·x and of (pred − y) over the data, unchecked: meanLossGradient without the mean. */
export function totalLossGradient(w: number, b: number, X: readonly number[], Y: readonly (0 | 1)[]): [number, number] {
  let dw = 0;
  let db = 0;
  for (let i = 0; i < X.length; i++) {
    const error = sigmoid(w * X[i] + b) - Y[i];
    dw += error * X[i];
    db += error;
  }
  return [dw, db];
}

/** Checks (w, b, X, Y) for the dataset-wide functions above. */
export function checkData(fn: string, w: number, b: number, X: readonly number[], Y: readonly (0 | 1)[]): void {
  finite(fn, "w", w);
  finite(fn, "b", b);
  checkSamples(fn, X, Y);
}

/** Checks a dataset: X finite numbers, Y labels 0/1, one label per x. */
export function checkSamples(fn: string, X: readonly number[], Y: readonly (0 | 1)[]): void {
  finiteArray(fn, "X", X);
  labelArray(fn, "Y", Y);
  if (X.length !== Y.length) fail(fn, `X and Y must have the same length; X has ${X.length}, Y has`, Y.length);
}
