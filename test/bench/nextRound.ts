// What starting the next round costs the server (issue 17.3): `startNextRound` runs inside one
// record change, on the event loop every socket of the process shares, so its time is a pause for
// everyone. Prints the time and the pairs who meet again, for "fresh" (random balanced) and
// "meet new people" (keeping round 1's pairs apart, constrainedAssignment [CA7]), per workshop size.
// `npx tsx test/bench/nextRound.ts [--people 300] [--rooms 30]`
import { addParticipant, createWorkshop, repeatPairs, roundsOf, setPhase, startNextRound } from '@roomtable/core';
import { numberArg } from './args';

const people = numberArg('people', 300);
const rooms = numberArg('rooms', 30);

let w = createWorkshop({ id: 'w', joinCode: 'ABCDEF', now: 0, title: 'Rounds', rooms });
for (let p = 0; p < people; p++) w = addParticipant(w, { id: `p${p}`, name: `Person ${p}`, now: 0 });
w = setPhase(setPhase(w, 'breakout', 1), 'reporting', 2);
for (const assignment of ['fresh', 'newPeople'] as const) {
  const times: number[] = [];
  let repeats = 0;
  for (const seed of ['a', 'b', 'c']) {
    const t0 = performance.now();
    const next = startNextRound(w, { assignment, seed }, 3);
    times.push(performance.now() - t0);
    const [one, two] = roundsOf(next).map((r) => r.rooms);
    repeats = Math.max(repeats, repeatPairs(two!, [one!]));
  }
  console.log(`${people} people, ${rooms} rooms, ${assignment}: ${Math.max(...times).toFixed(0)} ms at most over 3 seeds, ${repeats} round-1 pairs meet again at most`);
}
