/**
 * The torture test's oracle: what each person did to the room table, and what the table must
 * therefore hold at the end. Pure, so its rules are unit-tested (test/integration/tortureOracle.test.ts).
 *
 * A cell is named by the Yjs id of its row (the same on every page and on the server, whatever
 * rows others add or remove around it) and its column key. Times are the test's clock: `at` of a
 * marker is taken before its first key is pressed; `at` of anything that can remove text is taken
 * after its key or click returned, so "happened after the marker started" errs on the side of
 * excusing a loss only when the remover could have seen the marker.
 *
 * The rules, checked by {@link checkTable}:
 * - O1 intact: every `{` and `}` in the table belongs to a whole marker (`{A12}`), and every marker
 *   found is one a person typed or pasted. Nothing invented, and no fragment, except in a cell
 *   where part of a marker was rightly taken: its typist's undo took it (undo steps are grouped by
 *   time, so a pause inside a marker, as on a loaded machine, makes its end a step of its own),
 *   or someone else cleared the cell while it was being typed (the letters typed after the clear
 *   stay, as in any shared editor), or someone removed its row while it was being typed and an
 *   undo (or redo) brought the row back as a new row (`restoreRow`): the row comes back as its
 *   remover saw it, with the part of the marker typed by then; the rest went into the gone row.
 *   A row removed while a marker was typed in it also leaves the marker's rest in the cell of that
 *   column the typist's caret went to (the keys after the removal are typed there).
 * - O2 once: no marker appears twice.
 * - O3 in place: a marker is in the column it was typed in, and in the row it was typed in while
 *   that row exists. The markers of a row that no longer exists (removed, then brought back by its
 *   remover's undo as a new row) are all in one row.
 * - O4 kept: a marker that is missing was taken away by one of: an undo of its typist that took it
 *   off the typist's own page (an undo never excuses the loss of someone else's marker); the
 *   remove-row command on its row; a clear of its cell (Ctrl+A then typing or Delete,
 *   Delete, Backspace or typing over selected cells, a spreadsheet paste over it) that ended after
 *   the marker was begun; a redo, after the marker was begun, by a person who had cleared that cell
 *   before the redo. A clear never excuses the markers its own action typed (Ctrl+A then a
 *   marker, a spreadsheet paste). Anything else is a lost marker.
 */

/** A cell by its row's Yjs id and its column key. */
export interface CellRef {
  row: string;
  column: string;
}

/** One thing a person did that the oracle cares about. */
export type TortureEvent =
  /** `until`: when its last key had been pressed (a paste: `at`). */
  | { kind: 'marker'; person: string; marker: string; cell: CellRef; at: number; until?: number; action?: number }
  | { kind: 'clear'; person: string; cells: CellRef[]; at: number; action?: number }
  /** `removed`: the person's own markers their page showed before the undo and not after it. */
  | { kind: 'undo'; person: string; at: number; removed: string[] }
  | { kind: 'redo'; person: string; at: number }
  | { kind: 'removeRow'; person: string; row: string; at: number }
  /** An undo or redo of `person` brought the gone row `from` back as the new row `row`. */
  | { kind: 'restoreRow'; person: string; row: string; from: string; at: number };

/** The text cells of the final table: each row's Yjs id and its text per column key. */
export interface FinalTable {
  rows: Array<{ id: string; cells: Record<string, string> }>;
}

/** The marker shape: a person's letter and a number in braces. */
export const MARKER = /\{[A-Z]\d+\}/g;

/** The marker of person `letter` numbered `n`. */
export function marker(letter: string, n: number): string {
  return `{${letter}${n}}`;
}

const sameCell = (a: CellRef, b: CellRef) => a.row === b.row && a.column === b.column;

/** Why a marker may be missing, or null when nothing excuses its absence (rule O4). */
export function whyMayBeMissing(events: readonly TortureEvent[], typed: Extract<TortureEvent, { kind: 'marker' }>): string | null {
  for (const e of events) {
    if (e.kind === 'undo' && e.person === typed.person && e.removed.includes(typed.marker)) return 'undone by its typist';
    if (e.kind === 'removeRow' && e.row === typed.cell.row) return 'its row was removed';
    const ownAction = e.kind === 'clear' && e.person === typed.person && e.action !== undefined && e.action === typed.action;
    if (e.kind === 'clear' && !ownAction && e.at > typed.at && e.cells.some((c) => sameCell(c, typed.cell))) {
      return `its cell was cleared by ${e.person}`;
    }
    if (e.kind === 'redo' && e.at > typed.at) {
      const clearedBefore = events.some(
        (c) => c.kind === 'clear' && c.person === e.person && c.at < e.at && c.cells.some((cell) => sameCell(cell, typed.cell)),
      );
      if (clearedBefore) return `a redo by ${e.person} cleared its cell again`;
    }
  }
  return null;
}

/** `row` and every gone row it was brought back from, however many times (`restoreRow`). */
function rowAndOrigins(events: readonly TortureEvent[], row: string): string[] {
  const rows = [row];
  for (let i = 0; i < rows.length; i++) {
    for (const e of events) if (e.kind === 'restoreRow' && e.row === rows[i] && !rows.includes(e.from)) rows.push(e.from);
  }
  return rows;
}

/** True when part of a marker typed in `cell` was rightly taken (the exceptions of rule O1). */
export function partlyTaken(events: readonly TortureEvent[], cell: CellRef): boolean {
  // A row brought back by an undo holds what its gone predecessor held when it was removed.
  return rowAndOrigins(events, cell.row).some((row) => events.some((m) => {
    if (m.kind !== 'marker' || !sameCell(m.cell, { row, column: cell.column })) return false;
    const until = m.until ?? m.at;
    const during = (e: { person: string; at: number }) => e.person !== m.person && e.at >= m.at && e.at <= until + CLEAR_SLACK_MS;
    return events.some(
      (e) =>
        (e.kind === 'undo' && e.person === m.person && e.removed.includes(m.marker)) ||
        (e.kind === 'clear' && during(e) && e.cells.some((c) => sameCell(c, m.cell))) ||
        (e.kind === 'removeRow' && e.row === row && during(e) && row !== cell.row),
    );
  }));
}

/**
 * True when `rest` (a cell's text with its whole markers taken out) holds the end of a marker
 * that was being typed in that column of another row, which someone else removed meanwhile: the
 * page puts the typist's caret into another row's cell of that column, and the keys still to come
 * go there, where the caret is (nothing is moved: they are typed blind, as the test types). The
 * marker's start went with its row; only its end may stay, and only in its column.
 */
function restTypedAfterRowWent(events: readonly TortureEvent[], cell: CellRef, rest: string): boolean {
  return events.some((m) => {
    if (m.kind !== 'marker' || m.cell.column !== cell.column || m.cell.row === cell.row) return false;
    const tail = Array.from({ length: m.marker.length - 1 }, (_, i) => m.marker.slice(i + 1));
    if (!tail.some((end) => rest.includes(end))) return false;
    const until = m.until ?? m.at;
    return events.some((e) => e.kind === 'removeRow' && e.row === m.cell.row && e.person !== m.person && e.at >= m.at && e.at <= until + CLEAR_SLACK_MS);
  });
}

/** A clear's time is taken after its key returned; it may have hit the page this much earlier. */
const CLEAR_SLACK_MS = 250;

/** Every way the final table breaks rules O1–O4, in words; empty when it keeps them all. */
export function checkTable(events: readonly TortureEvent[], table: FinalTable): string[] {
  const problems: string[] = [];
  const typed = new Map<string, Extract<TortureEvent, { kind: 'marker' }>>();
  for (const e of events) {
    if (e.kind !== 'marker') continue;
    if (typed.has(e.marker)) problems.push(`the test typed ${e.marker} twice`);
    typed.set(e.marker, e);
  }
  const found = new Map<string, CellRef[]>();
  for (const row of table.rows) {
    for (const [column, text] of Object.entries(row.cells)) {
      const markers = text.match(MARKER) ?? [];
      for (const m of markers) found.set(m, [...(found.get(m) ?? []), { row: row.id, column }]);
      // O1: with every whole marker taken out, no brace may be left.
      const rest = text.replace(MARKER, '');
      if (/[{}]/.test(rest) && !partlyTaken(events, { row: row.id, column }) && !restTypedAfterRowWent(events, { row: row.id, column }, rest)) problems.push(`O1 a broken marker in row ${row.id}, column ${column}: ${JSON.stringify(text)}`);
    }
  }
  const rowIds = new Set(table.rows.map((r) => r.id));
  const goneRowHome = new Map<string, string>();
  for (const [m, places] of found) {
    const e = typed.get(m);
    if (!e) {
      // Two fragments that rule O1 lets stay can meet and read as a marker nobody typed: "{B23"
      // (the rest taken by a clear) right before "10} " (the start of {A10} cleared as it was
      // typed) reads "{B2310}" (table fuzzer seed 199). Only where fragments may stay is it that.
      if (!places.every((c) => partlyTaken(events, c))) problems.push(`O1 ${m} is in the table but nobody typed it`);
      continue;
    }
    if (places.length > 1) problems.push(`O2 ${m} is in the table ${places.length} times: ${JSON.stringify(places)}`);
    const at = places[0]!;
    if (at.column !== e.cell.column) problems.push(`O3 ${m} was typed in column ${e.cell.column} but is in column ${at.column}`);
    if (rowIds.has(e.cell.row)) {
      if (at.row !== e.cell.row) problems.push(`O3 ${m} was typed in row ${e.cell.row} but is in row ${at.row}`);
    } else {
      const home = goneRowHome.get(e.cell.row);
      if (home === undefined) goneRowHome.set(e.cell.row, at.row);
      else if (home !== at.row) problems.push(`O3 ${m} of the gone row ${e.cell.row} is in row ${at.row}, others of that row in ${home}`);
    }
  }
  for (const [m, e] of typed) {
    if (found.has(m)) continue;
    if (whyMayBeMissing(events, e) === null) {
      problems.push(`O4 ${m} typed by ${e.person} in row ${e.cell.row}, column ${e.cell.column} is lost: nothing took it away`);
    }
  }
  return problems;
}
