import { DomainError } from '@roomtable/core';
import { describe, expect, it } from 'vitest';
import { ContractError, ERRORS, isErrorCode, statusOfDomainError } from '../src/errorCodes';

describe('[CT2] one table of error codes: code → HTTP status → catalogue key', () => {
  it('every code has a status and the catalogue key error.<code>', () => {
    for (const [code, entry] of Object.entries(ERRORS)) {
      expect(entry.key, code).toBe(`error.${code}`);
      expect(entry.status, code).toBeGreaterThanOrEqual(400);
    }
    expect(isErrorCode('unknown_room')).toBe(true);
    expect(isErrorCode('toString')).toBe(false);
  });

  it('a missing room addressed by the path is 404; named in the body, 422', () => {
    expect(statusOfDomainError(new DomainError('unknown_room', 'x'))).toBe(404);
    expect(statusOfDomainError(new DomainError('unknown_room', 'x', { inArgument: true }))).toBe(422);
    // A code without an argument status keeps its one status either way.
    expect(statusOfDomainError(new DomainError('workshop_closed', 'x', { inArgument: true }))).toBe(409);
  });

  it('a service error takes its status from the table', () => {
    expect(new ContractError('not_found', 'x').status).toBe(404);
    expect(new ContractError('change_not_made', 'x').status).toBe(503);
    expect(new ContractError('unauthorized', 'x').status).toBe(401);
  });
});
