// What a saved notebook file holds, cell by cell, in the same shape the page snapshot reports
// (see ./jupyterlab.ts), so the test can say "the page shows exactly what was saved".
import { readFileSync } from "node:fs";
import { fingerprint, PLOTLY_MIME } from "../../src/display/html";

/** One chart: its title, how many traces it has, and a fingerprint of every trace's name, x and y. */
export interface ChartSummary {
  title: string;
  traces: number;
  dataHash: string;
}

/** A chart in a saved notebook; jupyterlab-plotly adds a PNG of each chart it drew to its output. */
export interface SavedChart extends ChartSummary {
  png: boolean;
}

/** One cell of a saved notebook. */
export interface SavedCell {
  type: string;
  source: string;
  executionCount: number | null;
  stdout: string;
  stderr: string;
  /** Tracebacks of outputs of type "error" (tslab writes its errors to stderr instead). */
  errors: string[];
  charts: SavedChart[];
  /** Cell metadata "trusted", as the server reports it (undefined in a file on disk). */
  trusted?: boolean;
}

interface RawOutput {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
  traceback?: string[];
}
interface RawCell {
  cell_type: string;
  source: string | string[];
  execution_count?: number | null;
  outputs?: RawOutput[];
  metadata?: { trusted?: boolean };
}

const text = (t: string | string[] | undefined) => (Array.isArray(t) ? t.join("") : (t ?? ""));

/**
 * The fingerprint the page computes for a drawn chart (see chartScript in ./jupyterlab.ts):
 * FNV-1a of the JSON of [name, x, y] of every trace.
 */
export function chartDataHash(data: readonly Record<string, unknown>[]): string {
  return fingerprint(JSON.stringify(data.map((t) => [t.name ?? null, t.x ?? null, t.y ?? null])));
}

/** A Plotly figure's title text, or "" when it has none. */
export function chartTitle(layout: Record<string, unknown> | undefined): string {
  const title = layout?.title as { text?: unknown } | string | undefined;
  const t = typeof title === "string" ? title : title?.text;
  return typeof t === "string" ? t : "";
}

/** Summarises a notebook's JSON (from a file or from the contents API) cell by cell. */
export function summariseNotebook(json: { cells: RawCell[] }): SavedCell[] {
  return json.cells.map((cell) => {
    const outputs = cell.outputs ?? [];
    const charts: SavedChart[] = [];
    for (const o of outputs) {
      const fig = o.data?.[PLOTLY_MIME] as
        { data: Record<string, unknown>[]; layout?: Record<string, unknown> } | undefined;
      if (!fig) continue;
      const png = typeof o.data?.["image/png"] === "string";
      charts.push({ title: chartTitle(fig.layout), traces: fig.data.length, dataHash: chartDataHash(fig.data), png });
    }
    const stream = (name: string) =>
      outputs
        .filter((o) => o.output_type === "stream" && o.name === name)
        .map((o) => text(o.text))
        .join("");
    return {
      type: cell.cell_type,
      source: text(cell.source),
      executionCount: cell.execution_count ?? null,
      stdout: stream("stdout"),
      stderr: stream("stderr"),
      errors: outputs
        .filter((o) => o.output_type === "error")
        .map((o) => `${o.ename}: ${o.evalue}\n${(o.traceback ?? []).join("\n")}`),
      charts,
      trusted: cell.metadata?.trusted,
    };
  });
}

/** Reads and summarises a notebook file. */
export function readNotebook(file: string): SavedCell[] {
  return summariseNotebook(JSON.parse(readFileSync(file, "utf8")) as { cells: RawCell[] });
}

/** Does a cell's code call show(...) (the chart display), outside comments? */
export function callsShow(source: string): boolean {
  return source.split("\n").some((line) => /(^|[^\w.$])show\s*\(/.test(line.replace(/\/\/.*$/, "")));
}

/** Does a cell's code call console.log(...), outside comments? */
export function callsConsoleLog(source: string): boolean {
  return source.split("\n").some((line) => /\bconsole\.log\s*\(/.test(line.replace(/\/\/.*$/, "")));
}
