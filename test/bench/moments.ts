// The moments a workshop feels (issue 18): the end of the break-out, and a hall following one
// presenter. `npm run bench:moments` prints the figures; nothing here is a test assertion.
// Options: --rooms 50 --per-room 10 --followers 1000 --moves 50 (the issue's sizes by default);
// --cpu-prof DIR runs each server with --cpu-prof (summarise with `node scripts/cpuProfileTop.mjs DIR`);
// --only end|hall runs one scenario; --procs 2: processes holding the clients (both scenarios);
// --no-reference skips the hall on the reference server; --report list: each plenary page lists the
// snapshots, then reads the newest by id, uncompressed (what the page did before GET …/newest).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { roomDocName, stateDocName } from '@roomtable/core';
import { connectSaveCheckClient, type SaveCheckClient } from '../helpers/saveCheckClient';
import { addMarker } from '../helpers/tableMarkers';
import { numberArg, textArg } from './args';
import { buildServers } from './buildServers';
import { startServerChild, runBench, stopChild, waitForExit, type ServerChild } from './children';
import { forkFollowers, nextMessage } from './followers';
import { HALL_MAP } from './options';
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
 * page then loads to show the presenting room's report (the newest snapshot, one request). The
 * people live in `procs` processes of their own: in this one, their 1,000 sockets and 500 requests
 * used more CPU than the server (1.5–1.8 s against 0.6–1.0 s) and the figure measured them.
 */
async function endOfBreakout(rooms: number, perRoom: number, procs: number, report: 'newest' | 'list') {
  return withServer('end', async (server, base, wsUrl) => {
    const w = await prepareWorkshop(base, rooms, rooms * perRoom, SUGGESTIONS);
    const people = w.rooms.flatMap((room) => room.tokens.map((token) => ({ room: room.number, token })));
    const children = Array.from({ length: procs }, () => forkFollowers());
    const writers: SaveCheckClient[] = [];
    try {
      await Promise.all(
        children.map((child, k) => {
          const ready = nextMessage(child, 'ready');
          child.send({ kind: 'connectPeople', wsUrl, base, workshopId: w.workshopId, people: people.filter((_, i) => i % procs === k) });
          return ready;
        }),
      );
      // Every room has typed a little beyond its seeded suggestions (its first person, a second tab).
      for (const room of w.rooms) {
        const writer = connectSaveCheckClient(wsUrl, roomDocName(w.workshopId, room.number), room.tokens[0]!);
        writers.push(writer);
        await writer.synced;
        for (let k = 0; k < 8; k++) addMarker(writer.doc, `room ${room.number} adds point ${k} about what is needed`);
        await writer.saveCheck();
      }
      await sleep(500);
      const ended = children.map((child) => nextMessage<{ kind: 'ended'; seen: number[]; loaded: number[]; reportBytes: number; cpuMs: number; socketBytes: number }>(child, 'ended'));
      await Promise.all(
        children.map((child) => {
          const armed = nextMessage(child, 'armed');
          child.send({ kind: 'watchEnd', report });
          return armed;
        }),
      );
      const cpuBefore = cpuSeconds(server.pid);
      const started = performance.timeOrigin + performance.now();
      await call(base, 'POST', `/workshops/${w.workshopId}/phase`, { phase: 'reporting' }, w.facilitatorToken);
      const answeredAt = performance.timeOrigin + performance.now();
      const got = await Promise.all(ended);
      const cpu = cpuSeconds(server.pid) - cpuBefore;
      const rss = memoryMiB(server.pid).rss;
      await Promise.all(
        children.map((child) => {
          const done = nextMessage(child, 'closed').then(() => waitForExit(child, 10_000));
          child.send({ kind: 'close' });
          return done;
        }),
      );
      return {
        clients: people.length,
        procs,
        answeredMs: answeredAt - started,
        seen: summarize(Float64Array.from(got.flatMap((g) => g.seen), (t) => t - started)),
        loaded: summarize(Float64Array.from(got.flatMap((g) => g.loaded), (t) => t - started)),
        reportKiB: (got[0]?.reportBytes ?? 0) / 1024,
        cpuSeconds: cpu,
        loadCpuSeconds: got.reduce((sum, g) => sum + g.cpuMs, 0) / 1000,
        socketKiB: got.reduce((sum, g) => sum + g.socketBytes, 0) / got.length / 1024,
        rssMiB: rss,
      };
    } finally {
      for (const writer of writers) writer.close();
      for (const child of children) child.kill();
    }
  });
}

/** One hall to follow: where the followers connect and how the presenter moves the pointer. */
interface Hall {
  wsUrl: string;
  docName: string;
  tokens: string[];
  read: 'plenary' | 'map';
  move(row: number): Promise<void>;
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
    const hall: Hall = {
      wsUrl,
      docName: stateDocName(w.workshopId),
      tokens: w.rooms[0]!.tokens,
      read: 'plenary',
      move: (row) => call(base, 'PUT', `/workshops/${w.workshopId}/plenary/pointer`, { row }, w.facilitatorToken).then(() => undefined),
    };
    return followHall(server, hall, moves, procs);
  });
}

/**
 * The same hall on the reference server (@y/websocket-server, the issue's comparison): 1,000
 * clients of one document; the presenter is one more client, writing the row into a map. Timed
 * from that write, so no HTTP request is in its figure (Roomtable's includes the PUT).
 */
async function referenceHall(followers: number, moves: number, procs: number) {
  const built = await buildServers();
  const server = await startServerChild('yws', {}, cpuProfDir && path.join(cpuProfDir, 'hall-reference'), built);
  const wsUrl = `ws://127.0.0.1:${server.port}`;
  const presenter = connectSaveCheckClient(wsUrl, HALL_MAP, '');
  try {
    await presenter.synced;
    const hall: Hall = {
      wsUrl,
      docName: HALL_MAP,
      tokens: Array.from({ length: followers }, () => ''),
      read: 'map',
      move: async (row) => {
        presenter.doc.getMap(HALL_MAP).set('row', row);
      },
    };
    return await followHall(server, hall, moves, procs);
  } finally {
    presenter.close();
    await stopChild(server.child);
  }
}

async function followHall(server: ServerChild, hall: Hall, moves: number, procs: number) {
  const children = Array.from({ length: procs }, () => forkFollowers());
  try {
    await Promise.all(
      children.map((child, k) => {
        const ready = nextMessage(child, 'ready');
        child.send({ kind: 'connect', wsUrl: hall.wsUrl, docName: hall.docName, read: hall.read, tokens: hall.tokens.filter((_, i) => i % procs === k) });
        return ready;
      }),
    );
    const all: number[] = [];
    const last: number[] = [];
    let followerCpuMs = 0;
    let bytesPerClient = 0;
    const cpuBefore = cpuSeconds(server.pid);
    for (let move = 0; move < moves; move++) {
      const row = move % SUGGESTIONS.length;
      const arrived = children.map((child) => nextMessage<{ kind: 'arrived'; times: number[]; cpuMs: number; bytesPerClient: number }>(child, 'arrived'));
      await Promise.all(
        children.map((child) => {
          const armed = nextMessage(child, 'armed');
          child.send({ kind: 'watch', move, row });
          return armed;
        }),
      );
      const sentAt = performance.timeOrigin + performance.now();
      await hall.move(row);
      const got = await Promise.all(arrived);
      const times = got.flatMap((m) => m.times.map((t) => t - sentAt));
      followerCpuMs += got.reduce((sum, m) => sum + m.cpuMs, 0);
      bytesPerClient += got.reduce((sum, m) => sum + m.bytesPerClient, 0) / got.length;
      all.push(...times);
      last.push(Math.max(...times));
      await sleep(Math.max(0, 200 - (performance.timeOrigin + performance.now() - sentAt)));
    }
    const cpu = cpuSeconds(server.pid) - cpuBefore;
    const closed = await Promise.all(
      children.map((child) => {
        const done = nextMessage<{ kind: 'closed'; cpuSeconds: number }>(child, 'closed');
        child.send({ kind: 'close' });
        return done.then(async (m) => (await waitForExit(child, 10_000), m));
      }),
    );
    return { followers: hall.tokens.length, moves, procs, all: summarize(Float64Array.from(all)), last: summarize(Float64Array.from(last)), cpuPerMoveMs: (cpu / moves) * 1000, followerCpuPerMoveMs: followerCpuMs / moves, bytesPerMove: bytesPerClient / moves, followerCpuSeconds: closed.map((c) => c.cpuSeconds) };
  } finally {
    for (const child of children) child.kill();
  }
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
  const report = textArg('report') === 'list' ? 'list' : 'newest';
  const end = await endOfBreakout(rooms, perRoom, procs, report);
  console.log(`## End of the break-out: ${rooms} rooms × ${perRoom} people (${end.clients} clients in ${end.procs} processes, each holding its room and the state document)`);
  console.log(`| measure | p50 | p99 | last |`);
  console.log(`| --- | --- | --- | --- |`);
  console.log(`| facilitator's answer (every room snapshotted) | | | ${ms(end.answeredMs)} |`);
  console.log(`| client sees the reporting phase | ${ms(end.seen.p50)} | ${ms(end.seen.p99)} | ${ms(end.seen.max)} |`);
  console.log(`| client holds the report (${report === 'list' ? 'list, then the newest by id, uncompressed' : 'GET …/snapshots/newest'}: ${end.reportKiB.toFixed(0)} KiB of JSON) | ${ms(end.loaded.p50)} | ${ms(end.loaded.p99)} | ${ms(end.loaded.max)} |`);
  console.log(`server CPU ${end.cpuSeconds.toFixed(2)} s, RSS ${end.rssMiB.toFixed(0)} MiB; the clients' processes ${end.loadCpuSeconds.toFixed(2)} s of CPU from the end to the last report; each person's sockets brought ${end.socketKiB.toFixed(1)} KiB meanwhile; target: last client < 1,000 ms\n`);
  }
  if (only === 'end') return;

  const reference = !process.argv.includes('--no-reference');
  for (const [label, hall] of [
    ['Roomtable', await hallFollowing(followers, moves, procs)],
    ...(reference ? ([['the reference server (@y/websocket-server, one document, presenter a client)', await referenceHall(followers, moves, procs)]] as const) : []),
  ] as const) {
    console.log(`## A hall following one presenter, ${label}: ${hall.followers} followers in ${hall.procs} processes, ${hall.moves} pointer moves at 5 per second`);
    console.log(`| measure | p50 | p99 | max |`);
    console.log(`| --- | --- | --- | --- |`);
    console.log(`| every follower, every move | ${ms(hall.all.p50)} | ${ms(hall.all.p99)} | ${ms(hall.all.max)} |`);
    console.log(`| last follower of each move | ${ms(hall.last.p50)} | ${ms(hall.last.p99)} | ${ms(hall.last.max)} |`);
    console.log(`server CPU per move ${hall.cpuPerMoveMs.toFixed(1)} ms; the followers' CPU per move (all processes, armed → last arrival) ${hall.followerCpuPerMoveMs.toFixed(1)} ms; each follower received ${hall.bytesPerMove.toFixed(0)} B per move; follower processes' CPU over the whole run ${hall.followerCpuSeconds.map((c) => `${c.toFixed(1)} s`).join(', ')}; target: p99 to the last follower < 50 ms\n`);
  }
  console.log(`(load average at the end ${os.loadavg()[0]!.toFixed(1)}: figures on a busy machine are upper bounds)`);
}

runBench(main);
