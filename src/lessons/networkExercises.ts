// Lesson 9, "backprop through a network": checks a learner's vector Linear.backward and the network's
// backward chain, and says which gradient is wrong — dL/dx, dL/dW or dL/db of a layer, or which
// parameter of the network — where, and by how much; when the learner's value is exactly a gallery
// bug's (networkBugs.ts), it says which bug it looks like. Then the gallery's first table: which check
// catches each bug. Pure: every function returns data or text; the notebook shows it with ../display.
import type { Lang } from "../figures/text";
import { CHECK_LR, GRADCHECK_TOLERANCE, centralDifference, relativeError } from "../math/gradcheck";
import {
  Linear,
  copyParams,
  initNetwork,
  networkStep,
  type Matrix,
  type NetworkParams,
  type Vector,
} from "../math/network";
import { fail, options } from "../math/validate";
import { isNotWrittenYet, num, sci } from "./exercises";
import { networkOptions, type LayerGradient, type NetworkText, type ParamGroup } from "./networkText";
import {
  MissingLayers,
  NETWORK_BUGS,
  bugNetwork,
  paramsOfNetwork,
  readMatrix,
  toNumber,
  type LinearLayerClass,
  type NetworkBug,
  type NetworkClass,
  type NetworkLike,
} from "./networkBugs";
import { NETWORK_RUN, networkLessonStart } from "./setup";
import type { LessonOptions, LessonText } from "./text";

// ---------------------------------------------------------------------------------------------
// Checking a Linear layer
// ---------------------------------------------------------------------------------------------

/** The outcome of one check, with the message to show the learner. */
export interface NetworkExerciseResult {
  /** What was checked, e.g. "MyLinear.backward". */
  subject: string;
  status: "pass" | "fail" | "not written" | "error";
  /** Every comparison made (empty when the code could not run). */
  rows: NetworkCheckRow[];
  /** One paragraph of Markdown for the learner. */
  message: string;
  /** When not written: the method still to be written (it may be another exercise's). */
  missing?: string;
  /** When another exercise must be written or fixed first: its subject, e.g. "MyLinear.backward". */
  blockedBy?: string;
}

/** One comparison: one entry of one gradient, backprop's value against the numerical slope. */
export interface NetworkCheckRow {
  /** Which case: a layer's shape with its call ("3 × 2, call 1"), or a network point ("point 1"). */
  at: string;
  /** "dL/dx", "dL/dW" or "dL/db" for a layer; "W1", "b1", "W2" or "b2" for the network. */
  gradient: LayerGradient | ParamGroup;
  /** The entry, e.g. "dL/dW[0][1]" or "W1[2][0]". */
  entry: string;
  analytic: number;
  numeric: number;
  relError: number;
  ok: boolean;
}

/**
 * Where MyLinear is checked: a 3 × 2 layer (non-square, so a missing transpose gets the wrong length)
 * and a 2 × 2 one (square and not symmetric, so W·g and Wᵀ·g differ), two calls in a row on each (so
 * a gradient kept from the call before shows). dL/dz ≠ ±1 and x ≠ 1 throughout.
 */
const LAYER_CASES: readonly {
  W: readonly (readonly number[])[];
  b: readonly number[];
  calls: readonly { x: readonly number[]; dlossDz: readonly number[] }[];
}[] = [
  {
    W: [
      [0.5, -1.2],
      [0.8, 0.3],
      [-0.6, 0.9],
    ],
    b: [0.1, -0.4, 0.25],
    calls: [
      { x: [1.5, -0.7], dlossDz: [0.6, -0.9, 0.35] },
      { x: [-0.4, 1.1], dlossDz: [-0.5, 0.2, 0.8] },
    ],
  },
  {
    W: [
      [0.7, -0.3],
      [1.1, 0.4],
    ],
    b: [-0.2, 0.5],
    calls: [
      { x: [0.9, 1.3], dlossDz: [0.45, -0.75] },
      { x: [-1.2, 0.6], dlossDz: [-0.3, 0.65] },
    ],
  },
];

/** A check row with what the message needs to describe it. */
interface LayerRow {
  row: NetworkCheckRow;
  shape: string;
  call: number;
  x: readonly number[];
  dlossDz: readonly number[];
  /** For dL/dW and dL/db: the parameter's value before and after the step. */
  before?: number;
  after?: number;
  /** For dL/dx: what backward returned, when it was not a vector of the right length. */
  returned?: unknown;
}

const shapeOf = (W: readonly (readonly number[])[]) => `${W.length} × ${W[0].length}`;
const vec = (v: readonly number[]) => `[${v.map((x) => num(x)).join(", ")}]`;

/** Every entry of dL/dx, dL/dW and dL/db at every call of a layer check (throws what the learner's code throws). */
function layerRows(Class: LinearLayerClass): LayerRow[] {
  const lr = CHECK_LR;
  const out: LayerRow[] = [];
  for (const c of LAYER_CASES) {
    const shape = shapeOf(c.W);
    const layer = new Class({ W: c.W.map((r) => [...r]), b: [...c.b] });
    c.calls.forEach((call, k) => {
      const at = `${shape}, call ${k + 1}`;
      const W0 = readMatrix(layer.W);
      const b0 = [...(layer.b ?? [])];
      const base = { shape, call: k + 1, x: call.x, dlossDz: call.dlossDz };
      // The probe loss L = Σᵢ dL/dz[i] · z[i] has exactly dL/dz as its gradient with respect to z.
      const probe = (W: number[][], b: number[], x: readonly number[]) => {
        const z = new Class({ W, b }).forward([...x]);
        return call.dlossDz.reduce((sum, g, i) => sum + g * z[i], 0);
      };
      layer.forward([...call.x]);
      const returned: unknown = layer.backward([...call.dlossDz], lr);
      const dx = Array.isArray(returned) ? (returned as unknown[]) : [];
      const goodLength = Array.isArray(returned) && returned.length === call.x.length;
      call.x.forEach((xj, j) => {
        const numeric = centralDifference((v) => probe(W0, b0, withEntry(call.x, j, v)), xj);
        const analytic = goodLength ? toNumber(dx[j]) : NaN;
        out.push({ ...base, row: compare(at, "dL/dx", `dL/dx[${j}]`, analytic, numeric), returned });
      });
      W0.forEach((r, i) =>
        r.forEach((w, j) => {
          const after = toNumber(layer.W?.[i]?.[j]);
          const numeric = centralDifference((v) => probe(withMatrixEntry(W0, i, j, v), b0, call.x), w);
          const row = compare(at, "dL/dW", `dL/dW[${i}][${j}]`, (w - after) / lr, numeric);
          out.push({ ...base, row, before: w, after });
        }),
      );
      b0.forEach((bi, i) => {
        const after = toNumber(layer.b?.[i]);
        const numeric = centralDifference((v) => probe(W0, withEntry(b0, i, v), call.x), bi);
        out.push({ ...base, row: compare(at, "dL/db", `dL/db[${i}]`, (bi - after) / lr, numeric), before: bi, after });
      });
    });
  }
  return out;
}

/**
 * Checks the learner's Linear.backward — dL/dx, dL/dW and dL/db, every entry — on a 3 × 2 and a
 * 2 × 2 layer, two calls in a row on each, and says which gradient is wrong, where, and by how much.
 */
export function checkLinearLayer(Class: LinearLayerClass, opts?: LessonOptions): NetworkExerciseResult {
  const fn = "checkLinearLayer";
  const { lang, t, n } = networkOptions(fn, opts);
  if (typeof Class !== "function") fail(fn, "Class must be your Linear class (the class itself, not an object)", Class);
  const subject = `${Class.name}.backward`;
  let checked: LayerRow[];
  try {
    checked = layerRows(Class);
  } catch (error) {
    return notRun(subject, error, t, n);
  }
  const rows = checked.map((c) => c.row);
  const bad = checked.find((c) => !c.row.ok);
  if (!bad) {
    const worst = Math.max(...rows.map((r) => r.relError));
    return {
      subject,
      status: "pass",
      rows,
      message: n.layerPasses(subject, rows.length, sci(worst), sci(GRADCHECK_TOLERANCE)),
    };
  }
  const sameCall = checked.filter((c) => c.row.at === bad.row.at);
  const right = (["dL/dx", "dL/dW", "dL/db"] as const).filter((g) =>
    sameCall.every((c) => c.row.gradient !== g || c.row.ok),
  );
  const looksLike = layerBugMatch(bad);
  return {
    subject,
    status: "fail",
    rows,
    message:
      n.fail(subject, n.layerShouldBe[bad.row.gradient as LayerGradient], describeLayerMiss(bad, n)) +
      n.rightHere(right) +
      layerHint(bad, checked, n) +
      (looksLike ? t.looksLike(looksLike.text[lang].title, looksLike.text[lang].hint) : ""),
  };
}

function describeLayerMiss(bad: LayerRow, n: NetworkText): string {
  const at = n.layerAt({
    shape: bad.shape,
    call: bad.call,
    calls: 2,
    x: vec(bad.x),
    dlossDz: vec(bad.dlossDz),
    lr: CHECK_LR,
  });
  const miss = { yours: num(bad.row.analytic), numeric: num(bad.row.numeric) };
  if (bad.row.gradient === "dL/dx") {
    if (!Array.isArray(bad.returned)) return n.missNoDx(at, String(bad.returned));
    if (bad.returned.length !== bad.x.length) return n.missDxLength(at, bad.returned.length, bad.x.length);
    return n.missDx(at, bad.row.entry, miss);
  }
  const param = bad.row.entry.replace("dL/d", "");
  return n.missStep(at, param, num(bad.before), num(bad.after), bad.row.entry, miss);
}

/** A nudge for the slips that need no gallery: nothing returned, the wrong length, NaN, no step, a sign, call 2. */
function layerHint(bad: LayerRow, checked: LayerRow[], n: NetworkText): string {
  const { row } = bad;
  if (row.gradient === "dL/dx" && !Array.isArray(bad.returned)) return n.noDx;
  if (row.gradient === "dL/dx" && (bad.returned as unknown[]).length !== bad.x.length) return n.dxLength(bad.shape);
  if (Number.isNaN(row.analytic)) return n.nanIndex(bad.shape);
  if (row.analytic === 0 && row.numeric !== 0 && row.gradient !== "dL/dx") return n.didNotMove;
  if (relativeError(-row.analytic, row.numeric) < GRADCHECK_TOLERANCE) return n.wrongSign;
  const firstCall = checked.filter((c) => c.shape === bad.shape && c.call === 1);
  if (bad.call > 1 && firstCall.every((c) => c.row.ok)) return n.secondCall;
  return "";
}

/** The gallery's Linear bug, if any, whose first failure is the learner's: same entry, same wrong value. */
function layerBugMatch(bad: LayerRow): NetworkBug | undefined {
  return NETWORK_BUGS.find((bug) => {
    if (bug.part !== "Linear") return false;
    const theirs = layerRows(bug.Class as LinearLayerClass).find((c) => !c.row.ok);
    return (
      theirs !== undefined &&
      theirs.row.at === bad.row.at &&
      theirs.row.entry === bad.row.entry &&
      sameValue(theirs.row.analytic, bad.row.analytic) &&
      lengthOf(theirs.returned) === lengthOf(bad.returned)
    );
  });
}

// ---------------------------------------------------------------------------------------------
// Checking the network's chain
// ---------------------------------------------------------------------------------------------

/** Where the network's chain is checked: H = 3 (so W1 is not square) and H = 2, both labels, every |z| below 3.5 (far from saturation). */
const NETWORK_CASES = [
  { hidden: 3, seed: 5, x: [0.6, -0.9], y: 1 },
  { hidden: 2, seed: 8, x: [-0.8, -0.3], y: 0 },
] as const;

/** The parameter groups in backpropagation's order: the output layer's first. */
const GROUPS: readonly ParamGroup[] = ["W2", "b2", "W1", "b1"];

/** A network check row with what the message needs. */
interface NetworkRow {
  row: NetworkCheckRow;
  point: number;
  before: number;
  after: number;
}

/** One number of a network's parameters: its group, its name, its value, and how to set it in a copy. */
interface ParamEntry {
  group: ParamGroup;
  name: string;
  value: number;
  set: (q: NetworkParams, v: number) => void;
}

/** Every entry of every parameter group, in backpropagation's order: W2, b2, W1, b1. */
function entries(p: NetworkParams): ParamEntry[] {
  const out: ParamEntry[] = [];
  for (const group of GROUPS) {
    const values = p[group];
    if (group === "W1" || group === "W2") {
      (values as Matrix).forEach((r, i) =>
        r.forEach((v, j) =>
          out.push({ group, name: `${group}[${i}][${j}]`, value: v, set: (q, x) => ((q[group] as Matrix)[i][j] = x) }),
        ),
      );
    } else {
      (values as Vector).forEach((v, i) =>
        out.push({ group, name: `${group}[${i}]`, value: v, set: (q, x) => ((q[group] as Vector)[i] = x) }),
      );
    }
  }
  return out;
}

/** The rows of a network check: every parameter's gradient at every point (throws what the network throws). */
function networkRows(make: (p: NetworkParams) => NetworkLike): NetworkRow[] {
  const lr = CHECK_LR;
  const out: NetworkRow[] = [];
  NETWORK_CASES.forEach((c, point) => {
    const p0 = initNetwork({ hidden: c.hidden, seed: c.seed });
    const net = make(copyParams(p0));
    const before = paramsOfNetwork(net);
    net.forward([...c.x], c.y);
    net.backward(lr);
    const after = paramsOfNetwork(net);
    const lossAt = (p: NetworkParams) => make(p).forward([...c.x], c.y);
    const afterEntries = entries(after);
    entries(before).forEach((e, k) => {
      const numeric = centralDifference((v) => {
        const p = copyParams(before);
        e.set(p, v);
        return lossAt(p);
      }, e.value);
      const moved = toNumber(afterEntries[k]?.value);
      out.push({
        row: compare(`point ${point + 1}`, e.group, e.name, (e.value - moved) / lr, numeric),
        point,
        before: e.value,
        after: moved,
      });
    });
  });
  return out;
}

/**
 * Checks the learner's network backward: one SGD step at fixed points, the gradient of every
 * parameter (read from the step) against the numerical slope of the network's own loss. A network
 * whose Linear layers fail their own check is sent back to that check first.
 */
export function checkNetwork(Class: NetworkClass, opts?: LessonOptions): NetworkExerciseResult {
  const fn = "checkNetwork";
  if (typeof Class !== "function")
    fail(fn, "Class must be your network class (the class itself, not an object)", Class);
  return judgeNetwork(`${Class.name}.backward`, (p) => new Class(p), networkOptions(fn, opts));
}

function judgeNetwork(
  subject: string,
  make: (p: NetworkParams) => NetworkLike,
  { lang, t, n }: { lang: Lang; t: LessonText; n: NetworkText },
): NetworkExerciseResult {
  let checked: NetworkRow[];
  try {
    // The network's own blank first: a learner who has not written it yet is told so, whatever its layers.
    const c = NETWORK_CASES[0];
    const probe = make(initNetwork({ hidden: c.hidden, seed: c.seed }));
    probe.forward([...c.x], c.y);
    const Layer = (probe.linear1 as object | undefined)?.constructor;
    try {
      probe.backward(CHECK_LR);
    } catch (error) {
      const layerName = typeof Layer === "function" ? `${Layer.name}.` : undefined;
      if (isNotWrittenYet(error) && !(layerName && error.method?.startsWith(layerName))) {
        return { subject, status: "not written", rows: [], message: t.notWritten(error.method), missing: error.method };
      }
    }
    // A wrong Linear makes every chain look wrong: judge the network's layer class first, with its own check.
    if (typeof Layer === "function" && Layer !== Linear) {
      const own = checkLinearLayer(Layer as LinearLayerClass);
      const blockedBy = own.subject;
      if (own.status === "not written") {
        const missing = own.missing ?? blockedBy;
        return {
          subject,
          status: "not written",
          rows: [],
          message: n.needsFirst(subject, missing),
          missing,
          blockedBy,
        };
      }
      if (own.status !== "pass") {
        return { subject, status: "fail", rows: [], message: n.layersFirst(subject, Layer.name), blockedBy };
      }
    }
    checked = networkRows(make);
  } catch (error) {
    if (error instanceof MissingLayers) return { subject, status: "error", rows: [], message: n.noLayers(subject) };
    return notRun(subject, error, t, n);
  }
  const rows = checked.map((c) => c.row);
  const bad = checked.find((c) => !c.row.ok);
  if (!bad) {
    const nParams = checked.filter((c) => c.point === 0).length;
    const worst = Math.max(...rows.map((r) => r.relError));
    return {
      subject,
      status: "pass",
      rows,
      message: n.networkPasses(subject, nParams, NETWORK_CASES.length, sci(worst), sci(GRADCHECK_TOLERANCE)),
    };
  }
  const c = NETWORK_CASES[bad.point];
  const at = n.networkAt({ x: vec(c.x), y: c.y, hidden: c.hidden, lr: CHECK_LR });
  const miss = { yours: num(bad.row.analytic), numeric: num(bad.row.numeric) };
  const atPoint = checked.filter((r) => r.point === bad.point);
  const wrong = GROUPS.filter((g) => atPoint.some((r) => r.row.gradient === g && !r.row.ok));
  const right = GROUPS.filter((g) => !wrong.includes(g));
  const group = bad.row.gradient as ParamGroup;
  const looksLike = networkBugMatch(bad);
  return {
    subject,
    status: "fail",
    rows,
    message:
      n.fail(
        subject,
        n.networkShouldBe[group],
        n.missStep(at, bad.row.entry, num(bad.before), num(bad.after), `dL/d${bad.row.entry}`, miss),
      ) +
      n.groups(right, wrong) +
      (looksLike ? t.looksLike(looksLike.text[lang].title, looksLike.text[lang].hint) : ""),
  };
}

/** The gallery bug, if any, whose network gives exactly the learner's first wrong value. */
function networkBugMatch(bad: NetworkRow): NetworkBug | undefined {
  return NETWORK_BUGS.find((bug) => {
    let theirs: NetworkRow | undefined;
    try {
      theirs = networkRows(bugNetwork(bug)).find((r) => !r.row.ok);
    } catch {
      return false;
    }
    return (
      theirs !== undefined &&
      theirs.point === bad.point &&
      theirs.row.entry === bad.row.entry &&
      sameValue(theirs.row.analytic, bad.row.analytic)
    );
  });
}

// ---------------------------------------------------------------------------------------------
// The final check: both exercises, then one epoch of lesson 8
// ---------------------------------------------------------------------------------------------

/** How closely the learner's epoch must follow trainNetwork's: relative 1e-12 on every loss and parameter. */
export const NETWORK_TRAINING_TOLERANCE = 1e-12;

/** The learner's classes for the final check. */
export interface NetworkExerciseClasses {
  Linear: LinearLayerClass;
  Network: NetworkClass;
}

/**
 * The final check: MyLinear on its own, MyNetwork's chain, then one epoch of lesson 8's training with
 * the learner's network next to trainNetwork — the loss before every step and every parameter after it.
 */
export function checkNetworkExercises(classes: NetworkExerciseClasses, opts?: LessonOptions): NetworkExerciseResult {
  const fn = "checkNetworkExercises";
  const { t, n } = networkOptions(fn, opts);
  const c = options(fn, classes);
  if (typeof c.Linear !== "function") fail(fn, "Linear must be your Linear class", c.Linear);
  if (typeof c.Network !== "function") fail(fn, "Network must be your network class", c.Network);
  const subject = t.wholeChain;
  const single = [checkLinearLayer(c.Linear, opts), checkNetwork(c.Network, opts)];
  const missing = [...new Set(single.filter((r) => r.status === "not written").map((r) => r.missing ?? r.subject))];
  if (missing.length > 0) return { subject, status: "not written", rows: [], message: t.waiting(missing.join(", ")) };
  // A network held up by its Linear is not broken itself: send the learner to the Linear only.
  const broken = single.filter((r) => r.status !== "pass" && r.blockedBy === undefined);
  if (broken.length > 0) {
    return { subject, status: "fail", rows: [], message: t.fixFirst(broken.map((r) => r.subject).join(", ")) };
  }
  let miss: TrainingMiss | undefined;
  let worst = 0;
  let nSteps = 0;
  try {
    ({ miss, worst, nSteps } = compareEpoch(c.Network, n));
  } catch (error) {
    return notRun(subject, error, t, n);
  }
  if (miss) {
    return {
      subject,
      status: "fail",
      rows: [],
      message: n.trainingMiss(miss.step, nSteps, miss.what, num(miss.yours), num(miss.reference)),
    };
  }
  return {
    subject,
    status: "pass",
    rows: [],
    message: n.trainingPasses(nSteps, NETWORK_RUN.hidden, NETWORK_RUN.lr, sci(worst), sci(NETWORK_TRAINING_TOLERANCE)),
  };
}

interface TrainingMiss {
  step: number;
  what: string;
  yours: number;
  reference: number;
}

/**
 * One epoch of lesson 8's run with the learner's network, step by step next to networkStep (whose
 * chain trainNetwork runs): the loss before each step and every parameter after it.
 */
function compareEpoch(Network: NetworkClass, n: NetworkText): { miss?: TrainingMiss; worst: number; nSteps: number } {
  const { X, Y, params } = networkLessonStart();
  const { lr } = NETWORK_RUN;
  const net = new Network(copyParams(params));
  let ref = copyParams(params);
  let worst = 0;
  for (let k = 0; k < X.length; k++) {
    const loss = net.forward([...X[k]], Y[k]);
    net.backward(lr);
    const step = networkStep(ref, X[k], Y[k], lr);
    ref = step.after;
    const lossDiff = relativeError(loss, step.loss);
    worst = Math.max(worst, Number.isNaN(lossDiff) ? Infinity : lossDiff);
    if (!(lossDiff <= NETWORK_TRAINING_TOLERANCE)) {
      return {
        miss: { step: k + 1, what: n.lossBefore, yours: loss, reference: step.loss },
        worst,
        nSteps: X.length,
      };
    }
    const yours = entries(paramsOfNetwork(net));
    for (const [i, e] of entries(ref).entries()) {
      const diff = relativeError(toNumber(yours[i]?.value), e.value);
      worst = Math.max(worst, Number.isNaN(diff) ? Infinity : diff);
      if (!(diff <= NETWORK_TRAINING_TOLERANCE)) {
        return {
          miss: { step: k + 1, what: n.after(e.name), yours: toNumber(yours[i]?.value), reference: e.value },
          worst,
          nSteps: X.length,
        };
      }
    }
  }
  return { worst, nSteps: X.length };
}

// ---------------------------------------------------------------------------------------------
// The gallery's tables
// ---------------------------------------------------------------------------------------------

/** What one bug's checks found: the failing layer gradients, the failing network parameters or the error. */
export interface NetworkBugCheck {
  bug: NetworkBug;
  /** "3 × 2 layer: dL/dx" per layer shape with a failure (empty for a bug outside Linear, or none found). */
  layerFailing: string[];
  /** The parameter groups whose gradient fails in the network check, in backpropagation's order. */
  networkFailing: ParamGroup[];
  /** The error the network check stopped on, if it did. */
  networkError?: string;
  /** The largest relative error among the comparisons that had a number to compare. */
  worstRelError: number;
}

/** Runs the layer check (for a Linear bug) and the network check with the bug in place. */
export function checkNetworkBug(bug: NetworkBug): NetworkBugCheck {
  let worst = 0;
  const layerFailing: string[] = [];
  if (bug.part === "Linear") {
    const rows = layerRows(bug.Class as LinearLayerClass);
    for (const c of LAYER_CASES) {
      const shape = shapeOf(c.W);
      const failing = [...new Set(rows.filter((r) => r.shape === shape && !r.row.ok).map((r) => r.row.gradient))];
      if (failing.length > 0) layerFailing.push(`${shape}: ${failing.join(", ")}`);
    }
    worst = Math.max(worst, ...rows.map((r) => r.row.relError).filter(Number.isFinite));
  }
  let networkFailing: ParamGroup[] = [];
  let networkError: string | undefined;
  try {
    const rows = networkRows(bugNetwork(bug));
    networkFailing = GROUPS.filter((g) => rows.some((r) => r.row.gradient === g && !r.row.ok));
    worst = Math.max(worst, ...rows.map((r) => r.row.relError).filter(Number.isFinite));
  } catch (error) {
    networkError = error instanceof Error ? error.message : String(error);
  }
  return { bug, layerFailing, networkFailing, networkError, worstRelError: worst };
}

/** The gallery's first table: each bug, where it is, its broken line, which checks catch it, the worst error. */
export function networkBugCheckTable(opts?: LessonOptions): { columns: string[]; rows: (string | number)[][] } {
  const { lang, n } = networkOptions("networkBugCheckTable", opts);
  return {
    columns: n.checkColumns,
    rows: NETWORK_BUGS.map((bug) => {
      const found = checkNetworkBug(bug);
      const layer =
        bug.part !== "Linear"
          ? n.notChecked
          : found.layerFailing.length === 0
            ? n.passes
            : found.layerFailing.map((f) => n.layerFails(...splitShape(f))).join("; ");
      const network = found.networkError
        ? n.stops(found.networkError)
        : found.networkFailing.length === 0
          ? n.passes
          : found.networkFailing.map((g) => `dL/d${g}`).join(", ");
      return [bug.text[lang].title, `${bug.part}.backward`, bug.wrong, layer, network, found.worstRelError];
    }),
  };
}

function splitShape(f: string): [string, string[]] {
  const [shape, gradients] = f.split(": ");
  return [shape, gradients.split(", ")];
}

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

/** The result when the code could not run: not written yet (here or in another exercise), or an error. */
function notRun(subject: string, error: unknown, t: LessonText, n: NetworkText): NetworkExerciseResult {
  if (isNotWrittenYet(error)) {
    const method = error.method ?? subject;
    const message = method === subject ? t.notWritten(method) : n.needsFirst(subject, method);
    return { subject, status: "not written", rows: [], message, missing: method };
  }
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { subject, status: "error", rows: [], message: t.threw(subject, text) };
}

function compare(
  at: string,
  gradient: LayerGradient | ParamGroup,
  entry: string,
  analytic: number,
  numeric: number,
): NetworkCheckRow {
  const relError = Number.isFinite(analytic) ? relativeError(analytic, numeric) : Infinity;
  return { at, gradient, entry, analytic, numeric, relError, ok: relError < GRADCHECK_TOLERANCE };
}

const withEntry = (v: readonly number[], i: number, x: number) => v.map((e, k) => (k === i ? x : e));
const withMatrixEntry = (W: readonly (readonly number[])[], i: number, j: number, x: number) =>
  W.map((r, k) => (k === i ? withEntry(r, j, x) : [...r]));
const sameValue = (a: number, b: number) =>
  (Number.isNaN(a) && Number.isNaN(b)) || (Number.isFinite(a) && relativeError(a, b) < 1e-12);
const lengthOf = (v: unknown) => (Array.isArray(v) ? v.length : -1);
