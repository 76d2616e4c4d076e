import { roomDocName } from '@roomtable/core';
import { describe, expect, it } from 'vitest';
import { createWorkshopWith } from '../helpers/api';
import { readDatabaseFile } from '../helpers/databaseFile';
import { connectSaveCheckClient, type SaveCheckClient } from '../helpers/saveCheckClient';
import { seedFromEnv, seededRandom, type SeededRandom } from '../helpers/seededRandom';
import { startServerProcess, type ServerProcess } from '../helpers/serverProcess';
import { startBreakout } from '../helpers/startBreakout';
import { addMarker, markersIn } from '../helpers/tableMarkers';

const RUNS = Number(process.env.CRASH_RUNS ?? 5);
const CLIENTS = 2;

/**
 * One editing client: pushes distinct markers in small bursts, asks a save check after each
 * burst, and records a marker as acknowledged only when the check sent after it is answered.
 */
function editHeavily(client: SaveCheckClient, label: string, random: SeededRandom, acknowledged: Set<string>, sent: Set<string>) {
  let stopped = false;
  let i = 0;
  const running = (async () => {
    while (!stopped && client.ws.readyState === client.ws.OPEN) {
      const burst: string[] = [];
      const count = random.int(1, 6);
      for (let k = 0; k < count; k++) {
        const marker = `${label}-${i++}`;
        // One transaction per marker: each is its own update frame on the wire.
        addMarker(client.doc, marker);
        burst.push(marker);
        sent.add(marker);
      }
      void client.saveCheck().then((answered) => {
        if (answered) for (const marker of burst) acknowledged.add(marker);
      });
      await new Promise((r) => setTimeout(r, random.int(0, 4)));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await running;
    },
  };
}

describe('saved means saved: SIGKILL during heavy editing', () => {
  it(`every acknowledged update survives ${RUNS} kills at random moments, and the database stays intact`, async () => {
    const seed = seedFromEnv(20260509);
    const random = seededRandom(seed);
    let server: ServerProcess = await startServerProcess();
    const dataDir = server.dataDir;
    const w = await createWorkshopWith(server.url, ['Ana', 'Bo'], { rooms: 1 });
    await startBreakout(server.url, w.workshopId, w.facilitatorToken, 's');
    const docName = roomDocName(w.workshopId, 1);

    // Across runs, so a later run's compaction or restart cannot lose an earlier run's edits either.
    const acknowledgedEver = new Set<string>();
    let totalAcknowledged = 0;
    let totalFound = 0;
    for (let run = 1; run <= RUNS; run++) {
      const acknowledged = new Set<string>();
      const sent = new Set<string>();
      const clients = Array.from({ length: CLIENTS }, (_, c) => connectSaveCheckClient(server.wsUrl, docName, w.participants[c]!.token));
      await Promise.all(clients.map((c) => c.synced));
      // The document came back from disk: everything acknowledged in earlier runs is in it.
      for (const marker of acknowledgedEver) expect(markersIn(clients[0]!.doc)).toContain(marker);

      const editors = clients.map((c, k) => editHeavily(c, `r${run}c${k}`, random, acknowledged, sent));
      const killAfterMs = random.int(150, 900);
      // Wait for real progress rather than a bare sleep: the kill lands mid-stream of acknowledged edits.
      const started = Date.now();
      while (acknowledged.size < 20 || Date.now() - started < killAfterMs) {
        if (Date.now() - started > 10_000) throw new Error(`run ${run}: no acknowledgements:\n${server.output()}`);
        await new Promise((r) => setTimeout(r, 5));
      }
      const killed = await server.kill('SIGKILL');
      expect(killed.signal).toBe('SIGKILL');
      await Promise.all(clients.map((c) => c.closed));
      await Promise.all(editors.map((e) => e.stop()));

      const { integrity, doc } = readDatabaseFile(dataDir, docName);
      const markers = new Set(markersIn(doc));
      expect(integrity).toBe('ok');
      const found = [...acknowledged].filter((m) => markers.has(m)).length;
      console.log(
        `[crash] run ${run} (seed ${seed}, kill after ${killAfterMs} ms): acknowledged ${acknowledged.size}, found ${found}` +
          ` (sent ${sent.size}, on disk ${[...sent].filter((m) => markers.has(m)).length})`,
      );
      const missing = [...acknowledged].filter((m) => !markers.has(m));
      expect(missing, `acknowledged but lost in run ${run}`).toEqual([]);
      for (const m of acknowledged) acknowledgedEver.add(m);
      totalAcknowledged += acknowledged.size;
      totalFound += found;

      server = await startServerProcess({ dataDir });
    }

    // A fresh client over the restarted server sees every acknowledged marker of every run.
    const reader = connectSaveCheckClient(server.wsUrl, docName, w.facilitatorToken);
    await reader.synced;
    const served = new Set(markersIn(reader.doc));
    const missingServed = [...acknowledgedEver].filter((m) => !served.has(m));
    expect(missingServed).toEqual([]);
    reader.close();
    console.log(`[crash] total over ${RUNS} runs: acknowledged ${totalAcknowledged}, found ${totalFound}`);
    expect(totalFound).toBe(totalAcknowledged);
    expect(totalAcknowledged).toBeGreaterThan(0);
  }, 60_000 + RUNS * 8_000);
});
