// Binary data inside the page as text (export/page/packing.ts), and the page's script that unpacks
// it (export/page/runtime.ts): every byte comes back, the text survives an HTML parser unchanged,
// and it costs 8/7 of the gzip stream instead of base64's 4/3.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, test } from "node:test";
import { gunzipSync } from "node:zlib";
import { JSDOM } from "jsdom";
import { ESCAPED, packText, unpackText } from "../../export/page/packing";
import { langOf, PACKED_TYPE, start, unpackScript } from "../../export/page/runtime";
import { pack, packedScript } from "../../scripts/export/pack";

describe("packText and unpackText", () => {
  test("every byte value, at every length up to 300, comes back exactly", () => {
    for (let n = 0; n <= 300; n++) {
      const bytes = new Uint8Array(n).map((_, i) => (i * 97 + n) & 255);
      assert.deepEqual(unpackText(packText(bytes), n), bytes, `length ${n}`);
    }
    const random = new Uint8Array(randomBytes(100_000));
    assert.deepEqual(unpackText(packText(random), random.length), random);
  });

  test("zeros, whose 7-bit chunks are all escapes, come back too", () => {
    for (const n of [1, 7, 8, 9, 64]) {
      const zeros = new Uint8Array(n);
      assert.deepEqual(unpackText(packText(zeros), n), zeros);
    }
  });

  test("writes no NUL, no CR and no '<', and nothing past U+027F", () => {
    const text = packText(new Uint8Array(randomBytes(50_000)));
    assert.deepEqual(ESCAPED, [0, 13, 60]);
    assert.doesNotMatch(text, /[\0\r<]/);
    assert.ok([...text].every((c) => c.charCodeAt(0) < 0x80 || (c.charCodeAt(0) >= 0x100 && c.charCodeAt(0) <= 0x27f)));
  });

  test("costs about 8/7 of the bytes in UTF-8 (base64 costs 4/3)", () => {
    const bytes = new Uint8Array(randomBytes(140_000));
    const size = Buffer.byteLength(packText(bytes), "utf8");
    assert.ok(size / bytes.length < 1.16, `${(size / bytes.length).toFixed(3)}`);
  });

  test("refuses text that is not packed data, and a wrong length", () => {
    assert.throws(() => unpackText("abc€", 3), /unpackText: character U\+20ac at 3 is not packed data/);
    assert.throws(() => unpackText(packText(new Uint8Array(10)), 20), /holds 10 bytes, not 20|holds \d+ bytes, not 20/);
    assert.throws(() => unpackText("", -1), /length must be a byte count, got -1/);
  });
});

describe("a packed script in the page", () => {
  const js = "window.answer = 42; // " + "plotly ".repeat(5000);

  test("pack gzips the text: the packed bytes gunzip to it", () => {
    const packed = pack(js);
    assert.equal(gunzipSync(unpackText(packed.text, packed.bytes)).toString("utf8"), js);
    assert.ok(packed.text.length < js.length / 10, "repetitive text shrinks");
  });

  test("survives the HTML parser: the element's text is exactly the packed text", () => {
    const packed = pack(new Uint8Array(randomBytes(20_000)));
    const dom = new JSDOM(`<!DOCTYPE html><body>${packedScript("data", packed)}</body>`);
    const el = dom.window.document.getElementById("data")!;
    assert.equal(el.getAttribute("type"), PACKED_TYPE);
    assert.equal(el.textContent, packed.text);
    assert.equal(Number(el.getAttribute("data-bytes")), packed.bytes);
  });

  test("the page's script unpacks and gunzips it with DecompressionStream", async () => {
    const dom = new JSDOM(`<!DOCTYPE html><body>${packedScript("code", pack(js))}</body>`);
    const blob = await unpackScript(dom.window.document, "code");
    assert.equal(await blob.text(), js);
    await assert.rejects(unpackScript(dom.window.document, "missing"), /the page has no packed data #missing/);
  });

  test("packedScript refuses an id that could break out of its attribute", () => {
    assert.throws(() => packedScript('x" onload="y', pack("a")), /packedScript: id must be letters/);
  });
});

describe("the page's script without DecompressionStream (a browser before 2023)", () => {
  test("says, in the page's language, what browser the charts and panels need", async () => {
    const dom = new JSDOM(
      `<!DOCTYPE html><html lang="ko"><body><div class="bpl-figure" id="c"><p>차트</p></div>` +
        `<div lang="en"><div class="bpl-experiment" data-experiment="training"></div></div></body></html>`,
    );
    const win = dom.window as unknown as Window;
    assert.equal((win as unknown as { DecompressionStream?: unknown }).DecompressionStream, undefined);
    assert.equal(start(win), undefined);
    await new Promise((r) => setTimeout(r, 0));
    const notes = [...dom.window.document.querySelectorAll(".bpl-unsupported")].map((p) => p.textContent);
    assert.equal(notes.length, 2);
    assert.match(notes[0]!, /DecompressionStream.*Chrome·Edge 80, Firefox 113, Safari 16\.4/);
    assert.match(notes[0]!, /브라우저/);
    assert.match(notes[1]!, /^This browser cannot unpack the page's charts: they need DecompressionStream/);
  });

  test("a page with nothing to draw needs no script at all", () => {
    const dom = new JSDOM(`<!DOCTYPE html><body><p>text</p></body>`);
    assert.equal(start(dom.window as unknown as Window), undefined);
    assert.equal(dom.window.document.querySelectorAll(".bpl-unsupported").length, 0);
  });

  test("langOf reads the nearest lang attribute", () => {
    const doc = new JSDOM(`<html lang="en"><body><article lang="ko-KR"><p id="p">x</p></article></body></html>`).window
      .document;
    assert.equal(langOf(doc.getElementById("p")!), "ko");
    assert.equal(langOf(doc.body), "en");
  });
});
