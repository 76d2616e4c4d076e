// A load generator process: stock clients (y-websocket, or Hocuspocus's own provider for Hocuspocus,
// whose wire format prefixes every message with the document name), each editing at a set rate.
// Every edit carries its send time; receivers in this same process compute latency on arrival,
// so one clock (performance.now) measures both ends.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { ServerKind } from './options';

/** Orchestrator → worker: the rooms this worker drives. */
export interface SetupMessage {
  type: 'setup';
  kind: ServerKind;
  /** y-websocket: `ws://127.0.0.1:port/sync` style base URL; Hocuspocus: its ws URL */
  wsUrl: string;
  rooms: Array<{ name: string; tokens: Array<string | null> }>;
  rate: number;
  durationMs: number;
  awareness: boolean;
  /** how long to wait for edits to arrive after the editing phase */
  drainMs: number;
  /** edits in this first stretch warm the JIT up and are not timed (still delivered and checked) */
  warmupMs: number;
}

/** Worker → orchestrator after the editing phase. */
export interface ResultMessage {
  type: 'result';
  sent: number;
  /** edits sent after the warm-up: the ones CPU and latency are measured over */
  sentMeasured: number;
  expected: number;
  received: number;
  latencies: Float64Array;
  roomsConverged: number;
  rooms: number;
  /** connections that closed during the editing phase */
  disconnects: number;
  /** this worker's CPU seconds during the editing phase and drain */
  workerCpuSeconds: number;
  /** p99 / max of this worker's event-loop delay while timed (ms): high means the generator, not the server, is late */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** ms from the end of the editing phase until every edit had arrived (or the drain gave up) */
  drainedInMs: number;
}

/** Worker → orchestrator when the warm-up is over and measuring starts. */
export interface MeasuringMessage {
  type: 'measuring';
}

/** Worker → orchestrator once every client has synced. */
export interface ReadyMessage {
  type: 'ready';
  clients: number;
  connectMs: number;
}

interface Client {
  id: number;
  doc: Y.Doc;
  /** one entry per edit, keyed `sender:seq`, valued with its send time */
  edits: Y.Map<number>;
  provider: WebsocketProvider | HocuspocusProvider;
  socket: HocuspocusProviderWebsocket | null;
  sent: number;
  received: number;
  timer: ReturnType<typeof setTimeout> | null;
}

interface Room {
  clients: Client[];
}

const rooms: Room[] = [];
const latencies: number[] = [];
let disconnects = 0;
let editing = false;
/** performance.now() from which edits are timed */
let measureFrom = Infinity;
let sentMeasured = 0;
const debug = Boolean(process.env.BENCH_DEBUG);
const timeline: Array<[number, number]> = [];
// Every y-websocket provider adds a process 'exit' listener; hundreds are expected here.
process.setMaxListeners(0);

function send(message: ReadyMessage | MeasuringMessage | ResultMessage | { type: 'error'; message: string }): void {
  process.send?.(message);
}

function makeClient(setup: SetupMessage, name: string, token: string | null, id: number): Client {
  const doc = new Y.Doc();
  // A map with a fresh key per edit: the observer learns the new keys from keysChanged at O(1) per
  // edit, where an array's event.changes walks the whole list on every event (the load generator
  // then spends its time measuring itself).
  const edits = doc.getMap<number>('bench');
  let provider: WebsocketProvider | HocuspocusProvider;
  let socket: HocuspocusProviderWebsocket | null = null;
  if (setup.kind === 'hocuspocus') {
    socket = new HocuspocusProviderWebsocket({ url: setup.wsUrl, WebSocketPolyfill: WebSocket });
    provider = new HocuspocusProvider({ name, document: doc, websocketProvider: socket, token });
    provider.attach();
    provider.on('disconnect', () => {
      if (editing) disconnects++;
    });
  } else {
    provider = new WebsocketProvider(setup.wsUrl, name, doc, {
      params: token ? { token } : {},
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    });
    provider.on('connection-close', () => {
      if (editing) disconnects++;
    });
  }
  const client: Client = { id, doc, edits, provider, socket, sent: 0, received: 0, timer: null };
  edits.observe((event, transaction) => {
    if (transaction.local) return;
    const now = performance.now();
    for (const key of event.keysChanged) {
      const sentAt = edits.get(key);
      if (sentAt === undefined) continue;
      if (sentAt >= measureFrom) latencies.push(now - sentAt);
      if (debug) timeline.push([sentAt, now - sentAt]);
      client.received++;
    }
  });
  return client;
}

function whenSynced(client: Client, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`client ${client.id} did not sync within ${timeoutMs} ms`)), timeoutMs);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    if (client.provider instanceof WebsocketProvider) {
      if (client.provider.synced) return done();
      const onSync = (synced: boolean) => {
        if (synced) {
          (client.provider as WebsocketProvider).off('sync', onSync);
          done();
        }
      };
      client.provider.on('sync', onSync);
    } else {
      if (client.provider.isSynced) return done();
      client.provider.on('synced', done);
    }
  });
}

async function setup(msg: SetupMessage): Promise<void> {
  const started = performance.now();
  let id = 0;
  const pending: Promise<void>[] = [];
  for (const r of msg.rooms) {
    const room: Room = { clients: [] };
    for (const token of r.tokens) {
      const client = makeClient(msg, r.name, token, id++);
      room.clients.push(client);
      pending.push(whenSynced(client, 60_000));
      // Open connections in small waves so the handshakes do not all land in one tick.
      if (pending.length % 50 === 0) await Promise.all(pending.slice(-50));
    }
    rooms.push(room);
  }
  await Promise.all(pending);
  send({ type: 'ready', clients: id, connectMs: performance.now() - started });
}

function edit(client: Client, awareness: boolean): void {
  const seq = client.sent++;
  const sentAt = performance.now();
  if (sentAt >= measureFrom) sentMeasured++;
  client.edits.set(`${client.id}:${seq}`, sentAt);
  if (awareness) client.provider.awareness?.setLocalStateField('cursor', { anchor: seq, head: seq });
}

async function run(msg: SetupMessage): Promise<void> {
  const period = 1000 / msg.rate;
  const start = performance.now();
  const end = start + msg.warmupMs + msg.durationMs;
  measureFrom = start + msg.warmupMs;
  editing = true;
  let cpuStart = process.cpuUsage();
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  const measuring = setTimeout(() => {
    cpuStart = process.cpuUsage();
    loopDelay.enable();
    send({ type: 'measuring' });
  }, msg.warmupMs);
  for (const room of rooms) {
    for (const client of room.clients) {
      // Each client starts at a random phase, then keeps to its own schedule without drift.
      const offset = Math.random() * period;
      let k = 0;
      const tick = () => {
        const due = start + offset + k * period;
        if (due >= end) {
          client.timer = null;
          return;
        }
        edit(client, msg.awareness);
        k++;
        client.timer = setTimeout(tick, Math.max(0, start + offset + k * period - performance.now()));
      };
      client.timer = setTimeout(tick, offset);
    }
  }
  await new Promise((resolve) => setTimeout(resolve, msg.warmupMs + msg.durationMs + 5));
  clearTimeout(measuring);
  for (const room of rooms) for (const client of room.clients) if (client.timer) clearTimeout(client.timer);

  let expected = 0;
  let sent = 0;
  for (const room of rooms) {
    for (const client of room.clients) {
      sent += client.sent;
      expected += client.sent * (room.clients.length - 1);
    }
  }
  const received = () => rooms.reduce((n, room) => n + room.clients.reduce((m, c) => m + c.received, 0), 0);
  const drainStart = performance.now();
  while (received() < expected && performance.now() - drainStart < msg.drainMs) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const drainedInMs = performance.now() - drainStart;
  loopDelay.disable();
  editing = false;

  let roomsConverged = 0;
  for (const room of rooms) {
    const first = room.clients[0]!;
    const reference = JSON.stringify(sortedEntries(first.edits));
    const roomSent = room.clients.reduce((n, c) => n + c.sent, 0);
    const same = room.clients.every(
      (c) => c.edits.size === roomSent && (c === first || JSON.stringify(sortedEntries(c.edits)) === reference),
    );
    if (same) roomsConverged++;
  }
  const cpu = process.cpuUsage(cpuStart);
  send({
    type: 'result',
    sent,
    sentMeasured,
    expected,
    received: received(),
    latencies: Float64Array.from(latencies),
    roomsConverged,
    rooms: rooms.length,
    disconnects,
    workerCpuSeconds: (cpu.user + cpu.system) / 1e6,
    drainedInMs,
    loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
    loopDelayMaxMs: loopDelay.max / 1e6,
  });
  if (process.env.BENCH_DEBUG) {
    const perSecond = new Map<number, number[]>();
    for (const [sentAt, latency] of timeline) {
      const k = Math.floor((sentAt - start) / 1000);
      perSecond.set(k, [...(perSecond.get(k) ?? []), latency]);
    }
    for (const [k, v] of [...perSecond].sort((a, b) => a[0] - b[0])) {
      v.sort((a, b) => a - b);
      console.error(`[worker ${process.pid}] second ${k}: n=${v.length} p50=${v[Math.floor(v.length / 2)]!.toFixed(1)} max=${v[v.length - 1]!.toFixed(1)}`);
    }
  }
}

function sortedEntries(map: Y.Map<number>): Array<[string, number]> {
  return [...map.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

function shutdown(): void {
  editing = false;
  for (const room of rooms) {
    for (const client of room.clients) {
      if (client.timer) clearTimeout(client.timer);
      client.provider.destroy();
      client.socket?.destroy();
      client.doc.destroy();
    }
  }
  // Give the close frames a moment, then go.
  setTimeout(() => process.exit(0), 200).unref();
}

let setupMessage: SetupMessage | null = null;
process.on('message', (raw: unknown) => {
  const msg = raw as { type: string };
  const fail = (error: unknown) => {
    send({ type: 'error', message: error instanceof Error ? error.stack ?? error.message : String(error) });
  };
  if (msg.type === 'setup') {
    setupMessage = msg as SetupMessage;
    setup(setupMessage).catch(fail);
  } else if (msg.type === 'start' && setupMessage) {
    run(setupMessage).catch(fail);
  } else if (msg.type === 'stop') {
    shutdown();
  }
});
// The orchestrator is gone: do not linger.
process.on('disconnect', () => process.exit(0));
