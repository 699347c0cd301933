// Lesson 7, "write the backward passes": checks a learner's backward() with the gradient checker and
// says in words which derivative is wrong — and a gallery of plausible broken backwards, each one a
// subclass of the real layer that differs only in backward(), each one caught by the same checks.
// Pure: every function returns data or text; the notebook shows it with ./display.
import { makeDataset } from "./dataset";
import {
  CHECK_LR,
  GRADCHECK_TOLERANCE,
  checkChain,
  checkLinear,
  checkLoss,
  checkSigmoid,
  gradCheck,
  relativeError,
  type GradCheckRow,
  type LinearClass,
  type LossClass,
  type SigmoidClass,
} from "./gradcheck";
import { BCELoss, LinearFunction, Sigmoid, sigmoid, sigmoidSlope } from "./layers";
import { countCorrect } from "./model";
import { makeRng } from "./random";
import { train } from "./train";
import { fail, integer, options } from "./validate";

/** What a blank exercise throws: the checks report "not written yet" instead of failing. */
export class NotWrittenYet extends Error {
  /** The method still to be written, e.g. "MySigmoid.backward". */
  readonly method: string;

  constructor(method: string) {
    super(`${method} is not written yet — fill in its cell and run it`);
    this.name = "NotWrittenYet";
    this.method = method;
  }
}

/** The three exercises, named after the class whose backward() the learner writes. */
export type ExerciseName = "BCELoss" | "Sigmoid" | "LinearFunction";

/** The exercises in the notebook's order: backpropagation's order, from the loss back to w and b. */
export const EXERCISES: readonly ExerciseName[] = ["BCELoss", "Sigmoid", "LinearFunction"];

/** The outcome of one check, with the message to show the learner. */
export interface ExerciseResult {
  /** What was checked, e.g. "MySigmoid.backward" or "the whole chain". */
  subject: string;
  status: "pass" | "fail" | "not written" | "error";
  /** Every comparison made (empty when the backward could not run). */
  rows: GradCheckRow[];
  /** One paragraph of Markdown for the learner: ✓ or ✗, which derivative, where, and what to look at. */
  message: string;
}

/** Where each exercise is checked: fixed, so that a message reads the same on every run. */
const EXERCISE_POINTS = {
  // Both labels, and pred on both sides of 0.5.
  BCELoss: [
    { pred: 0.3, y: 1 },
    { pred: 0.8, y: 0 },
    { pred: 0.65, y: 1 },
  ],
  // dL/da ≠ 1, so a backward that forgets to multiply by it fails; z beyond 0..1, so z·(1 − z) fails.
  Sigmoid: [
    { z: 0.53, dlossDa: 1.5 },
    { z: -2.1, dlossDa: -0.7 },
    { z: 3.2, dlossDa: 0.9 },
  ],
  // x ≠ 1, so a forgotten x fails; dL/dz ≠ ±1, so a forgotten dL/dz fails.
  LinearFunction: [
    { w: 0.5, b: -0.3, x: 1.7, dlossDz: 0.8 },
    { w: -1.2, b: 0.4, x: -2.5, dlossDz: -0.35 },
  ],
} as const;

/** The formula each derivative should follow, in the words of lesson 3. */
const SHOULD_BE: Record<string, string> = {
  "dL/dpred": "dL/dpred should be (pred − y) / (pred·(1 − pred))",
  "dL/dz = dL/da · da/dz": "dL/dz should be dL/da · a·(1 − a)",
  "dL/dw = dL/dz · dz/dw": "dL/dw should be dL/dz · x, and the step w ← w − lr·dL/dw",
  "dL/db = dL/dz · dz/db": "dL/db should be dL/dz · 1, and the step b ← b − lr·dL/db",
};

/**
 * Checks the learner's backward() for one exercise at EXERCISE_POINTS, with the project's gradient
 * checker, and says which derivative is wrong, where, and by how much.
 */
export function checkBackward(exercise: "BCELoss", Class: LossClass): ExerciseResult;
export function checkBackward(exercise: "Sigmoid", Class: SigmoidClass): ExerciseResult;
export function checkBackward(exercise: "LinearFunction", Class: LinearClass): ExerciseResult;
export function checkBackward(exercise: ExerciseName, Class: LossClass | SigmoidClass | LinearClass): ExerciseResult {
  const fn = "checkBackward";
  if (!EXERCISES.includes(exercise)) fail(fn, `exercise must be "BCELoss", "Sigmoid" or "LinearFunction"`, exercise);
  if (typeof Class !== "function")
    fail(fn, `Class must be your ${exercise} class (the class itself, not an object)`, Class);
  const subject = `${Class.name}.backward`;
  let rows: GradCheckRow[];
  try {
    rows = checkRows(exercise, Class);
  } catch (error) {
    return notRun(subject, error);
  }
  const bad = rows.find((r) => !r.ok);
  if (!bad) {
    const worst = Math.max(...rows.map((r) => r.relError));
    const what = exercise === "LinearFunction" ? "dL/dw and dL/db match" : `${derivativeOf(rows[0])} matches`;
    const nPoints = EXERCISE_POINTS[exercise].length;
    return {
      subject,
      status: "pass",
      rows,
      message:
        `✓ **${subject}**: ${what} the numerical slope at all ${nPoints} check points ` +
        `(largest relative error ${sci(worst)}, tolerance ${sci(GRADCHECK_TOLERANCE)}).`,
    };
  }
  const index = rows.indexOf(bad);
  const point = exercise === "LinearFunction" ? Math.floor(index / 2) : index;
  const looksLike = galleryMatch(exercise, point, bad);
  return {
    subject,
    status: "fail",
    rows,
    message:
      `✗ **${subject}**: ${SHOULD_BE[bad.derivative]}; ${describeMiss(exercise, point, bad)}.` +
      hint(exercise, bad) +
      (looksLike ? ` It behaves exactly like the bug gallery's “${looksLike.title}”: ${looksLike.hint}.` : ""),
  };
}

/** The gradient-check rows for one exercise at its fixed points (throws whatever the learner's code throws). */
function checkRows(exercise: ExerciseName, Class: LossClass | SigmoidClass | LinearClass): GradCheckRow[] {
  if (exercise === "BCELoss") return EXERCISE_POINTS.BCELoss.map((p) => checkLoss(Class as LossClass, p.pred, p.y));
  if (exercise === "Sigmoid") {
    return EXERCISE_POINTS.Sigmoid.map((p) => checkSigmoid(Class as SigmoidClass, p.z, p.dlossDa));
  }
  return EXERCISE_POINTS.LinearFunction.flatMap((p) => checkLinear(Class as LinearClass, p.w, p.b, p.x, p.dlossDz));
}

/** "dL/dpred" from the checker's "dL/dpred", "dL/dz" from "dL/dz = dL/da · da/dz". */
function derivativeOf(row: GradCheckRow): string {
  return row.derivative.split(" = ")[0];
}

/** The sentence after the formula: the point, what the learner's code gave, and the numerical slope. */
function describeMiss(exercise: ExerciseName, point: number, row: GradCheckRow): string {
  const yours = num(row.analytic);
  const slope = `the numerical slope is ${num(row.numeric)}`;
  if (exercise === "BCELoss") {
    const p = EXERCISE_POINTS.BCELoss[point];
    return `at pred = ${p.pred}, y = ${p.y} you returned ${yours}, but ${slope}`;
  }
  if (exercise === "Sigmoid") {
    const p = EXERCISE_POINTS.Sigmoid[point];
    return `at z = ${p.z} (so a = ${num(sigmoid(p.z))}) with dL/da = ${p.dlossDa} you returned ${yours}, but ${slope}`;
  }
  const p = EXERCISE_POINTS.LinearFunction[point];
  const param = derivativeOf(row) === "dL/dw" ? "w" : "b";
  const before = param === "w" ? p.w : p.b;
  const after = Number.isFinite(row.analytic) ? num(before - CHECK_LR * row.analytic) : "NaN";
  return (
    `at w = ${p.w}, b = ${p.b}, x = ${p.x} with dL/dz = ${p.dlossDz} and lr = ${CHECK_LR}, your step moved ${param} ` +
    `from ${before} to ${after}, so your ${derivativeOf(row)} is ${yours}, but ${slope}`
  );
}

/** A nudge for the commonest slips that need no gallery: no return, NaN, nothing moved, a sign. */
function hint(exercise: ExerciseName, row: GradCheckRow): string {
  const a = row.analytic;
  if (typeof a !== "number") return " Did you forget to `return` the value?";
  if (Number.isNaN(a)) {
    return exercise === "LinearFunction"
      ? " Your step made a parameter NaN: is every value you use set (this.x is set by forward)?"
      : " Your value is NaN: is every value you use set (forward sets this.pred, this.y and this.a)?";
  }
  if (a === 0 && row.numeric !== 0) {
    return exercise === "LinearFunction"
      ? " The parameter did not move: backward must also take the step."
      : " You returned 0.";
  }
  if (relativeError(-a, row.numeric) < GRADCHECK_TOLERANCE) return " Your value has the right size but the wrong sign.";
  return "";
}

/** The gallery bug, if any, whose backward gives exactly the learner's wrong value at this point. */
function galleryMatch(exercise: ExerciseName, point: number, row: GradCheckRow): Bug | undefined {
  return BUGS.find((bug) => {
    if (bug.exercise !== exercise) return false;
    const theirs = checkRows(exercise, bug.Class as never).find(
      (r, i) => r.derivative === row.derivative && (exercise === "LinearFunction" ? Math.floor(i / 2) : i) === point,
    );
    return theirs !== undefined && !theirs.ok && relativeError(theirs.analytic, row.analytic) < 1e-12;
  });
}

/** The result when the learner's code could not run: not written yet, or an error with its message. */
function notRun(subject: string, error: unknown): ExerciseResult {
  // `instanceof` fails when the class was loaded twice (a kernel that re-imports), the name does not.
  if (error instanceof NotWrittenYet || (error instanceof Error && error.name === "NotWrittenYet")) {
    const method = (error as NotWrittenYet).method ?? subject;
    return {
      subject,
      status: "not written",
      rows: [],
      message: `✎ **${method}**: not written yet — fill in the cell above, run it, then run this check again.`,
    };
  }
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return {
    subject,
    status: "error",
    rows: [],
    message: `✗ **${subject}** could not be checked: your code threw \`${text}\`. Fix the cell above and run it again.`,
  };
}

/** The learner's three classes, for the final check. */
export interface ExerciseClasses {
  BCELoss: LossClass;
  Sigmoid: SigmoidClass;
  LinearFunction: LinearClass;
}

/** Where the whole chain is checked: |z| ≤ 2, both labels. */
const CHAIN_POINTS = [
  { w: 0.8, b: -0.2, x: 1.3, y: 1 },
  { w: -0.6, b: 0.5, x: 2.2, y: 0 },
  { w: 1.1, b: 0.3, x: -0.9, y: 1 },
] as const;

/** How closely the learner's training run must follow the reference: relative 1e-12 on w and b. */
export const TRAINING_TOLERANCE = 1e-12;

/**
 * The final check: the three exercises one by one, then the whole chain (checkChain) with the
 * learner's classes, then one epoch of lesson 4's training next to the reference classes of src/.
 */
export function checkAllExercises(classes: ExerciseClasses): ExerciseResult {
  const fn = "checkAllExercises";
  const c = options(fn, classes);
  for (const name of EXERCISES) {
    if (typeof c[name] !== "function") fail(fn, `${name} must be your ${name} class`, c[name]);
  }
  const subject = "the whole chain";
  const single = [
    checkBackward("BCELoss", c.BCELoss),
    checkBackward("Sigmoid", c.Sigmoid),
    checkBackward("LinearFunction", c.LinearFunction),
  ];
  const waiting = single.filter((r) => r.status === "not written").map((r) => r.subject);
  if (waiting.length > 0) {
    const list = waiting.join(", ");
    return {
      subject,
      status: "not written",
      rows: [],
      message: `✎ Not written yet: ${list}. Finish the exercises above first.`,
    };
  }
  const broken = single.filter((r) => r.status !== "pass");
  if (broken.length > 0) {
    const list = broken.map((r) => r.subject).join(", ");
    return { subject, status: "fail", rows: [], message: `✗ Fix ${list} first: see its check above.` };
  }

  let rows: GradCheckRow[];
  let steps: StepComparison;
  try {
    rows = CHAIN_POINTS.flatMap((p) => checkChain(c.LinearFunction, c.Sigmoid, c.BCELoss, p.w, p.b, p.x, p.y));
    steps = compareTraining(c);
  } catch (error) {
    return notRun(subject, error);
  }
  const bad = rows.find((r) => !r.ok);
  if (bad) {
    return {
      subject,
      status: "fail",
      rows,
      message:
        `✗ **The chain**: backpropagating through your three classes gives ${bad.derivative} = ${num(bad.analytic)} ` +
        `at ${bad.at}, but the numerical slope of the loss is ${num(bad.numeric)}.`,
    };
  }
  const chainWorst = Math.max(...rows.map((r) => r.relError));
  const chain = `✓ **The chain**: dL/dw and dL/db through your three classes match the numerical slope at ${CHAIN_POINTS.length} points (largest relative error ${sci(chainWorst)}).`;
  if (steps.firstMiss !== undefined) {
    const k = steps.firstMiss;
    return {
      subject,
      status: "fail",
      rows,
      message:
        `${chain}\n\n✗ **Training**: your classes leave the reference run at step ${k + 1} of ${steps.nSteps}: ` +
        `w = ${steps.yours.w[k]}, b = ${steps.yours.b[k]} instead of w = ${steps.reference.w[k]}, b = ${steps.reference.b[k]}.`,
    };
  }
  return {
    subject,
    status: "pass",
    rows,
    message:
      `${chain}\n\n✓ **Training**: one epoch of lesson 4 (${steps.nSteps} SGD steps, lr = ${LESSON_RUN.lr}) with your classes ` +
      `gives the same w and b as the reference classes after every step (largest relative difference ` +
      `${sci(steps.worst)}, tolerance ${sci(TRAINING_TOLERANCE)}): your classes train exactly like the blog's.`,
  };
}

/** Lesson 4's run: seed 2023 draws 100 samples around boundary 0, then w0 and b0; lr 0.01. */
export const LESSON_RUN = { seed: 2023, nSamples: 100, decisionBoundary: 0, lr: 0.01 } as const;

/** Lesson 4's data and starting point. */
export function lessonStart(): { X: number[]; Y: (0 | 1)[]; w0: number; b0: number } {
  const rng = makeRng(LESSON_RUN.seed);
  const data = makeDataset({
    nSamples: LESSON_RUN.nSamples,
    decisionBoundary: LESSON_RUN.decisionBoundary,
    direction: "pos",
    rng,
  });
  // The blog draws w first, then b, from the same stream, right after the data.
  const w0 = rng.normal();
  const b0 = rng.normal();
  return { X: data.X, Y: data.Y, w0, b0 };
}

/** w and b after every step of a run. */
interface StepComparison {
  nSteps: number;
  yours: { w: number[]; b: number[] };
  reference: { w: Float64Array; b: Float64Array };
  worst: number;
  firstMiss?: number;
}

function compareTraining(classes: ExerciseClasses): StepComparison {
  const { X, Y, w0, b0 } = lessonStart();
  const reference = train({ X, Y, w0, b0, lr: LESSON_RUN.lr, epochs: 1 }).steps;
  const yours = trainWith(classes, { epochs: 1 });
  if (yours.error) throw new Error(yours.error);
  let worst = 0;
  let firstMiss: number | undefined;
  for (let k = 0; k < reference.w.length; k++) {
    const diff = Math.max(relativeError(yours.w[k], reference.w[k]), relativeError(yours.b[k], reference.b[k]));
    worst = Math.max(worst, diff);
    if (!(diff <= TRAINING_TOLERANCE) && firstMiss === undefined) firstMiss = k;
  }
  return { nSteps: reference.w.length, yours: { w: yours.w, b: yours.b }, reference, worst, firstMiss };
}

/** A training run with any three classes: w, b after each step, each epoch's mean loss and accuracy. */
export interface ClassRun {
  w: number[];
  b: number[];
  epochs: { meanLoss: number; accuracy: number }[];
  /** Set when the run stopped: the step (1-based) and the error, e.g. a NaN that reached a layer. */
  error?: string;
}

/**
 * Lesson 4's loop (per-sample SGD on its data, from its w0 and b0) with any LinearFunction, Sigmoid
 * and BCELoss — the learner's, a gallery bug's, or the reference. Stops at the first error.
 */
export function trainWith(classes: Partial<ExerciseClasses>, opts?: { epochs?: number }): ClassRun {
  const fn = "trainWith";
  const c = options(fn, classes);
  const epochs = integer(fn, "epochs", options(fn, opts).epochs ?? 10);
  const { X, Y, w0, b0 } = lessonStart();
  const linear = new (c.LinearFunction ?? LinearFunction)({ w: w0, b: b0 });
  const activation = new (c.Sigmoid ?? Sigmoid)();
  const criterion = new (c.BCELoss ?? BCELoss)();
  const run: ClassRun = { w: [], b: [], epochs: [] };
  for (let epoch = 0; epoch < epochs; epoch++) {
    let lossSum = 0;
    for (let i = 0; i < X.length; i++) {
      try {
        const pred = activation.forward(linear.forward(X[i]));
        lossSum += criterion.forward(pred, Y[i]);
        linear.backward(activation.backward(criterion.backward()), LESSON_RUN.lr);
      } catch (error) {
        run.error = `step ${run.w.length + 1}: ${error instanceof Error ? error.message : String(error)}`;
        return run;
      }
      run.w.push(linear.w);
      run.b.push(linear.b);
    }
    const finiteParams = Number.isFinite(linear.w) && Number.isFinite(linear.b);
    run.epochs.push({
      meanLoss: lossSum / X.length,
      accuracy: finiteParams ? countCorrect(linear.w, linear.b, X, Y) / X.length : NaN,
    });
  }
  return run;
}

// ---------------------------------------------------------------------------------------------
// The bug gallery: plausible broken backwards. Each class extends the real one and overrides only
// backward() (LinearFunction's bugs also keep x in view, which the real class keeps private).

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

/** One bug of the gallery: the class, what it gets wrong, and what a learner would see in training. */
export interface Bug {
  title: string;
  exercise: ExerciseName;
  Class: LossClass | SigmoidClass | LinearClass;
  /** The wrong formula, as the broken backward computes it. */
  wrong: string;
  /** What to fix, in a learner's words (used by checkBackward when a learner's code matches). */
  hint: string;
  /** What the bug does to lesson 4's training run; trainWith() and the tests back each claim. */
  symptom: string;
}

/** The gallery, in the order of the exercises. */
export const BUGS: readonly Bug[] = [
  {
    title: "flipped sign",
    exercise: "BCELoss",
    Class: FlippedSignBCELoss,
    wrong: "dL/dpred = (y − pred) / (pred·(1 − pred))",
    hint: "the sign is flipped — it is pred − y on top, not y − pred",
    symptom:
      "Every step goes uphill: the model learns the opposite labels — accuracy falls to 0 and the loss grows every epoch.",
  },
  {
    title: "no denominator",
    exercise: "BCELoss",
    Class: NoDenominatorBCELoss,
    wrong: "dL/dpred = pred − y",
    hint: "pred − y is dL/dz, not dL/dpred — divide by pred·(1 − pred)",
    symptom:
      "Sneaky: every step still points downhill, so the accuracy looks fine, but each is shrunk by pred·(1 − pred) ≤ ¼ — it needs about six times as many epochs to reach the same loss.",
  },
  {
    title: "σ′ from z",
    exercise: "Sigmoid",
    Class: SlopeFromZSigmoid,
    wrong: "da/dz = z·(1 − z)",
    hint: "the slope is written with the output a = σ(z): a·(1 − a), not z·(1 − z)",
    symptom:
      "z·(1 − z) is negative for z < 0 or z > 1 and grows like z²: steps go the wrong way and get bigger, w explodes within a few steps and the run stops on an infinite gradient.",
  },
  {
    title: "no upstream gradient",
    exercise: "Sigmoid",
    Class: NoUpstreamSigmoid,
    wrong: "dL/dz = a·(1 − a)",
    hint: "that is da/dz alone — multiply it by the dL/da that backward receives",
    symptom:
      "The label never reaches w and b, so every sample pushes the same way: b only ever decreases, and the curve flattens into “always 0” (the accuracy is the share of 0 labels).",
  },
  {
    title: "missing x",
    exercise: "LinearFunction",
    Class: NoXLinear,
    wrong: "dL/dw = dL/dz (dz/dw = 1)",
    hint: "dz/dw is x, the input forward remembered — dL/dw = dL/dz · x",
    symptom:
      "w gets b's step whatever x is, so it never learns the slope: w stays negative, the curve keeps falling where it should rise, and most samples end up wrong.",
  },
  {
    title: "+ instead of −",
    exercise: "LinearFunction",
    Class: PlusStepLinear,
    wrong: "w ← w + lr·dL/dw",
    hint: "gradient descent steps against the gradient: w ← w − lr·dL/dw",
    symptom:
      "w climbs the loss while b descends it: w runs away in the wrong direction, and the loss grows every epoch as with a flipped sign.",
  },
  {
    title: "b gets w's gradient",
    exercise: "LinearFunction",
    Class: CopyPasteLinear,
    wrong: "b ← b − lr·dL/dw",
    hint: "b's step uses dL/db = dL/dz · 1, not dL/dw",
    symptom:
      "b is pushed by x·error instead of by the error: the boundary settles in the wrong place, the accuracy stalls below the real classes' and the loss starts rising again.",
  },
];

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
  const failing = rows.filter((r) => !r.ok).map((r) => `${layerName(r)} ${derivativeOf(r)}`);
  return { bug, failing: [...new Set(failing)], worstRelError: Math.max(...rows.map((r) => r.relError)), rows };
}

/** The gallery's first table: each bug, its wrong formula, the checks that catch it, the worst error. */
export function bugCheckTable(): { columns: string[]; rows: (string | number)[][] } {
  return {
    columns: ["bug", "in", "the broken line", "checks that fail", "worst relative error"],
    rows: BUGS.map((bug) => {
      const { failing, worstRelError } = checkBug(bug);
      return [bug.title, `${bug.exercise}.backward`, bug.wrong, failing.join(", "), worstRelError];
    }),
  };
}

/** The gallery's second table: lesson 4's ten epochs with each bug, next to the correct classes. */
export function bugTrainingTable(epochs = 10): { columns: string[]; rows: (string | number)[][] } {
  const row = (title: string, run: ClassRun, effect: string): (string | number)[] => {
    const w = run.w[run.w.length - 1];
    const b = run.b[run.b.length - 1];
    if (run.error) return [title, `stopped at ${run.error.split(":")[0]}`, "—", w, b, effect];
    const last = run.epochs[run.epochs.length - 1];
    return [title, last.accuracy, last.meanLoss, w, b, effect];
  };
  return {
    columns: ["bug", "accuracy", `mean loss, epoch ${epochs}`, "w at the end", "b at the end", "what you would see"],
    rows: [
      row("none (the real classes)", trainWith({}, { epochs }), "The curve rises at the boundary: lesson 4's result."),
      ...BUGS.map((bug) => row(bug.title, trainWith({ [bug.exercise]: bug.Class }, { epochs }), bug.symptom)),
    ],
  };
}

const num = (v: unknown): string => (typeof v === "number" ? String(Number(v.toPrecision(4))) : String(v));
const sci = (v: number): string => (v === 0 ? "0" : v.toExponential(1));
