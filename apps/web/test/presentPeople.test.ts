import { describe, expect, it } from 'vitest';
import { presentPeople } from '../src/room/presentPeople';

const user = (name: string, role = 'participant', color = '#1f5fa8', id?: string) => ({ user: { ...(id ? { id } : {}), name, role, color } });

describe('presence shows one entry per person', () => {
  it('a reload (old connection not dropped yet), a second tab and a phone are one entry; "you" is marked', () => {
    const states = new Map<number, unknown>([
      [11, user('Ana', 'participant', '#1f5fa8', 'p-ana')], // the connection before the reload, not yet known dead
      [12, user('Ana', 'participant', '#1f5fa8', 'p-ana')], // this tab after the reload
      [13, user('Ana', 'participant', '#1f5fa8', 'p-ana')], // her phone
      [20, user('Bo', 'participant', '#a2392b', 'p-bo')],
      [30, {}], // a reader's state without a user
    ]);
    expect(presentPeople(states, 12)).toEqual([
      { key: 'id:p-ana', name: 'Ana', color: '#1f5fa8', self: true },
      { key: 'id:p-bo', name: 'Bo', color: '#a2392b', self: false },
    ]);
  });

  it('two people with the same name are two entries: the server-written participant id tells them apart', () => {
    const states = new Map<number, unknown>([
      [1, user('Ana', 'participant', '#1f5fa8', 'p-ana-1')],
      [2, user('Ana', 'participant', '#2e6b30', 'p-ana-2')],
      [3, user('Ana', 'participant', '#2e6b30', 'p-ana-2')],
    ]);
    expect(presentPeople(states, 99).map((p) => p.key).sort()).toEqual(['id:p-ana-1', 'id:p-ana-2']);
  });

  it('a person renamed in one tab (an old connection still shows the old name) is one entry, named as this tab says', () => {
    const states = new Map<number, unknown>([
      [1, user('Ana', 'participant', '#1f5fa8', 'p-ana')],
      [2, user('Ana María', 'participant', '#1f5fa8', 'p-ana')],
    ]);
    expect(presentPeople(states, 2)).toEqual([{ key: 'id:p-ana', name: 'Ana María', color: '#1f5fa8', self: true }]);
  });

  it('co-facilitators, all called "Facilitator", are told apart by the facilitator link the server shows; one of them in two tabs is one', () => {
    const facilitator = (link: string) => ({ user: { link, name: 'Facilitator', role: 'facilitator', color: '#455a64' } });
    const states = new Map<number, unknown>([
      [1, facilitator('k-owner')],
      [2, facilitator('k-owner')],
      [3, facilitator('k-co')],
    ]);
    expect(presentPeople(states, 2).map((p) => [p.key, p.self])).toEqual([
      ['link:k-owner', true],
      ['link:k-co', false],
    ]);
  });

  it('the facilitator (no participant id) is not folded into a participant of the same name', () => {
    const states = new Map<number, unknown>([
      [1, user('Ana', 'participant', '#1f5fa8', 'p-ana')],
      [2, user('Ana', 'facilitator')],
      [3, user('Ana', 'facilitator')],
    ]);
    expect(presentPeople(states, 99).map((p) => p.key).sort()).toEqual(['facilitator:Ana', 'id:p-ana']);
  });

  it('someone whose every state is gone is not listed', () => {
    expect(presentPeople(new Map<number, unknown>([[5, null]]), 1)).toEqual([]);
  });
});
