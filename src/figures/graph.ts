// The computational graph of one SGD step as an SVG drawing: x, w, b → z → pred → loss, with the
// forward value in every node and the backward gradient on every edge (in red, flowing right to left).
import { paramsAfter, recordOfStep, stepAt, type TrainingHistory } from "../math/train";
import { fail, integer } from "../math/validate";
import { escapeHtml } from "./escape";
import { figureOptions, type FigureOptions } from "./style";

const fmt = (v: number) => (Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(2) : v.toFixed(4));

interface Box {
  x: number;
  y: number;
  title: string;
  value: string;
  note?: string;
}

const W = 150;
const H = 50;

function box(b: Box, color: string): string {
  return [
    `<rect x="${b.x}" y="${b.y}" width="${W}" height="${H}" rx="10" fill="${color}" stroke="#333" stroke-width="1.5"/>`,
    `<text x="${b.x + W / 2}" y="${b.y + 20}" text-anchor="middle" font-weight="bold">${escapeHtml(b.title)}</text>`,
    `<text x="${b.x + W / 2}" y="${b.y + 39}" text-anchor="middle">${escapeHtml(b.value)}</text>`,
    b.note
      ? `<text x="${b.x + W / 2}" y="${b.y + H + 16}" text-anchor="middle" font-size="12" fill="#b00">${escapeHtml(b.note)}</text>`
      : "",
  ].join("");
}

/** A forward arrow from one box to the next, with the backward gradient written beside it. */
function arrow(from: Box, to: Box, marker: string, label: string[] = [], at: [number, number] = [0, 0]): string {
  const [x1, y1] = [from.x + W, from.y + H / 2];
  const [x2, y2] = [to.x, to.y + H / 2];
  const lines = label.map(
    (text, i) =>
      `<text x="${at[0]}" y="${at[1] + i * 15}" text-anchor="middle" font-size="12" fill="#b00">${escapeHtml(text)}</text>`,
  );
  return [
    `<line x1="${x1}" y1="${y1}" x2="${x2 - 4}" y2="${y2}" stroke="#333" stroke-width="1.5" marker-end="url(#${marker})"/>`,
    ...lines,
  ].join("");
}

/**
 * The graph of SGD step k of a run (0-based), as SVG: forward values in the boxes, and in red the
 * gradients backpropagation sends back along each edge, ending in the update of w and b.
 */
export function stepGraphSvg(history: TrainingHistory, k: number, opts?: Omit<FigureOptions, "title">): string {
  const { t } = figureOptions("stepGraphSvg", opts);
  if (typeof history !== "object" || history === null || !history.steps) {
    fail("stepGraphSvg", "history must be what train() returns", history);
  }
  integer("stepGraphSvg", "k", k, 0);
  const s = stepAt(history, k);
  const lr = history.lr;
  // The parameters before the step: the previous record, or (when that step was not recorded) the
  // update undone — exact to far more digits than the drawing shows.
  const { w: wBefore, b: bBefore } =
    k === 0 || recordOfStep(history, k - 1) >= 0
      ? paramsAfter(history, k - 1)
      : { w: s.w + lr * s.dlossDw, b: s.b + lr * s.dlossDb };
  const marker = `bpl-arrow-${k}`;
  const x: Box = { x: 40, y: 15, title: t.graphX, value: fmt(s.x) };
  const w: Box = { x: 40, y: 110, title: "w", value: fmt(wBefore), note: t.graphNew("w", fmt(s.w)) };
  const b: Box = { x: 40, y: 205, title: "b", value: fmt(bBefore), note: t.graphNew("b", fmt(s.b)) };
  const z: Box = { x: 360, y: 110, title: "z = w·x + b", value: fmt(s.z) };
  const pred: Box = { x: 650, y: 110, title: "pred = σ(z)", value: fmt(s.pred) };
  const y: Box = { x: 940, y: 15, title: t.graphY, value: String(s.y) };
  const loss: Box = { x: 940, y: 110, title: "L = BCE(pred, y)", value: fmt(s.loss) };
  const parts = [
    arrow(x, z, marker),
    arrow(w, z, marker, ["∂L/∂w = ∂L/∂z · x", `= ${fmt(s.dlossDw)}`], [275, 153]),
    arrow(b, z, marker, ["∂L/∂b = ∂L/∂z · 1", `= ${fmt(s.dlossDb)}`], [292, 232]),
    arrow(z, pred, marker, ["∂L/∂z = pred − y", `= ${fmt(s.dlossDz)}`], [580, 110]),
    arrow(pred, loss, marker, ["∂L/∂pred", `= ${fmt(s.dlossDpred)}`], [870, 110]),
    `<line x1="${y.x + W / 2}" y1="${y.y + H}" x2="${loss.x + W / 2}" y2="${loss.y - 4}" stroke="#333" stroke-width="1.5" marker-end="url(#${marker})"/>`,
    box(x, "#eef"),
    box(w, "#efe"),
    box(b, "#efe"),
    box(z, "#fff"),
    box(pred, "#fff"),
    box(y, "#eef"),
    box(loss, "#fee"),
    `<text x="40" y="305" font-size="12" fill="#555">${escapeHtml(t.graphCaption(k + 1, history.nSteps, s.epoch + 1, s.index, lr))}</text>`,
  ];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="1100" height="315" viewBox="0 0 1100 315" font-family="sans-serif" font-size="14">`,
    `<defs><marker id="${marker}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">`,
    `<path d="M 0 0 L 10 5 L 0 10 z" fill="#333"/></marker></defs>`,
    `<rect width="1100" height="315" fill="white"/>`,
    ...parts,
    `</svg>`,
  ].join("\n");
}
