// The server's cost of one ballot before it reaches the wire, in one process (issue 18.3): the
// domain's vote, the public state, and writing it into the state document, for a workshop of
// `--people` (500) with everyone voting once and then changing their ballot. Deterministic work,
// so a busy machine scales it but the comparison between two commits stays fair when alternated.
// `npx tsx test/bench/stateWrite.ts [--people 500]`
import os from 'node:os';
import {
  addParticipant,
  assign,
  buildPollItems,
  createWorkshop,
  openPoll,
  publicState,
  setPhase,
  vote,
  writeState,
  StateWriter,
  type Actor,
  type Workshop,
} from '@roomtable/core';
import * as Y from 'yjs';

const i = process.argv.indexOf('--people');
const people = i > 0 ? Number(process.argv[i + 1]) : 500;
const facilitator: Actor = { role: 'facilitator', participantId: null };

let w: Workshop = createWorkshop({ id: 'w', joinCode: 'ABCDEF', now: 0, title: 'Poll of hundreds' });
for (let p = 0; p < people; p++) w = addParticipant(w, { id: `p${p}`, name: `Person ${p}`, now: 0 });
w = assign(w, 'seed');
w = setPhase(setPhase(w, 'breakout', 1), 'reporting', 2);
const rooms = w.rooms.map((r) => ({ number: r.number, rows: Array.from({ length: 8 }, (_, k) => ({ suggestion: `Room ${r.number} idea ${k}`, benefit: 'b', impact: 'H', needed: 'n', effort: 'L' })) }));
const items = buildPollItems(rooms.slice(0, 30), w.settings.template);
w = openPoll(w, facilitator, { id: 'poll', kind: 'dots', dots: 3, snapshotId: 's', items, now: 3 });

const doc = new Y.Doc();
let bytes = 0;
doc.on('update', (u: Uint8Array) => {
  bytes += u.length;
});
const state = doc.getMap<unknown>('state');
doc.transact(() => writeState(state, publicState(w, 4)));
bytes = 0;
// The server's way since [SD3]: a StateWriter skips what the workshop's record did not change.
const ORIGIN = Symbol('server');
const writerDoc = new Y.Doc();
const writer = new StateWriter(writerDoc, ORIGIN);
const writerState = writerDoc.getMap<unknown>('state');
writerDoc.transact(() => writer.write(writerState, w, 4), ORIGIN);

const timing = { vote: 0, publicState: 0, write: 0, writer: 0 };
const ballots = people * 2;
for (let round = 0; round < 2; round++) {
  for (let p = 0; p < people; p++) {
    const t0 = performance.now();
    const key = (k: number) => items[(p + round + k) % items.length]!.key;
    w = vote(w, { role: 'participant', participantId: `p${p}` }, 'poll', { kind: 'dots', dots: { [key(0)]: 2, [key(3)]: 1 } });
    const t1 = performance.now();
    const pub = publicState(w, 5);
    const t2 = performance.now();
    doc.transact(() => writeState(state, pub));
    const t3 = performance.now();
    writerDoc.transact(() => writer.write(writerState, w, 5), ORIGIN);
    const t4 = performance.now();
    timing.vote += t1 - t0;
    timing.publicState += t2 - t1;
    timing.write += t3 - t2;
    timing.writer += t4 - t3;
  }
}
if (JSON.stringify(writerState.toJSON()) !== JSON.stringify(state.toJSON())) throw new Error('the StateWriter wrote another state than writeState');
const per = (ms: number) => `${((ms / ballots) * 1000).toFixed(0)} µs`;
console.log(`# One ballot's domain and state-document cost, ${people} people, ${items.length} items, ${ballots} ballots (load average ${os.loadavg()[0]!.toFixed(1)})`);
console.log(`| vote (domain) | public state | write into the state document | both, by StateWriter [SD3] | update bytes per ballot |`);
console.log(`| --- | --- | --- | --- | --- |`);
console.log(`| ${per(timing.vote)} | ${per(timing.publicState)} | ${per(timing.write)} | ${per(timing.writer)} | ${(bytes / ballots).toFixed(0)} B |`);
