// Part: the kernel launcher's speed-ups (scripts/kernel.js), each measured on its own. The probe
// notebook and lesson 4 run in a fresh kernel with every speed-up on and with each one turned off
// (BACKPROP_LAB_KERNEL_OFF, which the launcher reads), interleaved, the order rotated from round to
// round. A speed-up is worth its code when turning it off adds at least KEEP_MS per notebook (the
// median of the per-round differences, then the median over the notebooks). Beside it, the CPU time
// of a kernel start's TypeScript work alone (bench/kernel-start.js), which other processes on a
// shared machine disturb far less than a notebook's wall time.
import path from "node:path";
import { createRequire } from "node:module";
import { lastJsonLine, PYTHON, requireFile, ROOT, runCommand, type BenchOptions } from "./context";
import { fmtMs, median, row, verdict, type PartResult, type Row } from "./report";

const PART = "kernel";
/** What a speed-up must save per notebook to stay in scripts/kernel.js. */
export const KEEP_MS = 150;
/** The notebooks it is measured on: the probe (every cost on its own) and a lesson that trains and draws. */
const NOTEBOOKS: readonly string[] = [
  path.join("bench", "fixtures", "probe.ipynb"),
  path.join("notebooks", "04-training.ipynb"),
];

/** The speed-ups scripts/kernel.js has (its FEATURES), each of which BACKPROP_LAB_KERNEL_OFF can turn off. */
export function kernelFeatures(): string[] {
  const kernel = createRequire(path.join(ROOT, "package.json"))("./scripts/kernel.js") as { FEATURES: string[] };
  return [...kernel.FEATURES];
}

/** What one run costs, in ms: launch → shutdown, launch → kernel_info, and the process's CPU time. */
interface Cost {
  total: number;
  start: number;
  cpu: number;
}

/** Runs a notebook in a fresh kernel (bench/nbprofile.py) and returns what it cost. */
async function runNotebook(notebook: string, env: NodeJS.ProcessEnv): Promise<Cost> {
  const out = await runCommand(
    "kernelPart",
    PYTHON,
    ["bench/nbprofile.py", notebook, "--kernel", "backprop-lab", "--cwd", path.join(ROOT, "notebooks")],
    { timeoutMs: 10 * 60_000, env },
  );
  const r = lastJsonLine<{ total: number; launch: number; ready: number; cpuSeconds: number | null }>(
    "kernelPart",
    out,
  );
  return { total: 1000 * r.total, start: 1000 * (r.launch + r.ready), cpu: 1000 * (r.cpuSeconds ?? NaN) };
}

/** Runs bench/kernel-start.js: a kernel start's TypeScript work alone. */
async function runStart(env: NodeJS.ProcessEnv): Promise<Cost> {
  const out = await runCommand("kernelPart", process.execPath, [path.join(ROOT, "bench", "kernel-start.js")], { env });
  const r = lastJsonLine<{ cpuMs: number; wallMs: number }>("kernelPart", out);
  return { total: r.wallMs, start: NaN, cpu: r.cpuMs };
}

/** A difference in ms with its sign: "+333 ms", "−56 ms". */
const signed = (ms: number) => `${ms < 0 ? "−" : "+"}${fmtMs(Math.abs(ms))}`;

/** Runs the kernel part. */
export async function kernelPart(opts: BenchOptions): Promise<PartResult> {
  requireFile("kernelPart", "the project's Python (run npm run setup)", PYTHON);
  for (const nb of NOTEBOOKS) requireFile("kernelPart", "a notebook to time", path.join(ROOT, nb));
  const features = kernelFeatures();
  const conditions = ["", ...features]; // "": every speed-up on
  const envOf = (off: string) => ({ ...process.env, BACKPROP_LAB_PLAIN_KERNEL: "", BACKPROP_LAB_KERNEL_OFF: off });
  // Each condition's build and code cache (a cache is valid under its V8 flags only) are brought up to
  // date before every run: someone editing src/ meanwhile must not send a run down a stale build's path.
  const build = (off: string) =>
    runCommand("kernelPart", process.execPath, [path.join(ROOT, "scripts", "kernel.js"), "--build"], {
      env: envOf(off),
    });
  const runs = new Map<string, Cost[]>();
  const record = (what: string, off: string, cost: Cost) =>
    runs.set(`${what}|${off}`, [...(runs.get(`${what}|${off}`) ?? []), cost]);
  const startConditions = conditions.filter((c) => c !== "bind-first"); // no sockets in kernel-start.js
  for (let round = 0; round < opts.reps; round++) {
    for (const nb of NOTEBOOKS) {
      for (let i = 0; i < conditions.length; i++) {
        const off = conditions[(i + round) % conditions.length];
        await build(off);
        record(nb, off, await runNotebook(nb, envOf(off)));
      }
    }
    for (let i = 0; i < startConditions.length; i++) {
      const off = startConditions[(i + round) % startConditions.length];
      await build(off);
      record("start", off, await runStart(envOf(off)));
    }
  }
  /** Median over rounds of (the run with `off` − the run with all on), in ms. */
  const added = (what: string, off: string, measure: keyof Cost) => {
    const on = runs.get(`${what}|`)!;
    return median(runs.get(`${what}|${off}`)!.map((r, i) => r[measure] - on[i][measure]));
  };
  const short = (nb: string) => path.basename(nb, ".ipynb");
  const names = NOTEBOOKS.map(short).join(", ");
  const allOn = (what: string, measure: keyof Cost) => fmtMs(median(runs.get(`${what}|`)!.map((r) => r[measure])));
  const rows: Row[] = [
    row(PART, `every speed-up on: launch → shutdown of ${names}`, {
      value: NOTEBOOKS.map((nb) => allOn(nb, "total")).join(", "),
    }),
    row(PART, "every speed-up on: a kernel start's TypeScript work alone (bench/kernel-start.js), CPU", {
      value: allOn("start", "cpu"),
    }),
  ];
  const details: string[] = [];
  for (const f of features) {
    const wall = NOTEBOOKS.map((nb) => added(nb, f, "total"));
    const cpu = NOTEBOOKS.map((nb) => added(nb, f, "cpu"));
    const start = NOTEBOOKS.map((nb) => added(nb, f, "start"));
    const startCpu = startConditions.includes(f) ? added("start", f, "cpu") : NaN;
    rows.push(
      row(PART, `${f} off: time added per notebook (kernel CPU; CPU of the TypeScript start alone)`, {
        value:
          `${signed(median(wall))} (${signed(median(cpu))}; ` +
          `${Number.isNaN(startCpu) ? "no TypeScript work" : signed(startCpu)})`,
        target: `≥ +${KEEP_MS} ms to keep`,
        status: verdict(median(wall) >= KEEP_MS),
      }),
    );
    details.push(
      `${f}: ` +
        NOTEBOOKS.map(
          (nb, i) => `${short(nb)} ${signed(wall[i])} (until kernel_info ${signed(start[i])}, CPU ${signed(cpu[i])})`,
        ).join(", "),
    );
  }
  const notes = [
    `Kernel speed-ups (scripts/kernel.js): ${NOTEBOOKS.length} notebooks (${names}) × ${conditions.length} kernels ` +
      `(every speed-up on; each off alone through BACKPROP_LAB_KERNEL_OFF), then bench/kernel-start.js under the same ` +
      `settings, ${opts.reps} rounds, the order rotated each round, the build brought up to date before each run. ` +
      `Time added = median over rounds of (the run with it off − the run with all on), per notebook, then the median ` +
      `over the notebooks. CPU is the process's (all its threads, from /proc or process.cpuUsage()), which other ` +
      `processes on the machine disturb far less than wall time. Per notebook, wall time added: ` +
      details.join("; ") +
      ". Plain tslab (every speed-up off, and the launcher's own code) is compared in the notebooks part's probe rows.",
  ];
  return { rows, notes };
}
