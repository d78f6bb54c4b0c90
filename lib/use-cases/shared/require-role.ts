import { ForbiddenError } from '../../domain/errors.js';
import type { Caller } from '../../domain/scope.js';
import type { Role } from '../../domain/staff.js';

/** Throws 403 unless the caller has one of `roles`. */
export function requireRole(caller: Caller, roles: readonly Role[]): void {
  if (!roles.includes(caller.role)) throw new ForbiddenError(`role ${caller.role} may not do this; needs ${roles.join(' or ')}`);
}
