import { mkdirSync } from 'node:fs';
import { addFrame, addNote, boardDocName, moveCluster, readBoard, readBoardAnnotations, roomDocName } from '@roomtable/core';
import type { Page } from 'playwright-core';
import { describe, expect, it, vi } from 'vitest';
import { api } from '../helpers/api';
import { launchBrowser, newPerson, WEB_DIST } from '../helpers/browser';
import { connectClient, waitForSync } from '../helpers/providers';
import { rateRow } from '../helpers/rateRow';
import { storeFacilitatorSession } from '../helpers/storeFacilitatorSession';
import { startTestServer } from '../helpers/testServer';

const SHOTS = '/tmp/shots-boardout';
const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });

describe('the board in the outputs, in Chromium', () => {
  it('[BO1][BO2] the review shows the board as the plenary left it; the printable page and the downloaded plan draw it where it was moved', async () => {
    mkdirSync(SHOTS, { recursive: true });
    const server = await startTestServer({ env: { WEB_DIST } });
    const hostile = 'Translate <b>key</b> documents & "glossaries" into every UN language before the next meeting, and publish them openly for all regions to read';
    const created = await api(server.url, 'POST', '/workshops', { title: 'Board outputs', rooms: 3, suggestions: ['Publish minutes of every meeting', hostile] });
    const { workshop, facilitatorToken: f } = created.body;
    const base = `/workshops/${workshop.id}`;
    const call = (method: string, route: string, body?: unknown) => api(server.url, method, `${base}${route}`, body, f);
    await call('POST', '/assignment', { seed: 'outputs-e2e' });
    await call('POST', '/phase', { phase: 'breakout' });
    for (const room of [1, 2, 3]) {
      const editor = connectClient(server.wsUrl, roomDocName(workshop.id, room), f);
      await waitForSync(editor.provider);
      rateRow(editor.doc, 0, 'H', 'L');
      rateRow(editor.doc, 1, room === 3 ? 'L' : 'M', 'H');
    }
    await vi.waitFor(async () => {
      const progress = (await call('GET', '/progress')).body;
      expect(progress.rooms.map((r: { ratingsFilled: number }) => r.ratingsFilled)).toEqual([4, 4, 4]);
    }, 5000);
    expect((await call('POST', '/phase', { phase: 'reporting' })).status).toBe(200);

    // The plenary carries "Publish minutes" to the bottom right; then the workshop closes.
    const board = connectClient(server.wsUrl, boardDocName(workshop.id), f);
    await waitForSync(board.provider);
    await vi.waitFor(() => expect(readBoard(board.doc)?.clusters).toHaveLength(2), 5000);
    const built = readBoard(board.doc)!;
    const publish = built.clusters.find((c) => c.cardIds[0]!.includes('publish'))!;
    const to = { x: built.plane.width - 260, y: built.plane.height - 130 };
    moveCluster(board.doc, publish.id, to);
    // A note and a frame the note-takers added go into the snapshot and the printable page [BO7].
    addNote(board.doc, 'note:e2e-outputs', { x: 40, y: built.plane.height - 140 }, 'Ask the council before June');
    addFrame(board.doc, 'frame:e2e-outputs', { x: to.x - 24, y: to.y - 48, width: 260, height: 170 }, 'Publish first');
    const check = connectClient(server.wsUrl, boardDocName(workshop.id), f);
    await waitForSync(check.provider);
    await vi.waitFor(() => expect(readBoard(check.doc)!.positions[publish.id]).toEqual(to), 5000);
    await vi.waitFor(() => expect(readBoardAnnotations(check.doc).frames).toHaveLength(1), 5000);
    expect((await call('POST', '/phase', { phase: 'closed' })).status).toBe(200);
    // Moved again after the close: the snapshot keeps the plenary's place, the exports show the live one.
    const later = { x: 24, y: 24 };
    moveCluster(board.doc, publish.id, later);
    await vi.waitFor(() => expect(readBoard(check.doc)!.positions[publish.id]).toEqual(later), 5000);

    const browser = await launchBrowser();
    const { page, context } = await newPerson(browser, { width: 1366, height: 900 });
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    await storeFacilitatorSession(page, server.url, workshop.id, f);
    await page.goto(`${server.url}/w/${workshop.id}/review`);
    await page.getByTestId('board-tab').click();
    const timeline = page.getByTestId('board-timeline');
    await timeline.getByTestId('board-snapshots').getByRole('listitem').first().waitFor();
    expect(await timeline.getByTestId('board-snapshots').getByRole('listitem').allTextContents()).toEqual([expect.stringContaining('plenary ended')]);
    await timeline.getByTestId('board-shown').waitFor();
    expect(await timeline.getByTestId('board-cluster').count()).toBe(2);
    expect(await timeline.getByTestId('board-cluster').filter({ hasText: 'Publish minutes' }).getAttribute('data-size')).toBe('3');
    // Read-only: nothing to split, merge or drag with.
    expect(await timeline.getByRole('button', { name: /split|merge/i }).count()).toBe(0);
    // The stack stands where the plenary left it (below the other), not where it was moved after (top left).
    const box = async (text: string) => (await timeline.getByTestId('board-cluster').filter({ hasText: text }).boundingBox())!;
    const [pub, tra] = [await box('Publish minutes'), await box('Translate')];
    expect(pub.y).toBeGreaterThan(tra.y + tra.height / 2);
    expect(await timeline.getByTestId('board-note').filter({ hasText: 'Ask the council before June' }).count()).toBe(1);
    await shot(page, 'review-board-1366');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByTestId('board-tab').click();
    await page.getByTestId('board-shown').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(page, 'review-board-390');

    // The printable page: the plane as SVG, the moved stack at its live place, hostile text as text.
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(`${server.url}/w/${workshop.id}/print`);
    const svg = page.getByTestId('board-svg');
    await svg.waitFor();
    expect(await svg.locator('g[data-cluster]').count()).toBe(2);
    expect(await svg.locator('g[data-note="note:e2e-outputs"]').textContent()).toContain('Ask the council');
    expect(await svg.locator('g[data-frame="frame:e2e-outputs"]').textContent()).toBe('Publish first');
    expect(await page.getByTestId('print-notes').textContent()).toContain('Ask the council before June');
    expect(await page.getByTestId('print-frames').textContent()).toContain('Publish first');
    const g = svg.locator(`g[data-cluster="${publish.id}"]`);
    expect(await g.locator('rect').last().evaluate((r) => [r.getAttribute('x'), r.getAttribute('y')])).toEqual([String(later.x), String(later.y)]);
    expect(await svg.locator('b').count()).toBe(0);
    expect(await svg.textContent()).toContain('Translate <b>key</b>');
    // The plane shows a stack's first lines; the list under it every card in full.
    expect(await svg.textContent()).not.toContain('all regions to read');
    expect(await page.getByTestId('print-board').getByText(`Room 2: ${hostile}`, { exact: true }).count()).toBe(1);
    await page.emulateMedia({ media: 'print' });
    await shot(page, 'print-board-1366');
    // Every line of text stays inside its card, in English and in a right-to-left language.
    const overflow = (p: Page) =>
      p.getByTestId('board-svg').evaluate((el) =>
        [...el.querySelectorAll('g[data-cluster]')].flatMap((group) => {
          const card = (group.querySelector('rect:last-of-type') as SVGRectElement).getBBox();
          return [...group.querySelectorAll('text')]
            .map((t) => (t as SVGTextElement).getBBox())
            .filter((b) => b.x < card.x || b.x + b.width > card.x + card.width || b.y < card.y || b.y + b.height > card.y + card.height)
            .map((b) => `${group.getAttribute('data-number')}: ${Math.round(b.x)}+${Math.round(b.width)} in ${card.x}+${card.width}`);
        }),
      );
    expect(await overflow(page)).toEqual([]);
    const arabic = await newPerson(browser, { width: 1366, height: 900, locale: 'ar' });
    await storeFacilitatorSession(arabic.page, server.url, workshop.id, f);
    await arabic.page.goto(`${server.url}/w/${workshop.id}/print`);
    await arabic.page.getByTestId('board-svg').waitFor();
    expect(await arabic.page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await overflow(arabic.page)).toEqual([]);
    await shot(arabic.page, 'print-board-ar-1366');
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await shot(page, 'print-board-1920');

    // The downloaded printable plan (the HTML export), opened under its own CSP.
    await context.setExtraHTTPHeaders({ authorization: `Bearer ${f}` });
    await page.setViewportSize({ width: 1366, height: 900 });
    const exported = await page.goto(`${server.url}/api${base}/export?format=html`);
    expect(exported!.headers()['content-security-policy']).toContain("default-src 'none'");
    const html = await exported!.text();
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    const exportedSvg = page.locator('svg.board-svg');
    expect(await exportedSvg.locator('g[data-cluster]').count()).toBe(2);
    expect(await exportedSvg.locator(`g[data-cluster="${publish.id}"] rect`).last().getAttribute('x')).toBe(String(later.x));
    expect(await exportedSvg.locator('b').count()).toBe(0);
    await shot(page, 'export-html-1366');
    expect(problems).toEqual([]);
    await browser.close();
  }, 120_000);
});
