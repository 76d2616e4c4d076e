import {
  DomainError,
  helpOf,
  readRows,
  roomDocName,
  currentRound,
  roomProgress,
  seedRoomIfEmpty,
  stateDocName,
  tick,
  StateWriter,
  type Workshop,
} from '@roomtable/core';
import type { DocumentManager, Storage } from '@roomtable/sync';
import { ContractError } from '@roomtable/contract';
import { newJoinCode, normaliseJoinCode } from './ids';
import { RoomActivity } from './RoomActivity';
import type { WorkshopChange, WorkshopChanges } from './scale/WorkshopChanges';

interface Cached {
  workshop: Workshop;
  version: number;
}

/** An operation waiting to be stored, and the answer its caller waits for. */
interface Waiting {
  operation: (w: Workshop, now: number) => Workshop;
  resolve: (w: Workshop) => void;
  reject: (error: unknown) => void;
}

/** A join code this process does not know lists storage at most this often (several processes only). */
const LISTING_INTERVAL_MS = 5000;

/** Origin of the server's own writes into live documents. */
export const SERVER_ORIGIN = 'roomtable-server';

/**
 * The workshops: their records in storage (one JSON record each, optimistic concurrency so that
 * several processes can serve one workshop), a cache, the projection of each into its live
 * `<id>/state` document, the seeding of room tables, and the phase clock's ticker.
 */
export class WorkshopService {
  private readonly cache = new Map<string, Cached>();
  /**
   * Join code → workshop id, for every workshop this process knows (a code never changes). The
   * cache holds every stored workshop (all of them read at start, each one created here or
   * announced by another process added), so a code not in here is no workshop's: a wrong guess
   * costs one map lookup, where it used to read and parse every workshop in storage.
   */
  private readonly byJoinCode = new Map<string, string>();
  /** The last time storage was listed for a join code not in the index, and that listing. */
  private lastListing: { at: number; done: Promise<void> } | null = null;
  /** Operations waiting to be stored, per workshop [WR1]. */
  private readonly waiting = new Map<string, Waiting[]>();
  /** Workshops whose waiting operations are being stored now. */
  private readonly draining = new Set<string>();
  private readonly seeded = new Set<string>();
  /** The state document's writer per loaded Y.Doc (a reloaded document gets a new one) [SD3]. */
  private readonly stateWriters = new WeakMap<object, StateWriter>();
  private ticker: ReturnType<typeof setInterval> | null = null;
  private readonly listeners: Array<(before: Workshop, after: Workshop) => Promise<void>> = [];
  private readonly recordWatchers: Array<(workshop: Workshop) => void> = [];
  private readonly unsubscribes: Array<() => void> = [];
  private readonly activity: RoomActivity;

  constructor(
    private readonly storage: Storage,
    private readonly documents: DocumentManager,
    private readonly now: () => number = Date.now,
    /** Other server processes' changes (several processes on Redis); null when this one is alone. */
    private readonly changes: WorkshopChanges | null = null,
  ) {
    this.activity = new RoomActivity(now, [SERVER_ORIGIN]);
  }

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
      this.byJoinCode.set(workshop.joinCode, rec.id);
    }
    this.ticker = setInterval(() => void this.tickAll(), 1000);
    this.ticker.unref();
  }

  /**
   * Calls `listener` after every stored change (in the process that made it), before anyone else is
   * told of it: a side effect the change must not go without, such as the break-out's snapshot. If a
   * listener throws, the change is taken back and fails saying nothing was changed; only if taking
   * it back fails too does it fail saying it was stored without its side effect.
   */
  onChange(listener: (before: Workshop, after: Workshop) => Promise<void>): void {
    this.listeners.push(listener);
  }

  /**
   * Calls `watcher` whenever this process's copy of a record changes: stored here, taken back, or
   * heard of from another process. Rights that a record takes away (a person removed, a link
   * revoked [PE1][FL2]) are enforced on open sockets from here, in every process.
   */
  onRecord(watcher: (workshop: Workshop) => void): void {
    this.recordWatchers.push(watcher);
  }

  private recorded(workshop: Workshop): void {
    for (const watcher of this.recordWatchers) {
      try {
        watcher(workshop);
      } catch (err) {
        console.error(`[workshops] watching the record of "${workshop.id}":`, err);
      }
    }
  }

  /** Stops the ticker. */
  stop(): void {
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
  }

  /** Stores a new workshop made by `make` with a fresh, unused join code. */
  async create(make: (joinCode: string) => Workshop): Promise<Workshop> {
    let joinCode = newJoinCode();
    while (this.byJoinCode.has(joinCode)) joinCode = newJoinCode();
    const workshop = make(joinCode);
    const data = JSON.stringify(workshop);
    const version = await this.storage.saveWorkshop(workshop.id, data, null);
    if (version === null) throw new ContractError('conflict', 'A workshop with this id exists already.');
    this.cache.set(workshop.id, { workshop, version });
    this.byJoinCode.set(workshop.joinCode, workshop.id);
    this.changes?.publish({ id: workshop.id, version, data });
    await this.publish(workshop);
    return workshop;
  }

  /** The workshop, or null when there is none with this id. */
  async get(id: string): Promise<Workshop | null> {
    const hit = this.cache.get(id);
    if (hit) return hit.workshop;
    return (await this.load(id))?.workshop ?? null;
  }

  /** Reads the stored record into this process's cache (and the join-code index); null when there is none. */
  private async load(id: string): Promise<Cached | null> {
    const rec = await this.storage.getWorkshop(id);
    if (!rec) return null;
    const loaded = { workshop: JSON.parse(rec.data) as Workshop, version: rec.version };
    this.cache.set(id, loaded);
    this.byJoinCode.set(loaded.workshop.joinCode, id);
    return loaded;
  }

  /** The cached workshop, synchronously: permission checks on every incoming update use it. */
  peek(id: string): Workshop | null {
    return this.cache.get(id)?.workshop ?? null;
  }

  /** The workshop, or a 404 ContractError (not_found). */
  async require(id: string): Promise<Workshop> {
    const w = await this.get(id);
    if (!w) throw new ContractError('not_found', `There is no workshop with id "${id}".`);
    return w;
  }

  /** The workshop whose join code this is (case and spaces do not matter), or null. */
  async findByJoinCode(code: string): Promise<Workshop | null> {
    const wanted = normaliseJoinCode(code);
    if (!wanted) return null;
    let id = this.byJoinCode.get(wanted);
    if (id === undefined && this.changes) {
      // With other processes a workshop may exist that this one has not heard of (a message lost
      // while Redis was away): then a miss lists storage, but at most once every few seconds
      // however many guesses arrive, so guessing never again costs a parse of every workshop.
      await this.listNewWorkshops();
      id = this.byJoinCode.get(wanted);
    }
    return id === undefined ? null : (this.cache.get(id)?.workshop ?? null);
  }

  /** Takes in workshops stored by other processes that this one has not heard of; at most one listing every LISTING_INTERVAL_MS. */
  private listNewWorkshops(): Promise<void> {
    // Wall-clock time on purpose: this bounds storage work, it is not the workshops' clock.
    const at = Date.now();
    if (this.lastListing && at - this.lastListing.at < LISTING_INTERVAL_MS) return this.lastListing.done;
    const done = (async () => {
      for (const rec of await this.storage.listWorkshops()) {
        const cached = this.cache.get(rec.id);
        if (cached) this.byJoinCode.set(cached.workshop.joinCode, rec.id);
        else this.applyRemote({ id: rec.id, version: rec.version, data: rec.data });
      }
    })();
    this.lastListing = { at, done };
    return done;
  }

  /** Drops a deleted workshop from this process's memory so nothing serves, ticks or re-seeds it. */
  forget(id: string): void {
    this.drop(id);
    this.changes?.publish({ id, version: 0, data: null });
  }

  private drop(id: string): void {
    const code = this.cache.get(id)?.workshop.joinCode;
    if (code !== undefined && this.byJoinCode.get(code) === id) this.byJoinCode.delete(code);
    this.cache.delete(id);
    this.activity.forget(`${id}/`);
    for (const name of [...this.seeded]) if (name.startsWith(`${id}/`)) this.seeded.delete(name);
  }

  /** Another process stored a change: take it if it is newer than what this process knows. */
  private applyRemote(change: WorkshopChange): void {
    if (change.data === null) return this.drop(change.id);
    const cached = this.cache.get(change.id);
    if (cached && cached.version >= change.version) return;
    const workshop = JSON.parse(change.data) as Workshop;
    this.cache.set(change.id, { workshop, version: change.version });
    this.byJoinCode.set(workshop.joinCode, change.id);
    this.recorded(workshop);
  }

  /**
   * Re-reads every cached record (messages may have been lost while Redis was away), and takes in
   * the workshops created elsewhere meanwhile, so the join-code index stays complete.
   */
  private async refreshAll(): Promise<void> {
    try {
      this.lastListing = null;
      await this.listNewWorkshops();
    } catch (err) {
      console.error('[workshops] listing workshops after Redis reconnected:', err);
    }
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
   *
   * Operations that arrive while one is being stored wait, and then go together [WR1]: each is
   * applied in turn to the record (one that throws fails alone), the result is stored once and
   * published once, and every one of them answers with that stored record. A poll of hundreds
   * stored the whole record and rewrote the state document, sending it to everyone, once per
   * ballot. A change of phase goes alone, so its side effects (the break-out's snapshot) never
   * take other people's changes back with them.
   */
  mutate(id: string, operation: (w: Workshop, now: number) => Workshop): Promise<Workshop> {
    return new Promise<Workshop>((resolve, reject) => {
      const waiting = this.waiting.get(id);
      if (waiting) waiting.push({ operation, resolve, reject });
      else this.waiting.set(id, [{ operation, resolve, reject }]);
      if (!this.draining.has(id)) void this.drain(id);
    });
  }

  /** Stores the workshop's waiting operations, a group at a time, until none wait. */
  private async drain(id: string): Promise<void> {
    this.draining.add(id);
    try {
      for (let group = this.takeWaiting(id); group.length > 0; group = this.takeWaiting(id)) {
        const rest = await this.storeGroup(id, group);
        // A change of phase met behind others goes first in the next group, alone.
        if (rest.length > 0) this.waiting.set(id, [...rest, ...(this.waiting.get(id) ?? [])]);
      }
    } finally {
      this.draining.delete(id);
    }
  }

  private takeWaiting(id: string): Waiting[] {
    const group = this.waiting.get(id) ?? [];
    this.waiting.delete(id);
    return group;
  }

  /**
   * Applies `group` to the record, stores the result once, and settles every operation of it;
   * returns the operations left for later (from a change of phase met behind others on).
   */
  private async storeGroup(id: string, group: Waiting[]): Promise<Waiting[]> {
    for (let attempt = 0; attempt < 8; attempt++) {
      let current: Cached;
      try {
        current = await this.current(id, attempt > 0);
      } catch (err) {
        for (const w of group) w.reject(err);
        return [];
      }
      const now = this.now();
      let next = current.workshop;
      const applied: Waiting[] = [];
      const failed: Array<[Waiting, unknown]> = [];
      let rest: Waiting[] = [];
      for (let i = 0; i < group.length; i++) {
        const waiting = group[i]!;
        let after: Workshop;
        try {
          after = waiting.operation(next, now);
        } catch (err) {
          failed.push([waiting, err]);
          continue;
        }
        if (after.phase !== next.phase && (applied.length > 0 || failed.length > 0)) {
          rest = group.slice(i);
          break;
        }
        applied.push(waiting);
        next = after;
        if (after.phase !== current.workshop.phase) {
          rest = group.slice(i + 1);
          break;
        }
      }
      const settle = (result: { workshop: Workshop } | { error: unknown }) => {
        for (const [w, err] of failed) w.reject(err);
        for (const w of applied) {
          if ('workshop' in result) w.resolve(result.workshop);
          else w.reject(result.error);
        }
        return rest;
      };
      if (next === current.workshop) return settle({ workshop: next });
      const data = JSON.stringify(next);
      let version: number | null;
      try {
        version = await this.storage.saveWorkshop(id, data, current.version);
      } catch (err) {
        return settle({ error: err });
      }
      if (version === null) continue;
      this.cache.set(id, { workshop: next, version });
      // Before the live state document changes, so another process's permission checks already
      // follow the new record when its clients see the new phase (Redis keeps publish order).
      this.changes?.publish({ id, version, data });
      // The change and its side effects hold together: a phase change whose snapshot failed once
      // answered "nothing was changed" although the phase had changed and no snapshot existed.
      try {
        await this.runListeners(id, current, { workshop: next, version });
      } catch (err) {
        return settle({ error: err });
      }
      this.recorded(next);
      try {
        await this.seedRooms(next);
        await this.publish(next);
      } catch (err) {
        // Stored: the record is the truth and the next change seeds and publishes again.
        console.error(`[workshops] seeding or publishing "${id}" after a stored change:`, err);
      }
      return settle({ workshop: next });
    }
    const conflict = new ContractError('conflict', 'The workshop is changing too fast to apply this; try again.');
    for (const w of group) w.reject(conflict);
    return [];
  }

  /** The cached record, or the stored one (always when `fresh`: another process stored a newer one). */
  private async current(id: string, fresh: boolean): Promise<Cached> {
    const cached = this.cache.get(id);
    if (cached && !fresh) return cached;
    const loaded = await this.load(id);
    if (!loaded) throw new ContractError('not_found', `There is no workshop with id "${id}".`);
    return loaded;
  }

  // Runs the change's listeners; if one fails, stores the record as it was before (and says so).
  private async runListeners(id: string, before: Cached, after: Cached): Promise<void> {
    try {
      for (const listener of this.listeners) await listener(before.workshop, after.workshop);
      return;
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      let version: number | null = null;
      try {
        const data = JSON.stringify(before.workshop);
        version = await this.storage.saveWorkshop(id, data, after.version);
        if (version !== null) {
          this.cache.set(id, { workshop: before.workshop, version });
          this.changes?.publish({ id, version, data });
        }
      } catch (revertError) {
        console.error(`[workshops] taking back a change of "${id}" whose side effect failed:`, revertError);
      }
      if (version !== null) throw new ContractError('change_not_made', `Nothing was changed: ${reason}. Try again.`);
      const phase = after.workshop.phase === before.workshop.phase ? '' : ` (the workshop is now in phase "${after.workshop.phase}")`;
      throw new ContractError('change_incomplete', `The change was saved${phase}, but ${reason}.`);
    }
  }

  /**
   * Per room, read from the live room documents and the record, never from what people say [RP1]:
   * rows used and complete, ratings given and missing, the last edit seen [RP2], the rapporteur
   * and the open call for help.
   */
  async progress(workshop: Workshop) {
    return Promise.all(
      workshop.rooms.map(async (room) => {
        const name = roomDocName(workshop.id, room.number, currentRound(workshop));
        const rows = await this.documents.withDocument(name, (doc) => {
          this.activity.watch(name, doc);
          return readRows(doc, workshop.settings.template);
        });
        return {
          number: room.number,
          rapporteurId: room.rapporteurId,
          ...roomProgress(rows, workshop.settings.template),
          lastActivityAt: this.activity.lastAt(name),
          helpSince: helpOf(workshop, room.number)?.raisedAt ?? null,
        };
      }),
    );
  }

  /**
   * Writes the public state into the `<id>/state` document, key by key, only what changed; the
   * people one entry each [SD1] and the plenary's questions and polls likewise [SD2], so a join,
   * an upvote or a ballot does not send everyone the whole list again.
   */
  async publish(workshop: Workshop): Promise<void> {
    const now = this.now();
    await this.documents.withDocument(stateDocName(workshop.id), (doc) => {
      // One writer per loaded document: it skips what the workshop's record did not change [SD3].
      let writer = this.stateWriters.get(doc);
      if (!writer) this.stateWriters.set(doc, (writer = new StateWriter(doc, SERVER_ORIGIN)));
      doc.transact(() => writer.write(doc.getMap<unknown>('state'), workshop, now), SERVER_ORIGIN);
    });
  }

  /** Puts the template's table (and the seed suggestions) into every room that lacks it. */
  private async seedRooms(workshop: Workshop): Promise<void> {
    const missing = workshop.rooms.filter((r) => !this.seeded.has(roomDocName(workshop.id, r.number, currentRound(workshop))));
    if (missing.length === 0) return;
    // Only a room without a table is seeded: a room seeded before (after a restart, by another
    // process, or by an older seed layout) keeps its table. Two processes seeding one empty room at
    // once apply the same deterministic update, which Yjs merges.
    const { template, suggestions } = workshop.settings;
    for (const room of missing) {
      const name = roomDocName(workshop.id, room.number, currentRound(workshop));
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
        if (!(err instanceof DomainError) && !(err instanceof ContractError)) console.error('[ticker]', err);
      }
    }
  }
}

