import { isIP } from 'node:net';
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { TrustProxy } from '../config';

/**
 * The address a request counts against. The socket's peer, unless TRUST_PROXY says which header
 * the proxies in front write: then the address `hops` steps back along that header's chain (the
 * peer being the last proxy). Only the entries the trusted proxies appended are believed; what
 * a client wrote into the header itself stands further left and is never read. IPv6 addresses
 * count by their /64, which one subscriber gets whole and can walk through at will.
 */
export function clientAddress(c: Context, trust: TrustProxy | null): string {
  const peer = peerAddress(c);
  if (!trust) return addressKey(peer);
  const raw = c.req.header(trust.header);
  // No header: the request did not come through the proxy (or the proxy does not write it).
  if (!raw) return addressKey(peer);
  const chain = trust.header === 'forwarded' ? forwardedFor(raw) : raw.split(',').map((s) => s.trim());
  chain.push(peer);
  const index = chain.length - 1 - trust.hops;
  return addressKey(chain[Math.max(0, index)] ?? peer);
}

function peerAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The `for=` of every element of a `Forwarded` header (RFC 7239), in order. */
function forwardedFor(raw: string): string[] {
  const out: string[] = [];
  for (const element of raw.split(',')) {
    const pair = element
      .split(';')
      .map((p) => p.trim())
      .find((p) => p.toLowerCase().startsWith('for='));
    out.push(pair ? pair.slice(4).trim().replace(/^"|"$/g, '') : 'unknown');
  }
  return out;
}

/** A normalised key for one address: port and brackets dropped, IPv4-mapped IPv6 as IPv4, IPv6 by /64. */
export function addressKey(address: string): string {
  let a = address.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (bracketed) a = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(':'));
  if (a.toLowerCase().startsWith('::ffff:') && isIP(a.slice(7)) === 4) a = a.slice(7);
  const kind = isIP(a);
  if (kind === 4) return a;
  if (kind === 6) return `${expand(a).slice(0, 4).join(':')}::/64`;
  // Not an address (an obfuscated `Forwarded` identifier, "unknown"): one shared key, bounded.
  return `other:${a.slice(0, 64)}`;
}

function expand(v6: string): string[] {
  const zone = v6.indexOf('%');
  const plain = (zone >= 0 ? v6.slice(0, zone) : v6).toLowerCase();
  const [head, tail] = plain.includes('::') ? plain.split('::') : [plain, null];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  // An embedded IPv4 tail (::a.b.c.d) only matters past the first 64 bits; drop it to hextets.
  const fill = tail === null ? 0 : 8 - left.length - right.length;
  return [...left, ...Array<string>(Math.max(0, fill)).fill('0'), ...right].map((h) => (h.includes('.') ? '0' : String(parseInt(h, 16) || 0)));
}
