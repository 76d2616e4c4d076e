import type { Page } from 'playwright-core';
import { DEFAULT_TEMPLATE } from '@roomtable/core';
import { cell, singleClick, waitForEditableTable } from '../roomPeople';
import type { SeededRandom } from '../seededRandom';
import { MARKER, marker, type CellRef, type TortureEvent } from './oracle';
import { notedRow, noteRowOnClick, pageTableSnapshot, pasteIntoEditor, selectedCells, selectedTextCellsOfCellSelection } from './tableSnapshot';

/** Every action a torture person performs; each seed's sequences cover them evenly. */
export const TORTURE_ACTIONS = [
  'type',
  'ctrlA',
  'shiftClick',
  'delete',
  'backspaceStart',
  'enter',
  'pasteHtml',
  'pasteLines',
  'pasteTsv',
  'rate',
  'addRow',
  'removeRow',
  'undo',
  'redo',
  'reload',
] as const;
export type TortureAction = (typeof TORTURE_ACTIONS)[number];

const COLUMNS = DEFAULT_TEMPLATE.columns;
const TEXT_COLUMNS = COLUMNS.filter((c) => c.kind === 'text').map((c) => c.key);
const RATING_GROUPS = COLUMNS.filter((c) => c.kind === 'rating').map((c) => c.label.replace(/ H\/M\/L$/, ''));
const SHORT = { timeout: 2_000 };
/**
 * The toolbar's buttons never go away, so a click on one that takes long is a slow page, not a
 * table that moved: on a loaded machine (a full check, or two torture runs at once) clicks ran
 * out of 2 s and failed seeds on that alone (main: add-row, remove-row; fuzz2: add-row, undo).
 * A click that is truly blocked still fails, after 10 s.
 */
const TOOLBAR = { timeout: 10_000 };

/** One person of a torture run: their page, their letter for markers, and the shared record. */
export interface TorturePerson {
  name: string;
  letter: string;
  page: Page;
  rng: SeededRandom;
  events: TortureEvent[];
  /** Numbers this person's markers. */
  typed: number;
}

/** Why an action was not performed (the table moved under the mouse, a row vanished): not a failure. */
export class Skipped extends Error {}

const now = () => performance.now();

function nextMarker(p: TorturePerson): string {
  p.typed += 1;
  return marker(p.letter, p.typed);
}

/** Where a caret was put: the cell (by row id) and the row's index and column on the page then. */
type Placed = CellRef & { index: number };

/** Clicks the start of a random text cell and checks the caret landed there; the cell it is in. */
async function placeCaret(p: TorturePerson, column: string = p.rng.pick(TEXT_COLUMNS)): Promise<Placed> {
  const rows = await p.page.getByTestId('row').count();
  if (rows === 0) throw new Skipped('no rows');
  const index = p.rng.int(0, rows - 1);
  const target = cell(p.page, index, column);
  for (let attempt = 0; attempt < 3; attempt++) {
    const box = await target
      .locator('p')
      .first()
      .boundingBox(SHORT)
      .catch(() => null);
    if (!box) throw new Skipped('the row went away');
    await singleClick(p.page, box.x + 2, box.y + Math.min(box.height / 2, 8));
    const landed = await target
      .evaluate((td) => {
        const s = document.getSelection();
        return !!s?.anchorNode && td.contains(s.anchorNode);
      }, undefined, SHORT)
      .catch(() => false);
    if (landed) {
      await p.page.keyboard.press('Home');
      const [at] = await selectedCells(p.page);
      if (at) return { ...at, index };
    }
  }
  throw new Skipped('the table kept moving under the mouse');
}

/**
 * Types `text` key by key, as `keyboard.type` does; when its first key had returned. Typing over a
 * selection clears it with that first key, so that is the time of the clear, not the end of the
 * word: on a loaded machine a marker takes seconds to type, and a clear stamped at its end fell
 * outside the typing of a marker it had cut (rule O1 then reported the cut marker's rest as broken).
 */
async function typeKeys(page: Page, text: string, delay: number): Promise<number> {
  await page.keyboard.type(text.slice(0, 1), { delay });
  const firstKey = now();
  await page.keyboard.type(text.slice(1), { delay });
  return firstKey;
}

/** Types a marker (and a space) where the caret is, and records it in `cellRef`; when its first key had returned. */
async function typeMarker(p: TorturePerson, action: number, cellRef?: CellRef): Promise<number> {
  const m = nextMarker(p);
  const at = now();
  const where = cellRef ?? (await selectedCells(p.page))[0];
  const firstKey = await typeKeys(p.page, `${m} `, p.rng.int(0, 25));
  if (!where) throw new Error(`${p.name} typed ${m} with the caret in no cell`);
  p.events.push({ kind: 'marker', person: p.name, marker: m, cell: { row: where.row, column: where.column }, at, until: now(), action });
  return firstKey;
}

/** This person's markers as their page shows the table. */
async function ownMarkers(p: TorturePerson): Promise<string[]> {
  const table = await pageTableSnapshot(p.page);
  const all = table.rows.flatMap((r) => r.cells.join(' ').match(MARKER) ?? []);
  return all.filter((m) => m.startsWith(`{${p.letter}`));
}

const selectionKind = (page: Page) =>
  page.evaluate(() => {
    const editor = (document.querySelector('[data-testid="room-table"]') as any).editor;
    const s = editor.state.selection;
    return typeof s.forEachCell === 'function' ? 'cells' : JSON.stringify(s.toJSON());
  });

/** Performs one action of `p`; `action` numbers it among this person's actions. */
export async function perform(p: TorturePerson, kind: TortureAction, action: number): Promise<void> {
  const { page, rng } = p;
  switch (kind) {
    case 'type': {
      await typeMarker(p, action, await placeCaret(p));
      return;
    }
    case 'ctrlA':
    case 'delete': {
      await placeCaret(p);
      await page.keyboard.press('Control+A');
      const cells = await selectedCells(page);
      // The first key typed over the selected text clears it (see typeKeys).
      let clearedAt: number;
      if (kind === 'ctrlA') clearedAt = await typeMarker(p, action, cells[0]);
      else {
        await page.keyboard.press('Delete');
        clearedAt = now();
      }
      p.events.push({ kind: 'clear', person: p.name, cells, at: clearedAt, action });
      return;
    }
    case 'shiftClick': {
      const start = await placeCaret(p);
      const rows = await page.getByTestId('row').count();
      // Another cell than the caret's: another row, or the same row's next text column.
      const index = rng.int(0, rows - 1);
      const others = TEXT_COLUMNS.filter((c) => index !== start.index || c !== start.column);
      const other = cell(page, index, rng.pick(others));
      const box = await other.boundingBox(SHORT).catch(() => null);
      if (!box) throw new Skipped('the row went away');
      await page.keyboard.down('Shift');
      await page.mouse.click(box.x + box.width / 2, box.y + Math.min(box.height / 2, 8));
      await page.keyboard.up('Shift');
      // A shift+click inside the caret's own cell selects text, which the oracle cannot follow.
      const kindNow = await selectionKind(page);
      if (kindNow !== 'cells') throw new Skipped(`the shift+click made no cell selection ${kindNow} ${JSON.stringify(start)} ${index}`);
      // Read in one turn of the page, and only a selection of cells whose shift+click landed in a
      // text cell: a row removed meanwhile moves the table under the mouse, and a rating the click
      // lands on takes the keyboard (RatingView), so the marker typed next goes nowhere in the
      // table. A branch run of seed 2 recorded {B6} as typed in an "effort" rating cell and
      // reported it lost; that is the likely shape (the page's selection was not logged).
      const cells = await selectedTextCellsOfCellSelection(page);
      if (!cells || cells.length === 0) throw new Skipped('the shift+click landed on a rating');
      const key = rng.pick(['Delete', 'Backspace', 'type'] as const);
      let clearedAt: number;
      if (key === 'type') {
        const m = nextMarker(p);
        const at = now();
        // The first key clears the selected cells (see typeKeys).
        clearedAt = await typeKeys(page, `${m} `, rng.int(0, 25));
        // The marker is typed into the first selected text cell (typeOverCells), where its first
        // key went: the caret after the last key is elsewhere when that cell's row was removed
        // meanwhile (seed 14: "{C" went with row 2:160, "10} " into the row below, where the
        // marker was recorded, so its loss with its row was reported as nothing taking it away).
        const where = cells[0]!;
        p.events.push({ kind: 'marker', person: p.name, marker: m, cell: where, at, until: now(), action });
      } else {
        await page.keyboard.press(key);
        clearedAt = now();
      }
      p.events.push({ kind: 'clear', person: p.name, cells, at: clearedAt, action });
      return;
    }
    case 'backspaceStart': {
      await placeCaret(p);
      await page.keyboard.press('Backspace');
      return;
    }
    case 'enter': {
      const at = await placeCaret(p);
      await page.keyboard.press('Enter');
      // The caret stays at the start of the line's text, now the cell's second line.
      await typeMarker(p, action, at);
      return;
    }
    case 'pasteHtml':
    case 'pasteLines': {
      await placeCaret(p);
      const markers = [nextMarker(p), nextMarker(p)];
      const text = markers.join('\n');
      const html = kind === 'pasteHtml' ? `<ul><li>${markers[0]}</li><li><b>${markers[1]}</b></li></ul>` : undefined;
      const at = now();
      const pasted = await pasteIntoEditor(page, { text, ...(html ? { html } : {}) });
      if (!pasted.cell) throw new Error(`${p.name} pasted with the caret in no cell`);
      for (const m of markers) p.events.push({ kind: 'marker', person: p.name, marker: m, cell: pasted.cell, at, action });
      return;
    }
    case 'pasteTsv': {
      const start = await placeCaret(p);
      const from = COLUMNS.findIndex((c) => c.key === start.column);
      const lines = rng.int(1, 2);
      const block = Array.from({ length: lines }, () =>
        COLUMNS.slice(from).map((c) => (c.kind === 'text' ? nextMarker(p) : rng.pick(['H', 'M', 'L']))),
      );
      const at = now();
      const pasted = await pasteIntoEditor(page, { text: block.map((l) => l.join('\t')).join('\n') });
      const cells: CellRef[] = [];
      block.forEach((fields, i) => {
        const row = pasted.rowsFrom[i] ?? `missing row ${i} after ${pasted.cell?.row}`;
        fields.forEach((field, j) => {
          const column = COLUMNS[from + j]!;
          if (column.kind !== 'text') return;
          cells.push({ row, column: column.key });
          p.events.push({ kind: 'marker', person: p.name, marker: field, cell: { row, column: column.key }, at, action });
        });
      });
      p.events.push({ kind: 'clear', person: p.name, cells, at: now(), action });
      return;
    }
    case 'rate': {
      const rows = await page.getByTestId('row').count();
      const radio = page
        .getByTestId('row')
        .nth(rng.int(0, rows - 1))
        .getByRole('radiogroup', { name: rng.pick(RATING_GROUPS) })
        .getByRole('radio', { name: rng.pick(['H', 'M', 'L']), exact: true });
      await radio.click(SHORT).catch(() => {
        throw new Skipped('the rating went away');
      });
      return;
    }
    case 'addRow':
      await page.getByTestId('add-row').click(TOOLBAR);
      return;
    case 'removeRow': {
      if ((await page.getByTestId('row').count()) <= 1) throw new Skipped('only one row left');
      const at = await placeCaret(p);
      // The row the command removes is the caret's at the click (see noteRowOnClick).
      await noteRowOnClick(page, 'remove-row');
      await page.getByTestId('remove-row').click(TOOLBAR);
      const row = (await notedRow(page)) ?? at.row;
      // A row with content asks first; an empty one goes at once.
      await page
        .getByTestId('confirm-remove-row')
        .click({ timeout: 1_000 })
        .catch(() => {});
      p.events.push({ kind: 'removeRow', person: p.name, row, at: now() });
      return;
    }
    case 'undo':
    case 'redo': {
      // What an undo took away is seen on the person's own page, where it happens at once.
      const before = kind === 'undo' ? await ownMarkers(p) : [];
      // The button is aria-disabled with nothing to undo; a person may click it all the same.
      if (rng.chance(0.5)) await page.getByTestId(kind).click({ ...TOOLBAR, force: true });
      else await page.keyboard.press(kind === 'undo' ? 'Control+Z' : 'Control+Shift+Z');
      if (kind === 'redo') p.events.push({ kind, person: p.name, at: now() });
      else {
        const after = new Set(await ownMarkers(p));
        p.events.push({ kind, person: p.name, at: now(), removed: before.filter((m) => !after.has(m)) });
      }
      return;
    }
    case 'reload':
      await page.reload();
      // A reload in the middle of three people's storm, on a machine running the whole suite, once
      // took more than 10 s to become editable again (seed 14 in a full check); the other people
      // go on meanwhile, and the page is compared with the server only after it has synced.
      await waitForEditableTable(page, 30_000);
      return;
  }
}
