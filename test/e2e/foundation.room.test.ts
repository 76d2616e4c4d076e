import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api } from '../helpers/api';
import { launchBrowser, newPerson, screenshot, WEB_DIST } from '../helpers/browser';
import { eventually } from '../helpers/providers';
import { startTestServer } from '../helpers/testServer';

async function joinThroughThePage(page: Page, baseUrl: string, joinCode: string, name: string) {
  await page.goto(`${baseUrl}/join/${joinCode}`);
  await page.getByTestId('join-name').fill(name);
  await page.getByTestId('join-submit').click();
  await page.waitForURL(/\/w\/[^/]+$/);
}

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

    expect((await api(server.url, 'POST', `/workshops/${workshop.id}/assignment`, {}, facilitatorToken)).status).toBe(200);
    expect((await api(server.url, 'POST', `/workshops/${workshop.id}/phase`, { phase: 'breakout' }, facilitatorToken)).status).toBe(200);

    for (const p of [ana.page, bo.page]) {
      await p.getByTestId('room-table').waitFor({ timeout: 10_000 });
      await eventually(async () => expect(await p.getByTestId('sync-status').textContent()).toMatch(/connected|saved/i), 10_000);
    }
    const anaRow = ana.page.getByTestId('row').first();
    await anaRow.locator('[data-column="suggestion"]').click();
    await ana.page.keyboard.type('Share information through TLD-OPS');
    await anaRow.getByRole('radiogroup', { name: /impact/i }).getByRole('radio', { name: 'H', exact: true }).click();

    const boRow = bo.page.getByTestId('row').first();
    const impactH = boRow.getByRole('radiogroup', { name: /impact/i }).getByRole('radio', { name: 'H', exact: true });
    await eventually(async () => {
      expect(await boRow.locator('[data-column="suggestion"]').textContent()).toContain('Share information through TLD-OPS');
      expect(await impactH.isChecked()).toBe(true);
    }, 1000);
    await eventually(async () => expect(await ana.page.getByTestId('sync-status').textContent()).toMatch(/all changes saved/i), 5000);
    expect(await bo.page.getByTestId('presence').textContent()).toContain('Ana');

    await screenshot(ana.page, 'foundation-room-ana');
    await screenshot(bo.page, 'foundation-room-bo');
  });
});
