// A Binder launch, replayed on this machine without Docker: binder/ is built into a throw-away
// "image" the way repo2docker builds it — a fresh Python environment standing in for
// $NB_PYTHON_PREFIX, `pip install -r binder/requirements.txt` run from the repository root, then
// binder/postBuild from the root — with a throw-away home folder that is also the repository
// (on Binder, $REPO_DIR is $HOME). The kernel, JupyterLab and every lesson are then checked in
// that environment, and so is the JupyterHub path: the image's kernel running a student's own
// copy of the lessons (as nbgitpuller makes it) after binder/start has run.
//
// What it cannot show without Docker: repo2docker's conda base environment (here a venv from
// this machine's python3), Node from conda-forge (here this machine's Node), the image's user.
// Needs the pip index and the npm registry (or a warm npm cache); about two minutes.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { allLessons, lessonsIn } from "../../scripts/lessons";
import {
  ROOT,
  changes,
  classroomLinks,
  copyWorkingTree,
  imageEnv,
  run,
  snapshot,
  startLab,
  type ClassroomLinks,
} from "./sandbox";

const KERNEL = "backprop-lab";
const HERE = __dirname;

/**
 * Where a kernel, an extension or a setting written by mistake would change this user's own
 * Jupyter (or Node): the user's and the machine's Jupyter folders, the Python that made the venv.
 * Not the whole home folder: other programs on a shared machine write there while this runs.
 */
function userAndSystemJupyterDirs(realPythonPrefix: string): string[] {
  const home = os.homedir();
  const userData = path.join(home, ".local", "share", "jupyter");
  return [
    path.join(userData, "kernels"),
    path.join(userData, "labextensions"),
    path.join(userData, "nbextensions"),
    path.join(home, ".jupyter"),
    path.join(home, "node_modules"),
    path.join(home, ".npmrc"),
    "/usr/local/share/jupyter",
    "/usr/share/jupyter",
    "/usr/local/etc/jupyter",
    "/etc/jupyter",
    path.join(realPythonPrefix, "share", "jupyter"),
    path.join(realPythonPrefix, "etc", "jupyter"),
  ];
}

interface NotebookReport {
  notebook: string;
  seconds: number;
  code_cells: number;
  executed: number;
  failures: { cell: number | null; status: string; code: string; error: string }[];
}

/** What scripts/nbrun.py prints for one notebook (one JSON line each). */
interface NbrunReport {
  notebook: string;
  seconds: number;
  cells: { index: number; status: string }[];
  errors: { cell: number; code: string; error: string }[];
}

/** The copy's scripts/nbrun.py: in the nearest folder above the notebook that has one (notebooks/ko/ → its repository). */
function runnerFor(notebook: string): string {
  for (let dir = path.dirname(notebook); ; dir = path.dirname(dir)) {
    const runner = path.join(dir, "scripts", "nbrun.py");
    if (fs.existsSync(runner)) return runner;
    if (path.dirname(dir) === dir) throw new Error(`runnerFor: no scripts/nbrun.py above ${notebook}`);
  }
}

/**
 * Runs notebooks with the image's nbclient, each in a fresh kernel whose working directory is the
 * notebook's folder, through the copy's own scripts/nbrun.py (the runner the project's tests use).
 * A failing cell is reported, not thrown.
 */
async function runNotebooks(python: string, notebooks: string[], env: NodeJS.ProcessEnv): Promise<NotebookReport[]> {
  const runner = runnerFor(notebooks[0]);
  const child = spawn(python, [runner, ...notebooks], {
    cwd: path.dirname(notebooks[0]),
    env,
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 900_000,
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const [code, signal] = (await once(child, "close")) as [number | null, NodeJS.Signals | null];
  const reports = stdout
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as NbrunReport);
  if (reports.length !== notebooks.length) {
    throw new Error(
      `runNotebooks: ${runner} reported ${reports.length} of ${notebooks.length} notebooks ` +
        `(exit ${code ?? signal}):\n${stderr.slice(-4000)}`,
    );
  }
  return reports.map((r) => ({
    notebook: r.notebook,
    seconds: r.seconds,
    code_cells: r.cells.length,
    executed: r.cells.filter((c) => c.status !== "not run").length,
    failures: r.errors.map((e) => ({ cell: e.cell, status: "error", code: e.code, error: e.error })),
  }));
}

/** One line per failing cell: notebook, cell, first code line, error. */
function describeFailures(reports: NotebookReport[]): string {
  return reports
    .flatMap((r) =>
      r.failures.map(
        (f) => `${path.basename(r.notebook)} cell ${f.cell} (${f.status}): ${f.code.split("\n")[0]}\n  ${f.error}`,
      ),
    )
    .join("\n");
}

describe("Binder: binder/ builds an image whose JupyterLab runs every lesson (repo2docker replayed without Docker)", () => {
  const keep = process.env.BACKPROP_KEEP_SANDBOX === "1";
  const timings: Record<string, number> = {};
  let sandbox = "";
  let repo = ""; // $REPO_DIR, and $HOME on Binder
  let prefix = ""; // the notebook environment, $NB_PYTHON_PREFIX
  let python = "";
  let env: NodeJS.ProcessEnv = {};
  let watched: string[] = [];
  let before_: Map<string, string> = new Map();
  let links: ClassroomLinks = { binder: [], nbgitpuller: [] };

  before(
    () => {
      const started = performance.now();
      // Found with this user's own set-up (pyenv shims need the real HOME), before anything is isolated.
      const realPython = run("python3", ["-c", "import sys; print(sys.executable)"], {
        cwd: ROOT,
        env: process.env,
      }).stdout.trim();
      const realPythonPrefix = run(realPython, ["-c", "import sys; print(sys.base_prefix)"], {
        cwd: ROOT,
        env: process.env,
      }).stdout.trim();
      const warmNpmCache = run("npm", ["config", "get", "cache"], { cwd: ROOT, env: process.env }).stdout.trim();
      watched = userAndSystemJupyterDirs(realPythonPrefix);
      before_ = snapshot(watched);
      links = classroomLinks(fs.readFileSync(path.join(ROOT, "docs", "classroom.md"), "utf8"));

      sandbox = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "bpl-binder-")));
      repo = path.join(sandbox, "home", "jovyan");
      prefix = path.join(sandbox, "srv", "conda", "envs", "notebook");
      python = path.join(prefix, "bin", "python");
      const npmCache = path.join(sandbox, "npm-cache");
      fs.mkdirSync(repo, { recursive: true });
      copyWorkingTree(ROOT, repo);
      // A copy, so that npm may write to it: the user's own cache stays untouched.
      if (fs.existsSync(warmNpmCache)) {
        fs.cpSync(warmNpmCache, npmCache, { recursive: true, filter: (src) => !src.includes(`${path.sep}_logs`) });
      }
      timings["copy repository and npm cache"] = (performance.now() - started) / 1000;

      env = imageEnv(repo, [path.join(prefix, "bin")], {
        REPO_DIR: repo,
        NB_PYTHON_PREFIX: prefix,
        KERNEL_PYTHON_PREFIX: prefix,
        npm_config_cache: npmCache,
        npm_config_prefer_offline: "true",
      });
      timings["python -m venv"] = run(realPython, ["-m", "venv", prefix], { cwd: repo, env }).seconds;
      // repo2docker's assemble step, word for word: ${KERNEL_PYTHON_PREFIX}/bin/pip install --no-cache-dir -r "binder/requirements.txt"
      timings["pip install -r binder/requirements.txt"] = run(
        path.join(prefix, "bin", "pip"),
        ["install", "--no-cache-dir", "-r", "binder/requirements.txt"],
        { cwd: repo, env },
      ).seconds;
      // Then, as the last step of the image: RUN chmod +x binder/postBuild && ./binder/postBuild
      fs.chmodSync(path.join(repo, "binder", "postBuild"), 0o755);
      timings["binder/postBuild"] = run("./binder/postBuild", [], { cwd: repo, env }).seconds;
    },
    { timeout: 20 * 60_000 },
  );

  after(() => {
    if (keep) console.log(`test/binder: sandbox kept in ${sandbox}`);
    else if (sandbox) fs.rmSync(sandbox, { recursive: true, force: true });
  });

  it("pip, run from the repository root, installs every pin of requirements.txt through binder/requirements.txt", (t) => {
    const pins = fs
      .readFileSync(path.join(ROOT, "requirements.txt"), "utf8")
      .split("\n")
      .map((line) => line.replace(/#.*/, "").trim())
      .filter(Boolean)
      .map((line) => line.split("=="));
    assert.ok(pins.length > 0, "requirements.txt: no pinned packages found");
    const script = "import sys, importlib.metadata as m; print('\\n'.join(m.version(n) for n in sys.argv[1:]))";
    const installed = run(python, ["-c", script, ...pins.map(([name]) => name)], { cwd: repo, env })
      .stdout.trim()
      .split("\n");
    assert.deepEqual(
      pins.map(([name], i) => `${name}==${installed[i]}`),
      pins.map(([name, version]) => `${name}==${version}`),
    );
    for (const [step, seconds] of Object.entries(timings)) t.diagnostic(`${step}: ${seconds.toFixed(1)} s`);
  });

  it("binder/runtime.txt asks for a Python version that every installed package supports", (t) => {
    const runtime = fs.readFileSync(path.join(repo, "binder", "runtime.txt"), "utf8").trim();
    const match = /^python-(\d+\.\d+)$/.exec(runtime);
    assert.ok(match, `binder/runtime.txt must be 'python-X.Y' (repo2docker reads nothing else), got "${runtime}"`);
    const report = JSON.parse(
      run(python, [path.join(HERE, "requires_python.py"), match[1]], { cwd: repo, env }).stdout,
    ) as { checked: number; unsupported: { name: string; requires_python: string }[] };
    assert.ok(report.checked > 20, `requires_python.py checked only ${report.checked} packages`);
    assert.deepEqual(report.unsupported, [], `packages that do not support Python ${match[1]}`);
    const tested = run(python, ["--version"], { cwd: repo, env }).stdout.trim();
    t.diagnostic(`Binder gets ${runtime}; this run used ${tested}`);
  });

  it("registers the backprop-lab kernel in the environment's own prefix, started by the copy's tslab (scripts/kernel.js) with Node 20+", () => {
    const { kernelspecs } = JSON.parse(
      run(path.join(prefix, "bin", "jupyter"), ["kernelspec", "list", "--json"], { cwd: repo, env }).stdout,
    ) as { kernelspecs: Record<string, { resource_dir: string; spec: { argv: string[]; display_name: string } }> };
    const kernel = kernelspecs[KERNEL];
    assert.ok(kernel, `no '${KERNEL}' kernel; the environment has: ${Object.keys(kernelspecs).join(", ")}`);
    assert.equal(
      fs.realpathSync(kernel.resource_dir),
      path.join(prefix, "share", "jupyter", "kernels", KERNEL),
      "the kernel must live in the environment JupyterLab runs from ($NB_PYTHON_PREFIX/share/jupyter/kernels)",
    );
    const [node, launcher, ...rest] = kernel.spec.argv;
    assert.equal(fs.realpathSync(launcher), fs.realpathSync(path.join(repo, "scripts", "kernel.js")));
    // postBuild's setup compiled src/ for fast kernel starts, inside the copy.
    const manifest = path.join(repo, "node_modules", ".cache", "backprop-lab", "src", "manifest.json");
    assert.equal(JSON.parse(fs.readFileSync(manifest, "utf8")).ok, true, "src/ compiled clean by setup");
    assert.deepEqual(rest, ["kernel", "--config-path", "{connection_file}"]);
    assert.ok(path.isAbsolute(node), `the kernel's node must be an absolute path, got ${node}`);
    const version = run(node, ["--version"], { cwd: repo, env }).stdout.trim();
    assert.ok(Number(/^v(\d+)\./.exec(version)?.[1]) >= 20, `the kernel's node is ${version}, tslab needs 20+`);
    assert.equal(kernel.spec.display_name, "TypeScript (backprop-lab)");
    // Nothing in the throw-away home's user-level Jupyter folder: the kernel is part of the image's environment.
    assert.equal(fs.existsSync(path.join(repo, ".local", "share", "jupyter", "kernels")), false);
  });

  it("JupyterLab from that environment offers the kernel, the Plotly renderer and the lesson the Binder links open", async () => {
    assert.ok(links.binder.length > 0, "docs/classroom.md has no mybinder.org link with a urlpath");
    const lab = await startLab(path.join(prefix, "bin", "jupyter"), repo, env);
    try {
      const get = async (route: string): Promise<Response> => {
        const response = await fetch(`${lab.url}/${route}`, { headers: { Authorization: `token ${lab.token}` } });
        assert.equal(response.status, 200, `GET /${route} answered ${response.status}\n${lab.output().slice(-2000)}`);
        return response;
      };
      const specs = (await (await get("api/kernelspecs")).json()) as { kernelspecs: Record<string, unknown> };
      assert.ok(KERNEL in specs.kernelspecs, `JupyterLab offers: ${Object.keys(specs.kernelspecs).join(", ")}`);
      // The file browser's notebooks/ folder holds the ko folder beside the English lessons, and in it the Korean ones.
      type Listing = { content: { name: string; type: string }[] };
      const listing = async (folder: string) =>
        ((await (await get(`api/contents/${folder}`)).json()) as Listing).content;
      const top = await listing("notebooks");
      assert.ok(
        top.some((e) => e.name === "ko" && e.type === "directory"),
        `notebooks/ has no ko folder: ${top.map((e) => e.name).join(", ")}`,
      );
      const ko = (await listing("notebooks/ko")).map((e) => e.name);
      const english = lessonsIn("en", path.join(repo, "notebooks")).map((f) => path.basename(f));
      assert.deepEqual(
        english.filter((n) => !top.some((e) => e.name === n) || !ko.includes(n)),
        [],
        `lessons JupyterLab does not list in both notebooks/ and notebooks/ko/ (ko/ lists ${ko.join(", ")})`,
      );
      for (const urlpath of links.binder) {
        assert.match(urlpath, /^\/?lab\/tree\//, `a Binder urlpath should open JupyterLab, got ${urlpath}`);
        const file = urlpath.replace(/^\/?lab\/tree\//, "");
        const model = (await (await get(`api/contents/${file}?content=1`)).json()) as {
          content: { metadata: { kernelspec?: { name?: string } } };
        };
        assert.equal(model.content.metadata.kernelspec?.name, KERNEL, `${file} must ask for the ${KERNEL} kernel`);
        const page = await (await get(urlpath.replace(/^\//, ""))).text();
        const config = /<script id="jupyter-config-data" type="application\/json">([\s\S]*?)<\/script>/.exec(page);
        assert.ok(config, `GET /${urlpath}: no jupyter-config-data in the page`);
        const extensions = (JSON.parse(config[1]) as { federated_extensions?: { name: string }[] })
          .federated_extensions;
        assert.ok(
          extensions?.some((e) => e.name === "jupyterlab-plotly"),
          `JupyterLab lacks the Plotly renderer; it has: ${extensions?.map((e) => e.name).join(", ")}`,
        );
      }
    } finally {
      await lab.stop();
    }
  });

  it("runs every lesson of both languages (notebooks/ and notebooks/ko/) top to bottom in a fresh kernel without an error", async (t) => {
    const folder = path.join(repo, "notebooks");
    const lessons = allLessons(folder);
    assert.ok(lessonsIn("en", folder).length > 0, `no notebooks/*.ipynb in the working tree (${ROOT})`);
    // Every lesson has its Korean twin in notebooks/ko/, with its own src link, and it runs there.
    assert.deepEqual(
      lessonsIn("ko", folder).map((f) => path.basename(f)),
      lessonsIn("en", folder).map((f) => path.basename(f)),
      "the image's notebooks/ko/ should hold a Korean twin of every English lesson",
    );
    assert.equal(fs.readlinkSync(path.join(folder, "ko", "src")), "../../src");
    // One runner per language, side by side: a kernel runs on one core, and CI has two (on a busy
    // 2-core machine, 49–56 s where the 18 lessons one after another took 67–91 s).
    const languages = [...new Set(lessons.map((l) => l.lang))];
    const groups = languages.map((lang) => lessons.filter((l) => l.lang === lang).map((l) => l.file));
    const reports = (await Promise.all(groups.map((group) => runNotebooks(python, group, env)))).flat();
    for (const r of reports) t.diagnostic(`${path.relative(folder, r.notebook)}: ${r.executed} cells, ${r.seconds} s`);
    assert.equal(describeFailures(reports), "");
    for (const r of reports) {
      assert.ok(r.code_cells > 0, `${r.notebook} has no code cells`);
      assert.equal(r.executed, r.code_cells, `${r.notebook}: only ${r.executed} of ${r.code_cells} cells ran`);
    }
  });

  it("on a JupyterHub, the lesson an nbgitpuller link opens in a student's own copy runs with the image's kernel once binder/start has linked ~/node_modules", async (t) => {
    assert.ok(links.nbgitpuller.length > 0, "docs/classroom.md has no nbgitpuller (git-pull) link");
    // The image keeps the lesson in $REPO_DIR (here the Binder copy); the student's home is elsewhere.
    const home = path.join(sandbox, "student-home");
    const studentEnv = imageEnv(home, [path.join(prefix, "bin")], { REPO_DIR: repo, NB_PYTHON_PREFIX: prefix });
    for (const { repo: remote, urlpath } of links.nbgitpuller) {
      const name = path.basename(new URL(remote).pathname).replace(/\.git$/, "");
      fs.rmSync(home, { recursive: true, force: true });
      copyWorkingTree(ROOT, path.join(home, name)); // what nbgitpuller's clone holds
      assert.match(urlpath, /^\/?lab\/tree\//, `an nbgitpuller urlpath should open JupyterLab, got ${urlpath}`);
      const first = path.join(home, urlpath.replace(/^\/?lab\/tree\//, ""));
      assert.ok(fs.existsSync(first), `the nbgitpuller link opens ${first}, which the clone does not have`);

      // Without the link the copy cannot find its npm packages: this is why binder/start exists.
      const without = await runNotebooks(python, [first], studentEnv);
      assert.match(describeFailures(without), /Cannot find module/);

      run("bash", [path.join(repo, "binder", "start"), "true"], { cwd: home, env: studentEnv });
      assert.equal(fs.readlinkSync(path.join(home, "node_modules")), path.join(repo, "node_modules"));
      // The lesson the link opens; the others import the same ./src, and run above from the image.
      const reports = await runNotebooks(python, [first], studentEnv);
      t.diagnostic(`${name}/${path.basename(first)} after binder/start: ${reports[0].seconds} s`);
      assert.equal(describeFailures(reports), "");
      assert.ok(reports[0].code_cells > 0 && reports[0].executed === reports[0].code_cells);
    }
  });

  it("binder/start leaves a Binder home alone and never blocks Jupyter", () => {
    const out = run("bash", [path.join(repo, "binder", "start"), "echo", "started"], { cwd: repo, env });
    assert.equal(out.stdout, "started\n");
    assert.equal(fs.existsSync(path.join(repo, "node_modules", "node_modules")), false);
    assert.equal(fs.lstatSync(path.join(repo, "node_modules")).isSymbolicLink(), false);
  });

  it("binder/postBuild stops with the Node version it found when Node is older than 20 outside repo2docker", () => {
    const bin = path.join(sandbox, "old-node-bin");
    fs.mkdirSync(bin, { recursive: true });
    fs.writeFileSync(
      path.join(bin, "node"),
      '#!/bin/sh\n[ "$1" = --version ] && echo v18.19.0 && exit 0\nexit 1\n', // `node -e <check>` fails
      { mode: 0o755 },
    );
    const oldEnv = imageEnv(repo, [bin, path.join(prefix, "bin")]);
    assert.throws(
      () => run("./binder/postBuild", [], { cwd: repo, env: oldEnv }),
      /Node\.js 20 or newer is needed, found v18\.19\.0, and NB_PYTHON_PREFIX is not set/,
    );
  });

  it("writes nothing to this user's or the machine's Jupyter folders: kernels and runtime files stay in the throw-away home", () => {
    assert.deepEqual(changes(before_, snapshot(watched)), []);
    // Positive evidence that the isolation held: the kernels and JupyterLab above wrote their
    // connection files under the throw-away home.
    const runtime = path.join(repo, ".local", "share", "jupyter", "runtime");
    assert.ok(fs.existsSync(runtime), `no Jupyter runtime folder in the throw-away home (${runtime})`);
  });
});
