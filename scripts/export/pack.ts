// Data the page unpacks itself: gzip-compressed, written as text with export/page/packing.ts, in a
// <script> of a type the browser does not run. export/page/runtime.ts unpacks it with the browser's
// DecompressionStream. plotly.js (4.8 MB) goes in as 1.7 MB; a chart's figure data shrinks 5–15×.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { packText } from "../../export/page/packing";
import { PACKED_TYPE } from "../../export/page/runtime";

/** Where packings of large files (plotly.js) are kept between exports, keyed by their content. */
const CACHE = path.resolve(__dirname, "..", "..", "node_modules", ".cache", "backprop-lab", "packed");

/** A packed `data`: its byte count after gzip, and the text that holds those bytes. */
export interface Packed {
  bytes: number;
  text: string;
}

/** `data` gzip-compressed (level 9) and written as packed text. */
export function pack(data: string | Uint8Array): Packed {
  const gz = gzipSync(typeof data === "string" ? Buffer.from(data, "utf8") : data, { level: 9 });
  return { bytes: gz.length, text: packText(gz) };
}

/**
 * pack(), kept on disk for large inputs: plotly.js takes ≈ 0.5 s to compress, and every page of an
 * export (each in its own process) includes it. A cache that cannot be written is simply skipped.
 */
export function packCached(data: string): Packed {
  if (data.length < 1_000_000) return pack(data);
  const key = createHash("sha256").update(data).digest("hex").slice(0, 32);
  const file = path.join(CACHE, `${key}.json`);
  if (existsSync(file)) {
    try {
      return JSON.parse(readFileSync(file, "utf8")) as Packed;
    } catch {
      // A damaged entry: pack again below.
    }
  }
  const packed = pack(data);
  try {
    mkdirSync(CACHE, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(packed));
    renameSync(tmp, file);
  } catch {
    // Read-only node_modules: pack each time.
  }
  return packed;
}

/** A <script> holding packed data under `id`, for export/page/runtime.ts to unpack. */
export function packedScript(id: string, packed: Packed): string {
  if (!/^[A-Za-z][\w-]*$/.test(id)) throw new RangeError(`packedScript: id must be letters, digits, - or _, got ${id}`);
  return `<script type="${PACKED_TYPE}" id="${id}" data-bytes="${packed.bytes}">${packed.text}</script>`;
}
