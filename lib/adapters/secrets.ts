import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';

// Secrets (the Tencent Cloud API key, the provider callback token) come from AWS Secrets Manager
// through Powertools Parameters, cached for a few minutes per container: one GetSecretValue per
// secret and cold start (and per `maxAgeSeconds`), never a plain environment variable.

export interface SecretReader {
  /** The secret's string. */
  text(name: string): Promise<string>;
  /** The secret's string parsed as JSON. */
  json<T>(name: string): Promise<T>;
}

export interface SecretReaderOptions {
  /** A ready client (tests); by default one with a 3 s request timeout. */
  readonly client?: SecretsManagerClient;
  /** How long a value is reused before it is read again. @default 300 */
  readonly maxAgeSeconds?: number;
}

/**
 * @example
 * const secrets = createSecretReader();
 * const { secretId, secretKey } = await secrets.json<{ secretId: string; secretKey: string }>('foster/tencent-sms');
 */
export function createSecretReader({ client, maxAgeSeconds = 300 }: SecretReaderOptions = {}): SecretReader {
  const provider = new SecretsProvider({
    awsSdkV3Client: client ?? new SecretsManagerClient({ requestHandler: { requestTimeout: 3_000, connectionTimeout: 3_000, throwOnRequestTimeout: true } }),
  });
  const read = async (name: string) => {
    const value = await provider.get(name, { maxAge: maxAgeSeconds });
    if (typeof value !== 'string' || value === '') throw new Error(`secret ${name} has no string value`);
    return value;
  };
  return {
    text: read,
    json: async <T>(name: string) => JSON.parse(await read(name)) as T,
  };
}
