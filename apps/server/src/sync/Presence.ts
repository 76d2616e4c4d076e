/**
 * Who has a live connection open, per workshop, in memory only: presence is never written to
 * disk. The facilitator's progress view reads it.
 */
export class Presence {
  private readonly counts = new Map<string, Map<string, number>>();

  /** Counts one more open connection of this participant. */
  add(workshopId: string, participantId: string): void {
    const byPerson = this.counts.get(workshopId) ?? new Map<string, number>();
    byPerson.set(participantId, (byPerson.get(participantId) ?? 0) + 1);
    this.counts.set(workshopId, byPerson);
  }

  /** Counts one connection of this participant closed. */
  remove(workshopId: string, participantId: string): void {
    const byPerson = this.counts.get(workshopId);
    const n = byPerson?.get(participantId);
    if (!byPerson || n === undefined) return;
    if (n <= 1) byPerson.delete(participantId);
    else byPerson.set(participantId, n - 1);
    if (byPerson.size === 0) this.counts.delete(workshopId);
  }

  /** Participant ids with at least one open connection. */
  online(workshopId: string): Set<string> {
    return new Set(this.counts.get(workshopId)?.keys() ?? []);
  }

  /** Everyone with an open connection to this process, by workshop. */
  snapshot(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const [workshopId, byPerson] of this.counts) out[workshopId] = [...byPerson.keys()];
    return out;
  }

  /** Stops whatever keeps presence current elsewhere; nothing to do for one process. */
  stop(): void {}
}
