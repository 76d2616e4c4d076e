import { readFileSync } from 'node:fs';
import { roomDocName } from '@roomtable/core';
import { WebSocket } from 'ws';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { createWorkshopWith } from '../helpers/api';
import { startServerProcess } from '../helpers/serverProcess';

/** Opens a WebSocket; resolves with it once open, or with the HTTP status it was refused with. */
function tryOpen(url: string): Promise<{ ws: WebSocket } | { status: number; retryAfter: string | undefined }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string | undefined });
      res.resume();
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

function softLimitOf(pid: number): number {
  const line = readFileSync(`/proc/${pid}/limits`, 'utf8').split('\n').find((l) => l.startsWith('Max open files'))!;
  return Number(line.replace('Max open files', '').trim().split(/\s+/)[0]);
}

describe('[ED9] the server knows how many sockets it can hold', () => {
  it('past what its descriptors allow, a newcomer gets 503 with Retry-After and the log says so; those in stay, the API answers', async () => {
    const server = await startServerProcess({ wrap: ['prlimit', '--nofile=256:256', '--'], env: { MAX_CONNECTIONS_PER_TOKEN: '10000' } });
    const capacity = Number(/can hold (\d+) connections \(open-file limit 256;/.exec(server.output())?.[1]);
    expect(capacity).toBeGreaterThan(100);
    expect(capacity).toBeLessThan(256);
    const w = await createWorkshopWith(server.url, ['Ana'], { rooms: 1 });
    const url = `${server.wsUrl}/${roomDocName(w.workshopId, 0)}?token=${encodeURIComponent(w.facilitatorToken)}`.replace('/room/0', '/plenary');
    const open: WebSocket[] = [];
    onTestFinished(() => open.forEach((ws) => ws.terminate()));
    let refused: { status: number; retryAfter: string | undefined } | null = null;
    while (!refused && open.length < 300) {
      const got = await tryOpen(url);
      if ('ws' in got) open.push(got.ws);
      else refused = got;
    }
    expect(refused).toEqual({ status: 503, retryAfter: '5' });
    // Refused before the descriptors ran out, with room kept for plain HTTP.
    expect(open.length).toBeGreaterThan(capacity - 64);
    expect(open.length).toBeLessThanOrEqual(capacity);
    expect(open.every((ws) => ws.readyState === ws.OPEN)).toBe(true);
    await vi.waitFor(() => expect(server.output()).toMatch(/refusing new WebSocket connections with 503: \d+ sockets open of the \d+ this process can hold/), 5000);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(server.output()).not.toMatch(/EMFILE/);
    // A freed place is taken again.
    open.pop()!.close();
    await vi.waitFor(async () => {
      const again = await tryOpen(url);
      expect('ws' in again).toBe(true);
      if ('ws' in again) open.push(again.ws);
    }, 5000);
  });

  it('runs at the hard open-file limit, whatever soft limit it was started with, and says so', async () => {
    // Node 20 raises the soft limit itself before any script runs; raiseDescriptorLimit covers a
    // runtime that does not (apps/server/test/descriptorLimit.test.ts).
    const server = await startServerProcess({ wrap: ['prlimit', '--nofile=512:4096', '--'] });
    expect(server.output()).toMatch(/can hold \d+ connections \(open-file limit 4096[;,]/);
    expect(softLimitOf(server.child.pid!)).toBe(4096);
  });
});
