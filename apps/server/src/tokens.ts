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
  /** The facilitator link this token belongs to [FL3]; absent on participants' tokens and older ones. */
  k?: string;
}

/** Why a correctly signed, unexpired token no longer speaks for anyone. */
export type Refusal = 'removed' | 'revoked';

/**
 * Says what a signed token stands for now, from the workshop record [PE3][FL2]: the claims as they
 * are (a merged-away participant's naming the merged person), or why they no longer count.
 */
export type ClaimsResolver = (claims: TokenClaims) => TokenClaims | Refusal;

/** The result of checking a token: its claims now, or why it is refused. */
export type TokenCheck = { claims: TokenClaims } | { refused: 'invalid' | Refusal };

const PREFIX = 'rt1';
const b64 = (buf: Buffer) => buf.toString('base64url');

/**
 * Signs and checks bearer tokens: `rt1.<claims>.<HMAC-SHA256>`. Stateless, so every server process
 * that shares the secret accepts the same tokens; the MAC is compared in constant time.
 */
export class TokenSigner {
  private resolver: ClaimsResolver | null = null;

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

  /**
   * Checks every token against the workshops from now on (the composition root gives the resolver
   * once the workshops are loaded): revocations and removals live in the workshop records, which
   * every process shares, so a signature alone no longer makes a token valid.
   */
  useResolver(resolver: ClaimsResolver): void {
    this.resolver = resolver;
  }

  /** The claims a token stands for now, or why it is refused. */
  check(token: string | null | undefined): TokenCheck {
    const signed = this.verifySignature(token);
    if (!signed) return { refused: 'invalid' };
    const now = this.resolver ? this.resolver(signed) : signed;
    return typeof now === 'string' ? { refused: now } : { claims: now };
  }

  /** The claims of a well-formed, correctly signed, unexpired token that still counts [PE3][FL2]; otherwise null. */
  verify(token: string | null | undefined): TokenClaims | null {
    const result = this.check(token);
    return 'claims' in result ? result.claims : null;
  }

  private verifySignature(token: string | null | undefined): TokenClaims | null {
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
    typeof c.exp === 'number' &&
    (c.k === undefined || typeof c.k === 'string')
  );
}
