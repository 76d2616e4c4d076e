// Venue Wi-Fi (issue 18 item 4): in Chromium with Slow-4G-like throttling (400 ms RTT, 400 kbit/s
// each way) and a 4× slower CPU, the time from navigation to an editable room table (a cell takes
// the focus and a typed letter lands in it) and to a readable plenary (the presenting room's report
// on screen), cold cache and warm cache. `npm run bench:wifi` prints the figures; nothing here is a
// test assertion. Runs the built server (`npm run build` first: it serves apps/web/dist).
// Options: --runs 3 (each run: a fresh browser context, cold then warm); --trace lists the requests;
// --dists A,B (built apps/web/dist directories, e.g. a copy of the one before a change): one server
// per build, their runs alternated in one process, one table per build (an A/B on a shared machine).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../helpers/chromiumLaunch';
import { buildServers } from './buildServers';
import { REPO_ROOT, startServerChild, runBench, stopChild } from './children';
import { numberArg, textArg } from './args';
import { call, prepareWorkshop, type PreparedWorkshop } from './roomtableSetup';
import { median } from './stats';
import { webInitialJs } from './webInitialJs';

const SUGGESTIONS = ['Publish a plain-language summary of every policy process', 'Open a newcomers desk at every meeting', 'Translate the key documents early'];

const RUNS = numberArg('runs', 3);
const TARGET_MS = 3000;
/** --trace prints every request of every navigation with its start and end (the critical path). */
const TRACE = process.argv.includes('--trace');

/** The network and CPU of a phone on a crowded venue Wi-Fi (the issue's figures). */
const WIFI = { latencyMs: 400, downKbit: 400, upKbit: 400, cpuSlowdown: 4 };

/** What one timed navigation saw, in ms from the navigation's start. */
interface Timing {
  readyMs: number;
  /** the HTML document finished */
  htmlMs: number;
  /** the last script that finished before ready */
  lastScriptMs: number;
  /** the first WebSocket handshake sent */
  firstSocketMs: number | null;
  requests: number;
  scriptKiB: number;
  totalKiB: number;
  sockets: number;
}

/** Throttles `page` like a phone on venue Wi-Fi and records its network milestones. */
async function throttle(page: Page) {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: WIFI.latencyMs,
    downloadThroughput: (WIFI.downKbit * 1000) / 8,
    uploadThroughput: (WIFI.upKbit * 1000) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: WIFI.cpuSlowdown });
  // CDP timestamps are monotonic seconds; the document request is time zero.
  let start: number | null = null;
  const kinds = new Map<string, string>();
  const urls = new Map<string, { url: string; sent: number }>();
  const finished: Array<{ at: number; kind: string; bytes: number; id: string }> = [];
  const handshakes: number[] = [];
  cdp.on('Network.requestWillBeSent', (e) => {
    if (e.type === 'Document' && start === null) start = e.timestamp;
    kinds.set(e.requestId, e.type ?? 'Other');
    urls.set(e.requestId, { url: e.request.url, sent: e.timestamp });
  });
  cdp.on('Network.loadingFinished', (e) => finished.push({ at: e.timestamp, kind: kinds.get(e.requestId) ?? 'Other', bytes: e.encodedDataLength, id: e.requestId }));
  const frames = new Map<string, number>();
  const socketUrls = new Map<string, string>();
  cdp.on('Network.webSocketCreated', (e) => socketUrls.set(e.requestId, e.url));
  cdp.on('Network.webSocketWillSendHandshakeRequest', (e) => {
    handshakes.push(e.timestamp);
    urls.set(e.requestId, { url: socketUrls.get(e.requestId) ?? 'ws', sent: e.timestamp });
  });
  cdp.on('Network.webSocketFrameReceived', (e) => {
    if (!frames.has(e.requestId)) frames.set(e.requestId, e.timestamp);
  });
  return {
    /** Milestones up to `readyMs` (ms since the navigation began in this process). */
    report(readyMs: number): Omit<Timing, 'readyMs'> {
      const base = start ?? 0;
      const rel = (t: number) => (t - base) * 1000;
      const before = finished.filter((f) => rel(f.at) <= readyMs + 1);
      const scripts = before.filter((f) => f.kind === 'Script');
      return {
        htmlMs: rel(before.find((f) => f.kind === 'Document')?.at ?? base),
        lastScriptMs: scripts.length ? Math.max(...scripts.map((f) => rel(f.at))) : 0,
        firstSocketMs: handshakes.length ? rel(Math.min(...handshakes)) : null,
        requests: before.length,
        scriptKiB: scripts.reduce((n, f) => n + f.bytes, 0) / 1024,
        totalKiB: before.reduce((n, f) => n + f.bytes, 0) / 1024,
        sockets: handshakes.filter((h) => rel(h) <= readyMs).length,
      };
    },
    /** Every request's start and end (a socket's: its first frame received), for --trace. */
    trace(): string[] {
      const base = start ?? 0;
      const rel = (t: number) => Math.round((t - base) * 1000);
      const done = new Map(finished.map((f) => [f.id, f]));
      return [...urls]
        .map(([id, u]) => ({ u, end: done.get(id)?.at ?? frames.get(id), kb: done.get(id)?.bytes }))
        .sort((a, b) => a.u.sent - b.u.sent)
        .map(({ u, end, kb }) => `  ${String(rel(u.sent)).padStart(6)} → ${end === undefined ? '     …' : String(rel(end)).padStart(6)} ms ${kb === undefined ? '' : `${(kb / 1024).toFixed(1)} KiB `}${u.url.replace(/^\w+:\/\/[^/]+/, '').replace(/\?.*$/, '').slice(0, 90)}`);
    },
  };
}

/** Opens `url` in a new throttled page of `context`, waits for `ready`, and says how long it took. */
async function timeNavigation(context: BrowserContext, url: string, ready: (page: Page) => Promise<void>): Promise<Timing> {
  const page = await context.newPage();
  try {
    const net = await throttle(page);
    const t0 = performance.now();
    await page.goto(url, { waitUntil: 'commit', timeout: 120_000 });
    await ready(page);
    const readyMs = performance.now() - t0;
    if (TRACE) console.log(`${url.replace(/^\w+:\/\/[^/]+/, '')} ready after ${Math.round(readyMs)} ms:\n${net.trace().join('\n')}`);
    return { readyMs, ...net.report(readyMs) };
  } finally {
    await page.close();
  }
}

let typed = 0;
/** The room table is editable and connected, a cell takes the focus, and a typed letter shows in it. */
async function roomEditable(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      document.querySelector('[data-testid="room-table"]')?.getAttribute('contenteditable') === 'true' &&
      /sync-(connected|saved|saving)\b/.test(document.querySelector('.sync-status')?.className ?? ''),
    null,
    { timeout: 120_000, polling: 50 },
  );
  const marker = `Q${++typed}`;
  const paragraph = page.getByTestId('row').first().locator('td[data-column="suggestion"] p').first();
  await paragraph.click({ timeout: 30_000 });
  await page.keyboard.press('End');
  await page.keyboard.type(marker);
  await page.waitForFunction(
    (m) => document.querySelector('[data-testid="row"] td[data-column="suggestion"]')?.textContent?.includes(m) === true,
    marker,
    { timeout: 30_000, polling: 50 },
  );
}

/** The plenary shows who is presenting and that room's report, with its rows. */
async function plenaryReadable(page: Page): Promise<void> {
  await page.waitForFunction(
    (first) =>
      (document.querySelector('[data-testid="presenting"]')?.textContent ?? '').length > 0 &&
      document.querySelector('[data-testid="report-table"]')?.textContent?.includes(first) === true,
    SUGGESTIONS[0]!,
    { timeout: 120_000, polling: 50 },
  );
}

/** Signs a fresh context in as `participantId` of each workshop, as a join would have. */
async function signIn(context: BrowserContext, sessions: Array<{ workshopId: string; token: string; participantId: string }>) {
  await context.addInitScript((list) => {
    for (const s of list) localStorage.setItem(`roomtable:${s.workshopId}`, JSON.stringify({ token: s.token, role: 'participant', participantId: s.participantId }));
  }, sessions);
}

function firstSeat(w: PreparedWorkshop) {
  const room = w.rooms.find((r) => r.tokens.length > 0)!;
  return { workshopId: w.workshopId, token: room.tokens[0]!, participantId: room.participantIds[0]! };
}

const ms = (n: number) => `${Math.round(n)} ms`;
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' / ');

/** One build of the web app served by its own server, with the workshops its runs open. */
interface Served {
  label: string;
  dist: string;
  base: string;
  child: Awaited<ReturnType<typeof startServerChild>>['child'];
  dataDir: string;
  roomSeat: ReturnType<typeof firstSeat>;
  plenarySeat: ReturnType<typeof firstSeat>;
}

async function serve(label: string, dist: string, built: Awaited<ReturnType<typeof buildServers>>): Promise<Served> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rt-wifi-'));
  const server = await startServerChild('roomtable', { DATA_DIR: dataDir, BENCH_WEB_DIST: dist }, null, built);
  const base = `http://127.0.0.1:${server.port}`;
  const served = { label, dist, base, child: server.child, dataDir };
  try {
    // A room in break-out (seeded rows), and a workshop in report-back presenting room 1.
    const roomWs = await prepareWorkshop(base, 1, 3, SUGGESTIONS);
    const plenaryWs = await prepareWorkshop(base, 2, 4, SUGGESTIONS);
    await call(base, 'POST', `/workshops/${plenaryWs.workshopId}/phase`, { phase: 'reporting' }, plenaryWs.facilitatorToken);
    await call(base, 'PUT', `/workshops/${plenaryWs.workshopId}/plenary/presenting`, { room: 1 }, plenaryWs.facilitatorToken);
    return { ...served, roomSeat: firstSeat(roomWs), plenarySeat: firstSeat(plenaryWs) };
  } catch (error) {
    await stopChild(server.child);
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

async function main() {
  const built = await buildServers();
  const dists = (textArg('dists') ?? path.join(REPO_ROOT, 'apps/web/dist')).split(',').map((d) => path.resolve(d));
  const webs = dists.map((d) => webInitialJs(false, d));
  if (webs.some((w) => !w)) throw new Error('apps/web/dist is not built: run `npm run build` first');
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
  const servers: Served[] = [];
  const loadBefore = load();
  try {
    for (const [i, dist] of dists.entries()) servers.push(await serve(dists.length > 1 ? String.fromCharCode(65 + i) : '', dist, built));
    const results = new Map<Served, Record<string, Timing[]>>(servers.map((s) => [s, { 'room cold': [], 'room warm': [], 'plenary cold': [], 'plenary warm': [] }]));
    for (let run = 0; run < RUNS; run++) {
      // Alternated, and each run in the other order, so drift in the machine's load hits every build alike.
      for (const served of run % 2 === 0 ? servers : [...servers].reverse()) {
        const { base, roomSeat, plenarySeat } = served;
        for (const [moment, url, ready] of [
          ['room', `${base}/w/${roomSeat.workshopId}`, roomEditable],
          ['plenary', `${base}/w/${plenarySeat.workshopId}/plenary`, plenaryReadable],
        ] as const) {
          // A fresh context has an empty cache and no storage: the first visit of a phone.
          const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-US' });
          await signIn(context, [roomSeat, plenarySeat]);
          try {
            if (TRACE) console.log(`[${served.label || 'build'} run ${run + 1}]`);
            results.get(served)![`${moment} cold`]!.push(await timeNavigation(context, url, ready));
            // The same phone coming back: hashed assets from its cache (immutable), index.html revalidated.
            results.get(served)![`${moment} warm`]!.push(await timeNavigation(context, url, ready));
          } finally {
            await context.close();
          }
        }
      }
    }

    const lines = [
      `\n## Venue Wi-Fi: ${WIFI.latencyMs} ms RTT, ${WIFI.downKbit} kbit/s down and up, CPU ${WIFI.cpuSlowdown}× slower (Chromium, CDP throttling, 390 px)\n`,
      `load average (1/5/15 min): before ${loadBefore}, after ${load()}; ${os.cpus().length} cores; ${RUNS} run(s), median shown`,
    ];
    for (const [i, served] of servers.entries()) {
      const web = webs[i]!;
      lines.push(
        `\n${served.label ? `### ${served.label}: ${served.dist}\n` : ''}`,
        `initial JS (entry + module preloads of index.html): ${web.files} files, ${web.gzipKiB.toFixed(1)} KiB gzip (${web.rawKiB.toFixed(0)} KiB raw)\n`,
        '| navigation → | median | runs | target | html | last script | 1st socket | requests | scripts KiB | all KiB |',
        '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      );
      for (const [name, timings] of Object.entries(results.get(served)!)) {
        const m = (pick: (t: Timing) => number) => median(timings.map(pick));
        const readyMedian = m((t) => t.readyMs);
        const socket = timings.every((t) => t.firstSocketMs !== null) ? ms(m((t) => t.firstSocketMs!)) : '—';
        lines.push(
          `| ${name === 'room cold' || name === 'room warm' ? 'editable room table' : 'readable plenary'}, ${name.split(' ')[1]} cache | ${ms(readyMedian)} | ${timings.map((t) => Math.round(t.readyMs)).join(', ')} | < 3 s ${readyMedian < TARGET_MS ? 'met' : 'NOT met'} | ${ms(m((t) => t.htmlMs))} | ${ms(m((t) => t.lastScriptMs))} | ${socket} | ${m((t) => t.requests)} | ${m((t) => t.scriptKiB).toFixed(0)} | ${m((t) => t.totalKiB).toFixed(0)} |`,
        );
      }
    }
    lines.push('\n(html, last script, 1st socket: ms from the navigation; requests and KiB: what went over the wire before ready, WebSocket frames not counted)');
    console.log(lines.join('\n'));
  } finally {
    await browser.close();
    for (const served of servers) {
      await stopChild(served.child);
      rmSync(served.dataDir, { recursive: true, force: true });
    }
  }
}

runBench(main);
