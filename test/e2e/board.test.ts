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

describe('the plenary board in Chromium', () => {
  it('[BD1][BD2][BD6][VP1] three rooms end their break-out: every row a card, alike rows stacked, a dragged stack moves for a follower, the plan follows the vote', async () => {
    const server = await startTestServer({ env: { WEB_DIST } });
    const created = await api(server.url, 'POST', '/workshops', {
      title: 'Board review',
      rooms: 3,
      suggestions: ['Publish minutes of every meeting', 'Translate key documents'],
    });
    const { workshop, facilitatorToken: f, joinCode } = created.body;
    const base = `/workshops/${workshop.id}`;
    const browser = await launchBrowser();
    const follower = await newPerson(browser, { width: 1366, height: 900 });
    const phone = await newPerson(browser, { width: 390, height: 844 });
    const third = await newPerson(browser);
    await joinThroughThePage(follower.page, server.url, joinCode, 'Ana');
    await joinThroughThePage(phone.page, server.url, joinCode, 'Bo');
    await joinThroughThePage(third.page, server.url, joinCode, 'Chen');
    const facilitator = await newPerson(browser, { width: 1366, height: 900 });
    await storeFacilitatorSession(facilitator.page, server.url, workshop.id, f);
    await api(server.url, 'POST', `${base}/assignment`, { seed: 'board-e2e' }, f);
    await api(server.url, 'POST', `${base}/phase`, { phase: 'breakout' }, f);

    // Every room has the two seeded suggestions; rooms 1 and 2 rate "Publish" impact H, room 3 L.
    const ratings: Array<[number, number, 'H' | 'M' | 'L', 'H' | 'M' | 'L']> = [
      [1, 0, 'H', 'L'], [1, 1, 'L', 'H'],
      [2, 0, 'H', 'L'], [2, 1, 'L', 'H'],
      [3, 0, 'L', 'L'], [3, 1, 'L', 'H'],
    ];
    for (const room of [1, 2, 3]) {
      const editor = connectClient(server.wsUrl, roomDocName(workshop.id, room), f);
      await waitForSync(editor.provider);
      for (const [r, row, impact, effort] of ratings) if (r === room) rate(editor.doc, row, impact, effort);
    }
    await vi.waitFor(async () => {
      const progress = (await api(server.url, 'GET', `${base}/progress`, undefined, f)).body;
      expect(progress.rooms.map((r: { ratingsFilled: number }) => r.ratingsFilled)).toEqual([4, 4, 4]);
    }, 5000);

    expect((await api(server.url, 'POST', `${base}/phase`, { phase: 'reporting' }, f)).status).toBe(200);
    await facilitator.page.goto(`${server.url}/w/${workshop.id}/plenary`);
    for (const person of [follower, phone]) await person.page.waitForURL(/\/plenary$/, { timeout: 10_000 });
    for (const page of [facilitator.page, follower.page]) await page.getByTestId('board-cluster').first().waitFor({ timeout: 10_000 });

    // Two stacks of three: each row of each room is a card, the same suggestion stacked.
    expect(await facilitator.page.getByTestId('board-cluster').count()).toBe(2);
    expect(await clusterOf(facilitator.page, 'Publish minutes').getAttribute('data-size')).toBe('3');
    expect(await clusterOf(facilitator.page, 'Translate key').getAttribute('data-size')).toBe('3');
    expect(await clusterOf(facilitator.page, 'Publish minutes').textContent()).toContain('Room 1 · Room 2 · Room 3');
    // Rooms 1 and 2 said impact H, room 3 L: the stack is marked.
    expect(await clusterOf(facilitator.page, 'Publish minutes').getByTestId('board-disagree').textContent()).toContain('high in room 1, 2, low in room 3');
    await screenshot(facilitator.page, 'board-facilitator');
    // The board's plane and list pass axe's serious checks (contrast, names, roles).
    expect(await seriousViolations(facilitator.page)).toEqual([]);

    // The facilitator drags the "Translate" stack; the follower sees it move.
    const stack = clusterOf(facilitator.page, 'Translate key');
    const before = Number(await clusterOf(follower.page, 'Translate key').getAttribute('data-x'));
    await stack.scrollIntoViewIfNeeded();
    expect(await stack.getAttribute('class')).toContain('movable');
    const box = (await stack.boundingBox())!;
    await facilitator.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await facilitator.page.mouse.down();
    for (let i = 1; i <= 10; i++) await facilitator.page.mouse.move(box.x + box.width / 2 - i * 15, box.y + box.height / 2 + i * 4);
    await facilitator.page.mouse.up();
    const released = Date.now();
    let seenAfter = 0;
    await vi.waitFor(async () => {
      expect(Number(await clusterOf(follower.page, 'Translate key').getAttribute('data-x'))).toBeLessThan(before - 50);
      seenAfter = Date.now() - released;
    }, 5000);
    console.log(`[board] a dragged stack reached the follower ${seenAfter} ms after the mouse was released (polled every 20 ms)`);
    // Arrow keys move the focused stack by one step.
    const x0 = Number(await stack.getAttribute('data-x'));
    await stack.focus();
    await facilitator.page.keyboard.press('ArrowRight');
    await vi.waitFor(async () => expect(Number(await clusterOf(follower.page, 'Translate key').getAttribute('data-x'))).toBe(x0 + 24), 5000);
    // A participant who is not a note-taker cannot move it: no drag handle, arrow keys do nothing.
    expect(await clusterOf(follower.page, 'Translate key').getAttribute('class')).not.toContain('movable');

    // The list view holds the same stacks in the plane's reading order, every card with its room.
    await follower.page.getByTestId('board-list-view').click();
    const list = await follower.page.getByTestId('board-list').textContent();
    expect(await seriousViolations(follower.page)).toEqual([]);
    for (const room of [1, 2, 3]) {
      expect(list).toContain(`Room ${room}: Publish minutes of every meeting`);
      expect(list).toContain(`Room ${room}: Translate key documents`);
    }

    // Before any vote "Publish" leads the plan (impact higher); a dot vote for "Translate" puts it first.
    const plan = async () => (await api(server.url, 'GET', `${base}/plan`, undefined, f)).body.plan.groups.map((g: { suggestion: string }) => g.suggestion);
    expect((await plan())[0]).toBe('Publish minutes of every meeting');
    const poll = await api(server.url, 'POST', `${base}/polls`, { kind: 'dots', dots: 3 }, f);
    expect(poll.status).toBe(201);
    const translateKey = poll.body.poll.items.find((i: { suggestion: string; room: number }) => i.suggestion === 'Translate key documents' && i.room === 1).key;
    expect((await api(server.url, 'PUT', `${base}/polls/${poll.body.poll.id}/ballot`, { kind: 'dots', dots: { [translateKey]: 3 } }, f)).status).toBe(200);
    expect((await plan())[0]).toBe('Translate key documents');

    // The projector at 1920×1080 shows the board and the open poll's live tally; at 1280×720 too.
    const screen = await facilitator.context.newPage();
    await screen.setViewportSize({ width: 1920, height: 1080 });
    await screen.goto(`${server.url}/w/${workshop.id}/screen`);
    await screen.getByTestId('board-cluster').first().waitFor({ timeout: 10_000 });
    await screen.getByTestId('screen-poll').waitFor();
    expect(await screen.getByTestId('screen').getAttribute('data-mode')).toBe('board');
    expect(await screen.getByTestId('screen-join').textContent()).toContain(joinCode);
    await screenshot(screen, 'board-projector-1920', false);
    expect(await seriousViolations(screen)).toEqual([]);
    await screen.setViewportSize({ width: 1280, height: 720 });
    await screenshot(screen, 'board-projector-1280', false);
    // It follows the presenter by itself.
    expect((await api(server.url, 'PUT', `${base}/plenary/presenting`, { room: 2 }, f)).status).toBe(200);
    await vi.waitFor(async () => expect(await screen.getByTestId('screen').getAttribute('data-mode')).toBe('room'), 5000);
    await screen.getByTestId('report-table').waitFor();
    await screen.setViewportSize({ width: 1920, height: 1080 });
    await screenshot(screen, 'board-projector-1920-presenting', false);

    // The phone: nothing wider than 390 px scrolls the page sideways; the board is its own tab there.
    await phone.page.getByTestId('phone-tab-board').click();
    await phone.page.getByTestId('board').waitFor();
    const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth);
    const wide = await phone.page.evaluate(() =>
      [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > 392 && !(el.parentElement && el.parentElement.getBoundingClientRect().right > 392))
        .slice(0, 5)
        .map((el) => `${el.tagName.toLowerCase()}.${el.className} ${Math.round(el.getBoundingClientRect().right)}`),
    );
    console.log(`[board] phone plenary scroll width ${overflow} px at a 390 px viewport; wider: ${wide.join('; ')}`);
    expect(overflow).toBeLessThanOrEqual(390);
    await phone.page.getByTestId('board').scrollIntoViewIfNeeded();
    await screenshot(phone.page, 'board-phone-board', false);
    await screenshot(phone.page, 'board-phone-plenary');
  }, 120_000);
});
