// The blog's training loop ("학습 loop 만들기"): per-sample SGD in the blog's order — forward through
// each layer, the loss, then backward through each layer in reverse — for any model made of layer
// objects: our LinearFunction → Sigmoid → BCELoss, the blog's own classes, a learner's classes, a
// fused loss, or lesson 8's network. `sgd` is that loop; `train` runs it on the 1-D model and
// records what the lessons chart.
import { BCELoss, LinearFunction, Sigmoid, sigmoid } from "./layers";
import { MAX_EPOCHS, MAX_RECORDED_STEPS, MAX_STEPS, formatCount } from "./limits";
import { accuracy, meanLoss, meanLossGradient } from "./model";
import { pickRng, type Rng, type Seed } from "./random";
import { atMost, checkSamples, fail, finite, integer, options, positive } from "./validate";

/** What flows between layers: a number in the 1-D model, a vector in the network. */
export type Signal = number | readonly number[];

/** A layer: forward, and a backward that turns dL/d(output) into dL/d(input), stepping its parameters by lr. */
export interface Layer {
  forward(input: Signal): Signal;
  /** Returns dL/d(input); the first layer of a model may return nothing, as the blog's LinearFunction does. */
  backward(dlossDoutput: Signal, lr: number): Signal | void;
}

/** A loss: forward scores a prediction against its label, backward starts backpropagation with dL/dpred. */
export interface Loss {
  forward(pred: Signal, y: number): number;
  backward(): Signal;
}

/** What one SGD step computed, for whoever records it: values[j] goes into layer j, grads[j] = dL/dvalues[j]. */
export interface StepTape {
  /** values[0] is the sample's x, values[j + 1] what layer j returned; the last one is the prediction. */
  values: Signal[];
  /** grads[j] is the gradient of the loss with respect to values[j] (the first one may be missing). */
  grads: (Signal | void)[];
  loss: number;
}

/** Who watches sgd(): called after each step (k counts from 0 over all epochs) and after each epoch. */
export interface Watcher {
  step?(k: number, epoch: number, index: number, tape: StepTape): void;
  epoch?(epoch: number, meanStepLoss: number): void;
}

/**
 * Per-sample SGD, the blog's loop: for every epoch, for every sample in data order, the forward pass
 * through every layer and the loss, then the backward pass from the loss through every layer in
 * reverse — each layer takes its own gradient step as the gradient passes through it.
 * Arguments are the caller's to check; an error thrown by a layer stops the loop.
 */
export function sgd(
  layers: readonly Layer[],
  loss: Loss,
  X: readonly Signal[],
  Y: readonly number[],
  epochs: number,
  lr: number,
  watcher: Watcher = {},
): void {
  const n = layers.length;
  const tape: StepTape = { values: new Array(n + 1), grads: new Array(n + 1), loss: NaN };
  const { values, grads } = tape;
  let k = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    let lossSum = 0;
    for (let i = 0; i < X.length; i++) {
      // forward propagation
      values[0] = X[i];
      for (let j = 0; j < n; j++) values[j + 1] = layers[j].forward(values[j]);
      tape.loss = loss.forward(values[n], Y[i]);

      // backward propagation
      grads[n] = loss.backward();
      for (let j = n - 1; j >= 0; j--) {
        const dlossDinput = layers[j].backward(grads[j + 1] as Signal, lr);
        // Nothing lies below the first layer: the blog's LinearFunction returns no dL/dx.
        if (dlossDinput !== undefined) grads[j] = dlossDinput;
      }

      lossSum += tape.loss;
      watcher.step?.(k, epoch, i, tape);
      k++;
    }
    watcher.epoch?.(epoch, lossSum / X.length);
  }
}

/** The 1-D model's linear layer as train() needs it: w and b readable, dL/dw and dL/db kept by backward. */
export interface LinearLike {
  w: number;
  b: number;
  dlossDw?: number;
  dlossDb?: number;
  forward(x: number): number;
  backward(dlossDz: number, lr: number): void;
}
/** The activation as train() needs it: Sigmoid, the blog's, or a learner's. */
export interface ActivationLike {
  forward(z: number): number;
  backward(dlossDa: number): number;
}
/** The loss as train() needs it: BCELoss, the blog's, a learner's, or BCEWithLogitsLoss (which takes z). */
export interface LossLike {
  forward(pred: number, y: number): number;
  backward(): number;
}

/**
 * The 1-D model as objects: a linear layer, an activation and a loss. Without an activation, the loss
 * takes z itself (BCEWithLogitsLoss, the fused form).
 */
export interface Model1D {
  linear: LinearLike;
  activation?: ActivationLike;
  loss: LossLike;
}

/**
 * Which steps train() keeps: "steps" every one, "epochs" the last of each epoch, or { every: k } every
 * k-th (and always the last). Per-epoch summaries are always kept.
 */
export type Recording = "steps" | "epochs" | { every: number };

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
  /** The model to train, as objects; by default LinearFunction (from w0, b0), Sigmoid and BCELoss. */
  layers?: Model1D;
  /** Which steps to keep; every step by default (up to MAX_RECORDED_STEPS). */
  record?: Recording;
  /** "stop": an error thrown by a layer ends the run, and the history says where (`error`). Default "throw". */
  onError?: "throw" | "stop";
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

/**
 * The recorded steps as columns: steps.z[j] is z at step steps.step[j] (0-based). When every step is
 * recorded, steps.step[k] = k. dlossDpred is NaN for a loss that takes z (no separate dL/dpred).
 */
export interface StepColumns {
  step: Float64Array;
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

/**
 * The parameters over a run: where it started, and w, b after recorded steps (all of them unless
 * `steps.step` says which: the 0-based step after which each pair was taken).
 */
export interface ParamPath {
  w0: number;
  b0: number;
  steps: { w: ArrayLike<number>; b: ArrayLike<number>; step?: ArrayLike<number> };
}

/** The record of a training run: settings, the recorded steps, every epoch. */
export interface TrainingHistory extends ParamPath {
  lr: number;
  nEpochs: number;
  nSamples: number;
  /** Steps taken (a run stopped by an error took fewer than nEpochs × nSamples). */
  nSteps: number;
  /** 1 when every step was recorded, k when every k-th (and the last), nSamples for "epochs". */
  every: number;
  steps: StepColumns;
  epochs: EpochSummary[];
  /** Set when onError "stop" ended the run: the 1-based step and the error's message. */
  error?: string;
}

/** Runs the blog's per-sample SGD on the 1-D model; returns the recorded steps and every epoch. */
export function train(opts: TrainOptions): TrainingHistory {
  const fn = "train";
  const o = options(fn, opts);
  const { X, Y, epochs = 10, lr = 0.01, onError = "throw" } = o;
  checkSamples(fn, X, Y);
  integer(fn, "epochs", epochs, 0);
  positive(fn, "lr", lr);
  if (onError !== "throw" && onError !== "stop") fail(fn, `onError must be "throw" or "stop"`, onError);
  const nSamples = X.length;
  const planned = epochs * nSamples;
  const size = `${formatCount(nSamples)} samples × ${formatCount(epochs)} epochs = ${formatCount(planned)} steps`;
  const memory =
    o.record === undefined || o.record === "steps"
      ? `, and recorded step by step ≈ ${megabytes(planned * STEP_BYTES)}`
      : "";
  atMost(fn, "epochs × samples", planned, MAX_STEPS, `${size} would take minutes${memory}; train fewer epochs`);
  const every = recordEvery(fn, o.record, nSamples, planned, size);
  atMost(fn, "epochs", epochs, MAX_EPOCHS, "each epoch keeps a summary; train fewer, longer epochs");
  const model = modelOf(fn, o);

  const { linear, activation, loss } = model;
  const [w0, b0] = [linear.w, linear.b];
  const steps = allocateSteps(Math.ceil(planned / every));
  const history: TrainingHistory = { lr, nEpochs: epochs, nSamples, nSteps: 0, every, w0, b0, steps, epochs: [] };
  let r = 0;
  const record = (k: number, epoch: number, index: number, tape: StepTape) => {
    const z = tape.values[1] as number;
    steps.step[r] = k;
    steps.epoch[r] = epoch;
    steps.index[r] = index;
    steps.x[r] = X[index];
    steps.y[r] = Y[index];
    steps.z[r] = z;
    steps.pred[r] = activation ? (tape.values[2] as number) : sigmoid(z);
    steps.loss[r] = tape.loss;
    steps.dlossDpred[r] = activation ? (tape.grads[2] as number) : NaN;
    steps.dlossDz[r] = tape.grads[1] as number;
    steps.dlossDw[r] = linear.dlossDw ?? NaN;
    steps.dlossDb[r] = linear.dlossDb ?? NaN;
    steps.w[r] = linear.w;
    steps.b[r] = linear.b;
    r++;
  };
  const watcher: Watcher = {
    step(k, epoch, index, tape) {
      history.nSteps = k + 1;
      if ((k + 1) % every === 0 || k + 1 === planned) record(k, epoch, index, tape);
    },
    epoch(epoch, meanStepLoss) {
      const { w, b } = linear;
      // The blog's classes can turn w and b into NaN; their accuracy is then NaN too.
      const acc = Number.isFinite(w) && Number.isFinite(b) ? accuracy(w, b, X, Y) : NaN;
      history.epochs.push({ epoch, meanLoss: meanStepLoss, accuracy: acc, w, b });
    },
  };
  const layers = (activation ? [linear, activation] : [linear]) as Layer[];
  try {
    sgd(layers, loss as Loss, X, Y, epochs, lr, watcher);
  } catch (error) {
    if (onError === "throw") throw error;
    history.error = `step ${history.nSteps + 1}: ${error instanceof Error ? error.message : String(error)}`;
    history.steps = trimSteps(steps, r);
  }
  return history;
}

/** The record's step interval for `record`, after checking that what it keeps fits MAX_RECORDED_STEPS. */
function recordEvery(
  fn: string,
  record: Recording | undefined,
  nSamples: number,
  planned: number,
  size: string,
): number {
  let every: number;
  if (record === undefined || record === "steps") every = 1;
  else if (record === "epochs") every = nSamples;
  else if (typeof record === "object" && record !== null) every = integer(fn, "record.every", record.every);
  else fail(fn, `record must be "steps", "epochs" or { every: k }`, record);
  const kept = Math.ceil(planned / every);
  if (kept > MAX_RECORDED_STEPS) {
    const k = Math.ceil(planned / MAX_RECORDED_STEPS);
    fail(
      fn,
      `${size} would record ≈ ${megabytes(kept * STEP_BYTES)} of history; record at most ` +
        `${formatCount(MAX_RECORDED_STEPS)} steps: pass record: { every: ${k} }, or record: "epochs" ` +
        `to keep only each epoch's last step; record`,
      record ?? "steps",
    );
  }
  return every;
}

/** Bytes one recorded step takes in StepColumns. */
const STEP_BYTES = 11 * 8 + 2 * 4 + 1;

function megabytes(bytes: number): string {
  return bytes >= 1e9 ? `${formatCount(Math.round(bytes / 1e9))} GB` : `${Math.max(1, Math.round(bytes / 1e6))} MB`;
}

/** The model train() runs: the caller's objects, or LinearFunction (w0, b0 or drawn), Sigmoid, BCELoss. */
function modelOf(fn: string, o: TrainOptions): Model1D {
  const { w0, b0, seed, rng, layers } = o;
  if (layers !== undefined) {
    if (w0 !== undefined || b0 !== undefined)
      fail(fn, "give w0 and b0 to the linear layer you pass in layers, not to train; w0", w0);
    if (typeof layers !== "object" || layers === null)
      fail(fn, "layers must be { linear, activation, loss }, objects like blogLayers({ w, b }) returns", layers);
    const { linear, activation, loss } = layers;
    for (const [name, part] of [
      ["linear", linear],
      ["loss", loss],
    ] as const) {
      if (typeof part?.forward !== "function" || typeof part.backward !== "function")
        fail(fn, `layers.${name} must be an object with forward() and backward()`, part);
    }
    if (
      activation !== undefined &&
      (typeof activation?.forward !== "function" || typeof activation.backward !== "function")
    )
      fail(fn, "layers.activation must be an object with forward() and backward(), or left out", activation);
    finite(fn, "layers.linear.w", linear.w);
    finite(fn, "layers.linear.b", linear.b);
    return { linear, activation, loss };
  }
  const random = w0 === undefined || b0 === undefined ? pickRng(fn, seed, rng) : undefined;
  return { linear: new LinearFunction({ w: w0, b: b0, rng: random }), activation: new Sigmoid(), loss: new BCELoss() };
}

function allocateSteps(n: number): StepColumns {
  const f = () => new Float64Array(n);
  return {
    step: f(),
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

/** The first n records of each column (views, not copies). */
function trimSteps(s: StepColumns, n: number): StepColumns {
  const out = {} as Record<keyof StepColumns, unknown>;
  for (const [key, column] of Object.entries(s)) out[key as keyof StepColumns] = column.subarray(0, n);
  return out as StepColumns;
}

/** How many steps a history recorded. */
export function recordedSteps(path: ParamPath): number {
  return path.steps.w.length;
}

/** The 0-based step after which record j of a path was taken. */
export function stepOfRecord(path: ParamPath, j: number): number {
  return path.steps.step ? path.steps.step[j] : j;
}

/** The record of step k (0-based), or −1 when that step was not recorded. */
export function recordOfStep(path: ParamPath, k: number): number {
  const s = path.steps.step;
  if (!s) return k < path.steps.w.length ? k : -1;
  // Recorded steps are in increasing order: binary search.
  let lo = 0;
  let hi = s.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (s[mid] === k) return mid;
    if (s[mid] < k) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Step k of a history as one plain object (k from 0 to nSteps − 1; it must have been recorded). */
export function stepAt(history: TrainingHistory, k: number): StepRecord {
  integer("stepAt", "k", k, 0);
  if (k >= history.nSteps) fail("stepAt", `k must be below nSteps (${history.nSteps})`, k);
  const j = recordOfStep(history, k);
  if (j < 0) fail("stepAt", `step k was not recorded (this run kept every ${history.every}th step); k`, k);
  const s = history.steps;
  return {
    step: k,
    epoch: s.epoch[j],
    index: s.index[j],
    x: s.x[j],
    y: s.y[j] as 0 | 1,
    z: s.z[j],
    pred: s.pred[j],
    loss: s.loss[j],
    dlossDpred: s.dlossDpred[j],
    dlossDz: s.dlossDz[j],
    dlossDw: s.dlossDw[j],
    dlossDb: s.dlossDb[j],
    w: s.w[j],
    b: s.b[j],
  };
}

/** The parameters after step k (0-based; it must have been recorded); k = −1 gives the start, w0 and b0. */
export function paramsAfter(path: ParamPath, k: number): { w: number; b: number } {
  if (k < 0) return { w: path.w0, b: path.b0 };
  const j = recordOfStep(path, k);
  if (j < 0) fail("paramsAfter", "step k was not recorded; k", k);
  return { w: path.steps.w[j], b: path.steps.b[j] };
}

/** The parameters after the last recorded step (w0, b0 when nothing was trained). */
export function finalParams(path: ParamPath): { w: number; b: number } {
  const n = path.steps.w.length;
  return n === 0 ? { w: path.w0, b: path.b0 } : { w: path.steps.w[n - 1], b: path.steps.b[n - 1] };
}

/** How many recorded values of a history are NaN or ±Infinity (0 for every stable run). */
export function countNonFinite(history: TrainingHistory): number {
  const s = history.steps;
  const columns = [s.z, s.pred, s.loss, s.dlossDz, s.dlossDw, s.dlossDb, s.w, s.b];
  // A loss that takes z has no dL/dpred: that column is NaN by design, not by accident.
  const fused = s.dlossDpred.length > 0 && s.dlossDpred.every(Number.isNaN) && s.pred.every(Number.isFinite);
  if (!fused) columns.push(s.dlossDpred);
  let count = 0;
  for (const column of columns) for (const v of column) if (!Number.isFinite(v)) count++;
  return count;
}

/** A full-batch gradient-descent run: w, b after each step and the mean loss each step started from. */
export interface DescentPath extends ParamPath {
  lr: number;
  nSteps: number;
  steps: { w: number[]; b: number[]; loss: number[] };
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
  finite(fn, "w0", w0);
  finite(fn, "b0", b0);
  checkSamples(fn, X, Y);
  positive(fn, "lr", lr);
  integer(fn, "steps", steps, 0);
  atMost(fn, "steps", steps, MAX_RECORDED_STEPS, "each step is recorded; take fewer");
  atMost(fn, "steps × samples", steps * X.length, MAX_STEPS, "that would take too long; take fewer steps");
  const path: DescentPath = { lr, nSteps: steps, w0, b0, steps: { w: [], b: [], loss: [] } };
  let [w, b] = [w0, b0];
  for (let k = 0; k < steps; k++) {
    const [dlossDw, dlossDb] = meanLossGradient(w, b, X, Y);
    path.steps.loss.push(meanLoss(w, b, X, Y));
    w = w - lr * dlossDw;
    b = b - lr * dlossDb;
    path.steps.w.push(w);
    path.steps.b.push(b);
  }
  return path;
}
