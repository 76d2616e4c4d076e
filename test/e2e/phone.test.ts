import { roomDocName } from '@roomtable/core';
import { describe, expect, it, vi } from 'vitest';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { api, createWorkshopWith } from '../helpers/api';
import { seriousViolations } from '../helpers/axe';
import { launchBrowser, newPerson, screenshot, WEB_DIST } from '../helpers/browser';
import { editCell } from '../helpers/editCell';
import { joinThroughThePage } from '../helpers/joinThroughThePage';
import { rateRow as rate } from '../helpers/rateRow';
import { connectClient, waitForSync } from '../helpers/providers';
import { startBreakout } from '../helpers/startBreakout';
import { storeFacilitatorSession } from '../helpers/storeFacilitatorSession';
import { startTestServer } from '../helpers/testServer';

/** A phone: 390×844 CSS pixels, a touch screen, a mobile viewport (the page's meta viewport applies). */
async function newPhone(browser: Browser, locale = 'en-US') {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale });
  return { context, page: await context.newPage() };
}

/** How wide the page scrolls, and the outermost elements that stick out past 390 px (for the failure message). */
async function pageWidth(page: Page): Promise<{ width: number; wider: string[] }> {
  return page.evaluate(() => ({
    width: (document.scrollingElement ?? document.documentElement).scrollWidth,
    wider: [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > 391 && !(el.parentElement && el.parentElement.getBoundingClientRect().right > 391))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${String(el.className)} ${Math.round(el.getBoundingClientRect().right)}`),
  }));
}

async function expectPhoneWidth(page: Page, where: string) {
  const { width, wider } = await pageWidth(page);
  console.log(`[phone] ${where}: page scroll width ${width} px at 390${wider.length ? `; wider: ${wider.join('; ')}` : ''}`);
  expect(width, `${where}: ${wider.join('; ')}`).toBeLessThanOrEqual(390);
}

const clusterOf = (page: Page, text: string) => page.getByTestId('board-cluster').filter({ hasText: text });

/** A point of the board's frame that is plane background, not a card (cards take the one-finger drag). */
async function emptyPointOfFrame(page: Page): Promise<{ x: number; y: number }> {
  const point = await page.getByTestId('board-frame').evaluate((frame) => {
    const box = frame.getBoundingClientRect();
    for (let y = box.top + 20; y < Math.min(box.bottom, innerHeight) - 20; y += 10) {
      for (let x = box.left + 20; x < box.right - 20; x += 10) {
        const el = document.elementFromPoint(x, y);
        if (el && frame.contains(el) && !el.closest('.board-cluster')) return { x, y };
      }
    }
    return null;
  });
  if (!point) throw new Error('no empty point on the board');
  return point;
}

/** Two fingers, from `gap` px apart to `gap * factor`, around (x, y): real touch events through CDP. */
async function pinch(cdp: CDPSession, x: number, y: number, gap: number, factor: number) {
  const at = (g: number) => [
    { x: x - g / 2, y, id: 1 },
    { x: x + g / 2, y, id: 2 },
  ];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(gap) });
  for (let i = 1; i <= 8; i++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(gap * (1 + ((factor - 1) * i) / 8)) });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

describe('phones in Chromium', () => {
  it('the plenary on a phone: tabs with badges, a voter votes, a finger drags a stack a follower sees, two fingers zoom; the projector shows a QR code', async () => {
    const server = await startTestServer({ env: { WEB_DIST } });
    const created = await api(server.url, 'POST', '/workshops', {
      title: 'Phone plenary',
      rooms: 3,
      suggestions: ['Publish minutes of every meeting', 'Translate key documents'],
    });
    const { workshop, facilitatorToken: f, joinCode } = created.body;
    const base = `/workshops/${workshop.id}`;
    const browser = await launchBrowser();
    const voter = await newPhone(browser);
    const follower = await newPerson(browser, { width: 1366, height: 900 });
    const third = await newPerson(browser);
    await joinThroughThePage(voter.page, server.url, joinCode, 'Ana');
    await joinThroughThePage(follower.page, server.url, joinCode, 'Bo');
    await joinThroughThePage(third.page, server.url, joinCode, 'Chen');
    // The facilitator runs the plenary from a phone too: the one who may drag the board.
    const facilitator = await newPhone(browser);
    await storeFacilitatorSession(facilitator.page, server.url, workshop.id, f);
    await api(server.url, 'POST', `${base}/assignment`, { seed: 'phone-e2e' }, f);
    await api(server.url, 'POST', `${base}/phase`, { phase: 'breakout' }, f);

    // The projector before the report-back: the join code and a big QR code of the join link.
    const projector = await newPerson(browser, { width: 1920, height: 1080 });
    await storeFacilitatorSession(projector.page, server.url, workshop.id, f);
    await projector.page.goto(`${server.url}/w/${workshop.id}/screen`);
    await projector.page.getByTestId('screen-big-code').waitFor();
    const qr = projector.page.getByTestId('qr-code');
    expect(await qr.getAttribute('aria-label')).toContain(`/join/${joinCode}`);
    const qrBig = (await qr.boundingBox())!;
    console.log(`[phone] projector QR code ${Math.round(qrBig.width)} px at 1920×1080`);
    expect(qrBig.width).toBeGreaterThanOrEqual(500);
    expect(qrBig.y + qrBig.height).toBeLessThanOrEqual(1080);
    await screenshot(projector.page, 'phone-projector-join-1920', false);
    await projector.page.setViewportSize({ width: 1280, height: 720 });
    const qrSmall = (await qr.boundingBox())!;
    console.log(`[phone] projector QR code ${Math.round(qrSmall.width)} px at 1280×720`);
    expect(qrSmall.width).toBeGreaterThanOrEqual(330);
    expect(qrSmall.y + qrSmall.height).toBeLessThanOrEqual(720);
    expect(await projector.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    await screenshot(projector.page, 'phone-projector-join-1280', false);

    for (const room of [1, 2, 3]) {
      const editor = connectClient(server.wsUrl, roomDocName(workshop.id, room), f);
      await waitForSync(editor.provider);
      rate(editor.doc, 0, room === 3 ? 'L' : 'H', 'L');
      rate(editor.doc, 1, 'L', 'H');
    }
    await vi.waitFor(async () => {
      const progress = (await api(server.url, 'GET', `${base}/progress`, undefined, f)).body;
      expect(progress.rooms.map((r: { ratingsFilled: number }) => r.ratingsFilled)).toEqual([4, 4, 4]);
    }, 5000);
    expect((await api(server.url, 'POST', `${base}/phase`, { phase: 'reporting' }, f)).status).toBe(200);
    await voter.page.waitForURL(/\/plenary$/, { timeout: 10_000 });
    await follower.page.waitForURL(/\/plenary$/, { timeout: 10_000 });
    await facilitator.page.goto(`${server.url}/w/${workshop.id}/plenary`);

    // The voter's phone: tabs, not one long column; nothing wider than the phone.
    const tabs = voter.page.getByRole('tablist', { name: 'Plenary sections' });
    await tabs.waitFor({ timeout: 10_000 });
    expect(await tabs.getByRole('tab').allTextContents()).toEqual(['Report', 'Board', 'Poll', 'Questions', 'Notes']);
    await voter.page.getByTestId('report-table').waitFor();
    expect(await voter.page.getByTestId('phone-tab-report').getAttribute('aria-selected')).toBe('true');
    expect(await voter.page.getByTestId('poll').isVisible()).toBe(false);
    await expectPhoneWidth(voter.page, 'plenary, report tab');
    // The header (title, phase, clock, language) and the presenter bar leave the tabs in the upper
    // part of the screen: before, they stacked line by line and the tabs began at 404 px of 844 (now ~300).
    const tabsTop = (await tabs.boundingBox())!.y;
    expect(tabsTop, 'tabs start in the first 340 px').toBeLessThan(340);
    await screenshot(voter.page, 'phone-plenary-report');
    // Keyboard: the arrow keys move along the tabs and show their panels.
    await voter.page.getByTestId('phone-tab-report').focus();
    await voter.page.keyboard.press('ArrowRight');
    expect(await voter.page.getByTestId('phone-tab-board').getAttribute('aria-selected')).toBe('true');
    expect(await voter.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('phone-tab-board');
    await voter.page.getByTestId('board-cluster').first().waitFor({ timeout: 10_000 });
    expect(await voter.page.getByTestId('report-table').isVisible()).toBe(false);
    await expectPhoneWidth(voter.page, 'plenary, board tab');
    await screenshot(voter.page, 'phone-plenary-board');
    await voter.page.keyboard.press('End');
    expect(await voter.page.getByTestId('phone-tab-notes').getAttribute('aria-selected')).toBe('true');
    await voter.page.keyboard.press('ArrowRight');
    expect(await voter.page.getByTestId('phone-tab-report').getAttribute('aria-selected')).toBe('true');
    expect(await seriousViolations(voter.page)).toEqual([]);
    // Touch: a tap on a tab shows it.
    await voter.page.getByTestId('phone-tab-questions').tap();
    expect(await voter.page.getByTestId('phone-tab-questions').getAttribute('aria-selected')).toBe('true');
    await expectPhoneWidth(voter.page, 'plenary, questions tab');

    // A poll opens: the voter's phone goes to the Poll tab by itself; the facilitator's phone says "new".
    const poll = await api(server.url, 'POST', `${base}/polls`, { kind: 'dots', dots: 3 }, f);
    expect(poll.status).toBe(201);
    await vi.waitFor(async () => expect(await voter.page.getByTestId('phone-tab-poll').getAttribute('aria-selected')).toBe('true'), 5000);
    await facilitator.page.getByRole('tablist').waitFor({ timeout: 10_000 });
    await vi.waitFor(async () => expect(await facilitator.page.getByTestId('phone-tab-poll').textContent()).toBe('Poll new'), 5000);
    await voter.page.getByTestId('ballot').waitFor();
    await expectPhoneWidth(voter.page, 'plenary, poll tab with a ballot');
    await screenshot(voter.page, 'phone-plenary-poll');
    for (let i = 0; i < 3; i++) await voter.page.getByTestId('add-dot').first().tap();
    await voter.page.getByTestId('submit-ballot').tap();
    const voterId = (await api(server.url, 'GET', base, undefined, f)).body.participants.find((p: { name: string }) => p.name === 'Ana').id;
    await vi.waitFor(async () => {
      const polls = (await api(server.url, 'GET', base, undefined, f)).body.plenary.polls;
      expect(polls.at(-1).voterIds).toContain(voterId);
      expect(polls.at(-1).tally.reduce((n: number, t: { dots?: number }) => n + (t.dots ?? 0), 0)).toBe(3);
    }, 5000);
    // Once only: the voter goes to the board and stays there while the poll is still open.
    await voter.page.getByTestId('phone-tab-board').tap();
    await voter.page.waitForTimeout(300);
    expect(await voter.page.getByTestId('phone-tab-board').getAttribute('aria-selected')).toBe('true');
    // A room starts presenting: the Report tab says so until the voter looks.
    expect((await api(server.url, 'PUT', `${base}/plenary/presenting`, { room: 2 }, f)).status).toBe(200);
    await vi.waitFor(async () => expect(await voter.page.getByTestId('phone-tab-badge-report').isVisible()).toBe(true), 5000);
    await voter.page.getByTestId('phone-tab-report').tap();
    expect(await voter.page.getByTestId('phone-tab-badge-report').count()).toBe(0);
    expect(await voter.page.getByTestId('shown-room').textContent()).toContain('room 2');

    // The facilitator's phone: one finger drags the "Translate" stack, the follower's desktop sees it.
    await facilitator.page.getByTestId('phone-tab-board').tap();
    const stack = clusterOf(facilitator.page, 'Translate key');
    await stack.waitFor({ timeout: 10_000 });
    expect(await stack.getAttribute('class')).toContain('movable');
    await stack.scrollIntoViewIfNeeded();
    await expectPhoneWidth(facilitator.page, 'plenary board, facilitator');
    const before = Number(await clusterOf(follower.page, 'Translate key').getAttribute('data-x'));
    const scrollBefore = await facilitator.page.evaluate(() => scrollY);
    const cdp = await facilitator.context.newCDPSession(facilitator.page);
    const box = (await stack.boundingBox())!;
    const [sx, sy] = [box.x + box.width / 2, box.y + box.height / 2];
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: sx, y: sy, id: 1 }] });
    for (let i = 1; i <= 10; i++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: sx - i * 8, y: sy + i * 6, id: 1 }] });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    const released = Date.now();
    await vi.waitFor(async () => expect(Number(await clusterOf(follower.page, 'Translate key').getAttribute('data-x'))).toBeLessThan(before - 50), 5000);
    console.log(`[phone] a stack dragged by a finger reached the follower ${Date.now() - released} ms after the finger lifted`);
    // The page did not scroll under the finger (touch-action: none on a movable stack).
    expect(await facilitator.page.evaluate(() => scrollY)).toBe(scrollBefore);

    // Two fingers spread on the plane: it zooms in; a double tap resets it.
    const frame = facilitator.page.getByTestId('board-frame');
    const widthAt = async () => (await facilitator.page.getByTestId('board-plane').boundingBox())!.width;
    expect(await frame.getAttribute('data-zoom')).toBe('1');
    const fitted = await widthAt();
    const spot = await emptyPointOfFrame(facilitator.page);
    await pinch(cdp, spot.x, spot.y, 60, 2);
    const zoomed = Number(await frame.getAttribute('data-zoom'));
    console.log(`[phone] pinch from 60 to 120 px: zoom ${zoomed}, plane ${Math.round(fitted)} → ${Math.round(await widthAt())} px wide`);
    expect(zoomed).toBeGreaterThan(1.6);
    expect(await widthAt()).toBeGreaterThan(fitted * 1.6);
    // The zoomed plane scrolls inside its frame; the page itself stays 390 wide.
    await expectPhoneWidth(facilitator.page, 'plenary board zoomed in');
    await screenshot(facilitator.page, 'phone-plenary-board-zoomed', false);
    // Pinching in far stops at half the fitted size: the whole plane stays in view.
    const spot2 = await emptyPointOfFrame(facilitator.page);
    await pinch(cdp, spot2.x, spot2.y, 200, 0.1);
    expect(Number(await frame.getAttribute('data-zoom'))).toBe(0.5);
    await pinch(cdp, spot2.x, spot2.y, 60, 3);
    expect(Number(await frame.getAttribute('data-zoom'))).toBeGreaterThan(1);
    const spot3 = await emptyPointOfFrame(facilitator.page);
    await facilitator.page.touchscreen.tap(spot3.x, spot3.y);
    await facilitator.page.touchscreen.tap(spot3.x, spot3.y);
    await vi.waitFor(async () => expect(await frame.getAttribute('data-zoom')).toBe('1'), 2000);
    expect(await frame.evaluate((el) => [el.scrollLeft, el.scrollTop])).toEqual([0, 0]);
    // A pinch that starts with a finger on a stack zooms and leaves the stack where it was.
    const x0 = await stack.getAttribute('data-x');
    await stack.scrollIntoViewIfNeeded();
    const on = (await stack.boundingBox())!;
    // The first finger on the stack's left part, the second 60 px to its right, inside the phone.
    const [px, py] = [on.x + Math.min(on.width / 2, 20), on.y + on.height / 2];
    console.log(`[phone] a pinch from (${Math.round(px)}, ${Math.round(py)}) on the stack ${Math.round(on.x)},${Math.round(on.y)} ${Math.round(on.width)}×${Math.round(on.height)}`);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: px, y: py, id: 1 }] });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: px, y: py, id: 1 }, { x: px + 60, y: py, id: 2 }] });
    for (let i = 1; i <= 8; i++) {
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: px - i * 5, y: py, id: 1 }, { x: px + 60 + i * 5, y: py, id: 2 }] });
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    expect(Number(await frame.getAttribute('data-zoom'))).toBeGreaterThan(1.4);
    await facilitator.page.waitForTimeout(200);
    expect(await stack.getAttribute('data-x')).toBe(x0);
    expect(await clusterOf(follower.page, 'Translate key').getAttribute('data-x')).toBe(x0);

    // The projector in the report-back: the presenting room with the code and a QR code in a corner.
    await projector.page.setViewportSize({ width: 1920, height: 1080 });
    await vi.waitFor(async () => expect(await projector.page.getByTestId('screen').getAttribute('data-mode')).toBe('room'), 5000);
    expect(await projector.page.getByTestId('screen-join').textContent()).toContain(joinCode);
    const corner = (await projector.page.getByTestId('qr-code').boundingBox())!;
    console.log(`[phone] projector corner QR code ${Math.round(corner.width)} px at 1920×1080`);
    expect(corner.width).toBeGreaterThanOrEqual(160);
    await screenshot(projector.page, 'phone-projector-room-1920', false);
    expect(await seriousViolations(projector.page)).toEqual([]);
  }, 150_000);

  it('the review page on a phone: history, plan, exports and plenary as tabs, nothing wider than 390 px', async () => {
    const server = await startTestServer({ env: { WEB_DIST } });
    const suggestions = ['Share information', 'Consider a best-practice, educational role', 'Do NOT focus all efforts on defining DNS Abuse'];
    const w = await createWorkshopWith(server.url, ['Ana', 'Bo', 'Chen', 'Dee'], { title: 'ccNSO purpose review', rooms: 2, suggestions });
    const f = (method: string, route: string, body?: unknown) => api(server.url, method, `/workshops/${w.workshopId}${route}`, body, w.facilitatorToken);
    await startBreakout(server.url, w.workshopId, w.facilitatorToken, 'e2e');
    await f('POST', '/snapshots');
    await editCell(server, roomDocName(w.workshopId, 1), 'Share information', ' through TLD-OPS');
    await f('POST', '/snapshots');

    const browser = await launchBrowser();
    const { page } = await newPhone(browser);
    await storeFacilitatorSession(page, server.url, w.workshopId, w.facilitatorToken);
    await page.goto(`${server.url}/w/${w.workshopId}/review`);
    const tabs = page.getByRole('tablist', { name: 'Review sections' });
    await tabs.waitFor({ timeout: 10_000 });
    expect(await tabs.getByRole('tab').allTextContents()).toEqual(['History', 'Plan', 'Exports', 'Plenary']);
    await page.getByTestId('timeline').waitFor();
    await expectPhoneWidth(page, 'review, history tab');
    await screenshot(page, 'phone-review-history');
    for (const tab of ['plan', 'exports', 'plenary']) {
      await page.getByTestId(`phone-tab-${tab}`).tap();
      expect(await page.getByTestId(`phone-tab-${tab}`).getAttribute('aria-selected')).toBe('true');
      expect(await page.getByTestId(`phone-panel-${tab}`).isVisible()).toBe(true);
      expect(await page.getByTestId('timeline').isVisible()).toBe(false);
      await expectPhoneWidth(page, `review, ${tab} tab`);
      await screenshot(page, `phone-review-${tab}`);
    }
    await page.getByTestId('phone-tab-plan').tap();
    await vi.waitFor(async () => expect(await page.getByTestId('plan').textContent()).toContain('Share information'), 5000);
    expect(await seriousViolations(page)).toEqual([]);
    // In Arabic the page runs right to left, and so do the arrow keys: the left arrow is the next tab.
    const arabic = await newPhone(browser, 'ar');
    await storeFacilitatorSession(arabic.page, server.url, w.workshopId, w.facilitatorToken);
    await arabic.page.goto(`${server.url}/w/${w.workshopId}/review`);
    await arabic.page.getByRole('tablist', { name: 'أقسام المراجعة' }).waitFor({ timeout: 10_000 });
    await arabic.page.getByTestId('timeline').waitFor();
    await arabic.page.getByTestId('phone-tab-timeline').focus();
    await arabic.page.keyboard.press('ArrowLeft');
    expect(await arabic.page.getByTestId('phone-tab-plan').getAttribute('aria-selected')).toBe('true');
    await arabic.page.keyboard.press('ArrowRight');
    await arabic.page.keyboard.press('ArrowRight');
    expect(await arabic.page.getByTestId('phone-tab-plenary').getAttribute('aria-selected')).toBe('true');
    await arabic.page.getByTestId('phone-tab-timeline').tap();
    await expectPhoneWidth(arabic.page, 'review in Arabic, history tab');
    await screenshot(arabic.page, 'phone-review-history-ar', false);

    // The desktop layout is untouched: no tabs at 1366.
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.getByTestId('timeline').waitFor();
    expect(await page.getByRole('tablist').count()).toBe(0);
    expect(await page.getByTestId('plan').isVisible()).toBe(true);
  }, 90_000);
});
