import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BuiltServers } from './buildServers';
import { forkLoadWorker, startServerChild, stopChild, waitForExit } from './children';
import type { MeasuringMessage, ReadyMessage, ResultMessage, SetupMessage } from './loadWorker';
import type { BenchOptions, ServerKind } from './options';
import { cpuSeconds, diffThreadCpu, memoryMiB, threadCpuSeconds } from './procStats';
import { prepareWorkshop } from './roomtableSetup';
import { concatLatencies } from './stats';

/** What one server did under one round of load. */
export interface LoadResult {
  kind: ServerKind;
  clients: number;
  /** every edit, warm-up included (delivery counts them all) */
  sent: number;
  /** edits after the warm-up: CPU per 1,000 edits is over these */
  sentMeasured: number;
  expected: number;
  received: number;
  latencies: Float64Array;
  rooms: number;
  roomsConverged: number;
  disconnects: number;
  serverCpuSeconds: number;
  /** the server's CPU over the timed phase by thread name, largest first */
  serverThreadCpu: [string, number][];
  /** VmHWM of the server process at the end: its peak resident memory over its whole life */
  serverPeakRssMiB: number;
  /** resident memory once every client had synced, before editing */
  serverRssBeforeMiB: number;
  workerCpuSeconds: number;
  /** wall time of the editing phase plus drain, s */
  wallSeconds: number;
  connectMs: number;
  drainedInMs: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** 1-minute load average of the machine at the end of the timed phase (others' work shows here) */
  loadAverage: number;
}

type WorkerMessage = ReadyMessage | MeasuringMessage | ResultMessage | { type: 'error'; message: string };

function nextMessage<T extends WorkerMessage['type']>(worker: ChildProcess, type: T, timeoutMs: number): Promise<Extract<WorkerMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`load worker sent no "${type}" within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (raw: unknown) => {
      const msg = raw as WorkerMessage;
      if (msg.type === 'error') {
        cleanup();
        reject(new Error(`load worker failed: ${msg.message}`));
      } else if (msg.type === type) {
        cleanup();
        resolve(msg as Extract<WorkerMessage, { type: T }>);
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`load worker exited (${code}) while waiting for "${type}"`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.on('exit', onExit);
  });
}

/** Starts `kind` in its own process, drives it with the load, and stops everything it started. */
export async function runLoad(kind: ServerKind, options: BenchOptions, built: BuiltServers): Promise<LoadResult> {
  const dataDir = kind === 'roomtable' ? mkdtempSync(path.join(os.tmpdir(), 'roomtable-bench-')) : null;
  const workers: ChildProcess[] = [];
  let server: Awaited<ReturnType<typeof startServerChild>> | null = null;
  try {
    server = await startServerChild(kind, dataDir ? { DATA_DIR: dataDir } : {}, options.cpuProfDir, built);
    const base = `http://127.0.0.1:${server.port}`;
    const clients = options.rooms * options.clientsPerRoom;
    let rooms: Array<{ name: string; tokens: Array<string | null> }>;
    let wsUrl: string;
    if (kind === 'roomtable') {
      const workshop = await prepareWorkshop(base, options.rooms, clients);
      rooms = workshop.rooms.map((r) => ({ name: r.name, tokens: r.tokens }));
      wsUrl = `ws://127.0.0.1:${server.port}/sync`;
    } else {
      rooms = Array.from({ length: options.rooms }, (_, i) => ({
        name: `bench/room/${i + 1}`,
        tokens: Array.from({ length: options.clientsPerRoom }, () => null),
      }));
      wsUrl = `ws://127.0.0.1:${server.port}`;
    }

    const perWorker: Array<typeof rooms> = Array.from({ length: options.loadProcesses }, () => []);
    rooms.forEach((room, i) => perWorker[i % options.loadProcesses]!.push(room));
    const drainMs = Math.max(10_000, options.durationMs / 2);
    let connectMs = 0;
    for (const share of perWorker) {
      if (share.length === 0) continue;
      const worker = forkLoadWorker();
      workers.push(worker);
      const setup: SetupMessage = {
        type: 'setup',
        kind,
        wsUrl,
        rooms: share,
        rate: options.rate,
        durationMs: options.durationMs,
        awareness: options.awareness,
        shape: options.shape,
        drainMs,
        warmupMs: options.warmupMs,
      };
      worker.send(setup);
    }
    const ready = await Promise.all(workers.map((w) => nextMessage(w, 'ready', 120_000)));
    connectMs = Math.max(...ready.map((r) => r.connectMs));
    // Let the connection storm settle so it is not billed to the edits.
    await new Promise((resolve) => setTimeout(resolve, 1000));

    const rssBefore = memoryMiB(server.pid).rss;
    const results = workers.map((w) => nextMessage(w, 'result', options.warmupMs + options.durationMs + drainMs + 60_000));
    // The first worker's signal is close enough for all: they start within a millisecond.
    const measuring = nextMessage(workers[0]!, 'measuring', options.warmupMs + 30_000);
    for (const w of workers) w.send({ type: 'start' });
    await measuring;
    const cpuBefore = cpuSeconds(server.pid);
    const threadsBefore = threadCpuSeconds(server.pid);
    server.child.stdin?.write('alloc-start\n');
    const started = performance.now();
    const done = await Promise.all(results);
    const wallSeconds = (performance.now() - started) / 1000;
    const serverCpuSeconds = cpuSeconds(server.pid) - cpuBefore;
    if (process.env.BENCH_ALLOC_PROFILE) {
      server.child.stdin?.write('alloc-stop\n');
      // The profile is written by the server before it is stopped; give it the time to.
      await new Promise((resolve) => setTimeout(resolve, 3000));
    }
    const serverThreadCpu = diffThreadCpu(threadsBefore, threadCpuSeconds(server.pid));
    const serverPeakRssMiB = memoryMiB(server.pid).peak;
    const loadAverage = os.loadavg()[0]!;

    const latencies = concatLatencies(done);
    const sum = (f: (r: ResultMessage) => number) => done.reduce((n, r) => n + f(r), 0);
    return {
      kind,
      clients,
      sent: sum((r) => r.sent),
      sentMeasured: sum((r) => r.sentMeasured),
      expected: sum((r) => r.expected),
      received: sum((r) => r.received),
      latencies,
      rooms: sum((r) => r.rooms),
      roomsConverged: sum((r) => r.roomsConverged),
      disconnects: sum((r) => r.disconnects),
      serverCpuSeconds,
      serverThreadCpu,
      serverPeakRssMiB,
      serverRssBeforeMiB: rssBefore,
      workerCpuSeconds: sum((r) => r.workerCpuSeconds),
      wallSeconds,
      connectMs,
      drainedInMs: Math.max(...done.map((r) => r.drainedInMs)),
      loopDelayP99Ms: Math.max(...done.map((r) => r.loopDelayP99Ms)),
      loopDelayMaxMs: Math.max(...done.map((r) => r.loopDelayMaxMs)),
      loadAverage,
    };
  } catch (error) {
    if (server) console.error(`[bench] ${kind} server log:\n${server.log()}`);
    throw error;
  } finally {
    for (const w of workers) if (w.connected) w.send({ type: 'stop' });
    await Promise.all(workers.map(async (w) => (await waitForExit(w, 3000)) || stopChild(w, 2000)));
    if (server) await stopChild(server.child);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}
