// Lesson 9 as a learner meets it: the exercises committed blank run cleanly and say "not written
// yet"; filled with the reference solutions every check passes; filled with the classic order bug
// (dL/dx after the step) the check names dL/dx and the gallery's bug. Three fresh kernels, one
// nbrun.py call. Needs `bash scripts/setup.sh`.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { NETWORK_BUGS } from "../../src/lessons";
import { blanksIn } from "../lessons/exercise-solutions";
import { NETWORK_SOLUTIONS, STEP_FIRST_LINEAR } from "../lessons/network-solutions";
import { ROOT } from "../helpers";
import { type ExerciseRun, type Notebook, cellText, readNotebook, runBlankSolvedWrong } from "./run";

const NOTEBOOK = path.join(ROOT, "notebooks", "09-network-exercises.ipynb");

/** The outputs of the cells that call a check, in the notebook's order. */
function checkOutputs(nb: Notebook): string[] {
  return nb.cells
    .filter((c) => c.cell_type === "code" && /\bcheck(LinearLayer|Network|NetworkExercises)\(/.test(c.source.join("")))
    .map(cellText);
}

describe("notebooks/09-network-exercises.ipynb as committed", () => {
  const nb = readNotebook(NOTEBOOK);
  const code = nb.cells.filter((c) => c.cell_type === "code").map((c) => c.source.join(""));

  it("has one blank per exercise, each in its own cell, each class followed by its check", () => {
    const cells = code.filter((s) => blanksIn(s).length > 0);
    assert.deepEqual(cells.map(blanksIn), [["Linear"], ["Network"]]);
    assert.match(code[code.indexOf(cells[0]) + 1], /checkLinearLayer\(MyLinear, \{ lang: "en" \}\)/);
    assert.match(code[code.indexOf(cells[1]) + 1], /checkNetwork\(MyNetwork, \{ lang: "en" \}\)/);
    assert.match(code[code.indexOf(cells[1]) + 2], /checkNetworkExercises\(\{ Linear: MyLinear, Network: MyNetwork \}/);
  });

  it("does not print the solutions", () => {
    const text = nb.cells.map((c) => c.source.join("")).join("\n");
    for (const body of Object.values(NETWORK_SOLUTIONS)) {
      for (const line of body.trim().split("\n")) {
        if (/^(return|const|this\.)/.test(line)) assert.ok(!text.includes(line), `the notebook shows "${line}"`);
      }
    }
  });
});

describe("running lesson 9 in fresh kernels: blank, solved, and with a wrong answer", () => {
  let blank: ExerciseRun;
  let solved: ExerciseRun;
  let wrong: ExerciseRun;
  let cleanUp = () => {};

  before(() => {
    ({ blank, solved, wrong, cleanUp } = runBlankSolvedWrong(NOTEBOOK, NETWORK_SOLUTIONS, {
      Linear: STEP_FIRST_LINEAR,
    }));
  });

  after(() => cleanUp());

  it("as committed: runs top to bottom without an error", () => {
    assert.deepEqual(blank.report.errors, [], JSON.stringify(blank.report.errors, null, 2));
  });

  it("as committed: every check says 'not written yet' — both exercises and the final check", () => {
    assert.deepEqual(checkOutputs(blank.notebook), [
      "✎ **MyLinear.backward**: not written yet — fill in the cell above, run it, then run this check again.",
      "✎ **MyNetwork.backward**: not written yet — fill in the cell above, run it, then run this check again.",
      "✎ Not written yet: MyLinear.backward, MyNetwork.backward. Finish the exercises above first.",
    ]);
  });

  it("as committed: the gallery shows every bug caught, its code, and what it does to training", () => {
    const text = blank.notebook.cells.map(cellText).join("\n");
    assert.ok(text.includes("export class GalleryLinear extends Linear"));
    for (const bug of NETWORK_BUGS) {
      assert.ok(text.includes(`export class ${bug.Class.name} extends`), `the source of ${bug.Class.name}`);
      assert.ok(text.includes(bug.text.en.symptom.slice(0, 40)), `the symptom of "${bug.text.en.title}"`);
    }
    assert.match(
      text,
      /gradient never reset +Linear\.backward +dL\/dW \+= dL\/dz · xᵀ, never reset +3 × 2 layer: dL\/dW, dL\/db; 2 × 2 layer: dL\/dW, dL\/db +passes/,
    );
    assert.match(text, /forgotten transpose +stopped at step 1/);
  });

  it("with the reference solutions: runs without an error and every check passes", () => {
    assert.deepEqual(solved.report.errors, [], JSON.stringify(solved.report.errors, null, 2));
    const [linear, network, all] = checkOutputs(solved.notebook);
    assert.match(linear, /^✓ \*\*MyLinear\.backward\*\*: dL\/dx, dL\/dW and dL\/db match/);
    assert.match(network, /^✓ \*\*MyNetwork\.backward\*\*: the gradient of every parameter \(13 in all\) matches/);
    assert.match(all, /^✓ \*\*Training\*\*: .* you have backpropagated through a network by hand\.$/);
  });

  it("with dL/dx computed after the step: ✗ names dL/dx and the gallery's bug; the network and the final check wait for it", () => {
    assert.deepEqual(wrong.report.errors, [], JSON.stringify(wrong.report.errors, null, 2));
    const [linear, network, all] = checkOutputs(wrong.notebook);
    assert.match(
      linear,
      /^✗ \*\*MyLinear\.backward\*\*: dL\/dx should be Wᵀ · dL\/dz, computed with the W that forward used \(before the step\); on the 3 × 2 layer, call 1 of 2 in a row \(x = \[1\.5, -0\.7\], dL\/dz = \[0\.6, -0\.9, 0\.35\], lr = 0\.5\), your dL\/dx\[0\] is -1\.599, but the numerical slope is -0\.63\. \(dL\/dW and dL\/db are right there\.\) It behaves exactly like the bug gallery's “W stepped before dL\/dx”/,
    );
    assert.match(network, /^✗ \*\*MyNetwork\.backward\*\* cannot be judged yet: its layers are MyLinear, /);
    assert.equal(all, "✗ Fix MyLinear.backward first: see its check above.");
  });

  it("each run takes a few seconds", () => {
    for (const run of [blank, solved, wrong]) assert.ok(run.report.seconds < 60, `${run.report.seconds} s`);
  });
});
