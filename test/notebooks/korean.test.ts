// The Korean edition (notebooks/ko/) against the English lessons: every lesson in both languages,
// and each Korean lesson's code equal to its English twin's but for string literals and comments.
import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import { lessonsIn } from "../../scripts/lessons";
import { readNotebook } from "./run";
import { codeSkeleton, stringLiterals } from "./twins";

const english = lessonsIn("en");
const korean = lessonsIn("ko");
const code = (file: string) =>
  readNotebook(file)
    .cells.filter((c) => c.cell_type === "code")
    .map((c) => c.source.join(""));
const HANGUL = /[\uac00-\ud7a3]/;

describe("the Korean edition (notebooks/ko/)", () => {
  it("has a twin for every English lesson, and no lesson in one language only", () => {
    assert.deepEqual(
      korean.map((f) => path.basename(f)),
      english.map((f) => path.basename(f)),
    );
  });

  it("the drift check itself: strings and comments may differ, anything else may not", () => {
    const en =
      'show(datasetFigure(data, { title: "The data", lang: "en" })); // a chart\nconsole.log(`w = ${w.toFixed(3)}`);';
    const ko =
      '// 차트\nshow(datasetFigure(data, { title: "데이터", lang: "ko" }));\nconsole.log(`w는 ${w.toFixed(3)}입니다`);';
    assert.equal(codeSkeleton(ko), codeSkeleton(en));
    assert.notEqual(codeSkeleton(en.replace("toFixed(3)", "toFixed(4)")), codeSkeleton(en));
    assert.notEqual(codeSkeleton(en.replace("data,", "dataset,")), codeSkeleton(en));
    assert.notEqual(codeSkeleton(`${en}\nconst extra = 1;`), codeSkeleton(en));
  });

  for (const ko of korean) {
    const name = path.basename(ko);
    const en = english.find((f) => path.basename(f) === name);
    it(`ko/${name}: the same code cells as ${name}, but for string literals and comments`, () => {
      assert.ok(en, `no English twin for ko/${name}`);
      const [enCells, koCells] = [code(en), code(ko)];
      assert.equal(koCells.length, enCells.length, "the same number of code cells");
      koCells.forEach((cell, i) =>
        assert.equal(codeSkeleton(cell), codeSkeleton(enCells[i]), `code cell ${i + 1} differs`),
      );
    });

    it(`ko/${name} speaks Korean: its headings, its prose, and its charts' lang`, () => {
      const nb = readNotebook(ko);
      const markdown = nb.cells.filter((c) => c.cell_type === "markdown").map((c) => c.source.join(""));
      assert.match(markdown[0], /^# \d+ · .*[\uac00-\ud7a3]/, "a Korean title");
      const korean = markdown.filter((m) => HANGUL.test(m)).length;
      assert.ok(korean >= markdown.length - 1, `${markdown.length - korean} Markdown cells without Korean`);
      const literals = code(ko).flatMap(stringLiterals);
      assert.ok(!literals.includes("en"), 'no lang: "en" left in a Korean lesson');
      const english = code(en!).flatMap(stringLiterals);
      assert.equal(
        literals.filter((s) => s === "ko").length,
        english.filter((s) => s === "en").length,
        'every lang: "en" is lang: "ko"',
      );
    });
  }
});
