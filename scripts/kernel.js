#!/usr/bin/env node
// The backprop-lab kernel: tslab's own kernel, started faster. scripts/setup.sh registers
//   node scripts/kernel.js kernel --config-path {connection_file}
// The speed-ups reach into private parts of tslab 1.0.22 (and its TypeScript, zeromq, Node's module
// loader), so this file first checks that exactly that tslab is installed and that every private piece
// it patches is there; on any mismatch or error it starts plain tslab, with one line on stderr saying
// why. The speed-ups, each measured by `npm run bench -- --only kernel` (docs/performance.md):
//  - bind-first: Jupyter's sockets are bound, with IOPub as an XPUB socket, before TypeScript starts;
//  - v8-flag: V8 optimises later (a 16× interrupt budget) while TypeScript's compiler warms up;
//  - code-cache: TypeScript's own JavaScript is loaded with a V8 code cache;
//  - prebuilt: src/ is compiled ahead of time (checked against src/ by content hash at every start);
//    after an edit the kernel type-checks src/ itself, as plain tslab does, and rebuilds in the background.
//
//   node scripts/kernel.js --build     build what is stale (scripts/setup.sh runs it); prints what it did
//   BACKPROP_LAB_PLAIN_KERNEL=1        start plain tslab
//   BACKPROP_LAB_KERNEL_OFF=a,b        start without the named speed-ups (the benchmark measures each)
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const Module = require("node:module");
const path = require("node:path");
const v8 = require("node:v8");
const vm = require("node:vm");

/** The only tslab this file knows the insides of (package.json pins it). */
const TSLAB_VERSION = "1.0.22";
const ROOT = path.resolve(__dirname, "..");
const NOTEBOOKS = path.join(ROOT, "notebooks");
const CACHE = path.join(ROOT, "node_modules", ".cache", "backprop-lab");
const BUILD = path.join(CACHE, "src");
const MANIFEST = path.join(BUILD, "manifest.json");
const FEATURES = ["bind-first", "v8-flag", "code-cache", "prebuilt"];
const OFF = new Set((process.env.BACKPROP_LAB_KERNEL_OFF || "").split(",").filter(Boolean));
const on = (feature) => !OFF.has(feature);
const V8_FLAGS = on("v8-flag") ? ["--interrupt-budget=1081344"] : [];
/** Bump when the build's layout or options change. */
const FORMAT = 2;

const sha1 = (data) => crypto.createHash("sha1").update(data).digest("hex");
const warn = (message) => process.stderr.write(`backprop-lab kernel: ${message}\n`);

/** tslab's dist/ folder and TypeScript's path, once the installed tslab is the one this file knows. */
function locateTslab() {
  const unknown = [...OFF].filter((f) => !FEATURES.includes(f));
  if (unknown.length) throw new Error(`BACKPROP_LAB_KERNEL_OFF names unknown speed-ups: ${unknown.join(", ")}`);
  const pkg = require.resolve("tslab/package.json", { paths: [ROOT] });
  const { version } = JSON.parse(fs.readFileSync(pkg, "utf8"));
  if (version !== TSLAB_VERSION)
    throw new Error(`tslab ${version} is installed, and this launcher knows ${TSLAB_VERSION}`);
  const dist = path.join(path.dirname(pkg), "dist");
  return { dist, tsPath: require.resolve("@tslab/typescript-for-tslab", { paths: [dist] }) };
}

/** tslab's private modules this file patches, each checked for the shape it expects. */
function privateParts(dist, ts) {
  const need = (ok, what) => {
    if (!ok) throw new Error(`tslab ${TSLAB_VERSION}'s ${what} is not what this launcher expects`);
  };
  const patchable = (o, key) => typeof o?.[key] === "function" && Object.getOwnPropertyDescriptor(o, key)?.writable;
  const parts = {
    ts,
    converter: require(path.join(dist, "converter.js")),
    executor: require(path.join(dist, "executor.js")),
    server: require(path.join(dist, "jupyter.js")).ZmqServer?.prototype,
    startKernel: require(path.join(dist, "main.js")).startKernel,
    zmq: require(require.resolve("zeromq", { paths: [dist] })),
  };
  need(patchable(parts.converter, "createConverter"), "converter.createConverter");
  need(patchable(parts.executor, "createExecutor"), "executor.createExecutor");
  need(patchable(parts.server, "handleShellMessage") && patchable(parts.server, "init"), "ZmqServer");
  need(typeof parts.startKernel === "function", "startKernel");
  need(patchable(parts.zmq, "Publisher") && typeof parts.zmq.XPublisher === "function", "zeromq XPublisher");
  need(patchable(ts.sys, "fileExists") && patchable(ts.sys, "readFile"), "TypeScript's ts.sys");
  need(typeof Module.prototype._compile === "function" && Module._extensions[".js"], "Node's module loader");
  return parts;
}

/** `kernel --config-path FILE [--js]`, the command line Jupyter starts the kernel with. */
function kernelArgs(argv) {
  const args = { configPath: "", jsKernel: false };
  if (argv[0] !== "kernel") throw new Error(`unexpected command line: ${argv.join(" ")}`);
  for (let i = 1; i < argv.length; i++) {
    if (argv[i] === "--config-path" && i + 1 < argv.length) args.configPath = argv[++i];
    else if (argv[i].startsWith("--config-path=")) args.configPath = argv[i].slice("--config-path=".length);
    else if (argv[i] === "--js") args.jsKernel = true;
    else throw new Error(`unexpected argument: ${argv[i]}`);
  }
  if (!args.configPath) throw new Error("no --config-path");
  return args;
}

/** The TypeScript sources under src/ (not .d.ts), as paths relative to src/, sorted. */
function srcFiles(src = fs.realpathSync(path.join(ROOT, "src"))) {
  const files = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts")) files.push(path.relative(src, full));
    }
  };
  walk(src);
  return files.sort();
}

/**
 * Wraps each executor tslab creates so that a cell run after a file in src/ changed (a teacher's edit
 * while the kernel runs) says so, once per change: the notebook's imports are not reloaded.
 */
function warnWhenSrcChanges(executorModule) {
  const stamp = () => {
    const files = new Map();
    try {
      for (const f of srcFiles()) {
        const st = fs.statSync(path.join(ROOT, "src", f));
        files.set(f, `${st.mtimeMs}:${st.size}`);
      }
    } catch {
      // src/ being saved or moved this instant: no stamp, no warning.
    }
    return files;
  };
  const create = executorModule.createExecutor;
  executorModule.createExecutor = (...args) => {
    const executor = create(...args);
    const atStart = stamp();
    let told = "";
    const execute = executor.execute.bind(executor);
    executor.execute = (code) => {
      const now = stamp();
      const changed = [...new Set([...atStart.keys(), ...now.keys()])].filter((f) => atStart.get(f) !== now.get(f));
      const key = changed.map((f) => `${f}@${now.get(f)}`).join(",");
      if (changed.length > 0 && key !== told) {
        told = key;
        process.stderr.write(
          `backprop-lab: ${changed
            .sort()
            .map((f) => `src/${f}`)
            .join(", ")} changed after this kernel started; ` +
            "cells may still run the old code. Restart the kernel (Kernel → Restart Kernel) to run the edit.\n",
        );
      }
      return execute(code);
    };
    return executor;
  };
}

/** Loads typescript.js, through vm.Script with its V8 code cache when that speed-up is on. */
function loadTypeScript(tsPath) {
  const st = fs.statSync(tsPath);
  const key = sha1(JSON.stringify([process.versions.v8, process.arch, V8_FLAGS, tsPath, st.size, st.mtimeMs, FORMAT]));
  const cacheFile = path.join(CACHE, `typescript-${key.slice(0, 16)}.v8cache`);
  let script = null;
  if (!on("code-cache")) return { ts: require(tsPath), script, cacheFile };
  const cachedData = fs.existsSync(cacheFile) ? fs.readFileSync(cacheFile) : undefined;
  const compile = Module.prototype._compile;
  Module.prototype._compile = function (content, filename) {
    if (filename !== tsPath) return compile.call(this, content, filename);
    Module.prototype._compile = compile;
    script = new vm.Script(Module.wrap(content), { filename, cachedData });
    if (cachedData && script.cachedDataRejected) warn(`code cache ${cacheFile} rejected; compiling TypeScript`);
    const fn = script.runInThisContext({ displayErrors: true });
    return fn.call(this.exports, this.exports, Module.createRequire(filename), this, filename, path.dirname(filename));
  };
  try {
    return { ts: require(tsPath), script, cacheFile };
  } finally {
    Module.prototype._compile = compile;
  }
}

/** The build, read whole, when it was made from src/ as it is now and type-checked clean; else null. */
function readBuild(tsPath) {
  const src = fs.realpathSync(path.join(ROOT, "src"));
  const files = {};
  for (const f of srcFiles(src)) files[f] = sha1(fs.readFileSync(path.join(src, f)));
  const lock = path.join(ROOT, "package-lock.json");
  const deps = fs.existsSync(lock) ? sha1(fs.readFileSync(lock)) : "";
  const key = sha1(JSON.stringify({ FORMAT, node: process.versions.node, ts: tsPath, deps, files }));
  let manifest = null;
  try {
    manifest = JSON.parse(fs.readFileSync(MANIFEST, "utf8"));
  } catch {
    // No build yet.
  }
  const state = { src, key, files, manifest: manifest?.key === key ? manifest : null, code: new Map() };
  // Read now, all of it (≈ 250 kB): another kernel's build that replaces the folder cannot pull files
  // from under this kernel.
  for (const f of state.manifest?.ok ? Object.keys(files) : []) {
    const name = path.join(BUILD, f.replace(/\.tsx?$/, ""));
    state.code.set(f, { dts: fs.readFileSync(`${name}.d.ts`, "utf8"), js: fs.readFileSync(`${name}.js`, "utf8") });
  }
  return state;
}

/** Makes tslab see the build's .d.ts for each src/X.ts (also through notebooks/src), and Node run its .js. */
function usePrecompiledSrc(ts, { src, code }) {
  const realDir = new Map();
  const classify = (p) => {
    const dir = path.dirname(p);
    if (!realDir.has(dir)) realDir.set(dir, fs.existsSync(dir) ? fs.realpathSync(dir) : null);
    const real = realDir.get(dir);
    if (real === null || (real !== src && !real.startsWith(src + path.sep))) return null;
    const m = /^(.*?)(\.d\.ts|\.tsx?)$/.exec(path.relative(src, path.join(real, path.basename(p))));
    const file = m && [...code.keys()].find((f) => f.replace(/\.tsx?$/, "") === m[1]);
    return file ? { file, dts: m[2] === ".d.ts" } : null;
  };
  const { fileExists, readFile } = ts.sys;
  ts.sys.fileExists = (p) => classify(p)?.dts ?? fileExists.call(ts.sys, p);
  ts.sys.readFile = (p, encoding) => {
    const c = classify(p);
    return c ? (c.dts ? code.get(c.file).dts : undefined) : readFile.call(ts.sys, p, encoding);
  };
  const loadJs = Module._extensions[".js"];
  Module._extensions[".ts"] = (module, filename) => {
    const c = classify(filename);
    if (!c || c.dts) return loadJs(module, filename);
    module._compile(code.get(c.file).js, filename);
  };
  // The build has inline source maps: stack traces name src/X.ts at its own line numbers.
  process.setSourceMapsEnabled(true);
}

/** The compiler options tslab uses for a notebook (converter.js), with CommonJS output straight away. */
function compilerOptions(ts) {
  return {
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    target: ts.ScriptTarget.ES2022,
    lib: ["lib.es2022.d.ts"],
    declaration: true,
    newLine: ts.NewLineKind.LineFeed,
    noImplicitUseStrict: true,
    ignoreDeprecations: "5.0",
    experimentalDecorators: true,
    resolveJsonModule: true,
    jsx: ts.JsxEmit.React,
    skipLibCheck: true,
    inlineSourceMap: true,
  };
}

/**
 * Compiles files under `rootDir` into `outDir` as the kernel runs them; returns the type errors in
 * files under `rootDir`. Emits only when there are none, or always with `emitAnyway` (the benchmark).
 */
function compile(ts, roots, rootDir, outDir, emitAnyway = false) {
  const options = { ...compilerOptions(ts), rootDir, outDir, sourceRoot: rootDir };
  const program = ts.createProgram(roots, options, ts.createCompilerHost(options));
  const errors = ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.category === ts.DiagnosticCategory.Error && (!d.file || d.file.fileName.startsWith(rootDir)));
  if ((errors.length === 0 || emitAnyway) && program.emit().emitSkipped) throw new Error("TypeScript skipped the emit");
  return errors;
}

/** `--build`: brings the src/ build and the code cache up to date, one build at a time (a lock file). */
function build() {
  process.chdir(ROOT); // TypeScript finds @types (Buffer, __dirname) from the current folder
  fs.mkdirSync(CACHE, { recursive: true });
  const lock = path.join(CACHE, "build.lock");
  try {
    fs.writeFileSync(lock, String(process.pid), { flag: "wx" });
  } catch {
    // Another build runs, or one died: a lock older than 2 minutes is taken over.
    if (Date.now() - fs.statSync(lock).mtimeMs < 120_000) return "another build is running";
    fs.writeFileSync(lock, String(process.pid));
  }
  try {
    const { dist, tsPath } = locateTslab();
    if (V8_FLAGS.length) v8.setFlagsFromString(V8_FLAGS.join(" ")); // the code cache is only valid with them
    const { ts, script, cacheFile } = loadTypeScript(tsPath);
    const notes = [];
    let state = on("prebuilt") ? readBuild(tsPath) : null;
    if (state && !state.manifest) {
      const tmp = fs.mkdtempSync(path.join(CACHE, "src-build-"));
      const errors = compile(
        ts,
        Object.keys(state.files).map((f) => path.join(state.src, f)),
        state.src,
        tmp,
      );
      fs.chmodSync(tmp, 0o755); // mkdtemp makes it private; kernels may run as other users than setup
      const manifest = { key: state.key, ok: errors.length === 0, files: state.files };
      fs.writeFileSync(path.join(tmp, "manifest.json"), JSON.stringify(manifest, null, 1));
      const old = `${BUILD}-old-${process.pid}`;
      if (fs.existsSync(BUILD)) fs.renameSync(BUILD, old);
      fs.renameSync(tmp, BUILD);
      fs.rmSync(old, { recursive: true, force: true });
      notes.push(
        manifest.ok
          ? `src/ compiled (${Object.keys(state.files).length} files) into ${path.relative(ROOT, BUILD)}`
          : `src/ has ${errors.length} type error(s); kernels type-check src/ themselves until it is fixed`,
      );
      state = readBuild(tsPath);
    } else if (state)
      notes.push(state.manifest.ok ? "src/ build up to date" : "src/ unchanged since a build found type errors");
    if (script && !fs.existsSync(cacheFile)) {
      // Run what a lesson's start runs, so the cache holds every function it compiles.
      if (state?.manifest?.ok) usePrecompiledSrc(ts, state);
      process.chdir(NOTEBOOKS);
      const conv = require(path.join(dist, "converter.js")).createConverter({ isJS: false, isBrowser: false });
      conv.convert("", "const warmUp = 1;");
      conv.convert(
        "",
        'import { train } from "./src/index";\nimport { show } from "./src/display";\nimport "./src/figures";',
      );
      conv.close();
      fs.writeFileSync(`${cacheFile}.${process.pid}`, script.createCachedData());
      fs.renameSync(`${cacheFile}.${process.pid}`, cacheFile);
      notes.push("TypeScript code cache written");
    }
    return notes.join("; ") || "nothing to build";
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

/**
 * bind-first: tslab's startKernel creates TypeScript's converter (≈ 0.5 s) before it binds the sockets,
 * so the client's first connection fails and is retried, and its first kernel_info's status messages
 * go out before it has subscribed to IOPub (jupyter_client then waits 200 ms and asks again). Here the
 * converter is created lazily, once the first request is answered (or 300 ms after binding); IOPub is
 * an XPUB socket, so the first request can wait (≤ 1 s) until the client's subscription has arrived.
 */
function bindFirst({ converter, server, zmq }) {
  const create = converter.createConverter;
  const pending = [];
  converter.createConverter = (options) => {
    let real = null;
    const get = () => (real ??= create(options));
    pending.push(get);
    const call =
      (method) =>
      (...a) =>
        get()[method](...a);
    return {
      convert: call("convert"),
      inspect: call("inspect"),
      complete: call("complete"),
      addModule: call("addModule"),
      close: () => real?.close(),
    };
  };
  let warmed = false;
  const warm = () => {
    if (!warmed) setImmediate(() => pending.forEach((get) => get()));
    warmed = true;
  };
  let subscribed = new Promise((resolve) => {
    zmq.Publisher = class IopubPublisher extends zmq.XPublisher {
      constructor(...a) {
        super(...a);
        // Only the first subscription matters; a pending receive would keep the process alive.
        (async () => {
          for await (const [frame] of this) if (frame[0] === 1) break;
        })()
          .catch(() => {})
          .finally(resolve);
      }
    };
  });
  const { handleShellMessage, init } = server;
  server.handleShellMessage = async function (...args) {
    if (subscribed) {
      let timer;
      const late = await Promise.race([subscribed, new Promise((r) => (timer = setTimeout(() => r(true), 1000)))]);
      clearTimeout(timer);
      subscribed = null; // a client that never subscribes (a bare KernelManager) waits once
      if (late) warn("no IOPub subscription within 1 s; answering without waiting for one");
    }
    try {
      return await handleShellMessage.apply(this, args);
    } finally {
      warm();
    }
  };
  server.init = async function () {
    await init.call(this);
    setTimeout(warm, 300);
  };
}

/** Starts tslab's kernel with the speed-ups that are on; throws, before changing anything, on any mismatch. */
function startFastKernel(argv) {
  const { dist, tsPath } = locateTslab();
  const args = kernelArgs(argv);
  if (V8_FLAGS.length) v8.setFlagsFromString(V8_FLAGS.join(" "));
  const { ts, cacheFile } = loadTypeScript(tsPath);
  const parts = privateParts(dist, ts);
  const state = on("prebuilt") ? readBuild(tsPath) : null;
  // Checked and read: from here on, only patches that cannot fail.
  if (state?.manifest?.ok) usePrecompiledSrc(ts, state);
  if ((state && !state.manifest) || (on("code-cache") && !fs.existsSync(cacheFile))) {
    const { spawn } = require("node:child_process");
    spawn(process.execPath, [__filename, "--build"], { detached: true, stdio: "ignore", cwd: ROOT }).unref();
  }
  warnWhenSrcChanges(parts.executor);
  if (on("bind-first")) bindFirst(parts);
  parts.startKernel({ ...args, enableFindLocal: false, globalVersion: TSLAB_VERSION });
}

function main() {
  if (process.argv[2] === "--build") {
    try {
      console.log(`backprop-lab kernel: ${build()}`);
    } catch (error) {
      warn(`no build: ${error instanceof Error ? error.message : error}`);
      process.exitCode = 1;
    }
    return;
  }
  const tslabMain = require.resolve("tslab/dist/main.js", { paths: [ROOT] });
  if (!process.env.BACKPROP_LAB_PLAIN_KERNEL) {
    try {
      return startFastKernel(process.argv.slice(2));
    } catch (error) {
      const why = (error instanceof Error ? error.message : String(error)).split("\n")[0];
      warn(`starting plain tslab: ${why}`);
    }
  }
  require(tslabMain).main();
}

if (require.main === module) main();

// For the benchmark (bench/compile.ts), which compiles src/ exactly as the kernel's build does.
module.exports = { locateTslab, loadTypeScript, srcFiles, compile, V8_FLAGS };
