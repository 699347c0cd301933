// Part: the kernel launcher's speed-ups (scripts/kernel.js), each measured on its own. The probe
// notebook and a few lessons run in a fresh kernel with every speed-up on, with each one turned off
// (BACKPROP_LAB_KERNEL_OFF, which the launcher reads), and as plain tslab — interleaved in every round,
// the order rotated from round to round. A speed-up is worth its code when turning it off costs at
// least KEEP_MS per notebook (median of the per-round differences, then the median over notebooks).
import path from "node:path";
import { createRequire } from "node:module";
import { lastJsonLine, PYTHON, requireFile, ROOT, runCommand, type BenchOptions } from "./context";
import { fmtMs, median, row, verdict, type PartResult, type Row } from "./report";

const PART = "kernel";
/** What a speed-up must save per notebook to stay in scripts/kernel.js. */
export const KEEP_MS = 150;
/** The notebooks it is measured on: the probe (every cost on its own) and lessons of each kind. */
const NOTEBOOKS: readonly string[] = [
  path.join("bench", "fixtures", "probe.ipynb"),
  path.join("notebooks", "04-training.ipynb"),
  path.join("notebooks", "07-exercises.ipynb"),
];

/** The speed-ups scripts/kernel.js has (its FEATURES), each of which BACKPROP_LAB_KERNEL_OFF can turn off. */
export function kernelFeatures(): string[] {
  const kernel = createRequire(path.join(ROOT, "package.json"))("./scripts/kernel.js") as { FEATURES: string[] };
  return [...kernel.FEATURES];
}

interface Condition {
  name: string;
  env: NodeJS.ProcessEnv;
}

/** What one run of a notebook costs (seconds): launch → shutdown, launch → kernel_info, the kernel's CPU time. */
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
  return { total: r.total, start: r.launch + r.ready, cpu: r.cpuSeconds ?? NaN };
}

/** A difference in ms with its sign: "+333 ms", "−56 ms". */
const signed = (ms: number) => `${ms < 0 ? "−" : "+"}${fmtMs(Math.abs(ms))}`;

/** Runs the kernel part. */
export async function kernelPart(opts: BenchOptions): Promise<PartResult> {
  requireFile("kernelPart", "the project's Python (run npm run setup)", PYTHON);
  for (const nb of NOTEBOOKS) requireFile("kernelPart", "a notebook to time", path.join(ROOT, nb));
  const features = kernelFeatures();
  const base = { ...process.env, BACKPROP_LAB_PLAIN_KERNEL: "", BACKPROP_LAB_KERNEL_OFF: "" };
  const conditions: Condition[] = [
    { name: "all on", env: base },
    ...features.map((f) => ({ name: f, env: { ...base, BACKPROP_LAB_KERNEL_OFF: f } })),
    { name: "plain tslab", env: { ...base, BACKPROP_LAB_PLAIN_KERNEL: "1" } },
  ];
  // Each condition's build and code cache (the cache depends on the V8 flags) are brought up to date
  // before every run: someone editing src/ meanwhile must not send a run down a stale build's slow path.
  const build = (c: Condition) =>
    c.name === "plain tslab"
      ? Promise.resolve("")
      : runCommand("kernelPart", process.execPath, [path.join(ROOT, "scripts", "kernel.js"), "--build"], {
          env: c.env,
        });
  const runs = new Map<string, Cost[]>();
  const key = (nb: string, c: string) => `${nb}\u0000${c}`;
  for (let round = 0; round < opts.reps; round++) {
    for (const nb of NOTEBOOKS) {
      for (let i = 0; i < conditions.length; i++) {
        const c = conditions[(i + round) % conditions.length];
        await build(c);
        const cost = await runNotebook(nb, c.env);
        runs.set(key(nb, c.name), [...(runs.get(key(nb, c.name)) ?? []), cost]);
      }
    }
  }
  /** Median over rounds of (condition − all on) in ms, for one notebook and one measure. */
  const added = (nb: string, c: string, measure: keyof Cost) => {
    const on = runs.get(key(nb, "all on"))!;
    return median(runs.get(key(nb, c))!.map((r, i) => 1000 * (r[measure] - on[i][measure])));
  };
  const short = (nb: string) => path.basename(nb, ".ipynb");
  const names = NOTEBOOKS.map(short).join(", ");
  const rows: Row[] = [
    row(PART, `every speed-up on: launch → shutdown of ${names}`, {
      value: NOTEBOOKS.map((nb) => fmtMs(1000 * median(runs.get(key(nb, "all on"))!.map((r) => r.total)))).join(", "),
    }),
  ];
  const details: string[] = [];
  for (const c of conditions.slice(1)) {
    const wall = NOTEBOOKS.map((nb) => added(nb, c.name, "total"));
    const cpu = NOTEBOOKS.map((nb) => added(nb, c.name, "cpu"));
    const start = NOTEBOOKS.map((nb) => added(nb, c.name, "start"));
    const plain = c.name === "plain tslab";
    rows.push(
      row(PART, `${plain ? "plain tslab instead (every speed-up off)" : `${c.name} off`}: time added per notebook`, {
        value: `${signed(median(wall))} (kernel CPU ${signed(median(cpu))})`,
        ...(plain ? {} : { target: `≥ +${KEEP_MS} ms to keep`, status: verdict(median(wall) >= KEEP_MS) }),
      }),
    );
    details.push(
      `${c.name}: ` +
        NOTEBOOKS.map(
          (nb, i) => `${short(nb)} ${signed(wall[i])} (until kernel_info ${signed(start[i])}, CPU ${signed(cpu[i])})`,
        ).join(", "),
    );
  }
  const notes = [
    `Kernel speed-ups (scripts/kernel.js): ${NOTEBOOKS.length} notebooks (${names}) × ${conditions.length} kernels ` +
      `(every speed-up on; each off alone through BACKPROP_LAB_KERNEL_OFF; plain tslab), ${opts.reps} rounds, the order ` +
      `rotated each round, the build brought up to date before each run. Time added = median over rounds of (the run ` +
      `with it off − the run with all on), per notebook, then the median over the notebooks; the kernel's CPU time ` +
      `(all its threads, from /proc) is less disturbed by other processes than wall time. Per notebook, wall time added: ` +
      details.join("; ") +
      ".",
  ];
  return { rows, notes };
}
