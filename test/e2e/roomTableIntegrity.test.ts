import { describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import * as Y from 'yjs';
import { DEFAULT_TEMPLATE, readRows } from '@roomtable/core';
import { launchBrowser, screenshot, WEB_DIST } from '../helpers/browser';
import { cell, clickCellStart, openRoomWith, tableTexts } from '../helpers/roomPeople';
import { startTestServer } from '../helpers/testServer';

const HEADERS = DEFAULT_TEMPLATE.columns.map((c) => c.label);

/** The table as the page shows it must be header + `rows` body rows of the template's five columns. */
async function expectSkeleton(page: Page, rows: number) {
  const texts = await tableTexts(page);
  expect(texts[0]).toEqual(HEADERS);
  expect(texts).toHaveLength(rows + 1);
  for (const row of texts.slice(1)) {
    expect(row).toHaveLength(DEFAULT_TEMPLATE.columns.length);
    expect(row[2]).toMatch(/^rating:/);
    expect(row[4]).toMatch(/^rating:/);
  }
}

const ratingRadio = (page: Page, row: number, group: string, value: string) =>
  page.getByTestId('row').nth(row).getByRole('radiogroup', { name: group }).getByRole('radio', { name: value, exact: true });

describe('the room table keeps its skeleton and everybody’s text (issue 12, symptoms 1–4)', () => {
  it('[TE5] [TE1] Ctrl+A then typing replaces only the current cell’s text, never the table', async () => {
    const server = await startTestServer({ env: { WEB_DIST } });
    const browser = await launchBrowser();
    const room = await openRoomWith(browser, server, ['Ana', 'Bo'], { suggestions: ['First idea', 'Second idea'] });
    const [ana, bo] = room.people.map((p) => p.page) as [Page, Page];
    await cell(ana, 1, 'benefit').click();
    await ana.keyboard.type('Kept');
    await cell(ana, 0, 'suggestion').click();
    await ana.keyboard.press('Control+A');
    await ana.keyboard.type('Replaced');
    for (const page of [ana, bo]) {
      await vi.waitFor(async () => {
        const texts = await tableTexts(page);
        expect(texts[1]?.[0], JSON.stringify(texts)).toBe('Replaced');
        expect(texts[2]?.[0]).toBe('Second idea');
        expect(texts[2]?.[1]).toBe('Kept');
      }, 5000);
      await expectSkeleton(page, 2);
    }
    // Delete after Ctrl+A empties the cell and leaves it in place.
    await ana.keyboard.press('Control+A');
    await ana.keyboard.press('Delete');
    await vi.waitFor(async () => expect((await tableTexts(bo))[1]?.[0]).toBe(''), 5000);
    await expectSkeleton(bo, 2);
  });

  it('[TE2] headings cannot be edited, by clicking them or by tabbing into the table from the toolbar', async () => {
    const server = await startTestServer({ env: { WEB_DIST } });
    const browser = await launchBrowser();
    const room = await openRoomWith(browser, server, ['Ana', 'Bo']);
    const [ana, bo] = room.people.map((p) => p.page) as [Page, Page];
    // A click into a heading places no caret there: typing goes nowhere near the heading.
    await ana.locator('th[data-column="benefit"]').click();
    await ana.keyboard.type('Renamed');
    await ana.keyboard.press('Backspace');
    // Tab from the toolbar's last control enters the table in its first body cell.
    await ana.getByTestId('redo').focus();
    await ana.keyboard.press('Tab');
    await ana.keyboard.type('Typed after Tab');
    for (const page of [ana, bo]) {
      await vi.waitFor(async () => {
        const texts = await tableTexts(page);
        expect(texts.slice(1).flat().join('|'), JSON.stringify(texts)).toContain('Typed after Tab');
      }, 5000);
      await expectSkeleton(page, 1);
    }
    const stored = await server.documents.withDocument(room.docName, (doc) => readRows(doc, DEFAULT_TEMPLATE));
    expect(stored).toHaveLength(1);
    const headers = await server.documents.withDocument(room.docName, (doc) =>
      ((doc.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlElement).toArray().map((c) => (c as Y.XmlElement).toString()),
    );
    expect(headers.join('')).not.toContain('Renamed');
    expect(headers.join('')).not.toContain('Typed');
  });

  it('[TE10] [TE3] clicking a rating, then a text cell, then typing never replaces the rating while someone else types', async () => {
    const server = await startTestServer({ env: { WEB_DIST } });
    const browser = await launchBrowser();
    const room = await openRoomWith(browser, server, ['Ana', 'Bo'], { suggestions: ['One', 'Two'] });
    const [ana, bo] = room.people.map((p) => p.page) as [Page, Page];
    await clickCellStart(bo, 0, 'needed');
    let typing = true;
    const steady = (async () => {
      while (typing) await bo.keyboard.type('bo ', { delay: 15 });
    })();
    try {
      for (let i = 0; i < 6; i++) {
        const value = (['H', 'M', 'L'] as const)[i % 3]!;
        await ratingRadio(ana, 1, 'Impact', value).click();
        await clickCellStart(ana, 1, 'benefit');
        await ana.keyboard.type(`a${i} `);
        const texts = await tableTexts(ana);
        expect(texts[2]?.[2], JSON.stringify(texts)).toBe(`rating:${value}`);
      }
    } finally {
      typing = false;
      await steady;
    }
    for (const page of [ana, bo]) {
      await vi.waitFor(async () => {
        const texts = await tableTexts(page);
        expect(texts[2]?.[2]).toBe('rating:L');
        // Each word exactly once in the whole table, and in the cell it was typed in.
        const words = texts.slice(1).flat().join(' ').split(/\s+/).filter((w) => /^a\d$/.test(w));
        expect(words.sort(), JSON.stringify(texts)).toEqual(['a0', 'a1', 'a2', 'a3', 'a4', 'a5']);
        expect(texts[2]?.[1]?.split(' ').filter(Boolean).sort()).toEqual(['a0', 'a1', 'a2', 'a3', 'a4', 'a5']);
        expect(texts[1]?.[3]?.replaceAll('bo ', '')).toBe('');
      }, 5000);
      await expectSkeleton(page, 2);
    }
  });

  it('[TE11] two people typing in the same empty cell at the same moment keep both runs whole and in order', async () => {
    const server = await startTestServer({ env: { WEB_DIST } });
    const browser = await launchBrowser();
    const room = await openRoomWith(browser, server, ['Ana', 'Bo']);
    const [ana, bo] = room.people.map((p) => p.page) as [Page, Page];
    const rounds: Array<[string, string]> = [];
    for (let i = 0; i < 5; i++) {
      const column = i % 2 === 0 ? 'benefit' : 'needed';
      if (i > 0 && i % 2 === 0) {
        // A fresh empty row for each further pair of rounds.
        await ana.getByTestId('add-row').click();
        await vi.waitFor(async () => expect(await bo.getByTestId('row').count()).toBe(i / 2 + 1), 5000);
      }
      const row = Math.floor(i / 2);
      await Promise.all([clickCellStart(ana, row, column), clickCellStart(bo, row, column)]);
      const a = `Alpha${i} words here.`;
      const z = `Zulu${i} text there.`;
      await Promise.all([ana.keyboard.type(a, { delay: 5 }), bo.keyboard.type(z, { delay: 5 })]);
      rounds.push([a, z]);
      for (const page of [ana, bo]) {
        await vi.waitFor(async () => {
          const text = (await tableTexts(page))[row + 1]?.[DEFAULT_TEMPLATE.columns.findIndex((c) => c.key === column)];
          expect([a + z, z + a], JSON.stringify(await tableTexts(page))).toContain(text);
        }, 5000);
      }
    }
    await expectSkeleton(ana, 3);
    await screenshot(ana, 'integrity-same-cell');
  });

  it('[TE10] typing at the start of a cell while someone undoes their own word there keeps my first letter in front (torture seed 1)', async () => {
    const server = await startTestServer({ env: { WEB_DIST } });
    const browser = await launchBrowser();
    const room = await openRoomWith(browser, server, ['Ana', 'Cy'], { suggestions: ['One'] });
    const [ana, cy] = room.people.map((p) => p.page) as [Page, Page];
    const words: string[] = [];
    for (let i = 0; i < 6; i++) {
      await clickCellStart(cy, 0, 'needed');
      await cy.keyboard.type(`{C${i}} `);
      await vi.waitFor(async () => expect((await tableTexts(ana))[1]?.[3]).toContain(`{C${i}} `), 5000);
      // Ana starts her word with the same letter as Cy's, in front of it; Cy takes his back.
      await clickCellStart(ana, 0, 'needed');
      await ana.keyboard.type('{');
      await cy.keyboard.press('Control+Z');
      await vi.waitFor(async () => expect((await tableTexts(ana))[1]?.[3]).not.toContain(`C${i}`), 5000);
      await ana.keyboard.type(`A${i}} `);
      words.unshift(`{A${i}} `);
      for (const page of [ana, cy]) await vi.waitFor(async () => expect((await tableTexts(page))[1]?.[3]).toBe(words.join('')), 5000);
    }
  });
});
