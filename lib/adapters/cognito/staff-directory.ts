import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  UserNotFoundException,
  UsernameExistsException,
  type AttributeType,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { roleChanged, type StaffSignIn, type StaffSignInChange, type StaffSignInFailure } from '../../domain/sign-in.js';
import type { StaffDirectory } from '../../ports/staff-directory.js';
import { mapConcurrent } from '../../util/map-concurrent.js';

// StaffDirectory on a Cognito user pool. The username is the staff id; the user carries
// `custom:staffId` (set once, immutable) and `custom:role` (the app client cannot write either).
// A new member is created with an e-mailed invitation when the upload gives an address, else
// without one; a role change updates the attribute and signs the user out everywhere (refresh
// tokens revoked: no new tokens with the old role); a member who departs or becomes inactive is
// disabled and signed out, and enabled again when active.

export interface CognitoStaffDirectoryOptions {
  readonly client: CognitoIdentityProviderClient;
  readonly userPoolId: string;
  /** Cognito calls in flight at once (its admin APIs are rate-limited per account). @default 4 */
  readonly concurrency?: number;
}

/** Attribute names the API reads from tokens (functions/http/http.ts `callerFromEvent`). */
export const STAFF_ID_CLAIM = 'custom:staffId';
export const ROLE_CLAIM = 'custom:role';

function attributes(signIn: StaffSignIn, options: { created: boolean }): AttributeType[] {
  return [
    ...(options.created ? [{ Name: STAFF_ID_CLAIM, Value: signIn.staffId }] : []),
    { Name: ROLE_CLAIM, Value: signIn.role },
    { Name: 'name', Value: signIn.name },
    // The address comes from HR, not from the person: it is taken as verified so the invitation and
    // password recovery can use it.
    ...(signIn.email
      ? [
          { Name: 'email', Value: signIn.email },
          { Name: 'email_verified', Value: 'true' },
        ]
      : []),
  ];
}

/**
 * A StaffDirectory over a Cognito user pool.
 *
 * @example
 * const directory = createCognitoStaffDirectory({ client: new CognitoIdentityProviderClient({}), userPoolId });
 * const { failed } = await directory.apply([{ next: { staffId: 'S1', name: 'Li', role: 'agent', enabled: true } }]);
 */
export function createCognitoStaffDirectory({ client, userPoolId, concurrency = 4 }: CognitoStaffDirectoryOptions): StaffDirectory {
  const user = { UserPoolId: userPoolId };
  const signOut = (staffId: string) => client.send(new AdminUserGlobalSignOutCommand({ ...user, Username: staffId }));
  const disable = async (staffId: string) => {
    await signOut(staffId);
    await client.send(new AdminDisableUserCommand({ ...user, Username: staffId }));
  };
  const update = async (next: StaffSignIn) =>
    client.send(new AdminUpdateUserAttributesCommand({ ...user, Username: next.staffId, UserAttributes: attributes(next, { created: false }) }));

  /** A member the directory may not know: create them, or bring an existing user in line. */
  const create = async (next: StaffSignIn) => {
    try {
      await client.send(
        new AdminCreateUserCommand({
          ...user,
          Username: next.staffId,
          UserAttributes: attributes(next, { created: true }),
          ...(next.email ? { DesiredDeliveryMediums: ['EMAIL'] } : { MessageAction: 'SUPPRESS' }),
        }),
      );
      if (!next.enabled) await disable(next.staffId);
    } catch (error) {
      if (!(error instanceof UsernameExistsException)) throw error;
      // Made by hand, or by an upload whose later step failed: its role may be stale, so sign it out.
      await update(next);
      await signOut(next.staffId);
      if (next.enabled) await client.send(new AdminEnableUserCommand({ ...user, Username: next.staffId }));
      else await disable(next.staffId);
    }
  };

  const applyOne = async ({ next, previous }: StaffSignInChange) => {
    if (!previous) return create(next);
    try {
      if (previous.role !== next.role || previous.name !== next.name || previous.email !== next.email) await update(next);
      if (previous.enabled && !next.enabled) await disable(next.staffId);
      else if (!previous.enabled && next.enabled) await client.send(new AdminEnableUserCommand({ ...user, Username: next.staffId }));
      if (next.enabled && roleChanged({ next, previous })) await signOut(next.staffId);
    } catch (error) {
      if (!(error instanceof UserNotFoundException)) throw error;
      await create(next);
    }
  };

  return {
    async apply(changes) {
      const failed: StaffSignInFailure[] = [];
      await mapConcurrent(changes, concurrency, async (change) => {
        try {
          await applyOne(change);
        } catch (error) {
          failed.push({ staffId: change.next.staffId, reason: error instanceof Error ? error.name : 'unknown error' });
        }
      });
      return { failed };
    },
    async disable(staffId) {
      try {
        await disable(staffId);
      } catch (error) {
        if (!(error instanceof UserNotFoundException)) throw error;
      }
    },
  };
}
