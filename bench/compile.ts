// Compiles src/*.ts and the benchmark's own loop files the way the lessons' kernel runs src/:
// scripts/kernel.js's build, which uses tslab's own TypeScript with tslab's options (ES2022 on
// Node ≥ 18, CommonJS, no "use strict"). V8 then sees the same code in the benchmark as in the
// notebook kernel — tsx/esbuild output differs (every export becomes a getter), so timing src/
// under tsx would measure a different program. The workers also get the kernel's V8 flags.
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

interface TypeScriptApi {
  transpileModule(
    input: string,
    options: { fileName: string; compilerOptions: Record<string, unknown> },
  ): {
    outputText: string;
  };
}

/** What scripts/kernel.js shares: where tslab's TypeScript is, its compiler options, the kernel's V8 flags. */
interface KernelBuild {
  tsPath: string;
  tslabOptions(ts: TypeScriptApi): Record<string, unknown>;
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
 * Compiles every src/*.ts and the named bench/ files into a fresh temporary directory that mirrors
 * the project (tmp/src, tmp/bench, tmp/node_modules → the project's), and returns its path.
 */
export function compileProject(root: string, benchFiles: readonly string[]): { dir: string } {
  const build = kernelBuild(root);
  const ts = createRequire(build.tsPath)(build.tsPath) as TypeScriptApi;
  const compilerOptions = { ...build.tslabOptions(ts), declaration: false };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "backprop-bench-"));
  const emit = (folder: string, file: string) => {
    const from = path.join(root, folder, file);
    if (!fs.existsSync(from)) throw new Error(`compileProject: ${folder}/${file} does not exist in ${root}`);
    fs.mkdirSync(path.join(dir, folder), { recursive: true });
    const js = ts.transpileModule(fs.readFileSync(from, "utf8"), { fileName: file, compilerOptions }).outputText;
    fs.writeFileSync(path.join(dir, folder, file.replace(/\.ts$/, ".js")), js);
  };
  for (const file of fs.readdirSync(path.join(root, "src"))) if (file.endsWith(".ts")) emit("src", file);
  for (const file of benchFiles) emit("bench", file);
  fs.symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"), "dir");
  return { dir };
}
