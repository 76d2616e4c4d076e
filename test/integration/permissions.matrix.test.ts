import { DEFAULT_TEMPLATE, plenaryDocName, readRows, roomDocName, stateDocName, type Phase } from '@roomtable/core';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { api, createWorkshopWith } from '../helpers/api';
import { connectClient, eventually, waitForClose, waitForSync } from '../helpers/providers';
import { startTestServer, type TestServer } from '../helpers/testServer';

type Who = 'facilitator' | 'member1' | 'member2' | 'outsider';
type Doc = 'room1' | 'room2' | 'state' | 'plenary';
type Expect = 'write' | 'read' | 'refused';

// The matrix of SPEC.md [PM1]–[PM6], written out by hand so the test does not re-derive it from
// the code under test.
const MATRIX: Record<Exclude<Phase, 'lobby'> | 'lobby', Record<Who, Record<Doc, Expect>>> = {
  lobby: {
    facilitator: { room1: 'write', room2: 'write', state: 'read', plenary: 'write' },
    member1: { room1: 'read', room2: 'read', state: 'read', plenary: 'read' },
    member2: { room1: 'read', room2: 'read', state: 'read', plenary: 'read' },
    outsider: { room1: 'refused', room2: 'refused', state: 'refused', plenary: 'refused' },
  },
  breakout: {
    facilitator: { room1: 'write', room2: 'write', state: 'read', plenary: 'write' },
    member1: { room1: 'write', room2: 'read', state: 'read', plenary: 'read' },
    member2: { room1: 'read', room2: 'write', state: 'read', plenary: 'read' },
    outsider: { room1: 'refused', room2: 'refused', state: 'refused', plenary: 'refused' },
  },
  reporting: {
    facilitator: { room1: 'write', room2: 'write', state: 'read', plenary: 'write' },
    member1: { room1: 'read', room2: 'read', state: 'read', plenary: 'read' },
    member2: { room1: 'read', room2: 'read', state: 'read', plenary: 'read' },
    outsider: { room1: 'refused', room2: 'refused', state: 'refused', plenary: 'refused' },
  },
  closed: {
    facilitator: { room1: 'write', room2: 'write', state: 'read', plenary: 'write' },
    member1: { room1: 'read', room2: 'read', state: 'read', plenary: 'read' },
    member2: { room1: 'read', room2: 'read', state: 'read', plenary: 'read' },
    outsider: { room1: 'refused', room2: 'refused', state: 'refused', plenary: 'refused' },
  },
};

const PHASE_PATH: Record<Phase, Phase[]> = {
  lobby: [],
  breakout: ['breakout'],
  reporting: ['breakout', 'reporting'],
  closed: ['breakout', 'reporting', 'closed'],
};

async function setUp(server: TestServer, phase: Phase) {
  const w = await createWorkshopWith(server.url, ['Ana', 'Bo'], { rooms: 2 });
  const other = await createWorkshopWith(server.url, ['Zed'], { rooms: 1 });
  const base = `/workshops/${w.workshopId}`;
  expect((await api(server.url, 'POST', `${base}/assignment`, { seed: 'x' }, w.facilitatorToken)).status).toBe(200);
  const state = (await api(server.url, 'GET', base, undefined, w.facilitatorToken)).body;
  const roomOf = (id: string) => state.participants.find((p: { id: string }) => p.id === id).room as number;
  // Name the members by their room, whichever way the seed placed them.
  const [a, b] = w.participants;
  const member1 = roomOf(a!.id) === 1 ? a! : b!;
  const member2 = member1 === a ? b! : a!;
  for (const p of PHASE_PATH[phase]) {
    expect((await api(server.url, 'POST', `${base}/phase`, { phase: p }, w.facilitatorToken)).status).toBe(200);
  }
  const tokens: Record<Who, string> = {
    facilitator: w.facilitatorToken,
    member1: member1.token,
    member2: member2.token,
    outsider: other.participants[0]!.token,
  };
  const names: Record<Doc, string> = {
    room1: roomDocName(w.workshopId, 1),
    room2: roomDocName(w.workshopId, 2),
    state: stateDocName(w.workshopId),
    plenary: plenaryDocName(w.workshopId),
  };
  return { tokens, names, facilitatorToken: w.facilitatorToken };
}

/** A change every kind of document would accept if it were allowed: a marker in a side map. */
function writeMarker(doc: Y.Doc, marker: string) {
  doc.getMap('probe').set(marker, true);
}

/**
 * Resolves once the server has processed everything `client` sent so far: frames are handled in
 * order, so when an awareness change sent after them reaches `observer`, they have been handled.
 */
async function serverHasProcessed(
  client: ReturnType<typeof connectClient>,
  observer: ReturnType<typeof connectClient>,
  label: string,
) {
  client.provider.awareness.setLocalStateField('probe', label);
  await eventually(() => {
    const seen = [...observer.provider.awareness.getStates().values()].some((s) => s.probe === label);
    expect(seen, `awareness "${label}" reached the observer`).toBe(true);
  });
}

describe('the permission matrix over real sockets, with stock clients', () => {
  for (const phase of ['lobby', 'breakout', 'reporting', 'closed'] as Phase[]) {
    it(`[PM] ${phase}: every role × document`, async () => {
      const server = await startTestServer();
      const { tokens, names, facilitatorToken } = await setUp(server, phase);
      for (const who of Object.keys(MATRIX[phase]) as Who[]) {
        for (const doc of Object.keys(names) as Doc[]) {
          const expected = MATRIX[phase][who][doc];
          const label = `${phase}/${who}/${doc}`;
          const client = connectClient(server.wsUrl, names[doc], tokens[who]);
          if (expected === 'refused') {
            const closed = await waitForClose(client.provider);
            expect(closed.code, label).toBeGreaterThanOrEqual(4400);
            expect(client.doc.getXmlFragment('default').length, label).toBe(0);
            expect(client.doc.getMap('state').size, label).toBe(0);
            client.provider.destroy();
            continue;
          }
          await waitForSync(client.provider);
          writeMarker(client.doc, label);
          // An observer with the facilitator's token reads what the server accepted.
          const observer = connectClient(server.wsUrl, names[doc], facilitatorToken);
          await waitForSync(observer.provider);
          if (expected === 'write') {
            await eventually(() => expect(observer.doc.getMap('probe').get(label), label).toBe(true));
          } else {
            await serverHasProcessed(client, observer, label);
            await server.documents.flush();
            const stored = await server.documents.withDocument(names[doc], (d) => d.getMap('probe').get(label));
            expect(stored, label).toBeUndefined();
            expect(observer.doc.getMap('probe').get(label), label).toBeUndefined();
          }
          client.provider.destroy();
          observer.provider.destroy();
        }
      }
    });
  }

  it('the end of the break-out takes a member’s write permission away at once', async () => {
    const server = await startTestServer();
    const { tokens, names, facilitatorToken } = await setUp(server, 'breakout');
    const member = connectClient(server.wsUrl, names.room1, tokens.member1);
    await waitForSync(member.provider);
    writeMarker(member.doc, 'during');
    await eventually(async () =>
      expect(await server.documents.withDocument(names.room1, (d) => d.getMap('probe').get('during'))).toBe(true),
    );
    const workshopId = names.room1.split('/')[0];
    expect((await api(server.url, 'POST', `/workshops/${workshopId}/phase`, { phase: 'reporting' }, facilitatorToken)).status).toBe(200);
    writeMarker(member.doc, 'after');
    const observer = connectClient(server.wsUrl, names.room1, facilitatorToken);
    await waitForSync(observer.provider);
    await serverHasProcessed(member, observer, 'after');
    expect(await server.documents.withDocument(names.room1, (d) => d.getMap('probe').get('after'))).toBeUndefined();
    expect(readRows(member.doc, DEFAULT_TEMPLATE).length).toBe(1);
  });
});
