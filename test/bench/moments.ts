// The moments a workshop feels (issue 18): the end of the break-out, and a hall following one
// presenter. `npm run bench:moments` prints the figures; nothing here is a test assertion.
// Options: --rooms 50 --per-room 10 --followers 1000 --moves 50 (the issue's sizes by default);
// --cpu-prof DIR runs each server with --cpu-prof (summarise with `node scripts/cpuProfileTop.mjs DIR`);
// --only end|hall runs one scenario; --procs 2: processes holding the hall's followers.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { roomDocName, stateDocName } from '@roomtable/core';
import type * as Y from 'yjs';
import { connectSaveCheckClient, type SaveCheckClient } from '../helpers/saveCheckClient';
import { addMarker } from '../helpers/tableMarkers';
import { numberArg, textArg } from './args';
import { buildServers } from './buildServers';
import { startServerChild, runBench, stopChild, type ServerChild } from './children';
import { forkFollowers, nextMessage } from './followers';
import { cpuSeconds, memoryMiB } from './procStats';
import { call, prepareWorkshop } from './roomtableSetup';
import { summarize } from './stats';

const SUGGESTIONS = [
  'Publish a plain-language summary of every policy process',
  'Rotate the chairs of working groups between regions',
  'Open a newcomers desk at every meeting',
  'Translate the key documents before the comment period opens',
  'Hold a pre-meeting briefing for first-time participants',
  'Keep a public tracker of every recommendation and its status',
  'Offer remote hubs with interpretation in six languages',
  'Review the workload of volunteers once a year',
];

const cpuProfDir = textArg('cpu-prof');

const ms = (n: number) => `${n.toFixed(0)} ms`;
const sleep = (n: number) => new Promise((r) => setTimeout(r, n));

/** Connects `tokens.length` clients to `docName` in waves, as a hall's browsers would arrive. */
async function connectAll(wsUrl: string, docName: (i: number) => string, tokens: string[]): Promise<SaveCheckClient[]> {
  const clients: SaveCheckClient[] = [];
  for (let i = 0; i < tokens.length; i += 50) {
    const wave = tokens.slice(i, i + 50).map((token, k) => connectSaveCheckClient(wsUrl, docName(i + k), token));
    await Promise.all(wave.map((c) => c.synced));
    clients.push(...wave);
  }
  return clients;
}

function phaseOf(doc: Y.Doc): string | undefined {
  return (doc.getMap('state').get('workshop') as { phase?: string } | undefined)?.phase;
}

/** Resolves with the time (performance.now) at which `test` first holds for `doc`. */
function whenDoc(doc: Y.Doc, test: (doc: Y.Doc) => boolean): Promise<number> {
  if (test(doc)) return Promise.resolve(performance.now());
  return new Promise((resolve) => {
    const check = () => {
      if (!test(doc)) return;
      doc.off('update', check);
      resolve(performance.now());
    };
    doc.on('update', check);
  });
}

async function withServer<T>(scenario: string, run: (server: ServerChild, base: string, wsUrl: string) => Promise<T>): Promise<T> {
  const built = await buildServers();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'roomtable-bench-moments-'));
  const server = await startServerChild('roomtable', { DATA_DIR: dir }, cpuProfDir && path.join(cpuProfDir, scenario), built);
  try {
    return await run(server, `http://127.0.0.1:${server.port}`, `ws://127.0.0.1:${server.port}/sync`);
  } finally {
    await stopChild(server.child);
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * 18.1: `rooms` × `perRoom` people, each holding their room document and the state document (what
 * the room page holds open), 8 seeded rows per room plus some typing. The facilitator ends the
 * break-out; timed: the answer (every room snapshotted: the phase change is atomic with its
 * snapshots), every client seeing the reporting phase, and every client holding what the plenary
 * page then loads to show the presenting room's report (the snapshot list and the newest snapshot).
 */
async function endOfBreakout(rooms: number, perRoom: number) {
  return withServer('end', async (server, base, wsUrl) => {
    const w = await prepareWorkshop(base, rooms, rooms * perRoom, SUGGESTIONS);
    const people = w.rooms.flatMap((room) => room.tokens.map((token) => ({ room: room.number, token })));
    const roomClients = await connectAll(wsUrl, (i) => roomDocName(w.workshopId, people[i]!.room), people.map((p) => p.token));
    const stateClients = await connectAll(wsUrl, () => stateDocName(w.workshopId), people.map((p) => p.token));
    // Every room has typed a little beyond its seeded suggestions.
    let firstOfRoom = 0;
    for (const room of w.rooms) {
      const writer = roomClients[firstOfRoom]!;
      for (let k = 0; k < 8; k++) addMarker(writer.doc, `room ${room.number} adds point ${k} about what is needed`);
      await writer.saveCheck();
      firstOfRoom += room.tokens.length;
    }
    await sleep(500);
    const cpuBefore = cpuSeconds(server.pid);
    const loadCpuBefore = process.cpuUsage();
    const started = performance.now();
    const seen = stateClients.map((c) => whenDoc(c.doc, (d) => phaseOf(d) === 'reporting'));
    // What the plenary page does once it is on screen: the snapshot list, then the newest snapshot.
    let reportBytes = 0;
    const reports = seen.map(async (seenAt, i) => {
      await seenAt;
      const token = people[i]!.token;
      const list = await call<{ snapshots: Array<{ id: string; takenAt: number }> }>(base, 'GET', `/workshops/${w.workshopId}/snapshots`, undefined, token);
      const newest = [...list.snapshots].sort((a, b) => a.takenAt - b.takenAt).at(-1)!;
      const res = await fetch(`${base}/api/workshops/${w.workshopId}/snapshots/${newest.id}`, { headers: { authorization: `Bearer ${token}` } });
      const body = await res.text();
      if (!res.ok) throw new Error(`snapshot → ${res.status}: ${body.slice(0, 200)}`);
      reportBytes = body.length;
      return performance.now();
    });
    await call(base, 'POST', `/workshops/${w.workshopId}/phase`, { phase: 'reporting' }, w.facilitatorToken);
    const answeredAt = performance.now();
    const seenAt = await Promise.all(seen);
    const loadedAt = await Promise.all(reports);
    const cpu = cpuSeconds(server.pid) - cpuBefore;
    const loadCpu = process.cpuUsage(loadCpuBefore);
    const rss = memoryMiB(server.pid).rss;
    for (const c of [...roomClients, ...stateClients]) c.close();
    return {
      clients: people.length,
      answeredMs: answeredAt - started,
      seen: summarize(Float64Array.from(seenAt, (t) => t - started)),
      loaded: summarize(Float64Array.from(loadedAt, (t) => t - started)),
      reportKiB: reportBytes / 1024,
      cpuSeconds: cpu,
      loadCpuSeconds: (loadCpu.user + loadCpu.system) / 1e6,
      rssMiB: rss,
    };
  });
}

/**
 * 18.2: `followers` people hold the state document while the presenter (here the facilitator)
 * points at a row 5 times a second. Timed per move: from the request to each follower holding the
 * new pointer. The followers live in `procs` processes of their own (one process holding a
 * thousand decoded their updates one after another: it measured itself as much as the server).
 */
async function hallFollowing(followers: number, moves: number, procs: number) {
  return withServer('hall', async (server, base, wsUrl) => {
    const w = await prepareWorkshop(base, 1, followers, SUGGESTIONS);
    await call(base, 'POST', `/workshops/${w.workshopId}/phase`, { phase: 'reporting' }, w.facilitatorToken);
    await call(base, 'PUT', `/workshops/${w.workshopId}/plenary/presenting`, { room: 1 }, w.facilitatorToken);
    const tokens = w.rooms[0]!.tokens;
    const children = Array.from({ length: procs }, () => forkFollowers());
    try {
      await Promise.all(
        children.map((child, k) => {
          const ready = nextMessage(child, 'ready');
          child.send({ kind: 'connect', wsUrl, docName: stateDocName(w.workshopId), tokens: tokens.filter((_, i) => i % procs === k) });
          return ready;
        }),
      );
      const all: number[] = [];
      const last: number[] = [];
      const cpuBefore = cpuSeconds(server.pid);
      for (let move = 0; move < moves; move++) {
        const row = move % SUGGESTIONS.length;
        const arrived = children.map((child) => nextMessage<{ kind: 'arrived'; times: number[] }>(child, 'arrived'));
        await Promise.all(
          children.map((child) => {
            const armed = nextMessage(child, 'armed');
            child.send({ kind: 'watch', move, row });
            return armed;
          }),
        );
        const sentAt = performance.timeOrigin + performance.now();
        await call(base, 'PUT', `/workshops/${w.workshopId}/plenary/pointer`, { row }, w.facilitatorToken);
        const times = (await Promise.all(arrived)).flatMap((m) => m.times.map((t) => t - sentAt));
        all.push(...times);
        last.push(Math.max(...times));
        await sleep(Math.max(0, 200 - (performance.timeOrigin + performance.now() - sentAt)));
      }
      const cpu = cpuSeconds(server.pid) - cpuBefore;
      const closed = await Promise.all(
        children.map((child) => {
          const done = nextMessage<{ kind: 'closed'; cpuSeconds: number }>(child, 'closed');
          child.send({ kind: 'close' });
          return done;
        }),
      );
      return { followers, moves, procs, all: summarize(Float64Array.from(all)), last: summarize(Float64Array.from(last)), cpuPerMoveMs: (cpu / moves) * 1000, followerCpuSeconds: closed.map((c) => c.cpuSeconds) };
    } finally {
      for (const child of children) child.kill();
    }
  });
}

async function main() {
  const rooms = numberArg('rooms', 50);
  const perRoom = numberArg('per-room', 10);
  const followers = numberArg('followers', 1000);
  const moves = numberArg('moves', 50);
  const procs = numberArg('procs', 2);
  console.log(`# Moments (issue 18), ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)} at start\n`);

  const only = textArg('only');
  if (only !== 'hall') {
  const end = await endOfBreakout(rooms, perRoom);
  console.log(`## End of the break-out: ${rooms} rooms × ${perRoom} people (${end.clients} clients, each holding its room and the state document)`);
  console.log(`| measure | p50 | p99 | last |`);
  console.log(`| --- | --- | --- | --- |`);
  console.log(`| facilitator's answer (every room snapshotted) | | | ${ms(end.answeredMs)} |`);
  console.log(`| client sees the reporting phase | ${ms(end.seen.p50)} | ${ms(end.seen.p99)} | ${ms(end.seen.max)} |`);
  console.log(`| client holds the report (snapshot list + newest snapshot, ${end.reportKiB.toFixed(0)} KiB) | ${ms(end.loaded.p50)} | ${ms(end.loaded.p99)} | ${ms(end.loaded.max)} |`);
  console.log(`server CPU ${end.cpuSeconds.toFixed(2)} s, RSS ${end.rssMiB.toFixed(0)} MiB; the 500 clients' own process (this one) ${end.loadCpuSeconds.toFixed(2)} s of CPU; target: last client < 1,000 ms\n`);
  }
  if (only === 'end') return;

  const hall = await hallFollowing(followers, moves, procs);
  console.log(`## A hall following one presenter: ${hall.followers} followers in ${hall.procs} processes, ${hall.moves} pointer moves at 5 per second`);
  console.log(`| measure | p50 | p99 | max |`);
  console.log(`| --- | --- | --- | --- |`);
  console.log(`| every follower, every move | ${ms(hall.all.p50)} | ${ms(hall.all.p99)} | ${ms(hall.all.max)} |`);
  console.log(`| last follower of each move | ${ms(hall.last.p50)} | ${ms(hall.last.p99)} | ${ms(hall.last.max)} |`);
  console.log(`server CPU per move ${hall.cpuPerMoveMs.toFixed(1)} ms; follower processes' CPU over the whole run ${hall.followerCpuSeconds.map((c) => `${c.toFixed(1)} s`).join(', ')}; target: p99 to the last follower < 50 ms`);
  console.log(`(load average at the end ${os.loadavg()[0]!.toFixed(1)}: figures on a busy machine are upper bounds)`);
}

runBench(main);
