// Binary data inside an HTML page, as text: gzip-compressed bytes written seven bits to a character
// (Kevin Albertson's "base-122" idea). An offline page must hold plotly.js, 4.8 MB of JavaScript;
// gzip makes it 1.5 MB, and base64 would make that 2.0 MB of text again. Here most characters are
// one UTF-8 byte that carries 7 bits, so 1.5 MB of gzip becomes 1.7 MB of page.
//
// Three 7-bit values cannot stand for themselves inside <script>: NUL (the parser turns it into
// U+FFFD), CR (the parser turns CR LF into LF) and "<" (it could start "</script"). Each of them is
// written together with the next 7 bits as one character from U+0100 to U+027F (two UTF-8 bytes
// for 14 bits, still no loss).
//
// packText runs in Node when the page is exported; unpackText runs in the page (export/page/runtime.ts)
// and in the tests.

/** The 7-bit values that are written as part of a two-byte character, in escape order. */
export const ESCAPED = [0, 13, 60] as const;

/** The first code point of the escapes: U+0100 (clear of the C1 control characters U+0080–U+009F). */
const ESCAPE_BASE = 2;

/** `bytes` as text that can sit inside an HTML <script> element unchanged (see the file's head). */
export function packText(bytes: Uint8Array): string {
  const chunks = Math.ceil((bytes.length * 8) / 7);
  const out: string[] = [];
  let acc = 0;
  let bits = 0;
  let i = 0;
  const next = (): number => {
    if (bits < 7) {
      acc = (acc << 8) | (i < bytes.length ? bytes[i] : 0);
      i++;
      bits += 8;
    }
    bits -= 7;
    const v = (acc >> bits) & 127;
    acc &= (1 << bits) - 1;
    return v;
  };
  for (let k = 0; k < chunks; k++) {
    const v = next();
    const escape = (ESCAPED as readonly number[]).indexOf(v);
    if (escape === -1) out.push(String.fromCharCode(v));
    else {
      // The last chunk may have no partner: 7 zero bits, which unpackText drops (it knows the length).
      const w = k + 1 < chunks ? next() : 0;
      k++;
      out.push(String.fromCharCode(((escape + ESCAPE_BASE) << 7) | w));
    }
  }
  return out.join("");
}

/** The `length` bytes that packText wrote as `text`. Throws if the text is not such a packing. */
export function unpackText(text: string, length: number): Uint8Array {
  if (!Number.isInteger(length) || length < 0)
    throw new RangeError(`unpackText: length must be a byte count, got ${length}`);
  // ESCAPED, and ESCAPE_BASE = 2.
  const escapes = [0, 13, 60];
  const out = new Uint8Array(length + 2);
  let acc = 0;
  let bits = 0;
  let k = 0;
  // One pass, no calls: plotly.js is 1.7 million characters (about 20 ms).
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 128) {
      const escaped = escapes[(c >> 7) - 2];
      if (escaped === undefined || c > 0x27f) {
        throw new RangeError(`unpackText: character U+${c.toString(16).padStart(4, "0")} at ${i} is not packed data`);
      }
      acc = (acc << 7) | escaped;
      bits += 7;
      if (bits >= 8) {
        bits -= 8;
        out[k++] = acc >> bits;
        acc &= (1 << bits) - 1;
      }
      c &= 127;
    }
    acc = (acc << 7) | c;
    bits += 7;
    if (bits >= 8) {
      bits -= 8;
      out[k++] = acc >> bits;
      acc &= (1 << bits) - 1;
    }
  }
  // The last character may carry up to 13 padding bits: at most one byte past `length`.
  if (k < length || k > length + 1) throw new RangeError(`unpackText: the text holds ${k} bytes, not ${length}`);
  return out.subarray(0, length);
}
