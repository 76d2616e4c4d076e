import { createConnection, createServer, type Socket } from 'node:net';
import { onTestFinished } from 'vitest';

/** A TCP proxy whose traffic towards the server can be held back (a database that stops answering one process). */
export interface PausableProxy {
  /** 127.0.0.1:port, to use instead of the upstream's address */
  readonly port: number;
  /**
   * From now on bytes the proxy's clients send are held, never forwarded: their next query
   * (a BEGIN, a COMMIT) never reaches the server. When a client's socket ends, what it held is
   * dropped and the server's side of the connection is cut, as when the process dies.
   */
  hold(): void;
}

/** Starts a proxy to `upstreamHost:upstreamPort` on a free port; closed when the test ends. */
export async function startPausableProxy(upstreamHost: string, upstreamPort: number): Promise<PausableProxy> {
  let holding = false;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = createConnection({ host: upstreamHost, port: upstreamPort });
    sockets.add(client).add(upstream);
    client.on('data', (chunk) => {
      if (!holding) upstream.write(chunk);
    });
    upstream.on('data', (chunk) => client.write(chunk));
    const cut = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', cut).on('error', cut);
    upstream.on('close', cut).on('error', cut);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return {
    port: (server.address() as { port: number }).port,
    hold: () => {
      holding = true;
    },
  };
}
