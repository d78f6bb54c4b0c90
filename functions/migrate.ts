import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CloudFormationCustomResourceEvent, CloudFormationCustomResourceResponse, Context } from 'aws-lambda';
import type { Logger } from '../lib/adapters/logger.js';
import { migrate } from '../lib/migrations/runner.js';
import type { ScheduleCleanup } from '../lib/ports/scheduler.js';

// The deployment's migrate function: a CloudFormation custom resource whose only property is the
// schema version the deployed code writes (lib/migrations/runner.ts SCHEMA_VERSION), so
// CloudFormation invokes it once per new version (Create, then an Update whenever the version
// moves). It brings the table to that version and answers CloudFormation at the response URL;
// it always answers, before its own timeout, so a deployment never hangs waiting for it.

/** What the stack passes (infra/stateless-stack.ts). */
export interface MigrateProperties {
  readonly SchemaVersion: string;
}

export interface MigrateHandlerOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly logger: Logger;
  /** The deployment's schedules, for a migration that removes some (v6: the per-visit reminders). */
  readonly scheduler?: ScheduleCleanup;
  /** Sends the answer to CloudFormation. @default an HTTPS PUT to the presigned response URL */
  readonly respond?: (url: string, response: CloudFormationCustomResourceResponse) => Promise<void>;
  /** Time kept back to answer before the Lambda times out. @default 10 s */
  readonly answerMarginMs?: number;
  readonly now?: () => Date;
}

/** The PUT CloudFormation expects: JSON, with an empty content type (the URL is a presigned S3 URL). */
export async function respondToCloudFormation(url: string, response: CloudFormationCustomResourceResponse): Promise<void> {
  const res = await fetch(url, { method: 'PUT', headers: { 'content-type': '' }, body: JSON.stringify(response) });
  if (!res.ok) throw new Error(`CloudFormation response refused: HTTP ${res.status}`);
}

export function createMigrateHandler(options: MigrateHandlerOptions) {
  const { client, tableName, logger, scheduler, respond = respondToCloudFormation, answerMarginMs = 10_000, now = () => new Date() } = options;
  return async (event: CloudFormationCustomResourceEvent<MigrateProperties>, context?: Pick<Context, 'getRemainingTimeInMillis'>): Promise<void> => {
    const physicalResourceId = event.RequestType === 'Create' ? `${tableName}-schema` : event.PhysicalResourceId;
    const answer = (status: 'SUCCESS' | 'FAILED', extra: { Reason?: string; Data?: Record<string, unknown> } = {}) =>
      respond(event.ResponseURL, {
        Status: status,
        PhysicalResourceId: physicalResourceId,
        StackId: event.StackId,
        RequestId: event.RequestId,
        LogicalResourceId: event.LogicalResourceId,
        ...(status === 'FAILED' ? { Reason: extra.Reason ?? 'migration failed' } : {}),
        ...(extra.Data ? { Data: extra.Data } : {}),
      } as CloudFormationCustomResourceResponse);

    const work = async (): Promise<{ status: 'SUCCESS' | 'FAILED'; Reason?: string; Data?: Record<string, unknown> }> => {
      // The data outlives the stack: deleting the resource changes nothing.
      if (event.RequestType === 'Delete') return { status: 'SUCCESS' };
      const wanted = Number(event.ResourceProperties.SchemaVersion);
      // A rollback asks for an older version: data is never migrated backwards.
      if (event.RequestType === 'Update' && wanted < Number(event.OldResourceProperties.SchemaVersion)) {
        logger.warn('migration skipped: a rollback asks for an older schema version', { wanted, before: event.OldResourceProperties.SchemaVersion });
        return { status: 'SUCCESS' };
      }
      const { from, to, ran } = await migrate({ client, tableName, logger, now: now(), ...(scheduler ? { scheduler } : {}) });
      logger.info('table migrated', { tableName, from, to, ran });
      return { status: 'SUCCESS', Data: { From: from, To: to, Ran: ran.join(',') } };
    };

    const remaining = context?.getRemainingTimeInMillis?.() ?? Number.POSITIVE_INFINITY;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<{ status: 'FAILED'; Reason: string }>((resolve) => {
      if (Number.isFinite(remaining)) {
        timer = setTimeout(
          () => resolve({ status: 'FAILED', Reason: 'the migration did not finish before the function timed out; it is idempotent: redeploy to resume' }),
          Math.max(0, remaining - answerMarginMs),
        );
      }
    });
    let outcome: { status: 'SUCCESS' | 'FAILED'; Reason?: string; Data?: Record<string, unknown> };
    try {
      outcome = await Promise.race([work(), deadline]);
    } catch (error) {
      logger.error('migration failed', { error });
      outcome = { status: 'FAILED', Reason: error instanceof Error ? error.message : String(error) };
    } finally {
      if (timer) clearTimeout(timer);
    }
    await answer(outcome.status, outcome);
  };
}
