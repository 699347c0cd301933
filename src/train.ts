// The blog's training loop ("학습 loop 만들기"): per-sample SGD, in the blog's order — forward,
// loss, loss backward, sigmoid backward, linear backward — recording every value of every step.
import { BlogBCELoss, BlogLinearFunction, BlogSigmoid } from "./blog";
import { BCELoss, LinearFunction, Sigmoid } from "./layers";
import { checkData, checkSamples, countCorrect, totalLoss, totalLossGradient } from "./model";
import { pickRng, type Rng, type Seed } from "./random";
import { fail, integer, options, positive } from "./validate";

/** Which classes to train with: ours ('stable') or the blog's unguarded originals ('blog'). */
export type LayerKind = "stable" | "blog";

/** Settings for train(). w0/b0 that are not given are drawn from N(0, 1), w first, as the blog does. */
export interface TrainOptions {
  X: readonly number[];
  Y: readonly (0 | 1)[];
  /** Passes over the data; the blog uses 10. */
  epochs?: number;
  /** Learning rate; the blog uses 0.01. */
  lr?: number;
  w0?: number;
  b0?: number;
  seed?: Seed;
  rng?: Rng;
  layers?: LayerKind;
}

/** Everything one SGD step computed; w and b are the values after the update. */
export interface StepRecord {
  step: number;
  epoch: number;
  index: number;
  x: number;
  y: 0 | 1;
  z: number;
  pred: number;
  loss: number;
  dlossDpred: number;
  dlossDz: number;
  dlossDw: number;
  dlossDb: number;
  w: number;
  b: number;
}

/** The per-step values as columns: steps.z[k] is z at step k (k = epoch·nSamples + index). */
export interface StepColumns {
  epoch: Int32Array;
  index: Int32Array;
  x: Float64Array;
  y: Uint8Array;
  z: Float64Array;
  pred: Float64Array;
  loss: Float64Array;
  dlossDpred: Float64Array;
  dlossDz: Float64Array;
  dlossDw: Float64Array;
  dlossDb: Float64Array;
  w: Float64Array;
  b: Float64Array;
}

/** One epoch in summary: the mean of its step losses, and the accuracy of w, b at its end. */
export interface EpochSummary {
  epoch: number;
  meanLoss: number;
  accuracy: number;
  w: number;
  b: number;
}

/** The full record of a training run: settings, every step, every epoch. */
export interface TrainingHistory {
  layers: LayerKind;
  lr: number;
  nEpochs: number;
  nSamples: number;
  nSteps: number;
  w0: number;
  b0: number;
  steps: StepColumns;
  epochs: EpochSummary[];
}

/** Runs the blog's per-sample SGD and returns every step's values plus per-epoch loss and accuracy. */
export function train(opts: TrainOptions): TrainingHistory {
  const fn = "train";
  const { X, Y, epochs = 10, lr = 0.01, w0, b0, seed, rng, layers = "stable" } = options(fn, opts);
  checkSamples(fn, X, Y);
  integer(fn, "epochs", epochs, 0);
  positive(fn, "lr", lr);
  if (layers !== "stable" && layers !== "blog") fail(fn, "layers must be 'stable' or 'blog'", layers);
  const random = w0 === undefined || b0 === undefined ? pickRng(fn, seed, rng) : undefined;
  const init = { w: w0, b: b0, rng: random };
  return layers === "stable"
    ? run(new LinearFunction(init), new Sigmoid(), new BCELoss(), X, Y, epochs, lr, layers)
    : run(new BlogLinearFunction(init), new BlogSigmoid(), new BlogBCELoss(), X, Y, epochs, lr, layers);
}

/** The shape train() needs of a linear layer, a sigmoid and a loss (ours and the blog's both fit). */
interface Linear {
  w: number;
  b: number;
  dlossDw: number;
  dlossDb: number;
  forward(x: number): number;
  backward(dlossDz: number, lr: number): void;
}
interface Activation {
  forward(z: number): number;
  backward(dlossDa: number): number;
}
interface Loss {
  forward(pred: number, y: number): number;
  backward(): number;
}

function run(
  linear: Linear,
  sigmoid: Activation,
  lossFn: Loss,
  X: readonly number[],
  Y: readonly (0 | 1)[],
  nEpochs: number,
  lr: number,
  layers: LayerKind,
): TrainingHistory {
  const nSamples = X.length;
  const nSteps = nEpochs * nSamples;
  const s = allocateSteps(nSteps);
  const epochs: EpochSummary[] = [];
  const w0 = linear.w;
  const b0 = linear.b;
  let k = 0;
  for (let epoch = 0; epoch < nEpochs; epoch++) {
    let lossSum = 0;
    for (let i = 0; i < nSamples; i++) {
      const x = X[i];
      const y = Y[i];
      // forward propagation
      const z = linear.forward(x);
      const pred = sigmoid.forward(z);
      const loss = lossFn.forward(pred, y);

      // backward propagation
      const dlossDpred = lossFn.backward();
      const dlossDz = sigmoid.backward(dlossDpred);
      linear.backward(dlossDz, lr);

      s.epoch[k] = epoch;
      s.index[k] = i;
      s.x[k] = x;
      s.y[k] = y;
      s.z[k] = z;
      s.pred[k] = pred;
      s.loss[k] = loss;
      s.dlossDpred[k] = dlossDpred;
      s.dlossDz[k] = dlossDz;
      s.dlossDw[k] = linear.dlossDw;
      s.dlossDb[k] = linear.dlossDb;
      s.w[k] = linear.w;
      s.b[k] = linear.b;
      lossSum += loss;
      k++;
    }
    const { w, b } = linear;
    // X and Y were checked on entry; only w and b can have gone bad (the blog's classes make NaN).
    const acc = Number.isFinite(w) && Number.isFinite(b) ? countCorrect(w, b, X, Y) / nSamples : NaN;
    epochs.push({ epoch, meanLoss: lossSum / nSamples, accuracy: acc, w, b });
  }
  return { layers, lr, nEpochs, nSamples, nSteps, w0, b0, steps: s, epochs };
}

function allocateSteps(n: number): StepColumns {
  const f = () => new Float64Array(n);
  return {
    epoch: new Int32Array(n),
    index: new Int32Array(n),
    x: f(),
    y: new Uint8Array(n),
    z: f(),
    pred: f(),
    loss: f(),
    dlossDpred: f(),
    dlossDz: f(),
    dlossDw: f(),
    dlossDb: f(),
    w: f(),
    b: f(),
  };
}

/** Step k of a history as one plain object (k from 0 to nSteps − 1). */
export function stepAt(history: TrainingHistory, k: number): StepRecord {
  integer("stepAt", "k", k, 0);
  if (k >= history.nSteps) fail("stepAt", `k must be below nSteps (${history.nSteps})`, k);
  const s = history.steps;
  return {
    step: k,
    epoch: s.epoch[k],
    index: s.index[k],
    x: s.x[k],
    y: s.y[k] as 0 | 1,
    z: s.z[k],
    pred: s.pred[k],
    loss: s.loss[k],
    dlossDpred: s.dlossDpred[k],
    dlossDz: s.dlossDz[k],
    dlossDw: s.dlossDw[k],
    dlossDb: s.dlossDb[k],
    w: s.w[k],
    b: s.b[k],
  };
}

/** A start (w0, b0) and the parameters after each step: a training history, or a figure's run. */
export interface ParamPath {
  w0: number;
  b0: number;
  steps: { w: ArrayLike<number>; b: ArrayLike<number> };
}

/** The parameters after step k (0-based); k = −1 gives the start, w0 and b0. */
export function paramsAfter(path: ParamPath, k: number): { w: number; b: number } {
  return k < 0 ? { w: path.w0, b: path.b0 } : { w: path.steps.w[k], b: path.steps.b[k] };
}

/** The parameters after the last step (w0, b0 when nothing was trained). */
export function finalParams(history: TrainingHistory): { w: number; b: number } {
  return paramsAfter(history, history.nSteps - 1);
}

/** How many recorded values of a history are NaN or ±Infinity (0 for every stable run). */
export function countNonFinite(history: TrainingHistory): number {
  const s = history.steps;
  const columns = [s.z, s.pred, s.loss, s.dlossDpred, s.dlossDz, s.dlossDw, s.dlossDb, s.w, s.b];
  let count = 0;
  for (const column of columns) for (const v of column) if (!Number.isFinite(v)) count++;
  return count;
}

/** A full-batch gradient-descent run: the (w, b) after each step, starting point included. */
export interface DescentPath {
  w: number[];
  b: number[];
  loss: number[];
}

/**
 * Full-batch gradient descent on the mean loss — the textbook alternative to the blog's per-sample
 * SGD. With lr = nSamples × the SGD learning rate, one step moves about as far as one SGD epoch.
 */
export function gradientDescent(opts: {
  X: readonly number[];
  Y: readonly (0 | 1)[];
  w0: number;
  b0: number;
  lr: number;
  steps: number;
}): DescentPath {
  const fn = "gradientDescent";
  const { X, Y, w0, b0, lr, steps } = options(fn, opts);
  checkData(fn, w0, b0, X, Y);
  positive(fn, "lr", lr);
  integer(fn, "steps", steps, 0);
  // The data were checked above: every step uses the unchecked sums (the mean is sum / n, as in meanLoss).
  const n = X.length;
  const path: DescentPath = { w: [w0], b: [b0], loss: [totalLoss(w0, b0, X, Y) / n] };
  let [w, b] = [w0, b0];
  for (let k = 0; k < steps; k++) {
    const [dwSum, dbSum] = totalLossGradient(w, b, X, Y);
    w -= lr * (dwSum / n);
    b -= lr * (dbSum / n);
    path.w.push(w);
    path.b.push(b);
    path.loss.push(totalLoss(w, b, X, Y) / n);
  }
  return path;
}
