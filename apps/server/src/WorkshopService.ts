import {
  DomainError,
  publicState,
  readRows,
  roomDocName,
  roomStats,
  seedRoomIfEmpty,
  stateDocName,
  tick,
  writeState,
  type Workshop,
} from '@roomtable/core';
import type { DocumentManager, Storage } from '@roomtable/sync';
import { ApiError } from './api/ApiError';
import { newJoinCode, normaliseJoinCode } from './ids';
import type { WorkshopChange, WorkshopChanges } from './scale/WorkshopChanges';

interface Cached {
  workshop: Workshop;
  version: number;
}

/** Origin of the server's own writes into live documents. */
export const SERVER_ORIGIN = 'roomtable-server';

/**
 * The workshops: their records in storage (one JSON record each, optimistic concurrency so that
 * several processes can serve one workshop), a cache, the projection of each into its live
 * `<id>/state` document, the seeding of room tables, and the phase clock's ticker.
 */
export class WorkshopService {
  private readonly cache = new Map<string, Cached>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly seeded = new Set<string>();
  private ticker: ReturnType<typeof setInterval> | null = null;
  private readonly listeners: Array<(before: Workshop, after: Workshop) => Promise<void>> = [];
  private readonly unsubscribes: Array<() => void> = [];

  constructor(
    private readonly storage: Storage,
    private readonly documents: DocumentManager,
    private readonly now: () => number = Date.now,
    /** Other server processes' changes (several processes on Redis); null when this one is alone. */
    private readonly changes: WorkshopChanges | null = null,
  ) {}

  /** Loads the workshops whose clock is running, then ticks every second. */
  async start(): Promise<void> {
    if (this.changes) {
      // Subscribed before reading storage, so a change made meanwhile is not missed.
      this.unsubscribes.push(
        this.changes.subscribe((change) => this.applyRemote(change)),
        this.changes.onReconnect(() => void this.refreshAll()),
      );
    }
    for (const rec of await this.storage.listWorkshops()) {
      const workshop = JSON.parse(rec.data) as Workshop;
      this.cache.set(rec.id, { workshop, version: rec.version });
    }
    this.ticker = setInterval(() => void this.tickAll(), 1000);
    this.ticker.unref();
  }

  /** Calls `listener` after every stored change (in the process that made it), e.g. to snapshot. */
  onChange(listener: (before: Workshop, after: Workshop) => Promise<void>): void {
    this.listeners.push(listener);
  }

  /** Stops the ticker. */
  stop(): void {
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
  }

  /** Stores a new workshop made by `make` with a fresh, unused join code. */
  async create(make: (joinCode: string) => Workshop): Promise<Workshop> {
    const codes = new Set((await this.all()).map((w) => w.joinCode));
    let joinCode = newJoinCode();
    while (codes.has(joinCode)) joinCode = newJoinCode();
    const workshop = make(joinCode);
    const data = JSON.stringify(workshop);
    const version = await this.storage.saveWorkshop(workshop.id, data, null);
    if (version === null) throw new ApiError(409, 'conflict', 'A workshop with this id exists already.');
    this.cache.set(workshop.id, { workshop, version });
    this.changes?.publish({ id: workshop.id, version, data });
    await this.publish(workshop);
    return workshop;
  }

  /** The workshop, or null when there is none with this id. */
  async get(id: string): Promise<Workshop | null> {
    const hit = this.cache.get(id);
    if (hit) return hit.workshop;
    const rec = await this.storage.getWorkshop(id);
    if (!rec) return null;
    const workshop = JSON.parse(rec.data) as Workshop;
    this.cache.set(id, { workshop, version: rec.version });
    return workshop;
  }

  /** The cached workshop, synchronously: permission checks on every incoming update use it. */
  peek(id: string): Workshop | null {
    return this.cache.get(id)?.workshop ?? null;
  }

  /** The workshop, or a 404 ApiError. */
  async require(id: string): Promise<Workshop> {
    const w = await this.get(id);
    if (!w) throw new ApiError(404, 'not_found', `There is no workshop with id "${id}".`);
    return w;
  }

  /** The workshop whose join code this is (case and spaces do not matter), or null. */
  async findByJoinCode(code: string): Promise<Workshop | null> {
    const wanted = normaliseJoinCode(code);
    if (!wanted) return null;
    const cached = [...this.cache.values()].find((c) => c.workshop.joinCode === wanted);
    if (cached) return cached.workshop;
    return (await this.all()).find((w) => w.joinCode === wanted) ?? null;
  }

  /** Drops a deleted workshop from this process's memory so nothing serves, ticks or re-seeds it. */
  forget(id: string): void {
    this.drop(id);
    this.changes?.publish({ id, version: 0, data: null });
  }

  private drop(id: string): void {
    this.cache.delete(id);
    for (const name of [...this.seeded]) if (name.startsWith(`${id}/`)) this.seeded.delete(name);
  }

  /** Another process stored a change: take it if it is newer than what this process knows. */
  private applyRemote(change: WorkshopChange): void {
    if (change.data === null) return this.drop(change.id);
    const cached = this.cache.get(change.id);
    if (cached && cached.version >= change.version) return;
    this.cache.set(change.id, { workshop: JSON.parse(change.data) as Workshop, version: change.version });
  }

  /** Re-reads every cached record (messages may have been lost while Redis was away). */
  private async refreshAll(): Promise<void> {
    for (const id of [...this.cache.keys()]) {
      try {
        const rec = await this.storage.getWorkshop(id);
        if (!rec) this.drop(id);
        else this.applyRemote({ id, version: rec.version, data: rec.data });
      } catch (err) {
        console.error(`[workshops] re-reading "${id}" after Redis reconnected:`, err);
      }
    }
  }

  /** Every workshop in storage. */
  async all(): Promise<Workshop[]> {
    return (await this.storage.listWorkshops()).map((r) => JSON.parse(r.data) as Workshop);
  }

  /**
   * Applies a pure domain operation and stores the result. Operations on one workshop run one at
   * a time in this process; across processes the record's version decides, and a loser retries
   * on the fresh record. The live state document follows every stored change.
   */
  mutate(id: string, operation: (w: Workshop, now: number) => Workshop): Promise<Workshop> {
    const run = async (): Promise<Workshop> => {
      for (let attempt = 0; attempt < 8; attempt++) {
        let current = this.cache.get(id);
        if (!current || attempt > 0) {
          const rec = await this.storage.getWorkshop(id);
          if (!rec) throw new ApiError(404, 'not_found', `There is no workshop with id "${id}".`);
          current = { workshop: JSON.parse(rec.data) as Workshop, version: rec.version };
          this.cache.set(id, current);
        }
        const next = operation(current.workshop, this.now());
        if (next === current.workshop) return next;
        const data = JSON.stringify(next);
        const version = await this.storage.saveWorkshop(id, data, current.version);
        if (version === null) continue;
        this.cache.set(id, { workshop: next, version });
        // Before the live state document changes, so another process's permission checks already
        // follow the new record when its clients see the new phase (Redis keeps publish order).
        this.changes?.publish({ id, version, data });
        await this.seedRooms(next);
        await this.publish(next);
        for (const listener of this.listeners) await listener(current.workshop, next);
        return next;
      }
      throw new ApiError(409, 'conflict', 'The workshop is changing too fast to apply this; try again.');
    };
    const previous = this.queues.get(id) ?? Promise.resolve();
    const result = previous.then(run, run);
    const settled = result.catch(() => undefined);
    this.queues.set(id, settled);
    void settled.then(() => {
      if (this.queues.get(id) === settled) this.queues.delete(id);
    });
    return result;
  }

  /** Rows, ratings and rapporteur per room, read from the live room documents. */
  async progress(workshop: Workshop) {
    return Promise.all(
      workshop.rooms.map(async (room) => {
        const rows = await this.documents.withDocument(roomDocName(workshop.id, room.number), (doc) =>
          readRows(doc, workshop.settings.template),
        );
        return { number: room.number, rapporteurId: room.rapporteurId, ...roomStats(rows, workshop.settings.template) };
      }),
    );
  }

  /**
   * Writes the public state into the `<id>/state` document, key by key, only what changed; the
   * people one entry each [SD1] and the plenary's questions and polls likewise [SD2], so a join,
   * an upvote or a ballot does not send everyone the whole list again.
   */
  async publish(workshop: Workshop): Promise<void> {
    const state = publicState(workshop, this.now());
    await this.documents.withDocument(stateDocName(workshop.id), (doc) => {
      doc.transact(() => writeState(doc.getMap<unknown>('state'), state), SERVER_ORIGIN);
    });
  }

  /** Puts the template's table (and the seed suggestions) into every room that lacks it. */
  private async seedRooms(workshop: Workshop): Promise<void> {
    const missing = workshop.rooms.filter((r) => !this.seeded.has(roomDocName(workshop.id, r.number)));
    if (missing.length === 0) return;
    // Only a room without a table is seeded: a room seeded before (after a restart, by another
    // process, or by an older seed layout) keeps its table. Two processes seeding one empty room at
    // once apply the same deterministic update, which Yjs merges.
    const { template, suggestions } = workshop.settings;
    for (const room of missing) {
      const name = roomDocName(workshop.id, room.number);
      await this.documents.withDocument(name, (doc) => seedRoomIfEmpty(doc, template, suggestions, SERVER_ORIGIN));
      this.seeded.add(name);
    }
  }

  private async tickAll(): Promise<void> {
    const now = this.now();
    for (const { workshop } of [...this.cache.values()]) {
      if (workshop.phase !== 'breakout' && workshop.phase !== 'reporting') continue;
      const { events } = tick(workshop, now);
      if (events.length === 0) continue;
      try {
        await this.mutate(workshop.id, (w, at) => tick(w, at).workshop);
      } catch (err) {
        if (!(err instanceof DomainError) && !(err instanceof ApiError)) console.error('[ticker]', err);
      }
    }
  }
}

