// The starting points the lessons share, from seed 2023: lesson 4's data and initial parameters, and
// lesson 8's XOR cloud and network. The checkers, the bug galleries and the exported pages' experiment
// panels all start from here, so every screen in the room shows the same numbers.
import { makeDataset } from "../math/dataset";
import { makeXorDataset } from "../math/dataset2d";
import { initNetwork, type NetworkParams } from "../math/network";
import { makeRng } from "../math/random";

/** Lesson 4's run: seed 2023 draws 100 samples around boundary 0, then w0 and b0; lr 0.01, 10 epochs. */
export const LESSON_RUN = { seed: 2023, nSamples: 100, decisionBoundary: 0, lr: 0.01, epochs: 10 } as const;

/** Lesson 4's data and starting point: the same numbers on every screen in the room. */
export function lessonStart(): { X: number[]; Y: (0 | 1)[]; w0: number; b0: number } {
  const rng = makeRng(LESSON_RUN.seed);
  const data = makeDataset({
    nSamples: LESSON_RUN.nSamples,
    decisionBoundary: LESSON_RUN.decisionBoundary,
    direction: "pos",
    rng,
  });
  // The blog draws w first, then b, from the same stream, right after the data.
  const w0 = rng.normal();
  const b0 = rng.normal();
  return { X: data.X, Y: data.Y, w0, b0 };
}

/** Lesson 8's run on the XOR cloud: 200 points and the start from seed 2023, H = 4, lr 0.5, 50 epochs. */
export const NETWORK_RUN = { seed: 2023, nSamples: 200, hidden: 4, lr: 0.5, epochs: 50 } as const;

/** Lesson 8's XOR cloud and starting parameters: the same numbers on every screen in the room. */
export function networkLessonStart(): { X: number[][]; Y: (0 | 1)[]; params: NetworkParams } {
  const { X, Y } = makeXorDataset({ nSamples: NETWORK_RUN.nSamples, seed: NETWORK_RUN.seed });
  return { X, Y, params: initNetwork({ hidden: NETWORK_RUN.hidden, seed: NETWORK_RUN.seed }) };
}
