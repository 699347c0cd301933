// Lesson 7 as a learner meets it: the exercises committed blank run cleanly and say "not written
// yet"; filled with the reference solutions every check passes; filled with a wrong answer the check
// names the wrong derivative. Three fresh kernels, one nbrun.py call. Needs `bash scripts/setup.sh`.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { BUGS, EXERCISES } from "../../src/lessons";
import { FLIPPED_SIGN_BCE, SOLUTIONS, blanksIn } from "../lessons/exercise-solutions";
import { ROOT } from "../helpers";
import { type ExerciseRun, type Notebook, cellText, readNotebook, runBlankSolvedWrong } from "./run";

const NOTEBOOK = path.join(ROOT, "notebooks", "07-exercises.ipynb");

/** The outputs of the cells that call a check, in the notebook's order. */
function checkOutputs(nb: Notebook): string[] {
  return nb.cells
    .filter((c) => c.cell_type === "code" && /\bcheck(Backward|AllExercises)\(/.test(c.source.join("")))
    .map(cellText);
}

describe("notebooks/07-exercises.ipynb as committed", () => {
  const nb = readNotebook(NOTEBOOK);
  const code = nb.cells.filter((c) => c.cell_type === "code").map((c) => c.source.join(""));

  it("has one blank per exercise, each in its own cell, each class followed by its check", () => {
    const cells = code.filter((s) => blanksIn(s).length > 0);
    assert.deepEqual(cells.map(blanksIn), [["BCELoss"], ["Sigmoid"], ["LinearFunction"]]);
    for (const [i, exercise] of EXERCISES.entries()) {
      const next = code[code.indexOf(cells[i]) + 1];
      assert.match(next, new RegExp(`checkBackward\\("${exercise}", My${exercise}, \\{ lang: "en" \\}\\)`));
    }
    assert.match(code.at(-4) ?? "", /checkAllExercises\(/, "the final check comes before the gallery");
  });

  it("does not print the solutions", () => {
    const text = nb.cells.map((c) => c.source.join("")).join("\n");
    for (const exercise of EXERCISES) {
      for (const line of SOLUTIONS[exercise].trim().split("\n")) {
        if (/^(return|const) /.test(line)) assert.ok(!text.includes(line), `the notebook shows "${line}"`);
      }
    }
  });
});

describe("running lesson 7 in fresh kernels: blank, solved, and with a wrong answer", () => {
  let blank: ExerciseRun;
  let solved: ExerciseRun;
  let wrong: ExerciseRun;
  let cleanUp = () => {};

  before(() => {
    ({ blank, solved, wrong, cleanUp } = runBlankSolvedWrong(NOTEBOOK, SOLUTIONS, { BCELoss: FLIPPED_SIGN_BCE }));
  });

  after(() => cleanUp());

  it("as committed: runs top to bottom without an error", () => {
    assert.deepEqual(blank.report.errors, [], JSON.stringify(blank.report.errors, null, 2));
  });

  it("as committed: every check says 'not written yet' — three exercises and the final check", () => {
    const outputs = checkOutputs(blank.notebook);
    assert.equal(outputs.length, 4);
    EXERCISES.forEach((exercise, i) => {
      assert.equal(
        outputs[i],
        `✎ **My${exercise}.backward**: not written yet — fill in the cell above, run it, then run this check again.`,
      );
    });
    assert.equal(
      outputs[3],
      "✎ Not written yet: MyBCELoss.backward, MySigmoid.backward, MyLinearFunction.backward. Finish the exercises above first.",
    );
  });

  it("as committed: the gallery shows all bugs caught, their code, and what each does to training", () => {
    const text = blank.notebook.cells.map(cellText).join("\n");
    for (const bug of BUGS) {
      assert.ok(text.includes(`export class ${bug.Class.name} extends`), `the source of ${bug.Class.name}`);
      assert.ok(text.includes(bug.text.en.symptom.slice(0, 40)), `the symptom of "${bug.text.en.title}"`);
    }
    assert.match(
      text,
      /σ′ from z +Sigmoid\.backward +da\/dz = z·\(1 − z\) +Sigmoid dL\/dz, chain dL\/dw, chain dL\/db/,
    );
  });

  it("with the reference solutions: runs without an error and every check passes", () => {
    assert.deepEqual(solved.report.errors, [], JSON.stringify(solved.report.errors, null, 2));
    const outputs = checkOutputs(solved.notebook);
    EXERCISES.forEach((exercise, i) => assert.match(outputs[i], new RegExp(`^✓ \\*\\*My${exercise}\\.backward\\*\\*`)));
    assert.match(outputs[3], /^✓ \*\*The chain\*\*/);
    assert.match(outputs[3], /✓ \*\*Training\*\*: .* your classes train exactly like the blog's\.$/);
  });

  it("with the BCE derivative's sign flipped: ✗ names dL/dpred, the others pass, the final check sends back", () => {
    assert.deepEqual(wrong.report.errors, [], JSON.stringify(wrong.report.errors, null, 2));
    const outputs = checkOutputs(wrong.notebook);
    assert.match(
      outputs[0],
      /^✗ \*\*MyBCELoss\.backward\*\*: dL\/dpred should be \(pred − y\) \/ \(pred·\(1 − pred\)\); at pred = 0\.3, y = 1 you returned 3\.333, but the numerical slope is -3\.333\. Your value has the right size but the wrong sign\. It behaves exactly like the bug gallery's “flipped sign”/,
    );
    assert.match(outputs[1], /^✓ \*\*MySigmoid\.backward\*\*/);
    assert.match(outputs[2], /^✓ \*\*MyLinearFunction\.backward\*\*/);
    assert.equal(outputs[3], "✗ Fix MyBCELoss.backward first: see its check above.");
  });

  it("each run takes a few seconds", () => {
    for (const run of [blank, solved, wrong]) assert.ok(run.report.seconds < 60, `${run.report.seconds} s`);
  });
});
