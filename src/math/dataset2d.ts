// Data with two inputs, for lessons 8 and 9: the four XOR points, and a seeded cloud of points
// labelled like XOR by quadrant — the first data a single neuron cannot separate with one line.
import { MAX_SAMPLES } from "./limits";
import { pickRng, type Rng, type Seed } from "./random";
import { atMost, integer, options } from "./validate";

/** A dataset with two inputs per sample: X[i] = [x1, x2], Y[i] its 0/1 label. */
export interface Dataset2D {
  X: number[][];
  Y: (0 | 1)[];
}

/** The four XOR points: the label is 1 when exactly one input is 1. */
export function xorPoints(): Dataset2D {
  return {
    X: [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ],
    Y: [0, 1, 1, 0],
  };
}

/** Settings for makeXorDataset; give either a seed or an rng. */
export interface XorDatasetOptions {
  nSamples: number;
  seed?: Seed;
  rng?: Rng;
}

/**
 * XOR as a cloud: nSamples points drawn uniformly from the four squares 0.1 ≤ |x1|, |x2| ≤ 1,
 * labelled 1 when x1 and x2 have opposite signs (one "on", the other "off") — the four XOR points
 * spread over four quadrants. The empty band of 0.2 along each axis (as in TensorFlow Playground's
 * XOR) keeps the classes apart, so a model that learns the pattern can get every point right.
 */
export function makeXorDataset(opts: XorDatasetOptions): Dataset2D {
  const fn = "makeXorDataset";
  const { nSamples, seed, rng } = options(fn, opts);
  integer(fn, "nSamples", nSamples);
  atMost(fn, "nSamples", nSamples, MAX_SAMPLES, "more would not fit a lesson's kernel; the charts show a few hundred");
  const random = pickRng(fn, seed, rng);
  const X: number[][] = [];
  const Y: (0 | 1)[] = [];
  for (let i = 0; i < nSamples; i++) {
    const x1 = awayFromAxis(2 * random.uniform() - 1);
    const x2 = awayFromAxis(2 * random.uniform() - 1);
    X.push([x1, x2]);
    Y.push(x1 > 0 !== x2 > 0 ? 1 : 0);
  }
  return { X, Y };
}

/** Moves u in [−1, 1] out of the band |u| < 0.1: [0, 1] onto [0.1, 1], [−1, 0) onto [−1, −0.1). */
function awayFromAxis(u: number): number {
  return u >= 0 ? 0.1 + 0.9 * u : -0.1 + 0.9 * u;
}
