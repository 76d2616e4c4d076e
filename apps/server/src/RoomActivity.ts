import type * as Y from 'yjs';
import { storageOrigin } from '@roomtable/sync';

/**
 * When each room's table last changed by someone's edit [RP2], in this process's memory only (no
 * presence or edit history goes to disk [DESIGN]). A document is watched from the first time the
 * progress view reads it; the console reads every room every few seconds, so a room stays watched
 * while the facilitator looks. The server's own writes (seeding, restoring) and updates read back
 * from storage are not activity.
 */
export class RoomActivity {
  private readonly last = new Map<string, number>();
  private readonly watched = new WeakSet<Y.Doc>();

  constructor(
    private readonly now: () => number,
    /** Origins that are not a person's edit (the server's own). */
    private readonly ignoredOrigins: readonly unknown[],
  ) {}

  /** Starts watching `doc` (once per loaded document object) under `name`. */
  watch(name: string, doc: Y.Doc): void {
    if (this.watched.has(doc)) return;
    this.watched.add(doc);
    doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (origin === storageOrigin || this.ignoredOrigins.includes(origin)) return;
      this.last.set(name, this.now());
    });
  }

  /** The last edit seen on `name`, or null when none was seen. */
  lastAt(name: string): number | null {
    return this.last.get(name) ?? null;
  }

  /** Forgets every document whose name starts with `prefix` (a deleted workshop). */
  forget(prefix: string): void {
    for (const name of [...this.last.keys()]) if (name.startsWith(prefix)) this.last.delete(name);
  }
}
