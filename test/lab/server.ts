// Starts and stops a throw-away JupyterLab for the UI tests: the project's own .venv, a free
// localhost port, a random token, and fresh config, data, runtime, workspace and home folders, so
// nothing of the user's Jupyter setup is read or written and the repo's notebooks stay clean.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

import { ROOT } from "../helpers";

export { ROOT };

/** The project's JupyterLab, as scripts/setup.sh installs it. */
export const JUPYTER = path.join(ROOT, ".venv", "bin", "jupyter");

/** Every process a test run starts carries this variable; its value identifies the run. */
export const MARKER_VARIABLE = "BACKPROP_LAB_UI_TEST";

/** A process found by its marker: id and command line. */
export interface MarkedProcess {
  pid: number;
  command: string;
}

/** Lists the live processes whose environment carries MARKER_VARIABLE=marker (Linux /proc). */
export function processesWithMarker(marker: string): MarkedProcess[] {
  const needle = Buffer.from(`${MARKER_VARIABLE}=${marker}\0`);
  const found: MarkedProcess[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const environ = readFileSync(`/proc/${entry}/environ`);
      if (!environ.includes(needle)) continue;
      // A zombie has no command line left; it is gone as soon as its parent reaps it.
      const state = /\) (\S)/.exec(readFileSync(`/proc/${entry}/stat`, "utf8"))?.[1];
      if (state === "Z") continue;
      const command = readFileSync(`/proc/${entry}/cmdline`, "utf8").replace(/\0/g, " ").trim();
      found.push({ pid: Number(entry), command });
    } catch {
      // The process ended while we looked, or belongs to someone we may not inspect.
    }
  }
  return found;
}

/** Asks the OS for a free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error("freePort: the OS gave no port"))));
    });
  });
}

/** A throw-away copy of some notebooks, laid out like the repo so that "./src/..." imports work. */
export interface NotebookCopy {
  /** The folder JupyterLab serves: the notebooks plus `src -> ../src`, as in the repo's notebooks/. */
  dir: string;
  /** The notebooks' paths in `dir` ("01-dataset.ipynb", "ko/01-dataset.ipynb"), in order. */
  names: string[];
  remove(): void;
}

/**
 * A notebook to copy: a file, copied to the top of the copy under its own name; or a file and the
 * path it takes in the copy, e.g. { file: "notebooks/ko/01-dataset.ipynb", as: "ko/01-dataset.ipynb" }.
 */
export type NotebookEntry = string | { file: string; as: string };

/**
 * Copies notebooks into <tmp>/project/notebooks. <tmp>/project gets `src` and `node_modules`
 * symlinks to the real ones: tslab type-checks imports along the symlinked path, so the packages
 * src/ imports (seedrandom …) must be found above the notebooks folder, exactly as in the repo.
 * Every folder that holds a notebook gets its own `src` link to <tmp>/project/src, as the repo's
 * notebooks/ (src -> ../src) and notebooks/ko/ (src -> ../../src) have.
 */
export function copyNotebooks(entries: readonly NotebookEntry[]): NotebookCopy {
  if (entries.length === 0) throw new Error("copyNotebooks: entries must name at least one notebook, got []");
  const base = mkdtempSync(path.join(os.tmpdir(), "backprop-lab-ui-notebooks-"));
  const project = path.join(base, "project");
  const dir = path.join(project, "notebooks");
  mkdirSync(dir, { recursive: true });
  symlinkSync(path.join(ROOT, "src"), path.join(project, "src"));
  symlinkSync(path.join(ROOT, "node_modules"), path.join(project, "node_modules"));
  const linked = new Set<string>();
  const linkSrc = (folder: string) => {
    if (linked.has(folder)) return;
    mkdirSync(folder, { recursive: true });
    symlinkSync(path.relative(folder, path.join(project, "src")), path.join(folder, "src"));
    linked.add(folder);
  };
  linkSrc(dir);
  const names = entries.map((entry) => {
    const { file, as } = typeof entry === "string" ? { file: entry, as: path.basename(entry) } : entry;
    const target = path.resolve(dir, as);
    if (path.isAbsolute(as) || !target.startsWith(dir + path.sep)) {
      throw new Error(`copyNotebooks: "as" must be a path inside the copy, got ${JSON.stringify(as)}`);
    }
    linkSrc(path.dirname(target));
    copyFileSync(file, target);
    return path.relative(dir, target).split(path.sep).join("/");
  });
  return { dir, names, remove: () => rmSync(base, { recursive: true, force: true }) };
}

/** Options for startLab. */
export interface StartOptions {
  /** The folder to serve (JupyterLab's root dir), e.g. a NotebookCopy's dir. */
  rootDir: string;
  /** Marks every process of this server (see processesWithMarker); a fresh random one by default. */
  marker?: string;
  /** Chooses the port for each attempt; by default a free one from the OS. */
  pickPort?: () => Promise<number>;
  /** How many ports to try when the chosen one turns out to be taken (default 5). */
  maxAttempts?: number;
  /** How long one attempt may take to answer /api/status (default 60 s). */
  timeoutMs?: number;
}

/** A running JupyterLab. */
export interface LabServer {
  /** http://127.0.0.1:<port>/ */
  baseUrl: string;
  port: number;
  token: string;
  marker: string;
  pid: number;
  rootDir: string;
  /** The throw-away HOME, config, data, runtime and workspace folders live under here. */
  scratch: string;
  /** The environment the server runs with (also used to ask `jupyter` about its paths). */
  env: NodeJS.ProcessEnv;
  /** Every port tried, the last one being `port`. */
  attempts: number[];
  /** Milliseconds from spawn to the first answer of /api/status. */
  startupMs: number;
  /** A URL on this server with the token attached, e.g. url("lab/tree/x.ipynb"). */
  url(pathAndQuery: string): string;
  /** fetch() against the server's REST API with the token. */
  api(pathAndQuery: string, init?: RequestInit): Promise<Response>;
  /** The server's output so far (its log goes to stderr). */
  log(): string;
  /** Shuts the server down and reports what was left behind. */
  stop(): Promise<StopReport>;
}

/** What stop() saw. */
export interface StopReport {
  /** The server exited by itself, with code 0, after POST /api/shutdown (no signal was needed). */
  clean: boolean;
  exitCode: number | null;
  /** Processes of this run still alive after the server exited; stop() then killed them. */
  strays: MarkedProcess[];
  stopMs: number;
}

const live = new Set<{ pid: number; marker: string }>();

// Last resort if a test run dies without stop(): kill what this process started.
process.on("exit", () => {
  for (const server of live) {
    try {
      process.kill(-server.pid, "SIGKILL");
    } catch {
      // already gone
    }
    for (const p of processesWithMarker(server.marker)) {
      try {
        process.kill(p.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Makes the throw-away folders and the environment that points Jupyter at them. */
function scratchEnvironment(marker: string): { scratch: string; env: NodeJS.ProcessEnv; workspaces: string } {
  const scratch = mkdtempSync(path.join(os.tmpdir(), "backprop-lab-ui-jupyter-"));
  const dirs = { home: "home", config: "config", data: "data", runtime: "runtime", workspaces: "workspaces" };
  for (const d of Object.values(dirs)) mkdirSync(path.join(scratch, d));
  // No user settings: the server starts as a fresh `npm start` does, with only the settings that
  // scripts/setup.sh ships in .venv (no news prompt, no update check, no debugger).
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Anything that could point Jupyter at the user's folders goes; the kernelspec is still found
  // because Jupyter always searches sys.prefix/share/jupyter, i.e. .venv/share/jupyter.
  for (const key of Object.keys(env)) {
    if (/^(JUPYTER|JPY|IPYTHON|XDG)_|^IPYTHONDIR$|^PYTHON(PATH|HOME|STARTUP)$/.test(key)) delete env[key];
  }
  const home = path.join(scratch, dirs.home);
  Object.assign(env, {
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, ".config"),
    XDG_DATA_HOME: path.join(home, ".local", "share"),
    XDG_CACHE_HOME: path.join(home, ".cache"),
    IPYTHONDIR: path.join(home, ".ipython"),
    JUPYTER_CONFIG_DIR: path.join(scratch, dirs.config),
    JUPYTER_DATA_DIR: path.join(scratch, dirs.data),
    JUPYTER_RUNTIME_DIR: path.join(scratch, dirs.runtime),
    [MARKER_VARIABLE]: marker,
  });
  return { scratch, env, workspaces: path.join(scratch, dirs.workspaces) };
}

/**
 * Starts JupyterLab like scripts/start.sh does (root dir = rootDir, --allow-root as root), but
 * headless on 127.0.0.1 with a random token. If the port is taken by the time JupyterLab binds
 * it, it tries another. Resolves once /api/status answers with the token.
 */
export async function startLab(options: StartOptions): Promise<LabServer> {
  const { rootDir, pickPort = freePort, maxAttempts = 5, timeoutMs = 60_000 } = options;
  if (!existsSync(JUPYTER)) throw new Error(`startLab: no JupyterLab at ${JUPYTER}: run 'npm run setup' first`);
  if (!existsSync(rootDir)) throw new Error(`startLab: rootDir does not exist, got ${JSON.stringify(rootDir)}`);
  const marker = options.marker ?? randomBytes(8).toString("hex");
  const token = randomBytes(24).toString("hex");
  const { scratch, env, workspaces } = scratchEnvironment(marker);
  env.JUPYTER_TOKEN = token; // in the environment, not on the command line other users can read
  const attempts: number[] = [];
  const failures: string[] = [];

  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const port = await pickPort();
    attempts.push(port);
    const args = [
      "lab",
      "--no-browser",
      "--ip=127.0.0.1",
      `--port=${port}`,
      // Fail instead of silently moving to port+1: we must know which port we are testing.
      "--ServerApp.port_retries=0",
      `--ServerApp.root_dir=${rootDir}`,
      `--LabApp.workspaces_dir=${workspaces}`,
      ...(process.getuid?.() === 0 ? ["--allow-root"] : []),
    ];
    const started = Date.now();
    // detached: its own process group, so a fallback kill reaches its helpers too.
    const child = spawn(JUPYTER, args, { cwd: rootDir, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
    const entry = { pid: child.pid ?? -1, marker };
    live.add(entry);
    const outcome = await waitForStatus(child, port, token, timeoutMs);
    if (outcome === "ready") {
      return makeServer({
        child,
        port,
        token,
        marker,
        rootDir,
        scratch,
        env,
        attempts,
        started,
        log: () => output,
        entry,
      });
    }
    live.delete(entry);
    await killGroup(child);
    if (
      outcome === "exited" &&
      new RegExp(`port ${port} is not available|port ${port} is already in use`).test(output)
    ) {
      failures.push(`port ${port} was taken`);
      continue;
    }
    rmSync(scratch, { recursive: true, force: true });
    throw new Error(
      `startLab: JupyterLab on port ${port} ${outcome === "exited" ? `exited with code ${child.exitCode}` : `did not answer /api/status within ${timeoutMs} ms`}; its output:\n${output.slice(-4000)}`,
    );
  }
  rmSync(scratch, { recursive: true, force: true });
  throw new Error(`startLab: no port worked after ${maxAttempts} attempts (${failures.join("; ")})`);
}

/** Polls /api/status until it answers 200 with our token, the process exits, or time runs out. */
async function waitForStatus(
  child: ChildProcess,
  port: number,
  token: string,
  timeoutMs: number,
): Promise<"ready" | "exited" | "timeout"> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) return "exited";
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/status`, {
        headers: { Authorization: `token ${token}` },
        signal: AbortSignal.timeout(5000),
      });
      // Another program on this port would not know our token; only our server answers 200.
      if (res.status === 200) return "ready";
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  return "timeout";
}

/** Resolves when the process has exited (or after ms), true if it exited. */
function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** SIGTERM then SIGKILL to the child's process group; resolves once the child is gone. */
async function killGroup(child: ChildProcess): Promise<void> {
  for (const signal of ["SIGTERM", "SIGKILL"] as const) {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-(child.pid ?? 0), signal);
    } catch {
      return;
    }
    if (await waitForExit(child, 5000)) return;
  }
}

interface ServerParts {
  child: ChildProcess;
  port: number;
  token: string;
  marker: string;
  rootDir: string;
  scratch: string;
  env: NodeJS.ProcessEnv;
  attempts: number[];
  started: number;
  log: () => string;
  entry: { pid: number; marker: string };
}

function makeServer(p: ServerParts): LabServer {
  const baseUrl = `http://127.0.0.1:${p.port}/`;
  const api = (pathAndQuery: string, init: RequestInit = {}) =>
    fetch(new URL(pathAndQuery, baseUrl), {
      ...init,
      headers: { Authorization: `token ${p.token}`, ...(init.headers as Record<string, string> | undefined) },
      signal: init.signal ?? AbortSignal.timeout(30_000),
    });
  let stopped: Promise<StopReport> | undefined;
  const stop = async (): Promise<StopReport> => {
    const t0 = Date.now();
    try {
      await api("api/shutdown", { method: "POST" });
    } catch {
      // The server may close the connection as it goes down; the exit below is what counts.
    }
    // JupyterLab asks each kernel to shut down and waits for it before exiting.
    const exited = await waitForExit(p.child, 30_000);
    const clean = exited && p.child.exitCode === 0;
    if (!exited) await killGroup(p.child);
    // Kernels run in their own sessions (jupyter_client starts them with setsid), so they are
    // found by the marker, not by the process group.
    let strays: MarkedProcess[] = [];
    for (let i = 0; i < 20; i++) {
      strays = processesWithMarker(p.marker).filter((s) => s.pid !== process.pid);
      if (strays.length === 0) break;
      await sleep(250);
    }
    for (const s of strays) {
      try {
        process.kill(s.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    live.delete(p.entry);
    rmSync(p.scratch, { recursive: true, force: true });
    return { clean, exitCode: p.child.exitCode, strays, stopMs: Date.now() - t0 };
  };
  return {
    baseUrl,
    port: p.port,
    token: p.token,
    marker: p.marker,
    pid: p.child.pid ?? -1,
    rootDir: p.rootDir,
    scratch: p.scratch,
    env: p.env,
    attempts: p.attempts,
    startupMs: Date.now() - p.started,
    url: (pathAndQuery: string) => {
      const u = new URL(pathAndQuery, baseUrl);
      u.searchParams.set("token", p.token);
      return u.toString();
    },
    api,
    log: p.log,
    stop: () => (stopped ??= stop()),
  };
}
