import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * Destroys a connection whose first request (or upgrade) has not arrived whole within `ms` of
 * connecting. Node's headersTimeout starts at a request's first byte, so a socket that connects
 * and says nothing at all held a descriptor until the peer left; this also bounds a slowloris
 * sending its first headers a line at a time. Later requests on a kept-alive socket are Node's
 * (keepAliveTimeout, headersTimeout).
 */
export function firstRequestDeadline(server: Server, ms: number): void {
  const spoke = new WeakSet<Duplex>();
  const heard = (req: IncomingMessage) => spoke.add(req.socket);
  server.on('request', heard);
  server.on('upgrade', heard);
  server.on('connection', (socket: Socket) => {
    const timer = setTimeout(() => {
      if (!spoke.has(socket)) socket.destroy();
    }, ms);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
  });
}
