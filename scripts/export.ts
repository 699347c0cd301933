// `npm run export` and `npm run slides`: runs every lesson in a fresh kernel and writes pages that
// work offline, from a file:// URL, with nothing fetched: dist/<lesson>.html plus dist/index.html,
// or reveal.js slides in dist/slides/<lesson>.slides.html.
//
//   tsx scripts/export.ts                          the lessons in notebooks/*.ipynb → dist/
//   tsx scripts/export.ts --to slides              their slides → dist/slides/
//   tsx scripts/export.ts --to html,slides --out DIR --executed DIR  a.ipynb b.ipynb
//
// Python (scripts/nbexec.py, in .venv) runs the notebooks with nbclient and renders them with
// nbconvert and the templates in export/; this file prepares the notebooks (TypeScript language
// info, formulas, slide types) and finishes the pages (KaTeX, plotly.js, reveal.js, styles inlined).
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { assertSelfContained, katexCss, offlineCss, scriptTag, styleTag } from "./export/assets";
import { lessonNotebooks } from "./lessons";
import { renderMath, restoreMath, type MathSpan } from "./export/math";
import {
  checkExecuted,
  countFigures,
  extractNotebookMath,
  hasSpeakerNotes,
  mergeStreams,
  notebookTitle,
  parseNotebook,
  withSlideTypes,
  withTypeScriptInfo,
  type Notebook,
} from "./export/notebook";
import {
  fillMarker,
  GENERATOR_META,
  HEAD_MARKER,
  isExportedPage,
  indexPage,
  lessonNav,
  NAV_MARKER,
  plotlyScripts,
  SCRIPTS_MARKER,
  type Lesson,
} from "./export/page";

/** The project's root folder. */
export const ROOT = path.resolve(__dirname, "..");

/** The largest page the export is meant to write: plotly.js alone is 4.8 MB. */
export const SIZE_BUDGET = 6_000_000;

/** The two kinds of page: a lesson to read, or its slides to teach from. */
export type Target = "html" | "slides";

/** What to export, and where: the command line's options. */
export interface ExportOptions {
  /** html: dist/<lesson>.html and index.html; slides: dist/slides/<lesson>.slides.html. */
  targets: Set<Target>;
  /** The output folder (dist/). */
  out: string;
  /** The notebooks, exported in file-name order (the lesson order). */
  notebooks: string[];
  /** Where to keep the executed notebooks; a temporary folder when not given. */
  executed?: string;
}

/** One page the export wrote, with what the tests and the summary need to know about it. */
export interface ExportedPage {
  notebook: string;
  target: Target;
  file: string;
  bytes: number;
  figures: number;
  formulas: number;
}

function usage(problem: string): never {
  console.error(`export: ${problem}`);
  console.error(
    "usage: tsx scripts/export.ts [--to html|slides|html,slides] [--out DIR] [--executed DIR] [NOTEBOOK.ipynb ...]",
  );
  process.exit(2);
}

function parseArgs(argv: readonly string[]): ExportOptions {
  const opts: ExportOptions = { targets: new Set(["html"]), out: path.join(ROOT, "dist"), notebooks: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => argv[++i] ?? usage(`${arg} needs a value`);
    if (arg === "--to") {
      const targets = value().split(",");
      for (const t of targets) if (t !== "html" && t !== "slides") usage(`--to takes html and/or slides, got "${t}"`);
      opts.targets = new Set(targets as Target[]);
    } else if (arg === "--out") opts.out = path.resolve(value());
    else if (arg === "--executed") opts.executed = path.resolve(value());
    else if (arg.startsWith("-")) usage(`unknown option ${arg}`);
    else opts.notebooks.push(path.resolve(arg));
  }
  if (opts.notebooks.length === 0) {
    opts.notebooks = lessonNotebooks();
    if (opts.notebooks.length === 0) usage("there are no lessons (notebooks/NN-name.ipynb) to export");
  }
  // File names are the lesson order: 01-…, 02-…
  opts.notebooks.sort((a, b) =>
    path.basename(a) < path.basename(b) ? -1 : path.basename(a) > path.basename(b) ? 1 : 0,
  );
  const names = opts.notebooks.map((f) => path.basename(f, ".ipynb"));
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) usage(`two notebooks are named ${twice}.ipynb; their pages would overwrite each other`);
  for (const f of opts.notebooks) if (!existsSync(f)) usage(`no notebook at ${f}`);
  return opts;
}

/** Runs scripts/nbexec.py with a job file; its messages go straight to our stderr. */
function python(command: "execute" | "convert", spec: unknown, tmp: string): void {
  const py = process.env.BACKPROP_PYTHON ?? path.join(ROOT, ".venv", "bin", "python");
  if (!existsSync(py)) {
    throw new Error(
      `export: there is no Python environment at ${path.relative(ROOT, py)}: run 'bash scripts/setup.sh' first`,
    );
  }
  const jobs = path.join(tmp, `${command}.json`);
  writeFileSync(jobs, JSON.stringify(spec));
  const run = spawnSync(py, [path.join(ROOT, "scripts", "nbexec.py"), command, jobs], { stdio: "inherit" });
  if (run.error) throw new Error(`export: could not start ${py}: ${run.error.message}`);
  if (run.status !== 0) throw new Error(`export: stopped, because '${command}' failed (see above)`);
}

/** The files the pages inline, read once. */
interface Assets {
  notebookCss: string;
  slidesCss: string;
  katexCss: string;
  katexFonts: string;
  plotly: string;
  reveal: { js: string; css: string; theme: string; notes: string };
  revealInit: string;
}

function loadAssets(targets: Set<Target>): Assets {
  const read = (file: string) => readFileSync(file, "utf8");
  const katexDir = path.dirname(require.resolve("katex/dist/katex.min.css"));
  const revealDir = path.dirname(require.resolve("reveal.js"));
  const slides = targets.has("slides");
  return {
    notebookCss: read(path.join(ROOT, "export", "notebook.css")),
    slidesCss: slides ? read(path.join(ROOT, "export", "slides.css")) : "",
    katexCss: read(path.join(katexDir, "katex.min.css")),
    katexFonts: katexDir,
    plotly: read(require.resolve("plotly.js-dist-min/plotly.min.js")),
    reveal: {
      js: slides ? read(path.join(revealDir, "reveal.js")) : "",
      css: slides ? offlineCss(read(path.join(revealDir, "reveal.css")), "reveal.css") : "",
      theme: slides ? offlineCss(read(path.join(revealDir, "theme", "white.css")), "theme/white.css") : "",
      notes: slides ? read(path.join(revealDir, "plugin", "notes.js")) : "",
    },
    revealInit: slides ? read(path.join(ROOT, "export", "reveal-init.js")) : "",
  };
}

/** A notebook after its run, ready to render: formulas out, TypeScript in, KaTeX HTML waiting. */
interface Prepared {
  name: string;
  title: string;
  nb: Notebook;
  figures: number;
  nonce: string;
  /** Whether the slides need reveal's speaker-notes plugin (68 kB): only when the author wrote notes. */
  notes: boolean;
  formulas: MathSpan[];
  rendered: string[];
}

function prepare(name: string, executed: Notebook): Prepared {
  checkExecuted(executed, `${name}.ipynb`);
  const nonce = randomBytes(6).toString("hex");
  const { nb, math } = extractNotebookMath(mergeStreams(executed), nonce);
  const macros: Record<string, string> = {};
  const rendered = math.spans.map((span, k) => {
    const warnings: string[] = [];
    try {
      const html = renderMath(span, macros, warnings);
      for (const w of warnings) console.error(`export: ${name}.ipynb, cell ${math.cells[k]}: KaTeX: ${w}`);
      return html;
    } catch (e) {
      throw new Error(
        `export: ${name}.ipynb, cell ${math.cells[k]}: KaTeX cannot render ${JSON.stringify(span.tex.trim())}: ${(e as Error).message}`,
      );
    }
  });
  return {
    name,
    title: notebookTitle(executed) ?? name,
    nb,
    figures: countFigures(executed),
    nonce,
    notes: hasSpeakerNotes(executed),
    formulas: math.spans,
    rendered,
  };
}

/** nbconvert's page with formulas, styles and scripts put in: a file that needs nothing else. */
function finishPage(page: Prepared, html: string, target: Target, assets: Assets, nav: string): string {
  let out = restoreMath(html, page.nonce, page.formulas, page.rendered);
  const mathCss =
    page.formulas.length > 0
      ? katexCss(assets.katexCss, page.rendered.join(""), (file) => readFileSync(path.join(assets.katexFonts, file)))
      : "";
  const head = [
    GENERATOR_META,
    styleTag(assets.notebookCss),
    target === "slides" ? styleTag(assets.reveal.css) + styleTag(assets.reveal.theme) + styleTag(assets.slidesCss) : "",
    mathCss ? styleTag(mathCss) : "",
  ].join("\n");
  out = fillMarker(out, HEAD_MARKER, head);
  const charts = page.figures > 0 ? plotlyScripts(assets.plotly) : "";
  if (target === "html") {
    out = fillMarker(out, NAV_MARKER, nav);
    out = fillMarker(out, SCRIPTS_MARKER, charts);
  } else {
    const reveal = [
      scriptTag(assets.reveal.js),
      page.notes ? scriptTag(assets.reveal.notes) : "",
      scriptTag(assets.revealInit),
    ];
    out = fillMarker(out, SCRIPTS_MARKER, [charts, ...reveal].join("\n"));
  }
  if (out.includes(`BPLMATH${page.nonce}`)) throw new Error(`export: ${page.name}: a formula was not put back`);
  assertSelfContained(out, `${page.name} (${target})`);
  return out;
}

/** Runs the export; returns what it wrote. Throws with a message for the user when anything fails. */
export function exportNotebooks(opts: ExportOptions): ExportedPage[] {
  const started = Date.now();
  const tmp = mkdtempSync(path.join(os.tmpdir(), "backprop-lab-export-"));
  try {
    const names = opts.notebooks.map((f) => path.basename(f, ".ipynb"));
    const executedDir = opts.executed ?? path.join(tmp, "executed");
    mkdirSync(executedDir, { recursive: true });
    python(
      "execute",
      {
        cwd: path.join(ROOT, "notebooks"),
        kernel: "backprop-lab",
        timeout: 600,
        jobs: opts.notebooks.map((input, i) => ({ input, output: path.join(executedDir, `${names[i]}.ipynb`) })),
      },
      tmp,
    );
    const ran = Date.now();
    const pages = names.map((name) => {
      const file = path.join(executedDir, `${name}.ipynb`);
      const executed = withTypeScriptInfo(parseNotebook(readFileSync(file, "utf8"), `${name}.ipynb`));
      // The kernel's language_info has no Pygments lexer; the kept copy says TypeScript in full.
      writeFileSync(file, JSON.stringify(executed, null, 1) + "\n");
      return prepare(name, executed);
    });
    const targets = [...opts.targets];
    const jobs = pages.flatMap((p) =>
      targets.map((target) => {
        const nb = target === "slides" ? withSlideTypes(p.nb) : p.nb;
        const input = path.join(tmp, `${p.name}.${target}.ipynb`);
        writeFileSync(input, JSON.stringify(nb));
        return {
          input,
          output: path.join(tmp, `${p.name}.${target}.html`),
          template: target === "slides" ? "backprop-lab-slides" : "backprop-lab",
          slides: target === "slides",
          title: p.title,
        };
      }),
    );
    python("convert", { template_dir: path.join(ROOT, "export"), jobs }, tmp);

    const assets = loadAssets(opts.targets);
    const lessons: Lesson[] = pages.map((p) => ({
      name: p.name,
      title: p.title,
      href: `${p.name}.html`,
      ...(opts.targets.has("slides") ? { slidesHref: `slides/${p.name}.slides.html` } : {}),
    }));
    const slidesDir = path.join(opts.out, "slides");
    // Pages of renamed or removed lessons must not linger beside the new ones.
    if (opts.targets.has("html")) removeFiles(opts.out, ".html");
    if (opts.targets.has("slides")) removeFiles(slidesDir, ".slides.html");
    mkdirSync(opts.targets.has("slides") ? slidesDir : opts.out, { recursive: true });
    const written: ExportedPage[] = [];
    pages.forEach((p, i) => {
      for (const target of targets) {
        const html = readFileSync(path.join(tmp, `${p.name}.${target}.html`), "utf8");
        const file =
          target === "html" ? path.join(opts.out, `${p.name}.html`) : path.join(slidesDir, `${p.name}.slides.html`);
        writeFileSync(file, finishPage(p, html, target, assets, lessonNav(lessons, i)));
        written.push({
          notebook: p.name,
          target,
          file,
          bytes: statSync(file).size,
          figures: p.figures,
          formulas: p.formulas.length,
        });
      }
    });
    if (opts.targets.has("html")) writeFileSync(path.join(opts.out, "index.html"), indexPage(lessons));
    report(written, (ran - started) / 1000, (Date.now() - started) / 1000);
    return written;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Removes the pages a previous export wrote in `dir` (and no other file). */
function removeFiles(dir: string, suffix: string): void {
  if (!existsSync(dir)) return;
  for (const f of readdirSync(dir)) {
    const file = path.join(dir, f);
    if (f.endsWith(suffix) && isExportedPage(readFileSync(file, "utf8"))) rmSync(file);
  }
}

function report(pages: readonly ExportedPage[], runSeconds: number, totalSeconds: number): void {
  const mb = (b: number) => (b / 1e6).toFixed(2);
  for (const p of pages) {
    const over = p.bytes > SIZE_BUDGET ? `  OVER THE ${mb(SIZE_BUDGET)} MB BUDGET` : "";
    console.error(
      `export: wrote ${path.relative(process.cwd(), p.file)}: ${mb(p.bytes)} MB, ${p.figures} charts, ${p.formulas} formulas${over}`,
    );
  }
  console.error(`export: done in ${totalSeconds.toFixed(1)} s (running the notebooks: ${runSeconds.toFixed(1)} s)`);
}

function main(): void {
  try {
    exportNotebooks(parseArgs(process.argv.slice(2)));
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
}

if (require.main === module) main();
