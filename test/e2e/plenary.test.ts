import path from 'node:path';
import { roomDocName } from '@roomtable/core';
import { describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { api } from '../helpers/api';
import { launchBrowser, newPerson, screenshot, SCREENSHOT_DIR, WEB_DIST } from '../helpers/browser';
import { joinThroughThePage } from '../helpers/joinThroughThePage';
import { rateRow as rate } from '../helpers/rateRow';
import { connectClient, waitForSync } from '../helpers/providers';
import { storeFacilitatorSession } from '../helpers/storeFacilitatorSession';
import { startTestServer } from '../helpers/testServer';

describe('the plenary in Chromium', () => {
  it('a rapporteur presents, the others follow, a question is asked and upvoted, a poll is tallied, the matrix is drawn', async () => {
    const server = await startTestServer({ env: { WEB_DIST } });
    const created = await api(server.url, 'POST', '/workshops', {
      title: 'ccNSO purpose review',
      rooms: 2,
      suggestions: ['Publish minutes of every meeting', 'Translate key documents', 'Clarify the scope of the purpose'],
    });
    const { workshop, facilitatorToken: f, joinCode } = created.body;
    const base = `/workshops/${workshop.id}`;
    const browser = await launchBrowser();
    const people = { Ana: await newPerson(browser, { width: 1366, height: 900 }), Bo: await newPerson(browser), Chen: await newPerson(browser) };
    for (const [name, person] of Object.entries(people)) await joinThroughThePage(person.page, server.url, joinCode, name);

    // The facilitator's browser holds the facilitator token, as the set-up page leaves it.
    const facilitator = await newPerson(browser, { width: 1366, height: 900 });
    await storeFacilitatorSession(facilitator.page, server.url, workshop.id, f);

    await api(server.url, 'POST', `${base}/assignment`, { seed: 'plenary-e2e' }, f);
    await api(server.url, 'POST', `${base}/phase`, { phase: 'breakout' }, f);
    const state = (await api(server.url, 'GET', base, undefined, f)).body;
    const nameOf = (id: string) => state.participants.find((p: { id: string }) => p.id === id).name as keyof typeof people;
    const rapporteurId = state.rooms[0].participantIds[0] as string;
    const rapporteur = people[nameOf(rapporteurId)].page;
    const others = Object.entries(people).filter(([name]) => name !== nameOf(rapporteurId)).map(([, p]) => p.page) as [Page, Page];
    await api(server.url, 'PUT', `${base}/rooms/1/rapporteur`, { participantId: rapporteurId }, f);

    // The rooms rate their suggestions (through the room documents, as the editor would).
    for (const room of [1, 2]) {
      const editor = connectClient(server.wsUrl, roomDocName(workshop.id, room), f);
      await waitForSync(editor.provider);
      if (room === 1) {
        rate(editor.doc, 0, 'H', 'L');
        rate(editor.doc, 1, 'H', 'H');
      } else {
        rate(editor.doc, 0, 'M', 'L');
        rate(editor.doc, 2, 'L', 'H');
      }
    }
    await vi.waitFor(async () => {
      const progress = (await api(server.url, 'GET', `${base}/progress`, undefined, f)).body;
      expect(progress.rooms.map((r: { ratingsFilled: number }) => r.ratingsFilled)).toEqual([4, 4]);
    }, 5000);

    // Reporting: every participant's page lands in the plenary by itself.
    await api(server.url, 'POST', `${base}/phase`, { phase: 'reporting' }, f);
    for (const person of Object.values(people)) await person.page.waitForURL(/\/plenary$/, { timeout: 10_000 });
    await facilitator.page.goto(`${server.url}/w/${workshop.id}/plenary`);
    for (const page of [rapporteur, ...others, facilitator.page]) await page.getByTestId('report-table').waitFor({ timeout: 10_000 });

    // The rapporteur presents room 1 and points at its second row; everyone follows.
    await rapporteur.getByTestId('room-tab-1').click();
    await rapporteur.getByTestId('present').click();
    await rapporteur.getByTestId('point-row').nth(1).click();
    for (const page of [...others, facilitator.page]) {
      await vi.waitFor(async () => {
        expect(await page.getByTestId('presenting').textContent()).toContain('Room 1');
        expect(await page.getByTestId('shown-room').textContent()).toContain('room 1');
        const pointed = page.locator('[data-testid="report-row"][aria-current="true"]');
        expect(await pointed.count()).toBe(1);
        expect(await pointed.textContent()).toContain('Translate key documents');
      }, 5000);
    }
    expect(await others[0].getByTestId('point-row').count()).toBe(0);

    // One person browses away, and jumps back with "Follow presenter".
    const [bo, chen] = others;
    await bo.getByTestId('room-tab-2').click();
    expect(await bo.getByTestId('shown-room').textContent()).toContain('room 2');
    expect(await bo.getByTestId('follow').getAttribute('aria-pressed')).toBe('false');
    await bo.getByTestId('follow').click();
    expect(await bo.getByTestId('shown-room').textContent()).toContain('room 1');

    // Q&A: one asks, another upvotes; everyone sees one vote, and upvoting again takes it back.
    await bo.getByTestId('question-input').fill('Who would pay for the translations?');
    await bo.getByTestId('ask').click();
    await chen.getByTestId('question').first().waitFor({ timeout: 5000 });
    await chen.getByTestId('upvote').first().click();
    for (const page of [bo, chen, rapporteur]) {
      await vi.waitFor(async () => expect(await page.getByTestId('votes').first().textContent()).toBe('1'), 5000);
    }
    expect(await chen.getByTestId('upvote').first().getAttribute('aria-pressed')).toBe('true');

    // The facilitator opens a rating poll; two people rate the second suggestion; the tally is live.
    await facilitator.page.getByTestId('open-rating-poll').click();
    for (const [page, impact, effort] of [[bo, 'H', 'L'], [chen, 'M', 'L']] as const) {
      const item = page.getByTestId('ballot-item').nth(1);
      await item.waitFor({ timeout: 5000 });
      await item.getByTestId(`rate-impact-${impact}`).check();
      await item.getByTestId(`rate-effort-${effort}`).check();
      await page.getByTestId('submit-ballot').click();
      await vi.waitFor(async () => expect(await page.getByTestId('ballot').textContent()).toContain('Ballot saved'), 5000);
    }
    await vi.waitFor(async () => {
      expect(await facilitator.page.getByTestId('tally').locator('caption').textContent()).toContain('2 ballots');
      const row = facilitator.page.getByTestId('tally-row').nth(1);
      expect(await row.textContent()).toMatch(/H 1 · M 1 · L 0.*H 0 · M 0 · L 2/);
    }, 5000);
    // Changing a ballot replaces it: still two ballots.
    await chen.getByTestId('ballot-item').nth(1).getByTestId('rate-impact-H').check();
    await chen.getByTestId('submit-ballot').click();
    await vi.waitFor(async () => {
      expect(await facilitator.page.getByTestId('tally').locator('caption').textContent()).toContain('2 ballots');
      expect(await facilitator.page.getByTestId('tally-row').nth(1).textContent()).toMatch(/H 2 · M 0 · L 0/);
    }, 5000);

    // The matrix places the rooms' ratings (4 rated suggestions) and the poll's (1).
    await vi.waitFor(async () => {
      expect(await facilitator.page.getByTestId('marker-room').count()).toBe(4);
      expect(await facilitator.page.getByTestId('marker-poll').count()).toBe(1);
    }, 5000);
    const list = await facilitator.page.getByTestId('matrix-list').textContent();
    expect(list).toContain('Quick wins');
    expect(list).toContain('Time sinks');

    // The plenary notes: the facilitator writes, a participant who is not a note-taker reads along.
    await facilitator.page.getByTestId('notes-editor').click();
    await facilitator.page.keyboard.type('Agreed: publish minutes within a week.');
    await vi.waitFor(async () => expect(await chen.getByTestId('notes-editor').textContent()).toContain('publish minutes within a week'), 5000);
    expect(await chen.getByTestId('notes-editor').getAttribute('contenteditable')).toBe('false');

    await screenshot(rapporteur, 'plenary-rapporteur');
    await screenshot(bo, 'plenary-follower');
    await screenshot(chen, 'plenary-voter');
    await screenshot(facilitator.page, 'plenary-facilitator');
    await facilitator.page.getByTestId('matrix').screenshot({ path: path.join(SCREENSHOT_DIR, 'plenary-matrix.png') });
  });
});
