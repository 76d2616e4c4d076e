import { describe, expect, it } from 'vitest';
import {
  boardPollItems,
  buildBoard,
  buildDraftPlan,
  castBallot,
  DEFAULT_TEMPLATE,
  emptyPlenary,
  mergeClusters,
  newPoll,
  planPollResults,
  ratingColumns,
  readBoard,
  splitCluster,
  tallyPoll,
  writeBoard,
  type Row,
} from '../src';
import * as Y from 'yjs';
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

  it("[VP3][BP3] the plan's groups follow the board's merges and splits, so a merged stack's dots count once", () => {
    const doc = new Y.Doc();
    writeBoard(doc, board());
    mergeClusters(doc, PUBLISH, [TRANSLATE], 'open records', 1);
    const merged = readBoard(doc)!;
    const items = boardPollItems(merged, null);
    expect(items.map((i) => i.cards?.length)).toEqual([6, 1]);
    let poll = newPoll({ id: 'p1', kind: 'dots', dots: 3, snapshotId: 's1', columns: ratingColumns(DEFAULT_TEMPLATE), items, now: 1 });
    poll = castBallot(poll, 'a', { kind: 'dots', dots: { b1: 3 } });
    const polls = planPollResults({ ...emptyPlenary(), polls: [poll] });
    // Grouped by similarity alone, the merged stack's three dots landed on two groups: six dots from one ballot of three.
    const bySimilarity = buildDraftPlan({ ...seedPlanInput({ polls, questions: [] }), rooms: ROOMS });
    expect(bySimilarity.groups.map((g) => g.ranking.dots)).toEqual([3, 3, 0]);
    const byBoard = buildDraftPlan({ ...seedPlanInput({ polls, questions: [] }), rooms: ROOMS, clusters: merged.clusters.map((c) => c.cardIds) });
    expect(byBoard.groups.map((g) => [g.suggestion, g.items.length, g.ranking.dots])).toEqual([
      ['Publish minutes of every meeting', 6, 3],
      ['Weekly office hours', 1, 0],
    ]);
    // A split on the board is its own group in the plan; an ungrouped item stands alone as before.
    splitCluster(doc, PUBLISH, ['3:translate-key-documents'], 'split:aaaaaa', 'room 3 means laws', 2);
    const split = readBoard(doc)!.clusters.map((c) => c.cardIds);
    const plan = buildDraftPlan({ ...seedPlanInput({ polls: [], questions: [] }), rooms: ROOMS, clusters: split, ungrouped: ['2:publish-minutes-every-meeting'] });
    expect(plan.groups.map((g) => g.items.map((i) => i.id)).sort()).toEqual(
      [
        [PUBLISH, '3:publish-minutes-every-meeting', TRANSLATE, '2:translate-key-documents'],
        ['2:publish-minutes-every-meeting'],
        ['3:translate-key-documents'],
        ['3:weekly-office-hours'],
      ].sort(),
    );
    // A row written after the board was built is in the plan too, though no stack holds it.
    const later = [...ROOMS.slice(0, 2), { number: 3, rows: [...ROOMS[2]!.rows, row('Weekly office hours please', 'H', 'L')] }];
    const withLater = buildDraftPlan({ ...seedPlanInput({ polls: [], questions: [] }), rooms: later, clusters: split });
    expect(withLater.groups.find((g) => g.items.some((i) => i.id === '3:weekly-office-hours-please'))?.items).toHaveLength(1);
  });
});
