// One kernel start's TypeScript work, in a fresh process, as scripts/kernel.js does it with the speed-ups
// BACKPROP_LAB_KERNEL_OFF leaves on: load TypeScript, make tslab's converter, convert a lesson's first
// cells (a trivial one, then the imports of the three rooms). Prints its CPU and wall time as one JSON
// line. bench/kernel.ts runs it once per speed-up turned off: CPU time is what other processes on the
// machine disturb least. (Plain JavaScript, so that no loader of ours is in the measurement.)
"use strict";
const path = require("node:path");
const v8 = require("node:v8");

const ROOT = path.resolve(__dirname, "..");
const IMPORTS =
  'import { makeDataset, train } from "./src/index";\n' +
  'import { trainingFigure } from "./src/figures/index";\nimport { show } from "./src/display/index";';

const [t0, cpu0] = [performance.now(), process.cpuUsage()];
const kernel = require(path.join(ROOT, "scripts", "kernel.js"));
const off = (process.env.BACKPROP_LAB_KERNEL_OFF || "").split(",");
if (kernel.V8_FLAGS.length) v8.setFlagsFromString(kernel.V8_FLAGS.join(" "));
const { dist, tsPath } = kernel.locateTslab();
const { ts } = kernel.loadTypeScript(tsPath);
if (!off.includes("prebuilt")) {
  const state = kernel.readBuild(tsPath);
  if (!state.ok) throw new Error("kernel-start: the src/ build is not up to date; run node scripts/kernel.js --build");
  kernel.usePrecompiledSrc(ts, state);
}
process.chdir(path.join(ROOT, "notebooks"));
const converter = require(path.join(dist, "converter.js")).createConverter({ isJS: false, isBrowser: false });
converter.convert("", "const probeFirst = 1;");
const { diagnostics } = converter.convert("", IMPORTS);
if (diagnostics.length) throw new Error(`kernel-start: ${diagnostics.map((d) => d.messageText).join("; ")}`);
converter.close();
const cpu = process.cpuUsage(cpu0);
console.log(JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, wallMs: performance.now() - t0 }));
