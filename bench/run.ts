// `npm run bench`: measures training speed, notebook execution, chart drawing and the hand-outs side by
// side with their baselines, prints one markdown table and writes it to bench/results.md.
// Missed targets are reported, not failures; the exit code is non-zero only when a part errs.
//
//   npm run bench                         everything
//   npm run bench -- --only training      one part (or a comma list: --only charts,handouts)
//   npm run bench -- --reps 3             rounds per measurement (default: per part)
//   npm run bench -- --profile            CPU-profile train() even when it meets its targets
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chartsPart } from "./charts";
import { handoutsPart } from "./handouts";
import { load, PYTHON, ROOT, type BenchOptions } from "./context";
import { kernelPart } from "./kernel";
import { networkPart } from "./network";
import { notebooksPart } from "./notebooks";
import { resourcesPart } from "./resources";
import { markdownTable, row, type PartResult, type Row } from "./report";
import { trainingPart } from "./training";

const PARTS = {
  training: { run: trainingPart, reps: 7 },
  network: { run: networkPart, reps: 3 },
  resources: { run: resourcesPart, reps: 3 },
  notebooks: { run: notebooksPart, reps: 3 },
  kernel: { run: kernelPart, reps: 5 },
  charts: { run: chartsPart, reps: 7 },
  handouts: { run: handoutsPart, reps: 3 },
} as const;
type PartName = keyof typeof PARTS;

const USAGE = `usage: npm run bench -- [--only ${Object.keys(PARTS).join("|")}[,…]] [--reps N] [--profile]`;

interface Args {
  parts: PartName[];
  reps?: number;
  profile: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { parts: Object.keys(PARTS) as PartName[], profile: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.split("=", 2);
    const value = () => inline ?? argv[++i];
    if (flag === "--only") {
      const names = (value() ?? "").split(",").filter(Boolean);
      const unknown = names.filter((n) => !(n in PARTS));
      if (names.length === 0 || unknown.length > 0)
        throw new Error(`bench: --only must name parts, got ${JSON.stringify(names)}\n${USAGE}`);
      args.parts = names as PartName[];
    } else if (flag === "--reps") {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 1)
        throw new Error(`bench: --reps must be a positive integer, got ${JSON.stringify(argv[i])}\n${USAGE}`);
      args.reps = n;
    } else if (flag === "--profile") {
      args.profile = true;
    } else if (flag === "--help" || flag === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else {
      throw new Error(`bench: unknown argument ${JSON.stringify(arg)}\n${USAGE}`);
    }
  }
  return args;
}

/** CPU, versions, date and commit: what a reader needs to compare two results files. */
function machineNote(): string[] {
  const cpuinfo = fs.existsSync("/proc/cpuinfo") ? fs.readFileSync("/proc/cpuinfo", "utf8") : "";
  const cpu = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? "unknown CPU";
  let python = "Python not found";
  try {
    python = execFileSync(
      PYTHON,
      ["-c", "import sys, numpy; print(f'Python {sys.version.split()[0]}, numpy {numpy.__version__}')"],
      {
        encoding: "utf8",
      },
    ).trim();
  } catch {
    // The parts that need Python report it themselves.
  }
  let commit = "no git";
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "src", "notebooks", "scripts"], {
      cwd: ROOT,
      encoding: "utf8",
    }).trim();
    commit = `commit ${head}${dirty ? " + uncommitted changes in src/notebooks/scripts" : ""}`;
  } catch {
    // Not a git checkout: leave it out.
  }
  return [
    `Machine: ${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB; Node ${process.version}; ${python}.`,
    `Run: ${new Date().toISOString()}, ${commit}.`,
  ];
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const rows: Row[] = [];
  const notes: string[] = [];
  const loads: string[] = [];
  let failed = false;
  for (const name of args.parts) {
    const part = PARTS[name];
    const opts: BenchOptions = { reps: args.reps ?? part.reps, profile: args.profile };
    const before = load();
    const started = Date.now();
    console.error(`bench: ${name} (load ${before}) …`);
    let result: PartResult;
    try {
      result = await part.run(opts);
    } catch (error) {
      failed = true;
      const message = error instanceof Error ? error.message : String(error);
      console.error(`bench: ${name} failed:\n${error instanceof Error ? error.stack : message}`);
      result = { rows: [row(name, "error", { value: message.split("\n")[0], status: "error" })], notes: [] };
    }
    if (result.errors?.length) failed = true;
    loads.push(`${name} ${before} → ${load()} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    rows.push(...result.rows);
    notes.push(...result.notes);
  }
  const text = [
    "# backprop-lab benchmark",
    "",
    markdownTable(rows),
    "",
    "PASS/MISS compare against the target; info rows give context and are not judged.",
    "",
    ...[
      ...machineNote(),
      `Load average (1 min) before → after each part: ${loads.join("; ")}. Other processes share these cores; ` +
        `a high load slows every measurement of a round alike, which the side-by-side ratios absorb better than the absolute values.`,
      ...notes,
    ].map((n) => (n.startsWith("- ") ? `  ${n}` : `- ${n}`)),
    "",
  ].join("\n");
  console.log(text);
  const out = path.join(ROOT, "bench", "results.md");
  fs.writeFileSync(out, text);
  console.error(`bench: wrote ${path.relative(process.cwd(), out)}`);
  if (failed) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
