import { existsSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createAdaptorServer } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { routeIndexHtml } from './routePreloads';
import { DomainError, parseDocName } from '@roomtable/core';
import { DocumentManager, type Storage } from '@roomtable/sync';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ContractError, errorBody, ROUTES, statusOfDomainError } from '@roomtable/contract';
import { bodyGuard } from './api/bodyGuard';
import { mountRouteMiddleware } from './api/routeMiddleware';
import { securityHeaders } from './api/securityHeaders';
import { localRateLimiters, type RateLimiters } from './api/RateLimiter';
import { snapshotRoutes } from './api/snapshotRoutes';
import { plenaryRoutes } from './api/plenaryRoutes';
import { reviewRoutes } from './api/reviewRoutes';
import { ReviewService } from './ReviewService';
import { workshopRoutes } from './api/workshopRoutes';
import { peopleRoutes } from './api/peopleRoutes';
import { attributeRoutes } from './api/attributeRoutes';
import { facilitationRoutes } from './api/facilitationRoutes';
import type { Config, TrustProxy } from './config';
import type { Presence } from './sync/Presence';
import { documentPolicy } from './sync/documentPolicies';
import { attachSyncEndpoint } from './sync/syncEndpoint';
import { ConnectionBudget, socketCapacity } from './ops/ConnectionBudget';
import { firstRequestDeadline } from './ops/firstRequestDeadline';
import { raiseDescriptorLimit, type DescriptorLimit } from './ops/descriptorLimit';
import { TokenSigner } from './tokens';
import { OpenSockets } from './people/OpenSockets';
import { resolveClaims } from './people/resolveClaims';
import { roundRoutes } from './api/roundRoutes';
import { RoundPlans } from './RoundPlans';
import { breakoutEndSnapshotId, SnapshotService } from './SnapshotService';
import { BoardService } from './BoardService';
import { snapshotBoardAtPlenaryEnd } from './boardSnapshots';
import { openBackends } from './scale/openBackends';
import { WorkshopService } from './WorkshopService';

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;


/** A running Roomtable server. */
export interface RunningServer {
  /** `http://host:port` */
  url: string;
  port: number;
  workshops: WorkshopService;
  documents: DocumentManager;
  storage: Storage;
  /** The open-file limit after start (raised to the hard limit where allowed). */
  descriptors: DescriptorLimit;
  /** Sockets this process takes at once; WebSocket upgrades past it (less a reserve for HTTP) get 503. */
  connectionCapacity: number;
  /** The HTTP app, for tests that read what it mounts. */
  app: Hono;
  /** Flushes every document to disk, closes sockets with 1012 "server restarting", stops. */
  close(): Promise<void>;
}

/** Options a test or a tool may give beyond the configuration. */
export interface ServerOptions {
  storage?: Storage;
  now?: () => number;
  unloadGraceMs?: number;
  /** The descriptor limit as found at start; tests give one to leave the process's own alone. */
  descriptors?: DescriptorLimit;
}

/** Builds the HTTP app: health, API, and the web app with an SPA fallback. */
export function createApp(deps: {
  workshops: WorkshopService;
  snapshots: SnapshotService;
  signer: TokenSigner;
  presence: Presence;
  now: () => number;
  webDist: string | null;
  /** Rate limits of this process alone unless given (shared through Redis with several processes). */
  limiters?: RateLimiters;
  /** Largest request body read on any route (default 1 MiB). */
  maxBodyBytes?: number;
  /** Which proxies to believe about the client's address; none unless given. */
  trustProxy?: TrustProxy | null;
  /** For the review (restore, delete); without them the review routes are not mounted. */
  documents?: DocumentManager;
  storage?: Storage;
}): Hono {
  const app = new Hono();

  app.onError((err, c) => {
    // The status of a code is the contract's table's; neither the core nor the services know HTTP.
    if (err instanceof ContractError) return c.json(errorBody(err.code, err.message), err.status);
    if (err instanceof DomainError) return c.json(errorBody(err.code, err.message), statusOfDomainError(err));
    if (err instanceof HTTPException && err.status < 500) {
      const message = err.message.includes('JSON') ? 'The request body is not valid JSON.' : err.message;
      return c.json(errorBody('bad_request', message), err.status);
    }
    console.error('[api]', err);
    return c.json(errorBody('internal', 'Something went wrong on the server; nothing was changed.'), 500);
  });

  // First, so every response carries them, errors and 429s included.
  app.use('*', securityHeaders);
  app.use('*', bodyGuard(deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES));
  app.get('/healthz', (c) => c.json({ ok: true }));
  // Rate limits and body limits per route, from the contract's route table.
  mountRouteMiddleware(app, ROUTES, {
    limiter: deps.limiters ?? localRateLimiters(deps.now),
    signer: deps.signer,
    trustProxy: deps.trustProxy ?? null,
    maxBodyBytes: deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
  });
  app.route('/api', workshopRoutes(deps));
  app.route('/api', peopleRoutes(deps));
  app.route('/api', attributeRoutes(deps));
  app.route('/api', facilitationRoutes(deps));
  app.route('/api', snapshotRoutes(deps));
  app.route('/api', plenaryRoutes(deps));
  app.route('/api', roundRoutes(deps));
  if (deps.documents && deps.storage) {
    const review = new ReviewService(deps.workshops, deps.snapshots, deps.documents, deps.storage, deps.now);
    app.route('/api', reviewRoutes({ ...deps, review, rounds: new RoundPlans(review, deps.snapshots, deps.documents, deps.now) }));
  }
  app.all('/api/*', (c) => c.json(errorBody('not_found', `No API route ${c.req.method} ${c.req.path}.`), 404));

  const dist = deps.webDist;
  if (dist && existsSync(path.join(dist, 'index.html'))) {
    const index = readFileSync(path.join(dist, 'index.html'), 'utf8');
    const root = path.relative(process.cwd(), dist) || '.';
    // The build writes .br and .gz beside each asset (apps/web/scripts/precompress.mjs): a phone on
    // venue Wi-Fi gets ~a quarter of the bytes, and the server never compresses per request.
    app.use('/assets/*', serveStatic({ root, precompressed: true, onFound: (_path, c) => c.header('Cache-Control', IMMUTABLE) }));
    app.use('/*', serveStatic({ root, index: 'index.html', precompressed: true, onFound: (_path, c) => c.header('Cache-Control', 'no-cache') }));
    const pageFor = routeIndexHtml(dist, index);
    app.get('*', (c) => {
      c.header('Cache-Control', 'no-cache');
      return c.html(pageFor(c.req.path));
    });
  } else {
    app.get('/', (c) =>
      c.text('Roomtable API is running. The web app is not built: run `npm start` (or `pnpm run build`).'),
    );
  }
  return app;
}

/**
 * Files under /assets/ carry a hash of their content in their name (Vite), so a browser may keep
 * them for good; index.html and the other files are revalidated on every load so a new build is
 * seen at once.
 */
const IMMUTABLE = 'public, max-age=31536000, immutable';

async function tokenSecret(config: Config, storage: Storage): Promise<Buffer> {
  if (config.secret) return Buffer.from(config.secret, 'utf8');
  const hex = await storage.getOrCreateMeta('token-secret', () => randomBytes(32).toString('hex'));
  return Buffer.from(hex, 'hex');
}

/** Starts a server on `config.port` (0: any free port) and resolves once it accepts connections. */
export async function startServer(config: Config, options: ServerOptions = {}): Promise<RunningServer> {
  const now = options.now ?? Date.now;
  // PostgreSQL and Redis when configured (several processes), else SQLite and this process alone.
  const { storage, fanOut, lease, changes, presence, limiters, closeFanOut } = await openBackends(config, options.storage);
  // Filled in below: the policy of a room needs its workshop's template, which the service holds.
  let workshopsRef: WorkshopService | null = null;
  const documents = new DocumentManager({
    storage,
    policyFor: (name) => documentPolicy(name, { peek: (id) => workshopsRef?.peek(id) ?? null }),
    // [SY26] The state document's changes reach its readers merged, at most every 50 ms (by
    // default): a poll of hundreds writes it for every ballot, and each write went to every reader.
    // Well under what a person notices; a lone change (a pointer move) still goes at once. Room
    // tables are never held.
    spreadWindowFor: (name) => (parseDocName(name)?.kind === 'state' ? config.stateSpreadWindowMs : 0),
    fanOut,
    lease,
    unloadGraceMs: options.unloadGraceMs ?? 5000,
    maxDocumentBytes: config.maxDocumentBytes,
    flushDelayMs: config.flushDelayMs,
    compactThreshold: config.compactThreshold,
    ...(config.inbound ? { inbound: config.inbound } : {}),
    ...(config.personal ? { personal: config.personal } : {}),
    framesPerTurn: config.framesPerTurn,
  });
  const signer = new TokenSigner(await tokenSecret(config, storage), now);
  const workshops = new WorkshopService(storage, documents, now, changes);
  workshopsRef = workshops;
  // A signature alone no longer makes a token valid: removals, merges and revoked links live in the
  // workshop records that every process shares [PE3][FL2]; open sockets follow every record change.
  signer.useResolver((claims) => resolveClaims(workshops.peek(claims.w), claims));
  const sockets = new OpenSockets(resolveClaims);
  workshops.onRecord((w) => sockets.recheck(w));
  const snapshots = new SnapshotService(storage, documents, now, fanOut);
  const boards = new BoardService(documents, now);
  // The break-out's end is the moment the plenary needs every room's table, frozen.
  workshops.onChange(async (before, after) => {
    // The id is the break-out's own, so a second process ending it too stores no second snapshot.
    if (before.phase === 'breakout' && after.phase !== 'breakout') {
      let taken: { id: string };
      try {
        taken = await snapshots.take(after, 'breakout-ended', { id: breakoutEndSnapshotId(before) });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`the snapshot of the rooms at the end of the break-out could not be stored (${reason})`, { cause: error });
      }
      // The plenary board is built from that same snapshot, as part of the same change: if it
      // cannot be built, the phase change is taken back like a failed snapshot ([PH8]).
      try {
        const snapshot = await snapshots.get(after.id, taken.id);
        if (!snapshot) throw new Error('the snapshot just taken cannot be read back');
        await boards.build(after, snapshot);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`the plenary board could not be built from the break-out's snapshot (${reason})`, { cause: error });
      }
    }
  });
  // After the listener above: closing from the break-out snapshots the board it just built ([BO1]).
  workshops.onChange((before, after) => snapshotBoardAtPlenaryEnd(snapshots, boards, before, after));
  await workshops.start();

  const app = createApp({
    workshops,
    snapshots,
    signer,
    presence,
    now,
    webDist: config.webDist,
    documents,
    storage,
    trustProxy: config.trustProxy,
    maxBodyBytes: config.maxBodyBytes,
    ...(limiters ? { limiters } : {}),
  });
  const server = createAdaptorServer({
    fetch: app.fetch,
    hostname: config.host,
    // Node checks these only every connectionsCheckingInterval (30 s by default), so a 60 s
    // headers timeout let 888 of 1,000 slow-header sockets live past 70 s; check often.
    serverOptions: {
      headersTimeout: config.headersTimeoutMs,
      requestTimeout: config.requestTimeoutMs,
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(config.headersTimeoutMs / 4))),
    },
  }) as Server;
  const descriptors = options.descriptors ?? raiseDescriptorLimit();
  const budget = new ConnectionBudget(socketCapacity(descriptors.soft, descriptors.inUse, config.maxConnections));
  budget.attach(server);
  firstRequestDeadline(server, config.headersTimeoutMs);
  const sync = attachSyncEndpoint(server, {
    documents,
    signer,
    workshops,
    presence,
    maxFrameBytes: config.maxFrameBytes,
    maxConnectionsPerToken: config.maxConnectionsPerToken,
    pingIntervalMs: config.pingIntervalMs,
    budget,
    sockets,
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;

  let closing: Promise<void> | null = null;
  return {
    url: `http://${host}:${port}`,
    port,
    descriptors,
    connectionCapacity: budget.capacity,
    app,
    workshops,
    documents,
    storage,
    close() {
      closing ??= (async () => {
        workshops.stop();
        presence.stop();
        await documents.close();
        sync.close();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections?.();
        await closeFanOut();
        await storage.close();
      })();
      return closing;
    },
  };
}
