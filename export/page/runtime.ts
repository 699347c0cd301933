// The one script of every exported page (and slide deck, and the whole-course file): it shows the
// text at once and draws each chart, and each experiment panel, when it comes into view.
//
//   1. The page is readable at once: text, code and KaTeX's formulas are plain HTML and CSS.
//   2. plotly.js, stored gzip-compressed in the page (packing.ts), is unpacked with the browser's
//      DecompressionStream as soon as its text has been parsed, and compiled off the main thread
//      while the page goes on parsing and painting; it runs once the text is parsed and painted.
//   3. An IntersectionObserver draws each chart (a `.bpl-figure` container) from its figure's data
//      when it comes near the screen, and mounts each experiment panel (export/panel) the same way,
//      one at a time, the one nearest the middle of the screen first. A chart on a slide that is
//      not shown is not drawn until the slide is. A chart with a long slider (the step-through's
//      1000 steps) is drawn with a short one first, then gets every step back (lightSliders).
//
// A browser without DecompressionStream (before 2023) says so where each chart would be, in the
// page's language; the text and formulas need no script at all.
import { unpackText } from "./packing";

/** The type of the page's packed data scripts: gzip streams written by scripts/export/pack.ts. */
export const PACKED_TYPE = "application/x-backprop-lab";
/** The ids of the packed scripts: plotly.js, the experiment panels' code, and reveal.js (slides). */
export const PLOTLY_ID = "bpl-plotly";
export const PANELS_ID = "bpl-panels";
export const REVEAL_ID = "bpl-reveal";
/** How far outside the screen a chart starts to draw, so that it is there when scrolled to. */
export const LOOKAHEAD = "600px 0px";

/** What the page needs of plotly.js. */
interface PlotlyLike {
  newPlot(el: HTMLElement, figure: unknown): Promise<unknown>;
  relayout(el: HTMLElement, update: Record<string, unknown>): Promise<unknown>;
}

/** What export/panel/main.ts leaves on the page once its packed code has run. */
interface PanelsLike {
  mount(el: HTMLElement, plotly: PlotlyLike): void;
}

type Lang = "en" | "ko";

/** What the page says where a chart or panel cannot be drawn, in the page's language. */
const NOTES: Record<Lang, { unsupported: string; failed: string }> = {
  en: {
    unsupported:
      "This browser cannot unpack the page's charts: they need DecompressionStream, in every browser since 2023 " +
      "(Chrome and Edge 80, Firefox 113, Safari 16.4). The text and the formulas need nothing.",
    failed: "This chart could not be drawn: ",
  },
  ko: {
    unsupported:
      "이 브라우저는 페이지에 담긴 차트를 풀 수 없습니다. 차트에는 DecompressionStream이 필요하며, 2023년 이후의 모든 " +
      "브라우저(Chrome·Edge 80, Firefox 113, Safari 16.4 이상)에 들어 있습니다. 본문과 수식은 그대로 읽을 수 있습니다.",
    failed: "이 차트를 그리지 못했습니다: ",
  },
};

/** The language of the text around `el`: its nearest lang attribute (Korean or English). */
export function langOf(el: Element): Lang {
  return (el.closest("[lang]")?.getAttribute("lang") ?? "en").toLowerCase().startsWith("ko") ? "ko" : "en";
}

/** A performance mark named "backprop-lab:<what>", for the benchmark's timeline (where marks exist). */
function mark(what: string): void {
  globalThis.performance?.mark?.(`backprop-lab:${what}`);
}

/**
 * The bytes of a packed script, gunzipped by the browser's DecompressionStream, as a Blob.
 *
 * On the page's own thread, from a stream over the bytes in memory: about 50 ms for plotly.js,
 * done as soon as the script's text is there. A worker would be later: it takes 100–250 ms to
 * start, more while the page lays out its text; and a Blob's own stream() waits for the browser
 * process, behind the first layout and paint (both measured).
 */
export async function unpackScript(doc: Document, id: string): Promise<Blob> {
  const el = doc.getElementById(id);
  if (!el || el.getAttribute("type") !== PACKED_TYPE) throw new Error(`the page has no packed data #${id}`);
  const bytes = unpackText(el.textContent ?? "", Number(el.getAttribute("data-bytes")));
  const packed = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
  // Read chunk by chunk: Response.blob() would wait for the browser process, behind the first paint.
  const reader = packed.pipeThrough(new DecompressionStream("gzip")).getReader();
  const chunks: Uint8Array[] = [];
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) chunks.push(chunk.value);
  mark(`${id}:gunzipped`);
  return new Blob(chunks);
}

/** Runs a packed script (see runScript). */
export async function runPackedScript(doc: Document, id: string): Promise<void> {
  return runScript(doc, await unpackScript(doc, id));
}

/**
 * Runs JavaScript code. As a blob: URL the browser can compile it off the main thread, as it does
 * a file; where a blob: script is refused (a strict Content-Security-Policy), it runs inline.
 */
export async function runScript(doc: Document, code: Blob): Promise<void> {
  const url = URL.createObjectURL(new Blob([code], { type: "text/javascript" }));
  try {
    await new Promise<void>((resolve, reject) => {
      const script = doc.createElement("script");
      script.src = url;
      script.onload = () => resolve();
      script.onerror = () => reject(new Error("blob: script refused"));
      doc.head.append(script);
    });
  } catch {
    const script = doc.createElement("script");
    script.text = await code.text();
    doc.head.append(script);
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** How many scripts compileScript has loaded: each hands its function over under its own name. */
let scriptsCompiled = 0;

/**
 * Compiles JavaScript code now and runs it later, when the returned function is called. The code
 * becomes the body of a function that a blob: script hands over: the browser compiles that script
 * off the main thread (≈ 200 ms for plotly.js) while the page still parses and paints its text, and
 * runs nothing of it yet. The code must not rely on its top-level names being global (plotly.js
 * does not: it sets window.Plotly itself).
 */
export async function compileScript(doc: Document, code: Blob): Promise<() => void> {
  const win = doc.defaultView as unknown as Record<string, unknown>;
  const key = `__backpropLabScript${++scriptsCompiled}`;
  // The parentheses ask V8 to compile the function at once, not when it is first called.
  const wrapped = new Blob([`self.${key} = (function () {\n`, code, "\n});"], { type: "text/javascript" });
  // Inline where a blob: script is refused: then the function is defined (and compiled) on the page's thread.
  await runScript(doc, wrapped);
  const run = win[key];
  delete win[key];
  if (typeof run !== "function") throw new Error("the script did not compile");
  return () => (run as () => void).call(win);
}

/** A chart's figure: raw JSON in `<id>-spec`, or packed there when it is large. */
async function readFigure(doc: Document, id: string): Promise<unknown> {
  const el = doc.getElementById(`${id}-spec`);
  if (!el) throw new Error(`chart ${id} has no figure data (#${id}-spec)`);
  const text = el.getAttribute("type") === PACKED_TYPE ? await (await unpackScript(doc, el.id)).text() : el.textContent;
  return JSON.parse(text ?? "null");
}

/** A slider longer than this is drawn first with fewer steps (see lightSliders). */
export const FIRST_SLIDER_STEPS = 50;

/** What lightSliders needs of a figure: its layout's sliders. */
interface SliderFigure {
  layout?: { sliders?: { steps?: unknown[]; active?: number }[] };
}

/**
 * A figure to draw first, and what then gives it back in full. Plotly draws and measures a label
 * for every step of a slider: the step-through's 1000 steps cost half a second of its first draw.
 * So a slider of more than FIRST_SLIDER_STEPS steps is drawn with every k-th step (the first, the
 * last and the active one always), and `restore(active)` is the Plotly.relayout update that puts
 * every step back, with the slider where the reader left it (`active`: the light slider's index).
 * Frames, buttons and traces stay as they are: play runs through every frame from the start.
 */
export function lightSliders<F extends SliderFigure>(
  figure: F,
): { light: F; restore?: (active: (number | undefined)[]) => Record<string, unknown> } {
  const sliders = figure.layout?.sliders;
  if (!Array.isArray(sliders) || !sliders.some((s) => (s.steps?.length ?? 0) > FIRST_SLIDER_STEPS)) {
    return { light: figure };
  }
  const kept = sliders.map((slider) => {
    const n = slider.steps?.length ?? 0;
    if (n <= FIRST_SLIDER_STEPS) return undefined;
    const k = Math.ceil(n / FIRST_SLIDER_STEPS);
    const active = slider.active ?? 0;
    return Array.from({ length: n }, (_, i) => i).filter((i) => i % k === 0 || i === n - 1 || i === active);
  });
  const light = {
    ...figure,
    layout: {
      ...figure.layout,
      sliders: sliders.map((slider, s) => {
        const at = kept[s];
        if (!at) return slider;
        return { ...slider, steps: at.map((i) => slider.steps![i]), active: at.indexOf(slider.active ?? 0) };
      }),
    },
  };
  const restore = (active: (number | undefined)[]) => {
    const update: Record<string, unknown> = {};
    kept.forEach((at, s) => {
      if (!at) return;
      update[`sliders[${s}].steps`] = sliders[s].steps;
      update[`sliders[${s}].active`] = at[active[s] ?? 0] ?? sliders[s].active ?? 0;
    });
    return update;
  };
  return { light, restore };
}

/** The state the page keeps, for its own use and for tests and the benchmark. */
export interface PageState {
  /** Resolves with plotly.js once it runs. */
  plotly: Promise<PlotlyLike>;
  /** Draws (or mounts) an element now, whether or not it is in view; resolves when it is done. */
  show(el: HTMLElement): Promise<void>;
  /** Draws every chart and panel of the page (printing does this). */
  showAll(): Promise<void>;
}

/**
 * Without DecompressionStream: a note where each chart and panel would be, and slides shown as one
 * long page (reveal.js is packed too), with the note on top.
 */
function unsupported(doc: Document, targets: readonly HTMLElement[]): void {
  const note = (el: Element) => {
    const p = doc.createElement("p");
    p.className = "bpl-unsupported";
    p.textContent = NOTES[langOf(el)].unsupported;
    return p;
  };
  for (const el of targets) {
    el.replaceChildren(note(el));
    el.style.height = "auto";
    el.style.minHeight = "0";
  }
  if (doc.getElementById(REVEAL_ID)) {
    doc.documentElement.classList.add("bpl-static-slides");
    doc.body.prepend(note(doc.body));
  }
}

/** Resolves at DOMContentLoaded (at once when the document has been parsed). */
function parsed(doc: Document): Promise<void> {
  if (doc.readyState !== "loading") return Promise.resolve();
  return new Promise((resolve) => doc.addEventListener("DOMContentLoaded", () => resolve(), { once: true }));
}

/** Resolves after the next paint (a frame, then a task). */
function nextPaint(win: Window): Promise<void> {
  return new Promise((resolve) => win.requestAnimationFrame(() => win.setTimeout(resolve, 0)));
}

/**
 * Starts the page (see the file's head). The script sits in <head>, after the packed plotly.js:
 * plotly.js is unpacked at once and compiled while the browser parses and paints the text;
 * everything else waits for the document. Returns undefined when the page has no plotly.js to draw with.
 */
export function start(win: Window = window): PageState | undefined {
  const doc = win.document;
  const targetsNow = () => [...doc.querySelectorAll<HTMLElement>(".bpl-figure, .bpl-experiment[data-experiment]")];
  if (typeof (win as unknown as { DecompressionStream?: unknown }).DecompressionStream !== "function") {
    void parsed(doc).then(() => unsupported(doc, targetsNow()));
    return undefined;
  }
  const dom = parsed(doc);
  // Slides: reveal.js first, as soon as the slides are parsed; nothing shows before it lays them out.
  void dom.then(() => {
    if (!doc.getElementById(REVEAL_ID)) return;
    runPackedScript(doc, REVEAL_ID).catch((error: unknown) =>
      console.error(`backprop-lab: reveal.js: ${String(error)}`),
    );
  });
  if (!doc.getElementById(PLOTLY_ID)) return undefined;

  // Unpacked and compiled now, run once the text is parsed and painted: the text shows before
  // plotly.js (≈ 5 MB of JavaScript, ≈ 1 s to run) holds the page's thread.
  const compiled = unpackScript(doc, PLOTLY_ID).then((code) => compileScript(doc, code));
  const plotly = Promise.all([compiled, dom.then(() => nextPaint(win))]).then(([run]) => {
    mark("painted");
    run();
    const p = (win as unknown as { Plotly?: PlotlyLike }).Plotly;
    if (!p) throw new Error("plotly.js ran but defined no window.Plotly");
    mark("plotly-ready");
    return p;
  });
  let panels: Promise<PanelsLike> | undefined;
  const loadPanels = () =>
    (panels ??= runPackedScript(doc, PANELS_ID).then(() => {
      const p = (win as unknown as { backpropLabExperiments?: PanelsLike }).backpropLabExperiments;
      if (!p) throw new Error("the experiment panels' code ran but defined no backpropLabExperiments");
      return p;
    }));

  // One chart or panel at a time, the one nearest the middle of the screen first, with a paint
  // after each: the chart the reader looks at is never held up by its neighbours.
  const waiting = new Map<HTMLElement, () => void>();
  const done = new WeakMap<HTMLElement, Promise<void>>();
  let pumping = false;
  let charts = 0;
  const distance = (el: HTMLElement) => {
    const r = el.getBoundingClientRect();
    return Math.abs((r.top + r.bottom) / 2 - win.innerHeight / 2) + (r.width === 0 ? 1e9 : 0);
  };
  // A chart's figure data is read as soon as the chart is due, while plotly.js may still be running.
  const figures = new WeakMap<HTMLElement, Promise<unknown>>();
  const figureOf = (el: HTMLElement): Promise<unknown> => {
    let figure = figures.get(el);
    if (!figure) {
      figure = readFigure(doc, el.id);
      figure.catch(() => undefined); // draw() reports the error, if it ever draws this chart
      figures.set(el, figure);
    }
    return figure;
  };
  const draw = async (el: HTMLElement, p: PlotlyLike) => {
    try {
      if (el.classList.contains("bpl-figure")) {
        const { light, restore } = lightSliders((await figureOf(el)) as SliderFigure);
        el.replaceChildren();
        await p.newPlot(el, light);
        if (charts++ === 0) mark("first-chart");
        if (restore) {
          // On screen first; then, after a paint, every step of its long slider back.
          await nextPaint(win);
          const shown = (el as unknown as SliderFigure).layout?.sliders ?? [];
          await p.relayout(el, restore(shown.map((slider) => slider.active)));
        }
        el.setAttribute("data-drawn", "1");
      } else {
        (await loadPanels()).mount(el, p);
      }
    } catch (error) {
      const note = doc.createElement("p");
      note.className = "bpl-unsupported";
      note.textContent = NOTES[langOf(el)].failed + (error instanceof Error ? error.message : String(error));
      el.replaceChildren(note);
      console.error(`backprop-lab: ${el.id || el.className}: ${note.textContent}`);
    }
  };
  const pump = async () => {
    if (pumping) return;
    pumping = true;
    try {
      const p = await plotly;
      while (waiting.size > 0) {
        const [el, resolve] = [...waiting].reduce((a, b) => (distance(b[0]) < distance(a[0]) ? b : a));
        waiting.delete(el);
        await draw(el, p);
        resolve();
        await nextPaint(win);
      }
    } finally {
      pumping = false;
    }
  };
  const show = (el: HTMLElement): Promise<void> => {
    let job = done.get(el);
    if (!job) {
      observer?.unobserve(el);
      job = new Promise<void>((resolve) => waiting.set(el, resolve));
      done.set(el, job);
      if (el.classList.contains("bpl-figure")) void figureOf(el);
      void pump();
    }
    return job;
  };

  const Observer = (win as unknown as { IntersectionObserver?: typeof IntersectionObserver }).IntersectionObserver;
  const observer =
    typeof Observer === "function"
      ? new Observer(
          (entries) => {
            for (const entry of entries) if (entry.isIntersecting) void show(entry.target as HTMLElement);
          },
          { rootMargin: LOOKAHEAD },
        )
      : undefined;
  let targets: HTMLElement[] = [];
  void dom.then(() => {
    targets = targetsNow();
    if (observer) for (const el of targets) observer.observe(el);
    else for (const el of targets) void show(el);
    // A link with a panel's settings (#training:lr=0.5…) opens the page at that panel. On slides,
    // export/reveal-init.js goes to the panel's slide instead.
    const parts = win.location.hash.replace(/^#/, "").split("|");
    const named = targets.find(
      (el) =>
        el.matches(".bpl-experiment") &&
        !el.closest(".reveal") &&
        parts.some((p) => p.startsWith(`${el.dataset.key || el.dataset.experiment}:`)),
    );
    named?.scrollIntoView({ block: "start" });
  });
  plotly.catch((error: unknown) => {
    console.error(`backprop-lab: plotly.js: ${String(error)}`);
    for (const el of targets) {
      const note = doc.createElement("p");
      note.className = "bpl-unsupported";
      note.textContent = NOTES[langOf(el)].failed + String(error);
      el.replaceChildren(note);
    }
  });

  const showAll = async () => {
    await dom;
    await Promise.all(targets.map(show));
  };
  // A printed handout gets every chart, not only those the reader scrolled past.
  win.addEventListener("beforeprint", () => void showAll());
  return { plotly, show, showAll };
}
