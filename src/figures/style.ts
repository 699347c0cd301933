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

/** Where and how a chart's play button, pause button and slider go (see animationControls). */
export interface AnimationOptions {
  /** The frames' names, in order: the slider has one step per frame, labelled with its name. */
  frames: readonly string[];
  /** The text before the current frame's name above the slider, e.g. "step ". */
  prefix: string;
  t: Text;
  /** Height of the controls, in the plot's paper coordinates (below the plot: negative). */
  y: number;
  /** Where the slider starts, past the two buttons; it runs to the right edge. */
  sliderX: number;
  /** How long each frame shows while playing. */
  frameMs: number;
  /** Whether a frame redraws the whole plot (heatmaps need it; line traces do not). */
  redraw: boolean;
  /** Hide the slider's tick labels (hundreds of them are unreadable; the current value names the frame). */
  hideTicks?: boolean;
}

/** A play and a pause button and a slider over a figure's frames, for its layout. */
export function animationControls(o: AnimationOptions): { updatemenus: unknown[]; sliders: unknown[] } {
  const jumpTo = (name: string | null) => [
    [name],
    { mode: "immediate", frame: { duration: 0, redraw: o.redraw }, transition: { duration: 0 } },
  ];
  const play = {
    frame: { duration: o.frameMs, redraw: o.redraw },
    transition: { duration: 0 },
    fromcurrent: true,
    mode: "immediate",
  };
  const invisible = "rgba(0,0,0,0)";
  return {
    updatemenus: [
      {
        type: "buttons",
        direction: "left",
        showactive: false,
        x: 0,
        xanchor: "left",
        y: o.y,
        yanchor: "top",
        pad: { t: 0, r: 10 },
        buttons: [
          { label: o.t.play, method: "animate", args: [null, play] },
          { label: o.t.pause, method: "animate", args: jumpTo(null) },
        ],
      },
    ],
    sliders: [
      {
        active: 0,
        x: o.sliderX,
        len: round(1 - o.sliderX),
        y: o.y,
        yanchor: "top",
        pad: { t: 0 },
        currentvalue: { prefix: o.prefix, font: { size: 13, color: "black" } },
        ...(o.hideTicks ? { font: { color: invisible }, tickcolor: invisible, ticklen: 0, minorticklen: 0 } : {}),
        steps: o.frames.map((name) => ({ method: "animate", label: name, args: jumpTo(name) })),
      },
    ],
  };
}
