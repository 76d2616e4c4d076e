// One of the processes holding the hall's followers (moments bench, 18.2): the followers are
// spread over several processes so the load generator is never what the figure measures.
// Parent → {kind:'connect', wsUrl, docName, tokens} → 'ready'; {kind:'watch', move, row} →
// 'armed'; then 'arrived' with each follower's absolute arrival time (ms since the epoch).
// The end of the break-out (18.1): {kind:'connectPeople', wsUrl, base, workshopId, people} (each
// person holds their room and the state document) → 'ready'; {kind:'watchEnd'} → 'armed'; then
// 'ended' with, per person, the time they saw the reporting phase and the time they held the newest
// snapshot (GET …/snapshots/newest, as the plenary page asks for it).
// The poll bench (18.3): {kind:'watchVoters'} → 'watching'; {kind:'voters'} → 'voters' with, per
// voter entry key of the state document, the time each client first held it.
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { PLENARY_KEY, StateReader, roomDocName, stateDocName, touchedStateKeys } from '@roomtable/core';
import * as Y from 'yjs';
import { connectSaveCheckClient, type SaveCheckClient } from '../helpers/saveCheckClient';
import { HALL_MAP } from './options';

type Command =
  | { kind: 'connect'; wsUrl: string; docName: string; tokens: string[]; read?: 'plenary' | 'map' }
  | { kind: 'watch'; move: number; row: number }
  | { kind: 'connectPeople'; wsUrl: string; base: string; workshopId: string; people: Array<{ room: number; token: string }> }
  | { kind: 'watchEnd'; report: 'newest' | 'list' }
  | { kind: 'watchVoters' }
  | { kind: 'voters' }
  | { kind: 'close' };

/** Per voter entry key, the arrival time at each client that has it. */
const voterArrivals = new Map<string, number[]>();
let bytes = 0;

let clients: SaveCheckClient[] = [];
/** connectPeople: each person's state-document client and token (their room clients are in `clients` too). */
let people: Array<{ state: SaveCheckClient; token: string }> = [];
let endOf: { base: string; workshopId: string } | null = null;
const now = () => performance.timeOrigin + performance.now();
/** Where the pointer is read: Roomtable's plenary in the state document, or (the reference server) a plain map. */
let read: 'plenary' | 'map' = 'plenary';
const pointerRow = (doc: Y.Doc) => (read === 'map' ? ((doc.getMap(HALL_MAP).get('row') as number | undefined) ?? null) : (plenaryOf(doc)?.pointer?.row ?? null));

/**
 * Each follower reads the plenary as the web app's plenary page does (usePlenary): through a
 * StateReader told what each change touched, so what a move costs a follower is what it costs
 * a phone in the hall.
 */
const readers = new WeakMap<Y.Doc, { reader: StateReader; touched: Set<string> | undefined }>();
function plenaryOf(doc: Y.Doc) {
  let entry = readers.get(doc);
  if (!entry) {
    const created = { reader: new StateReader(), touched: undefined as Set<string> | undefined };
    doc.getMap('state').observeDeep((events) => {
      const touched = touchedStateKeys(events);
      if (created.touched) for (const key of touched) created.touched.add(key);
    });
    readers.set(doc, (entry = created));
  }
  const plenary = entry.reader.plenary(doc.getMap('state'), entry.touched);
  // What changes from here on is what the next read re-reads.
  entry.touched = new Set();
  return plenary;
}

const agent = new http.Agent({ keepAlive: true });

/** A GET through node:http, the body gunzipped when the server sent it so. */
function lightGet(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          const body = res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
          resolve({ status: res.statusCode ?? 0, body: body.toString('utf8') });
        });
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

/** The time (ms since the epoch) at which `test` first holds for `doc`. */
function whenDoc(doc: Y.Doc, test: (doc: Y.Doc) => boolean): Promise<number> {
  if (test(doc)) return Promise.resolve(now());
  return new Promise((resolve) => {
    const check = () => {
      if (!test(doc)) return;
      doc.off('update', check);
      resolve(now());
    };
    doc.on('update', check);
  });
}

const whenRow = (doc: Y.Doc, row: number) => whenDoc(doc, (d) => pointerRow(d) === row);

process.on('message', (command: Command) => {
  void (async () => {
    if (command.kind === 'connect') {
      read = command.read ?? 'plenary';
      for (let i = 0; i < command.tokens.length; i += 50) {
        const wave = command.tokens.slice(i, i + 50).map((token) => connectSaveCheckClient(command.wsUrl, command.docName, token));
        await Promise.all(wave.map((c) => c.synced));
        clients.push(...wave);
      }
      for (const c of clients) {
        c.ws.on('message', (data: ArrayBuffer) => {
          bytes += data.byteLength;
        });
      }
      process.send!({ kind: 'ready', cpu: process.cpuUsage() });
    } else if (command.kind === 'watch') {
      const arrivals = Promise.all(clients.map((c) => whenRow(c.doc, command.row)));
      const cpuBefore = process.cpuUsage();
      const bytesBefore = bytes;
      process.send!({ kind: 'armed', move: command.move });
      const times = await arrivals;
      const cpu = process.cpuUsage(cpuBefore);
      // This process's CPU from armed to the last of its followers holding the move: what decoding
      // and reading one move costs its clients (it delays the last of them).
      process.send!({ kind: 'arrived', move: command.move, times, cpuMs: (cpu.user + cpu.system) / 1000, bytesPerClient: (bytes - bytesBefore) / clients.length });
    } else if (command.kind === 'connectPeople') {
      endOf = { base: command.base, workshopId: command.workshopId };
      for (let i = 0; i < command.people.length; i += 50) {
        const wave = command.people.slice(i, i + 50).flatMap(({ room, token }) => {
          const roomClient = connectSaveCheckClient(command.wsUrl, roomDocName(command.workshopId, room), token);
          const state = connectSaveCheckClient(command.wsUrl, stateDocName(command.workshopId), token);
          people.push({ state, token });
          return [roomClient, state];
        });
        await Promise.all(wave.map((c) => c.synced));
        clients.push(...wave);
      }
      for (const c of clients) {
        c.ws.on('message', (data: ArrayBuffer) => {
          bytes += data.byteLength;
        });
      }
      process.send!({ kind: 'ready' });
    } else if (command.kind === 'watchEnd') {
      const { base, workshopId } = endOf!;
      const cpuBefore = process.cpuUsage();
      const bytesBefore = bytes;
      const watched = people.map(async ({ state, token }) => {
        const seen = await whenDoc(state.doc, (d) => (d.getMap('state').get('workshop') as { phase?: string } | undefined)?.phase === 'reporting');
        const headers = { authorization: `Bearer ${token}` };
        const snapshots = `${base}/api/workshops/${workshopId}/snapshots`;
        let got: { status: number; body: string };
        // As a browser asks (one kept-alive connection), through node:http: Node's fetch cost these
        // processes ~2 ms of CPU per request, more than the server's share, and the figure was theirs.
        if (command.report === 'list') {
          // What the plenary page did before: list, then the newest by id, uncompressed.
          const identity = { ...headers, 'accept-encoding': 'identity' };
          const list = JSON.parse((await lightGet(snapshots, identity)).body) as { snapshots: Array<{ id: string; takenAt: number }> };
          const newest = [...list.snapshots].sort((x, y) => x.takenAt - y.takenAt).at(-1)!;
          got = await lightGet(`${snapshots}/${newest.id}`, identity);
        } else {
          got = await lightGet(`${snapshots}/newest`, { ...headers, 'accept-encoding': 'gzip' });
        }
        if (got.status !== 200 || !got.body.startsWith('{"snapshot":{')) throw new Error(`newest snapshot → ${got.status}: ${got.body.slice(0, 200)}`);
        return { seen, loaded: now(), bytes: got.body.length };
      });
      process.send!({ kind: 'armed' });
      const got = await Promise.all(watched);
      const cpu = process.cpuUsage(cpuBefore);
      // What each person's two sockets brought from the end to their report (HTTP not counted).
      const socketBytes = (bytes - bytesBefore) / people.length;
      process.send!({ kind: 'ended', seen: got.map((g) => g.seen), loaded: got.map((g) => g.loaded), reportBytes: got[0]?.bytes ?? 0, cpuMs: (cpu.user + cpu.system) / 1000, socketBytes });
    } else if (command.kind === 'watchVoters') {
      for (const c of clients) {
        // The poll opened before anyone connected, so its voters' map is there once synced; only
        // the keys each change touched are looked at (O(changed), not O(voters), per update).
        const plenary = c.doc.getMap('state').get(PLENARY_KEY);
        const voters = plenary instanceof Y.Map ? plenary.get('pollVoters') : null;
        if (!(voters instanceof Y.Map)) throw new Error('the state document holds no poll voters after sync');
        const seen = new Set<string>();
        voters.observe((event) => {
          const at = now();
          for (const key of event.keysChanged) {
            if (seen.has(key)) continue;
            seen.add(key);
            const list = voterArrivals.get(key);
            if (list) list.push(at);
            else voterArrivals.set(key, [at]);
          }
        });
      }
      process.send!({ kind: 'watching', bytes });
    } else if (command.kind === 'voters') {
      process.send!({ kind: 'voters', arrivals: [...voterArrivals], bytes });
    } else {
      for (const c of clients) c.close();
      clients = [];
      people = [];
      const cpu = process.cpuUsage();
      // Exits once the answer is out: a profile (BENCH_FOLLOWER_PROF) is written on exit, not on a kill.
      process.send!({ kind: 'closed', cpuSeconds: (cpu.user + cpu.system) / 1e6 }, () => process.exit(0));
    }
  })();
});
