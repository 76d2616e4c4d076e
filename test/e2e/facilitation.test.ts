import { describe, expect, it, vi } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { api, createWorkshopWith } from '../helpers/api';
import { seriousViolations } from '../helpers/axe';
import { launchBrowser, newPerson, screenshot, WEB_DIST } from '../helpers/browser';
import { startBreakout } from '../helpers/startBreakout';
import { storeFacilitatorSession } from '../helpers/storeFacilitatorSession';
import { startTestServer } from '../helpers/testServer';

// Issue 17, items 4–6 in Chromium, several people at the same moment: help from a room, a message
// to one room, time per room, and the console's progress. Rules: packages/core/SPEC.md [HP*] [RM*]
// [TR*] [RP*]; who may do what: docs/ACCESS.md.

const LAPTOP = { width: 1366, height: 860 };
const PHONE = { width: 390, height: 844 };
const MIN = 60_000;

const text = async (page: Page, testId: string) => (await page.getByTestId(testId).first().textContent()) ?? '';

/** A workshop of four in two rooms, in the break-out; the server's clock can be moved on with `skew`. */
async function setUp() {
  const clock = { skew: 0 };
  const server = await startTestServer({ env: { WEB_DIST }, now: () => Date.now() + clock.skew });
  const w = await createWorkshopWith(server.url, ['Ana', 'Bo', 'Chen', 'Dede'], { rooms: 2 });
  const assigned = await startBreakout(server.url, w.workshopId, w.facilitatorToken, 'facil-e2e');
  const roomOf = (id: string) => (assigned.rooms as Array<{ number: number; participantIds: string[] }>).find((r) => r.participantIds.includes(id))!.number;
  const inRoom = (n: number) => w.participants.filter((p) => roomOf(p.id) === n);
  return { server, w, clock, inRoom };
}

/** Opens the participant's page for `person`, signed in as them, and waits for their editable table. */
async function openAs(browser: Browser, baseUrl: string, workshopId: string, person: { id: string; token: string }, viewport: { width: number; height: number; locale?: string }) {
  const { page } = await newPerson(browser, viewport);
  await page.goto(baseUrl);
  await page.evaluate(
    ([key, value]) => localStorage.setItem(key, value),
    [`roomtable:${workshopId}`, JSON.stringify({ token: person.token, role: 'participant', participantId: person.id })] as const,
  );
  await page.goto(`${baseUrl}/w/${workshopId}`);
  await page.getByTestId('room-table').waitFor({ timeout: 15_000 });
  return page;
}

async function openConsole(browser: Browser, baseUrl: string, workshopId: string, token: string, viewport = LAPTOP) {
  const { page } = await newPerson(browser, viewport);
  await storeFacilitatorSession(page, baseUrl, workshopId, token);
  await page.goto(`${baseUrl}/w/${workshopId}/facilitate`);
  await page.getByTestId('help-queue').waitFor();
  return page;
}

describe('facilitation in the browser (issue 17)', () => {
  it('[HP1][HP2][HP3][RM1] a room asks for help from a phone; the console shows it at once with a badge and a beep; a message answers it in that room only', async () => {
    const { server, w, inRoom } = await setUp();
    const browser = await launchBrowser();
    const [ana, bo] = inRoom(1);
    const [chen] = inRoom(2);
    const console1366 = await openConsole(browser, server.url, w.workshopId, w.facilitatorToken);
    // Browsers start audio only after the person used the page: the console says so until a key is pressed.
    expect(await text(console1366, 'help-sound-hint')).toMatch(/click anywhere or press a key/i);
    await console1366.keyboard.press('Shift');
    await vi.waitFor(async () => expect(await console1366.getByTestId('help-sound-hint').count()).toBe(0), 5000);
    expect(await text(console1366, 'help-list')).toMatch(/no room is asking/i);
    const anaPhone = await openAs(browser, server.url, w.workshopId, ana!, PHONE);
    const boPage = await openAs(browser, server.url, w.workshopId, bo!, LAPTOP);
    const chenPage = await openAs(browser, server.url, w.workshopId, chen!, LAPTOP);
    // A member of room 2 is offered help for room 2 only: the page shows no button for another room.
    expect(await chenPage.getByTestId('help-toggle').count()).toBe(1);

    // Ana raises help from her phone, with the keyboard.
    await anaPhone.getByTestId('help-toggle').focus();
    const raisedAt = Date.now();
    await anaPhone.keyboard.press('Enter');
    await console1366.getByTestId('help-room-1').waitFor({ timeout: 10_000 });
    const seenAfterMs = Date.now() - raisedAt;
    // Live through the state document: well before the progress view's next 3-second poll could have.
    expect(seenAfterMs).toBeLessThan(2500);
    expect(await text(console1366, 'help-badge')).toBe('1');
    expect(await console1366.getByTestId('room-help-badge-1').count()).toBe(1);
    expect(await console1366.getByTestId('room-help-badge-2').count()).toBe(0);
    expect(await text(console1366, 'help-wait-1')).toMatch(/just now/i);
    await vi.waitFor(async () => expect(await console1366.getByTestId('help-list').getAttribute('data-beeps')).toBe('1'), 5000);
    expect(await console1366.title()).toMatch(/^\(1\) /);
    // Everyone in room 1 sees that the room asked; room 2 does not.
    await vi.waitFor(async () => expect(await text(boPage, 'help-state')).toMatch(/asked for help/i), 5000);
    expect(await chenPage.getByTestId('help-state').count()).toBe(0);
    await screenshot(console1366, 'facil-1-help-console-1366');
    await screenshot(anaPhone, 'facil-1-help-room-390');
    // With a call open, the console and the room pass axe (WCAG AA): badge, queue, live regions.
    expect(await seriousViolations(console1366), 'console with a call for help').toEqual([]);
    expect(await seriousViolations(anaPhone), 'room page with a call for help').toEqual([]);

    // The facilitator answers with a message to room 1 only, from the keyboard.
    await console1366.getByTestId('help-message-1').click();
    await vi.waitFor(async () => expect(await console1366.evaluate(() => document.activeElement?.id)).toBe('room-message-1'), 5000);
    await console1366.keyboard.type('I am coming to room 1 in two minutes');
    await console1366.keyboard.press('Tab');
    await console1366.keyboard.press('Enter');
    for (const page of [anaPhone, boPage]) {
      await vi.waitFor(async () => expect(await text(page, 'room-message')).toContain('I am coming to room 1 in two minutes'), 5000);
    }
    expect(await text(chenPage, 'room-message')).toBe('');
    await vi.waitFor(async () => expect(await text(console1366, 'help-list')).toMatch(/no room is asking/i), 5000);
    expect(await console1366.getByTestId('help-badge').count()).toBe(0);
    expect(await anaPhone.getByTestId('help-state').count()).toBe(0);
    expect(await console1366.title()).not.toMatch(/^\(\d+\) /);
    await screenshot(anaPhone, 'facil-2-room-message-390');

    // Raised by one member, lowered by the other; two rooms at once are queued longest-waiting first.
    await boPage.getByTestId('help-toggle').click();
    await chenPage.getByTestId('help-toggle').click();
    await vi.waitFor(async () => expect(await text(console1366, 'help-badge')).toBe('2'), 5000);
    const order = await console1366.locator('[data-testid^="help-room-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    expect(order).toEqual(['help-room-1', 'help-room-2']);
    await vi.waitFor(async () => expect(await anaPhone.getByTestId('help-toggle').getAttribute('aria-pressed')).toBe('true'), 5000);
    await anaPhone.getByTestId('help-toggle').click();
    await vi.waitFor(async () => expect(await text(console1366, 'help-badge')).toBe('1'), 5000);

    // The sound can be turned off; the next call comes without a beep but with the badge.
    const beeps = Number(await console1366.getByTestId('help-list').getAttribute('data-beeps'));
    // One beep per new call: Ana's first, then Bo's and Chen's (at least one more, two when they came apart).
    expect(beeps).toBeGreaterThanOrEqual(2);
    await console1366.getByTestId('help-sound').uncheck();
    await anaPhone.getByTestId('help-toggle').click();
    await vi.waitFor(async () => expect(await text(console1366, 'help-badge')).toBe('2'), 5000);
    expect(Number(await console1366.getByTestId('help-list').getAttribute('data-beeps'))).toBe(beeps);
    // The choice is kept in this browser.
    await console1366.reload();
    await console1366.getByTestId('help-queue').waitFor();
    expect(await console1366.getByTestId('help-sound').isChecked()).toBe(false);

    // Joining room 2 from the queue answers its call and opens the room.
    await console1366.getByTestId('help-join-2').click();
    await console1366.waitForURL(/\/room\/2$/);
    await console1366.getByTestId('room-table').waitFor({ timeout: 15_000 });
    await vi.waitFor(async () => expect(await chenPage.getByTestId('help-state').count()).toBe(0), 5000);
    const rooms = (await api(server.url, 'GET', `/workshops/${w.workshopId}`, undefined, w.facilitatorToken)).body.rooms;
    expect(rooms.map((r: { help: unknown }) => r.help !== null)).toEqual([true, false]);
  });

  it('[TR1][TR2][TR3][TR4][RP1] +5 min for one room: its clock shows its own end; a room whose time is up is told so and still edits; the break-out ends with the last room', async () => {
    const { server, w, clock, inRoom } = await setUp();
    expect((await api(server.url, 'PATCH', `/workshops/${w.workshopId}`, { autoAdvance: true }, w.facilitatorToken)).status).toBe(200);
    const browser = await launchBrowser();
    const [ana] = inRoom(1);
    const [chen] = inRoom(2);
    const consolePage = await openConsole(browser, server.url, w.workshopId, w.facilitatorToken);
    await consolePage.getByTestId('room-extend-2').click();
    await vi.waitFor(async () => expect(await text(consolePage, 'countdown')).toMatch(/^3[45]:\d\d$/), 5000);
    const before = (await api(server.url, 'GET', `/workshops/${w.workshopId}`, undefined, w.facilitatorToken)).body;
    expect(before.rooms[1].endsAt - before.rooms[0].endsAt).toBe(5 * MIN);

    // 31 minutes in: room 1's time is up, room 2 has four minutes left, the break-out goes on.
    clock.skew = 31 * MIN;
    const anaPage = await openAs(browser, server.url, w.workshopId, ana!, PHONE);
    const chenPage = await openAs(browser, server.url, w.workshopId, chen!, LAPTOP);
    await vi.waitFor(async () => expect(await text(anaPage, 'room-time-up')).toMatch(/your room.s time is up/i), 5000);
    expect(await text(anaPage, 'countdown')).toBe('0:00');
    await vi.waitFor(async () => expect(await text(chenPage, 'countdown')).toMatch(/^[34]:\d\d$/), 5000);
    expect(await text(chenPage, 'room-time-up')).toBe('');
    // Room 1's table stays editable until the break-out ends [TR4].
    expect(await anaPage.getByTestId('room-table').getAttribute('contenteditable')).toBe('true');
    await anaPage.getByTestId('row').first().locator('[data-column="benefit"]').click();
    await anaPage.keyboard.type('Written after our own time');
    await vi.waitFor(async () => expect(await text(anaPage, 'sync-status')).toMatch(/all changes saved/i), 10_000);
    await consolePage.reload();
    await consolePage.getByTestId('help-queue').waitFor();
    await vi.waitFor(async () => expect(await text(consolePage, 'room-clock-1')).toMatch(/time is up/i), 5000);
    expect(await text(consolePage, 'room-clock-2')).toMatch(/ends at/i);
    await vi.waitFor(async () => expect(await text(consolePage, 'room-activity-1')).toMatch(/editing now/i), 10_000);
    expect(await text(consolePage, 'room-rapporteur-1')).toMatch(/none yet/i);
    expect(await text(consolePage, 'room-missing-1')).toBe('2');
    await screenshot(consolePage, 'facil-3-room-time-console-1366');
    await screenshot(anaPage, 'facil-3-room-time-up-390');
    await screenshot(chenPage, 'facil-3-room-time-left-1366');
    expect((await api(server.url, 'GET', `/workshops/${w.workshopId}`, undefined, w.facilitatorToken)).body.workshop.phase).toBe('breakout');

    // The console on a phone.
    expect((await api(server.url, 'POST', `/workshops/${w.workshopId}/rooms/2/help`, undefined, chen!.token)).status).toBe(200);
    const phoneConsole = await openConsole(browser, server.url, w.workshopId, w.facilitatorToken, PHONE);
    await phoneConsole.getByTestId('help-room-2').waitFor();
    await phoneConsole.getByTestId('room-controls-2').waitFor();
    await screenshot(phoneConsole, 'facil-4-console-top-390', false);
    await phoneConsole.getByTestId('room-card-1').scrollIntoViewIfNeeded();
    await screenshot(phoneConsole, 'facil-4-console-room-390', false);
    // The same room in Arabic on a phone, right to left: its own clock, its call for help, the message.
    const [, dede] = inRoom(2);
    expect((await api(server.url, 'PUT', `/workshops/${w.workshopId}/rooms/2/message`, { message: 'سآتي إلى غرفتكم بعد دقيقتين' }, w.facilitatorToken)).status).toBe(200);
    expect((await api(server.url, 'POST', `/workshops/${w.workshopId}/rooms/2/help`, undefined, chen!.token)).status).toBe(200);
    const dedeAr = await openAs(browser, server.url, w.workshopId, dede!, { ...PHONE, locale: 'ar' });
    await vi.waitFor(async () => expect(await text(dedeAr, 'help-state')).toContain('طلبت غرفتك المساعدة'), 5000);
    expect(await text(dedeAr, 'room-message')).toContain('من الميسِّر إلى غرفتك');
    expect(await dedeAr.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await screenshot(dedeAr, 'facil-6-room-ar-390', false);
    expect(await seriousViolations(dedeAr), 'Arabic room page with message and call').toEqual([]);
    expect(await seriousViolations(anaPage), 'room page whose time is up').toEqual([]);
    // The facilitator who opened the room answers from there; the room's page shows no raise button to them.
    await phoneConsole.goto(`${server.url}/w/${w.workshopId}/room/2`);
    await vi.waitFor(async () => expect(await text(phoneConsole, 'help-toggle')).toMatch(/mark as answered/i), 5000);
    await phoneConsole.getByTestId('help-toggle').click();
    await vi.waitFor(async () => expect(await dedeAr.getByTestId('help-state').count()).toBe(0), 5000);
    expect(await phoneConsole.getByTestId('help-toggle').count()).toBe(0);
    expect((await api(server.url, 'POST', `/workshops/${w.workshopId}/rooms/2/help`, undefined, chen!.token)).status).toBe(200);
    const wide = await openConsole(browser, server.url, w.workshopId, w.facilitatorToken, { width: 1920, height: 1080 });
    await wide.getByTestId('help-room-2').waitFor();
    await screenshot(wide, 'facil-5-console-1920');

    // 35 minutes in: the last room's time is up and the break-out ends by itself.
    clock.skew = 35 * MIN + 1000;
    await vi.waitFor(async () => {
      const state = (await api(server.url, 'GET', `/workshops/${w.workshopId}`, undefined, w.facilitatorToken)).body;
      expect(state.workshop.phase).toBe('reporting');
      expect(state.rooms.every((r: { offsetMs: number }) => r.offsetMs === 0)).toBe(true);
    }, 10_000);
  });
});
