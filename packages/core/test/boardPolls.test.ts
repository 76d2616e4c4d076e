import { describe, expect, it } from 'vitest';
import {
  boardPollItems,
  buildBoard,
  buildDraftPlan,
  castBallot,
  DEFAULT_TEMPLATE,
  emptyPlenary,
  newPoll,
  planPollResults,
  ratingColumns,
  tallyPoll,
  type Row,
} from '../src';
import { seedPlanInput } from './fixtures/seedWorkshop';

const row = (suggestion: string, impact: Row[string], effort: Row[string]): Row => ({ suggestion, benefit: '', impact, needed: '', effort });

// Three rooms, each with the same two suggestions (as the e2e seeds them), plus one of room 3's own.
const ROOMS = [
  { number: 1, rows: [row('Publish minutes of every meeting', 'H', 'L'), row('Translate key documents', 'L', 'H')] },
  { number: 2, rows: [row('Publish minutes of every meeting', 'H', 'L'), row('Translate key documents', 'L', 'H')] },
  { number: 3, rows: [row('Publish minutes of every meeting', 'L', 'L'), row('Translate key documents', 'L', 'H'), row('Weekly office hours', 'M', 'M')] },
];
const board = () => buildBoard({ snapshotId: 's1', builtAt: 1, template: DEFAULT_TEMPLATE, rooms: ROOMS });
const PUBLISH = '1:publish-minutes-every-meeting';
const TRANSLATE = '1:translate-key-documents';

describe('polls made from the board', () => {
  it('[BP1] by default one item per cluster, in board order: a suggestion three rooms raised is asked once', () => {
    const items = boardPollItems(board(), null);
    expect(items.map((i) => i.suggestion)).toEqual(['Publish minutes of every meeting', 'Translate key documents', 'Weekly office hours']);
    expect(items.map((i) => i.key)).toEqual(['b1', 'b2', 'b3']);
    expect(items[0]).toMatchObject({ cluster: PUBLISH, rooms: [1, 2, 3], cards: [PUBLISH, '2:publish-minutes-every-meeting', '3:publish-minutes-every-meeting'] });
    // An empty selection is no selection.
    expect(boardPollItems(board(), { clusters: [], cards: [] })).toEqual(items);
  });

  it('[BP1] a selection polls exactly the picked clusters and cards; a card inside a picked cluster is not asked twice', () => {
    const b = board();
    const two = boardPollItems(b, { clusters: [TRANSLATE, PUBLISH] });
    expect(two.map((i) => i.cluster)).toEqual([TRANSLATE, PUBLISH]);
    const mixed = boardPollItems(b, { clusters: [TRANSLATE], cards: ['2:translate-key-documents', '3:publish-minutes-every-meeting', '3:publish-minutes-every-meeting'] });
    expect(mixed.map((i) => [i.cluster, i.cards])).toEqual([
      [TRANSLATE, [TRANSLATE, '2:translate-key-documents', '3:translate-key-documents']],
      [null, ['3:publish-minutes-every-meeting']],
    ]);
    expect(mixed[1]).toMatchObject({ room: 3, row: 0, rooms: [3], ratings: { impact: 'L', effort: 'L' } });
  });

  it('[BP1] an id the board does not hold is refused', () => {
    expect(() => boardPollItems(board(), { clusters: ['9:nothing'] })).toThrow(expect.objectContaining({ code: 'unknown_item' }));
    expect(() => boardPollItems(board(), { cards: ['9:nothing'] })).toThrow(expect.objectContaining({ code: 'unknown_item' }));
  });

  it("[BP2] a cluster item carries its rooms' mean rating per column, rounded as the plan rounds a group's", () => {
    const [publish, translate] = boardPollItems(board(), null);
    // Impact H, H, L: mean 2.33 → M; effort L, L, L → L.
    expect(publish?.ratings).toEqual({ impact: 'M', effort: 'L' });
    expect(translate?.ratings).toEqual({ impact: 'L', effort: 'H' });
    expect(publish?.impact).toBe('M');
  });

  it('[BP3] dots for a cluster count once for the plan group holding its cards, and decide the order', () => {
    const items = boardPollItems(board(), { clusters: [PUBLISH, TRANSLATE] });
    let poll = newPoll({ id: 'p1', kind: 'dots', dots: 3, snapshotId: 's1', columns: ratingColumns(DEFAULT_TEMPLATE), items, now: 1 });
    for (const voter of ['a', 'b', 'c']) poll = castBallot(poll, voter, { kind: 'dots', dots: { b2: 2, b1: 1 } });
    expect(tallyPoll(poll).map((t) => [t.key, t.dots, t.voters])).toEqual([['b1', 3, 3], ['b2', 6, 3]]);
    const results = planPollResults({ ...emptyPlenary(), polls: [poll] });
    expect(results.map((r) => [r.suggestion, r.items?.length, r.tally.dots])).toEqual([
      ['Publish minutes of every meeting', 3, 3],
      ['Translate key documents', 3, 6],
    ]);
    const plan = buildDraftPlan({ ...seedPlanInput({ polls: results, questions: [] }), rooms: ROOMS });
    // Before the vote "Publish" leads (higher impact); the plenary's dots put "Translate" first.
    expect(buildDraftPlan({ ...seedPlanInput({ polls: [], questions: [] }), rooms: ROOMS }).groups[0]?.suggestion).toBe('Publish minutes of every meeting');
    expect(plan.groups.map((g) => [g.suggestion, g.ranking.dots])).toEqual([
      ['Translate key documents', 6],
      ['Publish minutes of every meeting', 3],
      ['Weekly office hours', 0],
    ]);
    // Counted once for the group, not once per room's row.
    expect(plan.groups[0]?.polls).toHaveLength(1);
    expect(plan.polls).toEqual([]);
  });

  it("[BP3] a single card's vote counts for the group holding that card, whichever room's wording leads it", () => {
    const items = boardPollItems(board(), { cards: ['3:translate-key-documents'] });
    let poll = newPoll({ id: 'p1', kind: 'rating', snapshotId: 's1', columns: ratingColumns(DEFAULT_TEMPLATE), items, now: 1 });
    poll = castBallot(poll, 'a', { kind: 'rating', ratings: { b1: { impact: 'H', effort: 'L' } } });
    const plan = buildDraftPlan({ ...seedPlanInput({ polls: planPollResults({ ...emptyPlenary(), polls: [poll] }), questions: [] }), rooms: ROOMS });
    const translate = plan.groups.find((g) => g.id === TRANSLATE);
    expect(translate?.ranking.impact).toEqual({ value: 3, source: 'poll', count: 1 });
    expect(plan.groups[0]?.id).toBe(TRANSLATE);
  });
});
