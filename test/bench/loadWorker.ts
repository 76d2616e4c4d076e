// A load generator process: stock clients (y-websocket, or Hocuspocus's own provider for Hocuspocus,
// whose wire format prefixes every message with the document name), each editing at a set rate.
// Every edit is one keystroke typed into a cell of the room's table (what people do, and what
// Roomtable's admission lets through [SY13]); its struct id is noted with its send time in this
// process, where the receivers look it up on arrival, so one clock (performance.now) measures
// both ends. Every server gets the same table: Roomtable seeds it, the others start from the
// same seed applied by each client (identical bytes, so applying it many times is one table).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { DEFAULT_TEMPLATE, NODE, ROOM_FIELD, seedRoomUpdate } from '@roomtable/core';
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
  shape: 'append' | 'insert';
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
  /** the text node of the table cell this client types into (found once synced) */
  cell: Y.XmlText | null;
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
/** Send time of every keystroke, by the struct it made: `clientID:clock`. */
const sentTimes = new Map<string, number>();
/** The table every room starts from (Roomtable's own seed for a workshop without suggestions). */
const SEED = seedRoomUpdate(DEFAULT_TEMPLATE, []);
// Every y-websocket provider adds a process 'exit' listener; hundreds are expected here.
process.setMaxListeners(0);

function send(message: ReadyMessage | MeasuringMessage | ResultMessage | { type: 'error'; message: string }): void {
  process.send?.(message);
}

function makeClient(setup: SetupMessage, name: string, token: string | null, id: number): Client {
  const doc = new Y.Doc();
  // Roomtable seeds its rooms itself; the other servers hold whatever clients bring.
  if (setup.kind !== 'roomtable') Y.applyUpdate(doc, SEED);
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
  const client: Client = { id, doc, cell: null, provider, socket, sent: 0, received: 0, timer: null };
  // The structs a remote transaction added are the clocks between its before and after state: a
  // look-up per keystroke, whatever the size of the table.
  doc.on('afterTransaction', (transaction: Y.Transaction) => {
    if (transaction.local) return;
    const now = performance.now();
    for (const [sender, after] of transaction.afterState) {
      for (let clock = transaction.beforeState.get(sender) ?? 0; clock < after; clock++) {
        const sentAt = sentTimes.get(`${sender}:${clock}`);
        if (sentAt === undefined) continue;
        if (sentAt >= measureFrom) latencies.push(now - sentAt);
        if (debug) timeline.push([sentAt, now - sentAt]);
        client.received++;
      }
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
  for (const room of rooms) for (const client of room.clients) client.cell = cellOf(client);
  send({ type: 'ready', clients: id, connectMs: performance.now() - started });
}

/**
 * The text node of one body text cell of the synced table (clients take turns over the cells), made
 * in its paragraph when there is none yet (a plain edit too).
 */
function cellOf(client: Client): Y.XmlText {
  const table = client.doc.getXmlFragment(ROOM_FIELD).get(0);
  if (!(table instanceof Y.XmlElement) || table.nodeName !== NODE.table) throw new Error(`client ${client.id}: the room holds no table`);
  const paragraphs: Y.XmlElement[] = [];
  for (const row of table.toArray().slice(1)) {
    for (const cell of (row as Y.XmlElement).toArray()) {
      const first = (cell as Y.XmlElement).get(0);
      if (first instanceof Y.XmlElement && first.nodeName === NODE.paragraph) paragraphs.push(first);
    }
  }
  const paragraph = paragraphs[client.id % paragraphs.length]!;
  const existing = paragraph.get(0);
  if (existing instanceof Y.XmlText) return existing;
  const text = new Y.XmlText();
  paragraph.insert(0, [text]);
  return text;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz ';

function edit(client: Client, awareness: boolean, shape: 'append' | 'insert'): void {
  const seq = client.sent++;
  const sentAt = performance.now();
  if (sentAt >= measureFrom) sentMeasured++;
  const cell = client.cell!;
  sentTimes.set(`${client.doc.clientID}:${Y.getState(client.doc.store, client.doc.clientID)}`, sentAt);
  if (shape === 'append') cell.insert(cell.length, LETTERS[seq % LETTERS.length]!);
  else {
    // A place and a length from the sequence number: the same load on every server.
    const n = 1 + (seq % 4);
    const at = cell.length === 0 ? 0 : (seq * 7919) % (cell.length + 1);
    cell.insert(at, LETTERS.slice(seq % 20, (seq % 20) + n));
  }
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
        edit(client, msg.awareness, msg.shape);
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
    // The same table everywhere, holding every keystroke of the room.
    const first = room.clients[0]!;
    const reference = first.doc.getXmlFragment(ROOM_FIELD).toString();
    const same = room.clients.every(
      (c) =>
        room.clients.every((sender) => Y.getState(c.doc.store, sender.doc.clientID) >= Y.getState(sender.doc.store, sender.doc.clientID)) &&
        (c === first || c.doc.getXmlFragment(ROOM_FIELD).toString() === reference),
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
