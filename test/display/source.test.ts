// Notebooks show class code cut from src/ at run time; the cutting must be exact.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { extractSource } from "../../src/display/source";
import { ROOT } from "../helpers";

const layers = readFileSync(path.join(ROOT, "src", "math", "layers.ts"), "utf8");

describe("extractSource", () => {
  it("cuts a whole class, doc comment included, exactly as it stands in the file", () => {
    const { code, firstLine, lastLine } = extractSource(layers, "Sigmoid");
    const lines = layers.split("\n").slice(firstLine - 1, lastLine);
    assert.equal(code, lines.join("\n"));
    assert.match(code, /^\/\*\* a = σ\(z\)/);
    assert.match(code, /\n}$/);
  });

  it("keeps only the members asked for, each verbatim, and marks the rest with // …", () => {
    const { code } = extractSource(layers, "LinearFunction", ["backward"]);
    const whole = extractSource(layers, "LinearFunction").code;
    const backward = /\n( {2}backward\(.*?\n {2}\})/s.exec(whole)![1];
    assert.ok(code.includes(backward));
    assert.match(code, /\/\/ …/);
    assert.doesNotMatch(code, /forward\(x: number\)/);
  });

  it("keeps a field whose line ends in a comment as one line, not as the start of a body", () => {
    const text = "export class A {\n  w = NaN; // set later\n  b = 1;\n  f(): number {\n    return 1;\n  }\n}\n";
    assert.equal(
      extractSource(text, "A", ["w", "f"]).code,
      "export class A {\n  w = NaN; // set later\n\n  // …\n\n  f(): number {\n    return 1;\n  }\n}",
    );
  });

  it("finds exported functions too", () => {
    assert.match(extractSource(layers, "sigmoidSlope").code, /^\/\*\*[\s\S]*export function sigmoidSlope[\s\S]*\n}$/);
  });

  it("names a missing class or member instead of showing nothing", () => {
    assert.throws(() => extractSource(layers, "Tanh"), /extractSource: name must be .*, got "Tanh"/);
    assert.throws(() => extractSource(layers, "Sigmoid", ["forwards"]), /not found, got "forwards"/);
  });
});
