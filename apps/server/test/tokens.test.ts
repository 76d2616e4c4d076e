import { createHmac } from 'node:crypto';
import { ContractError } from '@roomtable/contract';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { requireFacilitator, requireToken } from '../src/api/auth';
import { TokenSigner, type TokenClaims } from '../src/tokens';

const SECRET = Buffer.alloc(32, 7);
const OTHER_SECRET = Buffer.alloc(32, 8);
const ANA = { w: 'w1', r: 'participant', p: 'ana' } as const;

/** A signer on a clock the test moves. */
function signerAt(start: number, secret = SECRET) {
  const clock = { now: start };
  return { clock, signer: new TokenSigner(secret, () => clock.now) };
}

/** `token` with the character at `index` replaced by another base64url character. */
function flip(token: string, index: number): string {
  const c = token[index]!;
  return token.slice(0, index) + (c === 'A' ? 'B' : 'A') + token.slice(index + 1);
}

/** A token whose body is `json`, correctly signed with SECRET: what only the server could make. */
function signedBody(json: string): string {
  const body = Buffer.from(json).toString('base64url');
  const mac = createHmac('sha256', SECRET).update(`rt1.${body}`).digest('base64url');
  return `rt1.${body}.${mac}`;
}

describe('[TK1] a token is accepted only as signed, unchanged, with this secret, before its expiry', () => {
  it('a freshly signed token is accepted with its claims', () => {
    const { signer } = signerAt(1_000);
    const token = signer.sign(ANA, 60_000);
    expect(signer.check(token)).toEqual({ claims: { ...ANA, exp: 61_000 } });
    expect(signer.verify(token)).toEqual({ ...ANA, exp: 61_000 });
  });

  it('refused from the exact instant of its expiry on, accepted the millisecond before', () => {
    const { clock, signer } = signerAt(1_000);
    const token = signer.sign(ANA, 60_000);
    clock.now = 60_999;
    expect(signer.verify(token)).not.toBeNull();
    clock.now = 61_000;
    expect(signer.check(token)).toEqual({ refused: 'invalid' });
    clock.now = 10_000_000;
    expect(signer.check(token)).toEqual({ refused: 'invalid' });
  });

  it('an expired token stays refused however its expiry is rewritten (the signature covers it)', () => {
    const { clock, signer } = signerAt(1_000);
    const token = signer.sign(ANA, 1_000);
    clock.now = 5_000;
    const [prefix, body, mac] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as TokenClaims;
    const extended = Buffer.from(JSON.stringify({ ...claims, exp: 1e15 })).toString('base64url');
    expect(signer.check(`${prefix}.${extended}.${mac}`)).toEqual({ refused: 'invalid' });
  });

  it('a flipped character anywhere in the claims is refused', () => {
    const { signer } = signerAt(1_000);
    const token = signer.sign(ANA, 60_000);
    const bodyStart = token.indexOf('.') + 1;
    const bodyEnd = token.lastIndexOf('.');
    for (let i = bodyStart; i < bodyEnd; i++) {
      expect(signer.check(flip(token, i)), `claims character ${i}`).toEqual({ refused: 'invalid' });
    }
  });

  it('a flipped character anywhere in the signature is refused', () => {
    const { signer } = signerAt(1_000);
    const token = signer.sign(ANA, 60_000);
    for (let i = token.lastIndexOf('.') + 1; i < token.length; i++) {
      expect(signer.check(flip(token, i)), `signature character ${i}`).toEqual({ refused: 'invalid' });
    }
  });

  it('a role raised to facilitator in the claims is refused', () => {
    const { signer } = signerAt(1_000);
    const [prefix, , mac] = signer.sign(ANA, 60_000).split('.') as [string, string, string];
    const raised = Buffer.from(JSON.stringify({ w: 'w1', r: 'facilitator', p: null, exp: 61_000 })).toString('base64url');
    expect(signer.check(`${prefix}.${raised}.${mac}`)).toEqual({ refused: 'invalid' });
  });

  it('a token signed with another secret is refused, and one of ours by a process with another secret', () => {
    const ours = signerAt(1_000).signer;
    const theirs = signerAt(1_000, OTHER_SECRET).signer;
    expect(ours.check(theirs.sign(ANA, 60_000))).toEqual({ refused: 'invalid' });
    expect(theirs.check(ours.sign(ANA, 60_000))).toEqual({ refused: 'invalid' });
  });

  it('truncated, garbage, oversized and missing tokens are refused, none throws', () => {
    const { signer } = signerAt(1_000);
    const token = signer.sign(ANA, 60_000);
    const refused = [
      null,
      undefined,
      '',
      '.',
      '..',
      'rt1',
      'rt1..',
      token.slice(0, -1),
      token.slice(0, token.lastIndexOf('.')),
      token.slice(0, token.lastIndexOf('.') + 1),
      token.slice(1),
      `${token}.`,
      `${token}x`,
      token.replace(/^rt1/, 'rt2'),
      token.replace(/^rt1/, 'RT1'),
      'Bearer ' + token,
      'not a token at all',
      '\u0000\uffff.\ud800.\u00e9',
      `rt1.${'A'.repeat(3000)}.${'A'.repeat(43)}`,
      token + ' ',
    ];
    for (const t of refused) expect(signer.check(t), JSON.stringify(t)?.slice(0, 40)).toEqual({ refused: 'invalid' });
  });

  it('a correctly signed body that is not valid claims is refused (the shape is checked, not only the MAC)', () => {
    const { signer } = signerAt(1_000);
    // Control: the same construction with valid claims is accepted, so the refusals below are the shape's.
    expect(signer.check(signedBody(JSON.stringify({ ...ANA, exp: 61_000 })))).toEqual({ claims: { ...ANA, exp: 61_000 } });
    for (const json of [
      'not json',
      'null',
      '[]',
      '"w1"',
      JSON.stringify({ w: 'w1', r: 'admin', p: null, exp: 61_000 }),
      JSON.stringify({ w: 1, r: 'participant', p: 'ana', exp: 61_000 }),
      JSON.stringify({ w: 'w1', r: 'participant', p: 'ana' }),
      JSON.stringify({ w: 'w1', r: 'participant', p: 'ana', exp: '61000' }),
      JSON.stringify({ w: 'w1', r: 'participant', p: 5, exp: 61_000 }),
      JSON.stringify({ w: 'w1', r: 'facilitator', p: null, exp: 61_000, k: 7 }),
    ]) {
      expect(signer.check(signedBody(json)), json).toEqual({ refused: 'invalid' });
    }
  });

  it('a secret shorter than 32 bytes is refused at construction', () => {
    expect(() => new TokenSigner(Buffer.alloc(31))).toThrow(/at least 32 bytes/);
  });
});

/** A route guarded like the API's: answers the contract's error code a guard throws. */
function guarded(signer: TokenSigner, guard: typeof requireToken) {
  const app = new Hono();
  app.get('/workshops/:id', (c) => {
    try {
      const claims = guard(c, signer, c.req.param('id'));
      return c.json({ ok: claims.p ?? 'facilitator' });
    } catch (err) {
      if (err instanceof ContractError) return c.json({ code: err.code }, err.status);
      throw err;
    }
  });
  return async (workshopId: string, authorization?: string) => {
    const res = await app.request(`/workshops/${workshopId}`, { headers: authorization ? { authorization } : {} });
    return { status: res.status, body: (await res.json()) as { ok?: string; code?: string } };
  };
}

describe('[TK2] the API refuses a token for another workshop or role, and says which refusal it is', () => {
  it('each refusal has its own code; the valid token for this workshop passes', async () => {
    const { clock, signer } = signerAt(1_000);
    const ana = signer.sign(ANA, 60_000);
    const facilitator = signer.sign({ w: 'w1', r: 'facilitator', p: null, k: 'k1' }, 60_000);
    signer.useResolver((claims) => (claims.p === 'gone' ? 'removed' : claims.k === 'revoked' ? 'revoked' : claims));
    const asPerson = guarded(signer, requireToken);
    const asFacilitator = guarded(signer, requireFacilitator);

    expect(await asPerson('w1', `Bearer ${ana}`)).toEqual({ status: 200, body: { ok: 'ana' } });
    expect(await asFacilitator('w1', `Bearer ${facilitator}`)).toEqual({ status: 200, body: { ok: 'facilitator' } });

    expect(await asPerson('w2', `Bearer ${ana}`)).toMatchObject({ status: 403, body: { code: 'forbidden' } });
    expect(await asFacilitator('w2', `Bearer ${facilitator}`)).toMatchObject({ status: 403, body: { code: 'forbidden' } });
    expect(await asFacilitator('w1', `Bearer ${ana}`)).toMatchObject({ status: 403, body: { code: 'forbidden' } });

    expect(await asPerson('w1')).toMatchObject({ status: 401, body: { code: 'unauthorized' } });
    expect(await asPerson('w1', ana)).toMatchObject({ status: 401, body: { code: 'unauthorized' } });
    expect(await asPerson('w1', `Bearer ${flip(ana, 10)}`)).toMatchObject({ status: 401, body: { code: 'unauthorized' } });
    expect(await asPerson('w1', `Bearer ${signerAt(1_000, OTHER_SECRET).signer.sign(ANA, 60_000)}`)).toMatchObject({
      status: 401,
      body: { code: 'unauthorized' },
    });

    const removed = signer.sign({ w: 'w1', r: 'participant', p: 'gone' }, 60_000);
    expect(await asPerson('w1', `Bearer ${removed}`)).toMatchObject({ status: 401, body: { code: 'person_removed' } });
    const revoked = signer.sign({ w: 'w1', r: 'facilitator', p: null, k: 'revoked' }, 60_000);
    expect(await asFacilitator('w1', `Bearer ${revoked}`)).toMatchObject({ status: 401, body: { code: 'link_revoked' } });

    // Expiry is checked before the workshop: an expired token of this workshop is unauthorized, not forbidden.
    clock.now = 61_000;
    expect(await asPerson('w1', `Bearer ${ana}`)).toMatchObject({ status: 401, body: { code: 'unauthorized' } });
    expect(await asPerson('w2', `Bearer ${ana}`)).toMatchObject({ status: 401, body: { code: 'unauthorized' } });
  });
});
