// Lesson 9's bug gallery: plausible broken backwards for the network of lesson 8, each exactly one
// line away from a correct one, and what each does to lesson 8's run. The classes are the lesson: a
// learner reads them with showSource. networkExercises.ts catches each with its checks.
import type { Lang } from "../figures/text";
import { sigmoid, sigmoidSlope } from "../math/layers";
import {
  Linear,
  OutputBCELoss,
  SigmoidLayer,
  shareRight,
  copyParams,
  type Matrix,
  type NetworkEpoch,
  type NetworkParams,
  type Vector,
} from "../math/network";
import { fail, integer } from "../math/validate";
import type { BugText } from "./bugs";
import { networkOptions } from "./networkText";
import { NETWORK_RUN, networkLessonStart } from "./setup";
import type { LessonOptions } from "./text";

// ---------------------------------------------------------------------------------------------
// The shapes the checker accepts
// ---------------------------------------------------------------------------------------------

/** A layer built like lesson 8's Linear: new ({ W, b }) → forward(x) → backward(dL/dz, lr) returns dL/dx. */
export type LinearLayerClass = new (opts: { W: Matrix; b: Vector }) => {
  W: Matrix;
  b: Vector;
  forward(x: Vector): Vector;
  backward(dlossDz: Vector, lr: number): Vector;
};

/** A layer built like SigmoidLayer: forward(z) → a, backward(dL/da) → dL/dz. */
export type SigmoidLayerClass = new () => { forward(z: Vector): Vector; backward(dlossDa: Vector): Vector };

/** What the checker reads of a network: its two linear layers' W and b, forward(x, y) → loss, backward(lr). */
export interface NetworkLike {
  linear1: { W: Matrix; b: Vector };
  linear2: { W: Matrix; b: Vector };
  forward(x: Vector, y: 0 | 1): number;
  backward(lr: number): void;
}

/** A network class shaped like lesson 9's MyNetwork: new (params), then forward and backward. */
export type NetworkClass = new (params: NetworkParams) => NetworkLike;

// ---------------------------------------------------------------------------------------------
// The network as one object
// ---------------------------------------------------------------------------------------------

/**
 * Lesson 8's network as one object, the shape of lesson 9's MyNetwork: forward(x, y) runs the four
 * layers and the loss, backward(lr) backpropagates through them in reverse — the chain networkStep
 * runs. The layer classes can be swapped, so that a learner's Linear or a gallery bug runs inside it.
 */
export class TwoLayerNetwork implements NetworkLike {
  linear1: InstanceType<LinearLayerClass>;
  sigmoid1: InstanceType<SigmoidLayerClass>;
  linear2: InstanceType<LinearLayerClass>;
  sigmoid2: InstanceType<SigmoidLayerClass>;
  lossFn = new OutputBCELoss();

  constructor(params: NetworkParams, layers: { Linear?: LinearLayerClass; SigmoidLayer?: SigmoidLayerClass } = {}) {
    const { Linear: L = Linear, SigmoidLayer: S = SigmoidLayer } = layers;
    this.linear1 = new L({ W: params.W1, b: params.b1 });
    this.sigmoid1 = new S();
    this.linear2 = new L({ W: params.W2, b: params.b2 });
    this.sigmoid2 = new S();
  }

  forward(x: Vector, y: 0 | 1): number {
    const z1 = this.linear1.forward(x);
    const a1 = this.sigmoid1.forward(z1);
    const z2 = this.linear2.forward(a1);
    const pred = this.sigmoid2.forward(z2);
    return this.lossFn.forward(pred, y);
  }

  backward(lr: number): void {
    const dlossDpred = this.lossFn.backward();
    const dlossDz2 = this.sigmoid2.backward(dlossDpred);
    const dlossDa1 = this.linear2.backward(dlossDz2, lr);
    const dlossDz1 = this.sigmoid1.backward(dlossDa1);
    this.linear1.backward(dlossDz1, lr);
  }
}

// ---------------------------------------------------------------------------------------------
// The bug gallery
// ---------------------------------------------------------------------------------------------

/**
 * Linear with backward written one line per formula — the gallery's correct starting point, with the
 * same numbers as Linear's own. Its gradients live in dlossDW and dlossDb: zeroGrad() sets them to
 * zero, and backward adds this sample's part to them, as PyTorch's .grad does.
 */
export class GalleryLinear extends Linear {
  /** The input of the last forward (Linear keeps it too, as a private field). */
  protected input: Vector = [];

  constructor(opts: { W: Matrix; b: Vector }) {
    super(opts);
    this.zeroGrad();
  }

  override forward(x: Vector): Vector {
    this.input = x;
    return super.forward(x);
  }

  /** Sets dL/dW and dL/db to zero: the next backward starts a new sample's gradient. */
  zeroGrad(): void {
    this.dlossDW = this.W.map((row) => row.map(() => 0));
    this.dlossDb = this.b.map(() => 0);
  }

  override backward(dlossDz: Vector, lr: number): Vector {
    const { W, b, input: x } = this;
    const dlossDx = x.map((_, j) => W.reduce((sum, row, i) => sum + row[j] * dlossDz[i], 0)); // Wᵀ · dL/dz
    this.zeroGrad();
    W.forEach((row, i) => row.forEach((_, j) => (this.dlossDW[i][j] += dlossDz[i] * x[j]))); // dL/dz · xᵀ
    b.forEach((_, i) => (this.dlossDb[i] += dlossDz[i])); // dL/dz · 1
    W.forEach((row, i) => row.forEach((w, j) => (row[j] = w - lr * this.dlossDW[i][j]))); // W ← W − lr·dL/dW
    b.forEach((bi, i) => (b[i] = bi - lr * this.dlossDb[i])); // b ← b − lr·dL/db
    return dlossDx;
  }
}

/** dL/dx = W · dL/dz: the forward's product again, without the transpose. */
export class NoTransposeLinear extends GalleryLinear {
  override backward(dlossDz: Vector, lr: number): Vector {
    const { W, b, input: x } = this;
    const dlossDx = W.map((row) => row.reduce((sum, w, j) => sum + w * dlossDz[j], 0)); // W · dL/dz
    this.zeroGrad();
    W.forEach((row, i) => row.forEach((_, j) => (this.dlossDW[i][j] += dlossDz[i] * x[j]))); // dL/dz · xᵀ
    b.forEach((_, i) => (this.dlossDb[i] += dlossDz[i])); // dL/dz · 1
    W.forEach((row, i) => row.forEach((w, j) => (row[j] = w - lr * this.dlossDW[i][j]))); // W ← W − lr·dL/dW
    b.forEach((bi, i) => (b[i] = bi - lr * this.dlossDb[i])); // b ← b − lr·dL/db
    return dlossDx;
  }
}

/** dL/dx computed after the step, with the updated W instead of the W forward used. */
export class StepFirstLinear extends GalleryLinear {
  override backward(dlossDz: Vector, lr: number): Vector {
    const { W, b, input: x } = this;
    this.zeroGrad();
    W.forEach((row, i) => row.forEach((_, j) => (this.dlossDW[i][j] += dlossDz[i] * x[j]))); // dL/dz · xᵀ
    b.forEach((_, i) => (this.dlossDb[i] += dlossDz[i])); // dL/dz · 1
    W.forEach((row, i) => row.forEach((w, j) => (row[j] = w - lr * this.dlossDW[i][j]))); // W ← W − lr·dL/dW
    b.forEach((bi, i) => (b[i] = bi - lr * this.dlossDb[i])); // b ← b − lr·dL/db
    const dlossDx = x.map((_, j) => W.reduce((sum, row, i) => sum + row[j] * dlossDz[i], 0)); // Wᵀ · dL/dz
    return dlossDx;
  }
}

/** Never calls zeroGrad(): each sample's gradient is added to the sum of all the samples before it. */
export class AccumulatingLinear extends GalleryLinear {
  override backward(dlossDz: Vector, lr: number): Vector {
    const { W, b, input: x } = this;
    const dlossDx = x.map((_, j) => W.reduce((sum, row, i) => sum + row[j] * dlossDz[i], 0)); // Wᵀ · dL/dz
    // (no this.zeroGrad() here)
    W.forEach((row, i) => row.forEach((_, j) => (this.dlossDW[i][j] += dlossDz[i] * x[j]))); // dL/dz · xᵀ
    b.forEach((_, i) => (this.dlossDb[i] += dlossDz[i])); // dL/dz · 1
    W.forEach((row, i) => row.forEach((w, j) => (row[j] = w - lr * this.dlossDW[i][j]))); // W ← W − lr·dL/dW
    b.forEach((bi, i) => (b[i] = bi - lr * this.dlossDb[i])); // b ← b − lr·dL/db
    return dlossDx;
  }
}

/** SigmoidLayer whose slope applies σ once more: σ(a)·(1 − σ(a)), the slope at z = a, instead of a·(1 − a). */
export class SigmoidTwiceLayer extends SigmoidLayer {
  override backward(dlossDa: Vector): Vector {
    return dlossDa.map((g, i) => g * sigmoidSlope(sigmoid(this.a[i]))); // dL/dz = dL/da · σ(a)·(1 − σ(a))
  }
}

/** The network's backward without the hidden layer's sigmoid: dL/da1 goes to linear1 as if it were dL/dz1. */
export class NoHiddenSlopeNetwork extends TwoLayerNetwork {
  override backward(lr: number): void {
    const dlossDpred = this.lossFn.backward();
    const dlossDz2 = this.sigmoid2.backward(dlossDpred);
    const dlossDa1 = this.linear2.backward(dlossDz2, lr);
    const dlossDz1 = dlossDa1;
    this.linear1.backward(dlossDz1, lr);
  }
}

/** Where a gallery bug lives: a Linear layer, the sigmoid layer, or the network's own backward. */
export type NetworkBugPart = "Linear" | "SigmoidLayer" | "Network";

/** One bug of lesson 9's gallery: the class, the broken line, and what it does. */
export interface NetworkBug {
  /** A stable name, e.g. "no-transpose". */
  id: string;
  part: NetworkBugPart;
  Class: LinearLayerClass | SigmoidLayerClass | NetworkClass;
  /** The wrong formula, as the broken backward computes it. */
  wrong: string;
  text: Record<Lang, BugText>;
}

/** The gallery: the layer's bugs first, then the sigmoid's, then the chain's. */
export const NETWORK_BUGS: readonly NetworkBug[] = [
  {
    id: "no-transpose",
    part: "Linear",
    Class: NoTransposeLinear,
    wrong: "dL/dx = W · dL/dz",
    text: {
      en: {
        title: "forgotten transpose",
        hint: "dL/dx[j] = Σᵢ W[i][j] · dL/dz[i] — that is Wᵀ · dL/dz, one number per input",
        symptom:
          "Stops at the very first step: linear2 is 1 × H, so W · dL/dz2 has 1 number where the H hidden units need H, and SigmoidLayer.backward refuses it. In a network whose layers are not square a missing transpose is loud; on a square layer it would train silently wrong — which is why the check uses one of each.",
      },
      ko: {
        title: "전치를 잊음",
        hint: "dL/dx[j] = Σᵢ W[i][j] · dL/dz[i], 곧 Wᵀ · dL/dz입니다 — 입력마다 숫자 하나",
        symptom:
          "첫 스텝에서 바로 멈춥니다: linear2는 1 × H라서 W · dL/dz2에는 숫자가 1개뿐인데 은닉 유닛 H개에는 H개가 필요하고, SigmoidLayer.backward가 이를 거부합니다. 정사각형이 아닌 층으로 된 신경망에서는 전치를 잊으면 바로 드러나지만, 정사각형 층에서는 조용히 틀린 채로 학습합니다 — 그래서 검사는 두 가지 층을 모두 씁니다.",
      },
    },
  },
  {
    id: "step-first",
    part: "Linear",
    Class: StepFirstLinear,
    wrong: "W ← W − lr·dL/dW, then dL/dx = Wᵀ · dL/dz",
    text: {
      en: {
        title: "W stepped before dL/dx",
        hint: "compute dL/dx first, with the W that forward used, and only then step W",
        symptom:
          "Sneaky: its dL/da1 is off by lr·(dL/dz2)²·a1 — large at the start, next to nothing once the predictions are right — so the run looks just like lesson 8's: every point right and nearly the same loss. Only the gradient check gives it away.",
      },
      ko: {
        title: "dL/dx보다 W를 먼저 업데이트",
        hint: "dL/dx를 forward가 쓴 W로 먼저 계산하고, 그다음에 W를 업데이트하세요",
        symptom:
          "알아채기 어렵습니다: dL/da1이 lr·(dL/dz2)²·a1만큼 어긋나는데, 처음에는 크지만 예측이 맞아지면 거의 0이 됩니다. 그래서 학습은 8강과 똑같아 보입니다: 모든 점을 맞히고 손실도 거의 같습니다. 기울기 검사만이 이 버그를 찾아냅니다.",
      },
    },
  },
  {
    id: "accumulating",
    part: "Linear",
    Class: AccumulatingLinear,
    wrong: "dL/dW += dL/dz · xᵀ, never reset",
    text: {
      en: {
        title: "gradient never reset",
        hint: "each backward's dL/dW and dL/db are this sample's alone — start them from zero every time",
        symptom:
          "Each step takes the sum of every gradient so far: the steps keep growing, the weights reach about 100 000, and the saturated network answers 0 everywhere — 49.5 %, the share of 0 labels, with a mean loss near 46.",
      },
      ko: {
        title: "기울기를 초기화하지 않음",
        hint: "backward마다 dL/dW와 dL/db는 이번 샘플의 것뿐이어야 합니다 — 매번 0에서 시작하세요",
        symptom:
          "스텝마다 지금까지의 모든 기울기의 합만큼 움직입니다: 스텝이 점점 커져 가중치가 10만 가까이 되고, 포화된 신경망은 모든 곳에서 0이라고 답합니다 — 정확도는 레이블이 0인 샘플의 비율인 49.5 %, 평균 손실은 46 가까이 됩니다.",
      },
    },
  },
  {
    id: "sigmoid-twice",
    part: "SigmoidLayer",
    Class: SigmoidTwiceLayer,
    wrong: "da/dz = σ(a)·(1 − σ(a))",
    text: {
      en: {
        title: "σ applied twice",
        hint: "a is already σ(z): the slope is a·(1 − a), with no second σ",
        symptom:
          "The slope stays near 0.2 whatever a unit does (for a in (0, 1), σ(a) lies between 0.5 and 0.73), so nothing brakes a unit that has stopped responding: the hidden units are pushed until they switch off (b1 ≈ −4.5) and the network predicts the same 0.46 everywhere — 49.5 %.",
      },
      ko: {
        title: "σ를 두 번 적용",
        hint: "a는 이미 σ(z)입니다: 기울기는 σ를 한 번 더 씌우지 않은 a·(1 − a)입니다",
        symptom:
          "유닛이 어떤 상태이든 기울기가 0.2 근처에 머뭅니다(a가 (0, 1)에 있으면 σ(a)는 0.5와 0.73 사이). 그래서 더 이상 반응하지 않는 유닛에도 제동이 걸리지 않습니다: 은닉 유닛이 꺼질 때까지(b1 ≈ −4.5) 밀리고, 신경망은 어디서나 같은 값 0.46을 내놓습니다 — 정확도 49.5 %.",
      },
    },
  },
  {
    id: "no-hidden-slope",
    part: "Network",
    Class: NoHiddenSlopeNetwork,
    wrong: "dL/dz1 = dL/da1",
    text: {
      en: {
        title: "no hidden sigmoid slope",
        hint: "between linear2 and linear1 sits sigmoid1: dL/dz1 = sigmoid1.backward(dL/da1)",
        symptom:
          "The same collapse: a1·(1 − a1) is what tells the gradient that a saturated unit no longer responds. Without it the hidden units are pushed until every one is off (b1 ≈ −6, a1 ≈ 0), and the network predicts the same 0.46 everywhere — 49.5 %, the share of 0 labels.",
      },
      ko: {
        title: "은닉층 시그모이드 기울기를 빠뜨림",
        hint: "linear2와 linear1 사이에는 sigmoid1이 있으니 dL/dz1 = sigmoid1.backward(dL/da1)입니다",
        symptom:
          "같은 붕괴가 일어납니다: 포화된 유닛이 더 이상 반응하지 않는다는 것을 기울기에 알려 주는 것이 a1·(1 − a1)입니다. 이것이 없으면 은닉 유닛이 모두 꺼질 때까지(b1 ≈ −6, a1 ≈ 0) 밀리고, 신경망은 어디서나 같은 값 0.46을 내놓습니다 — 정확도는 레이블이 0인 샘플의 비율인 49.5 %.",
      },
    },
  },
];

// ---------------------------------------------------------------------------------------------
// Running lesson 8 with a bug in place
// ---------------------------------------------------------------------------------------------

/** How a gallery bug runs as a whole network: its own class, or the reference network with the bug's layer. */
export function bugNetwork(bug: NetworkBug): (p: NetworkParams) => NetworkLike {
  if (bug.part === "Network") return (p) => new (bug.Class as NetworkClass)(p);
  if (bug.part === "Linear") return (p) => new TwoLayerNetwork(p, { Linear: bug.Class as LinearLayerClass });
  return (p) => new TwoLayerNetwork(p, { SigmoidLayer: bug.Class as SigmoidLayerClass });
}

/** The parameters a network holds now, as { W1, b1, W2, b2 } (copies), or an error that says what is missing. */
export function paramsOfNetwork(net: NetworkLike): NetworkParams {
  const { linear1, linear2 } = net ?? {};
  const ok = (l: unknown): l is { W: Matrix; b: Vector } =>
    typeof l === "object" &&
    l !== null &&
    Array.isArray((l as { W: unknown }).W) &&
    Array.isArray((l as { b: unknown }).b);
  if (!ok(linear1) || !ok(linear2)) throw new MissingLayers();
  return { W1: readMatrix(linear1.W), b1: [...linear1.b], W2: readMatrix(linear2.W), b2: [...linear2.b] };
}

export class MissingLayers extends Error {
  constructor() {
    super("the network has no linear1 and linear2 with W and b");
    this.name = "MissingLayers";
  }
}

/** What a run of lesson 8 with some classes swapped did: per-epoch summaries, the end, and where it stopped. */
export interface NetworkBugRun {
  epochs: NetworkEpoch[];
  params: NetworkParams;
  nSteps: number;
  /** "step k: message" when the code threw at SGD step k (counting from 1). */
  error?: string;
}

/**
 * Lesson 8's run on the XOR cloud (its data, start, H and lr) with a network built by `make` — the
 * reference network, a gallery bug, or the learner's. It is sgd()'s loop with the network's own
 * backward: for each sample in order, forward then backward. An error stops the run and says where.
 */
export function networkRunWith(
  make: (p: NetworkParams) => NetworkLike,
  epochs: number = NETWORK_RUN.epochs,
): NetworkBugRun {
  integer("networkRunWith", "epochs", epochs);
  if (typeof make !== "function") fail("networkRunWith", "make must be a function from parameters to a network", make);
  const { X, Y, params } = networkLessonStart();
  const net = make(copyParams(params));
  const run: NetworkBugRun = { epochs: [], params: copyParams(params), nSteps: 0 };
  for (let epoch = 0; epoch < epochs; epoch++) {
    let lossSum = 0;
    for (let i = 0; i < X.length; i++) {
      try {
        lossSum += net.forward(X[i], Y[i]);
        net.backward(NETWORK_RUN.lr);
      } catch (error) {
        run.error = `step ${run.nSteps + 1}: ${error instanceof Error ? error.message : String(error)}`;
        run.params = paramsOfNetwork(net);
        return run;
      }
      run.nSteps++;
    }
    run.params = paramsOfNetwork(net);
    run.epochs.push({ epoch, meanLoss: lossSum / X.length, accuracy: shareRight(run.params, X, Y) });
  }
  return run;
}

/** The largest |weight| of a network, in W1 or W2: how far a run has been thrown. */
export function largestWeight(p: NetworkParams): number {
  return Math.max(...p.W1.flat().map(Math.abs), ...p.W2.flat().map(Math.abs));
}

/** The gallery's second table: lesson 8's run on the XOR cloud with each bug, next to the real classes. */
export function networkBugTrainingTable(opts?: LessonOptions & { epochs?: number }): {
  columns: string[];
  rows: (string | number)[][];
} {
  const { lang, n } = networkOptions("networkBugTrainingTable", opts);
  const epochs = integer("networkBugTrainingTable", "epochs", opts?.epochs ?? NETWORK_RUN.epochs);
  const row = (title: string, run: NetworkBugRun, effect: string): (string | number)[] => {
    if (run.error) return [title, n.stoppedAt(run.nSteps + 1), "—", largestWeight(run.params), effect];
    const last = run.epochs[run.epochs.length - 1];
    return [title, last.accuracy, last.meanLoss, largestWeight(run.params), effect];
  };
  return {
    columns: n.trainingColumns(epochs),
    rows: [
      row(
        n.noBug,
        networkRunWith((p) => new TwoLayerNetwork(p), epochs),
        n.noBugEffect,
      ),
      ...NETWORK_BUGS.map((bug) =>
        row(bug.text[lang].title, networkRunWith(bugNetwork(bug), epochs), bug.text[lang].symptom),
      ),
    ],
  };
}

/** A copy of a matrix that keeps whatever the learner's code put in it (the checks judge the values). */
export function readMatrix(W: unknown): number[][] {
  return Array.isArray(W) ? W.map((r) => (Array.isArray(r) ? r.map(toNumber) : [])) : [];
}

export const toNumber = (v: unknown): number => (typeof v === "number" ? v : NaN);
