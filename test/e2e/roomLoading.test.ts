import { roomDocName } from '@roomtable/core';
import { describe, expect, it, vi } from 'vitest';
import { api } from '../helpers/api';
import { launchBrowser, newPerson, WEB_DIST } from '../helpers/browser';
import { holdScript } from '../helpers/holdScript';
import { joinThroughThePage } from '../helpers/joinThroughThePage';
import { startBreakout } from '../helpers/startBreakout';
import { startTestServer } from '../helpers/testServer';

/** Only ProseMirror's view has this class name: the script that carries it is the editor's chunk. */
const EDITOR_MARKER = 'ProseMirror-hideselection';

describe('the room page loads its table while the editor downloads', () => {
  it("opens the room's socket and receives the room's content before the editor's code has arrived, then the table is editable", async () => {
    const server = await startTestServer({ env: { WEB_DIST } });
    const created = await api(server.url, 'POST', '/workshops', { title: 'Loading', rooms: 1, suggestions: ['Publish minutes of every meeting'] });
    const { workshop, facilitatorToken: f, joinCode } = created.body;
    const id = workshop.id as string;
    const browser = await launchBrowser();
    const ana = await newPerson(browser, { width: 390, height: 844 });
    await joinThroughThePage(ana.page, server.url, joinCode, 'Ana');
    await startBreakout(server.url, id, f, 'loading-e2e');

    // A second tab of the same person, its editor's chunk held back.
    const page = await ana.context.newPage();
    const editor = await holdScript(page, EDITOR_MARKER);
    let roomFrames = 0;
    page.on('websocket', (ws) => {
      if (decodeURIComponent(new URL(ws.url()).pathname) !== `/sync/${roomDocName(id, 1)}`) return;
      ws.on('framereceived', () => {
        roomFrames += 1;
      });
    });
    await page.goto(`${server.url}/w/${id}`);
    try {
      // Before, RoomView opened the room's document only once the editor's chunk had run: with the
      // chunk held, no frame of the room ever arrived.
      await vi.waitFor(() => {
        expect(editor.requested).toBe(true);
        expect(roomFrames).toBeGreaterThan(0);
      }, 15_000);
      expect(await page.getByTestId('room-table').count()).toBe(0);
    } finally {
      editor.release();
    }
    const table = page.getByTestId('room-table');
    await vi.waitFor(async () => expect(await table.getAttribute('contenteditable')).toBe('true'), 15_000);
    const cell = page.getByTestId('row').first().locator('td[data-column="suggestion"] p').first();
    await cell.click();
    await page.keyboard.type('Q');
    // Where the click put the caret depends on the line breaks of a 390 px screen: the letter lands in the cell.
    await vi.waitFor(async () => expect((await cell.textContent())?.replace('Q', '')).toBe('Publish minutes of every meeting'), 10_000);
  });
});
