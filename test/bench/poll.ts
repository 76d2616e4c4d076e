// A poll of hundreds (issue 18.3): `voters` people hold the state document (what the plenary page
// holds) and cast a dot vote through the API within `seconds`, then change it within the same
// time again. `npm run bench:poll` prints the figures; nothing here is a test assertion.
// Options: --voters 500 --seconds 10 --rooms N (default voters / 50) --procs 2 (processes holding
// the clients) --cpu-prof DIR.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stateDocName } from '@roomtable/core';
import { numberArg, textArg } from './args';
import { buildServers } from './buildServers';
import { startServerChild, runBench, stopChild } from './children';
import { forkFollowers, nextMessage } from './followers';
import { cpuSeconds, memoryMiB } from './procStats';
import { call, callStats, prepareWorkshop } from './roomtableSetup';
import { summarize } from './stats';

/** --cpu-prof DIR: the server runs with --cpu-prof (summarise with `node scripts/cpuProfileTop.mjs DIR`). */
const cpuProfDir = textArg('cpu-prof');

const SUGGESTIONS = Array.from({ length: 8 }, (_, i) => `Suggestion ${i + 1} for the whole group to weigh`);
const sleep = (n: number) => new Promise((r) => setTimeout(r, n));
const ms = (n: number) => `${n.toFixed(0)} ms`;
const clock = () => performance.timeOrigin + performance.now();

async function main() {
  const voters = numberArg('voters', 500);
  const seconds = numberArg('seconds', 10);
  const procs = numberArg('procs', 2);
  console.log(`# A poll of hundreds (issue 18.3), ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)} at start\n`);
  const built = await buildServers();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'roomtable-bench-poll-'));
  const server = await startServerChild('roomtable', { DATA_DIR: dir }, cpuProfDir, built);
  const base = `http://127.0.0.1:${server.port}`;
  const wsUrl = `ws://127.0.0.1:${server.port}/sync`;
  const children = Array.from({ length: procs }, () => forkFollowers());
  try {
    // Rooms of ~50: every room's 8 suggestions are poll items, and a poll holds at most 300.
    const rooms = numberArg('rooms', Math.max(1, Math.round(voters / 50)));
    const w = await prepareWorkshop(base, rooms, voters, SUGGESTIONS);
    await call(base, 'POST', `/workshops/${w.workshopId}/phase`, { phase: 'reporting' }, w.facilitatorToken);
    const { poll } = await call<{ poll: { id: string; items: Array<{ key: string }> } }>(
      base,
      'POST',
      `/workshops/${w.workshopId}/polls`,
      { kind: 'dots', dots: 3 },
      w.facilitatorToken,
    );
    const people = w.rooms.flatMap((r) => r.tokens.map((token, i) => ({ token, id: r.participantIds[i]! })));
    // Everyone holds the state document, as their plenary page does, in processes of their own.
    await Promise.all(
      children.map((child, k) => {
        const ready = nextMessage(child, 'ready');
        child.send({ kind: 'connect', wsUrl, docName: stateDocName(w.workshopId), tokens: people.filter((_, i) => i % procs === k).map((p) => p.token) });
        return ready;
      }),
    );
    const ask = async <T extends { kind: string }>(kind: string, reply: T['kind']) =>
      Promise.all(
        children.map((child) => {
          const answer = nextMessage<T>(child, reply);
          child.send({ kind });
          return answer;
        }),
      );
    const watching = await ask<{ kind: 'watching'; bytes: number }>('watchVoters', 'watching');
    const bytesBefore = watching.reduce((n, r) => n + r.bytes, 0);

    const items = poll.items.map((i) => i.key);
    const ballot = (k: number, shift: number) => ({ kind: 'dots', dots: { [items[(k + shift) % items.length]!]: 2, [items[(k + shift + 3) % items.length]!]: 1 } });
    const sentAt = new Map<string, number>();
    const answers: number[] = [];
    const cast = async (shift: number) => {
      const started = performance.now();
      const spacing = (seconds * 1000) / people.length;
      await Promise.all(
        people.map(async (p, k) => {
          await sleep(Math.max(0, started + k * spacing - performance.now()));
          const sent = clock();
          if (!sentAt.has(p.id)) sentAt.set(p.id, sent);
          await call(base, 'PUT', `/workshops/${w.workshopId}/polls/${poll.id}/ballot`, ballot(k, shift), p.token);
          answers.push(clock() - sent);
        }),
      );
    };
    await sleep(300);
    const cpuBefore = cpuSeconds(server.pid);
    const loadCpuBefore = process.cpuUsage();
    await cast(0);
    await sleep(1000);
    const afterFirst = await ask<{ kind: 'voters'; arrivals: Array<[string, number[]]>; bytes: number }>('voters', 'voters');
    const bytesFirst = afterFirst.reduce((n, r) => n + r.bytes, 0) - bytesBefore;
    await cast(1);
    await sleep(1000);
    const cpu = cpuSeconds(server.pid) - cpuBefore;
    const loadCpu = process.cpuUsage(loadCpuBefore);
    const final = await ask<{ kind: 'voters'; arrivals: Array<[string, number[]]>; bytes: number }>('voters', 'voters');
    const bytesAll = final.reduce((n, r) => n + r.bytes, 0) - bytesBefore;
    const ballots = people.length * 2;
    // Latency per (client, voter): from the voter sending their first ballot to the client holding their entry.
    const lags: number[] = [];
    for (const reply of final) {
      for (const [key, times] of reply.arrivals) {
        const voter = key.slice(poll.id.length + 1);
        const sent = sentAt.get(voter);
        if (sent !== undefined) for (const t of times) lags.push(t - sent);
      }
    }
    const expected = people.length * people.length;
    const lag = summarize(Float64Array.from(lags));
    const answer = summarize(Float64Array.from(answers));
    const closed = await ask<{ kind: 'closed'; cpuSeconds: number }>('close', 'closed');
    console.log(`## ${people.length} voters, each casting a dot ballot within ${seconds} s and changing it within ${seconds} s more (${ballots} ballots); the ${people.length} clients in ${procs} processes`);
    console.log('| measure | p50 | p99 | max |');
    console.log('| --- | --- | --- | --- |');
    console.log(`| API answer to a ballot | ${ms(answer.p50)} | ${ms(answer.p99)} | ${ms(answer.max)} |`);
    console.log(`| from a voter's first ballot sent to every client holding their entry | ${ms(lag.p50)} | ${ms(lag.p99)} | ${ms(lag.max)} |`);
    console.log(`entries seen: ${lags.length} of ${expected}; ballots sent again after a reset connection: ${callStats.resetRetries}`);
    console.log(`server CPU per ballot ${((cpu / ballots) * 1000).toFixed(2)} ms (${cpu.toFixed(2)} s for ${ballots}); RSS ${memoryMiB(server.pid).rss.toFixed(0)} MiB`);
    console.log(`load: the voters' process ${((loadCpu.user + loadCpu.system) / 1e6).toFixed(2)} s of CPU in the window; client processes ${closed.map((c) => `${c.cpuSeconds.toFixed(1)} s`).join(', ')} over the whole run`);
    console.log(`bytes each client received per ballot: ${(bytesFirst / people.length / people.length).toFixed(0)} B (first ballots), ${((bytesAll - bytesFirst) / people.length / people.length).toFixed(0)} B (changes)`);
    console.log(`target: every client current within 250 ms p99`);
    console.log(`(load average at the end ${os.loadavg()[0]!.toFixed(1)}: figures on a busy machine are upper bounds)`);
  } catch (error) {
    console.error(`server exit code ${server.child.exitCode} signal ${server.child.signalCode}; last words:\n${server.log()}`);
    throw error;
  } finally {
    for (const child of children) child.kill();
    await stopChild(server.child);
    rmSync(dir, { recursive: true, force: true });
  }
}

runBench(main);
