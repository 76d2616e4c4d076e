// Presence figures (`npm run bench:presence`), Roomtable beside the reference server
// (@y/websocket-server): how long after an abrupt drop (a socket cut without a close frame)
// the others stop showing the person, and how often a client alone on a document reconnects.
// Prints figures; asserts nothing (the rules are pinned by packages/sync/test/awarenessOwnership.test.ts).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { roomDocName, stateDocName } from '@roomtable/core';
import { WebSocket, WebSocketServer } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { api, createWorkshopWith } from '../helpers/api';
import { spawnServerProcess } from '../helpers/serverProcess';

const { values } = parseArgs({
  options: {
    drops: { type: 'string', default: '10' },
    'lone-seconds': { type: 'string', default: '120' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log('tsx test/bench/presence.ts [--drops 10] [--lone-seconds 120]');
  process.exit(0);
}

interface Target {
  name: string;
  wsUrl: string;
  /** a writable document and a token for the `i`-th person */
  room: string;
  state: string;
  token(i: number): string;
  close(): Promise<void>;
}

async function reference(): Promise<Target> {
  const { setupWSConnection } = await import('@y/websocket-server/utils');
  const wss = new WebSocketServer({ noServer: true });
  const server = http.createServer((_req, res) => res.end('okay'));
  wss.on('connection', (conn, req) => setupWSConnection(conn, req));
  server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    name: '@y/websocket-server 0.1.1',
    wsUrl: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    room: 'room',
    state: 'state',
    token: () => 'none',
    close: async () => {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function roomtable(): Promise<Target> {
  let cleanup: () => Promise<void> = async () => {};
  const server = await spawnServerProcess({}, (c) => (cleanup = c));
  const w = await createWorkshopWith(server.url, ['Ana', 'Bo', 'Cy', 'Dede'], { rooms: 1 });
  await api(server.url, 'POST', `/workshops/${w.workshopId}/assignment`, { seed: 's' }, w.facilitatorToken);
  await api(server.url, 'POST', `/workshops/${w.workshopId}/phase`, { phase: 'breakout' }, w.facilitatorToken);
  return {
    name: 'Roomtable',
    wsUrl: server.wsUrl,
    room: roomDocName(w.workshopId, 1),
    state: stateDocName(w.workshopId),
    token: (i) => w.participants[i % w.participants.length]!.token,
    close: () => cleanup(),
  };
}

function provider(target: Target, doc: string, i: number): WebsocketProvider {
  return new WebsocketProvider(target.wsUrl, doc, new Y.Doc(), {
    params: { token: target.token(i) },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
}

function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const started = Date.now();
    const tick = () => {
      if (check()) return resolve(true);
      if (Date.now() - started > timeoutMs) return resolve(false);
      setTimeout(tick, 1);
    };
    tick();
  });
}

/** One abrupt drop among three people: ms until both others stop showing the one who dropped (null: not within 60 s). */
async function dropOnce(target: Target, round: number): Promise<number | null> {
  const [gone, ...others] = [0, 1, 2].map((i) => provider(target, target.room, i + round));
  const all = [gone!, ...others];
  await until(() => all.every((p) => p.synced), 10_000);
  gone!.awareness.setLocalState({ user: { name: `Person ${round}`, color: '#1f5fa8' }, cursor: { anchor: round } });
  for (const p of others) p.awareness.setLocalState({ user: { name: 'Other', color: '#2e6b30' } });
  const id = gone!.awareness.clientID;
  await until(() => others.every((p) => p.awareness.getStates().has(id)), 10_000);
  // The others' clients have echoed what they heard by now (stock y-websocket re-sends every update).
  await new Promise((r) => setTimeout(r, 200));
  gone!.shouldConnect = false;
  const started = performance.now();
  (gone!.ws as unknown as WebSocket).terminate();
  const removed = await until(() => others.every((p) => !p.awareness.getStates().has(id)), 60_000);
  const ms = removed ? performance.now() - started : null;
  for (const p of all) p.destroy();
  return ms;
}

/** Reconnects over `seconds` of a client alone on a document (as the web app sets it up). */
async function lone(target: Target, doc: string, localState: Record<string, unknown> | null, seconds: number): Promise<number> {
  const p = provider(target, doc, 3);
  if (localState === null) p.awareness.setLocalState(null);
  else p.awareness.setLocalState(localState);
  let connects = 0;
  p.on('status', ({ status }: { status: string }) => {
    if (status === 'connected') connects++;
  });
  await new Promise((r) => setTimeout(r, seconds * 1000));
  p.destroy();
  return Math.max(0, connects - 1);
}

const targets = [await reference(), await roomtable()];
try {
  const drops = Number(values.drops);
  const lines: string[] = [];
  for (const target of targets) {
    const times: Array<number | null> = [];
    for (let round = 0; round < drops; round++) times.push(await dropOnce(target, round));
    const got = times.filter((t): t is number => t !== null).sort((a, b) => a - b);
    const median = got.length ? got[Math.floor(got.length / 2)]! : NaN;
    const max = got.length ? got.at(-1)! : NaN;
    lines.push(
      `| ${target.name} | removal after an abrupt drop (${drops}×, 3 people) | median ${median.toFixed(1)} ms, max ${max.toFixed(1)} ms` +
        `${got.length < drops ? `, ${drops - got.length} not within 60 s` : ''} |`,
    );
  }
  const seconds = Number(values['lone-seconds']);
  const reconnects = await Promise.all(
    targets.flatMap((target) => [
      lone(target, target.room, { user: { name: 'Dede', color: '#7b3fa0' } }, seconds).then((n) => `| ${target.name} | reconnects of a lone client with a presence, ${seconds} s | ${n} |`),
      lone(target, target.state, null, seconds).then((n) => `| ${target.name} | reconnects of a lone client without presence (the state document's), ${seconds} s | ${n} |`),
    ]),
  );
  console.log('\n| server | measure | result |\n| --- | --- | --- |');
  for (const line of [...lines, ...reconnects]) console.log(line);
} finally {
  for (const target of targets) await target.close();
}
