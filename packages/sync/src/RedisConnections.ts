import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { MAX_PROCESS_ID_BYTES } from './fanOutFrame';
import { describeRedisUrl, messageOf } from './RedisLease';

/** Options of {@link RedisConnections.open}. */
export interface RedisConnectionsOptions {
  /** Identifies this process to the others (default: random hex); at most 127 UTF-8 bytes. */
  processId?: string;
  /** Where an outage is reported, once per outage and connection; default console.error. */
  onError?: (error: unknown, context: string) => void;
}

/**
 * The process's Redis client: one command connection and one subscriber connection (a connection
 * that subscribed can do nothing else), opened and closed here and lent to everything that shares
 * state through Redis: the fan-out ({@link RedisFanOut}), the lease, the API's token buckets,
 * presence. Before this, the fan-out opened them and the others borrowed its connection.
 * Both reconnect by themselves; `ready` after the first says a connection came back.
 */
export class RedisConnections {
  /** This process's id, for messages (a process ignores its own) and lease ownership. */
  readonly processId: string;
  /** For publishing and commands: leases, token buckets. Fails a command queued through a long outage soon (after 2 retries). */
  readonly commands: Redis;
  /** For SUBSCRIBE only; its commands wait through an outage (the fan-out resubscribes itself). */
  readonly subscriber: Redis;
  #closed = false;

  private constructor(processId: string, commands: Redis, subscriber: Redis, onError: (error: unknown, context: string) => void) {
    this.processId = processId;
    this.commands = commands;
    this.subscriber = subscriber;
    // Connection errors are followed by reconnects; report each outage once, not every retry.
    let down = false;
    const report = (which: string) => (error: unknown) => {
      if (down) return;
      down = true;
      onError(error, `Redis ${which} connection lost (reconnecting)`);
    };
    const up = () => (down = false);
    commands.on('error', report('publisher'));
    subscriber.on('error', report('subscriber'));
    commands.on('ready', up);
    subscriber.on('ready', up);
  }

  /**
   * Connects both connections; rejects with a message naming the host (never the password)
   * when Redis is unreachable, and leaves nothing open behind it.
   */
  static async open(redisUrl: string, options: RedisConnectionsOptions = {}): Promise<RedisConnections> {
    if (typeof redisUrl !== 'string' || redisUrl.length === 0) throw new TypeError('Redis URL must be a non-empty string');
    const processId = options.processId ?? randomBytes(8).toString('hex');
    if (Buffer.byteLength(processId) > MAX_PROCESS_ID_BYTES) throw new RangeError(`processId must be at most ${MAX_PROCESS_ID_BYTES} bytes`);
    const common = {
      lazyConnect: true,
      // Resubscription is the fan-out's, so it knows when it is done and can resync after it.
      autoResubscribe: false,
      retryStrategy: (attempt: number) => Math.min(attempt * 50, 1000),
    };
    // A publish queued through a long outage is worth little (the handshake resyncs): fail it soon.
    const commands = new Redis(redisUrl, { ...common, maxRetriesPerRequest: 2, connectionName: `roomtable-pub-${processId}` });
    const subscriber = new Redis(redisUrl, { ...common, maxRetriesPerRequest: null, connectionName: `roomtable-sub-${processId}` });
    let lastError: unknown;
    const remember = (error: unknown) => (lastError = error);
    commands.on('error', remember);
    subscriber.on('error', remember);
    try {
      await Promise.all([commands.connect(), subscriber.connect()]);
    } catch (error) {
      commands.disconnect();
      subscriber.disconnect();
      // ioredis rejects with "Connection is closed"; the error event before it says why.
      throw new Error(`could not connect to Redis at ${describeRedisUrl(redisUrl)}: ${messageOf(lastError ?? error)}`, { cause: error });
    } finally {
      commands.off('error', remember);
      subscriber.off('error', remember);
    }
    const onError = options.onError ?? ((error, context) => console.error(`[redis] ${context}:`, error));
    return new RedisConnections(processId, commands, subscriber, onError);
  }

  /** Closes both connections (gracefully, else at once). Close what borrowed them first. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([this.subscriber, this.commands].map((redis) => redis.quit().catch(() => redis.disconnect())));
  }
}
