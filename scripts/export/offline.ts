// One notebook → one page that works offline, in two steps around nbconvert. Every way of exporting
// takes this path: `npm run export`, JupyterLab's File → Save and Export Notebook As → HTML or
// Reveal.js Slides, and `jupyter nbconvert --to html|slides` (export/python/backprop_lab_export.py
// calls both steps through scripts/export/nbconvert.ts).
//
//   preparePage   before nbconvert: TypeScript language info, one output per stream, formulas
//                 and charts swapped for placeholders, formulas rendered with KaTeX, slide types.
//   finishPage    after nbconvert: formulas and charts put in, and the styles, KaTeX's fonts,
//                 plotly.js and reveal.js inlined at the template's markers: the page fetches
//                 nothing, and draws its charts from their data as JupyterLab does.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { assertSelfContained, katexCss, offlineCss, scriptTag, styleTag } from "./assets";
import { renderMath, restoreMath, type MathSpan } from "./math";
import {
  extractNotebookCharts,
  extractNotebookMath,
  hasSpeakerNotes,
  mergeStreams,
  withSlideTypes,
  withTypeScriptInfo,
  type Notebook,
  type NotebookChart,
} from "./notebook";
import {
  fillMarker,
  GENERATOR_META,
  HEAD_MARKER,
  NAV_MARKER,
  plotlyScripts,
  restoreCharts,
  SCRIPTS_MARKER,
} from "./page";

/** The project's root folder. */
const ROOT = path.resolve(__dirname, "..", "..");

/** The two kinds of page: a lesson to read, or its slides to teach from. */
export type Target = "html" | "slides";

/**
 * How a page reacts to trouble. `npm run export` is strict: a formula KaTeX cannot read, or a
 * page that would fetch a file, stops it. A teacher exporting from JupyterLab's menu gets the page
 * anyway, with the formula's TeX shown in red and a warning in the server's log.
 */
export interface PageOptions {
  target: Target;
  /** The notebook's name for messages, e.g. "04-training.ipynb". */
  name: string;
  strict: boolean;
  /** Receives each warning (KaTeX's, or a file the page would fetch when not strict). */
  warn?: (message: string) => void;
}

/** What finishPage needs to know about a prepared notebook: plain JSON, to pass between processes. */
export interface PageState {
  target: Target;
  name: string;
  strict: boolean;
  /** The placeholders' nonce: formula k is `BPLMATH<nonce>I<k>E` in nbconvert's HTML, chart k `BPLCHART…`. */
  nonce: string;
  formulas: MathSpan[];
  /** KaTeX's HTML for each formula. */
  rendered: string[];
  /** The Plotly outputs, in order: plotly.js is inlined only when there is at least one. */
  charts: NotebookChart[];
  /** Whether the slides need reveal's speaker-notes plugin (68 kB): only when the author wrote notes. */
  notes: boolean;
}

/** The notebook nbconvert should render, and the state that finishes its page. */
export interface Prepared {
  nb: Notebook;
  state: PageState;
}

/** Prepares a notebook for nbconvert's template (see the file's head). Throws only when strict. */
export function preparePage(notebook: Notebook, options: PageOptions): Prepared {
  const { target, name, strict } = options;
  const warn = options.warn ?? ((message: string) => console.error(message));
  const nonce = randomBytes(6).toString("hex");
  const source = mergeStreams(isTypeScript(notebook) ? withTypeScriptInfo(notebook) : notebook);
  const { nb: withoutCharts, charts } = extractNotebookCharts(source, nonce);
  const { nb, math } = extractNotebookMath(withoutCharts, nonce);
  const macros: Record<string, string> = {};
  const rendered = math.spans.map((span, k) => {
    const where = `export: ${name}, cell ${math.cells[k]}`;
    const warnings: string[] = [];
    try {
      const html = renderMath(span, macros, warnings);
      for (const w of warnings) warn(`${where}: KaTeX: ${w}`);
      return html;
    } catch (e) {
      const message = `${where}: KaTeX cannot render ${JSON.stringify(span.tex.trim())}: ${(e as Error).message}`;
      if (strict) throw new Error(message);
      warn(message);
      return renderMath(span, macros, [], false);
    }
  });
  return {
    nb: target === "slides" ? withSlideTypes(nb) : nb,
    state: {
      target,
      name,
      strict,
      nonce,
      formulas: math.spans,
      rendered,
      charts,
      notes: hasSpeakerNotes(notebook),
    },
  };
}

/**
 * Whether the notebook is TypeScript: its language info or kernelspec says so, or says nothing (a
 * lesson saved before any run). A Python notebook exported in the same environment stays Python.
 */
export function isTypeScript(nb: Notebook): boolean {
  const info = nb.metadata.language_info as { name?: unknown } | undefined;
  const spec = nb.metadata.kernelspec as { language?: unknown } | undefined;
  const language = info?.name ?? spec?.language;
  return language === undefined || language === "typescript";
}

/** The files a page inlines. */
export interface Assets {
  notebookCss: string;
  slidesCss: string;
  katexCss: string;
  /** The folder of KaTeX's style sheet, which its font URLs are relative to. */
  katexDir: string;
  plotly: string;
  reveal: { js: string; css: string; theme: string; notes: string };
  revealInit: string;
}

/** Reads the files the pages of these targets inline (reveal.js only for slides). */
export function loadAssets(targets: Iterable<Target>): Assets {
  const read = (file: string) => readFileSync(file, "utf8");
  const katexDir = path.dirname(require.resolve("katex/dist/katex.min.css"));
  const revealDir = path.dirname(require.resolve("reveal.js"));
  const slides = [...targets].includes("slides");
  return {
    notebookCss: read(path.join(ROOT, "export", "notebook.css")),
    slidesCss: slides ? read(path.join(ROOT, "export", "slides.css")) : "",
    katexCss: read(path.join(katexDir, "katex.min.css")),
    katexDir,
    plotly: read(require.resolve("plotly.js-dist-min/plotly.min.js")),
    reveal: {
      js: slides ? read(path.join(revealDir, "reveal.js")) : "",
      css: slides ? offlineCss(read(path.join(revealDir, "reveal.css")), "reveal.css") : "",
      theme: slides ? offlineCss(read(path.join(revealDir, "theme", "white.css")), "theme/white.css") : "",
      notes: slides ? read(path.join(revealDir, "plugin", "notes.js")) : "",
    },
    revealInit: slides ? read(path.join(ROOT, "export", "reveal-init.js")) : "",
  };
}

/**
 * nbconvert's page with formulas, styles and scripts put in: a file that needs nothing else.
 * `nav` is the lesson navigation (`npm run export` links the lessons; a single export has none).
 */
export function finishPage(
  state: PageState,
  html: string,
  assets: Assets,
  nav = "",
  warn: (message: string) => void = (message) => console.error(message),
): string {
  let out = restoreCharts(restoreMath(html, state.nonce, state.formulas, state.rendered), state.nonce, state.charts);
  const mathCss =
    state.formulas.length > 0
      ? katexCss(assets.katexCss, state.rendered.join(""), (file) => readFileSync(path.join(assets.katexDir, file)))
      : "";
  const slides = state.target === "slides";
  const head = [
    GENERATOR_META,
    styleTag(assets.notebookCss),
    slides ? styleTag(assets.reveal.css) + styleTag(assets.reveal.theme) + styleTag(assets.slidesCss) : "",
    mathCss ? styleTag(mathCss) : "",
  ].join("\n");
  out = fillMarker(out, HEAD_MARKER, head);
  const charts = state.charts.length > 0 ? plotlyScripts(assets.plotly) : "";
  if (slides) {
    const reveal = [
      scriptTag(assets.reveal.js),
      state.notes ? scriptTag(assets.reveal.notes) : "",
      scriptTag(assets.revealInit),
    ];
    out = fillMarker(out, SCRIPTS_MARKER, [charts, ...reveal].join("\n"));
  } else {
    out = fillMarker(out, NAV_MARKER, nav);
    out = fillMarker(out, SCRIPTS_MARKER, charts);
  }
  if (out.includes(`BPLMATH${state.nonce}`)) throw new Error(`export: ${state.name}: a formula was not put back`);
  try {
    assertSelfContained(out, `${state.name} (${state.target})`);
  } catch (e) {
    if (state.strict) throw e;
    warn((e as Error).message);
  }
  return out;
}
