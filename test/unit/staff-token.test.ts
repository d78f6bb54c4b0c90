import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { callerFromEvent, type HttpEvent } from '../../functions/http/http.js';
import { addStaffClaims } from '../../functions/staff-token.js';
import { UnauthorizedError } from '../../lib/domain/errors.js';

// The two token shapes a Cognito staff pool issues, as API Gateway's JWT authorizer hands their
// claims to the Lambda: an ID token (aud, token_use id, custom attributes) and an access token
// (client_id, scope, token_use access), which carries the custom attributes only because the
// pool's Pre Token Generation V2 trigger adds them.

const COGNITO_SUB = '7c1e3a52-5d1b-4a0e-9b6f-0d2b7a7e9f11';
const attributes = { sub: COGNITO_SUB, 'custom:staffId': 'SUP-T06', 'custom:role': 'supervisor', email: 'sup@example.com' };

const idTokenClaims = {
  sub: COGNITO_SUB,
  aud: 'client-1',
  token_use: 'id',
  'cognito:username': 'SUP-T06',
  'custom:staffId': 'SUP-T06',
  'custom:role': 'supervisor',
  email: 'sup@example.com',
  iss: 'https://cognito-idp.ap-east-1.amazonaws.com/pool-1',
};
const accessTokenClaims = {
  sub: COGNITO_SUB,
  client_id: 'client-1',
  token_use: 'access',
  scope: 'aws.cognito.signin.user.admin',
  username: 'SUP-T06',
  iss: 'https://cognito-idp.ap-east-1.amazonaws.com/pool-1',
};

const eventWith = (claims: Record<string, string>) => ({ requestContext: { authorizer: { jwt: { claims, scopes: [] } } } }) as unknown as HttpEvent;

const triggerEvent = (): PreTokenGenerationV2TriggerEvent => ({
  version: '2',
  region: 'ap-east-1',
  userPoolId: 'pool-1',
  triggerSource: 'TokenGeneration_Authentication',
  userName: 'SUP-T06',
  callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'client-1' },
  request: { userAttributes: attributes, groupConfiguration: {}, scopes: ['aws.cognito.signin.user.admin'] },
  response: { claimsAndScopeOverrideDetails: {} },
});

describe('staff tokens', () => {
  it('reads the staff id and role from an ID token', () => {
    expect(callerFromEvent(eventWith(idTokenClaims))).toEqual({ sub: 'SUP-T06', role: 'supervisor' });
  });

  it('reads the same caller from an access token once the trigger added the staff claims', async () => {
    // Arrange
    const out = await addStaffClaims(triggerEvent());
    const added = out.response.claimsAndScopeOverrideDetails.accessTokenGeneration?.claimsToAddOrOverride ?? {};

    // Act
    const caller = callerFromEvent(eventWith({ ...accessTokenClaims, ...added }));

    // Assert
    expect(added).toEqual({ 'custom:staffId': 'SUP-T06', 'custom:role': 'supervisor' });
    expect(caller).toEqual({ sub: 'SUP-T06', role: 'supervisor' });
  });

  it('refuses an access token without the staff claims (401), never taking the Cognito sub for a staff id', () => {
    expect(() => callerFromEvent(eventWith(accessTokenClaims))).toThrow(UnauthorizedError);
  });

  it('adds nothing for a user without the staff attributes, and keeps claims other code added', async () => {
    // Arrange
    const event = triggerEvent();
    event.request.userAttributes = { sub: COGNITO_SUB };
    event.response.claimsAndScopeOverrideDetails = { accessTokenGeneration: { claimsToAddOrOverride: { tenant: 'foster' } } };

    // Act
    const out = await addStaffClaims(event);

    // Assert
    expect(out.response.claimsAndScopeOverrideDetails.accessTokenGeneration?.claimsToAddOrOverride).toEqual({ tenant: 'foster' });
    expect(() => callerFromEvent(eventWith({ ...accessTokenClaims, tenant: 'foster' }))).toThrow(UnauthorizedError);
  });
});
