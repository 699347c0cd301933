// The rooms of src/ and the direction of their imports (notebooks → lessons → display → figures →
// math) are a rule that fails the build, not a drawing: eslint refuses an import that points back.
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { ESLint } from "eslint";
import { ROOT } from "../helpers";

const eslint = new ESLint({ cwd: ROOT });

/** The messages of no-restricted-imports for `code` as if it were the file `file` of the project. */
async function restricted(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return result.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

describe("src/ is four rooms, and imports point one way", () => {
  it("has exactly the rooms math, figures, display, lessons beside the barrel index.ts", () => {
    const entries = readdirSync(path.join(ROOT, "src"), { withFileTypes: true });
    assert.deepEqual(
      entries
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort(),
      ["display", "figures", "lessons", "math"],
    );
    assert.deepEqual(
      entries.filter((e) => e.isFile()).map((e) => e.name),
      ["index.ts"],
    );
  });

  const forbidden: [string, string][] = [
    ["src/math/x.ts", 'import { datasetFigure } from "../figures";'],
    ["src/math/x.ts", 'import { show } from "../display";'],
    ["src/math/x.ts", 'import { checkBackward } from "../lessons/exercises";'],
    ["src/math/x.ts", 'import { readFileSync } from "node:fs";'],
    ["src/math/x.ts", 'import * as tslab from "tslab";'],
    ["src/figures/x.ts", 'import { show } from "../display/index";'],
    ["src/figures/x.ts", 'import { readFileSync } from "fs";'],
    ["src/display/x.ts", 'import { BUGS } from "../lessons";'],
    ["src/lessons/x.ts", 'import { writeFileSync } from "node:fs";'],
  ];
  for (const [file, code] of forbidden) {
    it(`lint refuses in ${file}: ${code}`, async () => {
      const messages = await restricted(file, `${code}\nexport const unused = 1;\n`);
      assert.equal(messages.length, 1, `expected one refusal, got ${JSON.stringify(messages)}`);
      assert.match(messages[0], /imports point notebooks → lessons → display → figures → math/);
    });
  }

  const allowed: [string, string][] = [
    ["src/figures/x.ts", 'import { train } from "../math/train";'],
    ["src/display/x.ts", 'import type { Figure } from "../figures/style";'],
    ["src/lessons/x.ts", 'import { show } from "../display";'],
  ];
  for (const [file, code] of allowed) {
    it(`lint allows in ${file}: ${code}`, async () => {
      assert.deepEqual(await restricted(file, `${code}\nexport const unused = 1;\n`), []);
    });
  }

  it("the project's own src/ passes these rules", async () => {
    const results = await eslint.lintFiles(["src"]);
    const broken = results.flatMap((r) => r.messages.filter((m) => m.ruleId === "no-restricted-imports"));
    assert.deepEqual(broken, []);
  });
});
