// The export's math: which text is a formula (as JupyterLab and nbconvert read Markdown), how
// formulas become KaTeX HTML, and how they go back into nbconvert's page.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  fencedCodeRanges,
  findMath,
  mathAsText,
  mathPlaceholder,
  renderMath,
  replaceMath,
  restoreMath,
} from "../../scripts/export/math";

describe("findMath: the formulas in Markdown", () => {
  test("finds inline $…$ and display $$…$$ in order", () => {
    assert.deepEqual(findMath("a $x^2$ b\n\n$$\ny = \\frac{1}{2}\n$$\nc"), [
      { tex: "x^2", display: false },
      { tex: "\ny = \\frac{1}{2}\n", display: true },
    ]);
  });

  test("reads Jupyter's doubled-backslash delimiters \\\\( \\\\) and \\\\[ \\\\]", () => {
    assert.deepEqual(findMath("inline \\\\(z = wx\\\\) and \\\\[ \\partial z \\\\]"), [
      { tex: "z = wx", display: false },
      { tex: " \\partial z ", display: true },
    ]);
  });

  test("takes a \\begin{env}…\\end{env} block whole, as display math", () => {
    const env = "\\begin{align}\na &= b \\\\\nc &= d\n\\end{align}";
    assert.deepEqual(findMath(`before\n\n${env}\n\nafter`), [{ tex: env, display: true }]);
  });

  test("leaves escaped dollars, code spans and fenced code blocks alone", () => {
    const md = [
      "It costs \\$5 and `${name}` or ``a $b$ c`` stay code.",
      "```typescript",
      "const s = `${w}$ and $${b}`;",
      "```",
      "~~~",
      "$not math$",
      "~~~",
    ].join("\n");
    assert.deepEqual(findMath(md), []);
    assert.equal(
      replaceMath(md, () => "X"),
      md,
    );
  });

  test("keeps TeX's own escaped dollar inside a formula", () => {
    assert.deepEqual(findMath("price $\\$5 + x$ here"), [{ tex: "\\$5 + x", display: false }]);
  });

  test("a lone dollar, or inline math cut by a blank line, is plain text", () => {
    assert.deepEqual(findMath("one $ dollar"), []);
    assert.deepEqual(findMath("$a\n\nb$"), []);
    assert.deepEqual(findMath("$ $"), []);
    assert.deepEqual(findMath("$$ $$"), []);
  });

  test("display math may span lines and blank lines, inline math may span lines", () => {
    assert.deepEqual(findMath("$a +\nb$"), [{ tex: "a +\nb", display: false }]);
    assert.deepEqual(findMath("$$a\n\nb$$"), [{ tex: "a\n\nb", display: true }]);
  });

  test("a formula never reaches into a fenced code block", () => {
    assert.deepEqual(findMath("$a\n```\nb$\n```"), []);
  });

  test("an unclosed backtick run is text, so math after it is still found", () => {
    assert.deepEqual(findMath("a ` b $x$"), [{ tex: "x", display: false }]);
  });

  test("replaceMath puts the replacement exactly where each formula was", () => {
    let n = 0;
    assert.equal(
      replaceMath("A $x$, B $$y$$ C", () => `[${n++}]`),
      "A [0], B [1] C",
    );
  });
});

describe("fencedCodeRanges", () => {
  test("spans from the opening fence to the closing one of the same kind and length", () => {
    const md = "a\n````\n```\nstill code\n````\nb";
    const [[start, end]] = fencedCodeRanges(md);
    assert.equal(md.slice(start, end), "````\n```\nstill code\n````\n");
  });

  test("an unclosed fence runs to the end of the text", () => {
    assert.deepEqual(fencedCodeRanges("a\n```\ncode"), [[2, 10]]);
  });
});

describe("renderMath: KaTeX HTML", () => {
  test("renders inline and display formulas with KaTeX's classes and MathML", () => {
    const inline = renderMath({ tex: "\\hat y", display: false });
    assert.match(inline, /^<span class="katex">/);
    assert.match(inline, /<math/);
    assert.match(renderMath({ tex: "x", display: true }), /^<span class="katex-display">/);
  });

  test("throws KaTeX's message for TeX it cannot read", () => {
    assert.throws(() => renderMath({ tex: "\\frac{1}{", display: false }), /KaTeX parse error/);
    assert.throws(() => renderMath({ tex: "\\notACommand", display: false }), /notACommand/);
  });

  test("a \\newcommand in one formula works in the next (one macro table per notebook)", () => {
    const macros: Record<string, string> = {};
    renderMath({ tex: "\\newcommand{\\loss}{\\mathcal{L}}", display: false }, macros);
    assert.match(renderMath({ tex: "\\loss", display: false }, macros), /mathcal/);
  });

  test("collects KaTeX's strict-mode warnings instead of printing them", () => {
    const warnings: string[] = [];
    renderMath({ tex: "é", display: false }, {}, warnings);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /unicodeTextInMathMode|unknownSymbol/);
  });
});

describe("placeholders", () => {
  test("are letters and digits only, so Markdown passes them through", () => {
    assert.match(mathPlaceholder("ab12", 7), /^[A-Za-z0-9]+$/);
    assert.throws(() => mathPlaceholder("a_b", 0), /nonce must be \[a-z0-9\]\+, got "a_b"/);
  });

  test("restoreMath puts the rendered formula in text and the TeX in attributes", () => {
    const p0 = mathPlaceholder("n1", 0);
    const p1 = mathPlaceholder("n1", 1);
    const html = `<h2 id="Loss-${p0}">Loss ${p0}</h2><p>${p1}</p>`;
    const spans = [
      { tex: "L(\\hat y)", display: false },
      { tex: "a<b", display: true },
    ];
    assert.equal(
      restoreMath(html, "n1", spans, ["<K0>", "<K1>"]),
      '<h2 id="Loss-L(\\hat-y)">Loss <K0></h2><p><K1></p>',
    );
    assert.equal(restoreMath(`<a title="${p1}">`, "n1", spans, ["", ""]), '<a title="a&lt;b">');
  });

  test("restoreMath throws for a placeholder with no formula", () => {
    assert.throws(() => restoreMath(mathPlaceholder("n1", 3), "n1", [], []), /placeholder BPLMATHn1I3E has no formula/);
  });

  test("mathAsText keeps a formula's TeX for plain-text titles", () => {
    assert.equal(mathAsText("The loss $L$ and $$\\hat y$$"), "The loss L and \\hat y");
  });
});
