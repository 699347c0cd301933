// Lesson 7's bug gallery: plausible broken backwards. Each class extends the real layer and
// overrides only backward(), with exactly one line wrong — the repetition is the lesson: put a bug
// next to the real backward and the difference is the bug. The same gradient checks catch every one.
import type { Lang } from "../figures/text";
import { gradCheck, type GradCheckRow, type LinearClass, type LossClass, type SigmoidClass } from "../math/gradcheck";
import { BCELoss, LinearFunction, Sigmoid, sigmoidSlope } from "../math/layers";
import { finalParams, train, type TrainingHistory } from "../math/train";
import { integer, options } from "../math/validate";
import { lessonOptions, type LessonOptions } from "./text";
import { LESSON_RUN, lessonStart } from "./setup";

/** The three exercises, named after the class whose backward() the learner writes. */
export type ExerciseName = "BCELoss" | "Sigmoid" | "LinearFunction";

/** BCELoss with the sign of its derivative flipped: (y − pred) / (pred·(1 − pred)). */
export class FlippedSignBCELoss extends BCELoss {
  override backward(): number {
    const dlossDpred = (this.y - this.pred) / sigmoidSlope(this.pred);
    return dlossDpred;
  }
}

/** BCELoss that returns pred − y, forgetting the denominator pred·(1 − pred). */
export class NoDenominatorBCELoss extends BCELoss {
  override backward(): number {
    const dlossDpred = this.pred - this.y;
    return dlossDpred;
  }
}

/** Sigmoid whose slope is computed from its input z, z·(1 − z), instead of from its output a. */
export class SlopeFromZSigmoid extends Sigmoid {
  private z = NaN;

  override forward(z: number): number {
    this.z = z;
    return super.forward(z);
  }

  override backward(dlossDa: number): number {
    const daDz = this.z * (1 - this.z);
    const dlossDz = dlossDa * daDz;
    return dlossDz;
  }
}

/** Sigmoid that returns its local slope a·(1 − a) and drops the incoming dL/da. */
export class NoUpstreamSigmoid extends Sigmoid {
  override backward(dlossDa: number): number {
    void dlossDa; // the bug: received, never used
    const daDz = sigmoidSlope(this.a);
    return daDz;
  }
}

/** LinearFunction that remembers its input where a subclass can read it; forward is unchanged. */
export class VisibleInputLinear extends LinearFunction {
  protected input = NaN;

  override forward(x: number): number {
    this.input = x;
    return super.forward(x);
  }
}

/** LinearFunction that forgets the x in dz/dw: w gets the same step as b. */
export class NoXLinear extends VisibleInputLinear {
  override backward(dlossDz: number, lr: number): void {
    const dzDw = 1;
    const dzDb = 1;
    const dlossDw = dlossDz * dzDw;
    const dlossDb = dlossDz * dzDb;
    this.w = this.w - lr * dlossDw;
    this.b = this.b - lr * dlossDb;
    this.dlossDw = dlossDw;
    this.dlossDb = dlossDb;
  }
}

/** LinearFunction that steps w uphill: w ← w + lr·dL/dw. */
export class PlusStepLinear extends VisibleInputLinear {
  override backward(dlossDz: number, lr: number): void {
    const dzDw = this.input;
    const dzDb = 1;
    const dlossDw = dlossDz * dzDw;
    const dlossDb = dlossDz * dzDb;
    this.w = this.w + lr * dlossDw;
    this.b = this.b - lr * dlossDb;
    this.dlossDw = dlossDw;
    this.dlossDb = dlossDb;
  }
}

/** LinearFunction that updates b with w's gradient (a copy-paste slip): b ← b − lr·dL/dw. */
export class CopyPasteLinear extends VisibleInputLinear {
  override backward(dlossDz: number, lr: number): void {
    const dzDw = this.input;
    const dzDb = 1;
    const dlossDw = dlossDz * dzDw;
    const dlossDb = dlossDz * dzDb;
    this.w = this.w - lr * dlossDw;
    this.b = this.b - lr * dlossDw;
    this.dlossDw = dlossDw;
    this.dlossDb = dlossDb;
  }
}

/** What the gallery says of a bug, in one language. */
export interface BugText {
  title: string;
  /** What to fix, in a learner's words (checkBackward says it when a learner's code matches). */
  hint: string;
  /** What the bug does to lesson 4's training run; the tests back each claim. */
  symptom: string;
}

/** One bug of the gallery: the class, what it gets wrong, and what a learner would see in training. */
export interface Bug {
  /** A stable name, e.g. "flipped-sign". */
  id: string;
  exercise: ExerciseName;
  Class: LossClass | SigmoidClass | LinearClass;
  /** The wrong formula, as the broken backward computes it. */
  wrong: string;
  text: Record<Lang, BugText>;
}

/** The gallery, in the order of the exercises. */
export const BUGS: readonly Bug[] = [
  {
    id: "flipped-sign",
    exercise: "BCELoss",
    Class: FlippedSignBCELoss,
    wrong: "dL/dpred = (y − pred) / (pred·(1 − pred))",
    text: {
      en: {
        title: "flipped sign",
        hint: "the sign is flipped — it is pred − y on top, not y − pred",
        symptom:
          "Every step goes uphill: the model learns the opposite labels — accuracy falls to 0 and the loss grows every epoch.",
      },
      ko: {
        title: "부호가 뒤집힘",
        hint: "부호가 뒤집혔습니다 — 분자는 y − pred가 아니라 pred − y입니다",
        symptom:
          "모든 스텝이 오르막으로 갑니다: 모델이 레이블을 거꾸로 배워서 정확도는 0으로 떨어지고 손실은 에폭마다 커집니다.",
      },
    },
  },
  {
    id: "no-denominator",
    exercise: "BCELoss",
    Class: NoDenominatorBCELoss,
    wrong: "dL/dpred = pred − y",
    text: {
      en: {
        title: "no denominator",
        hint: "pred − y is dL/dz, not dL/dpred — divide by pred·(1 − pred)",
        symptom:
          "Sneaky: every step still points downhill, so the accuracy looks fine, but each is shrunk by pred·(1 − pred) ≤ ¼ — it needs about six times as many epochs to reach the same loss.",
      },
      ko: {
        title: "분모를 빠뜨림",
        hint: "pred − y는 dL/dz이지 dL/dpred가 아닙니다 — pred·(1 − pred)로 나누세요",
        symptom:
          "알아채기 어렵습니다: 스텝은 여전히 내리막을 향하니 정확도는 괜찮아 보이지만, 스텝의 크기가 pred·(1 − pred)배(¼ 이하)로 줄어듭니다 — 같은 손실에 닿으려면 에폭이 여섯 배쯤 더 듭니다.",
      },
    },
  },
  {
    id: "slope-from-z",
    exercise: "Sigmoid",
    Class: SlopeFromZSigmoid,
    wrong: "da/dz = z·(1 − z)",
    text: {
      en: {
        title: "σ′ from z",
        hint: "the slope is written with the output a = σ(z): a·(1 − a), not z·(1 − z)",
        symptom:
          "z·(1 − z) is negative for z < 0 or z > 1 and grows like z²: steps go the wrong way and get bigger, w explodes within a few steps and the run stops on an infinite gradient.",
      },
      ko: {
        title: "z로 계산한 σ′",
        hint: "기울기는 출력 a = σ(z)로 씁니다: z·(1 − z)가 아니라 a·(1 − a)입니다",
        symptom:
          "z·(1 − z)는 z < 0이나 z > 1이면 음수이고 z²처럼 커집니다: 스텝이 반대로 가면서 점점 커지고, 몇 스텝 만에 w가 폭발해 무한대 기울기에서 학습이 멈춥니다.",
      },
    },
  },
  {
    id: "no-upstream",
    exercise: "Sigmoid",
    Class: NoUpstreamSigmoid,
    wrong: "dL/dz = a·(1 − a)",
    text: {
      en: {
        title: "no upstream gradient",
        hint: "that is da/dz alone — multiply it by the dL/da that backward receives",
        symptom:
          "The label never reaches w and b, so every sample pushes the same way: b only ever decreases, and the curve flattens into “always 0” (the accuracy is the share of 0 labels).",
      },
      ko: {
        title: "위에서 온 기울기를 버림",
        hint: "그것은 da/dz일 뿐입니다 — backward가 받은 dL/da를 곱하세요",
        symptom:
          "레이블이 w와 b에 전혀 닿지 않아 모든 샘플이 같은 쪽으로 밉니다: b는 줄어들기만 하고, 곡선은 “늘 0”으로 납작해집니다 (정확도는 레이블이 0인 샘플의 비율이 됩니다).",
      },
    },
  },
  {
    id: "missing-x",
    exercise: "LinearFunction",
    Class: NoXLinear,
    wrong: "dL/dw = dL/dz (dz/dw = 1)",
    text: {
      en: {
        title: "missing x",
        hint: "dz/dw is x, the input forward remembered — dL/dw = dL/dz · x",
        symptom:
          "w gets b's step whatever x is, so it never learns the slope: w stays negative, the curve keeps falling where it should rise, and most samples end up wrong.",
      },
      ko: {
        title: "x를 빠뜨림",
        hint: "dz/dw는 forward가 기억해 둔 입력 x입니다 — dL/dw = dL/dz · x",
        symptom:
          "x와 상관없이 w가 b와 똑같이 움직여서 기울기를 배우지 못합니다: w는 음수로 남고, 곡선은 올라가야 할 곳에서 계속 내려가며, 대부분의 샘플을 틀립니다.",
      },
    },
  },
  {
    id: "plus-step",
    exercise: "LinearFunction",
    Class: PlusStepLinear,
    wrong: "w ← w + lr·dL/dw",
    text: {
      en: {
        title: "+ instead of −",
        hint: "gradient descent steps against the gradient: w ← w − lr·dL/dw",
        symptom:
          "w climbs the loss while b descends it: w runs away in the wrong direction, and the loss grows every epoch as with a flipped sign.",
      },
      ko: {
        title: "− 대신 +",
        hint: "경사 하강법은 기울기의 반대 방향으로 갑니다: w ← w − lr·dL/dw",
        symptom:
          "b는 손실을 내려가는데 w는 손실을 올라갑니다: w가 엉뚱한 방향으로 달아나고, 부호가 뒤집혔을 때처럼 손실이 에폭마다 커집니다.",
      },
    },
  },
  {
    id: "copy-paste",
    exercise: "LinearFunction",
    Class: CopyPasteLinear,
    wrong: "b ← b − lr·dL/dw",
    text: {
      en: {
        title: "b gets w's gradient",
        hint: "b's step uses dL/db = dL/dz · 1, not dL/dw",
        symptom:
          "b is pushed by x·error instead of by the error: the boundary settles in the wrong place, the accuracy stalls below the real classes' and the loss starts rising again.",
      },
      ko: {
        title: "b가 w의 기울기를 받음",
        hint: "b의 업데이트에는 dL/dw가 아니라 dL/db = dL/dz · 1을 씁니다",
        symptom:
          "b가 오차가 아니라 x·오차로 밀려서 경계가 엉뚱한 곳에 자리 잡습니다: 정확도는 올바른 클래스보다 낮은 곳에서 멈추고, 손실은 다시 오르기 시작합니다.",
      },
    },
  },
];

/** The learner's (or a bug's) three classes; a missing one is the real class. */
export interface ExerciseClasses {
  BCELoss: LossClass;
  Sigmoid: SigmoidClass;
  LinearFunction: LinearClass;
}

/**
 * Lesson 4's run (its data, w0, b0 and lr) with any LinearFunction, Sigmoid and BCELoss — the
 * learner's, a gallery bug's, or the reference — through the lessons' own train(). An error thrown
 * by the classes stops the run, and the history says at which step.
 */
export function lessonRunWith(classes: Partial<ExerciseClasses>, epochs: number = LESSON_RUN.epochs): TrainingHistory {
  const c = options("lessonRunWith", classes);
  integer("lessonRunWith", "epochs", epochs);
  const { X, Y, w0, b0 } = lessonStart();
  const layers = {
    linear: new (c.LinearFunction ?? LinearFunction)({ w: w0, b: b0 }),
    activation: new (c.Sigmoid ?? Sigmoid)(),
    loss: new (c.BCELoss ?? BCELoss)(),
  };
  return train({ X, Y, lr: LESSON_RUN.lr, epochs, layers, onError: "stop" });
}

/** One row of the gallery's "caught" table: which checks of gradCheck fail for a bug, and how badly. */
export interface BugCheck {
  bug: Bug;
  /** The failing checks as "<layer> <derivative>", the real class's name for the bug's own class: "Sigmoid dL/dz". */
  failing: string[];
  worstRelError: number;
  rows: GradCheckRow[];
}

/** Runs gradCheck with the bug's class in place of the real one (the other two classes stay real). */
export function checkBug(bug: Bug, opts?: { nPoints?: number; seed?: number }): BugCheck {
  const { nPoints = 3, seed = 2023 } = options("checkBug", opts);
  const rows = gradCheck({ nPoints, seed, [bug.exercise]: bug.Class });
  const layerName = (r: GradCheckRow) => (r.layer === bug.Class.name ? bug.exercise : r.layer);
  const failing = rows.filter((r) => !r.ok).map((r) => `${layerName(r)} ${r.derivative.split(" = ")[0]}`);
  return { bug, failing: [...new Set(failing)], worstRelError: Math.max(...rows.map((r) => r.relError)), rows };
}

/** The gallery's first table: each bug, its wrong formula, the checks that catch it, the worst error. */
export function bugCheckTable(opts?: LessonOptions): { columns: string[]; rows: (string | number)[][] } {
  const { lang, t } = lessonOptions("bugCheckTable", opts);
  return {
    columns: t.checkColumns,
    rows: BUGS.map((bug) => {
      const { failing, worstRelError } = checkBug(bug);
      const checks = failing.map((f) => f.replace(/^chain /, `${t.chain} `));
      return [bug.text[lang].title, `${bug.exercise}.backward`, bug.wrong, checks.join(", "), worstRelError];
    }),
  };
}

/** The gallery's second table: lesson 4's ten epochs with each bug, next to the correct classes. */
export function bugTrainingTable(opts?: LessonOptions & { epochs?: number }): {
  columns: string[];
  rows: (string | number)[][];
} {
  const { lang, t } = lessonOptions("bugTrainingTable", opts);
  const epochs = integer("bugTrainingTable", "epochs", opts?.epochs ?? LESSON_RUN.epochs);
  const row = (title: string, run: TrainingHistory, effect: string): (string | number)[] => {
    const { w, b } = finalParams(run);
    if (run.error) return [title, t.stoppedAt(run.nSteps + 1), "—", w, b, effect];
    const last = run.epochs[run.epochs.length - 1];
    return [title, last.accuracy, last.meanLoss, w, b, effect];
  };
  return {
    columns: t.trainingColumns(epochs),
    rows: [
      row(t.noBug, lessonRunWith({}, epochs), t.noBugEffect),
      ...BUGS.map((bug) =>
        row(bug.text[lang].title, lessonRunWith({ [bug.exercise]: bug.Class }, epochs), bug.text[lang].symptom),
      ),
    ],
  };
}
