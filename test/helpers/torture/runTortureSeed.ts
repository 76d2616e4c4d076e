import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DEFAULT_TEMPLATE, roomViolations } from '@roomtable/core';
import { openRoomWith } from '../roomPeople';
import { seededRandom } from '../seededRandom';
import type { TestServer } from '../testServer';
import { checkTable, MARKER, type FinalTable, type TortureEvent } from './oracle';
import { pageTableSnapshot, restoredRows, yTableSnapshot, type TableSnapshot } from './tableSnapshot';
import { perform, Skipped, TORTURE_ACTIONS, type TortureAction, type TorturePerson } from './tortureActions';

/** What one seed did and found. */
export interface TortureResult {
  seed: number;
  /** Actions performed, by kind. */
  performed: Record<TortureAction, number>;
  /** Actions skipped, by why (the table moved under the mouse, a row went away). */
  skipped: Record<string, number>;
  /** Everything that broke a rule: skeleton, sameness of pages and server, O1–O4, page errors. */
  problems: string[];
  events: TortureEvent[];
  final: TableSnapshot | null;
  /** Markers typed or pasted, and how many of them the final table holds. */
  markers: { typed: number; kept: number };
}

const LETTERS = ['A', 'B', 'C', 'D'];

/** Each person's actions: every action `rounds` times, in a seeded order of their own. */
export function tortureSequence(seed: number, person: number, rounds: number): TortureAction[] {
  const rng = seededRandom(seed * 31 + person);
  const bag = Array.from({ length: rounds }, () => [...TORTURE_ACTIONS]).flat();
  for (let i = bag.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [bag[i], bag[j]] = [bag[j]!, bag[i]!];
  }
  return bag;
}

const sameTable = (a: TableSnapshot, b: TableSnapshot) => JSON.stringify([a.header, a.rows]) === JSON.stringify([b.header, b.rows]);

/**
 * One torture seed: `people` people join one room (two suggested rows) and perform their seeded
 * sequences at the same time, with real keys and clicks. Then every page and the server must
 * hold the same table, its skeleton intact, and every marker where the oracle says.
 */
export async function runTortureSeed(
  browser: Browser,
  server: TestServer,
  seed: number,
  options: { people?: number; rounds?: number; afterRun?: (pages: Page[]) => Promise<void> } = {},
): Promise<TortureResult> {
  const names = LETTERS.slice(0, options.people ?? 3).map((l) => `Person ${l}`);
  const room = await openRoomWith(browser, server, names, { suggestions: ['First idea', 'Second idea'] });
  const events: TortureEvent[] = [];
  const performed = Object.fromEntries(TORTURE_ACTIONS.map((a) => [a, 0])) as Record<TortureAction, number>;
  const skipped: Record<string, number> = {};
  const problems: string[] = [];
  const people: TorturePerson[] = room.people.map((r, i) => ({
    name: r.name,
    letter: LETTERS[i]!,
    page: r.page,
    rng: seededRandom(seed * 1009 + i),
    events,
    typed: 0,
  }));
  await Promise.all(
    people.map(async (p, i) => {
      const sequence = tortureSequence(seed, i, options.rounds ?? 1);
      for (let n = 0; n < sequence.length; n++) {
        const kind = sequence[n]!;
        // An action the table made impossible (a row went away under the mouse) is tried again.
        for (let attempt = 0; attempt < 3; attempt++) {
          try {
            await perform(p, kind, n);
            performed[kind] += 1;
            break;
          } catch (err) {
            if (!(err instanceof Skipped)) {
              // The first line, and the last step of Playwright's call log (what it was waiting for).
              const lines = (err as Error).message.split('\n').map((l) => l.trim()).filter(Boolean);
              const waited = lines.length > 1 ? ` (${lines[lines.length - 1]})` : '';
              problems.push(`${p.name} action ${n} (${kind}) failed: ${lines[0]}${waited}`);
              break;
            }
            skipped[`${kind}: ${err.message}`] = (skipped[`${kind}: ${err.message}`] ?? 0) + 1;
          }
        }
      }
    }),
  );
  // Everyone settles on one table.
  let stored: TableSnapshot | null = null;
  const deadline = Date.now() + 15_000;
  let pages: TableSnapshot[];
  for (;;) {
    stored = await server.documents.withDocument(room.docName, (doc) => yTableSnapshot(doc));
    pages = await Promise.all(people.map((p) => pageTableSnapshot(p.page)));
    if (pages.every((t) => sameTable(t, stored!)) || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  pages.forEach((t, i) => {
    if (!sameTable(t, stored!)) problems.push(`${people[i]!.name}'s page differs from the server: ${JSON.stringify(t.rows)} vs ${JSON.stringify(stored!.rows)}`);
  });
  // The skeleton: the schema the server enforces, the template's headings and columns.
  const violations = await server.documents.withDocument(room.docName, (doc) => roomViolations(doc, DEFAULT_TEMPLATE));
  for (const v of violations) problems.push(`schema: ${JSON.stringify(v)}`);
  problems.push(...stored.problems.map((p) => `skeleton: ${p}`));
  const labels = DEFAULT_TEMPLATE.columns.map((c) => c.label);
  if (JSON.stringify(stored.header) !== JSON.stringify(labels)) problems.push(`skeleton: headings ${JSON.stringify(stored.header)}`);
  const keys = DEFAULT_TEMPLATE.columns.map((c) => c.key);
  for (const row of stored.rows) {
    if (JSON.stringify(row.columns) !== JSON.stringify(keys)) problems.push(`skeleton: row ${row.id} has columns ${JSON.stringify(row.columns)}`);
    row.cells.forEach((text, c) => {
      if (DEFAULT_TEMPLATE.columns[c]?.kind === 'rating' && !/^rating:[HML]?$/.test(text)) problems.push(`skeleton: row ${row.id} rating ${text}`);
    });
  }
  // Rows an undo or redo brought back (rule O1's restoreRow), as each undoer's page knows them.
  const removedRows = [...new Set(events.flatMap((e) => (e.kind === 'removeRow' ? [e.row] : [])))];
  const restored = new Map<string, { person: string; row: string; from: string }>();
  for (const p of people) {
    for (const r of await restoredRows(p.page, removedRows).catch(() => [])) restored.set(`${r.from}>${r.row}`, { person: p.name, ...r });
  }
  for (const r of restored.values()) events.push({ kind: 'restoreRow', person: r.person, row: r.row, from: r.from, at: performance.now() });
  // The oracle, on the server's table.
  const final: FinalTable = {
    rows: stored.rows.map((r) => ({
      id: r.id,
      cells: Object.fromEntries(
        r.columns.map((key, c) => [key, r.cells[c] ?? '']).filter(([key]) => DEFAULT_TEMPLATE.columns.find((col) => col.key === key)?.kind === 'text'),
      ),
    })),
  };
  const broken = checkTable(events, final);
  problems.push(...broken);
  // For a broken marker, what happened in its cell, to replay it by hand.
  for (const problem of broken.filter((b) => b.startsWith('O1 a broken'))) {
    const [, row, column] = /row (\S+), column (\w+)/.exec(problem) ?? [];
    // The cell's own markers, and those found in it that were typed elsewhere (a row removed and
    // brought back by its remover's undo is a new row: its markers were typed in the gone one).
    const text = final.rows.find((r) => r.id === row)?.cells[column!] ?? '';
    const foundHere = new Set(text.match(MARKER) ?? []);
    const gone = new Set(events.flatMap((e) => (e.kind === 'marker' && foundHere.has(e.marker) && e.cell.row !== row ? [e.cell.row] : [])));
    const here = events.filter(
      (e) =>
        (e.kind === 'marker' && ((e.cell.row === row || gone.has(e.cell.row)) && e.cell.column === column)) ||
        (e.kind === 'removeRow' && (e.row === row || gone.has(e.row))) ||
        (e.kind === 'clear' && e.cells.some((c) => c.row === row && c.column === column)) ||
        e.kind === 'undo' ||
        e.kind === 'redo',
    );
    problems.push(`  in that cell: ${JSON.stringify(here.map((e) => ({ ...e, at: Math.round(e.at) })))}`);
  }
  // TORTURE_LOG=dir: everything a failed seed did and found, to reconstruct its shape by hand.
  const log = process.env.TORTURE_LOG;
  if (log && problems.length > 0) {
    mkdirSync(log, { recursive: true });
    writeFileSync(path.join(log, `torture-seed${seed}.json`), JSON.stringify({ seed, problems, events, stored, pages }, null, 1));
  }
  const kept = new Set(Object.values(final.rows).flatMap((r) => Object.values(r.cells).flatMap((t) => t.match(MARKER) ?? [])));
  const typedMarkers = events.filter((e) => e.kind === 'marker');
  for (const r of room.people) problems.push(...r.errors.filter((e) => e.startsWith('pageerror')).map((e) => `${r.name}: ${e}`));
  await options.afterRun?.(people.map((p) => p.page));
  await Promise.all(room.people.map((r) => r.context.close()));
  return {
    seed,
    performed,
    skipped,
    problems,
    events,
    final: stored,
    markers: { typed: typedMarkers.length, kept: typedMarkers.filter((e) => kept.has(e.marker)).length },
  };
}
