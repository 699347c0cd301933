// Part "handouts": the exported pages as a learner opens them, in headless Chromium from file://.
//
//   - each page's size (≤ 2.5 MB; the whole-course file ≤ 10 MB);
//   - navigation start → the first chart drawn, side by side with the floor: a page this part
//     builds itself, holding nothing but plotly.js (inline, as before packing) and one tiny chart.
//     Our pages store plotly.js packed and draw a chart when it comes into view; the bench scrolls
//     the first chart into view at DOMContentLoaded, as a reader who goes straight to it. Several
//     rounds, the floor measured again every few pages, medians, ratio (target ≤ 1.25×). The text
//     shows long before: first contentful paint is reported beside it;
//   - each experiment panel's redraw at the lesson's settings (target ≤ 100 ms): the seed switched
//     between 2023 and 2024 (the same amount of training), from the input event until the redrawn
//     chart is on screen.
//
// Builds dist/ with scripts/export.ts when it has no pages; numbers are never made up.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import { COURSE_BUDGET, COURSE_FILE, SIZE_BUDGET } from "../scripts/export";
import { withBrowser } from "./browser";
import { ROOT, runCommand, type BenchOptions } from "./context";
import { fmtBytes, fmtMs, fmtRatio, median, row, verdict, type PartResult, type Row } from "./report";

const PART = "handouts";
const TARGET_RATIO = 1.25;
const TARGET_REDRAW_MS = 100;
const TIMEOUT_MS = 60_000;
/** The floor is measured again after this many pages, so that a slow spell hits both sides. */
const FLOOR_EVERY = 4;
/** Redraws per panel page and round. */
const REDRAWS = 8;

/** The page with nothing but plotly.js and one tiny chart. */
function floorPage(dir: string): string {
  const plotly = fs.readFileSync(require.resolve("plotly.js-dist-min/plotly.min.js"), "utf8");
  const file = path.join(dir, "floor.html");
  fs.writeFileSync(
    file,
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>floor</title></head><body>' +
      '<div id="floor" style="width:400px;height:300px"></div>' +
      `<script>${plotly.replace(/<(\/script|!--)/gi, "\\x3C$1")}</script>` +
      '<script>Plotly.newPlot("floor", [{ x: [1, 2, 3], y: [2, 1, 3] }], { width: 400, height: 300 });</script>' +
      "</body></html>",
  );
  return file;
}

// Recorded in the page from its first moment: when the first chart has Plotly's SVG (then one
// frame, so it is on screen), and first contentful paint. At DOMContentLoaded the first chart is
// scrolled into view.
const RECORDER = `(() => {
  const w = window;
  document.addEventListener("DOMContentLoaded", () => {
    const first = document.querySelector(".bpl-figure");
    if (first) first.scrollIntoView({ block: "center" });
  });
  const observer = new MutationObserver(() => {
    if (w.__bench_drawn !== undefined || !document.querySelector(".main-svg")) return;
    w.__bench_drawn = -1;
    observer.disconnect();
    requestAnimationFrame(() => { w.__bench_drawn = performance.now(); });
  });
  observer.observe(document, { childList: true, subtree: true });
})()`;

interface Load {
  firstChart: number;
  fcp: number;
}

/** Opens `file` in a fresh context (nothing cached) and times its first chart. */
async function loadOnce(browser: Browser, file: string): Promise<Load> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    await context.addInitScript(RECORDER);
    const page = await context.newPage();
    await page.goto(pathToFileURL(file).href, { waitUntil: "load", timeout: TIMEOUT_MS });
    await page.waitForFunction("(window.__bench_drawn || -1) > 0", undefined, { timeout: TIMEOUT_MS, polling: 20 });
    return (await page.evaluate(`({
      firstChart: window.__bench_drawn,
      fcp: (performance.getEntriesByName("first-contentful-paint")[0] || { startTime: NaN }).startTime,
    })`)) as Load;
  } finally {
    await context.close();
  }
}

/** Opens a page with a panel, brings it into view, and times REDRAWS redraws at the lesson's settings. */
async function redraws(browser: Browser, file: string): Promise<{ ms: number[]; readout: number[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(pathToFileURL(file).href, { waitUntil: "load", timeout: TIMEOUT_MS });
    return (await page.evaluate(
      `(async () => {
        const el = document.querySelector(".bpl-experiment");
        const frame = () => new Promise((r) => requestAnimationFrame(r));
        const start = performance.now();
        if (el.closest(".reveal")) {
          // Slides: show the panel's slide.
          while (!(window.Reveal && window.Reveal.isReady())) await frame();
          const at = window.Reveal.getIndices(el.closest("section"));
          window.Reveal.slide(at.h, at.v);
        } else el.scrollIntoView({ block: "start" });
        while (!el.querySelector(".bpl-experiment-chart .main-svg")) {
          if (performance.now() - start > ${TIMEOUT_MS}) throw new Error("the panel did not mount");
          await new Promise((r) => setTimeout(r, 20));
        }
        const seed = el.querySelector('[name="seed"]');
        const ms = [], readout = [];
        for (let i = 0; i < ${REDRAWS}; i++) {
          await new Promise((r) => setTimeout(r, 100));
          const n = Number(el.dataset.drawn);
          const t0 = performance.now();
          seed.value = String(i % 2 === 0 ? 2024 : 2023);
          seed.dispatchEvent(new Event("input", { bubbles: true }));
          while (Number(el.dataset.drawn) === n) await frame();
          await frame();
          ms.push(performance.now() - t0);
          const own = /(\\d+) ms$/.exec(el.querySelector(".bpl-experiment-readout").textContent);
          readout.push(own ? Number(own[1]) : NaN);
        }
        return { ms, readout };
      })()`,
    )) as { ms: number[]; readout: number[] };
  } finally {
    await context.close();
  }
}

/** The pages of dist/ in lesson order: English, Korean, the course file; and the slides. */
function distPages(dist: string): { pages: string[]; slides: string[] } {
  const html = (dir: string) =>
    fs.existsSync(dir)
      ? fs
          .readdirSync(dir)
          .filter((f) => /^\d\d-.*\.html$/.test(f))
          .sort()
          .map((f) => path.join(dir, f))
      : [];
  const course = path.join(dist, COURSE_FILE);
  return {
    pages: [...html(dist), ...html(path.join(dist, "ko")), ...(fs.existsSync(course) ? [course] : [])],
    slides: [...html(path.join(dist, "slides")), ...html(path.join(dist, "slides", "ko"))],
  };
}

/** Runs the handouts part. */
export async function handoutsPart(opts: BenchOptions): Promise<PartResult> {
  const dist = path.join(ROOT, "dist");
  const notes: string[] = [];
  if (distPages(dist).pages.length === 0) {
    const t0 = Date.now();
    await runCommand("handoutsPart", "npx", ["tsx", "scripts/export.ts"], { timeoutMs: 30 * 60_000 });
    notes.push(
      `Handouts: dist/ had no pages, so bench ran \`npx tsx scripts/export.ts\` first (${fmtMs(Date.now() - t0)}).`,
    );
  }
  const { pages, slides } = distPages(dist);
  if (pages.length === 0) throw new Error("handoutsPart: scripts/export.ts ran but wrote no dist/NN-*.html");
  const rel = (f: string) => path.relative(dist, f);
  const rows: Row[] = [];

  for (const f of [...pages, ...slides]) {
    const size = fs.statSync(f).size;
    const budget = path.basename(f) === COURSE_FILE ? COURSE_BUDGET : SIZE_BUDGET;
    rows.push(
      row(PART, `dist/${rel(f)} size`, {
        value: fmtBytes(size),
        target: `≤ ${fmtBytes(budget)}`,
        status: verdict(size <= budget),
      }),
    );
  }

  const withCharts = pages.filter((f) => fs.readFileSync(f, "utf8").includes('class="bpl-figure"'));
  const withPanels = [...pages, ...slides].filter(
    (f) => path.basename(f) !== COURSE_FILE && /<div\b[^>]*\sclass="bpl-experiment"/.test(fs.readFileSync(f, "utf8")),
  );
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "backprop-lab-bench-handouts-"));
  try {
    const floor = floorPage(tmp);
    const measured = await withBrowser("handoutsPart", async (browser) => {
      const floorLoads: Load[] = [];
      const loads = new Map<string, Load[]>(withCharts.map((f) => [f, []]));
      const panels = new Map<string, { ms: number[]; readout: number[] }>(
        withPanels.map((f) => [f, { ms: [], readout: [] }]),
      );
      for (let round = 0; round < opts.reps; round++) {
        for (const [i, f] of withCharts.entries()) {
          if (i % FLOOR_EVERY === 0) floorLoads.push(await loadOnce(browser, floor));
          loads.get(f)!.push(await loadOnce(browser, f));
        }
        for (const f of withPanels) {
          const r = await redraws(browser, f);
          panels.get(f)!.ms.push(...r.ms);
          panels.get(f)!.readout.push(...r.readout);
        }
      }
      return { floorLoads, loads, panels };
    });

    const floorMs = median(measured.floorLoads.map((l) => l.firstChart));
    rows.push(
      row(PART, "floor: a page with only plotly.js and one tiny chart, navigation start → chart drawn", {
        value: fmtMs(floorMs),
        baseline: `${fmtBytes(fs.statSync(floor).size)}, ${measured.floorLoads.length} loads`,
      }),
    );
    for (const f of withCharts) {
      const l = measured.loads.get(f)!;
      const ms = median(l.map((x) => x.firstChart));
      rows.push(
        row(
          PART,
          `dist/${rel(f)}: navigation start → first chart drawn (text at ${fmtMs(median(l.map((x) => x.fcp)))})`,
          {
            value: fmtMs(ms),
            baseline: fmtMs(floorMs),
            ratio: fmtRatio(ms / floorMs),
            target: `≤ ${TARGET_RATIO}× the floor`,
            status: verdict(ms / floorMs <= TARGET_RATIO),
          },
        ),
      );
    }
    for (const f of withPanels) {
      const p = measured.panels.get(f)!;
      const kind = /data-experiment="(\w+)"/.exec(fs.readFileSync(f, "utf8"))?.[1] ?? "?";
      rows.push(
        row(PART, `dist/${rel(f)}: ${kind} panel redraw at the lesson's settings, input → chart on screen`, {
          value: fmtMs(median(p.ms)),
          baseline: `panel's own count ${fmtMs(median(p.readout.filter(Number.isFinite)))}`,
          target: `≤ ${TARGET_REDRAW_MS} ms`,
          status: verdict(median(p.ms) <= TARGET_REDRAW_MS),
        }),
      );
    }
    notes.push(
      `Handouts: ${withCharts.length} pages with charts, each loaded ${opts.reps}× from file:// in a fresh browser ` +
        `context (nothing cached), the first chart scrolled into view at DOMContentLoaded; the floor page ` +
        `(plotly.js inline, one 3-point chart) loaded ${measured.floorLoads.length}× in between. Times from navigation ` +
        `start, read in the page one frame after Plotly's SVG appears; medians. Panel redraws: ${REDRAWS} per page ` +
        `and round, the seed switched 2023 ↔ 2024, from the input event to the frame after the redraw; the panel's ` +
        `own count (training, figure and Plotly.react) beside it.`,
    );
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return { rows, notes };
}
