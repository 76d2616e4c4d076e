import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { api, createWorkshopWith } from '../helpers/api';
import { launchBrowser, newPerson, screenshot, WEB_DIST } from '../helpers/browser';
import { joinThroughThePage } from '../helpers/joinThroughThePage';
import { storeFacilitatorSession } from '../helpers/storeFacilitatorSession';
import { startTestServer } from '../helpers/testServer';

// People and roles in Chromium (issue 15): facilitator links, co-facilitators, one person one
// seat, removing and merging people, and every confirmation. Rule ids: packages/core/SPEC.md.

const LAPTOP = { width: 1366, height: 860 };
const PHONE = { width: 390, height: 844 };

/** A screenshot under test-results/screenshots, and a copy where the task's reviewer looks (PEOPLE_SHOTS). */
async function shot(page: Page, name: string): Promise<void> {
  const file = await screenshot(page, `people-${name}`);
  const dir = process.env.PEOPLE_SHOTS;
  if (dir) {
    mkdirSync(dir, { recursive: true });
    copyFileSync(file, path.join(dir, path.basename(file)));
  }
}

const text = async (page: Page, testId: string) => (await page.getByTestId(testId).first().textContent()) ?? '';
const stored = (page: Page, workshopId: string) =>
  page.evaluate((id) => JSON.parse(localStorage.getItem(`roomtable:${id}`) ?? '{}') as { token: string; participantId: string | null }, workshopId);

describe('people and roles, in the browser', () => {
  it("[FL1][PH9] the facilitator's laptop dies; a phone runs the workshop to the end through the facilitator link, confirming each step", async () => {
    const server = await startTestServer({ env: { WEB_DIST } });
    const browser = await launchBrowser();
    const laptop = await newPerson(browser, LAPTOP);
    await laptop.page.goto(server.url);
    await laptop.page.getByTestId('create-title').fill('ccNSO: purpose and value');
    await laptop.page.getByTestId('create-rooms').fill('2');
    await laptop.page.getByTestId('create-submit').click();
    await laptop.page.waitForURL(/\/w\/[^/]+\/facilitate$/);
    const workshopId = laptop.page.url().split('/w/')[1]!.split('/')[0]!;

    // Shown once, with a clear "keep this", the link and its QR code.
    const prompt = laptop.page.getByTestId('keep-link-prompt');
    await prompt.waitFor();
    expect(await prompt.textContent()).toMatch(/keep your facilitator link/i);
    expect(await prompt.getByTestId('qr-code').count()).toBe(1);
    const link = await laptop.page.getByTestId('keep-link-url').inputValue();
    expect(link).toMatch(new RegExp(`/w/${workshopId}/facilitate#key=rt1\\.`));
    await shot(laptop.page, '1-keep-link-1366');
    await laptop.page.getByTestId('keep-link-saved').click();
    await laptop.page.reload();
    await laptop.page.getByTestId('facilitator-phase').waitFor();
    expect(await laptop.page.getByTestId('keep-link-prompt').count()).toBe(0);
    // …and available again from the console.
    await laptop.page.getByTestId('show-my-link').click();
    expect(await laptop.page.getByTestId('my-facilitator-link').inputValue()).toBe(link);

    // With nobody joined, starting the break-out is not offered, and the console says why.
    expect(await laptop.page.getByTestId('phase-breakout').isDisabled()).toBe(true);
    expect(await text(laptop.page, 'phase-blocked')).toMatch(/nobody has joined yet/i);
    await shot(laptop.page, '2-console-nobody-1366');

    const joinCode = (await text(laptop.page, 'join-code-display')).replace(/\s/g, '');
    const ana = await newPerson(browser, LAPTOP);
    await joinThroughThePage(ana.page, server.url, joinCode, 'Ana');
    for (const name of ['Bo', 'Chen']) {
      expect((await api(server.url, 'POST', `/workshops/${workshopId}/participants`, { name, joinCode })).status).toBe(201);
    }
    await vi.waitFor(async () => expect(await text(laptop.page, 'participant-count')).toContain('3'), 5000);

    // Rooms are not assigned: starting says it assigns them, and asks.
    await laptop.page.getByTestId('phase-breakout').click();
    expect(await text(laptop.page, 'confirm-message')).toMatch(/not assigned yet.*everyone who joined \(3\).*30 min/i);
    await shot(laptop.page, '3-confirm-start-1366');
    await laptop.page.getByTestId('confirm-ok').click();
    await vi.waitFor(async () => expect(await text(laptop.page, 'facilitator-phase')).toMatch(/break-out/i), 5000);
    await laptop.page.getByTestId('broadcast-input').fill('Five minutes to pick a rapporteur');
    await laptop.page.getByTestId('broadcast-send').click();
    await vi.waitFor(async () => expect(await text(ana.page, 'broadcast')).toContain('pick a rapporteur'), 5000);

    // The laptop dies.
    await laptop.context.close();

    // The phone opens the kept link: it is the facilitator now, and the token leaves the address bar.
    const phone = await newPerson(browser, PHONE);
    await phone.page.goto(link);
    await phone.page.getByTestId('facilitator-phase').waitFor();
    expect(phone.page.url()).toBe(`${server.url}/w/${workshopId}/facilitate`);
    expect(await text(phone.page, 'facilitator-phase')).toMatch(/break-out/i);
    await shot(phone.page, '4-phone-console-390');

    // Ending the break-out early says what happens; cancelling changes nothing.
    await phone.page.getByTestId('phase-reporting').click();
    expect(await text(phone.page, 'confirm-message')).toMatch(/ends the break-out for all rooms \(2\) with (29|30) min left; every room is snapshotted/i);
    await shot(phone.page, '5-phone-confirm-reporting-390');
    await phone.page.getByTestId('confirm-cancel').click();
    expect(await text(phone.page, 'facilitator-phase')).toMatch(/break-out/i);
    await phone.page.getByTestId('phase-reporting').click();
    await phone.page.getByTestId('confirm-ok').click();
    await vi.waitFor(async () => expect(await text(phone.page, 'facilitator-phase')).toMatch(/report/i), 5000);
    const facToken = (await stored(phone.page, workshopId)).token;
    const snaps = await api(server.url, 'GET', `/workshops/${workshopId}/snapshots`, undefined, facToken);
    expect(snaps.body.snapshots.map((s: { reason: string }) => s.reason)).toContain('breakout-ended');
    // The break-out's message did not follow into the reporting, on any page [PH9].
    await ana.page.waitForURL(/\/plenary$/);
    await vi.waitFor(async () => expect((await text(ana.page, 'broadcast')).trim()).toBe(''), 5000);

    // Presenting, then going back asks too.
    expect((await api(server.url, 'PUT', `/workshops/${workshopId}/plenary/presenting`, { room: 1 }, facToken)).status).toBe(200);
    await vi.waitFor(async () => expect(await text(ana.page, 'presenting')).toMatch(/room 1/i), 5000);
    await phone.page.getByTestId('phase-breakout').click();
    expect(await text(phone.page, 'confirm-message')).toMatch(/goes back to the break-out/i);
    await phone.page.getByTestId('confirm-cancel').click();

    // Closing, from the phone, to the end: the presenter state does not stay on anyone's screen.
    await phone.page.getByTestId('phase-closed').click();
    expect(await text(phone.page, 'confirm-message')).toMatch(/closes the workshop for everyone.*cannot be undone/i);
    await shot(phone.page, '6-phone-confirm-close-390');
    await phone.page.getByTestId('confirm-ok').click();
    await vi.waitFor(async () => expect(await text(phone.page, 'facilitator-phase')).toMatch(/closed/i), 5000);
    await vi.waitFor(async () => expect(await text(ana.page, 'presenting')).toMatch(/workshop is closed; nobody presents/i), 5000);
    await shot(ana.page, '7-participant-after-close-1366');
  });

  it('[FL2] a co-facilitator joins through their own link, then is revoked: their open console is told so', async () => {
    const server = await startTestServer({ env: { WEB_DIST } });
    const browser = await launchBrowser();
    const w = await createWorkshopWith(server.url, ['Ana']);
    const owner = await newPerson(browser, LAPTOP);
    await storeFacilitatorSession(owner.page, server.url, w.workshopId, w.facilitatorToken);
    await owner.page.goto(`${server.url}/w/${w.workshopId}/facilitate`);
    await owner.page.getByTestId('co-facilitator-name').fill('Bo (co-facilitator)');
    await owner.page.getByTestId('invite-co-facilitator').click();
    const coLink = await owner.page.getByTestId('co-facilitator-link').inputValue();
    expect(coLink).toMatch(/#key=rt1\./);
    await shot(owner.page, '8-co-facilitator-invited-1366');

    const co = await newPerson(browser, PHONE);
    await co.page.goto(coLink);
    await co.page.getByTestId('facilitator-phase').waitFor();
    await co.page.getByTestId('assign-rooms').click();
    await vi.waitFor(async () => expect(await owner.page.getByTestId('room-card-1').count()).toBe(1), 5000);

    const item = owner.page.getByTestId('facilitator-link-Bo (co-facilitator)');
    await item.getByRole('button', { name: 'Revoke' }).click();
    expect(await text(owner.page, 'confirm-message')).toMatch(/revoke the link of bo \(co-facilitator\)\? every device using it leaves the console at once/i);
    await owner.page.getByTestId('confirm-ok').click();
    await co.page.getByTestId('link-revoked').waitFor({ timeout: 10_000 });
    await shot(co.page, '9-co-facilitator-revoked-390');
    await vi.waitFor(async () => expect(await item.textContent()).toMatch(/revoked/), 5000);
    const refused = await api(server.url, 'GET', `/workshops/${w.workshopId}`, undefined, (await stored(co.page, w.workshopId)).token);
    expect([refused.status, refused.body.error.code]).toEqual([401, 'link_revoked']);
  });

  it('[PE4][PE2] a person continues on a second device as one person; a duplicate merged keeps the rapporteur’s right to present', async () => {
    const server = await startTestServer({ env: { WEB_DIST } });
    const browser = await launchBrowser();
    const w = await createWorkshopWith(server.url, ['Bo', 'Chen'], { rooms: 2 });
    const laptop = await newPerson(browser, LAPTOP);
    await joinThroughThePage(laptop.page, server.url, w.joinCode, 'Ana');
    const ana = await stored(laptop.page, w.workshopId);
    const f = w.facilitatorToken;
    const base = `/workshops/${w.workshopId}`;
    expect((await api(server.url, 'POST', `${base}/assignment`, { seed: 's' }, f)).status).toBe(200);
    expect((await api(server.url, 'PATCH', `${base}/participants/${ana.participantId}`, { room: 1 }, f)).status).toBe(200);
    expect((await api(server.url, 'PUT', `${base}/rooms/1/rapporteur`, { participantId: ana.participantId }, ana.token)).status).toBe(200);
    expect((await api(server.url, 'POST', `${base}/phase`, { phase: 'breakout' }, f)).status).toBe(200);
    await laptop.page.getByTestId('room-table').waitFor({ timeout: 10_000 });

    // Opening the join link again on the same device and typing the name continues the seat.
    await joinThroughThePage(laptop.page, server.url, w.joinCode, 'Ana');
    expect((await api(server.url, 'GET', base, undefined, f)).body.participants).toHaveLength(3);

    // "Continue on another device": the phone opens the personal link and is the same person.
    await laptop.page.getByTestId('device-link-open').click();
    const personal = await laptop.page.getByTestId('device-link-url').inputValue();
    await shot(laptop.page, '10-continue-on-device-1366');
    const phone = await newPerson(browser, PHONE);
    await phone.page.goto(personal);
    await phone.page.getByTestId('room-table').waitFor({ timeout: 10_000 });
    expect((await stored(phone.page, w.workshopId)).participantId).toBe(ana.participantId);
    const people = (await api(server.url, 'GET', base, undefined, f)).body.participants as Array<{ name: string }>;
    expect(people.map((p) => p.name).sort()).toEqual(['Ana', 'Bo', 'Chen']);
    await shot(phone.page, '11-phone-same-person-390');

    // A third device joins by name, unaware: a second "Ana". The console flags it; the facilitator merges.
    const tablet = await newPerson(browser, PHONE);
    await joinThroughThePage(tablet.page, server.url, w.joinCode, 'Ana');
    const dup = await stored(tablet.page, w.workshopId);
    expect(dup.participantId).not.toBe(ana.participantId);
    const console = await newPerson(browser, LAPTOP);
    await storeFacilitatorSession(console.page, server.url, w.workshopId, f);
    await console.page.goto(`${server.url}/w/${w.workshopId}/facilitate`);
    await vi.waitFor(async () => expect(await text(console.page, 'duplicate-hint')).toMatch(/several entries are named ana/i), 5000);
    await console.page.getByTestId(`merge-${dup.participantId}`).selectOption(ana.participantId!);
    expect(await text(console.page, 'confirm-message')).toMatch(/merge ana \(room \d\) into ana \(room 1\)\? one person remains.*rapporteur role/i);
    await shot(console.page, '12-confirm-merge-1366');
    await console.page.getByTestId('confirm-ok').click();
    await vi.waitFor(async () => expect(await text(console.page, 'participant-count')).toContain('3'), 5000);
    expect(await console.page.getByTestId('duplicate-hint').count()).toBe(0);

    // The merged device continues as Ana, the rapporteur of room 1: in the reporting it can present.
    expect((await api(server.url, 'POST', `${base}/phase`, { phase: 'reporting' }, f)).status).toBe(200);
    await tablet.page.goto(`${server.url}/w/${w.workshopId}/plenary`);
    await tablet.page.getByTestId('room-tab-1').click();
    await tablet.page.getByTestId('present').click();
    await vi.waitFor(async () => expect(await text(laptop.page, 'presenting')).toMatch(/room 1.*ana/i), 10_000);
    expect((await stored(tablet.page, w.workshopId)).participantId).toBe(ana.participantId);
    await shot(tablet.page, '13-merged-device-presents-390');
  });

  it('[PE1] a removed person is told so on their open page, their sockets close, and what they wrote stays', async () => {
    const server = await startTestServer({ env: { WEB_DIST } });
    const browser = await launchBrowser();
    const w = await createWorkshopWith(server.url, ['Bo'], { rooms: 1 });
    const ana = await newPerson(browser, PHONE);
    const sockets: Array<{ closed: boolean }> = [];
    ana.page.on('websocket', (ws) => {
      const entry = { closed: false };
      sockets.push(entry);
      ws.on('close', () => (entry.closed = true));
    });
    await joinThroughThePage(ana.page, server.url, w.joinCode, 'Ana');
    const me = await stored(ana.page, w.workshopId);
    expect((await api(server.url, 'POST', `/workshops/${w.workshopId}/phase`, { phase: 'breakout' }, w.facilitatorToken)).status).toBe(200);
    await ana.page.getByTestId('room-table').waitFor({ timeout: 10_000 });
    await ana.page.getByTestId('row').first().locator('[data-column="suggestion"]').click();
    await ana.page.keyboard.type('Written by Ana');
    await vi.waitFor(async () => expect(await text(ana.page, 'sync-status')).toMatch(/all changes saved/i), 10_000);
    expect(sockets.filter((s) => !s.closed).length).toBeGreaterThan(0);

    const console = await newPerson(browser, LAPTOP);
    await storeFacilitatorSession(console.page, server.url, w.workshopId, w.facilitatorToken);
    await console.page.goto(`${server.url}/w/${w.workshopId}/facilitate`);
    await console.page.getByTestId(`remove-${me.participantId}`).click();
    expect(await text(console.page, 'confirm-message')).toMatch(/remove ana from the workshop\?.*what they wrote in their room’s table stays/i);
    await shot(console.page, '14-confirm-remove-1366');
    await console.page.getByTestId('confirm-ok').click();

    await ana.page.getByTestId('removed').waitFor({ timeout: 10_000 });
    await vi.waitFor(() => expect(sockets.every((s) => s.closed)).toBe(true), 5000);
    await shot(ana.page, '15-removed-390');
    await vi.waitFor(async () => expect(await text(console.page, 'participant-count')).toContain('1'), 5000);
    const snapshot = await api(server.url, 'POST', `/workshops/${w.workshopId}/snapshots`, {}, w.facilitatorToken);
    const taken = await api(server.url, 'GET', `/workshops/${w.workshopId}/snapshots/${snapshot.body.snapshot.id}`, undefined, w.facilitatorToken);
    const rows = taken.body.snapshot.rooms[0].rows as Array<{ suggestion: string }>;
    expect(rows.map((r) => r.suggestion).join(' ')).toContain('Written by Ana');
    const refused = await api(server.url, 'GET', `/workshops/${w.workshopId}`, undefined, me.token);
    expect([refused.status, refused.body.error.code]).toEqual([401, 'person_removed']);
  });
});
