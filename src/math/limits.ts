// How big an experiment may get. The lessons invite "try a bigger one", and a kernel that runs out of
// memory takes the learner's variables with it (on a shared hub, other students' kernels too). Every
// public function that could grow without bound checks its size against one of these limits first
// and, past it, refuses with a message that says what to do instead. They are chosen to fit a
// learner's laptop and a hub that gives each kernel about 1 GB, not what one machine survives.

/** The most samples makeDataset and makeXorDataset draw (1e6 samples ≈ 16 MB in JavaScript arrays). */
export const MAX_SAMPLES = 1_000_000;

/** The most points linspace makes (1e6 numbers ≈ 8 MB). */
export const MAX_POINTS = 1_000_000;

/**
 * The most SGD steps train() and trainNetwork() record one by one: about 100 bytes a step for the
 * 1-D model (14 values), so 1e6 steps ≈ 100 MB. Longer runs record every k-th step, or per epoch.
 */
export const MAX_RECORDED_STEPS = 1_000_000;

/** The most per-epoch summaries a run keeps (one small object each; 1e6 ≈ 80 MB). */
export const MAX_EPOCHS = 1_000_000;

/**
 * The most SGD steps one call may take, whatever it records: 2e8 steps of the 1-D model take about
 * half a minute (a few minutes for the network), and Kernel → Interrupt stops them at any point.
 */
export const MAX_STEPS = 200_000_000;

/** The most hidden units of the network lessons (a step then costs ~1 µs; the charts stay readable). */
export const MAX_HIDDEN = 64;

/** The most curves, frames or points a figure draws per series: more cannot be told apart on screen. */
export const MAX_FIGURE_CURVES = 1000;

/** The size a figure's JSON is built to stay under, whatever the run (the lessons' charts are 0.1–1 MB). */
export const FIGURE_BUDGET_BYTES = 2_000_000;

/** The size above which show() refuses to send a figure to the notebook (it would be saved in the file). */
export const SHOW_LIMIT_BYTES = 5_000_000;

/** A count written as a reader writes it: 1000, 100 000, 2.5e7, 1e9. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n) || !Number.isInteger(n)) return String(n);
  if (Math.abs(n) >= 1e7) return n.toExponential().replace("e+", "e");
  if (Math.abs(n) < 1e4) return String(n);
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, " ");
}

/** The most points one line of a chart holds (a loss per step, a path over the loss surface). */
export const MAX_FIGURE_POINTS = 4000;
