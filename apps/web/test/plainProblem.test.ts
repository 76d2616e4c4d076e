import { describe, expect, it } from 'vitest';
import { CLOSES, CloseCode, ERRORS } from '@roomtable/contract';
import { plainProblem } from '../src/live/plainProblem';

describe('which failures get a plain page of their own', () => {
  it('a refused load: deleted workshop, removed person, revoked link, sign-in no longer valid', () => {
    expect(plainProblem('not_found', null)).toBe('deleted');
    expect(plainProblem('person_removed', null)).toBe('removed');
    expect(plainProblem('link_revoked', null)).toBe('revoked');
    expect(plainProblem('unauthorized', null)).toBe('expired');
    // The codes are the contract's.
    for (const code of ['not_found', 'person_removed', 'link_revoked', 'unauthorized']) expect(Object.hasOwn(ERRORS, code), code).toBe(true);
  });

  it("the state document's final close: 4404 (the workshop was deleted), 4410, 4411, 4401", () => {
    const key = (code: number) => CLOSES[code as keyof typeof CLOSES]!.key;
    expect(plainProblem(null, key(CloseCode.NotFound))).toBe('deleted');
    expect(plainProblem(null, key(CloseCode.Removed))).toBe('removed');
    expect(plainProblem(null, key(CloseCode.Revoked))).toBe('revoked');
    expect(plainProblem(null, key(CloseCode.BadToken))).toBe('expired');
    // The close says it when the load had said something else.
    expect(plainProblem('network', key(CloseCode.Removed))).toBe('removed');
  });

  it('a failure the person can retry (network, server error, rate limit) keeps the page and its retry', () => {
    for (const code of ['network', 'internal', 'rate_limited', 'forbidden', 'unknown', 'toString', null]) expect(plainProblem(code, null), String(code)).toBeNull();
    expect(plainProblem(null, CLOSES[CloseCode.TooManyConnections]!.key)).toBeNull();
    expect(plainProblem(null, null)).toBeNull();
  });
});
