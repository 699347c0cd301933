// What the export reads from and changes in an executed notebook before nbconvert renders it.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { figureBundle, PLOTLY_MIME } from "../../src/display/html";
import {
  chartPlaceholder,
  checkExecuted,
  countFigures,
  extractNotebookCharts,
  extractNotebookMath,
  firstHeading,
  hasPanel,
  mergeStreams,
  notebookLang,
  notebookTitle,
  parseNotebook,
  startsWithHeading,
  withSlideTypes,
  withTypeScriptInfo,
  type Cell,
  type Notebook,
} from "../../scripts/export/notebook";
import { mathPlaceholder } from "../../scripts/export/math";
import { allLessons } from "../../scripts/lessons";
import { readFileSync } from "node:fs";

const md = (source: string | string[]): Cell => ({ cell_type: "markdown", source, metadata: {} });
const code = (source: string, count: number | null = 1, outputs: Cell["outputs"] = []): Cell => ({
  cell_type: "code",
  source,
  metadata: {},
  execution_count: count,
  outputs,
});
const notebook = (cells: Cell[], metadata: Record<string, unknown> = {}): Notebook => ({
  cells,
  metadata,
  nbformat: 4,
  nbformat_minor: 5,
});
const slideTypes = (nb: Notebook) =>
  nb.cells.map((c) => (c.metadata.slideshow as { slide_type: string } | undefined)?.slide_type);

describe("notebookTitle: the first Markdown heading", () => {
  test("skips code cells and Markdown without a heading", () => {
    const nb = notebook([code("# not markdown"), md("Intro text."), md(["## Dataset ", "만들기\n", "text"])]);
    assert.equal(notebookTitle(nb), "Dataset 만들기");
  });

  test("drops Markdown marks and keeps a formula's TeX", () => {
    assert.equal(firstHeading("# The *loss* `L` and $\\hat y$ ##"), "The loss L and \\hat y");
    assert.equal(firstHeading("# [Backprop](https://x.example) 코드실습"), "Backprop 코드실습");
  });

  test("reads setext headings and ignores a # line inside fenced code", () => {
    assert.equal(firstHeading("```\n# comment\n```\nTitle\n====="), "Title");
  });

  test("is undefined when there is no heading", () => {
    assert.equal(notebookTitle(notebook([md("just text"), code("x")])), undefined);
  });
});

describe("startsWithHeading", () => {
  test("is true only when the first non-blank line is a heading", () => {
    assert.equal(startsWithHeading("\n## Training\ntext"), true);
    assert.equal(startsWithHeading("Training\n---"), true);
    assert.equal(startsWithHeading("text\n## later"), false);
    assert.equal(startsWithHeading("#hashtag"), false);
  });
});

describe("countFigures", () => {
  test("counts outputs that carry Plotly's MIME type, and nothing else", () => {
    const chart = { output_type: "display_data", data: { [PLOTLY_MIME]: {}, "text/html": "<div>" } };
    const table = { output_type: "display_data", data: { "text/html": "<table>" } };
    const nb = notebook([code("a", 1, [chart, table]), md("x"), code("b", 2, [chart, { output_type: "stream" }])]);
    assert.equal(countFigures(nb), 2);
  });
});

describe("checkExecuted", () => {
  test("passes when every code cell with source has its count; empty cells need none", () => {
    assert.doesNotThrow(() => checkExecuted(notebook([code("a", 1), code("  ", null), md("x")]), "a.ipynb"));
  });

  test("names the cell that has no execution count", () => {
    assert.throws(
      () => checkExecuted(notebook([md("x"), code("a", 1), code("b", null)]), "02-forward.ipynb"),
      /export: 02-forward.ipynb, cell 3 has no execution count/,
    );
  });
});

describe("mergeStreams", () => {
  test("joins consecutive outputs of one stream, as JupyterLab shows them", () => {
    const out = (name: string, t: string | string[]) => ({ output_type: "stream", name, text: t });
    const chart = { output_type: "display_data", data: { "text/plain": "chart" } };
    const nb = notebook([
      code("a", 1, [
        out("stdout", "a\n"),
        out("stdout", ["b", "\n"]),
        out("stderr", "w\n"),
        chart,
        out("stdout", "c\n"),
      ]),
    ]);
    assert.deepEqual(mergeStreams(nb).cells[0].outputs, [
      out("stdout", "a\nb\n"),
      out("stderr", "w\n"),
      chart,
      out("stdout", "c\n"),
    ]);
    assert.equal(nb.cells[0].outputs!.length, 5, "the input is unchanged");
  });
});

describe("withTypeScriptInfo", () => {
  test("fills in TypeScript's language_info, Pygments lexer included, without changing the input", () => {
    const nb = notebook([], { language_info: { name: "typescript", version: "3.7.2" } });
    const out = withTypeScriptInfo(nb);
    assert.deepEqual(out.metadata.language_info, {
      name: "typescript",
      version: "3.7.2",
      pygments_lexer: "typescript",
      mimetype: "text/typescript",
      file_extension: ".ts",
      codemirror_mode: { name: "javascript", typescript: true },
    });
    assert.deepEqual(nb.metadata.language_info, { name: "typescript", version: "3.7.2" });
  });

  test("adds it to a notebook that has none", () => {
    const info = withTypeScriptInfo(notebook([])).metadata.language_info as Record<string, unknown>;
    assert.equal(info.pygments_lexer, "typescript");
  });
});

describe("extractNotebookMath", () => {
  test("swaps formulas in Markdown cells and Markdown outputs for placeholders, in order", () => {
    const nb = notebook([
      md("# Loss $L$\n$$a_1$$"),
      code("const s = `$x$`;", 1, [
        { output_type: "display_data", data: { "text/markdown": ["w = $w_0$"], "text/plain": "w = $w_0$" } },
      ]),
    ]);
    const { nb: out, math } = extractNotebookMath(nb, "n0");
    assert.equal(out.cells[0].source, `# Loss ${mathPlaceholder("n0", 0)}\n${mathPlaceholder("n0", 1)}`);
    assert.equal(out.cells[1].source, "const s = `$x$`;");
    assert.equal(out.cells[1].outputs![0].data!["text/markdown"], `w = ${mathPlaceholder("n0", 2)}`);
    assert.equal(out.cells[1].outputs![0].data!["text/plain"], "w = $w_0$");
    assert.deepEqual(math.spans, [
      { tex: "L", display: false },
      { tex: "a_1", display: true },
      { tex: "w_0", display: false },
    ]);
    assert.deepEqual(math.cells, [1, 1, 2]);
    assert.equal(nb.cells[0].source, "# Loss $L$\n$$a_1$$", "the input is unchanged");
  });
});

describe("withSlideTypes", () => {
  test("a heading starts a slide, code goes below it, text after code too, text after text stays", () => {
    const nb = notebook([
      md("# Title\nintro"),
      md("more intro"),
      code("a"),
      md("what a showed"),
      code("b"),
      code(""),
      md("## Next section"),
      code("c"),
    ]);
    assert.deepEqual(slideTypes(withSlideTypes(nb)), [
      "slide",
      "-",
      "subslide",
      "subslide",
      "subslide",
      "skip",
      "slide",
      "subslide",
    ]);
  });

  test("an experiment panel gets a slide of its own, and the text after it starts another", () => {
    const panel = md('One sentence.\n\n<div class="bpl-experiment" data-experiment="training"></div>');
    assert.equal(hasPanel(panel), true);
    assert.equal(hasPanel(md('`<div class="bpl-experiment">` in code')), false);
    const nb = notebook([md("# Title"), md("intro"), panel, md("after the panel"), md("## Next")]);
    assert.deepEqual(slideTypes(withSlideTypes(nb)), ["slide", "-", "subslide", "subslide", "slide"]);
  });

  test("the first cell always starts the first slide", () => {
    assert.deepEqual(slideTypes(withSlideTypes(notebook([code("a"), md("text")]))), ["slide", "subslide"]);
  });

  test("leaves a notebook whose author chose slide types as it is", () => {
    const nb = notebook([md("# A"), { ...code("a"), metadata: { slideshow: { slide_type: "fragment" } } }]);
    assert.equal(withSlideTypes(nb), nb);
  });
});

describe("parseNotebook", () => {
  test("reads nbformat 4 and fills in missing metadata", () => {
    const nb = parseNotebook(
      JSON.stringify({ cells: [{ cell_type: "markdown", source: "x" }], nbformat: 4 }),
      "a.ipynb",
    );
    assert.deepEqual(nb.metadata, {});
    assert.deepEqual(nb.cells[0].metadata, {});
  });

  test("names the file when it is not JSON or not a notebook", () => {
    assert.throws(() => parseNotebook("{", "bad.ipynb"), /export: bad.ipynb is not valid JSON/);
    assert.throws(() => parseNotebook('{"cells": []}', "old.ipynb"), /export: old.ipynb is not an nbformat 4 notebook/);
  });
});

describe("extractNotebookCharts: the page draws Plotly outputs from their data", () => {
  const figure = { data: [{ type: "scatter", x: [1, 2], y: [3, 4] }], layout: { title: { text: "t" } } };
  const chart = (id: string, extra: Record<string, unknown> = {}) => ({
    output_type: "display_data",
    data: { ...figureBundle(figure, id), "image/png": "iVBORw0KGgo=", ...extra },
    metadata: { "image/png": { width: 800 } },
  });

  test("swaps each Plotly output for a placeholder and its plain text, keeping its HTML's id", () => {
    const nb = notebook([code("show(a)", 1, [chart("fig-a")]), md("text"), code("show(b)", 2, [chart("fig-b")])]);
    const { nb: out, charts } = extractNotebookCharts(nb, "n1");
    assert.deepEqual(
      charts.map((c) => c.id),
      ["fig-a", "fig-b"],
    );
    assert.deepEqual(charts[0].figure.data, figure.data);
    assert.deepEqual(out.cells[0].outputs![0].data, {
      "text/html": chartPlaceholder("n1", 0),
      "text/plain": '<Plotly chart "t": 1 trace>',
    });
    assert.deepEqual(out.cells[0].outputs![0].metadata, {});
    assert.equal(out.cells[2].outputs![0].data!["text/html"], chartPlaceholder("n1", 1));
    assert.ok(PLOTLY_MIME in nb.cells[0].outputs![0].data!, "the input is not changed");
  });

  test("names a chart without the project's HTML, or with an id already taken, bpl-figure-<n>", () => {
    const foreign = { output_type: "display_data", data: { [PLOTLY_MIME]: figure }, metadata: {} };
    const nb = notebook([code("a", 1, [foreign, chart("same"), chart("same")])]);
    assert.deepEqual(
      extractNotebookCharts(nb, "n1").charts.map((c) => c.id),
      ["bpl-figure-1", "same", "bpl-figure-3"],
    );
  });

  test("leaves every other output as it is", () => {
    const text = { output_type: "stream", name: "stdout", text: "hi" };
    const table = { output_type: "display_data", data: { "text/html": "<table></table>" }, metadata: {} };
    const nb = notebook([code("a", 1, [text, table])]);
    assert.deepEqual(extractNotebookCharts(nb, "n1"), { nb, charts: [] });
  });

  test("placeholders are letters and digits only, like formulas'", () => {
    assert.equal(chartPlaceholder("ab12", 3), "BPLCHARTab12I3E");
    assert.throws(() => chartPlaceholder("A-1", 0), /nonce must be \[a-z0-9\]\+, got "A-1"/);
  });
});

describe("notebookLang: a lesson's language, read from its Markdown", () => {
  test("Korean prose is Korean, even among formulas and code names; a quoted Korean title is not", () => {
    assert.equal(notebookLang(notebook([md("# 4 · 학습 루프\n\n$w$와 $b$를 `train`으로 학습합니다.")])), "ko");
    assert.equal(
      notebookLang(notebook([md("# 4 · Training loop\n*학습 loop 만들기*\n\nEverything is in place.")])),
      "en",
    );
    assert.equal(notebookLang(notebook([code("const x = 1;")])), "en");
  });

  test("every lesson reads as the language of its folder", () => {
    for (const { lang, file } of allLessons()) {
      assert.equal(notebookLang(parseNotebook(readFileSync(file, "utf8"), file)), lang, file);
    }
  });
});
