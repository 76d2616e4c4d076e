import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { askQuestion, endPoll, moderateQuestion, openPoll, setNoteTakers, setPointer, setPresentingRoom, upvoteQuestion, vote, withdrawUpvote } from '../src/plenary';
import { buildPollItems } from '../src/polls';
import { writeState } from '../src/stateDoc';
import { StateWriter } from '../src/StateWriter';
import { DEFAULT_TEMPLATE, type Row } from '../src/template';
import { addParticipant, assign, createWorkshop, moveParticipant, publicState, setBroadcast, setPhase, type Workshop } from '../src/workshop';

const T0 = 1_700_000_000_000;
const F = { role: 'facilitator', participantId: null } as const;
const P = (id: string) => ({ role: 'participant', participantId: id }) as const;
const row = (suggestion: string): Row => ({ suggestion, benefit: '', impact: 'H', needed: '', effort: 'L' });
const items = buildPollItems([{ number: 1, rows: Array.from({ length: 6 }, (_, i) => row(`Suggestion ${i + 1}`)) }], DEFAULT_TEMPLATE);
const ORIGIN = Symbol('server');

function plenaryWorkshop(): Workshop {
  let w = createWorkshop({ id: 'w1', joinCode: 'J', now: T0, title: 'Purpose review', rooms: 3 });
  for (let i = 0; i < 12; i++) w = addParticipant(w, { id: `p${i}`, name: `P${i}`, now: T0 });
  return setPhase(setPhase(assign(w, 'seed'), 'breakout', T0), 'reporting', T0 + 1);
}

/** One change a workshop's plenary can see; a change the domain refuses leaves `w` as it was. */
type Op = { kind: number; a: number; b: number };
function apply(w: Workshop, { kind, a, b }: Op, step: number): Workshop {
  const p = `p${a % 12}`;
  const polls = w.plenary?.polls ?? [];
  const open = polls.filter((x) => x.closedAt === null);
  try {
    switch (kind % 12) {
      case 0:
        return addParticipant(w, { id: `late${step}`, name: `Late ${step}`, now: T0 + step });
      case 1:
        return moveParticipant(w, p, 1 + (b % 3));
      case 2:
        return askQuestion(w, P(p), { id: `q${step}`, room: 1 + (b % 3), text: `Question ${step}?`, now: T0 + step });
      case 3:
      case 4: {
        const q = w.plenary?.questions[b % Math.max(1, w.plenary.questions.length)];
        return q ? (kind % 2 ? upvoteQuestion(w, P(p), q.id) : withdrawUpvote(w, P(p), q.id)) : w;
      }
      case 5: {
        const q = w.plenary?.questions[b % Math.max(1, w.plenary.questions.length)];
        return q ? moderateQuestion(w, F, q.id, b % 2 ? { hidden: true } : { answered: true }) : w;
      }
      case 6:
        return open.length < 2 ? openPoll(w, F, { id: `poll${step}`, kind: b % 2 ? 'dots' : 'rating', dots: b % 2 ? 3 : null, snapshotId: 's', items, now: T0 + step }) : w;
      case 7:
      case 8: {
        const poll = open[b % Math.max(1, open.length)];
        if (!poll) return w;
        const ballot =
          poll.kind === 'dots'
            ? { kind: 'dots', dots: { [items[a % items.length]!.key]: 1 + (b % 3) } }
            : { kind: 'rating', ratings: { [items[b % items.length]!.key]: { impact: 'HML'[a % 3], effort: 'HML'[b % 3] } } };
        return vote(w, P(p), poll.id, ballot);
      }
      case 9: {
        const poll = open[b % Math.max(1, open.length)];
        return poll ? endPoll(w, F, poll.id, T0 + step) : w;
      }
      case 10:
        return b % 2 ? setPresentingRoom(w, F, 1 + (a % 3)) : setPointer(w, F, a % 4, { id: 's', rowCount: 4 });
      default:
        return b % 2 ? setNoteTakers(w, F, [p]) : setBroadcast(w, `Message ${step}`, T0 + step);
    }
  } catch {
    return w;
  }
}

const op = fc.record({ kind: fc.nat(), a: fc.nat(), b: fc.nat() });

describe('[SD3] StateWriter', () => {
  it('after every change the document holds exactly what a full write of the same workshop gives', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 60 }), fc.array(fc.nat(), { maxLength: 4 }), (ops, foreignAt) => {
        const doc = new Y.Doc();
        const writer = new StateWriter(doc, ORIGIN);
        const other = new Y.Doc();
        let w = plenaryWorkshop();
        doc.transact(() => writer.write(doc.getMap('state'), w, T0), ORIGIN);
        ops.forEach((o, step) => {
          w = apply(w, o, step);
          if (foreignAt.includes(step)) {
            // Another process writes an older or newer workshop into the same document.
            Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
            other.transact(() => writeState(other.getMap('state'), publicState(plenaryWorkshop(), T0)), 'other process');
            Y.applyUpdate(doc, Y.encodeStateAsUpdate(other), 'fan-out');
          }
          doc.transact(() => writer.write(doc.getMap('state'), w, T0 + step), ORIGIN);
          const fresh = new Y.Doc();
          fresh.transact(() => writeState(fresh.getMap('state'), publicState(w, T0 + step)));
          expect(doc.getMap('state').toJSON()).toEqual(fresh.getMap('state').toJSON());
        });
      }),
      { numRuns: 150 },
    );
    // 150 runs of up to 60 changes: ~2 s alone, past the 5-s default on a loaded machine.
  }, 30_000);

  it('a ballot compares nothing but its own poll: the people and the other polls are not read', () => {
    let w = plenaryWorkshop();
    for (let i = 0; i < 300; i++) w = addParticipant(w, { id: `x${i}`, name: `X${i}`, now: T0 });
    w = openPoll(w, F, { id: 'b', kind: 'dots', dots: 3, snapshotId: 's', items, now: T0 });
    for (let i = 0; i < 200; i++) w = vote(w, P(`x${i}`), 'b', { kind: 'dots', dots: { [items[i % items.length]!.key]: 1 } });
    w = endPoll(w, F, 'b', T0);
    w = openPoll(w, F, { id: 'a', kind: 'dots', dots: 3, snapshotId: 's', items, now: T0 });
    const doc = new Y.Doc();
    const writer = new StateWriter(doc, ORIGIN);
    doc.transact(() => writer.write(doc.getMap('state'), w, T0), ORIGIN);
    const people = doc.getMap('state').get('people') as Y.Map<unknown>;
    const voters = (doc.getMap('state').get('plenary') as Y.Map<unknown>).get('pollVoters') as Y.Map<unknown>;
    let reads = 0;
    for (const map of [people, voters]) {
      const get = map.get.bind(map);
      map.get = (key: string) => {
        reads++;
        return get(key);
      };
    }
    w = vote(w, P('x5'), 'a', { kind: 'dots', dots: { [items[0]!.key]: 2 } });
    let update: Uint8Array = new Uint8Array(0);
    doc.on('update', (u: Uint8Array) => (update = u));
    doc.transact(() => writer.write(doc.getMap('state'), w, T0 + 1), ORIGIN);
    expect(reads).toBe(0);
    // The voter and the item's tally, nothing else.
    expect(update.byteLength).toBeLessThan(300);
    expect((voters.toJSON() as Record<string, unknown>)['a x5']).toEqual({ poll: 'a', voter: 'x5', order: 0 });
  });
});
