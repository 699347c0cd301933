// The reference solutions of lesson 7 (notebooks/07-exercises.ipynb), for the tests and for teachers.
// They live here, not in src/ or in the notebook: a learner who opens src/lessons/ to see how the
// checks work is not handed the answers, and the test that fills them into the notebook proves they
// pass — so they cannot rot. Each is the body that replaces a blank: the `// TODO:` line and the
// `throw new NotWrittenYet("My<Class>.backward");` under it.
import type { ExerciseName } from "../../src/lessons";

/** The body of each backward(), in the blog's names, as lesson 3 derives it. */
export const SOLUTIONS: Record<ExerciseName, string> = {
  BCELoss: `
const dlossDpred = (this.pred - this.y) / (this.pred * (1 - this.pred));
return dlossDpred;`,
  Sigmoid: `
const daDz = this.a * (1 - this.a);
const dlossDz = dlossDa * daDz;
return dlossDz;`,
  LinearFunction: `
const dzDw = this.x;
const dzDb = 1;
const dlossDw = dlossDz * dzDw;
const dlossDb = dlossDz * dzDb;
this.w = this.w - lr * dlossDw;
this.b = this.b - lr * dlossDb;`,
};

/** A plausible wrong answer: BCELoss's derivative with the sign flipped (y − pred on top). */
export const FLIPPED_SIGN_BCE = `
return (this.y - this.pred) / (this.pred * (1 - this.pred));`;

/** A blank in a notebook cell: the TODO comment and the throw under it, at any indentation. */
const BLANK = /^( *)\/\/ TODO:.*\n\1throw new NotWrittenYet\("My(\w+)\.backward"\);$/gm;

/**
 * A cell's source with the blank of each exercise in `bodies` replaced by that body (indented like
 * the blank); blanks of other exercises stay. Returns the new source and which exercises it filled.
 * Lesson 9's blanks have the same shape (test/lessons/network-solutions.ts fills them with this).
 */
export function fillBlanks<Name extends string = ExerciseName>(
  source: string,
  bodies: Partial<Record<Name, string>>,
): { source: string; filled: Name[] } {
  const filled: Name[] = [];
  const out = source.replace(BLANK, (blank, indent: string, name: string) => {
    const body = bodies[name as Name];
    if (body === undefined) return blank;
    filled.push(name as Name);
    return body
      .trim()
      .split("\n")
      .map((line) => indent + line)
      .join("\n");
  });
  return { source: out, filled };
}

/** Every blank in a cell's source, by exercise name. */
export function blanksIn(source: string): string[] {
  return [...source.matchAll(BLANK)].map((m) => m[2]);
}
