import { describe, expect, it, vi } from 'vitest';
import { roomDocName } from '@roomtable/core';
import { api, createWorkshopWith } from '../helpers/api';
import { launchBrowser, newPerson, screenshot, WEB_DIST } from '../helpers/browser';
import { editCell } from '../helpers/editCell';
import { startBreakout } from '../helpers/startBreakout';
import { startTestServer } from '../helpers/testServer';
import { storeFacilitatorSession } from '../helpers/storeFacilitatorSession';

describe('the review page in Chromium', () => {
  it('shows the timeline, a diff with text markers, the plan, and a printable page', async () => {
    const server = await startTestServer({ env: { WEB_DIST } });
    const suggestions = ['Share information', 'Consider a best-practice, educational role', 'Do NOT focus all efforts on defining DNS Abuse'];
    const w = await createWorkshopWith(server.url, ['Ana', 'Bo', 'Chen', 'Dee'], { title: 'ccNSO purpose review', rooms: 2, suggestions });
    const f = (method: string, route: string, body?: unknown) => api(server.url, method, `/workshops/${w.workshopId}${route}`, body, w.facilitatorToken);
    await startBreakout(server.url, w.workshopId, w.facilitatorToken, 'e2e');
    const s1 = (await f('POST', '/snapshots')).body.snapshot.id as string;
    await editCell(server, roomDocName(w.workshopId, 1), 'Share information', ' through TLD-OPS');
    await editCell(server, roomDocName(w.workshopId, 2), 'Share information', ' via TLD-OPS');
    const s2 = (await f('POST', '/snapshots')).body.snapshot.id as string;

    const browser = await launchBrowser();
    const { page } = await newPerson(browser, { width: 1280 });
    await storeFacilitatorSession(page, server.url, w.workshopId, w.facilitatorToken);

    await page.goto(`${server.url}/workshops`);
    await page.getByTestId('workshop-list').getByText('ccNSO purpose review').waitFor();
    await screenshot(page, 'review-workshops-list');
    await page.getByRole('link', { name: /review and export/i }).click();
    await page.waitForURL(/\/review$/);

    await page.getByTestId('timeline').waitFor();
    expect(await page.getByTestId('timeline').getByRole('listitem').count()).toBe(2);
    await page.getByTestId('diff-from').selectOption(s1);
    await page.getByTestId('diff-to').selectOption(s2);
    await page.getByTestId('diff-compare').click();
    const changed = page.getByTestId('diff-row-changed');
    await changed.waitFor();
    expect(await changed.count()).toBe(1);
    expect(await changed.textContent()).toMatch(/Changed.*Share information.*Share information through TLD-OPS/);
    expect(await page.getByTestId('diff-summary').textContent()).toContain('0 added, 0 removed, 1 changed, 2 unchanged');
    // The plan groups room 1's and room 2's edited suggestion (they share most words).
    await vi.waitFor(async () => expect(await page.getByTestId('plan').textContent()).toContain('Room 2: Share information via TLD-OPS'), 5000);
    await changed.scrollIntoViewIfNeeded();
    await screenshot(page, 'review-diff');

    await page.getByTestId('print-link').click();
    await page.waitForURL(/\/print$/);
    await page.getByTestId('print-page').getByRole('table').waitFor();
    expect(await page.getByTestId('print-page').textContent()).toContain('Draft plan: ccNSO purpose review');
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, 'review-print');
    await browser.close();
  });
});
