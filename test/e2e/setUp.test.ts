import { DEFAULT_TEMPLATE } from '@roomtable/core';
import { describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { api } from '../helpers/api';
import { seriousViolations } from '../helpers/axe';
import { launchBrowser, newPerson, screenshot, WEB_DIST } from '../helpers/browser';
import { joinThroughThePage } from '../helpers/joinThroughThePage';
import { startTestServer } from '../helpers/testServer';

const labels = (page: Page) => page.getByTestId('template-label').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
const focusedLabel = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? (document.activeElement as HTMLInputElement | null)?.value ?? '');

describe('setting up a workshop with room size, a custom table and automatic advance', () => {
  it('room size 2, a 3-column template built in the form, two people fill it in; auto-advance turned on in the console', async () => {
    const server = await startTestServer({ env: { WEB_DIST } });
    const browser = await launchBrowser();
    const fac = await newPerson(browser, { width: 1280, height: 900 });
    const page = fac.page;
    await page.goto(server.url);

    await page.getByTestId('create-title').fill('Custom table workshop');
    await page.getByTestId('create-suggestions').fill('Publish a shared calendar');
    await page.getByTestId('create-by-roomSize').check();
    await page.getByTestId('create-roomSize').fill('2');
    expect(await page.getByTestId('create-rooms').count()).toBe(0);

    // The editor starts as the seed's table, behind a disclosure button.
    const toggle = page.getByTestId('template-toggle');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByTestId('template-editor').isVisible()).toBe(false);
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await labels(page)).toEqual(['Suggestion', 'Envisioned benefit (impact)', 'Impact H/M/L', 'What is needed to achieve it', 'Effort H/M/L']);

    // Idea (text), Priority (H/M/L), Owner (text): rename, remove, add and reorder.
    await page.getByLabel('Column 1: name').fill('Idea');
    await page.getByRole('button', { name: 'Remove Envisioned benefit (impact)' }).click();
    expect(await focusedLabel(page)).toBe('Impact H/M/L');
    await page.getByLabel('Column 2: name').fill('Priority');
    await page.getByRole('button', { name: 'Remove What is needed to achieve it' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Remove Effort H/M/L' }).click();
    await page.getByTestId('template-add').focus();
    await page.keyboard.press('Enter');
    // Focus lands in the new column's name field, so typing names it.
    await page.keyboard.type('Owner');
    expect(await labels(page)).toEqual(['Idea', 'Priority', 'Owner']);
    await page.getByRole('button', { name: 'Move Owner up' }).focus();
    await page.keyboard.press('Enter');
    expect(await labels(page)).toEqual(['Idea', 'Owner', 'Priority']);
    expect(await focusedLabel(page)).toBe('Move Owner up');
    await page.keyboard.press('Tab');
    expect(await focusedLabel(page)).toBe('Move Owner down');
    await page.keyboard.press('Enter');
    expect(await labels(page)).toEqual(['Idea', 'Priority', 'Owner']);
    // At the bottom "down" is disabled, so focus moved to the same column's "up".
    expect(await focusedLabel(page)).toBe('Move Owner up');
    expect(await page.getByTestId('template-kind').evaluateAll((els) => els.map((e) => (e as HTMLSelectElement).value))).toEqual(['text', 'rating', 'text']);
    expect(await page.getByTestId('template-summary').textContent()).toBe('Columns: Idea · Priority (H/M/L) · Owner');

    // A column without a name is refused in the form, with the error next to it and focus on it.
    await page.getByLabel('Column 3: name').fill('');
    await page.getByTestId('create-submit').click();
    await vi.waitFor(async () => expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('template-label'), 5000);
    const nameless = page.getByLabel('Column 3: name');
    expect(await nameless.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByText('Give this column a name.').isVisible()).toBe(true);
    expect(page.url()).toBe(`${server.url}/`);
    expect(await seriousViolations(page)).toEqual([]);
    await nameless.fill('Owner');
    expect(await page.getByText('Give this column a name.').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'setup-1-create-form');

    await page.getByTestId('create-submit').click();
    await page.waitForURL(/\/w\/[^/]+\/facilitate$/);
    // The console first asks to keep the private facilitator link [FL1].
    await page.getByTestId('keep-link-saved').click();
    const workshopId = page.url().split('/w/')[1]!.split('/')[0]!;
    const token = await page.evaluate((id) => JSON.parse(localStorage.getItem(`roomtable:${id}`) ?? '{}').token as string, workshopId);
    const created = (await api(server.url, 'GET', `/workshops/${workshopId}`, undefined, token)).body;
    expect(created.workshop.template).toEqual({
      columns: [
        { key: 'idea', label: 'Idea', kind: 'text' },
        { key: 'priority', label: 'Priority', kind: 'rating' },
        { key: 'owner', label: 'Owner', kind: 'text' },
      ],
    });
    expect(created.workshop.autoAdvance).toBe(false);
    const joinCode = created.workshop.joinCode as string;

    // Two people join; with room size 2 the assignment makes one room of two.
    const ana = (await newPerson(browser)).page;
    const bo = (await newPerson(browser)).page;
    await joinThroughThePage(ana, server.url, joinCode, 'Ana');
    await joinThroughThePage(bo, server.url, joinCode, 'Bo');
    await vi.waitFor(async () => expect(await page.getByTestId('facilitator-participants').textContent()).toContain('Bo'), 5000);
    await page.getByTestId('assign-rooms').click();
    await vi.waitFor(async () => {
      const rooms = (await api(server.url, 'GET', `/workshops/${workshopId}`, undefined, token)).body.rooms as { participantIds: string[] }[];
      expect(rooms.map((r) => r.participantIds.length)).toEqual([2]);
    }, 5000);
    await page.getByTestId('phase-breakout').click();

    for (const p of [ana, bo]) {
      await p.getByTestId('room-table').waitFor({ timeout: 10_000 });
      await vi.waitFor(async () => expect(await p.getByTestId('sync-status').textContent()).toMatch(/connected|saved/i), 10_000);
    }
    const headings = await ana.getByTestId('room-table').locator('th').allTextContents();
    expect(headings.map((h) => h.trim())).toEqual(['Idea', 'Priority', 'Owner']);
    const anaRow = ana.getByTestId('row').first();
    expect(await anaRow.locator('[data-column="idea"]').textContent()).toContain('Publish a shared calendar');
    await anaRow.locator('[data-column="owner"]').click();
    await ana.keyboard.type('Secretariat');
    await anaRow.getByRole('radiogroup', { name: /priority/i }).getByRole('radio', { name: 'H', exact: true }).click();
    const boRow = bo.getByTestId('row').first();
    await vi.waitFor(async () => {
      expect(await boRow.locator('[data-column="owner"]').textContent()).toContain('Secretariat');
      expect(await boRow.getByRole('radiogroup', { name: /priority/i }).getByRole('radio', { name: 'H', exact: true }).isChecked()).toBe(true);
    }, 3000);
    await vi.waitFor(async () => expect(await ana.getByTestId('sync-status').textContent()).toMatch(/all changes saved/i), 5000);
    await screenshot(bo, 'setup-2-custom-room');

    // The facilitator turns automatic advance on in the console; the live state says so.
    const autoToggle = page.getByTestId('auto-advance-toggle');
    expect(await autoToggle.isChecked()).toBe(false);
    await page.getByLabel('Advance automatically when time is up').check();
    await vi.waitFor(async () => expect(await page.getByTestId('auto-advance-state').textContent()).toMatch(/^On:/), 5000);
    expect(await autoToggle.isChecked()).toBe(true);
    expect((await api(server.url, 'GET', `/workshops/${workshopId}`, undefined, token)).body.workshop.autoAdvance).toBe(true);
    await screenshot(page, 'setup-3-console-auto-advance');

    // The custom columns reach the snapshot, the review page and the printable plan.
    await page.getByTestId('phase-reporting').click();
    // Time is left, so the console says what ending the break-out does and asks.
    await page.getByTestId('confirm-ok').click();
    await vi.waitFor(async () => {
      const snaps = await api(server.url, 'GET', `/workshops/${workshopId}/snapshots`, undefined, token);
      expect(snaps.body.snapshots.length).toBeGreaterThan(0);
    }, 5000);
    // Everyone's plenary shows the room's report in the custom columns.
    await vi.waitFor(async () => {
      const report = ana.getByTestId('report-table');
      expect(await report.locator('th').allTextContents()).toEqual(expect.arrayContaining(['Idea', 'Priority', 'Owner']));
      expect(await report.textContent()).toContain('Secretariat');
    }, 10_000);
    await screenshot(ana, 'setup-4-plenary');
    await page.goto(`${server.url}/w/${workshopId}/review`);
    await page.getByTestId('timeline').waitFor();
    await vi.waitFor(async () => expect(await page.getByTestId('plan').textContent()).toContain('Publish a shared calendar'), 5000);
    const reviewText = (await page.locator('main').textContent()) ?? '';
    expect(reviewText).toContain('Secretariat');
    expect(reviewText).toContain('Priority');
    await screenshot(page, 'setup-5-review');
    await page.getByTestId('print-link').click();
    await page.getByTestId('print-page').getByRole('table').waitFor();
    const printed = (await page.getByTestId('print-page').textContent()) ?? '';
    expect(printed).toContain('Publish a shared calendar');
    expect(printed).toContain('Secretariat');
    // The custom rating column heads the ranking; with no second rating column there is no effort column.
    expect(await page.getByTestId('print-page').locator('thead th').allTextContents()).toEqual(['Rank', 'Suggestion', 'Priority', 'Rooms', 'Owner']);
    await screenshot(page, 'setup-6-print');
  });

  it('in Arabic the default headings show translated, and an untouched table is sent as the default', async () => {
    const server = await startTestServer({ env: { WEB_DIST } });
    const browser = await launchBrowser();
    const { page } = await newPerson(browser, { width: 800, height: 900, locale: 'ar' });
    await page.goto(server.url);
    await page.getByTestId('create-title').fill('ورشة');
    await page.getByTestId('template-toggle').click();
    const label = page.getByTestId('template-label').first();
    await vi.waitFor(async () => expect(await label.inputValue()).not.toBe('Suggestion'), 5000);
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'setup-7-create-form-ar');
    await page.getByTestId('create-submit').click();
    await page.waitForURL(/\/w\/[^/]+\/facilitate$/);
    // The console first asks to keep the private facilitator link [FL1].
    await page.getByTestId('keep-link-saved').click();
    const workshopId = page.url().split('/w/')[1]!.split('/')[0]!;
    const token = await page.evaluate((id) => JSON.parse(localStorage.getItem(`roomtable:${id}`) ?? '{}').token as string, workshopId);
    const state = (await api(server.url, 'GET', `/workshops/${workshopId}`, undefined, token)).body;
    expect(state.workshop.template).toEqual(DEFAULT_TEMPLATE);
  });
});
