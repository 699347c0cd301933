// The two steps of an offline page (scripts/export/offline.ts) as a command for nbconvert: the
// preprocessor and the template of export/python/backprop_lab_export.py run it with the project's
// Node and tsx, once before nbconvert renders the notebook and once after.
//
//   node --import tsx scripts/export/nbconvert.ts prepare   stdin {notebook, target, name, strict, lang?}
//                                                            stdout {notebook, state}
//   node --import tsx scripts/export/nbconvert.ts finish    stdin {state, html, nav?, links?}
//                                                            stdout the finished page
//
// Warnings go to stderr, one a line; a failure exits with status 1 and its message on stderr.
import { readFileSync } from "node:fs";
import { parseNotebook } from "./notebook";
import { finishPage, loadAssets, preparePage, type PageState, type Target } from "./offline";

interface PrepareRequest {
  notebook: unknown;
  target: Target;
  name: string;
  strict?: boolean;
  /** "en" or "ko"; when not given, the notebook's text tells. */
  lang?: string;
}

interface FinishRequest {
  state: PageState;
  html: string;
  nav?: string;
  links?: Record<string, string>;
}

function prepare(request: PrepareRequest): string {
  const { target, name } = request;
  if (target !== "html" && target !== "slides") throw new Error(`export: target must be html or slides, got ${target}`);
  const nb = parseNotebook(JSON.stringify(request.notebook), name);
  const lang = request.lang;
  if (lang !== undefined && lang !== "en" && lang !== "ko")
    throw new Error(`export: lang must be en or ko, got ${lang}`);
  const prepared = preparePage(nb, { target, name, strict: request.strict === true, ...(lang ? { lang } : {}) });
  return JSON.stringify({ notebook: prepared.nb, state: prepared.state });
}

function finish(request: FinishRequest): string {
  return finishPage(request.state, request.html, loadAssets([request.state.target]), {
    nav: request.nav ?? "",
    links: request.links ?? {},
  });
}

function main(argv: readonly string[]): void {
  const command = argv[0];
  if (argv.length !== 1 || (command !== "prepare" && command !== "finish")) {
    console.error("usage: node --import tsx scripts/export/nbconvert.ts prepare|finish < request.json");
    process.exitCode = 2;
    return;
  }
  try {
    const request = JSON.parse(readFileSync(0, "utf8")) as PrepareRequest & FinishRequest;
    process.stdout.write(command === "prepare" ? prepare(request) : finish(request));
  } catch (e) {
    console.error((e as Error).message);
    process.exitCode = 1;
  }
}

if (require.main === module) main(process.argv.slice(2));
