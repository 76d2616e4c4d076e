import { describe, expect, it } from 'vitest';
import { buildDraftPlan, rankingWhy, type PlanPollResult, type Row } from '../src';
import { seedPlanInput } from './fixtures/seedWorkshop';

const row = (suggestion: string, impact: Row[string], effort: Row[string]): Row => ({ suggestion, benefit: '', impact, needed: '', effort });

// Seven suggestions of one room; the plenary's dot vote goes mostly to the one its room rated worst.
const ROWS = [
  row('Quick win', 'H', 'L'),
  row('Big bet', 'H', 'H'),
  row('Middle ground', 'M', 'M'),
  row('Small step', 'L', 'L'),
  row('Another small step', 'L', 'M'),
  row('Hard slog', 'L', 'H'),
  row('Unrated idea', null, null),
];
const plan = (polls: PlanPollResult[]) =>
  buildDraftPlan({ ...seedPlanInput({ polls, questions: [] }), rooms: [{ number: 1, rows: ROWS }] });
const dots = (suggestion: string, n: number): PlanPollResult => ({ question: 'Dot vote 1 (3 dots each)', suggestion, room: 1, tally: { dots: n, voters: n } });

describe('votes shape the plan', () => {
  it('[VP1] the dot vote decides first: its winner ranks first however its room rated it', () => {
    const before = plan([]);
    expect(before.groups.map((g) => g.suggestion).indexOf('Hard slog')).toBe(5);
    const after = plan([dots('Hard slog', 9), dots('Big bet', 4), dots('Quick win', 4)]);
    expect(after.groups.map((g) => g.suggestion)).toEqual([
      'Hard slog',
      'Quick win', // ties on dots with Big bet; lower effort wins
      'Big bet',
      'Middle ground',
      'Small step',
      'Another small step',
      'Unrated idea',
    ]);
    expect(after.groups[0]?.ranking).toMatchObject({ dots: 9, aheadBy: 'dots', behindBy: null });
    expect(after.groups[1]?.ranking).toMatchObject({ dots: 4, aheadBy: 'effort', behindBy: 'dots' });
  });

  it('[VP1] dots of several dot votes add up', () => {
    const p = plan([dots('Small step', 2), { ...dots('Small step', 3), question: 'Dot vote 2 (5 dots each)' }, dots('Quick win', 4)]);
    expect(p.groups[0]?.suggestion).toBe('Small step');
    expect(p.groups[0]?.ranking.dots).toBe(5);
  });

  it("[VP1] a rating poll's mean replaces the rooms' ratings, compared as a mean, not rounded", () => {
    const rating: PlanPollResult = {
      question: 'Rating poll 1',
      suggestion: 'Small step',
      room: 1,
      // 5 × H and 1 × M on impact → 2.83; 6 × L on effort → 1.
      tally: { 'impact H': 5, 'impact M': 1, 'impact L': 0, 'effort H': 0, 'effort M': 0, 'effort L': 6 },
    };
    const p = plan([rating]);
    const small = p.groups.find((g) => g.suggestion === 'Small step');
    expect(small?.ranking.impact).toEqual({ value: 2.83, source: 'poll', count: 6 });
    expect(small?.ranking.effort).toEqual({ value: 1, source: 'poll', count: 6 });
    // Quick win and Big bet keep their room's H (3.00) above 2.83; the poll lifts Small step from 5th
    // over Middle ground (M, 2.00), which a rounded H would have tied with the H-rated ones.
    expect(p.groups.map((g) => g.suggestion).slice(0, 4)).toEqual(['Quick win', 'Big bet', 'Small step', 'Middle ground']);
    expect(p.groups[1]?.ranking).toMatchObject({ impact: { value: 3, source: 'rooms', count: 1 }, aheadBy: 'impact' });
  });

  it('[VP1] unrated sorts after every rating; then more rooms, then table order', () => {
    const p = buildDraftPlan({
      ...seedPlanInput({ polls: [], questions: [] }),
      rooms: [
        { number: 1, rows: [row('Alpha unrated', null, null), row('Share data widely', 'M', 'M')] },
        { number: 2, rows: [row('Beta unrated', null, null), row('Share data widely please', 'M', 'M'), row('Gamma', 'M', 'M')] },
      ],
    });
    expect(p.groups.map((g) => [g.suggestion, g.ranking.aheadBy])).toEqual([
      ['Share data widely', 'rooms'],
      ['Gamma', 'impact'],
      ['Alpha unrated', 'order'],
      ['Beta unrated', null],
    ]);
  });

  it('[VP2] every group says why it ranks where it does', () => {
    const p = plan([dots('Hard slog', 9), dots('Quick win', 4)]);
    const [first, second] = p.groups;
    expect(rankingWhy(1, first!.ranking)).toBe(
      "#1: 9 dots, impact 1.0 of 3 (rooms' ratings), effort 3.0 of 3 (rooms' ratings), 1 room; above #2 by more dots.",
    );
    expect(rankingWhy(2, second!.ranking)).toContain('below #1 by more dots');
  });
});
