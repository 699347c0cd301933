// Compiles src/ (every room, recursively) and the benchmark's own loop files the way the lessons'
// kernel runs src/: with scripts/kernel.js's own compile(), which is what its build uses — tslab's
// TypeScript with tslab's options (ES2022, CommonJS, no "use strict"). V8 then sees the same code in
// the benchmark as in the notebook kernel; tsx/esbuild output differs (every export becomes a
// getter), so timing src/ under tsx would measure a different program. Workers also get the
// kernel's V8 flags.
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

/** What scripts/kernel.js shares with the benchmark. */
interface KernelBuild {
  locateTslab(): { tsPath: string };
  srcFiles(): string[];
  compile(ts: unknown, roots: string[], rootDir: string, outDir: string, emitAnyway: boolean): unknown[];
  V8_FLAGS: string[];
}

function kernelBuild(root: string): KernelBuild {
  return createRequire(path.join(root, "package.json"))("./scripts/kernel.js") as KernelBuild;
}

/** The V8 flags the lessons' kernel sets for itself (scripts/kernel.js). */
export function kernelV8Flags(root: string): string[] {
  return [...kernelBuild(root).V8_FLAGS];
}

/**
 * Compiles every src/**\/*.ts and the named bench/ files into a fresh temporary directory that
 * mirrors the project (tmp/src/<room>/…, tmp/bench, tmp/node_modules → the project's), and returns it.
 */
export function compileProject(root: string, benchFiles: readonly string[]): { dir: string } {
  const kernel = kernelBuild(root);
  const { tsPath } = kernel.locateTslab();
  const ts = createRequire(tsPath)(tsPath) as unknown;
  const roots = [
    ...kernel.srcFiles().map((f) => path.join(root, "src", f)),
    ...benchFiles.map((f) => path.join(root, "bench", f)),
  ];
  for (const file of roots) if (!fs.existsSync(file)) throw new Error(`compileProject: ${file} does not exist`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "backprop-bench-"));
  kernel.compile(ts, roots, fs.realpathSync(root), dir, true);
  fs.symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"), "dir");
  return { dir };
}
