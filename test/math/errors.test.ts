// Bad input gets an error that names the function, the argument and the value — never a silent NaN.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  BCELoss,
  BCEWithLogitsLoss,
  LinearFunction,
  Sigmoid,
  accuracy,
  gradCheck,
  linspace,
  makeDataset,
  makeRng,
  meanLoss,
  modelCurve,
  stepAt,
  train,
} from "../../src";

const ok = { nSamples: 10, decisionBoundary: 0, direction: "pos" as const, seed: 1 };
const X = [1, -1, 2];
const Y: (0 | 1)[] = [1, 0, 1];
const used = () => {
  const l = new LinearFunction({ w: 1, b: 0 });
  l.forward(1);
  return l;
};

// [what is wrong, the call, the message it must give]
const cases: [string, () => unknown, RegExp][] = [
  ["nSamples 0", () => makeDataset({ ...ok, nSamples: 0 }), /makeDataset: nSamples must be a positive integer, got 0$/],
  ["nSamples negative", () => makeDataset({ ...ok, nSamples: -3 }), /makeDataset: nSamples .* got -3$/],
  ["nSamples fractional", () => makeDataset({ ...ok, nSamples: 2.5 }), /makeDataset: nSamples .* got 2\.5$/],
  ["nSamples NaN", () => makeDataset({ ...ok, nSamples: NaN }), /makeDataset: nSamples .* got NaN$/],
  ["nSamples a string", () => makeDataset({ ...ok, nSamples: "100" as never }), /makeDataset: nSamples .* got "100"$/],
  [
    "unknown direction",
    () => makeDataset({ ...ok, direction: "up" as never }),
    /makeDataset: direction must be 'pos' or 'neg', got "up"$/,
  ],
  [
    "boundary Infinity",
    () => makeDataset({ ...ok, decisionBoundary: Infinity }),
    /makeDataset: decisionBoundary must be a finite number, got Infinity$/,
  ],
  ["boundary NaN", () => makeDataset({ ...ok, decisionBoundary: NaN }), /makeDataset: decisionBoundary .* got NaN$/],
  ["std 0", () => makeDataset({ ...ok, std: 0 }), /makeDataset: std must be a finite number greater than 0, got 0$/],
  ["std NaN", () => makeDataset({ ...ok, std: NaN }), /makeDataset: std .* got NaN$/],
  ["no seed and no rng", () => makeDataset({ ...ok, seed: undefined }), /makeDataset: seed \(or rng\) is required/],
  ["seed and rng both", () => makeDataset({ ...ok, rng: makeRng(1) }), /makeDataset: give either seed or rng/],
  ["options missing", () => makeDataset(undefined as never), /makeDataset: nSamples .* got undefined$/],
  ["seed NaN", () => makeRng(NaN), /makeRng: seed must be .* got NaN$/],
  ["lr 0", () => train({ X, Y, lr: 0, seed: 1 }), /train: lr must be a finite number greater than 0, got 0$/],
  ["lr negative", () => train({ X, Y, lr: -0.1, seed: 1 }), /train: lr .* got -0\.1$/],
  ["lr Infinity", () => train({ X, Y, lr: Infinity, seed: 1 }), /train: lr .* got Infinity$/],
  [
    "epochs fractional",
    () => train({ X, Y, epochs: 1.5, seed: 1 }),
    /train: epochs must be a non-negative integer, got 1\.5$/,
  ],
  ["epochs negative", () => train({ X, Y, epochs: -1, seed: 1 }), /train: epochs .* got -1$/],
  [
    "X and Y lengths differ",
    () => train({ X, Y: [1, 0], seed: 1 }),
    /train: X and Y must have the same length; X has 3, Y has, got 2$/,
  ],
  [
    "X empty",
    () => train({ X: [], Y: [], seed: 1 }),
    /train: X must be a non-empty array of numbers, got an array of length 0$/,
  ],
  ["X holds NaN", () => train({ X: [1, NaN, 2], Y, seed: 1 }), /train: X\[1\] must be a finite number, got NaN$/],
  ["y is 2", () => train({ X, Y: [1, 2, 0] as never, seed: 1 }), /train: Y\[1\] must be 0 or 1, got 2$/],
  ["y is true", () => train({ X, Y: [1, true, 0] as never, seed: 1 }), /train: Y\[1\] must be 0 or 1, got true$/],
  [
    "unknown layers",
    () => train({ X, Y, seed: 1, layers: "numpy" as never }),
    /train: layers must be \{ linear, activation, loss \}, .*, got "numpy"$/,
  ],
  ["train without seed, w0, b0", () => train({ X, Y }), /train: seed \(or rng\) is required/],
  [
    "LinearFunction without w and rng",
    () => new LinearFunction(),
    /LinearFunction: w was not given, so rng .* got undefined$/,
  ],
  [
    "LinearFunction w NaN",
    () => new LinearFunction({ w: NaN, b: 0 }),
    /LinearFunction: w must be a finite number, got NaN$/,
  ],
  [
    "forward x NaN",
    () => new LinearFunction({ w: 1, b: 0 }).forward(NaN),
    /LinearFunction.forward: x must be a finite number, got NaN$/,
  ],
  [
    "forward x a string",
    () => new LinearFunction({ w: 1, b: 0 }).forward("3" as never),
    /LinearFunction.forward: x .* got "3"$/,
  ],
  [
    "linear backward before forward",
    () => new LinearFunction({ w: 1, b: 0 }).backward(1, 0.1),
    /LinearFunction.backward: call forward first: x is not computed yet, got NaN$/,
  ],
  ["linear backward lr 0", () => used().backward(1, 0), /LinearFunction.backward: lr .* got 0$/],
  ["linear backward dlossDz NaN", () => used().backward(NaN, 0.1), /LinearFunction.backward: dlossDz .* got NaN$/],
  ["sigmoid z NaN", () => new Sigmoid().forward(NaN), /Sigmoid.forward: z must be a finite number, got NaN$/],
  ["sigmoid z -Infinity", () => new Sigmoid().forward(-Infinity), /Sigmoid.forward: z .* got -Infinity$/],
  [
    "sigmoid backward before forward",
    () => new Sigmoid().backward(1),
    /Sigmoid.backward: call forward first: a is not computed yet/,
  ],
  [
    "pred above 1",
    () => new BCELoss().forward(1.2, 1),
    /BCELoss.forward: pred must be a number in \[0, 1\], got 1\.2$/,
  ],
  ["pred below 0", () => new BCELoss().forward(-0.1, 0), /BCELoss.forward: pred .* got -0\.1$/],
  ["pred NaN", () => new BCELoss().forward(NaN, 0), /BCELoss.forward: pred .* got NaN$/],
  ["BCE y 0.5", () => new BCELoss().forward(0.5, 0.5), /BCELoss.forward: y must be 0 or 1, got 0\.5$/],
  ["BCE backward before forward", () => new BCELoss().backward(), /BCELoss.backward: call forward first: pred is not/],
  ["fused z NaN", () => new BCEWithLogitsLoss().forward(NaN, 1), /BCEWithLogitsLoss.forward: z .* got NaN$/],
  [
    "fused backward before forward",
    () => new BCEWithLogitsLoss().backward(),
    /BCEWithLogitsLoss.backward: call forward/,
  ],
  ["linspace n 1", () => linspace(0, 1, 1), /linspace: n must be an integer >= 2, got 1$/],
  ["modelCurve xs empty", () => modelCurve(1, 0, []), /modelCurve: xs must be a non-empty array/],
  ["modelCurve w NaN", () => modelCurve(NaN, 0, [1]), /modelCurve: w must be a finite number, got NaN$/],
  ["accuracy Y mismatch", () => accuracy(1, 0, [1, 2], [1]), /accuracy: X and Y must have the same length/],
  ["meanLoss b Infinity", () => meanLoss(1, Infinity, X, Y), /meanLoss: b must be a finite number, got Infinity$/],
  [
    "stepAt beyond the end",
    () => stepAt(train({ X, Y, epochs: 1, seed: 1 }), 3),
    /stepAt: k must be below nSteps \(3\), got 3$/,
  ],
  ["gradCheck nPoints 0", () => gradCheck({ nPoints: 0 }), /gradCheck: nPoints must be a positive integer, got 0$/],
];

describe("every bad argument gets an error naming function, argument and value", () => {
  it(`covers at least 20 cases (${cases.length} here)`, () => assert.ok(cases.length >= 20));
  for (const [what, call, message] of cases) {
    it(what, () => assert.throws(call, message));
  }
});
