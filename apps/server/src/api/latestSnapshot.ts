import type { SnapshotService } from '../SnapshotService';

/** The workshop's newest snapshot with its rows (the plenary is always built from it), or null. */
export async function latestSnapshot(snapshots: SnapshotService, workshopId: string) {
  const list = await snapshots.list(workshopId);
  const newest = list.reduce<(typeof list)[number] | null>((a, s) => (a === null || s.takenAt >= a.takenAt ? s : a), null);
  return newest ? snapshots.get(workshopId, newest.id) : null;
}
