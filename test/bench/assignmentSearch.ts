// The constrained assignment's search (issue 17, item 2): how long a preview takes for a hall, and
// how often the search stops short of rooms it could have reached. Deterministic work: a busy
// machine scales the times, the "short" counts do not move.
//   `npx tsx test/bench/assignmentSearch.ts [--people 300] [--rooms 38] [--seeds 20]`
// Two populations: the hall (region and stakeholder group spread, exactly one table host per room,
// a French-speaking share, one pinned person), and the 8-person room of the participant-fields e2e
// with one person pinned away from where the search first put them (300 seeds).
import os from 'node:os';
import { assignWithConstraints, type AssignmentConstraints, type AssignmentPerson } from '@roomtable/core';
import { numberArg } from './args';
import { summarize } from './stats';

const people = numberArg('people', 300);
const rooms = numberArg('rooms', 38);
const seeds = numberArg('seeds', 20);
const REGIONS = ['Africa', 'AsiaPacific', 'Europe', 'LatAm', 'NorthAm'];
const GROUPS = ['registry', 'registrar', 'government', 'civil', 'academia'];

function hall(seed: number): { people: AssignmentPerson[]; constraints: AssignmentConstraints } {
  const list = Array.from({ length: people }, (_, i) => ({
    id: `p${i}`,
    attributes: {
      region: REGIONS[(i * 7 + seed) % REGIONS.length]!,
      group: GROUPS[(i * 11 + seed * 3) % GROUPS.length]!,
      host: i % Math.ceil(people / rooms) === 0 ? 'yes' : 'no',
    },
    ...(i === 1 ? { pinnedRoom: 1 } : {}),
  }));
  return { people: list, constraints: { spread: ['region', 'group'], perRoom: [{ field: 'host', value: 'yes', min: 1, max: 1 }] } };
}

const times = new Float64Array(seeds);
let short = 0;
for (let s = 0; s < seeds; s++) {
  const { people: list, constraints } = hall(s);
  const t0 = performance.now();
  const result = assignWithConstraints(list, rooms, `hall${s}`, constraints);
  times[s] = performance.now() - t0;
  if (result.scores.some((x) => x.violations > 0)) short++;
}
const t = summarize(times);
console.log(`hall: ${people} people, ${rooms} rooms, ${seeds} seeds; preview ms p50 ${t.p50.toFixed(0)} p95 ${t.p95.toFixed(0)} max ${t.max.toFixed(0)}; ${short} seeds leave a constraint unmet`);

const R = ['Africa', 'AsiaPacific', 'Europe', 'LatAm'];
let pinnedShort = 0;
const t1 = performance.now();
for (let s = 1; s <= 300; s++) {
  const room: AssignmentPerson[] = Array.from({ length: 8 }, (_, i) => ({ id: `P${i}`, attributes: { region: R[i % 4]!, host: i < 2 ? 'yes' : 'no' } }));
  const constraints = { spread: ['region'], perRoom: [{ field: 'host', value: 'yes', min: 1, max: 1 }] };
  const first = assignWithConstraints(room, 2, `seed${s}`, constraints);
  room[5] = { ...room[5]!, pinnedRoom: first.rooms.findIndex((r) => r.includes('P5')) === 0 ? 2 : 1 };
  if (assignWithConstraints(room, 2, `seed${s}`, constraints).scores.some((x) => x.violations > 0)) pinnedShort++;
}
console.log(`pinned: 8 people, 2 rooms, 300 seeds: ${pinnedShort} stop short of the best spread (${(performance.now() - t1).toFixed(0)} ms)`);
console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
