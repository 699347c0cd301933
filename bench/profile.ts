// Reads a V8 .cpuprofile (node --cpu-prof) and says where the time went: the functions with the
// most self time, and, for one function, the source lines its samples landed on.
import fs from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  positionTicks?: { line: number; ticks: number }[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Notes: the top self-time functions, then the hottest lines of `fnName` in the file ending `urlSuffix`. */
export function summariseProfile(file: string, fnName: string, urlSuffix: string, source: string): string[] {
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfTime = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    if (!node) return;
    const { functionName, url, lineNumber } = node.callFrame;
    const key = `${functionName || "(anonymous)"} ${url.split("/").pop() || ""}:${lineNumber + 1}`;
    const dt = profile.timeDeltas[i] ?? 0;
    selfTime.set(key, (selfTime.get(key) ?? 0) + dt);
    total += dt;
  });
  const busy = [...selfTime].filter(([key]) => !key.startsWith("(idle)") && !key.startsWith("(program)"));
  const busyTotal = busy.reduce((sum, [, t]) => sum + t, 0);
  const top = busy
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([key, t]) => `${key} ${((100 * t) / busyTotal).toFixed(0)}%`);
  const notes = [`- self time (of ${(total / 1000).toFixed(0)} ms sampled): ${top.join(", ")}`];

  const lines = source.split("\n");
  const ticks = new Map<number, number>();
  for (const node of profile.nodes) {
    if (node.callFrame.functionName !== fnName || !node.callFrame.url.endsWith(urlSuffix)) continue;
    // Optimised code also reports ticks of inlined callees, at their own files' line numbers: keep
    // only lines inside this function (from its first line to the next "}" in column 0).
    const first = node.callFrame.lineNumber + 1;
    let last = first;
    while (last < lines.length && lines[last - 1] !== "}") last++;
    for (const { line, ticks: n } of node.positionTicks ?? []) {
      if (line >= first && line <= last) ticks.set(line, (ticks.get(line) ?? 0) + n);
    }
  }
  const lineTotal = [...ticks.values()].reduce((a, b) => a + b, 0);
  if (lineTotal > 0) {
    const hot = [...ticks]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 16)
      .map(([line, n]) => `\`${(lines[line - 1] ?? "?").trim()}\` ${((100 * n) / lineTotal).toFixed(0)}%`);
    notes.push(`- ${fnName}()'s own lines in ${urlSuffix} by samples (inlined callees excluded): ${hot.join(", ")}`);
  }
  return notes;
}
