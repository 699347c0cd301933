// What the export hands out beyond each page's own content, checked in Chromium from file:// with
// the network blocked (export.test.ts runs the export once and calls handoutTests):
//
//   - the experiment panels of lessons 4, 6 and 8, in pages and slides, both languages: every
//     control changes its chart, the keyboard reaches each control, the panel fits its slide;
//   - the URL hash: a link with a panel's settings opens the panel with them, a change writes
//     them, a reload draws the same chart (on slides beside reveal's own slide position);
//   - the whole course in one file: its size, its contents' links, every chart drawn as it is
//     scrolled to, its panels, nothing fetched, no error;
//   - the Korean edition: <html lang="ko">, Hangul set in Noto Sans CJK KR, each page linked to
//     its twin, no link left pointing at a notebook.
import assert from "node:assert/strict";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { EXPERIMENTS } from "../../export/panel/experiment";
import { outsideScripts } from "../../scripts/export/page";
import { COURSE_BUDGET, COURSE_FILE, pageHref } from "../../scripts/export";
import { drawAllCharts, expectedFrom, openOffline, renderedFonts, type OfflinePage } from "./helpers";

/** A lesson the export wrote: its language, name and notebook. */
export interface ExportedLesson {
  lang: "en" | "ko";
  name: string;
  file: string;
}

/** What export.test.ts shares: the export's folder, the browser, the lessons. */
export interface HandoutContext {
  out: () => string;
  browser: () => Browser;
  lessons: readonly ExportedLesson[];
  executed: (lesson: ExportedLesson) => string;
  shots: string;
}

/** The lessons with a panel, and its kind. */
const PANELS: Record<string, string> = {
  "04-training": "training",
  "06-experiments": "training",
  "08-network": "network",
};

/** A value for each control that differs from the lesson's default (the network's data last: xor ignores samples). */
const NEW_VALUES: Record<string, [string, string][]> = {
  training: [
    ["lr", "0.3"],
    ["epochs", "3"],
    ["boundary", "2"],
    ["direction", "neg"],
    ["samples", "40"],
    ["seed", "7"],
  ],
  network: [
    ["hidden", "2"],
    ["lr", "0.1"],
    ["epochs", "20"],
    ["samples", "60"],
    ["seed", "7"],
    ["data", "xor"],
  ],
};

type PanelWindow = Window & { Reveal?: { getIndices(el?: Element): { h: number; v: number }; isReady(): boolean } };

/** Scrolls the panel into view and waits until it has drawn `after` times; returns its chart's fingerprint. */
async function panelDrawn(page: Page, selector: string, after = 1): Promise<string> {
  return page.evaluate(
    async ([sel, n]) => {
      const el = document.querySelector<HTMLElement>(sel);
      if (!el) throw new Error(`no panel ${sel}`);
      if (!el.closest(".reveal")) el.scrollIntoView({ block: "start" });
      const start = performance.now();
      while (Number(el.dataset.drawn ?? 0) < n || !el.querySelector(".bpl-experiment-chart .main-svg")) {
        if (performance.now() - start > 20_000)
          throw new Error(`panel ${sel} did not draw (${el.dataset.drawn ?? 0} of ${n})`);
        await new Promise((r) => setTimeout(r, 25));
      }
      // Plotly draws in the frame after react(): wait for it, then fingerprint what it holds.
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const chart = el.querySelector(".bpl-experiment-chart") as unknown as { data?: unknown[] };
      const json = JSON.stringify(chart.data ?? []);
      let h = 0x811c9dc5;
      for (let i = 0; i < json.length; i++) h = Math.imul(h ^ json.charCodeAt(i), 0x01000193);
      return `${json.length}:${(h >>> 0).toString(16)}`;
    },
    [selector, after] as const,
  );
}

/** How many times the panel has drawn. */
const drawCount = (page: Page, selector: string) =>
  page.evaluate((sel) => Number(document.querySelector<HTMLElement>(sel)?.dataset.drawn ?? 0), selector);

/** Sets each control to a new value, as a reader types or picks it; returns which changed the chart. */
async function exercise(
  page: Page,
  selector: string,
  kind: string,
): Promise<{ control: string; changed: boolean; ms: string }[]> {
  const results: { control: string; changed: boolean; ms: string }[] = [];
  let before = await panelDrawn(page, selector);
  for (const [key, value] of NEW_VALUES[kind]) {
    const control = page.locator(`${selector} [name="${key}"]`);
    const n = await drawCount(page, selector);
    if ((await control.evaluate((el) => el.tagName)) === "SELECT") await control.selectOption(value);
    else await control.fill(value);
    const after = await panelDrawn(page, selector, n + 1);
    const ms =
      /(\d+) ms$/.exec((await page.locator(`${selector} .bpl-experiment-readout`).textContent()) ?? "")?.[1] ?? "?";
    results.push({ control: key, changed: after !== before, ms });
    before = after;
  }
  return results;
}

/** Opens a page with the export's test harness (offline, every outside request aborted). */
const open = (ctx: HandoutContext, href: string, hash = "", init?: string): Promise<OfflinePage> =>
  openOffline(ctx.browser(), path.join(ctx.out(), href), 0, hash, init);

/** Registers the handout checks (see the file's head). */
export function handoutTests(ctx: HandoutContext): void {
  const withPanel = ctx.lessons.filter((l) => PANELS[l.name]);

  describe("experiment panels: every control changes its chart", () => {
    for (const lesson of withPanel) {
      for (const target of ["html", "slides"] as const) {
        const href = pageHref(lesson.lang, lesson.name, target);
        test(`${href}: the ${PANELS[lesson.name]} panel, every control, by keyboard and mouse`, async (t) => {
          const opened = await open(ctx, href);
          try {
            const { page } = opened;
            const selector = ".bpl-experiment";
            if (target === "slides") {
              await page.waitForFunction(() => (window as PanelWindow).Reveal?.isReady());
              await page.evaluate(() => {
                const w = window as unknown as {
                  Reveal: { getIndices(el: Element): { h: number; v: number }; slide(h: number, v: number): void };
                };
                const at = w.Reveal.getIndices(document.querySelector(".bpl-experiment")!.closest("section")!);
                w.Reveal.slide(at.h, at.v);
              });
            }
            const results = await exercise(page, selector, PANELS[lesson.name]);
            t.diagnostic(`${href}: ${results.map((r) => `${r.control} → redrawn in ${r.ms} ms`).join(", ")}`);
            assert.deepEqual(
              results.filter((r) => !r.changed).map((r) => r.control),
              [],
              "controls whose change left the chart as it was",
            );
            // The keyboard reaches every control in order, then the reset button.
            const order = await page.evaluate(() => {
              const panel = document.querySelector(".bpl-experiment")!;
              const first = panel.querySelector<HTMLElement>("input, select")!;
              first.focus();
              return [...panel.querySelectorAll("input, select, button")].map((el) => el.id || el.textContent);
            });
            const reached: (string | null | undefined)[] = [await page.evaluate(() => document.activeElement?.id)];
            for (let i = 1; i < order.length; i++) {
              await page.keyboard.press("Tab");
              reached.push(
                await page.evaluate(() => document.activeElement?.id || document.activeElement?.textContent),
              );
            }
            assert.deepEqual(reached, order);
            const labels = await page.evaluate(() =>
              [...document.querySelectorAll(".bpl-experiment input, .bpl-experiment select")].map(
                (el) => document.querySelector(`label[for="${el.id}"]`)?.textContent ?? "",
              ),
            );
            assert.deepEqual(
              labels,
              EXPERIMENTS[PANELS[lesson.name]].controls.map((c) => c.label[lesson.lang]),
            );
            if (target === "slides") {
              // It fits its slide; arrow keys in its fields stay there (reveal does not move).
              const fits = await page.evaluate(() => {
                const r = document.querySelector(".bpl-experiment")!.getBoundingClientRect();
                return r.top >= 0 && r.left >= 0 && r.bottom <= window.innerHeight && r.right <= window.innerWidth;
              });
              assert.ok(fits, "the panel is within the slide on a 1200 × 900 screen");
              const at = await page.evaluate(() => (window as PanelWindow).Reveal!.getIndices());
              await page.focus(`${selector} [name="seed"]`);
              await page.keyboard.press("ArrowDown");
              await page.keyboard.press("ArrowRight");
              await page.waitForTimeout(300);
              assert.deepEqual(await page.evaluate(() => (window as PanelWindow).Reveal!.getIndices()), at);
            }
            const shot = `panel-${lesson.lang}-${lesson.name}${target === "slides" ? ".slides" : ""}.png`;
            if (target === "slides") await page.screenshot({ path: path.join(ctx.shots, shot) });
            else await page.locator(selector).screenshot({ path: path.join(ctx.shots, shot) });
            assert.deepEqual(opened.outside, []);
            assert.deepEqual(opened.errors, []);
          } finally {
            await opened.close();
          }
        });
      }
    }
  });

  describe("the URL hash keeps a panel's settings: open with them, change one, reload", () => {
    // Both kinds of panel, both languages, pages and slides: lesson 4 in English, lesson 8 in Korean.
    const cases = withPanel.filter(
      (l) => (l.lang === "en" && l.name === "04-training") || (l.lang === "ko" && l.name === "08-network"),
    );
    for (const lesson of cases) {
      const kind = PANELS[lesson.name];
      for (const target of ["html", "slides"] as const) {
        const href = pageHref(lesson.lang, lesson.name, target);
        test(`${href}#${kind}:lr=0.2&epochs=20`, async () => {
          const opened = await open(ctx, href, `#${kind}:lr=0.2&epochs=20`);
          try {
            const { page } = opened;
            // No scrolling by the test: the link itself brings the panel into view (slides: its slide).
            const first = await panelDrawn(page, ".bpl-experiment");
            const inputs = () =>
              page.evaluate(() =>
                Object.fromEntries(
                  [...document.querySelectorAll<HTMLInputElement>(".bpl-experiment [name]")].map((el) => [
                    el.name,
                    el.value,
                  ]),
                ),
              );
            assert.equal((await inputs()).lr, "0.2");
            assert.equal((await inputs()).epochs, "20");
            const n = await drawCount(page, ".bpl-experiment");
            await page.fill(".bpl-experiment [name=seed]", "11");
            const changed = await panelDrawn(page, ".bpl-experiment", n + 1);
            assert.notEqual(changed, first);
            const hash = await page.evaluate(() => decodeURIComponent(location.hash));
            assert.match(hash, new RegExp(`${kind}:.*lr=0\\.2&epochs=20.*seed=11`));
            let slide: { h: number; v: number } | undefined;
            if (target === "slides") {
              slide = await page.evaluate(() => (window as PanelWindow).Reveal!.getIndices());
              assert.ok(slide.h > 0, "reveal went to the panel's slide");
              assert.match(
                hash,
                new RegExp(`^#/${slide.h}(/${slide.v})?\\|${kind}:`),
                "reveal's part, then the panel's",
              );
            }
            await page.reload();
            const again = await panelDrawn(page, ".bpl-experiment");
            assert.equal(again, changed, "the same chart after a reload");
            assert.equal((await inputs()).seed, "11");
            if (slide) {
              await page.waitForFunction(() => (window as PanelWindow).Reveal?.isReady());
              assert.deepEqual(await page.evaluate(() => (window as PanelWindow).Reveal!.getIndices()), slide);
              // Moving on keeps the panel's part of the hash beside reveal's.
              await page.keyboard.press("ArrowLeft");
              await page.waitForTimeout(1200);
              assert.match(
                await page.evaluate(() => decodeURIComponent(location.hash)),
                /\|(training|network):.*seed=11/,
              );
            }
            assert.deepEqual(opened.outside, []);
            assert.deepEqual(opened.errors, []);
          } finally {
            await opened.close();
          }
        });
      }
    }
  });

  describe(`the whole course in one file (${COURSE_FILE})`, () => {
    let opened: OfflinePage;
    let expectedIds: string[];
    let drawnBeforeScrolling: number;
    before(async () => {
      expectedIds = ctx.lessons.flatMap((l) =>
        expectedFrom(ctx.executed(l)).figures.map((f) => `${l.lang}-${l.name}-${f.id}`),
      );
      opened = await open(ctx, COURSE_FILE);
      await opened.page.evaluate(
        () => (window as unknown as { backpropLab: { plotly: Promise<unknown> } }).backpropLab.plotly,
      );
      await opened.page.waitForTimeout(300);
      drawnBeforeScrolling = await opened.page.evaluate(
        () => [...document.querySelectorAll(".bpl-figure")].filter((el) => el.querySelector(".main-svg")).length,
      );
    });

    test(`stays within ${COURSE_BUDGET / 1e6} MB, with plotly.js once`, () => {
      const bytes = statSync(path.join(ctx.out(), COURSE_FILE)).size;
      assert.ok(bytes <= COURSE_BUDGET, `${(bytes / 1e6).toFixed(2)} MB`);
      const html = readFileSync(path.join(ctx.out(), COURSE_FILE), "utf8");
      assert.equal(html.split('id="bpl-plotly"').length - 1, 1);
    });

    test("its contents list every lesson of both languages, and each link goes to its lesson", async () => {
      const { page } = opened;
      await page.screenshot({ path: path.join(ctx.shots, "course-contents.png") });
      const links = await page.evaluate(() =>
        [...document.querySelectorAll(".bpl-toc a")].map((a) => a.getAttribute("href")!),
      );
      assert.deepEqual(
        links,
        ctx.lessons.map((l) => `#${l.lang}-${l.name}`),
      );
      for (const href of links) {
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.click(`.bpl-toc a[href="${href}"]`);
        await page.waitForTimeout(100);
        const top = await page.evaluate(
          (id) => document.getElementById(id)!.getBoundingClientRect().top,
          href.slice(1),
        );
        assert.ok(Math.abs(top) < 5, `${href}: the lesson starts ${top.toFixed(0)} px from the top`);
      }
    });

    test("draws every chart of every lesson as it is scrolled to", async () => {
      const { page } = opened;
      const { ms } = await drawAllCharts(page);
      const ids = await page.evaluate(() => [...document.querySelectorAll(".bpl-figure")].map((el) => el.id));
      assert.deepEqual(ids, expectedIds);
      assert.ok(drawnBeforeScrolling < 3, `${drawnBeforeScrolling} charts drawn before scrolling`);
      console.log(`${COURSE_FILE}: ${ids.length} charts drawn, one after the other, in ${(ms / 1000).toFixed(1)} s`);
    });

    test("each panel has its own part of the hash, and its controls work", async () => {
      const { page } = opened;
      const keys = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>(".bpl-experiment")].map((el) => el.dataset.key),
      );
      assert.deepEqual(
        keys,
        ctx.lessons.filter((l) => PANELS[l.name]).map((l) => `${l.lang}-${l.name.slice(0, 2)}-${PANELS[l.name]}`),
      );
      for (const key of ["en-04-training", "ko-08-network"]) {
        const selector = `.bpl-experiment[data-key="${key}"]`;
        const before = await panelDrawn(page, selector);
        const n = await drawCount(page, selector);
        await page.fill(`${selector} [name=seed]`, "5");
        assert.notEqual(await panelDrawn(page, selector, n + 1), before);
        assert.match(await page.evaluate(() => location.hash), new RegExp(`${key}:.*seed=5`));
      }
    });

    test("fetches nothing and logs no error", async () => {
      assert.deepEqual(opened.outside, []);
      assert.deepEqual(opened.errors, []);
      await opened.close();
    });
  });

  describe("a browser without DecompressionStream (before 2023)", () => {
    for (const href of ["04-training.html", "slides/ko/04-training.slides.html"]) {
      test(`${href}: shows the text and formulas, and says where each chart would be what browser it needs`, async () => {
        const opened = await open(ctx, href, "", "delete window.DecompressionStream;");
        try {
          const { page } = opened;
          await page.waitForFunction(() => document.querySelectorAll(".bpl-unsupported").length > 0);
          const seen = await page.evaluate(() => ({
            notes: [...document.querySelectorAll(".bpl-unsupported")].map((p) => p.textContent ?? ""),
            targets: document.querySelectorAll(".bpl-figure, .bpl-experiment").length,
            katex: document.querySelectorAll(".katex").length,
            visible: [...document.querySelectorAll(".jp-RenderedMarkdown p")].filter(
              (p) => p.getBoundingClientRect().height > 0,
            ).length,
          }));
          const slides = href.includes("slides");
          assert.equal(
            seen.notes.length,
            seen.targets + (slides ? 1 : 0),
            "a note for each chart and panel (slides: one on top)",
          );
          assert.match(
            seen.notes[0],
            slides ? /DecompressionStream.*Safari 16\.4/ : /Chrome and Edge 80, Firefox 113, Safari 16\.4/,
          );
          assert.ok(seen.katex > 0 && seen.visible > 5, "the text and the formulas are there to read");
          await page.screenshot({ path: path.join(ctx.shots, `no-decompression-${href.replace(/\W+/g, "-")}.png`) });
          assert.deepEqual(opened.errors, []);
        } finally {
          await opened.close();
        }
      });
    }
  });

  describe("the Korean edition", () => {
    const pages = ctx.lessons.flatMap((l) => (["html", "slides"] as const).map((target) => ({ ...l, target })));

    test("every page says its language in <html lang>", () => {
      for (const p of pages) {
        const html = readFileSync(path.join(ctx.out(), pageHref(p.lang, p.name, p.target)), "utf8");
        assert.match(html.slice(0, 500), new RegExp(`<html lang="${p.lang}"`), pageHref(p.lang, p.name, p.target));
      }
    });

    test("every page links to its twin in the other language, and the twin links back", () => {
      for (const p of pages) {
        const twin = ctx.lessons.find((o) => o.name === p.name && o.lang !== p.lang);
        const href = pageHref(p.lang, p.name, p.target);
        const html = readFileSync(path.join(ctx.out(), href), "utf8");
        const links: (string | undefined)[] = [];
        outsideScripts(html, (m) => {
          for (const a of m.matchAll(/<a\b[^>]*\sclass="bpl-twin"[^>]*>/g))
            links.push(/\shref="([^"]*)"/.exec(a[0])?.[1]);
          return m;
        });
        if (!twin) {
          assert.deepEqual(links, [], `${href} has no twin`);
          continue;
        }
        const expected = path.posix.relative(path.posix.dirname(href), pageHref(twin.lang, twin.name, p.target));
        assert.ok(links.length > 0 && links.every((l) => l === expected), `${href} → ${links.join(", ")}`);
      }
    });

    test("no link in any page still points at a notebook (.ipynb)", () => {
      for (const p of pages) {
        const href = pageHref(p.lang, p.name, p.target);
        const html = readFileSync(path.join(ctx.out(), href), "utf8");
        const notebooks: string[] = [];
        outsideScripts(html, (m) => {
          for (const a of m.matchAll(/<a\b[^>]*\shref="([^"]*\.ipynb[^"]*)"/g)) notebooks.push(a[1]);
          return m;
        });
        assert.deepEqual(notebooks, [], href);
      }
    });

    for (const href of ["ko/04-training.html", "slides/ko/04-training.slides.html"]) {
      test(`${href}: Hangul is set in Noto Sans CJK KR, offline`, async () => {
        const opened = await open(ctx, href);
        try {
          const { page } = opened;
          if (href.includes("slides")) await page.waitForFunction(() => (window as PanelWindow).Reveal?.isReady());
          // The first paragraph of Korean prose (the first one names the English twin).
          const text = await page.evaluate(() => {
            const p = [...document.querySelectorAll(".jp-RenderedMarkdown p")].find((el) =>
              /[\uac00-\ud7a3]{4}/.test(el.textContent ?? ""),
            )!;
            p.id = "bpl-test-hangul";
            return p.textContent;
          });
          assert.match(text!, /[\uac00-\ud7a3]/);
          const fonts = await renderedFonts(page, "#bpl-test-hangul");
          assert.ok(fonts.includes("Noto Sans CJK KR"), fonts.join(", "));
          await page.screenshot({ path: path.join(ctx.shots, `hangul-${href.replace(/\W+/g, "-")}.png`) });
        } finally {
          await opened.close();
        }
      });
    }
  });
}
