import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignRooms } from '../src/assignment';
import { assignWithConstraints, type AssignmentConstraints, type AssignmentPerson, type ConstraintScore } from '../src/constrainedAssignment';
import { DomainError } from '../src/errors';

const REGIONS = ['Africa', 'Asia', 'Europe', 'LatAm', 'NorthAm'];
const GROUPS = ['registry', 'registrar', 'government', 'civil'];

/** A random population: a region and a stakeholder group each, and `hosts` table hosts. */
const population = fc
  .record({
    n: fc.integer({ min: 6, max: 60 }),
    rooms: fc.integer({ min: 2, max: 8 }),
    draws: fc.array(fc.nat(), { minLength: 120, maxLength: 120 }),
    seed: fc.string({ maxLength: 8 }),
  })
  .filter(({ n, rooms }) => n >= rooms);

function peopleOf(n: number, draws: number[], hosts: number): AssignmentPerson[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `p${i}`,
    attributes: {
      region: REGIONS[draws[i % draws.length]! % REGIONS.length]!,
      group: GROUPS[draws[(i * 7) % draws.length]! % GROUPS.length]!,
      host: i < hosts ? 'yes' : 'no',
    },
  }));
}

const violations = (scores: ConstraintScore[], constraint: string) => scores.find((s) => s.constraint === constraint)?.violations;
const sizes = (rooms: string[][]) => rooms.map((r) => r.length);

describe('assignWithConstraints', () => {
  it('[CA1] the same seed, people and constraints give the same rooms', () => {
    const people = peopleOf(30, [3, 1, 4, 1, 5, 9, 2, 6], 5);
    const constraints: AssignmentConstraints = { spread: ['region'], perRoom: [{ field: 'host', value: 'yes', min: 1, max: 1 }] };
    expect(assignWithConstraints(people, 5, 'x', constraints)).toEqual(assignWithConstraints(people, 5, 'x', constraints));
    expect(assignWithConstraints(people, 5, 'x', constraints).rooms).not.toEqual(assignWithConstraints(people, 5, 'y', constraints).rooms);
  });

  it('[CA1] with no constraints it is exactly the random balanced assignment of the same seed', () => {
    fc.assert(
      fc.property(population, ({ n, rooms, draws, seed }) => {
        const people = peopleOf(n, draws, 0);
        expect(assignWithConstraints(people, rooms, seed).rooms).toEqual(assignRooms(people.map((p) => p.id), rooms, seed));
      }),
    );
  });

  it('[CA2] everyone is in exactly one room and sizes differ by at most one', () => {
    fc.assert(
      fc.property(population, ({ n, rooms, draws, seed }) => {
        const people = peopleOf(n, draws, rooms);
        const result = assignWithConstraints(people, rooms, seed, {
          spread: ['region', 'group'],
          perRoom: [{ field: 'host', value: 'yes', min: 1, max: 1 }],
          keepApart: [['p0', 'p1']],
        });
        expect(result.rooms.flat().sort()).toEqual(people.map((p) => p.id).sort());
        expect(Math.max(...sizes(result.rooms)) - Math.min(...sizes(result.rooms))).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('[CA5] [CA6] every hard constraint holds whenever it can: one table host per room, pairs apart and together', () => {
    fc.assert(
      fc.property(population, ({ n, rooms, draws, seed }) => {
        const people = peopleOf(n, draws, rooms);
        // Disjoint pairs among the non-hosts. Both can hold at once only where a room has three places
        // beside its host (the pair together plus one of the pair kept apart): rooms of four or more.
        const others = people.slice(rooms).map((p) => p.id);
        const keepApart: [string, string][] = others.length >= 4 ? [[others[0]!, others[1]!]] : [];
        const keepTogether: [string, string][] = others.length >= 4 && Math.floor(n / rooms) >= 4 ? [[others[2]!, others[3]!]] : [];
        const result = assignWithConstraints(people, rooms, seed, {
          spread: ['region'],
          perRoom: [{ field: 'host', value: 'yes', min: 1, max: 1 }],
          keepApart,
          keepTogether,
        });
        for (const score of result.scores.filter((s) => s.kind === 'hard')) expect(score, score.detail).toMatchObject({ violations: 0 });
        for (const room of result.rooms) expect(room.filter((id) => Number(id.slice(1)) < rooms)).toHaveLength(1);
      }),
      { numRuns: 60 },
    );
  });

  it('[CA4] [CA8] soft constraints are measured and never worse than the random balanced assignment', () => {
    fc.assert(
      fc.property(population, ({ n, rooms, draws, seed }) => {
        const people = peopleOf(n, draws, 0);
        const result = assignWithConstraints(people, rooms, seed, { spread: ['region', 'group'] });
        for (const field of ['region', 'group']) {
          expect(violations(result.scores, `spread:${field}`)).toBeLessThanOrEqual(violations(result.baseline, `spread:${field}`)!);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('[CA4] a region with as many people as rooms is in every room', () => {
    const people = Array.from({ length: 20 }, (_, i) => ({ id: `p${i}`, attributes: { region: i < 4 ? 'Africa' : 'Europe' } }));
    const result = assignWithConstraints(people, 4, 'seed', { spread: ['region'] });
    for (const room of result.rooms) expect(room.filter((id) => Number(id.slice(1)) < 4)).toHaveLength(1);
    expect(violations(result.scores, 'spread:region')).toBe(0);
    expect(result.scores[0]!.detail).toContain('Africa in 4 of 4 rooms possible');
  });

  it('[CA3] people who chose a language are in a room of that language; the rest fill the smallest rooms', () => {
    const people: AssignmentPerson[] = Array.from({ length: 23 }, (_, i) => ({
      id: `p${i}`,
      attributes: i < 8 ? { lang: 'fr' } : i < 18 ? { lang: 'en' } : ({} as Record<string, string>),
    }));
    const result = assignWithConstraints(people, 4, 's', { languageField: 'lang' });
    expect([...result.roomLanguages].sort()).toEqual(['en', 'en', 'fr', 'fr']);
    result.rooms.forEach((room, r) => {
      for (const id of room) {
        const chosen = people.find((p) => p.id === id)!.attributes!.lang;
        if (chosen) expect(chosen).toBe(result.roomLanguages[r]);
      }
    });
    for (const language of ['en', 'fr']) {
      const s = result.rooms.filter((_, r) => result.roomLanguages[r] === language).map((room) => room.length);
      expect(Math.max(...s) - Math.min(...s)).toBeLessThanOrEqual(1);
    }
    expect(violations(result.scores, 'language:lang')).toBe(0);
  });

  it('[CA3] more languages than rooms is refused with a plain reason', () => {
    const people = ['fr', 'en', 'es'].map((lang, i) => ({ id: `p${i}`, attributes: { lang } }));
    expect(() => assignWithConstraints(people, 2, 's', { languageField: 'lang' })).toThrow(DomainError);
    expect(() => assignWithConstraints(people, 2, 's', { languageField: 'lang' })).toThrow(/3 languages .* only 2 rooms/);
  });

  it('[CA7] a second round meets new people: fewer repeat pairs than a random assignment', () => {
    const people = Array.from({ length: 24 }, (_, i) => ({ id: `p${i}` }));
    const first = assignRooms(people.map((p) => p.id), 4, 'round 1');
    const result = assignWithConstraints(people, 4, 'round 2', { previousRounds: [first] });
    const repeats = violations(result.scores, 'newPeople')!;
    expect(repeats).toBeLessThan(violations(result.baseline, 'newPeople')!);
    // 4 rooms of 6 after 4 rooms of 6: each new room can hold at most 2 from each old room, so 4 × C(2,2)... = 6 pairs at best.
    expect(repeats).toBeLessThanOrEqual(8);
  });

  it('[CA10] a pin beside the only other person of a region, a table host: the search walks the plateau to the best spread', () => {
    // Before, strictly-better swaps alone left 80 of these 300 seeds one room short of the region's spread.
    const regions = ['Africa', 'AsiaPacific', 'Europe', 'LatAm'];
    const constraints = { spread: ['region'], perRoom: [{ field: 'host', value: 'yes', min: 1, max: 1 }] };
    const short: number[] = [];
    for (let s = 1; s <= 300; s++) {
      const people: AssignmentPerson[] = Array.from({ length: 8 }, (_, i) => ({ id: `P${i}`, attributes: { region: regions[i % 4]!, host: i < 2 ? 'yes' : 'no' } }));
      const first = assignWithConstraints(people, 2, `seed${s}`, constraints);
      const pinnedTo = first.rooms.findIndex((r) => r.includes('P5')) === 0 ? 2 : 1;
      people[5] = { ...people[5]!, pinnedRoom: pinnedTo };
      const pinned = assignWithConstraints(people, 2, `seed${s}`, constraints);
      expect(pinned.rooms[pinnedTo - 1]).toContain('P5');
      if (pinned.scores.some((x) => x.violations > 0)) short.push(s);
    }
    expect(short).toEqual([]);
  });

  it('[CA9] pinned people stay where the facilitator put them; bad pins and pairs are refused', () => {
    const people: AssignmentPerson[] = Array.from({ length: 12 }, (_, i) => ({ id: `p${i}`, ...(i < 2 ? { pinnedRoom: 3 } : {}) }));
    const result = assignWithConstraints(people, 3, 's', { keepApart: [['p0', 'p5']] });
    expect(result.rooms[2]).toEqual(expect.arrayContaining(['p0', 'p1']));
    expect(() => assignWithConstraints([{ id: 'a', pinnedRoom: 4 }], 3, 's')).toThrow(/pinned to room 4/);
    expect(() => assignWithConstraints([{ id: 'a' }, { id: 'b' }], 2, 's', { keepApart: [['a', 'zz']] })).toThrow(/must be different people/);
    expect(() => assignWithConstraints([{ id: 'a' }, { id: 'a' }], 2, 's')).toThrow(/listed twice/);
    expect(() => assignWithConstraints([{ id: 'a' }], 2, 's', { perRoom: [{ field: 'h', value: 'y', min: 2, max: 1 }] })).toThrow(/above the maximum/);
  });
});
