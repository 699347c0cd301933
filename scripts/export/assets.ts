// Inlining for self-contained pages: scripts and style sheets go inside the HTML file, fonts become
// data: URIs, and a final check refuses any page that would still fetch something.

/**
 * JavaScript made safe inside an inline <script>: `</script` would end the element and `<!--`
 * could start HTML's "escaped" script state, so both get their `<` written as `\x3C`. Both can
 * only occur in strings, regular expressions, templates and comments, where `\x3C` still means `<`.
 */
export function escapeInlineScript(js: string): string {
  const escaped = js.replace(/<(\/script|!--)/gi, "\\x3C$1");
  if (/<\/script|<!--/i.test(escaped)) throw new Error("escapeInlineScript: could not escape the script");
  return escaped;
}

/** An inline <script> element holding `js`. */
export function scriptTag(js: string, attributes = ""): string {
  return `<script${attributes ? ` ${attributes}` : ""}>${escapeInlineScript(js)}</script>`;
}

/** An inline <style> element holding `css` (a `</style` inside it is escaped, as CSS allows). */
export function styleTag(css: string, attributes = ""): string {
  return `<style${attributes ? ` ${attributes}` : ""}>${css.replace(/<\/(style)/gi, "<\\/$1")}</style>`;
}

/** One top-level CSS block: `prelude { body }`. */
interface CssBlock {
  prelude: string;
  body: string;
}

/** Splits a style sheet into its top-level blocks (nested blocks such as @media stay in `body`). */
export function cssBlocks(css: string): CssBlock[] {
  const blocks: CssBlock[] = [];
  const text = css.replace(/\/\*[\s\S]*?\*\//g, "");
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf("{", i);
    const semicolon = text.indexOf(";", i);
    // A statement at-rule such as @import or @charset ends at its semicolon.
    const statement = semicolon !== -1 && (open === -1 || semicolon < open);
    if (statement && text.slice(start, semicolon).trim().startsWith("@")) {
      blocks.push({ prelude: text.slice(start, semicolon).trim(), body: "" });
      i = start = semicolon + 1;
      continue;
    }
    if (open === -1) break;
    let depth = 1;
    let j = open + 1;
    let quote = "";
    for (; j < text.length && depth > 0; j++) {
      const c = text[j];
      if (quote) {
        if (c === "\\") j++;
        else if (c === quote) quote = "";
      } else if (c === '"' || c === "'") quote = c;
      else if (c === "{") depth++;
      else if (c === "}") depth--;
    }
    if (depth !== 0) throw new SyntaxError(`cssBlocks: unclosed "{" after ${JSON.stringify(text.slice(start, open))}`);
    blocks.push({ prelude: text.slice(start, open).trim(), body: text.slice(open + 1, j - 1) });
    i = start = j;
  }
  return blocks;
}

function joinBlocks(blocks: readonly CssBlock[]): string {
  return blocks
    .map((b) => (b.body === "" && b.prelude.startsWith("@") ? `${b.prelude};` : `${b.prelude}{${b.body}}`))
    .join("");
}

/** The class names used in an HTML fragment (every `class="…"` attribute). */
export function htmlClasses(html: string): Set<string> {
  const classes = new Set<string>();
  for (const m of html.matchAll(/\bclass="([^"]*)"/g)) for (const c of m[1].split(/\s+/)) if (c) classes.add(c);
  return classes;
}

/**
 * KaTeX's style sheet for one page: only the @font-face rules of the fonts that the page's formulas
 * can use, each with its woff2 file inlined as a data: URI and the woff/ttf fallbacks dropped.
 * A KaTeX rule applies when the page's HTML has all the classes of one of its selectors; a face is
 * kept when such a rule names its family, and it is bold or italic only if such a rule asks for
 * that (for its family, or for any). `readFont` reads a file like `fonts/KaTeX_Main-Regular.woff2`.
 */
export function katexCss(css: string, html: string, readFont: (file: string) => Buffer): string {
  const used = htmlClasses(html);
  const blocks = cssBlocks(css);
  const families = new Set<string>();
  // Which families are asked for in italic or bold; "*" when a rule asks without naming a family.
  const italic = new Set<string>();
  const bold = new Set<string>();
  for (const b of blocks) {
    if (b.prelude.startsWith("@")) continue;
    const applies = b.prelude.split(",").some((selector) => {
      const classes = [...selector.matchAll(/\.([\w-]+)/g)].map((m) => m[1]);
      return classes.length > 0 && classes.every((c) => used.has(c));
    });
    if (!applies) continue;
    const named = [...b.body.matchAll(/KaTeX_\w+/g)].map((m) => m[0]);
    for (const f of named) families.add(f);
    const targets = named.length > 0 ? named : ["*"];
    if (/font-style:\s*italic/.test(b.body)) for (const f of targets) italic.add(f);
    if (/font-weight:\s*(700|bold)/.test(b.body)) for (const f of targets) bold.add(f);
  }
  const kept = blocks.flatMap((b): CssBlock[] => {
    if (b.prelude !== "@font-face") return [b];
    const family = /font-family:\s*["']?(KaTeX_\w+)/.exec(b.body)?.[1];
    if (!family) throw new Error(`katexCss: an @font-face without a KaTeX family: ${b.body.slice(0, 80)}`);
    const isItalic = /font-style:\s*italic/.test(b.body);
    const isBold = /font-weight:\s*(700|bold)/.test(b.body);
    const wanted =
      families.has(family) &&
      (!isItalic || italic.has(family) || italic.has("*")) &&
      (!isBold || bold.has(family) || bold.has("*"));
    if (!wanted) return [];
    const woff2 = /url\(["']?([^"')]+\.woff2)["']?\)/.exec(b.body)?.[1];
    if (!woff2) throw new Error(`katexCss: no woff2 file for ${family} in ${b.body.slice(0, 120)}`);
    const data = `url(data:font/woff2;base64,${readFont(woff2).toString("base64")}) format("woff2")`;
    return [{ prelude: b.prelude, body: b.body.replace(/src:[^;}]*/, `src:${data}`) }];
  });
  return joinBlocks(kept);
}

/**
 * A style sheet that fetches nothing: @import rules and @font-face rules go (the page falls back to
 * the system's fonts), and any other url() must already be a data: URI.
 */
export function offlineCss(css: string, name: string): string {
  const kept = cssBlocks(css).filter((b) => !b.prelude.startsWith("@import") && b.prelude !== "@font-face");
  const out = joinBlocks(kept);
  const remote = /url\(\s*(?!["']?data:)([^)]*)\)/.exec(out);
  if (remote) throw new Error(`offlineCss: ${name} still refers to ${remote[1]}`);
  return out;
}

/**
 * Throws unless the page fetches nothing: no external scripts, style sheets, images, frames or
 * media, no @import, and no url() that is not a data: URI. Links (<a href>) are fine.
 */
export function assertSelfContained(page: string, name: string): void {
  const problems: string[] = [];
  // Script bodies are code, not markup: a string in plotly.js that looks like a tag loads nothing.
  const html = page.replace(/(<script\b[^>]*>)[\s\S]*?<\/script>/gi, "$1</script>");
  for (const m of html.matchAll(
    /<(script|img|iframe|video|audio|source|embed|input|track)\b[^>]*?\ssrc\s*=\s*["']?([^"'\s>]*)/gi,
  )) {
    if (!m[2].startsWith("data:")) problems.push(`<${m[1]} src="${m[2]}">`);
  }
  for (const m of html.matchAll(/<link\b[^>]*>/gi)) problems.push(m[0]);
  for (const m of html.matchAll(/\ssrcset\s*=\s*["']([^"']*)/gi)) problems.push(`srcset="${m[1]}"`);
  const styles = [...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi), ...html.matchAll(/\sstyle="([^"]*)"/gi)];
  for (const m of styles) {
    const css = m[1].replace(/&quot;/g, '"');
    if (/@import/i.test(css)) problems.push("@import");
    for (const u of css.matchAll(/url\(\s*(?!["']?(?:data:|#))([^)]*)\)/gi)) problems.push(`url(${u[1]})`);
  }
  if (problems.length > 0) {
    throw new Error(`export: ${name} would load files from outside itself: ${problems.slice(0, 5).join(", ")}`);
  }
}
