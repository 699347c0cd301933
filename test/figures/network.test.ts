// Lessons 8–9's charts: the decision surface is the model's own P(y = 1), each hidden unit's line is
// where that unit's output crosses 0.5, and the step-through stays small however long the run.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { initNetwork, makeXorDataset, predict, trainNetwork, xorPoints } from "../../src";
import { decisionSurfaceFigure, hiddenUnitsFigure, surfaceStepThroughFigure } from "../../src/figures";

const cloud = makeXorDataset({ nSamples: 200, seed: 2023 });
const run = trainNetwork({ ...cloud, params: initNetwork({ hidden: 4, seed: 2023 }), lr: 0.5, epochs: 50 });

describe("network charts", () => {
  it("decisionSurfaceFigure's heatmap is the model's P(y = 1) on the grid, to 2 decimals", () => {
    const fig = decisionSurfaceFigure(cloud, run.params, { resolution: 30 });
    const heat = fig.data[0] as { x: number[]; y: number[]; z: number[][] };
    for (const [i, j] of [
      [0, 0],
      [7, 22],
      [29, 13],
    ]) {
      assert.ok(Math.abs(heat.z[i][j] - predict(run.params, [heat.x[j], heat.y[i]])) <= 5e-3 + 1e-9);
    }
    const names = fig.data.map((t) => t.name);
    assert.deepEqual(names, ["P(y = 1)", "decision boundary, P = 0.5", "Y = 0", "Y = 1"]);
  });

  it("a single neuron { W, b } is drawn too, with the same traces", () => {
    const fig = decisionSurfaceFigure(xorPoints(), { W: [[1, -1]], b: [0.2] }, "one neuron");
    assert.equal(fig.data.length, 4);
  });

  it("hiddenUnitsFigure draws each unit's line W1[h]·x + b1[h] = 0 across the plot", () => {
    const fig = hiddenUnitsFigure(cloud, run.params);
    const lines = fig.data.filter((t) => String(t.name).startsWith("hidden unit")) as { x: number[]; y: number[] }[];
    assert.equal(lines.length, 4);
    lines.forEach((line, h) => {
      const [w1, w2] = run.params.W1[h];
      for (let k = 0; k < 2; k++) {
        const value = w1 * line.x[k] + w2 * line.y[k] + run.params.b1[h];
        assert.ok(Math.abs(value) < 1e-3 * (Math.abs(w1) + Math.abs(w2)), `unit ${h + 1}: ${value}`);
      }
    });
  });

  it("the surface step-through has one frame per snapshot (≤ 60) and stays under 2 MB for a long run", () => {
    const long = trainNetwork({
      ...cloud,
      params: initNetwork({ hidden: 8, seed: 1 }),
      lr: 0.5,
      epochs: 2000,
      record: "epochs",
    });
    const fig = surfaceStepThroughFigure(cloud, long);
    assert.ok(fig.frames!.length <= 60 && fig.frames!.length === long.snapshots.length);
    assert.ok(JSON.stringify(fig).length < 2e6, `${JSON.stringify(fig).length} bytes`);
  });

  it("names bad input: a model with the wrong shape, points without two inputs", () => {
    assert.throws(
      () => decisionSurfaceFigure(cloud, { W: [[1, 2, 3]], b: [0] }),
      /decisionSurfaceFigure: model\.W must be a 1 × 2 matrix/,
    );
    assert.throws(
      () => decisionSurfaceFigure({ X: [[1]], Y: [0] }, run.params),
      /decisionSurfaceFigure: X must be a n × 2 matrix/,
    );
  });
});
