import { describe, expect, it, vi } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { api } from '../helpers/api';
import { launchBrowser, newPerson, screenshot, WEB_DIST } from '../helpers/browser';
import { joinThroughThePage } from '../helpers/joinThroughThePage';
import { startBreakout } from '../helpers/startBreakout';
import { startTestServer } from '../helpers/testServer';
import { storeFacilitatorSession } from '../helpers/storeFacilitatorSession';

interface Violation {
  directive: string;
  blocked: string;
  sample: string;
  page: string;
}

/**
 * Records every CSP violation in every page of the context: a listener installed before any
 * page script runs (Playwright injects it outside the page's policy), reporting through a
 * binding, so nothing the app does can hide a violation.
 */
async function watchViolations(context: BrowserContext): Promise<Violation[]> {
  const seen: Violation[] = [];
  await context.exposeBinding('__cspViolation', (_source, v: Violation) => void seen.push(v));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      void (window as unknown as { __cspViolation(v: unknown): Promise<void> }).__cspViolation({
        directive: e.effectiveDirective,
        blocked: e.blockedURI,
        sample: e.sample,
        page: location.pathname,
      });
    });
  });
  return seen;
}

async function person(browser: Awaited<ReturnType<typeof launchBrowser>>) {
  const { context, page } = await newPerson(browser);
  const violations = await watchViolations(context);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, violations, errors };
}

/** Every page response carries the strict policy the server sends (not a test's stand-in). */
async function expectPolicy(page: Page) {
  const res = await page.reload();
  expect(res?.headers()['content-security-policy']).toMatch(/script-src 'self'; style-src 'self'/);
}

describe('[ED10] every page of the web app runs under the strict CSP, with no violation', () => {
  it('home, join, lobby, room (two people typing), facilitator console, plenary, workshops list, review, print, not found', async () => {
    const server = await startTestServer({ env: { WEB_DIST } });
    const created = await api(server.url, 'POST', '/workshops', { title: 'CSP walk', rooms: 1, suggestions: ['Share information'] });
    const { workshop, facilitatorToken, joinCode } = created.body;
    const browser = await launchBrowser();
    const ana = await person(browser);
    const bo = await person(browser);
    const fac = await person(browser);

    await ana.page.goto(server.url);
    await ana.page.getByTestId('template-summary').waitFor();
    await expectPolicy(ana.page);
    await ana.page.goto(`${server.url}/join`);
    await ana.page.getByRole('heading').first().waitFor();
    await ana.page.goto(`${server.url}/no/such/page`);
    await ana.page.locator('main, #root > *').first().waitFor();

    await joinThroughThePage(ana.page, server.url, joinCode, 'Ana');
    await joinThroughThePage(bo.page, server.url, joinCode, 'Bo');
    await ana.page.getByTestId('waiting').waitFor();

    await storeFacilitatorSession(fac.page, server.url, workshop.id, facilitatorToken);
    await fac.page.goto(`${server.url}/w/${workshop.id}/facilitate`);
    await fac.page.getByTestId('review-link').waitFor();
    // The names also stand in every row's "same person as…" list, so the count says Bo has arrived.
    await vi.waitFor(async () => expect(await fac.page.getByTestId('participant-count').textContent()).toContain('2'), 5000);

    await startBreakout(server.url, workshop.id, facilitatorToken, 'csp');
    for (const p of [ana.page, bo.page]) {
      await p.goto(`${server.url}/w/${workshop.id}/room/1`);
      await p.getByTestId('room-table').waitFor({ timeout: 10_000 });
    }
    // Two people in one table: carets, names and colours of the other are drawn too.
    await ana.page.getByTestId('row').first().locator('[data-column="benefit"]').click();
    await ana.page.keyboard.type('Faster incident response');
    await bo.page.getByTestId('row').first().locator('[data-column="needed"]').click();
    await bo.page.keyboard.type('A mailing list');
    await vi.waitFor(async () => expect(await bo.page.getByTestId('row').first().textContent()).toContain('Faster incident response'), 5000);
    await vi.waitFor(async () => expect(await ana.page.getByTestId('presence').textContent()).toContain('Bo'), 5000);
    await ana.page.getByTestId('row').first().getByRole('radiogroup', { name: /impact/i }).getByRole('radio', { name: 'H', exact: true }).click();
    await vi.waitFor(async () => expect(await ana.page.getByTestId('sync-status').textContent()).toMatch(/all changes saved/i), 5000);
    await screenshot(ana.page, 'csp-room-ana');
    await expectPolicy(ana.page);

    expect((await api(server.url, 'POST', `/workshops/${workshop.id}/phase`, { phase: 'reporting' }, facilitatorToken)).status).toBe(200);
    await fac.page.goto(`${server.url}/w/${workshop.id}/plenary`);
    await fac.page.getByTestId('report-table').waitFor({ timeout: 10_000 });
    await fac.page.getByTestId('present').click();
    await ana.page.goto(`${server.url}/w/${workshop.id}/plenary`);
    await ana.page.getByTestId('presenting').waitFor({ timeout: 10_000 });
    await ana.page.getByTestId('question-input').fill('Who runs the mailing list?');
    await ana.page.getByTestId('ask').click();
    await fac.page.getByTestId('question').first().waitFor();
    await fac.page.getByTestId('open-rating-poll').click();
    await ana.page.getByTestId('ballot').waitFor({ timeout: 10_000 });
    await screenshot(fac.page, 'csp-plenary');

    await fac.page.goto(`${server.url}/w/${workshop.id}/facilitate`);
    await fac.page.getByTestId('plenary-link').waitFor();
    await screenshot(fac.page, 'csp-facilitate');
    await fac.page.goto(`${server.url}/workshops`);
    await fac.page.getByTestId('workshop-list').getByText('CSP walk').waitFor();
    await fac.page.goto(`${server.url}/w/${workshop.id}/review`);
    await fac.page.getByTestId('timeline').waitFor({ timeout: 10_000 });
    await fac.page.goto(`${server.url}/w/${workshop.id}/print`);
    await fac.page.getByTestId('print-page').getByRole('table').waitFor();
    await screenshot(fac.page, 'csp-print');
    await expectPolicy(fac.page);

    const all = [...ana.violations, ...bo.violations, ...fac.violations];
    expect(all).toEqual([]);
    expect([...ana.errors, ...bo.errors, ...fac.errors]).toEqual([]);
    await browser.close();
  });

  it('the watcher sees a violation when there is one (an inline script injected into a page)', async () => {
    const server = await startTestServer({ env: { WEB_DIST } });
    // The violation this test provokes is logged by Chromium as a console error; it is the point here.
    const browser = await launchBrowser({ allowConsoleErrors: [/violates the following Content Security Policy directive/] });
    const someone = await person(browser);
    await someone.page.goto(server.url);
    await someone.page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__ran = 1';
      document.body.append(s);
    });
    await vi.waitFor(() => expect(someone.violations.map((v) => v.directive)).toContain('script-src-elem'), 5000);
    expect(await someone.page.evaluate(() => (window as unknown as { __ran?: number }).__ran)).toBeUndefined();
    await browser.close();
  });
});
