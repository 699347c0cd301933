// Cuts a class, or some of its members, out of a source file's text, so that a notebook shows the
// code that actually runs — read from src/ when the cell runs — never a copy that can drift.
import { fail } from "../math/validate";

/** A piece of source: the code and the line numbers it spans (1-based, inclusive). */
export interface SourceExcerpt {
  code: string;
  firstLine: number;
  lastLine: number;
}

/**
 * The text of `export class|function|const <name>` in `text` (prettier-formatted TypeScript), with
 * its doc comment. Given `members`, only those members of a class are kept (fields and methods by
 * name, e.g. ["forward", "backward"]) and the rest is elided with "// …".
 */
export function extractSource(text: string, name: string, members?: readonly string[]): SourceExcerpt {
  const lines = text.split("\n");
  const start = lines.findIndex((l) =>
    new RegExp(`^export (?:class|function|const|interface|type) ${name}\\b`).test(l),
  );
  if (start < 0) fail("extractSource", "name must be a class, function or const exported from the file", name);
  let end = start;
  if (!lines[start].trimEnd().endsWith(";")) {
    while (end < lines.length && lines[end] !== "}") end++;
  }
  let first = start;
  while (first > 0 && /^(\/\*\*| \*)/.test(lines[first - 1])) first--;
  if (!members) return { code: lines.slice(first, end + 1).join("\n"), firstLine: first + 1, lastLine: end + 1 };

  // Members start at two spaces of indentation; a member with a body ends at the next "  }".
  const body = lines.slice(start + 1, end);
  const kept: string[] = [];
  const found = new Set<string>();
  let skipping = false;
  for (let i = 0; i < body.length; i++) {
    const match = /^ {2}(?:private |protected |public |readonly |static |override )*([A-Za-z_]\w*)\b/.exec(body[i]);
    if (match) {
      let stop = i;
      // A field ends its line with ; or , (before any comment); anything else opens a body ending at "  }".
      const code = body[i].replace(/\s*\/\/.*$/, "").trimEnd();
      if (!/[;,]$/.test(code)) while (stop < body.length && body[stop] !== "  }") stop++;
      let docStart = i;
      while (docStart > 0 && /^ {2}(\/\*\*| \*|\/\/)/.test(body[docStart - 1])) docStart--;
      if (members.includes(match[1])) {
        if (kept.length > 0) kept.push("");
        kept.push(...body.slice(docStart, stop + 1));
        found.add(match[1]);
        skipping = false;
      } else if (!skipping) {
        if (kept.length > 0) kept.push("");
        kept.push("  // …");
        skipping = true;
      }
      i = stop;
    }
  }
  const missing = members.filter((m) => !found.has(m));
  if (missing.length > 0) fail("extractSource", `members must be members of ${name}; not found`, missing.join(", "));
  const code = [...lines.slice(first, start + 1), ...kept, "}"].join("\n");
  return { code, firstLine: first + 1, lastLine: end + 1 };
}
