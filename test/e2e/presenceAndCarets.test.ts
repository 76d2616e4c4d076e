import { describe, expect, it, vi } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { api, createWorkshopWith } from '../helpers/api';
import { launchBrowser, newPerson, screenshot, WEB_DIST } from '../helpers/browser';
import { joinThroughThePage } from '../helpers/joinThroughThePage';
import { cell, clickCellStart, waitForEditableTable } from '../helpers/roomPeople';
import { startTestServer } from '../helpers/testServer';

// Presence that tells the truth and carets that never cover text (issue 15): the server writes the
// participant id into each awareness state's `user` [SY17]; pages list one entry per person and
// draw no caret for their own other tabs.

const LAPTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };

/** The presence list as the page shows it: one string per entry. */
const presence = (page: Page) =>
  page.getByTestId('presence').locator('li').evaluateAll((items) => items.map((li) => (li.textContent ?? '').replace(/\s+/g, ' ').trim()));

/** Names on the remote caret labels the page draws. */
const caretNames = (page: Page) =>
  page.locator('[data-testid="remote-caret"] .collaboration-carets__label').evaluateAll((labels) => labels.map((l) => l.textContent ?? ''));

/** Leaves a participant's session in a context's storage, as the join page (or a personal link) does. */
async function holdSeat(context: BrowserContext, baseUrl: string, workshopId: string, participant: { id: string; token: string }): Promise<Page> {
  const page = await context.newPage();
  await page.goto(baseUrl);
  await page.evaluate(
    ([id, token, pid]) => localStorage.setItem(`roomtable:${id}`, JSON.stringify({ token, role: 'participant', participantId: pid })),
    [workshopId, participant.token, participant.id] as const,
  );
  await page.goto(`${baseUrl}/w/${workshopId}`);
  await waitForEditableTable(page);
  return page;
}

describe('presence and carets in the browser', () => {
  it('[SY17] one person in two tabs, a phone and a reload is listed once, with no ghost caret of their own; a closed context is gone within seconds', async () => {
    const server = await startTestServer({ env: { WEB_DIST } });
    const browser = await launchBrowser();
    const w = await createWorkshopWith(server.url, ['Ana', 'Bo', 'Ana'], { rooms: 1, suggestions: ['Publish the minutes', 'Rotate the chair', 'Hold a yearly survey'] });
    const [ana, bo, otherAna] = w.participants as [(typeof w.participants)[0], (typeof w.participants)[0], (typeof w.participants)[0]];
    expect((await api(server.url, 'POST', `/workshops/${w.workshopId}/phase`, { phase: 'breakout' }, w.facilitatorToken)).status).toBe(200);

    const laptop = await newPerson(browser, LAPTOP);
    await laptop.page.close();
    const tab1 = await holdSeat(laptop.context, server.url, w.workshopId, ana);
    const tab2 = await holdSeat(laptop.context, server.url, w.workshopId, ana);
    const phone = await newPerson(browser, PHONE);
    await phone.page.close();
    const anaPhone = await holdSeat(phone.context, server.url, w.workshopId, ana);
    const boPerson = await newPerson(browser, LAPTOP);
    await boPerson.page.close();
    const boPage = await holdSeat(boPerson.context, server.url, w.workshopId, bo);
    // Ana's carets in two of her tabs and on her phone, in different cells.
    await clickCellStart(tab1, 0, 'suggestion');
    await clickCellStart(tab2, 1, 'suggestion');
    await clickCellStart(anaPhone, 2, 'suggestion');
    await clickCellStart(boPage, 0, 'benefit');

    // Bo sees Ana once, though three of her connections show carets.
    await vi.waitFor(async () => expect(await caretNames(boPage)).toEqual(['Ana', 'Ana', 'Ana']), 5000);
    expect(await presence(boPage)).toEqual(['Bo (you)', 'Ana']);
    // Ana's tab sees Bo's caret, none of her own other tabs', and herself once.
    await vi.waitFor(async () => expect(await caretNames(tab1)).toEqual(['Bo']), 5000);
    expect(await presence(tab1)).toEqual(['Ana (you)', 'Bo']);
    expect(await tab1.locator('.collaboration-carets__caret--mine').count()).toBe(2);

    // Another person who is also called Ana is somebody else: listed as such.
    const second = await newPerson(browser, LAPTOP);
    await second.page.close();
    await holdSeat(second.context, server.url, w.workshopId, otherAna);
    await vi.waitFor(async () => expect(await presence(boPage)).toEqual(['Bo (you)', 'Ana', 'Ana']), 5000);
    await second.context.close();
    await vi.waitFor(async () => expect(await presence(boPage)).toEqual(['Bo (you)', 'Ana']), 5000);

    // Reloads: Bo's list never shows Ana twice, while her old connection closes and the new one comes.
    for (let i = 0; i < 3; i++) {
      const seen: string[][] = [];
      let watching = true;
      const watch = (async () => {
        while (watching) {
          seen.push(await presence(boPage));
          await new Promise((r) => setTimeout(r, 25));
        }
      })();
      await tab1.reload();
      await waitForEditableTable(tab1);
      await clickCellStart(tab1, 0, 'suggestion');
      await vi.waitFor(async () => expect(await caretNames(boPage)).toHaveLength(3), 5000);
      watching = false;
      await watch;
      // Sampled while the page went away and came back (a fast reload leaves time for only a few).
      expect(seen.length).toBeGreaterThan(1);
      for (const list of seen) expect(list.filter((entry) => entry === 'Ana')).toHaveLength(1);
      // After the reload the page lists itself once and draws no caret named Ana.
      expect(await presence(tab1)).toEqual(['Ana (you)', 'Bo']);
      expect(await caretNames(tab1)).toEqual(['Bo']);
    }
    await screenshot(tab1, 'presence-after-reload-1366');
    await screenshot(anaPhone, 'presence-phone-390');

    // Ana closes her phone: she is still there (her laptop). Then the laptop: gone within seconds.
    await phone.context.close();
    await vi.waitFor(async () => expect(await caretNames(boPage)).toEqual(['Ana', 'Ana']), 5000);
    expect(await presence(boPage)).toEqual(['Bo (you)', 'Ana']);
    const closedAt = Date.now();
    await laptop.context.close();
    await vi.waitFor(async () => expect(await presence(boPage)).toEqual(['Bo (you)']), 5_000);
    expect(Date.now() - closedAt).toBeLessThan(5_000);
    expect(await caretNames(boPage)).toEqual([]);
  });

  it('[SY17] co-facilitators are two entries, the invited one named by their link\'s label in a colour of their own; a facilitator\'s own second tab draws no caret', async () => {
    const server = await startTestServer({ env: { WEB_DIST } });
    const browser = await launchBrowser();
    const w = await createWorkshopWith(server.url, ['Ana'], { rooms: 1, suggestions: ['Publish the minutes', 'Rotate the chair', 'Hold a yearly survey'] });
    expect((await api(server.url, 'POST', `/workshops/${w.workshopId}/phase`, { phase: 'breakout' }, w.facilitatorToken)).status).toBe(200);
    const invited = await api(server.url, 'POST', `/workshops/${w.workshopId}/facilitators`, { label: 'Bo (co-facilitator)' }, w.facilitatorToken);
    expect(invited.status).toBe(201);
    const asFacilitator = async (context: BrowserContext, token: string) => {
      const page = await context.newPage();
      await page.goto(server.url);
      await page.evaluate(
        ([id, t]) => localStorage.setItem(`roomtable:${id}`, JSON.stringify({ token: t, role: 'facilitator', participantId: null })),
        [w.workshopId, token] as const,
      );
      await page.goto(`${server.url}/w/${w.workshopId}/room/1`);
      await waitForEditableTable(page);
      return page;
    };
    const owner = await newPerson(browser, LAPTOP);
    await owner.page.close();
    const ownerTab1 = await asFacilitator(owner.context, w.facilitatorToken);
    const ownerTab2 = await asFacilitator(owner.context, w.facilitatorToken);
    const co = await newPerson(browser, PHONE);
    await co.page.close();
    const coPage = await asFacilitator(co.context, invited.body.token);
    const ana = await newPerson(browser, LAPTOP);
    await ana.page.close();
    const anaPage = await holdSeat(ana.context, server.url, w.workshopId, w.participants[0]!);
    await clickCellStart(ownerTab1, 0, 'suggestion');
    await clickCellStart(ownerTab2, 1, 'suggestion');
    await clickCellStart(coPage, 2, 'suggestion');
    await clickCellStart(anaPage, 0, 'benefit');

    // The co-facilitator is named by their link's label, and drawn in another colour than the owner.
    const bo = 'Facilitator · Bo (co-facilitator)';
    await vi.waitFor(async () => expect((await caretNames(anaPage)).sort()).toEqual(['Facilitator', 'Facilitator', bo]), 5000);
    expect(await presence(anaPage)).toEqual(['Ana (you)', 'Facilitator', bo]);
    const colours = await anaPage.evaluate(() =>
      Object.fromEntries([...document.querySelectorAll<HTMLElement>('.collaboration-carets__label')].map((l) => [l.textContent, getComputedStyle(l).backgroundColor])),
    );
    expect(colours['Facilitator']).not.toBe(colours[bo]);
    // The owner's tab draws the co-facilitator's caret and Ana's, not its own other tab's.
    await vi.waitFor(async () => expect((await caretNames(ownerTab1)).sort()).toEqual(['Ana', bo]), 5000);
    expect(await ownerTab1.locator('.collaboration-carets__caret--mine').count()).toBe(1);
    expect(await presence(ownerTab1)).toEqual(['Facilitator (you)', 'Ana', bo]);
    expect(await presence(coPage)).toEqual([`${bo} (you)`, 'Ana', 'Facilitator']);
    await screenshot(ownerTab1, 'presence-facilitators-1366');
    await co.context.close();
    await vi.waitFor(async () => expect(await presence(anaPage)).toEqual(['Ana (you)', 'Facilitator']), 5_000);
  });

  it('remote caret labels never cover a cell’s text or a rating’s H/M/L buttons, at 1366 and 390 wide', async () => {
    const server = await startTestServer({ env: { WEB_DIST } });
    const browser = await launchBrowser();
    const w = await createWorkshopWith(server.url, [], { rooms: 1, suggestions: ['Publish the minutes within a week', 'Rotate the chair'] });
    expect((await api(server.url, 'POST', `/workshops/${w.workshopId}/phase`, { phase: 'breakout' }, w.facilitatorToken)).status).toBe(200);
    for (const [label, size] of [['1366', LAPTOP], ['390', PHONE]] as const) {
      const viewer = await newPerson(browser, size);
      await joinThroughThePage(viewer.page, server.url, w.joinCode, `Viewer ${label}`);
      await waitForEditableTable(viewer.page);
      const writers: Page[] = [];
      const contexts = [viewer.context];
      // Three people whose carets sit in a text cell of the first row, and in the second row's
      // first cell and the cell between its two ratings (a caret never sits in a rating cell:
      // choosing H/M/L takes the focus out of the text, so y-tiptap draws no caret for it).
      for (const name of ['Bartholomew Longname', 'Chen', 'Dede']) {
        const person = await newPerson(browser, LAPTOP);
        await joinThroughThePage(person.page, server.url, w.joinCode, `${name} ${label}`);
        await waitForEditableTable(person.page);
        writers.push(person.page);
        contexts.push(person.context);
      }
      const [b, c, d] = writers as [Page, Page, Page];
      await clickCellStart(b, 0, 'benefit');
      await b.keyboard.type('Because the members asked for it');
      await clickCellStart(c, 1, 'needed');
      await clickCellStart(d, 1, 'suggestion');
      await vi.waitFor(async () => expect(await caretNames(viewer.page)).toHaveLength(3), 5000);
      await vi.waitFor(async () => expect(await cell(viewer.page, 0, 'benefit').textContent()).toContain('Because the members'), 5000);

      const overlaps = await viewer.page.evaluate(() => {
        const table = document.querySelector('[data-testid="room-table"]')!;
        const labels = [...table.querySelectorAll<HTMLElement>('.collaboration-carets__label')];
        // Let the check below hit the labels: they take no clicks (pointer-events: none), which
        // would otherwise make elementFromPoint look through them even where they cover text.
        for (const l of labels) l.style.pointerEvents = 'auto';
        const labelRects = labels.map((l) => l.getBoundingClientRect());
        const targets: Array<{ what: string; rect: DOMRect; owner: Element }> = [];
        const walker = document.createTreeWalker(table, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const parent = node.parentElement!;
          // Not shown as text: a caret's own label, a heading's stored English (clipped to 1 px; the
          // heading shows its translation, measured below), a rating's letters (the buttons, below).
          if (parent.closest('.collaboration-carets__caret, .localized-source, .segment') || !node.textContent?.trim()) continue;
          const range = document.createRange();
          range.selectNodeContents(node);
          for (const rect of range.getClientRects()) targets.push({ what: `text “${node.textContent.trim().slice(0, 30)}”`, rect, owner: parent });
        }
        // A heading's text is drawn from its data-label (::before), which no range measures: its content box.
        for (const th of table.querySelectorAll<HTMLElement>('th')) {
          const box = th.getBoundingClientRect();
          const style = getComputedStyle(th);
          const [top, right, bottom, left] = [style.paddingTop, style.paddingRight, style.paddingBottom, style.paddingLeft].map(parseFloat) as [number, number, number, number];
          const rect = new DOMRect(box.left + left, box.top + top, box.width - left - right, box.height - top - bottom);
          targets.push({ what: `heading “${th.textContent?.trim().slice(0, 30)}”`, rect, owner: th });
        }
        for (const segment of table.querySelectorAll('.segment')) {
          targets.push({ what: `button ${segment.textContent}`, rect: segment.getBoundingClientRect(), owner: segment });
        }
        const problems: string[] = [];
        for (const t of targets) {
          for (const [i, r] of labelRects.entries()) {
            const overlap = Math.min(r.right, t.rect.right) - Math.max(r.left, t.rect.left) > 0.5 && Math.min(r.bottom, t.rect.bottom) - Math.max(r.top, t.rect.top) > 0.5;
            if (overlap) problems.push(`label ${labels[i]!.textContent} covers ${t.what}`);
          }
          const x = t.rect.left + t.rect.width / 2;
          const y = t.rect.top + t.rect.height / 2;
          const hit = document.elementFromPoint(x, y);
          if (hit && !t.owner.contains(hit) && !hit.contains(t.owner)) problems.push(`at the middle of ${t.what} the page finds ${hit.className || hit.tagName}`);
        }
        for (const l of labels) l.style.pointerEvents = '';
        return { problems, targets: targets.length, labels: labels.length };
      });
      expect(overlaps.labels).toBe(3);
      expect(overlaps.targets).toBeGreaterThan(10);
      expect(overlaps.problems).toEqual([]);
      // The caret bar itself stays visible.
      const bar = await viewer.page.locator('[data-testid="remote-caret"]').first().evaluate((el) => {
        const style = getComputedStyle(el);
        return { display: style.display, visibility: style.visibility, border: style.borderInlineStartWidth };
      });
      expect(bar).toEqual({ display: 'inline', visibility: 'visible', border: '1px' });
      await viewer.page.getByTestId('room-table').scrollIntoViewIfNeeded();
      await screenshot(viewer.page, `carets-${label}`);
      for (const context of contexts) await context.close();
    }
  });
});
