// Every word a chart shows, in each language the lessons are written in. A figure builder takes
// `{ lang }` and reads its labels from here, so the Korean lessons draw the same charts with Korean
// labels — no second copy of any builder. TypeScript checks that each language has every label.
import { formatCount } from "../math/limits";

/** The languages of the lessons: English and Korean (the blog's own). */
export type Lang = "en" | "ko";

/** Every language there is, in the order the export lists them. */
export const LANGS: readonly Lang[] = ["en", "ko"];

const n = formatCount;
const f = (v: number, digits: number) => v.toFixed(digits);

const EN = {
  x: "x",
  yLabel: "y (label)",
  yPred: "y / pred",
  loss: "loss",
  w: "w",
  b: "b",
  sgdStep: "SGD step",
  epoch: "epoch",
  accuracy: "accuracy",
  meanLoss: "mean loss",
  learningRate: "learning rate",
  lastEpochLoss: "mean loss in the last epoch",
  labelIs: (y: 0 | 1) => `Y = ${y}`,
  sampleLoss: (y: 0 | 1) => `loss of a Y = ${y} sample`,
  initialModel: "initial model",
  trainedModel: "trained model",
  afterEachStep: (nSteps: number) => `after each step (${n(nSteps)})`,
  epochOfStep: (epoch: number, nEpochs: number, nSteps: number) =>
    `epoch ${n(epoch)} of ${n(nEpochs)}, step %{customdata} of ${n(nSteps)}`,
  /** A note for a chart that shows a share of the steps: "every 100th of 100 000 steps". */
  thinned: (every: number, total: number) => `every ${ordinal(every)} of ${n(total)} steps`,
  thinnedSamples: (every: number, total: number) => `every ${ordinal(every)} of ${n(total)} samples`,
  stepLoss: "loss of each step",
  runningMean: (window: number) => `mean of the last ${n(window)} steps`,
  runningMeanLoss: (window: number) => `running mean loss (last ${n(window)} steps)`,
  epochMeanLoss: "epoch mean loss",
  accuracyPerEpoch: "accuracy after each epoch",
  sgdPath: (nSteps: number) => `SGD, one sample per step (${n(nSteps)} steps)`,
  gdPath: (nSteps: number) => `full-batch gradient descent (${n(nSteps)} steps)`,
  gd: "gradient descent",
  start: "start",
  endOfSgd: "end of SGD",
  nanFrom: (name: string, step: number) => `${name} — NaN from step ${n(step)}`,
  nanAt: (step: number) => `NaN at step ${n(step)}`,
  nanRun: (name: string) => `${name}: NaN`,
  becameNaN: "the loss became NaN",
  step: "step",
  runningMeanHover: "running mean",
  finalMeanLoss: "final mean loss",
  modelAfterStep: "model after this step",
  sampleOfStep: "the sample of this step",
  thisStepsSample: "this step's sample",
  thisStep: "this step",
  stepCaption: (s: StepCaption) =>
    `step ${n(s.step)} of ${n(s.nSteps)} (epoch ${n(s.epoch)}) · sample x = ${f(s.x, 2)}, y = ${s.y}` +
    ` · pred ${f(s.pred, 3)} · loss ${f(s.loss, 3)} · w → ${f(s.w, 3)}, b → ${f(s.b, 3)}`,
  sliderPrefix: "step ",
  play: "▶ play",
  pause: "❚❚ pause",
  graphX: "x (data)",
  graphY: "y (label)",
  graphNew: (p: "w" | "b", value: string) => `new ${p} = ${p} − lr·∂L/∂${p} = ${value}`,
  x1: "x₁",
  x2: "x₂",
  probability: "P(y = 1)",
  boundary: "decision boundary, P = 0.5",
  hiddenUnit: (h: number, equation: string) => `hidden unit ${h}: ${equation} = 0`,
  surfaceCaption: (step: number, nSteps: number, accuracy: number) =>
    `after ${n(step)} of ${n(nSteps)} steps · accuracy ${Math.round(accuracy * 100)} %`,
  afterSteps: "after step ",
  graphInput: (j: number) => `x${j} (input)`,
  graphHidden: (h: number) => `hidden ${h}`,
  graphOutput: "output",
  graphLoss: "loss",
  netGraphCaption: (y: number, lr: number) =>
    `One SGD step on one sample (y = ${y}, lr = ${lr}). Black: the forward pass. Red: the gradient ` +
    "each node receives in the backward pass.",
  moreUnits: (k: number) => `… and ${k} more hidden units`,
  graphCaption: (step: number, nSteps: number, epoch: number, index: number, lr: number) =>
    `Step ${n(step)} of ${n(nSteps)} (epoch ${n(epoch)}, sample ${index}), lr = ${lr}. ` +
    "Black: the forward pass. Red: the gradients of the backward pass.",
};

/** The numbers a step-through caption shows (1-based step and epoch). */
export interface StepCaption {
  step: number;
  nSteps: number;
  epoch: number;
  x: number;
  y: number;
  pred: number;
  loss: number;
  w: number;
  b: number;
}

/** Every label a chart can show. */
export type Text = typeof EN;

const KO: Text = {
  x: "x",
  yLabel: "y (레이블)",
  yPred: "y / 예측값",
  loss: "손실",
  w: "w",
  b: "b",
  sgdStep: "SGD 스텝",
  epoch: "에폭",
  accuracy: "정확도",
  meanLoss: "평균 손실",
  learningRate: "학습률",
  lastEpochLoss: "마지막 에폭의 평균 손실",
  labelIs: (y) => `Y = ${y}`,
  sampleLoss: (y) => `Y = ${y} 샘플의 손실`,
  initialModel: "학습 전 모델",
  trainedModel: "학습된 모델",
  afterEachStep: (nSteps) => `각 스텝 뒤의 모델 (${n(nSteps)}개)`,
  epochOfStep: (epoch, nEpochs, nSteps) => `에폭 ${n(epoch)}/${n(nEpochs)}, 스텝 %{customdata}/${n(nSteps)}`,
  thinned: (every, total) => `${n(total)} 스텝 중 ${n(every)} 스텝마다 하나`,
  thinnedSamples: (every, total) => `샘플 ${n(total)}개 중 ${n(every)}개마다 하나`,
  stepLoss: "스텝별 손실",
  runningMean: (window) => `최근 ${n(window)} 스텝의 평균`,
  runningMeanLoss: (window) => `이동 평균 손실 (최근 ${n(window)} 스텝)`,
  epochMeanLoss: "에폭 평균 손실",
  accuracyPerEpoch: "에폭이 끝날 때의 정확도",
  sgdPath: (nSteps) => `SGD, 스텝마다 샘플 하나 (${n(nSteps)} 스텝)`,
  gdPath: (nSteps) => `전체 배치 경사 하강법 (${n(nSteps)} 스텝)`,
  gd: "경사 하강법",
  start: "시작점",
  endOfSgd: "SGD의 끝",
  nanFrom: (name, step) => `${name} — 스텝 ${n(step)}부터 NaN`,
  nanAt: (step) => `스텝 ${n(step)}에서 NaN`,
  nanRun: (name) => `${name}: NaN`,
  becameNaN: "손실이 NaN이 됨",
  step: "스텝",
  runningMeanHover: "이동 평균",
  finalMeanLoss: "마지막 평균 손실",
  modelAfterStep: "이 스텝 뒤의 모델",
  sampleOfStep: "이 스텝의 샘플",
  thisStepsSample: "이 스텝의 샘플",
  thisStep: "이 스텝",
  stepCaption: (s) =>
    `스텝 ${n(s.step)}/${n(s.nSteps)} (에폭 ${n(s.epoch)}) · 샘플 x = ${f(s.x, 2)}, y = ${s.y}` +
    ` · 예측 ${f(s.pred, 3)} · 손실 ${f(s.loss, 3)} · w → ${f(s.w, 3)}, b → ${f(s.b, 3)}`,
  sliderPrefix: "스텝 ",
  play: "▶ 재생",
  pause: "❚❚ 멈춤",
  graphX: "x (데이터)",
  graphY: "y (레이블)",
  graphNew: (p, value) => `새 ${p} = ${p} − lr·∂L/∂${p} = ${value}`,
  x1: "x₁",
  x2: "x₂",
  probability: "P(y = 1)",
  boundary: "결정 경계, P = 0.5",
  hiddenUnit: (h, equation) => `은닉 유닛 ${h}: ${equation} = 0`,
  surfaceCaption: (step, nSteps, accuracy) =>
    `스텝 ${n(step)}/${n(nSteps)} 뒤 · 정확도 ${Math.round(accuracy * 100)} %`,
  afterSteps: "스텝 ",
  graphInput: (j) => `x${j} (입력)`,
  graphHidden: (h) => `은닉 ${h}`,
  graphOutput: "출력",
  graphLoss: "손실",
  netGraphCaption: (y, lr) =>
    `샘플 하나에 대한 SGD 한 스텝 (y = ${y}, lr = ${lr}). 검은색: 순전파. 빨간색: 역전파에서 각 노드가 받는 기울기.`,
  moreUnits: (k) => `… 은닉 유닛 ${k}개 더`,
  graphCaption: (step, nSteps, epoch, index, lr) =>
    `스텝 ${n(step)}/${n(nSteps)} (에폭 ${n(epoch)}, 샘플 ${index}), lr = ${lr}. ` +
    "검은색: 순전파. 빨간색: 역전파가 보내는 기울기.",
};

const TEXTS: Record<Lang, Text> = { en: EN, ko: KO };

/** The labels of `lang`. */
export function textFor(lang: Lang): Text {
  return TEXTS[lang];
}

/** 1st, 2nd, 3rd, 4th, …, 100th. */
function ordinal(k: number): string {
  const tens = k % 100;
  const suffix =
    tens >= 11 && tens <= 13 ? "th" : (({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[k % 10] ?? "th");
  return `${n(k)}${suffix}`;
}
