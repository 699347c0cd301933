// The benchmark's one output: rows of a markdown table plus notes, and the small helpers that
// format numbers for it. Targets are reported (PASS/MISS), never asserted.

/** PASS/MISS for a target, "info" for context rows, "not measured" when a part could not run. */
export type Status = "PASS" | "MISS" | "info" | "not measured" | "error";

/** One line of the results table. */
export interface Row {
  part: string;
  measurement: string;
  value: string;
  baseline: string;
  ratio: string;
  target: string;
  status: Status;
}

/** What one part of the benchmark (training, notebooks, charts, export) hands back. */
export interface PartResult {
  rows: Row[];
  notes: string[];
  /** Failures that did not stop the part (e.g. one notebook that would not execute): npm run bench exits 1. */
  errors?: string[];
}

/** A row; the empty cells are shown as "–". */
export function row(part: string, measurement: string, cells: Partial<Omit<Row, "part" | "measurement">>): Row {
  return {
    part,
    measurement,
    value: cells.value ?? "–",
    baseline: cells.baseline ?? "–",
    ratio: cells.ratio ?? "–",
    target: cells.target ?? "–",
    status: cells.status ?? "info",
  };
}

/** PASS when `ok`, else MISS. */
export function verdict(ok: boolean): Status {
  return ok ? "PASS" : "MISS";
}

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError("median: values must not be empty");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** 3 significant digits with thousands separators for big numbers: 12 300 000 → "12.3 M". */
export function fmtCount(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const units: [number, string][] = [
    [1e9, " G"],
    [1e6, " M"],
    [1e3, " k"],
  ];
  for (const [size, unit] of units) if (Math.abs(v) >= size) return `${(v / size).toPrecision(3)}${unit}`;
  return v.toPrecision(3);
}

/** Milliseconds as "123 ms" or "4.56 s". */
export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  return ms >= 1000 ? `${(ms / 1000).toPrecision(3)} s` : `${ms.toPrecision(3)} ms`;
}

/** Bytes in decimal units: 4 834 409 → "4.83 MB". */
export function fmtBytes(bytes: number): string {
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(2)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(1)} kB`;
  return `${bytes} B`;
}

/** A ratio as "174×" or "0.66×". */
export function fmtRatio(r: number): string {
  if (!Number.isFinite(r)) return String(r);
  return r >= 10 ? `${r.toFixed(0)}×` : `${r.toFixed(2)}×`;
}

/** The rows as one markdown table. Pipes inside cells are escaped. */
export function markdownTable(rows: readonly Row[]): string {
  const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
  const header = ["part", "measurement", "value", "baseline", "ratio", "target", "status"];
  const lines = [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`];
  for (const r of rows) {
    const cells = [r.part, r.measurement, r.value, r.baseline, r.ratio, r.target, r.status];
    lines.push(`| ${cells.map(cell).join(" | ")} |`);
  }
  return lines.join("\n");
}
