import { roleChanged, type StaffSignIn } from '../../domain/sign-in.js';
import type { StaffDirectory } from '../../ports/staff-directory.js';

// StaffDirectory for the local runtime: it holds each member's sign-in in memory and when they
// were last signed out, so the runtime's token check (local/runtime.ts) can refuse a token issued
// before a role change, as Cognito's global sign-out does. Whether a member may sign in at all
// comes from the stored staff record (departed and inactive staff get 401), which survives restarts.

export interface LocalStaffDirectory extends StaffDirectory {
  /** The sign-in the directory holds for a member. */
  user(staffId: string): (StaffSignIn & { signedOutAt?: number }) | undefined;
  /** Milliseconds since the epoch of the member's last sign-out everywhere; undefined when never. */
  signedOutAt(staffId: string): number | undefined;
  /** Called with the staff id after every change, so a cache of sign-in state can drop the member. */
  onChange(listener: (staffId: string) => void): void;
}

export function createLocalStaffDirectory(options: { now?: () => number } = {}): LocalStaffDirectory {
  const now = options.now ?? Date.now;
  const users = new Map<string, StaffSignIn & { signedOutAt?: number }>();
  const listeners: ((staffId: string) => void)[] = [];
  const changed = (staffId: string) => listeners.forEach((l) => l(staffId));
  const signOut = (staffId: string) => {
    const held = users.get(staffId);
    if (held) users.set(staffId, { ...held, signedOutAt: now() });
  };
  return {
    async apply(changes) {
      for (const change of changes) {
        const held = users.get(change.next.staffId);
        users.set(change.next.staffId, { ...change.next, ...(held?.signedOutAt ? { signedOutAt: held.signedOutAt } : {}) });
        if (roleChanged(change) || (held && held.role !== change.next.role) || !change.next.enabled) signOut(change.next.staffId);
        changed(change.next.staffId);
      }
      return { failed: [] };
    },
    async disable(staffId) {
      const held = users.get(staffId);
      if (held) users.set(staffId, { ...held, enabled: false });
      signOut(staffId);
      changed(staffId);
    },
    user: (staffId) => users.get(staffId),
    signedOutAt: (staffId) => users.get(staffId)?.signedOutAt,
    onChange: (listener) => void listeners.push(listener),
  };
}
