import { describe, expect, it } from 'vitest';
import { callerFromEvent, createHttpHandler, errorResponse, type HttpEvent } from '../../functions/http/http.js';
import { HANDLER_GROUPS, ROUTES } from '../../functions/http/routes.js';
import { ADMIN_ROUTES } from '../../functions/http/routes/admin.js';
import { ASSIGNMENTS_ROUTES } from '../../functions/http/routes/assignments.js';
import { CALLBACKS_ROUTES } from '../../functions/http/routes/callbacks.js';
import { CUSTOMERS_ROUTES } from '../../functions/http/routes/customers.js';
import { FILE_ROUTES } from '../../functions/http/routes/file.js';
import { PUBLIC_ROUTES } from '../../functions/http/routes/public.js';
import { TEAM_ROUTES } from '../../functions/http/routes/team.js';
import { VISITS_ROUTES } from '../../functions/http/routes/visits.js';
import { createLogger } from '../../lib/adapters/logger.js';
import { ConflictError, UnauthorizedError } from '../../lib/domain/errors.js';

const event = (claims: Record<string, string>) => ({ requestContext: { authorizer: { jwt: { claims, scopes: [] } } } }) as unknown as HttpEvent;
const logger = createLogger({ logLevel: 'SILENT' });

describe('callerFromEvent', () => {
  it('returns the staff id from custom:staffId over Cognito’s UUID sub, and the role from custom:role', () => {
    expect(callerFromEvent(event({ sub: '6f1c-uuid', 'custom:staffId': 'S0045', 'custom:role': 'agent' }))).toEqual({ sub: 'S0045', role: 'agent' });
  });

  it('throws 401 when the role is missing or unknown', () => {
    expect(() => callerFromEvent(event({ sub: 'S1' }))).toThrow(UnauthorizedError);
    expect(() => callerFromEvent(event({ sub: 'S1', role: 'king' }))).toThrow(UnauthorizedError);
  });
});

describe('errorResponse', () => {
  it('returns the contract’s error body with the message below 500', () => {
    const res = errorResponse(new ConflictError('CAP_REACHED', 'agent A1 has reached the monthly cap of 6 for 2026-11'), logger);

    expect(res.statusCode).toBe(409);
    expect(JSON.parse(String(res.body))).toMatchObject({ error: { code: 'CAP_REACHED', message: 'agent A1 has reached the monthly cap of 6 for 2026-11' } });
  });

  it('returns a plain 500 that says nothing of the failure', () => {
    const res = errorResponse(new Error('ConditionalCheckFailedException: table foster secret detail'), logger);

    expect(res.statusCode).toBe(500);
    expect(JSON.parse(String(res.body))).toEqual({ error: { code: 'INTERNAL', message: 'internal error' } });
  });
});

describe('route table parts', () => {
  const parts = {
    admin: ADMIN_ROUTES,
    assignments: ASSIGNMENTS_ROUTES,
    callbacks: CALLBACKS_ROUTES,
    customers: CUSTOMERS_ROUTES,
    file: FILE_ROUTES,
    public: PUBLIC_ROUTES,
    team: TEAM_ROUTES,
    visits: VISITS_ROUTES,
  };

  it('holds in each group file only the routes of that group, and every group has a file', () => {
    expect(Object.keys(parts).sort()).toEqual([...HANDLER_GROUPS].sort());
    for (const [group, table] of Object.entries(parts)) expect(table.map((r) => r.group).filter((g) => g !== group)).toEqual([]);
  });

  it('makes ROUTES the union of the parts, each route once', () => {
    const keys = ROUTES.map((r) => r.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual(
      Object.values(parts)
        .flatMap((t) => t.map((r) => r.key))
        .sort(),
    );
  });

  it('refuses to build a handler that serves a route outside its group table (it would skip the guard)', () => {
    const serve = async () => ({ json: {} });
    expect(() => createHttpHandler({ 'GET /customers/{id}': serve }, { logger }, ADMIN_ROUTES)).toThrow(/GET \/customers\/\{id\}/);
    expect(() => createHttpHandler({ 'GET /customers/{id}': serve }, { logger }, CUSTOMERS_ROUTES)).not.toThrow();
  });
});
