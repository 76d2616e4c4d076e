import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/** Descriptors kept back from sockets: storage files, SQLite's WAL, DNS, logs, a worker's pipes. */
export const DESCRIPTOR_RESERVE = 64;

/**
 * How many sockets the process takes, counted as they open and close. Past `capacity` Node drops
 * a new connection at once (server.maxConnections), so the process never runs out of descriptors
 * mid-accept; a little earlier (the reserve) WebSocket upgrades are refused with 503, so the API
 * still answers the facilitator while the rooms are full.
 */
export class ConnectionBudget {
  #open = 0;
  #refused = 0;
  #dropped = 0;
  #lastLog = Number.NEGATIVE_INFINITY;
  #lastDropLog = Number.NEGATIVE_INFINITY;

  constructor(
    /** sockets this process can hold at once */
    readonly capacity: number,
    private readonly log: (line: string) => void = (line) => console.warn(line),
    private readonly now: () => number = Date.now,
  ) {}

  /** Sockets kept free of WebSockets for plain HTTP: 5 % of the capacity, 16 to 256. */
  get httpReserve(): number {
    return Math.min(256, Math.max(16, Math.floor(this.capacity * 0.05)));
  }

  /** Open sockets now. */
  get open(): number {
    return this.#open;
  }

  /** Counts every socket of `server` and caps them at the capacity. */
  attach(server: Server): void {
    server.maxConnections = this.capacity;
    server.on('connection', (socket: Socket) => {
      this.opened();
      socket.once('close', () => this.closed());
    });
    // Node closes a connection past maxConnections at once and says nothing unless asked.
    server.on('drop', () => this.dropped());
  }

  /** A connection past the capacity was closed at once; counts and logs it (once every 10 s at most). */
  dropped(): void {
    this.#dropped++;
    const now = this.now();
    if (now - this.#lastDropLog < 10_000) return;
    this.#lastDropLog = now;
    this.log(
      `[http] closing new connections at once: ${this.#open} sockets open, all this process can hold (${this.#dropped} closed so far). Raise the open-file limit (ulimit -n) or add a server process.`,
    );
  }

  /** One more socket is open. */
  opened(): void {
    this.#open++;
  }

  /** One socket closed. */
  closed(): void {
    this.#open--;
  }

  /** True when one more WebSocket fits; else counts and logs the refusal (once every 10 s at most). */
  admitUpgrade(): boolean {
    if (this.#open <= this.capacity - this.httpReserve) return true;
    this.#refused++;
    const now = this.now();
    if (now - this.#lastLog >= 10_000) {
      this.#lastLog = now;
      this.log(
        `[sync] refusing new WebSocket connections with 503: ${this.#open} sockets open of the ${this.capacity} this process can hold (${this.#refused} refused so far). Raise the open-file limit (ulimit -n) or add a server process.`,
      );
    }
    return false;
  }
}

/** The socket capacity from the descriptor limit (less those in use and a reserve), or `override` when set. */
export function socketCapacity(soft: number | null, inUse: number | null, override: number | null): number {
  const fromLimit = soft === null || !Number.isFinite(soft) ? Number.POSITIVE_INFINITY : soft - (inUse ?? 32) - DESCRIPTOR_RESERVE;
  const capacity = Math.min(override ?? Number.POSITIVE_INFINITY, fromLimit);
  return Number.isFinite(capacity) ? Math.max(1, Math.floor(capacity)) : 1_000_000;
}
