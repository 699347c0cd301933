// Part: lesson 8's network (issue 13). Per-sample SGD steps per second of trainNetwork (H = 4), compiled
// as the lessons' kernel compiles src/, against the numpy class loop and a PyTorch eager per-sample loop
// (reference/network_reference.py --bench --json) on the same data: the "quadrants" case of
// test/fixtures/network-parity.json (200 points, the same starting parameters, lr 0.5). Interleaved
// rounds, medians, ratios paired by round. PyTorch is not in requirements.txt: without it the rows say so.
import fs from "node:fs";
import path from "node:path";
import { lastJsonLine, PYTHON, requireFile, ROOT, runCommand, type BenchOptions } from "./context";
import { fmtCount, fmtRatio, median, row, verdict, type PartResult, type Row } from "./report";
import type { NetworkWorkload } from "./subjects";
import { Workers } from "./worker";

const PART = "network";
const FIXTURE = path.join(ROOT, "test", "fixtures", "network-parity.json");
const SCRIPT = path.join(ROOT, "reference", "network_reference.py");
/** Steps per timed trainNetwork run (200 samples × 5000 epochs). */
const STEPS = 1_000_000;
const WARM_UPS = 3;
/** Seconds each Python loop is timed for, per round. */
const PY_SECONDS = 2;
const TARGET_VS_TORCH = 100;

/** What network_reference.py --bench --json prints. */
interface ReferenceBench {
  numpy_steps_per_s: number;
  torch_steps_per_s: number | null;
  torch_version: string | null;
  numpy_version: string;
  hidden: number;
  samples: number;
  note?: string;
}

/** Runs the network part. */
export async function networkPart(opts: BenchOptions): Promise<PartResult> {
  requireFile("networkPart", "the project's Python (run npm run setup)", PYTHON);
  requireFile("networkPart", "the network reference", SCRIPT);
  const fixture = JSON.parse(fs.readFileSync(requireFile("networkPart", "the network fixture", FIXTURE), "utf8")) as {
    cases: { quadrants: { inputs: Omit<NetworkWorkload, "epochs"> } };
  };
  const { X, Y, params, lr } = fixture.cases.quadrants.inputs;
  const work: NetworkWorkload = { X, Y, params, lr, epochs: STEPS / X.length };
  const ts: number[] = [];
  const loop: number[] = [];
  const py: ReferenceBench[] = [];
  const pool = new Workers();
  try {
    for (let round = 0; round < opts.reps; round++) {
      const out = await runCommand("networkPart", PYTHON, [
        SCRIPT,
        "--bench",
        "--json",
        "--seconds",
        String(PY_SECONDS),
      ]);
      py.push(lastJsonLine<ReferenceBench>("networkPart", out));
      const t = await pool.timeFresh("trainNetwork", "network", work, WARM_UPS);
      if (!Number.isFinite(t.checksum)) throw new Error(`networkPart: trainNetwork ended at b2 = ${t.checksum}`);
      ts.push(STEPS / (t.ms / 1000));
      loop.push(STEPS / ((await pool.timeFresh("sgd loop", "networkLoop", work, WARM_UPS)).ms / 1000));
    }
  } finally {
    await pool.close();
  }
  if (py[0].hidden !== params.W1.length || py[0].samples !== X.length)
    throw new Error(
      `networkPart: the reference timed H = ${py[0].hidden}, ${py[0].samples} samples; the fixture has other`,
    );

  const perSec = (v: number) => `${fmtCount(v)} steps/s`;
  const numpy = py.map((r) => r.numpy_steps_per_s);
  const torch = py.map((r) => r.torch_steps_per_s);
  const hasTorch = torch.every((v): v is number => v !== null);
  const H = params.W1.length;
  const rows: Row[] = [
    row(PART, `numpy class loop (reference/network_reference.py), H = ${H}, per-sample SGD`, {
      value: perSec(median(numpy)),
    }),
    row(PART, `PyTorch eager per-sample loop, float64 autograd, 1 thread, H = ${H}`, {
      value: hasTorch ? perSec(median(torch)) : "torch not installed",
      status: hasTorch ? "info" : "not measured",
    }),
    row(PART, `trainNetwork (H = ${H}), every step's loss kept — vs numpy`, {
      value: perSec(median(ts)),
      baseline: perSec(median(numpy)),
      ratio: fmtRatio(median(ts.map((v, i) => v / numpy[i]))),
    }),
    row(PART, `trainNetwork (H = ${H}) — vs PyTorch eager per-sample`, {
      value: perSec(median(ts)),
      baseline: hasTorch ? perSec(median(torch)) : "torch not installed",
      ratio: hasTorch ? fmtRatio(median(ts.map((v, i) => v / torch[i]))) : "–",
      target: `≥ ${TARGET_VS_TORCH}×`,
      status: hasTorch ? verdict(median(ts.map((v, i) => v / torch[i])) >= TARGET_VS_TORCH) : "not measured",
    }),
    row(PART, `for context: sgd() over networkLayers, nothing recorded — vs trainNetwork; vs PyTorch eager`, {
      value: perSec(median(loop)),
      baseline: perSec(median(ts)),
      ratio: `${fmtRatio(median(loop.map((v, i) => v / ts[i])))}; ${hasTorch ? fmtRatio(median(loop.map((v, i) => v / torch[i]))) : "–"}`,
    }),
  ];
  const notes = [
    `Network: the "quadrants" case of test/fixtures/network-parity.json (${X.length} points in [−1, 1]², H = ${H}, ` +
      `lr ${lr}, the fixture's starting parameters). trainNetwork runs ${fmtCount(STEPS)} steps in one call (every ` +
      `step's loss and each epoch's accuracy recorded), compiled as the kernel compiles src/, in a fresh worker each ` +
      `round after ${WARM_UPS} warm-ups; the reference times epochs of the same data from the same start for ` +
      `${PY_SECONDS} s per loop (numpy ${py[0].numpy_version}` +
      (hasTorch
        ? `, torch ${py[0].torch_version}`
        : `; torch is not installed in .venv — it is not in requirements.txt, see reference/README-network.md`) +
      `). ${opts.reps} interleaved rounds, medians; ratios paired by round.`,
  ];
  return { rows, notes };
}
