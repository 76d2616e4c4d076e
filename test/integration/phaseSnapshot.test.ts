import { roomDocName } from '@roomtable/core';
import { MemoryStorage } from '@roomtable/sync';
import { describe, expect, it } from 'vitest';
import { api, createWorkshopWith } from '../helpers/api';
import { connectSaveCheckClient } from '../helpers/saveCheckClient';
import { startBreakout } from '../helpers/startBreakout';
import { addMarker } from '../helpers/tableMarkers';
import { startTestServer } from '../helpers/testServer';

/** Memory storage whose snapshot writes (and, when asked, workshop writes) fail while a switch is on. */
function failingStorage() {
  const storage = new MemoryStorage();
  const fail = { snapshots: false, workshopSavesAfter: Infinity };
  const addSnapshot = storage.addSnapshot.bind(storage);
  storage.addSnapshot = async (snapshot) => {
    if (fail.snapshots) throw new Error('disk full');
    return addSnapshot(snapshot);
  };
  const saveWorkshop = storage.saveWorkshop.bind(storage);
  storage.saveWorkshop = async (id, data, expected) => {
    if (fail.workshopSavesAfter-- <= 0) throw new Error('database gone');
    return saveWorkshop(id, data, expected);
  };
  return { storage, fail };
}

async function breakout(storage: MemoryStorage) {
  const server = await startTestServer({ storage });
  const w = await createWorkshopWith(server.url, ['Ana'], { rooms: 1 });
  await startBreakout(server.url, w.workshopId, w.facilitatorToken, 's');
  const phase = (body: unknown) => api(server.url, 'POST', `/workshops/${w.workshopId}/phase`, body, w.facilitatorToken);
  const read = async () => (await api(server.url, 'GET', `/workshops/${w.workshopId}`, undefined, w.facilitatorToken)).body.workshop.phase;
  const snapshots = async () => (await api(server.url, 'GET', `/workshops/${w.workshopId}/snapshots`, undefined, w.facilitatorToken)).body.snapshots as Array<{ id: string; reason: string }>;
  return { server, w, phase, read, snapshots };
}

describe('a phase change holds together with its snapshot', () => {
  it('[PH8] the snapshot failing at the end of the break-out changes nothing, says so, and the room stays open', async () => {
    const { storage, fail } = failingStorage();
    const { server, w, phase, read, snapshots } = await breakout(storage);
    fail.snapshots = true;
    const refused = await phase({ phase: 'reporting' });
    expect(refused).toEqual({
      status: 503,
      body: { error: { code: 'change_not_made', message: 'Nothing was changed: the snapshot of the rooms at the end of the break-out could not be stored (disk full). Try again.' } },
    });
    expect(await read()).toBe('breakout');
    expect(await snapshots()).toEqual([]);
    // Still the break-out: Ana's edit is accepted and stored.
    const ana = connectSaveCheckClient(server.wsUrl, roomDocName(w.workshopId, 1), w.participants[0]!.token);
    await ana.synced;
    addMarker(ana.doc, 'typed after the failed end');
    expect(await ana.saveCheck()).toBe(true);
    ana.close();
    fail.snapshots = false;
    expect((await phase({ phase: 'reporting' })).status).toBe(200);
    expect(await read()).toBe('reporting');
    const [ended] = await snapshots();
    expect(ended?.reason).toBe('breakout-ended');
    const taken = await api(server.url, 'GET', `/workshops/${w.workshopId}/snapshots/${ended!.id}`, undefined, w.facilitatorToken);
    expect(JSON.stringify(taken.body.snapshot.rooms[0].rows)).toContain('typed after the failed end');
  });

  it('[PH8] when even taking the change back fails, the answer says the phase did change', async () => {
    const { storage, fail } = failingStorage();
    const { phase, read } = await breakout(storage);
    fail.snapshots = true;
    fail.workshopSavesAfter = 1; // the change itself is stored, taking it back is not
    const answer = await phase({ phase: 'reporting' });
    expect(answer.status).toBe(503);
    expect(answer.body.error).toEqual({
      code: 'change_incomplete',
      message: 'The change was saved (the workshop is now in phase "reporting"), but the snapshot of the rooms at the end of the break-out could not be stored (disk full).',
    });
    fail.workshopSavesAfter = Infinity;
    expect(await read()).toBe('reporting');
  });
});
