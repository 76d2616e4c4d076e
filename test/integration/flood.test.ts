import { describe, expect, it } from 'vitest';
import { floodRound, within, type FloodResult } from '../bench/floodLoad';
import { cpuSeconds } from '../bench/procStats';
import { startServerProcess } from '../helpers/serverProcess';

// Issue 19: a flooding connection costs only itself. One participant's stock client in room 1
// sends small valid updates (then awareness) as fast as its socket takes them (2,000 frames a
// second; the flooder sent 1,100), while honest stock clients type in room 1 and room 2;
// the server runs in its own process, as deployed. Rules SY21–SY23, SY25 (packages/sync/SPEC.md).
//
// What is asserted is the mechanism: the flooder is throttled to its budget, then closed with
// 4420; every honest edit arrives; no honest client is ever closed. The latency figures (share of
// honest edits within 200 ms, before and after) are printed here and measured by
// test/bench/flood.ts (`npm run bench:flood`): on this machine, shared by several test runs, the
// clients' own event loop was measured 190 ms late (p99) with no flood at all, so a timed
// assertion would measure the neighbours.

const CLOSE_AFTER_MS = 3000;
/** The server's defaults (packages/sync/src/InboundBudget.ts): 100 frames a second after a burst of 400. */
const RATE = 100;
const BURST = 400;

async function floodServer() {
  const proc = await startServerProcess({ env: { SYNC_OVER_BUDGET_CLOSE_MS: String(CLOSE_AFTER_MS) }, timeoutMs: 60_000 });
  return { url: proc.url, cpu: () => cpuSeconds(proc.child.pid!) };
}

function figures(result: FloodResult) {
  return {
    within200ms: { quiet: within(result.quiet, 200), otherRoom: within(result.otherRoom, 200), sameRoom: within(result.sameRoom, 200) },
    samples: { quiet: result.quiet.length, otherRoom: result.otherRoom.length, sameRoom: result.sameRoom.length },
    serverCpu: result.cpu,
    clientLoopP99Ms: result.clientLoopP99Ms,
    flooder: { sent: result.flooderSent, applied: result.flooderApplied, closed: result.flooderClosed },
  };
}

/** Every honest edit arrived (Infinity: never), and no honest client was closed. */
function honestUnharmed(result: FloodResult, shown: string): void {
  expect(result.honestCloses, shown).toEqual([]);
  for (const phase of [result.quiet, result.otherRoom, result.sameRoom]) {
    expect(phase.length, shown).toBeGreaterThan(10);
    expect(phase.filter((ms) => ms === Infinity), shown).toEqual([]);
  }
}

describe('a flooding connection costs only itself', () => {
  it('[SY21] [SY22] [SY23] updates: the flooder is throttled to its budget, then closed with 4420; every honest edit arrives; nobody honest is closed', async () => {
    const server = await floodServer();
    const result = await floodRound({
      url: server.url,
      honestPerRoom: 3,
      typeEveryMs: 250,
      quietMs: 1500,
      floodMs: 30_000,
      mode: 'updates',
      floodPerSecond: 2000,
      stopWhenClosed: true,
      cpuSeconds: server.cpu,
    });
    const shown = JSON.stringify(figures(result));
    console.log('[flood] updates', shown);
    expect(result.flooderClosed?.code, shown).toBe(4420);
    expect(result.flooderClosed!.reason).toMatch(/sending too fast/);
    // Throttled: what the room took is its burst and its rate (and a margin), far less than it sent.
    expect(result.flooderApplied, shown).toBeLessThan(BURST + (RATE * result.flooderClosed!.afterMs) / 1000 + 200);
    expect(result.flooderSent, shown).toBeGreaterThan(3 * result.flooderApplied);
    honestUnharmed(result, shown);
  }, 120_000);

  it('[SY21] [SY22] [SY25] awareness: a client re-announcing itself as fast as it can is closed with 4420; honest clients, who echo it, are not', async () => {
    const server = await floodServer();
    const result = await floodRound({
      url: server.url,
      honestPerRoom: 3,
      typeEveryMs: 250,
      quietMs: 1000,
      floodMs: 30_000,
      mode: 'awareness',
      floodPerSecond: 2000,
      stopWhenClosed: true,
      cpuSeconds: server.cpu,
    });
    const shown = JSON.stringify(figures(result));
    console.log('[flood] awareness', shown);
    expect(result.flooderClosed?.code, shown).toBe(4420);
    honestUnharmed(result, shown);
  }, 120_000);
});
