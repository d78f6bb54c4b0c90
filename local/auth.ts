import { SignJWT, jwtVerify } from 'jose';
import * as z from '../lib/domain/zod.js';
import { Role } from '../lib/domain/staff.js';

// Local stand-in for the Cognito JWT authorizer: `/_local/token` signs {sub, role} with a local
// HS256 key; every API request must carry it as a bearer token, checked (signature, issuer,
// audience, expiry) before the handler runs, as API Gateway would.

const ISSUER = 'foster-local';
const AUDIENCE = 'foster-api';

// Any subject: an admin need not be a staff record; staff ids are what the other routes check.
export const TokenRequest = z.object({ sub: z.string().check(z.trim(), z.minLength(1), z.maxLength(128)), role: Role });

export interface LocalAuth {
  issue(claims: z.infer<typeof TokenRequest>): Promise<string>;
  /** The verified claims, or undefined when the header is missing or the token is bad. */
  verify(authorization: string | undefined): Promise<Record<string, string> | undefined>;
}

export function createLocalAuth(secret: string): LocalAuth {
  const key = new TextEncoder().encode(secret);
  return {
    issue: ({ sub, role }) =>
      // `iat` has whole seconds; `iatMs` lets the sign-in check tell a token from just before a sign-out.
      new SignJWT({ role, iatMs: Date.now() })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(sub)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime('12h')
        .sign(key),
    async verify(authorization) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
      if (!match) return undefined;
      try {
        const { payload } = await jwtVerify(match[1]!, key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
        return Object.fromEntries(Object.entries(payload).map(([k, v]) => [k, String(v)]));
      } catch {
        return undefined;
      }
    },
  };
}
