import { DomainError } from './errors';
import { fieldsOf } from './participantFields';
import { addParticipant, type Workshop } from './workshop';

/** One person of an imported list: a name and answers, field key → option. */
export interface ImportedPerson {
  name: string;
  answers: Record<string, string>;
}

/** At most this many characters of CSV: 2,000 people with a few short answers each. */
export const IMPORT_CSV_MAX = 400_000;

/** Splits CSV text into rows of cells (RFC 4180: quoted cells may hold commas, quotes as "", and line breaks). */
function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',' || ch === ';' || ch === '\t') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows.filter((r) => r.some((c) => c.trim() !== ''));
}

/**
 * Reads a list of people [PI1]: a header row whose first column is the name and whose other columns
 * are questions (by label or key, any case); then one person per row. A column that is no question
 * of the workshop is refused rather than silently dropped, so a misspelt "Regoin" is noticed.
 */
export function parsePeopleCsv(w: Workshop, text: unknown): ImportedPerson[] {
  if (typeof text !== 'string' || text.trim() === '') throw new DomainError('invalid_import', 'Paste a list: a header row (name, then questions), then one person per line.');
  if (text.length > IMPORT_CSV_MAX) throw new DomainError('invalid_import', `The list is ${text.length} characters long; the limit is ${IMPORT_CSV_MAX}.`);
  const [header, ...rows] = csvRows(text.replace(/^\uFEFF/, ''));
  if (!header || rows.length === 0) throw new DomainError('invalid_import', 'The list needs a header row and at least one person.');
  const fields = fieldsOf(w);
  const columns = header.slice(1).map((h) => {
    const name = h.trim().toLowerCase();
    const field = fields.find((f) => f.key.toLowerCase() === name || f.label.toLowerCase() === name);
    if (!field) throw new DomainError('invalid_import', `The column "${h.trim()}" is not a question of this workshop.`);
    return field;
  });
  return rows.map((cells) => {
    const answers: Record<string, string> = {};
    columns.forEach((f, i) => {
      const v = (cells[i + 1] ?? '').trim();
      // An answer is matched ignoring case, and stored as the option is written.
      const option = f.options.find((o) => o.toLowerCase() === v.toLowerCase());
      if (v !== '') answers[f.key] = option ?? v;
    });
    return { name: (cells[0] ?? '').trim(), answers };
  });
}

/**
 * Adds the imported people before the event [PI2], all or none: each is checked as a join is
 * (name, answers, required questions, the workshop's size), and the first refusal names its line.
 */
export function importPeople(w: Workshop, people: readonly ImportedPerson[], ids: readonly string[], now: number): Workshop {
  let next = w;
  people.forEach((p, i) => {
    try {
      next = addParticipant(next, { id: ids[i]!, name: p.name, now, answers: p.answers });
    } catch (e) {
      if (e instanceof DomainError) throw new DomainError('invalid_import', `Line ${i + 2}: ${e.message}`);
      throw e;
    }
  });
  return next;
}
