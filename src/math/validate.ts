// Argument checks shared by every public function. Each error names the function, the argument
// and the value it got, e.g. "makeDataset: nSamples must be a positive integer, got -3".
import { formatCount } from "./limits";

/** Formats a value for an error message so that NaN, "", undefined and objects stay recognisable. */
export function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (value === undefined || value === null) return String(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === "function") return "a function";
  try {
    const json = JSON.stringify(value);
    return json.length > 60 ? `${json.slice(0, 57)}...` : json;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** The project's standard error, `fn: what, got value`, made but not thrown. */
function invalid(fn: string, what: string, value: unknown): RangeError {
  return new RangeError(`${fn}: ${what}, got ${describe(value)}`);
}

/** Throws the project's standard error: `fn: what, got value`. */
export function fail(fn: string, what: string, value: unknown): never {
  throw invalid(fn, what, value);
}

// The errors of the layers' hot paths. The layers test a value inline and call one of these only
// when it is bad: a check that is a plain comparison costs next to nothing per SGD step, while a
// call per check would not be inlined and would cost more than the step's own math.

/** The error for a value that should be a finite number. */
export function notFinite(fn: string, name: string, value: unknown): RangeError {
  return invalid(fn, `${name} must be a finite number`, value);
}

/** The error for a value that should be a finite number greater than 0. */
export function notPositive(fn: string, name: string, value: unknown): RangeError {
  return invalid(fn, `${name} must be a finite number greater than 0`, value);
}

/** The error for a value that should be a probability in [0, 1]. */
export function notProbability(fn: string, name: string, value: unknown): RangeError {
  return invalid(fn, `${name} must be a number in [0, 1]`, value);
}

/** The error for a label that is not 0 or 1. */
export function notLabel(fn: string, name: string, value: unknown): RangeError {
  return invalid(fn, `${name} must be 0 or 1`, value);
}

/** The error for backward() called before forward() stored what it needs. */
export function beforeForward(fn: string, name: string, remembered: unknown): RangeError {
  return invalid(fn, `call forward first: ${name} is not computed yet`, remembered);
}

/** Checks that `value` is a finite number (not NaN, not ±Infinity). */
export function finite(fn: string, name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value)) throw notFinite(fn, name, value);
  return value;
}

/** Checks that `value` is a finite number greater than zero. */
export function positive(fn: string, name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) throw notPositive(fn, name, value);
  return value;
}

/** Checks that `value` is an integer of at least `min` (1 unless told). */
export function integer(fn: string, name: string, value: unknown, min = 1): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    const what = min === 1 ? "a positive integer" : min === 0 ? "a non-negative integer" : `an integer >= ${min}`;
    fail(fn, `${name} must be ${what}`, value);
  }
  return value;
}

/**
 * Refuses a size over its limit (see limits.ts) with a message that says what to do instead:
 * "makeDataset: nSamples must be at most 1 000 000 (…), got 1e10".
 */
export function atMost(fn: string, name: string, value: number, max: number, advice: string): void {
  if (value > max)
    throw new RangeError(`${fn}: ${name} must be at most ${formatCount(max)} (${advice}), got ${formatCount(value)}`);
}

/** Checks that `value` is a label, 0 or 1. */
export function label(fn: string, name: string, value: unknown): 0 | 1 {
  if (value !== 0 && value !== 1) throw notLabel(fn, name, value);
  return value;
}

/** Checks that `value` is a non-empty array of finite numbers; returns it. */
export function finiteArray(fn: string, name: string, value: unknown): readonly number[] {
  if (!isArrayLike(value) || value.length === 0) fail(fn, `${name} must be a non-empty array of numbers`, value);
  for (let i = 0; i < value.length; i++) {
    const v = value[i];
    if (typeof v !== "number" || !Number.isFinite(v)) throw notFinite(fn, `${name}[${i}]`, v);
  }
  return value as readonly number[];
}

/** Checks that `value` is a non-empty array of 0/1 labels; returns it. */
export function labelArray(fn: string, name: string, value: unknown): readonly (0 | 1)[] {
  if (!isArrayLike(value) || value.length === 0) fail(fn, `${name} must be a non-empty array of 0/1 labels`, value);
  // The element's name is built only for the error, not for every label checked.
  for (let i = 0; i < value.length; i++)
    if (value[i] !== 0 && value[i] !== 1) throw notLabel(fn, `${name}[${i}]`, value[i]);
  return value as readonly (0 | 1)[];
}

/** Checks a dataset: X finite numbers, Y labels 0/1, one label per x. */
export function checkSamples(fn: string, X: unknown, Y: unknown): void {
  const xs = finiteArray(fn, "X", X);
  const ys = labelArray(fn, "Y", Y);
  if (xs.length !== ys.length) fail(fn, `X and Y must have the same length; X has ${xs.length}, Y has`, ys.length);
}

/** "3 × 2" for a matrix, "an array of length 3" for anything else. */
function shapeOf(value: unknown): string {
  if (Array.isArray(value) && value.length > 0 && value.every(Array.isArray)) {
    const widths = [...new Set(value.map((row: unknown[]) => row.length))];
    return widths.length === 1
      ? `${value.length} × ${widths[0]}`
      : `${value.length} rows of lengths ${widths.join(", ")}`;
  }
  return describe(value);
}

/** Checks that `value` is an array of `length` finite numbers (any length > 0 when not given). */
export function vector(fn: string, name: string, value: unknown, length?: number, what = ""): readonly number[] {
  if (!isArrayLike(value) || value.length === 0 || (length !== undefined && value.length !== length)) {
    const want =
      length === undefined ? "a non-empty array of numbers" : `an array of ${length} number${length === 1 ? "" : "s"}`;
    fail(fn, `${name} must be ${want}${what}`, value);
  }
  for (let i = 0; i < value.length; i++) {
    const v = value[i];
    if (typeof v !== "number" || !Number.isFinite(v)) throw notFinite(fn, `${name}[${i}]`, v);
  }
  return value as readonly number[];
}

/** Checks that `value` is a rows × cols matrix (arrays of finite numbers); either size free when not given. */
export function matrix(fn: string, name: string, value: unknown, rows?: number, cols?: number, what = ""): number[][] {
  const ok =
    Array.isArray(value) &&
    value.length > 0 &&
    (rows === undefined || value.length === rows) &&
    value.every((row) => Array.isArray(row) && row.length > 0 && row.length === (cols ?? value[0].length));
  if (!ok) {
    const want = `${rows ?? "n"} × ${cols ?? "m"}`;
    throw new RangeError(`${fn}: ${name} must be a ${want} matrix (an array of rows)${what}, got ${shapeOf(value)}`);
  }
  const m = value as number[][];
  m.forEach((row, i) =>
    row.forEach((v, j) => {
      if (typeof v !== "number" || !Number.isFinite(v)) throw notFinite(fn, `${name}[${i}][${j}]`, v);
    }),
  );
  return m;
}

/** Checks that `value` is a plain options object (or undefined, read as {}). */
export function options<T extends object>(fn: string, value: T | undefined): T {
  if (value === undefined) return {} as T;
  if (value === null || typeof value !== "object" || Array.isArray(value)) fail(fn, "options must be an object", value);
  return value;
}

function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}
