// One notebook → one page that works offline, in two steps around nbconvert. Every way of exporting
// takes this path: `npm run export`, JupyterLab's File → Save and Export Notebook As → HTML or
// Reveal.js Slides, and `jupyter nbconvert --to html|slides` (export/python/backprop_lab_export.py
// calls both steps through scripts/export/nbconvert.ts).
//
//   preparePage   before nbconvert: TypeScript language info, the lesson's language, one output per
//                 stream, formulas and charts swapped for placeholders, formulas rendered with
//                 KaTeX, slide types.
//   finishPage    after nbconvert: formulas and charts put in, links between lessons pointed at
//                 pages, and the styles, KaTeX's fonts and reveal.js inlined at the template's
//                 markers; plotly.js and the experiment panels' code packed (gzip) with the page's
//                 script, which draws each chart from its data as it comes into view. The page
//                 fetches nothing.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { experimentBundle, pageScript } from "../../export/bundle";
import { assertSelfContained, katexCss, offlineCss, styleTag } from "./assets";
import { withCellSizes } from "./cells";
import { renderMath, restoreMath, type MathSpan } from "./math";
import {
  extractNotebookCharts,
  extractNotebookMath,
  hasSpeakerNotes,
  mergeStreams,
  notebookLang,
  withSlideTypes,
  withTypeScriptInfo,
  type Notebook,
  type NotebookChart,
} from "./notebook";
import { pack, packCached } from "./pack";
import {
  fillMarker,
  GENERATOR_META,
  HEAD_MARKER,
  NAV_MARKER,
  pageScripts,
  restoreCharts,
  rewriteLinks,
  SCRIPTS_MARKER,
  type Lang,
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
  /** The lesson's language; when not given, the notebook's Markdown tells (notebookLang). */
  lang?: Lang;
}

/** What finishPage needs to know about a prepared notebook: plain JSON, to pass between processes. */
export interface PageState {
  target: Target;
  name: string;
  strict: boolean;
  /** The language of the page: <html lang>, and the words the export adds. */
  lang: Lang;
  /** The placeholders' nonce: formula k is `BPLMATH<nonce>I<k>E` in nbconvert's HTML, chart k `BPLCHART…`. */
  nonce: string;
  formulas: MathSpan[];
  /** KaTeX's HTML for each formula. */
  rendered: string[];
  /** The Plotly outputs, in order: plotly.js is packed into the page only when it has charts or panels. */
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
      lang: options.lang ?? notebookLang(notebook),
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
  /** plotly.js (packed into the page). */
  plotly: string;
  /** The experiment panels' browser code (packed into pages that have a panel). */
  panels: string;
  /** The page's own script (export/page/runtime.ts). */
  runtime: string;
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
    panels: experimentBundle(),
    runtime: pageScript(),
    reveal: {
      js: slides ? read(path.join(revealDir, "reveal.js")) : "",
      css: slides ? offlineCss(read(path.join(revealDir, "reveal.css")), "reveal.css") : "",
      theme: slides ? offlineCss(read(path.join(revealDir, "theme", "white.css")), "theme/white.css") : "",
      notes: slides ? read(path.join(revealDir, "plugin", "notes.js")) : "",
    },
    revealInit: slides ? read(path.join(ROOT, "export", "reveal-init.js")) : "",
  };
}

/** What `npm run export` adds to a page that a single export from the menu does without. */
export interface FinishOptions {
  /** The navigation at the template's nav marker: the lesson links (slides: a corner link). */
  nav?: string;
  /** Links between lessons, from the notebook's href to the page's (see page.ts's rewriteLinks). */
  links?: Readonly<Record<string, string>>;
}

/** What a page without JavaScript says where its charts would be. */
const NO_SCRIPT: Record<Lang, string> = {
  en: " (the chart needs JavaScript)",
  ko: " (차트를 보려면 JavaScript가 필요합니다)",
};

/** Whether nbconvert's HTML holds an experiment panel's placeholder. */
export function hasPanels(html: string): boolean {
  return /<div\b[^>]*\sclass="bpl-experiment"/.test(html);
}

/**
 * nbconvert's page with formulas, styles and scripts put in: a file that needs nothing else.
 * `options` come from `npm run export` (lesson links); a single export from the menu has none.
 */
export function finishPage(
  state: PageState,
  html: string,
  assets: Assets,
  options: FinishOptions = {},
  warn: (message: string) => void = (message) => console.error(message),
): string {
  const lang = state.lang ?? "en";
  const panels = hasPanels(html);
  let out = rewriteLinks(html, options.links ?? {});
  out = restoreCharts(restoreMath(out, state.nonce, state.formulas, state.rendered), state.nonce, state.charts, lang);
  // A page renders only the cells near the screen; the others hold a place of about their height.
  if (state.target === "html") out = withCellSizes(out);
  const mathCss =
    state.formulas.length > 0
      ? katexCss(assets.katexCss, state.rendered.join(""), (file) => readFileSync(path.join(assets.katexDir, file)))
      : "";
  const slides = state.target === "slides";
  const drawn = state.charts.length > 0 || panels;
  // reveal.js, its notes plugin and reveal-init.js run as one script, packed like plotly.js.
  const reveal = [assets.reveal.js, state.notes ? assets.reveal.notes : "", assets.revealInit].filter(Boolean);
  const scripts =
    drawn || slides
      ? pageScripts({
          ...(drawn ? { plotly: packCached(assets.plotly) } : {}),
          ...(panels ? { panels: pack(assets.panels) } : {}),
          ...(slides ? { reveal: pack(reveal.join(";\n")) } : {}),
          runtime: assets.runtime,
        })
      : { head: "", body: "" };
  const head = [
    GENERATOR_META,
    styleTag(assets.notebookCss),
    slides ? styleTag(assets.reveal.css) + styleTag(assets.reveal.theme) + styleTag(assets.slidesCss) : "",
    mathCss ? styleTag(mathCss) : "",
    `<noscript>${styleTag(`.bpl-figure-wait::after{content:${JSON.stringify(NO_SCRIPT[lang])}}`)}</noscript>`,
    scripts.head,
  ].join("\n");
  out = fillMarker(out, HEAD_MARKER, head);
  out = fillMarker(out, NAV_MARKER, options.nav ?? "");
  out = fillMarker(out, SCRIPTS_MARKER, scripts.body);
  if (out.includes(`BPLMATH${state.nonce}`)) throw new Error(`export: ${state.name}: a formula was not put back`);
  try {
    assertSelfContained(out, `${state.name} (${state.target})`);
  } catch (e) {
    if (state.strict) throw e;
    warn((e as Error).message);
  }
  return out;
}
