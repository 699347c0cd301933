// Lessons 8–9's network, checked against PyTorch: the same network trained with float64 autograd
// (reference/network_reference.py wrote test/fixtures/network-parity.json) must give the same loss
// at every step and the same parameters after training. Then the contract's promises: it never
// changes its arguments, it names bad shapes, it never turns into NaN.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import {
  Linear,
  SigmoidLayer,
  accuracy2D,
  initNetwork,
  makeXorDataset,
  networkGradCheck,
  networkStep,
  predict,
  train,
  trainNetwork,
  trainNeuron,
  xorPoints,
  type NetworkParams,
} from "../../src";
import { ROOT, rel } from "../helpers";

interface Case {
  settings: { hidden: number; lr: number; epochs: number; snapshot_every?: number };
  inputs: { X: number[][]; Y: (0 | 1)[]; params: NetworkParams; lr: number; epochs: number };
  torch: {
    losses: number[];
    params: NetworkParams;
    epoch_params: { epochs: number[] } & Record<"W1" | "b1" | "W2" | "b2", unknown[]>;
    accuracy: number;
  };
}
interface Fixture {
  cases: Record<string, Case>;
  cases_1d: Record<
    string,
    {
      inputs: { X: number[]; Y: (0 | 1)[]; w0: number; b0: number; lr: number; epochs: number };
      torch: { losses: number[]; w: number[]; b: number[] };
    }
  >;
}
const fixture = JSON.parse(readFileSync(path.join(ROOT, "test", "fixtures", "network-parity.json"), "utf8")) as Fixture;

/** Parity with PyTorch: relative, per value. */
const TOLERANCE = 1e-9;
const flat = (p: NetworkParams) => [...p.W1.flat(), ...p.b1, ...p.W2.flat(), ...p.b2];
const worst = (a: readonly number[], b: readonly number[]) => Math.max(...a.map((v, i) => rel(v, b[i])));

describe("trainNetwork against PyTorch float64 autograd (test/fixtures/network-parity.json)", () => {
  it("covers XOR, the 2-D quadrant data, and more than one hidden size", () => {
    const cases = Object.values(fixture.cases);
    assert.ok(cases.length >= 3);
    assert.ok(new Set(cases.map((c) => c.settings.hidden)).size >= 2);
    assert.ok(cases.some((c) => c.inputs.X.length === 4) && cases.some((c) => c.inputs.X.length >= 100));
  });

  for (const [name, c] of Object.entries(fixture.cases)) {
    it(`${name} (H = ${c.settings.hidden}, ${c.inputs.X.length} samples × ${c.inputs.epochs} epochs): every step's loss and the final parameters within ${TOLERANCE}`, () => {
      const before = JSON.stringify(c.inputs.params);
      const run = trainNetwork(c.inputs);
      assert.equal(JSON.stringify(c.inputs.params), before, "trainNetwork must not change params");
      assert.equal(run.losses.length, c.torch.losses.length);
      const lossError = worst(run.losses, c.torch.losses);
      assert.ok(lossError <= TOLERANCE, `worst relative loss difference ${lossError}`);
      const paramError = worst(flat(run.params), flat(c.torch.params));
      assert.ok(paramError <= TOLERANCE, `worst relative parameter difference ${paramError}`);
      assert.equal(run.epochs[run.epochs.length - 1].accuracy, c.torch.accuracy);
    });
  }

  it("the 1-D lesson model (train) against PyTorch's binary_cross_entropy, every step", () => {
    const { inputs, torch } = fixture.cases_1d["blog-1d"];
    const run = train(inputs);
    const loss = Array.from(run.steps.loss);
    assert.ok(worst(loss, torch.losses) <= TOLERANCE, `loss ${worst(loss, torch.losses)}`);
    assert.ok(worst(Array.from(run.steps.w), torch.w) <= TOLERANCE);
    assert.ok(worst(Array.from(run.steps.b), torch.b) <= TOLERANCE);
  });
});

describe("the network classes", () => {
  const W = [
    [0.5, -1],
    [2, 0.25],
    [-0.75, 1.5],
  ];
  const b = [0.1, -0.2, 0.3];

  it("Linear.forward is W·x + b, and backward returns Wᵀ·dL/dz computed with W before its update", () => {
    const layer = new Linear({ W, b });
    assert.deepEqual(layer.forward([2, 3]), [0.1 + 1 - 3, -0.2 + 4 + 0.75, 0.3 - 1.5 + 4.5]);
    const g = [1, -2, 0.5];
    const dlossDx = layer.backward(g, 0.1);
    assert.deepEqual(dlossDx, [0.5 * 1 + 2 * -2 + -0.75 * 0.5, -1 * 1 + 0.25 * -2 + 1.5 * 0.5]);
    assert.deepEqual(layer.dlossDW, [
      [2, 3],
      [-4, -6],
      [1, 1.5],
    ]);
    assert.deepEqual(layer.dlossDb, g);
    assert.equal(layer.W[1][1], 0.25 - 0.1 * -6);
    assert.deepEqual(W[1], [2, 0.25], "the layer trains a copy of W");
  });

  it("SigmoidLayer works element by element, its slope a·(1 − a) per unit", () => {
    const s = new SigmoidLayer();
    const a = s.forward([0, 2, -40]);
    assert.equal(a[0], 0.5);
    const g = s.backward([1, 1, 1]);
    assert.equal(g[0], 0.25);
    assert.ok(Math.abs(g[1] - a[1] * (1 - a[1])) < 1e-16);
    assert.ok(g[2] > 0 && Number.isFinite(g[2]));
  });

  it("bad shapes name the function, the argument and both shapes", () => {
    assert.throws(
      () => new Linear({ W: [[1, 2], [3]], b: [0, 0] }),
      /^RangeError: Linear: W must be a n × m matrix .*, got 2 rows of lengths 2, 1$/,
    );
    assert.throws(
      () => new Linear({ W, b: [1, 2] }),
      /Linear: b must be an array of 3 numbers \(one bias per row of W, which is 3 × 2\), got an array of length 2/,
    );
    assert.throws(
      () => new Linear({ W, b }).forward([1, 2, 3]),
      /Linear\.forward: x must be an array of 2 numbers \(one per column of W, 3 × 2\), got an array of length 3/,
    );
    assert.throws(() => new Linear({ W, b }).backward([1], 0.1), /Linear\.backward: call forward first/);
    const params = initNetwork({ hidden: 3, seed: 1 });
    assert.throws(
      () => trainNetwork({ X: [[0, 0]], Y: [0], params: { ...params, W2: [[1, 2]] }, lr: 0.5, epochs: 1 }),
      /trainNetwork: params\.W2 must be a 1 × 3 matrix \(an array of rows\) \(one output unit, a weight per hidden unit\), got 1 × 2/,
    );
    assert.throws(
      () => trainNetwork({ X: [[0, 0, 1]], Y: [0], params, lr: 0.5, epochs: 1 }),
      /trainNetwork: X must be a n × 2 matrix .*, got 1 × 3/,
    );
    assert.throws(
      () => trainNetwork({ X: [[0, 0]], Y: [0, 1], params, lr: 0.5, epochs: 1 }),
      /X and Y must have the same length/,
    );
    assert.throws(
      () => trainNetwork({ X: [[0, 0]], Y: [2 as 0], params, lr: 0.5, epochs: 1 }),
      /Y\[0\] must be 0 or 1, got 2/,
    );
    assert.throws(
      () => trainNetwork({ X: [[0, NaN]], Y: [0], params, lr: 0.5, epochs: 1 }),
      /X\[0\]\[1\] must be a finite number, got NaN/,
    );
    assert.throws(() => initNetwork({ hidden: 1000, seed: 1 }), /initNetwork: hidden must be at most 64 .*, got 1000/);
  });

  it("predict, accuracy2D and trainNeuron refuse what a learner could pass by mistake, naming it", () => {
    const params = initNetwork({ hidden: 3, seed: 1 });
    // One input short used to count as x2 = 0, silently.
    assert.throws(
      () => predict(params, [1]),
      /predict: x must be an array of 2 numbers \(x1 and x2\), got an array of length 1/,
    );
    assert.throws(() => predict(params, [1, 0, 2]), /predict: x must be an array of 2 numbers/);
    assert.throws(() => predict({ W: [[1]], b: [0] }, [1, 0]), /predict: model\.W must be a 1 × 2 matrix/);
    assert.equal(predict(params, [0.5, -0.5]), predict(params, [0.5, -0.5])); // and a right call still answers
    assert.throws(() => accuracy2D(params, [[0, 0]], [0, 1]), /accuracy2D: X and Y must have the same length/);
    assert.throws(() => accuracy2D(params, [[0]], [0]), /accuracy2D: X must be a n × 2 matrix/);
    assert.throws(
      () => trainNeuron({ X: [[0, 0]], Y: [0], model: params as never, lr: 0.5, epochs: 1 }),
      /trainNeuron: model must be a neuron's \{ W: \[\[w1, w2\]\], b: \[b\] \} \(train a network with trainNetwork\)/,
    );
  });
});

describe("lesson 8's claims", () => {
  const xor = xorPoints();
  const quadrants = makeXorDataset({ nSamples: 200, seed: 2023 });

  it("one neuron cannot learn XOR: at most 3 of the 4 points (75 %), a straight boundary", () => {
    for (const seed of [1, 2, 3]) {
      const [w1, w2, b] = initNetwork({ hidden: 1, seed }).W1[0].concat(seed);
      const run = trainNeuron({ ...xor, model: { W: [[w1, w2]], b: [b / 10] }, lr: 0.5, epochs: 2000 });
      assert.ok(run.epochs[run.epochs.length - 1].accuracy <= 0.75);
    }
  });

  it("the network learns XOR (4 of 4) and the quadrant data (all 200) from the lesson's seeds", () => {
    const xorRun = trainNetwork({ ...xor, params: initNetwork({ hidden: 2, seed: 2023 }), lr: 0.5, epochs: 2000 });
    assert.equal(xorRun.epochs[xorRun.epochs.length - 1].accuracy, 1);
    const qRun = trainNetwork({ ...quadrants, params: initNetwork({ hidden: 4, seed: 2023 }), lr: 0.5, epochs: 50 });
    assert.equal(qRun.epochs[qRun.epochs.length - 1].accuracy, 1);
  });

  it("every parameter's backprop gradient matches its central difference (relative 1e-6)", () => {
    for (const hidden of [2, 4, 7]) {
      const params = initNetwork({ hidden, seed: hidden });
      for (const i of [0, 5, 17]) {
        const rows = networkGradCheck(params, quadrants.X[i], quadrants.Y[i]);
        assert.equal(rows.length, hidden * 2 + hidden + hidden + 1);
        const bad = rows.filter((r) => !r.ok);
        assert.deepEqual(bad, [], JSON.stringify(bad));
      }
    }
  });

  it("networkStep does one SGD step, every number on record, and leaves params alone", () => {
    const params = initNetwork({ hidden: 2, seed: 5 });
    const before = JSON.stringify(params);
    const s = networkStep(params, [1, 0], 1, 0.5);
    assert.equal(JSON.stringify(params), before);
    assert.ok(Math.abs(s.pred - predict(params, [1, 0])) < 1e-15);
    assert.ok(rel(s.dlossDz2[0], s.pred - 1) < 1e-12, "dL/dz at the output is pred − y");
    const run = trainNetwork({ X: [[1, 0]], Y: [1], params, lr: 0.5, epochs: 1 });
    assert.deepEqual(run.params, s.after);
  });

  it("never NaN: every lr from 0.001 to 10, on XOR and the quadrant data", () => {
    for (const lr of [0.001, 0.01, 0.1, 1, 3, 10]) {
      for (const data of [xor, quadrants]) {
        const run = trainNetwork({
          ...data,
          params: initNetwork({ hidden: 4, seed: 7 }),
          lr,
          epochs: data === xor ? 500 : 10,
        });
        assert.ok(run.losses.every(Number.isFinite), `lr ${lr}: a loss is not finite`);
        assert.ok(
          [...run.params.W1.flat(), ...run.params.b1, ...run.params.W2.flat(), ...run.params.b2].every(Number.isFinite),
        );
      }
    }
  });

  it("keeps at most 60 snapshots, the first at the start and the last at the end", () => {
    const run = trainNetwork({ ...quadrants, params: initNetwork({ hidden: 4, seed: 1 }), lr: 0.5, epochs: 10 });
    assert.ok(run.snapshots.length <= 60 && run.snapshots.length >= 50, `${run.snapshots.length}`);
    assert.equal(run.snapshots[0].step, 0);
    assert.equal(run.snapshots[run.snapshots.length - 1].step, run.nSteps);
    assert.deepEqual(run.snapshots[run.snapshots.length - 1].params, run.params);
  });
});
