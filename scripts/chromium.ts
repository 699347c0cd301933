// Headless Chromium for the browser tests, the benchmark and screenshots: Debian's Chromium
// (`apt-get install chromium`, which .ci/run does) driven by playwright-core — never a browser
// download. One place for the path and the flags, so every user of a browser runs the same one.
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

/** The browser binary; $CHROMIUM_PATH overrides. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * The flags it runs with: no sandbox (CI runs as root), no GPU, and none of the background
 * network services that a machine without internet access would refuse many times a second.
 */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
  "--disable-quic",
];

/** Starts headless Chromium, with extra environment variables for its processes if given. */
export function launchChromium(env?: Record<string, string>): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `launchChromium: no Chromium at ${CHROMIUM}; install it (Debian: apt-get install chromium) or set CHROMIUM_PATH`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    ...(env ? { env: { ...process.env, ...env } } : {}),
  });
}
