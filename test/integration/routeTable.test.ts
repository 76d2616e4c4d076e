import { ROUTES, type RouteRole } from '@roomtable/contract';
import { describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/testServer';
import { readAccessTables, ROLES, type Role } from './accessTable';

/** A route with its parameter names dropped: docs/ACCESS.md says `:pollid` where Hono says `:pid`. */
const shape = (method: string, route: string) => `${method} ${route.replace(/:\w+/g, ':')}`;

/** Who each role of the contract's route table lets in, in the roles of docs/ACCESS.md. */
const ALLOWED: Record<RouteRole, readonly Role[]> = {
  anyone: ROLES,
  member: ['member', 'other', 'rapporteur', 'facilitator'],
  roomMember: ['member', 'rapporteur', 'facilitator'],
  rapporteur: ['rapporteur', 'facilitator'],
  facilitator: ['facilitator'],
};

describe('[AC4] the route table, the mounted routes and docs/ACCESS.md agree', () => {
  it('every route the server mounts is a row of the contract and of docs/ACCESS.md, with the same roles', async () => {
    const server = await startTestServer();
    const mounted = new Set(
      server.app.routes
        .filter((r) => r.path.startsWith('/api/') && r.path !== '/api/*' && r.method !== 'ALL')
        .map((r) => shape(r.method, r.path.slice('/api'.length))),
    );
    const contract = new Map(ROUTES.map((r) => [shape(r.method, r.path), r]));
    const access = new Map(readAccessTables().routes.map((r) => [shape(r.method, r.route.replace(/^\/api/, '')), r]));

    expect([...mounted].filter((r) => !contract.has(r)), 'mounted, but not in the contract').toEqual([]);
    expect([...contract.keys()].filter((r) => !mounted.has(r)), 'in the contract, but not mounted').toEqual([]);
    expect([...mounted].filter((r) => !access.has(r)), 'mounted, but no row in docs/ACCESS.md').toEqual([]);
    expect([...access.keys()].filter((r) => !mounted.has(r)), 'in docs/ACCESS.md, but not mounted').toEqual([]);
    for (const [key, spec] of contract) {
      const row = access.get(key)!;
      const allowed = ROLES.filter((role) => row.allowed[role]);
      expect(allowed, `${key}: roles in docs/ACCESS.md`).toEqual(ROLES.filter((role) => ALLOWED[spec.role].includes(role)));
    }
  });
});
