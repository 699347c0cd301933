// Every sentence lesson 9's checker and bug gallery say to a learner, in English and Korean — the
// network's counterpart of ./text (whose shared sentences, such as "not written yet", it reuses).
import type { Lang } from "../figures/text";
import { lessonOptions, type LessonOptions, type LessonText, type Miss } from "./text";

/** The three gradients of a Linear layer's backward. */
export type LayerGradient = "dL/dx" | "dL/dW" | "dL/db";
/** The four parameter groups of the network. */
export type ParamGroup = "W1" | "b1" | "W2" | "b2";

/** Where a layer check was made: the layer's shape, which call in a row, and that call's inputs. */
export interface LayerPoint {
  shape: string;
  call: number;
  calls: number;
  x: string;
  dlossDz: string;
  lr: number;
}

/** Where a network check was made. */
export interface NetworkPoint {
  x: string;
  y: 0 | 1;
  hidden: number;
  lr: number;
}

const list = (items: readonly string[], and: string) =>
  items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} ${and} ${items[items.length - 1]}`;

const EN = {
  layerShouldBe: {
    "dL/dx": "dL/dx should be Wᵀ · dL/dz, computed with the W that forward used (before the step)",
    "dL/dW": "dL/dW should be dL/dz · xᵀ (entry [i][j] is dL/dz[i] · x[j]), and the step W ← W − lr·dL/dW",
    "dL/db": "dL/db should be dL/dz, and the step b ← b − lr·dL/db",
  } as Record<LayerGradient, string>,
  networkShouldBe: {
    W2: "dL/dW2 should be dL/dz2 · a1ᵀ, where dL/dz2 = dL/dpred · pred·(1 − pred)",
    b2: "dL/db2 should be dL/dz2 = dL/dpred · pred·(1 − pred)",
    W1: "dL/dW1 should be dL/dz1 · xᵀ, where dL/dz1 = (W2ᵀ · dL/dz2) · a1·(1 − a1), unit by unit",
    b1: "dL/db1 should be dL/dz1 = (W2ᵀ · dL/dz2) · a1·(1 − a1), unit by unit",
  } as Record<ParamGroup, string>,
  layerAt: (p: LayerPoint) =>
    `on the ${p.shape} layer, call ${p.call} of ${p.calls} in a row (x = ${p.x}, dL/dz = ${p.dlossDz}, lr = ${p.lr})`,
  networkAt: (p: NetworkPoint) => `at x = ${p.x}, y = ${p.y} (H = ${p.hidden}, lr = ${p.lr})`,
  missDx: (at: string, entry: string, m: Miss) =>
    `${at}, your ${entry} is ${m.yours}, but the numerical slope is ${m.numeric}`,
  missStep: (at: string, param: string, before: string, after: string, entry: string, m: Miss) =>
    `${at}, your step moved ${param} from ${before} to ${after}, so your ${entry} is ${m.yours}, ` +
    `but the numerical slope is ${m.numeric}`,
  fail: (subject: string, shouldBe: string, miss: string) => `✗ **${subject}**: ${shouldBe}; ${miss}.`,
  rightHere: (right: readonly string[]) =>
    right.length === 0 ? "" : ` (${list(right, "and")} ${right.length === 1 ? "is" : "are"} right there.)`,
  missNoDx: (at: string, got: string) => `${at}, your backward returned ${got} instead of dL/dx`,
  missDxLength: (at: string, got: number, want: number) =>
    `${at}, your dL/dx has ${got} number${got === 1 ? "" : "s"}, but x has ${want}`,
  noDx: " Did you forget to `return` dL/dx?",
  dxLength: (shape: string) =>
    ` dL/dx has one number per input, as many as W has columns (W is ${shape}): that is Wᵀ · dL/dz, not W · dL/dz.`,
  nanIndex: (shape: string) =>
    ` Your value is NaN: does an index run past the end of an array? W is ${shape}, so W[i][j] needs i below its first number and j below its second.`,
  didNotMove: " The parameter did not move: backward must also take the step.",
  wrongSign: " Your value has the right size but the wrong sign.",
  secondCall:
    " Your backward was right at call 1 on this layer and is wrong at call 2: does it keep something from the call before?",
  layerPasses: (subject: string, n: number, worst: string, tolerance: string) =>
    `✓ **${subject}**: dL/dx, dL/dW and dL/db match the numerical slopes on a 3 × 2 and a 2 × 2 layer, two calls in a row ` +
    `on each (${n} comparisons, largest relative error ${worst}, tolerance ${tolerance}).`,
  networkPasses: (subject: string, nParams: number, nPoints: number, worst: string, tolerance: string) =>
    `✓ **${subject}**: the gradient of every parameter (${nParams} in all) matches the numerical slope of your ` +
    `network's loss at ${nPoints} points (largest relative error ${worst}, tolerance ${tolerance}).`,
  groups: (right: readonly ParamGroup[], wrong: readonly ParamGroup[]) => {
    if (right.length === 0)
      return ` Every parameter is wrong: look at the start of the chain, where dL/dpred becomes dL/dz2.`;
    const base = ` ${list(right, "and")} ${right.length === 1 ? "is" : "are"} right, ${list(wrong, "and")} ${wrong.length === 1 ? "is" : "are"} wrong`;
    const hidden = wrong.every((g) => g === "W1" || g === "b1") && right.includes("W2") && right.includes("b2");
    return hidden ? `${base}: the gradient goes wrong on its way from linear2 down to linear1.` : `${base}.`;
  },
  needsFirst: (subject: string, method: string) =>
    `✎ **${subject}** calls ${method}, which is not written yet — finish that exercise first, then run this check again.`,
  layersFirst: (subject: string, layer: string) =>
    `✗ **${subject}** cannot be judged yet: its layers are ${layer}, which does not pass its own check — ` +
    `fix ${layer}.backward first (see its check above).`,
  noLayers: (subject: string) =>
    `✗ **${subject}** could not be checked: a network must keep its layers as \`linear1\`, \`sigmoid1\`, \`linear2\` ` +
    `and \`sigmoid2\`, with \`W\` and \`b\` on each linear layer, as the cell above does.`,
  trainingMiss: (step: number, nSteps: number, what: string, yours: string, ref: string) =>
    `✗ **Training**: your network leaves the reference run at step ${step} of ${nSteps}: ${what} is ${yours} instead of ${ref}.`,
  lossBefore: "the loss before the update",
  after: (param: string) => `${param} after the update`,
  trainingPasses: (nSteps: number, hidden: number, lr: number, worst: string, tolerance: string) =>
    `✓ **Training**: one epoch of lesson 8 (${nSteps} SGD steps on the XOR cloud, H = ${hidden}, lr = ${lr}) with your ` +
    `network gives the same loss and the same parameters as trainNetwork after every step (largest relative difference ` +
    `${worst}, tolerance ${tolerance}): you have backpropagated through a network by hand.`,
  checkColumns: ["bug", "in", "the broken line", "layer check fails", "network check fails", "worst relative error"],
  passes: "passes",
  notChecked: "— (not a layer)",
  stops: (error: string) => `stops: ${error}`,
  layerFails: (shape: string, gradients: readonly string[]) => `${shape} layer: ${gradients.join(", ")}`,
  trainingColumns: (epochs: number) => [
    "bug",
    `accuracy after ${epochs} epochs`,
    `mean loss, epoch ${epochs}`,
    "largest |weight|",
    "what you would see",
  ],
  noBug: "none (the real classes)",
  noBugEffect: "Every point right within a few epochs: lesson 8's result.",
  stoppedAt: (step: number) => `stopped at step ${step}`,
};

/** Every sentence lesson 9's checker and gallery can say. */
export type NetworkText = typeof EN;

const KO: NetworkText = {
  layerShouldBe: {
    "dL/dx": "dL/dx는 forward가 쓴 W(업데이트하기 전의 W)로 계산한 Wᵀ · dL/dz여야 합니다",
    "dL/dW": "dL/dW는 dL/dz · xᵀ(성분 [i][j]는 dL/dz[i] · x[j])이고, 업데이트는 W ← W − lr·dL/dW여야 합니다",
    "dL/db": "dL/db는 dL/dz이고, 업데이트는 b ← b − lr·dL/db여야 합니다",
  },
  networkShouldBe: {
    W2: "dL/dW2는 dL/dz2 · a1ᵀ여야 합니다 (dL/dz2 = dL/dpred · pred·(1 − pred))",
    b2: "dL/db2는 dL/dz2 = dL/dpred · pred·(1 − pred)여야 합니다",
    W1: "dL/dW1은 dL/dz1 · xᵀ여야 합니다 (dL/dz1 = (W2ᵀ · dL/dz2) · a1·(1 − a1), 유닛마다 따로)",
    b1: "dL/db1은 dL/dz1 = (W2ᵀ · dL/dz2) · a1·(1 − a1)여야 합니다 (유닛마다 따로)",
  },
  layerAt: (p) =>
    `${p.shape} 층에서 연달아 ${p.calls}번 부른 것 가운데 ${p.call}번째 호출 (x = ${p.x}, dL/dz = ${p.dlossDz}, lr = ${p.lr})`,
  networkAt: (p) => `x = ${p.x}, y = ${p.y} (H = ${p.hidden}, lr = ${p.lr})`,
  missDx: (at, entry, m) =>
    `${at}에서 여러분의 ${entry} 값은 ${m.yours}인데, 수치 미분으로 구한 기울기는 ${m.numeric}입니다`,
  missStep: (at, param, before, after, entry, m) =>
    `${at}에서 여러분의 업데이트 뒤 ${param} 값은 ${before} → ${after}입니다. 곧 여러분의 ${entry} 값은 ${m.yours}인데, ` +
    `수치 미분으로 구한 기울기는 ${m.numeric}입니다`,
  fail: (subject, shouldBe, miss) => `✗ **${subject}**: ${shouldBe}. ${miss}.`,
  rightHere: (right) => (right.length === 0 ? "" : ` (여기서 맞는 것: ${right.join(", ")}.)`),
  missNoDx: (at, got) => `${at}에서 여러분의 backward가 돌려준 값이 dL/dx가 아니라 ${got}입니다`,
  missDxLength: (at, got, want) => `${at}에서 여러분의 dL/dx에는 숫자가 ${got}개 있지만 x에는 ${want}개 있습니다`,
  noDx: " dL/dx를 `return`하는 것을 잊지 않았나요?",
  dxLength: (shape) =>
    ` dL/dx는 입력마다 하나씩, 곧 W의 열 수만큼 있어야 합니다(W는 ${shape}). W · dL/dz가 아니라 Wᵀ · dL/dz입니다.`,
  nanIndex: (shape) =>
    ` 값이 NaN입니다. 배열의 끝을 넘어서 읽는 인덱스가 있지 않나요? W는 ${shape}이므로 W[i][j]에서 i는 앞의 수보다, j는 뒤의 수보다 작아야 합니다.`,
  didNotMove: " 파라미터가 움직이지 않았습니다. backward는 업데이트까지 해야 합니다.",
  wrongSign: " 크기는 맞지만 부호가 반대입니다.",
  secondCall:
    " 이 층에서 첫 번째 호출은 맞았는데 두 번째 호출에서 틀렸습니다. backward가 앞선 호출의 무언가를 간직하고 있지 않나요?",
  layerPasses: (subject, n, worst, tolerance) =>
    `✓ **${subject}**: 3 × 2 층과 2 × 2 층에서 각각 연달아 두 번 불렀을 때 dL/dx, dL/dW, dL/db가 모두 수치 미분으로 구한 ` +
    `기울기와 일치합니다 (비교 ${n}개, 가장 큰 상대 오차 ${worst}, 허용 오차 ${tolerance}).`,
  networkPasses: (subject, nParams, nPoints, worst, tolerance) =>
    `✓ **${subject}**: 점 ${nPoints}개에서 모든 파라미터(모두 ${nParams}개)의 기울기가 여러분 신경망의 손실을 수치 미분한 ` +
    `기울기와 일치합니다 (가장 큰 상대 오차 ${worst}, 허용 오차 ${tolerance}).`,
  groups: (right, wrong) => {
    if (right.length === 0)
      return ` 모든 파라미터가 틀렸습니다. dL/dpred가 dL/dz2가 되는 연쇄의 시작 부분을 살펴보세요.`;
    const base = ` 맞는 파라미터: ${right.join(", ")}. 틀린 파라미터: ${wrong.join(", ")}`;
    const hidden = wrong.every((g) => g === "W1" || g === "b1") && right.includes("W2") && right.includes("b2");
    return hidden ? `${base}. 기울기가 linear2에서 linear1로 내려가는 길에서 잘못됩니다.` : `${base}.`;
  },
  needsFirst: (subject, method) =>
    `✎ **${subject}**는 아직 작성하지 않은 ${method}를 부릅니다 — 그 연습 문제부터 마친 다음, 이 확인 셀을 다시 실행하세요.`,
  layersFirst: (subject, layer) =>
    `✗ **${subject}**는 아직 판단할 수 없습니다: 이 신경망의 층인 ${layer}가 자기 확인을 통과하지 못합니다 — ` +
    `먼저 ${layer}.backward를 고치세요 (위의 확인 결과를 보세요).`,
  noLayers: (subject) =>
    `✗ **${subject}**를 확인할 수 없습니다: 신경망은 층을 \`linear1\`, \`sigmoid1\`, \`linear2\`, \`sigmoid2\`로 갖고 있고, ` +
    `각 선형 층에 \`W\`와 \`b\`가 있어야 합니다 (위 셀처럼).`,
  trainingMiss: (step, nSteps, what, yours, ref) =>
    `✗ **학습**: 여러분의 신경망은 ${nSteps} 스텝 중 ${step}번째 스텝에서 기준 실행과 달라집니다: ${what} 값이 ` +
    `기준 실행에서는 ${ref}, 여러분의 신경망에서는 ${yours}입니다.`,
  lossBefore: "업데이트 전의 손실",
  after: (param) => `업데이트 후의 ${param}`,
  trainingPasses: (nSteps, hidden, lr, worst, tolerance) =>
    `✓ **학습**: 여러분의 신경망으로 8강의 한 에폭(XOR 점구름에서 SGD ${nSteps} 스텝, H = ${hidden}, lr = ${lr})을 돌리면 ` +
    `매 스텝 뒤의 손실과 파라미터가 trainNetwork와 같습니다 (가장 큰 상대 차이 ${worst}, 허용 오차 ${tolerance}). ` +
    `신경망의 역전파를 손으로 해냈습니다.`,
  checkColumns: ["버그", "위치", "잘못된 줄", "층 검사에서 실패", "신경망 검사에서 실패", "가장 큰 상대 오차"],
  passes: "통과",
  notChecked: "— (층이 아님)",
  stops: (error) => `멈춤: ${error}`,
  layerFails: (shape, gradients) => `${shape} 층: ${gradients.join(", ")}`,
  trainingColumns: (epochs) => [
    "버그",
    `${epochs} 에폭 뒤의 정확도`,
    `${epochs}번째 에폭의 평균 손실`,
    "가장 큰 |가중치|",
    "보게 될 모습",
  ],
  noBug: "없음 (올바른 클래스)",
  noBugEffect: "몇 에폭 만에 모든 점을 맞힙니다: 8강의 결과 그대로입니다.",
  stoppedAt: (step) => `스텝 ${step}에서 멈춤`,
};

const TEXTS: Record<Lang, NetworkText> = { en: EN, ko: KO };

/** A lesson 9 helper's options, checked: the language, lesson 7's shared sentences (t) and lesson 9's (n). */
export function networkOptions(
  fn: string,
  opts: LessonOptions | undefined,
): { lang: Lang; t: LessonText; n: NetworkText } {
  const { lang, t } = lessonOptions(fn, opts);
  return { lang, t, n: TEXTS[lang] };
}
