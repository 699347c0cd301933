// Part 4, the exported pages: each dist/*.html's size and, in headless Chromium, the time from
// navigation start until every chart on it is drawn — each chart scrolled into view in turn, as a
// reader scrolling down would (a page may draw its charts only as they come into view). Builds dist/
// with scripts/export.ts when it is missing; when neither exists the rows say so — no number is made up.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import { SIZE_BUDGET } from "../scripts/export";
import { withBrowser } from "./browser";
import { ROOT, runCommand, type BenchOptions } from "./context";
import { fmtBytes, fmtMs, median, row, verdict, type PartResult, type Row } from "./report";

const PART = "export";
const TARGET_MS = 2000;
const DRAW_TIMEOUT_MS = 30_000;

// Every chart container (src/html.ts FIGURE_CLASS) holds a drawn plot: Plotly's SVG and layout.
const COUNT_DRAWN = `(() => {
  const figures = [...document.querySelectorAll(".bpl-figure")];
  const drawn = figures.filter((el) => el.querySelector(".main-svg") && el._fullLayout);
  return { total: figures.length, drawn: drawn.length };
})()`;

interface Load {
  ms: number;
  domContentLoaded: number;
  loadEvent: number;
  charts: number;
  errors: string[];
}

async function loadTime(browser: Browser, file: string): Promise<Load> {
  // A fresh context per load: nothing cached from the previous one.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(pathToFileURL(file).href, { waitUntil: "load", timeout: DRAW_TIMEOUT_MS });
    try {
      // Bring each chart into view until it is drawn; a page that draws every chart at once is unaffected.
      await page.waitForFunction(
        `(() => {
          const waiting = [...document.querySelectorAll(".bpl-figure")].find((el) => !(el.querySelector(".main-svg") && el._fullLayout));
          if (waiting) waiting.scrollIntoView({ block: "center" });
          return !waiting;
        })()`,
        undefined,
        { polling: "raf", timeout: DRAW_TIMEOUT_MS },
      );
    } catch {
      const c = (await page.evaluate(COUNT_DRAWN)) as { total: number; drawn: number };
      throw new Error(
        `exportPart: ${path.basename(file)}: ${c.drawn} of ${c.total} charts drawn after ${DRAW_TIMEOUT_MS} ms`,
      );
    }
    // One more frame, so what was drawn is on screen; then the time since navigation started.
    const ms = (await page.evaluate(
      "new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())))",
    )) as number;
    const { total } = (await page.evaluate(COUNT_DRAWN)) as { total: number };
    const nav = (await page.evaluate(
      `(() => { const n = performance.getEntriesByType("navigation")[0]; return [n.domContentLoadedEventEnd, n.loadEventEnd]; })()`,
    )) as [number, number];
    return { ms, domContentLoaded: nav[0], loadEvent: nav[1], charts: total, errors };
  } finally {
    await context.close();
  }
}

/** Runs the export part. */
export async function exportPart(opts: BenchOptions): Promise<PartResult> {
  const dist = path.join(ROOT, "dist");
  const htmlFiles = () =>
    fs.existsSync(dist)
      ? fs
          .readdirSync(dist)
          .filter((f) => f.endsWith(".html"))
          .sort()
      : [];
  const notes: string[] = [];
  if (htmlFiles().length === 0) {
    const script = path.join(ROOT, "scripts", "export.ts");
    if (!fs.existsSync(script)) {
      return {
        rows: [
          row(PART, "dist/*.html size and time to draw all charts", {
            value: "not measured: export not available",
            status: "not measured",
          }),
        ],
        notes: ["Export: dist/ has no .html and scripts/export.ts does not exist yet."],
      };
    }
    const t0 = Date.now();
    await runCommand("exportPart", "npx", ["tsx", "scripts/export.ts"], { timeoutMs: 20 * 60_000 });
    notes.push(
      `Export: dist/ was empty, so bench ran \`npx tsx scripts/export.ts\` first (${fmtMs(Date.now() - t0)}).`,
    );
    if (htmlFiles().length === 0) throw new Error("exportPart: scripts/export.ts ran but wrote no dist/*.html");
  }

  const files = htmlFiles();
  const built = new Date(Math.max(...files.map((f) => fs.statSync(path.join(dist, f)).mtimeMs))).toISOString();
  notes.push(`Export: measured the ${files.length} pages in dist/ as they are (newest written ${built}).`);
  const loads = await withBrowser("exportPart", async (browser) => {
    const result = new Map<string, { ms: number[]; dcl: number[]; load: number[]; charts: number; errors: string[] }>();
    for (const f of files) result.set(f, { ms: [], dcl: [], load: [], charts: 0, errors: [] });
    for (let round = 0; round < opts.reps; round++) {
      for (const f of files) {
        const r = await loadTime(browser, path.join(dist, f));
        const entry = result.get(f)!;
        entry.ms.push(r.ms);
        entry.dcl.push(r.domContentLoaded);
        entry.load.push(r.loadEvent);
        entry.charts = r.charts;
        if (round === 0) entry.errors.push(...r.errors);
      }
    }
    return result;
  });

  const rows: Row[] = [];
  const errors: string[] = [];
  const timelines: string[] = [];
  for (const f of files) {
    const size = fs.statSync(path.join(dist, f)).size;
    const { ms, dcl, load, charts, errors: pageErrors } = loads.get(f)!;
    timelines.push(
      `${f} DOMContentLoaded ${fmtMs(median(dcl))}, load ${fmtMs(median(load))}, drawn ${fmtMs(median(ms))} ` +
        `(${fmtMs(median(ms.map((m, i) => m - dcl[i])))} after DOMContentLoaded)`,
    );
    rows.push(
      row(PART, `dist/${f} size`, {
        value: fmtBytes(size),
        target: `≤ ${fmtBytes(SIZE_BUDGET)}`,
        status: verdict(size <= SIZE_BUDGET),
      }),
      row(PART, `dist/${f}: navigation start → ${charts > 0 ? `all ${charts} charts drawn` : "loaded (no charts)"}`, {
        value: fmtMs(median(ms)),
        target: `≤ ${fmtMs(TARGET_MS)}`,
        status: verdict(median(ms) <= TARGET_MS),
      }),
    );
    if (pageErrors.length) errors.push(`dist/${f}: page errors: ${pageErrors.join("; ")}`);
  }
  notes.push(
    `Export: each page loaded ${opts.reps}× from file:// in a fresh browser context (no cache), time read in the page ` +
      `(performance.now() one frame after every .bpl-figure has Plotly's SVG, each scrolled into view in turn), median. Until DOMContentLoaded the ` +
      `browser parses the page and its inline scripts (plotly.js is in every page); after it, the charts are drawn. ` +
      `Timeline (median, from navigation start): ${timelines.join("; ")}.`,
    ...errors,
  );
  return { rows, notes, errors };
}
