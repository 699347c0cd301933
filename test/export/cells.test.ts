// Each cell of a lesson page carries about its height (scripts/export/cells.ts), the place it holds
// while the browser leaves it unrendered (content-visibility in export/notebook.css).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { estimateCellHeight, withCellSizes } from "../../scripts/export/cells";

/** A code cell as nbconvert writes it: `lines` lines of code, and `output` after them. */
function codeCell(lines: number, output = ""): string {
  const code = Array.from({ length: lines }, (_, i) => `const x${i} = ${i};`).join("\n");
  return (
    `<div class="jp-Cell jp-CodeCell jp-Notebook-cell" id="cell-id=a">` +
    `<div class="jp-Cell-inputWrapper"><div class="highlight"><pre><span></span>${code}\n</pre></div></div>` +
    `<div class="jp-Cell-outputWrapper">${output}</div></div>\n`
  );
}

/** A Markdown cell with a heading and `paragraphs` paragraphs of about 300 characters. */
function markdownCell(paragraphs: number): string {
  const p = `<p>${"Backpropagation, step by step. ".repeat(10)}</p>`;
  return (
    // nbconvert writes the id first.
    `<div id="cell-id=b" class="jp-Cell jp-MarkdownCell jp-Notebook-cell">` +
    `<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown"><h2 id="x">A heading</h2>${p.repeat(paragraphs)}</div></div>\n`
  );
}

const chart =
  '<div class="bpl-figure" id="c1" role="img" style="width:800px;height:450px;max-width:100%"><p class="bpl-figure-wait">Chart “loss”</p></div>' +
  '<script type="application/json" id="c1-spec">{"data":[],"layout":{}}</script>';

describe("estimateCellHeight: about how tall a cell will be", () => {
  test("a line of code is 18.5 px, and more code is taller", () => {
    const ten = estimateCellHeight(codeCell(10));
    const twenty = estimateCellHeight(codeCell(20));
    assert.ok(Math.abs(twenty - ten - 10 * 18.5) < 1, `${ten} → ${twenty}`);
  });

  test("a chart adds its own height, whatever its figure data holds", () => {
    const plain = estimateCellHeight(codeCell(3));
    assert.equal(estimateCellHeight(codeCell(3, chart)), plain + 450);
  });

  test("an SVG image as wide as the column or wider is scaled down to it", () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="1808" height="400"></svg>').toString(
      "base64",
    );
    const plain = estimateCellHeight(codeCell(1));
    assert.equal(estimateCellHeight(codeCell(1, `<img alt="g" src="data:image/svg+xml;base64,${svg}">`)), plain + 200);
  });

  test("prose grows with its text: a paragraph of 300 characters is about three lines", () => {
    const one = estimateCellHeight(markdownCell(1));
    const three = estimateCellHeight(markdownCell(3));
    const perParagraph = (three - one) / 2;
    assert.ok(perParagraph > 60 && perParagraph < 110, `${perParagraph} px a paragraph`);
  });
});

describe("withCellSizes: each cell holds a place of about its height", () => {
  const page = `<html><head><script>var s = '<div class="jp-Cell x">';</script></head><body><main>\n${markdownCell(2)}${codeCell(5, chart)}<nav>end</nav></main></body></html>`;

  test("writes contain-intrinsic-size on every cell's opening tag, and changes nothing else", () => {
    const sized = withCellSizes(page);
    const sizes = [
      ...sized.matchAll(/<div [^>]*class="jp-Cell [^"]*"[^>]*style="contain-intrinsic-size: auto (\d+)px">/g),
    ];
    assert.equal(sizes.length, 2);
    assert.equal(Number(sizes[1][1]), estimateCellHeight(codeCell(5, chart) + "<nav>end</nav>"));
    assert.equal(sized.replace(/ style="contain-intrinsic-size: auto \d+px"/g, ""), page);
  });

  test("leaves script text, a page without cells and a cell that has a style of its own alone", () => {
    assert.match(withCellSizes(page), /var s = '<div class="jp-Cell x">';/);
    assert.equal(withCellSizes("<main><p>no cells</p></main>"), "<main><p>no cells</p></main>");
    const styled = '<main><div class="jp-Cell jp-CodeCell" style="color:red"><pre>x</pre></div></main>';
    assert.equal(withCellSizes(styled), styled);
  });
});
