// Headless Chromium for the chart and export parts: the system's /usr/bin/chromium driven by
// playwright-core (no browser download), with the flags this machine needs.
import fs from "node:fs";
import { chromium, type Browser } from "playwright-core";

/** The browser binary; $CHROMIUM overrides. */
export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
  "--disable-quic",
];

/** Runs `use` with a fresh headless Chromium and always closes it afterwards. */
export async function withBrowser<T>(fn: string, use: (browser: Browser) => Promise<T>): Promise<T> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${fn}: Chromium not found at ${CHROMIUM} (set CHROMIUM to its path)`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  try {
    return await use(browser);
  } finally {
    await browser.close();
  }
}

/** The browser's version string, e.g. "Chromium 140.0.7339.80" → "140.0.7339.80". */
export function browserVersion(browser: Browser): string {
  return browser.version();
}
