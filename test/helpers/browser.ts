import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { onTestFinished } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromiumLaunch';

export { CHROMIUM_PATH };

/** Where end-to-end tests leave their screenshots, for people to look at. */
export const SCREENSHOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test-results/screenshots');

/** The built web app, served by test servers of the end-to-end tests. */
export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../apps/web/dist');

/**
 * Console errors that are not a fault of the page, each with why it is allowed. Anything else a
 * page logs as an error, and every uncaught error, fails the test that launched the browser.
 */
export const ALLOWED_CONSOLE_ERRORS: readonly RegExp[] = [
  // Chromium logs every non-2xx answer to fetch() as a console error, even one the page handles
  // and explains: the tests provoke refusals (401, 403, 404, 409, 413, 422, 429) on purpose and
  // check what the page says. A 5xx is never allowed.
  /^Failed to load resource: the server responded with a status of 4\d\d\b/,
  // The stock y-websocket client may send a frame between the server's close frame (a refusal,
  // 4422/4413/4414) arriving and the socket's close event; Chromium drops it and logs this. The
  // refused change is held by the room's refusal path, so nothing typed is lost by the drop.
  /WebSocket is already in CLOSING or CLOSED state/,
];

/** What a launched browser may log beyond ALLOWED_CONSOLE_ERRORS (a test that cuts connections on purpose says so here). */
export interface BrowserOptions {
  allowConsoleErrors?: readonly RegExp[];
}

/**
 * Launches headless Chromium with the flags these machines need; closed when the test ends. Every
 * context it opens is watched: an uncaught page error or a console error not on the allow-list
 * fails the test (they used to be printed and forgotten).
 */
export async function launchBrowser(options: BrowserOptions = {}): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS],
  });
  const allowed = [...ALLOWED_CONSOLE_ERRORS, ...(options.allowConsoleErrors ?? [])];
  const problems: string[] = [];
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (...args) => {
    const context = await newContext(...args);
    watchContext(context, allowed, problems);
    return context;
  };
  onTestFinished(async () => {
    await browser.close();
    if (problems.length > 0) throw new Error(`the pages logged ${problems.length} error(s):\n${problems.slice(0, 10).join('\n')}`);
  });
  return browser;
}

/** Collects the uncaught errors and the console errors not on `allowed` of every page of `context`. */
export function watchContext(context: BrowserContext, allowed: readonly RegExp[], problems: string[]): void {
  context.on('weberror', (error) => problems.push(`[pageerror] ${error.page()?.url() ?? ''} ${error.error().message}`));
  context.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    if (allowed.some((pattern) => pattern.test(text))) return;
    problems.push(`[console.error] ${message.page()?.url() ?? ''} ${text}`);
  });
}

/** A fresh browser context (own storage: one person) and a page in it. */
export async function newPerson(
  browser: Browser,
  options: { width?: number; height?: number; locale?: string } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
    locale: options.locale ?? 'en-US',
  });
  const page = await context.newPage();
  return { context, page };
}

/** Saves a full-page screenshot under test-results/screenshots and returns its path. */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  return file;
}
