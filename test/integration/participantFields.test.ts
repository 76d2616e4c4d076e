import { readPeople, stateDocName } from '@roomtable/core';
import { ROUTES } from '@roomtable/contract';
import { describe, expect, it, vi } from 'vitest';
import { api } from '../helpers/api';
import { connectClient, waitForSync } from '../helpers/providers';
import { startTestServer } from '../helpers/testServer';

// Issue 17 items 1–2 over real HTTP and real sockets: participant fields at set-up, answered at
// join, read by the facilitator, and never shown to another participant unless public.
// Rules: packages/core/SPEC.md [PF1]–[PF4]; docs/ACCESS.md [AC5].

const REGIONS = ['Africa', 'Asia', 'Europe', 'Latin America'];
const fields = [
  { key: 'region', label: 'Region', options: REGIONS, required: true },
  { key: 'host', label: 'Table host', options: ['yes', 'no'], public: true },
];
/** A private answer as it would appear in JSON: the definitions say `"key":"region"`, an answer `"region":"…"`. */
const PRIVATE_ANSWER = /"region"\s*:/;

async function workshopWithEight() {
  const server = await startTestServer();
  const created = await api(server.url, 'POST', '/workshops', { title: 'Stakeholder day', rooms: 2, fields });
  expect(created.status).toBe(201);
  const { workshop, facilitatorToken: f, joinCode } = created.body;
  const base = `/workshops/${workshop.id}`;
  // Eight people join at the same moment, each answering.
  const joins = await Promise.all(
    Array.from({ length: 8 }, (_, i) =>
      api(server.url, 'POST', `${base}/participants`, { name: `P${i}`, joinCode, answers: { region: REGIONS[i % 4], host: i < 2 ? 'yes' : 'no' } }),
    ),
  );
  for (const j of joins) expect(j.status).toBe(201);
  const people = joins.map((j, i) => ({ id: j.body.participant.id as string, token: j.body.token as string, region: REGIONS[i % 4]! }));
  return { server, id: workshop.id as string, base, f, joinCode: joinCode as string, people };
}

describe('participant fields', () => {
  it('[PF2][PF4] the join form gets the questions; required answers are enforced; the facilitator reads every answer; fields lock at assignment', async () => {
    const { server, base, f, joinCode, people } = await workshopWithEight();
    const lookup = await api(server.url, 'GET', `/join/${joinCode}`);
    expect(lookup.body.workshop.fields.map((x: { key: string }) => x.key)).toEqual(['region', 'host']);
    const missing = await api(server.url, 'POST', `${base}/participants`, { name: 'No answer', joinCode });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('invalid_answers');
    const wrong = await api(server.url, 'POST', `${base}/participants`, { name: 'Mars', joinCode, answers: { region: 'Mars' } });
    expect(wrong.body.error.code).toBe('invalid_answers');
    const all = await api(server.url, 'GET', `${base}/attributes`, undefined, f);
    expect(all.status).toBe(200);
    for (const p of people) expect(all.body.answers[p.id].region).toBe(p.region);
    expect(Object.keys(all.body.answers)).toHaveLength(8);
    // The facilitator edits the questions in the lobby…
    const edited = await api(server.url, 'PUT', `${base}/fields`, { fields: [fields[0], { ...fields[1], label: 'Hosts a table' }] }, f);
    expect(edited.status).toBe(200);
    expect(edited.body.fields[1].label).toBe('Hosts a table');
    expect(edited.body.answers[people[0]!.id]).toEqual({ region: 'Africa', host: 'yes' });
    // …until rooms are assigned.
    expect((await api(server.url, 'POST', `${base}/assignment`, { seed: 's' }, f)).status).toBe(200);
    const locked = await api(server.url, 'PUT', `${base}/fields`, { fields: [] }, f);
    expect(locked.status).toBe(409);
    expect(locked.body.error.code).toBe('fields_locked');
  });

  it('[PF3][AC5] a participant reading every GET and the state document sees public answers only', async () => {
    const { server, id, base, f, joinCode, people } = await workshopWithEight();
    const me = people[3]!;
    const doc = connectClient(server.wsUrl, stateDocName(id), me.token);
    await waitForSync(doc.provider);
    const check = async (phase: string) => {
      let walked = 0;
      for (const r of ROUTES.filter((x) => x.method === 'GET')) {
        const path = r.path.replace(':id', id).replace(':code', joinCode).replace(':n', '1').replace(/:[a-z]+/g, 'x_missing');
        const res = await api(server.url, 'GET', path, undefined, me.token);
        walked++;
        const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
        expect(text, `${phase}: GET ${r.path}`).not.toMatch(PRIVATE_ANSWER);
        if (r.role === 'facilitator') expect(res.status, `${phase}: GET ${r.path}`).toBe(403);
      }
      expect(walked).toBeGreaterThanOrEqual(10);
      await vi.waitFor(() => expect(readPeople(doc.doc.getMap('state'))).toHaveLength(8), 5000);
      expect(JSON.stringify(doc.doc.getMap('state').toJSON()), `${phase}: state document`).not.toMatch(PRIVATE_ANSWER);
      // Public answers are there for everyone: the two table hosts say so.
      const hosts = readPeople(doc.doc.getMap('state'))!.filter((p) => p.attributes?.host === 'yes');
      expect(hosts.map((p) => p.id).sort(), phase).toEqual([people[0]!.id, people[1]!.id].sort());
      const state = (await api(server.url, 'GET', base, undefined, me.token)).body;
      expect(state.participants.filter((p: { attributes?: { host?: string } }) => p.attributes?.host === 'yes')).toHaveLength(2);
    };
    await check('lobby');
    // A participant cannot read or change the questions' answers through the facilitator's routes.
    expect((await api(server.url, 'PUT', `${base}/fields`, { fields: [{ ...fields[0], public: true }] }, me.token)).status).toBe(403);
    expect((await api(server.url, 'POST', `${base}/assignment`, { seed: 'x' }, f)).status).toBe(200);
    expect((await api(server.url, 'POST', `${base}/phase`, { phase: 'breakout' }, f)).status).toBe(200);
    await vi.waitFor(() => expect(readPeople(doc.doc.getMap('state'))!.every((p) => p.room !== null)).toBe(true), 5000);
    await check('breakout');
  });
});

describe('assignment with constraints over HTTP', () => {
  it('[AP1][AP2] preview spread(region) + one table host per room, pin one, apply: exactly the previewed rooms; a stale or forged preview is refused', async () => {
    const { server, base, f, joinCode, people } = await workshopWithEight();
    const choice = { seed: 'round-1', spread: ['region'], perRoom: [{ field: 'host', value: 'yes', min: 1, max: 1 }], pins: { [people[7]!.id]: 1 } };
    const preview = await api(server.url, 'POST', `${base}/assignment/preview`, choice, f);
    expect(preview.status).toBe(200);
    expect(preview.body.scores.map((s: { violations: number }) => s.violations)).toEqual([0, 0]);
    expect(preview.body.baseline).toHaveLength(2);
    const rooms = preview.body.rooms.map((r: { participantIds: string[] }) => r.participantIds) as string[][];
    expect(rooms[0]).toContain(people[7]!.id);
    const hosts = new Set([people[0]!.id, people[1]!.id]);
    expect(rooms.map((r) => r.filter((id) => hosts.has(id)).length)).toEqual([1, 1]);
    // The preview changed nothing.
    expect((await api(server.url, 'GET', base, undefined, f)).body.rooms).toEqual([]);
    // Forged rooms are refused; so is a preview made stale by a late joiner.
    const forged = [rooms[1], rooms[0]];
    expect((await api(server.url, 'POST', `${base}/assignment`, { choice, previewed: forged }, f)).body.error.code).toBe('preview_changed');
    const applied = await api(server.url, 'POST', `${base}/assignment`, { choice, previewed: rooms }, f);
    expect(applied.status).toBe(200);
    expect(applied.body.rooms.map((r: { participantIds: string[] }) => r.participantIds)).toEqual(rooms);
    await api(server.url, 'POST', `${base}/participants`, { name: 'Late', joinCode, answers: { region: 'Asia' } });
    const stale = await api(server.url, 'POST', `${base}/assignment`, { choice, previewed: rooms }, f);
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('preview_changed');
    // A participant can neither preview nor apply.
    expect((await api(server.url, 'POST', `${base}/assignment/preview`, choice, people[2]!.token)).status).toBe(403);
  });
});

describe('importing people before the event', () => {
  it('[PI1][PI2] a CSV list becomes people with answers and personal tokens that work; a bad line adds no one', async () => {
    const { server, base, f, people } = await workshopWithEight();
    const bad = await api(server.url, 'POST', `${base}/people/import`, { csv: 'name,Region\nZoe,Asia\nYan,' }, f);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_import');
    expect((await api(server.url, 'GET', base, undefined, f)).body.participants).toHaveLength(8);
    const ok = await api(server.url, 'POST', `${base}/people/import`, { csv: 'name,Region,Table host\nZoe,asia,yes\n"Diallo, Awa",Africa,no' }, f);
    expect(ok.status).toBe(201);
    expect(ok.body.people.map((p: { name: string }) => p.name)).toEqual(['Zoe', 'Diallo, Awa']);
    const zoe = ok.body.people[0];
    const asZoe = await api(server.url, 'GET', base, undefined, zoe.token);
    expect(asZoe.status).toBe(200);
    expect(asZoe.body.me.participantId).toBe(zoe.id);
    expect(JSON.stringify(asZoe.body)).not.toMatch(PRIVATE_ANSWER);
    expect((await api(server.url, 'GET', `${base}/attributes`, undefined, f)).body.answers[zoe.id]).toEqual({ region: 'Asia', host: 'yes' });
    expect((await api(server.url, 'POST', `${base}/people/import`, { csv: 'name\nMallory' }, people[0]!.token)).status).toBe(403);
  });
});
