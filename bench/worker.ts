// Forked workers that time training loops (bench/training-worker.ts), compiled and flagged the way the
// lessons' kernel runs src/ (bench/compile.ts), or under tsx for comparison. Each worker is its own V8
// isolate, so what the JIT learns from one loop cannot help or hurt another.
import { fork, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { compileProject, kernelV8Flags } from "./compile";
import { ROOT } from "./context";
import type { NetworkWorkload, Workload } from "./subjects";
import type { Timing, WorkerReply, WorkerRequest } from "./training-worker";

/** A forked training-worker answering one request at a time. */
export class Worker {
  private readonly child: ChildProcess;
  private pending: { resolve: (r: WorkerReply) => void; reject: (e: Error) => void } | undefined;

  constructor(
    readonly name: string,
    modulePath: string,
    execArgv: string[],
  ) {
    this.child = fork(modulePath, [], { cwd: ROOT, execArgv, stdio: ["ignore", "inherit", "inherit", "ipc"] });
    this.child.on("message", (reply: WorkerReply) => {
      const p = this.pending;
      this.pending = undefined;
      if (!p) return;
      if (reply.type === "error") p.reject(new Error(`training worker "${name}": ${reply.message}`));
      else p.resolve(reply);
    });
    this.child.on("exit", (code, signal) => {
      const p = this.pending;
      this.pending = undefined;
      p?.reject(new Error(`training worker "${name}" exited (code ${code}, signal ${signal}) before replying`));
    });
  }

  request(msg: WorkerRequest): Promise<WorkerReply> {
    if (this.pending) throw new Error(`training worker "${this.name}": a request is already pending`);
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.child.send(msg);
    });
  }

  async time(subject: string, work: Workload | NetworkWorkload): Promise<Timing> {
    const reply = await this.request({ type: "time", subject, work });
    if (reply.type !== "timing")
      throw new Error(`training worker "${this.name}": expected a timing, got ${reply.type}`);
    return reply.timing;
  }

  /** Asks the worker to leave and waits for it (killing it after 5 s). */
  close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.child.kill("SIGKILL"), 5000);
      this.child.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
      if (this.child.connected) this.child.send({ type: "exit" } satisfies WorkerRequest);
      else this.child.kill("SIGTERM");
    });
  }
}

/** The project compiled once into a temporary folder, and the workers forked from it; close() removes both. */
export class Workers {
  readonly dir: string;
  readonly compiledWorker: string;
  private readonly started: Worker[] = [];

  constructor() {
    this.dir = compileProject(ROOT, ["subjects.ts", "training-worker.ts"]).dir;
    this.compiledWorker = path.join(this.dir, "bench", "training-worker.js");
  }

  /** A worker running the compiled code with the kernel's V8 flags (plus `extraArgv`), or tsx's build of it. */
  fork(name: string, opts: { tsx?: boolean; extraArgv?: string[] } = {}): Worker {
    const w = opts.tsx
      ? new Worker(name, path.join(ROOT, "bench", "training-worker.ts"), ["--import", "tsx", "--expose-gc"])
      : new Worker(name, this.compiledWorker, ["--expose-gc", ...kernelV8Flags(ROOT), ...(opts.extraArgv ?? [])]);
    this.started.push(w);
    return w;
  }

  /** Times `subject` in a fresh worker: `warmUps` untimed runs, then one timed run. */
  async timeFresh(name: string, subject: string, work: Workload | NetworkWorkload, warmUps: number, tsx = false) {
    const w = this.fork(name, { tsx });
    try {
      for (let i = 0; i < warmUps; i++) await w.time(subject, work);
      return await w.time(subject, work);
    } finally {
      await w.close();
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.started.map((w) => w.close()));
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
