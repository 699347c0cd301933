// Drives JupyterLab 4.6 in headless Chromium the way a learner does: its menus, its dialogs, its
// keyboard shortcuts. Reads back what the page shows, cell by cell, with the selectors JupyterLab
// itself uses (.jp-Cell, .jp-InputPrompt, .jp-OutputArea-output[data-mime-type], .js-plotly-plot).
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchChromium } from "../../scripts/chromium";
import type { ChartSummary } from "./ipynb";
import { MARKER_VARIABLE, type LabServer } from "./server";

/** The browser window: wide enough for the file browser plus an 800-px chart. */
export const VIEWPORT = { width: 1280, height: 900 };

/** Starts headless Chromium; its processes carry `marker` so the test can prove they are gone. */
export function launchBrowser(marker: string): Promise<Browser> {
  return launchChromium({ [MARKER_VARIABLE]: marker });
}

/** A fresh browser context whose page scripts tolerate tsx's `__name` helper (see below). */
export async function newContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  // tsx compiles this file with esbuild's keepNames, which wraps named functions in
  // `__name(fn, "name")`; functions shipped to the page by page.evaluate need that helper there.
  await context.addInitScript("globalThis.__name = globalThis.__name || function (f) { return f; };");
  return context;
}

/**
 * Opens a notebook in JupyterLab (lab/workspaces/<workspace>/tree/<name>, a workspace of its
 * own so no other tab is restored) and waits until all its `nCells` cells are on the page.
 */
export async function openNotebook(
  context: BrowserContext,
  server: LabServer,
  name: string,
  workspace: string,
  nCells: number,
  timeoutMs: number,
): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const tree = name.split("/").map(encodeURIComponent).join("/");
  await page.goto(server.url(`lab/workspaces/${workspace}/tree/${tree}`), { timeout: timeoutMs });
  await waitForNotebookTab(page, name, nCells, timeoutMs);
  return page;
}

/** Waits until the current tab is the notebook `name` (a path; the tab shows its file name) with all its cells. */
async function waitForNotebookTab(page: Page, name: string, nCells: number, timeoutMs: number): Promise<void> {
  const tab = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current", {
    hasText: path.posix.basename(name),
  });
  await tab.waitFor({ timeout: timeoutMs });
  await page.waitForFunction(
    (n) => document.querySelectorAll(".jp-NotebookPanel .jp-Notebook .jp-Cell").length === n,
    nCells,
    { timeout: timeoutMs, polling: 100 },
  );
}

/** One entry of the file browser's listing. */
export interface ListedFile {
  name: string;
  isDir: boolean;
}

/**
 * Opens JupyterLab itself (lab/workspaces/<workspace>, a workspace of its own), as a learner does
 * after `npm start`, and waits until the file browser lists the served folder.
 */
export async function openLab(
  context: BrowserContext,
  server: LabServer,
  workspace: string,
  timeoutMs: number,
): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await page.goto(server.url(`lab/workspaces/${workspace}`), { timeout: timeoutMs });
  await page.locator(".jp-FileBrowser .jp-DirListing-item").first().waitFor({ timeout: timeoutMs });
  return page;
}

/** What the file browser lists now, in its order. */
export function fileBrowserListing(page: Page): Promise<ListedFile[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll(".jp-FileBrowser .jp-DirListing-content .jp-DirListing-item")].map((item) => ({
      name: item.querySelector(".jp-DirListing-itemText")?.textContent?.trim() ?? "",
      isDir: item.getAttribute("data-isdir") === "true",
    })),
  );
}

/** The file browser's entry called exactly `name`. */
const listed = (page: Page, name: string) =>
  page.locator(".jp-FileBrowser .jp-DirListing-content .jp-DirListing-item", {
    has: page.locator(".jp-DirListing-itemText", { hasText: new RegExp(`^${escapeRegExp(name)}$`) }),
  });

/**
 * Goes into a folder of the file browser by double-clicking it, as a learner does, and waits until
 * the listing shows the folder's own entries (its breadcrumbs end with the folder's name).
 */
export async function enterFolder(page: Page, folder: string, timeoutMs: number): Promise<void> {
  await listed(page, folder).dblclick({ timeout: timeoutMs });
  await page
    .locator(".jp-FileBrowser .jp-BreadCrumbs-item", { hasText: new RegExp(`^${escapeRegExp(folder)}$`) })
    .waitFor({ timeout: timeoutMs });
  await page.waitForFunction(
    (name) =>
      ![...document.querySelectorAll(".jp-FileBrowser .jp-DirListing-content .jp-DirListing-itemText")].some(
        (t) => t.textContent?.trim() === name,
      ),
    folder,
    { timeout: timeoutMs, polling: 100 },
  );
}

/**
 * Opens a notebook of the folder the file browser shows by double-clicking it; waits until its tab
 * is current with all its `nCells` cells. `name` is its path from the served folder (e.g. "ko/01-dataset.ipynb").
 */
export async function openFromFileBrowser(page: Page, name: string, nCells: number, timeoutMs: number): Promise<void> {
  await listed(page, path.posix.basename(name)).dblclick({ timeout: timeoutMs });
  await waitForNotebookTab(page, name, nCells, timeoutMs);
}

/**
 * File → Close and Shut Down Notebook…, accepted: the kernel is shut down and the tab closes
 * without saving. Waits until no notebook is on the page.
 */
export async function closeAndShutDown(page: Page, timeoutMs: number): Promise<void> {
  await clickMenu(page, "File", "Close and Shut Down Notebook…");
  await acceptDialog(page, /^Shut down the notebook\?$/);
  await page.waitForFunction(() => document.querySelector(".jp-NotebookPanel") === null, undefined, {
    timeout: timeoutMs,
    polling: 100,
  });
}

/** Clicks a top-level menu, then the item whose label matches `item` exactly. */
export async function clickMenu(page: Page, menu: string, item: string): Promise<void> {
  await page.locator(".lm-MenuBar-item", { hasText: new RegExp(`^${escapeRegExp(menu)}$`) }).click();
  const entry = page.locator(".lm-Menu .lm-Menu-item:not(.lm-mod-hidden)", {
    has: page.locator(".lm-Menu-itemLabel", { hasText: new RegExp(`^${escapeRegExp(item)}$`) }),
  });
  await entry.waitFor();
  const cls = (await entry.getAttribute("class")) ?? "";
  if (cls.includes("lm-mod-disabled")) throw new Error(`clickMenu: ${menu} → ${item} is disabled`);
  await entry.click();
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Accepts the dialog JupyterLab shows now, checking its title; returns the accept button's label. */
export async function acceptDialog(page: Page, title: RegExp): Promise<string> {
  const dialog = page.locator(".jp-Dialog");
  await dialog.waitFor();
  const header = (await dialog.locator(".jp-Dialog-header").textContent()) ?? "";
  if (!title.test(header)) throw new Error(`acceptDialog: expected a dialog titled ${title}, got "${header}"`);
  const accept = dialog.locator(".jp-Dialog-button.jp-mod-accept");
  const label = ((await accept.textContent()) ?? "").trim();
  await accept.click();
  await dialog.waitFor({ state: "detached" });
  return label;
}

/**
 * Starts recording whether any code cell shows "[*]:" (queued or running). A run is only over
 * once it has started, and "Restart Kernel and Run All" ends with the same prompts it began with.
 */
export async function watchForRun(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { bplSawRun?: boolean; bplObserver?: MutationObserver };
    w.bplSawRun = false;
    w.bplObserver?.disconnect();
    const check = () => {
      for (const p of document.querySelectorAll(".jp-NotebookPanel .jp-CodeCell .jp-InputPrompt")) {
        if (p.textContent?.trim() === "[*]:") w.bplSawRun = true;
      }
    };
    w.bplObserver = new MutationObserver(check);
    w.bplObserver.observe(document.body, { subtree: true, childList: true, characterData: true });
    check();
  });
}

/** The state that decides whether a run is over. */
interface RunState {
  status: string | null;
  prompts: string[];
  sawRun: boolean;
}

const runState = (page: Page): Promise<RunState> =>
  page.evaluate(() => ({
    status:
      document.querySelector(".jp-NotebookPanel .jp-Notebook-ExecutionIndicator")?.getAttribute("data-status") ?? null,
    prompts: [...document.querySelectorAll(".jp-NotebookPanel .jp-CodeCell .jp-InputPrompt")].map(
      (p) => p.textContent?.trim() ?? "",
    ),
    sawRun: Boolean((window as unknown as { bplSawRun?: boolean }).bplSawRun),
  }));

const isCount = (prompt: string) => /^\[\d+\]:$/.test(prompt);

/**
 * Waits until the run that watchForRun saw start is over: every code cell has an execution count
 * and the kernel is idle. Throws early if the run stopped (JupyterLab stops Run All at the first
 * failing cell), and after timeoutMs, with the prompts it saw.
 */
export async function waitForRun(page: Page, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let stalledSince = 0;
  let state: RunState = { status: null, prompts: [], sawRun: false };
  while (Date.now() < deadline) {
    state = await runState(page);
    const idle = state.status === "idle";
    if (state.sawRun && idle && state.prompts.every(isCount)) return;
    const stopped = state.sawRun && idle && !state.prompts.includes("[*]:");
    stalledSince = stopped ? stalledSince || Date.now() : 0;
    if (stopped && Date.now() - stalledSince > 3000) {
      const missing = state.prompts.map((p, i) => (isCount(p) ? -1 : i)).filter((i) => i >= 0);
      throw new Error(
        `the run stopped early: code cells ${missing.join(", ")} (0-based, code cells only) have no execution count; prompts: ${state.prompts.join(" ")}`,
      );
    }
    await page.waitForTimeout(250);
  }
  throw new Error(
    `the run did not finish within ${timeoutMs} ms (started: ${state.sawRun}, kernel: ${state.status}, prompts: ${state.prompts.join(" ")})`,
  );
}

/**
 * A chart output as the page shows it. jupyterlab-plotly draws a live chart, then stores a PNG of
 * it in the output; a notebook reopened later shows that PNG until the mouse enters it.
 */
export interface DrawnChart extends ChartSummary {
  /** Plotly drew the live chart (title, traces and dataHash come from it; else they are empty). */
  drawn: boolean;
  /** Traces Plotly shows (visible: true after its defaults; legend-only ones are not). */
  visibleTraces: number;
  /** Visible traces that put ink in the SVG: a non-empty path (line, marker, contour), text or image. */
  inkedTraces: number;
  /** The saved PNG is on display instead (a reopened notebook, before the mouse enters it). */
  imageShown: boolean;
  width: number;
  height: number;
  /**
   * The words Plotly wrote into the chart's SVG: its title, axis titles, legend entries, annotations
   * and slider labels — every text but the tick labels.
   */
  labels: string[];
  /** A fingerprint of every trace's x, y and z only: the chart's numbers, whatever its words. */
  numbersHash: string;
}

/** One cell as the page shows it. */
export interface PageCell {
  type: "code" | "markdown" | "raw";
  /** The input prompt, e.g. "[3]:"; null for markdown and raw cells. */
  prompt: string | null;
  stdout: string;
  stderr: string[];
  charts: DrawnChart[];
  /**
   * Every other output (tables, markdown, source listings, SVG), in order: the MIME type JupyterLab
   * chose to show from its bundle, and the text on screen.
   */
  otherOutputs: { mime: string; text: string }[];
  outputs: number;
  /** Outputs wider than the space the notebook gives them (the reader must scroll sideways). */
  overflowing: { output: number; width: number; room: number }[];
  /** Outputs JupyterLab marks as trusted (class jp-mod-trusted). */
  trustedOutputs: number;
  /** A markdown cell's text as JupyterLab rendered it ("" for other cells, or if it shows its source). */
  markdown: string;
}

/** Reads every cell of the open notebook. */
export function snapshot(page: Page): Promise<PageCell[]> {
  return page.evaluate(() => {
    // FNV-1a, as fingerprint() in src/html.ts, so drawn data can be compared with the saved file.
    function fnv(text: string): string {
      let h = 0x811c9dc5;
      for (let i = 0; i < text.length; i++) {
        h ^= text.charCodeAt(i);
        h = Math.imul(h, 0x01000193);
      }
      return (h >>> 0).toString(16).padStart(8, "0");
    }
    type Gd = HTMLElement & { data?: Record<string, unknown>[]; layout?: { title?: { text?: unknown } | string } };
    const cells = [...document.querySelectorAll(".jp-NotebookPanel .jp-Notebook .jp-Cell")];
    return cells.map((cell) => {
      const type = cell.classList.contains("jp-CodeCell")
        ? "code"
        : cell.classList.contains("jp-MarkdownCell")
          ? "markdown"
          : "raw";
      const outputs = [...cell.querySelectorAll(".jp-OutputArea-output")] as HTMLElement[];
      const mime = (o: Element) => o.getAttribute("data-mime-type");
      const isChart = (o: Element) => o.classList.contains("jp-RenderedPlotly");
      const charts = outputs.filter(isChart).map((o) => {
        const gd = o as Gd;
        const drawn = o.classList.contains("js-plotly-plot") && o.querySelector(".plot-container") !== null;
        const data = drawn ? (gd.data ?? []) : [];
        const title = drawn ? gd.layout?.title : undefined;
        // Plotly's internals: _fullData holds each trace after defaults; every SVG group it draws
        // for a trace is bound (d3 __data__) to that trace's calcdata, whose [0].trace.index says which.
        const full = (
          drawn ? ((gd as unknown as { _fullData?: { index: number; visible: unknown }[] })._fullData ?? []) : []
        )
          .filter((t) => t.visible === true)
          .map((t) => t.index);
        const inked = new Set<number>();
        for (const g of o.querySelectorAll(".main-svg g")) {
          const bound = (g as unknown as { __data__?: unknown }).__data__;
          const index = Array.isArray(bound) ? (bound[0] as { trace?: { index?: number } })?.trace?.index : undefined;
          if (typeof index !== "number" || inked.has(index)) continue;
          const ink =
            [...g.querySelectorAll("path")].some((p) => (p.getAttribute("d") ?? "").length > 4) ||
            [...g.querySelectorAll("text")].some((t) => (t.textContent ?? "").trim() !== "") ||
            g.querySelector("image") !== null;
          if (ink) inked.add(index);
        }
        const img = o.querySelector("img.plot-img") as HTMLImageElement | null;
        const imageShown =
          img !== null &&
          img.style.display !== "none" &&
          (img.getAttribute("src") ?? "").startsWith("data:image/png") &&
          img.complete &&
          img.naturalWidth > 0;
        const box = o.getBoundingClientRect();
        // Tick labels sit in groups (or are texts) classed xtick, y2tick, ycbtick …; hover labels come and go.
        const labels = [...o.querySelectorAll(".main-svg text")]
          .filter((t) => t.closest("[class*='tick'], .hoverlayer") === null)
          .map((t) => (t.textContent ?? "").trim())
          .filter(Boolean);
        return {
          title: typeof title === "string" ? title : typeof title?.text === "string" ? title.text : "",
          traces: data.length,
          dataHash: drawn ? fnv(JSON.stringify(data.map((t) => [t.name ?? null, t.x ?? null, t.y ?? null]))) : "",
          drawn,
          visibleTraces: full.length,
          inkedTraces: full.filter((i) => inked.has(i)).length,
          imageShown,
          width: Math.round(box.width),
          height: Math.round(box.height),
          labels,
          numbersHash: drawn
            ? fnv(JSON.stringify(data.map((t) => [t.x ?? null, t.y ?? null, (t as { z?: unknown }).z ?? null])))
            : "",
        };
      });
      const errorMimes = ["application/vnd.jupyter.stderr", "application/vnd.jupyter.error"];
      return {
        type,
        prompt: type === "code" ? (cell.querySelector(".jp-InputPrompt")?.textContent?.trim() ?? "") : null,
        stdout: outputs
          .filter((o) => mime(o) === "application/vnd.jupyter.stdout")
          .map((o) => o.textContent ?? "")
          .join(""),
        stderr: outputs.filter((o) => errorMimes.includes(mime(o) ?? "")).map((o) => o.textContent ?? ""),
        charts,
        otherOutputs: outputs
          .filter((o) => !isChart(o) && !["application/vnd.jupyter.stdout", ...errorMimes].includes(mime(o) ?? ""))
          .map((o) => ({ mime: mime(o) ?? "", text: (o.textContent ?? "").trim() })),
        outputs: outputs.length,
        overflowing: outputs
          .map((o, k) => ({ output: k, width: o.scrollWidth, room: o.clientWidth }))
          .filter((o) => o.width > o.room + 2),
        trustedOutputs: outputs.filter((o) => o.classList.contains("jp-mod-trusted")).length,
        markdown: type === "markdown" ? (cell.querySelector(".jp-RenderedMarkdown")?.textContent ?? "").trim() : "",
      } as const;
    });
  });
}

/**
 * Waits until every live chart on the page is whole: Plotly has put ink for each visible trace, in
 * a box of at least 100×100 px. Plotly draws after the output arrives, so the kernel can be idle
 * before the last chart is on screen. Returns after timeoutMs anyway: the caller's assertions then
 * say which chart is missing what.
 */
export async function waitForChartsDrawn(page: Page, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const whole = (c: DrawnChart) =>
    !c.drawn || (c.visibleTraces > 0 && c.inkedTraces === c.visibleTraces && c.width >= 100 && c.height >= 100);
  while (Date.now() < deadline) {
    const cells = await snapshot(page);
    if (cells.every((cell) => cell.charts.every(whole))) return;
    await page.waitForTimeout(100);
  }
}

/**
 * Moves the mouse onto every chart that shows its saved PNG, as a reader does, which makes
 * jupyterlab-plotly draw the live chart; waits until each has its SVG. Returns how many it woke.
 */
export async function hoverSavedCharts(page: Page, timeoutMs: number): Promise<number> {
  let woken = 0;
  const charts = page.locator(".jp-NotebookPanel .jp-RenderedPlotly");
  const count = await charts.count();
  for (let k = 0; k < count; k++) {
    const chart = charts.nth(k);
    if ((await chart.locator(".plot-container").count()) > 0) continue;
    const img = chart.locator("img.plot-img");
    if ((await img.count()) === 0)
      throw new Error(`hoverSavedCharts: chart ${k + 1} of ${count} has neither a live chart nor its PNG`);
    // Cells scrolled into view are laid out a frame or two later (content-visibility: auto), and
    // until then the picture has no box: ask again until it has one.
    const deadline = Date.now() + timeoutMs;
    let box: { x: number; y: number; width: number; height: number } | null = null;
    for (;;) {
      await img.scrollIntoViewIfNeeded({ timeout: timeoutMs });
      box = await img.boundingBox();
      if (box && box.width > 0 && box.height > 0) break;
      if ((await chart.locator(".plot-container").count()) > 0) break; // woken meanwhile
      if (Date.now() > deadline)
        throw new Error(`hoverSavedCharts: chart ${k + 1} of ${count}: its PNG took no space on the page`);
      await page.waitForTimeout(100);
    }
    if (box && (await chart.locator(".plot-container").count()) === 0) {
      // A real pointer move from outside onto the picture: that "mouseenter" is what wakes the chart.
      // (Playwright's hover() would retry once the picture is replaced, and time out.)
      await page.mouse.move(1, 1);
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    }
    await page.waitForFunction((el) => el.querySelector(".main-svg .trace") !== null, await chart.elementHandle(), {
      timeout: timeoutMs,
    });
    woken++;
  }
  return woken;
}

/** Waits until the kernel JupyterLab shows for the notebook is `displayName`, connected and idle. */
export async function waitForKernel(page: Page, displayName: string, timeoutMs: number): Promise<void> {
  const text = `${displayName} | Idle`;
  try {
    await page.locator(".jp-StatusBar-TextItem", { hasText: text }).first().waitFor({ timeout: timeoutMs });
  } catch {
    const seen = await page.locator(".jp-StatusBar-TextItem").allTextContents();
    throw new Error(
      `waitForKernel: the status bar never showed "${text}" within ${timeoutMs} ms; it shows ${JSON.stringify(seen)}`,
    );
  }
}

/** The text of any dialog JupyterLab has open (for failure messages), or "". */
export async function openDialogText(page: Page): Promise<string> {
  return (await page.locator(".jp-Dialog").allTextContents()).join(" | ");
}

/** Does the notebook's tab show unsaved changes? */
export async function isDirty(page: Page): Promise<boolean> {
  return (await page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current.jp-mod-dirty").count()) > 0;
}

/** Presses Ctrl+S in the notebook (after selecting its first cell, so the notebook has focus). */
export async function saveWithKeyboard(page: Page): Promise<void> {
  await page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell .jp-InputPrompt").first().click();
  await page.keyboard.press("Control+s");
}

/**
 * Saves a picture of the whole notebook: the window is made as tall as the notebook's scrolling
 * content (JupyterLab scrolls inside the panel, so a plain full-page shot shows one screen only).
 */
export async function screenshotNotebook(page: Page, file: string): Promise<void> {
  mkdirSync(path.dirname(file), { recursive: true });
  const extra = await page.evaluate(() => {
    const outer = document.querySelector(".jp-NotebookPanel .jp-WindowedPanel-outer");
    return outer ? outer.scrollHeight - outer.clientHeight : 0;
  });
  // Chromium cannot capture taller than about 16k pixels in one piece.
  const height = Math.min(VIEWPORT.height + Math.max(0, extra) + 20, 16_000);
  await page.setViewportSize({ width: VIEWPORT.width, height });
  try {
    // Back to the top (Run All leaves the last cell in view); cells that were off screen
    // (content-visibility: auto) paint now — give it two frames.
    await page.evaluate(() => {
      const outer = document.querySelector(".jp-NotebookPanel .jp-WindowedPanel-outer");
      if (outer) outer.scrollTop = 0;
    });
    await page.evaluate(
      () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
    );
    await page.waitForTimeout(300);
    await page.screenshot({ path: file, fullPage: true });
  } finally {
    await page.setViewportSize(VIEWPORT);
  }
}

/** Saves a picture of the window as it is: the file browser, the launcher or an open tab. */
export async function screenshotFileBrowser(page: Page, file: string): Promise<void> {
  mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file });
}
