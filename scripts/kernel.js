#!/usr/bin/env node
// The backprop-lab kernel: tslab's own kernel, started faster. scripts/setup.sh registers
//   node scripts/kernel.js kernel --config-path {connection_file}
// and this file then runs tslab's kernel entry unchanged, after three things that only change speed:
//
//  1. V8 optimises later (a 16× interrupt budget). TypeScript's compiler runs for about a second at
//     kernel start and on the first import; V8 otherwise spends more CPU compiling it with TurboFan
//     on background threads than that saves, and on a busy 2-core machine those threads take the
//     main thread's core. Loops that really are hot (training, a student's loop) still get optimised.
//  2. TypeScript's own 8 MB of JavaScript is loaded with a V8 code cache, written by `--build` after a
//     warm-up, so the kernel neither parses it nor compiles the functions a notebook start uses.
//  3. src/ is compiled ahead of time: `--build` type-checks src/*.ts exactly as tslab would and writes
//     .js and .d.ts into node_modules/.cache/backprop-lab/. A kernel whose src/ still matches that
//     build (content hashes, checked at every start) shows tslab the .d.ts files and runs the .js, so
//     `import ... from "./src/index"` no longer type-checks src/. When src/ changed (a teacher's edit),
//     the kernel does exactly what plain tslab does — type-checks src/, shows its errors — and starts
//     `--build` in the background for the next start. A build that finds type errors is not used.
//
//   node scripts/kernel.js --build     build when stale (scripts/setup.sh runs it); prints what it did
//   BACKPROP_LAB_PLAIN_KERNEL=1        start plain tslab (for comparison or if something goes wrong)
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const Module = require("node:module");
const path = require("node:path");
const v8 = require("node:v8");
const vm = require("node:vm");

const ROOT = path.resolve(__dirname, "..");
const SRC = fs.realpathSync(path.join(ROOT, "src"));
const NOTEBOOKS = path.join(ROOT, "notebooks");
const CACHE = path.join(ROOT, "node_modules", ".cache", "backprop-lab");
const BUILD = path.join(CACHE, "src");
const MANIFEST = path.join(BUILD, "manifest.json");
const V8_FLAGS = ["--interrupt-budget=1081344"];
/** Bump when the build's layout or options change. */
const FORMAT = 2;

const tslabMain = require.resolve("tslab/dist/main.js", { paths: [ROOT] });
const tsPath = require.resolve("@tslab/typescript-for-tslab", { paths: [path.dirname(tslabMain)] });

const sha1 = (data) => crypto.createHash("sha1").update(data).digest("hex");
const warn = (message) => process.stderr.write(`backprop-lab kernel: ${message}\n`);

/** The TypeScript sources under src/ (not .d.ts), as paths relative to src/, sorted. */
function srcFiles() {
  const files = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts")) files.push(path.relative(SRC, full));
    }
  };
  walk(SRC);
  return files.sort();
}

/** Every source file under src/ (relative path → content hash), plus what else the build depends on. */
function sourceState() {
  const files = {};
  for (const f of srcFiles()) files[f] = sha1(fs.readFileSync(path.join(SRC, f)));
  const lock = path.join(ROOT, "package-lock.json");
  const deps = fs.existsSync(lock) ? sha1(fs.readFileSync(lock)) : "";
  const key = sha1(JSON.stringify({ FORMAT, node: process.versions.node, ts: tsPath, deps, files }));
  return { key, files };
}

/** Every source file under src/ with its modification time and size: cheap enough to take before each cell. */
function srcStamp() {
  const stamp = new Map();
  try {
    for (const f of srcFiles()) {
      const st = fs.statSync(path.join(SRC, f));
      stamp.set(f, `${st.mtimeMs}:${st.size}`);
    }
  } catch {
    // src/ being saved or moved this instant: no stamp, no warning.
  }
  return stamp;
}

/**
 * Wraps tslab's executor so that a cell run after a file in src/ changed (a teacher's edit while the
 * kernel runs) says so in the cell, once per change: a notebook's imports are not reloaded, so the
 * kernel may still run the old code, while showSource() already shows the new.
 */
function warnWhenSrcChanges(executor) {
  const atStart = srcStamp();
  let told = "";
  const execute = executor.execute.bind(executor);
  executor.execute = (code) => {
    const now = srcStamp();
    const changed = [...new Set([...atStart.keys(), ...now.keys()])]
      .filter((f) => atStart.get(f) !== now.get(f))
      .sort()
      .map((f) => `src/${f}`);
    const key = changed.map((f) => `${f}@${now.get(f.slice(4))}`).join(",");
    if (changed.length > 0 && key !== told) {
      told = key;
      process.stderr.write(
        `backprop-lab: ${changed.join(", ")} changed after this kernel started; cells may still run the old code. ` +
          "Restart the kernel (Kernel → Restart Kernel) to run the edit.\n",
      );
    }
    return execute(code);
  };
}

/** The build's manifest when it was made from src/ as it is now (manifest.ok: it type-checked clean), else null. */
function freshBuild(state) {
  try {
    const manifest = JSON.parse(fs.readFileSync(MANIFEST, "utf8"));
    return manifest.key === state.key ? manifest : null;
  } catch {
    return null;
  }
}

/** Code cache file for typescript.js, for this Node, these flags and this exact file. */
function codeCachePath() {
  const st = fs.statSync(tsPath);
  const key = sha1(JSON.stringify([process.versions.v8, process.arch, V8_FLAGS, tsPath, st.size, st.mtimeMs, FORMAT]));
  return path.join(CACHE, `typescript-${key.slice(0, 16)}.v8cache`);
}

/** Loads typescript.js through vm.Script with the code cache; returns the Script (for writing a cache). */
function loadTypeScriptWithCache() {
  let cachedData;
  const cacheFile = codeCachePath();
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    // No cache yet: compile as usual.
  }
  let script = null;
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
    require(tsPath);
  } finally {
    Module.prototype._compile = compile;
  }
  return { script, cacheFile };
}

/**
 * Makes tslab see src/X.d.ts (from the build) instead of src/X.ts, and Node run the build's X.js for
 * src/X.ts. Applies to any path whose folder is src/ itself or a link to it (notebooks/src).
 */
function usePrecompiledSrc(ts, manifest) {
  const realDir = new Map();
  const inSrc = (p) => {
    const dir = path.dirname(p);
    if (!realDir.has(dir)) {
      let real = null;
      try {
        real = fs.realpathSync(dir);
      } catch {
        // Not a folder: not src/.
      }
      realDir.set(dir, real);
    }
    const real = realDir.get(dir);
    return real !== null && (real === SRC || real.startsWith(SRC + path.sep))
      ? path.join(real, path.basename(p))
      : null;
  };
  // The whole build is read now (about 250 kB): a later build that replaces the folder (another
  // kernel's, after an edit to src/) cannot pull files from under this kernel. Any file missing: no
  // redirects at all, and tslab compiles src/ itself.
  const code = new Map();
  for (const f of Object.keys(manifest.files)) {
    const name = f.replace(/\.tsx?$/, "");
    code.set(name, {
      dts: fs.readFileSync(path.join(BUILD, name + ".d.ts"), "utf8"),
      js: fs.readFileSync(path.join(BUILD, name + ".js"), "utf8"),
    });
  }
  /** For a path in src/: its module name relative to src/ without extension, and its kind. */
  const classify = (p) => {
    const real = inSrc(p);
    if (!real) return null;
    const rel = path.relative(SRC, real);
    const m = /^(.*?)(\.d\.ts|\.tsx?)$/.exec(rel);
    if (!m || !code.has(m[1])) return null;
    return { name: m[1], dts: m[2] === ".d.ts" };
  };
  const sys = ts.sys;
  const { fileExists, readFile } = sys;
  sys.fileExists = function (p) {
    const c = classify(p);
    if (c) return c.dts;
    return fileExists.call(this, p);
  };
  sys.readFile = function (p, encoding) {
    const c = classify(p);
    if (c) return c.dts ? code.get(c.name).dts : undefined;
    return readFile.call(this, p, encoding);
  };
  const loadJs = Module._extensions[".js"];
  Module._extensions[".ts"] = function (module, filename) {
    const c = classify(filename);
    if (!c || c.dts) return loadJs(module, filename);
    module._compile(code.get(c.name).js, filename);
  };
  // The build carries inline source maps: stack traces then name src/X.ts at the .ts line numbers.
  process.setSourceMapsEnabled(true);
}

/** The compiler options tslab uses for a notebook (converter.js), for CommonJS output straight away. */
function tslabOptions(ts) {
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
  };
}

/** Compiles src/ into a fresh folder and swaps it in; returns a one-line summary. */
function buildSrc(ts, state) {
  const show = process.env.BACKPROP_LAB_DEBUG;
  const tmp = fs.mkdtempSync(path.join(CACHE, "src-build-"));
  const roots = Object.keys(state.files).map((f) => path.join(SRC, f));
  const options = { ...tslabOptions(ts), rootDir: SRC, outDir: tmp, inlineSourceMap: true, sourceRoot: SRC };
  const host = ts.createCompilerHost(options);
  const program = ts.createProgram(roots, options, host);
  const errors = ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.category === ts.DiagnosticCategory.Error && (!d.file || d.file.fileName.startsWith(SRC)));
  const ok = errors.length === 0;
  if (show)
    for (const d of errors) warn(`${d.file?.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
  if (ok) {
    const result = program.emit();
    if (result.emitSkipped) throw new Error("TypeScript skipped the emit");
  }
  fs.chmodSync(tmp, 0o755); // mkdtemp makes it private; kernels may run as other users than setup
  fs.writeFileSync(
    path.join(tmp, "manifest.json"),
    JSON.stringify({ key: state.key, ok, files: state.files }, null, 1),
  );
  const old = `${BUILD}-old-${process.pid}`;
  if (fs.existsSync(BUILD)) fs.renameSync(BUILD, old);
  fs.renameSync(tmp, BUILD);
  fs.rmSync(old, { recursive: true, force: true });
  return ok
    ? `src/ compiled (${roots.length} files) into ${path.relative(ROOT, BUILD)}`
    : `src/ has ${errors.length} type error(s); kernels type-check src/ themselves until it is fixed`;
}

/** Runs what a lesson start runs, then writes TypeScript's code cache with everything compiled. */
function warmUpAndWriteCodeCache(script, cacheFile) {
  const cwd = process.cwd();
  process.chdir(NOTEBOOKS);
  try {
    const { createConverter } = require(path.join(path.dirname(tslabMain), "converter.js"));
    const conv = createConverter({ isJS: false, isBrowser: false });
    conv.convert("", "const warmUp = 1;");
    conv.convert(
      "",
      'import { makeDataset, train } from "./src/index";\nimport { trainingFigure } from "./src/figures";\n' +
        'import { show } from "./src/display";\nconst d = makeDataset({ nSamples: 3, seed: 1 });',
    );
    conv.close();
  } finally {
    process.chdir(cwd);
  }
  const tmp = `${cacheFile}.${process.pid}`;
  fs.writeFileSync(tmp, script.createCachedData());
  fs.renameSync(tmp, cacheFile);
}

/** `--build`: brings the src/ build and the code cache up to date. One build at a time (lock file). */
function build() {
  // TypeScript finds @types (Buffer, __dirname) from the current folder: build from the project's.
  process.chdir(ROOT);
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
    const { script, cacheFile } = loadTypeScriptWithCache();
    const ts = require(tsPath);
    const state = sourceState();
    const notes = [];
    let manifest = freshBuild(state);
    if (!manifest) {
      notes.push(buildSrc(ts, state));
      manifest = freshBuild(state);
    } else notes.push(manifest.ok ? "src/ build up to date" : "src/ unchanged since a build found type errors");
    if (!fs.existsSync(cacheFile)) {
      if (manifest?.ok) usePrecompiledSrc(ts, manifest);
      warmUpAndWriteCodeCache(script, cacheFile);
      notes.push("TypeScript code cache written");
    }
    return notes.join("; ");
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

/**
 * tslab's startKernel (dist/main.js) with one change of order: it binds the Jupyter sockets first and
 * creates the TypeScript converter after, where tslab does the converter first. ZeroMQ accepts the
 * client's connections and IOPub subscription on its own thread while TypeScript starts, so the first
 * kernel_info request finds the kernel connected. Bound last, the client's first connection attempt
 * fails (retried after 100 ms) and the status messages of the first kernel_info go out before the
 * client has subscribed, which makes jupyter_client wait 200 ms and ask again, often twice.
 * Returns false (and does nothing) when tslab's internals are not what this expects.
 */
function startKernelBindingFirst(argv) {
  const args = argv.slice();
  if (args.shift() !== "kernel") return false;
  let configPath = "";
  let jsKernel = false;
  while (args.length > 0) {
    const arg = args.shift();
    if (arg === "--config-path" && args.length > 0) configPath = args.shift();
    else if (arg.startsWith("--config-path=")) configPath = arg.slice("--config-path=".length);
    else if (arg === "--js") jsKernel = true;
    else return false;
  }
  if (!configPath) return false;
  const dist = path.dirname(tslabMain);
  const { createConverter } = require(path.join(dist, "converter.js"));
  const { createExecutor } = require(path.join(dist, "executor.js"));
  const { ZmqServer, JupyterHandlerImpl } = require(path.join(dist, "jupyter.js"));
  if (![createConverter, createExecutor, ZmqServer, JupyterHandlerImpl].every((f) => typeof f === "function"))
    return false;
  let node = null;
  let browser = null;
  const convs = {
    get node() {
      return (node ??= createConverter({ isJS: jsKernel, isBrowser: false }));
    },
    get browser() {
      return (browser ??= createConverter({ isJS: jsKernel, isBrowser: true }));
    },
    close() {
      node?.close();
      browser?.close();
    },
  };
  const executor = createExecutor(process.cwd(), convs, { log: console.log, error: console.error });
  if (typeof executor.execute !== "function") return false;
  warnWhenSrcChanges(executor);
  const server = new ZmqServer(new JupyterHandlerImpl(executor, jsKernel), configPath);
  process.on("SIGINT", () => executor.interrupt());
  process.on("uncaughtException", (err) => console.error("UncaughtException:", err));
  process.on("unhandledRejection", (reason) => console.error("UnhandledPromiseRejection:", reason));
  // tslab creates the converter for Node.js before it binds. Here it is created once the first
  // request (the client's kernel_info) is answered, or 300 ms after binding if none came: while it
  // runs, jupyter_client spends 200 ms draining IOPub after kernel_info, and a front end draws.
  // A cell that comes first creates it on demand.
  let warmed = false;
  const warm = () => {
    if (warmed) return;
    warmed = true;
    setImmediate(() => convs.node);
  };
  // IOPub as an XPUB socket, which tells when the client has subscribed: jupyter_client counts the
  // kernel as ready only when the status messages of its kernel_info arrive on IOPub, and a PUB
  // socket drops them while the subscription is still on its way (then it waits 200 ms, asks again).
  // So the first requests wait for the subscription (at most 1 s); it comes within milliseconds.
  let subscribed = null;
  const zmq = require(require.resolve("zeromq", { paths: [dist] }));
  if (typeof zmq.XPublisher === "function") {
    let onSubscribe;
    subscribed = new Promise((resolve) => (onSubscribe = resolve));
    zmq.Publisher = class IopubPublisher extends zmq.XPublisher {
      constructor(...a) {
        super(...a);
        (async () => {
          // Only the first subscription matters; a pending receive would keep the process alive.
          for await (const [frame] of this) {
            if (frame[0] === 1) break;
          }
        })()
          .catch(() => {})
          .finally(onSubscribe);
      }
    };
  }
  const handle = server.handleShellMessage;
  server.handleShellMessage = async function (...args) {
    if (subscribed) {
      let timer;
      const timedOut = await Promise.race([
        subscribed.then(() => false),
        new Promise((r) => (timer = setTimeout(() => r(true), 1000))),
      ]);
      clearTimeout(timer);
      // A client that never subscribes (a bare KernelManager) waits once, not at every request.
      subscribed = null;
      if (timedOut) warn("no IOPub subscription within 1 s; answering without waiting for one");
    }
    try {
      return await handle.apply(this, args);
    } finally {
      warm();
    }
  };
  server.init().then(() => setTimeout(warm, 300));
  return true;
}

/** Starts `--build` detached in the background (the kernel does not wait for it). */
function buildInBackground() {
  const { spawn } = require("node:child_process");
  const child = spawn(process.execPath, [__filename, "--build"], { detached: true, stdio: "ignore", cwd: ROOT });
  child.unref();
}

function main() {
  v8.setFlagsFromString(V8_FLAGS.join(" "));
  if (process.argv[2] === "--build") {
    console.log(`backprop-lab kernel: ${build()}`);
    return;
  }
  if (!process.env.BACKPROP_LAB_PLAIN_KERNEL) {
    try {
      const { cacheFile } = loadTypeScriptWithCache();
      const ts = require(tsPath);
      const manifest = freshBuild(sourceState());
      if (manifest?.ok) usePrecompiledSrc(ts, manifest);
      if (!manifest || !fs.existsSync(cacheFile)) buildInBackground();
    } catch (error) {
      warn(`starting without the speed-ups: ${error instanceof Error ? error.stack : error}`);
    }
  }
  if (!process.env.BACKPROP_LAB_PLAIN_KERNEL && startKernelBindingFirst(process.argv.slice(2))) return;
  require(tslabMain).main();
}

if (require.main === module) main();

// For the benchmark (bench/compile.ts), which compiles and runs src/ exactly as the lessons' kernel does.
module.exports = { tsPath, tslabOptions, V8_FLAGS };
