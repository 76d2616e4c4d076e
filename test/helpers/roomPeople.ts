import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect, vi } from 'vitest';
import { api } from './api';
import { newPerson } from './browser';
import { joinThroughThePage } from './joinThroughThePage';
import { startBreakout } from './startBreakout';
import type { TestServer } from './testServer';

/** One person in a room: their browser context, their page, and what went wrong in it. */
export interface RoomPerson {
  name: string;
  context: BrowserContext;
  page: Page;
  /** Page errors and console errors, in the order they happened. */
  errors: string[];
  /** Close codes of this page's room connections that the server closed. */
  closes: number[];
}

/** Collects page errors and console errors of one page. */
export function watchPage(page: Page, errors: string[]): void {
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
}

/**
 * A workshop with one room and `names` in it, each joined through the join page in their own
 * browser context, the break-out started and every page showing an editable table.
 */
export async function openRoomWith(
  browser: Browser,
  server: TestServer,
  names: string[],
  options: {
    suggestions?: string[];
    width?: number;
    height?: number;
    locale?: string;
    /** A viewport of its own for some people (a phone among laptops). */
    viewportOf?: (name: string) => { width: number; height: number } | undefined;
    /** Runs on each person's page before it joins (routes, init scripts). */
    beforeJoin?: (page: Page, name: string) => Promise<void>;
  } = {},
) {
  const created = await api(server.url, 'POST', '/workshops', {
    title: 'Room table under load',
    rooms: 1,
    ...(options.suggestions ? { suggestions: options.suggestions } : {}),
  });
  expect(created.status).toBe(201);
  const { workshop, facilitatorToken, joinCode } = created.body;
  const people: RoomPerson[] = [];
  for (const name of names) {
    const own = options.viewportOf?.(name);
    const { context, page } = await newPerson(browser, {
      width: own?.width ?? options.width ?? 1366,
      height: own?.height ?? options.height ?? 900,
      ...(options.locale ? { locale: options.locale } : {}),
    });
    const person: RoomPerson = { name, context, page, errors: [], closes: [] };
    watchPage(page, person.errors);
    await context.exposeBinding('__roomtableClosed', (_source, code: number) => person.closes.push(code));
    await context.addInitScript(() => {
      // Playwright does not report close codes, so the page reports those of its room sockets.
      const Native = window.WebSocket;
      class Watched extends Native {
        constructor(url: string | URL, protocols?: string | string[]) {
          super(url, protocols);
          this.addEventListener('close', (e) => {
            const report = (window as unknown as { __roomtableClosed?: (code: number) => void }).__roomtableClosed;
            if (String(url).includes('/room/')) report?.(e.code);
          });
        }
      }
      window.WebSocket = Watched as typeof WebSocket;
    });
    await options.beforeJoin?.(page, name);
    await joinThroughThePage(page, server.url, joinCode, name);
    people.push(person);
  }
  await startBreakout(server.url, workshop.id, facilitatorToken);
  for (const { page } of people) await waitForEditableTable(page);
  return { workshopId: workshop.id as string, facilitatorToken: facilitatorToken as string, docName: `${workshop.id}/room/1`, people };
}

/** Waits until the page shows the room table, editable and connected. */
export async function waitForEditableTable(page: Page, timeoutMs = 10_000): Promise<void> {
  await page.getByTestId('room-table').waitFor({ timeout: timeoutMs + 5_000 });
  await vi.waitFor(async () => expect(await page.getByTestId('room-table').getAttribute('contenteditable')).toBe('true'), timeoutMs);
  // By the status line's state, not its words, so it holds in every language.
  await vi.waitFor(
    async () => expect(await page.locator('.sync-status').getAttribute('class')).toMatch(/sync-(connected|saved|saving)\b/),
    timeoutMs,
  );
}

/** The cell element of body row `row` (0-based) and column key `column`. */
export function cell(page: Page, row: number, column: string) {
  return page.getByTestId('row').nth(row).locator(`td[data-column="${column}"]`);
}

/** The texts of every cell as the page shows them, header row first: one array of strings per row. */
export function tableTexts(page: Page): Promise<string[][]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('[data-testid="room-table"] tr')].map((tr) =>
      [...tr.querySelectorAll('th, td')].map((c) => {
        const group = c.querySelector('[role="radiogroup"]');
        if (group) return `rating:${group.querySelector('input:checked')?.getAttribute('value') ?? ''}`;
        // Remote carets are widgets inside the text: their name labels are not cell content.
        return [...c.querySelectorAll('p')]
          .map((p) => {
            const copy = p.cloneNode(true) as HTMLElement;
            copy.querySelectorAll('.collaboration-carets__caret').forEach((caret) => caret.remove());
            return copy.textContent ?? '';
          })
          .join('\n');
      }),
    ),
  );
}

const lastClicks = new WeakMap<Page, { x: number; y: number; at: number }>();

/**
 * One single click, as a person makes it. ProseMirror counts a click within 500 ms and 10 px of
 * the previous one as a double or triple click, whatever happened in between (a triple click
 * selects the whole cell, and the next letter replaces its text). A person clicking the same spot
 * again after typing a word is slower than that; a test driving keys at machine speed is not, so a
 * repeated click at the same spot waits out the double-click time instead of becoming one.
 */
export async function singleClick(page: Page, x: number, y: number): Promise<void> {
  const last = lastClicks.get(page);
  if (last && Math.hypot(last.x - x, last.y - y) < 12) {
    const wait = last.at + 550 - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  await page.mouse.click(x, y);
  lastClicks.set(page, { x, y, at: Date.now() });
}

/**
 * Clicks into a text cell at the very start of its first line, where a typed run cannot split
 * anyone's word, and makes sure the caret landed there. The cell's place is measured, then clicked:
 * when someone else's typing wraps onto a new line in between, the rows below move down and the
 * click lands in the cell above (a flaky "[TE10] [TE3]" run lost no word: "a3" was typed into the
 * row above, where the click had put the caret). A person sees where the caret went; the test
 * checks it and clicks again.
 */
export async function clickCellStart(page: Page, row: number, column: string): Promise<void> {
  const target = cell(page, row, column);
  for (let attempt = 0; attempt < 5; attempt++) {
    const box = await target.locator('p').first().boundingBox();
    if (!box) throw new Error(`no paragraph in row ${row}, column ${column}`);
    await singleClick(page, box.x + 2, box.y + Math.min(box.height / 2, 8));
    const landed = await target.evaluate((td) => {
      const selection = document.getSelection();
      return !!selection?.anchorNode && td.contains(selection.anchorNode);
    });
    if (landed) {
      await page.keyboard.press('Home');
      return;
    }
  }
  throw new Error(`five clicks into row ${row}, column ${column} put the caret elsewhere: the table kept moving`);
}
