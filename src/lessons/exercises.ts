// Lesson 7, "write the backward passes": checks a learner's backward() with the gradient checker and
// says in words which derivative is wrong, where, and by how much — and, when the learner's code
// behaves exactly like a bug of the gallery (./bugs), what to fix. Pure: every function returns data
// or text; the notebook shows it with ../display.
import {
  CHECK_LR,
  GRADCHECK_TOLERANCE,
  checkChain,
  checkLinear,
  checkLoss,
  checkSigmoid,
  relativeError,
  type GradCheckRow,
  type LinearClass,
  type LossClass,
  type SigmoidClass,
} from "../math/gradcheck";
import { sigmoid } from "../math/layers";
import { train } from "../math/train";
import { fail, options } from "../math/validate";
import { BUGS, lessonRunWith, type Bug, type ExerciseClasses, type ExerciseName } from "./bugs";
import { LESSON_RUN, lessonStart } from "./setup";
import { lessonOptions, type LessonOptions, type LessonText } from "./text";

export type { ExerciseClasses, ExerciseName };

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

/** A check row together with the exercise point it was made at. */
interface PointRow {
  point: number;
  row: GradCheckRow;
}

/**
 * Checks the learner's backward() for one exercise at fixed points, with the project's gradient
 * checker, and says which derivative is wrong, where, and by how much.
 */
export function checkBackward(exercise: "BCELoss", Class: LossClass, opts?: LessonOptions): ExerciseResult;
export function checkBackward(exercise: "Sigmoid", Class: SigmoidClass, opts?: LessonOptions): ExerciseResult;
export function checkBackward(exercise: "LinearFunction", Class: LinearClass, opts?: LessonOptions): ExerciseResult;
export function checkBackward(
  exercise: ExerciseName,
  Class: LossClass | SigmoidClass | LinearClass,
  opts?: LessonOptions,
): ExerciseResult {
  const fn = "checkBackward";
  const { lang, t } = lessonOptions(fn, opts);
  if (!EXERCISES.includes(exercise)) fail(fn, `exercise must be "BCELoss", "Sigmoid" or "LinearFunction"`, exercise);
  if (typeof Class !== "function")
    fail(fn, `Class must be your ${exercise} class (the class itself, not an object)`, Class);
  const subject = `${Class.name}.backward`;
  let checked: PointRow[];
  try {
    checked = checkRows(exercise, Class);
  } catch (error) {
    return notRun(subject, error, t);
  }
  const rows = checked.map((c) => c.row);
  const bad = checked.find((c) => !c.row.ok);
  if (!bad) {
    const worst = Math.max(...rows.map((r) => r.relError));
    const nPoints = EXERCISE_POINTS[exercise].length;
    const derivative = derivativeOf(rows[0]);
    return {
      subject,
      status: "pass",
      rows,
      message: t.pass(subject, exercise, derivative, nPoints, sci(worst), sci(GRADCHECK_TOLERANCE)),
    };
  }
  const looksLike = galleryMatch(exercise, bad);
  return {
    subject,
    status: "fail",
    rows,
    message:
      t.fail(subject, t.shouldBe[bad.row.id], describeMiss(exercise, bad, t)) +
      hint(exercise, bad.row, t) +
      (looksLike ? t.looksLike(looksLike.text[lang].title, looksLike.text[lang].hint) : ""),
  };
}

/** The gradient-check rows for one exercise at its fixed points (throws whatever the learner's code throws). */
function checkRows(exercise: ExerciseName, Class: LossClass | SigmoidClass | LinearClass): PointRow[] {
  if (exercise === "BCELoss") {
    return EXERCISE_POINTS.BCELoss.map((p, point) => ({ point, row: checkLoss(Class as LossClass, p.pred, p.y) }));
  }
  if (exercise === "Sigmoid") {
    return EXERCISE_POINTS.Sigmoid.map((p, point) => ({
      point,
      row: checkSigmoid(Class as SigmoidClass, p.z, p.dlossDa),
    }));
  }
  return EXERCISE_POINTS.LinearFunction.flatMap((p, point) =>
    checkLinear(Class as LinearClass, p.w, p.b, p.x, p.dlossDz).map((row) => ({ point, row })),
  );
}

/** "dL/dpred" from the checker's "dL/dpred", "dL/dz" from "dL/dz = dL/da · da/dz". */
function derivativeOf(row: GradCheckRow): string {
  return row.derivative.split(" = ")[0];
}

/** The sentence after the formula: the point, what the learner's code gave, and the numerical slope. */
function describeMiss(exercise: ExerciseName, { point, row }: PointRow, t: LessonText): string {
  const miss = { yours: num(row.analytic), numeric: num(row.numeric) };
  if (exercise === "BCELoss") {
    const p = EXERCISE_POINTS.BCELoss[point];
    return t.missLoss(p.pred, p.y, miss);
  }
  if (exercise === "Sigmoid") {
    const p = EXERCISE_POINTS.Sigmoid[point];
    return t.missSigmoid(p.z, num(sigmoid(p.z)), p.dlossDa, miss);
  }
  const p = EXERCISE_POINTS.LinearFunction[point];
  const param = row.id === "linear.w" ? "w" : "b";
  const before = param === "w" ? p.w : p.b;
  const after = Number.isFinite(row.analytic) ? num(before - CHECK_LR * row.analytic) : "NaN";
  return t.missLinear(p, CHECK_LR, param, before, after, derivativeOf(row), miss);
}

/** A nudge for the commonest slips that need no gallery: no return, NaN, nothing moved, a sign. */
function hint(exercise: ExerciseName, row: GradCheckRow, t: LessonText): string {
  const a = row.analytic;
  if (typeof a !== "number") return t.noReturn;
  if (Number.isNaN(a)) return exercise === "LinearFunction" ? t.nanLinear : t.nanOther;
  if (a === 0 && row.numeric !== 0) return exercise === "LinearFunction" ? t.didNotMove : t.returnedZero;
  if (relativeError(-a, row.numeric) < GRADCHECK_TOLERANCE) return t.wrongSign;
  return "";
}

/** The gallery bug, if any, whose backward gives exactly the learner's wrong value at this point. */
function galleryMatch(exercise: ExerciseName, bad: PointRow): Bug | undefined {
  return BUGS.find((bug) => {
    if (bug.exercise !== exercise) return false;
    const theirs = checkRows(exercise, bug.Class).find((c) => c.row.id === bad.row.id && c.point === bad.point);
    return theirs !== undefined && !theirs.row.ok && relativeError(theirs.row.analytic, bad.row.analytic) < 1e-12;
  });
}

/** The result when the learner's code could not run: not written yet, or an error with its message. */
function notRun(subject: string, error: unknown, t: LessonText): ExerciseResult {
  if (isNotWrittenYet(error)) {
    const method = error.method ?? subject;
    return { subject, status: "not written", rows: [], message: t.notWritten(method) };
  }
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { subject, status: "error", rows: [], message: t.threw(subject, text) };
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
export function checkAllExercises(classes: ExerciseClasses, opts?: LessonOptions): ExerciseResult {
  const fn = "checkAllExercises";
  const { t } = lessonOptions(fn, opts);
  const c = options(fn, classes);
  for (const name of EXERCISES) {
    if (typeof c[name] !== "function") fail(fn, `${name} must be your ${name} class`, c[name]);
  }
  const subject = t.wholeChain;
  const single = [
    checkBackward("BCELoss", c.BCELoss, opts),
    checkBackward("Sigmoid", c.Sigmoid, opts),
    checkBackward("LinearFunction", c.LinearFunction, opts),
  ];
  const waiting = single.filter((r) => r.status === "not written").map((r) => r.subject);
  if (waiting.length > 0) return { subject, status: "not written", rows: [], message: t.waiting(waiting.join(", ")) };
  const broken = single.filter((r) => r.status !== "pass");
  if (broken.length > 0) {
    return { subject, status: "fail", rows: [], message: t.fixFirst(broken.map((r) => r.subject).join(", ")) };
  }

  let rows: GradCheckRow[];
  let steps: StepComparison;
  try {
    rows = CHAIN_POINTS.flatMap((p) => checkChain(c.LinearFunction, c.Sigmoid, c.BCELoss, p.w, p.b, p.x, p.y));
    steps = compareTraining(c);
  } catch (error) {
    return notRun(subject, error, t);
  }
  const bad = rows.find((r) => !r.ok);
  if (bad) {
    return {
      subject,
      status: "fail",
      rows,
      message: t.chainFails(bad.derivative, num(bad.analytic), bad.at, num(bad.numeric)),
    };
  }
  const chain = t.chainPasses(CHAIN_POINTS.length, sci(Math.max(...rows.map((r) => r.relError))));
  if (steps.firstMiss !== undefined) {
    const k = steps.firstMiss;
    const yours = { w: steps.yours.w[k], b: steps.yours.b[k] };
    const ref = { w: steps.reference.w[k], b: steps.reference.b[k] };
    return { subject, status: "fail", rows, message: `${chain}\n\n${t.trainingMiss(k + 1, steps.nSteps, yours, ref)}` };
  }
  return {
    subject,
    status: "pass",
    rows,
    message: `${chain}\n\n${t.trainingPasses(steps.nSteps, LESSON_RUN.lr, sci(steps.worst), sci(TRAINING_TOLERANCE))}`,
  };
}

/** w and b after every step of one epoch: the learner's classes and the reference. */
interface StepComparison {
  nSteps: number;
  yours: { w: ArrayLike<number>; b: ArrayLike<number> };
  reference: { w: ArrayLike<number>; b: ArrayLike<number> };
  worst: number;
  firstMiss?: number;
}

function compareTraining(classes: ExerciseClasses): StepComparison {
  const { X, Y, w0, b0 } = lessonStart();
  const reference = train({ X, Y, w0, b0, lr: LESSON_RUN.lr, epochs: 1 }).steps;
  const run = lessonRunWith(classes, 1);
  if (run.error) throw new Error(run.error);
  const yours = run.steps;
  let worst = 0;
  let firstMiss: number | undefined;
  for (let k = 0; k < reference.w.length; k++) {
    const diff = Math.max(relativeError(yours.w[k], reference.w[k]), relativeError(yours.b[k], reference.b[k]));
    worst = Math.max(worst, diff);
    if (!(diff <= TRAINING_TOLERANCE) && firstMiss === undefined) firstMiss = k;
  }
  return { nSteps: reference.w.length, yours, reference, worst, firstMiss };
}

/** A blank exercise's error; by name too, as `instanceof` fails when a kernel has loaded the class twice. */
export function isNotWrittenYet(error: unknown): error is NotWrittenYet {
  return error instanceof NotWrittenYet || (error instanceof Error && error.name === "NotWrittenYet");
}

/** A number as the checkers' messages show it: 4 significant digits. */
export const num = (v: unknown): string => (typeof v === "number" ? String(Number(v.toPrecision(4))) : String(v));
/** A relative error as the messages show it: 1 digit, exponent. */
export const sci = (v: number): string => (v === 0 ? "0" : v.toExponential(1));
