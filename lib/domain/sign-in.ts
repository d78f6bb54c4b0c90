import type { Role, Staff } from './staff.js';

// Staff sign-in follows the staff upload: what the directory should hold for a staff record, and
// which members of an upload change anything in it (new, role, name, e-mail, enabled), compared
// with the stored records. A member whose last sign-in update failed counts as new again.

/** One staff member's sign-in as the directory should hold it. */
export interface StaffSignIn {
  readonly staffId: string;
  readonly name: string;
  readonly role: Role;
  /** Where the invitation goes; without one the user is created without an invitation. */
  readonly email?: string;
  /** False for departed and inactive staff: they may not sign in. */
  readonly enabled: boolean;
}

/** What a staff upload changes about one member's sign-in. */
export interface StaffSignInChange {
  readonly next: StaffSignIn;
  /** What the directory was last told (from the stored record); undefined when it may hold nothing yet. */
  readonly previous?: StaffSignIn;
}

/** A member whose sign-in could not be brought in line, and why (an error name, no personal data). */
export interface StaffSignInFailure {
  readonly staffId: string;
  readonly reason: string;
}

/** The sign-in a staff record calls for. */
export function signInOf(staff: Pick<Staff, 'id' | 'name' | 'role' | 'email' | 'status'>): StaffSignIn {
  return { staffId: staff.id, name: staff.name, role: staff.role, ...(staff.email ? { email: staff.email } : {}), enabled: staff.status === 'active' };
}

/** The sign-in changes an upload makes, in upload order; unchanged members are left out. */
export function signInChanges(upload: readonly Staff[], stored: ReadonlyMap<string, Staff>): StaffSignInChange[] {
  return upload.flatMap((staff) => {
    const next = signInOf(staff);
    const before = stored.get(staff.id);
    if (!before || before.signInPending) return [{ next }];
    const previous = signInOf(before);
    const same = previous.role === next.role && previous.name === next.name && previous.email === next.email && previous.enabled === next.enabled;
    return same ? [] : [{ next, previous }];
  });
}

/** True when the change takes a role away from a signed-in user: their tokens must stop working. */
export function roleChanged(change: StaffSignInChange): boolean {
  return change.previous !== undefined && change.previous.role !== change.next.role;
}
