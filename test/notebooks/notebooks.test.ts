// The lessons as a learner runs them: every notebook top to bottom in a fresh backprop-lab kernel.
// Needs the Python side: `bash scripts/setup.sh` (npm test runs it first).
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { before, describe, it } from "node:test";
import { PLOTLY_MIME } from "../../src/display/html";
import { ROOT, lessonForwardLosses } from "../helpers";
import { allLessons } from "../../scripts/lessons";
import { type Notebook, type RunReport, lessonNotebooks, readNotebook, runNotebooks, streamText } from "./run";

/** The English lessons, which the lesson-by-lesson checks below look into. */
const lessons = lessonNotebooks();
/** Every lesson in every language: each must run clean in a fresh kernel. */
const every = allLessons();
/** "02-forward.ipynb", or "ko/02-forward.ipynb" for a Korean lesson. */
const label = (file: string) => path.relative(path.join(ROOT, "notebooks"), file);

describe("the lesson notebooks", () => {
  it("are there, in lesson order: dataset, forward, backward, training", () => {
    const names = lessons.map((p) => path.basename(p));
    assert.deepEqual(names.slice(0, 4), [
      "01-dataset.ipynb",
      "02-forward.ipynb",
      "03-backward.ipynb",
      "04-training.ipynb",
    ]);
  });

  for (const { lang, file } of every) {
    const name = label(file);
    it(`${name} is committed clean, for the TypeScript kernel, with the blog's Korean section title`, () => {
      const nb = readNotebook(file);
      const dirty = nb.cells.filter((c) => c.cell_type === "code" && (c.outputs?.length || c.execution_count !== null));
      assert.equal(dirty.length, 0, "code cells must have no outputs and no execution count");
      assert.equal(nb.metadata.kernelspec?.name, "backprop-lab");
      assert.equal(nb.metadata.language_info?.name, "typescript");
      assert.equal(nb.metadata.language_info?.pygments_lexer, "typescript");
      const first = nb.cells[0];
      assert.equal(first.cell_type, "markdown");
      if (lang === "en") {
        assert.match(
          first.source.join(""),
          /^# \d+ · .+\n\*[^*]*[\uac00-\ud7a3][^*]*\*/,
          "title, then the Korean subtitle",
        );
      } else {
        assert.match(first.source.join(""), /^# \d+ · [^\n]*[\uac00-\ud7a3]/, "a Korean title");
      }
      assert.equal(new Set(nb.cells.map((c) => c.id)).size, nb.cells.length, "cell ids are unique");
    });

    it(`${name} imports the lesson's code from src/ instead of defining its own copy`, () => {
      const code = readNotebook(file)
        .cells.filter((c) => c.cell_type === "code")
        .map((c) => c.source.join(""))
        .join("\n");
      assert.doesNotMatch(code, /^\s*(export )?class (LinearFunction|Sigmoid|BCELoss)\b/m);
      assert.doesNotMatch(code, /from "\.\.\//, "imports go through ./src, the symlink tslab can compile");
      // Plain tslab (the kernel after a teacher's edit to src/) resolves "./src/figures" to
      // src/figures.js only, never to a folder's index: every import names its file.
      for (const [, spec] of code.matchAll(/from "(\.\/src[^"]*)"/g)) {
        assert.match(spec, /^\.\/src\/(index|(math|figures|display|lessons)\/index)$/, `import from "${spec}"`);
      }
    });
  }
});

/** Every lesson's first run (every cell then run again) and its second, fresh run. */
const first = new Map<string, { report: RunReport; notebook: Notebook }>();
const second = new Map<string, { report: RunReport; notebook: Notebook }>();

describe("running every lesson in a fresh kernel", () => {
  before(() => {
    // One run folder per language: the twins share their file names.
    for (const group of [lessons, every.filter((l) => l.lang !== "en").map((l) => l.file)]) {
      if (group.length === 0) continue;
      const out1 = mkdtempSync(path.join(tmpdir(), "bpl-run1-"));
      const out2 = mkdtempSync(path.join(tmpdir(), "bpl-run2-"));
      for (const [k, v] of runNotebooks(group, out1, { rerun: true })) first.set(k, v);
      for (const [k, v] of runNotebooks(group, out2)) second.set(k, v);
    }
  });

  for (const { file } of every) {
    const name = label(file);
    it(`${name} runs top to bottom, and every cell runs again, without an error`, () => {
      const { report } = first.get(file)!;
      assert.deepEqual(report.errors, [], JSON.stringify(report.errors, null, 2));
      assert.ok(report.cells.length > 0 && report.cells.every((c) => c.status === "ok"));
    });

    it(`${name} gives identical outputs in two fresh runs (seeds everywhere)`, () => {
      const a = first.get(file)!.notebook.cells.map((c) => c.outputs ?? []);
      const b = second.get(file)!.notebook.cells.map((c) => c.outputs ?? []);
      assert.deepEqual(a, b);
    });

    it(`${name}: every chart carries Plotly's MIME type with a layout, plus an HTML fallback`, () => {
      for (const cell of first.get(file)!.notebook.cells) {
        for (const out of cell.outputs ?? []) {
          const fig = out.data?.[PLOTLY_MIME] as { data?: unknown[]; layout?: object } | undefined;
          if (!fig) continue;
          assert.ok(Array.isArray(fig.data) && fig.data.length > 0);
          assert.equal(typeof fig.layout, "object");
          assert.match(String(out.data?.["text/html"]), /class="bpl-figure"/);
        }
      }
    });
  }

  it("01–04 draw the blog's figures: 3 dataset scatters, the initial model, the losses, the training run", () => {
    const figures = (n: string) =>
      first
        .get(lessons.find((p) => p.endsWith(n))!)!
        .notebook.cells.flatMap((c) => c.outputs ?? [])
        .filter((o) => o.data?.[PLOTLY_MIME]);
    assert.equal(figures("01-dataset.ipynb").length, 3);
    assert.equal(figures("02-forward.ipynb").length, 2);
    assert.equal(figures("04-training.ipynb").length, 2);
  });

  it("the forward-only loop of lesson 2 prints exactly the losses src/ computes for seed 2023", () => {
    const nb = first.get(lessons.find((p) => p.endsWith("02-forward.ipynb"))!)!.notebook;
    const cell = nb.cells.find((c) => c.cell_type === "code" && c.source.join("").includes("forwardLosses.push"));
    assert.ok(cell, "the forward-only cell");
    const printed = streamText(cell!, "stdout").trim().split("\n").map(Number);

    assert.deepEqual(printed, lessonForwardLosses());
  });

  it("lesson 3's gradient check passes in the notebook and says so", () => {
    const nb = first.get(lessons.find((p) => p.endsWith("03-backward.ipynb"))!)!.notebook;
    const text = nb.cells.map((c) => streamText(c, "stdout")).join("");
    assert.match(text, /all 18 checks pass: worst relative error \d\.\d\de-\d+ < tolerance 0\.000001/);
  });

  it("lesson 5 draws two step graphs, the step-through with 1000 frames, the loss curves and the surface", () => {
    const outs = first
      .get(lessons.find((p) => p.endsWith("05-every-step.ipynb"))!)!
      .notebook.cells.flatMap((c) => c.outputs ?? []);
    assert.equal(outs.filter((o) => o.data?.["image/svg+xml"]).length, 2);
    const figs = outs.map((o) => o.data?.[PLOTLY_MIME] as { frames?: unknown[] } | undefined).filter((f) => f);
    assert.equal(figs.length, 3);
    assert.equal(figs[0]!.frames?.length, 1000);
  });

  it("lesson 6 shows the blog's code going NaN at lr 0.5 while ours has no non-finite value", () => {
    const nb = first.get(lessons.find((p) => p.endsWith("06-experiments.ipynb"))!)!.notebook;
    const text = nb.cells.map((c) => streamText(c, "stdout")).join("");
    assert.match(text, /blog's classes: first NaN in w at step \d+; \d+ non-finite values recorded/);
    assert.match(text, /our classes: {4}0 non-finite values; accuracy 99 %/);
  });

  it("lesson 4's loop and train() take the same 1000 steps", () => {
    const nb = first.get(lessons.find((p) => p.endsWith("04-training.ipynb"))!)!.notebook;
    const text = nb.cells.map((c) => streamText(c, "stdout")).join("");
    assert.match(text, /train\(\) took the same 1000 steps as the loop above: true/);
  });
});

describe("the Korean lessons compute what the English ones do", () => {
  for (const { file } of every.filter((l) => l.lang !== "en")) {
    const twin = path.join(ROOT, "notebooks", path.basename(file));
    it(`${label(file)}: every chart has the same data as in ${path.basename(twin)}, only the words differ`, () => {
      assert.ok(first.has(file) && first.has(twin), "both lessons ran above");
      const numbers = (f: string) => runs(f).map((fig) => fig.data.map((t) => [t.x, t.y, t.z]));
      assert.deepEqual(numbers(file), numbers(twin));
    });
  }
});

/** The Plotly figures a lesson showed in its first run. */
function runs(file: string): { data: Record<string, unknown>[] }[] {
  return (first.get(file)?.notebook.cells ?? [])
    .flatMap((c) => c.outputs ?? [])
    .map((o) => o.data?.[PLOTLY_MIME] as { data: Record<string, unknown>[] } | undefined)
    .filter((f): f is { data: Record<string, unknown>[] } => f !== undefined);
}

describe("the notebook runner", () => {
  it("names the notebook, the cell and the real error when a cell throws", () => {
    const file = path.join(ROOT, "test", "notebooks", "runtime-error.ipynb");
    const { report, stderr, status } = runNotebooks([file], undefined, { expectFailure: true }).get(file)!;
    assert.equal(status, 1);
    assert.equal(report.errors.length, 1);
    assert.equal(report.errors[0].cell, 1);
    assert.match(stderr!, /runtime-error\.ipynb, cell 1 \(run\) failed/);
    assert.match(stderr!, /RangeError: makeDataset: nSamples must be a positive integer, got -3/);
  });

  it("shows the TypeScript compiler's message for a type error", () => {
    const file = path.join(ROOT, "test", "notebooks", "compile-error.ipynb");
    const { stderr, status } = runNotebooks([file], undefined, { expectFailure: true }).get(file)!;
    assert.equal(status, 1);
    assert.match(stderr!, /compile-error\.ipynb, cell 1 \(run\) failed/);
    assert.match(stderr!, /Type 'string' is not assignable to type 'number'/);
  });
});

// The fixtures above must stay failing notebooks, or the runner tests prove nothing.
it("the runner's fixtures are the two failing notebooks", () => {
  const names = readdirSync(path.join(ROOT, "test", "notebooks")).filter((n) => n.endsWith(".ipynb"));
  assert.deepEqual(names.sort(), ["compile-error.ipynb", "runtime-error.ipynb"]);
  assert.match(readFileSync(path.join(ROOT, "test", "notebooks", "runtime-error.ipynb"), "utf8"), /nSamples: -3/);
});
