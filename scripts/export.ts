// `npm run export` and `npm run slides`: runs every lesson in a fresh kernel and writes pages that
// work offline, from a file:// URL, with nothing fetched: dist/<lesson>.html plus dist/index.html,
// or reveal.js slides in dist/slides/<lesson>.slides.html.
//
//   tsx scripts/export.ts                          the lessons in notebooks/*.ipynb → dist/
//   tsx scripts/export.ts --to slides              their slides → dist/slides/
//   tsx scripts/export.ts --to html,slides --out DIR --executed DIR  a.ipynb b.ipynb
//
// Python (scripts/nbexec.py, in .venv) runs the notebooks with nbclient and renders them with
// nbconvert's own exporters and the templates in export/: the same path JupyterLab's export menu
// and `jupyter nbconvert` take in the project's environment, where the templates' preprocessor
// (export/python/backprop_lab_export.py) runs the steps of scripts/export/offline.ts: TypeScript
// language info, KaTeX, slide types; plotly.js, reveal.js and styles inlined. This file adds
// what only a whole export has: the checks that every cell ran, the links between the lessons,
// the index page, and the summary.
import { spawnSync } from "node:child_process";
import {
  copyFileSync,
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
import { lessonNotebooks } from "./lessons";
import {
  checkExecuted,
  countFigures,
  extractNotebookMath,
  mergeStreams,
  notebookTitle,
  parseNotebook,
  withTypeScriptInfo,
} from "./export/notebook";
import type { Target } from "./export/offline";
import { isExportedPage, indexPage, lessonNav, type Lesson } from "./export/page";

export type { Target };

/** The project's root folder. */
export const ROOT = path.resolve(__dirname, "..");

/** The largest page the export is meant to write: plotly.js alone is 4.8 MB. */
export const SIZE_BUDGET = 6_000_000;

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
  // The templates' preprocessor runs scripts/export/nbconvert.ts with this very Node.
  const env = { ...process.env, BACKPROP_LAB_NODE: process.execPath };
  const run = spawnSync(py, [path.join(ROOT, "scripts", "nbexec.py"), command, jobs], { stdio: "inherit", env });
  if (run.error) throw new Error(`export: could not start ${py}: ${run.error.message}`);
  if (run.status !== 0) throw new Error(`export: stopped, because '${command}' failed (see above)`);
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
      checkExecuted(executed, `${name}.ipynb`);
      // The kernel's language_info has no Pygments lexer; the kept copy says TypeScript in full.
      writeFileSync(file, JSON.stringify(executed, null, 1) + "\n");
      const formulas = extractNotebookMath(mergeStreams(executed), "count").math.spans.length;
      return { name, file, title: notebookTitle(executed) ?? name, figures: countFigures(executed), formulas };
    });
    const lessons: Lesson[] = pages.map((p) => ({
      name: p.name,
      title: p.title,
      href: `${p.name}.html`,
      ...(opts.targets.has("slides") ? { slidesHref: `slides/${p.name}.slides.html` } : {}),
    }));
    const targets = [...opts.targets];
    const jobs = pages.flatMap((p, i) =>
      targets.map((target) => ({
        input: p.file,
        output: path.join(tmp, `${p.name}.${target}.html`),
        name: p.name,
        slides: target === "slides",
        title: p.title,
        nav: target === "html" ? lessonNav(lessons, i) : "",
      })),
    );
    python("convert", { template_dir: path.join(ROOT, "export"), jobs }, tmp);

    const slidesDir = path.join(opts.out, "slides");
    // Pages of renamed or removed lessons must not linger beside the new ones.
    if (opts.targets.has("html")) removeFiles(opts.out, ".html");
    if (opts.targets.has("slides")) removeFiles(slidesDir, ".slides.html");
    mkdirSync(opts.targets.has("slides") ? slidesDir : opts.out, { recursive: true });
    const written: ExportedPage[] = [];
    for (const p of pages) {
      for (const target of targets) {
        const file =
          target === "html" ? path.join(opts.out, `${p.name}.html`) : path.join(slidesDir, `${p.name}.slides.html`);
        copyFileSync(path.join(tmp, `${p.name}.${target}.html`), file);
        written.push({
          notebook: p.name,
          target,
          file,
          bytes: statSync(file).size,
          figures: p.figures,
          formulas: p.formulas,
        });
      }
    }
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
