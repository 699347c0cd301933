// Every figure builder, pinned: each one's output on fixed inputs (./cases.ts) is committed in
// test/figures/output/, in English and in Korean, so a refactor shows exactly what it changed in a
// chart. After a change you mean, update them with `npm run snapshots:update` and review the diff.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { LANGS } from "../../src/figures";
import { figureCases } from "./cases";

const OUTPUT = path.join(__dirname, "output");
const UPDATE = process.env.UPDATE_SNAPSHOTS === "1";

/** A figure as the committed text: JSON with one value per line, SVG as it is. */
function serialise(figure: unknown): string {
  return typeof figure === "string" ? figure : JSON.stringify(figure, null, 1) + "\n";
}

/** Where two JSON values first differ, as a path, and both values there; undefined when equal. */
function firstDifference(expected: unknown, actual: unknown, at = "$"): string | undefined {
  if (Object.is(expected, actual)) return undefined;
  const kind = (v: unknown) => (Array.isArray(v) ? "array" : v === null ? "null" : typeof v);
  if (kind(expected) !== kind(actual) || typeof expected !== "object" || expected === null) {
    return `${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
  }
  const e = expected as Record<string, unknown>;
  const a = actual as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(e), ...Object.keys(a)])];
  for (const key of keys) {
    const d = firstDifference(e[key], a[key], Array.isArray(expected) ? `${at}[${key}]` : `${at}.${key}`);
    if (d) return d;
  }
  return undefined;
}

/** The first differing line of two texts, with its number. */
function firstLineDifference(expected: string, actual: string): string {
  const e = expected.split("\n");
  const a = actual.split("\n");
  const i = e.findIndex((line, k) => line !== a[k]);
  const k = i < 0 ? e.length : i;
  return `line ${k + 1}: expected ${JSON.stringify(e[k])}, got ${JSON.stringify(a[k])}`;
}

describe("figure snapshots (test/figures/output/)", () => {
  const written = new Set<string>();
  for (const lang of LANGS) {
    const cases = figureCases(lang);
    for (const [name, figure] of Object.entries(cases)) {
      const file = `${name}.${lang}.${typeof figure === "string" ? "svg" : "json"}`;
      written.add(file);
      it(`${file} matches what ${name} builds`, () => {
        const text = serialise(figure);
        const committed = path.join(OUTPUT, file);
        if (UPDATE || !existsSync(committed)) {
          mkdirSync(OUTPUT, { recursive: true });
          writeFileSync(committed, text);
          if (!UPDATE) assert.fail(`${file} was missing and has been written: review it and commit it`);
          return;
        }
        const expected = readFileSync(committed, "utf8");
        if (expected === text) return;
        const where =
          typeof figure === "string"
            ? firstLineDifference(expected, text)
            : (firstDifference(JSON.parse(expected), figure) ?? firstLineDifference(expected, text));
        assert.fail(`${name} (${lang}) changed — ${where}. If you meant it: npm run snapshots:update`);
      });
    }
  }

  it("has no snapshot left over from a builder or case that is gone", () => {
    const stale = readdirSync(OUTPUT).filter((f) => !written.has(f));
    assert.deepEqual(stale, [], "remove these files: no case writes them any more");
  });
});
