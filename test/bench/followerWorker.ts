// One of the processes holding the hall's followers (moments bench, 18.2): the followers are
// spread over several processes so the load generator is never what the figure measures.
// Parent → {kind:'connect', wsUrl, docName, tokens} → 'ready'; {kind:'watch', move, row} →
// 'armed'; then 'arrived' with each follower's absolute arrival time (ms since the epoch).
import { readPlenary } from '@roomtable/core';
import type * as Y from 'yjs';
import { connectSaveCheckClient, type SaveCheckClient } from '../helpers/saveCheckClient';

type Command = { kind: 'connect'; wsUrl: string; docName: string; tokens: string[] } | { kind: 'watch'; move: number; row: number } | { kind: 'close' };

let clients: SaveCheckClient[] = [];
const now = () => performance.timeOrigin + performance.now();
const pointerRow = (doc: Y.Doc) => readPlenary(doc.getMap('state'))?.pointer?.row ?? null;

function whenRow(doc: Y.Doc, row: number): Promise<number> {
  if (pointerRow(doc) === row) return Promise.resolve(now());
  return new Promise((resolve) => {
    const check = () => {
      if (pointerRow(doc) !== row) return;
      doc.off('update', check);
      resolve(now());
    };
    doc.on('update', check);
  });
}

process.on('message', (command: Command) => {
  void (async () => {
    if (command.kind === 'connect') {
      for (let i = 0; i < command.tokens.length; i += 50) {
        const wave = command.tokens.slice(i, i + 50).map((token) => connectSaveCheckClient(command.wsUrl, command.docName, token));
        await Promise.all(wave.map((c) => c.synced));
        clients.push(...wave);
      }
      process.send!({ kind: 'ready', cpu: process.cpuUsage() });
    } else if (command.kind === 'watch') {
      const arrivals = Promise.all(clients.map((c) => whenRow(c.doc, command.row)));
      process.send!({ kind: 'armed', move: command.move });
      process.send!({ kind: 'arrived', move: command.move, times: await arrivals });
    } else {
      for (const c of clients) c.close();
      clients = [];
      const cpu = process.cpuUsage();
      process.send!({ kind: 'closed', cpuSeconds: (cpu.user + cpu.system) / 1e6 });
    }
  })();
});
