// The two steps every export takes around nbconvert (scripts/export/offline.ts), and the command
// that nbconvert's preprocessor runs them with (scripts/export/nbconvert.ts).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, test } from "node:test";
import { gunzipSync } from "node:zlib";
import { JSDOM } from "jsdom";
import { figureBundle } from "../../src/display/html";
import { unpackText } from "../../export/page/packing";
import { PANELS_ID, PLOTLY_ID, REVEAL_ID } from "../../export/page/runtime";
import { chartPlaceholder, type Cell, type Notebook } from "../../scripts/export/notebook";
import { mathPlaceholder } from "../../scripts/export/math";
import { finishPage, hasPanels, isTypeScript, preparePage, type Assets } from "../../scripts/export/offline";
import { GENERATOR_META, HEAD_MARKER, NAV_MARKER, SCRIPTS_MARKER } from "../../scripts/export/page";
import { ROOT } from "../helpers";

/** The text of a page's packed script, or undefined when the page has none under that id. */
const unpacked = (page: string, id: string): string | undefined => {
  const el = new JSDOM(page).window.document.getElementById(id);
  if (!el) return undefined;
  return gunzipSync(unpackText(el.textContent!, Number(el.getAttribute("data-bytes")))).toString("utf8");
};

const md = (source: string): Cell => ({ cell_type: "markdown", source, metadata: {} });
const figure = { data: [{ type: "scatter", x: [1], y: [2] }], layout: { width: 300, height: 200 } };
const chartCell: Cell = {
  cell_type: "code",
  source: "show(fig)",
  metadata: {},
  execution_count: 1,
  outputs: [{ output_type: "display_data", data: figureBundle(figure, "fig-a"), metadata: {} }],
};
const notebook = (cells: Cell[], metadata: Record<string, unknown> = {}): Notebook => ({
  cells,
  metadata,
  nbformat: 4,
  nbformat_minor: 5,
});
const lesson = notebook([md("# Lesson\n\nThe loss $L = -\\log p$."), chartCell]);

/** Stand-ins for the files a page inlines, small enough to read in a test. */
const assets: Assets = {
  notebookCss: ".nb{}",
  slidesCss: ".slides{}",
  katexCss: "",
  katexDir: "",
  plotly: "window.Plotly = window.Plotly || {};",
  panels: "window.backpropLabExperiments = {};",
  runtime: "/* the page's script */",
  reveal: { js: "window.Reveal = {};", css: ".reveal{}", theme: ".theme{}", notes: "window.RevealNotes = {};" },
  revealInit: "/* reveal-init */",
};
/** What nbconvert's template makes of a prepared notebook, reduced to the markers and placeholders. */
const rendered = (nonce: string, extra = "") =>
  `<html><head>${HEAD_MARKER}</head><body>${NAV_MARKER}<p>${mathPlaceholder(nonce, 0)}</p>` +
  `<div>${chartPlaceholder(nonce, 0)}</div>${extra}${NAV_MARKER}${SCRIPTS_MARKER}</body></html>`;

describe("preparePage: the notebook nbconvert renders", () => {
  test("says TypeScript, and has formulas and charts swapped for placeholders", () => {
    const { nb, state } = preparePage(lesson, { target: "html", name: "lesson.ipynb", strict: true });
    assert.equal((nb.metadata.language_info as { pygments_lexer: string }).pygments_lexer, "typescript");
    assert.match(nb.cells[0].source as string, new RegExp(mathPlaceholder(state.nonce, 0)));
    assert.equal(nb.cells[1].outputs![0].data!["text/html"], chartPlaceholder(state.nonce, 0));
    assert.deepEqual(
      state.formulas.map((f) => f.tex),
      ["L = -\\log p"],
    );
    assert.match(state.rendered[0], /class="katex"/);
    assert.deepEqual(
      state.charts.map((c) => c.id),
      ["fig-a"],
    );
    assert.equal(nb.cells[0].metadata.slideshow, undefined, "slide types only for slides");
  });

  test("gives the slides their slide types", () => {
    const { nb, state } = preparePage(lesson, { target: "slides", name: "lesson.ipynb", strict: true });
    assert.equal(state.target, "slides");
    assert.deepEqual(
      nb.cells.map((c) => (c.metadata.slideshow as { slide_type: string }).slide_type),
      ["slide", "subslide"],
    );
  });

  test("strict (npm run export), TeX that KaTeX cannot read stops it, naming the notebook and the cell", () => {
    const broken = notebook([md("fine"), md("$\\frac{1}{$")]);
    assert.throws(
      () => preparePage(broken, { target: "html", name: "broken.ipynb", strict: true }),
      /^Error: export: broken\.ipynb, cell 2: KaTeX cannot render "\\\\frac\{1\}\{"/,
    );
  });

  test("from the menu, that formula shows its TeX in red and the log says why", () => {
    const warnings: string[] = [];
    const broken = notebook([md("$\\frac{1}{$")]);
    const { state } = preparePage(broken, {
      target: "html",
      name: "b.ipynb",
      strict: false,
      warn: (w) => warnings.push(w),
    });
    assert.match(state.rendered[0], /class="katex-error"/);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /^export: b\.ipynb, cell 1: KaTeX cannot render/);
  });

  test("isTypeScript: a lesson, or a notebook that names no language; not a Python notebook", () => {
    assert.equal(isTypeScript(lesson), true);
    assert.equal(isTypeScript(notebook([], { kernelspec: { language: "typescript" } })), true);
    assert.equal(isTypeScript(notebook([], { language_info: { name: "python" } })), false);
    assert.equal(isTypeScript(notebook([], { kernelspec: { language: "python" } })), false);
    const python = preparePage(notebook([md("x")], { language_info: { name: "python", pygments_lexer: "ipython3" } }), {
      target: "html",
      name: "p.ipynb",
      strict: true,
    });
    assert.equal((python.nb.metadata.language_info as { pygments_lexer: string }).pygments_lexer, "ipython3");
  });
});

describe("finishPage: the page that fetches nothing", () => {
  test("puts in the formulas, the charts, the styles, the lesson links, and plotly.js packed with the page's script", () => {
    const { state } = preparePage(lesson, { target: "html", name: "lesson.ipynb", strict: true });
    const page = finishPage(state, rendered(state.nonce), assets, { nav: "<nav>links</nav>" });
    assert.doesNotMatch(page, /BPLMATH|BPLCHART|backprop-lab:(head|nav|scripts)/);
    assert.ok(page.includes(state.rendered[0]));
    assert.match(page, /class="bpl-figure" id="fig-a"/);
    assert.ok(page.includes(GENERATOR_META) && page.includes(".nb{}"));
    assert.equal(page.split("<nav>links</nav>").length - 1, 2, "links above and below the lesson");
    assert.equal(unpacked(page, PLOTLY_ID), assets.plotly);
    assert.ok(page.includes(assets.runtime));
    assert.equal(unpacked(page, PANELS_ID), undefined, "no panel, no panels' code");
    assert.equal(unpacked(page, REVEAL_ID), undefined);
  });

  test("a page with an experiment panel gets the panels' code; links to lessons point at their pages", () => {
    const { state } = preparePage(lesson, { target: "html", name: "lesson.ipynb", strict: true });
    const panel = '<div class="bpl-experiment" data-experiment="training"></div><a href="05-next.ipynb">Next</a>';
    assert.equal(hasPanels(panel), true);
    assert.equal(hasPanels('<code>&lt;div class="bpl-experiment"&gt;</code>'), false);
    const page = finishPage(state, rendered(state.nonce, panel), assets, {
      links: { "05-next.ipynb": "05-next.html" },
    });
    assert.equal(unpacked(page, PANELS_ID), assets.panels);
    assert.match(page, /<a href="05-next\.html">Next<\/a>/);
  });

  test("a Korean lesson says so, and its charts wait in Korean", () => {
    const ko = notebook([md("# 레슨\n\n손실 $L = -\\log p$을 봅시다. 한국어 문장입니다."), chartCell]);
    const { state } = preparePage(ko, { target: "html", name: "ko.ipynb", strict: true });
    assert.equal(state.lang, "ko");
    assert.match(finishPage(state, rendered(state.nonce), assets), /차트/);
    assert.equal(preparePage(ko, { target: "html", name: "ko.ipynb", strict: true, lang: "en" }).state.lang, "en");
  });

  test("slides get reveal.js (packed, run first), and plotly.js only when there are charts", () => {
    const { state } = preparePage(notebook([md("# Only text, $x$")]), {
      target: "slides",
      name: "t.ipynb",
      strict: true,
    });
    const html = `<head>${HEAD_MARKER}</head><p>${mathPlaceholder(state.nonce, 0)}</p>${NAV_MARKER}${SCRIPTS_MARKER}`;
    const page = finishPage(state, html, assets);
    assert.ok(page.includes(".reveal{}"));
    const reveal = unpacked(page, REVEAL_ID)!;
    assert.ok(reveal.includes(assets.reveal.js) && reveal.includes(assets.revealInit));
    assert.ok(!reveal.includes(assets.reveal.notes), "no speaker notes, no notes plugin");
    assert.equal(unpacked(page, PLOTLY_ID), undefined, "no charts, no plotly.js");
    assert.ok(page.includes(assets.runtime));
  });

  test("a page that would load a file: strict stops, from the menu the log says so", () => {
    const { state } = preparePage(lesson, { target: "html", name: "lesson.ipynb", strict: true });
    const remote = '<img src="https://example.org/x.png">';
    assert.throws(() => finishPage(state, rendered(state.nonce, remote), assets), /would load files.*example\.org/);
    const warnings: string[] = [];
    const menu = { ...state, strict: false };
    const page = finishPage(menu, rendered(state.nonce, remote), assets, {}, (w) => warnings.push(w));
    assert.ok(page.includes(remote));
    assert.match(
      warnings.join("\n"),
      /would load files from outside itself: <img src="https:\/\/example\.org\/x\.png">/,
    );
  });
});

describe("scripts/export/nbconvert.ts: the steps as a command for nbconvert's preprocessor", () => {
  const step = (command: string, request: unknown) =>
    spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts", "export", "nbconvert.ts"), command], {
      cwd: ROOT,
      input: JSON.stringify(request),
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });

  test("prepare, then finish, turn a notebook and nbconvert's HTML into the page", () => {
    const prepared = step("prepare", { notebook: lesson, target: "html", name: "lesson.ipynb" });
    assert.equal(prepared.status, 0, prepared.stderr);
    const { notebook: nb, state } = JSON.parse(prepared.stdout) as { notebook: Notebook; state: { nonce: string } };
    assert.equal(nb.cells[1].outputs![0].data!["text/html"], chartPlaceholder(state.nonce, 0));
    const finished = step("finish", { state, html: rendered(state.nonce), nav: "", links: {} });
    assert.equal(finished.status, 0, finished.stderr);
    assert.match(finished.stdout, /class="katex"/);
    assert.match(finished.stdout, /class="bpl-figure" id="fig-a"/);
    assert.match(unpacked(finished.stdout, PLOTLY_ID)!, /plotly\.js v\d/, "the real plotly.js, packed");
  });

  test("a failure exits 1 with the pipeline's message; a wrong command exits 2 with the usage", () => {
    const broken = step("prepare", {
      notebook: notebook([md("$\\frac{$")]),
      target: "html",
      name: "b.ipynb",
      strict: true,
    });
    assert.equal(broken.status, 1);
    assert.match(broken.stderr, /^export: b\.ipynb, cell 1: KaTeX cannot render/);
    const wrong = step("render", {});
    assert.equal(wrong.status, 2);
    assert.match(wrong.stderr, /usage: .*nbconvert\.ts prepare\|finish/);
  });
});
