import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';

// Cognito Pre Token Generation (V2) trigger: copies the staff id and role attributes into the
// access token as `custom:staffId` and `custom:role`, the claims the API reads
// (functions/http/http.ts `callerFromEvent`). ID tokens carry them already; with this, a client
// may send either token. A user without the attributes gets neither claim, and the API answers 401.

/** The user attributes the API needs in every token. */
export const STAFF_CLAIMS = ['custom:staffId', 'custom:role'] as const;

/** Adds the staff claims to the access token; everything else Cognito issues stays as it is. */
export async function addStaffClaims(event: PreTokenGenerationV2TriggerEvent): Promise<PreTokenGenerationV2TriggerEvent> {
  const attributes = event.request.userAttributes ?? {};
  const claims = Object.fromEntries(STAFF_CLAIMS.flatMap((name) => (attributes[name] ? [[name, attributes[name]]] : [])));
  const details = event.response.claimsAndScopeOverrideDetails ?? {};
  event.response.claimsAndScopeOverrideDetails = {
    ...details,
    accessTokenGeneration: {
      ...details.accessTokenGeneration,
      claimsToAddOrOverride: { ...details.accessTokenGeneration?.claimsToAddOrOverride, ...claims },
    },
  };
  return event;
}
