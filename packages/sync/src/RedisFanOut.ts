import type { Redis } from 'ioredis';
import type { DocumentChannel, FanOut } from './FanOut';
import { FanOutMessageKind, decodeFanOutFrame, encodeFanOutFrame } from './fanOutFrame';
import type { RedisConnections } from './RedisConnections';

export type { DocumentChannel };
export { FanOutMessageKind };

/** Options of a {@link RedisFanOut}. */
export interface RedisFanOutOptions {
  /** Namespace of channels and keys (default `roomtable`), so several deployments can share one Redis. */
  prefix?: string;
  /** Where background failures are reported (failed publish, bad message); default console.error. */
  onError?: (error: unknown, context: string) => void;
}

interface Channel {
  readonly name: string;
  readonly handlers: Set<DocumentChannel>;
  /** Resolves once Redis confirmed the SUBSCRIBE. */
  subscribed: Promise<void>;
}

/**
 * Fan-out over Redis pub/sub: one channel per document, on the process's {@link RedisConnections}
 * (publishing on its command connection, subscribing on its subscriber). Pub/sub is
 * fire-and-forget, so whenever a process (re)joins a channel it runs a Yjs sync handshake with
 * the other processes over the channel itself, and tells `onReconnect` listeners to re-read
 * storage: nothing sent during an outage stays lost. Only fan-out: it neither opens nor closes
 * the connections, which the lease, the token buckets and presence share.
 */
export class RedisFanOut implements FanOut {
  /** This process's id, carried by every message it sends. */
  readonly processId: string;
  readonly #pub: Redis;
  readonly #sub: Redis;
  readonly #prefix: string;
  readonly #onError: (error: unknown, context: string) => void;
  /** by channel key */
  readonly #channels = new Map<string, Channel>();
  readonly #reconnectListeners = new Set<(names: string[]) => void>();
  readonly #detach: () => void;
  #publishFailing = false;
  #closed = false;

  /** Starts fanning out over `connections`, which must be open (from {@link RedisConnections.open}). */
  constructor(connections: RedisConnections, options: RedisFanOutOptions = {}) {
    const pub = (this.#pub = connections.commands);
    const sub = (this.#sub = connections.subscriber);
    this.processId = connections.processId;
    this.#prefix = options.prefix ?? 'roomtable';
    this.#onError = options.onError ?? ((error, context) => console.error(`[fan-out] ${context}:`, error));

    const onMessage = (channel: Buffer, message: Buffer) => this.#receive(channel.toString('utf8'), message);
    // `ready` from now on means a reconnect: rejoin and resync.
    const onSubscriberReady = () => void this.#afterSubscriberReconnect();
    const onPublisherReady = () => {
      if (this.#publishFailing) {
        // Our publications during the outage may be lost: ask everyone to sync with us.
        this.#publishFailing = false;
        for (const channel of this.#channels.values()) this.requestSync(channel.name);
      }
    };
    sub.on('messageBuffer', onMessage);
    sub.on('ready', onSubscriberReady);
    pub.on('ready', onPublisherReady);
    this.#detach = () => {
      sub.off('messageBuffer', onMessage);
      sub.off('ready', onSubscriberReady);
      pub.off('ready', onPublisherReady);
    };
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

  /**
   * Leaves every channel and stops handling messages; the connections stay open for their owner
   * to close. The UNSUBSCRIBE is not awaited: through an outage it would wait for Redis to return.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#detach();
    const keys = [...this.#channels.keys()];
    this.#channels.clear();
    this.#reconnectListeners.clear();
    if (keys.length > 0 && this.#sub.status === 'ready') this.#sub.unsubscribe(...keys).catch(() => undefined);
  }

  #channelKey(name: string): string {
    return `${this.#prefix}:doc:${name}`;
  }

  #send(name: string, kind: FanOutMessageKind, payload: Uint8Array, target?: string): void {
    if (this.#closed) return;
    const frame = encodeFanOutFrame({ kind, sender: this.processId, target, payload });
    this.#pub.publish(this.#channelKey(name), Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength)).catch((error: unknown) => {
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
      // Anyone who can reach the Redis can publish here: a frame that does not decode is reported.
      const frame = decodeFanOutFrame(message);
      if (frame.sender === this.processId) return;
      if (frame.kind === FanOutMessageKind.SyncAnswer && frame.target !== this.processId) return;
      this.#dispatch(channel, frame.kind, frame.payload, frame.sender);
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
