import { Redis } from 'ioredis';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { RedisConnections } from '../src/RedisConnections';
import { RedisFanOut, type DocumentChannel } from '../src/RedisFanOut';
import { RedisLease } from '../src/RedisLease';
import { TEST_REDIS_URL, signal, uniqueName, whenDoc } from './helpers/services';

const opened: Array<{ close(): Promise<unknown> | void }> = [];
afterEach(async () => {
  for (const item of opened.splice(0).reverse()) await item.close();
});

/** A fan-out for one simulated process, sharing `prefix` with the others of the test. */
async function process(prefix: string, errors: unknown[] = []): Promise<RedisFanOut> {
  const onError = (e: unknown) => errors.push(e);
  const connections = await RedisConnections.open(TEST_REDIS_URL, { onError });
  const fanOut = new RedisFanOut(connections, { prefix, onError });
  opened.push(connections, fanOut);
  return fanOut;
}

/** A live document in one process, wired to its fan-out like the DocumentManager would be. */
function liveDoc(fanOut: RedisFanOut, name: string): { doc: Y.Doc; unsubscribe: () => void } {
  const doc = new Y.Doc();
  const remote = Symbol('remote');
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== remote && origin !== 'silent') fanOut.publish(name, update);
  });
  const channel: DocumentChannel = {
    onUpdate: (update) => Y.applyUpdate(doc, update, remote),
    stateVector: () => Y.encodeStateVector(doc),
    diff: (sv) => Y.encodeStateAsUpdate(doc, sv),
  };
  return { doc, unsubscribe: fanOut.subscribe(name, channel) };
}

const text = (doc: Y.Doc) => doc.getText('t').toString();

/** Kills this process's Redis connection of the given kind, as a network failure would. */
async function killConnection(fanOut: RedisFanOut, kind: 'pub' | 'sub'): Promise<void> {
  const admin = new Redis(TEST_REDIS_URL);
  try {
    const list = (await admin.client('LIST')) as string;
    const line = list.split('\n').find((l) => l.includes(` name=roomtable-${kind}-${fanOut.processId} `));
    const id = line?.match(/\bid=(\d+)/)?.[1];
    if (!id) throw new Error(`no ${kind} connection of ${fanOut.processId}`);
    await admin.client('KILL', 'ID', id);
  } finally {
    admin.disconnect();
  }
}

describe('RedisFanOut', () => {
  it('[RF1] an update reaches the other processes, never the sender; unsubscribing stops it', async () => {
    const prefix = uniqueName('fan');
    const [a, b] = await Promise.all([process(prefix), process(prefix)]);
    const gotA: string[] = [];
    const gotB: string[] = [];
    const decode = (u: Uint8Array) => Buffer.from(u).toString();
    a.subscribe('w/room/1', (u) => gotA.push(decode(u)));
    const firstB = signal();
    const offB = b.subscribe('w/room/1', (u) => {
      gotB.push(decode(u));
      firstB.resolve();
    });
    const marker = signal();
    b.subscribe('w/room/2', (u) => {
      gotB.push(decode(u));
      marker.resolve();
    });
    await Promise.all([a.whenSubscribed('w/room/1'), b.whenSubscribed('w/room/1'), b.whenSubscribed('w/room/2')]);

    const first = signal();
    a.subscribe('w/room/3', () => first.resolve());
    await a.whenSubscribed('w/room/3');
    a.publish('w/room/1', Buffer.from('from a'));
    await firstB.promise;
    offB();
    a.publish('w/room/1', Buffer.from('after b left'));
    // Same publisher connection, so 'marker' arrives after anything published before it.
    a.publish('w/room/2', Buffer.from('marker'));
    await marker.promise;
    // And b's publication reaches a after a's own earlier one would have.
    b.publish('w/room/3', Buffer.from('x'));
    await first.promise;
    expect(gotB).toEqual(['from a', 'marker']);
    expect(gotA).toEqual([]);
  });

  it('[RF2] awareness travels as its own kind of message', async () => {
    const prefix = uniqueName('fan');
    const [a, b] = await Promise.all([process(prefix), process(prefix)]);
    const updates: Uint8Array[] = [];
    const awareness = signal<Uint8Array>();
    b.subscribe('w/room/1', { onUpdate: (u) => updates.push(u), onAwareness: (u) => awareness.resolve(u) });
    await b.whenSubscribed('w/room/1');
    a.publishAwareness('w/room/1', new Uint8Array([1, 2, 3]));
    expect(await awareness.promise).toEqual(new Uint8Array([1, 2, 3]));
    expect(updates).toEqual([]);
  });

  it('[RF3] joining a channel syncs both ways with processes that already hold the document', async () => {
    const prefix = uniqueName('fan');
    const [a, b] = await Promise.all([process(prefix), process(prefix)]);
    const one = liveDoc(a, 'w/room/1');
    await a.whenSubscribed('w/room/1');
    // Accepted by process a but never seen by b (b was not subscribed yet, storage not written yet).
    one.doc.getText('t').insert(0, 'early ');
    const late = new Y.Doc();
    late.getText('t').insert(0, 'offline');
    const two = liveDoc(b, 'w/room/1');
    Y.applyUpdate(two.doc, Y.encodeStateAsUpdate(late), 'silent');
    await Promise.all([
      whenDoc(two.doc, () => text(two.doc).includes('early')),
      whenDoc(one.doc, () => text(one.doc).includes('offline')),
    ]);
    expect(text(one.doc)).toBe(text(two.doc));
  });

  it('[RF4] after its subscriber connection drops, a process rejoins, resyncs and calls onReconnect', async () => {
    const prefix = uniqueName('fan');
    const errors: unknown[] = [];
    const [a, b] = await Promise.all([process(prefix), process(prefix, errors)]);
    const one = liveDoc(a, 'w/room/1');
    const two = liveDoc(b, 'w/room/1');
    await Promise.all([a.whenSubscribed('w/room/1'), b.whenSubscribed('w/room/1')]);
    one.doc.getText('t').insert(0, 'shared ');
    await whenDoc(two.doc, () => text(two.doc) === 'shared ');

    const reconnected = signal<string[]>();
    b.onReconnect((names) => reconnected.resolve(names));
    // A message lost in transit: made in a, never delivered to b.
    one.doc.transact(() => one.doc.getText('t').insert(7, 'lost '), 'silent');
    await killConnection(b, 'sub');
    one.doc.getText('t').insert(0, 'during ');
    expect(await reconnected.promise).toEqual(['w/room/1']);
    await whenDoc(two.doc, () => text(two.doc) === text(one.doc));
    expect(text(two.doc)).toBe('during shared lost ');

    // Still live afterwards, both ways.
    two.doc.getText('t').insert(0, 'after ');
    await whenDoc(one.doc, () => text(one.doc).startsWith('after '));
  });

  it('[RF5] after its publisher connection drops, publishing goes on', async () => {
    const prefix = uniqueName('fan');
    const [a, b] = await Promise.all([process(prefix), process(prefix)]);
    const one = liveDoc(a, 'd');
    const two = liveDoc(b, 'd');
    await Promise.all([a.whenSubscribed('d'), b.whenSubscribed('d')]);
    await killConnection(a, 'pub');
    one.doc.getText('t').insert(0, 'queued while reconnecting');
    await whenDoc(two.doc, () => text(two.doc) === 'queued while reconnecting');
  });

  it('[RF6] an unreachable Redis rejects at start, naming the host but not the password', async () => {
    const error = await RedisConnections.open('redis://:hunter2-secret@127.0.0.1:1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/could not connect to Redis at 127\.0\.0\.1:1/);
    expect((error as Error).message).not.toMatch(/hunter2/);
  });

  it('[RF7] a malformed message is reported, not thrown, and later messages still arrive', async () => {
    const prefix = uniqueName('fan');
    const errors: unknown[] = [];
    const b = await process(prefix, errors);
    const got = signal<Uint8Array>();
    b.subscribe('d', (u) => got.resolve(u));
    await b.whenSubscribed('d');
    const raw = new Redis(TEST_REDIS_URL);
    opened.push({ close: () => raw.disconnect() });
    const hostile = [
      [9], // unknown kind
      [], // empty
      [0, 5, 120], // sender id longer than the message
      [0, 0x80], // length prefix cut off
      [0, 2, 0xff, 0xfe], // sender id not UTF-8
      [3, 1, 120], // an answer without its target
    ];
    for (const frame of hostile) await raw.publish(`${prefix}:doc:d`, Buffer.from(frame));
    await raw.publish(`${prefix}:doc:d`, Buffer.from([0, 1, 120, 7]));
    expect(await got.promise).toEqual(new Uint8Array([7]));
    expect(errors).toHaveLength(hostile.length);
  });

  it("[RF9] the fan-out borrows the process's connections: closing it leaves their subscription, not them", async () => {
    const prefix = uniqueName('fan');
    const connections = await RedisConnections.open(TEST_REDIS_URL, { onError: () => {} });
    opened.push(connections);
    const fanOut = new RedisFanOut(connections, { prefix, onError: () => {} });
    const lease = new RedisLease(connections.commands, { prefix, owner: connections.processId });
    fanOut.subscribe('d', () => {});
    await fanOut.whenSubscribed('d');
    const subscribers = async () => ((await connections.commands.pubsub('NUMSUB', `${prefix}:doc:d`)) as [string, number])[1];
    expect(await subscribers()).toBe(1);

    await fanOut.close();
    await vi.waitFor(async () => expect(await subscribers()).toBe(0), 5000);
    // The command connection still serves the lease (and the token buckets) after the fan-out closed.
    const held = await lease.tryAcquire('compact:d');
    expect(held).not.toBeNull();
    expect(connections.subscriber.status).toBe('ready');
  });
});
