// The starting point the lessons share: lesson 4's data and initial parameters, from seed 2023.
import { makeDataset } from "../math/dataset";
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
