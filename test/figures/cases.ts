// The fixed inputs every figure builder is pinned on: small runs (a few dozen steps) so that the
// committed snapshots stay short, with every kind of trace each builder can draw.
import {
  BCELoss,
  LinearFunction,
  Sigmoid,
  blogLayers,
  gradientDescent,
  initNetwork,
  makeDataset,
  makeXorDataset,
  networkStep,
  trainNetwork,
  trainNeuron,
  xorPoints,
  makeRng,
  train,
  type TrainingHistory,
} from "../../src";
import {
  datasetFigure,
  decisionSurfaceFigure,
  epochComparisonFigure,
  hiddenUnitsFigure,
  networkGraphSvg,
  surfaceStepThroughFigure,
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
  const xor = xorPoints();
  const cloud = makeXorDataset({ nSamples: 24, seed: 2023 });
  const network = trainNetwork({ ...cloud, params: initNetwork({ hidden: 3, seed: 2023 }), lr: 0.5, epochs: 5 });
  const neuron = trainNeuron({ ...xor, model: { W: [[0.3, -0.2]], b: [0.1] }, lr: 0.5, epochs: 20 });
  const step = networkStep(network.params0, cloud.X[0], cloud.Y[0], 0.5);
  return { data, w0, b0, history, losses, broken, thinned, gd, xor, cloud, network, neuron, step };
}

/** Every figure builder on its fixed inputs, in one language: name → figure (or SVG text). */
export function figureCases(lang: Lang): Record<string, Figure | string> {
  const { data, w0, b0, history, losses, broken, thinned, gd, xor, cloud, network, neuron, step } = inputs();
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
    decisionSurfaceFigure: decisionSurfaceFigure(cloud, network.params, { ...o("network"), resolution: 6 }),
    "decisionSurfaceFigure-neuron": decisionSurfaceFigure(xor, neuron.model, { ...o("one neuron"), resolution: 6 }),
    hiddenUnitsFigure: hiddenUnitsFigure(cloud, network.params, { ...o("hidden units"), resolution: 6 }),
    surfaceStepThroughFigure: surfaceStepThroughFigure(cloud, network, { ...o("over training"), resolution: 5 }),
    networkGraphSvg: networkGraphSvg(step, { lang }),
  };
}
