// Every sentence the exercise checker and the bug gallery say to a learner, in English and Korean.
// The checks themselves are the same in both languages; only these words differ.
import { LANGS, type Lang } from "../figures/text";
import type { DerivativeId } from "../math/gradcheck";
import { fail } from "../math/validate";

/** What the lesson helpers take last: the language of their messages (English by default). */
export interface LessonOptions {
  lang?: Lang;
}

/** The point a failed check was made at, and what the learner's code and the numerical slope said there. */
export interface Miss {
  yours: string;
  numeric: string;
}

const EN = {
  shouldBe: {
    "loss.pred": "dL/dpred should be (pred − y) / (pred·(1 − pred))",
    "sigmoid.z": "dL/dz should be dL/da · a·(1 − a)",
    "linear.w": "dL/dw should be dL/dz · x, and the step w ← w − lr·dL/dw",
    "linear.b": "dL/db should be dL/dz · 1, and the step b ← b − lr·dL/db",
    "chain.w": "dL/dw should be dL/dz · x",
    "chain.b": "dL/db should be dL/dz",
  } as Record<DerivativeId, string>,
  missLoss: (pred: number, y: number, m: Miss) =>
    `at pred = ${pred}, y = ${y} you returned ${m.yours}, but the numerical slope is ${m.numeric}`,
  missSigmoid: (z: number, a: string, dlossDa: number, m: Miss) =>
    `at z = ${z} (so a = ${a}) with dL/da = ${dlossDa} you returned ${m.yours}, but the numerical slope is ${m.numeric}`,
  missLinear: (
    p: { w: number; b: number; x: number; dlossDz: number },
    lr: number,
    param: string,
    before: number,
    after: string,
    derivative: string,
    m: Miss,
  ) =>
    `at w = ${p.w}, b = ${p.b}, x = ${p.x} with dL/dz = ${p.dlossDz} and lr = ${lr}, your step moved ${param} ` +
    `from ${before} to ${after}, so your ${derivative} is ${m.yours}, but the numerical slope is ${m.numeric}`,
  fail: (subject: string, shouldBe: string, miss: string) => `✗ **${subject}**: ${shouldBe}; ${miss}.`,
  pass: (subject: string, exercise: string, derivative: string, nPoints: number, worst: string, tolerance: string) =>
    `✓ **${subject}**: ${exercise === "LinearFunction" ? "dL/dw and dL/db match" : `${derivative} matches`} ` +
    `the numerical slope at all ${nPoints} check points (largest relative error ${worst}, tolerance ${tolerance}).`,
  noReturn: " Did you forget to `return` the value?",
  nanLinear: " Your step made a parameter NaN: is every value you use set (this.x is set by forward)?",
  nanOther: " Your value is NaN: is every value you use set (forward sets this.pred, this.y and this.a)?",
  didNotMove: " The parameter did not move: backward must also take the step.",
  returnedZero: " You returned 0.",
  wrongSign: " Your value has the right size but the wrong sign.",
  looksLike: (title: string, hint: string) => ` It behaves exactly like the bug gallery's “${title}”: ${hint}.`,
  notWritten: (method: string) =>
    `✎ **${method}**: not written yet — fill in the cell above, run it, then run this check again.`,
  threw: (subject: string, error: string) =>
    `✗ **${subject}** could not be checked: your code threw \`${error}\`. Fix the cell above and run it again.`,
  wholeChain: "the whole chain",
  waiting: (list: string) => `✎ Not written yet: ${list}. Finish the exercises above first.`,
  fixFirst: (list: string) => `✗ Fix ${list} first: see its check above.`,
  chainFails: (derivative: string, yours: string, at: string, numeric: string) =>
    `✗ **The chain**: backpropagating through your three classes gives ${derivative} = ${yours} ` +
    `at ${at}, but the numerical slope of the loss is ${numeric}.`,
  chainPasses: (nPoints: number, worst: string) =>
    `✓ **The chain**: dL/dw and dL/db through your three classes match the numerical slope at ${nPoints} points (largest relative error ${worst}).`,
  trainingMiss: (step: number, nSteps: number, yours: { w: number; b: number }, ref: { w: number; b: number }) =>
    `✗ **Training**: your classes leave the reference run at step ${step} of ${nSteps}: ` +
    `w = ${yours.w}, b = ${yours.b} instead of w = ${ref.w}, b = ${ref.b}.`,
  trainingPasses: (nSteps: number, lr: number, worst: string, tolerance: string) =>
    `✓ **Training**: one epoch of lesson 4 (${nSteps} SGD steps, lr = ${lr}) with your classes ` +
    `gives the same w and b as the reference classes after every step (largest relative difference ` +
    `${worst}, tolerance ${tolerance}): your classes train exactly like the blog's.`,
  checkColumns: ["bug", "in", "the broken line", "checks that fail", "worst relative error"],
  /** What the checks that fail call the whole chain x → z → pred → loss. */
  chain: "chain",
  trainingColumns: (epochs: number) => [
    "bug",
    "accuracy",
    `mean loss, epoch ${epochs}`,
    "w at the end",
    "b at the end",
    "what you would see",
  ],
  noBug: "none (the real classes)",
  noBugEffect: "The curve rises at the boundary: lesson 4's result.",
  stoppedAt: (step: number) => `stopped at step ${step}`,
};

/** Every sentence the checker and the gallery can say. */
export type LessonText = typeof EN;

const KO: LessonText = {
  shouldBe: {
    "loss.pred": "dL/dpred는 (pred − y) / (pred·(1 − pred))여야 합니다",
    "sigmoid.z": "dL/dz는 dL/da · a·(1 − a)여야 합니다",
    "linear.w": "dL/dw는 dL/dz · x이고, 업데이트는 w ← w − lr·dL/dw여야 합니다",
    "linear.b": "dL/db는 dL/dz · 1이고, 업데이트는 b ← b − lr·dL/db여야 합니다",
    "chain.w": "dL/dw는 dL/dz · x여야 합니다",
    "chain.b": "dL/db는 dL/dz여야 합니다",
  },
  missLoss: (pred, y, m) =>
    `pred = ${pred}, y = ${y}에서 여러분의 코드가 돌려준 값은 ${m.yours}이고, 수치 미분으로 구한 기울기는 ${m.numeric}입니다`,
  missSigmoid: (z, a, dlossDa, m) =>
    `z = ${z} (그래서 a = ${a}), dL/da = ${dlossDa}일 때 여러분의 코드가 돌려준 값은 ${m.yours}이고, 수치 미분으로 구한 기울기는 ${m.numeric}입니다`,
  missLinear: (p, lr, param, before, after, derivative, m) =>
    `w = ${p.w}, b = ${p.b}, x = ${p.x}, dL/dz = ${p.dlossDz}, lr = ${lr}일 때 여러분의 업데이트 뒤 ${param}의 값은 ` +
    `${before} → ${after}입니다. 곧 여러분의 ${derivative} 값은 ${m.yours}이고, 수치 미분으로 구한 기울기는 ${m.numeric}입니다`,
  fail: (subject, shouldBe, miss) => `✗ **${subject}**: ${shouldBe}. ${miss}.`,
  pass: (subject, exercise, derivative, nPoints, worst, tolerance) =>
    `✓ **${subject}**: 확인한 점 ${nPoints}개 모두에서 ${exercise === "LinearFunction" ? "dL/dw와 dL/db가" : `${derivative}가`} ` +
    `수치 미분으로 구한 기울기와 일치합니다 (가장 큰 상대 오차 ${worst}, 허용 오차 ${tolerance}).`,
  noReturn: " 값을 `return`하는 것을 잊지 않았나요?",
  nanLinear: " 업데이트한 파라미터가 NaN이 되었습니다. 쓰는 값이 모두 설정되어 있나요? (this.x는 forward가 설정합니다)",
  nanOther: " 값이 NaN입니다. 쓰는 값이 모두 설정되어 있나요? (forward가 this.pred, this.y, this.a를 설정합니다)",
  didNotMove: " 파라미터가 움직이지 않았습니다. backward는 업데이트까지 해야 합니다.",
  returnedZero: " 0을 돌려주었습니다.",
  wrongSign: " 크기는 맞지만 부호가 반대입니다.",
  looksLike: (title, hint) => ` 버그 갤러리의 “${title}” 버그와 똑같이 동작합니다: ${hint}.`,
  notWritten: (method) =>
    `✎ **${method}**: 아직 작성하지 않았습니다 — 위 셀을 채워 실행한 다음, 이 확인 셀을 다시 실행하세요.`,
  threw: (subject, error) =>
    `✗ **${subject}**: 확인할 수 없습니다. 코드가 \`${error}\` 오류를 냈습니다. 위 셀을 고쳐서 다시 실행하세요.`,
  wholeChain: "연쇄 전체",
  waiting: (list) => `✎ 아직 작성하지 않은 것: ${list}. 위의 연습 문제부터 마치세요.`,
  fixFirst: (list) => `✗ 먼저 고칠 것: ${list}. 위의 확인 결과를 보세요.`,
  chainFails: (derivative, yours, at, numeric) =>
    `✗ **연쇄 전체**: 여러분의 세 클래스로 역전파하면 ${at}에서 ${derivative} = ${yours}인데, ` +
    `손실의 수치 미분 기울기는 ${numeric}입니다.`,
  chainPasses: (nPoints, worst) =>
    `✓ **연쇄 전체**: 여러분의 세 클래스를 거쳐 구한 dL/dw와 dL/db가 점 ${nPoints}개에서 수치 미분 기울기와 일치합니다 (가장 큰 상대 오차 ${worst}).`,
  trainingMiss: (step, nSteps, yours, ref) =>
    `✗ **학습**: 여러분의 클래스는 ${nSteps} 스텝 중 ${step}번째 스텝에서 기준 실행과 달라집니다: ` +
    `w = ${ref.w}, b = ${ref.b}여야 하는데 w = ${yours.w}, b = ${yours.b}입니다.`,
  trainingPasses: (nSteps, lr, worst, tolerance) =>
    `✓ **학습**: 여러분의 클래스로 4강의 한 에폭(SGD ${nSteps} 스텝, lr = ${lr})을 돌리면 매 스텝 뒤의 w와 b가 ` +
    `기준 클래스와 같습니다 (가장 큰 상대 차이 ${worst}, 허용 오차 ${tolerance}). 여러분의 클래스는 블로그의 클래스와 똑같이 학습합니다.`,
  checkColumns: ["버그", "위치", "잘못된 줄", "실패한 검사", "가장 큰 상대 오차"],
  chain: "연쇄 전체",
  trainingColumns: (epochs) => [
    "버그",
    "정확도",
    `${epochs}번째 에폭의 평균 손실`,
    "마지막 w",
    "마지막 b",
    "보게 될 모습",
  ],
  noBug: "없음 (올바른 클래스)",
  noBugEffect: "곡선이 경계에서 올라갑니다: 4강의 결과 그대로입니다.",
  stoppedAt: (step) => `스텝 ${step}에서 멈춤`,
};

const TEXTS: Record<Lang, LessonText> = { en: EN, ko: KO };

/** A lesson helper's options, checked: the language and its sentences. */
export function lessonOptions(fn: string, opts: LessonOptions | undefined): { lang: Lang; t: LessonText } {
  if (opts !== undefined && (typeof opts !== "object" || opts === null)) fail(fn, "options must be { lang }", opts);
  const lang = opts?.lang ?? "en";
  if (!LANGS.includes(lang)) fail(fn, `lang must be ${LANGS.map((l) => `"${l}"`).join(" or ")}`, lang);
  return { lang, t: TEXTS[lang] };
}
