// The export's finished pages: the index in lesson order, the links between lessons, the markers
// the templates leave, and plotly.js inlined once with the charts that waited for it drawn.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { JSDOM } from "jsdom";
import { figureHtml } from "../../src/display/html";
import type { Figure } from "../../src/figures";
import {
  fillMarker,
  GENERATOR_META,
  indexPage,
  isExportedPage,
  lessonNav,
  plotlyScripts,
  restoreCharts,
  type Lesson,
} from "../../scripts/export/page";
import { chartPlaceholder } from "../../scripts/export/notebook";

const lessons: Lesson[] = [
  { name: "01-dataset", title: "Dataset 만들기", href: "01-dataset.html", slidesHref: "slides/01-dataset.slides.html" },
  { name: "02-forward", title: "Forward <pass> & loss", href: "02-forward.html" },
  { name: "03-backward", title: "Backward", href: "03-backward.html" },
];

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

  test("throws for an index outside the list", () => {
    assert.throws(() => lessonNav(lessons, 3), /lessonNav: index must be 0…2, got 3/);
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

describe("plotlyScripts: plotly.js last, then the waiting charts", () => {
  const figure: Figure = { data: [{ type: "scatter", x: [1], y: [2] }], layout: { width: 300, height: 200 } };
  // A stand-in for plotly.js that records what it is asked to draw.
  const fakePlotly = "window.Plotly = { newPlot: function (el) { (window.drawn = window.drawn || []).push(el.id); } };";

  const run = (body: string) => {
    const dom = new JSDOM(`<!DOCTYPE html><body>${body}</body>`, { runScripts: "dangerously" });
    const drawn = (dom.window as unknown as { drawn?: string[] }).drawn;
    return drawn && [...drawn];
  };

  test("draws every chart that came before plotly.js, once each, in page order", () => {
    const charts = figureHtml(figure, "chart-a") + figureHtml(figure, "chart-b");
    assert.deepEqual(run(charts + plotlyScripts(fakePlotly)), ["chart-a", "chart-b"]);
  });

  test("a chart after plotly.js draws at once", () => {
    assert.deepEqual(run(plotlyScripts(fakePlotly) + figureHtml(figure, "late")), ["late"]);
  });

  test("refuses a script that is not plotly.js", () => {
    assert.throws(() => plotlyScripts("console.log(1)"), /not plotly.js/);
  });
});

describe("restoreCharts: each chart where its placeholder stands", () => {
  const figure: Figure = { data: [{ type: "scatter", x: [1], y: [2] }], layout: { width: 300, height: 200 } };
  const charts = [
    { id: "first", figure },
    { id: "second", figure },
  ];

  test("puts src/display/html.ts's chart HTML in, for every placeholder", () => {
    const page = `<div>${chartPlaceholder("n1", 1)}</div><p>${chartPlaceholder("n1", 0)}</p>`;
    assert.equal(
      restoreCharts(page, "n1", charts),
      `<div>${figureHtml(figure, "second")}</div><p>${figureHtml(figure, "first")}</p>`,
    );
  });

  test("a chart left off the page (a skipped slide) is no error; a placeholder without a chart is", () => {
    assert.equal(restoreCharts("<p>none</p>", "n1", charts), "<p>none</p>");
    assert.equal(restoreCharts(chartPlaceholder("other", 0), "n1", charts), chartPlaceholder("other", 0));
    assert.throws(() => restoreCharts(chartPlaceholder("n1", 2), "n1", charts), /BPLCHARTn1I2E has no chart/);
  });
});
