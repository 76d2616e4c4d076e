// Memory after connect (issue 18.5), without the load bench's minutes of editing: each server
// alone in its process (the harness of serverProcess.ts), its RSS when fresh, then `--rooms` (50)
// rooms of `--clients` (10) stock y-websocket clients connected and synced from one load worker,
// as `npm run bench` connects them, and its RSS, V8 heap, external and array-buffer bytes then.
// `npm run bench:memory -- [--rooms N] [--clients N] [--rounds N] [--servers yws,roomtable]`;
// `ROOMTABLE_ENV='A=1 B=2'` gives the Roomtable process extra environment (e.g.
// `NODE_OPTIONS=--max-semi-space-size=4`) to compare a setting; `--heap-snapshot DIR` writes a
// V8 heap snapshot of each server after connect into DIR; `--edit S` then has every client type
// twice a second for S seconds (2 s warm-up first) and adds the server's CPU, peak RSS and the
// edits' p50/p99 and the GC pauses while timed (a short check that a memory setting does not
// cost the editing path; the latency figures are `npm run bench`'s). Nothing here is a test assertion.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { numberArg, textArg } from './args';
import { buildServers, type BuiltServers } from './buildServers';
import { forkLoadWorker, runBench, startServerChild, stopChild, waitForExit, type ServerChild } from './children';
import type { ReadyMessage, ResultMessage, SetupMessage } from './loadWorker';
import { MEMORY_PREFIX, SERVER_KINDS, SERVER_LABELS, type ServerKind } from './options';
import { cpuSeconds, memoryMiB } from './procStats';
import { summarize } from './stats';
import { prepareWorkshop } from './roomtableSetup';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const MiB = 1024 * 1024;

/** One server's figures, in MiB. */
interface MemoryRow {
  kind: ServerKind;
  freshRss: number;
  freshHeapUsed: number;
  /** RSS once the API calls before connecting are done (Roomtable: the workshop made, everyone joined) */
  joinedRss: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  /** the young generation's size (both semi-spaces), part of heap total */
  newSpace: number;
  external: number;
  arrayBuffers: number;
  peak: number;
  /** with `--edit`: server CPU seconds while timed, peak RSS after editing, latency p50/p99 (ms) */
  edit: { cpu: number; peak: number; p50: number; p99: number; edits: number; scavenges: number; scavengeMs: number; otherGcs: number; otherGcMs: number } | null;
}

/** What the harness reports: `process.memoryUsage()`, the young generation's size, its GC pauses so far. */
type HarnessMemory = NodeJS.MemoryUsage & { newSpace: number; gc: { minorCount: number; minorMs: number; otherCount: number; otherMs: number } };

/** Asks the harness for its `process.memoryUsage()` (the main thread's isolate; RSS is the whole process). */
function heapOf(server: ServerChild): Promise<HarnessMemory> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${server.kind} did not report its memory`)), 10_000);
    let out = '';
    const onData = (d: string) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith(MEMORY_PREFIX));
      if (!line) return;
      clearTimeout(timer);
      server.child.stdout!.off('data', onData);
      resolve(JSON.parse(line.slice(MEMORY_PREFIX.length)) as HarnessMemory);
    };
    server.child.stdout!.on('data', onData);
    server.child.stdin!.write('memory\n');
  });
}

function extraEnv(): Record<string, string> {
  const raw = process.env.ROOMTABLE_ENV ?? '';
  return Object.fromEntries(
    raw
      .split(/\s+(?=[A-Z_]+=)/)
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  );
}

/** Signals the server to write a heap snapshot into `dir` and waits until the file stops growing. */
async function heapSnapshot(server: ServerChild, dir: string): Promise<string> {
  const before = new Set(readdirSync(dir));
  server.child.kill('SIGUSR2');
  let last = -1;
  for (;;) {
    await sleep(1000);
    const file = readdirSync(dir).find((f) => !before.has(f) && f.endsWith('.heapsnapshot'));
    if (!file) continue;
    const size = statSync(path.join(dir, file)).size;
    if (size > 0 && size === last) return path.join(dir, file);
    last = size;
  }
}

async function measure(kind: ServerKind, built: BuiltServers, rooms: number, perRoom: number, snapshotDir: string | null, editSeconds: number): Promise<MemoryRow> {
  const dataDir = kind === 'roomtable' ? mkdtempSync(path.join(os.tmpdir(), 'roomtable-bench-memory-')) : null;
  const env: Record<string, string> = { BENCH_GC_STATS: '1', ...(dataDir ? { DATA_DIR: dataDir, ...extraEnv() } : {}) };
  if (snapshotDir) env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${snapshotDir}`.trim();
  const server = await startServerChild(kind, env, null, built);
  const worker = forkLoadWorker();
  try {
    // A second for start-up work (the SQLite worker's first statements, lazy imports) to land.
    await sleep(1000);
    const freshRss = memoryMiB(server.pid).rss;
    const freshHeapUsed = (await heapOf(server)).heapUsed / MiB;
    const base = `http://127.0.0.1:${server.port}`;
    let list: SetupMessage['rooms'];
    let wsUrl: string;
    if (kind === 'roomtable') {
      const workshop = await prepareWorkshop(base, rooms, rooms * perRoom);
      list = workshop.rooms.map((r) => ({ name: r.name, tokens: r.tokens }));
      wsUrl = `ws://127.0.0.1:${server.port}/sync`;
    } else {
      list = Array.from({ length: rooms }, (_, i) => ({ name: `bench/room/${i + 1}`, tokens: Array.from({ length: perRoom }, () => null) }));
      wsUrl = base.replace('http', 'ws');
    }
    const next = <M extends { type: string }>(type: M['type']) =>
      new Promise<M>((resolve, reject) => {
        const onMessage = (m: M | { type: 'error'; message: string }) => {
          if (m.type === type) resolve(m as M);
          if (m.type === 'error') reject(new Error((m as { message: string }).message));
        };
        worker.on('message', onMessage);
        worker.once('exit', (code) => reject(new Error(`load worker exited (${code}) waiting for "${type}"`)));
      });
    const joinedRss = memoryMiB(server.pid).rss;
    const ready = next<ReadyMessage>('ready');
    const warmupMs = 2000;
    const setup: SetupMessage = { type: 'setup', kind, wsUrl, rooms: list, rate: 2, durationMs: editSeconds * 1000, awareness: false, shape: 'append', drainMs: 10_000, warmupMs };
    worker.send(setup);
    await ready;
    // As `npm run bench` reads "RSS after connect": a second after the last client synced.
    await sleep(1000);
    const { rss, peak } = memoryMiB(server.pid);
    const heap = await heapOf(server);
    if (snapshotDir) console.log(`${kind}: heap snapshot in ${await heapSnapshot(server, snapshotDir)}`);
    let edit: MemoryRow['edit'] = null;
    if (editSeconds > 0) {
      const result = next<ResultMessage>('result');
      const measuring = next<{ type: 'measuring' }>('measuring');
      worker.send({ type: 'start' });
      await measuring;
      const cpuBefore = cpuSeconds(server.pid);
      const gcBefore = (await heapOf(server)).gc;
      const done = await result;
      const gc = (await heapOf(server)).gc;
      const latency = summarize(done.latencies);
      edit = {
        cpu: cpuSeconds(server.pid) - cpuBefore,
        peak: memoryMiB(server.pid).peak,
        p50: latency.p50,
        p99: latency.p99,
        edits: done.sentMeasured,
        scavenges: gc.minorCount - gcBefore.minorCount,
        scavengeMs: gc.minorMs - gcBefore.minorMs,
        otherGcs: gc.otherCount - gcBefore.otherCount,
        otherGcMs: gc.otherMs - gcBefore.otherMs,
      };
    }
    return {
      edit,
      kind,
      freshRss,
      freshHeapUsed,
      joinedRss,
      rss,
      peak,
      heapUsed: heap.heapUsed / MiB,
      heapTotal: heap.heapTotal / MiB,
      newSpace: heap.newSpace / MiB,
      external: heap.external / MiB,
      arrayBuffers: heap.arrayBuffers / MiB,
    };
  } catch (error) {
    console.error(`[bench] ${kind} server log:\n${server.log()}`);
    throw error;
  } finally {
    if (worker.connected) worker.send({ type: 'stop' });
    if (!(await waitForExit(worker, 3000))) await stopChild(worker, 2000);
    await stopChild(server.child);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const rooms = numberArg('rooms', 50);
  const perRoom = numberArg('clients', 10);
  const rounds = numberArg('rounds', 1);
  const servers = (textArg('servers') ?? 'yws,roomtable').split(',') as ServerKind[];
  for (const s of servers) if (!SERVER_KINDS.includes(s)) throw new Error(`unknown server "${s}"`);
  const extra = process.env.ROOMTABLE_ENV ? ` (Roomtable with ${process.env.ROOMTABLE_ENV})` : '';
  console.log(`# Memory after connect (issue 18.5): ${rooms * perRoom} clients in ${rooms} rooms${extra}`);
  console.log(`${os.cpus().length} cores, node ${process.version}, load average ${os.loadavg()[0]!.toFixed(1)} at start\n`);
  const snapshotDir = textArg('heap-snapshot');
  const editSeconds = numberArg('edit', 0);
  if (snapshotDir) mkdirSync(snapshotDir, { recursive: true });
  const built = await buildServers();
  const rows: MemoryRow[] = [];
  for (let round = 0; round < rounds; round++) for (const kind of servers) rows.push(await measure(kind, built, rooms, perRoom, snapshotDir && path.resolve(snapshotDir), editSeconds));
  const f = (n: number) => n.toFixed(1);
  console.log('| server | fresh RSS | fresh heap used | RSS after joins | RSS after connect | peak RSS | heap used | heap total | young gen | external | array buffers |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    console.log(`| ${SERVER_LABELS[r.kind]} | ${f(r.freshRss)} | ${f(r.freshHeapUsed)} | ${f(r.joinedRss)} | ${f(r.rss)} | ${f(r.peak)} | ${f(r.heapUsed)} | ${f(r.heapTotal)} | ${f(r.newSpace)} | ${f(r.external)} | ${f(r.arrayBuffers)} |`);
  }
  if (editSeconds > 0) {
    console.log(`\nThen ${editSeconds} s of editing (2 edits/s per client, after 2 s of warm-up):\n`);
    console.log('| server | timed edits | server CPU (s) | peak RSS | scavenges (ms in them) | other GCs (ms) | p50 (ms) | p99 (ms) |');
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const r of rows) {
      const e = r.edit!;
      console.log(
        `| ${SERVER_LABELS[r.kind]} | ${e.edits} | ${e.cpu.toFixed(2)} | ${f(e.peak)} | ${e.scavenges} (${e.scavengeMs.toFixed(0)}) | ${e.otherGcs} (${e.otherGcMs.toFixed(0)}) | ${f(e.p50)} | ${f(e.p99)} |`,
      );
    }
  }
  const mean = (kind: ServerKind) => {
    const of = rows.filter((r) => r.kind === kind);
    return of.reduce((n, r) => n + r.rss, 0) / of.length;
  };
  if (servers.includes('yws') && servers.includes('roomtable')) {
    console.log(`\nRoomtable / reference, RSS after connect: ${(mean('roomtable') / mean('yws')).toFixed(2)}× (target ≤ 1.1×)`);
  }
  console.log(`(MiB; load average at the end ${os.loadavg()[0]!.toFixed(1)})`);
}

runBench(main);
