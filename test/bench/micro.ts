import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_TEMPLATE, NODE, ROOM_FIELD, seedRoomUpdate, seededRandom } from '@roomtable/core';
import { DocumentManager, SqliteStorage } from '@roomtable/sync';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { admissionCost } from './admissionCost';
import type { BuiltServers } from './buildServers';
import { startServerChild, stopChild } from './children';
import { joinStorm } from './joinStorm';
import type { BenchOptions } from './options';
import { call, prepareWorkshop } from './roomtableSetup';
import { median } from './stats';
import { INITIAL_JS_BUDGET_BYTES, webInitialJs } from './webInitialJs';

/** The micro-benchmark figures, and the lines printed for them. */
export interface MicroResult {
  lines: string[];
  figures: Record<string, number | string | null>;
}

const SUGGESTIONS = [
  'Publish the purpose statement in every UN language',
  'Yearly review of the purpose with the whole community',
  'Plain-language summary for newcomers',
  'Map each purpose item to a working group',
  'Survey members on what the purpose leaves out',
  'Shorter statement, details moved to an annex',
  'Regional sessions before adoption',
  'Track which purpose items lead to actions',
];

/** The text nodes of the table's body cells (creating one in each empty paragraph). */
function cellTexts(doc: Y.Doc): Y.XmlText[] {
  const texts: Y.XmlText[] = [];
  doc.transact(() => {
    for (const table of doc.getXmlFragment(ROOM_FIELD).toArray()) {
      if (!(table instanceof Y.XmlElement) || table.nodeName !== NODE.table) continue;
      for (const row of table.toArray()) {
        if (!(row instanceof Y.XmlElement)) continue;
        for (const cell of row.toArray()) {
          if (!(cell instanceof Y.XmlElement) || cell.nodeName !== NODE.cell) continue;
          for (const para of cell.toArray()) {
            if (!(para instanceof Y.XmlElement) || para.nodeName !== NODE.paragraph) continue;
            let text = para.toArray().find((n): n is Y.XmlText => n instanceof Y.XmlText);
            if (!text) {
              text = new Y.XmlText();
              para.insert(0, [text]);
            }
            texts.push(text);
          }
        }
      }
    }
  });
  return texts;
}

/** Types `count` keystrokes into the table as a person does: mostly inserts, some backspaces; one update each. */
function typeInto(doc: Y.Doc, count: number, random: () => number): void {
  const texts = cellTexts(doc);
  if (texts.length === 0) throw new Error('the room document has no table cells to type into');
  const letters = 'abcdefghijklmnopqrstuvwxyz     ';
  let current = texts[0]!;
  for (let i = 0; i < count; i++) {
    // Stay in a cell for a while, as people do, then move on.
    if (random() < 0.02) current = texts[Math.floor(random() * texts.length)]!;
    if (current.length > 0 && random() < 0.1) current.delete(current.length - 1, 1);
    else current.insert(current.length, letters[Math.floor(random() * letters.length)]!);
  }
}

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

/** Cold load of a room document written as `updates` separate rows, before and after compaction. */
interface ColdLoad {
  updates: number;
  rawMs: number;
  compactedMs: number;
  compactedRows: number;
  compactedBytes: number;
}

async function coldLoad(updates: number): Promise<ColdLoad> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'roomtable-bench-cold-'));
  const storage = await SqliteStorage.open(dir);
  const managers: DocumentManager[] = [];
  const quietManager = () => {
    const m = new DocumentManager({ storage, unloadGraceMs: 60_000, onError: () => {} });
    managers.push(m);
    return m;
  };
  try {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, seedRoomUpdate(DEFAULT_TEMPLATE, SUGGESTIONS));
    const rows: Uint8Array[] = [Y.encodeStateAsUpdate(doc)];
    doc.on('update', (u: Uint8Array) => rows.push(u));
    typeInto(doc, updates, seededRandom(7));
    doc.destroy();
    const names = ['warm', 'raw-1', 'raw-2', 'raw-3', 'compacted'];
    for (const name of names) {
      // Twenty per transaction, as the manager batches one event-loop turn.
      for (let i = 0; i < rows.length; i += 20) {
        await storage.appendUpdates(rows.slice(i, i + 20).map((update) => ({ name: `bench/room/${name}`, update })));
      }
    }
    const load = async (name: string) => (await time(() => quietManager().withDocument(`bench/room/${name}`, () => undefined))).ms;
    await load('warm');
    const raw = median([await load('raw-1'), await load('raw-2'), await load('raw-3')]);
    // Load once, then close: unloading compacts the rows into one.
    const compactor = quietManager();
    await compactor.withDocument('bench/room/compacted', () => undefined);
    await compactor.close();
    const compactedRows = await storage.countUpdates('bench/room/compacted');
    const stored = await storage.loadDocument('bench/room/compacted');
    const compacted: number[] = [];
    for (let i = 0; i < 5; i++) compacted.push(await load('compacted'));
    return {
      updates: rows.length,
      rawMs: raw,
      compactedMs: median(compacted),
      compactedRows,
      compactedBytes: stored.updates.reduce((n, u) => n + u.byteLength, 0),
    };
  } finally {
    for (const m of managers) await m.close().catch(() => undefined);
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Snapshot of a 50-room workshop (live rooms, then cold from storage) and its exports. */
interface SnapshotFigures {
  rooms: number;
  rows: number;
  liveMs: number;
  coldMs: number;
  exportMarkdownMs: number;
  exportCsvMs: number;
  exportJsonMs: number;
}

async function snapshotAndExport(rooms: number, keystrokesPerRoom: number, cold: boolean, built: BuiltServers): Promise<SnapshotFigures> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'roomtable-bench-snap-'));
  const server = await startServerChild('roomtable', { DATA_DIR: dir }, null, built);
  const providers: WebsocketProvider[] = [];
  // Every y-websocket provider adds a process 'exit' listener; fifty are expected here.
  process.setMaxListeners(0);
  try {
    const base = `http://127.0.0.1:${server.port}`;
    const ws = await prepareWorkshop(base, rooms, rooms * 2, SUGGESTIONS);
    const random = seededRandom(11);
    // One member per room types into its table (a token may hold only a few connections, so the
    // facilitator's cannot open all fifty).
    await Promise.all(
      ws.rooms.map(
        (room) =>
          new Promise<void>((resolve, reject) => {
            const doc = new Y.Doc();
            const provider = new WebsocketProvider(`ws://127.0.0.1:${server.port}/sync`, room.name, doc, {
              params: { token: room.tokens[0]! },
              WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
              disableBc: true,
            });
            providers.push(provider);
            if (process.env.BENCH_DEBUG) {
              provider.on('status', (e: { status: string }) => console.error(`[micro] room ${room.number} ${e.status}`));
              provider.on('connection-close', (e: { code: number; reason: string } | null) =>
                console.error(`[micro] room ${room.number} closed ${e?.code} ${e?.reason}`),
              );
            }
            const timer = setTimeout(() => reject(new Error(`room ${room.number} did not sync`)), 30_000);
            provider.on('sync', (synced: boolean) => {
              if (!synced) return;
              clearTimeout(timer);
              typeInto(doc, keystrokesPerRoom, random);
              resolve();
            });
          }),
      ),
    );
    // Let the typing reach the server before the snapshot reads it.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const take = () => call<{ snapshot: { id: string } }>(base, 'POST', `/workshops/${ws.workshopId}/snapshots`, {}, ws.facilitatorToken);
    const live: number[] = [];
    let last = '';
    for (let i = 0; i < 3; i++) {
      const r = await time(take);
      live.push(r.ms);
      last = r.value.snapshot.id;
    }
    // Not timed: read the last snapshot back to report how much it held.
    const read = await call<{ snapshot: { rooms: Array<{ rows: unknown[] }> } }>(
      base,
      'GET',
      `/workshops/${ws.workshopId}/snapshots/${last}`,
      undefined,
      ws.facilitatorToken,
    );
    const rowCount = read.snapshot.rooms.reduce((n, room) => n + room.rows.length, 0);
    let coldMs = NaN;
    if (cold) {
      for (const p of providers) p.destroy();
      // Past the 5 s unload grace (and its compaction), the rooms are read back from SQLite.
      await new Promise((resolve) => setTimeout(resolve, 7000));
      coldMs = (await time(take)).ms;
    }
    const exportMs: Record<string, number> = {};
    for (const format of ['markdown', 'csv', 'json']) {
      const runs: number[] = [];
      for (let i = 0; i < 3; i++) {
        const r = await time(async () => {
          const res = await fetch(`${base}/api/workshops/${ws.workshopId}/export?format=${format}`, {
            headers: { authorization: `Bearer ${ws.facilitatorToken}` },
          });
          await res.arrayBuffer();
          // Export may not exist yet in this checkout: report it, do not fail the run.
          if (res.status === 404) return false;
          if (!res.ok) throw new Error(`export ${format} → ${res.status}`);
          return true;
        });
        runs.push(r.value ? r.ms : NaN);
      }
      exportMs[format] = median(runs);
    }
    return {
      rooms,
      rows: rowCount,
      liveMs: median(live),
      coldMs,
      exportMarkdownMs: exportMs.markdown!,
      exportCsvMs: exportMs.csv!,
      exportJsonMs: exportMs.json!,
    };
  } finally {
    for (const p of providers) p.destroy();
    await stopChild(server.child);
    rmSync(dir, { recursive: true, force: true });
  }
}

const f = (n: number, d = 1) => n.toFixed(d);

/** Runs the micro-benchmarks of issue 7 item 2 and formats them with their targets. */
export async function runMicro(options: BenchOptions, built: BuiltServers): Promise<MicroResult> {
  const lines = ['\n## Micro-benchmarks (Roomtable)\n', '| benchmark | measured | target |', '| --- | --- | --- |'];
  const figures: Record<string, number | string | null> = {};

  const cold = await coldLoad(10_000);
  Object.assign(figures, { coldUpdates: cold.updates, coldRawMs: cold.rawMs, coldCompactedMs: cold.compactedMs, coldCompactedBytes: cold.compactedBytes });
  lines.push(`| cold load, ${cold.updates} stored updates (no compaction) | ${f(cold.rawMs)} ms | — |`);
  lines.push(
    `| cold load after compaction (${cold.compactedRows} row, ${f(cold.compactedBytes / 1024)} KiB) | ${f(cold.compactedMs, 2)} ms | < 20 ms ${cold.compactedMs < 20 ? 'met' : 'NOT met'} |`,
  );

  const snap = await snapshotAndExport(50, options.quick ? 50 : 300, !options.quick, built);
  Object.assign(figures, { snapshotLiveMs: snap.liveMs, snapshotColdMs: snap.coldMs, exportMarkdownMs: snap.exportMarkdownMs, exportCsvMs: snap.exportCsvMs, exportJsonMs: snap.exportJsonMs });
  lines.push(`| snapshot of ${snap.rooms} rooms, live (${snap.rows} rows) | ${f(snap.liveMs)} ms | < 200 ms ${snap.liveMs < 200 ? 'met' : 'NOT met'} |`);
  if (Number.isFinite(snap.coldMs)) {
    lines.push(`| snapshot of ${snap.rooms} rooms, cold from SQLite | ${f(snap.coldMs)} ms | < 200 ms ${snap.coldMs < 200 ? 'met' : 'NOT met'} |`);
  }
  lines.push(
    `| export of a ${snap.rooms}-room workshop: markdown / csv / json | ${[snap.exportMarkdownMs, snap.exportCsvMs, snap.exportJsonMs]
      .map((ms) => (Number.isFinite(ms) ? f(ms) : 'n/a (no export route)'))
      .join(' / ')} ms | — |`,
  );

  // Issue 12 item 4: what checking each client update against the room's schema costs, at the
  // load benchmark's 500 clients in 50 rooms [SY12] [SY13].
  const admit = admissionCost(50, 10, options.quick ? 10 : 40, SUGGESTIONS, 3);
  Object.assign(figures, {
    admissionKeystrokeWithUs: admit.keystrokeWithUs,
    admissionKeystrokeWithoutUs: admit.keystrokeWithoutUs,
    admissionFastUs: admit.fastAdmitUs,
    admissionStructuralWithUs: admit.structuralWithUs,
    admissionStructuralWithoutUs: admit.structuralWithoutUs,
    admissionSlowUs: admit.slowAdmitUs,
    admissionFullCheckUs: admit.fullCheckUs,
  });
  const counts = (c: { fast: number; slow: number }) => `${c.fast} fast, ${c.slow} slow`;
  lines.push(
    `| a keystroke, ${admit.clients * admit.rooms} clients in ${admit.rooms} rooms (${admit.keystrokes} updates: ${counts(admit.keystrokeAdmissions)}): server path with / without the room policy | ` +
      `${f(admit.keystrokeWithUs)} / ${f(admit.keystrokeWithoutUs)} µs per update; admission alone ${f(admit.fastAdmitUs, 2)} µs (fast path) | — |`,
  );
  lines.push(
    `| a new paragraph or row (${admit.structural} updates: ${counts(admit.structuralAdmissions)}): server path with / without the room policy | ` +
      `${f(admit.structuralWithUs)} / ${f(admit.structuralWithoutUs)} µs per update; admission alone ${f(admit.slowAdmitUs)} µs (slow path: copy, apply, full check) | — |`,
  );
  lines.push(`| full check of one room (${admit.tableRows} rows) | ${f(admit.fullCheckUs)} µs | — |`);

  const storm = await joinStorm(options.quick ? 50 : 300, built);
  Object.assign(figures, {
    joinStormPeople: storm.people,
    joinStormBytes: storm.bytesSent,
    joinStormMessages: storm.messages,
    joinStormCpuSeconds: storm.cpuSeconds,
  });
  lines.push(
    `| ${storm.people} people join one by one, each holding the state document | ${f(storm.bytesSent / 2 ** 20, 2)} MiB in ${storm.messages} messages sent to them ` +
      `(${f(storm.bytesSent / storm.people / 1024)} KiB per join); server CPU ${f(storm.cpuSeconds, 2)} s over ${f(storm.seconds)} s | — |`,
  );

  const web = webInitialJs(options.buildWeb);
  figures.webInitialJsGzipKiB = web ? web.gzipKiB : null;
  lines.push(
    web
      ? `| web app initial JS (entry + module preloads of index.html, ${web.files} file(s), ${f(web.rawKiB)} KiB raw) | ${f(web.gzipKiB)} KiB gzip | ≤ 120 KB ${web.gzipKiB * 1024 <= INITIAL_JS_BUDGET_BYTES ? 'met' : 'NOT met'} |`
      : '| web app initial JS | not built: run with --build-web | ≤ 120 KB |',
  );
  return { lines, figures };
}
