import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { repeatPairs, roomDocName } from '@roomtable/core';
import { api, createWorkshopWith } from '../helpers/api';
import { launchBrowser, newPerson, screenshot, WEB_DIST } from '../helpers/browser';
import { editCell } from '../helpers/editCell';
import { startBreakout } from '../helpers/startBreakout';
import { startTestServer } from '../helpers/testServer';
import { storeFacilitatorSession } from '../helpers/storeFacilitatorSession';
import { seriousViolations } from '../helpers/axe';

// Rules: packages/core/SPEC.md [RN1]–[RN9].
const SHOTS = '/tmp/shots-rounds2';

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
    // Round 1's break-out end and its plenary's end (taken as round 2 started, of round 1's rooms [RN8]).
    await vi.waitFor(async () => expect(await page.getByTestId('timeline').getByRole('listitem').count()).toBe(2), 5000);
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

  it('[RN9] an earlier round in the review: two of its snapshots compared with its own table, no live table, no restore; printed as the review chose', async () => {
    const server = await startTestServer({ env: { WEB_DIST } });
    const w = await createWorkshopWith(server.url, ['Ana', 'Bo', 'Chen', 'Dede'], { title: 'Stakeholder day', rooms: 2, purpose: 'How do we share threat data?', suggestions: ['Share information'] });
    const f = (method: string, route: string, body?: unknown) => api(server.url, method, `/workshops/${w.workshopId}${route}`, body, w.facilitatorToken);
    await startBreakout(server.url, w.workshopId, w.facilitatorToken, 'r1');
    expect((await f('POST', '/snapshots', {})).status).toBe(201);
    await editCell(server, roomDocName(w.workshopId, 1), 'Share information', ' through TLD-OPS');
    expect((await f('POST', '/phase', { phase: 'reporting' })).status).toBe(200);
    expect((await f('POST', '/questions', { room: 1, text: 'Who runs the list?' })).status).toBe(201);
    // Round 2 drops the benefit column and asks who owns each suggestion.
    const template = {
      columns: [
        { key: 'suggestion', label: 'Suggestion', kind: 'text' },
        { key: 'owner', label: 'Who owns it', kind: 'text' },
        { key: 'impact', label: 'Impact H/M/L', kind: 'rating' },
        { key: 'effort', label: 'Effort H/M/L', kind: 'rating' },
      ],
    };
    const started = await f('POST', '/rounds', { assignment: 'same', purpose: 'Who acts first?', suggestions: ['Start a mailing list'], template });
    expect(started.status).toBe(200);
    expect((await f('POST', '/snapshots', {})).status).toBe(201);

    const browser = await launchBrowser();
    const { page } = await newPerson(browser, { width: 1366, height: 900 });
    await storeFacilitatorSession(page, server.url, w.workshopId, w.facilitatorToken);
    await page.goto(`${server.url}/w/${w.workshopId}/review`);
    // The current round: its snapshot can be compared with the live table and restored.
    await page.getByTestId('round-tab-2').waitFor();
    await page.getByTestId('room-tab-1').click();
    await page.getByTestId('snapshot-table').waitFor();
    expect(await page.getByRole('button', { name: /^Restore/ }).count()).toBe(1);
    expect((await page.getByTestId('diff-to').locator('option').allTextContents()).join('|')).toContain('live');
    expect(await page.getByTestId('snapshot-table').locator('th').allTextContents()).toContain('Who owns it');

    expect(await page.getByTestId('plenary-panel').textContent()).not.toContain('Who runs the list?');
    await page.getByTestId('round-tab-1').click();
    await page.getByTestId('earlier-round-note').waitFor();
    // Beside round 1's plan, round 1's plenary: its question [RN7].
    await vi.waitFor(async () => expect(await page.getByTestId('plenary-panel').textContent()).toContain('Who runs the list?'), 5000);
    // Round 1: the facilitator's snapshot, the break-out's end and the plenary's end; nothing else offered.
    await vi.waitFor(async () => expect(await page.getByTestId('timeline').getByRole('listitem').count()).toBe(3), 5000);
    expect(await page.getByRole('button', { name: /^Restore/ }).count()).toBe(0);
    const ends = await page.getByTestId('diff-to').locator('option').allTextContents();
    expect(ends).toHaveLength(3);
    expect(ends.join('|')).not.toContain('live');
    // Drawn with round 1's table: its benefit column, not round 2's owner.
    const headings = (await page.getByTestId('snapshot-table').locator('th').allTextContents()).join('|');
    expect(headings).toMatch(/benefit/i);
    expect(headings).not.toContain('Who owns it');
    await page.getByTestId('diff-from').selectOption({ index: 0 });
    await page.getByTestId('diff-to').selectOption({ index: 1 });
    await page.getByTestId('diff-compare').click();
    await page.getByTestId('diff-table').waitFor();
    expect(await page.getByTestId('diff-table').textContent()).toContain('through TLD-OPS');
    expect((await page.getByTestId('diff-table').locator('th').allTextContents()).join('|')).not.toContain('Who owns it');
    // What is left to do with round 1's table: download it, written with round 1's columns.
    const file = page.waitForEvent('download');
    await page.getByTestId('snapshot-export-csv').click();
    const csv = readFileSync((await (await file).path())!, 'utf8');
    expect(csv).toContain('through TLD-OPS');
    expect(csv).toMatch(/benefit/i);
    expect(csv).not.toContain('Who owns it');
    await shot(page, 'rounds-review-earlier-round-1366');
    expect(await seriousViolations(page), 'review of an earlier round').toEqual([]);

    // The printable page prints the round the review chose, with that round's board.
    await page.getByTestId('print-link').click();
    await page.waitForURL(/\/print\?round=1$/);
    const one = page.getByTestId('print-round-1');
    await one.waitFor();
    await vi.waitFor(async () => expect(await one.textContent()).toContain('through TLD-OPS'), 5000);
    expect(await one.textContent()).toContain('How do we share threat data?');
    await one.getByTestId('print-board').waitFor();
    expect(await page.getByTestId('print-page').textContent()).not.toContain('Who acts first?');
    await page.goto(`${server.url}/w/${w.workshopId}/print?round=all`);
    await page.getByTestId('print-round-2').waitFor();
    expect(await page.getByTestId('print-round-2').textContent()).toContain('Who acts first?');
    expect(await page.getByTestId('print-round-1').textContent()).toContain('How do we share threat data?');
    // Round 2's rooms are still at work: the board document holds round 1's stacks, not round 2's.
    await page.getByTestId('print-round-1').getByTestId('print-board').waitFor();
    expect(await page.getByTestId('print-board').count()).toBe(1);
    await shot(page, 'rounds-print-all-1366');
    expect(await seriousViolations(page), 'printable page of all rounds').toEqual([]);
    const phone = await newPerson(browser, { width: 390, height: 844 });
    await storeFacilitatorSession(phone.page, server.url, w.workshopId, w.facilitatorToken);
    await phone.page.goto(`${server.url}/w/${w.workshopId}/print?round=1`);
    await phone.page.getByTestId('print-round-1').waitFor();
    await shot(phone.page, 'rounds-print-round1-390');
    // The review of round 1 on the phone (its timeline tab) and on a 1920 screen.
    await phone.page.goto(`${server.url}/w/${w.workshopId}/review`);
    await phone.page.getByTestId('round-tab-1').click();
    await phone.page.getByTestId('earlier-round-note').waitFor();
    await shot(phone.page, 'rounds-review-earlier-round-390');
    expect(await seriousViolations(phone.page), 'review of an earlier round on a phone').toEqual([]);
    const big = await newPerson(browser, { width: 1920, height: 1080 });
    await storeFacilitatorSession(big.page, server.url, w.workshopId, w.facilitatorToken);
    await big.page.goto(`${server.url}/w/${w.workshopId}/review`);
    await big.page.getByTestId('round-tab-1').click();
    await big.page.getByTestId('earlier-round-note').waitFor();
    await shot(big.page, 'rounds-review-earlier-round-1920');
    await browser.close();
  });

  it('[RN2] the next-round card keeps the table, or edits its columns as at set-up; a nameless column is refused before anything is sent', async () => {
    const server = await startTestServer({ env: { WEB_DIST } });
    const w = await createWorkshopWith(server.url, ['Ana', 'Bo'], { title: 'Stakeholder day', rooms: 1, suggestions: ['Share information'] });
    await startBreakout(server.url, w.workshopId, w.facilitatorToken, 'r1');
    expect((await api(server.url, 'POST', `/workshops/${w.workshopId}/phase`, { phase: 'reporting' }, w.facilitatorToken)).status).toBe(200);
    const browser = await launchBrowser();
    const { page } = await newPerson(browser, { width: 1366, height: 900 });
    await storeFacilitatorSession(page, server.url, w.workshopId, w.facilitatorToken);
    await page.goto(`${server.url}/w/${w.workshopId}/facilitate`);
    const card = page.getByTestId('next-round');
    await card.getByTestId('next-round-template-keep').waitFor();
    expect(await card.getByTestId('next-round-template-keep').isChecked()).toBe(true);
    expect(await card.getByTestId('template-column').count()).toBe(0);
    await card.getByTestId('next-round-template-edit').check();
    expect(await card.getByTestId('template-column').count()).toBe(5);
    await card.getByRole('button', { name: 'Remove Envisioned benefit (impact)' }).click();
    await card.getByTestId('template-add').click();
    await page.keyboard.type('Who owns it');
    await card.getByLabel('Column 1: name').fill('');
    let sent = false;
    page.on('request', (r) => {
      if (r.url().endsWith('/rounds') && r.method() === 'POST') sent = true;
    });
    await card.getByTestId('next-round-start').click();
    await vi.waitFor(async () => expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('template-label'), 5000);
    expect(await card.getByText('Give this column a name.').isVisible()).toBe(true);
    expect(sent).toBe(false);
    await card.scrollIntoViewIfNeeded();
    await shot(page, 'rounds-next-round-template-1366');
    expect(await seriousViolations(page), 'next-round form editing the table').toEqual([]);
    // In Arabic, right to left, the editor in the card is the set-up's, translated.
    const arabic = await newPerson(browser, { width: 1366, height: 900, locale: 'ar' });
    await storeFacilitatorSession(arabic.page, server.url, w.workshopId, w.facilitatorToken);
    await arabic.page.goto(`${server.url}/w/${w.workshopId}/facilitate`);
    await arabic.page.getByTestId('next-round-template-edit').check();
    await arabic.page.getByTestId('template-column').first().waitFor();
    expect(await arabic.page.getByTestId('next-round').textContent()).toContain('تغيير أعمدة الجدول للجولة 2');
    await arabic.page.getByTestId('next-round').scrollIntoViewIfNeeded();
    await shot(arabic.page, 'rounds-next-round-template-ar-1366');
    expect(await seriousViolations(arabic.page), 'next-round table editor in Arabic').toEqual([]);
    await card.getByLabel('Column 1: name').fill('Suggestion');
    const request = page.waitForRequest((r) => r.url().endsWith('/rounds') && r.method() === 'POST');
    await card.getByTestId('next-round-start').click();
    const body = (await request).postDataJSON() as { template: { columns: Array<{ key: string; label: string; kind: string }> } };
    expect(body.template.columns.map((c) => c.label)).toEqual(['Suggestion', 'Impact H/M/L', 'What is needed to achieve it', 'Effort H/M/L', 'Who owns it']);
    // Untouched default columns keep their keys, so each reader sees them in their language.
    expect(body.template.columns.slice(1, 4).map((c) => c.key)).toEqual(['impact', 'needed', 'effort']);
    await vi.waitFor(async () => expect((await api(server.url, 'GET', `/workshops/${w.workshopId}`, undefined, w.facilitatorToken)).body.workshop.round).toBe(2), 10_000);
    const state = (await api(server.url, 'GET', `/workshops/${w.workshopId}`, undefined, w.facilitatorToken)).body;
    expect(state.workshop.template.columns.map((c: { label: string }) => c.label)).toContain('Who owns it');
    await browser.close();
  });
});
