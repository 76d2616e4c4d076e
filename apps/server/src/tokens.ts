import { createHmac, timingSafeEqual } from 'node:crypto';

/** Who a token speaks for. */
export type Role = 'facilitator' | 'participant';

/** What a valid token proves: one workshop, one role, one participant (for participants), until `exp`. */
export interface TokenClaims {
  /** workshop id */
  w: string;
  r: Role;
  /** participant id; null for the facilitator */
  p: string | null;
  /** expiry, ms since the epoch */
  exp: number;
}

const PREFIX = 'rt1';
const b64 = (buf: Buffer) => buf.toString('base64url');

/**
 * Signs and checks bearer tokens: `rt1.<claims>.<HMAC-SHA256>`. Stateless, so every server process
 * that shares the secret accepts the same tokens; the MAC is compared in constant time.
 */
export class TokenSigner {
  constructor(
    private readonly secret: Buffer,
    private readonly now: () => number = Date.now,
  ) {
    if (secret.length < 32) throw new Error('The token secret must be at least 32 bytes.');
  }

  /** A token for these claims that expires `ttlMs` from now. */
  sign(claims: Omit<TokenClaims, 'exp'>, ttlMs: number): string {
    const body = b64(Buffer.from(JSON.stringify({ ...claims, exp: this.now() + ttlMs })));
    return `${PREFIX}.${body}.${this.mac(body)}`;
  }

  /** The claims of a well-formed, correctly signed, unexpired token; otherwise null. */
  verify(token: string | null | undefined): TokenClaims | null {
    if (!token || token.length > 2048) return null;
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== PREFIX) return null;
    const [, body, mac] = parts as [string, string, string];
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    let claims: unknown;
    try {
      claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      return null;
    }
    if (!isClaims(claims) || claims.exp <= this.now()) return null;
    return claims;
  }

  private mac(body: string): string {
    return b64(createHmac('sha256', this.secret).update(`${PREFIX}.${body}`).digest());
  }
}

function isClaims(v: unknown): v is TokenClaims {
  if (typeof v !== 'object' || v === null) return false;
  const c = v as Record<string, unknown>;
  return (
    typeof c.w === 'string' &&
    (c.r === 'facilitator' || c.r === 'participant') &&
    (c.p === null || typeof c.p === 'string') &&
    typeof c.exp === 'number'
  );
}
