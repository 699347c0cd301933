// The experiment panel of the exported pages: change the learning rate, the epochs, the data — and
// the page trains the model again, right there, with the lessons' own code (src/math and
// src/figures, bundled for the browser by export/bundle.ts) and redraws its chart. No kernel,
// no network. A panel is a placeholder the lesson writes in a Markdown cell:
//   <div class="bpl-experiment" data-experiment="training"></div>   (lessons 4 and 6)
//   <div class="bpl-experiment" data-experiment="network"></div>    (lesson 8)
// Its settings live in the page's URL hash (#training:lr=0.5&epochs=10…), so a link can share them.
// Where one page holds several panels of one kind (the whole-course file), each placeholder names
// its own part of the hash: data-key="ko-06-training" → #ko-06-training:lr=0.5&….
import { makeDataset } from "../../src/math/dataset";
import { makeXorDataset, xorPoints } from "../../src/math/dataset2d";
import { initNetwork, trainNetwork } from "../../src/math/network";
import { makeRng } from "../../src/math/random";
import { train } from "../../src/math/train";
import { trainingFigure } from "../../src/figures/blog";
import { decisionSurfaceFigure } from "../../src/figures/network";
import type { Figure } from "../../src/figures/style";
import type { Lang } from "../../src/figures/text";
import { LESSON_RUN, NETWORK_RUN } from "../../src/lessons/setup";

/** What the page's plotly.js offers the panel. */
interface PlotlyLike {
  react(el: HTMLElement, data: unknown[], layout: unknown, config?: unknown): Promise<unknown>;
}

/** One control: its key in the hash, its bounds, and how to read it. */
interface Control {
  key: string;
  kind: "number" | "integer" | "choice";
  min?: number;
  max?: number;
  step?: number;
  choices?: readonly string[];
  label: Record<Lang, string>;
  /** A hint under the control, e.g. what happens past its bounds. */
  help?: Record<Lang, string>;
}

/** The settings of one experiment, by control key. */
type Settings = Record<string, number | string>;

/** An experiment: its controls, the lesson's defaults, and what it trains and draws. */
interface Experiment {
  controls: readonly Control[];
  defaults: Settings;
  /** The most SGD steps one redraw may take, so that the page answers at once. */
  maxSteps: number;
  run(s: Settings, lang: Lang): { figure: Figure; readout: string; steps: number };
}

const LR: Control = {
  key: "lr",
  kind: "number",
  min: 0.0001,
  max: 10,
  step: 0.01,
  label: { en: "learning rate", ko: "학습률" },
};
const EPOCHS = (max: number): Control => ({
  key: "epochs",
  kind: "integer",
  min: 1,
  max,
  step: 1,
  label: { en: "epochs", ko: "에폭" },
});
const SEED: Control = { key: "seed", kind: "integer", min: 0, max: 1e9, step: 1, label: { en: "seed", ko: "시드" } };

const pct = (v: number) => `${Math.round(v * 100)} %`;
const fixed = (v: number) => (Number.isFinite(v) ? v.toFixed(4) : String(v));

/** The most step curves the training panel draws. */
export const PANEL_CURVES = 200;

/** Lessons 4 and 6: the blog's model on the blog's data, trained with train(). */
const TRAINING: Experiment = {
  controls: [
    LR,
    EPOCHS(1000),
    {
      key: "boundary",
      kind: "number",
      min: -20,
      max: 20,
      step: 0.5,
      label: { en: "decision boundary", ko: "결정 경계" },
    },
    { key: "direction", kind: "choice", choices: ["pos", "neg"], label: { en: "direction", ko: "방향" } },
    { key: "samples", kind: "integer", min: 2, max: 2000, step: 1, label: { en: "samples", ko: "샘플 수" } },
    SEED,
  ],
  defaults: {
    lr: LESSON_RUN.lr,
    epochs: LESSON_RUN.epochs,
    boundary: LESSON_RUN.decisionBoundary,
    direction: "pos",
    samples: LESSON_RUN.nSamples,
    seed: LESSON_RUN.seed,
  },
  maxSteps: 200_000,
  run(s, lang) {
    // Seeded exactly as the lessons: the data first, then w and b, from one generator.
    const rng = makeRng(s.seed as number);
    const data = makeDataset({
      nSamples: s.samples as number,
      decisionBoundary: s.boundary as number,
      direction: s.direction as "pos" | "neg",
      rng,
    });
    // At most PANEL_CURVES step curves (the legend says "every k-th"): Plotly redraws 200 curves in
    // about a third of the time 1000 take, which keeps a redraw within 100 ms.
    const every = Math.max(1, Math.ceil(((s.epochs as number) * (s.samples as number)) / PANEL_CURVES));
    const history = train({
      X: data.X,
      Y: data.Y,
      rng,
      lr: s.lr as number,
      epochs: s.epochs as number,
      record: { every },
    });
    const last = history.epochs[history.epochs.length - 1];
    const title =
      lang === "ko"
        ? `lr ${s.lr}, 에폭 ${s.epochs}: 학습 전(초록), 스텝 뒤(하늘색), 학습 뒤(빨강)`
        : `lr ${s.lr}, ${s.epochs} epochs: start (green), after the steps (skyblue), end (red)`;
    const readout =
      lang === "ko"
        ? `정확도 ${pct(last.accuracy)} · 마지막 에폭의 평균 손실 ${fixed(last.meanLoss)} · w = ${fixed(last.w)}, b = ${fixed(last.b)} · ${history.nSteps} 스텝`
        : `accuracy ${pct(last.accuracy)} · mean loss in the last epoch ${fixed(last.meanLoss)} · w = ${fixed(last.w)}, b = ${fixed(last.b)} · ${history.nSteps} steps`;
    return { figure: trainingFigure(data, history, { title, lang }), readout, steps: history.nSteps };
  },
};

/** Lesson 8: the network with H hidden units, on the four XOR points or the quadrant cloud. */
const NETWORK: Experiment = {
  controls: [
    { key: "hidden", kind: "integer", min: 1, max: 16, step: 1, label: { en: "hidden units H", ko: "은닉 유닛 수 H" } },
    LR,
    EPOCHS(5000),
    { key: "data", kind: "choice", choices: ["cloud", "xor"], label: { en: "data", ko: "데이터" } },
    {
      key: "samples",
      kind: "integer",
      min: 4,
      max: 1000,
      step: 1,
      label: { en: "samples (cloud)", ko: "샘플 수 (구름)" },
    },
    SEED,
  ],
  defaults: {
    hidden: NETWORK_RUN.hidden,
    lr: NETWORK_RUN.lr,
    epochs: NETWORK_RUN.epochs,
    data: "cloud",
    samples: NETWORK_RUN.nSamples,
    seed: NETWORK_RUN.seed,
  },
  maxSteps: 100_000,
  run(s, lang) {
    const data =
      s.data === "xor" ? xorPoints() : makeXorDataset({ nSamples: s.samples as number, seed: s.seed as number });
    const params = initNetwork({ hidden: s.hidden as number, seed: s.seed as number });
    const run = trainNetwork({ ...data, params, lr: s.lr as number, epochs: s.epochs as number, record: "epochs" });
    const last = run.epochs[run.epochs.length - 1];
    const title =
      lang === "ko"
        ? `H = ${s.hidden}, lr ${s.lr}, 에폭 ${s.epochs}`
        : `H = ${s.hidden}, lr ${s.lr}, ${s.epochs} epochs`;
    const readout =
      lang === "ko"
        ? `정확도 ${pct(last.accuracy)} · 마지막 에폭의 평균 손실 ${fixed(last.meanLoss)} · ${run.nSteps} 스텝`
        : `accuracy ${pct(last.accuracy)} · mean loss in the last epoch ${fixed(last.meanLoss)} · ${run.nSteps} steps`;
    return {
      figure: decisionSurfaceFigure(data, run.params, { title, lang, resolution: 50 }),
      readout,
      steps: run.nSteps,
    };
  },
};

/** The experiments a lesson can place, by their data-experiment name. */
export const EXPERIMENTS: Record<string, Experiment> = { training: TRAINING, network: NETWORK };

/** A control's value read from text: a number within its bounds, a known choice, or the default. */
export function readValue(control: Control, text: string | undefined, fallback: number | string): number | string {
  if (text === undefined || text === "") return fallback;
  if (control.kind === "choice") return control.choices!.includes(text) ? text : fallback;
  let v = Number(text);
  if (!Number.isFinite(v)) return fallback;
  if (control.kind === "integer") v = Math.round(v);
  return Math.min(control.max ?? v, Math.max(control.min ?? v, v));
}

/** The experiment's settings after the hash: `#training:lr=0.5&epochs=20` sets two, the rest stay. */
export function settingsFromHash(name: string, hash: string, exp: Experiment): Settings {
  const settings: Settings = { ...exp.defaults };
  const part = hash
    .replace(/^#/, "")
    .split("|")
    .find((p) => p.startsWith(`${name}:`));
  if (!part) return settings;
  const values = new URLSearchParams(part.slice(name.length + 1));
  for (const c of exp.controls) settings[c.key] = readValue(c, values.get(c.key) ?? undefined, exp.defaults[c.key]);
  return settings;
}

/** The hash with this experiment's settings in it (other experiments' parts, and reveal's, kept). */
export function hashWith(name: string, hash: string, settings: Settings, exp: Experiment): string {
  const values = new URLSearchParams();
  for (const c of exp.controls) values.set(c.key, String(settings[c.key]));
  const parts = hash
    .replace(/^#/, "")
    .split("|")
    .filter((p) => p !== "" && !p.startsWith(`${name}:`));
  return `#${[...parts, `${name}:${values.toString()}`].join("|")}`;
}

/** Epochs lowered until epochs × samples fits the experiment's step budget; the note says so. */
export function clampSteps(exp: Experiment, s: Settings, lang: Lang): { settings: Settings; note: string } {
  const samples = exp === NETWORK && s.data === "xor" ? 4 : (s.samples as number);
  const epochs = s.epochs as number;
  if (epochs * samples <= exp.maxSteps) return { settings: s, note: "" };
  const fitted = Math.max(1, Math.floor(exp.maxSteps / samples));
  const note =
    lang === "ko"
      ? `이 페이지에서는 ${exp.maxSteps.toLocaleString("ko")} 스텝까지만 학습합니다: 에폭을 ${epochs}에서 ${fitted}로 줄였습니다. 더 길게 학습하려면 JupyterLab에서 노트북을 실행하세요.`
      : `This page trains at most ${exp.maxSteps.toLocaleString("en")} steps: epochs lowered from ${epochs} to ${fitted}. For longer runs, run the notebook in JupyterLab.`;
  return { settings: { ...s, epochs: fitted }, note };
}

const UI: Record<Lang, { heading: string; intro: string; reset: string; trained: (ms: number) => string }> = {
  en: {
    heading: "Experiment",
    intro:
      "Change a setting: the page trains the model again with the lessons' own code and redraws the chart. The link in the address bar keeps your settings.",
    reset: "Back to the lesson's settings",
    trained: (ms) => `trained and drawn in ${Math.round(ms)} ms`,
  },
  ko: {
    heading: "실험",
    intro:
      "설정을 바꾸면 이 페이지가 레슨과 같은 코드로 모델을 다시 학습하고 차트를 다시 그립니다. 주소 창의 링크에 설정이 담기니, 그대로 공유할 수 있습니다.",
    reset: "레슨의 설정으로 되돌리기",
    trained: (ms) => `학습하고 그리는 데 ${Math.round(ms)} ms`,
  },
};

/** Whether the hash has a part for the panel `name` (its settings, as hashWith writes them). */
export function hashNames(name: string, hash: string): boolean {
  return hash
    .replace(/^#/, "")
    .split("|")
    .some((p) => p.startsWith(`${name}:`));
}

/** Builds one panel inside its placeholder and draws it with the page's current hash. */
export function mountExperiment(el: HTMLElement, plotly: PlotlyLike, win: Window = window): void {
  const kind = el.dataset.experiment ?? "";
  const exp = EXPERIMENTS[kind];
  if (!exp) {
    el.textContent = `Unknown experiment "${kind}".`;
    return;
  }
  // The panel's part of the hash: its key, or the experiment's name.
  const key = el.dataset.key ?? "";
  const name = /^[A-Za-z][\w.-]*$/.test(key) ? key : kind;
  const lang: Lang = (el.closest("[lang]")?.getAttribute("lang") ?? "en").startsWith("ko") ? "ko" : "en";
  const ui = UI[lang];
  const doc = el.ownerDocument;
  let prefix = `bpl-exp-${name}`;
  for (let n = 2; doc.getElementById(`${prefix}-${exp.controls[0].key}`); n++) prefix = `bpl-exp-${name}-${n}`;
  const id = (control: string) => `${prefix}-${control}`;
  el.classList.add("bpl-experiment-ready");
  el.innerHTML = "";
  const heading = doc.createElement("h3");
  heading.textContent = ui.heading;
  const intro = doc.createElement("p");
  intro.textContent = ui.intro;
  const form = doc.createElement("form");
  form.className = "bpl-experiment-controls";
  form.addEventListener("submit", (e) => e.preventDefault());
  const inputs = new Map<string, HTMLInputElement | HTMLSelectElement>();
  for (const c of exp.controls) {
    const label = doc.createElement("label");
    label.htmlFor = id(c.key);
    label.textContent = c.label[lang];
    let input: HTMLInputElement | HTMLSelectElement;
    if (c.kind === "choice") {
      input = doc.createElement("select");
      for (const choice of c.choices!) {
        const option = doc.createElement("option");
        option.value = option.textContent = choice;
        input.append(option);
      }
    } else {
      const number = doc.createElement("input");
      number.type = "number";
      number.min = String(c.min);
      number.max = String(c.max);
      number.step = c.kind === "integer" ? "1" : "any";
      input = number;
    }
    input.id = id(c.key);
    input.name = c.key;
    inputs.set(c.key, input);
    const field = doc.createElement("div");
    field.className = "bpl-experiment-field";
    field.append(label, input);
    form.append(field);
  }
  const reset = doc.createElement("button");
  reset.type = "button";
  reset.textContent = ui.reset;
  form.append(reset);
  const readout = doc.createElement("p");
  readout.className = "bpl-experiment-readout";
  readout.setAttribute("role", "status");
  readout.setAttribute("aria-live", "polite");
  const note = doc.createElement("p");
  note.className = "bpl-experiment-note";
  const chart = doc.createElement("div");
  chart.className = "bpl-experiment-chart";
  el.append(heading, intro, form, readout, note, chart);

  let settings = settingsFromHash(name, win.location.hash, exp);
  const show = (s: Settings) => {
    for (const c of exp.controls) inputs.get(c.key)!.value = String(s[c.key]);
  };
  const draw = () => {
    const started = win.performance.now();
    const clamped = clampSteps(exp, settings, lang);
    note.textContent = clamped.note;
    try {
      const { figure, readout: text } = exp.run(clamped.settings, lang);
      void plotly.react(chart, figure.data, figure.layout, { responsive: false });
      readout.textContent = `${text} · ${ui.trained(win.performance.now() - started)}`;
      el.dataset.lastSettings = JSON.stringify(clamped.settings);
      el.dataset.drawn = String(Number(el.dataset.drawn ?? 0) + 1);
    } catch (error) {
      readout.textContent = error instanceof Error ? error.message : String(error);
    }
  };
  // Several changes in one go (a value pasted, the reset button) train once, with the last value;
  // an event that changes no setting (focus leaving a field) trains nothing.
  let pending = false;
  const changed = () => {
    const next = { ...settings };
    for (const c of exp.controls) next[c.key] = readValue(c, inputs.get(c.key)!.value, settings[c.key]);
    if (exp.controls.every((c) => next[c.key] === settings[c.key])) return;
    settings = next;
    try {
      win.history.replaceState(null, "", hashWith(name, win.location.hash, settings, exp));
    } catch {
      // A page that may not rewrite its URL (a sandboxed frame) still trains; the link just keeps no settings.
    }
    if (pending) return;
    pending = true;
    win.setTimeout(() => {
      pending = false;
      draw();
    }, 0);
  };
  form.addEventListener("input", changed);
  form.addEventListener("change", () => {
    show(settings);
    changed();
  });
  reset.addEventListener("click", () => {
    show(exp.defaults);
    changed();
  });
  // A link followed within the page (the course's contents) changes the hash too: only a hash that
  // names this panel changes its settings.
  win.addEventListener("hashchange", () => {
    if (!hashNames(name, win.location.hash)) return;
    const next = settingsFromHash(name, win.location.hash, exp);
    if (exp.controls.every((c) => next[c.key] === settings[c.key])) return;
    settings = next;
    show(settings);
    draw();
  });
  show(settings);
  draw();
}

/** Mounts one panel with the page's plotly.js (export/page/runtime.ts calls this as it comes into view). */
export function mount(el: HTMLElement, plotly: PlotlyLike): void {
  if (el.classList.contains("bpl-experiment-ready")) return;
  mountExperiment(el, plotly, el.ownerDocument.defaultView ?? window);
}
