// Every lesson in the real client: JupyterLab 4.6 in headless Chromium, driven through its menus,
// dialogs, keyboard and file browser as a learner would, on a throw-away copy of notebooks/ laid
// out as in the repo (the English lessons, and the Korean ones in ko/ with its own src link).
//
//   node --import tsx --test test/lab/*.test.ts          (screenshots go to screenshots/lab/)
//   BACKPROP_LAB_UI_NOTEBOOKS=some/folder ...            (run the same checks on another folder)
//
// First server: for each English lesson, in a fresh browser page, Run → Run All Cells, check every
// cell, screenshot; save with Ctrl+S and check the file; Kernel → Restart Kernel and Run All Cells,
// and expect the same outputs. Then, in one page as a learner goes through them, the file browser
// shows the ko folder beside the English lessons, and each Korean lesson opens from it by
// double-click: Run All with the same checks, plus Hangul in its Markdown and in its charts' words
// and the same chart numbers as its English twin (see KOREAN_FULL_CYCLE for which also save and restart).
// Second server, with fresh Jupyter folders: it holds no signature of the saved notebooks, so they
// open untrusted, as on a learner's machine — every chart must still draw, without running a cell.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test, type TestContext } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { allLessons, type LessonLang } from "../../scripts/lessons";
import { lessonForwardLosses } from "../helpers";
import { callsConsoleLog, callsShow, readNotebook, summariseNotebook, type SavedCell } from "./ipynb";
import {
  acceptDialog,
  clickMenu,
  closeAndShutDown,
  enterFolder,
  fileBrowserListing,
  hoverSavedCharts,
  isDirty,
  launchBrowser,
  newContext,
  openDialogText,
  openFromFileBrowser,
  openLab,
  openNotebook,
  saveWithKeyboard,
  screenshotFileBrowser,
  screenshotNotebook,
  snapshot,
  waitForChartsDrawn,
  waitForKernel,
  waitForRun,
  watchForRun,
  type PageCell,
  VIEWPORT,
} from "./jupyterlab";
import { copyNotebooks, processesWithMarker, ROOT, startLab, type LabServer, type NotebookCopy } from "./server";

const NOTEBOOKS = path.resolve(ROOT, process.env.BACKPROP_LAB_UI_NOTEBOOKS ?? "notebooks");
const SHOTS = path.join(ROOT, "screenshots", "lab");
/** A notebook whose second cell throws: proves the checks below notice a failing cell. */
const FAILING = path.join(__dirname, "fixtures", "fails.ipynb");
const KERNEL_SPEC = path.join(ROOT, ".venv", "share", "jupyter", "kernels", "backprop-lab", "kernel.json");
/** The name JupyterLab shows for the project's kernel, from the kernelspec setup.sh installed. */
function kernelDisplayName(): string {
  if (!existsSync(KERNEL_SPEC)) throw new Error(`no kernelspec at ${KERNEL_SPEC}: run 'npm run setup' first`);
  return (JSON.parse(readFileSync(KERNEL_SPEC, "utf8")) as { display_name: string }).display_name;
}
/** JupyterLab's notification toasts (the "official Jupyter news?" prompt is one). */
const TOAST = ".Toastify__toast";
const OPEN_TIMEOUT = 60_000;
const RUN_TIMEOUT = 120_000;
const STEP = { timeout: 300_000 }; // above open + kernel + run timeouts, so theirs report first

/** Every lesson of every language, named by its path in notebooks/ (as JupyterLab names it). */
const planned = (existsSync(NOTEBOOKS) ? allLessons(NOTEBOOKS) : []).map(({ lang, file }) => ({
  lang,
  file,
  name: path.relative(NOTEBOOKS, file).split(path.sep).join("/"),
}));
const files = planned.map((l) => l.file);
const english = planned.filter((l) => l.lang === "en");
const korean = planned.filter((l) => l.lang !== "en");
/** The folder of the Korean lessons, as the file browser shows it. */
const KOREAN_FOLDER = "ko";

/**
 * The Korean lessons that also go through the whole cycle the English ones do: Ctrl+S and the
 * file, Restart Kernel and Run All, reopened untrusted on a second server. Every other Korean
 * lesson gets Run All with every check of the run (no error, each chart drawn whole, printed
 * numbers, no toast, no page error, screenshot) and the Korean checks, and is then closed
 * unsaved: the cycle tests how JupyterLab saves, reruns and reopens a notebook, which the English
 * lessons already cover, and the fresh-kernel test (test/notebooks) already runs every Korean
 * lesson twice with identical outputs. What the cycle could find only in Korean is Hangul
 * travelling through the file, the saved chart PNGs and an untrusted reopen. 08-network carries
 * Hangul in all of them (nine charts with Korean titles and legends, tables, printed summaries);
 * 07-exercises in the exercise checkers' messages (Markdown outputs) and its tables. On a busy
 * 2-core machine their cycle took about 20 s and 35 s; for the other seven it would add about
 * 2½ minutes to a test of about 10.
 */
const KOREAN_FULL_CYCLE = new Set(["ko/07-exercises.ipynb", "ko/08-network.ipynb"]);

/** Hangul syllables: what Korean text is written in. */
const HANGUL = /[\uAC00-\uD7A3]/;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const stem = (name: string) => name.replace(/\.ipynb$/, "");
/** A name fit for a file or a workspace: "ko/01-dataset.ipynb" → "ko-01-dataset". */
const flat = (name: string) => stem(name).replace(/\//g, "-");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the test knows about one notebook as it goes. */
interface Lesson {
  /** Its path in the served folder: "01-dataset.ipynb", "ko/01-dataset.ipynb". */
  name: string;
  lang?: LessonLang;
  /** Saved, restarted and reopened too (every English lesson; the Korean ones in KOREAN_FULL_CYCLE). */
  fullCycle?: boolean;
  /** The file in the throw-away copy, which JupyterLab serves and saves. */
  copyFile: string;
  /** The notebook as committed, cell by cell. */
  original: SavedCell[];
  context?: BrowserContext;
  page?: Page;
  /** Messages the page logged as errors. */
  pageErrors: string[];
  firstRun?: PageCell[];
  saved?: SavedCell[];
  timings: Record<string, number>;
}

/** Every stderr output on the page (tslab's errors, compile and runtime), named by cell. */
function errorOutputs(name: string, cells: readonly PageCell[]): string[] {
  return cells.flatMap((c, i) =>
    c.stderr.map((text) => `${name}, cell ${i} (0-based, as in the file): ${text.trim().slice(0, 2000)}`),
  );
}

/** Code cells must show [1]: … [n]: — each ran exactly once, in order, in a fresh kernel. */
function assertPromptsInOrder(name: string, cells: readonly PageCell[], after: string): void {
  const prompts = cells.filter((c) => c.type === "code").map((c) => c.prompt);
  assert.deepEqual(
    prompts,
    prompts.map((_, k) => `[${k + 1}]:`),
    `${name}: after ${after}, the code cells should show [1]: … [${prompts.length}]: in order`,
  );
}

/** Every show(...) cell shows a chart, and Plotly drew every trace of every chart. */
function assertChartsDrawn(name: string, original: readonly SavedCell[], cells: readonly PageCell[]): void {
  const problems: string[] = [];
  cells.forEach((c, i) => {
    if (c.type === "code" && callsShow(original[i].source) && c.charts.length === 0) {
      problems.push(`cell ${i} calls show(...) but no Plotly chart is on the page`);
    }
    c.charts.forEach((chart, k) => {
      const whole = chart.visibleTraces > 0 && chart.inkedTraces === chart.visibleTraces;
      if (!chart.drawn) {
        problems.push(`cell ${i}, chart ${k}: no live Plotly chart (PNG shown: ${chart.imageShown})`);
      } else if (!whole || chart.width < 100 || chart.height < 100) {
        problems.push(
          `cell ${i}, chart ${k} "${chart.title}": Plotly drew ${chart.inkedTraces} of its ${chart.visibleTraces} ` +
            `visible traces (${chart.traces} in all) in ${chart.width}×${chart.height} px`,
        );
      }
    });
  });
  assert.deepEqual(problems, [], `${name}: charts not drawn by JupyterLab's Plotly renderer`);
}

/** Every console.log cell shows its printed text, and the notebook prints numbers. */
function assertPrinted(name: string, original: readonly SavedCell[], cells: readonly PageCell[]): void {
  const silent = cells
    .map((c, i) => (c.type === "code" && callsConsoleLog(original[i].source) && c.stdout.trim() === "" ? i : -1))
    .filter((i) => i >= 0);
  assert.deepEqual(silent, [], `${name}: cells that call console.log(...) but show no printed output`);
  const printed = cells.map((c) => c.stdout).join("");
  if (original.some((c) => c.type === "code" && callsConsoleLog(c.source))) {
    assert.match(printed, /\d/, `${name}: the printed output should contain numbers, got ${JSON.stringify(printed)}`);
  }
}

/**
 * Lesson 2's "forward만 실행": one printed line per sample, exactly the losses src/ computes for
 * the blog's setup (seed 2023: the data, then w and b, from one generator).
 */
function assertForwardLosses(name: string, cells: readonly PageCell[]): void {
  const expected = lessonForwardLosses();
  const blocks = cells.map((c) => c.stdout.trim().split("\n"));
  const losses = blocks.find((lines) => lines.length === expected.length && lines.every((l) => l !== "" && !isNaN(+l)));
  assert.ok(losses, `${name}: no cell printed ${expected.length} numbers, one per line (the forward-only losses)`);
  assert.deepEqual(losses.map(Number), expected, `${name}: the printed forward-only losses differ from src/'s`);
}

/** The parts of a page snapshot that must repeat exactly in another run or another session. */
const comparable = (cells: readonly PageCell[]) =>
  cells.map((c) => ({
    type: c.type,
    prompt: c.prompt,
    stdout: c.stdout,
    stderr: c.stderr,
    otherOutputs: c.otherOutputs,
    charts: c.charts.map(({ title, traces, dataHash, drawn, visibleTraces, inkedTraces }) => ({
      title,
      traces,
      dataHash,
      drawn,
      visibleTraces,
      inkedTraces,
    })),
  }));

/**
 * Each output shows as the same kind (MIME type) as in the run. JupyterLab shows an untrusted
 * notebook's outputs only through its "safe" renderers; for anything else it falls back to the
 * next type in the bundle (often text/plain), which a learner sees as the picture being gone.
 */
function assertSameKinds(name: string, reopened: readonly PageCell[], run: readonly PageCell[]): void {
  const changed = reopened.flatMap((c, i) =>
    c.otherOutputs.flatMap((o, k) => {
      const was = run[i]?.otherOutputs[k]?.mime;
      return o.mime === was
        ? []
        : [`cell ${i}, output ${k}: the run showed ${was}, now ${o.mime} ${JSON.stringify(o.text.slice(0, 80))}`];
    }),
  );
  assert.deepEqual(changed, [], `${name}: outputs that look different once the notebook is reopened untrusted`);
}

/** The page and the saved file agree: prompts, printed text, and each chart's title and data. */
function assertPageMatchesFile(name: string, cells: readonly PageCell[], saved: readonly SavedCell[]): void {
  assert.equal(cells.length, saved.length, `${name}: the page and the file have different numbers of cells`);
  const page = cells.map((c) => ({
    prompt: c.prompt,
    stdout: c.stdout,
    charts: c.charts.map(({ title, traces, dataHash }) => ({ title, traces, dataHash })),
  }));
  const file = saved.map((c) => ({
    prompt: c.type === "code" ? `[${c.executionCount ?? " "}]:` : null,
    stdout: c.stdout,
    charts: c.charts.map(({ title, traces, dataHash }) => ({ title, traces, dataHash })),
  }));
  assert.deepEqual(page, file, `${name}: the page does not show what the file holds`);
}

/**
 * A Korean lesson reads in Korean: every Markdown cell, as JupyterLab rendered it, has Hangul (the
 * lessons' titles, prose and headings are Korean; their math is the English lessons'), and so does
 * every chart's text as Plotly drew it (title, axis titles, legend, annotations).
 */
function assertKorean(name: string, cells: readonly PageCell[]): void {
  const markdown = cells.map((c, i) => ({ c, i })).filter(({ c }) => c.type === "markdown");
  assert.ok(markdown.length > 0, `${name}: no Markdown cell on the page`);
  const notKorean = markdown
    .filter(({ c }) => !HANGUL.test(c.markdown))
    .map(({ c, i }) => `cell ${i}: ${c.markdown ? JSON.stringify(c.markdown.slice(0, 80)) : "not rendered"}`);
  assert.deepEqual(notKorean, [], `${name}: rendered Markdown cells without Hangul`);
  const charts = cells.flatMap((c, i) => c.charts.map((chart, k) => ({ i, k, chart })));
  const english = charts
    .filter(({ chart }) => !chart.labels.some((l) => HANGUL.test(l)))
    .map(({ i, k, chart }) => `cell ${i}, chart ${k}: ${JSON.stringify(chart.labels.slice(0, 6))}`);
  assert.deepEqual(english, [], `${name}: charts whose drawn title, axes and legend have no Hangul`);
}

/** Each code cell's charts by their numbers (x, y, z of every trace), for comparing twins. */
const chartNumbers = (cells: readonly PageCell[]) =>
  cells.filter((c) => c.type === "code").map((c) => c.charts.map((chart) => chart.numbersHash));

/** Runs a step; on failure saves a screenshot and adds it and the page's errors to the message. */
async function step<T>(lesson: Lesson, what: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    const notes: string[] = [];
    if (lesson.page && !lesson.page.isClosed()) {
      const dialog = await openDialogText(lesson.page).catch(() => "");
      if (dialog) notes.push(`open dialog: ${dialog}`);
      const shot = path.join(SHOTS, `${stem(lesson.name)}-${what}-FAILED.png`);
      try {
        await screenshotNotebook(lesson.page, shot);
        notes.push(`screenshot: ${path.relative(ROOT, shot)}`);
      } catch (shotError) {
        notes.push(`no screenshot: ${(shotError as Error).message}`);
      }
    }
    if (lesson.pageErrors.length) notes.push(`page errors:\n  ${lesson.pageErrors.slice(-5).join("\n  ")}`);
    if (error instanceof Error && notes.length) error.message += `\n${notes.join("\n")}`;
    throw error;
  }
}

/** Records a browser context's errors in `sink()`, the list of whatever the context shows now. */
function recordErrors(context: BrowserContext, sink: () => string[]): void {
  context.on("weberror", (e) => sink().push(`uncaught: ${e.error().message}`));
  context.on("console", (m) => {
    if (m.type() === "error") sink().push(`console.error: ${m.text()}`);
  });
}

/** Opens a notebook in a browser context of its own and records the page's errors. */
async function open(
  browser: Browser,
  server: LabServer,
  lesson: Lesson,
  workspace: string,
  key: string,
): Promise<Page> {
  lesson.context = await newContext(browser);
  recordErrors(lesson.context, () => lesson.pageErrors);
  const t0 = Date.now();
  const page = await openNotebook(lesson.context, server, lesson.name, workspace, lesson.original.length, OPEN_TIMEOUT);
  lesson.page = page;
  // As a learner does: wait for the status bar to say the kernel is idle before running anything
  // (Run All while it still says "No Kernel" opens a dialog and runs nothing).
  await waitForKernel(page, kernelDisplayName(), OPEN_TIMEOUT);
  lesson.timings[key] = Date.now() - t0;
  return page;
}

/** Shuts down the server's sessions of the notebook `name` (its kernel goes with them). */
async function endSessions(server: LabServer, name: string): Promise<void> {
  const sessions = (await (await server.api("api/sessions")).json()) as { id: string; path: string }[];
  for (const s of sessions.filter((s) => s.path === name)) {
    await server.api(`api/sessions/${s.id}`, { method: "DELETE" });
  }
}

/** Closes the notebook's browser context and shuts its kernel down. */
async function close(server: LabServer, lesson: Lesson): Promise<void> {
  await lesson.context?.close();
  lesson.context = lesson.page = undefined;
  await endSessions(server, lesson.name);
}

/**
 * Ctrl+S, then waits until the file holds the whole run and the tab is clean. jupyterlab-plotly
 * adds a PNG of each chart to its output shortly after drawing it, which makes the notebook dirty
 * again: then it saves once more, as a learner would when the tab shows unsaved changes. Once the
 * file holds every chart of the page with its PNG nothing more is coming; short of that, it waits
 * a second to see whether the tab turns dirty again.
 */
async function saveAndRead(lesson: Lesson): Promise<SavedCell[]> {
  const page = lesson.page!;
  const chartsOnPage = (lesson.firstRun ?? []).reduce((n, c) => n + c.charts.length, 0);
  const deadline = Date.now() + 30_000;
  for (let presses = 1; presses <= 3; presses++) {
    await saveWithKeyboard(page);
    while (Date.now() < deadline) {
      await sleep(100);
      let saved: SavedCell[];
      try {
        saved = readNotebook(lesson.copyFile);
      } catch {
        continue; // caught the file half-written
      }
      const complete = saved.every((c) => c.type !== "code" || c.executionCount !== null);
      if (!complete || (await isDirty(page))) continue;
      const charts = saved.flatMap((c) => c.charts);
      if (charts.length === chartsOnPage && charts.every((c) => c.png)) return saved;
      await sleep(1000);
      if (await isDirty(page)) break; // changed after the save: save again
      return readNotebook(lesson.copyFile);
    }
  }
  assert.fail(`${lesson.name}: Ctrl+S did not leave a saved, clean notebook within 30 s`);
}

describe("the lessons in JupyterLab, through its UI in headless Chromium", () => {
  const runMarker = `browser-${process.pid}-${Date.now()}`;
  const lessons = new Map<string, Lesson>();
  let copy: NotebookCopy | undefined;
  let browser: Browser | undefined;
  let first: LabServer | undefined;
  let second: LabServer | undefined;
  /**
   * The one page the Korean lessons are opened in, one after another, from the file browser's ko
   * folder; its errors go to the lesson open in it (`current`), or to `errors` between lessons.
   */
  const ko: {
    context?: BrowserContext;
    page?: Page;
    ready: boolean;
    current?: Lesson;
    errors: string[];
    restarts: number;
  } = { ready: false, errors: [], restarts: 0 };

  before(
    async () => {
      if (files.length === 0) return; // the first test says so
      copy = copyNotebooks([...planned.map(({ file, name }) => ({ file, as: name })), FAILING]);
      for (const { lang, file, name } of planned) {
        lessons.set(name, {
          name,
          lang,
          fullCycle: lang === "en" || KOREAN_FULL_CYCLE.has(name),
          copyFile: path.join(copy.dir, name),
          original: readNotebook(file),
          pageErrors: [],
          timings: {},
        });
      }
      first = await startLab({ rootDir: copy.dir });
      browser = await launchBrowser(runMarker);
    },
    { timeout: 120_000 },
  );

  after(async () => {
    for (const lesson of lessons.values()) await lesson.context?.close().catch(() => undefined);
    await ko.context?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await first?.stop();
    await second?.stop();
    copy?.remove();
  });

  test(`there are notebooks to test in ${path.relative(ROOT, NOTEBOOKS) || "."}/`, (t) => {
    assert.ok(files.length > 0, `no lesson notebooks in ${NOTEBOOKS}: the UI test runs every lesson there`);
    if (!process.env.BACKPROP_LAB_UI_NOTEBOOKS) {
      assert.ok(korean.length > 0, `no Korean lessons in ${path.join(NOTEBOOKS, KOREAN_FOLDER)}`);
    }
    const unknown = [...KOREAN_FULL_CYCLE].filter((n) => korean.length > 0 && !lessons.has(n));
    assert.deepEqual(unknown, [], "KOREAN_FULL_CYCLE names lessons that do not exist");
    t.diagnostic(
      `JupyterLab answered after ${seconds(first!.startupMs)} on port ${first!.port}; notebooks: ${planned.map((l) => l.name).join(", ")}`,
    );
  });

  const lessonNamed = (name: string) => {
    const l = lessons.get(name);
    assert.ok(l && first && browser, `${name}: the server or the browser did not start (see the first failure)`);
    return l;
  };

  /**
   * Run → Run All Cells in the open notebook, and every check of the run: each cell once, in order,
   * no error, every chart drawn whole, printed numbers, no toast, no page error; then a screenshot.
   * A Korean lesson must also read in Korean and draw its English twin's numbers.
   */
  async function runAll(t: TestContext, l: Lesson, page: Page): Promise<void> {
    const name = l.name;
    await watchForRun(page);
    const t0 = Date.now();
    await clickMenu(page, "Run", "Run All Cells");
    const outcome = await waitForRun(page, RUN_TIMEOUT).catch((e: Error) => e);
    l.timings.runAll = Date.now() - t0;
    await waitForChartsDrawn(page, OPEN_TIMEOUT);
    const cells = await snapshot(page);
    const errors = errorOutputs(name, cells);
    if (outcome instanceof Error || errors.length) {
      throw new Error(`${name}: Run All Cells failed: ${outcome?.message ?? "errors shown"}\n${errors.join("\n")}`);
    }
    assert.deepEqual(
      cells.map((c) => c.type),
      l.original.map((c) => c.type),
      `${name}: the page's cells are not the file's`,
    );
    assertPromptsInOrder(name, cells, "Run All Cells");
    assertChartsDrawn(name, l.original, cells);
    assertPrinted(name, l.original, cells);
    if (/forward/.test(name)) assertForwardLosses(name, cells);
    if (l.lang === "ko") {
      assertKorean(name, cells);
      const words = cells.flatMap((c) => c.charts).map((c) => c.labels.slice(0, 3).join(" / "));
      if (words.length) t.diagnostic(`charts' words, first of each: ${words.slice(0, 3).join("; ")}`);
      const twin = lessons.get(path.posix.basename(name));
      if (twin?.firstRun) {
        assert.deepEqual(
          chartNumbers(cells),
          chartNumbers(twin.firstRun),
          `${name}: code cell by code cell, its charts should have the numbers of ${twin.name}'s`,
        );
      } else t.diagnostic(`note: ${path.posix.basename(name)} did not run, so the charts' numbers were not compared`);
    }
    // The first screen a class sees: the notebook, no prompt over it, and a quiet console
    // (setup ships the settings: no news prompt, no update check, no debugger).
    assert.deepEqual(
      await page.locator(TOAST).allInnerTexts(),
      [],
      `${name}: a notification is shown over the notebook`,
    );
    assert.deepEqual(l.pageErrors, [], `${name}: the page logged errors while opening and running`);
    l.firstRun = cells;
    const t1 = Date.now();
    await screenshotNotebook(page, path.join(SHOTS, `${stem(name)}.png`));
    l.timings.screenshot = Date.now() - t1;
    const wide = cells.flatMap((c, i) =>
      c.overflowing.map((o) => `cell ${i} output ${o.output} is ${o.width} px wide in ${o.room} px`),
    );
    if (wide.length) t.diagnostic(`note: outputs that scroll sideways at ${VIEWPORT.width} px: ${wide.join("; ")}`);
    const charts = cells.reduce((n, c) => n + c.charts.length, 0);
    t.diagnostic(
      `open ${seconds(l.timings.open)}, Run All ${seconds(l.timings.runAll)}, ` +
        `${cells.filter((c) => c.type === "code").length} code cells, ${charts} charts drawn, ` +
        `screenshot ${seconds(l.timings.screenshot)} → screenshots/lab/${stem(name)}.png`,
    );
  }

  /** Ctrl+S saves every output, and the page shows exactly what the file holds. */
  async function save(t: TestContext, l: Lesson): Promise<void> {
    const name = l.name;
    const t0 = Date.now();
    const saved = await saveAndRead(l);
    l.timings.save = Date.now() - t0;
    const bad = saved.flatMap((c, i) =>
      [c.stderr, ...c.errors].filter(Boolean).map((e) => `cell ${i}: ${e.trim().slice(0, 500)}`),
    );
    assert.deepEqual(bad, [], `${name}: the saved file holds error outputs`);
    assertPageMatchesFile(name, l.firstRun!, saved);
    const charts = saved.flatMap((c) => c.charts);
    if (saved.some((c) => c.type === "code" && callsShow(c.source))) assert.ok(charts.length > 0);
    if (l.lang === "ko") {
      const markdown = saved.filter((c) => c.type === "markdown").map((c) => c.source);
      assert.ok(
        markdown.every((m) => HANGUL.test(m)),
        `${name}: the saved file lost the Korean of its Markdown`,
      );
    }
    l.saved = saved;
    t.diagnostic(
      `saved in ${seconds(l.timings.save)}: ${charts.length} Plotly outputs in the file, all drawn on the page; ` +
        `${charts.filter((c) => c.png).length} carry jupyterlab-plotly's PNG snapshot`,
    );
  }

  /** Kernel → Restart Kernel and Run All Cells… gives the same prompts, text and charts. */
  async function restartAndRunAll(t: TestContext, l: Lesson): Promise<void> {
    const name = l.name;
    const page = l.page!;
    await watchForRun(page);
    const t0 = Date.now();
    await clickMenu(page, "Kernel", "Restart Kernel and Run All Cells…");
    const button = await acceptDialog(page, /^Restart Kernel\?$/);
    const outcome = await waitForRun(page, RUN_TIMEOUT).catch((e: Error) => e);
    l.timings.restartRunAll = Date.now() - t0;
    await waitForChartsDrawn(page, OPEN_TIMEOUT);
    const cells = await snapshot(page);
    const errors = errorOutputs(name, cells);
    if (outcome instanceof Error || errors.length) {
      throw new Error(
        `${name}: Restart and Run All failed: ${outcome?.message ?? "errors shown"}\n${errors.join("\n")}`,
      );
    }
    assertPromptsInOrder(name, cells, "Restart Kernel and Run All Cells");
    assertChartsDrawn(name, l.original, cells);
    assert.deepEqual(comparable(cells), comparable(l.firstRun!), `${name}: the second run's outputs differ`);
    assert.deepEqual(l.pageErrors, [], `${name}: the page logged errors while restarting and running`);
    t.diagnostic(`dialog button "${button}", restart + Run All ${seconds(l.timings.restartRunAll)}`);
  }

  for (const { name } of english) {
    test(
      `${name}: Run → Run All Cells runs every cell once, in order, with no error, drawing every chart`,
      STEP,
      async (t) => {
        const l = lessonNamed(name);
        await step(l, "run-all", async () => {
          const page = await open(browser!, first!, l, `ui-${flat(name)}`, "open");
          await runAll(t, l, page);
        });
      },
    );

    test(`${name}: Ctrl+S saves every output, and the page shows exactly what the file holds`, STEP, async (t) => {
      const l = lessonNamed(name);
      assert.ok(l.page && l.firstRun, `${name}: needs the Run All step, which failed`);
      await step(l, "save", () => save(t, l));
    });

    test(
      `${name}: Kernel → Restart Kernel and Run All Cells… gives the same prompts, text and charts`,
      STEP,
      async (t) => {
        const l = lessonNamed(name);
        assert.ok(l.page && l.firstRun, `${name}: needs the Run All step, which failed`);
        try {
          await step(l, "restart-run-all", () => restartAndRunAll(t, l));
        } finally {
          await close(first!, l);
        }
      },
    );
  }

  /**
   * File → Close and Shut Down Notebook… in the Korean page, as a learner leaves a lesson for the
   * next. If that fails, the kernel is shut down through the REST API and the page starts over in a
   * fresh workspace at the ko folder (a reload would restore the tab), so the next lesson still gets
   * a clean page; the failure is kept in ko.errors, which the test of the lesson reports.
   */
  async function closeKorean(l: Lesson): Promise<void> {
    const page = ko.page!;
    l.page = undefined;
    try {
      if ((await page.locator(".jp-NotebookPanel").count()) > 0) await closeAndShutDown(page, OPEN_TIMEOUT);
    } catch (error) {
      ko.errors.push(
        `${l.name}: closing it failed (${(error as Error).message.split("\n")[0]}); the page started over`,
      );
      ko.current = undefined;
      await endSessions(first!, l.name);
      ko.restarts++;
      await page.goto(first!.url(`lab/workspaces/ui-ko-${ko.restarts}/tree/${KOREAN_FOLDER}`), {
        timeout: OPEN_TIMEOUT,
      });
      await page
        .locator(".jp-FileBrowser .jp-BreadCrumbs-item", { hasText: new RegExp(`^${KOREAN_FOLDER}$`) })
        .waitFor({ timeout: OPEN_TIMEOUT });
    } finally {
      ko.current = undefined;
    }
    await endSessions(first!, l.name); // a no-op once the menu shut the kernel down
  }

  if (korean.length > 0) {
    test(
      `the file browser shows the ${KOREAN_FOLDER} folder beside the English lessons, and in it every Korean lesson`,
      STEP,
      async (t) => {
        assert.ok(first && browser, "the server or the browser did not start");
        ko.context = await newContext(browser);
        recordErrors(ko.context, () => ko.current?.pageErrors ?? ko.errors);
        const t0 = Date.now();
        ko.page = await openLab(ko.context, first, "ui-ko", OPEN_TIMEOUT);
        const top = await fileBrowserListing(ko.page);
        const dirs = top.filter((f) => f.isDir).map((f) => f.name);
        assert.ok(
          dirs.includes(KOREAN_FOLDER),
          `the file browser lists no ${KOREAN_FOLDER} folder: ${JSON.stringify(top)}`,
        );
        const names = top.map((f) => f.name);
        const missing = english.map((l) => l.name).filter((n) => !names.includes(n));
        assert.deepEqual(missing, [], `English lessons missing beside the ${KOREAN_FOLDER} folder`);
        await screenshotFileBrowser(ko.page, path.join(SHOTS, KOREAN_FOLDER, "file-browser.png"));
        await enterFolder(ko.page, KOREAN_FOLDER, OPEN_TIMEOUT);
        ko.ready = true;
        const inside = (await fileBrowserListing(ko.page)).map((f) => f.name);
        const absent = korean.map((l) => path.posix.basename(l.name)).filter((n) => !inside.includes(n));
        assert.deepEqual(
          absent,
          [],
          `Korean lessons the ${KOREAN_FOLDER} folder does not list (it lists ${inside.join(", ")})`,
        );
        await screenshotFileBrowser(ko.page, path.join(SHOTS, KOREAN_FOLDER, "file-browser-ko.png"));
        assert.deepEqual(await ko.page.locator(TOAST).allInnerTexts(), [], "a notification is shown over JupyterLab");
        assert.deepEqual(ko.errors.splice(0), [], "the page logged errors while opening JupyterLab");
        t.diagnostic(
          `JupyterLab and its file browser in ${seconds(Date.now() - t0)}: ${names.join(", ")}; ` +
            `${KOREAN_FOLDER}/: ${inside.join(", ")} (screenshots/lab/${KOREAN_FOLDER}/file-browser*.png)`,
        );
      },
    );
  }

  for (const { name } of korean) {
    const fullCycle = KOREAN_FULL_CYCLE.has(name);
    test(
      `${name}: opened from the file browser's ${KOREAN_FOLDER} folder, Run All runs every cell with no error, ` +
        `its Markdown and every chart read in Korean, with its English twin's numbers`,
      STEP,
      async (t) => {
        const l = lessonNamed(name);
        assert.ok(
          ko.ready,
          `${name}: needs the file browser's ${KOREAN_FOLDER} folder, which the step above did not reach`,
        );
        try {
          await step(l, "run-all", async () => {
            const page = ko.page!;
            ko.current = l;
            l.page = page;
            const t0 = Date.now();
            await openFromFileBrowser(page, name, l.original.length, OPEN_TIMEOUT);
            await waitForKernel(page, kernelDisplayName(), OPEN_TIMEOUT);
            l.timings.open = Date.now() - t0;
            await runAll(t, l, page);
          });
        } finally {
          if (!fullCycle || !l.firstRun) await closeKorean(l);
        }
        if (!fullCycle) {
          assert.deepEqual(l.pageErrors, [], `${name}: the page logged errors while the lesson closed`);
          assert.deepEqual(ko.errors.splice(0), [], `${name}: the page logged errors, or the lesson did not close`);
        }
      },
    );

    if (!fullCycle) continue;

    test(`${name}: Ctrl+S saves every output, and the page shows exactly what the file holds`, STEP, async (t) => {
      const l = lessonNamed(name);
      assert.ok(l.page && l.firstRun, `${name}: needs the Run All step, which failed`);
      try {
        await step(l, "save", () => save(t, l));
      } catch (error) {
        await closeKorean(l);
        throw error;
      }
    });

    test(
      `${name}: Kernel → Restart Kernel and Run All Cells… gives the same prompts, text and charts`,
      STEP,
      async (t) => {
        const l = lessonNamed(name);
        try {
          assert.ok(l.page && l.firstRun, `${name}: needs the Run All step, which failed`);
          await step(l, "restart-run-all", () => restartAndRunAll(t, l));
        } finally {
          await closeKorean(l);
        }
        assert.deepEqual(l.pageErrors, [], `${name}: the page logged errors while the lesson closed`);
        assert.deepEqual(ko.errors.splice(0), [], `${name}: the page logged errors, or the lesson did not close`);
      },
    );
  }

  test("the checks notice a failing cell: Run All stops there, and its error is named by cell", STEP, async () => {
    assert.ok(first && browser && copy, "the server or the browser did not start");
    const l: Lesson = {
      name: path.basename(FAILING),
      copyFile: path.join(copy.dir, path.basename(FAILING)),
      original: readNotebook(FAILING),
      pageErrors: [],
      timings: {},
    };
    try {
      await step(l, "failing-fixture", async () => {
        const page = await open(browser!, first!, l, "ui-failing", "open");
        await watchForRun(page);
        await clickMenu(page, "Run", "Run All Cells");
        await assert.rejects(waitForRun(page, RUN_TIMEOUT), /the run stopped early: code cells 2 /);
        const cells = await snapshot(page);
        assert.equal(cells[0].prompt, "[1]:");
        assert.match(cells[0].stdout, /before the failing cell: 2/);
        const errors = errorOutputs(l.name, cells);
        assert.equal(errors.length, 1, JSON.stringify(errors));
        assert.match(errors[0], /^fails\.ipynb, cell 1 .*makeDataset: nSamples must be a positive integer, got -3/s);
        assert.doesNotMatch(cells[2].prompt ?? "", /\d/, "the cell after the error does not run");
      });
    } finally {
      await close(first, l);
    }
  });

  test("JupyterLab shuts down through /api/shutdown, leaving no server or kernel process", async (t) => {
    assert.ok(first, "the first server did not start");
    await ko.context?.close();
    ko.context = ko.page = undefined;
    ko.ready = false;
    const report = await first.stop();
    assert.equal(report.clean, true, `JupyterLab did not exit by itself; its log:\n${first.log().slice(-3000)}`);
    assert.equal(report.exitCode, 0);
    assert.deepEqual(report.strays, [], "processes of the first server still alive after it exited");
    t.diagnostic(`stopped in ${seconds(report.stopMs)}`);
  });

  const reopened = planned.filter((l) => l.lang === "en" || KOREAN_FULL_CYCLE.has(l.name));

  test("a second JupyterLab with fresh Jupyter folders does not trust the saved notebooks", async (t) => {
    assert.ok(copy && files.length > 0, "nothing was saved");
    second = await startLab({ rootDir: copy.dir });
    for (const l of [...lessons.values()].filter((l) => l.fullCycle)) {
      const res = await second.api(`api/contents/${l.name.split("/").map(encodeURIComponent).join("/")}?content=1`);
      const cells = summariseNotebook(
        ((await res.json()) as { content: Parameters<typeof summariseNotebook>[0] }).content,
      );
      const trusted = cells.map((c, i) => (c.type === "code" && c.trusted !== false ? i : -1)).filter((i) => i >= 0);
      assert.deepEqual(
        trusted,
        [],
        `${l.name}: the server trusts these code cells, so the check below would prove nothing`,
      );
    }
    t.diagnostic(`second server answered after ${seconds(second.startupMs)} on port ${second.port}`);
  });

  for (const { name } of reopened) {
    test(
      `${name}: reopened untrusted, it draws every saved chart and shows the saved text, running nothing`,
      STEP,
      async (t) => {
        const l = lessons.get(name);
        assert.ok(l?.saved && second && browser, `${name}: needs the save step and the second server`);
        try {
          await step(l, "reopen", async () => {
            const page = await open(browser!, second!, l, `ui-reopen-${flat(name)}`, "reopen");
            await watchForRun(page);
            const expected = l.saved!.flatMap((c) => c.charts);
            const t0 = Date.now();
            // Every chart output appears, showing either its saved PNG or a live chart.
            await page.waitForFunction(
              (n) => {
                const charts = [...document.querySelectorAll(".jp-NotebookPanel .jp-RenderedPlotly")];
                const ready = (c: Element) =>
                  c.querySelector(".main-svg .trace") !== null ||
                  ((c.querySelector("img.plot-img") as HTMLImageElement | null)?.naturalWidth ?? 0) > 0;
                return charts.length === n && charts.every(ready);
              },
              expected.length,
              { timeout: OPEN_TIMEOUT, polling: 100 },
            );
            l.timings.reopenCharts = Date.now() - t0;
            const before = await snapshot(page);
            const shown = before.flatMap((c) =>
              c.charts.map((ch) => (ch.drawn ? "live" : ch.imageShown ? "png" : "nothing")),
            );
            assert.deepEqual(
              shown,
              expected.map((c) => (c.png ? "png" : "live")),
              `${name}: each chart should show its saved PNG (or, without one, the live chart)`,
            );
            const trusted = before.reduce((n, c) => n + c.trustedOutputs, 0);
            assert.equal(trusted, 0, `${name}: JupyterLab shows ${trusted} outputs as trusted`);
            await screenshotNotebook(page, path.join(SHOTS, `${stem(name)}-reopened.png`));
            const woken = await hoverSavedCharts(page, OPEN_TIMEOUT);
            await waitForChartsDrawn(page, OPEN_TIMEOUT);
            const cells = await snapshot(page);
            const ran = await page.evaluate(() => (window as unknown as { bplSawRun?: boolean }).bplSawRun);
            assert.equal(ran, false, `${name}: a cell ran ([*]:) although nothing was asked to run`);
            assertPageMatchesFile(name, cells, l.saved!);
            assertChartsDrawn(name, l.original, cells);
            assertSameKinds(name, cells, l.firstRun!);
            assert.deepEqual(
              comparable(cells),
              comparable(l.firstRun!),
              `${name}: the reopened page differs from the run`,
            );
            if (l.lang === "ko") assertKorean(name, cells);
            assert.deepEqual(l.pageErrors, [], `${name}: the page logged errors while reopening`);
            t.diagnostic(
              `open ${seconds(l.timings.reopen)}; ${expected.length} charts on screen ${seconds(l.timings.reopenCharts)} later ` +
                `(${shown.filter((x) => x === "png").length} as saved PNG); ${woken} made live by hovering`,
            );
          });
        } finally {
          await close(second!, l);
        }
      },
    );
  }

  test("the second server and the browser stop cleanly, and the repo's notebooks are untouched", async (t) => {
    assert.ok(second && browser, "the second server or the browser did not start");
    const report = await second.stop();
    assert.equal(report.clean, true, `JupyterLab did not exit by itself; its log:\n${second.log().slice(-3000)}`);
    assert.deepEqual(report.strays, [], "processes of the second server still alive after it exited");
    await browser.close();
    let left = processesWithMarker(runMarker);
    for (let i = 0; i < 20 && left.length > 0; i++) {
      await sleep(250);
      left = processesWithMarker(runMarker);
    }
    assert.deepEqual(left, [], "Chromium processes still alive after browser.close()");
    // Only the copy was served and saved; the lessons in the repo stay clean. (Their content may
    // change during a long run while someone edits them, so the test looks for outputs, not hashes.)
    const withOutputs = files.filter((f) => readNotebook(f).some((c) => c.executionCount !== null || c.charts.length));
    assert.deepEqual(withOutputs, [], "the repo's notebooks gained outputs");
    const rows = [...lessons.values()].map(
      (l) =>
        `${l.name}: open ${seconds(l.timings.open ?? 0)}, Run All ${seconds(l.timings.runAll ?? 0)}` +
        (l.fullCycle
          ? `, save ${seconds(l.timings.save ?? 0)}, restart + Run All ${seconds(l.timings.restartRunAll ?? 0)}, ` +
            `reopen ${seconds(l.timings.reopen ?? 0)} + charts ${seconds(l.timings.reopenCharts ?? 0)}`
          : ""),
    );
    for (const row of rows) t.diagnostic(row);
  });
});
