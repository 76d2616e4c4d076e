import { describe, expect, it, vi } from 'vitest';
import { api } from '../helpers/api';
import { launchBrowser, newPerson, WEB_DIST } from '../helpers/browser';
import { holdScript } from '../helpers/holdScript';
import { joinThroughThePage } from '../helpers/joinThroughThePage';
import { startBreakout } from '../helpers/startBreakout';
import { startTestServer } from '../helpers/testServer';

/** Only the notes' editor carries its class name: the script that has it is that editor's chunk. */
const NOTES_MARKER = 'notes-editor';

describe("the plenary reads without the notes' editor", () => {
  it("shows the presenting room's report while the notes' editor is held back, fetches that editor before the Notes tab is opened, then the notes show", async () => {
    const server = await startTestServer({ env: { WEB_DIST } });
    const created = await api(server.url, 'POST', '/workshops', { title: 'Plenary loading', rooms: 1, suggestions: ['Publish minutes of every meeting'] });
    const { workshop, facilitatorToken: f, joinCode } = created.body;
    const id = workshop.id as string;
    const browser = await launchBrowser();
    const ana = await newPerson(browser, { width: 390, height: 844 });
    await joinThroughThePage(ana.page, server.url, joinCode, 'Ana');
    await startBreakout(server.url, id, f, 'plenary-loading-e2e');
    expect((await api(server.url, 'POST', `/workshops/${id}/phase`, { phase: 'reporting' }, f)).status).toBe(200);
    expect((await api(server.url, 'PUT', `/workshops/${id}/plenary/presenting`, { room: 1 }, f)).status).toBe(200);

    // A second tab of the same person, the notes' editor held back.
    const page = await ana.context.newPage();
    const notes = await holdScript(page, NOTES_MARKER);
    try {
      await page.goto(`${server.url}/w/${id}/plenary`);
      // Before, the notes' editor (TipTap, StarterKit) was part of the plenary page's own chunk:
      // held back, nothing of the plenary rendered.
      await expect(page.getByTestId('report-table').textContent({ timeout: 15_000 })).resolves.toContain('Publish minutes of every meeting');
      // On a phone the notes are a tab, mounted hidden: their editor is on its way before anyone
      // opens it, so the tab does not start with a download.
      await vi.waitFor(() => expect(notes.requested).toBe(true), 15_000);
    } finally {
      notes.release();
    }
    await page.getByRole('tab', { name: 'Notes' }).click();
    await page.getByTestId('notes-editor').waitFor({ timeout: 15_000 });
  });
});
