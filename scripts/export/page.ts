// The finished pages: nbconvert's HTML with the export's parts put in at the template's markers,
// the links between lessons, and the index page that lists them in lesson order.
import { escapeHtml, figureHtml } from "../../src/display/html";
import { scriptTag } from "./assets";
import type { NotebookChart } from "./notebook";

/** Where the export's template asks for the page's styles and scripts (see export/*.j2). */
export const HEAD_MARKER = "<!-- backprop-lab:head -->";
/** Where the lesson navigation goes, at the top and the bottom of a page. */
export const NAV_MARKER = "<!-- backprop-lab:nav -->";

/** Marks every page the export writes, so that a new export removes only pages it wrote itself. */
export const GENERATOR_META = '<meta name="generator" content="backprop-lab scripts/export.ts">';

/**
 * Whether an HTML file's text is a page the export wrote: GENERATOR_META in its <head>, as written
 * or as nbconvert's HTML serialiser writes it back (`<meta … />`).
 */
export function isExportedPage(html: string): boolean {
  const end = html.indexOf("</head>");
  const head = html.slice(0, end === -1 ? 20_000 : end);
  return head.includes(GENERATOR_META) || head.includes(GENERATOR_META.replace(/>$/, "/>"));
}

/** One exported lesson, as the index and the navigation link to it. */
export interface Lesson {
  /** The notebook's file name without .ipynb, e.g. "01-dataset". */
  name: string;
  /** The notebook's first heading. */
  title: string;
  /** The page, relative to the index, e.g. "01-dataset.html". */
  href: string;
  /** The slides, relative to the index, when they were exported. */
  slidesHref?: string;
}

/** Puts `html` at every occurrence of `marker` in `page`; throws if the template has no marker. */
export function fillMarker(page: string, marker: string, html: string): string {
  if (!page.includes(marker)) throw new Error(`export: the page template has no ${marker} (export/ is out of date)`);
  return page.split(marker).join(html);
}

/** The bar above and below a lesson: back to the index, previous and next lesson. */
export function lessonNav(lessons: readonly Lesson[], index: number, indexHref = "index.html"): string {
  if (!Number.isInteger(index) || index < 0 || index >= lessons.length) {
    throw new RangeError(`lessonNav: index must be 0…${lessons.length - 1}, got ${index}`);
  }
  const prev = lessons[index - 1];
  const next = lessons[index + 1];
  const link = (l: Lesson | undefined, rel: string, arrow: string) =>
    l
      ? `<a rel="${rel}" href="${escapeHtml(l.href)}">${rel === "prev" ? arrow + " " : ""}${escapeHtml(l.title)}${rel === "next" ? " " + arrow : ""}</a>`
      : "<span></span>";
  return [
    `<nav class="bpl-nav" aria-label="Lessons">`,
    link(prev, "prev", "←"),
    `<a href="${escapeHtml(indexHref)}">All lessons (${index + 1} of ${lessons.length})</a>`,
    link(next, "next", "→"),
    `</nav>`,
  ].join("");
}

/** The index page: every lesson in order, linked by its title, with its slides when exported. */
export function indexPage(lessons: readonly Lesson[], projectTitle = "backprop-lab"): string {
  if (lessons.length === 0) throw new RangeError("indexPage: lessons must not be empty");
  const items = lessons
    .map((l) => {
      const slides = l.slidesHref ? ` <a class="slides" href="${escapeHtml(l.slidesHref)}">slides</a>` : "";
      return `<li><a href="${escapeHtml(l.href)}">${escapeHtml(l.title)}</a>${slides} <small>${escapeHtml(l.name)}.ipynb</small></li>`;
    })
    .join("\n");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${GENERATOR_META}
<title>${escapeHtml(projectTitle)}: the lessons</title>
<style>
body { font: 17px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f1f1f; margin: 0; }
main { max-width: 720px; margin: 0 auto; padding: 40px 24px; }
h1 { font-size: 28px; margin: 0 0 8px; }
ol { list-style: none; padding-left: 0; }
li { margin: 10px 0; }
a { color: #1a5fb4; }
a.slides { font-size: 14px; margin-left: 6px; }
small { color: #777; margin-left: 6px; }
</style>
</head>
<body>
<main>
<h1>${escapeHtml(projectTitle)}</h1>
<p>Backpropagation, step by step: the lessons in order. Each page works offline, charts included.</p>
<ol class="bpl-lessons">
${items}
</ol>
</main>
</body>
</html>
`;
}

/** Where the template asks for the page's scripts, at the end of <body>. */
export const SCRIPTS_MARKER = "<!-- backprop-lab:scripts -->";

/**
 * plotly.js inlined once, then every chart that waited for it drawn. The charts' own scripts
 * (src/html.ts) queue a draw function in `window.backpropLabPending` while Plotly is missing, so
 * plotly.js can come last in the page and the text shows before its 4.8 MB are parsed.
 */
export function plotlyScripts(plotlyJs: string): string {
  if (!/\bPlotly\b/.test(plotlyJs)) throw new Error("plotlyScripts: that is not plotly.js (no `Plotly` in it)");
  const flush = [
    "(function () {",
    "  var pending = window.backpropLabPending || [];",
    "  window.backpropLabPending = [];",
    "  pending.forEach(function (draw) { draw(); });",
    "})();",
  ].join("\n");
  return `${scriptTag(plotlyJs)}\n${scriptTag(flush)}`;
}

/**
 * Puts each chart where its placeholder stands (see notebook.ts's extractNotebookCharts): its
 * container, its figure as JSON and the script that draws it, exactly as src/display/html.ts
 * writes a chart's HTML. A chart whose cell the page leaves out (a skipped slide) is simply not
 * there; a placeholder without a chart throws.
 */
export function restoreCharts(html: string, nonce: string, charts: readonly NotebookChart[]): string {
  return html.replace(new RegExp(`BPLCHART${nonce}I(\\d+)E`, "g"), (whole, index: string) => {
    const k = Number(index);
    if (k >= charts.length) throw new RangeError(`restoreCharts: placeholder ${whole} has no chart`);
    return figureHtml(charts[k].figure, charts[k].id);
  });
}
