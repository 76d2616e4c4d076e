import { plenaryDocName, readNotesText, roomDocName, stateDocName, type Phase } from '@roomtable/core';
import * as Y from 'yjs';
import { describe, expect, it, vi } from 'vitest';
import { api, createWorkshopWith } from '../helpers/api';
import { addMarker, markersIn } from '../helpers/tableMarkers';
import { connectClient, roundTrip, waitForClose, waitForSync } from '../helpers/providers';
import { startTestServer, type TestServer } from '../helpers/testServer';
import { readAccessTables, ROLES, type Role } from './accessTable';

const { routes, documents } = readAccessTables();
const PHASES: Phase[] = ['lobby', 'breakout', 'reporting', 'closed'];
const PATH_TO: Record<Phase, Phase[]> = {
  lobby: [],
  breakout: ['breakout'],
  reporting: ['breakout', 'reporting'],
  closed: ['breakout', 'reporting', 'closed'],
};

/** A workshop in `phase` with two rooms, a rapporteur for room 1, a snapshot, and (in reporting) a question and a poll. */
async function setUp(server: TestServer, phase: Phase) {
  const w = await createWorkshopWith(server.url, ['Ana', 'Bo', 'Chen', 'Dede'], { rooms: 2, suggestions: ['Share information'] });
  const outsider = await createWorkshopWith(server.url, ['Zed'], { rooms: 1 });
  const f = w.facilitatorToken;
  const base = `/workshops/${w.workshopId}`;
  const ok = (res: { status: number; body: any }, what: string) => {
    if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
    return res;
  };
  ok(await api(server.url, 'POST', `${base}/assignment`, { seed: 'access' }, f), 'assign');
  // Only the people made here have tokens we know; late joiners added by the walk do not.
  const tokens = new Map(w.participants.map((p) => [p.id, p.token]));
  const read = async () => (await api(server.url, 'GET', base, undefined, f)).body;
  let state = await read();
  const room1: string[] = state.rooms[0].participantIds;
  ok(await api(server.url, 'PUT', `${base}/rooms/1/rapporteur`, { participantId: room1[0] }, f), 'rapporteur');
  const sid = ok(await api(server.url, 'POST', `${base}/snapshots`, undefined, f), 'snapshot').body.snapshot.id as string;
  let qid = 'q_missing';
  let pollid = 'poll_missing';
  for (const p of PATH_TO[phase]) {
    ok(await api(server.url, 'POST', `${base}/phase`, { phase: p }, f), `phase ${p}`);
    if (p === 'reporting') {
      qid = ok(await api(server.url, 'POST', `${base}/questions`, { room: 1, text: 'How?' }, f), 'question').body.question.id;
      pollid = ok(await api(server.url, 'POST', `${base}/polls`, { kind: 'rating' }, f), 'poll').body.poll.id;
      ok(await api(server.url, 'PUT', `${base}/plenary/presenting`, { room: 1 }, f), 'presenting');
    }
  }
  /** The token of each role, read afresh: a facilitator's action may have moved people. */
  const roleTokens = async (): Promise<Record<Role, string | undefined>> => {
    state = await read();
    const [r1, r2] = state.rooms as Array<{ participantIds: string[]; rapporteurId: string | null }>;
    const rapporteur = r1!.rapporteurId;
    return {
      anonymous: undefined,
      outsider: outsider.participants[0]!.token,
      member: tokens.get(r1!.participantIds.find((id) => id !== rapporteur && tokens.has(id))!),
      other: tokens.get(r2!.participantIds.find((id) => tokens.has(id))!),
      rapporteur: rapporteur ? tokens.get(rapporteur) : undefined,
      facilitator: f,
    };
  };
  // The owner's link: revoking it with itself in hand is refused (409), showing it again works.
  const kid = ok(await api(server.url, 'GET', `${base}/facilitators`, undefined, f), 'links').body.current as string;
  return {
    w,
    base,
    kid,
    sid,
    qid,
    pollid,
    roleTokens,
    otherId: () => (state.rooms[1].participantIds as string[]).find((id) => tokens.has(id))!,
  };
}

describe('docs/ACCESS.md, walked over real HTTP', () => {
  for (const phase of PHASES) {
    it(`[AC1] ${phase}: every route × role is authorised exactly as the table says`, async () => {
      const server = await startTestServer();
      const s = await setUp(server, phase);
      const { w } = s;
      const concrete = (route: string) =>
        route
          .replace('/api', '')
          .replace(':id', w.workshopId)
          .replace(':code', w.joinCode)
          .replace(':pid', s.otherId())
          .replace(':n', '1')
          .replace(':sid', s.sid)
          .replace(':qid', s.qid)
          .replace(':pollid', s.pollid)
          .replace(':kid', s.kid);
      const query: Record<string, string> = {
        '/api/workshops/:id/export': '?format=json',
        '/api/workshops/:id/snapshots/:sid/download': '?format=json',
        '/api/workshops/:id/diff': `?room=1&from=${s.sid}&to=live`,
      };
      const bodies: Record<string, unknown> = {
        'POST /api/workshops': { title: 'Another' },
        'POST /api/workshops/lookup': { tokens: [] },
        'POST /api/workshops/:id/participants': { name: 'Late', joinCode: w.joinCode },
        'PATCH /api/workshops/:id': { autoAdvance: false },
        'PUT /api/workshops/:id/fields': { fields: [] },
        'POST /api/workshops/:id/people/import': { csv: 'name' },
        'POST /api/workshops/:id/assignment': { seed: 'access' },
        'POST /api/workshops/:id/assignment/preview': { seed: 'access' },
        'PATCH /api/workshops/:id/participants/:pid': { room: 2 },
        'POST /api/workshops/:id/phase': { phase },
        // The same rooms, so the walk's roles stay where they are when the plenary starts round 2.
        'POST /api/workshops/:id/rounds': { assignment: 'same' },
        'POST /api/workshops/:id/clock': { action: 'extend', minutes: 1 },
        'POST /api/workshops/:id/broadcast': { message: 'Hello' },
        'PUT /api/workshops/:id/rooms/:n/rapporteur': { participantId: null },
        'POST /api/workshops/:id/rooms/:n/time': { minutes: 1 },
        'PUT /api/workshops/:id/rooms/:n/message': { message: 'Hello, room 1' },
        'PUT /api/workshops/:id/plenary/presenting': { room: 1 },
        'PUT /api/workshops/:id/plenary/pointer': { row: 0 },
        'PUT /api/workshops/:id/plenary/note-takers': { participantIds: [] },
        'POST /api/workshops/:id/questions': { room: 1, text: 'Why?' },
        'PATCH /api/workshops/:id/questions/:qid': { answered: true },
        'POST /api/workshops/:id/polls': { kind: 'rating' },
        'PUT /api/workshops/:id/polls/:pollid/ballot': { kind: 'rating', ratings: {} },
        'PUT /api/workshops/:id/review/ungrouped': { ungrouped: [] },
        'POST /api/workshops/:id/rooms/:n/restore': { snapshotId: s.sid },
        'DELETE /api/workshops/:id': { confirm: 'ccNSO purpose review' },
        'POST /api/workshops/:id/facilitators': { label: 'Co-facilitator' },
        'POST /api/workshops/:id/participants/:pid/merge': { into: 'p_missing' },
      };
      const stable = async () => {
        const body = (await api(server.url, 'GET', s.base, undefined, w.facilitatorToken)).body;
        delete body.serverNow;
        delete body.workshop.remainingMs;
        return JSON.stringify(body);
      };
      // Deleting the workshop ends the walk, so it goes last, and removing a person just before it.
      const last = (r: { method: string; route: string }) =>
        r.method !== 'DELETE' ? 0 : r.route === '/api/workshops/:id' ? 2 : r.route === '/api/workshops/:id/participants/:pid' ? 1 : 0;
      const ordered = [...routes].sort((a, b) => last(a) - last(b));
      let walked = 0;
      for (const rule of ordered) {
        const key = `${rule.method} ${rule.route}`;
        const url = concrete(rule.route) + (query[rule.route] ?? '');
        const tokens = await s.roleTokens();
        const refused = ROLES.filter((r) => !rule.allowed[r]);
        const before = refused.length > 0 ? await stable() : '';
        for (const role of refused) {
          const res = await api(server.url, rule.method, url, bodies[key], tokens[role]);
          expect([401, 403], `${phase}: ${key} as ${role} → ${res.status} ${JSON.stringify(res.body)}`).toContain(res.status);
          expect(res.body.error.code, `${key} as ${role}`).toMatch(/unauthorized|forbidden/);
          walked++;
        }
        if (refused.length > 0) expect(await stable(), `${phase}: ${key} refused calls changed nothing`).toBe(before);
        for (const role of ROLES.filter((r) => rule.allowed[r])) {
          const token = tokens[role];
          if (!token && role !== 'anonymous') continue; // a facilitator's reshuffle may have emptied this role
          const res = await api(server.url, rule.method, url, bodies[key], token);
          expect(res.status, `${phase}: ${key} as ${role} → ${res.status} ${JSON.stringify(res.body)}`).not.toBe(401);
          expect(res.status, `${phase}: ${key} as ${role} → ${JSON.stringify(res.body)}`).not.toBe(403);
          expect(res.status, `${phase}: ${key} as ${role}`).toBeLessThan(500);
          walked++;
        }
      }
      expect(walked).toBeGreaterThan(routes.length * 4);
    });
  }
});

/**
 * A write a person with write access makes, valid for the document's kind (the server refuses
 * anything else): a marker typed into a room's table, a paragraph of notes; the state document
 * takes no client write at all, so anything will do there.
 */
function writeProbe(doc: Y.Doc, document: string, label: string): void {
  if (document.startsWith('room')) return addMarker(doc, label);
  if (document === 'plenary') {
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText(label)]);
    doc.getXmlFragment('default').insert(0, [paragraph]);
    return;
  }
  doc.getMap('probe').set(label, true);
}

function hasProbe(doc: Y.Doc, document: string, label: string): boolean {
  if (document.startsWith('room')) return markersIn(doc).includes(label);
  if (document === 'plenary') return readNotesText(doc).split('\n').includes(label);
  return doc.getMap('probe').get(label) === true;
}

describe('docs/ACCESS.md, walked over real sockets with stock clients', () => {
  for (const phase of PHASES) {
    it(`[AC2] ${phase}: every document × role has exactly the access the table says`, async () => {
      const server = await startTestServer();
      const s = await setUp(server, phase);
      const tokens = await s.roleTokens();
      const names: Record<string, string> = {
        'room 1': roomDocName(s.w.workshopId, 1),
        'room 2': roomDocName(s.w.workshopId, 2),
        state: stateDocName(s.w.workshopId),
        plenary: plenaryDocName(s.w.workshopId),
      };
      for (const rule of documents) {
        const label = `${phase}/${rule.role}/${rule.document}`;
        const expected = rule.access[phase];
        const client = connectClient(server.wsUrl, names[rule.document]!, tokens[rule.role] ?? '');
        if (expected === 'refused') {
          const closed = await waitForClose(client.provider);
          expect(closed.code, label).toBeGreaterThanOrEqual(4400);
          expect(client.doc.getXmlFragment('default').length, label).toBe(0);
          expect(client.doc.getMap('state').size, label).toBe(0);
          client.provider.destroy();
          continue;
        }
        await waitForSync(client.provider);
        writeProbe(client.doc, rule.document, label);
        const observer = connectClient(server.wsUrl, names[rule.document]!, s.w.facilitatorToken);
        await waitForSync(observer.provider);
        // Frames are handled in order: once a save check sent after the write is answered, the
        // server has decided about the write.
        await roundTrip(client.provider);
        if (expected === 'write') {
          await vi.waitFor(() => expect(hasProbe(observer.doc, rule.document, label), label).toBe(true), 5000);
        } else {
          await server.documents.flush();
          expect(await server.documents.withDocument(names[rule.document]!, (d) => hasProbe(d, rule.document, label)), label).toBe(false);
          expect(hasProbe(observer.doc, rule.document, label), label).toBe(false);
        }
        client.provider.destroy();
        observer.provider.destroy();
      }
    });
  }
});

describe('permissions follow the phase at once', () => {
  it('[AC3] the end of the break-out takes a member’s write permission away for the next frame', async () => {
    const server = await startTestServer();
    const s = await setUp(server, 'breakout');
    const tokens = await s.roleTokens();
    const room1 = roomDocName(s.w.workshopId, 1);
    const member = connectClient(server.wsUrl, room1, tokens.member!);
    await waitForSync(member.provider);
    addMarker(member.doc, 'during');
    await vi.waitFor(async () =>
      expect(await server.documents.withDocument(room1, (d) => markersIn(d))).toContain('during'), 5000,
    );
    expect((await api(server.url, 'POST', `${s.base}/phase`, { phase: 'reporting' }, s.w.facilitatorToken)).status).toBe(200);
    addMarker(member.doc, 'after');
    await roundTrip(member.provider);
    expect(await server.documents.withDocument(room1, (d) => markersIn(d))).not.toContain('after');
  });
});
