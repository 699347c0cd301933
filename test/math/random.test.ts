// Seeded randomness and the blog's dataset.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { labelFor, makeDataset, makeRng } from "../../src";

describe("makeRng", () => {
  it("the same seed gives the same numbers, run after run", () => {
    const a = makeRng(2023);
    const b = makeRng(2023);
    const draws = (r: ReturnType<typeof makeRng>) =>
      Array.from({ length: 50 }, (_, i) => (i % 2 ? r.uniform() : r.normal()));
    assert.deepEqual(draws(a), draws(b));
  });

  it("the numbers are pinned: seed 2023 starts with these on every machine", () => {
    // seedrandom's ARC4 and Box–Muller are pure arithmetic; a change here breaks every lesson's numbers.
    const r = makeRng(2023);
    assert.deepEqual(
      [r.uniform(), r.normal(), r.normal()].map((v) => v.toFixed(12)),
      ["0.005971657333", "0.617769597659", "0.967561834019"],
    );
  });

  it("different seeds give different streams, numbers and strings alike", () => {
    const first = (seed: number | string) => makeRng(seed).normal();
    const values = new Set([first(1), first(2), first("1x"), first("class A")]);
    assert.equal(values.size, 4);
  });

  it("seeds whose digits repeat (1, 11, 111) give different streams", () => {
    // seedrandom alone gives "1", "11" and "111" the same stream; makeRng must not.
    const firsts = new Set([1, 11, 111, 1111, "ab", "abab"].map((seed) => makeRng(seed).uniform()));
    assert.equal(firsts.size, 6);
    const starts = new Set(Array.from({ length: 5000 }, (_, seed) => makeRng(seed).uniform()));
    assert.equal(starts.size, 5000);
  });

  it("normal() has the mean and spread it is asked for", () => {
    const r = makeRng("moments");
    const n = 200_000;
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < n; i++) {
      const v = r.normal(7, 2);
      sum += v;
      sumSq += v * v;
    }
    const mean = sum / n;
    const std = Math.sqrt(sumSq / n - mean * mean);
    assert.ok(Math.abs(mean - 7) < 0.02, `mean ${mean}`);
    assert.ok(Math.abs(std - 2) < 0.02, `std ${std}`);
  });

  it("uniform() stays in [0, 1)", () => {
    const r = makeRng(5);
    for (let i = 0; i < 10_000; i++) {
      const u = r.uniform();
      assert.ok(u >= 0 && u < 1);
    }
  });
});

describe("makeDataset", () => {
  it("labels x > boundary as 1 for 'pos', like the blog", () => {
    const d = makeDataset({ nSamples: 500, decisionBoundary: 7, direction: "pos", seed: 1 });
    assert.equal(d.X.length, 500);
    d.X.forEach((x, i) => assert.equal(d.Y[i], x > 7 ? 1 : 0));
  });

  it("labels x < boundary as 1 for 'neg'", () => {
    const d = makeDataset({ nSamples: 500, decisionBoundary: -3, direction: "neg", seed: 1 });
    d.X.forEach((x, i) => assert.equal(d.Y[i], x < -3 ? 1 : 0));
    assert.equal(labelFor(-4, -3, "neg"), 1);
    assert.equal(labelFor(-3, -3, "neg"), 0);
  });

  it("centres X on the boundary with the blog's spread of 2 (or the std it is given)", () => {
    const d = makeDataset({ nSamples: 20_000, decisionBoundary: 7, direction: "pos", seed: 3 });
    const mean = d.X.reduce((s, x) => s + x, 0) / d.X.length;
    const std = Math.sqrt(d.X.reduce((s, x) => s + (x - mean) ** 2, 0) / d.X.length);
    assert.ok(Math.abs(mean - 7) < 0.05 && Math.abs(std - 2) < 0.05, `mean ${mean}, std ${std}`);
    const narrow = makeDataset({ nSamples: 20_000, decisionBoundary: 0, direction: "pos", std: 0.5, seed: 3 });
    assert.ok(Math.max(...narrow.X.map(Math.abs)) < 3);
  });

  it("the same seed gives the same data; a different seed different data", () => {
    const make = (seed: number) => makeDataset({ nSamples: 100, decisionBoundary: 0, direction: "pos", seed });
    assert.deepEqual(make(9), make(9));
    assert.notDeepEqual(make(9).X, make(10).X);
  });

  it("draws from a shared rng, so the model's w and b can come from the same stream as in the blog", () => {
    const r1 = makeRng(4);
    const d = makeDataset({ nSamples: 10, decisionBoundary: 0, direction: "pos", rng: r1 });
    const r2 = makeRng(4);
    const X = Array.from({ length: 10 }, () => r2.normal(0, 2));
    assert.deepEqual(d.X, X);
    assert.equal(r1.normal(), r2.normal());
  });
});
