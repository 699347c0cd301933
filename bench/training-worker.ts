// A child process that times the training loops on request (bench/training.ts forks it). Each
// worker is its own V8 isolate, so what one loop teaches the JIT cannot speed up or slow down
// another worker's loop; within a worker, loops are timed in the order the parent asks, interleaved.
import { PerformanceObserver } from "node:perf_hooks";
import {
  fused,
  inlineLayerMath,
  trainedParams,
  viaLayers,
  viaTrain,
  viaTrainNetwork,
  networkLoopOnly,
  type NetworkWorkload,
  type Workload,
} from "./subjects";

/** A request from the parent. */
export type WorkerRequest =
  | { type: "time"; subject: string; work: Workload | NetworkWorkload }
  | { type: "params"; work: Workload }
  | { type: "exit" };

/** One timed run: wall time, the checksum (final w), and the garbage collections during it. */
export interface Timing {
  subject: string;
  ms: number;
  checksum: number;
  gcCount: number;
  gcMs: number;
}

/** A reply to the parent. */
export type WorkerReply =
  { type: "timing"; timing: Timing } | { type: "params"; w: number; b: number } | { type: "error"; message: string };

/** Each subject reads the workload it is given: a 1-D Workload, or a NetworkWorkload for "network". */
const SUBJECTS: Record<string, (work: Workload & NetworkWorkload) => number> = {
  train: viaTrain,
  layers: viaLayers,
  fused,
  inlineLayerMath,
  network: viaTrainNetwork,
  networkLoop: networkLoopOnly,
};

let gcCount = 0;
let gcMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gcCount++;
    gcMs += entry.duration;
  }
}).observe({ entryTypes: ["gc"] });

// GC entries arrive asynchronously; a macrotask turn delivers the ones already queued.
const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

async function time(subject: string, work: Workload | NetworkWorkload): Promise<Timing> {
  const fn = SUBJECTS[subject];
  if (!fn) throw new Error(`training-worker: unknown subject ${JSON.stringify(subject)}`);
  // No forced gc() between runs: a full collection also throws away V8's optimised code, so every
  // run would time the JIT compiling the loop again (the three classes' six methods take longest),
  // not the steady state a long training run spends its time in. Each run's garbage is collected
  // as it would be in a notebook, inside the runs.
  await settle();
  const count0 = gcCount;
  const ms0 = gcMs;
  const t0 = performance.now();
  const checksum = fn(work as Workload & NetworkWorkload);
  const ms = performance.now() - t0;
  await settle();
  return { subject, ms, checksum, gcCount: gcCount - count0, gcMs: gcMs - ms0 };
}

async function handle(msg: WorkerRequest): Promise<WorkerReply | undefined> {
  switch (msg.type) {
    case "time":
      return { type: "timing", timing: await time(msg.subject, msg.work) };
    case "params":
      return { type: "params", ...trainedParams(msg.work) };
    case "exit":
      process.disconnect?.();
      return undefined;
  }
}

process.on("message", (msg: WorkerRequest) => {
  handle(msg).then(
    (reply) => reply && process.send?.(reply),
    (error: unknown) =>
      process.send?.({ type: "error", message: error instanceof Error ? error.stack : String(error) }),
  );
});
