import { describe, expect, it } from 'vitest';
import { launchBrowser, newPerson, screenshot, WEB_DIST } from '../helpers/browser';
import { startTestServer } from '../helpers/testServer';

describe('a page that cannot render shows the error page, not a blank one', () => {
  it('the plenary’s code is gone (a deploy while the tab was open): a translated error page with reload and home, which recovers', async () => {
    const server = await startTestServer({ env: { WEB_DIST } });
    const browser = await launchBrowser({
      // Provoked on purpose below: the lazy page's chunk answers 404, the dynamic import rejects,
      // and React logs the error its boundary caught.
      allowConsoleErrors: [/Failed to fetch dynamically imported module/, /error occurred in/i],
    });
    for (const [locale, title, reload] of [
      ['en-US', 'Something went wrong', 'Reload the page'],
      ['fr-FR', 'Une erreur s’est produite', 'Recharger la page'],
      ['ar', 'حدث خطأ ما', 'إعادة تحميل الصفحة'],
    ] as const) {
      const { page } = await newPerson(browser, { width: 1366, height: 900, locale });
      await page.route('**/assets/PlenaryPage-*.js', (route) => route.fulfill({ status: 404, body: 'gone' }));
      await page.goto(`${server.url}/w/abc123/plenary`);
      await page.getByTestId('crash-page').waitFor({ timeout: 10_000 });
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(title);
      expect(await page.getByTestId('crash-reload').textContent()).toBe(reload);
      expect(await page.getByRole('link').getAttribute('href')).toBe('/');
      if (locale !== 'en-US') {
        if (locale === 'ar') await screenshot(page, 'crash-page-ar');
        await page.close();
        continue;
      }
      await screenshot(page, 'crash-page-en');
      await page.setViewportSize({ width: 390, height: 844 });
      await screenshot(page, 'crash-page-en-390');
      await page.setViewportSize({ width: 1366, height: 900 });

      // The way home: the start page, which works.
      await page.getByRole('link').click();
      await page.waitForURL(`${server.url}/`);
      await page.locator('main h1').waitFor({ timeout: 10_000 });
      expect(await page.getByTestId('crash-page').count()).toBe(0);

      // The code is back: "Reload" shows the page (here: this browser never joined the workshop).
      await page.goto(`${server.url}/w/abc123/plenary`);
      await page.getByTestId('crash-page').waitFor({ timeout: 10_000 });
      await page.unroute('**/assets/PlenaryPage-*.js');
      await page.getByTestId('crash-reload').click();
      await page.getByTestId('crash-page').waitFor({ state: 'detached', timeout: 10_000 });
      await page.locator('main h1').waitFor({ timeout: 10_000 });
      expect(await page.locator('main h1').textContent()).toBe('This link does not open a workshop on this device');
      await page.close();
    }
  });

  it('a join link with a malformed code (/join/%) shows the join page saying no workshop has it, not a blank page', async () => {
    const server = await startTestServer({ env: { WEB_DIST } });
    // The code lookup answers 404 (allowed: Chromium logs it), which is what the page explains.
    const browser = await launchBrowser();
    const { page } = await newPerson(browser);
    await page.goto(`${server.url}/join/%`);
    await page.getByRole('alert').waitFor({ timeout: 10_000 });
    expect(await page.locator('main h1').textContent()).toBe('Join a workshop');
    expect(await page.getByRole('alert').textContent()).toContain('“%”');
    expect(await page.getByTestId('crash-page').count()).toBe(0);
  });
});
