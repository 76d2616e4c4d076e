import { describe, expect, it } from 'vitest';
import { csvCell, csvLine, renderPlanCsv } from '../src';
import { parseCsv } from './fixtures/parseCsv';
import { seedPlan } from './fixtures/seedWorkshop';

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

  it.each([
    ['a zero-width space', '\u200b=HYPERLINK("http://evil.example")'],
    ['the full-width equals sign', '\uff1dHYPERLINK("http://evil.example")'],
    ['full-width plus', '\uff0b1'],
    ['full-width minus', '\uff0d1'],
    ['full-width at', '\uff20SUM(1)'],
    ['a space', ' =1+1'],
    ['a no-break space', '\u00a0=1+1'],
    ['a byte-order mark', '\ufeff=1+1'],
    ['a word joiner and bidi marks', '\u2060\u200f\u202e=1+1'],
    ['a line feed', '\n=1+1'],
  ])('[EX1] neutralises a formula hidden behind %s', (_what, value) => {
    const [[parsed]] = parseCsv(`${csvCell(value)}\r\n`) as [[string]];
    expect(parsed).toBe(`'${value}`);
  });

  it('[EX1] leaves text that merely starts with invisible characters or white space alone', () => {
    expect(csvCell('\u200bplain')).toBe('\u200bplain');
    expect(csvCell('  two spaces')).toBe('  two spaces');
    expect(csvCell('\u200b')).toBe('\u200b');
    expect(csvCell('a\uff1db')).toBe('a\uff1db');
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
