// The whole course in one file (dist/backprop-lab.html): a table of contents, then every lesson of
// every language, each an <article> cut from its finished page. plotly.js, the panels' code, the
// styles and KaTeX's fonts are in it once; each chart is drawn as it scrolls into view, as on the
// lesson pages. For a USB stick, an e-mail, or a learning platform that takes a single file.
import { readFileSync } from "node:fs";
import path from "node:path";
import { escapeHtml } from "../../src/display/html";
import { assertSelfContained, katexCss, styleTag } from "./assets";
import type { Assets } from "./offline";
import { pack, packCached } from "./pack";
import { GENERATOR_META, outsideScripts, pageScripts, twinLink, type Lang } from "./page";

/** One lesson of the course: its finished page (as scripts/export/offline.ts's finishPage wrote it). */
export interface CourseLesson {
  lang: Lang;
  /** The notebook's file name without .ipynb, e.g. "04-training". */
  name: string;
  title: string;
  /** The finished page, as the lesson's own .html file holds it. */
  html: string;
  /** Where that page is, relative to the course file (e.g. "ko/04-training.html"): links to it become anchors. */
  href: string;
}

/** The id of a lesson's <article>: its language and name, e.g. "ko-04-training". */
export function articleId(lang: Lang, name: string): string {
  return `${lang}-${name}`;
}

const WORDS: Record<Lang, { edition: string; contents: string; prev: string; next: string }> = {
  en: { edition: "English", contents: "Contents", prev: "previous", next: "next" },
  ko: { edition: "한국어", contents: "목차", prev: "이전", next: "다음" },
};

/** The part of a finished page between <main> and </main>, without its lesson navigation. */
export function lessonBody(html: string, name: string): string {
  const start = html.indexOf("<main>");
  const end = html.lastIndexOf("</main>");
  if (start === -1 || end < start) throw new Error(`course: the page of ${name} has no <main>`);
  return outsideScripts(html.slice(start + "<main>".length, end), (markup) =>
    markup.replace(/<nav\b[^>]*\sclass="bpl-nav"[^>]*>[\s\S]*?<\/nav>/g, ""),
  );
}

/**
 * A lesson's body made to live beside the others: every id gets the article's prefix (headings,
 * cells and charts repeat across lessons and languages), and so does every link to one; links to
 * other lessons' pages become links to their articles; each experiment panel gets its own part of
 * the URL hash (data-key, e.g. "ko-06-training").
 */
export function courseArticleBody(
  body: string,
  prefix: string,
  lessonLinks: Readonly<Record<string, string>>,
  panelKey: (experiment: string) => string,
): string {
  return outsideScripts(body, (markup) =>
    markup
      .replace(/(\sid=")([^"]*")/g, `$1${prefix}-$2`)
      .replace(/((?:\s(?:xlink:)?href)=")#([^"]*")/g, `$1#${prefix}-$2`)
      .replace(/url\(#/g, `url(#${prefix}-`)
      .replace(/(<a\b[^>]*?\shref=")([^"#]*)((?:#[^"]*)?)"/gi, (whole, before: string, href: string) => {
        const to = lessonLinks[href];
        return to === undefined ? whole : `${before}${to}"`;
      })
      .replace(/<div\b[^>]*\sclass="bpl-experiment"[^>]*>/g, (tag: string) => {
        const experiment = /\sdata-experiment="([\w-]+)"/.exec(tag)?.[1];
        return experiment ? tag.replace(/>$/, ` data-key="${panelKey(experiment)}">`) : tag;
      }),
  ).replace(/(<script\b[^>]*\sid=")([^"]*")/g, `$1${prefix}-$2`);
}

/** The course file: contents, then every lesson in order (English first), everything inlined once. */
export function coursePage(
  lessons: readonly CourseLesson[],
  assets: Assets,
  options: { projectTitle?: string; strict?: boolean } = {},
): string {
  if (lessons.length === 0) throw new RangeError("coursePage: lessons must not be empty");
  const projectTitle = options.projectTitle ?? "backprop-lab";
  const langs = [...new Set(lessons.map((l) => l.lang))];
  // Every lesson page's href, seen from a page of the same language folder → that lesson's article.
  const byHref = new Map(lessons.map((l) => [l.href, `#${articleId(l.lang, l.name)}`]));
  const linksFrom = (from: CourseLesson): Record<string, string> => {
    const dir = path.posix.dirname(from.href);
    const links: Record<string, string> = {};
    for (const [href, anchor] of byHref) links[path.posix.relative(dir, href)] = anchor;
    return links;
  };
  const twinOf = (l: CourseLesson) => lessons.find((o) => o.name === l.name && o.lang !== l.lang);

  const articles = lessons.map((l) => {
    const id = articleId(l.lang, l.name);
    const words = WORDS[l.lang];
    const same = lessons.filter((o) => o.lang === l.lang);
    const k = same.indexOf(l);
    const prev = same[k - 1];
    const next = same[k + 1];
    const twin = twinOf(l);
    const nav = [
      `<nav class="bpl-nav" aria-label="${escapeHtml(l.title)}">`,
      prev
        ? `<a rel="prev" href="#${articleId(prev.lang, prev.name)}">← ${escapeHtml(prev.title)}</a>`
        : "<span></span>",
      `<span><a href="#contents">${words.contents}</a>${twin ? ` · ${twinLink(twin.lang, `#${articleId(twin.lang, twin.name)}`)}` : ""}</span>`,
      next
        ? `<a rel="next" href="#${articleId(next.lang, next.name)}">${escapeHtml(next.title)} →</a>`
        : "<span></span>",
      `</nav>`,
    ].join("");
    const body = courseArticleBody(
      lessonBody(l.html, l.name),
      id,
      linksFrom(l),
      (experiment) => `${l.lang}-${l.name.slice(0, 2)}-${experiment}`,
    );
    return `<article class="bpl-lesson" id="${id}" lang="${l.lang}">\n${nav}\n${body}\n</article>`;
  });

  const toc = langs
    .map((lang) => {
      const items = lessons
        .filter((l) => l.lang === lang)
        .map((l) => `<li><a href="#${articleId(l.lang, l.name)}">${escapeHtml(l.title)}</a></li>`)
        .join("\n");
      return `<section lang="${lang}">\n<h2>${WORDS[lang].edition}</h2>\n<ol>\n${items}\n</ol>\n</section>`;
    })
    .join("\n");

  const main = articles.join("\n");
  // KaTeX's fonts once, for the formulas of every lesson.
  const mathCss = main.includes('class="katex"')
    ? katexCss(assets.katexCss, main, (file) => readFileSync(path.join(assets.katexDir, file)))
    : "";
  const panels = /<div\b[^>]*\sclass="bpl-experiment"/.test(main);
  const charts = main.includes('class="bpl-figure"');
  const scripts =
    charts || panels
      ? pageScripts({
          plotly: packCached(assets.plotly),
          ...(panels ? { panels: pack(assets.panels) } : {}),
          runtime: assets.runtime,
        })
      : { head: "", body: "" };
  const both = langs.length > 1;
  const page = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${GENERATOR_META}
<title>${escapeHtml(projectTitle)}: the whole course</title>
${styleTag(assets.notebookCss)}
${mathCss ? styleTag(mathCss) : ""}
${scripts.head}
</head>
<body class="jp-Notebook bpl-course" data-jp-theme-light="true" data-jp-theme-name="JupyterLab Light">
<main>
<header class="bpl-course-header" id="contents">
<h1>${escapeHtml(projectTitle)}</h1>
<p>Backpropagation, step by step: every lesson${both ? " in English and in Korean" : ""}, in one file that works
offline. Each chart is drawn when you scroll to it.</p>
${both ? `<p lang="ko">역전파를 한 단계씩: 모든 레슨을 한국어와 영어로, 오프라인에서도 열리는 파일 하나에 담았습니다. 차트는 스크롤해서 그 자리에 오면 그려집니다.</p>` : ""}
<nav class="bpl-toc" aria-label="Contents">
${toc}
</nav>
</header>
${main}
</main>
${scripts.body}
</body>
</html>
`;
  try {
    assertSelfContained(page, "the course file");
  } catch (e) {
    if (options.strict !== false) throw e;
  }
  return page;
}
