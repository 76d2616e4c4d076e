import type { DraftPlan } from './draftPlan';

/**
 * First characters that make a spreadsheet evaluate a cell as a formula (CSV injection), tab and
 * carriage return included because some spreadsheets strip them and then read the next character.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field per RFC 4180: quoted when it holds a comma, quote, CR or LF, quotes doubled. A
 * value a spreadsheet would run as a formula gets a leading apostrophe, which spreadsheets show as
 * text, so an exported "=HYPERLINK(…)" stays inert.
 */
export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record with its CRLF line break (RFC 4180). */
export function csvLine(values: ReadonlyArray<string | number | null | undefined>): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

/** The draft plan as CSV, one record per suggestion row, grouped rows sharing rank and group; yields chunk by chunk. */
export function* renderPlanCsv(plan: DraftPlan): Generator<string> {
  const columns = plan.columns;
  yield csvLine(['rank', 'group', 'group_impact', 'group_effort', 'rooms', 'room', ...columns.map((c) => c.key), 'poll']);
  for (const g of plan.groups) {
    const poll = g.polls.map((p) => `${p.question}: ${tallyText(p.tally)}`).join('; ');
    let chunk = '';
    for (const item of g.items) {
      chunk += csvLine([
        g.rank,
        g.id,
        g.impact ?? '',
        g.effort ?? '',
        g.rooms.join(' '),
        item.room,
        ...columns.map((c) => item.row[c.key] ?? ''),
        poll,
      ]);
    }
    yield chunk;
  }
}

/** Votes per option as "H 5, M 2, L 0". */
export function tallyText(tally: Record<string, number>): string {
  return Object.entries(tally)
    .map(([option, votes]) => `${option} ${votes}`)
    .join(', ');
}
