// Where things are, and small process helpers shared by the benchmark's parts.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** The project root (this file is in <root>/bench). */
export const ROOT = path.resolve(__dirname, "..");

/** The blog's program as the project's numpy reference: the benchmark's Python baseline (see reference/README.md). */
export const REFERENCE = path.join(ROOT, "reference", "blog_numpy.py");

/** The blog's numpy run, every step, as reference/blog_numpy.py writes it. */
export const BLOG_FIXTURE = path.join(ROOT, "test", "fixtures", "blog-numpy-run.json");

/** The project's Python (scripts/setup.sh makes it). */
export const PYTHON = path.join(ROOT, ".venv", "bin", "python");

/** Settings every part reads. */
export interface BenchOptions {
  /** Timed rounds per measurement (median reported). */
  reps: number;
  /** CPU-profile train() and summarise it even when it meets its targets (it is profiled when it misses). */
  profile: boolean;
}

/** Fails with a message naming what is missing, for inputs the benchmark cannot run without. */
export function requireFile(fn: string, what: string, file: string): string {
  if (!fs.existsSync(file)) throw new Error(`${fn}: ${what} not found at ${file}`);
  return file;
}

/** The 1-minute load average with the core count, e.g. "0.85 on 2 cores". */
export function load(): string {
  return `${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} cores`;
}

/** Runs a command to completion and returns its stdout; rejects with its stderr when it fails. */
export function runCommand(
  fn: string,
  command: string,
  args: readonly string[],
  opts: { cwd?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: opts.cwd ?? ROOT, env: opts.env ?? process.env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = opts.timeoutMs
      ? setTimeout(() => {
          child.kill("SIGTERM");
          reject(new Error(`${fn}: ${command} ${args.join(" ")} did not finish within ${opts.timeoutMs} ms`));
        }, opts.timeoutMs)
      : undefined;
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(new Error(`${fn}: could not start ${command}: ${error.message}`));
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else reject(new Error(`${fn}: ${command} ${args.join(" ")} exited with ${code}:\n${stderr.trim().slice(-2000)}`));
    });
  });
}

/** The last line of a command's stdout as JSON (the Python helpers print one JSON line at the end). */
export function lastJsonLine<T>(fn: string, stdout: string): T {
  const line = stdout.trim().split("\n").pop() ?? "";
  try {
    return JSON.parse(line) as T;
  } catch {
    throw new Error(`${fn}: expected a JSON line on stdout, got ${JSON.stringify(stdout.slice(-300))}`);
  }
}
