// `npm run export` and `npm run slides` in a real browser: every exported page, English and Korean,
// opened from file:// with the network blocked, must fetch nothing, log no error, stay within its
// size budget, show its text and formulas before any script ran, draw every chart of its notebook
// as it is scrolled to (the training chart with one curve per SGD step), render all its math with
// KaTeX, and show TypeScript code with its "In [n]:" numbers. Runs the export once, on the sample
// lesson in test/fixtures and on every lesson of both languages, into a temporary folder;
// handouts.ts checks the rest of what that export wrote (panels, links, the course file, Korean).
//
//   node --import tsx --test test/browser/export.test.ts
//
// Screenshots land in screenshots/export/ (git-ignored) for a person to look at.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { gunzipSync } from "node:zlib";
import type { Browser, Page } from "playwright-core";
import { unpackText } from "../../export/page/packing";
import { PLOTLY_ID } from "../../export/page/runtime";
import { text } from "../../scripts/export/notebook";
import { pageHref, SIZE_BUDGET } from "../../scripts/export";
import {
  chartFacts,
  contentFacts,
  drawAllCharts,
  expectedFrom,
  fullPageScreenshot,
  launchBrowser,
  openOffline,
  type ChartFacts,
  type ContentFacts,
  type DomReadyFacts,
  type Expected,
} from "./helpers";
import { handoutTests, type ExportedLesson } from "./handouts";
import { allLessons } from "../../scripts/lessons";
import { ROOT } from "../helpers";

const FIXTURE = path.join(ROOT, "test", "fixtures", "sample-lesson.ipynb");
/** Every lesson of both languages, and the sample lesson (English). */
const LESSONS: ExportedLesson[] = [
  { lang: "en" as const, name: "sample-lesson", file: FIXTURE },
  ...allLessons().map((l) => ({ lang: l.lang, name: path.basename(l.file, ".ipynb"), file: l.file })),
].sort((a, b) => (a.lang === b.lang ? (a.name < b.name ? -1 : 1) : a.lang === "en" ? -1 : 1));
const SHOTS = path.join(ROOT, "screenshots", "export");
/** The first chart, scrolled to at once, must be drawn at most this long after the load event: a bound
 * that catches a page that never draws, not a timing (npm run bench times it against a floor). */
const DRAW_BUDGET_MS = 15_000;
/** plotly.min.js as the page must unpack it. */
const PLOTLY = readFileSync(require.resolve("plotly.js-dist-min/plotly.min.js"), "utf8");
/** The first line of plotly.min.js after its licence comment's opening: "* plotly.js v4.1.2". */
const PLOTLY_BANNER = PLOTLY.split("\n")[1];
/** The fixture trains 10 epochs on 100 samples. */
const FIXTURE_STEPS = 1000;

let out = "";
let browser: Browser;
let exportLog = "";

/** Runs scripts/export.ts as `npm run export` does; returns its exit status and messages. */
function runExport(args: string[]): { status: number | null; stderr: string; seconds: number } {
  const started = Date.now();
  const run = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts", "export.ts"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 30 * 60_000,
  });
  return { status: run.status, stderr: run.stderr, seconds: (Date.now() - started) / 1000 };
}

before(async () => {
  out = mkdtempSync(path.join(os.tmpdir(), "backprop-lab-export-test-"));
  // Reversed on purpose: the export orders lessons by language and file name, not by argument order.
  const run = runExport([
    "--to",
    "html,slides",
    "--out",
    out,
    "--executed",
    path.join(out, "executed"),
    ...LESSONS.map((l) => l.file).reverse(),
  ]);
  exportLog = run.stderr;
  console.log(`export of ${LESSONS.length} notebooks took ${run.seconds.toFixed(1)} s\n${run.stderr}`);
  assert.equal(run.status, 0, `the export failed:\n${run.stderr}`);
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (out) rmSync(out, { recursive: true, force: true });
});

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
/** A lesson's executed notebook, as the export kept it. */
const executedOf = (l: ExportedLesson) => path.join(out, "executed", `${l.lang === "ko" ? "ko/" : ""}${l.name}.ipynb`);
/** The file name of a screenshot of a lesson's page: "ko-04-training…png". */
const shotOf = (l: ExportedLesson, suffix = "") =>
  path.join(SHOTS, `${l.lang === "ko" ? "ko-" : ""}${l.name}${suffix}.png`);

/** The plotly.js a page unpacks (export/page/packing.ts), or undefined when it has none. */
function packedPlotly(page: string): string | undefined {
  const m = new RegExp(`<script[^>]*\\sid="${PLOTLY_ID}"[^>]*>([^<]*)</script>`).exec(page);
  if (!m) return undefined;
  const bytes = Number(/data-bytes="(\d+)"/.exec(m[0])?.[1]);
  return gunzipSync(unpackText(m[1], bytes)).toString("utf8");
}

/** What one loaded page showed, read once and then checked by several tests. */
interface Loaded {
  file: string;
  bytes: number;
  outside: string[];
  errors: string[];
  charts: ChartFacts[];
  content: ContentFacts;
  atDomReady: DomReadyFacts;
  /** Charts drawn before any scrolling: those on or just below the first screen. */
  drawnBeforeScrolling: number;
  /** From the load event until the first chart, scrolled to at once, was drawn. */
  firstChartMs?: number;
}

/** Scrolls the first chart into view at once and waits for it; ms from the load event. */
async function firstChart(page: Page): Promise<number | undefined> {
  return page.evaluate(async () => {
    const el = document.querySelector<HTMLElement>(".bpl-figure");
    if (!el) return undefined;
    el.scrollIntoView({ block: "center" });
    const start = performance.now();
    while (!el.querySelector(".main-svg")) {
      if (performance.now() - start > 30_000) throw new Error(`${el.id} was not drawn within 30 s`);
      await new Promise((r) => setTimeout(r, 10));
    }
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    return performance.now() - nav.loadEventEnd;
  });
}

async function loadPage(file: string, expected: Expected, screenshot: string): Promise<Loaded> {
  const opened = await openOffline(browser, file, expected.figures.length);
  try {
    const { page } = opened;
    const atDomReady = await page.evaluate(
      () => (window as unknown as { __bplAtDomReady: DomReadyFacts }).__bplAtDomReady,
    );
    // Laziness: the page draws only what is near the screen (wait for plotly.js, then look).
    await page.evaluate(
      () => (window as unknown as { backpropLab?: { plotly: Promise<unknown> } }).backpropLab?.plotly,
    );
    await page.waitForTimeout(300);
    const drawnBeforeScrolling = await page.evaluate(
      () => [...document.querySelectorAll(".bpl-figure")].filter((el) => el.querySelector(".main-svg")).length,
    );
    const firstChartMs = await firstChart(page);
    await drawAllCharts(page);
    const charts = await chartFacts(page);
    const content = await contentFacts(page);
    await fullPageScreenshot(page, screenshot);
    const bytes = statSync(file).size;
    console.log(
      `${path.relative(out, file)}: ${bytes} bytes (${mb(bytes)}), ${charts.length} charts` +
        (firstChartMs === undefined ? "" : `, the first drawn ${firstChartMs.toFixed(0)} ms after the load event`),
    );
    return {
      file,
      bytes,
      outside: opened.outside,
      errors: opened.errors,
      charts,
      content,
      atDomReady,
      drawnBeforeScrolling,
      firstChartMs,
    };
  } finally {
    await opened.close();
  }
}

/** The checks every exported page (lesson or slides) must pass. */
function commonChecks(get: () => Loaded, expected: () => Expected, name: string): void {
  test("makes no request outside the file, with the network blocked", () => {
    assert.deepEqual(get().outside, []);
  });

  test("logs no console error and throws no uncaught exception", () => {
    assert.deepEqual(get().errors, []);
  });

  test(`stays within the ${mb(SIZE_BUDGET)} size budget`, () => {
    assert.ok(get().bytes <= SIZE_BUDGET, `${path.basename(get().file)} is ${mb(get().bytes)}`);
  });

  test("packs node_modules' plotly.js once when it has charts, and has none otherwise", () => {
    assert.match(PLOTLY_BANNER, /plotly\.js v\d/);
    const page = readFileSync(get().file, "utf8");
    assert.equal(page.includes(PLOTLY_BANNER), false, "no plotly.js as plain text");
    const plotly = packedPlotly(page);
    if (expected().figures.length > 0) assert.ok(plotly === PLOTLY, "the packed plotly.js is node_modules' own");
    else assert.equal(plotly, undefined);
  });

  test("shows its text and formulas before any script of the page ran", () => {
    const { atDomReady } = get();
    assert.equal(atDomReady.plotly, false, "plotly.js is not there yet");
    assert.ok(atDomReady.textLength > 200, `${atDomReady.textLength} characters of text`);
    assert.equal(atDomReady.katex, expected().formulas, "every formula, as HTML");
  });

  test("draws one chart per Plotly output of the executed notebook, each as it is scrolled to", () => {
    const { charts } = get();
    assert.deepEqual(
      charts.map((c) => c.id),
      expected().figures.map((f) => f.id),
    );
    assert.deepEqual(
      charts.filter((c) => !c.drawn).map((c) => c.id),
      [],
      "every chart has plotly's SVG",
    );
  });

  test("each chart has the notebook's traces, all of them drawn", () => {
    const byId = new Map(expected().figures.map((f) => [f.id, f.traces]));
    for (const chart of get().charts) {
      assert.deepEqual(chart.traces, byId.get(chart.id), `traces of ${chart.id}`);
      const scatter = chart.traces.filter((t) => t.type === "scatter").length;
      assert.ok(chart.drawnTraces >= scatter, `${chart.id}: ${chart.drawnTraces} of ${scatter} traces in the SVG`);
    }
  });

  test("the training chart's skyblue trace has one curve for every SGD step, in order", () => {
    const stepCharts = get().charts.filter((c) => c.stepTrace);
    for (const c of stepCharts) {
      const { segments, steps } = c.stepTrace!;
      assert.ok(segments > 0, `${c.id} has step curves`);
      assert.deepEqual(
        steps,
        Array.from({ length: segments }, (_, k) => k + 1),
        `${c.id}: curve k is step k + 1`,
      );
      const named = /\((\d+)\)/.exec(c.traces.find((t) => t.color === "skyblue")?.name ?? "");
      if (named) assert.equal(segments, Number(named[1]), `${c.id}: as many curves as its legend says`);
    }
    if (name === "sample-lesson") {
      assert.equal(stepCharts.length, 1);
      assert.equal(stepCharts[0].stepTrace!.segments, FIXTURE_STEPS);
    }
  });

  test("renders every formula with KaTeX, its fonts loaded, and shows no raw TeX", () => {
    const { content } = get();
    assert.equal(content.katex, expected().formulas, "one .katex element per formula");
    assert.equal(content.katexErrors, 0);
    assert.deepEqual(content.rawTex, []);
    if (expected().formulas > 0) {
      assert.ok(
        content.katexFonts.some((f) => f.family === "KaTeX_Main" && f.status === "loaded"),
        JSON.stringify(content.katexFonts),
      );
      assert.deepEqual(
        content.katexFonts.filter((f) => f.status === "error"),
        [],
      );
    }
  });

  test('numbers every code cell "In [n]:" as the run did', () => {
    assert.deepEqual(get().content.prompts, expected().prompts);
    assert.ok(expected().prompts.every((p) => /^In \[\d+\]:$/.test(p)));
  });

  test("highlights the code as TypeScript, not Python", () => {
    const { content } = get();
    assert.ok(content.highlightClasses.length > 0);
    assert.ok(
      content.highlightClasses.every((c) => /\bhl-typescript\b/.test(c)),
      content.highlightClasses.join(", "),
    );
    assert.ok(
      content.keywords.some((k) => k === "const" || k === "import" || k === "let"),
      content.keywords.join(" "),
    );
  });
}

for (const lesson of LESSONS) {
  const { lang, name } = lesson;
  let expected: Expected;

  describe(`${pageHref(lang, name, "html")}, opened from file://`, () => {
    let loaded: Loaded;
    before(async () => {
      expected = expectedFrom(executedOf(lesson));
      loaded = await loadPage(path.join(out, pageHref(lang, name, "html")), expected, shotOf(lesson));
    });

    test("the executed notebook says TypeScript, Pygments lexer included", () => {
      const info = expected.nb.metadata.language_info as Record<string, unknown>;
      assert.equal(info.name, "typescript");
      assert.equal(info.pygments_lexer, "typescript");
    });

    test("draws lazily: before any scrolling, not every chart of a long page is drawn", () => {
      // The lessons with four or more charts run far below the first screen.
      if (expected.figures.length >= 4) assert.ok(loaded.drawnBeforeScrolling < expected.figures.length);
    });

    test(`draws the first chart, scrolled to at once, within ${DRAW_BUDGET_MS / 1000} s of the load event`, () => {
      if (expected.figures.length === 0) return;
      assert.ok(loaded.firstChartMs !== undefined);
      assert.ok(loaded.firstChartMs <= DRAW_BUDGET_MS, `drawn ${loaded.firstChartMs.toFixed(0)} ms after load`);
    });

    commonChecks(
      () => loaded,
      () => expected,
      name,
    );
  });

  describe(`${pageHref(lang, name, "slides")}, opened from file://`, () => {
    let loaded: Loaded;
    let slides: {
      total: number;
      horizontal: number;
      chartSlides: { id: string; h: number; v: number; visible: boolean }[];
    };
    let moves: { start: { h: number; v: number }; right: { h: number; v: number }; next: { h: number; v: number } };
    before(async () => {
      expected ??= expectedFrom(executedOf(lesson));
      const file = path.join(out, pageHref(lang, name, "slides"));
      const opened = await openOffline(browser, file, expected.figures.length);
      try {
        const { page } = opened;
        type R = {
          getIndices(s?: Element): { h: number; v: number };
          getTotalSlides(): number;
          getHorizontalSlides(): Element[];
          slide(h: number, v: number): void;
          configure(o: object): void;
          isReady(): boolean;
        };
        const atDomReady = await page.evaluate(
          () => (window as unknown as { __bplAtDomReady: DomReadyFacts }).__bplAtDomReady,
        );
        await page.waitForFunction(() => (window as unknown as { Reveal?: R }).Reveal?.isReady());
        const indices = () =>
          page.evaluate(() => {
            const { h, v } = (window as unknown as { Reveal: R }).Reveal.getIndices();
            return { h, v };
          });
        const start = await indices();
        await page.screenshot({ path: shotOf(lesson, ".slides-0-0") });
        // Each key press: wait (up to 5 s) until Reveal reports the slide it should have moved to;
        // if it never does, the assertions below say where it stayed.
        const settle = (leave: boolean) =>
          page
            .waitForFunction(
              ([from, away]) => {
                const { h, v } = (window as unknown as { Reveal: R }).Reveal.getIndices();
                return (h !== from.h || v !== from.v) === away;
              },
              [start, leave] as const,
              { timeout: 5000, polling: 50 },
            )
            .catch(() => undefined);
        await page.keyboard.press("ArrowRight");
        await settle(true);
        const right = await indices();
        await page.keyboard.press("ArrowLeft");
        await settle(false);
        await page.keyboard.press("Space");
        await settle(true);
        const next = await indices();
        moves = { start, right, next };
        slides = await page.evaluate(() => {
          const R = (window as unknown as { Reveal: R }).Reveal;
          return {
            total: R.getTotalSlides(),
            horizontal: R.getHorizontalSlides().length,
            chartSlides: [...document.querySelectorAll(".bpl-figure")].map((el) => {
              const section = el.closest("section")!;
              return { id: el.id, ...R.getIndices(section), visible: false };
            }),
          };
        });
        await page.evaluate(() => (window as unknown as { Reveal: R }).Reveal.configure({ transition: "none" }));
        for (const c of slides.chartSlides) {
          await page.evaluate(([h, v]) => (window as unknown as { Reveal: R }).Reveal.slide(h, v), [c.h, c.v]);
          // The chart is drawn when its slide shows; a tall slide scrolls: the teacher scrolls down
          // to its chart. Look again for up to 10 s before calling it hidden.
          const svg = page.locator(`#${c.id} .main-svg`).first();
          for (const deadline = Date.now() + 10_000; !c.visible && Date.now() < deadline;) {
            await page.waitForTimeout(200);
            await page.evaluate((id) => document.getElementById(id)?.scrollIntoView({ block: "nearest" }), c.id);
            const box = (await svg.count()) > 0 ? await svg.boundingBox() : null;
            c.visible = box !== null && box.width > 300 && box.height > 150 && box.y < 900 && box.x < 1200;
          }
          await page.screenshot({ path: shotOf(lesson, `.slides-${c.h}-${c.v}`) });
        }
        const bytes = statSync(file).size;
        loaded = {
          file,
          bytes,
          outside: opened.outside,
          errors: opened.errors,
          charts: await chartFacts(page),
          content: await contentFacts(page),
          atDomReady,
          drawnBeforeScrolling: 0,
        };
        console.log(`${path.relative(out, file)}: ${bytes} bytes (${mb(bytes)}), ${slides.total} slides`);
      } finally {
        await opened.close();
      }
    });

    commonChecks(
      () => loaded,
      () => expected,
      name,
    );

    test("starts a slide at every heading: one → slide per section", () => {
      const starts = expected.nb.cells.filter(
        (c, i) => i === 0 || (c.cell_type === "markdown" && /^#{1,6}\s/.test(text(c.source).trimStart())),
      ).length;
      assert.equal(slides.horizontal, starts);
      assert.ok(slides.total > slides.horizontal, "code cells get slides of their own below their section");
    });

    test("→ goes to the next section and Space to the next slide", () => {
      assert.deepEqual(moves.start, { h: 0, v: 0 });
      if (slides.horizontal > 1) assert.deepEqual(moves.right, { h: 1, v: 0 });
      if (slides.total > 1) assert.notDeepEqual(moves.next, moves.start);
    });

    test("each chart is drawn and on screen when its slide is shown (scrolled to, on a tall slide)", () => {
      assert.deepEqual(
        slides.chartSlides.filter((c) => !c.visible).map((c) => `${c.id} at ${c.h}/${c.v}`),
        [],
      );
    });
  });
}

describe("index.html", () => {
  test("links every lesson of each language by its first heading, in file-name order, and fetches nothing", async () => {
    const opened = await openOffline(browser, path.join(out, "index.html"), 0);
    try {
      const links = await opened.page.evaluate(() =>
        [...document.querySelectorAll("ol.bpl-lessons > li")].map((li) => ({
          lang: li.closest("[lang]")!.getAttribute("lang"),
          title: li.querySelector("a")!.textContent,
          href: li.querySelector("a")!.getAttribute("href"),
          slides: li.querySelector("a.slides")?.getAttribute("href"),
        })),
      );
      await opened.page.screenshot({ path: path.join(SHOTS, "index.png"), fullPage: true });
      assert.deepEqual(
        links.map((l) => [l.lang, l.href]),
        LESSONS.map((l) => [l.lang, pageHref(l.lang, l.name, "html")]),
      );
      for (const [i, l] of links.entries()) {
        const nb = expectedFrom(executedOf(LESSONS[i])).nb;
        const firstMarkdown = nb.cells.find((c) => c.cell_type === "markdown" && /^\s*#/.test(text(c.source)));
        const heading = /^\s*#+\s+(.*)$/m.exec(text(firstMarkdown?.source))?.[1];
        assert.ok(heading, `${l.href} has a heading`);
        assert.equal(l.title, heading.replace(/[*`$]/g, "").trim(), `the title of ${l.href}`);
        assert.ok(existsSync(path.join(out, l.href!)));
        assert.ok(existsSync(path.join(out, l.slides!)));
      }
      assert.deepEqual(opened.outside, []);
      assert.deepEqual(opened.errors, []);
    } finally {
      await opened.close();
    }
  });

  test("the export reported every page it wrote", () => {
    for (const l of LESSONS) {
      const page = pageHref(l.lang, l.name, "html").replace(/[./]/g, "\\$&");
      assert.match(exportLog, new RegExp(`${page}: \\d+\\.\\d\\d MB`));
    }
    assert.match(exportLog, /backprop-lab\.html: \d+\.\d\d MB, the whole course/);
  });
});

handoutTests({
  out: () => out,
  browser: () => browser,
  lessons: LESSONS,
  executed: executedOf,
  shots: SHOTS,
});

describe("a notebook with a failing cell", () => {
  test("stops the export with the notebook, the cell and TypeScript's own message", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "backprop-lab-export-fail-"));
    try {
      const nb = JSON.parse(readFileSync(FIXTURE, "utf8")) as { cells: { cell_type: string; source: unknown }[] };
      nb.cells.splice(2, 0, {
        cell_type: "code",
        source: 'const steps: number = "ten";',
        ...{ metadata: {}, outputs: [], execution_count: null, id: "broken" },
      });
      const broken = path.join(dir, "broken-lesson.ipynb");
      writeFileSync(broken, JSON.stringify(nb));
      const run = runExport(["--out", path.join(dir, "out"), broken]);
      assert.equal(run.status, 1);
      assert.match(run.stderr, /broken-lesson\.ipynb failed at cell 3 of \d+ \(code, In \[2\]\)/);
      assert.match(run.stderr, /const steps: number = "ten";/);
      assert.match(run.stderr, /Type 'string' is not assignable to type 'number'/);
      assert.equal(existsSync(path.join(dir, "out", "broken-lesson.html")), false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
