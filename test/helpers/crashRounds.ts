import { roomDocName } from '@roomtable/core';
import type * as Y from 'yjs';
import { api, createWorkshopWith } from './api';
import { connectSaveCheckClient, type SaveCheckClient } from './saveCheckClient';
import { seededRandom, type SeededRandom } from './seededRandom';
import type { ServerProcess } from './serverProcess';
import { addMarker, markersIn, whenTable } from './tableMarkers';

/** Where a crash loop runs: how to (re)start its server processes, and how to read what storage alone holds. */
export interface CrashBackend {
  readonly name: string;
  /** server processes serving the document at the same time */
  readonly processes: number;
  /** Starts process `index` (again, after a kill) on the same storage. */
  start(index: number): Promise<ServerProcess>;
  /**
   * The document as storage alone holds it now, other processes perhaps still running (no server
   * code in between), and the storage's own integrity verdict ('ok' when it has none).
   */
  read(docName: string): Promise<{ doc: Y.Doc; integrity: string }>;
}

/** What {@link runCrashRounds} is told. */
export interface CrashRoundOptions {
  rounds: number;
  seed: number;
  /** editors connected to each process */
  clientsPerProcess: number;
  /**
   * Kill every process of the cluster, one after another at random moments (a double crash),
   * instead of one of them.
   */
  killAll?: boolean;
  log?: (line: string) => void;
}

/** The figures of a crash loop. */
export interface CrashFigures {
  backend: string;
  rounds: number;
  kills: number;
  /** updates acknowledged before each round's first read of storage, summed over the rounds */
  acknowledged: number;
  /** of those, missing from that first read (acknowledged but not readable from storage) */
  lost: number;
  /** acknowledged in any round but missing when the next round's editors synced with the restarted servers */
  lostServed: number;
  /** acknowledged in any round but missing from a read of storage after the last round */
  lostAtEnd: number;
  integrityFailures: number;
  /** a few of the lost markers, for the failure message */
  examples: string[];
}

/**
 * One editing client: pushes distinct markers in small bursts, asks a save check after each
 * burst, and records a marker as acknowledged only when the check sent after it is answered.
 * Pushing to one shared array makes every marker depend on the ones before it, whoever wrote them.
 */
function editHeavily(client: SaveCheckClient, label: string, random: SeededRandom, acknowledged: Set<string>) {
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

function within<T>(promise: Promise<T>, ms: number, what: () => string): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`not within ${ms} ms: ${what()}`)), ms))),
  ]);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * SIGKILLs the backend's server processes at random moments while editors on every process push
 * acknowledged markers, and counts, at the first read of storage right after each kill, the
 * acknowledged markers it does not hold. Then restarts what it killed and goes on.
 */
export async function runCrashRounds(backend: CrashBackend, options: CrashRoundOptions): Promise<CrashFigures> {
  const log = options.log ?? (() => undefined);
  const random = seededRandom(options.seed);
  const servers: ServerProcess[] = [];
  for (let i = 0; i < backend.processes; i++) servers.push(await backend.start(i));
  const names = Array.from({ length: backend.processes * options.clientsPerProcess }, (_, i) => `Editor ${i + 1}`);
  const w = await createWorkshopWith(servers[0]!.url, names, { rooms: 1 });
  for (const [route, body] of [
    ['assignment', { seed: 's' }],
    ['phase', { phase: 'breakout' }],
  ] as const) {
    const res = await api(servers[0]!.url, 'POST', `/workshops/${w.workshopId}/${route}`, body, w.facilitatorToken);
    if (res.status !== 200) throw new Error(`${route} failed: ${JSON.stringify(res.body)}`);
  }
  const docName = roomDocName(w.workshopId, 1);

  const figures: CrashFigures = {
    backend: backend.name,
    rounds: options.rounds,
    kills: 0,
    acknowledged: 0,
    lost: 0,
    lostServed: 0,
    lostAtEnd: 0,
    integrityFailures: 0,
    examples: [],
  };
  const acknowledgedEver = new Set<string>();
  const note = (missing: string[]) => figures.examples.push(...missing.slice(0, Math.max(0, 10 - figures.examples.length)));

  for (let round = 1; round <= options.rounds; round++) {
    const clients = servers.flatMap((server, p) =>
      Array.from({ length: options.clientsPerProcess }, (_, k) =>
        connectSaveCheckClient(server.wsUrl, docName, w.participants[p * options.clientsPerProcess + k]!.token),
      ),
    );
    let synced = 0;
    await within(
      Promise.all(clients.map((c) => c.synced.then(() => synced++))),
      20_000,
      () => `round ${round}: ${synced} of ${clients.length} editors synced\n${servers.map((s) => s.output().slice(-3000)).join('\n---\n')}`,
    );
    // Served after the restart: everything acknowledged before is in what each process serves.
    let servedMissing = 0;
    for (const client of clients) {
      const served = new Set(markersIn(client.doc));
      servedMissing = Math.max(servedMissing, [...acknowledgedEver].filter((m) => !served.has(m)).length);
    }
    figures.lostServed += servedMissing;
    // Round 1 starts right after the break-out began: a process that loaded the room before the
    // seeding process's table reached PostgreSQL or Redis served it empty, and the table followed
    // over the fan-out (under a full test run's load, after the editors had started to type).
    // Waited for after what was served is counted, so the count still reads the documents as synced.
    await within(Promise.all(clients.map((c) => whenTable(c.doc))), 20_000, () => `round ${round}: the room table did not arrive at every editor`);

    const acknowledged = new Set<string>();
    const closes: string[] = [];
    clients.forEach((c, k) => void c.closed.then(({ code, reason }) => closes.push(`client ${k}: ${code} ${reason}`)));
    const editors = clients.map((c, k) => editHeavily(c, `r${round}c${k}`, random, acknowledged));
    const killAfterMs = random.int(150, 900);
    const started = Date.now();
    while (acknowledged.size < 20 || Date.now() - started < killAfterMs) {
      if (Date.now() - started > 15_000) throw new Error(`round ${round}: ${acknowledged.size} acknowledged in 15 s; closed: ${closes.join(', ') || 'none'}\n${servers.map((s) => s.output()).join('\n')}`);
      await sleep(5);
    }
    const first = random.int(0, servers.length - 1);
    const victims = options.killAll ? [first, ...servers.keys()].filter((v, i, all) => all.indexOf(v) === i) : [first];
    for (const [i, victim] of victims.entries()) {
      // The second crash comes a moment later, while the survivor goes on acknowledging.
      if (i > 0) await sleep(random.int(0, 300));
      await servers[victim]!.kill('SIGKILL');
      figures.kills++;
    }
    // Every check answered before this line was answered after its commit: storage alone must hold it.
    const answered = [...acknowledged];
    const { doc, integrity } = await backend.read(docName);
    const stored = new Set(markersIn(doc));
    doc.destroy();
    const missing = answered.filter((m) => !stored.has(m));
    if (integrity !== 'ok') figures.integrityFailures++;
    figures.acknowledged += answered.length;
    figures.lost += missing.length;
    note(missing);
    log(
      `[crash ${backend.name}] round ${round} (kill ${victims.join('+')} after ${killAfterMs} ms): acknowledged ${answered.length}, ` +
        `missing at first read ${missing.length}${integrity === 'ok' ? '' : `, integrity ${integrity}`}`,
    );

    await Promise.all(editors.map((e) => e.stop()));
    for (const client of clients) client.close();
    await Promise.all(clients.map((c) => c.closed));
    for (const m of acknowledged) acknowledgedEver.add(m);
    for (const victim of victims) servers[victim] = await backend.start(victim);
  }

  for (const server of servers) await server.kill('SIGKILL');
  const { doc } = await backend.read(docName);
  const stored = new Set(markersIn(doc));
  doc.destroy();
  const missingAtEnd = [...acknowledgedEver].filter((m) => !stored.has(m));
  figures.lostAtEnd = missingAtEnd.length;
  note(missingAtEnd);
  return figures;
}
