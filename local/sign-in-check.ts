import type { LocalStaffDirectory } from '../lib/adapters/local/staff-directory.js';
import type { Staff } from '../lib/domain/staff.js';

// The local runtime's stand-in for what Cognito does to a staff member's tokens: a departed or
// inactive member's tokens stop working (401), and so does a token issued before the member was
// signed out everywhere (a role change). The staff status is read at request time from the table,
// cached for a second per member and dropped as soon as the directory changes them.

export interface SignInCheck {
  /** Why the token's holder may not call the API now, or undefined when they may. */
  refusal(claims: Record<string, string>): Promise<string | undefined>;
}

export interface SignInCheckOptions {
  /** Reads staff records (a store on a client the request counters do not count). */
  readonly getStaff: (ids: readonly string[]) => Promise<Map<string, Staff>>;
  readonly directory: LocalStaffDirectory;
  /** @default 1000 */
  readonly cacheMs?: number;
  readonly now?: () => number;
}

export function createSignInCheck({ getStaff, directory, cacheMs = 1000, now = Date.now }: SignInCheckOptions): SignInCheck {
  const cache = new Map<string, { status: Staff['status'] | undefined; at: number }>();
  directory.onChange((staffId) => cache.delete(staffId));
  const statusOf = async (staffId: string) => {
    const hit = cache.get(staffId);
    if (hit && now() - hit.at < cacheMs) return hit.status;
    const status = (await getStaff([staffId])).get(staffId)?.status;
    cache.set(staffId, { status, at: now() });
    return status;
  };
  return {
    async refusal(claims) {
      const staffId = claims['custom:staffId'] ?? claims.sub;
      if (!staffId) return undefined;
      // Someone with no staff record (an admin, say) is vouched for by the token alone, as in the cloud.
      const status = await statusOf(staffId);
      if (status === 'departed' || status === 'inactive') return `staff ${staffId} is ${status} and may not sign in`;
      const signedOutAt = directory.signedOutAt(staffId);
      const issuedAt = Number(claims.iatMs ?? Number(claims.iat) * 1000);
      if (signedOutAt !== undefined && !(issuedAt > signedOutAt)) return 'signed out everywhere since this token was issued: get a new token';
      return undefined;
    },
  };
}
