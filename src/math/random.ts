// Seeded randomness. numpy's `np.random.normal` is replaced by seedrandom (a portable PRNG: the
// same seed gives the same numbers in every browser and Node version) and a Box–Muller sampler.
import seedrandom from "seedrandom";
import { fail, finite, positive } from "./validate";

/** A seed: any number or string. Equal seeds give equal random streams. */
export type Seed = number | string;

/** A seeded source of random numbers: uniform in [0, 1) and normal N(mean, std²). */
export interface Rng {
  /** The seed this stream started from. */
  readonly seed: Seed;
  /** A uniform number in [0, 1). */
  uniform(): number;
  /** A number drawn from the normal distribution N(mean, std²); N(0, 1) by default. */
  normal(mean?: number, std?: number): number;
}

class SeededRng implements Rng {
  private readonly next: () => number;
  // Box–Muller makes normals in pairs; the second one waits here for the next call.
  private spare: number | null = null;

  constructor(readonly seed: Seed) {
    // seedrandom's key schedule repeats a short key, so "1", "11" and "111" would all give the same
    // stream; a fixed prefix makes every seed a distinct key.
    this.next = seedrandom(`backprop-lab/${seed}`);
  }

  uniform(): number {
    return this.next();
  }

  normal(mean = 0, std = 1): number {
    finite("Rng.normal", "mean", mean);
    if (std !== 0) positive("Rng.normal", "std", std);
    return mean + std * this.standardNormal();
  }

  private standardNormal(): number {
    if (this.spare !== null) {
      const z = this.spare;
      this.spare = null;
      return z;
    }
    // 1 - u lies in (0, 1], so log never sees 0.
    const radius = Math.sqrt(-2 * Math.log(1 - this.next()));
    const angle = 2 * Math.PI * this.next();
    this.spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }
}

/** Makes a seeded random stream: `makeRng(2023).normal()` is the same number on every run. */
export function makeRng(seed: Seed): Rng {
  const ok = (typeof seed === "number" && Number.isFinite(seed)) || (typeof seed === "string" && seed !== "");
  if (!ok) fail("makeRng", "seed must be a finite number or a non-empty string", seed);
  return new SeededRng(seed);
}

/** Checks that `value` looks like an Rng (has uniform() and normal()). */
export function isRng(value: unknown): value is Rng {
  const r = value as Rng | null;
  return typeof r === "object" && r !== null && typeof r.uniform === "function" && typeof r.normal === "function";
}

/** Resolves "seed or rng" options to one Rng; exactly one of the two must be given. */
export function pickRng(fn: string, seed: Seed | undefined, rng: Rng | undefined): Rng {
  if (rng !== undefined) {
    if (seed !== undefined) fail(fn, "give either seed or rng, not both; seed", seed);
    if (!isRng(rng)) fail(fn, "rng must come from makeRng(seed)", rng);
    return rng;
  }
  if (seed === undefined) fail(fn, "seed (or rng) is required so that the data is reproducible", seed);
  return makeRng(seed);
}
