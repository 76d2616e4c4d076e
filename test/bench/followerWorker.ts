// One of the processes holding the hall's followers (moments bench, 18.2): the followers are
// spread over several processes so the load generator is never what the figure measures.
// Parent → {kind:'connect', wsUrl, docName, tokens} → 'ready'; {kind:'watch', move, row} →
// 'armed'; then 'arrived' with each follower's absolute arrival time (ms since the epoch).
// The poll bench (18.3): {kind:'watchVoters'} → 'watching'; {kind:'voters'} → 'voters' with, per
// voter entry key of the state document, the time each client first held it.
import { PLENARY_KEY, readPlenary } from '@roomtable/core';
import * as Y from 'yjs';
import { connectSaveCheckClient, type SaveCheckClient } from '../helpers/saveCheckClient';

type Command =
  | { kind: 'connect'; wsUrl: string; docName: string; tokens: string[] }
  | { kind: 'watch'; move: number; row: number }
  | { kind: 'watchVoters' }
  | { kind: 'voters' }
  | { kind: 'close' };

/** Per voter entry key, the arrival time at each client that has it. */
const voterArrivals = new Map<string, number[]>();
let bytes = 0;

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
      for (const c of clients) {
        c.ws.on('message', (data: ArrayBuffer) => {
          bytes += data.byteLength;
        });
      }
      process.send!({ kind: 'ready', cpu: process.cpuUsage() });
    } else if (command.kind === 'watch') {
      const arrivals = Promise.all(clients.map((c) => whenRow(c.doc, command.row)));
      process.send!({ kind: 'armed', move: command.move });
      process.send!({ kind: 'arrived', move: command.move, times: await arrivals });
    } else if (command.kind === 'watchVoters') {
      for (const c of clients) {
        // The poll opened before anyone connected, so its voters' map is there once synced; only
        // the keys each change touched are looked at (O(changed), not O(voters), per update).
        const plenary = c.doc.getMap('state').get(PLENARY_KEY);
        const voters = plenary instanceof Y.Map ? plenary.get('pollVoters') : null;
        if (!(voters instanceof Y.Map)) throw new Error('the state document holds no poll voters after sync');
        const seen = new Set<string>();
        voters.observe((event) => {
          const at = now();
          for (const key of event.keysChanged) {
            if (seen.has(key)) continue;
            seen.add(key);
            const list = voterArrivals.get(key);
            if (list) list.push(at);
            else voterArrivals.set(key, [at]);
          }
        });
      }
      process.send!({ kind: 'watching', bytes });
    } else if (command.kind === 'voters') {
      process.send!({ kind: 'voters', arrivals: [...voterArrivals], bytes });
    } else {
      for (const c of clients) c.close();
      clients = [];
      const cpu = process.cpuUsage();
      process.send!({ kind: 'closed', cpuSeconds: (cpu.user + cpu.system) / 1e6 });
    }
  })();
});
