// LaTeX in the lessons' Markdown, rendered with KaTeX when the page is exported, so the pages need
// neither MathJax nor a CDN nor any script to show math. nbconvert renders the Markdown; to keep
// Markdown from reading `_` and `*` inside formulas as emphasis, each formula is first swapped for
// a placeholder word, and the placeholders become KaTeX HTML in nbconvert's output.
import katex from "katex";
import { escapeHtml } from "../../src/display/html";

/** One formula: its TeX, and whether it is display math (own line, centred) or inline. */
export interface MathSpan {
  tex: string;
  display: boolean;
}

/** A fenced code block's [start, end) character range: nothing inside is math. */
type Range = [number, number];

/**
 * Calls `replace` for every formula in `markdown` and puts its return value in the formula's place.
 * The delimiters are the ones JupyterLab and nbconvert read: `$…$`, `$$…$$`, `\\(…\\)`, `\\[…\\]`
 * (written with two backslashes in Markdown) and `\begin{env}…\end{env}`. Code spans, fenced code
 * blocks and escaped dollars (`\$`) are left as they are.
 */
export function replaceMath(markdown: string, replace: (math: MathSpan) => string): string {
  const text = String(markdown);
  const fences = fencedCodeRanges(text);
  let out = "";
  let i = 0;
  let fence = 0;
  while (i < text.length) {
    while (fence < fences.length && fences[fence][1] <= i) fence++;
    if (fence < fences.length && fences[fence][0] <= i) {
      out += text.slice(i, fences[fence][1]);
      i = fences[fence][1];
      continue;
    }
    const nextFence = fence < fences.length ? fences[fence][0] : text.length;
    const found = mathAt(text, i, nextFence);
    if (found) {
      out += replace(found.math);
      i = found.end;
      continue;
    }
    const literal = literalAt(text, i);
    out += text.slice(i, literal);
    i = literal;
  }
  return out;
}

/** The formulas of `markdown` in order, as replaceMath finds them. */
export function findMath(markdown: string): MathSpan[] {
  const spans: MathSpan[] = [];
  replaceMath(markdown, (m) => (spans.push(m), ""));
  return spans;
}

/** The end of the text at `i` that is not math: a code span, an escape, or one character. */
function literalAt(text: string, i: number): number {
  if (text[i] === "\\") return Math.min(i + 2, text.length);
  if (text[i] === "`") {
    const run = runLength(text, i, "`");
    // A code span ends at the next run of exactly as many backticks; without one, the run is text.
    for (let j = text.indexOf("`", i + run); j !== -1; j = text.indexOf("`", j + runLength(text, j, "`"))) {
      if (runLength(text, j, "`") === run) return j + run;
    }
    return i + run;
  }
  return i + 1;
}

function runLength(text: string, i: number, char: string): number {
  let j = i;
  while (text[j] === char) j++;
  return j - i;
}

/** The formula that starts at `i`, if one does and it closes before `limit` (the next code fence). */
function mathAt(text: string, i: number, limit: number): { math: MathSpan; end: number } | undefined {
  const pair = (open: string, close: string, display: boolean, blankLineEnds: boolean) => {
    if (!text.startsWith(open, i)) return undefined;
    const close_ = findClose(text, i + open.length, close, blankLineEnds);
    if (close_ === -1 || close_ + close.length > limit) return undefined;
    const tex = text.slice(i + open.length, close_);
    if (tex.trim() === "") return undefined;
    return { math: { tex, display }, end: close_ + close.length };
  };
  const c = text[i];
  if (c === "\\") {
    if (text.startsWith("\\\\(", i)) return pair("\\\\(", "\\\\)", false, true);
    if (text.startsWith("\\\\[", i)) return pair("\\\\[", "\\\\]", true, false);
    const env = /^\\begin\{([a-zA-Z]+\*?)\}/.exec(text.slice(i, i + 40));
    if (env) {
      const endTag = `\\end{${env[1]}}`;
      const end = text.indexOf(endTag, i + env[0].length);
      if (end === -1 || end + endTag.length > limit) return undefined;
      return { math: { tex: text.slice(i, end + endTag.length), display: true }, end: end + endTag.length };
    }
    return undefined;
  }
  if (c === "$") {
    if (text[i + 1] === "$") return pair("$$", "$$", true, false);
    return pair("$", "$", false, true);
  }
  return undefined;
}

/**
 * The index of `close` after `from`, skipping TeX escapes such as `\$`; -1 when there is none
 * (or, for inline math, when a blank line ends the paragraph first).
 */
function findClose(text: string, from: number, close: string, blankLineEnds: boolean): number {
  for (let j = from; j < text.length; j++) {
    if (text.startsWith(close, j)) return j;
    if (text[j] === "\\") j++;
    else if (blankLineEnds && text[j] === "\n" && /^\n[ \t]*(\n|$)/.test(text.slice(j, j + 80))) return -1;
  }
  return -1;
}

/** The character ranges of fenced code blocks (``` or ~~~), up to their closing fence or the end. */
export function fencedCodeRanges(text: string): Range[] {
  const ranges: Range[] = [];
  let open: { char: string; length: number; start: number } | undefined;
  let lineStart = 0;
  while (lineStart <= text.length) {
    const newline = text.indexOf("\n", lineStart);
    const lineEnd = newline === -1 ? text.length : newline + 1;
    const line = text.slice(lineStart, lineEnd).replace(/\r?\n$/, "");
    const fence = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    if (!open) {
      // An opening backtick fence cannot have backticks in its info string (CommonMark).
      if (fence && !(fence[1][0] === "`" && fence[2].includes("`"))) {
        open = { char: fence[1][0], length: fence[1].length, start: lineStart };
      }
    } else if (fence && fence[1][0] === open.char && fence[1].length >= open.length && fence[2].trim() === "") {
      ranges.push([open.start, lineEnd]);
      open = undefined;
    }
    if (newline === -1) break;
    lineStart = lineEnd;
  }
  if (open) ranges.push([open.start, text.length]);
  return ranges;
}

/**
 * Renders one formula to KaTeX HTML (with MathML for screen readers). On TeX it cannot read it
 * throws, or with `throwOnError` false shows the TeX in red with KaTeX's message as its tooltip.
 */
export function renderMath(
  math: MathSpan,
  macros: Record<string, string> = {},
  warnings: string[] = [],
  throwOnError = true,
): string {
  return katex.renderToString(math.tex, {
    displayMode: math.display,
    throwOnError,
    output: "htmlAndMathml",
    // One macro table per notebook, as MathJax shares \newcommand across a Jupyter page.
    macros,
    globalGroup: true,
    strict: (code: string, message: string) => {
      warnings.push(`${code}: ${message}`);
      return "ignore";
    },
  });
}

/** Placeholders look like `BPLMATH<nonce>I<index>E`: letters and digits only, so Markdown keeps them. */
export function mathPlaceholder(nonce: string, index: number): string {
  if (!/^[a-z0-9]+$/.test(nonce)) throw new RangeError(`mathPlaceholder: nonce must be [a-z0-9]+, got "${nonce}"`);
  return `BPLMATH${nonce}I${index}E`;
}

/**
 * Puts `rendered[i]` where placeholder i stands in `html`. A placeholder inside a tag (a heading's
 * id, say) gets the formula's TeX as plain text instead. Throws if a placeholder is unknown.
 */
export function restoreMath(html: string, nonce: string, spans: readonly MathSpan[], rendered: readonly string[]) {
  const pattern = new RegExp(`BPLMATH${nonce}I(\\d+)E`, "g");
  return html.replace(pattern, (whole, index: string, offset: number) => {
    const k = Number(index);
    if (k >= spans.length) throw new RangeError(`restoreMath: placeholder ${whole} has no formula`);
    const insideTag = html.lastIndexOf("<", offset) > html.lastIndexOf(">", offset);
    if (insideTag) return escapeHtml(spans[k].tex.trim().replace(/\s+/g, "-"));
    return rendered[k];
  });
}

/** The plain text of a formula for titles: its TeX without delimiters. */
export function mathAsText(markdown: string): string {
  return replaceMath(markdown, (m) => m.tex.trim());
}
