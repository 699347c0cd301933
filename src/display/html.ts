// Pure HTML for the notebook's rich outputs: the `text/html` side of each display. No kernel, no
// DOM — strings in, strings out — so every escape is unit-tested.
import { escapeHtml } from "../figures/escape";
import type { Figure } from "../figures/style";

export { escapeHtml };

/** JSON that is safe inside <script>: no `</script>`, `<!--`, or line separators can end or bend it. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** A short, stable fingerprint of a string (FNV-1a), used to name chart elements reproducibly. */
export function fingerprint(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}

/** The figure's title as written, or "" when it has none. */
export function figureTitle(figure: Figure): string {
  const title = figure.layout.title as { text?: unknown } | string | undefined;
  const text = typeof title === "string" ? title : title?.text;
  return typeof text === "string" ? text : "";
}

/** The MIME type JupyterLab's Plotly renderer (jupyterlab-plotly) draws. */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/** The class every chart container carries; the export and the tests find charts by it. */
export const FIGURE_CLASS = "bpl-figure";

/** What Plotly.newPlot(container, spec) draws: the figure, with a config that keeps its size. */
export function figureSpec(figure: Figure): object {
  return {
    data: figure.data,
    layout: figure.layout,
    ...(figure.frames ? { frames: figure.frames } : {}),
    config: { responsive: false, ...figure.config },
  };
}

/**
 * A chart's container: a <div> of the size the figure asks for, labelled with `title` for screen
 * readers, holding `waiting` (HTML) until the chart is drawn into it. `fn` names the caller in errors.
 */
export function figureContainer(fn: string, figure: Figure, id: string, title: string, waiting: string): string {
  if (!/^[A-Za-z][\w-]*$/.test(id))
    throw new RangeError(`${fn}: id must be letters, digits, - or _, got ${JSON.stringify(id)}`);
  const width = Number(figure.layout.width) || 800;
  const height = Number(figure.layout.height) || 400;
  return (
    `<div class="${FIGURE_CLASS}" id="${id}" role="img" aria-label="${escapeHtml(title || "interactive chart")}"` +
    ` style="width:${width}px;height:${height}px;max-width:100%">${waiting}</div>`
  );
}

/**
 * A chart as HTML: a container, the figure as JSON, and a script that draws it with the page's
 * Plotly. plotly.js itself is not in here: the exported page includes it once, in its <head>.
 * A chart whose script runs before Plotly is there waits in `window.backpropLabPending`.
 */
export function figureHtml(figure: Figure, id: string): string {
  const title = figureTitle(figure);
  const waiting =
    `<p style="color:#666;font:14px sans-serif">${escapeHtml(title ? `Chart “${title}”` : "A chart")}: ` +
    `run this notebook in JupyterLab, or open its exported HTML, to see it.</p>`;
  return [
    figureContainer("figureHtml", figure, id, title, waiting),
    `\n<script type="application/json" id="${id}-spec">${jsonForScript(figureSpec(figure))}</script>\n`,
    `<script>(function () {\n`,
    `  var id = ${JSON.stringify(id)};\n`,
    `  function draw() {\n`,
    `    var el = document.getElementById(id), spec = document.getElementById(id + "-spec");\n`,
    `    if (!el || !spec || el.getAttribute("data-drawn")) return;\n`,
    `    var fig = JSON.parse(spec.textContent);\n`,
    `    el.setAttribute("data-drawn", "1");\n`,
    `    el.innerHTML = "";\n`,
    `    window.Plotly.newPlot(el, fig);\n`,
    `  }\n`,
    `  if (window.Plotly) draw();\n`,
    `  else (window.backpropLabPending = window.backpropLabPending || []).push(draw);\n`,
    `})();</script>`,
  ].join("");
}

/**
 * The MIME bundle for one chart: Plotly's own type for JupyterLab (drawn without trusting the
 * notebook, and again after it is reopened), HTML for exports and other front ends, plain text last.
 */
export function figureBundle(figure: Figure, id: string): Record<string, unknown> {
  const title = figureTitle(figure);
  const nTraces = figure.data.length;
  return {
    [PLOTLY_MIME]: {
      data: figure.data,
      layout: figure.layout,
      ...(figure.frames ? { frames: figure.frames } : {}),
      ...(figure.config ? { config: figure.config } : {}),
    },
    "text/html": figureHtml(figure, id),
    "text/plain": `<Plotly chart${title ? ` "${title}"` : ""}: ${nTraces} trace${nTraces === 1 ? "" : "s"}>`,
  };
}

/** A table of rows as HTML, with numbers right-aligned and formatted by `format`. */
export function tableHtml(
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  format: (v: number) => string = formatNumber,
): string {
  const cell = (v: unknown, tag: "td" | "th") => {
    const numeric = typeof v === "number";
    const text = numeric ? format(v) : String(v);
    return `<${tag}${numeric ? ' style="text-align:right;font-family:monospace"' : ""}>${escapeHtml(text)}</${tag}>`;
  };
  const head = `<tr>${columns.map((c) => cell(c, "th")).join("")}</tr>`;
  const body = rows.map((r) => `<tr>${r.map((v) => cell(v, "td")).join("")}</tr>`).join("\n");
  return `<table class="bpl-table">\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

/** The same table as aligned plain text, for front ends and logs that cannot show HTML. */
export function tableText(
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  format: (v: number) => string = formatNumber,
): string {
  const text = [columns, ...rows].map((r) => r.map((v) => (typeof v === "number" ? format(v) : String(v))));
  const widths = columns.map((_, j) => Math.max(...text.map((r) => (r[j] ?? "").length)));
  return text.map((r) => r.map((v, j) => v.padStart(widths[j])).join("  ")).join("\n");
}

/** Formats a number for a table: 6 significant digits, exponent notation only when needed. */
export function formatNumber(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  if (v !== 0 && (Math.abs(v) < 1e-4 || Math.abs(v) >= 1e6)) return v.toExponential(3);
  return String(Number(v.toPrecision(6)));
}
