import { describe, expect, it } from 'vitest';
import { buildDraftPlan, DEFAULT_TEMPLATE, suggestionSimilarity, type Row } from '../src';
import { seedPlan, seedPlanInput } from './fixtures/seedWorkshop';

const row = (suggestion: string, impact: Row[string], effort: Row[string]): Row => ({ suggestion, benefit: '', impact, needed: '', effort });

describe('draft plan', () => {
  it('similarity is the share of significant words in common', () => {
    expect(suggestionSimilarity('Share information', 'share   INFORMATION!')).toBe(1);
    expect(suggestionSimilarity('Share information', 'Share information among ccTLDs')).toBe(0.5);
    expect(suggestionSimilarity('Share information', 'Educational role')).toBe(0);
    expect(suggestionSimilarity('', 'anything')).toBe(0);
  });

  it('ranks by impact high first, then effort low first, unrated last', () => {
    const plan = buildDraftPlan({
      ...seedPlanInput({ polls: [], questions: [] }),
      rooms: [{ number: 1, rows: [row('Low impact easy', 'L', 'L'), row('High impact hard', 'H', 'H'), row('Unrated idea', null, null), row('High impact easy', 'H', 'L'), row('Medium', 'M', 'M')] }],
    });
    expect(plan.groups.map((g) => g.suggestion)).toEqual(['High impact easy', 'High impact hard', 'Medium', 'Low impact easy', 'Unrated idea']);
    expect(plan.groups.map((g) => g.rank)).toEqual([1, 2, 3, 4, 5]);
  });

  it('groups near-duplicates across rooms, never within one room, and shows why', () => {
    const plan = seedPlan();
    const share = plan.groups.find((g) => g.suggestion === 'Share information');
    expect(share?.rooms).toEqual([1, 2]);
    expect(share?.links).toEqual([{ a: '1:share-information', b: '2:share-information-among-cctlds', similarity: 0.5 }]);
    const sameRoom = buildDraftPlan({ ...seedPlanInput(), rooms: [{ number: 1, rows: [row('Share information', 'H', 'L'), row('Share information', 'M', 'M')] }] });
    expect(sameRoom.groups).toHaveLength(2);
    expect(sameRoom.groups.map((g) => g.id).sort()).toEqual(['1:share-information', '1:share-information#2']);
  });

  it('an ungrouped item stands alone, and the rest of its group stays', () => {
    const plan = seedPlan({ ungrouped: ['2:share-information-among-cctlds', 'not-an-item'] });
    const ids = plan.groups.map((g) => g.items.map((i) => i.id));
    expect(ids).toContainEqual(['1:share-information']);
    expect(ids).toContainEqual(['2:share-information-among-cctlds']);
    expect(plan.ungrouped).toEqual(['2:share-information-among-cctlds']);
  });

  it('a group rates as the rounded mean of its rooms, and carries the poll about its suggestion', () => {
    const plan = seedPlan();
    const dns = plan.groups.find((g) => g.id === '1:not-focus-all-efforts-defining-dns-abuse');
    expect(dns).toMatchObject({ impact: 'H', effort: 'M' }); // M + H → 2.5 → H; M + M → M
    const share = plan.groups.find((g) => g.id === '1:share-information');
    expect(share?.polls.map((p) => p.question)).toEqual(['Rating poll 1']);
    expect(plan.polls).toEqual([]);
  });

  it('leaves empty rows out and keeps a poll about no known suggestion on its own', () => {
    const plan = seedPlan({ polls: [{ question: 'Dot vote', suggestion: 'Something else entirely', room: 4, tally: { dots: 3 } }] });
    expect(plan.groups.flatMap((g) => g.items).every((i) => i.row.suggestion !== '' || i.row.needed !== '')).toBe(true);
    expect(plan.polls.map((p) => p.question)).toEqual(['Dot vote']);
  });

  it('works on a custom template (first text column, first two rating columns)', () => {
    const template = { columns: [{ key: 'idea', label: 'Idea', kind: 'text' as const }, { key: 'value', label: 'Value', kind: 'rating' as const }, { key: 'cost', label: 'Cost', kind: 'rating' as const }] };
    const plan = buildDraftPlan({ ...seedPlanInput({ polls: [] }), template, rooms: [{ number: 1, rows: [{ idea: 'B', value: 'L', cost: 'L' }, { idea: 'A', value: 'H', cost: 'H' }] }] });
    expect(plan.roles).toEqual({ suggestion: 'idea', impact: 'value', effort: 'cost' });
    expect(plan.groups.map((g) => g.suggestion)).toEqual(['A', 'B']);
    expect(DEFAULT_TEMPLATE.columns).toHaveLength(5);
  });
});
