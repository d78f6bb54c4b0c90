import { describe, expect, it } from 'vitest';
import { callerFromEvent, errorResponse, type HttpEvent } from '../../functions/http/http.js';
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
