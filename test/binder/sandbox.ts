// Helpers for test/binder: a throw-away "image" on this machine — a clean copy of the working
// tree, a fresh Python environment, an environment-variable set that cannot reach the user's own
// home or Jupyter folders — and a snapshot of folders to prove nothing outside was written.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "../helpers";
import { freePort } from "../lab/server";

export { ROOT };

/** Output and duration of a command that succeeded. */
export interface RunResult {
  stdout: string;
  stderr: string;
  seconds: number;
}

/** What a failed command printed last: enough to see why, short enough to read in a test report. */
function tail(text: string, lines = 40): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

/** Runs a command to completion; throws with its exit code and the end of its output if it fails. */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutSeconds?: number },
): RunResult {
  const started = performance.now();
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    env: options.env,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    timeout: (options.timeoutSeconds ?? 600) * 1000,
  });
  const seconds = (performance.now() - started) / 1000;
  if (result.error || result.status !== 0) {
    const why = result.error ? String(result.error) : `exit code ${result.status ?? result.signal}`;
    throw new Error(
      `run: '${command} ${args.join(" ")}' in ${options.cwd} failed (${why}) after ${seconds.toFixed(1)} s\n` +
        `--- stdout (end)\n${tail(result.stdout ?? "")}\n--- stderr (end)\n${tail(result.stderr ?? "")}`,
    );
  }
  return { stdout: result.stdout, stderr: result.stderr, seconds };
}

/**
 * Copies the working tree as git sees it — tracked files plus new files that .gitignore does not
 * exclude, so no node_modules/, .venv/ or dist/ — keeping symlinks and executable bits: what a
 * fresh clone would hold once the current changes are committed.
 */
export function copyWorkingTree(from: string, to: string): number {
  const listed = run("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: from,
    env: process.env,
  }).stdout;
  let copied = 0;
  for (const file of new Set(listed.split("\0").filter(Boolean))) {
    const source = path.join(from, file);
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(source);
    } catch {
      continue; // deleted in the working tree, not yet in a commit
    }
    const target = path.join(to, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (stat.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(source), target);
    else {
      fs.copyFileSync(source, target);
      fs.chmodSync(target, stat.mode & 0o777);
    }
    copied++;
  }
  return copied;
}

// Variables that could point a process at the user's own Jupyter, Python, npm or Node set-up.
const LEAKY = [
  /^npm_/i,
  /^JUPYTER/,
  /^IPYTHONDIR$/,
  /^VIRTUAL_ENV/,
  /^CONDA_/,
  /^PYTHON(PATH|HOME|USERBASE|STARTUP)$/,
  /^PYENV/,
  /^PIP_USER$/,
  /^NODE(_OPTIONS|_PATH|_TEST_CONTEXT)?$/,
  /^INIT_CWD$/,
  /^XDG_(CONFIG|DATA|CACHE|STATE)_HOME$/,
  /^XDG_RUNTIME_DIR$/,
  /^(HOME|PATH|PWD|OLDPWD|REPO_DIR|NB_PYTHON_PREFIX|KERNEL_PYTHON_PREFIX)$/,
];

/**
 * This user's pip configuration file, if any. It says where packages come from (a mirror, on some
 * machines) — the image's network, so to speak — and pip only reads it.
 */
function userPipConfig(): string | undefined {
  const home = os.homedir();
  const configHome = process.env.XDG_CONFIG_HOME || path.join(home, ".config");
  return [path.join(configHome, "pip", "pip.conf"), path.join(home, ".pip", "pip.conf")].find((f) => fs.existsSync(f));
}

/**
 * The environment of a process inside the throw-away image: `home` as HOME with every XDG
 * folder inside it, `pathDirs` first on PATH, then this Node's folder and the system folders.
 * System-wide settings (pip's in /etc, PIP_* variables, certificates) and the user's pip index
 * settings stay: they decide where packages come from, not where anything is installed.
 */
export function imageEnv(home: string, pathDirs: readonly string[], extra: Record<string, string> = {}) {
  const env: NodeJS.ProcessEnv = {};
  const pipConfig = process.env.PIP_CONFIG_FILE || userPipConfig();
  if (pipConfig) env.PIP_CONFIG_FILE = pipConfig;
  for (const [key, value] of Object.entries(process.env)) {
    if (!LEAKY.some((pattern) => pattern.test(key))) env[key] = value;
  }
  const system = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];
  const dirs = [...pathDirs, path.dirname(process.execPath), ...system];
  return {
    ...env,
    HOME: home,
    PATH: [...new Set(dirs)].join(path.delimiter),
    XDG_CONFIG_HOME: path.join(home, ".config"),
    XDG_DATA_HOME: path.join(home, ".local", "share"),
    XDG_CACHE_HOME: path.join(home, ".cache"),
    XDG_STATE_HOME: path.join(home, ".local", "state"),
    PIP_RETRIES: "0",
    PIP_DISABLE_PIP_VERSION_CHECK: "1",
    ...extra,
  };
}

/**
 * Every file, folder and link under `paths` (or the file itself) with its size and modification
 * time, leaving out folders named in `skip`: session state that other programs on this machine
 * write too (Jupyter's `runtime` connection files, JupyterLab's `workspaces`).
 */
export function snapshot(paths: readonly string[], skip: readonly string[] = ["runtime", "workspaces"]) {
  const seen = new Map<string, string>();
  const record = (full: string): void => {
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(full);
    } catch {
      return;
    }
    if (!stat.isDirectory()) {
      seen.set(full, `${stat.size} bytes, modified ${stat.mtimeMs}`);
      return;
    }
    seen.set(full, "folder");
    for (const name of fs.readdirSync(full)) if (!skip.includes(name)) record(path.join(full, name));
  };
  for (const p of paths) record(p);
  return seen;
}

/** What changed between two snapshots, one line per path. */
export function changes(before: Map<string, string>, after: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [file, state] of after) {
    if (!before.has(file)) out.push(`added ${file}`);
    else if (before.get(file) !== state) out.push(`changed ${file}`);
  }
  for (const file of before.keys()) if (!after.has(file)) out.push(`removed ${file}`);
  return out;
}

/** A JupyterLab server started for one test; `stop()` ends it and waits for it. */
export interface Lab {
  url: string;
  token: string;
  output: () => string;
  stop: () => Promise<void>;
}

/** Starts `jupyter lab` on 127.0.0.1 and waits until its REST API answers (at most `waitSeconds`). */
export async function startLab(
  jupyter: string,
  rootDir: string,
  env: NodeJS.ProcessEnv,
  waitSeconds = 90,
): Promise<Lab> {
  const port = await freePort();
  const token = Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16)).join("");
  const args = [
    "lab",
    "--no-browser",
    "--ip=127.0.0.1",
    `--port=${port}`,
    `--IdentityProvider.token=${token}`,
    `--ServerApp.root_dir=${rootDir}`,
  ];
  // JupyterLab refuses root unless told; containers and CI run as root.
  if (process.getuid?.() === 0) args.push("--allow-root");
  const child: ChildProcess = spawn(jupyter, args, { cwd: rootDir, env, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const exited = once(child, "exit");
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + waitSeconds * 1000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const response = await fetch(`${url}/api/status`, { headers: { Authorization: `token ${token}` } });
      if (response.ok) return { url, token, output: () => log, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  throw new Error(`startLab: JupyterLab did not answer on ${url} within ${waitSeconds} s\n${tail(log)}`);
}

/** The links to notebooks that docs/classroom.md gives teachers, parsed. */
export interface ClassroomLinks {
  /** `urlpath` of every mybinder.org launch link: a path from the repository root. */
  binder: string[];
  /** `repo` and `urlpath` of every nbgitpuller link: `urlpath` is a path from the home folder. */
  nbgitpuller: { repo: string; urlpath: string }[];
}

/** Finds the Binder and nbgitpuller links in a Markdown text. */
export function classroomLinks(markdown: string): ClassroomLinks {
  const urls = markdown.match(/https?:\/\/[^\s)"'`<>\]]+/g) ?? [];
  const links: ClassroomLinks = { binder: [], nbgitpuller: [] };
  for (const raw of new Set(urls)) {
    // A sentence may end right after a link: its full stop is not part of the address.
    const url = new URL(raw.replace(/&amp;/g, "&").replace(/[.,;:!?]+$/, ""));
    const urlpath = url.searchParams.get("urlpath");
    if (url.hostname === "mybinder.org" && url.pathname.startsWith("/v2/") && urlpath) links.binder.push(urlpath);
    if (url.pathname.endsWith("/git-pull")) {
      links.nbgitpuller.push({ repo: url.searchParams.get("repo") ?? "", urlpath: urlpath ?? "" });
    }
  }
  return links;
}
