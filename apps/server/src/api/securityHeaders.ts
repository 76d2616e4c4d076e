import type { Context, MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/** A Host header that names a host and nothing else, so it may stand in a CSP source. */
const PLAIN_HOST = /^(?:[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

/**
 * The page's own WebSocket origins. CSP Level 3 lets 'self' match ws:/wss: of the same host, but
 * browsers that predate it (Safari before 15.4) do not, and the live documents are the app.
 */
function ownWebSockets(c: Context): string {
  const host = c.req.header('host') ?? '';
  return PLAIN_HOST.test(host) ? `ws://${host} wss://${host}` : '';
}

// Shared by every response. Framing is refused everywhere ('none', X-Frame-Options DENY): any
// site could otherwise frame the facilitator console and have it clicked ("Close workshop").
// There is no page meant to be embedded yet; a projector view (`/w/<id>/screen`, to come) may
// need its own frame-ancestors list then. No referrer: join and facilitator links carry tokens
// and codes in their URLs. HSTS is the TLS terminator's to send (the README's nginx): this
// server also runs on plain HTTP in a venue's LAN, and includeSubDomains would bind the
// operator's other hosts.
const common = {
  xFrameOptions: 'DENY',
  referrerPolicy: 'no-referrer',
  xContentTypeOptions: 'nosniff',
  strictTransportSecurity: false,
  crossOriginResourcePolicy: 'same-origin',
  crossOriginOpenerPolicy: 'same-origin',
} as const;

/**
 * The web app's policy: scripts and styles from the server's own files only (Vite's build emits
 * no inline script; React sets `style` through the CSSOM, which CSP does not govern), fetches
 * and WebSockets to the same origin, nothing framed, nothing framing it.
 */
export const appHeaders: MiddlewareHandler = secureHeaders({
  ...common,
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'", ownWebSockets],
    objectSrc: ["'none'"],
    frameSrc: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
});

/**
 * JSON and downloads load nothing. A handler that sets its own policy keeps it (the printable
 * HTML export allows its inline stylesheet and still no script).
 */
export const apiHeaders: MiddlewareHandler = secureHeaders({
  ...common,
  overwrite: false,
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'none'"],
    frameAncestors: ["'none'"],
  },
});

/** The policy of the printable HTML export: its own inline stylesheet, nothing else. */
export const EXPORT_HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Picks the policy by path: the API's (and `/healthz`'s), or the web app's. */
export const securityHeaders: MiddlewareHandler = (c, next) =>
  c.req.path.startsWith('/api/') || c.req.path === '/healthz' ? apiHeaders(c, next) : appHeaders(c, next);
