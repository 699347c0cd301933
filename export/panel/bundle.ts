// Compiles the experiment panels — export/panel/main.ts and, through it, the lessons' own src/math
// and src/figures — into one minified browser script for the exported pages (esbuild, the bundler
// tsx already brings). The pages include it once, after plotly.js.
import { buildSync } from "esbuild";
import path from "node:path";

/** The panels' browser script, as JavaScript text. */
export function experimentBundle(): string {
  const result = buildSync({
    entryPoints: [path.join(__dirname, "main.ts")],
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2020",
    minify: true,
    write: false,
    legalComments: "none",
    // seedrandom asks Node for `crypto` only to autoseed, which the lessons never do (every seed is given).
    external: ["crypto"],
  });
  return result.outputFiles[0].text;
}

if (require.main === module) process.stdout.write(experimentBundle());
