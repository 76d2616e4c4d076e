import { copyFileSync, mkdirSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { repeatPairs, roomDocName } from '@roomtable/core';
import { api, createWorkshopWith } from '../helpers/api';
import { launchBrowser, newPerson, screenshot, WEB_DIST } from '../helpers/browser';
import { editCell } from '../helpers/editCell';
import { startBreakout } from '../helpers/startBreakout';
import { startTestServer } from '../helpers/testServer';
import { storeFacilitatorSession } from '../helpers/storeFacilitatorSession';
import { seriousViolations } from '../helpers/axe';

// Rules: packages/core/SPEC.md [RN1]–[RN6].
const SHOTS = '/tmp/shots-rounds';

async function shot(page: Parameters<typeof screenshot>[0], name: string) {
  const file = await screenshot(page, name);
  mkdirSync(SHOTS, { recursive: true });
  copyFileSync(file, `${SHOTS}/${name}.png`);
}

type Rooms = Array<{ number: number; participantIds: string[] }>;

describe('two rounds in Chromium', () => {
  it('[RN2][RN3][RN6] the console starts round 2 with "meet new people"; round 1 stays in the review', async () => {
    const server = await startTestServer({ env: { WEB_DIST } });
    const names = ['Ana', 'Bo', 'Chen', 'Dede', 'Eli', 'Fay', 'Gus', 'Hana', 'Ines'];
    const w = await createWorkshopWith(server.url, names, {
      title: 'Stakeholder day', rooms: 3, purpose: 'How do we share threat data?', suggestions: ['Share information'],
      fields: [{ key: 'region', label: 'Region', options: ['Africa', 'Asia', 'Europe'] }],
    });
    const f = (method: string, route: string, body?: unknown) => api(server.url, method, `/workshops/${w.workshopId}${route}`, body, w.facilitatorToken);
    await startBreakout(server.url, w.workshopId, w.facilitatorToken, 'round-one');
    const first = (await f('GET', '')).body.rooms as Rooms;
    await editCell(server, roomDocName(w.workshopId, 1), 'Share information', ' through TLD-OPS');
    expect((await f('POST', '/phase', { phase: 'reporting' })).status).toBe(200);

    const browser = await launchBrowser();
    // Ana follows on a phone: her page sent her to the plenary; round 2 sends her to her new room.
    const ana = w.participants[0]!;
    const phone = await newPerson(browser, { width: 390, height: 844 });
    await phone.page.goto(server.url);
    await phone.page.evaluate(([key, value]) => localStorage.setItem(key!, value!), [`roomtable:${w.workshopId}`, JSON.stringify({ token: ana.token, role: 'participant', participantId: ana.id })]);
    await phone.page.goto(`${server.url}/w/${w.workshopId}`);
    await phone.page.waitForURL(/\/plenary$/);
    await phone.page.getByTestId('phase').filter({ hasText: /reporting/i }).waitFor();

    const { page } = await newPerson(browser, { width: 1366, height: 900 });
    await storeFacilitatorSession(page, server.url, w.workshopId, w.facilitatorToken);
    await page.goto(`${server.url}/w/${w.workshopId}/facilitate`);
    const card = page.getByTestId('next-round');
    await card.getByTestId('next-round-statement').waitFor();
    expect(await card.getByTestId('next-round-statement').inputValue()).toBe('How do we share threat data?');
    expect(await card.getByTestId('next-round-newPeople').isChecked()).toBe(true);
    await card.getByTestId('next-round-statement').fill('Who acts first, and how?');
    await card.getByTestId('next-round-breakout').fill('20');
    await card.scrollIntoViewIfNeeded();
    await shot(page, 'rounds-console-next-round-1366');
    expect(await seriousViolations(page), 'console with the next-round form').toEqual([]);
    await card.getByTestId('next-round-spread-region').check();
    const sent = page.waitForRequest((r) => r.url().endsWith('/rounds') && r.method() === 'POST');
    await card.getByTestId('next-round-start').click();
    expect((await sent).postDataJSON()).toEqual({ assignment: 'newPeople', purpose: 'Who acts first, and how?', breakoutMinutes: 20, reportingMinutes: 10, choice: { spread: ['region'] } });
    await vi.waitFor(async () => expect(await page.getByTestId('facilitator-phase').textContent()).toMatch(/break-out/i), 10_000);
    await page.getByTestId('round').filter({ hasText: 'Round 2' }).first().waitFor();

    // People's rooms in round 2 avoid round-1 pairs: 9 people in 3 rooms of 3 can all meet someone new.
    const state = (await f('GET', '')).body;
    expect(state.workshop).toMatchObject({ round: 2, purpose: 'Who acts first, and how?', breakoutMinutes: 20 });
    const second = state.rooms as Rooms;
    expect(repeatPairs(second.map((r) => r.participantIds), [first.map((r) => r.participantIds)])).toBe(0);
    await editCell(server, roomDocName(w.workshopId, 1, 2), 'Share information', ' in round two');

    // Ana's phone left the plenary for her round-2 room, which shows round 2 and its own table.
    const anaRoom = second.find((r) => r.participantIds.includes(ana.id))!.number;
    await phone.page.waitForURL(new RegExp(`/w/${w.workshopId}$`));
    await phone.page.getByTestId('round').filter({ hasText: 'Round 2' }).waitFor();
    await vi.waitFor(async () => expect(await phone.page.getByTestId('room-heading').textContent()).toBe(`Room ${anaRoom}`), 10_000);
    await phone.page.locator('table').first().waitFor();
    expect(await phone.page.getByTestId('round-statement').textContent()).toBe('Round 2: Who acts first, and how?');
    if (anaRoom === 1) await vi.waitFor(async () => expect(await phone.page.locator('table').first().textContent()).toContain('in round two'), 10_000);
    else expect(await phone.page.locator('table').first().textContent()).not.toContain('TLD-OPS');
    await shot(phone.page, 'rounds-room-round2-390');

    expect((await f('POST', '/phase', { phase: 'reporting' })).status).toBe(200);
    const big = await newPerson(browser, { width: 1920, height: 1080 });
    await storeFacilitatorSession(big.page, server.url, w.workshopId, w.facilitatorToken);
    await big.page.goto(`${server.url}/w/${w.workshopId}/plenary`);
    await big.page.getByTestId('round').filter({ hasText: 'Round 2' }).waitFor();
    await shot(big.page, 'rounds-plenary-round2-1920');

    // The review: round 2 by default, round 1's snapshot still there, and every round's plan.
    await page.goto(`${server.url}/w/${w.workshopId}/review`);
    await page.getByTestId('round-picker').waitFor();
    expect(await page.getByTestId('round-tab-2').getAttribute('aria-pressed')).toBe('true');
    await page.getByTestId('round-tab-1').click();
    await page.getByTestId('room-tab-1').click();
    await page.getByTestId('timeline').waitFor();
    await vi.waitFor(async () => expect(await page.getByTestId('timeline').getByRole('listitem').count()).toBe(1), 5000);
    await vi.waitFor(async () => expect(await page.getByTestId('round-plan-1').textContent()).toContain('Share information through TLD-OPS'), 5000);
    expect(await page.getByTestId('round-plan-1').textContent()).not.toContain('in round two');
    await shot(page, 'rounds-review-round1-1366');
    await page.getByTestId('round-tab-all').click();
    await page.getByTestId('round-plan-2').waitFor();
    await vi.waitFor(async () => expect(await page.getByTestId('round-plan-2').textContent()).toContain('Share information in round two'), 5000);
    expect(await page.getByTestId('round-plan-1').textContent()).toContain('How do we share threat data?');
    await shot(page, 'rounds-review-all-1366');
    expect(await seriousViolations(page), 'review of all rounds').toEqual([]);
    const narrow = await newPerson(browser, { width: 390, height: 844 });
    await storeFacilitatorSession(narrow.page, server.url, w.workshopId, w.facilitatorToken);
    await narrow.page.goto(`${server.url}/w/${w.workshopId}/review`);
    await narrow.page.getByTestId('round-picker').waitFor();
    await shot(narrow.page, 'rounds-review-390');
    // The next-round form in Arabic, right to left, as round 3 would start.
    const arabic = await newPerson(browser, { width: 1366, height: 900, locale: 'ar' });
    await storeFacilitatorSession(arabic.page, server.url, w.workshopId, w.facilitatorToken);
    await arabic.page.goto(`${server.url}/w/${w.workshopId}/facilitate`);
    await arabic.page.getByTestId('next-round-start').waitFor();
    expect(await arabic.page.getAttribute('html', 'dir')).toBe('rtl');
    expect(await arabic.page.getByTestId('next-round-start').textContent()).toBe('ابدأ الجولة 3');
    await arabic.page.getByTestId('next-round').scrollIntoViewIfNeeded();
    await shot(arabic.page, 'rounds-console-ar-1366');
    expect(await seriousViolations(arabic.page), 'next-round form in Arabic').toEqual([]);
    await browser.close();
  });
});
