// About how tall each cell of a lesson page will be. A long page renders only the cells near the
// screen (content-visibility: auto in export/notebook.css); every other cell holds a place of the
// height written here, so the page is as long as it will be: the scroll bar, the contents' links and
// a jump to a heading land where the text really is, and at first the browser lays out only the
// cells that really are near the screen. A cell that has been on screen keeps its real height.
//
// The sizes are the page's (export/notebook.css) in a 1280-px window: code at 13 px in lines of
// 18.5 px, prose at 15 px in lines of 24 px, about 95 characters a line beside the prompts. Measured
// on every lesson of both languages: half the cells within ±9 %, nine in ten within −22 %…+14 %,
// each page's length within 11 % (Hangul fills a line with fewer characters).

/** The column beside the prompts, where outputs and prose are, in CSS pixels. */
const COLUMN = 904;
/** A cell's own padding (4 px above and below). */
const CELL_PADDING = 8;
/** One line of code or of a program's printed output. */
const CODE_LINE = 18.5;
/** One line of prose, and how many characters fill it. */
const PROSE_LINE = 24;
const PROSE_CHARS = 95;
/** The space around each paragraph, list item or heading, and a heading's own extra height. */
const BLOCK_GAP = 14;
const HEADING = 34;
/** A displayed formula (KaTeX's katex-display). */
const DISPLAY_MATH = 62;
/** A table row's padding, and one line of its longest cell (about 45 characters). */
const ROW = 13;
const ROW_LINE = 20;
const ROW_CHARS = 45;
/** An experiment panel, controls and chart (export/panel). */
const PANEL = 620;

/** The visible text of some HTML: no tags, no KaTeX MathML twin, entities as one character. */
function visibleText(html: string): string {
  return html
    .replace(/<span class="katex-mathml">[\s\S]*?<\/math><\/span>/g, "")
    .replace(/<[^>]+>/g, "")
    .replace(/&[#\w]+;/g, "x")
    .trim();
}

/** The height an `<img>` of an SVG data URI takes: its own width and height, scaled down to the column. */
function svgImageHeight(base64: string): number {
  const start = base64.slice(0, 400);
  const head = Buffer.from(start.slice(0, start.length - (start.length % 4)), "base64").toString("latin1");
  const width = Number(/\swidth="(\d+(?:\.\d+)?)"/.exec(head)?.[1] ?? 0);
  const height = Number(/\sheight="(\d+(?:\.\d+)?)"/.exec(head)?.[1] ?? 0);
  return width > COLUMN ? (height * COLUMN) / width : height;
}

/** About how tall one cell's HTML will be on the page, in CSS pixels. */
export function estimateCellHeight(cell: string): number {
  // Not the figure data, nor a chart's name that its drawing replaces.
  const html = cell
    .replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, "")
    .replace(/<p class="bpl-figure-wait">[\s\S]*?<\/p>/g, "");
  const sum = (matches: Iterable<RegExpMatchArray>, size: (m: RegExpMatchArray) => number) =>
    [...matches].reduce((total, m) => total + size(m), 0);
  // What has a size of its own: charts (their container's height), inline SVG, SVG images, panels.
  const charts = sum(html.matchAll(/class="bpl-figure"[^>]*\sstyle="[^"]*height:(\d+)px/g), (m) => Number(m[1]));
  const svgs = sum(html.matchAll(/<svg\b[^>]*\sheight="(\d+(?:\.\d+)?)"/g), (m) => Number(m[1]));
  const images = sum(html.matchAll(/<img\b[^>]*\ssrc="data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)/g), (m) =>
    svgImageHeight(m[1]),
  );
  const panels = (html.match(/class="bpl-experiment"/g) ?? []).length * PANEL;
  // Code, and what a program printed: one line each.
  const codeLines = sum(html.matchAll(/<pre\b[^>]*>([\s\S]*?)<\/pre>/g), (m) => m[1].split("\n").length);
  // Tables: each row as tall as its longest cell.
  const rows = [...html.matchAll(/<tr\b[\s\S]*?<\/tr>/g)].map((m) => m[0]);
  const rowLines = rows.reduce((total, row) => {
    const cells = [...row.matchAll(/<t[dh]\b[^>]*>([\s\S]*?)<\/t[dh]>/g)];
    return total + Math.max(0, ...cells.map((c) => Math.ceil(visibleText(c[1]).length / ROW_CHARS)));
  }, 0);
  // Prose: what is left outside code, tables and displayed formulas.
  const displays = (html.match(/class="katex-display"/g) ?? []).length;
  const prose = html
    .replace(/<pre\b[\s\S]*?<\/pre>/g, "")
    .replace(/<table\b[\s\S]*?<\/table>/g, "")
    .replace(/<span class="katex-display">[\s\S]*?<\/span><\/span><\/span>/g, "");
  const blocks = (prose.match(/<(?:p|li|h[1-6])\b/g) ?? []).length;
  const headings = (prose.match(/<h[1-3]\b/g) ?? []).length;
  const proseLines = visibleText(prose).length / PROSE_CHARS;
  return Math.round(
    CELL_PADDING +
      charts +
      svgs +
      images +
      panels +
      codeLines * CODE_LINE +
      rows.length * ROW +
      rowLines * ROW_LINE +
      displays * DISPLAY_MATH +
      blocks * BLOCK_GAP +
      headings * HEADING +
      proseLines * PROSE_LINE,
  );
}

/** The opening tag of a notebook cell (not of its parts: "jp-Cell-inputWrapper"), its id before or after. */
const CELL_TAG = /<div\b[^>]*\sclass="jp-Cell [^"]*"[^>]*>/g;

/**
 * A page with each cell's estimated height on its opening tag, as the size its place holds until
 * it is rendered: `style="contain-intrinsic-size: auto 412px"`. Cells run from one cell's tag to
 * the next, the last one to the end of <main>.
 */
export function withCellSizes(page: string): string {
  // Script text never holds "<" here (data is packed or JSON with "<" escaped), but mask it anyway.
  const masked = page.replace(
    /(<script\b[^>]*>)([\s\S]*?)(<\/script>)/gi,
    (_, open: string, body: string, close: string) => open + " ".repeat(body.length) + close,
  );
  const end = masked.lastIndexOf("</main>");
  const tags = [...masked.matchAll(CELL_TAG)].filter((m) => end === -1 || m.index! < end);
  if (tags.length === 0) return page;
  const out: string[] = [];
  let at = 0;
  tags.forEach((m, k) => {
    const start = m.index!;
    const stop = k + 1 < tags.length ? tags[k + 1].index! : end === -1 ? page.length : end;
    const height = estimateCellHeight(page.slice(start, stop));
    const tag = m[0].includes(" style=")
      ? m[0]
      : m[0].replace(/>$/, ` style="contain-intrinsic-size: auto ${height}px">`);
    out.push(page.slice(at, start), tag);
    at = start + m[0].length;
  });
  out.push(page.slice(at));
  return out.join("");
}
