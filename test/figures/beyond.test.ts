// Charts beyond the blog — step-through, loss curves, loss surface, breakdowns, sweeps — and the
// computational graph: pure specs, checked without a browser.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { blogLayers, finalParams, gradientDescent, makeDataset, makeRng, meanLoss, stepAt, train } from "../../src";
import { stepGraphSvg } from "../../src/figures";
import {
  epochComparisonFigure,
  learningRateSweepFigure,
  lossCurvesFigure,
  lossSurfaceFigure,
  parameterPathFigure,
  runningMean,
} from "../../src/figures";
import { stepThroughFigure } from "../../src/figures";

const rng = makeRng(2023);
const data = makeDataset({ nSamples: 100, decisionBoundary: 0, direction: "pos", rng });
const w0 = rng.normal();
const b0 = rng.normal();
const history = train({ X: data.X, Y: data.Y, w0, b0 });

type Frame = { name: string; data: { x: number[]; y: number[]; text?: string[] }[]; traces: number[] };

describe("stepThroughFigure", () => {
  const fig = stepThroughFigure(data, history, "Step through");
  const frames = fig.frames as Frame[];

  it("has one frame per SGD step, named 1 … 1000, each replacing only the four changing traces", () => {
    assert.equal(frames.length, 1000);
    assert.deepEqual([frames[0].name, frames[999].name], ["1", "1000"]);
    for (const f of frames) {
      assert.equal(f.data.length, f.traces.length);
      assert.ok(f.traces.every((t) => t < fig.data.length));
    }
  });

  it("frame k rings the sample of step k and puts the cursor on its loss", () => {
    const k = 257;
    const s = stepAt(history, k);
    const [, sample, text, cursor] = frames[k].data;
    assert.deepEqual(sample.y, [s.y]);
    assert.ok(Math.abs(sample.x[0] - s.x) < 1e-4);
    assert.deepEqual(cursor.x, [k + 1]);
    assert.ok(Math.abs(cursor.y[0] - s.loss) < 1e-4);
    assert.match(text.text![0], new RegExp(`^step ${k + 1} of 1000 \\(epoch ${s.epoch + 1}\\)`));
  });

  it("has a slider over every step and a play and a pause button, all animating without redraw", () => {
    const slider = (fig.layout.sliders as { steps: { args: unknown[] }[] }[])[0];
    assert.equal(slider.steps.length, 1000);
    const buttons = (fig.layout.updatemenus as { buttons: { label: string; args: unknown[] }[] }[])[0].buttons;
    assert.deepEqual(
      buttons.map((b) => b.label),
      ["▶ play", "❚❚ pause"],
    );
    assert.match(JSON.stringify(slider.steps[3].args), /"redraw":false/);
  });

  it("stays under 700 kB for 1000 steps", () => {
    assert.ok(JSON.stringify(fig).length < 700_000, `${JSON.stringify(fig).length}`);
  });
});

describe("loss curves", () => {
  it("runningMean averages the last `window` values", () => {
    assert.deepEqual(runningMean([1, 2, 3, 4], 2), [1, 1.5, 2.5, 3.5]);
  });

  it("shows every step's loss, its running mean, the epoch means and the accuracy per epoch", () => {
    const fig = lossCurvesFigure(history);
    const [steps, running, epochMeans, acc] = fig.data as { x: number[]; y: number[] }[];
    assert.equal(steps.y.length, 1000);
    assert.equal(running.y.length, 1000);
    assert.deepEqual(
      epochMeans.x,
      history.epochs.map((e) => (e.epoch + 1) * 100),
    );
    assert.deepEqual(
      acc.y,
      history.epochs.map((e) => Math.round(e.accuracy * 1e4) / 1e4),
    );
  });
});

describe("lossSurfaceFigure and gradientDescent", () => {
  const gd = gradientDescent({ X: data.X, Y: data.Y, w0, b0, lr: 1, steps: 10 });

  it("full-batch gradient descent lowers the mean loss at every step", () => {
    assert.equal(gd.steps.w.length, 10);
    gd.steps.loss.slice(1).forEach((l, i) => assert.ok(l < gd.steps.loss[i], `step ${i + 1}`));
    assert.equal(gd.steps.loss[0], meanLoss(w0, b0, data.X, data.Y));
    const { w, b } = finalParams(gd);
    assert.ok(meanLoss(w, b, data.X, data.Y) < gd.steps.loss[9]);
  });

  it("draws the mean loss on a grid that covers both paths, with SGD, GD, start and end", () => {
    const fig = lossSurfaceFigure(data, { sgd: history, gd }, { resolution: 30 });
    const [contour, sgd, descent, start, end] = fig.data as {
      x: number[];
      y: number[];
      z?: number[][];
      name: string;
    }[];
    assert.equal(contour.z!.length, 30);
    assert.equal(contour.z![0].length, 30);
    const [i, j] = [7, 11];
    assert.ok(Math.abs(contour.z![i][j] - meanLoss(contour.x[j], contour.y[i], data.X, data.Y)) < 2e-3);
    assert.equal(sgd.x.length, 1001);
    assert.equal(descent.x.length, 11);
    assert.deepEqual([start.name, end.name], ["start", "end of SGD"]);
    const inside = (v: number, [lo, hi]: number[]) => v >= lo && v <= hi;
    const xr = (fig.layout.xaxis as { range: number[] }).range;
    const yr = (fig.layout.yaxis as { range: number[] }).range;
    assert.ok(
      [...sgd.x, ...descent.x].every((v) => inside(v, xr)) && [...sgd.y, ...descent.y].every((v) => inside(v, yr)),
    );
  });
});

describe("breakdowns and comparisons", () => {
  it("parameterPathFigure ends the blog's line at its first NaN and marks the step", () => {
    const blog = train({ X: data.X, Y: data.Y, lr: 0.5, layers: blogLayers({ w: w0, b: b0 }) });
    const ours = train({ X: data.X, Y: data.Y, w0, b0, lr: 0.5 });
    const fig = parameterPathFigure([
      { name: "blog", color: "red", history: blog },
      { name: "ours", color: "blue", history: ours },
    ]);
    const first = blog.steps.w.findIndex((w) => Number.isNaN(w));
    const [b, o] = fig.data as { x: number[]; name: string }[];
    assert.equal(b.x.length, first);
    assert.equal(b.name, `blog — NaN from step ${first + 1}`);
    assert.equal(o.x.length, 1000);
    assert.match(JSON.stringify(fig.layout.annotations), new RegExp(`NaN at step ${first + 1}`));
  });

  it("epochComparisonFigure gives each run a loss and an accuracy line, NaN as gaps", () => {
    const blog = train({ X: data.X, Y: data.Y, lr: 3, layers: blogLayers({ w: w0, b: b0 }) });
    const fig = epochComparisonFigure([{ name: "blog", color: "red", history: blog }]);
    assert.equal(fig.data.length, 2);
    assert.ok((fig.data[0].y as (number | null)[]).includes(null));
  });

  it("learningRateSweepFigure puts runs that went NaN as ✕ marks, apart from the line", () => {
    const fig = learningRateSweepFigure([
      {
        name: "blog",
        color: "red",
        points: [
          { lr: 0.1, finalLoss: 0.2, accuracy: 0.9 },
          { lr: 1, finalLoss: NaN, accuracy: NaN },
        ],
      },
    ]);
    assert.equal(fig.data.length, 2);
    assert.deepEqual(fig.data[1].x, [1]);
    assert.equal((fig.layout.xaxis as { type: string }).type, "log");
    assert.throws(() => learningRateSweepFigure([]), /learningRateSweepFigure: series must be a non-empty array/);
  });
});

describe("stepGraphSvg", () => {
  it("draws step k's forward values and backward gradients, and the update of w and b", () => {
    const k = 42;
    const s = stepAt(history, k);
    const svg = stepGraphSvg(history, k);
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    for (const v of [s.x, s.z, s.pred, s.loss, s.dlossDpred, s.dlossDz, s.dlossDw, s.dlossDb, s.w, s.b]) {
      assert.ok(svg.includes(v.toFixed(4)) || svg.includes(v.toExponential(2)), `value ${v}`);
    }
    assert.ok(svg.includes(history.steps.w[k - 1].toFixed(4)), "w before the step");
    assert.match(svg, /∂L\/∂z = pred − y/);
  });

  it("names the step it cannot draw", () => {
    assert.throws(() => stepGraphSvg(history, 1000), /stepAt: k must be below nSteps \(1000\), got 1000/);
    assert.throws(() => stepGraphSvg(history, -1), /stepGraphSvg: k must be a non-negative integer, got -1/);
  });
});
