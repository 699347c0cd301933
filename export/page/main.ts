// The browser entry of the page's script (bundled by export/bundle.ts): starts the page, and
// leaves its state on window.backpropLab for the tests and the benchmark.
import { start } from "./runtime";

(window as unknown as { backpropLab?: ReturnType<typeof start> }).backpropLab = start();
