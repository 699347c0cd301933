// The blog's figures as Plotly specs: pure data, checked without a browser.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { linspace, makeDataset, modelCurve, paddedRange, sigmoid, train } from "../../src";
import {
  COLORS,
  datasetFigure,
  forwardLossFigure,
  initialModelFigure,
  trainingFigure,
  type Trace,
} from "../../src/figures";
import { simplifyPolyline } from "../../src/figures/curves";
import { blogFixture } from "../helpers";

const fx = blogFixture();
const history = train({ X: fx.X, Y: fx.Y, w0: fx.w0, b0: fx.b0 });
const byName = (data: Trace[], start: string) => data.find((t) => String(t.name).startsWith(start))!;

describe("figure 1: the dataset scatter", () => {
  const fig = datasetFigure(fx, "Dataset");

  it("draws Y = 0 in red at height 0 and Y = 1 in blue at height 1, every sample once", () => {
    const [neg, pos] = fig.data as { x: number[]; y: number[]; marker: { color: string } }[];
    assert.equal(neg.marker.color, "red");
    assert.equal(pos.marker.color, "blue");
    assert.ok(neg.y.every((v) => v === 0) && pos.y.every((v) => v === 1));
    assert.equal(neg.x.length + pos.x.length, fx.X.length);
    assert.equal(pos.x.length, fx.Y.filter((y) => y === 1).length);
  });

  it("is 800 × 400, the blog's 10 × 5 figsize, with matplotlib's padded x-range", () => {
    assert.equal(fig.layout.width, 800);
    assert.equal(fig.layout.height, 400);
    const [lo, hi] = paddedRange(fx.X);
    assert.deepEqual(
      (fig.layout.xaxis as { range: number[] }).range,
      [lo, hi].map((v) => Math.round(v * 1e4) / 1e4),
    );
    assert.deepEqual((fig.layout.yaxis as { range: number[] }).range, [-0.05, 1.05]);
  });

  it("keeps its title and always has a layout (JupyterLab's renderer needs one)", () => {
    assert.equal((fig.layout.title as { text: string }).text, "Dataset");
    assert.equal(typeof datasetFigure(fx).layout, "object");
  });
});

describe("figure 2: the initial model", () => {
  it("adds the untrained model's green curve, 100 points across the x-range", () => {
    const fig = initialModelFigure(fx, fx.w0, fx.b0);
    const curve = byName(fig.data, "initial") as { x: number[]; y: number[]; line: { color: string } };
    assert.equal(curve.line.color, COLORS.initial);
    assert.equal(curve.x.length, 100);
    const [lo, hi] = paddedRange(fx.X);
    assert.ok(Math.abs(curve.x[0] - lo) < 1e-4 && Math.abs(curve.x[99] - hi) < 1e-4);
    // w0 < 0: the blog's green curve falls from about 0.99 to about 0.02.
    assert.ok(Math.abs(curve.y[0] - sigmoid(fx.w0 * lo + fx.b0)) < 1e-4);
    assert.ok(curve.y[0] > 0.98 && curve.y[99] < 0.03);
  });
});

describe("figure 3: the training run", () => {
  const fig = trainingFigure(fx, history, "Training");
  type StepTrace = {
    x: (number | null)[];
    y: (number | null)[];
    customdata: (number | null)[];
    line: { color: string };
  };
  const stepTraces = fig.data.filter((t) => String(t.name).startsWith("after each step")) as StepTrace[];
  // All step curves in drawing order, as if one trace.
  const steps = {
    x: stepTraces.flatMap((t) => t.x),
    y: stepTraces.flatMap((t) => t.y),
    customdata: stepTraces.flatMap((t) => t.customdata),
  };
  const segments = (xs: (number | null)[]) => xs.filter((v) => v === null).length;

  it("holds every SGD step's curve in skyblue: one trace per epoch, curves separated by null gaps", () => {
    assert.equal(stepTraces.length, 10);
    assert.equal(segments(steps.x), 1000);
    stepTraces.forEach((t) => {
      assert.equal(segments(t.x), 100);
      assert.equal(t.line.color, "skyblue");
      assert.equal(t.x.length, t.y.length);
      assert.equal(t.customdata.length, t.x.length);
    });
    assert.deepEqual(
      stepTraces.map((t) => (t as { showlegend?: boolean }).showlegend),
      [true, false, false, false, false, false, false, false, false, false],
      "one legend entry for all of them",
    );
    assert.equal(fig.data.length, 14, "red dots, blue dots, ten epochs of steps, initial, final");
  });

  it("puts the initial (green) and final (red) curves on top, in the blog's colours", () => {
    const names = fig.data.map((t) => t.name);
    assert.deepEqual(names.slice(-2), ["initial model", "trained model"]);
    const final = fig.data[13] as { y: number[]; line: { color: string } };
    assert.equal(final.line.color, "red");
    const last = fx.steps.at(-1)!;
    const [lo] = paddedRange(fx.X);
    assert.ok(Math.abs(final.y[0] - sigmoid(last.w * lo + last.b)) < 1e-4);
  });

  it("each step's thinned curve stays within about a pixel of the exact curve", () => {
    // Distances in pixels of the 800 × 400 canvas: about 720 × 335 px for the plot area.
    const [lo, hi] = paddedRange(fx.X);
    const px = (x: number) => (x / (hi - lo)) * 720;
    const py = (y: number) => (y / 1.1) * 335;
    const dense = linspace(lo, hi, 600);
    let worst = 0;
    let k = 0;
    let start = 0;
    for (let i = 0; i < steps.x.length; i++) {
      if (steps.x[i] !== null) continue;
      assert.equal(steps.customdata[start], k + 1, "the points of curve k say step k + 1");
      if (k % 37 === 0) {
        const xs = (steps.x.slice(start, i) as number[]).map(px);
        const ys = (steps.y.slice(start, i) as number[]).map(py);
        modelCurve(history.steps.w[k], history.steps.b[k], dense).forEach((y, j) => {
          worst = Math.max(worst, distanceToPolyline(px(dense[j]), py(y), xs, ys));
        });
      }
      k++;
      start = i + 1;
    }
    assert.equal(k, 1000);
    assert.ok(worst < 1.25, `worst distance ${worst.toFixed(3)} px`);
  });

  it("tells epoch and step on hover, 1-based", () => {
    assert.equal(steps.customdata[0], 1);
    assert.equal(steps.customdata.at(-2), 1000);
    const hover = (t: StepTrace) => String((t as { hovertemplate?: string }).hovertemplate);
    assert.equal(hover(stepTraces[2]), "epoch 3 of 10, step %{customdata} of 1000<extra></extra>");
  });

  it("stays small: under 330 kB of JSON for the blog's 1000 steps", () => {
    assert.ok(JSON.stringify(fig).length < 330_000, `${JSON.stringify(fig).length} bytes`);
  });

  it("accepts a hand-recorded run { w0, b0, steps: { w, b } } as well as train()'s history", () => {
    const ws = Array.from(history.steps.w);
    const bs = Array.from(history.steps.b);
    const manual = trainingFigure(fx, { w0: fx.w0, b0: fx.b0, steps: { w: ws, b: bs } }, "Training");
    assert.deepEqual(manual, fig);
  });

  it("refuses a run with NaN parameters, naming the step", () => {
    assert.throws(
      () => trainingFigure(fx, { w0: 0, b0: 0, steps: { w: [1, NaN], b: [0, 0] } }),
      /trainingFigure: steps.w\[1\] must be a finite number, got NaN/,
    );
  });
});

describe("the forward-only losses chart", () => {
  it("plots each sample's loss at its x, coloured by label", () => {
    const d = makeDataset({ nSamples: 30, decisionBoundary: 0, direction: "pos", seed: 3 });
    const losses = d.X.map((x) => Math.abs(x));
    const fig = forwardLossFigure(d, losses);
    const points = fig.data as { x: number[]; y: number[] }[];
    assert.equal(points[0].x.length + points[1].x.length, 30);
    assert.throws(() => forwardLossFigure(d, losses.slice(1)), /losses must have one value per sample \(30\), got 29/);
  });
});

describe("simplifyPolyline", () => {
  it("keeps both ends and drops points on a straight line", () => {
    const xs = linspace(0, 10, 50);
    assert.deepEqual(
      simplifyPolyline(
        xs,
        xs.map((x) => 2 * x + 1),
        0.01,
        0.01,
      ),
      [0, 49],
    );
  });

  it("keeps the corner of a bend", () => {
    const xs = [0, 1, 2, 3, 4];
    const ys = [0, 0, 0, 1, 2];
    assert.deepEqual(simplifyPolyline(xs, ys, 0.01, 0.01), [0, 2, 4]);
  });
});

/** The shortest distance from point (x, y) to the polyline through (xs[i], ys[i]). */
function distanceToPolyline(x: number, y: number, xs: number[], ys: number[]): number {
  let best = Infinity;
  for (let i = 1; i < xs.length; i++) {
    const [ax, ay, dx, dy] = [xs[i - 1], ys[i - 1], xs[i] - xs[i - 1], ys[i] - ys[i - 1]];
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy || 1)));
    best = Math.min(best, Math.hypot(x - (ax + t * dx), y - (ay + t * dy)));
  }
  return best;
}
