// The model as functions of (w, b): curves, accuracy, loss and its full-batch gradient.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  BCELoss,
  LinearFunction,
  Sigmoid,
  accuracy,
  centralDifference,
  linspace,
  makeDataset,
  meanLoss,
  meanLossGradient,
  modelCurve,
  paddedRange,
  sigmoid,
} from "../../src";
import { blogFixture, rel } from "../helpers";

describe("curves for plotting", () => {
  it("linspace matches numpy: both ends included, evenly spaced", () => {
    assert.deepEqual(linspace(0, 1, 5), [0, 0.25, 0.5, 0.75, 1]);
    const xs = linspace(-6.8, 5.9, 100);
    assert.equal(xs.length, 100);
    assert.equal(xs[99], 5.9);
  });

  it("paddedRange adds matplotlib's 5 % margin to the data's span", () => {
    const [lo, hi] = paddedRange([0, 10]);
    assert.deepEqual([lo, hi], [-0.5, 10.5]);
    const fx = blogFixture();
    const [a, b] = paddedRange(fx.X);
    // The blog's figure 2 curve runs from about −6.8 to 5.9.
    assert.ok(Math.abs(a + 6.84) < 0.05 && Math.abs(b - 5.9) < 0.05, `${a} ${b}`);
  });

  it("modelCurve is sigmoid(w·x + b) and leaves a layer's remembered x alone (the blog's did not)", () => {
    const linear = new LinearFunction({ w: 0.7, b: -0.2 });
    const sig = new Sigmoid();
    const loss = new BCELoss();
    loss.forward(sig.forward(linear.forward(2)), 1);
    const curve = modelCurve(linear.w, linear.b, [-1, 0, 3]);
    assert.deepEqual(
      curve,
      [-1, 0, 3].map((x) => sigmoid(0.7 * x - 0.2)),
    );
    // backward still uses x = 2: dz/dw = x.
    linear.backward(sig.backward(loss.backward()), 1);
    assert.equal(linear.dlossDw, linear.dlossDb * 2);
  });
});

describe("scoring a model over a dataset", () => {
  const d = makeDataset({ nSamples: 200, decisionBoundary: 1, direction: "pos", seed: 11 });

  it("accuracy is 1 for a model whose boundary sits on the data's, and 0 for its mirror image", () => {
    assert.equal(accuracy(5, -5, d.X, d.Y), 1);
    assert.equal(accuracy(-5, 5, d.X, d.Y), 0);
  });

  it("meanLoss is the mean of BCELoss over the samples", () => {
    const loss = new BCELoss();
    const w = 0.8;
    const b = -0.3;
    const expected = d.X.reduce((s, x, i) => s + loss.forward(sigmoid(w * x + b), d.Y[i]), 0) / d.X.length;
    assert.ok(rel(meanLoss(w, b, d.X, d.Y), expected) < 1e-12);
  });

  it("meanLossGradient agrees with central differences of meanLoss", () => {
    for (const [w, b] of [
      [0.8, -0.3],
      [-1.5, 2],
      [3, 0.1],
    ]) {
      const [gw, gb] = meanLossGradient(w, b, d.X, d.Y);
      assert.ok(
        rel(
          gw,
          centralDifference((v) => meanLoss(v, b, d.X, d.Y), w),
        ) < 1e-7,
      );
      assert.ok(
        rel(
          gb,
          centralDifference((v) => meanLoss(w, v, d.X, d.Y), b),
        ) < 1e-7,
      );
    }
  });

  it("meanLoss stays finite and accurate where pred underflows: a huge wrong z costs |z|", () => {
    assert.ok(rel(meanLoss(-1000, 0, [1], [1]), 1000) < 1e-12);
  });
});
