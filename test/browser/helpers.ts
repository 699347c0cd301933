// Helpers for the export's browser tests: headless Chromium with the network blocked, what an
// exported page shows (read in the page), and what the executed notebook says it should show.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "../../scripts/chromium";
import { COLORS } from "../../src/figures";
import { PLOTLY_MIME } from "../../src/display/html";
import { findMath } from "../../scripts/export/math";
import { parseNotebook, text, type Notebook } from "../../scripts/export/notebook";

/** Starts the installed Chromium (playwright-core never downloads one). */
export function launchBrowser(): Promise<Browser> {
  return launchChromium();
}

/** A page opened from file:// with everything but the file itself blocked, and what happened. */
export interface OfflinePage {
  page: Page;
  url: string;
  /** Requests for anything other than the file itself (all of them were aborted). */
  outside: string[];
  /** console.error messages and uncaught exceptions. */
  errors: string[];
  close(): Promise<void>;
}

/**
 * Opens `file` from a file:// URL (with `hash` after it) in a fresh context that is offline and
 * aborts every request other than the file itself; `init` runs in the page before its own scripts. `expectedCharts` tells the page when to note that all charts are
 * drawn (window.__bplDrawnAt, ms since navigation start), as they appear.
 */
export async function openOffline(
  browser: Browser,
  file: string,
  expectedCharts: number,
  hash = "",
  init?: string,
): Promise<OfflinePage> {
  const url = pathToFileURL(file).href;
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  await context.setOffline(true);
  const outside: string[] = [];
  const errors: string[] = [];
  await context.route("**/*", (route) => (route.request().url() === url ? route.continue() : route.abort()));
  // tsx wraps named functions in `__name(fn, "name")`; functions sent to the page need that helper.
  await context.addInitScript("globalThis.__name = globalThis.__name || function (f) { return f; };");
  if (init) await context.addInitScript(init);
  await context.addInitScript((n: number) => {
    const w = window as unknown as { __bplDrawnAt?: number; __bplAtDomReady?: DomReadyFacts };
    // What the reader has before any script of the page ran: text and formulas, no plotly.js yet.
    document.addEventListener("DOMContentLoaded", () => {
      w.__bplAtDomReady = {
        katex: document.querySelectorAll(".katex").length,
        textLength: (document.querySelector("main")?.textContent ?? "").length,
        plotly: "Plotly" in window,
        ms: performance.now(),
      };
    });
    if (n === 0) return;
    const check = () => {
      const plots = document.querySelectorAll(".bpl-figure");
      const drawn = [...plots].filter((p) => p.querySelector(".main-svg")).length;
      if (drawn >= n && w.__bplDrawnAt === undefined) {
        w.__bplDrawnAt = performance.now();
        observer.disconnect();
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(document, { childList: true, subtree: true });
  }, expectedCharts);
  const page = await context.newPage();
  page.on("request", (r) => {
    const u = r.url();
    if (u !== url && !/^(data|blob|about):/.test(u)) outside.push(u);
  });
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console.error: ${m.text()}`);
  });
  page.on("pageerror", (e) => errors.push(`uncaught: ${e.message}`));
  await page.goto(url + hash, { waitUntil: "load" });
  return { page, url, outside, errors, close: () => context.close() };
}

/** What a page showed at DOMContentLoaded, before its script ran (see openOffline). */
export interface DomReadyFacts {
  katex: number;
  textLength: number;
  plotly: boolean;
  ms: number;
}

/**
 * Scrolls every chart of the page into view, one after the other, as a reader would, and waits
 * until each is drawn (its `.main-svg`). Resolves with the charts that were drawn before any
 * scrolling (those on the first screen, and those just below it) and how long the walk took.
 */
export function drawAllCharts(page: Page, selector = ".bpl-figure"): Promise<{ drawnBefore: number; ms: number }> {
  return page.evaluate(async (sel: string) => {
    const charts = [...document.querySelectorAll<HTMLElement>(sel)];
    const drawnBefore = charts.filter((el) => el.querySelector(".main-svg")).length;
    const t0 = performance.now();
    for (const el of charts) {
      el.scrollIntoView({ block: "center" });
      const start = performance.now();
      while (!el.querySelector(".main-svg")) {
        if (performance.now() - start > 20_000)
          throw new Error(`chart ${el.id} was not drawn within 20 s of scrolling to it`);
        await new Promise((r) => setTimeout(r, 25));
      }
    }
    window.scrollTo(0, 0);
    return { drawnBefore, ms: performance.now() - t0 };
  }, selector);
}

/**
 * A picture of the whole page, for a person to look at. A long page lays out only the cells near
 * the screen (content-visibility in export/notebook.css), and a full-page screenshot reaches past
 * the screen: so every cell is laid out for the picture, and the page is left as it was.
 */
export async function fullPageScreenshot(page: Page, file: string): Promise<void> {
  const style = await page.addStyleTag({ content: ".jp-Cell { content-visibility: visible !important; }" });
  try {
    await page.screenshot({ path: file, fullPage: true });
  } finally {
    await style.evaluate((el) => (el as Element).remove());
  }
}

/**
 * Shows, one after the other, every slide that holds a chart and waits until its chart is drawn
 * (the page draws a chart when its slide shows); then goes back to the first slide.
 */
export async function drawAllSlides(page: Page): Promise<void> {
  await page.waitForFunction(() => (window as unknown as { Reveal?: { isReady(): boolean } }).Reveal?.isReady());
  await page.evaluate(async () => {
    type R = {
      getIndices(s: Element): { h: number; v: number };
      slide(h: number, v: number): void;
      configure(o: object): void;
    };
    const reveal = (window as unknown as { Reveal: R }).Reveal;
    reveal.configure({ transition: "none" });
    for (const el of document.querySelectorAll<HTMLElement>(".bpl-figure")) {
      const at = reveal.getIndices(el.closest("section")!);
      reveal.slide(at.h, at.v);
      el.scrollIntoView({ block: "nearest" });
      const start = performance.now();
      while (!el.querySelector(".main-svg")) {
        if (performance.now() - start > 20_000)
          throw new Error(`chart ${el.id} was not drawn within 20 s of showing its slide`);
        await new Promise((r) => setTimeout(r, 25));
      }
    }
    reveal.slide(0, 0);
  });
}

/** The fonts the browser used to render the text of the first element matching `selector` (Chromium's own record). */
export async function renderedFonts(page: Page, selector: string): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send("DOM.enable");
    await cdp.send("CSS.enable");
    const { root } = await cdp.send("DOM.getDocument", { depth: -1 });
    const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector });
    if (!nodeId) throw new Error(`renderedFonts: no element matches ${selector}`);
    const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
    return fonts.map((f) => f.familyName);
  } finally {
    await cdp.detach();
  }
}

/** One trace as the page's chart holds it (the element's `.data`). */
export interface TraceSummary {
  name: string;
  type: string;
  color: string;
  points: number;
}

/** The skyblue "after each step" trace: its curves, and the step each curve says it is. */
export interface StepTraceSummary {
  /** Runs of points between null gaps: one per drawn curve. */
  segments: number;
  /** customdata of each segment (its 1-based step number); -1 when a segment mixes steps. */
  steps: number[];
}

/** A chart as the page drew it. */
export interface ChartFacts {
  id: string;
  drawn: boolean;
  /** Traces that plotly.js put into the SVG. */
  drawnTraces: number;
  traces: TraceSummary[];
  stepTrace?: StepTraceSummary;
}

/** Reads every chart of the page (containers of class bpl-figure, as src/html.ts makes them). */
export function chartFacts(page: Page): Promise<ChartFacts[]> {
  return page.evaluate((stepColor: string) => {
    type PlotTrace = {
      name?: string;
      type?: string;
      x?: (number | null)[];
      line?: { color?: string };
      marker?: { color?: string };
      customdata?: (number | null)[];
    };
    return [...document.querySelectorAll<HTMLElement>(".bpl-figure")].map((el) => {
      const data = ((el as unknown as { data?: PlotTrace[] }).data ?? []) as PlotTrace[];
      const facts: ChartFacts = {
        id: el.id,
        drawn: el.classList.contains("js-plotly-plot") && el.querySelector(".main-svg") !== null,
        drawnTraces: el.querySelectorAll(".scatterlayer .trace, .barlayer .trace, .heatmaplayer .hm").length,
        traces: data.map((t) => ({
          name: String(t.name ?? ""),
          type: String(t.type ?? "scatter"),
          color: String(t.line?.color ?? t.marker?.color ?? ""),
          points: t.x?.length ?? 0,
        })),
      };
      // The step curves: one skyblue trace per epoch, curves split by null gaps, read in drawing order.
      const stepTraces = data.filter((t) => t.line?.color === stepColor && (t.x ?? []).includes(null));
      if (stepTraces.length > 0) {
        const x = stepTraces.flatMap((t) => t.x ?? []);
        const custom = stepTraces.flatMap((t) => t.customdata ?? []);
        const steps: number[] = [];
        let current: number | undefined;
        let mixed = false;
        let open = false;
        for (let i = 0; i <= x.length; i++) {
          if (i === x.length || x[i] === null) {
            if (open) steps.push(mixed ? -1 : (current ?? -1));
            open = false;
            mixed = false;
            current = undefined;
            continue;
          }
          const tag = custom[i] ?? undefined;
          if (!open) current = tag;
          else if (tag !== current) mixed = true;
          open = true;
        }
        facts.stepTrace = { segments: steps.length, steps };
      }
      return facts;
    });
  }, COLORS.step);
}

/** What the page shows as text and math, read in the page. */
export interface ContentFacts {
  /** KaTeX formulas (`.katex` elements) and KaTeX errors. */
  katex: number;
  katexErrors: number;
  /** KaTeX font faces the page declared, with their load status once KaTeX_Main was asked for. */
  katexFonts: { family: string; style: string; weight: string; status: string }[];
  /** Visible prose (Markdown, outside code and formulas) that still looks like TeX. */
  rawTex: string[];
  /** The prompt of each code cell, in order, e.g. "In [3]:". */
  prompts: string[];
  /** Classes of the code cells' highlighted source (e.g. "highlight hl-typescript"). */
  highlightClasses: string[];
  /** Keyword tokens Pygments marked in the code cells, e.g. "const", "import". */
  keywords: string[];
}

/** Reads the page's text facts (waits for its fonts first). */
export function contentFacts(page: Page): Promise<ContentFacts> {
  return page.evaluate(async () => {
    // A font loads when text that needs it is laid out, and a page lays out the cells near the
    // screen in the frames after it learns where they are (content-visibility): two frames first.
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    await document.fonts.ready;
    // Text on a slide that is not shown, or in a cell far from the screen, is not laid out, so its
    // font may not have loaded yet: ask for KaTeX's main face, which must then load from the page
    // itself (its data: URI), offline.
    if (document.querySelector(".katex")) await document.fonts.load('1em "KaTeX_Main"', "x").catch(() => []);
    const skip = (n: Node | null): boolean => {
      for (let e = n instanceof Element ? n : n?.parentElement; e; e = e.parentElement) {
        if (/^(PRE|CODE|SCRIPT|STYLE)$/.test(e.tagName) || e.classList.contains("katex")) return true;
      }
      return false;
    };
    const prose: string[] = [];
    for (const root of document.querySelectorAll(".jp-RenderedMarkdown")) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) if (!skip(n)) prose.push(n.textContent ?? "");
    }
    const all = prose.join("");
    const rawTex = [
      ...(all.match(/\$\$|\\\(|\\\)|\\\[|\\\]|\\begin\{|\\end\{/g) ?? []),
      ...(all.match(/\$[^$\n]*[\\^_{}][^$\n]*\$/g) ?? []),
    ];
    return {
      katex: document.querySelectorAll(".katex").length,
      katexErrors: document.querySelectorAll(".katex-error").length,
      katexFonts: [...document.fonts]
        .filter((f) => f.family.replace(/["']/g, "").startsWith("KaTeX"))
        .map((f) => ({ family: f.family.replace(/["']/g, ""), style: f.style, weight: f.weight, status: f.status })),
      rawTex,
      prompts: [...document.querySelectorAll(".jp-CodeCell .jp-InputPrompt")].map((p) =>
        (p.textContent ?? "").replace(/\u00a0/g, " ").trim(),
      ),
      highlightClasses: [...document.querySelectorAll(".jp-CodeCell .jp-InputArea .highlight")].map((h) => h.className),
      keywords: [...document.querySelectorAll(".jp-CodeCell .jp-InputArea .highlight span")]
        .filter((s) => /^k[a-z]?$/.test(s.className))
        .map((s) => s.textContent ?? ""),
    };
  });
}

/** What the executed notebook says the page must show. */
export interface Expected {
  nb: Notebook;
  /** The Plotly figures of the outputs, in order, keyed by their HTML container's id. */
  figures: { id: string; traces: TraceSummary[] }[];
  formulas: number;
  prompts: string[];
}

/** Reads an executed notebook (as the export keeps it) and derives what its pages must show. */
export function expectedFrom(executedFile: string): Expected {
  const nb = parseNotebook(readFileSync(executedFile, "utf8"), executedFile);
  const figures: Expected["figures"] = [];
  let formulas = 0;
  const prompts: string[] = [];
  for (const cell of nb.cells) {
    if (cell.cell_type === "markdown") formulas += findMath(text(cell.source)).length;
    if (cell.cell_type !== "code") continue;
    if (text(cell.source).trim() !== "") prompts.push(`In [${cell.execution_count}]:`);
    for (const o of cell.outputs ?? []) {
      const md = o.data?.["text/markdown"];
      if (md !== undefined) formulas += findMath(text(md as string | string[])).length;
      const fig = o.data?.[PLOTLY_MIME] as { data: Record<string, unknown>[] } | undefined;
      if (!fig) continue;
      const id = /class="bpl-figure" id="([^"]+)"/.exec(text(o.data?.["text/html"] as string | string[]))?.[1];
      if (!id) throw new Error(`expectedFrom: a Plotly output in ${executedFile} has no bpl-figure HTML`);
      figures.push({
        id,
        traces: fig.data.map((t) => ({
          name: String(t.name ?? ""),
          type: String(t.type ?? "scatter"),
          color: String((t.line as { color?: string })?.color ?? (t.marker as { color?: string })?.color ?? ""),
          points: (t.x as unknown[] | undefined)?.length ?? 0,
        })),
      });
    }
  }
  return { nb, figures, formulas, prompts };
}
