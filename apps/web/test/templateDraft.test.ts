import { DEFAULT_TEMPLATE, validateTemplate } from '@roomtable/core';
import { describe, expect, it } from 'vitest';
import { COLUMN_KEY_PATTERN, defaultDraft, draftIsValid, draftProblems, draftToTemplate, isDefaultTemplate, keyFromLabel, moveItem, newColumnId, type DraftColumn } from '../src/setup/templateDraft';

const english = (key: string, label: string) => DEFAULT_TEMPLATE.columns.find((c) => c.key === key)?.label === label;
const col = (label: string, kind: DraftColumn['kind'] = 'text'): DraftColumn => ({ id: newColumnId(), label, kind, defaultKey: null });

describe('template draft', () => {
  it('the untouched default draft is exactly the seed table', () => {
    const template = draftToTemplate(defaultDraft((_k, l) => l), english);
    expect(template).toEqual(DEFAULT_TEMPLATE);
    expect(isDefaultTemplate(template)).toBe(true);
  });

  it('a default heading shown translated still goes out as the default key and English label', () => {
    const french: Record<string, string> = { suggestion: 'Suggestion', benefit: 'Bénéfice envisagé', impact: 'Impact H/M/F', needed: 'Ce qu’il faut', effort: 'Effort H/M/F' };
    const isDefault = (key: string, label: string) => english(key, label) || french[key] === label;
    const draft = defaultDraft((k) => french[k] ?? k);
    expect(isDefaultTemplate(draftToTemplate(draft, isDefault))).toBe(true);
    draft[1]!.label = 'Why it matters';
    const t = draftToTemplate(draft, isDefault);
    expect(t.columns[1]).toEqual({ key: 'whyItMatters', label: 'Why it matters', kind: 'text' });
    expect(isDefaultTemplate(t)).toBe(false);
  });

  it('keys come from labels, valid and unique, with a fallback for scripts without Latin letters', () => {
    expect(keyFromLabel('What is needed?', 1)).toBe('whatIsNeeded');
    expect(keyFromLabel('Priorité élevée', 2)).toBe('prioriteElevee');
    expect(keyFromLabel('2024 budget', 3)).toBe('budget');
    expect(keyFromLabel('负责人', 4)).toBe('column4');
    const template = draftToTemplate([col('Owner'), col('owner!'), col('Владелец'), col('Владелец', 'rating'), col('x'.repeat(90))], english);
    const keys = template.columns.map((c) => c.key);
    expect(keys).toEqual(['owner', 'owner_2', 'column3', 'column4', 'x'.repeat(24)]);
    for (const k of keys) expect(k).toMatch(COLUMN_KEY_PATTERN);
    expect(() => validateTemplate(template)).not.toThrow();
  });

  it('a generated key never takes an untouched default column’s key', () => {
    const draft = [col('Impact', 'rating'), ...defaultDraft((_k, l) => l).slice(2, 3)];
    expect(draftToTemplate(draft, english).columns.map((c) => c.key)).toEqual(['impact_2', 'impact']);
  });

  it('reports empty, too long and repeated labels, and a table with no text column', () => {
    const a = col('');
    const b = col('y'.repeat(101));
    const c = col('Owner', 'rating');
    const d = col(' owner ', 'rating');
    const problems = draftProblems([a, b, c, d]);
    expect(problems.columns).toEqual({ [a.id]: 'labelRequired', [c.id]: 'labelRepeated', [d.id]: 'labelRepeated', [b.id]: 'labelTooLong' });
    expect(draftProblems([c]).table).toBe('needsText');
    expect(draftIsValid(draftProblems([col('Idea'), col('Priority', 'rating')]))).toBe(true);
  });

  it('moves a column up or down and ignores moves past either end', () => {
    expect(moveItem(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'c', 'b']);
    expect(moveItem(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
    expect(moveItem(['a', 'b'], 1, 2)).toEqual(['a', 'b']);
  });
});
