import { describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { api } from '../helpers/api';
import { launchBrowser, newPerson, screenshot, WEB_DIST } from '../helpers/browser';
import { startBreakout } from '../helpers/startBreakout';
import { startTestServer } from '../helpers/testServer';

/** Presses Tab until the element with `testId` has focus; fails after `max` presses. */
async function tabTo(page: Page, testId: string, max = 25) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((id) => document.activeElement?.closest(`[data-testid="${id}"]`) !== null, testId)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${testId}`);
}

/** Where keyboard focus is: the column of the cell holding the caret, or the focused rating group's label. */
async function focusInfo(page: Page) {
  return page.evaluate(() => {
    const active = document.activeElement as HTMLElement | null;
    const group = active?.closest('[role="radiogroup"]');
    if (group) return { kind: 'rating', label: group.getAttribute('aria-label'), value: (active as HTMLInputElement).value };
    const node = window.getSelection()?.anchorNode ?? null;
    const el = node instanceof Element ? node : node?.parentElement;
    const cell = el?.closest('td, th');
    const row = cell?.closest('tr');
    const rows = [...document.querySelectorAll('[data-testid="row"]')];
    return { kind: 'cell', column: cell?.getAttribute('data-column') ?? null, row: row ? rows.indexOf(row) : -2 };
  });
}

/**
 * Focus moves inside the same frame in Chromium, but a rating control takes it in a React effect,
 * which may run a task later: wait briefly rather than race it.
 */
const focusIs = (page: Page, expected: Record<string, unknown>) =>
  vi.waitFor(async () => expect(await focusInfo(page)).toMatchObject(expected), 1000);

const checkedIn = (page: Page, row: number, group: string) =>
  page.getByTestId('row').nth(row).getByRole('radiogroup', { name: group }).locator('input:checked').getAttribute('value').catch(() => null);

describe('a room table used with the keyboard only (no mouse)', () => {
  it('join, type into cells, move between cells, rate with arrows, add and remove rows', async () => {
    const server = await startTestServer({ env: { WEB_DIST } });
    const created = await api(server.url, 'POST', '/workshops', { title: 'Keyboard workshop', rooms: 1 });
    const { workshop, facilitatorToken, joinCode } = created.body;
    const browser = await launchBrowser();
    const { page } = await newPerson(browser);

    // Join: Tab to the name field, type, Enter.
    await page.goto(`${server.url}/join/${joinCode}`);
    await page.getByTestId('join-name').waitFor();
    await tabTo(page, 'join-name');
    await page.keyboard.type('Kim');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/w\/[^/]+$/);

    await startBreakout(server.url, workshop.id, facilitatorToken);
    await page.getByTestId('room-table').waitFor({ timeout: 10_000 });
    await vi.waitFor(async () => expect(await page.getByTestId('room-table').getAttribute('contenteditable')).toBe('true'), 5000);
    await vi.waitFor(async () => expect(await page.getByTestId('room-announcement').textContent()).toBe('You are in room 1.'), 5000);
    // The shortcuts are written on screen, next to the table.
    const help = (await page.getByTestId('key-help').textContent()) ?? '';
    for (const words of ['Tab', 'Ctrl+Enter', 'Ctrl+Shift+Backspace', 'add a row below', 'remove the row']) expect(help).toContain(words);

    // Tabbing into the table puts the caret in the first body cell.
    await tabTo(page, 'room-table');
    await focusIs(page, { kind: 'cell', column: 'suggestion', row: 0 });
    await page.keyboard.type('Share information through TLD-OPS');
    await page.keyboard.press('Tab');
    await focusIs(page, { kind: 'cell', column: 'benefit', row: 0 });
    await page.keyboard.type('Faster incident response');

    // A rating cell hands focus to its H/M/L control; the arrows choose.
    await page.keyboard.press('Tab');
    await focusIs(page, { kind: 'rating', label: 'Impact' });
    await page.keyboard.press('ArrowRight');
    await vi.waitFor(async () => expect(await checkedIn(page, 0, 'Impact')).toBe('H'), 1000);
    await page.keyboard.press('ArrowRight');
    await vi.waitFor(async () => expect(await checkedIn(page, 0, 'Impact')).toBe('M'), 1000);
    await page.keyboard.press('ArrowLeft');
    await vi.waitFor(async () => expect(await checkedIn(page, 0, 'Impact')).toBe('H'), 1000);

    await page.keyboard.press('Tab');
    await focusIs(page, { kind: 'cell', column: 'needed', row: 0 });
    await page.keyboard.type('A shared contact list');
    await page.keyboard.press('Tab');
    await focusIs(page, { kind: 'rating', label: 'Effort' });
    await page.keyboard.press('ArrowLeft');
    await vi.waitFor(async () => expect(await checkedIn(page, 0, 'Effort')).toBe('L'), 1000);
    // Shift+Tab goes back the same way.
    await page.keyboard.press('Shift+Tab');
    await focusIs(page, { kind: 'cell', column: 'needed', row: 0 });
    await page.keyboard.press('Tab');

    // Ctrl+Enter adds a row below, with the caret in its first cell.
    await page.keyboard.press('Control+Enter');
    await vi.waitFor(async () => expect(await page.getByTestId('row').count()).toBe(2), 5000);
    await focusIs(page, { kind: 'cell', column: 'suggestion', row: 1 });
    await page.keyboard.type('A second idea');

    // Ctrl+Shift+Backspace on a row with text asks first; focus is on the answer, Enter confirms.
    await page.keyboard.press('Control+Shift+Backspace');
    await page.getByTestId('confirm-remove-row').waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('confirm-remove-row');
    await page.keyboard.press('Enter');
    await vi.waitFor(async () => expect(await page.getByTestId('row').count()).toBe(1), 5000);
    await vi.waitFor(async () => expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('room-table'), 1000);
    await focusIs(page, { kind: 'cell', column: 'suggestion', row: 0 });

    // An empty row goes at once.
    await page.keyboard.press('Control+Enter');
    await vi.waitFor(async () => expect(await page.getByTestId('row').count()).toBe(2), 5000);
    await page.keyboard.press('Control+Shift+Backspace');
    await vi.waitFor(async () => expect(await page.getByTestId('row').count()).toBe(1), 5000);
    expect(await page.getByTestId('confirm-remove-row').count()).toBe(0);

    // Tab past the last cell leaves the table: no keyboard trap.
    await page.keyboard.press('Control+Enter');
    await vi.waitFor(async () => expect(await page.getByTestId('row').count()).toBe(2), 5000);
    for (let i = 0; i < 5; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('[data-testid="room-table"]') === null)).toBe(true);

    await vi.waitFor(async () => expect(await page.getByTestId('sync-status').textContent()).toMatch(/all changes saved/i), 5000);
    await screenshot(page, 'keyboard-room');

    // What the server stored is what was typed and chosen.
    const snap = await api(server.url, 'POST', `/workshops/${workshop.id}/snapshots`, {}, facilitatorToken);
    expect(snap.status).toBe(201);
    const stored = await api(server.url, 'GET', `/workshops/${workshop.id}/snapshots/${snap.body.snapshot.id}`, undefined, facilitatorToken);
    const rows = stored.body.snapshot.rooms[0].rows;
    expect(rows[0]).toEqual({
      suggestion: 'Share information through TLD-OPS',
      benefit: 'Faster incident response',
      impact: 'H',
      needed: 'A shared contact list',
      effort: 'L',
    });
    expect(rows).toHaveLength(2);
  });
});
