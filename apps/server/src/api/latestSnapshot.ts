import type { SnapshotService } from '../SnapshotService';

/** The workshop's newest snapshot with its rows (the plenary is always built from it), or null. */
export async function latestSnapshot(snapshots: SnapshotService, workshopId: string) {
  // Remembered per workshop until the next snapshot is stored [SN1]: a presenter's every pointer
  // move asks for it, and listing every snapshot from storage per move cost the hall its latency.
  return snapshots.latest(workshopId);
}
