import { boardDocName, plenaryDocName, roomDocName, stateDocName } from '@roomtable/core';
import { describe, expect, it, vi } from 'vitest';
import type { Page, WebSocket } from 'playwright-core';
import { api } from '../helpers/api';
import { launchBrowser, newPerson, WEB_DIST } from '../helpers/browser';
import { joinThroughThePage } from '../helpers/joinThroughThePage';
import { startBreakout } from '../helpers/startBreakout';
import { storeFacilitatorSession } from '../helpers/storeFacilitatorSession';
import { startTestServer } from '../helpers/testServer';

/** Every sync socket a page opens, by document name (the path after /sync/), with whether it is still open. */
function watchSockets(page: Page) {
  const sockets: Array<{ doc: string; ws: WebSocket; closed: boolean }> = [];
  page.on('websocket', (ws) => {
    const { pathname } = new URL(ws.url());
    if (!pathname.startsWith('/sync/')) return;
    const entry = { doc: decodeURIComponent(pathname.slice('/sync/'.length)), ws, closed: false };
    ws.on('close', () => {
      entry.closed = true;
    });
    sockets.push(entry);
  });
  const opened = () => {
    const counts: Record<string, number> = {};
    for (const s of sockets) counts[s.doc] = (counts[s.doc] ?? 0) + 1;
    return counts;
  };
  const open = () => sockets.filter((s) => !s.closed).map((s) => s.doc).sort();
  return { opened, open };
}

/** Long enough for a second socket of a document (a second hook's effect, a remount) to show up. */
const SETTLE_MS = 1500;

describe('one socket per document per page, one read of the workshop', () => {
  it('the room page, the plenary (state, board and notes), a move to the console and the projector view each open every document once', async () => {
    const server = await startTestServer({ env: { WEB_DIST } });
    const created = await api(server.url, 'POST', '/workshops', {
      title: 'Sockets',
      rooms: 1,
      suggestions: ['Publish minutes of every meeting', 'Translate key documents'],
    });
    const { workshop, facilitatorToken: f, joinCode } = created.body;
    const id = workshop.id as string;
    const browser = await launchBrowser();
    const ana = await newPerson(browser, { width: 1366, height: 900 });
    await joinThroughThePage(ana.page, server.url, joinCode, 'Ana');
    const facilitator = await newPerson(browser, { width: 1366, height: 900 });
    await storeFacilitatorSession(facilitator.page, server.url, id, f);
    await startBreakout(server.url, id, f, 'sockets-e2e');

    // The room page: the state document (live state) and the room's table, once each.
    const roomPage = await ana.context.newPage();
    const roomSockets = watchSockets(roomPage);
    await roomPage.goto(`${server.url}/w/${id}/room/1`);
    await roomPage.getByTestId('room-table').waitFor({ timeout: 10_000 });
    await vi.waitFor(async () => expect(await roomPage.getByTestId('sync-status').textContent()).toMatch(/connected|saved/i), 10_000);
    await roomPage.waitForTimeout(SETTLE_MS);
    expect(roomSockets.opened()).toEqual({ [stateDocName(id)]: 1, [roomDocName(id, 1)]: 1 });
    expect(roomSockets.open()).toEqual([roomDocName(id, 1), stateDocName(id)].sort());
    await roomPage.close();

    // The plenary: the live state and the plenary both follow `<id>/state`, on one socket (it was
    // two); the board and the notes have one each.
    expect((await api(server.url, 'POST', `/workshops/${id}/phase`, { phase: 'reporting' }, f)).status).toBe(200);
    const plenarySockets = watchSockets(facilitator.page);
    let workshopReads = 0;
    facilitator.page.on('request', (request) => {
      if (request.method() === 'GET' && new URL(request.url()).pathname === `/api/workshops/${id}`) workshopReads += 1;
    });
    await facilitator.page.goto(`${server.url}/w/${id}/plenary`);
    await facilitator.page.getByTestId('report-table').waitFor({ timeout: 10_000 });
    await facilitator.page.getByTestId('notes-editor').waitFor({ timeout: 10_000 });
    await facilitator.page.getByTestId('board-cluster').first().waitFor({ timeout: 10_000 });
    await facilitator.page.waitForTimeout(SETTLE_MS);
    const plenaryDocs = { [stateDocName(id)]: 1, [boardDocName(id)]: 1, [plenaryDocName(id)]: 1 };
    expect(plenarySockets.opened()).toEqual(plenaryDocs);
    expect(plenarySockets.open()).toEqual(Object.keys(plenaryDocs).sort());
    // The workshop is read three times, all by the live state (its first read, shared with the
    // plenary's, and two readings of the server clock after it); the plenary's own read made four.
    expect(workshopReads).toBe(3);

    // Back to the console inside the app: the console follows the same state document and keeps
    // its socket; the board's and the notes' close once nobody on the page holds them.
    await facilitator.page.getByRole('link', { name: /back to the facilitator console/i }).click();
    await facilitator.page.waitForURL(/\/facilitate$/);
    await vi.waitFor(async () => expect(plenarySockets.open()).toEqual([stateDocName(id)]), 5000);
    await facilitator.page.waitForTimeout(SETTLE_MS);
    expect(plenarySockets.opened()).toEqual(plenaryDocs);

    // The projector view follows the live state and the plenary too (and the board when shown).
    const screenSockets = watchSockets(facilitator.page);
    await facilitator.page.goto(`${server.url}/w/${id}/screen`);
    await facilitator.page.getByTestId('screen').waitFor({ timeout: 10_000 });
    await facilitator.page.waitForTimeout(SETTLE_MS);
    const onScreen = screenSockets.opened();
    expect(onScreen[stateDocName(id)]).toBe(1);
    expect(Object.values(onScreen).every((n) => n === 1), JSON.stringify(onScreen)).toBe(true);

    // A participant's page sends them to the plenary by itself: its state socket carries over too.
    const participantSockets = watchSockets(ana.page);
    await ana.page.goto(`${server.url}/w/${id}`);
    await ana.page.waitForURL(/\/plenary$/, { timeout: 10_000 });
    await ana.page.getByTestId('board-cluster').first().waitFor({ timeout: 10_000 });
    await ana.page.getByTestId('notes-editor').waitFor({ timeout: 10_000 });
    await ana.page.waitForTimeout(SETTLE_MS);
    expect(participantSockets.opened()).toEqual(plenaryDocs);
  });
});
