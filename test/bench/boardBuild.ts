/**
 * Benchmark: time from "end break-out" (the facilitator's POST) to the plenary board ready for a
 * client (its document holds every card), with 50 rooms × 8 rows. Prints figures, asserts nothing.
 *
 *   npx tsx test/bench/boardBuild.ts [--rooms 50] [--rows 8] [--runs 3]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { boardDocName, COLUMN_ATTR, NODE, RATING_ATTR, readBoard, roomDocName, ROOM_FIELD } from '@roomtable/core';
import { readConfig, startServer } from '@roomtable/server';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { api } from '../helpers/api';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ROOMS = arg('rooms', 50);
const ROWS = arg('rows', 8);
const RUNS = arg('runs', 3);
const TOPICS = ['minutes', 'translation', 'scope', 'newcomers', 'working groups', 'survey', 'annex', 'regional sessions', 'tracking', 'mailing list'];
const WORDS = ['quickly', 'openly', 'yearly', 'together', 'online', 'first', 'again', 'widely'];

// Every room's rows differ a little (one extra word, a room-specific rating), so the grouping has
// real work: the same topic from most rooms stacks, a few rooms' variants stay apart.
function fillRoom(doc: Y.Doc, room: number): void {
  doc.transact(() => {
    const table = doc.getXmlFragment(ROOM_FIELD).get(0) as Y.XmlElement;
    table.toArray().slice(1).forEach((node, i) => {
      const row = node as Y.XmlElement;
      for (const cell of row.toArray() as Y.XmlElement[]) {
        const column = cell.getAttribute(COLUMN_ATTR);
        const first = cell.toArray()[0] as Y.XmlElement;
        if (column === 'suggestion') {
          const text = first.toArray()[0] as Y.XmlText;
          text.insert(text.length, ` ${WORDS[(room + i) % WORDS.length]}${room % 7 === 0 ? ` room ${room}` : ''}`);
        } else if (column === 'impact' || column === 'effort') {
          if (first.nodeName === NODE.rating) first.setAttribute(RATING_ATTR, ['H', 'M', 'L'][(room * 3 + i + (column === 'effort' ? 1 : 0)) % 3] as string);
        }
      }
    });
  });
}

async function run(url: string, wsUrl: string, documents: { withDocument<T>(name: string, fn: (doc: Y.Doc) => T): Promise<T> }) {
  const created = await api(url, 'POST', '/workshops', {
    title: 'Board benchmark',
    rooms: ROOMS,
    suggestions: Array.from({ length: ROWS }, (_, i) => `Improve the ${TOPICS[i % TOPICS.length]} of the purpose`),
  });
  const { workshop, facilitatorToken: f } = created.body;
  const base = `/workshops/${workshop.id}`;
  await api(url, 'POST', `${base}/assignment`, { seed: 'bench' }, f);
  await api(url, 'POST', `${base}/phase`, { phase: 'breakout' }, f);
  for (let room = 1; room <= ROOMS; room++) await documents.withDocument(roomDocName(workshop.id, room), (doc) => fillRoom(doc, room));
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(wsUrl, boardDocName(workshop.id), doc, { params: { token: f }, WebSocketPolyfill: WebSocket as never, disableBc: true });
  await new Promise<void>((resolve) => provider.on('sync', (s: boolean) => s && resolve()));
  const ready = new Promise<number>((resolve) => {
    const check = () => {
      const board = readBoard(doc);
      if (board && board.cards.length === ROOMS * ROWS) resolve(performance.now());
    };
    doc.on('update', check);
  });
  const t0 = performance.now();
  const answer = await api(url, 'POST', `${base}/phase`, { phase: 'reporting' }, f);
  const answered = performance.now();
  if (answer.status !== 200) throw new Error(`ending the break-out: ${answer.status} ${JSON.stringify(answer.body)}`);
  const t2 = await ready;
  const board = readBoard(doc)!;
  provider.destroy();
  doc.destroy();
  return { answerMs: answered - t0, readyMs: t2 - t0, cards: board.cards.length, clusters: board.clusters.length, stacked: board.clusters.filter((c) => c.cardIds.length > 1).length };
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'roomtable-board-bench-'));
const server = await startServer(readConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, WEB_DIST: '' }));
const wsUrl = `${server.url.replace(/^http/, 'ws')}/sync`;
try {
  const results = [];
  for (let i = 0; i < RUNS; i++) results.push(await run(server.url, wsUrl, server.documents));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  for (const [i, r] of results.entries()) {
    console.log(`run ${i + 1}: end break-out answered ${r.answerMs.toFixed(0)} ms, board ready at a client ${r.readyMs.toFixed(0)} ms; ${r.cards} cards in ${r.clusters} clusters (${r.stacked} stacks)`);
  }
  console.log(
    `board build, ${ROOMS} rooms × ${ROWS} rows (SQLite, one process): median answer ${median(results.map((r) => r.answerMs)).toFixed(0)} ms, median board ready ${median(results.map((r) => r.readyMs)).toFixed(0)} ms from "end break-out"`,
  );
} finally {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}
