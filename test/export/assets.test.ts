// Inlining for the exported pages: scripts that cannot break out of <script>, KaTeX's fonts as
// data: URIs (only the ones a page uses), and the check that a page fetches nothing.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import vm from "node:vm";
import { JSDOM } from "jsdom";
import {
  assertSelfContained,
  cssBlocks,
  escapeInlineScript,
  htmlClasses,
  katexCss,
  offlineCss,
  scriptTag,
  styleTag,
} from "../../scripts/export/assets";
import { renderMath } from "../../scripts/export/math";

const PLOTLY = require.resolve("plotly.js-dist-min/plotly.min.js");
const KATEX_DIR = path.dirname(require.resolve("katex/dist/katex.min.css"));
const KATEX_CSS = readFileSync(path.join(KATEX_DIR, "katex.min.css"), "utf8");
const readFont = (file: string) => readFileSync(path.join(KATEX_DIR, file));

describe("escapeInlineScript: JavaScript inside <script>", () => {
  const tricky = [
    'var a = "</script><!-- x";',
    "var b = '</SCRIPT>';",
    "var c = `<!--${a}-->`;",
    "var d = /<\\/script>/u.test('</script>');",
    "var e = /<!--/.test('a <!-- b');",
    "// a comment with </script> in it",
    "var f = [a, b, c, d, e];",
  ].join("\n");

  test("leaves no `</script` or `<!--`, in any letter case", () => {
    const escaped = escapeInlineScript(tricky);
    assert.doesNotMatch(escaped, /<\/script|<!--/i);
  });

  test("does not change what the code computes", () => {
    const run = (code: string) => vm.runInNewContext(`${code}; JSON.stringify(f)`) as string;
    assert.equal(run(escapeInlineScript(tricky)), run(tricky));
    assert.equal(run(tricky), JSON.stringify(["</script><!-- x", "</SCRIPT>", "<!--</script><!-- x-->", true, true]));
  });

  test("an HTML parser keeps the whole script in one element", () => {
    const dom = new JSDOM(`<!DOCTYPE html><body>${scriptTag(tricky)}<p id="after">after</p></body>`);
    const scripts = dom.window.document.querySelectorAll("script");
    assert.equal(scripts.length, 1);
    assert.equal(scripts[0].textContent, escapeInlineScript(tricky));
    assert.ok(dom.window.document.getElementById("after"));
  });

  test("plotly.min.js stays valid JavaScript with its one `<!--` escaped", () => {
    const plotly = readFileSync(PLOTLY, "utf8");
    const escaped = escapeInlineScript(plotly);
    assert.equal((plotly.match(/<!--/g) ?? []).length, 1);
    assert.equal(escaped.length, plotly.length + 3);
    assert.doesNotThrow(() => new vm.Script(escaped, { filename: "plotly.min.js" }));
  });

  test("styleTag keeps a `</style` in CSS from closing the element", () => {
    const dom = new JSDOM(`<head>${styleTag('a::after { content: "</style>"; }')}</head><p id="p"></p>`);
    assert.equal(dom.window.document.querySelectorAll("style").length, 1);
    assert.match(dom.window.document.querySelector("style")!.textContent!, /content: "<\\\/style>"/);
  });
});

describe("cssBlocks", () => {
  test("splits top-level rules, keeps @media whole, and skips braces in strings and comments", () => {
    const css = '/* { */ a{b:c} @media print{x{y:z}} q::after{content:"}"} @import "x.css";';
    assert.deepEqual(cssBlocks(css), [
      { prelude: "a", body: "b:c" },
      { prelude: "@media print", body: "x{y:z}" },
      { prelude: "q::after", body: 'content:"}"' },
      { prelude: '@import "x.css"', body: "" },
    ]);
  });

  test("throws on an unclosed block", () => {
    assert.throws(() => cssBlocks("a{b:c"), /cssBlocks: unclosed "\{" after "a"/);
  });
});

describe("katexCss: KaTeX's style sheet, fonts inlined", () => {
  const fontFaces = (css: string) =>
    [...css.matchAll(/@font-face\{[^}]*font-family:(\w+);font-style:(\w+);font-weight:(\d+)/g)].map(
      (m) => `${m[1]} ${m[2]} ${m[3]}`,
    );
  const facesFor = (tex: string) =>
    fontFaces(katexCss(KATEX_CSS, renderMath({ tex, display: false }), readFont)).sort();

  test("inlines only the faces the page's formulas use", () => {
    assert.deepEqual(facesFor("x + 1"), ["KaTeX_Main normal 400", "KaTeX_Math italic 400"]);
    assert.deepEqual(facesFor("\\Bigl( \\mathbb{R} \\Bigr)"), [
      "KaTeX_AMS normal 400",
      "KaTeX_Main normal 400",
      "KaTeX_Size2 normal 400",
    ]);
  });

  test("adds bold and italic faces only where a formula asks for them", () => {
    assert.deepEqual(facesFor("\\mathbf{w}"), ["KaTeX_Main normal 400", "KaTeX_Main normal 700"]);
    const boldSymbol = facesFor("\\boldsymbol{x}");
    assert.ok(boldSymbol.includes("KaTeX_Math italic 700"));
    assert.ok(!boldSymbol.includes("KaTeX_Main normal 700"));
    assert.ok(facesFor("\\textit{\\textbf{a}}").includes("KaTeX_Main italic 700"));
  });

  test("every font is its woff2 file as a data: URI; woff and ttf are gone", () => {
    const css = katexCss(KATEX_CSS, renderMath({ tex: "x", display: false }), readFont);
    assert.doesNotMatch(css, /\.woff\)|\.ttf|url\(fonts\//);
    const main =
      /font-family:KaTeX_Main;font-style:normal;font-weight:400;src:url\(data:font\/woff2;base64,([^)]+)\)/.exec(css);
    assert.ok(main, "KaTeX_Main regular is inlined");
    assert.deepEqual(Buffer.from(main[1], "base64"), readFont("fonts/KaTeX_Main-Regular.woff2"));
  });

  test("keeps all of KaTeX's other rules", () => {
    const css = katexCss(KATEX_CSS, "", readFont);
    assert.equal(fontFaces(css).length, 0);
    assert.equal(cssBlocks(css).length, cssBlocks(KATEX_CSS).filter((b) => b.prelude !== "@font-face").length);
  });

  test("htmlClasses lists every class used", () => {
    assert.deepEqual([...htmlClasses('<a class="x  y"><b class="y z">')].sort(), ["x", "y", "z"]);
  });
});

describe("offlineCss", () => {
  test("drops @import and @font-face, keeps data: URIs", () => {
    const css =
      '@import "https://fonts.example/x.css";@font-face{font-family:F;src:url(f.woff)}a{background:url(data:image/gif;base64,AA)}';
    assert.equal(offlineCss(css, "theme.css"), "a{background:url(data:image/gif;base64,AA)}");
  });

  test("throws when a rule still points at a file", () => {
    assert.throws(
      () => offlineCss("a{background:url(img/x.png)}", "theme.css"),
      /theme.css still refers to img\/x.png/,
    );
  });
});

describe("assertSelfContained: a page that fetches nothing", () => {
  const ok = [
    "<!DOCTYPE html><html><head><style>a{background:url(data:image/png;base64,AA)} b{clip-path:url(#c)}</style>",
    '<script>var s = "<script src=https://cdn.example/x.js></script>";</script></head>',
    '<body><a href="https://example.com/">a link is fine</a><img src="data:image/png;base64,AA"></body></html>',
  ].join("");

  test("accepts inline scripts, styles, data: images and plain links", () => {
    assert.doesNotThrow(() => assertSelfContained(ok, "page"));
  });

  for (const [what, bad] of [
    ["an external script", '<script src="https://cdn.example/require.js"></script>'],
    ["a style sheet link", '<link rel="stylesheet" href="reveal.css">'],
    ["an image file", '<img src="figure.png">'],
    ["a url() in a <style>", "<style>@font-face{src:url(fonts/x.woff2)}</style>"],
    ["an @import", '<style>@import "x.css";</style>'],
    ["a url() in a style attribute", '<div style="background:url(&quot;x.png&quot;)"></div>'],
  ]) {
    test(`rejects ${what}`, () => {
      assert.throws(
        () => assertSelfContained(ok + bad, "lesson.html"),
        /export: lesson.html would load files from outside itself/,
      );
    });
  }
});
