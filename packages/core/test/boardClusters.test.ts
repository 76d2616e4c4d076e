import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  boardViolations,
  buildBoard,
  DEFAULT_TEMPLATE,
  mergeClusters,
  moveCluster,
  readBoard,
  splitCluster,
  writeBoard,
  type Board,
  type Row,
} from '../src';

const row = (suggestion: string, impact: Row[string], effort: Row[string]): Row => ({ suggestion, benefit: '', impact, needed: '', effort });
const OWN = ['Weekly office hours', 'Mentoring for newcomers', 'Regional newsletter'];
const ROOMS = [1, 2, 3].map((number) => ({
  number,
  rows: [row('Publish minutes of every meeting', 'H', 'L'), row('Translate key documents', 'L', 'H'), row(OWN[number - 1]!, 'M', 'M')],
}));
const PUBLISH = '1:publish-minutes-every-meeting';
const TRANSLATE = '1:translate-key-documents';

function freshDoc(): Y.Doc {
  const doc = new Y.Doc();
  writeBoard(doc, buildBoard({ snapshotId: 's1', builtAt: 1, template: DEFAULT_TEMPLATE, rooms: ROOMS }));
  return doc;
}

/** Every card of the board in exactly one cluster: the invariant no merge or split may break. */
function expectEveryCardOnce(board: Board): void {
  const placed = board.clusters.flatMap((c) => c.cardIds).sort();
  expect(placed).toEqual(board.cards.map((c) => c.id).sort());
  for (const c of board.clusters) {
    expect(c.cardIds.length).toBeGreaterThan(0);
    expect(board.positions[c.id]).toEqual({ x: expect.any(Number), y: expect.any(Number) });
  }
}

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

describe('splitting and merging clusters on the board', () => {
  it('[BD8] merging moves every card of the others into one cluster, with the reason; its similarity score is gone', () => {
    const doc = freshDoc();
    const before = readBoard(doc)!;
    expect(before.clusters.map((c) => c.cardIds.length)).toEqual([3, 3, 1, 1, 1]);
    expect(mergeClusters(doc, PUBLISH, [TRANSLATE], 'Both are about open records', 50)).toBe(true);
    const after = readBoard(doc)!;
    expectEveryCardOnce(after);
    const merged = after.clusters.find((c) => c.id === PUBLISH)!;
    expect(merged.cardIds).toEqual([PUBLISH, '2:publish-minutes-every-meeting', '3:publish-minutes-every-meeting', TRANSLATE, '2:translate-key-documents', '3:translate-key-documents']);
    expect(merged).toMatchObject({ score: null, reason: '', change: { kind: 'merge', reason: 'Both are about open records', at: 50 } });
    // The links the similarity grouping found inside it are kept; none was found to "Translate".
    expect(merged.links.map((l) => l.card)).toEqual(['2:publish-minutes-every-meeting', '3:publish-minutes-every-meeting']);
    expect(after.clusters.some((c) => c.id === TRANSLATE)).toBe(false);
    expect(after.positions[PUBLISH]).toEqual(before.positions[PUBLISH]);
    expect(boardViolations(doc)).toEqual([]);
  });

  it('[BD8] splitting takes the picked cards into a new cluster beside the old one; at least one card stays', () => {
    const doc = freshDoc();
    const before = readBoard(doc)!;
    expect(splitCluster(doc, PUBLISH, ['3:publish-minutes-every-meeting'], 'split:abc123', 'Room 3 meant internal meetings', 60)).toBe(true);
    const after = readBoard(doc)!;
    expectEveryCardOnce(after);
    const split = after.clusters.find((c) => c.id === 'split:abc123')!;
    expect(split).toMatchObject({ cardIds: ['3:publish-minutes-every-meeting'], score: null, change: { kind: 'split', from: PUBLISH, reason: 'Room 3 meant internal meetings' } });
    // Beside it, where no other stack is: the nearest free spot a card and a gap away.
    const p = after.positions['split:abc123']!;
    const from = before.positions[PUBLISH]!;
    expect(Math.abs(p.x - from.x) <= 264 && Math.abs(p.y - from.y) <= 144).toBe(true);
    for (const c of after.clusters.filter((x) => x.id !== 'split:abc123')) {
      const q = after.positions[c.id]!;
      expect(Math.abs(q.x - p.x) >= 240 || Math.abs(q.y - p.y) >= 120, c.id).toBe(true);
    }
    // The cluster left behind keeps its id, its remaining link and no score.
    expect(after.clusters.find((c) => c.id === PUBLISH)).toMatchObject({ cardIds: [PUBLISH, '2:publish-minutes-every-meeting'], score: null });
    expect(boardViolations(doc)).toEqual([]);
    // A split can be merged back, and then the cluster is what the grouping made again.
    expect(mergeClusters(doc, PUBLISH, ['split:abc123'], 'Same thing after all', 70)).toBe(true);
    const back = readBoard(doc)!.clusters.find((c) => c.id === PUBLISH)!;
    expect(back).toMatchObject({ score: 1, change: { kind: 'merge', reason: 'Same thing after all' } });
    expect(back.reason).toContain('Stacked with');
  });

  it('[BD8] what cannot be done writes nothing', () => {
    const doc = freshDoc();
    const state = Y.encodeStateAsUpdate(doc);
    const cards = readBoard(doc)!.clusters[0]!.cardIds;
    expect(splitCluster(doc, PUBLISH, cards, 'split:abc123', 'all of them', 1)).toBe(false);
    expect(splitCluster(doc, PUBLISH, [], 'split:abc123', 'none', 1)).toBe(false);
    expect(splitCluster(doc, PUBLISH, [TRANSLATE], 'split:abc123', 'not in it', 1)).toBe(false);
    expect(splitCluster(doc, PUBLISH, [cards[1]!], 'my-id', 'bad id', 1)).toBe(false);
    expect(splitCluster(doc, PUBLISH, [cards[1]!], 'split:abc123', '   ', 1)).toBe(false);
    expect(splitCluster(doc, PUBLISH, [cards[1]!], 'split:abc123', 'x'.repeat(281), 1)).toBe(false);
    expect(mergeClusters(doc, PUBLISH, [PUBLISH], 'itself', 1)).toBe(false);
    expect(mergeClusters(doc, PUBLISH, ['nope'], 'unknown', 1)).toBe(false);
    expect(mergeClusters(doc, 'nope', [TRANSLATE], 'unknown target', 1)).toBe(false);
    expect(mergeClusters(doc, PUBLISH, [TRANSLATE], '', 1)).toBe(false);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(state);
  });

  it('[BD8] two people merging and splitting at the same moment never lose a card nor put one in two clusters', () => {
    // A merges Translate into Publish while B splits room 3's Translate card off; and both merge each other's way.
    const a = freshDoc();
    const b = new Y.Doc();
    sync(a, b);
    expect(mergeClusters(a, PUBLISH, [TRANSLATE], 'open records', 1)).toBe(true);
    expect(splitCluster(b, TRANSLATE, ['3:translate-key-documents'], 'split:bbbbbb', 'room 3 means laws', 1)).toBe(true);
    sync(a, b);
    expect(readBoard(a)).toEqual(readBoard(b));
    expectEveryCardOnce(readBoard(a)!);
    expect(boardViolations(a)).toEqual([]);

    const c = freshDoc();
    const d = new Y.Doc();
    sync(c, d);
    mergeClusters(c, PUBLISH, [TRANSLATE], 'one way', 1);
    mergeClusters(d, TRANSLATE, [PUBLISH], 'the other way', 1);
    sync(c, d);
    expect(readBoard(c)).toEqual(readBoard(d));
    expectEveryCardOnce(readBoard(c)!);
  });

  it('[BD8] three people doing random merges, splits and moves, syncing at random: every card is always in exactly one cluster', () => {
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pickOne = <T,>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    const first = freshDoc();
    const docs = [first, new Y.Doc(), new Y.Doc()];
    docs.forEach((d) => sync(first, d));
    let splits = 0;
    for (let step = 0; step < 400; step++) {
      const doc = pickOne(docs);
      const board = readBoard(doc)!;
      const op = random();
      if (op < 0.4) {
        const into = pickOne(board.clusters);
        const other = pickOne(board.clusters);
        mergeClusters(doc, into.id, [other.id], `merge ${step}`, step);
      } else if (op < 0.8) {
        const from = pickOne(board.clusters);
        if (from.cardIds.length > 1) splitCluster(doc, from.id, [pickOne(from.cardIds)], `split:s${String(splits++).padStart(6, '0')}`, `split ${step}`, step);
      } else {
        moveCluster(doc, pickOne(board.clusters).id, { x: random() * 2000, y: random() * 2000 });
      }
      if (random() < 0.3) sync(pickOne(docs), pickOne(docs));
      expectEveryCardOnce(readBoard(doc)!);
    }
    for (const x of docs) for (const y of docs) sync(x, y);
    const end = readBoard(docs[0]!)!;
    expectEveryCardOnce(end);
    for (const d of docs) expect(readBoard(d)).toEqual(end);
    expect(boardViolations(docs[0]!)).toEqual([]);
    expect(splits).toBeGreaterThan(50);
  });

  it('[BD8] a client may name only cards of the board, clusters of the board or splits, and reasons of the right shape', () => {
    const doc = freshDoc();
    doc.getMap<unknown>('membership').set('9:nothing', PUBLISH);
    doc.getMap<unknown>('membership').set(TRANSLATE, 'some-cluster');
    doc.getMap<unknown>('membership').set('2:translate-key-documents', 42);
    doc.getMap<unknown>('changes').set('nope', { kind: 'merge', reason: 'x', at: 1 });
    doc.getMap<unknown>('changes').set(PUBLISH, { kind: 'merge', reason: '', at: 1 });
    doc.getMap<unknown>('changes').set('split:abcdef', { kind: 'merge', reason: 'ok', at: 1, extra: true });
    doc.getMap<unknown>('positions').set('split:abcdef', { x: 1, y: 1 });
    expect(boardViolations(doc).map((v) => v.key).sort()).toEqual([
      'BD8:card:9:nothing',
      'BD8:cluster:1:translate-key-documents',
      'BD8:cluster:2:translate-key-documents',
      'BD8:reason-of:nope',
      'BD8:reason:1:publish-minutes-every-meeting',
      'BD8:reason:split:abcdef',
    ]);
    // Whatever is stored, reading never loses a card.
    expectEveryCardOnce(readBoard(doc)!);
  });

  it('[BD7][BD8] rebuilding from a later snapshot keeps the merges of cards still on the board', () => {
    const doc = freshDoc();
    mergeClusters(doc, PUBLISH, [TRANSLATE], 'open records', 1);
    splitCluster(doc, PUBLISH, ['3:publish-minutes-every-meeting'], 'split:keep01', 'internal', 2);
    writeBoard(doc, buildBoard({ snapshotId: 's2', builtAt: 2, template: DEFAULT_TEMPLATE, rooms: ROOMS.slice(0, 2).concat([{ number: 3, rows: [row('Publish minutes of every meeting', 'H', 'L')] }]) }));
    const board = readBoard(doc)!;
    expectEveryCardOnce(board);
    expect(board.clusters.find((c) => c.id === 'split:keep01')?.cardIds).toEqual(['3:publish-minutes-every-meeting']);
    expect(board.clusters.find((c) => c.id === PUBLISH)?.cardIds).toContain('2:translate-key-documents');
    expect(board.cards.some((c) => c.id === '3:translate-key-documents')).toBe(false);
    expect(boardViolations(doc)).toEqual([]);
  });
});
