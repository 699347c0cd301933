// `npm run export` and `npm run slides`: runs every lesson, in English and in Korean, in a fresh
// kernel and writes pages that work offline, from a file:// URL, with nothing fetched:
//
//   dist/<lesson>.html, dist/ko/<lesson>.html          each lesson, linked to its twin (English ↔ 한국어)
//   dist/backprop-lab.html                             the whole course in one file (both languages)
//   dist/index.html                                    both languages' lessons, and the course file
//   dist/slides/<lesson>.slides.html, dist/slides/ko/…  reveal.js slides (--to slides)
//
//   tsx scripts/export.ts                          the lessons in notebooks/*.ipynb and notebooks/ko/*.ipynb → dist/
//   tsx scripts/export.ts --to slides              their slides → dist/slides/
//   tsx scripts/export.ts --to html,slides --out DIR --executed DIR  a.ipynb ko/b.ipynb
//
// A notebook in a folder named "ko" is a Korean lesson. Python (scripts/nbexec.py, in .venv) runs
// the notebooks with nbclient and renders them with nbconvert's own exporters and the templates in
// export/: the same path JupyterLab's export menu and `jupyter nbconvert` take in the project's
// environment, where the templates' preprocessor (export/python/backprop_lab_export.py) runs the
// steps of scripts/export/offline.ts: TypeScript language info, KaTeX, slide types; styles and
// reveal.js inlined, plotly.js packed. This file adds what only a whole export has: the checks
// that every cell ran, the links between the lessons and the languages, the course file, the index
// page, and the summary.
import { spawn } from "node:child_process";
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
import { allLessons, LESSON_LANGS } from "./lessons";
import { coursePage } from "./export/course";
import {
  checkExecuted,
  countFigures,
  extractNotebookMath,
  mergeStreams,
  notebookTitle,
  parseNotebook,
  withTypeScriptInfo,
} from "./export/notebook";
import { loadAssets, type Target } from "./export/offline";
import { isExportedPage, indexPage, lessonNav, slidesNav, type Lang, type Lesson } from "./export/page";

export type { Target };

/** The project's root folder. */
export const ROOT = path.resolve(__dirname, "..");

/** The largest page the export is meant to write (plotly.js alone is 4.8 MB; packed, 1.7 MB). */
export const SIZE_BUDGET = 2_500_000;

/** The largest the whole-course file may be: every lesson of both languages, plotly.js once. */
export const COURSE_BUDGET = 10_000_000;

/** The whole course in one file, in the output folder. */
export const COURSE_FILE = "backprop-lab.html";

/** What to export, and where: the command line's options. */
export interface ExportOptions {
  /** html: dist/[ko/]<lesson>.html, the course file and index.html; slides: dist/slides/[ko/]<lesson>.slides.html. */
  targets: Set<Target>;
  /** The output folder (dist/). */
  out: string;
  /** The notebooks, exported in lesson order (English first, then Korean; by file name). */
  notebooks: string[];
  /** Where to keep the executed notebooks (Korean ones in ko/); a temporary folder when not given. */
  executed?: string;
}

/** One page the export wrote, with what the tests and the summary need to know about it. */
export interface ExportedPage {
  notebook: string;
  lang: Lang;
  target: Target;
  file: string;
  bytes: number;
  figures: number;
  formulas: number;
}

/** A lesson's language: Korean when its notebook is in a folder named "ko" (notebooks/ko/). */
export function notebookLanguage(file: string): Lang {
  return path.basename(path.dirname(file)) === LESSON_LANGS.ko ? "ko" : "en";
}

/** The folder of a language under notebooks/, dist/ and dist/slides/: "" or "ko/". */
const langDir = (lang: Lang) => (lang === "en" ? "" : `${LESSON_LANGS[lang]}/`);

/** Where a lesson's page is, relative to the output folder. */
export function pageHref(lang: Lang, name: string, target: Target): string {
  return target === "html" ? `${langDir(lang)}${name}.html` : `slides/${langDir(lang)}${name}.slides.html`;
}

/** One lesson to export: its notebook, language and name. */
interface Job {
  file: string;
  lang: Lang;
  name: string;
}

/**
 * How a page's links to other lessons change: each lesson's notebook as a lesson links it (e.g.
 * "05-every-step.ipynb", or "../04-training.ipynb" from a Korean lesson) → its page of the same
 * target, seen from this page.
 */
export function lessonLinks(from: Job, lessons: readonly Job[], target: Target): Record<string, string> {
  const notebookDir = path.posix.dirname(`${langDir(from.lang)}${from.name}.ipynb`);
  const pageDir = path.posix.dirname(pageHref(from.lang, from.name, target));
  const links: Record<string, string> = {};
  for (const to of lessons) {
    const notebook = path.posix.relative(notebookDir, `${langDir(to.lang)}${to.name}.ipynb`);
    links[notebook] = path.posix.relative(pageDir, pageHref(to.lang, to.name, target));
  }
  return links;
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
    opts.notebooks = allLessons().map((l) => l.file);
    if (opts.notebooks.length === 0) usage("there are no lessons (notebooks/NN-name.ipynb) to export");
  }
  const jobs = lessonJobs(opts.notebooks);
  const key = (j: Job) => `${langDir(j.lang)}${j.name}`;
  const twice = jobs.map(key).find((k, i, all) => all.indexOf(k) !== i);
  if (twice) usage(`two notebooks are named ${twice}.ipynb; their pages would overwrite each other`);
  for (const f of opts.notebooks) if (!existsSync(f)) usage(`no notebook at ${f}`);
  opts.notebooks = jobs.map((j) => j.file);
  return opts;
}

/** The notebooks as lessons, in lesson order: English first, then Korean, each by file name. */
function lessonJobs(notebooks: readonly string[]): Job[] {
  const langs = Object.keys(LESSON_LANGS) as Lang[];
  return notebooks
    .map((file) => ({ file, lang: notebookLanguage(file), name: path.basename(file, ".ipynb") }))
    .sort((a, b) => langs.indexOf(a.lang) - langs.indexOf(b.lang) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** How many notebooks run (and pages convert) at once: one per core, at most 4; $BACKPROP_EXPORT_JOBS overrides. */
function parallelism(): number {
  const asked = Number(process.env.BACKPROP_EXPORT_JOBS);
  if (Number.isInteger(asked) && asked > 0) return asked;
  return Math.max(1, Math.min(4, os.cpus().length));
}

/**
 * Runs scripts/nbexec.py on the jobs, split across `parallelism()` processes; their messages go
 * straight to our stderr. Resolves when all are done; rejects when one fails.
 */
async function python(
  command: "execute" | "convert",
  spec: { jobs: unknown[]; [setting: string]: unknown },
  tmp: string,
): Promise<void> {
  const py = process.env.BACKPROP_PYTHON ?? path.join(ROOT, ".venv", "bin", "python");
  if (!existsSync(py)) {
    throw new Error(
      `export: there is no Python environment at ${path.relative(ROOT, py)}: run 'bash scripts/setup.sh' first`,
    );
  }
  const n = Math.min(parallelism(), spec.jobs.length);
  // Round robin: the heavy lessons (4, 5, 8) do not all land in one process.
  const shares = Array.from({ length: n }, (_, k) => spec.jobs.filter((_, i) => i % n === k));
  // The templates' preprocessor runs scripts/export/nbconvert.ts with this very Node.
  const env = { ...process.env, BACKPROP_LAB_NODE: process.execPath };
  const runs = shares.map((jobs, k) => {
    const file = path.join(tmp, `${command}-${k}.json`);
    writeFileSync(file, JSON.stringify({ ...spec, jobs }));
    return new Promise<void>((resolve, reject) => {
      const child = spawn(py, [path.join(ROOT, "scripts", "nbexec.py"), command, file], { stdio: "inherit", env });
      child.on("error", (error) => reject(new Error(`export: could not start ${py}: ${error.message}`)));
      child.on("close", (status) =>
        status === 0 ? resolve() : reject(new Error(`export: stopped, because '${command}' failed (see above)`)),
      );
    });
  });
  const results = await Promise.allSettled(runs);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
}

/** Runs the export; resolves with what it wrote. Rejects with a message for the user when anything fails. */
export async function exportNotebooks(opts: ExportOptions): Promise<ExportedPage[]> {
  const started = Date.now();
  const tmp = mkdtempSync(path.join(os.tmpdir(), "backprop-lab-export-"));
  try {
    const jobs = lessonJobs(opts.notebooks);
    const executedDir = opts.executed ?? path.join(tmp, "executed");
    const executedFile = (j: Job) => path.join(executedDir, `${langDir(j.lang)}${j.name}.ipynb`);
    for (const j of jobs) mkdirSync(path.dirname(executedFile(j)), { recursive: true });
    await python(
      "execute",
      {
        cwd: path.join(ROOT, "notebooks"),
        kernel: "backprop-lab",
        timeout: 600,
        // Each lesson runs in its own folder, as JupyterLab runs it (notebooks/ko/src is notebooks/src);
        // a notebook from elsewhere (the tests' sample lesson) runs in notebooks/, where ./src is.
        jobs: jobs.map((j) => ({
          input: j.file,
          output: executedFile(j),
          ...(existsSync(path.join(path.dirname(j.file), "src")) ? { cwd: path.dirname(j.file) } : {}),
        })),
      },
      tmp,
    );
    const ran = Date.now();
    const pages = jobs.map((job) => {
      const file = executedFile(job);
      const label = `${langDir(job.lang)}${job.name}.ipynb`;
      const executed = withTypeScriptInfo(parseNotebook(readFileSync(file, "utf8"), label));
      checkExecuted(executed, label);
      // The kernel's language_info has no Pygments lexer; the kept copy says TypeScript in full.
      writeFileSync(file, JSON.stringify(executed, null, 1) + "\n");
      const formulas = extractNotebookMath(mergeStreams(executed), "count").math.spans.length;
      return {
        ...job,
        executed: file,
        title: notebookTitle(executed) ?? job.name,
        figures: countFigures(executed),
        formulas,
      };
    });
    const targets = [...opts.targets];
    const twinOf = (p: (typeof pages)[number]) => pages.find((o) => o.name === p.name && o.lang !== p.lang);
    const exists = (href: string) => existsSync(path.join(opts.out, href));
    const hasIndex = opts.targets.has("html") || exists("index.html");
    const convertJobs = pages.flatMap((p) =>
      targets.map((target) => {
        const same = pages.filter((o) => o.lang === p.lang);
        const here = path.posix.dirname(pageHref(p.lang, p.name, target));
        const fromHere = (href: string) => path.posix.relative(here, href);
        const twin = twinOf(p);
        const nav = {
          lang: p.lang,
          indexHref: fromHere("index.html"),
          ...(twin ? { twin: { lang: twin.lang, href: fromHere(pageHref(twin.lang, twin.name, target)) } } : {}),
        };
        const lessons: Lesson[] = same.map((o) => ({
          name: o.name,
          title: o.title,
          href: fromHere(pageHref(o.lang, o.name, target)),
        }));
        return {
          input: p.executed,
          output: path.join(tmp, "pages", pageHref(p.lang, p.name, target)),
          name: p.name,
          slides: target === "slides",
          title: p.title,
          lang: p.lang,
          links: lessonLinks(p, pages, target),
          nav:
            target === "html"
              ? lessonNav(lessons, same.indexOf(p), nav)
              : slidesNav(hasIndex ? nav : { ...nav, indexHref: undefined }),
        };
      }),
    );
    for (const j of convertJobs) mkdirSync(path.dirname(j.output), { recursive: true });
    await python("convert", { template_dir: path.join(ROOT, "export"), jobs: convertJobs }, tmp);

    // Pages of renamed or removed lessons must not linger beside the new ones.
    for (const lang of Object.keys(LESSON_LANGS) as Lang[]) {
      if (opts.targets.has("html")) removeFiles(path.join(opts.out, langDir(lang)), ".html");
      if (opts.targets.has("slides")) removeFiles(path.join(opts.out, "slides", langDir(lang)), ".slides.html");
    }
    const written: ExportedPage[] = [];
    for (const p of pages) {
      for (const target of targets) {
        const href = pageHref(p.lang, p.name, target);
        const file = path.join(opts.out, href);
        mkdirSync(path.dirname(file), { recursive: true });
        copyFileSync(path.join(tmp, "pages", href), file);
        written.push({
          notebook: p.name,
          lang: p.lang,
          target,
          file,
          bytes: statSync(file).size,
          figures: p.figures,
          formulas: p.formulas,
        });
      }
    }
    let course: { file: string; bytes: number } | undefined;
    if (opts.targets.has("html")) {
      const file = path.join(opts.out, COURSE_FILE);
      const html = coursePage(
        pages.map((p) => ({
          lang: p.lang,
          name: p.name,
          title: p.title,
          href: pageHref(p.lang, p.name, "html"),
          html: readFileSync(path.join(tmp, "pages", pageHref(p.lang, p.name, "html")), "utf8"),
        })),
        loadAssets(["html"]),
      );
      writeFileSync(file, html);
      course = { file, bytes: statSync(file).size };
    }
    if (hasIndex) {
      const courseHere =
        course ?? (exists(COURSE_FILE) ? { bytes: statSync(path.join(opts.out, COURSE_FILE)).size } : undefined);
      const lessons: Lesson[] = pages.map((p) => ({
        name: p.name,
        title: p.title,
        lang: p.lang,
        href: pageHref(p.lang, p.name, "html"),
        ...(exists(pageHref(p.lang, p.name, "slides")) ? { slidesHref: pageHref(p.lang, p.name, "slides") } : {}),
      }));
      writeFileSync(
        path.join(opts.out, "index.html"),
        indexPage(lessons, courseHere ? { course: { href: COURSE_FILE, bytes: courseHere.bytes } } : {}),
      );
    }
    report(written, course, (ran - started) / 1000, (Date.now() - started) / 1000);
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
    if (f.endsWith(suffix) && statSync(file).isFile() && isExportedPage(readFileSync(file, "utf8"))) rmSync(file);
  }
}

function report(
  pages: readonly ExportedPage[],
  course: { file: string; bytes: number } | undefined,
  runSeconds: number,
  totalSeconds: number,
): void {
  const mb = (b: number) => (b / 1e6).toFixed(2);
  for (const p of pages) {
    const over = p.bytes > SIZE_BUDGET ? `  OVER THE ${mb(SIZE_BUDGET)} MB BUDGET` : "";
    console.error(
      `export: wrote ${path.relative(process.cwd(), p.file)}: ${mb(p.bytes)} MB, ${p.figures} charts, ${p.formulas} formulas${over}`,
    );
  }
  if (course) {
    const over = course.bytes > COURSE_BUDGET ? `  OVER THE ${mb(COURSE_BUDGET)} MB BUDGET` : "";
    console.error(
      `export: wrote ${path.relative(process.cwd(), course.file)}: ${mb(course.bytes)} MB, the whole course${over}`,
    );
  }
  console.error(`export: done in ${totalSeconds.toFixed(1)} s (running the notebooks: ${runSeconds.toFixed(1)} s)`);
}

async function main(): Promise<void> {
  try {
    await exportNotebooks(parseArgs(process.argv.slice(2)));
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
}

if (require.main === module) void main();
