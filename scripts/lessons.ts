// The lesson notebooks: notebooks/NN-name.ipynb, in lesson order. The export, the benchmark and the
// tests all take this one list, so a scratch notebook saved next to the lessons is in none of them.
import { readdirSync } from "node:fs";
import path from "node:path";

/** A lesson's file name: two digits, a dash, a name. */
export const LESSON_FILE = /^\d\d-.*\.ipynb$/;

/** The lesson notebooks in `dir` (default: the project's notebooks/), as full paths in lesson order. */
export function lessonNotebooks(dir = path.resolve(__dirname, "..", "notebooks")): string[] {
  return readdirSync(dir)
    .filter((n) => LESSON_FILE.test(n))
    .sort()
    .map((n) => path.join(dir, n));
}
