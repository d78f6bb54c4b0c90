import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { createCognitoStaffDirectory } from '../../lib/adapters/cognito/staff-directory.js';
import type { StaffDirectory } from '../../lib/ports/staff-directory.js';
import { directoryEnv } from '../env.js';

/** Staff sign-in in the deployment's Cognito user pool (the admin function only). */
export function directoryFromEnv(env: NodeJS.ProcessEnv): StaffDirectory {
  const e = directoryEnv().parse(env);
  return createCognitoStaffDirectory({ client: new CognitoIdentityProviderClient({}), userPoolId: e.USER_POOL_ID });
}
