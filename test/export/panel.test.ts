// The experiment panel of the exported pages, without a browser: its settings round-trip through the
// URL hash, bad or out-of-range values fall back or are clamped, long runs are cut to the page's
// budget with a note, and a mounted panel has a labelled control for every setting.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { JSDOM } from "jsdom";
import {
  EXPERIMENTS,
  PANEL_CURVES,
  clampSteps,
  hashNames,
  hashWith,
  mount,
  mountExperiment,
  readValue,
  settingsFromHash,
} from "../../export/panel/experiment";
import { experimentBundle } from "../../export/bundle";

const training = EXPERIMENTS.training;
const network = EXPERIMENTS.network;

describe("experiment panel settings", () => {
  it("an empty hash gives the lesson's defaults (lesson 4: lr 0.01, 10 epochs, 100 samples, seed 2023)", () => {
    assert.deepEqual(settingsFromHash("training", "", training), training.defaults);
    assert.deepEqual(training.defaults, {
      lr: 0.01,
      epochs: 10,
      boundary: 0,
      direction: "pos",
      samples: 100,
      seed: 2023,
    });
  });

  it("round-trips through the hash, keeping other panels' parts and reveal's slide position", () => {
    const s = { ...training.defaults, lr: 0.5, direction: "neg" };
    const hash = hashWith("training", "#/3/1|network:hidden=8", s, training);
    assert.match(
      hash,
      /^#\/3\/1\|network:hidden=8\|training:lr=0\.5&epochs=10&boundary=0&direction=neg&samples=100&seed=2023$/,
    );
    assert.deepEqual(settingsFromHash("training", hash, training), s);
    assert.equal(settingsFromHash("network", hash, network).hidden, 8);
  });

  it("reads numbers within bounds, integers rounded, unknown choices and junk as the default", () => {
    const [lr, epochs, direction] = ["lr", "epochs", "direction"].map((k) =>
      training.controls.find((c) => c.key === k)!,
    );
    assert.equal(readValue(lr, "100", 0.01), 10);
    assert.equal(readValue(lr, "-1", 0.01), 0.0001);
    assert.equal(readValue(lr, "abc", 0.01), 0.01);
    assert.equal(readValue(epochs, "12.6", 10), 13);
    assert.equal(readValue(direction, "up", "pos"), "pos");
    assert.deepEqual(settingsFromHash("training", "#training:lr=NaN&epochs=1e99&samples=-5", training), {
      ...training.defaults,
      epochs: 1000,
      samples: 2,
    });
  });

  it("cuts epochs × samples to the page's step budget, and says so in the learner's language", () => {
    const big = { ...training.defaults, epochs: 1000, samples: 2000 };
    const { settings, note } = clampSteps(training, big, "en");
    assert.equal((settings.epochs as number) * (settings.samples as number) <= training.maxSteps, true);
    assert.match(note, /^This page trains at most 200,000 steps: epochs lowered from 1000 to 100\./);
    assert.match(clampSteps(training, big, "ko").note, /에폭을 1000에서 100로 줄였습니다/);
    assert.equal(clampSteps(training, training.defaults, "en").note, "");
  });
});

describe("a mounted panel", () => {
  it("has a labelled control for every setting, trains, draws once, and writes the hash on a change", async () => {
    const dom = new JSDOM('<div lang="ko"><div class="bpl-experiment" data-experiment="training"></div></div>', {
      url: "http://localhost/lesson.html#training:lr=0.5",
      pretendToBeVisual: true,
    });
    const win = dom.window as unknown as Window;
    const drawn: unknown[][] = [];
    const plotly = { react: async (_el: HTMLElement, data: unknown[]) => void drawn.push(data) };
    const el = win.document.querySelector<HTMLElement>(".bpl-experiment")!;
    mountExperiment(el, plotly, win);
    for (const c of training.controls) {
      const input = win.document.getElementById(`bpl-exp-training-${c.key}`) as HTMLInputElement;
      assert.ok(input, c.key);
      assert.equal(win.document.querySelector(`label[for="${input.id}"]`)?.textContent, c.label.ko);
    }
    assert.equal(drawn.length, 1);
    assert.match(el.querySelector(".bpl-experiment-readout")!.textContent!, /^정확도 \d+ % ·/);
    const lr = win.document.getElementById("bpl-exp-training-lr") as HTMLInputElement;
    assert.equal(lr.value, "0.5");
    lr.value = "0.1";
    lr.dispatchEvent(new dom.window.Event("input", { bubbles: true }));
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(drawn.length, 2);
    assert.match(win.location.hash, /training:lr=0\.1&/);
  });

  /** A page with panels, a stand-in plotly.js that records each draw, and the panels' elements. */
  const setup = (body: string, url = "http://localhost/lesson.html") => {
    const dom = new JSDOM(body, { url, pretendToBeVisual: true });
    const win = dom.window as unknown as Window;
    const drawn: { el: HTMLElement; data: unknown[] }[] = [];
    const plotly = { react: async (el: HTMLElement, data: unknown[]) => void drawn.push({ el, data }) };
    const panels = [...win.document.querySelectorAll<HTMLElement>(".bpl-experiment")];
    return { dom, win, drawn, plotly, panels };
  };

  it("with a data-key, reads and writes its own part of the hash (the course file's panels)", async () => {
    const { dom, win, plotly, panels } = setup(
      '<div class="bpl-experiment" data-experiment="training" data-key="ko-06-training"></div>',
      "http://localhost/course.html#en-04-training:lr=0.3|ko-06-training:lr=0.7",
    );
    mountExperiment(panels[0], plotly, win);
    const lr = win.document.getElementById("bpl-exp-ko-06-training-lr") as HTMLInputElement;
    assert.equal(lr.value, "0.7");
    lr.value = "0.2";
    lr.dispatchEvent(new dom.window.Event("input", { bubbles: true }));
    assert.match(win.location.hash, /^#en-04-training:lr=0\.3\|ko-06-training:lr=0\.2&/);
    assert.equal(hashNames("ko-06-training", win.location.hash), true);
    assert.equal(hashNames("training", win.location.hash), false);
  });

  it("keeps its settings when a link elsewhere changes the hash, and follows a hash that names it", async () => {
    const { dom, win, drawn, plotly, panels } = setup('<div class="bpl-experiment" data-experiment="training"></div>');
    mountExperiment(panels[0], plotly, win);
    const lr = win.document.getElementById("bpl-exp-training-lr") as HTMLInputElement;
    lr.value = "0.5";
    lr.dispatchEvent(new dom.window.Event("input", { bubbles: true }));
    await new Promise((r) => setTimeout(r, 100));
    const before = drawn.length;
    win.location.hash = "#Watching-the-model-learn";
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(lr.value, "0.5");
    assert.equal(drawn.length, before, "no redraw for a hash that does not name the panel");
    win.location.hash = "#training:lr=0.05";
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(lr.value, "0.05");
    assert.equal(drawn.length, before + 1);
  });

  it("two panels of one kind on a page get their own controls, and mount() mounts each once", () => {
    const { win, drawn, plotly, panels } = setup(
      '<div class="bpl-experiment" data-experiment="network"></div><div class="bpl-experiment" data-experiment="network"></div>',
    );
    for (const el of panels) mount(el, plotly);
    mount(panels[0], plotly);
    assert.equal(drawn.length, 2);
    assert.ok(win.document.getElementById("bpl-exp-network-hidden"));
    assert.ok(win.document.getElementById("bpl-exp-network-2-hidden"));
    assert.equal(win.document.querySelectorAll('label[for="bpl-exp-network-2-hidden"]').length, 1);
  });

  it(`draws at most ${PANEL_CURVES} step curves (a redraw within 100 ms), and counts every step`, () => {
    for (const epochs of [10, 1000]) {
      const settings = clampSteps(training, { ...training.defaults, epochs, samples: 200 }, "en").settings;
      const { figure, readout, steps } = training.run(settings, "en");
      const curves = figure.data
        .filter((t) => (t as { line?: { color?: string } }).line?.color === "skyblue")
        .reduce((n, t) => n + ((t as { x: unknown[] }).x.filter((v) => v === null).length ?? 0), 0);
      assert.ok(curves <= PANEL_CURVES + 1, `${curves} curves for ${epochs} epochs`);
      assert.equal(steps, (settings.epochs as number) * 200);
      assert.match(readout, new RegExp(`· ${steps} steps$`));
    }
  });

  it("compiles for the browser as one small script (the lessons' math and figures inside)", () => {
    const js = experimentBundle();
    assert.ok(js.length < 120_000, `${js.length} bytes`);
    assert.match(js, /backpropLabExperiments/);
  });
});
