// Compiles the page's script (export/page/main.ts: runtime.ts and packing.ts's unpacker) into one
// small minified browser script with esbuild, as export/panel/bundle.ts does for the panels.
import { buildSync } from "esbuild";
import path from "node:path";

let cached: string | undefined;

/** The page's script, as JavaScript text (about 3 kB). */
export function pageScript(): string {
  cached ??= buildSync({
    entryPoints: [path.join(__dirname, "main.ts")],
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2020",
    minify: true,
    write: false,
    legalComments: "none",
  }).outputFiles[0].text;
  return cached;
}

if (require.main === module) process.stdout.write(pageScript());
