// The executed notebook as JSON (nbformat 4), and the pure changes the export makes to it before
// nbconvert renders it: TypeScript language info, formulas and charts swapped for placeholders,
// slide types.
import { FIGURE_CLASS, PLOTLY_MIME } from "../../src/display/html";
import type { Figure } from "../../src/figures/style";
import { mathAsText, mathPlaceholder, replaceMath, type MathSpan } from "./math";

/** Multiline text in nbformat: one string, or a list of lines to join. */
export type MultilineText = string | string[];

/** One output of a code cell (stream, display_data, execute_result or error). */
export interface Output {
  output_type: string;
  name?: string;
  text?: MultilineText;
  data?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  execution_count?: number | null;
  ename?: string;
  evalue?: string;
  traceback?: string[];
}

/** One notebook cell. */
export interface Cell {
  cell_type: "markdown" | "code" | "raw";
  id?: string;
  source: MultilineText;
  metadata: Record<string, unknown>;
  outputs?: Output[];
  execution_count?: number | null;
}

/** A notebook as nbformat 4 JSON. */
export interface Notebook {
  cells: Cell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

/** What the export writes into metadata.language_info when the notebook lacks it: TypeScript. */
export const TYPESCRIPT_LANGUAGE_INFO = {
  name: "typescript",
  pygments_lexer: "typescript",
  mimetype: "text/typescript",
  file_extension: ".ts",
  codemirror_mode: { name: "javascript", typescript: true },
} as const;

/** Joins nbformat's multiline text. */
export function text(value: MultilineText | undefined): string {
  return Array.isArray(value) ? value.join("") : (value ?? "");
}

/** Parses a notebook file's JSON, checking the parts the export relies on. */
export function parseNotebook(json: string, name: string): Notebook {
  let nb: Notebook;
  try {
    nb = JSON.parse(json) as Notebook;
  } catch (e) {
    throw new Error(`export: ${name} is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof nb !== "object" || nb === null || !Array.isArray(nb.cells) || nb.nbformat !== 4) {
    throw new Error(`export: ${name} is not an nbformat 4 notebook (it needs "nbformat": 4 and a "cells" list)`);
  }
  nb.metadata ??= {};
  for (const cell of nb.cells) cell.metadata ??= {};
  return nb;
}

/** The first Markdown heading of the notebook as plain text (formulas as their TeX), or undefined. */
export function notebookTitle(nb: Notebook): string | undefined {
  for (const cell of nb.cells) {
    if (cell.cell_type !== "markdown") continue;
    const heading = firstHeading(text(cell.source));
    if (heading !== undefined) return heading;
  }
  return undefined;
}

/** The first ATX (`# …`) or setext (`…` underlined by `===`/`---`) heading of a Markdown text. */
export function firstHeading(markdown: string): string | undefined {
  const lines = markdown.split(/\r?\n/);
  let inFence = false;
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k];
    if (/^ {0,3}(```|~~~)/.test(line)) inFence = !inFence;
    if (inFence) continue;
    const atx = /^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/.exec(line);
    if (atx && atx[1].trim() !== "") return plainText(atx[1]);
    if (line.trim() !== "" && k + 1 < lines.length && /^ {0,3}(=+|-+)[ \t]*$/.test(lines[k + 1])) {
      if (!/^ {0,3}([-*+]|\d+[.)])[ \t]/.test(line)) return plainText(line);
    }
  }
  return undefined;
}

/** Markdown inline syntax removed: links keep their text, code and emphasis lose their marks. */
export function plainText(markdown: string): string {
  return mathAsText(markdown)
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/<[^>]+>/g, "")
    .replace(/(\*\*|__|\*|_|`)(.+?)\1/g, "$2")
    .replace(/\\([\\`*_{}[\]()#+\-.!$])/g, "$1")
    .replace(/\s+/g, " ")
    .trim();
}

/** Whether the Markdown text begins with a heading (its first non-blank line is one). */
export function startsWithHeading(markdown: string): boolean {
  const lines = markdown.split(/\r?\n/).filter((l) => l.trim() !== "");
  if (lines.length === 0) return false;
  if (/^ {0,3}#{1,6}([ \t]|$)/.test(lines[0])) return true;
  return lines.length > 1 && /^ {0,3}(=+|-+)[ \t]*$/.test(lines[1]) && firstHeading(markdown) !== undefined;
}

/** How many Plotly charts the notebook's outputs hold (outputs with Plotly's MIME type). */
export function countFigures(nb: Notebook): number {
  return nb.cells.reduce(
    (n, cell) => n + (cell.outputs ?? []).filter((o) => o.data !== undefined && PLOTLY_MIME in o.data).length,
    0,
  );
}

/** Throws unless every code cell with source has an execution count, as a fresh run gives it. */
export function checkExecuted(nb: Notebook, name: string): void {
  nb.cells.forEach((cell, i) => {
    if (cell.cell_type !== "code" || text(cell.source).trim() === "") return;
    if (!Number.isInteger(cell.execution_count)) {
      throw new Error(
        `export: ${name}, cell ${i + 1} has no execution count after running; its "In [ ]:" would be empty`,
      );
    }
  });
}

/**
 * A copy of the notebook in which consecutive stream outputs of a cell (stdout after stdout) are
 * one output, as JupyterLab shows them: each console.log is its own message, not its own box.
 */
export function mergeStreams(nb: Notebook): Notebook {
  const cells = nb.cells.map((cell): Cell => {
    if (!cell.outputs || cell.outputs.length < 2) return cell;
    const outputs: Output[] = [];
    for (const o of cell.outputs) {
      const last = outputs[outputs.length - 1];
      if (o.output_type === "stream" && last?.output_type === "stream" && last.name === o.name) {
        outputs[outputs.length - 1] = { ...last, text: text(last.text) + text(o.text) };
      } else outputs.push(o);
    }
    return { ...cell, outputs };
  });
  return { ...nb, cells };
}

/** A copy of the notebook whose metadata.language_info says TypeScript (missing fields filled in). */
export function withTypeScriptInfo(nb: Notebook): Notebook {
  const info = (nb.metadata.language_info ?? {}) as Record<string, unknown>;
  return { ...nb, metadata: { ...nb.metadata, language_info: { ...TYPESCRIPT_LANGUAGE_INFO, ...info } } };
}

/** The formulas of a notebook, each swapped for a placeholder in its Markdown. */
export interface MathTable {
  nonce: string;
  spans: MathSpan[];
  /** Where each formula is, for error messages: the cell's 1-based number. */
  cells: number[];
}

/**
 * A copy of the notebook with every formula in Markdown cells and in text/markdown outputs replaced
 * by a placeholder word; the formulas are collected in the returned table, in order.
 */
export function extractNotebookMath(nb: Notebook, nonce: string): { nb: Notebook; math: MathTable } {
  const math: MathTable = { nonce, spans: [], cells: [] };
  const swap = (markdown: string, cell: number) =>
    replaceMath(markdown, (span) => {
      math.spans.push(span);
      math.cells.push(cell);
      return mathPlaceholder(nonce, math.spans.length - 1);
    });
  const cells = nb.cells.map((cell, i): Cell => {
    if (cell.cell_type === "markdown") return { ...cell, source: swap(text(cell.source), i + 1) };
    if (cell.cell_type !== "code" || !cell.outputs) return cell;
    const outputs = cell.outputs.map((o): Output => {
      const md = o.data?.["text/markdown"];
      if (md === undefined) return o;
      return { ...o, data: { ...o.data, "text/markdown": swap(text(md as MultilineText), i + 1) } };
    });
    return { ...cell, outputs };
  });
  return { nb: { ...nb, cells }, math };
}

/** One chart of a notebook: the id of its container on the page, and the Plotly figure it draws. */
export interface NotebookChart {
  id: string;
  figure: Figure;
}

/** Chart placeholders look like `BPLCHART<nonce>I<index>E`: letters and digits only, like formulas'. */
export function chartPlaceholder(nonce: string, index: number): string {
  if (!/^[a-z0-9]+$/.test(nonce)) throw new RangeError(`chartPlaceholder: nonce must be [a-z0-9]+, got "${nonce}"`);
  return `BPLCHART${nonce}I${index}E`;
}

/**
 * A copy of the notebook in which every Plotly output (Plotly's MIME type) shows a placeholder word
 * as its HTML, and nothing else but its plain text; the charts are returned in order. The page
 * draws them from the figure's data with its own plotly.js (see page.ts's restoreCharts), as
 * JupyterLab draws Plotly's type: the output's own HTML and script are not needed, so a page
 * exported with "Sanitize HTML output" draws them too, and PNG snapshots do not weigh it down.
 * Each chart keeps the id its HTML gave it (src/display/html.ts), or gets `bpl-figure-<n>`.
 */
export function extractNotebookCharts(nb: Notebook, nonce: string): { nb: Notebook; charts: NotebookChart[] } {
  const charts: NotebookChart[] = [];
  const ids = new Set<string>();
  const idPattern = new RegExp(`class="${FIGURE_CLASS}" id="([A-Za-z][\\w-]*)"`);
  const cells = nb.cells.map((cell): Cell => {
    if (cell.cell_type !== "code" || !cell.outputs) return cell;
    const outputs = cell.outputs.map((o): Output => {
      const figure = o.data?.[PLOTLY_MIME] as Figure | undefined;
      if (!o.data || !figure) return o;
      let id = idPattern.exec(text(o.data["text/html"] as MultilineText | undefined))?.[1] ?? "";
      if (id === "" || ids.has(id)) id = `bpl-figure-${charts.length + 1}`;
      ids.add(id);
      charts.push({ id, figure: { ...figure, data: figure.data ?? [], layout: figure.layout ?? {} } });
      const data: Record<string, unknown> = { "text/html": chartPlaceholder(nonce, charts.length - 1) };
      if (o.data["text/plain"] !== undefined) data["text/plain"] = o.data["text/plain"];
      return { ...o, data, metadata: {} };
    });
    return { ...cell, outputs };
  });
  return { nb: { ...nb, cells }, charts };
}

/** Reveal.js slide types, as JupyterLab's "Slide Type" menu sets them. */
export type SlideType = "slide" | "subslide" | "fragment" | "-" | "skip" | "notes";

/** Whether any cell already says how it is shown as slides; then the author's choice stands. */
export function hasSlideTypes(nb: Notebook): boolean {
  return nb.cells.some((c) => typeof (c.metadata.slideshow as { slide_type?: unknown })?.slide_type === "string");
}

/** Whether the author wrote speaker notes (cells of slide type "notes"), which need reveal's notes plugin. */
export function hasSpeakerNotes(nb: Notebook): boolean {
  return nb.cells.some((c) => (c.metadata.slideshow as { slide_type?: unknown })?.slide_type === "notes");
}

/** An experiment panel's placeholder in a Markdown cell (export/panel draws the panel there). */
export const PANEL_PLACEHOLDER = /<div\s+class="bpl-experiment"[^>]*\sdata-experiment="([\w-]+)"[^>]*>\s*<\/div>/;

/** Whether a cell holds an experiment panel's placeholder. */
export function hasPanel(cell: Cell): boolean {
  return cell.cell_type === "markdown" && PANEL_PLACEHOLDER.test(text(cell.source));
}

/**
 * The language of a lesson: Korean when Hangul makes up a fifth or more of the letters of its
 * Markdown (the English lessons quote the blog's Korean section titles; the Korean ones are full of
 * math and code names), else English.
 */
export function notebookLang(nb: Notebook): "en" | "ko" {
  const prose = nb.cells
    .filter((c) => c.cell_type === "markdown")
    .map((c) => mathAsText(text(c.source)).replace(/`[^`]*`/g, ""))
    .join("\n");
  const hangul = prose.match(/[\uac00-\ud7a3]/g)?.length ?? 0;
  const latin = prose.match(/[A-Za-z]/g)?.length ?? 0;
  return hangul > 0 && hangul >= 0.2 * (hangul + latin) ? "ko" : "en";
}

/**
 * Slide types for a notebook that has none. A Markdown cell that starts with a heading starts a new
 * slide (→). Each code cell, with its output, gets a slide of its own below it (↓): the charts are
 * 800 × 400 px and need the room. An experiment panel gets a slide of its own too. Text that
 * follows code starts another such slide, text that follows text stays on its slide. Empty code
 * cells are skipped.
 */
export function withSlideTypes(nb: Notebook): Notebook {
  if (hasSlideTypes(nb)) return nb;
  let previous: Cell["cell_type"] | undefined;
  const cells = nb.cells.map((cell, i): Cell => {
    const source = text(cell.source);
    let type: SlideType;
    if (i === 0) type = "slide";
    else if (cell.cell_type === "markdown") {
      type = startsWithHeading(source) ? "slide" : previous === "code" || hasPanel(cell) ? "subslide" : "-";
    } else if (cell.cell_type === "code") type = source.trim() === "" ? "skip" : "subslide";
    else type = "skip";
    // The text after a panel starts a slide of its own, as the text after code does.
    if (type !== "skip") previous = hasPanel(cell) ? "code" : cell.cell_type;
    return { ...cell, metadata: { ...cell.metadata, slideshow: { slide_type: type } } };
  });
  return { ...nb, cells };
}
