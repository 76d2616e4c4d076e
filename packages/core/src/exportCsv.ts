import { boardClusterOfCard } from './boardExport';
import type { BoardExport } from './boardExport';
import type { DraftPlan } from './draftPlan';

/**
 * Characters an importer may drop before it looks at a cell's first character: Unicode white
 * space (tab, CR, LF, NBSP, … what a `trim()` removes) and invisible format characters (soft
 * hyphen, zero-width space/joiners U+200B–U+200D, bidi marks, word joiner U+2060, BOM U+FEFF).
 */
const IGNORABLE_LEAD = /^[\s\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u206a-\u206f\ufeff]+/u;

/**
 * First characters that make a spreadsheet evaluate a cell as a formula (CSV injection), with
 * their full-width forms (＝ ＋ － ＠), which East Asian input methods type and some
 * spreadsheets take for the ASCII ones.
 */
const FORMULA_START = /^[=+\-@\uff1d\uff0b\uff0d\uff20]/u;

/**
 * True when a spreadsheet might run the cell as a formula. Measured with LibreOffice Calc 7.4
 * (CSV import with "Evaluate formulas" on, with and without "Trim spaces"): only a literal
 * leading `=` ran; a leading U+200B, NBSP, BOM, space or tab before `=`, and the full-width `＝`,
 * stayed text. Excel and Google Sheets could not be run here, their import paths differ by
 * version and locale, and an importer that trims first would then see `=`; so these are
 * neutralised too. The cost is one visible apostrophe in a rare cell; the risk is a formula run
 * on a facilitator's machine.
 */
function mayRunAsFormula(text: string): boolean {
  if (/^[\t\r\n]/.test(text)) return true;
  return FORMULA_START.test(text.replace(IGNORABLE_LEAD, ''));
}

/**
 * One CSV field per RFC 4180: quoted when it holds a comma, quote, CR or LF, quotes doubled. A
 * value a spreadsheet would run as a formula gets a leading apostrophe, which spreadsheets show as
 * text, so an exported "=HYPERLINK(…)" stays inert.
 */
export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (mayRunAsFormula(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record with its CRLF line break (RFC 4180). */
export function csvLine(values: ReadonlyArray<string | number | null | undefined>): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

/**
 * The draft plan as CSV, one record per suggestion row, grouped rows sharing rank and group; yields
 * chunk by chunk. With the board, four more columns say which cluster each row's card is in and
 * where that cluster is ([BO5]).
 */
export function* renderPlanCsv(plan: DraftPlan, board: BoardExport | null = null): Generator<string> {
  const columns = plan.columns;
  const clusterOf = board ? boardClusterOfCard(board) : null;
  const boardHead = clusterOf ? ['cluster', 'cluster_id', 'board_x', 'board_y'] : [];
  yield csvLine(['rank', 'group', 'group_impact', 'group_effort', 'rooms', 'room', ...columns.map((c) => c.key), 'poll', ...boardHead]);
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
        ...(clusterOf ? boardCells(clusterOf.get(item.id)) : []),
      ]);
    }
    yield chunk;
  }
}

// A row written after the board was built has no card: its board cells stay empty.
function boardCells(c: { number: number; id: string; x: number; y: number } | undefined): Array<string | number> {
  return c ? [c.number, c.id, c.x, c.y] : ['', '', '', ''];
}

/** Votes per option as "H 5, M 2, L 0". */
export function tallyText(tally: Record<string, number>): string {
  return Object.entries(tally)
    .map(([option, votes]) => `${option} ${votes}`)
    .join(', ');
}
