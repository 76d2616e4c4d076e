import type { FanOut } from '@roomtable/sync';
import { Presence } from '../sync/Presence';

/** The fan-out channel of presence; like `@workshops`, no document name can be it (no `/`). */
export const PRESENCE_CHANNEL = '@presence';

/** How often each process repeats who is connected to it, and how long a silent process is believed. */
export interface SharedPresenceOptions {
  heartbeatMs?: number;
  expireMs?: number;
  /** changes are sent this long after the first of a burst */
  settleMs?: number;
  now?: () => number;
  onError?: (error: unknown, context: string) => void;
}

interface Announcement {
  /** the announcing process */
  p: string;
  /** workshop id → participant ids connected to that process */
  w: Record<string, string[]>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Presence across server processes: each process tells the others, over the fan-out channel,
 * who is connected to it — shortly after a change and again every heartbeat — and counts
 * someone online when any process that spoke recently has them. A process that dies simply
 * stops speaking; its people count as gone once `expireMs` has passed. Still never written to
 * disk.
 */
export class SharedPresence extends Presence {
  readonly #fanOut: FanOut;
  readonly #processId: string;
  readonly #expireMs: number;
  readonly #settleMs: number;
  readonly #now: () => number;
  readonly #onError: (error: unknown, context: string) => void;
  readonly #remote = new Map<string, { until: number; workshops: Map<string, Set<string>> }>();
  readonly #unsubscribe: () => void;
  readonly #heartbeat: ReturnType<typeof setInterval>;
  #pending: ReturnType<typeof setTimeout> | null = null;
  #stopped = false;

  constructor(fanOut: FanOut, processId: string, options: SharedPresenceOptions = {}) {
    super();
    this.#fanOut = fanOut;
    this.#processId = processId;
    this.#expireMs = options.expireMs ?? 15_000;
    this.#settleMs = options.settleMs ?? 200;
    this.#now = options.now ?? Date.now;
    this.#onError = options.onError ?? ((error, context) => console.error(`[presence] ${context}:`, error));
    this.#unsubscribe = fanOut.subscribe(PRESENCE_CHANNEL, (payload) => this.#receive(payload));
    this.#heartbeat = setInterval(() => this.#announce(), options.heartbeatMs ?? 5000);
    this.#heartbeat.unref();
    // A process that starts asks nobody: the others' next heartbeat tells it within heartbeatMs.
  }

  override add(workshopId: string, participantId: string): void {
    super.add(workshopId, participantId);
    this.#soon();
  }

  override remove(workshopId: string, participantId: string): void {
    super.remove(workshopId, participantId);
    this.#soon();
  }

  override online(workshopId: string): Set<string> {
    const online = super.online(workshopId);
    const now = this.#now();
    for (const [processId, view] of this.#remote) {
      if (view.until < now) {
        this.#remote.delete(processId);
        continue;
      }
      for (const id of view.workshops.get(workshopId) ?? []) online.add(id);
    }
    return online;
  }

  /** Tells the others this process has nobody any more, and stops. */
  override stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    clearInterval(this.#heartbeat);
    if (this.#pending) clearTimeout(this.#pending);
    this.#publish({ p: this.#processId, w: {} });
    this.#unsubscribe();
  }

  #soon(): void {
    if (this.#pending || this.#stopped) return;
    this.#pending = setTimeout(() => this.#announce(), this.#settleMs);
    this.#pending.unref();
  }

  #announce(): void {
    this.#pending = null;
    if (!this.#stopped) this.#publish({ p: this.#processId, w: this.snapshot() });
  }

  #publish(message: Announcement): void {
    try {
      this.#fanOut.publish(PRESENCE_CHANNEL, encoder.encode(JSON.stringify(message)));
    } catch (error) {
      // The next heartbeat tries again; presence is a view, nothing is lost.
      this.#onError(error, 'announcing presence');
    }
  }

  #receive(payload: Uint8Array): void {
    let message: Announcement;
    try {
      message = parseAnnouncement(JSON.parse(decoder.decode(payload)));
    } catch (error) {
      this.#onError(error, 'a malformed presence message');
      return;
    }
    if (message.p === this.#processId) return;
    const workshops = new Map(Object.entries(message.w).map(([id, people]) => [id, new Set(people)]));
    if (workshops.size === 0) this.#remote.delete(message.p);
    else this.#remote.set(message.p, { until: this.#now() + this.#expireMs, workshops });
  }
}

function parseAnnouncement(value: unknown): Announcement {
  const m = value as Announcement | null;
  if (!m || typeof m.p !== 'string' || typeof m.w !== 'object' || m.w === null) throw new Error('not a presence announcement');
  for (const people of Object.values(m.w)) {
    if (!Array.isArray(people) || !people.every((id) => typeof id === 'string')) throw new Error('not a presence announcement');
  }
  return m;
}
