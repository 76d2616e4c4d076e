import { describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { api } from '../helpers/api';
import { seriousViolations } from '../helpers/axe';
import { launchBrowser, newPerson, screenshot, WEB_DIST } from '../helpers/browser';
import { joinThroughThePage } from '../helpers/joinThroughThePage';
import { storeFacilitatorSession } from '../helpers/storeFacilitatorSession';
import { startTestServer } from '../helpers/testServer';

const clusterOf = (page: Page, text: string) => page.getByTestId('board-cluster').filter({ hasText: text });
const PUBLISH = 'Publish minutes of every meeting';
const TRANSLATE = 'Translate key documents';
const CLARIFY = 'Clarify the scope of the purpose';

describe('splitting and merging stacks on the board, in Chromium', () => {
  it('[BD8] the facilitator merges two stacks while a note-taker on a phone splits a card off another, at the same moment; a follower sees both with their reasons and every card once', async () => {
    const server = await startTestServer({ env: { WEB_DIST } });
    const created = await api(server.url, 'POST', '/workshops', { title: 'Board clusters', rooms: 3, suggestions: [PUBLISH, TRANSLATE, CLARIFY] });
    const { workshop, facilitatorToken: f, joinCode } = created.body;
    const base = `/workshops/${workshop.id}`;
    const browser = await launchBrowser();
    const noteTaker = await newPerson(browser, { width: 390, height: 844 });
    const follower = await newPerson(browser, { width: 1366, height: 900 });
    const third = await newPerson(browser);
    await joinThroughThePage(noteTaker.page, server.url, joinCode, 'Ana');
    await joinThroughThePage(follower.page, server.url, joinCode, 'Bo');
    await joinThroughThePage(third.page, server.url, joinCode, 'Chen');
    const facilitator = await newPerson(browser, { width: 1366, height: 900 });
    await storeFacilitatorSession(facilitator.page, server.url, workshop.id, f);
    await api(server.url, 'POST', `${base}/assignment`, { seed: 'board-clusters-e2e' }, f);
    await api(server.url, 'POST', `${base}/phase`, { phase: 'breakout' }, f);
    expect((await api(server.url, 'POST', `${base}/phase`, { phase: 'reporting' }, f)).status).toBe(200);
    const ana = (await api(server.url, 'GET', base, undefined, f)).body.participants.find((p: { name: string }) => p.name === 'Ana').id;
    expect((await api(server.url, 'PUT', `${base}/plenary/note-takers`, { participantIds: [ana] }, f)).status).toBe(200);
    await facilitator.page.goto(`${server.url}/w/${workshop.id}/plenary`);
    for (const p of [noteTaker, follower]) await p.page.waitForURL(/\/plenary$/, { timeout: 10_000 });
    // On a phone the board is a tab of its own (the phone plenary's tabs).
    await noteTaker.page.getByTestId('phone-tab-board').click();
    for (const page of [facilitator.page, follower.page, noteTaker.page]) await page.getByTestId('board-cluster').first().waitFor({ timeout: 10_000 });
    expect(await follower.page.getByTestId('board-cluster').count()).toBe(3);
    // The follower is neither facilitator nor note-taker: nothing to pick, split or merge.
    expect(await follower.page.getByTestId('board-cluster-bar').count()).toBe(0);
    await clusterOf(follower.page, PUBLISH).click();
    expect(await follower.page.getByTestId('board-cluster-bar').count()).toBe(0);

    // The facilitator picks "Translate" and "Clarify": merging needs a reason first.
    const fac = facilitator.page;
    await clusterOf(fac, TRANSLATE).scrollIntoViewIfNeeded();
    await clusterOf(fac, TRANSLATE).click();
    await clusterOf(fac, CLARIFY).click({ modifiers: ['Shift'] });
    await fac.getByTestId('board-merge').waitFor();
    expect(await fac.getByTestId('board-merge').isDisabled()).toBe(true);
    await fac.getByTestId('board-edit-reason').fill('Both need a translation budget');

    // The note-taker (a phone) picks "Publish", ticks room 3's card and gives a reason.
    const nt = noteTaker.page;
    await clusterOf(nt, PUBLISH).scrollIntoViewIfNeeded();
    await clusterOf(nt, PUBLISH).click();
    await nt.getByTestId('board-split-card').nth(2).check();
    await nt.getByTestId('board-edit-reason').fill('Room 3 meant internal minutes');
    expect(await nt.getByTestId('board-split').textContent()).toBe('Split off 1 card');
    await screenshot(nt, 'board-clusters-phone-split', false);
    expect(await seriousViolations(nt)).toEqual([]);

    // Both at the same moment.
    await Promise.all([fac.getByTestId('board-merge').click(), nt.getByTestId('board-split').click()]);
    const sizes = async (page: Page) => (await page.getByTestId('board-cluster').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-size'))))).sort();
    for (const page of [follower.page, fac, nt]) await vi.waitFor(async () => expect(await sizes(page)).toEqual([1, 2, 6]), 5000);
    const merged = clusterOf(follower.page, 'Merged:');
    expect(await merged.getAttribute('data-size')).toBe('6');
    expect(await merged.getByTestId('board-change').textContent()).toBe('Merged: Both need a translation budget');
    const split = clusterOf(follower.page, 'Split off:');
    expect(await split.getAttribute('data-size')).toBe('1');
    expect(await split.textContent()).toContain(PUBLISH);
    expect(await split.textContent()).toContain('Room 3');
    expect(await split.getByTestId('board-change').textContent()).toBe('Split off: Room 3 meant internal minutes');
    expect(await fac.getByTestId('board-edit-outcome').count()).toBe(0);
    await follower.page.getByTestId('board').scrollIntoViewIfNeeded();
    await screenshot(follower.page, 'board-clusters-follower', false);

    // The list view holds every card once, each reason in full.
    await follower.page.getByTestId('board-list-view').click();
    const list = follower.page.getByTestId('board-list');
    const text = (await list.textContent()) ?? '';
    for (const room of [1, 2, 3]) for (const s of [PUBLISH, TRANSLATE, CLARIFY]) expect(text.split(`Room ${room}: ${s}`).length - 1).toBe(1);
    expect(await list.getByTestId('board-change').allTextContents()).toEqual(expect.arrayContaining(['Merged: Both need a translation budget', 'Split off: Room 3 meant internal minutes']));
    expect(await seriousViolations(follower.page)).toEqual([]);

    // The projector shows the board as it is now.
    const screen = await facilitator.context.newPage();
    await screen.setViewportSize({ width: 1920, height: 1080 });
    await screen.goto(`${server.url}/w/${workshop.id}/screen`);
    await vi.waitFor(async () => expect(await sizes(screen)).toEqual([1, 2, 6]), 10_000);
    await screenshot(screen, 'board-clusters-projector-1920', false);
  }, 120_000);
});
