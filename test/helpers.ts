// Shared test helpers: where ../shared lives, and the blog's fixture.
import { readFileSync } from "node:fs";
import path from "node:path";

/** The project's root folder. */
export const ROOT = path.resolve(__dirname, "..");

/** The read-only material beside the project (fixtures, reference figures, the blog). */
export const SHARED = process.env.BACKPROP_SHARED ?? path.resolve(ROOT, "..", "shared");

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

/** The blog's numpy run on one dataset: see ../shared/README.md. */
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

/** Loads ../shared/fixtures/blog-full-code.json once. */
export function blogFixture(): BlogFixture {
  cached ??= JSON.parse(readFileSync(path.join(SHARED, "fixtures", "blog-full-code.json"), "utf8")) as BlogFixture;
  return cached;
}

/** |a − b| / max(|a|, |b|), 0 when both are equal. */
export function rel(a: number, b: number): number {
  return a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
}
