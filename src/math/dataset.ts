// The blog's "Dataset 만들기": X ~ N(decisionBoundary, std²), labelled by which side of the
// boundary each x falls on.
import { pickRng, type Rng, type Seed } from "./random";
import { MAX_SAMPLES } from "./limits";
import { atMost, fail, finite, integer, options, positive } from "./validate";

/** Which side of the boundary is labelled 1: 'pos' means x > boundary, 'neg' means x < boundary. */
export type Direction = "pos" | "neg";

/** Settings for makeDataset. Give either a seed or an rng. */
export interface DatasetOptions {
  nSamples: number;
  decisionBoundary: number;
  direction: Direction;
  /** Standard deviation of X around the boundary; the blog uses 2. */
  std?: number;
  seed?: Seed;
  rng?: Rng;
}

/** A 1-D classification dataset: inputs X and 0/1 labels Y, plus the settings that made it. */
export interface Dataset {
  X: number[];
  Y: (0 | 1)[];
  nSamples: number;
  decisionBoundary: number;
  direction: Direction;
  std: number;
}

/** Draws the blog's dataset: nSamples points around decisionBoundary, labelled by direction. */
export function makeDataset(opts: DatasetOptions): Dataset {
  const fn = "makeDataset";
  const { nSamples, decisionBoundary, direction, std = 2, seed, rng } = options(fn, opts);
  integer(fn, "nSamples", nSamples);
  atMost(fn, "nSamples", nSamples, MAX_SAMPLES, "more would not fit a lesson's kernel; the charts show a few hundred");
  finite(fn, "decisionBoundary", decisionBoundary);
  if (direction !== "pos" && direction !== "neg") fail(fn, `direction must be 'pos' or 'neg'`, direction);
  positive(fn, "std", std);
  const random = pickRng(fn, seed, rng);

  const X: number[] = [];
  const Y: (0 | 1)[] = [];
  for (let i = 0; i < nSamples; i++) {
    const x = random.normal(decisionBoundary, std);
    X.push(x);
    Y.push(labelFor(x, decisionBoundary, direction));
  }
  return { X, Y, nSamples, decisionBoundary, direction, std };
}

/** The blog's labelling rule: 1 when x is on the `direction` side of the boundary, else 0. */
export function labelFor(x: number, decisionBoundary: number, direction: Direction): 0 | 1 {
  const above = direction === "pos" ? x > decisionBoundary : x < decisionBoundary;
  return above ? 1 : 0;
}
