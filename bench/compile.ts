// Compiles src/*.ts and the benchmark's own loop files the way tslab compiles a notebook's local
// imports: TypeScript (tslab's bundled copy) emits ES2020 ESM, which is then turned into CommonJS
// without "use strict" (tslab's converter.js, esModuleToCommonJSModule). V8 then sees the same code
// in the benchmark as in the notebook kernel — tsx/esbuild output differs (every export becomes a
// getter), so timing src/ under tsx would measure a different program.
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

interface TypeScriptApi {
  version: string;
  transpileModule(
    input: string,
    options: { fileName: string; compilerOptions: Record<string, unknown> },
  ): {
    outputText: string;
  };
  ModuleKind: { ESNext: number; CommonJS: number };
  ScriptTarget: { ES2020: number };
  NewLineKind: { LineFeed: number };
}

/** The TypeScript that tslab itself compiles with (it ships its own patched copy). */
export function tslabTypeScript(root: string): TypeScriptApi {
  // Resolved from tslab's own folder, as tslab's require would find it.
  const fromTslab = createRequire(createRequire(path.join(root, "package.json")).resolve("tslab/package.json"));
  return fromTslab("@tslab/typescript-for-tslab") as TypeScriptApi;
}

/** One TypeScript file as tslab runs it: ES2020 ESM first, then CommonJS (tslab targets ES2020 on Node ≥ 14). */
export function compileLikeTslab(ts: TypeScriptApi, source: string, fileName: string): string {
  const esm = ts.transpileModule(source, {
    fileName,
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2020,
      esModuleInterop: true,
      noImplicitUseStrict: true,
      newLine: ts.NewLineKind.LineFeed,
    },
  }).outputText;
  return ts.transpileModule(esm, {
    fileName: "custom.js",
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      esModuleInterop: true,
      target: ts.ScriptTarget.ES2020,
      newLine: ts.NewLineKind.LineFeed,
      noImplicitUseStrict: true,
    },
  }).outputText;
}

/**
 * Compiles every src/*.ts and the named bench/ files into a fresh temporary directory that mirrors
 * the project (tmp/src, tmp/bench, tmp/node_modules → the project's), and returns its path.
 */
export function compileProject(root: string, benchFiles: readonly string[]): { dir: string; typescript: string } {
  const ts = tslabTypeScript(root);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "backprop-bench-"));
  const emit = (folder: string, file: string) => {
    const from = path.join(root, folder, file);
    if (!fs.existsSync(from)) throw new Error(`compileProject: ${folder}/${file} does not exist in ${root}`);
    fs.mkdirSync(path.join(dir, folder), { recursive: true });
    const js = compileLikeTslab(ts, fs.readFileSync(from, "utf8"), file);
    fs.writeFileSync(path.join(dir, folder, file.replace(/\.ts$/, ".js")), js);
  };
  for (const file of fs.readdirSync(path.join(root, "src"))) if (file.endsWith(".ts")) emit("src", file);
  for (const file of benchFiles) emit("bench", file);
  fs.symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"), "dir");
  return { dir, typescript: ts.version };
}
