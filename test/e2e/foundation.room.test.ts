import { describe, expect, it, vi } from 'vitest';
import { api } from '../helpers/api';
import { launchBrowser, newPerson, screenshot, WEB_DIST } from '../helpers/browser';
import { joinThroughThePage } from '../helpers/joinThroughThePage';
import { startBreakout } from '../helpers/startBreakout';
import { startTestServer } from '../helpers/testServer';

describe('a room table co-edited in two browsers', () => {
  it('one types a suggestion and rates impact H; the other sees both within a second', async () => {
    const server = await startTestServer({ env: { WEB_DIST } });
    const created = await api(server.url, 'POST', '/workshops', { title: 'ccNSO purpose', rooms: 1 });
    const { workshop, facilitatorToken, joinCode } = created.body;
    const browser = await launchBrowser();
    const ana = await newPerson(browser);
    const bo = await newPerson(browser);
    await joinThroughThePage(ana.page, server.url, joinCode, 'Ana');
    await joinThroughThePage(bo.page, server.url, joinCode, 'Bo');

    await startBreakout(server.url, workshop.id, facilitatorToken);

    for (const p of [ana.page, bo.page]) {
      await p.getByTestId('room-table').waitFor({ timeout: 10_000 });
      await vi.waitFor(async () => expect(await p.getByTestId('sync-status').textContent()).toMatch(/connected|saved/i), 10_000);
    }
    const anaRow = ana.page.getByTestId('row').first();
    await anaRow.locator('[data-column="suggestion"]').click();
    await ana.page.keyboard.type('Share information through TLD-OPS');
    await anaRow.getByRole('radiogroup', { name: /impact/i }).getByRole('radio', { name: 'H', exact: true }).click();

    const boRow = bo.page.getByTestId('row').first();
    const impactH = boRow.getByRole('radiogroup', { name: /impact/i }).getByRole('radio', { name: 'H', exact: true });
    await vi.waitFor(async () => {
      expect(await boRow.locator('[data-column="suggestion"]').textContent()).toContain('Share information through TLD-OPS');
      expect(await impactH.isChecked()).toBe(true);
    }, 1000);
    await vi.waitFor(async () => expect(await ana.page.getByTestId('sync-status').textContent()).toMatch(/all changes saved/i), 5000);
    expect(await bo.page.getByTestId('presence').textContent()).toContain('Ana');

    await screenshot(ana.page, 'foundation-room-ana');
    await screenshot(bo.page, 'foundation-room-bo');
  });
});
