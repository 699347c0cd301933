// scripts/setup.sh on a machine that lacks something: one line that says what to install, not a
// stack trace. Each case runs a copy of the script in a throw-away project, with a PATH that holds
// only the tools the case allows.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { ROOT } from "../helpers";

const TOOLS = ["bash", "dirname", "cat", "mktemp", "rm", "grep", "id"];

/** A throw-away project with scripts/setup.sh, and a bin/ folder with the given programs. */
function sandbox(programs: Record<string, string>): { root: string; bin: string } {
  const root = mkdtempSync(path.join(tmpdir(), "bpl-setup-"));
  mkdirSync(path.join(root, "scripts"));
  copyFileSync(path.join(ROOT, "scripts", "setup.sh"), path.join(root, "scripts", "setup.sh"));
  copyFileSync(path.join(ROOT, "requirements.txt"), path.join(root, "requirements.txt"));
  mkdirSync(path.join(root, "node_modules", "tslab", "bin"), { recursive: true });
  writeFileSync(path.join(root, "node_modules", "tslab", "bin", "tslab"), "");
  const bin = path.join(root, "bin");
  mkdirSync(bin);
  for (const tool of TOOLS) {
    const found = spawnSync("bash", ["-c", `command -v ${tool}`], { encoding: "utf8" }).stdout.trim();
    if (found) symlinkSync(found, path.join(bin, tool));
  }
  for (const [name, script] of Object.entries(programs)) {
    writeFileSync(path.join(bin, name), `#!${path.join(bin, "bash")}\n${script}\n`);
    chmodSync(path.join(bin, name), 0o755);
  }
  return { root, bin };
}

function setup(root: string, bin: string) {
  return spawnSync(path.join(bin, "bash"), [path.join(root, "scripts", "setup.sh")], {
    encoding: "utf8",
    env: { PATH: bin, HOME: root },
  });
}

const node = `exec ${process.execPath} "$@"`;

describe("scripts/setup.sh explains a missing prerequisite in one line", () => {
  it("no python3: says to install python3 and python3-venv", () => {
    const { root, bin } = sandbox({ node });
    const r = setup(root, bin);
    assert.equal(r.status, 1);
    assert.equal(
      r.stderr,
      "setup: Python 3.9 or newer is needed: install python3 (Debian/Ubuntu: sudo apt-get install python3 python3-venv).\n",
    );
  });

  it("python3 without venv: says to install venv, and leaves no half-made .venv behind", () => {
    // A python3 that answers the version check but cannot make a virtual environment.
    const python3 = `case "$*" in *venv*) echo "ensurepip is not available" >&2; exit 1 ;; *) exit 0 ;; esac`;
    const { root, bin } = sandbox({ node, python3 });
    const r = setup(root, bin);
    assert.equal(r.status, 1);
    assert.match(
      r.stderr,
      /^setup: python3 cannot create a virtual environment: install venv \(Debian\/Ubuntu: sudo apt-get install python3-venv\)\.\n$/,
    );
    assert.equal(spawnSync("test", ["-e", path.join(root, ".venv")]).status, 1);
  });

  it("an old Python: names the version it found", () => {
    const python3 = `case "$*" in --version) echo "Python 3.7.3" ;; *) exit 1 ;; esac`;
    const { root, bin } = sandbox({ node, python3 });
    const r = setup(root, bin);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^setup: Python 3\.9 or newer is needed, this is Python 3\.7\.3: upgrade python3\.\n$/);
  });

  it("no Node.js, or an old one: says which version is needed", () => {
    const none = sandbox({});
    assert.match(
      setup(none.root, none.bin).stderr,
      /^setup: Node\.js 20 or newer is needed: install it from https:\/\/nodejs\.org/,
    );
    const old = sandbox({ node: `case "$1" in --version) echo v18.19.0 ;; *) exit 1 ;; esac` });
    assert.match(
      setup(old.root, old.bin).stderr,
      /^setup: Node\.js 20 or newer is needed, this is v18\.19\.0: upgrade Node\.js\.\n$/,
    );
  });

  it("npm install not run yet: says to run it", () => {
    const { root, bin } = sandbox({ node });
    spawnSync("rm", ["-r", path.join(root, "node_modules")]);
    const r = setup(root, bin);
    assert.equal(r.stderr, "setup: the npm packages are missing: run 'npm install' first.\n");
  });
});
