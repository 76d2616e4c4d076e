import type { FanOut } from '@roomtable/sync';

/** A stored workshop record as it travels between processes; `data` null means it was deleted. */
export interface WorkshopChange {
  id: string;
  version: number;
  data: string | null;
}

/**
 * Tells the other server processes that a workshop record changed, so their caches (which the
 * permission check of every incoming update reads) follow within milliseconds. The record
 * travels whole, so a receiver updates its cache at once, without a database round trip.
 */
export interface WorkshopChanges {
  publish(change: WorkshopChange): void;
  /** Calls `listener` for changes other processes made; returns the unsubscribe function. */
  subscribe(listener: (change: WorkshopChange) => void): () => void;
  /** Calls `listener` after messages may have been lost (Redis reconnected): re-read every record. */
  onReconnect(listener: () => void): () => void;
}

/**
 * The channel of workshop changes, beside the document channels. Document names always hold a
 * `/` (`<id>/state`, `<id>/room/1`), so this name can never be a document's, and clients cannot
 * open it: the sync endpoint refuses names that are not documents.
 */
export const WORKSHOP_CHANNEL = '@workshops';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Workshop changes over a fan-out (Redis in a cluster); a single process needs none. */
export function fanOutWorkshopChanges(fanOut: FanOut, onError: (error: unknown, context: string) => void): WorkshopChanges {
  return {
    publish(change) {
      fanOut.publish(WORKSHOP_CHANNEL, encoder.encode(JSON.stringify(change)));
    },
    subscribe(listener) {
      return fanOut.subscribe(WORKSHOP_CHANNEL, (payload) => {
        let change: WorkshopChange;
        try {
          change = parseChange(JSON.parse(decoder.decode(payload)));
        } catch (error) {
          onError(error, 'a malformed workshop change message');
          return;
        }
        listener(change);
      });
    },
    onReconnect(listener) {
      return fanOut.onReconnect?.(() => listener()) ?? (() => {});
    },
  };
}

function parseChange(value: unknown): WorkshopChange {
  const v = value as Partial<WorkshopChange> | null;
  if (
    !v ||
    typeof v.id !== 'string' ||
    typeof v.version !== 'number' ||
    !(typeof v.data === 'string' || v.data === null)
  ) {
    throw new Error('not a workshop change');
  }
  return { id: v.id, version: v.version, data: v.data };
}
