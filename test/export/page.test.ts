// The export's finished pages: the index with both languages and the course file, the links between
// lessons and between twins, the markers the templates leave, the charts as containers drawn from
// their (packed) data, and the scripts a page ends with.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { gunzipSync } from "node:zlib";
import { JSDOM } from "jsdom";
import type { Figure } from "../../src/figures";
import { unpackText } from "../../export/page/packing";
import { PACKED_TYPE, PANELS_ID, PLOTLY_ID, REVEAL_ID } from "../../export/page/runtime";
import {
  chartHtml,
  fillMarker,
  GENERATOR_META,
  indexPage,
  isExportedPage,
  lessonNav,
  outsideScripts,
  PACK_FIGURES_OVER,
  pageScripts,
  restoreCharts,
  rewriteLinks,
  slidesNav,
  type Lesson,
} from "../../scripts/export/page";
import { chartPlaceholder } from "../../scripts/export/notebook";
import { pack } from "../../scripts/export/pack";

const lessons: Lesson[] = [
  { name: "01-dataset", title: "Dataset 만들기", href: "01-dataset.html", slidesHref: "slides/01-dataset.slides.html" },
  { name: "02-forward", title: "Forward <pass> & loss", href: "02-forward.html" },
  { name: "03-backward", title: "Backward", href: "03-backward.html" },
];
const korean: Lesson[] = [
  { name: "01-dataset", title: "1 · 데이터셋", href: "ko/01-dataset.html", lang: "ko" },
  { name: "02-forward", title: "2 · 순전파", href: "ko/02-forward.html", lang: "ko" },
];

/** The text a packed script holds, unpacked and gunzipped. */
const unpacked = (doc: Document, id: string) => {
  const el = doc.getElementById(id)!;
  return gunzipSync(unpackText(el.textContent!, Number(el.getAttribute("data-bytes")))).toString("utf8");
};

describe("indexPage", () => {
  test("links every lesson by its title, in the order given", () => {
    const doc = new JSDOM(indexPage(lessons)).window.document;
    const links = [...doc.querySelectorAll("ol.bpl-lessons > li > a:first-child")];
    assert.deepEqual(
      links.map((a) => [a.textContent, a.getAttribute("href")]),
      lessons.map((l) => [l.title, l.href]),
    );
  });

  test("escapes titles and links slides only where they were exported", () => {
    const html = indexPage(lessons);
    assert.match(html, /Forward &lt;pass&gt; &amp; loss/);
    const doc = new JSDOM(html).window.document;
    assert.deepEqual(
      [...doc.querySelectorAll("a.slides")].map((a) => a.getAttribute("href")),
      ["slides/01-dataset.slides.html"],
    );
  });

  test("lists each language under its own heading, Korean marked lang=ko, and links the course file", () => {
    const doc = new JSDOM(
      indexPage([...lessons, ...korean], { course: { href: "backprop-lab.html", bytes: 7_340_000 } }),
    ).window.document;
    const sections = [...doc.querySelectorAll("section")];
    assert.deepEqual(
      sections.map((s) => [s.getAttribute("lang"), s.querySelector("h2")?.textContent]),
      [
        ["en", "English"],
        ["ko", "한국어"],
      ],
    );
    assert.deepEqual(
      [...sections[1].querySelectorAll("li > a")].map((a) => a.getAttribute("href")),
      ["ko/01-dataset.html", "ko/02-forward.html"],
    );
    const course = doc.querySelector(".bpl-course-link a")!;
    assert.equal(course.getAttribute("href"), "backprop-lab.html");
    assert.match(doc.querySelector(".bpl-course-link")!.textContent!, /7\.3 MB.*both languages/);
  });

  test("is a complete page that loads nothing", () => {
    const html = indexPage(lessons);
    assert.match(html, /^<!DOCTYPE html>/);
    assert.doesNotMatch(html, /<script|<link|@import|url\(/);
  });

  test("refuses an empty list", () => {
    assert.throws(() => indexPage([]), /indexPage: lessons must not be empty/);
  });
});

describe("lessonNav", () => {
  const nav = (i: number) => new JSDOM(lessonNav(lessons, i)).window.document;

  test("the first lesson links the index and the next lesson, not a previous one", () => {
    const doc = nav(0);
    assert.equal(doc.querySelector('a[rel="prev"]'), null);
    assert.equal(doc.querySelector('a[rel="next"]')?.getAttribute("href"), "02-forward.html");
    assert.match(doc.querySelector('a[href="index.html"]')!.textContent!, /1 of 3/);
  });

  test("a middle lesson links both neighbours; the last has no next", () => {
    assert.equal(nav(1).querySelector('a[rel="prev"]')?.getAttribute("href"), "01-dataset.html");
    assert.equal(nav(1).querySelector('a[rel="next"]')?.getAttribute("href"), "03-backward.html");
    assert.equal(nav(2).querySelector('a[rel="next"]'), null);
  });

  test("links the twin in the other language, named in that language, and speaks the page's language", () => {
    const en = new JSDOM(lessonNav(lessons, 0, { twin: { lang: "ko", href: "ko/01-dataset.html" } })).window.document;
    const twin = en.querySelector("a.bpl-twin")!;
    assert.deepEqual(
      [twin.textContent, twin.getAttribute("href"), twin.getAttribute("lang"), twin.getAttribute("hreflang")],
      ["한국어", "ko/01-dataset.html", "ko", "ko"],
    );
    const ko = new JSDOM(
      lessonNav(korean, 1, {
        lang: "ko",
        indexHref: "../index.html",
        twin: { lang: "en", href: "../02-forward.html" },
      }),
    ).window.document;
    assert.equal(ko.querySelector("nav")!.getAttribute("aria-label"), "레슨");
    assert.equal(ko.querySelector('a[href="../index.html"]')!.textContent, "모든 레슨 (2개 중 2번째)");
    assert.equal(ko.querySelector("a.bpl-twin")!.textContent, "English");
  });

  test("throws for an index outside the list", () => {
    assert.throws(() => lessonNav(lessons, 3), /lessonNav: index must be 0…2, got 3/);
  });

  test("slidesNav: the slides' corner links the index and the twin deck, or is empty", () => {
    const doc = new JSDOM(
      slidesNav({ lang: "ko", indexHref: "../../index.html", twin: { lang: "en", href: "../01-dataset.slides.html" } }),
    ).window.document;
    assert.deepEqual(
      [...doc.querySelectorAll("nav.bpl-slides-nav a")].map((a) => [a.textContent, a.getAttribute("href")]),
      [
        ["레슨", "../../index.html"],
        ["English", "../01-dataset.slides.html"],
      ],
    );
    assert.equal(slidesNav({}), "");
  });
});

describe("isExportedPage", () => {
  test("recognises the export's own pages by their generator tag, and nothing else", () => {
    assert.equal(isExportedPage(indexPage(lessons)), true);
    assert.equal(isExportedPage(`<!DOCTYPE html><head>${GENERATOR_META}`), true);
    // As nbconvert's HTML serialiser writes it back.
    assert.equal(isExportedPage(`<!DOCTYPE html><head>${GENERATOR_META.replace(/>$/, "/>")}</head>`), true);
    assert.equal(isExportedPage(`<!DOCTYPE html><head></head><body>${GENERATOR_META}</body>`), false);
    assert.equal(isExportedPage("<!DOCTYPE html><title>someone's page</title>"), false);
  });
});

describe("fillMarker", () => {
  test("fills every occurrence of the marker", () => {
    assert.equal(fillMarker("a<!--m-->b<!--m-->", "<!--m-->", "X"), "aXbX");
  });

  test("throws when the template has no such marker", () => {
    assert.throws(() => fillMarker("<html>", "<!-- backprop-lab:head -->", "X"), /has no <!-- backprop-lab:head -->/);
  });
});

describe("chartHtml: a container the page draws as it comes into view", () => {
  const small: Figure = {
    data: [{ type: "scatter", x: [1], y: [2] }],
    layout: { width: 300, height: 200, title: { text: "A <b>loss</b>" } },
  };
  const big: Figure = {
    data: [
      { type: "scatter", x: Array.from({ length: 2000 }, (_, i) => i), y: Array.from({ length: 2000 }, Math.sqrt) },
    ],
    layout: {},
    frames: [{ name: "0", data: [] }],
  };

  test("sizes the container as the figure asks, names it by its title, and shows the title until drawn", () => {
    const doc = new JSDOM(chartHtml({ id: "c1", figure: small })).window.document;
    const el = doc.getElementById("c1")!;
    assert.equal(el.className, "bpl-figure");
    assert.equal(el.getAttribute("role"), "img");
    assert.equal(el.getAttribute("aria-label"), "A loss");
    assert.equal(el.getAttribute("style"), "width:300px;height:200px;max-width:100%");
    assert.equal(el.textContent, "Chart “A loss”");
    const ko = new JSDOM(chartHtml({ id: "c1", figure: small }, "ko")).window.document;
    assert.equal(ko.getElementById("c1")!.textContent, "차트 “A loss”");
  });

  test("a small figure's data is JSON beside it, with plotly's call's config", () => {
    const doc = new JSDOM(chartHtml({ id: "c1", figure: small })).window.document;
    const spec = doc.getElementById("c1-spec")!;
    assert.equal(spec.getAttribute("type"), "application/json");
    assert.deepEqual(JSON.parse(spec.textContent!), { ...small, config: { responsive: false } });
  });

  test(`a figure of more than ${PACK_FIGURES_OVER} characters is packed, frames and all`, () => {
    const doc = new JSDOM(chartHtml({ id: "big", figure: big })).window.document;
    assert.equal(doc.getElementById("big-spec")!.getAttribute("type"), PACKED_TYPE);
    const figure = JSON.parse(unpacked(doc, "big-spec"));
    assert.equal(figure.data[0].x.length, 2000);
    assert.deepEqual(figure.frames, big.frames);
    assert.equal(figure.layout.width, undefined);
    assert.match(doc.getElementById("big")!.getAttribute("style")!, /width:800px;height:400px/, "800 × 400 by default");
  });

  test("refuses an id that is not letters, digits, - or _", () => {
    assert.throws(() => chartHtml({ id: 'x"><script>', figure: small }), /chartHtml: id must be letters/);
  });
});

describe("restoreCharts: each chart where its placeholder stands", () => {
  const figure: Figure = { data: [{ type: "scatter", x: [1], y: [2] }], layout: { width: 300, height: 200 } };
  const charts = [
    { id: "first", figure },
    { id: "second", figure },
  ];

  test("puts each chart's container in, for every placeholder", () => {
    const page = `<div>${chartPlaceholder("n1", 1)}</div><p>${chartPlaceholder("n1", 0)}</p>`;
    assert.equal(restoreCharts(page, "n1", charts), `<div>${chartHtml(charts[1])}</div><p>${chartHtml(charts[0])}</p>`);
  });

  test("a chart left off the page (a skipped slide) is no error; a placeholder without a chart is", () => {
    assert.equal(restoreCharts("<p>none</p>", "n1", charts), "<p>none</p>");
    assert.equal(restoreCharts(chartPlaceholder("other", 0), "n1", charts), chartPlaceholder("other", 0));
    assert.throws(() => restoreCharts(chartPlaceholder("n1", 2), "n1", charts), /BPLCHARTn1I2E has no chart/);
  });
});

describe("pageScripts: plotly.js and the page's script in <head>, reveal.js and the panels at the end", () => {
  test("packs each under its id, only when asked for; plotly.js comes before the script that unpacks it", () => {
    const { head, body } = pageScripts({
      reveal: pack("window.Reveal = 1;"),
      plotly: pack("window.Plotly = 1;"),
      panels: pack("window.panels = 1;"),
      runtime: "/* runtime */",
    });
    const doc = new JSDOM(`<head>${head}</head><body>${body}</body>`).window.document;
    const ids = (root: Element) => [...root.querySelectorAll("script")].map((s) => s.id || s.textContent);
    assert.deepEqual(ids(doc.head), [PLOTLY_ID, "/* runtime */"]);
    assert.deepEqual(ids(doc.body), [REVEAL_ID, PANELS_ID]);
    assert.equal(unpacked(doc, PLOTLY_ID), "window.Plotly = 1;");
    assert.deepEqual(pageScripts({ runtime: "r()" }), { head: "<script>r()</script>", body: "" });
  });
});

describe("rewriteLinks: links to lessons' notebooks become links to their pages", () => {
  const links = { "05-every-step.ipynb": "05-every-step.html", "../04-training.ipynb": "../04-training.html" };

  test("rewrites exactly the hrefs it knows, keeping a #fragment", () => {
    const html =
      '<p><a href="05-every-step.ipynb">Next</a> <a href="../04-training.ipynb#loop">English</a> ' +
      '<a href="https://example.org/05-every-step.ipynb">elsewhere</a> <a href="06-x.ipynb">unknown</a></p>';
    assert.equal(
      rewriteLinks(html, links),
      '<p><a href="05-every-step.html">Next</a> <a href="../04-training.html#loop">English</a> ' +
        '<a href="https://example.org/05-every-step.ipynb">elsewhere</a> <a href="06-x.ipynb">unknown</a></p>',
    );
  });

  test("leaves the text of scripts alone (code and data are not markup)", () => {
    const script = "<script>var a = '<a href=\"05-every-step.ipynb\">';</script>";
    assert.equal(rewriteLinks(script, links), script);
    assert.equal(
      outsideScripts(`x${script}y`, (m) => m.toUpperCase()),
      `X${script}Y`,
    );
  });
});
