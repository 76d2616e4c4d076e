import { describe, expect, it } from 'vitest';
import { csvCell, csvLine, renderPlanCsv } from '../src';
import { seedPlan } from './fixtures/seedWorkshop';

/** A small RFC 4180 reader, to check that what we write parses back to the same fields. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += ch;
  }
  return records;
}

describe('CSV cells (RFC 4180, formula injection neutralised)', () => {
  it('leaves plain text alone and quotes commas, quotes and line breaks', () => {
    expect(csvCell('plain text')).toBe('plain text');
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line 1\nline 2')).toBe('"line 1\nline 2"');
    expect(csvCell('line 1\r\nline 2')).toBe('"line 1\r\nline 2"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(3)).toBe('3');
  });

  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'])('neutralises a cell starting with %j', (value) => {
    const cell = csvCell(value);
    const [[parsed]] = parseCsv(`${cell}\r\n`) as [[string]];
    expect(parsed).toBe(`'${value}`);
  });

  it('does not touch those characters inside a cell', () => {
    expect(csvCell('a=b+c-d@e')).toBe('a=b+c-d@e');
  });

  it('ends every record with CRLF', () => {
    expect(csvLine(['a', 'b'])).toBe('a,b\r\n');
  });

  it('the seed plan parses back to one record per suggestion row, every field intact', () => {
    const plan = seedPlan();
    const records = parseCsv([...renderPlanCsv(plan)].join(''));
    const header = records[0] as string[];
    expect(header).toEqual(['rank', 'group', 'group_impact', 'group_effort', 'rooms', 'room', 'suggestion', 'benefit', 'impact', 'needed', 'effort', 'poll']);
    const items = plan.groups.flatMap((g) => g.items);
    expect(records.length - 1).toBe(items.length);
    for (const r of records.slice(1)) expect(r).toHaveLength(header.length);
    const needed = records.map((r) => r[9]);
    expect(needed).toContain('Different information types(?): Public, Confidential\nShare TLD-OPS (might) play vital role. Another mailing list?');
    expect(records.map((r) => r[6])).toContain('\'=HYPERLINK("http://example.invalid","best practice")');
    expect(records.map((r) => r[9])).toContain("'@mention the council");
  });
});
