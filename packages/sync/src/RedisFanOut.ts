import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { DocumentChannel, FanOut } from './FanOut';
import { RedisLease, describeRedisUrl, messageOf, type RedisLeaseOptions } from './RedisLease';

export type { DocumentChannel };

/** Options of {@link RedisFanOut.open}. */
export interface RedisFanOutOptions {
  /** Namespace of channels and keys (default `roomtable`), so several deployments can share one Redis. */
  prefix?: string;
  /** Identifies this process in messages (default: random); a process ignores its own messages. */
  processId?: string;
  /** Where background failures are reported (failed publish, bad message); default console.error. */
  onError?: (error: unknown, context: string) => void;
  /** Options of the {@link RedisLease} built on the publisher connection. */
  lease?: Omit<RedisLeaseOptions, 'prefix' | 'owner'>;
}

/**
 * One byte at the start of every message says what it carries. SyncRequest: "here is my state
 * vector, send me what I miss", broadcast on joining a channel and after a reconnect.
 * SyncAnswer: the reply's other half, to the requester only: "and here is mine".
 */
export const FanOutMessageKind = { Update: 0, Awareness: 1, SyncRequest: 2, SyncAnswer: 3 } as const;
/** One of the {@link FanOutMessageKind} values. */
export type FanOutMessageKind = (typeof FanOutMessageKind)[keyof typeof FanOutMessageKind];

interface Channel {
  readonly name: string;
  readonly handlers: Set<DocumentChannel>;
  /** Resolves once Redis confirmed the SUBSCRIBE. */
  subscribed: Promise<void>;
}

/**
 * Fan-out over Redis pub/sub: one channel per document, one publisher and one subscriber
 * connection per process. Pub/sub is fire-and-forget, so whenever a process (re)joins a
 * channel it runs a Yjs sync handshake with the other processes over the channel itself, and
 * tells `onReconnect` listeners to re-read storage: nothing sent during an outage stays lost.
 */
export class RedisFanOut implements FanOut {
  /** This process's id, carried by every message it sends. */
  readonly processId: string;
  /** A lease on the publisher connection, so only one process compacts or snapshots a document. */
  readonly lease: RedisLease;
  /** The command connection, for other small state the processes share (the API's rate limits). */
  readonly commands: Redis;
  readonly #pub: Redis;
  readonly #sub: Redis;
  readonly #prefix: string;
  readonly #idBytes: Buffer;
  readonly #onError: (error: unknown, context: string) => void;
  /** by channel key */
  readonly #channels = new Map<string, Channel>();
  readonly #reconnectListeners = new Set<(names: string[]) => void>();
  #publishFailing = false;
  #closed = false;

  private constructor(pub: Redis, sub: Redis, options: RedisFanOutOptions, processId: string) {
    this.#pub = pub;
    this.commands = pub;
    this.#sub = sub;
    this.processId = processId;
    this.#idBytes = Buffer.from(processId, 'utf8');
    this.#prefix = options.prefix ?? 'roomtable';
    this.#onError = options.onError ?? ((error, context) => console.error(`[fan-out] ${context}:`, error));
    this.lease = new RedisLease(pub, { ...options.lease, prefix: this.#prefix, owner: processId, onError: this.#onError });

    sub.on('messageBuffer', (channel: Buffer, message: Buffer) => this.#receive(channel.toString('utf8'), message));
    // Connection errors are followed by reconnects; report each outage once, not every retry.
    let down = false;
    const onError = (which: string) => (error: unknown) => {
      if (down) return;
      down = true;
      this.#onError(error, `Redis ${which} connection lost (reconnecting)`);
    };
    pub.on('error', onError('publisher'));
    sub.on('error', onError('subscriber'));
    // `ready` after the first one means a reconnect: rejoin and resync.
    sub.on('ready', () => {
      down = false;
      void this.#afterSubscriberReconnect();
    });
    pub.on('ready', () => {
      down = false;
      if (this.#publishFailing) {
        // Our publications during the outage may be lost: ask everyone to sync with us.
        this.#publishFailing = false;
        for (const channel of this.#channels.values()) this.requestSync(channel.name);
      }
    });
  }

  /**
   * Connects both connections; rejects with a message naming the host (never the password)
   * when Redis is unreachable. Afterwards the connections reconnect by themselves.
   */
  static async open(redisUrl: string, options: RedisFanOutOptions = {}): Promise<RedisFanOut> {
    if (typeof redisUrl !== 'string' || redisUrl.length === 0) throw new TypeError('Redis URL must be a non-empty string');
    const processId = options.processId ?? randomBytes(8).toString('hex');
    if (Buffer.byteLength(processId) > 255) throw new RangeError('processId must be at most 255 bytes');
    const common = {
      lazyConnect: true,
      // Resubscription is ours, so we know when it is done and can resync after it.
      autoResubscribe: false,
      retryStrategy: (attempt: number) => Math.min(attempt * 50, 1000),
    };
    // A publish queued through a long outage is worth little (the handshake resyncs): fail it soon.
    const pub = new Redis(redisUrl, { ...common, maxRetriesPerRequest: 2, connectionName: `roomtable-pub-${processId}` });
    const sub = new Redis(redisUrl, { ...common, maxRetriesPerRequest: null, connectionName: `roomtable-sub-${processId}` });
    let lastError: unknown;
    const remember = (error: unknown) => (lastError = error);
    pub.on('error', remember);
    sub.on('error', remember);
    try {
      await Promise.all([pub.connect(), sub.connect()]);
    } catch (error) {
      pub.disconnect();
      sub.disconnect();
      // ioredis rejects with "Connection is closed"; the error event before it says why.
      throw new Error(`could not connect to Redis at ${describeRedisUrl(redisUrl)}: ${messageOf(lastError ?? error)}`, { cause: error });
    } finally {
      pub.off('error', remember);
      sub.off('error', remember);
    }
    const fanOut = new RedisFanOut(pub, sub, options, processId);
    return fanOut;
  }

  /** Sends a document update to every other process serving `name`. Never throws. */
  publish(name: string, update: Uint8Array): void {
    this.#send(name, FanOutMessageKind.Update, update);
  }

  /** Sends awareness (bytes the rooms agree on, opaque here) to every other process serving `name`. Never throws. */
  publishAwareness(name: string, update: Uint8Array): void {
    this.#send(name, FanOutMessageKind.Awareness, update);
  }

  /**
   * Joins the document's channel. A plain function gets updates only (the `FanOut` contract);
   * a {@link DocumentChannel} with `stateVector` and `diff` also takes part in resync handshakes.
   */
  subscribe(name: string, handler: ((update: Uint8Array) => void) | DocumentChannel): () => void {
    if (typeof name !== 'string' || name.length === 0) throw new TypeError('document name must be a non-empty string');
    if (this.#closed) throw new Error('fan-out is closed');
    const handlers: DocumentChannel = typeof handler === 'function' ? { onUpdate: handler } : handler;
    const key = this.#channelKey(name);
    let channel = this.#channels.get(key);
    if (!channel) {
      const created: Channel = { name, handlers: new Set(), subscribed: Promise.resolve() };
      created.subscribed = this.#sub.subscribe(key).then(
        () => {
          // Subscribed now, so the answers will reach us: ask for what was published before.
          if (this.#channels.get(key) === created) this.requestSync(name);
        },
        (error: unknown) => this.#onError(error, `subscribing to "${name}" (retried on reconnect)`),
      );
      this.#channels.set(key, (channel = created));
    }
    const joined = channel;
    joined.handlers.add(handlers);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      joined.handlers.delete(handlers);
      if (joined.handlers.size === 0 && this.#channels.get(key) === joined) {
        this.#channels.delete(key);
        if (!this.#closed) this.#sub.unsubscribe(key).catch((error: unknown) => this.#onError(error, `unsubscribing from "${name}"`));
      }
    };
  }

  /** Resolves once Redis confirmed the subscription to `name` (tests and start-up ordering). */
  async whenSubscribed(name: string): Promise<void> {
    await this.#channels.get(this.#channelKey(name))?.subscribed;
  }

  /** Asks every other process for what this one misses of `name`, and offers what they miss. */
  requestSync(name: string): void {
    const channel = this.#channels.get(this.#channelKey(name));
    if (!channel) return;
    for (const handler of channel.handlers) {
      if (!handler.stateVector) continue;
      let sv: Uint8Array;
      try {
        sv = handler.stateVector();
      } catch (error) {
        this.#onError(error, `state vector of "${name}"`);
        continue;
      }
      this.#send(name, FanOutMessageKind.SyncRequest, sv);
      return;
    }
  }

  /**
   * Calls `listener` with the names of every subscribed document each time the subscriber
   * connection came back and rejoined its channels. Messages sent meanwhile are gone, so the
   * listener should re-read those documents from storage (the handshake covers what other
   * live processes hold but had not stored yet). Returns the function that removes it.
   */
  onReconnect(listener: (names: string[]) => void): () => void {
    this.#reconnectListeners.add(listener);
    return () => this.#reconnectListeners.delete(listener);
  }

  /** Leaves every channel and closes both connections. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#channels.clear();
    this.#reconnectListeners.clear();
    await Promise.all([this.#sub, this.#pub].map((redis) => redis.quit().catch(() => redis.disconnect())));
  }

  #channelKey(name: string): string {
    return `${this.#prefix}:doc:${name}`;
  }

  #send(name: string, kind: FanOutMessageKind, payload: Uint8Array, target?: string): void {
    if (this.#closed) return;
    const header = [kind, this.#idBytes.length];
    const targetBytes = target === undefined ? null : Buffer.from(target, 'utf8');
    const parts = [Buffer.from(header), this.#idBytes];
    if (targetBytes) parts.push(Buffer.from([targetBytes.length]), targetBytes);
    parts.push(Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength));
    this.#pub.publish(this.#channelKey(name), Buffer.concat(parts)).catch((error: unknown) => {
      if (this.#closed) return;
      // The handshake after the publisher reconnects makes up for it.
      if (!this.#publishFailing) this.#onError(error, `publishing to "${name}" (will resync after reconnect)`);
      this.#publishFailing = true;
    });
  }

  #receive(key: string, message: Buffer): void {
    const channel = this.#channels.get(key);
    if (!channel) return;
    try {
      if (message.length < 2) throw new Error('message too short');
      const kind = message[0]!;
      const idLength = message[1]!;
      if (message.length < 2 + idLength) throw new Error('message too short');
      const sender = message.toString('utf8', 2, 2 + idLength);
      if (sender === this.processId) return;
      let offset = 2 + idLength;
      if (kind === FanOutMessageKind.SyncAnswer) {
        const targetLength = message[offset];
        if (targetLength === undefined || message.length < offset + 1 + targetLength) throw new Error('message too short');
        const target = message.toString('utf8', offset + 1, offset + 1 + targetLength);
        if (target !== this.processId) return;
        offset += 1 + targetLength;
      }
      // A copy: handlers may keep it, and the Buffer may share a pool.
      const payload = new Uint8Array(message.subarray(offset));
      this.#dispatch(channel, kind, payload, sender);
    } catch (error) {
      this.#onError(error, `message on "${channel.name}"`);
    }
  }

  #dispatch(channel: Channel, kind: number, payload: Uint8Array, sender: string): void {
    const { name } = channel;
    for (const handler of [...channel.handlers]) {
      try {
        switch (kind) {
          case FanOutMessageKind.Update:
            handler.onUpdate(payload);
            break;
          case FanOutMessageKind.Awareness:
            handler.onAwareness?.(payload);
            break;
          case FanOutMessageKind.SyncRequest:
          case FanOutMessageKind.SyncAnswer:
            if (!handler.diff) break;
            this.#send(name, FanOutMessageKind.Update, handler.diff(payload));
            if (kind === FanOutMessageKind.SyncRequest) {
              // Two-way: the requester may miss nothing yet hold what we miss.
              if (handler.stateVector) this.#send(name, FanOutMessageKind.SyncAnswer, handler.stateVector(), sender);
              const states = handler.awareness?.();
              if (states) this.#send(name, FanOutMessageKind.Awareness, states);
            }
            // One handler answers for the whole process.
            return;
          default:
            throw new Error(`unknown message kind ${kind}`);
        }
      } catch (error) {
        this.#onError(error, `handling a message on "${name}"`);
      }
    }
  }

  async #afterSubscriberReconnect(): Promise<void> {
    if (this.#closed) return;
    const keys = [...this.#channels.keys()];
    // Listeners attach after the first `ready`, so every `ready` seen here is a reconnect.
    if (keys.length > 0) {
      try {
        await this.#sub.subscribe(...keys);
      } catch (error) {
        // The connection dropped again; the next `ready` retries.
        this.#onError(error, 'rejoining document channels');
        return;
      }
    }
    const names = [...this.#channels.values()].map((c) => c.name);
    for (const name of names) this.requestSync(name);
    for (const listener of [...this.#reconnectListeners]) {
      try {
        listener(names);
      } catch (error) {
        this.#onError(error, 'reconnect listener');
      }
    }
  }
}
