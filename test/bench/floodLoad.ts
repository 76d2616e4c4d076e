// One flood round against a running server (issue 19): honest stock y-websocket clients in two
// rooms type markers; after a quiet phase one participant's connection in room 1 floods (small
// valid updates or awareness as fast as its socket takes them) until the server closes it or the
// phase ends. Used by test/integration/flood.test.ts (assertions) and test/bench/flood.ts
// (figures). Nothing here asserts.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { roomDocName } from '@roomtable/core';
import { addMarker } from '../helpers/tableMarkers';

export interface FloodOptions {
  /** http://host:port of the server */
  url: string;
  /** honest clients per room (two rooms) */
  honestPerRoom: number;
  /** each honest client types a marker this often */
  typeEveryMs: number;
  /** phase without a flooder */
  quietMs: number;
  /** phase with the flooder (it stops early once the server closed it) */
  floodMs: number;
  /** what the flooder sends */
  mode: 'updates' | 'awareness';
  /** frames the flooder makes per second at most */
  floodPerSecond: number;
  /** stop the flood phase as soon as the server closed the flooder (a test); false: flood phase runs its length (a benchmark) */
  stopWhenClosed: boolean;
  /** sampled at phase boundaries (the server's CPU seconds, when it runs in its own process) */
  cpuSeconds?: () => number;
}

/** Latencies (ms) of honest edits by phase; Infinity: never arrived. */
export interface FloodResult {
  quiet: number[];
  /** room 2, while the flooder was connected */
  otherRoom: number[];
  /** room 1, while the flooder was connected */
  sameRoom: number[];
  /** the server's close of the flooder, if it closed it */
  flooderClosed: { code: number; reason: string; afterMs: number } | null;
  /** frames the flooder handed its socket, and how many of its markers the room took */
  flooderSent: number;
  flooderApplied: number;
  /** closes any honest client saw */
  honestCloses: Array<{ code: number; reason: string }>;
  /** server CPU share (0..1 of one core) by phase, when `cpuSeconds` was given */
  cpu: { quiet: number; flood: number } | null;
  floodWallMs: number;
  /** event-loop delay p99 of this process (the clients'), by phase: latency this process adds */
  clientLoopP99Ms: { quiet: number; flood: number };
}

async function call(url: string, method: string, route: string, body?: unknown, token?: string) {
  const res = await fetch(`${url}/api${route}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json().catch(() => ({}))) as Record<string, any>;
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

function provider(wsUrl: string, name: string, token: string, doc = new Y.Doc()): WebsocketProvider {
  return new WebsocketProvider(wsUrl, name, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
}

function synced(p: WebsocketProvider, timeoutMs = 15_000): Promise<void> {
  if (p.synced) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no sync')), timeoutMs);
    const on = (s: boolean) => {
      if (!s) return;
      clearTimeout(timer);
      p.off('sync', on);
      resolve();
    };
    p.on('sync', on);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Honest {
  room: 1 | 2;
  p: WebsocketProvider;
  /** markers sent by others in the room, not yet seen here: marker bytes → sent at, phase */
  pending: Map<string, { bytes: Buffer; at: number; phase: Phase }>;
}

type Phase = 'quiet' | 'flood' | 'after';

/** Runs one round: its own workshop (two rooms, a flooder in room 1), a quiet phase, a flood phase. */
export async function floodRound(options: FloodOptions): Promise<FloodResult> {
  const wsUrl = `${options.url.replace(/^http/, 'ws')}/sync`;
  const created = await call(options.url, 'POST', '/workshops', { title: 'Flood', rooms: 2 });
  const id = created.workshop.id as string;
  const facilitator = created.facilitatorToken as string;
  const people: Array<{ id: string; token: string }> = [];
  for (let i = 0; i < options.honestPerRoom * 2 + 2; i++) {
    const joined = await call(options.url, 'POST', `/workshops/${id}/participants`, { name: `P${i}`, joinCode: created.joinCode });
    people.push({ id: joined.participant.id, token: joined.token });
  }
  const assigned = await call(options.url, 'POST', `/workshops/${id}/assignment`, { seed: 'flood' }, facilitator);
  await call(options.url, 'POST', `/workshops/${id}/phase`, { phase: 'breakout' }, facilitator);
  const tokenOf = (pid: string) => people.find((p) => p.id === pid)!.token;
  const roomIds = (n: number) => (assigned.rooms as Array<{ number: number; participantIds: string[] }>).find((r) => r.number === n)!.participantIds;
  const [flooderId, ...room1] = roomIds(1);
  const room2 = roomIds(2);

  const honest: Honest[] = [];
  /** Set before the round destroys its own clients, whose closes are not the server's doing. */
  let ending = false;
  const honestCloses: FloodResult['honestCloses'] = [];
  let phase: Phase = 'quiet';
  const latencies: Record<'quiet' | 'otherRoom' | 'sameRoom', number[]> = { quiet: [], otherRoom: [], sameRoom: [] };
  const record = (h: Honest, sentPhase: Phase, ms: number) => {
    if (sentPhase === 'quiet') latencies.quiet.push(ms);
    else if (sentPhase === 'flood') latencies[h.room === 1 ? 'sameRoom' : 'otherRoom'].push(ms);
  };
  for (const [room, ids] of [[1, room1.slice(0, options.honestPerRoom)], [2, room2.slice(0, options.honestPerRoom)]] as const) {
    for (const pid of ids) {
      const h: Honest = { room, p: provider(wsUrl, roomDocName(id, room), tokenOf(pid)), pending: new Map() };
      h.p.on('connection-close', (event: { code: number; reason: string } | null) => {
        if (!ending) honestCloses.push({ code: event?.code ?? 0, reason: String(event?.reason ?? '') });
      });
      h.p.doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin !== h.p || h.pending.size === 0) return;
        const bytes = Buffer.from(update.buffer, update.byteOffset, update.byteLength);
        const now = performance.now();
        for (const [marker, sent] of h.pending) {
          if (!bytes.includes(sent.bytes)) continue;
          h.pending.delete(marker);
          record(h, sent.phase, now - sent.at);
        }
      });
      honest.push(h);
    }
  }
  await Promise.all(honest.map((h) => synced(h.p)));

  // Every honest client types on its own clock, spread over the interval.
  let seq = 0;
  const typers = honest.map((h, i) => {
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      const marker = `h${i}x${seq++}`;
      const at = performance.now();
      for (const other of honest) {
        if (other !== h && other.room === h.room) other.pending.set(marker, { bytes: Buffer.from(marker), at, phase });
      }
      addMarker(h.p.doc, marker);
      timer = setTimeout(tick, options.typeEveryMs);
    };
    timer = setTimeout(tick, (options.typeEveryMs * i) / honest.length);
    return () => clearTimeout(timer);
  });

  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const cpuAt = options.cpuSeconds?.();
  await sleep(options.quietMs);
  const cpuQuiet = options.cpuSeconds?.();
  const quietLoopP99 = loop.percentile(99) / 1e6;
  loop.reset();

  // The flooder: a member of room 1 on a stock client, sending as fast as its socket takes it.
  phase = 'flood';
  const floodStart = performance.now();
  const flooder = provider(wsUrl, roomDocName(id, 1), tokenOf(flooderId!));
  let flooderClosed: FloodResult['flooderClosed'] = null;
  let closedResolve!: () => void;
  const closed = new Promise<void>((resolve) => (closedResolve = resolve));
  flooder.on('connection-close', (event: { code: number; reason: string } | null) => {
    if (flooderClosed || !flooding) return;
    flooderClosed = { code: event?.code ?? 0, reason: String(event?.reason ?? ''), afterMs: performance.now() - floodStart };
    closedResolve();
  });
  await synced(flooder);
  // Its updates are the cheapest valid edits there are (a letter typed, then deleted, in one
  // cell), so making them costs this process little and the cell never reaches its bound.
  addMarker(flooder.doc, 'F');
  const cell = findText(flooder.doc.getXmlFragment('default'), 'F|');
  let flooderSent = 0;
  let flooding = true;
  const flood = async () => {
    while (flooding && !flooderClosed) {
      const ws = flooder.ws;
      // Like any client, it can only hand its socket so much: past that it waits for the wire.
      if (ws && ws.readyState === 1 && ws.bufferedAmount < 64 * 1024) {
        // At most `floodPerSecond` (the flooder sent about 1,100 a second): faster, this
        // process would spend its time making frames the server does not read, and the honest
        // clients here would measure this process, not the server.
        const due = Math.floor(((performance.now() - floodStart) * options.floodPerSecond) / 1000) - flooderSent;
        for (let i = 0; i < Math.min(due, 200); i++, flooderSent++) {
          if (options.mode === 'awareness') flooder.awareness.setLocalStateField('cursor', flooderSent);
          else if (flooderSent % 2 === 0) cell.insert(cell.length, 'f');
          else cell.delete(cell.length - 1, 1);
        }
        await sleep(2);
      } else {
        await sleep(5);
      }
    }
  };
  const flooding$ = flood();
  await Promise.race([sleep(options.floodMs), options.stopWhenClosed ? closed : new Promise(() => undefined)]);
  flooding = false;
  phase = 'after';
  const floodWallMs = performance.now() - floodStart;
  const cpuFlood = options.cpuSeconds?.();
  const floodLoopP99 = loop.percentile(99) / 1e6;
  loop.disable();
  await flooding$;
  flooder.destroy();

  // Whatever is still on its way gets a moment; what never arrives counts as lost (Infinity).
  for (const stop of typers) stop();
  await sleep(3000);
  for (const h of honest) for (const sent of h.pending.values()) record(h, sent.phase, Infinity);

  // How many of the flooder's updates the room took: each insert (every other update) is one clock tick of its client.
  const clock = Y.decodeStateVector(Y.encodeStateVector(honest[0]!.p.doc)).get(flooder.doc.clientID) ?? 0;
  const flooderApplied = options.mode === 'updates' ? Math.max(0, clock - 2) * 2 : 0;

  ending = true;
  for (const h of honest) {
    h.p.destroy();
    h.p.doc.destroy();
  }
  flooder.doc.destroy();
  const share = (a: number | undefined, b: number | undefined, ms: number) => (a === undefined || b === undefined ? NaN : (b - a) / (ms / 1000));
  return {
    quiet: latencies.quiet,
    otherRoom: latencies.otherRoom,
    sameRoom: latencies.sameRoom,
    flooderClosed,
    flooderSent,
    flooderApplied,
    honestCloses,
    cpu: options.cpuSeconds ? { quiet: share(cpuAt, cpuQuiet, options.quietMs), flood: share(cpuQuiet, cpuFlood, floodWallMs) } : null,
    floodWallMs,
    clientLoopP99Ms: { quiet: quietLoopP99, flood: floodLoopP99 },
  };
}

function findText(node: Y.XmlFragment | Y.XmlElement, text: string): Y.XmlText {
  for (const child of node.toArray()) {
    if (child instanceof Y.XmlText && child.toString().includes(text)) return child;
    if (child instanceof Y.XmlElement) {
      try {
        return findText(child, text);
      } catch {
        // not in this branch
      }
    }
  }
  throw new Error(`no text with "${text}"`);
}

/** Share of latencies at most `ms` (Infinity counts as late). */
export function within(latencies: number[], ms: number): number {
  return latencies.length === 0 ? NaN : latencies.filter((l) => l <= ms).length / latencies.length;
}
