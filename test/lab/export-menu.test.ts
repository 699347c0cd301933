// JupyterLab's own File → Save and Export Notebook As → HTML and → Reveal.js Slides, through the
// real server, and `jupyter nbconvert --to html|slides` with the project's .venv. Each page,
// opened from file:// with the network blocked, must draw every chart of the notebook as it is
// scrolled to (on slides, as its slide shows; and the charts must answer the mouse), render every
// formula with KaTeX, highlight the code as TypeScript, fetch nothing and log no error. Lessons 4 and 5 are run first (scripts/nbrun.py),
// as a teacher runs them before exporting; lesson 1 is exported as committed, without outputs.
//
// JupyterLab's HTML entry first asks "Sanitize HTML output", ticked: what OK gives (the same URL
// with &sanitize_html=true) is checked like the rest, and a notebook whose Markdown and output
// try to run script (fixtures/unsafe.ipynb) must run none of it when sanitized.
//
//   node --import tsx --test test/lab/export-menu.test.ts      (screenshots in screenshots/lab/)
import assert from "node:assert/strict";
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import type { Browser, Download, Page } from "playwright-core";
import { launchChromium } from "../../scripts/chromium";
import { SIZE_BUDGET } from "../../scripts/export";
import {
  chartFacts,
  contentFacts,
  drawAllCharts,
  drawAllSlides,
  expectedFrom,
  fullPageScreenshot,
  openOffline,
  type Expected,
} from "../browser/helpers";
import { acceptDialog, clickMenu, newContext, openNotebook } from "./jupyterlab";
import { copyNotebooks, JUPYTER, ROOT, startLab, type LabServer, type NotebookCopy } from "./server";

const SHOTS = path.join(ROOT, "screenshots", "lab");
const PYTHON = path.join(ROOT, ".venv", "bin", "python");
/** Run before exporting: the lessons with the most charts and formulas. */
const RUN = ["04-training", "05-every-step"];
/** Exported as committed: no outputs, no execution counts. */
const NOT_RUN = "01-dataset";
const UNSAFE = path.join(__dirname, "fixtures", "unsafe.ipynb");

/** The three ways of exporting, and what the server is asked for. */
type Kind = "html" | "sanitized" | "slides";
const QUERY: Record<Kind, string> = {
  html: "html/%s?download=true",
  sanitized: "html/%s?download=true&sanitize_html=true",
  slides: "slides/%s?download=true",
};
const MENU_LABEL: Record<Kind, string> = {
  html: "HTML, Sanitize unticked",
  sanitized: "HTML, Sanitize ticked (the default)",
  slides: "Reveal.js Slides",
};

/** One exported page and where it came from. */
interface Exported {
  title: string;
  /** The screenshot's file name in screenshots/lab/. */
  shot: string;
  kind: Kind;
  file: string;
  /** The notebook the page was made from, for what it must show. */
  notebook: string;
  executed: boolean;
  ms: number;
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;

let work = "";
let copy: NotebookCopy | undefined;
let server: LabServer | undefined;
let browser: Browser | undefined;
const menuPages = new Map<string, Exported>();
const cliPages = new Map<string, Exported>();

/** What the menu gets for `name` (a file in the served folder): the server's answer, saved. */
async function fromMenu(name: string, kind: Kind): Promise<{ file: string; ms: number; disposition: string }> {
  assert.ok(server, "the server did not start");
  const t0 = Date.now();
  const res = await server.api(`nbconvert/${QUERY[kind].replace("%s", encodeURIComponent(name))}`, {
    signal: AbortSignal.timeout(120_000),
  });
  const body = await res.text();
  const ms = Date.now() - t0;
  assert.equal(res.status, 200, `${kind} of ${name}: ${body.slice(0, 500)}`);
  const disposition = res.headers.get("content-disposition") ?? "";
  const saveAs = decodeURIComponent(/filename\*=utf-8''([^;]+)/.exec(disposition)?.[1] ?? `${name}.html`);
  const dir = path.join(work, "menu", kind);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, saveAs);
  writeFileSync(file, body);
  return { file, ms, disposition };
}

before(
  async () => {
    work = mkdtempSync(path.join(os.tmpdir(), "backprop-lab-export-menu-"));
    const executed = path.join(work, "executed");
    const lessons = RUN.map((n) => path.join(ROOT, "notebooks", `${n}.ipynb`));
    const run = spawnSync(PYTHON, [path.join(ROOT, "scripts", "nbrun.py"), "--out", executed, ...lessons], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 600_000,
    });
    assert.equal(run.status, 0, `running the lessons failed:\n${`${run.stdout}\n${run.stderr}`.slice(-4000)}`);
    copy = copyNotebooks([
      ...RUN.map((n) => path.join(executed, `${n}.ipynb`)),
      path.join(ROOT, "notebooks", `${NOT_RUN}.ipynb`),
      UNSAFE,
    ]);
    server = await startLab({ rootDir: copy.dir });

    for (const name of [...RUN, NOT_RUN]) {
      for (const kind of ["html", "sanitized", "slides"] as const) {
        const { file, ms, disposition } = await fromMenu(`${name}.ipynb`, kind);
        assert.match(disposition, /^attachment; filename/, `${kind} of ${name} is a download`);
        menuPages.set(`${name} ${kind}`, {
          title: `the menu's ${MENU_LABEL[kind]} of ${name}${name === NOT_RUN ? " (not run)" : ""}`,
          shot: `export-menu-${kind}-${name}.png`,
          kind,
          file,
          notebook: path.join(copy.dir, `${name}.ipynb`),
          executed: name !== NOT_RUN,
          ms,
        });
      }
    }

    // The command line, from .venv, in the server's throw-away Jupyter folders (never the user's).
    for (const name of RUN) {
      for (const kind of ["html", "slides"] as const) {
        const t0 = Date.now();
        const notebook = path.join(executed, `${name}.ipynb`);
        const out = path.join(work, "cli");
        const cli: SpawnSyncReturns<string> = spawnSync(
          JUPYTER,
          ["nbconvert", "--to", kind, "--output-dir", out, notebook],
          { cwd: work, env: server.env, encoding: "utf8", timeout: 120_000 },
        );
        assert.equal(cli.status, 0, `jupyter nbconvert --to ${kind} ${name}.ipynb failed:\n${cli.stderr}`);
        cliPages.set(`${name} ${kind}`, {
          title: `jupyter nbconvert --to ${kind} ${name}.ipynb`,
          shot: `export-cli-${kind}-${name}.png`,
          kind,
          file: path.join(out, `${name}${kind === "slides" ? ".slides" : ""}.html`),
          notebook,
          executed: true,
          ms: Date.now() - t0,
        });
      }
    }
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
  },
  { timeout: 900_000 },
);

after(async () => {
  await browser?.close();
  await server?.stop();
  copy?.remove();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Drags a zoom box across each chart; returns the charts whose x range did not change. */
async function unzoomable(page: Page, ids: readonly string[]): Promise<string[]> {
  const stuck: string[] = [];
  const range = (id: string) =>
    page.evaluate((chart) => {
      const el = document.getElementById(chart) as unknown as { _fullLayout?: { xaxis?: { range?: unknown } } };
      return JSON.stringify(el?._fullLayout?.xaxis?.range);
    }, id);
  for (const id of ids) {
    const drag = page.locator(`#${id} .nsewdrag`).first();
    await drag.scrollIntoViewIfNeeded();
    const box = await drag.boundingBox();
    if (!box) {
      stuck.push(`${id} (no plot area)`);
      continue;
    }
    const before = await range(id);
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.3);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.6, { steps: 5 });
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.7, { steps: 5 });
    await page.mouse.up();
    await page.waitForTimeout(100);
    if ((await range(id)) === before) stuck.push(id);
  }
  return stuck;
}

/** What one page showed, read once and checked by several tests. */
interface Seen {
  bytes: number;
  outside: string[];
  errors: string[];
  charts: Awaited<ReturnType<typeof chartFacts>>;
  content: Awaited<ReturnType<typeof contentFacts>>;
  stuck: string[];
}

async function look(p: Exported, expected: Expected): Promise<Seen> {
  assert.ok(browser, "the browser did not start");
  const opened = await openOffline(browser, p.file, expected.figures.length);
  try {
    const { page } = opened;
    // The page draws each chart as it comes into view (slides: as its slide shows): go to each.
    if (expected.figures.length > 0) {
      if (p.kind === "slides") await drawAllSlides(page);
      else await drawAllCharts(page);
    }
    const charts = await chartFacts(page);
    const content = await contentFacts(page);
    if (p.kind === "slides") await page.screenshot({ path: path.join(SHOTS, p.shot) });
    else await fullPageScreenshot(page, path.join(SHOTS, p.shot));
    // Zooming proves plotly.js is live on the page, not a picture of a chart.
    const stuck =
      p.kind !== "slides"
        ? await unzoomable(
            page,
            charts.map((c) => c.id),
          )
        : [];
    return { bytes: statSync(p.file).size, outside: opened.outside, errors: opened.errors, charts, content, stuck };
  } finally {
    await opened.close();
  }
}

/** The checks of one exported page, opened from file:// with the network blocked. */
function checkPage(get: () => Exported | undefined): void {
  let p: Exported;
  let expected: Expected;
  let seen: Seen;
  before(async () => {
    const page = get();
    assert.ok(page, "the export did not run (see the first failure)");
    p = page;
    expected = expectedFrom(p.notebook);
    seen = await look(p, expected);
  });

  test("fetches nothing and logs no error", (t) => {
    assert.deepEqual(seen.outside, [], "requests outside the file");
    assert.deepEqual(seen.errors, [], "console errors and uncaught exceptions");
    assert.ok(seen.bytes <= SIZE_BUDGET, `${mb(seen.bytes)} is over the ${mb(SIZE_BUDGET)} budget`);
    t.diagnostic(
      `${p.title}: ${mb(seen.bytes)}, exported in ${(p.ms / 1000).toFixed(1)} s, ` +
        `${seen.charts.filter((c) => c.drawn).length} of ${expected.figures.length} charts drawn, ` +
        `${seen.content.katex} formulas, ${seen.outside.length} outside requests, ${seen.errors.length} errors`,
    );
  });

  test("draws one live chart per Plotly output of the notebook, every trace of it", () => {
    assert.deepEqual(
      seen.charts.map((c) => c.id),
      expected.figures.map((f) => f.id),
    );
    assert.deepEqual(
      seen.charts.filter((c) => !c.drawn).map((c) => c.id),
      [],
      "charts without plotly's SVG",
    );
    const traces = new Map(expected.figures.map((f) => [f.id, f.traces]));
    for (const chart of seen.charts) assert.deepEqual(chart.traces, traces.get(chart.id), `traces of ${chart.id}`);
    assert.deepEqual(seen.stuck, [], "charts that did not zoom when dragged across");
  });

  test("renders every formula with KaTeX and shows no raw TeX", () => {
    assert.ok(expected.formulas > 0, "the lesson has formulas to check");
    assert.equal(seen.content.katex, expected.formulas, "one .katex element per formula");
    assert.equal(seen.content.katexErrors, 0);
    assert.deepEqual(seen.content.rawTex, []);
    assert.ok(
      seen.content.katexFonts.some((f) => f.family === "KaTeX_Main" && f.status === "loaded"),
      JSON.stringify(seen.content.katexFonts),
    );
  });

  test("highlights the code as TypeScript, with the run's In [n] numbers", () => {
    const { highlightClasses, keywords, prompts } = seen.content;
    assert.ok(highlightClasses.length > 0);
    assert.ok(
      highlightClasses.every((c) => /\bhl-typescript\b/.test(c)),
      highlightClasses.join(", "),
    );
    assert.ok(
      keywords.some((k) => k === "const" || k === "import"),
      keywords.join(" "),
    );
    if (p.executed) assert.deepEqual(prompts, expected.prompts);
    else assert.ok(prompts.length > 0 && prompts.every((q) => q === "In [ ]:"), prompts.join(" "));
  });
}

describe("JupyterLab's export menu and jupyter nbconvert give the offline pages of npm run export", () => {
  test("the server offers HTML and Reveal.js Slides", async () => {
    assert.ok(server, "the server did not start");
    const formats = (await (await server.api("api/nbconvert")).json()) as Record<string, unknown>;
    assert.ok("html" in formats && "slides" in formats, Object.keys(formats).join(", "));
  });

  for (const name of [...RUN, NOT_RUN]) {
    for (const kind of ["html", "sanitized", "slides"] as const) {
      describe(`the menu's ${MENU_LABEL[kind]} of ${name}${name === NOT_RUN ? " (not run)" : ""}`, () =>
        checkPage(() => menuPages.get(`${name} ${kind}`)));
    }
  }
  for (const name of RUN) {
    for (const kind of ["html", "slides"] as const) {
      describe(`jupyter nbconvert --to ${kind} ${name}.ipynb`, () => checkPage(() => cliPages.get(`${name} ${kind}`)));
    }
  }

  test("sanitized, a notebook's own script runs nowhere, and its text, table and formula stay", async () => {
    assert.ok(browser, "the browser did not start");
    const found: Record<string, unknown> = {};
    for (const kind of ["sanitized", "html"] as const) {
      const { file } = await fromMenu(path.basename(UNSAFE), kind);
      const opened = await openOffline(browser, file, 0);
      try {
        const { page } = opened;
        // The link is the one way left to run script: follow it, as a reader would.
        await page
          .getByText("a link")
          .click({ timeout: 2000 })
          .catch(() => undefined);
        await page.waitForTimeout(300);
        found[kind] = await page.evaluate(() => ({
          unsafe: (window as unknown as { __bplUnsafe?: string }).__bplUnsafe ?? null,
          heading: document.querySelector("h1")?.textContent?.replace(/¶$/, "") ?? null,
          bold: document.querySelector(".jp-RenderedMarkdown strong")?.textContent ?? null,
          tableHead: document.querySelector(".jp-RenderedHTML th")?.textContent ?? null,
          katex: document.querySelectorAll(".katex").length,
        }));
        if (kind === "sanitized") await page.screenshot({ path: path.join(SHOTS, "export-unsafe-sanitized.png") });
      } finally {
        await opened.close();
      }
    }
    assert.deepEqual(found.sanitized, {
      unsafe: null,
      heading: 'Unsafe HTML, exported with "Sanitize HTML output"',
      bold: "bold",
      tableHead: "kept",
      katex: 1,
    });
    // The same page unsanitized runs the notebook's script: the check above can fail.
    assert.notEqual((found.html as { unsafe: unknown }).unsafe, null);
  });

  test("clicking File → Save and Export Notebook As → HTML (OK) and → Reveal.js Slides downloads those pages", async (t) => {
    assert.ok(server && browser && copy, "the server or the browser did not start");
    const context = await newContext(browser);
    try {
      const name = `${RUN[0]}.ipynb`;
      const cells = (JSON.parse(readFileSync(path.join(copy.dir, name), "utf8")) as { cells: unknown[] }).cells;
      const page = await openNotebook(context, server, name, "export-menu", cells.length, 60_000);
      for (const [item, kind] of [
        ["HTML", "sanitized"],
        ["Reveal.js Slides", "slides"],
      ] as const) {
        // JupyterLab opens the export in a new tab, which the browser turns into a download and
        // closes; Chromium reports the download on the notebook's page (or on the tab).
        const download = new Promise<Download>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`${item}: no download within 60 s`)), 60_000);
          const done = (d: Download) => {
            clearTimeout(timer);
            resolve(d);
          };
          page.once("download", done);
          context.once("page", (tab) => tab.once("download", done));
        });
        await clickMenu(page, "File", "Save and Export Notebook As");
        await page
          .locator(".lm-Menu .lm-Menu-item:not(.lm-mod-hidden)", {
            has: page.locator(".lm-Menu-itemLabel", { hasText: new RegExp(`^${item.replace(".", "\\.")}$`) }),
          })
          .click();
        if (kind === "sanitized") {
          const checkbox = page.locator(".jp-Dialog input[type=checkbox]");
          await checkbox.waitFor();
          assert.equal(await checkbox.isChecked(), true, "JupyterLab ticks Sanitize HTML output by default");
          await acceptDialog(page, /^Export as HTML$/);
        }
        const d = await download;
        const file = path.join(work, `clicked-${kind}.html`);
        await d.saveAs(file);
        const expected = menuPages.get(`${RUN[0]} ${kind}`)!;
        assert.equal(d.suggestedFilename(), path.basename(expected.file));
        assert.match(d.url(), new RegExp(`/nbconvert/${QUERY[kind].replace("%s", name).replace(/[.?]/g, "\\$&")}$`));
        assert.equal(readFileSync(file, "utf8"), readFileSync(expected.file, "utf8"), "the page the test checked");
        t.diagnostic(`${item}: ${d.url().replace(/^.*\/nbconvert/, "/nbconvert")} → ${mb(statSync(file).size)}`);
      }
    } finally {
      await context.close();
    }
  });
});
