// Lesson 8: from one neuron to a network. The classes of layers.ts generalised to vectors: Linear
// computes z = W·x + b for a vector x, and its backward also returns dL/dx — the layer below needs
// it, as Sigmoid's backward hands dL/dz to LinearFunction; SigmoidLayer squashes each z on its own.
// Stacked as Linear(2→H) → SigmoidLayer → Linear(H→1) → SigmoidLayer → BCE and trained with the
// same sgd() loop as the blog's model, they learn XOR, which one neuron cannot.
import { BCELoss, sigmoid, sigmoidSlope } from "./layers";
import { MAX_EPOCHS, MAX_HIDDEN, MAX_RECORDED_STEPS, MAX_STEPS, formatCount } from "./limits";
import { pickRng, type Rng, type Seed } from "./random";
import { sgd } from "./train";
import { centralDifference, GRADCHECK_TOLERANCE, relativeError } from "./gradcheck";
import { atMost, beforeForward, fail, integer, labelArray, matrix, options, positive, vector } from "./validate";

/** A column of numbers: an input, the values of a layer, or a gradient. */
export type Vector = number[];
/** Rows of numbers: W[i][j] is the weight from input j to unit i. */
export type Matrix = number[][];

/** z = W·x + b for a vector x. backward() hands dL/dx to the layer below and steps W and b. */
export class Linear {
  W: Matrix = [];
  b: Vector = [];
  /** dL/dW and dL/db of the last backward() — kept so that lessons and charts can show them. */
  dlossDW: Matrix = [];
  dlossDb: Vector = [];
  // forward remembers its input for backward (as LinearFunction's x); empty means "no forward yet".
  private x: Vector = [];

  constructor(opts: { W: Matrix; b: Vector }) {
    const fn = "Linear";
    const { W, b } = options(fn, opts);
    matrix(fn, "W", W);
    vector(fn, "b", b, W.length, ` (one bias per row of W, which is ${W.length} × ${W[0].length})`);
    // The layer trains its own copies: the arrays it was given never change.
    this.W = W.map((row) => [...row]);
    this.b = [...b];
  }

  forward(x: Vector): Vector {
    const nIn = this.W[0].length;
    if (!isVector(x, nIn)) vector("Linear.forward", "x", x, nIn, ` (one per column of W, ${this.shape()})`);
    this.x = x;
    const z: Vector = [];
    for (let i = 0; i < this.W.length; i++) {
      let zi = this.b[i];
      for (let j = 0; j < nIn; j++) zi += this.W[i][j] * x[j];
      z.push(zi);
    }
    return z;
  }

  backward(dlossDz: Vector, lr: number): Vector {
    const { W, x } = this;
    if (x.length === 0) throw beforeForward("Linear.backward", "x", x);
    if (!isVector(dlossDz, W.length)) {
      vector("Linear.backward", "dlossDz", dlossDz, W.length, ` (one per row of W, ${this.shape()})`);
    }
    if (!(lr > 0 && lr < Infinity)) positive("Linear.backward", "lr", lr);
    // dL/dx = Wᵀ · dL/dz: every input j feeds every unit i through W[i][j]. It uses the W that
    // forward used, so it is computed before the step below changes W.
    const dlossDx: Vector = [];
    for (let j = 0; j < x.length; j++) {
      let sum = 0;
      for (let i = 0; i < W.length; i++) sum += W[i][j] * dlossDz[i];
      dlossDx.push(sum);
    }

    const dzDW = x; // ∂z_i/∂W_ij = x_j
    const dzDb = 1; // ∂z_i/∂b_i = 1
    const dlossDW: Matrix = [];
    const dlossDb: Vector = [];
    for (let i = 0; i < W.length; i++) {
      const row: Vector = [];
      for (let j = 0; j < x.length; j++) row.push(dlossDz[i] * dzDW[j]); // dL/dW = dL/dz · xᵀ
      dlossDW.push(row);
      dlossDb.push(dlossDz[i] * dzDb); // dL/db = dL/dz
    }

    for (let i = 0; i < W.length; i++) {
      for (let j = 0; j < x.length; j++) W[i][j] = W[i][j] - lr * dlossDW[i][j];
      this.b[i] = this.b[i] - lr * dlossDb[i];
    }
    this.dlossDW = dlossDW;
    this.dlossDb = dlossDb;
    return dlossDx;
  }

  private shape(): string {
    return `${this.W.length} × ${this.W[0].length}`;
  }
}

/** a = σ(z) for every unit of a layer. backward() multiplies each dL/da by its own slope a·(1 − a). */
export class SigmoidLayer {
  // forward remembers its output for backward (as Sigmoid's a); empty means "no forward yet".
  a: Vector = [];

  forward(z: Vector): Vector {
    if (!isVector(z, z?.length)) vector("SigmoidLayer.forward", "z", z);
    const a: Vector = [];
    for (let i = 0; i < z.length; i++) a.push(sigmoid(z[i]));
    this.a = a;
    return a;
  }

  backward(dlossDa: Vector): Vector {
    const { a } = this;
    if (a.length === 0) throw beforeForward("SigmoidLayer.backward", "a", a);
    if (!isVector(dlossDa, a.length)) vector("SigmoidLayer.backward", "dlossDa", dlossDa, a.length);
    const dlossDz: Vector = [];
    for (let i = 0; i < a.length; i++) dlossDz.push(dlossDa[i] * sigmoidSlope(a[i])); // dL/dz_i = dL/da_i · a_i(1 − a_i)
    return dlossDz;
  }
}

/** The network's loss: BCE of its one output unit — the 1-D BCELoss on pred[0], floors and all. */
export class OutputBCELoss {
  private readonly bce = new BCELoss();

  forward(pred: Vector, y: number): number {
    if (!isVector(pred, 1)) vector("OutputBCELoss.forward", "pred", pred, 1, " (the one output unit)");
    return this.bce.forward(pred[0], y);
  }

  backward(): Vector {
    return [this.bce.backward()];
  }
}

function isVector(v: unknown, n: number | undefined): v is Vector {
  if (!Array.isArray(v) || v.length !== n || n === 0) return false;
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false;
  return true;
}

/** The parameters of x (2) → Linear(2→H) → SigmoidLayer → Linear(H→1) → SigmoidLayer. */
export interface NetworkParams {
  /** H × 2: row h holds hidden unit h's two input weights. */
  W1: Matrix;
  /** H hidden biases. */
  b1: Vector;
  /** 1 × H: the output unit's weight for each hidden unit. */
  W2: Matrix;
  /** The output unit's bias, [b]. */
  b2: Vector;
}

/** Checks a network's parameters and returns H, naming the argument and the shapes when they disagree. */
export function checkParams(fn: string, params: NetworkParams, name = "params", nInputs?: number): number {
  if (typeof params !== "object" || params === null) fail(fn, `${name} must be { W1, b1, W2, b2 }`, params);
  const { W1, b1, W2, b2 } = params;
  const W1m = matrix(fn, `${name}.W1`, W1, undefined, nInputs, " (a row of input weights per hidden unit)");
  const H = W1m.length;
  atMost(fn, `the hidden units (rows of ${name}.W1)`, H, MAX_HIDDEN, "more cannot be told apart in the charts");
  vector(fn, `${name}.b1`, b1, H, ` (a bias per hidden unit: ${name}.W1 is ${H} × ${W1m[0].length})`);
  matrix(fn, `${name}.W2`, W2, 1, H, ` (one output unit, a weight per hidden unit)`);
  vector(fn, `${name}.b2`, b2, 1, " (the output unit's bias)");
  return H;
}

/** A copy of a network's parameters that shares no array with the original. */
export function copyParams(p: NetworkParams): NetworkParams {
  const m = (rows: Matrix) => rows.map((r) => [...r]);
  return { W1: m(p.W1), b1: [...p.b1], W2: m(p.W2), b2: [...p.b2] };
}

/**
 * A network's starting parameters, each drawn from N(0, 1) as the blog draws w and b: W1 row by
 * row, then b1, W2 and b2. `hidden` is H, the number of hidden units.
 */
export function initNetwork(opts: { hidden: number; inputs?: number; seed?: Seed; rng?: Rng }): NetworkParams {
  const fn = "initNetwork";
  const { hidden, inputs = 2, seed, rng } = options(fn, opts);
  integer(fn, "hidden", hidden);
  atMost(fn, "hidden", hidden, MAX_HIDDEN, "more cannot be told apart in the charts");
  integer(fn, "inputs", inputs);
  const random = pickRng(fn, seed, rng);
  const draw = (n: number) => Array.from({ length: n }, () => random.normal());
  const W1 = Array.from({ length: hidden }, () => draw(inputs));
  const b1 = draw(hidden);
  const W2 = [draw(hidden)];
  const b2 = draw(1);
  return { W1, b1, W2, b2 };
}

/** The four layers of a network with these parameters (copies: training them leaves `params` alone). */
export function networkLayers(params: NetworkParams): [Linear, SigmoidLayer, Linear, SigmoidLayer] {
  checkParams("networkLayers", params);
  return [
    new Linear({ W: params.W1, b: params.b1 }),
    new SigmoidLayer(),
    new Linear({ W: params.W2, b: params.b2 }),
    new SigmoidLayer(),
  ];
}

/** The parameters the layers of a network hold now. */
export function paramsOf(layers: readonly [Linear, SigmoidLayer, Linear, SigmoidLayer]): NetworkParams {
  return copyParams({ W1: layers[0].W, b1: layers[0].b, W2: layers[2].W, b2: layers[2].b });
}

/** A model with two inputs the charts can draw: a network, or a single neuron { W: [[w1, w2]], b: [b] }. */
export type Model2D = NetworkParams | { W: Matrix; b: Vector };

/** The model's prediction P(y = 1) at x = [x1, x2], computed without touching any layer object. */
export function predict(model: Model2D, x: readonly number[]): number {
  checkModel2D("predict", model);
  vector("predict", "x", x, 2, " (x1 and x2)");
  return output(model, x);
}

/** predict without the checks, for loops over many points whose model was checked once (charts, accuracy). */
export function output(model: Model2D, x: readonly number[]): number {
  if ("W1" in model) {
    const { W1, b1, W2, b2 } = model;
    let z2 = b2[0];
    for (let h = 0; h < W1.length; h++) {
      let z1 = b1[h];
      for (let j = 0; j < x.length; j++) z1 += W1[h][j] * x[j];
      z2 += W2[0][h] * sigmoid(z1);
    }
    return sigmoid(z2);
  }
  let z = model.b[0];
  for (let j = 0; j < x.length; j++) z += model.W[0][j] * x[j];
  return sigmoid(z);
}

/** Checks a Model2D: a network's { W1, b1, W2, b2 }, or a neuron's { W: 1 × 2, b: [b] }. */
export function checkModel2D(fn: string, model: Model2D, name = "model"): void {
  if (typeof model === "object" && model !== null && "W1" in model) {
    checkParams(fn, model, name, 2);
    return;
  }
  if (typeof model !== "object" || model === null || !("W" in model)) {
    fail(fn, `${name} must be a network's { W1, b1, W2, b2 } or a neuron's { W, b }`, model);
  }
  matrix(fn, `${name}.W`, model.W, 1, 2, " (one unit, a weight per input)");
  vector(fn, `${name}.b`, model.b, 1);
}

/** The share of samples a model labels correctly, predicting 1 when P(y = 1) > 0.5. */
export function accuracy2D(model: Model2D, X: readonly (readonly number[])[], Y: readonly (0 | 1)[]): number {
  const fn = "accuracy2D";
  checkModel2D(fn, model);
  matrix(fn, "X", X, undefined, 2, " (one row [x1, x2] per sample)");
  labelArray(fn, "Y", Y);
  if (X.length !== Y.length) fail(fn, `X and Y must have the same length; X has ${X.length}, Y has`, Y.length);
  return shareRight(model, X, Y);
}

/** accuracy2D without the checks, for the training loop's per-epoch summary. */
export function shareRight(model: Model2D, X: readonly (readonly number[])[], Y: readonly (0 | 1)[]): number {
  let correct = 0;
  for (let i = 0; i < X.length; i++) if ((output(model, X[i]) > 0.5 ? 1 : 0) === Y[i]) correct++;
  return correct / X.length;
}

/** One epoch of a run in summary: its mean step loss, and the accuracy at its end. */
export interface NetworkEpoch {
  epoch: number;
  meanLoss: number;
  accuracy: number;
}

/** The parameters after `step` SGD steps (0: the start), for the step-through of the decision surface. */
export interface Snapshot {
  step: number;
  params: NetworkParams;
}

/** Settings for trainNetwork: the contract of lesson 8. */
export interface TrainNetworkOptions {
  /** n × 2 inputs. */
  X: number[][];
  Y: (0 | 1)[];
  /** The starting parameters; trainNetwork never changes them. */
  params: NetworkParams;
  lr: number;
  epochs: number;
  /** "steps" (default) keeps every step's loss; "epochs" only the per-epoch summaries, for long runs. */
  record?: "steps" | "epochs";
}

/** What trainNetwork returns: with record "steps", `losses` has every step's loss, computed before that step's update (with "epochs" it is empty). */
export interface NetworkRun extends FitSummary {
  /** The parameters after training. */
  params: NetworkParams;
  /** The starting parameters (a copy). */
  params0: NetworkParams;
  /** At most MAX_SNAPSHOTS parameter sets, evenly spaced from the start to the end, for the charts. */
  snapshots: Snapshot[];
  hidden: number;
}

/** How many parameter snapshots a run keeps for the decision-surface step-through. */
export const MAX_SNAPSHOTS = 60;

/**
 * Trains the network x (2) → Linear(2→H) → SigmoidLayer → Linear(H→1) → SigmoidLayer → BCE with
 * per-sample SGD in data order (the same sgd() loop as the 1-D model), `epochs` passes, plain
 * p ← p − lr·∂L/∂p updates. Returns every step's loss, the final parameters, and what the charts need.
 */
export function trainNetwork(opts: TrainNetworkOptions): NetworkRun {
  const fn = "trainNetwork";
  const { X, Y, params, lr, epochs, record = "steps" } = options(fn, opts);
  const hidden = checkParams(fn, params);
  const layers = networkLayers(params);
  // The parameters the layers hold now, read in place (copied where they are kept).
  const now = (): NetworkParams => ({ W1: layers[0].W, b1: layers[0].b, W2: layers[2].W, b2: layers[2].b });
  const snapshots: Snapshot[] = [{ step: 0, params: copyParams(params) }];
  const fit = fit2D(fn, layers, now, { X, Y, lr, epochs, record }, (step) =>
    snapshots.push({ step, params: copyParams(now()) }),
  );
  return { ...fit, params: copyParams(now()), params0: copyParams(params), snapshots, hidden };
}

/** Settings for trainNeuron: lesson 4's model with two inputs, z = w1·x1 + w2·x2 + b. */
export interface TrainNeuronOptions {
  X: number[][];
  Y: (0 | 1)[];
  /** The neuron's start: W = [[w1, w2]], b = [b]. */
  model: { W: Matrix; b: Vector };
  lr: number;
  epochs: number;
}

/** What trainNeuron returns: every step's loss, the epochs, and the trained neuron. */
export interface NeuronRun extends FitSummary {
  model: { W: Matrix; b: Vector };
}

/** Trains a single neuron — Linear(2→1) → SigmoidLayer → BCE — with the same loop as the network. */
export function trainNeuron(opts: TrainNeuronOptions): NeuronRun {
  const fn = "trainNeuron";
  const { X, Y, model, lr, epochs } = options(fn, opts);
  if (typeof model === "object" && model !== null && "W1" in model) {
    fail(fn, "model must be a neuron's { W: [[w1, w2]], b: [b] } (train a network with trainNetwork)", model);
  }
  checkModel2D(fn, model);
  const linear = new Linear(model);
  const fit = fit2D(fn, [linear, new SigmoidLayer()], () => linear, { X, Y, lr, epochs, record: "steps" });
  return { ...fit, model: { W: linear.W.map((r) => [...r]), b: [...linear.b] } };
}

/** The part of a run that trainNetwork and trainNeuron share. */
export interface FitSummary {
  losses: number[];
  epochs: NetworkEpoch[];
  lr: number;
  nEpochs: number;
  nSamples: number;
  nSteps: number;
}

/**
 * Checks the data and the run's size, then runs sgd() over vector layers with OutputBCELoss,
 * keeping each step's loss, each epoch's summary, and calling `snapshot` at up to
 * MAX_SNAPSHOTS − 1 evenly spaced steps.
 */
function fit2D(
  fn: string,
  layers: readonly (Linear | SigmoidLayer)[],
  /** The model as the layers hold it now (read, not kept: no copy needed). */
  current: () => Model2D,
  o: { X: number[][]; Y: (0 | 1)[]; lr: number; epochs: number; record: "steps" | "epochs" },
  snapshot?: (step: number) => void,
): FitSummary {
  const { X, Y, lr, epochs, record } = o;
  const nIn = (layers[0] as Linear).W[0].length;
  matrix(
    fn,
    "X",
    X,
    undefined,
    nIn,
    ` (one row per sample with ${nIn} inputs, as the first layer's W has ${nIn} columns)`,
  );
  labelArray(fn, "Y", Y);
  if (X.length !== Y.length) fail(fn, `X and Y must have the same length; X has ${X.length}, Y has`, Y.length);
  positive(fn, "lr", lr);
  integer(fn, "epochs", epochs, 0);
  if (record !== "steps" && record !== "epochs") fail(fn, `record must be "steps" or "epochs"`, record);
  const nSteps = epochs * X.length;
  const size = `${formatCount(X.length)} samples × ${formatCount(epochs)} epochs = ${formatCount(nSteps)} steps`;
  atMost(fn, "epochs × samples", nSteps, MAX_STEPS, `${size} would take too long; train fewer epochs`);
  atMost(fn, "epochs", epochs, MAX_EPOCHS, "each epoch keeps a summary; train fewer, longer epochs");
  if (record === "steps") {
    atMost(
      fn,
      "the recorded steps",
      nSteps,
      MAX_RECORDED_STEPS,
      `${size}; pass record: "epochs" to keep only each epoch's summary`,
    );
  }
  const fit: FitSummary = { losses: [], epochs: [], lr, nEpochs: epochs, nSamples: X.length, nSteps };
  // Snapshots at evenly spaced steps: after step k when k + 1 reaches the next mark.
  const marks = snapshot ? Math.min(MAX_SNAPSHOTS - 1, nSteps) : 0;
  let next = 1;
  sgd(layers, new OutputBCELoss(), X, Y, epochs, lr, {
    step(k, _epoch, _i, tape) {
      if (record === "steps") fit.losses.push(tape.loss);
      if (marks > 0 && k + 1 >= Math.round((next * nSteps) / marks)) {
        snapshot!(k + 1);
        next++;
      }
    },
    epoch(epoch, meanLoss) {
      fit.epochs.push({ epoch, meanLoss, accuracy: shareRight(current(), X, Y) });
    },
  });
  return fit;
}

/** Everything one SGD step of the network computes, forward and backward, without changing `params`. */
export interface NetworkStep {
  x: Vector;
  y: 0 | 1;
  z1: Vector;
  a1: Vector;
  z2: Vector;
  pred: number;
  loss: number;
  dlossDpred: number;
  dlossDz2: Vector;
  dlossDW2: Matrix;
  dlossDb2: Vector;
  dlossDa1: Vector;
  dlossDz1: Vector;
  dlossDW1: Matrix;
  dlossDb1: Vector;
  /** The learning rate of the update. */
  lr: number;
  /** The parameters before and after this step's update. */
  before: NetworkParams;
  after: NetworkParams;
}

/** One SGD step on one sample, every value on record: lesson 8's "one step, every number". */
export function networkStep(params: NetworkParams, x: Vector, y: 0 | 1, lr: number): NetworkStep {
  const fn = "networkStep";
  checkParams(fn, params);
  vector(fn, "x", x, params.W1[0].length);
  if (y !== 0 && y !== 1) fail(fn, "y must be 0 or 1", y);
  positive(fn, "lr", lr);
  const [linear1, sigmoid1, linear2, sigmoid2] = networkLayers(params);
  const lossFn = new OutputBCELoss();
  // forward propagation
  const z1 = linear1.forward(x);
  const a1 = sigmoid1.forward(z1);
  const z2 = linear2.forward(a1);
  const pred = sigmoid2.forward(z2);
  const loss = lossFn.forward(pred, y);
  // backward propagation
  const dlossDpred = lossFn.backward();
  const dlossDz2 = sigmoid2.backward(dlossDpred);
  const dlossDa1 = linear2.backward(dlossDz2, lr);
  const dlossDz1 = sigmoid1.backward(dlossDa1);
  linear1.backward(dlossDz1, lr);
  return {
    x: [...x],
    y,
    z1,
    a1,
    z2,
    pred: pred[0],
    loss,
    dlossDpred: dlossDpred[0],
    dlossDz2,
    dlossDW2: linear2.dlossDW,
    dlossDb2: linear2.dlossDb,
    dlossDa1,
    dlossDz1,
    dlossDW1: linear1.dlossDW,
    dlossDb1: linear1.dlossDb,
    lr,
    before: copyParams(params),
    after: paramsOf([linear1, sigmoid1, linear2, sigmoid2]),
  };
}

/** One parameter's check: backprop's derivative against the central difference of the loss. */
export interface ParamCheckRow {
  /** e.g. "W1[0][1]". */
  param: string;
  analytic: number;
  numeric: number;
  relError: number;
  ok: boolean;
}

/** The network's loss on one sample, computed without touching any layer object. */
export function networkLoss(params: NetworkParams, x: readonly number[], y: 0 | 1): number {
  return new BCELoss().forward(output(params, x), y);
}

/**
 * The gradient check over every parameter of the network at one sample: backprop's dL/dp (from
 * networkStep) next to (L(p + h) − L(p − h)) / 2h, relative tolerance GRADCHECK_TOLERANCE.
 * Check away from saturation: where the prediction rounds to exactly 0 or 1, the loss sits on its
 * floor (log clamped at −100, as in PyTorch), the numerical slope is 0, and a row fails although
 * backprop is right.
 */
export function networkGradCheck(params: NetworkParams, x: Vector, y: 0 | 1): ParamCheckRow[] {
  const step = networkStep(params, x, y, 1);
  const rows: ParamCheckRow[] = [];
  /** Compares backprop's derivative with the slope of the loss as `set` moves one parameter around v0. */
  const check = (param: string, analytic: number, v0: number, set: (p: NetworkParams, v: number) => void) => {
    const numeric = centralDifference((v) => {
      const p = copyParams(params);
      set(p, v);
      return networkLoss(p, x, y);
    }, v0);
    const relError = relativeError(analytic, numeric);
    rows.push({ param, analytic, numeric, relError, ok: relError < GRADCHECK_TOLERANCE });
  };
  params.W1.forEach((row, h) =>
    row.forEach((w, j) => check(`W1[${h}][${j}]`, step.dlossDW1[h][j], w, (p, v) => (p.W1[h][j] = v))),
  );
  params.b1.forEach((b, h) => check(`b1[${h}]`, step.dlossDb1[h], b, (p, v) => (p.b1[h] = v)));
  params.W2[0].forEach((w, h) => check(`W2[0][${h}]`, step.dlossDW2[0][h], w, (p, v) => (p.W2[0][h] = v)));
  check("b2[0]", step.dlossDb2[0], params.b2[0], (p, v) => (p.b2[0] = v));
  return rows;
}
