// The text/html side of every output: escaping, reproducible ids, one chart per container.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  FIGURE_CLASS,
  PLOTLY_MIME,
  escapeHtml,
  figureBundle,
  figureHtml,
  fingerprint,
  formatNumber,
  jsonForScript,
  tableHtml,
  tableText,
} from "../../src/display/html";
import type { Figure } from "../../src/figures";

const evil: Figure = {
  data: [{ type: "scatter", x: [1], y: [2], name: "</script><script>alert(1)</script>" }],
  layout: { title: { text: `<img src=x onerror="alert('t')"> & co` }, width: 800, height: 400 },
};

describe("escaping", () => {
  it("escapeHtml neutralises tags, quotes and ampersands", () => {
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });

  it("jsonForScript never lets `</script>`, `<!--` or U+2028 out, and still parses to the same value", () => {
    const value = { s: "</script><!-- \u2028 & >" };
    const json = jsonForScript(value);
    assert.doesNotMatch(json, /<|>|&|\u2028/);
    assert.deepEqual(JSON.parse(json), value);
  });
});

describe("figureHtml", () => {
  const html = figureHtml(evil, "bpl-test-1");

  it("holds exactly one script-safe copy of the figure, and no raw user text", () => {
    assert.equal(html.match(/<\/script>/g)?.length, 2, "only the two script elements close");
    assert.doesNotMatch(html, /<img/);
    assert.match(html, /&lt;img src=x onerror=&quot;alert\(&#39;t&#39;\)&quot;&gt; &amp; co/);
    const spec = /<script type="application\/json" id="bpl-test-1-spec">(.*?)<\/script>/s.exec(html)![1];
    assert.deepEqual(JSON.parse(spec).data, evil.data);
  });

  it("never includes plotly.js itself: the page brings it once", () => {
    assert.doesNotMatch(html, /<script[^>]+src=/);
    assert.ok(html.length < 2000);
  });

  it("draws with the page's Plotly, or queues until Plotly arrives, and draws only once", () => {
    assert.match(html, new RegExp(`class="${FIGURE_CLASS}"`));
    assert.match(html, /window\.backpropLabPending/);
    assert.match(html, /data-drawn/);
  });

  it("rejects ids that could break out of the attribute", () => {
    assert.throws(() => figureHtml(evil, 'x" onload="y'), /figureHtml: id must be letters, digits, - or _/);
  });
});

describe("figureBundle", () => {
  it("sends Plotly's MIME type with data and layout, the HTML fallback, and plain text", () => {
    const bundle = figureBundle(evil, "bpl-a-1");
    assert.deepEqual(Object.keys(bundle), [PLOTLY_MIME, "text/html", "text/plain"]);
    assert.deepEqual(bundle[PLOTLY_MIME], { data: evil.data, layout: evil.layout });
    assert.match(String(bundle["text/plain"]), /^<Plotly chart ".*": 1 trace>$/);
  });

  it("fingerprint is stable and tells different texts apart", () => {
    assert.equal(fingerprint("abc"), fingerprint("abc"));
    assert.notEqual(fingerprint("abc"), fingerprint("abd"));
    assert.match(fingerprint(""), /^[0-9a-f]{8}$/);
  });
});

describe("tables", () => {
  it("formats numbers to 6 significant digits, tiny and huge ones in exponent form", () => {
    const inputs = [1, 0.1234567, 1e-9, 2.5e7, 325500000.5, -0.5];
    assert.deepEqual(inputs.map(formatNumber), ["1", "0.123457", "1.000e-9", "25000000", "3.255e+8", "-0.5"]);
  });

  it("escapes cell text and right-aligns numbers", () => {
    const html = tableHtml(["name", "value"], [["<b>", 0.5]]);
    assert.match(html, /<td>&lt;b&gt;<\/td><td style="text-align:right;font-family:monospace">0.5<\/td>/);
    assert.equal(tableText(["a", "bb"], [[1, 22.5]]), "a    bb\n1  22.5");
  });
});
