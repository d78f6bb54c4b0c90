import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Aws, Duration, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { ClientAttributes, OAuthScope, UserPoolClient, UserPoolClientIdentityProvider, UserPoolDomain, type IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { ASSET_NAMES } from '../functions/dashboard/assets.js';
import { buildDashboardAssets } from '../functions/dashboard/build.js';
import { ROLE_ATTRIBUTE, STAFF_ID_ATTRIBUTE } from './stateful-stack.js';

// The dashboard page's sign-in: its own app client of the staff user pool (authorization code
// with PKCE, no secret, callback = the page on this API) and the pool's hosted sign-in domain.
// It lives in the stateless stack beside the API whose URL it calls back to, so nothing points
// back from the stateful stack (no cycle); the API's JWT authorizer accepts the client as audience.

export interface DashboardSignInProps {
  /** The staff user pool. */
  readonly userPool: IUserPool;
  /** The HTTP API serving GET /team/dashboard. */
  readonly api: HttpApi;
  /**
   * The API's custom domain name (e.g. `foster.example.com`), when it has one: the callback URL
   * uses it instead of the execute-api URL.
   *
   * @default the execute-api URL of `api`
   */
  readonly apiDomainName?: string;
  /**
   * Prefix of the hosted sign-in domain, `https://<prefix>.auth.<region>.amazoncognito.com`:
   * lower-case letters, digits and hyphens, unique in the region.
   *
   * @default `<stack name in lower case>-<account id>`
   */
  readonly domainPrefix?: string;
}

const PREFIX = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** The app client and hosted domain the dashboard signs in with. */
export class DashboardSignIn extends Construct {
  /** The page's app client (public, code flow with PKCE): an audience the API must accept. */
  public readonly client: UserPoolClient;
  public readonly domain: UserPoolDomain;
  /** `https://<prefix>.auth.<region>.amazoncognito.com`, where the page sends people to sign in. */
  public readonly signInUrl: string;
  /** The page's own URL, registered as the client's callback and sign-out URL. */
  public readonly callbackUrl: string;

  constructor(scope: Construct, id: string, props: DashboardSignInProps) {
    super(scope, id);
    const stack = Stack.of(this);
    if (props.domainPrefix !== undefined && (!PREFIX.test(props.domainPrefix) || /aws|amazon|cognito/.test(props.domainPrefix))) {
      throw new Error(
        `DashboardSignIn: domainPrefix must be lower-case letters, digits and hyphens without "aws", "amazon" or "cognito" (got "${props.domainPrefix}")`,
      );
    }
    if (props.apiDomainName !== undefined && !/^[a-z0-9.-]+$/i.test(props.apiDomainName)) {
      throw new Error(`DashboardSignIn: apiDomainName must be a host name such as foster.example.com (got "${props.apiDomainName}")`);
    }
    const base = props.apiDomainName ? `https://${props.apiDomainName}` : props.api.apiEndpoint;
    this.callbackUrl = `${base}/team/dashboard`;

    // Made here, in the API's stack, not under the pool (addClient), so the pool's stack never refers to this one.
    this.client = new UserPoolClient(this, 'Client', {
      userPool: props.userPool,
      generateSecret: false,
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [this.callbackUrl],
        logoutUrls: [this.callbackUrl],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      // The page sends the ID token: it carries custom:role and custom:staffId, which the handlers scope by.
      readAttributes: new ClientAttributes().withStandardAttributes({ email: true, fullname: true }).withCustomAttributes(ROLE_ATTRIBUTE, STAFF_ID_ATTRIBUTE),
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
    });

    this.domain = new UserPoolDomain(this, 'Domain', {
      userPool: props.userPool,
      cognitoDomain: { domainPrefix: props.domainPrefix ?? `${stack.stackName.toLowerCase().replace(/[^a-z0-9-]/g, '-')}-${Aws.ACCOUNT_ID}` },
    });
    this.signInUrl = this.domain.baseUrl();
  }
}

/**
 * Bundling for the function serving the dashboard: the page's script and style are built here, at
 * synth, with the local esbuild, and copied into the bundle's `dashboard/` folder, where
 * functions/lambda/api-team.ts reads them.
 */
export function dashboardBundling(): Pick<BundlingOptions, 'commandHooks'> {
  const dir = mkdtempSync(join(tmpdir(), 'foster-dashboard-'));
  const assets = buildDashboardAssets();
  for (const name of ASSET_NAMES) writeFileSync(join(dir, name), assets[name]);
  return {
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (_inputDir: string, outputDir: string) => [`mkdir -p "${outputDir}/dashboard"`, `cp "${dir}"/* "${outputDir}/dashboard/"`],
    },
  };
}
