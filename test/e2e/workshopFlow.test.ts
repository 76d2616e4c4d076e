import { describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { api } from '../helpers/api';
import { launchBrowser, newPerson, screenshot, WEB_DIST } from '../helpers/browser';
import { joinThroughThePage } from '../helpers/joinThroughThePage';
import { startTestServer } from '../helpers/testServer';

const text = async (page: Page, testId: string) => (await page.getByTestId(testId).first().textContent()) ?? '';

describe('a facilitator takes four participants from the lobby to reporting', () => {
  it('lobby → assignment → break-out → rapporteur → reporting, each in their own browser', async () => {
    const server = await startTestServer({ env: { WEB_DIST } });
    const browser = await launchBrowser();

    // Set-up, through the home page's form.
    const fac = await newPerson(browser, { width: 1440, height: 900 });
    await fac.page.goto(server.url);
    await fac.page.getByTestId('create-title').fill('ccNSO: purpose and value');
    await fac.page.getByTestId('create-suggestions').fill('Share information\nConsider a best-practice, educational role');
    await fac.page.getByTestId('create-rooms').fill('2');
    await fac.page.getByTestId('create-submit').click();
    await fac.page.waitForURL(/\/w\/[^/]+\/facilitate$/);
    // The console first asks to keep the private facilitator link [FL1].
    await fac.page.getByTestId('keep-link-saved').click();
    const workshopId = fac.page.url().split('/w/')[1]!.split('/')[0]!;
    const joinCode = (await text(fac.page, 'join-code-display')).replace(/\s/g, '');
    expect(joinCode).toMatch(/^[A-Z2-9]{6}$/);

    // Four people join by the code; the facilitator's lobby fills live.
    const names = ['Ana', 'Bo', 'Chen', 'Dede'];
    const people: Page[] = [];
    for (const name of names) {
      const { page } = await newPerson(browser, { width: 1280, height: 800 });
      await joinThroughThePage(page, server.url, joinCode, name);
      people.push(page);
    }
    await vi.waitFor(async () => expect(await text(fac.page, 'participant-count')).toContain('4'), 5000);
    for (const name of names) await vi.waitFor(async () => expect(await text(fac.page, 'facilitator-participants')).toContain(name), 5000);
    await screenshot(fac.page, 'flow-1-lobby-facilitator');
    await screenshot(people[0]!, 'flow-1-lobby-participant');

    // Assignment and break-out: everyone lands in an editable room table.
    await fac.page.getByTestId('assign-rooms').click();
    await vi.waitFor(async () => expect(await fac.page.getByTestId('room-card-2').count()).toBe(1), 5000);
    await fac.page.getByTestId('phase-breakout').click();
    for (const page of people) {
      await page.getByTestId('room-table').waitFor({ timeout: 10_000 });
      await vi.waitFor(async () => expect(await page.getByTestId('room-table').getAttribute('contenteditable')).toBe('true'), 5000);
    }
    const state = (await api(server.url, 'GET', `/workshops/${workshopId}`, undefined, await facilitatorToken(fac.page, workshopId))).body;
    const roomOf = (name: string) => state.participants.find((p: { name: string }) => p.name === name).room as number;
    const sizes = [1, 2].map((n) => names.filter((x) => roomOf(x) === n).length);
    expect(sizes).toEqual([2, 2]);

    // In room 1, a member appoints a rapporteur; the room sees the badge.
    const room1 = names.filter((n) => roomOf(n) === 1);
    const first = people[names.indexOf(room1[0]!)]!;
    const second = people[names.indexOf(room1[1]!)]!;
    const rapporteurId = state.participants.find((p: { name: string }) => p.name === room1[1]).id;
    await first.getByTestId('rapporteur-select').selectOption(rapporteurId);
    await first.getByRole('button', { name: /appoint/i }).click();
    await vi.waitFor(async () => expect(await second.getByTestId('rapporteur-badge').count()).toBeGreaterThan(0), 5000);

    // The room fills its table; the facilitator sees progress, not content.
    await first.getByTestId('row').first().locator('[data-column="benefit"]').click();
    await first.keyboard.type('Fewer duplicated efforts across ccTLDs');
    await first.getByTestId('row').first().getByRole('radiogroup', { name: /impact/i }).getByRole('radio', { name: 'H', exact: true }).click();
    await vi.waitFor(async () => expect(await text(first, 'sync-status')).toMatch(/all changes saved/i), 5000);
    await vi.waitFor(async () => expect(await text(fac.page, 'room-ratings-1')).toMatch(/^1\b/), 10_000);
    await screenshot(first, 'flow-2-breakout-room');
    await screenshot(fac.page, 'flow-2-breakout-console');

    // Reporting: the rooms become read-only and the break-out's snapshot exists.
    await fac.page.getByTestId('phase-reporting').click();
    // Time is left, so the console says what ending the break-out does and asks.
    await fac.page.getByTestId('confirm-ok').click();
    await vi.waitFor(async () => expect(await text(fac.page, 'facilitator-phase')).toMatch(/report/i), 5000);
    const token = await facilitatorToken(fac.page, workshopId);
    await vi.waitFor(async () => {
      const snaps = await api(server.url, 'GET', `/workshops/${workshopId}/snapshots`, undefined, token);
      expect(snaps.body.snapshots.map((s: { reason: string }) => s.reason)).toContain('breakout-ended');
    }, 5000);
    for (const page of people) {
      // The table may leave the page between two locator calls, so ask the page once.
      await vi.waitFor(async () => {
        const editable = await page.evaluate(
          () => document.querySelector('[data-testid="room-table"]')?.getAttribute('contenteditable') ?? 'false',
        );
        expect(editable).toBe('false');
      }, 5000);
    }
    await screenshot(second, 'flow-3-reporting-participant');
    await screenshot(fac.page, 'flow-3-reporting-console');

    // The console leads the facilitator to the full-group view once the break-out is over.
    await fac.page.getByTestId('plenary-link').click();
    await fac.page.waitForURL(/\/plenary$/);

    // Afterwards the facilitator finds the workshop again from the home page.
    await fac.page.goto(server.url);
    await fac.page.getByTestId('your-workshops').click();
    await fac.page.waitForURL(/\/workshops$/);
    await vi.waitFor(async () => expect(await fac.page.locator('main').textContent()).toContain('ccNSO: purpose and value'), 5000);
    expect(await people[0]!.goto(server.url).then(() => people[0]!.getByTestId('your-workshops').count())).toBe(0);
  });
});

/** The facilitator's token, as the web app keeps it in this browser. */
async function facilitatorToken(page: Page, workshopId: string): Promise<string> {
  const raw = await page.evaluate((id) => localStorage.getItem(`roomtable:${id}`), workshopId);
  return JSON.parse(raw!).token;
}
