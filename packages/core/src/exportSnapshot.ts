import { csvLine } from './exportCsv';
import { escapeHtml } from './exportHtml';
import { escapeMarkdown, isoMinute } from './exportMarkdown';
import type { ExportFormat } from './exportFormat';
import type { Row, Template } from './template';

/** A snapshot as exported on its own: every room's rows as they were at `takenAt`. */
export interface SnapshotExport {
  id: string;
  title: string;
  takenAt: number;
  reason: string;
  rooms: ReadonlyArray<{ number: number; rows: Row[] }>;
}

/** One snapshot in `format`, room by room; yields chunk by chunk. */
export function* renderSnapshot(snapshot: SnapshotExport, template: Template, format: ExportFormat): Generator<string> {
  const cols = template.columns;
  const rooms = [...snapshot.rooms].sort((a, b) => a.number - b.number);
  if (format === 'csv') {
    yield csvLine(['room', 'row', ...cols.map((c) => c.key)]);
    for (const room of rooms) yield room.rows.map((row, i) => csvLine([room.number, i + 1, ...cols.map((c) => row[c.key] ?? '')])).join('');
  } else if (format === 'json') {
    const { rooms: _rooms, ...head } = snapshot;
    yield `${JSON.stringify({ format: 'roomtable.snapshot/1', ...head, columns: cols }, null, 2).slice(0, -2)},\n  "rooms": [`;
    let first = true;
    for (const room of rooms) {
      yield `${first ? '' : ','}\n    ${JSON.stringify(room)}`;
      first = false;
    }
    yield `${rooms.length > 0 ? '\n  ' : ''}]\n}\n`;
  } else if (format === 'markdown') {
    const cell = (v: Row[string] | undefined) => escapeMarkdown(String(v ?? '')) || '–';
    yield `# ${escapeMarkdown(snapshot.title)}: snapshot of ${isoMinute(snapshot.takenAt)}\n\nSnapshot ${snapshot.id} (${snapshot.reason}).\n\n`;
    for (const room of rooms) {
      let out = `## Room ${room.number}\n\n| ${cols.map((c) => escapeMarkdown(c.label)).join(' | ')} |\n| ${cols.map(() => '---').join(' | ')} |\n`;
      for (const row of room.rows) out += `| ${cols.map((c) => cell(row[c.key])).join(' | ')} |\n`;
      yield `${out}\n`;
    }
  } else {
    yield `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(snapshot.title)}</title></head><body>\n`;
    yield `<h1>${escapeHtml(snapshot.title)}: snapshot of ${isoMinute(snapshot.takenAt)}</h1>\n`;
    for (const room of rooms) {
      const head = cols.map((c) => `<th>${escapeHtml(c.label)}</th>`).join('');
      const body = room.rows.map((row) => `<tr>${cols.map((c) => `<td>${escapeHtml(String(row[c.key] ?? ''))}</td>`).join('')}</tr>`).join('\n');
      yield `<h2>Room ${room.number}</h2>\n<table border="1"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>\n`;
    }
    yield '</body></html>\n';
  }
}

