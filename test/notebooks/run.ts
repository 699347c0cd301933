// Test helpers for notebooks: read them, and run them through scripts/nbrun.py in fresh kernels.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ROOT } from "../helpers";
import { fillBlanks } from "../lessons/exercise-solutions";

/** The parts of an .ipynb file the tests look at. */
export interface Notebook {
  cells: {
    cell_type: "code" | "markdown" | "raw";
    id?: string;
    source: string[];
    execution_count?: number | null;
    outputs?: { output_type: string; name?: string; text?: string | string[]; data?: Record<string, unknown> }[];
  }[];
  metadata: {
    kernelspec?: { name?: string };
    language_info?: { name?: string; pygments_lexer?: string };
  };
}

/** What scripts/nbrun.py reports about one notebook. */
export interface RunReport {
  notebook: string;
  seconds: number;
  kernel_seconds: number;
  cells: { index: number; status: string; outputs: number }[];
  errors: { notebook: string; cell: number; when: string; code: string; error: string }[];
}

/** The project's Python, from `bash scripts/setup.sh`. */
export const PYTHON = path.join(ROOT, ".venv", "bin", "python");

export { lessonNotebooks } from "../../scripts/lessons";

/** Reads a notebook, with every cell's source as a list of lines. */
export function readNotebook(file: string): Notebook {
  const nb = JSON.parse(readFileSync(file, "utf8")) as Notebook;
  for (const c of nb.cells) if (typeof c.source === "string") c.source = [c.source];
  return nb;
}

/** All text a cell wrote to one stream. */
export function streamText(cell: Notebook["cells"][number], name: "stdout" | "stderr"): string {
  return (cell.outputs ?? [])
    .filter((o) => o.output_type === "stream" && o.name === name)
    .map((o) => (Array.isArray(o.text) ? o.text.join("") : (o.text ?? "")))
    .join("");
}

/**
 * Runs notebooks in fresh kernels (one kernel each, in order) and returns, per notebook, the
 * runner's report and the executed notebook (when `outDir` is given).
 */
export function runNotebooks(
  files: string[],
  outDir?: string,
  opts: { rerun?: boolean; expectFailure?: boolean } = {},
): Map<string, { report: RunReport; notebook: Notebook; status: number | null; stderr?: string }> {
  if (!existsSync(PYTHON)) throw new Error(`runNotebooks: ${PYTHON} is missing; run 'bash scripts/setup.sh' first`);
  const args = [path.join(ROOT, "scripts", "nbrun.py"), ...(opts.rerun ? ["--rerun"] : [])];
  if (outDir) args.push("--out", outDir);
  const result = spawnSync(PYTHON, [...args, ...files], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0 && !opts.expectFailure) {
    throw new Error(`scripts/nbrun.py failed (exit ${result.status}):\n${result.stderr}`);
  }
  const reports = result.stdout
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as RunReport);
  const out = new Map<string, { report: RunReport; notebook: Notebook; status: number | null; stderr?: string }>();
  files.forEach((file, i) => {
    const report = reports[i];
    if (!report) throw new Error(`runNotebooks: no report for ${file}:\n${result.stderr}`);
    const notebook = outDir ? readNotebook(path.join(outDir, path.basename(file))) : readNotebook(file);
    out.set(file, { report, notebook, status: result.status, stderr: result.stderr });
  });
  return out;
}

/**
 * A copy of an exercise lesson with some blanks filled by `bodies` (exercise name → body), written as
 * `name` in `dir` (a folder with the src symlink). Fails unless each blank asked for was found once.
 */
export function writeFilled(notebook: string, dir: string, name: string, bodies: Record<string, string>): string {
  const nb = readNotebook(notebook);
  const filled: string[] = [];
  for (const cell of nb.cells) {
    if (cell.cell_type !== "code") continue;
    const result = fillBlanks<string>(cell.source.join(""), bodies);
    filled.push(...result.filled);
    cell.source = result.source.split(/(?<=\n)/);
  }
  if (filled.sort().join() !== Object.keys(bodies).sort().join()) {
    throw new Error(
      `writeFilled: ${name}: asked to fill ${Object.keys(bodies).join(", ")}, found ${filled.join(", ")}`,
    );
  }
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(nb, null, 1));
  return file;
}

/** Everything a cell showed as text: streams and the text/plain of its displays. */
export function cellText(cell: Notebook["cells"][number]): string {
  return (cell.outputs ?? [])
    .map((o) => {
      const text = o.output_type === "stream" ? o.text : o.data?.["text/plain"];
      return Array.isArray(text) ? text.join("") : String(text ?? "");
    })
    .join("\n");
}

/** One run of an exercise lesson: nbrun.py's report and the executed notebook. */
export interface ExerciseRun {
  report: RunReport;
  notebook: Notebook;
}

/**
 * Runs an exercise lesson three times in fresh kernels, with one nbrun.py call: as committed (blank),
 * filled with `solutions`, and filled with `solutions` except `wrong`. The copies run in a folder of
 * their own; "./src/..." must resolve there as in notebooks/, and tslab's compiler looks for src's
 * packages (seedrandom's types) in node_modules above the link. Call `cleanUp` when done.
 */
export function runBlankSolvedWrong(
  notebook: string,
  solutions: Record<string, string>,
  wrong: Record<string, string>,
): { blank: ExerciseRun; solved: ExerciseRun; wrong: ExerciseRun; cleanUp: () => void } {
  const stem = path.basename(notebook, ".ipynb");
  const dir = mkdtempSync(path.join(tmpdir(), `bpl-${stem}-`));
  const out = mkdtempSync(path.join(tmpdir(), `bpl-${stem}-run-`));
  // rmSync removes the symlinks, never what they point to.
  const cleanUp = () => [dir, out].forEach((d) => rmSync(d, { recursive: true, force: true }));
  try {
    symlinkSync(path.join(ROOT, "src"), path.join(dir, "src"));
    symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
    const solvedFile = writeFilled(notebook, dir, `${stem}-solved.ipynb`, solutions);
    const wrongFile = writeFilled(notebook, dir, `${stem}-wrong.ipynb`, { ...solutions, ...wrong });
    // expectFailure: a failing cell is for the tests to report, with the runner's report, not thrown here.
    const runs = runNotebooks([notebook, solvedFile, wrongFile], out, { expectFailure: true });
    const [blank, solved, wrongRun] = [notebook, solvedFile, wrongFile].map((f) => runs.get(f)!);
    return { blank, solved, wrong: wrongRun, cleanUp };
  } catch (error) {
    cleanUp();
    throw error;
  }
}
