import { roomDocName } from '@roomtable/core';
import { describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { api } from '../helpers/api';
import { seriousViolations } from '../helpers/axe';
import { launchBrowser, newPerson, screenshot, WEB_DIST } from '../helpers/browser';
import { joinThroughThePage } from '../helpers/joinThroughThePage';
import { rateRow as rate } from '../helpers/rateRow';
import { connectClient, waitForSync } from '../helpers/providers';
import { storeFacilitatorSession } from '../helpers/storeFacilitatorSession';
import { startTestServer } from '../helpers/testServer';

const clusterOf = (page: Page, text: string) => page.getByTestId('board-cluster').filter({ hasText: text });
const PUBLISH = 'Publish minutes of every meeting';
const TRANSLATE = 'Translate key documents';
const CLARIFY = 'Clarify the scope of the purpose';

describe('polls made from the board, in Chromium', () => {
  it('[BP1][BP3][BD4] the facilitator picks two stacks and opens a dot vote of them; four voters vote at once; the projector tallies live; the plan follows; a disagreement is polled with "poll this"', async () => {
    const server = await startTestServer({ env: { WEB_DIST } });
    const created = await api(server.url, 'POST', '/workshops', { title: 'Board polls', rooms: 3, suggestions: [PUBLISH, TRANSLATE, CLARIFY] });
    const { workshop, facilitatorToken: f, joinCode } = created.body;
    const base = `/workshops/${workshop.id}`;
    const browser = await launchBrowser();
    const names = ['Ana', 'Bo', 'Chen', 'Dede'];
    // One voter on a phone: the ballot of cluster items must read and work at 390 px.
    const voters = [
      await newPerson(browser, { width: 1366, height: 900 }),
      await newPerson(browser, { width: 390, height: 844 }),
      await newPerson(browser),
      await newPerson(browser),
    ];
    for (const [i, v] of voters.entries()) await joinThroughThePage(v.page, server.url, joinCode, names[i]!);
    const facilitator = await newPerson(browser, { width: 1366, height: 900 });
    await storeFacilitatorSession(facilitator.page, server.url, workshop.id, f);
    await api(server.url, 'POST', `${base}/assignment`, { seed: 'board-polls-e2e' }, f);
    await api(server.url, 'POST', `${base}/phase`, { phase: 'breakout' }, f);

    // Rooms 1 and 2 rate "Publish" impact H, room 3 L: a disagreement. "Clarify" is medium, "Translate" low.
    const ratings: Record<number, Array<['H' | 'M' | 'L', 'H' | 'M' | 'L']>> = {
      1: [['H', 'L'], ['L', 'H'], ['M', 'M']],
      2: [['H', 'L'], ['L', 'H'], ['M', 'M']],
      3: [['L', 'L'], ['L', 'H'], ['M', 'M']],
    };
    for (const room of [1, 2, 3]) {
      const editor = connectClient(server.wsUrl, roomDocName(workshop.id, room), f);
      await waitForSync(editor.provider);
      ratings[room]!.forEach(([impact, effort], row) => rate(editor.doc, row, impact, effort));
    }
    await vi.waitFor(async () => {
      const progress = (await api(server.url, 'GET', `${base}/progress`, undefined, f)).body;
      expect(progress.rooms.map((r: { ratingsFilled: number }) => r.ratingsFilled)).toEqual([6, 6, 6]);
    }, 5000);
    expect((await api(server.url, 'POST', `${base}/phase`, { phase: 'reporting' }, f)).status).toBe(200);
    await facilitator.page.goto(`${server.url}/w/${workshop.id}/plenary`);
    for (const v of voters) await v.page.waitForURL(/\/plenary$/, { timeout: 10_000 });
    await facilitator.page.getByTestId('board-cluster').first().waitFor({ timeout: 10_000 });
    expect(await facilitator.page.getByTestId('board-cluster').count()).toBe(3);
    const plan = async () => (await api(server.url, 'GET', `${base}/plan`, undefined, f)).body.plan.groups.map((g: { suggestion: string }) => g.suggestion);
    expect(await plan()).toEqual([PUBLISH, CLARIFY, TRANSLATE]);

    // Picking: a click picks one stack, Shift-click adds another; Space on a focused stack adds and removes it.
    const page = facilitator.page;
    expect(await page.getByTestId('board-pick-count').textContent()).toContain('Click a stack');
    await clusterOf(page, TRANSLATE).scrollIntoViewIfNeeded();
    await clusterOf(page, TRANSLATE).click();
    await clusterOf(page, CLARIFY).click({ modifiers: ['Shift'] });
    await vi.waitFor(async () => expect(await page.getByTestId('board-pick-count').textContent()).toBe('2 picked for a poll'), 5000);
    await clusterOf(page, PUBLISH).focus();
    await page.keyboard.press('Space');
    await vi.waitFor(async () => expect(await page.getByTestId('board-pick-count').textContent()).toBe('3 picked for a poll'), 5000);
    expect(await clusterOf(page, PUBLISH).getAttribute('aria-label')).toContain('picked for a poll');
    await page.keyboard.press('Space');
    await vi.waitFor(async () => expect(await page.getByTestId('board-pick-count').textContent()).toBe('2 picked for a poll'), 5000);
    expect(await clusterOf(page, PUBLISH).getAttribute('data-picked')).toBeNull();
    for (const text of [TRANSLATE, CLARIFY]) expect(await clusterOf(page, text).getAttribute('data-picked')).toBe('true');
    // A click is not a drag: picking moved nothing.
    const x = await clusterOf(page, TRANSLATE).getAttribute('data-x');
    await page.getByTestId('board').scrollIntoViewIfNeeded();
    await screenshot(page, 'board-polls-picked', false);
    expect(await seriousViolations(page)).toEqual([]);

    // The projector is up before anyone votes, so its tallies are seen changing live.
    const screen = await facilitator.context.newPage();
    await screen.setViewportSize({ width: 1920, height: 1080 });
    await screen.goto(`${server.url}/w/${workshop.id}/screen`);
    await screen.getByTestId('board-cluster').first().waitFor({ timeout: 10_000 });

    await page.getByTestId('board-poll-dots').click();
    await vi.waitFor(async () => expect(await page.getByTestId('board-pick-count').textContent()).toContain('Click a stack'), 5000);
    expect(await clusterOf(page, TRANSLATE).getAttribute('data-x')).toBe(x);
    const poll = (await api(server.url, 'GET', base, undefined, f)).body.plenary.polls[0];
    expect(poll.items.map((i: { suggestion: string; rooms: number[] }) => [i.suggestion, i.rooms])).toEqual([
      [TRANSLATE, [1, 2, 3]],
      [CLARIFY, [1, 2, 3]],
    ]);

    // Every voter sees exactly the two stacks, each once with its three rooms (not once per room).
    for (const v of voters) {
      await v.page.getByTestId('ballot').waitFor({ timeout: 10_000 });
      const items = v.page.getByTestId('ballot-item');
      expect(await items.count()).toBe(2);
      expect(await items.nth(0).textContent()).toContain(`${TRANSLATE} Rooms 1, 2, 3`);
      // Two dots for "Translate", one for "Clarify".
      await items.nth(0).getByTestId('add-dot').click();
      await items.nth(0).getByTestId('add-dot').click();
      await items.nth(1).getByTestId('add-dot').click();
    }
    await screen.getByTestId('screen-poll').waitFor({ timeout: 5000 });
    // All four save at the same moment.
    const sent = Date.now();
    await Promise.all(voters.map((v) => v.page.getByTestId('submit-ballot').click()));
    for (const v of voters) await vi.waitFor(async () => expect(await v.page.getByTestId('ballot').textContent()).toContain('Ballot saved'), 5000);
    let seenAfter = 0;
    await vi.waitFor(async () => {
      const tally = screen.getByTestId('screen-poll').getByTestId('tally');
      expect(await tally.locator('caption').textContent()).toContain('4 ballots');
      expect(await tally.getByTestId('tally-dots').allTextContents()).toEqual(['8 dots', '4 dots']);
      seenAfter = Date.now() - sent;
    }, 5000);
    console.log(`[board-polls] four simultaneous ballots were all on the projector ${seenAfter} ms after they were sent`);
    expect(await screen.getByTestId('screen-poll').textContent()).toContain('Rooms 1, 2, 3');
    await screenshot(screen, 'board-polls-projector-1920', false);
    await voters[1]!.page.getByTestId('poll').scrollIntoViewIfNeeded();
    await screenshot(voters[1]!.page, 'board-polls-phone-ballot', false);
    const phoneWidth = await voters[1]!.page.evaluate(() => document.documentElement.scrollWidth);
    expect(phoneWidth).toBeLessThanOrEqual(390);

    // The draft plan follows the votes: the dots put "Translate" (low impact) first, "Clarify" next.
    expect(await plan()).toEqual([TRANSLATE, CLARIFY, PUBLISH]);
    const groups = (await api(server.url, 'GET', `${base}/plan`, undefined, f)).body.plan.groups;
    expect(groups.map((g: { ranking: { dots: number } }) => g.ranking.dots)).toEqual([8, 4, 0]);

    // "Poll this" on the disagreement, once the dot vote is closed: a rating poll of that stack alone.
    expect(await clusterOf(page, PUBLISH).getByTestId('board-poll-this').count()).toBe(0);
    await page.getByTestId('close-poll').click();
    const pollThis = clusterOf(page, PUBLISH).getByTestId('board-poll-this');
    await pollThis.waitFor({ timeout: 5000 });
    expect(await pollThis.getAttribute('aria-label')).toBe(`Poll this: a rating poll of “${PUBLISH}”`);
    await pollThis.click();
    const voter = voters[0]!.page;
    await vi.waitFor(async () => {
      expect(await voter.getByTestId('ballot-item').count()).toBe(1);
      expect(await voter.getByTestId('ballot-item').textContent()).toContain(PUBLISH);
    }, 5000);
    const polls = (await api(server.url, 'GET', base, undefined, f)).body.plenary.polls;
    expect(polls.map((p: { kind: string; items: unknown[] }) => [p.kind, p.items.length])).toEqual([['dots', 2], ['rating', 1]]);
    await screenshot(page, 'board-polls-facilitator-poll-this');
  }, 150_000);
});
