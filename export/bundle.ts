// The two browser scripts of the exported pages, each compiled with esbuild (the bundler tsx already
// brings) into one minified script, once per process:
//   pageScript()        export/page/main.ts — unpacks plotly.js, draws each chart as it comes into view
//   experimentBundle()  export/panel/main.ts — the experiment panels, with the lessons' own src/math
//                       and src/figures compiled for the browser
// The pages include each once.
import { buildSync } from "esbuild";
import path from "node:path";

const cache = new Map<string, string>();

/** `entry` and everything it imports, as one minified browser script (JavaScript text). */
function browserScript(entry: string, external: string[] = []): string {
  let code = cache.get(entry);
  if (code === undefined) {
    code = buildSync({
      entryPoints: [path.join(__dirname, entry)],
      bundle: true,
      format: "iife",
      platform: "browser",
      target: "es2020",
      minify: true,
      write: false,
      legalComments: "none",
      external,
    }).outputFiles[0].text;
    cache.set(entry, code);
  }
  return code;
}

/** The page's script, as JavaScript text. */
export function pageScript(): string {
  return browserScript("page/main.ts");
}

/** The panels' browser script, as JavaScript text. */
export function experimentBundle(): string {
  // seedrandom asks Node for `crypto` only to autoseed, which the lessons never do (every seed is given).
  return browserScript("panel/main.ts", ["crypto"]);
}

if (require.main === module) process.stdout.write(process.argv[2] === "panel" ? experimentBundle() : pageScript());
