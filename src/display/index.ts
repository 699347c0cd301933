// The only module that talks to the Jupyter kernel: it sends charts, tables and source code to
// the notebook as rich outputs. Everything it sends is built by the pure modules ./html and
// ../figures; this file just delivers it.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Figure } from "../figures/style";
import { SHOW_LIMIT_BYTES, formatCount } from "../math/limits";
import { fail } from "../math/validate";
import { escapeHtml, figureBundle, fingerprint, tableHtml, tableText } from "./html";
import { extractSource } from "./source";

/** The one part of tslab's internal module `tslab/dist/jupyter` that display.ts uses. */
interface TslabJupyter {
  /** The current cell's display_data writer, set by tslab while a cell runs (null outside one). */
  lastWriteDisplayData:
    ((message: { data: Record<string, unknown>; metadata: object; transient: object }, update: boolean) => void) | null;
}

// tslab's internal hook for the current cell's display_data writer — not public API, so
// test/display.test.ts pins its shape; tslab's own `display.*` can send only one MIME type. It is
// required with a local type instead of imported: importing it would make tslab type-check its own
// declarations, and through them TypeScript's, in every notebook that shows a chart (≈ 0.2 s).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const jupyter: TslabJupyter = require("tslab/dist/jupyter");

/** Sends one display_data message with several MIME types; the front end picks the richest. */
function sendBundle(data: Record<string, unknown>): void {
  const write = jupyter.lastWriteDisplayData;
  if (typeof write !== "function") {
    throw new Error(
      "display: there is no Jupyter cell to show this in — the display functions work inside a notebook " +
        "run by the backprop-lab kernel. Outside one, build the figure with ./figures and use its JSON.",
    );
  }
  write({ data, metadata: {}, transient: {} }, false);
}

let shown = 0;

/** Shows a Plotly figure in the notebook: interactive in JupyterLab and in the exported HTML. */
export function show(figure: Figure): void {
  if (
    typeof figure !== "object" ||
    figure === null ||
    !Array.isArray(figure.data) ||
    typeof figure.layout !== "object"
  ) {
    fail("show", "figure must be { data: [...], layout: {...} } as the figure functions return", figure);
  }
  const json = JSON.stringify(figure);
  // The figure builders stay far below this; a hand-made figure of a huge run would be saved into
  // the notebook file (twice: Plotly's and the HTML version) and could freeze the browser.
  if (json.length > SHOW_LIMIT_BYTES) {
    fail(
      "show",
      `figure must be at most ${formatCount(SHOW_LIMIT_BYTES)} bytes of JSON (thin its data to a few ` +
        `thousand points per line, as the figure builders do); its size`,
      json.length,
    );
  }
  // The same figure gets the same id in every fresh run, so outputs are reproducible.
  const id = `bpl-${fingerprint(json)}-${++shown}`;
  sendBundle(figureBundle(figure, id));
}

/** Shows a table: `columns` are the headers, each row an array of cells (numbers are formatted). */
export function showTable(columns: readonly string[], rows: readonly (readonly unknown[])[]): void {
  if (!Array.isArray(columns) || columns.length === 0) fail("showTable", "columns must be a non-empty array", columns);
  rows.forEach((r, i) => {
    if (!Array.isArray(r) || r.length !== columns.length) {
      fail("showTable", `rows[${i}] must be an array of ${columns.length} cells`, r);
    }
  });
  sendBundle({ "text/html": tableHtml(columns, rows), "text/plain": tableText(columns, rows) });
}

/** Shows an SVG drawing (such as a computational graph) as an image. */
export function showSvg(svg: string, description = "an SVG drawing"): void {
  if (typeof svg !== "string" || !svg.trimStart().startsWith("<svg")) fail("showSvg", "svg must be SVG markup", svg);
  // JupyterLab treats SVG as unsafe and hides it in a notebook reopened untrusted; the same
  // picture as a Markdown image is safe, and it scales to the width of the output area.
  const image = `data:image/svg+xml;base64,${Buffer.from(svg, "utf8").toString("base64")}`;
  sendBundle({
    "image/svg+xml": svg,
    "text/markdown": `<img src="${image}" alt="${escapeHtml(description)}" style="max-width:100%;height:auto">`,
    "text/plain": `<${description}>`,
  });
}

/** Shows Markdown (with LaTeX math) as a cell output. */
export function showMarkdown(markdown: string): void {
  sendBundle({ "text/markdown": markdown, "text/plain": markdown });
}

/**
 * Shows a class or function from backprop-lab's src/ exactly as it is in the file — read when the
 * cell runs, so the lesson can never show code that differs from the code it runs. `file` is the
 * path under src/, e.g. "math/layers.ts"; `members` keeps only those members of a class, e.g.
 * ["forward", "backward"].
 */
export function showSource(file: string, name: string, members?: readonly string[]): void {
  if (typeof file !== "string" || !/^(math|figures|display|lessons)\/[\w-]+\.ts$/.test(file)) {
    fail("showSource", "file must be a file in src/, like 'math/layers.ts'", file);
  }
  const text = readFileSync(path.join(__dirname, "..", file), "utf8");
  const { code, firstLine, lastLine } = extractSource(text, name, members);
  // The footer names the file and lines as an editor does, in no language: src/math/layers.ts:45–96.
  const where = `src/${file}:${firstLine}–${lastLine}`;
  sendBundle({
    "text/markdown": `\`\`\`typescript\n${code}\n\`\`\`\n<small>${where}</small>`,
    "text/plain": `// ${where}\n${code}`,
  });
}
