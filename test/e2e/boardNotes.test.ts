import { describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { addNote, boardDocName, readBoardAnnotations } from '@roomtable/core';
import { api } from '../helpers/api';
import { seriousViolations } from '../helpers/axe';
import { launchBrowser, newPerson, screenshot, WEB_DIST } from '../helpers/browser';
import { joinThroughThePage } from '../helpers/joinThroughThePage';
import { connectClient, waitForSync } from '../helpers/providers';
import { storeFacilitatorSession } from '../helpers/storeFacilitatorSession';
import { startTestServer } from '../helpers/testServer';

const PUBLISH = 'Publish minutes of every meeting';
const TRANSLATE = 'Translate key documents';
const clusterOf = (page: Page, text: string) => page.getByTestId('board-cluster').filter({ hasText: text });
const noteTexts = async (page: Page) => (await page.getByTestId('board-note-text').evaluateAll((els) => els.map((e) => (e instanceof HTMLTextAreaElement ? e.value : (e.textContent ?? ''))))).sort();
/** The centre of what a board frame shows, in board units. */
const centreOf = (page: Page) =>
  page.getByTestId('board-frame').evaluate((el) => {
    const scale = Number(el.getAttribute('data-scale'));
    return { x: (el.scrollLeft + el.clientWidth / 2) / scale, y: (el.scrollTop + el.clientHeight / 2) / scale, scale };
  });

describe('sticky notes, frames and following the facilitator on the board, in Chromium', () => {
  it('[BN1][BN2] the facilitator adds a note and a frame and a participant sees both; two note-takers type in two notes at once and lose nothing; a drag shows who moves; follow tracks a pan until the follower zooms', async () => {
    const server = await startTestServer({ env: { WEB_DIST } });
    const created = await api(server.url, 'POST', '/workshops', { title: 'Board notes', rooms: 3, suggestions: [PUBLISH, TRANSLATE] });
    const { workshop, facilitatorToken: f, joinCode } = created.body;
    const base = `/workshops/${workshop.id}`;
    const browser = await launchBrowser();
    const ana = await newPerson(browser, { width: 390, height: 844 });
    const bo = await newPerson(browser, { width: 1366, height: 900 });
    const chen = await newPerson(browser, { width: 1280, height: 860 });
    await joinThroughThePage(ana.page, server.url, joinCode, 'Ana');
    await joinThroughThePage(bo.page, server.url, joinCode, 'Bo');
    await joinThroughThePage(chen.page, server.url, joinCode, 'Chen');
    const facilitator = await newPerson(browser, { width: 1366, height: 900 });
    await storeFacilitatorSession(facilitator.page, server.url, workshop.id, f);
    await api(server.url, 'POST', `${base}/assignment`, { seed: 'board-notes-e2e' }, f);
    await api(server.url, 'POST', `${base}/phase`, { phase: 'breakout' }, f);
    expect((await api(server.url, 'POST', `${base}/phase`, { phase: 'reporting' }, f)).status).toBe(200);
    const people = (await api(server.url, 'GET', base, undefined, f)).body.participants as Array<{ id: string; name: string }>;
    const idOf = (name: string) => people.find((p) => p.name === name)!.id;
    expect((await api(server.url, 'PUT', `${base}/plenary/note-takers`, { participantIds: [idOf('Ana'), idOf('Bo')] }, f)).status).toBe(200);
    await facilitator.page.goto(`${server.url}/w/${workshop.id}/plenary`);
    for (const p of [ana, bo, chen]) await p.page.waitForURL(/\/plenary$/, { timeout: 10_000 });
    await ana.page.getByTestId('phone-tab-board').click();
    const fac = facilitator.page;
    for (const page of [fac, ana.page, bo.page, chen.page]) await page.getByTestId('board-cluster').first().waitFor({ timeout: 10_000 });
    // Chen only reads: no note or frame to add, nothing to type in.
    expect(await chen.page.getByTestId('board-add-note').count()).toBe(0);

    // The facilitator adds a note (its text box takes the focus) and frames the picked stack.
    await fac.getByTestId('board').scrollIntoViewIfNeeded();
    await fac.getByTestId('board-add-note').click();
    await fac.locator('textarea:focus').waitFor({ timeout: 3000 });
    await fac.keyboard.type('Ask finance first');
    await clusterOf(fac, TRANSLATE).click();
    expect(await fac.getByTestId('board-add-frame').textContent()).toBe('Frame the picked stacks');
    await fac.getByTestId('board-add-frame').click();
    await fac.getByTestId('board-group-frame').waitFor();
    await fac.locator('input:focus').waitFor({ timeout: 3000 });
    await fac.keyboard.type('Quick wins');
    const typed = Date.now();
    // The frame holds the stack it was drawn around.
    const box = await fac.getByTestId('board-group-frame').boundingBox();
    const stack = await clusterOf(fac, TRANSLATE).boundingBox();
    expect(box!.x <= stack!.x && box!.y <= stack!.y && box!.x + box!.width >= stack!.x + stack!.width && box!.y + box!.height >= stack!.y + stack!.height).toBe(true);

    // Chen sees both within a moment.
    await vi.waitFor(async () => {
      expect(await chen.page.getByTestId('board-group-frame-name').textContent()).toBe('Quick wins');
      expect(await noteTexts(chen.page)).toEqual(['Ask finance first']);
    }, 5000);
    const seenAfter = Date.now() - typed;
    console.log(`[board notes] a participant saw the frame's name within ${seenAfter} ms of the facilitator's last keystroke`);
    expect(await chen.page.getByTestId('board-note').getAttribute('aria-label')).toBe('Note: Ask finance first');

    // Two note-takers each add a note and type in it at the same moment: both texts stay whole.
    await bo.page.getByTestId('board').scrollIntoViewIfNeeded();
    await Promise.all([ana.page.getByTestId('board-add-note').click(), bo.page.getByTestId('board-add-note').click()]);
    for (const page of [ana.page, bo.page]) await vi.waitFor(async () => expect(await page.getByTestId('board-note').count()).toBe(3), 5000);
    const ANA_TEXT = 'Room 2 asked who pays for translation';
    const BO_TEXT = 'Minutes: one page, within a week';
    // On the phone the plane is drawn too small to type in: the new note opens in the editor above it.
    expect(await ana.page.getByTestId('board-note-editor-text').count()).toBe(1);
    const focusedNote = (page: Page) => page.locator('textarea:focus');
    await Promise.all([focusedNote(ana.page).pressSequentially(ANA_TEXT, { delay: 15 }), focusedNote(bo.page).pressSequentially(BO_TEXT, { delay: 15 })]);
    const all = ['Ask finance first', ANA_TEXT, BO_TEXT].sort();
    for (const page of [fac, ana.page, bo.page, chen.page]) await vi.waitFor(async () => expect(await noteTexts(page)).toEqual(all), 5000);
    // Bo draws a frame by dragging on the plane; Chen sees it with the size Bo drew.
    await bo.page.getByTestId('board-add-frame').click();
    await bo.page.getByTestId('board-draw-hint').waitFor();
    const plane = (await bo.page.getByTestId('board-plane').boundingBox())!;
    const boScale = Number(await bo.page.getByTestId('board-frame').getAttribute('data-scale'));
    await bo.page.mouse.move(plane.x + 40, plane.y + 40);
    await bo.page.mouse.down();
    await bo.page.mouse.move(plane.x + 240, plane.y + 140, { steps: 5 });
    await bo.page.mouse.up();
    await vi.waitFor(async () => expect(await chen.page.getByTestId('board-group-frame').count()).toBe(2), 5000);
    const drawn = chen.page.getByTestId('board-group-frame').filter({ hasNot: chen.page.getByText('Quick wins') });
    expect(Math.abs(Number(await drawn.evaluate((el) => (el as HTMLElement).style.width.replace('px', ''))) - 200 / boScale)).toBeLessThan(2);
    expect(await bo.page.getByTestId('board-draw-layer').count()).toBe(0);
    await screenshot(ana.page, 'board-notes-phone-390', false);
    expect(await seriousViolations(ana.page)).toEqual([]);

    // A drag under way shows on Chen's board with the mover's name, and goes when it ends.
    const publish = clusterOf(fac, PUBLISH);
    await publish.scrollIntoViewIfNeeded();
    const from = (await publish.boundingBox())!;
    await fac.mouse.move(from.x + 40, from.y + 20);
    await fac.mouse.down();
    await fac.mouse.move(from.x + 80, from.y + 40, { steps: 4 });
    await fac.mouse.move(from.x + 140, from.y + 60, { steps: 4 });
    await vi.waitFor(async () => expect(await clusterOf(chen.page, PUBLISH).getByTestId('board-mover').textContent()).toBe('Facilitator moving'), 5000);
    await chen.page.getByTestId('board').scrollIntoViewIfNeeded();
    await screenshot(chen.page, 'board-notes-follower-1280-drag', false);
    await fac.mouse.up();
    await vi.waitFor(async () => expect(await chen.page.getByTestId('board-mover').count()).toBe(0), 5000);
    await screenshot(fac, 'board-notes-facilitator-1366', false);
    expect(await seriousViolations(fac)).toEqual([]);

    // Follow: Chen's view takes the facilitator's zoom and pan; Chen's own zoom turns it off.
    const follow = chen.page.getByTestId('board-follow');
    await follow.click();
    expect(await follow.getAttribute('aria-pressed')).toBe('true');
    await fac.getByTestId('board-zoom-in').click();
    await fac.getByTestId('board-zoom-in').click();
    await fac.getByTestId('board-frame').evaluate((el) => el.scrollTo(el.scrollWidth - el.clientWidth - 40, 200));
    const target = await centreOf(fac);
    expect(target.x).toBeGreaterThan(400);
    await vi.waitFor(async () => {
      const seen = await centreOf(chen.page);
      expect(Math.abs(seen.x - target.x)).toBeLessThan(30);
      expect(Math.abs(seen.y - target.y)).toBeLessThan(30);
    }, 5000);
    await chen.page.getByTestId('board-zoom-out').click();
    expect(await follow.getAttribute('aria-pressed')).toBe('false');
    const mine = await centreOf(chen.page);
    const leaderX = () => chen.page.getByTestId('board-frame').getAttribute('data-leader-x');
    const before = await leaderX();
    await fac.getByTestId('board-frame').evaluate((el) => el.scrollTo(0, 0));
    // No longer following: the facilitator's new view reaches Chen, and Chen's view stays where Chen put it.
    await vi.waitFor(async () => expect(await leaderX()).not.toBe(before), 5000);
    expect(Math.abs((await centreOf(chen.page)).x - mine.x)).toBeLessThan(1);
    // Following again takes the facilitator's view as it is now; Chen's own pan turns it off.
    await follow.click();
    const now = await centreOf(fac);
    await vi.waitFor(async () => expect(Math.abs((await centreOf(chen.page)).x - now.x)).toBeLessThan(30), 5000);
    await chen.page.getByTestId('board-frame').evaluate((el) => el.scrollBy(300, 0));
    await vi.waitFor(async () => expect(await follow.getAttribute('aria-pressed')).toBe('false'), 3000);

    // The keyboard moves a note as it moves a stack; Chen sees it land.
    const first = fac.getByTestId('board-note').filter({ hasText: 'Ask finance first' });
    const x0 = Number(await first.getAttribute('data-x'));
    await first.focus();
    await fac.keyboard.press('ArrowRight');
    await vi.waitFor(async () => expect(Number(await chen.page.getByTestId('board-note').filter({ hasText: 'Ask finance first' }).getAttribute('data-x'))).toBe(x0 + 24), 5000);

    // The list view holds the notes and the frame in the plane's reading order: the frame before the stack it holds ([BN4]).
    await chen.page.getByTestId('board-list-view').click();
    const rows = await chen.page.getByTestId('board-list').locator(':scope > li').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid') + '|' + (e.textContent ?? '').slice(0, 40)));
    expect(rows.filter((r) => r.startsWith('board-list-note|'))).toHaveLength(3);
    const frameRow = rows.findIndex((r) => r.startsWith('board-list-frame|Frame: Quick wins'));
    expect(frameRow).toBeGreaterThanOrEqual(0);
    expect(frameRow).toBeLessThan(rows.findIndex((r) => r.includes(TRANSLATE)));
    expect(await seriousViolations(chen.page)).toEqual([]);

    // The projector shows the notes and the frame, with no controls.
    const screen = await facilitator.context.newPage();
    await screen.setViewportSize({ width: 1920, height: 1080 });
    await screen.goto(`${server.url}/w/${workshop.id}/screen`);
    await vi.waitFor(async () => expect(await noteTexts(screen)).toEqual(all), 10_000);
    expect((await screen.getByTestId('board-group-frame-name').allTextContents()).sort()).toEqual(['', 'Quick wins']);
    expect(await screen.locator('[data-testid="board"] textarea, [data-testid="board"] input, [data-testid="board"] button').count()).toBe(0);
    // The projector follows the facilitator's viewport by itself: zoomed in to it (the facilitator zoomed in
    // twice above), centred where the facilitator looks, and moving when they pan.
    const screenZoom = async () => Number(await screen.getByTestId('board-frame').getAttribute('data-zoom'));
    await fac.getByTestId('board-frame').evaluate((el) => el.scrollTo((el.scrollWidth - el.clientWidth) / 2, (el.scrollHeight - el.clientHeight) / 2));
    const looked = await centreOf(fac);
    await vi.waitFor(async () => {
      const shown = await centreOf(screen);
      expect(await screenZoom()).toBeGreaterThan(1.2);
      expect(Math.abs(shown.x - looked.x)).toBeLessThan(30);
      expect(Math.abs(shown.y - looked.y)).toBeLessThan(30);
    }, 5000);
    expect(await screen.getByTestId('board-frame').getAttribute('data-following')).toBe('true');
    await screenshot(screen, 'board-notes-projector-1920', false);
  }, 150_000);

  it('[BN5] two note-takers type into the same note at the same moment, one at its start and one at its end: both pages and the server end with both people\'s words whole', async () => {
    const server = await startTestServer({ env: { WEB_DIST } });
    const created = await api(server.url, 'POST', '/workshops', { title: 'One note, two writers', rooms: 2, suggestions: [PUBLISH, TRANSLATE] });
    const { workshop, facilitatorToken: f, joinCode } = created.body;
    const base = `/workshops/${workshop.id}`;
    const browser = await launchBrowser();
    const ana = await newPerson(browser, { width: 1366, height: 900 });
    const bo = await newPerson(browser, { width: 1280, height: 860 });
    await joinThroughThePage(ana.page, server.url, joinCode, 'Ana');
    await joinThroughThePage(bo.page, server.url, joinCode, 'Bo');
    await api(server.url, 'POST', `${base}/assignment`, { seed: 'board-text-e2e' }, f);
    await api(server.url, 'POST', `${base}/phase`, { phase: 'breakout' }, f);
    expect((await api(server.url, 'POST', `${base}/phase`, { phase: 'reporting' }, f)).status).toBe(200);
    const people = (await api(server.url, 'GET', base, undefined, f)).body.participants as Array<{ id: string; name: string }>;
    const idOf = (name: string) => people.find((p) => p.name === name)!.id;
    expect((await api(server.url, 'PUT', `${base}/plenary/note-takers`, { participantIds: [idOf('Ana'), idOf('Bo')] }, f)).status).toBe(200);
    for (const p of [ana, bo]) await p.page.waitForURL(/\/plenary$/, { timeout: 10_000 });

    // The facilitator's client puts one note on the board; both note-takers open its text box.
    const board = connectClient(server.wsUrl, boardDocName(workshop.id), f);
    await waitForSync(board.provider);
    await vi.waitFor(() => expect(board.doc.getMap('positions').size).toBeGreaterThan(0), 5000);
    expect(addNote(board.doc, 'note:together1', { x: 40, y: 40 }, 'Agreed:')).toBe(true);
    for (const page of [ana.page, bo.page]) {
      await page.getByTestId('board').scrollIntoViewIfNeeded();
      await vi.waitFor(async () => expect(await page.locator('[data-note="note:together1"]').getAttribute('aria-label')).toBe('Note: Agreed:'), 10_000);
    }
    // Ana zooms in until the note's own text box shows on the plane; Bo, zoomed out, opens it in the editor above it.
    const inPlane = ana.page.locator('[data-note="note:together1"] textarea');
    for (let i = 0; i < 6 && (await inPlane.count()) === 0; i++) await ana.page.getByTestId('board-zoom-in').click();
    await bo.page.locator('[data-note="note:together1"]').click();
    const boxes = new Map([
      [ana.page, inPlane],
      [bo.page, bo.page.getByTestId('board-note-editor-text')],
    ]);
    const box = (page: Page) => boxes.get(page)!;
    for (const page of [ana.page, bo.page]) expect(await box(page).inputValue()).toBe('Agreed:');
    await box(ana.page).click();
    await ana.page.keyboard.press('Control+End');
    await box(bo.page).click();
    await bo.page.keyboard.press('Control+Home');

    // Both type at once, keystrokes interleaved: each one's changes reach the other while they type.
    const ANA = ' ask finance who pays for translation';
    const BO = 'Bo: minutes within a week. ';
    await Promise.all([box(ana.page).pressSequentially(ANA, { delay: 25 }), box(bo.page).pressSequentially(BO, { delay: 30 })]);
    const whole = `${BO}Agreed:${ANA}`;
    for (const page of [ana.page, bo.page]) await vi.waitFor(async () => expect(await box(page).inputValue()).toBe(whole), 5000);
    await vi.waitFor(() => expect(readBoardAnnotations(board.doc).notes.map((n) => n.text)).toEqual([whole]), 5000);
    // What the server keeps: a client connecting now reads both people's words.
    const late = connectClient(server.wsUrl, boardDocName(workshop.id), f);
    await waitForSync(late.provider);
    expect(readBoardAnnotations(late.doc).notes.map((n) => n.text)).toEqual([whole]);
    // Each caret stayed where its person typed: one more keystroke each lands after their own words.
    await box(ana.page).press('!');
    await box(bo.page).press('>');
    await vi.waitFor(() => expect(readBoardAnnotations(late.doc).notes[0]!.text).toBe(`${BO}>Agreed:${ANA}!`), 5000);
    await screenshot(ana.page, 'board-text-two-writers-1366', false);
    for (const c of [board, late]) c.provider.destroy();
  }, 120_000);
});
