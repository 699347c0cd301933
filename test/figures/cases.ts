// The fixed inputs every figure builder is pinned on: small runs (a few dozen steps) so that the
// committed snapshots stay short, with every kind of trace each builder can draw.
import {
  BCELoss,
  LinearFunction,
  Sigmoid,
  blogLayers,
  gradientDescent,
  makeDataset,
  makeRng,
  train,
  type TrainingHistory,
} from "../../src";
import {
  datasetFigure,
  epochComparisonFigure,
  forwardLossFigure,
  initialModelFigure,
  learningRateSweepFigure,
  lossCurvesFigure,
  lossSurfaceFigure,
  parameterPathFigure,
  stepGraphSvg,
  stepThroughFigure,
  trainingFigure,
  type Figure,
  type Lang,
} from "../../src/figures";

/** The inputs: 20 samples of lesson 1's data, and short runs on them. */
function inputs() {
  const rng = makeRng(2023);
  const data = makeDataset({ nSamples: 20, decisionBoundary: 0, direction: "pos", rng });
  const w0 = rng.normal();
  const b0 = rng.normal();
  const history = train({ X: data.X, Y: data.Y, w0, b0, lr: 0.1, epochs: 3 });
  const losses = data.X.map((x, i) =>
    new BCELoss().forward(new Sigmoid().forward(new LinearFunction({ w: w0, b: b0 }).forward(x)), data.Y[i]),
  );
  // lr 30 saturates within a few steps: the blog's classes turn into NaN, a line that stops.
  const broken = train({ X: data.X, Y: data.Y, lr: 30, epochs: 3, layers: blogLayers({ w: w0, b: b0 }) });
  const thinned = train({ X: data.X, Y: data.Y, w0, b0, lr: 0.1, epochs: 3, record: { every: 7 } });
  const gd = gradientDescent({ X: data.X, Y: data.Y, w0, b0, lr: 2, steps: 5 });
  return { data, w0, b0, history, losses, broken, thinned, gd };
}

/** Every figure builder on its fixed inputs, in one language: name → figure (or SVG text). */
export function figureCases(lang: Lang): Record<string, Figure | string> {
  const { data, w0, b0, history, losses, broken, thinned, gd } = inputs();
  const o = (title: string) => ({ title, lang });
  const run = (name: string, color: string, h: TrainingHistory, dash?: string) => ({ name, color, history: h, dash });
  return {
    datasetFigure: datasetFigure(data, o("dataset")),
    initialModelFigure: initialModelFigure(data, w0, b0, o("initial model")),
    forwardLossFigure: forwardLossFigure(data, losses, o("forward losses")),
    trainingFigure: trainingFigure(data, history, o("training")),
    "trainingFigure-thinned": trainingFigure(data, thinned, o("training, every 7th step")),
    lossCurvesFigure: lossCurvesFigure(history, o("loss curves")),
    lossSurfaceFigure: lossSurfaceFigure(data, { sgd: history, gd }, { ...o("loss surface"), resolution: 8 }),
    parameterPathFigure: parameterPathFigure(
      [run("blog", "red", broken), run("ours", "blue", history, "dash")],
      o("w"),
    ),
    epochComparisonFigure: epochComparisonFigure([run("a", "red", history), run("blog", "blue", broken)], o("epochs")),
    learningRateSweepFigure: learningRateSweepFigure(
      [
        {
          name: "a",
          color: "red",
          points: [
            { lr: 0.1, finalLoss: 0.3, accuracy: 0.9 },
            { lr: 1, finalLoss: NaN, accuracy: NaN },
          ],
        },
      ],
      o("sweep"),
    ),
    stepThroughFigure: stepThroughFigure(data, history, o("step through")),
    stepGraphSvg: stepGraphSvg(history, 5, { lang }),
  };
}
