import type { Page, WebSocketRoute } from 'playwright-core';
import { describe, expect, it, vi } from 'vitest';
import { api } from '../helpers/api';
import { launchBrowser, newPerson, screenshot, WEB_DIST } from '../helpers/browser';
import { joinThroughThePage } from '../helpers/joinThroughThePage';
import { startTestServer } from '../helpers/testServer';

/** Puts a switch between a page and the server's WebSockets: cut drops them and refuses new ones. */
async function connectionSwitch(page: Page) {
  let online = true;
  const open = new Set<WebSocketRoute>();
  await page.routeWebSocket(/\/sync\//, (ws) => {
    if (!online) {
      void ws.close({ code: 1001, reason: 'network down (test)' });
      return;
    }
    ws.connectToServer();
    open.add(ws);
    ws.onClose(() => open.delete(ws));
  });
  return {
    async cut() {
      online = false;
      await Promise.all([...open].map((ws) => ws.close({ code: 1001, reason: 'network down (test)' })));
    },
    restore() {
      online = true;
    },
  };
}

const status = async (page: Page) => (await page.getByTestId('sync-status').textContent()) ?? '';

describe('offline edits', () => {
  it('an edit made while disconnected is kept and arrives on the other side after reconnecting', async () => {
    const server = await startTestServer({ env: { WEB_DIST } });
    const { body } = await api(server.url, 'POST', '/workshops', { title: 'Offline', rooms: 1 });
    const browser = await launchBrowser();
    const join = async (name: string) => {
      const person = await newPerson(browser);
      await joinThroughThePage(person.page, server.url, body.joinCode, name);
      return person.page;
    };
    const ana = await join('Ana');
    const net = await connectionSwitch(ana);
    await ana.reload();
    const bo = await join('Bo');
    await api(server.url, 'POST', `/workshops/${body.workshop.id}/phase`, { phase: 'breakout' }, body.facilitatorToken);
    for (const p of [ana, bo]) await p.getByTestId('room-table').waitFor({ timeout: 10_000 });
    await vi.waitFor(async () => expect(await ana.getByTestId('room-table').getAttribute('contenteditable')).toBe('true'), 5000);

    await net.cut();
    await vi.waitFor(async () => expect(await status(ana)).toMatch(/reconnecting/i), 5000);
    const storedUpdates = () =>
      ana.evaluate(
        (name) =>
          new Promise<number>((resolve, reject) => {
            const req = indexedDB.open(name);
            req.onerror = () => reject(req.error);
            req.onsuccess = () => {
              const count = req.result.transaction('updates').objectStore('updates').count();
              count.onsuccess = () => resolve(count.result);
            };
          }),
        `roomtable:${body.workshop.id}/room/1`,
      );
    const before = await storedUpdates();
    await ana.getByTestId('row').first().locator('[data-column="needed"]').click();
    await ana.keyboard.type('Written on the train');
    await screenshot(ana, 'offline-1-disconnected');
    expect(await status(ana)).not.toMatch(/saved/i);
    // The edit is in this browser's IndexedDB: it survives a reload while still offline.
    await vi.waitFor(async () => expect(await storedUpdates()).toBeGreaterThan(before), 5000);
    await ana.reload();
    await vi.waitFor(async () => expect(await ana.getByTestId('row').first().textContent()).toContain('Written on the train'), 10_000);
    await screenshot(ana, 'offline-2-reloaded-offline');
    expect(await bo.getByTestId('row').first().textContent()).not.toContain('Written on the train');

    net.restore();
    await vi.waitFor(async () => expect(await bo.getByTestId('row').first().locator('[data-column="needed"]').textContent()).toContain('Written on the train'), 15_000);
    await vi.waitFor(async () => expect(await status(ana)).toMatch(/all changes saved/i), 10_000);
    await screenshot(bo, 'offline-3-arrived');
  });
});
