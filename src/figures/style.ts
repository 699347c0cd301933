// What every chart shares: the Plotly figure type, the blog's colours and canvas, and the options
// each builder takes (a title and a language).
import { fail } from "../math/validate";
import { LANGS, textFor, type Lang, type Text } from "./text";

/** A Plotly trace: type, data arrays and styling, as plotly.js takes it. */
export type Trace = Record<string, unknown>;

/** A complete Plotly figure; `layout` is always present (JupyterLab's renderer needs it). */
export interface Figure {
  data: Trace[];
  layout: Record<string, unknown>;
  /** Animation frames, for figures with a slider or a play button. */
  frames?: Record<string, unknown>[];
  config?: Record<string, unknown>;
}

/** What every figure builder takes last: a title, and the language of its labels (English by default). */
export interface FigureOptions {
  title?: string;
  lang?: Lang;
}

/** A builder's options, read from `{ title, lang }` or from a title alone. */
export function figureOptions(
  fn: string,
  opts: FigureOptions | string | undefined,
): { title?: string; t: Text; lang: Lang } {
  if (opts === undefined) return { t: textFor("en"), lang: "en" };
  if (typeof opts === "string") return { title: opts, t: textFor("en"), lang: "en" };
  if (typeof opts !== "object" || opts === null) fail(fn, "the last argument must be a title or { title, lang }", opts);
  const { title, lang = "en" } = opts;
  if (!LANGS.includes(lang)) fail(fn, `lang must be ${LANGS.map((l) => `"${l}"`).join(" or ")}`, lang);
  if (title !== undefined && typeof title !== "string") fail(fn, "title must be a string", title);
  return { title, t: textFor(lang), lang };
}

/** The blog's colours: matplotlib's named colours as it drew them. */
export const COLORS = {
  negative: "red",
  positive: "blue",
  initial: "green",
  step: "skyblue",
  final: "red",
} as const;

/** Rounds for plotting: 4 significant decimals are far below a pixel and keep files small. */
export function round(v: number, decimals = 4): number {
  const f = 10 ** decimals;
  return Math.round(v * f) / f;
}

/** matplotlib's look for an axis: a black box around the plot, outside ticks, no grid. */
export const AXIS_STYLE = {
  showgrid: false,
  zeroline: false,
  showline: true,
  mirror: true,
  linecolor: "black",
  ticks: "outside",
  tickcolor: "black",
} as const;

/** An axis in the blog's style with a title and any extra settings. */
export function axis(title: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...AXIS_STYLE, title: { text: title }, ...extra };
}

/** A white 800 × 400 canvas with a title and a one-row legend above the plot, where it hides nothing. */
export function chartLayout(title: string | undefined, rest: Record<string, unknown>): Record<string, unknown> {
  return {
    width: 800,
    height: 400,
    margin: { l: 60, r: 20, t: title ? 75 : 40, b: 45 },
    ...(title ? { title: { text: title, x: 0.5, y: 0.97, yanchor: "top" } } : {}),
    paper_bgcolor: "white",
    plot_bgcolor: "white",
    showlegend: true,
    legend: { orientation: "h", x: 0, y: 1.01, xanchor: "left", yanchor: "bottom" },
    hovermode: "closest",
    ...rest,
  };
}

/** The blog's canvas: 800 × 400 px (its figsize 10 × 5), x over the data, y from −0.05 to 1.05. */
export function baseLayout(
  xRange: [number, number],
  title: string | undefined,
  t: Text,
  yTitle = t.yPred,
): Record<string, unknown> {
  return chartLayout(title, {
    xaxis: axis(t.x, { range: xRange.map((v) => round(v)) }),
    yaxis: axis(yTitle, { range: [-0.05, 1.05], dtick: 0.2 }),
  });
}
