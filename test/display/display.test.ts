// display.ts is the only kernel glue: it hands MIME bundles to tslab's internal display writer.
import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { createRequire } from "node:module";
import { show, showSource, showSvg, showTable } from "../../src/display";
import { datasetFigure } from "../../src/figures";
import { PLOTLY_MIME } from "../../src/display/html";
import { blogFixture } from "../helpers";

type Message = { data: Record<string, unknown>; metadata: object; transient: object };
// The module object itself (a namespace import would be a read-only view of it).
const hook = createRequire(__filename)("tslab/dist/jupyter") as {
  lastWriteDisplayData: ((m: Message, update: boolean) => void) | null;
};

function capture(): Message[] {
  const sent: Message[] = [];
  hook.lastWriteDisplayData = (m, update) => {
    assert.equal(update, false);
    sent.push(m);
  };
  return sent;
}

describe("display", () => {
  afterEach(() => {
    hook.lastWriteDisplayData = null;
  });

  it("tslab still has the internal hook we rely on (lastWriteDisplayData, null outside a cell)", () => {
    assert.ok("lastWriteDisplayData" in hook);
    assert.equal(hook.lastWriteDisplayData, null);
  });

  it("show() sends ONE message with Plotly's MIME type, the HTML fallback and plain text", () => {
    const sent = capture();
    show(datasetFigure(blogFixture(), "Data"));
    assert.equal(sent.length, 1);
    assert.deepEqual(Object.keys(sent[0].data), [PLOTLY_MIME, "text/html", "text/plain"]);
  });

  it("gives every chart of a session its own element id", () => {
    const sent = capture();
    const fig = datasetFigure(blogFixture());
    show(fig);
    show(fig);
    const ids = sent.map((m) => /id="([^"]+)"/.exec(String(m.data["text/html"]))![1]);
    assert.notEqual(ids[0], ids[1]);
  });

  it("explains itself when there is no notebook cell to show into", () => {
    assert.throws(() => show(datasetFigure(blogFixture())), /display: there is no Jupyter cell to show this in/);
  });

  it("rejects something that is not a figure, naming it", () => {
    capture();
    assert.throws(() => show({ data: "x" } as never), /show: figure must be \{ data: \[...\], layout: \{...\} \}/);
  });

  it("showSource sends TypeScript code from src/ as Markdown, with where it came from", () => {
    const sent = capture();
    showSource("math/layers.ts", "Sigmoid", ["backward"]);
    const md = String(sent[0].data["text/markdown"]);
    assert.match(
      md,
      /^```typescript\n[\s\S]*backward\(dlossDa: number\)[\s\S]*```\n<small>src\/math\/layers\.ts:\d+–\d+<\/small>$/,
    );
    assert.throws(() => showSource("../package.json", "x"), /showSource: file must be a file in src\//);
  });

  it("showTable sends HTML and aligned text, and checks the row width", () => {
    const sent = capture();
    showTable(["a", "b"], [[1, 2]]);
    assert.deepEqual(Object.keys(sent[0].data), ["text/html", "text/plain"]);
    assert.throws(() => showTable(["a", "b"], [[1]]), /showTable: rows\[0\] must be an array of 2 cells/);
  });

  it("showSvg sends the SVG, the same picture as a Markdown image (safe when untrusted), and text", () => {
    const sent = capture();
    showSvg('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>', 'a "tiny" square');
    assert.deepEqual(Object.keys(sent[0].data), ["image/svg+xml", "text/markdown", "text/plain"]);
    const md = String(sent[0].data["text/markdown"]);
    const b64 = /src="data:image\/svg\+xml;base64,([^"]+)"/.exec(md)![1];
    assert.equal(Buffer.from(b64, "base64").toString("utf8"), sent[0].data["image/svg+xml"]);
    assert.match(md, /alt="a &quot;tiny&quot; square"/);
    assert.throws(() => showSvg("<div></div>"), /showSvg: svg must be SVG markup/);
  });
});
