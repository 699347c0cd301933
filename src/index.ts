// backprop-lab's math, in one import: `import { makeDataset, train, ... } from "./src"`. The rooms:
// ./math (this barrel: data, layers, training, gradient checks — no I/O), ./figures (pure Plotly
// specs), ./display (the only code that talks to the kernel), ./lessons (per-lesson helpers).
export { makeRng, isRng, type Rng, type Seed } from "./math/random";
export { makeDataset, labelFor, type Dataset, type DatasetOptions, type Direction } from "./math/dataset";
export {
  LinearFunction,
  Sigmoid,
  BCELoss,
  BCEWithLogitsLoss,
  sigmoid,
  sigmoidSlope,
  MIN_SLOPE,
  LOG_FLOOR,
  stableLayers,
  type LinearOptions,
} from "./math/layers";
export { BlogLinearFunction, BlogSigmoid, BlogBCELoss, blogLayers } from "./math/blog";
export { linspace, paddedRange, modelCurve, accuracy, meanLoss, meanLossGradient } from "./math/model";
export {
  sgd,
  train,
  stepAt,
  paramsAfter,
  finalParams,
  countNonFinite,
  gradientDescent,
  type Layer,
  type Loss,
  type Signal,
  type StepTape,
  type Watcher,
  type Model1D,
  type Recording,
  type ParamPath,
  type DescentPath,
  type TrainOptions,
  type TrainingHistory,
  type StepRecord,
  type StepColumns,
  type EpochSummary,
} from "./math/train";
export {
  gradCheck,
  checkLinear,
  checkSigmoid,
  checkLoss,
  checkChain,
  centralDifference,
  relativeError,
  GRADCHECK_TOLERANCE,
  type GradCheckRow,
  type GradCheckOptions,
  type DerivativeId,
} from "./math/gradcheck";
export {
  MAX_SAMPLES,
  MAX_POINTS,
  MAX_RECORDED_STEPS,
  MAX_EPOCHS,
  MAX_STEPS,
  MAX_HIDDEN,
  MAX_FIGURE_CURVES,
  MAX_FIGURE_POINTS,
  FIGURE_BUDGET_BYTES,
  SHOW_LIMIT_BYTES,
} from "./math/limits";
