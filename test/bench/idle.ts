// Idle cost (issue 18.6): `--rooms` (200) open room documents, each held by one idle client, and
// nothing typed for `--seconds` (60). Prints RSS per open document and CPU per minute at idle.
// `npm run bench:idle`; nothing here is a test assertion.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectSaveCheckClient, type SaveCheckClient } from '../helpers/saveCheckClient';
import { numberArg } from './args';
import { buildServers } from './buildServers';
import { startServerChild, runBench, stopChild } from './children';
import { cpuSeconds, memoryMiB } from './procStats';
import { prepareWorkshop } from './roomtableSetup';

const sleep = (n: number) => new Promise((r) => setTimeout(r, n));

async function main() {
  const rooms = numberArg('rooms', 200);
  const seconds = numberArg('seconds', 60);
  console.log(`# Idle cost (issue 18.6), ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)} at start\n`);
  const built = await buildServers();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'roomtable-bench-idle-'));
  const server = await startServerChild('roomtable', { DATA_DIR: dir }, null, built);
  const base = `http://127.0.0.1:${server.port}`;
  const wsUrl = `ws://127.0.0.1:${server.port}/sync`;
  try {
    const fresh = memoryMiB(server.pid).rss;
    // One person per room, so every room document is open with exactly one idle client; a
    // workshop holds at most 100 rooms, so 200 rooms are two workshops.
    const workshops = [];
    for (let left = rooms; left > 0; left -= 100) workshops.push(await prepareWorkshop(base, Math.min(100, left), Math.min(100, left), ['An idea nobody touches']));
    const roomList = workshops.flatMap((w) => w.rooms);
    // Starting the break-out opened every room to seed it; past the unload grace (5 s) they close.
    await sleep(8000);
    const before = memoryMiB(server.pid).rss;
    const clients: SaveCheckClient[] = [];
    for (let i = 0; i < roomList.length; i += 50) {
      const wave = roomList.slice(i, i + 50).map((room) => connectSaveCheckClient(wsUrl, room.name, room.tokens[0]!));
      await Promise.all(wave.map((c) => c.synced));
      clients.push(...wave);
    }
    // Let the first writes, pings and timers settle, then watch the idle minute.
    await sleep(5000);
    const open = memoryMiB(server.pid).rss;
    const cpuBefore = cpuSeconds(server.pid);
    await sleep(seconds * 1000);
    const cpu = cpuSeconds(server.pid) - cpuBefore;
    const after = memoryMiB(server.pid).rss;
    const closed = clients.filter((c) => c.ws.readyState !== c.ws.OPEN).length;
    console.log(`## ${clients.length} open room documents, one idle client each, ${seconds} s`);
    console.log('| measure | value |');
    console.log('| --- | --- |');
    console.log(`| RSS of the fresh process | ${fresh.toFixed(0)} MiB |`);
    console.log(`| RSS with no document open (workshops created, ${rooms} people joined, the rooms seeded and unloaded) | ${before.toFixed(0)} MiB |`);
    console.log(`| RSS with ${clients.length} documents open | ${open.toFixed(0)} MiB |`);
    console.log(`| RSS per open document (its Y.Doc, session and socket) | ${(((open - before) * 1024) / clients.length).toFixed(0)} KiB |`);
    console.log(`| RSS after the idle time | ${after.toFixed(0)} MiB |`);
    console.log(`| server CPU per minute at idle | ${((cpu * 60) / seconds * 1000).toFixed(0)} ms |`);
    console.log(`connections lost while idle: ${closed}`);
    console.log(`(load average at the end ${os.loadavg()[0]!.toFixed(1)}: figures on a busy machine are upper bounds)`);
    for (const c of clients) c.close();
  } finally {
    await stopChild(server.child);
    rmSync(dir, { recursive: true, force: true });
  }
}

runBench(main);
