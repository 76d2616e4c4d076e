import { describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { DEFAULT_TEMPLATE, readRows } from '@roomtable/core';
import { launchBrowser, screenshot, WEB_DIST } from '../helpers/browser';
import { clickCellStart, openRoomWith, tableTexts, waitForEditableTable } from '../helpers/roomPeople';
import { startTestServer } from '../helpers/testServer';

const toolbarMessage = async (page: Page) => (await page.locator('.toolbar [role="status"]').textContent()) ?? '';

/**
 * Puts a switch between a page and the server's room socket: frames go through untouched until
 * the test asks to close the page's side with a code, as the server does when it refuses a change
 * (the server that refuses arrives with the schema work; here the web app's answer is under test).
 */
async function roomSocketSwitch(page: Page) {
  let refuseWhen: { marker: string; code: number; reason: string } | null = null;
  await page.routeWebSocket(/\/sync\/.*\/room\//, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => {
      const refusal = refuseWhen;
      if (refusal && Buffer.from(message as Buffer).includes(refusal.marker)) {
        refuseWhen = null;
        void server.close();
        void ws.close({ code: refusal.code, reason: refusal.reason });
        return;
      }
      server.send(message);
    });
    server.onMessage((message) => ws.send(message));
  });
  return {
    /** The next frame holding `marker` is not forwarded: the page's socket is closed with `code`. */
    refuse(marker: string, code: number, reason: string) {
      refuseWhen = { marker, code, reason };
    },
  };
}

describe('undo you can see, and refusals the room explains', () => {
  it('[TE9] undo and redo act on my own changes only, from the toolbar and the keys, and say what they did', async () => {
    const server = await startTestServer({ env: { WEB_DIST } });
    const browser = await launchBrowser();
    const room = await openRoomWith(browser, server, ['Ana', 'Bo']);
    const [ana, bo] = room.people.map((p) => p.page) as [Page, Page];
    await clickCellStart(ana, 0, 'benefit');
    await ana.keyboard.type('Ana typed this');
    await clickCellStart(bo, 0, 'needed');
    await bo.keyboard.type('Bo typed this');
    await vi.waitFor(async () => expect((await tableTexts(ana))[1]?.[3]).toBe('Bo typed this'), 5000);

    await ana.getByTestId('undo').click();
    await vi.waitFor(async () => expect(await toolbarMessage(ana)).toBe('Your last change was undone.'), 5000);
    for (const page of [ana, bo]) {
      await vi.waitFor(async () => {
        const texts = await tableTexts(page);
        expect(texts[1]?.[1]).toBe('');
        expect(texts[1]?.[3]).toBe('Bo typed this');
      }, 5000);
    }
    await ana.keyboard.press('Control+Shift+Z');
    await vi.waitFor(async () => expect(await toolbarMessage(ana)).toBe('Your change was redone.'), 5000);
    await vi.waitFor(async () => expect((await tableTexts(bo))[1]?.[1]).toBe('Ana typed this'), 5000);
    await ana.keyboard.press('Control+Z');
    await vi.waitFor(async () => expect((await tableTexts(bo))[1]?.[1]).toBe(''), 5000);
    await ana.keyboard.press('Control+Z');
    await vi.waitFor(async () => expect(await toolbarMessage(ana)).toBe('Nothing of yours to undo.'), 5000);
    expect(await ana.getByTestId('undo').getAttribute('aria-disabled')).toBe('true');
    expect((await tableTexts(bo))[1]?.[3]).toBe('Bo typed this');
    // The browser's own Undo (Edit menu, context menu) goes the same way, never behind the editor's back.
    await ana.keyboard.press('Control+Y');
    await vi.waitFor(async () => expect((await tableTexts(bo))[1]?.[1]).toBe('Ana typed this'), 5000);
    await screenshot(ana, 'room-undo-ana');
  });

  it('[TE9] a click elsewhere ends an undo step: quick typing in two cells is two undos, and Ctrl+Z works from a rating control', async () => {
    const server = await startTestServer({ env: { WEB_DIST } });
    const browser = await launchBrowser();
    const room = await openRoomWith(browser, server, ['Ana', 'Bo']);
    const [ana, bo] = room.people.map((p) => p.page) as [Page, Page];
    // No pause between the cells: Y.UndoManager alone would merge both into one step (500 ms).
    await clickCellStart(ana, 0, 'suggestion');
    await ana.keyboard.type('first cell');
    await clickCellStart(ana, 0, 'benefit');
    await ana.keyboard.type('second cell');
    await ana.keyboard.press('Control+Z');
    for (const page of [ana, bo]) {
      await vi.waitFor(async () => {
        const texts = await tableTexts(page);
        expect(texts[1]?.[0]).toBe('first cell');
        expect(texts[1]?.[1]).toBe('');
      }, 5000);
    }
    // A rating chosen, then Ctrl+Z while its control has the focus.
    const high = ana.getByTestId('row').nth(0).getByRole('radiogroup', { name: 'Impact' }).getByRole('radio', { name: 'H', exact: true });
    await high.click();
    await vi.waitFor(async () => expect((await tableTexts(bo))[1]?.[2]).toBe('rating:H'), 5000);
    expect(await ana.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('radio');
    await ana.keyboard.press('Control+Z');
    await vi.waitFor(async () => expect((await tableTexts(bo))[1]?.[2]).toBe('rating:'), 5000);
    await vi.waitFor(async () => expect(await toolbarMessage(ana)).toBe('Your last change was undone.'), 5000);
    expect((await tableTexts(bo))[1]?.[0]).toBe('first cell');
  });

  it('a change the server refuses (4422) is said in the person’s language; dropping it carries on with the room’s table', async () => {
    const server = await startTestServer({ env: { WEB_DIST } });
    const browser = await launchBrowser();
    const switches = new Map<string, Awaited<ReturnType<typeof roomSocketSwitch>>>();
    const room = await openRoomWith(browser, server, ['Ana', 'Bo'], {
      locale: 'fr-FR',
      beforeJoin: async (page, name) => {
        switches.set(name, await roomSocketSwitch(page));
      },
    });
    const [ana, bo] = room.people.map((p) => p.page) as [Page, Page];
    await clickCellStart(ana, 0, 'suggestion');
    await ana.keyboard.type('Kept before ');
    await vi.waitFor(async () => expect((await tableTexts(bo))[1]?.[0]).toBe('Kept before '), 5000);
    switches.get('Ana')!.refuse('REFUSE-ME', 4422, 'a cell in the wrong column (row 1, Suggestion)');
    // One input event, so the marker travels in one update frame (typed keys go one frame each).
    await ana.keyboard.insertText('REFUSE-ME');
    const alert = ana.getByTestId('sync-closed');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Cette modification a été refusée');
    expect(await ana.getByTestId('room-table').getAttribute('contenteditable')).toBe('false');
    await screenshot(ana, 'room-refused-fr');
    // (The page's close-code watch sees Playwright's routed socket, not the code it was closed
    // with; the French refusal above is what the page made of the 4422.)

    await ana.getByTestId('drop-refused-change').click();
    await waitForEditableTable(ana);
    await vi.waitFor(async () => expect((await tableTexts(ana))[1]?.[0]).toBe('Kept before '), 5000);
    expect(await ana.getByTestId('sync-closed').count()).toBe(0);
    // Carrying on: the next change arrives for everyone, and the refused one never did.
    await clickCellStart(ana, 0, 'needed');
    await ana.keyboard.type('After the refusal');
    await vi.waitFor(async () => expect((await tableTexts(bo))[1]?.[3]).toBe('After the refusal'), 5000);
    const stored = await server.documents.withDocument(room.docName, (doc) => readRows(doc, DEFAULT_TEMPLATE));
    expect(stored[0]?.suggestion).toBe('Kept before');
    expect(JSON.stringify(stored)).not.toContain('REFUSE-ME');
    // The browser's copy was dropped too: a reload does not bring the refused change back.
    await ana.reload();
    await waitForEditableTable(ana);
    expect(JSON.stringify(await tableTexts(ana))).not.toContain('REFUSE-ME');
  });
});
