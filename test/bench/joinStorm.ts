import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stateDocName } from '@roomtable/core';
import { WebSocket } from 'ws';
import type { BuiltServers } from './buildServers';
import { startServerChild, stopChild } from './children';
import { cpuSeconds } from './procStats';
import { call } from './roomtableSetup';

/** What a lobby filling up costs: everyone who joined holds the workshop's state document open. */
export interface JoinStormFigures {
  people: number;
  /** bytes the server sent to the state-document holders while the people joined */
  bytesSent: number;
  /** messages the server sent to them */
  messages: number;
  /** server CPU over the storm */
  cpuSeconds: number;
  /** wall time of the storm */
  seconds: number;
}

/**
 * `people` join one after the other through the API, each then opening the state document as the
 * web app does (a stock sync handshake) and keeping it open, as a lobby on a projector fills up.
 * Counts every byte the server sends to those sockets. Joins stay under the join rate limit's
 * burst (500), so the limit never paces the storm.
 */
export async function joinStorm(people: number, built: BuiltServers): Promise<JoinStormFigures> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'roomtable-bench-join-'));
  const server = await startServerChild('roomtable', { DATA_DIR: dir }, null, built);
  const sockets: WebSocket[] = [];
  try {
    const base = `http://127.0.0.1:${server.port}`;
    const created = await call<{ workshop: { id: string }; joinCode: string }>(base, 'POST', '/workshops', { title: 'Join storm', rooms: 10 });
    const doc = encodeURIComponent(stateDocName(created.workshop.id));
    let bytes = 0;
    let messages = 0;
    let closedEarly: string | null = null;
    const cpuBefore = cpuSeconds(server.pid);
    const started = performance.now();
    for (let i = 0; i < people; i++) {
      const joined = await call<{ token: string }>(base, 'POST', `/workshops/${created.workshop.id}/participants`, {
        name: `Person ${i + 1} with a name of ordinary length`,
        joinCode: created.joinCode,
      });
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/sync/${doc}?token=${encodeURIComponent(joined.token)}`);
      ws.on('message', (data: Buffer) => {
        bytes += data.byteLength;
        messages++;
      });
      await new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('error', reject);
      });
      ws.send(Uint8Array.of(0, 0, 1, 0)); // sync step 1 with an empty state vector (one byte, 0): "send me everything"
      ws.on('close', (code) => {
        if (code !== 1000 && code !== 1005 && code !== 1006) closedEarly = `closed with ${code}`;
      });
      sockets.push(ws);
    }
    // Let the last join's update reach everyone.
    await new Promise((resolve) => setTimeout(resolve, 500));
    if (closedEarly) throw new Error(`join storm: a state-document socket was ${closedEarly}`);
    return { people, bytesSent: bytes, messages, cpuSeconds: cpuSeconds(server.pid) - cpuBefore, seconds: (performance.now() - started) / 1000 };
  } finally {
    for (const ws of sockets) ws.terminate();
    await stopChild(server.child);
    rmSync(dir, { recursive: true, force: true });
  }
}
