// One server under test, alone in this process so its CPU time and RSS can be read from /proc.
// Usage: node test/bench/.build/serverProcess.mjs <relay|yws|hocuspocus|roomtable> (built by buildServers.ts),
// or node --import tsx test/bench/serverProcess.ts <kind> from the sources. Each kind imports only
// what it runs: Roomtable's bundle has its own ws, and a second copy would be billed to it.
// Prints one line `READY {"port":N}` once it accepts connections; SIGTERM closes it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { getHeapSpaceStatistics } from 'node:v8';
import { MEMORY_PREFIX, READY_PREFIX, type ServerKind } from './options';

async function startYws(): Promise<() => Promise<void>> {
  // The reference server's own bin (src/server.js) hard-codes its port; this is the same wiring on port 0.
  const { setupWSConnection } = await import('@y/websocket-server/utils');
  const { WebSocketServer } = await import('ws');
  const wss = new WebSocketServer({ noServer: true });
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('okay');
  });
  wss.on('connection', (conn, req) => setupWSConnection(conn, req));
  server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  announce((server.address() as AddressInfo).port);
  return async () => {
    for (const ws of wss.clients) ws.terminate();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
}

/**
 * The floor: what any y-websocket server pays for the sockets alone. No Yjs, no document: it
 * answers a client's sync step 1 with an empty step 2 (so the client counts as synced) and
 * forwards every other frame, bytes untouched, to the other sockets of the same path. Clients
 * that join late would miss history, so it is a calibration line for this load, not a server.
 */
async function startRelay(): Promise<() => Promise<void>> {
  const emptyStep2 = Uint8Array.of(0, 1, 2, 0, 0); // sync, step 2, an update of 2 bytes: no structs, no deletes
  const rooms = new Map<string, Set<import('ws').WebSocket>>();
  const { WebSocketServer } = await import('ws');
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  const server = http.createServer((_req, res) => res.end('okay'));
  server.on('upgrade', (req, socket, head) =>
    wss.handleUpgrade(req, socket, head, (ws) => {
      const path = (req.url ?? '/').split('?')[0]!;
      let room = rooms.get(path);
      if (!room) rooms.set(path, (room = new Set()));
      room.add(ws);
      ws.on('close', () => room.delete(ws));
      ws.on('message', (data: Buffer, isBinary) => {
        if (!isBinary) return;
        if (data[0] === 0 && data[1] === 0) return ws.send(emptyStep2);
        for (const other of room) if (other !== ws) other.send(data);
      });
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  announce((server.address() as AddressInfo).port);
  return async () => {
    for (const ws of wss.clients) ws.terminate();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
}

async function startHocuspocus(): Promise<() => Promise<void>> {
  const { Server } = await import('@hocuspocus/server');
  // In memory: no extensions, so no storage hooks run.
  const server = new Server({ port: 0, address: '127.0.0.1', quiet: true, stopOnSignals: false });
  await server.listen();
  announce(server.address.port);
  return () => server.destroy();
}

async function startRoomtable(): Promise<() => Promise<void>> {
  // The bundle npm start runs (test/bench/buildServers.ts passes its path); the sources otherwise.
  const bundle = process.env.ROOMTABLE_BUNDLE;
  const { readConfig, startServer } = (
    bundle ? await import(pathToFileURL(bundle).href) : await import('@roomtable/server')
  ) as typeof import('@roomtable/server');
  const dataDir = process.env.DATA_DIR;
  if (!dataDir) throw new Error('roomtable needs DATA_DIR');
  // The environment passes through, so tuning variables (FLUSH_DELAY_MS, …) can be compared. No web
  // app unless a bench asks for it (BENCH_WEB_DIST: bench:wifi loads the built pages in Chromium).
  const server = await startServer(readConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, WEB_DIST: process.env.BENCH_WEB_DIST ?? '' }));
  announce(server.port);
  return () => server.close();
}

/**
 * The main thread's GC pauses so far, scavenges apart from the rest (BENCH_GC_STATS=1, which
 * bench:memory sets: the young generation's size trades RSS against how often it is scavenged).
 */
const gcTotals = { minorCount: 0, minorMs: 0, otherCount: 0, otherMs: 0 };
if (process.env.BENCH_GC_STATS === '1') {
  const { PerformanceObserver, constants } = await import('node:perf_hooks');
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const minor = (e as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR;
      if (minor) {
        gcTotals.minorCount++;
        gcTotals.minorMs += e.duration;
      } else {
        gcTotals.otherCount++;
        gcTotals.otherMs += e.duration;
      }
    }
  }).observe({ entryTypes: ['gc'] });
}

/**
 * BENCH_ALLOC_PROFILE=<file>: V8's sampling heap profiler between the lines `alloc-start` and
 * `alloc-stop` (the timed phase), counting objects already collected too, so the profile says
 * what each function allocates (garbage included), not only what survived; written as a
 * .heapprofile (scripts/heapProfileTop.mjs reads it).
 */
let allocSession: import('node:inspector').Session | null = null;
async function startAllocationSampling(): Promise<void> {
  if (!process.env.BENCH_ALLOC_PROFILE || allocSession) return;
  const { Session } = await import('node:inspector');
  allocSession = new Session();
  allocSession.connect();
  await post(allocSession, 'HeapProfiler.enable', {});
  await post(allocSession, 'HeapProfiler.startSampling', {
    samplingInterval: 16 * 1024,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
}

async function stopAllocationSampling(): Promise<void> {
  const file = process.env.BENCH_ALLOC_PROFILE;
  if (!file || !allocSession) return;
  const { profile } = (await post(allocSession, 'HeapProfiler.stopSampling', {})) as { profile: unknown };
  const { writeFileSync } = await import('node:fs');
  writeFileSync(file, JSON.stringify(profile));
  allocSession.disconnect();
  allocSession = null;
}

function post(session: import('node:inspector').Session, method: string, params: object): Promise<unknown> {
  return new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
}

function announce(port: number): void {
  process.stdout.write(`${READY_PREFIX}${JSON.stringify({ port, pid: process.pid })}\n`);
}

async function main(): Promise<void> {
  const kind = process.argv[2] as ServerKind;
  const starters: Record<ServerKind, () => Promise<() => Promise<void>>> = {
    relay: startRelay,
    yws: startYws,
    hocuspocus: startHocuspocus,
    roomtable: startRoomtable,
  };
  const start = starters[kind];
  if (!start) throw new Error(`unknown server kind "${kind}"`);
  const close = await start();
  let closing = false;
  const stop = () => {
    if (closing) return;
    closing = true;
    const force = setTimeout(() => process.exit(0), 5000);
    force.unref();
    close().then(
      () => process.exit(0),
      (error) => {
        console.error('[bench server] close failed:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // The orchestrator holds our stdin: when it dies, stdin ends and we do not linger. A line
  // `memory` asks for this process's heap figures (bench:memory), answered as `MEMORY {json}`.
  process.stdin.on('end', stop);
  process.stdin.setEncoding('utf8').on('data', (line: string) => {
    if (line.includes('alloc-start')) return void startAllocationSampling();
    if (line.includes('alloc-stop')) return void stopAllocationSampling();
    if (!line.includes('memory')) return;
    const newSpace = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;
    process.stdout.write(`${MEMORY_PREFIX}${JSON.stringify({ ...process.memoryUsage(), newSpace, gc: gcTotals })}\n`);
  });
  process.stdin.resume();
}

main().catch((error) => {
  console.error('[bench server] failed to start:', error);
  process.exit(1);
});

// Diagnostics for the latency tail: BENCH_TRACE_STALLS=<file> appends every GC pause over 10 ms
// and, once a second, the event loop's worst delay when it passed 30 ms.
const stallLog = process.env.BENCH_TRACE_STALLS;
if (stallLog) {
  const { appendFileSync } = await import('node:fs');
  const { PerformanceObserver, monitorEventLoopDelay } = await import('node:perf_hooks');
  const at = () => new Date().toISOString().slice(11, 23);
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.duration > 10) appendFileSync(stallLog, `${at()} gc ${e.duration.toFixed(1)} ms\n`);
    }
  }).observe({ entryTypes: ['gc'] });
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  setInterval(() => {
    const max = delay.max / 1e6;
    if (max > 30) appendFileSync(stallLog, `${at()} loop max ${max.toFixed(1)} ms, p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms\n`);
    delay.reset();
  }, 1000).unref();
}

// BENCH_LOOP_DELAY=<file>: every 5 s, this server's event-loop delay (p50 / p99 / max, 1 ms
// resolution) appended to the file, to tell a latency tail made by the server's own stalls from
// one made elsewhere (the load generator, the machine).
const loopLog = process.env.BENCH_LOOP_DELAY;
if (loopLog) {
  const { appendFileSync } = await import('node:fs');
  const { monitorEventLoopDelay } = await import('node:perf_hooks');
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  setInterval(() => {
    const ms = (n: number) => (n / 1e6).toFixed(1);
    appendFileSync(loopLog, `${process.argv[2]} ${new Date().toISOString().slice(11, 19)} p50 ${ms(delay.percentile(50))} p99 ${ms(delay.percentile(99))} max ${ms(delay.max)}\n`);
    delay.reset();
  }, 5000).unref();
}
