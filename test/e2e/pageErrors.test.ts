import { chromium } from 'playwright-core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ALLOWED_CONSOLE_ERRORS, CHROMIUM_PATH, watchContext } from '../helpers/browser';

describe('[ED11] an e2e test sees every uncaught page error and console error', () => {
  it('an uncaught error and a console error are collected; an allowed console error is not', async () => {
    // A browser of its own: launchBrowser would (rightly) fail this test for what it provokes.
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    onTestFinished(() => browser.close());
    const context = await browser.newContext();
    const problems: string[] = [];
    watchContext(context, ALLOWED_CONSOLE_ERRORS, problems);
    const page = await context.newPage();
    await page.setContent('<p>hello</p>');
    await page.evaluate(() => {
      console.error('Failed to load resource: the server responded with a status of 409 (Conflict)');
      console.error('something broke');
      setTimeout(() => {
        throw new Error('uncaught in a timer');
      });
    });
    await expect.poll(() => problems.length).toBe(2);
    expect(problems.join('\n')).toMatch(/\[console\.error\].*something broke/);
    expect(problems.join('\n')).toMatch(/\[pageerror\].*uncaught in a timer/);
  });
});
