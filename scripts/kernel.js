#!/usr/bin/env node
// The backprop-lab kernel: tslab's own kernel, started faster (setup registers `node scripts/kernel.js
// kernel --config-path {connection_file}`). Its speed-ups patch private parts of tslab 1.0.22, of its
// TypeScript, of zeromq and of Node's module loader, so it first checks that exactly that tslab is
// installed and every part it patches is there; on any mismatch or error it starts plain tslab, with
// one line on stderr saying why. docs/performance.md explains each speed-up and what it saves:
//   bind-first  Jupyter's sockets are bound (IOPub as XPUB) before TypeScript's converter is made
//   v8-flag     V8 optimises later (a 16× interrupt budget) while TypeScript's compiler warms up
//   code-cache  TypeScript's own JavaScript is loaded with a V8 code cache
//   prebuilt    src/ compiled ahead of time, used while it matches src/ (content hashes); after an
//               edit a kernel type-checks src/ itself, as tslab does, and rebuilds in the background
//
//   node scripts/kernel.js --build     build what is stale (scripts/setup.sh runs it)
//   BACKPROP_LAB_PLAIN_KERNEL=1        start plain tslab
//   BACKPROP_LAB_KERNEL_OFF=a,b        start without the named speed-ups (npm run bench -- --only kernel)
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const Module = require("node:module");
const path = require("node:path");
const { setTimeout: sleep } = require("node:timers/promises");
const v8 = require("node:v8");
const vm = require("node:vm");

const TSLAB_VERSION = "1.0.22"; // the one tslab whose insides this file knows; package.json pins it
const ROOT = path.resolve(__dirname, "..");
const CACHE = path.join(ROOT, "node_modules", ".cache", "backprop-lab");
const BUILD = path.join(CACHE, "src");
const FEATURES = ["bind-first", "v8-flag", "code-cache", "prebuilt"];
const OFF = new Set((process.env.BACKPROP_LAB_KERNEL_OFF || "").split(",").filter(Boolean));
const on = (feature) => !OFF.has(feature);
const V8_FLAGS = on("v8-flag") ? ["--interrupt-budget=1081344"] : [];
const FORMAT = 2; // bump when the build's layout or options change

const sha1 = (data) => crypto.createHash("sha1").update(data).digest("hex");
const warn = (message) => process.stderr.write(`backprop-lab kernel: ${message}\n`);

/** tslab's dist/ and TypeScript's path, once the installed tslab is the one this file knows. */
function locateTslab() {
  const unknown = [...OFF].filter((f) => !FEATURES.includes(f));
  if (unknown.length) throw new Error(`BACKPROP_LAB_KERNEL_OFF names no speed-up: ${unknown.join(", ")}`);
  const pkg = require.resolve("tslab/package.json", { paths: [ROOT] });
  const { version } = JSON.parse(fs.readFileSync(pkg, "utf8"));
  if (version !== TSLAB_VERSION) throw new Error(`tslab ${version} is installed, this launcher knows ${TSLAB_VERSION}`);
  const dist = path.join(path.dirname(pkg), "dist");
  return { dist, tsPath: require.resolve("@tslab/typescript-for-tslab", { paths: [dist] }) };
}

/** The private modules this file patches, each checked for the shape it expects. */
function privateParts(dist, ts) {
  const [converter, executor] = ["converter.js", "executor.js"].map((f) => require(path.join(dist, f)));
  const server = require(path.join(dist, "jupyter.js")).ZmqServer?.prototype;
  const zmq = require(require.resolve("zeromq", { paths: [dist] }));
  const patchable = (o, ...keys) =>
    keys.every((k) => typeof o?.[k] === "function" && Object.getOwnPropertyDescriptor(o, k)?.writable);
  const bad = Object.entries({
    "converter.createConverter": patchable(converter, "createConverter"),
    "executor.createExecutor": patchable(executor, "createExecutor"),
    "ZmqServer.handleShellMessage": patchable(server, "handleShellMessage"),
    "zeromq's Publisher and XPublisher": patchable(zmq, "Publisher") && typeof zmq.XPublisher === "function",
    "TypeScript's ts.sys": patchable(ts.sys, "fileExists", "readFile"),
    "Node's module loader": patchable(Module.prototype, "_compile") && Module._extensions[".js"],
  }).find(([, ok]) => !ok);
  if (bad) throw new Error(`${bad[0]} is not what this launcher expects of tslab ${TSLAB_VERSION}`);
  return { converter, executor, server, zmq };
}

/** The TypeScript sources under src/ (not .d.ts), as paths relative to src/, sorted. */
function srcFiles(src = fs.realpathSync(path.join(ROOT, "src"))) {
  return fs
    .readdirSync(src, { recursive: true })
    .filter((f) => /\.tsx?$/.test(f) && !f.endsWith(".d.ts"))
    .sort();
}

/** Makes each executor tslab creates say, at the first cell after a file in src/ changed, to restart. */
function warnWhenSrcChanges(executorModule) {
  const stamp = () => {
    try {
      return new Map(srcFiles().map((f) => [`src/${f}`, fs.statSync(path.join(ROOT, "src", f)).mtimeMs]));
    } catch {
      return null; // src/ being saved or moved this instant: no stamp, no warning
    }
  };
  const create = executorModule.createExecutor;
  executorModule.createExecutor = (...args) => {
    const executor = create(...args);
    const [atStart, execute] = [stamp() ?? new Map(), executor.execute.bind(executor)];
    let told = "";
    executor.execute = (code) => {
      const now = stamp() ?? atStart;
      const changed = [...new Set([...atStart.keys(), ...now.keys()])].filter((f) => atStart.get(f) !== now.get(f));
      const key = changed.map((f) => `${f}@${now.get(f)}`).join();
      if (key && key !== told) {
        told = key;
        process.stderr.write(
          `backprop-lab: ${changed.sort().join(", ")} changed after this kernel started; cells may still run ` +
            "the old code. Restart the kernel (Kernel → Restart Kernel) to run the edit.\n",
        );
      }
      return execute(code);
    };
    return executor;
  };
}

/** Loads typescript.js; with code-cache on, through vm.Script with its V8 code cache (`script` writes one). */
function loadTypeScript(tsPath) {
  const st = fs.statSync(tsPath);
  const key = sha1(JSON.stringify([process.versions.v8, process.arch, V8_FLAGS, tsPath, st.size, st.mtimeMs, FORMAT]));
  const cacheFile = path.join(CACHE, `typescript-${key.slice(0, 16)}.v8cache`);
  if (!on("code-cache")) return { ts: require(tsPath), script: null, cacheFile };
  const cachedData = fs.existsSync(cacheFile) ? fs.readFileSync(cacheFile) : undefined;
  const compile = Module.prototype._compile;
  let script = null;
  Module.prototype._compile = function (content, filename) {
    if (filename !== tsPath) return compile.call(this, content, filename);
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

/** The build of src/ as src/ is now: fresh or not, and each file's .d.ts and .js when it type-checked clean. */
function readBuild(tsPath) {
  const src = fs.realpathSync(path.join(ROOT, "src"));
  const files = Object.fromEntries(srcFiles(src).map((f) => [f, sha1(fs.readFileSync(path.join(src, f)))]));
  const lock = path.join(ROOT, "package-lock.json");
  const deps = fs.existsSync(lock) ? sha1(fs.readFileSync(lock)) : "";
  const key = sha1(JSON.stringify({ FORMAT, node: process.versions.node, ts: tsPath, src, deps, files }));
  const state = { src, key, files, fresh: false, ok: false, code: new Map() };
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(BUILD, "manifest.json"), "utf8"));
    // Read whole (≈ 250 kB): another kernel's build that replaces the folder cannot pull files from under us.
    for (const f of manifest.key === key && manifest.ok ? Object.keys(files) : []) {
      const name = f.replace(/\.tsx?$/, "");
      state.code.set(
        name,
        [".d.ts", ".js"].map((ext) => fs.readFileSync(path.join(BUILD, name + ext), "utf8")),
      );
    }
    [state.fresh, state.ok] = [manifest.key === key, manifest.key === key && manifest.ok];
  } catch {
    state.code.clear(); // no build, or one with files missing: not fresh, built again
  }
  return state;
}

/** Makes tslab see the build's .d.ts for each src/X.ts (also through notebooks/src), and Node run its .js. */
function usePrecompiledSrc(ts, { src, code }) {
  const realDir = new Map();
  const classify = (p) => {
    const dir = path.dirname(p);
    if (!realDir.has(dir)) realDir.set(dir, fs.existsSync(dir) ? fs.realpathSync(dir) : "");
    const m = /^(.*?)(\.d\.ts|\.tsx?)$/.exec(path.relative(src, path.join(realDir.get(dir), path.basename(p))));
    return m && realDir.get(dir) && code.has(m[1]) ? { name: m[1], dts: m[2] === ".d.ts" } : null;
  };
  const { fileExists, readFile } = ts.sys;
  ts.sys.fileExists = (p) => classify(p)?.dts ?? fileExists.call(ts.sys, p);
  ts.sys.readFile = (p, encoding) => {
    const c = classify(p);
    return c ? (c.dts ? code.get(c.name)[0] : undefined) : readFile.call(ts.sys, p, encoding);
  };
  const loadJs = Module._extensions[".js"];
  Module._extensions[".ts"] = (module, filename) => {
    const c = classify(filename);
    return !c || c.dts ? loadJs(module, filename) : module._compile(code.get(c.name)[1], filename);
  };
  process.setSourceMapsEnabled(true); // the build's inline source maps: traces name src/X.ts and its lines
}

/**
 * Compiles `roots` (under `rootDir`) into `outDir` with the options tslab 1.0.22's converter.js gives
 * TypeScript, but CommonJS straight away, source maps inline; returns the type errors under `rootDir`.
 * Emits when there are none, or always with `emitAnyway` (the benchmark).
 */
function compile(ts, roots, rootDir, outDir, emitAnyway = false) {
  const options = {
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
    ...{ rootDir, outDir, inlineSourceMap: true, sourceRoot: rootDir },
  };
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
  // A lock older than 2 minutes is a build that died.
  if (fs.existsSync(lock) && Date.now() - fs.statSync(lock).mtimeMs < 120_000) return "another build is running";
  fs.writeFileSync(lock, String(process.pid));
  try {
    const { dist, tsPath } = locateTslab();
    if (V8_FLAGS.length) v8.setFlagsFromString(V8_FLAGS.join(" ")); // a code cache is valid with these flags only
    const { ts, script, cacheFile } = loadTypeScript(tsPath);
    let state = on("prebuilt") ? readBuild(tsPath) : null;
    const notes = state?.fresh ? [state.ok ? "src/ build up to date" : "src/ unchanged since a build failed"] : [];
    if (state && !state.fresh) {
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
      if (fs.existsSync(BUILD)) fs.renameSync(BUILD, `${tmp}-old`);
      fs.renameSync(tmp, BUILD);
      fs.rmSync(`${tmp}-old`, { recursive: true, force: true });
      const n = Object.keys(state.files).length;
      notes.push(manifest.ok ? `src/ compiled (${n} files)` : `src/ has ${errors.length} type error(s); not used`);
      state = readBuild(tsPath);
    }
    if (script && !fs.existsSync(cacheFile)) {
      // Run what a lesson's start runs, so that the cache holds every function it compiles.
      if (state?.ok) usePrecompiledSrc(ts, state);
      process.chdir(path.join(ROOT, "notebooks"));
      const conv = require(path.join(dist, "converter.js")).createConverter({ isJS: false, isBrowser: false });
      conv.convert("", "const warmUp = 1;");
      conv.convert("", 'import { train } from "./src/index";\nimport { show } from "./src/display/index";');
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

/** bind-first: the converter is made once the first request is answered, after the client subscribed to IOPub. */
function bindFirst({ converter, server, zmq }) {
  const [createConverter, handleShellMessage, pending] = [converter.createConverter, server.handleShellMessage, []];
  converter.createConverter = (options) => {
    let real = null;
    const make = () => (real ??= createConverter(options));
    pending.push(make);
    const lazy = ["convert", "inspect", "complete", "addModule"].map((m) => [m, (...a) => make()[m](...a)]);
    return { ...Object.fromEntries(lazy), close: () => real?.close() };
  };
  let subscribed = new Promise((resolve) => {
    zmq.Publisher = class IopubPublisher extends zmq.XPublisher {
      constructor(...args) {
        super(...args);
        this.receive().then(resolve, resolve); // the client's subscription, or the socket closing
      }
    };
  });
  server.handleShellMessage = async function (...args) {
    if (subscribed) {
      const late = await Promise.race([subscribed.then(() => false), sleep(1000, true, { ref: false })]);
      subscribed = null; // a client that never subscribes (a bare KernelManager) waits once, not every time
      if (late) warn("no IOPub subscription within 1 s; answering without waiting for one");
    }
    try {
      return await handleShellMessage.apply(this, args);
    } finally {
      setImmediate(() => pending.forEach((make) => make()));
    }
  };
}

/** Checks everything first, throwing on any mismatch; then patches tslab for the speed-ups that are on. */
function speedUp() {
  const { dist, tsPath } = locateTslab();
  if (V8_FLAGS.length) v8.setFlagsFromString(V8_FLAGS.join(" "));
  const { ts, cacheFile } = loadTypeScript(tsPath);
  const parts = privateParts(dist, ts);
  const state = on("prebuilt") ? readBuild(tsPath) : null;
  if (state?.ok) usePrecompiledSrc(ts, state);
  if ((state && !state.fresh) || (on("code-cache") && !fs.existsSync(cacheFile))) {
    const { spawn } = require("node:child_process"); // --build in the background, for the next kernel
    spawn(process.execPath, [__filename, "--build"], { detached: true, stdio: "ignore", cwd: ROOT }).unref();
  }
  warnWhenSrcChanges(parts.executor);
  if (on("bind-first")) bindFirst(parts);
}

function main() {
  const message = (error) => (error instanceof Error ? error.message : String(error)).split("\n")[0];
  if (process.argv[2] === "--build") {
    try {
      console.log(`backprop-lab kernel: ${build()}`);
    } catch (error) {
      warn(`no build: ${message(error)}`);
      process.exitCode = 1;
    }
    return;
  }
  try {
    if (!process.env.BACKPROP_LAB_PLAIN_KERNEL) speedUp();
  } catch (error) {
    warn(`starting plain tslab: ${message(error)}`);
  }
  require(require.resolve("tslab/dist/main.js", { paths: [ROOT] })).main();
}

if (require.main === module) main();

// For the benchmark: it compiles src/ exactly as the build does (bench/compile.ts) and times each speed-up.
module.exports = { locateTslab, loadTypeScript, readBuild, usePrecompiledSrc, srcFiles, compile, V8_FLAGS, FEATURES };
