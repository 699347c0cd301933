// `npm run export` and `npm run slides` in a real browser: every exported page, opened from
// file:// with the network blocked, must fetch nothing, log no error, draw every chart of its
// notebook (the training chart with one curve per SGD step), render all its math with KaTeX, and
// show TypeScript code with its "In [n]:" numbers. Runs the export once, on the sample lesson in
// test/fixtures and on every notebooks/*.ipynb, into a temporary folder.
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
import type { Browser } from "playwright-core";
import { text } from "../../scripts/export/notebook";
import { SIZE_BUDGET } from "../../scripts/export";
import {
  chartFacts,
  contentFacts,
  expectedFrom,
  launchBrowser,
  openOffline,
  type ChartFacts,
  type ContentFacts,
  type Expected,
} from "./helpers";
import { lessonNotebooks } from "../../scripts/lessons";
import { ROOT } from "../helpers";

const FIXTURE = path.join(ROOT, "test", "fixtures", "sample-lesson.ipynb");
const LESSONS = lessonNotebooks();
const NOTEBOOKS = [FIXTURE, ...LESSONS];
const NAMES = NOTEBOOKS.map((f) => path.basename(f, ".ipynb")).sort();
const SHOTS = path.join(ROOT, "screenshots", "export");
/** Charts must be drawn at most this long after the page's load event. */
const DRAW_BUDGET_MS = 2000;
/** The first line of plotly.min.js after its licence comment's opening: "* plotly.js v4.1.2". */
const PLOTLY_BANNER = readFileSync(require.resolve("plotly.js-dist-min/plotly.min.js"), "utf8").split("\n")[1];
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
    timeout: 20 * 60_000,
  });
  return { status: run.status, stderr: run.stderr, seconds: (Date.now() - started) / 1000 };
}

before(async () => {
  out = mkdtempSync(path.join(os.tmpdir(), "backprop-lab-export-test-"));
  // Reversed on purpose: the export orders lessons by file name, not by argument order.
  const run = runExport([
    "--to",
    "html,slides",
    "--out",
    out,
    "--executed",
    path.join(out, "executed"),
    ...[...NOTEBOOKS].reverse(),
  ]);
  exportLog = run.stderr;
  console.log(`export of ${NOTEBOOKS.length} notebooks took ${run.seconds.toFixed(1)} s\n${run.stderr}`);
  assert.equal(run.status, 0, `the export failed:\n${run.stderr}`);
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (out) rmSync(out, { recursive: true, force: true });
});

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;

/** What one loaded page showed, read once and then checked by several tests. */
interface Loaded {
  file: string;
  bytes: number;
  outside: string[];
  errors: string[];
  charts: ChartFacts[];
  content: ContentFacts;
  drawnAtMs?: number;
  loadMs: number;
}

async function load(file: string, expected: Expected, screenshot: string, slides: boolean): Promise<Loaded> {
  const opened = await openOffline(browser, file, expected.figures.length);
  try {
    const { page } = opened;
    if (expected.figures.length > 0) {
      await page.waitForFunction(
        () => (window as unknown as { __bplDrawnAt?: number }).__bplDrawnAt !== undefined,
        null,
        {
          timeout: 15_000,
        },
      );
    }
    const timing = await page.evaluate(() => {
      const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
      return { load: nav.loadEventEnd, drawn: (window as unknown as { __bplDrawnAt?: number }).__bplDrawnAt };
    });
    const charts = await chartFacts(page);
    const content = await contentFacts(page);
    if (!slides) await page.screenshot({ path: screenshot, fullPage: true });
    const bytes = statSync(file).size;
    const drawn = timing.drawn === undefined ? "no charts" : `charts drawn at ${timing.drawn.toFixed(0)} ms`;
    console.log(
      `${path.basename(file)}: ${bytes} bytes (${mb(bytes)}), ${drawn}, load event at ${timing.load.toFixed(0)} ms`,
    );
    return {
      file,
      bytes,
      outside: opened.outside,
      errors: opened.errors,
      charts,
      content,
      drawnAtMs: timing.drawn,
      loadMs: timing.load,
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

  test("inlines plotly.js from node_modules once when it has charts, and not at all otherwise", () => {
    assert.match(PLOTLY_BANNER, /plotly\.js v\d/);
    const page = readFileSync(get().file, "utf8");
    const copies = page.split(PLOTLY_BANNER).length - 1;
    assert.equal(copies, expected().figures.length > 0 ? 1 : 0);
  });

  test("draws one chart per Plotly output of the executed notebook, within 2 s of loading", () => {
    const { charts, drawnAtMs, loadMs } = get();
    assert.deepEqual(
      charts.map((c) => c.id),
      expected().figures.map((f) => f.id),
    );
    assert.deepEqual(
      charts.filter((c) => !c.drawn).map((c) => c.id),
      [],
      "every chart has plotly's SVG",
    );
    if (charts.length > 0) {
      assert.ok(drawnAtMs !== undefined);
      assert.ok(drawnAtMs - loadMs <= DRAW_BUDGET_MS, `drawn ${(drawnAtMs - loadMs).toFixed(0)} ms after load`);
    }
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

for (const name of NAMES) {
  let expected: Expected;
  const executed = () => path.join(out, "executed", `${name}.ipynb`);

  describe(`${name}.html, opened from file://`, () => {
    let loaded: Loaded;
    before(async () => {
      expected = expectedFrom(executed());
      loaded = await load(path.join(out, `${name}.html`), expected, path.join(SHOTS, `${name}.png`), false);
    });

    test("the executed notebook says TypeScript, Pygments lexer included", () => {
      const info = expected.nb.metadata.language_info as Record<string, unknown>;
      assert.equal(info.name, "typescript");
      assert.equal(info.pygments_lexer, "typescript");
    });

    commonChecks(
      () => loaded,
      () => expected,
      name,
    );
  });

  describe(`slides/${name}.slides.html, opened from file://`, () => {
    let loaded: Loaded;
    let slides: {
      total: number;
      horizontal: number;
      chartSlides: { id: string; h: number; v: number; visible: boolean }[];
    };
    let moves: { start: { h: number; v: number }; right: { h: number; v: number }; next: { h: number; v: number } };
    before(async () => {
      expected ??= expectedFrom(executed());
      const file = path.join(out, "slides", `${name}.slides.html`);
      loaded = await load(file, expected, "", true);
      // Reopen to walk through the slides (load() closes its page).
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
        await page.waitForFunction(() => (window as unknown as { Reveal?: R }).Reveal?.isReady());
        const indices = () =>
          page.evaluate(() => {
            const { h, v } = (window as unknown as { Reveal: R }).Reveal.getIndices();
            return { h, v };
          });
        const start = await indices();
        await page.screenshot({ path: path.join(SHOTS, `${name}.slides-0-0.png`) });
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
          // A tall slide scrolls: the teacher scrolls down to its chart. The slide is laid out a
          // frame or more after the move, so look again for up to 5 s before calling it hidden.
          const svg = page.locator(`#${c.id} .main-svg`).first();
          for (const deadline = Date.now() + 5000; !c.visible && Date.now() < deadline;) {
            await page.waitForTimeout(200);
            await svg.scrollIntoViewIfNeeded();
            const box = await svg.boundingBox();
            c.visible = box !== null && box.width > 300 && box.height > 150 && box.y < 900 && box.x < 1200;
          }
          await page.screenshot({ path: path.join(SHOTS, `${name}.slides-${c.h}-${c.v}.png`) });
        }
        loaded.errors.push(...opened.errors);
        loaded.outside.push(...opened.outside);
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

    test("each chart is on screen when its slide is shown (scrolled to, on a tall slide)", () => {
      assert.deepEqual(
        slides.chartSlides.filter((c) => !c.visible).map((c) => `${c.id} at ${c.h}/${c.v}`),
        [],
      );
    });
  });
}

describe("index.html", () => {
  test("links every lesson by its first heading, in file-name order, and fetches nothing", async () => {
    const opened = await openOffline(browser, path.join(out, "index.html"), 0);
    try {
      const links = await opened.page.evaluate(() =>
        [...document.querySelectorAll("ol.bpl-lessons > li")].map((li) => ({
          title: li.querySelector("a")!.textContent,
          href: li.querySelector("a")!.getAttribute("href"),
          slides: li.querySelector("a.slides")?.getAttribute("href"),
        })),
      );
      await opened.page.screenshot({ path: path.join(SHOTS, "index.png"), fullPage: true });
      assert.deepEqual(
        links.map((l) => l.href),
        NAMES.map((n) => `${n}.html`),
      );
      for (const l of links) {
        const nb = expectedFrom(path.join(out, "executed", l.href!.replace(/\.html$/, ".ipynb"))).nb;
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
    for (const n of NAMES) assert.match(exportLog, new RegExp(`${n}\\.html: \\d+\\.\\d\\d MB`));
  });
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
