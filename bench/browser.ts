// Headless Chromium for the chart and export parts (scripts/chromium.ts: the system's Chromium,
// driven by playwright-core, with the project's flags).
import type { Browser } from "playwright-core";
import { launchChromium } from "../scripts/chromium";

/** Runs `use` with a fresh headless Chromium and always closes it afterwards. */
export async function withBrowser<T>(fn: string, use: (browser: Browser) => Promise<T>): Promise<T> {
  const browser = await launchChromium().catch((error: Error) => {
    throw new Error(`${fn}: ${error.message}`);
  });
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
