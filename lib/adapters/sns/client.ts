import { SNSClient, type SNSClientConfig } from '@aws-sdk/client-sns';
import { SMS_REQUEST_TIMEOUT_SECONDS } from '../../domain/outbox.js';

// The SNS client the outbox publishes with: every request has a timeout well below the outbox
// function's timeout (and so below the claim's staleness), and the SDK does not retry on its own:
// the outbox counts, backs off and retries (lib/domain/outbox.ts), so a retry is never invisible.

export interface SnsClientOptions extends Pick<SNSClientConfig, 'endpoint' | 'region' | 'credentials'> {
  /** @default SMS_REQUEST_TIMEOUT_SECONDS * 1000 */
  readonly requestTimeoutMs?: number;
}

export function createSnsClient({ requestTimeoutMs = SMS_REQUEST_TIMEOUT_SECONDS * 1000, ...config }: SnsClientOptions = {}): SNSClient {
  return new SNSClient({
    ...config,
    maxAttempts: 1,
    // Without throwOnRequestTimeout the handler only logs a warning and keeps waiting.
    requestHandler: { requestTimeout: requestTimeoutMs, connectionTimeout: Math.min(3_000, requestTimeoutMs), throwOnRequestTimeout: true },
  });
}
