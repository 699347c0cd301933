// Where the blog's formulas overflow to ±Infinity or NaN, ours stay finite and exact.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  BCELoss,
  BCEWithLogitsLoss,
  BlogBCELoss,
  BlogSigmoid,
  LOG_FLOOR,
  blogLayers,
  Sigmoid,
  countNonFinite,
  makeDataset,
  makeRng,
  sigmoid,
  train,
} from "../../src";
import { rel } from "../helpers";

/** Runs forward + backward through Sigmoid and BCELoss at z and returns [loss, dL/dpred, dL/dz, pred]. */
function chain(z: number, y: 0 | 1, Sig = Sigmoid, Loss = BCELoss): [number, number, number, number] {
  const s = new Sig();
  const l = new Loss();
  const pred = s.forward(z);
  const loss = l.forward(pred, y);
  const dlossDpred = l.backward();
  return [loss, dlossDpred, s.backward(dlossDpred), pred];
}

describe("saturation: pred exactly 0 or 1", () => {
  it("the blog's classes really do produce NaN there (the bug we guard against)", () => {
    const [loss, , dlossDz] = chain(40, 1, BlogSigmoid, BlogBCELoss);
    assert.ok(Number.isNaN(loss) && Number.isNaN(dlossDz));
    const [, , dlossDz0] = chain(-800, 0, BlogSigmoid, BlogBCELoss);
    assert.ok(Number.isNaN(dlossDz0));
  });

  for (const z of [37, 40, 100, 745, 1e6, -37, -40, -100, -745, -1e6]) {
    for (const y of [0, 1] as const) {
      it(`z = ${z}, y = ${y}: loss finite, dL/dz = pred − y (exactly, once pred is 0 or 1)`, () => {
        const [loss, dlossDpred, dlossDz, pred] = chain(z, y);
        assert.ok(Number.isFinite(loss) && Number.isFinite(dlossDpred) && Number.isFinite(dlossDz));
        if (pred === 0 || pred === 1) assert.equal(dlossDz, pred - y);
        // Before saturation the blog's (pred − y) / (pred·(1 − pred)) · pred·(1 − pred) rounds by an ulp.
        else assert.ok(rel(dlossDz, pred - y) < 1e-15, `${dlossDz} vs ${pred - y}`);
        assert.ok(loss >= 0 && loss <= -LOG_FLOOR, `loss ${loss}`);
      });
    }
  }

  it("a confidently wrong prediction costs the PyTorch clamp, 100, not Infinity", () => {
    assert.equal(chain(40, 0)[0], 100);
    assert.equal(chain(-800, 1)[0], 100);
    assert.equal(chain(40, 1)[0], 0);
  });

  it("away from saturation our classes give bit-for-bit the blog's numbers", () => {
    const rng = makeRng("bitwise");
    for (let i = 0; i < 2000; i++) {
      const z = rng.normal(0, 8);
      const y = rng.uniform() < 0.5 ? 0 : 1;
      if (Math.abs(z) > 30) continue;
      assert.deepEqual(chain(z, y), chain(z, y, BlogSigmoid, BlogBCELoss), `z = ${z}, y = ${y}`);
    }
  });
});

describe("the fused, stable loss BCEWithLogitsLoss", () => {
  it("equals BCELoss(sigmoid(z), y) where both are accurate, with gradient sigmoid(z) − y", () => {
    const rng = makeRng("fused");
    for (let i = 0; i < 1000; i++) {
      const z = rng.normal(0, 5);
      const y = rng.uniform() < 0.5 ? 0 : 1;
      const fused = new BCEWithLogitsLoss();
      const loss = fused.forward(z, y);
      const [naiveLoss, , naiveGrad] = chain(z, y);
      assert.ok(rel(loss, naiveLoss) < 1e-9 || Math.abs(loss - naiveLoss) < 1e-12, `z ${z}: ${loss} vs ${naiveLoss}`);
      assert.ok(Math.abs(fused.backward() - naiveGrad) < 1e-15);
      assert.equal(fused.backward(), sigmoid(z) - y);
    }
  });

  it("stays accurate far beyond the clamp: z = −1000, y = 1 costs 1000", () => {
    const fused = new BCEWithLogitsLoss();
    assert.equal(fused.forward(-1000, 1), 1000);
    assert.equal(fused.backward(), -1);
    assert.equal(fused.forward(1000, 1), 0);
  });
});

describe("training at learning rates where the blog breaks", () => {
  const rng = makeRng(2023);
  const data = makeDataset({ nSamples: 300, decisionBoundary: 0, direction: "pos", rng });
  const w0 = rng.normal();
  const b0 = rng.normal();
  const settings = { X: data.X, Y: data.Y, w0, b0, lr: 0.5, epochs: 30 };

  it("300 samples, lr 0.5, 30 epochs: the blog's code goes NaN within the 9000 steps", () => {
    const blog = train({ ...settings, w0: undefined, b0: undefined, layers: blogLayers({ w: w0, b: b0 }) });
    let first = blog.steps.w.findIndex((w) => Number.isNaN(w));
    if (first < 0) first = blog.steps.loss.findIndex((l) => Number.isNaN(l));
    assert.ok(first > 0 && first < 2000, `first NaN at step ${first}`);
    assert.ok(countNonFinite(blog) > 1000);
  });

  it("ours has 0 non-finite values in those 9000 steps and ≥ 97 % training accuracy", () => {
    const ours = train(settings);
    assert.equal(ours.nSteps, 9000);
    assert.equal(countNonFinite(ours), 0);
    assert.ok(ours.epochs.at(-1)!.accuracy >= 0.97, `accuracy ${ours.epochs.at(-1)!.accuracy}`);
  });

  const rates = [1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1, 3, 10];
  it(`a learning-rate sweep ${rates.join(", ")} never produces a non-finite value`, () => {
    for (const lr of rates) {
      for (const boundary of [0, 7]) {
        const r = makeRng(`sweep ${lr} ${boundary}`);
        const d = makeDataset({ nSamples: 100, decisionBoundary: boundary, direction: "pos", rng: r });
        const h = train({ X: d.X, Y: d.Y, lr, epochs: 30, rng: r });
        assert.equal(countNonFinite(h), 0, `lr ${lr}, boundary ${boundary}`);
        for (const e of h.epochs) assert.ok(Number.isFinite(e.meanLoss) && Number.isFinite(e.accuracy));
      }
    }
  });
});
