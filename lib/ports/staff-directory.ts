import type { StaffSignInChange, StaffSignInFailure } from '../domain/sign-in.js';

export type { StaffSignIn, StaffSignInChange, StaffSignInFailure } from '../domain/sign-in.js';

/**
 * Staff sign-in: a Cognito user pool in the cloud, the local runtime's token check locally. A new
 * member gets a user carrying `custom:staffId` and `custom:role`, invited by e-mail when the upload
 * has an address; a role change updates the attribute and signs the user out everywhere; a member
 * who departs or becomes inactive is disabled (and enabled again when active).
 */
export interface StaffDirectory {
  /** Applies every change it can; one member's failure never stops the others. */
  apply(changes: readonly StaffSignInChange[]): Promise<{ failed: StaffSignInFailure[] }>;
  /** Disables a member's sign-in and signs them out everywhere (a departure). An unknown member is not an error. */
  disable(staffId: string): Promise<void>;
}
