// The TypeScript port reproduces the blog's numpy code, step for step.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BCELoss, LinearFunction, Sigmoid, blogLayers, stepAt, train } from "../../src";
import { blogFixture, rel } from "../helpers";

const TOLERANCE = 1e-9;

describe("parity with the blog's numpy code (reference/blog_numpy.py, test/fixtures/blog-numpy-run.json)", () => {
  const fx = blogFixture();

  it("reproduces the 100 forward-only losses under the initial w0, b0", () => {
    const linear = new LinearFunction({ w: fx.w0, b: fx.b0 });
    const sigmoid = new Sigmoid();
    const lossFn = new BCELoss();
    let worst = 0;
    fx.X.forEach((x, i) => {
      const loss = lossFn.forward(sigmoid.forward(linear.forward(x)), fx.Y[i]);
      worst = Math.max(worst, rel(loss, fx.forward_losses[i]));
    });
    assert.equal(fx.forward_losses.length, 100);
    assert.ok(worst <= TOLERANCE, `worst relative error ${worst}`);
  });

  it("reproduces z, pred, loss, dloss_dpred, dloss_dz, w and b of all 1000 SGD steps", () => {
    const linear = new LinearFunction({ w: fx.w0, b: fx.b0 });
    const sigmoid = new Sigmoid();
    const lossFn = new BCELoss();
    const fields = ["z", "pred", "loss", "dloss_dpred", "dloss_dz", "w", "b"] as const;
    const worst = Object.fromEntries(fields.map((f) => [f, 0])) as Record<(typeof fields)[number], number>;
    let k = 0;
    for (let epoch = 0; epoch < fx.case.epochs; epoch++) {
      fx.X.forEach((x, i) => {
        const expected = fx.steps[k++];
        assert.deepEqual([expected.epoch, expected.i], [epoch, i]);
        const z = linear.forward(x);
        const pred = sigmoid.forward(z);
        const loss = lossFn.forward(pred, fx.Y[i]);
        const dlossDpred = lossFn.backward();
        const dlossDz = sigmoid.backward(dlossDpred);
        linear.backward(dlossDz, fx.case.lr);
        const got = { z, pred, loss, dloss_dpred: dlossDpred, dloss_dz: dlossDz, w: linear.w, b: linear.b };
        for (const f of fields) worst[f] = Math.max(worst[f], rel(got[f], expected[f]));
      });
    }
    assert.equal(k, 1000);
    for (const f of fields) assert.ok(worst[f] <= TOLERANCE, `${f}: worst relative error ${worst[f]}`);
  });

  it("train() records the same 1000 steps as the fixture", () => {
    const h = train({ X: fx.X, Y: fx.Y, w0: fx.w0, b0: fx.b0, epochs: fx.case.epochs, lr: fx.case.lr });
    assert.equal(h.nSteps, fx.steps.length);
    fx.steps.forEach((expected, k) => {
      const s = stepAt(h, k);
      assert.equal(s.epoch, expected.epoch);
      assert.equal(s.index, expected.i);
      assert.equal(s.x, fx.X[expected.i]);
      for (const [ours, theirs] of [
        [s.z, expected.z],
        [s.pred, expected.pred],
        [s.loss, expected.loss],
        [s.dlossDpred, expected.dloss_dpred],
        [s.dlossDz, expected.dloss_dz],
        [s.w, expected.w],
        [s.b, expected.b],
      ]) {
        assert.ok(rel(ours, theirs) <= TOLERANCE, `step ${k}: ${ours} vs ${theirs}`);
      }
      // dL/dw = dL/dz · x and dL/db = dL/dz, the gradients behind the update.
      assert.equal(s.dlossDw, s.dlossDz * s.x);
      assert.equal(s.dlossDb, s.dlossDz);
    });
  });

  it("the blog's own unguarded classes (layers: blogLayers(…)) give the same run on this data", () => {
    const ours = train({ X: fx.X, Y: fx.Y, w0: fx.w0, b0: fx.b0 });
    const blog = train({ X: fx.X, Y: fx.Y, layers: blogLayers({ w: fx.w0, b: fx.b0 }) });
    assert.deepEqual(blog.steps.w, ours.steps.w);
    assert.deepEqual(blog.steps.loss, ours.steps.loss);
  });
});
