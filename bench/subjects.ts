// The training loops the benchmark times. Each takes the same workload and returns the final w as a
// checksum, so no loop can be optimised away and equal math can be checked for equal results.
import { BCELoss, LinearFunction, LOG_FLOOR, Sigmoid, sigmoid, sigmoidSlope } from "../src/math/layers";
import { networkLayers, OutputBCELoss, trainNetwork, type NetworkParams } from "../src/math/network";
import { finalParams, sgd, train, type Recording } from "../src/math/train";

/** Data, starting point and length of one timed training run. */
export interface Workload {
  X: readonly number[];
  Y: readonly (0 | 1)[];
  w0: number;
  b0: number;
  lr: number;
  epochs: number;
  /** What train() records (every step unless said). */
  record?: Recording;
}

/** Lesson 8's network on 2-D data: trainNetwork's settings. */
export interface NetworkWorkload {
  X: number[][];
  Y: (0 | 1)[];
  params: NetworkParams;
  lr: number;
  epochs: number;
}

/** train() as the lessons call it: the same loop, recording every value of every step (or what work.record says). */
export function viaTrain(work: Workload): number {
  return trainedParams(work).w;
}

/** (a) LinearFunction, Sigmoid, BCELoss driven in the blog's order, loss computed every step. */
export function viaLayers(work: Workload): number {
  const { X, Y, w0, b0, lr, epochs } = work;
  const linear = new LinearFunction({ w: w0, b: b0 });
  const sigmoid = new Sigmoid();
  const lossFn = new BCELoss();
  let lossSum = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = 0; i < X.length; i++) {
      const z = linear.forward(X[i]);
      const pred = sigmoid.forward(z);
      lossSum += lossFn.forward(pred, Y[i]);
      const dlossDpred = lossFn.backward();
      const dlossDz = sigmoid.backward(dlossDpred);
      linear.backward(dlossDz, lr);
    }
  }
  return lossSum === lossSum ? linear.w : NaN;
}

/** (c) The practical limit: one exp and one log per step, and the fused gradient dL/dz = pred − y. */
export function fused(work: Workload): number {
  const { X, Y, lr, epochs } = work;
  let w = work.w0;
  let b = work.b0;
  let lossSum = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = 0; i < X.length; i++) {
      const x = X[i];
      const y = Y[i];
      const pred = 1 / (1 + Math.exp(-(w * x + b)));
      lossSum -= Math.log(y === 1 ? pred : 1 - pred);
      const dlossDz = pred - y;
      w -= lr * dlossDz * x;
      b -= lr * dlossDz;
    }
  }
  return lossSum === lossSum ? w : NaN;
}

/**
 * (c′) The layers' math written inline, without objects or argument checks: the loss with its
 * LOG_FLOOR, dL/dpred = (pred − y) / (pred·(1 − pred)), then × pred·(1 − pred) — the chain rule the
 * lessons teach, step by step. Same float64 operations as the classes, so it ends at the same w.
 */
export function inlineLayerMath(work: Workload): number {
  const { X, Y, lr, epochs } = work;
  let w = work.w0;
  let b = work.b0;
  let lossSum = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = 0; i < X.length; i++) {
      const x = X[i];
      const y = Y[i];
      const z = w * x + b;
      const pred = sigmoid(z);
      lossSum += 0 - Math.max(y === 1 ? Math.log(pred) : Math.log(1 - pred), LOG_FLOOR);
      const dlossDpred = (pred - y) / sigmoidSlope(pred);
      const dlossDz = dlossDpred * sigmoidSlope(pred);
      const dlossDw = dlossDz * x;
      const dlossDb = dlossDz * 1;
      w = w - lr * dlossDw;
      b = b - lr * dlossDb;
    }
  }
  return lossSum === lossSum ? w : NaN;
}

/** train()'s final (w, b) after `epochs` epochs, to check that the numpy run computed the same thing. */
export function trainedParams(work: Workload): { w: number; b: number } {
  const { X, Y, w0, b0, lr, epochs, record } = work;
  return finalParams(train({ X, Y, epochs, lr, w0, b0, record }));
}

/** trainNetwork as lesson 8 calls it (every step's loss kept); the checksum is the trained b2. */
export function viaTrainNetwork(work: NetworkWorkload): number {
  return trainNetwork(work).params.b2[0];
}

/** The same network and loop, sgd() over networkLayers with nothing recorded: what trainNetwork adds is the rest. */
export function networkLoopOnly(work: NetworkWorkload): number {
  const layers = networkLayers(work.params);
  sgd(layers, new OutputBCELoss(), work.X, work.Y, work.epochs, work.lr);
  return layers[2].b[0];
}
