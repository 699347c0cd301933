// The finished pages: nbconvert's HTML with the export's parts put in at the template's markers,
// the charts as containers that the page's script draws when they come into view, the links
// between lessons and between the two languages, and the index page that lists them.
import { escapeHtml, figureContainer, figureSpec, figureTitle, jsonForScript } from "../../src/display/html";
import { PANELS_ID, PLOTLY_ID, REVEAL_ID } from "../../export/page/runtime";
import { scriptTag } from "./assets";
import type { NotebookChart } from "./notebook";
import { pack, packedScript, type Packed } from "./pack";

/** Where the export's template asks for the page's styles and scripts (see export/*.j2). */
export const HEAD_MARKER = "<!-- backprop-lab:head -->";
/** Where the lesson navigation goes, at the top and the bottom of a page (slides: one corner). */
export const NAV_MARKER = "<!-- backprop-lab:nav -->";
/** Where the template asks for the page's scripts, at the end of <body>. */
export const SCRIPTS_MARKER = "<!-- backprop-lab:scripts -->";

/** Marks every page the export writes, so that a new export removes only pages it wrote itself. */
export const GENERATOR_META = '<meta name="generator" content="backprop-lab scripts/export.ts">';

/** The languages of the lessons. */
export type Lang = "en" | "ko";

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
  /** The page, relative to the index, e.g. "01-dataset.html" or "ko/01-dataset.html". */
  href: string;
  /** The slides, relative to the index, when they were exported. */
  slidesHref?: string;
  /** The lesson's language (English when not given). */
  lang?: Lang;
}

/** Puts `html` at every occurrence of `marker` in `page`; throws if the template has no marker. */
export function fillMarker(page: string, marker: string, html: string): string {
  if (!page.includes(marker)) throw new Error(`export: the page template has no ${marker} (export/ is out of date)`);
  return page.split(marker).join(html);
}

/** The words of the navigation, the index and the chart placeholders, in each language. */
const WORDS: Record<
  Lang,
  {
    lessons: string;
    all: (k: number, n: number) => string;
    twin: string;
    chart: (title: string) => string;
    contents: string;
  }
> = {
  en: {
    lessons: "Lessons",
    all: (k, n) => `All lessons (${k} of ${n})`,
    twin: "English",
    chart: (title) => (title ? `Chart “${title}”` : "A chart"),
    contents: "Contents",
  },
  ko: {
    lessons: "레슨",
    all: (k, n) => `모든 레슨 (${n}개 중 ${k}번째)`,
    twin: "한국어",
    chart: (title) => (title ? `차트 “${title}”` : "차트"),
    contents: "목차",
  },
};

/** The link to a lesson's twin in the other language, labelled in that language. */
export function twinLink(lang: Lang, href: string): string {
  return `<a class="bpl-twin" href="${escapeHtml(href)}" hreflang="${lang}" lang="${lang}">${WORDS[lang].twin}</a>`;
}

/** Where the navigation bar of a lesson points besides its neighbours. */
export interface NavOptions {
  /** The index (or the course's contents), relative to the page. */
  indexHref?: string;
  /** The language of the page: its words. */
  lang?: Lang;
  /** The same lesson in the other language. */
  twin?: { lang: Lang; href: string };
}

/** The bar above and below a lesson: back to the index, previous and next lesson, the twin. */
export function lessonNav(lessons: readonly Lesson[], index: number, options: NavOptions = {}): string {
  if (!Number.isInteger(index) || index < 0 || index >= lessons.length) {
    throw new RangeError(`lessonNav: index must be 0…${lessons.length - 1}, got ${index}`);
  }
  const words = WORDS[options.lang ?? "en"];
  const prev = lessons[index - 1];
  const next = lessons[index + 1];
  const link = (l: Lesson | undefined, rel: string, arrow: string) =>
    l
      ? `<a rel="${rel}" href="${escapeHtml(l.href)}">${rel === "prev" ? arrow + " " : ""}${escapeHtml(l.title)}${rel === "next" ? " " + arrow : ""}</a>`
      : "<span></span>";
  const home = `<a href="${escapeHtml(options.indexHref ?? "index.html")}">${words.all(index + 1, lessons.length)}</a>`;
  const twin = options.twin ? ` · ${twinLink(options.twin.lang, options.twin.href)}` : "";
  return [
    `<nav class="bpl-nav" aria-label="${words.lessons}">`,
    link(prev, "prev", "←"),
    `<span>${home}${twin}</span>`,
    link(next, "next", "→"),
    `</nav>`,
  ].join("");
}

/** The corner of a slide deck: back to the index, and the deck in the other language. */
export function slidesNav(options: NavOptions): string {
  const words = WORDS[options.lang ?? "en"];
  const parts = [
    ...(options.indexHref ? [`<a href="${escapeHtml(options.indexHref)}">${words.lessons}</a>`] : []),
    ...(options.twin ? [twinLink(options.twin.lang, options.twin.href)] : []),
  ];
  return parts.length ? `<nav class="bpl-slides-nav" aria-label="${words.lessons}">${parts.join(" · ")}</nav>` : "";
}

/** What the index says about each language's lessons. */
const EDITIONS: Record<Lang, { heading: string; slides: string }> = {
  en: { heading: "English", slides: "slides" },
  ko: { heading: "한국어", slides: "슬라이드" },
};

/** The index page: every lesson of each language in order, with its slides, and the course file. */
export function indexPage(
  lessons: readonly Lesson[],
  options: { projectTitle?: string; course?: { href: string; bytes: number } } = {},
): string {
  if (lessons.length === 0) throw new RangeError("indexPage: lessons must not be empty");
  const projectTitle = options.projectTitle ?? "backprop-lab";
  const langs = [...new Set(lessons.map((l) => l.lang ?? "en"))];
  const editions = langs
    .map((lang) => {
      const items = lessons
        .filter((l) => (l.lang ?? "en") === lang)
        .map((l) => {
          const slides = l.slidesHref
            ? ` <a class="slides" href="${escapeHtml(l.slidesHref)}">${EDITIONS[lang].slides}</a>`
            : "";
          return `<li><a href="${escapeHtml(l.href)}">${escapeHtml(l.title)}</a>${slides} <small>${escapeHtml(l.name)}.ipynb</small></li>`;
        })
        .join("\n");
      const heading = langs.length > 1 ? `<h2>${EDITIONS[lang].heading}</h2>\n` : "";
      return `<section lang="${lang}">\n${heading}<ol class="bpl-lessons">\n${items}\n</ol>\n</section>`;
    })
    .join("\n");
  const course = options.course
    ? `<p class="bpl-course-link"><a href="${escapeHtml(options.course.href)}">The whole course in one file</a> ` +
      `(${(options.course.bytes / 1e6).toFixed(1)} MB): every lesson${langs.length > 1 ? " in both languages" : ""}, ` +
      `for a USB stick, an e-mail or a learning platform that takes one file. ` +
      `<span lang="ko">${langs.length > 1 ? "두 언어의 " : ""}모든 레슨을 파일 하나에 담았습니다.</span></p>`
    : "";
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${GENERATOR_META}
<title>${escapeHtml(projectTitle)}: the lessons</title>
<style>
body { font: 17px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK KR", "Apple SD Gothic Neo", "Malgun Gothic", sans-serif; color: #1f1f1f; margin: 0; }
main { max-width: 720px; margin: 0 auto; padding: 40px 24px; }
h1 { font-size: 28px; margin: 0 0 8px; }
h2 { font-size: 21px; margin: 28px 0 0; }
ol { list-style: none; padding-left: 0; }
li { margin: 10px 0; }
a { color: #1a5fb4; }
a.slides { font-size: 14px; margin-left: 6px; }
small { color: #777; margin-left: 6px; }
.bpl-course-link { padding: 10px 14px; background: #f0f5fc; border-radius: 6px; }
</style>
</head>
<body>
<main>
<h1>${escapeHtml(projectTitle)}</h1>
<p>Backpropagation, step by step: the lessons in order. Each page works offline, charts included.</p>
${course}
${editions}
</main>
</body>
</html>
`;
}

/** Figure data larger than this is stored packed (gzip), smaller stays plain JSON. */
export const PACK_FIGURES_OVER = 4096;

/**
 * One chart of an exported page: a container of the size the figure asks for, with its title as
 * text until it is drawn, and its figure's data (packed when large). The page's script
 * (export/page/runtime.ts) draws it with Plotly.newPlot(container, figure) when it comes into view,
 * the call src/display/html.ts's figureHtml makes in JupyterLab.
 */
export function chartHtml(chart: NotebookChart, lang: Lang = "en"): string {
  const { id, figure } = chart;
  // Plotly's markup in a title (<br>, <sub>) is left out of the text shown before the chart.
  const title = figureTitle(figure).replace(/<[^>]*>/g, "");
  const waiting = `<p class="bpl-figure-wait">${escapeHtml(WORDS[lang].chart(title))}</p>`;
  const container = figureContainer("chartHtml", figure, id, title, waiting);
  const json = jsonForScript(figureSpec(figure));
  const data =
    json.length > PACK_FIGURES_OVER
      ? packedScript(`${id}-spec`, pack(json))
      : `<script type="application/json" id="${id}-spec">${json}</script>`;
  return `${container}\n${data}`;
}

/**
 * Puts each chart where its placeholder stands (see notebook.ts's extractNotebookCharts). A chart
 * whose cell the page leaves out (a skipped slide) is simply not there; a placeholder without a
 * chart throws.
 */
export function restoreCharts(
  html: string,
  nonce: string,
  charts: readonly NotebookChart[],
  lang: Lang = "en",
): string {
  return html.replace(new RegExp(`BPLCHART${nonce}I(\\d+)E`, "g"), (whole, index: string) => {
    const k = Number(index);
    if (k >= charts.length) throw new RangeError(`restoreCharts: placeholder ${whole} has no chart`);
    return chartHtml(charts[k], lang);
  });
}

/**
 * A page's scripts. In <head>: plotly.js packed, then the page's script, which unpacks it while the
 * browser parses and paints the text. At the end of <body>: reveal.js (slides) and the panels'
 * code, packed, which the page's script runs once the document is there.
 */
export function pageScripts(parts: { plotly?: Packed; panels?: Packed; reveal?: Packed; runtime: string }): {
  head: string;
  body: string;
} {
  const join = (scripts: string[]) => scripts.filter(Boolean).join("\n");
  return {
    head: join([parts.plotly ? packedScript(PLOTLY_ID, parts.plotly) : "", scriptTag(parts.runtime)]),
    body: join([
      parts.reveal ? packedScript(REVEAL_ID, parts.reveal) : "",
      parts.panels ? packedScript(PANELS_ID, parts.panels) : "",
    ]),
  };
}

/** Applies `edit` to the page's HTML outside its <script> elements (whose text is code or data). */
export function outsideScripts(html: string, edit: (markup: string) => string): string {
  const out: string[] = [];
  let at = 0;
  for (const m of html.matchAll(/<script\b[^>]*>[\s\S]*?<\/script>/gi)) {
    out.push(edit(html.slice(at, m.index)), m[0]);
    at = m.index! + m[0].length;
  }
  out.push(edit(html.slice(at)));
  return out.join("");
}

/**
 * Links between lessons pointed at notebooks ("Next: [5 · …](05-every-step.ipynb)"); in the pages
 * they point at the pages: `links` maps each href as written to the one it becomes (a #fragment
 * after it stays).
 */
export function rewriteLinks(html: string, links: Readonly<Record<string, string>>): string {
  if (Object.keys(links).length === 0) return html;
  return outsideScripts(html, (markup) =>
    markup.replace(
      /(<a\b[^>]*?\shref=")([^"#]*)((?:#[^"]*)?")/gi,
      (whole, before: string, href: string, rest: string) => {
        const to = links[href.replace(/&amp;/g, "&")];
        return to === undefined ? whole : `${before}${escapeHtml(to)}${rest}`;
      },
    ),
  );
}
