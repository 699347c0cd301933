// Shared test helpers: the project's root, and the blog's numpy run committed as a fixture.
import { readFileSync } from "node:fs";
import path from "node:path";
import { BCELoss, LinearFunction, Sigmoid, makeDataset, makeRng } from "../src";

/** The project's root folder. */
export const ROOT = path.resolve(__dirname, "..");

/**
 * The blog's numpy run, every step: written by reference/blog_numpy.py (see reference/README.md),
 * so the oracle the port is tested against is code in this repository.
 */
export const BLOG_FIXTURE = path.join(ROOT, "test", "fixtures", "blog-numpy-run.json");

/** One SGD step as the blog's numpy code computed it. */
export interface FixtureStep {
  epoch: number;
  i: number;
  z: number;
  pred: number;
  loss: number;
  dloss_dpred: number;
  dloss_dz: number;
  w: number;
  b: number;
}

/** The blog's numpy run on one dataset: see reference/README.md. */
export interface BlogFixture {
  case: { seed: number; n_samples: number; decision_boundary: number; direction: string; epochs: number; lr: number };
  X: number[];
  Y: (0 | 1)[];
  w0: number;
  b0: number;
  forward_losses: number[];
  steps: FixtureStep[];
}

let cached: BlogFixture | undefined;

/** Loads test/fixtures/blog-numpy-run.json once. */
export function blogFixture(): BlogFixture {
  cached ??= JSON.parse(readFileSync(BLOG_FIXTURE, "utf8")) as BlogFixture;
  return cached;
}

/** |a − b| / max(|a|, |b|), 0 when both are equal. */
export function rel(a: number, b: number): number {
  return a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
}

/**
 * Lesson 2's "forward만 실행": the loss of each sample under the untrained model, as src/ computes
 * it for the lessons' setup (seed 2023 draws the data, then w and b, from one generator).
 */
export function lessonForwardLosses(): number[] {
  const rng = makeRng(2023);
  const data = makeDataset({ nSamples: 100, decisionBoundary: 0, direction: "pos", rng });
  const linear = new LinearFunction({ rng });
  const sigmoid = new Sigmoid();
  const lossFn = new BCELoss();
  return data.X.map((x, i) => lossFn.forward(sigmoid.forward(linear.forward(x)), data.Y[i]));
}
