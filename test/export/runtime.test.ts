// The page's script (export/page/runtime.ts) draws a chart with a long slider in two steps: first
// with a short slider, so the chart is on screen sooner, then with every step back. Here the two
// figures it hands to Plotly; test/browser checks the drawn charts in a real browser.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { FIRST_SLIDER_STEPS, lightSliders } from "../../export/page/runtime";

/** A figure like the step-through's: a slider of `n` steps named "1"…"n", and a second short one. */
function sliderFigure(n: number, active = 0) {
  const steps = Array.from({ length: n }, (_, i) => ({
    label: String(i + 1),
    method: "animate",
    args: [[String(i + 1)]],
  }));
  return {
    data: [{ x: [1], y: [1] }],
    frames: steps.map((s) => ({ name: s.label, data: [] })),
    layout: {
      title: "steps",
      sliders: [{ active, steps, currentvalue: { prefix: "step " } }, { steps: steps.slice(0, 3) }],
    },
  };
}

describe("lightSliders: a chart with a long slider is drawn with a short one first", () => {
  test("a figure without a slider longer than FIRST_SLIDER_STEPS is drawn as it is, with nothing to restore", () => {
    const figure = sliderFigure(FIRST_SLIDER_STEPS);
    const { light, restore } = lightSliders(figure);
    assert.equal(light, figure);
    assert.equal(restore, undefined);
    const noSlider = { data: [], layout: {} };
    assert.equal(lightSliders(noSlider).restore, undefined);
  });

  test("the first draw has at most about FIRST_SLIDER_STEPS steps: the first, every k-th, and the last", () => {
    const figure = sliderFigure(1000);
    const { light } = lightSliders(figure);
    const labels = light.layout.sliders[0].steps.map((s) => s.label);
    assert.ok(labels.length <= FIRST_SLIDER_STEPS + 1, `${labels.length} steps`);
    assert.equal(labels[0], "1");
    assert.equal(labels.at(-1), "1000");
    assert.deepEqual(labels.slice(0, 3), ["1", "21", "41"]);
    assert.equal(light.layout.sliders[0].active, 0);
    assert.equal(light.layout.sliders[0].currentvalue, figure.layout.sliders[0].currentvalue);
  });

  test("keeps the frames, the traces, the rest of the layout and the short slider; changes nothing it was given", () => {
    const figure = sliderFigure(1000);
    const before = JSON.stringify(figure);
    const { light } = lightSliders(figure);
    assert.equal(light.frames, figure.frames);
    assert.equal(light.data, figure.data);
    assert.equal(light.layout.title, "steps");
    assert.equal(light.layout.sliders[1], figure.layout.sliders[1]);
    assert.equal(JSON.stringify(figure), before);
  });

  test("the active step is among the first draw's steps, and active there", () => {
    const { light } = lightSliders(sliderFigure(1000, 533));
    const slider = light.layout.sliders[0];
    assert.equal(slider.steps[slider.active ?? -1]?.label, "534");
  });

  test("restore gives back every step, with the slider on the step the reader left it at", () => {
    const figure = sliderFigure(1000, 533);
    const { light, restore } = lightSliders(figure);
    const untouched = restore!([light.layout.sliders[0].active, undefined]);
    assert.deepEqual(Object.keys(untouched).sort(), ["sliders[0].active", "sliders[0].steps"]);
    assert.equal(untouched["sliders[0].steps"], figure.layout.sliders[0].steps);
    assert.equal(untouched["sliders[0].active"], 533);
    // The reader moved the short slider to its third step, "41", before every step was back.
    assert.equal(restore!([2, 0])["sliders[0].active"], 40);
  });
});
