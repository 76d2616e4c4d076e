import { addParticipant, assign, createWorkshop, DomainError, setPhase, type Workshop } from '@roomtable/core';
import { DocumentManager, MemoryStorage } from '@roomtable/sync';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WorkshopService } from '../src/WorkshopService';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function service() {
  const storage = new MemoryStorage();
  const documents = new DocumentManager({ storage, unloadGraceMs: 0 });
  const workshops = new WorkshopService(storage, documents, () => 1_000, null);
  cleanups.push(async () => {
    workshops.stop();
    await documents.close();
  });
  await workshops.start();
  await workshops.create(() => createWorkshop({ id: 'w1', joinCode: 'ABCDEF', now: 0, title: 'Groups' }));
  return { storage, workshops };
}

const join = (n: number) => (w: Workshop) => addParticipant(w, { id: `p${n}`, name: `Person ${n}`, now: 0 });

describe('[WR1] changes that wait are stored together', () => {
  it('fifty joins at once: every one answers with a stored record holding it, in far fewer writes; a refused one fails alone', async () => {
    const { storage, workshops } = await service();
    const saves = vi.spyOn(storage, 'saveWorkshop');
    const refused = () => {
      throw new DomainError('invalid_name', 'refused on purpose');
    };
    const answers = await Promise.allSettled([
      ...Array.from({ length: 25 }, (_, n) => workshops.mutate('w1', join(n))),
      workshops.mutate('w1', refused),
      ...Array.from({ length: 25 }, (_, n) => workshops.mutate('w1', join(25 + n))),
    ]);
    expect(answers.filter((a) => a.status === 'rejected')).toHaveLength(1);
    expect((answers[25] as PromiseRejectedResult).reason).toBeInstanceOf(DomainError);
    // The first change is stored alone (nothing waited yet); the other 49 wait and go as one.
    expect(saves.mock.calls.length).toBeLessThanOrEqual(3);
    const stored = JSON.parse((await storage.getWorkshop('w1'))!.data) as Workshop;
    expect(stored.participants).toHaveLength(50);
    answers.forEach((a, i) => {
      if (i === 25) return;
      const n = i < 25 ? i : i - 1;
      // Each answers only once its change is stored, with a record that holds it.
      expect((a as PromiseFulfilledResult<Workshop>).value.participants.some((p) => p.id === `p${n}`)).toBe(true);
    });
  });

  it('a change of phase goes alone: a failing side effect takes back only the phase change, never the joins around it', async () => {
    const { storage, workshops } = await service();
    await workshops.mutate('w1', (w) => assign(join(100)(join(101)(w)), 'seed'));
    const phases: string[] = [];
    workshops.onChange(async (before, after) => {
      if (before.phase !== after.phase) {
        phases.push(after.phase);
        throw new Error('the snapshot could not be stored');
      }
    });
    const [a, phase, b] = await Promise.allSettled([
      workshops.mutate('w1', join(1)),
      workshops.mutate('w1', (w, now) => setPhase(w, 'breakout', now)),
      workshops.mutate('w1', join(2)),
    ]);
    expect(a.status).toBe('fulfilled');
    expect(phase.status).toBe('rejected');
    expect(b.status).toBe('fulfilled');
    expect(phases).toEqual(['breakout']);
    const stored = JSON.parse((await storage.getWorkshop('w1'))!.data) as Workshop;
    expect(stored.phase).toBe('lobby');
    expect(stored.participants.map((p) => p.id).sort()).toEqual(['p1', 'p100', 'p101', 'p2']);
  });
});
