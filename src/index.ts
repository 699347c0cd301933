// backprop-lab's math, in one import: `import { makeDataset, train, ... } from "./src"`.
// Charts live in ./figures (pure Plotly specs) and ./display (the only module that talks to tslab).
export { makeRng, isRng, type Rng, type Seed } from "./random";
export { makeDataset, labelFor, type Dataset, type DatasetOptions, type Direction } from "./dataset";
export {
  LinearFunction,
  Sigmoid,
  BCELoss,
  BCEWithLogitsLoss,
  sigmoid,
  sigmoidSlope,
  MIN_SLOPE,
  LOG_FLOOR,
  type LinearOptions,
} from "./layers";
export { BlogLinearFunction, BlogSigmoid, BlogBCELoss } from "./blog";
export { linspace, paddedRange, modelCurve, accuracy, meanLoss, meanLossGradient } from "./model";
export {
  train,
  stepAt,
  finalParams,
  countNonFinite,
  gradientDescent,
  type DescentPath,
  type TrainOptions,
  type TrainingHistory,
  type StepRecord,
  type StepColumns,
  type EpochSummary,
  type LayerKind,
} from "./train";
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
} from "./gradcheck";
