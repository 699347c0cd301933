// backprop-lab's charts, in one import: `import { trainingFigure } from "./src/figures"`. Every
// builder is a pure function from data to a Plotly figure spec (or SVG text), with a title and a
// language ({ title, lang: "ko" }); ./display shows them in the notebook.
export { type Figure, type FigureOptions, type Trace, COLORS } from "./style";
export { type Lang, LANGS } from "./text";
export { type Points, thin } from "./curves";
export { datasetFigure, initialModelFigure, forwardLossFigure, trainingFigure } from "./blog";
export {
  lossCurvesFigure,
  lossSurfaceFigure,
  parameterPathFigure,
  epochComparisonFigure,
  learningRateSweepFigure,
  runningMean,
  type NamedRun,
  type EpochRun,
  type SurfacePaths,
  type SurfaceOptions,
  type SweepPoint,
} from "./training";
export { stepThroughFigure } from "./stepThrough";
export { stepGraphSvg } from "./graph";
export {
  decisionSurfaceFigure,
  hiddenUnitsFigure,
  surfaceStepThroughFigure,
  networkGraphSvg,
  type Points2D,
  type SurfaceFigureOptions,
} from "./network";
