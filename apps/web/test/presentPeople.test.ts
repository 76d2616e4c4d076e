import { describe, expect, it } from 'vitest';
import { presentPeople } from '../src/room/presentPeople';

const user = (name: string, role = 'participant', color = '#1f5fa8') => ({ user: { name, role, color } });

describe('presence shows one entry per person', () => {
  it('a reload (old connection not dropped yet), a second tab and a phone are one entry; "you" is marked', () => {
    const states = new Map<number, unknown>([
      [11, user('Ana')], // the connection before the reload, not yet known dead
      [12, user('Ana')], // this tab after the reload
      [13, user('Ana')], // her phone
      [20, user('Bo', 'participant', '#a2392b')],
      [30, {}], // a reader's state without a user
    ]);
    expect(presentPeople(states, 12)).toEqual([
      { key: 'participant:Ana', name: 'Ana', color: '#1f5fa8', self: true },
      { key: 'participant:Bo', name: 'Bo', color: '#a2392b', self: false },
    ]);
  });

  it('the facilitator is not folded into a participant of the same name', () => {
    const states = new Map<number, unknown>([
      [1, user('Ana')],
      [2, user('Ana', 'facilitator')],
    ]);
    expect(presentPeople(states, 99).map((p) => p.key).sort()).toEqual(['facilitator:Ana', 'participant:Ana']);
  });

  it('someone whose every state is gone is not listed', () => {
    expect(presentPeople(new Map<number, unknown>([[5, null]]), 1)).toEqual([]);
  });
});
