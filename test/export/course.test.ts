// The whole course in one file (scripts/export/course.ts), and where the export puts each page and
// how the pages link each other (scripts/export.ts): the lessons of both languages side by side,
// without one id twice, every link between lessons turned into a link inside the file.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { JSDOM } from "jsdom";
import { PANELS_ID, PLOTLY_ID } from "../../export/page/runtime";
import { articleId, coursePage, type CourseLesson } from "../../scripts/export/course";
import type { Assets } from "../../scripts/export/offline";
import { chartHtml, lessonNav } from "../../scripts/export/page";
import { lessonLinks, notebookLanguage, pageHref } from "../../scripts/export";

const assets: Assets = {
  notebookCss: ".nb{}",
  slidesCss: "",
  katexCss: "",
  katexDir: "",
  plotly: "window.Plotly = {};",
  panels: "window.backpropLabExperiments = {};",
  runtime: "/* the page's script */",
  reveal: { js: "", css: "", theme: "", notes: "" },
  revealInit: "",
};
const figure = { data: [{ type: "scatter", x: [1], y: [2] }], layout: { width: 300, height: 200 } };

/** A finished lesson page, as finishPage leaves it: nav, a heading with its anchor, a chart, links. */
const page = (lang: "en" | "ko", name: string, extra: string) => {
  const nav = lessonNav([{ name, title: name, href: `${name}.html` }], 0);
  return (
    `<!DOCTYPE html><html lang="${lang}"><head><title>x</title></head><body class="jp-Notebook"><main>${nav}` +
    `<h1 id="Title">Title<a class="anchor-link" href="#Title">¶</a></h1>` +
    `${chartHtml({ id: "bpl-chart-1", figure })}${extra}${nav}</main><script>window.x = 1;</script></body></html>`
  );
};

/** As nbconvert writes the page back (BeautifulSoup sorts each tag's attributes). */
const sorted = (html: string) =>
  html
    .replace('<nav class="bpl-nav" aria-label="Lessons">', '<nav aria-label="Lessons" class="bpl-nav">')
    .replace(
      '<div class="bpl-experiment" data-experiment="training">',
      '<div data-experiment="training" class="bpl-experiment">',
    );

const lessons: CourseLesson[] = [
  {
    lang: "en",
    name: "01-a",
    title: "1 · A",
    href: "01-a.html",
    html: page("en", "01-a", '<p><a href="02-b.html">Next</a></p>'),
  },
  {
    lang: "en",
    name: "02-b",
    title: "2 · B",
    href: "02-b.html",
    html: sorted(page("en", "02-b", '<div class="bpl-experiment" data-experiment="training"></div>')),
  },
  {
    lang: "ko",
    name: "01-a",
    title: "1 · 가",
    href: "ko/01-a.html",
    html: page("ko", "01-a", '<p><a href="../01-a.html">English</a> <a href="02-b.html">다음</a></p>'),
  },
];

describe("coursePage: every lesson of both languages in one file", () => {
  const html = coursePage(lessons, assets);
  const doc = new JSDOM(html).window.document;

  test("opens with contents: each language's lessons, linking their articles", () => {
    assert.deepEqual(
      [...doc.querySelectorAll(".bpl-toc section")].map((s) => [
        s.getAttribute("lang"),
        [...s.querySelectorAll("a")].map((a) => a.getAttribute("href")),
      ]),
      [
        ["en", ["#en-01-a", "#en-02-b"]],
        ["ko", ["#ko-01-a"]],
      ],
    );
    assert.equal(doc.getElementById("contents")?.tagName, "HEADER");
  });

  test("each lesson is an article in its language, with its own navigation instead of the page's", () => {
    assert.deepEqual(
      [...doc.querySelectorAll("article.bpl-lesson")].map((a) => [a.id, a.getAttribute("lang")]),
      [
        ["en-01-a", "en"],
        ["en-02-b", "en"],
        ["ko-01-a", "ko"],
      ],
    );
    assert.equal(doc.querySelectorAll("nav.bpl-nav").length, 3, "one bar per article");
    const first = doc.getElementById("en-01-a")!.querySelector("nav")!;
    assert.deepEqual(
      [...first.querySelectorAll("a")].map((a) => [a.textContent, a.getAttribute("href")]),
      [
        ["Contents", "#contents"],
        ["한국어", "#ko-01-a"],
        ["2 · B →", "#en-02-b"],
      ],
    );
    assert.equal(doc.getElementById("ko-01-a")!.querySelector("nav a")!.textContent, "목차");
  });

  test("no id twice: every id and every link to one carries its article's prefix", () => {
    const ids = [...doc.querySelectorAll("[id]")].map((e) => e.id);
    assert.equal(new Set(ids).size, ids.length, ids.join(" "));
    assert.ok(doc.getElementById("ko-01-a-Title"));
    assert.equal(doc.querySelector("#ko-01-a-Title a.anchor-link")!.getAttribute("href"), "#ko-01-a-Title");
    for (const chart of doc.querySelectorAll(".bpl-figure")) {
      assert.ok(doc.getElementById(`${chart.id}-spec`), `${chart.id} finds its data`);
    }
  });

  test("links to other lessons' pages become links to their articles (a page not in the course stays a link)", () => {
    const hrefs = (id: string) =>
      [...doc.getElementById(id)!.querySelectorAll("p a")].map((a) => a.getAttribute("href"));
    assert.deepEqual(hrefs("en-01-a"), ["#en-02-b"]);
    assert.deepEqual(hrefs("ko-01-a"), ["#en-01-a", "02-b.html"]);
  });

  test("each experiment panel has its own part of the URL hash", () => {
    assert.equal(doc.querySelector(".bpl-experiment")!.getAttribute("data-key"), "en-02-training");
  });

  test("holds plotly.js and the panels' code once, the lessons' own scripts not at all", () => {
    assert.equal(doc.querySelectorAll(`#${PLOTLY_ID}`).length, 1);
    assert.equal(doc.querySelectorAll(`#${PANELS_ID}`).length, 1);
    assert.doesNotMatch(html, /window\.x = 1/);
    assert.equal(html.split(assets.runtime).length - 1, 1);
  });

  test("refuses an empty course", () => {
    assert.throws(() => coursePage([], assets), /coursePage: lessons must not be empty/);
    assert.equal(articleId("ko", "04-training"), "ko-04-training");
  });
});

describe("where the export writes each page, and how lessons link each other", () => {
  test("English pages in the output folder, Korean ones in ko/, slides in slides/ and slides/ko/", () => {
    assert.equal(pageHref("en", "04-training", "html"), "04-training.html");
    assert.equal(pageHref("ko", "04-training", "html"), "ko/04-training.html");
    assert.equal(pageHref("ko", "04-training", "slides"), "slides/ko/04-training.slides.html");
    assert.equal(notebookLanguage("/x/notebooks/ko/04-training.ipynb"), "ko");
    assert.equal(notebookLanguage("/x/notebooks/04-training.ipynb"), "en");
  });

  test("a lesson's links to notebooks, as written, become links to pages of the same kind", () => {
    const jobs = [
      { file: "", lang: "en" as const, name: "04-training" },
      { file: "", lang: "en" as const, name: "05-every-step" },
      { file: "", lang: "ko" as const, name: "04-training" },
    ];
    const ko = lessonLinks(jobs[2], jobs, "html");
    assert.equal(ko["../04-training.ipynb"], "../04-training.html");
    assert.equal(ko["04-training.ipynb"], "04-training.html");
    const enSlides = lessonLinks(jobs[0], jobs, "slides");
    assert.equal(enSlides["05-every-step.ipynb"], "05-every-step.slides.html");
    assert.equal(enSlides["ko/04-training.ipynb"], "ko/04-training.slides.html");
  });
});
