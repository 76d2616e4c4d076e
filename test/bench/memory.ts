// Memory after connect (issue 18.5), without the load bench's minutes of editing: each server
// alone in its process (the harness of serverProcess.ts), its RSS when fresh, then `--rooms` (50)
// rooms of `--clients` (10) stock y-websocket clients connected and synced from one load worker,
// as `npm run bench` connects them, and its RSS, V8 heap, external and array-buffer bytes then.
// `npm run bench:memory -- [--rooms N] [--clients N] [--rounds N] [--servers yws,roomtable]`;
// `ROOMTABLE_ENV='A=1 B=2'` gives the Roomtable process extra environment (e.g.
// `NODE_OPTIONS=--max-semi-space-size=4`) to compare a setting; `--heap-snapshot DIR` writes a
// V8 heap snapshot of each server after connect into DIR. Nothing here is a test assertion.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { numberArg, textArg } from './args';
import { buildServers, type BuiltServers } from './buildServers';
import { forkLoadWorker, runBench, startServerChild, stopChild, waitForExit, type ServerChild } from './children';
import type { ReadyMessage, SetupMessage } from './loadWorker';
import { MEMORY_PREFIX, SERVER_KINDS, SERVER_LABELS, type ServerKind } from './options';
import { memoryMiB } from './procStats';
import { prepareWorkshop } from './roomtableSetup';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const MiB = 1024 * 1024;

/** One server's figures, in MiB. */
interface MemoryRow {
  kind: ServerKind;
  freshRss: number;
  freshHeapUsed: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  peak: number;
}

/** Asks the harness for its `process.memoryUsage()` (the main thread's isolate; RSS is the whole process). */
function heapOf(server: ServerChild): Promise<NodeJS.MemoryUsage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${server.kind} did not report its memory`)), 10_000);
    let out = '';
    const onData = (d: string) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith(MEMORY_PREFIX));
      if (!line) return;
      clearTimeout(timer);
      server.child.stdout!.off('data', onData);
      resolve(JSON.parse(line.slice(MEMORY_PREFIX.length)) as NodeJS.MemoryUsage);
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

async function measure(kind: ServerKind, built: BuiltServers, rooms: number, perRoom: number, snapshotDir: string | null): Promise<MemoryRow> {
  const dataDir = kind === 'roomtable' ? mkdtempSync(path.join(os.tmpdir(), 'roomtable-bench-memory-')) : null;
  const env: Record<string, string> = dataDir ? { DATA_DIR: dataDir, ...extraEnv() } : {};
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
    const ready = new Promise<ReadyMessage>((resolve, reject) => {
      worker.on('message', (m: ReadyMessage | { type: 'error'; message: string }) => {
        if (m.type === 'ready') resolve(m);
        if (m.type === 'error') reject(new Error(m.message));
      });
      worker.once('exit', (code) => reject(new Error(`load worker exited (${code}) before the clients synced`)));
    });
    const setup: SetupMessage = { type: 'setup', kind, wsUrl, rooms: list, rate: 1, durationMs: 1000, awareness: false, shape: 'append', drainMs: 1000, warmupMs: 0 };
    worker.send(setup);
    await ready;
    // As `npm run bench` reads "RSS after connect": a second after the last client synced.
    await sleep(1000);
    const { rss, peak } = memoryMiB(server.pid);
    const heap = await heapOf(server);
    if (snapshotDir) console.log(`${kind}: heap snapshot in ${await heapSnapshot(server, snapshotDir)}`);
    return {
      kind,
      freshRss,
      freshHeapUsed,
      rss,
      peak,
      heapUsed: heap.heapUsed / MiB,
      heapTotal: heap.heapTotal / MiB,
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
  if (snapshotDir) mkdirSync(snapshotDir, { recursive: true });
  const built = await buildServers();
  const rows: MemoryRow[] = [];
  for (let round = 0; round < rounds; round++) for (const kind of servers) rows.push(await measure(kind, built, rooms, perRoom, snapshotDir && path.resolve(snapshotDir)));
  const f = (n: number) => n.toFixed(1);
  console.log('| server | fresh RSS | fresh heap used | RSS after connect | peak RSS | heap used | heap total | external | array buffers |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    console.log(`| ${SERVER_LABELS[r.kind]} | ${f(r.freshRss)} | ${f(r.freshHeapUsed)} | ${f(r.rss)} | ${f(r.peak)} | ${f(r.heapUsed)} | ${f(r.heapTotal)} | ${f(r.external)} | ${f(r.arrayBuffers)} |`);
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
