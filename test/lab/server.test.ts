// The UI tests' JupyterLab: started from .venv on a free port, isolated from the user's Jupyter
// folders, and stopped without leaving a process behind.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readlinkSync, realpathSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import {
  copyNotebooks,
  freePort,
  JUPYTER,
  processesWithMarker,
  ROOT,
  startLab,
  type LabServer,
  type NotebookCopy,
} from "./server";

const FIXTURE = path.join(__dirname, "fixtures", "sample.ipynb");
const VENV = path.join(ROOT, ".venv");

/** Is `p` inside folder `dir` (or `dir` itself)? */
const inside = (p: string, dir: string) => p === dir || p.startsWith(dir + path.sep);

describe("a throw-away JupyterLab for the UI tests", { timeout: 180_000 }, () => {
  let blocker: net.Server;
  let blockedPort: number;
  let copy: NotebookCopy;
  let server: LabServer;

  before(async () => {
    blocker = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    blockedPort = (blocker.address() as net.AddressInfo).port;
    // The fixture twice, as the lessons are: at the top, and in ko/ as the Korean lessons are.
    copy = copyNotebooks([FIXTURE, { file: FIXTURE, as: "ko/sample.ipynb" }]);
    let calls = 0;
    // The first port offered is one we hold ourselves, as if another program took it first.
    server = await startLab({
      rootDir: copy.dir,
      pickPort: () => (calls++ === 0 ? Promise.resolve(blockedPort) : freePort()),
    });
  });

  after(async () => {
    await server?.stop();
    blocker?.close();
    copy?.remove();
  });

  test("a port already in use is skipped: JupyterLab starts on another free port", () => {
    assert.deepEqual(server.attempts, [blockedPort, server.port]);
    assert.notEqual(server.port, blockedPort);
    assert.ok(blocker.listening, "the program holding the first port keeps it");
    assert.match(server.log(), new RegExp(`127\\.0\\.0\\.1:${server.port}/`));
  });

  test("the REST API answers only with the random token", async () => {
    const anonymous = await fetch(new URL("api/contents", server.baseUrl));
    assert.equal(anonymous.status, 403);
    const wrong = await fetch(new URL("api/contents", server.baseUrl), { headers: { Authorization: "token nope" } });
    assert.equal(wrong.status, 403);
    assert.equal((await server.api("api/status")).status, 200);
    assert.ok(server.token.length >= 32, `the token should be long and random, got ${server.token.length} characters`);
  });

  test("it serves the throw-away copy of the notebooks, with src/ reachable as in the repo", async () => {
    const names = async (folder: string) => {
      const listing = (await (await server.api(`api/contents/${folder}`)).json()) as { content: { name: string }[] };
      return listing.content.map((c) => c.name).sort();
    };
    assert.deepEqual(copy.names, ["sample.ipynb", "ko/sample.ipynb"]);
    assert.deepEqual(await names(""), ["ko", "sample.ipynb", "src"]);
    assert.deepEqual(await names("ko"), ["sample.ipynb", "src"]);
    // The links the repo has: notebooks/src -> ../src, notebooks/ko/src -> ../../src.
    assert.equal(readlinkSync(path.join(server.rootDir, "src")), "../src");
    assert.equal(readlinkSync(path.join(server.rootDir, "ko", "src")), "../../src");
    assert.equal(readlinkSync(path.join(ROOT, "notebooks", "ko", "src")), "../../src");
    for (const folder of ["", "ko"]) {
      assert.equal(realpathSync(path.join(server.rootDir, folder, "src")), realpathSync(path.join(ROOT, "src")));
    }
    assert.ok(!inside(server.rootDir, ROOT), `the copy must live outside the repo, got ${server.rootDir}`);
    assert.throws(() => copyNotebooks([{ file: FIXTURE, as: "../outside.ipynb" }]), /must be a path inside the copy/);
  });

  test("the backprop-lab kernel is found in .venv via sys.prefix, and no Jupyter folder is the user's", async () => {
    const run = (...args: string[]) => execFileSync(JUPYTER, args, { env: server.env, encoding: "utf8" });
    const prefix = execFileSync(path.join(VENV, "bin", "python"), ["-c", "import sys; print(sys.prefix)"], {
      env: server.env,
      encoding: "utf8",
    }).trim();
    assert.equal(prefix, VENV);
    const specs = JSON.parse(run("kernelspec", "list", "--json")) as {
      kernelspecs: Record<string, { resource_dir: string }>;
    };
    assert.equal(
      specs.kernelspecs["backprop-lab"]?.resource_dir,
      path.join(VENV, "share", "jupyter", "kernels", "backprop-lab"),
    );
    const served = (await (await server.api("api/kernelspecs")).json()) as {
      kernelspecs: Record<string, { spec: { argv: string[] } }>;
    };
    assert.equal(served.kernelspecs["backprop-lab"]?.spec.argv[1], path.join(ROOT, "scripts", "kernel.js"));

    const paths = JSON.parse(run("--paths", "--json")) as Record<string, string[]>;
    const system = ["/usr/", "/etc/", "/opt/"];
    for (const [kind, list] of Object.entries(paths)) {
      for (const p of list) {
        const allowed = inside(p, server.scratch) || inside(p, VENV) || system.some((s) => p.startsWith(s));
        assert.ok(allowed, `jupyter --paths: the ${kind} path ${p} is neither throw-away, .venv, nor system-wide`);
      }
    }
    for (const kind of ["config", "data", "runtime"]) {
      assert.ok(
        paths[kind].some((p) => inside(p, server.scratch)),
        `jupyter --paths: the user ${kind} folder should be throw-away, got ${JSON.stringify(paths[kind])}`,
      );
    }
  });

  test("a kernel runs the project's tslab (scripts/kernel.js) with the notebook's folder as its working directory", async () => {
    for (const notebook of copy.names) {
      const res = await server.api("api/sessions", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ path: notebook, type: "notebook", name: "", kernel: { name: "backprop-lab" } }),
      });
      assert.equal(res.status, 201, await res.text());
    }
    const kernels = processesWithMarker(server.marker).filter((p) => p.command.includes("scripts/kernel.js kernel"));
    assert.equal(kernels.length, 2, `one tslab kernel process per notebook expected, got ${JSON.stringify(kernels)}`);
    const folders = kernels.map((k) => readlinkSync(`/proc/${k.pid}/cwd`)).sort();
    assert.deepEqual(folders, [server.rootDir, path.join(server.rootDir, "ko")]);
  });

  test("POST /api/shutdown stops JupyterLab and its kernel, leaving no process behind", async () => {
    const before = processesWithMarker(server.marker);
    assert.ok(before.length >= 2, `the server and a kernel should be running, got ${JSON.stringify(before)}`);
    const report = await server.stop();
    assert.equal(report.clean, true, `JupyterLab did not exit by itself; its log:\n${server.log().slice(-2000)}`);
    assert.equal(report.exitCode, 0);
    assert.deepEqual(report.strays, []);
    assert.deepEqual(processesWithMarker(server.marker), []);
    await assert.rejects(
      fetch(server.baseUrl, { signal: AbortSignal.timeout(5000) }),
      "nothing listens on the port any more",
    );
  });
});
