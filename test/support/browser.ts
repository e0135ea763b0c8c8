/**
 * A real browser for the web chat's tests: Debian's chromium (`.ci/run` installs it with
 * apt-get when missing), driven by playwright-core, which never downloads a browser of its
 * own. Every context is a fresh profile: two contexts are two browsers.
 *
 * Without a chromium the browser tests are skipped, with the reason in their name and on
 * stderr — but only on a developer's machine: in CI (`CI` set, as `.ci/run` does) a missing
 * browser fails them, so they can never pass by not running.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const INSTALL = `no browser at ${CHROMIUM}: apt-get install chromium fonts-noto-cjk (or set CHROMIUM_PATH)`;

/** CI as the usual variable says it (`CI=1`, `CI=true`); unset, empty, 0 or false is a developer's machine. */
export const inCI = (env: NodeJS.ProcessEnv = process.env): boolean => !!env.CI && !/^(0|false)$/i.test(env.CI);

/** Why the browser tests cannot run here, or null when they must run (a browser is found, or this is CI). */
export function browserSkipReason(): string | null {
  if (existsSync(CHROMIUM) || inCI()) return null;
  return `skipped: ${INSTALL}`;
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${INSTALL}${inCI() ? ' — CI must run the browser tests' : ''}`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}
